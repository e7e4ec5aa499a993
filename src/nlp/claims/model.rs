//! The check-worthiness model: L2-regularised logistic regression over hashed sentence
//! features ([`super::features`]), trained full-batch with L-BFGS (deterministic: no
//! shuffling, no randomness), stored zlib-compressed with `i16` weights.
//!
//! The score of a sentence is `sigmoid(bias + Σ w_f / √n)` over its `n` feature hashes `f`
//! (a length-normalised binary vector), a probability calibrated on the training data.

use std::collections::HashMap;

use super::super::hash::HashBuilder;
use super::super::model_file;
use super::features::FeatureConfig;

const MAGIC: &[u8; 8] = b"CLCWM\x01\0\0";

/// A trained model (see the module docs). Cheap to share: scoring takes `&self`.
#[derive(Debug, Clone, Default)]
pub struct LinearModel {
    index: HashMap<u64, u32, HashBuilder>,
    weights: Vec<f32>,
    bias: f32,
    config: FeatureConfig,
}

/// The logistic function.
#[must_use]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl LinearModel {
    /// Number of features with a weight.
    #[must_use]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True for an untrained model (every score is 0.5).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The feature groups this model was trained with.
    #[must_use]
    pub fn config(&self) -> FeatureConfig {
        self.config
    }

    /// The intercept.
    #[must_use]
    pub fn bias(&self) -> f32 {
        self.bias
    }

    /// The weight of feature `hash` (0 if unknown).
    #[must_use]
    pub fn weight(&self, hash: u64) -> f32 {
        self.index.get(&hash).map_or(0.0, |&i| self.weights[i as usize])
    }

    /// The log-odds of a sentence with these (de-duplicated) features.
    #[must_use]
    pub fn margin(&self, feats: &[u64]) -> f32 {
        if feats.is_empty() {
            return self.bias;
        }
        let scale = 1.0 / (feats.len() as f32).sqrt();
        self.bias + feats.iter().map(|f| self.weight(*f)).sum::<f32>() * scale
    }

    /// The probability that a sentence with these features is check-worthy, 0–1.
    #[must_use]
    pub fn probability(&self, feats: &[u64]) -> f32 {
        sigmoid(self.margin(feats))
    }

    /// Serialise ([`crate::nlp::model_file`]: header feature config, rows, bias, scale; then
    /// the table of one weight per feature).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let scale = model_file::scale(&self.weights);
        let mut w = model_file::Writer::new(MAGIC, 24 + self.index.len() * 10);
        w.u32(self.config.to_bits());
        w.u32(self.index.len() as u32);
        w.f32(self.bias);
        w.f32(scale);
        w.table(&self.index, &self.weights, 1, scale);
        w.finish()
    }

    /// Load a model written by [`LinearModel::to_bytes`].
    ///
    /// # Errors
    /// If the bytes are not such a model (wrong magic, truncated, not zlib).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let mut r = model_file::Reader::open(bytes, MAGIC, "claim model", "check-worthiness model")?;
        let config = FeatureConfig::from_bits(r.u32()?);
        let n = r.u32()? as usize;
        let bias = r.f32()?;
        let scale = r.f32()?;
        let (index, weights) = r.table(n, 1, scale)?;
        Ok(Self { index, weights, bias, config })
    }
}

/// One training sentence: its feature hashes and whether it is check-worthy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Sorted, de-duplicated feature hashes.
    pub feats: Vec<u64>,
    /// The gold label.
    pub positive: bool,
}

/// Training options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// L2 penalty (on the mean log-loss).
    pub l2: f64,
    /// Features seen in fewer training sentences are dropped.
    pub min_count: usize,
    /// L-BFGS iterations.
    pub iterations: usize,
    /// Feature groups.
    pub features: FeatureConfig,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self { l2: 3e-5, min_count: 2, iterations: 200, features: FeatureConfig::default() }
    }
}

