//! Right-to-left text (Arabic, Hebrew) in display order: the Unicode Bidirectional Algorithm
//! (UAX #9, through `unicode-bidi`) applied to one line at a time.
//!
//! The window lays text out left to right. For a block with right-to-left characters it first
//! breaks the block into lines in logical order (as the algorithm requires), then asks
//! [`BidiText::visual_line`] for the line's pieces in display order, left to right. A run of
//! right-to-left *letters* stays one piece in logical order, because the text shaper joins
//! Arabic letters only in logical order and itself draws such a run right to left; every other
//! character (spaces, punctuation, digits, Latin words) is its own piece, in display order, with
//! brackets mirrored where they sit in right-to-left text. So in an Arabic paragraph a full
//! stop ends up at the left end of the line and numbers read left to right.
//!
//! Offsets are UTF-8 bytes of the text given.

use std::ops::Range;

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};

/// One piece of a line in display order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The bytes of the text it shows, in logical order.
    pub bytes: Range<usize>,
    /// A run of right-to-left letters (to be shaped, and drawn, right to left as one unit).
    pub rtl_run: bool,
    /// A bracket in right-to-left text, to be drawn mirrored (`(` as `)`).
    pub mirrored: Option<char>,
}

/// True when `text` has characters written right to left (Arabic, Hebrew, …).
#[must_use]
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| !c.is_ascii() && matches!(bidi_class(c), BidiClass::R | BidiClass::AL))
}

/// True when a paragraph starting this way reads right to left (its first strong character is
/// right-to-left; rules P2–P3).
#[must_use]
pub fn is_rtl_paragraph(text: &str) -> bool {
    for c in text.chars() {
        match bidi_class(c) {
            BidiClass::R | BidiClass::AL => return true,
            BidiClass::L => return false,
            _ => {}
        }
    }
    false
}

/// A character of a right-to-left script, an Arabic-Indic digit or a combining mark: what a
/// shaper takes into a right-to-left run with the letters around it.
#[must_use]
pub fn is_rtl_shaped(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::AN | BidiClass::NSM)
}

/// Letters that join into a right-to-left run (with their combining marks and joiners).
fn is_rtl_letter(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::NSM)
        || matches!(c, '\u{200C}' | '\u{200D}' | '\u{0640}')
}

fn mirror(c: char) -> Option<char> {
    Some(match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => return None,
    })
}

/// The bidi analysis of one block of text, reused for each of its lines.
pub struct BidiText<'a> {
    info: BidiInfo<'a>,
}

