//! The NER subcommands: `eval-ner` (score against gold JSONL, as `ner_score.py --map onto`
//! does), `bench ner` (single-thread throughput and load time) and `train-ner` (rebuild the
//! embedded model from openly licensed gold data).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead as _, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use crate::document::offsets::CharIndex;
use crate::nlp::gazetteer::Lexicon;
use crate::nlp::ner::NerRecognizer;
use crate::nlp::perceptron::{self, TrainConfig};
use crate::nlp::{EntityRecognizer, tokenize, train};

/// Licence of training records that may not ship in a product (FiNER-ORD).
pub const NON_COMMERCIAL_LICENSE: &str = "CC-BY-NC-4.0";

/// Options of `claimlens eval-ner`.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// Gold JSONL (`{"id","source","text","entities":[{"start","end","label"}],"annotated_labels"}`).
    pub gold: PathBuf,
    /// Write the recognizer's predictions here (`{"id","entities":[{"start","end","label"}]}`,
    /// code point offsets), for `ner_score.py`.
    #[arg(long, value_name = "PRED.jsonl")]
    pub predictions_out: Option<PathBuf>,
    /// Score these predictions instead of running the recognizer.
    #[arg(long, value_name = "PRED.jsonl", conflicts_with = "predictions_out")]
    pub predictions: Option<PathBuf>,
    /// Also report micro scores per gold source.
    #[arg(long)]
    pub by_source: bool,
    /// Strip a leading "the"/"a"/"an" and a trailing possessive from gold and predicted spans.
    #[arg(long)]
    pub strip_det: bool,
    /// Use this model file instead of the embedded one (development).
    #[arg(long, hide = true)]
    pub model: Option<PathBuf>,
}

/// Options of `claimlens train-ner`.
#[derive(Debug, Clone, clap::Args)]
pub struct TrainArgs {
    /// Gold JSONL with PER/ORG/LOC/MISC spans (e.g. `../shared/data/ner-train/train.jsonl`).
    /// Records licensed CC-BY-NC-4.0 are always skipped.
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "assets/ner/model.bin.z")]
    pub out: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    pub seed: u64,
}

fn read_jsonl(path: &Path) -> anyhow::Result<Vec<Value>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}: line {}: cannot read", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).with_context(|| format!("{}: line {}: not JSON", path.display(), n + 1))?);
    }
    Ok(out)
}

fn str_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// OntoNotes → coarse labels, as `ner_score.py --map onto`.
#[must_use]
pub fn onto_to_coarse(label: &str) -> &str {
    match label {
        "PERSON" | "PER" => "PER",
        "GPE" | "LOC" | "FAC" => "LOC",
        "NORP" | "EVENT" | "PRODUCT" | "WORK_OF_ART" | "LAW" | "LANGUAGE" | "MISC" => "MISC",
        other => other,
    }
}

const COARSE: [&str; 11] =
    ["PER", "ORG", "LOC", "MISC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"];

type Span = (usize, usize, String);

/// Counters of one block (micro, one label or one source).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Exact matches.
    pub tp: usize,
    /// Partial (overlap, same label, one-to-one) matches.
    pub ptp: usize,
    /// Exact-boundary matches ignoring labels (micro only).
    pub stp: usize,
    /// Predictions scored.
    pub npred: usize,
    /// Gold entities scored.
    pub ngold: usize,
}

