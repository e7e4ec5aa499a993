//! The data of the overview dashboard: claims counted by status, verdict, kind, claimant and
//! tag, and the most mentioned entities. Plain sorted structs; each bar carries the
//! [`BarFilter`] it stands for, so clicking it filters the claims list.
//!
//! Status, verdict and kind list every value in menu order (zero counts included, so the axes
//! do not jump); claimants, tags and entities are sorted by count, then name.
//!
//! # Example
//! ```
//! use claimlens::document::{BlockKind, ByteSpan, Document};
//! use claimlens::project::{Claim, ClaimId, ClaimStatus, Project, SourceInfo, overview::overview};
//! let doc = Document::from_blocks([(BlockKind::Paragraph, "NATO spends 2%. Russia spends 7%.")]);
//! let mut p = Project::new(doc, SourceInfo::default());
//! let c = Claim::new(ClaimId(1), p.text(), ByteSpan::new(0, 15), jiff::Timestamp::UNIX_EPOCH);
//! p.claims.push(c);
//! let o = overview(&p, 10);
//! let to_check = o.by_status.iter().find(|b| b.label == ClaimStatus::ToCheck.name()).unwrap();
//! assert_eq!(to_check.count, 1);
//! assert_eq!(p.claims.iter().filter(|c| to_check.filter.accepts(c)).count(), 1);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::codebook::is_under;
use super::{Claim, ClaimFilter, ClaimId, ClaimKind, ClaimStatus, Project, Verdict};
use crate::document::ByteSpan;

/// The claims a bar stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BarFilter {
    /// Claims with this status.
    Status(ClaimStatus),
    /// Claims with this verdict (`None`: no verdict yet).
    Verdict(Option<Verdict>),
    /// Claims of this kind.
    Kind(ClaimKind),
    /// Claims whose claimant is this (the canonical entity name when linked, else the
    /// claimant text; empty: no claimant).
    Claimant(String),
    /// Claims tagged with this path or a path under it.
    Tag(String),
    /// Claims about or by this canonical entity: the claimant is it, or the claim's span
    /// contains one of its mentions.
    Entity {
        /// The entity's name.
        name: String,
        /// Its mentions.
        mentions: Vec<ByteSpan>,
    },
}

impl BarFilter {
    /// The claims-list filter ([`ClaimFilter`]) that
    /// shows the same claims, for the bars it can express (status and kind); the other bars
    /// filter with [`BarFilter::accepts`] (keep the `BarFilter` in the session).
    #[must_use]
    pub fn as_claim_filter(&self) -> Option<ClaimFilter> {
        match self {
            Self::Status(s) => Some(ClaimFilter { status: Some(*s), ..ClaimFilter::default() }),
            Self::Kind(k) => Some(ClaimFilter { kind: Some(*k), ..ClaimFilter::default() }),
            _ => None,
        }
    }

    /// True if `claim` is one of the claims this bar counts.
    #[must_use]
    pub fn accepts(&self, claim: &Claim) -> bool {
        match self {
            Self::Status(s) => claim.status == *s,
            Self::Verdict(v) => claim.verdict == *v,
            Self::Kind(k) => claim.kind == *k,
            Self::Claimant(name) => claimant_key(claim) == *name,
            Self::Tag(path) => claim.tags.iter().any(|t| is_under(t, path)),
            Self::Entity { name, mentions } => {
                claim.claimant_entity.as_deref() == Some(name.as_str())
                    || mentions.iter().any(|m| claim.span.contains_span(*m))
            }
        }
    }
}

/// The claimant a claim is counted under: its canonical entity, else its trimmed claimant.
#[must_use]
pub fn claimant_key(claim: &Claim) -> String {
    claim.claimant_entity.clone().unwrap_or_else(|| claim.claimant.trim().to_owned())
}

/// One bar of a chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// What it is ("to check", "Pete Hegseth", "topic/defence").
    pub label: String,
    /// How many claims (or, for entities, mentions).
    pub count: usize,
    /// The claims it stands for.
    pub filter: BarFilter,
}

/// Everything the dashboard draws.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Number of claims.
    pub total_claims: usize,
    /// Claims by status, every status in menu order.
    pub by_status: Vec<Bar>,
    /// Claims by verdict, every verdict in menu order, then "no verdict".
    pub by_verdict: Vec<Bar>,
    /// Claims by kind, every kind in menu order.
    pub by_kind: Vec<Bar>,
    /// Claims by claimant, most first (at most `top` bars; "(none)" for claims without one).
    pub by_claimant: Vec<Bar>,
    /// Claims by tag (each tag used, counting claims tagged with it or below it), most first,
    /// at most `top`.
    pub by_tag: Vec<Bar>,
    /// Mentions of the canonical entities, most first, at most `top`.
    pub entity_mentions: Vec<Bar>,
}

