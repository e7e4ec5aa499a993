//! [`Edit`]: every change a user makes to a project, as a value whose application returns
//! its inverse.

use super::review::{
    AnnotationRef, Conflict, Decision, EXISTS, EditContext, FieldValue, Fields as _, Side, combined, text_of,
};
use super::{ArticleState, Claim, ClaimId, CorrectionId, CorrectionTarget, EntityCorrection, Orphan, Project};
use crate::document::ByteSpan;

/// Why an edit could not be applied. The project is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// No claim with this id.
    #[error("there is no claim {0}")]
    UnknownClaim(ClaimId),
    /// A claim with this id exists already.
    #[error("claim {0} exists already")]
    DuplicateClaim(ClaimId),
    /// The span is outside the text or splits a character.
    #[error("span {0} is not a valid range of the article text")]
    BadSpan(ByteSpan),
    /// A correction index is out of range.
    #[error("there is no entity correction number {0}")]
    BadCorrectionIndex(usize),
    /// An orphan index is out of range.
    #[error("there is no orphaned annotation number {0}")]
    BadOrphanIndex(usize),
    /// A replacement article state does not fit its own text.
    #[error("the new article state is inconsistent: {0}")]
    BadArticleState(String),
    /// An entity correction with this id exists already.
    #[error("entity correction {0} exists already")]
    DuplicateCorrection(CorrectionId),
    /// A conflict index is out of range.
    #[error("there is no merge conflict number {0}")]
    BadConflictIndex(usize),
    /// A recorded conflict no longer fits the project.
    #[error("the merge conflict cannot be resolved: {0}")]
    BadConflict(String),
}

/// One undoable change to a [`Project`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Add a claim (kept in document order).
    AddClaim(Box<Claim>),
    /// Remove a claim.
    RemoveClaim {
        /// Which claim.
        id: ClaimId,
    },
    /// Replace the claim with the same id (any field, including its span).
    UpdateClaim(Box<Claim>),
    /// Insert an entity correction at `index` of the corrections list.
    InsertCorrection {
        /// Position in [`super::EntityLayers::corrections`].
        index: usize,
        /// The correction.
        correction: EntityCorrection,
    },
    /// Remove the entity correction at `index`.
    RemoveCorrection {
        /// Position in [`super::EntityLayers::corrections`].
        index: usize,
    },
    /// Insert a canonical-entity grouping correction at `index`.
    InsertGroupCorrection {
        /// Position in [`super::EntityLayers::groups`].
        index: usize,
        /// The correction.
        correction: super::GroupCorrection,
    },
    /// Remove the grouping correction at `index`.
    RemoveGroupCorrection {
        /// Position in [`super::EntityLayers::groups`].
        index: usize,
    },
    /// Replace the codebook.
    SetCodebook(Box<super::Codebook>),
    /// Remember that the user rejected the sentence with this text as a claim suggestion.
    RejectSuggestion(String),
    /// Forget a rejection.
    UnrejectSuggestion(String),
    /// Mark a fact-check match as "not the same claim" for a claim (no-op if marked).
    DismissMatch {
        /// The claim.
        claim: ClaimId,
        /// The fact-check's URL.
        url: String,
    },
    /// Undo [`Edit::DismissMatch`] (no-op if not marked).
    UndismissMatch {
        /// The claim.
        claim: ClaimId,
        /// The fact-check's URL.
        url: String,
    },
    /// Add a tag to the vocabulary (no-op if present).
    AddTag(String),
    /// Remove a tag from the vocabulary (claims keep it).
    RemoveTag(String),
    /// Replace the article and everything anchored to it (source, document, version history,
    /// entities, claims, orphans) in one step; the inverse holds the previous state. Built by
    /// [`super::anchor::update_article`].
    ReplaceArticle(Box<ArticleState>),
    /// Insert an orphaned annotation at `index` of [`Project::orphans`].
    InsertOrphan {
        /// Position in the list.
        index: usize,
        /// The orphan.
        orphan: Box<Orphan>,
    },
    /// Remove the orphan at `index` (deliberately dropping it, or as part of re-attaching it,
    /// see [`super::anchor::reattach_orphan`]).
    RemoveOrphan {
        /// Position in [`Project::orphans`].
        index: usize,
    },
    /// Insert a merge conflict at `index` of [`Project::conflicts`].
    InsertConflict {
        /// Position in the list.
        index: usize,
        /// The conflict.
        conflict: Box<Conflict>,
    },
    /// Remove the merge conflict at `index` (see [`super::resolve_conflict`], which
    /// also gives the annotation the chosen value).
    RemoveConflict {
        /// Position in [`Project::conflicts`].
        index: usize,
    },
    /// Record (`Some`) or forget (`None`) the adjudication decision about the item `key`
    /// (coder A's and coder B's claim), replacing any earlier one.
    SetDecision {
        /// The item: A's claim, B's claim.
        key: (Option<ClaimId>, Option<ClaimId>),
        /// The decision.
        decision: Option<Box<Decision>>,
    },
    /// Several edits applied as one undo step, in order.
    Batch(Vec<Edit>),
}

