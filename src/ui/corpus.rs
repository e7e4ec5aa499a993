//! The open corpus in the window: its state ([`CorpusState`]) and its reducer ([`apply`]).
//!
//! A corpus is opened by reading only its manifest (on a worker, like any file). The document
//! shown is the app's ordinary [`Session`]; the other documents opened since the corpus was
//! opened are *parked* here, each with its own undo history, and come back at once. Leaving a
//! document with unsaved changes saves it (through the corpus: the manifest's summary is
//! refreshed), so nothing parked is ever lost. Loading a document, adding documents, loading
//! every document for corpus search and the claims table, searching, and writing the manifest
//! all run on worker threads; their results come back as [`CorpusCommand`]s.
//!
//! What the Documents panel shows (the filtered, sorted list, the claims table rows, the
//! flattened search hits) is computed here when it changes, never per frame.

// `Parts` is a bundle of borrows handed from step to step, as in `editing`.
#![allow(clippy::needless_pass_by_value)]

pub use super::command::corpus::{Applied, CorpusCommand, CorpusDerived, CorpusTab, Correction, DocSort, Offer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::command::{Action, Command};
use super::files::OpenedFile;
use super::jobs::{JobKind, Jobs};
use super::session::{Derived, Session, ViewState};
use super::state::PromptPurpose;
use crate::corpus::claims::{ClaimQuery, ClaimSort, claim_rows};
use crate::corpus::entities::{propagate_correction, propagate_group_correction};
use crate::corpus::search::{Query, SearchOptions, SearchResults};
use crate::corpus::{DocumentId, LoadedCorpus, LoadedDocument, Progress};
use crate::document::ByteSpan;
use crate::io::corpus_dir::{CorpusDir, JobProgress};
use crate::project::{ClaimId, Edit, EditContext, Project};

/// One row of the search results list: a document's heading or one hit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchRow {
    /// A document with hits: its title and how many.
    Document {
        /// The document.
        id: DocumentId,
        /// Its title and hit count, as shown.
        text: String,
    },
    /// A hit in a document.
    Hit {
        /// The document.
        id: DocumentId,
        /// Where in its text.
        span: ByteSpan,
        /// Text before the hit.
        before: String,
        /// The hit.
        text: String,
        /// Text after.
        after: String,
    },
}

/// One row of the corpus claims table, as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimTableRow {
    /// The document.
    pub document: DocumentId,
    /// The claim.
    pub claim: ClaimId,
    /// The document's title.
    pub title: String,
    /// The quote (on one line).
    pub quote: String,
    /// Claimant.
    pub claimant: String,
    /// Type.
    pub kind: &'static str,
    /// Status.
    pub status: &'static str,
    /// Verdict ("" when none).
    pub verdict: &'static str,
    /// Tags, comma-separated.
    pub codes: String,
}

/// The corpus search: what was asked and found.
#[derive(Clone, Debug, Default)]
pub struct SearchState {
    /// The query typed.
    pub query: String,
    /// The query the results are for.
    pub searched: String,
    /// The rows to show.
    pub rows: Vec<SearchRow>,
    /// Hits in all documents.
    pub total_hits: usize,
    /// Documents with hits.
    pub documents: usize,
    /// A search is running.
    pub running: bool,
    /// How long the last search took (on the worker).
    pub elapsed_ms: f64,
}

/// The open corpus.
pub struct CorpusState {
    /// The folder and its manifest (the in-memory truth; written back on a worker after each
    /// change).
    pub dir: CorpusDir,
    /// The document shown in the window (its session is the app's).
    pub current: Option<DocumentId>,
    /// The other documents opened since the corpus was opened, each with its undo history.
    parked: BTreeMap<DocumentId, Session>,
    /// The document being read for showing.
    loading: Option<DocumentId>,
    /// What to do once the document being read is shown (jump to a hit or a claim).
    after_load: Option<Command>,
    /// The panel tab.
    pub tab: CorpusTab,
    /// Filter text of the list (title, source, publisher, date).
    pub filter: String,
    /// Show only documents in this state.
    pub state_filter: Option<Progress>,
    /// The order of the list.
    pub sort: DocSort,
    /// The list as shown: indices into the manifest's documents.
    rows: Vec<usize>,
    rows_for: Option<(String, Option<Progress>, DocSort, u64)>,
    /// Counts changes of the manifest's documents.
    version: u64,
    /// Manifest writes started; the last one finished (a write older than the last finished
    /// one is skipped, so the newest manifest always ends on disk).
    write_gen: u64,
    written: Arc<Mutex<u64>>,
    /// Every document loaded (for search and the claims table), once asked for.
    loaded: Option<Arc<LoadedCorpus>>,
    /// Loading every document is under way.
    loading_all: bool,
    /// Counts changes of [`Self::loaded`].
    loaded_version: u64,
    /// Documents are being added.
    pub adding: bool,
    /// Corpus search.
    pub search: SearchState,
    /// Which claims the claims table shows.
    pub claim_query: ClaimQuery,
    /// How the claims table is sorted.
    pub claim_sort: ClaimSort,
    claim_rows: Vec<ClaimTableRow>,
    claim_rows_for: Option<(ClaimQuery, ClaimSort, u64)>,
    /// Corpus entities and the code × document matrix, computed on a worker once every
    /// document is loaded (with the [`Self::loaded_version`] they were computed for).
    derived: Option<(Arc<CorpusDerived>, u64)>,
    deriving: bool,
    /// The entity whose documents are listed (an index into the corpus entities).
    pub selected_entity: Option<usize>,
    /// The offer to make the correction just made in the document shown in every document.
    pub offer: Option<Offer>,
    /// An "Apply to all documents" waiting for every document to be read.
    pending_apply: Option<CorpusCommand>,
    /// A correction is being made in every document.
    pub applying: bool,
}

