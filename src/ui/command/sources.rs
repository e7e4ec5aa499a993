//! Messages about web pages, the clipboard and the fact-check library
//! ([`SourcesCommand`]); applied by [`crate::ui::sources`].

use std::path::PathBuf;

use super::Action;
use crate::factcheck::project::TargetMatches;

/// Commands of this part of the window.
#[derive(Clone, Debug)]
pub enum SourcesCommand {
    /// One of the named actions of this module (paste, update from URL, the library dialog).
    Action(Action),
    /// The clipboard's text (and HTML, when it has some) for "Paste as new article".
    Pasted {
        /// The text egui was handed.
        text: String,
        /// The clipboard's `text/html`, read on a worker.
        html: Option<String>,
    },
    /// Job result: the clipboard's HTML (None: it has none, or cannot be read here).
    ClipboardHtml(Option<String>),
    /// Job result: the fetched page was archived beside the project (or why not), before it
    /// was saved.
    Archived {
        /// The session saved.
        session_id: u64,
        /// The archive's path relative to the project file.
        archive: Option<String>,
        /// Why it could not be archived.
        error: Option<String>,
    },
    /// Close the library dialog.
    CloseLibraryDialog,
    /// Use the library in this folder (created if empty).
    SetLibrary(PathBuf),
    /// Import a feed into the library in a folder (created if empty).
    ImportFeed {
        /// The library's folder.
        dir: PathBuf,
        /// The feed file.
        feed: PathBuf,
    },
    /// Job result: the library in `dir` holds this many items (or why it cannot be used).
    LibraryChecked {
        /// The folder.
        dir: PathBuf,
        /// Items, or the error.
        result: Result<u64, String>,
        /// The user chose it (remember it, say so).
        chosen: bool,
    },
    /// Job result: a feed was imported.
    Imported {
        /// The library's folder.
        dir: PathBuf,
        /// What was read, or the error.
        result: Result<crate::factcheck::ImportReport, String>,
    },
    /// Job result: matches of the open article's claims and suggestions.
    Matched {
        /// What they were computed for.
        key: MatchKey,
        /// The matches, or the error.
        result: Result<Vec<TargetMatches>, String>,
    },
    /// Job result: the project's verdicts joined the library as "checked here".
    Registered(Result<usize, String>),
}

/// What a set of matches was computed for: session, claims version, analysis, threshold,
/// library generation.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchKey {
    pub(in crate::ui) session_id: u64,
    pub(in crate::ui) claims_version: u64,
    pub(in crate::ui) analysis: usize,
    pub(in crate::ui) threshold_bits: u32,
    pub(in crate::ui) generation: u64,
    pub(in crate::ui) path: Option<PathBuf>,
}
