//! The claims list (document order, filterable) and the in-place editor of the selected claim.

use egui::{Align, Layout, RichText, Ui};

use super::command::{Action, Command};
use super::frame::Frame;
use super::session::Session;
use super::state::Drafts;
use crate::project::{AssertedBy, Claim, ClaimKind, ClaimOrigin, ClaimStatus, Edit, Verdict, Worthiness};

/// Longest excerpt shown in the list, in characters.
const EXCERPT_CHARS: usize = 160;

fn excerpt(quote: &str) -> String {
    let one_line: String = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(EXCERPT_CHARS).collect();
    if one_line.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// Push an undoable update of `claim` (with `modified` set to `now`).
fn update(queue: &mut Vec<Command>, mut claim: Claim, now: jiff::Timestamp, label: &str, coalesce: Option<String>) {
    claim.modified = now;
    queue.push(Command::Edit { edit: Edit::UpdateClaim(Box::new(claim)), label: label.to_owned(), coalesce });
}

/// The Claims tab.
pub fn claims_panel_ui(ui: &mut Ui, f: &Frame<'_>, session: &Session, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    let now = f.now;
    let ui_state = f.ui;

    // Filter row: edits a copy, applied as a command.
    let mut edited = session.view.filter.clone();
    let filter = &mut edited;
    ui.horizontal(|ui| {
        let r = ui.add(egui::TextEdit::singleline(&mut filter.text).hint_text("Filter claims").desired_width(130.0));
        // The hint is not a name: screen readers need one.
        super::frame::plain_name(&r, "Filter claims");
        egui::ComboBox::from_id_salt("filter_kind")
            .selected_text(filter.kind.map_or("any type", ClaimKind::name))
            .width(100.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.kind, None, "any type");
                for k in ClaimKind::ALL {
                    ui.selectable_value(&mut filter.kind, Some(*k), k.name());
                }
            })
            .response
            .on_hover_text("Show only claims of this type");
        egui::ComboBox::from_id_salt("filter_status")
            .selected_text(filter.status.map_or("any status", ClaimStatus::name))
            .width(90.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.status, None, "any status");
                for s in ClaimStatus::ALL {
                    ui.selectable_value(&mut filter.status, Some(*s), s.name());
                }
            })
            .response
            .on_hover_text("Show only claims with this status");
        coder_filter_ui(ui, &session.project, filter);
        if !filter.is_empty() && {
            let r = ui.small_button("×");
            super::frame::plain_name(&r, "Clear the filter");
            r.on_hover_text("Clear the filter").clicked()
        } {
            *filter = crate::project::ClaimFilter::default();
        }
    });
    if edited != session.view.filter {
        queue.push(Command::SetClaimFilter(edited));
    }
    if let Some((label, _)) = &ui_state.bar_filter {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Showing {label}")).small().strong());
            if ui.small_button("×").on_hover_text("Show all claims again").clicked() {
                queue.push(Command::FilterClaims(None));
            }
        });
    }
    if let Some(hidden) = session.hidden_claims() {
        ui.horizontal_wrapped(|ui| {
            let text = format!(
                "Blind coding as {}: {} of other coders hidden",
                f.prefs.coder,
                super::words::count(hidden, "claim", "claims")
            );
            ui.label(RichText::new(text).small().strong());
            if ui.small_button("Show all").on_hover_text("Turn blind coding off (Team menu)").clicked() {
                queue.push(Command::Team(super::command::team::TeamCommand::SetBlind(false)));
            }
        });
    }
    ui.separator();
    super::team_panel::coder_prompt_ui(ui, f, queue);

    orphans_ui(ui, &session.project, f.selection, queue);

    let project = &session.project;
    let agents = &session.derived.agents;
    if project.claims.is_empty() {
        ui.add_space(12.0);
        ui.label(RichText::new("No claims yet.").strong());
        ui.label("Select a passage in the article and press Ctrl+T, use “Tag as claim” in the toolbar, or right-click the selection.");
        return;
    }
    let shown = session.claim_list();
    if shown.is_empty() {
        ui.label(RichText::new("No claim matches the filter.").weak());
        return;
    }
    let palette = super::theme::palette_of(ui);
    let selected = ui_state.selected_claim.and_then(|id| project.claim(id));

    // The selected claim's card, above the list (so that it is in view right after tagging
    // or accepting a claim); it scrolls on its own when taller than half the panel.
    if let Some(claim) = selected {
        let max_h = (ui.available_height() * 0.62).max(160.0);
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(2.0, palette.claim_selected))
            .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.12))
            .show(ui, |ui| {
                egui::ScrollArea::vertical().id_salt(("card", claim.id)).max_height(max_h).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    claim_header_ui(ui, claim, palette);
                    ui.separator();
                    claim_editor_ui(ui, claim, project, agents, queue, drafts, now);
                    super::sources_panel::seen_before_ui(ui, f, project, claim, queue);
                });
            });
        ui.add_space(4.0);
    }

    // The list: one row per claim, the same height each, so only the rows in view are built
    // (a project with thousands of claims costs the same per frame as one with ten).
    let row_h = 3.0 * ui.text_style_height(&egui::TextStyle::Body) + 10.0;
    egui::ScrollArea::vertical().id_salt("claims").auto_shrink(false).show_rows(ui, row_h, shown.len(), |ui, rows| {
        for &i in &shown[rows] {
            let claim = &project.claims[i];
            claim_row_ui(ui, claim, project, selected.is_some_and(|c| c.id == claim.id), row_h, palette, queue);
        }
    });
}

