//! Matching a claim against the library: "has this been checked before?"
//!
//! Two stages, both on the terms of [`super::analyze`]:
//! 1. **Retrieval** (tantivy, BM25 over claim + title): the claim's terms, each counted
//!    once however often it occurs ([`MatchConfig::query_tf_power`] 0, chosen on train); the claimant's
//!    terms also search the fact-checks' claimants. Optionally expanded by pseudo-relevance
//!    feedback (RM3: the best first-round matches lend their most telling terms to a second
//!    round, [`MatchConfig::prf_docs`]).
//! 2. **Re-ranking** of the best [`MatchConfig::candidates`] by rules that can be stated:
//!    BM25 with its own `k1`/`b`, plus credit for the claim's word pairs found as pairs in
//!    the fact-check (the same phrase, not just the same words), for the same numbers, and
//!    for the same names (capitalised words of the claim); a small one for fact-checks
//!    published near the claim's date.
//!
//! The handful of numbers in [`MatchConfig`] were chosen on the CheckThat! 2020 training
//! tweets (see the README's table); nothing is learned from data, and nothing is downloaded.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::analyze::{analyzer, terms};
use super::library::{Library, LibraryError, LibraryErrorKind};
use super::model::{CheckedHere, FactCheck, Rating};

/// What to match: a claim's text, and what is known of who said it and when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimQuery {
    /// The claim (a sentence, a tweet with its author line).
    pub text: String,
    /// Who made it, if known.
    #[serde(default)]
    pub claimant: String,
    /// When it was made (`YYYY-MM-DD`), if known. A tweet's own date line is read when this
    /// is empty.
    #[serde(default)]
    pub date: Option<String>,
}

impl ClaimQuery {
    /// A query from text alone.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), ..Self::default() }
    }
}

/// One fact-check found for a claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    /// The fact-check's page (its key in the library).
    pub url: String,
    /// How well it matches (higher is better; comparable within one query only).
    pub score: f32,
    /// Share of the claim's word weight (IDF) found in the fact-check, 0–1: comparable
    /// across queries, and what [`Match::likely`] is based on.
    pub overlap: f32,
    /// True when the match is strong enough to mark the claim "checked before".
    pub likely: bool,
    /// The claim as the fact-checker wrote it.
    pub claim: String,
    /// Who made the checked claim.
    pub claimant: String,
    /// The verdict.
    pub rating: Rating,
    /// Who published the fact-check.
    pub publisher: String,
    /// The review date, else the claim date.
    pub date: Option<String>,
    /// The fact-check's headline.
    pub title: String,
    /// Language code.
    pub language: String,
    /// Set for the desk's own verdicts.
    pub checked_here: Option<CheckedHere>,
}

impl Match {
    fn new(item: FactCheck, score: f32, overlap: f32, likely: bool) -> Self {
        Self {
            url: item.url,
            score,
            overlap,
            likely,
            claim: item.claim,
            claimant: item.claimant,
            rating: item.rating,
            publisher: item.publisher,
            date: item.review_date.or(item.claim_date),
            title: item.title,
            language: item.language,
            checked_here: item.checked_here,
        }
    }
}

/// The matcher's parameters (defaults: the chosen values).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchConfig {
    /// Candidates re-ranked after retrieval.
    pub candidates: usize,
    /// A query term counted n times weighs n^power (1: plain BM25; 0: every term once).
    pub query_tf_power: f32,
    /// Weight of the claimant's terms (searched in the fact-checks' claimants and text).
    pub claimant_weight: f32,
    /// Keep the author line of a tweet ("— Name (@handle) Date") in the query.
    pub keep_author: bool,
    /// Keep the tweet's date words ("January 14, 2020") in the query.
    pub keep_date_words: bool,
    /// RM3: first-round matches lending terms (0: off).
    pub prf_docs: usize,
    /// RM3: terms added.
    pub prf_terms: usize,
    /// RM3: weight of the added terms against the original ones (0–1).
    pub prf_weight: f32,
    /// Re-ranking BM25 `k1`.
    pub k1: f32,
    /// Re-ranking BM25 `b`.
    pub b: f32,
    /// Credit per IDF of a word pair of the claim found as a pair in the fact-check
    /// (relative to BM25).
    pub pair_weight: f32,
    /// Credit per number of the claim found in the fact-check.
    pub number_weight: f32,
    /// Credit per IDF of a name (capitalised word not starting a sentence) found.
    pub name_weight: f32,
    /// Largest relative boost for a fact-check dated within a year of the claim.
    pub date_weight: f32,
    /// [`Match::overlap`] at or above which a match is [`Match::likely`].
    pub likely_overlap: f32,
    /// Share of the fact-check's own word weight found in the query at or above which a match
    /// with half of [`Self::likely_overlap`] is also [`Match::likely`] (a sentence holding the
    /// checked claim whole, plus its attribution).
    pub likely_contained: f32,
}

