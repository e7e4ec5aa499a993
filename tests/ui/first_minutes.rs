//! The first minutes with suggestions and find (issue 12): after A, N goes to the very next
//! suggestion; typing into the find bar shows the first match at once.

use claimlens::document::ByteSpan;
use egui::{Key, Modifiers};

use super::{harness, run_until};

/// The bundled sample (Wikinews, CC BY 2.5) has several suggested sentences.
fn sample(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("sample.txt");
    std::fs::write(&p, claimlens::io::SAMPLE_ARTICLE).unwrap();
    p
}

#[test]
fn after_accepting_n_goes_to_the_next_suggestion_not_past_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), Some(sample(dir.path())));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    let all: Vec<ByteSpan> = h.state().session.as_ref().unwrap().suggestions.iter().map(|s| s.span).collect();
    assert!(all.len() >= 3, "the sample has at least three suggestions: {all:?}");

    h.key_press(Key::N);
    h.run_steps(3);
    let first = h.state().ui_state.current_suggestion.unwrap();
    let at = all.iter().position(|s| *s == first).unwrap();
    h.key_press(Key::A);
    h.run_steps(3);
    // A made the next suggestion current at once …
    let next = all[(at + 1) % all.len()];
    assert_eq!(h.state().ui_state.current_suggestion, Some(next));
    // … and N stays on it instead of skipping it.
    h.key_press(Key::N);
    h.run_steps(3);
    assert_eq!(h.state().ui_state.current_suggestion, Some(next), "N after A skipped a suggestion");
    // The following N moves on.
    h.key_press(Key::N);
    h.run_steps(3);
    assert_eq!(h.state().ui_state.current_suggestion, Some(all[(at + 2) % all.len()]));

    // The same after R.
    let current = h.state().ui_state.current_suggestion.unwrap();
    let left: Vec<ByteSpan> = h.state().session.as_ref().unwrap().suggestions.iter().map(|s| s.span).collect();
    let i = left.iter().position(|s| *s == current).unwrap();
    h.key_press(Key::R);
    h.run_steps(3);
    let after_r = left[(i + 1) % left.len()];
    assert_eq!(h.state().ui_state.current_suggestion, Some(after_r));
    h.key_press(Key::N);
    h.run_steps(3);
    assert_eq!(h.state().ui_state.current_suggestion, Some(after_r), "N after R skipped a suggestion");
}

#[test]
fn typing_in_the_find_bar_shows_the_first_match_at_once() {
    let dir = tempfile::tempdir().unwrap();
    // A long article (three openly licensed fixtures end to end) whose only "Northrop" is far
    // below the first screen.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
    let mut text = String::new();
    for name in ["wikinews_gum_interview_hill.txt", "wikinews_gum_news_flag.txt"] {
        text.push_str(&std::fs::read_to_string(fixtures.join(name)).unwrap());
        text.push_str("\n\n");
    }
    for _ in 0..3 {
        text.push_str(claimlens::io::SAMPLE_ARTICLE);
        text.push_str("\n\n");
    }
    text.push_str("The tanker contract went to Northrop Grumman and EADS in the end.\n");
    let article = dir.path().join("long.txt");
    std::fs::write(&article, &text).unwrap();
    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "opened", |a| a.session.is_some());
    h.run_steps(4);
    let doc_text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let at = doc_text.find("Northrop").unwrap();
    {
        let app = h.state();
        let doc = &app.session.as_ref().unwrap().project.document;
        assert!(app.view.char_screen_rect(doc, at).is_none(), "the match starts off screen");
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    for c in "Northrop".chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.step();
    }
    h.run_steps(3);
    let app = h.state();
    let doc = &app.session.as_ref().unwrap().project.document;
    assert_eq!(app.find.matches.len(), 1);
    assert!(app.view.char_screen_rect(doc, at).is_some(), "the first match is on screen without pressing Enter");
}

