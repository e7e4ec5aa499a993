//! The Overview tab: the project's claims counted by status, verdict, type, claimant and tag,
//! and the most mentioned entities, as horizontal bar charts. Every bar is a button: clicking
//! it filters the claims list to the claims it counts (entity bars outline the mentions).
//!
//! The numbers come from [`crate::project::overview::overview`], computed once per change of
//! the project (cached in the session), never per frame.

use egui::{Align2, FontId, RichText, Role, Sense, Ui, WidgetInfo, pos2, vec2};

use super::command::Command;
use super::frame::Frame;
use super::session::Session;
use super::theme::Palette;
use crate::project::overview::{Bar, BarFilter, Overview};

/// The Overview tab.
pub fn overview_panel_ui(ui: &mut Ui, f: &Frame<'_>, session: &Session, queue: &mut Vec<Command>) {
    let Some(overview) = session.overview() else {
        ui.spinner();
        return;
    };
    let palette = super::theme::palette_of(ui);
    let active = f.ui.bar_filter.as_ref().map(|(_, f)| f.clone());
    egui::ScrollArea::vertical().id_salt("overview").auto_shrink(false).show(ui, |ui| {
        ui.label(
            RichText::new(format!(
                "{} · click a bar to filter the claims list",
                super::words::count(overview.total_claims, "claim", "claims")
            ))
            .weak(),
        );
        charts_ui(ui, overview, palette, |ui, title, bar, max, color| {
            let selected = active.as_ref() == Some(&bar.filter);
            if bar_row(ui, &bar.label, bar.count, max, color, selected).clicked() {
                if let BarFilter::Entity { name, .. } = &bar.filter {
                    queue.push(Command::SelectEntity { name: Some(name.clone()), scroll: true });
                }
                let label = format!("{}: {}", title.to_lowercase(), bar.label);
                queue.push(Command::FilterClaims((!selected).then(|| (label, bar.filter.clone()))));
            }
        });
    });
}

/// The six charts of `overview` (status, verdict, type, claimant, tag, entity mentions), each
/// with its title, or a line saying it is empty; `row(ui, title, bar, max, colour)` draws each
/// bar (with [`bar_row`]) and handles its click. Also the corpus Overview's charts.
pub fn charts_ui(
    ui: &mut Ui,
    overview: &Overview,
    palette: &Palette,
    mut row: impl FnMut(&mut Ui, &str, &Bar, usize, egui::Color32),
) {
    let charts: [(&str, &[Bar], bool); 6] = [
        ("Status", &overview.by_status, false),
        ("Verdict", &overview.by_verdict, false),
        ("Type", &overview.by_kind, false),
        ("Claimant", &overview.by_claimant, false),
        ("Tag", &overview.by_tag, false),
        ("Entity mentions", &overview.entity_mentions, true),
    ];
    for (title, bars, entities) in charts {
        ui.add_space(8.0);
        ui.label(RichText::new(title).strong());
        if bars.iter().all(|b| b.count == 0) {
            let empty = match (entities, title) {
                (true, _) => "No entities yet",
                (false, "Tag") if overview.total_claims > 0 => "No tagged claims yet",
                _ => "No claims yet",
            };
            ui.label(RichText::new(empty).small().weak());
            continue;
        }
        let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1);
        let color = if entities { palette.muted_text } else { palette.claim };
        for bar in bars {
            row(ui, title, bar, max, color);
        }
    }
}

/// One bar of a chart, as a button: `label`, a bar proportional to `count / max`, the count.
/// Screen readers read it as a button named "LABEL COUNT", selected when `selected`. Also
/// the corpus Overview's bars ([`super::corpus_panel`]). Returns the row's response.
pub fn bar_row(
    ui: &mut Ui,
    label: &str,
    count: usize,
    max: usize,
    color: egui::Color32,
    selected: bool,
) -> egui::Response {
    let width = ui.available_width();
    let h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let (rect, response) = ui.allocate_exact_size(vec2(width, h), Sense::click());
    let name_count = format!("{label} {count}");
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, &name_count));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        if response.hovered() || selected {
            ui.painter().rect_filled(rect, 3.0, visuals.weak_bg_fill);
        }
        let label_w = (width * 0.42).min(170.0);
        let font = FontId::proportional(12.5);
        let text_color = ui.visuals().text_color();
        let name: String = if label.chars().count() > 24 {
            label.chars().take(23).chain(std::iter::once('…')).collect()
        } else {
            label.to_owned()
        };
        ui.painter().text(pos2(rect.min.x + 4.0, rect.center().y), Align2::LEFT_CENTER, name, font.clone(), text_color);
        let count_w = 34.0;
        let bar_max = (width - label_w - count_w - 8.0).max(10.0);
        let frac = count as f32 / max as f32;
        let x0 = rect.min.x + label_w;
        let bar_rect = egui::Rect::from_min_size(pos2(x0, rect.min.y + 4.0), vec2(bar_max * frac, h - 8.0));
        if count > 0 {
            ui.painter().rect_filled(bar_rect, 2.0, if selected { color } else { color.gamma_multiply(0.75) });
        }
        ui.painter().text(
            pos2(x0 + bar_max * frac + 6.0, rect.center().y),
            Align2::LEFT_CENTER,
            count.to_string(),
            font,
            text_color,
        );
    }
    let tip = if label.chars().count() > 24 { format!("{label}: {count}") } else { String::new() };
    if tip.is_empty() { response } else { response.on_hover_text(tip) }
}
