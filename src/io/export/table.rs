//! Claims as CSV: one row per claim, one column per field of [`ClaimRecord`] (in
//! [`FIELDS`] order), then `article`; RFC 4180 quoting by the `csv` crate.
//!
//! Lists (evidence links, tags) are joined with a line break inside their quoted cell, which
//! spreadsheets (`LibreOffice`, Excel) show as lines of one cell; an empty optional is an
//! empty cell ([`super::record::cell`]). No byte-order mark: UTF-8 is `LibreOffice`'s
//! default and a BOM confuses other readers.

use super::ExportError;
use super::record::{ClaimRecord, FIELDS, cell};
use crate::document::offsets::CharIndex;
use crate::project::Project;

/// The last column: the article's title, for tables merged from several projects.
pub const ARTICLE_COLUMN: &str = "article";

/// The header row: every record field, then [`ARTICLE_COLUMN`].
#[must_use]
pub fn header() -> Vec<&'static str> {
    FIELDS.iter().map(|f| f.key).chain([ARTICLE_COLUMN]).collect()
}

/// One row of the table: the record's cells in [`FIELDS`] order, then the article title (the
/// corpus table appends its `document` column to this).
#[must_use]
pub fn row(record: &ClaimRecord, article_title: &str) -> Vec<String> {
    let record = record.to_map();
    let mut row: Vec<String> = FIELDS.iter().map(|f| record.get(f.key).map(cell).unwrap_or_default()).collect();
    row.push(article_title.to_owned());
    row
}

/// The claims table (code point offsets).
///
/// # Errors
/// If the CSV writer fails (it writes to memory, so only on a bug).
pub fn claims_csv(project: &Project) -> Result<String, ExportError> {
    let index = CharIndex::new(project.text());
    let title = project.document.display_title().unwrap_or("");
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(header())?;
    for c in &project.claims {
        w.write_record(row(&ClaimRecord::from_claim(c, &index), title))?;
    }
    let bytes = w.into_inner().map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}
