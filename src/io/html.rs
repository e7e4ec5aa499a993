//! HTML pages: the article body is extracted readability-style with `dom_smoothie`, then
//! walked with `dom_query` to produce blocks.
//!
//! 1. Boilerplate is removed from the page first (scripts, styles, forms, navigation,
//!    `MediaWiki` edit links, reference markers, navboxes, infoboxes, tables of contents,
//!    hatnotes), which also helps the readability scoring.
//! 2. `dom_smoothie` picks the article's main content and reads its metadata (title, byline,
//!    site name, publication time, canonical URL, language). It is given no document URL,
//!    so it resolves no links; it does no IO of any kind (it has no network dependency).
//! 3. The content is walked: `h1`–`h6` → [`BlockKind::Heading`] with their level (the
//!    article title → [`BlockKind::Title`]), `p` → paragraphs, `figcaption` and `MediaWiki`
//!    thumbnail captions → [`BlockKind::Caption`] (the credit from a `credit`/`copyright`
//!    element, or detected in the text as for plain text), `blockquote` →
//!    [`BlockKind::Quote`], `li` → [`BlockKind::ListItem`], `pre` →
//!    [`BlockKind::Preformatted`], table rows → paragraphs with cells joined by " | ".
//!    Whitespace is collapsed as a browser would; `<br>` keeps a line break. Reference
//!    markers left in the text (`[12]`, `[a]`, `[edit]`, `[citation needed]`) are removed,
//!    and so are sections of references and links ("References", "External links", "See
//!    also", "Notes", "Sources", …).
//! 4. When readability finds nothing worth reading (short pages, fragments), the page's
//!    `<body>` minus boilerplate (also `header`, `footer`, `aside`) is walked instead.
//!
//! Images are never loaded and URLs never resolved: only text is read.

use std::sync::LazyLock;

use dom_query::{Document as Dom, NodeRef};
use regex::Regex;

use crate::document::{ArticleMeta, BlockKind, Document, DocumentBuilder};
use crate::io::page_meta::collapse_ws;
use crate::io::plain;

/// Elements and classes that are never article text.
const BOILERPLATE: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "canvas",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "[role=navigation]",
    "[role=search]",
    ".mw-editsection",
    "sup.reference",
    "sup.noprint",
    ".mw-cite-backlink",
    ".reflist",
    "ol.references",
    ".navbox",
    ".vertical-navbox",
    ".sidebar",
    ".infobox",
    ".toc",
    "#toc",
    ".mw-jump-link",
    "#catlinks",
    ".catlinks",
    ".printfooter",
    ".mw-indicators",
    "#siteSub",
    "#contentSub",
    "#coordinates",
    ".hatnote",
    ".ambox",
    ".metadata",
    ".noprint",
    ".magnify",
    "#mw-navigation",
    "#mw-panel",
    "#mw-head",
    "#footer",
    ".mw-footer",
    ".portal",
    ".mw-empty-elt",
];

/// Removed too when walking a whole `<body>` (readability removes them itself).
const PAGE_CHROME: &[&str] =
    &["header", "footer", "aside", "[role=banner]", "[role=contentinfo]", "[role=complementary]", "menu"];

/// Headings of sections that are lists of references or links, not article text.
const SKIPPED_SECTIONS: &[&str] = &[
    "references",
    "notes",
    "footnotes",
    "citations",
    "sources",
    "bibliography",
    "external links",
    "further reading",
    "see also",
    "notes and references",
    "references and notes",
    "related articles",
    "related news",
];

/// Classes of elements holding a photo caption.
const CAPTION_CLASSES: &[&str] =
    &["thumbcaption", "wp-caption-text", "caption", "image-caption", "media-caption", "photo-caption", "figcaption"];

/// Classes of the credit inside a caption.
const CREDIT_CLASSES: &[&str] = &[
    "credit",
    "credits",
    "image-credit",
    "photo-credit",
    "caption-credit",
    "media-credit",
    "copyright",
    "attribution",
];

