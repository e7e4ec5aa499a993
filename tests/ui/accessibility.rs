//! What a screen reader gets (issue 19), asserted on the AccessKit tree egui builds: the
//! article's visible blocks as text, its highlights naming their type, named suggestion bars,
//! plain button names without icon glyphs, the side tabs as tabs with a selected state, the
//! legend's toggles with a pressed state, the claims filter field named.

use egui::accesskit::{Role, Toggled};
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use super::{ARTICLE, harness, run_until};

#[test]
fn the_article_and_its_highlights_are_in_the_accessibility_tree() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("nato.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()));

    // One node per visible block, holding its text; the title is a heading.
    let paragraph = h
        .get_all_by_role(Role::Paragraph)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with("Defense Secretary Pete Hegseth")))
        .map(|n| n.accesskit_node().label().unwrap().to_owned());
    assert!(paragraph.is_some_and(|l| l.ends_with("before the summer.")), "the paragraph is read whole");
    assert!(h.get_all_by_role(Role::Heading).any(|n| n.accesskit_node().label().is_some_and(|l| l.contains("NATO"))));

    // Entities announce their type.
    h.get_by_role_and_label(Role::Mark, "Person: Pete Hegseth");
    // Suggestions: a named mark in the text, and a named bar in the margin.
    let marks: Vec<String> =
        h.get_all_by_role(Role::Mark).filter_map(|n| n.accesskit_node().label().map(|l| l.to_string())).collect();
    assert!(marks.iter().any(|m| m.starts_with("Suggestion: check-worthy 0.")), "{marks:?}");
    assert!(
        h.get_all_by_role(Role::Button)
            .any(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with("Suggestion: check-worthy 0."))),
        "the suggestion bars are named"
    );

    // A claim announces itself with its status.
    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let i = text.find("Europe must spend more").unwrap();
    h.state_mut().push(claimlens::ui::command::Command::TagClaim(claimlens::document::ByteSpan::new(
        i,
        i + "Europe must spend more".len(),
    )));
    h.run_steps(4);
    h.get_by_role_and_label(Role::Mark, "Claim (selected), to check: Europe must spend more");

    // Plain names, no icon glyphs.
    assert!(h.query_by_label("✚ Tag as claim").is_none());
    h.get_by_role_and_label(Role::Button, "Tag as claim");
    h.get_by_role_and_label(Role::Button, "Undo");
    h.get_by_role_and_label(Role::Button, "Larger text");
    h.get_by_role_and_label(Role::Button, "Smaller text");
    // The filter field has a name, not only a hint.
    h.get_by_role_and_label(Role::TextInput, "Filter claims");

    // Side tabs: tabs, the shown one selected.
    let claims_tab = h.get_by_role_and_label(Role::Tab, "Claims (1)");
    assert_eq!(claims_tab.accesskit_node().is_selected(), Some(true));
    let overview = h.get_by_role_and_label(Role::Tab, "Overview");
    assert_eq!(overview.accesskit_node().is_selected(), Some(false));

    // Legend toggles say whether their layer is shown; clicking one flips it.
    let quotes = h.get_by_label_contains("Quotations");
    assert_eq!(quotes.accesskit_node().toggled(), Some(Toggled::False));
    quotes.click();
    h.run_steps(4);
    assert_eq!(h.get_by_label_contains("Quotations").accesskit_node().toggled(), Some(Toggled::True));
    let person = h
        .get_all_by_role(Role::Button)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with("Person ")))
        .expect("the legend's Person toggle");
    assert_eq!(person.accesskit_node().toggled(), Some(Toggled::True), "people are shown");
}
