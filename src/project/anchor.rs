//! Re-anchoring: moving annotations from one version of an article's text to the next.
//!
//! Pure functions, no IO. Every annotation (a claim, or an entity correction of one mention)
//! is a [`ByteSpan`] into the old text, so its quote and its context (up to
//! [`CONTEXT_CHARS`] characters before and after) can be read there. On the new text it is
//! placed by the first rule that works:
//!
//! 1. **kept**: the quote is still at the old position, and either the word diff says that
//!    position did not move or the quote's context matches there too;
//! 2. **moved**: an exact occurrence of the quote elsewhere. With several, the one whose
//!    context matches best wins, ties going to the one nearest where the word diff maps the
//!    old position. A short quote (under 40 characters) is only taken where its context
//!    agrees at least a little, or right at the mapped position, so that "NATO" whose sentence
//!    was deleted does not jump to another "NATO";
//! 3. **fuzzy**: the substring of the new text with the smallest edit distance to the quote
//!    (Sellers' approximate matching: Levenshtein distance with a free start and end; a
//!    whitespace character matching another whitespace character costs nothing, so re-flowed
//!    lines match exactly), searched first in a window around the mapped position and then,
//!    for quotes of 16 characters or more, in the whole text. The distance is bounded by
//!    [`max_distance`] (about 30 % of the quote), candidates are ranked by distance plus
//!    context disagreement, and quotes under 20 characters need their context to agree;
//! 4. otherwise **orphaned**: kept in [`Project::orphans`] with its quote and context, never
//!    deleted.
//!
//! The alignment behind "where the old position went" is a word-level diff of the two texts
//! ([`similar`], Myers); [`Alignment::changes`] gives the same diff to the UI as changed
//! regions.
//!
//! [`update_article`] does all of this for a project and returns one undoable
//! [`Edit::ReplaceArticle`]; [`reattach_orphan`] and [`Edit::RemoveOrphan`] handle orphans
//! afterwards.

use serde::{Deserialize, Serialize};

use super::{
    ArticleState, ArticleVersion, Claim, CorrectionTarget, Edit, EditError, Orphan, OrphanAnnotation, Project,
    SourceInfo,
};
use crate::document::{ByteSpan, Document, words};
use crate::nlp::Entity;

/// Characters of context kept before and after a quote.
pub const CONTEXT_CHARS: usize = 32;

/// A quote with the text around it, as the W3C `TextQuoteSelector` has it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    /// The quoted text.
    pub exact: String,
    /// Up to [`CONTEXT_CHARS`] characters before it.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after it.
    pub suffix: String,
}

impl TextQuote {
    /// The quote of `span` in `text`, with its context.
    ///
    /// # Panics
    /// If `span` is not a valid span of `text`.
    ///
    /// # Example
    /// ```
    /// use claimlens::document::ByteSpan;
    /// use claimlens::project::anchor::TextQuote;
    /// let q = TextQuote::from_span("Zürich said yes.", ByteSpan::new(8, 12));
    /// assert_eq!((q.prefix.as_str(), q.exact.as_str(), q.suffix.as_str()), ("Zürich ", "said", " yes."));
    /// ```
    #[must_use]
    pub fn from_span(text: &str, span: ByteSpan) -> Self {
        Self {
            exact: text[span].to_owned(),
            prefix: context_before(text, span.start).to_owned(),
            suffix: context_after(text, span.end).to_owned(),
        }
    }
}

fn context_before(text: &str, at: usize) -> &str {
    let start = text[..at].char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
    &text[start..at]
}

fn context_after(text: &str, at: usize) -> &str {
    let end = text[at..].char_indices().nth(CONTEXT_CHARS).map_or(text.len(), |(i, _)| at + i);
    &text[at..end]
}

/// Where an annotation went on the new text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "placement", rename_all = "snake_case")]
pub enum Placement {
    /// Same span, same text.
    Kept(ByteSpan),
    /// The same text somewhere else.
    Moved(ByteSpan),
    /// Similar text (edit distance `distance` in characters).
    Fuzzy {
        /// The new span.
        span: ByteSpan,
        /// Levenshtein distance between the old quote and the new text (whitespace against
        /// whitespace counts as equal).
        distance: usize,
    },
    /// Not found.
    Orphaned,
}

impl Placement {
    /// The new span, unless orphaned.
    #[must_use]
    pub fn span(self) -> Option<ByteSpan> {
        match self {
            Self::Kept(s) | Self::Moved(s) | Self::Fuzzy { span: s, .. } => Some(s),
            Self::Orphaned => None,
        }
    }
}

/// What kind of change a region is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    /// Text that is only in the new version.
    Inserted,
    /// Text that is only in the old version.
    Deleted,
    /// Old text replaced by new text.
    Replaced,
}

/// One changed region between two texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The region in the old text (empty for an insertion).
    pub old: ByteSpan,
    /// The region in the new text (empty for a deletion).
    pub new: ByteSpan,
}

/// A change as kept in [`ArticleVersion::changes`]: the span in that version's text and the
/// previous version's text it replaced, so the UI can show the difference without the old
/// text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedChange {
    /// Where in this version's text (empty for a deletion).
    pub new: ByteSpan,
    /// The previous version's text that was there (empty for an insertion).
    #[serde(default)]
    pub removed: String,
}