/// Extracted text shorter than this (in bytes) means readability found no article.
const MIN_ARTICLE_BYTES: usize = 200;

/// Build a document from an HTML page.
///
/// Never fails and never panics (a panic inside the HTML libraries falls back to the plain
/// body walk, then to nothing); nothing is fetched from the network.
///
/// # Example
/// ```
/// use claimlens::document::BlockKind;
/// use claimlens::io::html;
/// let page = "<html><head><title>Allies meet</title></head><body><nav><a href='/'>Home</a></nav>\
///     <h1>Allies meet</h1><p>Ministers met in Brussels on Wednesday.<sup class='reference'>[1]</sup></p>\
///     <figure><img src='x.jpg'><figcaption>The minister arrives. (AP Photo/Jane Roe)</figcaption></figure>\
///     </body></html>";
/// let doc = html::parse(page);
/// let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
/// assert_eq!(kinds, [BlockKind::Title, BlockKind::Paragraph, BlockKind::Caption]);
/// assert_eq!(doc.block_text(1), "Ministers met in Brussels on Wednesday.");
/// assert_eq!(&doc.text[doc.blocks[2].credit.unwrap()], "AP Photo/Jane Roe");
/// doc.validate().unwrap();
/// ```
#[must_use]
pub fn parse(html: &str) -> Document {
    parse_with_url(html, None)
}

/// [`parse`] for a page fetched from `page_url`: its metadata ([`crate::io::page_meta`]) can
/// then resolve a relative canonical link, and the page's address is its URL when it names
/// none.
#[must_use]
pub fn parse_with_url(html: &str, page_url: Option<&str>) -> Document {
    let guarded =
        |f: &dyn Fn() -> Option<Document>| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok().flatten();
    let mut doc = guarded(&|| readable(html, page_url))
        .or_else(|| guarded(&|| Some(body_walk(html, page_url))))
        .unwrap_or_default();
    if doc.meta.url.is_none() {
        doc.meta.url = page_url.map(str::to_owned);
    }
    doc
}

/// The blocks of one XHTML section of a larger document (an e-book chapter): the `<body>`
/// minus boilerplate, every `h1`–`h6` a [`BlockKind::Heading`] (none becomes the title), no
/// section skipped (an e-book's "Notes" are part of it).
#[must_use]
pub fn section_blocks(html: &str) -> Document {
    let walk = || {
        let dom = Dom::from(html);
        remove_all(&dom, BOILERPLATE);
        let mut w = Walker::new(None);
        w.section = true;
        if let Some(body) = dom.body() {
            w.walk(&body);
        } else {
            w.walk(&dom.root());
        }
        w.flush(BlockKind::Paragraph);
        w.finish()
    };
    std::panic::catch_unwind(walk).unwrap_or_default()
}

/// The readability path: `None` when it finds no article.
fn readable(html: &str, page_url: Option<&str>) -> Option<Document> {
    let dom = Dom::from(html);
    // Before anything is removed: JSON-LD is in `<script>` elements.
    let page = crate::io::page_meta::page_meta_of(&dom, page_url);
    remove_all(&dom, BOILERPLATE);
    // Readability turns a `div` of text into a `p` and loses its class: name captions so
    // that they survive.
    for class in CAPTION_CLASSES {
        if let Some(sel) = dom.try_select(&format!(".{class}")) {
            sel.rename("figcaption");
        }
    }
    let h1 = first_text(&dom, "h1");
    let config = dom_smoothie::Config {
        // Readability drops classes; keep the ones that mark captions and credits.
        classes_to_preserve: CAPTION_CLASSES.iter().chain(CREDIT_CLASSES).map(|c| (*c).to_owned()).collect(),
        ..dom_smoothie::Config::default()
    };
    let mut r = dom_smoothie::Readability::with_document(dom, None, Some(config)).ok()?;
    let article = r.parse().ok()?;
    if article.text_content.trim().len() < MIN_ARTICLE_BYTES {
        return None;
    }
    let title = page.title.clone().or_else(|| {
        Some(crate::io::page_meta::clean_title(&article.title, article.site_name.as_deref(), h1.as_deref()))
            .filter(|t| !t.is_empty())
    });
    let content = Dom::from(&*article.content);
    let mut w = Walker::new(title.clone());
    w.walk(&content.root());
    w.flush(BlockKind::Paragraph);
    let doc = w.finish();
    if doc.text.len() < MIN_ARTICLE_BYTES {
        return None;
    }
    let clean = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    // The page's own metadata first; what readability found fills the gaps.
    let meta = ArticleMeta {
        title,
        publisher: page.publisher.or_else(|| clean(article.site_name)),
        // "By Jane Doe" → "Jane Doe", as for the other formats.
        byline: page.byline.or_else(|| clean(article.byline).map(|b| plain::byline(&b).map_or(b, |(names, _)| names))),
        date: page.date.or_else(|| clean(article.published_time)),
        url: page.url.or_else(|| clean(article.url)),
        language: page.language.or_else(|| clean(article.lang)),
    };
    Some(with_meta(doc, meta))
}

