//! Errors of the IO layer: what went wrong, with the path last.

use std::path::PathBuf;

/// Why an article could not be imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportErrorKind {
    /// The file could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The file is empty (or only whitespace).
    #[error("the file is empty")]
    Empty,
    /// The file is larger than ClaimLens opens.
    #[error("the file is too large ({size_bytes} bytes; the limit is {limit_bytes} bytes)")]
    TooLarge {
        /// The file's size.
        size_bytes: u64,
        /// The limit.
        limit_bytes: u64,
    },
    /// The bytes are not text (a compressed archive, an image, …).
    #[error("this is not a text file ({0})")]
    Binary(String),
    /// The file is text but no article text could be found in it.
    #[error("no article text found ({0})")]
    NoText(String),
    /// A PDF, Word, `OpenDocument` or EPUB file that cannot be read: truncated, corrupt, or not
    /// what its name or first bytes say.
    #[error("the {format} is damaged or incomplete ({reason})")]
    Damaged {
        /// What it was read as ("PDF document", "Word document", "e-book", …).
        format: &'static str,
        /// What was wrong, as the parser said it.
        reason: String,
    },
    /// The document is protected by a password or DRM.
    #[error(
        "the {0} is protected (a password or DRM); open it in its own program, remove the protection and try again"
    )]
    Protected(&'static str),
    /// A PDF whose pages have no text, only images (a scan or a photo of a page).
    #[error(
        "the PDF has no text layer ({pages} pages of images, probably a scan); ClaimLens does not recognise text in images (OCR): run an OCR tool first"
    )]
    NoTextLayer {
        /// Its number of pages.
        pages: usize,
    },
    /// A web page could not be fetched.
    #[error("{0}")]
    Fetch(#[from] crate::io::fetch::FetchError),
}

/// An import failure for one file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct ImportError {
    /// What went wrong.
    #[source]
    pub kind: ImportErrorKind,
    /// The file.
    pub path: PathBuf,
}

impl ImportError {
    /// An error of `kind` for `path`.
    pub fn new(kind: impl Into<ImportErrorKind>, path: impl Into<PathBuf>) -> Self {
        Self { kind: kind.into(), path: path.into() }
    }
}

/// Why a project file could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProjectFileErrorKind {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file is not valid UTF-8.
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    /// The content is not a (supported, intact) project.
    #[error(transparent)]
    Schema(#[from] crate::project::schema::SchemaError),
    /// Serialising failed.
    #[error("cannot serialise the project: {0}")]
    Serialize(String),
}

/// A project-file failure for one path.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct ProjectFileError {
    /// What went wrong.
    #[source]
    pub kind: ProjectFileErrorKind,
    /// The file.
    pub path: PathBuf,
}

impl ProjectFileError {
    /// An error of `kind` for `path`.
    pub fn new(kind: impl Into<ProjectFileErrorKind>, path: impl Into<PathBuf>) -> Self {
        Self { kind: kind.into(), path: path.into() }
    }
}