/// Issue 12: how a project is looked at (reading position, hidden types, threshold) is kept by
/// the app, not in the project file: scrolling and hiding change nothing on disk, and the view
/// comes back when the project is opened again.
#[test]
fn scrolling_and_hiding_do_not_change_the_project_file() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("sample.txt");
    std::fs::write(&article, claimlens::io::SAMPLE_ARTICLE.repeat(6)).unwrap();
    let imported = claimlens::io::import_path(&article).unwrap();
    let mut project = claimlens::project::Project::new(imported.document, imported.source);
    project.set_analysis(claimlens::nlp::Pipeline::default().analyze(&project.document));
    let path = dir.path().join("sample.claimlens.ron");
    claimlens::io::project_file::save(&path, &project).unwrap();
    let before = std::fs::read(&path).unwrap();

    let mut h = harness(dir.path(), Some(path.clone()));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    for _ in 0..4 {
        h.key_press(Key::PageDown);
        h.run_steps(2);
    }
    let top = {
        let app = h.state();
        app.view.top_byte(&app.session.as_ref().unwrap().project.document)
    };
    assert!(top > 0, "PageDown scrolled");
    let label = *h.state().session.as_ref().unwrap().derived.label_counts.keys().next().unwrap();
    h.state_mut().push(claimlens::ui::command::Command::ToggleLabel(label));
    h.state_mut().push(claimlens::ui::command::Command::SetSuggestionThreshold(0.8));
    h.run_steps(3);
    assert!(!h.state().session.as_ref().unwrap().is_dirty(), "looking is not editing");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    super::settle(&mut h);
    assert_eq!(std::fs::read(&path).unwrap(), before, "the project file is unchanged");

    // Open something else, then the project again: the view comes back.
    h.state_mut().push(claimlens::ui::command::Command::OpenPath(article));
    run_until(&mut h, "article opened", |a| a.session.as_ref().is_some_and(|s| s.path.is_none()));
    h.state_mut().push(claimlens::ui::command::Command::OpenPath(path));
    run_until(&mut h, "reopened", |a| a.session.as_ref().is_some_and(|s| s.path.is_some()));
    h.run_steps(4);
    let app = h.state();
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.view.hidden, vec![label]);
    assert!((s.view.suggestion_threshold - 0.8).abs() < 1e-6);
    assert_eq!(app.view.top_byte(&s.project.document), top, "the reading position is restored");
}

/// Issue 12: a Chinese article with no font for its characters says what to install instead
/// of showing boxes, and its words are counted the way readers count them.
#[test]
fn missing_fonts_are_named_with_what_to_install() {
    use egui_kittest::kittest::Queryable as _;
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("zh.txt");
    // Written for this test.
    std::fs::write(&article, "北约防长会议\n\n北约国防部长周三在布鲁塞尔开会。美国表示，欧洲必须增加开支。\n").unwrap();
    let options = claimlens::ui::AppOptions {
        file: Some(article),
        open_sample: false,
        recovery_dir: Some(dir.path().join("recovery")),
        no_native_dialogs: true,
        fixed_time: None,
        coder: None,
        blind: false,
    };
    // Boxes are what this test is about: allow them (kittest panics on a missing glyph).
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1300.0, 900.0))
        .allow_missing_glyphs()
        .build_eframe(move |cc| claimlens::ui::ClaimLensApp::new(cc, options));
    run_until(&mut h, "opened", |a| a.session.is_some());
    h.run_steps(3);
    let s = h.state().session.as_ref().unwrap();
    // The test harness loads no system fonts, so the bundled ones are all there is.
    assert_eq!(s.scripts_without_fonts.as_deref(), Some(&[claimlens::document::scripts::Script::Han][..]));
    assert_eq!(s.derived.words, 33, "each Chinese character counts as a word (33 without punctuation)");
    h.get_by_label_contains("sudo apt install fonts-noto-cjk");
    h.get_by_label("Dismiss").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("fonts-noto-cjk").is_none());

    // A Latin-script article has no such notice.
    let latin = dir.path().join("en.txt");
    std::fs::write(&latin, claimlens::io::SAMPLE_ARTICLE).unwrap();
    h.state_mut().push(claimlens::ui::command::Command::OpenPath(latin));
    h.run_steps(4);
    assert_eq!(h.state().session.as_ref().unwrap().scripts_without_fonts.as_deref(), Some(&[][..]));
}
