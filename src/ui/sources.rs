//! Where articles come from and what is known about their claims: opening web pages
//! (File ▸ Open URL…, a URL typed into the path prompt or dropped), pasting an article
//! (Edit ▸ Paste as new article), archiving the fetched page beside the project, updating an
//! article from its page, and the fact-check library ("Seen before" on claim cards, margin
//! marks on suggestions that were checked before, Tools ▸ Fact-check library…).
//!
//! Every piece of network, file or index work is a [`Jobs`] job; results come back as
//! [`SourcesCommand`]s (or the ordinary [`Command::Opened`] / [`Command::ArticleUpdated`]).
//! Matching runs when what it depends on changed — the claims, the analysis, the threshold,
//! the library — never per frame: [`Sources::tick`] compares a small key each frame.

pub use super::command::sources::{MatchKey, SourcesCommand};
use std::collections::BTreeMap;
use std::path::PathBuf;

use egui::{Context, ViewportCommand};

use super::command::{Action, Command};
use super::jobs::{JobKind, Jobs};
use super::session::Session;
use super::state::{Drafts, Notice, Prefs, post};
use crate::document::ByteSpan;
use crate::factcheck::project::Target;
use crate::factcheck::{Library, Match};
use crate::io;
use crate::project::ClaimId;

/// Matches kept per claim or suggestion.
pub const MATCHES_SHOWN: usize = 3;

/// How long to wait for the clipboard's text after asking for it, in seconds.
const PASTE_WAIT_SECS: f64 = 2.0;

/// How long the clipboard's text waits for its HTML before it opens alone.
const HTML_WAIT_SECS: f64 = 1.0;

/// "Paste as new article" between asking for the clipboard and opening it.
#[derive(Debug)]
struct PasteWait {
    /// When it was asked (egui time).
    asked: f64,
    /// The text, once egui handed it over.
    text: Option<String>,
    /// The HTML was read (or cannot be).
    html_read: bool,
    /// The HTML, if the clipboard has some.
    html: Option<String>,
}

/// The clipboard's `text/html`, if it has one and it can be read here (an X11 or Wayland
/// session). Runs on a worker: a clipboard owner may take its time to answer.
fn read_clipboard_html() -> Option<String> {
    let mut clipboard = arboard::Clipboard::new().ok()?;
    clipboard.get().html().ok().filter(|h| !h.trim().is_empty())
}

/// The fact-check library as the window knows it.
#[derive(Clone, Debug, Default)]
pub struct LibraryState {
    /// Its folder (None until checked).
    pub dir: Option<PathBuf>,
    /// Items in it (None: no library there, or not checked yet).
    pub items: Option<u64>,
    /// Why it cannot be used.
    pub error: Option<String>,
    /// What the last import did, in words.
    pub last_import: Option<String>,
    /// Counts changes of the library (matches of an earlier generation are redone).
    pub generation: u64,
    checked: bool,
}

/// State of this part of the window (one field of the app).
#[derive(Debug, Default)]
pub struct Sources {
    /// "Paste as new article" waiting for the clipboard, until it arrives.
    paste: Option<PasteWait>,
    /// The library dialog is open.
    pub dialog_open: bool,
    /// The library.
    pub library: LibraryState,
    /// Matches of the open article's claims, best first (dismissed ones are filtered when drawn).
    pub claim_matches: BTreeMap<ClaimId, Vec<Match>>,
    /// Suggested sentences checked before, with the best match, sorted by span.
    pub checked_before: Vec<(ByteSpan, Match)>,
    matched_for: Option<MatchKey>,
    matching: bool,
    registered: Option<(u64, PathBuf, u64, PathBuf)>,
    registering: bool,
}

/// The app state a command of this module changes.
pub struct Parts<'a> {
    /// Background jobs.
    pub jobs: &'a mut Jobs,
    /// The open project.
    pub session: Option<&'a mut Session>,
    /// Preferences (the library's folder).
    pub prefs: &'a mut Prefs,
    /// Messages.
    pub notices: &'a mut Vec<Notice>,
    /// The dialog's fields.
    pub drafts: &'a mut Drafts,
    /// The window.
    pub ctx: &'a Context,
    /// The clock.
    pub now: jiff::Timestamp,
}

