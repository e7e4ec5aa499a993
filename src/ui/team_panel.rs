//! Drawing the team features ([`super::team`]): the Team menu, the coder-name dialog and the
//! first-use offer to set one, the merge-conflicts banner and window, the agreement report,
//! and the comparison of two coders with adjudication. Everything here draws what it is
//! given and pushes [`Command`]s.

use egui::{RichText, Ui};

use super::command::Command;
use super::frame::Frame;
use super::session::Session;
use super::state::{Drafts, PromptPurpose};
use super::team::{ALL_BY, ComparisonView, TeamCommand};
use crate::project::review::{self, AnnotationRef, Choice, Side};
use crate::project::{EditContext, Project};
use crate::team::agreement::{AgreementReport, By};
use crate::team::compare::ItemKind;
use crate::team::stats::Coefficient;

fn team(cmd: TeamCommand) -> Command {
    Command::Team(cmd)
}

/// The Team menu.
pub fn menu_ui(ui: &mut Ui, f: &Frame<'_>, queue: &mut Vec<Command>) {
    let has = f.session.is_some();
    let who = if f.prefs.coder.is_empty() { "not set".to_owned() } else { f.prefs.coder.clone() };
    if ui
        .button("Coder name…")
        .on_hover_text(format!("Your name, recorded on what you tag and change ({who})"))
        .clicked()
    {
        queue.push(team(TeamCommand::EditCoder));
        ui.close();
    }
    let mut blind = f.team.blind;
    if ui
        .checkbox(&mut blind, "Blind coding")
        .on_hover_text("Hide the claims other coders created, to code independently; they stay in the file")
        .changed()
    {
        queue.push(team(TeamCommand::SetBlind(blind)));
        ui.close();
    }
    ui.separator();
    let n = f.session.map_or(0, |s| s.project.conflicts.len());
    if ui
        .add_enabled(n > 0, egui::Button::new(format!("Merge conflicts ({n})…")))
        .on_hover_text("Changes two coders made to the same thing: pick one side for each")
        .on_disabled_hover_text("This project has no merge conflicts")
        .clicked()
    {
        queue.push(team(TeamCommand::ShowConflicts(true)));
        ui.close();
    }
    let items: [(&str, &str, PromptPurpose); 2] = [
        (
            "Agreement with…",
            "Krippendorff's α_u, sentence κ and α, attribute α against another coder's copy of this article",
            PromptPurpose::Agreement,
        ),
        (
            "Compare with…",
            "Side by side with another coder's copy: agreements, differences, adjudication",
            PromptPurpose::Compare,
        ),
    ];
    for (label, tip, purpose) in items {
        if ui.add_enabled(has, egui::Button::new(label)).on_hover_text(tip).clicked() {
            queue.push(Command::AskPath(purpose));
            ui.close();
        }
    }
}

/// The coder in the status bar: a button that opens the coder-name dialog.
pub fn status_ui(ui: &mut Ui, f: &Frame<'_>, queue: &mut Vec<Command>) {
    let text =
        if f.prefs.coder.is_empty() { "Set coder name…".to_owned() } else { format!("Coder: {}", f.prefs.coder) };
    if ui.small_button(text).on_hover_text("Your name, recorded on the claims and corrections you make").clicked() {
        queue.push(team(TeamCommand::EditCoder));
    }
}

/// Offered once, above the claims list, until a name is set or the offer declined.
pub fn coder_prompt_ui(ui: &mut Ui, f: &Frame<'_>, queue: &mut Vec<Command>) {
    if !f.prefs.coder.is_empty() || f.prefs.coder_prompt_dismissed {
        return;
    }
    egui::Frame::new().fill(ui.visuals().faint_bg_color).inner_margin(6.0).corner_radius(4.0).show(ui, |ui| {
        // The panel's width, the sentence on its own lines and the two answers side by side
        // under it (wrapped in one row, a button could end up alone on the next line).
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Who is coding? Your name is recorded on the claims you tag and change.").small());
        ui.horizontal(|ui| {
            if ui.small_button("Set my name…").clicked() {
                queue.push(team(TeamCommand::EditCoder));
            }
            if ui.small_button("Not now").clicked() {
                queue.push(team(TeamCommand::DismissCoderPrompt));
            }
        });
    });
}

