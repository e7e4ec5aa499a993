//! [`ClaimLensApp`]: the eframe app, a thin shell. `logic` turns keys and finished background
//! jobs into [`Command`]s; `ui` lets the panels draw what they are given and collect the
//! commands they emit; [`ClaimLensApp::apply`] is the one place where a command changes
//! anything — the project (through [`crate::project::Edit`]s and the undo history) or what is
//! shown.
//!
//! Commands go to the reducers in turn: [`super::shown`] (what is shown), [`super::editing`]
//! (the project, with undo), [`super::lifecycle`] (opening, analysing, saving, recovery — each
//! a background job through [`super::files`] and [`super::jobs`]). The highlights are a pure
//! function of the session ([`super::highlights`]).

use std::path::PathBuf;
use std::time::Duration;

use egui::{Context, ViewportCommand};

use super::article_view::{ArticleView, Highlights, ReadingStyle};
use super::command::{Action, Command};
use super::jobs::JobKind;
use super::lifecycle::{Files, Flow, Out};
use super::recovery;
use super::session::Session;
use super::state::{Drafts, FindState, Modal, Notice, Prefs, SideTab, Status, UiState};
use super::{editing, shown};

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
    /// Code as this coder (`claimlens --coder NAME`), instead of the name in the settings.
    pub coder: Option<String>,
    /// Start in blind coding (`claimlens --blind`): other coders' claims hidden.
    pub blind: bool,
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
    /// Team work: coder dialog, conflicts, agreement, comparison.
    pub team: super::team::TeamState,
    /// Messages.
    pub notices: Vec<Notice>,
    /// Text being typed into fields that mean nothing until submitted.
    pub drafts: Drafts,
    /// What the status bar shows about work in progress.
    pub status: Status,
    /// Web pages, the clipboard, the fact-check library ([`super::sources`]).
    pub sources: super::sources::Sources,
    /// The open corpus (its documents, parked sessions, search and claims).
    pub corpus: Option<super::corpus::CorpusState>,
    queue: Vec<Command>,
    highlights: Highlights,
    highlights_dirty: bool,
    /// Jobs in flight and what waits on them.
    files: Files,
    options: AppOptions,
    title: String,
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
        let mut app = Self {
            session: None,
            view: ArticleView::new(),
            prefs,
            ui_state: UiState::default(),
            find: FindState::default(),
            modal: None,
            notices: Vec::new(),
            drafts: Drafts::default(),
            status: Status::default(),
            sources: super::sources::Sources::default(),
            corpus: None,
            queue: Vec::new(),
            highlights: Highlights::default(),
            highlights_dirty: true,
            files: Files::new(options.recovery_dir.clone(), options.no_native_dialogs, &cc.egui_ctx),
            options,
            title: String::new(),
            started: false,
            typing_last_frame: false,
            last_focus: None,
            team: super::team::TeamState::default(),
        };
        if let Some(coder) = app.options.coder.clone().filter(|c| !c.trim().is_empty()) {
            app.prefs.coder = coder.trim().to_owned();
        }
        app.team.blind = app.options.blind;
        app
    }

    /// True while the article is analysed in the background.
    #[must_use]
    pub fn is_analysing(&self) -> bool {
        self.files.jobs.is_running(JobKind::Analysis)
    }

    /// True while any background job runs (opening, saving, exporting, analysing …).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.files.jobs.busy()
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

    /// The file side of the app, with the state it changes, for one command.
    fn flow<'a>(&'a mut self, ctx: &'a Context) -> Flow<'a> {
        Flow {
            files: &mut self.files,
            session: &mut self.session,
            view: &mut self.view,
            prefs: &mut self.prefs,
            ui: &mut self.ui_state,
            find: &mut self.find,
            modal: &mut self.modal,
            notices: &mut self.notices,
            drafts: &mut self.drafts,
            status: &mut self.status,
            now: self.options.fixed_time.unwrap_or_else(jiff::Timestamp::now),
            ctx,
            out: Out::default(),
        }
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
            jobs: &mut self.files.jobs,
            queue: &mut self.queue,
            top_byte,
            next_session_id: &mut self.files.next_session_id,
            ctx,
        };
        let cmd = match super::corpus::apply(parts, cmd) {
            Ok(super::corpus::Outcome::Done) => return,
            Ok(super::corpus::Outcome::Switched) => {
                let mut flow = self.flow(ctx);
                flow.shown_session_changed();
                self.highlights_dirty = true;
                return self.update_title(ctx);
            }
            Err(cmd) => cmd,
        };
        let now = self.now();
        let time = ctx.input(|i| i.time);
        // The keyboard reading position and selection: its own reducer.
        let caret = super::caret::Parts {
            session: self.session.as_ref(),
            ui: &mut self.ui_state,
            view: &mut self.view,
            drafts: &mut self.drafts,
            time,
        };
        let cmd = match super::caret::apply(caret, cmd) {
            Ok(redraw) => return self.highlights_dirty |= redraw,
            Err(cmd) => cmd,
        };
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
                    coder: &self.prefs.coder,
                };
                match editing::apply(parts, cmd) {
                    Ok(out) => {
                        self.highlights_dirty |= out.redraw;
                        if let Some(keep_entities) = out.analyse {
                            self.flow(ctx).analyse(keep_entities);
                        }
                        return self.update_title(ctx);
                    }
                    Err(cmd) => cmd,
                }
            }
            None => cmd,
        };
        // Files, jobs and the project's life.
        let mut flow = self.flow(ctx);
        let result = flow.apply(cmd);
        let out = flow.out;
        self.highlights_dirty |= out.redraw;
        self.queue.extend(out.commands);
        let cmd = match result {
            Ok(()) => return self.update_title(ctx),
            Err(cmd) => cmd,
        };
        match cmd {
            Command::Notify(text) => super::state::post(&mut self.notices, time, text, true),
            Command::Inform(text) => super::state::post(&mut self.notices, time, text, false),
            Command::Action(Action::Copy) => {
                if let (Some(sel), Some(s)) = (self.view.selection(), &self.session) {
                    ctx.copy_text(s.project.text()[sel].to_owned());
                }
            }
            Command::Sources(c) => {
                let (sources, parts) = self.sources_parts(ctx);
                self.highlights_dirty |= sources.apply(parts, c);
            }
            Command::Batch(cmds) => cmds.into_iter().for_each(|c| self.apply(ctx, c)),
            Command::Team(c) => {
                let parts = super::team::Parts {
                    team: &mut self.team,
                    session: self.session.as_ref(),
                    prefs: &mut self.prefs,
                    drafts: &mut self.drafts,
                    notices: &mut self.notices,
                    time,
                };
                if let Some(merged) = super::team::apply(parts, c).install {
                    self.flow(ctx).install(*merged, None, None, false);
                    self.team.adjudicating_in(self.session.as_ref().map(|s| s.id));
                    self.highlights_dirty = true;
                    if let Some(s) = self.session.as_mut() {
                        // Nothing of it is saved yet.
                        s.changed_outside_history = true;
                    }
                    self.update_title(ctx);
                }
            }
            Command::ForSession(id, cmd) if self.session.as_ref().is_some_and(|s| s.id == id) => {
                self.apply(ctx, *cmd);
            }
            // Without an open project (or the session it was for), commands about it have
            // nothing to act on; the other actions were applied by the reducers above.
            _ => {}
        }
    }

    /// What [`super::sources`] changes, for one command or frame.
    fn sources_parts<'a>(
        &'a mut self,
        ctx: &'a Context,
    ) -> (&'a mut super::sources::Sources, super::sources::Parts<'a>) {
        let parts = super::sources::Parts {
            jobs: &mut self.files.jobs,
            session: self.session.as_mut(),
            prefs: &mut self.prefs,
            notices: &mut self.notices,
            drafts: &mut self.drafts,
            ctx,
            now: self.options.fixed_time.unwrap_or_else(jiff::Timestamp::now),
        };
        (&mut self.sources, parts)
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
        self.highlights.checked_before = self.sources.checked_before_spans();
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
}

