//! Colours and fonts. Entity colours come from `assets/theme.ron`; this is the only module
//! that constructs colours from numbers.

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use egui::{Color32, FontData, FontDefinitions, FontFamily};
use serde::Deserialize;

use crate::nlp::EntityLabel;

#[derive(Deserialize)]
struct ThemeFile {
    light: PaletteFile,
    dark: PaletteFile,
    high_light: PaletteFile,
    high_dark: PaletteFile,
    underlines: BTreeMap<EntityLabel, Underline>,
}

/// The line drawn under the mentions of one entity type: a cue that does not depend on colour
/// (View ▸ Underline entity types; always on in high contrast).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Underline {
    /// One straight line.
    Solid,
    /// Dashes.
    Dashed,
    /// Dots.
    Dotted,
    /// Two thin parallel lines.
    Double,
    /// A wave.
    Wavy,
    /// Alternating dashes and dots.
    DashDot,
}

/// The contrast settings of the View menu, kept in egui's persisted memory (saved with the
/// window's state, like the theme preference) so they survive a restart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(default)]
pub struct Contrast {
    /// View ▸ High contrast: the high-contrast palettes and window colours.
    pub high: bool,
    /// View ▸ Underline entity types (implied by `high`).
    pub underlines: bool,
}

impl Contrast {
    /// Entity mentions get their type's [`Underline`].
    #[must_use]
    pub fn underlines_shown(self) -> bool {
        self.high || self.underlines
    }
}

fn contrast_id() -> egui::Id {
    egui::Id::unique("claimlens-contrast")
}

/// The contrast settings chosen in the View menu (remembered across runs).
#[must_use]
pub fn contrast(ctx: &egui::Context) -> Contrast {
    ctx.data_mut(|d| d.get_persisted(contrast_id())).unwrap_or_default()
}

/// Choose the contrast settings (stored in egui's persisted memory).
pub fn set_contrast(ctx: &egui::Context, c: Contrast) {
    ctx.data_mut(|d| d.insert_persisted(contrast_id(), c));
}

#[derive(Deserialize)]
struct PaletteFile {
    entities: BTreeMap<EntityLabel, (u8, u8, u8)>,
    claim: (u8, u8, u8),
    claim_selected: (u8, u8, u8),
    find_match: (u8, u8, u8),
    find_current: (u8, u8, u8),
    find_text: (u8, u8, u8),
    flash: (u8, u8, u8),
    selection: (u8, u8, u8),
    muted_text: (u8, u8, u8),
    body_text: (u8, u8, u8),
    suggestion: (u8, u8, u8),
    suggestion_tint: f32,
    quote: (u8, u8, u8),
}

/// The colours of one theme (light or dark).
#[derive(Clone, Debug)]
pub struct Palette {
    entities: BTreeMap<EntityLabel, Color32>,
    /// Claim underline and margin marker.
    pub claim: Color32,
    /// The selected claim.
    pub claim_selected: Color32,
    /// Find matches.
    pub find_match: Color32,
    /// The current find match.
    pub find_current: Color32,
    /// Text on find matches.
    pub find_text: Color32,
    /// Flash overlay after jumping to a claim.
    pub flash: Color32,
    /// Text selection.
    pub selection: Color32,
    /// Muted text (captions, datelines).
    pub muted_text: Color32,
    /// Article body text (higher contrast than egui's default text colour, for reading).
    pub body_text: Color32,
    /// Suggestions.
    pub suggestion: Color32,
    /// The tint over the current suggestion (the suggestion colour at the theme's opacity).
    pub suggestion_tint: Color32,
    /// Text of quotations, when that layer is shown.
    pub quote: Color32,
}

#[allow(clippy::disallowed_methods)] // The one place colours are built from numbers.
fn rgb((r, g, b): (u8, u8, u8)) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// A colour the user chose (codebook codes), stored as RGB.
#[must_use]
pub fn user_color(c: (u8, u8, u8)) -> Color32 {
    rgb(c)
}

impl Palette {
    fn from_file(f: PaletteFile) -> Self {
        Self {
            entities: f.entities.into_iter().map(|(l, c)| (l, rgb(c))).collect(),
            claim: rgb(f.claim),
            claim_selected: rgb(f.claim_selected),
            find_match: rgb(f.find_match),
            find_current: rgb(f.find_current),
            find_text: rgb(f.find_text),
            flash: rgb(f.flash),
            selection: rgb(f.selection),
            muted_text: rgb(f.muted_text),
            body_text: rgb(f.body_text),
            suggestion: rgb(f.suggestion),
            suggestion_tint: rgb(f.suggestion).gamma_multiply(f.suggestion_tint),
            quote: rgb(f.quote),
        }
    }

