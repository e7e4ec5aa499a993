//! The document model: an article's canonical text and its block structure.
//!
//! Pure data. No egui, no file IO. Importers in [`crate::io`] build a [`Document`] once
//! (decode, normalise, detect structure); everything else refers to it with [`ByteSpan`]s.

pub mod bidi;
pub mod offsets;
pub mod scripts;
mod span;
pub mod synthetic;
pub mod words;

use serde::{Deserialize, Serialize};

pub use span::ByteSpan;

/// What a block of the article is, for styling and for the reader's orientation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BlockKind {
    /// The headline.
    Title,
    /// A standfirst or subtitle under the headline.
    Subtitle,
    /// "WASHINGTON (AP) —", "CNN —", or a date line such as "Friday, August 21, 2015".
    Dateline,
    /// "By Jane Doe and John Roe".
    Byline,
    /// A section heading, level 1 (largest) to 6.
    Heading(u8),
    /// Body text.
    Paragraph,
    /// A photo caption (its credit, if any, is a span inside it,
    /// [`Block::credit`]).
    Caption,
    /// A quoted block (HTML `<blockquote>`, Markdown `>`).
    Quote,
    /// One item of a list.
    ListItem,
    /// Preformatted or code text, shown monospaced.
    Preformatted,
}

impl BlockKind {
    /// A short human name ("title", "caption", …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Subtitle => "subtitle",
            Self::Dateline => "dateline",
            Self::Byline => "byline",
            Self::Heading(_) => "heading",
            Self::Paragraph => "paragraph",
            Self::Caption => "caption",
            Self::Quote => "quote",
            Self::ListItem => "list item",
            Self::Preformatted => "preformatted",
        }
    }
}

/// One block of the article: a contiguous span of [`Document::text`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Where the block's text is. Trimmed: it neither starts nor ends with whitespace.
    pub span: ByteSpan,
    /// What the block is.
    pub kind: BlockKind,
    /// For captions: the photo credit inside the caption ("AP Photo/Jane Doe",
    /// "John Roe via REUTERS").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<ByteSpan>,
}

impl Block {
    /// A block without a credit.
    #[must_use]
    pub fn new(span: ByteSpan, kind: BlockKind) -> Self {
        Self { span, kind, credit: None }
    }
}

/// The input format an article was imported from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceFormat {
    /// Plain text.
    #[default]
    PlainText,
    /// Markdown (`CommonMark`, with optional YAML front matter).
    Markdown,
    /// An HTML page.
    Html,
    /// An XML document (e.g. `TimeML`) reduced to its text.
    Xml,
}

/// What is known about the article itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// The headline, if known.
    #[serde(default)]
    pub title: Option<String>,
    /// Who published it (site or outlet name), if known.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Author(s), if known.
    #[serde(default)]
    pub byline: Option<String>,
    /// Publication date as written in the source (ISO 8601 where the source gives one).
    #[serde(default)]
    pub date: Option<String>,
    /// Canonical URL, if the source names one.
    #[serde(default)]
    pub url: Option<String>,
    /// Language code, if the source names one.
    #[serde(default)]
    pub language: Option<String>,
}

/// An imported article: canonical text plus structure.
///
/// Invariants (checked by [`Document::validate`]):
/// - every block span lies in `text`, on char boundaries, trimmed and non-empty;
/// - blocks are sorted and do not overlap;
/// - a caption's credit lies inside the caption.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The canonical text. Line endings are `\n`; blocks are separated by blank lines.
    pub text: String,
    /// The blocks, in reading order.
    pub blocks: Vec<Block>,
    /// Metadata found while importing.
    #[serde(default)]
    pub meta: ArticleMeta,
}