impl RecordedChange {
    /// Inserted, deleted or replaced.
    #[must_use]
    pub fn kind(&self) -> ChangeKind {
        match (self.new.is_empty(), self.removed.is_empty()) {
            (false, true) => ChangeKind::Inserted,
            (true, false) => ChangeKind::Deleted,
            _ => ChangeKind::Replaced,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OpKind {
    Equal,
    Changed,
}

#[derive(Clone, Copy, Debug)]
struct Op {
    kind: OpKind,
    old: ByteSpan,
    new: ByteSpan,
}

/// Diff tokens: runs of letters/digits, runs of whitespace, and single other characters.
fn diff_tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if let Some(p) = prev
            && (p != k || k == Class::Other)
        {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A word-level alignment of an old text with a new one: maps positions and lists changes.
///
/// # Example
/// ```
/// use claimlens::document::ByteSpan;
/// use claimlens::project::anchor::{Alignment, ChangeKind, Placement};
/// let old = "NATO asked for 5% of GDP. Spain said no.";
/// let new = "On Monday, NATO asked for 5% of GDP. Spain said no.";
/// let al = Alignment::new(old, new);
/// assert_eq!(al.changes()[0].kind, ChangeKind::Inserted);
/// let claim = ByteSpan::new(0, 24); // "NATO asked for 5% of GDP"
/// assert_eq!(al.place(claim), Placement::Moved(ByteSpan::new(11, 35)));
/// ```
#[derive(Clone, Debug)]
pub struct Alignment<'a> {
    old: &'a str,
    new: &'a str,
    ops: Vec<Op>,
}

impl<'a> Alignment<'a> {
    /// Align `old` with `new` (a word diff; linear-ish in the text length for typical edits).
    #[must_use]
    pub fn new(old: &'a str, new: &'a str) -> Self {
        let a = diff_tokens(old);
        let b = diff_tokens(new);
        let mut a_off = Vec::with_capacity(a.len() + 1);
        let mut acc = 0;
        for t in &a {
            a_off.push(acc);
            acc += t.len();
        }
        a_off.push(acc);
        let mut b_off = Vec::with_capacity(b.len() + 1);
        acc = 0;
        for t in &b {
            b_off.push(acc);
            acc += t.len();
        }
        b_off.push(acc);
        let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b);
        let mut ops: Vec<Op> = Vec::with_capacity(diff.len());
        for op in diff {
            let (tag, o, n) = op.as_tag_tuple();
            let kind = if tag == similar::DiffTag::Equal { OpKind::Equal } else { OpKind::Changed };
            let old_span = ByteSpan::new(a_off[o.start], a_off[o.end]);
            let new_span = ByteSpan::new(b_off[n.start], b_off[n.end]);
            match ops.last_mut() {
                Some(last) if last.kind == kind => {
                    last.old = last.old.cover(old_span);
                    last.new = last.new.cover(new_span);
                }
                _ => ops.push(Op { kind, old: old_span, new: new_span }),
            }
        }
        Self { old, new, ops }
    }

    /// The changed regions, in text order. Adjacent token changes are merged, so "5% of GDP"
    /// → "6% of GNP" gives two regions ("5"→"6", "GDP"→"GNP") and a rewritten sentence one.
    #[must_use]
    pub fn changes(&self) -> Vec<Change> {
        self.ops
            .iter()
            .filter(|op| op.kind == OpKind::Changed)
            .map(|op| Change {
                kind: match (op.old.is_empty(), op.new.is_empty()) {
                    (true, _) => ChangeKind::Inserted,
                    (_, true) => ChangeKind::Deleted,
                    _ => ChangeKind::Replaced,
                },
                old: op.old,
                new: op.new,
            })
            .collect()
    }

    /// Characters (code points) only in the new text and only in the old text.
    #[must_use]
    pub fn chars_added_removed(&self) -> (usize, usize) {
        let mut added = 0;
        let mut removed = 0;
        for op in self.ops.iter().filter(|op| op.kind == OpKind::Changed) {
            added += self.new[op.new].chars().count();
            removed += self.old[op.old].chars().count();
        }
        (added, removed)
    }

    /// Where old byte `at` went, for the start of a span: after any insertion at that point.
    #[must_use]
    pub fn map_start(&self, at: usize) -> usize {
        for op in &self.ops {
            if op.old.is_empty() {
                continue;
            }
            if at < op.old.end {
                return match op.kind {
                    OpKind::Equal => op.new.start + at.saturating_sub(op.old.start),
                    OpKind::Changed => op.new.start,
                };
            }
        }
        self.new.len()
    }

    /// Where old byte `at` went, for the end of a span: before any insertion at that point.
    #[must_use]
    pub fn map_end(&self, at: usize) -> usize {
        for op in self.ops.iter().rev() {
            if op.old.is_empty() {
                continue;
            }
            if at > op.old.start {
                return match op.kind {
                    OpKind::Equal => op.new.start + (at.min(op.old.end) - op.old.start),
                    OpKind::Changed => op.new.end,
                };
            }
        }
        0
    }

    /// `span` of the old text mapped through the diff (may be empty when its text was deleted).
    #[must_use]
    pub fn map_span(&self, span: ByteSpan) -> ByteSpan {
        let start = self.map_start(span.start);
        let end = self.map_end(span.end).max(start);
        ByteSpan::new(start, end)
    }

    /// The share of `span`'s bytes that the diff finds unchanged in the new text.
    fn equal_share(&self, span: ByteSpan) -> f64 {
        if span.is_empty() {
            return 1.0;
        }
        let same: usize = self
            .ops
            .iter()
            .filter(|op| op.kind == OpKind::Equal)
            .filter_map(|op| op.old.intersect(span))
            .map(ByteSpan::len)
            .sum();
        same as f64 / span.len() as f64
    }

    /// Place an annotation on `span` of the old text onto the new text (see the module docs
    /// for the rules).
    ///
    /// # Panics
    /// If `span` is not a valid span of the old text.
    #[must_use]
    pub fn place(&self, span: ByteSpan) -> Placement {
        let quote = TextQuote::from_span(self.old, span);
        let mapped = self.map_span(span);
        if quote.exact.is_empty() {
            return if mapped.start == span.start {
                Placement::Kept(ByteSpan::empty(span.start))
            } else {
                Placement::Moved(ByteSpan::empty(mapped.start))
            };
        }
        if self.new.get(span.range()) == Some(quote.exact.as_str())
            && (mapped == span || context_similarity(self.new, span, &quote) > 0.999)
        {
            return Placement::Kept(span);
        }
        // The diff carried the whole quote unchanged to `mapped` and its context agrees: that
        // is the exact occurrence nearest the old position, found without scanning the text
        // (this keeps thousands of claims on a long article fast).
        if !mapped.is_empty()
            && self.new.get(mapped.range()) == Some(quote.exact.as_str())
            && self.equal_share(span) >= 1.0
            && context_similarity(self.new, mapped, &quote) >= 0.5
            && (quote.exact.chars().count() >= SHORT_QUOTE_CHARS
                || near_context_similarity(self.new, mapped, &quote) >= 0.5)
        {
            return if mapped == span { Placement::Kept(span) } else { Placement::Moved(mapped) };
        }
        let placement = locate_near(self.new, &quote, Some(mapped));
        if placement == Placement::Orphaned && quote.exact.chars().count() > FUZZY_MAX_CHARS {
            // Too long for the edit-distance search: trust the diff if most of it survived.
            if self.equal_share(span) >= 0.66 && !mapped.is_empty() {
                let new_span = mapped.trim(self.new);
                let distance = self.old[span].len().abs_diff(new_span.len());
                return Placement::Fuzzy { span: new_span, distance };
            }
        }
        // The diff maps edits inside the quote exactly (a reworded first word is covered
        // whole); when that mapped text is within the fuzzy bound, it beats the free search.
        let placement = match placement {
            Placement::Fuzzy { .. } | Placement::Orphaned if distance_or_max(placement) > 0 => {
                match self.mapped_if_close(mapped, &quote) {
                    Some((s, d)) if d <= distance_or_max(placement) => Placement::Fuzzy { span: s, distance: d },
                    _ => placement,
                }
            }
            p => p,
        };
        match placement {
            Placement::Moved(s) if s == span => Placement::Kept(s),
            p => p,
        }
    }

    /// The diff-mapped span, trimmed, with its edit distance to the quote, when that distance
    /// is positive and within [`max_distance`] and its context agrees enough.
    fn mapped_if_close(&self, mapped: ByteSpan, quote: &TextQuote) -> Option<(ByteSpan, usize)> {
        let quote_chars = quote.exact.chars().count();
        let m = mapped.trim(self.new);
        if m.is_empty() || quote_chars > FUZZY_MAX_CHARS {
            return None;
        }
        let have = &self.new[m];
        let k = max_distance(quote_chars);
        if have.chars().count().abs_diff(quote_chars) > k {
            return None;
        }
        let d = levenshtein(&quote.exact, have);
        let context_ok = if quote_chars < SHORT_QUOTE_CHARS {
            near_context_similarity(self.new, m, quote) >= 0.5 && context_similarity(self.new, m, quote) >= 0.5
        } else {
            true
        };
        (d > 0 && d <= k && context_ok).then_some((m, d))
    }

    /// Place a quote (no position in the old text: an orphan) onto the new text.
    #[must_use]
    pub fn place_quote(&self, quote: &TextQuote) -> Placement {
        locate(self.new, quote, None)
    }
}

/// The changed regions between two texts (a word diff), for the UI to show what changed
/// between the annotated version and the current one.
///
/// # Example
/// ```
/// use claimlens::project::anchor::{changes, ChangeKind};
/// let c = changes("Spending rose 5% in Zürich.", "Spending rose 6% in Zürich.");
/// assert_eq!(c.len(), 1);
/// assert_eq!(c[0].kind, ChangeKind::Replaced);
/// assert_eq!(&"Spending rose 6% in Zürich."[c[0].new], "6");
/// ```
#[must_use]
pub fn changes(old: &str, new: &str) -> Vec<Change> {
    Alignment::new(old, new).changes()
}

/// Longest quote (characters) searched by edit distance; longer ones rely on the diff.
pub const FUZZY_MAX_CHARS: usize = 2000;

/// The largest edit distance accepted for a fuzzy match of a quote of `chars` characters:
/// none under 4, one under 10, then 30 % of the length.
#[must_use]
pub fn max_distance(chars: usize) -> usize {
    match chars {
        0..4 => 0,
        4..10 => 1,
        _ => chars * 3 / 10,
    }
}

fn distance_or_max(p: Placement) -> usize {
    match p {
        Placement::Fuzzy { distance, .. } => distance,
        _ => usize::MAX,
    }
}

/// Find `quote` in `text` without any position information beyond an optional `hint` span
/// (where it is expected): exact occurrences first, then fuzzy (see the module docs). Used
/// for orphans and for W3C `TextQuoteSelector`s on import.
///
/// # Example
/// ```
/// use claimlens::project::anchor::{locate, Placement, TextQuote};
/// let q = TextQuote { exact: "5% of GDP".into(), prefix: "spend ".into(), suffix: " on".into() };
/// let text = "They spend 5% of GDP on defence.";
/// assert!(matches!(locate(text, &q, None), Placement::Moved(s) if &text[s] == "5% of GDP"));
/// ```
#[must_use]
pub fn locate(text: &str, quote: &TextQuote, hint: Option<ByteSpan>) -> Placement {
    locate_near(text, quote, hint)
}

fn locate_near(text: &str, quote: &TextQuote, hint: Option<ByteSpan>) -> Placement {
    let exact = quote.exact.as_str();
    if exact.is_empty() {
        return Placement::Orphaned;
    }
    let quote_chars = exact.chars().count();
    let expected = hint.map(|h| h.start);
    // 2. Exact occurrences, best context first, then nearest to the expected position.
    let mut best: Option<(f64, usize)> = None;
    for (n, (at, _)) in text.match_indices(exact).enumerate() {
        if n >= 100_000 {
            break;
        }
        let span = ByteSpan::new(at, at + exact.len());
        let ctx = context_similarity(text, span, quote);
        let near = expected.is_some_and(|e| at.abs_diff(e) <= 8);
        if quote_chars < SHORT_QUOTE_CHARS && ((ctx < 0.4 && !near) || near_context_similarity(text, span, quote) < 0.5)
        {
            continue;
        }
        let distance = expected.map_or(0, |e| at.abs_diff(e));
        let penalty = 0.25 * distance as f64 / (text.len() as f64 + 1.0);
        let score = ctx - penalty;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, at));
        }
    }
    if let Some((_, at)) = best {
        return Placement::Moved(ByteSpan::new(at, at + exact.len()));
    }
    // 3. Fuzzy.
    let k = max_distance(quote_chars);
    if k == 0 || quote_chars > FUZZY_MAX_CHARS {
        return Placement::Orphaned;
    }
    let pattern: Vec<char> = exact.chars().collect();
    let need_context = quote_chars < 20;
    let try_window = |window: ByteSpan| -> Option<(ByteSpan, usize)> {
        let mut cands = approximate_matches(&pattern, text, window, k);
        let mut best: Option<(f64, ByteSpan, usize)> = None;
        for (span, dist) in cands.drain(..) {
            let span = span.trim(text);
            if span.is_empty() {
                continue;
            }
            let ctx = context_similarity(text, span, quote);
            if need_context && ctx < 0.5 {
                continue;
            }
            let score = dist as f64 / k.max(1) as f64 + (1.0 - ctx);
            if best.is_none_or(|(s, _, _)| score < s) {
                best = Some((score, span, dist));
            }
        }
        best.map(|(_, s, d)| (s, d))
    };
    let mut found = None;
    if let Some(h) = hint {
        let pad = exact.len() + 64;
        let lo = text.floor_char_boundary(h.start.saturating_sub(pad));
        let hi = text.ceil_char_boundary((h.end + pad).min(text.len()));
        found = try_window(ByteSpan::new(lo, hi));
    }
    if found.is_none() && quote_chars >= 16 && text.len().saturating_mul(quote_chars) <= 200_000_000 {
        found = try_window(ByteSpan::new(0, text.len()));
    }
    match found {
        Some((span, distance)) => {
            let span = snap_like(text, span, exact);
            Placement::Fuzzy { span, distance }
        }
        None => Placement::Orphaned,
    }
}

