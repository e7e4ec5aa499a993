//! File work of the window, each piece a background [`Jobs`] job: opening (reading, decoding,
//! hashing, loading), saving (atomic, with fsync), exports, imports, updating the article,
//! recovery copies, native file dialogs, and the analysis. The UI thread only starts them and
//! applies the [`Command`] each one finishes with. Every function returns an error only when
//! no worker thread could be started.

pub use super::command::OpenedFile;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::command::Command;
use super::jobs::{JobKind, Jobs};
use super::session::{Derived, Session};
use super::state::PromptPurpose;
use crate::io;
use crate::nlp::Pipeline;
use crate::project::{Codebook, Edit, Project};

/// A native dialog that returns "cancelled" faster than this most likely could not be shown.
const DIALOG_UNAVAILABLE_WITHIN: Duration = Duration::from_millis(250);

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Open `path` (an article or a project) in the background.
///
/// # Errors
/// When no worker thread can be started.
pub fn open(jobs: &mut Jobs, ctx: &egui::Context, path: PathBuf, now: jiff::Timestamp) -> Result<(), String> {
    jobs.cancel_kind(JobKind::Open);
    let label = format!("Opening {}…", file_name(&path));
    let spawned = jobs.spawn(ctx, JobKind::Open, label, true, move |_| {
        let result = match io::open_path(&path) {
            Ok(io::Opened::Article(imported)) => {
                let mut imported = *imported;
                imported.source.imported = Some(now);
                Ok(Box::new(OpenedFile::article(imported)))
            }
            Ok(io::Opened::Project(project)) => {
                let source_changed = source_changed(&project);
                let derived = Derived::new(&project);
                Ok(Box::new(OpenedFile::Project { project: Box::new((*project, derived)), source_changed }))
            }
            Ok(io::Opened::Corpus(dir)) => Ok(Box::new(OpenedFile::Corpus(dir))),
            Err(e) => Err(e.to_string()),
        };
        Command::Opened { path, result }
    });
    spawned.map(|_| ())
}

/// True when the article file a project was made from still exists but holds other bytes.
fn source_changed(project: &Project) -> bool {
    project
        .source
        .path
        .as_deref()
        .map(Path::new)
        .filter(|p| p.is_file())
        .and_then(|p| std::fs::read(p).ok())
        .is_some_and(|bytes| io::sha256_hex(&bytes) != project.source.sha256)
}

/// The bundled sample article as a new project.
///
/// # Errors
/// If the bundled article does not import (it does; the tests make sure).
pub fn sample_project() -> Result<Project, String> {
    let mut imported = io::import_bytes(Path::new(io::SAMPLE_ARTICLE_NAME), io::SAMPLE_ARTICLE.as_bytes())
        .map_err(|e| format!("Cannot open the sample article: {e}"))?;
    imported.source.path = Some(io::SAMPLE_ARTICLE_NAME.to_owned());
    Ok(Project::new(imported.document, imported.source))
}

/// Why an article is not updated during blind coding.
pub const BLIND_UPDATE: &str =
    "Turn off blind coding first (Team menu): updating the article moves every coder's claims, also those hidden";

/// Save the session's project to `path` in the background (atomically: temporary file,
/// fsync, rename; the previous version kept as `NAME~`). The session stays editable; it is
/// clean afterwards only if nothing changed while it saved. A web page's fetched copy is
/// archived beside the project first ([`io::web::archive_copy`]).
///
/// # Errors
/// When no worker thread can be started.
pub fn save(jobs: &mut Jobs, ctx: &egui::Context, session: &Session, path: PathBuf) -> Result<(), String> {
    let mut project = session.full_project().into_owned();
    let copy = session.source_copy.clone();
    let (session_id, state_id) = (session.id, session.history.state_id());
    let label = format!("Saving {}…", file_name(&path));
    let spawned = jobs.spawn(ctx, JobKind::Save, label, false, move |_| {
        let archived = copy.map(|c| archive(&path, &mut project, &c, session_id));
        let result = io::project_file::save(&path, &project).map_err(|e| e.to_string());
        let saved = Command::Saved { session_id, path, state_id, result };
        match archived {
            Some(before) => Command::Batch(vec![before, saved]),
            None => saved,
        }
    });
    spawned.map(|_| ())
}

