//! Text search across a corpus: every document searched in parallel (rayon), results listed
//! by document in corpus order, each hit with its span and a snippet of context.
//!
//! The query is a literal by default, matched case-insensitively with Unicode simple case
//! folding as the `regex` crate does it ("zürich" finds "ZÜRICH"; one character to one, so
//! "straße" does not find "STRASSE"); [`SearchOptions::regex`] takes it as a regular expression
//! instead, [`SearchOptions::whole_word`] requires word boundaries on both sides. Spans are
//! byte spans of the document text (convert with
//! [`crate::document::offsets::CharIndex`] for other tools).
//!
//! # Example
//! ```
//! use claimlens::corpus::{LoadedCorpus, LoadedDocument, DocumentId};
//! use claimlens::corpus::search::{search, SearchOptions};
//! use claimlens::document::{BlockKind, Document};
//! use claimlens::project::{Project, SourceInfo};
//! let doc = |id, text| LoadedDocument {
//!     id: DocumentId(id), title: format!("Doc {id}"), slug: format!("doc-{id}"),
//!     project: Project::new(Document::from_blocks([(BlockKind::Paragraph, text)]), SourceInfo::default()),
//! };
//! let corpus = LoadedCorpus { documents: vec![doc(1, "NATO met in Zürich."), doc(2, "zürich again, ZÜRICH.")], ..LoadedCorpus::default() };
//! let found = search(&corpus, "zürich", &SearchOptions::default()).unwrap();
//! assert_eq!(found.total_hits, 3);
//! assert_eq!(found.documents[1].hits[1].text, "ZÜRICH");
//! assert_eq!(found.documents[0].hits[0].before, "NATO met in ");
//! ```

use rayon::prelude::*;
use serde::Serialize;

use super::{DocumentId, LoadedCorpus, LoadedDocument};
use crate::document::ByteSpan;

/// How to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Match case exactly (default: ignore case).
    pub case_sensitive: bool,
    /// Take the query as a regular expression (`regex` crate syntax) instead of a literal.
    pub regex: bool,
    /// Only matches with a word boundary at both ends.
    pub whole_word: bool,
    /// Characters of context on each side of a hit.
    pub context_chars: usize,
    /// Snippets kept per document (hits beyond are counted, not listed).
    pub max_hits_per_document: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self { case_sensitive: false, regex: false, whole_word: false, context_chars: 40, max_hits_per_document: 200 }
    }
}

/// A query that cannot be searched for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The regular expression does not parse (or is too large).
    #[error("not a valid search pattern: {0}")]
    BadPattern(String),
}

/// One hit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    /// Where it is in the document text (bytes).
    pub span: ByteSpan,
    /// Up to [`SearchOptions::context_chars`] characters before it (line breaks as spaces).
    pub before: String,
    /// The matched text as it is in the document.
    pub text: String,
    /// Up to [`SearchOptions::context_chars`] characters after it (line breaks as spaces).
    pub after: String,
}

/// The hits in one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocumentHits {
    /// The document.
    pub document: DocumentId,
    /// Its title.
    pub title: String,
    /// Its slug.
    pub slug: String,
    /// Every hit found in it (may be more than `hits.len()`).
    pub count: usize,
    /// The first hits, in text order (at most [`SearchOptions::max_hits_per_document`]).
    pub hits: Vec<SearchHit>,
}

/// Everything a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SearchResults {
    /// Documents with at least one hit, in corpus order.
    pub documents: Vec<DocumentHits>,
    /// Hits in all documents.
    pub total_hits: usize,
}

/// A compiled query, reusable across searches (the window keeps one while the user steps
/// through hits).
#[derive(Clone, Debug)]
pub struct Query {
    regex: regex::Regex,
    options: SearchOptions,
}

impl Query {
    /// Compile `query` with `options`. `None` for an empty query (which finds nothing).
    ///
    /// # Errors
    /// [`SearchError::BadPattern`] if a regular expression does not parse.
    pub fn new(query: &str, options: &SearchOptions) -> Result<Option<Self>, SearchError> {
        if query.is_empty() {
            return Ok(None);
        }
        let mut pattern = if options.regex { query.to_owned() } else { regex::escape(query) };
        if options.whole_word {
            pattern = format!(r"\b(?:{pattern})\b");
        }
        let regex = regex::RegexBuilder::new(&pattern)
            .case_insensitive(!options.case_sensitive)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| SearchError::BadPattern(e.to_string()))?;
        Ok(Some(Self { regex, options: options.clone() }))
    }

    /// The hits in one document (None if there are none).
    #[must_use]
    pub fn search_document(&self, doc: &LoadedDocument) -> Option<DocumentHits> {
        let text = doc.project.text();
        let mut count = 0;
        let mut hits = Vec::new();
        for m in self.regex.find_iter(text) {
            if m.is_empty() {
                continue;
            }
            count += 1;
            if hits.len() < self.options.max_hits_per_document {
                hits.push(hit(text, ByteSpan::new(m.start(), m.end()), self.options.context_chars));
            }
        }
        (count > 0).then(|| DocumentHits {
            document: doc.id,
            title: doc.title.clone(),
            slug: doc.slug.clone(),
            count,
            hits,
        })
    }

    /// Search every document of `corpus`, in parallel.
    #[must_use]
    pub fn search(&self, corpus: &LoadedCorpus) -> SearchResults {
        let documents: Vec<DocumentHits> =
            corpus.documents.par_iter().filter_map(|d| self.search_document(d)).collect();
        let total_hits = documents.iter().map(|d| d.count).sum();
        SearchResults { documents, total_hits }
    }
}

