//! Canonical entities: the mentions of one document grouped by what they refer to.
//!
//! "Hegseth" after "Pete Hegseth" is the same person; "the US", "U.S." and "United States" are
//! one country; "NATO" and "North Atlantic Treaty Organization" one alliance; "Hegseth's" is a
//! mention of Hegseth. Grouping is by a normalised key (no leading "the", no possessive, no
//! periods, case-folded, a small alias table for the commonest country and union names), then
//! single-word person mentions join the one full name they end (or start) with, and
//! acronyms join the organization whose initials they are. Numeric types (dates, money …) are
//! not grouped.
//!
//! The result is deterministic: groups in order of first mention, mentions in text order.
//!
//! # Example
//! ```
//! use claimlens::document::ByteSpan;
//! use claimlens::nlp::{Entity, EntityLabel, canonical::canonical_entities};
//! let text = "Pete Hegseth met U.S. officials. Hegseth's aides said the United States agreed.";
//! let at = |s: &str, nth: usize| {
//!     let start = text.match_indices(s).nth(nth).unwrap().0;
//!     ByteSpan::new(start, start + s.len())
//! };
//! let ents = [
//!     Entity::new(at("Pete Hegseth", 0), EntityLabel::Person),
//!     Entity::new(at("U.S.", 0), EntityLabel::Gpe),
//!     Entity::new(at("Hegseth", 1), EntityLabel::Person),
//!     Entity::new(at("United States", 0), EntityLabel::Gpe),
//! ];
//! let groups = canonical_entities(text, &ents);
//! assert_eq!(groups.len(), 2);
//! assert_eq!(groups[0].name, "Pete Hegseth");
//! assert_eq!(groups[0].mentions.len(), 2);
//! assert_eq!(groups[1].name, "United States");
//! assert_eq!(groups[1].label, EntityLabel::Gpe);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Entity, EntityLabel};
use crate::document::ByteSpan;

/// One thing the document talks about, with every mention of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CanonicalEntity {
    /// Display name: the fullest mention ("Pete Hegseth"), or the alias name ("United States").
    pub name: String,
    /// Its type: the most frequent label of its mentions (ties: the first mention's).
    pub label: EntityLabel,
    /// Its mentions, in text order.
    pub mentions: Vec<ByteSpan>,
}

impl CanonicalEntity {
    /// Number of mentions.
    #[must_use]
    pub fn count(&self) -> usize {
        self.mentions.len()
    }
}

const ALIASES: &[(&str, &[&str])] = &[
    ("United States", &["us", "usa", "united states", "united states of america", "america", "the states"]),
    ("United Kingdom", &["uk", "united kingdom", "britain", "great britain"]),
    ("European Union", &["eu", "european union"]),
    ("United Nations", &["un", "united nations"]),
    ("Soviet Union", &["ussr", "soviet union"]),
    ("United Arab Emirates", &["uae", "united arab emirates"]),
];

/// The surface form of a mention without a leading "the" and a trailing possessive.
#[must_use]
pub fn display_form(mention: &str) -> &str {
    let mut s = mention.trim();
    for det in ["the ", "The ", "THE "] {
        if let Some(rest) = s.strip_prefix(det)
            && !rest.is_empty()
        {
            s = rest;
        }
    }
    for poss in ["'s", "’s", "'", "’"] {
        if let Some(rest) = s.strip_suffix(poss)
            && !rest.is_empty()
        {
            s = rest.trim_end();
            break;
        }
    }
    s
}

/// The grouping key of a mention: [`display_form`], without periods, case-folded, white space
/// collapsed.
#[must_use]
pub fn mention_key(mention: &str) -> String {
    let s = display_form(mention);
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().filter(|c| *c != '.').flat_map(char::to_lowercase));
    }
    out
}

fn alias_of(key: &str) -> Option<&'static str> {
    ALIASES.iter().find(|(_, keys)| keys.contains(&key)).map(|(name, _)| *name)
}