impl Default for MatchConfig {
    fn default() -> Self {
        Self {
            candidates: 20,
            query_tf_power: 0.0,
            claimant_weight: 0.5,
            keep_author: true,
            keep_date_words: true,
            prf_docs: 0,
            prf_terms: 10,
            prf_weight: 0.3,
            k1: 1.2,
            b: 0.75,
            pair_weight: 0.0,
            number_weight: 0.0,
            name_weight: 0.0,
            date_weight: 0.0,
            likely_overlap: 0.5,
            likely_contained: 0.8,
        }
    }
}

/// A tweet's closing line: "— Name (@handle) Month D, YYYY".
fn split_tweet(text: &str) -> (&str, Option<&str>, Option<jiff::civil::Date>) {
    static TAIL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?s)^(.*?)\s*[—–]\s*([^—–\n]{0,100}?\(@\w+\))\s*([A-Z][a-z]+ \d{1,2}, \d{4})\s*$")
            .expect("the pattern compiles")
    });
    let Some(c) = TAIL.captures(text) else {
        return (text, None, None);
    };
    let body = c.get(1).map_or("", |m| m.as_str());
    let author = c.get(2).map(|m| m.as_str());
    let date =
        c.get(3).and_then(|m| jiff::fmt::strtime::parse("%B %d, %Y", m.as_str()).ok()).and_then(|t| t.to_date().ok());
    (body, author, date)
}

fn parse_date(s: &str) -> Option<jiff::civil::Date> {
    s.get(..10).and_then(|d| d.parse().ok())
}

/// Words written with a capital not at a sentence start, analysed (names, mostly).
fn names(text: &str, a: &mut tantivy::tokenizer::TextAnalyzer) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        let shouting = word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && word.chars().count() > 4;
        if capital && !sentence_start && !shouting && !raw.starts_with(['#', '@']) {
            out.extend(terms(a, word));
        }
        sentence_start = raw.ends_with(['.', '!', '?', ':', '"', '“', '”']);
    }
    out
}

fn numbers(ts: &[String]) -> BTreeSet<&str> {
    ts.iter().filter(|t| t.starts_with(|c: char| c.is_ascii_digit())).map(String::as_str).collect()
}

/// Everything computed once per query.
struct Prepared {
    /// Analysed terms with their weights.
    weights: BTreeMap<String, f32>,
    /// Analysed terms in order (for pairs).
    sequence: Vec<String>,
    claimant: Vec<(String, f32)>,
    names: BTreeSet<String>,
    date: Option<jiff::civil::Date>,
}

/// Candidates read from the store, with their analysed claim and title.
type Loaded = BTreeMap<tantivy::DocAddress, (FactCheck, Vec<String>)>;

impl Library {
    fn load(
        &self,
        searcher: &tantivy::Searcher,
        items: &mut Loaded,
        addr: tantivy::DocAddress,
        a: &mut tantivy::tokenizer::TextAnalyzer,
    ) -> Result<(), LibraryError> {
        if let std::collections::btree_map::Entry::Vacant(e) = items.entry(addr) {
            let item = self.stored(searcher, addr)?;
            let mut t = terms(a, &item.claim);
            if !item.title.is_empty() && item.title != item.claim {
                t.extend(terms(a, &item.title));
            }
            e.insert((item, t));
        }
        Ok(())
    }

    fn prepare(q: &ClaimQuery, cfg: &MatchConfig, a: &mut tantivy::tokenizer::TextAnalyzer) -> Prepared {
        let (body, author, tweet_date) = split_tweet(&q.text);
        let mut text = body.to_owned();
        if cfg.keep_author
            && let Some(author) = author
        {
            text.push_str(" — ");
            text.push_str(author);
        }
        if cfg.keep_date_words && tweet_date.is_some() {
            let tail = &q.text[body.len()..];
            if let Some(d) = tail.rfind(')') {
                text.push(' ');
                text.push_str(&tail[d + 1..]);
            }
        }
        let sequence = terms(a, &text);
        let mut counts: BTreeMap<String, f32> = BTreeMap::new();
        for t in &sequence {
            *counts.entry(t.clone()).or_default() += 1.0;
        }
        let weights = counts.into_iter().map(|(t, n)| (t, n.powf(cfg.query_tf_power))).collect();
        let claimant = if q.claimant.trim().is_empty() {
            Vec::new()
        } else {
            terms(a, &q.claimant).into_iter().map(|t| (t, cfg.claimant_weight)).collect()
        };
        let date = q.date.as_deref().and_then(parse_date).or(tweet_date);
        Prepared { weights, sequence, claimant, names: names(body, a), date }
    }

