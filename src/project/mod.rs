//! The project: one article with its entities, corrections, claims, tags and view state.
//!
//! Depends on [`crate::document`] and [`crate::nlp`] types only; no file IO (see
//! [`crate::io::project_file`]) and no egui. Every change a user makes is an [`Edit`] applied
//! with [`Edit::apply`], which returns its inverse: that is the whole undo system.

pub mod anchor;
pub mod assist;
mod claim;
pub mod codebook;
mod edit;
mod entities;
mod history;
mod ids;
pub mod overview;
pub mod review;
pub mod schema;

use serde::{Deserialize, Serialize};

use crate::document::{ByteSpan, Document, SourceFormat};
use crate::nlp::Analysis;

pub use claim::{AssertedBy, Claim, ClaimKind, ClaimOrigin, ClaimStatus, Verdict, Worthiness};
pub use edit::{Edit, EditError, Touches, resolve_conflict, resolve_conflict_both};
pub use entities::{
    CorrectionAction, CorrectionTarget, EntityCorrection, EntityLayers, GroupCorrection, word_occurrences,
};
pub use history::History;
pub use ids::{ClaimId, CorrectionId, IdError, article_identity};
pub use review::{Conflict, Decision, EditContext};

/// The file name extension of project files (they are RON).
pub const FILE_EXTENSION: &str = "claimlens.ron";

/// Where the article came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The file it was imported from, as given (may no longer exist).
    #[serde(default)]
    pub path: Option<String>,
    /// Its format.
    #[serde(default)]
    pub format: SourceFormat,
    /// The text encoding that was assumed ("UTF-8", "windows-1252", …).
    #[serde(default)]
    pub encoding: String,
    /// SHA-256 of the source file's bytes, lower-case hex: tells whether the file on disk
    /// still is the version annotated here.
    #[serde(default)]
    pub sha256: String,
    /// Size of the source file in bytes.
    #[serde(default)]
    pub size_bytes: u64,
    /// When it was imported.
    #[serde(default)]
    pub imported: Option<jiff::Timestamp>,
    /// The web address asked for, when the article was fetched from the web.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The address the page came from, after redirects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// When the page was retrieved (for a fact-check's "as retrieved on").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<jiff::Timestamp>,
    /// The copy of what was fetched kept beside the project, relative to the project file
    /// (`NAME.sources/<sha256>.html`), so the text can be reproduced when the page changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
}

impl SourceInfo {
    /// Where the article was read from, for people: the file path, else the final web
    /// address, else the address asked for.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.path.as_deref().or(self.final_url.as_deref()).or(self.url.as_deref())
    }
}

/// A claims-list filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimFilter {
    /// Text to look for in quote, claimant, note, tags (case-insensitive).
    #[serde(default)]
    pub text: String,
    /// Only this kind.
    #[serde(default)]
    pub kind: Option<ClaimKind>,
    /// Only this status.
    #[serde(default)]
    pub status: Option<ClaimStatus>,
    /// Only claims this coder created or last changed ([`Claim::is_by`]).
    #[serde(default)]
    pub coder: Option<String>,
}

impl ClaimFilter {
    /// True if `claim` passes the filter.
    #[must_use]
    pub fn accepts(&self, claim: &Claim) -> bool {
        self.kind.is_none_or(|k| claim.kind == k)
            && self.status.is_none_or(|s| claim.status == s)
            && self.coder.as_deref().is_none_or(|c| claim.is_by(c))
            && claim.matches_text(&self.text.trim().to_lowercase())
    }

    /// True if the filter lets everything through.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.kind.is_none() && self.status.is_none() && self.coder.is_none()
    }
}

/// The claims `coder` created or last changed, in document order.
#[must_use]
pub fn claims_by_coder<'p>(project: &'p Project, coder: &str) -> Vec<&'p Claim> {
    project.claims.iter().filter(|c| c.is_by(coder)).collect()
}

/// One version of the article the project has annotated (the newest last).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleVersion {
    /// SHA-256 of the source file's bytes.
    #[serde(default)]
    pub sha256: String,
    /// Size of the source file.
    #[serde(default)]
    pub size_bytes: u64,
    /// Length of the canonical text in code points.
    #[serde(default)]
    pub chars: usize,
    /// Where it was read from.
    #[serde(default)]
    pub source_path: Option<String>,
    /// When it was imported.
    #[serde(default)]
    pub imported: Option<jiff::Timestamp>,
    /// What changed from the previous version, in words ("+120 / −45 characters; 14 kept,
    /// 2 moved, 1 orphaned").
    #[serde(default)]
    pub change: String,
    /// The changed regions from the previous version: spans into THIS version's text, with
    /// the previous version's text that was there (see [`anchor::RecordedChange`]). Empty for
    /// the first version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<anchor::RecordedChange>,
}

/// An annotation that could not be placed on the current article version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrphanAnnotation {
    /// A claim (its `span` refers to the version it was made on).
    Claim(Claim),
    /// An entity correction of one mention.
    Correction(EntityCorrection),
}

