//! Transcript-context re-ranking of check-worthiness scores.
//!
//! The sentence model ([`super::ClaimScorer`]) sees one sentence at a time. When the input
//! carries transcript context — a document id and a speaker, as the `claims --jsonl` /
//! `eval-claims` sentence records of debates and interviews do, or a text whose lines start
//! with speaker labels ("TRUMP: …", found by [`transcript_context`]) — a few fixed,
//! documented rules adjust each line's score in logit space ([`rerank`]). The rules use no
//! names of particular speakers or documents: they encode what a check-worthy claim in a
//! transcript is (a factual statement by a participant, not a stage direction, a moderator's
//! question or a one-word interjection; a talking point the speaker repeats). Lines without
//! context (news prose in the app, ClaimBuster sentences) keep their model score unchanged.
//!
//! Rules (each adds a fixed amount to the logit of the model score):
//!
//! 1. **Stage directions** — speaker `SYSTEM`, or a text wholly inside brackets or
//!    parentheses such as `(APPLAUSE)` or `[crosstalk]`: [`STAGE_PENALTY`]. Needs only the
//!    text, but is applied only to lines with context (records with a `doc`, or a
//!    transcript), never to prose.
//! 2. **Moderator / interviewer role** — a speaker of the document with at least
//!    [`ROLE_MIN_LINES`] lines who either asks (at least [`ROLE_MIN_QUESTION_SHARE`] of the
//!    lines end with `?`, and at least [`ROLE_QUESTION_RATIO`] times the question share of all
//!    other speakers' lines) or addresses the other participants by name (at least
//!    [`ROLE_MIN_ADDRESS_SHARE`] of the lines name another speaker of the document, as in
//!    "Senator Cruz, your response?"): [`ROLE_PENALTY`]. Moderators ask and hand over;
//!    candidates answer with claims. Panel guests who talk *about* the candidates are caught
//!    by the same test.
//! 3. **Questions** — a line ending with `?`: [`QUESTION_PENALTY`] (a question asserts
//!    nothing to check).
//! 4. **Very short lines** — fewer than [`SHORT_WORDS`] words: [`SHORT_PENALTY`].
//! 5. **Repeated talking points** — a line whose content words (at least
//!    [`REPEAT_MIN_WORDS`] of them, function words left out) overlap another, non-adjacent
//!    line of the same speaker with a Jaccard index of at least [`REPEAT_MIN_JACCARD`]:
//!    [`REPEAT_BONUS`]. A claim a speaker makes again and again is a talking point, and
//!    talking points are what fact-checkers pick.
//!
//! Rules 1–4 were written before looking at scores; rules 2 (the addressing test) and 5
//! and the sizes of [`ROLE_PENALTY`] and [`REPEAT_BONUS`] were chosen on the CheckThat! dev
//! transcripts and kept only because they improved both halves (odd and even transcripts)
//! separately. They are a handful of constants, not a model trained on that data.
//!
//! Tried and **not** adopted (measured on the CheckThat! dev transcripts, 2026-11-27): smoothing
//! a line's logit towards its same-speaker neighbours (±2 lines, weight 0.3–0.5: MAP 0.115 →
//! 0.109–0.112), a length prior (log word count), a per-speaker mean-score prior, a bonus for
//! lines the next speaker contradicts ("that's not true"), for lines followed by applause, for
//! lines naming another participant, for superlatives, for "we have …" statements and for the
//! first line of a turn, and a penalty for minor speakers; each moved MAP by less than 0.005,
//! or not on both halves, so none is applied.
//!
//! The output is a probability again (the logistic of the adjusted logit), deterministic
//! for a given input order; ranks inside a document are what the CheckThat! MAP measures.

use std::collections::{BTreeMap, HashMap};

use crate::document::ByteSpan;
pub use crate::nlp::lexicon::{
    SpeakerTurn, TRANSCRIPT_MIN_LINES, TRANSCRIPT_MIN_SHARE, speaker_entity, speaker_label, speaker_turns,
};
use crate::nlp::lexicon::{labelled_lines, name_words, words};

/// Logit added to stage directions (`SYSTEM`, `(APPLAUSE)`).
pub const STAGE_PENALTY: f32 = -6.0;
/// Logit added to lines of a speaker detected as moderator/interviewer.
pub const ROLE_PENALTY: f32 = -3.0;
/// A speaker needs this many lines in the document to be judged a moderator.
pub const ROLE_MIN_LINES: usize = 5;
/// …at least this share of them ending with `?`…
pub const ROLE_MIN_QUESTION_SHARE: f32 = 0.12;
/// …and at least this many times the question share of the other speakers' lines.
pub const ROLE_QUESTION_RATIO: f32 = 2.0;
/// …or at least this share of them naming another speaker of the document.
pub const ROLE_MIN_ADDRESS_SHARE: f32 = 0.2;
/// Logit added to a line ending with `?`.
pub const QUESTION_PENALTY: f32 = -1.5;
/// Lines with fewer words than this are very short.
pub const SHORT_WORDS: usize = 5;
/// Logit added to very short lines.
pub const SHORT_PENALTY: f32 = -1.5;

