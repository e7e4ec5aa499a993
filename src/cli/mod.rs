//! The command line: the headless subcommands of the `claimlens` binary.
//!
//! Uses the engine only (never the `ui` module), so it builds with `--no-default-features`.
//! Errors are reported once, as one line naming the file and the reason, with a non-zero exit.

pub mod anchor;
pub mod batch;
pub mod claims;
pub mod corpus;
pub mod factcheck;
pub mod formats;
pub mod ner;
pub mod team;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use serde_json::json;

use crate::document::offsets::CharIndex;
use crate::io;
use crate::io::{annotations, export};
use crate::nlp::Pipeline;
use crate::project::Project;

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(name = "claimlens", version, about = "Read news articles with entities highlighted; tag and check claims.")]
pub struct Cli {
    /// What to open in the window: an article (.txt, .md, .html, .xml, .pdf, .docx, .odt,
    /// .epub; - for standard input), a web address, a project (.claimlens.ron) or a corpus
    /// folder. Without it, the bundled sample article opens.
    pub file: Option<PathBuf>,
    /// In the window: code as NAME (recorded on what you tag and change) instead of the name
    /// in the settings.
    #[arg(long, value_name = "NAME")]
    pub coder: Option<String>,
    /// In the window: blind coding — other coders' claims are hidden (still saved unchanged)
    /// until Team ▸ Blind coding is turned off.
    #[arg(long)]
    pub blind: bool,
    /// A headless subcommand.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Headless subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the entities the app would highlight, as JSON Lines (code point offsets).
    Entities {
        /// An article: a file (.txt, .md, .html, .xml, .pdf, .docx, .odt, .epub), a web address,
        /// `-` for standard input, or a project file.
        file: Option<PathBuf>,
        /// Read `{"id","text",...}` lines from this file instead and write
        /// `{"id","entities":[...]}` lines.
        #[arg(long, value_name = "IN.jsonl", conflicts_with = "file")]
        jsonl: Option<PathBuf>,
        /// With `--jsonl`: worker threads (0: every core). Output keeps the input order.
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Create, inspect and export projects.
    #[command(subcommand)]
    Project(ProjectCommand),
    /// Corpus projects: many articles in one folder (new, add, show, search, entities, export,
    /// import .qdpx).
    #[command(subcommand)]
    Corpus(corpus::CorpusCommand),
    /// Share a project's codebook as its own file.
    #[command(subcommand)]
    Codebook(CodebookCommand),
    /// Score the entity recognizer against gold JSONL (as `ner_score.py --map onto`).
    EvalNer(ner::EvalArgs),
    /// Check-worthiness: score sentences (`--jsonl`) or suggest an article's claims.
    Claims(claims::ClaimsArgs),
    /// Score check-worthiness against gold JSONL (as `claims_score.py`).
    EvalClaims(claims::EvalArgs),
    /// Train the check-worthiness model (development; see assets/claims/README.md).
    #[command(hide = true)]
    TrainClaims(claims::TrainArgs),
    /// Train the entity recognizer's model (development; see assets/ner/README.md).
    #[command(hide = true)]
    TrainNer(ner::TrainArgs),
    /// The fact-check library: import `ClaimReview` feeds, export the items.
    #[command(subcommand)]
    Factchecks(factcheck::FactchecksCommand),
    /// Has this been checked before? Match claims (`--jsonl`) or an article's claims and
    /// suggestions against the fact-check library.
    Match(factcheck::MatchArgs),
    /// Score claim matching against TREC qrels (MAP@1/3/5, as `match_score.py`).
    EvalMatch(factcheck::EvalMatchArgs),
    /// Measure performance.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Team work: agree, compare, merge, resolve.
    #[command(flatten)]
    Team(team::TeamCommand),
}

/// `claimlens bench …`
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Entity recognition throughput (one thread) and model load time.
    Ner {
        /// An article to analyse (any format `claimlens` imports). Default: a generated news text.
        file: Option<PathBuf>,
        /// Timed passes over the text.
        #[arg(long, default_value_t = 5)]
        iterations: usize,
    },
    /// CPU time per frame of the whole window (headless): scrolling a small and a large
    /// article, typing into a claim's note, opening and saving a large project; and the
    /// engine's save and load. Prints one JSON object per line and case.
    Ui {
        /// Use this article as the large document (default: 1 MB of generated news text, no
        /// paragraph repeated).
        #[arg(long)]
        file: Option<PathBuf>,
        /// Frames measured per case (after 30 warm-up frames).
        #[arg(long, default_value_t = 200)]
        frames: usize,
        /// Claims on the large document.
        #[arg(long, default_value_t = 2000)]
        claims: usize,
    },
    /// Corpus projects: making a corpus of generated news articles (time, peak memory),
    /// opening it, `corpus show`, loading it, searching it, its entities. One JSON object per
    /// line and case.
    Corpus {
        /// Articles to generate.
        #[arg(long, default_value_t = 1000)]
        docs: usize,
        /// Keep the articles and the corpus in this folder (default: a temporary folder).
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Random seed.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
    },
    /// Re-anchoring: the time to re-anchor many claims on a large article after edits, and
    /// the share of annotations put back on the right text over many random edits. Prints one
    /// JSON object per case.
    Anchor {
        /// Claims on the large article.
        #[arg(long, default_value_t = 2000)]
        claims: usize,
        /// Size of the large article in bytes.
        #[arg(long, default_value_t = 1_000_000)]
        size_bytes: usize,
        /// Generated documents for the accuracy measurement.
        #[arg(long, default_value_t = 500)]
        docs: usize,
        /// Random edits per document.
        #[arg(long, default_value_t = 4)]
        edits: usize,
        /// Random seed.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
    },
    /// The fact-check library: import time of a large generated library, and a new
    /// `claimlens match` process answering queries (start-up and index open included).
    Factchecks(factcheck::BenchArgs),
}

