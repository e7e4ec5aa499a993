//! REFI-QDA project exchange (`.qdpx`), the open standard `ATLAS.ti`, MAXQDA, `NVivo`,
//! `QualCoder` and others read and write: a ZIP holding `project.qde` (XML, namespace
//! `urn:QDA-XML:project:1.0`, schema `assets/refi-qda/Project.xsd`) and `sources/GUID.txt`.
//!
//! **Export** ([`export_qdpx`]): the corpus is the `Project`; coders are `Users` (one
//! "ClaimLens" user when the corpus has none); the codebook is nested `Code`s with colours and
//! descriptions (tags that are no code of the codebook are codes too, so no coding points
//! nowhere); claim type, status and verdict are codes under a top-level "ClaimLens" code
//! (`ClaimLens/type/statistical`, …) so other programs see them; each document is a
//! `TextSource` whose plain text is `sources/GUID.txt` (the canonical text, UTF-8); each claim
//! is a `PlainTextSelection` (start and end in Unicode code points of that text, end
//! exclusive) with one `Coding` per code, its other fields (claimant, check-worthiness, …) as
//! `Field: value` lines of its `Description`, and its note as a `Note` referenced by a
//! `NoteRef`. The output is deterministic (no "now" in it).
//!
//! **Import** ([`import_qdpx`]): a `.qdpx` written by any program becomes a new corpus. Text
//! sources become documents (their text kept exactly: only line ends are unified, and
//! selection positions are mapped through that), selections become claims with the quote at
//! their exact positions, codes become the codebook (nested codes → paths
//! `parent/child`), codes under "ClaimLens" set type, status and verdict, notes referenced by
//! a selection become the claim's note. What has no place in ClaimLens (pictures, PDFs,
//! audio, cases, variables, sets, links, graphs, codings of whole documents, project notes)
//! is never fatal: it is counted in the [`QdpxReport`], and the original `project.qde` is
//! kept in the new corpus folder as `imported-project.qde`.
//!
//! **GUIDs** come from ONE function, [`guid`]: a UUID-formatted SHA-256 of the corpus name and
//! what the GUID is for (a document id, a claim id, a code path …), so exporting twice gives
//! the same file and another program's re-import can match elements.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use rayon::prelude::*;
use serde::Serialize;
use sha2::Digest as _;

use super::corpus_dir::{CorpusDir, CorpusError};
use crate::corpus::{Coder, DocumentId, LoadedCorpus, LoadedDocument};
use crate::document::offsets::CharIndex;
use crate::document::{ArticleMeta, Block, BlockKind, ByteSpan, Document, SourceFormat};
use crate::nlp::Pipeline;
use crate::project::codebook::{SEPARATOR, levels};
use crate::project::{
    AssertedBy, Claim, ClaimId, ClaimKind, ClaimOrigin, ClaimStatus, Code, Codebook, Project, SourceInfo, Verdict,
    Worthiness,
};

/// The XML namespace of `project.qde`.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";
/// The name of the top-level code holding claim type, status and verdict.
pub const CLAIMLENS_CODE: &str = "ClaimLens";
/// What `origin` says on an exported project.
pub const ORIGIN: &str = concat!("ClaimLens ", env!("CARGO_PKG_VERSION"));
/// The file the original `project.qde` of an import is kept as, in the new corpus folder.
pub const KEPT_QDE: &str = "imported-project.qde";
/// Larger `.qdpx` members are refused (a ZIP bomb must not fill the memory).
pub const MAX_MEMBER_BYTES: u64 = 256 * 1024 * 1024;

