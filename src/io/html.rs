//! HTML pages: the article body is extracted readability-style with `dom_smoothie`.

use crate::document::{ArticleMeta, Document};

/// Build a document from an HTML page. Nothing is fetched from the network.
#[must_use]
pub fn parse(html: &str) -> Document {
    let text = dom_smoothie::Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| a.text_content.to_string())
        .unwrap_or_default();
    let mut doc = super::plain::parse(&text);
    doc.meta = ArticleMeta::default();
    doc
}
