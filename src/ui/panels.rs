//! The panels around the article: menu bar and toolbar, legend, find bar, status bar, side
//! panel, modals. Each draws what it is given in a [`Frame`] and pushes [`Command`]s; none
//! changes the project or what is shown. Only [`Drafts`] — text typed into fields that means
//! nothing until it is submitted — is edited in place.

use egui::{Align, Color32, Layout, RichText, Ui};

use super::article_view::{ArticleView, ContextTarget, Highlights, ViewHooks};
use super::command::{Action, Command};
use super::frame::Frame;
use super::session::Session;
use super::state::{Drafts, Modal, PromptPurpose, SideTab};
use super::theme::{self, Palette};
use crate::document::ByteSpan;
use crate::nlp::canonical::CanonicalEntity;
use crate::nlp::quotes::SpeakerKind;
use crate::nlp::{Entity, EntityLabel};
use crate::project::ClaimKind;

/// Draw the whole window.
pub fn app_ui(
    ui: &mut Ui,
    f: &Frame<'_>,
    view: &mut ArticleView,
    highlights: &Highlights,
    drafts: &mut Drafts,
    queue: &mut Vec<Command>,
) {
    apply_contrast(ui.ctx());
    egui::Panel::top("menu_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| menu_bar_ui(ui, f, queue));
    });
    egui::Panel::top("toolbar").show(ui, |ui| toolbar_ui(ui, f, drafts, queue));
    egui::Panel::bottom("status_bar").show(ui, |ui| status_bar_ui(ui, f, queue));
    if let Some(c) = f.corpus {
        egui::Panel::left("corpus_panel")
            .resizable(true)
            .default_size(330.0)
            .size_range(220.0..=640.0)
            .show(ui, |ui| super::corpus_panel::corpus_panel_ui(ui, c, f.session, queue));
    }
    if f.session.is_some() {
        egui::Panel::right("side_panel")
            .resizable(true)
            .default_size(390.0)
            .size_range(260.0..=720.0)
            .show(ui, |ui| side_panel_ui(ui, f, drafts, queue));
    }
    egui::CentralPanel::default().show(ui, |ui| central_ui(ui, f, view, highlights, drafts, queue));
    super::sources_panel::library_window_ui(ui.ctx(), f, drafts, queue);
    super::team_panel::windows_ui(ui.ctx(), f, drafts, queue);
    modals_ui(ui.ctx(), f, drafts, queue);
    drop_overlay_ui(ui.ctx());
}

/// A menu entry for `action`, with its shortcut; pushes the command when clicked.
fn action_button(ui: &mut Ui, queue: &mut Vec<Command>, action: Action, enabled: bool) {
    let info = action.info();
    let mut button = egui::Button::new(info.label);
    if let Some(sc) = info.shortcuts.first() {
        button = button.shortcut_text(Action::shortcut_text(sc, ui.ctx().os() == egui::os::OperatingSystem::Mac));
    }
    if ui.add_enabled(enabled, button).on_hover_text(info.tooltip).clicked() {
        queue.push(Command::Action(action));
        ui.close();
    }
}

