//! Codebook files: a [`Codebook`] as its own RON file, so a team shares one codebook across
//! projects.
//!
//! The file starts with a versioned header:
//!
//! ```ron
//! (
//!     format: "claimlens-codebook",
//!     version: 1,
//!     codebook: (
//!         name: "Defence desk",
//!         codes: [
//!             (path: "topic/defence/spending", color: Some((200, 60, 40)), shortcut: Some(1), description: "Budgets"),
//!         ],
//!     ),
//! )
//! ```
//!
//! [`save`] writes atomically (temporary file + rename, [`super::project_file::write_atomic`]).
//! [`load`] refuses files that are not codebooks, are from a newer version, or are invalid
//! (bad or duplicate paths, shortcuts outside 1–9 or used twice), each with a clear error
//! naming the file.
//!
//! Importing ([`import`]) never changes the project by itself: it returns the new codebook for
//! [`crate::project::Edit::SetCodebook`] (one undo step). In [`ImportMode::Merge`] (the default)
//! codes are matched by path; new codes are added, codes in both take the file's colour and
//! shortcut (when it has one) and non-empty description, a shortcut the file gives is taken
//! from any other code, codes only in the project stay, and the project's codebook name is
//! kept unless empty. In [`ImportMode::Replace`] the codebook becomes exactly the file's. In
//! both modes claims keep their tags.
//!
//! # Example
//! ```
//! use claimlens::io::codebook;
//! use claimlens::project::{Code, Codebook};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("desk.codebook.ron");
//! let book = Codebook { name: "Desk".into(), codes: vec![Code { path: "topic/defence".into(), ..Code::default() }] };
//! codebook::save(&path, &book).unwrap();
//! assert_eq!(codebook::load(&path).unwrap(), book);
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::project::Codebook;
pub use crate::project::codebook::{CodebookProblem, ImportMode, MergeSummary};

/// The `format` header value of codebook files.
pub const FORMAT: &str = "claimlens-codebook";
/// The version this build writes (and the newest it reads).
pub const VERSION: u32 = 1;
/// The usual file name ending.
pub const FILE_EXTENSION: &str = "codebook.ron";
/// Codebook files larger than this are refused before they are read.
pub const MAX_CODEBOOK_BYTES: u64 = 16 * 1024 * 1024;

/// Why a codebook file could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodebookErrorKind {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file is too large to be a codebook.
    #[error("the file is too large ({0} bytes)")]
    TooLarge(u64),
    /// The file is not UTF-8 text.
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    /// The file is not a ClaimLens codebook (no or another `format` header).
    #[error("not a ClaimLens codebook file")]
    NotACodebook,
    /// The file was written by a newer ClaimLens.
    #[error("codebook version {0} is newer than this ClaimLens reads (up to {VERSION})")]
    Newer(u32),
    /// The RON is damaged.
    #[error("damaged codebook: {0}")]
    Parse(String),
    /// The codebook breaks a rule.
    #[error(transparent)]
    Invalid(#[from] CodebookProblem),
    /// Serialising failed.
    #[error("cannot serialise the codebook: {0}")]
    Serialize(String),
}

/// A codebook-file failure for one path.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct CodebookError {
    /// What went wrong.
    #[source]
    pub kind: CodebookErrorKind,
    /// The file.
    pub path: PathBuf,
}

impl CodebookError {
    fn new(kind: impl Into<CodebookErrorKind>, path: &Path) -> Self {
        Self { kind: kind.into(), path: path.to_path_buf() }
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    codebook: &'a Codebook,
}

/// The header fields alone (every other field is skipped), read before the body so that a
/// newer file is reported as newer rather than as damaged. Not `Option`s: RON would then want
/// `Some(..)` around the values.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    /// 0 when missing.
    #[serde(default)]
    version: u32,
}

#[derive(Deserialize)]
struct FileIn {
    codebook: Codebook,
}