/// Broad family: labels that can name the same thing.
fn family(l: EntityLabel) -> u8 {
    match l {
        EntityLabel::Person => 0,
        EntityLabel::Org => 1,
        EntityLabel::Gpe | EntityLabel::Loc | EntityLabel::Fac => 2,
        EntityLabel::Norp => 3,
        _ => 4,
    }
}

struct Group {
    family: u8,
    key: String,
    alias: Option<&'static str>,
    mentions: Vec<(ByteSpan, EntityLabel)>,
}

/// Group the named `entities` of `text` into canonical entities (see the module docs).
#[must_use]
pub fn canonical_entities(text: &str, entities: &[Entity]) -> Vec<CanonicalEntity> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: BTreeMap<(u8, String), usize> = BTreeMap::new();
    let mut sorted: Vec<&Entity> = entities.iter().filter(|e| !e.label.is_numeric()).collect();
    sorted.sort();
    for e in sorted {
        let Some(surface) = text.get(e.span.range()) else { continue };
        let key = mention_key(surface);
        if key.is_empty() {
            continue;
        }
        let alias = alias_of(&key);
        let fam = if alias.is_some() { 2 } else { family(e.label) };
        let gkey = (fam, alias.map_or_else(|| key.clone(), str::to_lowercase));
        let g = *by_key.entry(gkey).or_insert_with(|| {
            groups.push(Group { family: fam, key: key.clone(), alias, mentions: Vec::new() });
            groups.len() - 1
        });
        groups[g].mentions.push((e.span, e.label));
    }
    // Merge single-word people into the full name they are part of, and acronyms into the
    // organization whose initials they are.
    let mut target: Vec<usize> = (0..groups.len()).collect();
    // Multi-word groups indexed by (family, last word), (family, first word) and, for
    // organizations, their initials: each lookup is then O(1).
    let mut index: BTreeMap<(u8, u8, String), Vec<usize>> = BTreeMap::new();
    for (j, g) in groups.iter().enumerate() {
        let words: Vec<&str> = g.key.split(' ').collect();
        if words.len() < 2 {
            continue;
        }
        if let (Some(first), Some(last)) = (words.first(), words.last()) {
            index.entry((g.family, 0, (*last).to_owned())).or_default().push(j);
            index.entry((g.family, 1, (*first).to_owned())).or_default().push(j);
        }
        if g.family == 1 {
            index.entry((1, 2, initials(&words))).or_default().push(j);
        }
    }
    for (i, g) in groups.iter().enumerate() {
        if g.key.contains(' ') || g.alias.is_some() {
            continue;
        }
        let lookups: &[u8] = match g.family {
            0 => &[0, 1],
            1 => &[2],
            _ => &[],
        };
        // Prefer the surname reading, then the most mentioned full name, then the first.
        let best = lookups
            .iter()
            .flat_map(|&kind| {
                index.get(&(g.family, kind, g.key.clone())).into_iter().flatten().map(move |&j| (kind, j))
            })
            .max_by_key(|&(kind, j)| (kind == 0, groups[j].mentions.len(), usize::MAX - j));
        if let Some((_, j)) = best {
            target[i] = j;
        }
    }
    // Follow chains (a → b → c) to their end.
    for i in 0..target.len() {
        let mut t = target[i];
        let mut steps = 0;
        while target[t] != t && steps < target.len() {
            t = target[t];
            steps += 1;
        }
        target[i] = t;
    }
    let mut merged: BTreeMap<usize, Vec<(ByteSpan, EntityLabel)>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        merged.entry(target[i]).or_default().extend(g.mentions.iter().copied());
    }
    let mut out: Vec<CanonicalEntity> = merged
        .into_iter()
        .map(|(root, mut mentions)| {
            mentions.sort();
            let g = &groups[root];
            let name = if let Some(a) = g.alias {
                a.to_owned()
            } else {
                // The fullest form: most words, then longest, then first.
                let forms = mentions.iter().map(|(s, _)| display_form(&text[*s]));
                forms
                    .enumerate()
                    .max_by_key(|(k, f)| (f.split_whitespace().count(), f.len(), usize::MAX - k))
                    .map(|(_, f)| f.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default()
            };
            let mut counts: Vec<(EntityLabel, usize, usize)> = Vec::new();
            for (k, (_, l)) in mentions.iter().enumerate() {
                match counts.iter_mut().find(|c| c.0 == *l) {
                    Some(c) => c.1 += 1,
                    None => counts.push((*l, 1, k)),
                }
            }
            let label =
                counts.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2))).map_or(EntityLabel::Org, |c| c.0);
            CanonicalEntity { name, label, mentions: mentions.into_iter().map(|(s, _)| s).collect() }
        })
        .collect();
    out.sort_by_key(|c| c.mentions.first().map_or(usize::MAX, |s| s.start));
    out
}

