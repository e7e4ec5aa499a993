//! Format version 2, frozen: the on-disk structs exactly as ClaimLens 0.2 wrote them.
//!
//! Never edit these after release: later versions read v2 files through them and migrate the
//! result (see [`super::migrate`]). They share no types with the live model; the types whose
//! on-disk form did not change since version 1 are the frozen v1 ones.

use serde::Deserialize;

pub use super::v1::{ClaimKind, ClaimStatus, Document, EntityCorrection, Label, SourceInfo, Verdict, Worthiness};

#[derive(Deserialize)]
pub struct Project {
    /// Read to check the shape; the version was dispatched on before.
    #[allow(dead_code)]
    pub format_version: u32,
    pub source: SourceInfo,
    pub document: Document,
    #[serde(default)]
    pub article_versions: Vec<ArticleVersion>,
    pub entities: EntityLayers,
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub orphans: Vec<Orphan>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub codebook: Codebook,
    #[serde(default)]
    pub rejected_suggestions: Vec<String>,
    /// Read to check the shape; ids are no longer numbered (not migrated).
    #[allow(dead_code)]
    pub next_claim_id: u64,
    // `view` (written by early 0.2 builds) is ignored, as 0.2 itself did.
}

#[derive(Deserialize, Default)]
pub struct ArticleVersion {
    #[serde(default)]
    pub sha256: String,
    #[serde(default)]
    pub size_bytes: u64,
    #[serde(default)]
    pub chars: usize,
    #[serde(default)]
    pub source_path: Option<String>,
    #[serde(default)]
    pub imported: Option<jiff::Timestamp>,
    #[serde(default)]
    pub change: String,
    #[serde(default)]
    pub changes: Vec<RecordedChange>,
}

#[derive(Deserialize)]
pub struct RecordedChange {
    pub new: (usize, usize),
    #[serde(default)]
    pub removed: String,
}

#[derive(Deserialize)]
pub struct EntityLayers {
    #[serde(default)]
    pub recognizer: String,
    #[serde(default)]
    pub automatic: Vec<(usize, usize, Label)>,
    #[serde(default)]
    pub corrections: Vec<EntityCorrection>,
    #[serde(default)]
    pub groups: Vec<GroupCorrection>,
}

#[derive(Deserialize)]
pub enum GroupCorrection {
    Rename { entity: String, name: String },
    Merge { entity: String, into: String },
    Split { mention: String },
}

#[derive(Deserialize, Clone, Copy, Default)]
pub enum AssertedBy {
    #[default]
    Unknown,
    Author,
    Source,
}

#[derive(Deserialize, Clone, Copy, Default)]
pub enum ClaimOrigin {
    #[default]
    Manual,
    Suggested,
    Imported,
}

#[derive(Deserialize)]
pub struct Claim {
    pub id: u64,
    pub span: (usize, usize),
    pub quote: String,
    #[serde(default)]
    pub claimant: String,
    #[serde(default)]
    pub claimant_entity: Option<String>,
    #[serde(default)]
    pub asserted_by: AssertedBy,
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
    #[serde(default)]
    pub origin: ClaimOrigin,
    pub created: jiff::Timestamp,
    pub modified: jiff::Timestamp,
}

#[derive(Deserialize)]
pub enum OrphanAnnotation {
    Claim(Claim),
    Correction(EntityCorrection),
}

#[derive(Deserialize)]
pub struct Orphan {
    pub annotation: OrphanAnnotation,
    pub quote: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    #[serde(default)]
    pub version: usize,
}

#[derive(Deserialize, Default)]
pub struct Code {
    pub path: String,
    #[serde(default)]
    pub color: Option<(u8, u8, u8)>,
    #[serde(default)]
    pub shortcut: Option<u8>,
    #[serde(default)]
    pub description: String,
}

#[derive(Deserialize, Default)]
pub struct Codebook {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub codes: Vec<Code>,
}