/// Snap a fuzzy span's ends to word boundaries where the quote's ends were on word
/// characters (a quote made of whole words stays whole words).
fn snap_like(text: &str, span: ByteSpan, quote: &str) -> ByteSpan {
    let first_word = quote.chars().next().is_some_and(char::is_alphanumeric);
    let last_word = quote.chars().next_back().is_some_and(char::is_alphanumeric);
    let snapped = words::snap_to_words(text, span);
    let start = if first_word { snapped.start.min(span.start) } else { span.start };
    let end = if last_word { snapped.end.max(span.end) } else { span.end };
    ByteSpan::new(start, end.max(start))
}

/// Substrings of `text[window]` within edit distance `k` of `pattern`: for each run of
/// end positions under the bound, the best one, with its start (Sellers' algorithm, one
/// column per text character, keeping the start of each cell's best path).
fn approximate_matches(pattern: &[char], text: &str, window: ByteSpan, k: usize) -> Vec<(ByteSpan, usize)> {
    let m = pattern.len();
    let mut cost = vec![0usize; m + 1];
    let mut start = vec![window.start; m + 1];
    for (i, c) in cost.iter_mut().enumerate() {
        *c = i;
    }
    let mut new_cost = cost.clone();
    let mut new_start = start.clone();
    let mut out: Vec<(ByteSpan, usize)> = Vec::new();
    let mut run: Option<(ByteSpan, usize)> = None;
    for (off, ch) in text[window].char_indices() {
        let at = window.start + off;
        let next = at + ch.len_utf8();
        new_cost[0] = 0;
        new_start[0] = next;
        for i in 1..=m {
            let p = pattern[i - 1];
            let sub = usize::from(!(p == ch || (p.is_whitespace() && ch.is_whitespace())));
            let mut best = cost[i - 1] + sub;
            let mut best_start = start[i - 1];
            if cost[i] + 1 < best {
                best = cost[i] + 1;
                best_start = start[i];
            }
            if new_cost[i - 1] + 1 < best {
                best = new_cost[i - 1] + 1;
                best_start = new_start[i - 1];
            }
            new_cost[i] = best;
            new_start[i] = best_start;
        }
        std::mem::swap(&mut cost, &mut new_cost);
        std::mem::swap(&mut start, &mut new_start);
        let d = cost[m];
        if d <= k {
            let cand = (ByteSpan::new(start[m].min(next), next), d);
            run = Some(match run {
                Some(r) if r.1 <= d => r,
                _ => cand,
            });
        } else if let Some(r) = run.take() {
            out.push(r);
        }
    }
    if let Some(r) = run {
        out.push(r);
    }
    out
}

