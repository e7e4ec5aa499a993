//! Importing annotations made elsewhere (W3C Web Annotation, brat standoff, doccano JSONL)
//! onto a project's article, as ONE undoable [`Edit`].
//!
//! # Label mapping
//!
//! Every incoming span has one or more labels (a brat `T` type, a doccano label, a W3C
//! `tagging`/`classifying` body value). Spans with the same start and end are one annotation.
//!
//! - a label that is an entity type ([`EntityLabel::from_tag`]: `PERSON`, `ORG`, `GPE`, …,
//!   case-insensitive, `PER` accepted) becomes an **entity**: an added-entity correction
//!   (`SetLabel` on that mention), unless the project already shows that entity;
//! - the label `Claim` / `CLAIM` (what ClaimLens exports for a claim) makes the span a
//!   **claim** without adding a tag;
//! - **any other label** makes the span a claim and becomes one of its **tags** (added to
//!   the tag vocabulary too);
//! - claim fields come back from wherever the export puts them
//!   ([`crate::io::export::record::FIELDS`]): the `cl:` properties of W3C `cl:Claim` bodies
//!   and W3C `commenting` bodies (the note); brat `A` attributes and `#` comments
//!   (`AnnotatorNotes` is the note). A value that does not fit its field is ignored (and
//!   counted), the rest of the claim is kept. Imported claims have origin "imported"; a claim
//!   keeps its id when that id is free;
//! - a claim whose span equals an existing claim's is skipped (importing twice adds nothing).
//!
//! # Offsets
//!
//! Offsets in the files are code points. When the file carries its own text (doccano's
//! `text`, brat's `.txt`) and it differs from the article's, each span is carried across
//! with the same machinery as an article update ([`anchor::Alignment`]). W3C targets are
//! checked against their `TextQuoteSelector` and re-found with [`anchor::locate`] when the
//! position does not hold the quote. Spans that cannot be placed are reported, not guessed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use super::export::record::{self, BratPlace, ClaimRecord, FIELDS, Shape, W3cPlace};
use crate::document::ByteSpan;
use crate::document::offsets::CharIndex;
use crate::nlp::{Entity, EntityLabel};
use crate::project::anchor::{self, Alignment, TextQuote};
use crate::project::{
    Claim, ClaimId, ClaimOrigin, CorrectionAction, CorrectionTarget, Edit, EntityCorrection, Project,
};

/// A format annotations can be imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnnotationFormat {
    /// W3C Web Annotation JSON-LD (a collection, a page, an annotation, or an array of them).
    W3c,
    /// brat standoff `.ann` (with the `.txt` next to it when there is one).
    Brat,
    /// doccano JSONL (`{"text", "label": [[start, end, "LABEL"]]}` or `"entities": [{…}]`).
    Doccano,
}

impl AnnotationFormat {
    /// Every format, in menu order.
    pub const ALL: [Self; 3] = [Self::W3c, Self::Brat, Self::Doccano];

    /// The command-line name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::W3c => "w3c",
            Self::Brat => "brat",
            Self::Doccano => "doccano",
        }
    }

    /// The format called `name` (case-insensitive).
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Why annotations could not be read. The project is untouched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnnotationErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// A JSON document or line is not JSON.
    #[error("line {line}: not JSON: {message}")]
    Json {
        /// 1-based line (1 for a whole-file JSON document).
        line: usize,
        /// The parser's message.
        message: String,
    },
    /// A line or value does not have the format's shape.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A doccano file with several documents, none of which is this article.
    #[error("{0} documents in the file and none has the article's text")]
    NoMatchingDocument(usize),
}

/// An annotation import failure, with the file last.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct AnnotationError {
    /// What went wrong.
    #[source]
    pub kind: AnnotationErrorKind,
    /// The file.
    pub path: PathBuf,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Entities added (as corrections).
    pub entities: usize,
    /// Claims added.
    pub claims: usize,
    /// Spans that were at their stated position.
    pub exact: usize,
    /// Spans re-found elsewhere (the file's text differs, or a W3C position was stale).
    pub relocated: usize,
    /// Annotations already in the project, skipped.
    pub duplicates: usize,
    /// Annotations that could not be placed (their text, or a description).
    pub unplaced: Vec<String>,
    /// Lines or items ignored (relations, events, unknown bodies), and claim field values
    /// that do not fit their field (the rest of the claim is kept).
    pub ignored: usize,
}

