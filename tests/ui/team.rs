//! Team work in the window (issue 15): the coder's name typed once and recorded on what the
//! coder tags and changes (shown on the card, a filter of the claims list, undone exactly),
//! a project with merge conflicts resolved in the window with undo, the agreement report of
//! two coders' copies with the engine's figures, and the comparison with adjudication.

use std::path::{Path, PathBuf};

use claimlens::document::ByteSpan;
use claimlens::project::{Claim, ClaimId, ClaimKind, Project};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::{ARTICLE, byte_of, drag_select, harness, press, run_until, settle, type_like_a_person};

fn project_of(app: &claimlens::ui::ClaimLensApp) -> &Project {
    &app.session.as_ref().expect("a project is open").project
}

/// Set the coder name through the status bar's button and the dialog, typing it key by key
/// (after deleting what the field held).
fn set_coder(h: &mut Harness<'_, claimlens::ui::ClaimLensApp>, name: &str) {
    let button = if h.state().prefs.coder.is_empty() {
        "Set coder name…".to_owned()
    } else {
        format!("Coder: {}", h.state().prefs.coder)
    };
    h.get_by_label(&button).click();
    h.run_steps(4);
    for _ in 0..h.state().drafts.coder.chars().count() {
        press(h, Key::Backspace);
    }
    type_like_a_person(h, name);
    press(h, Key::Enter);
    h.run_steps(4);
    assert_eq!(h.state().prefs.coder, name);
    assert!(!h.state().team.coder_dialog, "the dialog closed");
}

fn open_article(dir: &Path) -> Harness<'static, claimlens::ui::ClaimLensApp> {
    let article = dir.join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir, Some(article));
    run_until(&mut h, "analysed", |a| a.session.is_some() && !a.is_analysing());
    h
}

fn tag(h: &mut Harness<'_, claimlens::ui::ClaimLensApp>, quote: &str) -> ClaimId {
    let text = project_of(h.state()).text().to_owned();
    let span = byte_of(&text, quote);
    drag_select(h, span.start + 1, span.end - 2);
    h.get_by_label("Tag as claim").click();
    h.run_steps(6);
    let p = project_of(h.state());
    p.claims.iter().find(|c| c.quote == quote).unwrap_or_else(|| panic!("no claim {quote:?}")).id
}

#[test]
fn the_coder_is_recorded_shown_filtered_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_article(dir.path());
    // The first-use offer is there until a name is set.
    h.get_by_label("Set my name…");
    set_coder(&mut h, "ana");
    assert!(h.query_by_label("Set my name…").is_none(), "the offer is gone once a name is set");
    h.get_by_label("Coder: ana");

    let first = tag(&mut h, "Pete Hegseth told allies in Brussels");
    {
        let c = project_of(h.state()).claim(first).unwrap();
        assert_eq!((c.created_by.as_str(), c.modified_by.as_str()), ("ana", "ana"));
    }
    h.get_by_label("by coder ana");
    // The card and the list show the short id, not the whole UUID.
    let short = format!("{first:#}");
    assert_eq!(short.len(), 8);
    assert!(!h.query_all_by_label(&short).collect::<Vec<_>>().is_empty(), "short id {short} shown");
    assert!(h.query_by_label(&first.to_string()).is_none(), "the full UUID is not shown as a label");

    // Another coder at the same machine changes ana's claim and tags one of their own.
    set_coder(&mut h, "ben");
    h.get_by_label("Note").click();
    h.run_steps(4);
    type_like_a_person(&mut h, "Größe? ok");
    h.key_press(Key::Escape);
    h.run_steps(4);
    {
        let c = project_of(h.state()).claim(first).unwrap();
        assert_eq!(c.note, "Größe? ok");
        assert_eq!((c.created_by.as_str(), c.modified_by.as_str()), ("ana", "ben"));
    }
    h.get_by_label("by coder ana · changed by ben");
    let second = tag(&mut h, "Officials in Kyiv said the plan");
    assert_eq!(project_of(h.state()).claim(second).unwrap().created_by, "ben");

    // Filter by coder: ana made or last changed only the first claim; ben both.
    let pick = |h: &mut Harness<'_, claimlens::ui::ClaimLensApp>, who: &str| {
        h.get_by_role_and_label(Role::ComboBox, "Coder").click();
        h.run_steps(4);
        h.get_by_label(who).click();
        h.run_steps(6);
    };
    pick(&mut h, "ana");
    assert_eq!(h.state().session.as_ref().unwrap().view.filter.coder.as_deref(), Some("ana"));
    assert_eq!(h.state().session.as_ref().unwrap().claim_list().len(), 1);
    // The article itself also names the passage (its accessible text): ben's claim row is the
    // one more node once the filter lets it through.
    let filtered = h.query_all_by_label_contains("Officials in Kyiv").count();
    pick(&mut h, "ben");
    assert_eq!(h.state().session.as_ref().unwrap().claim_list().len(), 2);
    assert!(h.query_all_by_label_contains("Officials in Kyiv").count() > filtered, "ben's claim is listed again");

    // Undo brings the previous coder back exactly.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z); // ben's claim
    h.run_steps(4);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z); // ben's note
    h.run_steps(4);
    let c = project_of(h.state()).claim(first).unwrap();
    assert_eq!(c.note, "");
    assert_eq!(c.modified_by, "ana");
    assert_eq!(project_of(h.state()).claims.len(), 1);
}

