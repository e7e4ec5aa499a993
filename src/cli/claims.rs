//! The claim subcommands: `claims` (score sentences or suggest the check-worthy sentences of an
//! article), `eval-claims` (precision, recall, F1, AP and MAP against gold JSONL, computed as
//! `claims_score.py` computes them) and `train-claims` (rebuild the embedded model from the
//! openly licensed ClaimBuster records, with optional k-fold cross-validation).

use std::collections::BTreeMap;
use std::io::{BufRead as _, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use crate::document::ByteSpan;
use crate::document::offsets::CharIndex;
use crate::nlp::claims::context::{self, LineContext};
use crate::nlp::claims::features::{FeatureConfig, sentence_features};
use crate::nlp::claims::model::{self, Example, LinearModel, TrainConfig};
use crate::nlp::claims::{ClaimScorer, DEFAULT_THRESHOLD};
use crate::nlp::ner::NerRecognizer;
use crate::nlp::tokenize::tokenize;
use crate::nlp::{EntityRecognizer as _, Pipeline};

/// The only licence whose records `train-claims` trains on (ClaimBuster).
pub const TRAINABLE_LICENSE: &str = "CC-BY-4.0";

/// Options of `claimlens claims`.
#[derive(Debug, Clone, clap::Args)]
pub struct ClaimsArgs {
    /// An article: print its suggested sentences, best first, as JSON Lines with code point
    /// offsets (`{"start","end","score","kind","text","claimant","asserted_by"}`).
    pub file: Option<PathBuf>,
    /// Read `{"id","text",...}` lines (each one sentence) and write `{"id","score","label"}`.
    #[arg(long, value_name = "IN.jsonl", conflicts_with = "file")]
    pub jsonl: Option<PathBuf>,
    /// Score from which a sentence is labelled `check-worthy`.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f32,
    /// For an article: at most this many suggestions (0: all at or above the threshold).
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Use this model file instead of the embedded one (development).
    #[arg(long, hide = true)]
    pub model: Option<PathBuf>,
    /// With `--jsonl`: worker threads (0: every core). Output keeps the input order.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Options of `claimlens eval-claims`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// Gold JSONL: sentence records `{"id","text","label",["doc"],["source"]}`, or document
    /// records `{"id","text","claims":[{"start","end"}]}` (split into sentences here).
    pub gold: PathBuf,
    /// Write the predictions (`{"id","score","label"}`) for `claims_score.py`.
    #[arg(long, value_name = "P.jsonl")]
    pub predictions_out: Option<PathBuf>,
    /// For document records: write the sentence units and their gold labels
    /// (`{"id","label","doc","source"}`) so that `claims_score.py` can score them too.
    #[arg(long, value_name = "G.jsonl")]
    pub gold_out: Option<PathBuf>,
    /// Score these predictions instead of running the model.
    #[arg(long, value_name = "P.jsonl", conflicts_with = "predictions_out")]
    pub predictions: Option<PathBuf>,
    /// Score from which a sentence is labelled `check-worthy`.
    #[arg(long, default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f32,
    /// Use this model file instead of the embedded one (development).
    #[arg(long, hide = true)]
    pub model: Option<PathBuf>,
}

/// Options of `claimlens train-claims`.
#[derive(Debug, Clone, clap::Args)]
pub struct TrainArgs {
    /// Sentence JSONL (`../shared/data/claims-dev/claimbuster_dev.jsonl`). Only records
    /// licensed CC-BY-4.0 are used; every other record is skipped and counted.
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the model (not written with `--no-write`).
    #[arg(long, default_value = "assets/claims/model.bin.z")]
    pub out: PathBuf,
    /// Cross-validate first with this many folds (0: no cross-validation).
    #[arg(long, default_value_t = 0)]
    pub folds: usize,
    /// Write the out-of-fold predictions of the cross-validation here.
    #[arg(long, value_name = "P.jsonl")]
    pub cv_predictions_out: Option<PathBuf>,
    /// Only cross-validate; do not write a model.
    #[arg(long)]
    pub no_write: bool,
    /// L2 penalty.
    #[arg(long, default_value_t = TrainConfig::default().l2)]
    pub l2: f64,
    /// Drop features seen in fewer sentences.
    #[arg(long, default_value_t = TrainConfig::default().min_count)]
    pub min_count: usize,
    /// L-BFGS iterations.
    #[arg(long, default_value_t = TrainConfig::default().iterations)]
    pub iterations: usize,
    /// Feature groups, comma-separated, from: bigrams, masked, entities, cues, trigrams.
    #[arg(long, default_value = "bigrams,masked,entities,cues")]
    pub features: String,
}

fn read_jsonl(path: &Path) -> anyhow::Result<Vec<Value>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}: cannot read", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(&line).with_context(|| format!("{}: line {}: not JSON", path.display(), n + 1))?;
        if !v.is_object() {
            bail!("{}: line {}: not a JSON object", path.display(), n + 1);
        }
        out.push(v);
    }
    Ok(out)
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A record id as the scorer reads it (`str(obj["id"])`).
fn id_string(v: &Value) -> Option<String> {
    match v.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn load_scorer(model: Option<&Path>) -> anyhow::Result<ClaimScorer> {
    match model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            let m = LinearModel::from_bytes(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            Ok(ClaimScorer::new(m))
        }
        None => Ok((*ClaimScorer::shared()).clone()),
    }
}

