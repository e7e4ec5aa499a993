//! Comparing two coders' copies of one article, and adjudicating their differences into a
//! merged project.
//!
//! [`compare`] pairs the claims one to one by overlap ([`match_claims`]) and lists every
//! item in document order: claims both made alike, claims only one coder made, and claims
//! both made with different spans or attributes (naming the fields). The window steps
//! through the disagreements ([`Comparison::next_disagreement`]); for each it asks for a
//! [`Choice`] (take A's, B's, both, neither), and [`decide`] turns that into one undoable
//! [`Edit`] on the merged project that [`start_adjudication`] made. Every decision is
//! recorded in the merged project with the adjudicator's name ([`Decision`]).

use std::collections::BTreeSet;

use serde::Serialize;

use super::TeamError;
use crate::document::ByteSpan;
use crate::project::review::{Choice, Decision, EditContext, differing_fields};
use crate::project::{Claim, ClaimId, Edit, EditError, Project};

/// Pair `a`'s and `b`'s claims one to one by overlap: the pair with the largest overlap (in
/// bytes) first, ties in document order; every claim left over is unpaired. Returns
/// `(index in a, index in b)` pairs in document order (`None`: no partner).
#[must_use]
pub fn match_claims(a: &[Claim], b: &[Claim]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (i, ca) in a.iter().enumerate() {
        for (j, cb) in b.iter().enumerate() {
            let overlap = ca.span.end.min(cb.span.end).saturating_sub(ca.span.start.max(cb.span.start));
            let same = ca.span == cb.span && !ca.span.is_empty();
            if overlap > 0 || same {
                candidates.push((overlap + usize::from(same), i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(a[x.1].order_key().cmp(&a[y.1].order_key())).then(x.2.cmp(&y.2)));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((Some(i), Some(j)));
        }
    }
    pairs.extend(used_a.iter().enumerate().filter(|(_, u)| !**u).map(|(i, _)| (Some(i), None)));
    pairs.extend(used_b.iter().enumerate().filter(|(_, u)| !**u).map(|(j, _)| (None, Some(j))));
    let start = |p: &(Option<usize>, Option<usize>)| {
        let sa = p.0.map(|i| a[i].order_key());
        let sb = p.1.map(|j| b[j].order_key());
        match (sa, sb) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) => x,
            (None, Some(y)) => y,
            (None, None) => unreachable!("every pair has a claim"),
        }
    };
    pairs.sort_by_key(|p| (start(p).0, start(p).1));
    pairs
}

/// What kind of item of a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Both coders made the claim alike (same span, same attributes).
    Agree,
    /// Only coder A made it.
    OnlyA,
    /// Only coder B made it.
    OnlyB,
    /// Both made an overlapping claim, differing in the fields listed.
    Differ,
}

/// One item of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What kind.
    pub kind: ItemKind,
    /// Coder A's claim.
    pub a: Option<ClaimId>,
    /// Coder B's claim.
    pub b: Option<ClaimId>,
    /// The text both claims cover together (bytes of the article).
    pub span: ByteSpan,
    /// For [`ItemKind::Differ`]: the differing fields (`span`, `type`, `note`, … as in
    /// [`crate::project::review::Fields`]).
    pub fields: Vec<&'static str>,
}

impl Item {
    /// True for anything but an agreement.
    #[must_use]
    pub fn is_disagreement(&self) -> bool {
        self.kind != ItemKind::Agree
    }

    /// The key of the item's [`Decision`].
    #[must_use]
    pub fn key(&self) -> (Option<ClaimId>, Option<ClaimId>) {
        (self.a, self.b)
    }
}

/// Two coders' claims on one article, item by item in document order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The items, in document order.
    pub items: Vec<Item>,
}

