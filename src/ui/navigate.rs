//! Moving through the article: to a claim, an entity's mentions, the next suggestion, the
//! next find match. Each function changes only what is selected and where the view is, and
//! says what the user should be told.

use super::article_view::ArticleView;
use super::session::Session;
use super::state::{FindState, UiState};
use crate::document::ByteSpan;

/// What navigation works on.
pub struct Nav<'a> {
    /// The open project.
    pub session: &'a Session,
    /// What is selected.
    pub ui: &'a mut UiState,
    /// The article view (scrolled).
    pub view: &'a mut ArticleView,
    /// egui time, for the flash of what is jumped to.
    pub time: f64,
}

/// The mentions outlined when the entity `name` is selected: the canonical entity's mentions,
/// or (for numbers and dates, which are not grouped) every mention with that text. Sorted.
#[must_use]
pub fn mentions_of(session: &Session, name: &str) -> Vec<ByteSpan> {
    let text = session.project.text();
    match session.derived.group_named(name) {
        Some(g) => g.mentions.clone(),
        None => session.derived.entities.iter().filter(|e| &text[e.span] == name).map(|e| e.span).collect(),
    }
}

/// Select the entity `name` (None clears); with `scroll`, jump to a mention — the next one
/// on repeated selection of the same entity.
pub fn select_entity(nav: Nav<'_>, name: Option<String>, scroll: bool) {
    let again = name.is_some() && name == nav.ui.selected_entity;
    let mentions = name.as_deref().map(|n| mentions_of(nav.session, n)).unwrap_or_default();
    nav.ui.selected_entity = name;
    if scroll && !mentions.is_empty() {
        let n = mentions.len();
        nav.ui.entity_cursor = if again { (nav.ui.entity_cursor + 1) % n } else { 0 };
        let m = mentions[nav.ui.entity_cursor];
        nav.view.scroll_to(m.start, Some(m), nav.time);
    }
}

/// Step to the next visible suggestion after the current one (or after the top of the view),
/// scroll to it and flash it. Returns a message when there is none to go to.
pub fn step_suggestion(nav: Nav<'_>) -> Option<&'static str> {
    let s = nav.session;
    if s.analysis.is_none() {
        return Some("Suggestions are still being computed");
    }
    let after = match (nav.ui.suggestion_cursor.take(), nav.ui.current_suggestion) {
        (Some(cursor), _) => Some(cursor),
        (None, Some(c)) => Some(c.start),
        (None, None) => nav.view.top_byte(&s.project.document).checked_sub(1),
    };
    let next = match after {
        Some(a) => s.suggestions.iter().find(|x| x.span.start > a).or_else(|| s.suggestions.first()),
        None => s.suggestions.first(),
    };
    nav.ui.current_suggestion = next.map(|x| x.span);
    match next.map(|x| x.span) {
        Some(span) => {
            nav.view.scroll_to(span.start, Some(span), nav.time);
            None
        }
        None => Some("No more suggestions at this threshold"),
    }
}

/// Find the query again in the article and show the first match after the reading position.
pub fn search(find: &mut FindState, session: &Session, view: &mut ArticleView, time: f64) {
    find.search(session.project.text(), view.top_byte(&session.project.document));
    if let Some(m) = find.current.map(|i| find.matches[i]) {
        view.scroll_to(m.start, None, time);
    }
}

/// Go to the next (or previous) find match, opening the find bar if it is closed.
pub fn find_step(find: &mut FindState, view: &mut ArticleView, forward: bool, time: f64) {
    if find.open {
        if let Some(m) = find.step(forward) {
            view.scroll_to(m.start, None, time);
        }
    } else {
        find.open = true;
    }
}

/// Escape: close the find bar, else clear the selection, else deselect the claim and entity.
pub fn escape(find: &mut FindState, ui: &mut UiState, view: &mut ArticleView) {
    if find.open {
        find.open = false;
    } else if view.selection().is_some() {
        view.set_selection(None);
    } else {
        ui.selected_entity = None;
        ui.selected_claim = None;
    }
}
