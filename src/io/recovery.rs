//! Recovery copies: while a project has unsaved changes, the app writes it here every few
//! seconds; after a crash, the next start offers to restore it.
//!
//! A recovery entry is two files in the recovery folder: `KEY.claimlens.ron` (the project,
//! written atomically) and `KEY.origin` (the project's own path, or empty for an unsaved
//! project). `KEY` is derived from the project path, or from the article for unsaved work.

use std::path::{Path, PathBuf};

use super::project_file;
use crate::project::Project;

/// The folder holding recovery copies: `$CLAIMLENS_DATA_DIR/recovery` if that variable is
/// set, else the platform data folder (`~/.local/share/claimlens/recovery` on Linux).
#[must_use]
pub fn recovery_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CLAIMLENS_DATA_DIR") {
        return Some(PathBuf::from(dir).join("recovery"));
    }
    directories::ProjectDirs::from("org", "ClaimLens", "claimlens").map(|d| d.data_dir().join("recovery"))
}

/// A recovery copy found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryEntry {
    /// The recovery project file.
    pub file: PathBuf,
    /// The path of the project it is a copy of, if it had been saved.
    pub origin: Option<PathBuf>,
    /// When the copy was written.
    pub modified: Option<std::time::SystemTime>,
}

/// The key of the recovery copy of a project at `origin` (or of unsaved work on an article
/// whose content hash is `article_sha256`).
#[must_use]
pub fn key_for(origin: Option<&Path>, article_sha256: &str) -> String {
    let basis = match origin {
        Some(p) => format!("path:{}", p.display()),
        None => format!("article:{article_sha256}"),
    };
    super::sha256_hex(basis.as_bytes())[..16].to_owned()
}

fn paths(dir: &Path, key: &str) -> (PathBuf, PathBuf) {
    (dir.join(format!("{key}.{}", crate::project::FILE_EXTENSION)), dir.join(format!("{key}.origin")))
}

/// Write the recovery copy of `project` into `dir`.
///
/// # Errors
/// Any IO or serialisation failure (the previous copy then stays intact).
pub fn write(dir: &Path, key: &str, origin: Option<&Path>, project: &Project) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let (file, origin_file) = paths(dir, key);
    let origin_text = origin.map(|p| p.display().to_string()).unwrap_or_default();
    project_file::write_atomic(&origin_file, origin_text.as_bytes(), false, None)?;
    let text = crate::project::schema::to_ron_string(project).map_err(std::io::Error::other)?;
    project_file::write_atomic(&file, text.as_bytes(), false, None)
}

/// Remove the recovery copy with `key` (after a successful save, or when the user discards
/// the work). Missing files are fine.
pub fn remove(dir: &Path, key: &str) {
    let (file, origin) = paths(dir, key);
    let _ = std::fs::remove_file(file);
    let _ = std::fs::remove_file(origin);
}

/// Remove the recovery entry `entry`.
pub fn remove_entry(entry: &RecoveryEntry) {
    let _ = std::fs::remove_file(&entry.file);
    let origin = entry.file.with_file_name(
        entry
            .file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .replace(&format!(".{}", crate::project::FILE_EXTENSION), ".origin"),
    );
    let _ = std::fs::remove_file(origin);
}

/// Writes and removes recovery copies on a background thread, in the order asked, so a
/// removal after a save is never overtaken by an older write still in flight.
#[derive(Debug)]
pub struct RecoveryWriter {
    tx: Option<std::sync::mpsc::Sender<Job>>,
    worker: Option<std::thread::JoinHandle<()>>,
}

enum Job {
    Write { key: String, origin: Option<PathBuf>, project: Box<Project> },
    Remove { key: String },
}

impl RecoveryWriter {
    /// A writer for the folder `dir`; failures are reported through `on_error`.
    ///
    /// # Errors
    /// If the worker thread cannot be started.
    pub fn new(dir: PathBuf, on_error: impl Fn(String) + Send + 'static) -> std::io::Result<Self> {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let worker = std::thread::Builder::new().name("claimlens-recovery".into()).spawn(move || {
            while let Ok(job) = rx.recv() {
                match job {
                    Job::Write { key, origin, project } => {
                        if let Err(e) = write(&dir, &key, origin.as_deref(), &project) {
                            on_error(format!("cannot write the recovery copy in {}: {e}", dir.display()));
                        }
                    }
                    Job::Remove { key } => remove(&dir, &key),
                }
            }
        })?;
        Ok(Self { tx: Some(tx), worker: Some(worker) })
    }

    /// Queue writing the recovery copy of `project`.
    pub fn write(&self, key: String, origin: Option<PathBuf>, project: Project) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Write { key, origin, project: Box::new(project) });
        }
    }

    /// Queue removing the recovery copy `key`.
    pub fn remove(&self, key: String) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Remove { key });
        }
    }
}

impl Drop for RecoveryWriter {
    /// Finish the queued jobs before the program goes on (or exits).
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// The recovery copies in `dir`, newest first.
#[must_use]
pub fn list(dir: &Path) -> Vec<RecoveryEntry> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let suffix = format!(".{}", crate::project::FILE_EXTENSION);
    let mut out: Vec<RecoveryEntry> = read
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let key = name.strip_suffix(&suffix)?;
            let origin = std::fs::read_to_string(dir.join(format!("{key}.origin")))
                .ok()
                .filter(|s| !s.trim().is_empty())
                .map(PathBuf::from);
            Some(RecoveryEntry { file: e.path(), origin, modified: e.metadata().ok()?.modified().ok() })
        })
        .collect();
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| a.file.cmp(&b.file)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::project::SourceInfo;

    #[test]
    fn write_list_load_remove() {
        let dir = tempfile::tempdir().unwrap();
        let p = Project::new(Document::from_blocks([(BlockKind::Title, "Título")]), SourceInfo::default());
        let origin = Path::new("/somewhere/a.claimlens.ron");
        let key = key_for(Some(origin), "");
        write(dir.path(), &key, Some(origin), &p).unwrap();
        let unsaved_key = key_for(None, "abc");
        write(dir.path(), &unsaved_key, None, &p).unwrap();
        let entries = list(dir.path());
        assert_eq!(entries.len(), 2);
        assert!(entries.iter().any(|e| e.origin.as_deref() == Some(origin)));
        assert!(entries.iter().any(|e| e.origin.is_none()));
        for e in &entries {
            assert_eq!(project_file::load(&e.file).unwrap(), p);
        }
        remove(dir.path(), &key);
        remove_entry(&list(dir.path())[0]);
        assert!(list(dir.path()).is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