/// The first line of a claim: id, type, status, verdict.
fn claim_header_ui(ui: &mut Ui, claim: &Claim, palette: &super::theme::Palette) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{:#}", claim.id)).small().strong().color(palette.claim))
            .on_hover_text(format!("Claim {}", claim.id));
        ui.label(RichText::new(claim.kind.name()).small());
        ui.label(RichText::new(format!("· {}", claim.status.name())).small());
        if let Some(v) = claim.verdict {
            ui.label(RichText::new(format!("· {}", v.name())).small().strong());
        }
    });
}

/// One row of the claims list: header, the quote on one line, claimant and tags. Clicking it
/// selects the claim and shows it in the article.
fn claim_row_ui(
    ui: &mut Ui,
    claim: &Claim,
    project: &crate::project::Project,
    is_sel: bool,
    row_h: f32,
    palette: &super::theme::Palette,
    queue: &mut Vec<Command>,
) {
    let fill = if is_sel { ui.visuals().selection.bg_fill.gamma_multiply(0.25) } else { ui.visuals().panel_fill };
    let stroke_color =
        if is_sel { palette.claim_selected } else { ui.visuals().widgets.noninteractive.bg_stroke.color };
    let r = egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(if is_sel { 2.0 } else { 1.0 }, stroke_color))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 2))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.set_height(row_h - 6.0);
            claim_header_ui(ui, claim, palette);
            let quote = ui.add(
                egui::Label::new(RichText::new(format!("“{}”", excerpt(&claim.quote))).italics())
                    .truncate()
                    .sense(egui::Sense::click()),
            );
            if quote.clicked() {
                queue.push(Command::SelectClaim { id: Some(claim.id), scroll: true });
            }
            ui.horizontal(|ui| {
                if !claim.claimant.is_empty() {
                    ui.add(egui::Label::new(RichText::new(format!("by {}", claim.claimant)).small()).truncate());
                }
                for t in claim.tags.iter().take(4) {
                    tag_chip(ui, t, &project.codebook);
                }
            });
        })
        .response
        .interact(egui::Sense::click());
    if r.clicked() {
        queue.push(Command::SelectClaim { id: Some(claim.id), scroll: true });
    }
}

/// Annotations that lost their place when the article changed: each with its old quote, to
/// re-attach to the current selection or discard.
fn orphans_ui(
    ui: &mut Ui,
    project: &crate::project::Project,
    selection: Option<crate::document::ByteSpan>,
    queue: &mut Vec<Command>,
) {
    if project.orphans.is_empty() {
        return;
    }
    let n = project.orphans.len();
    egui::CollapsingHeader::new(RichText::new(format!("Orphans ({n})")).color(ui.visuals().warn_fg_color))
        .id_salt("orphans")
        .default_open(true)
        .show(ui, |ui| {
            ui.label(
                RichText::new(
                    "These lost their place when the article changed. Select the passage they belong to, then Re-attach.",
                )
                .small()
                .weak(),
            );
            for (i, o) in project.orphans.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    let what = match &o.annotation {
                        crate::project::OrphanAnnotation::Claim(c) => format!("claim {:#}", c.id),
                        crate::project::OrphanAnnotation::Correction(_) => "entity correction".to_owned(),
                    };
                    ui.label(RichText::new(what).small().strong());
                    ui.label(RichText::new(format!("“{}”", excerpt(&o.quote))).italics().small());
                    let attach = ui
                        .add_enabled(selection.is_some(), egui::Button::new("Re-attach").small())
                        .on_hover_text("Attach it to the selected text")
                        .on_disabled_hover_text("Select the text it belongs to first");
                    if attach.clicked()
                        && let Some(sel) = selection
                    {
                        match crate::project::anchor::reattach_orphan(project, i, sel) {
                            Ok(edit) => queue.push(Command::Edit {
                                edit,
                                label: "Re-attach orphan".into(),
                                coalesce: None,
                            }),
                            Err(e) => queue.push(Command::Notify(format!("Cannot re-attach: {e}"))),
                        }
                    }
                    if ui.small_button("Discard").on_hover_text("Delete this orphan (undoable)").clicked() {
                        queue.push(Command::Edit {
                            edit: Edit::RemoveOrphan { index: i },
                            label: "Discard orphan".into(),
                            coalesce: None,
                        });
                    }
                });
            }
        });
    ui.separator();
}