/// Precision, recall, F1 of `tp` out of `npred` predictions and `ngold` gold.
#[must_use]
pub fn prf(tp: usize, npred: usize, ngold: usize) -> (f64, f64, f64) {
    let p = if npred > 0 { tp as f64 / npred as f64 } else { 0.0 };
    let r = if ngold > 0 { tp as f64 / ngold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

/// The scores of a run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Micro counts.
    pub micro: Counts,
    /// Per label.
    pub per_label: BTreeMap<String, Counts>,
    /// Per source (micro).
    pub by_source: BTreeMap<String, Counts>,
    /// Labels scored in some document, in coarse order.
    pub scored_labels: Vec<String>,
    /// Predictions discarded in don't-care regions.
    pub ignored: usize,
    /// Gold documents without a prediction.
    pub missing: usize,
}

fn multiset_common(a: &[Span], b: &[Span]) -> usize {
    let mut m: HashMap<&Span, isize> = HashMap::new();
    for x in a {
        *m.entry(x).or_default() += 1;
    }
    let mut n = 0;
    for x in b {
        if let Some(c) = m.get_mut(x)
            && *c > 0
        {
            *c -= 1;
            n += 1;
        }
    }
    n
}

fn score_doc(gold: &[Span], pred: &[Span], micro: &mut Counts, per_label: &mut BTreeMap<String, Counts>) {
    let labels: BTreeSet<&String> = gold.iter().chain(pred).map(|e| &e.2).collect();
    for lab in labels {
        let mut g: Vec<Span> = gold.iter().filter(|e| &e.2 == lab).cloned().collect();
        let mut p: Vec<Span> = pred.iter().filter(|e| &e.2 == lab).cloned().collect();
        let tp = multiset_common(&g, &p);
        g.sort();
        p.sort();
        let mut used = vec![false; g.len()];
        let mut ptp = 0;
        for pe in &p {
            let mut best: Option<(usize, usize)> = None;
            for (i, ge) in g.iter().enumerate() {
                if used[i] || !(pe.0 < ge.1 && ge.0 < pe.1) {
                    continue;
                }
                let ov = pe.1.min(ge.1) - pe.0.max(ge.0);
                if best.is_none_or(|(b, _)| ov > b) {
                    best = Some((ov, i));
                }
            }
            if let Some((_, i)) = best {
                used[i] = true;
                ptp += 1;
            }
        }
        for c in [&mut *micro, per_label.entry(lab.clone()).or_default()] {
            c.tp += tp;
            c.ptp += ptp;
            c.npred += p.len();
            c.ngold += g.len();
        }
    }
    let gs: Vec<Span> = gold.iter().map(|e| (e.0, e.1, String::new())).collect();
    let ps: Vec<Span> = pred.iter().map(|e| (e.0, e.1, String::new())).collect();
    micro.stp += multiset_common(&gs, &ps);
}

/// `ner_score.py`'s `strip_det` on code point offsets.
fn strip_det(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    let e0 = e.min(chars.len());
    let s0 = s.min(e0);
    let span = &chars[s0..e0];
    // ^(?:the|a|an)\s+ (case-insensitive)
    for det in ["the", "an", "a"] {
        let n = det.len();
        if span.len() > n && span[..n].iter().collect::<String>().to_lowercase() == det && span[n].is_whitespace() {
            let ws = span[n..].iter().take_while(|c| c.is_whitespace()).count();
            if s + n + ws < e {
                s += n + ws;
            }
            break;
        }
    }
    // \s*['’]s$
    let e0 = e.min(chars.len());
    let s0 = s.min(e0);
    let span = &chars[s0..e0];
    let k = span.len();
    if k >= 2 && span[k - 1] == 's' && matches!(span[k - 2], '\'' | '’') {
        let ws = span[..k - 2].iter().rev().take_while(|c| c.is_whitespace()).count();
        let cut = 2 + ws;
        if s < e - cut {
            e -= cut;
        }
    }
    (s, e)
}

/// Score `preds` (id → `(start, end, label)` in code points, OntoNotes or coarse labels)
/// against `gold` exactly as `ner_score.py GOLD PRED --map onto` does.
#[must_use]
pub fn score(gold: &[Value], preds: &HashMap<String, Vec<(usize, usize, String)>>, strip: bool) -> Report {
    let mut rep = Report::default();
    let all_labels: BTreeSet<String> = gold
        .iter()
        .flat_map(|g| g.get("entities").and_then(Value::as_array).cloned().unwrap_or_default())
        .map(|e| str_field(&e, "label").to_owned())
        .filter(|l| l != "OTHER")
        .collect();
    let mut union: BTreeSet<String> = BTreeSet::new();
    for g in gold {
        let annotated: BTreeSet<String> = match g.get("annotated_labels").and_then(Value::as_array) {
            Some(a) if !a.is_empty() => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => all_labels.clone(),
        };
        union.extend(annotated.iter().cloned());
        let fold: HashMap<String, String> = g
            .get("fold")
            .and_then(Value::as_object)
            .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
            .unwrap_or_default();
        let id = str_field(g, "id");
        let text = str_field(g, "text");
        let chars: Vec<char> = if strip { text.chars().collect() } else { Vec::new() };
        let pred = if let Some(p) = preds.get(id) {
            p.as_slice()
        } else {
            rep.missing += 1;
            &[]
        };
        let mut gents = Vec::new();
        let mut ignore = Vec::new();
        for e in g.get("entities").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let (a, b) = (
                e.get("start").and_then(Value::as_u64).unwrap_or(0) as usize,
                e.get("end").and_then(Value::as_u64).unwrap_or(0) as usize,
            );
            let label = str_field(e, "label");
            if e.get("named") == Some(&Value::Bool(false)) || label == "OTHER" {
                ignore.push((a, b));
                continue;
            }
            if annotated.contains(label) {
                let (a, b) = if strip { strip_det(&chars, a, b) } else { (a, b) };
                gents.push((a, b, label.to_owned()));
            }
        }
        let mut pents = Vec::new();
        for (a, b, l) in pred {
            let lab = onto_to_coarse(l);
            let lab = fold.get(lab).map_or(lab, String::as_str);
            if !annotated.contains(lab) {
                continue;
            }
            let (a, b) = if strip { strip_det(&chars, *a, *b) } else { (*a, *b) };
            let ov = |x: (usize, usize), y: (usize, usize)| x.0 < y.1 && y.0 < x.1;
            if !ignore.is_empty()
                && ignore.iter().any(|r| ov((a, b), *r))
                && !gents.iter().any(|x: &Span| ov((a, b), (x.0, x.1)))
            {
                rep.ignored += 1;
                continue;
            }
            pents.push((a, b, lab.to_owned()));
        }
        let src = str_field(g, "source").split(':').next().unwrap_or("?");
        let src = if g.get("source").is_none() { "?" } else { src };
        score_doc(&gents, &pents, &mut rep.micro, &mut rep.per_label);
        let mut scratch = BTreeMap::new();
        score_doc(&gents, &pents, rep.by_source.entry(src.to_owned()).or_default(), &mut scratch);
    }
    let mut labels: Vec<String> = union.into_iter().collect();
    labels.sort_by_key(|l| (COARSE.iter().position(|c| c == l).unwrap_or(99), l.clone()));
    rep.scored_labels = labels;
    rep
}

