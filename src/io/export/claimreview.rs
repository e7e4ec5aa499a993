//! schema.org `ClaimReview` JSON-LD for every checked claim (status "checked" with a
//! verdict), in one `@graph`.
//!
//! - `claimReviewed`: the claim's quote;
//! - `itemReviewed`: a `Claim` whose `author` is the claimant (an `Organization` when the
//!   claimant's canonical entity is an ORG/NORP/GPE, else a `Person`), with the article as
//!   its `appearance` (`url`, `headline`, `datePublished` where known);
//! - `reviewRating`: a `Rating` on the scale below, with the verdict's name as
//!   `alternateName` (the field fact-check readers show);
//! - `datePublished`: the day the claim was last modified (UTC). ClaimLens does not know the
//!   review's own page, so `url` is left out; the evidence links are given as `citation` and
//!   the note as `reviewBody`.
//!
//! The rating scale ([`rating_value`]): `bestRating` 5, `worstRating` 1; true 5, mostly true
//! 4, half true 3, mostly false 2, false 1. "Unverifiable" has no place on a truth scale: it
//! gets no `ratingValue`, only its `alternateName`.

use serde_json::{Value, json};

use super::record::ClaimRecord;
use crate::document::offsets::CharIndex;
use crate::nlp::EntityLabel;
use crate::project::{Claim, ClaimStatus, Project, Verdict};

/// The claim fields ([`super::record::FIELDS`] keys) a `ClaimReview` carries: the ones
/// schema.org has a place for (`status` only selects which claims are reviews). The id,
/// offsets, type, check-worthiness, who asserts it, tags, origin and creation time have no
/// `ClaimReview` property; the JSON, CSV, W3C and brat exports keep them.
pub const CARRIED: &[&str] =
    &["quote", "claimant", "claimant_entity", "status", "verdict", "evidence", "note", "modified"];

/// The best rating on the scale.
pub const BEST_RATING: u8 = 5;
/// The worst rating on the scale.
pub const WORST_RATING: u8 = 1;

/// A verdict's value on the 1–5 scale (`None` for unverifiable).
#[must_use]
pub const fn rating_value(verdict: Verdict) -> Option<u8> {
    match verdict {
        Verdict::True => Some(5),
        Verdict::MostlyTrue => Some(4),
        Verdict::HalfTrue => Some(3),
        Verdict::MostlyFalse => Some(2),
        Verdict::False => Some(1),
        Verdict::Unverifiable => None,
    }
}

/// True if `claim` is exported as a review: checked, with a verdict.
#[must_use]
pub fn is_reviewed(claim: &Claim) -> bool {
    claim.status == ClaimStatus::Checked && claim.verdict.is_some()
}

fn author(project: &Project, claim: &ClaimRecord) -> Option<Value> {
    let name = claim.claimant.trim();
    if name.is_empty() {
        return None;
    }
    let entity_label = claim
        .claimant_entity
        .as_deref()
        .and_then(|e| project.entities.canonical(project.text()).into_iter().find(|c| c.name == e).map(|c| c.label));
    let kind = match entity_label {
        Some(EntityLabel::Org | EntityLabel::Norp | EntityLabel::Gpe) => "Organization",
        _ => "Person",
    };
    Some(json!({"@type": kind, "name": name}))
}

/// The `ClaimReview` graph.
#[must_use]
pub fn claim_reviews(project: &Project) -> Value {
    let meta = &project.document.meta;
    let mut appearance = json!({"@type": "CreativeWork"});
    if let Some(url) = meta.url.as_deref().filter(|u| !u.trim().is_empty()) {
        appearance["url"] = json!(url.trim());
    }
    if let Some(title) = project.document.display_title() {
        appearance["headline"] = json!(title);
    }
    if let Some(date) = meta.date.as_deref().filter(|d| !d.trim().is_empty()) {
        appearance["datePublished"] = json!(date.trim());
    }
    if let Some(publisher) = meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        appearance["publisher"] = json!({"@type": "Organization", "name": publisher.trim()});
    }
    let index = CharIndex::new(project.text());
    let reviews: Vec<Value> = project
        .claims
        .iter()
        .filter(|c| is_reviewed(c))
        .map(|c| ClaimRecord::from_claim(c, &index))
        .map(|c| {
            let verdict = c.verdict.expect("is_reviewed checks the verdict");
            let mut rating = json!({
                "@type": "Rating",
                "bestRating": BEST_RATING,
                "worstRating": WORST_RATING,
                "alternateName": verdict.name(),
            });
            if let Some(v) = rating_value(verdict) {
                rating["ratingValue"] = json!(v);
            }
            let mut item = json!({"@type": "Claim", "appearance": appearance});
            if let Some(a) = author(project, &c) {
                item["author"] = a;
            }
            if let Some(date) = meta.date.as_deref().filter(|d| !d.trim().is_empty()) {
                item["datePublished"] = json!(date.trim());
            }
            let mut review = json!({
                "@type": "ClaimReview",
                "claimReviewed": c.quote,
                "itemReviewed": item,
                "reviewRating": rating,
                "datePublished": c.modified.strftime("%Y-%m-%d").to_string(),
            });
            if !c.evidence.is_empty() {
                review["citation"] = json!(c.evidence);
            }
            if !c.note.trim().is_empty() {
                review["reviewBody"] = json!(c.note);
            }
            review
        })
        .collect();
    json!({"@context": "https://schema.org", "@graph": reviews})
}