/// Count the project's claims and entity mentions for the dashboard (see the module docs).
#[must_use]
pub fn overview(project: &Project, top: usize) -> Overview {
    let claims = &project.claims;
    Overview {
        total_claims: claims.len(),
        by_status: by_status(claims),
        by_verdict: by_verdict(claims),
        by_kind: by_kind(claims),
        by_claimant: by_claimant(claims, top),
        by_tag: by_tag(claims, top),
        entity_mentions: entity_mentions(project, top),
    }
}

fn bar(claims: &[Claim], label: String, filter: BarFilter) -> Bar {
    Bar { count: claims.iter().filter(|c| filter.accepts(c)).count(), label, filter }
}

/// Claims by status: every status in menu order, zero counts included.
#[must_use]
pub fn by_status(claims: &[Claim]) -> Vec<Bar> {
    ClaimStatus::ALL.iter().map(|s| bar(claims, s.name().to_owned(), BarFilter::Status(*s))).collect()
}

/// Claims by verdict: every verdict in menu order, then "no verdict"; zero counts included.
#[must_use]
pub fn by_verdict(claims: &[Claim]) -> Vec<Bar> {
    Verdict::ALL
        .iter()
        .map(|v| bar(claims, v.name().to_owned(), BarFilter::Verdict(Some(*v))))
        .chain(std::iter::once(bar(claims, "no verdict".to_owned(), BarFilter::Verdict(None))))
        .collect()
}

/// Claims by kind (type): every kind in menu order, zero counts included.
#[must_use]
pub fn by_kind(claims: &[Claim]) -> Vec<Bar> {
    ClaimKind::ALL.iter().map(|k| bar(claims, k.name().to_owned(), BarFilter::Kind(*k))).collect()
}

/// Claims by claimant ([`claimant_key`]), most first, at most `top`; "(none)" for claims
/// without one.
#[must_use]
pub fn by_claimant(claims: &[Claim], top: usize) -> Vec<Bar> {
    let mut claimants: BTreeMap<String, usize> = BTreeMap::new();
    for c in claims {
        *claimants.entry(claimant_key(c)).or_default() += 1;
    }
    ranked(
        claimants
            .into_iter()
            .map(|(k, n)| {
                let label = if k.is_empty() { "(none)".to_owned() } else { k.clone() };
                Bar { label, count: n, filter: BarFilter::Claimant(k) }
            })
            .collect(),
        top,
    )
}

/// Claims by tag: one bar per tag used, counting the claims tagged with it or below it
/// ([`super::codebook::is_under`]), most first, at most `top`.
#[must_use]
pub fn by_tag(claims: &[Claim], top: usize) -> Vec<Bar> {
    let mut tags: Vec<&str> = claims.iter().flat_map(|c| c.tags.iter().map(String::as_str)).collect();
    tags.sort_unstable();
    tags.dedup();
    ranked(tags.into_iter().map(|t| bar(claims, t.to_owned(), BarFilter::Tag(t.to_owned()))).collect(), top)
}

/// Mentions of the canonical entities (user corrections applied), most first, at most `top`.
/// A bar's count is mentions, not claims; its filter selects the claims by or about the entity.
#[must_use]
pub fn entity_mentions(project: &Project, top: usize) -> Vec<Bar> {
    ranked(
        project
            .entities
            .canonical(project.text())
            .into_iter()
            .map(|e| Bar {
                label: e.name.clone(),
                count: e.mentions.len(),
                filter: BarFilter::Entity { name: e.name, mentions: e.mentions },
            })
            .collect(),
        top,
    )
}

/// The ids of the claims `filter` accepts, in document order (what the claims list shows after
/// a click on a bar).
#[must_use]
pub fn claims_for(project: &Project, filter: &BarFilter) -> Vec<ClaimId> {
    project.claims.iter().filter(|c| filter.accepts(c)).map(|c| c.id).collect()
}