fn check_span(project: &Project, span: ByteSpan) -> Result<(), EditError> {
    let text = project.text();
    if span.end > text.len() || ByteSpan::checked(text, span.start, span.end).is_none() {
        return Err(EditError::BadSpan(span));
    }
    Ok(())
}

/// Every span of `state` must be a valid span of its own document text.
fn check_state(state: &ArticleState) -> Result<(), EditError> {
    let text = &state.document.text;
    let ok = |s: ByteSpan| s.end <= text.len() && ByteSpan::checked(text, s.start, s.end).is_some();
    state.document.validate().map_err(EditError::BadArticleState)?;
    let bad = state.claims.iter().map(|c| c.span).chain(state.entities.automatic.iter().map(|e| e.span)).chain(
        state.entities.corrections.iter().filter_map(|c| match c.target {
            CorrectionTarget::Mention(s) => Some(s),
            CorrectionTarget::AllMentions(_) => None,
        }),
    );
    for s in bad {
        if !ok(s) {
            return Err(EditError::BadSpan(s));
        }
    }
    Ok(())
}

fn insert_sorted(project: &mut Project, claim: Claim) {
    let key = claim.order_key();
    let at = project.claims.partition_point(|c| c.order_key() < key);
    project.claims.insert(at, claim);
}

/// What an edit changes, so that what is derived from a project is recomputed only where it
/// must be: typing into a claim's note does not find the article's entities again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)]
pub struct Touches {
    /// The article itself (text, blocks, source, versions): everything depends on it.
    pub text: bool,
    /// Automatic entities, entity corrections or entity groups.
    pub entities: bool,
    /// Where claims are: a claim added, removed or moved.
    pub claim_spans: bool,
    /// The fields of a claim other than where it is.
    pub claim_fields: bool,
    /// The rejected suggestions.
    pub rejections: bool,
    /// The codebook or the tag vocabulary.
    pub codes: bool,
    /// The orphans.
    pub orphans: bool,
    /// Merge conflicts or adjudication decisions.
    pub review: bool,
    /// Fact-check matches dismissed as "not the same claim".
    pub matches: bool,
}

impl Touches {
    /// Everything.
    pub const ALL: Self = Self {
        text: true,
        entities: true,
        claim_spans: true,
        claim_fields: true,
        rejections: true,
        codes: true,
        orphans: true,
        review: true,
        matches: true,
    };

    /// What either changes.
    #[must_use]
    pub const fn union(self, o: Self) -> Self {
        Self {
            text: self.text || o.text,
            entities: self.entities || o.entities,
            claim_spans: self.claim_spans || o.claim_spans,
            claim_fields: self.claim_fields || o.claim_fields,
            rejections: self.rejections || o.rejections,
            codes: self.codes || o.codes,
            orphans: self.orphans || o.orphans,
            review: self.review || o.review,
            matches: self.matches || o.matches,
        }
    }

    /// True when the claims changed in any way.
    #[must_use]
    pub const fn claims(self) -> bool {
        self.claim_spans || self.claim_fields
    }
}

impl Edit {
    /// Add `edit` after `self`, as one undo step.
    #[must_use]
    pub fn then(self, edit: Self) -> Self {
        match self {
            Self::Batch(mut v) => {
                v.push(edit);
                Self::Batch(v)
            }
            first => Self::Batch(vec![first, edit]),
        }
    }