/// Entry points that need the window's code (the `gui` feature), given by `main.rs`.
pub struct GuiEntryPoints {
    /// Open the window on a file (or the sample), as a coder, in blind coding.
    pub window: fn(Option<PathBuf>, Option<String>, bool) -> anyhow::Result<()>,
    /// `claimlens bench ui`.
    pub bench_ui: fn(Option<&Path>, usize, usize, &mut dyn Write) -> anyhow::Result<()>,
}

/// `claimlens project …`
#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Create a project from an article (with automatic entities).
    New {
        /// The article: a file, a web address (the page is archived beside the project, in
        /// `NAME.sources/`), or `-` for standard input (then `-o` is needed).
        article: PathBuf,
        /// Where to write the project (default: next to the article, `NAME.claimlens.ron`).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print a summary: title, entity counts by type, claims by status.
    Show {
        /// The project file.
        project: PathBuf,
    },
    /// Export the project (offsets in every format are Unicode code points).
    Export {
        /// The project file.
        project: PathBuf,
        /// Output format: json, csv, md, html, w3c, brat, doccano, spacy, conll, claimreview.
        #[arg(long, default_value = "json", value_parser = parse_export_format)]
        format: export::Format,
        /// Output file (default: standard output). For brat, a base path: OUT.txt and OUT.ann
        /// are written (required).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Add annotations made elsewhere (W3C Web Annotation, brat, doccano) to the project, as
    /// entities (labels that are entity types) and claims (any other label, as a tag). Prints
    /// one JSON object with the counts.
    Import {
        /// The project file (saved atomically).
        project: PathBuf,
        /// The annotations file (for brat, the .ann file; the .txt next to it is used if present).
        #[arg(long, value_name = "FILE")]
        annotations: PathBuf,
        /// Its format: w3c, brat or doccano.
        #[arg(long, value_parser = parse_annotation_format)]
        format: annotations::AnnotationFormat,
        /// The coder the imported claims and corrections are recorded as made by.
        #[arg(long, env = "CLAIMLENS_CODER")]
        coder: Option<String>,
    },
    /// Make a project file from a JSON export (`project export --format json`), which holds
    /// the whole project: the result equals the project that was exported. (Unlike `import`,
    /// which adds another tool's annotations to an existing project, this makes a new one.)
    FromJson {
        /// The JSON export.
        json: PathBuf,
        /// Where to write the project (default: next to the JSON, `NAME.claimlens.ron`).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Re-anchor the project onto a new version of its article and save it (atomically).
    /// Prints one JSON object: annotations kept in place, moved, fuzzily re-anchored, orphaned.
    Update {
        /// The project file.
        project: PathBuf,
        /// The new version of the article (a file, a web address, or `-`).
        #[arg(long, value_name = "FILE", required_unless_present = "url", conflicts_with = "url")]
        article: Option<PathBuf>,
        /// Refetch the article from the web: from URL, or, without one, from the project's own
        /// page (its final address, else its canonical one). The copy is archived.
        #[arg(long, value_name = "URL", num_args = 0..=1, default_missing_value = "")]
        url: Option<String>,
    },
}

/// `claimlens codebook …`
#[derive(Debug, Subcommand)]
pub enum CodebookCommand {
    /// Write the project's codebook as a codebook file (`NAME.codebook.ron`).
    Export {
        /// The project file.
        project: PathBuf,
        /// The codebook file to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Import a codebook file into the project and save the project. By default the file is
    /// merged: codes are matched by path, new codes are added, codes in both take the file's
    /// colour, shortcut and description, and codes only in the project stay.
    Import {
        /// The project file (rewritten).
        project: PathBuf,
        /// The codebook file.
        file: PathBuf,
        /// Replace the project's codebook by the file's instead of merging. Claims keep their
        /// tags either way.
        #[arg(long)]
        replace: bool,
    },
}

fn parse_export_format(s: &str) -> Result<export::Format, String> {
    export::Format::parse(s).ok_or_else(|| {
        let names: Vec<&str> = export::Format::all().iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}; one of: {}", names.join(", "))
    })
}

fn parse_annotation_format(s: &str) -> Result<annotations::AnnotationFormat, String> {
    annotations::AnnotationFormat::parse(s).ok_or_else(|| format!("unknown format {s:?}; one of: w3c, brat, doccano"))
}

/// Parse the process arguments and run. Without the GUI entry points (headless build), the
/// window and the UI benchmark report that they are not available.
pub fn main_with(gui: Option<GuiEntryPoints>) -> ExitCode {
    let cli = Cli::parse();
    let no_gui = || {
        anyhow::anyhow!(
            "this build of claimlens has no window (built without the \"gui\" feature); use a subcommand, see --help"
        )
    };
    let result = match (cli.command, gui) {
        (None, Some(gui)) => (gui.window)(cli.file, cli.coder, cli.blind),
        (Some(Command::Bench(BenchCommand::Ui { file, frames, claims })), Some(gui)) => {
            (gui.bench_ui)(file.as_deref(), frames, claims, &mut std::io::stdout().lock())
        }
        (None | Some(Command::Bench(BenchCommand::Ui { .. })), None) => Err(no_gui()),
        (Some(cmd), _) => run(cmd, &mut std::io::stdout().lock()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`claimlens entities BIG | head -1`): nothing to report.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "claimlens: error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each cause named once: many errors show their
/// source in their own message too ("x.txt: cannot read the file: No such file …"), and
/// repeating it would say the same thing three times.
#[must_use]
pub fn one_line(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if msg.contains(&s) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&s);
    }
    msg
}

/// True when the error comes from writing to a closed pipe.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let pipe = std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == pipe)
            || c.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind) == Some(pipe)
    })
}