fn menu_bar_ui(ui: &mut Ui, f: &Frame<'_>, queue: &mut Vec<Command>) {
    let has = f.session.is_some();
    let (can_undo, can_redo) =
        f.session.map_or((false, false), |s| (s.history.undo_label().is_some(), s.history.redo_label().is_some()));
    let has_sel = f.selection.is_some();
    ui.menu_button("File", |ui| {
        action_button(ui, queue, Action::Open, true);
        action_button(ui, queue, Action::OpenPath, true);
        action_button(ui, queue, Action::OpenUrl, true);
        ui.menu_button("Open recent", |ui| {
            if f.prefs.recent.is_empty() {
                ui.label(RichText::new("No recent files").weak());
            }
            for path in &f.prefs.recent {
                let name =
                    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                    queue.push(Command::OpenPath(path.clone()));
                    ui.close();
                }
            }
            if !f.prefs.recent.is_empty() {
                ui.separator();
                if ui.button("Clear recent files").clicked() {
                    queue.push(Command::ClearRecent);
                    ui.close();
                }
            }
        });
        action_button(ui, queue, Action::OpenSample, true);
        ui.separator();
        action_button(ui, queue, Action::OpenCorpus, true);
        action_button(ui, queue, Action::AddDocuments, f.corpus.is_some());
        action_button(ui, queue, Action::NewCorpusFromArticle, has && f.corpus.is_none());
        action_button(ui, queue, Action::AddToCorpus, has && f.corpus.is_none());
        action_button(ui, queue, Action::NextDocument, f.corpus.is_some());
        action_button(ui, queue, Action::PreviousDocument, f.corpus.is_some());
        ui.separator();
        action_button(ui, queue, Action::Save, has);
        action_button(ui, queue, Action::SaveAs, has);
        ui.separator();
        ui.add_enabled_ui(has, |ui| {
            ui.menu_button("Export", |ui| {
                for f in crate::io::export::Format::all() {
                    let text =
                        format!("{} (.{})", f.label(), if f.is_multi_file() { "txt + .ann" } else { f.extension() });
                    if ui.button(text).clicked() {
                        queue.push(Command::AskPath(PromptPurpose::Export(*f)));
                        ui.close();
                    }
                }
            });
            if ui
                .button("Import annotations…")
                .on_hover_text("Add claims and entities from a W3C Web Annotation, brat or doccano file")
                .clicked()
            {
                queue.push(Command::AskPath(PromptPurpose::ImportAnnotations));
                ui.close();
            }
            if ui
                .button("Update article from file…")
                .on_hover_text("Load a new version of this article and re-anchor every claim and correction")
                .clicked()
            {
                queue.push(Command::AskPath(PromptPurpose::UpdateArticle));
                ui.close();
            }
        });
        let from_web = f.session.is_some_and(|s| crate::io::web::update_url(&s.project).is_some());
        action_button(ui, queue, Action::UpdateFromUrl, from_web);
        ui.separator();
        action_button(ui, queue, Action::Quit, true);
    });
    ui.menu_button("Edit", |ui| {
        action_button(ui, queue, Action::Undo, can_undo);
        action_button(ui, queue, Action::Redo, can_redo);
        ui.separator();
        action_button(ui, queue, Action::Copy, has_sel);
        action_button(ui, queue, Action::PasteArticle, true);
        action_button(ui, queue, Action::TagClaim, has_sel);
        action_button(ui, queue, Action::DeleteClaim, f.ui.selected_claim.is_some());
        ui.separator();
        action_button(ui, queue, Action::Find, has);
        action_button(ui, queue, Action::FindNext, has);
        action_button(ui, queue, Action::FindPrevious, has);
        ui.separator();
        let has_suggestions = f.session.is_some_and(|s| !s.suggestions.is_empty());
        let has_current = f.ui.current_suggestion.is_some();
        action_button(ui, queue, Action::NextSuggestion, has_suggestions);
        action_button(ui, queue, Action::AcceptSuggestion, has_current);
        action_button(ui, queue, Action::RejectSuggestion, has_current);
        ui.separator();
        action_button(ui, queue, Action::Reanalyse, has);
    });
    ui.menu_button("View", |ui| {
        action_button(ui, queue, Action::ZoomIn, true);
        action_button(ui, queue, Action::ZoomOut, true);
        action_button(ui, queue, Action::ZoomReset, true);
        ui.separator();
        action_button(ui, queue, Action::ToggleQuotes, has);
        action_button(ui, queue, Action::Overview, has);
        let versions = f.session.map_or(0, |s| s.project.article_versions.len());
        if ui
            .add_enabled(versions > 1, egui::Button::new("What changed in the article…"))
            .on_hover_text("The differences between the annotated version of the article and the current one")
            .on_disabled_hover_text("The article has not been updated since it was first annotated")
            .clicked()
        {
            queue.push(Command::ShowChanges(true));
            ui.close();
        }
        ui.separator();
        let mut pref = ui.ctx().options(|o| o.theme_preference);
        let before = pref;
        ui.label(RichText::new("Theme").weak());
        ui.radio_value(&mut pref, egui::ThemePreference::System, "Follow the system");
        ui.radio_value(&mut pref, egui::ThemePreference::Light, "Light");
        ui.radio_value(&mut pref, egui::ThemePreference::Dark, "Dark");
        if pref != before {
            ui.ctx().set_theme(pref);
        }
        ui.separator();
        let mut c = theme::contrast(ui.ctx());
        let was = c;
        ui.checkbox(&mut c.high, "High contrast").on_hover_text(
            "Black on white (white on black in the dark theme), stronger highlight colours, and a line under each \
             entity by type",
        );
        let mut lines = c.underlines_shown();
        let r = ui
            .add_enabled(!c.high, egui::Checkbox::new(&mut lines, "Underline entity types"))
            .on_hover_text(
                "A line style per entity type (solid, dashed, dotted, double, wavy, dash-dot), shown in the legend too",
            )
            .on_disabled_hover_text("Always on in high contrast");
        if r.changed() {
            c.underlines = lines;
        }
        if c != was {
            theme::set_contrast(ui.ctx(), c);
        }
    });
    ui.menu_button("Tools", |ui| {
        action_button(ui, queue, Action::FactCheckLibrary, true);
    });
    ui.menu_button("Team", |ui| super::team_panel::menu_ui(ui, f, queue));
    ui.menu_button("Help", |ui| {
        ui.label(RichText::new("Keyboard shortcuts").strong());
        egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
            for info in Action::ALL {
                if !info.shortcuts.is_empty() {
                    ui.label(info.label);
                    let is_mac = ui.ctx().os() == egui::os::OperatingSystem::Mac;
                    ui.label(
                        info.shortcuts.iter().map(|s| Action::shortcut_text(s, is_mac)).collect::<Vec<_>>().join(", "),
                    );
                    ui.end_row();
                }
            }
        });
        ui.separator();
        ui.label(format!("ClaimLens {}", env!("CARGO_PKG_VERSION")));
    });
}

