//! Sentence features of the check-worthiness model.
//!
//! A sentence becomes a set of 64-bit feature hashes ([`sentence_features`]):
//!
//! - word unigrams and bigrams, lower-cased, with numbers reduced to a shape (`<num>`,
//!   `<year>`, `<dec>`) so that "4 billion" and "7 billion" are one feature;
//! - the same bigrams with every entity mention replaced by its type ("`<PERSON>` said",
//!   "`<MONEY>` in"), which carry over from debates to news better than names do;
//! - the entity types present (`PERCENT`, `MONEY`, `DATE`, `GPE` …, from the recognizer of
//!   [`crate::nlp::ner`]) and how many mentions there are;
//! - cues from [`super::words`]: numbers with units, number words, comparisons, causal links,
//!   future and modal markers, hedges, first-person opinion markers, reporting verbs,
//!   questions, quotation marks;
//! - the sentence length (bucketed).
//!
//! A leading transcript speaker prefix ("TRUMP:", "Wikinews:") is skipped. Which groups are
//! on is a [`FeatureConfig`], stored in the model file so that scoring uses the features the
//! model was trained with.

use super::super::hash::IdHasher;
use super::words;
use crate::nlp::tokenize::{Token, TokenKind};
use crate::nlp::{Entity, EntityLabel};

/// Which feature groups a model uses (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureConfig {
    /// Word bigrams.
    pub bigrams: bool,
    /// Bigrams with entity mentions replaced by their type.
    pub masked: bool,
    /// Entity types present.
    pub entities: bool,
    /// Cue-word classes and length.
    pub cues: bool,
    /// Word trigrams.
    pub trigrams: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        Self { bigrams: true, masked: true, entities: true, cues: true, trigrams: false }
    }
}

impl FeatureConfig {
    /// Packed as bits for the model file.
    #[must_use]
    pub fn to_bits(self) -> u32 {
        u32::from(self.bigrams)
            | u32::from(self.masked) << 1
            | u32::from(self.entities) << 2
            | u32::from(self.cues) << 3
            | u32::from(self.trigrams) << 4
    }

    /// Unpacked from [`FeatureConfig::to_bits`].
    #[must_use]
    pub fn from_bits(bits: u32) -> Self {
        Self {
            bigrams: bits & 1 != 0,
            masked: bits & 2 != 0,
            entities: bits & 4 != 0,
            cues: bits & 8 != 0,
            trigrams: bits & 16 != 0,
        }
    }
}

const T_UNI: u64 = 1;
const T_BI: u64 = 2;
const T_MASKED: u64 = 3;
const T_ENT: u64 = 4;
const T_ENT_N: u64 = 5;
const T_CUE: u64 = 6;
const T_LEN: u64 = 7;
const T_TRI: u64 = 8;

fn hash1(template: u64, a: &str) -> u64 {
    let mut h = IdHasher::new(template);
    h.write_str(a);
    h.finish()
}

fn hash2(template: u64, a: &str, b: &str) -> u64 {
    let mut h = IdHasher::new(template);
    h.write_str(a);
    h.write_str(b);
    h.finish()
}

fn hash3(template: u64, a: &str, b: &str, c: &str) -> u64 {
    let mut h = IdHasher::new(template);
    h.write_str(a);
    h.write_str(b);
    h.write_str(c);
    h.finish()
}

/// The normalised form of one token for n-grams (see the module docs).
#[must_use]
pub fn normalize_token(word: &str, kind: TokenKind) -> String {
    match kind {
        TokenKind::Number => {
            let digits: String = word.chars().filter(char::is_ascii_digit).collect();
            if word.len() == 4 && digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")) {
                "<year>".to_owned()
            } else if word.contains('.') {
                "<dec>".to_owned()
            } else if word.chars().any(char::is_alphabetic) {
                // "32nd", "1990s", "9/11"
                "<numw>".to_owned()
            } else {
                "<num>".to_owned()
            }
        }
        TokenKind::Word => {
            if word.chars().any(|c| c.is_ascii_digit()) {
                return "<alnum>".to_owned();
            }
            word.chars().map(|c| if c == '’' || c == '‘' { '\'' } else { c }).flat_map(char::to_lowercase).collect()
        }
        TokenKind::Punct => match word {
            "“" | "”" | "„" | "«" | "»" | "\"" => "\"".to_owned(),
            "‘" | "’" | "'" => "'".to_owned(),
            "’s" | "'s" | "'S" | "’S" => "'s".to_owned(),
            "—" | "–" | "-" => "-".to_owned(),
            other => other.to_owned(),
        },
    }
}

