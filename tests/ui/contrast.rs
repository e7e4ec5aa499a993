//! High contrast and the other accessibility details of issue 19: View ▸ High contrast changes
//! the window's and the article's colours and is remembered with the window state; Tab walks
//! the text size group left to right; the suggestion threshold's slider and number field have
//! names of their own.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use claimlens::ui::theme;

use super::{ARTICLE, harness, run_until};

fn open_article(dir: &std::path::Path) -> egui_kittest::Harness<'static, claimlens::ui::ClaimLensApp> {
    let article = dir.join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir, Some(article));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));
    h
}

#[test]
fn view_high_contrast_changes_the_palette_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_article(dir.path());
    let dark = h.ctx.global_style().visuals.dark_mode;
    assert!(!theme::contrast(&h.ctx).high);
    let before = h.ctx.global_style().visuals.panel_fill;
    assert_ne!(before, theme::page_color(dark), "egui's own page colour before");

    h.get_by_label("View").click();
    h.run_steps(3);
    h.get_by_role_and_label(Role::CheckBox, "High contrast").click();
    h.run_steps(4);

    let c = theme::contrast(&h.ctx);
    assert!(c.high && c.underlines_shown(), "{c:?}");
    let v = h.ctx.global_style().visuals.clone();
    assert_eq!(v.panel_fill, theme::page_color(dark), "the page is pure white or black");
    assert_eq!(v.override_text_color, Some(theme::palette_for(dark, true).body_text));
    assert_ne!(theme::palette_for(dark, true).body_text, theme::palette_for(dark, false).body_text);

    // Remembered: eframe saves egui's memory (ron) with the window state and gives it back
    // to the next run before the app starts; the next window is in high contrast.
    let saved = ron::to_string(&h.ctx.memory(Clone::clone)).unwrap();
    let dir2 = tempfile::tempdir().unwrap();
    let mut next = harness(dir2.path(), None);
    assert!(!theme::contrast(&next.ctx).high, "a fresh window starts in normal contrast");
    let memory: egui::Memory = ron::from_str(&saved).unwrap();
    next.ctx.memory_mut(|m| *m = memory);
    next.run_steps(3);
    assert!(theme::contrast(&next.ctx).high, "high contrast came back from the saved memory");
    assert_eq!(next.ctx.global_style().visuals.panel_fill, theme::page_color(dark));

    // And off again: egui's own colours come back exactly.
    h.get_by_label("View").click();
    h.run_steps(3);
    h.get_by_role_and_label(Role::CheckBox, "High contrast").click();
    h.run_steps(4);
    assert!(!theme::contrast(&h.ctx).high);
    assert_eq!(h.ctx.global_style().visuals.panel_fill, before);
}

#[test]
fn tab_walks_the_text_size_group_left_to_right() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_article(dir.path());
    let smaller = h.get_by_role_and_label(Role::Button, "Smaller text").rect();
    let larger = h.get_by_role_and_label(Role::Button, "Larger text").rect();
    let size = h.get_by_label("100%").rect();
    assert!(smaller.max.x <= size.min.x && size.max.x <= larger.min.x, "A− | 100% | A+ from left to right");
    assert!(larger.max.x > 1200.0, "the group stays at the right edge of the toolbar: {larger:?}");

    h.get_by_role_and_label(Role::Button, "Find").focus();
    h.run_steps(2);
    assert!(h.get_by_role_and_label(Role::Button, "Find").is_focused());
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert!(h.get_by_role_and_label(Role::Button, "Smaller text").is_focused(), "Tab from Find reaches A− first");
    h.key_press(Key::Tab);
    h.run_steps(2);
    assert!(h.get_by_role_and_label(Role::Button, "Larger text").is_focused(), "then A+");
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run_steps(2);
    assert!(h.get_by_role_and_label(Role::Button, "Smaller text").is_focused(), "Shift+Tab goes back to A−");
}

#[test]
fn the_suggestion_threshold_slider_and_its_value_have_their_own_names() {
    let dir = tempfile::tempdir().unwrap();
    let h = open_article(dir.path());
    let slider = h.get_by_role_and_label(Role::Slider, "Suggestion threshold");
    let value = h.get_by_label("Suggestion threshold value");
    assert_ne!(slider.accesskit_node().id(), value.accesskit_node().id());
    let (s, v) = (slider.rect(), value.rect());
    // The legend wraps: the number field follows the slider on its line or on the next.
    assert!(s.max.x <= v.min.x || s.max.y <= v.min.y, "the number field follows the slider: {s:?} {v:?}");
}
