//! [`Claim`] and its field types.

use serde::{Deserialize, Serialize};

use super::ClaimId;
use crate::document::ByteSpan;

/// Declares a field enum with its display names and the list of all values, so the UI and the
/// exports share one table.
macro_rules! field_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in menu order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The name shown to people ("to check", "mostly true").
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// Parse a display name or the serialised variant name (case-insensitive; `-`, `_`
            /// and spaces are interchangeable).
            #[must_use]
            pub fn parse(s: &str) -> Option<Self> {
                let norm = |x: &str| x.to_lowercase().replace(['-', '_', ' ', '/'], "");
                let s = norm(s);
                Self::ALL.iter().copied().find(|v| norm(v.name()) == s || norm(&format!("{v:?}")) == s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

field_enum! {
    /// What kind of assertion a claim is.
    ClaimKind {
        /// Numbers, amounts, rates, rankings.
        Statistical => "statistical",
        /// A direct quotation whose wording or speaker is the claim.
        Quotation => "quotation",
        /// "X said / believes / did Y".
        Attribution => "attribution",
        /// A statement about the future.
        Prediction => "prediction",
        /// "A caused / will cause B".
        Causal => "causal",
        /// More / less / first / largest.
        Comparison => "comparison",
        /// A stated position or policy.
        Position => "position/policy",
        /// Anything else.
        Other => "other",
    }
}

field_enum! {
    /// How much a claim deserves checking.
    Worthiness {
        /// Unlikely to matter.
        Low => "low",
        /// Worth a look.
        Medium => "medium",
        /// Check first.
        High => "high",
    }
}

field_enum! {
    /// Where the checking of a claim stands.
    ClaimStatus {
        /// Not started.
        ToCheck => "to check",
        /// Under way.
        Checking => "checking",
        /// Finished; see the verdict.
        Checked => "checked",
    }
}

field_enum! {
    /// The outcome of checking a claim (a PolitiFact-like scale).
    Verdict {
        /// Accurate, nothing significant missing.
        True => "true",
        /// Accurate but needs clarification.
        MostlyTrue => "mostly true",
        /// Partially accurate, leaves out important details.
        HalfTrue => "half true",
        /// Some truth, ignores critical facts.
        MostlyFalse => "mostly false",
        /// Not accurate.
        False => "false",
        /// Cannot be verified with available evidence.
        Unverifiable => "unverifiable",
    }
}

field_enum! {
    /// Who asserts a claim in the article.
    AssertedBy {
        /// Not recorded.
        Unknown => "unknown",
        /// The article's author, in their own voice.
        Author => "author",
        /// A source the article quotes or paraphrases.
        Source => "quoted source",
    }
}

// The field_enum! macro cannot take `#[default]`, so the impl is written out.
#[allow(clippy::derivable_impls)]
impl Default for AssertedBy {
    fn default() -> Self {
        Self::Unknown
    }
}

field_enum! {
    /// How a claim came to be tagged.
    ClaimOrigin {
        /// Selected by the user.
        Manual => "manual",
        /// Accepted from the check-worthiness suggestions.
        Suggested => "suggested",
        /// Imported from another tool's annotations.
        Imported => "imported",
    }
}

#[allow(clippy::derivable_impls)]
impl Default for ClaimOrigin {
    fn default() -> Self {
        Self::Manual
    }
}

/// A passage of the article tagged as a checkable assertion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Identity.
    pub id: ClaimId,
    /// Where the claim is in the article (bytes of the canonical text).
    pub span: ByteSpan,
    /// The quoted text, `&text[span]` when the claim was made (kept so the claim can be
    /// re-found if the article changes).
    pub quote: String,
    /// Who makes the claim (free text; usually a PERSON or ORG of the article).
    #[serde(default)]
    pub claimant: String,
    /// The canonical entity (its name in the Entities panel) the claimant is, if any.
    #[serde(default)]
    pub claimant_entity: Option<String>,
    /// Whether the author or a quoted source asserts it.
    #[serde(default)]
    pub asserted_by: AssertedBy,
    /// What kind of claim.
    pub kind: ClaimKind,
    /// How much it deserves checking.
    pub worthiness: Worthiness,
    /// Where checking stands.
    pub status: ClaimStatus,
    /// The outcome, once known.
    #[serde(default)]
    pub verdict: Option<Verdict>,
    /// Links to evidence.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Free notes (multi-line).
    #[serde(default)]
    pub note: String,
    /// Tags from the project vocabulary (codebook paths such as `topic/defence/spending`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// How it was tagged.
    #[serde(default)]
    pub origin: ClaimOrigin,
    /// When the claim was tagged.
    pub created: jiff::Timestamp,
    /// The coder who tagged it (empty: not recorded).
    #[serde(default)]
    pub created_by: String,
    /// When any field last changed.
    pub modified: jiff::Timestamp,
    /// The coder who last changed it (empty: not recorded).
    #[serde(default)]
    pub modified_by: String,
}

impl Claim {
    /// A new claim with default fields over `span` of `text`.
    ///
    /// # Panics
    /// If `span` is not a valid span of `text`.
    #[must_use]
    pub fn new(id: ClaimId, text: &str, span: ByteSpan, now: jiff::Timestamp) -> Self {
        Self {
            id,
            span,
            quote: text[span].to_owned(),
            claimant: String::new(),
            claimant_entity: None,
            asserted_by: AssertedBy::Unknown,
            kind: ClaimKind::Other,
            worthiness: Worthiness::Medium,
            status: ClaimStatus::ToCheck,
            verdict: None,
            evidence: Vec::new(),
            note: String::new(),
            tags: Vec::new(),
            origin: ClaimOrigin::Manual,
            created: now,
            created_by: String::new(),
            modified: now,
            modified_by: String::new(),
        }
    }

    /// The order claims are kept and listed in: document order, then id.
    #[must_use]
    pub fn order_key(&self) -> (usize, usize, ClaimId) {
        (self.span.start, self.span.end, self.id)
    }

    /// True if `coder` created the claim or changed it last (names compared without case
    /// and surrounding spaces; an empty name matches claims without a recorded coder).
    #[must_use]
    pub fn is_by(&self, coder: &str) -> bool {
        let coder = coder.trim();
        let same = |who: &str| who.trim().to_lowercase() == coder.to_lowercase();
        same(&self.created_by) || same(&self.modified_by)
    }

    /// True if `needle` (already lower-cased) occurs in the quote, claimant, note or tags.
    #[must_use]
    pub fn matches_text(&self, needle_lower: &str) -> bool {
        needle_lower.is_empty()
            || [&self.quote, &self.claimant, &self.note].iter().any(|s| s.to_lowercase().contains(needle_lower))
            || self.tags.iter().any(|t| t.to_lowercase().contains(needle_lower))
            || self.evidence.iter().any(|t| t.to_lowercase().contains(needle_lower))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_parse_back() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::parse(v.name()), Some(*v));
        }
        assert_eq!(ClaimStatus::parse("to_check"), Some(ClaimStatus::ToCheck));
        assert_eq!(ClaimKind::parse("Position"), Some(ClaimKind::Position));
        assert_eq!(ClaimKind::parse("position/policy"), Some(ClaimKind::Position));
        assert_eq!(Verdict::parse("nonsense"), None);
    }
}
