//! An averaged structured perceptron over BIO tags (Collins 2002), with Viterbi decoding.
//!
//! Tags are `O` and `B-`/`I-` of four coarse classes (PER, ORG, LOC, MISC), the classes the
//! openly licensed training data annotates. Emission scores are sums of feature weights
//! ([`super::features`]); a 10×9 transition matrix (start row included) scores tag bigrams,
//! and an `I-X` may only follow `B-X` or `I-X`.
//!
//! The model file (`assets/ner/model.bin.z`, [`super::model_file`]) is zlib-compressed: a
//! header, the transition matrix, the sorted feature hashes and their weights quantised to
//! `i16`. Training is
//! deterministic: a fixed seed shuffles the sentences each epoch.

use std::collections::HashMap;

use super::hash::HashBuilder;
use super::model_file;

/// Number of tags.
pub const NTAGS: usize = 9;
/// Tag names, by index.
pub const TAGS: [&str; NTAGS] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];
/// The coarse classes, in tag order (`B-` of class `k` is tag `1 + 2k`).
pub const CLASSES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

const MAGIC: &[u8; 8] = b"CLNER\x01\0\0";

/// True when tag `to` may follow tag `from` (`from == NTAGS` is the sentence start).
#[must_use]
pub const fn allowed(from: usize, to: usize) -> bool {
    if to == 0 || to % 2 == 1 {
        return true;
    }
    // I-X: only after B-X or I-X.
    from < NTAGS && from != 0 && from.div_ceil(2) == to / 2
}

/// A trained tagger.
#[derive(Debug, Clone, Default)]
pub struct Model {
    index: HashMap<u64, u32, HashBuilder>,
    weights: Vec<f32>,
    trans: Vec<f32>,
}

impl Model {
    /// Number of features with weights.
    #[must_use]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True for an untrained model.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Emission scores of one token from its feature hashes.
    fn emit(&self, feats: &[u64], out: &mut [f32; NTAGS]) {
        *out = [0.0; NTAGS];
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let w = &self.weights[row as usize * NTAGS..row as usize * NTAGS + NTAGS];
                for (o, w) in out.iter_mut().zip(w) {
                    *o += w;
                }
            }
        }
    }

    /// The best tag sequence for a sentence given each token's features.
    #[must_use]
    pub fn decode(&self, feats: &[Vec<u64>]) -> Vec<u8> {
        let scores: Vec<[f32; NTAGS]> = feats
            .iter()
            .map(|f| {
                let mut s = [0.0; NTAGS];
                self.emit(f, &mut s);
                s
            })
            .collect();
        viterbi(&scores, |from, to| self.trans.get(from * NTAGS + to).copied().unwrap_or(0.0))
    }

    /// Serialise ([`super::model_file`]: header `NTAGS`, rows, scale, the transition matrix;
    /// then the table of `NTAGS` weights per feature).
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let scale = model_file::scale(&self.weights);
        let mut w = model_file::Writer::new(MAGIC, 16 + self.index.len() * (8 + 2 * NTAGS));
        w.u32(NTAGS as u32);
        w.u32(self.index.len() as u32);
        w.f32(scale);
        for t in &self.trans {
            w.f32(*t);
        }
        w.table(&self.index, &self.weights, NTAGS, scale);
        w.finish()
    }

    /// Load a model written by [`Model::to_bytes`].
    ///
    /// # Errors
    /// If the data is not such a model.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let mut r = model_file::Reader::open(bytes, MAGIC, "model", "NER model")?;
        let ntags = r.u32()? as usize;
        if ntags != NTAGS {
            return Err(format!("model: {ntags} tags, expected {NTAGS}"));
        }
        let n = r.u32()? as usize;
        let scale = r.f32()?;
        let trans = (0..(NTAGS + 1) * NTAGS).map(|_| r.f32()).collect::<Result<Vec<_>, _>>()?;
        let (index, weights) = r.table(n, NTAGS, scale)?;
        Ok(Self { index, weights, trans })
    }
}

/// Viterbi over per-token tag scores with transition scores `trans(from, to)` (`from == NTAGS`
/// at the start), honouring [`allowed`].
fn viterbi(scores: &[[f32; NTAGS]], trans: impl Fn(usize, usize) -> f32) -> Vec<u8> {
    let n = scores.len();
    if n == 0 {
        return Vec::new();
    }
    let mut best = vec![[f32::NEG_INFINITY; NTAGS]; n];
    let mut back = vec![[0u8; NTAGS]; n];
    for t in 0..NTAGS {
        if allowed(NTAGS, t) {
            best[0][t] = scores[0][t] + trans(NTAGS, t);
        }
    }
    for i in 1..n {
        for t in 0..NTAGS {
            let mut bs = f32::NEG_INFINITY;
            let mut bp = 0u8;
            for (p, &prev) in best[i - 1].iter().enumerate() {
                if !allowed(p, t) || prev == f32::NEG_INFINITY {
                    continue;
                }
                let s = prev + trans(p, t);
                if s > bs {
                    bs = s;
                    bp = p as u8;
                }
            }
            best[i][t] = bs + scores[i][t];
            back[i][t] = bp;
        }
    }
    let mut t = (0..NTAGS).max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]).then(b.cmp(&a))).unwrap_or(0);
    let mut out = vec![0u8; n];
    for i in (0..n).rev() {
        out[i] = t as u8;
        t = back[i][t] as usize;
    }
    out
}

