//! Corpus folders on disk: the manifest, the documents' project files and their sources.
//!
//! ```text
//! my-study/
//!   corpus.claimlens.ron              the manifest (crate::corpus::Manifest), written atomically
//!   sources/SLUG.EXT                  the articles as imported (bytes unchanged)
//!   documents/SLUG.claimlens.ron      one ordinary project per article
//!   .gitignore                        ignores the `NAME~` backups and temporary files
//! ```
//!
//! Nothing in the folder names a path outside it: manifest paths are relative to the folder,
//! and a document's `source.path` is relative to its project file (`../sources/SLUG.EXT`), so
//! the folder can be zipped, mailed or put in git, and each project file still opens alone
//! (every `claimlens project` command works on it). [`resolve_source`] turns a project's
//! source path into a path on this machine.
//!
//! Listing reads only the manifest ([`CorpusDir::open`]); a document's project is read when it
//! is opened ([`CorpusDir::open_document`], which applies the corpus codebook) or when the
//! whole corpus is loaded for search, entities and claims ([`CorpusDir::load_all`], parallel).
//! Saving a document through the corpus ([`CorpusDir::save_document`]) refreshes its summary
//! in the manifest. Adding files imports and analyses them on all cores
//! ([`CorpusDir::add_paths`], with a progress callback and a cancel flag); the manifest order
//! is the order given (folders: their sorted listing), whatever order the work finishes in.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::project_file::{self, write_atomic};
use super::{ImportError, ProjectFileError};
use crate::corpus::manifest::{self, DOCUMENTS_DIR, MANIFEST_FILE, SOURCES_DIR};
use crate::corpus::{DocumentEntry, DocumentId, LoadedCorpus, LoadedDocument, Manifest, ManifestError, Progress};
use crate::nlp::Pipeline;
use crate::project::{Codebook, Project};

/// Why a corpus operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusErrorKind {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The manifest cannot be read.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The folder has no manifest.
    #[error("not a corpus folder (no {MANIFEST_FILE} in it)")]
    NotACorpus,
    /// A new corpus must go into a new or empty folder.
    #[error("the folder is not empty (a new corpus needs a new or empty folder)")]
    NotEmpty,
    /// No document with this id.
    #[error("the corpus has no document {0}")]
    UnknownDocument(DocumentId),
    /// Another document has this slug.
    #[error("another document is already called {0:?}")]
    SlugTaken(String),
    /// A document's project file could not be read or written.
    #[error(transparent)]
    Project(#[from] ProjectFileError),
    /// An article could not be imported.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Serialising failed.
    #[error("cannot serialise: {0}")]
    Serialize(String),
}

/// A corpus failure, with the path it is about last.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct CorpusError {
    /// What went wrong.
    #[source]
    pub kind: CorpusErrorKind,
    /// The file or folder.
    pub path: PathBuf,
}

impl CorpusError {
    /// An error of `kind` about `path`.
    pub fn new(kind: impl Into<CorpusErrorKind>, path: impl Into<PathBuf>) -> Self {
        Self { kind: kind.into(), path: path.into() }
    }
}

/// Progress of [`CorpusDir::add_paths`] or [`CorpusDir::load_all`], reported after each file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobProgress {
    /// Files finished (in any order).
    pub done: usize,
    /// Files in the job.
    pub total: usize,
    /// The file just finished.
    pub path: PathBuf,
}

/// What [`CorpusDir::add_paths`] did.
#[derive(Debug, Default)]
pub struct AddReport {
    /// The documents added, in manifest order.
    pub added: Vec<DocumentId>,
    /// Files that could not be added, with the reason (the rest were added).
    pub failed: Vec<CorpusError>,
    /// Files not started because the job was cancelled.
    pub cancelled: Vec<PathBuf>,
}

/// What [`CorpusDir::load_all`] loaded.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// The documents that loaded, in corpus order.
    pub corpus: LoadedCorpus,
    /// Documents that could not be loaded (damaged or missing files); the rest are there.
    pub failed: Vec<CorpusError>,
}

/// What [`CorpusDir::save_document`] changed besides the document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaveOutcome {
    /// The project's codebook differed from the corpus's and became the corpus codebook
    /// (the user edited the codebook in the document): other open documents should take it.
    pub codebook_updated: bool,
}

/// A corpus folder: its root and its manifest (the manifest is the in-memory truth; every
/// change is written back atomically before the method returns).
#[derive(Clone, Debug)]
pub struct CorpusDir {
    root: PathBuf,
    /// The manifest as last read or written.
    pub manifest: Manifest,
}