fn toolbar_ui(ui: &mut Ui, f: &Frame<'_>, drafts: &mut Drafts, q: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let has = f.session.is_some();
        let sel = f.selection;
        let (undo, redo) = f.session.map_or((None, None), |s| {
            (s.history.undo_label().map(str::to_owned), s.history.redo_label().map(str::to_owned))
        });
        if ui.button("Open…").on_hover_text(Action::Open.info().tooltip).clicked() {
            q.push(Command::Action(Action::Open));
        }
        if ui.add_enabled(has, egui::Button::new("Save")).on_hover_text("Save the project (Ctrl+S)").clicked() {
            q.push(Command::Action(Action::Save));
        }
        ui.separator();
        let undo_tip = undo.as_deref().map_or_else(|| "Nothing to undo".to_owned(), |l| format!("Undo {l}"));
        let r = ui.add_enabled(undo.is_some(), egui::Button::new("⟲ Undo"));
        super::frame::plain_name(&r, "Undo");
        if r.on_hover_text(undo_tip).clicked() {
            q.push(Command::Action(Action::Undo));
        }
        let redo_tip = redo.as_deref().map_or_else(|| "Nothing to redo".to_owned(), |l| format!("Redo {l}"));
        let r = ui.add_enabled(redo.is_some(), egui::Button::new("⟳ Redo"));
        super::frame::plain_name(&r, "Redo");
        if r.on_hover_text(redo_tip).clicked() {
            q.push(Command::Action(Action::Redo));
        }
        ui.separator();
        let tag = ui.add_enabled(sel.is_some(), egui::Button::new("✚ Tag as claim"));
        super::frame::plain_name(&tag, "Tag as claim");
        let tag = tag
            .on_hover_text("Tag the selected text as a claim (Ctrl+T)")
            .on_disabled_hover_text("Select text in the article first");
        if tag.clicked()
            && let Some(sel) = sel
        {
            q.push(Command::TagClaim(sel));
        }
        ui.add_enabled_ui(sel.is_some(), |ui| {
            ui.menu_button("Mark entity", |ui| {
                ui.checkbox(&mut drafts.all_mentions, "All mentions of this text");
                ui.separator();
                for label in EntityLabel::ALL {
                    if ui.button(label.display_name()).on_hover_text(label.description()).clicked()
                        && let Some(span) = sel
                    {
                        q.push(Command::SetEntity { span, label, all: drafts.all_mentions });
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text("Mark the selected text as an entity")
        });
        ui.separator();
        if ui.add_enabled(has, egui::Button::new("Find")).on_hover_text("Find in the article (Ctrl+F)").clicked() {
            q.push(Command::Action(Action::Find));
        }
        // At the right edge, but as one left-to-right group: widgets are reached by Tab in the
        // order they are added, so adding them right to left reversed the Tab order.
        let percent = format!("{:.0}%", f.prefs.text_scale * 100.0);
        let width = {
            let text_w = |t: &str, style: egui::TextStyle| {
                let font = style.resolve(ui.style());
                ui.fonts_mut(|f| f.layout_no_wrap(t.to_owned(), font, Color32::PLACEHOLDER).size().x)
            };
            let sp = ui.spacing();
            let (pad, gap) = (sp.button_padding.x * 2.0, sp.item_spacing.x);
            text_w("A-", egui::TextStyle::Button)
                + text_w("A+", egui::TextStyle::Button)
                + 2.0 * pad
                + text_w(&percent, egui::TextStyle::Body)
                + 2.0 * gap
                + 1.0
        };
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let size = egui::vec2(width, ui.available_height());
            ui.allocate_ui_with_layout(size, Layout::left_to_right(Align::Center), |ui| {
                let smaller = ui.button("A-");
                super::frame::plain_name(&smaller, "Smaller text");
                if smaller.on_hover_text("Smaller text (Ctrl+-)").clicked() {
                    q.push(Command::Action(Action::ZoomOut));
                }
                ui.label(percent);
                let larger = ui.button("A+");
                super::frame::plain_name(&larger, "Larger text");
                if larger.on_hover_text("Larger text (Ctrl+=)").clicked() {
                    q.push(Command::Action(Action::ZoomIn));
                }
            });
        });
    });
}

