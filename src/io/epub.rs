//! E-books (EPUB 2 and 3): a ZIP archive of XHTML chapters described by an OPF package file,
//! read with `zip`, `quick-xml` and the HTML block extraction of [`crate::io::html`].
//!
//! - `META-INF/container.xml` names the package file; its `<metadata>` gives the title
//!   (`dc:title`), authors (`dc:creator`, joined), date (`dc:date`), publisher and language;
//! - the chapters are the `<spine>`'s items in order, resolved through the `<manifest>`;
//!   items marked `linear="no"`, the navigation document (`properties="nav"`) and pages that
//!   say they are a cover, title page or table of contents (`epub:type`) are left out: their
//!   content is the metadata or generated from the chapters;
//! - each chapter's body becomes blocks with [`crate::io::html::section_blocks`] (headings
//!   keep their levels; nothing is skipped as boilerplate but navigation and scripts); a
//!   chapter without a heading of its own gets its XHTML `<title>` as a heading, when that
//!   says more than the book's title;
//! - the book's title is the first block ([`BlockKind::Title`]).
//!
//! E-books with DRM (`META-INF/encryption.xml` encrypting anything but fonts) are refused as
//! protected; font obfuscation is not DRM and is ignored.

use crate::document::{ArticleMeta, BlockKind, Document};
use crate::io::ImportErrorKind;
use crate::io::office::{Item, assemble};
use crate::io::xml::Element;
use crate::io::zipped::Zipped;

const EPUB: &str = "e-book";

/// Chapters read at most (a guard against archives with absurd spines).
const MAX_CHAPTERS: usize = 5000;

