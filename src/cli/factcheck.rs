//! `claimlens factchecks …`, `claimlens match`, `claimlens eval-match` and
//! `claimlens bench factchecks`: the fact-check library from the command line.

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::document::offsets::CharIndex;
use crate::factcheck::{ClaimQuery, Library, Match, MatchConfig, eval, project::Target};
use crate::io;
use crate::nlp::Pipeline;
use crate::project::Project;

/// `claimlens factchecks …`
#[derive(Debug, Subcommand)]
pub enum FactchecksCommand {
    /// Build or update a fact-check library from `ClaimReview` feeds (JSON array or object,
    /// JSON Lines, schema.org `DataFeed`, Fact Check Tools API responses, saved fact-check
    /// pages). Items are keyed by URL: importing again updates them. Bad records are skipped
    /// and counted. Prints one JSON object per feed and a summary.
    Import {
        /// The feeds.
        #[arg(required = true)]
        feeds: Vec<PathBuf>,
        /// The library folder (created if missing). Default: the platform data folder
        /// (`~/.local/share/claimlens/factchecks` on Linux; `$CLAIMLENS_DATA_DIR/factchecks`).
        #[arg(short = 'o', long = "output", value_name = "LIB")]
        library: Option<PathBuf>,
    },
    /// Write every item of a library as JSON Lines, sorted by URL.
    Export {
        /// The library folder (default as for import).
        #[arg(short, long, value_name = "LIB")]
        library: Option<PathBuf>,
    },
}

/// `claimlens match`
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// A library folder, or a feed (imported into a temporary index for this run).
    /// Default: the default library.
    #[arg(long, value_name = "LIB_OR_FEED")]
    pub library: Option<PathBuf>,
    /// Read `{"id", "text"[, "claimant", "date"]}` lines and write
    /// `{"id", "matches": [{"url", "score", "claim", "rating", "publisher", "date"}]}` lines.
    #[arg(long, value_name = "QUERIES.jsonl", conflicts_with = "file")]
    pub jsonl: Option<PathBuf>,
    /// An article or project: match its claims and its claim suggestions; one JSON line each,
    /// with code point offsets.
    pub file: Option<PathBuf>,
    /// Matches per claim.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
}

/// `claimlens eval-match`
#[derive(Debug, Args)]
pub struct EvalMatchArgs {
    /// A library folder or a feed.
    #[arg(long, value_name = "LIB_OR_FEED")]
    pub library: PathBuf,
    /// Queries, `{"id", "text"}` lines.
    #[arg(long, value_name = "Q.jsonl")]
    pub queries: PathBuf,
    /// TREC qrels (`query 0 url 1`).
    #[arg(long, value_name = "QRELS")]
    pub qrels: PathBuf,
    /// Matcher parameters to change, as JSON (`{"k1": 1.0, "prf_docs": 3}`; see
    /// `factcheck::MatchConfig`).
    #[arg(long, value_name = "JSON")]
    pub config: Option<String>,
    /// Also write the predictions (as `match --jsonl` does) to this file.
    #[arg(long, value_name = "OUT.jsonl")]
    pub predictions: Option<PathBuf>,
}

/// `claimlens bench factchecks`
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A feed to repeat (with altered URLs) up to `--items` (e.g. the development library).
    #[arg(long, value_name = "FEED")]
    pub feed: PathBuf,
    /// Queries (`{"id", "text"}` lines); the first `--queries-count` are asked.
    #[arg(long, value_name = "Q.jsonl")]
    pub queries: PathBuf,
    /// Items in the generated library.
    #[arg(long, default_value_t = 260_000)]
    pub items: usize,
    /// Queries asked by the timed `claimlens match` process.
    #[arg(long, default_value_t = 200)]
    pub queries_count: usize,
    /// Work folder (default: a temporary folder, removed afterwards).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

fn default_library() -> anyhow::Result<PathBuf> {
    Library::default_dir().context("no data folder on this system: give the library with -o/--library")
}

