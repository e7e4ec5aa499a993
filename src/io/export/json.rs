//! The whole project as JSON, with code point offsets — and back.
//!
//! [`project_json_string`] writes everything a project file holds, and [`project_from_json`]
//! reads it back into an identical [`Project`] (`export → import → export` is byte-identical;
//! the integration tests check it on a project with every field set). The keys, in order:
//!
//! | key | what |
//! |---|---|
//! | `format`, `json_version` | `"claimlens-project"` and [`JSON_VERSION`]: what this file is |
//! | `claimlens_format_version` | the project format version ([`crate::project::schema::CURRENT_VERSION`]) |
//! | `offsets` | `"unicode code points, end exclusive"` |
//! | `title` | the display title (derived; ignored on import) |
//! | `meta`, `source` | the article's metadata and where it came from (as in the project file) |
//! | `text` | the canonical text |
//! | `blocks` | `{start, end, kind[, level][, credit: {start, end}]}` per block |
//! | `entities` | the effective entities, `{start, end, label, text}` (derived; ignored on import) |
//! | `automatic_entities`, `entity_recognizer` | what the recognizer found, and which one |
//! | `entity_corrections` | `{target: {mention: {start, end}} \| {all_mentions: TEXT}, action: "remove" \| {set_label: LABEL}}` |
//! | `entity_groups` | corrections to the grouping into canonical entities (`Rename`, `Merge`, `Split`) |
//! | `claims` | one [`ClaimRecord`] per claim |
//! | `orphans` | annotations not placed on this version (below) |
//! | `article_versions` | every version's hash, size, date and change summary; the current version's `changes` as `{start, end, removed}` |
//! | `tags`, `codebook`, `rejected_suggestions` | as in the project file |
//! | `conflicts`, `decisions` | merge conflicts and adjudication decisions, as in the project file (a conflict's span values are UTF-8 byte offsets there too) |
//!
//! JSON version 1 (ClaimLens 0.2) is read too: its claim numbers and its corrections without
//! ids get the ids the project file's migration gives them, its `next_claim_id` is ignored.
//! | `dismissed_matches` | `{claim, url}`: fact-check matches marked "not the same claim" (only when there are any) |
//!
//! Offsets are code points into `text`, except where no text exists to count in: an orphan
//! and an earlier version's changes refer to a version of the article the project no longer
//! keeps, so their spans are written as UTF-8 byte offsets under keys ending in `_utf8`
//! (`span_utf8`, `mention_utf8`, `new_utf8`), only so that the project reads back
//! identically. An orphaned claim is its record with `span_utf8` in place of `start`/`end`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::record::{ClaimRecord, RecordError};
use crate::document::offsets::CharIndex;
use crate::document::{ArticleMeta, Block, BlockKind, ByteSpan, Document};
use crate::nlp::{Entity, EntityLabel};
use crate::project::{
    ArticleVersion, Codebook, Conflict, CorrectionAction, CorrectionId, CorrectionTarget, Decision, EntityCorrection,
    EntityLayers, GroupCorrection, Orphan, OrphanAnnotation, Project, SourceInfo, article_identity, schema,
};

/// The value of the `format` key.
pub const FORMAT: &str = "claimlens-project";

/// The layout version of this JSON (`json_version`); a newer one is refused on import.
pub const JSON_VERSION: u32 = 2;

/// What the `offsets` key says.
pub const OFFSETS: &str = "unicode code points, end exclusive";