impl CorpusState {
    /// The state for a corpus just opened.
    #[must_use]
    pub fn new(dir: CorpusDir) -> Self {
        Self {
            dir,
            current: None,
            parked: BTreeMap::new(),
            loading: None,
            after_load: None,
            tab: CorpusTab::Documents,
            filter: String::new(),
            state_filter: None,
            sort: DocSort::Corpus,
            rows: Vec::new(),
            rows_for: None,
            version: 0,
            write_gen: 0,
            written: Arc::new(Mutex::new(0)),
            loaded: None,
            loading_all: false,
            loaded_version: 0,
            adding: false,
            search: SearchState::default(),
            claim_query: ClaimQuery::default(),
            claim_sort: ClaimSort::default(),
            claim_rows: Vec::new(),
            claim_rows_for: None,
            derived: None,
            deriving: false,
            selected_entity: None,
            offer: None,
            pending_apply: None,
            applying: false,
        }
    }

    /// The corpus name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.dir.manifest.name
    }

    /// The session of a parked document (for tests and the list's unsaved mark).
    #[must_use]
    pub fn parked(&self, id: DocumentId) -> Option<&Session> {
        self.parked.get(&id)
    }

    /// The document being read for showing, if any.
    #[must_use]
    pub fn loading(&self) -> Option<DocumentId> {
        self.loading
    }

    /// True while every document is loaded for search or the claims table.
    #[must_use]
    pub fn is_loading_all(&self) -> bool {
        self.loading_all
    }

    /// True once every document is loaded (search and the claims table can run).
    #[must_use]
    pub fn is_loaded(&self) -> bool {
        self.loaded.is_some()
    }

    /// Compute the list as shown if the manifest, the filter or the order changed.
    pub fn ensure_rows(&mut self) {
        let key = (self.filter.trim().to_lowercase(), self.state_filter, self.sort, self.version);
        if self.rows_for.as_ref() == Some(&key) {
            return;
        }
        let docs = &self.dir.manifest.documents;
        let needle = &key.0;
        let mut rows: Vec<usize> = (0..docs.len())
            .filter(|&i| key.1.is_none_or(|s| docs[i].state == s))
            .filter(|&i| {
                let d = &docs[i];
                needle.is_empty()
                    || [Some(&d.title), d.source.as_ref(), d.publisher.as_ref(), d.date.as_ref()]
                        .into_iter()
                        .flatten()
                        .any(|t| t.to_lowercase().contains(needle.as_str()))
            })
            .collect();
        match self.sort {
            DocSort::Corpus => {}
            DocSort::Title => rows.sort_by_key(|&i| docs[i].title.to_lowercase()),
            DocSort::Words => rows.sort_by_key(|&i| std::cmp::Reverse(docs[i].summary.words)),
            DocSort::Entities => rows.sort_by_key(|&i| std::cmp::Reverse(docs[i].summary.entities)),
            DocSort::Claims => rows.sort_by_key(|&i| std::cmp::Reverse(docs[i].summary.claims)),
            DocSort::State => rows.sort_by_key(|&i| docs[i].state),
        }
        self.rows = rows;
        self.rows_for = Some(key);
    }

    /// The list as shown: indices into the manifest's documents (see [`Self::ensure_rows`]).
    #[must_use]
    pub fn rows(&self) -> &[usize] {
        &self.rows
    }

    /// Compute the claims table's rows if the loaded documents, the query or the order changed.
    pub fn ensure_claim_rows(&mut self) {
        let Some(loaded) = &self.loaded else { return };
        let key = (self.claim_query.clone(), self.claim_sort, self.loaded_version);
        if self.claim_rows_for.as_ref() == Some(&key) {
            return;
        }
        self.claim_rows = claim_rows(loaded, &self.claim_query, self.claim_sort)
            .into_iter()
            .map(|r| ClaimTableRow {
                document: r.document.id,
                claim: r.claim.id,
                title: r.document.title.clone(),
                quote: r.claim.quote.split_whitespace().collect::<Vec<_>>().join(" "),
                claimant: r.claim.claimant.clone(),
                kind: r.claim.kind.name(),
                status: r.claim.status.name(),
                verdict: r.claim.verdict.map_or("", crate::project::Verdict::name),
                codes: r.claim.tags.join(", "),
            })
            .collect();
        self.claim_rows_for = Some(key);
    }

    /// Compute what the panel shows this frame, if it changed (the list; the claims table
    /// when its tab is shown).
    pub fn prepare(&mut self) {
        self.ensure_rows();
        if self.tab == CorpusTab::Claims {
            self.ensure_claim_rows();
        }
    }

    /// Corpus entities and the code × document matrix, once computed.
    #[must_use]
    pub fn derived(&self) -> Option<&CorpusDerived> {
        self.derived.as_ref().map(|(d, _)| d.as_ref())
    }

    /// The claims table's rows (see [`Self::ensure_claim_rows`]).
    #[must_use]
    pub fn claim_rows(&self) -> &[ClaimTableRow] {
        &self.claim_rows
    }

    /// The codes of the corpus codebook (for the claims table's filter).
    #[must_use]
    pub fn codes(&self) -> Vec<&str> {
        self.dir.manifest.codebook.codes.iter().map(|c| c.path.as_str()).collect()
    }

    /// The document after (or before) the current one in the list as shown.
    fn neighbour(&self, forward: bool) -> Option<DocumentId> {
        let docs = &self.dir.manifest.documents;
        let rows: Vec<usize> = if self.rows_for.is_some() { self.rows.clone() } else { (0..docs.len()).collect() };
        if rows.is_empty() {
            return None;
        }
        let at = self.current.and_then(|c| rows.iter().position(|&i| docs[i].id == c));
        let next = match at {
            None => 0,
            Some(i) if forward => (i + 1).min(rows.len() - 1),
            Some(i) => i.saturating_sub(1),
        };
        docs.get(rows[next]).map(|d| d.id)
    }

    fn changed(&mut self) {
        self.version += 1;
    }

    /// The offer to apply a correction to every document, if it is for the document shown and
    /// the correction is still in `session` (not undone).
    #[must_use]
    pub fn offer_for(&self, session: &Session) -> Option<&Offer> {
        self.offer.as_ref().filter(|o| self.current == Some(o.document) && o.correction.is_in(&session.project))
    }

    /// The loaded documents changed: count again what the tabs show (when a tab shows it or it
    /// was computed before).
    fn loaded_changed(&mut self, jobs: &mut Jobs, ctx: &egui::Context) {
        self.loaded_version += 1;
        if self.derived.is_some() || matches!(self.tab, CorpusTab::Entities | CorpusTab::Matrix | CorpusTab::Overview) {
            derive(self, jobs, ctx);
        }
    }
}