/// The outcome of a combo box over `Option<T>`.
enum Pick<T> {
    Unchanged,
    Picked(Option<T>),
}

fn combo<T: Copy + PartialEq + std::fmt::Display>(
    ui: &mut Ui,
    id: &str,
    label: &str,
    value: Option<T>,
    all: &[T],
    none_label: Option<&str>,
) -> Pick<T> {
    let mut v = value;
    let label_resp = ui.label(label);
    let text = v.map_or_else(|| none_label.unwrap_or("").to_owned(), |x| x.to_string());
    egui::ComboBox::from_id_salt(id)
        .selected_text(text)
        .show_ui(ui, |ui| {
            if let Some(n) = none_label {
                ui.selectable_value(&mut v, None, n);
            }
            for x in all {
                ui.selectable_value(&mut v, Some(*x), x.to_string());
            }
        })
        .response
        .labelled_by(label_resp.id);
    if v == value { Pick::Unchanged } else { Pick::Picked(v) }
}

fn claim_editor_ui(
    ui: &mut Ui,
    claim: &Claim,
    project: &crate::project::Project,
    agents: &[(String, crate::nlp::EntityLabel, usize)],
    queue: &mut Vec<Command>,
    ui_state: &mut Drafts,
    now: jiff::Timestamp,
) {
    let id = claim.id;
    let key = |field: &str| Some(format!("{id}:{field}"));
    // Every field's widget id is absolute (claim id + field name): ids made from the layout
    // position would change when the card above the editor grows (the "by …" line appears
    // after the first character of a claimant), and the field would lose focus mid-word.
    let field_id = |field: &str| egui::Id::unique(("claim-field", id, field.to_owned()));
    egui::Grid::new(("claim_fields", id)).num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        // Claimant, with suggestions from the article's people and organisations.
        let label = ui.label("Claimant");
        let mut claimant = claim.claimant.clone();
        ui.vertical(|ui| {
            let r = ui.add(
                egui::TextEdit::singleline(&mut claimant)
                    .id(field_id("claimant"))
                    .hint_text("who makes the claim")
                    .desired_width(f32::INFINITY),
            );
            let r = r.labelled_by(label.id);
            if std::mem::take(&mut ui_state.focus_card) {
                // F2 from the article: focus the field with its text selected, so that typing
                // replaces a proposed claimant (as Tab into a field does elsewhere).
                r.request_focus();
                if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), r.id) {
                    let all = egui::text::CCursorRange::two(
                        egui::text::CCursor::new(0),
                        egui::text::CCursor::new(claimant.chars().count()),
                    );
                    state.cursor.set_char_range(Some(all));
                    state.store(ui.ctx(), r.id);
                }
            }
            if r.changed() {
                let mut c = claim.clone();
                c.claimant.clone_from(&claimant);
                // Linked to the canonical entity of that name, if the article has one.
                c.claimant_entity =
                    agents.iter().find(|(name, _, _)| *name == claimant.trim()).map(|(name, _, _)| name.clone());
                update(queue, c, now, "Edit claimant", key("claimant"));
            }
            if let Some(entity) = &claim.claimant_entity
                && !r.has_focus()
                && ui
                    .small_button(format!("⛓ {entity}"))
                    .on_hover_text("The claimant is this entity of the article: click to outline its mentions")
                    .clicked()
            {
                queue.push(Command::SelectEntity { name: Some(entity.clone()), scroll: true });
            }
            if r.has_focus() {
                let needle = claimant.to_lowercase();
                let matches: Vec<_> = agents
                    .iter()
                    .filter(|(name, _, _)| needle.is_empty() || name.to_lowercase().contains(&needle))
                    .filter(|(name, _, _)| *name != claimant)
                    .take(6)
                    .collect();
                for (name, label, n) in matches {
                    if ui.small_button(format!("{name} · {} · {n}", label.tag())).clicked() {
                        let mut c = claim.clone();
                        c.claimant.clone_from(name);
                        c.claimant_entity = Some(name.clone());
                        update(queue, c, now, "Set claimant", None);
                    }
                }
            }
        });
        ui.end_row();

        if let Pick::Picked(Some(a)) =
            combo(ui, &format!("asserted{id}"), "Asserted by", Some(claim.asserted_by), AssertedBy::ALL, None)
        {
            let mut c = claim.clone();
            c.asserted_by = a;
            update(queue, c, now, "Set who asserts the claim", None);
        }
        ui.end_row();

        if let Pick::Picked(Some(kind)) =
            combo(ui, &format!("kind{id}"), "Type", Some(claim.kind), ClaimKind::ALL, None)
        {
            let mut c = claim.clone();
            c.kind = kind;
            update(queue, c, now, "Set claim type", None);
        }
        ui.end_row();
        if let Pick::Picked(Some(w)) =
            combo(ui, &format!("worth{id}"), "Check-worthiness", Some(claim.worthiness), Worthiness::ALL, None)
        {
            let mut c = claim.clone();
            c.worthiness = w;
            update(queue, c, now, "Set check-worthiness", None);
        }
        ui.end_row();
        if let Pick::Picked(Some(s)) =
            combo(ui, &format!("status{id}"), "Status", Some(claim.status), ClaimStatus::ALL, None)
        {
            let mut c = claim.clone();
            c.status = s;
            update(queue, c, now, "Set status", None);
        }
        ui.end_row();
        if let Pick::Picked(v) =
            combo(ui, &format!("verdict{id}"), "Verdict", claim.verdict, Verdict::ALL, Some("not rated"))
        {
            let mut c = claim.clone();
            c.verdict = v;
            if v.is_some() && c.status == ClaimStatus::ToCheck {
                c.status = ClaimStatus::Checked;
            }
            update(queue, c, now, "Set verdict", None);
        }
        ui.end_row();

        // Evidence links.
        let label = ui.label("Evidence");
        ui.vertical(|ui| {
            let mut remove = None;
            for (i, url) in claim.evidence.iter().enumerate() {
                ui.horizontal(|ui| {
                    if ui.small_button("×").on_hover_text("Remove this link").clicked() {
                        remove = Some(i);
                    }
                    ui.hyperlink_to(shorten(url, 48), url).on_hover_text(url);
                });
            }
            if let Some(i) = remove {
                let mut c = claim.clone();
                c.evidence.remove(i);
                update(queue, c, now, "Remove evidence link", None);
            }
            ui.horizontal(|ui| {
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut ui_state.new_link)
                            .id(field_id("evidence"))
                            .hint_text("https://…")
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Add link").clicked() || enter) && !ui_state.new_link.trim().is_empty() {
                    let mut c = claim.clone();
                    c.evidence.push(ui_state.new_link.trim().to_owned());
                    ui_state.new_link.clear();
                    update(queue, c, now, "Add evidence link", None);
                }
            });
        });
        ui.end_row();

        // Tags with autocompletion from the project vocabulary.
        let label = ui.label("Tags");
        ui.vertical(|ui| {
            ui.horizontal_wrapped(|ui| {
                for (i, t) in claim.tags.iter().enumerate() {
                    if ui.small_button(format!("#{t} ×")).on_hover_text("Remove this tag").clicked() {
                        let mut c = claim.clone();
                        c.tags.remove(i);
                        update(queue, c, now, "Remove tag", None);
                    }
                }
            });
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut ui_state.new_tag)
                        .id(field_id("tags"))
                        .hint_text("add a tag")
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let mut add: Option<String> = None;
            if enter && !ui_state.new_tag.trim().is_empty() {
                add = Some(ui_state.new_tag.trim().to_owned());
                r.request_focus();
            }
            let needle = ui_state.new_tag.trim().to_lowercase();
            if !needle.is_empty() || r.has_focus() {
                // The project's tags and the codebook's codes, most used first.
                let mut offered = project.tag_counts();
                for c in &project.codebook.codes {
                    if !offered.iter().any(|(t, _)| *t == c.path) {
                        offered.push((c.path.clone(), 0));
                    }
                }
                offered.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                ui.horizontal_wrapped(|ui| {
                    for (t, n) in offered.into_iter().filter(|(t, _)| {
                        !claim.tags.contains(t) && (needle.is_empty() || t.to_lowercase().contains(&needle))
                    }) {
                        if ui.small_button(format!("#{t} ({n})")).clicked() {
                            add = Some(t);
                        }
                    }
                });
            }
            if let Some(tag) = add.filter(|t| !claim.tags.contains(t)) {
                let mut c = claim.clone();
                c.tags.push(tag.clone());
                c.tags.sort();
                c.modified = now;
                ui_state.new_tag.clear();
                queue.push(Command::Edit {
                    edit: Edit::AddTag(tag).then(Edit::UpdateClaim(Box::new(c))),
                    label: "Add tag".to_owned(),
                    coalesce: None,
                });
            }
        });
        ui.end_row();

        let label = ui.label("Note");
        let mut note = claim.note.clone();
        let r = ui
            .add(
                egui::TextEdit::multiline(&mut note)
                    .id(field_id("note"))
                    .hint_text("what to check, sources, reasoning…")
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if r.changed() {
            let mut c = claim.clone();
            c.note = note;
            update(queue, c, now, "Edit note", key("note"));
        }
        ui.end_row();
    });
    ui.add_space(4.0);
    if claim.quote.chars().count() > EXCERPT_CHARS || claim.quote.contains('\n') {
        ui.label(RichText::new(format!("“{}”", claim.quote)).italics().small())
            .on_hover_text(format!("Bytes {}–{} of the article", claim.span.start, claim.span.end));
    }
    ui.label(
        RichText::new(format!(
            "{} {} · modified {}",
            match claim.origin {
                ClaimOrigin::Manual => "Tagged",
                ClaimOrigin::Suggested => "Accepted from a suggestion",
                ClaimOrigin::Imported => "Imported",
            },
            claim.created.strftime("%Y-%m-%d %H:%M"),
            claim.modified.strftime("%Y-%m-%d %H:%M")
        ))
        .small()
        .weak(),
    );
    if let Some(line) = coders_line(claim) {
        ui.label(RichText::new(line).small().weak());
    }
    ui.horizontal(|ui| {
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if ui.button("Delete").on_hover_text("Delete this claim (Del)").clicked() {
                queue.push(Command::Action(Action::DeleteClaim));
            }
            if ui.button("Go to").on_hover_text("Show it in the article").clicked() {
                queue.push(Command::SelectClaim { id: Some(claim.id), scroll: true });
            }
        });
    });
}