/// The fallback: every block of `<body>` but the boilerplate and page chrome.
fn body_walk(html: &str, page_url: Option<&str>) -> Document {
    let dom = Dom::from(html);
    let page = crate::io::page_meta::page_meta_of(&dom, page_url);
    remove_all(&dom, BOILERPLATE);
    remove_all(&dom, PAGE_CHROME);
    let title = page.title.clone();
    let mut w = Walker::new(title.clone());
    if let Some(body) = dom.body() {
        w.walk(&body);
    } else {
        w.walk(&dom.root());
    }
    w.flush(BlockKind::Paragraph);
    let doc = w.finish();
    with_meta(doc, ArticleMeta { title, ..page })
}

/// Fill what the page's metadata lacked from the blocks.
fn with_meta(doc: Document, mut meta: ArticleMeta) -> Document {
    let first = |kind: BlockKind| doc.blocks.iter().find(|b| b.kind == kind).map(|b| &doc.text[b.span]);
    if meta.title.is_none() {
        meta.title = first(BlockKind::Title).map(str::to_owned);
    }
    if meta.byline.is_none() {
        meta.byline = first(BlockKind::Byline).and_then(plain::byline).map(|(names, _)| names);
    }
    if meta.date.is_none() {
        meta.date = first(BlockKind::Dateline).and_then(plain::find_date).map(str::to_owned);
    }
    Document { meta, ..doc }
}

/// The text of the first element matching `selector`, whitespace collapsed.
fn first_text(dom: &Dom, selector: &str) -> Option<String> {
    let sel = dom.try_select(selector)?;
    let node = sel.nodes().first()?;
    Some(collapse_ws(&node.text())).filter(|t| !t.is_empty())
}

fn remove_all(dom: &Dom, selectors: &[&str]) {
    for sel in selectors {
        if let Some(s) = dom.try_select(sel) {
            s.remove();
        }
    }
}

/// The text of an HTML fragment (for HTML blocks inside Markdown), scripts and styles
/// removed, whitespace collapsed.
pub(crate) fn fragment_text(html: &str) -> String {
    let text = std::panic::catch_unwind(|| {
        let dom = Dom::fragment(html);
        remove_all(&dom, &["script", "style", "template"]);
        dom.root().text().to_string()
    });
    text.map(|t| collapse_ws(&t)).unwrap_or_default()
}

static MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s?\[(?:\d{1,4}|[a-z]{1,2}|edit|citation needed|clarification needed|when\?|who\?|note \d+|nb \d+|update)\]",
    )
    .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
});

/// Tags whose content is inline text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "label",
    "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    "nobr", "big", "math", "ruby", "rb", "rt", "rp",
];

#[derive(Clone, Copy, Default)]
struct Ctx {
    quote: bool,
    caption: bool,
    item: bool,
}

