//! Three-way merge of projects at the level of annotations, by id — what `claimlens merge
//! BASE OURS THEIRS` (a git merge driver) runs.
//!
//! The generic pieces ([`merge_value`], [`merge_keyed`], [`merge_fields`], [`merge_set`]) know
//! nothing of projects, so other keyed documents (corpus manifests: documents by id, coders
//! by name) merge the same way.
//!
//! Rules, per annotation (claim, entity correction, code) matched by its id (a code by its
//! path):
//! - added on one side: kept; added on both with the same id: merged field by field with no
//!   common value (a field that differs is a conflict);
//! - deleted on one side and unchanged on the other: deleted; deleted on one side and changed
//!   on the other: kept as changed, with a conflict on its [`EXISTS`] field;
//! - changed on both: field by field — a field one side changed takes that side's value, a
//!   field both changed to the same value takes it, a field both changed differently keeps
//!   OUR value and records a [`Conflict`] with base, ours and theirs. The bookkeeping fields
//!   (modified, modified by) take the later change.
//!
//! Tags, rejected suggestions and earlier conflicts merge as sets, grouping corrections as a
//! list (ours in order, then theirs' additions), orphans and adjudication decisions by key
//! (a change on one side wins; both changed: ours). The article text must be the same in all
//! three: different versions of the article are refused (re-anchor first).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::project::review::{AnnotationRef, EXISTS, FieldValue, Fields};
use crate::project::{Code, Codebook, Conflict, EntityLayers, Orphan, OrphanAnnotation, Project, schema};

/// Why three projects cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// The article text differs between the versions.
    #[error(
        "{which} annotate different versions of the article (the texts differ); the text itself does not merge: bring both onto the same version first (claimlens project update PROJECT --article NEWER)"
    )]
    DifferentArticles {
        /// Which versions differ ("ours and theirs", "the base and ours", …).
        which: String,
    },
}

/// The outcome of a three-way merge of one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merged<V> {
    /// The merged value (`None`: deleted / absent).
    Clean(Option<V>),
    /// Both sides changed it differently (or one deleted what the other changed).
    Conflict {
        /// The common ancestor's value.
        base: Option<V>,
        /// Ours.
        ours: Option<V>,
        /// Theirs.
        theirs: Option<V>,
    },
}

/// Three-way merge of one whole value: a side that changed wins; both changed to the same
/// value: that value; both changed differently: a conflict.
#[must_use]
pub fn merge_value<V: PartialEq + Clone>(base: Option<&V>, ours: Option<&V>, theirs: Option<&V>) -> Merged<V> {
    if ours == theirs || theirs == base {
        Merged::Clean(ours.cloned())
    } else if ours == base {
        Merged::Clean(theirs.cloned())
    } else {
        Merged::Conflict { base: base.cloned(), ours: ours.cloned(), theirs: theirs.cloned() }
    }
}

/// One field both sides changed differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldConflict {
    /// The field.
    pub field: &'static str,
    /// The base value ([`FieldValue::Missing`] when both sides added the annotation).
    pub base: FieldValue,
    /// Ours (kept in the result).
    pub ours: FieldValue,
    /// Theirs.
    pub theirs: FieldValue,
}

/// Merge an annotation both sides have, field by field ([`Fields`]); `base` is `None` when both
/// added it. Returns the result (our value in conflicting fields) and the conflicts.
#[must_use]
pub fn merge_fields<T: Fields>(base: Option<&T>, ours: &T, theirs: &T) -> (T, Vec<FieldConflict>) {
    let mut out = ours.clone();
    let mut conflicts = Vec::new();
    for field in T::FIELDS {
        let b = base.map_or(FieldValue::Missing, |b| b.field(field));
        let (o, t) = (ours.field(field), theirs.field(field));
        if o == t || t == b {
            continue;
        }
        if o == b {
            // Only theirs changed it. The value came from a value of the same type: it fits.
            let _ = out.set_field(field, &t);
        } else {
            conflicts.push(FieldConflict { field, base: b, ours: o, theirs: t });
        }
    }
    out.merge_stamps(ours, theirs);
    (out, conflicts)
}