impl<'a> BidiText<'a> {
    /// Analyse `text` (a block; its paragraphs get their direction from their first strong
    /// character).
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        Self { info: BidiInfo::new(text, None) }
    }

    /// True when the paragraph holding byte `at` reads right to left.
    #[must_use]
    pub fn is_rtl_at(&self, at: usize) -> bool {
        self.info.paragraphs.iter().find(|p| p.range.contains(&at)).is_some_and(|p| p.level.is_rtl())
    }

    /// The pieces of the line `line` (a byte range on char boundaries, inside one paragraph),
    /// in display order from left to right. Every character of the line is in exactly one
    /// piece. A line break (`\n`) at its end is left out.
    ///
    /// # Example
    /// ```
    /// use claimlens::document::bidi::BidiText;
    /// let text = "قال إن 5% «كثير».";
    /// let b = BidiText::new(text);
    /// let shown: Vec<String> = b
    ///     .visual_line(0..text.len())
    ///     .iter()
    ///     .map(|p| p.mirrored.map_or_else(|| text[p.bytes.clone()].to_owned(), String::from))
    ///     .collect();
    /// // Left to right on screen: the full stop first, the quotation marks mirrored, the words
    /// // as runs (each drawn right to left by the shaper). After Arabic letters a number is an
    /// // Arabic number (UAX #9, rule W2), so the percent sign stands to its left: "%5", as
    /// // Arabic text shows it.
    /// assert_eq!(shown.concat(), ".«كثير» %5 إن قال");
    /// ```
    #[must_use]
    pub fn visual_line(&self, line: Range<usize>) -> Vec<Piece> {
        let text = self.info.text;
        let line = line.start.min(text.len())..line.end.min(text.len());
        let end = if text[line.clone()].ends_with('\n') { line.end - 1 } else { line.end };
        let line = line.start..end;
        if line.is_empty() {
            return Vec::new();
        }
        let Some(para) = self.info.paragraphs.iter().find(|p| p.range.start <= line.start && line.end <= p.range.end)
        else {
            // Crosses paragraphs (not made by the window): logical order.
            return text[line.clone()]
                .char_indices()
                .map(|(i, c)| Piece {
                    bytes: line.start + i..line.start + i + c.len_utf8(),
                    rtl_run: false,
                    mirrored: None,
                })
                .collect();
        };
        let levels_by_byte = self.info.reordered_levels(para, line.clone());
        let chars: Vec<(usize, char)> = text[line.clone()].char_indices().map(|(i, c)| (line.start + i, c)).collect();
        let levels: Vec<Level> = chars.iter().map(|(b, _)| levels_by_byte[*b]).collect();
        let order = BidiInfo::reorder_visual(&levels);
        let end_of = |k: usize| chars[k].0 + chars[k].1.len_utf8();
        let mut out = Vec::with_capacity(order.len());
        let mut v = 0;
        while v < order.len() {
            let k = order[v];
            let (b, c) = chars[k];
            if levels[k].is_rtl() && is_rtl_letter(c) {
                // A reversed run: visual positions whose logical indices go down by one.
                let mut w = v + 1;
                while w < order.len()
                    && order[w] + 1 == order[w - 1]
                    && levels[order[w]].is_rtl()
                    && is_rtl_letter(chars[order[w]].1)
                {
                    w += 1;
                }
                let first = order[w - 1];
                out.push(Piece { bytes: chars[first].0..end_of(k), rtl_run: true, mirrored: None });
                v = w;
            } else {
                let mirrored = if levels[k].is_rtl() { mirror(c) } else { None };
                out.push(Piece { bytes: b..end_of(k), rtl_run: false, mirrored });
                v += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<(String, bool)> {
        BidiText::new(text)
            .visual_line(0..text.len())
            .into_iter()
            .map(|p| (p.mirrored.map_or_else(|| text[p.bytes.clone()].to_owned(), String::from), p.rtl_run))
            .collect()
    }

    #[test]
    fn left_to_right_text_is_unchanged() {
        let text = "NATO asks for 5% (of GDP).";
        let s: String = shown(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(s, text);
        assert!(!has_rtl(text) && !is_rtl_paragraph(text));
    }

    #[test]
    fn arabic_sentence_reads_right_to_left_with_the_stop_on_the_left() {
        let text = "عام 2004 كان.";
        assert!(is_rtl_paragraph(text));
        let s = shown(text);
        let joined: String = s.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(joined, ".كان 2004 عام");
        assert_eq!(s[0], (".".to_owned(), false));
        assert!(s.iter().any(|(t, run)| t == "كان" && *run));
    }

    #[test]
    fn english_paragraph_with_an_arabic_name() {
        let text = "The minister, محمد علي, spoke.";
        assert!(!is_rtl_paragraph(text) && has_rtl(text));
        let joined: String = shown(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(joined, "The minister, علي محمد, spoke.");
    }

    #[test]
    fn hebrew_and_every_char_once() {
        let text = "שלום (עולם) 3.5!";
        let pieces = BidiText::new(text).visual_line(0..text.len());
        let mut covered: Vec<Range<usize>> = pieces.iter().map(|p| p.bytes.clone()).collect();
        covered.sort_by_key(|r| r.start);
        let mut at = 0;
        for r in covered {
            assert_eq!(r.start, at);
            at = r.end;
        }
        assert_eq!(at, text.len());
        let joined: String = shown(text).into_iter().map(|(t, _)| t).collect();
        assert_eq!(joined, "!3.5 (עולם) שלום");
    }
}
