//! brat standoff: the article as `NAME.txt` and its annotations as `NAME.ann`.
//!
//! Following brat's format (<https://brat.nlplab.org/standoff.html>):
//!
//! - offsets are code points into the `.txt`, end exclusive;
//! - a `T` line is `Tn<TAB>TYPE START END<TAB>TEXT`. A span that crosses line breaks is
//!   written as `;`-separated fragments, one per line it touches (blank lines skipped), and
//!   its TEXT is the fragments' texts joined by one space, as brat itself does
//!   (`DISCONT_SEP`), so no `.ann` line ever contains a line break;
//! - entities are `T` lines typed with their OntoNotes label (`PERSON`, `GPE`, …);
//! - a claim is a `T` line of type `Claim`; every other field of its [`ClaimRecord`] goes
//!   where [`super::record::FIELDS`] says ([`BratPlace`]): `A` attribute lines for the
//!   enumerated fields (`Status`, `Verdict`, `ClaimType`, `Worthiness`, `AssertedBy`,
//!   `Origin`; values are the display names in `PascalCase`: `ToCheck`, `MostlyTrue`, …) and
//!   `#` comment lines for the others (`AnnotatorNotes` is the note, as in brat itself;
//!   `ClaimId`, `Claimant`, `ClaimantEntity`, one `Evidence` line per link, `Created`,
//!   `Modified`). In comment text, a line break is written `\n`, a tab `\t` and a backslash
//!   `\\`;
//! - each tag of a claim is one more `T` line over the same span, typed with the tag
//!   (whitespace replaced by `_`). On import, a non-entity type becomes a claim tag and
//!   `T` lines with the same span are one claim, so this round-trips.

use std::fmt::Write as _;

use serde_json::Value;

use super::record::{BratPlace, ClaimRecord, FIELDS, items};
use crate::document::ByteSpan;
use crate::document::offsets::CharIndex;
use crate::project::Project;

/// The `T` type of a claim.
pub const CLAIM_TYPE: &str = "Claim";

/// The fragments of `span` (one per line, blank lines skipped) as byte spans.
#[must_use]
pub fn fragments(text: &str, span: ByteSpan) -> Vec<ByteSpan> {
    let mut out = Vec::new();
    let mut start = span.start;
    for (i, c) in text[span].char_indices() {
        if c == '\n' || c == '\r' {
            let at = span.start + i;
            if at > start {
                out.push(ByteSpan::new(start, at));
            }
            start = at + c.len_utf8();
        }
    }
    if span.end > start {
        out.push(ByteSpan::new(start, span.end));
    }
    if out.is_empty() {
        out.push(span);
    }
    out
}

/// The TEXT field brat expects for `span`: its fragments joined by a space.
#[must_use]
pub fn span_text(text: &str, span: ByteSpan) -> String {
    fragments(text, span).iter().map(|f| &text[*f]).collect::<Vec<_>>().join(" ")
}

/// Escape comment text for one `.ann` line.
#[must_use]
pub fn escape_comment(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\r', "").replace('\n', "\\n").replace('\t', "\\t")
}

/// An attribute value without spaces: the words of a display name joined in `PascalCase`
/// (`"to check"` → `ToCheck`, `"position/policy"` → `PositionPolicy`). The importer reads
/// it back with the field's case- and separator-insensitive parser.
#[must_use]
pub fn attribute_value(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '/' || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map(|f| f.to_uppercase().chain(cs).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// A brat type name for a tag (no whitespace).
#[must_use]
pub fn type_name(tag: &str) -> String {
    tag.split_whitespace().collect::<Vec<_>>().join("_")
}

fn t_line(out: &mut String, n: &mut usize, kind: &str, text: &str, index: &CharIndex<'_>, span: ByteSpan) -> usize {
    *n += 1;
    let frags: Vec<String> = fragments(text, span)
        .iter()
        .map(|f| {
            let (a, b) = index.to_chars(*f);
            format!("{a} {b}")
        })
        .collect();
    let _ = writeln!(out, "T{n}\t{kind} {}\t{}", frags.join(";"), span_text(text, span));
    *n
}

/// The `.txt` and `.ann` contents.
#[must_use]
pub fn standoff(project: &Project) -> (String, String) {
    let text = project.text();
    let index = CharIndex::new(text);
    let mut ann = String::new();
    let (mut t, mut a, mut c) = (0, 0, 0);
    for e in project.entities.effective(text) {
        if !e.span.is_empty() {
            t_line(&mut ann, &mut t, e.label.tag(), text, &index, e.span);
        }
    }
    for claim in &project.claims {
        if claim.span.is_empty() {
            continue;
        }
        let id = t_line(&mut ann, &mut t, CLAIM_TYPE, text, &index, claim.span);
        let values = ClaimRecord::from_claim(claim, &index).to_map();
        let value = |key: &str| values.get(key).unwrap_or(&Value::Null);
        for f in FIELDS {
            if let BratPlace::Attribute(name) = f.brat
                && let Some(v) = items(value(f.key)).first()
            {
                a += 1;
                let _ = writeln!(ann, "A{a}\t{name} T{id} {}", attribute_value(v));
            }
        }
        for f in FIELDS {
            if let BratPlace::Comment(name) = f.brat {
                for v in items(value(f.key)) {
                    c += 1;
                    let _ = writeln!(ann, "#{c}\t{name} T{id}\t{}", escape_comment(&v));
                }
            }
        }
        for f in FIELDS {
            if f.brat == BratPlace::TagSpans {
                for tag in items(value(f.key)) {
                    t_line(&mut ann, &mut t, &type_name(&tag), text, &index, claim.span);
                }
            }
        }
    }
    (text.to_owned(), ann)
}