/// What a GUID is for. Every GUID of an export comes from [`guid`] with one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuidOf<'a> {
    /// A coder (by id).
    User(&'a str),
    /// A code, by its path (`topic/defence`; `ClaimLens/type/statistical`).
    Code(&'a str),
    /// A document.
    Source(DocumentId),
    /// A claim of a document: its own globally unique id is its GUID, so exports of the same
    /// claim always agree and an imported selection keeps its GUID as the claim's id.
    Selection(DocumentId, ClaimId),
    /// The coding of a claim with a code (by path).
    Coding(DocumentId, ClaimId, &'a str),
    /// The note of a claim.
    Note(DocumentId, ClaimId),
}

/// The GUID of `of` in the corpus called `corpus_name`: a claim's selection is the claim's own
/// id; everything else a SHA-256 of both, formatted as a UUID (version 8, "custom", RFC 9562),
/// so the same corpus exports the same GUIDs every time.
///
/// # Example
/// ```
/// use claimlens::corpus::DocumentId;
/// use claimlens::io::qdpx::{guid, GuidOf};
/// use claimlens::project::ClaimId;
/// let g = guid("Tanker", &GuidOf::Selection(DocumentId(1), ClaimId(7)));
/// assert_eq!(g, ClaimId(7).to_string(), "a claim's GUID is its own id");
/// let u = guid("Tanker", &GuidOf::User("ana"));
/// assert_eq!((u.len(), &u[14..15]), (36, "8"));
/// assert_eq!(u, guid("Tanker", &GuidOf::User("ana")));
/// assert_ne!(u, guid("Other corpus", &GuidOf::User("ana")));
/// ```
#[must_use]
pub fn guid(corpus_name: &str, of: &GuidOf<'_>) -> String {
    if let GuidOf::Selection(_, c) = of {
        return c.to_string();
    }
    let what = match of {
        GuidOf::User(id) => format!("user\u{0}{id}"),
        GuidOf::Code(path) => format!("code\u{0}{path}"),
        GuidOf::Source(d) => format!("source\u{0}{}", d.0),
        GuidOf::Selection(..) => String::new(),
        GuidOf::Coding(d, c, path) => format!("coding\u{0}{}\u{0}{}\u{0}{path}", d.0, c.0),
        GuidOf::Note(d, c) => format!("note\u{0}{}\u{0}{}", d.0, c.0),
    };
    let digest = sha2::Sha256::digest(format!("claimlens-qdpx\u{0}{corpus_name}\u{0}{what}").as_bytes());
    let mut b: [u8; 16] = digest[..16].try_into().unwrap_or([0; 16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// Why a `.qdpx` could not be written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QdpxErrorKind {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Not a ZIP, or a damaged one.
    #[error("not a readable .qdpx (ZIP) file: {0}")]
    Zip(String),
    /// The ZIP has no `project.qde`.
    #[error("the .qdpx has no project.qde")]
    NoProject,
    /// `project.qde` is not well-formed XML or not a QDA-XML project.
    #[error("project.qde is not a REFI-QDA project: {0}")]
    BadXml(String),
    /// A member is larger than [`MAX_MEMBER_BYTES`].
    #[error("{0} is too large to import")]
    TooLarge(String),
    /// The new corpus could not be written.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
}

/// A `.qdpx` failure, with the file it is about last.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct QdpxError {
    /// What went wrong.
    #[source]
    pub kind: QdpxErrorKind,
    /// The file.
    pub path: PathBuf,
}

impl QdpxError {
    /// An error of `kind` about `path`.
    pub fn new(kind: impl Into<QdpxErrorKind>, path: impl Into<PathBuf>) -> Self {
        Self { kind: kind.into(), path: path.into() }
    }
}

// ---------------------------------------------------------------------------------------
// Export

/// The claim fields written as `Field: value` lines of a selection's `Description` (and read
/// back from it). The others have their own places (position, codes, note).
const DESCRIPTION_FIELDS: &[&str] =
    &["Claim", "Claimant", "Claimant entity", "Asserted by", "Check-worthiness", "Evidence", "Origin"];

struct CodeTree {
    /// Every node path (codes, tags and their prefixes) → (is codable, code).
    nodes: BTreeMap<String, (bool, Option<Code>)>,
}

fn claimlens_path(group: &str, value: &str) -> String {
    format!("{CLAIMLENS_CODE}{SEPARATOR}{group}{SEPARATOR}{}", value.replace(SEPARATOR, "∕"))
}

fn kind_code(k: ClaimKind) -> String {
    claimlens_path("type", k.name())
}
fn status_code(s: ClaimStatus) -> String {
    claimlens_path("status", s.name())
}
fn verdict_code(v: Verdict) -> String {
    claimlens_path("verdict", v.name())
}

impl CodeTree {
    fn of(corpus: &LoadedCorpus) -> Self {
        let mut nodes: BTreeMap<String, (bool, Option<Code>)> = BTreeMap::new();
        let add = |path: &str, code: Option<Code>, nodes: &mut BTreeMap<String, (bool, Option<Code>)>| {
            let parts: Vec<&str> = levels(path).collect();
            for i in 1..parts.len() {
                nodes.entry(parts[..i].join("/")).or_insert((false, None));
            }
            let e = nodes.entry(path.to_owned()).or_insert((true, None));
            e.0 = true;
            if code.is_some() {
                e.1 = code;
            }
        };
        for c in &corpus.codebook.codes {
            add(&c.path, Some(c.clone()), &mut nodes);
        }
        for d in &corpus.documents {
            for c in &d.project.claims {
                for t in &c.tags {
                    if !t.is_empty() && !t.starts_with(&format!("{CLAIMLENS_CODE}/")) {
                        add(t, None, &mut nodes);
                    }
                }
            }
        }
        // The ClaimLens fields: the parent and group nodes are not codable, the values are.
        nodes.insert(CLAIMLENS_CODE.to_owned(), (false, None));
        for g in ["type", "status", "verdict"] {
            nodes.insert(format!("{CLAIMLENS_CODE}/{g}"), (false, None));
        }
        let values = ClaimKind::ALL
            .iter()
            .map(|k| kind_code(*k))
            .chain(ClaimStatus::ALL.iter().map(|s| status_code(*s)))
            .chain(Verdict::ALL.iter().map(|v| verdict_code(*v)));
        for p in values {
            nodes.insert(p, (true, None));
        }
        Self { nodes }
    }

    fn children<'a>(&'a self, parent: &'a str) -> impl Iterator<Item = (&'a String, &'a (bool, Option<Code>))> + 'a {
        self.nodes.iter().filter(move |(p, _)| match p.rsplit_once('/') {
            Some((head, _)) => head == parent,
            None => parent.is_empty(),
        })
    }
}

type W = Writer<Vec<u8>>;

fn text_element(w: &mut W, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
}

fn write_codes(w: &mut W, tree: &CodeTree, parent: &str, corpus_name: &str) -> std::io::Result<()> {
    for (path, (codable, code)) in tree.children(parent) {
        let name = path.rsplit('/').next().unwrap_or(path);
        let g = guid(corpus_name, &GuidOf::Code(path));
        let mut el = w.create_element("Code").with_attributes([
            ("guid", g.as_str()),
            ("name", name),
            ("isCodable", if *codable { "true" } else { "false" }),
        ]);
        let color = code.as_ref().and_then(|c| c.color).map(|(r, g, b)| format!("#{r:02X}{g:02X}{b:02X}"));
        if let Some(c) = &color {
            el = el.with_attribute(("color", c.as_str()));
        }
        let description = code.as_ref().map(|c| c.description.trim()).filter(|d| !d.is_empty());
        let has_children = tree.children(path).next().is_some();
        if description.is_none() && !has_children {
            el.write_empty()?;
        } else {
            el.write_inner_content(|w| {
                if let Some(d) = description {
                    text_element(w, "Description", d)?;
                }
                write_codes(w, tree, path, corpus_name)
            })?;
        }
    }
    Ok(())
}

/// The codes a claim is coded with (paths): its tags, then its type, status and verdict.
fn claim_codes(c: &Claim) -> Vec<String> {
    let mut codes: Vec<String> = c.tags.iter().filter(|t| !t.is_empty()).cloned().collect();
    codes.sort();
    codes.dedup();
    codes.push(kind_code(c.kind));
    codes.push(status_code(c.status));
    if let Some(v) = c.verdict {
        codes.push(verdict_code(v));
    }
    codes
}

fn claim_description(c: &Claim) -> String {
    let mut lines = vec![format!("Claim: {}", c.id)];
    if !c.claimant.is_empty() {
        lines.push(format!("Claimant: {}", c.claimant));
    }
    if let Some(e) = &c.claimant_entity {
        lines.push(format!("Claimant entity: {e}"));
    }
    if c.asserted_by != AssertedBy::Unknown {
        lines.push(format!("Asserted by: {}", c.asserted_by.name()));
    }
    lines.push(format!("Check-worthiness: {}", c.worthiness.name()));
    lines.extend(c.evidence.iter().map(|e| format!("Evidence: {e}")));
    lines.push(format!("Origin: {}", c.origin.name()));
    lines.join("\n")
}

fn selection_name(quote: &str) -> String {
    let flat: String = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 60 { flat } else { format!("{}…", flat.chars().take(59).collect::<String>()) }
}

/// The coders as exported users: the corpus's coders and everyone who made or changed a
/// claim, or one "ClaimLens" user when nobody is named.
fn users(coders: &[Coder], corpus: &LoadedCorpus) -> Vec<Coder> {
    let mut out = coders.to_vec();
    let named =
        corpus.documents.iter().flat_map(|d| d.project.claims.iter()).flat_map(|c| [&c.created_by, &c.modified_by]);
    for who in named.filter(|w| !w.trim().is_empty()) {
        if !out.iter().any(|u| u.id == *who) {
            out.push(Coder { id: who.clone(), name: who.clone() });
        }
    }
    if out.is_empty() {
        out.push(Coder { id: "claimlens".to_owned(), name: "ClaimLens".to_owned() });
    }
    out
}

/// `project.qde` of `corpus` (see the module docs), and the plain text of each source with
/// its GUID.
///
/// # Errors
/// Only if writing to memory fails (it does not).
pub fn project_qde(corpus: &LoadedCorpus, coders: &[Coder]) -> std::io::Result<(String, Vec<(String, String)>)> {
    let name = corpus.name.as_str();
    let users = users(coders, corpus);
    let user = guid(name, &GuidOf::User(&users[0].id));
    let tree = CodeTree::of(corpus);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), Some("yes"))))?;
    let modified = corpus.documents.iter().flat_map(|d| d.project.claims.iter().map(|c| c.modified)).max();
    let modified = modified.map(|t| t.to_string());
    let mut project = w.create_element("Project").with_attributes([
        ("xmlns", NAMESPACE),
        ("name", if name.is_empty() { "ClaimLens corpus" } else { name }),
        ("origin", ORIGIN),
        ("creatingUserGUID", user.as_str()),
    ]);
    if let Some(m) = &modified {
        project = project.with_attribute(("modifiedDateTime", m.as_str()));
    }
    let mut texts = Vec::new();
    project.write_inner_content(|w| {
        w.create_element("Users").write_inner_content(|w| {
            for u in &users {
                let g = guid(name, &GuidOf::User(&u.id));
                let display = if u.name.is_empty() { u.id.as_str() } else { u.name.as_str() };
                w.create_element("User")
                    .with_attributes([("guid", g.as_str()), ("name", display), ("id", u.id.as_str())])
                    .write_empty()?;
            }
            Ok(())
        })?;
        w.create_element("CodeBook").write_inner_content(|w| {
            w.create_element("Codes").write_inner_content(|w| write_codes(w, &tree, "", name))?;
            Ok(())
        })?;
        if !corpus.documents.is_empty() {
            w.create_element("Sources").write_inner_content(|w| {
                for d in &corpus.documents {
                    let sg = guid(name, &GuidOf::Source(d.id));
                    write_source(w, d, &sg, &user, name)?;
                    texts.push((sg, d.project.text().to_owned()));
                }
                Ok(())
            })?;
        }
        let notes: Vec<(&LoadedDocument, &Claim)> = corpus
            .documents
            .iter()
            .flat_map(|d| d.project.claims.iter().filter(|c| !c.note.trim().is_empty()).map(move |c| (d, c)))
            .collect();
        if !notes.is_empty() {
            w.create_element("Notes").write_inner_content(|w| {
                for (d, c) in notes {
                    let ng = guid(name, &GuidOf::Note(d.id, c.id));
                    let title = format!("Note on {} in {}", c.id, d.title);
                    let created = c.modified.to_string();
                    w.create_element("Note")
                        .with_attributes([
                            ("guid", ng.as_str()),
                            ("name", title.as_str()),
                            ("creatingUser", user.as_str()),
                            ("creationDateTime", created.as_str()),
                        ])
                        .write_inner_content(|w| text_element(w, "PlainTextContent", &c.note))?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    let xml = String::from_utf8(w.into_inner()).map_err(std::io::Error::other)?;
    Ok((xml, texts))
}

fn write_source(w: &mut W, d: &LoadedDocument, sg: &str, user: &str, name: &str) -> std::io::Result<()> {
    let path = format!("internal://{sg}.txt");
    let title = if d.title.is_empty() { d.slug.as_str() } else { d.title.as_str() };
    let created = d.project.source.imported.map(|t| t.to_string());
    let mut el = w.create_element("TextSource").with_attributes([
        ("guid", sg),
        ("name", title),
        ("plainTextPath", path.as_str()),
        ("creatingUser", user),
    ]);
    if let Some(c) = &created {
        el = el.with_attribute(("creationDateTime", c.as_str()));
    }
    let index = CharIndex::new(d.project.text());
    el.write_inner_content(|w| {
        for c in &d.project.claims {
            let (start, end) = index.to_chars(c.span);
            let g = guid(name, &GuidOf::Selection(d.id, c.id));
            let (s, e) = (start.to_string(), end.to_string());
            let sel_name = selection_name(&c.quote);
            let (created, modified) = (c.created.to_string(), c.modified.to_string());
            let by = |who: &str| if who.trim().is_empty() { user.to_owned() } else { guid(name, &GuidOf::User(who)) };
            let (creating, modifying) = (by(&c.created_by), by(&c.modified_by));
            w.create_element("PlainTextSelection")
                .with_attributes([
                    ("guid", g.as_str()),
                    ("name", sel_name.as_str()),
                    ("startPosition", s.as_str()),
                    ("endPosition", e.as_str()),
                    ("creatingUser", creating.as_str()),
                    ("creationDateTime", created.as_str()),
                    ("modifyingUser", modifying.as_str()),
                    ("modifiedDateTime", modified.as_str()),
                ])
                .write_inner_content(|w| {
                    text_element(w, "Description", &claim_description(c))?;
                    for code in claim_codes(c) {
                        let cg = guid(name, &GuidOf::Coding(d.id, c.id, &code));
                        let target = guid(name, &GuidOf::Code(&code));
                        w.create_element("Coding")
                            .with_attributes([
                                ("guid", cg.as_str()),
                                ("creatingUser", user),
                                ("creationDateTime", created.as_str()),
                            ])
                            .write_inner_content(|w| {
                                w.create_element("CodeRef")
                                    .with_attribute(("targetGUID", target.as_str()))
                                    .write_empty()?;
                                Ok(())
                            })?;
                    }
                    if !c.note.trim().is_empty() {
                        let ng = guid(name, &GuidOf::Note(d.id, c.id));
                        w.create_element("NoteRef").with_attribute(("targetGUID", ng.as_str())).write_empty()?;
                    }
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The `.qdpx` (ZIP bytes) of `corpus`: `project.qde` and `sources/GUID.txt`, deflated.
///
/// # Errors
/// Only if writing the ZIP to memory fails.
pub fn export_qdpx(corpus: &LoadedCorpus, coders: &[Coder]) -> Result<Vec<u8>, QdpxErrorKind> {
    let (xml, texts) = project_qde(corpus, coders)?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let z = |e: zip::result::ZipError| QdpxErrorKind::Zip(e.to_string());
    zip.start_file("project.qde", options).map_err(z)?;
    zip.write_all(xml.as_bytes())?;
    for (g, text) in texts {
        zip.start_file(format!("sources/{g}.txt"), options).map_err(z)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish().map_err(z)?.into_inner())
}

/// Write the `.qdpx` of `corpus` to `path` (atomically).
///
/// # Errors
/// [`QdpxError`] naming the file.
pub fn write_qdpx(path: &Path, corpus: &LoadedCorpus, coders: &[Coder]) -> Result<(), QdpxError> {
    let bytes = export_qdpx(corpus, coders).map_err(|e| QdpxError::new(e, path))?;
    super::project_file::write_atomic(path, &bytes, false, None).map_err(|e| QdpxError::new(e, path))
}

// ---------------------------------------------------------------------------------------
// Import

/// A tiny XML tree: what `project.qde` is read into.
#[derive(Clone, Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn first(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    s.rsplit(':').next().unwrap_or(&s).to_owned()
}

fn parse_xml(text: &str) -> Result<El, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = vec![El::default()];
    let open = |e: &quick_xml::events::BytesStart<'_>| -> Result<El, String> {
        let mut attrs = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| e.to_string())?.into_owned();
            attrs.push((local(a.key.as_ref()), value));
        }
        Ok(El { name: local(e.name().as_ref()), attrs, ..El::default() })
    };
    loop {
        let ev = reader.read_event().map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(e) => stack.push(open(&e)?),
            Event::Empty(e) => {
                let el = open(&e)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(el);
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("unbalanced end tag")?;
                stack.last_mut().ok_or("unbalanced end tag")?.children.push(done);
            }
            Event::Text(t) => {
                let s = t.xml10_content().map_err(|e| e.to_string())?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| e.to_string())?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let s = if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    c.to_string()
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    quick_xml::escape::resolve_xml_entity(&name)
                        .map(str::to_owned)
                        .ok_or_else(|| format!("unknown entity &{name};"))?
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("the document ends inside an element".to_owned());
    }
    let root = stack.pop().unwrap_or_default();
    root.children.into_iter().find(|c| c.name == "Project").ok_or_else(|| "no Project element".to_owned())
}

/// What an import did and what it could not take.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct QdpxReport {
    /// The program that wrote the file (its `origin`).
    pub origin: String,
    /// Documents made (text sources).
    pub documents: usize,
    /// Claims made (text selections).
    pub claims: usize,
    /// Codes in the new codebook.
    pub codes: usize,
    /// Coders (users).
    pub coders: usize,
    /// Claim notes taken from `Note`s.
    pub notes: usize,
    /// Things not imported, each with a reason (`PictureSource "x": only text sources are
    /// imported`), in file order.
    pub skipped: Vec<String>,
    /// Elements of the project this importer does not read, by name, with counts (they stay
    /// in the kept `imported-project.qde`).
    pub not_read: BTreeMap<String, usize>,
}

struct Imported {
    name: String,
    codebook: Codebook,
    coders: Vec<Coder>,
    documents: Vec<(String, Project, Vec<u8>)>,
    report: QdpxReport,
}

enum CodeMeaning {
    Tag(String),
    Kind(ClaimKind),
    Status(ClaimStatus),
    Verdict(Verdict),
    /// A code under "ClaimLens" whose value is not known: a tag.
    None,
}

fn safe_level(name: &str) -> String {
    let s: String = name.split_whitespace().collect::<Vec<_>>().join(" ").replace(SEPARATOR, "∕");
    if s.is_empty() { "code".to_owned() } else { s }
}

fn read_codes(
    codes: &El,
    parent: &str,
    under_claimlens: Option<&str>,
    book: &mut Vec<Code>,
    meanings: &mut BTreeMap<String, CodeMeaning>,
) {
    let mut used: BTreeSet<String> = BTreeSet::new();
    for c in codes.all("Code") {
        let mut level = safe_level(c.attr("name").unwrap_or(""));
        if used.contains(&level) {
            level = (2..).map(|n| format!("{level} ({n})")).find(|l| !used.contains(l)).unwrap_or(level);
        }
        used.insert(level.clone());
        let path = if parent.is_empty() { level.clone() } else { format!("{parent}/{level}") };
        let guid = c.attr("guid").unwrap_or("").to_ascii_lowercase().trim_matches(['{', '}']).to_owned();
        // ClaimLens's own field codes: ClaimLens/type/VALUE, ClaimLens/status/…, ClaimLens/verdict/….
        let group = match under_claimlens {
            None if parent.is_empty() && level == CLAIMLENS_CODE => Some(""),
            Some("") => Some(level.as_str()),
            other => other,
        };
        let meaning = match (under_claimlens, group) {
            (Some(g), _) if !g.is_empty() => {
                let v = level.replace('∕', "/");
                match g {
                    "type" => ClaimKind::parse(&v).map(CodeMeaning::Kind),
                    "status" => ClaimStatus::parse(&v).map(CodeMeaning::Status),
                    "verdict" => Verdict::parse(&v).map(CodeMeaning::Verdict),
                    _ => None,
                }
                .unwrap_or(CodeMeaning::None)
            }
            (None, None) => {
                let color = c.attr("color").and_then(parse_color);
                let description = c.first("Description").map(|d| d.text.trim().to_owned()).unwrap_or_default();
                book.push(Code { path: path.clone(), color, shortcut: None, description });
                CodeMeaning::Tag(path.clone())
            }
            _ => CodeMeaning::None,
        };
        if !guid.is_empty() {
            meanings.insert(guid, meaning);
        }
        let next = match (under_claimlens, group) {
            (None, Some("")) => Some(""),
            (Some(""), Some(g)) => Some(g),
            (u, _) => u,
        };
        read_codes(c, &path, next, book, meanings);
    }
}

fn parse_color(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.trim().strip_prefix('#')?;
    let h: String = match h.len() {
        3 => h.chars().flat_map(|c| [c, c]).collect(),
        6 => h.to_owned(),
        _ => return None,
    };
    let v = u32::from_str_radix(&h, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

fn norm_guid(s: &str) -> String {
    s.trim().trim_matches(['{', '}']).to_ascii_lowercase()
}

/// The members of a ZIP by lower-cased, `/`-separated name.
fn zip_members(bytes: &[u8]) -> Result<BTreeMap<String, String>, QdpxErrorKind> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| QdpxErrorKind::Zip(e.to_string()))?;
    let mut names = BTreeMap::new();
    for i in 0..archive.len() {
        let f = archive.by_index(i).map_err(|e| QdpxErrorKind::Zip(e.to_string()))?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().map_err(|e| QdpxErrorKind::Zip(e.to_string()))?.into_owned();
        names.insert(name.replace('\\', "/").trim_start_matches('/').to_lowercase(), name);
    }
    Ok(names)
}

fn read_member(bytes: &[u8], name: &str) -> Result<Vec<u8>, QdpxErrorKind> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| QdpxErrorKind::Zip(e.to_string()))?;
    let f = archive.by_name(name).map_err(|e| QdpxErrorKind::Zip(e.to_string()))?;
    if f.size() > MAX_MEMBER_BYTES {
        return Err(QdpxErrorKind::TooLarge(name.to_owned()));
    }
    let mut out = Vec::new();
    f.take(MAX_MEMBER_BYTES + 1).read_to_end(&mut out)?;
    if out.len() as u64 > MAX_MEMBER_BYTES {
        return Err(QdpxErrorKind::TooLarge(name.to_owned()));
    }
    Ok(out)
}

/// A document whose text is exactly `text` (a leading BOM dropped, `\r\n` and `\r` made
/// `\n`), with blocks at its blank lines (the first a title when it is one short line), and
/// the map from code point positions of `text` to code point positions of the document.
fn exact_document(text: &str, title: &str) -> (Document, PositionMap) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut removed: Vec<usize> = Vec::new();
    let mut chars = text.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\r' {
            if chars.peek().is_some_and(|(_, n)| *n == '\n') {
                removed.push(i);
            } else {
                out.push('\n');
            }
        } else {
            out.push(c);
        }
    }
    let mut blocks = Vec::new();
    let mut start = 0;
    let push = |s: usize, e: usize, blocks: &mut Vec<Block>| {
        let span = ByteSpan::new(s, e).trim(&out);
        if !span.is_empty() {
            let kind = if blocks.is_empty() && !out[span].contains('\n') && out[span].chars().count() <= 200 {
                BlockKind::Title
            } else {
                BlockKind::Paragraph
            };
            blocks.push(Block::new(span, kind));
        }
    };
    let bytes = out.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            // A blank line: a newline, optional spaces or tabs, another newline.
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                push(start, i, &mut blocks);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push(start, out.len(), &mut blocks);
    let meta = ArticleMeta { title: Some(title.to_owned()).filter(|t| !t.trim().is_empty()), ..ArticleMeta::default() };
    let doc = Document { text: out, blocks, meta };
    (doc, PositionMap { removed })
}