/// The banner over the article when the project holds merge conflicts.
pub fn banner_ui(ui: &mut Ui, s: &Session, queue: &mut Vec<Command>) {
    let n = s.project.conflicts.len();
    if n == 0 {
        return;
    }
    egui::Frame::new().fill(ui.visuals().warn_fg_color.gamma_multiply(0.15)).inner_margin(6.0).corner_radius(4.0).show(
        ui,
        |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "⚠ {}: two coders changed the same thing differently. This project keeps “ours” until you pick.",
                    super::words::count(n, "merge conflict", "merge conflicts")
                ));
                if ui.button("Resolve conflicts…").clicked() {
                    queue.push(team(TeamCommand::ShowConflicts(true)));
                }
            });
        },
    );
}

/// The windows: coder name, conflicts, agreement, comparison.
pub fn windows_ui(ctx: &egui::Context, f: &Frame<'_>, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    if f.team.coder_dialog {
        coder_dialog_ui(ctx, drafts, queue);
    }
    if let Some(s) = f.session {
        if f.team.conflicts_open {
            conflicts_window(ctx, s, queue);
        }
        if let Some(view) = &f.team.comparison {
            comparison_window(ctx, f, s, view, queue);
        }
    }
    if let Some(a) = &f.team.agreement {
        let mut open = true;
        egui::Window::new("Agreement").open(&mut open).default_width(560.0).show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.label("Categories of α_u:");
                for by in ALL_BY {
                    if ui.selectable_label(a.by == by, by_name(by)).clicked() {
                        queue.push(team(TeamCommand::SetBy(by)));
                    }
                }
            });
            ui.label(RichText::new(format!("Compared with {}", a.other.display())).small().weak());
            ui.separator();
            if let Some(r) = a.report() {
                agreement_ui(ui, r);
                ui.separator();
                if ui
                    .button("Copy as text")
                    .on_hover_text("The report as plain text, for a paper or an e-mail")
                    .clicked()
                {
                    ui.ctx().copy_text(report_text(r));
                }
            }
        });
        if !open {
            queue.push(team(TeamCommand::CloseAgreement));
        }
    }
}

fn coder_dialog_ui(ctx: &egui::Context, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    egui::Modal::new(egui::Id::unique("coder_name")).show(ctx, |ui| {
        ui.set_min_width(380.0);
        ui.heading("Your coder name");
        ui.label(
            "Recorded on every claim and entity correction you make or change, so a team can tell its coders apart.",
        );
        let label = ui.label("Coder name");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut drafts.coder)
                    .id(egui::Id::unique("coder_name_field"))
                    .hint_text("e.g. ana")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if !r.has_focus() && !r.lost_focus() {
            r.request_focus();
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let ok = ui.add_enabled(!drafts.coder.trim().is_empty(), egui::Button::new("Use this name"));
            if ok.clicked() || (enter && !drafts.coder.trim().is_empty()) {
                queue.push(team(TeamCommand::SetCoder(drafts.coder.clone())));
            }
            if ui.button("Cancel").clicked() {
                queue.push(team(TeamCommand::CloseCoder));
            }
        });
    });
}

/// What a conflict is about, for people: "claim 0193b1a4 “Pete Hegseth said…” · note".
fn conflict_title(project: &Project, c: &review::Conflict) -> String {
    let what = match &c.annotation {
        AnnotationRef::Claim(id) => match project.claim(*id) {
            Some(claim) => format!("claim {id:#} “{}”", clip(&claim.quote, 60)),
            None => format!("claim {id:#}"),
        },
        other => other.to_string(),
    };
    format!("{what} · {}", c.field)
}