    /// Apply the edit to `project` and return the edit that undoes it.
    ///
    /// # Errors
    /// If the edit does not fit the project (unknown claim, bad span…). The project is then
    /// unchanged (a failing [`Edit::Batch`] rolls back the part it applied).
    ///
    /// # Example
    /// ```
    /// use claimlens::document::{BlockKind, ByteSpan, Document};
    /// use claimlens::project::{Claim, ClaimId, Edit, Project, SourceInfo};
    /// let doc = Document::from_blocks([(BlockKind::Paragraph, "Spending rose 5%.")]);
    /// let mut project = Project::new(doc, SourceInfo::default());
    /// let before = project.clone();
    /// let claim = Claim::new(ClaimId(1), project.text(), ByteSpan::new(0, 17), jiff::Timestamp::UNIX_EPOCH);
    /// let undo = Edit::AddClaim(Box::new(claim)).apply(&mut project).unwrap();
    /// assert_eq!(project.claims.len(), 1);
    /// undo.apply(&mut project).unwrap();
    /// assert_eq!(project, before);
    /// ```
    pub fn apply(self, project: &mut Project) -> Result<Self, EditError> {
        match self {
            Self::AddClaim(claim) => {
                if project.claim_index(claim.id).is_some() {
                    return Err(EditError::DuplicateClaim(claim.id));
                }
                check_span(project, claim.span)?;
                let id = claim.id;
                insert_sorted(project, *claim);
                Ok(Self::RemoveClaim { id })
            }
            Self::RemoveClaim { id } => {
                let i = project.claim_index(id).ok_or(EditError::UnknownClaim(id))?;
                let claim = project.claims.remove(i);
                Ok(Self::AddClaim(Box::new(claim)))
            }
            Self::UpdateClaim(claim) => {
                check_span(project, claim.span)?;
                let i = project.claim_index(claim.id).ok_or(EditError::UnknownClaim(claim.id))?;
                let old = project.claims.remove(i);
                insert_sorted(project, *claim);
                Ok(Self::UpdateClaim(Box::new(old)))
            }
            Self::InsertCorrection { index, correction } => {
                match &correction.target {
                    super::CorrectionTarget::Mention(span) => {
                        check_span(project, *span)?;
                        if span.is_empty() {
                            return Err(EditError::BadSpan(*span));
                        }
                    }
                    super::CorrectionTarget::AllMentions(text) if text.trim().is_empty() => {
                        return Err(EditError::BadSpan(ByteSpan::empty(0)));
                    }
                    super::CorrectionTarget::AllMentions(_) => {}
                }
                if project.correction_index(correction.id).is_some() {
                    return Err(EditError::DuplicateCorrection(correction.id));
                }
                let list = &mut project.entities.corrections;
                if index > list.len() {
                    return Err(EditError::BadCorrectionIndex(index));
                }
                list.insert(index, correction);
                Ok(Self::RemoveCorrection { index })
            }
            Self::RemoveCorrection { index } => {
                let list = &mut project.entities.corrections;
                if index >= list.len() {
                    return Err(EditError::BadCorrectionIndex(index));
                }
                let correction = list.remove(index);
                Ok(Self::InsertCorrection { index, correction })
            }
            Self::InsertGroupCorrection { index, correction } => {
                let list = &mut project.entities.groups;
                if index > list.len() {
                    return Err(EditError::BadCorrectionIndex(index));
                }
                list.insert(index, correction);
                Ok(Self::RemoveGroupCorrection { index })
            }
            Self::RemoveGroupCorrection { index } => {
                let list = &mut project.entities.groups;
                if index >= list.len() {
                    return Err(EditError::BadCorrectionIndex(index));
                }
                let correction = list.remove(index);
                Ok(Self::InsertGroupCorrection { index, correction })
            }
            Self::SetCodebook(codebook) => {
                let old = std::mem::replace(&mut project.codebook, *codebook);
                Ok(Self::SetCodebook(Box::new(old)))
            }
            Self::RejectSuggestion(text) => match project.rejected_suggestions.binary_search(&text) {
                Ok(_) => Ok(Self::Batch(Vec::new())),
                Err(at) => {
                    project.rejected_suggestions.insert(at, text.clone());
                    Ok(Self::UnrejectSuggestion(text))
                }
            },
            Self::UnrejectSuggestion(text) => match project.rejected_suggestions.binary_search(&text) {
                Ok(at) => {
                    project.rejected_suggestions.remove(at);
                    Ok(Self::RejectSuggestion(text))
                }
                Err(_) => Ok(Self::Batch(Vec::new())),
            },
            Self::DismissMatch { claim, url } => {
                let list = &mut project.dismissed_matches;
                match list.binary_search_by(|(c, u)| (*c, u.as_str()).cmp(&(claim, url.as_str()))) {
                    Ok(_) => Ok(Self::Batch(Vec::new())),
                    Err(at) => {
                        list.insert(at, (claim, url.clone()));
                        Ok(Self::UndismissMatch { claim, url })
                    }
                }
            }
            Self::UndismissMatch { claim, url } => {
                let list = &mut project.dismissed_matches;
                match list.binary_search_by(|(c, u)| (*c, u.as_str()).cmp(&(claim, url.as_str()))) {
                    Ok(at) => {
                        list.remove(at);
                        Ok(Self::DismissMatch { claim, url })
                    }
                    Err(_) => Ok(Self::Batch(Vec::new())),
                }
            }
            Self::AddTag(tag) => {
                let tags = &mut project.tags;
                match tags.binary_search(&tag) {
                    Ok(_) => Ok(Self::Batch(Vec::new())),
                    Err(at) => {
                        tags.insert(at, tag.clone());
                        Ok(Self::RemoveTag(tag))
                    }
                }
            }
            Self::RemoveTag(tag) => {
                let tags = &mut project.tags;
                match tags.binary_search(&tag) {
                    Ok(at) => {
                        tags.remove(at);
                        Ok(Self::AddTag(tag))
                    }
                    Err(_) => Ok(Self::Batch(Vec::new())),
                }
            }
            Self::ReplaceArticle(state) => {
                check_state(&state)?;
                let mut state = *state;
                std::mem::swap(&mut project.source, &mut state.source);
                std::mem::swap(&mut project.document, &mut state.document);
                std::mem::swap(&mut project.article_versions, &mut state.article_versions);
                std::mem::swap(&mut project.entities, &mut state.entities);
                std::mem::swap(&mut project.claims, &mut state.claims);
                std::mem::swap(&mut project.orphans, &mut state.orphans);
                Ok(Self::ReplaceArticle(Box::new(state)))
            }
            Self::InsertOrphan { index, orphan } => {
                if index > project.orphans.len() {
                    return Err(EditError::BadOrphanIndex(index));
                }
                project.orphans.insert(index, *orphan);
                Ok(Self::RemoveOrphan { index })
            }
            Self::RemoveOrphan { index } => {
                if index >= project.orphans.len() {
                    return Err(EditError::BadOrphanIndex(index));
                }
                let orphan = project.orphans.remove(index);
                Ok(Self::InsertOrphan { index, orphan: Box::new(orphan) })
            }
            Self::InsertConflict { index, conflict } => {
                if index > project.conflicts.len() {
                    return Err(EditError::BadConflictIndex(index));
                }
                project.conflicts.insert(index, *conflict);
                Ok(Self::RemoveConflict { index })
            }
            Self::RemoveConflict { index } => {
                if index >= project.conflicts.len() {
                    return Err(EditError::BadConflictIndex(index));
                }
                let conflict = project.conflicts.remove(index);
                Ok(Self::InsertConflict { index, conflict: Box::new(conflict) })
            }
            Self::SetDecision { key, decision } => {
                let list = &mut project.decisions;
                let at = list.partition_point(|d| d.key() < key);
                let old = if list.get(at).is_some_and(|d| d.key() == key) { Some(list.remove(at)) } else { None };
                if let Some(d) = decision {
                    let mut d = *d;
                    (d.a, d.b) = key;
                    list.insert(at, d);
                }
                Ok(Self::SetDecision { key, decision: old.map(Box::new) })
            }
            Self::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(project) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            for inv in inverses.into_iter().rev() {
                                inv.apply(project).expect("the inverse of an applied edit applies");
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Self::Batch(inverses))
            }
        }
    }

    /// What applying the edit to `project` (as it is now, before the edit) would change.
    ///
    /// # Example
    /// ```
    /// use claimlens::document::{BlockKind, ByteSpan, Document};
    /// use claimlens::project::{Claim, ClaimId, Edit, Project, SourceInfo};
    /// let doc = Document::from_blocks([(BlockKind::Paragraph, "Spending rose 5%.")]);
    /// let mut project = Project::new(doc, SourceInfo::default());
    /// let claim = Claim::new(ClaimId(1), project.text(), ByteSpan::new(0, 17), jiff::Timestamp::UNIX_EPOCH);
    /// Edit::AddClaim(Box::new(claim.clone())).apply(&mut project).unwrap();
    /// let mut noted = claim.clone();
    /// noted.note = "check the budget".into();
    /// let t = Edit::UpdateClaim(Box::new(noted)).touches(&project);
    /// assert!(t.claim_fields && !t.claim_spans && !t.entities && !t.text);
    /// ```
    #[must_use]
    pub fn touches(&self, project: &Project) -> Touches {
        let none = Touches::default();
        match self {
            Self::AddClaim(_) | Self::RemoveClaim { .. } => Touches { claim_spans: true, claim_fields: true, ..none },
            Self::UpdateClaim(c) => Touches {
                claim_fields: true,
                claim_spans: project.claim(c.id).is_none_or(|old| old.span != c.span),
                ..none
            },
            Self::InsertCorrection { .. }
            | Self::RemoveCorrection { .. }
            | Self::InsertGroupCorrection { .. }
            | Self::RemoveGroupCorrection { .. } => Touches { entities: true, ..none },
            Self::SetCodebook(_) | Self::AddTag(_) | Self::RemoveTag(_) => Touches { codes: true, ..none },
            Self::RejectSuggestion(_) | Self::UnrejectSuggestion(_) => Touches { rejections: true, ..none },
            Self::ReplaceArticle(_) => Touches::ALL,
            Self::InsertOrphan { .. } | Self::RemoveOrphan { .. } => Touches { orphans: true, ..none },
            Self::InsertConflict { .. } | Self::RemoveConflict { .. } | Self::SetDecision { .. } => {
                Touches { review: true, ..none }
            }
            Self::DismissMatch { .. } | Self::UndismissMatch { .. } => Touches { matches: true, ..none },
            Self::Batch(v) => v.iter().fold(none, |t, e| t.union(e.touches(project))),
        }
    }

    /// The edit with the coder and time of `ctx` recorded on what it creates or changes:
    /// a claim it adds gets `created_by` / `modified_by` (where not already set), a claim it
    /// updates gets `modified_by` and `modified`, an entity correction it inserts gets its
    /// creation stamp (where not already set). Other edits are unchanged.
    ///
    /// Stamp the edit a user makes, before applying it ([`super::History::apply_with`] does);
    /// the inverse it returns holds the previous values, so undo restores the previous coder
    /// exactly, and redo the stamped one.
    ///
    /// # Example
    /// ```
    /// use claimlens::document::{BlockKind, ByteSpan, Document};
    /// use claimlens::project::{Claim, ClaimId, Edit, EditContext, Project, SourceInfo};
    /// let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, "Tax rose 5%.")]), SourceInfo::default());
    /// let t = jiff::Timestamp::UNIX_EPOCH;
    /// let claim = Claim::new(ClaimId::new(), p.text(), ByteSpan::new(0, 11), t);
    /// let ctx = EditContext::new("ana", t);
    /// Edit::AddClaim(Box::new(claim)).stamped(&ctx).apply(&mut p).unwrap();
    /// assert_eq!(p.claims[0].created_by, "ana");
    /// ```
    #[must_use]
    pub fn stamped(self, ctx: &EditContext) -> Self {
        let coder = ctx.coder.trim();
        let set = |who: &mut String, force: bool| {
            if !coder.is_empty() && (force || who.is_empty()) {
                coder.clone_into(who);
            }
        };
        match self {
            Self::AddClaim(mut c) => {
                set(&mut c.created_by, false);
                set(&mut c.modified_by, false);
                Self::AddClaim(c)
            }
            Self::UpdateClaim(mut c) => {
                set(&mut c.modified_by, true);
                if let Some(now) = ctx.now {
                    c.modified = now;
                }
                Self::UpdateClaim(c)
            }
            Self::InsertCorrection { index, mut correction } => {
                set(&mut correction.created_by, false);
                set(&mut correction.modified_by, false);
                if correction.created.is_none() {
                    correction.created = ctx.now;
                }
                if correction.modified.is_none() {
                    correction.modified = ctx.now;
                }
                Self::InsertCorrection { index, correction }
            }
            Self::Batch(v) => Self::Batch(v.into_iter().map(|e| e.stamped(ctx)).collect()),
            other => other,
        }
    }

    /// True for an edit that changes nothing (an empty batch).
    #[must_use]
    pub fn is_noop(&self) -> bool {
        match self {
            Self::Batch(v) => v.iter().all(Self::is_noop),
            _ => false,
        }
    }
}

