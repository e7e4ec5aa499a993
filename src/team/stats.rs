//! Reliability coefficients from their definitions: Krippendorff's unitizing α (`α_u`),
//! Krippendorff's α for coded items (nominal and ordinal metrics), Cohen's κ and percent
//! agreement. Pure arithmetic on plain inputs; [`super::agreement`] builds the inputs from
//! projects.
//!
//! References: Krippendorff, K. (1995), "On the reliability of unitizing continuous data",
//! *Sociological Methodology* 25; Krippendorff, K. (2004), *Content Analysis: An Introduction
//! to Its Methodology*, 2nd ed., ch. 11–12 (`α_u` as `DKPro` Agreement computes it: Meyer et al.
//! 2014); Cohen, J. (1960), "A coefficient of agreement for nominal scales".

use std::collections::BTreeMap;

use serde::Serialize;

/// One unit a coder marked on the continuum: `[start, end)` with a category.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Unit {
    /// First position (inclusive).
    pub start: usize,
    /// One past the last position.
    pub end: usize,
    /// Its category.
    pub category: String,
}

impl Unit {
    /// A unit `[start, start + length)` of `category`.
    #[must_use]
    pub fn new(start: usize, length: usize, category: impl Into<String>) -> Self {
        Self { start, end: start + length, category: category.into() }
    }
}

/// A coefficient, or why it has no value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coefficient {
    /// The value (`None`: undefined, see `reason`).
    pub value: Option<f64>,
    /// Why the value is undefined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Observed disagreement (α coefficients).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_disagreement: Option<f64>,
    /// Disagreement expected by chance (α coefficients).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_disagreement: Option<f64>,
}

impl Coefficient {
    /// A defined value.
    #[must_use]
    pub fn value(value: f64) -> Self {
        Self { value: Some(value), reason: None, observed_disagreement: None, expected_disagreement: None }
    }

    /// An undefined value, with the reason.
    #[must_use]
    pub fn undefined(reason: impl Into<String>) -> Self {
        Self { value: None, reason: Some(reason.into()), observed_disagreement: None, expected_disagreement: None }
    }

    /// α = 1 − `D_o` / `D_e`, undefined when nothing varies (`D_e` = 0).
    fn alpha(observed: f64, expected: f64, no_variation: impl Into<String>) -> Self {
        let mut c = if expected > 0.0 { Self::value(1.0 - observed / expected) } else { Self::undefined(no_variation) };
        c.observed_disagreement = Some(observed);
        c.expected_disagreement = Some(expected);
        c
    }
}

/// One coder's segmentation of the continuum for one category: maximal runs of "in a unit
/// of the category" (`true`) and gaps (`false`), covering `[0, length)` in order.
fn segments(units: &[Unit], category: &str, length: usize) -> Vec<(usize, usize, bool)> {
    let mut spans: Vec<(usize, usize)> = units
        .iter()
        .filter(|u| u.category == category)
        .map(|u| (u.start.min(length), u.end.min(length)))
        .filter(|(s, e)| s < e)
        .collect();
    spans.sort_unstable();
    // A coder's overlapping units of one category count as their union (`α_u` assumes a coder's
    // units of one category do not overlap).
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = Vec::new();
    let mut pos = 0;
    for (s, e) in merged {
        if s > pos {
            out.push((pos, s, false));
        }
        out.push((s, e, true));
        pos = e;
    }
    if pos < length {
        out.push((pos, length, false));
    }
    out
}

/// The squared distance of two segments of two coders (Krippendorff 2004, p. 252): two
/// overlapping units differ by their squared begin and end differences; a unit lying wholly
/// inside the other coder's gap counts its squared length; anything else counts nothing.
fn delta(g: (usize, usize, bool), h: (usize, usize, bool)) -> f64 {
    let sq = |a: usize, b: usize| {
        let d = a.abs_diff(b) as f64;
        d * d
    };
    let len = |s: (usize, usize, bool)| (s.1 - s.0) as f64;
    match (g.2, h.2) {
        (true, true) if g.0 < h.1 && h.0 < g.1 => sq(g.0, h.0) + sq(g.1, h.1),
        (true, false) if h.0 <= g.0 && g.1 <= h.1 => len(g) * len(g),
        (false, true) if g.0 <= h.0 && h.1 <= g.1 => len(h) * len(h),
        _ => 0.0,
    }
}