/// Levenshtein distance between two short strings (characters).
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for j in 1..=b.len() {
            let sub = usize::from(!(ca == b[j - 1] || (ca.is_whitespace() && b[j - 1].is_whitespace())));
            let v = (diag + sub).min(row[j] + 1).min(row[j - 1] + 1);
            diag = row[j];
            row[j] = v;
        }
    }
    row[b.len()]
}

fn similarity(a: &str, b: &str) -> f64 {
    let n = a.chars().count().max(b.chars().count());
    if n == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f64 / n as f64
}

/// Quotes shorter than this (code points) need their immediate context to agree before an
/// exact occurrence is taken: "NATO" alone says little about where it went.
pub const SHORT_QUOTE_CHARS: usize = 40;

/// Characters next to the quote compared by [`near_context_similarity`].
const NEAR_CHARS: usize = 8;

/// How well the few characters right next to `span` agree with the quote's context: the
/// better of the two sides (0–1; 1 when the quote has no context to compare).
fn near_context_similarity(text: &str, span: ByteSpan, quote: &TextQuote) -> f64 {
    let tail = |s: &str| -> String {
        let n = s.chars().count();
        s.chars().skip(n.saturating_sub(NEAR_CHARS)).collect()
    };
    let head = |s: &str| -> String { s.chars().take(NEAR_CHARS).collect() };
    let before = context_before(text, span.start);
    let after = context_after(text, span.end);
    let mut best: Option<f64> = None;
    for (want, have) in [(tail(&quote.prefix), tail(before)), (head(&quote.suffix), head(after))] {
        if want.is_empty() {
            continue;
        }
        let s = similarity(&want, &have);
        best = Some(best.map_or(s, |b: f64| b.max(s)));
    }
    best.unwrap_or(1.0)
}

