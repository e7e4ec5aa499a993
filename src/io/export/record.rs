//! [`ClaimRecord`]: a claim as one flat record with code point offsets — the single place
//! where a claim's fields are listed for other tools.
//!
//! Every export and import that carries claim fields is built from this record, never from
//! [`Claim`]'s fields directly:
//!
//! | format | how it carries the record |
//! |---|---|
//! | JSON (`json`) | each claim *is* the record, serialised by serde |
//! | CSV (`csv`) | one column per field, in [`FIELDS`] order ([`cell`] renders a value) |
//! | W3C Web Annotation (`w3c`) | per [`W3cPlace`]: selectors, tagging/commenting bodies, `cl:` properties |
//! | brat (`brat`) | per [`BratPlace`]: the `T` line, `A` attributes, `#` comments, tag `T` lines |
//! | Markdown / HTML reports | every field with its [`FieldSpec::label`] |
//! | `ClaimReview` | the fields schema.org has a place for ([`super::claimreview::CARRIED`]) |
//! | doccano, spaCy | offsets and tags only ([`super::jsonl::CARRIED`]): their formats have labelled spans, no fields |
//! | CoNLL | nothing of claims ([`super::conll::CARRIED`]): token-level entity tags only |
//!
//! Adding a field to [`Claim`] fails to compile here ([`ClaimRecord::from_claim`] and
//! [`ClaimRecord::into_claim`] destructure it whole); adding one to the record without a row
//! in [`FIELDS`] fails the test that compares [`FIELDS`] with the field names serde reports
//! ([`ClaimRecord::field_names`]); and a row in [`FIELDS`] reaches every format above, which
//! the integration tests check by exporting a claim with every field set and reading each
//! format back.
//!
//! The id is a string: the claim's globally unique id (a UUID). Records written before ids were
//! global carry the per-file claim number ("12"); [`ClaimRecord::with_legacy_id`] turns it into
//! the id the project's migration gives that claim.
//!
//! # Example
//! ```
//! use claimlens::document::{ByteSpan, offsets::CharIndex};
//! use claimlens::io::export::record::{ClaimRecord, FIELDS};
//! use claimlens::project::{Claim, ClaimId};
//! let text = "Zürich spends 5% on 🚲.";
//! let claim = Claim::new(ClaimId::new(), text, ByteSpan::new(8, 17), jiff::Timestamp::UNIX_EPOCH);
//! let index = CharIndex::new(text);
//! let record = ClaimRecord::from_claim(&claim, &index);
//! assert_eq!((record.id.clone(), record.start, record.end), (claim.id.to_string(), 7, 16));
//! assert_eq!(ClaimRecord::field_names(), FIELDS.iter().map(|f| f.key).collect::<Vec<_>>());
//! assert_eq!(record.clone().into_claim(&index).unwrap(), claim);
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::document::offsets::CharIndex;
use crate::project::{AssertedBy, Claim, ClaimId, ClaimKind, ClaimOrigin, ClaimStatus, Verdict, Worthiness};

/// One claim, flat, with code point offsets (end exclusive) into the article's canonical text.
///
/// Field names are the JSON keys and CSV columns; enumerated values are their display names
/// (`"to check"`, `"mostly true"`), read back case-insensitively (`ToCheck` works too).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimRecord {
    /// The claim's id (a UUID string).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// First code point of the claim in the article.
    pub start: usize,
    /// One past its last code point.
    pub end: usize,
    /// The quoted text.
    pub quote: String,
    /// Who makes the claim.
    pub claimant: String,
    /// The canonical entity the claimant is, if any.
    pub claimant_entity: Option<String>,
    /// Whether the author or a quoted source asserts it.
    #[serde(with = "choice")]
    pub asserted_by: AssertedBy,
    /// What kind of claim.
    #[serde(rename = "type", with = "choice")]
    pub kind: ClaimKind,
    /// How much it deserves checking.
    #[serde(rename = "check_worthiness", with = "choice")]
    pub worthiness: Worthiness,
    /// Where checking stands.
    #[serde(with = "choice")]
    pub status: ClaimStatus,
    /// The outcome, once known.
    #[serde(with = "optional_choice")]
    pub verdict: Option<Verdict>,
    /// Links to evidence.
    pub evidence: Vec<String>,
    /// Free notes.
    pub note: String,
    /// Tags (codebook paths).
    pub tags: Vec<String>,
    /// How it was tagged.
    #[serde(with = "choice")]
    pub origin: ClaimOrigin,
    /// When it was tagged (RFC 3339).
    pub created: jiff::Timestamp,
    /// The coder who tagged it (empty: not recorded).
    #[serde(default)]
    pub created_by: String,
    /// When any field last changed (RFC 3339).
    pub modified: jiff::Timestamp,
    /// The coder who changed it last (empty: not recorded).
    #[serde(default)]
    pub modified_by: String,
}

