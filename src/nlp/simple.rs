//! A small rule-based recognizer: numbers, money, percentages and dates by pattern, and
//! capitalised word sequences typed by their shape and context.
//!
//! It is the fallback behind [`super::EntityRecognizer`] until a trained model is available,
//! and a baseline to measure the model against. No names are listed anywhere in it.

use std::sync::LazyLock;

use regex::Regex;

use super::{Entity, EntityLabel, EntityRecognizer};
use crate::document::ByteSpan;

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

static NUMERIC: LazyLock<Vec<(EntityLabel, Regex)>> = LazyLock::new(|| {
    let num = r"\d+(?:[.,]\d+)*";
    let scale = r"(?:\s?(?:thousand|million|billion|trillion|[mb]n|[MBK]\b))?";
    let rules = [
        (
            EntityLabel::Money,
            format!(r"(?:[$€£¥]|US\$|USD ?|EUR ?)\s?{num}{scale}|\b{num}{scale} (?:dollars|euros|pounds|yen)\b"),
        ),
        (EntityLabel::Percent, format!(r"\b{num}(?:\s?%| percent\b| per cent\b| percentage points?\b)")),
        (
            EntityLabel::Date,
            format!(
                r"\b(?:(?:{WEEKDAYS}),? )?(?:{MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?(?:, \d{{4}})?|\b\d{{1,2}} (?:{MONTHS})(?: \d{{4}})?|\b(?:{MONTHS}) \d{{4}}\b|\b(?:{WEEKDAYS})\b|\b(?:19|20)\d\d\b|\b(?:last|next|this) (?:week|month|year)\b|\b(?:yesterday|today|tomorrow)\b"
            ),
        ),
        (EntityLabel::Time, r"\b\d{1,2}(?::\d\d)? ?(?:[ap]\.m\.|[AP]M)\b".to_owned()),
        (EntityLabel::Ordinal, r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth)\b".to_owned()),
        (EntityLabel::Cardinal, format!(r"\b{num}\b")),
    ];
    rules.into_iter().map(|(l, r)| (l, Regex::new(&r).expect("valid pattern"))).collect()
});

static CAPITALISED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[A-Z][\p{L}'’.-]*|of|the|and|de|van|von)(?:\s+(?:[A-Z][\p{L}'’.-]*|of|the|and|de|van|von))*")
        .expect("valid pattern")
});

const ORG_WORDS: &[&str] = &[
    "Inc",
    "Inc.",
    "Corp",
    "Corp.",
    "Company",
    "Party",
    "Ministry",
    "Department",
    "Council",
    "Group",
    "Agency",
    "Union",
    "Committee",
    "Bank",
    "University",
    "Association",
    "Organization",
    "Organisation",
    "Office",
    "Court",
    "Reserve",
    "Command",
    "Forces",
    "Army",
    "Navy",
    "Force",
    "News",
    "Times",
    "Post",
    "Institute",
    "Commission",
    "Board",
];
const PLACE_CUES: &[&str] = &["in", "at", "from", "to", "near", "across"];

/// The rule-based recognizer. See the module docs.
#[derive(Debug, Default)]
pub struct SimpleRecognizer;

impl SimpleRecognizer {
    /// A new recognizer (the patterns are compiled once per process).
    #[must_use]
    pub fn new() -> Self {
        Self
    }
}

fn push_if_free(found: &mut Vec<Entity>, taken: &mut Vec<ByteSpan>, span: ByteSpan, label: EntityLabel) {
    if span.is_empty() || taken.iter().any(|t| t.overlaps(span)) {
        return;
    }
    taken.push(span);
    found.push(Entity::new(span, label));
}

fn sentence_initial(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '"', '“', '‘', '\'', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':'])
}

impl EntityRecognizer for SimpleRecognizer {
    fn name(&self) -> &str {
        "rules"
    }

    fn recognize(&self, text: &str) -> Vec<Entity> {
        let mut found = Vec::new();
        let mut taken: Vec<ByteSpan> = Vec::new();
        for (label, re) in NUMERIC.iter() {
            for m in re.find_iter(text) {
                push_if_free(&mut found, &mut taken, ByteSpan::new(m.start(), m.end()), *label);
            }
        }
        for m in CAPITALISED.find_iter(text) {
            // Drop lowercase connectors and trailing punctuation at the edges.
            let s = m.as_str();
            let words: Vec<(usize, &str)> =
                s.split_whitespace().map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w)).collect();
            let Some(first) = words.iter().position(|(_, w)| w.starts_with(char::is_uppercase)) else { continue };
            let Some(last) = words.iter().rposition(|(_, w)| w.starts_with(char::is_uppercase)) else { continue };
            let start = m.start() + words[first].0;
            let last_word = words[last].1.trim_end_matches(['.', '\'', '’', '-']);
            let end = m.start() + words[last].0 + last_word.len();
            if end <= start {
                continue;
            }
            let span = ByteSpan::new(start, end);
            let n_words = last - first + 1;
            let phrase = &text[span];
            let initial = sentence_initial(text, start);
            if initial && n_words == 1 {
                continue; // "The", "But", "Notably": too ambiguous at a sentence start.
            }
            let prev_word = text[..start].split_whitespace().next_back().unwrap_or("");
            let label =
                if phrase.len() >= 2 && phrase.len() <= 6 && phrase.chars().all(|c| c.is_ascii_uppercase() || c == '.')
                    || phrase.split_whitespace().any(|w| ORG_WORDS.contains(&w))
                {
                    EntityLabel::Org
                } else if PLACE_CUES.contains(&prev_word) {
                    EntityLabel::Gpe
                } else if (2..=3).contains(&n_words) {
                    EntityLabel::Person
                } else if n_words == 1 && phrase.ends_with("an") || phrase.ends_with("ish") {
                    EntityLabel::Norp
                } else {
                    continue;
                };
            push_if_free(&mut found, &mut taken, span, label);
        }
        found.sort();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<(&str, EntityLabel)> {
        SimpleRecognizer::new().recognize(text).into_iter().map(|e| (&text[e.span], e.label)).collect()
    }

    #[test]
    fn numbers_and_names() {
        let got = labels("On Feb. 11, 2025, defense officials said Pete Hegseth asked NATO for 5% and $4 billion.");
        assert!(got.contains(&("Feb. 11, 2025", EntityLabel::Date)), "{got:?}");
        assert!(got.contains(&("Pete Hegseth", EntityLabel::Person)), "{got:?}");
        assert!(got.contains(&("NATO", EntityLabel::Org)), "{got:?}");
        assert!(got.contains(&("5%", EntityLabel::Percent)), "{got:?}");
        assert!(got.contains(&("$4 billion", EntityLabel::Money)), "{got:?}");
    }

    #[test]
    fn output_is_sorted_disjoint_and_on_boundaries() {
        let text = "Zürich’s Øresund — 3 000 ‰ “Ünal Şahin” met in Gdańsk on 3 May 2020.";
        let ents = SimpleRecognizer::new().recognize(text);
        for w in ents.windows(2) {
            assert!(w[0].span.end <= w[1].span.start);
        }
        for e in ents {
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            assert_eq!(e.span.trim(text), e.span);
        }
    }
}