/// `claimlens factchecks …`
///
/// # Errors
/// A message naming the file and the reason.
pub fn factchecks(cmd: FactchecksCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        FactchecksCommand::Import { feeds, library } => {
            let dir = library.map_or_else(default_library, Ok)?;
            let mut lib = Library::open_or_create(&dir)?;
            let report = lib.import(&feeds, &mut |_| {}, &AtomicBool::new(false))?;
            for (path, r) in &report.feeds {
                serde_json::to_writer(&mut *out, &json!({"feed": path, "report": r}))?;
                writeln!(out)?;
            }
            writeln!(
                out,
                "imported {} items ({} skipped) into {}: {} items in the library",
                report.items,
                report.skipped,
                dir.display(),
                report.library_items
            )?;
        }
        FactchecksCommand::Export { library } => {
            let dir = library.map_or_else(default_library, Ok)?;
            let lib = Library::open(&dir)?;
            for item in lib.items()? {
                serde_json::to_writer(&mut *out, &item)?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// A library folder as it is, or a feed imported into a temporary in-memory library.
fn open_library(path: Option<&Path>) -> anyhow::Result<Library> {
    let path = match path {
        Some(p) => p.to_owned(),
        None => default_library()?,
    };
    if path.is_dir() {
        return Ok(Library::open(&path)?);
    }
    if !path.exists() {
        bail!("{}: no such library or feed", path.display());
    }
    let mut lib = Library::in_memory()?;
    lib.import(std::slice::from_ref(&path), &mut |_| {}, &AtomicBool::new(false))?;
    Ok(lib)
}

fn match_json(m: &Match) -> serde_json::Value {
    json!({
        "url": m.url,
        "score": (f64::from(m.score) * 1000.0).round() / 1000.0,
        "claim": m.claim,
        "rating": {"text": m.rating.text, "value": m.rating.value},
        "publisher": m.publisher,
        "date": m.date,
        "title": m.title,
        "likely": m.likely,
    })
}

/// Read `{"id", "text"[, "claimant", "date"]}` lines.
fn read_queries(path: &Path) -> anyhow::Result<Vec<(serde_json::Value, ClaimQuery)>> {
    let file = std::fs::File::open(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}: cannot read", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{}: line {}: not JSON", path.display(), n + 1))?;
        let Some(text) = v.get("text").and_then(serde_json::Value::as_str) else {
            bail!("{}: line {}: no \"text\" string", path.display(), n + 1);
        };
        let s = |k: &str| v.get(k).and_then(serde_json::Value::as_str).map(str::to_owned);
        let q = ClaimQuery { text: text.to_owned(), claimant: s("claimant").unwrap_or_default(), date: s("date") };
        out.push((v.get("id").cloned().unwrap_or(serde_json::Value::Null), q));
    }
    Ok(out)
}

/// `claimlens match`
///
/// # Errors
/// A message naming the file and the reason.
pub fn match_cmd(args: &MatchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let lib = open_library(args.library.as_deref())?;
    match (&args.jsonl, &args.file) {
        (Some(q), None) => {
            let queries = read_queries(q)?;
            for (id, q) in &queries {
                let matches = lib.match_claim(q, args.top)?;
                let ms: Vec<_> = matches.iter().map(match_json).collect();
                serde_json::to_writer(&mut *out, &json!({"id": id, "matches": ms}))?;
                writeln!(out)?;
            }
        }
        (None, Some(file)) => {
            let (project, project_path) = match io::open_path(file)? {
                io::Opened::Article(imported) => (Project::new(imported.document, imported.source), None),
                io::Opened::Project(p) => (*p, std::path::absolute(file).ok()),
                io::Opened::Corpus(_) => bail!("{} is a corpus: use `claimlens corpus …`", file.display()),
            };
            let analysis = Pipeline::default().analyze(&project.document);
            let found = lib.match_project(
                &project,
                &analysis,
                project_path.as_deref(),
                crate::nlp::claims::DEFAULT_THRESHOLD,
                args.top,
                &mut |_, _| {},
                &AtomicBool::new(false),
            )?;
            let index = CharIndex::new(project.text());
            for t in &found {
                let (start, end) = index.to_chars(t.span);
                let (kind, claim) = match t.target {
                    Target::Claim(id) => ("claim", Some(id.0)),
                    Target::Suggestion => ("suggestion", None),
                };
                let ms: Vec<_> = t.matches.iter().map(match_json).collect();
                serde_json::to_writer(
                    &mut *out,
                    &json!({"kind": kind, "claim": claim, "start": start, "end": end, "text": t.text, "matches": ms}),
                )?;
                writeln!(out)?;
            }
        }
        _ => bail!("give an article or project FILE, or --jsonl QUERIES.jsonl"),
    }
    Ok(())
}

