//! Stable 64-bit hashing for features and lexicon phrases.
//!
//! The model file stores feature hashes, so the hash must be the same on every platform and
//! every version: a fixed multiply-rotate over the UTF-8 bytes with a `fmix64` finaliser (not
//! `std`'s randomised `SipHash`). Maps keyed by these hashes use [`HashBuilder`], which passes
//! the already-mixed key through.

use std::hash::{BuildHasher, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// An incremental stable hash (see the module docs).
#[derive(Clone, Copy, Debug)]
pub struct IdHasher(u64);

impl IdHasher {
    /// A hasher for feature `template` (a small number naming the feature kind).
    #[must_use]
    pub const fn new(template: u64) -> Self {
        Self((template + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    /// The hasher lexicon phrases use.
    #[must_use]
    pub const fn phrase() -> Self {
        Self::new(0xFFFF)
    }

    /// Add bytes.
    #[inline]
    pub fn write_bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    /// Add a char (as UTF-8).
    #[inline]
    pub fn write_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.write_bytes(c.encode_utf8(&mut buf).as_bytes());
    }

    /// Add a string followed by a separator (so `("ab","c")` and `("a","bc")` differ).
    #[inline]
    pub fn write_str(&mut self, s: &str) {
        self.write_bytes(s.as_bytes());
        self.write_bytes(&[0xFF]);
    }

    /// The hash.
    #[inline]
    #[must_use]
    pub const fn finish(self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A `BuildHasher` for maps whose keys are already [`IdHasher`] hashes.
#[derive(Clone, Copy, Debug, Default)]
pub struct HashBuilder;

/// The pass-through hasher of [`HashBuilder`].
#[derive(Clone, Copy, Debug, Default)]
pub struct PassHasher(u64);

impl Hasher for PassHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u64(&mut self, n: u64) {
        // Keys are mixed already, but may be truncated (48-bit lexicon hashes): spread them so
        // the table's top bits vary.
        self.0 = n.wrapping_mul(K);
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl BuildHasher for HashBuilder {
    type Hasher = PassHasher;
    fn build_hasher(&self) -> PassHasher {
        PassHasher(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable() {
        // The shipped model files depend on these values: changing the hash needs retrained
        // models. The literals were computed by an independent (Python) implementation of the
        // algorithm in the module docs.
        let mut h = IdHasher::new(3);
        h.write_str("Hegseth");
        assert_eq!(h.finish(), 0x0bd5_e607_d650_b139);
        assert_eq!(IdHasher::new(1).finish(), 0xd30b_0542_6513_3dd7);
        let mut p = IdHasher::phrase();
        p.write_str("Zürich");
        assert_eq!(p.finish(), 0xb185_3296_76ba_fa27);
        let mut c = IdHasher::new(7);
        for ch in "日本".chars() {
            c.write_char(ch);
        }
        assert_eq!(c.finish(), 0x8e84_1150_23ac_b579);
    }
}
