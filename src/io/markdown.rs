//! Markdown articles (`CommonMark` via `pulldown-cmark`).

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::document::{ArticleMeta, BlockKind, Document, DocumentBuilder};

/// Build a document from Markdown.
#[must_use]
pub fn parse(text: &str) -> Document {
    let mut b = DocumentBuilder::default();
    let mut kind = BlockKind::Paragraph;
    let mut buf = String::new();
    for ev in Parser::new(text) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => kind = BlockKind::Heading(level as u8),
            Event::Start(Tag::Paragraph) => kind = BlockKind::Paragraph,
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => {
                b.push(kind, &buf);
                buf.clear();
            }
            Event::Text(t) | Event::Code(t) => buf.push_str(&t),
            Event::SoftBreak | Event::HardBreak => buf.push(' '),
            _ => {}
        }
    }
    b.finish(ArticleMeta::default())
}