/// A repeated line needs at least this many content words…
pub const REPEAT_MIN_WORDS: usize = 4;
/// …and this Jaccard overlap with another line of the same speaker.
pub const REPEAT_MIN_JACCARD: f32 = 0.5;
/// Logit added to a repeated talking point.
pub const REPEAT_BONUS: f32 = 2.0;

/// Words left out when comparing lines for repetition (rule 5).
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "but", "for", "with", "from", "this", "that", "these", "those", "you", "she", "they", "him", "her",
    "them", "his", "our", "their", "your", "its", "not", "then", "than", "there", "here", "what", "which", "who",
    "whom", "whose", "when", "where", "why", "how", "all", "any", "some", "very", "just", "also", "does", "did",
    "have", "has", "had", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "about", "into",
    "over", "under", "out", "more", "most", "much", "many", "such", "only", "own", "same", "too", "don't", "now",
    "well", "going", "know", "think", "people", "get", "say", "said", "like", "want", "one", "are", "was", "were",
    "been", "being", "it's", "i'm", "we're", "that's", "we've", "they're", "he's", "she's",
];

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

/// If `text` is a transcript — at least [`TRANSCRIPT_MIN_SHARE`] of its non-empty lines (and
/// at least [`TRANSCRIPT_MIN_LINES`]) start with a [`speaker_label`] — the context of each
/// sentence span for [`rerank`]: document `doc`, the speaker of the line the sentence starts
/// in (carried over unlabelled lines), and the sentence text without the label (always a
/// suffix of the sentence). `None` for prose.
#[must_use]
pub fn transcript_context<'a>(text: &'a str, doc: &'a str, sentences: &[ByteSpan]) -> Option<Vec<LineContext<'a>>> {
    let lines = labelled_lines(text)?;
    let mut current: Vec<Option<&str>> = Vec::with_capacity(lines.len());
    let mut speaker = None;
    for l in &lines {
        speaker = l.1.or(speaker);
        current.push(speaker);
    }
    Some(
        sentences
            .iter()
            .map(|s| {
                let k = lines.partition_point(|l| l.0 <= s.start).saturating_sub(1);
                let (line_start, label, body) = lines.get(k).copied().unwrap_or((0, None, 0));
                let start =
                    if label.is_some() && (line_start..body).contains(&s.start) { body.min(s.end) } else { s.start };
                LineContext {
                    text: text.get(start..s.end).unwrap_or(""),
                    doc: Some(doc),
                    speaker: current.get(k).copied().flatten(),
                }
            })
            .collect(),
    )
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
    #[derive(Default)]
    struct Count {
        lines: usize,
        questions: usize,
        addressing: usize,
    }
    let speaking = |l: &LineContext<'a>| {
        l.speaker.map(str::trim).filter(|s| !s.is_empty() && !is_system(Some(s)) && !is_stage_direction(l.text))
    };
    let mut names: Vec<(&str, Vec<String>)> = Vec::new();
    for &i in idx {
        if let Some(s) = speaking(&lines[i])
            && !names.iter().any(|(n, _)| *n == s)
        {
            names.push((s, name_words(s)));
        }
    }
    let mut per: HashMap<&str, Count> = HashMap::new();
    let (mut total, mut total_q) = (0usize, 0usize);
    for &i in idx {
        let l = &lines[i];
        let Some(s) = speaking(l) else { continue };
        let q = usize::from(is_question(l.text));
        let said: Vec<String> = words(l.text).collect();
        let addresses = names.iter().any(|(other, ws)| *other != s && ws.iter().any(|w| said.iter().any(|x| x == w)));
        let e = per.entry(s).or_default();
        e.lines += 1;
        e.questions += q;
        e.addressing += usize::from(addresses);
        total += 1;
        total_q += q;
    }
    let mut out: Vec<&str> = per
        .iter()
        .filter(|&(_, c)| {
            if c.lines < ROLE_MIN_LINES || c.lines == total {
                return false;
            }
            let share = c.questions as f32 / c.lines as f32;
            let others = (total_q - c.questions) as f32 / (total - c.lines) as f32;
            let asks = share >= ROLE_MIN_QUESTION_SHARE && share >= ROLE_QUESTION_RATIO * others;
            asks || c.addressing as f32 / c.lines as f32 >= ROLE_MIN_ADDRESS_SHARE
        })
        .map(|(s, _)| *s)
        .collect();
    out.sort_unstable();
    out
}

