//! XML articles: `TimeML` (the MEANTIME / `SemEval` news corpora) and any other XML, reduced to
//! text with `quick-xml`.
//!
//! # `TimeML` (`.tml`, or a `<TimeML>` root)
//!
//! - the headline from `<EXTRAINFO>` (or, failing that, the first sentence) is the
//!   [`BlockKind::Title`] and `ArticleMeta::title`;
//! - the document creation time `<DCT><TIMEX3 value="2008-03-27">` is `ArticleMeta::date`;
//! - the `<s>` sentences of `<TEXT>`, with their annotation tags (`EVENT`, `TIMEX3`,
//!   `SIGNAL`, …) stripped, become the body. A first sentence repeating the headline is
//!   dropped; a date-only sentence ("March 27 , 2008") is the [`BlockKind::Dateline`].
//! - `TimeML` keeps no paragraph breaks, so sentences are grouped: a sentence continues the
//!   current paragraph while a quotation opened there is still open, or when it opens with
//!   a word that refers back ("It", "They", "This", "But", "However", …) and the paragraph
//!   has fewer than three sentences. Otherwise it starts a new paragraph.
//! - the corpus text is tokenised; it is detokenised as plain text is (see
//!   [`crate::io::plain`]): ``` `` ```/`''` become curly quotes, no space before
//!   punctuation, `GB #` becomes `GB£`.
//!
//! # Any other XML
//!
//! Tags are stripped and text kept: every element holding text of its own is one block (its
//! whole text, markup inside it reduced to text), and the blocks go through the plain-text
//! structure detection ([`crate::io::plain::parse`]) for title, dateline, captions, … An
//! XHTML document (`<html>` root) is imported as HTML.
//!
//! Entities: the XML ones, character references and the HTML5 named entities are decoded;
//! others are kept as written. Malformed XML is read up to the error; if nothing could be
//! read, tags are stripped from the raw text.

use std::sync::LazyLock;

use quick_xml::events::Event;
use regex::Regex;

use crate::document::{ArticleMeta, BlockKind, Document, DocumentBuilder};
use crate::io::plain;

/// Build a document from an XML file's text.
///
/// Never fails and never panics.
///
/// # Example
/// ```
/// use claimlens::document::BlockKind;
/// use claimlens::io::xml;
/// let tml = r#"<?xml version='1.0' encoding='utf-8'?>
/// <TimeML><DOCID>1</DOCID>
/// <DCT><TIMEX3 tid="t0" type="DATE" value="2008-03-27">2008-03-27</TIMEX3></DCT>
/// <EXTRAINFO>EADS wins £ 13 billion contract</EXTRAINFO>
/// <TEXT><s id="0">EADS wins £ 13 billion contract</s><s id="1">March 27 , 2008</s>
/// <s id="2">AirTanker Ltd. , an <EVENT eid="e1">EADS-led</EVENT> consortium , signed .</s>
/// <s id="3">It will supply `` 14 aircraft '' .</s></TEXT></TimeML>"#;
/// let doc = xml::parse(tml);
/// let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
/// assert_eq!(kinds, [BlockKind::Title, BlockKind::Dateline, BlockKind::Paragraph]);
/// assert_eq!(doc.block_text(0), "EADS wins £13 billion contract");
/// assert_eq!(doc.block_text(2), "AirTanker Ltd., an EADS-led consortium, signed. It will supply “14 aircraft”.");
/// assert_eq!(doc.meta.date.as_deref(), Some("2008-03-27"));
/// doc.validate().unwrap();
/// ```
#[must_use]
pub fn parse(text: &str) -> Document {
    let root = read_tree(text);
    let Some(root) = root.filter(|r| !r.text().trim().is_empty()) else {
        return plain::parse(&strip_tags(text));
    };
    let name = root.name.to_ascii_lowercase();
    if name == "timeml" || (root.child("TEXT").is_some() && root.child("DCT").is_some()) {
        timeml(&root)
    } else if name == "html" {
        super::html::parse(text)
    } else {
        generic(&root)
    }
}

/// An element of the parsed tree (also used by the DOCX, ODT and EPUB importers).
#[derive(Debug, Default)]
pub(crate) struct Element {
    /// The qualified name as written (`w:p`).
    pub(crate) name: String,
    /// Attributes, qualified names as written.
    pub(crate) attrs: Vec<(String, String)>,
    /// Child nodes in document order.
    pub(crate) children: Vec<Node>,
}