/// File name extensions [`CorpusDir::add_paths`] takes from a folder (files named one by one
/// are tried whatever their extension).
pub const ARTICLE_EXTENSIONS: &[&str] =
    &["txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "xml", "tml"];

const GITIGNORE: &str = "# Backups and temporary files ClaimLens writes while saving.\n*~\n.*.tmp\n";

/// True if `path` names a corpus manifest (`corpus.claimlens.ron`, any case): what the window's
/// File ▸ Open should open as a corpus rather than as a project.
#[must_use]
pub fn is_manifest_path(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.eq_ignore_ascii_case(MANIFEST_FILE))
}

/// The path on this machine of a project's source file: `source_path` as is when absolute,
/// else relative to the project file's folder (how documents of a corpus name their source,
/// `../sources/SLUG.EXT`).
#[must_use]
pub fn resolve_source(project_file: &Path, source_path: &str) -> PathBuf {
    let p = Path::new(source_path);
    if p.is_absolute() {
        return p.to_path_buf();
    }
    project_file.parent().unwrap_or_else(|| Path::new(".")).join(p)
}

impl CorpusDir {
    /// Create a new, empty corpus called `name` in `root` (created if missing; it must be
    /// empty if it exists).
    ///
    /// # Errors
    /// [`CorpusErrorKind::NotEmpty`] for a folder with files in it; IO errors.
    pub fn create(root: &Path, name: &str) -> Result<Self, CorpusError> {
        let err = |k: CorpusErrorKind| CorpusError::new(k, root);
        if root.exists() {
            let mut entries = std::fs::read_dir(root).map_err(|e| err(e.into()))?;
            if entries.next().is_some() {
                return Err(err(CorpusErrorKind::NotEmpty));
            }
        }
        for dir in [DOCUMENTS_DIR, SOURCES_DIR] {
            std::fs::create_dir_all(root.join(dir)).map_err(|e| err(e.into()))?;
        }
        write_atomic(&root.join(".gitignore"), GITIGNORE.as_bytes(), false, None).map_err(|e| err(e.into()))?;
        let corpus = Self { root: root.to_path_buf(), manifest: Manifest::new(name) };
        corpus.save_manifest()?;
        Ok(corpus)
    }