/// Why a record is not a claim of the article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The offsets are not a span of the article.
    #[error("claim {id}: offsets {start}..{end} are not a span of the article ({len} characters)")]
    BadOffsets {
        /// The claim's id.
        id: String,
        /// Start (code points).
        start: usize,
        /// End (code points).
        end: usize,
        /// The article's length in code points.
        len: usize,
    },
    /// The id is not a claim id.
    #[error("claim id {0:?} is not a claim id (a UUID)")]
    BadId(String),
}

impl ClaimRecord {
    /// The record of `claim`; `index` is the article text's index (the claim's span is a span
    /// of that text).
    #[must_use]
    pub fn from_claim(claim: &Claim, index: &CharIndex<'_>) -> Self {
        // Destructured whole: a new field of `Claim` does not compile until it is placed here.
        let Claim {
            id,
            span,
            quote,
            claimant,
            claimant_entity,
            asserted_by,
            kind,
            worthiness,
            status,
            verdict,
            evidence,
            note,
            tags,
            origin,
            created,
            created_by,
            modified,
            modified_by,
        } = claim;
        let (start, end) = index.to_chars(*span);
        Self {
            id: id.to_string(),
            start,
            end,
            quote: quote.clone(),
            claimant: claimant.clone(),
            claimant_entity: claimant_entity.clone(),
            asserted_by: *asserted_by,
            kind: *kind,
            worthiness: *worthiness,
            status: *status,
            verdict: *verdict,
            evidence: evidence.clone(),
            note: note.clone(),
            tags: tags.clone(),
            origin: *origin,
            created: *created,
            created_by: created_by.clone(),
            modified: *modified,
            modified_by: modified_by.clone(),
        }
    }

    /// This record with an old per-file claim number as id ("12", "C12", as ClaimLens 0.2
    /// wrote) replaced by the id the project's migration gives that claim
    /// ([`ClaimId::derived`] from `article`, see [`crate::project::article_identity`]). Other
    /// ids are left as they are.
    #[must_use]
    pub fn with_legacy_id(mut self, article: &str) -> Self {
        if let Some(n) = legacy_number(&self.id) {
            self.id = ClaimId::derived(article, n).to_string();
        }
        self
    }

    /// The claim this record describes on the article indexed by `index`.
    ///
    /// # Errors
    /// [`RecordError`] if the offsets are not a span of the text or the id is not a claim
    /// number.
    pub fn into_claim(self, index: &CharIndex<'_>) -> Result<Claim, RecordError> {
        let Self {
            id,
            start,
            end,
            quote,
            claimant,
            claimant_entity,
            asserted_by,
            kind,
            worthiness,
            status,
            verdict,
            evidence,
            note,
            tags,
            origin,
            created,
            created_by,
            modified,
            modified_by,
        } = self;
        let Some(span) = index.to_bytes(start, end) else {
            return Err(RecordError::BadOffsets { id, start, end, len: index.char_len() });
        };
        let id = parse_id(&id).ok_or(RecordError::BadId(id))?;
        Ok(Claim {
            id,
            span,
            quote,
            claimant,
            claimant_entity,
            asserted_by,
            kind,
            worthiness,
            status,
            verdict,
            evidence,
            note,
            tags,
            origin,
            created,
            created_by,
            modified,
            modified_by,
        })
    }

    /// The record as a JSON object (keys as in [`FIELDS`]).
    ///
    /// # Panics
    /// Never: every field serialises to JSON.
    #[must_use]
    pub fn to_map(&self) -> Map<String, Value> {
        match serde_json::to_value(self).expect("a claim record serialises to JSON") {
            Value::Object(m) => m,
            _ => unreachable!("a struct serialises to a JSON object"),
        }
    }

    /// The value of the field `key` (`Value::Null` for an unknown key or an empty optional).
    #[must_use]
    pub fn value(&self, key: &str) -> Value {
        self.to_map().remove(key).unwrap_or(Value::Null)
    }