    /// Background colour of entities of type `label`.
    #[must_use]
    pub fn entity(&self, label: EntityLabel) -> Color32 {
        self.entities.get(&label).copied().unwrap_or(Color32::GRAY)
    }

    /// `c` with opacity `alpha` (0–1).
    #[must_use]
    pub fn with_alpha(c: Color32, alpha: f32) -> Color32 {
        c.gamma_multiply(alpha)
    }
}

struct Themes {
    light: Palette,
    dark: Palette,
    high_light: Palette,
    high_dark: Palette,
    underlines: BTreeMap<EntityLabel, Underline>,
}

static THEMES: LazyLock<Themes> = LazyLock::new(|| {
    let file: ThemeFile = ron::from_str(include_str!("../../assets/theme.ron")).expect("assets/theme.ron is valid");
    Themes {
        light: Palette::from_file(file.light),
        dark: Palette::from_file(file.dark),
        high_light: Palette::from_file(file.high_light),
        high_dark: Palette::from_file(file.high_dark),
        underlines: file.underlines,
    }
});

/// The (normal-contrast) palette for the current egui theme.
#[must_use]
pub fn palette(dark_mode: bool) -> &'static Palette {
    palette_for(dark_mode, false)
}

/// The palette for the current egui theme, in high contrast when `high`.
#[must_use]
pub fn palette_for(dark_mode: bool, high: bool) -> &'static Palette {
    let t = &*THEMES;
    match (dark_mode, high) {
        (false, false) => &t.light,
        (true, false) => &t.dark,
        (false, true) => &t.high_light,
        (true, true) => &t.high_dark,
    }
}

/// The palette `ui` is drawn with: its theme, and high contrast if chosen.
#[must_use]
pub fn palette_of(ui: &egui::Ui) -> &'static Palette {
    palette_for(ui.visuals().dark_mode, contrast(ui.ctx()).high)
}

/// The non-colour cue of entity type `label`.
#[must_use]
pub fn underline(label: EntityLabel) -> Underline {
    THEMES.underlines.get(&label).copied().unwrap_or(Underline::Solid)
}

/// The page and window colours of high contrast: the page is pure white (black in dark mode),
/// text black (white), widget outlines in the text colour. Built from egui's own visuals of
/// the theme, so switching back restores them exactly.
#[must_use]
pub fn visuals(dark_mode: bool, high: bool) -> egui::Visuals {
    let mut v = if dark_mode { egui::Visuals::dark() } else { egui::Visuals::light() };
    if high {
        let p = palette_for(dark_mode, true);
        let (page, text) = (page_color(dark_mode), p.body_text);
        v.override_text_color = Some(text);
        v.panel_fill = page;
        v.window_fill = page;
        v.extreme_bg_color = page;
        v.faint_bg_color = page;
        v.window_stroke.color = text;
        for w in [&mut v.widgets.inactive, &mut v.widgets.hovered, &mut v.widgets.active, &mut v.widgets.open] {
            w.fg_stroke.color = text;
            w.bg_stroke = egui::Stroke::new(w.bg_stroke.width.max(1.0), text);
        }
        v.widgets.noninteractive.fg_stroke.color = text;
        v.selection.bg_fill = p.selection;
        v.selection.stroke.color = text;
        v.hyperlink_color = p.claim;
    }
    v
}

/// The page colour of high contrast: white, or black in dark mode.
#[must_use]
pub fn page_color(dark_mode: bool) -> Color32 {
    if dark_mode { rgb((0, 0, 0)) } else { rgb((255, 255, 255)) }
}

