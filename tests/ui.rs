//! The real app, driven headless with `egui_kittest`: open an article, select text with the
//! mouse, tag a claim, edit its fields, undo and redo, save, reopen, find the claim again.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use claimlens::document::ByteSpan;
use claimlens::project::{ClaimKind, ClaimStatus, Verdict};
use claimlens::ui::{AppOptions, ClaimLensApp};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod accessibility;
mod contrast;
mod corpus;
mod first_minutes;
mod keyboard;
mod sources;
mod team;
mod typing;

const ARTICLE: &str = "Zürich talks stall as NATO asks for 5% of GDP\n\n\
Friday, February 14, 2025\n\n\
Defense Secretary Pete Hegseth told allies in Brussels that Europe must spend more. \
“We will not carry this alone,” Hegseth said on Wednesday, adding that Ukraine’s \
defence needs $4 billion before the summer.\n\n\
Officials in Kyiv said the plan was “concrete” for the first time.";

fn harness(dir: &Path, file: Option<PathBuf>) -> Harness<'static, ClaimLensApp> {
    let options = AppOptions {
        file,
        open_sample: false,
        recovery_dir: Some(dir.join("recovery")),
        no_native_dialogs: true,
        fixed_time: Some("2026-01-02T03:04:05Z".parse().unwrap()),
        coder: None,
        blind: false,
    };
    Harness::builder().with_size(egui::vec2(1300.0, 900.0)).build_eframe(move |cc| ClaimLensApp::new(cc, options))
}

/// Step until `done` holds (the analysis runs on a worker thread), failing after a while.
fn run_until(h: &mut Harness<'_, ClaimLensApp>, what: &str, done: impl Fn(&ClaimLensApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(30), "timed out waiting for: {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(4);
}

/// Press `key` (with `text`, as a keyboard sends for printable keys) in one frame and release
/// it in the next.
pub(crate) fn stroke(
    h: &mut Harness<'_, claimlens::ui::ClaimLensApp>,
    key: Option<Key>,
    text: Option<&str>,
    shift: bool,
) {
    let modifiers = if shift { Modifiers::SHIFT } else { Modifiers::NONE };
    if let Some(key) = key {
        h.event(Event::Key { key, physical_key: Some(key), pressed: true, repeat: false, modifiers });
    }
    if let Some(t) = text {
        h.event(Event::Text(t.to_owned()));
    }
    h.step();
    if let Some(key) = key {
        h.event(Event::Key { key, physical_key: Some(key), pressed: false, repeat: false, modifiers });
    }
    h.step();
}

/// Type `text` character by character, as from a keyboard: letters, digits and space come with
/// their key events (so shortcuts bound to them could fire), other characters as text only.
pub(crate) fn type_like_a_person(h: &mut Harness<'_, claimlens::ui::ClaimLensApp>, text: &str) {
    for c in text.chars() {
        let key = match c {
            ' ' => Some(Key::Space),
            '\n' => Some(Key::Enter),
            c if c.is_ascii_alphanumeric() => Key::from_name(&c.to_ascii_uppercase().to_string()),
            '-' => Some(Key::Minus),
            '.' => Some(Key::Period),
            '/' => Some(Key::Slash),
            _ => None,
        };
        let text = (c != '\n').then(|| c.to_string());
        stroke(h, key, text.as_deref(), c.is_ascii_uppercase());
    }
}

pub(crate) fn press(h: &mut Harness<'_, claimlens::ui::ClaimLensApp>, key: Key) {
    stroke(h, Some(key), None, false);
}

/// Step until no background job (saving, exporting, importing, analysing) runs.
fn settle(h: &mut Harness<'_, ClaimLensApp>) {
    // Let the events already sent start their jobs first.
    h.run_steps(2);
    run_until(h, "background work finished", |a| !a.is_busy());
}

fn byte_of(text: &str, needle: &str) -> ByteSpan {
    let i = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the article"));
    ByteSpan::new(i, i + needle.len())
}

/// Drag the mouse over the article from the middle of the char at `from` to the middle of
/// the char at `to`.
fn drag_select(h: &mut Harness<'_, ClaimLensApp>, from: usize, to: usize) {
    let (a, b) = {
        let app = h.state();
        let doc = &app.session.as_ref().unwrap().project.document;
        (
            app.view.char_screen_rect(doc, from).expect("start visible"),
            app.view.char_screen_rect(doc, to).expect("end visible"),
        )
    };
    h.drag_at(a.center());
    h.step();
    for t in [0.25, 0.5, 0.75, 1.0] {
        let p = a.center().lerp(b.center(), t);
        h.hover_at(Pos2::new(p.x, p.y));
        h.step();
    }
    h.drop_at(b.center());
    h.run_steps(6);
}