/// Which lines of one document repeat another, non-adjacent line of the same speaker (rule 5);
/// `idx` is the document's lines in input order.
///
/// A set-similarity join with prefix filtering: each line's content words are sorted rarest
/// first, and two lines can reach the Jaccard bound only if they share a word among the first
/// `len − ⌈t·len⌉ + 1` of either, so only lines sharing such a (mostly rare) word are compared.
/// Near-linear on real transcripts instead of quadratic in the number of lines.
fn repeated(lines: &[LineContext<'_>], idx: &[usize]) -> Vec<bool> {
    // Content words as ids, per line, de-duplicated.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut content: Vec<Vec<u32>> = idx
        .iter()
        .map(|&i| {
            let mut ws: Vec<u32> = words(lines[i].text)
                .filter(|w| w.chars().count() > 2 && !FUNCTION_WORDS.contains(&w.as_str()))
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect();
            ws.sort_unstable();
            ws.dedup();
            ws
        })
        .collect();
    let mut df = vec![0u32; ids.len()];
    for ws in &content {
        for &w in ws {
            df[w as usize] += 1;
        }
    }
    // Rarest first (ties by id), the order the prefix filter needs.
    let rank = |w: &u32| (df[*w as usize], *w);
    for ws in &mut content {
        ws.sort_unstable_by_key(rank);
    }
    let prefix = |n: usize| n - (REPEAT_MIN_JACCARD * n as f32).ceil() as usize + 1;
    let mut out = vec![false; idx.len()];
    // (speaker, word) → earlier lines with that word in their prefix.
    let mut index: HashMap<(&str, u32), Vec<usize>> = HashMap::new();
    let mut seen: Vec<usize> = vec![usize::MAX; idx.len()];
    for (a, &i) in idx.iter().enumerate() {
        let Some(s) = lines[i].speaker.map(str::trim).filter(|s| !s.is_empty()) else { continue };
        if content[a].len() < REPEAT_MIN_WORDS {
            continue;
        }
        for &w in &content[a][..prefix(content[a].len())] {
            let earlier = index.entry((s, w)).or_default();
            for &b in earlier.iter() {
                if seen[b] == a || a - b <= 1 {
                    continue;
                }
                seen[b] = a;
                let shared = shared_count(&content[a], &content[b], &rank);
                let union = content[a].len() + content[b].len() - shared;
                if shared as f32 >= REPEAT_MIN_JACCARD * union as f32 {
                    out[a] = true;
                    out[b] = true;
                }
            }
            earlier.push(a);
        }
    }
    out
}

/// Number of elements two slices share, both sorted by `key` without duplicates.
fn shared_count<K: Ord>(a: &[u32], b: &[u32], key: &impl Fn(&u32) -> K) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match key(&a[i]).cmp(&key(&b[j])) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Adjust model `scores` (0–1, one per line) with the transcript rules of this module.
/// Lines without a `doc` are returned unchanged; the others are grouped by `doc` (in input
/// order, which for a transcript is line order).
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
        let repeats = repeated(lines, idx);
        for (&i, repeat) in idx.iter().zip(repeats) {
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
            if repeat {
                z += REPEAT_BONUS;
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

    #[test]
    fn claims_rerank_moderator_found_by_addressing_participants() {
        // The host asks no questions (no `?`) but hands over by name.
        let mut lines = Vec::new();
        for k in 0..6 {
            lines.push(line("d", 3 * k, "BLITZER", "Senator Cruz, the deficit this year is 544 billion dollars."));
            lines.push(line("d", 3 * k + 1, "SEN. TED CRUZ", "Washington spent 544 billion dollars it did not have."));
            lines.push(line("d", 3 * k + 2, "KASICH", "Ohio balanced its budget four years in a row."));
        }
        let r = rerank(&lines, &vec![0.6; lines.len()]);
        assert!(r[0] < r[2], "the host is demoted, the candidates are not: {r:?}");
        assert!((r[1] - r[2]).abs() < 1e-6 || r[1] > r[2], "{r:?}");
        // Names come from the labels without titles; role labels name nobody.
        assert_eq!(name_words("SEN. TED CRUZ"), vec!["ted", "cruz"]);
        assert!(name_words("UNIDENTIFIED MALE").is_empty() && name_words("QUESTION").is_empty());
    }

    #[test]
    fn claims_rerank_rewards_repeated_talking_points_only() {
        let mut lines = vec![
            line("d", 1, "A", "We have a trade deficit with China of 500 billion dollars a year."),
            line("d", 2, "A", "Unemployment is low in our state."),
            line("d", 3, "B", "We have a trade deficit with China of 500 billion dollars a year."),
            line("d", 4, "A", "The trade deficit with China is 500 billion dollars every year."),
        ];
        let r = rerank(&lines, &[0.5; 4]);
        assert!(r[0] > 0.5 && r[3] > 0.5, "A repeats itself: {r:?}");
        assert!((r[1] - 0.5).abs() < 1e-6, "{r:?}");
        assert!((r[2] - 0.5).abs() < 1e-6, "B said it once (another speaker's line does not count): {r:?}");
        // Adjacent lines are one statement continued, not a repetition.
        lines.remove(1);
        lines.remove(1);
        let r = rerank(&lines, &[0.5; 2]);
        assert_eq!(r, vec![0.5, 0.5]);
    }

    #[test]
    fn claims_transcript_context_detects_labels_and_strips_them() {
        assert_eq!(speaker_label("TRUMP: We will win."), Some(("TRUMP", 7)));
        assert_eq!(speaker_label("SEN. BERNIE SANDERS: Thank you."), Some(("SEN. BERNIE SANDERS", 21)));
        assert_eq!(speaker_label("Zoë O’Brien: Yes."), Some(("Zoë O’Brien", 16)));
        assert_eq!(speaker_label("The figure: 12% of voters."), None, "lower-case word");
        assert_eq!(speaker_label("NOTE:"), None, "nothing after the colon");
        assert_eq!(speaker_label("In 2019: growth."), None, "digits");

        let text = "HOLT: Good evening.\nTRUMP: We lost 60,000 factories. China did it.\n(APPLAUSE)\nHOLT: Thank you.\nCLINTON: That is wrong.\nTRUMP: It is true.\n";
        let spans = crate::nlp::sentences::sentences(text);
        let ctx = transcript_context(text, "doc", &spans).expect("a transcript");
        let got: Vec<(&str, Option<&str>)> = ctx.iter().map(|c| (c.text.trim(), c.speaker)).collect();
        assert_eq!(got[0], ("Good evening.", Some("HOLT")));
        assert_eq!(got[1], ("We lost 60,000 factories.", Some("TRUMP")));
        assert_eq!(got[2], ("China did it.", Some("TRUMP")), "a second sentence keeps the line's speaker");
        assert_eq!(got[3], ("(APPLAUSE)", Some("TRUMP")), "an unlabelled line carries the speaker over");
        assert!(ctx.iter().all(|c| c.doc == Some("doc")));

        let prose = "Defense spending rose 12%.\nOfficials said: it will rise again.\nThe Pentagon disagreed.\n";
        assert!(transcript_context(prose, "doc", &crate::nlp::sentences::sentences(prose)).is_none());
    }

    #[test]
    fn claims_speaker_turns_and_their_entities() {
        use crate::nlp::EntityRecognizer as _;
        let text = "Town hall\n\nDonald Trump: We have a trade deficit of 800 billion dollars.\nIt is a disaster.\nJANE ROE: Thank you.\nDonald Trump: We lost 60,000 factories.\nJANE ROE: Governor Kasich disagrees.\nTRUMP: He is wrong.\n";
        let turns = speaker_turns(text);
        let got: Vec<(&str, &str)> = turns.iter().map(|t| (t.speaker.as_str(), &text[t.span])).collect();
        assert_eq!(
            got,
            vec![
                ("Donald Trump", "We have a trade deficit of 800 billion dollars.\nIt is a disaster."),
                ("JANE ROE", "Thank you."),
                ("Donald Trump", "We lost 60,000 factories."),
                ("JANE ROE", "Governor Kasich disagrees."),
                ("TRUMP", "He is wrong."),
            ]
        );
        assert!(speaker_turns("Plain prose.\nNote: one label is not a transcript.\n").is_empty());
        let entities = crate::nlp::ner::NerRecognizer::shared().recognize(text);
        let canonical = crate::nlp::canonical::canonical_entities(text, &entities);
        assert_eq!(speaker_entity("TRUMP", &canonical).map(|c| c.name.as_str()), Some("Donald Trump"));
        assert_eq!(speaker_entity("MR. SMITH", &canonical).map(|c| c.name.as_str()), None);
        assert_eq!(speaker_entity("QUESTION", &canonical), None);
    }
}