    /// Open a corpus: `path` is its folder or its manifest file. Reads only the manifest.
    ///
    /// # Errors
    /// [`CorpusErrorKind::NotACorpus`] without a manifest; the manifest's own refusals
    /// (damaged, newer format, paths leaving the folder).
    pub fn open(path: &Path) -> Result<Self, CorpusError> {
        let (root, file) = if path.is_dir() {
            (path.to_path_buf(), path.join(MANIFEST_FILE))
        } else {
            (path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf), path.to_path_buf())
        };
        let text = match std::fs::read(&file) {
            Ok(b) => String::from_utf8(b).map_err(|_| {
                CorpusError::new(ManifestError::NotACorpus("the file is not UTF-8 text".to_owned()), &file)
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.is_dir() => {
                return Err(CorpusError::new(CorpusErrorKind::NotACorpus, path));
            }
            Err(e) => return Err(CorpusError::new(e, &file)),
        };
        let manifest = Manifest::from_ron_str(&text).map_err(|e| CorpusError::new(e, &file))?;
        Ok(Self { root, manifest })
    }

    /// "New corpus from open article": a new corpus in `root` holding `project` (its
    /// codebook becomes the corpus codebook). `project_path` is where the project was saved,
    /// if it was (to find a relative source path).
    ///
    /// # Errors
    /// As [`CorpusDir::create`] and [`CorpusDir::add_project`].
    pub fn new_from_project(
        root: &Path,
        name: &str,
        project: Project,
        project_path: Option<&Path>,
    ) -> Result<(Self, DocumentId), CorpusError> {
        let mut corpus = Self::create(root, name)?;
        corpus.manifest.codebook = project.codebook.clone();
        let id = corpus.add_project(project, project_path)?;
        Ok((corpus, id))
    }

    /// The corpus folder.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The manifest file.
    #[must_use]
    pub fn manifest_path(&self) -> PathBuf {
        self.root.join(MANIFEST_FILE)
    }

    /// The project file of document `id` on this machine.
    ///
    /// # Errors
    /// [`CorpusErrorKind::UnknownDocument`].
    pub fn document_path(&self, id: DocumentId) -> Result<PathBuf, CorpusError> {
        Ok(self.root.join(&self.entry(id)?.path))
    }

    fn entry(&self, id: DocumentId) -> Result<&DocumentEntry, CorpusError> {
        self.manifest.document(id).ok_or_else(|| CorpusError::new(CorpusErrorKind::UnknownDocument(id), &self.root))
    }

    /// Write the manifest (atomically; the previous one is kept as `NAME~`).
    ///
    /// # Errors
    /// If it cannot be serialised or written; the file on disk is then unchanged.
    pub fn save_manifest(&self) -> Result<(), CorpusError> {
        let path = self.manifest_path();
        let text = self
            .manifest
            .to_ron_string()
            .map_err(|e| CorpusError::new(CorpusErrorKind::Serialize(e.to_string()), &path))?;
        write_atomic(&path, text.as_bytes(), true, None).map_err(|e| CorpusError::new(e, &path))
    }

    /// Open document `id` as a project, with the corpus codebook applied (the corpus's wins
    /// over the file's own copy).
    ///
    /// # Errors
    /// [`CorpusErrorKind::UnknownDocument`]; the project file's load errors.
    pub fn open_document(&self, id: DocumentId) -> Result<Project, CorpusError> {
        let path = self.document_path(id)?;
        let mut project = project_file::load(&path).map_err(|e| CorpusError::new(e, &path))?;
        project.codebook.clone_from(&self.manifest.codebook);
        Ok(project)
    }

    /// Save document `id` (atomically) and refresh its summary in the manifest. If the
    /// project's codebook differs from the corpus's, it becomes the corpus codebook (the
    /// codebook is edited in one place: in the document open in the window) and the
    /// outcome says so.
    ///
    /// # Errors
    /// [`CorpusErrorKind::UnknownDocument`]; write errors (the files keep their previous
    /// content).
    pub fn save_document(&mut self, id: DocumentId, project: &Project) -> Result<SaveOutcome, CorpusError> {
        let path = self.document_path(id)?;
        project_file::save(&path, project).map_err(|e| CorpusError::new(e, &path))?;
        let codebook_updated = project.codebook != self.manifest.codebook;
        if codebook_updated {
            self.manifest.codebook.clone_from(&project.codebook);
        }
        self.manifest.refresh(id, project);
        self.save_manifest()?;
        Ok(SaveOutcome { codebook_updated })
    }

    /// Replace the corpus codebook (the Codes tab in corpus mode) and save the manifest.
    /// Document files take it when they are next saved through the corpus.
    ///
    /// # Errors
    /// If the manifest cannot be written.
    pub fn set_codebook(&mut self, codebook: Codebook) -> Result<(), CorpusError> {
        self.manifest.codebook = codebook;
        self.save_manifest()
    }

    /// Set the progress state of document `id` and save the manifest.
    ///
    /// # Errors
    /// [`CorpusErrorKind::UnknownDocument`]; write errors.
    pub fn set_state(&mut self, id: DocumentId, state: Progress) -> Result<(), CorpusError> {
        self.entry(id)?;
        if let Some(e) = self.manifest.document_mut(id) {
            e.state = state;
        }
        self.save_manifest()
    }

    /// Move document `id` to position `to` of the corpus order (clamped) and save.
    ///
    /// # Errors
    /// [`CorpusErrorKind::UnknownDocument`]; write errors.
    pub fn move_document(&mut self, id: DocumentId, to: usize) -> Result<(), CorpusError> {
        let from = self
            .manifest
            .position(id)
            .ok_or_else(|| CorpusError::new(CorpusErrorKind::UnknownDocument(id), &self.root))?;
        let entry = self.manifest.documents.remove(from);
        let to = to.min(self.manifest.documents.len());
        self.manifest.documents.insert(to, entry);
        self.save_manifest()
    }

    /// Rename document `id`: a new `title` (shown in the list) and/or a new file `slug` (its
    /// project and source files are renamed; the id stays). Saves the manifest.
    ///
    /// # Errors
    /// [`CorpusErrorKind::UnknownDocument`], [`CorpusErrorKind::SlugTaken`]; IO errors (a
    /// failed file rename leaves the document as it was).
    pub fn rename_document(
        &mut self,
        id: DocumentId,
        title: Option<&str>,
        slug: Option<&str>,
    ) -> Result<(), CorpusError> {
        let entry = self.entry(id)?.clone();
        let mut new = entry.clone();
        if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
            t.clone_into(&mut new.title);
        }
        if let Some(s) = slug {
            let s = manifest::slugify(s);
            if s != entry.slug() {
                if self.manifest.by_slug(&s).is_some() {
                    return Err(CorpusError::new(CorpusErrorKind::SlugTaken(s), &self.root));
                }
                new.path = manifest::document_path(&s);
                let old_project = self.root.join(&entry.path);
                let new_project = self.root.join(&new.path);
                if new_project.exists() {
                    return Err(CorpusError::new(CorpusErrorKind::SlugTaken(s), new_project));
                }
                // The project file names its source: rename the source first, then write the
                // project under its new name with the new source path, then remove the old.
                let mut project = project_file::load(&old_project).map_err(|e| CorpusError::new(e, &old_project))?;
                if let Some(src) = &entry.source {
                    let ext = Path::new(src).extension().and_then(|e| e.to_str()).unwrap_or("txt");
                    let new_src = format!("{SOURCES_DIR}/{s}.{ext}");
                    std::fs::rename(self.root.join(src), self.root.join(&new_src))
                        .map_err(|e| CorpusError::new(e, self.root.join(src)))?;
                    project.source.path = Some(format!("../{new_src}"));
                    new.source = Some(new_src);
                }
                project_file::save(&new_project, &project).map_err(|e| CorpusError::new(e, &new_project))?;
                std::fs::remove_file(&old_project).map_err(|e| CorpusError::new(e, &old_project))?;
                let _ = std::fs::remove_file(project_file::backup_path(&old_project));
            }
        }
        if let Some(e) = self.manifest.document_mut(id) {
            *e = new;
        }
        self.save_manifest()
    }

