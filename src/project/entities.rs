//! Automatic entities, the user's corrections to them, and the effective entities shown.

use serde::{Deserialize, Serialize};

use crate::document::ByteSpan;
use crate::nlp::canonical::{CanonicalEntity, canonical_entities, display_form, mention_key};
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

/// A user correction to how mentions are grouped into canonical entities (the Entities
/// panel). Applied in order on top of the automatic grouping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupCorrection {
    /// Call the entity now named `entity` `name`.
    Rename {
        /// Current name.
        entity: String,
        /// New name.
        name: String,
    },
    /// Join the entity named `entity` into the one named `into`.
    Merge {
        /// The entity that disappears.
        entity: String,
        /// The entity that receives its mentions.
        into: String,
    },
    /// Take the mentions whose text is `mention` (compared as the grouping key) out of their
    /// entity into an entity of their own.
    Split {
        /// The mention text.
        mention: String,
    },
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
    /// The user's corrections to the grouping of mentions into canonical entities.
    #[serde(default)]
    pub groups: Vec<GroupCorrection>,
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
    ///     groups: Vec::new(),
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

impl EntityLayers {
    /// The canonical entities: the effective entities grouped by what they refer to, with the
    /// user's [`GroupCorrection`]s applied in order. Groups in order of first mention.
    #[must_use]
    pub fn canonical(&self, text: &str) -> Vec<CanonicalEntity> {
        self.canonical_of(text, &self.effective(text))
    }

    /// [`EntityLayers::canonical`] from the effective entities already computed (they are
    /// [`EntityLayers::effective`] of `text`).
    #[must_use]
    pub fn canonical_of(&self, text: &str, effective: &[Entity]) -> Vec<CanonicalEntity> {
        let mut groups = canonical_entities(text, effective);
        for c in &self.groups {
            match c {
                GroupCorrection::Rename { entity, name } => {
                    for g in groups.iter_mut().filter(|g| &g.name == entity) {
                        g.name.clone_from(name);
                    }
                }
                GroupCorrection::Merge { entity, into } => {
                    if entity == into {
                        continue;
                    }
                    let (Some(from), Some(_)) =
                        (groups.iter().position(|g| &g.name == entity), groups.iter().position(|g| &g.name == into))
                    else {
                        continue;
                    };
                    let moved = groups.remove(from);
                    if let Some(target) = groups.iter_mut().find(|g| &g.name == into) {
                        target.mentions.extend(moved.mentions);
                        target.mentions.sort();
                        target.mentions.dedup();
                    }
                }
                GroupCorrection::Split { mention } => {
                    let key = mention_key(mention);
                    let mut taken = Vec::new();
                    for g in &mut groups {
                        if g.mentions.len() < 2 {
                            continue;
                        }
                        let (out, keep): (Vec<ByteSpan>, Vec<ByteSpan>) =
                            g.mentions.iter().partition(|s| mention_key(&text[**s]) == key);
                        if !out.is_empty() && !keep.is_empty() {
                            g.mentions = keep;
                            taken.push((g.label, out));
                        }
                    }
                    for (label, mentions) in taken {
                        let name = display_form(&text[mentions[0]]).to_owned();
                        groups.push(CanonicalEntity { name, label, mentions });
                    }
                }
            }
        }
        groups.sort_by_key(|g| g.mentions.first().map_or(usize::MAX, |s| s.start));
        groups
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
            groups: Vec::new(),
        };
        let eff = layers.effective(text);
        assert_eq!(eff, vec![Entity::new(ByteSpan::new(0, 12), EntityLabel::Person)]);
        // Re-analysis replaces the automatic layer; the corrections still hold.
        layers.automatic = vec![Entity::new(ByteSpan::new(21, 26), EntityLabel::Gpe)];
        assert_eq!(layers.effective(text), eff);
    }

    #[test]
    fn group_corrections_rename_merge_split() {
        let text = "Pete Hegseth met Rubio. Hegseth and Marco Rubio spoke. Sec. Hegseth left.";
        let at = |s: &str, n: usize| {
            let i = text.match_indices(s).nth(n).unwrap().0;
            Entity::new(ByteSpan::new(i, i + s.len()), EntityLabel::Person)
        };
        let mut layers = EntityLayers {
            recognizer: "t".into(),
            automatic: vec![
                at("Pete Hegseth", 0),
                at("Rubio", 0),
                at("Hegseth", 1),
                at("Marco Rubio", 0),
                at("Hegseth", 2),
            ],
            ..EntityLayers::default()
        };
        let names =
            |l: &EntityLayers| l.canonical(text).into_iter().map(|g| (g.name, g.mentions.len())).collect::<Vec<_>>();
        assert_eq!(names(&layers), vec![("Pete Hegseth".into(), 3), ("Marco Rubio".into(), 2)]);
        layers.groups.push(GroupCorrection::Rename { entity: "Pete Hegseth".into(), name: "Secretary Hegseth".into() });
        layers.groups.push(GroupCorrection::Split { mention: "Hegseth".into() });
        assert_eq!(
            names(&layers),
            vec![("Secretary Hegseth".into(), 1), ("Marco Rubio".into(), 2), ("Hegseth".into(), 2)]
        );
        layers.groups.push(GroupCorrection::Merge { entity: "Hegseth".into(), into: "Marco Rubio".into() });
        assert_eq!(names(&layers), vec![("Secretary Hegseth".into(), 1), ("Marco Rubio".into(), 4)]);
    }

    #[test]
    fn whole_words_only() {
        let text = "EU, EUR and the EU’s";
        let occ = word_occurrences(text, "EU");
        assert_eq!(occ.iter().map(|s| s.start).collect::<Vec<_>>(), vec![0, 16]);
    }
}