/// The result of an import: the edit to apply (one undo step) and what it holds.
#[derive(Clone, Debug)]
pub struct AnnotationImport {
    /// Add it all; a no-op batch when nothing was found.
    pub edit: Edit,
    /// Counts.
    pub report: ImportReport,
}

/// Claim fields carried by a format: [`FIELDS`] keys with the values the file gives, read
/// into the claim's [`ClaimRecord`] by [`ClaimRecord::overlay`].
type Fields = Map<String, Value>;

/// The claim number a file gives as an id (a number or a string such as `"12"`).
/// The claim id a file gives: a UUID, or an old per-file claim number (what ClaimLens 0.2
/// exported), which becomes the id the project's migration gave that claim.
fn id_of(v: &Value, article: &str) -> Option<ClaimId> {
    match v {
        Value::Number(n) => n.as_u64().filter(|n| *n > 0).map(|n| ClaimId::derived(article, n)),
        Value::String(s) => {
            record::parse_id(s).or_else(|| record::legacy_number(s).map(|n| ClaimId::derived(article, n)))
        }
        _ => None,
    }
}

/// Where an incoming span is.
#[derive(Clone, Debug)]
enum Place {
    /// Code points into the file's own text (or the article's when the file has none).
    Chars(usize, usize),
    /// A W3C target: optional position and optional quote.
    Selector(Option<(usize, usize)>, Option<TextQuote>),
}

/// The annotations found on one span: (entity labels, is a claim, tags, claim fields).
type Group = (Vec<EntityLabel>, bool, Vec<String>, Option<Fields>);

#[derive(Clone, Debug)]
struct Incoming {
    place: Place,
    /// What the file says the text is (brat's TEXT), to check against.
    stated_text: Option<String>,
    labels: Vec<String>,
    fields: Option<Fields>,
}

/// Read annotations from `contents` (and, for doccano and brat, the text they were made on
/// when known: brat's `.txt`) and build the edit that adds them to `project`.
///
/// # Errors
/// [`AnnotationErrorKind`] for input that is not of the format (with the line).
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, Document};
/// use claimlens::io::annotations::{import_annotations, AnnotationFormat};
/// use claimlens::project::{Project, SourceInfo};
/// let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Zürich spends 5% on 🚲.")]), SourceInfo::default());
/// let line = r#"{"text": "Zürich spends 5% on 🚲.", "label": [[0, 6, "GPE"], [7, 16, "budget"]]}"#;
/// let import = import_annotations(&p, AnnotationFormat::Doccano, line, None, jiff::Timestamp::UNIX_EPOCH).unwrap();
/// import.edit.apply(&mut p).unwrap();
/// assert_eq!(p.claims[0].quote, "spends 5%");
/// assert_eq!(p.claims[0].tags, ["budget"]);
/// assert_eq!(p.entities.effective(p.text())[0].label, claimlens::nlp::EntityLabel::Gpe);
/// ```
pub fn import_annotations(
    project: &Project,
    format: AnnotationFormat,
    contents: &str,
    text: Option<&str>,
    now: jiff::Timestamp,
) -> Result<AnnotationImport, AnnotationErrorKind> {
    let mut report = ImportReport::default();
    let (incoming, source_text) = match format {
        AnnotationFormat::W3c => (parse_w3c(contents, &mut report)?, None),
        AnnotationFormat::Brat => (parse_brat(contents, &mut report)?, text.map(str::to_owned)),
        AnnotationFormat::Doccano => {
            let (inc, t) = parse_doccano(contents, project.text(), text)?;
            (inc, Some(t))
        }
    };
    Ok(build(project, incoming, source_text.as_deref(), now, report))
}