/// Parse a gold or predicted label as `claims_score.py` does.
#[must_use]
pub fn parse_label(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(0.0) => Some(false),
            Some(1.0) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.trim().to_lowercase().as_str() {
            "check-worthy" | "checkworthy" | "check_worthy" | "yes" | "true" | "1" | "positive" | "pos" => Some(true),
            "not" | "no" | "false" | "0" | "negative" | "neg" | "not-check-worthy" | "not check-worthy"
            | "not_check_worthy" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn label_name(positive: bool) -> &'static str {
    if positive { "check-worthy" } else { "not" }
}

/// `claimlens claims …`
///
/// # Errors
/// A message naming the file and the reason.
pub fn claims(args: &ClaimsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let scorer = load_scorer(args.model.as_deref())?;
    match (&args.file, &args.jsonl) {
        (None, Some(input)) => score_jsonl(input, &scorer, args, out),
        (Some(file), None) => suggest_file(file, &scorer, args, out),
        _ => bail!("give an article FILE or --jsonl IN.jsonl"),
    }
}

/// `claims --jsonl`: score sentence records on every core, streaming. The transcript rules
/// need a document's lines together: records of one `doc` are kept until the next `doc`
/// starts (they are contiguous in transcripts), then reranked and written.
fn score_jsonl(input: &Path, scorer: &ClaimScorer, args: &ClaimsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    use rayon::prelude::*;
    let ner = NerRecognizer::shared();
    let pool = super::batch::pool(args.threads)?;
    let name = input.display().to_string();
    let mut group: Vec<(Value, f32)> = Vec::new();
    let mut done_docs = std::collections::BTreeSet::new();
    let flush = |group: &mut Vec<(Value, f32)>, out: &mut dyn Write| -> anyhow::Result<()> {
        let lines: Vec<LineContext<'_>> =
            group.iter().map(|(v, _)| line_context(v, str_field(v, "text").unwrap_or_default())).collect();
        let scores: Vec<f32> = group.iter().map(|(_, s)| *s).collect();
        for ((v, _), score) in group.iter().zip(context::rerank(&lines, &scores)) {
            let id = v.get("id").cloned().unwrap_or(Value::Null);
            let label = label_name(score >= args.threshold);
            serde_json::to_writer(&mut *out, &json!({"id": id, "score": round6(score), "label": label}))?;
            out.write_all(b"\n")?;
        }
        group.clear();
        Ok(())
    };
    super::batch::for_each_chunk(super::batch::open_input(input)?, &name, |chunk| {
        let scores: Vec<anyhow::Result<f32>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|r| {
                    let Some(text) = str_field(&r.value, "text") else {
                        bail!("{name}: line {}: no \"text\" string", r.line);
                    };
                    Ok(scorer.score_tokens(text, &tokenize(text), &ner.recognize(text)))
                })
                .collect()
        });
        for (r, score) in chunk.into_iter().zip(scores) {
            let score = score?;
            let doc = str_field(&r.value, "doc").filter(|d| !d.is_empty()).map(str::to_owned);
            let current = group.first().and_then(|(v, _)| str_field(v, "doc")).map(str::to_owned);
            if doc != current && !group.is_empty() {
                if let Some(d) = current {
                    done_docs.insert(d);
                }
                flush(&mut group, out)?;
            }
            if let Some(d) = doc.as_deref().filter(|d| done_docs.contains(*d)) {
                let _ = writeln!(
                    std::io::stderr(),
                    "claimlens: warning: {name}: line {}: the lines of document {d:?} are not together; its transcript rules see them in parts",
                    r.line
                );
            }
            group.push((r.value, score));
            if doc.is_none() {
                flush(&mut group, out)?;
            }
        }
        Ok(())
    })?;
    flush(&mut group, out)
}

