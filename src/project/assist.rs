//! Help with tagging claims: the engine's suggestions, quotations and claimant proposals
//! turned into project terms.
//!
//! The engine ([`crate::nlp::claims`], [`crate::nlp::quotes`]) knows nothing of projects; this
//! module converts its [`ClaimType`] and [`Voice`] into [`ClaimKind`] and [`AssertedBy`],
//! prefills a new claim ([`prefill`]), and lists the suggestions a user should see: at or
//! above the project's threshold, not rejected, not already a claim
//! ([`visible_suggestions`], [`next_suggestion`]).
//!
//! # Example
//! ```
//! use claimlens::document::{BlockKind, Document};
//! use claimlens::nlp::Pipeline;
//! use claimlens::project::{Project, SourceInfo, ClaimKind, AssertedBy, assist};
//! let doc = Document::from_blocks([(BlockKind::Paragraph,
//!     "NATO met in Brussels. “Europe must spend 5% of its GDP on defence,” Pete Hegseth said.")]);
//! let mut project = Project::new(doc, SourceInfo::default());
//! let analysis = Pipeline::default().analyze(&project.document);
//! project.set_analysis(analysis.clone());
//! let shown = assist::visible_suggestions(&project, &analysis, 0.5);
//! let top = shown.iter().max_by(|a, b| a.score.total_cmp(&b.score)).unwrap();
//! let fill = assist::prefill(&project, &analysis, top.span);
//! assert_eq!(fill.kind, ClaimKind::Statistical);
//! assert_eq!(fill.claimant_entity.as_deref(), Some("Pete Hegseth"));
//! assert_eq!(fill.asserted_by, AssertedBy::Source);
//! ```

use super::{AssertedBy, ClaimKind, Project};
use crate::document::ByteSpan;
use crate::nlp::claims::{ClaimType, Suggestion, guess_type};
use crate::nlp::quotes::{ClaimantProposal, Voice, propose_claimant_in_turns};
use crate::nlp::{Analysis, Entity};

impl From<ClaimType> for ClaimKind {
    fn from(t: ClaimType) -> Self {
        match t {
            ClaimType::Statistical => Self::Statistical,
            ClaimType::Quotation => Self::Quotation,
            ClaimType::Attribution => Self::Attribution,
            ClaimType::Prediction => Self::Prediction,
            ClaimType::Causal => Self::Causal,
            ClaimType::Comparison => Self::Comparison,
            ClaimType::Position => Self::Position,
            ClaimType::Other => Self::Other,
        }
    }
}

impl From<Voice> for AssertedBy {
    fn from(v: Voice) -> Self {
        match v {
            Voice::Author => Self::Author,
            Voice::Source => Self::Source,
        }
    }
}

/// Guess the kind of the claim at `span` of `text` (statistical, quotation, prediction …;
/// see [`crate::nlp::claims::kind`]). `entities` are the document's mentions, sorted.
#[must_use]
pub fn guess_kind(text: &str, span: ByteSpan, entities: &[Entity]) -> ClaimKind {
    let quotes = crate::nlp::quotes::quotations(text, entities);
    guess_type(text, span, entities, &quotes).into()
}

/// Longest descriptive source (in words) proposed as a claimant.
const MAX_SOURCE_WORDS: usize = 7;

/// The fields of a new claim the engine can fill in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimPrefill {
    /// The guessed kind.
    pub kind: ClaimKind,
    /// The proposed claimant (canonical entity name, else the source as written, else the
    /// byline when the author asserts it, else empty).
    pub claimant: String,
    /// The canonical entity the claimant is, if any.
    pub claimant_entity: Option<String>,
    /// Whether the author or a quoted source asserts it.
    pub asserted_by: AssertedBy,
}

/// Prefill a claim at `span`: its kind, claimant and who asserts it, from `analysis` (the
/// analysis of `project.document`) and the project's effective entities.
#[must_use]
pub fn prefill(project: &Project, analysis: &Analysis, span: ByteSpan) -> ClaimPrefill {
    let text = project.text();
    let entities = project.entities.effective(text);
    let canonical = project.entities.canonical_of(text, &entities);
    prefill_with(project, analysis, span, &entities, &canonical)
}

