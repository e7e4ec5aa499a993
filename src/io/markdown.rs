//! Markdown articles (`CommonMark` with tables and footnotes, via `pulldown-cmark`), with
//! optional YAML (`---`) or TOML (`+++`) front matter.
//!
//! - Front matter (`title`, `date`, `url`, `author`/`authors`, `publisher`, `lang`) goes to
//!   [`ArticleMeta`]; it is not part of the text.
//! - The first `#` heading is the [`BlockKind::Title`]; other headings keep their level. With
//!   no `#` heading, the front-matter title becomes the Title block (so the reader shows a
//!   headline), or else a heading that opens the document.
//! - Paragraphs, block quotes ([`BlockKind::Quote`]), list items (ordered ones keep their
//!   number, "3. "), code blocks ([`BlockKind::Preformatted`]), table rows (cells joined
//!   with " | ").
//! - Images: an image with a caption next to it (text in the same paragraph, or an
//!   emphasised or credited paragraph right after it) gives a [`BlockKind::Caption`] of that
//!   text; an image alone gives a caption of its alt text. Photo credits are detected as in
//!   plain text.
//! - Before the first body paragraph, a paragraph that is a date line or a byline becomes a
//!   [`BlockKind::Dateline`] or [`BlockKind::Byline`]; an emphasised paragraph right under
//!   the title is its [`BlockKind::Subtitle`].
//! - Inline markup is reduced to its text, inline HTML tags are dropped, entities are
//!   decoded (by the parser), HTML blocks are reduced to their text. Every other character
//!   (no-break spaces, non-breaking hyphens) is kept as written.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::document::{ArticleMeta, BlockKind, Document, DocumentBuilder};
use crate::io::plain;

/// Build a document from Markdown text.
///
/// Never fails and never panics; text without Markdown structure becomes paragraphs.
///
/// # Example
/// ```
/// use claimlens::document::BlockKind;
/// use claimlens::io::markdown;
/// let doc = markdown::parse(
///     "---\ntitle: Rates held\ndate: 2025-07-30\n---\n\nJuly 30, 2025\n\n\
///      The Committee **decided** to maintain the [target range](https://example.org).\n\n\
///      > Inflation remains somewhat elevated.\n",
/// );
/// let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
/// assert_eq!(kinds, [BlockKind::Title, BlockKind::Dateline, BlockKind::Paragraph, BlockKind::Quote]);
/// assert_eq!(doc.block_text(0), "Rates held");
/// assert_eq!(doc.block_text(2), "The Committee decided to maintain the target range.");
/// assert_eq!(doc.meta.date.as_deref(), Some("2025-07-30"));
/// doc.validate().unwrap();
/// ```
#[must_use]
pub fn parse(text: &str) -> Document {
    let (url, text) = plain::split_url_line(text);
    let (mut front, body) = split_front_matter(text);
    if front.url.is_none() {
        front.url = url;
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let has_h1 =
        Parser::new_ext(body, options).any(|e| matches!(e, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. })));
    let mut w = Walker::default();
    if !has_h1 && let Some(title) = front.title.as_deref() {
        w.push(BlockKind::Title, title);
        w.have_title = true;
    }
    w.first_heading_is_title = !has_h1;
    for ev in Parser::new_ext(body, options) {
        w.event(ev);
    }
    w.flush_pending_image();
    let mut meta = front;
    let b = w.b;
    let doc = b.finish(ArticleMeta::default());
    let title_block = doc.blocks.iter().find(|b| b.kind == BlockKind::Title).map(|b| doc.text[b.span].to_owned());
    meta.title = meta.title.or(title_block);
    if meta.date.is_none() {
        meta.date = doc
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Dateline)
            .find_map(|b| plain::find_date(&doc.text[b.span]))
            .map(str::to_owned);
    }
    if meta.byline.is_none() {
        meta.byline = doc
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Byline)
            .find_map(|b| plain::byline(&doc.text[b.span]))
            .map(|(names, _)| names);
    }
    Document { meta, ..doc }
}

