//! Exports of a whole corpus, for R, SPSS, Python and QDA programs.
//!
//! | format | what |
//! |---|---|
//! | `csv` | every claim of every document, one row each: the project CSV's columns ([`super::export::table::header`]) plus `document` (the document's slug) |
//! | `jsonl` | the same records as JSON Lines: the claim record's keys plus `article` and `document` |
//! | `matrix` | code × document counts as CSV: `code`, then one column per document (its slug), then `total` |
//! | `entities` | entity × document mention counts as CSV: `entity`, `label`, one column per document, `total` |
//! | `qdpx` | REFI-QDA project exchange ([`super::qdpx`]) |
//! | every project format | one file per document into an output folder (`SLUG.EXT`; brat: `SLUG.txt` + `SLUG.ann`) |
//!
//! Offsets are Unicode code points, as in every export; CSV follows RFC 4180 (the `csv`
//! crate), UTF-8 without BOM, CRLF line ends, like the project CSV.

use std::path::{Path, PathBuf};

use super::export::record::ClaimRecord;
use super::export::{self, ExportError, table};
use crate::corpus::claims::Matrix;
use crate::corpus::{Coder, LoadedCorpus};
use crate::document::offsets::CharIndex;

/// The column the corpus claims table adds to the project CSV's.
pub const DOCUMENT_COLUMN: &str = "document";

/// A corpus export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorpusFormat {
    /// All claims as one CSV with a `document` column.
    Csv,
    /// All claims as JSON Lines with a `document` key.
    Jsonl,
    /// Code × document counts (CSV).
    Matrix,
    /// Entity × document mention counts (CSV).
    Entities,
    /// REFI-QDA `.qdpx`.
    Qdpx,
    /// A project format, one file per document into a folder.
    EachDocument(export::Format),
}

impl CorpusFormat {
    /// Every corpus format: the corpus-wide ones, then each project format not already
    /// covered (the project `csv` is the corpus `csv` with one document).
    #[must_use]
    pub fn all() -> Vec<Self> {
        [Self::Csv, Self::Jsonl, Self::Matrix, Self::Entities, Self::Qdpx]
            .into_iter()
            .chain(export::Format::all().iter().filter(|f| **f != export::Format::Csv).map(|f| Self::EachDocument(*f)))
            .collect()
    }

    /// The name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
            Self::Matrix => "matrix",
            Self::Entities => "entities",
            Self::Qdpx => "qdpx",
            Self::EachDocument(f) => f.name(),
        }
    }

    /// What a menu shows.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Csv => "All claims (CSV)".to_owned(),
            Self::Jsonl => "All claims (JSON Lines)".to_owned(),
            Self::Matrix => "Code × document matrix (CSV)".to_owned(),
            Self::Entities => "Entity × document matrix (CSV)".to_owned(),
            Self::Qdpx => "REFI-QDA project (.qdpx)".to_owned(),
            Self::EachDocument(f) => format!("{}, one file per document", f.label()),
        }
    }

    /// True when the output is a folder (one file per document).
    #[must_use]
    pub fn is_folder(self) -> bool {
        matches!(self, Self::EachDocument(_))
    }

    /// The format called `name` (`markdown` is `md`).
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        let n = name.trim().to_ascii_lowercase();
        Self::all().into_iter().find(|f| f.name() == n).or_else(|| export::Format::parse(&n).map(Self::EachDocument))
    }
}

