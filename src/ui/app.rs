//! [`ClaimLensApp`]: the eframe app. `logic` polls background jobs and applies commands;
//! `ui` draws the panels, which only read state and push [`Command`]s.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::{Duration, Instant};

use egui::{Context, ViewportCommand};

use super::article_view::{ArticleView, ClaimMark, Highlights, ReadingStyle};
use super::command::{Action, Command};
use super::session::Session;
use crate::document::ByteSpan;
use crate::io;
use crate::nlp::{Analysis, Entity, Pipeline};
use crate::project::{
    Claim, ClaimId, ClaimOrigin, CorrectionAction, CorrectionTarget, Edit, EntityCorrection, Project, assist,
    word_occurrences,
};

/// Where recovery copies are written, how often.
const RECOVERY_INTERVAL: Duration = Duration::from_secs(4);
/// Recent files kept.
const MAX_RECENT: usize = 12;
/// A native dialog that returns "cancelled" faster than this most likely could not be shown.
const DIALOG_UNAVAILABLE_WITHIN: Duration = Duration::from_millis(250);

/// How the app starts.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// A file to open at start.
    pub file: Option<PathBuf>,
    /// Open the bundled sample when no file is given.
    pub open_sample: bool,
    /// Folder for recovery copies (None: no recovery copies).
    pub recovery_dir: Option<PathBuf>,
    /// Never show native file dialogs (tests): always use the in-app path prompt.
    pub no_native_dialogs: bool,
    /// A fixed clock (tests), instead of the system time.
    pub fixed_time: Option<jiff::Timestamp>,
}

/// Preferences kept across runs (eframe storage).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// Article text zoom.
    pub text_scale: f32,
    /// Hide the suggested-claim markers.
    #[serde(default)]
    pub hide_suggestions: bool,
    /// How each recently open project was looked at (reading position, hidden types, filters,
    /// threshold), by [`Session::view_key`], most recent first. Kept here, not in the project
    /// file, so that scrolling never changes a file the team shares.
    #[serde(default)]
    pub views: Vec<(String, super::session::ViewState)>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self { recent: Vec::new(), text_scale: 1.0, hide_suggestions: false, views: Vec::new() }
    }
}

/// Projects whose view state is remembered.
const MAX_VIEWS: usize = 200;

const PREFS_KEY: &str = "claimlens-prefs";

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Open this file.
    Open(PathBuf),
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
}

impl PromptPurpose {
    /// True when the path names a file to write.
    #[must_use]
    pub const fn saves(self) -> bool {
        matches!(self, Self::SaveAs | Self::ExportCodebook | Self::Export(_))
    }

    /// Title of the prompt.
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Self::Open => "Open file",
            Self::SaveAs => "Save project as",
            Self::ImportCodebook => "Import a codebook",
            Self::ExportCodebook => "Export the codebook",
            Self::Export(_) => "Export",
            Self::ImportAnnotations => "Import annotations",
            Self::UpdateArticle => "Update the article from a file",
        }
    }

    /// A hint under the path field.
    #[must_use]
    pub const fn hint(self) -> &'static str {
        match self {
            Self::Open => "An article (.txt, .md, .html, .xml) or a project (.claimlens.ron)",
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
        }
    }

    /// The button that confirms the prompt.
    #[must_use]
    pub const fn verb(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::SaveAs => "Save",
            Self::ImportCodebook | Self::ImportAnnotations => "Import",
            Self::ExportCodebook | Self::Export(_) => "Export",
            Self::UpdateArticle => "Update",
        }
    }

    /// File-type filter of the native dialog.
    fn filter(self) -> (&'static str, Vec<&'static str>) {
        match self {
            Self::Open => ("Articles and projects", vec!["txt", "md", "markdown", "html", "htm", "xml", "tml", "ron"]),
            Self::SaveAs => ("ClaimLens project", vec!["ron"]),
            Self::ImportCodebook | Self::ExportCodebook => ("ClaimLens codebook", vec!["ron"]),
            Self::Export(f) => (f.label(), vec![f.extension()]),
            Self::ImportAnnotations => ("Annotations", vec!["json", "jsonld", "ann", "jsonl"]),
            Self::UpdateArticle => ("Articles", vec!["txt", "md", "markdown", "html", "htm", "xml", "tml"]),
        }
    }
}

