//! What the panels are given each frame ([`Frame`], borrowed from the app) and the small
//! widget helpers every panel uses (accessible names, tabs).

use super::article_view::ReadingStyle;
use super::session::Session;
use super::state::{FindState, Modal, Notice, Prefs, Status, UiState};
use crate::document::ByteSpan;

/// What the panels show this frame, borrowed from the app.
pub struct Frame<'a> {
    /// Team work (coder dialog, conflicts, agreement, comparison).
    pub team: &'a super::team::TeamState,
    /// The open project.
    pub session: Option<&'a Session>,
    /// Preferences.
    pub prefs: &'a Prefs,
    /// What is selected and shown.
    pub ui: &'a UiState,
    /// The find bar.
    pub find: &'a FindState,
    /// Messages.
    pub notices: &'a [Notice],
    /// The open modal dialog.
    pub modal: Option<&'a Modal>,
    /// Work in progress.
    pub status: &'a Status,
    /// Web pages, the clipboard, the fact-check library.
    pub sources: &'a super::sources::Sources,
    /// The selection in the article.
    pub selection: Option<ByteSpan>,
    /// The clock.
    pub now: jiff::Timestamp,
    /// How the article is typeset.
    pub style: ReadingStyle,
    /// The open corpus.
    pub corpus: Option<&'a super::corpus::CorpusState>,
}

/// Give `r` a plain accessible name: a screen reader reads "Tag as claim", not the icon glyph
/// drawn before it ("heavy Greek cross Tag as claim").
pub fn plain_name(r: &egui::Response, name: &str) {
    r.ctx.accesskit_node_builder(r.id, |n| n.set_label(name));
}

/// A tab of a tab strip, as screen readers know tabs: its role and selected state.
pub fn tab_button(ui: &mut egui::Ui, selected: bool, text: &str) -> egui::Response {
    let r = ui.selectable_label(selected, text);
    r.widget_info(|| egui::WidgetInfo::selected(egui::accesskit::Role::Tab, true, selected, text));
    ui.ctx().accesskit_node_builder(r.id, |n| {
        n.clear_toggled();
        n.set_selected(selected);
    });
    r
}