struct Walker {
    b: DocumentBuilder,
    buf: String,
    /// The caption's credit found in a `credit` element.
    credit: Option<String>,
    title: Option<String>,
    title_pushed: bool,
    /// Inside a skipped section (references, links) opened by a heading of this level.
    skip_level: Option<u8>,
    body_started: bool,
    /// A section of a larger document ([`section_blocks`]): no title, no skipped sections.
    section: bool,
}

impl Walker {
    fn new(title: Option<String>) -> Self {
        let mut b = DocumentBuilder::default();
        let title_pushed = title.as_deref().is_some_and(|t| b.push(BlockKind::Title, t).is_some());
        Self {
            b,
            buf: String::new(),
            credit: None,
            title,
            title_pushed,
            skip_level: None,
            body_started: false,
            section: false,
        }
    }

    fn finish(self) -> Document {
        self.b.finish(ArticleMeta::default())
    }

    fn ctx_kind(ctx: Ctx) -> BlockKind {
        if ctx.caption {
            BlockKind::Caption
        } else if ctx.item {
            BlockKind::ListItem
        } else if ctx.quote {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        }
    }

    /// Push the inline text read so far as a block of `kind`.
    fn flush(&mut self, kind: BlockKind) {
        let raw = std::mem::take(&mut self.buf);
        let credit = self.credit.take();
        if self.skip_level.is_some() {
            return;
        }
        let text = clean_text(&raw);
        if text.is_empty() {
            return;
        }
        match kind {
            BlockKind::Caption => {
                let credit = credit
                    .map(|c| clean_text(&c))
                    .filter(|c| !c.is_empty())
                    .or_else(|| plain::caption_credit(&text).map(|r| text[r].to_owned()));
                self.b.push_caption(&text, credit.as_deref());
            }
            BlockKind::Paragraph => {
                if let Some(r) = plain::caption_credit(&text) {
                    let credit = text[r].to_owned();
                    self.b.push_caption(&text, Some(&credit));
                } else if !self.body_started && plain::is_dateline(&text) {
                    self.b.push(BlockKind::Dateline, &text);
                } else if !self.body_started && plain::byline(&text).is_some() {
                    self.b.push(BlockKind::Byline, &text);
                } else {
                    self.body_started = true;
                    self.b.push(BlockKind::Paragraph, &text);
                }
            }
            _ => {
                self.body_started |= matches!(kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote);
                self.b.push(kind, &text);
            }
        }
    }

    fn walk(&mut self, node: &NodeRef<'_>) {
        self.walk_ctx(node, Ctx::default());
    }