/// A claim's tag: in its code's colour when the codebook has it (or a coloured code above
/// it), with the code's path and description on hover.
fn tag_chip(ui: &mut Ui, tag: &str, book: &crate::project::Codebook) {
    let text = RichText::new(format!("#{}", tag.rsplit('/').next().unwrap_or(tag))).small();
    let r = match book.color_for_tag(tag) {
        Some(rgb) => ui.add(
            egui::Button::new(text)
                .fill(super::theme::user_color(rgb).gamma_multiply(if ui.visuals().dark_mode { 0.45 } else { 0.35 }))
                .corner_radius(6.0)
                .sense(egui::Sense::hover()),
        ),
        None => ui.label(text),
    };
    let path = crate::project::codebook::display_path(tag);
    let tip = match book.code_for_tag(tag).filter(|c| !c.description.is_empty()) {
        Some(c) => format!("{path}\n{}", c.description),
        None => path,
    };
    r.on_hover_text(tip);
}

fn shorten(url: &str, max: usize) -> String {
    let s = url.trim_start_matches("https://").trim_start_matches("http://");
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// Who made and who last changed the claim: "by coder ana · changed by ben" (None when no
/// coder was recorded).
#[must_use]
pub fn coders_line(claim: &Claim) -> Option<String> {
    let (made, changed) = (claim.created_by.trim(), claim.modified_by.trim());
    match (made.is_empty(), changed.is_empty() || changed == made) {
        (true, true) => None,
        (false, true) => Some(format!("by coder {made}")),
        (true, false) => Some(format!("changed by {changed}")),
        (false, false) => Some(format!("by coder {made} · changed by {changed}")),
    }
}

/// The coders who made or changed the project's claims, sorted.
fn coders(project: &crate::project::Project) -> Vec<String> {
    let mut out: Vec<String> = (project.claims.iter())
        .flat_map(|c| [c.created_by.trim(), c.modified_by.trim()])
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The "any coder" filter: only the claims a coder made or last changed. The coders are
/// listed only while the menu is open.
fn coder_filter_ui(ui: &mut Ui, project: &crate::project::Project, filter: &mut crate::project::ClaimFilter) {
    let label = ui.label(RichText::new("Coder").small());
    egui::ComboBox::from_id_salt("filter_coder")
        .selected_text(filter.coder.as_deref().unwrap_or("any coder"))
        .width(90.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut filter.coder, None, "any coder");
            for c in coders(project) {
                let text = c.clone();
                ui.selectable_value(&mut filter.coder, Some(c), text);
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text("Show only claims this coder made or last changed");
}
