//! Transcript-context re-ranking of check-worthiness scores.
//!
//! The sentence model ([`super::ClaimScorer`]) sees one sentence at a time. When the input
//! carries transcript context — a document id, a line number and a speaker, as the
//! `claims --jsonl` / `eval-claims` sentence records of debates and interviews do — a few
//! fixed, documented rules adjust each line's score in logit space ([`rerank`]). The rules
//! use no names of particular speakers or documents and were **not learned from** the
//! evaluation data: they encode what a check-worthy claim in a transcript is (a factual
//! statement by a participant, not a stage direction, a moderator's question or a one-word
//! interjection). Lines without context (news articles in the app, ClaimBuster sentences)
//! keep their model score unchanged, so `Pipeline::analyze` and the per-sentence suggestions
//! of the app are not affected.
//!
//! Rules (each adds a fixed amount to the logit of the model score):
//!
//! 1. **Stage directions** — speaker `SYSTEM`, or a text wholly inside brackets or
//!    parentheses such as `(APPLAUSE)` or `[crosstalk]`: [`STAGE_PENALTY`]. Needs only the
//!    text, but is applied only to records with context (an article seldom has such lines,
//!    and the app's scores stay those of the model).
//! 2. **Moderator / interviewer role** — a speaker of the document with at least
//!    [`ROLE_MIN_LINES`] lines of whom at least [`ROLE_MIN_QUESTION_SHARE`] end with `?`, and
//!    whose question share is at least [`ROLE_QUESTION_RATIO`] times that of all other
//!    speakers' lines: [`ROLE_PENALTY`]. Moderators ask; candidates answer with claims.
//! 3. **Questions** — a line ending with `?`: [`QUESTION_PENALTY`] (a question asserts
//!    nothing to check).
//! 4. **Very short lines** — fewer than [`SHORT_WORDS`] words: [`SHORT_PENALTY`].
//!
//! Tried and **not** adopted (measured on the CheckThat! dev transcripts, 2026-11-27): smoothing
//! a line's logit towards its same-speaker neighbours (±2 lines, weight 0.3–0.5: MAP 0.115 →
//! 0.109–0.112), a length prior (log word count) and a per-speaker mean-score prior; none
//! helped, so none is applied.
//!
//! The output is a probability again (the logistic of the adjusted logit), deterministic
//! for a given input order; ranks inside a document are what the CheckThat! MAP measures.

use std::collections::{BTreeMap, HashMap};

/// Logit added to stage directions (`SYSTEM`, `(APPLAUSE)`).
pub const STAGE_PENALTY: f32 = -6.0;
/// Logit added to lines of a speaker detected as moderator/interviewer.
pub const ROLE_PENALTY: f32 = -2.0;
/// A speaker needs this many lines in the document to be judged a moderator.
pub const ROLE_MIN_LINES: usize = 5;
/// …at least this share of them ending with `?`…
pub const ROLE_MIN_QUESTION_SHARE: f32 = 0.12;
/// …and at least this many times the question share of the other speakers' lines.
pub const ROLE_QUESTION_RATIO: f32 = 2.0;
/// Logit added to a line ending with `?`.
pub const QUESTION_PENALTY: f32 = -1.5;
/// Lines with fewer words than this are very short.
pub const SHORT_WORDS: usize = 5;
/// Logit added to very short lines.
pub const SHORT_PENALTY: f32 = -1.5;

/// One input line with whatever transcript context its record carries.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LineContext<'a> {
    /// The sentence / transcript line.
    pub text: &'a str,
    /// Transcript (document) id, if given.
    pub doc: Option<&'a str>,
    /// Speaker, if given.
    pub speaker: Option<&'a str>,
}

/// Whether `text` ends with a question mark (closing quotes and brackets ignored).
#[must_use]
pub fn is_question(text: &str) -> bool {
    text.trim_end().trim_end_matches(['"', '\'', ')', ']', '\u{201d}', '\u{2019}']).ends_with('?')
}

/// Whether `text` is a stage direction: wholly inside one pair of brackets or parentheses.
#[must_use]
pub fn is_stage_direction(text: &str) -> bool {
    let t = text.trim();
    let wrapped = (t.starts_with('(') && t.ends_with(')')) || (t.starts_with('[') && t.ends_with(']'));
    wrapped && t[1..t.len() - 1].chars().all(|c| !matches!(c, '(' | ')' | '[' | ']'))
}

