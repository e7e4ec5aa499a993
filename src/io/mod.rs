//! Formats and the file system: importing articles, loading and saving projects.
//!
//! Depends on [`crate::document`], [`crate::nlp`] and [`crate::project`]; never on egui.

pub mod annotations;
pub mod codebook;
pub mod corpus_dir;
pub mod corpus_export;
pub mod decode;
pub mod epub;
mod error;
pub mod export;
pub mod fetch;
pub mod html;
pub mod markdown;
pub mod office;
pub mod page_meta;
pub mod pdf;
pub mod plain;
pub mod project_file;
pub mod qdpx;
pub mod recovery;
pub mod web;
pub mod xml;
pub mod zipped;

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
    /// For a web page: the bytes as fetched, to archive beside the project
    /// ([`web::archive_copy`]) when it is saved.
    pub copy: Option<web::SourceCopy>,
}

/// What a path turned out to hold.
#[derive(Debug)]
pub enum Opened {
    /// An article, imported.
    Article(Box<Imported>),
    /// A saved project.
    Project(Box<Project>),
    /// A corpus: a folder holding `corpus.claimlens.ron`, or that manifest itself (only the
    /// manifest is read).
    Corpus(Box<corpus_dir::CorpusDir>),
}

/// The format of a file, from its first bytes when they are a document's signature (`%PDF`,
/// a ZIP archive that says it is a DOCX, ODT or EPUB: see [`zipped::sniff_head`]), else from
/// its name, else from its first bytes as text.
///
/// # Example
/// ```
/// use claimlens::document::SourceFormat;
/// use claimlens::io::detect_format;
/// assert_eq!(detect_format("report".as_ref(), b"%PDF-1.7\n"), SourceFormat::Pdf);
/// assert_eq!(detect_format("a.epub".as_ref(), b""), SourceFormat::Epub);
/// assert_eq!(detect_format("-".as_ref(), b"<!DOCTYPE html><p>x"), SourceFormat::Html);
/// ```
#[must_use]
pub fn detect_format(path: &Path, head: &[u8]) -> SourceFormat {
    if head.starts_with(b"%PDF") {
        return SourceFormat::Pdf;
    }
    if let Some(f) = zipped::sniff_head(head) {
        return f;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "pdf" => return SourceFormat::Pdf,
        "docx" | "docm" | "dotx" => return SourceFormat::Docx,
        "odt" | "ott" | "fodt" => return SourceFormat::Odt,
        "epub" => return SourceFormat::Epub,
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
    import_bytes_with(path, bytes, &ImportHints::default())
}

/// What the source of some bytes said about them (a web server's headers), for
/// [`import_bytes_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportHints<'a> {
    /// The format, when the source named it (`Content-Type`). Document signatures in the
    /// bytes still win.
    pub format: Option<SourceFormat>,
    /// The declared character set (`Content-Type: …; charset=`), for the text formats.
    pub charset: Option<&'a str>,
    /// Where an HTML page was fetched from.
    pub page_url: Option<&'a str>,
}

