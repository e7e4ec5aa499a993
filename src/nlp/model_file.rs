//! The one file format of the trained models: the entity tagger ([`super::perceptron`],
//! `assets/ner/model.bin.z`) and the check-worthiness model ([`super::claims::model`],
//! `assets/claims/model.bin.z`).
//!
//! A model file is zlib-compressed (level 9). Inside: an 8-byte magic naming the model kind
//! and its version, the kind's own little-endian header fields, then one sparse weight table:
//! the sorted feature hashes delta-coded as `u64`s (deltas compress better), then every row's
//! weights quantised to `i16` against one scale (`max |w| / 32767`, stored in the header), row
//! after row. Each model writes its header with a [`Writer`] and reads it back with a
//! [`Reader`]; the table code is shared, so both formats stay exactly what they were.

use std::collections::HashMap;

use super::hash::HashBuilder;

/// Feature hash → row of the weight table.
pub type Index = HashMap<u64, u32, HashBuilder>;

/// The largest quantised weight.
const QMAX: f32 = 32767.0;

/// The quantisation scale for `weights`: the largest magnitude maps to ±32767.
#[must_use]
pub fn scale(weights: &[f32]) -> f32 {
    weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6) / QMAX
}

/// Builds a model file: the magic, header fields, the table, then [`Writer::finish`].
pub struct Writer {
    raw: Vec<u8>,
}

impl Writer {
    /// A file of the kind `magic` names.
    #[must_use]
    pub fn new(magic: &[u8; 8], capacity: usize) -> Self {
        let mut raw = Vec::with_capacity(capacity);
        raw.extend_from_slice(magic);
        Self { raw }
    }

    /// A `u32` header field.
    pub fn u32(&mut self, v: u32) {
        self.raw.extend_from_slice(&v.to_le_bytes());
    }

    /// An `f32` header field.
    pub fn f32(&mut self, v: f32) {
        self.raw.extend_from_slice(&v.to_le_bytes());
    }

    /// The weight table: `index` maps a feature hash to a row of `cols` weights in `weights`
    /// (row-major), quantised with `scale` (see [`scale`]).
    pub fn table(&mut self, index: &Index, weights: &[f32], cols: usize, scale: f32) {
        let mut keys: Vec<(u64, u32)> = index.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        self.raw.reserve(keys.len() * (8 + 2 * cols));
        let mut prev = 0u64;
        for (k, _) in &keys {
            self.raw.extend_from_slice(&k.wrapping_sub(prev).to_le_bytes());
            prev = *k;
        }
        for (_, row) in &keys {
            let row = *row as usize * cols;
            for w in &weights[row..row + cols] {
                let q = (w / scale).round().clamp(-QMAX, QMAX) as i16;
                self.raw.extend_from_slice(&q.to_le_bytes());
            }
        }
    }

    /// The compressed file.
    #[must_use]
    pub fn finish(self) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec_zlib(&self.raw, 9)
    }
}

/// Reads a model file back: [`Reader::open`], the header fields in order, then the table.
pub struct Reader {
    raw: Vec<u8>,
    at: usize,
    what: &'static str,
}

impl Reader {
    /// Decompress `bytes` and check the magic; `what` names the model in errors ("model:
    /// truncated"), `kind` says what the file should have been.
    ///
    /// # Errors
    /// Not zlib, too short, or another magic.
    pub fn open(bytes: &[u8], magic: &[u8; 8], what: &'static str, kind: &str) -> Result<Self, String> {
        let raw = miniz_oxide::inflate::decompress_to_vec_zlib(bytes).map_err(|e| format!("{what}: {e:?}"))?;
        let mut r = Self { raw, at: 0, what };
        if r.take(8)? != magic {
            return Err(format!("{what}: not a ClaimLens {kind}"));
        }
        Ok(r)
    }