/// [`prefill`] with the project's effective and canonical entities already computed (the
/// window keeps them), so that tagging a claim on a long article does not find them again.
#[must_use]
pub fn prefill_with(
    project: &Project,
    analysis: &Analysis,
    span: ByteSpan,
    entities: &[Entity],
    canonical: &[crate::nlp::canonical::CanonicalEntity],
) -> ClaimPrefill {
    let text = project.text();
    let kind = guess_type(text, span, entities, &analysis.quotations).into();
    let p = propose_claimant_in_turns(text, span, &analysis.quotations, &analysis.speakers, canonical);
    let asserted_by = AssertedBy::from(p.voice);
    // A descriptive source is a short noun phrase ("one NATO official", "a source familiar
    // with the matter"); a longer proposal not linked to an entity is a misparse, and an
    // empty field is better than a wrong one.
    let p = if p.canonical.is_none() && p.claimant.split_whitespace().count() > MAX_SOURCE_WORDS {
        ClaimantProposal { claimant: String::new(), ..p }
    } else {
        p
    };
    let claimant = if p.claimant.is_empty() && asserted_by == AssertedBy::Author {
        project.document.meta.byline.clone().unwrap_or_default()
    } else {
        p.claimant
    };
    ClaimPrefill { kind, claimant, claimant_entity: p.canonical, asserted_by }
}

/// True when the user rejected the suggestion at `span` (rejections are kept by sentence
/// text, so they survive re-analysis and article versions).
#[must_use]
pub fn is_rejected(project: &Project, span: ByteSpan) -> bool {
    let rejected = &project.rejected_suggestions;
    project.text().get(span.range()).is_some_and(|s| {
        // Kept sorted by the edits that change it; a hand-edited file may not be.
        rejected.binary_search_by(|r| r.as_str().cmp(s)).is_ok()
            || !rejected.is_sorted() && rejected.iter().any(|r| r == s)
    })
}

/// The suggestions to show: score at or above `threshold` (0–1;
/// [`crate::nlp::claims::DEFAULT_THRESHOLD`] unless the user chose another), not rejected,
/// not overlapping an existing claim. In document order. Changing the threshold needs no
/// re-analysis: call this again.
#[must_use]
pub fn visible_suggestions<'a>(project: &Project, analysis: &'a Analysis, threshold: f32) -> Vec<&'a Suggestion> {
    let t = threshold;
    // Claim spans by start with the furthest end so far: a sentence overlaps a claim exactly
    // when some claim starting before the sentence ends reaches past its start. O(log n) per
    // sentence, so that a project with thousands of claims stays quick to refresh.
    let mut spans: Vec<ByteSpan> = project.claims.iter().map(|c| c.span).filter(|s| !s.is_empty()).collect();
    spans.sort_unstable();
    let furthest: Vec<usize> = spans
        .iter()
        .scan(0, |m, s| {
            *m = s.end.max(*m);
            Some(*m)
        })
        .collect();
    let overlaps_claim = |s: ByteSpan| {
        let i = spans.partition_point(|c| c.start < s.end);
        !s.is_empty() && i > 0 && furthest[i - 1] > s.start
    };
    analysis
        .suggestions
        .iter()
        .filter(|s| s.score >= t)
        .filter(|s| !is_rejected(project, s.span))
        .filter(|s| !overlaps_claim(s.span))
        .collect()
}

