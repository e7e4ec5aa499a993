//! The Codes tab: the project's codebook, a hierarchy of claim tags (`topic/defence/spending`)
//! with colours, shortcuts 1–9 and descriptions. Every change is one undoable
//! [`Edit::SetCodebook`]; the codebook can be exported to and imported from its own RON file,
//! so a team shares one codebook across projects.
//!
//! With a claim selected, a code's tag button (or its digit key) adds or removes the tag.

use egui::{Color32, RichText, Ui};

use super::command::Command;
use super::frame::Frame;
use super::session::Session;
use super::state::{Drafts, PromptPurpose};
use crate::project::codebook::{CodeNode, display_path, is_valid_path};
use crate::project::{Claim, Code, Codebook, Edit};

/// Default colours offered for new codes (Okabe–Ito, colour-blind safe).
const NEW_CODE_COLORS: [(u8, u8, u8); 7] =
    [(230, 159, 0), (86, 180, 233), (0, 158, 115), (240, 228, 66), (0, 114, 178), (213, 94, 0), (204, 121, 167)];

/// The chip colour of `code`.
#[must_use]
pub fn code_color(code: &Code) -> Option<Color32> {
    code.color.map(super::theme::user_color)
}

fn set(queue: &mut Vec<Command>, book: Codebook, label: &str, coalesce: Option<String>) {
    queue.push(Command::Edit { edit: Edit::SetCodebook(Box::new(book)), label: label.to_owned(), coalesce });
}

/// The edit that adds `tag` to `claim` or removes it.
#[must_use]
pub fn toggle_tag(claim: &Claim, tag: &str, now: jiff::Timestamp) -> (Edit, &'static str) {
    let mut c = claim.clone();
    c.modified = now;
    if let Some(i) = c.tags.iter().position(|t| t == tag) {
        c.tags.remove(i);
        (Edit::UpdateClaim(Box::new(c)), "Remove tag")
    } else {
        c.tags.push(tag.to_owned());
        c.tags.sort();
        (Edit::AddTag(tag.to_owned()).then(Edit::UpdateClaim(Box::new(c))), "Add tag")
    }
}

