//! Article locations on the command line: wherever a FILE is accepted, a web address
//! (`https://…`) or `-` (standard input) is too. Web pages are archived beside the project
//! (`NAME.sources/`), and `project update --url` refetches them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use anyhow::{Context as _, bail};

use crate::io::fetch::FetchOptions;
use crate::io::{self, Imported, Location, Opened};
use crate::nlp::Pipeline;
use crate::project::Project;

/// Import the article named by a command-line argument: a file, a URL or `-`.
///
/// # Errors
/// The import's error (it names the location and the reason); a project file is refused.
pub fn import_article(arg: &Path) -> anyhow::Result<Imported> {
    let never = AtomicBool::new(false);
    Ok(io::import_location(&Location::from_os(arg.as_os_str()), &FetchOptions::default(), &mut |_| {}, &never)?)
}

/// Open what a command-line argument names: a project file, or an article (file, URL, `-`).
///
/// # Errors
/// The error of [`io::open_location`].
pub fn open(arg: &Path) -> anyhow::Result<Opened> {
    let never = AtomicBool::new(false);
    Ok(io::open_location(&Location::from_os(arg.as_os_str()), &FetchOptions::default(), &mut |_| {}, &never)?)
}

/// Where `project new` writes when no `-o` is given: beside a file (`NAME.claimlens.ron`), in
/// the current folder for a web page (named after the page's address).
///
/// # Errors
/// For standard input, which has no name to derive one from.
pub fn default_project_path(arg: &Path, imported: &Imported) -> anyhow::Result<PathBuf> {
    match Location::from_os(arg.as_os_str()) {
        Location::Path(p) => Ok(io::project_path_for(&p)),
        Location::Stdin => bail!("give the project file with -o PROJECT when the article comes from standard input"),
        Location::Url(u) => {
            let url = imported.source.final_url.as_deref().unwrap_or(&u);
            Ok(PathBuf::from(format!("{}.{}", url_slug(url), crate::project::FILE_EXTENSION)))
        }
    }
}

/// A file name from a web address: its last path segment without extension, else its host.
///
/// # Example
/// ```
/// use claimlens::cli::formats::url_slug;
/// assert_eq!(url_slug("https://news.example/2025/03/allies-meet.html?x=1"), "allies-meet");
/// assert_eq!(url_slug("https://news.example/"), "news.example");
/// assert_eq!(url_slug("https://news.example/a b/Zürich"), "Z-rich");
/// ```
#[must_use]
pub fn url_slug(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = path.split_once('/').unwrap_or((path, ""));
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let last = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let name = if last.is_empty() { host } else { last };
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .take(80)
        .collect();
    let slug = slug.trim_matches(['-', '.']).to_owned();
    if slug.is_empty() { "article".to_owned() } else { slug }
}

/// `claimlens project new ARTICLE [-o PROJECT]`: import, analyse, archive a fetched page
/// beside the project, save. A failed import or fetch writes nothing.
///
/// # Errors
/// Import, archive or save errors.
pub fn new_project(article: &Path, output: Option<PathBuf>, out: &mut dyn Write) -> anyhow::Result<()> {
    let imported = import_article(article)?;
    let output = match output {
        Some(o) => o,
        None => default_project_path(article, &imported)?,
    };
    let copy = imported.copy.clone();
    let mut project = Project::new(imported.document, imported.source);
    project.set_analysis(Pipeline::default().analyze(&project.document));
    if let Some(copy) = &copy {
        io::web::archive_copy(&output, &mut project.source, copy)?;
    }
    io::project_file::save(&output, &project)?;
    writeln!(out, "wrote {}", output.display())?;
    Ok(())
}

/// `claimlens project update PROJECT (--article ARTICLE | --url [URL])`: re-anchor onto the new
/// version (a file, a URL, `-`, or the project's own page refetched), archive a fetched page,
/// save atomically, print the report as one JSON object.
///
/// # Errors
/// Load, import, archive or save errors; nothing is written when the import fails.
pub fn update_project(
    project: &Path,
    article: Option<&Path>,
    url: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut p = io::project_file::load(project)?;
    let never = AtomicBool::new(false);
    let options = FetchOptions::default();
    let now = jiff::Timestamp::now();
    let (edit, report) = match (article, url) {
        (Some(article), _) => {
            let imported = import_article(article)?;
            let mut source = imported.source;
            if let Some(copy) = &imported.copy {
                io::web::archive_copy(project, &mut source, copy)?;
            }
            crate::project::anchor::update_article(&p, imported.document, source, now)
        }
        (None, url) => {
            let url = url.map(str::trim).filter(|u| !u.is_empty());
            let update = io::web::update_from_url(&p, project, url, &options, &mut |_| {}, &never, now)?;
            (update.edit, update.report)
        }
    };
    edit.apply(&mut p).context("the re-anchored project is inconsistent")?;
    io::project_file::save(project, &p)?;
    serde_json::to_writer(&mut *out, &report)?;
    writeln!(out)?;
    Ok(())
}
