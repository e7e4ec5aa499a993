//! Conversions between UTF-8 byte offsets (internal) and Unicode code point offsets (exports,
//! CLI JSON, and the gold files other tools write).
//!
//! [`CharIndex`] answers both directions in `O(log n + k)` with a checkpoint every
//! [`CharIndex::STRIDE`] bytes, so converting thousands of spans of a long article stays cheap.

use super::ByteSpan;

/// A lookup table between byte offsets and code point offsets of one text.
///
/// # Example
/// ```
/// use claimlens::document::{ByteSpan, offsets::CharIndex};
/// let text = "Māori and Zürich";
/// let index = CharIndex::new(text);
/// let span = ByteSpan::new(11, 18); // "Zürich"
/// assert_eq!(&text[span], "Zürich");
/// assert_eq!(index.to_chars(span), (10, 16));
/// assert_eq!(index.to_bytes(10, 16), Some(span));
/// ```
#[derive(Clone, Debug)]
pub struct CharIndex<'t> {
    text: &'t str,
    /// `(byte, char)` at every checkpoint; the first is `(0, 0)`.
    checkpoints: Vec<(usize, usize)>,
    char_len: usize,
    ascii: bool,
}

impl<'t> CharIndex<'t> {
    /// Bytes between checkpoints.
    pub const STRIDE: usize = 256;

    /// Index `text`. `O(n)` once.
    #[must_use]
    pub fn new(text: &'t str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = vec![(0, 0)];
        let mut char_len = 0;
        if ascii {
            char_len = text.len();
        } else {
            let mut next = Self::STRIDE;
            for (b, _) in text.char_indices() {
                if b >= next {
                    checkpoints.push((b, char_len));
                    next = b + Self::STRIDE;
                }
                char_len += 1;
            }
        }
        Self { text, checkpoints, char_len, ascii }
    }

    /// Number of code points in the text.
    #[must_use]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// The code point offset of byte offset `byte`.
    ///
    /// # Panics
    /// If `byte` is not a char boundary of the text.
    #[must_use]
    pub fn char_of(&self, byte: usize) -> usize {
        assert!(self.text.is_char_boundary(byte), "byte offset {byte} is not a char boundary");
        if self.ascii {
            return byte;
        }
        let i = self.checkpoints.partition_point(|&(b, _)| b <= byte) - 1;
        let (b0, c0) = self.checkpoints[i];
        c0 + self.text[b0..byte].chars().count()
    }

    /// The byte offset of code point offset `ch`, or `None` past the end.
    #[must_use]
    pub fn byte_of(&self, ch: usize) -> Option<usize> {
        if ch > self.char_len {
            return None;
        }
        if self.ascii {
            return Some(ch);
        }
        let i = self.checkpoints.partition_point(|&(_, c)| c <= ch) - 1;
        let (b0, c0) = self.checkpoints[i];
        let rest = &self.text[b0..];
        let skip = ch - c0;
        Some(match rest.char_indices().nth(skip) {
            Some((b, _)) => b0 + b,
            None => self.text.len(),
        })
    }

    /// A byte span as `(start, end)` code point offsets.
    #[must_use]
    pub fn to_chars(&self, span: ByteSpan) -> (usize, usize) {
        (self.char_of(span.start), self.char_of(span.end))
    }

    /// Code point offsets `start..end` as a byte span, or `None` when out of range or reversed.
    #[must_use]
    pub fn to_bytes(&self, start: usize, end: usize) -> Option<ByteSpan> {
        if start > end {
            return None;
        }
        Some(ByteSpan::new(self.byte_of(start)?, self.byte_of(end)?))
    }
}

/// The largest char boundary `<= at` (clamped to the text).
#[must_use]
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    text.floor_char_boundary(at)
}

/// The smallest char boundary `>= at` (clamped to the text).
#[must_use]
pub fn ceil_char_boundary(text: &str, at: usize) -> usize {
    text.ceil_char_boundary(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_boundary_mixed_scripts() {
        let mut text = String::new();
        for i in 0..200 {
            text.push_str(["a", "é", "中", "😀", "ا", " "][i % 6]);
        }
        let index = CharIndex::new(&text);
        for (ci, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_of(b), ci);
            assert_eq!(index.byte_of(ci), Some(b));
        }
        assert_eq!(index.char_of(text.len()), index.char_len());
        assert_eq!(index.byte_of(index.char_len()), Some(text.len()));
        assert_eq!(index.byte_of(index.char_len() + 1), None);
    }

    #[test]
    #[should_panic(expected = "not a char boundary")]
    fn inside_char_panics() {
        let _ = CharIndex::new("né").char_of(2);
    }
}
