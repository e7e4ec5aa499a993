//! Property tests: span arithmetic and offset conversions on arbitrary Unicode, word
//! snapping, undo/redo of any sequence of edits, project save/load round trips.

use claimlens::document::offsets::CharIndex;
use claimlens::document::words::snap_to_words;
use claimlens::document::{BlockKind, ByteSpan, Document};
use claimlens::nlp::EntityLabel;
use claimlens::project::{
    Claim, ClaimStatus, CorrectionAction, CorrectionTarget, Edit, EntityCorrection, History, Project, SourceInfo,
    Verdict, schema,
};
use proptest::prelude::*;

/// Text mixing ASCII, accents, CJK, emoji, RTL and whitespace.
fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a".to_owned()),
            Just("Zürich".to_owned()),
            Just(" ".to_owned()),
            Just("\n\n".to_owned()),
            Just("中文".to_owned()),
            Just("👩‍👩‍👧".to_owned()),
            Just("مرحبا".to_owned()),
            Just("“q”".to_owned()),
            Just("e\u{301}".to_owned()),
            "[a-zA-Z0-9 .,]{0,6}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn boundary(text: &str, x: usize) -> usize {
    text.floor_char_boundary(x % (text.len() + 1))
}

proptest! {
    #[test]
    fn code_points_round_trip(t in text(), a in 0usize..400, b in 0usize..400) {
        let index = CharIndex::new(&t);
        let (a, b) = (boundary(&t, a), boundary(&t, b));
        let span = ByteSpan::new(a.min(b), a.max(b));
        let (ca, cb) = index.to_chars(span);
        prop_assert_eq!(ca, t[..span.start].chars().count());
        prop_assert_eq!(cb - ca, t[span].chars().count());
        prop_assert_eq!(index.to_bytes(ca, cb), Some(span));
    }

    #[test]
    fn span_algebra(a in 0usize..100, b in 0usize..100, c in 0usize..100, d in 0usize..100) {
        let s = ByteSpan::new(a.min(b), a.max(b));
        let t = ByteSpan::new(c.min(d), c.max(d));
        let cover = s.cover(t);
        prop_assert!(cover.contains_span(s) && cover.contains_span(t));
        match s.intersect(t) {
            Some(i) => {
                prop_assert!(s.contains_span(i) && t.contains_span(i));
                prop_assert_eq!(s.overlaps(t), !i.is_empty());
            }
            None => prop_assert!(!s.overlaps(t)),
        }
        prop_assert_eq!(s.overlaps(t), t.overlaps(s));
    }

    #[test]
    fn snapping_stays_on_boundaries_and_covers_the_selection(t in text(), a in 0usize..400, b in 0usize..400) {
        let (a, b) = (boundary(&t, a), boundary(&t, b));
        let sel = ByteSpan::new(a.min(b), a.max(b));
        let s = snap_to_words(&t, sel);
        prop_assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end) && s.end <= t.len());
        prop_assert_eq!(s.trim(&t), s);
        // Snapping only grows the selection (apart from trimming whitespace at its ends).
        let trimmed = sel.trim(&t);
        if !trimmed.is_empty() {
            prop_assert!(s.contains_span(trimmed), "{:?} should contain {:?}", s, trimmed);
        }
    }
}

/// One random user action on a project.
#[derive(Clone, Debug)]
enum Op {
    Tag { a: usize, b: usize },
    Note { which: usize, note: String },
    Verdict { which: usize, v: Option<usize> },
    Delete { which: usize },
    Correct { a: usize, b: usize, label: usize, all: bool },
    Uncorrect,
    Tag2 { which: usize, tag: String },
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..500, 0usize..500).prop_map(|(a, b)| Op::Tag { a, b }),
        (0usize..8, "[a-zé\n ]{0,8}").prop_map(|(which, note)| Op::Note { which, note }),
        (0usize..8, proptest::option::of(0usize..6)).prop_map(|(which, v)| Op::Verdict { which, v }),
        (0usize..8).prop_map(|which| Op::Delete { which }),
        (0usize..500, 0usize..500, 0usize..17, any::<bool>()).prop_map(|(a, b, label, all)| Op::Correct {
            a,
            b,
            label,
            all
        }),
        Just(Op::Uncorrect),
        (0usize..8, "[a-c]{1,2}").prop_map(|(which, tag)| Op::Tag2 { which, tag }),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

fn project(t: &str) -> Project {
    let doc = Document::from_blocks([(BlockKind::Title, "Título"), (BlockKind::Paragraph, t)]);
    Project::new(doc, SourceInfo::default())
}

