//! [`Library`]: the persistent fact-check library, a folder holding one tantivy index.
//!
//! The index is both the search index and the store of the items: every document keeps its
//! whole [`FactCheck`] as JSON in a stored field (tantivy's document store), its URL as an
//! exact-match key, and the analysed claim, title and claimant for BM25. One store means one
//! atomic commit: an import either lands whole or not at all (a cancelled or failed import
//! leaves the library as it was), and the store and the index can never disagree.
//! The commit's payload records the library format and [`ANALYSIS_VERSION`]; a library
//! analysed by another version is re-indexed from its stored items when opened for writing.
//!
//! Re-importing a URL replaces its item. The desk's own verdicts ("checked here") are items
//! too, keyed by project path and claim id ([`Library::set_project_claims`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use super::analyze::{ANALYSIS_VERSION, ANALYZER_NAME, analyzer};
use super::feed::{self, FeedError, FeedReport, Stop};
use super::model::{CheckedHere, FactCheck, Rating};
use crate::project::Project;

/// The library's own format version (fields of the index).
pub const LIBRARY_FORMAT: u32 = 1;

/// Memory the index writer may use before it writes a segment (split over its threads).
const WRITER_MEMORY_BYTES: usize = 96 * 1024 * 1024;

/// What went wrong with a library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LibraryErrorKind {
    /// There is no library at the path.
    #[error("there is no fact-check library here (import a feed first: claimlens factchecks import FEED -o DIR)")]
    NotFound,
    /// The folder holds something else, or the index is damaged.
    #[error("not a fact-check library, or it is damaged: {0}")]
    Damaged(String),
    /// Written by a newer ClaimLens.
    #[error("written by a newer ClaimLens (library format {found}; this version reads up to {supported})")]
    TooNew {
        /// The library's format.
        found: u32,
        /// The newest this build reads.
        supported: u32,
    },
    /// Another program (or window) is writing to the library.
    #[error("the library is being changed by another program; try again when it has finished")]
    Locked,
    /// A feed could not be read.
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// The import was cancelled; the library is unchanged.
    #[error("cancelled; the library is unchanged")]
    Cancelled,
    /// A file system or index error.
    #[error("{0}")]
    Index(String),
}

/// A library error with the library's folder (`None` for an in-memory library).
#[derive(Debug, thiserror::Error)]
#[error("{}{kind}", path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
pub struct LibraryError {
    /// What went wrong.
    pub kind: LibraryErrorKind,
    /// The library folder.
    pub path: Option<PathBuf>,
}

fn index_err(e: &tantivy::TantivyError) -> LibraryErrorKind {
    match e {
        tantivy::TantivyError::LockFailure(..) => LibraryErrorKind::Locked,
        tantivy::TantivyError::DataCorruption(_) | tantivy::TantivyError::SchemaError(_) => {
            LibraryErrorKind::Damaged(e.to_string())
        }
        _ => LibraryErrorKind::Index(e.to_string()),
    }
}

/// The index fields.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fields {
    /// The key (exact).
    pub url: Field,
    /// The project path of "checked here" items (exact), for replacing a project's items.
    pub project: Field,
    /// Claim and title, analysed (BM25).
    pub text: Field,
    /// The claimant, analysed.
    pub who: Field,
    /// The item as JSON (stored only).
    pub item: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(ANALYZER_NAME).set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        url: b.add_text_field("url", STRING | STORED),
        project: b.add_text_field("project", STRING),
        text: b.add_text_field("text", analysed.clone()),
        who: b.add_text_field("who", analysed),
        item: b.add_text_field("item", STORED),
    };
    (b.build(), fields)
}

/// What the commit payload says about the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Payload {
    claimlens_library: u32,
    analysis: u32,
}

const PAYLOAD: Payload = Payload { claimlens_library: LIBRARY_FORMAT, analysis: ANALYSIS_VERSION };

/// Progress of an import, for a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportProgress {
    /// The feed being read (0-based).
    pub feed: usize,
    /// How many feeds.
    pub feeds: usize,
    /// Items read so far (all feeds).
    pub items: usize,
    /// Bytes of the current feed read so far.
    pub bytes_read: u64,
    /// Size of the current feed.
    pub bytes_total: u64,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// One report per feed, in the order given.
    pub feeds: Vec<(String, FeedReport)>,
    /// Items read (all feeds; an item whose URL came again counts each time).
    pub items: usize,
    /// Records skipped (all feeds).
    pub skipped: usize,
    /// Items in the library afterwards.
    pub library_items: u64,
}

