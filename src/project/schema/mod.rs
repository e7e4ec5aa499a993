//! The on-disk form of a [`Project`]: RON, with `format_version` first.
//!
//! Loading reads the version before anything else. A newer version is refused by name; an
//! older one is read with its frozen structs (`v1.rs`, …) and migrated forward by pure
//! functions, one per version step (`migrate.rs`). The current version is the live model
//! itself.
//!
//! | version | written by | changes |
//! |---|---|---|
//! | 1 | ClaimLens 0.1 | first format |
//! | 2 | ClaimLens 0.2 | article versions, orphans, canonical-entity corrections, codebook, rejected suggestions, claim attribution |
//! | 3 | ClaimLens 0.3 | globally unique ids (UUID strings) for claims and entity corrections, coders (`created_by`, `modified_by`), times on corrections, merge conflicts, adjudication decisions; no `next_claim_id` |

mod migrate;
mod v1;
mod v2;

use serde::Deserialize;

use super::Project;

/// The format version this build writes.
pub const CURRENT_VERSION: u32 = 3;

/// Why a project file's text could not be read as a project.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// Not RON, or not a ClaimLens project.
    #[error("not a ClaimLens project: {0}")]
    NotAProject(String),
    /// Written by a newer ClaimLens.
    #[error(
        "written by a newer ClaimLens (project format version {found}; this version reads up to {supported}). Update ClaimLens to open it"
    )]
    TooNew {
        /// The file's version.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The right version, but the content is damaged.
    #[error("the project is damaged: {0}")]
    Corrupt(String),
}

#[derive(Deserialize)]
struct Probe {
    format_version: u32,
}

fn ron_options() -> ron::Options {
    ron::Options::default()
}

/// The version from the `format_version: N` field at the top of a file this program wrote
/// (comments and the opening parenthesis before it), without parsing the whole file twice.
/// `None` when the file does not start that way; then a full RON probe decides.
fn quick_version(text: &str) -> Option<u32> {
    let mut rest = text.trim_start();
    while let Some(line_end) = rest.strip_prefix("//").and_then(|r| r.find('\n').map(|i| i + 2)) {
        rest = rest[line_end..].trim_start();
    }
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("format_version")?.trim_start().strip_prefix(':')?.trim_start();
    let digits: &str = &rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())];
    let after = rest[digits.len()..].trim_start();
    (after.starts_with(',') || after.starts_with(')')).then(|| digits.parse().ok()).flatten()
}

/// Serialise `project` as pretty RON with a stable layout (fields in declaration order, lists
/// sorted by the model, strings unescaped so the article and notes stay readable in a diff).
///
/// # Errors
/// Only if serialisation itself fails (it does not for valid projects).
pub fn to_ron_string(project: &Project) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ".to_owned())
        .struct_names(false)
        .escape_strings(false)
        .separate_tuple_members(false)
        .new_line("\n".to_owned());
    let mut out = String::from("// ClaimLens project (RON). https://github.com/ron-rs/ron\n");
    out.push_str(&ron_options().to_string_pretty(project, config)?);
    out.push('\n');
    Ok(out)
}

/// Read a project from RON text of any supported version.
///
/// # Errors
/// [`SchemaError`] naming what is wrong: not a project, too new, or damaged.
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, Document};
/// use claimlens::project::{Project, SourceInfo, schema};
/// let p = Project::new(Document::from_blocks([(BlockKind::Title, "Ein Titel")]), SourceInfo::default());
/// let text = schema::to_ron_string(&p).unwrap();
/// assert!(text.contains("format_version: 3"));
/// assert_eq!(schema::from_ron_str(&text).unwrap(), p);
/// ```
pub fn from_ron_str(text: &str) -> Result<Project, SchemaError> {
    let version = if let Some(v) = quick_version(text) {
        v
    } else {
        let probe: Probe = ron_options().from_str(text).map_err(|e| {
            if text.contains("format_version") {
                SchemaError::Corrupt(e.to_string())
            } else {
                SchemaError::NotAProject(format!("no format_version field ({e})"))
            }
        })?;
        probe.format_version
    };
    match version {
        CURRENT_VERSION => {
            let project: Project = ron_options().from_str(text).map_err(|e| SchemaError::Corrupt(e.to_string()))?;
            project.validate().map_err(SchemaError::Corrupt)?;
            Ok(project)
        }
        1 | 2 => {
            let old = if version == 1 {
                let v1: v1::Project = ron_options().from_str(text).map_err(|e| SchemaError::Corrupt(e.to_string()))?;
                migrate::v1_to_v2(v1)
            } else {
                ron_options().from_str::<v2::Project>(text).map_err(|e| SchemaError::Corrupt(e.to_string()))?
            };
            let project = migrate::v2_to_v3(old).map_err(SchemaError::Corrupt)?;
            project.validate().map_err(SchemaError::Corrupt)?;
            Ok(project)
        }
        0 => Err(SchemaError::Corrupt("format version 0 does not exist".to_owned())),
        found => Err(SchemaError::TooNew { found, supported: CURRENT_VERSION }),
    }
}
