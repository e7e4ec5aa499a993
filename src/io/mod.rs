//! Formats and the file system: importing articles, loading and saving projects.
//!
//! Depends on [`crate::document`], [`crate::nlp`] and [`crate::project`]; never on egui.

pub mod annotations;
pub mod codebook;
pub mod corpus_dir;
pub mod corpus_export;
pub mod decode;
mod error;
pub mod export;
pub mod html;
pub mod markdown;
pub mod plain;
pub mod project_file;
pub mod qdpx;
pub mod recovery;
pub mod xml;

use std::path::{Path, PathBuf};

use sha2::Digest as _;

use crate::document::{Document, SourceFormat};
use crate::project::{Project, SourceInfo};

pub use error::{ImportError, ImportErrorKind, ProjectFileError, ProjectFileErrorKind};

/// Articles larger than this are refused before they are read whole.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// A short, openly licensed news article shipped with the app (Wikinews, CC BY 2.5; see
/// `assets/sample/README.md`), for first runs, demos and tests.
pub const SAMPLE_ARTICLE: &str =
    include_str!("../../assets/sample/wikinews_north_korea_quasi_state_of_war_2015-08-21.txt");

/// The file name of [`SAMPLE_ARTICLE`] (plain text).
pub const SAMPLE_ARTICLE_NAME: &str = "wikinews_north_korea_quasi_state_of_war_2015-08-21.txt";

/// An imported article with what was assumed on the way.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The article.
    pub document: Document,
    /// Where it came from.
    pub source: SourceInfo,
    /// True when the encoding was guessed rather than known.
    pub encoding_guessed: bool,
}

/// What a path turned out to hold.
#[derive(Debug)]
pub enum Opened {
    /// An article, imported.
    Article(Box<Imported>),
    /// A saved project.
    Project(Box<Project>),
}

/// The format of a file, from its name and, failing that, its first bytes.
#[must_use]
pub fn detect_format(path: &Path, head: &[u8]) -> SourceFormat {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" | "htm" | "xhtml" => return SourceFormat::Html,
        "md" | "markdown" | "mdown" | "mkd" => return SourceFormat::Markdown,
        "xml" | "tml" => return SourceFormat::Xml,
        "txt" | "text" => return SourceFormat::PlainText,
        _ => {}
    }
    let head = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
        SourceFormat::Html
    } else if head.starts_with("<?xml") {
        SourceFormat::Xml
    } else {
        SourceFormat::PlainText
    }
}

/// True if `path` names a project file (by extension).
#[must_use]
pub fn is_project_path(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.to_ascii_lowercase().ends_with(".ron"))
}

/// Import an article from bytes already read. `path` is used for format detection and error
/// messages.
///
/// # Errors
/// [`ImportError`] if the bytes are empty, binary, or hold no article text.
///
/// # Example
/// ```
/// use claimlens::document::BlockKind;
/// use claimlens::io::{self, ImportErrorKind};
/// let text = "North Korea puts military on alert\n\nFriday, August 21, 2015\n\nThe army is ready.";
/// let imported = io::import_bytes("korea.txt".as_ref(), text.as_bytes()).unwrap();
/// assert_eq!(imported.document.blocks[1].kind, BlockKind::Dateline);
/// assert_eq!(imported.source.encoding, "UTF-8");
/// let err = io::import_bytes("x.txt".as_ref(), b"\x1f\x8b\x08\x00").unwrap_err();
/// assert!(matches!(err.kind, ImportErrorKind::Binary(_)));
/// assert_eq!(err.kind.to_string(), "this is not a text file (gzip-compressed data)");
/// assert!(err.to_string().contains("x.txt"));
/// ```
pub fn import_bytes(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    let format = detect_format(path, bytes);
    let decoded = decode::decode(bytes).map_err(|e| {
        let kind = match e {
            decode::NotText::Empty => ImportErrorKind::Empty,
            decode::NotText::Binary(what) => ImportErrorKind::Binary(what),
        };
        ImportError::new(kind, path)
    })?;
    let document = match format {
        SourceFormat::PlainText => plain::parse(&decoded.text),
        SourceFormat::Xml => xml::parse(&decoded.text),
        SourceFormat::Markdown => markdown::parse(&decoded.text),
        SourceFormat::Html => html::parse(&decoded.text),
    };
    if document.blocks.is_empty() {
        return Err(ImportError::new(
            ImportErrorKind::NoText("nothing readable was left after import".to_owned()),
            path,
        ));
    }
    debug_assert_eq!(document.validate(), Ok(()));
    let source = SourceInfo {
        path: Some(path.display().to_string()),
        format,
        encoding: decoded.encoding.to_owned(),
        sha256: sha256_hex(bytes),
        size_bytes: bytes.len() as u64,
        imported: Some(jiff::Timestamp::now()),
    };
    Ok(Imported { document, source, encoding_guessed: decoded.guessed })
}

/// Read and import an article file, refusing files over [`MAX_ARTICLE_BYTES`] before
/// reading them.
///
/// # Errors
/// [`ImportError`] naming the file and the reason.
pub fn import_path(path: &Path) -> Result<Imported, ImportError> {
    import_path_with_limit(path, MAX_ARTICLE_BYTES)
}

/// [`import_path`] with another size limit: files larger than `limit_bytes` (by their
/// metadata) are refused without being read.
///
/// # Errors
/// [`ImportError`] naming the file and the reason ([`ImportErrorKind::TooLarge`] over the
/// limit).
pub fn import_path_with_limit(path: &Path, limit_bytes: u64) -> Result<Imported, ImportError> {
    let bytes = read_limited(path, limit_bytes).map_err(|kind| ImportError::new(kind, path))?;
    import_bytes(path, &bytes)
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ImportErrorKind> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ImportErrorKind::Io(std::io::Error::other("it is a folder")));
    }
    if meta.len() > limit {
        return Err(ImportErrorKind::TooLarge { size_bytes: meta.len(), limit_bytes: limit });
    }
    // The file may grow between the check and the read: never read more than the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)?.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ImportErrorKind::TooLarge { size_bytes: bytes.len() as u64, limit_bytes: limit });
    }
    Ok(bytes)
}

/// Open a path as a project (by extension) or as an article.
///
/// # Errors
/// A message naming the file and the reason.
pub fn open_path(path: &Path) -> Result<Opened, OpenError> {
    if is_project_path(path) {
        Ok(Opened::Project(Box::new(project_file::load(path)?)))
    } else {
        Ok(Opened::Article(Box::new(import_path(path)?)))
    }
}

/// Either kind of failure of [`open_path`].
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The article could not be imported.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The project could not be loaded.
    #[error(transparent)]
    Project(#[from] ProjectFileError),
}

impl OpenError {
    /// The path the error is about.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Self::Import(e) => &e.path,
            Self::Project(e) => &e.path,
        }
    }
}

/// Lower-case hex SHA-256 of `bytes`.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Suggested project path for an article path: `article.txt` → `article.claimlens.ron`.
#[must_use]
pub fn project_path_for(article: &Path) -> PathBuf {
    let stem = article.file_stem().and_then(|s| s.to_str()).unwrap_or("article");
    article.with_file_name(format!("{stem}.{}", crate::project::FILE_EXTENSION))
}