/// Walks the parser's events, keeping the current inline text and the block context.
#[derive(Default)]
struct Walker {
    b: DocumentBuilder,
    /// Inline text of the block being read.
    buf: String,
    /// Inside an image: its alt text so far.
    alt: Option<String>,
    /// The title of the image being read (used when its alt text is empty).
    image_title: String,
    /// Alt texts of the images of the current block.
    images: Vec<String>,
    /// An image paragraph waiting to see whether the next paragraph is its caption.
    pending_image: Option<String>,
    heading: Option<HeadingLevel>,
    code: bool,
    quote_depth: usize,
    /// Ordered lists: the next number; bullet lists: `None`.
    lists: Vec<Option<u64>>,
    /// Inside a list item whose text has not been flushed yet.
    item_open: bool,
    item_prefix: String,
    html: Option<String>,
    cells: Vec<String>,
    /// The current paragraph so far is one emphasis span (an italic caption or standfirst).
    emphasis_only: bool,
    emphasis_depth: usize,
    have_title: bool,
    first_heading_is_title: bool,
    /// A body paragraph, list or quote has been read.
    body_started: bool,
}

impl Walker {
    fn push(&mut self, kind: BlockKind, text: &str) -> Option<usize> {
        self.b.push(kind, text)
    }

    fn push_caption(&mut self, text: &str) {
        let credit = plain::caption_credit(text.trim()).map(|r| text.trim()[r].to_owned());
        self.b.push_caption(text, credit.as_deref());
    }

    fn flush_pending_image(&mut self) {
        if let Some(alt) = self.pending_image.take() {
            self.push_caption(&alt);
        }
    }