fn edit_for(p: &Project, op: &Op) -> Option<Edit> {
    let text = p.text();
    let now = jiff::Timestamp::UNIX_EPOCH;
    let pick = |which: usize| (!p.claims.is_empty()).then(|| p.claims[which % p.claims.len()].clone());
    match op {
        Op::Tag { a, b } => {
            let (a, b) = (boundary(text, *a), boundary(text, *b));
            let span = snap_to_words(text, ByteSpan::new(a.min(b), a.max(b)));
            Some(Edit::AddClaim(Box::new(Claim::new(p.peek_claim_id(), text, span, now))))
        }
        Op::Note { which, note } => pick(*which).map(|mut c| {
            c.note.clone_from(note);
            Edit::UpdateClaim(Box::new(c))
        }),
        Op::Verdict { which, v } => pick(*which).map(|mut c| {
            c.verdict = v.map(|i| Verdict::ALL[i % Verdict::ALL.len()]);
            c.status = ClaimStatus::Checking;
            Edit::UpdateClaim(Box::new(c))
        }),
        Op::Delete { which } => pick(*which).map(|c| Edit::RemoveClaim { id: c.id }),
        Op::Correct { a, b, label, all } => {
            let (a, b) = (boundary(text, *a), boundary(text, *b));
            let span = snap_to_words(text, ByteSpan::new(a.min(b), a.max(b)));
            let target = if *all {
                CorrectionTarget::AllMentions(text[span].to_owned())
            } else {
                CorrectionTarget::Mention(span)
            };
            let action = if *label == 16 {
                CorrectionAction::Remove
            } else {
                CorrectionAction::SetLabel(EntityLabel::ALL[*label])
            };
            Some(Edit::InsertCorrection {
                index: p.entities.corrections.len(),
                correction: EntityCorrection::new(target, action),
            })
        }
        Op::Uncorrect => (!p.entities.corrections.is_empty()).then_some(Edit::RemoveCorrection { index: 0 }),
        Op::Tag2 { which, tag } => pick(*which).map(|mut c| {
            c.tags.push(tag.clone());
            Edit::AddTag(tag.clone()).then(Edit::UpdateClaim(Box::new(c)))
        }),
        Op::Undo | Op::Redo => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any sequence of edits, undos and redos, then undoing everything, gives back the start;
    /// redoing everything gives back the newest state. Every state round-trips through the file format.
    #[test]
    fn undo_redo_any_sequence(t in text(), ops in proptest::collection::vec(op(), 0..30)) {
        let mut p = project(&t);
        let start = p.clone();
        let mut h = History::default();
        for (i, op) in ops.iter().enumerate() {
            match op {
                Op::Undo => { h.undo(&mut p).unwrap(); }
                Op::Redo => { h.redo(&mut p).unwrap(); }
                other => {
                    if let Some(edit) = edit_for(&p, other) {
                        let _ = h.apply(&mut p, edit, "op", None);
                    }
                }
            }
            prop_assert_eq!(p.validate(), Ok(()), "after op {}", i);
            let ron = schema::to_ron_string(&p).unwrap();
            prop_assert_eq!(&schema::from_ron_str(&ron).unwrap(), &p);
            let effective = p.entities.effective(p.text());
            prop_assert!(effective.windows(2).all(|w| w[0].span.end <= w[1].span.start), "entities overlap");
        }
        // Redo what is left to redo: the newest state the history knows.
        while h.redo(&mut p).unwrap().is_some() {}
        let end = p.clone();
        while h.undo(&mut p).unwrap().is_some() {}
        prop_assert_eq!(&p, &start);
        while h.redo(&mut p).unwrap().is_some() {}
        prop_assert_eq!(&p, &end);
    }
}

#[test]
fn claim_ids_are_never_reused() {
    let mut p = project("One claim here. Another one.");
    let t = jiff::Timestamp::UNIX_EPOCH;
    let c1 = Claim::new(p.peek_claim_id(), p.text(), ByteSpan::new(9, 12), t);
    Edit::AddClaim(Box::new(c1)).apply(&mut p).unwrap();
    let id = p.claims[0].id;
    Edit::RemoveClaim { id }.apply(&mut p).unwrap();
    let fresh = p.peek_claim_id();
    assert_ne!(fresh, id, "a removed claim's id is not given out again");
    assert_ne!(fresh, p.peek_claim_id(), "every new id is unique");
}

/// Transcript-like text: lines with and without speaker labels, in any script.
fn transcript() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            prop_oneof![
                Just(""),
                Just("TRUMP: "),
                Just("SEN. BERNIE SANDERS: "),
                Just("Zoë O’Brien: "),
                Just("SYSTEM: "),
                Just("Note: ")
            ],
            text(),
        ),
        0..20,
    )
    .prop_map(|lines| lines.into_iter().map(|(label, body)| format!("{label}{body}\n")).collect())
}

proptest! {
    /// Suggestions of any text, transcript or not, are one per sentence, in range, with
    /// scores in 0–1 (the transcript rules only move scores), and the transcript context of
    /// each sentence is a piece of that sentence.
    #[test]
    fn transcript_rules_keep_suggestions_whole(t in transcript()) {
        use claimlens::nlp::claims::{self, context};
        let spans = claimlens::nlp::sentences::sentences(&t);
        let sugg = claims::suggest(&t, &spans, &[], &[]);
        prop_assert!(sugg.iter().all(|s| s.span.end <= t.len() && (0.0..=1.0).contains(&s.score)));
        if let Some(ctx) = context::transcript_context(&t, "d", &spans) {
            prop_assert_eq!(ctx.len(), spans.len());
            for (c, s) in ctx.iter().zip(&spans) {
                prop_assert!(t[s.start..s.end].ends_with(c.text), "{:?} is the end of {:?}", c.text, &t[s.start..s.end]);
                prop_assert!(c.speaker.is_none_or(|sp| t.contains(sp)));
            }
        }
    }
}