/// [`import_annotations`] from a file. For brat, `path` may name the `.ann` file or the base
/// (`NAME` → `NAME.ann`); `NAME.txt` is read when it exists.
///
/// # Errors
/// [`AnnotationError`] naming the file.
pub fn import_annotations_path(
    project: &Project,
    format: AnnotationFormat,
    path: &Path,
    now: jiff::Timestamp,
) -> Result<AnnotationImport, AnnotationError> {
    let mut path = path.to_path_buf();
    let mut text = None;
    if format == AnnotationFormat::Brat {
        if path.extension().is_none_or(|e| e != "ann") && !path.exists() {
            path = path.with_extension("ann");
        }
        let txt = path.with_extension("txt");
        if txt.is_file() {
            text =
                Some(std::fs::read_to_string(&txt).map_err(|e| AnnotationError { kind: e.into(), path: txt.clone() })?);
        }
    }
    let contents =
        std::fs::read_to_string(&path).map_err(|e| AnnotationError { kind: e.into(), path: path.clone() })?;
    import_annotations(project, format, &contents, text.as_deref(), now).map_err(|kind| AnnotationError { kind, path })
}

fn build(
    project: &Project,
    incoming: Vec<Incoming>,
    source_text: Option<&str>,
    now: jiff::Timestamp,
    mut report: ImportReport,
) -> AnnotationImport {
    let text = project.text();
    let index = CharIndex::new(text);
    let source_text = source_text.filter(|s| *s != text);
    let source_index = source_text.map(CharIndex::new);
    let alignment = source_text.map(|s| Alignment::new(s, text));
    let mut groups: BTreeMap<ByteSpan, Group> = BTreeMap::new();
    for inc in incoming {
        let describe = || inc.stated_text.clone().unwrap_or_else(|| format!("{:?}", inc.place));
        let placed: Option<(ByteSpan, bool)> = match (&inc.place, &alignment, &source_index) {
            (Place::Chars(a, b), Some(al), Some(si)) => {
                si.to_bytes(*a, *b).filter(|s| !s.is_empty()).and_then(|s| al.place(s).span()).map(|s| (s, false))
            }
            (Place::Chars(a, b), _, _) => match index.to_bytes(*a, *b).filter(|s| !s.is_empty()) {
                Some(s) => {
                    let stated_ok = inc
                        .stated_text
                        .as_deref()
                        .is_none_or(|t| t == &text[s] || t == super::export::brat::span_text(text, s));
                    if stated_ok {
                        Some((s, true))
                    } else {
                        let q =
                            TextQuote { exact: inc.stated_text.clone().unwrap_or_default(), ..TextQuote::default() };
                        anchor::locate(text, &q, Some(s)).span().map(|s| (s, false))
                    }
                }
                None => inc.stated_text.as_deref().and_then(|t| {
                    let q = TextQuote { exact: t.to_owned(), ..TextQuote::default() };
                    anchor::locate(text, &q, None).span().map(|s| (s, false))
                }),
            },
            (Place::Selector(pos, quote), _, _) => {
                let at = pos.and_then(|(a, b)| index.to_bytes(a, b)).filter(|s| !s.is_empty());
                match (at, quote) {
                    (Some(s), Some(q)) if text[s] == q.exact => Some((s, true)),
                    (Some(s), None) => Some((s, true)),
                    (at, Some(q)) => anchor::locate(text, q, at).span().map(|s| (s, false)),
                    (None, None) => None,
                }
            }
        };
        let Some((span, exact)) = placed.filter(|(s, _)| !s.is_empty()) else {
            report.unplaced.push(describe());
            continue;
        };
        if exact {
            report.exact += 1;
        } else {
            report.relocated += 1;
        }
        let g = groups.entry(span).or_default();
        let has_fields = inc.fields.is_some();
        for label in inc.labels {
            match EntityLabel::from_tag(&label) {
                Some(l) if !has_fields => g.0.push(l),
                _ if label.eq_ignore_ascii_case(super::export::brat::CLAIM_TYPE) => g.1 = true,
                _ => {
                    g.1 = true;
                    if !g.2.contains(&label) {
                        g.2.push(label);
                    }
                }
            }
        }
        if let Some(f) = inc.fields {
            g.1 = true;
            g.3 = Some(f);
        }
    }
    let effective: BTreeSet<Entity> = project.entities.effective(text).into_iter().collect();
    let existing_claims: BTreeSet<ByteSpan> = project.claims.iter().map(|c| c.span).collect();
    let mut edits = Vec::new();
    let mut new_tags = BTreeSet::new();
    let mut corrections = project.entities.corrections.len();
    let mut taken: BTreeSet<ClaimId> = project.claims.iter().map(|c| c.id).collect();
    let article = crate::project::article_identity(&project.source.sha256, text);
    for (span, (labels, is_claim, tags, fields)) in groups {
        for label in labels {
            if effective.contains(&Entity::new(span, label)) {
                report.duplicates += 1;
                continue;
            }
            let mut correction =
                EntityCorrection::new(CorrectionTarget::Mention(span), CorrectionAction::SetLabel(label));
            correction.created = Some(now);
            correction.modified = Some(now);
            edits.push(Edit::InsertCorrection { index: corrections, correction });
            corrections += 1;
            report.entities += 1;
        }
        if !is_claim {
            continue;
        }
        if existing_claims.contains(&span) {
            report.duplicates += 1;
            continue;
        }
        let id = match fields.as_ref().and_then(|f| f.get("id")).and_then(|v| id_of(v, &article)) {
            Some(id) if !taken.contains(&id) => id,
            _ => ClaimId::new(),
        };
        taken.insert(id);
        let base = ClaimRecord::from_claim(&Claim::new(id, text, span, now), &index);
        // The span (offsets, quote) is where the annotation was placed, the id is decided
        // above and the tags come from the labels: every other field the file gives is read.
        let given: Fields = fields
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, _)| k != "id" && record::spec(k).is_some_and(|f| !f.is_span() && f.w3c != W3cPlace::Tagging))
            .collect();
        let (fields, rejected) = base.overlay(&given);
        report.ignored += rejected.len();
        let mut claim = match fields.into_claim(&index) {
            Ok(c) => c,
            Err(e) => {
                report.unplaced.push(e.to_string());
                continue;
            }
        };
        claim.origin = ClaimOrigin::Imported;
        for t in &tags {
            if project.tags.binary_search(t).is_err() {
                new_tags.insert(t.clone());
            }
        }
        claim.tags = tags;
        edits.push(Edit::AddClaim(Box::new(claim)));
        report.claims += 1;
    }
    for t in new_tags {
        edits.push(Edit::AddTag(t));
    }
    AnnotationImport { edit: Edit::Batch(edits), report }
}

