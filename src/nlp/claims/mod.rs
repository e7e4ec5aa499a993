//! Check-worthy claim suggestions: which sentences of an article deserve checking.
//!
//! Each sentence gets a check-worthiness score in 0–1 from a logistic-regression model
//! ([`model`]) over sentence features ([`features`]: word n-grams, numbers and units, entity
//! types from the recognizer, comparison / causal / future / hedge / opinion cues). The model
//! is trained by `claimlens train-claims` on the openly licensed ClaimBuster sentences
//! (CC BY 4.0) and embedded from `assets/claims/model.bin.z` (see its README); it is parsed
//! once per process ([`ClaimScorer::shared`]).
//!
//! [`suggest`] scores the sentences of a document and guesses each one's claim type
//! ([`kind::guess_type`]); the UI shows those at or above its threshold (`0.5` is a
//! reasonable default: the model is calibrated on its training data).
//!
//! # Example
//! ```
//! use claimlens::nlp::claims::ClaimScorer;
//! let scorer = ClaimScorer::shared();
//! let stat = scorer.score_text("Unemployment fell to 3.5 percent last year, the lowest rate since 1969.");
//! let chat = scorer.score_text("Thank you very much, it is great to be here tonight.");
//! assert!(stat > 0.5 && chat < 0.5, "{stat} {chat}");
//! ```

pub mod context;
pub mod features;
pub mod kind;
pub mod model;
pub mod words;

use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

use super::quotes::Quotation;
use super::tokenize::{Token, tokenize};
use super::{Entity, EntityRecognizer as _};
use crate::document::ByteSpan;

pub use kind::{ClaimType, guess_type};
pub use model::LinearModel;

static MODEL_BYTES: &[u8] = include_bytes!("../../../assets/claims/model.bin.z");

static SHARED: LazyLock<Arc<ClaimScorer>> =
    LazyLock::new(|| Arc::new(ClaimScorer::new(LinearModel::from_bytes(MODEL_BYTES).unwrap_or_default())));

/// The default threshold from which a sentence is suggested.
pub const DEFAULT_THRESHOLD: f32 = 0.5;

/// Scores sentences with a check-worthiness model. `Send + Sync`; share it with
/// [`ClaimScorer::shared`].
#[derive(Debug, Clone, Default)]
pub struct ClaimScorer {
    model: LinearModel,
}

impl ClaimScorer {
    /// A scorer around `model`.
    #[must_use]
    pub fn new(model: LinearModel) -> Self {
        Self { model }
    }

    /// The scorer with the embedded model, parsed once per process (an empty model, scoring
    /// every sentence 0.5, if the embedded file were damaged; the tests make sure it is not).
    #[must_use]
    pub fn shared() -> Arc<Self> {
        Arc::clone(&SHARED)
    }

    /// Parse the embedded model (for load-time measurements; [`ClaimScorer::shared`] caches it).
    ///
    /// # Errors
    /// If the embedded model is damaged.
    pub fn load_embedded_model() -> Result<LinearModel, String> {
        LinearModel::from_bytes(MODEL_BYTES)
    }

    /// Size of the embedded model file in bytes.
    #[must_use]
    pub fn embedded_model_size() -> usize {
        MODEL_BYTES.len()
    }

    /// The model.
    #[must_use]
    pub fn model(&self) -> &LinearModel {
        &self.model
    }

    /// The score (0–1) of one sentence given its tokens (spans into `text`) and the entity
    /// mentions inside it.
    #[must_use]
    pub fn score_tokens(&self, text: &str, tokens: &[Token], entities: &[Entity]) -> f32 {
        let mut feats = Vec::new();
        features::sentence_features(text, tokens, entities, self.model.config(), &mut feats);
        self.model.probability(&feats)
    }

    /// The score (0–1) of `sentence` on its own: tokenizes it and runs the entity recognizer
    /// on it first. For whole documents use [`suggest`], which reuses the document's analysis.
    #[must_use]
    pub fn score_text(&self, sentence: &str) -> f32 {
        let entities = super::ner::NerRecognizer::shared().recognize(sentence);
        self.score_tokens(sentence, &tokenize(sentence), &entities)
    }
}

