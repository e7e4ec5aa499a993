//! Features of a token for the sequence tagger: the word, its shape and affixes, its
//! neighbours, the word lists it belongs to, and what the rest of the document says about it.
//!
//! Every feature is a 64-bit `IdHasher` hash of a template number and a value, so the
//! model stores no strings. The same code computes features for training and for tagging.

use std::collections::HashSet;

use super::gazetteer::{Class, Classes, Lexicon, MAX_PHRASE_TOKENS};
use super::hash::{HashBuilder, IdHasher};
use super::tokenize::{Token, TokenKind, is_capitalized, shape};

/// Per-token facts computed once per document.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    /// Lower-cased text.
    pub lower: String,
    /// Word shape.
    pub shape: String,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Single-token lexicon classes.
    pub classes: Classes,
}

/// A document prepared for feature extraction: token facts, sentence boundaries, and
/// document-wide word statistics.
#[derive(Debug)]
pub struct DocFeatures<'a> {
    /// The text.
    pub text: &'a str,
    /// Its tokens.
    pub tokens: &'a [Token],
    /// One entry per token.
    pub info: Vec<TokenInfo>,
    /// Multi-token lexicon matches `(first token, end token, classes)`.
    pub phrases: Vec<(usize, usize, Classes)>,
    /// Hashes of lower-case words seen written in lower case in the document.
    lower_seen: HashSet<u64, HashBuilder>,
    /// Hashes of words seen capitalised away from a sentence start.
    mid_cap_seen: HashSet<u64, HashBuilder>,
}

fn word_hash(s: &str) -> u64 {
    let mut h = IdHasher::new(0xABCD);
    h.write_str(s);
    h.finish()
}

impl<'a> DocFeatures<'a> {
    /// Prepare `tokens` of `text`, split into `sentences` (ranges of token indices).
    #[must_use]
    pub fn new(text: &'a str, tokens: &'a [Token], sentences: &[std::ops::Range<usize>], lex: &Lexicon) -> Self {
        let mut info = Vec::with_capacity(tokens.len());
        for t in tokens {
            let w = &text[t.span];
            let lower = w.to_lowercase();
            info.push(TokenInfo { shape: shape(w), cap: is_capitalized(w), classes: lex.classes_as_written(w), lower });
        }
        let mut lower_seen = HashSet::with_hasher(HashBuilder);
        let mut mid_cap_seen = HashSet::with_hasher(HashBuilder);
        for s in sentences {
            for i in s.clone() {
                let w = &text[tokens[i].span];
                if tokens[i].kind != TokenKind::Word {
                    continue;
                }
                if w.chars().next().is_some_and(char::is_lowercase) {
                    lower_seen.insert(word_hash(w));
                } else if info[i].cap && i > s.start && !is_after_opener(text, tokens, i, s.start) {
                    mid_cap_seen.insert(word_hash(&info[i].lower));
                }
            }
        }
        // Multi-token phrases starting with a capital or digit.
        let mut phrases = Vec::new();
        for s in sentences {
            for i in s.clone() {
                let first = text[tokens[i].span].chars().next().unwrap_or(' ');
                if !(first.is_uppercase() || first.is_ascii_digit()) {
                    continue;
                }
                let mut h = IdHasher::phrase();
                for l in info[i].lower.chars() {
                    h.write_char(l);
                }
                let mut best: Option<(usize, Classes)> = None;
                for j in i + 1..s.end.min(i + MAX_PHRASE_TOKENS) {
                    let gap = &text[tokens[j - 1].span.end..tokens[j].span.start];
                    if gap.contains('\n') {
                        break;
                    }
                    if !gap.is_empty() {
                        h.write_char(' ');
                    }
                    for l in info[j].lower.chars() {
                        h.write_char(l);
                    }
                    let c = lex.by_hash(h.finish());
                    if c.has_named() {
                        best = Some((j + 1, c));
                    }
                }
                if let Some((end, c)) = best {
                    phrases.push((i, end, c));
                }
            }
        }
        Self { text, tokens, info, phrases, lower_seen, mid_cap_seen }
    }

    /// True when `lower` (a lower-cased word) is written in lower case somewhere in the document.
    #[must_use]
    pub fn seen_lowercase(&self, lower: &str) -> bool {
        self.lower_seen.contains(&word_hash(lower))
    }

