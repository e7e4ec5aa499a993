//! Corpus claims: one table of every claim with its document, filtered by code (tag path
//! prefix), claimant, type, status, verdict and document and sorted by any column; the
//! overview numbers at corpus level; the code × document and entity × document matrices.
//!
//! The overview aggregates [`crate::project::overview`]: its bar functions run on the claims
//! of all documents together, so a bar means the same at corpus level as in one article.
//!
//! # Example
//! ```
//! use claimlens::corpus::{LoadedCorpus, LoadedDocument, DocumentId};
//! use claimlens::corpus::claims::{claim_rows, code_matrix, ClaimQuery, ClaimSort};
//! use claimlens::document::{BlockKind, ByteSpan, Document};
//! use claimlens::project::{Claim, ClaimId, Code, Codebook, Project, SourceInfo};
//! let doc = |id, tag: &str| {
//!     let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Spending rose 5%.")]), SourceInfo::default());
//!     let mut c = Claim::new(ClaimId(1), p.text(), ByteSpan::new(0, 17), jiff::Timestamp::UNIX_EPOCH);
//!     c.tags = vec![tag.to_owned()];
//!     p.claims.push(c);
//!     LoadedDocument { id: DocumentId(id), title: format!("Doc {id}"), slug: format!("doc-{id}"), project: p }
//! };
//! let codebook = Codebook { name: String::new(), codes: vec![Code { path: "topic".into(), ..Code::default() }] };
//! let corpus = LoadedCorpus { documents: vec![doc(1, "topic/defence"), doc(2, "actor")], codebook, ..LoadedCorpus::default() };
//! let query = ClaimQuery { code: Some("topic".into()), ..ClaimQuery::default() };
//! let rows = claim_rows(&corpus, &query, ClaimSort::default());
//! assert_eq!(rows.len(), 1);
//! assert_eq!(rows[0].document.id, DocumentId(1));
//! let m = code_matrix(&corpus);
//! assert_eq!(m.rows, ["topic", "actor", "topic/defence"]); // codebook codes, then other tags used
//! assert_eq!(m.counts, [[1, 0], [0, 1], [1, 0]]);
//! ```

use std::cmp::Ordering;

use serde::Serialize;

use super::entities::CorpusEntity;
use super::{DocumentId, LoadedCorpus, LoadedDocument};
use crate::project::codebook::is_under;
use crate::project::overview::{self, Bar, BarFilter, Overview, claimant_key};
use crate::project::{Claim, ClaimKind, ClaimStatus, Verdict};

/// One row of the corpus claims table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClaimRow<'a> {
    /// The document the claim is in.
    pub document: &'a LoadedDocument,
    /// The claim.
    pub claim: &'a Claim,
}

/// Which claims the table shows. Every field set must match (an empty query shows all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimQuery {
    /// Claims with a tag at or under this code path ([`is_under`]).
    pub code: Option<String>,
    /// Claims by this claimant ([`claimant_key`]: the canonical entity, else the claimant
    /// text; compared case-insensitively).
    pub claimant: Option<String>,
    /// Claims of this type.
    pub kind: Option<ClaimKind>,
    /// Claims with this status.
    pub status: Option<ClaimStatus>,
    /// Claims with this verdict (`Some(None)`: no verdict yet).
    pub verdict: Option<Option<Verdict>>,
    /// Claims in this document.
    pub document: Option<DocumentId>,
    /// Text in the quote, claimant, note, tags or evidence (case-insensitive).
    pub text: String,
}

impl ClaimQuery {
    /// True if the claim `claim` of document `doc` is shown.
    #[must_use]
    pub fn accepts(&self, doc: DocumentId, claim: &Claim) -> bool {
        self.document.is_none_or(|d| d == doc)
            && self.kind.is_none_or(|k| claim.kind == k)
            && self.status.is_none_or(|s| claim.status == s)
            && self.verdict.is_none_or(|v| claim.verdict == v)
            && self.code.as_deref().is_none_or(|code| claim.tags.iter().any(|t| is_under(t, code)))
            && self.claimant.as_deref().is_none_or(|c| claimant_key(claim).to_lowercase() == c.trim().to_lowercase())
            && claim.matches_text(&self.text.trim().to_lowercase())
    }
}