/// What the reducer needs of the app.
pub struct Parts<'a> {
    /// The open corpus.
    pub corpus: &'a mut Option<CorpusState>,
    /// The session shown.
    pub session: &'a mut Option<Session>,
    /// Background jobs.
    pub jobs: &'a mut Jobs,
    /// Commands to apply next.
    pub queue: &'a mut Vec<Command>,
    /// The reading position of the session shown (kept when it is parked).
    pub top_byte: usize,
    /// Where new session numbers come from.
    pub next_session_id: &'a mut u64,
    /// The egui context (to start jobs).
    pub ctx: &'a egui::Context,
}

/// What the app must do after a corpus command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing more.
    Done,
    /// Another session is shown now: reset the article view and what is selected, analyse it
    /// if it has no analysis, retitle the window.
    Switched,
}

/// Apply `cmd` if it is about the corpus (or must be seen by it: opening a file, a save, the
/// next/previous document); give it back otherwise.
///
/// # Errors
/// The command back, for the app's other reducers.
#[allow(clippy::too_many_lines)]
#[allow(clippy::result_large_err)]
pub fn apply(p: Parts<'_>, cmd: Command) -> Result<Outcome, Command> {
    match cmd {
        Command::Corpus(c) => Ok(corpus_command(p, c)),
        Command::Opened { path, result: Ok(opened) } if matches!(*opened, OpenedFile::Corpus(_)) => {
            let OpenedFile::Corpus(dir) = *opened else { unreachable!("matched above") };
            Ok(open_corpus(p, *dir, None, &path))
        }
        // Another article or project opened: the corpus closes (its parked documents were
        // saved when they were left).
        cmd @ Command::Opened { result: Ok(_), .. } => {
            *p.corpus = None;
            Err(cmd)
        }
        Command::Saved { session_id, path, state_id, result } => {
            saved(p, session_id, &path, state_id, result.as_ref().err());
            // The app marks the shown session clean and tells the user; a parked one was
            // handled here.
            Err(Command::Saved { session_id, path, state_id, result })
        }
        Command::Action(a @ (Action::NextDocument | Action::PreviousDocument)) => {
            let next = p.corpus.as_ref().and_then(|c| c.neighbour(a == Action::NextDocument));
            Ok(next.map_or(Outcome::Done, |id| show(p, id, None)))
        }
        Command::Action(Action::AddDocuments) if p.corpus.is_some() => {
            p.queue.push(Command::AskPath(PromptPurpose::AddDocuments));
            Ok(Outcome::Done)
        }
        Command::Action(Action::AddDocuments) => {
            p.queue.push(Command::Notify("Open a corpus first (File ▸ Open corpus…)".into()));
            Ok(Outcome::Done)
        }
        Command::Action(Action::OpenCorpus) => {
            p.queue.push(Command::AskPath(PromptPurpose::OpenCorpus));
            Ok(Outcome::Done)
        }
        Command::Action(a @ (Action::NewCorpusFromArticle | Action::AddToCorpus)) => {
            if p.session.is_none() {
                p.queue.push(Command::Notify("Open an article first".into()));
            } else if p.corpus.is_some() {
                p.queue.push(Command::Notify("The open article is already in a corpus".into()));
            } else {
                let purpose =
                    if a == Action::AddToCorpus { PromptPurpose::AddToCorpus } else { PromptPurpose::NewCorpus };
                p.queue.push(Command::AskPath(purpose));
            }
            Ok(Outcome::Done)
        }
        cmd => Err(cmd),
    }
}