/// Entry point of the headless build (no window available).
pub fn main() -> ExitCode {
    main_with(None)
}

/// Run one subcommand, writing its output to `out`.
///
/// # Errors
/// A message naming the file and the reason.
pub fn run(cmd: Command, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut out = BufWriter::new(out);
    match cmd {
        Command::Entities { file: Some(file), jsonl: None, .. } => entities_of_file(&file, &mut out)?,
        Command::Entities { file: None, jsonl: Some(input), threads } => entities_of_jsonl(&input, threads, &mut out)?,
        Command::Entities { .. } => bail!("give an article FILE or --jsonl IN.jsonl"),
        Command::EvalNer(args) => ner::eval_ner(&args, &mut out)?,
        Command::Claims(args) => claims::claims(&args, &mut out)?,
        Command::EvalClaims(args) => claims::eval_claims(&args, &mut out)?,
        Command::TrainClaims(args) => claims::train_claims(&args, &mut out)?,
        Command::Bench(BenchCommand::Ner { file, iterations }) => {
            ner::bench_ner(file.as_deref(), iterations, &mut out)?;
        }
        Command::TrainNer(args) => ner::train_ner(&args, &mut out)?,
        Command::Project(ProjectCommand::New { article, output }) => formats::new_project(&article, output, &mut out)?,
        Command::Project(ProjectCommand::Show { project }) => {
            let p = io::project_file::load(&project)?;
            show_project(&p, &mut out)?;
        }
        Command::Codebook(cmd) => run_codebook(cmd, &mut out)?,
        Command::Corpus(cmd) => corpus::run(cmd, &mut out)?,
        Command::Bench(BenchCommand::Corpus { docs, keep, seed }) => {
            corpus::bench_corpus(&corpus::BenchArgs { docs, keep, seed }, &mut out)?;
        }
        Command::Bench(BenchCommand::Ui { .. }) => {
            bail!("the UI benchmark needs the window's code (the \"gui\" feature)")
        }
        Command::Project(ProjectCommand::Export { project, format, output }) => {
            let p = io::project_file::load(&project)?;
            let exported = export::export(&p, format)?;
            match output {
                Some(path) => {
                    exported.write(&path)?;
                }
                None if format.is_multi_file() => {
                    bail!("the {format} export writes two files (NAME.txt and NAME.ann): give a base path with -o NAME")
                }
                None => out.write_all(exported.files[0].contents.as_bytes())?,
            }
        }
        Command::Project(ProjectCommand::Import { project, annotations: file, format, coder }) => {
            let mut p = io::project_file::load(&project)?;
            let now = jiff::Timestamp::now();
            let import = annotations::import_annotations_path(&p, format, &file, now)?;
            let ctx = crate::project::EditContext::new(coder.unwrap_or_default(), now);
            import.edit.stamped(&ctx).apply(&mut p).context("the imported annotations do not fit the article")?;
            io::project_file::save(&project, &p)?;
            serde_json::to_writer(&mut out, &import.report)?;
            writeln!(out)?;
        }
        Command::Project(ProjectCommand::FromJson { json, output }) => {
            let project = export::json::read_project_json(&json)?;
            let output = output.unwrap_or_else(|| io::project_path_for(&json));
            io::project_file::save(&output, &project)?;
            writeln!(out, "wrote {}", output.display())?;
        }
        Command::Project(ProjectCommand::Update { project, article, url }) => {
            formats::update_project(&project, article.as_deref(), url.as_deref(), &mut out)?;
        }
        Command::Factchecks(cmd) => factcheck::factchecks(cmd, &mut out)?,
        Command::Match(args) => factcheck::match_cmd(&args, &mut out)?,
        Command::EvalMatch(args) => factcheck::eval_match(&args, &mut out)?,
        Command::Bench(BenchCommand::Factchecks(args)) => factcheck::bench_factchecks(&args, &mut out)?,
        Command::Bench(BenchCommand::Anchor { claims, size_bytes, docs, edits, seed }) => {
            anchor::bench_anchor(&anchor::BenchArgs { claims, size_bytes, docs, edits, seed }, &mut out)?;
        }
        Command::Team(cmd) => {
            let result = team::run(cmd, &mut out);
            out.flush()?;
            result?;
        }
    }
    out.flush()?;
    Ok(())
}

