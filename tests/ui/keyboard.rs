//! Keyboard only (issue 19): open a file, move the reading position by sentence, select by
//! keyboard, tag, fill the claim card by typing, come back with Escape and save — key events
//! only, never a pointer event — then check the saved project on disk.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

use super::{ARTICLE, harness, press, run_until, settle, type_like_a_person};

const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);

fn caret_and_selection(h: &egui_kittest::Harness<'_, claimlens::ui::ClaimLensApp>) -> (Option<usize>, Option<String>) {
    let app = h.state();
    let text = app.session.as_ref().unwrap().project.text();
    (app.view.caret(), app.view.selection().map(|s| text[s].to_owned()))
}

#[test]
fn open_move_select_tag_fill_and_save_with_keys_only() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), None);
    h.run_steps(4);

    // Ctrl+O: no native dialog in tests, so the path prompt, its field focused.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run_steps(4);
    type_like_a_person(&mut h, article.to_str().unwrap());
    press(&mut h, Key::Enter);
    run_until(&mut h, "opened and analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));

    // Alt+↓ steps sentence by sentence to "Defense Secretary …" (the third sentence).
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let target = text.find("Defense Secretary").unwrap();
    let sentence_end = text.find("spend more.").unwrap() + "spend more.".len();
    let mut seen = Vec::new();
    for _ in 0..8 {
        h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
        h.run_steps(2);
        let caret = h.state().view.caret().expect("Alt+Down sets the reading position");
        seen.push(caret);
        if caret >= target {
            break;
        }
    }
    assert_eq!(seen.last().copied(), Some(target), "sentence starts stepped through: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "each step moves forward: {seen:?}");
    assert!(seen.len() >= 3, "the title and the dateline come first: {seen:?}");
    // Alt+↑ goes back one, Alt+↓ returns.
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run_steps(2);
    assert_eq!(h.state().view.caret(), Some(seen[seen.len() - 2]));
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(h.state().view.caret(), Some(target));

    // Shift+Alt+→ twice selects two words from the reading position; Shift+Alt+← gives one back.
    h.key_press_modifiers(ALT_SHIFT, Key::ArrowRight);
    h.run_steps(2);
    h.key_press_modifiers(ALT_SHIFT, Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(caret_and_selection(&h).1.as_deref(), Some("Defense Secretary"));
    h.key_press_modifiers(ALT_SHIFT, Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(caret_and_selection(&h).1.as_deref(), Some("Defense"));
    // Shift+Alt+↓ extends to the end of the sentence.
    h.key_press_modifiers(ALT_SHIFT, Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(caret_and_selection(&h).1.as_deref(), Some(&text[target..sentence_end]));
    // Escape clears it; Alt+S selects the sentence at the reading position.
    press(&mut h, Key::Escape);
    h.run_steps(2);
    assert_eq!(caret_and_selection(&h).1, None);
    h.key_press_modifiers(Modifiers::ALT, Key::S);
    h.run_steps(2);
    assert_eq!(caret_and_selection(&h).1.as_deref(), Some(&text[target..sentence_end]));

    // Ctrl+T tags it; F2 moves the focus into the card's first field (Claimant).
    h.key_press_modifiers(Modifiers::COMMAND, Key::T);
    h.run_steps(4);
    assert_eq!(h.state().session.as_ref().unwrap().project.claims.len(), 1);
    press(&mut h, Key::F2);
    h.run_steps(2);
    assert!(h.get_by_label("Claimant").is_focused(), "F2 focuses the claimant field");
    // The field's text is selected (a proposed claimant, if any, is replaced by typing).
    // Typing "Pete Hegseth" holds A, N, R-free letters and a space: none may leak to shortcuts.
    type_like_a_person(&mut h, "Pete Hegseth");
    h.run_steps(2);
    let claimant = |h: &egui_kittest::Harness<'_, claimlens::ui::ClaimLensApp>| {
        h.state().session.as_ref().unwrap().project.claims[0].claimant.clone()
    };
    assert_eq!(claimant(&h), "Pete Hegseth");
    // Tab moves on to the next field of the card.
    press(&mut h, Key::Tab);
    h.run_steps(2);
    assert!(!h.get_by_label("Claimant").is_focused(), "Tab left the claimant field");
    assert_eq!(claimant(&h), "Pete Hegseth");
    // Escape leaves the card: the keys are the article's again (Alt+↓ moves the position).
    press(&mut h, Key::Escape);
    h.run_steps(2);
    assert!(h.state().session.as_ref().unwrap().project.claims.len() == 1, "Escape deleted nothing");
    assert_eq!(claimant(&h), "Pete Hegseth");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    h.run_steps(2);
    assert!(h.state().view.caret().is_some_and(|c| c > target), "back in the article after Escape");

    // Ctrl+S: never saved, so the path prompt, prefilled next to the article; Enter saves.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(4);
    press(&mut h, Key::Enter);
    settle(&mut h);
    let saved = dir.path().join("nato.claimlens.ron");
    let project = claimlens::io::project_file::load(&saved).expect("the project was saved");
    assert_eq!(project.claims.len(), 1, "{:#?}", project.claims);
    let claim = &project.claims[0];
    assert_eq!(claim.quote, &text[target..sentence_end]);
    assert_eq!(claim.claimant, "Pete Hegseth");
    assert!(project.rejected_suggestions.is_empty(), "no key leaked to R");
    assert!(!h.state().session.as_ref().unwrap().is_dirty());
}
