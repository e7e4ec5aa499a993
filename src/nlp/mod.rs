//! The language engine: entity recognition and the analysis of a whole document.
//!
//! Depends on [`crate::document`] only. The app runs [`Pipeline::analyze`] on a worker thread;
//! the CLI and tests call it directly.
//!
//! The recognizer ([`ner::NerRecognizer`], returned by [`default_recognizer`]) is built from:
//! [`tokenize`] (tokens with byte spans, word shapes), [`sentences`] (splitting that knows
//! abbreviations), [`rules`] (dates, times, money, percentages, quantities, ordinals,
//! cardinals), [`gazetteer`] (open word lists), [`features`] + [`perceptron`] (an averaged
//! perceptron sequence tagger, trained by [`train`]), and [`consistency`] (one reading of each
//! name per document). [`canonical`] groups the mentions of a document into the things they
//! name, for the Entities panel. The model and word lists are in `assets/ner/` (see its
//! README for sources, licences and how to rebuild them).

pub mod canonical;
pub mod claims;
pub mod consistency;
pub mod features;
pub mod gazetteer;
mod hash;
mod label;
pub mod lexicon;
pub mod model_file;
pub mod ner;
pub mod perceptron;
pub mod quotes;
pub mod rules;
pub mod sentences;
pub mod simple;
pub mod tokenize;
pub mod train;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::document::{ByteSpan, Document};

pub use label::EntityLabel;

/// One entity mention found in a text. Serialised compactly as `(start, end, LABEL)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "(usize, usize, EntityLabel)", try_from = "(usize, usize, EntityLabel)")]
pub struct Entity {
    /// Where the mention is (bytes of the analysed text).
    pub span: ByteSpan,
    /// Its type.
    pub label: EntityLabel,
}

impl Entity {
    /// A mention of type `label` at `span`.
    #[must_use]
    pub const fn new(span: ByteSpan, label: EntityLabel) -> Self {
        Self { span, label }
    }
}

impl From<Entity> for (usize, usize, EntityLabel) {
    fn from(e: Entity) -> Self {
        (e.span.start, e.span.end, e.label)
    }
}

impl TryFrom<(usize, usize, EntityLabel)> for Entity {
    type Error = String;
    fn try_from((start, end, label): (usize, usize, EntityLabel)) -> Result<Self, String> {
        Ok(Self { span: ByteSpan::try_from((start, end))?, label })
    }
}

/// Finds entity mentions in text. The one interface through which the app, the CLI and the
/// evaluation get entities.
pub trait EntityRecognizer: Send + Sync {
    /// A short name for the status bar and logs ("rules", "perceptron v1" …).
    fn name(&self) -> &str;

    /// The entity mentions in `text`: sorted by start, non-overlapping, each span on char
    /// boundaries, trimmed, non-empty.
    fn recognize(&self, text: &str) -> Vec<Entity>;
}

/// The recognizer the app and the CLI use: [`ner::NerRecognizer`] with the embedded model,
/// loaded once per process (later calls are cheap clones of one `Arc`).
#[must_use]
pub fn default_recognizer() -> Arc<dyn EntityRecognizer> {
    ner::NerRecognizer::shared()
}

/// What the engine found in a document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Entity mentions, sorted by start, non-overlapping.
    pub entities: Vec<Entity>,
    /// Name of the recognizer that produced them.
    pub recognizer: String,
    /// The sentences of the text, in order.
    #[serde(default)]
    pub sentences: Vec<ByteSpan>,
    /// Quotations and reported speech with their speakers, sorted by start
    /// ([`quotes::quotations`]).
    #[serde(default)]
    pub quotations: Vec<quotes::Quotation>,
    /// Every body-text sentence of four words or more, scored as a possible claim, in
    /// document order ([`claims::suggest`]); the UI shows those at or above its threshold.
    #[serde(default)]
    pub suggestions: Vec<claims::Suggestion>,
    /// The speaker turns when the text is a transcript ("SPEAKER: …" lines), else empty
    /// ([`claims::context::speaker_turns`]); claims in a turn are proposed as its speaker's.
    #[serde(default)]
    pub speakers: Vec<claims::context::SpeakerTurn>,
}

/// Runs the analysis of a whole document.
#[derive(Clone)]
pub struct Pipeline {
    recognizer: Arc<dyn EntityRecognizer>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").field("recognizer", &self.recognizer.name()).finish()
    }
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::new(default_recognizer())
    }
}

impl Pipeline {
    /// A pipeline around `recognizer`.
    #[must_use]
    pub fn new(recognizer: Arc<dyn EntityRecognizer>) -> Self {
        Self { recognizer }
    }

    /// The recognizer in use.
    #[must_use]
    pub fn recognizer(&self) -> &dyn EntityRecognizer {
        &*self.recognizer
    }

