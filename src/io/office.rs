//! Word (DOCX) and `OpenDocument` (ODT) documents: ZIP archives of XML, read with `zip` and
//! `quick-xml` (through [`crate::io::xml`]'s tree).
//!
//! # DOCX
//!
//! The main part is found through `_rels/.rels` (usually `word/document.xml`). Paragraph
//! styles are resolved through `word/styles.xml` by their built-in names, which Word writes in
//! English whatever the interface language ("heading 1" for the German "Überschrift 1"), along
//! the `basedOn` chain: "Title" → [`BlockKind::Title`], "Subtitle", "heading N" →
//! [`BlockKind::Heading`], "Quote"/"Intense Quote"/"Block Text" → [`BlockKind::Quote`],
//! "Caption", "Author" → [`BlockKind::Byline`], "Date" → [`BlockKind::Dateline`], code styles
//! → [`BlockKind::Preformatted`]; an outline level makes a heading, list numbering a
//! [`BlockKind::ListItem`]. Tables become one paragraph per row, cells joined by " | ".
//! Tracked deletions, field instructions, comments, headers and footers are not article text
//! and are left out; insertions and the results of fields are kept; text boxes follow the
//! paragraph that anchors them. Footnotes and endnotes are numbered in order of reference
//! ("`[1]`" where they are referenced) and kept at the end under a "Notes" heading.
//! Metadata: `docProps/core.xml` (`dc:title`, `dc:creator`, `dcterms:created` or
//! `dcterms:modified`, `dc:language`).
//!
//! # ODT
//!
//! `content.xml`'s `office:text`: `text:h` with its `text:outline-level` →
//! [`BlockKind::Heading`], `text:p` by paragraph style (resolved through the automatic styles
//! and `styles.xml` to names such as "Title", "Subtitle", "Quotations", "Caption",
//! "Preformatted Text"), `text:list` items → [`BlockKind::ListItem`], tables by row, notes as
//! for DOCX; whitespace collapsed as ODF specifies (`text:s`, `text:tab`, `text:line-break`
//! kept). Tables of contents and indexes (generated), tracked changes and annotations are left
//! out. Metadata: `meta.xml` (`dc:title`, `dc:creator` or `meta:initial-creator`,
//! `meta:creation-date` or `dc:date`, `dc:language`). A password-protected ODT (its
//! manifest lists encryption data) is refused as protected.
//!
//! Both: a paragraph at the start that reads as a dateline or byline becomes one, a paragraph
//! ending with a photo credit a caption, as for the other formats ([`crate::io::plain`]).

use std::collections::BTreeMap;

use crate::document::{ArticleMeta, BlockKind, Document, DocumentBuilder};
use crate::io::xml::{Element, Node};
use crate::io::zipped::Zipped;
use crate::io::{ImportErrorKind, plain};

/// One block found by an importer, before assembly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    /// What it is.
    pub(crate) kind: BlockKind,
    /// Its text (normalised in [`assemble`]).
    pub(crate) text: String,
}

impl Item {
    fn new(kind: BlockKind, text: String) -> Self {
        Self { kind, text }
    }
}

/// The heading the notes of a document are kept under.
pub const NOTES_HEADING: &str = "Notes";

/// Block kinds from style names (`heading 1`, `Heading_20_2`, `Intense Quote`, …).
fn kind_of_style_name(name: &str) -> Option<BlockKind> {
    let n: String =
        name.replace("_20_", " ").chars().filter(|c| !matches!(c, ' ' | '-' | '_')).collect::<String>().to_lowercase();
    if let Some(level) = n.strip_prefix("heading").and_then(|l| l.parse::<u8>().ok()) {
        return Some(BlockKind::Heading(level.clamp(1, 6)));
    }
    Some(match n.as_str() {
        "title" => BlockKind::Title,
        "subtitle" => BlockKind::Subtitle,
        "quote" | "intensequote" | "blocktext" | "blockquote" | "quotations" | "quotation" => BlockKind::Quote,
        "caption" | "imagecaption" | "tablecaption" | "figurecaption" | "illustration" => BlockKind::Caption,
        "author" => BlockKind::Byline,
        "date" => BlockKind::Dateline,
        "sourcecode" | "htmlpreformatted" | "preformattedtext" | "code" | "verbatim" => BlockKind::Preformatted,
        "listparagraph" | "listbullet" | "listnumber" | "listbullet2" | "listnumber2" | "list" | "compact" => {
            BlockKind::ListItem
        }
        _ => return None,
    })
}

