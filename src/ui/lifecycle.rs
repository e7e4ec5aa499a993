//! The life of the open project: opening, analysing, saving, the "Save changes?" question,
//! path prompts and dialogs, recovery copies, closing the window. Each step that touches a
//! file is a background job ([`super::files`]); its result comes back as a [`Command`] that
//! [`Flow::apply`] finishes here.
//!
//! [`Files`] is what this part of the app keeps between frames (jobs in flight, what waits on
//! a save); [`Flow`] borrows it together with the app state it changes for one command.

use std::path::{Path, PathBuf};

use egui::{Context, ViewportCommand};

use super::article_view::ArticleView;
use super::command::{Action, Command};
use super::files;
use super::jobs::{JobKind, Jobs};
use super::recovery::Recovery;
use super::session::{Derived, Session, ViewState};
use super::state::{Drafts, FindState, Modal, Notice, Pending, Prefs, PromptPurpose, Status, UiState};
use crate::nlp::Pipeline;
use crate::project::Project;

/// What the file side of the app keeps between frames.
pub struct Files {
    /// Background jobs (opening, saving, analysing …).
    pub jobs: Jobs,
    /// Recovery copies of unsaved work.
    pub recovery: Recovery,
    /// Folder for recovery copies.
    pub recovery_dir: Option<PathBuf>,
    /// Never show native dialogs (tests).
    pub no_native_dialogs: bool,
    /// The window may close: the unsaved-changes question was answered.
    pub allowed_to_close: bool,
    /// A save that must succeed before this runs.
    after_save: Option<Pending>,
    /// Saving was asked for again while a save ran: save once more when it is done.
    save_again: bool,
    /// Where new session numbers come from (the corpus makes sessions too).
    pub next_session_id: u64,
    pipeline: Pipeline,
}

impl Files {
    /// Nothing in flight; recovery copies go to `recovery_dir`.
    #[must_use]
    pub fn new(recovery_dir: Option<PathBuf>, no_native_dialogs: bool, ctx: &Context) -> Self {
        Self {
            jobs: Jobs::default(),
            recovery: Recovery::new(recovery_dir.clone(), ctx),
            recovery_dir,
            no_native_dialogs,
            allowed_to_close: false,
            after_save: None,
            save_again: false,
            next_session_id: 1,
            pipeline: Pipeline::default(),
        }
    }
}

/// What the app must do after a command was applied here.
#[derive(Debug, Default)]
pub struct Out {
    /// The highlights must be rebuilt.
    pub redraw: bool,
    /// Commands to apply next (corpus work chosen in the path prompt).
    pub commands: Vec<Command>,
}

/// [`Files`] with the app state a file command changes, for one command.
pub struct Flow<'a> {
    /// Jobs and what waits on them.
    pub files: &'a mut Files,
    /// The open project.
    pub session: &'a mut Option<Session>,
    /// The article view.
    pub view: &'a mut ArticleView,
    /// Preferences (recent files, view states).
    pub prefs: &'a mut Prefs,
    /// What is selected and shown (reset when another project opens).
    pub ui: &'a mut UiState,
    /// The find bar (its matches belong to the old text).
    pub find: &'a mut FindState,
    /// The open modal.
    pub modal: &'a mut Option<Modal>,
    /// Messages.
    pub notices: &'a mut Vec<Notice>,
    /// The path prompt's text.
    pub drafts: &'a mut Drafts,
    /// Work in progress.
    pub status: &'a mut Status,
    /// The clock.
    pub now: jiff::Timestamp,
    /// The window.
    pub ctx: &'a Context,
    /// What the app must do afterwards.
    pub out: Out,
}