/// A fact-check library: open it once (fast: the index is memory-mapped), match many claims
/// from any thread (`&self`), change it with `&mut self`.
pub struct Library {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    dir: Option<PathBuf>,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("dir", &self.dir).field("items", &self.len()).finish_non_exhaustive()
    }
}

/// The folder name of the default library inside the data folder.
const DEFAULT_NAME: &str = "factchecks";

impl Library {
    /// The default library: `$CLAIMLENS_DATA_DIR/factchecks` if that variable is set, else
    /// the platform data folder (`~/.local/share/claimlens/factchecks` on Linux).
    #[must_use]
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("CLAIMLENS_DATA_DIR") {
            return Some(PathBuf::from(dir).join(DEFAULT_NAME));
        }
        directories::ProjectDirs::from("org", "ClaimLens", "claimlens").map(|d| d.data_dir().join(DEFAULT_NAME))
    }

    fn err(&self, kind: impl Into<LibraryErrorKind>) -> LibraryError {
        LibraryError { kind: kind.into(), path: self.dir.clone() }
    }

    /// Open the library in `dir` for matching (and changing).
    ///
    /// # Errors
    /// [`LibraryErrorKind::NotFound`] if `dir` holds no library, [`LibraryErrorKind::TooNew`],
    /// [`LibraryErrorKind::Damaged`].
    pub fn open(dir: &Path) -> Result<Self, LibraryError> {
        let e = |kind| LibraryError { kind, path: Some(dir.to_owned()) };
        if !dir.join("meta.json").is_file() {
            return Err(e(LibraryErrorKind::NotFound));
        }
        let index = Index::open_in_dir(dir).map_err(|x| e(index_err(&x)))?;
        Self::from_index(index, Some(dir.to_owned()))
    }

    /// Open the library in `dir`, creating an empty one (and the folder) if there is none.
    ///
    /// # Errors
    /// As [`Library::open`]; also if the folder cannot be created.
    pub fn open_or_create(dir: &Path) -> Result<Self, LibraryError> {
        if dir.join("meta.json").is_file() {
            return Self::open(dir);
        }
        let e = |kind| LibraryError { kind, path: Some(dir.to_owned()) };
        std::fs::create_dir_all(dir)
            .map_err(|x| e(LibraryErrorKind::Index(format!("cannot create the folder: {x}"))))?;
        if std::fs::read_dir(dir).map_err(|x| e(LibraryErrorKind::Index(x.to_string())))?.next().is_some() {
            return Err(e(LibraryErrorKind::Damaged("the folder is not empty and holds no library".to_owned())));
        }
        let index = Index::create_in_dir(dir, schema().0).map_err(|x| e(index_err(&x)))?;
        let mut lib = Self::from_index(index, Some(dir.to_owned()))?;
        lib.commit_empty()?;
        Ok(lib)
    }

    /// A library in memory (nothing written to disk), e.g. to match against a feed once.
    ///
    /// # Errors
    /// Only if the index cannot be set up.
    pub fn in_memory() -> Result<Self, LibraryError> {
        let index = Index::create_in_ram(schema().0);
        let mut lib = Self::from_index(index, None)?;
        lib.commit_empty()?;
        Ok(lib)
    }

    fn from_index(index: Index, dir: Option<PathBuf>) -> Result<Self, LibraryError> {
        let e = |kind| LibraryError { kind, path: dir.clone() };
        let s = index.schema();
        let field = |name: &str| {
            s.get_field(name).map_err(|_| e(LibraryErrorKind::Damaged(format!("the index has no field {name:?}"))))
        };
        let fields = Fields {
            url: field("url")?,
            project: field("project")?,
            text: field("text")?,
            who: field("who")?,
            item: field("item")?,
        };
        index.tokenizers().register(ANALYZER_NAME, analyzer());
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(|x| e(index_err(&x)))?;
        let lib = Self { index, reader, fields, dir };
        if let Some(p) = lib.payload()?
            && p.claimlens_library > LIBRARY_FORMAT
        {
            return Err(lib.err(LibraryErrorKind::TooNew { found: p.claimlens_library, supported: LIBRARY_FORMAT }));
        }
        Ok(lib)
    }

    fn payload(&self) -> Result<Option<Payload>, LibraryError> {
        let metas = self.index.load_metas().map_err(|x| self.err(index_err(&x)))?;
        Ok(metas.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()))
    }

    /// True when the index was analysed by this build's [`ANALYSIS_VERSION`] (else matching
    /// still works, a little worse, until [`Library::reindex`] runs; every write re-indexes
    /// first).
    ///
    /// # Errors
    /// If the index metadata cannot be read.
    pub fn is_current(&self) -> Result<bool, LibraryError> {
        Ok(self.payload()?.is_none_or(|p| p == PAYLOAD))
    }

    /// The folder (`None` in memory).
    #[must_use]
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Items in the library.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when the library holds no item.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn writer(&self, memory: usize) -> Result<IndexWriter, LibraryError> {
        self.index.writer(memory).map_err(|x| self.err(index_err(&x)))
    }

    fn commit(&self, writer: &mut IndexWriter) -> Result<(), LibraryError> {
        let mut prepared = writer.prepare_commit().map_err(|x| self.err(index_err(&x)))?;
        prepared.set_payload(&serde_json::to_string(&PAYLOAD).expect("the payload serialises"));
        prepared.commit().map_err(|x| self.err(index_err(&x)))?;
        self.reader.reload().map_err(|x| self.err(index_err(&x)))
    }

    fn commit_empty(&mut self) -> Result<(), LibraryError> {
        let mut w = self.writer(15_000_000)?;
        self.commit(&mut w)
    }

    fn document(&self, item: &FactCheck) -> TantivyDocument {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.url, &item.url);
        if let Some(here) = &item.checked_here {
            doc.add_text(f.project, &here.project);
        }
        doc.add_text(f.text, &item.claim);
        if !item.title.is_empty() && item.title != item.claim {
            doc.add_text(f.text, &item.title);
        }
        if !item.claimant.is_empty() {
            doc.add_text(f.who, &item.claimant);
        }
        doc.add_text(f.item, serde_json::to_string(item).expect("a fact-check serialises"));
        doc
    }

    /// The item stored at `addr`.
    pub(super) fn stored(&self, searcher: &tantivy::Searcher, addr: DocAddress) -> Result<FactCheck, LibraryError> {
        let doc: TantivyDocument = searcher.doc(addr).map_err(|x| self.err(index_err(&x)))?;
        let json = doc.get_first(self.fields.item).and_then(|v| v.as_str()).unwrap_or("{}");
        serde_json::from_str(json).map_err(|x| self.err(LibraryErrorKind::Damaged(format!("a stored item: {x}"))))
    }

    /// The item with `url`, if the library has it.
    ///
    /// # Errors
    /// If the index cannot be read.
    pub fn item(&self, url: &str) -> Result<Option<FactCheck>, LibraryError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(self.fields.url, url), IndexRecordOption::Basic);
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score()).map_err(|x| self.err(index_err(&x)))?;
        top.first().map(|(_, addr)| self.stored(&searcher, *addr)).transpose()
    }

    /// Every item, sorted by URL (for export and re-indexing).
    ///
    /// # Errors
    /// If the index cannot be read.
    pub fn items(&self) -> Result<Vec<FactCheck>, LibraryError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(usize::try_from(searcher.num_docs()).unwrap_or(0));
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let ord = u32::try_from(ord).expect("fewer than 2^32 segments");
            for doc in seg.doc_ids_alive() {
                out.push(self.stored(&searcher, DocAddress::new(ord, doc))?);
            }
        }
        out.sort_by(|a, b| a.url.cmp(&b.url));
        Ok(out)
    }

    /// Re-analyse every stored item with this build's analysis (after an update of
    /// ClaimLens changed it). Does nothing when the index is current.
    ///
    /// # Errors
    /// If the index cannot be read or written.
    pub fn reindex(&mut self) -> Result<(), LibraryError> {
        if self.is_current()? {
            return Ok(());
        }
        let items = self.items()?;
        let mut w = self.writer(WRITER_MEMORY_BYTES)?;
        w.delete_all_documents().map_err(|x| self.err(index_err(&x)))?;
        for item in &items {
            w.add_document(self.document(item)).map_err(|x| self.err(index_err(&x)))?;
        }
        self.commit(&mut w)?;
        w.wait_merging_threads().map_err(|x| self.err(index_err(&x)))
    }

    /// Import feeds (any shape [`feed`] reads), streaming: items go to the index writer as
    /// they are read. Items whose URL is in the library already replace it. One commit at the
    /// end: when `cancel` is set (checked every item) or a feed cannot be read, the library is
    /// left as it was. `progress` is called every 1000 items and at the end of each feed.
    ///
    /// # Errors
    /// A feed that cannot be read at all ([`LibraryErrorKind::Feed`]), cancellation, or an
    /// index error. Bad records inside a feed are no error: they are counted in the report.
    pub fn import(
        &mut self,
        feeds: &[PathBuf],
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportReport, LibraryError> {
        self.reindex()?;
        let mut w = self.writer(WRITER_MEMORY_BYTES)?;
        let fresh = self.is_empty();
        // In an empty library a URL needs deleting only when it repeats within the import.
        let mut seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
        let mut report = ImportReport::default();
        let mut state = ImportProgress { feeds: feeds.len(), ..ImportProgress::default() };
        for (n, path) in feeds.iter().enumerate() {
            state.feed = n;
            state.bytes_total = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            state.bytes_read = 0;
            let counter = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
            let file =
                std::fs::File::open(path).map_err(|x| self.err(FeedError { kind: x.into(), path: path.clone() }))?;
            let reader = std::io::BufReader::with_capacity(1 << 16, Counting { inner: file, read: counter.clone() });
            let mut index_error = None;
            let r = feed::read_feed(reader, path, &mut |item: FactCheck| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Stop);
                }
                let key = Term::from_field_text(self.fields.url, &item.url);
                if !fresh || !seen.insert(hash(&item.url)) {
                    w.delete_term(key);
                }
                if let Err(e) = w.add_document(self.document(&item)) {
                    index_error = Some(e);
                    return Err(Stop);
                }
                state.items += 1;
                if state.items.is_multiple_of(1000) {
                    state.bytes_read = counter.load(Ordering::Relaxed);
                    progress(&state);
                }
                Ok(())
            });
            let feed_report = match r {
                Ok(r) => r,
                Err(e) => {
                    let _ = w.rollback();
                    if let Some(ie) = index_error {
                        return Err(self.err(index_err(&ie)));
                    }
                    if matches!(e.kind, feed::FeedErrorKind::Cancelled) {
                        return Err(self.err(LibraryErrorKind::Cancelled));
                    }
                    return Err(self.err(e));
                }
            };
            state.bytes_read = state.bytes_total;
            progress(&state);
            report.items += feed_report.items;
            report.skipped += feed_report.skipped;
            report.feeds.push((path.display().to_string(), feed_report));
        }
        if cancel.load(Ordering::Relaxed) {
            let _ = w.rollback();
            return Err(self.err(LibraryErrorKind::Cancelled));
        }
        self.commit(&mut w)?;
        w.wait_merging_threads().map_err(|x| self.err(index_err(&x)))?;
        self.reader.reload().map_err(|x| self.err(index_err(&x)))?;
        report.library_items = self.len();
        Ok(report)
    }

    /// Add or replace items (by URL), in one commit.
    ///
    /// # Errors
    /// If the index cannot be written.
    pub fn upsert(&mut self, items: &[FactCheck]) -> Result<(), LibraryError> {
        self.reindex()?;
        let mut w = self.writer(30_000_000)?;
        for item in items {
            w.delete_term(Term::from_field_text(self.fields.url, &item.url));
            w.add_document(self.document(item)).map_err(|x| self.err(index_err(&x)))?;
        }
        self.commit(&mut w)
    }

    /// Make the library hold exactly the verdicts of `project` (saved at `project_path`) as
    /// "checked here" items: every claim with a verdict becomes an item keyed by the project
    /// path and the claim id; the project's earlier items are replaced. The window calls this
    /// when a project is opened or saved. Returns the number of items the project now has.
    ///
    /// # Errors
    /// If the index cannot be written ([`LibraryErrorKind::Locked`] while another program
    /// writes to it).
    pub fn set_project_claims(&mut self, project_path: &Path, project: &Project) -> Result<usize, LibraryError> {
        self.reindex()?;
        let key = project_key(project_path);
        let items = checked_here_items(&key, project);
        let mut w = self.writer(15_000_000)?;
        w.delete_term(Term::from_field_text(self.fields.project, &key));
        for item in &items {
            w.delete_term(Term::from_field_text(self.fields.url, &item.url));
            w.add_document(self.document(item)).map_err(|x| self.err(index_err(&x)))?;
        }
        self.commit(&mut w)?;
        Ok(items.len())
    }

    /// Remove a project's "checked here" items (the project was deleted).
    ///
    /// # Errors
    /// If the index cannot be written.
    pub fn remove_project(&mut self, project_path: &Path) -> Result<(), LibraryError> {
        let mut w = self.writer(15_000_000)?;
        w.delete_term(Term::from_field_text(self.fields.project, &project_key(project_path)));
        self.commit(&mut w)
    }

    /// Every "checked here" item of a project, sorted by claim id.
    ///
    /// # Errors
    /// If the index cannot be read.
    pub fn project_items(&self, project_path: &Path) -> Result<Vec<FactCheck>, LibraryError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.project, &project_key(project_path)),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&q, &TopDocs::with_limit(1_000_000).order_by_score())
            .map_err(|x| self.err(index_err(&x)))?;
        let mut items = top.iter().map(|(_, a)| self.stored(&searcher, *a)).collect::<Result<Vec<_>, _>>()?;
        items.sort_by_key(|f| f.checked_here.as_ref().map(|h| h.claim));
        Ok(items)
    }

    /// BM25 candidates for weighted analysed terms: `(term, weight)` on the claim/title field
    /// and on the claimant field; best first.
    pub(super) fn candidates(
        &self,
        searcher: &tantivy::Searcher,
        text_terms: &[(String, f32)],
        who_terms: &[(String, f32)],
        limit: usize,
    ) -> Result<Vec<(f32, DocAddress)>, LibraryError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, terms) in [(self.fields.text, text_terms), (self.fields.who, who_terms)] {
            for (t, w) in terms {
                let q = TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), *w))));
            }
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let q = BooleanQuery::new(clauses);
        searcher.search(&q, &TopDocs::with_limit(limit.max(1)).order_by_score()).map_err(|x| self.err(index_err(&x)))
    }

    /// Number of documents containing analysed term `t` in the claim/title field (for
    /// scoring outside tantivy).
    pub(super) fn term_stats(&self, searcher: &tantivy::Searcher, t: &str) -> u64 {
        searcher.doc_freq(&Term::from_field_text(self.fields.text, t)).unwrap_or(0)
    }

    /// Average number of terms in the claim/title field.
    pub(super) fn average_length(&self, searcher: &tantivy::Searcher) -> f32 {
        use tantivy::query::Bm25StatisticsProvider as _;
        let docs = searcher.total_num_docs().unwrap_or(0).max(1);
        let tokens = searcher.total_num_tokens(self.fields.text).unwrap_or(0);
        tokens as f32 / docs as f32
    }

    /// Every item, unsorted, through a callback (large libraries: not collected).
    ///
    /// # Errors
    /// If the index cannot be read.
    pub fn for_each_item(&self, f: &mut dyn FnMut(FactCheck)) -> Result<(), LibraryError> {
        let searcher = self.reader.searcher();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let ord = u32::try_from(ord).expect("fewer than 2^32 segments");
            for doc in seg.doc_ids_alive() {
                f(self.stored(&searcher, DocAddress::new(ord, doc))?);
            }
        }
        Ok(())
    }
}

