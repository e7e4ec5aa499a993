//! Team work kept in a project: merge [`Conflict`]s, adjudication [`Decision`]s, the
//! field-by-field view of annotations ([`Fields`]) both are built on, and the coder stamp
//! edits carry ([`EditContext`]).
//!
//! A three-way merge ([`crate::team::merge`]) that finds both sides changing the same field
//! of the same annotation keeps OUR value in the annotation and records a [`Conflict`] with
//! all three values; [`super::resolve_conflict`] builds the ordinary undoable [`super::Edit`] that takes
//! one side and drops the conflict.

use serde::{Deserialize, Serialize};

use super::{AssertedBy, ClaimKind, ClaimOrigin, ClaimStatus, Verdict, Worthiness};
use super::{Claim, ClaimId, Code, CorrectionAction, CorrectionId, CorrectionTarget, EntityCorrection};
use crate::document::ByteSpan;

/// Who is editing, and when: what [`super::Edit::stamped`] records on the claims and corrections an
/// edit creates or changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditContext {
    /// The coder's name (empty: none recorded).
    pub coder: String,
    /// The time of the edit (`None`: leave the times the edit carries).
    pub now: Option<jiff::Timestamp>,
}

impl EditContext {
    /// A context for `coder` at `now`.
    #[must_use]
    pub fn new(coder: impl Into<String>, now: jiff::Timestamp) -> Self {
        Self { coder: coder.into(), now: Some(now) }
    }
}

/// One value of one field of an annotation, as a merge or a comparison sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldValue {
    /// The annotation is not there (deleted on that side, or never made).
    Missing,
    /// The annotation is there (the value of the `exists` field).
    Present,
    /// Free text.
    Text(String),
    /// One of a closed set, by its display name (`"to check"`); `None`: not set.
    Choice(Option<String>),
    /// A list of strings (tags, evidence links).
    List(Vec<String>),
    /// Where an annotation is, with the text it covers.
    Span {
        /// Bytes of the article text.
        span: ByteSpan,
        /// The text there.
        quote: String,
    },
    /// Which mentions an entity correction targets.
    Target(CorrectionTarget),
    /// What an entity correction does.
    Action(CorrectionAction),
    /// A code's colour.
    Color(Option<(u8, u8, u8)>),
    /// A code's keyboard shortcut.
    Shortcut(Option<u8>),
}

impl std::fmt::Display for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing => f.write_str("(deleted)"),
            Self::Present => f.write_str("(kept)"),
            Self::Text(t) => write!(f, "{t:?}"),
            Self::Choice(None) => f.write_str("(not set)"),
            Self::Choice(Some(c)) => f.write_str(c),
            Self::List(l) => write!(f, "[{}]", l.join(", ")),
            Self::Span { quote, .. } => write!(f, "“{quote}”"),
            Self::Target(CorrectionTarget::Mention(s)) => write!(f, "mention {s}"),
            Self::Target(CorrectionTarget::AllMentions(t)) => write!(f, "all mentions of {t:?}"),
            Self::Action(CorrectionAction::Remove) => f.write_str("not an entity"),
            Self::Action(CorrectionAction::SetLabel(l)) => f.write_str(l.tag()),
            Self::Color(None) | Self::Shortcut(None) => f.write_str("(none)"),
            Self::Color(Some((r, g, b))) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
            Self::Shortcut(Some(n)) => write!(f, "{n}"),
        }
    }
}

/// An annotation seen as named fields: what three-way merges and coder comparisons work on.
pub trait Fields: Clone + PartialEq {
    /// The mergeable fields, in display order (keys as in the exports).
    const FIELDS: &'static [&'static str];
    /// The value of `field` (`FieldValue::Missing` for an unknown field).
    fn field(&self, field: &str) -> FieldValue;
    /// Set `field` to `value`.
    ///
    /// # Errors
    /// If `value` does not fit the field; `self` is unchanged then.
    fn set_field(&mut self, field: &str, value: &FieldValue) -> Result<(), String>;
    /// Merge the bookkeeping fields (times, coders) of `ours` and `theirs` into `self` after
    /// its fields were merged: the later change wins.
    fn merge_stamps(&mut self, ours: &Self, theirs: &Self);
}