/// The edit that resolves the conflict at `index` of [`Project::conflicts`] by taking `side`:
/// the annotation gets that side's value (or is deleted, for a deletion) and the conflict is
/// dropped. Undoing it brings both back.
///
/// # Errors
/// [`EditError::BadConflictIndex`] for an index out of range; [`EditError::BadConflict`] when
/// the conflict no longer fits the project (its annotation is gone, a value does not fit).
pub fn resolve_conflict(project: &Project, index: usize, side: Side) -> Result<Edit, EditError> {
    let conflict = project.conflicts.get(index).ok_or(EditError::BadConflictIndex(index))?;
    let value = match side {
        Side::Ours => &conflict.ours,
        Side::Theirs => &conflict.theirs,
    };
    resolve_conflict_to(project, index, value)
}

/// The edit that resolves the conflict at `index` by keeping both sides
/// ([`super::review::combined`]: two lists joined, two notes one after the other).
///
/// # Errors
/// As [`resolve_conflict`]; [`EditError::BadConflict`] also when the two values cannot be
/// combined.
pub fn resolve_conflict_both(project: &Project, index: usize) -> Result<Edit, EditError> {
    let conflict = project.conflicts.get(index).ok_or(EditError::BadConflictIndex(index))?;
    let value = combined(conflict)
        .ok_or_else(|| EditError::BadConflict(format!("{conflict}: the two values cannot both be kept")))?;
    resolve_conflict_to(project, index, &value)
}