#[allow(clippy::too_many_lines)]
fn corpus_command(p: Parts<'_>, cmd: CorpusCommand) -> Outcome {
    match cmd {
        CorpusCommand::Show(id) => return show(p, id, None),
        CorpusCommand::ShowAt { document, span } => return show(p, document, Some(Command::ShowSpan(span))),
        CorpusCommand::ShowMention { document, span, name } => {
            let then = Command::Batch(vec![
                Command::ShowSpan(span),
                Command::SelectEntity { name: Some(name), scroll: false },
            ]);
            return show(p, document, Some(then));
        }
        CorpusCommand::ShowClaim { document, claim } => {
            return show(p, document, Some(Command::SelectClaim { id: Some(claim), scroll: true }));
        }
        CorpusCommand::Loaded { id, path, result } => return loaded(p, id, path, result),
        CorpusCommand::Made { dir, id } => {
            let path = dir.manifest_path();
            return open_corpus(p, *dir, Some(id), &path);
        }
        CorpusCommand::PathChosen(purpose, path) => path_chosen(p, purpose, path),
        CorpusCommand::Added { dir, added, failed } => {
            let Some(c) = p.corpus.as_mut() else { return Outcome::Done };
            c.adding = false;
            // Take the new entries; anything else changed here while the files were added
            // (a state, a save) stays as it is here.
            for id in &added {
                if let Some(e) = dir.manifest.document(*id) {
                    c.dir.manifest.documents.push(e.clone());
                }
            }
            c.dir.manifest.next_document_id = c.dir.manifest.next_document_id.max(dir.manifest.next_document_id);
            c.changed();
            c.loaded = None;
            c.claim_rows_for = None;
            write_manifest(c, p.jobs, p.ctx);
            let mut text = format!("Added {}", super::words::count(added.len(), "document", "documents"));
            if !failed.is_empty() {
                text.push_str(&format!("; {} could not be added: {}", failed.len(), failed.join("; ")));
            }
            p.queue.push(if failed.is_empty() { Command::Inform(text) } else { Command::Notify(text) });
            if c.current.is_none()
                && let Some(first) = added.first()
            {
                p.queue.push(Command::Corpus(CorpusCommand::Show(*first)));
            }
        }
        CorpusCommand::AllLoaded { corpus, failed } => {
            let Some(c) = p.corpus.as_mut() else { return Outcome::Done };
            c.loading_all = false;
            let mut corpus = corpus;
            // The documents open here are newer than their files.
            {
                let loaded = Arc::make_mut(&mut corpus);
                for (id, s) in c.parked.iter().map(|(id, s)| (*id, s)).chain(c.current.zip(p.session.as_ref())) {
                    if let Some(d) = loaded.document_mut(id) {
                        d.project = s.project.clone();
                    }
                }
            }
            c.loaded = Some(corpus);
            c.loaded_version += 1;
            derive(c, p.jobs, p.ctx);
            if failed > 0 {
                p.queue.push(Command::Notify(format!("{failed} documents could not be read")));
            }
            if !c.search.query.is_empty() {
                p.queue.push(Command::Corpus(CorpusCommand::Search));
            }
            p.queue.extend(c.pending_apply.take().map(Command::Corpus));
        }
        CorpusCommand::Derived(d, version) => {
            let Some(c) = p.corpus.as_mut() else { return Outcome::Done };
            c.deriving = false;
            if version == c.loaded_version {
                c.derived = Some((d, version));
            } else {
                derive(c, p.jobs, p.ctx);
            }
        }
        CorpusCommand::ApplyToAll { from, correction, label, coder, now } => {
            apply_to_all(p, from, correction, label, coder, now);
        }
        CorpusCommand::Applied(a) => return applied(p, *a),
        CorpusCommand::Searched { query, result, elapsed_ms } => {
            let Some(c) = p.corpus.as_mut() else { return Outcome::Done };
            c.search.running = false;
            match result {
                Ok(r) => {
                    c.search.rows = search_rows(&r);
                    c.search.total_hits = r.total_hits;
                    c.search.documents = r.documents.len();
                    c.search.searched = query;
                    c.search.elapsed_ms = elapsed_ms;
                }
                Err(e) => p.queue.push(Command::Notify(e)),
            }
        }
        other => {
            let Some(c) = p.corpus.as_mut() else { return Outcome::Done };
            match other {
                CorpusCommand::SetState(id, state) => {
                    if let Some(e) = c.dir.manifest.document_mut(id) {
                        e.state = state;
                        c.changed();
                        write_manifest(c, p.jobs, p.ctx);
                    }
                }
                CorpusCommand::Rename(id, title) => {
                    let title = title.trim();
                    if let Some(e) = c.dir.manifest.document_mut(id).filter(|_| !title.is_empty()) {
                        title.clone_into(&mut e.title);
                        c.changed();
                        write_manifest(c, p.jobs, p.ctx);
                    }
                }
                CorpusCommand::Remove(id) => {
                    if c.current == Some(id) {
                        // Saved if it had changes; then nothing of it stays open.
                        if let Some(s) = p.session.take() {
                            autosave(c, p.jobs, p.ctx, &s, id, p.queue);
                        }
                        c.current = None;
                    }
                    c.parked.remove(&id);
                    c.dir.manifest.documents.retain(|d| d.id != id);
                    c.changed();
                    if let Some(l) = &mut c.loaded {
                        Arc::make_mut(l).documents.retain(|d| d.id != id);
                        c.loaded_changed(p.jobs, p.ctx);
                    }
                    c.search.rows.retain(|r| match r {
                        SearchRow::Document { id: d, .. } | SearchRow::Hit { id: d, .. } => *d != id,
                    });
                    write_manifest(c, p.jobs, p.ctx);
                    p.queue.push(Command::Inform("Removed from the corpus (its files stay in the folder)".into()));
                    if c.current.is_none()
                        && let Some(first) = c.dir.manifest.documents.first()
                    {
                        p.queue.push(Command::Corpus(CorpusCommand::Show(first.id)));
                    }
                    return Outcome::Switched;
                }
                CorpusCommand::SetTab(t) => {
                    c.tab = t;
                    if t != CorpusTab::Documents && c.loaded.is_none() {
                        load_all(c, p.jobs, p.ctx);
                    } else if matches!(t, CorpusTab::Entities | CorpusTab::Matrix | CorpusTab::Overview)
                        && c.derived.as_ref().is_none_or(|(_, v)| *v != c.loaded_version)
                    {
                        derive(c, p.jobs, p.ctx);
                    }
                }
                CorpusCommand::SelectEntity(i) => c.selected_entity = i,
                CorpusCommand::Corrected(offer) => c.offer = Some(offer),
                CorpusCommand::DismissOffer => c.offer = None,
                CorpusCommand::SetFilter(f) => c.filter = f,
                CorpusCommand::SetStateFilter(s) => c.state_filter = s,
                CorpusCommand::SetSort(s) => c.sort = s,
                CorpusCommand::SetSearchQuery(q) => c.search.query = q,
                CorpusCommand::Search => search(c, p.session.as_ref(), p.jobs, p.ctx, p.queue),
                CorpusCommand::SetClaimQuery(q) => c.claim_query = q,
                CorpusCommand::SetClaimSort(s) => c.claim_sort = s,
                CorpusCommand::LoadAll if c.loaded.is_none() => load_all(c, p.jobs, p.ctx),
                _ => {}
            }
        }
    }
    Outcome::Done
}

/// Open `dir` as the corpus, showing document `first` (else its first document).
fn open_corpus(p: Parts<'_>, dir: CorpusDir, first: Option<DocumentId>, path: &std::path::Path) -> Outcome {
    let first = first.or_else(|| dir.manifest.documents.first().map(|d| d.id));
    let n = dir.manifest.documents.len();
    let name = dir.manifest.name.clone();
    *p.corpus = Some(CorpusState::new(dir));
    p.queue.push(Command::Inform(format!("Opened corpus “{name}”: {n} documents ({})", path.display())));
    if let Some(id) = first {
        show(p, id, None)
    } else {
        // An empty corpus: nothing to show until documents are added.
        *p.session = None;
        Outcome::Switched
    }
}