/// Code point positions of a source text to positions of its document (see
/// [`exact_document`]): the `\r` of each `\r\n` is gone.
struct PositionMap {
    removed: Vec<usize>,
}

impl PositionMap {
    fn map(&self, cp: usize) -> usize {
        cp - self.removed.partition_point(|r| *r < cp)
    }
}

fn parse_time(s: Option<&str>) -> Option<jiff::Timestamp> {
    let s = s?.trim();
    s.parse::<jiff::Timestamp>().ok().or_else(|| {
        // xsd:dateTime may come without a zone: read it as UTC.
        s.parse::<jiff::civil::DateTime>().ok().and_then(|d| jiff::tz::TimeZone::UTC.to_timestamp(d).ok())
    })
}

fn read_project(bytes: &[u8], now: jiff::Timestamp) -> Result<(Imported, Vec<u8>), QdpxErrorKind> {
    let members = zip_members(bytes)?;
    let qde_name = members
        .iter()
        .find(|(k, _)| k.as_str() == "project.qde")
        .or_else(|| members.iter().find(|(k, _)| k.ends_with(".qde")))
        .map(|(_, v)| v.clone())
        .ok_or(QdpxErrorKind::NoProject)?;
    let qde = read_member(bytes, &qde_name)?;
    let xml = String::from_utf8(qde.clone()).map_err(|_| QdpxErrorKind::BadXml("not UTF-8".to_owned()))?;
    let project = parse_xml(&xml).map_err(QdpxErrorKind::BadXml)?;
    let mut report = QdpxReport { origin: project.attr("origin").unwrap_or("").to_owned(), ..QdpxReport::default() };
    // Users.
    let coders: Vec<Coder> = project
        .first("Users")
        .into_iter()
        .flat_map(|u| u.all("User"))
        .map(|u| {
            let name = u.attr("name").unwrap_or("").trim().to_owned();
            let id = u.attr("id").map(str::trim).filter(|s| !s.is_empty()).map_or_else(
                || crate::corpus::manifest::slugify(if name.is_empty() { "coder" } else { &name }),
                str::to_owned,
            );
            Coder { id, name }
        })
        .collect();
    // Codes.
    let mut book = Vec::new();
    let mut meanings = BTreeMap::new();
    if let Some(codes) = project.first("CodeBook").and_then(|b| b.first("Codes")) {
        read_codes(codes, "", None, &mut book, &mut meanings);
    }
    let mut codebook = Codebook { name: project.attr("name").unwrap_or("").to_owned(), codes: book };
    codebook.sort();
    // Notes by GUID.
    let notes: BTreeMap<String, String> = project
        .first("Notes")
        .into_iter()
        .flat_map(|n| n.all("Note"))
        .map(|n| {
            (
                norm_guid(n.attr("guid").unwrap_or("")),
                n.first("PlainTextContent").map_or(String::new(), |t| t.text.clone()),
            )
        })
        .collect();
    for el in &project.children {
        match el.name.as_str() {
            "Users" | "CodeBook" | "Sources" | "Notes" => {}
            other => *report.not_read.entry(other.to_owned()).or_default() += 1,
        }
    }
    let mut documents = Vec::new();
    let mut used_notes: BTreeSet<String> = BTreeSet::new();
    for source in project.first("Sources").map(|s| s.children.as_slice()).unwrap_or_default() {
        let sname = source.attr("name").unwrap_or("").trim().to_owned();
        if source.name != "TextSource" {
            report.skipped.push(format!("{} {sname:?}: only text sources are imported", source.name));
            continue;
        }
        let raw = if let Some(content) = source.first("PlainTextContent") {
            content.text.clone().into_bytes()
        } else if let Some(path) = source.attr("plainTextPath") {
            let rel = path
                .strip_prefix("internal://")
                .map(|p| format!("sources/{p}"))
                .or_else(|| path.strip_prefix("relative://").map(str::to_owned))
                .unwrap_or_else(|| path.to_owned());
            let key = rel.replace('\\', "/").trim_start_matches('/').to_lowercase();
            let Some(member) = members.get(&key) else {
                report.skipped.push(format!("TextSource {sname:?}: its text {path:?} is not in the .qdpx"));
                continue;
            };
            read_member(bytes, member)?
        } else {
            report.skipped.push(format!("TextSource {sname:?}: no plain text (plainTextPath or PlainTextContent)"));
            continue;
        };
        let Ok(text) = std::str::from_utf8(&raw) else {
            report.skipped.push(format!("TextSource {sname:?}: its plain text is not UTF-8"));
            continue;
        };
        let (document, map) = exact_document(text, &sname);
        if document.blocks.is_empty() {
            report.skipped.push(format!("TextSource {sname:?}: the text is empty"));
            continue;
        }
        let info = SourceInfo {
            path: None,
            format: SourceFormat::PlainText,
            encoding: "UTF-8".to_owned(),
            sha256: super::sha256_hex(&raw),
            size_bytes: raw.len() as u64,
            imported: Some(now),
            ..SourceInfo::default()
        };
        let mut p = Project::new(document, info);
        p.codebook.clone_from(&codebook);
        let index = CharIndex::new(&p.document.text);
        let whole: usize = source.all("Coding").count();
        if whole > 0 {
            report
                .skipped
                .push(format!("TextSource {sname:?}: {whole} coding(s) of the whole document (claims are passages)"));
        }
        for child in &source.children {
            match child.name.as_str() {
                "PlainTextSelection" | "Coding" | "PlainTextContent" | "Description" => {}
                other => *report.not_read.entry(format!("TextSource/{other}")).or_default() += 1,
            }
        }
        let mut claims: Vec<Claim> = Vec::new();
        for sel in source.all("PlainTextSelection") {
            let pos = |k: &str| sel.attr(k).and_then(|v| v.trim().parse::<usize>().ok());
            let (Some(s), Some(e)) = (pos("startPosition"), pos("endPosition")) else {
                report.skipped.push(format!("selection in {sname:?}: no valid start and end position"));
                continue;
            };
            let span = (s < e).then(|| index.to_bytes(map.map(s), map.map(e))).flatten();
            let Some(span) = span else {
                report.skipped.push(format!("selection {s}–{e} in {sname:?}: not a passage of its text"));
                continue;
            };
            let created = parse_time(sel.attr("creationDateTime")).unwrap_or(now);
            // The selection's GUID becomes the claim's id (exported again, it is the same
            // GUID); a missing, malformed or repeated one gets a new id.
            let id = sel
                .attr("guid")
                .and_then(|g| g.trim().trim_start_matches('{').trim_end_matches('}').parse::<ClaimId>().ok())
                .filter(|id| !claims.iter().any(|c| c.id == *id))
                .unwrap_or_else(ClaimId::new);
            let mut claim = Claim::new(id, &p.document.text, span, created);
            claim.modified = parse_time(sel.attr("modifiedDateTime")).unwrap_or(created);
            claim.origin = ClaimOrigin::Imported;
            for coding in sel.all("Coding") {
                let Some(target) = coding.first("CodeRef").and_then(|r| r.attr("targetGUID")) else { continue };
                match meanings.get(&norm_guid(target)) {
                    Some(CodeMeaning::Tag(path)) => claim.tags.push(path.clone()),
                    Some(CodeMeaning::Kind(k)) => claim.kind = *k,
                    Some(CodeMeaning::Status(st)) => claim.status = *st,
                    Some(CodeMeaning::Verdict(v)) => claim.verdict = Some(*v),
                    Some(CodeMeaning::None) => {}
                    None => report.skipped.push(format!("a coding in {sname:?} names an unknown code {target}")),
                }
            }
            claim.tags.sort();
            claim.tags.dedup();
            let mut note_parts: Vec<String> = Vec::new();
            if let Some(desc) = sel.first("Description") {
                note_parts.extend(read_description(&desc.text, &mut claim));
            }
            for r in sel.all("NoteRef") {
                let g = norm_guid(r.attr("targetGUID").unwrap_or(""));
                if let Some(n) = notes.get(&g) {
                    used_notes.insert(g);
                    report.notes += 1;
                    note_parts.push(n.clone());
                }
            }
            claim.note = note_parts.join("\n\n");
            report.claims += 1;
            claims.push(claim);
        }
        drop(index);
        p.claims = claims;
        p.claims.sort_by_key(Claim::order_key);
        p.tags = p.claims.iter().flat_map(|c| c.tags.iter().cloned()).collect::<BTreeSet<_>>().into_iter().collect();
        report.documents += 1;
        drop(map);
        let name = if sname.is_empty() { "document".to_owned() } else { sname.clone() };
        documents.push((name, p, raw));
    }
    let unused = notes.len() - used_notes.len();
    if unused > 0 {
        report.skipped.push(format!("{unused} note(s) not attached to a text selection"));
    }
    report.codes = codebook.codes.len();
    report.coders = coders.len();
    let name = project.attr("name").unwrap_or("Imported corpus").to_owned();
    Ok((Imported { name, codebook, coders, documents, report }, qde))
}