    fn walk_ctx(&mut self, node: &NodeRef<'_>, ctx: Ctx) {
        for child in node.children_it(false) {
            if child.is_text() {
                self.buf.push_str(&child.text());
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
            let class = child.class().map(|c| c.to_ascii_lowercase()).unwrap_or_default();
            match name.as_str() {
                "br" => self.buf.push('\n'),
                "img" | "picture" | "video" | "audio" | "source" | "track" | "map" | "area" | "head" | "title"
                | "meta" | "link" | "hr" => {}
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(&child, &name),
                "pre" => {
                    self.flush(Self::ctx_kind(ctx));
                    if self.skip_level.is_none() {
                        let text = child.text();
                        let text = text.trim_matches('\n');
                        self.b.push(BlockKind::Preformatted, text);
                        self.body_started = true;
                    }
                }
                "figcaption" | "caption" => self.block(&child, Ctx { caption: true, ..ctx }),
                _ if class.split_whitespace().any(|c| CAPTION_CLASSES.contains(&c)) => {
                    self.block(&child, Ctx { caption: true, ..ctx });
                }
                _ if ctx.caption && class.split_whitespace().any(|c| CREDIT_CLASSES.contains(&c)) => {
                    let credit = child.text().to_string();
                    self.buf.push(' ');
                    self.buf.push_str(&credit);
                    self.credit = Some(credit);
                }
                "blockquote" => self.block(&child, Ctx { quote: true, ..ctx }),
                "li" | "dd" | "dt" => {
                    self.flush(Self::ctx_kind(ctx));
                    self.walk_ctx(&child, Ctx { item: name == "li", ..ctx });
                    self.flush(Self::ctx_kind(Ctx { item: name == "li", ..ctx }));
                }
                "tr" => {
                    self.flush(Self::ctx_kind(ctx));
                    let cells: Vec<String> = child
                        .element_children()
                        .iter()
                        .map(|c| clean_text(&c.text()))
                        .filter(|c| !c.is_empty())
                        .collect();
                    self.buf = cells.join(" | ");
                    self.flush(BlockKind::Paragraph);
                }
                _ if INLINE.contains(&name.as_str()) => self.walk_ctx(&child, ctx),
                // Block containers and unknown elements.
                _ => self.block(&child, ctx),
            }
        }
    }

    /// A block-level element: what was read before it is one block, its content another.
    fn block(&mut self, node: &NodeRef<'_>, ctx: Ctx) {
        self.flush(Self::ctx_kind(ctx));
        self.walk_ctx(node, ctx);
        self.flush(Self::ctx_kind(ctx));
    }

    fn heading(&mut self, node: &NodeRef<'_>, name: &str) {
        self.flush(BlockKind::Paragraph);
        let level = name[1..].parse::<u8>().unwrap_or(2);
        let text = clean_text(&node.text());
        if let Some(skip) = self.skip_level {
            if level > skip {
                return;
            }
            self.skip_level = None;
        }
        if !self.section && SKIPPED_SECTIONS.contains(&text.to_lowercase().as_str()) {
            self.skip_level = Some(level);
            return;
        }
        let is_title = self.title.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(&text));
        if is_title && self.title_pushed {
            return;
        }
        if !self.section && !self.title_pushed && (level == 1 || self.b.is_empty()) {
            self.title_pushed = self.b.push(BlockKind::Title, &text).is_some();
            return;
        }
        self.b.push(BlockKind::Heading(level), &text);
    }
}

/// Collapse HTML whitespace (keeping `<br>` line breaks) and remove reference markers.
fn clean_text(raw: &str) -> String {
    let without_markers = MARKERS.replace_all(raw, "");
    let lines: Vec<String> = without_markers.split('\n').map(collapse_ws).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span])).collect()
    }

    #[test]
    fn short_page_falls_back_to_body() {
        let doc = parse("<body><nav>Home | News</nav><p>Hello   <b>world</b>.</p><footer>© 2025</footer></body>");
        assert_eq!(kinds(&doc), [(BlockKind::Paragraph, "Hello world.")]);
    }

    #[test]
    fn markers_and_skipped_sections() {
        let body = "<p>Wellington is the capital.[12] It has 200,000 people.[a][citation needed]</p>";
        let html = format!(
            "<body><h1>City</h1><h2>Overview<span class='mw-editsection'>[edit]</span></h2>{}<ul><li>One<ul><li>Nested</li></ul></li></ul><blockquote><p>Quoted.</p></blockquote><pre>a\n  b</pre><h2>References</h2><ol><li>Ref one</li></ol><h2>Economy</h2><p>Exports.</p></body>",
            body
        );
        let doc = body_walk(&html, None);
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "City"),
                (BlockKind::Heading(2), "Overview"),
                (BlockKind::Paragraph, "Wellington is the capital. It has 200,000 people."),
                (BlockKind::ListItem, "One"),
                (BlockKind::ListItem, "Nested"),
                (BlockKind::Quote, "Quoted."),
                (BlockKind::Preformatted, "a\n  b"),
                (BlockKind::Heading(2), "Economy"),
                (BlockKind::Paragraph, "Exports."),
            ]
        );
    }

    #[test]
    fn figcaption_credit_element() {
        let doc = body_walk(
            "<body><p>Text before the figure.</p><figure><figcaption>Troops on parade <span class='credit'>Jane Roe/Reuters</span></figcaption></figure></body>",
            None,
        );
        let cap = &doc.blocks[1];
        assert_eq!(cap.kind, BlockKind::Caption);
        assert_eq!(&doc.text[cap.credit.unwrap()], "Jane Roe/Reuters");
    }
}
