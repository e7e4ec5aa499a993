//! Claims as CSV: one row per claim, every field, RFC 4180 quoting by the `csv` crate.
//!
//! Lists (evidence links, tags) are joined with a line break inside their quoted cell, which
//! spreadsheets (`LibreOffice`, Excel) show as lines of one cell. No byte-order mark: UTF-8 is
//! `LibreOffice`'s default and a BOM confuses other readers.

use super::ExportError;
use crate::document::offsets::CharIndex;
use crate::project::Project;

/// The header row.
pub const HEADER: [&str; 18] = [
    "id",
    "start",
    "end",
    "quote",
    "claimant",
    "claimant_entity",
    "asserted_by",
    "type",
    "check_worthiness",
    "status",
    "verdict",
    "evidence",
    "note",
    "tags",
    "origin",
    "created",
    "modified",
    "article",
];

/// The claims table (code point offsets; `article` is the title, for tables merged from
/// several projects).
///
/// # Errors
/// If the CSV writer fails (it writes to memory, so only on a bug).
pub fn claims_csv(project: &Project) -> Result<String, ExportError> {
    let text = project.text();
    let index = CharIndex::new(text);
    let title = project.document.display_title().unwrap_or("");
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(HEADER)?;
    for c in &project.claims {
        let (a, b) = index.to_chars(c.span);
        w.write_record([
            c.id.0.to_string().as_str(),
            &a.to_string(),
            &b.to_string(),
            &c.quote,
            &c.claimant,
            c.claimant_entity.as_deref().unwrap_or(""),
            c.asserted_by.name(),
            c.kind.name(),
            c.worthiness.name(),
            c.status.name(),
            c.verdict.map_or("", |v| v.name()),
            &c.evidence.join("\n"),
            &c.note,
            &c.tags.join("\n"),
            c.origin.name(),
            &c.created.to_string(),
            &c.modified.to_string(),
            title,
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}