#[test]
fn open_tag_edit_undo_redo_save_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("brüssel talks.txt");
    std::fs::write(&article, ARTICLE).unwrap();

    let mut h = harness(dir.path(), None);
    h.run_steps(6);

    // Open through File ▸ Open path… (the fallback when no native dialog is available).
    h.get_by_label("File").click();
    h.run_steps(6);
    h.get_by_label_contains("Open path").click();
    h.run_steps(6);
    h.get_by_role(Role::TextInput).type_text(article.to_str().unwrap());
    h.key_press(Key::Enter);
    run_until(&mut h, "article opened and analysed", |a| a.session.is_some() && !a.is_analysing());
    assert!(h.state().title().contains("brüssel talks.txt"), "{}", h.state().title());

    // Select "Hegseth told allies" starting and ending mid-word: the selection snaps to words.
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let target = byte_of(&text, "Pete Hegseth told allies in Brussels");
    drag_select(&mut h, target.start + 2, target.end - 3);
    let sel = h.state().view.selection().expect("a selection");
    assert_eq!(&text[sel], "Pete Hegseth told allies in Brussels");

    // Tag it with the toolbar button.
    h.get_by_label("Tag as claim").click();
    h.run_steps(6);
    {
        let s = h.state().session.as_ref().unwrap();
        assert_eq!(s.project.claims.len(), 1);
        assert_eq!(s.project.claims[0].quote, "Pete Hegseth told allies in Brussels");
        assert!(s.is_dirty());
        assert!(h.state().title().starts_with("● "));
    }

    // Edit fields in place: claimant, note (multi-line, non-ASCII), verdict.
    h.get_by_label("Claimant").click();
    h.run_steps(6);
    h.get_by_label("Claimant").type_text("Pete Hegseth");
    h.run_steps(6);
    h.get_by_label("Note").click();
    h.run_steps(6);
    h.get_by_label("Note").type_text("Check the NATO minutes — Größe?");
    h.run_steps(6);
    h.key_press(Key::Escape); // leave the text field
    h.run_steps(6);
    h.get_by_role_and_label(Role::ComboBox, "Verdict").click();
    h.run_steps(6);
    h.get_by_label("mostly false").click();
    h.run_steps(6);
    {
        let c = &h.state().session.as_ref().unwrap().project.claims[0];
        assert_eq!(c.claimant, "Pete Hegseth");
        assert_eq!(c.note, "Check the NATO minutes — Größe?");
        assert_eq!(c.verdict, Some(Verdict::MostlyFalse));
        assert_eq!(c.status, ClaimStatus::Checked, "a verdict marks the claim checked");
        assert_eq!(c.kind, ClaimKind::Attribution);
    }

    // Undo the verdict, then the note (typing was one undo step), then redo both.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(6);
    assert_eq!(h.state().session.as_ref().unwrap().project.claims[0].verdict, None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(6);
    assert_eq!(h.state().session.as_ref().unwrap().project.claims[0].note, "");
    assert_eq!(h.state().session.as_ref().unwrap().project.claims[0].claimant, "Pete Hegseth");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run_steps(6);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(6);
    {
        let c = &h.state().session.as_ref().unwrap().project.claims[0];
        assert_eq!(c.note, "Check the NATO minutes — Größe?");
        assert_eq!(c.verdict, Some(Verdict::MostlyFalse));
    }

    // Save: never saved, so the app asks for a path (prefilled next to the article).
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(6);
    let expected = dir.path().join("brüssel talks.claimlens.ron");
    assert_eq!(h.get_by_label("Path:").value().as_deref(), Some(expected.to_str().unwrap()));
    h.key_press(Key::Enter);
    settle(&mut h);
    assert!(expected.exists());
    assert!(!h.state().session.as_ref().unwrap().is_dirty());
    assert!(!h.state().title().starts_with("● "), "{}", h.state().title());
    drop(h);

    // Reopen the project in a new window and find the claim with its fields.
    let mut h = harness(dir.path(), Some(expected.clone()));
    run_until(&mut h, "project opened", |a| a.session.is_some());
    h.get_by_label("“Pete Hegseth told allies in Brussels”").click();
    h.run_steps(6);
    h.get_by_label("by Pete Hegseth");
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.path.as_deref(), Some(expected.as_path()));
    let c = &s.project.claims[0];
    assert_eq!((c.claimant.as_str(), c.verdict), ("Pete Hegseth", Some(Verdict::MostlyFalse)));
    assert_eq!(c.note, "Check the NATO minutes — Größe?");
    assert_eq!(&s.project.text()[c.span], "Pete Hegseth told allies in Brussels");
    assert_eq!(c.created.to_string(), "2026-01-02T03:04:05Z");
    assert_eq!(h.state().ui_state.selected_claim, Some(c.id));
}

