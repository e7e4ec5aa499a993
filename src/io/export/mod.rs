//! Exports for other tools. Every offset written here is a Unicode code point offset, end
//! exclusive; byte offsets never leave the program.
//!
//! [`export`] turns a project into the files of one [`Format`]; [`Format::all`] lists the
//! formats with their names and file extensions, so the UI's File ▸ Export… and the CLI's
//! `project export --format` read the same table. Exports are pure: [`ExportOutput::write`]
//! puts them on disk (atomically, one file at a time).
//!
//! # Example
//! ```
//! use claimlens::document::{BlockKind, Document};
//! use claimlens::io::export::{export, Format};
//! use claimlens::project::{Project, SourceInfo};
//! let project = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Zürich voted.")]), SourceInfo::default());
//! for format in Format::all() {
//!     let out = export(&project, *format).unwrap();
//!     assert_eq!(out.files.len(), if *format == Format::Brat { 2 } else { 1 });
//! }
//! let doccano = export(&project, Format::Doccano).unwrap();
//! let line: serde_json::Value = serde_json::from_str(&doccano.files[0].contents).unwrap();
//! assert_eq!(line["text"], "Zürich voted.");
//! ```

pub mod brat;
pub mod claimreview;
pub mod conll;
pub mod json;
pub mod jsonl;
pub mod record;
pub mod report;
pub mod table;
pub mod w3c;

use std::path::{Path, PathBuf};

use crate::project::Project;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// The whole project as JSON (reads back with [`json::project_from_json`]).
    Json,
    /// One row per claim, every field (RFC 4180).
    Csv,
    /// A readable report in Markdown.
    Markdown,
    /// A readable report in HTML (one self-contained page).
    Html,
    /// W3C Web Annotation JSON-LD (an `AnnotationCollection`).
    W3c,
    /// brat standoff: `NAME.txt` and `NAME.ann`.
    Brat,
    /// doccano sequence labelling JSONL (`{"text", "label": [[start, end, "LABEL"]]}`).
    Doccano,
    /// spaCy-style JSONL (`{"text", "ents", "spans"}`).
    Spacy,
    /// CoNLL-2003-style token-per-line BIO tags for the entities.
    Conll,
    /// schema.org `ClaimReview` JSON-LD for every checked claim.
    ClaimReview,
}

impl Format {
    const ALL: [Self; 10] = [
        Self::Json,
        Self::Csv,
        Self::Markdown,
        Self::Html,
        Self::W3c,
        Self::Brat,
        Self::Doccano,
        Self::Spacy,
        Self::Conll,
        Self::ClaimReview,
    ];

    /// Every format, in menu order.
    #[must_use]
    pub const fn all() -> &'static [Self] {
        &Self::ALL
    }

    /// The short name used on the command line (`--format md`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Markdown => "md",
            Self::Html => "html",
            Self::W3c => "w3c",
            Self::Brat => "brat",
            Self::Doccano => "doccano",
            Self::Spacy => "spacy",
            Self::Conll => "conll",
            Self::ClaimReview => "claimreview",
        }
    }

    /// What a menu shows ("W3C Web Annotation (JSON-LD)").
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Json => "Project (JSON)",
            Self::Csv => "Claims table (CSV)",
            Self::Markdown => "Report (Markdown)",
            Self::Html => "Report (HTML)",
            Self::W3c => "W3C Web Annotation (JSON-LD)",
            Self::Brat => "brat standoff (.txt + .ann)",
            Self::Doccano => "doccano (JSONL)",
            Self::Spacy => "spaCy spans (JSONL)",
            Self::Conll => "CoNLL-2003 entities (BIO)",
            Self::ClaimReview => "ClaimReview (schema.org JSON-LD)",
        }
    }

    /// The file extension, without the dot. For [`Format::Brat`], the annotation file's
    /// (`ann`; the text goes to `txt` next to it).
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Markdown => "md",
            Self::Html => "html",
            Self::W3c | Self::ClaimReview => "jsonld",
            Self::Brat => "ann",
            Self::Doccano | Self::Spacy => "jsonl",
            Self::Conll => "conll",
        }
    }

    /// True when the export is several files named from one base path (brat).
    #[must_use]
    pub const fn is_multi_file(self) -> bool {
        matches!(self, Self::Brat)
    }

    /// The format called `name` ([`Format::name`], case-insensitive; `markdown` is accepted).
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase();
        if name == "markdown" {
            return Some(Self::Markdown);
        }
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One file of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// Its extension, without the dot (`txt`, `ann`, `json`…).
    pub extension: &'static str,
    /// Its contents (UTF-8).
    pub contents: String,
}

