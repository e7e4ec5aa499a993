//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` whose single page holds an
//! annotation per claim and per (effective) entity.
//!
//! Every target carries a `TextQuoteSelector` (exact text with up to 32 code points of prefix
//! and suffix) and a `TextPositionSelector` (code point offsets, end exclusive, into the
//! article's canonical text), so a reader can anchor it with either.
//!
//! - An entity is `"motivation": "classifying"` with one `TextualBody` (`"purpose":
//!   "classifying"`, `"value"`: the OntoNotes label such as `"PERSON"`).
//! - A claim is `"motivation": "assessing"` with a body of type `cl:Claim` carrying every
//!   field (`cl:` is ClaimLens' vocabulary, `urn:claimlens:vocab#`, declared in the
//!   `@context`), one `TextualBody` with `"purpose": "tagging"` per tag, and the note as a
//!   `TextualBody` with `"purpose": "commenting"`.
//!
//! [`crate::io::annotations`] reads this back (and plain tagging/commenting annotations from
//! other tools).

use serde_json::{Value, json};

use crate::document::ByteSpan;
use crate::document::offsets::CharIndex;
use crate::project::anchor::TextQuote;
use crate::project::{Claim, Project};

/// The ClaimLens vocabulary prefix used in `@context`.
pub const VOCAB: &str = "urn:claimlens:vocab#";

/// The IRI the annotations target: the article's URL if known, else its hash as a URN.
#[must_use]
pub fn source_iri(project: &Project) -> String {
    if let Some(url) = project.document.meta.url.as_deref().filter(|u| !u.trim().is_empty()) {
        return url.trim().to_owned();
    }
    if project.source.sha256.is_empty() {
        "urn:claimlens:article".to_owned()
    } else {
        format!("urn:sha256:{}", project.source.sha256)
    }
}

fn target(source: &str, text: &str, index: &CharIndex<'_>, span: ByteSpan) -> Value {
    let q = TextQuote::from_span(text, span);
    let (a, b) = index.to_chars(span);
    json!({
        "source": source,
        "selector": [
            {"type": "TextQuoteSelector", "exact": q.exact, "prefix": q.prefix, "suffix": q.suffix},
            {"type": "TextPositionSelector", "start": a, "end": b},
        ],
    })
}

/// The claim's fields as a `cl:Claim` body.
#[must_use]
pub fn claim_body(c: &Claim) -> Value {
    let mut body = json!({
        "type": "cl:Claim",
        "purpose": "assessing",
        "cl:claimId": c.id.0,
        "cl:claimant": c.claimant,
        "cl:assertedBy": c.asserted_by.name(),
        "cl:claimType": c.kind.name(),
        "cl:checkWorthiness": c.worthiness.name(),
        "cl:status": c.status.name(),
        "cl:evidence": c.evidence,
        "cl:origin": c.origin.name(),
        "cl:created": c.created.to_string(),
        "cl:modified": c.modified.to_string(),
    });
    if let Some(v) = c.verdict {
        body["cl:verdict"] = json!(v.name());
    }
    if let Some(e) = &c.claimant_entity {
        body["cl:claimantEntity"] = json!(e);
    }
    body
}

/// The `AnnotationCollection`.
#[must_use]
pub fn annotation_collection(project: &Project) -> Value {
    let text = project.text();
    let index = CharIndex::new(text);
    let source = source_iri(project);
    let base = if project.source.sha256.is_empty() {
        "urn:claimlens:annotation".to_owned()
    } else {
        format!("urn:claimlens:{}", &project.source.sha256[..project.source.sha256.len().min(16)])
    };
    let mut items = Vec::new();
    for c in &project.claims {
        let mut bodies = vec![claim_body(c)];
        for t in &c.tags {
            bodies.push(json!({"type": "TextualBody", "purpose": "tagging", "value": t}));
        }
        if !c.note.is_empty() {
            bodies
                .push(json!({"type": "TextualBody", "purpose": "commenting", "value": c.note, "format": "text/plain"}));
        }
        items.push(json!({
            "id": format!("{base}/claim/{}", c.id.0),
            "type": "Annotation",
            "motivation": "assessing",
            "created": c.created.to_string(),
            "modified": c.modified.to_string(),
            "body": bodies,
            "target": target(&source, text, &index, c.span),
        }));
    }
    for (n, e) in project.entities.effective(text).iter().enumerate() {
        items.push(json!({
            "id": format!("{base}/entity/{}", n + 1),
            "type": "Annotation",
            "motivation": "classifying",
            "body": [{"type": "TextualBody", "purpose": "classifying", "value": e.label.tag()}],
            "target": target(&source, text, &index, e.span),
        }));
    }
    let mut collection = json!({
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"cl": VOCAB}],
        "id": format!("{base}/collection"),
        "type": "AnnotationCollection",
        "total": items.len(),
        "first": {
            "id": format!("{base}/collection/page1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    if let Some(title) = project.document.display_title() {
        collection["label"] = json!(title);
    }
    collection
}
