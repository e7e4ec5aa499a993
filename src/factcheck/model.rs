//! [`FactCheck`]: one published (or desk-made) verdict on a claim, and its [`Rating`].

use serde::{Deserialize, Serialize};

use crate::project::Verdict;

/// A fact-check: the claim that was checked, who made it, the verdict and who gave it.
/// The [`FactCheck::url`] is its identity in a library.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FactCheck {
    /// The fact-check's page (the key: importing the same URL again replaces the item).
    pub url: String,
    /// The claim as the fact-checker wrote it (`claimReviewed`).
    pub claim: String,
    /// Who made the claim (`itemReviewed.author.name`, the API's `claimant`), if known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub claimant: String,
    /// When the claim was made (`YYYY-MM-DD` when the feed's date parses, else as given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_date: Option<String>,
    /// The verdict.
    #[serde(default)]
    pub rating: Rating,
    /// Who published the fact-check (`author`/`publisher` name).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    /// The publisher's site (`publisher.site` in the API shape, else `author.url`), if given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher_site: String,
    /// When the fact-check was published (`datePublished`, `reviewDate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
    /// The fact-check's headline (`name`/`headline`, the API's `title`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Language code (`inLanguage`, `languageCode`), if given.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Set for the desk's own verdicts ("checked here"): which project and claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_here: Option<CheckedHere>,
}

/// Where a "checked here" item comes from: a claim with a verdict in one of the user's
/// projects.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedHere {
    /// The project file, as the window knows it (absolute path).
    pub project: String,
    /// The claim's id in that project.
    pub claim: crate::project::ClaimId,
}

/// A verdict: the publisher's words and, where it can be told, a number on one scale.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// The rating as published ("False", "Mostly true", "Four Pinocchios").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// 0 (false) … 1 (true): the feed's `ratingValue` normalised by its `worstRating` and
    /// `bestRating` (schema.org's defaults 1 and 5), else mapped from a common textual
    /// rating ([`textual_rating_value`]); `None` when neither tells (for example
    /// "unproven", "satire").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f32>,
}

impl Rating {
    /// A rating from the feed's parts: `value`, `best` and `worst` as given (any may be
    /// missing), and the textual rating. A number outside `worst..=best` (some feeds write
    /// −1 for "not on the scale") is ignored and the text decides.
    ///
    /// # Example
    /// ```
    /// use claimlens::factcheck::Rating;
    /// assert_eq!(Rating::from_parts("Mostly false", Some(2.0), Some(5.0), Some(1.0)).value, Some(0.25));
    /// assert_eq!(Rating::from_parts("Pants on Fire!", None, None, None).value, Some(0.0));
    /// assert_eq!(Rating::from_parts("Unproven", Some(-1.0), None, None).value, None);
    /// ```
    #[must_use]
    pub fn from_parts(text: &str, value: Option<f64>, best: Option<f64>, worst: Option<f64>) -> Self {
        let text = text.trim().to_owned();
        let best = best.unwrap_or(5.0);
        let worst = worst.unwrap_or(1.0);
        let numeric =
            value.filter(|v| best > worst && (worst..=best).contains(v)).map(|v| ((v - worst) / (best - worst)) as f32);
        let value = numeric.or_else(|| textual_rating_value(&text));
        Self { text, value }
    }

    /// The rating of a verdict given here (the same 1–5 scale as the `ClaimReview` export).
    #[must_use]
    pub fn from_verdict(verdict: Verdict) -> Self {
        let value = match verdict {
            Verdict::True => Some(1.0),
            Verdict::MostlyTrue => Some(0.75),
            Verdict::HalfTrue => Some(0.5),
            Verdict::MostlyFalse => Some(0.25),
            Verdict::False => Some(0.0),
            Verdict::Unverifiable => None,
        };
        Self { text: verdict.name().to_owned(), value }
    }
}