/// Paint `kind` under `rect` (one line box of a mention, or a legend chip) in `color`.
/// A few line segments per rect: cheap enough for every visible mention each frame.
pub fn paint_underline(painter: &egui::Painter, rect: egui::Rect, kind: Underline, color: Color32) {
    use egui::{Stroke, pos2};
    let y = rect.max.y - 1.5;
    let (x0, x1) = (rect.min.x + 1.0, rect.max.x - 1.0);
    if x1 <= x0 {
        return;
    }
    let stroke = Stroke::new(1.5, color);
    let dashes = |on: f32, off: f32, out: &mut Vec<egui::Shape>| {
        let mut x = x0;
        while x < x1 {
            out.push(egui::Shape::line_segment([pos2(x, y), pos2((x + on).min(x1), y)], stroke));
            x += on + off;
        }
    };
    let mut shapes = Vec::new();
    match kind {
        Underline::Solid => shapes.push(egui::Shape::line_segment([pos2(x0, y), pos2(x1, y)], stroke)),
        Underline::Dashed => dashes(5.0, 3.0, &mut shapes),
        Underline::Dotted => {
            let mut x = x0 + 1.0;
            while x < x1 {
                shapes.push(egui::Shape::circle_filled(pos2(x, y), 1.1, color));
                x += 3.5;
            }
        }
        Underline::Double => {
            let thin = Stroke::new(1.0, color);
            shapes.push(egui::Shape::line_segment([pos2(x0, y), pos2(x1, y)], thin));
            shapes.push(egui::Shape::line_segment([pos2(x0, y - 3.0), pos2(x1, y - 3.0)], thin));
        }
        Underline::Wavy => {
            let mut points = Vec::new();
            let mut x = x0;
            let mut up = true;
            while x <= x1 {
                points.push(pos2(x, if up { y - 2.0 } else { y }));
                up = !up;
                x += 2.0;
            }
            shapes.push(egui::Shape::line(points, stroke));
        }
        Underline::DashDot => {
            let mut x = x0;
            while x < x1 {
                shapes.push(egui::Shape::line_segment([pos2(x, y), pos2((x + 6.0).min(x1), y)], stroke));
                if x + 8.5 < x1 {
                    shapes.push(egui::Shape::circle_filled(pos2(x + 8.5, y), 1.1, color));
                }
                x += 11.0;
            }
        }
    }
    painter.extend(shapes);
}

/// Font family of the article body (Noto Serif).
#[must_use]
pub fn serif() -> FontFamily {
    FontFamily::Name("serif".into())
}

/// Italic serif (captions).
#[must_use]
pub fn serif_italic() -> FontFamily {
    FontFamily::Name("serif-italic".into())
}

/// Bold serif (title, headings).
#[must_use]
pub fn serif_bold() -> FontFamily {
    FontFamily::Name("serif-bold".into())
}

/// The scripts of `text` that no font egui can reach (the bundled ones and, through the
/// system font provider, the installed ones) can draw: their characters would show as boxes.
/// Looks at a few characters of each script once; call it when a document opens, not per frame.
#[must_use]
pub fn scripts_without_fonts(ctx: &egui::Context, text: &str) -> Vec<crate::document::scripts::Script> {
    let font = egui::FontId::new(16.0, serif());
    crate::document::scripts::samples(text, 12)
        .into_iter()
        .filter(|(_, chars)| ctx.fonts_mut(|f| chars.iter().any(|c| !f.has_glyph(&font, *c))))
        .map(|(script, _)| script)
        .collect()
}

/// egui's default fonts plus the bundled Noto Serif faces for reading. Characters the serif
/// lacks fall back to egui's fonts (and, through eframe's system font provider, to installed
/// system fonts for scripts such as Arabic or CJK).
#[must_use]
pub fn font_definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    let fallbacks = defs.families.get(&FontFamily::Proportional).cloned().unwrap_or_default();
    for (name, bytes, family) in [
        ("NotoSerif-Regular", &include_bytes!("../../assets/fonts/NotoSerif-Regular.ttf")[..], serif()),
        ("NotoSerif-Italic", &include_bytes!("../../assets/fonts/NotoSerif-Italic.ttf")[..], serif_italic()),
        ("NotoSerif-Bold", &include_bytes!("../../assets/fonts/NotoSerif-Bold.ttf")[..], serif_bold()),
    ] {
        defs.font_data.insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        let mut list = vec![name.to_owned()];
        list.extend(fallbacks.iter().cloned());
        defs.families.insert(family, list);
    }
    defs
}