// ---------------------------------------------------------------------------------- W3C

fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
    }
}

fn type_is(v: &Value, name: &str) -> bool {
    as_list(v.get("type").or_else(|| v.get("@type"))).iter().any(|t| t.as_str() == Some(name))
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn parse_w3c(contents: &str, report: &mut ImportReport) -> Result<Vec<Incoming>, AnnotationErrorKind> {
    let root: Value = serde_json::from_str(contents)
        .map_err(|e| AnnotationErrorKind::Json { line: e.line(), message: e.to_string() })?;
    let mut annotations: Vec<&Value> = Vec::new();
    let mut stack: Vec<&Value> = vec![&root];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(_) if type_is(v, "AnnotationCollection") => {
                if let Some(first) = v.get("first") {
                    stack.push(first);
                }
            }
            Value::Object(_) if type_is(v, "AnnotationPage") => {
                if let Some(items) = v.get("items") {
                    stack.push(items);
                }
                if let Some(next) = v.get("next").filter(|n| n.is_object()) {
                    stack.push(next);
                }
            }
            Value::Object(_) if type_is(v, "Annotation") || v.get("target").is_some() => annotations.push(v),
            _ => {
                return Err(AnnotationErrorKind::Syntax {
                    line: 1,
                    message: "expected an AnnotationCollection, AnnotationPage or Annotation".to_owned(),
                });
            }
        }
    }
    let mut out = Vec::new();
    for a in annotations {
        let Some(target) = as_list(a.get("target")).into_iter().find(|t| t.is_object()) else {
            report.ignored += 1;
            continue;
        };
        let mut pos = None;
        let mut quote = None;
        for sel in as_list(target.get("selector")) {
            if type_is(sel, "TextPositionSelector") {
                let n = |k| sel.get(k).and_then(Value::as_u64).and_then(|x| usize::try_from(x).ok());
                if let (Some(s), Some(e)) = (n("start"), n("end")) {
                    pos = Some((s, e));
                }
            } else if type_is(sel, "TextQuoteSelector") {
                quote = Some(TextQuote {
                    exact: str_field(sel, "exact").unwrap_or_default(),
                    prefix: str_field(sel, "prefix").unwrap_or_default(),
                    suffix: str_field(sel, "suffix").unwrap_or_default(),
                });
            }
        }
        if pos.is_none() && quote.is_none() {
            report.ignored += 1;
            continue;
        }
        let motivations: Vec<String> =
            as_list(a.get("motivation")).iter().filter_map(|m| m.as_str().map(str::to_owned)).collect();
        let mut labels = Vec::new();
        let mut fields: Option<Fields> = None;
        let mut notes = Vec::new();
        let mut bodies = as_list(a.get("body"));
        let body_value = a.get("bodyValue").map(|v| serde_json::json!({"type": "TextualBody", "value": v}));
        if let Some(b) = &body_value {
            bodies.push(b);
        }
        for b in bodies {
            if type_is(b, "cl:Claim") || b.as_object().is_some_and(|o| o.keys().any(|k| k.starts_with("cl:"))) {
                let f = fields.get_or_insert_with(Fields::default);
                for (k, v) in b.as_object().into_iter().flatten() {
                    let field = k
                        .strip_prefix("cl:")
                        .and_then(|name| FIELDS.iter().find(|f| matches!(f.w3c, W3cPlace::Vocab(n) if n == name)));
                    match field {
                        Some(field) => {
                            f.insert(field.key.to_owned(), v.clone());
                        }
                        None if k.starts_with("cl:") => report.ignored += 1,
                        None => {}
                    }
                }
                continue;
            }
            let Some(value) = b.get("value").and_then(Value::as_str) else {
                continue;
            };
            let purposes: Vec<&str> = as_list(b.get("purpose")).iter().filter_map(|p| p.as_str()).collect();
            let is_label = purposes.iter().any(|p| matches!(*p, "tagging" | "classifying" | "identifying"))
                || (purposes.is_empty() && motivations.iter().any(|m| matches!(m.as_str(), "tagging" | "classifying")));
            if is_label {
                labels.push(value.to_owned());
            } else {
                notes.push(value.to_owned());
            }
        }
        if !notes.is_empty()
            && let Some(note) = FIELDS.iter().find(|f| f.w3c == W3cPlace::Commenting)
        {
            fields.get_or_insert_with(Fields::default).insert(note.key.to_owned(), notes.join("\n\n").into());
        }
        if labels.is_empty() && fields.is_none() {
            report.ignored += 1;
            continue;
        }
        out.push(Incoming {
            stated_text: quote.as_ref().map(|q| q.exact.clone()),
            place: Place::Selector(pos, quote),
            labels,
            fields,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------- brat

fn unescape_comment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\\') | None => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_brat(contents: &str, report: &mut ImportReport) -> Result<Vec<Incoming>, AnnotationErrorKind> {
    let mut order: Vec<String> = Vec::new();
    let mut by_id: BTreeMap<String, Incoming> = BTreeMap::new();
    let mut pending: Vec<(usize, String, String, Option<String>, bool)> = Vec::new();
    for (n, line) in contents.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let syntax = |message: &str| AnnotationErrorKind::Syntax { line: line_no, message: message.to_owned() };
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or("");
        let data = cols.next().ok_or_else(|| syntax("no tab after the annotation id"))?;
        let tail = cols.next();
        match id.chars().next() {
            Some('T') => {
                let (kind, ranges) = data.split_once(' ').ok_or_else(|| syntax("a T line needs TYPE START END"))?;
                let mut start = usize::MAX;
                let mut end = 0;
                for frag in ranges.split(';') {
                    let mut it = frag.split_whitespace();
                    let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) else {
                        return Err(syntax("a fragment must be START END"));
                    };
                    let a: usize = a.parse().map_err(|_| syntax("START is not a number"))?;
                    let b: usize = b.parse().map_err(|_| syntax("END is not a number"))?;
                    if a > b {
                        return Err(syntax("START is after END"));
                    }
                    start = start.min(a);
                    end = end.max(b);
                }
                order.push(id.to_owned());
                by_id.insert(
                    id.to_owned(),
                    Incoming {
                        place: Place::Chars(start, end),
                        stated_text: tail.map(str::to_owned),
                        labels: vec![kind.to_owned()],
                        fields: None,
                    },
                );
            }
            Some('A' | 'M') => {
                let mut it = data.split_whitespace();
                let (Some(name), Some(target)) = (it.next(), it.next()) else {
                    return Err(syntax("an A line needs NAME TARGET [VALUE]"));
                };
                pending.push((line_no, name.to_owned(), target.to_owned(), it.next().map(str::to_owned), true));
            }
            Some('#') => {
                let mut it = data.split_whitespace();
                let (Some(name), Some(target)) = (it.next(), it.next()) else {
                    return Err(syntax("a # line needs TYPE TARGET"));
                };
                pending.push((line_no, name.to_owned(), target.to_owned(), tail.map(unescape_comment), false));
            }
            _ => report.ignored += 1,
        }
    }
    for (_, name, target, value, is_attribute) in pending {
        let Some(inc) = by_id.get_mut(&target) else {
            report.ignored += 1;
            continue;
        };
        let v = value.unwrap_or_default();
        let Some(field) = FIELDS.iter().find(|f| match f.brat {
            BratPlace::Attribute(n) => is_attribute && n == name,
            BratPlace::Comment(n) => !is_attribute && n == name,
            BratPlace::Span | BratPlace::TagSpans => false,
        }) else {
            report.ignored += 1;
            continue;
        };
        let f = inc.fields.get_or_insert_with(Fields::default);
        if matches!(field.shape, Shape::List | Shape::Links) {
            let list = f.entry(field.key).or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(a) = list {
                a.push(v.into());
            }
        } else {
            f.insert(field.key.to_owned(), v.into());
        }
    }
    Ok(order.into_iter().filter_map(|id| by_id.remove(&id)).collect())
}

