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
    flash: (u8, u8, u8),
    selection: (u8, u8, u8),
    muted_text: (u8, u8, u8),
    body_text: (u8, u8, u8),
    suggestion: (u8, u8, u8),
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
            flash: rgb(f.flash),
            selection: rgb(f.selection),
            muted_text: rgb(f.muted_text),
            body_text: rgb(f.body_text),
            suggestion: rgb(f.suggestion),
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
