//! Agreement between two coders' copies of the same articles: the [`AgreementReport`] that
//! `claimlens agree` prints and the window shows.
//!
//! Three views of the same annotations:
//! - **unitizing** (where are the claims?): Krippendorff's `α_u` on the article text as the
//!   continuum, in code points, per category ([`By`]) and overall. Several documents are laid
//!   end to end on one continuum;
//! - **sentences** (which sentences hold a claim?): each sentence of the article
//!   ([`crate::nlp::sentences`]) is an item, coded 1 for a coder when that coder's claims
//!   cover more than half of its characters; Cohen's κ, Krippendorff's α (nominal) and
//!   percent agreement;
//! - **attributes** (how are the claims both found coded?): claims matched one to one by
//!   overlap ([`super::compare::match_claims`]), then α per field — nominal for type,
//!   verdict, status and who asserts it, ordinal for check-worthiness (its values are ranked:
//!   low < medium < high, so "medium vs high" is a smaller disagreement than "low vs high"),
//!   and nominal presence (0/1) for each code used.
//!
//! Undefined values (a coder with no claims, no variation) come as `value: null` with a
//! `reason`, never as a number.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::TeamError;
use super::compare::match_claims;
use super::stats::{
    Coefficient, Metric, Reading, Unit, UnitizedAlpha, cohen_kappa, krippendorff_alpha, percent_agreement,
    unitized_alpha,
};
use crate::document::offsets::CharIndex;
use crate::project::{Claim, Project, Worthiness};

/// What the categories of the unitizing α are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// One category: "claim" (where the claims are, whatever they are).
    #[default]
    Claim,
    /// The claim's type (statistical, quotation, …).
    Type,
    /// Each tag, as written (a claim with two tags is a unit of each; untagged claims are no
    /// unit).
    Tag,
    /// Each code of the codebooks: a claim is a unit of a code when it carries the code or a
    /// code below it (`topic/defence/spending` counts for `topic` and `topic/defence`).
    Code,
}

impl By {
    /// The command-line name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Claim => "claim",
            Self::Type => "type",
            Self::Tag => "tag",
            Self::Code => "code",
        }
    }

    /// Parse `claim`, `type`, `tag` or `code`.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "claim" | "claims" => Some(Self::Claim),
            "type" | "kind" => Some(Self::Type),
            "tag" | "tags" => Some(Self::Tag),
            "code" | "codes" => Some(Self::Code),
            _ => None,
        }
    }
}

/// Sentence-level reliability.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SentenceAgreement {
    /// Sentences (items).
    pub items: usize,
    /// Sentences coder A coded 1.
    pub coded_a: usize,
    /// Sentences coder B coded 1.
    pub coded_b: usize,
    /// Cohen's κ.
    pub cohen_kappa: Coefficient,
    /// Krippendorff's α, nominal.
    pub krippendorff_alpha: Coefficient,
    /// Share of sentences coded the same.
    pub percent: Coefficient,
}

/// Agreement on one attribute of the matched claims.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttributeAgreement {
    /// How values are compared.
    pub metric: Metric,
    /// Matched claim pairs compared.
    pub items: usize,
    /// Krippendorff's α.
    pub alpha: Coefficient,
    /// Share of pairs with the same value.
    pub percent: Coefficient,
}

/// How many claims each coder made and how they pair up.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UnitCounts {
    /// Claims of coder A.
    pub claims_a: usize,
    /// Claims of coder B.
    pub claims_b: usize,
    /// Pairs matched by overlap.
    pub matched: usize,
    /// Of those, with exactly the same span.
    pub same_span: usize,
    /// Claims only A made (no overlapping claim of B left to match).
    pub only_a: usize,
    /// Claims only B made.
    pub only_b: usize,
    /// Characters covered by A's claims.
    pub chars_a: usize,
    /// Characters covered by B's claims.
    pub chars_b: usize,
}

/// Plain-language readings of the main coefficients, for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Readings {
    /// Of the overall unitizing α.
    pub unitized_alpha: String,
    /// Of the sentence-level α.
    pub sentences: String,
}

/// Everything `claimlens agree` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgreementReport {
    /// The two coders' names, as given.
    pub coders: [String; 2],
    /// Documents compared.
    pub documents: usize,
    /// Length of the continuum (all documents end to end), in code points.
    pub continuum_chars: usize,
    /// The categories of the unitizing α.
    pub by: By,
    /// Krippendorff's `α_u`.
    pub unitized_alpha: UnitizedAlpha,
    /// Sentence-level reliability.
    pub sentences: SentenceAgreement,
    /// Per attribute of the matched claims (`type`, `verdict`, `check_worthiness`, `status`,
    /// `asserted_by`, `code:PATH`).
    pub attributes: BTreeMap<String, AttributeAgreement>,
    /// Claim counts.
    pub units: UnitCounts,
    /// What the numbers mean.
    pub reading: Readings,
}