/// Tabs and runs of spaces collapsed (line breaks kept), lines trimmed.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| l.split([' ', '\t']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// Build the document from the items and notes found, completing `meta` from the blocks.
pub(crate) fn assemble(items: Vec<Item>, notes: &[String], mut meta: ArticleMeta, push_meta_title: bool) -> Document {
    let mut items: Vec<Item> =
        items.into_iter().map(|i| Item { text: tidy(&i.text), ..i }).filter(|i| !i.text.is_empty()).collect();
    if !items.iter().any(|i| i.kind == BlockKind::Title) {
        let meta_title = meta.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let same = |i: &Item| meta_title.is_some_and(|t| i.text.eq_ignore_ascii_case(t));
        if let Some(pos) = items.iter().take(3).position(same) {
            items[pos].kind = BlockKind::Title;
        } else if items.first().is_some_and(|i| i.kind == BlockKind::Heading(1))
            && items.iter().filter(|i| i.kind == BlockKind::Heading(1)).count() == 1
        {
            items[0].kind = BlockKind::Title;
        } else if push_meta_title && let Some(t) = meta_title {
            items.insert(0, Item::new(BlockKind::Title, t.to_owned()));
        }
    }
    let mut b = DocumentBuilder::default();
    let mut body_started = false;
    for item in &items {
        let text = item.text.as_str();
        match item.kind {
            BlockKind::Paragraph => {
                if let Some(r) = plain::caption_credit(text) {
                    let credit = text[r].to_owned();
                    b.push_caption(text, Some(&credit));
                } else if !body_started && plain::is_dateline(text) {
                    b.push(BlockKind::Dateline, text);
                } else if !body_started && plain::byline(text).is_some() {
                    b.push(BlockKind::Byline, text);
                } else {
                    body_started = true;
                    b.push(BlockKind::Paragraph, text);
                }
            }
            BlockKind::Caption => {
                let credit = plain::caption_credit(text).map(|r| text[r].to_owned());
                b.push_caption(text, credit.as_deref());
            }
            kind => {
                body_started |= matches!(kind, BlockKind::ListItem | BlockKind::Quote | BlockKind::Preformatted);
                b.push(kind, text);
            }
        }
    }
    if !notes.is_empty() {
        b.push(BlockKind::Heading(2), NOTES_HEADING);
        for (n, note) in notes.iter().enumerate() {
            let note = tidy(note);
            b.push(
                BlockKind::Paragraph,
                &format!("[{}] {}", n + 1, if note.is_empty() { "(empty note)" } else { &note }),
            );
        }
    }
    let doc = b.finish(ArticleMeta::default());
    let first = |kind: BlockKind| doc.blocks.iter().find(|bl| bl.kind == kind).map(|bl| doc.text[bl.span].to_owned());
    if meta.title.is_none() {
        meta.title = first(BlockKind::Title);
    }
    if meta.byline.is_none() {
        meta.byline = first(BlockKind::Byline).map(|t| plain::byline(&t).map_or(t, |(names, _)| names));
    }
    if meta.date.is_none() {
        meta.date = first(BlockKind::Dateline).map(|t| plain::find_date(&t).map_or_else(|| t.clone(), str::to_owned));
    }
    Document { meta, ..doc }
}

fn text_of(e: Option<&Element>) -> Option<String> {
    e.map(|e| e.text().split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty())
}

// ---------------------------------------------------------------------------------------------
// DOCX