fn run_codebook(cmd: CodebookCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        CodebookCommand::Export { project, output } => {
            let p = io::project_file::load(&project)?;
            if let Some(path) = output {
                io::codebook::save(&path, &p.codebook)?;
                writeln!(out, "wrote {} ({} codes)", path.display(), p.codebook.codes.len())?;
            } else {
                let text = io::codebook::to_ron_string(&p.codebook)
                    .with_context(|| format!("the codebook of {}", project.display()))?;
                out.write_all(text.as_bytes())?;
            }
        }
        CodebookCommand::Import { project, file, replace } => {
            let mut p = io::project_file::load(&project)?;
            let mode = if replace { io::codebook::ImportMode::Replace } else { io::codebook::ImportMode::Merge };
            let (book, s) = io::codebook::import(&file, &p.codebook, mode)?;
            crate::project::Edit::SetCodebook(Box::new(book))
                .apply(&mut p)
                .with_context(|| format!("cannot set the codebook of {}", project.display()))?;
            io::project_file::save(&project, &p)?;
            writeln!(
                out,
                "{} {}: codes added {}, updated {}, removed {}; shortcuts moved {}; wrote {}",
                if replace { "replaced with" } else { "merged" },
                file.display(),
                s.added,
                s.updated,
                s.removed,
                s.shortcuts_taken,
                project.display()
            )?;
            let uncoded = crate::project::codebook::uncoded_tags(&p);
            if !uncoded.is_empty() {
                writeln!(out, "tags that are no code: {}", uncoded.join(", "))?;
            }
        }
    }
    Ok(())
}

/// Import `article` and analyse it into a new project.
///
/// # Errors
/// If the article cannot be imported.
pub fn new_project(article: &Path) -> anyhow::Result<Project> {
    let imported = formats::import_article(article)?;
    let mut project = Project::new(imported.document, imported.source);
    project.set_analysis(Pipeline::default().analyze(&project.document));
    Ok(project)
}

