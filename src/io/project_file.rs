//! Loading and saving project files: atomic writes with a backup, and clear refusals.
//!
//! Save = write a temporary file in the same folder, `fsync` it, keep the previous version as
//! `NAME~` (hard link, else copy), rename the temporary file over `NAME`, `fsync` the folder.
//! At every moment the path holds either the old or the new complete file.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{ProjectFileError, ProjectFileErrorKind};
use crate::project::{Project, schema};

/// Project files larger than this are refused before they are read.
pub const MAX_PROJECT_BYTES: u64 = 512 * 1024 * 1024;

/// Load a project file.
///
/// # Errors
/// [`ProjectFileError`] naming the path: unreadable, not UTF-8, not a project, newer format,
/// or damaged.
pub fn load(path: &Path) -> Result<Project, ProjectFileError> {
    let err = |kind: ProjectFileErrorKind| ProjectFileError::new(kind, path);
    let meta = std::fs::metadata(path).map_err(|e| err(e.into()))?;
    if meta.len() > MAX_PROJECT_BYTES {
        return Err(err(ProjectFileErrorKind::Io(std::io::Error::other(format!(
            "the file is too large ({} bytes)",
            meta.len()
        )))));
    }
    let bytes = std::fs::read(path).map_err(|e| err(e.into()))?;
    let text = String::from_utf8(bytes).map_err(|_| err(ProjectFileErrorKind::NotUtf8))?;
    schema::from_ron_str(&text).map_err(|e| err(e.into()))
}

/// The path of the backup kept next to `path` (`NAME~`).
#[must_use]
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push("~");
    path.with_file_name(name)
}

/// Steps of [`save`] at which a test can inject a failure.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStep {
    /// After the temporary file is created.
    Create,
    /// After half the bytes are written.
    Write,
    /// Before `fsync` of the temporary file.
    Sync,
    /// Before the backup is made.
    Backup,
    /// Before the rename.
    Rename,
}

/// Save `project` to `path` atomically, keeping the previous version as `NAME~`.
///
/// # Errors
/// [`ProjectFileError`] if any step fails; `path` then still holds its previous content and
/// no temporary file is left behind.
pub fn save(path: &Path, project: &Project) -> Result<(), ProjectFileError> {
    save_with_failpoint(path, project, None)
}

/// [`save`] with a failure injected at `fail_at` (for tests of atomicity).
///
/// # Errors
/// As [`save`], and an injected error at `fail_at`.
#[doc(hidden)]
pub fn save_with_failpoint(path: &Path, project: &Project, fail_at: Option<SaveStep>) -> Result<(), ProjectFileError> {
    let text = schema::to_ron_string(project)
        .map_err(|e| ProjectFileError::new(ProjectFileErrorKind::Serialize(e.to_string()), path))?;
    write_atomic(path, text.as_bytes(), true, fail_at).map_err(|e| ProjectFileError::new(e, path))
}

/// Write `bytes` to `path` atomically (temp file + fsync + rename + folder fsync). With
/// `backup`, the previous file is kept as `NAME~`.
///
/// # Errors
/// Any IO error; `path` keeps its previous content then.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: bool, fail_at: Option<SaveStep>) -> std::io::Result<()> {
    write_atomic_with(path, bytes, backup, fail_at, true)
}

/// [`write_atomic`] without the final `fsync` of the folder, for writing many new files into
/// one folder: the caller calls [`sync_dir`] on the folder once after the last of them (the
/// file itself is still complete and synced before it gets its name).
///
/// # Errors
/// As [`write_atomic`].
pub fn write_atomic_in_batch(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, false, None, false)
}

/// [`save`] without the final `fsync` of the folder (see [`write_atomic_in_batch`]).
///
/// # Errors
/// As [`save`].
pub fn save_in_batch(path: &Path, project: &Project) -> Result<(), ProjectFileError> {
    let text = schema::to_ron_string(project)
        .map_err(|e| ProjectFileError::new(ProjectFileErrorKind::Serialize(e.to_string()), path))?;
    write_atomic_with(path, text.as_bytes(), true, None, false).map_err(|e| ProjectFileError::new(e, path))
}

fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    backup: bool,
    fail_at: Option<SaveStep>,
    sync_folder: bool,
) -> std::io::Result<()> {
    let fail = |step: SaveStep| -> std::io::Result<()> {
        if fail_at == Some(step) { Err(std::io::Error::other(format!("injected failure at {step:?}"))) } else { Ok(()) }
    };
    if path.is_dir() {
        return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder has this name"));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("project");
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Project files are documents to share: created with the user's umask (0644 under the
    // usual 022), like any file an editor writes, not tempfile's private 0600; a file that
    // exists keeps its mode.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    // From here on, dropping `tmp` on an error deletes the temporary file.
    fail(SaveStep::Create)?;
    let half = bytes.len() / 2;
    tmp.write_all(&bytes[..half])?;
    fail(SaveStep::Write)?;
    tmp.write_all(&bytes[half..])?;
    tmp.flush()?;
    fail(SaveStep::Sync)?;
    tmp.as_file().sync_all()?;
    fail(SaveStep::Backup)?;
    if backup && path.exists() {
        make_backup(path)?;
    }
    fail(SaveStep::Rename)?;
    tmp.persist(path).map_err(|e| e.error)?;
    if sync_folder {
        sync_dir(&dir);
    }
    Ok(())
}

fn make_backup(path: &Path) -> std::io::Result<()> {
    let backup = backup_path(path);
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    // Build the backup under a temporary name, then rename it into place, so `NAME~` too is
    // always complete.
    let tmp = tempfile::Builder::new()
        .prefix(".backup.")
        .suffix(".tmp")
        .make_in(dir, |p| std::fs::hard_link(path, p).or_else(|_| std::fs::copy(path, p).map(|_| ())));
    match tmp {
        Ok(t) => t.persist(&backup).map(|_| ()).map_err(|e| e.error),
        Err(e) => Err(e),
    }
}

/// `fsync` a folder, persisting the renames done in it. Not possible on every platform
/// (Windows); best effort.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    /// Issue 12: saved projects and their backups are readable by others under umask 022 (the
    /// test process's umask is whatever the shell gave it, so the expected mode is computed
    /// from a file created the ordinary way), and an existing file keeps its mode.
    #[cfg(unix)]
    #[test]
    fn saved_files_follow_the_umask_and_keep_an_existing_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "x").unwrap();
        let expected = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        let path = dir.path().join("p.claimlens.ron");
        save(&path, &project("Eins")).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, expected);
        save(&path, &project("Zwei")).unwrap();
        assert_eq!(std::fs::metadata(backup_path(&path)).unwrap().permissions().mode() & 0o777, expected);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        save(&path, &project("Drei")).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }

    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::project::SourceInfo;

    fn project(title: &str) -> Project {
        Project::new(Document::from_blocks([(BlockKind::Title, title)]), SourceInfo::default())
    }

    #[test]
    fn failed_save_keeps_the_last_good_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.claimlens.ron");
        save(&path, &project("first")).unwrap();
        let good = std::fs::read(&path).unwrap();
        for step in [SaveStep::Create, SaveStep::Write, SaveStep::Sync, SaveStep::Backup, SaveStep::Rename] {
            let r = save_with_failpoint(&path, &project("second"), Some(step));
            assert!(r.is_err(), "{step:?}");
            assert_eq!(std::fs::read(&path).unwrap(), good, "{step:?}");
            assert_eq!(load(&path).unwrap(), project("first"));
            let leftovers: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".tmp"))
                .collect();
            assert!(leftovers.is_empty(), "{step:?}: {leftovers:?}");
        }
        save(&path, &project("second")).unwrap();
        assert_eq!(load(&path).unwrap(), project("second"));
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), good);
    }
}