    fn event(&mut self, ev: Event<'_>) {
        match ev {
            Event::Start(tag) => self.start(&tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(alt) = self.alt.as_mut() {
                    alt.push_str(&t);
                } else if let Some(html) = self.html.as_mut() {
                    html.push_str(&t);
                } else {
                    if self.emphasis_depth == 0 && !t.trim().is_empty() {
                        self.emphasis_only = false;
                    }
                    self.buf.push_str(&t);
                }
            }
            Event::Html(t) => {
                if let Some(html) = self.html.as_mut() {
                    html.push_str(&t);
                }
            }
            Event::SoftBreak => self.buf.push(' '),
            Event::HardBreak => self.buf.push('\n'),
            Event::TaskListMarker(done) => self.buf.push_str(if done { "[x] " } else { "[ ] " }),
            Event::InlineHtml(_) | Event::FootnoteReference(_) | Event::Rule => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.buf.clear();
                self.emphasis_only = true;
            }
            Tag::Heading { level, .. } => {
                self.flush_item();
                self.heading = Some(*level);
                self.buf.clear();
            }
            Tag::BlockQuote(_) => {
                self.flush_item();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush_item();
                self.code = true;
                self.buf.clear();
            }
            Tag::HtmlBlock => self.html = Some(String::new()),
            Tag::List(start) => {
                self.flush_item();
                self.lists.push(*start);
            }
            Tag::Item => {
                self.item_open = true;
                self.buf.clear();
                self.item_prefix = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let p = format!("{n}. ");
                        *n += 1;
                        p
                    }
                    _ => String::new(),
                };
            }
            Tag::Emphasis | Tag::Strong => self.emphasis_depth += 1,
            Tag::Image { title, .. } => {
                self.alt = Some(String::new());
                self.image_title = title.to_string();
            }
            Tag::TableHead | Tag::TableRow => self.cells.clear(),
            Tag::TableCell => self.buf.clear(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::Heading(level) => {
                self.heading = None;
                let text = std::mem::take(&mut self.buf);
                self.flush_pending_image();
                let title = !self.have_title
                    && (level == HeadingLevel::H1 || (self.first_heading_is_title && self.b.is_empty()));
                if title {
                    self.have_title = true;
                    self.push(BlockKind::Title, &text);
                } else {
                    self.push(BlockKind::Heading(level as u8), &text);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush_item();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.code = false;
                let text = std::mem::take(&mut self.buf);
                self.flush_pending_image();
                self.push(BlockKind::Preformatted, &text);
                self.body_started = true;
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    let text = super::html::fragment_text(&html);
                    if !text.trim().is_empty() {
                        self.flush_pending_image();
                        self.push(BlockKind::Paragraph, &text);
                    }
                }
            }
            TagEnd::List(_) => {
                self.flush_item();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush_item();
                self.item_open = false;
            }
            TagEnd::Emphasis | TagEnd::Strong => self.emphasis_depth = self.emphasis_depth.saturating_sub(1),
            TagEnd::Image => {
                let alt = self.alt.take().unwrap_or_default();
                let title = std::mem::take(&mut self.image_title);
                self.images.push(if alt.trim().is_empty() { title } else { alt });
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.buf);
                self.cells.push(cell.trim().to_owned());
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = self.cells.join(" | ");
                self.cells.clear();
                self.flush_pending_image();
                self.push(BlockKind::Paragraph, &row);
                self.body_started = true;
            }
            _ => {}
        }
    }

    /// Push the text of a list item read so far (before a nested list or at its end).
    fn flush_item(&mut self) {
        if self.item_open && !self.buf.trim().is_empty() {
            // The number goes on the item's first block only.
            let prefix = std::mem::take(&mut self.item_prefix);
            let text = format!("{prefix}{}", std::mem::take(&mut self.buf).trim());
            self.flush_pending_image();
            self.push(BlockKind::ListItem, &text);
            self.body_started = true;
        }
        self.buf.clear();
    }

    fn end_paragraph(&mut self) {
        if self.item_open {
            self.flush_item();
            return;
        }
        let text = std::mem::take(&mut self.buf);
        let text = text.trim();
        let images = std::mem::take(&mut self.images);
        let alt = images.join(" ");
        if self.quote_depth > 0 {
            self.flush_pending_image();
            self.push(BlockKind::Quote, text);
            self.body_started = true;
            return;
        }
        if !images.is_empty() {
            self.flush_pending_image();
            if text.is_empty() {
                self.pending_image = Some(alt);
            } else if text.len() <= 400 || plain::caption_credit(text).is_some() {
                self.push_caption(text);
            } else {
                self.push_caption(&alt);
                self.push(BlockKind::Paragraph, text);
                self.body_started = true;
            }
            return;
        }
        if text.is_empty() {
            return;
        }
        let short = text.len() <= 400;
        if self.pending_image.is_some() && short && (self.emphasis_only || plain::caption_credit(text).is_some()) {
            // The image's caption: it replaces the alt text.
            self.pending_image = None;
            self.push_caption(text);
            return;
        }
        self.flush_pending_image();
        let after_title = self.b.len() == 1 && self.have_title;
        if short && plain::caption_credit(text).is_some() {
            self.push_caption(text);
        } else if !self.body_started && plain::is_dateline(text) {
            self.push(BlockKind::Dateline, text);
        } else if !self.body_started && plain::byline(text).is_some() {
            self.push(BlockKind::Byline, text);
        } else if !self.body_started && after_title && self.emphasis_only && short {
            self.push(BlockKind::Subtitle, text);
        } else {
            self.push(BlockKind::Paragraph, text);
            self.body_started = true;
        }
    }
}