/// How well the text around `span` agrees with the quote's prefix and suffix (0–1). Only the
/// side(s) the quote has context for count; a quote without any context gets 0.5.
fn context_similarity(text: &str, span: ByteSpan, quote: &TextQuote) -> f64 {
    let before = context_before(text, span.start);
    let after = context_after(text, span.end);
    let sides = [(&quote.prefix, before, true), (&quote.suffix, after, false)];
    let mut sum = 0.0;
    let mut n = 0.0;
    for (want, have, is_prefix) in sides {
        if want.is_empty() && have.is_empty() {
            sum += 1.0;
            n += 1.0;
            continue;
        }
        if want.is_empty() {
            continue;
        }
        // Compare equal lengths: the part of the candidate's context nearest the quote.
        let k = want.chars().count();
        let have: &str = if is_prefix {
            let skip = have.chars().count().saturating_sub(k);
            have.char_indices().nth(skip).map_or("", |(i, _)| &have[i..])
        } else {
            have.char_indices().nth(k).map_or(have, |(i, _)| &have[..i])
        };
        sum += similarity(want, have);
        n += 1.0;
    }
    if n == 0.0 { 0.5 } else { sum / n }
}

/// The outcome of [`update_article`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UpdateReport {
    /// Annotations (claims and mention corrections) still at their old position.
    pub kept: usize,
    /// Annotations whose exact quote was found elsewhere.
    pub moved: usize,
    /// Annotations placed on similar text.
    pub fuzzy: usize,
    /// Annotations that could not be placed and became orphans.
    pub orphaned: usize,
    /// Earlier orphans placed again on the new text.
    pub recovered: usize,
    /// Orphans (old and new) after the update.
    pub orphans_total: usize,
    /// Code points only in the new text.
    pub chars_added: usize,
    /// Code points only in the old text.
    pub chars_removed: usize,
    /// Automatic entities carried over unchanged (the rest are dropped until re-analysis).
    pub automatic_kept: usize,
    /// Automatic entities dropped.
    pub automatic_dropped: usize,
    /// True when the new text equals the old one (nothing to re-anchor).
    pub unchanged_text: bool,
    /// One line for the version history ("+120 / −45 characters; 14 kept, 2 moved, 1 fuzzy,
    /// 1 orphaned").
    pub summary: String,
}