/// Show document `id`, then apply `then` (a jump) once it is shown.
fn show(p: Parts<'_>, id: DocumentId, then: Option<Command>) -> Outcome {
    let Some(c) = p.corpus.as_mut() else { return Outcome::Done };
    if c.dir.manifest.document(id).is_none() {
        return Outcome::Done;
    }
    if c.current == Some(id) && p.session.is_some() {
        c.loading = None;
        p.queue.extend(then);
        return Outcome::Done;
    }
    if let Some(mut s) = c.parked.remove(&id) {
        park(c, p.session, p.jobs, p.ctx, p.top_byte, p.queue);
        if s.project.codebook != c.dir.manifest.codebook {
            // The corpus codebook changed while this document was parked: it takes it.
            s.project.codebook.clone_from(&c.dir.manifest.codebook);
            s.refresh();
        }
        *p.session = Some(s);
        c.current = Some(id);
        c.loading = None;
        p.queue.extend(then);
        return Outcome::Switched;
    }
    // Read it on a worker; the document shown stays until it is ready.
    c.loading = Some(id);
    c.after_load = then;
    let dir = c.dir.clone();
    let title = c.dir.manifest.document(id).map(|d| d.title.clone()).unwrap_or_default();
    let started = p.jobs.spawn(p.ctx, JobKind::Open, format!("Opening “{title}”…"), false, move |_| {
        let path = dir.document_path(id).unwrap_or_default();
        let result = dir
            .open_document(id)
            .map(|project| {
                let derived = Derived::new(&project);
                Box::new((project, derived))
            })
            .map_err(|e| e.to_string());
        Command::Corpus(CorpusCommand::Loaded { id, path, result })
    });
    if let Err(e) = started {
        p.queue.push(Command::Notify(e));
    }
    Outcome::Done
}

/// A document was read: show it (if it is still the one asked for).
fn loaded(p: Parts<'_>, id: DocumentId, path: PathBuf, result: Result<Box<(Project, Derived)>, String>) -> Outcome {
    let Some(c) = p.corpus.as_mut() else { return Outcome::Done };
    if c.loading != Some(id) {
        return Outcome::Done;
    }
    c.loading = None;
    let (project, derived) = match result {
        Ok(b) => *b,
        Err(e) => {
            p.queue.push(Command::Notify(format!("Cannot open the document: {e}")));
            return Outcome::Done;
        }
    };
    park(c, p.session, p.jobs, p.ctx, p.top_byte, p.queue);
    let sid = *p.next_session_id;
    *p.next_session_id += 1;
    let mut project = project;
    project.codebook.clone_from(&c.dir.manifest.codebook);
    *p.session = Some(Session::with_derived(project, derived, Some(path), sid, ViewState::default()));
    c.current = Some(id);
    p.queue.extend(c.after_load.take());
    Outcome::Switched
}

/// Put the session shown away (saving it first if it has unsaved changes), keeping its history.
fn park(
    c: &mut CorpusState,
    session: &mut Option<Session>,
    jobs: &mut Jobs,
    ctx: &egui::Context,
    top_byte: usize,
    q: &mut Vec<Command>,
) {
    let Some(mut s) = session.take() else { return };
    let Some(id) = c.current.take() else { return };
    s.view.scroll_byte = top_byte;
    // The codebook is the corpus's: edits made in this document are what the next one shows.
    if s.project.codebook != c.dir.manifest.codebook {
        c.dir.manifest.codebook.clone_from(&s.project.codebook);
    }
    autosave(c, jobs, ctx, &s, id, q);
    c.parked.insert(id, s);
}

/// Save `s` (document `id`) on a worker if it has unsaved changes. Its result is an ordinary
/// [`Command::Saved`] (which marks the parked session saved, see [`saved`]); it is not a
/// [`JobKind::Save`], which is the shown session's own save.
fn autosave(c: &CorpusState, jobs: &mut Jobs, ctx: &egui::Context, s: &Session, id: DocumentId, q: &mut Vec<Command>) {
    if !s.is_dirty() {
        return;
    }
    let Ok(path) = c.dir.document_path(id) else { return };
    let project = s.full_project().into_owned();
    let (session_id, state_id) = (s.id, s.history.state_id());
    let label = format!("Saving {}…", path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into()));
    let spawned = jobs.spawn(ctx, JobKind::File, label, false, move |_| {
        let result = crate::io::project_file::save(&path, &project).map_err(|e| e.to_string());
        Command::Saved { session_id, path, state_id, result }
    });
    if let Err(e) = spawned {
        q.push(Command::Notify(e));
    }
}

/// A save finished: a parked session is marked saved here; the manifest's entry of the
/// document saved is refreshed (and the codebook, if it was edited) and written.
fn saved(p: Parts<'_>, session_id: u64, path: &std::path::Path, state_id: u64, error: Option<&String>) {
    let Some(c) = p.corpus.as_mut() else { return };
    if error.is_some() {
        return;
    }
    let shown = p.session.as_ref().filter(|s| s.id == session_id);
    let parked = c.parked.iter_mut().find(|(_, s)| s.id == session_id);
    let (id, project) = match (shown, parked) {
        (Some(s), _) => match c.current {
            Some(id) => (id, s.full_project().into_owned()),
            None => return,
        },
        (None, Some((id, s))) => {
            s.saved_state = state_id;
            s.changed_outside_history = false;
            (*id, s.full_project().into_owned())
        }
        (None, None) => return,
    };
    if c.dir.document_path(id).ok().as_deref() != Some(path) {
        // Saved elsewhere ("Save as"): not the corpus's file.
        return;
    }
    c.dir.manifest.refresh(id, &project);
    if project.codebook != c.dir.manifest.codebook {
        c.dir.manifest.codebook.clone_from(&project.codebook);
    }
    if let Some(e) = c.dir.manifest.document_mut(id)
        && e.state == Progress::NotStarted
        && !project.claims.is_empty()
    {
        e.state = Progress::InProgress;
    }
    if let Some(l) = &mut c.loaded {
        if let Some(d) = Arc::make_mut(l).document_mut(id) {
            d.project = project;
        }
        c.loaded_changed(p.jobs, p.ctx);
    }
    c.changed();
    write_manifest(c, p.jobs, p.ctx);
}