/// Archive a fetched page beside `path` (on the save job's thread) and record it in
/// `project`'s source; a copy of another version than the project's article is skipped.
/// Returns the command that tells the window.
fn archive(path: &Path, project: &mut Project, copy: &io::web::SourceCopy, session_id: u64) -> Command {
    let (archive, error) = if io::sha256_hex(&copy.bytes) == project.source.sha256 {
        match io::web::archive_copy(path, &mut project.source, copy) {
            Ok(_) => (project.source.archive.clone(), None),
            Err(e) => (None, Some(e.to_string())),
        }
    } else {
        (None, None)
    };
    Command::Sources(super::command::sources::SourcesCommand::Archived { session_id, archive, error })
}

/// Export `project` as `format` to `path` in the background.
///
/// # Errors
/// When no worker thread can be started.
pub fn export(
    jobs: &mut Jobs,
    ctx: &egui::Context,
    project: Project,
    format: io::export::Format,
    path: &Path,
) -> Result<(), String> {
    let mut out = path.to_path_buf();
    if !format.is_multi_file() && out.extension().is_none() {
        out.set_extension(format.extension());
    }
    let label = format!("Exporting {}…", format.label());
    let spawned = jobs.spawn(ctx, JobKind::File, label, false, move |_| {
        match io::export::export(&project, format).and_then(|o| o.write(&out)) {
            Ok(paths) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                Command::Inform(format!("Exported {} to {}", format.label(), names.join(" and ")))
            }
            Err(e) => Command::Notify(format!("Export failed: {e}")),
        }
    });
    spawned.map(|_| ())
}

/// Add annotations from another tool (the format told by the extension: `.ann` brat, `.jsonl`
/// doccano, `.json`/`.jsonld` W3C) as one undoable edit, computed in the background.
///
/// # Errors
/// A message for the path prompt when the extension names no format.
pub fn import_annotations(
    jobs: &mut Jobs,
    ctx: &egui::Context,
    session: &Session,
    path: PathBuf,
    now: jiff::Timestamp,
) -> Result<(), String> {
    use crate::io::annotations::{AnnotationFormat, import_annotations_path};
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let format = match ext.as_str() {
        "ann" => AnnotationFormat::Brat,
        "jsonl" => AnnotationFormat::Doccano,
        "json" | "jsonld" => AnnotationFormat::W3c,
        _ => return Err("Use a .ann (brat), .jsonl (doccano) or .json/.jsonld (W3C) file".into()),
    };
    let (project, session_id) = (session.project.clone(), session.id);
    let spawned = jobs.spawn(ctx, JobKind::File, format!("Importing {}…", file_name(&path)), false, move |_| {
        match import_annotations_path(&project, format, &path, now) {
            Ok(imported) => {
                let r = &imported.report;
                let mut what = format!(
                    "{} and {} added",
                    super::words::count(r.claims, "claim", "claims"),
                    super::words::count(r.entities, "entity", "entities")
                );
                if r.duplicates > 0 {
                    what.push_str(&format!(", {} already here", r.duplicates));
                }
                if r.relocated > 0 {
                    what.push_str(&format!(", {} found at a new place", r.relocated));
                }
                let mut cmds = vec![
                    Command::Edit { edit: imported.edit, label: "Import annotations".into(), coalesce: None },
                    Command::Inform(format!("Imported {} annotations: {what}", format.name())),
                ];
                if !r.unplaced.is_empty() {
                    cmds.push(Command::Notify(format!(
                        "{} imported annotations could not be placed in this article",
                        r.unplaced.len()
                    )));
                }
                Command::ForSession(session_id, Box::new(Command::Batch(cmds)))
            }
            Err(e) => Command::Notify(e.to_string()),
        }
    });
    spawned.map(|_| ())
}