/// Print a report in `ner_score.py`'s layout.
///
/// # Errors
/// If writing fails.
pub fn print_report(rep: &Report, by_source: bool, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "scored labels: {}   ignored predictions (don't-care regions): {}",
        rep.scored_labels.join(","),
        rep.ignored
    )?;
    if rep.missing > 0 {
        writeln!(out, "WARNING: {} gold docs have no prediction line (scored as empty)", rep.missing)?;
    }
    let hdr = format!("{:10} {:>6} {:>6} {:>6} {:>6} {:>6} | {:>6}", "label", "gold", "pred", "P", "R", "F1", "partF1");
    writeln!(out, "{hdr}")?;
    writeln!(out, "{}", "-".repeat(hdr.len()))?;
    let line = |out: &mut dyn Write, name: &str, c: &Counts| {
        let (p, r, f) = prf(c.tp, c.npred, c.ngold);
        let (_, _, pf) = prf(c.ptp, c.npred, c.ngold);
        writeln!(
            out,
            "{name:10} {:6} {:6} {:6.2} {:6.2} {:6.2} | {:6.2}",
            c.ngold,
            c.npred,
            p * 100.0,
            r * 100.0,
            f * 100.0,
            pf * 100.0
        )
    };
    for l in &rep.scored_labels {
        line(out, l, &rep.per_label.get(l).copied().unwrap_or_default())?;
    }
    writeln!(out, "{}", "-".repeat(hdr.len()))?;
    line(out, "MICRO", &rep.micro)?;
    let (_, _, sf) = prf(rep.micro.stp, rep.micro.npred, rep.micro.ngold);
    writeln!(out, "span-only (label ignored) exact F1: {:.2}", sf * 100.0)?;
    if by_source {
        writeln!(out, "\nby source:               gold   pred  exactF1 partialF1 spanF1")?;
        for (s, c) in &rep.by_source {
            let (_, _, f) = prf(c.tp, c.npred, c.ngold);
            let (_, _, pf) = prf(c.ptp, c.npred, c.ngold);
            let (_, _, sf) = prf(c.stp, c.npred, c.ngold);
            writeln!(
                out,
                "  {s:22} {:6} {:6} {:8.2} {:9.2} {:6.2}",
                c.ngold,
                c.npred,
                f * 100.0,
                pf * 100.0,
                sf * 100.0
            )?;
        }
    }
    Ok(())
}

/// The entities `recognizer` finds in `text` as `(start, end, label)` in code points, the way
/// gold files and `ner_score.py` count.
#[must_use]
pub fn predict_chars(recognizer: &dyn EntityRecognizer, text: &str) -> Vec<(usize, usize, String)> {
    let index = CharIndex::new(text);
    recognizer
        .recognize(text)
        .into_iter()
        .map(|e| {
            let (s, t) = index.to_chars(e.span);
            (s, t, e.label.tag().to_owned())
        })
        .collect()
}