/// A column of the claims table to sort by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClaimColumn {
    /// Corpus order, then document order (the default).
    #[default]
    Document,
    /// The quote.
    Quote,
    /// The claimant ([`claimant_key`]).
    Claimant,
    /// Type, in menu order.
    Kind,
    /// Status, in menu order.
    Status,
    /// Verdict, in menu order (no verdict last).
    Verdict,
    /// The first tag.
    Code,
    /// Last modified.
    Modified,
}

/// How the table is sorted: a column, and the direction. Ties keep corpus and document order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClaimSort {
    /// The column.
    pub column: ClaimColumn,
    /// Largest first.
    pub descending: bool,
}

/// The rows of the claims table: the claims `query` accepts, sorted by `sort`.
#[must_use]
pub fn claim_rows<'a>(corpus: &'a LoadedCorpus, query: &ClaimQuery, sort: ClaimSort) -> Vec<ClaimRow<'a>> {
    let mut rows: Vec<ClaimRow<'a>> = corpus
        .documents
        .iter()
        .flat_map(|d| d.project.claims.iter().map(move |c| ClaimRow { document: d, claim: c }))
        .filter(|r| query.accepts(r.document.id, r.claim))
        .collect();
    let key = |a: &ClaimRow<'_>, b: &ClaimRow<'_>| -> Ordering {
        let (x, y) = (a.claim, b.claim);
        match sort.column {
            ClaimColumn::Document => Ordering::Equal,
            ClaimColumn::Quote => x.quote.to_lowercase().cmp(&y.quote.to_lowercase()),
            ClaimColumn::Claimant => claimant_key(x).to_lowercase().cmp(&claimant_key(y).to_lowercase()),
            ClaimColumn::Kind => x.kind.cmp(&y.kind),
            ClaimColumn::Status => x.status.cmp(&y.status),
            ClaimColumn::Verdict => match (x.verdict, y.verdict) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            ClaimColumn::Code => x.tags.first().cmp(&y.tags.first()),
            ClaimColumn::Modified => x.modified.cmp(&y.modified),
        }
    };
    // Stable: equal keys keep corpus and document order.
    rows.sort_by(|a, b| if sort.descending { key(b, a) } else { key(a, b) });
    rows
}

/// The overview at corpus level.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CorpusOverview {
    /// Documents in the corpus.
    pub documents: usize,
    /// Words in all documents.
    pub words: usize,
    /// The dashboard's numbers over all claims ([`crate::project::overview::Overview`]); its
    /// entity bars are the corpus entities, whose filter matches claims by their claimant
    /// entity (mentions are per document: see [`CorpusEntity::documents`]).
    pub overview: Overview,
    /// Claims per document, in corpus order (zero counts included).
    pub by_document: Vec<DocumentCount>,
}

/// A count for one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentCount {
    /// The document.
    pub document: DocumentId,
    /// Its title.
    pub title: String,
    /// How many.
    pub count: usize,
}

/// The overview numbers of the whole corpus, with at most `top` bars for claimants, tags and
/// entities (`entities` from [`super::entities::corpus_entities`]).
#[must_use]
pub fn corpus_overview(corpus: &LoadedCorpus, entities: &[CorpusEntity], top: usize) -> CorpusOverview {
    let claims: Vec<Claim> = corpus.documents.iter().flat_map(|d| d.project.claims.iter().cloned()).collect();
    let mut entity_mentions: Vec<Bar> = entities
        .iter()
        .map(|e| Bar {
            label: e.name.clone(),
            count: e.mentions,
            filter: BarFilter::Entity { name: e.name.clone(), mentions: Vec::new() },
        })
        .collect();
    entity_mentions.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    entity_mentions.truncate(top);
    CorpusOverview {
        documents: corpus.documents.len(),
        words: corpus.documents.iter().map(|d| crate::document::words::count_words(d.project.text())).sum(),
        overview: Overview {
            total_claims: claims.len(),
            by_status: overview::by_status(&claims),
            by_verdict: overview::by_verdict(&claims),
            by_kind: overview::by_kind(&claims),
            by_claimant: overview::by_claimant(&claims, top),
            by_tag: overview::by_tag(&claims, top),
            entity_mentions,
        },
        by_document: corpus
            .documents
            .iter()
            .map(|d| DocumentCount { document: d.id, title: d.title.clone(), count: d.project.claims.len() })
            .collect(),
    }
}