/// The file text of `book` (sorted by path, with the header).
///
/// # Errors
/// If RON serialisation fails.
pub fn to_ron_string(book: &Codebook) -> Result<String, CodebookErrorKind> {
    let mut sorted = book.clone();
    sorted.sort();
    let cfg = ron::ser::PrettyConfig::new().struct_names(false);
    let mut s = ron::ser::to_string_pretty(&FileOut { format: FORMAT, version: VERSION, codebook: &sorted }, cfg)
        .map_err(|e| CodebookErrorKind::Serialize(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Parse the text of a codebook file and validate it.
///
/// # Errors
/// Not a codebook, a newer version, damaged RON, or an invalid codebook.
pub fn from_ron_str(text: &str) -> Result<Codebook, CodebookErrorKind> {
    let header: Header = ron::from_str(text).map_err(|e| {
        // A damaged file that still names the format is a damaged codebook, not another file.
        if text.contains(&format!("\"{FORMAT}\"")) {
            CodebookErrorKind::Parse(e.to_string())
        } else {
            CodebookErrorKind::NotACodebook
        }
    })?;
    if header.format != FORMAT || header.version == 0 {
        return Err(CodebookErrorKind::NotACodebook);
    }
    if header.version > VERSION {
        return Err(CodebookErrorKind::Newer(header.version));
    }
    let file: FileIn = ron::from_str(text).map_err(|e| CodebookErrorKind::Parse(e.to_string()))?;
    let mut book = file.codebook;
    book.validate()?;
    book.sort();
    Ok(book)
}

/// Load and validate a codebook file.
///
/// # Errors
/// [`CodebookError`] naming the path (see [`CodebookErrorKind`]).
pub fn load(path: &Path) -> Result<Codebook, CodebookError> {
    let meta = std::fs::metadata(path).map_err(|e| CodebookError::new(e, path))?;
    if meta.len() > MAX_CODEBOOK_BYTES {
        return Err(CodebookError::new(CodebookErrorKind::TooLarge(meta.len()), path));
    }
    let bytes = std::fs::read(path).map_err(|e| CodebookError::new(e, path))?;
    let text = String::from_utf8(bytes).map_err(|_| CodebookError::new(CodebookErrorKind::NotUtf8, path))?;
    from_ron_str(&text).map_err(|e| CodebookError::new(e, path))
}

/// Validate `book` and write it to `path` atomically.
///
/// # Errors
/// [`CodebookError`] naming the path: an invalid codebook (nothing is written) or an IO
/// failure (the previous file is kept).
pub fn save(path: &Path, book: &Codebook) -> Result<(), CodebookError> {
    book.validate().map_err(|e| CodebookError::new(e, path))?;
    let text = to_ron_string(book).map_err(|e| CodebookError::new(e, path))?;
    super::project_file::write_atomic(path, text.as_bytes(), false, None).map_err(|e| CodebookError::new(e, path))
}

/// Load the codebook at `path` and import it into `current` in `mode` (see the module docs):
/// the resulting codebook, to apply with [`crate::project::Edit::SetCodebook`], and what
/// changed.
///
/// # Errors
/// As [`load`].
pub fn import(path: &Path, current: &Codebook, mode: ImportMode) -> Result<(Codebook, MergeSummary), CodebookError> {
    let incoming = load(path)?;
    Ok(current.imported(&incoming, mode))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Code;

    fn book() -> Codebook {
        Codebook {
            name: "Desk".into(),
            codes: vec![
                Code {
                    path: "topic/defence/spending".into(),
                    color: Some((200, 60, 40)),
                    shortcut: Some(1),
                    description: "Budgets, \"quotes\" and ▸ arrows".into(),
                },
                Code { path: "actor/nato".into(), ..Code::default() },
            ],
        }
    }

    #[test]
    fn round_trip_sorts_and_keeps_everything() {
        let text = to_ron_string(&book()).unwrap();
        assert!(text.contains("format: \"claimlens-codebook\""), "{text}");
        let back = from_ron_str(&text).unwrap();
        let mut want = book();
        want.sort();
        assert_eq!(back, want);
    }

    #[test]
    fn refusals_are_clear() {
        let cases: &[(&str, &str)] = &[
            ("", "not a ClaimLens codebook"),
            ("(name: \"x\", codes: [])", "not a ClaimLens codebook"),
            ("(format: \"claimlens-project\", version: 1)", "not a ClaimLens codebook"),
            ("(format: \"claimlens-codebook\", version: 7, codebook: (codes: []))", "newer"),
            ("(format: \"claimlens-codebook\", version: 1, codebook: (codes: [(pathx: 1)]))", "damaged"),
            (
                "(format: \"claimlens-codebook\", version: 1, codebook: (codes: [(path: \"a\"), (path: \"a\")]))",
                "used twice",
            ),
            (
                "(format: \"claimlens-codebook\", version: 1, codebook: (codes: [(path: \"a\", shortcut: Some(12))]))",
                "1–9",
            ),
        ];
        for (text, want) in cases {
            let e = from_ron_str(text).unwrap_err().to_string();
            assert!(e.contains(want), "{text}: {e}");
        }
        let full = to_ron_string(&book()).unwrap();
        let truncated = &full[..full.len() / 2];
        let e = from_ron_str(truncated).unwrap_err();
        assert!(matches!(e, CodebookErrorKind::Parse(_)), "{e}");
        assert_eq!(
            from_ron_str("(format: \"claimlens-codebook\", version: 1, codebook: ())").unwrap(),
            Codebook::default()
        );
    }

    #[test]
    fn files_name_the_path_and_invalid_books_are_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.codebook.ron");
        let e = load(&path).unwrap_err();
        assert!(e.to_string().starts_with(&path.display().to_string()), "{e}");
        let mut bad = book();
        bad.codes.push(Code { path: "actor/nato".into(), ..Code::default() });
        assert!(save(&path, &bad).is_err());
        assert!(!path.exists());
        save(&path, &book()).unwrap();
        std::fs::write(dir.path().join("bin"), [0xFF, 0xFE, 0x00]).unwrap();
        assert!(load(&dir.path().join("bin")).unwrap_err().to_string().contains("UTF-8"));
        let (ours, s) = import(&path, &Codebook::default(), ImportMode::Merge).unwrap();
        assert_eq!(s.added, 2);
        assert_eq!(ours.name, "Desk");
    }
}