/// A span of the article, in code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpanJson {
    start: usize,
    end: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockJson {
    start: usize,
    end: usize,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    level: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    credit: Option<SpanJson>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityJson {
    start: usize,
    end: usize,
    label: String,
    text: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
enum TargetJson {
    #[serde(rename = "mention")]
    Mention(SpanJson),
    #[serde(rename = "all_mentions")]
    AllMentions(String),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
enum ActionJson {
    #[serde(rename = "remove")]
    Remove,
    #[serde(rename = "set_label")]
    SetLabel(String),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectionJson {
    #[serde(default)]
    id: Option<CorrectionId>,
    target: TargetJson,
    action: ActionJson,
    #[serde(flatten)]
    stamps: StampsJson,
}

/// Who made an entity correction, and when.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StampsJson {
    #[serde(default)]
    created: Option<jiff::Timestamp>,
    #[serde(default)]
    created_by: String,
    #[serde(default)]
    modified: Option<jiff::Timestamp>,
    #[serde(default)]
    modified_by: String,
}

impl StampsJson {
    fn of(c: &EntityCorrection) -> Self {
        Self {
            created: c.created,
            created_by: c.created_by.clone(),
            modified: c.modified,
            modified_by: c.modified_by.clone(),
        }
    }

    fn correction(self, id: CorrectionId, target: CorrectionTarget, action: CorrectionAction) -> EntityCorrection {
        EntityCorrection {
            id,
            target,
            action,
            created: self.created,
            created_by: self.created_by,
            modified: self.modified,
            modified_by: self.modified_by,
        }
    }
}

/// A correction's target in a version the project no longer keeps.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
enum OldTargetJson {
    #[serde(rename = "mention_utf8")]
    Mention((usize, usize)),
    #[serde(rename = "all_mentions")]
    AllMentions(String),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OldCorrectionJson {
    #[serde(default)]
    id: Option<CorrectionId>,
    target: OldTargetJson,
    action: ActionJson,
    #[serde(flatten)]
    stamps: StampsJson,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
enum OrphanAnnotationJson {
    /// The claim's record, `span_utf8` in place of `start` and `end`.
    #[serde(rename = "claim")]
    Claim(Map<String, Value>),
    #[serde(rename = "entity_correction")]
    Correction(OldCorrectionJson),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrphanJson {
    annotation: OrphanAnnotationJson,
    quote: String,
    prefix: String,
    suffix: String,
    version: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectJson {
    format: String,
    json_version: u32,
    claimlens_format_version: u32,
    offsets: String,
    #[serde(default)]
    title: Option<String>,
    meta: ArticleMeta,
    source: SourceInfo,
    text: String,
    blocks: Vec<BlockJson>,
    #[serde(default)]
    entities: Vec<EntityJson>,
    automatic_entities: Vec<EntityJson>,
    entity_recognizer: String,
    entity_corrections: Vec<CorrectionJson>,
    entity_groups: Vec<GroupCorrection>,
    claims: Vec<ClaimRecord>,
    orphans: Vec<OrphanJson>,
    article_versions: Vec<Map<String, Value>>,
    tags: Vec<String>,
    codebook: Codebook,
    rejected_suggestions: Vec<String>,
    #[serde(default)]
    conflicts: Vec<Conflict>,
    #[serde(default)]
    decisions: Vec<Decision>,
    /// JSON version 1 only (ignored).
    #[serde(default, skip_serializing)]
    #[allow(dead_code)]
    next_claim_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    dismissed_matches: Vec<DismissedJson>,
}

/// A fact-check match marked "not the same claim".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DismissedJson {
    claim: crate::project::ClaimId,
    url: String,
}

/// Just enough of the file to say what it is before reading it whole.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    json_version: Option<u32>,
}

/// Why a JSON file is not a project.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JsonImportErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// Not JSON, or not of this layout (the parser's message names line and column).
    #[error("not a ClaimLens project export: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON, but not a whole-project export.
    #[error(
        "not a ClaimLens project export (no \"format\": \"{FORMAT}\"); exports of ClaimLens 0.1 are not whole projects: open its .claimlens.ron instead"
    )]
    NotAProject,
    /// Written by a newer ClaimLens.
    #[error("written by a newer ClaimLens ({what} {found}; this one reads up to {supported})")]
    Newer {
        /// Which version.
        what: &'static str,
        /// The file's.
        found: u32,
        /// The newest this build reads.
        supported: u32,
    },
    /// Offsets that are not a span of the article.
    #[error("{what}: offsets {start}..{end} are not a span of the article ({len} characters)")]
    BadSpan {
        /// What has them.
        what: String,
        /// Start.
        start: usize,
        /// End.
        end: usize,
        /// The article's length in code points.
        len: usize,
    },
    /// A value that is not one of its kind (entity label, block kind, a field).
    #[error("{what}: {message}")]
    BadValue {
        /// What has it.
        what: String,
        /// What is wrong.
        message: String,
    },
    /// A claim record that is not a claim of the article.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// The project read does not hold together.
    #[error("the project is not valid: {0}")]
    Invalid(String),
}

/// A JSON project import failure, with the file last.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct JsonImportError {
    /// What went wrong.
    #[source]
    pub kind: JsonImportErrorKind,
    /// The file.
    pub path: PathBuf,
}

/// Every block kind, for reading kinds back by name (headings get their level).
const BLOCK_KINDS: [BlockKind; 10] = [
    BlockKind::Title,
    BlockKind::Subtitle,
    BlockKind::Dateline,
    BlockKind::Byline,
    BlockKind::Heading(1),
    BlockKind::Paragraph,
    BlockKind::Caption,
    BlockKind::Quote,
    BlockKind::ListItem,
    BlockKind::Preformatted,
];

/// The position of `kind` in [`BLOCK_KINDS`]: exhaustive, so a new kind does not compile
/// until it is listed there (a test checks the two agree).
#[cfg_attr(not(test), allow(dead_code))] // its exhaustive match is the point; the test calls it
const fn block_kind_index(kind: BlockKind) -> usize {
    match kind {
        BlockKind::Title => 0,
        BlockKind::Subtitle => 1,
        BlockKind::Dateline => 2,
        BlockKind::Byline => 3,
        BlockKind::Heading(_) => 4,
        BlockKind::Paragraph => 5,
        BlockKind::Caption => 6,
        BlockKind::Quote => 7,
        BlockKind::ListItem => 8,
        BlockKind::Preformatted => 9,
    }
}

fn block_kind(name: &str, level: Option<u8>) -> Option<BlockKind> {
    BLOCK_KINDS
        .into_iter()
        .map(|k| if let BlockKind::Heading(_) = k { BlockKind::Heading(level.unwrap_or(1)) } else { k })
        .find(|k| k.name() == name)
}

fn to_map<T: Serialize>(v: &T) -> Result<Map<String, Value>, serde_json::Error> {
    match serde_json::to_value(v)? {
        Value::Object(m) => Ok(m),
        _ => Err(serde::ser::Error::custom("expected a JSON object")),
    }
}

fn span_json(index: &CharIndex<'_>, s: ByteSpan) -> SpanJson {
    let (start, end) = index.to_chars(s);
    SpanJson { start, end }
}

fn entity_json(text: &str, index: &CharIndex<'_>, e: &Entity) -> EntityJson {
    let (start, end) = index.to_chars(e.span);
    EntityJson { start, end, label: e.label.tag().to_owned(), text: text[e.span].to_owned() }
}

fn action_json(a: CorrectionAction) -> ActionJson {
    match a {
        CorrectionAction::Remove => ActionJson::Remove,
        CorrectionAction::SetLabel(l) => ActionJson::SetLabel(l.tag().to_owned()),
    }
}

/// The version's fields as the project file has them, its `changes` converted: code points
/// for the current version (`current`), UTF-8 bytes (`new_utf8`) for earlier ones.
fn version_json(v: &ArticleVersion, current: Option<&CharIndex<'_>>) -> Result<Map<String, Value>, serde_json::Error> {
    let mut m = to_map(v)?;
    let changes: Vec<Value> = v
        .changes
        .iter()
        .map(|c| {
            let mut cm = to_map(c)?;
            cm.remove("new");
            let mut out = Map::new();
            match current {
                Some(index) => {
                    let s = span_json(index, c.new);
                    out.insert("start".into(), s.start.into());
                    out.insert("end".into(), s.end.into());
                }
                None => {
                    out.insert("new_utf8".into(), serde_json::to_value((c.new.start, c.new.end))?);
                }
            }
            out.extend(cm);
            Ok(Value::Object(out))
        })
        .collect::<Result<_, serde_json::Error>>()?;
    m.insert("changes".into(), Value::Array(changes));
    Ok(m)
}

/// The whole project as pretty-printed JSON (with a final line break).
///
/// # Errors
/// If serialisation fails (it does not for a valid project).
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, Document};
/// use claimlens::io::export::json::{project_from_json, project_json_string};
/// use claimlens::project::{Project, SourceInfo};
/// let p = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Zürich 🚲 東京.")]), SourceInfo::default());
/// let json = project_json_string(&p).unwrap();
/// assert_eq!(project_from_json(&json).unwrap(), p);
/// ```
pub fn project_json_string(project: &Project) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(&project_json(project)?)?;
    s.push('\n');
    Ok(s)
}