/// Open `path` through the path prompt.
fn open_via_prompt(h: &mut Harness<'_, ClaimLensApp>, path: &Path) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    h.run_steps(6);
    h.get_by_label("Path:").type_text(path.to_str().unwrap());
    h.key_press(Key::Enter);
    settle(h);
}

#[test]
fn entity_corrections_from_the_context_menu_are_undoable() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "analysed", |a| a.session.is_some() && !a.is_analysing());
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let brussels = byte_of(&text, "Brussels");
    let label_of = |h: &Harness<'_, ClaimLensApp>, span: ByteSpan| {
        h.state().session.as_ref().unwrap().derived.entities.iter().find(|e| e.span == span).map(|e| e.label)
    };
    let before = label_of(&h, brussels);

    // Right-click a word, mark it as a facility from the context menu.
    let rect = {
        let app = h.state();
        app.view.char_screen_rect(&app.session.as_ref().unwrap().project.document, brussels.start + 3).unwrap()
    };
    drag_select(&mut h, brussels.start + 1, brussels.end - 2);
    h.hover_at(rect.center());
    h.run_steps(2);
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(6);
    h.get_by_label("Mark as entity").hover();
    h.run_steps(6);
    h.get_by_label("Facility").click();
    h.run_steps(6);
    assert_eq!(label_of(&h, brussels), Some(claimlens::nlp::EntityLabel::Fac));
    assert_eq!(h.state().session.as_ref().unwrap().project.entities.corrections.len(), 1);

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(6);
    assert_eq!(label_of(&h, brussels), before);
    assert!(h.state().session.as_ref().unwrap().project.entities.corrections.is_empty());
}

#[test]
fn a_bad_file_is_reported_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("good.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let gz = dir.path().join("disguised.txt");
    std::fs::write(&gz, b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03binary").unwrap();
    let mut h = harness(dir.path(), Some(article.clone()));
    run_until(&mut h, "analysed", |a| a.session.is_some() && !a.is_analysing());
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let s = byte_of(&text, "Officials in Kyiv");
    h.state_mut().push(claimlens::ui::command::Command::TagClaim(s));
    h.run_steps(6);
    open_via_prompt(&mut h, &gz);
    // The unsaved-changes question comes first; Cancel keeps everything as it is.
    h.get_by_label("Cancel").click();
    h.run_steps(6);
    assert_eq!(h.state().session.as_ref().unwrap().project.claims.len(), 1);
    open_via_prompt(&mut h, &gz);
    h.get_by_label("Don't save").click();
    settle(&mut h);
    // The file cannot be opened: a clear error, and the article stays open, still unsaved.
    h.get_by_label_contains("disguised.txt: this is not a text file (gzip-compressed data)");
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.project.text(), text);
    assert_eq!(s.project.claims.len(), 1);
    assert!(s.is_dirty(), "work that was not replaced must stay marked unsaved");
}

