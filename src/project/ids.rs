//! Annotation ids: globally unique, stable, small (`Copy`) — [`ClaimId`] and [`CorrectionId`].
//!
//! An id is a UUID (RFC 9562) held as a `u128` and written as its canonical lower-case string
//! (`"0193b1a4-4f7e-7c2d-9a51-3e0c6d2b8f10"`). New annotations get a version 7 UUID (time
//! ordered, 74 random bits), so two coders' annotations never collide when their files are
//! merged. Annotations of files written before ids were global (format version 2 and older,
//! numbered 1, 2, 3 per file) get a version 8 UUID computed from a SHA-256 of the article and
//! the old number ([`ClaimId::derived`]): every copy of the same old file gets the same ids, so
//! a three-way merge of two coders' copies matches the same annotations.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

/// Why a string is not an annotation id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an annotation id (a UUID such as 0193b1a4-4f7e-7c2d-9a51-3e0c6d2b8f10)")]
pub struct IdError(pub String);

/// A version 8 UUID built from the SHA-256 of `kind`, `article` and `number` (each part
/// length-prefixed, so `("ab", "c")` and `("a", "bc")` differ).
fn hashed_uuid(kind: &str, article: &str, number: u64) -> uuid::Uuid {
    let mut h = Sha256::new();
    for p in [kind.as_bytes(), article.as_bytes(), &number.to_le_bytes()] {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Uuid::new_v8(bytes)
}

macro_rules! annotation_id {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u128);

        impl $name {
            #[doc = concat!("A new, globally unique ", $what, " id (UUID version 7: time ordered, random).")]
            #[must_use]
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7().as_u128())
            }

            #[doc = concat!("The deterministic ", $what, " id for the old per-file number `number` ")]
            /// in the article whose identity is `article` (see the module docs): the same inputs
            /// always give the same id.
            #[must_use]
            pub fn derived(article: &str, number: u64) -> Self {
                Self(hashed_uuid($what, article, number).as_u128())
            }

            /// The first 8 hex digits: enough to tell the annotations of one article apart in a
            /// list (`{:#}` formats the same).
            #[must_use]
            pub fn short(self) -> String {
                let mut s = self.to_string();
                s.truncate(8);
                s
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            /// The canonical UUID string; with `{:#}`, only its first 8 hex digits.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let u = uuid::Uuid::from_u128(self.0);
                if f.alternate() {
                    let mut buf = uuid::Uuid::encode_buffer();
                    f.write_str(&u.hyphenated().encode_lower(&mut buf)[..8])
                } else {
                    write!(f, "{}", u.hyphenated())
                }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self)
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                uuid::Uuid::try_parse(s.trim()).map(|u| Self(u.as_u128())).map_err(|_| IdError(s.to_owned()))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

annotation_id! {
    /// A claim's identity: globally unique, never reused, kept when the claim is edited,
    /// re-anchored, exported and merged.
    ClaimId, "claim"
}

annotation_id! {
    /// An entity correction's identity (as [`ClaimId`]).
    CorrectionId, "correction"
}

/// The identity of an article for [`ClaimId::derived`]: the source file's SHA-256 and the
/// SHA-256 of the canonical text, so that every copy of one project file agrees and two
/// articles without a source file still differ.
#[must_use]
pub fn article_identity(source_sha256: &str, text: &str) -> String {
    let text_hash = Sha256::digest(text.as_bytes());
    let mut s = String::with_capacity(source_sha256.len() + 65);
    s.push_str(source_sha256);
    s.push(':');
    for b in text_hash {
        use fmt::Write as _;
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_as_strings_and_derive_deterministically() {
        let a = ClaimId::new();
        let b = ClaimId::new();
        assert_ne!(a, b);
        assert!(a < b, "version 7 ids are time ordered");
        let s = a.to_string();
        assert_eq!(s.len(), 36);
        assert_eq!(s.parse::<ClaimId>().unwrap(), a);
        assert_eq!(format!("{a:#}"), a.short());
        assert_eq!(a.short(), s[..8]);
        let ron = ron::to_string(&a).unwrap();
        assert_eq!(ron, format!("\"{s}\""));
        assert_eq!(ron::from_str::<ClaimId>(&ron).unwrap(), a);
        assert!("C3".parse::<ClaimId>().is_err());

        let art = article_identity("abc", "Zürich 🚲");
        assert_eq!(ClaimId::derived(&art, 3), ClaimId::derived(&art, 3));
        assert_ne!(ClaimId::derived(&art, 3), ClaimId::derived(&art, 4));
        assert_ne!(ClaimId::derived(&art, 3), ClaimId::derived(&article_identity("abc", "Zürich"), 3));
        assert_ne!(ClaimId::derived(&art, 3).0, CorrectionId::derived(&art, 3).0);
        assert_eq!(uuid::Uuid::from_u128(ClaimId::derived(&art, 3).0).get_version_num(), 8);
        assert_eq!(uuid::Uuid::from_u128(a.0).get_version_num(), 7);
    }
}