/// Index of the first token after a transcript speaker prefix ("TRUMP:", "Wikinews:",
/// "BOB SCHIEFFER:"), or 0 when there is none: up to four capitalised words, then a colon.
#[must_use]
pub fn skip_speaker_prefix(text: &str, tokens: &[Token]) -> usize {
    for (i, t) in tokens.iter().enumerate().take(5) {
        let s = &text[t.span];
        if s == ":" {
            let ok = i > 0
                && tokens[..i].iter().all(|w| {
                    let w = &text[w.span];
                    w.chars().next().is_some_and(char::is_uppercase) || w == "." || w == "'s"
                });
            return if ok && i + 1 < tokens.len() { i + 1 } else { 0 };
        }
        if t.kind == TokenKind::Punct && s != "." && s != "'s" {
            return 0;
        }
    }
    0
}

fn len_bucket(n: usize) -> &'static str {
    match n {
        0..=3 => "len0-3",
        4..=6 => "len4-6",
        7..=10 => "len7-10",
        11..=15 => "len11-15",
        16..=25 => "len16-25",
        26..=40 => "len26-40",
        _ => "len41+",
    }
}

/// Named groups of cues found in a sentence (also used by the claim-type guess).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct Cues {
    /// A digit anywhere.
    pub digit: bool,
    /// A number followed by a unit or a `%`/currency sign ("5%", "$4 billion", "300 troops").
    pub number_with_unit: bool,
    /// A number word ("million", "dozens", "twice").
    pub number_word: bool,
    /// A MONEY, PERCENT, QUANTITY or CARDINAL entity.
    pub numeric_entity: bool,
    /// Comparison ("more than", "largest").
    pub comparison: bool,
    /// Causal link ("because", "led to").
    pub causal: bool,
    /// Future or expectation ("will", "expected to").
    pub future: bool,
    /// Hedge or modal ("may", "could").
    pub hedge: bool,
    /// First-person opinion or intention ("I think", "we must").
    pub opinion: bool,
    /// A reporting verb ("said", "told").
    pub reporting: bool,
    /// "according to".
    pub according_to: bool,
    /// A question mark.
    pub question: bool,
    /// A quotation mark.
    pub quote_mark: bool,
    /// Position or policy words ("supports", "calls for").
    pub position: bool,
    /// A first-person pronoun ("I", "we", "my").
    pub first_person: bool,
    /// A second-person pronoun ("you").
    pub second_person: bool,
}

