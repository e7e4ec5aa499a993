//! `claimlens bench anchor`: how fast and how well annotations are re-anchored when an
//! article changes.
//!
//! Two measurements, one JSON object each:
//!
//! - **timing**: a generated article of `size_bytes` with `claims` claims is edited (a
//!   paragraph inserted near the start, one deleted in the middle, a typo fixed inside a
//!   claim, a sentence reworded) and [`update_article`] is timed (the diff, every placement,
//!   the new state);
//! - **accuracy** ([`random_edit_trial`]): `docs` generated documents, each with claims and
//!   `edits` random edits (paragraph inserted, deleted or moved, a typo fixed, a word
//!   replaced, whitespace re-flowed). The true new place of each claim is tracked through the
//!   edits; a claim whose text was entirely deleted should be orphaned, and one an edit cut
//!   across is "ambiguous" (any outcome is accepted, counted apart).
//!
//! The generator is deterministic (`SplitMix64` from `seed`) and mixes accents, CJK and emoji,
//! so code point and byte offsets differ.

use std::io::Write;
use std::time::Instant;

use serde::Serialize;
use serde_json::json;

use crate::document::{BlockKind, ByteSpan, Document};
use crate::project::anchor::update_article;
use crate::project::{Claim, ClaimId, Edit, Project, SourceInfo};

/// A small deterministic PRNG (SplitMix64): reproducible runs without a dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "budget",
    "rose",
    "percent",
    "Zürich",
    "Ünal",
    "Şahin",
    "Kraków",
    "François",
    "São",
    "Paulo",
    "defence",
    "NATO",
    "spending",
    "north",
    "東京",
    "北京",
    "会议",
    "inflation",
    "fell",
    "🚀",
    "👩‍👩‍👧",
    "€4",
    "billion",
    "agreed",
    "talks",
    "after",
    "before",
    "council",
    "mayor",
    "crisis",
    "rates",
    "élection",
    "naïve",
    "cooperation",
    "report",
    "showed",
    "growth",
    "of",
    "in",
    "and",
    "a",
    "to",
    "with",
    "by",
    "on",
    "more",
    "than",
    "half",
    "voters",
    "polls",
    "Δ",
    "Ωmega",
    "trade",
    "tariffs",
    "exports",
    "fuel",
    "prices",
    "2025",
    "5%",
    "42",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 6 + rng.below(12);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        let w = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// A generated paragraph of 2–5 sentences.
#[must_use]
pub fn paragraph(rng: &mut Rng) -> String {
    let n = 2 + rng.below(4);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

/// A generated article of about `size_bytes` (paragraphs separated by blank lines).
#[must_use]
pub fn article(rng: &mut Rng, size_bytes: usize) -> String {
    let mut paras = Vec::new();
    let mut len = 0;
    while len < size_bytes.max(1) {
        let p = paragraph(rng);
        len += p.len() + 2;
        paras.push(p);
    }
    paras.join("\n\n")
}

fn word_spans(text: &str) -> Vec<ByteSpan> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(ByteSpan::new(s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(ByteSpan::new(s, text.len()));
    }
    out
}

/// `count` claims on `text`: runs of 1–14 whole words inside one paragraph, sorted, not
/// overlapping.
#[must_use]
pub fn claim_spans(rng: &mut Rng, text: &str, count: usize) -> Vec<ByteSpan> {
    let words = word_spans(text);
    if words.is_empty() {
        return Vec::new();
    }
    let mut spans: Vec<ByteSpan> = Vec::new();
    let stride = (words.len() / count.max(1)).max(1);
    for k in 0..count {
        // Each claim stays in its own stride of words, so none overlaps the next.
        let first = (k * stride + rng.below((stride / 2).max(1))).min(words.len() - 1);
        let last = (first + 2 + rng.below(12)).min((k + 1) * stride - 1).min(words.len() - 1).max(first);
        let mut span = ByteSpan::new(words[first].start, words[last].end);
        // Claims stay inside a paragraph, as real ones do.
        if let Some(i) = text[span].find("\n\n") {
            span = ByteSpan::new(span.start, span.start + i);
        }
        if spans.last().is_none_or(|p| p.end < span.start) {
            spans.push(span);
        }
    }
    spans
}

/// Where a claim should be after the edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Here.
    At(ByteSpan),
    /// Its text was deleted: it should be orphaned.
    Gone,
    /// An edit cut across it: any outcome is acceptable.
    Ambiguous,
}