/// The colour of a published rating on the 0 (false) … 1 (true) scale: red through amber to
/// green; grey when the rating has no place on the scale ("unproven", "satire").
#[must_use]
pub fn rating_color(value: Option<f32>, dark_mode: bool) -> Color32 {
    let (red, amber, green, grey) = if dark_mode {
        ((0xf2, 0x6d, 0x6d), (0xe8, 0xb3, 0x4a), (0x6c, 0xcf, 0x7f), (0xa0, 0xa0, 0xa0))
    } else {
        ((0xb4, 0x1e, 0x1e), (0xa8, 0x6a, 0x00), (0x1f, 0x7a, 0x35), (0x6a, 0x6a, 0x6a))
    };
    match value {
        None => rgb(grey),
        Some(v) if v < 0.34 => rgb(red),
        Some(v) if v < 0.67 => rgb(amber),
        Some(_) => rgb(green),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CIE L*a*b* of an sRGB colour (D65).
    fn lab(c: Color32) -> [f32; 3] {
        let lin = |u: u8| {
            let u = f32::from(u) / 255.0;
            if u > 0.04045 { ((u + 0.055) / 1.055).powf(2.4) } else { u / 12.92 }
        };
        let (r, g, b) = (lin(c.r()), lin(c.g()), lin(c.b()));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
        let f = |t: f32| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    /// Colour difference ΔE*76.
    fn delta_e(a: Color32, b: Color32) -> f32 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    /// `over` (premultiplied) painted on the opaque `under`.
    #[allow(clippy::disallowed_methods)] // test arithmetic on colours
    fn blend(under: Color32, over: Color32) -> Color32 {
        let a = f32::from(over.a()) / 255.0;
        let mix = |u: u8, o: u8| (f32::from(o) + f32::from(u) * (1.0 - a)).round().min(255.0) as u8;
        Color32::from_rgb(mix(under.r(), over.r()), mix(under.g(), over.g()), mix(under.b(), over.b()))
    }

    /// WCAG 2 relative luminance of an opaque sRGB colour.
    fn luminance(c: Color32) -> f64 {
        let lin = |u: u8| {
            let u = f64::from(u) / 255.0;
            if u <= 0.040_45 { u / 12.92 } else { ((u + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
    }

    /// WCAG 2 contrast ratio (1–21) of two opaque colours.
    fn contrast_ratio(a: Color32, b: Color32) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// `c` as seen with full protanopia or deuteranopia (Machado, Oliveira & Fernandes 2009,
    /// severity 1, applied in linear RGB).
    #[allow(clippy::disallowed_methods)] // test arithmetic on colours
    fn simulate(c: Color32, m: [[f32; 3]; 3]) -> Color32 {
        let lin = |u: u8| {
            let u = f32::from(u) / 255.0;
            if u > 0.04045 { ((u + 0.055) / 1.055).powf(2.4) } else { u / 12.92 }
        };
        let enc = |v: f32| {
            let v = v.clamp(0.0, 1.0);
            let s = if v > 0.003_130_8 { 1.055 * v.powf(1.0 / 2.4) - 0.055 } else { 12.92 * v };
            (s * 255.0).round() as u8
        };
        let x = [lin(c.r()), lin(c.g()), lin(c.b())];
        let row = |r: [f32; 3]| enc(r[0] * x[0] + r[1] * x[1] + r[2] * x[2]);
        Color32::from_rgb(row(m[0]), row(m[1]), row(m[2]))
    }

    const PROTANOPIA: [[f32; 3]; 3] =
        [[0.152_286, 1.052_583, -0.204_868], [0.114_503, 0.786_281, 0.099_216], [-0.003_882, -0.048_116, 1.051_998]];
    const DEUTERANOPIA: [[f32; 3]; 3] =
        [[0.367_322, 0.860_646, -0.227_968], [0.280_085, 0.672_501, 0.047_413], [-0.011_820, 0.042_940, 0.968_881]];

    /// The smallest ΔE*76 between `a` and `b` for normal vision, protanopia and deuteranopia.
    fn colour_blind_distance(a: Color32, b: Color32) -> f32 {
        let d = delta_e(a, b);
        let p = delta_e(simulate(a, PROTANOPIA), simulate(b, PROTANOPIA));
        let q = delta_e(simulate(a, DEUTERANOPIA), simulate(b, DEUTERANOPIA));
        d.min(p).min(q)
    }

    const THEMES_ALL: [(&str, bool, bool); 4] = [
        ("light", false, false),
        ("dark", true, false),
        ("high-contrast light", false, true),
        ("high-contrast dark", true, true),
    ];

    /// The page colour text is read on: egui's panel fill of the theme (the article is drawn
    /// on the central panel), or high contrast's own.
    fn page(dark: bool, high: bool) -> Color32 {
        visuals(dark, high).panel_fill
    }

    #[test]
    fn high_contrast_body_text_is_aaa_and_highlight_text_is_aa_in_both_themes() {
        for dark in [false, true] {
            let p = palette_for(dark, true);
            let bg = page(dark, true);
            let body = contrast_ratio(p.body_text, bg);
            println!("high contrast dark={dark}: body text {body:.2}:1 on the page");
            assert!(body >= 7.0, "dark={dark}: body text only {body:.2}:1");
            let v = visuals(dark, true);
            let widgets = contrast_ratio(v.override_text_color.unwrap(), v.panel_fill);
            assert!(widgets >= 7.0, "dark={dark}: widget text only {widgets:.2}:1");
            let muted = contrast_ratio(p.muted_text, bg);
            println!(
                "high contrast dark={dark}: muted text {muted:.2}:1, quotations {:.2}:1",
                contrast_ratio(p.quote, bg)
            );
            assert!(muted >= 7.0 && contrast_ratio(p.quote, bg) >= 7.0, "dark={dark}: muted {muted:.2}:1");
            let mut worst = f64::INFINITY;
            for label in EntityLabel::ALL {
                let r = contrast_ratio(p.body_text, p.entity(label));
                println!("high contrast dark={dark}: {label:?} text on its fill {r:.2}:1");
                assert!(r >= 4.5, "dark={dark}: {label:?} text only {r:.2}:1 on its fill");
                let q = contrast_ratio(p.quote, p.entity(label));
                assert!(q >= 4.5, "dark={dark}: quoted {label:?} text only {q:.2}:1 on its fill");
                worst = worst.min(r);
            }
            println!("high contrast dark={dark}: worst entity text {worst:.2}:1");
            for fill in [p.find_match, p.find_current] {
                let r = contrast_ratio(p.find_text, fill);
                assert!(r >= 4.5, "dark={dark}: find text only {r:.2}:1");
            }
        }
    }

    #[test]
    fn normal_and_high_contrast_palettes_differ() {
        for dark in [false, true] {
            let (n, h) = (palette_for(dark, false), palette_for(dark, true));
            assert_ne!(n.body_text, h.body_text);
            assert!(EntityLabel::ALL.iter().any(|l| n.entity(*l) != h.entity(*l)));
            assert!(contrast_ratio(h.body_text, page(dark, true)) > contrast_ratio(n.body_text, page(dark, false)));
        }
    }

    /// Every two entity types differ in colour for normal vision and for simulated protanopia
    /// and deuteranopia — ΔE*76 at least 10 (about four times the just-noticeable difference
    /// of 2.3: highlights are compared across a page, not side by side) — or else in their
    /// underline. Also reports how many pairs greyscale alone would confuse (ΔL* < 10) that
    /// the underline tells apart.
    #[test]
    fn every_pair_of_entity_types_differs_in_colour_for_colour_blind_readers_or_in_underline() {
        const MIN_DELTA_E: f32 = 10.0;
        for (name, dark, high) in THEMES_ALL {
            let p = palette_for(dark, high);
            let (mut by_line, mut grey_by_line) = (0, 0);
            for (i, a) in EntityLabel::ALL.iter().enumerate() {
                for b in &EntityLabel::ALL[i + 1..] {
                    let d = colour_blind_distance(p.entity(*a), p.entity(*b));
                    let lines_differ = underline(*a) != underline(*b);
                    assert!(
                        d >= MIN_DELTA_E || lines_differ,
                        "{name}: {a:?} and {b:?} are ΔE {d:.1} apart and share the {:?} underline",
                        underline(*a)
                    );
                    if d < MIN_DELTA_E {
                        by_line += 1;
                    }
                    let dl = (lab(p.entity(*a))[0] - lab(p.entity(*b))[0]).abs();
                    if dl < 10.0 && lines_differ {
                        grey_by_line += 1;
                    }
                }
            }
            println!(
                "{name}: {by_line} type pairs closer than ΔE {MIN_DELTA_E} (colour-blind) told apart by their \
                 underline; {grey_by_line} pairs with ΔL* < 10 (greyscale) told apart by it"
            );
        }
    }

    #[test]
    fn find_colours_differ_from_every_entity_colour() {
        for dark in [false, true] {
            let p = palette(dark);
            for find in [p.find_match, p.find_current] {
                for label in EntityLabel::ALL {
                    let d = delta_e(find, p.entity(label));
                    assert!(d >= 30.0, "dark={dark}: find {find:?} is ΔE {d:.1} from {label:?}");
                }
            }
        }
    }

    #[test]
    fn the_current_suggestion_tint_is_visible_in_both_themes() {
        for (dark, visuals) in [(false, egui::Visuals::light()), (true, egui::Visuals::dark())] {
            let bg = visuals.panel_fill;
            let d = delta_e(bg, blend(bg, palette(dark).suggestion_tint));
            assert!(d >= 15.0, "dark={dark}: the tint is only ΔE {d:.1} from the page");
        }
    }
}
