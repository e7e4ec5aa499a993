//! [`ClaimLensApp`]: the eframe app, a thin shell. `logic` turns keys and finished background
//! jobs into [`Command`]s; `ui` lets the panels draw what they are given and collect the
//! commands they emit; [`ClaimLensApp::apply`] is the one place where a command changes
//! anything — the project (through [`crate::project::Edit`]s and the undo history) or what is
//! shown.
//!
//! File work and analysis run as background jobs ([`super::files`], [`super::jobs`]); the
//! highlights are a pure function of the session ([`super::highlights`]).

use std::path::PathBuf;
use std::time::Duration;

use egui::{Context, ViewportCommand};

use super::article_view::{ArticleView, Highlights, ReadingStyle};
use super::command::{Action, Command};
use super::files;
use super::jobs::{JobKind, Jobs};
use super::recovery::{self, Recovery};
use super::session::{Derived, Session};
use super::state::{Drafts, FindState, Modal, Notice, Pending, Prefs, PromptPurpose, SideTab, Status, UiState};
use super::{editing, shown};
use crate::nlp::Pipeline;
use crate::project::Project;

const PREFS_KEY: &str = "claimlens-prefs";

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

/// The ClaimLens window.
pub struct ClaimLensApp {
    /// The open project.
    pub session: Option<Session>,
    /// The article view.
    pub view: ArticleView,
    /// Preferences.
    pub prefs: Prefs,
    /// What is selected and shown.
    pub ui_state: UiState,
    /// The find bar.
    pub find: FindState,
    /// The open modal dialog.
    pub modal: Option<Modal>,
    /// Messages.
    pub notices: Vec<Notice>,
    /// Text being typed into fields that mean nothing until submitted.
    pub drafts: Drafts,
    /// What the status bar shows about work in progress.
    pub status: Status,
    /// The open corpus (its documents, parked sessions, search and claims).
    pub corpus: Option<super::corpus::CorpusState>,
    queue: Vec<Command>,
    highlights: Highlights,
    highlights_dirty: bool,
    jobs: Jobs,
    recovery: Recovery,
    options: AppOptions,
    /// A save that must succeed before this runs.
    after_save: Option<Pending>,
    /// Saving was asked for again while a save ran: save once more when it is done.
    save_again: bool,
    allowed_to_close: bool,
    title: String,
    next_session_id: u64,
    pipeline: Pipeline,
    started: bool,
    /// A text field had keyboard focus at the end of the last frame (egui drops focus on
    /// Escape before `logic` runs, so this tells that the Escape was for the field).
    typing_last_frame: bool,
    /// The widget with keyboard focus last frame: when focus moves, the undo step of the
    /// field left is closed.
    last_focus: Option<egui::Id>,
}

