//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` whose single page holds an
//! annotation per claim and per (effective) entity.
//!
//! Every target carries a `TextQuoteSelector` (exact text with up to 32 code points of prefix
//! and suffix) and a `TextPositionSelector` (code point offsets, end exclusive, into the
//! article's canonical text), so a reader can anchor it with either.
//!
//! - An entity is `"motivation": "classifying"` with one `TextualBody` (`"purpose":
//!   "classifying"`, `"value"`: the OntoNotes label such as `"PERSON"`).
//! - A claim is `"motivation": "assessing"`. Every field of its
//!   [`ClaimRecord`] goes where [`super::record::FIELDS`] says ([`W3cPlace`]): offsets in
//!   the `TextPositionSelector`, the quote in the `TextQuoteSelector`, one `TextualBody` with
//!   `"purpose": "tagging"` per tag, the note as a `TextualBody` with `"purpose":
//!   "commenting"`, and every other field as a `cl:` property of a body of type `cl:Claim`
//!   (`cl:` is ClaimLens' vocabulary, `urn:claimlens:vocab#`, declared in the `@context`).
//!
//! [`crate::io::annotations`] reads this back (and plain tagging/commenting annotations from
//! other tools).

use serde_json::{Map, Value, json};

use super::record::{ClaimRecord, FIELDS, W3cPlace, cell, items};
use crate::document::ByteSpan;
use crate::document::offsets::CharIndex;
use crate::project::Project;
use crate::project::anchor::TextQuote;

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

/// The record's fields that the W3C export puts in the `cl:Claim` body, as `cl:NAME`
/// properties ([`W3cPlace::Vocab`]); `null` values are left out.
#[must_use]
pub fn claim_body(record: &ClaimRecord) -> Value {
    let values = record.to_map();
    let mut body = Map::new();
    body.insert("type".into(), json!("cl:Claim"));
    body.insert("purpose".into(), json!("assessing"));
    for f in FIELDS {
        if let W3cPlace::Vocab(name) = f.w3c
            && let Some(v) = values.get(f.key).filter(|v| !v.is_null())
        {
            body.insert(format!("cl:{name}"), v.clone());
        }
    }
    Value::Object(body)
}

/// Every body of a claim's annotation: the `cl:Claim` body, a tagging body per value of a
/// [`W3cPlace::Tagging`] field, a commenting body for a non-empty [`W3cPlace::Commenting`]
/// field.
#[must_use]
pub fn claim_bodies(record: &ClaimRecord) -> Vec<Value> {
    let values = record.to_map();
    let mut bodies = vec![claim_body(record)];
    for f in FIELDS {
        let value = values.get(f.key).unwrap_or(&Value::Null);
        match f.w3c {
            W3cPlace::Tagging => {
                for t in items(value) {
                    bodies.push(json!({"type": "TextualBody", "purpose": "tagging", "value": t}));
                }
            }
            W3cPlace::Commenting => {
                let text = cell(value);
                if !text.is_empty() {
                    bodies.push(
                        json!({"type": "TextualBody", "purpose": "commenting", "value": text, "format": "text/plain"}),
                    );
                }
            }
            W3cPlace::Position | W3cPlace::Quote | W3cPlace::Vocab(_) => {}
        }
    }
    bodies
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
        let record = ClaimRecord::from_claim(c, &index);
        let bodies = claim_bodies(&record);
        items.push(json!({
            "id": format!("{base}/claim/{}", record.id),
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
