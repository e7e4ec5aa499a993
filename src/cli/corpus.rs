//! `claimlens corpus …` (corpus folders from the command line) and `claimlens bench corpus`.
//!
//! The same engine as the window: [`crate::io::corpus_dir`] for the folder,
//! [`crate::corpus`] for search, entities and claims, [`crate::io::corpus_export`] and
//! [`crate::io::qdpx`] for exports. Offsets printed are Unicode code points, end exclusive.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use serde_json::{Value, json};

use crate::corpus::search::SearchOptions;
use crate::corpus::{DocumentId, LoadedCorpus, Progress, entities, search};
use crate::document::offsets::CharIndex;
use crate::io::corpus_dir::{CorpusDir, JobProgress};
use crate::io::corpus_export::{self, CorpusFormat};
use crate::io::qdpx;

/// `claimlens corpus …`
#[derive(Debug, Subcommand)]
pub enum CorpusCommand {
    /// Make a new corpus folder from articles (files or whole folders, imported and analysed on
    /// all cores; the corpus order is the order given, folders in sorted order).
    New {
        /// The new corpus folder (must not exist, or be empty).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// The corpus's name (default: the folder's name).
        #[arg(long)]
        name: Option<String>,
        /// Articles, project files and folders of them.
        inputs: Vec<PathBuf>,
    },
    /// Add articles (files or folders) to a corpus.
    Add {
        /// The corpus folder.
        dir: PathBuf,
        /// Articles, project files and folders of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// List the documents with their summaries (reads only the manifest).
    Show {
        /// The corpus folder.
        dir: PathBuf,
        /// Print JSON: {"name", "documents": [{"id", "title", "path", "words", "entities", "claims", "state", …}], …}.
        #[arg(long)]
        json: bool,
    },
    /// Search the text of every document (case-insensitive literal by default).
    Search {
        /// The corpus folder.
        dir: PathBuf,
        /// What to look for.
        query: String,
        /// Print JSON (hits by document, code point offsets, context).
        #[arg(long)]
        json: bool,
        /// Take the query as a regular expression.
        #[arg(long)]
        regex: bool,
        /// Match case exactly.
        #[arg(long)]
        case_sensitive: bool,
        /// Whole words only.
        #[arg(long)]
        whole_word: bool,
        /// Characters of context on each side.
        #[arg(long, default_value_t = 40)]
        context: usize,
        /// Print the time spent loading and searching on standard error.
        #[arg(long)]
        timings: bool,
    },
    /// The corpus entities: canonical entities merged across documents, with their documents
    /// and mention counts, most mentioned first.
    Entities {
        /// The corpus folder.
        dir: PathBuf,
        /// Print JSON: {"entities": [{"name", "label", "mentions", "documents": [{"document", "slug", "mentions"}]}]}.
        #[arg(long)]
        json: bool,
        /// Only the first N.
        #[arg(long)]
        top: Option<usize>,
    },
    /// Export the corpus: csv, jsonl, matrix, entities, qdpx, or any project format (one file per
    /// document into the folder OUT).
    Export {
        /// The corpus folder.
        dir: PathBuf,
        /// The format.
        #[arg(long, value_parser = parse_corpus_format)]
        format: CorpusFormat,
        /// The output file (a folder for per-document formats).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Make a new corpus from a REFI-QDA project (.qdpx) written by a QDA program or by
    /// ClaimLens. Prints a JSON report of what was imported and what was not.
    Import {
        /// The .qdpx file.
        file: PathBuf,
        /// The new corpus folder (must not exist, or be empty).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
    /// Set a document's progress state: not-started, in-progress or done.
    State {
        /// The corpus folder.
        dir: PathBuf,
        /// The document (id such as 3 or D3, or its slug).
        document: String,
        /// The state.
        #[arg(value_parser = parse_progress)]
        state: Progress,
    },
    /// Re-read every document and refresh the summaries in the manifest (after documents were
    /// changed with `claimlens project …`).
    Refresh {
        /// The corpus folder.
        dir: PathBuf,
    },
}

fn parse_corpus_format(s: &str) -> Result<CorpusFormat, String> {
    CorpusFormat::parse(s).ok_or_else(|| {
        let names: Vec<&str> = CorpusFormat::all().into_iter().map(CorpusFormat::name).collect();
        format!("unknown format {s:?}; one of: {}", names.join(", "))
    })
}

fn parse_progress(s: &str) -> Result<Progress, String> {
    Progress::parse(s).ok_or_else(|| format!("unknown state {s:?}; one of: not-started, in-progress, done"))
}

fn quiet(_: &JobProgress) {}

/// Load every document; a document that cannot be read is reported on standard error and
/// left out.
fn load(dir: &CorpusDir) -> LoadedCorpus {
    let report = dir.load_all(&quiet, &AtomicBool::new(false));
    for e in &report.failed {
        eprintln!("claimlens: warning: left out: {e}");
    }
    report.corpus
}

fn add_report(report: &crate::io::corpus_dir::AddReport, dir: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    for e in &report.failed {
        eprintln!("claimlens: warning: not added: {e}");
    }
    writeln!(out, "added {} documents to {} ({} failed)", report.added.len(), dir.display(), report.failed.len())?;
    Ok(())
}

/// Run one `claimlens corpus …` command.
///
/// # Errors
/// A message naming the file and the reason.
pub fn run(cmd: CorpusCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        CorpusCommand::New { output, name, inputs } => {
            let name =
                name.unwrap_or_else(|| output.file_name().and_then(|n| n.to_str()).unwrap_or("corpus").to_owned());
            let mut corpus = CorpusDir::create(&output, &name)?;
            let report = corpus.add_paths(&inputs, &quiet, &AtomicBool::new(false))?;
            add_report(&report, &output, out)?;
            if report.added.is_empty() && !inputs.is_empty() {
                bail!("no document could be added to {}", output.display());
            }
        }
        CorpusCommand::Add { dir, inputs } => {
            let mut corpus = CorpusDir::open(&dir)?;
            let report = corpus.add_paths(&inputs, &quiet, &AtomicBool::new(false))?;
            add_report(&report, &dir, out)?;
            if report.added.is_empty() {
                bail!("no document could be added to {}", dir.display());
            }
        }
        CorpusCommand::Show { dir, json } => show(&dir, json, out)?,
        CorpusCommand::Search { dir, query, json, regex, case_sensitive, whole_word, context, timings } => {
            let t0 = Instant::now();
            let corpus_dir = CorpusDir::open(&dir)?;
            let corpus = load(&corpus_dir);
            let loaded = t0.elapsed();
            let options =
                SearchOptions { case_sensitive, regex, whole_word, context_chars: context, ..SearchOptions::default() };
            let t1 = Instant::now();
            let results = search::search(&corpus, &query, &options)?;
            let searched = t1.elapsed();
            if timings {
                eprintln!(
                    "loaded {} documents in {:.1} ms, searched in {:.2} ms",
                    corpus.documents.len(),
                    loaded.as_secs_f64() * 1e3,
                    searched.as_secs_f64() * 1e3
                );
            }
            print_search(&corpus, &query, &results, json, out)?;
        }
        CorpusCommand::Entities { dir, json, top } => {
            let corpus = load(&CorpusDir::open(&dir)?);
            let mut ents = entities::corpus_entities(&corpus);
            if let Some(n) = top {
                ents.truncate(n);
            }
            let slug = |id: DocumentId| corpus.document(id).map_or("", |d| d.slug.as_str());
            if json {
                let list: Vec<Value> = ents
                    .iter()
                    .map(|e| {
                        let docs: Vec<Value> = e
                            .documents
                            .iter()
                            .map(|d| json!({"document": d.document.0, "slug": slug(d.document), "name": d.name, "mentions": d.mentions.len()}))
                            .collect();
                        json!({"name": e.name, "label": e.label.tag(), "mentions": e.mentions, "documents": docs})
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &json!({ "entities": list }))?;
                writeln!(out)?;
            } else {
                for e in &ents {
                    writeln!(
                        out,
                        "{}\t{}\t{} documents\t{} mentions",
                        e.name,
                        e.label.tag(),
                        e.documents.len(),
                        e.mentions
                    )?;
                }
            }
        }
        CorpusCommand::Export { dir, format, output } => {
            let corpus_dir = CorpusDir::open(&dir)?;
            let corpus = load(&corpus_dir);
            let files = corpus_export::export_corpus(&corpus, &corpus_dir.manifest.coders, format, &output)?;
            writeln!(out, "wrote {} file(s): {}", files.len(), output.display())?;
        }
        CorpusCommand::Import { file, output } => {
            let (corpus, report) = qdpx::import_qdpx(&file, &output)?;
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
            eprintln!("wrote {} ({} documents)", corpus.root().display(), corpus.manifest.documents.len());
        }
        CorpusCommand::State { dir, document, state } => {
            let mut corpus = CorpusDir::open(&dir)?;
            let id = DocumentId::parse(&document)
                .filter(|id| corpus.manifest.document(*id).is_some())
                .or_else(|| corpus.manifest.by_slug(&document).map(|d| d.id))
                .with_context(|| format!("{}: no document {document:?}", dir.display()))?;
            corpus.set_state(id, state)?;
            writeln!(out, "{id}: {}", state.name())?;
        }
        CorpusCommand::Refresh { dir } => {
            let mut corpus = CorpusDir::open(&dir)?;
            let loaded = load(&corpus);
            let n = corpus.refresh_summaries(&loaded)?;
            writeln!(out, "refreshed {n} of {} summaries", corpus.manifest.documents.len())?;
        }
    }
    Ok(())
}

/// `corpus show`: the document list from the manifest alone.
///
/// # Errors
/// If the corpus cannot be opened or the output written.
pub fn show(dir: &Path, as_json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let corpus = CorpusDir::open(dir)?;
    let m = &corpus.manifest;
    if as_json {
        let docs: Vec<Value> = m
            .documents
            .iter()
            .map(|d| {
                json!({
                    "id": d.id.0, "slug": d.slug(), "title": d.title, "path": d.path, "source": d.source,
                    "publisher": d.publisher, "date": d.date, "url": d.url, "state": d.state.name(),
                    "words": d.summary.words, "chars": d.summary.chars, "entities": d.summary.entities,
                    "claims": d.summary.claims, "checked": d.summary.checked, "orphans": d.summary.orphans,
                })
            })
            .collect();
        let coders: Vec<Value> = m.coders.iter().map(|c| json!({"id": c.id, "name": c.name})).collect();
        let v = json!({
            "name": m.name, "description": m.description, "documents": docs, "coders": coders,
            "codebook": {"name": m.codebook.name, "codes": m.codebook.codes.iter().map(|c| c.path.as_str()).collect::<Vec<_>>()},
        });
        serde_json::to_writer(&mut *out, &v)?;
        writeln!(out)?;
    } else {
        let claims: usize = m.documents.iter().map(|d| d.summary.claims).sum();
        let words: usize = m.documents.iter().map(|d| d.summary.words).sum();
        writeln!(
            out,
            "corpus: {} ({}, {}, {})",
            m.name,
            counted(m.documents.len(), "document", "documents"),
            counted(words, "word", "words"),
            counted(claims, "claim", "claims")
        )?;
        if !m.codebook.codes.is_empty() {
            writeln!(out, "codebook: {} ({})", m.codebook.name, counted(m.codebook.codes.len(), "code", "codes"))?;
        }
        for d in &m.documents {
            let s = &d.summary;
            writeln!(
                out,
                "{:>5}  {:<11}  {:>12}  {:>13}  {:<10}  {}",
                d.id.to_string(),
                d.state.name(),
                counted(s.words, "word", "words"),
                counted(s.entities, "entity", "entities"),
                counted(s.claims, "claim", "claims"),
                d.title
            )?;
        }
    }
    Ok(())
}

fn print_search(
    corpus: &LoadedCorpus,
    query: &str,
    results: &search::SearchResults,
    as_json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if as_json {
        let docs: Vec<Value> = results
            .documents
            .iter()
            .map(|d| {
                let text = corpus.document(d.document).map_or("", |x| x.project.text());
                let index = CharIndex::new(text);
                let hits: Vec<Value> = d
                    .hits
                    .iter()
                    .map(|h| {
                        let (start, end) = index.to_chars(h.span);
                        json!({"document": d.document.0, "start": start, "end": end, "text": h.text, "before": h.before, "after": h.after})
                    })
                    .collect();
                json!({"document": d.document.0, "slug": d.slug, "title": d.title, "count": d.count, "hits": hits})
            })
            .collect();
        serde_json::to_writer(
            &mut *out,
            &json!({"query": query, "total_hits": results.total_hits, "documents": docs}),
        )?;
        writeln!(out)?;
    } else {
        for d in &results.documents {
            writeln!(out, "{} {} ({} hits)", d.document, d.title, d.count)?;
            for h in &d.hits {
                writeln!(out, "    …{}[{}]{}…", h.before, h.text, h.after)?;
            }
        }
        writeln!(out, "{} hits in {} documents", results.total_hits, results.documents.len())?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Benchmark

/// Arguments of `claimlens bench corpus`.
#[derive(Clone, Debug)]
pub struct BenchArgs {
    /// Articles to generate.
    pub docs: usize,
    /// Keep the generated corpus here instead of a temporary folder.
    pub keep: Option<PathBuf>,
    /// Random seed.
    pub seed: u64,
}

const FIRST: &[&str] = &[
    "Pete",
    "Marco",
    "Ursula",
    "Olaf",
    "Emmanuel",
    "Giorgia",
    "Volodymyr",
    "Keir",
    "Justin",
    "Jacinda",
    "Ünal",
    "François",
    "Małgorzata",
    "José",
    "Li",
    "Aiko",
    "Kwame",
    "Fatima",
    "Ingrid",
    "Rahul",
];
const LAST: &[&str] = &[
    "Hegseth",
    "Rubio",
    "von der Leyen",
    "Scholz",
    "Macron",
    "Meloni",
    "Zelensky",
    "Starmer",
    "Trudeau",
    "Ardern",
    "Şahin",
    "Dubois",
    "Kowalska",
    "Álvarez",
    "Wei",
    "Tanaka",
    "Mensah",
    "Haddad",
    "Larsen",
    "Gupta",
];
const ORGS: &[&str] = &[
    "NATO",
    "the European Commission",
    "the World Bank",
    "the Federal Reserve",
    "Boeing",
    "Airbus",
    "the United Nations",
    "the Bundesbank",
    "Reuters",
    "the IMF",
    "Siemens",
    "Toyota",
    "the Senate",
    "the Ministry of Defence",
];
const PLACES: &[&str] = &[
    "Brussels",
    "Washington",
    "Berlin",
    "Paris",
    "Rome",
    "Kyiv",
    "London",
    "Ottawa",
    "Zürich",
    "Kraków",
    "São Paulo",
    "Tokyo",
    "Nairobi",
    "Beirut",
    "Oslo",
    "Mumbai",
    "東京",
    "Warsaw",
    "Madrid",
    "Toronto",
];
const NOUNS: &[&str] = &[
    "budget",
    "defence spending",
    "inflation",
    "the tanker contract",
    "tariffs",
    "unemployment",
    "the deficit",
    "energy prices",
    "exports",
    "the bailout",
    "housing costs",
    "interest rates",
    "emissions",
    "wages",
];
const VERBS: &[&str] = &["rose", "fell", "doubled", "stalled", "recovered", "slipped", "jumped", "shrank"];
const SAYS: &[&str] = &["said", "told reporters", "warned", "argued", "announced", "claimed", "insisted"];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A news-length article (about 600 words in 8–12 paragraphs), distinct for each `n`.
#[must_use]
pub fn generated_article(rng: &mut super::anchor::Rng, n: usize) -> String {
    let pick = |rng: &mut super::anchor::Rng, xs: &[&'static str]| xs[rng.below(xs.len())];
    let person = |rng: &mut super::anchor::Rng| format!("{} {}", pick(rng, FIRST), pick(rng, LAST));
    let mut s = format!(
        "{} {} as {} meets in {} (report {n})\n\n{}, {} {}, 2025\n\n",
        pick(rng, NOUNS),
        pick(rng, VERBS),
        pick(rng, ORGS),
        pick(rng, PLACES),
        pick(rng, PLACES).to_uppercase(),
        pick(rng, DAYS),
        1 + rng.below(28)
    );
    let paragraphs = 8 + rng.below(5);
    for _ in 0..paragraphs {
        let sentences = 3 + rng.below(3);
        for k in 0..sentences {
            let p = person(rng);
            let sentence = match rng.below(5) {
                0 => format!(
                    "{p} {} on {} that {} had {} by {}.{} percent in {}.",
                    pick(rng, SAYS),
                    pick(rng, DAYS),
                    pick(rng, NOUNS),
                    pick(rng, VERBS),
                    rng.below(40),
                    rng.below(10),
                    pick(rng, PLACES)
                ),
                1 => format!(
                    "\"We will not accept {} of {} billion dollars,\" {p} {}, adding that {} would meet again in {}.",
                    pick(rng, NOUNS),
                    1 + rng.below(900),
                    pick(rng, SAYS),
                    pick(rng, ORGS),
                    pick(rng, PLACES)
                ),
                2 => format!(
                    "According to {}, {} in {} {} for the {} month in a row, the longest run since {}.",
                    pick(rng, ORGS),
                    pick(rng, NOUNS),
                    pick(rng, PLACES),
                    pick(rng, VERBS),
                    ["second", "third", "fourth", "fifth", "sixth"][rng.below(5)],
                    1990 + rng.below(35)
                ),
                3 => format!(
                    "Officials in {} expect {} to reach {} million by {}, while {} disputes the figure.",
                    pick(rng, PLACES),
                    pick(rng, NOUNS),
                    1 + rng.below(500),
                    2026 + rng.below(10),
                    person(rng)
                ),
                _ => format!(
                    "{} and {} discussed {} with {} before {} left for {}.",
                    p,
                    person(rng),
                    pick(rng, NOUNS),
                    pick(rng, ORGS),
                    p.split(' ').next_back().unwrap_or(&p),
                    pick(rng, PLACES)
                ),
            };
            if k > 0 {
                s.push(' ');
            }
            s.push_str(&sentence);
        }
        s.push_str("\n\n");
    }
    s
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time of this process so far (user + system, all threads), from `/proc/self/stat`
/// (Linux; its clock ticks are `USER_HZ` = 100 per second). `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

fn cpu_since(start: Option<f64>) -> Option<f64> {
    Some(((cpu_seconds()? - start?) * 100.0).round() / 100.0)
}

/// Reset the peak-memory mark (Linux: `/proc/self/clear_refs`), so each phase's peak is its own.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn median_ms(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    (xs[xs.len() / 2] * 1e6).round() / 1e3
}

/// `claimlens bench corpus`: generate `docs` distinct news-length articles, then time making
/// a corpus of them (import + analysis on all cores, peak memory), opening it (manifest to a
/// usable list), `corpus show --json`, loading every document, searching (median of several
/// queries), and the corpus entities. One JSON object per line.
///
/// # Errors
/// If the temporary folder or the corpus cannot be written.
pub fn bench_corpus(args: &BenchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let tmp = tempfile::tempdir()?;
    let base = args.keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let input = base.join("articles");
    let root = base.join("corpus");
    std::fs::create_dir_all(&input).with_context(|| format!("cannot create {}", input.display()))?;
    let mut rng = super::anchor::Rng::new(args.seed);
    let mut bytes = 0;
    for n in 0..args.docs {
        let text = generated_article(&mut rng, n);
        bytes += text.len();
        let path = input.join(format!("article-{n:05}.txt"));
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    reset_peak_rss();
    let cpu = cpu_seconds();
    let t = Instant::now();
    let mut corpus = CorpusDir::create(&root, "bench")?;
    let report = corpus.add_paths(std::slice::from_ref(&input), &quiet, &AtomicBool::new(false))?;
    let new_s = t.elapsed().as_secs_f64();
    if !report.failed.is_empty() {
        bail!("{} generated articles failed: {}", report.failed.len(), report.failed[0]);
    }
    let words: usize = corpus.manifest.documents.iter().map(|d| d.summary.words).sum();
    writeln!(
        out,
        "{}",
        json!({"case": "corpus_new", "documents": report.added.len(), "bytes": bytes, "words": words,
               "cores": std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
               "seconds": (new_s * 1000.0).round() / 1000.0, "cpu_seconds": cpu_since(cpu),
               "peak_rss_kb": peak_rss_kb()})
    )?;
    let runs = 7;
    let mut open = Vec::new();
    let mut show_ms = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let c = CorpusDir::open(&root)?;
        let list: Vec<(&str, usize)> =
            c.manifest.documents.iter().map(|d| (d.title.as_str(), d.summary.claims)).collect();
        std::hint::black_box(&list);
        open.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        show(&root, true, &mut std::io::sink())?;
        show_ms.push(t.elapsed().as_secs_f64());
    }
    let manifest_bytes = std::fs::metadata(corpus.manifest_path()).map_or(0, |m| m.len());
    writeln!(
        out,
        "{}",
        json!({"case": "corpus_open", "documents": corpus.manifest.documents.len(), "manifest_bytes": manifest_bytes,
               "median_ms": median_ms(open), "runs": runs})
    )?;
    writeln!(out, "{}", json!({"case": "corpus_show_json", "median_ms": median_ms(show_ms), "runs": runs}))?;
    reset_peak_rss();
    let cpu = cpu_seconds();
    let t = Instant::now();
    let loaded = load(&corpus);
    let load_s = t.elapsed().as_secs_f64();
    writeln!(
        out,
        "{}",
        json!({"case": "corpus_load_all", "documents": loaded.documents.len(), "ms": (load_s * 1e6).round() / 1e3,
               "cpu_seconds": cpu_since(cpu), "peak_rss_kb": peak_rss_kb()})
    )?;
    for (query, options) in [
        ("inflation", SearchOptions::default()),
        ("zürich", SearchOptions::default()),
        ("the longest run since 1999", SearchOptions::default()),
        ("nothing matches this", SearchOptions::default()),
        (r"\d+ billion", SearchOptions { regex: true, ..SearchOptions::default() }),
    ] {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let r = search::search(&loaded, query, &options)?;
            times.push(t.elapsed().as_secs_f64());
            hits = r.total_hits;
        }
        writeln!(
            out,
            "{}",
            json!({"case": "corpus_search", "query": query, "hits": hits, "median_ms": median_ms(times), "runs": runs})
        )?;
    }
    let cpu = cpu_seconds();
    let t = Instant::now();
    let ents = entities::corpus_entities(&loaded);
    writeln!(
        out,
        "{}",
        json!({"case": "corpus_entities", "entities": ents.len(), "ms": (t.elapsed().as_secs_f64() * 1e6).round() / 1e3,
               "cpu_seconds": cpu_since(cpu)})
    )?;
    let load =
        std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split_whitespace().next().map(str::to_owned));
    writeln!(out, "{}", json!({"case": "machine", "load_average_1min": load}))?;
    Ok(())
}

/// "1 claim", "2 claims".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