fn choice<T: Copy>(v: T, name: fn(T) -> &'static str) -> FieldValue {
    FieldValue::Choice(Some(name(v).to_owned()))
}

fn parse_choice<T>(value: &FieldValue, field: &str, parse: fn(&str) -> Option<T>) -> Result<T, String> {
    match value {
        FieldValue::Choice(Some(s)) => parse(s).ok_or_else(|| format!("{s:?} is no value of {field}")),
        other => Err(format!("{other} is no value of {field}")),
    }
}

pub(super) fn text_of(value: &FieldValue, field: &str) -> Result<String, String> {
    match value {
        FieldValue::Text(t) => Ok(t.clone()),
        other => Err(format!("{other} is no value of {field}")),
    }
}

fn list_of(value: &FieldValue, field: &str) -> Result<Vec<String>, String> {
    match value {
        FieldValue::List(l) => Ok(l.clone()),
        other => Err(format!("{other} is no value of {field}")),
    }
}

fn later(a: Option<jiff::Timestamp>, b: Option<jiff::Timestamp>) -> bool {
    b > a
}

impl Fields for Claim {
    const FIELDS: &'static [&'static str] = &[
        "span",
        "claimant",
        "claimant_entity",
        "asserted_by",
        "type",
        "check_worthiness",
        "status",
        "verdict",
        "evidence",
        "note",
        "tags",
        "origin",
    ];

    fn field(&self, field: &str) -> FieldValue {
        match field {
            "span" => FieldValue::Span { span: self.span, quote: self.quote.clone() },
            "claimant" => FieldValue::Text(self.claimant.clone()),
            "claimant_entity" => FieldValue::Choice(self.claimant_entity.clone()),
            "asserted_by" => choice(self.asserted_by, AssertedBy::name),
            "type" => choice(self.kind, ClaimKind::name),
            "check_worthiness" => choice(self.worthiness, Worthiness::name),
            "status" => choice(self.status, ClaimStatus::name),
            "verdict" => FieldValue::Choice(self.verdict.map(|v| v.name().to_owned())),
            "evidence" => FieldValue::List(self.evidence.clone()),
            "note" => FieldValue::Text(self.note.clone()),
            "tags" => FieldValue::List(self.tags.clone()),
            "origin" => choice(self.origin, ClaimOrigin::name),
            _ => FieldValue::Missing,
        }
    }

    fn set_field(&mut self, field: &str, value: &FieldValue) -> Result<(), String> {
        match field {
            "span" => match value {
                FieldValue::Span { span, quote } => {
                    self.span = *span;
                    self.quote.clone_from(quote);
                }
                other => return Err(format!("{other} is no span")),
            },
            "claimant" => self.claimant = text_of(value, field)?,
            "claimant_entity" => match value {
                FieldValue::Choice(c) => self.claimant_entity.clone_from(c),
                other => return Err(format!("{other} is no value of {field}")),
            },
            "asserted_by" => self.asserted_by = parse_choice(value, field, AssertedBy::parse)?,
            "type" => self.kind = parse_choice(value, field, ClaimKind::parse)?,
            "check_worthiness" => self.worthiness = parse_choice(value, field, Worthiness::parse)?,
            "status" => self.status = parse_choice(value, field, ClaimStatus::parse)?,
            "verdict" => {
                self.verdict = match value {
                    FieldValue::Choice(None) => None,
                    v => Some(parse_choice(v, field, Verdict::parse)?),
                }
            }
            "evidence" => self.evidence = list_of(value, field)?,
            "note" => self.note = text_of(value, field)?,
            "tags" => self.tags = list_of(value, field)?,
            "origin" => self.origin = parse_choice(value, field, ClaimOrigin::parse)?,
            _ => return Err(format!("claims have no field {field:?}")),
        }
        Ok(())
    }

    fn merge_stamps(&mut self, ours: &Self, theirs: &Self) {
        let newer = if theirs.modified > ours.modified { theirs } else { ours };
        self.modified = newer.modified;
        self.modified_by.clone_from(&newer.modified_by);
    }
}