/// A table of counts: one row per code or entity, one column per document (corpus order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Matrix {
    /// Row labels.
    pub rows: Vec<String>,
    /// The documents, one per column.
    pub columns: Vec<DocumentId>,
    /// The documents' slugs (column names for exports), one per column.
    pub column_slugs: Vec<String>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<usize>>,
}

/// Code × document: for every code of the corpus codebook (sorted by path), then every other
/// tag used by a claim (sorted), the number of claims in each document tagged with it or with
/// a path under it ([`is_under`]).
#[must_use]
pub fn code_matrix(corpus: &LoadedCorpus) -> Matrix {
    let mut rows: Vec<String> = corpus.codebook.codes.iter().map(|c| c.path.clone()).collect();
    rows.sort();
    let mut extra: Vec<&str> = corpus
        .documents
        .iter()
        .flat_map(|d| d.project.claims.iter().flat_map(|c| c.tags.iter().map(String::as_str)))
        .filter(|t| !rows.iter().any(|r| r == t))
        .collect();
    extra.sort_unstable();
    extra.dedup();
    rows.extend(extra.into_iter().map(str::to_owned));
    let counts = rows
        .iter()
        .map(|code| {
            corpus
                .documents
                .iter()
                .map(|d| d.project.claims.iter().filter(|c| c.tags.iter().any(|t| is_under(t, code))).count())
                .collect()
        })
        .collect();
    Matrix { rows, ..columns(corpus) }.with_counts(counts)
}

/// Entity × document: for every corpus entity (in the order given), its mentions in each
/// document. Row labels are `NAME (LABEL)`.
#[must_use]
pub fn entity_matrix(corpus: &LoadedCorpus, entities: &[CorpusEntity]) -> Matrix {
    let rows = entities.iter().map(|e| format!("{} ({})", e.name, e.label.tag())).collect();
    let counts =
        entities.iter().map(|e| corpus.documents.iter().map(|d| e.mentions_in(d.id).len()).collect()).collect();
    Matrix { rows, ..columns(corpus) }.with_counts(counts)
}

fn columns(corpus: &LoadedCorpus) -> Matrix {
    Matrix {
        rows: Vec::new(),
        columns: corpus.documents.iter().map(|d| d.id).collect(),
        column_slugs: corpus.documents.iter().map(|d| d.slug.clone()).collect(),
        counts: Vec::new(),
    }
}

impl Matrix {
    fn with_counts(mut self, counts: Vec<Vec<usize>>) -> Self {
        self.counts = counts;
        self
    }