/// Read a new version of the article from `path` and re-anchor every annotation on it, in
/// the background; the result is one undoable edit.
///
/// # Errors
/// When no worker thread can be started.
pub fn update_article(
    jobs: &mut Jobs,
    ctx: &egui::Context,
    session: &Session,
    path: PathBuf,
    now: jiff::Timestamp,
) -> Result<(), String> {
    if session.hidden_claims().is_some() {
        return Err(BLIND_UPDATE.into());
    }
    let (project, session_id) = (session.project.clone(), session.id);
    let spawned = jobs.spawn(ctx, JobKind::File, format!("Updating from {}…", file_name(&path)), true, move |_| {
        let imported = match io::import_path(&path) {
            Ok(i) => i,
            Err(e) => return Command::Notify(e.to_string()),
        };
        let (edit, report) = crate::project::anchor::update_article(&project, imported.document, imported.source, now);
        if report.unchanged_text {
            return Command::ForSession(
                session_id,
                Box::new(Command::Batch(vec![
                    Command::DismissSourceChanged,
                    Command::Inform("The file has the same text as the annotated article: nothing to update".into()),
                ])),
            );
        }
        Command::ForSession(session_id, Box::new(Command::ArticleUpdated { edit, summary: report.summary }))
    });
    spawned.map(|_| ())
}

/// Merge the codebook file at `path` into `book` in the background (one undoable edit).
///
/// # Errors
/// When no worker thread can be started.
pub fn import_codebook(jobs: &mut Jobs, ctx: &egui::Context, session: &Session, path: PathBuf) -> Result<(), String> {
    let (book, session_id) = (session.project.codebook.clone(), session.id);
    let spawned =
        jobs.spawn(ctx, JobKind::File, "Importing the codebook…", false, move |_| {
            match io::codebook::import(&path, &book, crate::project::codebook::ImportMode::Merge) {
                Ok((book, summary)) => Command::ForSession(
                    session_id,
                    Box::new(Command::Batch(vec![
                        Command::Edit {
                            edit: Edit::SetCodebook(Box::new(book)),
                            label: "Import codebook".into(),
                            coalesce: None,
                        },
                        Command::Inform(format!(
                            "Codebook imported: {} new, {} updated",
                            summary.added, summary.updated
                        )),
                    ])),
                ),
                Err(e) => Command::Notify(e.to_string()),
            }
        });
    spawned.map(|_| ())
}

/// Write `book` to its own file at `path` in the background.
///
/// # Errors
/// When no worker thread can be started.
pub fn export_codebook(jobs: &mut Jobs, ctx: &egui::Context, book: Codebook, path: PathBuf) -> Result<(), String> {
    let path = with_extension_if_not_ron(path, "codebook.ron");
    let spawned =
        jobs.spawn(ctx, JobKind::File, "Exporting the codebook…", false, move |_| {
            match io::codebook::save(&path, &book) {
                Ok(()) => Command::Inform(format!("Codebook exported to {}", path.display())),
                Err(e) => Command::Notify(e.to_string()),
            }
        });
    spawned.map(|_| ())
}

/// Analyse the session's article in the background; `keep_entities` keeps its saved
/// automatic entities (only suggestions and quotations are taken from the analysis). The
/// entity data the window derives from the result is computed on the worker too.
///
/// # Errors
/// When no worker thread can be started.
pub fn analyse(
    jobs: &mut Jobs,
    ctx: &egui::Context,
    pipeline: &Pipeline,
    session: &Session,
    keep_entities: bool,
) -> Result<(), String> {
    let pipeline = pipeline.clone();
    let document = session.project.document.clone();
    let mut layers = session.project.entities.clone();
    let (session_id, version) = (session.id, session.entities_version());
    let label = if keep_entities { "Finding suggestions…" } else { "Finding entities…" };
    jobs.spawn(ctx, JobKind::Analysis, label, false, move |_| {
        let started = Instant::now();
        let analysis = pipeline.analyze(&document);
        if !keep_entities {
            layers.automatic.clone_from(&analysis.entities);
        }
        let derived = Derived::compute(&document.text, &layers);
        Command::AnalysisDone {
            session_id,
            keep_entities,
            analysis: Box::new(analysis),
            derived: Box::new((derived, version)),
            elapsed_ms: started.elapsed().as_millis(),
        }
    })
    .map(|_| ())
}

