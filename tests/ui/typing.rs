//! Typing into a claim card the way a person does: one key event per frame (key down with its
//! text, then key up), words that contain the app's single-key shortcuts (N, A, R, digits) and
//! the Delete key. Each test checks the field's final text, that no other claim appeared or
//! changed, and that the whole edit is one undo step (issue 12).

use std::path::Path;

use claimlens::project::{Claim, Code, Project};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::{ARTICLE, harness, press, run_until, type_like_a_person};

/// A project on [`ARTICLE`] whose codebook gives the digits 1 and 2 to codes, so a digit typed
/// into a field would visibly toggle a code if it leaked to the shortcuts.
fn project_with_codes(dir: &Path) -> std::path::PathBuf {
    let article = dir.join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let imported = claimlens::io::import_path(&article).unwrap();
    let mut project = Project::new(imported.document, imported.source);
    for (digit, path) in [(1, "topic/defence"), (2, "topic/budget")] {
        project.codebook =
            project.codebook.with_code(Code { path: path.into(), shortcut: Some(digit), ..Code::default() }).unwrap();
    }
    let out = dir.join("nato.claimlens.ron");
    claimlens::io::project_file::save(&out, &project).unwrap();
    out
}

/// Open the project, accept the first suggestion with N and A (as a new user does), and return
/// the harness with that claim selected and its card open.
fn accepted_claim(dir: &Path) -> (Harness<'static, claimlens::ui::ClaimLensApp>, Claim) {
    let mut h = harness(dir, Some(project_with_codes(dir)));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    press(&mut h, Key::N);
    press(&mut h, Key::A);
    h.run_steps(4);
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.project.claims.len(), 1, "A accepted one suggestion");
    let claim = s.project.claims[0].clone();
    assert_eq!(h.state().ui_state.selected_claim, Some(claim.id));
    (h, claim)
}

fn only_claim(h: &Harness<'_, claimlens::ui::ClaimLensApp>) -> Claim {
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.project.claims.len(), 1, "typing created or deleted claims: {:#?}", s.project.claims);
    assert!(s.project.rejected_suggestions.is_empty(), "typing rejected a suggestion");
    s.project.claims[0].clone()
}

/// Everything but the field under test (and the modification time) is as before.
fn assert_rest_unchanged(before: &Claim, after: &Claim, field: &str) {
    let mut a = after.clone();
    a.modified = before.modified;
    match field {
        "claimant" => {
            a.claimant.clone_from(&before.claimant);
            a.claimant_entity.clone_from(&before.claimant_entity);
        }
        "tags" => a.tags.clone_from(&before.tags),
        "evidence" => a.evidence.clone_from(&before.evidence),
        "note" => a.note.clone_from(&before.note),
        _ => unreachable!(),
    }
    assert_eq!(&a, before, "typing into {field} changed other fields");
}

fn undo(h: &mut Harness<'_, claimlens::ui::ClaimLensApp>) {
    h.key_press(Key::Escape); // leave the field, as a person clicking elsewhere would
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
}

#[test]
fn typing_a_claimant_keeps_every_key_in_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, before) = accepted_claim(dir.path());
    h.get_by_label("Claimant").click();
    h.run_steps(2);
    // Clear whatever was proposed, with the keyboard.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    press(&mut h, Key::Delete);
    // "NATO Ar 2 Hegsetx": N, A, R and a digit; then fix the typo with Delete.
    type_like_a_person(&mut h, "NATO Ar 2 Hegsetx");
    press(&mut h, Key::ArrowLeft);
    press(&mut h, Key::Delete);
    type_like_a_person(&mut h, "h");
    let after = only_claim(&h);
    assert_eq!(after.claimant, "NATO Ar 2 Hegseth");
    assert!(after.tags.is_empty(), "digits typed into the field toggled codes: {:?}", after.tags);
    assert_rest_unchanged(&before, &after, "claimant");
    assert!(h.state().ui_state.current_suggestion.is_some(), "typing moved through suggestions");
    undo(&mut h);
    assert_eq!(only_claim(&h).claimant, before.claimant, "the whole edit is one undo step");
}

#[test]
fn typing_a_note_keeps_every_key_in_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, before) = accepted_claim(dir.path());
    h.get_by_label("Note").click();
    h.run_steps(2);
    type_like_a_person(&mut h, "Ask NATO for the 2024 Annex\nRead the report on Größe");
    press(&mut h, Key::Delete); // at the end: deletes nothing, and must not delete the claim
    let after = only_claim(&h);
    assert_eq!(after.note, "Ask NATO for the 2024 Annex\nRead the report on Größe");
    assert!(after.tags.is_empty(), "{:?}", after.tags);
    assert_rest_unchanged(&before, &after, "note");
    undo(&mut h);
    assert_eq!(only_claim(&h).note, before.note, "the whole edit is one undo step");
}

#[test]
fn typing_a_tag_keeps_every_key_in_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, before) = accepted_claim(dir.path());
    h.get_by_label("Tags").click();
    h.run_steps(2);
    type_like_a_person(&mut h, "nato 2 arms race");
    press(&mut h, Key::Enter);
    let after = only_claim(&h);
    assert_eq!(after.tags, vec!["nato 2 arms race".to_owned()]);
    assert_rest_unchanged(&before, &after, "tags");
    undo(&mut h);
    assert!(only_claim(&h).tags.is_empty(), "adding the tag is one undo step");
}

#[test]
fn typing_an_evidence_link_keeps_every_key_in_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, before) = accepted_claim(dir.path());
    h.get_by_label("Evidence").click();
    h.run_steps(2);
    type_like_a_person(&mut h, "https://nato.int/annual-report-2024.pdf");
    press(&mut h, Key::Enter);
    let after = only_claim(&h);
    assert_eq!(after.evidence, vec!["https://nato.int/annual-report-2024.pdf".to_owned()]);
    assert_rest_unchanged(&before, &after, "evidence");
    undo(&mut h);
    assert!(only_claim(&h).evidence.is_empty(), "adding the link is one undo step");
}

/// Right after Ctrl+T the first click into a field focuses it.
#[test]
fn the_first_click_after_tagging_focuses_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), Some(project_with_codes(dir.path())));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let start = text.find("Officials in Kyiv").unwrap();
    h.state_mut().view.set_selection(Some(claimlens::document::ByteSpan::new(start, text.len())));
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::T);
    h.step();
    h.get_by_label("Claimant").click();
    h.step();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.step();
    press(&mut h, Key::Delete);
    type_like_a_person(&mut h, "Kyiv officials");
    assert_eq!(only_claim(&h).claimant, "Kyiv officials");
}