const DOCX: &str = "Word document";

/// A paragraph style of `word/styles.xml`.
#[derive(Clone, Debug, Default)]
struct DocxStyle {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    numbered: bool,
}

/// Read a Word document (DOCX).
///
/// # Errors
/// [`ImportErrorKind::Damaged`] for a broken archive or missing main part,
/// [`ImportErrorKind::Protected`] for encrypted entries, [`ImportErrorKind::TooLarge`] for
/// entries over the limits of [`crate::io::zipped`].
pub fn parse_docx(bytes: &[u8]) -> Result<Document, ImportErrorKind> {
    let mut z = Zipped::open(bytes, DOCX)?;
    let main = z
        .read_xml("_rels/.rels")?
        .and_then(|rels| relationship(&rels, "/officeDocument"))
        .map_or_else(|| "word/document.xml".to_owned(), |t| t.trim_start_matches('/').to_owned());
    let document = z.require_xml(&main)?;
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let rels_path = format!(
        "{}_rels/{}.rels",
        if dir.is_empty() { String::new() } else { format!("{dir}/") },
        main.rsplit('/').next().unwrap_or("")
    );
    let rels = z.read_xml(&rels_path)?;
    let part = |kind: &str, default: &str| {
        let target = rels.as_ref().and_then(|r| relationship(r, kind));
        match target {
            Some(t) if t.starts_with('/') => t.trim_start_matches('/').to_owned(),
            Some(t) if dir.is_empty() => t,
            Some(t) => format!("{dir}/{t}"),
            None => format!("word/{default}"),
        }
    };
    let styles = z.read_xml(&part("/styles", "styles.xml"))?.map(|s| docx_styles(&s)).unwrap_or_default();
    let footnotes = z.read_xml(&part("/footnotes", "footnotes.xml"))?;
    let endnotes = z.read_xml(&part("/endnotes", "endnotes.xml"))?;
    let core = z.read_xml("docProps/core.xml")?;
    let Some(body) = document.find_local("body") else {
        return Err(ImportErrorKind::Damaged { format: DOCX, reason: format!("{main} has no body") });
    };
    let mut w = DocxWalker {
        styles: &styles,
        footnotes: note_texts(footnotes.as_ref(), "footnote"),
        endnotes: note_texts(endnotes.as_ref(), "endnote"),
        items: Vec::new(),
        notes: Vec::new(),
    };
    w.container(body);
    let core = core.as_ref();
    let field = |name: &str| text_of(core.and_then(|c| c.child_local(name)));
    let meta = ArticleMeta {
        title: field("title"),
        byline: field("creator"),
        date: field("created").or_else(|| field("modified")),
        language: field("language"),
        ..ArticleMeta::default()
    };
    let notes = std::mem::take(&mut w.notes);
    Ok(assemble(w.items, &notes, meta, false))
}

/// The target of the first relationship whose type ends with `type_suffix`.
fn relationship(rels: &Element, type_suffix: &str) -> Option<String> {
    rels.children_local("Relationship")
        .find(|r| r.attr("Type").is_some_and(|t| t.ends_with(type_suffix)))
        .and_then(|r| r.attr("Target"))
        .map(str::to_owned)
}

fn docx_styles(styles: &Element) -> BTreeMap<String, DocxStyle> {
    let mut out = BTreeMap::new();
    for s in styles.children_local("style") {
        let Some(id) = s.attr_local("styleId") else { continue };
        let val = |child: &str| s.child_local(child).and_then(|c| c.attr_local("val")).map(str::to_owned);
        let ppr = s.child_local("pPr");
        out.insert(
            id.to_owned(),
            DocxStyle {
                name: val("name").unwrap_or_else(|| id.to_owned()),
                based_on: val("basedOn"),
                outline: ppr
                    .and_then(|p| p.child_local("outlineLvl"))
                    .and_then(|o| o.attr_local("val"))
                    .and_then(|v| v.parse().ok()),
                numbered: ppr.and_then(|p| p.child_local("numPr")).is_some(),
            },
        );
    }
    out
}