/// Replace `range` of `text` by `with`, updating every truth.
fn splice(text: &mut String, range: ByteSpan, with: &str, truths: &mut [Truth]) {
    let delta = with.len() as isize - range.len() as isize;
    let shift = |x: usize| (x as isize + delta) as usize;
    for t in truths.iter_mut() {
        let Truth::At(s) = *t else { continue };
        *t = if range.end <= s.start {
            // Before the claim (an insertion exactly at its start also lands before it).
            Truth::At(ByteSpan::new(shift(s.start), shift(s.end)))
        } else if range.start >= s.end {
            Truth::At(s)
        } else if range.start >= s.start && range.end <= s.end && !(range.start == s.start && range.end == s.end) {
            Truth::At(ByteSpan::new(s.start, shift(s.end)))
        } else if range.start <= s.start && range.end >= s.end {
            if with.is_empty() { Truth::Gone } else { Truth::Ambiguous }
        } else {
            Truth::Ambiguous
        };
    }
    text.replace_range(range.range(), with);
}

fn paragraphs(text: &str) -> Vec<ByteSpan> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        out.push(ByteSpan::new(start, i));
        start = i + 2;
    }
    out.push(ByteSpan::new(start, text.len()));
    out
}

/// Apply one random edit of a random kind; returns its name.
pub fn random_edit(rng: &mut Rng, text: &mut String, truths: &mut [Truth]) -> &'static str {
    let paras = paragraphs(text);
    match rng.below(6) {
        0 => {
            // Insert a paragraph before paragraph i (or at the end).
            let i = rng.below(paras.len() + 1);
            let new = paragraph(rng);
            if i == paras.len() {
                splice(text, ByteSpan::empty(text.len()), &format!("\n\n{new}"), truths);
            } else {
                splice(text, ByteSpan::empty(paras[i].start), &format!("{new}\n\n"), truths);
            }
            "insert paragraph"
        }
        1 if paras.len() > 1 => {
            // Delete paragraph i with its separator.
            let i = rng.below(paras.len());
            let range = if i + 1 < paras.len() {
                ByteSpan::new(paras[i].start, paras[i + 1].start)
            } else {
                ByteSpan::new(paras[i - 1].end, paras[i].end)
            };
            splice(text, range, "", truths);
            "delete paragraph"
        }
        2 if paras.len() > 2 => {
            // Move paragraph i to before paragraph j: the claims inside move with it.
            let i = rng.below(paras.len() - 1);
            let p = ByteSpan::new(paras[i].start, paras[i + 1].start); // with its "\n\n"
            let body = text[p].to_owned();
            let mut inside = Vec::new();
            for (k, t) in truths.iter_mut().enumerate() {
                if let Truth::At(s) = *t
                    && s.start >= p.start
                    && s.end <= p.end
                {
                    inside.push((k, s.start - p.start, s.end - p.start));
                    *t = Truth::Ambiguous;
                }
            }
            splice(text, p, "", truths);
            let paras = paragraphs(text);
            let j = rng.below(paras.len());
            let at = paras[j].start;
            splice(text, ByteSpan::empty(at), &body, truths);
            for (k, a, b) in inside {
                truths[k] = Truth::At(ByteSpan::new(at + a, at + b));
            }
            "move paragraph"
        }
        3 | 4 => {
            // A typo fix (one character) or a reworded word.
            let words = word_spans(text);
            if words.is_empty() {
                return "none";
            }
            let w = words[rng.below(words.len())];
            if rng.below(2) == 0 {
                let first = text[w].chars().next().map_or(1, char::len_utf8);
                let repl = if text[w].starts_with('x') { "y" } else { "x" };
                splice(text, ByteSpan::new(w.start, w.start + first), repl, truths);
                "typo"
            } else {
                let new = WORDS[rng.below(WORDS.len())];
                splice(text, w, new, truths);
                "reword"
            }
        }
        _ => {
            // Re-flow: a space becomes a line break or two spaces.
            let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
            if spaces.is_empty() {
                return "none";
            }
            let at = spaces[rng.below(spaces.len())];
            let with = if rng.below(2) == 0 { "\n" } else { "  " };
            splice(text, ByteSpan::new(at, at + 1), with, truths);
            "reflow"
        }
    }
}