impl Document {
    /// Build a document from blocks of text, joining them with blank lines.
    ///
    /// Each block's text is trimmed; empty blocks are dropped.
    ///
    /// # Example
    /// ```
    /// use claimlens::document::{BlockKind, Document};
    /// let doc = Document::from_blocks([
    ///     (BlockKind::Title, "Kyiv talks"),
    ///     (BlockKind::Paragraph, "  NATO met in Brussels.  "),
    /// ]);
    /// assert_eq!(doc.text, "Kyiv talks\n\nNATO met in Brussels.");
    /// assert_eq!(&doc.text[doc.blocks[1].span], "NATO met in Brussels.");
    /// ```
    #[must_use]
    pub fn from_blocks<'a>(blocks: impl IntoIterator<Item = (BlockKind, &'a str)>) -> Self {
        let mut b = DocumentBuilder::default();
        for (kind, text) in blocks {
            b.push(kind, text);
        }
        b.finish(ArticleMeta::default())
    }

    /// The text of block `i`.
    ///
    /// # Panics
    /// If `i` is out of range.
    #[must_use]
    pub fn block_text(&self, i: usize) -> &str {
        &self.text[self.blocks[i].span]
    }

    /// The index of the block containing byte `at`, or of the first block after it.
    #[must_use]
    pub fn block_at_or_after(&self, at: usize) -> usize {
        self.blocks.partition_point(|b| b.span.end <= at)
    }

    /// The range of block indices whose spans share at least one byte with `span`.
    #[must_use]
    pub fn blocks_overlapping(&self, span: ByteSpan) -> std::ops::Range<usize> {
        let lo = self.blocks.partition_point(|b| b.span.end <= span.start);
        let hi = self.blocks.partition_point(|b| b.span.start < span.end);
        lo..hi.max(lo)
    }

    /// The title: the metadata title, else the first Title block, else the first block.
    #[must_use]
    pub fn display_title(&self) -> Option<&str> {
        if let Some(t) = self.meta.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return Some(t);
        }
        self.blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .or_else(|| self.blocks.first())
            .map(|b| &self.text[b.span])
    }

    /// Check the invariants listed on [`Document`].
    ///
    /// # Errors
    /// A description of the first violated invariant.
    pub fn validate(&self) -> Result<(), String> {
        let mut prev_end = 0;
        for (i, b) in self.blocks.iter().enumerate() {
            let s = b.span;
            if ByteSpan::checked(&self.text, s.start, s.end).is_none() || s.end > self.text.len() {
                return Err(format!("block {i} span {s} is out of bounds or not on char boundaries"));
            }
            if s.is_empty() {
                return Err(format!("block {i} is empty"));
            }
            if s.start < prev_end {
                return Err(format!("block {i} span {s} overlaps the previous block"));
            }
            if s.trim(&self.text) != s {
                return Err(format!("block {i} span {s} is not trimmed"));
            }
            if let Some(c) = b.credit
                && !s.contains_span(c)
            {
                return Err(format!("block {i} credit {c} lies outside the block"));
            }
            prev_end = s.end;
        }
        Ok(())
    }
}

/// Builds a [`Document`] block by block, joining blocks with a blank line.
#[derive(Debug, Default)]
pub struct DocumentBuilder {
    text: String,
    blocks: Vec<Block>,
}

impl DocumentBuilder {
    /// Append a block; its text is trimmed and empty blocks are skipped. Returns the block's
    /// index, if one was added.
    pub fn push(&mut self, kind: BlockKind, text: &str) -> Option<usize> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.blocks.push(Block::new(ByteSpan::new(start, self.text.len()), kind));
        Some(self.blocks.len() - 1)
    }

    /// Append a caption whose last `credit` bytes (a suffix of `text` after trimming) are
    /// its photo credit.
    pub fn push_caption(&mut self, text: &str, credit: Option<&str>) -> Option<usize> {
        let i = self.push(BlockKind::Caption, text)?;
        if let Some(credit) = credit.map(str::trim).filter(|c| !c.is_empty()) {
            let span = self.blocks[i].span;
            if let Some(pos) = self.text[span].rfind(credit) {
                let start = span.start + pos;
                self.blocks[i].credit = Some(ByteSpan::new(start, start + credit.len()));
            }
        }
        Some(i)
    }

    /// The text so far.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of blocks so far.
    #[must_use]
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// True when no block has been added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Change the kind of block `i`.
    ///
    /// # Panics
    /// If `i` is out of range.
    pub fn set_kind(&mut self, i: usize, kind: BlockKind) {
        self.blocks[i].kind = kind;
    }

    /// The finished document.
    #[must_use]
    pub fn finish(self, meta: ArticleMeta) -> Document {
        Document { text: self.text, blocks: self.blocks, meta }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_and_block_lookup() {
        let doc = Document::from_blocks([
            (BlockKind::Title, "Título"),
            (BlockKind::Paragraph, ""),
            (BlockKind::Paragraph, "Première phrase."),
            (BlockKind::Paragraph, "Zweite."),
        ]);
        doc.validate().unwrap();
        assert_eq!(doc.blocks.len(), 3);
        assert_eq!(doc.block_text(1), "Première phrase.");
        let s1 = doc.blocks[1].span;
        assert_eq!(doc.block_at_or_after(s1.start), 1);
        assert_eq!(doc.block_at_or_after(s1.end), 2);
        assert_eq!(doc.blocks_overlapping(ByteSpan::new(s1.start + 1, doc.blocks[2].span.start + 2)), 1..3);
        assert_eq!(doc.blocks_overlapping(ByteSpan::new(0, 1)), 0..1);
        assert_eq!(doc.display_title(), Some("Título"));
    }

    #[test]
    fn caption_credit_is_inside() {
        let mut b = DocumentBuilder::default();
        b.push_caption("Ministers arrive in Oslo. (AP Photo/Jane Doe)", Some("AP Photo/Jane Doe"));
        let doc = b.finish(ArticleMeta::default());
        doc.validate().unwrap();
        assert_eq!(&doc.text[doc.blocks[0].credit.unwrap()], "AP Photo/Jane Doe");
    }
}