// ------------------------------------------------------------------------------- doccano

fn parse_doccano(
    contents: &str,
    article: &str,
    text: Option<&str>,
) -> Result<(Vec<Incoming>, String), AnnotationErrorKind> {
    let mut docs: Vec<(usize, Value)> = Vec::new();
    for (n, line) in contents.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .map_err(|e| AnnotationErrorKind::Json { line: n + 1, message: e.to_string() })?;
        docs.push((n + 1, v));
    }
    let text_of = |v: &Value| v.get("text").and_then(Value::as_str).map(str::to_owned);
    let pick = docs
        .iter()
        .position(|(_, v)| text_of(v).as_deref() == Some(text.unwrap_or(article)))
        .or_else(|| (docs.len() == 1).then_some(0))
        .ok_or(AnnotationErrorKind::NoMatchingDocument(docs.len()))?;
    let (line, doc) = &docs[pick];
    let syntax = |message: &str| AnnotationErrorKind::Syntax { line: *line, message: message.to_owned() };
    let source = text_of(doc).ok_or_else(|| syntax("no \"text\" string"))?;
    let mut out = Vec::new();
    let labels = doc.get("label").or_else(|| doc.get("labels"));
    for l in as_list(labels) {
        let a =
            l.as_array().filter(|a| a.len() == 3).ok_or_else(|| syntax("a label must be [start, end, \"LABEL\"]"))?;
        let n = |v: &Value| v.as_u64().and_then(|x| usize::try_from(x).ok());
        let (Some(s), Some(e), Some(label)) = (n(&a[0]), n(&a[1]), a[2].as_str()) else {
            return Err(syntax("a label must be [start, end, \"LABEL\"]"));
        };
        out.push(Incoming {
            place: Place::Chars(s, e),
            stated_text: None,
            labels: vec![label.to_owned()],
            fields: None,
        });
    }
    for e in as_list(doc.get("entities")) {
        let n = |k: &str| e.get(k).and_then(Value::as_u64).and_then(|x| usize::try_from(x).ok());
        let (Some(s), Some(t), Some(label)) =
            (n("start_offset"), n("end_offset"), e.get("label").and_then(Value::as_str))
        else {
            return Err(syntax("an entity needs start_offset, end_offset and label"));
        };
        out.push(Incoming {
            place: Place::Chars(s, t),
            stated_text: None,
            labels: vec![label.to_owned()],
            fields: None,
        });
    }
    Ok((out, source))
}
