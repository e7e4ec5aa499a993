//! Word boundaries for snapping selections (UAX #29 via `unicode-segmentation`).
//!
//! Only a short window around each end is segmented, so snapping costs the same in a
//! 1 MB article as in a tweet.

use unicode_segmentation::UnicodeSegmentation as _;

use super::ByteSpan;

/// How far (bytes) to look for the whitespace that bounds the run around an offset.
const WINDOW: usize = 256;

/// The whitespace-free run of `text` around byte `at` (bounded by [`WINDOW`] each way).
fn run_around(text: &str, at: usize) -> (usize, usize) {
    let lo = text.floor_char_boundary(at.saturating_sub(WINDOW));
    let hi = text.ceil_char_boundary((at + WINDOW).min(text.len()));
    let start = text[lo..at].rfind(char::is_whitespace).map_or(lo, |i| {
        let c = text[lo + i..].chars().next().map_or(1, char::len_utf8);
        lo + i + c
    });
    let end = text[at..hi].find(char::is_whitespace).map_or(hi, |i| at + i);
    (start, end)
}

/// The word (UAX #29 word-bound segment containing letters or digits) around byte `at`, if
/// `at` is inside or at the start of one.
#[must_use]
pub fn word_at(text: &str, at: usize) -> Option<ByteSpan> {
    let at = text.floor_char_boundary(at.min(text.len()));
    let (start, end) = run_around(text, at);
    text[start..end]
        .split_word_bound_indices()
        .map(|(i, w)| ByteSpan::new(start + i, start + i + w.len()))
        .find(|s| (s.start <= at && at < s.end) || (s.start == at && s.is_empty()))
        .filter(|s| text[*s].chars().any(char::is_alphanumeric))
}

/// Grow `span` so that it does not start or end in the middle of a word, then trim
/// surrounding whitespace. A selection that starts in "Heg|seth" starts at "Hegseth".
///
/// # Example
/// ```
/// use claimlens::document::{ByteSpan, words::snap_to_words};
/// let text = "Pete Hegseth said NATO must spend 5%.";
/// let s = snap_to_words(text, ByteSpan::new(8, 20));
/// assert_eq!(&text[s], "Hegseth said NATO");
/// ```
#[must_use]
pub fn snap_to_words(text: &str, span: ByteSpan) -> ByteSpan {
    let start = text.floor_char_boundary(span.start.min(text.len()));
    let end = text.ceil_char_boundary(span.end.min(text.len()));
    let start = word_at(text, start).map_or(start, |w| w.start);
    let end = if end > start {
        // The word containing the last selected character.
        let last = text[..end].char_indices().next_back().map_or(end, |(i, _)| i);
        word_at(text, last).map_or(end, |w| w.end.max(end))
    } else {
        end
    };
    ByteSpan::new(start, end.max(start)).trim(text)
}

/// True for characters of scripts written without spaces between words, which word counts
/// count one by one: Han ideographs (Chinese, Japanese kanji) and Japanese kana.
#[must_use]
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3134F // CJK Extensions B–G
    )
}

/// The number of words in `text`, as a reader (or a word processor) counts them: UAX #29
/// words that contain a letter or digit, except that in Chinese and Japanese, which are
/// written without spaces, each ideograph or kana counts as one word. Korean, written with
/// spaces, is counted by its words.
///
/// # Example
/// ```
/// use claimlens::document::words::count_words;
/// assert_eq!(count_words("NATO's 5% target, said Pete Hegseth."), 6);
/// assert_eq!(count_words("北约秘书长说"), 6);
/// assert_eq!(count_words("国防費は5%に"), 6);
/// assert_eq!(count_words("한국 정부는 발표했다"), 3);
/// ```
#[must_use]
pub fn count_words(text: &str) -> usize {
    text.unicode_words()
        .map(|w| {
            let unspaced = w.chars().filter(|c| is_unspaced_script(*c)).count();
            if unspaced == 0 {
                1
            } else {
                unspaced + usize::from(w.chars().any(|c| c.is_alphanumeric() && !is_unspaced_script(c)))
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snaps_inside_words_and_keeps_outside_edges() {
        let text = "Zelensky’s “peace plan” für Kyiv — 中文字 ok";
        let find = |s: &str| {
            let i = text.find(s).unwrap();
            ByteSpan::new(i, i + s.len())
        };
        let s = snap_to_words(text, ByteSpan::new(find("lensky").start, find("peace").start + 2));
        assert_eq!(&text[s], "Zelensky’s “peace");
        let s = snap_to_words(text, ByteSpan::new(find("ür").start, find("Kyiv").start + 1));
        assert_eq!(&text[s], "für Kyiv");
        // Already on boundaries: unchanged except for trimming.
        let s = snap_to_words(text, find(" plan” "));
        assert_eq!(&text[s], "plan”");
        // CJK: each ideograph is its own word.
        let s = snap_to_words(text, find("文"));
        assert_eq!(&text[s], "文");
        assert_eq!(word_at(text, find("Kyiv").start + 2), Some(find("Kyiv")));
        assert_eq!(word_at(text, find("—").start), None);
    }

    #[test]
    fn never_panics_at_edges() {
        for text in ["", " ", "a", "é", "a b", "😀😀"] {
            for i in 0..=text.len() {
                for j in i..=text.len() {
                    let s = snap_to_words(text, ByteSpan::new(i, j));
                    assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                }
            }
        }
    }
}