impl Comparison {
    /// Index of the first disagreement after `after` (from the start with `None`).
    #[must_use]
    pub fn next_disagreement(&self, after: Option<usize>) -> Option<usize> {
        let from = after.map_or(0, |i| i + 1);
        self.items.iter().skip(from).position(Item::is_disagreement).map(|i| i + from)
    }

    /// Index of the last disagreement before `before` (from the end with `None`).
    #[must_use]
    pub fn previous_disagreement(&self, before: Option<usize>) -> Option<usize> {
        let to = before.unwrap_or(self.items.len()).min(self.items.len());
        self.items[..to].iter().rposition(Item::is_disagreement)
    }

    /// Items by kind: (agree, only A, only B, differ).
    #[must_use]
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let n = |k| self.items.iter().filter(|i| i.kind == k).count();
        (n(ItemKind::Agree), n(ItemKind::OnlyA), n(ItemKind::OnlyB), n(ItemKind::Differ))
    }
}

/// Compare coder A's and coder B's copies of one article.
///
/// # Errors
/// [`TeamError::DifferentArticles`] if the article texts differ.
pub fn compare(a: &Project, b: &Project) -> Result<Comparison, TeamError> {
    if a.text() != b.text() {
        return Err(TeamError::DifferentArticles);
    }
    let items = match_claims(&a.claims, &b.claims)
        .into_iter()
        .map(|(i, j)| {
            let ca = i.map(|i| &a.claims[i]);
            let cb = j.map(|j| &b.claims[j]);
            match (ca, cb) {
                (Some(x), Some(y)) => {
                    let fields = differing_fields(x, y);
                    let span = ByteSpan::new(x.span.start.min(y.span.start), x.span.end.max(y.span.end));
                    let kind = if fields.is_empty() { ItemKind::Agree } else { ItemKind::Differ };
                    Item { kind, a: Some(x.id), b: Some(y.id), span, fields }
                }
                (Some(x), None) => {
                    Item { kind: ItemKind::OnlyA, a: Some(x.id), b: None, span: x.span, fields: Vec::new() }
                }
                (None, Some(y)) => {
                    Item { kind: ItemKind::OnlyB, a: None, b: Some(y.id), span: y.span, fields: Vec::new() }
                }
                (None, None) => unreachable!("every pair has a claim"),
            }
        })
        .collect();
    Ok(Comparison { items })
}

/// The project an adjudication starts from: coder A's article, entities and settings, the
/// union of both coders' entity corrections (A's first), tags and codes, and the claims both
/// coders agree on (A's copies). Disagreements are left out until decided.
///
/// # Errors
/// [`TeamError::DifferentArticles`] if the article texts differ.
pub fn start_adjudication(a: &Project, b: &Project, comparison: &Comparison) -> Result<Project, TeamError> {
    if a.text() != b.text() {
        return Err(TeamError::DifferentArticles);
    }
    let mut merged = a.clone();
    let agreed: BTreeSet<ClaimId> =
        comparison.items.iter().filter(|i| i.kind == ItemKind::Agree).filter_map(|i| i.a).collect();
    merged.claims.retain(|c| agreed.contains(&c.id));
    let ids: BTreeSet<_> = merged.entities.corrections.iter().map(|c| c.id).collect();
    merged.entities.corrections.extend(b.entities.corrections.iter().filter(|c| !ids.contains(&c.id)).cloned());
    for t in &b.tags {
        if let Err(at) = merged.tags.binary_search(t) {
            merged.tags.insert(at, t.clone());
        }
    }
    for code in &b.codebook.codes {
        if !merged.codebook.codes.iter().any(|c| c.path == code.path) {
            merged.codebook.codes.push(code.clone());
        }
    }
    merged.codebook.codes.sort_by(|x, y| x.path.cmp(&y.path));
    merged.conflicts.clear();
    merged.decisions.clear();
    Ok(merged)
}