fn status_bar_ui(ui: &mut Ui, f: &Frame<'_>, queue: &mut Vec<Command>) {
    let now = ui.input(|i| i.time);
    ui.horizontal(|ui| {
        match f.session {
            Some(s) => {
                let src = &s.project.source;
                let guessed = if s.encoding_guessed { " (guessed)" } else { "" };
                ui.label(format!("{} · {}{} · {} words", s.display_name(), src.encoding, guessed, s.derived.words))
                    .on_hover_text(src.path.clone().unwrap_or_default());
                ui.separator();
                if f.status.analysis.ends_with('…') {
                    super::frame::plain_name(&ui.spinner(), "Analysing…");
                }
                ui.label(&f.status.analysis);
                ui.separator();
                let n = s.project.claims.len();
                ui.label(super::words::count(n, "claim", "claims"));
                if let Some(sel) = f.selection {
                    ui.separator();
                    let words = s.project.text()[sel].split_whitespace().count();
                    ui.label(format!("{words} words selected — Ctrl+T tags a claim"));
                }
            }
            None => {
                ui.label("No article open — File > Open, or drop a file here");
            }
        }
        // Files being read or written in the background, with their progress.
        for job in f.status.jobs.iter().filter(|j| !j.label.starts_with("Finding ")) {
            ui.separator();
            match job.progress {
                Some(p) => drop(ui.add(egui::ProgressBar::new(p).desired_width(90.0).show_percentage())),
                None => super::frame::plain_name(&ui.spinner(), &job.label),
            }
            ui.label(&job.label);
            if job.cancellable
                && ui.small_button("Cancel").on_hover_text("Stop this and keep things as they were").clicked()
            {
                queue.push(Command::CancelJob(job.id));
            }
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            super::team_panel::status_ui(ui, f, queue);
            if let Some(n) = f.notices.iter().rev().find(|n| !n.error && now - n.time < 6.0) {
                // In what room is left: cut short (the whole text on hover), never over the rest.
                ui.add(egui::Label::new(RichText::new(&n.text).weak()).truncate());
                ui.ctx().request_repaint_after(std::time::Duration::from_millis(500));
            }
        });
    });
}

fn side_panel_ui(ui: &mut Ui, f: &Frame<'_>, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    let Some(s) = f.session else { return };
    ui.horizontal(|ui| {
        let mut tab = |ui: &mut Ui, which: SideTab, text: String, tip: &str| {
            let selected = f.ui.side_tab == which;
            let r = super::frame::tab_button(ui, selected, &text);
            let r = if tip.is_empty() { r } else { r.on_hover_text(tip) };
            if r.clicked() {
                queue.push(Command::SetSideTab(which));
            }
        };
        tab(ui, SideTab::Claims, format!("Claims ({})", s.project.claims.len()), "");
        tab(ui, SideTab::Entities, format!("Entities ({})", s.derived.canonical.len()), "");
        let codes = format!("Codes ({})", s.project.codebook.codes.len());
        tab(ui, SideTab::Codes, codes, "The codebook: a shared tree of claim tags with colours and shortcuts 1–9");
        let tip = "Claims by status, verdict, type, claimant and tag; entity mentions (Ctrl+Shift+D)";
        tab(ui, SideTab::Overview, "Overview".to_owned(), tip);
    });
    ui.separator();
    match f.ui.side_tab {
        SideTab::Claims => super::claims_panel::claims_panel_ui(ui, f, s, drafts, queue),
        SideTab::Entities => super::entities_panel::entities_panel_ui(ui, f, s, drafts, queue),
        SideTab::Overview => super::overview_panel::overview_panel_ui(ui, f, s, queue),
        SideTab::Codes => super::codebook_panel::codebook_panel_ui(ui, f, s, drafts, queue),
    }
}

fn legend_ui(ui: &mut Ui, f: &Frame<'_>, s: &Session, queue: &mut Vec<Command>) {
    let palette = theme::palette_of(ui);
    let contrast = theme::contrast(ui.ctx());
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        let total: usize = s.derived.label_counts.values().sum();
        ui.label(RichText::new(format!("Entities ({total})")).small().strong())
            .on_hover_text("Click a type to show or hide its highlights");
        for label in EntityLabel::ALL {
            let count = s.derived.label_counts.get(&label).copied().unwrap_or(0);
            if count == 0 {
                continue;
            }
            let hidden = s.view.hidden.contains(&label);
            let color = if hidden { Palette::with_alpha(palette.entity(label), 0.25) } else { palette.entity(label) };
            let text = RichText::new(format!("{} {count}", label.display_name())).small();
            // On its fill, the text keeps the body text's colour (4.5:1 or more in high contrast).
            let text = if contrast.high { text.color(palette.body_text) } else { text };
            let text = if hidden { text.strikethrough().weak() } else { text };
            let line = theme::underline(label);
            let r =
                ui.add(egui::Button::new(text).fill(color).corner_radius(8.0).selected(false)).on_hover_text(format!(
                    "{} ({}): {}\n{count} mentions, underlined {}. Click to {} these highlights.",
                    label.display_name(),
                    label.tag(),
                    label.description(),
                    underline_name(line),
                    if hidden { "show" } else { "hide" }
                ));
            if contrast.underlines_shown() && !hidden {
                let chip = r.rect.shrink2(egui::vec2(7.0, 1.0));
                theme::paint_underline(ui.painter(), chip, line, palette.body_text);
            }
            toggle_state(&r, !hidden, &format!("{} {count}", label.display_name()));
            if r.clicked() {
                queue.push(Command::ToggleLabel(label));
            }
        }
        if s.derived.label_counts.is_empty() && !f.status.analysis.ends_with('…') {
            ui.label(RichText::new("No entities found").small().weak());
        }
        let Some(analysis) = s.analysis.as_deref() else { return };
        ui.separator();
        // The quotation layer.
        let shown = s.view.show_quotes;
        let n = analysis.quotations.iter().filter(|q| q.direct).count();
        let text = RichText::new(format!("Quotations {n}")).small().color(palette.quote);
        let text = if shown { text } else { text.strikethrough().weak() };
        let tip = format!(
            "{n} quotations. Click to {} them (Ctrl+Shift+Q); hover one to see who said it.",
            if shown { "hide" } else { "show" }
        );
        let r = ui.add(egui::Button::new(text).corner_radius(8.0));
        toggle_state(&r, shown, &format!("Quotations {n}"));
        if r.on_hover_text(tip).clicked() {
            queue.push(Command::Action(Action::ToggleQuotes));
        }
        // Suggested claims: toggle and threshold.
        let hidden = f.prefs.hide_suggestions;
        let n = s.suggestions.len();
        let text = RichText::new(format!("Suggestions {n}")).small().color(palette.suggestion);
        let text = if hidden { text.strikethrough().weak() } else { text };
        let r = ui.add(egui::Button::new(text).corner_radius(8.0));
        toggle_state(&r, !hidden, &format!("Suggestions {n}"));
        if r.on_hover_text(format!(
            "Sentences the check-worthiness model suggests as claims (a bar in the right margin).\n\
                 N: next · A: accept as a claim · R: reject. Click to {} the markers.",
            if hidden { "show" } else { "hide" }
        ))
        .clicked()
        {
            queue.push(Command::ToggleSuggestions);
        }
        // The slider and its number field, each with its own name for screen readers.
        let mut t = s.view.suggestion_threshold;
        ui.spacing_mut().slider_width = 90.0;
        let tip = "Show sentences scoring at least this much (0–1); lower shows more";
        let slider = ui.add_enabled(!hidden, egui::Slider::new(&mut t, 0.0..=1.0).step_by(0.05).show_value(false));
        super::frame::plain_name(&slider, "Suggestion threshold");
        let value =
            ui.add_enabled(!hidden, egui::DragValue::new(&mut t).range(0.0..=1.0).speed(0.01).fixed_decimals(2));
        super::frame::plain_name(&value, "Suggestion threshold value");
        if slider.on_hover_text(tip).changed() | value.on_hover_text(tip).changed() {
            queue.push(Command::SetSuggestionThreshold(t));
        }
    });
}