/// Write the manifest on a worker; of writes racing, the newest wins.
fn write_manifest(c: &mut CorpusState, jobs: &mut Jobs, ctx: &egui::Context) {
    c.write_gen += 1;
    let generation = c.write_gen;
    let dir = c.dir.clone();
    let written = Arc::clone(&c.written);
    let spawned = jobs.spawn(ctx, JobKind::File, "Saving the corpus list…", false, move |_| {
        let Ok(mut last) = written.lock() else { return Command::Notify("Cannot save the corpus list".into()) };
        if *last > generation {
            return Command::Batch(Vec::new());
        }
        match dir.save_manifest() {
            Ok(()) => {
                *last = generation;
                Command::Batch(Vec::new())
            }
            Err(e) => Command::Notify(format!("Cannot save the corpus list: {e}")),
        }
    });
    if spawned.is_err() {
        // No thread: write here rather than lose the change (an error is reported by the next
        // write, or when the corpus is opened again).
        let _ = c.dir.save_manifest();
    }
}

/// Load every document on a worker (search and the claims table need them).
fn load_all(c: &mut CorpusState, jobs: &mut Jobs, ctx: &egui::Context) {
    if c.loading_all {
        return;
    }
    c.loading_all = true;
    let dir = c.dir.clone();
    let spawned = jobs.spawn(ctx, JobKind::File, "Reading the corpus…", true, move |job| {
        let progress = |pr: &JobProgress| job.set_progress(pr.done as f32 / pr.total.max(1) as f32);
        let cancel = job.cancel_flag();
        let report = dir.load_all(&progress, &cancel);
        Command::Corpus(CorpusCommand::AllLoaded { corpus: Arc::new(report.corpus), failed: report.failed.len() })
    });
    if spawned.is_err() {
        c.loading_all = false;
    }
}

/// Compute the corpus entities, the code × document matrix and the overview of the loaded
/// documents on a worker.
fn derive(c: &mut CorpusState, jobs: &mut Jobs, ctx: &egui::Context) {
    let Some(loaded) = c.loaded.clone() else { return };
    if c.deriving {
        return;
    }
    c.deriving = true;
    let version = c.loaded_version;
    let spawned = jobs.spawn(ctx, JobKind::File, "Counting entities and codes…", false, move |_| {
        let entities = crate::corpus::entities::corpus_entities(&loaded);
        let overview = crate::corpus::claims::corpus_overview(&loaded, &entities, super::session::OVERVIEW_TOP);
        let d = CorpusDerived {
            entities,
            matrix: crate::corpus::claims::code_matrix(&loaded),
            overview,
            titles: loaded.documents.iter().map(|d| (d.id, d.title.clone())).collect(),
        };
        Command::Corpus(CorpusCommand::Derived(Arc::new(d), version))
    });
    if spawned.is_err() {
        c.deriving = false;
    }
}

/// Search the loaded corpus on a worker (loading it first if needed); the document shown is
/// searched as it is now, unsaved changes included.
fn search(c: &mut CorpusState, session: Option<&Session>, jobs: &mut Jobs, ctx: &egui::Context, q: &mut Vec<Command>) {
    let query = c.search.query.clone();
    if query.trim().is_empty() {
        c.search.rows.clear();
        c.search.searched.clear();
        c.search.total_hits = 0;
        c.search.documents = 0;
        return;
    }
    let Some(loaded) = c.loaded.clone() else {
        load_all(c, jobs, ctx);
        return;
    };
    c.search.running = true;
    let current = c
        .current
        .zip(session)
        .and_then(|(id, s)| c.dir.manifest.document(id).map(|e| LoadedDocument::new(e, s.project.clone())));
    let spawned = jobs.spawn(ctx, JobKind::File, "Searching the corpus…", false, move |_| {
        let t = std::time::Instant::now();
        let result = match Query::new(&query, &SearchOptions::default()) {
            Ok(Some(compiled)) => {
                let mut r = compiled.search(&loaded);
                if let Some(doc) = &current {
                    // The shown document's hits as it is now.
                    let order = loaded.documents.iter().map(|d| d.id).collect::<Vec<_>>();
                    r.documents.retain(|d| d.document != doc.id);
                    r.documents.extend(compiled.search_document(doc));
                    r.documents.sort_by_key(|d| order.iter().position(|&i| i == d.document).unwrap_or(usize::MAX));
                    r.total_hits = r.documents.iter().map(|d| d.count).sum();
                }
                Ok(Box::new(r))
            }
            Ok(None) => Ok(Box::default()),
            Err(e) => Err(e.to_string()),
        };
        let elapsed_ms = t.elapsed().as_secs_f64() * 1000.0;
        Command::Corpus(CorpusCommand::Searched { query, result, elapsed_ms })
    });
    if let Err(e) = spawned {
        c.search.running = false;
        q.push(Command::Notify(e));
    }
}

/// `s` on one line: every run of white space one space (kept at the ends, where the hit meets
/// its context).
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The search results as list rows: each document's heading, then its hits.
fn search_rows(r: &SearchResults) -> Vec<SearchRow> {
    let mut rows = Vec::new();
    for d in &r.documents {
        let more = if d.count > d.hits.len() { format!(", {} shown", d.hits.len()) } else { String::new() };
        rows.push(SearchRow::Document { id: d.document, text: format!("{} ({} hits{more})", d.title, d.count) });
        for h in &d.hits {
            rows.push(SearchRow::Hit {
                id: d.document,
                span: h.span,
                before: one_line(&h.before),
                text: one_line(&h.text),
                after: one_line(&h.after),
            });
        }
    }
    rows
}

