//! Text analysis for the fact-check index: the same terms for the library's claims and for
//! the text being matched (a tweet, an article's sentence).
//!
//! Steps, all rule-based (nothing learned, nothing downloaded):
//! 1. links are dropped (`https://…`, `www.…`, `pic.twitter.com/…`);
//! 2. `#hashtags` and `@handles` are split into their words (`#AustralianFires` → australian
//!    fires, `@realDonaldTrump` → real donald trump, `#COVID19` → covid 19);
//! 3. numbers lose their thousands separators (`1,000,000` → 1000000), `%` and "per cent"
//!    become "percent", `$ € £` become "dollar euro pound";
//! 4. words are lower-cased and folded to ASCII (`Ünal` → unal), curly apostrophes made
//!    straight, English stop words dropped, Chinese and Japanese characters taken one by one;
//! 5. Snowball's English stemmer (through tantivy).
//!
//! [`ANALYSIS_VERSION`] changes whenever the terms would: a library indexed with another
//! version is re-indexed from its stored items when opened.

use tantivy::tokenizer::{AsciiFoldingFilter, Language, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer};

/// Version of the analysis; stored with a library's index.
pub const ANALYSIS_VERSION: u32 = 1;

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "claimlens_en";

/// English stop words (function words that say nothing of a claim's subject). "not", "no",
/// numbers and negations are kept: "did not" and "did" are different claims.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "d",
    "did",
    "do",
    "does",
    "doing",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "he's",
    "her",
    "here",
    "here's",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "let's",
    "ll",
    "m",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "s",
    "same",
    "she",
    "she's",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they're",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "ve",
    "very",
    "was",
    "we",
    "we're",
    "were",
    "what",
    "what's",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "you're",
    "you've",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.binary_search(&w).is_ok()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // Han
        | 0x20000..=0x2FA1F)
}

/// Split a hashtag or handle body into words: at lower→upper case changes, before the last
/// capital of a run followed by a lower-case letter (`CBCNews` → CBC News), at letter↔digit
/// changes and at underscores.
#[must_use]
pub fn split_compound(s: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let (at, c) = chars[i];
        if c == '_' {
            if at > start {
                out.push(&s[start..at]);
            }
            start = at + c.len_utf8();
            continue;
        }
        if i == 0 || at == start {
            continue;
        }
        let prev = chars[i - 1].1;
        let next = chars.get(i + 1).map(|x| x.1);
        let boundary = (prev.is_lowercase() && c.is_uppercase())
            || (prev.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase))
            || (prev.is_alphabetic() && c.is_ascii_digit())
            || (prev.is_ascii_digit() && c.is_alphabetic());
        if boundary {
            out.push(&s[start..at]);
            start = at;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The words of `text` before stemming (steps 1–4 of the module docs), each with its byte
/// range in `text`.
#[must_use]
pub fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let push = |out: &mut Vec<(usize, usize, String)>, from: usize, to: usize, w: String| {
        if !w.is_empty() && !is_stop_word(&w) {
            out.push((from, to, w));
        }
    };
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().expect("i is on a char boundary");
        // 1. Links.
        if is_link_start(rest) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            i += end;
            continue;
        }
        // 2. Hashtags and handles.
        if (c == '#' || c == '@')
            && let Some(body_len) = word_run(&rest[1..])
        {
            let mut body = &rest[1..=body_len];
            // "#DefundTheCBChttps://t.co/…": a link glued to the tag is no part of it.
            if rest[1 + body_len..].starts_with("://") {
                let lower = body.to_ascii_lowercase();
                if let Some(cut) = lower.strip_suffix("https").or_else(|| lower.strip_suffix("http")) {
                    body = &body[..cut.len()];
                }
            }
            let mut at = i + 1;
            for part in split_compound(body) {
                let off = body[at - i - 1..].find(part).map_or(at, |p| at + p);
                push(&mut out, off, off + part.len(), part.to_lowercase());
                at = off + part.len();
            }
            i += 1 + body.len();
            continue;
        }
        // 3. Numbers.
        if c.is_ascii_digit() {
            let mut end = i;
            let mut digits = String::new();
            while end < text.len() {
                let b = bytes[end];
                if b.is_ascii_digit() {
                    digits.push(b as char);
                    end += 1;
                } else if (b == b',' || b == b'.') && end + 1 < text.len() && bytes[end + 1].is_ascii_digit() {
                    // "1,000" is one thousand; "3.5" keeps its decimal point.
                    if b == b'.' {
                        digits.push('.');
                    }
                    end += 1;
                } else {
                    break;
                }
            }
            push(&mut out, i, end, digits);
            if text[end..].starts_with('%') {
                push(&mut out, end, end + 1, "percent".to_owned());
                end += 1;
            }
            i = end;
            continue;
        }
        if let Some(word) = match c {
            '%' => Some("percent"),
            '$' => Some("dollar"),
            '€' => Some("euro"),
            '£' => Some("pound"),
            _ => None,
        } {
            push(&mut out, i, i + c.len_utf8(), word.to_owned());
            i += c.len_utf8();
            continue;
        }
        // 4. Words.
        if is_cjk(c) {
            push(&mut out, i, i + c.len_utf8(), c.to_string());
            i += c.len_utf8();
            continue;
        }
        if c.is_alphabetic() {
            let mut end = i;
            let mut word = String::new();
            for (j, ch) in rest.char_indices() {
                let is_apostrophe = matches!(ch, '\'' | '’');
                let next_is_letter = rest[j + ch.len_utf8()..].chars().next().is_some_and(char::is_alphabetic);
                if ch.is_alphabetic() && !is_cjk(ch) {
                    word.extend(ch.to_lowercase());
                } else if ch.is_ascii_digit() && !word.is_empty() {
                    // "covid19", "g7": keep letters and digits together, as hashtags split.
                    break;
                } else if is_apostrophe && next_is_letter && j > 0 {
                    word.push('\'');
                } else {
                    break;
                }
                end = i + j + ch.len_utf8();
            }
            // "per cent" → "percent".
            if word == "cent" && out.last().is_some_and(|(_, _, w): &(usize, usize, String)| w == "per") {
                out.pop();
                word = "percent".to_owned();
            }
            push(&mut out, i, end, word);
            i = end.max(i + c.len_utf8());
            continue;
        }
        i += c.len_utf8();
    }
    out
}