/// The Codes tab.
pub fn codebook_panel_ui(ui: &mut Ui, f: &Frame<'_>, session: &Session, drafts: &mut Drafts, queue: &mut Vec<Command>) {
    let now = f.now;
    let ui_state = drafts;
    let book = &session.project.codebook;
    let selected = f.ui.selected_claim.and_then(|id| session.project.claim(id));

    ui.horizontal(|ui| {
        let label = ui.label("Codebook");
        let mut name = book.name.clone();
        let r =
            ui.add(egui::TextEdit::singleline(&mut name).hint_text("name").desired_width(150.0)).labelled_by(label.id);
        if r.changed() {
            let mut b = book.clone();
            b.name = name;
            set(queue, b, "Rename codebook", Some("codebook-name".into()));
        }
        if ui.button("Import…").on_hover_text("Merge codes from a codebook file (.codebook.ron)").clicked() {
            queue.push(Command::AskPath(PromptPurpose::ImportCodebook));
        }
        if ui
            .add_enabled(!book.codes.is_empty(), egui::Button::new("Export…"))
            .on_hover_text("Write this codebook to its own file, to share with your team")
            .clicked()
        {
            queue.push(Command::AskPath(PromptPurpose::ExportCodebook));
        }
    });
    ui.label(
        RichText::new(match selected {
            Some(c) => format!("Click a code (or press its digit) to tag claim {} with it.", c.id),
            None => "Select a claim to tag it with a code; digits 1–9 apply the codes with those shortcuts.".into(),
        })
        .small()
        .weak(),
    );
    ui.separator();

    // New code.
    ui.horizontal(|ui| {
        let label = ui.label("New code");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut ui_state.new_code)
                    .hint_text("e.g. topic/defence/spending")
                    .desired_width(ui.available_width() - 50.0),
            )
            .labelled_by(label.id);
        let path = ui_state.new_code.trim().to_owned();
        let valid = is_valid_path(&path) && book.code(&path).is_none();
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let clicked = ui.add_enabled(valid, egui::Button::new("Add")).clicked();
        if valid && (clicked || enter) {
            let mut b = book.clone();
            let color = NEW_CODE_COLORS[b.codes.len() % NEW_CODE_COLORS.len()];
            b.codes.push(Code { path, color: Some(color), ..Code::default() });
            b.sort();
            set(queue, b, "Add code", None);
            ui_state.new_code.clear();
        }
    });
    let typed = ui_state.new_code.trim();
    if !typed.is_empty() && !is_valid_path(typed) {
        ui.label(
            RichText::new("Levels are separated by “/”; none may be empty.").small().color(ui.visuals().warn_fg_color),
        );
    } else if book.code(typed).is_some() {
        ui.label(RichText::new("That code exists already.").small().color(ui.visuals().warn_fg_color));
    }

    if book.codes.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("No codes yet.").strong());
        ui.label("A codebook is a shared list of tags for claims, organised as a tree: type a path above and press Add, or import a colleague's codebook.");
        return;
    }
    let used = session.project.tag_counts();
    ui.horizontal(|ui| {
        if ui
            .small_button("Assign shortcuts by use")
            .on_hover_text("Give the free digits 1–9 to the most used codes without one")
            .clicked()
        {
            set(queue, book.with_shortcuts_by_use(&used), "Assign shortcuts", None);
        }
    });
    egui::ScrollArea::vertical().id_salt("codebook").auto_shrink(false).show(ui, |ui| {
        for node in book.tree() {
            node_ui(ui, &node, book, &used, selected, queue, now);
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn node_ui(
    ui: &mut Ui,
    node: &CodeNode,
    book: &Codebook,
    used: &[(String, usize)],
    selected: Option<&Claim>,
    queue: &mut Vec<Command>,
    now: jiff::Timestamp,
) {
    let row = |ui: &mut Ui, queue: &mut Vec<Command>| {
        if let Some(i) = node.code {
            code_row(ui, i, book, used, selected, queue, now);
        } else {
            ui.label(RichText::new(&node.name).weak());
        }
    };
    if node.children.is_empty() {
        row(ui, queue);
    } else {
        let id = ui.make_persistent_id(("code-node", &node.path));
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true)
            .show_header(ui, |ui| row(ui, queue))
            .body(|ui| {
                for child in &node.children {
                    node_ui(ui, child, book, used, selected, queue, now);
                }
            });
    }
}

#[allow(clippy::too_many_arguments)]
fn code_row(
    ui: &mut Ui,
    i: usize,
    book: &Codebook,
    used: &[(String, usize)],
    selected: Option<&Claim>,
    queue: &mut Vec<Command>,
    now: jiff::Timestamp,
) {
    let code = &book.codes[i];
    let n = used.iter().find(|(t, _)| *t == code.path).map_or(0, |(_, n)| *n);
    ui.horizontal(|ui| {
        // Colour.
        let mut rgb = code
            .color
            .map_or([0.6, 0.6, 0.6], |(r, g, b)| [f32::from(r) / 255.0, f32::from(g) / 255.0, f32::from(b) / 255.0]);
        if ui.color_edit_button_rgb(&mut rgb).on_hover_text("Colour of this code's tag").changed() {
            let mut b = book.clone();
            let to_u8 = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
            b.codes[i].color = Some((to_u8(rgb[0]), to_u8(rgb[1]), to_u8(rgb[2])));
            set(queue, b, "Recolour code", Some(format!("code-color:{}", code.path)));
        }
        // The code itself: a button that tags the selected claim.
        let name = code.path.rsplit('/').next().unwrap_or(&code.path);
        let on = selected.is_some_and(|c| c.tags.contains(&code.path));
        let mut text = RichText::new(name);
        if on {
            text = text.strong();
        }
        let button = egui::Button::new(text).selected(on).fill(
            code_color(code)
                .map_or(Color32::TRANSPARENT, |c| c.gamma_multiply(if ui.visuals().dark_mode { 0.45 } else { 0.35 })),
        );
        let tip = format!(
            "{}{}\nUsed by {}.{}",
            display_path(&code.path),
            if code.description.is_empty() { String::new() } else { format!("\n{}", code.description) },
            super::words::count(n, "claim", "claims"),
            if selected.is_some() { " Click to add it to or remove it from the selected claim." } else { "" }
        );
        let r = ui.add_enabled(selected.is_some(), button).on_hover_text(tip.clone()).on_disabled_hover_text(tip);
        if r.clicked()
            && let Some(c) = selected
        {
            let (edit, label) = toggle_tag(c, &code.path, now);
            queue.push(Command::Edit { edit, label: label.to_owned(), coalesce: None });
        }
        ui.label(RichText::new(n.to_string()).small().weak());
        // Shortcut.
        let shortcut = code.shortcut;
        egui::ComboBox::from_id_salt(("code-shortcut", &code.path))
            .width(44.0)
            .selected_text(shortcut.map_or_else(|| "–".to_owned(), |d| d.to_string()))
            .show_ui(ui, |ui| {
                let mut pick = shortcut;
                ui.selectable_value(&mut pick, None, "none");
                for d in 1..=9u8 {
                    let owner = book.by_shortcut(d).filter(|c| c.path != code.path);
                    let label = owner.map_or_else(|| d.to_string(), |o| format!("{d} (now {})", o.path));
                    ui.selectable_value(&mut pick, Some(d), label);
                }
                if pick != shortcut
                    && let Ok(b) = book.with_shortcut(&code.path, pick)
                {
                    set(queue, b, "Set code shortcut", None);
                }
            })
            .response
            .on_hover_text("Keyboard shortcut (1–9) that applies this code to the selected claim");
        // Description and removal.
        ui.menu_button("…", |ui| {
            ui.label("Description");
            let mut d = code.description.clone();
            if ui.add(egui::TextEdit::multiline(&mut d).desired_rows(2).desired_width(220.0)).changed() {
                let mut b = book.clone();
                b.codes[i].description = d;
                set(queue, b, "Describe code", Some(format!("code-desc:{}", code.path)));
            }
            ui.separator();
            if ui.button("Remove code").on_hover_text("Remove it from the codebook (claims keep their tags)").clicked()
            {
                if let Ok(b) = book.without(&code.path, false) {
                    set(queue, b, "Remove code", None);
                }
                ui.close();
            }
        });
    });
}

/// Apply the code with shortcut `digit` to the `selected` claim (toggle). Returns the command,
/// or a message saying why nothing happened.
///
/// # Errors
/// The message (empty without an open project) when no command applies.
pub fn shortcut_command(
    session: Option<&Session>,
    selected: Option<crate::project::ClaimId>,
    digit: u8,
    now: jiff::Timestamp,
) -> Result<Command, String> {
    let s = session.ok_or_else(String::new)?;
    let code = s.project.codebook.by_shortcut(digit).ok_or_else(|| format!("No code has the shortcut {digit}"))?;
    let claim = selected
        .and_then(|id| s.project.claim(id))
        .ok_or_else(|| format!("Select a claim to tag it with “{}”", code.path))?;
    let (edit, label) = toggle_tag(claim, &code.path, now);
    Ok(Command::Edit { edit, label: format!("{label} {}", code.path), coalesce: None })
}
