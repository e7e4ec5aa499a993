//! ZIP containers (DOCX, ODT, EPUB): which kind a ZIP file is, and bounded reading of its
//! entries.
//!
//! Every entry is read through a size limit (its declared size is checked first, and the
//! decompressed stream is cut one byte past the limit), and all entries read from one
//! archive share a budget, so a "ZIP bomb" costs at most [`MAX_ENTRY_BYTES`] per entry and
//! [`MAX_TOTAL_BYTES`] in all. Nothing is ever written to disk.

use std::io::{Cursor, Read as _};

use crate::document::SourceFormat;
use crate::io::ImportErrorKind;

/// The largest entry read (decompressed).
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// The most read from one archive in all (decompressed).
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// The media types an `OpenDocument` text or EPUB declares in its `mimetype` entry.
const ODT_MIME: &str = "application/vnd.oasis.opendocument.text";
const EPUB_MIME: &str = "application/epub+zip";

/// Which document a ZIP archive is, from its first bytes: the `mimetype` entry ODF and EPUB
/// store first, uncompressed, or the names of the first entries of an Office Open XML file
/// (`[Content_Types].xml`, `word/`). `None` when the bytes do not say (the archive itself
/// may still be one: see [`sniff_archive`]).
#[must_use]
pub fn sniff_head(head: &[u8]) -> Option<SourceFormat> {
    if !head.starts_with(b"PK\x03\x04") {
        return None;
    }
    let window = &head[..head.len().min(4096)];
    let has = |needle: &[u8]| window.windows(needle.len()).any(|w| w == needle);
    if head.get(30..38) == Some(b"mimetype") {
        let rest = &head[38..head.len().min(38 + 80)];
        if rest.starts_with(EPUB_MIME.as_bytes()) {
            return Some(SourceFormat::Epub);
        }
        if rest.starts_with(ODT_MIME.as_bytes()) && !rest[ODT_MIME.len()..].starts_with(b"-") {
            return Some(SourceFormat::Odt);
        }
    }
    if has(b"word/") {
        return Some(SourceFormat::Docx);
    }
    None
}

/// Which document a whole ZIP archive is, by its entries: `mimetype`'s content for ODF text
/// and EPUB, `word/document.xml` (or a main part named in `[Content_Types].xml`) for DOCX.
#[must_use]
pub fn sniff_archive(bytes: &[u8]) -> Option<SourceFormat> {
    if let Some(f) = sniff_head(bytes) {
        return Some(f);
    }
    let mut z = Zipped::open(bytes, "ZIP archive").ok()?;
    if let Ok(Some(m)) = z.read_text("mimetype") {
        match m.trim() {
            EPUB_MIME => return Some(SourceFormat::Epub),
            ODT_MIME => return Some(SourceFormat::Odt),
            _ => {}
        }
    }
    if z.has("word/document.xml") {
        return Some(SourceFormat::Docx);
    }
    if let Ok(Some(types)) = z.read_text("[Content_Types].xml")
        && types.contains("wordprocessingml.document.main+xml")
    {
        return Some(SourceFormat::Docx);
    }
    if z.has("META-INF/container.xml") {
        return Some(SourceFormat::Epub);
    }
    None
}

/// An opened archive with a read budget.
pub(crate) struct Zipped<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    format: &'static str,
    budget: u64,
}

impl<'a> Zipped<'a> {
    /// Open `bytes` as a ZIP archive holding a `format` ("Word document", …).
    pub(crate) fn open(bytes: &'a [u8], format: &'static str) -> Result<Self, ImportErrorKind> {
        let zip = std::panic::catch_unwind(|| zip::ZipArchive::new(Cursor::new(bytes)))
            .map_err(|_| ImportErrorKind::Damaged { format, reason: "the ZIP reader failed".to_owned() })?
            .map_err(|e| ImportErrorKind::Damaged { format, reason: format!("not a readable ZIP archive: {e}") })?;
        Ok(Self { zip, format, budget: MAX_TOTAL_BYTES })
    }

    /// True if the archive has an entry named `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The entry `name`, decompressed, or `None` when there is none.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ImportErrorKind> {
        let format = self.format;
        let damaged = |reason: String| ImportErrorKind::Damaged { format, reason };
        let mut file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(zip::result::ZipError::PASSWORD_REQUIRED)) => {
                return Err(ImportErrorKind::Protected(format));
            }
            Err(e) => return Err(damaged(format!("{name}: {e}"))),
        };
        let limit = MAX_ENTRY_BYTES.min(self.budget);
        if file.size() > limit {
            return Err(ImportErrorKind::TooLarge { size_bytes: file.size(), limit_bytes: limit });
        }
        let mut out = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0).min(1 << 20));
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            (&mut file).take(limit + 1).read_to_end(&mut out)
        }));
        match read {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => return Err(damaged(format!("{name}: {e}"))),
            Err(_) => return Err(damaged(format!("{name}: the ZIP reader failed"))),
        }
        if out.len() as u64 > limit {
            return Err(ImportErrorKind::TooLarge { size_bytes: out.len() as u64, limit_bytes: limit });
        }
        self.budget -= out.len() as u64;
        Ok(Some(out))
    }

    /// The entry `name` as UTF-8 text (a BOM dropped, invalid bytes replaced), or `None`.
    pub(crate) fn read_text(&mut self, name: &str) -> Result<Option<String>, ImportErrorKind> {
        Ok(self.read(name)?.map(|bytes| {
            let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
            String::from_utf8_lossy(bytes).into_owned()
        }))
    }

    /// The entry `name` parsed as XML, or `None` when there is none.
    pub(crate) fn read_xml(&mut self, name: &str) -> Result<Option<crate::io::xml::Element>, ImportErrorKind> {
        let format = self.format;
        match self.read_text(name)? {
            None => Ok(None),
            Some(text) => crate::io::xml::read_tree(&text)
                .map(Some)
                .ok_or_else(|| ImportErrorKind::Damaged { format, reason: format!("{name} is not XML") }),
        }
    }

    /// The same as [`Zipped::read_xml`], but a missing entry is damage.
    pub(crate) fn require_xml(&mut self, name: &str) -> Result<crate::io::xml::Element, ImportErrorKind> {
        let format = self.format;
        self.read_xml(name)?.ok_or_else(|| ImportErrorKind::Damaged { format, reason: format!("{name} is missing") })
    }
}