fn project_json(project: &Project) -> Result<ProjectJson, serde_json::Error> {
    // Destructured whole: a new field of `Project` does not compile until it is exported.
    let Project {
        format_version,
        source,
        document,
        article_versions,
        entities,
        claims,
        orphans,
        tags,
        codebook,
        rejected_suggestions,
        conflicts,
        decisions,
        dismissed_matches,
    } = project;
    let Document { text, blocks, meta } = document;
    let EntityLayers { recognizer, automatic, corrections, groups } = entities;
    let index = CharIndex::new(text);
    let blocks = blocks
        .iter()
        .map(|b| {
            let s = span_json(&index, b.span);
            BlockJson {
                start: s.start,
                end: s.end,
                kind: b.kind.name().to_owned(),
                level: if let BlockKind::Heading(l) = b.kind { Some(l) } else { None },
                credit: b.credit.map(|c| span_json(&index, c)),
            }
        })
        .collect();
    let entity_corrections = corrections
        .iter()
        .map(|c| CorrectionJson {
            id: Some(c.id),
            target: match &c.target {
                CorrectionTarget::Mention(s) => TargetJson::Mention(span_json(&index, *s)),
                CorrectionTarget::AllMentions(t) => TargetJson::AllMentions(t.clone()),
            },
            action: action_json(c.action),
            stamps: StampsJson::of(c),
        })
        .collect();
    let orphans = orphans
        .iter()
        .map(|o| {
            let annotation = match &o.annotation {
                OrphanAnnotation::Claim(c) => {
                    // Its span is in an earlier version: write the record without code points.
                    let mut m = ClaimRecord::from_claim(
                        &crate::project::Claim { span: ByteSpan::empty(0), ..c.clone() },
                        &CharIndex::new(""),
                    )
                    .to_map();
                    m.remove("start");
                    m.remove("end");
                    m.insert("span_utf8".into(), serde_json::to_value((c.span.start, c.span.end))?);
                    OrphanAnnotationJson::Claim(m)
                }
                OrphanAnnotation::Correction(c) => OrphanAnnotationJson::Correction(OldCorrectionJson {
                    id: Some(c.id),
                    target: match &c.target {
                        CorrectionTarget::Mention(s) => OldTargetJson::Mention((s.start, s.end)),
                        CorrectionTarget::AllMentions(t) => OldTargetJson::AllMentions(t.clone()),
                    },
                    action: action_json(c.action),
                    stamps: StampsJson::of(c),
                }),
            };
            Ok(OrphanJson {
                annotation,
                quote: o.quote.clone(),
                prefix: o.prefix.clone(),
                suffix: o.suffix.clone(),
                version: o.version,
            })
        })
        .collect::<Result<_, serde_json::Error>>()?;
    let last = article_versions.len().saturating_sub(1);
    let article_versions = article_versions
        .iter()
        .enumerate()
        .map(|(i, v)| version_json(v, (i == last).then_some(&index)))
        .collect::<Result<_, _>>()?;
    Ok(ProjectJson {
        format: FORMAT.to_owned(),
        json_version: JSON_VERSION,
        claimlens_format_version: *format_version,
        offsets: OFFSETS.to_owned(),
        title: document.display_title().map(str::to_owned),
        meta: meta.clone(),
        source: source.clone(),
        text: text.clone(),
        blocks,
        entities: entities.effective(text).iter().map(|e| entity_json(text, &index, e)).collect(),
        automatic_entities: automatic.iter().map(|e| entity_json(text, &index, e)).collect(),
        entity_recognizer: recognizer.clone(),
        entity_corrections,
        entity_groups: groups.clone(),
        claims: claims.iter().map(|c| ClaimRecord::from_claim(c, &index)).collect(),
        orphans,
        article_versions,
        tags: tags.clone(),
        codebook: codebook.clone(),
        rejected_suggestions: rejected_suggestions.clone(),
        conflicts: conflicts.clone(),
        decisions: decisions.clone(),
        next_claim_id: None,
        dismissed_matches: dismissed_matches
            .iter()
            .map(|(c, url)| DismissedJson { claim: *c, url: url.clone() })
            .collect(),
    })
}