/// A modal dialog.
#[derive(Clone, Debug)]
pub enum Modal {
    /// "Save changes to X?"
    Unsaved(Pending),
    /// Type a path.
    Path {
        /// Open or save.
        purpose: PromptPurpose,
        /// The text typed so far.
        text: String,
        /// A problem with the last attempt.
        error: Option<String>,
    },
    /// Offer to restore recovery copies.
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

/// The find bar.
#[derive(Clone, Debug, Default)]
pub struct FindState {
    /// Shown.
    pub open: bool,
    /// The query.
    pub query: String,
    /// Match case.
    pub case_sensitive: bool,
    /// Matches of the query.
    pub matches: Vec<ByteSpan>,
    /// Current match.
    pub current: Option<usize>,
    /// Focus the field next frame.
    pub focus: bool,
    /// The query and case flag the matches were computed for.
    computed_for: Option<(String, bool)>,
}

struct AnalysisJob {
    session_id: u64,
    /// Keep the project's saved automatic entities (a project was opened): only the
    /// sentences, quotations and suggestions are taken from the result.
    keep_entities: bool,
    rx: Receiver<Analysis>,
    started: Instant,
}

struct DialogJob {
    purpose: PromptPurpose,
    rx: Receiver<Option<PathBuf>>,
    started: Instant,
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

/// UI state that is neither project nor preferences.
#[derive(Debug, Default)]
pub struct UiState {
    /// The selected claim.
    pub selected_claim: Option<ClaimId>,
    /// The canonical entity whose mentions are outlined (its name; for numbers and dates,
    /// which are not grouped, the mention text).
    pub selected_entity: Option<String>,
    /// Entities tab: the entity being renamed, with the name typed so far.
    pub renaming: Option<(String, String)>,
    /// Which mention of the selected entity was jumped to last.
    pub entity_cursor: usize,
    /// Side panel tab.
    pub side_tab: SideTab,
    /// The "apply to all mentions" choice in entity menus.
    pub all_mentions: bool,
    /// Text being typed as a new tag / evidence link, per claim.
    pub new_tag: String,
    /// New evidence link being typed.
    pub new_link: String,
    /// Entities tab: sort by name instead of count.
    pub entities_by_name: bool,
    /// Entities tab filter text.
    pub entities_filter: String,
    /// The suggestion the user stepped to with "Next suggestion" (A and R act on it).
    pub current_suggestion: Option<ByteSpan>,
    /// Where the last accepted or rejected suggestion started: after A or R the next
    /// suggestion becomes current at once, and N then goes to that one, not past it.
    pub suggestion_cursor: Option<usize>,
    /// The overview bar the claims list is filtered by (its label for the filter chip).
    pub bar_filter: Option<(String, crate::project::overview::BarFilter)>,
    /// Codes tab: the path of a new code being typed.
    pub new_code: String,
    /// The article's source file on disk differs from the annotated version (offer to update).
    pub source_changed: bool,
    /// The "what changed" window is open (and changed regions are tinted).
    pub show_changes: bool,
}

/// The ClaimLens window.
pub struct ClaimLensApp {
    /// The open project.
    pub session: Option<Session>,
    /// The article view.
    pub view: ArticleView,
    /// Preferences.
    pub prefs: Prefs,
    /// UI state.
    pub ui_state: UiState,
    /// Find bar.
    pub find: FindState,
    /// Open modal.
    pub modal: Option<Modal>,
    /// Messages.
    pub notices: Vec<Notice>,
    pub(super) queue: Vec<Command>,
    pub(super) highlights: Highlights,
    highlights_dirty: bool,
    options: AppOptions,
    analysis: Option<AnalysisJob>,
    dialog: Option<DialogJob>,
    /// A save that must succeed before `Pending` runs.
    after_save: Option<Pending>,
    allowed_to_close: bool,
    title: String,
    next_session_id: u64,
    last_recovery_write: Option<(Instant, u64)>,
    pipeline: Pipeline,
    recovery: Option<io::recovery::RecoveryWriter>,
    recovery_errors: Option<Receiver<String>>,
    started: bool,
    /// A text field had keyboard focus at the end of the last frame (egui drops focus on
    /// Escape before `logic` runs, so this tells that the Escape was for the field).
    typing_last_frame: bool,
    /// Status of the analysis for the status bar.
    pub analysis_status: String,
}

impl ClaimLensApp {
    /// Create the app (called by eframe or by a test harness).
    #[must_use]
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        cc.egui_ctx.set_fonts(super::theme::font_definitions());
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let prefs: Prefs = cc.storage.and_then(|s| eframe::get_value(s, PREFS_KEY)).unwrap_or_default();
        let (err_tx, err_rx) = std::sync::mpsc::channel();
        let repaint = cc.egui_ctx.clone();
        let recovery = options.recovery_dir.clone().and_then(|dir| {
            io::recovery::RecoveryWriter::new(dir, move |e| {
                let _ = err_tx.send(e);
                repaint.request_repaint();
            })
            .ok()
        });
        Self {
            session: None,
            view: ArticleView::new(),
            prefs,
            ui_state: UiState::default(),
            find: FindState::default(),
            modal: None,
            notices: Vec::new(),
            queue: Vec::new(),
            highlights: Highlights::default(),
            highlights_dirty: true,
            options,
            analysis: None,
            dialog: None,
            after_save: None,
            allowed_to_close: false,
            title: String::new(),
            next_session_id: 1,
            last_recovery_write: None,
            pipeline: Pipeline::default(),
            recovery,
            recovery_errors: Some(err_rx),
            started: false,
            typing_last_frame: false,
            analysis_status: String::new(),
        }
    }

    /// True while the entity analysis runs in the background.
    #[must_use]
    pub fn is_analysing(&self) -> bool {
        self.analysis.is_some()
    }

    /// The current time (fixed in tests).
    #[must_use]
    pub fn now(&self) -> jiff::Timestamp {
        self.options.fixed_time.unwrap_or_else(jiff::Timestamp::now)
    }

    /// Queue a command (applied before the next frame is drawn).
    pub fn push(&mut self, cmd: Command) {
        self.queue.push(cmd);
    }

    /// Post a message.
    pub fn notify(&mut self, ctx: &Context, text: impl Into<String>, error: bool) {
        let text = text.into();
        if error {
            log_line(&format!("error: {text}"));
        }
        self.notices.push(Notice { text, error, time: ctx.input(|i| i.time) });
        if self.notices.len() > 6 {
            self.notices.remove(0);
        }
    }

