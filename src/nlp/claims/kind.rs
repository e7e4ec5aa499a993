//! Guessing the type of a claim from its text: statistical, quotation, prediction, causal,
//! comparison, position/policy, attribution or other.
//!
//! The first rule that applies wins, in this order:
//!
//! 1. **statistical**: an amount, a percentage, a quantity, a count, or a number with a unit
//!    (a year or a date alone is not a statistic);
//! 2. **quotation**: most of the claim lies inside a quotation;
//! 3. **prediction**: future tense or an expectation ("will", "expected to", "plans to",
//!    "next year");
//! 4. **causal**: "because", "led to", "due to", "blamed";
//! 5. **comparison**: "more than", "-er than", superlatives, "record", "doubled";
//! 6. **position/policy**: "supports", "opposes", "calls for", "should", "must";
//! 7. **attribution**: a reporting verb or "according to" ("X said Y");
//! 8. **other**.
//!
//! The project's `ClaimKind` mirrors [`ClaimType`] (`crate::project::assist` converts).

use serde::{Deserialize, Serialize};

use super::features::{Cues, normalize_token};
use super::words;
use crate::document::ByteSpan;
use crate::nlp::quotes::Quotation;
use crate::nlp::tokenize::{Token, TokenKind, tokenize};
use crate::nlp::{Entity, EntityLabel};

/// The type of a claim (the engine's copy of the project's `ClaimKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ClaimType {
    /// Numbers, amounts, rates, rankings.
    Statistical,
    /// A direct quotation whose wording or speaker is the claim.
    Quotation,
    /// "X said / believes / did Y".
    Attribution,
    /// A statement about the future.
    Prediction,
    /// "A caused / will cause B".
    Causal,
    /// More / less / first / largest.
    Comparison,
    /// A stated position or policy.
    Position,
    /// Anything else.
    Other,
}

/// Guess the type of the claim at `span` of `text`, given the document's entities (sorted)
/// and quotations.
///
/// # Example
/// ```
/// use claimlens::document::ByteSpan;
/// use claimlens::nlp::claims::{ClaimType, guess_type};
/// let text = "Inflation is expected to ease next year.";
/// assert_eq!(guess_type(text, ByteSpan::new(0, text.len()), &[], &[]), ClaimType::Prediction);
/// ```
#[must_use]
pub fn guess_type(text: &str, span: ByteSpan, entities: &[Entity], quotations: &[Quotation]) -> ClaimType {
    let Some(slice) = text.get(span.range()) else { return ClaimType::Other };
    let tokens: Vec<Token> = tokenize(slice)
        .into_iter()
        .map(|t| Token { span: ByteSpan::new(t.span.start + span.start, t.span.end + span.start), kind: t.kind })
        .collect();
    let ents: Vec<Entity> =
        entities.iter().filter(|e| e.span.start >= span.start && e.span.end <= span.end).copied().collect();
    guess_type_tokens(text, &tokens, &ents, span, quotations)
}

/// [`guess_type`] on the claim's tokens and entity mentions (spans into `text`).
#[must_use]
pub fn guess_type_tokens(
    text: &str,
    tokens: &[Token],
    entities: &[Entity],
    span: ByteSpan,
    quotations: &[Quotation],
) -> ClaimType {
    let norm: Vec<String> =
        tokens
            .iter()
            .map(|t| {
                if t.kind == TokenKind::Number {
                    text[t.span].to_owned()
                } else {
                    normalize_token(&text[t.span], t.kind)
                }
            })
            .collect();
    let lower: Vec<&str> = norm.iter().map(String::as_str).collect();
    let kinds: Vec<TokenKind> = tokens.iter().map(|t| t.kind).collect();
    let cues = Cues::find(&lower, &kinds, entities);
    if number_is_the_point(text, tokens, &lower, entities) {
        return ClaimType::Statistical;
    }
    let quoted_bytes: usize = quotations
        .iter()
        .filter_map(|q| q.content_span.intersect(span))
        .map(ByteSpan::len)
        .sum::<usize>()
        .min(span.len());
    if !span.is_empty() && quoted_bytes * 2 >= span.len() {
        return ClaimType::Quotation;
    }
    if quotations.is_empty() && quoted_share(&text[span]) >= 0.5 {
        return ClaimType::Quotation;
    }
    if cues.future {
        return ClaimType::Prediction;
    }
    if cues.causal {
        return ClaimType::Causal;
    }
    let er_than = lower.iter().enumerate().any(|(i, w)| {
        *w == "than"
            && lower[i.saturating_sub(4)..i]
                .iter()
                .any(|p| p.ends_with("er") || matches!(*p, "more" | "less" | "fewer" | "worse" | "better"))
    });
    let superlative = lower.windows(2).any(|w| w[0] == "the" && w[1].len() > 4 && w[1].ends_with("est"));
    if cues.comparison || er_than || superlative {
        return ClaimType::Comparison;
    }
    if words::any_phrase(&lower, words::POSITION_MARKERS) {
        return ClaimType::Position;
    }
    if cues.reporting || cues.according_to {
        return ClaimType::Attribution;
    }
    ClaimType::Other
}