fn find_bar_ui(ui: &mut Ui, f: &Frame<'_>, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    let find = f.find;
    ui.horizontal(|ui| {
        let label = ui.label("Find:");
        let mut query = find.query.clone();
        let edit = egui::TextEdit::singleline(&mut query)
            .id(egui::Id::unique("find-query"))
            .hint_text("text in the article")
            .desired_width(240.0);
        let r = ui.add(edit).labelled_by(label.id);
        if std::mem::take(&mut drafts.focus_find) {
            r.request_focus();
        }
        let mut case_sensitive = find.case_sensitive;
        let case = ui.checkbox(&mut case_sensitive, "Match case");
        if r.changed() || case.changed() {
            queue.push(Command::SetFind { query, case_sensitive });
        }
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let back = ui.input(|i| i.modifiers.shift);
            queue.push(Command::Action(if back { Action::FindPrevious } else { Action::FindNext }));
            r.request_focus();
        }
        let n = find.matches.len();
        let status = match (n, find.current) {
            (0, _) if find.query.is_empty() => String::new(),
            (0, _) => "No matches".to_owned(),
            (n, Some(c)) => format!("{} of {n}", c + 1),
            (n, None) => format!("{n} matches"),
        };
        let prev = ui.add_enabled(n > 0, egui::Button::new("⬆"));
        super::frame::plain_name(&prev, "Previous match");
        if prev.on_hover_text("Previous match (Shift+F3)").clicked() {
            queue.push(Command::Action(Action::FindPrevious));
        }
        let next = ui.add_enabled(n > 0, egui::Button::new("⬇"));
        super::frame::plain_name(&next, "Next match");
        if next.on_hover_text("Next match (F3)").clicked() {
            queue.push(Command::Action(Action::FindNext));
        }
        ui.label(status);
        let close = ui.button("×");
        super::frame::plain_name(&close, "Close find bar");
        if close.on_hover_text("Close (Esc)").clicked() {
            queue.push(Command::Action(Action::Escape));
        }
    });
}