#[test]
fn recovery_copy_is_offered_and_restored_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    // A first run with unsaved work; the app "crashes" (is dropped) before saving.
    {
        let mut h = harness(dir.path(), Some(article.clone()));
        run_until(&mut h, "analysed", |a| a.session.is_some() && !a.is_analysing());
        let text = h.state().session.as_ref().unwrap().project.text().to_owned();
        h.state_mut().push(claimlens::ui::command::Command::TagClaim(byte_of(&text, "Officials in Kyiv said")));
        h.run_steps(6);
        let recovery = dir.path().join("recovery");
        let start = Instant::now();
        while claimlens::io::recovery::list(&recovery).is_empty() {
            assert!(start.elapsed() < Duration::from_secs(20), "no recovery copy written");
            h.step();
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // The next start offers the copy; restoring brings the claim back, marked unsaved.
    let mut h = harness(dir.path(), None);
    run_until(&mut h, "the recovery copies listed", |a| a.modal.is_some());
    h.get_by_label("Restore unsaved work?");
    h.get_by_label("Restore").click();
    settle(&mut h);
    let s = h.state().session.as_ref().expect("restored");
    assert_eq!(s.project.claims.len(), 1);
    assert_eq!(s.project.claims[0].quote, "Officials in Kyiv said");
    assert!(s.is_dirty());
    assert!(h.state().title().starts_with("● "));
}

#[test]
fn find_highlights_all_matches_and_steps_through_them() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "analysed", |a| a.session.is_some() && !a.is_analysing());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(6);
    h.get_by_label("Find:");
    // The field has focus after Ctrl+F: type into it key by key.
    type_like_a_person(&mut h, "hegseth");
    h.run_steps(2);
    assert_eq!(h.state().find.matches.len(), 2, "case-insensitive by default");
    h.get_by_label("1 of 2");
    h.key_press(Key::F3);
    h.run_steps(6);
    h.get_by_label("2 of 2");
    h.key_press(Key::F3);
    h.run_steps(6);
    h.get_by_label("1 of 2");
    h.get_by_label("Match case").click();
    h.run_steps(2);
    h.get_by_label("Find:").focus();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(2);
    type_like_a_person(&mut h, "HEGSETH");
    h.run_steps(2);
    assert_eq!(h.state().find.query, "HEGSETH");
    h.get_by_label("No matches");
}

#[test]
fn a_failed_save_is_reported_and_the_work_stays() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    // The chosen file name is taken by a folder: the final rename fails with a real OS error.
    let blocked = dir.path().join("taken.claimlens.ron");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("inside"), "x").unwrap();

    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "analysed", |a| a.session.is_some() && !a.is_analysing());
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    h.state_mut().push(claimlens::ui::command::Command::TagClaim(byte_of(&text, "Officials in Kyiv")));
    h.run_steps(6);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run_steps(6);
    h.get_by_label("Path:").focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(2);
    h.get_by_label("Path:").type_text(blocked.to_str().unwrap());
    h.key_press(Key::Enter);
    settle(&mut h);
    h.get_by_label_contains("Could not save");
    let s = h.state().session.as_ref().unwrap();
    assert!(s.is_dirty());
    assert_eq!(s.project.claims.len(), 1);
    assert!(s.path.is_none(), "a failed save must not adopt the new path");
    // The recovery copy holds the work.
    let start = Instant::now();
    loop {
        let entries = claimlens::io::recovery::list(&dir.path().join("recovery"));
        if let Some(e) = entries.first() {
            let p = claimlens::io::project_file::load(&e.file).unwrap();
            if p.claims.len() == 1 {
                break;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no recovery copy with the claim");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn entities_panel_rename_merge_split_retype_undo() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "analysed", |a| a.session.is_some() && !a.is_analysing());
    let names = |h: &Harness<'_, ClaimLensApp>| -> Vec<(String, usize)> {
        h.state().session.as_ref().unwrap().derived.canonical.iter().map(|g| (g.name.clone(), g.count())).collect()
    };
    let before = names(&h);
    assert!(before.contains(&("Pete Hegseth".to_owned(), 2)), "{before:?}");

    h.get_all_by_label_contains("Entities (")
        .find(|n| n.accesskit_node().role() == Role::Tab)
        .expect("the Entities tab")
        .click();
    h.run_steps(6);
    // Rename from the row's context menu.
    h.get_by_label("Pete Hegseth  ·  2").click_secondary();
    h.run_steps(6);
    h.get_by_label("Rename…").click();
    h.run_steps(6);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("New name:").type_text("Secretary Hegseth");
    h.key_press(Key::Enter);
    h.run_steps(6);
    assert!(names(&h).contains(&("Secretary Hegseth".to_owned(), 2)), "{:?}", names(&h));

    // Split the surname-only mention off into its own entity.
    h.get_by_label("Secretary Hegseth  ·  2").click_secondary();
    h.run_steps(6);
    h.get_by_label("Split off").hover();
    h.run_steps(6);
    h.get_by_label("“Hegseth”").click();
    h.run_steps(6);
    let after_split = names(&h);
    assert!(after_split.contains(&("Secretary Hegseth".to_owned(), 1)), "{after_split:?}");
    assert!(after_split.contains(&("Hegseth".to_owned(), 1)), "{after_split:?}");

    // Retype the split-off entity: every mention of its text becomes an ORG (undoable).
    h.get_by_label("Hegseth  ·  1").click_secondary();
    h.run_steps(6);
    h.get_by_label("Change type").hover();
    h.run_steps(6);
    h.get_by_label("Organization").click();
    h.run_steps(6);
    {
        let s = h.state().session.as_ref().unwrap();
        let g = s.derived.canonical.iter().find(|g| g.name == "Hegseth").unwrap();
        assert_eq!(g.label, claimlens::nlp::EntityLabel::Org);
    }
    // Three undos give back the automatic grouping; three redos the corrected one.
    let corrected = names(&h);
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run_steps(4);
    }
    assert_eq!(names(&h), before);
    for _ in 0..3 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
        h.run_steps(4);
    }
    assert_eq!(names(&h), corrected);

    // Merge "Kyiv" into "Ukraine": one entity with both mentions.
    h.get_by_label("Kyiv  ·  1").click_secondary();
    h.run_steps(6);
    h.get_by_label("Merge into").hover();
    h.run_steps(6);
    h.get_by_label_contains("Ukraine · ").click();
    h.run_steps(6);
    let merged = names(&h);
    assert!(merged.contains(&("Ukraine".to_owned(), 2)), "{merged:?}");
    assert!(!merged.iter().any(|(n, _)| n == "Kyiv"), "{merged:?}");
    let project = &h.state().session.as_ref().unwrap().project;
    assert_eq!(project.entities.groups.len(), 3, "rename, split and merge are saved with the project");
}