    /// The best matches for one claim, best first (at most `k`).
    ///
    /// # Errors
    /// If the index cannot be read.
    pub fn match_claim(&self, query: &ClaimQuery, k: usize) -> Result<Vec<Match>, LibraryError> {
        self.match_claim_with(query, k, &MatchConfig::default())
    }

    /// [`Library::match_claim`] with other parameters (evaluation).
    ///
    /// # Errors
    /// If the index cannot be read.
    pub fn match_claim_with(
        &self,
        query: &ClaimQuery,
        k: usize,
        cfg: &MatchConfig,
    ) -> Result<Vec<Match>, LibraryError> {
        let searcher = self.reader.searcher();
        let mut a = analyzer();
        let p = Self::prepare(query, cfg, &mut a);
        let text_terms: Vec<(String, f32)> = p.weights.iter().map(|(t, w)| (t.clone(), *w)).collect();
        let mut candidates = self.candidates(&searcher, &text_terms, &p.claimant, cfg.candidates)?;
        let mut items: Loaded = BTreeMap::new();
        // RM3: expand with the first round's telling terms, search again.
        let mut weights = p.weights.clone();
        if cfg.prf_docs > 0 && !candidates.is_empty() {
            let n = self.len().max(1) as f32;
            let top: Vec<(f32, tantivy::DocAddress)> = candidates.iter().take(cfg.prf_docs).copied().collect();
            let max = top.iter().map(|c| c.0).fold(f32::MIN, f32::max).max(f32::EPSILON);
            let mut expansion: BTreeMap<String, f32> = BTreeMap::new();
            for (score, addr) in &top {
                self.load(&searcher, &mut items, *addr, &mut a)?;
                let ts = &items[addr].1;
                let len = ts.len().max(1) as f32;
                let mut tf: BTreeMap<&str, f32> = BTreeMap::new();
                for t in ts {
                    *tf.entry(t).or_default() += 1.0;
                }
                for (t, c) in tf {
                    let df = self.term_stats(&searcher, t) as f32;
                    let idf = ((n - df + 0.5) / (df + 0.5)).ln_1p();
                    *expansion.entry(t.to_owned()).or_default() += (c / len) * (score / max) * idf;
                }
            }
            let mut exp: Vec<(String, f32)> = expansion.into_iter().collect();
            exp.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            exp.truncate(cfg.prf_terms);
            let orig_total: f32 = weights.values().sum::<f32>().max(f32::EPSILON);
            let exp_total: f32 = exp.iter().map(|e| e.1).sum::<f32>().max(f32::EPSILON);
            for w in weights.values_mut() {
                *w *= (1.0 - cfg.prf_weight) / orig_total;
            }
            for (t, w) in exp {
                *weights.entry(t).or_default() += cfg.prf_weight * w / exp_total;
            }
            // Back to the scale of the original weights (BM25 boosts are relative anyway).
            for w in weights.values_mut() {
                *w *= orig_total;
            }
            let terms: Vec<(String, f32)> = weights.iter().map(|(t, w)| (t.clone(), *w)).collect();
            candidates = self.candidates(&searcher, &terms, &p.claimant, cfg.candidates)?;
        }
        // Re-rank.
        let n = self.len().max(1) as f32;
        let avg = self.average_length(&searcher).max(1.0);
        let mut idf_cache: BTreeMap<String, f32> = BTreeMap::new();
        let mut idf = |t: &str| -> f32 {
            *idf_cache.entry(t.to_owned()).or_insert_with(|| {
                let df = self.term_stats(&searcher, t) as f32;
                ((n - df + 0.5) / (df + 0.5)).ln_1p()
            })
        };
        let query_idf_total: f32 = p.weights.keys().map(|t| idf(t)).sum::<f32>().max(f32::EPSILON);
        let query_pairs: BTreeSet<(&str, &str)> =
            p.sequence.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
        let query_numbers = numbers(&p.sequence);
        let mut scored = Vec::with_capacity(candidates.len());
        for (_, addr) in &candidates {
            self.load(&searcher, &mut items, *addr, &mut a)?;
            let (item, ts) = &items[addr];
            let len = ts.len() as f32;
            let mut tf: BTreeMap<&str, f32> = BTreeMap::new();
            for t in ts {
                *tf.entry(t.as_str()).or_default() += 1.0;
            }
            let mut bm25 = 0.0;
            let mut overlap = 0.0;
            for (t, w) in &weights {
                if let Some(&f) = tf.get(t.as_str()) {
                    let i = idf(t);
                    bm25 += w * i * f * (cfg.k1 + 1.0) / (f + cfg.k1 * (1.0 - cfg.b + cfg.b * len / avg));
                    if p.weights.contains_key(t) {
                        overlap += i;
                    }
                }
            }
            let overlap = (overlap / query_idf_total).min(1.0);
            // The other way round: how much of the fact-check's own words the query holds. A
            // sentence that quotes a checked claim whole and adds who said it where ("…, the
            // councillor said at Tuesday's meeting") is that claim, though the additions lower
            // `overlap`.
            let distinct: BTreeSet<&str> = ts.iter().map(String::as_str).collect();
            let (mut held, mut all) = (0.0_f32, 0.0_f32);
            for t in &distinct {
                let i = idf(t);
                all += i;
                if p.weights.contains_key(*t) {
                    held += i;
                }
            }
            let contained = if all > 0.0 { held / all } else { 0.0 };
            let likely = overlap >= cfg.likely_overlap
                || (contained >= cfg.likely_contained && overlap >= cfg.likely_overlap / 2.0);
            let doc_pairs: BTreeSet<(&str, &str)> = ts.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
            let pairs: f32 = query_pairs.intersection(&doc_pairs).map(|(x, y)| idf(x).min(idf(y))).sum();
            let nums = numbers(ts).intersection(&query_numbers).count() as f32;
            let names: f32 = p.names.iter().filter(|t| tf.contains_key(t.as_str())).map(|t| idf(t)).sum();
            let mut score = bm25 + cfg.pair_weight * pairs + cfg.number_weight * nums + cfg.name_weight * names;
            if cfg.date_weight > 0.0
                && let (Some(qd), Some(d)) =
                    (p.date, item.review_date.as_deref().or(item.claim_date.as_deref()).and_then(parse_date))
            {
                let days = (qd - d).get_days().unsigned_abs() as f32;
                score *= 1.0 + cfg.date_weight / (1.0 + days / 365.0);
            }
            scored.push((score, overlap, likely, *addr));
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.3.cmp(&y.3)));
        scored.truncate(k);
        Ok(scored
            .into_iter()
            .map(|(score, overlap, likely, addr)| {
                let (item, _) = items.remove(&addr).expect("every candidate was loaded");
                Match::new(item, score, overlap, likely)
            })
            .collect())
    }

    /// Match many claims (an article's claims and suggestions; a file of queries), in order.
    /// Runs on the calling thread; checks `cancel` between claims and reports `progress`
    /// (done, total) after each.
    ///
    /// # Errors
    /// If the index cannot be read, or [`LibraryErrorKind::Cancelled`].
    pub fn match_claims(
        &self,
        queries: &[ClaimQuery],
        k: usize,
        cfg: &MatchConfig,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> Result<Vec<Vec<Match>>, LibraryError> {
        let mut out = Vec::with_capacity(queries.len());
        for (i, q) in queries.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(LibraryError { kind: LibraryErrorKind::Cancelled, path: self.dir().map(Into::into) });
            }
            out.push(self.match_claim_with(q, k, cfg)?);
            progress(i + 1, queries.len());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tweets_split_into_body_author_date() {
        let t = "Koalas are fine pic.twitter.com/x — Center for Bio Div (@CenterForBioDiv) January 14, 2020";
        let (body, author, date) = split_tweet(t);
        assert_eq!(body, "Koalas are fine pic.twitter.com/x");
        assert_eq!(author, Some("Center for Bio Div (@CenterForBioDiv)"));
        assert_eq!(date, Some(jiff::civil::date(2020, 1, 14)));
        assert_eq!(split_tweet("Just a sentence."), ("Just a sentence.", None, None));
    }

    #[test]
    fn names_skip_sentence_starts() {
        let mut a = analyzer();
        let n = names("Yesterday Barack Obama said. The IRS and #Hashtag were LOUDLY there.", &mut a);
        assert_eq!(n.into_iter().collect::<Vec<_>>(), ["barack", "ir", "obama"]);
    }
}