/// `claimlens eval-match`: MAP@1/3/5 (and MRR, hit) of the matcher on queries with qrels.
///
/// # Errors
/// A message naming the file and the reason.
pub fn eval_match(args: &EvalMatchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let cfg: MatchConfig = match &args.config {
        Some(c) => serde_json::from_str(c).context("--config: not a matcher configuration")?,
        None => MatchConfig::default(),
    };
    let lib = open_library(Some(&args.library))?;
    let qrels_text = std::fs::read_to_string(&args.qrels)
        .with_context(|| format!("{}: cannot read the file", args.qrels.display()))?;
    let qrels = eval::parse_qrels(&qrels_text);
    let queries = read_queries(&args.queries)?;
    let started = Instant::now();
    let mut ranked = BTreeMap::new();
    let mut preds = Vec::new();
    for (id, q) in &queries {
        let matches = lib.match_claim_with(q, 5, &cfg)?;
        let key = match id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if args.predictions.is_some() {
            preds.push(json!({"id": id, "matches": matches.iter().map(match_json).collect::<Vec<_>>()}));
        }
        ranked.insert(key, matches.into_iter().map(|m| m.url).collect::<Vec<_>>());
    }
    let secs = started.elapsed().as_secs_f64();
    if let Some(path) = &args.predictions {
        let mut text = String::new();
        for p in &preds {
            text.push_str(&p.to_string());
            text.push('\n');
        }
        std::fs::write(path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let at = |k| eval::score(&qrels, &ranked, k);
    let (s1, s3, s5) = (at(1), at(3), at(5));
    let r4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
    serde_json::to_writer(
        &mut *out,
        &json!({"queries": s5.queries, "MAP@1": r4(s1.map), "MAP@3": r4(s3.map), "MAP@5": r4(s5.map),
                "MRR@5": r4(s5.mrr), "hit@5": r4(s5.hit), "seconds": r4(secs)}),
    )?;
    writeln!(out)?;
    Ok(())
}

/// Copy `feed`'s items into a JSON Lines feed of `items` `ClaimReview`s, URLs made unique
/// per copy.
fn generate_feed(feed: &Path, items: usize, out_path: &Path) -> anyhow::Result<usize> {
    let (base, _) = {
        let mut v = Vec::new();
        let r = crate::factcheck::feed::read_feed_path(feed, &mut |f| {
            v.push(f);
            Ok(())
        })?;
        (v, r)
    };
    if base.is_empty() {
        bail!("{}: no fact-checks in the feed", feed.display());
    }
    let file = std::fs::File::create(out_path).with_context(|| format!("{}: cannot write", out_path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    for i in 0..items {
        let copy = i / base.len();
        let item = &base[i % base.len()];
        let url = if copy > 0 { format!("{}?copy={copy}", item.url) } else { item.url.clone() };
        let review = json!({
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": item.claim,
            "name": item.title,
            "author": {"@type": "Organization", "name": item.publisher},
            "reviewRating": {"@type": "Rating", "alternateName": item.rating.text},
        });
        serde_json::to_writer(&mut w, &review)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(base.len())
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// `claimlens bench factchecks`: import a generated library of `--items` items (timed, in
/// this process), then run `claimlens match --library LIB --jsonl Q` as a new process on
/// `--queries-count` queries (timed from process start to exit, so start-up and opening
/// the index are included). Prints one JSON object per case.
///
/// # Errors
/// If the feed or queries cannot be read, or the child process fails.
pub fn bench_factchecks(args: &BenchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let tmp;
    let dir = if let Some(d) = &args.dir {
        std::fs::create_dir_all(d).with_context(|| format!("{}: cannot create", d.display()))?;
        d.clone()
    } else {
        tmp = tempfile::tempdir().context("cannot make a temporary folder")?;
        tmp.path().to_owned()
    };
    let feed = dir.join("generated.jsonl");
    let started = Instant::now();
    let base = generate_feed(&args.feed, args.items, &feed)?;
    let generate_secs = started.elapsed().as_secs_f64();
    let feed_bytes = std::fs::metadata(&feed).map(|m| m.len()).unwrap_or(0);
    let lib_dir = dir.join("library");
    if lib_dir.exists() {
        std::fs::remove_dir_all(&lib_dir).with_context(|| format!("{}: cannot remove", lib_dir.display()))?;
    }
    let rss_before = peak_rss_kb();
    let started = Instant::now();
    let mut lib = Library::open_or_create(&lib_dir)?;
    let report = lib.import(std::slice::from_ref(&feed), &mut |_| {}, &AtomicBool::new(false))?;
    let import_secs = started.elapsed().as_secs_f64();
    drop(lib);
    let lib_bytes: u64 = std::fs::read_dir(&lib_dir)
        .map(|d| d.filter_map(Result::ok).filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0);
    serde_json::to_writer(
        &mut *out,
        &json!({"case": "import", "items": report.library_items, "base_items": base, "feed_bytes": feed_bytes,
                "generate_seconds": (generate_secs * 100.0).round() / 100.0,
                "import_seconds": (import_secs * 100.0).round() / 100.0,
                "library_bytes": lib_bytes, "peak_rss_kb_before_import": rss_before, "peak_rss_kb": peak_rss_kb()}),
    )?;
    writeln!(out)?;
    // The queries, as their own file.
    let queries = read_queries(&args.queries)?;
    let qfile = dir.join("queries.jsonl");
    let mut text = String::new();
    for (id, q) in queries.iter().cycle().take(args.queries_count.min(queries.len().max(1) * 1000)) {
        text.push_str(&json!({"id": id, "text": q.text}).to_string());
        text.push('\n');
    }
    std::fs::write(&qfile, text).with_context(|| format!("{}: cannot write", qfile.display()))?;
    let exe = std::env::current_exe().context("cannot find the claimlens executable")?;
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = std::process::Command::new(time);
        c.arg("-v").arg(&exe);
        c
    } else {
        std::process::Command::new(&exe)
    };
    cmd.arg("match").arg("--library").arg(&lib_dir).arg("--jsonl").arg(&qfile);
    let started = Instant::now();
    let child = cmd.output().context("cannot run claimlens match")?;
    let match_secs = started.elapsed().as_secs_f64();
    if !child.status.success() {
        bail!("claimlens match failed: {}", String::from_utf8_lossy(&child.stderr).trim());
    }
    let answered = child.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    let stderr = String::from_utf8_lossy(&child.stderr);
    let child_rss = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse::<u64>().ok());
    serde_json::to_writer(
        &mut *out,
        &json!({"case": "match_process", "queries": answered,
                "seconds_including_start_and_open": (match_secs * 1000.0).round() / 1000.0,
                "peak_rss_kb": child_rss}),
    )?;
    writeln!(out)?;
    Ok(())
}