/// The transcript context a sentence record carries (`doc`, `speaker`; see
/// [`context::rerank`]).
fn line_context<'a>(v: &'a Value, text: &'a str) -> LineContext<'a> {
    LineContext {
        text,
        doc: str_field(v, "doc").filter(|d| !d.is_empty()),
        speaker: str_field(v, "speaker").filter(|d| !d.is_empty()),
    }
}

/// A score rounded to 6 decimals (the JSON stays short; ranks are unchanged for the model's
/// `i16` weights).
fn round6(x: f32) -> f64 {
    (f64::from(x) * 1e6).round() / 1e6
}

fn suggest_file(file: &Path, scorer: &ClaimScorer, args: &ClaimsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let project = match super::formats::open(file)? {
        crate::io::Opened::Article(imported) => crate::project::Project::new(imported.document, imported.source),
        crate::io::Opened::Project(p) => *p,
        crate::io::Opened::Corpus(_) => bail!("{} is a corpus: use `claimlens corpus …`", file.display()),
    };
    let doc = &project.document;
    let mut analysis = Pipeline::default().analyze(doc);
    if args.model.is_some() {
        let tokens = tokenize(&doc.text);
        let spans: Vec<ByteSpan> = analysis.suggestions.iter().map(|s| s.span).collect();
        analysis.suggestions = crate::nlp::claims::suggest_with(
            scorer,
            &doc.text,
            &tokens,
            &spans,
            &analysis.entities,
            &analysis.quotations,
        );
    }
    let text = &doc.text;
    let index = CharIndex::new(text);
    let canonical = crate::nlp::canonical::canonical_entities(text, &analysis.entities);
    let mut sugg: Vec<_> = analysis.suggestions.iter().filter(|s| s.score >= args.threshold).collect();
    sugg.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.span.start.cmp(&b.span.start)));
    if args.top > 0 {
        sugg.truncate(args.top);
    }
    for s in sugg {
        let (start, end) = index.to_chars(s.span);
        let p = crate::nlp::quotes::propose_claimant_in_turns(
            text,
            s.span,
            &analysis.quotations,
            &analysis.speakers,
            &canonical,
        );
        let kind = crate::project::ClaimKind::from(s.kind);
        let asserted = crate::project::AssertedBy::from(p.voice);
        serde_json::to_writer(
            &mut *out,
            &json!({"start": start, "end": end, "score": round6(s.score), "kind": kind.name(),
                    "claimant": p.claimant, "asserted_by": asserted.name(), "text": &text[s.span]}),
        )?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// One scored unit (a sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Its id.
    pub id: String,
    /// Gold label.
    pub gold: bool,
    /// Ranking group: the gold `doc`, else `source:` + source.
    pub group: String,
}

/// A prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pred {
    /// Score, if any.
    pub score: Option<f64>,
    /// Label, if any.
    pub label: Option<bool>,
}

/// The metrics `claims_score.py` prints for one block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    /// Gold units.
    pub n: usize,
    /// Gold positives.
    pub n_pos: usize,
    /// True positives, false positives, false negatives, true negatives.
    pub tp: usize,
    /// See `tp`.
    pub fp: usize,
    /// See `tp`.
    pub fn_: usize,
    /// See `tp`.
    pub tn: usize,
    /// Precision of the positive class.
    pub precision: f64,
    /// Recall of the positive class.
    pub recall: f64,
    /// F1 of the positive class.
    pub f1: f64,
    /// Average precision of one ranking over all units (None without scores).
    pub ap_global: Option<f64>,
    /// Mean over groups (with a positive) of their AP.
    pub map: Option<f64>,
    /// Groups with a positive / all groups.
    pub groups_scored: usize,
    /// All groups.
    pub groups: usize,
    /// Mean reciprocal rank of the first positive.
    pub rr: Option<f64>,
    /// Mean R-precision.
    pub r_prec: Option<f64>,
    /// Mean precision at 1, 3, 5, 10, 20, 30, 50.
    pub p_at: Vec<(usize, f64)>,
}

const KS: [usize; 7] = [1, 3, 5, 10, 20, 30, 50];

/// Relevance in ranked order: scored units by score descending then id, then unscored units
/// by id (as `claims_score.py`'s `rank`).
fn ranked(items: &[(&str, bool, Option<f64>)]) -> Vec<bool> {
    let mut scored: Vec<(f64, &str, bool)> = items.iter().filter_map(|(id, y, s)| s.map(|s| (-s, *id, *y))).collect();
    let mut unscored: Vec<(&str, bool)> =
        items.iter().filter(|(_, _, s)| s.is_none()).map(|(id, y, _)| (*id, *y)).collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)).then(a.2.cmp(&b.2)));
    unscored.sort();
    scored.iter().map(|x| x.2).chain(unscored.iter().map(|x| x.1)).collect()
}

