//! Drawing for [`super::sources`]: the "Seen before" part of a claim card and the
//! Tools ▸ Fact-check library… window. Both draw what they are given and push commands.

use egui::{RichText, Ui};

use super::command::Command;
use super::frame::Frame;
use super::sources::SourcesCommand;
use super::state::Drafts;
use super::words::short;
use crate::factcheck::Match;
use crate::project::{Claim, Project};

/// One line for a match: rating, publisher, date.
fn match_line_ui(ui: &mut Ui, m: &Match) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        let rating = if m.rating.text.is_empty() { "no rating" } else { m.rating.text.as_str() };
        ui.label(RichText::new(rating).strong().color(super::theme::rating_color(m.rating.value, dark)));
        let who = match &m.checked_here {
            Some(_) => "checked here".to_owned(),
            None if m.publisher.is_empty() => "unknown publisher".to_owned(),
            None => m.publisher.clone(),
        };
        ui.label(RichText::new(who).small());
        if let Some(d) = &m.date {
            ui.label(RichText::new(d).small().weak());
        }
        ui.label(RichText::new(format!("score {:.2}", m.score)).small().weak());
    });
}

/// "Seen before": the best matches of `claim` in the fact-check library, each with its
/// rating (coloured), publisher, date, score and link; "Cite" adds the link to the claim's
/// evidence, "Not the same claim" dismisses it (both undoable edits).
pub fn seen_before_ui(ui: &mut Ui, f: &Frame<'_>, project: &Project, claim: &Claim, queue: &mut Vec<Command>) {
    let lib = &f.sources.library;
    if lib.items.is_none() {
        return;
    }
    ui.separator();
    ui.label(RichText::new("Seen before").strong());
    let Some(matches) = f.sources.claim_matches.get(&claim.id) else {
        ui.label(RichText::new("Looking in the fact-check library…").small().weak());
        return;
    };
    let shown: Vec<&Match> = matches.iter().filter(|m| !project.is_dismissed_match(claim.id, &m.url)).collect();
    if shown.is_empty() {
        ui.label(RichText::new("No published fact-check matches this claim.").small().weak());
        return;
    }
    for m in shown {
        ui.group(|ui| {
            ui.set_width(ui.available_width());
            match_line_ui(ui, m);
            let text = if m.claim.is_empty() { &m.title } else { &m.claim };
            ui.label(RichText::new(short(text, 160)).small());
            ui.horizontal_wrapped(|ui| {
                ui.hyperlink_to(short(&m.url, 48), &m.url).on_hover_text(&m.url);
                let cited = claim.evidence.iter().any(|e| e == &m.url);
                let cite = ui
                    .add_enabled(!cited, egui::Button::new("Cite").small())
                    .on_hover_text("Add this fact-check's link to the claim's evidence")
                    .on_disabled_hover_text("Already in the claim's evidence");
                if cite.clicked()
                    && let Some(edit) = crate::factcheck::project::cite_match(project, claim.id, &m.url, f.now)
                {
                    queue.push(Command::Edit { edit, label: "Cite fact-check".into(), coalesce: None });
                }
                if ui
                    .add(egui::Button::new("Not the same claim").small())
                    .on_hover_text("Hide this fact-check for this claim (remembered in the project)")
                    .clicked()
                {
                    let edit = crate::project::Edit::DismissMatch { claim: claim.id, url: m.url.clone() };
                    queue.push(Command::Edit { edit, label: "Dismiss fact-check".into(), coalesce: None });
                }
            });
        });
    }
}

/// The Tools ▸ Fact-check library… window: the library folder (with its size), feeds to
/// import, what the last import did.
pub fn library_window_ui(ctx: &egui::Context, f: &Frame<'_>, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    if !f.sources.dialog_open {
        return;
    }
    let lib = &f.sources.library;
    let mut open = true;
    egui::Window::new("Fact-check library").open(&mut open).collapsible(false).default_width(520.0).show(ctx, |ui| {
        ui.label(
            "Published fact-checks (schema.org ClaimReview) that claims are matched against, offline. \
             Your own verdicts join it as “checked here” when a project is saved.",
        );
        ui.add_space(6.0);
        match (&lib.items, &lib.error) {
            (Some(n), _) => ui.label(format!(
                "{n} fact-checks in {}",
                lib.dir.as_ref().map(|d| d.display().to_string()).unwrap_or_default()
            )),
            (None, Some(e)) => ui.label(RichText::new(e).color(ui.visuals().error_fg_color)),
            (None, None) => ui.label(RichText::new("No library yet: choose a folder, then import a feed.").weak()),
        };
        ui.add_space(6.0);
        egui::Grid::new("library_fields").num_columns(3).spacing([8.0, 6.0]).show(ui, |ui| {
            let label = ui.label("Library folder");
            // min_size: a grid cell offers little width on the window's first frames, and
            // desired_width alone left the field a few letters wide.
            ui.add(
                egui::TextEdit::singleline(&mut drafts.sources.library_dir)
                    .desired_width(320.0)
                    .min_size(egui::vec2(320.0, 0.0)),
            )
            .labelled_by(label.id);
            if ui
                .button("Use folder")
                .on_hover_text("Use the library in this folder (an empty folder becomes a new library)")
                .clicked()
                && !drafts.sources.library_dir.trim().is_empty()
            {
                let dir = super::files::expand_home(drafts.sources.library_dir.trim());
                queue.push(Command::Sources(SourcesCommand::SetLibrary(dir)));
            }
            ui.end_row();
            let label = ui.label("Feed file");
            ui.add(
                egui::TextEdit::singleline(&mut drafts.sources.feed)
                    .hint_text("ClaimReview JSON, JSON Lines, DataFeed or a saved page")
                    .desired_width(320.0)
                    .min_size(egui::vec2(320.0, 0.0)),
            )
            .labelled_by(label.id);
            if ui.button("Import feed").on_hover_text("Add the feed's fact-checks to the library").clicked()
                && !drafts.sources.feed.trim().is_empty()
                && !drafts.sources.library_dir.trim().is_empty()
            {
                let feed = super::files::expand_home(drafts.sources.feed.trim());
                let dir = super::files::expand_home(drafts.sources.library_dir.trim());
                queue.push(Command::Sources(SourcesCommand::ImportFeed { dir, feed }));
            }
            ui.end_row();
        });
        if let Some(t) = &lib.last_import {
            ui.label(RichText::new(t).small());
        }
        ui.add_space(6.0);
        if ui.button("Close").clicked() {
            queue.push(Command::Sources(SourcesCommand::CloseLibraryDialog));
        }
    });
    if !open {
        queue.push(Command::Sources(SourcesCommand::CloseLibraryDialog));
    }
}