/// What [`merge_keyed`] found for one key that one side deleted and the other changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteConflict<K> {
    /// The key.
    pub key: K,
    /// True when ours is the side that deleted it (theirs changed it), false when theirs did.
    pub deleted_by_ours: bool,
}

/// The result of [`merge_keyed`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyedMerge<K, V> {
    /// The merged values: ours in their order, then theirs' additions in theirs' order.
    pub values: Vec<V>,
    /// Keys one side deleted and the other changed (their changed value is in `values`).
    pub delete_conflicts: Vec<DeleteConflict<K>>,
}

/// Three-way merge of keyed lists (annotations by id, codes by path, documents by id):
/// additions from both sides are kept, a deletion wins over no change, a deletion against a
/// change keeps the changed value and is reported, and a key both sides changed is merged by
/// `both_changed(key, base, ours, theirs)` (`base` is `None` when both added it).
pub fn merge_keyed<K, V, F>(
    base: &[V],
    ours: &[V],
    theirs: &[V],
    key: impl Fn(&V) -> K,
    mut both_changed: F,
) -> KeyedMerge<K, V>
where
    K: Ord + Clone,
    V: Clone + PartialEq,
    F: FnMut(&K, Option<&V>, &V, &V) -> V,
{
    let index = |list: &[V]| -> BTreeMap<K, usize> { list.iter().enumerate().map(|(i, v)| (key(v), i)).collect() };
    let (bi, oi, ti) = (index(base), index(ours), index(theirs));
    let mut values = Vec::new();
    let mut delete_conflicts = Vec::new();
    for o in ours {
        let k = key(o);
        let b = bi.get(&k).map(|&i| &base[i]);
        match (b, ti.get(&k).map(|&i| &theirs[i])) {
            (_, Some(t)) if t == o => values.push(o.clone()),
            (Some(b), Some(t)) if t == b => values.push(o.clone()),
            (Some(b), Some(t)) if o == b => values.push(t.clone()),
            (b, Some(t)) => values.push(both_changed(&k, b, o, t)),
            // Theirs deleted it.
            (Some(b), None) if o == b => {}
            (Some(_), None) => {
                values.push(o.clone());
                delete_conflicts.push(DeleteConflict { key: k, deleted_by_ours: false });
            }
            // Ours added it.
            (None, None) => values.push(o.clone()),
        }
    }
    for t in theirs {
        let k = key(t);
        if oi.contains_key(&k) {
            continue;
        }
        match bi.get(&k).map(|&i| &base[i]) {
            // Theirs added it.
            None => values.push(t.clone()),
            // Ours deleted it, theirs left it alone.
            Some(b) if b == t => {}
            Some(_) => {
                values.push(t.clone());
                delete_conflicts.push(DeleteConflict { key: k, deleted_by_ours: true });
            }
        }
    }
    KeyedMerge { values, delete_conflicts }
}

/// Three-way merge of a list used as a set (kept in ours' order, then theirs' additions):
/// an item either side removed is removed, an item either side added is added.
#[must_use]
pub fn merge_set<V: Ord + Clone>(base: &[V], ours: &[V], theirs: &[V]) -> Vec<V> {
    let b: BTreeSet<&V> = base.iter().collect();
    let o: BTreeSet<&V> = ours.iter().collect();
    let t: BTreeSet<&V> = theirs.iter().collect();
    let mut out: Vec<V> = ours.iter().filter(|v| t.contains(v) || !b.contains(v)).cloned().collect();
    out.extend(theirs.iter().filter(|v| !o.contains(v) && !b.contains(v)).cloned());
    let mut seen = BTreeSet::new();
    out.retain(|v| seen.insert(v.clone()));
    out
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// Claims in the result.
    pub claims: usize,
    /// Claims only theirs added (taken in).
    pub claims_from_theirs: usize,
    /// Claims the merge deleted because one side deleted them.
    pub claims_deleted: usize,
    /// New conflicts recorded by this merge.
    pub conflicts: usize,
    /// Conflicts in the result, old and new.
    pub conflicts_total: usize,
    /// Parts that are not annotations (source, metadata, automatic entities) that both sides
    /// changed: ours was kept.
    pub kept_ours: Vec<String>,
}