/// [`import_bytes`] with what the source said about the bytes. Dispatches on the format: PDF
/// ([`pdf`]), DOCX and ODT ([`office`]), EPUB ([`epub`]) read the bytes themselves; the text
/// formats are decoded first ([`decode::decode_declared`] with the declared charset or, for
/// HTML, the page's `<meta charset>`).
///
/// # Errors
/// [`ImportError`] if the bytes are empty, binary, damaged, protected, or hold no article text.
pub fn import_bytes_with(path: &Path, bytes: &[u8], hints: &ImportHints<'_>) -> Result<Imported, ImportError> {
    let detected = detect_format(path, bytes);
    let mut format = match hints.format {
        Some(f)
            if !matches!(detected, SourceFormat::Pdf | SourceFormat::Docx | SourceFormat::Odt | SourceFormat::Epub) =>
        {
            f
        }
        _ => detected,
    };
    if bytes.starts_with(b"PK\x03\x04")
        && !matches!(format, SourceFormat::Docx | SourceFormat::Odt | SourceFormat::Epub)
        && let Some(f) = zipped::sniff_archive(bytes)
    {
        format = f;
    }
    let err = |kind: ImportErrorKind| ImportError::new(kind, path);
    let (document, encoding, guessed) = match format {
        SourceFormat::Pdf => (pdf::parse(bytes).map_err(err)?, "PDF".to_owned(), false),
        SourceFormat::Docx => (office::parse_docx(bytes).map_err(err)?, "UTF-8".to_owned(), false),
        SourceFormat::Odt => (office::parse_odt(bytes).map_err(err)?, "UTF-8".to_owned(), false),
        SourceFormat::Epub => (epub::parse_epub(bytes).map_err(err)?, "UTF-8".to_owned(), false),
        SourceFormat::PlainText | SourceFormat::Xml | SourceFormat::Markdown | SourceFormat::Html => {
            let declared =
                hints.charset.or_else(|| (format == SourceFormat::Html).then(|| decode::meta_charset(bytes)).flatten());
            let decoded = decode::decode_declared(bytes, declared).map_err(|e| {
                err(match e {
                    decode::NotText::Empty => ImportErrorKind::Empty,
                    decode::NotText::Binary(what) => ImportErrorKind::Binary(what),
                })
            })?;
            let document = match format {
                SourceFormat::Xml => xml::parse(&decoded.text),
                SourceFormat::Markdown => markdown::parse(&decoded.text),
                SourceFormat::Html => html::parse_with_url(&decoded.text, hints.page_url),
                _ => plain::parse(&decoded.text),
            };
            (document, decoded.encoding.to_owned(), decoded.guessed)
        }
    };
    if document.blocks.is_empty() {
        return Err(err(ImportErrorKind::NoText("nothing readable was left after import".to_owned())));
    }
    debug_assert_eq!(document.validate(), Ok(()));
    let source = SourceInfo {
        path: Some(path.display().to_string()),
        format,
        encoding,
        sha256: sha256_hex(bytes),
        size_bytes: bytes.len() as u64,
        imported: Some(jiff::Timestamp::now()),
        ..SourceInfo::default()
    };
    Ok(Imported { document, source, encoding_guessed: guessed, copy: None })
}

/// The name standard input goes by in messages and in the project's source.
pub const STDIN_NAME: &str = "standard input";

/// Import an article from a reader (standard input, a pipe), reading at most `limit_bytes`;
/// the format is detected from the content (`name` has no extension to go by unless given).
///
/// # Errors
/// [`ImportError`] naming `name`: unreadable, over the limit, or as [`import_bytes`].
pub fn import_reader(name: &Path, reader: &mut dyn std::io::Read, limit_bytes: u64) -> Result<Imported, ImportError> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(limit_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::new(ImportErrorKind::Io(e), name))?;
    if bytes.len() as u64 > limit_bytes {
        return Err(ImportError::new(ImportErrorKind::TooLarge { size_bytes: bytes.len() as u64, limit_bytes }, name));
    }
    import_bytes(name, &bytes)
}

/// Import an article from standard input (at most [`MAX_ARTICLE_BYTES`]), its format
/// detected from the content. The source has no path.
///
/// # Errors
/// As [`import_reader`].
pub fn import_stdin() -> Result<Imported, ImportError> {
    let name = Path::new(STDIN_NAME);
    let mut imported = import_reader(name, &mut std::io::stdin().lock(), MAX_ARTICLE_BYTES)?;
    imported.source.path = None;
    Ok(imported)
}

/// Import what was pasted: the clipboard's HTML when there is some and it holds the text
/// (its readable text is at least half as long as the plain text, so a fragment of markup
/// around an image does not win), else its plain text (structure detected as for `.txt`).
///
/// # Errors
/// [`ImportError`] (path "clipboard") when neither holds any text.
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, SourceFormat};
/// use claimlens::io::import_clipboard;
/// let html = "<h1>Zürich talks</h1><p>NATO met <b>today</b>.</p>";
/// let i = import_clipboard("Zürich talks\nNATO met today.", Some(html)).unwrap();
/// assert_eq!(i.source.format, SourceFormat::Html);
/// assert_eq!(i.document.blocks[0].kind, BlockKind::Title);
/// let i = import_clipboard("Just text.", Some("<img src='x.png'>")).unwrap();
/// assert_eq!(i.source.format, SourceFormat::PlainText);
/// assert!(import_clipboard(" ", None).is_err());
/// ```
pub fn import_clipboard(text: &str, html: Option<&str>) -> Result<Imported, ImportError> {
    let name = Path::new("clipboard");
    let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    if let Some(html) = html.filter(|h| !h.trim().is_empty())
        && let Ok(imported) = import_bytes_with(
            name,
            html.as_bytes(),
            &ImportHints { format: Some(SourceFormat::Html), charset: Some("utf-8"), page_url: None },
        )
        && visible(&imported.document.text) * 2 >= visible(text)
    {
        return Ok(Imported { source: SourceInfo { path: None, ..imported.source }, ..imported });
    }
    let imported = import_bytes_with(
        name,
        text.as_bytes(),
        &ImportHints { format: Some(SourceFormat::PlainText), charset: Some("utf-8"), page_url: None },
    )?;
    Ok(Imported { source: SourceInfo { path: None, ..imported.source }, ..imported })
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

/// Open a path as a corpus (a folder, or a `corpus.claimlens.ron` manifest), a project (by
/// extension) or an article.
///
/// # Errors
/// A message naming the file and the reason.
pub fn open_path(path: &Path) -> Result<Opened, OpenError> {
    if path.is_dir() || corpus_dir::is_manifest_path(path) {
        Ok(Opened::Corpus(Box::new(corpus_dir::CorpusDir::open(path)?)))
    } else if is_project_path(path) {
        Ok(Opened::Project(Box::new(project_file::load(path)?)))
    } else {
        Ok(Opened::Article(Box::new(import_path(path)?)))
    }
}

/// Where an article comes from, as people write it: a file path, a web address, or `-` for
/// standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A file (article or project).
    Path(PathBuf),
    /// A web address (only http and https are fetched; others are refused when opened).
    Url(String),
    /// Standard input (`-`).
    Stdin,
}