impl ClaimLensApp {
    /// Create the app (called by eframe or by a test harness).
    #[must_use]
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        cc.egui_ctx.set_fonts(super::theme::font_definitions());
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let prefs: Prefs = cc.storage.and_then(|s| eframe::get_value(s, PREFS_KEY)).unwrap_or_default();
        Self {
            session: None,
            view: ArticleView::new(),
            prefs,
            ui_state: UiState::default(),
            find: FindState::default(),
            modal: None,
            notices: Vec::new(),
            drafts: Drafts::default(),
            status: Status::default(),
            corpus: None,
            queue: Vec::new(),
            highlights: Highlights::default(),
            highlights_dirty: true,
            jobs: Jobs::default(),
            recovery: Recovery::new(options.recovery_dir.clone(), &cc.egui_ctx),
            options,
            after_save: None,
            save_again: false,
            allowed_to_close: false,
            title: String::new(),
            next_session_id: 1,
            pipeline: Pipeline::default(),
            started: false,
            typing_last_frame: false,
            last_focus: None,
        }
    }

    /// True while the article is analysed in the background.
    #[must_use]
    pub fn is_analysing(&self) -> bool {
        self.jobs.is_running(JobKind::Analysis)
    }

    /// True while any background job runs (opening, saving, exporting, analysing …).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.jobs.busy()
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

    fn notify(&mut self, ctx: &Context, text: impl Into<String>, error: bool) {
        super::state::post(&mut self.notices, ctx.input(|i| i.time), text, error);
    }

    /// Report an error that stopped a job from starting.
    fn check(&mut self, ctx: &Context, started: Result<(), String>) {
        if let Err(e) = started {
            self.notify(ctx, e, true);
        }
    }

    fn first_frame(&mut self, ctx: &Context) {
        self.started = true;
        if let Some(file) = self.options.file.clone() {
            self.apply(ctx, Command::OpenPath(file));
        } else if self.options.open_sample {
            self.open_sample(ctx);
        }
        // Recovery copies on disk now were left by an earlier run that did not close cleanly.
        if let Some(dir) = self.options.recovery_dir.clone() {
            let started = files::find_recovery(&mut self.jobs, ctx, dir);
            self.check(ctx, started);
        }
    }

    fn open_sample(&mut self, ctx: &Context) {
        match files::sample_project() {
            Ok(project) => self.install(ctx, project, None, None, true),
            Err(e) => self.notify(ctx, e, true),
        }
    }

    /// Keep how the open project is looked at (with the reading position) in the preferences.
    fn remember_view(&mut self) {
        let Some(s) = &self.session else { return };
        let mut view = s.view.clone();
        view.scroll_byte = self.view.top_byte(&s.project.document);
        self.prefs.remember_view(s.view_key(), view);
    }

    /// Make `project` the open one (saved at `path`, if it was); `analyse` finds its entities
    /// afresh, else only its suggestions and quotations are computed. `derived`: its derived
    /// data, when computed already (on a worker thread).
    fn install(
        &mut self,
        ctx: &Context,
        project: Project,
        derived: Option<Derived>,
        path: Option<PathBuf>,
        analyse: bool,
    ) {
        let id = self.next_session_id;
        self.next_session_id += 1;
        self.remember_view();
        if let Some(old) = &self.session {
            // Replacing a session means its changes were saved or the user chose to drop them.
            self.recovery.remove(old.recovery_key());
        }
        self.jobs.cancel_kind(JobKind::Analysis);
        let view = super::session::ViewState::default();
        let mut session = match derived {
            Some(d) => Session::with_derived(project, d, path, id, view),
            None => Session::new(project, path, id, view),
        };
        if let Some(v) = self.prefs.view(&session.view_key()) {
            session.view = v.clone();
        }
        self.session = Some(session);
        self.show_session(ctx, Some(!analyse));
    }

    /// Another session is shown (a corpus document): reset the view to it, analyse it if it
    /// has no analysis yet.
    fn shown_session_changed(&mut self, ctx: &Context) {
        self.jobs.cancel_kind(JobKind::Analysis);
        let keep = self.session.as_ref().is_some_and(|s| s.analysis.is_none()).then_some(true);
        self.show_session(ctx, keep);
    }

    /// Show the session just made the open one (`analyse`: analyse it, keeping its saved
    /// entities if true).
    fn show_session(&mut self, ctx: &Context, analyse: Option<bool>) {
        match &self.session {
            Some(session) => {
                let scroll = session.view.scroll_byte.min(session.project.text().len());
                self.view.reset(&session.project.document);
                if scroll > 0 {
                    self.view.scroll_to_top(scroll);
                }
            }
            None => self.view = ArticleView::new(),
        }
        self.ui_state = UiState::default();
        self.find.matches.clear();
        self.find.current = None;
        self.highlights_dirty = true;
        self.recovery.reset();
        if let Some(keep_entities) = analyse {
            self.analyse(ctx, keep_entities);
        }
        self.update_title(ctx);
    }

    /// Analyse the open article in the background; `keep_entities` keeps the project's saved
    /// automatic entities and only computes suggestions and quotations.
    fn analyse(&mut self, ctx: &Context, keep_entities: bool) {
        let Some(s) = &self.session else { return };
        let started = files::analyse(&mut self.jobs, ctx, &self.pipeline, s, keep_entities);
        self.status.analysis = if keep_entities { "Finding suggestions…" } else { "Finding entities…" }.into();
        self.check(ctx, started);
    }

    /// Apply every queued command, in order.
    pub fn apply_commands(&mut self, ctx: &Context) {
        while !self.queue.is_empty() {
            for cmd in std::mem::take(&mut self.queue) {
                self.apply(ctx, cmd);
            }
        }
    }

    /// Apply one command: the one place where the project or what is shown changes.
    #[allow(clippy::too_many_lines)]
    pub fn apply(&mut self, ctx: &Context, cmd: Command) {
        // The corpus: documents, switching between them, corpus search and claims.
        let top_byte = self.session.as_ref().map_or(0, |s| self.view.top_byte(&s.project.document));
        let parts = super::corpus::Parts {
            corpus: &mut self.corpus,
            session: &mut self.session,
            jobs: &mut self.jobs,
            queue: &mut self.queue,
            top_byte,
            next_session_id: &mut self.next_session_id,
            ctx,
        };
        let cmd = match super::corpus::apply(parts, cmd) {
            Ok(super::corpus::Outcome::Done) => return,
            Ok(super::corpus::Outcome::Switched) => return self.shown_session_changed(ctx),
            Err(cmd) => cmd,
        };
        let now = self.now();
        let time = ctx.input(|i| i.time);
        // What is shown (selection, layers, filters, tabs, find): its own reducer.
        let parts = shown::Parts {
            session: self.session.as_mut(),
            ui: &mut self.ui_state,
            find: &mut self.find,
            prefs: &mut self.prefs,
            view: &mut self.view,
            notices: &mut self.notices,
            drafts: &mut self.drafts,
            time,
        };
        let cmd = match shown::apply(parts, cmd) {
            Ok(redraw) => {
                self.highlights_dirty |= redraw;
                return;
            }
            Err(cmd) => cmd,
        };
        // The project: edits with undo.
        let cmd = match self.session.as_mut() {
            Some(session) => {
                let parts = editing::Parts {
                    session,
                    ui: &mut self.ui_state,
                    view: &mut self.view,
                    find: &mut self.find,
                    notices: &mut self.notices,
                    status: &mut self.status,
                    time,
                    now,
                };
                match editing::apply(parts, cmd) {
                    Ok(out) => {
                        self.highlights_dirty |= out.redraw;
                        if let Some(keep_entities) = out.analyse {
                            self.analyse(ctx, keep_entities);
                        }
                        return self.update_title(ctx);
                    }
                    Err(cmd) => cmd,
                }
            }
            None => cmd,
        };
        match cmd {
            Command::Action(a) => self.run_action(ctx, a),
            // A codebook opened (double-clicked, dropped) is merged into the open project's.
            Command::OpenPath(p) if files::is_codebook_path(&p) => match &self.session {
                Some(s) => {
                    let started = files::import_codebook(&mut self.jobs, ctx, s, p);
                    self.check(ctx, started);
                }
                None => self.notify(
                    ctx,
                    format!("{} is a codebook: open a project, then import it with Codes ▸ Import…", p.display()),
                    true,
                ),
            },
            Command::OpenPath(p) => self.request(ctx, Pending::Open(p)),
            Command::SaveTo(p) => self.save_to(ctx, p),
            Command::Notify(text) => self.notify(ctx, text, true),
            Command::Inform(text) => self.notify(ctx, text, false),
            Command::AskPath(purpose) => self.ask_path(ctx, purpose),
            Command::SubmitPath(purpose, text) => self.submit_path(ctx, purpose, &text),
            Command::AnswerUnsaved(pending, answer) => self.answer_unsaved(ctx, pending, answer),
            Command::CloseModal => match self.modal.take() {
                Some(Modal::Unsaved(p)) => self.answer_unsaved(ctx, p, None),
                _ => self.after_save = None,
            },
            Command::RestoreRecovery(file) => {
                self.modal = None;
                let started = files::load_recovery(&mut self.jobs, ctx, self.options.recovery_dir.clone(), file);
                self.check(ctx, started);
            }
            Command::DiscardRecovery(file) => {
                self.forget_recovery_entry(&file);
                io_remove_recovery(file);
            }
            Command::CancelJob(id) => self.jobs.cancel(id),
            Command::Batch(cmds) => cmds.into_iter().for_each(|c| self.apply(ctx, c)),
            Command::ForSession(id, cmd) if self.session.as_ref().is_some_and(|s| s.id == id) => {
                self.apply(ctx, *cmd);
            }
            Command::Opened { path, result } => match result.map(|b| *b) {
                Ok(files::OpenedFile::Article { project, encoding_guessed }) => {
                    let (project, derived) = *project;
                    let encoding = project.source.encoding.clone();
                    self.install(ctx, project, Some(derived), None, true);
                    if let Some(s) = &mut self.session {
                        s.encoding_guessed = encoding_guessed;
                    }
                    if encoding_guessed {
                        self.notify(ctx, format!("Opened {} (encoding assumed: {encoding})", path.display()), false);
                    }
                    self.prefs.remember_recent(&path);
                }
                // Applied by `corpus::apply` before a command gets here.
                Ok(files::OpenedFile::Corpus(_)) => {}
                Ok(files::OpenedFile::Project { project, source_changed }) => {
                    let (project, derived) = *project;
                    self.install(ctx, project, Some(derived), Some(path.clone()), false);
                    self.ui_state.source_changed = source_changed;
                    self.prefs.remember_recent(&path);
                }
                Err(e) => self.notify(ctx, format!("Cannot open {e}"), true),
            },
            Command::Saved { session_id, path, state_id, result } => {
                self.saved(ctx, session_id, path, state_id, result);
            }
            Command::DialogClosed { purpose, path, quick } => match path {
                Some(path) => {
                    if let Err(e) = self.use_path(ctx, purpose, path) {
                        self.notify(ctx, e, true);
                    }
                }
                // No native dialog could be shown (no portal): ask in the window instead.
                None if quick => self.prompt(purpose),
                None => self.after_save = None,
            },
            Command::RecoveryFound(entries) if !entries.is_empty() => self.modal = Some(Modal::Recovery(entries)),
            Command::RecoveryLoaded { file, origin, result } => match result {
                Ok(project) => {
                    self.install(ctx, *project, None, origin, false);
                    if let Some(s) = &mut self.session {
                        s.changed_outside_history = true;
                    }
                    io_remove_recovery(file);
                    self.notify(ctx, "Restored unsaved work. Save it to keep it.", false);
                    self.update_title(ctx);
                }
                Err(e) => self.notify(ctx, format!("Cannot restore the recovery copy: {e}"), true),
            },
            // Without an open project (or the session it was for), commands about it have
            // nothing to act on; nor does an empty list of recovery copies.
            _ => {}
        }
    }

    fn run_action(&mut self, ctx: &Context, action: Action) {
        match action {
            Action::Open => self.request(ctx, Pending::OpenDialog),
            Action::OpenPath => self.prompt(PromptPurpose::Open),
            Action::OpenSample => self.request(ctx, Pending::OpenSample),
            Action::Save => match self.session.as_ref().map(|s| s.path.clone()) {
                Some(Some(path)) => self.save_to(ctx, path),
                Some(None) => self.ask_path(ctx, PromptPurpose::SaveAs),
                None => {}
            },
            Action::SaveAs => {
                if self.session.is_some() {
                    self.ask_path(ctx, PromptPurpose::SaveAs);
                }
            }
            Action::Quit => self.request(ctx, Pending::Quit),
            Action::Reanalyse => self.analyse(ctx, false),
            Action::Copy => {
                if let (Some(sel), Some(s)) = (self.view.selection(), &self.session) {
                    ctx.copy_text(s.project.text()[sel].to_owned());
                }
            }
            // Applied by `shown::apply` and `editing::apply` before a command gets here.
            Action::Undo
            | Action::Redo
            | Action::TagClaim
            | Action::DeleteClaim
            | Action::NextSuggestion
            | Action::AcceptSuggestion
            | Action::RejectSuggestion
            | Action::Find
            | Action::FindNext
            | Action::FindPrevious
            | Action::ZoomIn
            | Action::ZoomOut
            | Action::ZoomReset
            | Action::Escape
            | Action::ToggleQuotes
            | Action::Overview
            | Action::OpenCorpus
            | Action::AddDocuments
            | Action::NewCorpusFromArticle
            | Action::AddToCorpus
            | Action::NextDocument
            | Action::PreviousDocument => {}
        }
    }

    // ---------------------------------------------------------------------------------------
    // Files: each a background job whose result comes back as a command.

    fn save_to(&mut self, ctx: &Context, path: PathBuf) {
        if self.jobs.is_running(JobKind::Save) {
            self.save_again = true;
            return;
        }
        let Some(s) = self.session.as_mut() else { return };
        s.history.seal();
        let started = files::save(&mut self.jobs, ctx, s, path);
        self.check(ctx, started);
    }

    fn saved(&mut self, ctx: &Context, session_id: u64, path: PathBuf, state_id: u64, result: Result<(), String>) {
        let Some(s) = self.session.as_mut().filter(|s| s.id == session_id) else { return };
        if let Err(e) = result {
            self.after_save = None;
            self.save_again = false;
            return self.notify(ctx, format!("Could not save: {e}. Your work is still open here."), true);
        }
        let old_key = s.recovery_key();
        s.path = Some(path.clone());
        s.saved_state = state_id;
        s.changed_outside_history = false;
        let key = s.recovery_key();
        if !s.is_dirty() {
            self.recovery.remove(old_key);
            self.recovery.remove(key);
        }
        self.prefs.remember_recent(&path);
        // The view is now kept under the project file's name.
        self.remember_view();
        self.notify(ctx, format!("Saved {}", path.display()), false);
        self.update_title(ctx);
        if std::mem::take(&mut self.save_again) {
            self.save_to(ctx, path);
        } else if let Some(next) = self.after_save.take() {
            self.run_pending(ctx, next);
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
    fn run_pending(&mut self, ctx: &Context, pending: Pending) {
        match pending {
            Pending::Open(path) => {
                let now = self.now();
                let started = files::open(&mut self.jobs, ctx, path, now);
                self.check(ctx, started);
            }
            Pending::OpenDialog => self.ask_path(ctx, PromptPurpose::Open),
            Pending::OpenSample => self.open_sample(ctx),
            Pending::Quit => {
                self.allowed_to_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// The answer to "Save changes?": save (then continue), discard (then continue), or cancel.
    fn answer_unsaved(&mut self, ctx: &Context, pending: Pending, save: Option<bool>) {
        self.modal = None;
        match save {
            None => {}
            Some(true) => {
                self.after_save = Some(pending);
                self.run_action(ctx, Action::Save);
            }
            Some(false) => {
                // The changes are dropped only when the session is actually replaced (see
                // `install`) or the window closes: if opening the other file fails, the work
                // stays open, still marked unsaved.
                if pending == Pending::Quit
                    && let Some(s) = &self.session
                {
                    self.recovery.remove(s.recovery_key());
                }
                self.run_pending(ctx, pending);
            }
        }
    }

    /// Show the in-app path prompt for `purpose`, with the suggested path typed in.
    fn prompt(&mut self, purpose: PromptPurpose) {
        let suggested = files::suggested_path(self.session.as_ref(), purpose);
        self.drafts.path = suggested.map(|p| p.display().to_string()).unwrap_or_default();
        self.modal = Some(Modal::Path { purpose, error: None });
    }

    /// Ask for a path: the native dialog on a worker thread, or the in-app prompt where no
    /// native dialog can be shown.
    fn ask_path(&mut self, ctx: &Context, purpose: PromptPurpose) {
        if self.options.no_native_dialogs {
            return self.prompt(purpose);
        }
        let suggested = files::suggested_path(self.session.as_ref(), purpose);
        let started = files::native_dialog(&mut self.jobs, ctx, purpose, suggested);
        self.check(ctx, started);
    }

    /// The path prompt was confirmed: use the path, or show what is wrong with it.
    fn submit_path(&mut self, ctx: &Context, purpose: PromptPurpose, text: &str) {
        let result = if text.trim().is_empty() {
            Err("Type a path".to_owned())
        } else {
            self.modal = None;
            self.use_path(ctx, purpose, files::expand_home(text.trim()))
        };
        if let Err(error) = result {
            self.drafts.path = text.to_owned();
            self.modal = Some(Modal::Path { purpose, error: Some(error) });
        }
    }

    /// Do what `purpose` asked for with `path`; an error is for the prompt to show.
    fn use_path(&mut self, ctx: &Context, purpose: PromptPurpose, path: PathBuf) -> Result<(), String> {
        let now = self.now();
        match files::use_path(&mut self.jobs, ctx, self.session.as_ref(), purpose, path, now)? {
            files::PathUse::Started => {}
            files::PathUse::Open(path) => self.request(ctx, Pending::Open(path)),
            files::PathUse::Save(path) => self.save_to(ctx, path),
            files::PathUse::Corpus(p, path) => {
                self.queue.push(Command::Corpus(super::corpus::CorpusCommand::PathChosen(p, path)));
            }
        }
        Ok(())
    }

    fn forget_recovery_entry(&mut self, file: &std::path::Path) {
        if let Some(Modal::Recovery(entries)) = &mut self.modal {
            entries.retain(|(e, _)| e.file != file);
            if entries.is_empty() {
                self.modal = None;
            }
        }
    }

    /// Rebuild the highlights if anything they show changed.
    fn refresh_highlights(&mut self) {
        if !self.highlights_dirty {
            return;
        }
        self.highlights_dirty = false;
        self.highlights = self.session.as_ref().map_or_else(Highlights::default, |s| {
            super::highlights::build(
                s,
                &super::highlights::Shown {
                    selected_claim: self.ui_state.selected_claim,
                    selected_entity: self.ui_state.selected_entity.as_deref(),
                    current_suggestion: self.ui_state.current_suggestion,
                    suggestions: !self.prefs.hide_suggestions,
                    changes: self.ui_state.show_changes,
                    find: self.find.open.then_some((self.find.matches.as_slice(), self.find.current)),
                },
            )
        });
    }

    /// Keep the window title in step with the file name and the unsaved mark.
    fn update_title(&mut self, ctx: &Context) {
        let title = match &self.session {
            Some(s) => format!("{}{} — ClaimLens", if s.is_dirty() { "● " } else { "" }, s.display_name()),
            None => "ClaimLens".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
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
        let dropped: Option<PathBuf> = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()));
        if let Some(path) = dropped {
            self.queue.push(Command::OpenPath(path));
        }
    }
}

fn io_remove_recovery(file: PathBuf) {
    crate::io::recovery::remove_entry(&crate::io::recovery::RecoveryEntry { file, origin: None, modified: None });
}

impl eframe::App for ClaimLensApp {
    fn logic(&mut self, ctx: &Context, _frame: &mut eframe::Frame) {
        if !self.started {
            self.first_frame(ctx);
        }
        let done = self.jobs.poll();
        self.queue.extend(done);
        self.handle_close_and_drops(ctx);
        // Leaving a field closes its undo step: coming back to it starts a new one.
        let focus = ctx.memory(egui::Memory::focused);
        if focus != self.last_focus {
            self.last_focus = focus;
            if let Some(s) = &mut self.session {
                s.history.seal();
            }
        }
        let typing = ctx.egui_wants_keyboard_input() || self.typing_last_frame;
        let keys = super::shortcuts::commands(ctx, typing, self.modal.is_some());
        self.queue.extend(keys);
        self.apply_commands(ctx);
        for e in self.recovery.tick(self.session.as_ref()) {
            self.notify(ctx, e, true);
        }
        self.status.jobs = self.jobs.status();
        if self.jobs.busy() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        if self.session.as_ref().is_some_and(Session::is_dirty) {
            ctx.request_repaint_after(recovery::INTERVAL);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if let Some(s) = self.session.as_mut() {
            if s.scripts_without_fonts.is_none() {
                s.scripts_without_fonts = Some(super::theme::scripts_without_fonts(&ctx, s.project.text()));
            }
            // What the side panel's tab shows, computed only when it changed.
            match self.ui_state.side_tab {
                SideTab::Overview => s.ensure_overview(),
                SideTab::Claims => s.ensure_claim_list(self.ui_state.bar_filter.as_ref().map(|(_, b)| b)),
                SideTab::Entities => s.ensure_entity_list(&self.drafts.entities_filter, self.drafts.entities_by_name),
                SideTab::Codes => {}
            }
        }
        if let Some(c) = &mut self.corpus {
            c.prepare();
        }
        self.refresh_highlights();
        let frame = super::panels::Frame {
            session: self.session.as_ref(),
            prefs: &self.prefs,
            ui: &self.ui_state,
            find: &self.find,
            notices: &self.notices,
            modal: self.modal.as_ref(),
            status: &self.status,
            selection: self.view.selection(),
            now: self.now(),
            style: reading_style(&ctx, &self.prefs),
            corpus: self.corpus.as_ref(),
        };
        super::panels::app_ui(ui, &frame, &mut self.view, &self.highlights, &mut self.drafts, &mut self.queue);
        // Commands from this frame's widgets are applied at once, so the next frame shows them.
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