/// Search `corpus` for `query` (see the module docs).
///
/// # Errors
/// [`SearchError::BadPattern`] if `options.regex` is set and the pattern does not parse.
pub fn search(corpus: &LoadedCorpus, query: &str, options: &SearchOptions) -> Result<SearchResults, SearchError> {
    Ok(Query::new(query, options)?.map(|q| q.search(corpus)).unwrap_or_default())
}

fn hit(text: &str, span: ByteSpan, context: usize) -> SearchHit {
    let start = text[..span.start].char_indices().rev().nth(context.saturating_sub(1)).map_or(0, |(i, _)| i);
    let start = if context == 0 { span.start } else { start };
    let end = text[span.end..].char_indices().nth(context).map_or(text.len(), |(i, _)| span.end + i);
    let flat = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    SearchHit {
        span,
        before: flat(&text[start..span.start]),
        text: text[span].to_owned(),
        after: flat(&text[span.end..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::project::{Project, SourceInfo};

    fn corpus(texts: &[&str]) -> LoadedCorpus {
        LoadedCorpus {
            documents: texts
                .iter()
                .enumerate()
                .map(|(i, t)| LoadedDocument {
                    id: DocumentId(i as u64 + 1),
                    title: format!("T{i}"),
                    slug: format!("t{i}"),
                    project: Project::new(Document::from_blocks([(BlockKind::Paragraph, *t)]), SourceInfo::default()),
                })
                .collect(),
            ..LoadedCorpus::default()
        }
    }

    #[test]
    fn literal_case_insensitive_across_scripts() {
        let c = corpus(&["Ünal Şahin met ÜNAL in 東京 🚀.", "nothing", "ünal again (a+b)"]);
        let r = search(&c, "ünal", &SearchOptions::default()).unwrap();
        assert_eq!(r.total_hits, 3);
        assert_eq!(r.documents.iter().map(|d| d.document.0).collect::<Vec<_>>(), [1, 3]);
        let t = c.documents[0].project.text();
        for h in &r.documents[0].hits {
            assert_eq!(&t[h.span], h.text);
        }
        // Literal by default: regex metacharacters are plain text.
        let r = search(&c, "(a+b)", &SearchOptions::default()).unwrap();
        assert_eq!(r.total_hits, 1);
        let r = search(&c, "東京 🚀", &SearchOptions::default()).unwrap();
        assert_eq!(r.documents[0].hits[0].after, ".");
        let exact = SearchOptions { case_sensitive: true, ..SearchOptions::default() };
        assert_eq!(search(&c, "ünal", &exact).unwrap().total_hits, 1);
    }

    #[test]
    fn regex_whole_word_and_errors() {
        let c = corpus(&["NATO and NATOs; nato."]);
        let ww = SearchOptions { whole_word: true, ..SearchOptions::default() };
        assert_eq!(search(&c, "nato", &ww).unwrap().total_hits, 2);
        let re = SearchOptions { regex: true, ..SearchOptions::default() };
        assert_eq!(search(&c, r"nato\w", &re).unwrap().total_hits, 1);
        assert!(matches!(search(&c, "(", &re), Err(SearchError::BadPattern(_))));
        assert_eq!(search(&c, "", &re).unwrap(), SearchResults::default());
    }

    #[test]
    fn context_is_cut_on_char_boundaries_and_hits_are_capped() {
        let c = corpus(&["ééééé x ééééé\nx x"]);
        let o = SearchOptions { context_chars: 3, max_hits_per_document: 2, ..SearchOptions::default() };
        let r = search(&c, "x", &o).unwrap();
        assert_eq!(r.documents[0].count, 3);
        assert_eq!(r.documents[0].hits.len(), 2);
        let h = &r.documents[0].hits[0];
        assert_eq!((h.before.as_str(), h.after.as_str()), ("éé ", " éé"));
        assert_eq!(r.documents[0].hits[1].before, "éé ");
        assert_eq!(r.documents[0].hits[1].after, " x");
    }
}
