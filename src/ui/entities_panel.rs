//! The Entities tab: canonical entities (mentions grouped by what they refer to) with type and
//! mention count, sorted by count or name. Click to outline all mentions and step through
//! them; rename, merge, split and retype — every change an undoable edit saved in the project.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::command::Command;
use super::frame::Frame;
use super::session::Session;
use super::state::Drafts;
use super::theme;
use crate::nlp::EntityLabel;
use crate::nlp::canonical::{CanonicalEntity, display_form};
use crate::project::{CorrectionAction, CorrectionTarget, Edit, EntityCorrection, GroupCorrection};

fn edit(queue: &mut Vec<Command>, edit: Edit, label: &str) {
    queue.push(Command::Edit { edit, label: label.to_owned(), coalesce: None });
}

/// The distinct mention texts of a group (as written, without a leading "the").
fn mention_texts(text: &str, g: &CanonicalEntity) -> BTreeSet<String> {
    g.mentions.iter().map(|m| text[*m].to_owned()).collect()
}

/// Entity corrections setting (or removing) every mention text of `g`.
fn corrections_for_group(text: &str, g: &CanonicalEntity, action: CorrectionAction, first_index: usize) -> Edit {
    let edits: Vec<Edit> = mention_texts(text, g)
        .into_iter()
        .enumerate()
        .map(|(k, t)| Edit::InsertCorrection {
            index: first_index + k,
            correction: EntityCorrection::new(CorrectionTarget::AllMentions(t), action),
        })
        .collect();
    Edit::Batch(edits)
}

/// The Entities tab.
#[allow(clippy::too_many_lines)]
pub fn entities_panel_ui(ui: &mut Ui, f: &Frame<'_>, s: &Session, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    let ui_state = drafts;
    let palette = theme::palette(ui.visuals().dark_mode);
    let text = s.project.text();
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut ui_state.entities_filter).hint_text("Filter entities").desired_width(150.0),
        );
        ui.selectable_value(&mut ui_state.entities_by_name, false, "By count");
        ui.selectable_value(&mut ui_state.entities_by_name, true, "By name");
    });
    ui.label(
        RichText::new("Click an entity to outline its mentions (again: next mention). Right-click to rename, merge, split or retype.")
            .small()
            .weak(),
    );
    let rows = s.entity_list();
    if rows.is_empty() {
        ui.label(RichText::new("No entities.").weak());
        return;
    }
    let canonical = &s.derived.canonical;
    let n_corrections = s.project.entities.corrections.len();
    let n_group_corrections = s.project.entities.groups.len();
    let row_h = ui.spacing().interact_size.y + 2.0;
    egui::ScrollArea::vertical().id_salt("entities").auto_shrink(false).show_rows(
        ui,
        row_h,
        rows.len(),
        |ui, range| {
            for g in rows[range].iter().map(|&i| &canonical[i]) {
                let selected = f.ui.selected_entity.as_deref() == Some(g.name.as_str());
                ui.horizontal(|ui| {
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 3.0, palette.entity(g.label));
                    if let Some((old, buffer)) = &mut ui_state.renaming
                        && old == &g.name
                    {
                        let label = ui.label("New name:");
                        let r = ui.add(egui::TextEdit::singleline(buffer).desired_width(150.0)).labelled_by(label.id);
                        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
                        if !r.has_focus() && !r.lost_focus() {
                            r.request_focus();
                        }
                        if enter && !buffer.trim().is_empty() && buffer.trim() != g.name {
                            let correction =
                                GroupCorrection::Rename { entity: g.name.clone(), name: buffer.trim().to_owned() };
                            edit(
                                queue,
                                Edit::InsertGroupCorrection { index: n_group_corrections, correction },
                                "Rename entity",
                            );
                            if selected {
                                queue.push(Command::SelectEntity {
                                    name: Some(buffer.trim().to_owned()),
                                    scroll: false,
                                });
                            }
                        }
                        if enter || escape || r.lost_focus() {
                            ui_state.renaming = None;
                        }
                        return;
                    }
                    let r =
                        ui.selectable_label(selected, format!("{}  ·  {}", g.name, g.count())).on_hover_text(format!(
                            "{} ({}) — {}\nMentions: {}",
                            g.label.display_name(),
                            g.label.tag(),
                            g.label.description(),
                            mention_texts(text, g).into_iter().collect::<Vec<_>>().join(", ")
                        ));
                    if r.clicked() {
                        queue.push(Command::SelectEntity { name: Some(g.name.clone()), scroll: true });
                    }
                    r.context_menu(|ui| {
                        ui.label(RichText::new(format!("{} · {}", g.name, g.label.tag())).strong());
                        if ui.button("Rename…").clicked() {
                            ui_state.renaming = Some((g.name.clone(), g.name.clone()));
                            ui.close();
                        }
                        ui.menu_button("Merge into", |ui| {
                            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                                for (name, label) in
                                    canonical.iter().map(|c| (&c.name, c.label)).filter(|(n, _)| *n != &g.name)
                                {
                                    if ui.button(format!("{name} · {}", label.tag())).clicked() {
                                        let correction =
                                            GroupCorrection::Merge { entity: g.name.clone(), into: name.clone() };
                                        edit(
                                            queue,
                                            Edit::InsertGroupCorrection { index: n_group_corrections, correction },
                                            "Merge entities",
                                        );
                                        ui.close();
                                    }
                                }
                            });
                        });
                        let texts = mention_texts(text, g);
                        let distinct: BTreeSet<&str> = texts.iter().map(|t| display_form(t)).collect();
                        ui.add_enabled_ui(distinct.len() > 1, |ui| {
                            ui.menu_button("Split off", |ui| {
                                for t in &distinct {
                                    if ui.button(format!("“{t}”")).clicked() {
                                        let correction = GroupCorrection::Split { mention: (*t).to_owned() };
                                        edit(
                                            queue,
                                            Edit::InsertGroupCorrection { index: n_group_corrections, correction },
                                            "Split entity",
                                        );
                                        ui.close();
                                    }
                                }
                            })
                            .response
                            .on_disabled_hover_text("All mentions are written the same way")
                        });
                        ui.menu_button("Change type", |ui| {
                            for label in EntityLabel::ALL {
                                if ui.add_enabled(label != g.label, egui::Button::new(label.display_name())).clicked() {
                                    let e = corrections_for_group(
                                        text,
                                        g,
                                        CorrectionAction::SetLabel(label),
                                        n_corrections,
                                    );
                                    edit(queue, e, "Change entity type");
                                    ui.close();
                                }
                            }
                        });
                        if ui.button("Not an entity (remove all mentions)").clicked() {
                            edit(
                                queue,
                                corrections_for_group(text, g, CorrectionAction::Remove, n_corrections),
                                "Remove entity",
                            );
                            ui.close();
                        }
                    });
                    ui.label(RichText::new(g.label.tag()).small().weak());
                });
            }
        },
    );
}