/// Suggestions: N steps to a suggested sentence, A accepts it as a claim with its fields
/// prefilled, R rejects one (remembered in the project and undoable), the threshold slider
/// changes how many are shown; quotations can be shown as a layer; the overview's bars
/// filter the claims list.
#[test]
fn suggestions_accept_reject_threshold_quotes_and_overview() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    let n_before = h.state().session.as_ref().unwrap().suggestions.len();
    assert!(n_before >= 2, "the sample paragraph has check-worthy sentences ({n_before})");

    // N goes to the first suggestion, A accepts it.
    h.key_press(Key::N);
    h.run_steps(4);
    let first = h.state().ui_state.current_suggestion.expect("a current suggestion");
    h.key_press(Key::A);
    h.run_steps(4);
    {
        let s = h.state().session.as_ref().unwrap();
        assert_eq!(s.project.claims.len(), 1);
        let c = &s.project.claims[0];
        assert_eq!(c.span, first);
        assert_eq!(c.origin, claimlens::project::ClaimOrigin::Suggested);
        assert!(!s.suggestions.iter().any(|x| x.span == first), "an accepted suggestion is no longer shown");
        // Accepting moved on to the next suggestion.
        assert!(h.state().ui_state.current_suggestion.is_some_and(|c| c != first));
    }

    // R rejects the current one; undo brings it back.
    let second = h.state().ui_state.current_suggestion.unwrap();
    let second_text = h.state().session.as_ref().unwrap().project.text()[second].to_owned();
    h.key_press(Key::R);
    h.run_steps(4);
    {
        let s = h.state().session.as_ref().unwrap();
        assert_eq!(s.project.rejected_suggestions, vec![second_text.clone()]);
        assert!(!s.suggestions.iter().any(|x| x.span == second));
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(4);
    assert!(h.state().session.as_ref().unwrap().project.rejected_suggestions.is_empty());
    assert!(h.state().session.as_ref().unwrap().suggestions.iter().any(|x| x.span == second));

    // The threshold: at 1.0 nothing is suggested, at 0.0 every scored sentence not yet a claim.
    h.get_by_role(Role::Slider).focus();
    h.run_steps(2);
    for _ in 0..12 {
        h.key_press(Key::ArrowRight);
        h.step();
    }
    h.run_steps(4);
    assert!(h.state().session.as_ref().unwrap().view.suggestion_threshold > 0.99);
    assert!(h.state().session.as_ref().unwrap().suggestions.iter().all(|x| x.score >= 0.99));
    for _ in 0..24 {
        h.key_press(Key::ArrowLeft);
        h.step();
    }
    h.run_steps(4);
    {
        let s = h.state().session.as_ref().unwrap();
        assert!(s.view.suggestion_threshold < 0.01);
        let scored = s.analysis.as_ref().unwrap().suggestions.len();
        assert_eq!(s.suggestions.len(), scored - 1, "all but the accepted one");
    }

    // Quotations as a layer: the legend toggles them, hovering one names the speaker.
    assert!(h.state().highlights().quotes.clone().is_empty());
    h.get_by_label_contains("Quotations").click();
    h.run_steps(4);
    assert!(h.state().session.as_ref().unwrap().view.show_quotes);
    let quotes = h.state().highlights().quotes.clone();
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    assert!(quotes.iter().any(|q| text[*q].contains("We will not carry this alone")), "{quotes:?}");

    // Overview: the "suggested" claim is counted; clicking a status bar filters the list.
    h.get_by_label("Overview").click();
    h.run_steps(4);
    h.get_by_label("to check 1").click();
    h.run_steps(4);
    assert_eq!(h.state().ui_state.side_tab, claimlens::ui::state::SideTab::Claims);
    assert!(h.state().ui_state.bar_filter.is_some());
    h.get_by_label_contains("Showing status: to check");
}