impl eframe::App for ClaimLensApp {
    fn logic(&mut self, ctx: &Context, _frame: &mut eframe::Frame) {
        if !self.started {
            self.started = true;
            let (file, sample) = (self.options.file.clone(), self.options.open_sample);
            let mut flow = self.flow(ctx);
            flow.start(file, sample);
            self.highlights_dirty |= flow.out.redraw;
            self.update_title(ctx);
        }
        let done = self.files.jobs.poll();
        self.queue.extend(done);
        let dropped = self.flow(ctx).close_and_drops();
        self.queue.extend(dropped);
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
        let (sources, parts) = self.sources_parts(ctx);
        let found = sources.tick(parts);
        self.queue.extend(found);
        self.apply_commands(ctx);
        // Blind coding follows the session shown (a corpus switch, an opened file) and the
        // coder's name; a comparison of a flag and a name when nothing changed.
        if let Some(s) = &mut self.session {
            let before = s.hidden_claims();
            s.set_blind(self.team.blind.then_some(self.prefs.coder.as_str()));
            if s.hidden_claims() != before {
                self.highlights_dirty = true;
            }
        }
        for e in self.files.recovery.tick(self.session.as_ref()) {
            super::state::post(&mut self.notices, ctx.input(|i| i.time), e, true);
        }
        self.status.jobs = self.files.jobs.status();
        if self.files.jobs.busy() {
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
        let frame = super::frame::Frame {
            team: &self.team,
            session: self.session.as_ref(),
            prefs: &self.prefs,
            ui: &self.ui_state,
            find: &self.find,
            notices: &self.notices,
            modal: self.modal.as_ref(),
            status: &self.status,
            sources: &self.sources,
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
        super::lifecycle::remember_view(self.session.as_ref(), &self.view, &mut self.prefs);
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// The reading style for the current theme and zoom.
#[must_use]
pub fn reading_style(ctx: &Context, prefs: &Prefs) -> ReadingStyle {
    ReadingStyle::new(prefs.text_scale, ctx.global_style().visuals.dark_mode)
}