fn conflicts_window(ctx: &egui::Context, s: &Session, queue: &mut Vec<Command>) {
    let mut open = true;
    let project = &s.project;
    egui::Window::new("Merge conflicts").open(&mut open).default_width(520.0).show(ctx, |ui| {
        if project.conflicts.is_empty() {
            ui.label("No conflicts left. Save the project to keep the resolutions.");
            return;
        }
        ui.label(
            RichText::new("Both sides of a merge changed these differently. Pick a side for each (undoable).").small(),
        );
        egui::ScrollArea::vertical().max_height(460.0).show(ui, |ui| {
            for (i, c) in project.conflicts.iter().enumerate() {
                ui.push_id(("conflict", i), |ui| {
                    ui.label(RichText::new(conflict_title(project, c)).strong());
                    egui::Grid::new("values").num_columns(2).show(ui, |ui| {
                        for (side, v) in [("was", &c.base), ("ours", &c.ours), ("theirs", &c.theirs)] {
                            ui.label(RichText::new(side).weak());
                            ui.label(clip(&v.to_string(), 200));
                            ui.end_row();
                        }
                    });
                    ui.horizontal(|ui| {
                        let mut resolve = |edit: Result<crate::project::Edit, crate::project::EditError>,
                                           label: &str| {
                            queue.push(match edit {
                                Ok(edit) => Command::Edit { edit, label: label.to_owned(), coalesce: None },
                                Err(e) => Command::Notify(format!("Cannot resolve the conflict: {e}")),
                            });
                        };
                        if ui.button("Keep ours").clicked() {
                            resolve(
                                crate::project::resolve_conflict(project, i, Side::Ours),
                                "Resolve conflict (ours)",
                            );
                        }
                        if ui.button("Take theirs").clicked() {
                            resolve(
                                crate::project::resolve_conflict(project, i, Side::Theirs),
                                "Resolve conflict (theirs)",
                            );
                        }
                        let both = review::combined(c).is_some();
                        if ui
                            .add_enabled(both, egui::Button::new("Keep both"))
                            .on_disabled_hover_text("Only lists and notes can keep both sides")
                            .clicked()
                        {
                            resolve(crate::project::resolve_conflict_both(project, i), "Resolve conflict (both)");
                        }
                        if let AnnotationRef::Claim(id) = &c.annotation
                            && project.claim(*id).is_some()
                            && ui.button("Show").on_hover_text("Select the claim and show it in the article").clicked()
                        {
                            queue.push(Command::SelectClaim { id: Some(*id), scroll: true });
                        }
                    });
                    ui.separator();
                });
            }
        });
    });
    if !open {
        queue.push(team(TeamCommand::ShowConflicts(false)));
    }
}

fn by_name(by: By) -> &'static str {
    match by {
        By::Claim => "claim",
        By::Type => "type",
        By::Tag => "tag",
        By::Code => "code",
    }
}

/// A coefficient as shown: three decimals, or "undefined" (the reason is in the tooltip and
/// in the text report).
#[must_use]
pub fn figure(c: &Coefficient) -> String {
    c.value.map_or_else(|| "undefined".to_owned(), |v| format!("{v:.3}"))
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(String::new, |v| format!("{v:.4}"))
}

/// The rows of the agreement table: (measure, value, observed disagreement, expected
/// disagreement, reason when undefined).
#[must_use]
pub fn rows(r: &AgreementReport) -> Vec<(String, String, String, String, String)> {
    let row = |name: String, c: &Coefficient| {
        (
            name,
            figure(c),
            opt(c.observed_disagreement),
            opt(c.expected_disagreement),
            c.reason.clone().unwrap_or_default(),
        )
    };
    let mut out = vec![row("α_u overall".to_owned(), &r.unitized_alpha.overall)];
    for (cat, c) in &r.unitized_alpha.by_category {
        out.push(row(format!("α_u {cat}"), c));
    }
    out.push(row(format!("sentences: Cohen's κ ({} items)", r.sentences.items), &r.sentences.cohen_kappa));
    out.push(row("sentences: Krippendorff's α".to_owned(), &r.sentences.krippendorff_alpha));
    out.push(row("sentences: percent agreement".to_owned(), &r.sentences.percent));
    for (name, a) in &r.attributes {
        out.push(row(format!("{name}: α ({} pairs)", a.items), &a.alpha));
    }
    out
}