/// The merged project and what happened.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeOutcome {
    /// The result: a valid project, conflicts recorded in [`Project::conflicts`].
    pub project: Project,
    /// Counts.
    pub report: MergeReport,
}

impl MergeOutcome {
    /// True if the merge recorded no new conflict.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.report.conflicts == 0
    }
}

fn conflict(annotation: AnnotationRef, f: FieldConflict) -> Conflict {
    Conflict { annotation, field: f.field.to_owned(), base: f.base, ours: f.ours, theirs: f.theirs }
}

fn exists_conflict(annotation: AnnotationRef, d_by_ours: bool) -> Conflict {
    let (ours, theirs) =
        if d_by_ours { (FieldValue::Missing, FieldValue::Present) } else { (FieldValue::Present, FieldValue::Missing) };
    Conflict { annotation, field: EXISTS.to_owned(), base: FieldValue::Present, ours, theirs }
}

/// A whole value both changed: ours, noting it.
fn keep_ours<V: PartialEq + Clone>(what: &str, b: &V, o: &V, t: &V, kept: &mut Vec<String>) -> V {
    if let Merged::Clean(Some(v)) = merge_value(Some(b), Some(o), Some(t)) {
        v
    } else {
        kept.push(what.to_owned());
        o.clone()
    }
}

fn orphan_key(o: &Orphan) -> (u8, u128) {
    match &o.annotation {
        OrphanAnnotation::Claim(c) => (0, c.id.0),
        OrphanAnnotation::Correction(c) => (1, c.id.0),
    }
}

fn merge_codebook(base: &Codebook, ours: &Codebook, theirs: &Codebook, conflicts: &mut Vec<Conflict>) -> Codebook {
    let name = match merge_value(Some(&base.name), Some(&ours.name), Some(&theirs.name)) {
        Merged::Clean(n) => n.unwrap_or_default(),
        Merged::Conflict { base: b, ours: o, theirs: t } => {
            let text = |v: Option<String>| FieldValue::Text(v.unwrap_or_default());
            conflicts.push(Conflict {
                annotation: AnnotationRef::CodebookName,
                field: "name".to_owned(),
                base: text(b),
                ours: text(o.clone()),
                theirs: text(t),
            });
            o.unwrap_or_default()
        }
    };
    let mut field_conflicts = Vec::new();
    let merged = merge_keyed(
        &base.codes,
        &ours.codes,
        &theirs.codes,
        |c: &Code| c.path.clone(),
        |path, b, o, t| {
            let (v, cs) = merge_fields(b, o, t);
            field_conflicts.extend(cs.into_iter().map(|f| conflict(AnnotationRef::Code(path.clone()), f)));
            v
        },
    );
    conflicts.extend(field_conflicts);
    conflicts.extend(
        merged.delete_conflicts.into_iter().map(|d| exists_conflict(AnnotationRef::Code(d.key), d.deleted_by_ours)),
    );
    let mut codes = merged.values;
    codes.sort_by(|a, b| a.path.cmp(&b.path));
    Codebook { name, codes }
}