impl Cues {
    /// The cues of a sentence given its lower-cased words (punctuation included as tokens),
    /// its raw tokens' kinds and its entities.
    #[must_use]
    pub fn find(lower: &[&str], kinds: &[TokenKind], entities: &[Entity]) -> Self {
        let mut c = Self::default();
        for (i, w) in lower.iter().enumerate() {
            let kind = kinds.get(i).copied().unwrap_or(TokenKind::Word);
            if kind == TokenKind::Number || w.contains("<num") || w.chars().any(|ch| ch.is_ascii_digit()) {
                c.digit = true;
            }
            if kind == TokenKind::Number || words::NUMBER_WORDS.contains(w) && *w != "one" {
                let next = lower.get(i + 1).copied().unwrap_or("");
                let prev = if i > 0 { lower[i - 1] } else { "" };
                if words::UNIT_WORDS.contains(&next) || matches!(prev, "$" | "£" | "€" | "¥") || next == "%" {
                    c.number_with_unit = true;
                }
            }
            if kind == TokenKind::Word && words::NUMBER_WORDS.contains(w) && *w != "one" {
                c.number_word = true;
            }
            match *w {
                "?" => c.question = true,
                "\"" | "“" | "”" => c.quote_mark = true,
                "i" | "we" | "my" | "our" | "me" | "us" | "i'm" | "we're" | "i've" | "we've" | "i'll" | "we'll" => {
                    c.first_person = true;
                }
                "you" | "your" | "you're" | "you've" => c.second_person = true,
                _ => {}
            }
            if words::REPORTING_VERBS.contains(w) {
                c.reporting = true;
            }
        }
        c.numeric_entity = entities.iter().any(|e| {
            matches!(e.label, EntityLabel::Money | EntityLabel::Percent | EntityLabel::Quantity | EntityLabel::Cardinal)
        });
        c.comparison = words::any_phrase(lower, words::COMPARISON_MARKERS)
            || lower.iter().any(|w| w.len() > 5 && (w.ends_with("est") && !w.ends_with("ilest")));
        c.causal = words::any_phrase(lower, words::CAUSAL_MARKERS);
        c.future = words::any_phrase(lower, words::FUTURE_MARKERS);
        c.hedge = words::any_phrase(lower, words::HEDGES);
        c.opinion = words::any_phrase(lower, words::OPINION_MARKERS);
        c.according_to = words::contains_phrase(lower, "according to");
        c.position = words::any_phrase(lower, words::POSITION_MARKERS);
        c
    }

    fn names(self) -> impl Iterator<Item = &'static str> {
        [
            (self.digit, "digit"),
            (self.number_with_unit, "num_unit"),
            (self.number_word, "num_word"),
            (self.numeric_entity, "num_ent"),
            (self.comparison, "comparison"),
            (self.causal, "causal"),
            (self.future, "future"),
            (self.hedge, "hedge"),
            (self.opinion, "opinion"),
            (self.reporting, "reporting"),
            (self.according_to, "according"),
            (self.question, "question"),
            (self.quote_mark, "quote"),
            (self.position, "position"),
            (self.first_person, "first_person"),
            (self.second_person, "second_person"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
    }
}

/// The features of one sentence: `tokens` are the sentence's tokens (spans into `text`),
/// `entities` the mentions inside it (sorted). Appends sorted, de-duplicated hashes to `out`
/// (after clearing it).
///
/// # Example
/// ```
/// use claimlens::nlp::claims::features::{FeatureConfig, sentence_features};
/// use claimlens::nlp::tokenize::tokenize;
/// let text = "Unemployment fell to 4 percent last year.";
/// let mut a = Vec::new();
/// sentence_features(text, &tokenize(text), &[], FeatureConfig::default(), &mut a);
/// let text2 = "Unemployment fell to 7 percent last year.";
/// let mut b = Vec::new();
/// sentence_features(text2, &tokenize(text2), &[], FeatureConfig::default(), &mut b);
/// assert_eq!(a, b); // numbers are reduced to their shape
/// ```
pub fn sentence_features(text: &str, tokens: &[Token], entities: &[Entity], cfg: FeatureConfig, out: &mut Vec<u64>) {
    out.clear();
    let tokens = &tokens[skip_speaker_prefix(text, tokens)..];
    let norm: Vec<String> = tokens.iter().map(|t| normalize_token(&text[t.span], t.kind)).collect();
    let lower: Vec<&str> = norm.iter().map(String::as_str).collect();
    let kinds: Vec<TokenKind> = tokens.iter().map(|t| t.kind).collect();
    // Unigrams and bigrams over the sentence with boundary markers.
    let mut prev = "<s>";
    let mut prev2 = "<s>";
    for w in &lower {
        out.push(hash1(T_UNI, w));
        if cfg.bigrams {
            out.push(hash2(T_BI, prev, w));
        }
        if cfg.trigrams {
            out.push(hash3(T_TRI, prev2, prev, w));
        }
        prev2 = prev;
        prev = w;
    }
    if cfg.bigrams {
        out.push(hash2(T_BI, prev, "</s>"));
    }
    // Entity-masked bigrams.
    let in_sentence: Vec<Entity> = match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => {
            entities.iter().filter(|e| e.span.start >= a.span.start && e.span.end <= b.span.end).copied().collect()
        }
        _ => Vec::new(),
    };
    if cfg.masked && !in_sentence.is_empty() {
        let mut masked: Vec<&str> = Vec::with_capacity(lower.len());
        let mut k = 0;
        let mut i = 0;
        while i < tokens.len() {
            while k < in_sentence.len() && in_sentence[k].span.end <= tokens[i].span.start {
                k += 1;
            }
            if k < in_sentence.len() && in_sentence[k].span.start <= tokens[i].span.start {
                let e = &in_sentence[k];
                masked.push(e.label.tag());
                while i < tokens.len() && tokens[i].span.start < e.span.end {
                    i += 1;
                }
                continue;
            }
            masked.push(lower[i]);
            i += 1;
        }
        let mut prev = "<s>";
        for w in &masked {
            if w.chars().next().is_some_and(char::is_uppercase) || prev.chars().next().is_some_and(char::is_uppercase) {
                out.push(hash2(T_MASKED, prev, w));
            }
            prev = w;
        }
        if prev.chars().next().is_some_and(char::is_uppercase) {
            out.push(hash2(T_MASKED, prev, "</s>"));
        }
    }
    if cfg.entities {
        for e in &in_sentence {
            out.push(hash1(T_ENT, e.label.tag()));
        }
        let n = in_sentence.len().min(4);
        out.push(hash1(T_ENT_N, &n.to_string()));
    }
    if cfg.cues {
        let cues = Cues::find(&lower, &kinds, &in_sentence);
        for name in cues.names() {
            out.push(hash1(T_CUE, name));
        }
        let words = kinds.iter().filter(|k| **k != TokenKind::Punct).count();
        out.push(hash1(T_LEN, len_bucket(words)));
    }
    out.sort_unstable();
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::tokenize::tokenize;