/// Common textual ratings (lower case, punctuation removed) and their place on the 0–1
/// scale, in English and a few other languages. Ratings that say nothing about truth
/// ("unproven", "satire", "outdated") are not here.
const TEXTUAL_RATINGS: &[(&str, f32)] = &[
    ("true", 1.0),
    ("correct", 1.0),
    ("accurate", 1.0),
    ("correct attribution", 1.0),
    ("verdadero", 1.0),
    ("verdadeiro", 1.0),
    ("vrai", 1.0),
    ("wahr", 1.0),
    ("richtig", 1.0),
    ("vero", 1.0),
    ("geppetto checkmark", 1.0),
    ("mostly true", 0.75),
    ("mostly correct", 0.75),
    ("mostly accurate", 0.75),
    ("largely true", 0.75),
    ("largely accurate", 0.75),
    ("one pinocchio", 0.75),
    ("mayormente verdadero", 0.75),
    ("half true", 0.5),
    ("halftrue", 0.5),
    ("half truth", 0.5),
    ("mixture", 0.5),
    ("mixed", 0.5),
    ("partly true", 0.5),
    ("partially true", 0.5),
    ("two pinocchios", 0.5),
    ("engañoso", 0.25),
    ("misleading", 0.25),
    ("mostly false", 0.25),
    ("partly false", 0.25),
    ("partially false", 0.25),
    ("largely false", 0.25),
    ("exaggerated", 0.25),
    ("exaggeration", 0.25),
    ("missing context", 0.25),
    ("needs context", 0.25),
    ("three pinocchios", 0.25),
    ("false", 0.0),
    ("incorrect", 0.0),
    ("inaccurate", 0.0),
    ("not true", 0.0),
    ("untrue", 0.0),
    ("wrong", 0.0),
    ("fake", 0.0),
    ("fake news", 0.0),
    ("hoax", 0.0),
    ("scam", 0.0),
    ("fabricated", 0.0),
    ("altered", 0.0),
    ("miscaptioned", 0.0),
    ("misattributed", 0.0),
    ("pants on fire", 0.0),
    ("four pinocchios", 0.0),
    ("falso", 0.0),
    ("faux", 0.0),
    ("falsch", 0.0),
    ("onwaar", 0.0),
];

/// The 0–1 value of a common textual rating ("False" → 0, "Half true" → 0.5), also when
/// the rating goes on with an explanation ("False. The photo shows …"); `None` for ratings
/// that are no truth value or are not known.
#[must_use]
pub fn textual_rating_value(text: &str) -> Option<f32> {
    let norm: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if norm.is_empty() {
        return None;
    }
    if let Some((_, v)) = TEXTUAL_RATINGS.iter().find(|(k, _)| *k == norm) {
        return Some(*v);
    }
    // "False: the quote is fabricated", "Mostly false — …": the longest known rating that
    // starts the text and ends at a word boundary. Only when the original text puts a
    // separator right after it, so "true story of …" is not read as a rating.
    let lower = text.trim().to_lowercase();
    TEXTUAL_RATINGS
        .iter()
        .filter(|(k, _)| norm.starts_with(k) && norm[k.len()..].starts_with(' '))
        .filter(|(k, _)| {
            let words = k.split(' ').count();
            // Position in `lower` just after the rating's words.
            let mut rest = lower.as_str();
            for _ in 0..words {
                rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
                rest = rest.trim_start_matches(char::is_alphanumeric);
            }
            rest.trim_start().starts_with(['.', ':', ';', ',', '—', '–', '-', '!', '('])
        })
        .max_by_key(|(k, _)| k.len())
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textual_ratings_map_to_the_scale() {
        let cases: &[(&str, Option<f32>)] = &[
            ("False", Some(0.0)),
            ("FALSE.", Some(0.0)),
            ("Mostly-True", Some(0.75)),
            ("Half True", Some(0.5)),
            ("Pants on Fire!", Some(0.0)),
            ("Four Pinocchios", Some(0.0)),
            ("Falso", Some(0.0)),
            ("Engañoso", Some(0.25)),
            ("False: the photo was taken in 2015", Some(0.0)),
            ("Mostly false — the numbers are older", Some(0.25)),
            ("true story of a town", None),
            ("Unproven", None),
            ("Satire", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(textual_rating_value(text), *want, "{text:?}");
        }
    }

    #[test]
    fn numeric_ratings_are_normalised() {
        assert_eq!(Rating::from_parts("", Some(1.0), Some(5.0), Some(1.0)).value, Some(0.0));
        assert_eq!(Rating::from_parts("", Some(5.0), None, None).value, Some(1.0));
        assert_eq!(Rating::from_parts("", Some(7.0), Some(10.0), Some(0.0)).value, Some(0.7));
        // Out of range: the text decides.
        assert_eq!(Rating::from_parts("True", Some(-1.0), Some(5.0), Some(1.0)).value, Some(1.0));
        // Degenerate scale.
        assert_eq!(Rating::from_parts("", Some(3.0), Some(3.0), Some(3.0)).value, None);
    }

    #[test]
    fn verdicts_use_the_export_scale() {
        assert_eq!(Rating::from_verdict(Verdict::MostlyFalse).value, Some(0.25));
        assert_eq!(Rating::from_verdict(Verdict::Unverifiable).value, None);
        assert_eq!(Rating::from_verdict(Verdict::True).text, "true");
    }
}