    fn first_frame(&mut self, ctx: &Context) {
        self.started = true;
        if let Some(file) = self.options.file.clone() {
            self.open_now(ctx, &file);
        } else if self.options.open_sample {
            self.open_sample_now(ctx);
        }
        // Recovery copies on disk now were left by an earlier run that did not close cleanly.
        if let Some(dir) = &self.options.recovery_dir {
            let entries: Vec<_> = io::recovery::list(dir)
                .into_iter()
                .map(|e| {
                    // Name each copy by its project file, else by the article's title.
                    let name = e.origin.as_ref().and_then(|p| p.file_name()).map_or_else(
                        || {
                            io::project_file::load(&e.file).ok().map_or_else(
                                || "unsaved work".to_owned(),
                                |p| format!("“{}” (not saved yet)", p.document.display_title().unwrap_or("Untitled")),
                            )
                        },
                        |n| n.to_string_lossy().into_owned(),
                    );
                    (e, name)
                })
                .collect();
            if !entries.is_empty() {
                self.modal = Some(Modal::Recovery(entries));
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Opening and saving.

    fn remember_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.prefs.recent.retain(|p| p != &path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(MAX_RECENT);
    }

    /// Keep how the open project is looked at (with the current reading position) in the
    /// preferences, under its [`Session::view_key`].
    fn remember_view(&mut self) {
        let Some(s) = &self.session else { return };
        let mut view = s.view.clone();
        view.scroll_byte = self.view.top_byte(&s.project.document);
        view.hidden.sort();
        view.hidden.dedup();
        let key = s.view_key();
        self.prefs.views.retain(|(k, _)| *k != key);
        self.prefs.views.insert(0, (key, view));
        self.prefs.views.truncate(MAX_VIEWS);
    }

    fn install(&mut self, ctx: &Context, project: Project, path: Option<PathBuf>, analyse: bool) {
        let id = self.next_session_id;
        self.next_session_id += 1;
        self.remember_view();
        if let (Some(r), Some(old)) = (&self.recovery, &self.session) {
            // Replacing a session means its changes were saved or the user chose to drop them.
            r.remove(old.recovery_key());
        }
        // A project whose article file changed on disk since it was annotated: offer to update.
        let source_changed = path.is_some()
            && project
                .source
                .path
                .as_deref()
                .map(Path::new)
                .filter(|p| p.is_file())
                .and_then(|p| std::fs::read(p).ok())
                .is_some_and(|bytes| io::sha256_hex(&bytes) != project.source.sha256);
        let mut session = Session::new(project, path, id, super::session::ViewState::default());
        let key = session.view_key();
        if let Some((_, v)) = self.prefs.views.iter().find(|(k, _)| *k == key) {
            session.view = v.clone();
        }
        let scroll = session.view.scroll_byte.min(session.project.text().len());
        self.view.reset(&session.project.document);
        if scroll > 0 {
            self.view.scroll_to_top(scroll);
        }
        self.ui_state = UiState { source_changed, ..UiState::default() };
        self.find.computed_for = None;
        self.session = Some(session);
        self.highlights_dirty = true;
        self.last_recovery_write = None;
        // An article is analysed in full; an opened project keeps its saved entities and only
        // gets its suggestions and quotations computed.
        self.start_analysis_with(ctx, !analyse);
        self.update_title(ctx);
    }

    fn start_analysis(&mut self, ctx: &Context) {
        self.start_analysis_with(ctx, false);
    }

    fn start_analysis_with(&mut self, ctx: &Context, keep_entities: bool) {
        let Some(session) = &self.session else { return };
        let doc = session.project.document.clone();
        let pipeline = self.pipeline.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx2 = ctx.clone();
        let spawned = std::thread::Builder::new().name("claimlens-analysis".into()).spawn(move || {
            let analysis = pipeline.analyze(&doc);
            let _ = tx.send(analysis);
            ctx2.request_repaint();
        });
        match spawned {
            Ok(_) => {
                self.analysis =
                    Some(AnalysisJob { session_id: session.id, keep_entities, rx, started: Instant::now() });
                self.analysis_status = if keep_entities { "Finding suggestions…" } else { "Finding entities…" }.into();
            }
            Err(e) => self.notify(ctx, format!("cannot start the entity analysis: {e}"), true),
        }
    }

    fn poll_analysis(&mut self, ctx: &Context) {
        let Some(job) = &self.analysis else { return };
        match job.rx.try_recv() {
            Ok(analysis) => {
                let elapsed = job.started.elapsed();
                let job_session = job.session_id;
                let keep_entities = job.keep_entities;
                self.analysis = None;
                if let Some(session) = self.session.as_mut().filter(|s| s.id == job_session) {
                    if !keep_entities {
                        let had_file = session.path.is_some();
                        let before = session.project.entities.automatic.clone();
                        session.project.set_analysis(analysis.clone());
                        if had_file && before != session.project.entities.automatic {
                            session.changed_outside_history = true;
                        }
                    }
                    session.analysis = Some(std::sync::Arc::new(analysis));
                    session.refresh();
                    self.analysis_status = format!(
                        "{} entities ({}, {} ms)",
                        session.derived.entities.len(),
                        session.project.entities.recognizer,
                        elapsed.as_millis(),
                    );
                    self.highlights_dirty = true;
                    self.update_title(ctx);
                }
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                self.analysis = None;
                self.notify(ctx, "the entity analysis stopped unexpectedly", true);
            }
        }
    }

    /// Open `path` now (no unsaved-changes check). Errors are shown; the current project stays.
    pub fn open_now(&mut self, ctx: &Context, path: &Path) {
        match io::open_path(path) {
            Ok(io::Opened::Article(imported)) => {
                let imported = *imported;
                let guessed = imported.encoding_guessed;
                let encoding = imported.source.encoding.clone();
                let project = Project::new(imported.document, imported.source);
                self.install(ctx, project, None, true);
                if let Some(s) = &mut self.session {
                    s.encoding_guessed = guessed;
                }
                if guessed {
                    self.notify(ctx, format!("Opened {} (encoding assumed: {encoding})", path.display()), false);
                }
                self.remember_recent(path);
            }
            Ok(io::Opened::Project(project)) => {
                let path = path.to_path_buf();
                self.install(ctx, *project, Some(path.clone()), false);
                self.remember_recent(&path);
                if let Some(s) = &self.session {
                    self.analysis_status = format!(
                        "{} entities ({})",
                        s.derived.entities.len(),
                        if s.project.entities.recognizer.is_empty() { "saved" } else { &s.project.entities.recognizer }
                    );
                }
            }
            Err(e) => {
                self.notify(ctx, format!("Cannot open {e}"), true);
            }
        }
    }

    fn open_sample_now(&mut self, ctx: &Context) {
        match io::import_bytes(Path::new(io::SAMPLE_ARTICLE_NAME), io::SAMPLE_ARTICLE.as_bytes()) {
            Ok(mut imported) => {
                imported.source.path = Some(io::SAMPLE_ARTICLE_NAME.to_owned());
                let project = Project::new(imported.document, imported.source);
                self.install(ctx, project, None, true);
            }
            Err(e) => self.notify(ctx, format!("Cannot open the sample article: {e}"), true),
        }
    }

    /// Save to `path`. On success the session is clean, the recovery copy is removed and a
    /// pending action runs. On failure the work stays open (and in the recovery copy).
    pub fn save_to(&mut self, ctx: &Context, path: &Path) -> bool {
        let Some(session) = self.session.as_mut() else { return false };
        let old_key = session.recovery_key();
        match io::project_file::save(path, &session.project) {
            Ok(()) => {
                session.path = Some(path.to_path_buf());
                session.saved_state = session.history.state_id();
                session.changed_outside_history = false;
                if let Some(r) = &self.recovery {
                    r.remove(old_key);
                    r.remove(session.recovery_key());
                }
                self.last_recovery_write = None;
                self.remember_recent(path);
                // The view is now kept under the project file's name.
                self.remember_view();
                self.notify(ctx, format!("Saved {}", path.display()), false);
                self.update_title(ctx);
                if let Some(next) = self.after_save.take() {
                    self.run_pending(ctx, next);
                }
                true
            }
            Err(e) => {
                self.after_save = None;
                self.notify(ctx, format!("Could not save: {e}. Your work is still open here."), true);
                false
            }
        }
    }

    fn save(&mut self, ctx: &Context) {
        let Some(session) = &self.session else { return };
        match session.path.clone() {
            Some(path) => {
                self.save_to(ctx, &path);
            }
            None => self.save_as(ctx),
        }
    }

    fn save_as(&mut self, ctx: &Context) {
        if self.session.is_some() {
            self.ask_path(ctx, PromptPurpose::SaveAs);
        }
    }

    fn open_dialog(&mut self, ctx: &Context) {
        self.ask_path(ctx, PromptPurpose::Open);
    }

    /// The path first offered when asking for a file to write.
    fn suggested_path(&self, purpose: PromptPurpose) -> Option<PathBuf> {
        let s = self.session.as_ref()?;
        match purpose {
            PromptPurpose::SaveAs => Some(s.suggested_path()),
            PromptPurpose::ExportCodebook => {
                let name = if s.project.codebook.name.trim().is_empty() {
                    "codebook".to_owned()
                } else {
                    s.project.codebook.name.trim().replace(['/', '\\'], "-")
                };
                let dir = s.suggested_path().parent().map(Path::to_path_buf).unwrap_or_default();
                Some(dir.join(format!("{name}.codebook.ron")))
            }
            PromptPurpose::Export(f) => {
                let p = s.suggested_path();
                let name = p.file_name().map_or_else(|| "article".to_owned(), |n| n.to_string_lossy().into_owned());
                let stem = name.strip_suffix(".claimlens.ron").or_else(|| name.strip_suffix(".ron")).unwrap_or(&name);
                let file = if f.is_multi_file() { stem.to_owned() } else { format!("{stem}.{}", f.extension()) };
                Some(p.with_file_name(file))
            }
            PromptPurpose::UpdateArticle => s.project.source.path.as_deref().map(PathBuf::from),
            PromptPurpose::Open | PromptPurpose::ImportCodebook | PromptPurpose::ImportAnnotations => None,
        }
    }

    /// Ask for a path: the native dialog on a worker thread, or the in-app prompt where no
    /// native dialog can be shown.
    pub fn ask_path(&mut self, ctx: &Context, purpose: PromptPurpose) {
        let suggested = self.suggested_path(purpose);
        if self.options.no_native_dialogs {
            let text = suggested.map(|p| p.display().to_string()).unwrap_or_default();
            self.modal = Some(Modal::Path { purpose, text, error: None });
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx2 = ctx.clone();
        let spawned = std::thread::Builder::new().name("claimlens-dialog".into()).spawn(move || {
            let (what, exts) = purpose.filter();
            let mut dialog = rfd::FileDialog::new().add_filter(what, &exts).add_filter("All files", &["*"]);
            if let Some(p) = &suggested {
                if let Some(dir) = p.parent().filter(|d| d.is_dir()) {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(name) = p.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
            }
            let picked = if purpose.saves() { dialog.save_file() } else { dialog.pick_file() };
            let _ = tx.send(picked);
            ctx2.request_repaint();
        });
        if spawned.is_ok() {
            self.dialog = Some(DialogJob { purpose, rx, started: Instant::now() });
        }
    }

    fn poll_dialog(&mut self, ctx: &Context) {
        let Some(job) = &self.dialog else { return };
        let result = match job.rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => None,
        };
        let purpose = job.purpose;
        let quick = job.started.elapsed() < DIALOG_UNAVAILABLE_WITHIN;
        self.dialog = None;
        match result {
            Some(path) => {
                if let Err(e) = self.use_path(ctx, purpose, path) {
                    self.notify(ctx, e, true);
                }
            }
            None if quick => {
                // No native dialog could be shown (no portal): ask in the window instead.
                let text = self.suggested_path(purpose).map(|p| p.display().to_string()).unwrap_or_default();
                self.modal = Some(Modal::Path { purpose, text, error: None });
            }
            None => self.after_save = None,
        }
    }

    /// Do what `purpose` asked for with `path`. An error message is returned for the prompt
    /// to show (the prompt stays open); failures of the operation itself are notified.
    fn use_path(&mut self, ctx: &Context, purpose: PromptPurpose, path: PathBuf) -> Result<(), String> {
        let no_folder = |p: &Path| p.parent().is_some_and(|d| !d.as_os_str().is_empty() && !d.is_dir());
        match purpose {
            PromptPurpose::Open
            | PromptPurpose::ImportCodebook
            | PromptPurpose::ImportAnnotations
            | PromptPurpose::UpdateArticle
                if !path.exists() =>
            {
                return Err(format!("There is no file {}", path.display()));
            }
            PromptPurpose::Open => self.request(ctx, Pending::Open(path)),
            PromptPurpose::SaveAs | PromptPurpose::ExportCodebook | PromptPurpose::Export(_) if no_folder(&path) => {
                return Err(format!("There is no folder {}", path.parent().unwrap_or(&path).display()));
            }
            PromptPurpose::SaveAs => {
                let path = with_project_extension(path);
                self.save_to(ctx, &path);
            }
            PromptPurpose::ImportCodebook => self.import_codebook(ctx, &path),
            PromptPurpose::Export(format) => self.export(ctx, format, &path),
            PromptPurpose::ImportAnnotations => self.import_annotations(ctx, &path)?,
            PromptPurpose::UpdateArticle => self.update_article(ctx, &path),
            PromptPurpose::ExportCodebook => {
                let path = with_extension_if_not_ron(path, "codebook.ron");
                let Some(s) = &self.session else { return Ok(()) };
                match io::codebook::save(&path, &s.project.codebook) {
                    Ok(()) => self.notify(ctx, format!("Codebook exported to {}", path.display()), false),
                    Err(e) => self.notify(ctx, e.to_string(), true),
                }
            }
        }
        Ok(())
    }

    fn export(&mut self, ctx: &Context, format: crate::io::export::Format, path: &Path) {
        let Some(s) = &self.session else { return };
        let mut out = path.to_path_buf();
        if !format.is_multi_file() && out.extension().is_none() {
            out.set_extension(format.extension());
        }
        match crate::io::export::export(&s.project, format).and_then(|o| o.write(&out)) {
            Ok(paths) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                self.notify(ctx, format!("Exported {} to {}", format.label(), names.join(" and ")), false);
            }
            Err(e) => self.notify(ctx, format!("Export failed: {e}"), true),
        }
    }

    /// Add annotations from another tool. The format is told by the extension (`.ann` brat,
    /// `.jsonl` doccano, `.json`/`.jsonld` W3C).
    fn import_annotations(&mut self, ctx: &Context, path: &Path) -> Result<(), String> {
        use crate::io::annotations::{AnnotationFormat, import_annotations_path};
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        let format = match ext.as_str() {
            "ann" => AnnotationFormat::Brat,
            "jsonl" => AnnotationFormat::Doccano,
            "json" | "jsonld" => AnnotationFormat::W3c,
            _ => return Err("Use a .ann (brat), .jsonl (doccano) or .json/.jsonld (W3C) file".into()),
        };
        let now = self.now();
        let Some(s) = &self.session else { return Ok(()) };
        match import_annotations_path(&s.project, format, path, now) {
            Ok(imported) => {
                let r = &imported.report;
                let mut what = format!("{} claims and {} entities added", r.claims, r.entities);
                if r.duplicates > 0 {
                    what.push_str(&format!(", {} already here", r.duplicates));
                }
                if r.relocated > 0 {
                    what.push_str(&format!(", {} found at a new place", r.relocated));
                }
                let unplaced = r.unplaced.len();
                self.apply_edit(ctx, imported.edit, "Import annotations", None);
                self.notify(ctx, format!("Imported {} annotations: {what}", format.name()), false);
                if unplaced > 0 {
                    self.notify(
                        ctx,
                        format!("{unplaced} imported annotations could not be placed in this article"),
                        true,
                    );
                }
            }
            Err(e) => self.notify(ctx, e.to_string(), true),
        }
        Ok(())
    }

    /// Replace the article by the file at `path` (a new version of it) and re-anchor every
    /// annotation; one undoable step. The analysis runs again on the new text.
    fn update_article(&mut self, ctx: &Context, path: &Path) {
        let now = self.now();
        let imported = match io::import_path(path) {
            Ok(i) => i,
            Err(e) => {
                self.notify(ctx, e.to_string(), true);
                return;
            }
        };
        let Some(s) = &self.session else { return };
        let (edit, report) =
            crate::project::anchor::update_article(&s.project, imported.document, imported.source, now);
        if report.unchanged_text {
            self.ui_state.source_changed = false;
            self.notify(ctx, "The file has the same text as the annotated article: nothing to update", false);
            return;
        }
        self.apply_edit(ctx, edit, "Update article", None);
        self.ui_state.source_changed = false;
        self.ui_state.show_changes = true;
        self.notify(ctx, format!("Article updated: {}", report.summary), false);
        // The edit's text change already started an analysis (see `sync_document`); a new
        // version needs its entities found afresh, not only its suggestions.
        if let Some(job) = &mut self.analysis {
            job.keep_entities = false;
            self.analysis_status = "Finding entities…".into();
        }
    }

    fn import_codebook(&mut self, ctx: &Context, path: &Path) {
        let Some(s) = &self.session else { return };
        match io::codebook::import(path, &s.project.codebook, crate::project::codebook::ImportMode::Merge) {
            Ok((book, summary)) => {
                self.apply_edit(ctx, Edit::SetCodebook(Box::new(book)), "Import codebook", None);
                self.notify(
                    ctx,
                    format!("Codebook imported: {} new, {} updated", summary.added, summary.updated),
                    false,
                );
            }
            Err(e) => self.notify(ctx, e.to_string(), true),
        }
    }

    /// Run `pending` now, or after asking about unsaved changes.
    fn request(&mut self, ctx: &Context, pending: Pending) {
        if self.session.as_ref().is_some_and(Session::is_dirty) {
            self.modal = Some(Modal::Unsaved(pending));
        } else {
            self.run_pending(ctx, pending);
        }
    }

    /// Carry out an action whose unsaved-changes question has been answered.
    pub fn run_pending(&mut self, ctx: &Context, pending: Pending) {
        match pending {
            Pending::Open(path) => self.open_now(ctx, &path),
            Pending::OpenDialog => self.open_dialog(ctx),
            Pending::OpenSample => self.open_sample_now(ctx),
            Pending::Quit => {
                self.allowed_to_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// The answer to "Save changes?": save (then continue), discard (then continue), or
    /// cancel.
    pub fn answer_unsaved(&mut self, ctx: &Context, pending: Pending, save: Option<bool>) {
        self.modal = None;
        match save {
            None => {}
            Some(true) => {
                self.after_save = Some(pending);
                self.save(ctx);
            }
            Some(false) => {
                // The changes are dropped only when the session is actually replaced (see
                // `install`) or the window closes: if opening the other file fails, the work
                // stays open, still marked unsaved.
                if pending == Pending::Quit
                    && let (Some(r), Some(s)) = (&self.recovery, &self.session)
                {
                    r.remove(s.recovery_key());
                }
                self.run_pending(ctx, pending);
            }
        }
    }

    /// Submit the path prompt.
    pub fn submit_path(&mut self, ctx: &Context, purpose: PromptPurpose, text: &str) {
        if text.trim().is_empty() {
            self.modal = Some(Modal::Path { purpose, text: text.to_owned(), error: Some("Type a path".into()) });
            return;
        }
        self.modal = None;
        if let Err(error) = self.use_path(ctx, purpose, expand_home(text.trim())) {
            self.modal = Some(Modal::Path { purpose, text: text.to_owned(), error: Some(error) });
        }
    }

    // ---------------------------------------------------------------------------------------
    // Applying commands: the one place where the project changes.

    fn apply_edit(&mut self, ctx: &Context, edit: Edit, label: &str, coalesce: Option<String>) {
        let Some(session) = self.session.as_mut() else { return };
        match session.history.apply(&mut session.project, edit, label, coalesce) {
            Ok(()) => {
                session.refresh();
                self.highlights_dirty = true;
                self.sync_document(ctx);
                self.update_title(ctx);
            }
            Err(e) => self.notify(ctx, format!("{label}: {e}"), true),
        }
    }

    /// After an edit, undo or redo: if the article text itself changed (a new version of the
    /// article, or undoing one), drop the analysis and layouts of the old text and analyse the
    /// new one (keeping the entities the edit carries).
    fn sync_document(&mut self, ctx: &Context) {
        let Some(s) = &mut self.session else { return };
        if s.analysed_key == s.document_key() {
            return;
        }
        s.analysed_key = s.document_key();
        s.analysis = None;
        s.scripts_without_fonts = None;
        s.refresh_suggestions();
        self.ui_state.current_suggestion = None;
        self.ui_state.selected_entity = None;
        self.find.computed_for = None;
        let top = self.view.top_byte(&s.project.document).min(s.project.text().len());
        self.view.reset(&s.project.document);
        self.view.scroll_to_top(top);
        self.highlights_dirty = true;
        self.start_analysis_with(ctx, true);
    }

    /// Apply every queued command, in order.
    pub fn apply_commands(&mut self, ctx: &Context) {
        while !self.queue.is_empty() {
            let cmds = std::mem::take(&mut self.queue);
            for cmd in cmds {
                self.apply(ctx, cmd);
            }
        }
    }

    #[allow(clippy::too_many_lines)]
    fn apply(&mut self, ctx: &Context, cmd: Command) {
        match cmd {
            Command::Action(a) => self.run_action(ctx, a),
            Command::Edit { edit, label, coalesce } => self.apply_edit(ctx, edit, &label, coalesce),
            Command::OpenPath(p) => self.request(ctx, Pending::Open(p)),
            Command::SaveTo(p) => {
                self.save_to(ctx, &p);
            }
            Command::TagClaim(span) => {
                let now = self.now();
                let Some(session) = &self.session else { return };
                let span = crate::document::words::snap_to_words(session.project.text(), span);
                if span.is_empty() {
                    self.notify(ctx, "Select some text to tag as a claim", false);
                    return;
                }
                let claim = new_claim(session, span, now, ClaimOrigin::Manual);
                let id = claim.id;
                self.apply_edit(ctx, Edit::AddClaim(Box::new(claim)), "Tag claim", None);
                self.ui_state.selected_claim = Some(id);
                self.ui_state.side_tab = super::app::SideTab::Claims;
                self.view.set_selection(None);
                self.highlights_dirty = true;
            }
            Command::SetEntity { span, label, all } => {
                let Some(session) = &self.session else { return };
                let text = session.project.text();
                let span = crate::document::words::snap_to_words(text, span);
                if span.is_empty() {
                    return;
                }
                let target = if all {
                    CorrectionTarget::AllMentions(text[span].to_owned())
                } else {
                    CorrectionTarget::Mention(span)
                };
                let index = session.project.entities.corrections.len();
                let correction = EntityCorrection::new(target, CorrectionAction::SetLabel(label));
                let what = if all { "Set type of all mentions" } else { "Set entity type" };
                self.apply_edit(ctx, Edit::InsertCorrection { index, correction }, what, None);
            }
            Command::RemoveEntity { entity, all } => {
                let Some(session) = &self.session else { return };
                let text = session.project.text();
                let target = if all {
                    CorrectionTarget::AllMentions(text[entity.span].to_owned())
                } else {
                    CorrectionTarget::Mention(entity.span)
                };
                let index = session.project.entities.corrections.len();
                let correction = EntityCorrection::new(target, CorrectionAction::Remove);
                self.apply_edit(ctx, Edit::InsertCorrection { index, correction }, "Remove entity", None);
            }
            Command::SelectClaim { id, scroll } => {
                self.ui_state.selected_claim = id;
                self.highlights_dirty = true;
                if let (Some(id), true, Some(s)) = (id, scroll, &self.session)
                    && let Some(c) = s.project.claim(id)
                {
                    let now = ctx.input(|i| i.time);
                    self.view.scroll_to(c.span.start, Some(c.span), now);
                }
            }
            Command::SelectEntity { name, scroll } => {
                let again = name.is_some() && name == self.ui_state.selected_entity;
                self.ui_state.selected_entity = name;
                self.highlights_dirty = true;
                self.refresh_highlights();
                if scroll && !self.highlights.outlined.is_empty() {
                    // Step through the mentions on repeated clicks.
                    let n = self.highlights.outlined.len();
                    self.ui_state.entity_cursor = if again { (self.ui_state.entity_cursor + 1) % n } else { 0 };
                    let m = self.highlights.outlined[self.ui_state.entity_cursor];
                    self.view.scroll_to(m.start, Some(m), ctx.input(|i| i.time));
                }
            }
            Command::ToggleLabel(label) => {
                if let Some(s) = &mut self.session {
                    if let Some(i) = s.view.hidden.iter().position(|l| *l == label) {
                        s.view.hidden.remove(i);
                    } else {
                        s.view.hidden.push(label);
                    }
                    self.highlights_dirty = true;
                }
            }
            Command::SelectSuggestion(span) => {
                self.ui_state.current_suggestion = span;
                self.ui_state.suggestion_cursor = None;
                if let Some(span) = span {
                    self.view.scroll_to(span.start, Some(span), ctx.input(|i| i.time));
                }
                self.highlights_dirty = true;
            }
            Command::SetSuggestionThreshold(t) => {
                if let Some(s) = &mut self.session {
                    s.view.suggestion_threshold = t.clamp(0.0, 1.0);
                    s.refresh_suggestions();
                    self.highlights_dirty = true;
                }
            }
            Command::FilterClaims(filter) => {
                if filter.is_some() {
                    self.ui_state.side_tab = SideTab::Claims;
                }
                self.ui_state.bar_filter = filter;
            }
            Command::ToggleSuggestions => {
                self.prefs.hide_suggestions = !self.prefs.hide_suggestions;
                self.highlights_dirty = true;
            }
            Command::AskPath(purpose) => self.ask_path(ctx, purpose),
            Command::Notify(text) => self.notify(ctx, text, true),
            Command::ShowSpan(span) => self.view.scroll_to(span.start, Some(span), ctx.input(|i| i.time)),
            Command::RestoreRecovery(file) => self.restore_recovery(ctx, &file),
            Command::DiscardRecovery(file) => {
                let entry = io::recovery::RecoveryEntry { file, origin: None, modified: None };
                io::recovery::remove_entry(&entry);
            }
        }
    }

    fn restore_recovery(&mut self, ctx: &Context, file: &Path) {
        let entries = self.options.recovery_dir.as_deref().map(io::recovery::list).unwrap_or_default();
        let origin = entries.iter().find(|e| e.file == file).and_then(|e| e.origin.clone());
        match io::project_file::load(file) {
            Ok(project) => {
                self.install(ctx, project, origin, false);
                if let Some(s) = &mut self.session {
                    s.changed_outside_history = true;
                }
                io::recovery::remove_entry(&io::recovery::RecoveryEntry {
                    file: file.to_path_buf(),
                    origin: None,
                    modified: None,
                });
                self.last_recovery_write = None;
                self.notify(ctx, "Restored unsaved work. Save it to keep it.", false);
                self.update_title(ctx);
            }
            Err(e) => self.notify(ctx, format!("Cannot restore the recovery copy: {e}"), true),
        }
    }

    fn run_action(&mut self, ctx: &Context, action: Action) {
        match action {
            Action::Open => self.request(ctx, Pending::OpenDialog),
            Action::OpenPath => {
                self.modal = Some(Modal::Path { purpose: PromptPurpose::Open, text: String::new(), error: None });
            }
            Action::OpenSample => self.request(ctx, Pending::OpenSample),
            Action::Save => self.save(ctx),
            Action::SaveAs => self.save_as(ctx),
            Action::Quit => self.request(ctx, Pending::Quit),
            Action::Undo | Action::Redo => {
                let Some(s) = self.session.as_mut() else { return };
                let result = if action == Action::Undo {
                    s.history.undo(&mut s.project)
                } else {
                    s.history.redo(&mut s.project)
                };
                match result {
                    Ok(Some(label)) => {
                        s.refresh();
                        if let Some(id) = self.ui_state.selected_claim
                            && s.project.claim(id).is_none()
                        {
                            self.ui_state.selected_claim = None;
                        }
                        self.highlights_dirty = true;
                        self.sync_document(ctx);
                        let verb = if action == Action::Undo { "Undid" } else { "Redid" };
                        self.notify(ctx, format!("{verb}: {label}"), false);
                        self.update_title(ctx);
                    }
                    Ok(None) => {}
                    Err(e) => self.notify(ctx, format!("Cannot undo: {e}"), true),
                }
            }
            Action::TagClaim => match self.view.selection() {
                Some(sel) => self.apply(ctx, Command::TagClaim(sel)),
                None => self.notify(ctx, "Select the text of the claim first", false),
            },
            Action::DeleteClaim => {
                if let Some(id) = self.ui_state.selected_claim {
                    self.apply_edit(ctx, Edit::RemoveClaim { id }, "Delete claim", None);
                    self.ui_state.selected_claim = None;
                }
            }
            Action::Find => {
                self.find.open = true;
                self.find.focus = true;
                if let (Some(sel), Some(s)) = (self.view.selection(), &self.session) {
                    let t = &s.project.text()[sel];
                    if !t.contains('\n') && t.len() < 200 {
                        t.clone_into(&mut self.find.query);
                    }
                }
            }
            Action::FindNext | Action::FindPrevious => self.find_step(ctx, action == Action::FindNext),
            Action::ZoomIn => self.prefs.text_scale = (self.prefs.text_scale * 1.1).min(3.0),
            Action::ZoomOut => self.prefs.text_scale = (self.prefs.text_scale / 1.1).max(0.5),
            Action::ZoomReset => self.prefs.text_scale = 1.0,
            Action::Escape => {
                if self.find.open {
                    self.find.open = false;
                    self.find.computed_for = None;
                    self.highlights_dirty = true;
                } else if self.view.selection().is_some() {
                    self.view.set_selection(None);
                } else {
                    self.ui_state.selected_entity = None;
                    self.ui_state.selected_claim = None;
                    self.highlights_dirty = true;
                }
            }
            Action::Reanalyse => self.start_analysis(ctx),
            Action::NextSuggestion => self.step_suggestion(ctx),
            Action::AcceptSuggestion | Action::RejectSuggestion => {
                let Some(s) = &self.session else { return };
                let Some(span) =
                    self.ui_state.current_suggestion.filter(|c| s.suggestions.iter().any(|x| x.span == *c))
                else {
                    self.notify(ctx, "Press N to go to a suggested claim first", false);
                    return;
                };
                if action == Action::AcceptSuggestion {
                    let claim = new_claim(s, span, self.now(), ClaimOrigin::Suggested);
                    let id = claim.id;
                    self.apply_edit(ctx, Edit::AddClaim(Box::new(claim)), "Accept suggestion", None);
                    self.ui_state.selected_claim = Some(id);
                    self.ui_state.side_tab = SideTab::Claims;
                } else {
                    let text = s.project.text()[span].to_owned();
                    self.apply_edit(ctx, Edit::RejectSuggestion(text), "Reject suggestion", None);
                }
                // The next suggestion becomes current (A and R can go on at once), and N goes
                // to it rather than past it.
                self.ui_state.current_suggestion = Some(span);
                self.step_suggestion(ctx);
                self.ui_state.suggestion_cursor = Some(span.start);
            }
            Action::ToggleQuotes => {
                if let Some(s) = &mut self.session {
                    s.view.show_quotes = !s.view.show_quotes;
                    self.highlights_dirty = true;
                }
            }
            Action::Overview => self.ui_state.side_tab = SideTab::Overview,
            Action::Copy => {
                if let (Some(sel), Some(s)) = (self.view.selection(), &self.session) {
                    ctx.copy_text(s.project.text()[sel].to_owned());
                }
            }
        }
    }

    /// Step to the next visible suggestion after the current one (or after the top of the
    /// view), scroll to it and flash it.
    fn step_suggestion(&mut self, ctx: &Context) {
        let Some(s) = &self.session else { return };
        if s.analysis.is_none() {
            self.notify(ctx, "Suggestions are still being computed", false);
            return;
        }
        let after = match (self.ui_state.suggestion_cursor.take(), self.ui_state.current_suggestion) {
            (Some(cursor), _) => Some(cursor),
            (None, Some(c)) => Some(c.start),
            (None, None) => self.view.top_byte(&s.project.document).checked_sub(1),
        };
        let next = match after {
            Some(a) => s.suggestions.iter().find(|x| x.span.start > a).or_else(|| s.suggestions.first()),
            None => s.suggestions.first(),
        };
        if let Some(span) = next.map(|x| x.span) {
            self.ui_state.current_suggestion = Some(span);
            self.view.scroll_to(span.start, Some(span), ctx.input(|i| i.time));
        } else {
            self.ui_state.current_suggestion = None;
            self.notify(ctx, "No more suggestions at this threshold", false);
        }
        self.highlights_dirty = true;
    }

    fn find_step(&mut self, ctx: &Context, forward: bool) {
        if !self.find.open {
            self.find.open = true;
            self.find.focus = true;
            return;
        }
        let _ = self.refresh_find();
        let n = self.find.matches.len();
        if n == 0 {
            return;
        }
        let next = match self.find.current {
            None => 0,
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
        };
        self.find.current = Some(next);
        let m = self.find.matches[next];
        self.view.scroll_to(m.start, None, ctx.input(|i| i.time));
        self.highlights_dirty = true;
    }

    /// Recompute find matches if the query changed; true when it did (the view then shows the
    /// first match after the reading position at once, as the user types).
    pub fn refresh_find(&mut self) -> bool {
        let Some(s) = &self.session else { return false };
        let key = (self.find.query.clone(), self.find.case_sensitive);
        if self.find.computed_for.as_ref() == Some(&key) {
            return false;
        }
        self.find.computed_for = Some(key);
        self.find.matches.clear();
        self.find.current = None;
        self.highlights_dirty = true;
        if self.find.query.is_empty() {
            return true;
        }
        let pattern =
            format!("{}{}", if self.find.case_sensitive { "" } else { "(?i)" }, regex::escape(&self.find.query));
        if let Ok(re) = regex::Regex::new(&pattern) {
            self.find.matches = re.find_iter(s.project.text()).map(|m| ByteSpan::new(m.start(), m.end())).collect();
        }
        // Start at the first match after the top of the view.
        let top = self.view.top_byte(&s.project.document);
        if !self.find.matches.is_empty() {
            let i = self.find.matches.partition_point(|m| m.start < top) % self.find.matches.len();
            self.find.current = Some(i);
        }
        true
    }

    /// Rebuild the highlight overlay if anything it shows changed.
    pub fn refresh_highlights(&mut self) {
        if !self.highlights_dirty {
            return;
        }
        self.highlights_dirty = false;
        let Some(s) = &self.session else {
            self.highlights = Highlights::default();
            return;
        };
        let doc = &s.project.document;
        let text = s.project.text();
        let entities: Vec<Entity> =
            s.derived.entities.iter().copied().filter(|e| !s.view.hidden.contains(&e.label)).collect();
        let mut block_claims = vec![Vec::new(); doc.blocks.len()];
        for c in &s.project.claims {
            for b in doc.blocks_overlapping(c.span) {
                block_claims[b].push(ClaimMark { span: c.span, id: c.id });
            }
        }
        let outlined =
            self.ui_state.selected_entity.as_deref().map_or_else(Vec::new, |name| match s.derived.group_named(name) {
                Some(g) => g.mentions.clone(),
                None => s.derived.entities.iter().filter(|e| &text[e.span] == name).map(|e| e.span).collect(),
            });
        let (find_matches, find_current) =
            if self.find.open { (self.find.matches.clone(), self.find.current) } else { (Vec::new(), None) };
        let suggestions: Vec<ByteSpan> =
            if self.prefs.hide_suggestions { Vec::new() } else { s.suggestions.iter().map(|x| x.span).collect() };
        let current_suggestion = self.ui_state.current_suggestion.filter(|c| suggestions.contains(c));
        let mut quotes: Vec<ByteSpan> = match (&s.analysis, s.view.show_quotes) {
            // Direct quotations only: reported speech is whole sentences, which would tint
            // most of a news article (its speakers still feed the claimant proposals).
            (Some(a), true) => a.quotations.iter().filter(|q| q.direct).flat_map(|q| q.parts.iter().copied()).collect(),
            _ => Vec::new(),
        };
        quotes.sort_unstable();
        quotes.dedup_by(|b, a| {
            // Merge overlapping parts (nested quotations lie inside their outer quotation).
            if b.start <= a.end {
                a.end = a.end.max(b.end);
                true
            } else {
                false
            }
        });
        let changes = if self.ui_state.show_changes {
            s.project.article_versions.last().map_or_else(Vec::new, |v| {
                let mut c: Vec<ByteSpan> = v.changes.iter().map(|c| c.new).filter(|c| !c.is_empty()).collect();
                c.sort_unstable();
                c
            })
        } else {
            Vec::new()
        };
        self.highlights = Highlights {
            changes,
            entities,
            block_claims,
            selected_claim: self.ui_state.selected_claim,
            find_matches,
            find_current,
            outlined,
            suggestions,
            current_suggestion,
            quotes,
        };
    }

    /// Keep the window title in step with the file name and the unsaved mark.
    pub fn update_title(&mut self, ctx: &Context) {
        let title = match &self.session {
            Some(s) => format!("{}{} — ClaimLens", if s.is_dirty() { "● " } else { "" }, s.display_name()),
            None => "ClaimLens".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// Rebuild the highlights before the next frame.
    pub fn mark_highlights_dirty(&mut self) {
        self.highlights_dirty = true;
    }

    /// The highlights drawn over the article (for tests).
    #[must_use]
    pub fn highlights(&self) -> &Highlights {
        &self.highlights
    }

    /// The title shown (for tests).
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    fn write_recovery(&mut self, ctx: &Context) {
        if let Some(rx) = &self.recovery_errors {
            let errors: Vec<String> = rx.try_iter().collect();
            for e in errors {
                self.notify(ctx, e, true);
            }
        }
        let (Some(writer), Some(s)) = (&self.recovery, &self.session) else { return };
        let state = s.history.state_id() ^ (u64::from(s.changed_outside_history) << 63);
        if !s.is_dirty() {
            return;
        }
        if let Some((t, st)) = self.last_recovery_write
            && (st == state || t.elapsed() < RECOVERY_INTERVAL)
        {
            return;
        }
        self.last_recovery_write = Some((Instant::now(), state));
        writer.write(s.recovery_key(), s.path.clone(), s.project.clone());
    }

    fn handle_shortcuts(&mut self, ctx: &Context) {
        if self.modal.is_some() {
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                if let Some(Modal::Unsaved(p)) = self.modal.clone() {
                    self.answer_unsaved(ctx, p, None);
                } else {
                    self.modal = None;
                }
            }
            return;
        }
        let typing = ctx.egui_wants_keyboard_input() || self.typing_last_frame;
        // egui matches shortcuts "logically" (Ctrl+Z also matches Ctrl+Shift+Z), so the ones
        // with more modifiers must be tried first.
        let mut shortcuts: Vec<(&egui::KeyboardShortcut, Action)> = Action::ALL
            .iter()
            .filter(|info| !typing || info.in_text_fields)
            .flat_map(|info| info.shortcuts.iter().map(move |sc| (sc, info.action)))
            .collect();
        shortcuts.sort_by_key(|(sc, _)| {
            let m = sc.modifiers;
            std::cmp::Reverse(u8::from(m.shift) + u8::from(m.alt) + u8::from(m.command || m.ctrl || m.mac_cmd))
        });
        for (sc, action) in shortcuts {
            if ctx.input_mut(|i| i.consume_shortcut(sc)) {
                self.queue.push(Command::Action(action));
            }
        }
        // Digits 1–9 apply the codebook's codes with those shortcuts to the selected claim.
        if !typing && self.session.is_some() {
            const DIGITS: [egui::Key; 9] = [
                egui::Key::Num1,
                egui::Key::Num2,
                egui::Key::Num3,
                egui::Key::Num4,
                egui::Key::Num5,
                egui::Key::Num6,
                egui::Key::Num7,
                egui::Key::Num8,
                egui::Key::Num9,
            ];
            for (digit, key) in (1u8..).zip(DIGITS) {
                if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key)) {
                    match super::codebook_panel::shortcut_command(self, digit) {
                        Ok(cmd) => self.queue.push(cmd),
                        Err(msg) if !msg.is_empty() => self.notify(ctx, msg, false),
                        Err(_) => {}
                    }
                }
            }
        }
    }

    fn handle_close_and_drops(&mut self, ctx: &Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && !self.allowed_to_close
            && self.session.as_ref().is_some_and(Session::is_dirty)
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(Pending::Quit));
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        if let Some(path) = dropped.into_iter().next() {
            self.queue.push(Command::OpenPath(path));
        }
    }
}

/// Append `.claimlens.ron` unless the path already ends in `.ron`.
fn with_project_extension(path: PathBuf) -> PathBuf {
    with_extension_if_not_ron(path, crate::project::FILE_EXTENSION)
}

/// Append `.EXT` unless the path already ends in `.ron`.
fn with_extension_if_not_ron(path: PathBuf, ext: &str) -> PathBuf {
    if io::is_project_path(&path) {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(".");
        s.push(ext);
        PathBuf::from(s)
    }
}

fn expand_home(text: &str) -> PathBuf {
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    PathBuf::from(text)
}

fn log_line(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "claimlens: {text}");
}

/// A new claim over `span` (already snapped to words), its fields prefilled by the engine:
/// kind, claimant (linked to the canonical entity where there is one) and who asserts it.
/// Until the background analysis is ready only the kind is guessed.
#[must_use]
pub fn new_claim(session: &Session, span: ByteSpan, now: jiff::Timestamp, origin: ClaimOrigin) -> Claim {
    let project = &session.project;
    let mut claim = Claim::new(project.peek_claim_id(), project.text(), span, now);
    claim.origin = origin;
    match session.analysis.as_deref() {
        Some(analysis) => {
            let fill = assist::prefill(project, analysis, span);
            claim.kind = fill.kind;
            claim.claimant = fill.claimant;
            claim.claimant_entity = fill.claimant_entity;
            claim.asserted_by = fill.asserted_by;
        }
        None => claim.kind = assist::guess_kind(project.text(), span, &session.derived.entities),
    }
    claim
}

/// Spans of every whole-word occurrence of the entity's text (used by "select all mentions").
#[must_use]
pub fn mentions_of(text: &str, entity: &Entity) -> Vec<ByteSpan> {
    word_occurrences(text, &text[entity.span])
}

impl eframe::App for ClaimLensApp {
    fn logic(&mut self, ctx: &Context, _frame: &mut eframe::Frame) {
        if !self.started {
            self.first_frame(ctx);
        }
        self.poll_analysis(ctx);
        self.poll_dialog(ctx);
        self.handle_close_and_drops(ctx);
        self.handle_shortcuts(ctx);
        self.apply_commands(ctx);
        self.write_recovery(ctx);
        if self.analysis.is_some() || self.dialog.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if self.session.as_ref().is_some_and(Session::is_dirty) {
            ctx.request_repaint_after(RECOVERY_INTERVAL);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(s) = self.session.as_mut().filter(|s| s.scripts_without_fonts.is_none()) {
            s.scripts_without_fonts = Some(super::theme::scripts_without_fonts(ui.ctx(), s.project.text()));
        }
        if self.find.open
            && self.refresh_find()
            && let Some(m) = self.find.current.and_then(|i| self.find.matches.get(i).copied())
        {
            self.view.scroll_to(m.start, None, ui.input(|i| i.time));
        }
        self.refresh_highlights();
        super::panels::app_ui(self, ui);
        // Commands from this frame's widgets are applied at once, so the next frame shows them.
        let ctx = ui.ctx().clone();
        self.apply_commands(&ctx);
        self.update_title(&ctx);
        self.typing_last_frame = ctx.egui_wants_keyboard_input();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.remember_view();
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// The reading style for the current theme and zoom.
#[must_use]
pub fn reading_style(ctx: &Context, prefs: &Prefs) -> ReadingStyle {
    ReadingStyle::new(prefs.text_scale, ctx.global_style().visuals.dark_mode)
}