    /// Features of every token of one sentence (`range` of token indices), appended to `out`
    /// as one `Vec` per token.
    pub fn sentence_features(&self, range: std::ops::Range<usize>, out: &mut Vec<Vec<u64>>) {
        let (s, e) = (range.start, range.end);
        // Phrase-match features per token of the sentence.
        let mut gaz: Vec<Vec<(u8, Class)>> = vec![Vec::new(); e - s];
        // Phrases are in start order: only those starting in this sentence.
        let from = self.phrases.partition_point(|p| p.0 < s);
        let to = self.phrases.partition_point(|p| p.0 < e);
        for &(a, b, c) in &self.phrases[from..to] {
            if b > e {
                continue;
            }
            for k in a..b {
                let pos = if k == a {
                    b'B'
                } else if k + 1 == b {
                    b'L'
                } else {
                    b'I'
                };
                for cl in c.iter().filter(|c| {
                    !matches!(c, Class::Common | Class::Proper | Class::First | Class::Last | Class::LastTop)
                }) {
                    gaz[k - s].push((pos, cl));
                }
            }
        }
        for i in s..e {
            let mut f = Vec::with_capacity(64);
            let inf = &self.info[i];
            let w = &self.text[self.tokens[i].span];
            let get = |k: isize| -> Option<&TokenInfo> {
                let j = i as isize + k;
                (j >= s as isize && j < e as isize).then(|| &self.info[j as usize])
            };
            let word = |k: isize| get(k).map_or("<s>", |t| t.lower.as_str());
            let shp = |k: isize| get(k).map_or("<s>", |t| t.shape.as_str());
            let mut add = |t: u64, parts: &[&str]| {
                let mut h = IdHasher::new(t);
                for p in parts {
                    h.write_str(p);
                }
                f.push(h.finish());
            };
            add(0, &[]);
            add(1, &[w]);
            add(2, &[&inf.lower]);
            add(3, &[&inf.shape]);
            let lower = inf.lower.as_str();
            let n = lower.chars().count();
            for (k, (at, _)) in
                lower.char_indices().skip(1).take(3).chain([(lower.len(), ' ')]).enumerate().take(3.min(n))
            {
                add(11 + k as u64, &[&lower[..at]]);
            }
            for (k, (at, _)) in lower.char_indices().rev().take(4).enumerate() {
                add(21 + k as u64, &[&lower[at..]]);
            }
            add(5, &[word(-1)]);
            add(6, &[word(1)]);
            add(7, &[word(-2)]);
            add(8, &[word(2)]);
            add(9, &[shp(-1)]);
            add(30, &[shp(1)]);
            add(31, &[word(-1), &inf.lower]);
            add(32, &[&inf.lower, word(1)]);
            add(46, &[shp(-1), &inf.shape, shp(1)]);
            let first = i == s || is_after_opener(self.text, self.tokens, i, s);
            if first {
                add(33, &[&inf.shape]);
            }
            let capmid = if inf.cap && !first {
                "C"
            } else if inf.cap {
                "F"
            } else {
                "l"
            };
            for c in inf.classes.iter() {
                add(34, &[c.name()]);
                add(35, &[c.name(), capmid]);
            }
            if inf.classes.is_empty() {
                add(35, &["NONE", capmid]);
            }
            if let Some(p) = get(-1) {
                for c in p.classes.iter().filter(|c| !matches!(c, Class::Common | Class::Proper)) {
                    add(36, &[c.name()]);
                }
            }
            if let Some(p) = get(1) {
                for c in p.classes.iter().filter(|c| !matches!(c, Class::Common | Class::Proper)) {
                    add(37, &[c.name()]);
                }
            }
            for (pos, cl) in &gaz[i - s] {
                let pos = [*pos];
                let pos = std::str::from_utf8(&pos).unwrap_or("?");
                add(38, &[pos, cl.name()]);
            }
            if inf.cap {
                let lower_elsewhere = self.lower_seen.contains(&word_hash(&inf.lower));
                add(39, &[if lower_elsewhere { "lc-seen" } else { "lc-unseen" }, capmid]);
                if first {
                    let mid = self.mid_cap_seen.contains(&word_hash(&inf.lower));
                    add(40, &[if mid { "cap-mid-seen" } else { "cap-mid-unseen" }]);
                }
            }
            if inf.shape.chars().all(|c| c == 'X' || c == '.') {
                add(41, &[&n.min(6).to_string()]);
            }
            out.push(f);
        }
    }
}

/// True when token `i` follows an opening quote, bracket or dash at the start of its sentence
/// (so it is sentence-initial for capitalisation purposes).
pub(crate) fn is_after_opener(text: &str, tokens: &[Token], i: usize, start: usize) -> bool {
    let mut j = i;
    while j > start {
        let p = &text[tokens[j - 1].span];
        if matches!(p, "\"" | "“" | "‘" | "'" | "(" | "[" | "-" | "—" | "–" | ":" | "•" | "*") {
            j -= 1;
        } else {
            return false;
        }
    }
    j == start && i > start
}