/// The undoable edit that applies `choice` to `item` in `merged` (a project from
/// [`start_adjudication`]): the claims an earlier decision about the item put in are taken
/// out, the chosen claims (from `a` and `b`) are put in, and the decision is recorded with
/// `ctx`'s coder and time. Deciding again replaces the earlier decision.
///
/// When both coders' claims have the same id (both edited a claim of a common ancestor),
/// "keep both" gives B's copy a new id.
///
/// # Errors
/// [`EditError::UnknownClaim`] if a claim of the item is not in `a` or `b`.
pub fn decide(
    merged: &Project,
    a: &Project,
    b: &Project,
    item: &Item,
    choice: Choice,
    ctx: &EditContext,
) -> Result<Edit, EditError> {
    let get = |p: &Project, id: Option<ClaimId>| -> Result<Option<Claim>, EditError> {
        id.map(|id| p.claim(id).cloned().ok_or(EditError::UnknownClaim(id))).transpose()
    };
    let (ca, cb) = (get(a, item.a)?, get(b, item.b)?);
    let previous = merged.decisions.iter().find(|d| d.key() == item.key());
    let mut present: BTreeSet<ClaimId> = item.a.into_iter().chain(item.b).collect();
    if let Some(d) = previous {
        present.extend(d.kept.iter().copied());
    }
    let mut edits: Vec<Edit> =
        present.iter().filter(|id| merged.claim(**id).is_some()).map(|id| Edit::RemoveClaim { id: *id }).collect();
    let mut put = Vec::new();
    match choice {
        Choice::TakeA => put.extend(ca),
        Choice::TakeB => put.extend(cb),
        Choice::Both => {
            let first = ca.as_ref().map(|c| c.id);
            put.extend(ca);
            if let Some(mut c) = cb {
                if Some(c.id) == first {
                    c.id = ClaimId::new();
                }
                put.push(c);
            }
        }
        Choice::Neither => {}
    }
    let kept: Vec<ClaimId> = put.iter().map(|c| c.id).collect();
    edits.extend(put.into_iter().map(|c| Edit::AddClaim(Box::new(c))));
    edits.push(Edit::SetDecision {
        key: item.key(),
        decision: Some(Box::new(Decision {
            a: item.a,
            b: item.b,
            choice,
            kept,
            decided_by: ctx.coder.trim().to_owned(),
            decided: ctx.now,
        })),
    });
    Ok(Edit::Batch(edits))
}

/// A project as one coder sees it when coding blind: the claims and entity corrections other
/// coders made are taken out (those without a recorded coder, made before coders were
/// recorded, stay: they are common ground). Only for showing — edits go to the real project,
/// by claim id; never save the view.
#[derive(Clone, Debug, PartialEq)]
pub struct BlindView {
    /// The project without the hidden annotations.
    pub project: Project,
    /// The claims hidden.
    pub hidden_claims: Vec<ClaimId>,
    /// How many entity corrections were hidden.
    pub hidden_corrections: usize,
}

/// True if `coder` may see an annotation created by `created_by` when coding blind.
#[must_use]
pub fn visible_to(created_by: &str, coder: &str) -> bool {
    let who = created_by.trim();
    who.is_empty() || who.eq_ignore_ascii_case(coder.trim())
}