fn initials(words: &[&str]) -> String {
    words
        .iter()
        .filter(|w| !matches!(**w, "of" | "the" | "and" | "for" | "on" | "in" | "&"))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Sort canonical entities by mention count (most first), then name: the Entities panel's
/// "by count" order.
pub fn sort_by_count(entities: &mut [CanonicalEntity]) {
    entities.sort_by(|a, b| b.count().cmp(&a.count()).then_with(|| a.name.cmp(&b.name)));
}

/// Sort canonical entities by name (case-insensitive), then label.
pub fn sort_by_name(entities: &mut [CanonicalEntity]) {
    entities.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.label.cmp(&b.label)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel as L;

    fn ents(text: &str, items: &[(&str, usize, EntityLabel)]) -> Vec<Entity> {
        items
            .iter()
            .map(|(s, nth, l)| {
                let start = text.match_indices(s).nth(*nth).map(|m| m.0).expect("in text");
                Entity::new(ByteSpan::new(start, start + s.len()), *l)
            })
            .collect()
    }

    #[test]
    fn grouping_table() {
        let text = "Volodymyr Zelensky spoke to NATO. Zelensky thanked the North Atlantic Treaty Organization \
                    and the U.S. The US and America agree; Zelensky's aides, Putin and Vladimir Putin too. \
                    Jordan Smith met King Abdullah in Jordan.";
        let e = ents(
            text,
            &[
                ("Volodymyr Zelensky", 0, L::Person),
                ("NATO", 0, L::Org),
                ("Zelensky", 1, L::Person),
                ("North Atlantic Treaty Organization", 0, L::Org),
                ("U.S.", 0, L::Gpe),
                ("US", 0, L::Gpe),
                ("America", 0, L::Gpe),
                ("Zelensky's", 0, L::Person),
                ("Putin", 0, L::Person),
                ("Vladimir Putin", 0, L::Person),
                ("Jordan Smith", 0, L::Person),
                ("Abdullah", 0, L::Person),
                ("Jordan", 1, L::Gpe),
            ],
        );
        let g = canonical_entities(text, &e);
        let summary: Vec<(&str, EntityLabel, usize)> =
            g.iter().map(|c| (c.name.as_str(), c.label, c.count())).collect();
        assert_eq!(
            summary,
            [
                ("Volodymyr Zelensky", L::Person, 3),
                ("North Atlantic Treaty Organization", L::Org, 2),
                ("United States", L::Gpe, 3),
                ("Vladimir Putin", L::Person, 2),
                ("Jordan Smith", L::Person, 1),
                ("Abdullah", L::Person, 1),
                ("Jordan", L::Gpe, 1),
            ]
        );
        let mut by_count = g.clone();
        sort_by_count(&mut by_count);
        assert_eq!(by_count[0].name, "United States");
    }

    #[test]
    fn keys() {
        assert_eq!(mention_key("the U.S."), "us");
        assert_eq!(mention_key("Hegseth’s"), "hegseth");
        assert_eq!(display_form("The Pentagon's"), "Pentagon");
    }
}