impl Flow<'_> {
    /// Apply `cmd` if it is about files, jobs or the project's life; give it back otherwise.
    ///
    /// # Errors
    /// The command, when it is not one of these.
    // The command given back is moved on to the next reducer at once, never stored.
    #[allow(clippy::result_large_err)]
    pub fn apply(&mut self, cmd: Command) -> Result<(), Command> {
        match cmd {
            Command::Action(a) => return self.action(a),
            // A codebook opened (double-clicked, dropped) is merged into the open project's.
            Command::OpenPath(p) if files::is_codebook_path(&p) => match self.session.as_ref() {
                Some(s) => {
                    let started = files::import_codebook(&mut self.files.jobs, self.ctx, s, p);
                    self.check(started);
                }
                None => self.notify(
                    format!("{} is a codebook: open a project, then import it with Codes ▸ Import…", p.display()),
                    true,
                ),
            },
            // A web address dropped or picked from the recent files opens as a web page.
            Command::OpenPath(p) => match crate::io::Location::from_os(p.as_os_str()) {
                crate::io::Location::Url(url) => self.request(Pending::OpenUrl(url)),
                _ => self.request(Pending::Open(p)),
            },
            Command::Sources(super::sources::SourcesCommand::Pasted { text, html }) => {
                self.request(Pending::Paste(text, html));
            }
            Command::SaveTo(p) => self.save_to(p),
            Command::AskPath(purpose) => self.ask_path(purpose),
            Command::SubmitPath(purpose, text) => self.submit_path(purpose, &text),
            Command::AnswerUnsaved(pending, answer) => self.answer_unsaved(pending, answer),
            Command::CloseModal => match self.modal.take() {
                Some(Modal::Unsaved(p)) => self.answer_unsaved(p, None),
                _ => self.files.after_save = None,
            },
            Command::RestoreRecovery(file) => {
                *self.modal = None;
                let dir = self.files.recovery_dir.clone();
                let started = files::load_recovery(&mut self.files.jobs, self.ctx, dir, file);
                self.check(started);
            }
            Command::DiscardRecovery(file) => {
                self.forget_recovery_entry(&file);
                remove_recovery(file);
            }
            Command::CancelJob(id) => self.files.jobs.cancel(id),
            Command::Opened { path, result } => self.opened(&path, result.map(|b| *b)),
            Command::Saved { session_id, path, state_id, result } => self.saved(session_id, path, state_id, result),
            Command::DialogClosed { purpose, path, quick } => match path {
                Some(path) => {
                    if let Err(e) = self.use_path(purpose, path) {
                        self.notify(e, true);
                    }
                }
                // No native dialog could be shown (no portal): ask in the window instead.
                None if quick => self.prompt(purpose),
                None => self.files.after_save = None,
            },
            Command::RecoveryFound(entries) => {
                if !entries.is_empty() {
                    *self.modal = Some(Modal::Recovery(entries));
                }
            }
            Command::RecoveryLoaded { file, origin, result } => match result {
                Ok(project) => {
                    self.install(*project, None, origin, false);
                    if let Some(s) = self.session.as_mut() {
                        s.changed_outside_history = true;
                    }
                    remove_recovery(file);
                    self.notify("Restored unsaved work. Save it to keep it.", false);
                }
                Err(e) => self.notify(format!("Cannot restore the recovery copy: {e}"), true),
            },
            other => return Err(other),
        }
        Ok(())
    }

    #[allow(clippy::result_large_err)]
    fn action(&mut self, action: Action) -> Result<(), Command> {
        match action {
            Action::Open => self.request(Pending::OpenDialog),
            Action::OpenPath => self.prompt(PromptPurpose::Open),
            Action::OpenUrl => self.prompt(PromptPurpose::OpenUrl),
            Action::PasteArticle | Action::UpdateFromUrl | Action::FactCheckLibrary => {
                return Err(Command::Sources(super::sources::SourcesCommand::Action(action)));
            }
            Action::OpenSample => self.request(Pending::OpenSample),
            Action::Save => match self.session.as_ref().map(|s| s.path.clone()) {
                Some(Some(path)) => self.save_to(path),
                Some(None) => self.ask_path(PromptPurpose::SaveAs),
                None => {}
            },
            Action::SaveAs => {
                if self.session.is_some() {
                    self.ask_path(PromptPurpose::SaveAs);
                }
            }
            Action::Quit => self.request(Pending::Quit),
            Action::Reanalyse => self.analyse(false),
            other => return Err(Command::Action(other)),
        }
        Ok(())
    }

    fn notify(&mut self, text: impl Into<String>, error: bool) {
        super::state::post(self.notices, self.ctx.input(|i| i.time), text, error);
    }

    /// Report an error that stopped a job from starting.
    fn check(&mut self, started: Result<(), String>) {
        if let Err(e) = started {
            self.notify(e, true);
        }
    }

    /// The first frame: open the file asked for (or the sample), look for recovery copies
    /// left by an earlier run that did not close cleanly.
    pub fn start(&mut self, file: Option<PathBuf>, open_sample: bool) {
        if let Some(file) = file {
            // Through `apply`, so that a codebook given on the command line is merged.
            let _ = self.apply(Command::OpenPath(file));
        } else if open_sample {
            self.open_sample();
        }
        if let Some(dir) = self.files.recovery_dir.clone() {
            let started = files::find_recovery(&mut self.files.jobs, self.ctx, dir);
            self.check(started);
        }
    }

    fn open_sample(&mut self) {
        match files::sample_project() {
            Ok(project) => self.install(project, None, None, true),
            Err(e) => self.notify(e, true),
        }
    }

    fn opened(&mut self, path: &Path, result: Result<files::OpenedFile, String>) {
        match result {
            Ok(files::OpenedFile::Article { project, encoding_guessed, copy }) => {
                let (project, derived) = *project;
                let encoding = project.source.encoding.clone();
                self.install(project, Some(derived), None, true);
                if let Some(s) = self.session.as_mut() {
                    s.encoding_guessed = encoding_guessed;
                    s.source_copy = copy;
                }
                if encoding_guessed {
                    self.notify(format!("Opened {} (encoding assumed: {encoding})", path.display()), false);
                }
                // Pasted text has no path to open again.
                if !path.as_os_str().is_empty() {
                    self.prefs.remember_recent(path);
                }
            }
            // Opened by `corpus::apply` before a command gets here.
            Ok(files::OpenedFile::Corpus(_)) => {}
            Ok(files::OpenedFile::Project { project, source_changed }) => {
                let (project, derived) = *project;
                self.install(project, Some(derived), Some(path.to_path_buf()), false);
                self.ui.source_changed = source_changed;
                self.prefs.remember_recent(path);
            }
            Err(e) => self.notify(format!("Cannot open {e}"), true),
        }
    }

    /// Keep how the open project is looked at (with the reading position) in the preferences.
    pub fn remember_view(&mut self) {
        remember_view(self.session.as_ref(), self.view, self.prefs);
    }

    /// Make `project` the open one (saved at `path`, if it was); `analyse` finds its entities
    /// afresh, else only its suggestions and quotations are computed. `derived`: its derived
    /// data, when computed already (on a worker thread).
    pub fn install(&mut self, project: Project, derived: Option<Derived>, path: Option<PathBuf>, analyse: bool) {
        let id = self.files.next_session_id;
        self.files.next_session_id += 1;
        self.remember_view();
        if let Some(old) = self.session.as_ref() {
            // Replacing a session means its changes were saved or the user chose to drop them.
            self.files.recovery.remove(old.recovery_key());
        }
        self.files.jobs.cancel_kind(JobKind::Analysis);
        let mut session = match derived {
            Some(d) => Session::with_derived(project, d, path, id, ViewState::default()),
            None => Session::new(project, path, id, ViewState::default()),
        };
        if let Some(v) = self.prefs.view(&session.view_key()) {
            session.view = v.clone();
        }
        *self.session = Some(session);
        self.show_session(Some(!analyse));
    }

    /// Another session is shown now (a corpus document): reset the view to it, and analyse it
    /// (keeping its saved entities) if it has no analysis yet.
    pub fn shown_session_changed(&mut self) {
        self.files.jobs.cancel_kind(JobKind::Analysis);
        let keep = self.session.as_ref().is_some_and(|s| s.analysis.is_none()).then_some(true);
        self.show_session(keep);
    }

    /// Show the session just made the open one: the view at its reading position, nothing
    /// selected; `analyse`: analyse it, keeping its saved entities if true.
    fn show_session(&mut self, analyse: Option<bool>) {
        match self.session.as_ref() {
            Some(session) => {
                let scroll = session.view.scroll_byte.min(session.project.text().len());
                self.view.reset(&session.project.document);
                if scroll > 0 {
                    self.view.scroll_to_top(scroll);
                }
            }
            None => *self.view = ArticleView::new(),
        }
        *self.ui = UiState::default();
        self.find.matches.clear();
        self.find.current = None;
        self.out.redraw = true;
        self.files.recovery.reset();
        if let Some(keep_entities) = analyse {
            self.analyse(keep_entities);
        }
    }

    /// Analyse the open article in the background; `keep_entities` keeps the project's saved
    /// automatic entities and only computes suggestions and quotations.
    pub fn analyse(&mut self, keep_entities: bool) {
        let Some(s) = self.session.as_ref() else { return };
        let started = files::analyse(&mut self.files.jobs, self.ctx, &self.files.pipeline, s, keep_entities);
        self.status.analysis = if keep_entities { "Finding suggestions…" } else { "Finding entities…" }.into();
        self.check(started);
    }

    fn save_to(&mut self, path: PathBuf) {
        if self.files.jobs.is_running(JobKind::Save) {
            self.files.save_again = true;
            return;
        }
        let Some(s) = self.session.as_mut() else { return };
        s.history.seal();
        let started = files::save(&mut self.files.jobs, self.ctx, s, path);
        self.check(started);
    }

    fn saved(&mut self, session_id: u64, path: PathBuf, state_id: u64, result: Result<(), String>) {
        let Some(s) = self.session.as_mut().filter(|s| s.id == session_id) else {
            // A document of the corpus saved when it was left: its recovery copy (kept under
            // its path) goes too, or a crash later would offer work that is saved.
            if result.is_ok() {
                self.files.recovery.remove(crate::io::recovery::key_for(Some(&path), ""));
            }
            return;
        };
        if let Err(e) = result {
            self.files.after_save = None;
            self.files.save_again = false;
            return self.notify(format!("Could not save: {e}. Your work is still open here."), true);
        }
        let old_key = s.recovery_key();
        s.path = Some(path.clone());
        s.saved_state = state_id;
        s.changed_outside_history = false;
        let key = s.recovery_key();
        if !s.is_dirty() {
            self.files.recovery.remove(old_key);
            self.files.recovery.remove(key);
        }
        self.prefs.remember_recent(&path);
        // The view is now kept under the project file's name.
        self.remember_view();
        self.notify(format!("Saved {}", path.display()), false);
        if std::mem::take(&mut self.files.save_again) {
            self.save_to(path);
        } else if let Some(next) = self.files.after_save.take() {
            self.run_pending(next);
        }
    }

    /// Run `pending` now, or after asking about unsaved changes.
    fn request(&mut self, pending: Pending) {
        if self.session.as_ref().is_some_and(Session::is_dirty) {
            *self.modal = Some(Modal::Unsaved(pending));
        } else {
            self.run_pending(pending);
        }
    }

    /// Carry out an action whose unsaved-changes question has been answered.
    fn run_pending(&mut self, pending: Pending) {
        match pending {
            Pending::Open(path) => {
                let started = files::open(&mut self.files.jobs, self.ctx, path, self.now);
                self.check(started);
            }
            Pending::OpenUrl(url) => {
                let started = super::sources::open_url(&mut self.files.jobs, self.ctx, url);
                self.check(started);
            }
            Pending::Paste(text, html) => {
                let started = super::sources::open_pasted(&mut self.files.jobs, self.ctx, text, html, self.now);
                self.check(started);
            }
            Pending::OpenDialog => self.ask_path(PromptPurpose::Open),
            Pending::OpenSample => self.open_sample(),
            Pending::Quit => {
                self.files.allowed_to_close = true;
                self.ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// The answer to "Save changes?": save (then continue), discard (then continue), or cancel.
    fn answer_unsaved(&mut self, pending: Pending, save: Option<bool>) {
        *self.modal = None;
        match save {
            None => {}
            Some(true) => {
                self.files.after_save = Some(pending);
                // Saving is one of this module's actions: it cannot come back unapplied.
                let _ = self.action(Action::Save);
            }
            Some(false) => {
                // The changes are dropped only when the session is actually replaced (see
                // `install`) or the window closes: if opening the other file fails, the work
                // stays open, still marked unsaved.
                if pending == Pending::Quit
                    && let Some(s) = self.session.as_ref()
                {
                    self.files.recovery.remove(s.recovery_key());
                }
                self.run_pending(pending);
            }
        }
    }

    /// Show the in-app path prompt for `purpose`, with the suggested path typed in.
    fn prompt(&mut self, purpose: PromptPurpose) {
        let suggested = files::suggested_path(self.session.as_ref(), purpose);
        self.drafts.path = suggested.map(|p| p.display().to_string()).unwrap_or_default();
        *self.modal = Some(Modal::Path { purpose, error: None });
    }

    /// Ask for a path: the native dialog on a worker thread, or the in-app prompt where no
    /// native dialog can be shown.
    fn ask_path(&mut self, purpose: PromptPurpose) {
        if self.files.no_native_dialogs {
            return self.prompt(purpose);
        }
        let suggested = files::suggested_path(self.session.as_ref(), purpose);
        let started = files::native_dialog(&mut self.files.jobs, self.ctx, purpose, suggested);
        self.check(started);
    }

    /// The path prompt was confirmed: use the path, or show what is wrong with it.
    fn submit_path(&mut self, purpose: PromptPurpose, text: &str) {
        let location = crate::io::Location::parse(text.trim());
        let result = if text.trim().is_empty() {
            Err(if purpose == PromptPurpose::OpenUrl { "Type a web address" } else { "Type a path" }.to_owned())
        } else if let (PromptPurpose::Open | PromptPurpose::OpenUrl, crate::io::Location::Url(url)) =
            (purpose, location)
        {
            // A web address typed or pasted into the path prompt opens as a web page.
            *self.modal = None;
            self.request(Pending::OpenUrl(url));
            Ok(())
        } else {
            *self.modal = None;
            self.use_path(purpose, files::expand_home(text.trim()))
        };
        if let Err(error) = result {
            self.drafts.path = text.to_owned();
            *self.modal = Some(Modal::Path { purpose, error: Some(error) });
        }
    }

    /// Do what `purpose` asked for with `path`; an error is for the prompt to show.
    fn use_path(&mut self, purpose: PromptPurpose, path: PathBuf) -> Result<(), String> {
        match files::use_path(&mut self.files.jobs, self.ctx, self.session.as_ref(), purpose, path, self.now)? {
            files::PathUse::Started => {}
            files::PathUse::Open(path) => self.request(Pending::Open(path)),
            files::PathUse::Save(path) => self.save_to(path),
            files::PathUse::Corpus(purpose, path) => {
                self.out.commands.push(Command::Corpus(super::corpus::CorpusCommand::PathChosen(purpose, path)));
            }
        }
        Ok(())
    }

    fn forget_recovery_entry(&mut self, file: &Path) {
        if let Some(Modal::Recovery(entries)) = self.modal.as_mut() {
            entries.retain(|(e, _)| e.file != file);
            if entries.is_empty() {
                *self.modal = None;
            }
        }
    }

    /// Closing the window with unsaved work asks first; a dropped file is opened.
    pub fn close_and_drops(&mut self) -> Option<Command> {
        if self.ctx.input(|i| i.viewport().close_requested())
            && !self.files.allowed_to_close
            && self.session.as_ref().is_some_and(Session::is_dirty)
        {
            self.ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            *self.modal = Some(Modal::Unsaved(Pending::Quit));
        }
        self.ctx.input(|i| i.raw.dropped_files.first().map(|f| Command::OpenPath(f.path().to_path_buf())))
    }
}

/// Keep how `session` is looked at (with the reading position) in the preferences.
pub fn remember_view(session: Option<&Session>, view: &ArticleView, prefs: &mut Prefs) {
    let Some(s) = session else { return };
    let mut state = s.view.clone();
    state.scroll_byte = view.top_byte(&s.project.document);
    prefs.remember_view(s.view_key(), state);
}

fn remove_recovery(file: PathBuf) {
    crate::io::recovery::remove_entry(&crate::io::recovery::RecoveryEntry { file, origin: None, modified: None });
}