/// Read the `Field: value` lines ClaimLens writes into a selection's description into
/// `claim`; return the text that is not such a line (another program's description).
fn read_description(text: &str, claim: &mut Claim) -> Option<String> {
    let mut rest = Vec::new();
    for line in text.lines() {
        let Some((field, value)) = line.split_once(": ").filter(|(f, _)| DESCRIPTION_FIELDS.contains(f)) else {
            rest.push(line);
            continue;
        };
        let value = value.trim();
        match field {
            "Claimant" => value.clone_into(&mut claim.claimant),
            "Claimant entity" => claim.claimant_entity = Some(value.to_owned()),
            "Asserted by" => claim.asserted_by = AssertedBy::parse(value).unwrap_or_default(),
            "Check-worthiness" => claim.worthiness = Worthiness::parse(value).unwrap_or(claim.worthiness),
            "Evidence" => claim.evidence.push(value.to_owned()),
            _ => {} // Claim (the old id) and Origin: an import is an import.
        }
    }
    let rest = rest.join("\n").trim().to_owned();
    (!rest.is_empty()).then_some(rest)
}

/// Import the `.qdpx` at `path` into a new corpus in `out` (a new or empty folder): every
/// text source becomes a document (analysed for entities on all cores), every text selection
/// a claim; see the module docs. The original `project.qde` is kept as
/// [`KEPT_QDE`] in the corpus folder.
///
/// # Errors
/// [`QdpxError`] when the file is not a readable `.qdpx` or the corpus cannot be written;
/// anything inside that ClaimLens cannot use is reported, not an error.
pub fn import_qdpx(path: &Path, out: &Path) -> Result<(CorpusDir, QdpxReport), QdpxError> {
    let err = |k: QdpxErrorKind| QdpxError::new(k, path);
    let meta = std::fs::metadata(path).map_err(|e| err(e.into()))?;
    if meta.len() > 4 * MAX_MEMBER_BYTES {
        return Err(err(QdpxErrorKind::TooLarge(path.display().to_string())));
    }
    let bytes = std::fs::read(path).map_err(|e| err(e.into()))?;
    let (mut imported, qde) = read_project(&bytes, jiff::Timestamp::now()).map_err(err)?;
    let pipeline = Pipeline::default();
    imported.documents.par_iter_mut().for_each(|(_, p, _)| {
        let analysis = pipeline.analyze(&p.document);
        p.set_analysis(analysis);
    });
    let mut corpus = CorpusDir::create(out, &imported.name).map_err(|e| err(e.into()))?;
    corpus.manifest.codebook = imported.codebook;
    corpus.manifest.coders = imported.coders;
    for (name, p, text) in &mut imported.documents {
        corpus.push_new_document(name, p, Some((text, "txt"))).map_err(|e| err(e.into()))?;
    }
    corpus.sync_folders();
    corpus.save_manifest().map_err(|e| err(e.into()))?;
    let kept = out.join(KEPT_QDE);
    super::project_file::write_atomic(&kept, &qde, false, None).map_err(|e| QdpxError::new(e, &kept))?;
    Ok((corpus, imported.report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_documents_keep_every_position() {
        let text = "\u{feff}Título\r\n\r\nZürich 🚀 said\r\nmore.\n\n\n東京 last";
        let (doc, map) = exact_document(text, "T");
        doc.validate().unwrap();
        let orig: Vec<char> = text.strip_prefix('\u{feff}').unwrap().chars().collect();
        let index = CharIndex::new(&doc.text);
        for (s, e) in [(0, 6), (10, 18), (10, 29), (34, 36)] {
            let want: String = orig[s..e].iter().filter(|c| **c != '\r').collect();
            let span = index.to_bytes(map.map(s), map.map(e)).unwrap();
            assert_eq!(&doc.text[span], want, "{s}..{e}");
        }
        assert_eq!(doc.blocks.len(), 3);
        assert_eq!(doc.blocks[0].kind, BlockKind::Title);
        assert_eq!(doc.meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn colours_and_guids() {
        assert_eq!(parse_color("#FF8000"), Some((255, 128, 0)));
        assert_eq!(parse_color("#f80"), Some((255, 136, 0)));
        assert_eq!(parse_color("red"), None);
        let g = guid("c", &GuidOf::Code("topic"));
        let re = regex::Regex::new("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$").unwrap();
        assert!(re.is_match(&g), "{g}");
        assert_ne!(g, guid("d", &GuidOf::Code("topic")));
    }
}