/// Observed and expected disagreement of one category (Krippendorff 2004, pp. 251–254).
fn category_disagreement(coders: &[Vec<Unit>], category: &str, length: usize) -> (f64, f64) {
    let m = coders.len() as f64;
    let l = length as f64;
    let segs: Vec<Vec<(usize, usize, bool)>> = coders.iter().map(|u| segments(u, category, length)).collect();
    // Observed: every pair of coders, every pair of overlapping segments (a sweep: both lists
    // cover the continuum in order).
    let mut observed = 0.0;
    for i in 0..segs.len() {
        for j in i + 1..segs.len() {
            let (a, b) = (&segs[i], &segs[j]);
            let (mut x, mut y) = (0, 0);
            while x < a.len() && y < b.len() {
                observed += delta(a[x], b[y]);
                if a[x].1 <= b[y].1 {
                    x += 1;
                } else {
                    y += 1;
                }
            }
        }
    }
    // Both orders of each pair.
    let observed = 2.0 * observed / (m * (m - 1.0) * l * l);

    let units: Vec<f64> = segs.iter().flatten().filter(|s| s.2).map(|s| (s.1 - s.0) as f64).collect();
    let mut gaps: Vec<f64> = segs.iter().flatten().filter(|s| !s.2).map(|s| (s.1 - s.0) as f64).collect();
    gaps.sort_by(|a, b| b.total_cmp(a));
    let n_c = units.len() as f64;
    let mut sum = 0.0;
    for &lu in &units {
        let within = (n_c - 1.0) * (2.0 * lu * lu * lu - 3.0 * lu * lu + lu) / 3.0;
        let in_gaps: f64 = gaps.iter().take_while(|&&g| g >= lu).map(|&g| g - lu + 1.0).sum();
        sum += within + lu * lu * in_gaps;
    }
    let squared: f64 = units.iter().map(|&lu| lu * (lu - 1.0)).sum();
    let denominator = m * l * (m * l - 1.0) - squared;
    let expected = if denominator > 0.0 { 2.0 / l * sum / denominator } else { 0.0 };
    (observed, expected)
}

/// Krippendorff's unitizing α: per category and over all categories.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitizedAlpha {
    /// Over all categories: 1 − Σ `D_o` / Σ `D_e`.
    pub overall: Coefficient,
    /// Per category.
    pub by_category: BTreeMap<String, Coefficient>,
}

/// Krippendorff's `α_u` of `coders`' units on a continuum `[0, length)`.
///
/// Each coder's units of one category that overlap are taken as their union. Units reaching
/// past the continuum are cut at its end.
///
/// # Example
/// Krippendorff (2004, p. 254), shifted to start at 0:
/// ```
/// use claimlens::team::stats::{Unit, unitized_alpha};
/// let u = |s: usize, l: usize, c: &str| Unit::new(s - 150, l, c);
/// let coder1 = vec![u(225, 70, "c"), u(370, 30, "c"), u(180, 60, "k"), u(300, 50, "k")];
/// let coder2 = vec![u(220, 80, "c"), u(355, 20, "c"), u(400, 20, "c"), u(180, 60, "k"), u(300, 50, "k")];
/// let a = unitized_alpha(300, &[coder1, coder2]);
/// assert!((a.overall.value.unwrap() - 0.8591).abs() < 0.0005);
/// ```
#[must_use]
pub fn unitized_alpha(length: usize, coders: &[Vec<Unit>]) -> UnitizedAlpha {
    let categories: std::collections::BTreeSet<&str> = coders.iter().flatten().map(|u| u.category.as_str()).collect();
    let undefined = |why: &str| UnitizedAlpha {
        overall: Coefficient::undefined(why),
        by_category: categories.iter().map(|c| ((*c).to_owned(), Coefficient::undefined(why))).collect(),
    };
    if coders.len() < 2 {
        return undefined("agreement needs at least two coders");
    }
    if length < 2 {
        return undefined("the continuum is shorter than two positions");
    }
    if let Some(i) = coders.iter().position(Vec::is_empty) {
        return undefined(&format!("coder {} marked no units", i + 1));
    }
    let mut by_category = BTreeMap::new();
    let (mut total_o, mut total_e) = (0.0, 0.0);
    for c in &categories {
        let (o, e) = category_disagreement(coders, c, length);
        total_o += o;
        total_e += e;
        by_category.insert((*c).to_owned(), Coefficient::alpha(o, e, "no variation in this category"));
    }
    UnitizedAlpha { overall: Coefficient::alpha(total_o, total_e, "no variation"), by_category }
}

