//! Commands that change the project: edits with undo and redo, tagging claims, accepting and
//! rejecting suggestions, entity corrections, code shortcuts, a new article version, a
//! finished analysis. After each change only what the change touched is recomputed
//! ([`Touches`]): typing into a claim's note recomputes no entities.

use super::article_view::ArticleView;
use super::command::{Action, Command};
use super::navigate::{self, Nav};
use super::session::Session;
use super::state::{FindState, Notice, SideTab, Status, UiState, post};
use crate::document::ByteSpan;
use crate::project::{ClaimId, ClaimOrigin, CorrectionAction, Edit, Touches};

/// The state these commands change.
pub struct Parts<'a> {
    /// The open project.
    pub session: &'a mut Session,
    /// What is selected.
    pub ui: &'a mut UiState,
    /// The article view (scrolled, its layout reset when the text changes).
    pub view: &'a mut ArticleView,
    /// The find bar (searched again when the text changes).
    pub find: &'a mut FindState,
    /// Messages.
    pub notices: &'a mut Vec<Notice>,
    /// The status bar.
    pub status: &'a mut Status,
    /// egui time.
    pub time: f64,
    /// The clock (claims' created and modified times).
    pub now: jiff::Timestamp,
    /// The coder's name (preferences), recorded on every claim and correction an edit makes
    /// or changes (empty: none recorded).
    pub coder: &'a str,
}

/// What the app must do after a command applied here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Rebuild the highlights.
    pub redraw: bool,
    /// Analyse the article again in the background (`Some(true)`: keep the entities, compute
    /// only suggestions and quotations).
    pub analyse: Option<bool>,
}

/// Apply `cmd` if it changes the project.
///
/// # Errors
/// The command itself, when it does not change the project.
// A command not handled here is handed back as it came, by value, once per command.
#[allow(clippy::result_large_err)]
pub fn apply(p: Parts<'_>, cmd: Command) -> Result<Outcome, Command> {
    let mut p = p;
    let mut out = Outcome::default();
    match cmd {
        Command::Edit { edit, label, coalesce } => edit_with_undo(&mut p, &mut out, edit, &label, coalesce),
        Command::TagClaim(span) => tag(&mut p, &mut out, span, ClaimOrigin::Manual),
        Command::SetEntity { span, label, all } => {
            correct(&mut p, &mut out, span, CorrectionAction::SetLabel(label), all);
        }
        Command::RemoveEntity { entity, all } => correct(&mut p, &mut out, entity.span, CorrectionAction::Remove, all),
        Command::SelectClaim { id, scroll } => select_claim(&mut p, id, scroll),
        Command::ApplyCodeShortcut(digit) => {
            match super::codebook_panel::shortcut_command(Some(p.session), p.ui.selected_claim, digit, p.now) {
                Ok(Command::Edit { edit, label, coalesce }) => edit_with_undo(&mut p, &mut out, edit, &label, coalesce),
                Err(msg) if !msg.is_empty() => post(p.notices, p.time, msg, false),
                Ok(_) | Err(_) => {}
            }
        }
        Command::Action(a @ (Action::Undo | Action::Redo)) => undo_redo(&mut p, &mut out, a == Action::Undo),
        Command::Action(Action::TagClaim) => match p.view.selection() {
            Some(sel) => tag(&mut p, &mut out, sel, ClaimOrigin::Manual),
            None => post(p.notices, p.time, "Select the text of the claim first", false),
        },
        Command::Action(Action::DeleteClaim) => {
            if let Some(id) = p.ui.selected_claim {
                edit_with_undo(&mut p, &mut out, Edit::RemoveClaim { id }, "Delete claim", None);
                p.ui.selected_claim = None;
            }
        }
        Command::Action(Action::NextSuggestion) => step_suggestion(&mut p, &mut out),
        Command::Action(a @ (Action::AcceptSuggestion | Action::RejectSuggestion)) => {
            accept_or_reject(&mut p, &mut out, a == Action::AcceptSuggestion);
        }
        Command::ArticleUpdated { edit, summary } => {
            edit_with_undo(&mut p, &mut out, edit, "Update article", None);
            p.ui.source_changed = false;
            p.ui.show_changes = true;
            out.redraw = true;
            post(p.notices, p.time, format!("Article updated: {summary}"), false);
            // A new version needs its entities found afresh, not only its suggestions.
            out.analyse = Some(false);
        }
        Command::AnalysisDone { session_id, keep_entities, analysis, derived, elapsed_ms }
            if session_id == p.session.id =>
        {
            let s = &mut *p.session;
            if !keep_entities {
                let changed = analysis.entities != s.project.entities.automatic;
                s.project.entities.automatic.clone_from(&analysis.entities);
                s.project.entities.recognizer.clone_from(&analysis.recognizer);
                s.changed_outside_history |= s.path.is_some() && changed;
            }
            s.analysis = Some(std::sync::Arc::new(*analysis));
            let (derived, version) = *derived;
            if version == s.entities_version() {
                // Computed on the worker for the entities as they still are.
                s.adopt(derived);
            } else {
                s.refresh();
            }
            let r = &s.project.entities.recognizer;
            let r = if r.is_empty() { "saved" } else { r.as_str() };
            p.status.analysis = format!("{} entities ({r}, {elapsed_ms} ms)", s.derived.entities.len());
            out.redraw = true;
        }
        Command::AnalysisDone { .. } => {}
        other => return Err(other),
    }
    Ok(out)
}

