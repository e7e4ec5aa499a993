//! Tokens with byte spans, and word shapes.
//!
//! The tokenizer never changes the text: every [`Token`] is a [`ByteSpan`] into it, on char
//! boundaries. Words keep internal apostrophes, hyphens and periods ("O'Brien", "F-16",
//! "U.S.", "3.5"), a possessive "'s" is its own token, abbreviations from
//! `assets/ner/abbreviations.txt` keep their period ("Gen.", "Inc."), and every other
//! non-space character is a token of its own. Ideographs (CJK) are one token each, so text
//! without spaces never becomes one giant token. Control characters count as spaces.
//!
//! # Example
//! ```
//! use claimlens::nlp::tokenize::tokenize;
//! let text = "Gen. Müller's F-16 cost $4.5 billion.";
//! let words: Vec<&str> = tokenize(text).iter().map(|t| &text[t.span]).collect();
//! assert_eq!(words, ["Gen.", "Müller", "'s", "F-16", "cost", "$", "4.5", "billion", "."]);
//! ```

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::document::ByteSpan;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Starts with a letter (may contain digits, "'", "-", ".").
    Word,
    /// Starts with a digit ("4.5", "1,000", "2025-02-11", "32nd").
    Number,
    /// One punctuation or symbol character, or a possessive "'s".
    Punct,
}

/// One token: where it is and what it is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Bytes of the text.
    pub span: ByteSpan,
    /// Its kind.
    pub kind: TokenKind,
}

/// The abbreviation list: `(abbreviation without its final period, never ends a sentence)`.
static ABBREVIATIONS: LazyLock<(HashSet<&'static str>, HashSet<&'static str>)> = LazyLock::new(|| {
    let mut all = HashSet::new();
    let mut titles = HashSet::new();
    for line in include_str!("../../assets/ner/abbreviations.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(a) = line.strip_prefix('=') {
            all.insert(a);
            titles.insert(a);
        } else {
            all.insert(line);
        }
    }
    (all, titles)
});

/// True when `word` (without its final period) is a listed abbreviation.
#[must_use]
pub fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.0.contains(word)
}

/// True when `word` (without its final period) is an abbreviation that never ends a sentence
/// ("Gen", "Mr", "Feb").
#[must_use]
pub fn is_title_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.1.contains(word)
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || is_mark(c)) && !is_ideograph(c)
}

