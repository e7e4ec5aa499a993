//! The window's state that is neither the project nor the article view: preferences, what is
//! selected and shown, dialogs, messages, and the text being typed into fields that mean
//! nothing until submitted ([`Drafts`]).
//!
//! Everything here except [`Drafts`] changes only through [`super::command::Command`]s applied
//! by the app, so that a change of what is drawn always refreshes what depends on it.

use std::path::PathBuf;

use crate::document::ByteSpan;
use crate::io;
use crate::project::ClaimId;
use crate::project::overview::BarFilter;

/// Recent files kept.
pub const MAX_RECENT: usize = 12;
/// Projects whose view state is remembered.
pub const MAX_VIEWS: usize = 200;

/// Preferences kept across runs (eframe storage).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// Article text zoom.
    pub text_scale: f32,
    /// Hide the suggested-claim markers.
    pub hide_suggestions: bool,
    /// How each recently open project was looked at (reading position, hidden types, filters,
    /// threshold), by [`super::session::Session::view_key`], most recent first. Kept here, not
    /// in the project file, so that scrolling never changes a file the team shares.
    pub views: Vec<(String, super::session::ViewState)>,
    /// The fact-check library claims are matched against (None: the default folder, if it
    /// holds a library).
    pub factcheck_library: Option<PathBuf>,
    /// The coder's name, recorded on every claim and correction made or changed here (empty:
    /// not set yet; Team ▸ Coder name…).
    pub coder: String,
    /// The offer to set a coder name was declined ("Not now").
    pub coder_prompt_dismissed: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            text_scale: 1.0,
            hide_suggestions: false,
            views: Vec::new(),
            factcheck_library: None,
            coder: String::new(),
            coder_prompt_dismissed: false,
        }
    }
}

impl Prefs {
    /// Put `path` first in the recent files.
    pub fn remember_recent(&mut self, path: &std::path::Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Keep `view` under `key`, most recent first.
    pub fn remember_view(&mut self, key: String, mut view: super::session::ViewState) {
        view.hidden.sort();
        view.hidden.dedup();
        self.views.retain(|(k, _)| *k != key);
        self.views.insert(0, (key, view));
        self.views.truncate(MAX_VIEWS);
    }

    /// The view state kept under `key`.
    #[must_use]
    pub fn view(&self, key: &str) -> Option<&super::session::ViewState> {
        self.views.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Open this file.
    Open(PathBuf),
    /// Open this web page.
    OpenUrl(String),
    /// Open this text and HTML (from the clipboard) as a new article.
    Paste(String, Option<String>),
    /// Show the open dialog.
    OpenDialog,
    /// Open the sample.
    OpenSample,
    /// Close the window.
    Quit,
}

/// What a file dialog (or the in-app path prompt standing in for it) is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    /// Open a file.
    Open,
    /// Open a web page by its address.
    OpenUrl,
    /// Save the project to a file.
    SaveAs,
    /// Merge a codebook file into the project's codebook.
    ImportCodebook,
    /// Write the project's codebook to its own file.
    ExportCodebook,
    /// Export the project in this format.
    Export(crate::io::export::Format),
    /// Add annotations from a W3C, brat or doccano file.
    ImportAnnotations,
    /// Replace the article by a new version of it and re-anchor the annotations.
    UpdateArticle,
    /// Another coder's copy of this project, to compute the agreement with.
    Agreement,
    /// Another coder's copy of this project, to compare with claim by claim.
    Compare,
    /// Open a corpus (its folder or manifest).
    OpenCorpus,
    /// Add an article or a folder of articles to the open corpus.
    AddDocuments,
    /// Make a new corpus folder (the path is the folder to create) from the open article.
    NewCorpus,
    /// Add the open article to the corpus at the path.
    AddToCorpus,
}

impl PromptPurpose {
    /// True when the path names a file to write.
    #[must_use]
    pub const fn saves(self) -> bool {
        matches!(self, Self::SaveAs | Self::ExportCodebook | Self::Export(_) | Self::NewCorpus)
    }