/// How values of an attribute are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Same or different.
    Nominal,
    /// Ranked: values are ranks `0, 1, 2, …` ([`krippendorff_alpha`] takes them as strings
    /// of those numbers' order in the given rank list).
    Ordinal,
}

/// Krippendorff's α for items coded by two coders (`pairs`: coder 1's and coder 2's value of
/// each item), nominal or ordinal (`ranks` gives the order of the values for the ordinal
/// metric; values not in it are ignored).
///
/// # Example
/// Krippendorff's (1995) example A: 24 items, coder 1 marks items 2–9 and 14–19, coder 2
/// items 4–7 and 15–16.
/// ```
/// use claimlens::team::stats::{Metric, krippendorff_alpha};
/// let marks = |ranges: &[(u32, u32)], i: u32| ranges.iter().any(|(a, b)| (*a..=*b).contains(&i));
/// let pairs: Vec<(bool, bool)> = (1..=24).map(|i| (marks(&[(2, 9), (14, 19)], i), marks(&[(4, 7), (15, 16)], i))).collect();
/// let a = krippendorff_alpha(&pairs, Metric::Nominal, &[]);
/// assert!((a.value.unwrap() - 0.329).abs() < 0.001);
/// ```
#[must_use]
pub fn krippendorff_alpha<V: Ord + Clone>(pairs: &[(V, V)], metric: Metric, ranks: &[V]) -> Coefficient {
    let pairs: Vec<&(V, V)> = match metric {
        Metric::Nominal => pairs.iter().collect(),
        Metric::Ordinal => pairs.iter().filter(|(a, b)| ranks.contains(a) && ranks.contains(b)).collect(),
    };
    if pairs.is_empty() {
        return Coefficient::undefined("no items coded by both coders");
    }
    // Coincidence counts: each item contributes (a, b) and (b, a).
    let mut values: BTreeMap<&V, f64> = BTreeMap::new();
    let mut coincidences: BTreeMap<(&V, &V), f64> = BTreeMap::new();
    for (a, b) in &pairs {
        *values.entry(a).or_default() += 1.0;
        *values.entry(b).or_default() += 1.0;
        *coincidences.entry((a, b)).or_default() += 1.0;
        *coincidences.entry((b, a)).or_default() += 1.0;
    }
    let n: f64 = values.values().sum();
    let delta2 = |c: &V, k: &V| -> f64 {
        match metric {
            Metric::Nominal => f64::from(u8::from(c != k)),
            Metric::Ordinal => {
                let (rc, rk) = (rank(ranks, c), rank(ranks, k));
                let (lo, hi) = (rc.min(rk), rc.max(rk));
                let between: f64 = ranks[lo..=hi].iter().map(|v| values.get(v).copied().unwrap_or(0.0)).sum::<f64>();
                let nc = values.get(c).copied().unwrap_or(0.0);
                let nk = values.get(k).copied().unwrap_or(0.0);
                let d = between - (nc + nk) / 2.0;
                d * d
            }
        }
    };
    let observed: f64 = coincidences.iter().map(|((c, k), o)| o * delta2(c, k)).sum::<f64>() / n;
    let mut expected = 0.0;
    for (c, nc) in &values {
        for (k, nk) in &values {
            expected += nc * nk * delta2(c, k);
        }
    }
    expected /= n * (n - 1.0);
    let only = values.keys().next().map(|_| "every value is the same").unwrap_or("no values");
    Coefficient::alpha(observed, expected, only)
}