/// The plain-language reading of an α coefficient.
#[must_use]
pub fn reading(c: &Coefficient) -> String {
    match (c.value, &c.reason) {
        (Some(v), _) => format!("{v:.3}: {}", Reading::of(v).explain()),
        (None, Some(r)) => format!("undefined: {r}"),
        (None, None) => "undefined".to_owned(),
    }
}

fn categories(claim: &Claim, by: By, codes: &BTreeSet<String>) -> Vec<String> {
    match by {
        By::Claim => vec!["claim".to_owned()],
        By::Type => vec![claim.kind.name().to_owned()],
        By::Tag => {
            let mut t = claim.tags.clone();
            t.sort();
            t.dedup();
            t
        }
        By::Code => codes
            .iter()
            .filter(|code| claim.tags.iter().any(|t| t == *code || t.starts_with(&format!("{code}/"))))
            .cloned()
            .collect(),
    }
}

/// Sentence items of one document: 1 where `claims` cover more than half of the sentence's
/// characters (the union of the claims' spans).
fn sentence_codes(text: &str, sentences: &[crate::document::ByteSpan], claims: &[Claim]) -> Vec<bool> {
    sentences
        .iter()
        .map(|s| {
            let covered: usize = {
                let mut spans: Vec<(usize, usize)> = claims
                    .iter()
                    .filter(|c| c.span.overlaps(*s))
                    .map(|c| (c.span.start.max(s.start), c.span.end.min(s.end)))
                    .collect();
                spans.sort_unstable();
                let (mut total, mut reach) = (0, s.start);
                for (a, b) in spans {
                    let a = a.max(reach);
                    if b > a {
                        total += text[a..b].chars().count();
                        reach = b;
                    }
                }
                total
            };
            2 * covered > text[*s].chars().count()
        })
        .collect()
}

fn attribute(pairs: &[(String, String)], metric: Metric, ranks: &[String]) -> AttributeAgreement {
    AttributeAgreement {
        metric,
        items: pairs.len(),
        alpha: krippendorff_alpha(pairs, metric, ranks),
        percent: percent_agreement(pairs),
    }
}