/// The codebook: add hierarchical codes in the Codes tab, give one a shortcut, tag the
/// selected claim with a digit key, undo it; export the codebook to its own file and import
/// it into another project.
#[test]
fn codebook_codes_shortcuts_export_import() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), Some(article.clone()));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    // A claim to tag.
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let span = byte_of(&text, "Europe must spend more");
    h.state_mut().push(claimlens::ui::command::Command::TagClaim(span));
    h.run_steps(4);
    let id = h.state().session.as_ref().unwrap().project.claims[0].id;

    h.get_by_label_contains("Codes (0)").click();
    h.run_steps(4);
    for path in ["topic/defence/spending", "topic/economy"] {
        h.get_by_label("New code").focus();
        h.run_steps(2);
        h.get_by_label("New code").type_text(path);
        h.run_steps(2);
        h.get_by_label("Add").click();
        h.run_steps(4);
    }
    {
        let book = &h.state().session.as_ref().unwrap().project.codebook;
        assert_eq!(
            book.codes.iter().map(|c| c.path.as_str()).collect::<Vec<_>>(),
            ["topic/defence/spending", "topic/economy"]
        );
    }
    // Shortcut 3 for "spending" (through the same edit the combo box makes).
    let mut book = h.state().session.as_ref().unwrap().project.codebook.clone();
    book.codes[0].shortcut = Some(3);
    h.state_mut().push(claimlens::ui::command::Command::Edit {
        edit: claimlens::project::Edit::SetCodebook(Box::new(book)),
        label: "Set code shortcut".into(),
        coalesce: None,
    });
    h.run_steps(2);
    h.key_press(Key::Escape); // leave the text field
    h.run_steps(2);
    h.state_mut().push(claimlens::ui::command::Command::SelectClaim { id: Some(id), scroll: false });
    h.run_steps(2);
    h.key_press(Key::Num3);
    h.run_steps(4);
    assert_eq!(h.state().session.as_ref().unwrap().project.claims[0].tags, ["topic/defence/spending"]);
    // The same digit again removes it; undo puts it back.
    h.key_press(Key::Num3);
    h.run_steps(4);
    assert!(h.state().session.as_ref().unwrap().project.claims[0].tags.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(4);
    assert_eq!(h.state().session.as_ref().unwrap().project.claims[0].tags, ["topic/defence/spending"]);

    // Export through the path prompt (no native dialogs in tests).
    let exported = dir.path().join("desk");
    h.get_by_label("Export…").click();
    h.run_steps(4);
    let field = h.get_by_label("Path:");
    field.focus();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Path:").type_text(exported.to_str().unwrap());
    h.key_press(Key::Enter);
    settle(&mut h);
    let file = dir.path().join("desk.codebook.ron");
    let loaded = claimlens::io::codebook::load(&file).expect("exported codebook loads");
    assert_eq!(loaded.codes.len(), 2);
    assert_eq!(loaded.by_shortcut(3).unwrap().path, "topic/defence/spending");

    // A fresh project imports it.
    let other = dir.path().join("other.txt");
    std::fs::write(&other, "Another article about NATO budgets in 2025.").unwrap();
    let mut h2 = harness(&dir.path().join("h2"), Some(other));
    run_until(&mut h2, "opened", |a| a.session.is_some());
    h2.get_by_label_contains("Codes (0)").click();
    h2.run_steps(4);
    h2.get_by_label("Import…").click();
    h2.run_steps(4);
    h2.get_by_label("Path:").type_text(file.to_str().unwrap());
    h2.key_press(Key::Enter);
    settle(&mut h2);
    let book = &h2.state().session.as_ref().unwrap().project.codebook;
    assert_eq!(book.codes, loaded.codes);
    assert!(h2.state().session.as_ref().unwrap().is_dirty());
}