/// A unit in a ranking: id, gold label, score.
type Item<'a> = (&'a str, bool, Option<f64>);

/// AP, RR, R-precision and P@k of one ranking (None without a positive).
fn ranking_metrics(ys: &[bool]) -> Option<(f64, f64, f64, Vec<f64>)> {
    let npos = ys.iter().filter(|y| **y).count();
    if npos == 0 {
        return None;
    }
    let (mut hits, mut ap, mut rr) = (0usize, 0.0, 0.0);
    for (i, &y) in ys.iter().enumerate() {
        if y {
            hits += 1;
            ap += hits as f64 / (i + 1) as f64;
            if rr == 0.0 {
                rr = 1.0 / (i + 1) as f64;
            }
        }
    }
    let r_prec = ys.iter().take(npos).filter(|y| **y).count() as f64 / npos as f64;
    let p_at = KS.iter().map(|&k| ys.iter().take(k).filter(|y| **y).count() as f64 / k as f64).collect();
    Some((ap / npos as f64, rr, r_prec, p_at))
}

/// Score `preds` against `units` exactly as `claims_score.py` does (missing predictions count
/// as `not` and rank last; a prediction without a label takes `score >= threshold`).
#[must_use]
pub fn evaluate(units: &[Unit], preds: &BTreeMap<String, Pred>, threshold: Option<f64>) -> Metrics {
    let mut m = Metrics { n: units.len(), n_pos: units.iter().filter(|u| u.gold).count(), ..Metrics::default() };
    for u in units {
        let p = preds.get(&u.id).and_then(|p| p.label.or_else(|| Some(p.score? >= threshold?))).unwrap_or(false);
        match (u.gold, p) {
            (true, true) => m.tp += 1,
            (false, true) => m.fp += 1,
            (true, false) => m.fn_ += 1,
            (false, false) => m.tn += 1,
        }
    }
    let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    m.precision = ratio(m.tp, m.tp + m.fp);
    m.recall = ratio(m.tp, m.tp + m.fn_);
    m.f1 = if m.precision + m.recall > 0.0 { 2.0 * m.precision * m.recall / (m.precision + m.recall) } else { 0.0 };
    if !units.iter().any(|u| preds.get(&u.id).is_some_and(|p| p.score.is_some())) {
        return m;
    }
    let items: Vec<(&str, bool, Option<f64>)> =
        units.iter().map(|u| (u.id.as_str(), u.gold, preds.get(&u.id).and_then(|p| p.score))).collect();
    m.ap_global = ranking_metrics(&ranked(&items)).map(|r| r.0);
    let mut groups: BTreeMap<&str, Vec<Item<'_>>> = BTreeMap::new();
    for (u, it) in units.iter().zip(&items) {
        groups.entry(u.group.as_str()).or_default().push(*it);
    }
    m.groups = groups.len();
    let per: Vec<_> = groups.values().filter_map(|g| ranking_metrics(&ranked(g))).collect();
    m.groups_scored = per.len();
    if !per.is_empty() {
        let k = per.len() as f64;
        m.map = Some(per.iter().map(|r| r.0).sum::<f64>() / k);
        m.rr = Some(per.iter().map(|r| r.1).sum::<f64>() / k);
        m.r_prec = Some(per.iter().map(|r| r.2).sum::<f64>() / k);
        m.p_at = KS.iter().enumerate().map(|(j, &kk)| (kk, per.iter().map(|r| r.3[j]).sum::<f64>() / k)).collect();
    }
    m
}

fn write_metrics(name: &str, m: &Metrics, out: &mut dyn Write) -> std::io::Result<()> {
    let f = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |v| format!("{v:.4}"));
    writeln!(out, "== {name} ==")?;
    writeln!(out, "gold sentences: {} (check-worthy: {})", m.n, m.n_pos)?;
    writeln!(
        out,
        "positive class  P={:.4}  R={:.4}  F1={:.4}  (tp={} fp={} fn={} tn={})",
        m.precision, m.recall, m.f1, m.tp, m.fp, m.fn_, m.tn
    )?;
    if m.ap_global.is_some() {
        writeln!(
            out,
            "ranking  AP_global={}  MAP={} over {}/{} groups  RR={}  R-Prec={}",
            f(m.ap_global),
            f(m.map),
            m.groups_scored,
            m.groups,
            f(m.rr),
            f(m.r_prec)
        )?;
        let pk: Vec<String> = m.p_at.iter().map(|(k, v)| format!("P@{k}={v:.4}")).collect();
        writeln!(out, "         {}", pk.join("  "))?;
    }
    Ok(())
}