fn is_link_start(s: &str) -> bool {
    let head = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    head.starts_with("http://")
        || head.starts_with("https://")
        || head.starts_with("www.")
        || s.get(..16).is_some_and(|h| h.eq_ignore_ascii_case("pic.twitter.com/"))
}

/// Length in bytes of the run of letters, digits and underscores at the start of `s`
/// (`None` if empty).
fn word_run(s: &str) -> Option<usize> {
    let len = s.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(s.len(), |(i, _)| i);
    (len > 0).then_some(len)
}

/// The tokenizer behind [`analyzer`]: [`words`] as tantivy tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClaimTokenizer;

/// The token stream of [`ClaimTokenizer`].
#[derive(Debug)]
pub struct ClaimTokenStream {
    tokens: Vec<Token>,
    at: usize,
}

impl Tokenizer for ClaimTokenizer {
    type TokenStream<'a> = ClaimTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ClaimTokenStream {
        let tokens = words(text)
            .into_iter()
            .enumerate()
            .map(|(position, (offset_from, offset_to, text))| Token {
                offset_from,
                offset_to,
                position,
                text,
                position_length: 1,
            })
            .collect();
        ClaimTokenStream { tokens, at: 0 }
    }
}

impl TokenStream for ClaimTokenStream {
    fn advance(&mut self) -> bool {
        self.at += 1;
        self.at <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.at - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.at - 1]
    }
}

/// The analyzer: [`ClaimTokenizer`], ASCII folding, English stemming.
#[must_use]
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(ClaimTokenizer).filter(AsciiFoldingFilter).filter(Stemmer::new(Language::English)).build()
}

/// The index terms of `text`, in order (repeats kept).
///
/// # Example
/// ```
/// use claimlens::factcheck::analyze::{analyzer, terms};
/// let mut a = analyzer();
/// assert_eq!(terms(&mut a, "#AustralianFires: 1,000 koalas died https://t.co/x"), ["australian", "fire", "1000", "koala", "die"]);
/// ```
#[must_use]
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn compounds_split() {
        let cases: &[(&str, &[&str])] = &[
            ("AustralianFires", &["Australian", "Fires"]),
            ("realDonaldTrump", &["real", "Donald", "Trump"]),
            ("DefundTheCBC", &["Defund", "The", "CBC"]),
            ("CBCNews", &["CBC", "News"]),
            ("COVID19", &["COVID", "19"]),
            ("black_lives_matter", &["black", "lives", "matter"]),
            ("Ünal2024", &["Ünal", "2024"]),
            ("maga", &["maga"]),
        ];
        for (s, want) in cases {
            assert_eq!(split_compound(s), *want, "{s}");
        }
    }

    #[test]
    fn words_normalise_tweets() {
        let w = |t: &str| words(t).into_iter().map(|x| x.2).collect::<Vec<_>>();
        assert_eq!(
            w("#DefundTheCBChttps://t.co/CsHG8R9cHp pic.twitter.com/0eJ — Brad (@BradTrostCPC)"),
            ["defund", "cbc", "brad", "brad", "trost", "cpc"]
        );
        assert_eq!(
            w("70 per cent rose 5% to $1,500,000.50"),
            ["70", "percent", "rose", "5", "percent", "dollar", "1500000.50"]
        );
        assert_eq!(w("Obama’s don't Ünal"), ["obama's", "don't", "ünal"]);
        assert_eq!(w("北京 said"), ["北", "京", "said"]);
        // Offsets are byte ranges of the text.
        let text = "Ünal 😀 #BigNews";
        for (from, to, _) in words(text) {
            assert!(text.is_char_boundary(from) && text.is_char_boundary(to), "{from}..{to}");
        }
    }

    #[test]
    fn the_analyzer_stems_and_folds() {
        let mut a = analyzer();
        assert_eq!(terms(&mut a, "Ünal’s claims were running"), ["unal", "claim", "run"]);
    }
}