/// Three-way merge of `ours` and `theirs`, descendants of `base`, by annotation id (see the
/// module docs). The result is always a valid project; conflicts are recorded in it.
///
/// # Errors
/// [`MergeError::DifferentArticles`] if the article texts differ.
///
/// # Example
/// ```
/// use claimlens::document::{BlockKind, ByteSpan, Document};
/// use claimlens::project::{Claim, ClaimId, Project, SourceInfo};
/// use claimlens::team::merge::merge_projects;
/// let base = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Tax rose. Jobs fell.")]), SourceInfo::default());
/// let t = jiff::Timestamp::UNIX_EPOCH;
/// let (mut ours, mut theirs) = (base.clone(), base.clone());
/// ours.claims.push(Claim::new(ClaimId::new(), base.text(), ByteSpan::new(0, 8), t));
/// theirs.claims.push(Claim::new(ClaimId::new(), base.text(), ByteSpan::new(10, 19), t));
/// let merged = merge_projects(&base, &ours, &theirs).unwrap();
/// assert!(merged.is_clean());
/// assert_eq!(merged.project.claims.len(), 2);
/// ```
pub fn merge_projects(base: &Project, ours: &Project, theirs: &Project) -> Result<MergeOutcome, MergeError> {
    let differ = match (base.text() == ours.text(), base.text() == theirs.text(), ours.text() == theirs.text()) {
        (true, true, _) => None,
        (_, _, false) => Some("ours and theirs"),
        (false, _, true) => Some("the base and both sides"),
        (true, false, true) => unreachable!("text equality is transitive"),
    };
    if let Some(which) = differ {
        return Err(MergeError::DifferentArticles { which: which.to_owned() });
    }
    let mut report = MergeReport::default();
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut kept = Vec::new();

    // Claims, by id, field by field.
    let mut claim_conflicts = Vec::new();
    let claims = merge_keyed(
        &base.claims,
        &ours.claims,
        &theirs.claims,
        |c| c.id,
        |id, b, o, t| {
            let (v, cs) = merge_fields(b, o, t);
            claim_conflicts.extend(cs.into_iter().map(|f| conflict(AnnotationRef::Claim(*id), f)));
            v
        },
    );
    conflicts.extend(claim_conflicts);
    conflicts.extend(
        claims.delete_conflicts.iter().map(|d| exists_conflict(AnnotationRef::Claim(d.key), d.deleted_by_ours)),
    );
    let mut merged_claims = claims.values;
    merged_claims.sort_by_key(crate::project::Claim::order_key);
    let ours_ids: BTreeSet<_> = ours.claims.iter().map(|c| c.id).collect();
    let base_ids: BTreeSet<_> = base.claims.iter().map(|c| c.id).collect();
    let merged_ids: BTreeSet<_> = merged_claims.iter().map(|c| c.id).collect();
    report.claims_from_theirs =
        merged_claims.iter().filter(|c| !ours_ids.contains(&c.id) && !base_ids.contains(&c.id)).count();
    report.claims_deleted = ours_ids.iter().filter(|id| !merged_ids.contains(id)).count();

    // Entity corrections, by id.
    let mut corr_conflicts = Vec::new();
    let corrections = merge_keyed(
        &base.entities.corrections,
        &ours.entities.corrections,
        &theirs.entities.corrections,
        |c| c.id,
        |id, b, o, t| {
            let (v, cs) = merge_fields(b, o, t);
            corr_conflicts.extend(cs.into_iter().map(|f| conflict(AnnotationRef::Correction(*id), f)));
            v
        },
    );
    conflicts.extend(corr_conflicts);
    conflicts.extend(
        corrections
            .delete_conflicts
            .iter()
            .map(|d| exists_conflict(AnnotationRef::Correction(d.key), d.deleted_by_ours)),
    );

    let codebook = merge_codebook(&base.codebook, &ours.codebook, &theirs.codebook, &mut conflicts);

    let (be, oe, te) = (&base.entities, &ours.entities, &theirs.entities);
    let entities = EntityLayers {
        recognizer: keep_ours("entity recognizer", &be.recognizer, &oe.recognizer, &te.recognizer, &mut kept),
        automatic: keep_ours("automatic entities", &be.automatic, &oe.automatic, &te.automatic, &mut kept),
        corrections: corrections.values,
        groups: {
            // Grouping corrections apply in order; equal ones are the same correction.
            let b: Vec<String> = be.groups.iter().map(|g| format!("{g:?}")).collect();
            let o: Vec<String> = oe.groups.iter().map(|g| format!("{g:?}")).collect();
            let t: Vec<String> = te.groups.iter().map(|g| format!("{g:?}")).collect();
            let keys = merge_set(&b, &o, &t);
            let all: BTreeMap<String, &crate::project::GroupCorrection> =
                oe.groups.iter().chain(&te.groups).map(|g| (format!("{g:?}"), g)).collect();
            keys.iter().filter_map(|k| all.get(k).map(|g| (*g).clone())).collect()
        },
    };
    let orphans = merge_keyed(&base.orphans, &ours.orphans, &theirs.orphans, orphan_key, |k, _, o, _| {
        kept.push(format!("orphaned annotation {k:?}"));
        o.clone()
    })
    .values;
    let decisions = {
        let mut d = merge_keyed(
            &base.decisions,
            &ours.decisions,
            &theirs.decisions,
            crate::project::Decision::key,
            |k, _, o, _| {
                kept.push(format!("adjudication decision {k:?}"));
                o.clone()
            },
        )
        .values;
        d.sort_by_key(crate::project::Decision::key);
        d
    };
    let mut tags = merge_set(&base.tags, &ours.tags, &theirs.tags);
    tags.sort();
    let mut rejected = merge_set(&base.rejected_suggestions, &ours.rejected_suggestions, &theirs.rejected_suggestions);
    rejected.sort();
    // Earlier conflicts: one side resolving one removes it.
    let key = |c: &Conflict| format!("{c:?}");
    let earlier = merge_keyed(&base.conflicts, &ours.conflicts, &theirs.conflicts, key, |_, _, o, _| o.clone()).values;
    report.conflicts = conflicts.len();

    let mut project = ours.clone();
    project.format_version = schema::CURRENT_VERSION;
    project.source = keep_ours("source", &base.source, &ours.source, &theirs.source, &mut kept);
    project.document = keep_ours("article metadata", &base.document, &ours.document, &theirs.document, &mut kept);
    project.article_versions = keep_ours(
        "article versions",
        &base.article_versions,
        &ours.article_versions,
        &theirs.article_versions,
        &mut kept,
    );
    project.entities = entities;
    project.claims = merged_claims;
    project.orphans = orphans;
    project.tags = tags;
    project.codebook = codebook;
    project.rejected_suggestions = rejected;
    project.decisions = decisions;
    project.conflicts = earlier;
    for c in conflicts {
        if !project.conflicts.contains(&c) {
            project.conflicts.push(c);
        }
    }
    report.claims = project.claims.len();
    report.conflicts_total = project.conflicts.len();
    report.kept_ours = kept;
    Ok(MergeOutcome { project, report })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, ByteSpan, Document};
    use crate::project::resolve_conflict;
    use crate::project::review::Side;
    use crate::project::{Claim, ClaimId, ClaimStatus, Edit, SourceInfo};

    const TEXT: &str = "Zürich spends 5% on 🚲. Oslo spends 7%. Kraków cut it.";

    fn base() -> Project {
        let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, TEXT)]), SourceInfo::default());
        let t = jiff::Timestamp::UNIX_EPOCH;
        for (n, s) in ["Zürich spends 5% on 🚲.", "Oslo spends 7%."].iter().enumerate() {
            let i = TEXT.find(s).unwrap();
            p.claims.push(Claim::new(ClaimId(n as u128 + 1), TEXT, ByteSpan::new(i, i + s.len()), t));
        }
        p
    }

    fn later(c: &mut Claim, secs: i64, who: &str) {
        c.modified = jiff::Timestamp::UNIX_EPOCH + jiff::SignedDuration::from_secs(secs);
        c.modified_by = who.into();
    }

    #[test]
    fn different_fields_merge_cleanly_and_stamps_take_the_later_change() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.claims[0].note = "ours".into();
        later(&mut o.claims[0], 10, "ana");
        t.claims[0].status = ClaimStatus::Checked;
        later(&mut t.claims[0], 20, "ben");
        t.claims[1].tags = vec!["x".into()];
        let m = merge_projects(&b, &o, &t).unwrap();
        assert!(m.is_clean(), "{:?}", m.project.conflicts);
        let c = &m.project.claims[0];
        assert_eq!((c.note.as_str(), c.status, c.modified_by.as_str()), ("ours", ClaimStatus::Checked, "ben"));
        assert_eq!(m.project.claims[1].tags, ["x"]);
        assert!(m.project.validate().is_ok());
    }

    #[test]
    fn same_field_is_a_recorded_conflict_resolved_by_an_undoable_edit() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.claims[1].note = "ana's".into();
        t.claims[1].note = "ben's".into();
        let m = merge_projects(&b, &o, &t).unwrap();
        assert_eq!(m.report.conflicts, 1);
        let mut p = m.project;
        let c = &p.conflicts[0];
        assert_eq!(
            (c.field.as_str(), &c.ours, &c.theirs),
            ("note", &FieldValue::Text("ana's".into()), &FieldValue::Text("ben's".into()))
        );
        assert_eq!(p.claims[1].note, "ana's");
        let before = p.clone();
        let undo = resolve_conflict(&p, 0, Side::Theirs).unwrap().apply(&mut p).unwrap();
        assert_eq!(p.claims[1].note, "ben's");
        assert!(p.conflicts.is_empty());
        undo.apply(&mut p).unwrap();
        assert_eq!(p, before);
        // Taking ours drops the conflict and leaves the claim.
        resolve_conflict(&p, 0, Side::Ours).unwrap().apply(&mut p).unwrap();
        assert_eq!(p.claims[1].note, "ana's");
        assert!(p.conflicts.is_empty());
    }

    #[test]
    fn delete_against_edit_keeps_the_claim_and_records_it() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        o.claims.remove(0);
        t.claims[0].note = "still matters".into();
        // And a deletion against no change is just a deletion.
        t.claims.remove(1);
        let m = merge_projects(&b, &o, &t).unwrap();
        assert_eq!(m.project.claims.len(), 1);
        assert_eq!(m.project.claims[0].note, "still matters");
        assert_eq!(m.project.conflicts.len(), 1);
        assert_eq!(m.project.conflicts[0].field, EXISTS);
        assert_eq!(m.project.conflicts[0].ours, FieldValue::Missing);
        let mut p = m.project;
        resolve_conflict(&p, 0, Side::Ours).unwrap().apply(&mut p).unwrap();
        assert!(p.claims.is_empty(), "taking our deletion deletes it");
    }

    #[test]
    fn additions_on_both_sides_are_kept_and_the_text_must_match() {
        let b = base();
        let (mut o, mut t) = (b.clone(), b.clone());
        let i = TEXT.find("Kraków").unwrap();
        let span = ByteSpan::new(i, i + "Kraków cut it.".len());
        Edit::AddClaim(Box::new(Claim::new(ClaimId::new(), TEXT, span, jiff::Timestamp::UNIX_EPOCH)))
            .apply(&mut o)
            .unwrap();
        Edit::AddClaim(Box::new(Claim::new(ClaimId::new(), TEXT, span, jiff::Timestamp::UNIX_EPOCH)))
            .apply(&mut t)
            .unwrap();
        o.tags.push("a".into());
        t.codebook.codes.push(crate::project::Code { path: "topic".into(), ..Default::default() });
        let m = merge_projects(&b, &o, &t).unwrap();
        assert!(m.is_clean());
        assert_eq!(m.project.claims.len(), 4);
        assert_eq!(m.report.claims_from_theirs, 1);
        assert_eq!(m.project.tags, ["a"]);
        assert_eq!(m.project.codebook.codes.len(), 1);
        let mut other = t.clone();
        other.document = Document::from_blocks([(BlockKind::Paragraph, "Another text.")]);
        other.claims.clear();
        assert!(matches!(merge_projects(&b, &o, &other), Err(MergeError::DifferentArticles { .. })));
    }

    #[test]
    fn keyed_merge_is_generic() {
        let base = [(1, "a"), (2, "b"), (3, "c")];
        let ours = [(1, "A"), (2, "b"), (4, "d")];
        let theirs = [(1, "a"), (3, "C"), (5, "e")];
        let m = merge_keyed(&base, &ours, &theirs, |v| v.0, |_, _, o, _| *o);
        assert_eq!(m.values, [(1, "A"), (4, "d"), (3, "C"), (5, "e")]);
        assert_eq!(m.delete_conflicts, [DeleteConflict { key: 3, deleted_by_ours: true }]);
        assert_eq!(merge_set(&[1, 2, 3], &[1, 3, 4], &[2, 3, 5]), [3, 4, 5]);
        assert_eq!(
            merge_value(Some(&1), Some(&2), Some(&3)),
            Merged::Conflict { base: Some(1), ours: Some(2), theirs: Some(3) }
        );
    }
}