fn rank<V: PartialEq>(ranks: &[V], v: &V) -> usize {
    ranks.iter().position(|r| r == v).unwrap_or(0)
}

/// Cohen's κ for two coders' values of the same items.
#[must_use]
pub fn cohen_kappa<V: Ord>(pairs: &[(V, V)]) -> Coefficient {
    if pairs.is_empty() {
        return Coefficient::undefined("no items");
    }
    let n = pairs.len() as f64;
    let observed = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let mut first: BTreeMap<&V, f64> = BTreeMap::new();
    let mut second: BTreeMap<&V, f64> = BTreeMap::new();
    for (a, b) in pairs {
        *first.entry(a).or_default() += 1.0;
        *second.entry(b).or_default() += 1.0;
    }
    let chance: f64 = first.iter().map(|(v, c)| c / n * second.get(v).copied().unwrap_or(0.0) / n).sum();
    if chance >= 1.0 {
        return Coefficient::undefined("both coders gave every item the same value");
    }
    Coefficient::value((observed - chance) / (1.0 - chance))
}

/// The share of items both coders gave the same value (0–1).
#[must_use]
pub fn percent_agreement<V: PartialEq>(pairs: &[(V, V)]) -> Coefficient {
    if pairs.is_empty() {
        return Coefficient::undefined("no items");
    }
    Coefficient::value(pairs.iter().filter(|(a, b)| a == b).count() as f64 / pairs.len() as f64)
}

/// What a reliability coefficient means in plain language (Krippendorff 2004, p. 241).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    /// α ≥ 0.8: reliable.
    Reliable,
    /// 0.667 ≤ α < 0.8: tentative conclusions only.
    Tentative,
    /// α < 0.667: not reliable.
    Unreliable,
}

impl Reading {
    /// The reading of `alpha`.
    #[must_use]
    pub fn of(alpha: f64) -> Self {
        if alpha >= 0.8 {
            Self::Reliable
        } else if alpha >= 0.667 {
            Self::Tentative
        } else {
            Self::Unreliable
        }
    }