/// `claimlens eval-ner`.
///
/// # Errors
/// If a file cannot be read or written.
pub fn eval_ner(args: &EvalArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let gold = read_jsonl(&args.gold)?;
    let mut preds: HashMap<String, Vec<(usize, usize, String)>> = HashMap::new();
    if let Some(path) = &args.predictions {
        for p in read_jsonl(path)? {
            let id = str_field(&p, "id").to_owned();
            if preds.contains_key(&id) {
                bail!("{}: duplicate prediction id {id}", path.display());
            }
            let ents = p.get("entities").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            let v = ents
                .iter()
                .map(|e| {
                    (
                        e.get("start").and_then(Value::as_u64).unwrap_or(0) as usize,
                        e.get("end").and_then(Value::as_u64).unwrap_or(0) as usize,
                        str_field(e, "label").to_owned(),
                    )
                })
                .collect();
            preds.insert(id, v);
        }
    } else {
        let ner = match &args.model {
            Some(path) => {
                let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
                let model = perceptron::Model::from_bytes(&bytes).map_err(anyhow::Error::msg)?;
                std::sync::Arc::new(NerRecognizer::new(model, Lexicon::embedded()))
            }
            None => NerRecognizer::shared(),
        };
        let mut writer = match &args.predictions_out {
            Some(p) => Some(std::io::BufWriter::new(
                std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
            )),
            None => None,
        };
        for g in &gold {
            let v = predict_chars(&*ner, str_field(g, "text"));
            if let Some(w) = &mut writer {
                let ents: Vec<Value> = v.iter().map(|(s, e, l)| json!({"start": s, "end": e, "label": l})).collect();
                serde_json::to_writer(&mut *w, &json!({"id": g.get("id"), "entities": ents}))?;
                w.write_all(b"\n")?;
            }
            preds.insert(str_field(g, "id").to_owned(), v);
        }
        if let Some(mut w) = writer {
            w.flush()?;
        }
    }
    let rep = score(&gold, &preds, args.strip_det);
    writeln!(
        out,
        "gold={} docs={} map=onto{}",
        args.gold.display(),
        gold.len(),
        if args.strip_det { " strip-det" } else { "" }
    )?;
    print_report(&rep, args.by_source, out)?;
    Ok(())
}

/// `claimlens train-ner`: read gold JSONL, drop non-commercial records, train, write the model.
///
/// # Errors
/// If the data cannot be read or the model written.
pub fn train_ner(args: &TrainArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let docs = read_jsonl(&args.data)?;
    let lex = Lexicon::embedded();
    let mut stats = train::ConvertStats::default();
    let mut examples = Vec::new();
    let (mut used, mut dropped) = (0usize, 0usize);
    for d in &docs {
        if str_field(d, "license") == NON_COMMERCIAL_LICENSE {
            dropped += 1;
            continue;
        }
        used += 1;
        let text = str_field(d, "text");
        let index = CharIndex::new(text);
        let mut spans = Vec::new();
        for e in d.get("entities").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            let (a, b) = (
                e.get("start").and_then(Value::as_u64).unwrap_or(0) as usize,
                e.get("end").and_then(Value::as_u64).unwrap_or(0) as usize,
            );
            let Some(class) = train::class_index(str_field(e, "label")) else { continue };
            if let Some(span) = index.to_bytes(a, b) {
                spans.push((span, class));
            }
        }
        examples.extend(train::examples(text, &spans, lex, &mut stats));
    }
    writeln!(
        out,
        "{}: {used} documents used, {dropped} dropped ({NON_COMMERCIAL_LICENSE}); {} sentences, {} tokens, {} spans ({} misaligned, {} across sentences)",
        args.data.display(),
        examples.len(),
        stats.tokens,
        stats.spans,
        stats.misaligned,
        stats.cross_sentence
    )?;
    let cfg = TrainConfig { epochs: args.epochs, seed: args.seed, ..TrainConfig::default() };
    let t = Instant::now();
    let model = perceptron::train(&examples, cfg, |epoch, errors| {
        let _ = writeln!(out, "epoch {epoch}: {errors} token errors");
    });
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    writeln!(
        out,
        "wrote {} ({} features, {} bytes) in {:.1} s",
        args.out.display(),
        model.len(),
        bytes.len(),
        t.elapsed().as_secs_f64()
    )?;
    Ok(())
}