/// A reader that counts the bytes read (for progress).
struct Counting<R> {
    inner: R,
    read: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn hash(s: &str) -> u64 {
    // FNV-1a: stable, no dependency; collisions only cost an unneeded delete.
    s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The key of a project: its path as given (the window passes absolute paths).
fn project_key(path: &Path) -> String {
    path.display().to_string()
}

/// The URL of a "checked here" item: a `file://` link to the project with the claim as
/// fragment (spaces, `%` and `#` percent-encoded).
#[must_use]
pub fn checked_here_url(project_path: &Path, claim: crate::project::ClaimId) -> String {
    let mut p = String::new();
    for c in project_path.display().to_string().chars() {
        match c {
            ' ' => p.push_str("%20"),
            '%' => p.push_str("%25"),
            '#' => p.push_str("%23"),
            '?' => p.push_str("%3F"),
            c => p.push(c),
        }
    }
    let slash = if p.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{p}#claim-{claim}")
}

/// The "checked here" items of a project: its claims with a verdict.
fn checked_here_items(key: &str, project: &Project) -> Vec<FactCheck> {
    let meta = &project.document.meta;
    let path = Path::new(key);
    project
        .claims
        .iter()
        .filter_map(|c| {
            let verdict = c.verdict?;
            Some(FactCheck {
                url: checked_here_url(path, c.id),
                claim: c.quote.clone(),
                claimant: c.claimant.clone(),
                claim_date: meta.date.as_deref().and_then(feed::normalize_date),
                rating: Rating::from_verdict(verdict),
                publisher: "checked here".to_owned(),
                publisher_site: String::new(),
                review_date: Some(c.modified.strftime("%Y-%m-%d").to_string()),
                title: project.document.display_title().unwrap_or_default().to_owned(),
                language: project.document.meta.language.clone().unwrap_or_default(),
                checked_here: Some(CheckedHere { project: key.to_owned(), claim: c.id }),
            })
        })
        .collect()
}