    /// This record with the fields in `fields` (keys of [`FIELDS`]) replaced. A value that
    /// does not fit its field (an unknown status, a timestamp that is not RFC 3339, an
    /// unknown key) is left out and its key returned, so one bad value loses nothing else.
    #[must_use]
    pub fn overlay(&self, fields: &Map<String, Value>) -> (Self, Vec<String>) {
        let mut base = self.to_map();
        for (k, v) in fields {
            base.insert(k.clone(), v.clone());
        }
        if let Ok(r) = serde_json::from_value::<Self>(Value::Object(base)) {
            return (r, Vec::new());
        }
        // Some value is wrong: take the fields one at a time.
        let mut good = self.clone();
        let mut rejected = Vec::new();
        for (k, v) in fields {
            let mut one = good.to_map();
            one.insert(k.clone(), v.clone());
            match serde_json::from_value::<Self>(Value::Object(one)) {
                Ok(r) => good = r,
                Err(_) => rejected.push(k.clone()),
            }
        }
        (good, rejected)
    }

    /// The record's field names in declaration order, as serde sees them (the JSON keys).
    ///
    /// # Panics
    /// Never: the record serialises to a JSON object.
    #[must_use]
    pub fn field_names() -> Vec<String> {
        let sample = Self::from_claim(
            &Claim::new(ClaimId(1), "", crate::document::ByteSpan::empty(0), jiff::Timestamp::UNIX_EPOCH),
            &CharIndex::new(""),
        );
        let json = serde_json::to_string(&sample).expect("a claim record serialises to JSON");
        serde_json::from_str::<OrderedKeys>(&json).expect("a JSON object").0
    }
}

/// The claim id a record id names (a UUID string).
#[must_use]
pub fn parse_id(id: &str) -> Option<ClaimId> {
    id.parse().ok()
}

/// The old per-file claim number of a record id written before ids were global (`"12"`;
/// `"C12"`, as the window showed them), if it is one.
#[must_use]
pub fn legacy_number(id: &str) -> Option<u64> {
    let id = id.trim();
    let digits = id.strip_prefix(['C', 'c']).unwrap_or(id);
    digits.parse().ok().filter(|n| *n > 0)
}

/// The keys of a JSON object, in the order they appear.
struct OrderedKeys(Vec<String>);

impl<'de> Deserialize<'de> for OrderedKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OrderedKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<OrderedKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some((k, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(k);
                }
                Ok(OrderedKeys(keys))
            }
        }
        d.deserialize_map(V)
    }
}

/// How a field's value looks, for formats that render values as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A string.
    Text,
    /// One of a closed set of names (optional when the record's value can be `null`).
    Choice,
    /// A list of strings.
    List,
    /// A list of links (web links become links in reports).
    Links,
    /// A code point offset.
    Offset,
    /// An RFC 3339 timestamp.
    Time,
}

/// Where the W3C Web Annotation export puts a field (see [`super::w3c`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum W3cPlace {
    /// The `TextPositionSelector` (`start` / `end`).
    Position,
    /// The `TextQuoteSelector`'s `exact`.
    Quote,
    /// One `TextualBody` with `"purpose": "tagging"` per value.
    Tagging,
    /// A `TextualBody` with `"purpose": "commenting"` (when not empty).
    Commenting,
    /// The property `cl:NAME` of the `cl:Claim` body (left out when `null`).
    Vocab(&'static str),
}

/// Where the brat standoff export puts a field (see [`super::brat`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BratPlace {
    /// The claim's `T` line (its offsets and text).
    Span,
    /// One more `T` line over the claim's span per value, typed with the value.
    TagSpans,
    /// An attribute line `A… NAME T… VALUE` (the value's words joined in `PascalCase`).
    Attribute(&'static str),
    /// A note line `#…<TAB>NAME T…<TAB>VALUE`, one per value for lists (left out when empty).
    Comment(&'static str),
}

/// One field of [`ClaimRecord`] and where each format puts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// The serde name: JSON key and CSV column.
    pub key: &'static str,
    /// What reports call it.
    pub label: &'static str,
    /// How its value looks.
    pub shape: Shape,
    /// Its place in W3C Web Annotation.
    pub w3c: W3cPlace,
    /// Its place in brat standoff.
    pub brat: BratPlace,
}