/// Train a model on `examples` (deterministic). `progress(iteration, loss)` is called after
/// every L-BFGS step.
#[must_use]
pub fn train(examples: &[Example], cfg: TrainConfig, mut progress: impl FnMut(usize, f64)) -> LinearModel {
    // Feature index: those in at least `min_count` sentences, in hash order (deterministic).
    let mut counts: HashMap<u64, usize, HashBuilder> = HashMap::with_hasher(HashBuilder);
    for ex in examples {
        for f in &ex.feats {
            *counts.entry(*f).or_default() += 1;
        }
    }
    let mut kept: Vec<u64> = counts.iter().filter(|(_, n)| **n >= cfg.min_count.max(1)).map(|(k, _)| *k).collect();
    kept.sort_unstable();
    let index: HashMap<u64, u32, HashBuilder> =
        kept.iter().enumerate().map(|(i, k)| (*k, i as u32)).collect::<HashMap<_, _, _>>();
    // Sparse rows: (feature indices, scale).
    let rows: Vec<(Vec<u32>, f64, f64)> = examples
        .iter()
        .map(|ex| {
            let idx: Vec<u32> = ex.feats.iter().filter_map(|f| index.get(f).copied()).collect();
            let scale = if ex.feats.is_empty() { 0.0 } else { 1.0 / (ex.feats.len() as f64).sqrt() };
            (idx, scale, if ex.positive { 1.0 } else { 0.0 })
        })
        .collect();
    let dim = kept.len() + 1; // last = bias
    let n = rows.len().max(1) as f64;
    let objective = |w: &[f64], grad: &mut [f64]| -> f64 {
        grad.fill(0.0);
        let bias = w[dim - 1];
        let mut loss = 0.0;
        for (idx, scale, y) in &rows {
            let z = bias + idx.iter().map(|&i| w[i as usize]).sum::<f64>() * scale;
            // log(1 + e^z) - y z, computed stably.
            loss += if z > 0.0 { z + (-z).exp().ln_1p() } else { z.exp().ln_1p() } - y * z;
            let p = 1.0 / (1.0 + (-z).exp());
            let d = (p - y) / n;
            for &i in idx {
                grad[i as usize] += d * scale;
            }
            grad[dim - 1] += d;
        }
        loss /= n;
        for i in 0..dim - 1 {
            loss += 0.5 * cfg.l2 * w[i] * w[i];
            grad[i] += cfg.l2 * w[i];
        }
        loss
    };
    let w = lbfgs(objective, vec![0.0; dim], cfg.iterations, &mut progress);
    LinearModel {
        index,
        weights: w[..dim - 1].iter().map(|x| *x as f32).collect(),
        bias: w[dim - 1] as f32,
        config: cfg.features,
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimise `f` (which writes its gradient) from `x` with L-BFGS (memory 10) and a
/// backtracking Armijo line search.
fn lbfgs(
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    mut x: Vec<f64>,
    iterations: usize,
    progress: &mut impl FnMut(usize, f64),
) -> Vec<f64> {
    const M: usize = 10;
    let dim = x.len();
    let mut g = vec![0.0; dim];
    let mut fx = f(&x, &mut g);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut x_new = vec![0.0; dim];
    let mut g_new = vec![0.0; dim];
    for it in 0..iterations {
        // Two-loop recursion: d = -H g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(s_hist.len());
        for (s, y) in s_hist.iter().zip(&y_hist).rev() {
            let rho = 1.0 / dot(y, s);
            let a = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= a * yi);
            alphas.push((a, rho));
        }
        let gamma = match (s_hist.last(), y_hist.last()) {
            (Some(s), Some(y)) => dot(s, y) / dot(y, y),
            _ => 1.0 / dot(&g, &g).sqrt().max(1e-12),
        };
        for qi in &mut q {
            *qi *= gamma;
        }
        for ((s, y), (a, rho)) in s_hist.iter().zip(&y_hist).zip(alphas.into_iter().rev()) {
            let b = rho * dot(y, &q);
            q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (a - b) * si);
        }
        let d: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&g, &d);
        if slope >= 0.0 || !slope.is_finite() {
            s_hist.clear();
            y_hist.clear();
            if dot(&g, &g) < 1e-20 {
                break;
            }
            continue;
        }
        let mut step = 1.0;
        let mut f_new;
        loop {
            x_new.iter_mut().zip(&x).zip(&d).for_each(|((xn, xi), di)| *xn = xi + step * di);
            f_new = f(&x_new, &mut g_new);
            if f_new <= fx + 1e-4 * step * slope || step < 1e-10 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let converged = (fx - f_new).abs() < 1e-10 * fx.abs().max(1.0);
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        fx = f_new;
        progress(it + 1, fx);
        if dot(&s, &y) > 1e-12 {
            s_hist.push(s);
            y_hist.push(y);
            if s_hist.len() > M {
                s_hist.remove(0);
                y_hist.remove(0);
            }
        }
        if converged {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<Example> {
        // Feature 1 means positive, feature 2 negative, feature 3 is noise.
        (0..200u64)
            .map(|i| {
                let positive = i % 3 == 0;
                let mut feats = vec![if positive { 1 } else { 2 }, 3 + i % 2];
                feats.sort_unstable();
                Example { feats, positive }
            })
            .collect()
    }

    #[test]
    fn learns_a_separable_toy_problem() {
        let m = train(&toy(), TrainConfig::default(), |_, _| {});
        assert!(m.probability(&[1, 3]) > 0.8, "{}", m.probability(&[1, 3]));
        assert!(m.probability(&[2, 3]) < 0.2);
        assert!(m.weight(1) > 0.0 && m.weight(2) < 0.0);
    }

    #[test]
    fn training_is_deterministic_and_round_trips() {
        let a = train(&toy(), TrainConfig::default(), |_, _| {});
        let b = train(&toy(), TrainConfig::default(), |_, _| {});
        assert_eq!(a.to_bytes(), b.to_bytes());
        let c = LinearModel::from_bytes(&a.to_bytes()).unwrap();
        for f in [[1u64, 3], [2, 4], [1, 4]] {
            assert!((a.probability(&f) - c.probability(&f)).abs() < 1e-3);
        }
        assert_eq!(c.config(), a.config());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(LinearModel::from_bytes(b"").is_err());
        assert!(LinearModel::from_bytes(b"not a model").is_err());
        let mut raw = MAGIC.to_vec();
        raw.extend_from_slice(&[0, 0, 0, 0, 255, 255, 255, 255]);
        assert!(LinearModel::from_bytes(&miniz_oxide::deflate::compress_to_vec_zlib(&raw, 1)).is_err());
        assert_eq!(LinearModel::default().probability(&[1, 2]), 0.5);
    }
}