    /// One sentence for people.
    #[must_use]
    pub const fn explain(self) -> &'static str {
        match self {
            Self::Reliable => "reliable (α ≥ 0.8): the coders agree well enough to draw conclusions",
            Self::Tentative => "tentative (0.667 ≤ α < 0.8): good enough only for tentative conclusions",
            Self::Unreliable => {
                "unreliable (α < 0.667): the coders disagree too much; revise the codebook or train the coders"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(c: &Coefficient, want: f64, tol: f64) {
        let v = c.value.unwrap_or_else(|| panic!("undefined: {:?}", c.reason));
        assert!((v - want).abs() < tol, "{v} is not {want} ± {tol}");
    }

    /// Krippendorff (2004), Content Analysis, p. 254 (values as in `DKPro` Agreement's tests:
    /// the book's rounded 0.8591 overall is checked to ±0.0005, as `DKPro` does; computed
    /// exactly it is 0.85867).
    #[test]
    fn unitized_alpha_textbook_example() {
        let u = |s: usize, l: usize, c: &str| Unit::new(s - 150, l, c);
        let coder1 = vec![u(225, 70, "c"), u(370, 30, "c"), u(180, 60, "k"), u(300, 50, "k")];
        let coder2 = vec![u(220, 80, "c"), u(355, 20, "c"), u(400, 20, "c"), u(180, 60, "k"), u(300, 50, "k")];
        let a = unitized_alpha(300, &[coder1, coder2]);
        close(&a.overall, 0.8591, 0.0005);
        close(&a.overall, 0.85867, 0.00001);
        let c = &a.by_category["c"];
        close(c, 0.7286, 0.0001);
        assert!((c.observed_disagreement.unwrap() - 0.0144).abs() < 0.00005);
        assert!((c.expected_disagreement.unwrap() - 0.0532).abs() < 0.00005);
        close(&a.by_category["k"], 1.0, 1e-12);
        assert!((a.by_category["k"].expected_disagreement.unwrap() - 0.0490).abs() < 0.0001);
    }

    /// `DKPro` Agreement's small example: continuum 10, coder A (1,+8), coder B (2,+1) (4,+1) (6,+1).
    #[test]
    fn unitized_alpha_small_example() {
        let a = vec![Unit::new(1, 8, "x")];
        let b = vec![Unit::new(2, 1, "x"), Unit::new(4, 1, "x"), Unit::new(6, 1, "x")];
        let r = unitized_alpha(10, &[a, b]);
        close(&r.overall, -0.7003, 0.0001);
        assert!((r.overall.observed_disagreement.unwrap() - 0.9100).abs() < 0.0001);
        assert!((r.overall.expected_disagreement.unwrap() - 0.5351).abs() < 0.0001);
    }

    #[test]
    fn unitized_alpha_undefined_cases_say_why() {
        let a = vec![Unit::new(1, 8, "x")];
        let r = unitized_alpha(10, &[a.clone(), Vec::new()]);
        assert_eq!(r.overall.value, None);
        assert!(r.overall.reason.as_deref().unwrap().contains("coder 2 marked no units"));
        let same = unitized_alpha(10, &[a.clone(), a]);
        close(&same.overall, 1.0, 1e-12);
    }

    /// Krippendorff (1995), example A.
    #[test]
    fn kappa_and_alpha_on_example_a() {
        let marks = |ranges: &[(u32, u32)], i: u32| ranges.iter().any(|(a, b)| (*a..=*b).contains(&i));
        let pairs: Vec<(bool, bool)> =
            (1..=24).map(|i| (marks(&[(2, 9), (14, 19)], i), marks(&[(4, 7), (15, 16)], i))).collect();
        close(&cohen_kappa(&pairs), 0.385, 0.0005);
        close(&krippendorff_alpha(&pairs, Metric::Nominal, &[]), 0.329, 0.0005);
        close(&percent_agreement(&pairs), 16.0 / 24.0, 1e-12);
    }

    /// Krippendorff's α reference data (Krippendorff 2011, "Computing Krippendorff's alpha-
    /// reliability", the two-coder binary example: α = 0.095).
    #[test]
    fn alpha_two_coder_binary_reference() {
        let a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        let b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        let pairs: Vec<(i32, i32)> = a.into_iter().zip(b).collect();
        close(&krippendorff_alpha(&pairs, Metric::Nominal, &[]), 0.095, 0.0005);
    }

    #[test]
    fn ordinal_alpha_counts_distance_and_undefined_without_variation() {
        let ranks = ["low", "medium", "high"];
        let near: Vec<(&str, &str)> = vec![("low", "low"), ("medium", "high"), ("high", "high"), ("low", "medium")];
        let far: Vec<(&str, &str)> = vec![("low", "low"), ("low", "high"), ("high", "high"), ("high", "low")];
        let near_a = krippendorff_alpha(&near, Metric::Ordinal, &ranks).value.unwrap();
        let far_a = krippendorff_alpha(&far, Metric::Ordinal, &ranks).value.unwrap();
        assert!(near_a > far_a, "{near_a} {far_a}");
        let flat = krippendorff_alpha(&[("low", "low"), ("low", "low")], Metric::Ordinal, &ranks);
        assert_eq!(flat.value, None);
        assert!(flat.reason.is_some());
        assert_eq!(cohen_kappa(&[(1, 1), (1, 1)]).value, None);
        assert_eq!(Reading::of(0.85), Reading::Reliable);
        assert_eq!(Reading::of(0.7), Reading::Tentative);
        assert_eq!(Reading::of(0.2), Reading::Unreliable);
    }
}