/// One sentence scored as a possible claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The sentence (bytes of the document text).
    pub span: ByteSpan,
    /// Check-worthiness, 0–1.
    pub score: f32,
    /// The guessed claim type, to prefill a claim accepted from the suggestion.
    pub kind: ClaimType,
}

/// Score `sentences` of `text` (byte spans, sorted) with the shared model, using the
/// document's `entities` (sorted, as the recognizer returns them) and `quotations` (for the
/// type guess). Returns one [`Suggestion`] per sentence, in document order; the caller keeps
/// those at or above its threshold (see [`above`]). In a transcript ([`context::transcript_context`])
/// the scores include the transcript rules and a sentence that starts a turn is suggested
/// without the speaker's label.
///
/// Linear in the text: a 1 MB article takes a few tens of milliseconds beyond tokenizing.
///
/// # Example
/// ```
/// use claimlens::nlp::{claims, sentences::sentences, EntityRecognizer as _, ner::NerRecognizer};
/// let text = "Hello and welcome. Defense spending rose 12% to $850 billion in 2024, the highest ever.";
/// let entities = NerRecognizer::shared().recognize(text);
/// let sugg = claims::suggest(text, &sentences(text), &entities, &[]);
/// assert_eq!(sugg.len(), 2);
/// assert!(sugg[1].score > sugg[0].score);
/// assert_eq!(sugg[1].kind, claims::ClaimType::Statistical);
/// ```
#[must_use]
pub fn suggest(text: &str, sentences: &[ByteSpan], entities: &[Entity], quotations: &[Quotation]) -> Vec<Suggestion> {
    suggest_with(&ClaimScorer::shared(), text, &tokenize(text), sentences, entities, quotations)
}

/// [`suggest`] with a given scorer and the document's tokens (already computed).
#[must_use]
pub fn suggest_with(
    scorer: &ClaimScorer,
    text: &str,
    tokens: &[Token],
    sentences: &[ByteSpan],
    entities: &[Entity],
    quotations: &[Quotation],
) -> Vec<Suggestion> {
    let mut feats = Vec::new();
    let mut out = Vec::with_capacity(sentences.len());
    for &span in sentences {
        if span.end > text.len() || span.is_empty() {
            continue;
        }
        let a = tokens.partition_point(|t| t.span.start < span.start);
        let b = tokens.partition_point(|t| t.span.end <= span.end);
        let toks = if a < b { &tokens[a..b] } else { &[][..] };
        let ea = entities.partition_point(|e| e.span.start < span.start);
        let eb = entities.partition_point(|e| e.span.start < span.end);
        let ents = if ea < eb { &entities[ea..eb] } else { &[][..] };
        features::sentence_features(text, toks, ents, scorer.model.config(), &mut feats);
        let score = scorer.model.probability(&feats);
        let kind = kind::guess_type_tokens(text, toks, ents, span, quotations);
        out.push(Suggestion { span, score, kind });
    }
    // A transcript ("SPEAKER: …" lines) gets the transcript rules, and a suggestion that
    // starts a turn leaves the speaker's label out (the claimant proposal names the speaker);
    // prose keeps the model score.
    let spans: Vec<ByteSpan> = out.iter().map(|s| s.span).collect();
    if let Some(lines) = context::transcript_context(text, "document", &spans) {
        let scores: Vec<f32> = out.iter().map(|s| s.score).collect();
        for ((s, r), line) in out.iter_mut().zip(context::rerank(&lines, &scores)).zip(&lines) {
            s.score = r;
            // `line.text` is the end of the sentence after any label.
            if !line.text.is_empty() {
                s.span.start = s.span.end - line.text.len();
            }
        }
    }
    out
}

/// The suggestions at or above `threshold`, in document order.
pub fn above(suggestions: &[Suggestion], threshold: f32) -> impl Iterator<Item = &Suggestion> {
    suggestions.iter().filter(move |s| s.score >= threshold)
}