/// Front matter: `---` YAML or `+++` TOML, simple `key: value` / `key = "value"` lines.
fn split_front_matter(text: &str) -> (ArticleMeta, &str) {
    let mut meta = ArticleMeta::default();
    let start = text.trim_start_matches(['\n', ' ', '\t']);
    let offset = text.len() - start.len();
    let (fence, sep) = if start.starts_with("---\n") {
        ("---", ':')
    } else if start.starts_with("+++\n") {
        ("+++", '=')
    } else {
        return (meta, text);
    };
    let after_open = offset + fence.len() + 1;
    let rest = &text[after_open..];
    let mut pos = 0;
    let mut close = None;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == fence || (fence == "---" && l == "...") {
            close = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((close_start, close_end)) = close else { return (meta, text) };
    let header = &rest[..close_start];
    let body = &rest[close_end..];
    let mut last_key = String::new();
    let mut authors: Vec<String> = Vec::new();
    for line in header.lines() {
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            if matches!(last_key.as_str(), "author" | "authors" | "byline") {
                authors.push(unquote(item).to_owned());
            }
            continue;
        }
        let Some((key, value)) = line.split_once(sep) else { continue };
        let key = key.trim().to_ascii_lowercase();
        let value = unquote(value);
        last_key.clone_from(&key);
        if value.is_empty() {
            continue;
        }
        let slot = match key.as_str() {
            "title" | "headline" => &mut meta.title,
            "date" | "published" | "published_at" | "pubdate" => &mut meta.date,
            "url" | "link" | "canonical_url" | "source_url" => &mut meta.url,
            "author" | "authors" | "byline" => &mut meta.byline,
            "publisher" | "site" | "site_name" | "source" => &mut meta.publisher,
            "lang" | "language" => &mut meta.language,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.to_owned());
        }
    }
    if meta.byline.is_none() && !authors.is_empty() {
        meta.byline = Some(authors.join(", "));
    }
    (meta, body)
}

fn unquote(v: &str) -> &str {
    let v = v.trim();
    let v = v.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or(v).trim();
    ['"', '\''].iter().find_map(|q| v.strip_prefix(*q).and_then(|v| v.strip_suffix(*q))).unwrap_or(v).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span])).collect()
    }

    #[test]
    fn structure() {
        let md = "# Allies meet\n\n*Ministers gather in Brussels*\n\nBy Jane Doe\n\n## Aid\n\nThe <b>aid</b> &amp; loans\ncontinue.\n\n- one\n- two\n  1. nested\n\n```\ncode\n  here\n```\n\n![A tank](tank.jpg)\n\n*The tank in Kyiv. (AP Photo/Jane Roe)*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let doc = parse(md);
        doc.validate().unwrap();
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "Allies meet"),
                (BlockKind::Subtitle, "Ministers gather in Brussels"),
                (BlockKind::Byline, "By Jane Doe"),
                (BlockKind::Heading(2), "Aid"),
                (BlockKind::Paragraph, "The aid & loans continue."),
                (BlockKind::ListItem, "one"),
                (BlockKind::ListItem, "two"),
                (BlockKind::ListItem, "1. nested"),
                (BlockKind::Preformatted, "code\n  here"),
                (BlockKind::Caption, "The tank in Kyiv. (AP Photo/Jane Roe)"),
                (BlockKind::Paragraph, "a | b"),
                (BlockKind::Paragraph, "1 | 2"),
            ]
        );
        let caption = &doc.blocks[9];
        assert_eq!(&doc.text[caption.credit.unwrap()], "AP Photo/Jane Roe");
        assert_eq!(doc.meta.title.as_deref(), Some("Allies meet"));
        assert_eq!(doc.meta.byline.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn front_matter() {
        let (meta, body) = split_front_matter(
            "---\ntitle: \"Rates\"\nauthors:\n  - Jane Doe\n  - John Roe\nurl: https://x.org/a\n---\nBody",
        );
        assert_eq!(meta.title.as_deref(), Some("Rates"));
        assert_eq!(meta.byline.as_deref(), Some("Jane Doe, John Roe"));
        assert_eq!(meta.url.as_deref(), Some("https://x.org/a"));
        assert_eq!(body, "Body");
        // Unclosed: not front matter.
        let (meta, body) = split_front_matter("---\ntitle: x\n");
        assert_eq!((meta.title, body), (None, "---\ntitle: x\n"));
        let (meta, _) = split_front_matter("+++\ntitle = \"T\"\n+++\n");
        assert_eq!(meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn image_alone_gives_alt_caption() {
        let doc = parse("Intro text here.\n\n![Minister in Rotterdam (AP Photo/Jane Roe)](x.jpg)\n\nMore text.");
        assert_eq!(doc.blocks[1].kind, BlockKind::Caption);
        assert_eq!(&doc.text[doc.blocks[1].credit.unwrap()], "AP Photo/Jane Roe");
    }
}
