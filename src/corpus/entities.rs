//! Corpus entities: each document's canonical entities
//! ([`crate::project::EntityLayers::canonical`], the user's corrections applied) merged across
//! documents by type and name (the grouping key of [`crate::nlp::canonical::mention_key`]:
//! "the U.S." in one article and "U.S." in another are one entity), with the documents and
//! mention counts of each; and corrections made in one document turned into the
//! [`Edit`]s that make the same correction in every other document it applies to.
//!
//! # Example
//! ```
//! use claimlens::corpus::{LoadedCorpus, LoadedDocument, DocumentId, entities::corpus_entities};
//! use claimlens::document::{BlockKind, ByteSpan, Document};
//! use claimlens::nlp::{Entity, EntityLabel};
//! use claimlens::project::{Project, SourceInfo};
//! let doc = |id, text: &str, name: &str| {
//!     let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, text)]), SourceInfo::default());
//!     let at = text.find(name).unwrap();
//!     p.entities.automatic = vec![Entity::new(ByteSpan::new(at, at + name.len()), EntityLabel::Org)];
//!     LoadedDocument { id: DocumentId(id), title: String::new(), slug: format!("d{id}"), project: p }
//! };
//! let corpus = LoadedCorpus {
//!     documents: vec![doc(1, "The Pentagon said no.", "Pentagon"), doc(2, "Later the Pentagon's chief agreed.", "Pentagon's")],
//!     ..LoadedCorpus::default()
//! };
//! let ents = corpus_entities(&corpus);
//! assert_eq!(ents.len(), 1);
//! assert_eq!((ents[0].name.as_str(), ents[0].mentions, ents[0].documents.len()), ("Pentagon", 2, 2));
//! ```

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{DocumentId, LoadedCorpus};
use crate::document::ByteSpan;
use crate::nlp::EntityLabel;
use crate::nlp::canonical::{CanonicalEntity, mention_key};
use crate::project::{CorrectionTarget, Edit, EntityCorrection, GroupCorrection, word_occurrences};

/// An entity in one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityInDocument {
    /// The document.
    pub document: DocumentId,
    /// The entity's name in that document (may differ in form from the corpus name).
    pub name: String,
    /// Its mentions there, in text order.
    pub mentions: Vec<ByteSpan>,
}

/// One entity of the corpus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CorpusEntity {
    /// The name: the form most documents use (then most mentions, then first seen).
    pub name: String,
    /// Its type.
    pub label: EntityLabel,
    /// Mentions in all documents.
    pub mentions: usize,
    /// The documents that mention it, in corpus order.
    pub documents: Vec<EntityInDocument>,
}

impl CorpusEntity {
    /// Every mention as (document, span), in corpus order then text order: the list the
    /// window steps through to jump from mention to mention.
    #[must_use]
    pub fn mention_list(&self) -> Vec<(DocumentId, ByteSpan)> {
        self.documents.iter().flat_map(|d| d.mentions.iter().map(move |s| (d.document, *s))).collect()
    }

    /// The mentions in document `id` (empty when it does not mention the entity).
    #[must_use]
    pub fn mentions_in(&self, id: DocumentId) -> &[ByteSpan] {
        self.documents.iter().find(|d| d.document == id).map_or(&[], |d| d.mentions.as_slice())
    }
}

/// The key entities are merged by: type and grouping key of the name.
#[must_use]
pub fn entity_key(label: EntityLabel, name: &str) -> (EntityLabel, String) {
    (label, mention_key(name))
}