/// Footnote or endnote id → its text (separators left out).
fn note_texts(notes: Option<&Element>, local: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(notes) = notes else { return out };
    for n in notes.children_local(local) {
        if n.attr_local("type").is_some_and(|t| t != "normal") {
            continue;
        }
        let Some(id) = n.attr_local("id") else { continue };
        let empty = BTreeMap::new();
        let mut w = DocxWalker {
            styles: &empty,
            footnotes: BTreeMap::new(),
            endnotes: BTreeMap::new(),
            items: Vec::new(),
            notes: Vec::new(),
        };
        w.container(n);
        let text = w.items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join(" ");
        out.insert(id.to_owned(), text);
    }
    out
}

struct DocxWalker<'s> {
    styles: &'s BTreeMap<String, DocxStyle>,
    footnotes: BTreeMap<String, String>,
    endnotes: BTreeMap<String, String>,
    items: Vec<Item>,
    /// Note texts in order of reference.
    notes: Vec<String>,
}

impl DocxWalker<'_> {
    fn container(&mut self, e: &Element) {
        for child in e.elements() {
            match child.local() {
                "p" => self.paragraph(child),
                "tbl" => self.table(child),
                "sdt" => {
                    if let Some(content) = child.child_local("sdtContent") {
                        self.container(content);
                    }
                }
                "customXml" | "ins" | "moveTo" | "sdtContent" => self.container(child),
                _ => {}
            }
        }
    }

    fn table(&mut self, tbl: &Element) {
        for tr in tbl.children_local("tr") {
            let cells: Vec<String> = tr
                .children_local("tc")
                .map(|tc| {
                    let mut inner = DocxWalker {
                        styles: self.styles,
                        footnotes: std::mem::take(&mut self.footnotes),
                        endnotes: std::mem::take(&mut self.endnotes),
                        items: Vec::new(),
                        notes: std::mem::take(&mut self.notes),
                    };
                    inner.container(tc);
                    self.footnotes = inner.footnotes;
                    self.endnotes = inner.endnotes;
                    self.notes = inner.notes;
                    tidy(&inner.items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join(" "))
                })
                .filter(|c| !c.is_empty())
                .collect();
            if !cells.is_empty() {
                self.items.push(Item::new(BlockKind::Paragraph, cells.join(" | ")));
            }
        }
    }

    fn paragraph(&mut self, p: &Element) {
        let ppr = p.child_local("pPr");
        let style = ppr.and_then(|x| x.child_local("pStyle")).and_then(|s| s.attr_local("val"));
        let outline = ppr
            .and_then(|x| x.child_local("outlineLvl"))
            .and_then(|o| o.attr_local("val"))
            .and_then(|v| v.parse::<u8>().ok());
        let numbered = ppr
            .and_then(|x| x.child_local("numPr"))
            .is_some_and(|n| n.child_local("numId").and_then(|i| i.attr_local("val")) != Some("0"));
        let mut text = String::new();
        let mut boxes = Vec::new();
        self.inline(p, &mut text, &mut boxes);
        let kind = self.kind(style, outline, numbered);
        self.items.push(Item::new(kind, text));
        for b in boxes {
            self.container(b);
        }
    }

    fn kind(&self, style: Option<&str>, mut outline: Option<u8>, mut numbered: bool) -> BlockKind {
        let mut id = style.map(str::to_owned);
        for _ in 0..16 {
            let Some(current) = id.take() else { break };
            match self.styles.get(&current) {
                Some(s) => {
                    if let Some(k) = kind_of_style_name(&s.name) {
                        return k;
                    }
                    outline = outline.or(s.outline);
                    numbered |= s.numbered;
                    id.clone_from(&s.based_on);
                }
                None => {
                    if let Some(k) = kind_of_style_name(&current) {
                        return k;
                    }
                }
            }
        }
        match outline {
            Some(o) if o < 9 => BlockKind::Heading((o + 1).min(6)),
            _ if numbered => BlockKind::ListItem,
            _ => BlockKind::Paragraph,
        }
    }

    /// The text of a paragraph's runs; text boxes met on the way are collected into `boxes`.
    fn inline<'e>(&mut self, e: &'e Element, text: &mut String, boxes: &mut Vec<&'e Element>) {
        for child in e.elements() {
            match child.local() {
                "t" => text.push_str(&child.text()),
                "tab" | "ptab" => text.push('\t'),
                "br" => match child.attr_local("type") {
                    Some("page" | "column") => text.push(' '),
                    _ => text.push('\n'),
                },
                "cr" => text.push('\n'),
                "noBreakHyphen" => text.push('-'),
                "footnoteReference" | "endnoteReference" => {
                    let id = child.attr_local("id").unwrap_or("");
                    let source = if child.local() == "footnoteReference" { &self.footnotes } else { &self.endnotes };
                    let note = source.get(id).cloned().unwrap_or_default();
                    self.notes.push(note);
                    text.push_str(&format!("[{}]", self.notes.len()));
                }
                "txbxContent" => boxes.push(child),
                // Not text, or not this version's text.
                "pPr"
                | "rPr"
                | "del"
                | "moveFrom"
                | "delText"
                | "instrText"
                | "delInstrText"
                | "fldChar"
                | "softHyphen"
                | "sym"
                | "footnoteRef"
                | "endnoteRef"
                | "annotationRef"
                | "commentReference"
                | "Fallback"
                | "bookmarkStart"
                | "bookmarkEnd"
                | "proofErr"
                | "lastRenderedPageBreak" => {}
                _ => self.inline(child, text, boxes),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ODT

const ODT: &str = "OpenDocument text";

/// An ODF style: display name, parent, default outline level.
#[derive(Clone, Debug, Default)]
struct OdfStyle {
    name: String,
    parent: Option<String>,
}

/// Read an `OpenDocument` text (ODT).
///
/// # Errors
/// [`ImportErrorKind::Damaged`] for a broken archive or missing `content.xml`,
/// [`ImportErrorKind::Protected`] for a password-protected document,
/// [`ImportErrorKind::TooLarge`] for entries over the limits of [`crate::io::zipped`].
pub fn parse_odt(bytes: &[u8]) -> Result<Document, ImportErrorKind> {
    let mut z = Zipped::open(bytes, ODT)?;
    if let Some(manifest) = z.read_text("META-INF/manifest.xml")?
        && manifest.contains("encryption-data")
    {
        return Err(ImportErrorKind::Protected(ODT));
    }
    let content = z.require_xml("content.xml")?;
    let mut styles = BTreeMap::new();
    if let Some(s) = z.read_xml("styles.xml")? {
        odf_styles(&s, &mut styles);
    }
    odf_styles(&content, &mut styles);
    let meta_xml = z.read_xml("meta.xml")?;
    let Some(text) = content.find_local("body").and_then(|b| b.child_local("text")) else {
        return Err(ImportErrorKind::Damaged { format: ODT, reason: "content.xml has no office:text".to_owned() });
    };
    let mut w = OdtWalker { styles: &styles, items: Vec::new(), notes: Vec::new() };
    w.container(text, false);
    let meta_el = meta_xml.as_ref().and_then(|m| m.find_local("meta"));
    let field = |name: &str| text_of(meta_el.and_then(|m| m.child_local(name)));
    let meta = ArticleMeta {
        title: field("title"),
        byline: field("creator").or_else(|| field("initial-creator")),
        date: field("creation-date").or_else(|| field("date")),
        language: field("language"),
        ..ArticleMeta::default()
    };
    Ok(assemble(w.items, &w.notes, meta, false))
}

/// Styles (`style:style`) anywhere under `root`, by `style:name`.
fn odf_styles(root: &Element, out: &mut BTreeMap<String, OdfStyle>) {
    for e in root.elements() {
        if e.local() == "style"
            && let Some(name) = e.attr_local("name")
        {
            out.insert(
                name.to_owned(),
                OdfStyle {
                    name: e.attr_local("display-name").unwrap_or(name).to_owned(),
                    parent: e.attr_local("parent-style-name").map(str::to_owned),
                },
            );
        } else if matches!(
            e.local(),
            "styles" | "automatic-styles" | "master-styles" | "document-styles" | "document-content"
        ) {
            odf_styles(e, out);
        }
    }
}

struct OdtWalker<'s> {
    styles: &'s BTreeMap<String, OdfStyle>,
    items: Vec<Item>,
    notes: Vec<String>,
}

impl OdtWalker<'_> {
    fn style_kind(&self, style: Option<&str>) -> Option<BlockKind> {
        let mut name = style.map(str::to_owned);
        for _ in 0..16 {
            let current = name.take()?;
            if let Some(k) = kind_of_style_name(&current) {
                return Some(k);
            }
            let s = self.styles.get(&current)?;
            if let Some(k) = kind_of_style_name(&s.name) {
                return Some(k);
            }
            name.clone_from(&s.parent);
        }
        None
    }

    fn container(&mut self, e: &Element, in_list: bool) {
        for child in e.elements() {
            match child.local() {
                "p" => self.paragraph(child, in_list),
                "h" => {
                    let level =
                        child.attr_local("outline-level").and_then(|l| l.parse::<u8>().ok()).unwrap_or(1).clamp(1, 6);
                    let kind = match self.style_kind(child.attr_local("style-name")) {
                        Some(k @ (BlockKind::Title | BlockKind::Subtitle)) => k,
                        _ => BlockKind::Heading(level),
                    };
                    self.push_inline(child, kind);
                }
                "list" | "list-item" | "list-header" => self.container(child, true),
                "table" => self.table(child),
                "section" | "inserted" => self.container(child, in_list),
                // Generated (tables of contents, indexes), or not this version's text.
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: &Element, in_list: bool) {
        let kind = match self.style_kind(p.attr_local("style-name")) {
            Some(k) => k,
            None if in_list => BlockKind::ListItem,
            None => BlockKind::Paragraph,
        };
        self.push_inline(p, kind);
    }

    fn push_inline(&mut self, e: &Element, kind: BlockKind) {
        let mut text = String::new();
        let mut frames = Vec::new();
        self.inline(e, &mut text, &mut frames);
        self.items.push(Item::new(kind, text));
        for f in frames {
            self.container(f, false);
        }
    }

    fn table(&mut self, table: &Element) {
        let mut rows = Vec::new();
        collect_rows(table, &mut rows);
        for row in rows {
            let cells: Vec<String> = row
                .children_local("table-cell")
                .map(|cell| {
                    let mut inner =
                        OdtWalker { styles: self.styles, items: Vec::new(), notes: std::mem::take(&mut self.notes) };
                    inner.container(cell, false);
                    self.notes = inner.notes;
                    tidy(&inner.items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join(" "))
                })
                .filter(|c| !c.is_empty())
                .collect();
            if !cells.is_empty() {
                self.items.push(Item::new(BlockKind::Paragraph, cells.join(" | ")));
            }
        }
    }

    /// Inline content with ODF whitespace rules: runs of spaces, tabs and newlines in the
    /// XML are one space; `text:s`, `text:tab`, `text:line-break` are kept.
    fn inline<'e>(&mut self, e: &'e Element, text: &mut String, frames: &mut Vec<&'e Element>) {
        for node in &e.children {
            match node {
                Node::Text(t) => {
                    for (i, part) in t.split([' ', '\t', '\n', '\r']).enumerate() {
                        if i > 0 && !text.ends_with(' ') {
                            text.push(' ');
                        }
                        text.push_str(part);
                    }
                }
                Node::Element(child) => match child.local() {
                    "s" => {
                        let n = child.attr_local("c").and_then(|c| c.parse::<usize>().ok()).unwrap_or(1).min(100);
                        text.push_str(&" ".repeat(n));
                    }
                    "tab" => text.push('\t'),
                    "line-break" => text.push('\n'),
                    "note" => {
                        let body = child.child_local("note-body");
                        let mut inner = OdtWalker { styles: self.styles, items: Vec::new(), notes: Vec::new() };
                        if let Some(b) = body {
                            inner.container(b, false);
                        }
                        self.notes.push(inner.items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>().join(" "));
                        self.notes.extend(inner.notes);
                        text.push_str(&format!("[{}]", self.notes.len()));
                    }
                    "text-box" => frames.push(child),
                    "annotation"
                    | "annotation-end"
                    | "bookmark"
                    | "bookmark-start"
                    | "bookmark-end"
                    | "reference-mark"
                    | "reference-mark-start"
                    | "reference-mark-end"
                    | "soft-page-break"
                    | "change"
                    | "change-start"
                    | "change-end"
                    | "image"
                    | "note-citation" => {}
                    _ => self.inline(child, text, frames),
                },
            }
        }
    }
}

fn collect_rows<'e>(e: &'e Element, out: &mut Vec<&'e Element>) {
    for child in e.elements() {
        match child.local() {
            "table-row" => out.push(child),
            "table-header-rows" | "table-rows" | "table-row-group" => collect_rows(child, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// A ZIP archive of `(name, text)` entries, stored (the first uncompressed, as ODF and
    /// EPUB require of `mimetype`).
    pub(crate) fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, text) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn docx(body: &str, styles: &str, footnotes: &str) -> Vec<u8> {
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
        );
        let styles = format!(r#"<w:styles {W}>{styles}</w:styles>"#);
        let footnotes = format!(
            r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{footnotes}</w:footnotes>"#
        );
        let core = r#"<cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Zürich talks</dc:title><dc:creator>Zoë Çelik</dc:creator><dcterms:created>2025-02-11T09:00:00Z</dcterms:created></cp:coreProperties>"#;
        zip_of(&[
            ("[Content_Types].xml", "<Types/>"),
            (
                "_rels/.rels",
                r#"<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
            ),
            ("word/document.xml", &document),
            ("word/styles.xml", &styles),
            ("word/footnotes.xml", &footnotes),
            ("docProps/core.xml", core),
        ])
    }

    fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span])).collect()
    }

    #[test]
    fn docx_styles_tables_notes_and_tracked_changes() {
        let styles = r#"<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>
            <w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="My head"/><w:basedOn w:val="berschrift2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Zitat"><w:name w:val="Quote"/></w:style>"#;
        let body = r#"<w:p><w:pPr><w:pStyle w:val="Titel"/></w:pPr><w:r><w:t>Zürich talks</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">NATO asked for </w:t></w:r><w:del><w:r><w:delText>3%</w:delText></w:r></w:del><w:ins><w:r><w:t>5%</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="MyHead"/></w:pPr><w:r><w:t>東京 reaction</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>First point 🚀</w:t></w:r></w:p>
            <w:p><w:pPr><w:pStyle w:val="Zitat"/></w:pPr><w:r><w:t>“No less.”</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Country</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Share</w:t></w:r></w:p></w:tc></w:tr>
                   <w:tr><w:tc><w:p><w:r><w:t>Poland</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4.1%</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Field result</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
        let notes = r#"<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> NATO summit, Brussels.</w:t></w:r></w:p></w:footnote>"#;
        let doc = parse_docx(&docx(body, styles, notes)).unwrap();
        doc.validate().unwrap();
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "Zürich talks"),
                (BlockKind::Paragraph, "NATO asked for 5%.[1]"),
                (BlockKind::Heading(2), "東京 reaction"),
                (BlockKind::ListItem, "First point 🚀"),
                (BlockKind::Quote, "“No less.”"),
                (BlockKind::Paragraph, "Country | Share"),
                (BlockKind::Paragraph, "Poland | 4.1%"),
                (BlockKind::Paragraph, "Field result"),
                (BlockKind::Heading(2), "Notes"),
                (BlockKind::Paragraph, "[1] NATO summit, Brussels."),
            ]
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Zürich talks"));
        assert_eq!(doc.meta.byline.as_deref(), Some("Zoë Çelik"));
        assert_eq!(doc.meta.date.as_deref(), Some("2025-02-11T09:00:00Z"));
    }

    #[test]
    fn docx_without_a_body_is_damaged() {
        let bytes = zip_of(&[("word/document.xml", "<w:document xmlns:w='x'></w:document>")]);
        assert!(matches!(parse_docx(&bytes), Err(ImportErrorKind::Damaged { .. })));
        let bytes = zip_of(&[("[Content_Types].xml", "<Types/>")]);
        assert!(matches!(parse_docx(&bytes), Err(ImportErrorKind::Damaged { .. })));
        assert!(matches!(parse_docx(b"PK\x03\x04 truncated"), Err(ImportErrorKind::Damaged { .. })));
    }

    #[test]
    fn odt_headings_lists_notes_spaces() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s" xmlns:table="tb">
            <office:automatic-styles><style:style style:name="P1" style:parent-style-name="Title" style:family="paragraph"/></office:automatic-styles>
            <office:body><office:text>
              <text:sequence-decls/>
              <text:p text:style-name="P1">Gérald meets Braverman</text:p>
              <text:p text:style-name="Text_20_body">Two  words<text:s text:c="2"/>spaced, <text:span>kept</text:span>.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A note — with a dash.</text:p></text:note-body></text:note></text:p>
              <text:h text:outline-level="2">Криза</text:h>
              <text:list><text:list-item><text:p>Item one</text:p></text:list-item><text:list-item><text:p>Item two</text:p></text:list-item></text:list>
              <text:table-of-content><text:index-body><text:p>Contents 1</text:p></text:index-body></text:table-of-content>
              <table:table><table:table-row><table:table-cell><text:p>A</text:p></table:table-cell><table:table-cell><text:p>B</text:p></table:table-cell></table:table-row></table:table>
            </office:text></office:body></office:document-content>"#;
        let meta = r#"<office:document-meta xmlns:office="o" xmlns:dc="d" xmlns:meta="m"><office:meta><dc:title>Gérald meets Braverman</dc:title><meta:initial-creator>Wikinews</meta:initial-creator><meta:creation-date>2023-02-23T00:00:00</meta:creation-date><dc:language>en-GB</dc:language></office:meta></office:document-meta>"#;
        let bytes = zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", content),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", "<manifest/>"),
        ]);
        assert_eq!(crate::io::zipped::sniff_head(&bytes), Some(crate::document::SourceFormat::Odt));
        let doc = parse_odt(&bytes).unwrap();
        doc.validate().unwrap();
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "Gérald meets Braverman"),
                (BlockKind::Paragraph, "Two words spaced, kept.[1]"),
                (BlockKind::Heading(2), "Криза"),
                (BlockKind::ListItem, "Item one"),
                (BlockKind::ListItem, "Item two"),
                (BlockKind::Paragraph, "A | B"),
                (BlockKind::Heading(2), "Notes"),
                (BlockKind::Paragraph, "[1] A note — with a dash."),
            ]
        );
        assert_eq!(doc.meta.byline.as_deref(), Some("Wikinews"));
        assert_eq!(doc.meta.date.as_deref(), Some("2023-02-23T00:00:00"));
        assert_eq!(doc.meta.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn odt_with_a_password_is_protected() {
        let bytes = zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            (
                "META-INF/manifest.xml",
                "<manifest:manifest><manifest:file-entry manifest:full-path=\"content.xml\"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
            ),
            ("content.xml", "\u{1}\u{2}garbage"),
        ]);
        assert!(matches!(parse_odt(&bytes), Err(ImportErrorKind::Protected(_))));
    }
}