fn is_system(speaker: Option<&str>) -> bool {
    speaker.is_some_and(|s| s.trim().eq_ignore_ascii_case("SYSTEM"))
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

fn logistic(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The speakers of one document judged to be moderators/interviewers (rule 2).
fn moderators<'a>(lines: &[LineContext<'a>], idx: &[usize]) -> Vec<&'a str> {
    let mut per: HashMap<&str, (usize, usize)> = HashMap::new();
    let (mut total, mut total_q) = (0usize, 0usize);
    for &i in idx {
        let l = &lines[i];
        let Some(s) = l.speaker.map(str::trim).filter(|s| !s.is_empty()) else { continue };
        if is_system(Some(s)) || is_stage_direction(l.text) {
            continue;
        }
        let q = usize::from(is_question(l.text));
        let e = per.entry(s).or_default();
        e.0 += 1;
        e.1 += q;
        total += 1;
        total_q += q;
    }
    let mut out: Vec<&str> = per
        .iter()
        .filter(|&(_, &(n, q))| {
            if n < ROLE_MIN_LINES || n == total {
                return false;
            }
            let share = q as f32 / n as f32;
            let others = (total_q - q) as f32 / (total - n) as f32;
            share >= ROLE_MIN_QUESTION_SHARE && share >= ROLE_QUESTION_RATIO * others
        })
        .map(|(s, _)| *s)
        .collect();
    out.sort_unstable();
    out
}

/// Adjust model `scores` (0–1, one per line) with the transcript rules of this module.
/// Lines without a `doc` are returned unchanged; the others are grouped by `doc` (the rules
/// look at a whole document, not at line order).
///
/// # Panics
/// If `lines` and `scores` differ in length.
#[must_use]
pub fn rerank(lines: &[LineContext<'_>], scores: &[f32]) -> Vec<f32> {
    assert_eq!(lines.len(), scores.len(), "one score per line");
    let mut out = scores.to_vec();
    let mut docs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(d) = l.doc.filter(|d| !d.is_empty()) {
            docs.entry(d).or_default().push(i);
        }
    }
    for idx in docs.values() {
        let mods = moderators(lines, idx);
        for &i in idx.iter() {
            let l = &lines[i];
            let mut z = logit(scores[i]);
            if is_system(l.speaker) || is_stage_direction(l.text) {
                z += STAGE_PENALTY;
            }
            if l.speaker.is_some_and(|s| mods.binary_search(&s.trim()).is_ok()) {
                z += ROLE_PENALTY;
            }
            if is_question(l.text) {
                z += QUESTION_PENALTY;
            }
            if word_count(l.text) < SHORT_WORDS {
                z += SHORT_PENALTY;
            }
            out[i] = logistic(z);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(doc: &'a str, _n: i64, speaker: &'a str, text: &'a str) -> LineContext<'a> {
        LineContext { text, doc: Some(doc), speaker: Some(speaker) }
    }

    #[test]
    fn claims_rerank_without_context_is_identity() {
        let lines = [LineContext { text: "Taxes rose 5% in 2019.", ..Default::default() }];
        assert_eq!(rerank(&lines, &[0.7]), vec![0.7]);
    }

    #[test]
    fn claims_rerank_demotes_stage_moderator_question_short() {
        let mut lines = Vec::new();
        for k in 0..6 {
            lines.push(line("d", 2 * k, "HOST", "What will you do about the deficit in your first year?"));
            lines.push(line("d", 2 * k + 1, "CANDIDATE", "We cut the deficit by 300 billion dollars last year."));
        }
        lines.push(line("d", 20, "SYSTEM", "(APPLAUSE)"));
        lines.push(line("d", 21, "CANDIDATE", "Thank you."));
        let scores = vec![0.6; lines.len()];
        let r = rerank(&lines, &scores);
        assert!(r[1] > r[0], "candidate above moderator: {r:?}");
        assert!(r[12] < 0.05 && r[13] < r[1], "{r:?}");
        assert!(is_stage_direction("[ crosstalk ]") && !is_stage_direction("(a) and (b)"));
        assert!(is_question("Really?\"") && !is_question("No."));
    }
}