impl FieldSpec {
    /// True for the fields that come from where the claim is (offsets, quote): an importer
    /// takes them from the place it puts the annotation, not from the file's values.
    #[must_use]
    pub const fn is_span(&self) -> bool {
        matches!(self.w3c, W3cPlace::Position | W3cPlace::Quote)
    }
}

const fn field(key: &'static str, label: &'static str, shape: Shape, w3c: W3cPlace, brat: BratPlace) -> FieldSpec {
    FieldSpec { key, label, shape, w3c, brat }
}

/// Every field of [`ClaimRecord`], in its order, with its place in each format.
pub const FIELDS: &[FieldSpec] = &[
    field("id", "Claim", Shape::Text, W3cPlace::Vocab("claimId"), BratPlace::Comment("ClaimId")),
    field("start", "Start", Shape::Offset, W3cPlace::Position, BratPlace::Span),
    field("end", "End", Shape::Offset, W3cPlace::Position, BratPlace::Span),
    field("quote", "Quote", Shape::Text, W3cPlace::Quote, BratPlace::Span),
    field("claimant", "Claimant", Shape::Text, W3cPlace::Vocab("claimant"), BratPlace::Comment("Claimant")),
    field(
        "claimant_entity",
        "Claimant entity",
        Shape::Text,
        W3cPlace::Vocab("claimantEntity"),
        BratPlace::Comment("ClaimantEntity"),
    ),
    field(
        "asserted_by",
        "Asserted by",
        Shape::Choice,
        W3cPlace::Vocab("assertedBy"),
        BratPlace::Attribute("AssertedBy"),
    ),
    field("type", "Type", Shape::Choice, W3cPlace::Vocab("claimType"), BratPlace::Attribute("ClaimType")),
    field(
        "check_worthiness",
        "Check-worthiness",
        Shape::Choice,
        W3cPlace::Vocab("checkWorthiness"),
        BratPlace::Attribute("Worthiness"),
    ),
    field("status", "Status", Shape::Choice, W3cPlace::Vocab("status"), BratPlace::Attribute("Status")),
    field("verdict", "Verdict", Shape::Choice, W3cPlace::Vocab("verdict"), BratPlace::Attribute("Verdict")),
    field("evidence", "Evidence", Shape::Links, W3cPlace::Vocab("evidence"), BratPlace::Comment("Evidence")),
    field("note", "Notes", Shape::Text, W3cPlace::Commenting, BratPlace::Comment("AnnotatorNotes")),
    field("tags", "Tags", Shape::List, W3cPlace::Tagging, BratPlace::TagSpans),
    field("origin", "Origin", Shape::Choice, W3cPlace::Vocab("origin"), BratPlace::Attribute("Origin")),
    field("created", "Created", Shape::Time, W3cPlace::Vocab("created"), BratPlace::Comment("Created")),
    field("created_by", "Created by", Shape::Text, W3cPlace::Vocab("createdBy"), BratPlace::Comment("CreatedBy")),
    field("modified", "Modified", Shape::Time, W3cPlace::Vocab("modified"), BratPlace::Comment("Modified")),
    field("modified_by", "Modified by", Shape::Text, W3cPlace::Vocab("modifiedBy"), BratPlace::Comment("ModifiedBy")),
];

/// The spec of the field `key`.
#[must_use]
pub fn spec(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// A value as one text cell: strings as they are, numbers in decimal, `null` empty, lists
/// joined by line breaks (what the CSV export writes).
#[must_use]
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}

/// The items of a value: a list's items, nothing for `null` or an empty string, else the
/// value itself.
#[must_use]
pub fn items(value: &Value) -> Vec<String> {
    match value {
        Value::Null => Vec::new(),
        Value::String(s) if s.is_empty() => Vec::new(),
        Value::Array(a) => a.iter().map(cell).collect(),
        other => vec![cell(other)],
    }
}

/// The enumerations of claim fields, with their display names.
pub trait Choice: Sized + Copy + 'static {
    /// Every value.
    const ALL: &'static [Self];
    /// The display name.
    fn name(self) -> &'static str;
    /// Parse a display or variant name.
    fn parse(s: &str) -> Option<Self>;
}

macro_rules! choice_impl {
    ($($t:ty),+) => {$(
        impl Choice for $t {
            const ALL: &'static [Self] = <$t>::ALL;
            fn name(self) -> &'static str {
                <$t>::name(self)
            }
            fn parse(s: &str) -> Option<Self> {
                <$t>::parse(s)
            }
        }
    )+};
}
choice_impl!(AssertedBy, ClaimKind, Worthiness, ClaimStatus, Verdict, ClaimOrigin);