impl Sources {
    /// The library folder in use: the one chosen, else the default one.
    #[must_use]
    pub fn library_dir(prefs: &Prefs) -> Option<PathBuf> {
        prefs.factcheck_library.clone().or_else(Library::default_dir)
    }

    /// The best match of the suggested sentence `span`, if it was checked before.
    #[must_use]
    pub fn checked_before_at(&self, span: ByteSpan) -> Option<&Match> {
        self.checked_before.binary_search_by(|(s, _)| s.cmp(&span)).ok().map(|i| &self.checked_before[i].1)
    }

    /// The spans of suggestions checked before, sorted (for the margin marks).
    #[must_use]
    pub fn checked_before_spans(&self) -> Vec<ByteSpan> {
        self.checked_before.iter().map(|(s, _)| *s).collect()
    }

    /// Apply a command; returns true when the article's marks must be redrawn.
    pub fn apply(&mut self, p: Parts<'_>, cmd: SourcesCommand) -> bool {
        let time = p.ctx.input(|i| i.time);
        let Parts { jobs, session, prefs, notices, drafts, ctx, now } = p;
        let mut notify = |text: String, error: bool| post(notices, time, text, error);
        match cmd {
            SourcesCommand::Action(Action::PasteArticle) => {
                // egui hands over the clipboard's text; its HTML is read on a worker.
                ctx.send_viewport_cmd(ViewportCommand::RequestPaste);
                let spawned = jobs.spawn(ctx, JobKind::Open, "Reading the clipboard…", false, |_| {
                    Command::Sources(SourcesCommand::ClipboardHtml(read_clipboard_html()))
                });
                self.paste = Some(PasteWait { asked: time, text: None, html_read: spawned.is_err(), html: None });
            }
            SourcesCommand::ClipboardHtml(html) => {
                // What the clipboard has wins over "nothing" (the first answer may be that).
                if let Some(wait) = &mut self.paste
                    && (html.is_some() || wait.html.is_none())
                {
                    wait.html_read = true;
                    wait.html = html;
                }
            }
            SourcesCommand::Action(Action::UpdateFromUrl) => {
                if let Some(s) = session.as_deref()
                    && let Err(e) = update_from_url(jobs, ctx, s, now)
                {
                    notify(e, true);
                }
            }
            SourcesCommand::Action(Action::FactCheckLibrary) => {
                self.dialog_open = true;
                let dir = self.library.dir.clone().or_else(|| Self::library_dir(prefs));
                drafts.sources.library_dir = dir.map(|d| d.display().to_string()).unwrap_or_default();
            }
            SourcesCommand::Action(_) | SourcesCommand::Pasted { .. } => {}
            SourcesCommand::CloseLibraryDialog => self.dialog_open = false,
            SourcesCommand::Archived { session_id, archive, error } => {
                if let Some(s) = session.filter(|s| s.id == session_id)
                    && archive.is_some()
                {
                    // What the saved file says; not an edit (nothing to undo).
                    s.project.source.archive = archive;
                }
                if let Some(e) = error {
                    notify(format!("The fetched page could not be archived: {e}"), true);
                }
            }
            SourcesCommand::SetLibrary(dir) => {
                if let Err(e) = check_library(jobs, ctx, dir, true) {
                    notify(e, true);
                }
            }
            SourcesCommand::ImportFeed { dir, feed } => {
                if let Err(e) = import_feed(jobs, ctx, dir, feed) {
                    notify(e, true);
                }
            }
            SourcesCommand::LibraryChecked { dir, result, chosen } => {
                self.library.checked = true;
                self.library.dir = Some(dir.clone());
                self.library.generation += 1;
                match result {
                    Ok(n) => {
                        self.library.items = Some(n);
                        self.library.error = None;
                        if chosen {
                            prefs.factcheck_library = Some(dir.clone());
                            notify(format!("Fact-check library {}: {n} fact-checks", dir.display()), false);
                        }
                    }
                    Err(e) => {
                        self.library.items = None;
                        if chosen {
                            notify(format!("Cannot use the fact-check library: {e}"), true);
                            self.library.error = Some(e);
                        }
                    }
                }
            }
            SourcesCommand::Imported { dir, result } => match result {
                Ok(r) => {
                    let text = format!(
                        "Imported {} fact-checks ({} skipped); the library holds {}",
                        r.items, r.skipped, r.library_items
                    );
                    self.library.dir = Some(dir.clone());
                    prefs.factcheck_library = Some(dir);
                    self.library.items = Some(r.library_items);
                    self.library.error = None;
                    self.library.last_import = Some(text.clone());
                    self.library.generation += 1;
                    notify(text, false);
                }
                Err(e) => {
                    self.library.last_import = Some(format!("Import failed: {e}"));
                    notify(format!("Import failed: {e}"), true);
                }
            },
            SourcesCommand::Matched { key, result } => {
                self.matching = false;
                if session.as_deref().is_none_or(|s| s.id != key.session_id) {
                    return false;
                }
                match result {
                    Ok(found) => {
                        self.claim_matches.clear();
                        self.checked_before.clear();
                        for t in found {
                            match t.target {
                                Target::Claim(id) => {
                                    self.claim_matches.insert(id, t.matches);
                                }
                                Target::Suggestion => {
                                    if let Some(m) = t.checked_before() {
                                        self.checked_before.push((t.span, m.clone()));
                                    }
                                }
                            }
                        }
                        self.checked_before.sort_by_key(|(s, _)| *s);
                        self.checked_before.dedup_by_key(|(s, _)| *s);
                    }
                    Err(e) => self.library.error = Some(e),
                }
                self.matched_for = Some(key);
                return true;
            }
            SourcesCommand::Registered(result) => {
                self.registering = false;
                match result {
                    Ok(_) => self.library.generation += 1,
                    Err(e) => notify(format!("Verdicts could not join the fact-check library: {e}"), true),
                }
            }
        }
        false
    }