fn is_mark(c: char) -> bool {
    // Combining marks (accents typed separately, Devanagari vowel signs …): part of the word.
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Split `text` into tokens. Never panics; `O(n)`.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let ch = |i: usize| if i < n { chars[i].1 } else { ' ' };
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if is_space(c) {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            // A word: alphanumerics joined by single connectors.
            let mut j = i + 1;
            loop {
                while j < n && is_word_char(ch(j)) {
                    j += 1;
                }
                let c = ch(j);
                let next = ch(j + 1);
                if is_apostrophe(c) && is_word_char(next) {
                    // Possessive 's / 'S ends the word; "O'Brien", "don't" go on.
                    let after = ch(j + 2);
                    if matches!(next, 's' | 'S') && !is_word_char(after) {
                        break;
                    }
                    j += 1;
                    continue;
                }
                if matches!(c, '-' | '‑' | '/' | '&') && is_word_char(next) && j > i {
                    // "F-16", "1-1/2", "AT&T"; not a leading or doubled hyphen.
                    if c == '/' && !(ch(j - 1).is_ascii_digit() && next.is_ascii_digit()) {
                        break;
                    }
                    if c == '&' && !(ch(j - 1).is_uppercase() && next.is_uppercase()) {
                        break;
                    }
                    j += 1;
                    continue;
                }
                if c == '.' && is_word_char(next) {
                    // "U.S", "3.5", "e.g", "Amazon.com".
                    j += 1;
                    continue;
                }
                if c == ',' && ch(j - 1).is_ascii_digit() && next.is_ascii_digit() {
                    // "1,000" (but not "2, 3": that has a space).
                    let digits = (j + 1..n).take_while(|&k| ch(k).is_ascii_digit()).count();
                    if digits == 3 {
                        j += 1;
                        continue;
                    }
                }
                break;
            }
            // A final period that belongs to the word: "U.S.", "J.", "Gen.", "Inc.".
            if ch(j) == '.' {
                let word = &text[byte_at(start)..byte_at(j)];
                let dotted = word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.');
                let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                if dotted || initial || is_abbreviation(word) {
                    j += 1;
                }
            }
            let kind = if c.is_numeric() { TokenKind::Number } else { TokenKind::Word };
            tokens.push(Token { span: ByteSpan::new(byte_at(start), byte_at(j)), kind });
            i = j;
            continue;
        }
        if is_apostrophe(c)
            && matches!(ch(i + 1), 's' | 'S')
            && !is_word_char(ch(i + 2))
            && i > 0
            && is_word_char(ch(i - 1))
        {
            tokens.push(Token { span: ByteSpan::new(byte_at(i), byte_at(i + 2)), kind: TokenKind::Punct });
            i += 2;
            continue;
        }
        // Anything else (punctuation, symbols, ideographs): one char, with its combining marks.
        let mut j = i + 1;
        while j < n && is_mark(ch(j)) {
            j += 1;
        }
        let kind = if is_ideograph(c) { TokenKind::Word } else { TokenKind::Punct };
        tokens.push(Token { span: ByteSpan::new(byte_at(i), byte_at(j)), kind });
        i = j;
    }
    tokens
}

/// The shape of a word: `X` for an upper-case letter, `x` lower-case, `d` digit, other
/// characters as themselves; runs longer than two are cut to two ("Hegseth" → "Xxx",
/// "F-16" → "X-dd", "U.S." → "X.X.").
///
/// # Example
/// ```
/// use claimlens::nlp::tokenize::shape;
/// assert_eq!(shape("Hegseth"), "Xxx");
/// assert_eq!(shape("NATO"), "XX");
/// assert_eq!(shape("2025"), "dd");
/// ```
#[must_use]
pub fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            last = s;
            run = 1;
        }
        out.push(s);
        if out.len() > 12 {
            break;
        }
    }
    out
}

/// True when the word starts with an upper-case letter.
#[must_use]
pub fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| &text[t.span]).collect()
    }

    #[test]
    fn token_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Pete Hegseth's visit", &["Pete", "Hegseth", "'s", "visit"]),
            ("the U.S. and U.K. said", &["the", "U.S.", "and", "U.K.", "said"]),
            ("Gen. Smith, Mr. Jones", &["Gen.", "Smith", ",", "Mr.", "Jones"]),
            ("$500B and 5% (1,000)", &["$", "500B", "and", "5", "%", "(", "1,000", ")"]),
            ("1-1/2 percent", &["1-1/2", "percent"]),
            ("O’Brien’s AT&T", &["O’Brien", "’s", "AT&T"]),
            ("He ended.", &["He", "ended", "."]),
            ("J. R. R. Tolkien", &["J.", "R.", "R.", "Tolkien"]),
            ("“Kyiv”—Zürich", &["“", "Kyiv", "”", "—", "Zürich"]),
            ("北京欢迎你", &["北", "京", "欢", "迎", "你"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), *want, "{text}");
        }
    }

    #[test]
    fn offsets_on_non_ascii_text() {
        let text = "Şahin met Zelenskyy in Gdańsk\u{0}, تل أبيب, 東京 🇺🇦.";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            assert!(!t.span.is_empty());
            assert_eq!(text[t.span].trim(), &text[t.span]);
        }
        assert_eq!(words("Şahin met Gdańsk"), ["Şahin", "met", "Gdańsk"]);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("F-16"), "X-dd");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("McDonald"), "XxXxx");
    }
}