/// Read an EPUB e-book.
///
/// # Errors
/// [`ImportErrorKind::Damaged`] for a broken archive or package file,
/// [`ImportErrorKind::Protected`] for DRM, [`ImportErrorKind::TooLarge`] for entries over the
/// limits of [`crate::io::zipped`], [`ImportErrorKind::NoText`] when no chapter has text.
pub fn parse_epub(bytes: &[u8]) -> Result<Document, ImportErrorKind> {
    let damaged = |reason: String| ImportErrorKind::Damaged { format: EPUB, reason };
    let mut z = Zipped::open(bytes, EPUB)?;
    if let Some(enc) = z.read_xml("META-INF/encryption.xml")?
        && has_drm(&enc)
    {
        return Err(ImportErrorKind::Protected(EPUB));
    }
    let container = z.require_xml("META-INF/container.xml")?;
    let opf_path = container
        .find_local("rootfile")
        .and_then(|r| r.attr("full-path"))
        .map(|p| p.trim_start_matches('/').to_owned())
        .ok_or_else(|| damaged("META-INF/container.xml names no package file".to_owned()))?;
    let opf = z.require_xml(&opf_path)?;
    let opf_dir = opf_path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let metadata = opf.find_local("metadata");
    let all = |name: &str| -> Vec<String> {
        metadata
            .map(|m| {
                m.children_local(name)
                    .map(|e| e.text().split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let authors = all("creator");
    let meta = ArticleMeta {
        title: all("title").into_iter().next(),
        byline: (!authors.is_empty()).then(|| authors.join(", ")),
        date: all("date").into_iter().next(),
        publisher: all("publisher").into_iter().next(),
        language: all("language").into_iter().next(),
        url: None,
    };
    let manifest = opf.find_local("manifest").ok_or_else(|| damaged(format!("{opf_path} has no manifest")))?;
    let spine = opf.find_local("spine").ok_or_else(|| damaged(format!("{opf_path} has no spine")))?;
    let mut items = Vec::new();
    for itemref in spine.children_local("itemref").take(MAX_CHAPTERS) {
        if itemref.attr("linear").is_some_and(|l| l.trim() == "no") {
            continue;
        }
        let Some(id) = itemref.attr("idref") else { continue };
        let Some(item) = manifest.children_local("item").find(|i| i.attr("id") == Some(id)) else { continue };
        let media = item.attr("media-type").unwrap_or("").to_ascii_lowercase();
        let nav = item.attr("properties").is_some_and(|p| p.split_whitespace().any(|p| p == "nav"));
        if nav || !(media.contains("html") || media.is_empty()) {
            continue;
        }
        let Some(href) = item.attr("href") else { continue };
        let path = resolve(&opf_dir, href);
        let Some(bytes) = z.read(&path)? else {
            return Err(damaged(format!("the chapter {path} named in the spine is missing")));
        };
        let text =
            crate::io::decode::decode(&bytes).map_or_else(|_| String::from_utf8_lossy(&bytes).into_owned(), |d| d.text);
        if is_front_matter(&text) {
            continue;
        }
        let chapter = crate::io::html::section_blocks(&text);
        let starts_with_heading =
            chapter.blocks.first().is_some_and(|b| matches!(b.kind, BlockKind::Heading(_) | BlockKind::Title));
        if !chapter.blocks.is_empty() && !starts_with_heading {
            let head_title = crate::io::page_meta::page_meta(&text, None).title;
            let says_more = |t: &String| {
                let lower = t.to_ascii_lowercase();
                let file_name = [".xhtml", ".html", ".htm", ".xml"].iter().any(|e| lower.ends_with(e));
                !file_name && meta.title.as_deref().is_none_or(|b| !b.eq_ignore_ascii_case(t))
            };
            if let Some(t) = head_title.filter(says_more) {
                items.push(Item { kind: BlockKind::Heading(1), text: t });
            }
        }
        items.extend(chapter.blocks.iter().map(|b| Item { kind: b.kind, text: chapter.text[b.span].to_owned() }));
    }
    if items.is_empty() {
        return Err(ImportErrorKind::NoText("the e-book's chapters hold no text".to_owned()));
    }
    Ok(assemble(items, &[], meta, true))
}

/// True when `encryption.xml` encrypts something other than fonts (font obfuscation by the
/// IDPF or Adobe algorithm is allowed).
fn has_drm(enc: &Element) -> bool {
    const OBFUSCATION: &[&str] = &["http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"];
    const FONTS: &[&str] = &[".ttf", ".otf", ".woff", ".woff2", ".ttc"];
    let mut data = Vec::new();
    find_all(enc, "EncryptedData", &mut data);
    data.iter().any(|d| {
        let algorithm = d.find_local("EncryptionMethod").and_then(|m| m.attr("Algorithm")).unwrap_or("");
        let uri = d.find_local("CipherReference").and_then(|r| r.attr("URI")).unwrap_or("").to_ascii_lowercase();
        !(OBFUSCATION.contains(&algorithm) || FONTS.iter().any(|f| uri.ends_with(f)))
    })
}

fn find_all<'e>(e: &'e Element, local: &str, out: &mut Vec<&'e Element>) {
    for c in e.elements() {
        if c.local() == local {
            out.push(c);
        } else {
            find_all(c, local, out);
        }
    }
}

/// A cover, title page or table of contents, by its `epub:type` on `<body>` or on a section
/// at the start of the body.
fn is_front_matter(xhtml: &str) -> bool {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?is)<body[^>]*>\s*(?:<(?:section|div|nav)\b[^>]*>\s*)?"#)
            .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
    });
    static TYPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?i)epub:type\s*=\s*["'][^"']*\b(?:cover|titlepage|toc|landmarks|halftitlepage)\b"#)
            .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
    });
    RE.find(xhtml).is_some_and(|m| TYPE.is_match(m.as_str()))
}