    /// Once a frame: pick up the clipboard text asked for, and start the library check,
    /// matching and "checked here" registration when what they depend on changed (a
    /// comparison of a few numbers; the work itself runs on worker threads).
    pub fn tick(&mut self, p: Parts<'_>) -> Vec<Command> {
        let Parts { jobs, session, prefs, notices, ctx, .. } = p;
        let mut out = Vec::new();
        let time = ctx.input(|i| i.time);
        if let Some(wait) = &mut self.paste {
            let pasted = ctx.input(|i| {
                i.events.iter().find_map(|e| match e {
                    egui::Event::Paste(t) => Some(t.clone()),
                    _ => None,
                })
            });
            if pasted.is_some() {
                wait.text = pasted;
            }
            let waited = time - wait.asked;
            let has_text = wait.text.is_some();
            let (html_read, has_html) = (wait.html_read, wait.html.is_some());
            // The text and the HTML in (or the HTML slow), or only HTML (a clipboard holding
            // only `text/html`): open what there is.
            if (has_text && (html_read || waited > HTML_WAIT_SECS)) || (has_html && waited > PASTE_WAIT_SECS) {
                let text = wait.text.take().unwrap_or_default();
                let html = wait.html.take();
                self.paste = None;
                out.push(Command::Sources(SourcesCommand::Pasted { text, html }));
            } else if waited > PASTE_WAIT_SECS {
                self.paste = None;
                post(notices, time, "The clipboard holds no text to paste", true);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
        }
        if !self.library.checked {
            self.library.checked = true;
            if let Some(dir) = Self::library_dir(prefs) {
                let _ = check_library(jobs, ctx, dir, false);
            }
        }
        let Some(s) = session.as_deref() else {
            self.claim_matches.clear();
            self.checked_before.clear();
            return out;
        };
        let (Some(dir), Some(_)) = (self.library.dir.clone(), self.library.items) else { return out };
        // The desk's own verdicts join the library once the project is saved.
        if let Some(path) = s.path.clone()
            && !s.is_dirty()
            && !self.registering
        {
            let reg = (s.id, path.clone(), s.saved_state, dir.clone());
            if self.registered.as_ref() != Some(&reg) {
                self.registered = Some(reg);
                self.registering = true;
                let project = s.full_project().into_owned();
                let dir = dir.clone();
                let spawned = jobs.spawn(ctx, JobKind::File, "Finding fact-checks: verdicts…", false, move |_| {
                    let r = Library::open(&dir)
                        .and_then(|mut l| l.set_project_claims(&path, &project))
                        .map_err(|e| e.to_string());
                    Command::Sources(SourcesCommand::Registered(r))
                });
                if spawned.is_err() {
                    self.registering = false;
                }
            }
        }
        let Some(analysis) = s.analysis.clone() else { return out };
        let key = MatchKey {
            session_id: s.id,
            claims_version: s.claims_version(),
            analysis: std::sync::Arc::as_ptr(&analysis) as usize,
            threshold_bits: s.view.suggestion_threshold.to_bits(),
            generation: self.library.generation,
            path: s.path.clone(),
        };
        if self.matching || self.matched_for.as_ref() == Some(&key) {
            return out;
        }
        if self.matched_for.as_ref().is_some_and(|k| k.session_id != s.id) {
            self.claim_matches.clear();
            self.checked_before.clear();
        }
        self.matching = true;
        let project = s.project.clone();
        let threshold = s.view.suggestion_threshold;
        let spawned = jobs.spawn(ctx, JobKind::File, "Finding fact-checks…", true, move |job| {
            let cancel = job.cancel_flag();
            let result = Library::open(&dir)
                .and_then(|lib| {
                    let total = std::cell::Cell::new(0.0_f32);
                    lib.match_project(
                        &project,
                        &analysis,
                        key.path.as_deref(),
                        threshold,
                        MATCHES_SHOWN,
                        &mut |done, all| {
                            total.set(done as f32 / all.max(1) as f32);
                            job.set_progress(total.get());
                        },
                        &cancel,
                    )
                })
                .map_err(|e| e.to_string());
            Command::Sources(SourcesCommand::Matched { key, result })
        });
        if spawned.is_err() {
            self.matching = false;
        }
        out
    }
}

/// Open the web page at `url` in the background: fetched with the engine's limits (size,
/// time, content type), progress in the status bar, cancellable. The result is an ordinary
/// [`Command::Opened`] whose path is the address.
///
/// # Errors
/// When no worker thread can be started.
pub fn open_url(jobs: &mut Jobs, ctx: &Context, url: String) -> Result<(), String> {
    jobs.cancel_kind(JobKind::Open);
    let label = format!("Opening {}…", super::words::short(&url, 60));
    let spawned = jobs.spawn(ctx, JobKind::Open, label, true, move |job| {
        let cancel = job.cancel_flag();
        let options = io::fetch::FetchOptions::default();
        let location = io::Location::Url(url.clone());
        let mut progress = |p: io::fetch::Progress| {
            if let Some(total) = p.total.filter(|t| *t > 0) {
                job.set_progress(p.bytes as f32 / total as f32);
            }
        };
        let result = match io::open_location(&location, &options, &mut progress, &cancel) {
            Ok(io::Opened::Article(imported)) => Ok(Box::new(super::command::OpenedFile::article(*imported))),
            Ok(io::Opened::Project(_) | io::Opened::Corpus(_)) => {
                Err(format!("{url}: a web address cannot hold a project or a corpus"))
            }
            Err(e) => Err(e.to_string()),
        };
        Command::Opened { path: PathBuf::from(url), result }
    });
    spawned.map(|_| ())
}

/// Open pasted text as a new, unsaved article, in the background ([`io::import_clipboard`]).
///
/// # Errors
/// When no worker thread can be started.
pub fn open_pasted(
    jobs: &mut Jobs,
    ctx: &Context,
    text: String,
    html: Option<String>,
    now: jiff::Timestamp,
) -> Result<(), String> {
    let spawned = jobs.spawn(ctx, JobKind::Open, "Opening the clipboard…", false, move |_| {
        let result = io::import_clipboard(&text, html.as_deref())
            .map(|mut i| {
                i.source.imported = Some(now);
                Box::new(super::command::OpenedFile::article(i))
            })
            .map_err(|e| e.to_string());
        Command::Opened { path: PathBuf::new(), result }
    });
    spawned.map(|_| ())
}

/// Fetch the article's page again and re-anchor the annotations on it, in the background;
/// the result is one undoable edit, the new copy archived beside the project.
///
/// # Errors
/// When the project was not opened from a web address or was never saved (the copy is
/// archived beside the project file), or no worker thread can be started.
pub fn update_from_url(jobs: &mut Jobs, ctx: &Context, s: &Session, now: jiff::Timestamp) -> Result<(), String> {
    let Some(url) = io::web::update_url(&s.project).map(str::to_owned) else {
        return Err("This article was not opened from a web address: use Update article from file…".into());
    };
    let Some(path) = s.path.clone() else {
        return Err("Save the project first: the new version of the page is archived beside it".into());
    };
    if s.hidden_claims().is_some() {
        return Err(super::files::BLIND_UPDATE.into());
    }
    let (project, session_id) = (s.project.clone(), s.id);
    let label = format!("Updating from {}…", super::words::short(&url, 60));
    let spawned = jobs.spawn(ctx, JobKind::File, label, true, move |job| {
        let cancel = job.cancel_flag();
        let options = io::fetch::FetchOptions::default();
        let mut progress = |p: io::fetch::Progress| {
            if let Some(total) = p.total.filter(|t| *t > 0) {
                job.set_progress(p.bytes as f32 / total as f32);
            }
        };
        match io::web::update_from_url(&project, &path, Some(&url), &options, &mut progress, &cancel, now) {
            Ok(u) if u.report.unchanged_text => Command::ForSession(
                session_id,
                Box::new(Command::Inform(
                    "The page has the same text as the annotated article: nothing to update".into(),
                )),
            ),
            Ok(u) => Command::ForSession(
                session_id,
                Box::new(Command::ArticleUpdated { edit: u.edit, summary: u.report.summary }),
            ),
            Err(e) => Command::Notify(format!("Cannot update from {url}: {e}")),
        }
    });
    spawned.map(|_| ())
}

fn check_library(jobs: &mut Jobs, ctx: &Context, dir: PathBuf, chosen: bool) -> Result<(), String> {
    let spawned = jobs.spawn(ctx, JobKind::File, "Finding fact-checks: opening the library…", false, move |_| {
        let result = if chosen { Library::open_or_create(&dir) } else { Library::open(&dir) };
        let result = result.map(|l| l.len()).map_err(|e| e.to_string());
        Command::Sources(SourcesCommand::LibraryChecked { dir, result, chosen })
    });
    spawned.map(|_| ())
}

fn import_feed(jobs: &mut Jobs, ctx: &Context, dir: PathBuf, feed: PathBuf) -> Result<(), String> {
    let name = feed.file_name().map_or_else(|| feed.display().to_string(), |n| n.to_string_lossy().into_owned());
    let spawned = jobs.spawn(ctx, JobKind::File, format!("Importing {name}…"), true, move |job| {
        let cancel = job.cancel_flag();
        let result = Library::open_or_create(&dir)
            .and_then(|mut l| {
                l.import(
                    std::slice::from_ref(&feed),
                    &mut |p| {
                        if p.bytes_total > 0 {
                            job.set_progress(p.bytes_read as f32 / p.bytes_total as f32);
                        }
                    },
                    &cancel,
                )
            })
            .map_err(|e| e.to_string());
        Command::Sources(SourcesCommand::Imported { dir, result })
    });
    spawned.map(|_| ())
}
