//! The Entities tab: canonical entities (mentions grouped by what they refer to) with type and
//! mention count, sorted by count or name. Click to outline all mentions and step through
//! them; rename, merge, split and retype — every change an undoable edit saved in the project.
//! In a corpus, the change just made is offered for every document ("Apply to all
//! documents", applied by [`crate::ui::corpus`]).

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::command::Command;
use super::corpus::{CorpusCommand, Correction, Offer};
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

/// In a corpus, offer to make `correction` (just made in the document shown) in every document.
fn offer(queue: &mut Vec<Command>, f: &Frame<'_>, correction: Correction, label: &str, text: String) {
    if let Some(document) = f.corpus.and_then(|c| c.current) {
        queue.push(Command::Corpus(CorpusCommand::Corrected(Offer {
            document,
            correction,
            label: label.to_owned(),
            text,
        })));
    }
}

/// The entity corrections an edit inserts (those of [`corrections_for_group`]).
fn inserted(edit: &Edit) -> Vec<EntityCorrection> {
    match edit {
        Edit::InsertCorrection { correction, .. } => vec![correction.clone()],
        Edit::Batch(v) => v.iter().flat_map(inserted).collect(),
        _ => Vec::new(),
    }
}

/// The card offering "Apply to all documents" for the correction just made, in a corpus.
fn offer_ui(ui: &mut Ui, f: &Frame<'_>, s: &Session, queue: &mut Vec<Command>) {
    let Some(c) = f.corpus else { return };
    let Some(o) = c.offer_for(s) else { return };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(&o.text);
        ui.horizontal(|ui| {
            let apply = ui.add_enabled(!c.applying, egui::Button::new("Apply to all documents"));
            let apply = apply.on_hover_text(
                "Make the same correction in every other document of the corpus where it applies \
                 (one undo step in each; documents not open are saved)",
            );
            if apply.clicked() {
                queue.push(Command::Corpus(CorpusCommand::ApplyToAll {
                    from: o.document,
                    correction: o.correction.clone(),
                    label: o.label.clone(),
                    coder: f.prefs.coder.clone(),
                    now: f.now,
                }));
            }
            if ui.button("Only here").on_hover_text("Keep the correction in this document only").clicked() {
                queue.push(Command::Corpus(CorpusCommand::DismissOffer));
            }
        });
    });
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
    let palette = theme::palette_of(ui);
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
    offer_ui(ui, f, s, queue);
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
                                Edit::InsertGroupCorrection {
                                    index: n_group_corrections,
                                    correction: correction.clone(),
                                },
                                "Rename entity",
                            );
                            let text = format!("Renamed “{}” to “{}” in this document.", g.name, buffer.trim());
                            offer(queue, f, Correction::Group(correction), "Rename entity", text);
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
                                            Edit::InsertGroupCorrection {
                                                index: n_group_corrections,
                                                correction: correction.clone(),
                                            },
                                            "Merge entities",
                                        );
                                        let text = format!("Merged “{}” into “{name}” in this document.", g.name);
                                        offer(queue, f, Correction::Group(correction), "Merge entities", text);
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
                                            Edit::InsertGroupCorrection {
                                                index: n_group_corrections,
                                                correction: correction.clone(),
                                            },
                                            "Split entity",
                                        );
                                        let text = format!("Split “{t}” off “{}” in this document.", g.name);
                                        offer(queue, f, Correction::Group(correction), "Split entity", text);
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
                                    let list = inserted(&e);
                                    edit(queue, e, "Change entity type");
                                    let said =
                                        format!("“{}” is now {} in this document.", g.name, label.display_name());
                                    offer(queue, f, Correction::Mentions(list), "Change entity type", said);
                                    ui.close();
                                }
                            }
                        });
                        if ui.button("Not an entity (remove all mentions)").clicked() {
                            let e = corrections_for_group(text, g, CorrectionAction::Remove, n_corrections);
                            let list = inserted(&e);
                            edit(queue, e, "Remove entity");
                            let said = format!("“{}” is no longer an entity in this document.", g.name);
                            offer(queue, f, Correction::Mentions(list), "Remove entity", said);
                            ui.close();
                        }
                    });
                    ui.label(RichText::new(g.label.tag()).small().weak());
                });
            }
        },
    );
}