/// Agreement between coder A's and coder B's copies of the same documents: `documents` holds
/// one (A's project, B's project) pair per document, in the order they are laid on the
/// continuum; `coders` names A and B for the report.
///
/// # Errors
/// [`TeamError::DifferentArticles`] if a pair's article texts differ; [`TeamError::Empty`]
/// without documents.
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, ByteSpan, Document};
/// use claimlens::project::{Claim, ClaimId, Project, SourceInfo};
/// use claimlens::team::agreement::{By, agreement};
/// let p = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Tax rose 5%. Jobs fell. Rain.")]), SourceInfo::default());
/// let t = jiff::Timestamp::UNIX_EPOCH;
/// let (mut a, mut b) = (p.clone(), p.clone());
/// a.claims.push(Claim::new(ClaimId::new(), p.text(), ByteSpan::new(0, 12), t));
/// b.claims.push(Claim::new(ClaimId::new(), p.text(), ByteSpan::new(0, 12), t));
/// let r = agreement(&[(&a, &b)], By::Claim, ["ana", "ben"]).unwrap();
/// assert_eq!(r.unitized_alpha.overall.value, Some(1.0));
/// assert_eq!(r.units.same_span, 1);
/// ```
pub fn agreement(
    documents: &[(&Project, &Project)],
    by: By,
    coders: [impl Into<String>; 2],
) -> Result<AgreementReport, TeamError> {
    if documents.is_empty() {
        return Err(TeamError::Empty);
    }
    let mut codes = BTreeSet::new();
    for (a, b) in documents {
        if a.text() != b.text() {
            return Err(TeamError::DifferentArticles);
        }
        codes.extend(a.codebook.codes.iter().chain(&b.codebook.codes).map(|c| c.path.clone()));
    }
    let mut units: [Vec<Unit>; 2] = [Vec::new(), Vec::new()];
    let mut offset = 0;
    let mut sentence_pairs: Vec<(bool, bool)> = Vec::new();
    let mut counts = UnitCounts::default();
    let mut attr: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (a, b) in documents {
        let text = a.text();
        let index = CharIndex::new(text);
        for (k, p) in [*a, *b].into_iter().enumerate() {
            for c in &p.claims {
                let (s, e) = index.to_chars(c.span);
                for cat in categories(c, by, &codes) {
                    units[k].push(Unit { start: offset + s, end: offset + e, category: cat });
                }
            }
        }
        let sentences = crate::nlp::sentences::sentences(text);
        let sa = sentence_codes(text, &sentences, &a.claims);
        let sb = sentence_codes(text, &sentences, &b.claims);
        sentence_pairs.extend(sa.into_iter().zip(sb));

        counts.claims_a += a.claims.len();
        counts.claims_b += b.claims.len();
        counts.chars_a += coverage(text, &a.claims);
        counts.chars_b += coverage(text, &b.claims);
        let matched = match_claims(&a.claims, &b.claims);
        for (ia, ib) in matched {
            match (ia, ib) {
                (Some(i), Some(j)) => {
                    let (ca, cb) = (&a.claims[i], &b.claims[j]);
                    counts.matched += 1;
                    counts.same_span += usize::from(ca.span == cb.span);
                    let mut push = |k: &str, x: String, y: String| attr.entry(k.to_owned()).or_default().push((x, y));
                    push("type", ca.kind.name().to_owned(), cb.kind.name().to_owned());
                    let verdict = |c: &Claim| c.verdict.map_or("not rated", |v| v.name()).to_owned();
                    push("verdict", verdict(ca), verdict(cb));
                    push("check_worthiness", ca.worthiness.name().to_owned(), cb.worthiness.name().to_owned());
                    push("status", ca.status.name().to_owned(), cb.status.name().to_owned());
                    push("asserted_by", ca.asserted_by.name().to_owned(), cb.asserted_by.name().to_owned());
                }
                (Some(_), None) => counts.only_a += 1,
                (None, Some(_)) => counts.only_b += 1,
                (None, None) => {}
            }
        }
        // Code presence on the matched pairs: every tag either coder used on them.
        let pairs: Vec<(&Claim, &Claim)> = match_claims(&a.claims, &b.claims)
            .into_iter()
            .filter_map(|(i, j)| Some((&a.claims[i?], &b.claims[j?])))
            .collect();
        let used: BTreeSet<&String> = pairs.iter().flat_map(|(x, y)| x.tags.iter().chain(&y.tags)).collect();
        for code in used {
            let has = |c: &Claim| u8::from(c.tags.contains(code)).to_string();
            for (x, y) in &pairs {
                attr.entry(format!("code:{code}")).or_default().push((has(x), has(y)));
            }
        }
        offset += index.char_len();
    }
    let [ua, ub] = units;
    let alpha_u = unitized_alpha(offset, &[ua, ub]);
    let ranks: Vec<String> = Worthiness::ALL.iter().map(|w| w.name().to_owned()).collect();
    let attributes = attr
        .into_iter()
        .map(|(k, pairs)| {
            let a = if k == "check_worthiness" {
                attribute(&pairs, Metric::Ordinal, &ranks)
            } else {
                attribute(&pairs, Metric::Nominal, &[])
            };
            (k, a)
        })
        .collect();
    let sentences = SentenceAgreement {
        items: sentence_pairs.len(),
        coded_a: sentence_pairs.iter().filter(|p| p.0).count(),
        coded_b: sentence_pairs.iter().filter(|p| p.1).count(),
        cohen_kappa: cohen_kappa(&sentence_pairs),
        krippendorff_alpha: krippendorff_alpha(&sentence_pairs, Metric::Nominal, &[]),
        percent: percent_agreement(&sentence_pairs),
    };
    let reading =
        Readings { unitized_alpha: reading(&alpha_u.overall), sentences: reading(&sentences.krippendorff_alpha) };
    Ok(AgreementReport {
        coders: coders.map(Into::into),
        documents: documents.len(),
        continuum_chars: offset,
        by,
        unitized_alpha: alpha_u,
        sentences,
        attributes,
        units: counts,
        reading,
    })
}

/// Characters of `text` covered by the union of the claims' spans.
fn coverage(text: &str, claims: &[Claim]) -> usize {
    let mut spans: Vec<(usize, usize)> = claims.iter().map(|c| (c.span.start, c.span.end)).collect();
    spans.sort_unstable();
    let (mut total, mut reach) = (0, 0);
    for (a, b) in spans {
        let a = a.max(reach);
        if b > a {
            total += text[a..b].chars().count();
            reach = b;
        }
    }
    total
}