fn bad_value(what: impl Into<String>, message: impl std::fmt::Display) -> JsonImportErrorKind {
    JsonImportErrorKind::BadValue { what: what.into(), message: message.to_string() }
}

fn label(what: &str, tag: &str) -> Result<EntityLabel, JsonImportErrorKind> {
    EntityLabel::from_tag(tag).ok_or_else(|| bad_value(what, format!("unknown entity type {tag:?}")))
}

fn action(what: &str, a: &ActionJson) -> Result<CorrectionAction, JsonImportErrorKind> {
    Ok(match a {
        ActionJson::Remove => CorrectionAction::Remove,
        ActionJson::SetLabel(l) => CorrectionAction::SetLabel(label(what, l)?),
    })
}

/// Read a project from the JSON [`project_json_string`] writes.
///
/// # Errors
/// [`JsonImportErrorKind`]: not JSON or not of this layout (with line and column), a newer
/// layout or project version, offsets outside the text, unknown labels, or a project that
/// does not validate ([`Project::validate`]).
pub fn project_from_json(json: &str) -> Result<Project, JsonImportErrorKind> {
    let header: Header = serde_json::from_str(json)?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(JsonImportErrorKind::NotAProject);
    }
    if let Some(found) = header.json_version.filter(|v| *v > JSON_VERSION) {
        return Err(JsonImportErrorKind::Newer { what: "JSON version", found, supported: JSON_VERSION });
    }
    let p: ProjectJson = serde_json::from_str(json)?;
    if p.claimlens_format_version > schema::CURRENT_VERSION {
        return Err(JsonImportErrorKind::Newer {
            what: "project format version",
            found: p.claimlens_format_version,
            supported: schema::CURRENT_VERSION,
        });
    }
    let text = p.text;
    let index = CharIndex::new(&text);
    // Ids of JSON version 1 (per-file numbers, corrections without ids) become those the
    // project file's migration gives.
    let article = article_identity(&p.source.sha256, &text);
    let span = |what: &dyn Fn() -> String, start: usize, end: usize| {
        index.to_bytes(start, end).ok_or_else(|| JsonImportErrorKind::BadSpan {
            what: what(),
            start,
            end,
            len: index.char_len(),
        })
    };
    let mut blocks = Vec::with_capacity(p.blocks.len());
    for (i, b) in p.blocks.iter().enumerate() {
        let what = || format!("block {}", i + 1);
        let kind =
            block_kind(&b.kind, b.level).ok_or_else(|| bad_value(what(), format!("unknown kind {:?}", b.kind)))?;
        let credit = match b.credit {
            Some(c) => Some(span(&what, c.start, c.end)?),
            None => None,
        };
        blocks.push(Block { span: span(&what, b.start, b.end)?, kind, credit });
    }
    let mut automatic = Vec::with_capacity(p.automatic_entities.len());
    for (i, e) in p.automatic_entities.iter().enumerate() {
        let what = || format!("automatic entity {}", i + 1);
        let s = span(&what, e.start, e.end)?;
        if text[s] != *e.text {
            return Err(bad_value(what(), format!("says {:?} but the text there is {:?}", e.text, &text[s])));
        }
        automatic.push(Entity::new(s, label(&what(), &e.label)?));
    }
    let mut corrections = Vec::with_capacity(p.entity_corrections.len());
    for (i, c) in p.entity_corrections.into_iter().enumerate() {
        let what = || format!("entity correction {}", i + 1);
        let target = match &c.target {
            TargetJson::Mention(s) => CorrectionTarget::Mention(span(&what, s.start, s.end)?),
            TargetJson::AllMentions(t) => CorrectionTarget::AllMentions(t.clone()),
        };
        let id = c.id.unwrap_or_else(|| CorrectionId::derived(&article, i as u64));
        let action = action(&what(), &c.action)?;
        corrections.push(c.stamps.correction(id, target, action));
    }
    let mut claims =
        p.claims.into_iter().map(|r| r.with_legacy_id(&article).into_claim(&index)).collect::<Result<Vec<_>, _>>()?;
    claims.sort_by_key(crate::project::Claim::order_key);
    let mut orphans = Vec::with_capacity(p.orphans.len());
    for (i, o) in p.orphans.into_iter().enumerate() {
        let what = || format!("orphan {}", i + 1);
        let annotation = match o.annotation {
            OrphanAnnotationJson::Claim(mut m) => {
                let old: (usize, usize) = serde_json::from_value(m.remove("span_utf8").unwrap_or(Value::Null))
                    .map_err(|e| bad_value(what(), format!("span_utf8: {e}")))?;
                if old.0 > old.1 {
                    return Err(bad_value(what(), "span_utf8 starts after it ends"));
                }
                m.insert("start".into(), 0.into());
                m.insert("end".into(), 0.into());
                let record: ClaimRecord = serde_json::from_value(Value::Object(m)).map_err(|e| bad_value(what(), e))?;
                let mut claim = record.with_legacy_id(&article).into_claim(&CharIndex::new(""))?;
                claim.span = ByteSpan::new(old.0, old.1);
                OrphanAnnotation::Claim(claim)
            }
            OrphanAnnotationJson::Correction(c) => {
                let target = match c.target {
                    OldTargetJson::Mention((a, b)) if a <= b => CorrectionTarget::Mention(ByteSpan::new(a, b)),
                    OldTargetJson::Mention(_) => return Err(bad_value(what(), "mention_utf8 starts after it ends")),
                    OldTargetJson::AllMentions(t) => CorrectionTarget::AllMentions(t),
                };
                // As the migration numbers orphaned corrections.
                let id = c.id.unwrap_or_else(|| CorrectionId::derived(&article, (1 << 32) + i as u64));
                OrphanAnnotation::Correction(c.stamps.correction(id, target, action(&what(), &c.action)?))
            }
        };
        orphans.push(Orphan { annotation, quote: o.quote, prefix: o.prefix, suffix: o.suffix, version: o.version });
    }
    let last = p.article_versions.len().saturating_sub(1);
    let mut article_versions = Vec::with_capacity(p.article_versions.len());
    for (i, mut v) in p.article_versions.into_iter().enumerate() {
        let what = || format!("article version {}", i + 1);
        let changes = match v.remove("changes") {
            Some(Value::Array(a)) => a,
            None | Some(Value::Null) => Vec::new(),
            Some(_) => return Err(bad_value(what(), "changes is not a list")),
        };
        let mut converted = Vec::with_capacity(changes.len());
        for c in changes {
            let Value::Object(mut c) = c else {
                return Err(bad_value(what(), "a change is not an object"));
            };
            let new = if i == last {
                let mut n = |k: &str| c.remove(k).and_then(|v| v.as_u64()).and_then(|v| usize::try_from(v).ok());
                let (start, end) = (n("start"), n("end"));
                let (Some(a), Some(b)) = (start, end) else {
                    return Err(bad_value(what(), "a change of the current version needs start and end"));
                };
                let s = span(&what, a, b)?;
                (s.start, s.end)
            } else {
                serde_json::from_value(c.remove("new_utf8").unwrap_or(Value::Null))
                    .map_err(|e| bad_value(what(), format!("new_utf8: {e}")))?
            };
            c.insert("new".into(), serde_json::to_value(new).map_err(|e| bad_value(what(), e))?);
            converted.push(Value::Object(c));
        }
        v.insert("changes".into(), Value::Array(converted));
        article_versions
            .push(serde_json::from_value::<ArticleVersion>(Value::Object(v)).map_err(|e| bad_value(what(), e))?);
    }
    let project = Project {
        format_version: schema::CURRENT_VERSION,
        source: p.source,
        document: Document { text, blocks, meta: p.meta },
        article_versions,
        entities: EntityLayers { recognizer: p.entity_recognizer, automatic, corrections, groups: p.entity_groups },
        claims,
        orphans,
        tags: p.tags,
        codebook: p.codebook,
        rejected_suggestions: p.rejected_suggestions,
        conflicts: p.conflicts,
        decisions: p.decisions,
        dismissed_matches: {
            let mut d: Vec<_> = p.dismissed_matches.into_iter().map(|d| (d.claim, d.url)).collect();
            d.sort();
            d.dedup();
            d
        },
    };
    project.validate().map_err(JsonImportErrorKind::Invalid)?;
    Ok(project)
}