fn central_ui(
    ui: &mut Ui,
    f: &Frame<'_>,
    view: &mut ArticleView,
    highlights: &Highlights,
    drafts: &mut Drafts,
    queue: &mut Vec<Command>,
) {
    // Errors stay until dismissed.
    for (i, n) in f.notices.iter().enumerate().filter(|(_, n)| n.error) {
        egui::Frame::new()
            .fill(ui.visuals().error_fg_color.gamma_multiply(0.18))
            .inner_margin(6.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new("⚠").color(ui.visuals().error_fg_color));
                    ui.label(&n.text);
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        if ui.small_button("Dismiss").clicked() {
                            queue.push(Command::DismissNotice(i));
                        }
                    });
                });
            });
    }
    let Some(session) = f.session else {
        ui.centered_and_justified(|ui| {
            ui.label(RichText::new("Open an article (Ctrl+O) or drop a file here").heading().weak());
        });
        return;
    };
    if f.find.open {
        find_bar_ui(ui, f, drafts, queue);
        ui.separator();
    }
    if f.ui.source_changed {
        source_changed_banner(ui, session, queue);
    }
    super::team_panel::banner_ui(ui, session, queue);
    missing_fonts_banner(ui, session, queue);
    if f.ui.show_changes {
        changes_window(ui.ctx(), session, queue);
    }
    legend_ui(ui, f, session, queue);
    ui.add_space(2.0);
    let mut hooks = Hooks { session, queue, all_mentions: &mut drafts.all_mentions, sources: f.sources };
    let out = view.ui(ui, &session.project.document, highlights, &f.style, &mut hooks);
    let queue = hooks.queue;
    if let Some(e) = out.clicked_entity {
        let name = session
            .derived
            .group_of(e.span)
            .map_or_else(|| session.project.text()[e.span].to_owned(), |g| g.name.clone());
        let same = f.ui.selected_entity.as_deref() == Some(name.as_str());
        queue.push(Command::SelectEntity { name: (!same).then_some(name), scroll: false });
    }
    if let Some(id) = out.clicked_claims.first() {
        queue.push(Command::SelectClaim { id: Some(*id), scroll: false });
        queue.push(Command::SetSideTab(SideTab::Claims));
    }
    if let Some(span) = out.clicked_suggestion {
        queue.push(Command::SelectSuggestion(Some(span)));
    }
    if out.clicked_empty && f.ui.selected_entity.is_some() {
        queue.push(Command::SelectEntity { name: None, scroll: false });
    }
}

/// The article uses a script no installed font has: say so, and what to install, instead of
/// leaving the reader with boxes.
fn missing_fonts_banner(ui: &mut Ui, s: &Session, queue: &mut Vec<Command>) {
    let Some(missing) = s.scripts_without_fonts.as_ref().filter(|m| !m.is_empty()) else { return };
    let names: Vec<&str> = missing.iter().map(|m| m.name()).collect();
    let mut packages: Vec<&str> = missing.iter().map(|m| m.debian_font_package()).collect();
    packages.dedup();
    egui::Frame::new().fill(ui.visuals().warn_fg_color.gamma_multiply(0.15)).inner_margin(6.0).corner_radius(4.0).show(
        ui,
        |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "No installed font can show the {} in this article: they appear as boxes. Install fonts for \
                     them (Debian, Ubuntu: sudo apt install {}), then restart ClaimLens.",
                    names.join(" and "),
                    packages.join(" ")
                ));
                if ui.button("Dismiss").clicked() {
                    queue.push(Command::DismissFontNotice);
                }
            });
        },
    );
}

/// The article's file on disk is not the version annotated: offer to update.
fn source_changed_banner(ui: &mut Ui, s: &Session, queue: &mut Vec<Command>) {
    let name = (s.project.source.path.clone())
        .map(|p| std::path::Path::new(&p).file_name().map_or(p.clone(), |n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    egui::Frame::new().fill(ui.visuals().warn_fg_color.gamma_multiply(0.15)).inner_margin(6.0).corner_radius(4.0).show(
        ui,
        |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("The article file “{name}” has changed since this project was annotated."));
                if ui.button("Update article from file…").clicked() {
                    queue.push(Command::AskPath(PromptPurpose::UpdateArticle));
                }
                if ui.button("Not now").clicked() {
                    queue.push(Command::DismissSourceChanged);
                }
            });
        },
    );
}

/// What changed between the previous version of the article and the current one: each change
/// with the old and new wording; clicking one shows it in the article.
fn changes_window(ctx: &egui::Context, s: &Session, queue: &mut Vec<Command>) {
    let mut open = true;
    let versions = &s.project.article_versions;
    let text = s.project.text();
    let clip = |t: &str| -> String {
        let one: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if one.chars().count() > 140 { one.chars().take(139).chain(std::iter::once('…')).collect() } else { one }
    };
    egui::Window::new("What changed").open(&mut open).default_width(420.0).default_height(420.0).show(ctx, |ui| {
        for (i, v) in versions.iter().enumerate().rev() {
            let when = v.imported.map_or_else(String::new, |t| t.strftime("%Y-%m-%d %H:%M").to_string());
            ui.label(
                RichText::new(format!(
                    "Version {} · {when} · {}",
                    i + 1,
                    v.source_path.as_deref().unwrap_or("(no file)")
                ))
                .strong(),
            );
            if !v.change.is_empty() {
                ui.label(RichText::new(&v.change).small());
            }
            if i + 1 == versions.len() && !v.changes.is_empty() {
                ui.label(RichText::new("Changes (tinted in the article; click to go there):").small().weak());
                egui::ScrollArea::vertical().id_salt("changes").max_height(320.0).show(ui, |ui| {
                    for c in &v.changes {
                        let new = text.get(c.new.range()).unwrap_or_default();
                        let line = match (c.removed.is_empty(), new.is_empty()) {
                            (true, _) => format!("+ inserted “{}”", clip(new)),
                            (false, true) => format!("− deleted “{}”", clip(&c.removed)),
                            (false, false) => format!("~ “{}” → “{}”", clip(&c.removed), clip(new)),
                        };
                        if ui.add(egui::Label::new(line).sense(egui::Sense::click())).clicked() {
                            queue.push(Command::ShowSpan(c.new));
                        }
                    }
                });
            }
            ui.separator();
        }
    });
    if !open {
        queue.push(Command::ShowChanges(false));
    }
}