/// The first visible suggestion starting after byte `after` (wrapping around to the first),
/// for the "next suggestion" key.
#[must_use]
pub fn next_suggestion<'a>(
    project: &Project,
    analysis: &'a Analysis,
    threshold: f32,
    after: Option<usize>,
) -> Option<&'a Suggestion> {
    let shown = visible_suggestions(project, analysis, threshold);
    match after {
        Some(a) => shown.iter().find(|s| s.span.start > a).or_else(|| shown.first()).copied(),
        None => shown.first().copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::nlp::Pipeline;
    use crate::project::{Claim, ClaimId, SourceInfo};

    fn project(text: &str) -> (Project, Analysis) {
        let doc = Document::from_blocks([(BlockKind::Paragraph, text)]);
        let mut p = Project::new(doc, SourceInfo::default());
        let a = Pipeline::default().analyze(&p.document);
        p.set_analysis(a.clone());
        (p, a)
    }

    #[test]
    fn conversions_cover_every_value() {
        for t in [
            ClaimType::Statistical,
            ClaimType::Quotation,
            ClaimType::Attribution,
            ClaimType::Prediction,
            ClaimType::Causal,
            ClaimType::Comparison,
            ClaimType::Position,
            ClaimType::Other,
        ] {
            assert_eq!(format!("{t:?}"), format!("{:?}", ClaimKind::from(t)));
        }
        assert_eq!(AssertedBy::from(Voice::Author), AssertedBy::Author);
    }

    #[test]
    fn rejected_and_claimed_sentences_are_hidden() {
        let (mut p, a) = project(
            "Unemployment fell to 3.5 percent in 2019, the lowest rate in 50 years. \
             Defense spending rose 12% to $850 billion last year.",
        );
        assert_eq!(visible_suggestions(&p, &a, 0.0).len(), 2);
        let first = a.suggestions[0].span;
        p.rejected_suggestions.push(p.text()[first].to_owned());
        assert_eq!(visible_suggestions(&p, &a, 0.0).len(), 1);
        let second = a.suggestions[1].span;
        let claim = Claim::new(ClaimId(1), p.text(), second, jiff::Timestamp::UNIX_EPOCH);
        p.claims.push(claim);
        assert!(visible_suggestions(&p, &a, 0.0).is_empty());
        p.claims.clear();
        p.rejected_suggestions.clear();
        assert!(visible_suggestions(&p, &a, 1.01).is_empty());
    }

    #[test]
    fn next_wraps_around() {
        let (p, a) = project("Taxes rose 5% in 2024. Exports fell 7% in 2023. Imports rose 2% in 2022.");
        let n1 = next_suggestion(&p, &a, 0.0, None).unwrap().span;
        let n2 = next_suggestion(&p, &a, 0.0, Some(n1.start)).unwrap().span;
        assert!(n2.start > n1.start);
        let last = a.suggestions.last().unwrap().span;
        assert_eq!(next_suggestion(&p, &a, 0.0, Some(last.start)).unwrap().span, n1);
    }

    /// Issue 12: accepting a suggestion that starts a multi-sentence quotation proposes the
    /// same claimant, voice and type as tagging the whole quotation by hand.
    #[test]
    fn accepted_quotation_suggestion_matches_hand_tagging() {
        let text = "NATO ministers met in Brussels. “We will not abandon Ukraine. Europe must spend 5% of its GDP on defence,” Pete Hegseth told allies on Wednesday. The meeting ended early.";
        let (p, a) = project(text);
        let sugg = a.suggestions.iter().find(|s| text[s.span].contains("5% of its GDP")).expect("suggested");
        assert!(text[sugg.span].starts_with('“'), "{:?}", &text[sugg.span]);
        // The same text dragged over by hand, snapped to words as the app does.
        let start = text.find('“').unwrap();
        let end = text.find("Wednesday.").unwrap() + "Wednesday.".len();
        let by_hand = crate::document::words::snap_to_words(text, ByteSpan::new(start, end));
        assert_eq!(by_hand, sugg.span);
        let fill = prefill(&p, &a, sugg.span);
        assert_eq!(fill, prefill(&p, &a, by_hand));
        assert_eq!(fill.claimant_entity.as_deref(), Some("Pete Hegseth"), "{fill:?}");
        assert_eq!(fill.asserted_by, AssertedBy::Source);
        assert_eq!(fill.kind, ClaimKind::Statistical);
    }

    #[test]
    fn author_claims_take_the_byline() {
        let (mut p, a) = project("The bridge collapsed because of corrosion, engineers found in 2020. It rained.");
        p.document.meta.byline = Some("Jane Roe".into());
        let it_rained = ByteSpan::new(p.text().len() - 10, p.text().len());
        let fill = prefill(&p, &a, it_rained);
        assert_eq!(fill.asserted_by, AssertedBy::Author);
        assert_eq!(fill.claimant, "Jane Roe");
    }

    #[test]
    fn transcript_claims_are_the_speakers() {
        let text = "MORALES: Welcome to the debate, Governor Lund and Mayor Okafor.\nLUND: We cut property taxes by 12 percent.\nMORALES: Mayor Okafor, your answer.\nOKAFOR: Governor Lund raised fees by 300 dollars.\nMORALES: Thank you both.\n";
        let (p, a) = project(text);
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            ByteSpan::new(start, start + s.len())
        };
        let sugg: Vec<&str> = a.suggestions.iter().map(|s| &text[s.span]).collect();
        assert!(sugg.contains(&"We cut property taxes by 12 percent."), "labels are left out: {sugg:?}");
        let fill = prefill(&p, &a, at("We cut property taxes by 12 percent."));
        assert_eq!(fill.asserted_by, AssertedBy::Source);
        assert_eq!((fill.claimant.as_str(), fill.claimant_entity.as_deref()), ("Lund", Some("Lund")));
        let fill = prefill(&p, &a, at("Governor Lund raised fees by 300 dollars."));
        assert!(fill.claimant.eq_ignore_ascii_case("Okafor"), "{fill:?}");
        assert_eq!(fill.asserted_by, AssertedBy::Source);
    }
}