    /// Remove document `id` from the corpus; with `delete_files`, its project file (and
    /// backup) and source file too (else they stay in the folder, unlisted).
    ///
    /// # Errors
    /// [`CorpusErrorKind::UnknownDocument`]; write errors.
    pub fn remove_document(&mut self, id: DocumentId, delete_files: bool) -> Result<(), CorpusError> {
        let entry = self.entry(id)?.clone();
        self.manifest.documents.retain(|d| d.id != id);
        self.save_manifest()?;
        if delete_files {
            let project = self.root.join(&entry.path);
            for p in [project_file::backup_path(&project), project]
                .into_iter()
                .chain(entry.source.iter().map(|s| self.root.join(s)))
            {
                match std::fs::remove_file(&p) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(CorpusError::new(e, p)),
                }
            }
        }
        Ok(())
    }

    /// "Add to corpus…": copy `project` into the corpus as a new document. Its source file
    /// (found from `source.path`, relative to `project_path` when relative) is copied into
    /// `sources/` when it still exists; the document names it relatively, or names none
    /// when it is gone (the project holds its text). The project's codes missing from the
    /// corpus codebook are added to it, and the document takes the corpus codebook.
    ///
    /// # Errors
    /// Write errors (nothing is added then).
    pub fn add_project(
        &mut self,
        mut project: Project,
        project_path: Option<&Path>,
    ) -> Result<DocumentId, CorpusError> {
        let original = project.source.path.clone();
        let source = original.as_deref().map(|s| match project_path {
            Some(pp) => resolve_source(pp, s),
            None => PathBuf::from(s),
        });
        let bytes = source.as_deref().and_then(|p| std::fs::read(p).ok());
        let name = original
            .as_deref()
            .and_then(|s| Path::new(s).file_stem())
            .and_then(|s| s.to_str())
            .map(str::to_owned)
            .or_else(|| project_path.and_then(|p| p.file_name()?.to_str()?.split('.').next().map(str::to_owned)))
            .or_else(|| project.document.display_title().map(str::to_owned))
            .unwrap_or_else(|| "document".to_owned());
        let slug = self.manifest.unique_slug(&name, &[]);
        let ext = source
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .unwrap_or("txt")
            .to_ascii_lowercase();
        for code in &project.codebook.codes {
            if self.manifest.codebook.code(&code.path).is_none() {
                self.manifest.codebook.codes.push(crate::project::Code { shortcut: None, ..code.clone() });
            }
        }
        self.manifest.codebook.sort();
        project.codebook.clone_from(&self.manifest.codebook);
        let id = self.manifest.allocate_id();
        let entry = self.write_document(id, &slug, &mut project, bytes.as_deref().map(|b| (b, ext.as_str())))?;
        self.sync_folders();
        self.manifest.documents.push(entry);
        self.save_manifest()?;
        Ok(id)
    }

    /// Write a new document's files (source copy, project with relative source path) and
    /// return its manifest entry (not yet added).
    fn write_document(
        &self,
        id: DocumentId,
        slug: &str,
        project: &mut Project,
        source: Option<(&[u8], &str)>,
    ) -> Result<DocumentEntry, CorpusError> {
        let mut source_rel = None;
        if let Some((bytes, ext)) = source {
            let rel = format!("{SOURCES_DIR}/{slug}.{ext}");
            let path = self.root.join(&rel);
            project_file::write_atomic_in_batch(&path, bytes).map_err(|e| CorpusError::new(e, &path))?;
            project.source.path = Some(format!("../{rel}"));
            source_rel = Some(rel);
        } else {
            project.source.path = None;
        }
        if let Some(v) = project.article_versions.last_mut() {
            v.source_path.clone_from(&project.source.path);
        }
        let entry = DocumentEntry::new(id, slug, source_rel, project);
        let path = self.root.join(&entry.path);
        project_file::save_in_batch(&path, project).map_err(|e| CorpusError::new(e, &path))?;
        Ok(entry)
    }

    /// Persist the new names in `documents/` and `sources/` (after [`Self::write_document`]s,
    /// before the manifest lists them).
    pub(crate) fn sync_folders(&self) {
        project_file::sync_dir(&self.root.join(DOCUMENTS_DIR));
        project_file::sync_dir(&self.root.join(SOURCES_DIR));
    }

    /// Add articles (and project files) to the corpus: each file in `inputs` in order, each
    /// folder as its sorted listing (recursively; hidden files skipped; articles by
    /// [`ARTICLE_EXTENSIONS`] and `.claimlens.ron` projects). The files are imported and
    /// analysed in parallel on all cores (rayon); `progress` is called after each file (from
    /// worker threads), and once `cancel` is set no new file is started. The documents
    /// finished are added in the order given and the manifest is written once.
    ///
    /// # Errors
    /// Only if a folder cannot be listed or the manifest cannot be written; a file that
    /// cannot be imported is reported in [`AddReport::failed`] and the others are added.
    pub fn add_paths(
        &mut self,
        inputs: &[PathBuf],
        progress: &(dyn Fn(&JobProgress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<AddReport, CorpusError> {
        let files = expand_inputs(inputs)?;
        // Ids and slugs are given out in input order before any work starts: the result does
        // not depend on which thread finishes first.
        let mut taken: Vec<String> = Vec::new();
        let jobs: Vec<(PathBuf, DocumentId, String)> = files
            .into_iter()
            .map(|path| {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("document");
                let stem = name.strip_suffix(&format!(".{}", crate::project::FILE_EXTENSION)).unwrap_or(name);
                let stem = Path::new(stem).file_stem().and_then(|s| s.to_str()).unwrap_or(stem);
                let slug = self.manifest.unique_slug(stem, &taken);
                taken.push(slug.clone());
                (path, self.manifest.allocate_id(), slug)
            })
            .collect();
        let pipeline = Pipeline::default();
        let codebook = self.manifest.codebook.clone();
        let done = AtomicUsize::new(0);
        let total = jobs.len();
        let work = || -> Vec<Option<Result<DocumentEntry, CorpusError>>> {
            jobs.par_iter()
                .map(|(path, id, slug)| {
                    if cancel.load(Ordering::Relaxed) {
                        return None;
                    }
                    let r = self.import_one(path, *id, slug, &pipeline, &codebook);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(&JobProgress { done: n, total, path: path.clone() });
                    Some(r)
                })
                .collect()
        };
        // Every core analyses; a file's `fsync` waits for the disk, so a pool of a few threads
        // per core keeps the cores busy while others wait. Without such a pool, rayon's global one.
        let results = match rayon::ThreadPoolBuilder::new().num_threads(io_threads()).build() {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        };
        let mut report = AddReport::default();
        for ((path, _, _), r) in jobs.iter().zip(results) {
            match r {
                Some(Ok(entry)) => {
                    report.added.push(entry.id);
                    self.manifest.documents.push(entry);
                }
                Some(Err(e)) => report.failed.push(e),
                None => report.cancelled.push(path.clone()),
            }
        }
        if !report.added.is_empty() {
            self.sync_folders();
            self.save_manifest()?;
        }
        Ok(report)
    }

    fn import_one(
        &self,
        path: &Path,
        id: DocumentId,
        slug: &str,
        pipeline: &Pipeline,
        codebook: &Codebook,
    ) -> Result<DocumentEntry, CorpusError> {
        if super::is_project_path(path) {
            let mut project = project_file::load(path).map_err(|e| CorpusError::new(e, path))?;
            let source = project.source.path.as_deref().map(|s| resolve_source(path, s));
            let bytes = source.as_deref().and_then(|p| std::fs::read(p).ok());
            let ext = source
                .as_deref()
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
                .unwrap_or("txt")
                .to_ascii_lowercase();
            project.codebook.clone_from(codebook);
            return self.write_document(id, slug, &mut project, bytes.as_deref().map(|b| (b, ext.as_str())));
        }
        let meta = std::fs::metadata(path).map_err(|e| CorpusError::new(e, path))?;
        if meta.len() > super::MAX_ARTICLE_BYTES {
            let kind =
                super::ImportErrorKind::TooLarge { size_bytes: meta.len(), limit_bytes: super::MAX_ARTICLE_BYTES };
            return Err(CorpusError::new(ImportError::new(kind, path), path));
        }
        let bytes = std::fs::read(path).map_err(|e| CorpusError::new(e, path))?;
        let imported = super::import_bytes(path, &bytes).map_err(|e| CorpusError::new(e, path))?;
        let mut project = Project::new(imported.document, imported.source);
        project.set_analysis(pipeline.analyze(&project.document));
        project.codebook.clone_from(codebook);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("txt").to_ascii_lowercase();
        self.write_document(id, slug, &mut project, Some((&bytes, &ext)))
    }

    /// Load every document's project (in parallel), with the corpus codebook applied, for
    /// search, entities, claims and exports. `progress` is called after each document; once
    /// `cancel` is set, no new document is read (those not read are left out).
    #[must_use]
    pub fn load_all(&self, progress: &(dyn Fn(&JobProgress) + Sync), cancel: &AtomicBool) -> LoadReport {
        let total = self.manifest.documents.len();
        let done = AtomicUsize::new(0);
        let results: Vec<Option<Result<LoadedDocument, CorpusError>>> = self
            .manifest
            .documents
            .par_iter()
            .map(|entry| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let path = self.root.join(&entry.path);
                let r = project_file::load(&path).map_err(|e| CorpusError::new(e, &path)).map(|mut p| {
                    p.codebook.clone_from(&self.manifest.codebook);
                    LoadedDocument::new(entry, p)
                });
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(&JobProgress { done: n, total, path });
                Some(r)
            })
            .collect();
        let mut report = LoadReport {
            corpus: LoadedCorpus {
                name: self.manifest.name.clone(),
                codebook: self.manifest.codebook.clone(),
                documents: Vec::new(),
            },
            failed: Vec::new(),
        };
        for r in results.into_iter().flatten() {
            match r {
                Ok(d) => report.corpus.documents.push(d),
                Err(e) => report.failed.push(e),
            }
        }
        report
    }

    /// Refresh every summary from `loaded` (after the documents were changed outside the
    /// corpus, e.g. by `claimlens project import`) and save the manifest if one changed.
    /// Returns how many changed.
    ///
    /// # Errors
    /// If the manifest cannot be written.
    pub fn refresh_summaries(&mut self, loaded: &LoadedCorpus) -> Result<usize, CorpusError> {
        let mut changed = 0;
        for d in &loaded.documents {
            let before = self.manifest.document(d.id).cloned();
            self.manifest.refresh(d.id, &d.project);
            if self.manifest.document(d.id) != before.as_ref() {
                changed += 1;
            }
        }
        if changed > 0 {
            self.save_manifest()?;
        }
        Ok(changed)
    }

    /// Write a new document made elsewhere (QDPX import): its source text as
    /// `sources/SLUG.EXT` and its project, added at the end. Does not save the manifest.
    pub(crate) fn push_new_document(
        &mut self,
        name: &str,
        project: &mut Project,
        source: Option<(&[u8], &str)>,
    ) -> Result<DocumentId, CorpusError> {
        let slug = self.manifest.unique_slug(name, &[]);
        let id = self.manifest.allocate_id();
        let entry = self.write_document(id, &slug, project, source)?;
        self.manifest.documents.push(entry);
        Ok(id)
    }
}

/// Threads for jobs that both compute and wait for the disk: four per core.
fn io_threads() -> usize {
    4 * std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// The files `inputs` stand for, in order: files as given, folders as their sorted listing.
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, CorpusError> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CorpusError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CorpusError::new(e, dir))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') || n.ends_with('~')))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
            let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
            if ARTICLE_EXTENSIONS.contains(&ext) && !name.ends_with(".claimlens.ron")
                || super::is_project_path(&p) && name.ends_with(".claimlens.ron")
            {
                out.push(p);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Zürich votes on NATO\n\nÜnal Şahin said turnout rose 5% in 東京 on Monday.";
    const B: &str = "# Budget 🚀\n\nPete Hegseth said NATO members must spend 5% of GDP.";

    fn quiet() -> impl Fn(&JobProgress) + Sync {
        |_: &JobProgress| {}
    }

    fn fixture() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        std::fs::create_dir_all(input.join("sub")).unwrap();
        std::fs::write(input.join("b.md"), B).unwrap();
        std::fs::write(input.join("a.txt"), A).unwrap();
        std::fs::write(input.join("sub/a.txt"), A).unwrap();
        std::fs::write(input.join(".hidden.txt"), A).unwrap();
        std::fs::write(input.join("notes.pdf"), "x").unwrap();
        (dir, input)
    }

    #[test]
    fn add_open_save_rename_remove() {
        let (dir, input) = fixture();
        let root = dir.path().join("corpus");
        let mut c = CorpusDir::create(&root, "Tanker").unwrap();
        let calls = AtomicUsize::new(0);
        let report = c
            .add_paths(
                std::slice::from_ref(&input),
                &|_: &JobProgress| {
                    calls.fetch_add(1, Ordering::Relaxed);
                },
                &AtomicBool::new(false),
            )
            .unwrap();
        assert!(report.failed.is_empty() && report.cancelled.is_empty(), "{:?}", report.failed);
        assert_eq!(calls.load(Ordering::Relaxed), 3);
        let slugs: Vec<&str> = c.manifest.documents.iter().map(DocumentEntry::slug).collect();
        assert_eq!(slugs, ["a", "b", "a-2"], "sorted listing: a.txt, b.md, sub/a.txt");
        // Reopen from disk: the list comes from the manifest alone.
        let again = CorpusDir::open(&root).unwrap();
        assert_eq!(again.manifest, c.manifest);
        let first = c.manifest.documents[0].clone();
        assert_eq!(first.title, "Zürich votes on NATO");
        assert_eq!(first.source.as_deref(), Some("sources/a.txt"));
        assert!(first.summary.words > 5 && first.summary.entities > 0, "{:?}", first.summary);
        // Each document is an ordinary project that opens alone, naming its source relatively.
        let alone = project_file::load(&root.join(&first.path)).unwrap();
        let src = alone.source.path.clone().unwrap();
        assert_eq!(src, "../sources/a.txt");
        assert_eq!(std::fs::read_to_string(resolve_source(&root.join(&first.path), &src)).unwrap(), A);
        // Open through the corpus: the corpus codebook wins; saving refreshes the summary.
        c.set_codebook(Codebook {
            name: "Desk".into(),
            codes: vec![crate::project::Code { path: "topic/x".into(), ..Default::default() }],
        })
        .unwrap();
        let mut p = c.open_document(first.id).unwrap();
        assert_eq!(p.codebook.name, "Desk");
        let span = crate::document::ByteSpan::new(0, 6);
        p.claims.push(crate::project::Claim::new(
            crate::project::ClaimId(1),
            p.text(),
            span,
            jiff::Timestamp::UNIX_EPOCH,
        ));
        assert_eq!(c.save_document(first.id, &p).unwrap(), SaveOutcome { codebook_updated: false });
        assert_eq!(CorpusDir::open(&root).unwrap().manifest.documents[0].summary.claims, 1);
        // Rename: title and slug; the id and the relative source link stay right.
        c.rename_document(first.id, Some("Zürich (renamed)"), Some("Zürich vote")).unwrap();
        let e = c.manifest.document(first.id).unwrap();
        assert_eq!(
            (e.title.as_str(), e.slug(), e.source.as_deref()),
            ("Zürich (renamed)", "zurich-vote", Some("sources/zurich-vote.txt"))
        );
        let p = c.open_document(first.id).unwrap();
        assert_eq!(p.claims.len(), 1);
        assert_eq!(p.source.path.as_deref(), Some("../sources/zurich-vote.txt"));
        assert!(!root.join("documents/a.claimlens.ron").exists());
        assert!(matches!(
            c.rename_document(first.id, None, Some("b")).unwrap_err().kind,
            CorpusErrorKind::SlugTaken(_)
        ));
        // Move and remove.
        let b = c.manifest.documents[1].id;
        c.move_document(b, 0).unwrap();
        assert_eq!(c.manifest.documents[0].id, b);
        c.set_state(b, Progress::Done).unwrap();
        c.remove_document(b, true).unwrap();
        assert!(c.manifest.document(b).is_none());
        assert!(!root.join("documents/b.claimlens.ron").exists() && !root.join("sources/b.md").exists());
        let loaded = c.load_all(&quiet(), &AtomicBool::new(false));
        assert!(loaded.failed.is_empty());
        assert_eq!(loaded.corpus.documents.len(), 2);
        // Nothing in the folder names the machine's paths.
        for entry in walk_all(&root) {
            let text = std::fs::read_to_string(&entry).unwrap_or_default();
            assert!(!text.contains(dir.path().to_str().unwrap()), "{} holds an absolute path", entry.display());
        }
    }

    fn walk_all(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() { out.extend(walk_all(&p)) } else { out.push(p) }
        }
        out
    }

    #[test]
    fn bad_files_are_reported_and_cancel_stops_new_work() {
        let (dir, input) = fixture();
        std::fs::write(input.join("empty.txt"), "").unwrap();
        let mut c = CorpusDir::create(&dir.path().join("c"), "c").unwrap();
        let r = c
            .add_paths(
                &[input.join("empty.txt"), input.join("a.txt"), input.join("missing.txt")],
                &quiet(),
                &AtomicBool::new(false),
            )
            .unwrap();
        assert_eq!(r.added.len(), 1);
        assert_eq!(r.failed.len(), 2);
        assert!(r.failed[0].to_string().contains("empty.txt"), "{}", r.failed[0]);
        let r = c.add_paths(&[input.join("b.md")], &quiet(), &AtomicBool::new(true)).unwrap();
        assert_eq!((r.added.len(), r.cancelled.len()), (0, 1));
        assert_eq!(c.manifest.documents.len(), 1);
    }

    #[test]
    fn manifest_paths_are_recognised() {
        assert!(is_manifest_path(Path::new("/x/study/corpus.claimlens.ron")));
        assert!(!is_manifest_path(Path::new("/x/study/documents/a.claimlens.ron")));
    }

    #[test]
    fn refusals() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "x").unwrap();
        assert!(matches!(CorpusDir::create(dir.path(), "c").unwrap_err().kind, CorpusErrorKind::NotEmpty));
        let e = CorpusDir::open(dir.path()).unwrap_err();
        assert!(matches!(e.kind, CorpusErrorKind::NotACorpus), "{e}");
        let root = dir.path().join("c");
        let c = CorpusDir::create(&root, "c").unwrap();
        assert!(matches!(c.open_document(DocumentId(9)).unwrap_err().kind, CorpusErrorKind::UnknownDocument(_)));
        let text =
            std::fs::read_to_string(c.manifest_path()).unwrap().replace("format_version: 1", "format_version: 5");
        std::fs::write(c.manifest_path(), text).unwrap();
        let e = CorpusDir::open(&root).unwrap_err();
        assert!(e.to_string().contains("newer ClaimLens") && e.to_string().contains(MANIFEST_FILE), "{e}");
    }

    #[test]
    fn new_corpus_from_an_open_article() {
        let dir = tempfile::tempdir().unwrap();
        let art = dir.path().join("article.txt");
        std::fs::write(&art, A).unwrap();
        let imported = crate::io::import_path(&art).unwrap();
        let mut p = Project::new(imported.document, imported.source);
        p.codebook.codes.push(crate::project::Code {
            path: "topic/vote".into(),
            shortcut: Some(1),
            ..Default::default()
        });
        let saved = dir.path().join("article.claimlens.ron");
        project_file::save(&saved, &p).unwrap();
        let (mut c, id) = CorpusDir::new_from_project(&dir.path().join("c"), "Votes", p.clone(), Some(&saved)).unwrap();
        assert_eq!(c.manifest.codebook.codes.len(), 1);
        let e = c.manifest.document(id).unwrap();
        assert_eq!(e.source.as_deref(), Some("sources/article.txt"));
        assert_eq!(std::fs::read_to_string(c.root().join("sources/article.txt")).unwrap(), A);
        // A project whose source is gone still moves in (its text is in the project).
        let mut q = p;
        q.source.path = Some("/nowhere/gone.txt".into());
        q.codebook.codes.push(crate::project::Code {
            path: "topic/new".into(),
            shortcut: Some(1),
            ..Default::default()
        });
        let id2 = c.add_project(q, None).unwrap();
        let e2 = c.manifest.document(id2).unwrap();
        assert_eq!((e2.slug(), e2.source.as_deref()), ("gone", None));
        assert_eq!(c.manifest.codebook.codes.len(), 2, "missing codes are added");
        assert_eq!(c.open_document(id2).unwrap().source.path, None);
    }
}