/// A project in which two coders changed the same claim's note: what `claimlens merge` (the
/// git driver) writes.
fn conflicted_project(dir: &Path) -> PathBuf {
    let article = dir.join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let imported = claimlens::io::import_path(&article).unwrap();
    let mut base = Project::new(imported.document, imported.source);
    let span = byte_of(base.text(), "Pete Hegseth told allies in Brussels");
    let mut c = Claim::new(ClaimId::new(), base.text(), span, jiff::Timestamp::UNIX_EPOCH);
    c.tags = vec!["defence".into()];
    base.claims.push(c);
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.claims[0].note = "Zürich minutes say 2%".into();
    ours.claims[0].tags.push("nato".into());
    theirs.claims[0].note = "Checked with the 🚲 desk".into();
    theirs.claims[0].tags.push("budget".into());
    let merged = claimlens::team::merge::merge_projects(&base, &ours, &theirs).unwrap();
    assert_eq!(merged.project.conflicts.len(), 2, "{:?}", merged.project.conflicts);
    let out = dir.join("merged.claimlens.ron");
    claimlens::io::project_file::save(&out, &merged.project).unwrap();
    out
}

#[test]
fn a_conflicted_project_opens_and_conflicts_resolve_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = conflicted_project(dir.path());
    let mut h = harness(dir.path(), Some(path));
    run_until(&mut h, "project opened", |a| a.session.is_some() && !a.is_analysing());
    h.get_by_label_contains("2 merge conflicts");
    h.get_by_label("Resolve conflicts…").click();
    h.run_steps(4);
    assert!(h.state().team.conflicts_open);
    // Conflicts are listed in the order the merge recorded them: find the note's.
    let order: Vec<String> = project_of(h.state()).conflicts.iter().map(|c| c.field.clone()).collect();
    let note = order.iter().position(|f| f == "note").expect("a note conflict");
    h.query_all_by_label("Take theirs").nth(note).expect("a Take theirs button").click();
    h.run_steps(4);
    {
        let p = project_of(h.state());
        assert_eq!(p.claims[0].note, "Checked with the 🚲 desk");
        assert_eq!(p.conflicts.len(), 1);
    }
    h.get_by_label_contains("1 merge conflict:");
    // The tags: keep both sides.
    h.get_by_label("Keep both").click();
    h.run_steps(4);
    {
        let p = project_of(h.state());
        assert_eq!(p.claims[0].tags, ["defence", "nato", "budget"]);
        assert!(p.conflicts.is_empty());
    }
    assert!(h.query_by_label_contains("two coders changed the same thing").is_none(), "the banner is gone");
    // Undo both resolutions: the conflicts and our values come back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(4);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(4);
    let p = project_of(h.state());
    assert_eq!(p.conflicts.len(), 2);
    assert_eq!(p.claims[0].note, "Zürich minutes say 2%");
    assert_eq!(p.claims[0].tags, ["defence", "nato"]);
    h.get_by_label_contains("2 merge conflicts");
}