/// Ask for a path with the native dialog (in the background). A dialog that returns at once
/// could not be shown: the app then asks in the window.
///
/// # Errors
/// When no worker thread can be started.
pub fn native_dialog(
    jobs: &mut Jobs,
    ctx: &egui::Context,
    purpose: PromptPurpose,
    suggested: Option<PathBuf>,
) -> Result<(), String> {
    let spawned = jobs.spawn(ctx, JobKind::Dialog, purpose.title(), false, move |_| {
        let started = Instant::now();
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
        let path = if purpose.saves() { dialog.save_file() } else { dialog.pick_file() };
        Command::DialogClosed { purpose, path, quick: started.elapsed() < DIALOG_UNAVAILABLE_WITHIN }
    });
    spawned.map(|_| ())
}

/// List the recovery copies in `dir` left by an earlier run, each named by its project file
/// or its article's title, in the background.
///
/// # Errors
/// When no worker thread can be started.
pub fn find_recovery(jobs: &mut Jobs, ctx: &egui::Context, dir: PathBuf) -> Result<(), String> {
    let spawned = jobs.spawn(ctx, JobKind::File, "Looking for unsaved work…", false, move |_| {
        let entries = io::recovery::list(&dir)
            .into_iter()
            .map(|e| {
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
        Command::RecoveryFound(entries)
    });
    spawned.map(|_| ())
}

/// Read the recovery copy `file` (from `dir`) in the background.
///
/// # Errors
/// When no worker thread can be started.
pub fn load_recovery(jobs: &mut Jobs, ctx: &egui::Context, dir: Option<PathBuf>, file: PathBuf) -> Result<(), String> {
    let spawned = jobs.spawn(ctx, JobKind::Open, "Restoring unsaved work…", false, move |_| {
        let entries = dir.as_deref().map(io::recovery::list).unwrap_or_default();
        let origin = entries.iter().find(|e| e.file == file).and_then(|e| e.origin.clone());
        let result = io::project_file::load(&file).map(Box::new).map_err(|e| e.to_string());
        Command::RecoveryLoaded { file, origin, result }
    });
    spawned.map(|_| ())
}

/// What a path chosen for a purpose leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum PathUse {
    /// A job was started.
    Started,
    /// Open this file (after the unsaved-changes question).
    Open(PathBuf),
    /// Save the project here.
    Save(PathBuf),
    /// A path for corpus work ([`super::corpus`]).
    Corpus(PromptPurpose, PathBuf),
}

/// Start what `purpose` asked for with `path`.
///
/// # Errors
/// What is wrong with the path (for the path prompt to show), or that no worker thread could
/// be started.
pub fn use_path(
    jobs: &mut Jobs,
    ctx: &egui::Context,
    session: Option<&Session>,
    purpose: PromptPurpose,
    path: PathBuf,
    now: jiff::Timestamp,
) -> Result<PathUse, String> {
    if let Some(problem) = path_problem(purpose, &path) {
        return Err(problem);
    }
    match (purpose, session) {
        (PromptPurpose::Open | PromptPurpose::OpenUrl | PromptPurpose::OpenCorpus, _) => {
            return Ok(PathUse::Open(path));
        }
        (p @ (PromptPurpose::AddDocuments | PromptPurpose::NewCorpus | PromptPurpose::AddToCorpus), _) => {
            return Ok(PathUse::Corpus(p, path));
        }
        (PromptPurpose::SaveAs, _) => return Ok(PathUse::Save(with_project_extension(path))),
        // Everything else works on the open project.
        (_, None) => return Ok(PathUse::Started),
        (purpose, Some(s)) => start_on_project(jobs, ctx, s, purpose, path, now),
    }?;
    Ok(PathUse::Started)
}

fn start_on_project(
    jobs: &mut Jobs,
    ctx: &egui::Context,
    s: &Session,
    purpose: PromptPurpose,
    path: PathBuf,
    now: jiff::Timestamp,
) -> Result<(), String> {
    match purpose {
        PromptPurpose::Open
        | PromptPurpose::OpenUrl
        | PromptPurpose::SaveAs
        | PromptPurpose::OpenCorpus
        | PromptPurpose::AddDocuments
        | PromptPurpose::NewCorpus
        | PromptPurpose::AddToCorpus => Ok(()),
        PromptPurpose::ImportCodebook => import_codebook(jobs, ctx, s, path),
        PromptPurpose::Export(f) => export(jobs, ctx, s.full_project().into_owned(), f, &path),
        PromptPurpose::ImportAnnotations => import_annotations(jobs, ctx, s, path, now),
        PromptPurpose::UpdateArticle => update_article(jobs, ctx, s, path, now),
        PromptPurpose::ExportCodebook => export_codebook(jobs, ctx, s.project.codebook.clone(), path),
        PromptPurpose::Agreement => super::team::start(jobs, ctx, s, super::team::Want::Agreement, path, ""),
        PromptPurpose::Compare => super::team::start(jobs, ctx, s, super::team::Want::Comparison, path, ""),
    }
}

/// The path first offered when asking for a file to write (or to update from).
#[must_use]
pub fn suggested_path(session: Option<&Session>, purpose: PromptPurpose) -> Option<PathBuf> {
    let s = session?;
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
        PromptPurpose::NewCorpus => {
            let dir = s.suggested_path().parent().map(Path::to_path_buf).unwrap_or_default();
            Some(dir.join("corpus"))
        }
        PromptPurpose::Open
        | PromptPurpose::OpenUrl
        | PromptPurpose::ImportCodebook
        | PromptPurpose::ImportAnnotations
        | PromptPurpose::Agreement
        | PromptPurpose::Compare
        | PromptPurpose::OpenCorpus
        | PromptPurpose::AddDocuments
        | PromptPurpose::AddToCorpus => None,
    }
}