struct Hooks<'a> {
    session: &'a Session,
    sources: &'a super::sources::Sources,
    queue: &'a mut Vec<Command>,
    all_mentions: &'a mut bool,
}

impl ViewHooks for Hooks<'_> {
    fn entity_tooltip(&mut self, ui: &mut Ui, entity: &Entity) {
        let text = &self.session.project.text()[entity.span];
        let group = self.session.derived.group_of(entity.span);
        let n = group.map_or_else(
            || self.session.derived.entities.iter().filter(|e| &self.session.project.text()[e.span] == text).count(),
            CanonicalEntity::count,
        );
        ui.label(RichText::new(text).strong());
        if let Some(g) = group.filter(|g| g.name != crate::nlp::canonical::display_form(text)) {
            ui.label(format!("= {}", g.name));
        }
        ui.label(format!("{} ({})", entity.label.display_name(), entity.label.tag()));
        ui.label(RichText::new(entity.label.description()).small().weak());
        ui.label(format!("Mentioned {} in this article", super::words::count(n, "time", "times")));
        ui.label(RichText::new("Click to outline all mentions · right-click to correct").small().weak());
    }

    fn quote_tooltip(&mut self, ui: &mut Ui, at: usize) {
        let Some(a) = self.session.analysis.as_deref() else { return };
        // The innermost quotation around `at`.
        let Some(q) = a.quotations.iter().filter(|q| q.parts.iter().any(|p| p.contains(at))).max_by_key(|q| q.depth)
        else {
            return;
        };
        ui.label(RichText::new(if q.direct { "Quotation" } else { "Reported speech" }).strong());
        match &q.speaker {
            Some(sp) => {
                let who = sp
                    .entity
                    .and_then(|m| self.session.derived.group_of(m))
                    .map_or_else(|| sp.text.clone(), |g| g.name.clone());
                let how = match sp.kind {
                    SpeakerKind::Named => "",
                    SpeakerKind::Descriptive => " (unnamed source)",
                    SpeakerKind::Pronoun => " (from a pronoun)",
                };
                ui.label(format!("Speaker: {who}{how}"));
            }
            None => {
                ui.label(RichText::new("Speaker not stated nearby").weak());
            }
        }
    }

    fn suggestion_tooltip(&mut self, ui: &mut Ui, span: ByteSpan) {
        let Some(sg) = self.session.suggestions.iter().find(|x| x.span == span) else { return };
        ui.label(RichText::new("Suggested claim").strong());
        ui.label(format!("Check-worthiness {:.2} · looks {}", sg.score, ClaimKind::from(sg.kind).name()));
        if let Some(m) = self.sources.checked_before_at(span) {
            let who = if m.checked_here.is_some() { "this desk" } else { m.publisher.as_str() };
            let rating = if m.rating.text.is_empty() { "no rating" } else { m.rating.text.as_str() };
            ui.label(RichText::new(format!("Checked before by {who}: {rating}")).strong());
            ui.label(RichText::new(super::words::short(&m.url, 60)).small());
        }
        ui.label(
            RichText::new("Click to make it current, then A accepts it as a claim, R rejects it, N goes on")
                .small()
                .weak(),
        );
    }

    fn context_menu(&mut self, ui: &mut Ui, target: &ContextTarget) {
        let text = self.session.project.text();
        if let Some(sel) = target.selection {
            let preview: String = text[sel].chars().take(40).collect();
            ui.label(
                RichText::new(format!("“{preview}{}”", if text[sel].len() > preview.len() { "…" } else { "" })).weak(),
            );
            if ui.button("Tag as claim").clicked() {
                self.queue.push(Command::TagClaim(sel));
                ui.close();
            }
            if ui.button("Copy").clicked() {
                ui.ctx().copy_text(text[sel].to_owned());
                ui.close();
            }
            ui.menu_button("Mark as entity", |ui| {
                ui.checkbox(self.all_mentions, "All mentions of this text");
                ui.separator();
                for label in EntityLabel::ALL {
                    if ui.button(label.display_name()).on_hover_text(label.description()).clicked() {
                        self.queue.push(Command::SetEntity { span: sel, label, all: *self.all_mentions });
                        ui.close();
                    }
                }
            });
            ui.separator();
        }
        if let Some(e) = target.entity {
            ui.label(RichText::new(format!("“{}” · {}", &text[e.span], e.label.tag())).strong());
            ui.checkbox(self.all_mentions, "Apply to all mentions of this text");
            ui.menu_button("Change type", |ui| {
                for label in EntityLabel::ALL {
                    if ui.add_enabled(label != e.label, egui::Button::new(label.display_name())).clicked() {
                        self.queue.push(Command::SetEntity { span: e.span, label, all: *self.all_mentions });
                        ui.close();
                    }
                }
            });
            if ui.button("Remove entity").clicked() {
                self.queue.push(Command::RemoveEntity { entity: e, all: *self.all_mentions });
                ui.close();
            }
            if ui.button("Select all mentions").clicked() {
                let name =
                    self.session.derived.group_of(e.span).map_or_else(|| text[e.span].to_owned(), |g| g.name.clone());
                self.queue.push(Command::SelectEntity { name: Some(name), scroll: false });
                ui.close();
            }
            ui.separator();
        }
        for id in &target.claims {
            if ui.button(format!("Open claim {id:#}")).clicked() {
                self.queue.push(Command::SelectClaim { id: Some(*id), scroll: false });
                ui.close();
            }
        }
        if target.selection.is_none() && target.entity.is_none() && target.claims.is_empty() {
            ui.label(RichText::new("Select text to tag a claim or mark an entity").weak());
        }
    }
}