impl Location {
    /// Read `s`: `-` is standard input, anything written as a URL ([`fetch::is_url`]) a web
    /// address, everything else a path.
    ///
    /// # Example
    /// ```
    /// use claimlens::io::Location;
    /// assert_eq!(Location::parse("-"), Location::Stdin);
    /// assert_eq!(Location::parse("https://example.org/a"), Location::Url("https://example.org/a".into()));
    /// assert_eq!(Location::parse("news/a.pdf"), Location::Path("news/a.pdf".into()));
    /// ```
    #[must_use]
    pub fn parse(s: &str) -> Self {
        if s == "-" {
            Self::Stdin
        } else if fetch::is_url(s) {
            Self::Url(s.trim().to_owned())
        } else {
            Self::Path(PathBuf::from(s))
        }
    }

    /// [`Location::parse`] of a command-line argument (a path that is not UTF-8 stays a path).
    #[must_use]
    pub fn from_os(s: &std::ffi::OsStr) -> Self {
        s.to_str().map_or_else(|| Self::Path(PathBuf::from(s)), Self::parse)
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Path(p) => write!(f, "{}", p.display()),
            Self::Url(u) => f.write_str(u),
            Self::Stdin => f.write_str(STDIN_NAME),
        }
    }
}

/// Open a location: a project or article file ([`open_path`]), a web page
/// ([`web::import_url`], with `options`, `progress` and `cancel`), or standard input
/// ([`import_stdin`]). The one entry point of the window's "Open…" and of every command-line
/// argument that names an article. Call it from a worker thread for URLs: it blocks until the
/// page is in, the time limits pass, or `cancel` is set.
///
/// # Errors
/// [`OpenError`] naming the location and the reason.
pub fn open_location(
    location: &Location,
    options: &fetch::FetchOptions,
    progress: &mut dyn FnMut(fetch::Progress),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<Opened, OpenError> {
    match location {
        Location::Path(p) => open_path(p),
        Location::Url(u) => Ok(Opened::Article(Box::new(web::import_url(u, options, progress, cancel)?))),
        Location::Stdin => Ok(Opened::Article(Box::new(import_stdin()?))),
    }
}

/// Import the article at a location (a project file is not an article: refused).
///
/// # Errors
/// As [`open_location`], and [`ImportErrorKind::NoText`] for a project file.
pub fn import_location(
    location: &Location,
    options: &fetch::FetchOptions,
    progress: &mut dyn FnMut(fetch::Progress),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<Imported, ImportError> {
    match location {
        Location::Path(p) if is_project_path(p) => Err(ImportError::new(
            ImportErrorKind::NoText("this is a project file, not an article".to_owned()),
            p.clone(),
        )),
        Location::Path(p) => import_path(p),
        Location::Url(u) => web::import_url(u, options, progress, cancel),
        Location::Stdin => import_stdin(),
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
    /// The corpus could not be opened.
    #[error(transparent)]
    Corpus(#[from] corpus_dir::CorpusError),
}

impl OpenError {
    /// The path the error is about.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Self::Import(e) => &e.path,
            Self::Project(e) => &e.path,
            Self::Corpus(e) => &e.path,
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