/// Re-anchor `project` onto `new_doc` (a new version of its article, read from
/// `new_source`), as ONE undoable edit, and say what happened.
///
/// - claims and mention-targeted entity corrections are placed by [`Alignment::place`]; the
///   ones that cannot be placed become [`Orphan`]s with their quote, 32-character context and
///   the index of the version they were on;
/// - earlier orphans are tried again ([`locate`] with their quote and context) and come back
///   when found;
/// - "all mentions of X" corrections and grouping corrections refer to text, not positions,
///   and stay as they are;
/// - automatic entities are carried through the diff when their exact text is still at the
///   mapped place and dropped otherwise: the app re-runs the recognizer after an update, so
///   this only keeps the highlights sensible until then;
/// - a claim's `quote` becomes the new text it covers (the wording it was made on is in the
///   undo step and, for the changed part, in the version's [`ArticleVersion::changes`]);
/// - an [`ArticleVersion`] is appended (hash, size, date, the summary, changed regions).
///
/// Applying the edit replaces everything at once; its inverse restores the previous state
/// exactly. When the new text and hash equal the current ones, the edit is a no-op.
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, ByteSpan, Document};
/// use claimlens::project::{anchor, Claim, ClaimId, Edit, Project, SourceInfo};
/// let doc = Document::from_blocks([(BlockKind::Paragraph, "NATO wants 5% of GDP.")]);
/// let mut p = Project::new(doc, SourceInfo::default());
/// let t = jiff::Timestamp::UNIX_EPOCH;
/// Edit::AddClaim(Box::new(Claim::new(ClaimId(1), p.text(), ByteSpan::new(0, 20), t))).apply(&mut p).unwrap();
/// let new = Document::from_blocks([(BlockKind::Title, "Update"), (BlockKind::Paragraph, "NATO wants 5% of GDP.")]);
/// let (edit, report) = anchor::update_article(&p, new, SourceInfo::default(), t);
/// assert_eq!((report.moved, report.orphaned), (1, 0));
/// let before = p.clone();
/// let undo = edit.apply(&mut p).unwrap();
/// assert_eq!(&p.text()[p.claims[0].span], "NATO wants 5% of GDP");
/// undo.apply(&mut p).unwrap();
/// assert_eq!(p, before);
/// ```
#[must_use]
pub fn update_article(
    project: &Project,
    new_doc: Document,
    new_source: SourceInfo,
    now: jiff::Timestamp,
) -> (Edit, UpdateReport) {
    let old = project.text();
    let new = new_doc.text.as_str();
    let mut report = UpdateReport::default();
    if old == new && project.source.sha256 == new_source.sha256 {
        report.unchanged_text = true;
        report.kept = project.claims.len()
            + project.entities.corrections.iter().filter(|c| matches!(c.target, CorrectionTarget::Mention(_))).count();
        report.automatic_kept = project.entities.automatic.len();
        report.orphans_total = project.orphans.len();
        report.summary = summary(&report);
        return (Edit::Batch(Vec::new()), report);
    }
    let al = Alignment::new(old, new);
    let version = project.current_version();
    let mut count = |p: Placement| match p {
        Placement::Kept(_) => report.kept += 1,
        Placement::Moved(_) => report.moved += 1,
        Placement::Fuzzy { .. } => report.fuzzy += 1,
        Placement::Orphaned => report.orphaned += 1,
    };
    let orphan_of = |annotation: OrphanAnnotation, span: ByteSpan| {
        let q = TextQuote::from_span(old, span);
        Orphan { annotation, quote: q.exact, prefix: q.prefix, suffix: q.suffix, version }
    };
    let mut claims = Vec::with_capacity(project.claims.len());
    let mut orphans = Vec::new();
    for c in &project.claims {
        let valid = ByteSpan::checked(old, c.span.start, c.span.end).is_some() && c.span.end <= old.len();
        let p = if valid { al.place(c.span) } else { Placement::Orphaned };
        count(p);
        match p.span() {
            Some(span) => {
                let mut c = c.clone();
                c.span = span;
                new[span].clone_into(&mut c.quote);
                claims.push(c);
            }
            None if valid => orphans.push(orphan_of(OrphanAnnotation::Claim(c.clone()), c.span)),
            None => orphans.push(Orphan {
                annotation: OrphanAnnotation::Claim(c.clone()),
                quote: c.quote.clone(),
                prefix: String::new(),
                suffix: String::new(),
                version,
            }),
        }
    }
    let mut entities = project.entities.clone();
    let mut corrections = Vec::with_capacity(entities.corrections.len());
    for corr in entities.corrections.drain(..) {
        let CorrectionTarget::Mention(span) = corr.target else {
            corrections.push(corr);
            continue;
        };
        let valid = span.end <= old.len() && ByteSpan::checked(old, span.start, span.end).is_some();
        let p = if valid { al.place(span) } else { Placement::Orphaned };
        count(p);
        match p.span() {
            Some(s) if !s.is_empty() => {
                corrections.push(super::EntityCorrection { target: CorrectionTarget::Mention(s), ..corr });
            }
            _ if valid => orphans.push(orphan_of(OrphanAnnotation::Correction(corr), span)),
            _ => {}
        }
    }
    // Earlier orphans: try again.
    let mut kept_orphans = Vec::new();
    for o in &project.orphans {
        let quote = TextQuote { exact: o.quote.clone(), prefix: o.prefix.clone(), suffix: o.suffix.clone() };
        match al.place_quote(&quote).span() {
            Some(span) if !span.is_empty() => {
                report.recovered += 1;
                match &o.annotation {
                    OrphanAnnotation::Claim(c) => {
                        let mut c = c.clone();
                        c.span = span;
                        new[span].clone_into(&mut c.quote);
                        claims.push(c);
                    }
                    OrphanAnnotation::Correction(corr) => corrections
                        .push(super::EntityCorrection { target: CorrectionTarget::Mention(span), ..corr.clone() }),
                }
            }
            _ => kept_orphans.push(o.clone()),
        }
    }
    kept_orphans.extend(orphans);
    entities.corrections = corrections;
    // Automatic entities: carried through the diff when their text is unchanged there.
    let mut automatic: Vec<Entity> = Vec::with_capacity(entities.automatic.len());
    for e in &entities.automatic {
        let valid = e.span.end <= old.len() && ByteSpan::checked(old, e.span.start, e.span.end).is_some();
        let m = if valid { al.map_span(e.span) } else { ByteSpan::empty(0) };
        if valid && !m.is_empty() && new.get(m.range()) == Some(&old[e.span]) {
            automatic.push(Entity::new(m, e.label));
        }
    }
    automatic.sort();
    automatic.dedup_by(|b, a| a.span.overlaps(b.span));
    report.automatic_kept = automatic.len();
    report.automatic_dropped = entities.automatic.len() - automatic.len();
    entities.automatic = automatic;
    claims.sort_by_key(Claim::order_key);
    // Two claims never share an id (the first in document order keeps it).
    let mut seen = std::collections::BTreeSet::new();
    claims.retain(|c| seen.insert(c.id));
    let (added, removed) = al.chars_added_removed();
    report.chars_added = added;
    report.chars_removed = removed;
    report.orphans_total = kept_orphans.len();
    report.summary = summary(&report);
    let changes =
        al.changes().into_iter().map(|c| RecordedChange { new: c.new, removed: old[c.old].to_owned() }).collect();
    let mut versions = project.article_versions.clone();
    versions.push(ArticleVersion {
        sha256: new_source.sha256.clone(),
        size_bytes: new_source.size_bytes,
        chars: new.chars().count(),
        source_path: new_source.location().map(str::to_owned),
        imported: new_source.imported.or(Some(now)),
        change: report.summary.clone(),
        changes,
    });
    let state = ArticleState {
        source: new_source,
        document: new_doc,
        article_versions: versions,
        entities,
        claims,
        orphans: kept_orphans,
    };
    (Edit::ReplaceArticle(Box::new(state)), report)
}