    fn truncated(&self) -> String {
        format!("{}: truncated", self.what)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.raw.len()).ok_or_else(|| self.truncated())?;
        let start = std::mem::replace(&mut self.at, end);
        Ok(&self.raw[start..end])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let bad = self.truncated();
        self.take(N)?.try_into().map_err(|_| bad)
    }

    /// The next `u32` header field.
    ///
    /// # Errors
    /// When the file ends first.
    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// The next `f32` header field.
    ///
    /// # Errors
    /// When the file ends first.
    pub fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    /// The table of `n` rows of `cols` weights, quantised with `scale`.
    ///
    /// # Errors
    /// When the file is shorter than `n` rows (checked before anything is allocated).
    pub fn table(mut self, n: usize, cols: usize, scale: f32) -> Result<(Index, Vec<f32>), String> {
        let need = n.checked_mul(8 + 2 * cols).ok_or_else(|| self.truncated())?;
        if need > self.raw.len() - self.at {
            return Err(self.truncated());
        }
        let mut index = HashMap::with_capacity_and_hasher(n, HashBuilder);
        let mut prev = 0u64;
        for row in 0..n {
            prev = prev.wrapping_add(u64::from_le_bytes(self.array()?));
            index.insert(prev, row as u32);
        }
        let weights = self
            .take(n * cols * 2)?
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
            .collect();
        Ok((index, weights))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAGIC: &[u8; 8] = b"TEST\x01\0\0\0";

    fn sample() -> (Index, Vec<f32>) {
        let mut index = Index::with_hasher(HashBuilder);
        index.insert(u64::MAX - 3, 0);
        index.insert(7, 1);
        index.insert(1 << 40, 2);
        (index, vec![0.5, -1.0, 0.25, 2.0, -0.125, 0.0])
    }

    #[test]
    fn header_and_table_round_trip() {
        let (index, weights) = sample();
        let s = scale(&weights);
        let mut w = Writer::new(MAGIC, 64);
        w.u32(2);
        w.f32(-1.5);
        w.f32(s);
        w.table(&index, &weights, 2, s);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes, MAGIC, "test model", "test model").unwrap();
        assert_eq!(r.u32().unwrap(), 2);
        assert_eq!(r.f32().unwrap(), -1.5);
        let scale_read = r.f32().unwrap();
        let (index2, weights2) = r.table(index.len(), 2, scale_read).unwrap();
        assert_eq!(index2.len(), 3);
        let mut keys: Vec<_> = index.iter().collect();
        keys.sort_unstable();
        for (k, row) in keys {
            let row2 = index2[k] as usize;
            for c in 0..2 {
                let (a, b) = (weights[*row as usize * 2 + c], weights2[row2 * 2 + c]);
                assert!((a - b).abs() <= s / 2.0 + f32::EPSILON, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn bad_files_are_refused_with_the_model_named() {
        let (index, weights) = sample();
        let mut w = Writer::new(MAGIC, 64);
        w.table(&index, &weights, 2, scale(&weights));
        let bytes = w.finish();
        let e = Reader::open(&bytes, b"OTHER\x01\0\0", "test model", "other model").err().unwrap();
        assert_eq!(e, "test model: not a ClaimLens other model");
        assert!(Reader::open(b"not zlib", MAGIC, "test model", "x").err().unwrap().starts_with("test model: "));
        // More rows than the file holds: refused before allocating them.
        let r = Reader::open(&bytes, MAGIC, "test model", "x").unwrap();
        assert_eq!(r.table(1 << 40, 2, 1.0).err().unwrap(), "test model: truncated");
    }

    /// The shipped models were written before this module existed: reading and writing them
    /// again gives the same bytes, so the format (and every prediction) is unchanged.
    #[test]
    fn shipped_models_write_back_byte_for_byte() {
        let ner: &[u8] = include_bytes!("../../assets/ner/model.bin.z");
        let m = crate::nlp::perceptron::Model::from_bytes(ner).unwrap();
        assert!(m.len() > 10_000, "{}", m.len());
        assert!(m.to_bytes() == ner, "the NER model file changed");
        let claims: &[u8] = include_bytes!("../../assets/claims/model.bin.z");
        let c = crate::nlp::claims::model::LinearModel::from_bytes(claims).unwrap();
        assert!(c.len() > 1_000, "{}", c.len());
        assert!(c.to_bytes() == claims, "the claims model file changed");
    }
}