impl Fields for EntityCorrection {
    const FIELDS: &'static [&'static str] = &["target", "action"];

    fn field(&self, field: &str) -> FieldValue {
        match field {
            "target" => FieldValue::Target(self.target.clone()),
            "action" => FieldValue::Action(self.action),
            _ => FieldValue::Missing,
        }
    }

    fn set_field(&mut self, field: &str, value: &FieldValue) -> Result<(), String> {
        match (field, value) {
            ("target", FieldValue::Target(t)) => self.target = t.clone(),
            ("action", FieldValue::Action(a)) => self.action = *a,
            _ => return Err(format!("{value} is no value of the correction field {field:?}")),
        }
        Ok(())
    }

    fn merge_stamps(&mut self, ours: &Self, theirs: &Self) {
        let newer = if later(ours.modified, theirs.modified) { theirs } else { ours };
        self.modified = newer.modified;
        self.modified_by.clone_from(&newer.modified_by);
    }
}

impl Fields for Code {
    const FIELDS: &'static [&'static str] = &["color", "shortcut", "description"];

    fn field(&self, field: &str) -> FieldValue {
        match field {
            "color" => FieldValue::Color(self.color),
            "shortcut" => FieldValue::Shortcut(self.shortcut),
            "description" => FieldValue::Text(self.description.clone()),
            _ => FieldValue::Missing,
        }
    }

    fn set_field(&mut self, field: &str, value: &FieldValue) -> Result<(), String> {
        match (field, value) {
            ("color", FieldValue::Color(c)) => self.color = *c,
            ("shortcut", FieldValue::Shortcut(s)) => self.shortcut = *s,
            ("description", FieldValue::Text(t)) => self.description.clone_from(t),
            _ => return Err(format!("{value} is no value of the code field {field:?}")),
        }
        Ok(())
    }

    fn merge_stamps(&mut self, _ours: &Self, _theirs: &Self) {}
}

/// The fields of `a` and `b` that differ, in [`Fields::FIELDS`] order.
#[must_use]
pub fn differing_fields<T: Fields>(a: &T, b: &T) -> Vec<&'static str> {
    T::FIELDS.iter().copied().filter(|f| a.field(f) != b.field(f)).collect()
}

/// Which annotation a conflict is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AnnotationRef {
    /// A claim.
    Claim(ClaimId),
    /// An entity correction.
    Correction(CorrectionId),
    /// A code of the codebook, by path.
    Code(String),
    /// The codebook's name.
    CodebookName,
}

impl std::fmt::Display for AnnotationRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Claim(id) => write!(f, "claim {id}"),
            Self::Correction(id) => write!(f, "entity correction {id}"),
            Self::Code(path) => write!(f, "code {path:?}"),
            Self::CodebookName => f.write_str("the codebook's name"),
        }
    }
}

/// The field name of a conflict about whether an annotation exists at all (one side deleted
/// it, the other changed it).
pub const EXISTS: &str = "exists";

/// Both sides of a merge changed the same field of the same annotation differently (or one
/// deleted what the other changed). The project holds OUR value until the conflict is
/// resolved ([`super::resolve_conflict`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The annotation.
    pub annotation: AnnotationRef,
    /// The field (as in [`Fields::FIELDS`]), or [`EXISTS`].
    pub field: String,
    /// The value in the common ancestor.
    pub base: FieldValue,
    /// Our value (the one the project holds).
    pub ours: FieldValue,
    /// Their value.
    pub theirs: FieldValue,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}: ours {}, theirs {} (was {})", self.annotation, self.field, self.ours, self.theirs, self.base)
    }
}

/// Which side of a conflict to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    /// Our value (what the project holds).
    Ours,
    /// Their value.
    Theirs,
}

