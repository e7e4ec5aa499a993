//! Ranking quality: MAP@k, MRR@k and hit@k over TREC qrels, computed as the CheckThat! 2020
//! Task 2 scorer does (`../shared/tools/match_score.py`): AP@k divides by the number of
//! relevant fact-checks of the query; a query without predictions scores 0.

use std::collections::{BTreeMap, BTreeSet};

/// The relevant URLs of each query.
pub type Qrels = BTreeMap<String, BTreeSet<String>>;

/// Read TREC qrels (`query 0 url relevance`, tab- or space-separated); relevance must be 1.
/// Lines that do not have four fields are ignored.
#[must_use]
pub fn parse_qrels(text: &str) -> Qrels {
    let mut out = Qrels::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() >= 4 && f[3] == "1" {
            out.entry(f[0].to_owned()).or_default().insert(f[2].to_owned());
        }
    }
    out
}

/// Scores at one cut-off.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Queries with relevant fact-checks.
    pub queries: usize,
    /// Mean average precision at k.
    pub map: f64,
    /// Mean reciprocal rank at k.
    pub mrr: f64,
    /// Share of queries with a relevant fact-check in the first k.
    pub hit: f64,
}

/// Score ranked URLs per query against `qrels` at cut-off `k`.
///
/// # Example
/// ```
/// use claimlens::factcheck::eval::{parse_qrels, score};
/// let qrels = parse_qrels("q1\t0\tu1\t1\nq2\t0\tu9\t1\n");
/// let ranked = [("q1".to_owned(), vec!["u0".to_owned(), "u1".to_owned()])].into_iter().collect();
/// let s = score(&qrels, &ranked, 5);
/// assert_eq!((s.queries, s.map, s.hit), (2, 0.25, 0.5));
/// ```
#[must_use]
pub fn score(qrels: &Qrels, ranked: &BTreeMap<String, Vec<String>>, k: usize) -> Scores {
    let mut s = Scores { queries: qrels.len(), ..Scores::default() };
    if qrels.is_empty() {
        return s;
    }
    for (q, relevant) in qrels {
        let list = ranked.get(q).map_or(&[][..], Vec::as_slice);
        let (mut found, mut ap, mut rr) = (0usize, 0.0, 0.0);
        for (i, url) in list.iter().take(k).enumerate() {
            if relevant.contains(url) {
                found += 1;
                ap += found as f64 / (i + 1) as f64;
                if rr == 0.0 {
                    rr = 1.0 / (i + 1) as f64;
                }
            }
        }
        s.map += ap / relevant.len() as f64;
        s.mrr += rr;
        s.hit += f64::from(u8::from(found > 0));
    }
    let n = qrels.len() as f64;
    s.map /= n;
    s.mrr /= n;
    s.hit /= n;
    s
}