/// Words right before a number that make it a measured amount ("at least 107", "nearly 40").
const APPROXIMATORS: &[&str] = &[
    "least",
    "than",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "over",
    "under",
    "up",
    "only",
    "just",
    "fewer",
    "estimated",
    "total",
    "to",
    "by",
    "from",
];

/// Words in a sentence that make even a small, spelled-out number its point ("three people
/// were killed", "doubled to two").
const MEASURE_WORDS: &[&str] = &[
    "killed",
    "dead",
    "died",
    "injured",
    "wounded",
    "missing",
    "arrested",
    "rescued",
    "evacuated",
    "deaths",
    "casualties",
    "victims",
    "rose",
    "fell",
    "increased",
    "decreased",
    "grew",
    "dropped",
    "declined",
    "doubled",
    "tripled",
    "halved",
    "totaled",
    "totalled",
    "reached",
    "cost",
    "costs",
    "costing",
    "paid",
    "spent",
    "earned",
    "won",
    "lost",
    "sold",
    "bought",
    "seats",
    "votes",
    "percent",
];

/// Nouns after a count that make it a count of sources ("two officials said"), not a statistic.
const SOURCE_COUNT_NOUNS: &[&str] = &[
    "officials",
    "sources",
    "people",
    "diplomats",
    "aides",
    "analysts",
    "experts",
    "witnesses",
    "lawmakers",
    "senators",
    "officers",
    "residents",
    "members",
    "others",
];

/// Labels of names a number can be part of ("Article 5", "Group of 20", "Route 66").
fn is_name_label(label: EntityLabel) -> bool {
    !matches!(
        label,
        EntityLabel::Money
            | EntityLabel::Percent
            | EntityLabel::Quantity
            | EntityLabel::Cardinal
            | EntityLabel::Date
            | EntityLabel::Time
            | EntityLabel::Ordinal
    )
}

/// True when a number is what the claim is about: an amount of money, a percentage, a
/// quantity, or a count that measures something. Not for a year or a date, an age
/// ("Hegseth, 44," "the 44-year-old"), an ordinal ("32nd"), a number inside a name
/// ("Article 5"), a count of the sources ("two officials said"), or a small spelled-out
/// number with nothing measured ("the two leaders met").
///
/// `lower[i]` is the normalised form of `tokens[i]`; `entities` are the claim's mentions.
fn number_is_the_point(text: &str, tokens: &[Token], lower: &[&str], entities: &[Entity]) -> bool {
    if entities.iter().any(|e| matches!(e.label, EntityLabel::Money | EntityLabel::Percent | EntityLabel::Quantity)) {
        return true;
    }
    let covered_by = |t: &Token, pred: &dyn Fn(EntityLabel) -> bool| {
        entities.iter().any(|e| pred(e.label) && e.span.contains_span(t.span))
    };
    let word = |i: usize| lower.get(i).copied().unwrap_or("");
    let prev = |i: usize| if i == 0 { "" } else { word(i - 1) };
    let measured = lower.iter().any(|w| MEASURE_WORDS.contains(w));
    let reporting = lower.iter().any(|w| words::REPORTING_VERBS.contains(w));
    for (i, t) in tokens.iter().enumerate() {
        let raw = &text[t.span];
        let spelled = t.kind == TokenKind::Word && words::NUMBER_WORDS.contains(&word(i)) && word(i) != "one";
        if t.kind != TokenKind::Number && !spelled {
            continue;
        }
        if covered_by(t, &|l| matches!(l, EntityLabel::Date | EntityLabel::Time | EntityLabel::Ordinal))
            || covered_by(t, &is_name_label)
        {
            continue;
        }
        let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
        let lower_raw = raw.to_ascii_lowercase();
        // Ordinals the recognizer missed, and bare years.
        if ["st", "nd", "rd", "th"].iter().any(|s| lower_raw.ends_with(s)) {
            continue;
        }
        let value: Option<u64> = (digits.len() == raw.len()).then(|| digits.parse().ok()).flatten();
        if value.is_some_and(|v| (1800..=2100).contains(&v)) && !matches!(prev(i), "$" | "£" | "€" | "¥") {
            continue;
        }
        // Ages: "Hegseth, 44," / "44-year-old" / "aged 44" / "44 years old".
        let next = word(i + 1);
        if (prev(i) == "," && matches!(next, "," | "." | ")"))
            || matches!(prev(i), "aged" | "age")
            || next.starts_with("-year")
            || next.starts_with("year-old")
            || lower_raw.contains("-year-old")
            || (next == "years" && word(i + 2) == "old")
        {
            continue;
        }
        // A count of the sources of the sentence: "two officials said".
        if reporting && SOURCE_COUNT_NOUNS.contains(&next) {
            continue;
        }
        if t.kind == TokenKind::Number || APPROXIMATORS.contains(&prev(i)) || measured {
            return true;
        }
        // Spelled-out magnitudes ("hundreds", "millions") measure on their own.
        if matches!(word(i), "hundreds" | "thousands" | "millions" | "billions" | "dozens") {
            return true;
        }
    }
    false
}