fn entities_of_file(file: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let project = match formats::open(file)? {
        io::Opened::Article(imported) => {
            let imported = *imported;
            let mut p = Project::new(imported.document, imported.source);
            p.set_analysis(Pipeline::default().analyze(&p.document));
            p
        }
        io::Opened::Project(p) => *p,
        io::Opened::Corpus(_) => bail!("{} is a corpus: use `claimlens corpus entities`", file.display()),
    };
    let text = project.text();
    let index = CharIndex::new(text);
    for e in project.entities.effective(text) {
        let (start, end) = index.to_chars(e.span);
        serde_json::to_writer(
            &mut *out,
            &json!({"start": start, "end": end, "label": e.label.tag(), "text": &text[e.span]}),
        )?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `entities --jsonl`: every record on every core, streaming, output in input order.
fn entities_of_jsonl(input: &Path, threads: usize, out: &mut dyn Write) -> anyhow::Result<()> {
    let pipeline = Pipeline::default();
    let recognizer = pipeline.recognizer();
    let pool = batch::pool(threads)?;
    let name = input.display().to_string();
    batch::map_lines(&pool, batch::open_input(input)?, &name, out, |r| {
        let Some(text) = r.value.get("text").and_then(serde_json::Value::as_str) else {
            bail!("{name}: line {}: no \"text\" string", r.line);
        };
        let id = r.value.get("id").cloned().unwrap_or(serde_json::Value::Null);
        let index = CharIndex::new(text);
        let ents: Vec<_> = recognizer
            .recognize(text)
            .iter()
            .map(|e| {
                let (s, t) = index.to_chars(e.span);
                json!({"start": s, "end": t, "label": e.label.tag()})
            })
            .collect();
        Ok(serde_json::to_string(&json!({"id": id, "entities": ents}))?)
    })
}

fn show_project(p: &Project, out: &mut dyn Write) -> anyhow::Result<()> {
    let text = p.text();
    writeln!(out, "title: {}", p.document.display_title().unwrap_or("(untitled)"))?;
    if let Some(path) = &p.source.path {
        writeln!(out, "source: {path} ({:?}, {})", p.source.format, p.source.encoding)?;
    }
    writeln!(out, "text: {} characters in {} blocks", CharIndex::new(text).char_len(), p.document.blocks.len())?;
    let entities = p.entities.effective(text);
    writeln!(out, "entities: {} ({} corrections)", entities.len(), p.entities.corrections.len())?;
    let mut by_label = std::collections::BTreeMap::new();
    for e in &entities {
        *by_label.entry(e.label).or_insert(0usize) += 1;
    }
    for (label, n) in by_label {
        writeln!(out, "  {:<12} {n}", label.tag())?;
    }
    let o = crate::project::overview::overview(p, 10);
    writeln!(out, "claims: {}", o.total_claims)?;
    for bar in &o.by_status {
        writeln!(out, "  {:<12} {}", bar.label, bar.count)?;
    }
    if o.total_claims > 0 {
        for (title, bars) in [("by verdict", &o.by_verdict), ("by type", &o.by_kind)] {
            let used: Vec<String> =
                bars.iter().filter(|b| b.count > 0).map(|b| format!("{} {}", b.label, b.count)).collect();
            writeln!(out, "claims {title}: {}", used.join(", "))?;
        }
    }
    if !p.tags.is_empty() {
        writeln!(out, "tags: {}", p.tags.join(", "))?;
    }
    if !p.codebook.codes.is_empty() {
        writeln!(out, "codebook: {} ({} codes)", p.codebook.name, p.codebook.codes.len())?;
    }
    let coders: std::collections::BTreeSet<&str> = p
        .claims
        .iter()
        .flat_map(|c| [c.created_by.as_str(), c.modified_by.as_str()])
        .filter(|c| !c.is_empty())
        .collect();
    if !coders.is_empty() {
        writeln!(out, "coders: {}", coders.into_iter().collect::<Vec<_>>().join(", "))?;
    }
    if !p.conflicts.is_empty() {
        writeln!(
            out,
            "merge conflicts: {} (resolve with claimlens resolve PROJECT N --take ours|theirs)",
            p.conflicts.len()
        )?;
        for (i, c) in p.conflicts.iter().enumerate() {
            writeln!(out, "  {}. {c}", i + 1)?;
        }
    }
    Ok(())
}