/// The [`BlindView`] of `project` for `coder`.
#[must_use]
pub fn blind_view(project: &Project, coder: &str) -> BlindView {
    let mut p = project.clone();
    let hidden_claims: Vec<ClaimId> =
        p.claims.iter().filter(|c| !visible_to(&c.created_by, coder)).map(|c| c.id).collect();
    p.claims.retain(|c| visible_to(&c.created_by, coder));
    let before = p.entities.corrections.len();
    p.entities.corrections.retain(|c| visible_to(&c.created_by, coder));
    let hidden_corrections = before - p.entities.corrections.len();
    BlindView { project: p, hidden_claims, hidden_corrections }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::project::{ClaimKind, History, SourceInfo};

    const TEXT: &str = "Zürich spends 5% on 🚲. Oslo spends 7%. Kraków cut it. Lima doubled it.";

    fn coder(spans: &[(&str, ClaimKind, &str)]) -> Project {
        let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, TEXT)]), SourceInfo::default());
        for (s, kind, who) in spans {
            let i = TEXT.find(s).unwrap();
            let mut c = Claim::new(ClaimId::new(), TEXT, ByteSpan::new(i, i + s.len()), jiff::Timestamp::UNIX_EPOCH);
            c.kind = *kind;
            c.created_by = (*who).into();
            p.claims.push(c);
        }
        p.claims.sort_by_key(Claim::order_key);
        p
    }

    #[test]
    fn comparison_steps_through_disagreements_and_decisions_undo() {
        use ClaimKind::{Other, Statistical};
        let a = coder(&[
            ("Zürich spends 5%", Statistical, "ana"),
            ("Oslo spends 7%.", Statistical, "ana"),
            ("Kraków cut it.", Other, "ana"),
        ]);
        let b = coder(&[
            ("Zürich spends 5%", Statistical, "ben"),
            ("Oslo spends 7%", Other, "ben"),
            ("Lima doubled it.", Other, "ben"),
        ]);
        let cmp = compare(&a, &b).unwrap();
        let kinds: Vec<ItemKind> = cmp.items.iter().map(|i| i.kind).collect();
        // Who made a claim is bookkeeping, not a field: the first pair agrees.
        assert_eq!(kinds, [ItemKind::Agree, ItemKind::Differ, ItemKind::OnlyA, ItemKind::OnlyB]);
        assert_eq!(cmp.items[1].fields, ["span", "type"]);
        assert_eq!(cmp.next_disagreement(None), Some(1));
        assert_eq!(cmp.next_disagreement(Some(2)), Some(3));
        assert_eq!(cmp.previous_disagreement(None), Some(3));

        let mut merged = start_adjudication(&a, &b, &cmp).unwrap();
        let mut history = History::default();
        let ctx = EditContext::new("cy", jiff::Timestamp::UNIX_EPOCH);
        let item = &cmp.items[1];
        let start = merged.clone();
        let e = decide(&merged, &a, &b, item, Choice::TakeB, &ctx).unwrap();
        history.apply(&mut merged, e, "Take B's", None).unwrap();
        assert_eq!(merged.claims.iter().filter(|c| Some(c.id) == item.b).count(), 1);
        assert_eq!(merged.decisions[0].decided_by, "cy");
        // Deciding again replaces the decision and its claims.
        let e = decide(&merged, &a, &b, item, Choice::Both, &ctx).unwrap();
        history.apply(&mut merged, e, "Keep both", None).unwrap();
        assert_eq!(merged.decisions.len(), 1);
        assert_eq!(merged.decisions[0].kept.len(), 2);
        let e = decide(&merged, &a, &b, item, Choice::Neither, &ctx).unwrap();
        history.apply(&mut merged, e, "Neither", None).unwrap();
        assert!(merged.claims.iter().all(|c| Some(c.id) != item.a && Some(c.id) != item.b));
        history.undo(&mut merged).unwrap();
        history.undo(&mut merged).unwrap();
        history.undo(&mut merged).unwrap();
        assert_eq!(merged, start);
    }

    #[test]
    fn blind_view_hides_other_coders() {
        let mut p =
            coder(&[("Zürich spends 5%", ClaimKind::Other, "ana"), ("Oslo spends 7%.", ClaimKind::Other, "ben")]);
        let i = TEXT.find("Lima").unwrap();
        p.claims.push(Claim::new(ClaimId::new(), TEXT, ByteSpan::new(i, i + 4), jiff::Timestamp::UNIX_EPOCH));
        let v = blind_view(&p, "Ana");
        assert_eq!(v.project.claims.len(), 2, "ana's and the unattributed one");
        assert_eq!(v.hidden_claims, [p.claims[1].id]);
    }
}
