//! Commands that change only what is shown — the selection, layers, filters, the side tab,
//! the find bar, the text size — applied by one reducer. The app passes every command here
//! first; what is not about what is shown comes back to it.

use super::article_view::ArticleView;
use super::command::{Action, Command};
use super::navigate::{self, Nav};
use super::session::Session;
use super::state::{Drafts, FindState, Notice, Prefs, SideTab, UiState};

/// The state these commands change.
pub struct Parts<'a> {
    /// The open project (its view state: hidden types, threshold, filter, quotation layer).
    pub session: Option<&'a mut Session>,
    /// What is selected.
    pub ui: &'a mut UiState,
    /// The find bar.
    pub find: &'a mut FindState,
    /// Preferences (text size, suggestion markers, recent files).
    pub prefs: &'a mut Prefs,
    /// The article view.
    pub view: &'a mut ArticleView,
    /// Messages.
    pub notices: &'a mut Vec<Notice>,
    /// Field contents (the find field is focused through them).
    pub drafts: &'a mut Drafts,
    /// egui time.
    pub time: f64,
}

/// Apply `cmd` if it only changes what is shown: `Ok(true)` when the highlights must be
/// rebuilt. Any other command is handed back.
///
/// # Errors
/// The command itself, when it is not about what is shown.
#[allow(clippy::too_many_lines)]
// A command not handled here is handed back as it came, by value, once per command.
#[allow(clippy::result_large_err)]
pub fn apply(p: Parts<'_>, cmd: Command) -> Result<bool, Command> {
    let Parts { session, ui, find, prefs, view, notices, drafts, time } = p;
    let redraw = match cmd {
        Command::SelectEntity { name, scroll } => {
            if let Some(session) = session.as_deref() {
                navigate::select_entity(&mut Nav { session, ui, view, time }, name, scroll);
            }
            true
        }
        Command::ToggleLabel(label) => {
            let Some(s) = session else { return Ok(false) };
            if let Some(i) = s.view.hidden.iter().position(|l| *l == label) {
                s.view.hidden.remove(i);
            } else {
                s.view.hidden.push(label);
            }
            true
        }
        Command::SelectSuggestion(span) => {
            ui.current_suggestion = span;
            ui.suggestion_cursor = None;
            if let Some(span) = span {
                view.scroll_to(span.start, Some(span), time);
            }
            true
        }
        Command::SetSuggestionThreshold(t) => {
            let Some(s) = session else { return Ok(false) };
            s.view.suggestion_threshold = t.clamp(0.0, 1.0);
            s.refresh_suggestions();
            true
        }
        Command::ToggleSuggestions => {
            prefs.hide_suggestions = !prefs.hide_suggestions;
            true
        }
        Command::FilterClaims(filter) => {
            if filter.is_some() {
                ui.side_tab = SideTab::Claims;
            }
            ui.bar_filter = filter;
            false
        }
        Command::SetClaimFilter(filter) => {
            if let Some(s) = session {
                s.view.filter = filter;
            }
            false
        }
        Command::SetSideTab(tab) => {
            ui.side_tab = tab;
            false
        }
        Command::SetFind { query, case_sensitive } => {
            find.query = query;
            find.case_sensitive = case_sensitive;
            if let Some(s) = session.as_deref() {
                navigate::search(find, s, view, time);
            }
            true
        }
        Command::ShowChanges(on) => {
            ui.show_changes = on;
            true
        }
        Command::DismissSourceChanged => {
            ui.source_changed = false;
            false
        }
        Command::DismissFontNotice => {
            if let Some(s) = session {
                s.scripts_without_fonts = Some(Vec::new());
            }
            false
        }
        Command::DismissNotice(i) => {
            if i < notices.len() {
                notices.remove(i);
            }
            false
        }
        Command::ClearRecent => {
            prefs.recent.clear();
            false
        }
        Command::ShowSpan(span) => {
            view.scroll_to(span.start, Some(span), time);
            false
        }
        Command::Action(Action::Find) => {
            find.open = true;
            drafts.focus_find = true;
            if let Some(s) = session.as_deref() {
                if let Some(sel) = view.selection() {
                    let t = &s.project.text()[sel];
                    if !t.contains('\n') && t.len() < 200 {
                        t.clone_into(&mut find.query);
                    }
                }
                navigate::search(find, s, view, time);
            }
            true
        }
        Command::Action(a @ (Action::FindNext | Action::FindPrevious)) => {
            drafts.focus_find |= !find.open;
            navigate::find_step(find, view, a == Action::FindNext, time);
            true
        }
        Command::Action(Action::Escape) => {
            navigate::escape(find, ui, view);
            true
        }
        Command::Action(Action::ToggleQuotes) => {
            let Some(s) = session else { return Ok(false) };
            s.view.show_quotes = !s.view.show_quotes;
            true
        }
        Command::Action(Action::Overview) => {
            ui.side_tab = SideTab::Overview;
            false
        }
        Command::Action(Action::ZoomIn) => {
            prefs.text_scale = (prefs.text_scale * 1.1).min(3.0);
            false
        }
        Command::Action(Action::ZoomOut) => {
            prefs.text_scale = (prefs.text_scale / 1.1).max(0.5);
            false
        }
        Command::Action(Action::ZoomReset) => {
            prefs.text_scale = 1.0;
            false
        }
        other => return Err(other),
    };
    Ok(redraw)
}