/// The corpus's entities, most mentioned first (then by name, then type). Each document's
/// canonical entities are computed in parallel.
#[must_use]
pub fn corpus_entities(corpus: &LoadedCorpus) -> Vec<CorpusEntity> {
    let per_doc: Vec<(DocumentId, Vec<CanonicalEntity>)> =
        corpus.documents.par_iter().map(|d| (d.id, d.project.entities.canonical(d.project.text()))).collect();
    struct Acc {
        first_seen: usize,
        label: EntityLabel,
        // name → (documents using it, mentions under it, first seen)
        names: BTreeMap<String, (usize, usize, usize)>,
        documents: Vec<EntityInDocument>,
    }
    let mut by_key: BTreeMap<(EntityLabel, String), Acc> = BTreeMap::new();
    let mut seen = 0usize;
    for (doc, groups) in per_doc {
        for g in groups {
            let key = entity_key(g.label, &g.name);
            if key.1.is_empty() {
                continue;
            }
            seen += 1;
            let acc = by_key.entry(key).or_insert_with(|| Acc {
                first_seen: seen,
                label: g.label,
                names: BTreeMap::new(),
                documents: Vec::new(),
            });
            let n = acc.names.entry(g.name.clone()).or_insert((0, 0, seen));
            n.0 += 1;
            n.1 += g.mentions.len();
            // One document may have two groups with one key (a user split): join them.
            match acc.documents.last_mut() {
                Some(last) if last.document == doc => {
                    last.mentions.extend(g.mentions);
                    last.mentions.sort();
                }
                _ => acc.documents.push(EntityInDocument { document: doc, name: g.name, mentions: g.mentions }),
            }
        }
    }
    let mut out: Vec<(usize, CorpusEntity)> = by_key
        .into_values()
        .map(|acc| {
            let name = acc
                .names
                .iter()
                .max_by(|a, b| (a.1.0, a.1.1, std::cmp::Reverse(a.1.2)).cmp(&(b.1.0, b.1.1, std::cmp::Reverse(b.1.2))))
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            let mentions = acc.documents.iter().map(|d| d.mentions.len()).sum();
            (acc.first_seen, CorpusEntity { name, label: acc.label, mentions, documents: acc.documents })
        })
        .collect();
    out.sort_by(|(fa, a), (fb, b)| {
        b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)).then(a.label.cmp(&b.label)).then(fa.cmp(fb))
    });
    out.into_iter().map(|(_, e)| e).collect()
}

/// "Apply to all documents": the edits that make `correction`, made (or about to be made) in
/// document `from`, in every document of the corpus it applies to.
///
/// A correction of one mention (`Mention(span)`) becomes a correction of every mention of
/// that text (`AllMentions(text)`), so it also reaches the other mentions in `from` itself; an
/// `AllMentions` correction is copied to the other documents. A document gets an edit only
/// when the text occurs in it as a whole word and its last correction is not already this
/// one. Each edit appends the correction ([`Edit::InsertCorrection`] at the end), so each
/// document's undo history takes it as one step. Documents in corpus order.
#[must_use]
pub fn propagate_correction(
    corpus: &LoadedCorpus,
    from: DocumentId,
    correction: &EntityCorrection,
) -> Vec<(DocumentId, Edit)> {
    let (text, include_from) = match &correction.target {
        CorrectionTarget::AllMentions(t) => (t.clone(), false),
        CorrectionTarget::Mention(span) => {
            let Some(doc) = corpus.document(from) else { return Vec::new() };
            let Some(t) = doc.project.text().get(span.range()) else { return Vec::new() };
            (t.to_owned(), true)
        }
    };
    if text.trim().is_empty() {
        return Vec::new();
    }
    let all = EntityCorrection::new(CorrectionTarget::AllMentions(text.clone()), correction.action);
    corpus
        .documents
        .iter()
        .filter(|d| include_from || d.id != from)
        .filter(|d| !word_occurrences(d.project.text(), &text).is_empty())
        .filter(|d| {
            // Already there: the same target and action (its id and coder stamps differ).
            !d.project.entities.corrections.last().is_some_and(|c| c.target == all.target && c.action == all.action)
        })
        .map(|d| {
            let index = d.project.entities.corrections.len();
            (d.id, Edit::InsertCorrection { index, correction: all.clone() })
        })
        .collect()
}