    /// Title of the prompt.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::Open => "Open file",
            Self::OpenUrl => "Open URL",
            Self::SaveAs => "Save project as",
            Self::ImportCodebook => "Import a codebook",
            Self::ExportCodebook => "Export the codebook",
            Self::Export(_) => "Export",
            Self::ImportAnnotations => "Import annotations",
            Self::UpdateArticle => "Update the article from a file",
            Self::Agreement => "Agreement with another coder",
            Self::Compare => "Compare with another coder",
            Self::OpenCorpus => "Open corpus",
            Self::AddDocuments => "Add documents to the corpus",
            Self::NewCorpus => "New corpus from the open article",
            Self::AddToCorpus => "Add the open article to a corpus",
        }
    }

    /// A hint under the path field.
    #[must_use]
    pub const fn hint(self) -> &'static str {
        match self {
            Self::Open => {
                "An article (.txt, .md, .html, .xml, .pdf, .docx, .odt, .epub), a project (.claimlens.ron) or a web address"
            }
            Self::OpenUrl => {
                "A web page (http:// or https://); the page's HTML is archived with the project when saved"
            }
            Self::SaveAs => "“.claimlens.ron” is added if the name has no .ron extension",
            Self::ImportCodebook => "A codebook file (.codebook.ron); its codes are merged into this project's",
            Self::ExportCodebook => "“.codebook.ron” is added if the name has no .ron extension",
            Self::Export(f) if f.is_multi_file() => "A base name: NAME.txt and NAME.ann are written",
            Self::Export(_) => "The format's extension is added if the name has none",
            Self::ImportAnnotations => {
                "W3C Web Annotation (.json, .jsonld), brat (.ann, with its .txt) or doccano (.jsonl)"
            }
            Self::UpdateArticle => {
                "The new version of this article; claims and corrections are re-anchored, nothing is deleted"
            }
            Self::Agreement | Self::Compare => "Another coder's project of the same article (.claimlens.ron)",
            Self::OpenCorpus | Self::AddToCorpus => "A corpus folder, or its corpus.claimlens.ron",
            Self::AddDocuments => "An article, a project (.claimlens.ron) or a folder of them",
            Self::NewCorpus => "A new, empty folder for the corpus (it is created)",
        }
    }

    /// The button that confirms the prompt.
    #[must_use]
    pub const fn verb(self) -> &'static str {
        match self {
            Self::Open | Self::OpenUrl | Self::OpenCorpus => "Open",
            Self::SaveAs => "Save",
            Self::ImportCodebook | Self::ImportAnnotations => "Import",
            Self::ExportCodebook | Self::Export(_) => "Export",
            Self::UpdateArticle => "Update",
            Self::Agreement | Self::Compare => "Compare",
            Self::AddDocuments | Self::AddToCorpus => "Add",
            Self::NewCorpus => "Create",
        }
    }

    /// File-type filter of the native dialog.
    #[must_use]
    pub fn filter(self) -> (&'static str, Vec<&'static str>) {
        match self {
            Self::Open | Self::OpenUrl | Self::AddDocuments => (
                "Articles and projects",
                vec!["txt", "md", "markdown", "html", "htm", "xml", "tml", "pdf", "docx", "odt", "epub", "ron"],
            ),
            Self::SaveAs | Self::Agreement | Self::Compare => ("ClaimLens project", vec!["ron"]),
            Self::ImportCodebook | Self::ExportCodebook => ("ClaimLens codebook", vec!["ron"]),
            Self::Export(f) => (f.label(), vec![f.extension()]),
            Self::ImportAnnotations => ("Annotations", vec!["json", "jsonld", "ann", "jsonl"]),
            Self::UpdateArticle => {
                ("Articles", vec!["txt", "md", "markdown", "html", "htm", "xml", "tml", "pdf", "docx", "odt", "epub"])
            }
            Self::OpenCorpus | Self::AddToCorpus => ("ClaimLens corpus", vec!["ron"]),
            Self::NewCorpus => ("Corpus folder", vec!["*"]),
        }
    }
}

/// A modal dialog.
#[derive(Clone, Debug)]
pub enum Modal {
    /// "Save changes to X?"
    Unsaved(Pending),
    /// Type a path (the text typed is [`Drafts::path`]).
    Path {
        /// What the path is for.
        purpose: PromptPurpose,
        /// A problem with the last attempt.
        error: Option<String>,
    },
    /// Offer to restore recovery copies: each with the name to show.
    Recovery(Vec<(io::recovery::RecoveryEntry, String)>),
}

/// A message shown to the user.
#[derive(Clone, Debug)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// An error (stays until dismissed) rather than information (fades).
    pub error: bool,
    /// When it was posted (egui time).
    pub time: f64,
}

/// Most messages kept.
const MAX_NOTICES: usize = 6;

/// Post a message at egui time `time`; errors are also written to standard error.
pub fn post(notices: &mut Vec<Notice>, time: f64, text: impl Into<String>, error: bool) {
    let text = text.into();
    if error {
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), "claimlens: error: {text}");
    }
    notices.push(Notice { text, error, time });
    if notices.len() > MAX_NOTICES {
        notices.remove(0);
    }
}

/// The find bar: its query and what it found.
#[derive(Clone, Debug, Default)]
pub struct FindState {
    /// Shown.
    pub open: bool,
    /// The query.
    pub query: String,
    /// Match case.
    pub case_sensitive: bool,
    /// Matches of the query, sorted.
    pub matches: Vec<ByteSpan>,
    /// Current match.
    pub current: Option<usize>,
}