    /// Analyse `doc`. Blocks are separated by blank lines in the canonical text, so the
    /// recognizer sees block boundaries as paragraph breaks.
    ///
    /// # Example
    /// ```
    /// use claimlens::{document::Document, nlp::Pipeline};
    /// let doc = Document::from_blocks([(claimlens::document::BlockKind::Paragraph,
    ///     "Spending rose 5% to $4 billion on Feb. 11, 2025.")]);
    /// let analysis = Pipeline::default().analyze(&doc);
    /// assert!(analysis.entities.iter().any(|e| &doc.text[e.span] == "5%"));
    /// ```
    ///
    /// Besides the entities, finds the sentences, the quotations with their speakers and
    /// scores every body-text sentence for check-worthiness (titles, datelines, bylines,
    /// headings, captions and preformatted blocks are not suggested).
    #[must_use]
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let text = &doc.text;
        let entities = self.recognizer.recognize(text);
        debug_assert!(entities.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        let tokens = tokenize::tokenize(text);
        let sentences: Vec<ByteSpan> = sentences::split(text, &tokens)
            .into_iter()
            .map(|r| ByteSpan::new(tokens[r.start].span.start, tokens[r.end - 1].span.end))
            .collect();
        let quotations = quotes::quotations_with(text, &tokens, &sentences, &entities);
        let candidates: Vec<ByteSpan> = claim_units(&sentences, &quotations)
            .into_iter()
            .filter(|s| suggestable(doc, *s) && word_count(&tokens, *s) >= 4)
            .collect();
        let suggestions =
            claims::suggest_with(&claims::ClaimScorer::shared(), text, &tokens, &candidates, &entities, &quotations);
        let speakers = claims::context::speaker_turns(text);
        Analysis {
            entities,
            recognizer: self.recognizer.name().to_owned(),
            sentences,
            quotations,
            suggestions,
            speakers,
        }
    }
}

/// The units suggested as claims: the sentences, except that a sentence starting inside a
/// direct quotation (the second sentence of `“We will stay. We will fight,” she said.`) is
/// joined to the sentence before it, so that no suggestion starts mid-quotation and an
/// accepted suggestion carries the whole quotation with its speaker.
fn claim_units(sentences: &[ByteSpan], quotations: &[quotes::Quotation]) -> Vec<ByteSpan> {
    // Quoted parts (inside the marks, one per paragraph), sorted by start.
    let mut parts: Vec<ByteSpan> =
        quotations.iter().filter(|q| q.direct).flat_map(|q| q.parts.iter().copied()).collect();
    parts.sort_unstable();
    // furthest[i]: the furthest end among parts[..=i]; `at` is inside a part starting
    // before it exactly when the furthest end of those parts lies beyond it.
    let furthest: Vec<usize> = parts
        .iter()
        .scan(0, |m, p| {
            *m = p.end.max(*m);
            Some(*m)
        })
        .collect();
    let starts_inside = |at: usize| {
        let i = parts.partition_point(|p| p.start < at);
        i > 0 && furthest[i - 1] > at
    };
    let mut units: Vec<ByteSpan> = Vec::with_capacity(sentences.len());
    for &s in sentences {
        match units.last_mut() {
            Some(last) if starts_inside(s.start) && last.end <= s.start => last.end = s.end,
            _ => units.push(s),
        }
    }
    units
}

/// True when the sentence at `s` lies in a block whose sentences may be suggested as claims
/// (body text, quotes, list items, subtitles), or the document has no blocks.
fn suggestable(doc: &Document, s: ByteSpan) -> bool {
    use crate::document::BlockKind;
    if doc.blocks.is_empty() {
        return true;
    }
    let i = doc.blocks.partition_point(|b| b.span.end <= s.start);
    doc.blocks.get(i).is_none_or(|b| {
        matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem | BlockKind::Subtitle)
    })
}

fn word_count(tokens: &[tokenize::Token], s: ByteSpan) -> usize {
    let a = tokens.partition_point(|t| t.span.start < s.start);
    tokens[a..].iter().take_while(|t| t.span.end <= s.end).filter(|t| t.kind != tokenize::TokenKind::Punct).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;

    /// Issue 12: a suggestion never starts mid-quotation; the quotation's speaker and type
    /// come with it, as when the same text is selected by hand.
    #[test]
    fn no_suggestion_starts_inside_a_quotation() {
        let para = "“We will not abandon Ukraine. Europe must spend 5% of its GDP on defence,” Pete Hegseth told allies in Brussels on Wednesday. The meeting ended early.";
        let doc = Document::from_blocks([(BlockKind::Paragraph, para)]);
        let a = Pipeline::default().analyze(&doc);
        let text = &doc.text;
        let quoted: Vec<ByteSpan> =
            a.quotations.iter().filter(|q| q.direct).flat_map(|q| q.parts.iter().copied()).collect();
        assert!(!quoted.is_empty(), "the quotation is found");
        for s in &a.suggestions {
            assert!(
                !quoted.iter().any(|p| p.start < s.span.start && s.span.start < p.end),
                "suggestion starts inside a quotation: {:?}",
                &text[s.span]
            );
        }
        let whole = a.suggestions.iter().find(|s| text[s.span].contains("5% of its GDP")).expect("suggested");
        assert!(text[whole.span].starts_with("“We will not abandon"), "{:?}", &text[whole.span]);
        assert!(text[whole.span].ends_with("on Wednesday."), "{:?}", &text[whole.span]);
        assert!(a.sentences.len() >= 3, "the sentence list itself is unchanged");
    }
}
