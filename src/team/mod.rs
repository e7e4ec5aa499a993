//! Team work: several coders annotating the same articles in their own files, with git as
//! the shared store.
//!
//! Pure functions over [`crate::project::Project`]s — no files, no UI:
//! - [`stats`]: the reliability coefficients (`α_u`, α, κ, percent agreement), from their
//!   definitions, tested against the published examples;
//! - [`agreement`]: the agreement report of two coders' copies of the same documents;
//! - [`compare`]: the item-by-item comparison of two coders on one article, adjudication
//!   into a merged project, and the blind view of a project;
//! - [`merge`]: the three-way merge of project files by annotation id (the git merge
//!   driver), with generic keyed merge helpers.
//!
//! Coders are recorded on the annotations themselves (`created_by`, `modified_by`; see
//! [`crate::project::Edit::stamped`]); conflicts and adjudication decisions are kept in the
//! project ([`crate::project::review`]).

pub mod agreement;
pub mod compare;
pub mod merge;
pub mod stats;

/// Why two coders' projects cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TeamError {
    /// The projects annotate different texts.
    #[error(
        "the two projects annotate different versions of the article (the texts differ); bring both onto the same version first (claimlens project update)"
    )]
    DifferentArticles,
    /// No documents were given.
    #[error("no documents to compare")]
    Empty,
}