impl FindState {
    /// Find the query in `text` again; the current match becomes the first one at or after
    /// byte `from` (the reading position).
    pub fn search(&mut self, text: &str, from: usize) {
        self.matches.clear();
        self.current = None;
        if self.query.is_empty() {
            return;
        }
        let pattern = format!("{}{}", if self.case_sensitive { "" } else { "(?i)" }, regex::escape(&self.query));
        if let Ok(re) = regex::Regex::new(&pattern) {
            self.matches = re.find_iter(text).map(|m| ByteSpan::new(m.start(), m.end())).collect();
        }
        if !self.matches.is_empty() {
            self.current = Some(self.matches.partition_point(|m| m.start < from) % self.matches.len());
        }
    }

    /// Step to the next (or previous) match, wrapping around; the match stepped to.
    pub fn step(&mut self, forward: bool) -> Option<ByteSpan> {
        let n = self.matches.len();
        if n == 0 {
            return None;
        }
        let next = match self.current {
            None => 0,
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
        };
        self.current = Some(next);
        Some(self.matches[next])
    }
}

/// Which tab the side panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SideTab {
    /// Claims list.
    #[default]
    Claims,
    /// Entities list.
    Entities,
    /// Overview dashboard.
    Overview,
    /// The codebook.
    Codes,
}

/// What is selected and shown: changed only by commands.
#[derive(Clone, Debug, Default)]
pub struct UiState {
    /// The selected claim.
    pub selected_claim: Option<ClaimId>,
    /// The canonical entity whose mentions are outlined (its name; for numbers and dates,
    /// which are not grouped, the mention text).
    pub selected_entity: Option<String>,
    /// Which mention of the selected entity was jumped to last.
    pub entity_cursor: usize,
    /// Side panel tab.
    pub side_tab: SideTab,
    /// The suggestion the user stepped to with "Next suggestion" (A and R act on it).
    pub current_suggestion: Option<ByteSpan>,
    /// Where the last accepted or rejected suggestion started: after A or R the next
    /// suggestion becomes current at once, and N then goes to that one, not past it.
    pub suggestion_cursor: Option<usize>,
    /// The overview bar the claims list is filtered by (its label for the filter chip).
    pub bar_filter: Option<(String, BarFilter)>,
    /// The article's source file on disk differs from the annotated version (offer to update).
    pub source_changed: bool,
    /// The "what changed" window is open (and changed regions are tinted).
    pub show_changes: bool,
}

/// Text being typed into fields whose content means nothing until it is submitted (a new
/// tag, a new link, a new code, a new name, a path). Panels edit these directly; what they
/// submit goes through commands.
#[derive(Clone, Debug, Default)]
pub struct Drafts {
    /// The tag being typed in the claim card.
    pub new_tag: String,
    /// The evidence link being typed in the claim card.
    pub new_link: String,
    /// Codes tab: the path of a new code.
    pub new_code: String,
    /// Entities tab: the entity being renamed, with the name typed so far.
    pub renaming: Option<(String, String)>,
    /// Entities tab: sort by name instead of count.
    pub entities_by_name: bool,
    /// Entities tab filter text.
    pub entities_filter: String,
    /// The "apply to all mentions" choice in entity menus.
    pub all_mentions: bool,
    /// The path typed into the path prompt.
    pub path: String,
    /// Give the find field keyboard focus when it is next drawn.
    pub focus_find: bool,
    /// The fact-check library dialog's fields.
    pub sources: SourcesDrafts,
    /// Give the selected claim card's first field keyboard focus when it is next drawn (F2).
    pub focus_card: bool,
    /// The name typed into the coder-name dialog.
    pub coder: String,
}

/// A background job as the status bar shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct JobStatus {
    /// Which job (to cancel it).
    pub id: u64,
    /// What it does ("Saving nato.claimlens.ron…").
    pub label: String,
    /// Done so far, 0–1, when known.
    pub progress: Option<f32>,
    /// The user may cancel it.
    pub cancellable: bool,
}

/// What the status bar shows besides the article.
#[derive(Clone, Debug, Default)]
pub struct Status {
    /// The analysis ("Finding entities…", "412 entities (perceptron, 230 ms)").
    pub analysis: String,
    /// Background jobs running now.
    pub jobs: Vec<JobStatus>,
}

/// The library dialog's fields (typed in place, meaningful when submitted).
#[derive(Clone, Debug, Default)]
pub struct SourcesDrafts {
    /// The library folder typed.
    pub library_dir: String,
    /// The feed file typed.
    pub feed: String,
}