/// One training sentence: per-token feature hashes and gold tags.
#[derive(Debug, Clone)]
pub struct Example {
    /// Feature hashes, one `Vec` per token.
    pub feats: Vec<Vec<u64>>,
    /// Gold tag per token.
    pub gold: Vec<u8>,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Drop features seen fewer times than this.
    pub min_count: u32,
    /// Drop features whose averaged weights are all smaller than this.
    pub prune: f32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self { epochs: 12, seed: 0x5EED, min_count: 1, prune: 0.01 }
    }
}

/// Train a model on `examples` (deterministic for a given config). `progress` is called after
/// each epoch with `(epoch, token errors)`.
#[must_use]
pub fn train(examples: &[Example], cfg: TrainConfig, mut progress: impl FnMut(usize, usize)) -> Model {
    // Intern features.
    let mut ids: HashMap<u64, u32, HashBuilder> = HashMap::with_hasher(HashBuilder);
    let mut counts: Vec<u32> = Vec::new();
    let data: Vec<(Vec<Vec<u32>>, &[u8])> = examples
        .iter()
        .map(|ex| {
            let f = ex
                .feats
                .iter()
                .map(|fs| {
                    fs.iter()
                        .map(|h| {
                            let next = ids.len() as u32;
                            let id = *ids.entry(*h).or_insert(next);
                            if id as usize == counts.len() {
                                counts.push(0);
                            }
                            counts[id as usize] += 1;
                            id
                        })
                        .collect()
                })
                .collect();
            (f, ex.gold.as_slice())
        })
        .collect();
    let nf = ids.len();
    let ntr = (NTAGS + 1) * NTAGS;
    // Weights, then transitions, in one array; lazy averaging.
    let size = nf * NTAGS + ntr;
    let mut w = vec![0f32; size];
    let mut total = vec![0f64; size];
    let mut stamp = vec![0u32; size];
    let mut clock: u32 = 1;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = cfg.seed | 1;
    let update = |w: &mut [f32], total: &mut [f64], stamp: &mut [u32], clock: u32, idx: usize, d: f32| {
        total[idx] += f64::from(clock - stamp[idx]) * f64::from(w[idx]);
        stamp[idx] = clock;
        w[idx] += d;
    };
    for epoch in 0..cfg.epochs {
        // Fisher-Yates with xorshift64.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let mut errors = 0;
        for &k in &order {
            let (feats, gold) = &data[k];
            let scores: Vec<[f32; NTAGS]> = feats
                .iter()
                .map(|fs| {
                    let mut s = [0f32; NTAGS];
                    for &f in fs {
                        let row = &w[f as usize * NTAGS..f as usize * NTAGS + NTAGS];
                        for (o, x) in s.iter_mut().zip(row) {
                            *o += x;
                        }
                    }
                    s
                })
                .collect();
            let tr = &w[nf * NTAGS..];
            let pred = viterbi(&scores, |a, b| tr[a * NTAGS + b]);
            for i in 0..gold.len() {
                let (g, p) = (gold[i] as usize, pred[i] as usize);
                let (gp, pp) = if i == 0 { (NTAGS, NTAGS) } else { (gold[i - 1] as usize, pred[i - 1] as usize) };
                if g != p {
                    errors += 1;
                    for &f in &feats[i] {
                        update(&mut w, &mut total, &mut stamp, clock, f as usize * NTAGS + g, 1.0);
                        update(&mut w, &mut total, &mut stamp, clock, f as usize * NTAGS + p, -1.0);
                    }
                }
                if g != p || gp != pp {
                    update(&mut w, &mut total, &mut stamp, clock, nf * NTAGS + gp * NTAGS + g, 1.0);
                    update(&mut w, &mut total, &mut stamp, clock, nf * NTAGS + pp * NTAGS + p, -1.0);
                }
            }
            clock += 1;
        }
        progress(epoch + 1, errors);
    }
    let avg: Vec<f32> = (0..size)
        .map(|i| ((total[i] + f64::from(clock - stamp[i]) * f64::from(w[i])) / f64::from(clock)) as f32)
        .collect();
    // Keep useful features, in hash order (deterministic).
    let mut keys: Vec<(u64, u32)> = ids.into_iter().collect();
    keys.sort_unstable();
    let mut index = HashMap::with_hasher(HashBuilder);
    let mut weights = Vec::new();
    for (h, id) in keys {
        let row = &avg[id as usize * NTAGS..id as usize * NTAGS + NTAGS];
        if counts[id as usize] < cfg.min_count || row.iter().all(|x| x.abs() < cfg.prune) {
            continue;
        }
        index.insert(h, (weights.len() / NTAGS) as u32);
        weights.extend_from_slice(row);
    }
    Model { index, weights, trans: avg[nf * NTAGS..].to_vec() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_toy_pattern_and_round_trips() {
        // Token feature 1 = "capitalised", 2 = "lower".
        let ex = |tags: &[u8]| Example {
            feats: tags.iter().map(|&t| vec![if t == 0 { 2 } else { 1 }, 99]).collect(),
            gold: tags.to_vec(),
        };
        let data = vec![ex(&[0, 1, 2, 0]), ex(&[1, 2, 0]), ex(&[0, 0, 1])];
        let m = train(&data, TrainConfig::default(), |_, _| {});
        assert_eq!(m.decode(&data[0].feats), vec![0, 1, 2, 0]);
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.decode(&data[1].feats), vec![1, 2, 0]);
        assert!(Model::from_bytes(b"garbage").is_err());
    }

    #[test]
    fn transitions_forbid_orphan_inside_tags() {
        assert!(allowed(NTAGS, 1));
        assert!(!allowed(NTAGS, 2));
        assert!(allowed(1, 2));
        assert!(allowed(2, 2));
        assert!(!allowed(3, 2));
        assert!(!allowed(0, 4));
    }
}