/// Both sides' values of `conflict` combined, where that makes sense: the union of two lists
/// (tags, evidence links: ours first, then theirs not already there), and two notes or code
/// descriptions one after the other (separated by a blank line). `None` for anything else (a
/// type, a span, a deletion): there one side must be picked.
#[must_use]
pub fn combined(conflict: &Conflict) -> Option<FieldValue> {
    match (&conflict.ours, &conflict.theirs) {
        (FieldValue::List(a), FieldValue::List(b)) => {
            let mut out = a.clone();
            out.extend(b.iter().filter(|x| !a.contains(x)).cloned());
            Some(FieldValue::List(out))
        }
        (FieldValue::Text(a), FieldValue::Text(b)) if matches!(conflict.field.as_str(), "note" | "description") => {
            let joined = match (a.trim().is_empty(), b.trim().is_empty()) {
                (true, _) => b.clone(),
                (_, true) => a.clone(),
                _ => format!("{a}\n\n{b}"),
            };
            Some(FieldValue::Text(joined))
        }
        _ => None,
    }
}

/// What an adjudicator decided for one item of a comparison of two coders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Choice {
    /// Keep coder A's claim.
    TakeA,
    /// Keep coder B's claim.
    TakeB,
    /// Keep both claims.
    Both,
    /// Keep neither.
    Neither,
}

impl Choice {
    /// Every choice, in menu order.
    pub const ALL: [Self; 4] = [Self::TakeA, Self::TakeB, Self::Both, Self::Neither];

    /// The name shown to people.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::TakeA => "take A's",
            Self::TakeB => "take B's",
            Self::Both => "keep both",
            Self::Neither => "keep neither",
        }
    }
}

/// One adjudication decision recorded in the merged project: which claims were compared,
/// what was decided, by whom and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Coder A's claim of the item (if A had one).
    pub a: Option<ClaimId>,
    /// Coder B's claim of the item (if B had one).
    pub b: Option<ClaimId>,
    /// The decision.
    pub choice: Choice,
    /// The claims the decision put into the merged project.
    #[serde(default)]
    pub kept: Vec<ClaimId>,
    /// The adjudicator.
    #[serde(default)]
    pub decided_by: String,
    /// When.
    #[serde(default)]
    pub decided: Option<jiff::Timestamp>,
}

impl Decision {
    /// The item the decision is about.
    #[must_use]
    pub fn key(&self) -> (Option<ClaimId>, Option<ClaimId>) {
        (self.a, self.b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_fields_round_trip() {
        let text = "Zürich spends 5% on 🚲.";
        let mut a = Claim::new(ClaimId::new(), text, ByteSpan::new(0, 7), jiff::Timestamp::UNIX_EPOCH);
        let mut b = a.clone();
        b.note = "n".into();
        b.verdict = Some(Verdict::MostlyTrue);
        b.kind = ClaimKind::Statistical;
        b.span = ByteSpan::new(8, 17);
        b.quote = text[b.span].to_owned();
        b.tags = vec!["x".into()];
        b.claimant_entity = Some("Zürich".into());
        assert_eq!(differing_fields(&a, &b), ["span", "claimant_entity", "type", "verdict", "note", "tags"]);
        for f in Claim::FIELDS {
            a.set_field(f, &b.field(f)).unwrap();
        }
        assert_eq!(a, b);
        assert!(a.set_field("note", &FieldValue::List(vec![])).is_err());
        assert!(a.set_field("status", &FieldValue::Choice(Some("nonsense".into()))).is_err());
        assert_eq!(a, b, "a refused value changes nothing");
    }

    #[test]
    fn both_sides_combine_lists_and_notes_only() {
        let conflict = |field: &str, ours: FieldValue, theirs: FieldValue| Conflict {
            annotation: AnnotationRef::Claim(ClaimId::new()),
            field: field.into(),
            base: FieldValue::Missing,
            ours,
            theirs,
        };
        let l = |v: &[&str]| FieldValue::List(v.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(combined(&conflict("tags", l(&["a", "b"]), l(&["b", "c"]))), Some(l(&["a", "b", "c"])));
        let t = |s: &str| FieldValue::Text(s.into());
        assert_eq!(combined(&conflict("note", t("Zürich"), t("🚲"))), Some(t("Zürich\n\n🚲")));
        assert_eq!(combined(&conflict("note", t(""), t("🚲"))), Some(t("🚲")));
        assert_eq!(combined(&conflict("claimant", t("Ana"), t("Ben"))), None);
        let c = |s: &str| FieldValue::Choice(Some(s.into()));
        assert_eq!(combined(&conflict("type", c("statistical"), c("other"))), None);
    }
}