/// A path was chosen for adding documents, a new corpus, or adding the article to a corpus.
fn path_chosen(p: Parts<'_>, purpose: PromptPurpose, path: PathBuf) {
    match purpose {
        PromptPurpose::AddDocuments => {
            let Some(c) = p.corpus.as_mut() else { return };
            if c.adding {
                p.queue.push(Command::Notify("Documents are being added already".into()));
                return;
            }
            c.adding = true;
            let mut dir = c.dir.clone();
            let label =
                format!("Adding {}…", path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into()));
            let spawned = p.jobs.spawn(p.ctx, JobKind::File, label, true, move |job| {
                let progress = |pr: &JobProgress| job.set_progress(pr.done as f32 / pr.total.max(1) as f32);
                let cancel = job.cancel_flag();
                match dir.add_paths(std::slice::from_ref(&path), &progress, &cancel) {
                    Ok(report) => Command::Corpus(CorpusCommand::Added {
                        failed: report.failed.iter().map(ToString::to_string).collect(),
                        added: report.added,
                        dir: Box::new(dir),
                    }),
                    Err(e) => Command::Batch(vec![
                        Command::Corpus(CorpusCommand::Added {
                            dir: Box::new(dir),
                            added: Vec::new(),
                            failed: Vec::new(),
                        }),
                        Command::Notify(format!("Cannot add documents: {e}")),
                    ]),
                }
            });
            if let Err(e) = spawned {
                c.adding = false;
                p.queue.push(Command::Notify(e));
            }
        }
        PromptPurpose::NewCorpus | PromptPurpose::AddToCorpus => {
            let Some(s) = p.session.as_ref() else { return };
            let (project, project_path) = (s.full_project().into_owned(), s.path.clone());
            let new = purpose == PromptPurpose::NewCorpus;
            let label = if new { "Making the corpus…" } else { "Adding to the corpus…" };
            let spawned = p.jobs.spawn(p.ctx, JobKind::File, label, false, move |_| {
                let made = if new {
                    let name =
                        path.file_name().map_or_else(|| "corpus".to_owned(), |n| n.to_string_lossy().into_owned());
                    CorpusDir::new_from_project(&path, &name, project, project_path.as_deref())
                } else {
                    CorpusDir::open(&path).and_then(|mut dir| {
                        let id = dir.add_project(project, project_path.as_deref())?;
                        Ok((dir, id))
                    })
                };
                match made {
                    Ok((dir, id)) => Command::Corpus(CorpusCommand::Made { dir: Box::new(dir), id }),
                    Err(e) => Command::Notify(e.to_string()),
                }
            });
            if let Err(e) = spawned {
                p.queue.push(Command::Notify(e));
            }
        }
        _ => {}
    }
}

/// "Apply to all documents": make `correction`, made in document `from`, in every other
/// document of the corpus where it applies. What to change is found on a worker over every
/// document (read first if they are not yet); the documents open in the window (shown or
/// parked) are corrected in their own sessions when the answer comes back (one undo step
/// each, see [`applied`]); the others are read, corrected and saved (atomically) on that
/// worker.
fn apply_to_all(
    p: Parts<'_>,
    from: DocumentId,
    correction: Correction,
    label: String,
    coder: String,
    now: jiff::Timestamp,
) {
    let Some(c) = p.corpus.as_mut() else { return };
    if c.applying {
        p.queue.push(Command::Notify("A correction is being applied to every document already".into()));
        return;
    }
    let Some(loaded) = c.loaded.as_mut() else {
        c.pending_apply = Some(CorpusCommand::ApplyToAll { from, correction, label, coder, now });
        load_all(c, p.jobs, p.ctx);
        return;
    };
    // The documents open here are newer than their files.
    let open: BTreeSet<DocumentId> =
        c.parked.keys().copied().chain(c.current.filter(|_| p.session.is_some())).collect();
    {
        let l = Arc::make_mut(loaded);
        for (id, s) in c.parked.iter().map(|(id, s)| (*id, s)).chain(c.current.zip(p.session.as_ref())) {
            if let Some(d) = l.document_mut(id)
                && d.project != s.project
            {
                d.project.clone_from(&s.project);
            }
        }
    }
    c.applying = true;
    let corpus = Arc::clone(loaded);
    let dir = c.dir.clone();
    let spawned =
        p.jobs.spawn(p.ctx, JobKind::File, "Applying the correction to every document…", false, move |job| {
            let edits = match &correction {
                Correction::Mentions(list) => {
                    list.iter().flat_map(|x| propagate_correction(&corpus, from, x)).collect::<Vec<_>>()
                }
                Correction::Group(g) => propagate_group_correction(&corpus, from, g),
            };
            let mut by_doc: BTreeMap<DocumentId, Vec<Edit>> = BTreeMap::new();
            for (id, e) in edits {
                by_doc.entry(id).or_default().push(e);
            }
            let ctx = EditContext::new(coder.clone(), now);
            let total = by_doc.len().max(1);
            let mut out = Applied { from: Some(from), label, coder, now: Some(now), ..Applied::default() };
            for d in &corpus.documents {
                let Some(edits) = by_doc.remove(&d.id) else { continue };
                if open.contains(&d.id) {
                    out.open.push((d.id, edits));
                } else {
                    match correct_on_disk(&dir, d.id, &edits, &ctx) {
                        Ok(project) => out.saved.push((d.id, edits, Box::new(project))),
                        Err(e) => out.failed.push(format!("{}: {e}", d.title)),
                    }
                }
                job.set_progress((out.open.len() + out.saved.len() + out.failed.len()) as f32 / total as f32);
            }
            Command::Corpus(CorpusCommand::Applied(Box::new(out)))
        });
    if let Err(e) = spawned {
        c.applying = false;
        p.queue.push(Command::Notify(e));
    }
}

/// Read document `id` from its file, make `edits` in it and save it (atomically).
fn correct_on_disk(dir: &CorpusDir, id: DocumentId, edits: &[Edit], ctx: &EditContext) -> Result<Project, String> {
    let mut project = dir.open_document(id).map_err(|e| e.to_string())?;
    appended(edits, &project).stamped(ctx).apply(&mut project).map_err(|e| e.to_string())?;
    let path = dir.document_path(id).map_err(|e| e.to_string())?;
    crate::io::project_file::save(&path, &project).map_err(|e| e.to_string())?;
    Ok(project)
}

/// `edits` (insertions of entity corrections) as one edit appending them, in order, after the
/// corrections `project` has now (it may have changed since they were computed).
fn appended(edits: &[Edit], project: &Project) -> Edit {
    let (mut n, mut g) = (project.entities.corrections.len(), project.entities.groups.len());
    Edit::Batch(
        edits
            .iter()
            .cloned()
            .map(|e| match e {
                Edit::InsertCorrection { correction, .. } => {
                    n += 1;
                    Edit::InsertCorrection { index: n - 1, correction }
                }
                Edit::InsertGroupCorrection { correction, .. } => {
                    g += 1;
                    Edit::InsertGroupCorrection { index: g - 1, correction }
                }
                other => other,
            })
            .collect(),
    )
}

