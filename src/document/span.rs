//! [`ByteSpan`]: the one span type of the engine.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open range of UTF-8 byte offsets (serialised as a `(start, end)` pair), `start..end`, into a document's canonical text.
///
/// Every span in ClaimLens (blocks, tokens, entities, claims, selections) is a `ByteSpan`
/// into [`crate::document::Document::text`]. Both ends lie on `char` boundaries of that
/// text. Offsets in Unicode code points (for exports and the CLI) are computed at the edge
/// with [`crate::document::offsets::CharIndex`].
///
/// # Example
/// ```
/// use claimlens::document::ByteSpan;
/// let text = "Zürich is in Switzerland.";
/// let span = ByteSpan::new(0, 7);
/// assert_eq!(&text[span], "Zürich");
/// assert_eq!(span.len(), 7);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "(usize, usize)", try_from = "(usize, usize)")]
pub struct ByteSpan {
    /// First byte, inclusive.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl ByteSpan {
    /// A span `start..end`.
    ///
    /// # Panics
    /// If `start > end`.
    #[inline]
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        assert!(start <= end, "ByteSpan start must not exceed end");
        Self { start, end }
    }

    /// A span `start..end` checked against `text`: `None` unless both ends are in bounds and
    /// on `char` boundaries and `start <= end`.
    #[must_use]
    pub fn checked(text: &str, start: usize, end: usize) -> Option<Self> {
        (start <= end && text.is_char_boundary(start) && text.is_char_boundary(end)).then_some(Self { start, end })
    }

    /// The empty span at `at`.
    #[inline]
    #[must_use]
    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    /// Number of bytes.
    #[inline]
    #[must_use]
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// True when `start == end`.
    #[inline]
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// As a `Range<usize>`.
    #[inline]
    #[must_use]
    pub const fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// True when the two spans share at least one byte (an empty span overlaps nothing).
    #[inline]
    #[must_use]
    pub const fn overlaps(self, other: Self) -> bool {
        self.start < other.end && other.start < self.end && !self.is_empty() && !other.is_empty()
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    #[must_use]
    pub const fn contains_span(self, other: Self) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when byte `at` lies inside the span (`start <= at < end`).
    #[inline]
    #[must_use]
    pub const fn contains(self, at: usize) -> bool {
        self.start <= at && at < self.end
    }

    /// The overlap of two spans, if they overlap or touch.
    #[must_use]
    pub fn intersect(self, other: Self) -> Option<Self> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start <= end).then_some(Self { start, end })
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Shift right by `by` bytes (to turn a sentence- or block-local span into a document span).
    #[inline]
    #[must_use]
    pub const fn rshift(self, by: usize) -> Self {
        Self { start: self.start + by, end: self.end + by }
    }

    /// Narrow the span so it does not start or end with whitespace in `text`.
    #[must_use]
    pub fn trim(self, text: &str) -> Self {
        let s = &text[self];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead == s.len() {
            return Self::empty(self.start);
        }
        Self { start: self.start + lead, end: self.end - trail }
    }
}

impl From<Range<usize>> for ByteSpan {
    fn from(r: Range<usize>) -> Self {
        Self::new(r.start, r.end)
    }
}

impl From<ByteSpan> for (usize, usize) {
    fn from(s: ByteSpan) -> Self {
        (s.start, s.end)
    }
}

impl TryFrom<(usize, usize)> for ByteSpan {
    type Error = String;
    fn try_from((start, end): (usize, usize)) -> Result<Self, String> {
        if start <= end { Ok(Self { start, end }) } else { Err(format!("span start {start} exceeds end {end}")) }
    }
}

impl std::ops::Index<ByteSpan> for str {
    type Output = Self;
    #[inline]
    fn index(&self, span: ByteSpan) -> &Self {
        &self[span.start..span.end]
    }
}

impl std::ops::Index<ByteSpan> for String {
    type Output = str;
    #[inline]
    fn index(&self, span: ByteSpan) -> &str {
        &self.as_str()[span.start..span.end]
    }
}

impl std::fmt::Display for ByteSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_and_overlap() {
        let text = "  Kyiv  ";
        let s = ByteSpan::new(0, text.len()).trim(text);
        assert_eq!(&text[s], "Kyiv");
        assert!(ByteSpan::new(0, 4).overlaps(ByteSpan::new(3, 5)));
        assert!(!ByteSpan::new(0, 3).overlaps(ByteSpan::new(3, 5)));
        assert_eq!(ByteSpan::new(0, 3).intersect(ByteSpan::new(3, 5)), Some(ByteSpan::empty(3)));
        assert_eq!(ByteSpan::new(0, 2).intersect(ByteSpan::new(3, 5)), None);
        assert_eq!(ByteSpan::new(1, 3).trim("   "), ByteSpan::empty(1));
    }

    #[test]
    fn checked_rejects_inside_char() {
        let text = "né";
        assert!(ByteSpan::checked(text, 0, 2).is_none());
        assert!(ByteSpan::checked(text, 0, 3).is_some());
        assert!(ByteSpan::checked(text, 2, 1).is_none());
        assert!(ByteSpan::checked(text, 0, 4).is_none());
    }
}