/// Annotations that travel: File ▸ Export writes a CSV; a changed article file is noticed when
/// the project is opened, "Update article from file" re-anchors the claims (a claim whose text
/// was deleted becomes an orphan, re-attached to a new selection), "What changed" lists the
/// differences, and undo brings the old version back.
#[test]
fn export_update_article_orphans_and_undo() {
    use claimlens::ui::command::Command;
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), Some(article.clone()));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    for quote in ["Europe must spend more", "the plan was “concrete” for the first time"] {
        h.state_mut().push(Command::TagClaim(byte_of(&text, quote)));
        h.run_steps(2);
    }
    assert_eq!(h.state().session.as_ref().unwrap().project.claims.len(), 2);

    // Export as CSV through the menu and the path prompt.
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export").click();
    h.run_steps(2);
    h.get_by_label_contains("CSV").click();
    h.run_steps(4);
    let csv_path = dir.path().join("claims.csv");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Path:").type_text(csv_path.to_str().unwrap());
    h.key_press(Key::Enter);
    settle(&mut h);
    let mut reader = csv::Reader::from_path(&csv_path).expect("the CSV was written");
    assert_eq!(reader.records().count(), 2);

    // Save, change the article on disk (one claim's sentence deleted, a paragraph added).
    let project = dir.path().join("nato.claimlens.ron");
    h.state_mut().push(Command::SaveTo(project.clone()));
    settle(&mut h);
    let edited = ARTICLE
        .replace("\n\nOfficials in Kyiv said the plan was “concrete” for the first time.", "")
        .replace("Friday, February 14, 2025\n\n", "Friday, February 14, 2025\n\nAn added first paragraph.\n\n");
    std::fs::write(&article, &edited).unwrap();
    drop(h);

    let mut h = harness(&dir.path().join("second"), Some(project.clone()));
    run_until(&mut h, "opened", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    assert!(h.state().ui_state.source_changed, "the changed article file is noticed");
    h.get_by_label("Update article from file…").click();
    h.run_steps(4);
    // The prompt offers the article's own path.
    h.key_press(Key::Enter);
    run_until(&mut h, "updated and re-analysed", |a| {
        a.session.as_ref().is_some_and(|s| s.project.article_versions.len() == 2 && s.analysis.is_some())
    });
    {
        let s = h.state().session.as_ref().unwrap();
        assert_eq!(s.project.text(), claimlens::io::plain::parse(&edited).text);
        assert_eq!(s.project.claims.len(), 1);
        assert_eq!(&s.project.text()[s.project.claims[0].span], "Europe must spend more");
        assert_eq!(s.project.orphans.len(), 1, "the deleted claim is kept as an orphan");
        assert!(h.state().ui_state.show_changes);
        assert!(!h.state().highlights().changes.is_empty(), "changed regions are tinted");
    }
    h.get_by_label_contains("inserted “An added first paragraph.”");

    // Re-attach the orphan to a selection.
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let target = byte_of(&text, "An added first paragraph");
    drag_select(&mut h, target.start, target.end - 1);
    h.get_by_label("Claims (1)").click();
    h.run_steps(2);
    h.get_by_label("Re-attach").click();
    h.run_steps(4);
    {
        let s = h.state().session.as_ref().unwrap();
        assert!(s.project.orphans.is_empty());
        assert_eq!(s.project.claims.len(), 2);
    }

    // Undo twice: the orphan again, then the old article with both claims in place.
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    run_until(&mut h, "re-analysed after undo", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.project.text(), claimlens::io::plain::parse(ARTICLE).text);
    assert_eq!(s.project.claims.len(), 2);
    assert!(s.project.orphans.is_empty());
    assert_eq!(s.project.article_versions.len(), 1);
}