/// The files an export produced: one for every format but brat (two: `txt`, then `ann`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOutput {
    /// The format.
    pub format: Format,
    /// The files, in the order they are written.
    pub files: Vec<ExportFile>,
}

impl ExportOutput {
    fn single(format: Format, contents: String) -> Self {
        Self { format, files: vec![ExportFile { extension: format.extension(), contents }] }
    }

    /// The paths [`ExportOutput::write`] writes for `out`: `out` itself for a single-file
    /// format, `out` with each file's extension for brat (`OUT.txt`, `OUT.ann`; an `.ann` or
    /// `.txt` extension on `out` is replaced).
    #[must_use]
    pub fn paths(&self, out: &Path) -> Vec<PathBuf> {
        if self.format.is_multi_file() {
            let base = match out.extension().and_then(|e| e.to_str()) {
                Some("ann" | "txt") => out.with_extension(""),
                _ => out.to_path_buf(),
            };
            self.files
                .iter()
                .map(|f| {
                    let mut name = base.as_os_str().to_os_string();
                    name.push(".");
                    name.push(f.extension);
                    PathBuf::from(name)
                })
                .collect()
        } else {
            vec![out.to_path_buf()]
        }
    }

    /// Write the files (each atomically) and return their paths.
    ///
    /// # Errors
    /// [`ExportError::Write`] naming the file that could not be written.
    pub fn write(&self, out: &Path) -> Result<Vec<PathBuf>, ExportError> {
        let paths = self.paths(out);
        for (file, path) in self.files.iter().zip(&paths) {
            super::project_file::write_atomic(path, file.contents.as_bytes(), false, None)
                .map_err(|source| ExportError::Write { source, path: path.clone() })?;
        }
        Ok(paths)
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Serialising JSON failed.
    #[error("cannot serialise JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The cause.
        source: std::io::Error,
        /// The file.
        path: PathBuf,
    },
}

/// Export `project` in `format`.
///
/// # Errors
/// [`ExportError`] if serialisation fails (it does not for a valid project).
pub fn export(project: &Project, format: Format) -> Result<ExportOutput, ExportError> {
    let pretty = |v: &serde_json::Value| -> Result<String, ExportError> {
        let mut s = serde_json::to_string_pretty(v)?;
        s.push('\n');
        Ok(s)
    };
    Ok(match format {
        Format::Json => ExportOutput::single(format, json::project_json_string(project)?),
        Format::Csv => ExportOutput::single(format, table::claims_csv(project)?),
        Format::Markdown => ExportOutput::single(format, report::markdown(project)),
        Format::Html => ExportOutput::single(format, report::html(project)),
        Format::W3c => ExportOutput::single(format, pretty(&w3c::annotation_collection(project))?),
        Format::Brat => {
            let (txt, ann) = brat::standoff(project);
            ExportOutput {
                format,
                files: vec![
                    ExportFile { extension: "txt", contents: txt },
                    ExportFile { extension: "ann", contents: ann },
                ],
            }
        }
        Format::Doccano => ExportOutput::single(format, jsonl::doccano(project)?),
        Format::Spacy => ExportOutput::single(format, jsonl::spacy(project)?),
        Format::Conll => ExportOutput::single(format, conll::conll(project)),
        Format::ClaimReview => ExportOutput::single(format, pretty(&claimreview::claim_reviews(project))?),
    })
}
