//! One-line-per-document JSON for annotation and training tools: doccano and spaCy.
//!
//! doccano's sequence-labelling import is `{"text": …, "label": [[start, end, "LABEL"], …]}`
//! (code points). Entities carry their OntoNotes label; each claim is `[start, end,
//! "CLAIM"]` plus one span per tag labelled with the tag, so importing it back gives the
//! claim with its tags (see [`crate::io::annotations`]).
//!
//! The spaCy line is `{"text", "ents": [{"start", "end", "label"}], "spans": {"claims": […],
//! "tags": […]}}`: `ents` are the (non-overlapping) entities, in the shape spaCy's
//! `offsets_to_biluo_tags` and `Doc.char_span` take; the span groups go to `Doc.spans`.

use serde_json::{Value, json};

use super::ExportError;
use crate::document::offsets::CharIndex;
use crate::project::Project;

/// The claim fields ([`super::record::FIELDS`] keys) the doccano and spaCy lines carry: a
/// claim is a labelled span (`start`, `end`; its `quote` is the text there) plus one span per
/// tag. Both formats hold labelled spans only, so the claim's other fields (claimant, type,
/// status, verdict, evidence, note, …) have no place in them: use the JSON, CSV, W3C or brat
/// export to keep those.
pub const CARRIED: &[&str] = &["start", "end", "quote", "tags"];

/// The label of a claim span in doccano exports.
pub const CLAIM_LABEL: &str = "CLAIM";

/// The doccano JSONL (one line, with a trailing newline).
///
/// # Errors
/// If JSON serialisation fails (it does not).
pub fn doccano(project: &Project) -> Result<String, ExportError> {
    let text = project.text();
    let index = CharIndex::new(text);
    let mut labels: Vec<(usize, usize, String)> = Vec::new();
    for e in project.entities.effective(text) {
        let (a, b) = index.to_chars(e.span);
        labels.push((a, b, e.label.tag().to_owned()));
    }
    for c in &project.claims {
        let (a, b) = index.to_chars(c.span);
        labels.push((a, b, CLAIM_LABEL.to_owned()));
        for t in &c.tags {
            labels.push((a, b, t.clone()));
        }
    }
    let mut s = serde_json::to_string(&json!({"text": text, "label": labels}))?;
    s.push('\n');
    Ok(s)
}

/// The spaCy JSONL (one line, with a trailing newline).
///
/// # Errors
/// If JSON serialisation fails (it does not).
pub fn spacy(project: &Project) -> Result<String, ExportError> {
    let text = project.text();
    let index = CharIndex::new(text);
    let span = |s, label: &str| {
        let (a, b) = index.to_chars(s);
        json!({"start": a, "end": b, "label": label})
    };
    let ents: Vec<Value> = project.entities.effective(text).iter().map(|e| span(e.span, e.label.tag())).collect();
    let claims: Vec<Value> = project.claims.iter().map(|c| span(c.span, CLAIM_LABEL)).collect();
    let tags: Vec<Value> =
        project.claims.iter().flat_map(|c| c.tags.iter().map(|t| span(c.span, t)).collect::<Vec<_>>()).collect();
    let mut v = json!({"text": text, "ents": ents, "spans": {"claims": claims, "tags": tags}});
    if let Some(title) = project.document.display_title() {
        v["meta"] = json!({"title": title});
    }
    let mut s = serde_json::to_string(&v)?;
    s.push('\n');
    Ok(s)
}
