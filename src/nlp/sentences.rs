//! Sentence splitting that knows abbreviations ("Gen.", "Feb.", "U.S.").
//!
//! Works on the tokens of [`super::tokenize`]. A sentence ends after ".", "!", "?" or "…"
//! (with any closing quotes and brackets) when the next token could start a sentence; after an
//! abbreviation only when it is not a title ("Gen.", "Feb.", listed with `=` in
//! `assets/ner/abbreviations.txt`) and the next word is a typical sentence opener ("… in the
//! U.S. The …"). A blank line always ends a sentence, and so does a line break unless the line
//! before it is long and unfinished (hard-wrapped prose).
//!
//! # Example
//! ```
//! use claimlens::nlp::sentences::sentences;
//! let text = "Gen. Smith met U.S. officials on Feb. 11. They left.\n\nHeadline";
//! let got: Vec<&str> = sentences(text).into_iter().map(|s| &text[s]).collect();
//! assert_eq!(got, ["Gen. Smith met U.S. officials on Feb. 11.", "They left.", "Headline"]);
//! ```

use std::ops::Range;

use super::tokenize::{Token, TokenKind, is_abbreviation, is_title_abbreviation, tokenize};
use crate::document::ByteSpan;

/// Longest sentence, in tokens: longer runs (lists, text without punctuation) are cut.
pub const MAX_SENTENCE_TOKENS: usize = 400;

const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "But",
    "And",
    "In",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "On",
    "At",
    "As",
    "For",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Some",
    "Many",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "Meanwhile",
    "However",
    "Still",
    "Yet",
    "So",
    "Also",
    "Now",
    "Then",
    "What",
    "Who",
    "Why",
    "How",
];

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…" | "。" | "！" | "？")
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "'" | "”" | "’" | ")" | "]" | "»")
}

fn can_open(text: &str, t: &Token) -> bool {
    let s = &text[t.span];
    let c = s.chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_numeric()
        || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '-' | '—' | '•')
        || !c.is_alphabetic() && t.kind == TokenKind::Word
}

/// Split tokens into sentences: ranges of token indices, in order, covering every token.
#[must_use]
pub fn split(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        let mut end_here = false;
        let s = &text[tokens[i].span];
        // Line breaks between this token and the next.
        if i + 1 < n {
            let gap = &text[tokens[i].span.end..tokens[i + 1].span.start];
            let newlines = gap.matches('\n').count() + gap.matches('\r').filter(|_| !gap.contains('\n')).count();
            if newlines >= 2 {
                end_here = true;
            } else if newlines == 1 {
                let line_start = text[..tokens[i].span.end].rfind('\n').map_or(0, |p| p + 1);
                let line_len = tokens[i].span.end - line_start;
                let finished = is_terminal(s) || is_closer(s) || s.ends_with(':');
                end_here = finished || line_len < 60;
            }
        }
        if !end_here && is_terminal(s) {
            // Absorb closing quotes and brackets, then look at what follows.
            let mut j = i;
            while j + 1 < n && is_closer(&text[tokens[j + 1].span]) && tokens[j + 1].span.start == tokens[j].span.end {
                j += 1;
            }
            if j + 1 >= n || can_open(text, &tokens[j + 1]) {
                i = j;
                end_here = true;
            }
        } else if !end_here && s.ends_with('.') && s.len() > 1 && i + 1 < n {
            let abbr = &s[..s.len() - 1];
            let next = &text[tokens[i + 1].span];
            if (is_abbreviation(abbr) || abbr.contains('.')) && !is_title_abbreviation(abbr) && OPENERS.contains(&next)
            {
                end_here = true;
            }
        }
        if end_here || i + 1 - start >= MAX_SENTENCE_TOKENS {
            out.push(start..i + 1);
            start = i + 1;
        }
        i += 1;
    }
    if start < n {
        out.push(start..n);
    }
    out
}

/// The sentences of `text` as byte spans (from the first to the last token of each).
#[must_use]
pub fn sentences(text: &str) -> Vec<ByteSpan> {
    let tokens = tokenize(text);
    split(text, &tokens)
        .into_iter()
        .map(|r| ByteSpan::new(tokens[r.start].span.start, tokens[r.end - 1].span.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Gen. Kellogg spoke. Then he left.", &["Gen. Kellogg spoke.", "Then he left."]),
            (
                "It cost $4 billion in the U.S. The deal failed.",
                &["It cost $4 billion in the U.S.", "The deal failed."],
            ),
            ("The U.S. Army said so.", &["The U.S. Army said so."]),
            ("On Feb. 11, 2025, Mr. Hegseth spoke.", &["On Feb. 11, 2025, Mr. Hegseth spoke."]),
            ("\"We will win.\" He smiled!", &["\"We will win.\"", "He smiled!"]),
            ("Acme Inc. The firm grew.", &["Acme Inc.", "The firm grew."]),
            ("Title\n\nBody text here.", &["Title", "Body text here."]),
            ("what is this?\ncan anyone tell me", &["what is this?", "can anyone tell me"]),
            ("version 2.5 is out.", &["version 2.5 is out."]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = sentences(text).into_iter().map(|s| &text[s]).collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn long_runs_are_cut() {
        let text = "word ".repeat(1000);
        let tokens = tokenize(&text);
        let s = split(&text, &tokens);
        assert!(s.iter().all(|r| r.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(s.iter().map(ExactSizeIterator::len).sum::<usize>(), tokens.len());
    }
}
