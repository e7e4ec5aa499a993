//! The checks the fuzz targets in `fuzz/` run on each input, kept here so the regression test
//! (`tests/fuzz_regressions.rs`) replays every saved crash input through exactly the same
//! code without needing nightly Rust or libFuzzer. Not a public API.

use std::path::Path;

use crate::io;
use crate::project::schema;

/// Import `data` as if read from `path` (its extension picks the importer). Either a valid
/// document comes out or an error with a message; anything else panics (which the fuzzer
/// reports).
///
/// # Panics
/// When the importer breaks its contract.
pub fn import(path: &Path, data: &[u8]) {
    match io::import_bytes(path, data) {
        Ok(imported) => {
            if let Err(e) = imported.document.validate() {
                panic!("importer produced an invalid document: {e}");
            }
            // Offsets other tools read are code points: the conversion must hold everywhere.
            let text = &imported.document.text;
            for b in &imported.document.blocks {
                assert!(text.is_char_boundary(b.span.start) && text.is_char_boundary(b.span.end));
            }
        }
        Err(e) => assert!(!e.to_string().trim().is_empty(), "an import error must say why"),
    }
}

/// Load `data` as a project file. Refused with a message, or loaded as a valid project whose
/// derived data can be computed and which saves and loads back equal.
///
/// # Panics
/// When the loader breaks its contract.
pub fn project(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match schema::from_ron_str(text) {
        Ok(p) => {
            let text = p.text();
            let _ = p.entities.effective(text);
            let _ = p.entities.canonical(text);
            let saved = schema::to_ron_string(&p).expect("a loaded project serialises");
            let back = schema::from_ron_str(&saved).expect("a saved project loads");
            assert!(back == p, "save/load round trip changed the project");
        }
        Err(e) => assert!(!e.to_string().trim().is_empty(), "a load error must say why"),
    }
}

/// Re-anchoring: `data` holds an old text, a new text (split at the first `0xFF` byte, which
/// UTF-8 never contains; lossily decoded) and, after a second `0xFF`, claim positions (pairs
/// of bytes scaled into the old text). Claims are tagged on the old text, the article is
/// replaced by the new one, and:
/// - no claim is lost (claims + claim orphans = claims before),
/// - every placed claim's span lies on char boundaries of the new text and its quote is the
///   text it covers,
/// - undoing the update gives back exactly the project before.
///
/// # Panics
/// When re-anchoring breaks one of these.
pub fn anchor(data: &[u8]) {
    use crate::document::{ByteSpan, Document};
    use crate::project::{Claim, Edit, OrphanAnnotation, Project, SourceInfo, anchor};

    let mut parts = data.splitn(3, |b| *b == 0xFF);
    let old = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let new = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let positions = parts.next().unwrap_or_default();
    let old_doc = crate::io::plain::parse(&old);
    let new_doc = crate::io::plain::parse(&new);
    if old_doc.text.is_empty() {
        return;
    }
    let mut project = Project::new(old_doc, SourceInfo::default());
    let now = jiff::Timestamp::UNIX_EPOCH;
    let len = project.text().len();
    for pair in positions.chunks_exact(2).take(16) {
        let a = usize::from(pair[0]) * len / 256;
        let b = usize::from(pair[1]) * len / 256;
        let (mut a, mut b) = (a.min(b), a.max(b));
        let text = project.text();
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        while b < len && !text.is_char_boundary(b) {
            b += 1;
        }
        let span = ByteSpan::new(a, b.max(a));
        if span.is_empty() || project.claims.iter().any(|c| c.span == span) {
            continue;
        }
        let claim = Claim::new(project.peek_claim_id(), project.text(), span, now);
        Edit::AddClaim(Box::new(claim)).apply(&mut project).expect("a claim on the old text");
    }
    let before = project.clone();
    let n_claims = project.claims.len();
    let source = SourceInfo { sha256: crate::io::sha256_hex(new.as_bytes()), ..SourceInfo::default() };
    let new_doc: Document = new_doc;
    let (edit, _report) = anchor::update_article(&project, new_doc, source, now);
    let undo = edit.apply(&mut project).expect("the update applies");
    let orphaned = project.orphans.iter().filter(|o| matches!(o.annotation, OrphanAnnotation::Claim(_))).count();
    assert_eq!(project.claims.len() + orphaned, n_claims, "a claim was lost");
    let text = project.text();
    for c in &project.claims {
        assert!(c.span.end <= text.len() && text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        assert_eq!(c.quote, text[c.span.range()], "a claim's quote is the text it covers");
    }
    project.validate().expect("the updated project is valid");
    undo.apply(&mut project).expect("the undo applies");
    assert!(project == before, "undo gave back a different project");
}
