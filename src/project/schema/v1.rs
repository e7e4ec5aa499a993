//! Format version 1, frozen: the on-disk structs exactly as ClaimLens 0.1 wrote them.
//!
//! Never edit these after release: later versions read v1 files through them and migrate the
//! result (see [`super::migrate`]). They share no types with the live model, so changing the
//! model cannot change how v1 files are read.

use serde::Deserialize;

#[derive(Deserialize)]
pub struct Project {
    /// Read to check the shape; the version was dispatched on before.
    #[allow(dead_code)]
    pub format_version: u32,
    pub source: SourceInfo,
    pub document: Document,
    pub entities: EntityLayers,
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub next_claim_id: u64,
    /// Read to check the shape; view state is no longer kept in projects (not migrated).
    #[allow(dead_code)]
    #[serde(default)]
    pub view: ViewState,
}

#[derive(Deserialize)]
pub struct SourceInfo {
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub format: SourceFormat,
    #[serde(default)]
    pub encoding: String,
    #[serde(default)]
    pub sha256: String,
    #[serde(default)]
    pub size_bytes: u64,
    #[serde(default)]
    pub imported: Option<jiff::Timestamp>,
}

#[derive(Deserialize, Default, Clone, Copy)]
pub enum SourceFormat {
    #[default]
    PlainText,
    Markdown,
    Html,
    Xml,
}

#[derive(Deserialize)]
pub struct Document {
    pub text: String,
    pub blocks: Vec<Block>,
    #[serde(default)]
    pub meta: ArticleMeta,
}

#[derive(Deserialize)]
pub struct Block {
    pub span: (usize, usize),
    pub kind: BlockKind,
    #[serde(default)]
    pub credit: Option<(usize, usize)>,
}

#[derive(Deserialize, Clone, Copy)]
pub enum BlockKind {
    Title,
    Subtitle,
    Dateline,
    Byline,
    Heading(u8),
    Paragraph,
    Caption,
    Quote,
    ListItem,
    Preformatted,
}

#[derive(Deserialize, Default)]
pub struct ArticleMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
}

/// OntoNotes labels as written in v1 (`PERSON`, `GPE`, …).
#[derive(Deserialize, Clone, Copy)]
pub enum Label {
    #[serde(rename = "PERSON")]
    Person,
    #[serde(rename = "NORP")]
    Norp,
    #[serde(rename = "ORG")]
    Org,
    #[serde(rename = "GPE")]
    Gpe,
    #[serde(rename = "LOC")]
    Loc,
    #[serde(rename = "FAC")]
    Fac,
    #[serde(rename = "EVENT")]
    Event,
    #[serde(rename = "WORK_OF_ART")]
    WorkOfArt,
    #[serde(rename = "LAW")]
    Law,
    #[serde(rename = "PRODUCT")]
    Product,
    #[serde(rename = "DATE")]
    Date,
    #[serde(rename = "TIME")]
    Time,
    #[serde(rename = "MONEY")]
    Money,
    #[serde(rename = "PERCENT")]
    Percent,
    #[serde(rename = "QUANTITY")]
    Quantity,
    #[serde(rename = "ORDINAL")]
    Ordinal,
    #[serde(rename = "CARDINAL")]
    Cardinal,
}

#[derive(Deserialize)]
pub struct EntityLayers {
    #[serde(default)]
    pub recognizer: String,
    #[serde(default)]
    pub automatic: Vec<(usize, usize, Label)>,
    #[serde(default)]
    pub corrections: Vec<EntityCorrection>,
}

#[derive(Deserialize)]
pub struct EntityCorrection {
    pub target: CorrectionTarget,
    pub action: CorrectionAction,
}

#[derive(Deserialize)]
pub enum CorrectionTarget {
    Mention((usize, usize)),
    AllMentions(String),
}

#[derive(Deserialize)]
pub enum CorrectionAction {
    Remove,
    SetLabel(Label),
}

#[derive(Deserialize)]
pub struct Claim {
    pub id: u64,
    pub span: (usize, usize),
    pub quote: String,
    #[serde(default)]
    pub claimant: String,
    pub kind: ClaimKind,
    pub worthiness: Worthiness,
    pub status: ClaimStatus,
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub created: jiff::Timestamp,
    pub modified: jiff::Timestamp,
}

#[derive(Deserialize, Clone, Copy)]
pub enum ClaimKind {
    Statistical,
    Quotation,
    Attribution,
    Prediction,
    Causal,
    Comparison,
    Position,
    Other,
}

#[derive(Deserialize, Clone, Copy)]
pub enum Worthiness {
    Low,
    Medium,
    High,
}

#[derive(Deserialize, Clone, Copy)]
pub enum ClaimStatus {
    ToCheck,
    Checking,
    Checked,
}

#[derive(Deserialize, Clone, Copy)]
pub enum Verdict {
    True,
    MostlyTrue,
    HalfTrue,
    MostlyFalse,
    False,
    Unverifiable,
}

#[allow(dead_code)] // read to check the shape; no longer migrated
#[derive(Deserialize, Default)]
pub struct ViewState {
    #[serde(default)]
    pub scroll_byte: usize,
    #[serde(default)]
    pub hidden_labels: Vec<Label>,
    #[serde(default)]
    pub filter: ClaimFilter,
}

#[allow(dead_code)] // read to check the shape; no longer migrated
#[derive(Deserialize, Default)]
pub struct ClaimFilter {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub kind: Option<ClaimKind>,
    #[serde(default)]
    pub status: Option<ClaimStatus>,
}