/// True if `project` holds every correction `edits` insert.
fn holds(edits: &[Edit], project: &Project) -> bool {
    let e = &project.entities;
    edits.iter().all(|edit| match edit {
        Edit::InsertCorrection { correction, .. } => {
            e.corrections.iter().any(|x| x.target == correction.target && x.action == correction.action)
        }
        Edit::InsertGroupCorrection { correction, .. } => e.groups.contains(correction),
        _ => true,
    })
}

/// Make `edits` in document `id` if it is open in the window: in the session shown through
/// the ordinary edit command (undo, dirty, saved as usual); in a parked session as one undo
/// step of its own history, then saved. False if it is not open.
#[allow(clippy::too_many_arguments)]
fn correct_in_session(
    c: &mut CorpusState,
    session: Option<&Session>,
    jobs: &mut Jobs,
    ctx: &egui::Context,
    q: &mut Vec<Command>,
    id: DocumentId,
    edits: &[Edit],
    label: &str,
    edit_ctx: &EditContext,
    failed: &mut Vec<String>,
) -> bool {
    if let Some(s) = session.filter(|_| c.current == Some(id)) {
        q.push(Command::Edit { edit: appended(edits, &s.project), label: label.to_owned(), coalesce: None });
        if let Some(l) = &mut c.loaded
            && let Some(d) = Arc::make_mut(l).document_mut(id)
        {
            let _ = appended(edits, &d.project).apply(&mut d.project);
        }
        return true;
    }
    let Some(s) = c.parked.get_mut(&id) else { return false };
    let edit = appended(edits, &s.project);
    let touched = edit.touches(&s.project);
    if let Err(e) = s.history.apply_with(&mut s.project, edit, edit_ctx, label, None) {
        failed.push(format!("{}: {e}", c.dir.manifest.document(id).map_or("?", |d| d.title.as_str())));
        return false;
    }
    s.refresh_after(touched);
    let project = s.project.clone();
    if let Some(l) = &mut c.loaded
        && let Some(d) = Arc::make_mut(l).document_mut(id)
    {
        d.project = project;
    }
    if let Some(s) = c.parked.get(&id) {
        autosave(c, jobs, ctx, s, id, q);
    }
    true
}

/// A correction was made in other documents (see [`apply_to_all`]): correct the documents open
/// in the window, take the saved ones into the list and the loaded corpus, count the corpus
/// entities again, tell the user.
fn applied(p: Parts<'_>, a: Applied) -> Outcome {
    let Some(c) = p.corpus.as_mut() else { return Outcome::Done };
    c.applying = false;
    let edit_ctx = EditContext { coder: a.coder.clone(), now: a.now };
    let mut failed = a.failed;
    let mut n = 0usize;
    for (id, edits) in &a.open {
        n += usize::from(correct_in_session(
            c,
            p.session.as_ref(),
            p.jobs,
            p.ctx,
            p.queue,
            *id,
            edits,
            &a.label,
            &edit_ctx,
            &mut failed,
        ));
    }
    for (id, edits, project) in a.saved {
        n += 1;
        let open_now = c.parked.contains_key(&id) || (c.current == Some(id) && p.session.is_some());
        if open_now {
            // Opened while the worker ran: it may have been read before the file was saved.
            let shown = p.session.as_ref().filter(|_| c.current == Some(id));
            let session_project = shown.map(|s| &s.project).or_else(|| c.parked.get(&id).map(|s| &s.project));
            if session_project.is_some_and(|sp| !holds(&edits, sp)) {
                correct_in_session(
                    c,
                    p.session.as_ref(),
                    p.jobs,
                    p.ctx,
                    p.queue,
                    id,
                    &edits,
                    &a.label,
                    &edit_ctx,
                    &mut failed,
                );
            }
        } else if let Some(l) = &mut c.loaded
            && let Some(d) = Arc::make_mut(l).document_mut(id)
        {
            d.project.clone_from(&project);
        }
        c.dir.manifest.refresh(id, &project);
    }
    c.offer = None;
    c.changed();
    write_manifest(c, p.jobs, p.ctx);
    c.loaded_changed(p.jobs, p.ctx);
    let text = if n == 0 {
        "No other document has this entity: nothing to apply".to_owned()
    } else {
        format!("Applied to {}", super::words::count(n, "document", "documents"))
    };
    if failed.is_empty() {
        p.queue.push(Command::Inform(text));
    } else {
        p.queue.push(Command::Notify(format!(
            "{text}; {} could not be corrected: {}",
            failed.len(),
            failed.join("; ")
        )));
    }
    Outcome::Done
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::nlp::EntityLabel;
    use crate::project::{CorrectionAction, CorrectionTarget, EntityCorrection, GroupCorrection, SourceInfo};

    #[test]
    fn corrections_are_appended_in_order_after_those_made_since() {
        let text = "Kyiv and Kyïv met Zürich in Kyiv.";
        let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, text)]), SourceInfo::default());
        let set = |t: &str| {
            EntityCorrection::new(CorrectionTarget::AllMentions(t.into()), CorrectionAction::SetLabel(EntityLabel::Org))
        };
        // Computed when the project had no correction; one was made since.
        let edits = vec![
            Edit::InsertCorrection { index: 0, correction: set("Kyiv") },
            Edit::InsertCorrection { index: 0, correction: set("Kyïv") },
            Edit::InsertGroupCorrection {
                index: 0,
                correction: GroupCorrection::Rename { entity: "Zürich".into(), name: "Zurich".into() },
            },
        ];
        Edit::InsertCorrection { index: 0, correction: set("Zürich") }.apply(&mut p).unwrap();
        assert!(!holds(&edits, &p));
        let inverse = appended(&edits, &p).apply(&mut p).unwrap();
        let targets: Vec<_> = p.entities.corrections.iter().map(|c| c.target.clone()).collect();
        let all = |t: &str| CorrectionTarget::AllMentions(t.into());
        assert_eq!(targets, [all("Zürich"), all("Kyiv"), all("Kyïv")], "appended, in order");
        assert_eq!(p.entities.groups.len(), 1);
        assert!(holds(&edits, &p));
        inverse.apply(&mut p).unwrap();
        assert_eq!(p.entities.corrections.len(), 1, "one undo step takes them all back");
        assert!(p.entities.groups.is_empty());
    }
}