/// "Apply to all documents" for a grouping correction made in document `from`: the same
/// rename, merge or split in every other document where it applies (a rename or merge where
/// an entity of that name exists — for a merge, both —; a split where a mention with that
/// text exists). Appends it ([`Edit::InsertGroupCorrection`] at the end); corpus order.
#[must_use]
pub fn propagate_group_correction(
    corpus: &LoadedCorpus,
    from: DocumentId,
    correction: &GroupCorrection,
) -> Vec<(DocumentId, Edit)> {
    corpus
        .documents
        .iter()
        .filter(|d| d.id != from)
        .filter(|d| {
            let text = d.project.text();
            let groups = d.project.entities.canonical(text);
            let has = |name: &str| groups.iter().any(|g| g.name == name);
            match correction {
                GroupCorrection::Rename { entity, .. } => has(entity),
                GroupCorrection::Merge { entity, into } => has(entity) && has(into),
                GroupCorrection::Split { mention } => {
                    let key = mention_key(mention);
                    groups
                        .iter()
                        .any(|g| g.mentions.len() > 1 && g.mentions.iter().any(|s| mention_key(&text[*s]) == key))
                }
            }
        })
        .map(|d| {
            let index = d.project.entities.groups.len();
            (d.id, Edit::InsertGroupCorrection { index, correction: correction.clone() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::LoadedDocument;
    use crate::document::{BlockKind, Document};
    use crate::nlp::Entity;
    use crate::project::{CorrectionAction, Project, SourceInfo};

    fn doc(id: u64, text: &str, ents: &[(&str, EntityLabel)]) -> LoadedDocument {
        let mut p = Project::new(Document::from_blocks([(BlockKind::Paragraph, text)]), SourceInfo::default());
        let mut used = Vec::new();
        for (s, l) in ents {
            let start = text.match_indices(s).map(|m| m.0).find(|i| !used.contains(i)).expect("in text");
            used.push(start);
            p.entities.automatic.push(Entity::new(ByteSpan::new(start, start + s.len()), *l));
        }
        p.entities.automatic.sort();
        LoadedDocument { id: DocumentId(id), title: format!("T{id}"), slug: format!("t{id}"), project: p }
    }

    fn corpus() -> LoadedCorpus {
        LoadedCorpus {
            documents: vec![
                doc(
                    1,
                    "Ünal Şahin met Pete Hegseth. Hegseth left.",
                    &[
                        ("Ünal Şahin", EntityLabel::Person),
                        ("Pete Hegseth", EntityLabel::Person),
                        ("Hegseth", EntityLabel::Person),
                    ],
                ),
                doc(
                    2,
                    "Pete Hegseth went to the U.S. and Zürich.",
                    &[("Pete Hegseth", EntityLabel::Person), ("U.S.", EntityLabel::Gpe), ("Zürich", EntityLabel::Gpe)],
                ),
                doc(
                    3,
                    "In the United States, Zürich was news; Apple too.",
                    &[("United States", EntityLabel::Gpe), ("Zürich", EntityLabel::Gpe), ("Apple", EntityLabel::Org)],
                ),
            ],
            ..LoadedCorpus::default()
        }
    }

    #[test]
    fn merged_by_type_and_name_with_counts() {
        let c = corpus();
        let e = corpus_entities(&c);
        let summary: Vec<(&str, EntityLabel, usize, usize)> =
            e.iter().map(|e| (e.name.as_str(), e.label, e.mentions, e.documents.len())).collect();
        assert_eq!(
            summary,
            [
                ("Pete Hegseth", EntityLabel::Person, 3, 2),
                ("United States", EntityLabel::Gpe, 2, 2),
                ("Zürich", EntityLabel::Gpe, 2, 2),
                ("Apple", EntityLabel::Org, 1, 1),
                ("Ünal Şahin", EntityLabel::Person, 1, 1),
            ]
        );
        let list = e[0].mention_list();
        assert_eq!(list.len(), 3);
        let (d, s) = list[2];
        assert_eq!(&c.document(d).unwrap().project.text()[s], "Pete Hegseth");
        assert_eq!(e[2].mentions_in(DocumentId(1)), &[] as &[ByteSpan]);
    }

    #[test]
    fn a_correction_reaches_every_document_with_the_text() {
        let mut c = corpus();
        let zurich = c.documents[1].project.text().find("Zürich").unwrap();
        let fix = EntityCorrection::new(
            CorrectionTarget::Mention(ByteSpan::new(zurich, zurich + "Zürich".len())),
            CorrectionAction::SetLabel(EntityLabel::Org),
        );
        let edits = propagate_correction(&c, DocumentId(2), &fix);
        assert_eq!(edits.iter().map(|(d, _)| d.0).collect::<Vec<_>>(), [2, 3]);
        for (id, edit) in edits {
            edit.apply(&mut c.document_mut(id).unwrap().project).unwrap();
        }
        let e = corpus_entities(&c);
        let z = e.iter().find(|e| e.name == "Zürich").unwrap();
        assert_eq!((z.label, z.mentions), (EntityLabel::Org, 2));
        // Already applied: nothing more to do.
        let again = EntityCorrection { target: CorrectionTarget::AllMentions("Zürich".into()), ..fix };
        assert!(propagate_correction(&c, DocumentId(2), &again).is_empty());
    }

    #[test]
    fn group_corrections_go_where_they_apply() {
        let c = corpus();
        let rename = GroupCorrection::Rename { entity: "Pete Hegseth".into(), name: "Secretary Hegseth".into() };
        let edits = propagate_group_correction(&c, DocumentId(1), &rename);
        assert_eq!(edits.iter().map(|(d, _)| d.0).collect::<Vec<_>>(), [2]);
        let merge = GroupCorrection::Merge { entity: "Zürich".into(), into: "United States".into() };
        assert_eq!(propagate_group_correction(&c, DocumentId(1), &merge).len(), 2);
        let split = GroupCorrection::Split { mention: "Hegseth".into() };
        let edits = propagate_group_correction(&c, DocumentId(2), &split);
        assert_eq!(edits.iter().map(|(d, _)| d.0).collect::<Vec<_>>(), [1]);
    }
}
