//! The whole project as JSON, with code point offsets.

use serde_json::{Value, json};

use crate::document::offsets::CharIndex;
use crate::project::Project;

/// The project as a JSON value: metadata, source, blocks, effective entities (with automatic
/// ones and corrections kept apart), claims, tags. Offsets are code points.
#[must_use]
pub fn project_json(project: &Project) -> Value {
    let text = project.text();
    let index = CharIndex::new(text);
    let span = |s: crate::document::ByteSpan| {
        let (a, b) = index.to_chars(s);
        json!({"start": a, "end": b})
    };
    let entity = |e: &crate::nlp::Entity| {
        let (a, b) = index.to_chars(e.span);
        json!({"start": a, "end": b, "label": e.label.tag(), "text": &text[e.span]})
    };
    let blocks: Vec<Value> = project
        .document
        .blocks
        .iter()
        .map(|b| {
            let (a, e) = index.to_chars(b.span);
            let mut v = json!({"start": a, "end": e, "kind": b.kind.name()});
            if let crate::document::BlockKind::Heading(level) = b.kind {
                v["level"] = json!(level);
            }
            if let Some(c) = b.credit {
                v["credit"] = span(c);
            }
            v
        })
        .collect();
    let corrections: Vec<Value> = project
        .entities
        .corrections
        .iter()
        .map(|c| {
            let target = match &c.target {
                crate::project::CorrectionTarget::Mention(s) => json!({"mention": span(*s)}),
                crate::project::CorrectionTarget::AllMentions(t) => json!({"all_mentions": t}),
            };
            let action = match c.action {
                crate::project::CorrectionAction::Remove => json!("remove"),
                crate::project::CorrectionAction::SetLabel(l) => json!({"set_label": l.tag()}),
            };
            json!({"target": target, "action": action})
        })
        .collect();
    let claims: Vec<Value> = project
        .claims
        .iter()
        .map(|c| {
            let (a, b) = index.to_chars(c.span);
            let mut v = claim_fields(c);
            v["start"] = json!(a);
            v["end"] = json!(b);
            v
        })
        .collect();
    let orphans: Vec<Value> = project
        .orphans
        .iter()
        .map(|o| {
            let annotation = match &o.annotation {
                crate::project::OrphanAnnotation::Claim(c) => json!({"claim": claim_fields(c)}),
                crate::project::OrphanAnnotation::Correction(c) => json!({"entity_correction": match c.action {
                    crate::project::CorrectionAction::Remove => "remove".to_owned(),
                    crate::project::CorrectionAction::SetLabel(l) => l.tag().to_owned(),
                }}),
            };
            json!({"annotation": annotation, "quote": o.quote, "prefix": o.prefix, "suffix": o.suffix, "version": o.version})
        })
        .collect();
    let versions: Vec<Value> = project
        .article_versions
        .iter()
        .map(|v| {
            json!({
                "sha256": v.sha256,
                "size_bytes": v.size_bytes,
                "chars": v.chars,
                "source_path": v.source_path,
                "imported": v.imported.map(|t| t.to_string()),
                "change": v.change,
            })
        })
        .collect();
    let meta = &project.document.meta;
    json!({
        "claimlens_format_version": project.format_version,
        "offsets": "unicode code points, end exclusive",
        "meta": {
            "title": project.document.display_title(),
            "publisher": meta.publisher,
            "byline": meta.byline,
            "date": meta.date,
            "url": meta.url,
            "language": meta.language,
        },
        "source": {
            "path": project.source.path,
            "format": format!("{:?}", project.source.format),
            "encoding": project.source.encoding,
            "sha256": project.source.sha256,
            "size_bytes": project.source.size_bytes,
        },
        "text": text,
        "blocks": blocks,
        "entities": project.entities.effective(text).iter().map(entity).collect::<Vec<_>>(),
        "automatic_entities": project.entities.automatic.iter().map(entity).collect::<Vec<_>>(),
        "entity_recognizer": project.entities.recognizer,
        "entity_corrections": corrections,
        "claims": claims,
        "orphans": orphans,
        "article_versions": versions,
        "tags": project.tags,
    })
}

/// A claim's fields (everything but its position).
#[must_use]
pub fn claim_fields(c: &crate::project::Claim) -> Value {
    json!({
        "id": c.id.0,
        "quote": c.quote,
        "claimant": c.claimant,
        "claimant_entity": c.claimant_entity,
        "asserted_by": c.asserted_by.name(),
        "origin": c.origin.name(),
        "type": c.kind.name(),
        "check_worthiness": c.worthiness.name(),
        "status": c.status.name(),
        "verdict": c.verdict.map(|v| v.name()),
        "evidence": c.evidence,
        "note": c.note,
        "tags": c.tags,
        "created": c.created.to_string(),
        "modified": c.modified.to_string(),
    })
}