/// Sorted by count (descending), then label; cut to `top`.
fn ranked(mut bars: Vec<Bar>, top: usize) -> Vec<Bar> {
    bars.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    bars.truncate(top);
    bars
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::nlp::{Entity, EntityLabel};
    use crate::project::{ClaimId, SourceInfo};

    fn project() -> Project {
        let text = "Hegseth said NATO must spend 5%. Rutte said NATO agreed. Hegseth left. Prices rose.";
        let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, text)]), SourceInfo::default());
        let at = |s: &str, nth: usize| {
            let start = text.match_indices(s).nth(nth).unwrap().0;
            ByteSpan::new(start, start + s.len())
        };
        p.entities.automatic = vec![
            Entity::new(at("Hegseth", 0), EntityLabel::Person),
            Entity::new(at("NATO", 0), EntityLabel::Org),
            Entity::new(at("Rutte", 0), EntityLabel::Person),
            Entity::new(at("NATO", 1), EntityLabel::Org),
            Entity::new(at("Hegseth", 1), EntityLabel::Person),
        ];
        let t0 = jiff::Timestamp::UNIX_EPOCH;
        let mut c1 = Claim::new(ClaimId(1), text, at("NATO must spend 5%", 0), t0);
        c1.claimant_entity = Some("Hegseth".into());
        c1.claimant = "Pete Hegseth".into();
        c1.kind = ClaimKind::Statistical;
        c1.tags = vec!["topic/defence/spending".into()];
        c1.verdict = Some(Verdict::True);
        c1.status = ClaimStatus::Checked;
        let mut c2 = Claim::new(ClaimId(2), text, at("NATO agreed", 0), t0);
        c2.claimant = " Rutte ".into();
        c2.tags = vec!["topic/defence".into(), "actor/nato".into()];
        let c3 = Claim::new(ClaimId(3), text, at("Prices rose", 0), t0);
        p.claims = vec![c1, c2, c3];
        p
    }

    #[test]
    fn counts_and_filters_agree() {
        let p = project();
        let o = overview(&p, 10);
        assert_eq!(o.total_claims, 3);
        for bars in [&o.by_status, &o.by_verdict, &o.by_kind, &o.by_claimant, &o.by_tag] {
            for b in bars {
                assert_eq!(b.count, p.claims.iter().filter(|c| b.filter.accepts(c)).count(), "{b:?}");
            }
        }
        assert_eq!(o.by_status.len(), ClaimStatus::ALL.len());
        assert_eq!(o.by_verdict.len(), Verdict::ALL.len() + 1);
        assert_eq!(o.by_verdict.last().unwrap().count, 2);
        let claimants: Vec<(&str, usize)> = o.by_claimant.iter().map(|b| (b.label.as_str(), b.count)).collect();
        assert_eq!(claimants, [("(none)", 1), ("Hegseth", 1), ("Rutte", 1)]);
        let tags: Vec<(&str, usize)> = o.by_tag.iter().map(|b| (b.label.as_str(), b.count)).collect();
        assert_eq!(tags, [("topic/defence", 2), ("actor/nato", 1), ("topic/defence/spending", 1)]);
    }

    #[test]
    fn entity_bars_count_mentions_and_filter_claims() {
        let p = project();
        let o = overview(&p, 2);
        assert_eq!(o.entity_mentions.len(), 2);
        assert_eq!((o.entity_mentions[0].label.as_str(), o.entity_mentions[0].count), ("Hegseth", 2));
        assert_eq!((o.entity_mentions[1].label.as_str(), o.entity_mentions[1].count), ("NATO", 2));
        let nato = &o.entity_mentions[1].filter;
        assert_eq!(claims_for(&p, nato), [ClaimId(1), ClaimId(2)]);
        let hegseth = &o.entity_mentions[0].filter;
        assert_eq!(p.claims.iter().filter(|c| hegseth.accepts(c)).count(), 1);
    }

    #[test]
    fn bars_become_claim_filters_where_they_can() {
        let p = project();
        let o = overview(&p, 10);
        for b in o.by_status.iter().chain(&o.by_kind) {
            let f = b.filter.as_claim_filter().unwrap();
            assert_eq!(p.claims.iter().filter(|c| f.accepts(c)).count(), b.count, "{b:?}");
        }
        assert!(o.by_verdict[0].filter.as_claim_filter().is_none());
        assert_eq!(o.by_kind.iter().find(|b| b.label == "statistical").unwrap().count, 1);
    }

    #[test]
    fn empty_project() {
        let p = Project::new(Document::default(), SourceInfo::default());
        let o = overview(&p, 5);
        assert_eq!(o.total_claims, 0);
        assert!(o.by_claimant.is_empty() && o.by_tag.is_empty() && o.entity_mentions.is_empty());
        assert!(o.by_status.iter().all(|b| b.count == 0));
    }
}