/// Gold units and, for document records, their texts split into sentences.
struct Gold {
    units: Vec<Unit>,
    /// Per unit: its text to score (the sentence), or for document units, (document index,
    /// byte span).
    texts: Vec<UnitText>,
    sources: Vec<String>,
    /// Per unit: the record's `doc` and `speaker` (sentence records only), for
    /// [`context::rerank`].
    context: Vec<(Option<String>, Option<String>)>,
    docs: Vec<String>,
    doc_units: usize,
}

enum UnitText {
    Sentence(String),
    InDoc(usize, ByteSpan),
}

fn load_gold(path: &Path, records: &[Value]) -> anyhow::Result<Gold> {
    let mut g = Gold {
        units: Vec::new(),
        texts: Vec::new(),
        sources: Vec::new(),
        context: Vec::new(),
        docs: Vec::new(),
        doc_units: 0,
    };
    let mut seen = std::collections::BTreeSet::new();
    for (n, v) in records.iter().enumerate() {
        let where_ = || format!("{}: record {}", path.display(), n + 1);
        let Some(id) = id_string(v) else { bail!("{}: missing \"id\"", where_()) };
        let source = str_field(v, "source").filter(|s| !s.is_empty()).unwrap_or("unknown").to_owned();
        match v.get("label") {
            Some(l) if !l.is_null() => {
                let Some(gold) = parse_label(l) else { bail!("{}: unrecognised label {l}", where_()) };
                if !seen.insert(id.clone()) {
                    bail!("{}: duplicate gold id {id:?}", where_());
                }
                let group = match v.get("doc") {
                    Some(Value::String(d)) if !d.is_empty() => d.clone(),
                    Some(d) if !d.is_null() && d.as_str() != Some("") => d.to_string(),
                    _ => format!("source:{source}"),
                };
                g.units.push(Unit { id, gold, group });
                g.texts.push(UnitText::Sentence(str_field(v, "text").unwrap_or("").to_owned()));
                g.sources.push(source);
                let ctx = line_context(v, "");
                g.context.push((ctx.doc.map(str::to_owned), ctx.speaker.map(str::to_owned)));
            }
            _ => {
                // A document: split into sentences; a sentence is check-worthy when it overlaps
                // a gold claim span (code point offsets).
                let Some(text) = str_field(v, "text") else { continue };
                let index = CharIndex::new(text);
                let spans: Vec<ByteSpan> = v
                    .get("claims")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|c| {
                        let s = c.get("start")?.as_u64()? as usize;
                        let e = c.get("end")?.as_u64()? as usize;
                        index.to_bytes(s, e)
                    })
                    .collect();
                let d = g.docs.len();
                g.docs.push(text.to_owned());
                for s in crate::nlp::sentences::sentences(text) {
                    let gold = spans.iter().any(|c| c.intersect(s).is_some_and(|x| !x.is_empty()));
                    let (cs, ce) = index.to_chars(s);
                    g.units.push(Unit { id: format!("{id}:{cs}-{ce}"), gold, group: id.clone() });
                    g.texts.push(UnitText::InDoc(d, s));
                    g.sources.push(source.clone());
                    g.context.push((None, None));
                    g.doc_units += 1;
                }
            }
        }
    }
    if g.units.is_empty() {
        bail!("{}: no sentence-level gold records (with \"label\") and no documents", path.display());
    }
    Ok(g)
}

fn load_predictions(path: &Path) -> anyhow::Result<BTreeMap<String, Pred>> {
    let mut out = BTreeMap::new();
    for (n, v) in read_jsonl(path)?.iter().enumerate() {
        let where_ = || format!("{}: record {}", path.display(), n + 1);
        let Some(id) = id_string(v) else { bail!("{}: missing \"id\"", where_()) };
        let score = match v.get("score") {
            None | Some(Value::Null) => None,
            Some(Value::Number(x)) => Some(x.as_f64().filter(|f| f.is_finite()).context(where_())?),
            Some(other) => bail!("{}: score must be a number, got {other}", where_()),
        };
        let label = match v.get("label") {
            None | Some(Value::Null) => None,
            Some(l) => Some(parse_label(l).with_context(|| format!("{}: unrecognised label {l}", where_()))?),
        };
        if score.is_none() && label.is_none() {
            bail!("{}: prediction has neither \"score\" nor \"label\"", where_());
        }
        if out.insert(id.clone(), Pred { score, label }).is_some() {
            bail!("{}: duplicate prediction id {id:?}", where_());
        }
    }
    Ok(out)
}