/// The report as plain text (what "Copy as text" copies, and what a screen reader can read).
#[must_use]
pub fn report_text(r: &AgreementReport) -> String {
    use std::fmt::Write as _;
    let u = &r.units;
    let mut s = format!(
        "Agreement of {} (A) and {} (B), {} document(s), {} characters, categories by {}\n\
         Claims: A {}, B {}; matched {} ({} same span); only A {}, only B {}\n",
        r.coders[0],
        r.coders[1],
        r.documents,
        r.continuum_chars,
        by_name(r.by),
        u.claims_a,
        u.claims_b,
        u.matched,
        u.same_span,
        u.only_a,
        u.only_b
    );
    for (name, value, d_o, d_e, reason) in rows(r) {
        let _ = write!(s, "{name}: {value}");
        if !d_o.is_empty() {
            let _ = write!(s, " (D_o {d_o}, D_e {d_e})");
        }
        if !reason.is_empty() {
            let _ = write!(s, " — {reason}");
        }
        s.push('\n');
    }
    let _ = writeln!(s, "Reading, α_u: {}", r.reading.unitized_alpha);
    let _ = writeln!(s, "Reading, sentences: {}", r.reading.sentences);
    s
}

fn agreement_ui(ui: &mut Ui, r: &AgreementReport) {
    let u = &r.units;
    ui.label(format!("A: {}   ·   B: {}", r.coders[0], r.coders[1]));
    ui.label(format!(
        "Claims: A {}, B {} · matched {} ({} same span) · only A {}, only B {} · {} characters",
        u.claims_a, u.claims_b, u.matched, u.same_span, u.only_a, u.only_b, r.continuum_chars
    ));
    ui.add_space(4.0);
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        egui::Grid::new("agreement_table").striped(true).num_columns(4).show(ui, |ui| {
            for h in ["Measure", "Value", "D_o", "D_e"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (name, value, d_o, d_e, reason) in rows(r) {
                ui.label(&name);
                let v = ui.label(RichText::new(&value).monospace());
                if !reason.is_empty() {
                    v.on_hover_text(&reason);
                }
                ui.label(RichText::new(d_o).monospace().weak());
                ui.label(RichText::new(d_e).monospace().weak());
                ui.end_row();
            }
        });
    });
    ui.add_space(4.0);
    ui.label(RichText::new(format!("α_u: {}", r.reading.unitized_alpha)).small());
    ui.label(RichText::new(format!("Sentences: {}", r.reading.sentences)).small());
}

fn mark(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Agree => "= agree",
        ItemKind::OnlyA => "A only",
        ItemKind::OnlyB => "B only",
        ItemKind::Differ => "≠ differ",
    }
}

fn clip(t: &str, max: usize) -> String {
    let one: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > max { one.chars().take(max - 1).chain(std::iter::once('…')).collect() } else { one }
}

fn claim_summary(p: &Project, id: Option<crate::project::ClaimId>) -> String {
    match id.and_then(|id| p.claim(id)) {
        Some(c) => {
            let mut s = format!("“{}” · {} · {}", clip(&c.quote, 70), c.kind.name(), c.status.name());
            if let Some(v) = c.verdict {
                s.push_str(&format!(" · {}", v.name()));
            }
            if !c.tags.is_empty() {
                s.push_str(&format!(" · #{}", c.tags.join(" #")));
            }
            s
        }
        None => "—".to_owned(),
    }
}