/// An annotation kept after re-anchoring failed: never deleted, listed in the side panel,
/// and re-attachable to a new selection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orphan {
    /// The annotation.
    pub annotation: OrphanAnnotation,
    /// The text it was anchored to.
    pub quote: String,
    /// Up to 32 characters before the quote in the old version.
    #[serde(default)]
    pub prefix: String,
    /// Up to 32 characters after the quote in the old version.
    #[serde(default)]
    pub suffix: String,
    /// Index into [`Project::article_versions`] of the version it was placed on.
    #[serde(default)]
    pub version: usize,
}

/// Everything that depends on the article's text: what [`Edit::ReplaceArticle`] swaps in one
/// step (updating the article re-anchors all of it, and undo must restore all of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleState {
    /// Where the article came from.
    pub source: SourceInfo,
    /// The article.
    pub document: Document,
    /// The version history.
    pub article_versions: Vec<ArticleVersion>,
    /// Automatic entities and corrections (spans into `document.text`).
    pub entities: EntityLayers,
    /// The claims, in document order (spans into `document.text`).
    pub claims: Vec<Claim>,
    /// Annotations not placed on `document`.
    pub orphans: Vec<Orphan>,
}

/// One code of the codebook: a hierarchical tag (`topic/defence/spending`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    /// The path, levels separated by `/`.
    pub path: String,
    /// Colour of the tag chip and highlight, if any.
    #[serde(default)]
    pub color: Option<(u8, u8, u8)>,
    /// Keyboard shortcut 1–9 that applies it to the selected claim.
    #[serde(default)]
    pub shortcut: Option<u8>,
    /// What the code means, for coders.
    #[serde(default)]
    pub description: String,
}

/// A user-defined, hierarchical set of claim tags; shareable between projects as its own RON
/// file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Codebook {
    /// Name of the codebook.
    #[serde(default)]
    pub name: String,
    /// The codes, sorted by path.
    #[serde(default)]
    pub codes: Vec<Code>,
}

/// One article and everything the user has done with it. Saved as one RON file.
///
/// Field order is the file's order; lists are kept sorted (claims in document order, tags
/// alphabetically) so two versions of a project diff cleanly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// The format version this project was written with ([`schema::CURRENT_VERSION`]).
    pub format_version: u32,
    /// Where the article came from.
    pub source: SourceInfo,
    /// The article: canonical text, blocks and metadata.
    pub document: Document,
    /// Every version of the article annotated so far, oldest first; the last is `document`.
    #[serde(default)]
    pub article_versions: Vec<ArticleVersion>,
    /// Automatic entities and corrections.
    pub entities: EntityLayers,
    /// Tagged claims, in document order.
    pub claims: Vec<Claim>,
    /// Annotations that could not be re-anchored when the article changed.
    #[serde(default)]
    pub orphans: Vec<Orphan>,
    /// The tag vocabulary, sorted, without duplicates.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The codebook of hierarchical tags.
    #[serde(default)]
    pub codebook: Codebook,
    /// Sentences the user rejected as claim suggestions (their text), sorted.
    #[serde(default)]
    pub rejected_suggestions: Vec<String>,
    /// Merge conflicts not resolved yet: both coders changed the same field of the same
    /// annotation (see [`review::Conflict`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Adjudication decisions (in a project merged from two coders' copies), sorted by item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Fact-check matches the user marked "not the same claim": (claim, fact-check URL),
    /// sorted. Matching leaves them out for that claim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed_matches: Vec<(ClaimId, String)>,
    // How the project is being looked at (reading position, hidden types, filters, the
    // suggestion threshold) is not kept here: scrolling must not change a file people share.
    // The window keeps it in its own storage (`ui::session::ViewState`); files that still
    // carry a `view` field (written before) load, the field is ignored.
}

impl Project {
    /// A new project around an imported article.
    #[must_use]
    pub fn new(document: Document, source: SourceInfo) -> Self {
        let first = ArticleVersion {
            sha256: source.sha256.clone(),
            size_bytes: source.size_bytes,
            chars: document.text.chars().count(),
            source_path: source.location().map(str::to_owned),
            imported: source.imported,
            change: "first version".to_owned(),
            changes: Vec::new(),
        };
        Self {
            format_version: schema::CURRENT_VERSION,
            source,
            document,
            article_versions: vec![first],
            entities: EntityLayers::default(),
            claims: Vec::new(),
            orphans: Vec::new(),
            tags: Vec::new(),
            codebook: Codebook::default(),
            rejected_suggestions: Vec::new(),
            conflicts: Vec::new(),
            decisions: Vec::new(),
            dismissed_matches: Vec::new(),
        }
    }