/// `claimlens eval-claims …`
///
/// # Errors
/// A message naming the file and the reason.
pub fn eval_claims(args: &EvalArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let records = read_jsonl(&args.gold)?;
    let gold = load_gold(&args.gold, &records)?;
    let threshold = f64::from(args.threshold);
    let preds = if let Some(p) = &args.predictions {
        load_predictions(p)?
    } else {
        let t = Instant::now();
        let scorer = load_scorer(args.model.as_deref())?;
        let load_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let scores = score_units(&scorer, &gold);
        let secs = t.elapsed().as_secs_f64().max(1e-9);
        writeln!(
            out,
            "scored {} sentences in {secs:.2} s ({:.0} sentences/s, entity recognition included; model load {:.1} ms)",
            scores.len(),
            scores.len() as f64 / secs,
            load_s * 1e3
        )?;
        let preds: BTreeMap<String, Pred> = gold
            .units
            .iter()
            .zip(&scores)
            .map(|(u, s)| {
                let s = round6(*s);
                (u.id.clone(), Pred { score: Some(s), label: Some(s >= threshold) })
            })
            .collect();
        if let Some(path) = &args.predictions_out {
            let mut buf = Vec::new();
            for u in &gold.units {
                let p = preds[&u.id];
                serde_json::to_writer(
                    &mut buf,
                    &json!({"id": u.id, "score": p.score, "label": label_name(p.label.unwrap_or(false))}),
                )?;
                buf.push(b'\n');
            }
            std::fs::write(path, buf).with_context(|| format!("cannot write {}", path.display()))?;
        }
        preds
    };
    if let Some(path) = &args.gold_out {
        let mut buf = Vec::new();
        for (u, src) in gold.units.iter().zip(&gold.sources) {
            let doc = if u.group.starts_with("source:") { Value::Null } else { Value::String(u.group.clone()) };
            serde_json::to_writer(
                &mut buf,
                &json!({"id": u.id, "label": label_name(u.gold), "doc": doc, "source": src}),
            )?;
            buf.push(b'\n');
        }
        std::fs::write(path, buf).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if gold.doc_units > 0 {
        writeln!(
            out,
            "note: {} documents split into {} sentences; a sentence is check-worthy when it overlaps a gold claim span",
            gold.docs.len(),
            gold.doc_units
        )?;
    }
    let unknown = preds.keys().filter(|k| !gold.units.iter().any(|u| &u.id == *k)).count();
    if unknown > 0 && args.predictions.is_some() {
        writeln!(out, "warning: {unknown} prediction ids are not in gold and were ignored")?;
    }
    write_metrics("overall", &evaluate(&gold.units, &preds, Some(threshold)), out)?;
    let sources: std::collections::BTreeSet<&String> = gold.sources.iter().collect();
    if sources.len() > 1 {
        for s in sources {
            let sub: Vec<Unit> =
                gold.units.iter().zip(&gold.sources).filter(|(_, src)| *src == s).map(|(u, _)| u.clone()).collect();
            write_metrics(&format!("source:{s}"), &evaluate(&sub, &preds, Some(threshold)), out)?;
        }
    }
    Ok(())
}

fn score_units(scorer: &ClaimScorer, gold: &Gold) -> Vec<f32> {
    let ner = NerRecognizer::shared();
    // Documents are analysed once, as the app does.
    let analysed: Vec<(Vec<crate::nlp::tokenize::Token>, Vec<crate::nlp::Entity>)> =
        gold.docs.iter().map(|d| (tokenize(d), ner.recognize(d))).collect();
    let mut feats = Vec::new();
    let scores: Vec<f32> = gold
        .texts
        .iter()
        .map(|t| match t {
            UnitText::Sentence(s) => {
                let entities = ner.recognize(s);
                scorer.score_tokens(s, &tokenize(s), &entities)
            }
            UnitText::InDoc(d, span) => {
                let text = &gold.docs[*d];
                let (tokens, entities) = &analysed[*d];
                let a = tokens.partition_point(|t| t.span.start < span.start);
                let b = tokens.partition_point(|t| t.span.end <= span.end);
                let ea = entities.partition_point(|e| e.span.start < span.start);
                let eb = entities.partition_point(|e| e.span.start < span.end);
                sentence_features(
                    text,
                    &tokens[a..b.max(a)],
                    &entities[ea..eb.max(ea)],
                    scorer.model().config(),
                    &mut feats,
                );
                scorer.model().probability(&feats)
            }
        })
        .collect();
    // The same transcript rules as `claims --jsonl`, so both agree with the scorer; documents
    // that are transcripts ("SPEAKER: …" lines) get them as the app's suggestions do.
    let mut lines: Vec<LineContext<'_>> = gold
        .texts
        .iter()
        .zip(&gold.context)
        .map(|(t, (doc, speaker))| LineContext {
            text: match t {
                UnitText::Sentence(s) => s,
                UnitText::InDoc(..) => "",
            },
            doc: doc.as_deref(),
            speaker: speaker.as_deref(),
        })
        .collect();
    let mut per_doc: BTreeMap<usize, Vec<(usize, ByteSpan)>> = BTreeMap::new();
    for (k, t) in gold.texts.iter().enumerate() {
        if let UnitText::InDoc(d, span) = t {
            per_doc.entry(*d).or_default().push((k, *span));
        }
    }
    for (d, units) in per_doc {
        let spans: Vec<ByteSpan> = units.iter().map(|u| u.1).collect();
        if let Some(ctx) = context::transcript_context(&gold.docs[d], &gold.units[units[0].0].group, &spans) {
            for ((k, _), c) in units.iter().zip(ctx) {
                lines[*k] = c;
            }
        }
    }
    context::rerank(&lines, &scores)
}

fn parse_features(s: &str) -> anyhow::Result<FeatureConfig> {
    let mut cfg = FeatureConfig { bigrams: false, masked: false, entities: false, cues: false, trigrams: false };
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part {
            "bigrams" => cfg.bigrams = true,
            "masked" => cfg.masked = true,
            "entities" => cfg.entities = true,
            "cues" => cfg.cues = true,
            "trigrams" => cfg.trigrams = true,
            other => bail!("unknown feature group {other:?} (bigrams, masked, entities, cues, trigrams)"),
        }
    }
    Ok(cfg)
}