/// Krippendorff (2004, p. 254): a 300-character article (with accents and an emoji, so code
/// points and bytes differ), coder 1: c(225,+70), c(370,+30), k(180,+60), k(300,+50);
/// coder 2: c(220,+80), c(355,+20), c(400,+20), k(180,+60), k(300,+50), all shifted by −150,
/// the categories as tags.
fn two_coders(dir: &Path) -> (PathBuf, PathBuf) {
    let text: String = "Zürich’s café 🚲 spends ".chars().cycle().take(300).collect();
    let article = dir.join("k2004.txt");
    std::fs::write(&article, &text).unwrap();
    let imported = claimlens::io::import_path(&article).unwrap();
    let base = Project::new(imported.document, imported.source);
    let t = base.text().to_owned();
    assert_eq!(t.chars().count(), 300, "the article keeps its 300 characters");
    let byte = |ch: usize| t.char_indices().nth(ch).map_or(t.len(), |(b, _)| b);
    let make = |coder: &str, units: &[(usize, usize, &str)]| {
        let mut p = base.clone();
        for (start, len, cat) in units {
            let span = ByteSpan::new(byte(start - 150), byte(start - 150 + len));
            let mut c = Claim::new(ClaimId::new(), &t, span, jiff::Timestamp::UNIX_EPOCH);
            c.tags = vec![(*cat).to_owned()];
            c.kind = if *cat == "c" { ClaimKind::Statistical } else { ClaimKind::Other };
            c.created_by = coder.into();
            c.modified_by = coder.into();
            p.claims.push(c);
        }
        p.claims.sort_by_key(Claim::order_key);
        let path = dir.join(format!("{coder}.claimlens.ron"));
        claimlens::io::project_file::save(&path, &p).unwrap();
        path
    };
    let a = make("ana", &[(225, 70, "c"), (370, 30, "c"), (180, 60, "k"), (300, 50, "k")]);
    let b = make("ben", &[(220, 80, "c"), (355, 20, "c"), (400, 20, "c"), (180, 60, "k"), (300, 50, "k")]);
    (a, b)
}

#[test]
fn the_agreement_window_shows_the_engine_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_coders(dir.path());
    let expected = {
        let (pa, pb) = (claimlens::io::project_file::load(&a).unwrap(), claimlens::io::project_file::load(&b).unwrap());
        claimlens::team::agreement::agreement(&[(&pa, &pb)], claimlens::team::agreement::By::Tag, ["ana", "ben"])
            .unwrap()
    };
    let overall = expected.unitized_alpha.overall.value.unwrap();
    assert!((overall - 0.8591).abs() < 0.0005, "textbook α_u: {overall}");

    let mut h = harness(dir.path(), Some(a));
    run_until(&mut h, "project opened", |a| a.session.is_some() && !a.is_analysing());
    h.get_by_label("Team").click();
    h.run_steps(4);
    h.get_by_label("Agreement with…").click();
    h.run_steps(4);
    h.get_by_label("Path:").type_text(b.to_str().unwrap());
    h.key_press(Key::Enter);
    settle(&mut h);
    assert!(h.state().team.agreement.is_some(), "the report arrived");
    h.get_by_label("A: ana   ·   B: ben");
    h.get_by_label("tag").click();
    h.run_steps(4);
    let shown = h.state().team.agreement.as_ref().unwrap().report().unwrap().clone();
    assert_eq!(shown, expected, "the window's report is the engine's");
    // The table: overall 0.859, c 0.729 (D_o 0.0144, D_e 0.0532), k 1.000.
    h.get_by_label("α_u overall");
    let shows = |h: &Harness<'_, claimlens::ui::ClaimLensApp>, text: &str| h.query_all_by_label(text).next().is_some();
    assert_eq!(format!("{overall:.3}"), "0.859");
    for text in ["0.859", "α_u c", "0.729", "0.0144", "0.0532", "α_u k", "1.000"] {
        assert!(shows(&h, text), "the table shows {text:?}");
    }
    let kappa = claimlens::ui::team_panel::figure(&expected.sentences.cohen_kappa);
    h.get_by_label(&format!("sentences: Cohen's κ ({} items)", expected.sentences.items));
    assert!(shows(&h, &kappa), "κ {kappa} shown");
    h.get_by_label_contains("α_u: 0.859: reliable");
    // The text equivalent carries the same figures.
    let text = claimlens::ui::team_panel::report_text(&expected);
    assert!(text.contains("α_u overall: 0.859"), "{text}");
    assert!(text.contains("α_u c: 0.729 (D_o 0.0144, D_e 0.0532)"), "{text}");
}