    #[test]
    fn speaker_prefixes_are_skipped() {
        for (text, first) in [
            ("TRUMP: We will win.", "We"),
            ("BOB SCHIEFFER: Good evening.", "Good"),
            ("Wikinews: What is your plan?", "What"),
            ("Note: this is text.", "this"),
            ("He said: yes.", "He"),
            ("Taxes rose 5%.", "Taxes"),
        ] {
            let tokens = tokenize(text);
            let k = skip_speaker_prefix(text, &tokens);
            assert_eq!(&text[tokens[k].span], first, "{text}");
        }
    }

    #[test]
    fn cues_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Unemployment rose 5 percent to 4 million.", &["num_unit", "digit"]),
            ("Prices are expected to rise next year.", &["future"]),
            ("I think we must do more than that.", &["opinion", "comparison", "first_person"]),
            ("The crash was caused by ice.", &["causal"]),
            ("According to officials, it failed.", &["according"]),
            ("Did you see it?", &["question", "second_person"]),
        ];
        for (text, want) in cases {
            let tokens = tokenize(text);
            let norm: Vec<String> = tokens.iter().map(|t| normalize_token(&text[t.span], t.kind)).collect();
            let lower: Vec<&str> = norm.iter().map(String::as_str).collect();
            let kinds: Vec<TokenKind> = tokens.iter().map(|t| t.kind).collect();
            let got: Vec<&str> = Cues::find(&lower, &kinds, &[]).names().collect();
            for w in *want {
                assert!(got.contains(w), "{text}: {got:?} lacks {w}");
            }
        }
    }

    #[test]
    fn empty_input_gives_only_boundary_features() {
        let mut out = Vec::new();
        sentence_features("", &[], &[], FeatureConfig::default(), &mut out);
        assert!(out.len() <= 3);
    }

    #[test]
    fn config_bits_round_trip() {
        for bits in 0..32 {
            assert_eq!(FeatureConfig::from_bits(bits).to_bits(), bits);
        }
    }
}
