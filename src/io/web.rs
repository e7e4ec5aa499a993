//! Articles from the web: fetch ([`crate::io::fetch`]), import through the same pipeline as
//! files, keep the provenance a fact-check needs, archive what was fetched, and update a
//! project from its page.
//!
//! - [`import_url`] fetches a page and imports it: the `Content-Type` picks the importer
//!   (HTML, and also PDF, DOCX, ODT, EPUB, plain text or Markdown links), its `charset` (else
//!   the page's `<meta charset>`, else detection) the encoding, and the page's metadata its
//!   title, author, date, publisher and canonical address. The [`SourceInfo`] records the
//!   address asked for, the final address after redirects, the retrieval time and the SHA-256
//!   of the bytes fetched; [`Imported::copy`] holds those bytes.
//! - [`archive_copy`] writes them beside the project, `NAME.sources/<sha256>.<ext>` next to
//!   `NAME.claimlens.ron`, and records that path (relative to the project file) in the
//!   source: the annotated text can be reproduced when the page changes or disappears.
//! - [`update_from_url`] refetches (by default from [`update_url`]: the final address, else
//!   the canonical one, else the one asked for), archives the new copy and re-anchors the
//!   project through [`crate::project::anchor::update_article`], as one undoable edit.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::document::SourceFormat;
use crate::io::fetch::{self, FetchError, FetchOptions, Fetched, Progress};
use crate::io::{ImportError, ImportErrorKind, ImportHints, Imported, ProjectFileError, ProjectFileErrorKind};
use crate::project::anchor::{UpdateReport, update_article};
use crate::project::{Edit, Project, SourceInfo};

/// The bytes of a fetched document, to archive beside the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceCopy {
    /// The bytes as fetched (gzip decoded).
    pub bytes: std::sync::Arc<[u8]>,
    /// The file name extension the copy is archived with (`html`, `pdf`, …).
    pub extension: &'static str,
}

/// The format a media type names, if it names one ClaimLens reads.
fn format_of_media_type(mime: &str) -> Option<SourceFormat> {
    Some(match mime {
        "text/html" | "application/xhtml+xml" | "application/vnd.wap.xhtml+xml" => SourceFormat::Html,
        "text/plain" => SourceFormat::PlainText,
        "text/markdown" | "text/x-markdown" => SourceFormat::Markdown,
        "application/xml" | "text/xml" => SourceFormat::Xml,
        "application/pdf" | "application/x-pdf" => SourceFormat::Pdf,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => SourceFormat::Docx,
        "application/vnd.oasis.opendocument.text" => SourceFormat::Odt,
        "application/epub+zip" => SourceFormat::Epub,
        _ => return None,
    })
}

fn extension_of(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Html => "html",
        SourceFormat::PlainText => "txt",
        SourceFormat::Markdown => "md",
        SourceFormat::Xml => "xml",
        SourceFormat::Pdf => "pdf",
        SourceFormat::Docx => "docx",
        SourceFormat::Odt => "odt",
        SourceFormat::Epub => "epub",
    }
}