/// Apply an edit with undo, and recompute only what it touched.
fn edit_with_undo(p: &mut Parts<'_>, out: &mut Outcome, edit: Edit, label: &str, coalesce: Option<String>) {
    let s = &mut *p.session;
    let touched = edit.touches(&s.project);
    let ctx = crate::project::EditContext::new(p.coder, p.now);
    match s.history.apply_with(&mut s.project, edit, &ctx, label, coalesce) {
        Ok(()) => after_change(p, out, touched),
        Err(e) => post(p.notices, p.time, format!("{label}: {e}"), true),
    }
}

fn undo_redo(p: &mut Parts<'_>, out: &mut Outcome, undo: bool) {
    let s = &mut *p.session;
    let touched = if undo { s.history.undo_touches(&s.project) } else { s.history.redo_touches(&s.project) };
    let result = if undo { s.history.undo(&mut s.project) } else { s.history.redo(&mut s.project) };
    match result {
        Ok(Some(label)) => {
            if p.ui.selected_claim.is_some_and(|id| s.project.claim(id).is_none()) {
                p.ui.selected_claim = None;
            }
            after_change(p, out, touched);
            post(p.notices, p.time, format!("{} {label}", if undo { "Undid:" } else { "Redid:" }), false);
        }
        Ok(None) => {}
        Err(e) => post(p.notices, p.time, format!("Cannot undo: {e}"), true),
    }
}

/// After the project changed: refresh what depends on the touched parts; if the article
/// text itself changed (a new version, or undoing one), drop the old text's analysis and
/// layouts and have the new one analysed (keeping the entities the edit carries).
fn after_change(p: &mut Parts<'_>, out: &mut Outcome, touched: Touches) {
    let s = &mut *p.session;
    s.refresh_after(touched);
    out.redraw |= touched.text || touched.entities || touched.claim_spans || touched.rejections;
    if touched.text && s.analysed_key != s.document_key() {
        s.analysed_key = s.document_key();
        s.analysis = None;
        s.scripts_without_fonts = None;
        s.refresh_suggestions();
        p.ui.current_suggestion = None;
        p.ui.selected_entity = None;
        let top = p.view.top_byte(&s.project.document).min(s.project.text().len());
        p.view.reset(&s.project.document);
        p.view.scroll_to_top(top);
        navigate::search(p.find, s, p.view, p.time);
        out.analyse = Some(true);
    }
}

fn tag(p: &mut Parts<'_>, out: &mut Outcome, span: ByteSpan, origin: ClaimOrigin) {
    let label = if origin == ClaimOrigin::Suggested { "Accept suggestion" } else { "Tag claim" };
    let span = crate::document::words::snap_to_words(p.session.project.text(), span);
    if span.is_empty() {
        return post(p.notices, p.time, "Select some text to tag as a claim", false);
    }
    let claim = p.session.new_claim(span, p.now, origin);
    let id = claim.id;
    edit_with_undo(p, out, Edit::AddClaim(Box::new(claim)), label, None);
    select_claim(p, Some(id), false);
    p.ui.side_tab = SideTab::Claims;
    p.view.set_selection(None);
    out.redraw = true;
}

fn correct(p: &mut Parts<'_>, out: &mut Outcome, span: ByteSpan, action: CorrectionAction, all: bool) {
    if let Some((edit, label)) = p.session.correction(span, action, all) {
        edit_with_undo(p, out, edit, label, None);
    }
}

/// Select a claim (closing the undo step of the field being typed into); with `scroll`, jump
/// the article to it and flash it.
fn select_claim(p: &mut Parts<'_>, id: Option<ClaimId>, scroll: bool) {
    p.session.history.seal();
    p.ui.selected_claim = id;
    if let (Some(id), true) = (id, scroll)
        && let Some(c) = p.session.project.claim(id)
    {
        p.view.scroll_to(c.span.start, Some(c.span), p.time);
    }
}

fn step_suggestion(p: &mut Parts<'_>, out: &mut Outcome) {
    out.redraw = true;
    if let Some(msg) = navigate::step_suggestion(&mut Nav { session: p.session, ui: p.ui, view: p.view, time: p.time })
    {
        post(p.notices, p.time, msg, false);
    }
}

fn accept_or_reject(p: &mut Parts<'_>, out: &mut Outcome, accept: bool) {
    let s = &*p.session;
    let Some(span) = p.ui.current_suggestion.filter(|c| s.suggestions.iter().any(|x| x.span == *c)) else {
        return post(p.notices, p.time, "Press N to go to a suggested claim first", false);
    };
    if accept {
        tag(p, out, span, ClaimOrigin::Suggested);
    } else {
        let text = s.project.text()[span].to_owned();
        edit_with_undo(p, out, Edit::RejectSuggestion(text), "Reject suggestion", None);
    }
    // The next suggestion becomes current (A and R can go on at once), and N goes to it
    // rather than past it.
    p.ui.current_suggestion = Some(span);
    step_suggestion(p, out);
    p.ui.suggestion_cursor = Some(span.start);
}