    /// The article text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.document.text
    }

    /// Replace the automatic entities with a new analysis (the corrections stay).
    /// Not an undoable edit: the user did not make it.
    pub fn set_analysis(&mut self, analysis: Analysis) {
        self.entities.automatic = analysis.entities;
        self.entities.recognizer = analysis.recognizer;
    }

    /// The claim with `id`.
    #[must_use]
    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// Index of the claim with `id` in [`Project::claims`].
    #[must_use]
    pub fn claim_index(&self, id: ClaimId) -> Option<usize> {
        self.claims.iter().position(|c| c.id == id)
    }

    /// The version index the current article has in [`Project::article_versions`] (the last
    /// one; 0 for a project without history).
    #[must_use]
    pub fn current_version(&self) -> usize {
        self.article_versions.len().saturating_sub(1)
    }

    /// A fresh, globally unique claim id ([`ClaimId::new`]).
    #[must_use]
    pub fn peek_claim_id(&self) -> ClaimId {
        ClaimId::new()
    }

    /// Index of the entity correction with `id` in [`EntityLayers::corrections`].
    #[must_use]
    pub fn correction_index(&self, id: CorrectionId) -> Option<usize> {
        self.entities.corrections.iter().position(|c| c.id == id)
    }

    /// True when the user marked the fact-check at `url` as "not the same claim" as claim `id`.
    #[must_use]
    pub fn is_dismissed_match(&self, id: ClaimId, url: &str) -> bool {
        self.dismissed_matches.binary_search_by(|(c, u)| (*c, u.as_str()).cmp(&(id, url))).is_ok()
    }

    /// Tags used by claims or in the vocabulary, sorted, with use counts.
    #[must_use]
    pub fn tag_counts(&self) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<&str, usize> = self.tags.iter().map(|t| (t.as_str(), 0)).collect();
        for c in &self.claims {
            for t in &c.tags {
                *counts.entry(t).or_default() += 1;
            }
        }
        counts.into_iter().map(|(t, n)| (t.to_owned(), n)).collect()
    }

    /// Check the invariants a loaded project must satisfy, so that a hand-edited file cannot
    /// make the window panic: the document's structure; every stored span into the current
    /// text in bounds and on char boundaries (automatic entities, corrections of one mention,
    /// claims, the changed regions of the current version); unique claim ids.
    ///
    /// # Errors
    /// A description of the first problem found.
    pub fn validate(&self) -> Result<(), String> {
        self.document.validate()?;
        let text = self.text();
        let check = |what: &str, s: ByteSpan| {
            if s.end > text.len() || ByteSpan::checked(text, s.start, s.end).is_none() {
                Err(format!("{what} span {s} is outside the article text or splits a character"))
            } else {
                Ok(())
            }
        };
        for e in &self.entities.automatic {
            check("entity", e.span)?;
        }
        for (i, c) in self.entities.corrections.iter().enumerate() {
            if let CorrectionTarget::Mention(span) = c.target {
                check(&format!("entity correction {}", i + 1), span)?;
            }
        }
        let mut ids = std::collections::BTreeSet::new();
        for c in &self.claims {
            check(&format!("claim {}", c.id), c.span)?;
            if !ids.insert(c.id) {
                return Err(format!("claim id {} is used twice", c.id));
            }
        }
        let mut ids = std::collections::BTreeSet::new();
        for c in &self.entities.corrections {
            if !ids.insert(c.id) {
                return Err(format!("entity correction id {} is used twice", c.id));
            }
        }
        // Only the newest version's changes are spans into the current text (they are tinted
        // in the view); older versions' changes point into texts the project no longer keeps.
        if let Some(v) = self.article_versions.last() {
            for c in &v.changes {
                check("changed region", c.new)?;
            }
        }
        for (i, o) in self.orphans.iter().enumerate() {
            if o.version >= self.article_versions.len().max(1) {
                return Err(format!(
                    "orphan {} names article version {} of {}",
                    i + 1,
                    o.version + 1,
                    self.article_versions.len()
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;

    fn project() -> Project {
        Project::new(Document::from_blocks([(BlockKind::Paragraph, "Zürich hält an 5 % fest.")]), SourceInfo::default())
    }

    /// Issue 13: every stored span is checked, so a hand-edited file cannot panic the view.
    #[test]
    fn validate_checks_every_stored_span() {
        assert_eq!(project().validate(), Ok(()));
        let mut p = project();
        // "ü" is two bytes: 2 is inside it.
        p.entities
            .corrections
            .push(EntityCorrection::new(CorrectionTarget::Mention(ByteSpan::new(0, 2)), CorrectionAction::Remove));
        assert!(p.validate().unwrap_err().contains("entity correction 1"), "{:?}", p.validate());
        let mut p = project();
        p.article_versions[0]
            .changes
            .push(anchor::RecordedChange { new: ByteSpan::new(3, 400), removed: String::new() });
        assert!(p.validate().unwrap_err().contains("changed region"));
        let mut p = project();
        p.orphans.push(Orphan {
            annotation: OrphanAnnotation::Correction(EntityCorrection::new(
                CorrectionTarget::Mention(ByteSpan::new(0, 1)),
                CorrectionAction::Remove,
            )),
            quote: "Z".into(),
            prefix: String::new(),
            suffix: String::new(),
            version: 3,
        });
        assert!(p.validate().unwrap_err().contains("orphan 1"));
    }
}