    /// The sum of each row.
    #[must_use]
    pub fn row_totals(&self) -> Vec<usize> {
        self.counts.iter().map(|r| r.iter().sum()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, ByteSpan, Document};
    use crate::project::{Code, Codebook, Project, SourceInfo};

    fn claim(text: &str, quote: &str, id: u128) -> Claim {
        let at = text.find(quote).unwrap();
        Claim::new(crate::project::ClaimId(id), text, ByteSpan::new(at, at + quote.len()), jiff::Timestamp::UNIX_EPOCH)
    }

    fn corpus() -> LoadedCorpus {
        let t1 = "Ünal Şahin said spending rose 5%. Prices in 東京 fell.";
        let mut p1 = Project::new(Document::from_blocks([(BlockKind::Paragraph, t1)]), SourceInfo::default());
        let mut a = claim(t1, "spending rose 5%", 1);
        a.claimant = "Ünal Şahin".into();
        a.kind = ClaimKind::Statistical;
        a.tags = vec!["topic/economy/spending".into()];
        a.status = ClaimStatus::Checked;
        a.verdict = Some(Verdict::True);
        let mut b = claim(t1, "Prices in 東京 fell", 2);
        b.tags = vec!["topic/economy".into(), "free".into()];
        p1.claims = vec![a, b];
        let t2 = "Zürich voted; turnout was 45%.";
        let mut p2 = Project::new(Document::from_blocks([(BlockKind::Paragraph, t2)]), SourceInfo::default());
        let mut c = claim(t2, "turnout was 45%", 1);
        c.claimant = "ünal şahin ".into();
        c.tags = vec!["topic/politics".into()];
        c.verdict = Some(Verdict::False);
        p2.claims = vec![c];
        let doc = |id: u64, p| LoadedDocument {
            id: DocumentId(id),
            title: format!("T{id}"),
            slug: format!("t{id}"),
            project: p,
        };
        LoadedCorpus {
            name: "c".into(),
            codebook: Codebook {
                name: "b".into(),
                codes: vec![
                    Code { path: "topic/politics".into(), ..Code::default() },
                    Code { path: "topic/economy".into(), ..Code::default() },
                ],
            },
            documents: vec![doc(1, p1), doc(2, p2)],
        }
    }

    fn ids(rows: &[ClaimRow<'_>]) -> Vec<(u64, u128)> {
        rows.iter().map(|r| (r.document.id.0, r.claim.id.0)).collect()
    }

    #[test]
    fn filters_combine() {
        let c = corpus();
        let all = claim_rows(&c, &ClaimQuery::default(), ClaimSort::default());
        assert_eq!(ids(&all), [(1, 1), (1, 2), (2, 1)]);
        let q = |q: ClaimQuery| ids(&claim_rows(&c, &q, ClaimSort::default()));
        assert_eq!(q(ClaimQuery { code: Some("topic/economy".into()), ..ClaimQuery::default() }), [(1, 1), (1, 2)]);
        assert_eq!(q(ClaimQuery { code: Some("topic/econ".into()), ..ClaimQuery::default() }), []);
        assert_eq!(q(ClaimQuery { claimant: Some("ÜNAL ŞAHIN".into()), ..ClaimQuery::default() }), [(1, 1), (2, 1)]);
        assert_eq!(q(ClaimQuery { verdict: Some(None), ..ClaimQuery::default() }), [(1, 2)]);
        assert_eq!(q(ClaimQuery { document: Some(DocumentId(2)), ..ClaimQuery::default() }), [(2, 1)]);
        assert_eq!(q(ClaimQuery { kind: Some(ClaimKind::Statistical), ..ClaimQuery::default() }), [(1, 1)]);
        assert_eq!(
            q(ClaimQuery { status: Some(ClaimStatus::ToCheck), text: "東京".into(), ..ClaimQuery::default() }),
            [(1, 2)]
        );
    }

    #[test]
    fn sorting_is_stable_in_both_directions() {
        let c = corpus();
        let by = |column, descending| ids(&claim_rows(&c, &ClaimQuery::default(), ClaimSort { column, descending }));
        assert_eq!(by(ClaimColumn::Verdict, false), [(1, 1), (2, 1), (1, 2)]);
        assert_eq!(by(ClaimColumn::Verdict, true), [(1, 2), (2, 1), (1, 1)]);
        assert_eq!(by(ClaimColumn::Quote, false), [(1, 2), (1, 1), (2, 1)]);
        assert_eq!(by(ClaimColumn::Document, true), [(1, 1), (1, 2), (2, 1)]);
    }

    #[test]
    fn overview_aggregates_the_project_overview() {
        let c = corpus();
        let o = corpus_overview(&c, &[], 10);
        assert_eq!((o.documents, o.overview.total_claims), (2, 3));
        let one = crate::project::overview::overview(&c.documents[0].project, 10);
        // Document 1 alone has one checked claim; the corpus too (document 2's is to check).
        let checked = |bars: &[Bar]| bars.iter().find(|b| b.label == "checked").unwrap().count;
        assert_eq!((checked(&one.by_status), checked(&o.overview.by_status)), (1, 1));
        let claimants: Vec<(&str, usize)> =
            o.overview.by_claimant.iter().map(|b| (b.label.as_str(), b.count)).collect();
        assert_eq!(claimants, [("(none)", 1), ("Ünal Şahin", 1), ("ünal şahin", 1)]);
        assert_eq!(o.by_document.iter().map(|d| d.count).collect::<Vec<_>>(), [2, 1]);
    }

    #[test]
    fn code_matrix_counts_claims_under_each_code() {
        let c = corpus();
        let m = code_matrix(&c);
        assert_eq!(m.rows, ["topic/economy", "topic/politics", "free", "topic/economy/spending"]);
        assert_eq!(m.counts, [[2, 0], [0, 1], [1, 0], [1, 0]]);
        assert_eq!(m.column_slugs, ["t1", "t2"]);
        assert_eq!(m.row_totals(), [2, 1, 1, 1]);
    }
}