#[test]
fn comparison_and_adjudication_record_decisions_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_coders(dir.path());
    let mut h = harness(dir.path(), Some(a));
    run_until(&mut h, "project opened", |a| a.session.is_some() && !a.is_analysing());
    set_coder(&mut h, "cy");
    h.get_by_label("Team").click();
    h.run_steps(4);
    h.get_by_label("Compare with…").click();
    h.run_steps(4);
    h.get_by_label("Path:").type_text(b.to_str().unwrap());
    h.key_press(Key::Enter);
    settle(&mut h);
    let counts = h.state().team.comparison.as_ref().expect("compared").comparison.counts();
    // The two k units agree; c(225,+70) ≈ c(220,+80) differ in span; c(370,+30) pairs with
    // one of B's two short c units, the other is B's alone.
    assert_eq!(counts, (2, 0, 1, 2), "(agree, only A, only B, differ)");
    h.get_by_label("2 agree · 2 differ · 0 only A · 1 only B");

    h.get_by_label("Start adjudication").click();
    h.run_steps(6);
    let merged_id = h.state().session.as_ref().unwrap().id;
    assert_eq!(h.state().team.comparison.as_ref().unwrap().merged_session, Some(merged_id));
    assert_eq!(project_of(h.state()).claims.len(), 2, "the merged project starts with the agreements");
    assert!(h.state().session.as_ref().unwrap().is_dirty(), "the merged project is not saved yet");

    // The current item is the first disagreement: take B's.
    let item = {
        let v = h.state().team.comparison.as_ref().unwrap();
        v.comparison.items[v.current.unwrap()].clone()
    };
    h.get_by_label("Take B's").click();
    h.run_steps(4);
    {
        let p = project_of(h.state());
        assert_eq!(p.decisions.len(), 1);
        assert_eq!(p.decisions[0].decided_by, "cy");
        assert!(p.claim(item.b.unwrap()).is_some(), "B's claim is in");
        assert_eq!(p.claims.len(), 3);
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(4);
    let p = project_of(h.state());
    assert!(p.decisions.is_empty());
    assert_eq!(p.claims.len(), 2);
}

/// Blind coding (Team ▸ Blind coding): the claims another coder created are neither listed,
/// nor highlighted, nor counted; what the coder tags meanwhile is saved with them, the hidden
/// ones unchanged; "Show all" brings them back.
#[test]
fn blind_coding_hides_other_coders_claims_and_saves_them_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_article(dir.path());
    set_coder(&mut h, "ana");
    let mine = tag(&mut h, "Pete Hegseth told allies in Brussels");
    set_coder(&mut h, "ben");
    let theirs = tag(&mut h, "Officials in Kyiv said the plan");
    let theirs_before = project_of(h.state()).claim(theirs).unwrap().clone();
    set_coder(&mut h, "ana");

    h.get_by_label("Team").click();
    h.run_steps(3);
    h.get_by_role_and_label(Role::CheckBox, "Blind coding").click();
    h.run_steps(4);
    assert!(h.state().team.blind);
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.project.claims.iter().map(|c| c.id).collect::<Vec<_>>(), [mine], "only ana's claim is shown");
    assert_eq!(s.hidden_claims(), Some(1));
    assert_eq!(s.claim_list().len(), 1);
    h.get_by_label_contains("Blind coding as ana: 1 claim of other coders hidden");
    // Not highlighted: the article's claim underlines come from the shown claims only.
    let mut highlighted: Vec<ClaimId> = h.state().highlights().block_claims.iter().flatten().map(|m| m.id).collect();
    highlighted.dedup();
    assert_eq!(highlighted, [mine], "only ana's claim is underlined");
    // Not counted in the overview.
    h.get_by_role_and_label(Role::Tab, "Overview").click();
    h.run_steps(4);
    h.get_by_label_contains("1 claim · click a bar");
    h.get_by_role_and_label(Role::Tab, "Claims (1)").click();
    h.run_steps(4);

    // Ana tags another claim, blind, and saves.
    let new = tag(&mut h, "Zürich talks stall");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(4);
    press(&mut h, Key::Enter);
    settle(&mut h);
    let saved = claimlens::io::project_file::load(&dir.path().join("nato.claimlens.ron")).expect("saved");
    let ids: Vec<ClaimId> = saved.claims.iter().map(|c| c.id).collect();
    assert_eq!(saved.claims.len(), 3, "{ids:?}");
    assert!(ids.contains(&mine) && ids.contains(&new));
    assert_eq!(saved.claim(theirs), Some(&theirs_before), "ben's claim is saved unchanged");
    assert!(!h.state().session.as_ref().unwrap().is_dirty());

    // Show all: ben's claim is back, nothing to save.
    h.get_by_label("Show all").click();
    h.run_steps(4);
    let s = h.state().session.as_ref().unwrap();
    assert!(!h.state().team.blind);
    assert_eq!(s.hidden_claims(), None);
    assert_eq!(s.project.claims.len(), 3);
    assert_eq!(s.project.claims, saved.claims, "the same claims, in document order");
    assert!(!s.is_dirty());
}
