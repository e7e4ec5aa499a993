//! Plain-text articles: blocks separated by blank lines, with the title taken from the first
//! short line. (Structure detection is refined in later changes.)

use crate::document::{ArticleMeta, BlockKind, Document, DocumentBuilder};

/// Build a document from normalised plain text.
#[must_use]
pub fn parse(text: &str) -> Document {
    let mut b = DocumentBuilder::default();
    for chunk in text.split("\n\n") {
        let chunk = chunk.trim();
        if chunk.is_empty() {
            continue;
        }
        let kind = if b.is_empty() && chunk.len() < 200 && !chunk.contains('\n') {
            BlockKind::Title
        } else {
            BlockKind::Paragraph
        };
        b.push(kind, &chunk.replace('\n', " "));
    }
    b.finish(ArticleMeta::default())
}