/// The outcome of [`random_edit_trial`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Accuracy {
    /// Documents generated.
    pub docs: usize,
    /// Edits per document.
    pub edits_per_doc: usize,
    /// Claims whose outcome is well defined.
    pub claims: usize,
    /// Placed exactly on their true span, or orphaned when their text was deleted.
    pub correct: usize,
    /// Placed overlapping their true span but not exactly on it.
    pub near: usize,
    /// Placed somewhere else.
    pub wrong: usize,
    /// Orphaned although their text (perhaps edited) is still there.
    pub lost: usize,
    /// Placed although their text was deleted.
    pub misplaced_deleted: usize,
    /// Claims an edit cut across (not scored).
    pub ambiguous: usize,
    /// `correct / claims`.
    pub fraction_correct: f64,
    /// Claims + orphans before and after were equal in every document.
    pub conserved: bool,
}

/// Generate `docs` documents, apply `edits` random edits to each, re-anchor, and score.
///
/// # Panics
/// If an update produces an inconsistent project (a bug).
#[must_use]
pub fn random_edit_trial(docs: usize, edits: usize, seed: u64) -> Accuracy {
    let mut rng = Rng::new(seed);
    let mut acc = Accuracy { docs, edits_per_doc: edits, conserved: true, ..Accuracy::default() };
    let t = jiff::Timestamp::UNIX_EPOCH;
    for _ in 0..docs {
        let n_paras = 3 + rng.below(8);
        let old: String = (0..n_paras).map(|_| paragraph(&mut rng)).collect::<Vec<_>>().join("\n\n");
        let n_claims = 2 + rng.below(6);
        let spans = claim_spans(&mut rng, &old, n_claims);
        let mut project =
            Project::new(Document::from_blocks([(BlockKind::Paragraph, old.as_str())]), SourceInfo::default());
        // Document::from_blocks keeps a single paragraph's text as is (it is trimmed already).
        assert_eq!(project.text(), old);
        for (k, s) in spans.iter().enumerate() {
            let claim = Claim::new(ClaimId(k as u128 + 1), &old, *s, t);
            Edit::AddClaim(Box::new(claim)).apply(&mut project).expect("claims fit");
        }
        let mut truths: Vec<Truth> = spans.iter().map(|s| Truth::At(*s)).collect();
        let mut new = old.clone();
        for _ in 0..edits {
            random_edit(&mut rng, &mut new, &mut truths);
        }
        let new_doc = Document { text: new.clone(), blocks: paragraph_blocks(&new), meta: Default::default() };
        let (edit, _) =
            update_article(&project, new_doc, SourceInfo { sha256: "new".into(), ..SourceInfo::default() }, t);
        let before = project.claims.len() + project.orphans.len();
        edit.apply(&mut project).expect("update applies");
        acc.conserved &= project.claims.len() + project.orphans.len() == before;
        for (k, truth) in truths.iter().enumerate() {
            let id = ClaimId(k as u128 + 1);
            let placed = project.claim(id).map(|c| c.span);
            match (*truth, placed) {
                (Truth::Ambiguous, _) => acc.ambiguous += 1,
                (Truth::Gone, None) => {
                    acc.claims += 1;
                    acc.correct += 1;
                }
                (Truth::Gone, Some(_)) => {
                    acc.claims += 1;
                    acc.misplaced_deleted += 1;
                }
                (Truth::At(_), None) => {
                    acc.claims += 1;
                    acc.lost += 1;
                }
                (Truth::At(want), Some(got)) => {
                    acc.claims += 1;
                    if want == got {
                        acc.correct += 1;
                    } else if want.overlaps(got) {
                        acc.near += 1;
                    } else {
                        acc.wrong += 1;
                    }
                }
            }
        }
    }
    acc.fraction_correct = if acc.claims == 0 { 1.0 } else { acc.correct as f64 / acc.claims as f64 };
    acc
}

/// Paragraph blocks of a text whose paragraphs are separated by blank lines (trimmed).
#[must_use]
pub fn paragraph_blocks(text: &str) -> Vec<crate::document::Block> {
    paragraphs(text)
        .into_iter()
        .map(|p| p.trim(text))
        .filter(|p| !p.is_empty())
        .map(|p| crate::document::Block::new(p, BlockKind::Paragraph))
        .collect()
}