fn csv_string(rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, ExportError> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for r in rows {
        w.write_record(&r)?;
    }
    let bytes = w.into_inner().map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

/// Every claim of the corpus as CSV: the project CSV's columns, then `document`.
///
/// # Errors
/// If the CSV writer fails (it writes to memory, so only on a bug).
pub fn claims_csv(corpus: &LoadedCorpus) -> Result<String, ExportError> {
    let header = table::header().into_iter().map(str::to_owned).chain([DOCUMENT_COLUMN.to_owned()]).collect();
    let rows = corpus.documents.iter().flat_map(|d| {
        let index = CharIndex::new(d.project.text());
        let title = d.project.document.display_title().unwrap_or("").to_owned();
        d.project
            .claims
            .iter()
            .map(|c| {
                let mut row = table::row(&ClaimRecord::from_claim(c, &index), &title);
                row.push(d.slug.clone());
                row
            })
            .collect::<Vec<_>>()
    });
    csv_string(std::iter::once(header).chain(rows))
}

/// Every claim of the corpus as JSON Lines: the claim record, `article` and `document`.
///
/// # Errors
/// If serialising fails (it does not).
pub fn claims_jsonl(corpus: &LoadedCorpus) -> Result<String, ExportError> {
    let mut out = String::new();
    for d in &corpus.documents {
        let index = CharIndex::new(d.project.text());
        let title = d.project.document.display_title().unwrap_or("");
        for c in &d.project.claims {
            let mut m = ClaimRecord::from_claim(c, &index).to_map();
            m.insert(table::ARTICLE_COLUMN.to_owned(), title.into());
            m.insert(DOCUMENT_COLUMN.to_owned(), d.slug.clone().into());
            out.push_str(&serde_json::to_string(&m)?);
            out.push('\n');
        }
    }
    Ok(out)
}

/// A matrix as CSV: the `first` label columns (each row's labels in `labels`), one column
/// per document slug, then `total`.
fn matrix_csv(m: &Matrix, first: &[&str], labels: Vec<Vec<String>>) -> Result<String, ExportError> {
    let header: Vec<String> = first
        .iter()
        .map(|s| (*s).to_owned())
        .chain(m.column_slugs.iter().cloned())
        .chain(["total".to_owned()])
        .collect();
    let totals = m.row_totals();
    let rows = labels.into_iter().zip(&m.counts).zip(totals).map(|((label, counts), total)| {
        label.into_iter().chain(counts.iter().map(usize::to_string)).chain([total.to_string()]).collect()
    });
    csv_string(std::iter::once(header).chain(rows))
}

/// The code × document matrix ([`crate::corpus::claims::code_matrix`]) as CSV.
///
/// # Errors
/// If the CSV writer fails (only on a bug).
pub fn code_matrix_csv(corpus: &LoadedCorpus) -> Result<String, ExportError> {
    let m = crate::corpus::claims::code_matrix(corpus);
    let labels = m.rows.iter().map(|r| vec![r.clone()]).collect();
    matrix_csv(&m, &["code"], labels)
}

/// The entity × document matrix as CSV (`entity`, `label`, one column per document, `total`).
///
/// # Errors
/// If the CSV writer fails (only on a bug).
pub fn entity_matrix_csv(corpus: &LoadedCorpus) -> Result<String, ExportError> {
    let entities = crate::corpus::entities::corpus_entities(corpus);
    let m = crate::corpus::claims::entity_matrix(corpus, &entities);
    let labels = entities.iter().map(|e| vec![e.name.clone(), e.label.tag().to_owned()]).collect();
    matrix_csv(&m, &["entity", "label"], labels)
}

/// Why a corpus export failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusExportError {
    /// Building an export failed.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// Writing the `.qdpx` failed.
    #[error(transparent)]
    Qdpx(#[from] super::qdpx::QdpxError),
    /// The output folder could not be made.
    #[error("cannot create the folder {}: {source}", path.display())]
    Folder {
        /// The cause.
        source: std::io::Error,
        /// The folder.
        path: PathBuf,
    },
}

/// Export `corpus` in `format` to `out` (a file; a folder for [`CorpusFormat::EachDocument`],
/// created if missing). Returns the files written. Every file is written atomically.
///
/// # Errors
/// [`CorpusExportError`] naming the file or folder.
pub fn export_corpus(
    corpus: &LoadedCorpus,
    coders: &[Coder],
    format: CorpusFormat,
    out: &Path,
) -> Result<Vec<PathBuf>, CorpusExportError> {
    let write = |text: String| -> Result<Vec<PathBuf>, CorpusExportError> {
        super::project_file::write_atomic(out, text.as_bytes(), false, None)
            .map_err(|source| ExportError::Write { source, path: out.to_path_buf() })?;
        Ok(vec![out.to_path_buf()])
    };
    match format {
        CorpusFormat::Csv => write(claims_csv(corpus)?),
        CorpusFormat::Jsonl => write(claims_jsonl(corpus)?),
        CorpusFormat::Matrix => write(code_matrix_csv(corpus)?),
        CorpusFormat::Entities => write(entity_matrix_csv(corpus)?),
        CorpusFormat::Qdpx => {
            super::qdpx::write_qdpx(out, corpus, coders)?;
            Ok(vec![out.to_path_buf()])
        }
        CorpusFormat::EachDocument(f) => {
            std::fs::create_dir_all(out)
                .map_err(|source| CorpusExportError::Folder { source, path: out.to_path_buf() })?;
            let mut written = Vec::new();
            for d in &corpus.documents {
                let exported = export::export(&d.project, f)?;
                let base = if f.is_multi_file() {
                    out.join(&d.slug)
                } else {
                    out.join(format!("{}.{}", d.slug, f.extension()))
                };
                written.extend(exported.write(&base)?);
            }
            Ok(written)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{DocumentId, LoadedDocument};
    use crate::document::{BlockKind, ByteSpan, Document};
    use crate::project::{Claim, ClaimId, Project, SourceInfo};

    fn corpus() -> LoadedCorpus {
        let doc = |id: u64, title: &str, body: &str, quote: &str| {
            let mut p = Project::new(
                Document::from_blocks([(BlockKind::Title, title), (BlockKind::Paragraph, body)]),
                SourceInfo::default(),
            );
            let at = p.text().find(quote).unwrap();
            let mut c =
                Claim::new(ClaimId(1), p.text(), ByteSpan::new(at, at + quote.len()), jiff::Timestamp::UNIX_EPOCH);
            c.tags = vec!["topic/économie".into()];
            c.note = "line one\nline \"two\"".into();
            p.claims.push(c);
            LoadedDocument { id: DocumentId(id), title: title.into(), slug: format!("doc-{id}"), project: p }
        };
        LoadedCorpus {
            name: "c".into(),
            documents: vec![
                doc(1, "Zürich", "Ünal said 5% 🚀.", "5% 🚀"),
                doc(2, "東京", "Prices, rose.", "Prices, rose"),
            ],
            ..LoadedCorpus::default()
        }
    }

    #[test]
    fn claims_csv_is_the_project_csv_plus_document() {
        let c = corpus();
        let text = claims_csv(&c).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
        let mut want: Vec<String> = table::header().into_iter().map(str::to_owned).collect();
        want.push("document".into());
        assert_eq!(header, want);
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        let col = |k: &str| header.iter().position(|h| h == k).unwrap();
        assert_eq!(&rows[0][col("document")], "doc-1");
        assert_eq!(&rows[0][col("article")], "Zürich");
        assert_eq!(&rows[1][col("quote")], "Prices, rose");
        // Code points: "Zürich\n\nÜnal said " is 18 characters.
        assert_eq!((&rows[0][col("start")], &rows[0][col("end")]), ("18", "22"));
        assert_eq!(&rows[0][col("note")], "line one\nline \"two\"");
        // The project CSV of one document has the same cells (without the last column).
        let one = table::claims_csv(&c.documents[1].project).unwrap();
        let mut r1 = csv::Reader::from_reader(one.as_bytes());
        let first: Vec<String> = r1.records().next().unwrap().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(first, rows[1].iter().take(header.len() - 1).map(str::to_owned).collect::<Vec<_>>());
    }

    #[test]
    fn jsonl_and_matrices() {
        let c = corpus();
        let lines: Vec<serde_json::Value> =
            claims_jsonl(&c).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[1]["document"].as_str(), lines[1]["article"].as_str()), (Some("doc-2"), Some("東京")));
        let m = code_matrix_csv(&c).unwrap();
        let mut r = csv::Reader::from_reader(m.as_bytes());
        assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["code", "doc-1", "doc-2", "total"]);
        let rows: Vec<Vec<String>> = r.records().map(|x| x.unwrap().iter().map(str::to_owned).collect()).collect();
        assert_eq!(rows, [["topic/économie", "1", "1", "2"]]);
        let e = entity_matrix_csv(&c).unwrap();
        assert!(e.starts_with("entity,label,doc-1,doc-2,total\r\n"), "{e}");
        assert!(CorpusFormat::all().iter().all(|f| CorpusFormat::parse(f.name()) == Some(*f)));
        assert_eq!(CorpusFormat::parse("markdown"), Some(CorpusFormat::EachDocument(export::Format::Markdown)));
        assert_eq!(CorpusFormat::parse("csv"), Some(CorpusFormat::Csv));
    }

    #[test]
    fn one_file_per_document() {
        let c = corpus();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("brat");
        let files = export_corpus(&c, &[], CorpusFormat::EachDocument(export::Format::Brat), &out).unwrap();
        let names: Vec<String> = files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["doc-1.txt", "doc-1.ann", "doc-2.txt", "doc-2.ann"]);
        let files = export_corpus(&c, &[], CorpusFormat::EachDocument(export::Format::Json), &out).unwrap();
        assert!(files[0].ends_with("doc-1.json"));
    }
}
