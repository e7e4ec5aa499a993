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

static THEMES: LazyLock<(Palette, Palette)> = LazyLock::new(|| {
    let file: ThemeFile = ron::from_str(include_str!("../../assets/theme.ron")).expect("assets/theme.ron is valid");
    (Palette::from_file(file.light), Palette::from_file(file.dark))
});

/// The palette for the current egui theme.
#[must_use]
pub fn palette(dark_mode: bool) -> &'static Palette {
    if dark_mode { &THEMES.1 } else { &THEMES.0 }
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