/// Arguments of `claimlens bench anchor`.
#[derive(Clone, Debug)]
pub struct BenchArgs {
    /// Claims on the large article.
    pub claims: usize,
    /// Its size.
    pub size_bytes: usize,
    /// Documents for the accuracy trial.
    pub docs: usize,
    /// Edits per document.
    pub edits: usize,
    /// Seed.
    pub seed: u64,
}

/// Run the benchmark, one JSON object per line.
///
/// # Errors
/// If writing fails.
pub fn bench_anchor(args: &BenchArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut rng = Rng::new(args.seed);
    let old = article(&mut rng, args.size_bytes);
    let spans = claim_spans(&mut rng, &old, args.claims);
    let t0 = jiff::Timestamp::UNIX_EPOCH;
    let mut project = Project::new(Document::from_blocks([(BlockKind::Paragraph, "x")]), SourceInfo::default());
    project.document = Document { text: old.clone(), blocks: paragraph_blocks(&old), meta: Default::default() };
    for (k, s) in spans.iter().enumerate() {
        project.claims.push(Claim::new(ClaimId(k as u128 + 1), &old, *s, t0));
    }
    let mut new = old.clone();
    let mut truths: Vec<Truth> = spans.iter().map(|s| Truth::At(*s)).collect();
    // A paragraph inserted near the start (every later claim moves), one deleted in the
    // middle, a typo inside a claim, a reworded word inside another.
    let p = paragraphs(&new);
    let insert_at = p[p.len().min(3) - 1].start;
    let para = paragraph(&mut rng);
    splice(&mut new, ByteSpan::empty(insert_at), &format!("{para}\n\n"), &mut truths);
    let p = paragraphs(&new);
    let mid = p.len() / 2;
    splice(&mut new, ByteSpan::new(p[mid].start, p[mid + 1].start), "", &mut truths);
    for k in [spans.len() / 3, 2 * spans.len() / 3] {
        if let Some(Truth::At(s)) = truths.get(k).copied() {
            let first = new[s].chars().next().map_or(1, char::len_utf8);
            splice(&mut new, ByteSpan::new(s.start, s.start + first), "Q", &mut truths);
        }
    }
    let new_doc = Document { text: new.clone(), blocks: paragraph_blocks(&new), meta: Default::default() };
    let source = SourceInfo { sha256: "new".into(), ..SourceInfo::default() };
    // One warm-up run (page faults), then the timed ones.
    let _ = update_article(&project, new_doc.clone(), source.clone(), t0);
    let runs = 3;
    let t = Instant::now();
    let mut report = None;
    for _ in 0..runs {
        report = Some(update_article(&project, new_doc.clone(), source.clone(), t0).1);
    }
    let secs = t.elapsed().as_secs_f64() / f64::from(runs);
    let report = report.expect("at least one run");
    let (edit, _) = update_article(&project, new_doc, source, t0);
    let mut after = project.clone();
    edit.apply(&mut after)?;
    let correct = truths
        .iter()
        .enumerate()
        .filter(|(k, t)| match t {
            Truth::At(s) => after.claim(ClaimId(*k as u128 + 1)).is_some_and(|c| c.span == *s),
            Truth::Gone => after.claim(ClaimId(*k as u128 + 1)).is_none(),
            Truth::Ambiguous => true,
        })
        .count();
    serde_json::to_writer(
        &mut *out,
        &json!({
            "case": "reanchor",
            "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
            "article_bytes": old.len(),
            "claims": spans.len(),
            "ms": secs * 1e3,
            "kept": report.kept,
            "moved": report.moved,
            "fuzzy": report.fuzzy,
            "orphaned": report.orphaned,
            "correct": correct,
        }),
    )?;
    writeln!(out)?;
    let t = Instant::now();
    let acc = random_edit_trial(args.docs, args.edits, args.seed);
    let mut v = serde_json::to_value(&acc)?;
    v["case"] = json!("random_edits");
    v["seed"] = json!(args.seed);
    v["secs"] = json!(t.elapsed().as_secs_f64());
    serde_json::to_writer(&mut *out, &v)?;
    writeln!(out)?;
    Ok(())
}