/// `href` (percent-encoded, relative to the package file's folder `dir`) as an archive path.
fn resolve(dir: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let href = percent_decode(href);
    let mut parts: Vec<&str> =
        if href.starts_with('/') { Vec::new() } else { dir.split('/').filter(|p| !p.is_empty()).collect() };
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, text) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn book(extra: &[(&str, &str)]) -> Vec<u8> {
        let opf = r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">
          <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Notes from Zürich</dc:title>
            <dc:creator>Zoë Çelik</dc:creator><dc:creator>Li Wei</dc:creator><dc:date>2024-05-01</dc:date>
            <dc:publisher>Open Press</dc:publisher><dc:language>en</dc:language></metadata>
          <manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
            <item id="tp" href="text/title.xhtml" media-type="application/xhtml+xml"/>
            <item id="c2" href="text/ch%202.xhtml" media-type="application/xhtml+xml"/>
            <item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
            <item id="img" href="img/a.png" media-type="image/png"/></manifest>
          <spine><itemref idref="nav" linear="no"/><itemref idref="tp"/><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#;
        let mut entries = vec![
            ("mimetype", "application/epub+zip"),
            (
                "META-INF/container.xml",
                r#"<container><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
            ),
            ("OEBPS/content.opf", opf),
            ("OEBPS/nav.xhtml", "<html><body><nav epub:type=\"toc\"><ol><li>Chapter 1</li></ol></nav></body></html>"),
            (
                "OEBPS/text/title.xhtml",
                "<html><body epub:type=\"frontmatter\"><section epub:type=\"titlepage\"><h1>Notes from Zürich</h1></section></body></html>",
            ),
            (
                "OEBPS/text/ch1.xhtml",
                "<html><head><title>Arrival</title></head><body><p>The train reached Zürich at dawn; 東京 was far away.</p></body></html>",
            ),
            (
                "OEBPS/text/ch 2.xhtml",
                "<html><body><section><h1>Talks</h1><p>They talked 🚀 for hours.</p><h2>Notes</h2><p>Kept, not skipped.</p></section></body></html>",
            ),
        ];
        entries.extend_from_slice(extra);
        zip_of(&entries)
    }

    #[test]
    fn spine_order_headings_and_metadata() {
        let bytes = book(&[]);
        assert_eq!(crate::io::zipped::sniff_head(&bytes), Some(crate::document::SourceFormat::Epub));
        let doc = parse_epub(&bytes).unwrap();
        doc.validate().unwrap();
        let kinds: Vec<(BlockKind, &str)> = doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span])).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Title, "Notes from Zürich"),
                (BlockKind::Heading(1), "Arrival"),
                (BlockKind::Paragraph, "The train reached Zürich at dawn; 東京 was far away."),
                (BlockKind::Heading(1), "Talks"),
                (BlockKind::Paragraph, "They talked 🚀 for hours."),
                (BlockKind::Heading(2), "Notes"),
                (BlockKind::Paragraph, "Kept, not skipped."),
            ]
        );
        assert_eq!(doc.meta.byline.as_deref(), Some("Zoë Çelik, Li Wei"));
        assert_eq!(doc.meta.publisher.as_deref(), Some("Open Press"));
        assert_eq!(doc.meta.date.as_deref(), Some("2024-05-01"));
        assert_eq!(doc.meta.language.as_deref(), Some("en"));
    }

    #[test]
    fn drm_is_refused_font_obfuscation_is_not() {
        let drm = r#"<encryption><EncryptedData><EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><CipherData><CipherReference URI="OEBPS/text/ch1.xhtml"/></CipherData></EncryptedData></encryption>"#;
        assert!(matches!(parse_epub(&book(&[("META-INF/encryption.xml", drm)])), Err(ImportErrorKind::Protected(_))));
        let fonts = r#"<encryption><EncryptedData><EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/><CipherData><CipherReference URI="OEBPS/fonts/a.otf"/></CipherData></EncryptedData></encryption>"#;
        assert!(parse_epub(&book(&[("META-INF/encryption.xml", fonts)])).is_ok());
    }

    #[test]
    fn missing_parts_are_damage() {
        let bytes = zip_of(&[("mimetype", "application/epub+zip")]);
        assert!(matches!(parse_epub(&bytes), Err(ImportErrorKind::Damaged { .. })));
        assert_eq!(resolve("OEBPS", "../Text/a%20b.xhtml#x"), "Text/a b.xhtml");
        assert_eq!(resolve("", "ch.xhtml"), "ch.xhtml");
    }
}