/// Share of `s` (bytes) between paired quotation marks, when no quotation analysis is given.
fn quoted_share(s: &str) -> f32 {
    let mut inside = false;
    let mut quoted = 0usize;
    let mut total = 0usize;
    for c in s.chars() {
        match c {
            '“' => inside = true,
            '”' => inside = false,
            '"' => inside = !inside,
            _ if !c.is_whitespace() => {
                total += 1;
                if inside {
                    quoted += 1;
                }
            }
            _ => {}
        }
    }
    if total == 0 { 0.0 } else { quoted as f32 / total as f32 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::EntityRecognizer as _;
    use crate::nlp::ner::NerRecognizer;

    #[test]
    fn claim_type_table() {
        let cases: &[(&str, ClaimType)] = &[
            ("Defense spending rose 12% last year.", ClaimType::Statistical),
            ("The Pentagon will spend $4 billion on drones.", ClaimType::Statistical),
            ("More than 300 troops were deployed to the border.", ClaimType::Statistical),
            ("\"We are not going to back down,\" the minister said.", ClaimType::Quotation),
            ("“This is a betrayal of our allies,” she told reporters.", ClaimType::Quotation),
            ("The ceasefire is expected to collapse within weeks.", ClaimType::Prediction),
            ("Ukraine will not join NATO.", ClaimType::Prediction),
            ("The company plans to close the plant next year.", ClaimType::Prediction),
            ("The blackout was caused by a cyberattack.", ClaimType::Causal),
            ("Prices rose because of the drought.", ClaimType::Causal),
            ("Russia now produces more shells than all of Europe.", ClaimType::Comparison),
            ("It is the largest army in Europe.", ClaimType::Comparison),
            ("The senator opposes the new sanctions.", ClaimType::Position),
            ("Europe must take responsibility for its own security.", ClaimType::Position),
            ("Officials said the talks had stalled.", ClaimType::Attribution),
            ("According to the ministry, the convoy was attacked.", ClaimType::Attribution),
            ("The meeting took place in Brussels in 2025.", ClaimType::Other),
            // A number that is not the claim's point (issue 12).
            ("Hegseth, 44, said Europe must take responsibility for its own security.", ClaimType::Position),
            ("The 44-year-old minister opposes the new sanctions.", ClaimType::Position),
            ("Two officials said the talks had stalled.", ClaimType::Attribution),
            ("The 32nd Separate Mechanised Brigade held the town.", ClaimType::Other),
            ("The two leaders met in Geneva on Tuesday.", ClaimType::Other),
            ("The F-16 jets arrived in Romania in 2024.", ClaimType::Other),
            // … and numbers that are.
            ("At least 107 people were killed when the crane collapsed.", ClaimType::Statistical),
            ("Three people were killed in the attack.", ClaimType::Statistical),
            ("Ukraine has lost 20 percent of its territory.", ClaimType::Statistical),
            ("Hundreds of soldiers crossed the border.", ClaimType::Statistical),
            ("North Korea fired 4 shells across the border.", ClaimType::Statistical),
            ("", ClaimType::Other),
        ];
        let ner = NerRecognizer::shared();
        for (text, want) in cases {
            let entities = ner.recognize(text);
            let got = guess_type(text, ByteSpan::new(0, text.len()), &entities, &[]);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn out_of_range_span_is_other() {
        assert_eq!(guess_type("abc", ByteSpan::new(2, 10), &[], &[]), ClaimType::Other);
    }
}