fn modals_ui(ctx: &egui::Context, f: &Frame<'_>, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    let Some(modal) = f.modal else { return };
    match modal {
        Modal::Unsaved(pending) => {
            let name = f.session.map_or_else(String::new, Session::display_name);
            egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
                ui.set_max_width(420.0);
                ui.heading("Save changes?");
                ui.label(format!("“{name}” has changes that are not saved. They will be lost if you don't save them."));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    for (text, answer) in [("Save", Some(true)), ("Don't save", Some(false)), ("Cancel", None)] {
                        if ui.button(text).clicked() {
                            queue.push(Command::AnswerUnsaved(pending.clone(), answer));
                        }
                    }
                });
            });
        }
        Modal::Path { purpose, error } => {
            let purpose = *purpose;
            egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
                ui.set_min_width(480.0);
                ui.heading(purpose.title());
                let label = ui.label(if purpose == PromptPurpose::OpenUrl { "Address:" } else { "Path:" });
                let r = ui
                    .add(egui::TextEdit::singleline(&mut drafts.path).desired_width(f32::INFINITY))
                    .labelled_by(label.id);
                if !r.has_focus() && !r.lost_focus() {
                    r.request_focus();
                }
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if let Some(e) = error {
                    ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                }
                ui.label(RichText::new(purpose.hint()).small().weak());
                ui.horizontal(|ui| {
                    if ui.button(purpose.verb()).clicked() || enter {
                        queue.push(Command::SubmitPath(purpose, drafts.path.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        queue.push(Command::CloseModal);
                    }
                });
            });
        }
        Modal::Recovery(entries) => {
            egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
                ui.set_max_width(520.0);
                ui.heading("Restore unsaved work?");
                ui.label("ClaimLens did not close properly last time. These unsaved changes were kept:");
                ui.add_space(6.0);
                for (e, name) in entries {
                    ui.horizontal(|ui| {
                        let when = e
                            .modified
                            .and_then(|m| jiff::Timestamp::try_from(m).ok())
                            .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
                            .unwrap_or_default();
                        ui.label(format!("{name}  {when}"));
                        if ui.button("Restore").clicked() {
                            queue.push(Command::RestoreRecovery(e.file.clone()));
                        }
                        if ui.button("Discard").clicked() {
                            queue.push(Command::DiscardRecovery(e.file.clone()));
                        }
                    });
                }
                ui.add_space(6.0);
                if ui.button("Decide later").clicked() {
                    queue.push(Command::CloseModal);
                }
            });
        }
    }
}

fn drop_overlay_ui(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("drop")));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop to open",
        egui::FontId::proportional(28.0),
        Color32::WHITE,
    );
}

/// A legend button that shows or hides a layer: a toggle button whose pressed state says
/// whether the layer is shown.
fn toggle_state(r: &egui::Response, shown: bool, name: &str) {
    r.widget_info(|| egui::WidgetInfo::selected(egui::accesskit::Role::Button, true, shown, name));
    r.ctx.accesskit_node_builder(r.id, |n| n.set_toggled(egui::accesskit::Toggled::from(shown)));
}

/// How the legend and tooltips name an entity type's line.
fn underline_name(u: theme::Underline) -> &'static str {
    match u {
        theme::Underline::Solid => "solid",
        theme::Underline::Dashed => "dashed",
        theme::Underline::Dotted => "dotted",
        theme::Underline::Double => "double",
        theme::Underline::Wavy => "wavy",
        theme::Underline::DashDot => "dash-dot",
    }
}

/// Give egui's light and dark styles the colours of the chosen contrast (egui's own visuals,
/// or high contrast's black and white). Compares first, so it sets nothing on most frames.
fn apply_contrast(ctx: &egui::Context) {
    let high = theme::contrast(ctx).high;
    for (t, dark) in [(egui::Theme::Light, false), (egui::Theme::Dark, true)] {
        let want = theme::visuals(dark, high);
        if ctx.style_of(t).visuals != want {
            ctx.set_visuals_of(t, want);
            ctx.request_repaint();
        }
    }
}