fn comparison_window(ctx: &egui::Context, f: &Frame<'_>, s: &Session, v: &ComparisonView, queue: &mut Vec<Command>) {
    let mut open = true;
    let (agree, only_a, only_b, differ) = v.comparison.counts();
    let adjudicating = v.merged_session == Some(s.id);
    egui::Window::new("Compare coders").open(&mut open).default_width(620.0).show(ctx, |ui| {
        ui.label(format!("A: {}   ·   B: {} ({})", v.coders[0], v.coders[1], v.other.display()));
        ui.label(format!("{agree} agree · {differ} differ · {only_a} only A · {only_b} only B"));
        ui.horizontal(|ui| {
            if ui.button("⬆ Previous disagreement").clicked() {
                queue.push(team(TeamCommand::StepDisagreement(false)));
            }
            if ui.button("⬇ Next disagreement").clicked() {
                queue.push(team(TeamCommand::StepDisagreement(true)));
            }
            if !adjudicating
                && ui
                    .button("Start adjudication")
                    .on_hover_text("A new project with what both agree on; decide each disagreement into it")
                    .clicked()
            {
                queue.push(team(TeamCommand::StartAdjudication));
            }
        });
        ui.separator();
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        egui::ScrollArea::vertical().id_salt("compare_items").max_height(260.0).show_rows(
            ui,
            row_h,
            v.comparison.items.len(),
            |ui, range| {
                for i in range {
                    let item = &v.comparison.items[i];
                    let decided = adjudicating && s.project.decisions.iter().any(|d| d.key() == item.key());
                    let quote = clip(&v.a.text()[item.span], 70);
                    let fields =
                        if item.fields.is_empty() { String::new() } else { format!(" ({})", item.fields.join(", ")) };
                    let text = format!(
                        "{}. {}{fields}{} “{quote}”",
                        i + 1,
                        mark(item.kind),
                        if decided { " · decided" } else { "" }
                    );
                    if ui.selectable_label(v.current == Some(i), text).clicked() {
                        queue.push(team(TeamCommand::SelectItem(i)));
                        queue.push(Command::ShowSpan(item.span));
                    }
                }
            },
        );
        ui.separator();
        let Some(i) = v.current else {
            ui.label(RichText::new("Pick an item to see both coders' claims").weak());
            return;
        };
        let item = &v.comparison.items[i];
        ui.label(RichText::new(format!("Item {} · {}", i + 1, mark(item.kind))).strong());
        egui::Grid::new("both_sides").num_columns(2).show(ui, |ui| {
            ui.label(RichText::new(format!("A ({})", v.coders[0])).strong());
            ui.label(claim_summary(&v.a, item.a));
            ui.end_row();
            ui.label(RichText::new(format!("B ({})", v.coders[1])).strong());
            ui.label(claim_summary(&v.b, item.b));
            ui.end_row();
        });
        if !item.fields.is_empty() {
            ui.label(format!("They differ in: {}", item.fields.join(", ")));
        }
        if !adjudicating {
            return;
        }
        if let Some(d) = s.project.decisions.iter().find(|d| d.key() == item.key()) {
            let by = if d.decided_by.is_empty() { String::new() } else { format!(" by {}", d.decided_by) };
            ui.label(RichText::new(format!("Decided: {}{by}", d.choice.name())).weak());
        }
        ui.horizontal(|ui| {
            let ctx = EditContext::new(f.prefs.coder.clone(), f.now);
            for choice in Choice::ALL {
                let possible = match choice {
                    Choice::TakeA => item.a.is_some(),
                    Choice::TakeB => item.b.is_some(),
                    Choice::Both => item.a.is_some() && item.b.is_some(),
                    Choice::Neither => true,
                };
                let label = capitalised(choice.name());
                if ui.add_enabled(possible, egui::Button::new(&label)).clicked() {
                    queue.push(match crate::team::compare::decide(&s.project, &v.a, &v.b, item, choice, &ctx) {
                        Ok(edit) => Command::Edit { edit, label: format!("Adjudicate: {label}"), coalesce: None },
                        Err(e) => Command::Notify(format!("Cannot decide: {e}")),
                    });
                    queue.push(team(TeamCommand::StepDisagreement(true)));
                }
            }
        });
    });
    if !open {
        queue.push(team(TeamCommand::CloseComparison));
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
