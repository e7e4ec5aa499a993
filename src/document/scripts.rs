//! Which writing systems a text uses, so the window can tell when no installed font can show
//! them (instead of drawing boxes) and name the font package to install.

/// A writing system that needs fonts beyond the bundled Latin/Greek/Cyrillic serif.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Script {
    /// Chinese characters (also Japanese kanji).
    Han,
    /// Japanese hiragana and katakana.
    Kana,
    /// Korean.
    Hangul,
    /// Arabic (also Persian, Urdu).
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Devanagari (Hindi, Marathi, Nepali).
    Devanagari,
    /// Bengali.
    Bengali,
    /// Thai.
    Thai,
    /// Georgian.
    Georgian,
    /// Armenian.
    Armenian,
    /// Ethiopic (Amharic, Tigrinya).
    Ethiopic,
}

impl Script {
    /// The script of `c`, if it is one of these.
    #[must_use]
    pub fn of(c: char) -> Option<Self> {
        Some(match c as u32 {
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Self::Han,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Self::Kana,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Self::Hangul,
            0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Self::Arabic,
            0x0590..=0x05FF | 0xFB1D..=0xFB4F => Self::Hebrew,
            0x0900..=0x097F => Self::Devanagari,
            0x0980..=0x09FF => Self::Bengali,
            0x0E00..=0x0E7F => Self::Thai,
            0x10A0..=0x10FF => Self::Georgian,
            0x0530..=0x058F => Self::Armenian,
            0x1200..=0x139F => Self::Ethiopic,
            _ => return None,
        })
    }

    /// How people call it ("Chinese characters").
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Han => "Chinese characters",
            Self::Kana => "Japanese kana",
            Self::Hangul => "Korean",
            Self::Arabic => "Arabic",
            Self::Hebrew => "Hebrew",
            Self::Devanagari => "Devanagari",
            Self::Bengali => "Bengali",
            Self::Thai => "Thai",
            Self::Georgian => "Georgian",
            Self::Armenian => "Armenian",
            Self::Ethiopic => "Ethiopic",
        }
    }

    /// The Debian/Ubuntu package with fonts for it.
    #[must_use]
    pub const fn debian_font_package(self) -> &'static str {
        match self {
            Self::Han | Self::Kana | Self::Hangul => "fonts-noto-cjk",
            _ => "fonts-noto-core",
        }
    }
}

/// Up to `per_script` distinct characters of each [`Script`] that `text` uses, in order of
/// first use; scripts in order of their first character. Looks at every character once.
///
/// # Example
/// ```
/// use claimlens::document::scripts::{Script, samples};
/// let s = samples("NATO 北约 said: «السلام» 北约", 4);
/// assert_eq!(s, vec![(Script::Han, vec!['北', '约']), (Script::Arabic, vec!['ا', 'ل', 'س', 'م'])]);
/// ```
#[must_use]
pub fn samples(text: &str, per_script: usize) -> Vec<(Script, Vec<char>)> {
    let mut out: Vec<(Script, Vec<char>)> = Vec::new();
    for c in text.chars().filter(|c| !c.is_ascii()) {
        let Some(script) = Script::of(c) else { continue };
        match out.iter_mut().find(|(s, _)| *s == script) {
            Some((_, chars)) => {
                if chars.len() < per_script && !chars.contains(&c) {
                    chars.push(c);
                }
            }
            None => out.push((script, vec![c])),
        }
    }
    out
}