/// [`project_from_json`] from a file.
///
/// # Errors
/// [`JsonImportError`] naming the file.
pub fn read_project_json(path: &Path) -> Result<Project, JsonImportError> {
    let err = |kind| JsonImportError { kind, path: path.to_path_buf() };
    let json = std::fs::read_to_string(path).map_err(|e| err(e.into()))?;
    project_from_json(&json).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_kinds_are_all_listed_in_order() {
        for (i, k) in BLOCK_KINDS.iter().enumerate() {
            assert_eq!(block_kind_index(*k), i);
            assert_eq!(block_kind(k.name(), Some(3)).map(block_kind_index), Some(i));
        }
        assert_eq!(block_kind("heading", Some(2)), Some(BlockKind::Heading(2)));
        assert_eq!(block_kind("nonsense", None), None);
    }

    #[test]
    fn refusals_say_why() {
        let p = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Zürich 🚲.")]), SourceInfo::default());
        let good = project_json_string(&p).unwrap();
        assert!(matches!(project_from_json("{\"text\": 1}"), Err(JsonImportErrorKind::NotAProject)));
        assert!(matches!(project_from_json("[1,"), Err(JsonImportErrorKind::Json(_))));
        let newer = good.replace("\"json_version\": 2", "\"json_version\": 99");
        assert!(matches!(project_from_json(&newer), Err(JsonImportErrorKind::Newer { found: 99, .. })));
        let outside = good.replace("\"end\": 9", "\"end\": 10");
        assert!(matches!(project_from_json(&outside), Err(JsonImportErrorKind::BadSpan { end: 10, .. })), "{outside}");
        let unknown = good.replace("\"offsets\"", "\"surprise\": 1, \"offsets\"");
        let e = project_from_json(&unknown).unwrap_err();
        assert!(e.to_string().contains("surprise"), "{e}");
    }
}
