//! Automatic entities, the user's corrections to them, and the effective entities shown.

use serde::{Deserialize, Serialize};

use crate::document::ByteSpan;
use crate::nlp::{Entity, EntityLabel};

/// Which mentions a correction applies to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CorrectionTarget {
    /// Exactly this span.
    Mention(ByteSpan),
    /// Every whole-word occurrence of this exact text in the article, now and after
    /// re-analysis.
    AllMentions(String),
}

/// What a correction does to the mentions it targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CorrectionAction {
    /// Not an entity.
    Remove,
    /// An entity of this type (added where the recognizer found none; replaces overlapping
    /// automatic entities).
    SetLabel(EntityLabel),
}

/// One user correction. Corrections are applied in order on top of the automatic entities,
/// so a later one wins, and re-analysis never loses them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityCorrection {
    /// Which mentions.
    pub target: CorrectionTarget,
    /// What to do.
    pub action: CorrectionAction,
}

/// The entity layers of a project.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityLayers {
    /// Name of the recognizer that produced `automatic`.
    #[serde(default)]
    pub recognizer: String,
    /// What the recognizer found, sorted, non-overlapping.
    #[serde(default)]
    pub automatic: Vec<Entity>,
    /// The user's corrections, in the order they were made.
    #[serde(default)]
    pub corrections: Vec<EntityCorrection>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whole-word occurrences of `needle` in `text`.
#[must_use]
pub fn word_occurrences(text: &str, needle: &str) -> Vec<ByteSpan> {
    if needle.is_empty() {
        return Vec::new();
    }
    let starts_word = needle.starts_with(is_word_char);
    let ends_word = needle.ends_with(is_word_char);
    text.match_indices(needle)
        .filter(|(at, _)| {
            let before_ok = !starts_word || !text[..*at].ends_with(is_word_char);
            let after_ok = !ends_word || !text[at + needle.len()..].starts_with(is_word_char);
            before_ok && after_ok
        })
        .map(|(at, _)| ByteSpan::new(at, at + needle.len()))
        .collect()
}

impl EntityLayers {
    /// The entities to show: the automatic ones with every correction applied in order.
    /// Sorted by start and non-overlapping.
    ///
    /// # Example
    /// ```
    /// use claimlens::document::ByteSpan;
    /// use claimlens::nlp::{Entity, EntityLabel};
    /// use claimlens::project::{CorrectionAction, CorrectionTarget, EntityCorrection, EntityLayers};
    /// let text = "Kellogg met Kellogg.";
    /// let layers = EntityLayers {
    ///     recognizer: "test".into(),
    ///     automatic: vec![Entity::new(ByteSpan::new(0, 7), EntityLabel::Org)],
    ///     corrections: vec![EntityCorrection {
    ///         target: CorrectionTarget::AllMentions("Kellogg".into()),
    ///         action: CorrectionAction::SetLabel(EntityLabel::Person),
    ///     }],
    /// };
    /// let eff = layers.effective(text);
    /// assert_eq!(eff.len(), 2);
    /// assert!(eff.iter().all(|e| e.label == EntityLabel::Person));
    /// ```
    #[must_use]
    pub fn effective(&self, text: &str) -> Vec<Entity> {
        let mut out = self.automatic.clone();
        for c in &self.corrections {
            let spans = match &c.target {
                CorrectionTarget::Mention(s) => {
                    if !s.is_empty() && s.end <= text.len() && ByteSpan::checked(text, s.start, s.end).is_some() {
                        vec![*s]
                    } else {
                        Vec::new()
                    }
                }
                CorrectionTarget::AllMentions(t) => word_occurrences(text, t),
            };
            for span in spans {
                match c.action {
                    CorrectionAction::Remove => out.retain(|e| e.span != span),
                    CorrectionAction::SetLabel(label) => {
                        out.retain(|e| !e.span.overlaps(span));
                        out.push(Entity::new(span, label));
                    }
                }
            }
            out.sort();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_apply_in_order_and_survive_new_automatic() {
        let text = "Paris Hilton visited Paris.";
        let mut layers = EntityLayers {
            recognizer: "t".into(),
            automatic: vec![
                Entity::new(ByteSpan::new(0, 5), EntityLabel::Gpe),
                Entity::new(ByteSpan::new(21, 26), EntityLabel::Gpe),
            ],
            corrections: vec![
                EntityCorrection {
                    target: CorrectionTarget::Mention(ByteSpan::new(0, 12)),
                    action: CorrectionAction::SetLabel(EntityLabel::Person),
                },
                EntityCorrection {
                    target: CorrectionTarget::Mention(ByteSpan::new(21, 26)),
                    action: CorrectionAction::Remove,
                },
            ],
        };
        let eff = layers.effective(text);
        assert_eq!(eff, vec![Entity::new(ByteSpan::new(0, 12), EntityLabel::Person)]);
        // Re-analysis replaces the automatic layer; the corrections still hold.
        layers.automatic = vec![Entity::new(ByteSpan::new(21, 26), EntityLabel::Gpe)];
        assert_eq!(layers.effective(text), eff);
    }

    #[test]
    fn whole_words_only() {
        let text = "EU, EUR and the EU’s";
        let occ = word_occurrences(text, "EU");
        assert_eq!(occ.iter().map(|s| s.start).collect::<Vec<_>>(), vec![0, 16]);
    }
}