/// A node of the parsed tree.
#[derive(Debug)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// All text inside, in document order.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    e.collect_text(out);
                }
            }
        }
    }

    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name` (ASCII case-insensitive).
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The first element named `name` at any depth.
    pub(crate) fn find(&self, name: &str) -> Option<&Element> {
        self.elements().find_map(|e| if e.name.eq_ignore_ascii_case(name) { Some(e) } else { e.find(name) })
    }

    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The name without its namespace prefix (`w:p` → `p`).
    pub(crate) fn local(&self) -> &str {
        local_name(&self.name)
    }

    /// The first child element whose local name is `local`.
    pub(crate) fn child_local(&self, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.local() == local)
    }

    /// The child elements whose local name is `local`.
    pub(crate) fn children_local<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.local() == local)
    }

    /// The first element at any depth whose local name is `local`.
    pub(crate) fn find_local(&self, local: &str) -> Option<&Element> {
        self.elements().find_map(|e| if e.local() == local { Some(e) } else { e.find_local(local) })
    }

    /// The attribute whose local name is `local` (`w:val` for `val`).
    pub(crate) fn attr_local(&self, local: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| local_name(k) == local).map(|(_, v)| v.as_str())
    }

    fn has_own_text(&self) -> bool {
        self.children.iter().any(|c| matches!(c, Node::Text(t) if !t.trim().is_empty()))
    }
}

/// Parse leniently into a tree under a synthetic root; `None` if nothing was read. Returns
/// the single top-level element when there is one.
pub(crate) fn read_tree(text: &str) -> Option<Element> {
    let mut reader = quick_xml::Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    config.expand_empty_elements = false;
    let mut stack: Vec<Element> = vec![Element::default()];
    let push_text = |stack: &mut Vec<Element>, t: &str| {
        if let Some(top) = stack.last_mut() {
            match top.children.last_mut() {
                Some(Node::Text(prev)) => prev.push_str(t),
                _ => top.children.push(Node::Text(t.to_owned())),
            }
        }
    };
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) => stack.push(element_of(&e)),
            Event::Empty(e) => {
                let el = element_of(&e);
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(el));
                }
            }
            Event::End(_) => {
                if stack.len() > 1
                    && let Some(done) = stack.pop()
                    && let Some(top) = stack.last_mut()
                {
                    top.children.push(Node::Element(done));
                }
            }
            Event::Text(t) => {
                if let Ok(s) = t.decode() {
                    push_text(&mut stack, &s);
                }
            }
            Event::CData(t) => {
                if let Ok(s) = t.decode() {
                    push_text(&mut stack, &s);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => r.decode().ok().and_then(|name| {
                        quick_xml::escape::resolve_xml_entity(&name)
                            .or_else(|| quick_xml::escape::resolve_html5_entity(&name))
                            .map(str::to_owned)
                            .or_else(|| Some(format!("&{name};")))
                    }),
                };
                if let Some(s) = resolved {
                    push_text(&mut stack, &s);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    // Close what malformed input left open.
    while stack.len() > 1 {
        if let Some(done) = stack.pop()
            && let Some(top) = stack.last_mut()
        {
            top.children.push(Node::Element(done));
        }
    }
    let mut root = stack.pop()?;
    let elements = root.elements().count();
    let stray_text = root.has_own_text();
    if elements == 1 && !stray_text {
        root.children.retain(|c| matches!(c, Node::Element(_)));
        if let Some(Node::Element(only)) = root.children.pop() {
            return Some(only);
        }
    }
    Some(root)
}

fn element_of(e: &quick_xml::events::BytesStart<'_>) -> Element {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let attrs = e
        .attributes()
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| String::from_utf8_lossy(&a.value).into_owned(), |v| v.into_owned());
            (key, value)
        })
        .collect();
    Element { name, attrs, children: Vec::new() }
}

/// `w:p` → `p`.
pub(crate) fn local_name(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<[^<>]*>").unwrap_or_else(|e| panic!("invalid built-in pattern: {e}")));

/// Last resort for text that is not well-formed enough to read any element from.
fn strip_tags(text: &str) -> String {
    TAG.replace_all(text, " ").into_owned()
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words that open a sentence continuing the previous one's topic.
const CONTINUATIONS: &[&str] = &[
    "He",
    "She",
    "It",
    "They",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "But",
    "However",
    "Also",
    "And",
    "Yet",
    "Still",
    "Meanwhile",
    "Moreover",
    "Furthermore",
    "Such",
    "Both",
    "Neither",
    "Instead",
];

/// Number of quotation marks a sentence leaves open (+) or closes (−).
fn quote_balance(s: &str) -> i32 {
    let opens = s.matches("``").count() + s.matches('“').count();
    let closes = s.matches("''").count() + s.matches('”').count();
    opens as i32 - closes as i32
}

fn timeml(root: &Element) -> Document {
    let title = root.find("EXTRAINFO").map(|e| collapse_ws(&e.text())).filter(|t| !t.is_empty());
    let date = root.find("DCT").and_then(|dct| {
        dct.find("TIMEX3").and_then(|t| t.attr("value")).map(str::to_owned).or_else(|| Some(collapse_ws(&dct.text())))
    });
    let Some(body) = root.find("TEXT") else { return generic(root) };
    let mut sentences: Vec<String> =
        body.elements().filter(|e| e.name.eq_ignore_ascii_case("s")).map(|s| collapse_ws(&s.text())).collect();
    if sentences.is_empty() {
        sentences = body.text().lines().map(collapse_ws).collect();
    }
    sentences.retain(|s| !s.is_empty());
    let all = sentences.join(" ");
    let tokenized = plain::looks_tokenized(&all) || title.as_deref().is_some_and(plain::looks_tokenized);
    let fix = |s: &str| if tokenized { plain::detokenize(s) } else { s.to_owned() };

    let mut b = DocumentBuilder::default();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut rest = sentences.as_slice();
    let headline = match (&title, rest.first()) {
        (Some(t), Some(first)) if squash(t) == squash(first) => {
            rest = &rest[1..];
            Some(t.clone())
        }
        (Some(t), _) => Some(t.clone()),
        (None, Some(first)) if !first.ends_with('.') => {
            rest = &rest[1..];
            Some(first.clone())
        }
        (None, _) => None,
    };
    if let Some(h) = &headline {
        b.push(BlockKind::Title, &fix(h));
    }
    if let Some(first) = rest.first()
        && plain::is_dateline(&fix(first))
    {
        b.push(BlockKind::Dateline, &fix(first));
        rest = &rest[1..];
    }
    let mut para: Vec<&str> = Vec::new();
    let mut open_quotes = 0;
    for s in rest {
        let first_word = s.split_whitespace().next().unwrap_or("");
        let continues =
            !para.is_empty() && (open_quotes > 0 || (para.len() < 3 && CONTINUATIONS.contains(&first_word)));
        if !continues && !para.is_empty() {
            b.push(BlockKind::Paragraph, &fix(&para.join(" ")));
            para.clear();
            open_quotes = 0;
        }
        para.push(s);
        open_quotes = (open_quotes + quote_balance(s)).max(0);
    }
    if !para.is_empty() {
        b.push(BlockKind::Paragraph, &fix(&para.join(" ")));
    }
    let meta = ArticleMeta { title: headline.map(|h| fix(&h)), date, ..ArticleMeta::default() };
    b.finish(meta)
}

fn generic(root: &Element) -> Document {
    let mut blocks: Vec<String> = Vec::new();
    collect_blocks(root, &mut blocks);
    let text = blocks.join("\n\n");
    let mut doc = plain::parse(&text);
    let named_title = ["title", "headline", "hed", "dc:title"]
        .iter()
        .find_map(|n| root.find(n))
        .map(|e| collapse_ws(&e.text()))
        .filter(|t| !t.is_empty());
    if named_title.is_some() {
        doc.meta.title = named_title;
    }
    doc
}

/// One block per element holding text of its own (its whole text); others are walked.
fn collect_blocks(e: &Element, out: &mut Vec<String>) {
    if e.has_own_text() {
        let t = collapse_ws(&e.text());
        if !t.is_empty() {
            out.push(t);
        }
        return;
    }
    for child in e.elements() {
        collect_blocks(child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span])).collect()
    }

    #[test]
    fn generic_xml() {
        let doc = parse(
            "<?xml version='1.0'?><!DOCTYPE x><article><title>Allies meet</title><meta/><body><p>Ministers met in <b>Brussels</b> &amp; talked.</p><p><![CDATA[Second <para>.]]></p></body></article>",
        );
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "Allies meet"),
                (BlockKind::Paragraph, "Ministers met in Brussels & talked."),
                (BlockKind::Paragraph, "Second <para>."),
            ]
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Allies meet"));
    }

    #[test]
    fn malformed_and_entities() {
        let doc = parse("<doc><p>Caf&eacute; &#233; &unknown; <b>bold</p><p>unclosed");
        doc.validate().unwrap();
        assert!(doc.text.contains("Café é &unknown; bold"), "{:?}", doc.text);
        assert!(doc.text.contains("unclosed"));
        let doc = parse("not xml at all < > &");
        assert!(!doc.blocks.is_empty());
    }

    #[test]
    fn timeml_paragraphs_follow_quotes_and_pronouns() {
        let doc = parse(
            "<TimeML><DCT><TIMEX3 value=\"2008-03-01\">x</TIMEX3></DCT><EXTRAINFO>Deal done</EXTRAINFO><TEXT>\
             <s>Deal done</s><s>March 01 , 2008</s><s>Boeing lost the bid .</s><s>It will appeal .</s>\
             <s>The CEO said `` We were crazy .</s><s>But we won . ''</s><s>Analysts agreed .</s></TEXT></TimeML>",
        );
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "Deal done"),
                (BlockKind::Dateline, "March 01, 2008"),
                (BlockKind::Paragraph, "Boeing lost the bid. It will appeal."),
                (BlockKind::Paragraph, "The CEO said “We were crazy. But we won.”"),
                (BlockKind::Paragraph, "Analysts agreed."),
            ]
        );
    }
}