/// Stable fold of an id (FNV-1a), so folds do not depend on record order.
fn fold_of(id: &str, k: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % k as u64) as usize
}

/// `claimlens train-claims …`
///
/// # Errors
/// A message naming the file and the reason.
pub fn train_claims(args: &TrainArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let features = parse_features(&args.features)?;
    let cfg = TrainConfig { l2: args.l2, min_count: args.min_count, iterations: args.iterations, features };
    let records = read_jsonl(&args.data)?;
    let ner = NerRecognizer::shared();
    let mut ids = Vec::new();
    let mut examples = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for (n, v) in records.iter().enumerate() {
        let license = str_field(v, "license").unwrap_or("");
        if license != TRAINABLE_LICENSE {
            *skipped.entry(if license.is_empty() { "(none)".to_owned() } else { license.to_owned() }).or_default() += 1;
            continue;
        }
        let (Some(id), Some(text), Some(label)) = (id_string(v), str_field(v, "text"), v.get("label")) else {
            bail!("{}: record {}: needs \"id\", \"text\" and \"label\"", args.data.display(), n + 1);
        };
        let Some(positive) = parse_label(label) else {
            bail!("{}: record {}: unrecognised label {label}", args.data.display(), n + 1);
        };
        let mut feats = Vec::new();
        sentence_features(text, &tokenize(text), &ner.recognize(text), features, &mut feats);
        ids.push(id);
        examples.push(Example { feats, positive });
    }
    if examples.is_empty() {
        bail!("{}: no records licensed {TRAINABLE_LICENSE} to train on", args.data.display());
    }
    let npos = examples.iter().filter(|e| e.positive).count();
    writeln!(out, "training records: {} ({} check-worthy), licence {TRAINABLE_LICENSE}", examples.len(), npos)?;
    for (lic, n) in &skipped {
        writeln!(out, "skipped (licence {lic}): {n}")?;
    }
    writeln!(out, "config: {cfg:?}")?;
    if args.folds >= 2 {
        let k = args.folds;
        let mut oof = vec![0f32; examples.len()];
        for f in 0..k {
            let train: Vec<Example> =
                examples.iter().zip(&ids).filter(|(_, id)| fold_of(id, k) != f).map(|(e, _)| e.clone()).collect();
            let m = model::train(&train, cfg, |_, _| {});
            // Quantise as the shipped model is.
            let m = LinearModel::from_bytes(&m.to_bytes()).map_err(anyhow::Error::msg)?;
            for (i, (e, id)) in examples.iter().zip(&ids).enumerate() {
                if fold_of(id, k) == f {
                    oof[i] = m.probability(&e.feats);
                }
            }
        }
        let units: Vec<Unit> = examples
            .iter()
            .zip(&ids)
            .map(|(e, id)| Unit { id: id.clone(), gold: e.positive, group: "source:cv".to_owned() })
            .collect();
        let preds: BTreeMap<String, Pred> =
            ids.iter().zip(&oof).map(|(id, s)| (id.clone(), Pred { score: Some(round6(*s)), label: None })).collect();
        let m = evaluate(&units, &preds, Some(f64::from(DEFAULT_THRESHOLD)));
        write_metrics(&format!("{k}-fold cross-validation, threshold {DEFAULT_THRESHOLD}"), &m, out)?;
        // The F1 a threshold other than 0.5 would give (reported, not used by the app).
        let mut best = (0.0, 0.5);
        for t in (20..=70).map(|t| f64::from(t) / 100.0) {
            let f1 = evaluate(&units, &preds, Some(t)).f1;
            if f1 > best.0 {
                best = (f1, t);
            }
        }
        writeln!(out, "best threshold on the out-of-fold scores: {:.2} (F1 {:.4})", best.1, best.0)?;
        if let Some(path) = &args.cv_predictions_out {
            let mut buf = Vec::new();
            for (id, s) in ids.iter().zip(&oof) {
                serde_json::to_writer(
                    &mut buf,
                    &json!({"id": id, "score": round6(*s), "label": label_name(*s >= DEFAULT_THRESHOLD)}),
                )?;
                buf.push(b'\n');
            }
            std::fs::write(path, buf).with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    if args.no_write {
        return Ok(());
    }
    let t = Instant::now();
    let m = model::train(&examples, cfg, |_, _| {});
    let bytes = m.to_bytes();
    crate::io::project_file::write_atomic(&args.out, &bytes, false, None)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    writeln!(
        out,
        "wrote {} ({} features, {} bytes) in {:.1} s",
        args.out.display(),
        m.len(),
        bytes.len(),
        t.elapsed().as_secs_f64()
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, gold: bool, group: &str) -> Unit {
        Unit { id: id.to_owned(), gold, group: group.to_owned() }
    }

    /// The self-test of `claims_score.py`, in Rust.
    #[test]
    fn scorer_selftest_numbers() {
        let units = [
            unit("a1", true, "A"),
            unit("a2", false, "A"),
            unit("a3", true, "A"),
            unit("b1", false, "B"),
            unit("b2", true, "B"),
        ];
        let p = |s: f64, l: bool| Pred { score: Some(s), label: Some(l) };
        let preds: BTreeMap<String, Pred> =
            [("a1", p(0.9, true)), ("a2", p(0.8, true)), ("a3", p(0.1, false)), ("b1", p(0.7, false))]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect();
        let m = evaluate(&units, &preds, None);
        assert_eq!((m.tp, m.fp, m.fn_, m.tn), (1, 1, 2, 1));
        assert!((m.precision - 0.5).abs() < 1e-12 && (m.recall - 1.0 / 3.0).abs() < 1e-12);
        let (ap_a, ap_b) = ((1.0 + 2.0 / 3.0) / 2.0, 0.5);
        assert!((m.map.unwrap() - (ap_a + ap_b) / 2.0).abs() < 1e-12);
        let ap_g = (1.0 + 2.0 / 4.0 + 3.0 / 5.0) / 3.0;
        assert!((m.ap_global.unwrap() - ap_g).abs() < 1e-12);
        assert_eq!(m.p_at[0], (1, 0.5));
    }

    #[test]
    fn ties_break_by_id() {
        let units = [unit("b", true, "g"), unit("a", false, "g")];
        let preds: BTreeMap<String, Pred> =
            ["a", "b"].into_iter().map(|k| (k.to_owned(), Pred { score: Some(0.5), label: None })).collect();
        // "a" (negative) ranks first: AP = 1/2.
        assert!((evaluate(&units, &preds, Some(0.5)).map.unwrap() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn labels_parse_like_the_scorer() {
        assert_eq!(parse_label(&json!("check-worthy")), Some(true));
        assert_eq!(parse_label(&json!(" Not ")), Some(false));
        assert_eq!(parse_label(&json!(1)), Some(true));
        assert_eq!(parse_label(&json!(0.0)), Some(false));
        assert_eq!(parse_label(&json!(2)), None);
        assert_eq!(parse_label(&json!(true)), Some(true));
        assert_eq!(parse_label(&json!("maybe")), None);
    }

    #[test]
    fn folds_are_stable_and_balanced() {
        let k = 5;
        let mut n = [0usize; 5];
        for i in 0..1000 {
            n[fold_of(&format!("cb-{i}"), k)] += 1;
        }
        assert!(n.iter().all(|&c| c > 150), "{n:?}");
        assert_eq!(fold_of("cb-16", k), fold_of("cb-16", k));
    }
}