/// Why `path` cannot be used for `purpose`, if it cannot (no such file to read, no folder to
/// write into).
#[must_use]
pub fn path_problem(purpose: PromptPurpose, path: &Path) -> Option<String> {
    let no_folder = path.parent().is_some_and(|d| !d.as_os_str().is_empty() && !d.is_dir());
    if purpose.saves() {
        no_folder.then(|| format!("There is no folder {}", path.parent().unwrap_or(path).display()))
    } else {
        (!path.exists()).then(|| format!("There is no file {}", path.display()))
    }
}

/// True for a codebook file (`NAME.codebook.ron`), which is merged into a project rather than
/// opened as one.
#[must_use]
pub fn is_codebook_path(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.to_ascii_lowercase().ends_with(".codebook.ron"))
}

/// Append `.claimlens.ron` unless the path already ends in `.ron`.
#[must_use]
pub fn with_project_extension(path: PathBuf) -> PathBuf {
    with_extension_if_not_ron(path, crate::project::FILE_EXTENSION)
}

/// Append `.EXT` unless the path already ends in `.ron`.
#[must_use]
pub fn with_extension_if_not_ron(path: PathBuf, ext: &str) -> PathBuf {
    if io::is_project_path(&path) {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(".");
        s.push(ext);
        PathBuf::from(s)
    }
}

/// A typed path with `~/` expanded.
#[must_use]
pub fn expand_home(text: &str) -> PathBuf {
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    PathBuf::from(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_get_their_extension_once() {
        assert_eq!(with_project_extension("a/b".into()), PathBuf::from("a/b.claimlens.ron"));
        assert_eq!(with_project_extension("a/b.claimlens.ron".into()), PathBuf::from("a/b.claimlens.ron"));
        assert_eq!(with_extension_if_not_ron("desk".into(), "codebook.ron"), PathBuf::from("desk.codebook.ron"));
    }

    #[test]
    fn prompt_paths_are_checked_before_any_job_starts() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.txt");
        assert!(path_problem(PromptPurpose::Open, &missing).unwrap().contains("There is no file"));
        assert_eq!(path_problem(PromptPurpose::SaveAs, &missing), None);
        let no_dir = dir.path().join("nodir").join("p.claimlens.ron");
        assert!(path_problem(PromptPurpose::SaveAs, &no_dir).unwrap().contains("There is no folder"));
    }
}