/// The edit that gives the annotation of the conflict at `index` the value `value` and drops
/// the conflict.
fn resolve_conflict_to(project: &Project, index: usize, value: &FieldValue) -> Result<Edit, EditError> {
    let conflict = project.conflicts.get(index).ok_or(EditError::BadConflictIndex(index))?;
    let bad = |m: String| EditError::BadConflict(format!("{conflict}: {m}"));
    let change = match &conflict.annotation {
        AnnotationRef::Claim(id) => {
            let claim = project.claim(*id).ok_or_else(|| bad("the claim is gone".to_owned()))?;
            if conflict.field == EXISTS {
                if *value == FieldValue::Missing { Some(Edit::RemoveClaim { id: *id }) } else { None }
            } else {
                let mut c = claim.clone();
                c.set_field(&conflict.field, value).map_err(bad)?;
                (c != *claim).then(|| Edit::UpdateClaim(Box::new(c)))
            }
        }
        AnnotationRef::Correction(id) => {
            let at = project.correction_index(*id).ok_or_else(|| bad("the correction is gone".to_owned()))?;
            if conflict.field == EXISTS {
                (*value == FieldValue::Missing).then_some(Edit::RemoveCorrection { index: at })
            } else {
                let mut c = project.entities.corrections[at].clone();
                c.set_field(&conflict.field, value).map_err(bad)?;
                Some(Edit::RemoveCorrection { index: at }.then(Edit::InsertCorrection { index: at, correction: c }))
            }
        }
        AnnotationRef::Code(path) => {
            let mut book = project.codebook.clone();
            let at =
                book.codes.iter().position(|c| &c.path == path).ok_or_else(|| bad("the code is gone".to_owned()))?;
            if conflict.field == EXISTS {
                if *value == FieldValue::Missing {
                    book.codes.remove(at);
                }
            } else {
                book.codes[at].set_field(&conflict.field, value).map_err(bad)?;
            }
            (book != project.codebook).then(|| Edit::SetCodebook(Box::new(book)))
        }
        AnnotationRef::CodebookName => {
            let mut book = project.codebook.clone();
            book.name = text_of(value, "name").map_err(bad)?;
            (book != project.codebook).then(|| Edit::SetCodebook(Box::new(book)))
        }
    };
    let drop = Edit::RemoveConflict { index };
    Ok(match change {
        Some(e) => e.then(drop),
        None => drop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::nlp::EntityLabel;
    use crate::project::{CorrectionAction, CorrectionTarget, SourceInfo};

    fn project() -> Project {
        let doc = Document::from_blocks([(BlockKind::Paragraph, "Ünal said €4 billion was “enough”.")]);
        Project::new(doc, SourceInfo::default())
    }

    fn claim(p: &Project, id: u128, span: ByteSpan) -> Claim {
        Claim::new(ClaimId(id), p.text(), span, jiff::Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn every_edit_undoes_exactly() {
        let mut p = project();
        let start = p.clone();
        let len = p.text().len();
        let c1 = claim(&p, 1, ByteSpan::new(0, len));
        let mut c1b = c1.clone();
        c1b.note = "line one\nline two".into();
        c1b.span = ByteSpan::new(0, 4);
        let edits = vec![
            Edit::AddClaim(Box::new(c1)),
            Edit::AddTag("defence".into()),
            Edit::UpdateClaim(Box::new(c1b)),
            Edit::InsertCorrection {
                index: 0,
                correction: EntityCorrection::new(
                    CorrectionTarget::AllMentions("Ünal".into()),
                    CorrectionAction::SetLabel(EntityLabel::Person),
                ),
            },
            Edit::AddClaim(Box::new(claim(&p, 7, ByteSpan::new(0, 4)))).then(Edit::AddTag("budget".into())),
            Edit::DismissMatch { claim: ClaimId(7), url: "https://check.example/ünal".into() },
            Edit::DismissMatch { claim: ClaimId(1), url: "https://check.example/b".into() },
            Edit::UndismissMatch { claim: ClaimId(7), url: "https://check.example/ünal".into() },
            Edit::RemoveClaim { id: ClaimId(1) },
        ];
        let mut undo = Vec::new();
        let mut states = vec![p.clone()];
        for e in edits {
            undo.push(e.apply(&mut p).unwrap());
            states.push(p.clone());
        }
        assert_eq!(p.claims.len(), 1);
        states.pop();
        while let Some(u) = undo.pop() {
            u.apply(&mut p).unwrap();
            assert_eq!(&p, states.last().unwrap());
            states.pop();
        }
        assert_eq!(p, start);
    }

    #[test]
    fn dismissed_matches_stay_sorted_and_undo() {
        let mut p = project();
        let before = p.clone();
        let d = |c: u128, u: &str| Edit::DismissMatch { claim: ClaimId(c), url: u.into() };
        let u1 = d(2, "https://b.example").apply(&mut p).unwrap();
        let u2 = d(1, "https://z.example").apply(&mut p).unwrap();
        assert!(d(1, "https://z.example").apply(&mut p).unwrap().is_noop(), "dismissing twice changes nothing");
        assert_eq!(
            p.dismissed_matches,
            [(ClaimId(1), "https://z.example".to_owned()), (ClaimId(2), "https://b.example".to_owned())]
        );
        assert!(p.is_dismissed_match(ClaimId(2), "https://b.example"));
        assert!(!p.is_dismissed_match(ClaimId(2), "https://z.example"));
        u2.apply(&mut p).unwrap();
        u1.apply(&mut p).unwrap();
        assert_eq!(p, before);
    }

    #[test]
    fn failing_batch_rolls_back() {
        let mut p = project();
        let before = p.clone();
        let c = claim(&p, 1, ByteSpan::new(0, 4));
        let bad = Edit::AddClaim(Box::new(c)).then(Edit::RemoveClaim { id: ClaimId(99) });
        assert_eq!(bad.apply(&mut p), Err(EditError::UnknownClaim(ClaimId(99))));
        assert_eq!(p, before);
    }

    #[test]
    fn bad_span_is_refused() {
        let mut p = project();
        let c = claim(&p, 1, ByteSpan::new(0, 4));
        let mut bad = c.clone();
        bad.span = ByteSpan::new(0, 1); // inside "Ü"
        assert!(matches!(Edit::AddClaim(Box::new(bad)).apply(&mut p), Err(EditError::BadSpan(_))));
    }
}