fn unknown_choice<T: Choice, E: serde::de::Error>(s: &str) -> E {
    let names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
    E::custom(format!("unknown value {s:?}; one of: {}", names.join(", ")))
}

mod choice {
    use super::Choice;

    pub(super) fn serialize<T: Choice, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.name())
    }

    pub(super) fn deserialize<'de, T: Choice, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(d)?;
        T::parse(&s).ok_or_else(|| super::unknown_choice::<T, D::Error>(&s))
    }
}

mod optional_choice {
    use super::Choice;

    #[allow(clippy::ref_option)] // serde's `with` passes `&Option<T>`
    pub(super) fn serialize<T: Choice, S: serde::Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(v.name()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, T: Choice, D: serde::Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        let s = <Option<String> as serde::Deserialize>::deserialize(d)?;
        match s.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => T::parse(s).map(Some).ok_or_else(|| super::unknown_choice::<T, D::Error>(s)),
        }
    }
}

/// Ids were numbers in earlier exports: accept both.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        S(String),
        N(u64),
    }
    Ok(match Id::deserialize(d)? {
        Id::S(s) => s,
        Id::N(n) => n.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ByteSpan;

    #[test]
    fn fields_table_is_the_record_in_order() {
        let keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        assert_eq!(ClaimRecord::field_names(), keys);
    }

    #[test]
    fn every_claim_field_has_a_record_field() {
        // Claim's serde names, mapped to the record's: span → start/end, kind → type,
        // worthiness → check_worthiness; every other name is the same.
        let text = "a";
        let c = Claim::new(ClaimId(1), text, ByteSpan::new(0, 1), jiff::Timestamp::UNIX_EPOCH);
        let Value::Object(claim) = serde_json::to_value(&c).unwrap() else { panic!("object") };
        let names = ClaimRecord::field_names();
        for k in claim.keys() {
            let mapped: &[&str] = match k.as_str() {
                "span" => &["start", "end"],
                "kind" => &["type"],
                "worthiness" => &["check_worthiness"],
                other => &[other][..],
            };
            for m in mapped {
                assert!(names.iter().any(|n| n == m), "Claim field {k} has no record field {m}");
            }
        }
    }

    #[test]
    fn choices_read_display_and_variant_names() {
        let text = "Zürich 🚲";
        let index = CharIndex::new(text);
        let mut c = Claim::new(ClaimId(3), text, ByteSpan::new(0, 7), jiff::Timestamp::UNIX_EPOCH);
        c.status = ClaimStatus::ToCheck;
        let r = ClaimRecord::from_claim(&c, &index);
        assert_eq!(r.value("status"), "to check");
        assert_eq!(r.value("verdict"), Value::Null);
        let mut m = Map::new();
        m.insert("status".into(), "Checked".into());
        m.insert("verdict".into(), "MostlyTrue".into());
        m.insert("type".into(), "nonsense".into());
        m.insert("id".into(), 9.into());
        let (r2, bad) = r.overlay(&m);
        assert_eq!((r2.status, r2.verdict, r2.id.as_str()), (ClaimStatus::Checked, Some(Verdict::MostlyTrue), "9"));
        assert_eq!(r2.clone().with_legacy_id("art").id, ClaimId::derived("art", 9).to_string());
        assert_eq!(bad, ["type"]);
        assert_eq!(r2.kind, c.kind, "a bad value leaves the field as it was");
    }

    #[test]
    fn offsets_outside_the_text_are_an_error() {
        let index = CharIndex::new("Zürich");
        let c = Claim::new(ClaimId(1), "Zürich", ByteSpan::new(0, 7), jiff::Timestamp::UNIX_EPOCH);
        let mut r = ClaimRecord::from_claim(&c, &index);
        assert_eq!(r.end, 6);
        r.end = 7;
        assert!(matches!(r.clone().into_claim(&index), Err(RecordError::BadOffsets { .. })));
        r.end = 6;
        r.id = "x".into();
        assert_eq!(r.into_claim(&index), Err(RecordError::BadId("x".into())));
        assert_eq!(legacy_number("C12"), Some(12));
        assert_eq!(legacy_number("0"), None);
        assert_eq!(parse_id(&c.id.to_string()), Some(c.id));
        assert_eq!(parse_id("12"), None);
    }
}