/// A generated news-like text for `bench ner` without a file (deterministic, ~200 KB).
#[must_use]
pub fn generated_text() -> String {
    let people = ["Pete Hegseth", "Marco Rubio", "Keith Kellogg", "Volodymyr Zelensky", "Olaf Scholz", "Mark Rutte"];
    let orgs = ["NATO", "the Pentagon", "the European Union", "Reuters", "the State Department", "Lockheed Martin"];
    let places = ["Brussels", "Kyiv", "Moscow", "Stuttgart", "Warsaw", "the Black Sea"];
    let mut s = String::new();
    let mut k = 7usize;
    for i in 0..1500 {
        k = k.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let p = people[(k >> 33) % people.len()];
        let o = orgs[(k >> 40) % orgs.len()];
        let l = places[(k >> 47) % places.len()];
        s.push_str(&format!(
            "On Feb. {}, 2025, {p} told {o} officials in {l} that spending would rise {}% to ${} billion. \
             \"We will not back down,\" {} said on Tuesday, adding that 3,000 troops would arrive within 48 hours.",
            1 + i % 28,
            2 + i % 5,
            1 + i % 90,
            p.rsplit(' ').next().unwrap_or(p)
        ));
        s.push_str(if i % 4 == 3 { "\n\n" } else { " " });
    }
    s
}

/// `claimlens bench ner`.
///
/// # Errors
/// If the file cannot be imported.
pub fn bench_ner(file: Option<&Path>, iterations: usize, out: &mut dyn Write) -> anyhow::Result<()> {
    let text = match file {
        Some(f) => crate::io::import_path(f)?.document.text,
        None => generated_text(),
    };
    // First, what `default_recognizer()` costs on first use in a fresh process: word lists on
    // a second thread, model and rule patterns on this one. Then the two parses again, alone.
    let t = Instant::now();
    let shared = NerRecognizer::shared();
    let shared_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(shared);
    let t = Instant::now();
    let model = NerRecognizer::load_embedded_model().map_err(anyhow::Error::msg)?;
    let model_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let lex = Lexicon::from_zlib(Lexicon::embedded_bytes()).map_err(anyhow::Error::msg)?;
    let lex_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(lex);
    let ner = NerRecognizer::new(model, Lexicon::embedded());
    let chars = text.chars().count();
    let tokens = tokenize::tokenize(&text).len();
    // One warm-up pass (page faults, lazy statics), then timed passes.
    let first = Instant::now();
    let n_ents = ner.recognize(&text).len();
    let first_s = first.elapsed().as_secs_f64();
    let iterations = iterations.max(1);
    let t = Instant::now();
    for _ in 0..iterations {
        std::hint::black_box(ner.recognize(std::hint::black_box(&text)));
    }
    let secs = t.elapsed().as_secs_f64() / iterations as f64;
    writeln!(out, "text: {} bytes, {chars} chars, {tokens} tokens, {n_ents} entities", text.len())?;
    writeln!(
        out,
        "load: {shared_ms:.1} ms (first default_recognizer(): model, word lists, rules); alone: model {model_ms:.1} ms ({} features, {} bytes), word lists {lex_ms:.1} ms",
        ner.model().len(),
        NerRecognizer::embedded_model_size(),
    )?;
    writeln!(out, "first pass: {:.3} s", first_s)?;
    let t = Instant::now();
    std::hint::black_box(tokenize::tokenize(&text));
    let tok_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    std::hint::black_box(crate::nlp::rules::numeric_entities(&text));
    let rules_s = t.elapsed().as_secs_f64();
    writeln!(out, "of which: tokenizer {:.3} s, numeric rules {:.3} s", tok_s, rules_s)?;
    writeln!(
        out,
        "single thread, mean of {iterations}: {:.3} s/pass, {:.2} MB/s, {:.0} chars/s, {:.0} tokens/s",
        secs,
        text.len() as f64 / secs / 1e6,
        chars as f64 / secs,
        tokens as f64 / secs
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_det_matches_the_python_rules() {
        let t: Vec<char> = "the Pentagon's plan".chars().collect();
        assert_eq!(strip_det(&t, 0, 14), (4, 12));
        let t: Vec<char> = "The".chars().collect();
        assert_eq!(strip_det(&t, 0, 3), (0, 3));
        let t: Vec<char> = "a s".chars().collect();
        assert_eq!(strip_det(&t, 0, 3), (2, 3));
    }
}