/// Fetch `url` and import it (see the module documentation). `progress` and `cancel` are
/// passed to [`fetch::fetch`]: call this from a worker thread and show the bytes received.
///
/// # Errors
/// [`ImportError`] whose path is the URL: [`ImportErrorKind::Fetch`] for every network
/// failure (bad address or scheme, timeout, HTTP status, not a document, too large,
/// cancelled), or the import errors of the format.
pub fn import_url(
    url: &str,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<Imported, ImportError> {
    let fetched = fetch::fetch(url, options, progress, cancel).map_err(|e| ImportError::new(e, url.trim()))?;
    import_fetched(&fetched)
}

/// Import a response already fetched (see [`import_url`]).
///
/// # Errors
/// As [`crate::io::import_bytes_with`], with the final URL as the path.
pub fn import_fetched(fetched: &Fetched) -> Result<Imported, ImportError> {
    let format = fetched.content_type.as_deref().and_then(format_of_media_type);
    // The last path segment names the document for detection when the type says nothing.
    let path_part = fetched.final_url.split(['?', '#']).next().unwrap_or("");
    let file = path_part.rsplit('/').next().filter(|f| f.contains('.')).unwrap_or("page");
    let name = PathBuf::from(file);
    let hints = ImportHints { format, charset: fetched.charset.as_deref(), page_url: Some(&fetched.final_url) };
    let mut imported = crate::io::import_bytes_with(&name, &fetched.body, &hints)
        .map_err(|e| ImportError::new(e.kind, fetched.final_url.clone()))?;
    let format = imported.source.format;
    if format == SourceFormat::Html && imported.document.meta.url.is_none() {
        imported.document.meta.url = Some(fetched.final_url.clone());
    }
    imported.source = SourceInfo {
        path: None,
        url: Some(fetched.requested_url.clone()),
        final_url: Some(fetched.final_url.clone()),
        retrieved: Some(fetched.retrieved),
        imported: Some(fetched.retrieved),
        ..imported.source
    };
    imported.copy = Some(SourceCopy { bytes: fetched.body.as_slice().into(), extension: extension_of(format) });
    Ok(imported)
}

/// The folder archived copies of `project_path`'s sources go in: `NAME.sources` beside
/// `NAME.claimlens.ron`.
#[must_use]
pub fn sources_dir(project_path: &Path) -> PathBuf {
    let name = project_path.file_name().and_then(|n| n.to_str()).unwrap_or("project");
    let stem = name
        .strip_suffix(&format!(".{}", crate::project::FILE_EXTENSION))
        .or_else(|| name.strip_suffix(".ron"))
        .unwrap_or(name);
    project_path.with_file_name(format!("{stem}.sources"))
}

/// Write `copy` beside the project (`NAME.sources/<sha256>.<ext>`, atomically; a copy with the
/// same hash already there is kept) and record its path, relative to the project file, in
/// `source.archive`. Returns the path written.
///
/// # Errors
/// [`ProjectFileError`] naming the copy's path when the folder or file cannot be written.
pub fn archive_copy(
    project_path: &Path,
    source: &mut SourceInfo,
    copy: &SourceCopy,
) -> Result<PathBuf, ProjectFileError> {
    let dir = sources_dir(project_path);
    let sha = crate::io::sha256_hex(&copy.bytes);
    let file = format!("{sha}.{}", copy.extension);
    let path = dir.join(&file);
    let err = |e: std::io::Error| ProjectFileError::new(ProjectFileErrorKind::Io(e), path.clone());
    std::fs::create_dir_all(&dir).map_err(err)?;
    let same = std::fs::read(&path).is_ok_and(|old| crate::io::sha256_hex(&old) == sha);
    if !same {
        crate::io::project_file::write_atomic(&path, &copy.bytes, false, None).map_err(err)?;
    }
    let dir_name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("sources");
    source.archive = Some(format!("{dir_name}/{file}"));
    Ok(path)
}

/// The address "Update from URL" fetches by default: the final address of the last fetch,
/// else the page's canonical address, else the address asked for.
#[must_use]
pub fn update_url(project: &Project) -> Option<&str> {
    project.source.final_url.as_deref().or(project.document.meta.url.as_deref()).or(project.source.url.as_deref())
}

/// What [`update_from_url`] prepared.
#[derive(Debug)]
pub struct UrlUpdate {
    /// The one undoable edit that replaces the article and re-anchors everything.
    pub edit: Edit,
    /// What re-anchoring did.
    pub report: UpdateReport,
    /// Where the new copy was archived.
    pub archived: PathBuf,
}

/// Refetch the project's page (`url`, or [`update_url`]), archive the copy beside
/// `project_path` and prepare the update: apply [`UrlUpdate::edit`] (the window through its
/// command queue, so that it can be undone), then save the project. Nothing is written when
/// the fetch or import fails.
///
/// # Errors
/// [`ImportError`]: no address to fetch ([`FetchError::BadUrl`]), or as [`import_url`]; an
/// archive that cannot be written ([`ImportErrorKind::Io`] naming the copy).
pub fn update_from_url(
    project: &Project,
    project_path: &Path,
    url: Option<&str>,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
    now: jiff::Timestamp,
) -> Result<UrlUpdate, ImportError> {
    let Some(url) = url.or_else(|| update_url(project)) else {
        return Err(ImportError::new(
            FetchError::BadUrl("the project has no web address; give one".to_owned()),
            project_path,
        ));
    };
    let imported = import_url(url, options, progress, cancel)?;
    let mut source = imported.source;
    let archived = match &imported.copy {
        Some(copy) => archive_copy(project_path, &mut source, copy).map_err(|e| {
            let io = match e.kind {
                ProjectFileErrorKind::Io(io) => io,
                other => std::io::Error::other(other.to_string()),
            };
            ImportError::new(ImportErrorKind::Io(io), e.path)
        })?,
        None => PathBuf::new(),
    };
    let (edit, report) = update_article(project, imported.document, source, now);
    Ok(UrlUpdate { edit, report, archived })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_dir_beside_the_project() {
        assert_eq!(sources_dir(Path::new("/w/news.claimlens.ron")), Path::new("/w/news.sources"));
        assert_eq!(sources_dir(Path::new("x.ron")), Path::new("x.sources"));
    }

    #[test]
    fn fetched_html_keeps_its_provenance() {
        let fetched = Fetched {
            requested_url: "http://example.org/short".into(),
            final_url: "http://example.org/news/zürich.html".into(),
            content_type: Some("text/html".into()),
            charset: Some("windows-1252".into()),
            body: b"<html><head><title>Z\xfcrich talks</title></head><body><p>Ministers met in Z\xfcrich.</p></body></html>".to_vec(),
            retrieved: jiff::Timestamp::UNIX_EPOCH,
        };
        let i = import_fetched(&fetched).unwrap();
        assert_eq!(i.document.meta.title.as_deref(), Some("Zürich talks"));
        assert_eq!(i.source.encoding, "windows-1252");
        assert_eq!(i.source.url.as_deref(), Some("http://example.org/short"));
        assert_eq!(i.source.final_url.as_deref(), Some("http://example.org/news/zürich.html"));
        assert_eq!(i.source.retrieved, Some(jiff::Timestamp::UNIX_EPOCH));
        assert_eq!(i.source.path, None);
        assert_eq!(i.source.sha256, crate::io::sha256_hex(&fetched.body));
        assert_eq!(i.document.meta.url.as_deref(), Some("http://example.org/news/zürich.html"));
        let copy = i.copy.unwrap();
        assert_eq!((&*copy.bytes, copy.extension), (&fetched.body[..], "html"));
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("z.claimlens.ron");
        let mut source = i.source.clone();
        let written = archive_copy(&project, &mut source, &copy).unwrap();
        assert_eq!(std::fs::read(&written).unwrap(), fetched.body);
        assert_eq!(source.archive, Some(format!("z.sources/{}.html", i.source.sha256)));
    }
}