fn summary(r: &UpdateReport) -> String {
    let mut s = format!(
        "+{} / −{} characters; {} kept, {} moved, {} fuzzy, {} orphaned",
        r.chars_added, r.chars_removed, r.kept, r.moved, r.fuzzy, r.orphaned
    );
    if r.recovered > 0 {
        s.push_str(&format!(", {} re-attached", r.recovered));
    }
    s
}

/// The edit that re-attaches orphan `index` to `span` of the current text: the orphan leaves
/// the list and its claim (with its id, fields and the new span and quote) or its mention
/// correction comes back. One undo step.
///
/// # Errors
/// [`EditError::BadOrphanIndex`] or [`EditError::BadSpan`] (out of range, splits a
/// character, or empty).
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, ByteSpan, Document};
/// use claimlens::project::{anchor, Claim, ClaimId, Edit, Orphan, OrphanAnnotation, Project, SourceInfo};
/// let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Spending rose.")]), SourceInfo::default());
/// let claim = Claim::new(ClaimId(4), "Spending fell.", ByteSpan::new(0, 13), jiff::Timestamp::UNIX_EPOCH);
/// let orphan = Orphan { annotation: OrphanAnnotation::Claim(claim), quote: "Spending fell".into(),
///     prefix: String::new(), suffix: ".".into(), version: 0 };
/// Edit::InsertOrphan { index: 0, orphan: Box::new(orphan) }.apply(&mut p).unwrap();
/// let edit = anchor::reattach_orphan(&p, 0, ByteSpan::new(0, 13)).unwrap();
/// edit.apply(&mut p).unwrap();
/// assert!(p.orphans.is_empty());
/// assert_eq!(p.claims[0].quote, "Spending rose");
/// ```
pub fn reattach_orphan(project: &Project, index: usize, span: ByteSpan) -> Result<Edit, EditError> {
    let orphan = project.orphans.get(index).ok_or(EditError::BadOrphanIndex(index))?;
    let text = project.text();
    if span.is_empty() || span.end > text.len() || ByteSpan::checked(text, span.start, span.end).is_none() {
        return Err(EditError::BadSpan(span));
    }
    let restore = match &orphan.annotation {
        OrphanAnnotation::Claim(c) => {
            let mut c = c.clone();
            if project.claim_index(c.id).is_some() {
                c.id = project.peek_claim_id();
            }
            c.span = span;
            text[span].clone_into(&mut c.quote);
            Edit::AddClaim(Box::new(c))
        }
        OrphanAnnotation::Correction(corr) => Edit::InsertCorrection {
            index: project.entities.corrections.len(),
            correction: super::EntityCorrection { target: CorrectionTarget::Mention(span), ..corr.clone() },
        },
    };
    Ok(Edit::RemoveOrphan { index }.then(restore))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, s: &str) -> ByteSpan {
        let i = text.find(s).unwrap();
        ByteSpan::new(i, i + s.len())
    }

    #[test]
    fn tokens_cover_the_text() {
        for t in ["", "a", "Zürich, 中文 😀 ok!!  x\n\ny", "  lead"] {
            assert_eq!(diff_tokens(t).concat(), t);
        }
        assert_eq!(diff_tokens("ab, c"), vec!["ab", ",", " ", "c"]);
    }

    #[test]
    fn placement_table() {
        let old = "Pete Hegseth said NATO members must spend 5% of GDP on defence. The budget rose.";
        // (new text, quote in old, expected text in new or None for orphan, expected kind)
        let cases: &[(&str, &str, Option<&str>, &str)] = &[
            (old, "must spend 5% of GDP", Some("must spend 5% of GDP"), "kept"),
            (
                "Monday: Pete Hegseth said NATO members must spend 5% of GDP on defence. The budget rose.",
                "must spend 5% of GDP",
                Some("must spend 5% of GDP"),
                "moved",
            ),
            (
                "Pete Hegseth said NATO members must spend 5% of GNP on defence. The budget rose.",
                "must spend 5% of GDP",
                Some("must spend 5% of GNP"),
                "fuzzy",
            ),
            (
                "Pete Hegseth said NATO members must\nspend 5% of  GDP on defence. The budget rose.",
                "must spend 5% of GDP",
                Some("must\nspend 5% of  GDP"),
                "fuzzy",
            ),
            ("Pete Hegseth said NATO members must spend 5% of GDP on defence.", "The budget rose", None, "orphan"),
        ];
        for (new, quote, want, kind) in cases {
            let al = Alignment::new(old, new);
            let p = al.place(span_of(old, quote));
            let got = p.span().map(|s| &new[s]);
            assert_eq!(got, *want, "{quote:?} in {new:?}: {p:?}");
            let k = match p {
                Placement::Kept(_) => "kept",
                Placement::Moved(_) => "moved",
                Placement::Fuzzy { .. } => "fuzzy",
                Placement::Orphaned => "orphan",
            };
            assert_eq!(k, *kind, "{quote:?} in {new:?}");
        }
    }

    #[test]
    fn short_quote_does_not_jump_to_another_occurrence() {
        let old = "NATO met. Later NATO said no. NATO left.";
        let new = "NATO met. NATO left.";
        let al = Alignment::new(old, new);
        // The middle "NATO" sentence is gone; its context is too.
        let i = old.match_indices("NATO").nth(1).unwrap().0;
        let p = al.place(ByteSpan::new(i, i + 4));
        assert_eq!(p, Placement::Orphaned, "{p:?}");
        // The last one moved with its context.
        let j = old.match_indices("NATO").nth(2).unwrap().0;
        assert_eq!(al.place(ByteSpan::new(j, j + 4)).span().map(|s| &new[s]), Some("NATO"));
        assert_eq!(al.place(ByteSpan::new(j, j + 4)).span().unwrap().start, 10);
    }

    #[test]
    fn changes_and_mapping() {
        let old = "Alpha beta gamma. Délta epsilon.";
        let new = "Alpha gamma. Délta epsilon zeta.";
        let c = changes(old, new);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].kind, ChangeKind::Deleted);
        assert_eq!(&old[c[0].old], "beta ");
        assert_eq!(c[1].kind, ChangeKind::Inserted);
        assert_eq!(&new[c[1].new], " zeta");
        let al = Alignment::new(old, new);
        assert_eq!(al.chars_added_removed(), (5, 5));
        let d = span_of(old, "Délta");
        assert_eq!(&new[al.map_span(d)], "Délta");
    }

    #[test]
    fn approximate_matching_finds_start_and_end() {
        let text = "xx the quick brwn fox yy";
        let pattern: Vec<char> = "quick brown fox".chars().collect();
        let m = approximate_matches(&pattern, text, ByteSpan::new(0, text.len()), 2);
        let best = m.iter().min_by_key(|(_, d)| *d).unwrap();
        assert_eq!((&text[best.0], best.1), ("quick brwn fox", 1));
    }

    #[test]
    fn never_panics_on_odd_texts() {
        let texts = ["", "a", "😀😀 é", "中文中文", "  \n\n ", "a a a a a a"];
        for old in texts {
            for new in texts {
                let al = Alignment::new(old, new);
                for (i, _) in old.char_indices().chain([(old.len(), ' ')]) {
                    for (j, _) in old.char_indices().chain([(old.len(), ' ')]) {
                        if i <= j
                            && let Some(s) = al.place(ByteSpan::new(i, j)).span()
                        {
                            assert!(ByteSpan::checked(new, s.start, s.end).is_some() && s.end <= new.len());
                        }
                    }
                }
            }
        }
    }
}
