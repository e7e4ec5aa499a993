//! Right-to-left blocks in the article view. egui lays text out left to right, in logical
//! order; a block with Arabic or Hebrew text is laid out twice instead:
//!
//! 1. in logical order at the column width, which gives the line breaks (the bidi algorithm
//!    breaks lines before it reorders them);
//! 2. each line's pieces in display order ([`crate::document::bidi::BidiText::visual_line`]),
//!    one line per row, with runs of right-to-left letters kept whole (egui's shaper draws them
//!    right to left and joins Arabic letters); right-to-left paragraphs are then right-aligned.
//!
//! A [`BidiMap`] keeps which character of the block each glyph of the second galley shows, so
//! highlights, the selection and hit-testing still speak in the block's logical offsets.

use std::sync::Arc;

use egui::text::{LayoutJob, LayoutSection};
use egui::{Galley, Rect, Ui, pos2, vec2};

use crate::document::bidi::BidiText;

/// Glyph ⇄ character correspondence of a reordered galley. Glyph slots count like egui's
/// cursor: one per glyph, plus one per row that ends in a line break.
#[derive(Clone, Debug, Default)]
pub struct BidiMap {
    /// For each glyph slot, the block's character (index) it shows.
    char_of_glyph: Vec<u32>,
    /// For each glyph slot, whether it is drawn right to left (so its left edge is the end of
    /// its character).
    rtl_glyph: Vec<bool>,
    /// For each character of the block, its glyph slot.
    glyph_of_char: Vec<u32>,
    /// The block reads right to left (bullets and quote bars go on the right).
    pub rtl_paragraph: bool,
}

impl BidiMap {
    /// The glyph slot showing character `c` (the end slot for `c` at the end).
    #[must_use]
    pub fn glyph_of(&self, c: usize) -> usize {
        self.glyph_of_char.get(c).map_or(self.char_of_glyph.len(), |g| *g as usize)
    }

    /// The character boundary at the left edge of glyph slot `g` (a cursor position from
    /// `Galley::cursor_from_pos`).
    #[must_use]
    pub fn boundary_at(&self, g: usize) -> usize {
        match self.char_of_glyph.get(g) {
            Some(&c) if self.rtl_glyph[g] => c as usize + 1,
            Some(&c) => c as usize,
            None => self.char_of_glyph.last().map_or(0, |&c| c as usize + 1).min(self.glyph_of_char.len()),
        }
    }

    /// Glyph slots of characters `a..b`, as sorted ranges of consecutive slots.
    #[must_use]
    pub fn glyph_ranges(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let mut slots: Vec<usize> =
            (a..b.min(self.glyph_of_char.len())).map(|c| self.glyph_of_char[c] as usize).collect();
        slots.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::new();
        for g in slots {
            match out.last_mut() {
                Some((_, end)) if *end == g => *end = g + 1,
                _ => out.push((g, g + 1)),
            }
        }
        out
    }
}

/// A glyph epaint adds after a right-to-left run for a character the run's drawn glyphs already
/// show (see [`glyph_chars`]): zero width, nothing drawn.
fn is_duplicate(g: &egui::epaint::text::Glyph) -> bool {
    g.advance_width == 0.0 && g.uv_rect.is_nothing()
}

/// A character egui shapes right to left, with the letters around it (Arabic and Hebrew
/// letters, their marks, digits and punctuation, joiners).
fn in_rtl_run(c: char) -> bool {
    crate::document::bidi::is_rtl_shaped(c)
        || matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' | '\u{200C}' | '\u{200D}')
}

/// The chars of each row of `galley` (laid out from a block in logical order) as byte ranges.
///
/// A row has one glyph per character, except after a right-to-left run of *n* characters:
/// epaint 0.37 draws its glyphs and then repeats its characters from the *k*-th on (*k* the
/// glyphs of its first cluster) as zero-width glyphs. So *n* is *k* plus the repeats, *k* found
/// where the repeats match the text (exact with ligatures such as lām-alif, and marks).
fn logical_rows(galley: &Galley, text: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let n_chars = chars.len();
    let mut rows = Vec::with_capacity(galley.rows.len());
    let mut c = 0;
    for row in &galley.rows {
        let glyphs = &row.row.glyphs;
        let mut n = 0;
        let mut g = 0;
        while g < glyphs.len() {
            if !in_rtl_run(glyphs[g].chr) {
                n += 1;
                g += 1;
                continue;
            }
            let mut end = g;
            while end < glyphs.len() && in_rtl_run(glyphs[end].chr) {
                end += 1;
            }
            let mut drawn_end = end;
            while drawn_end > g + 1 && is_duplicate(&glyphs[drawn_end - 1]) {
                drawn_end -= 1;
            }
            let repeats = &glyphs[drawn_end..end];
            let at = c + n;
            let run = if repeats.is_empty() {
                drawn_end - g
            } else {
                (1..=4)
                    .find(|&k| {
                        chars
                            .get(at + k..at + k + repeats.len())
                            .is_some_and(|t| t.iter().zip(repeats).all(|(ch, gl)| *ch == gl.chr))
                    })
                    .map_or(drawn_end - g, |k| k + repeats.len())
            };
            n += run;
            g = end;
        }
        let end = (c + n).min(n_chars);
        rows.push(starts[c]..starts[end]);
        c = (end + usize::from(row.ends_with_newline)).min(n_chars);
    }
    rows
}

/// The format (section) of `job` at byte `at`.
fn section_at(job: &LayoutJob, at: usize) -> usize {
    job.sections.partition_point(|s| s.byte_range.end.0 <= at).min(job.sections.len().saturating_sub(1))
}

/// What [`glyph_chars`] finds: per glyph slot, the character, whether it is drawn right to
/// left, and whether the slot only fills (a line break, a continuation glyph) rather than
/// shows its character.
type GlyphChars = (Vec<u32>, Vec<bool>, Vec<bool>);

/// A piece of a reordered line, as pushed into the display-order job.
enum Piece {
    /// One character shown left to right (or a mirrored bracket).
    Ltr(u32),
    /// A run of right-to-left letters in logical order: its first character (index), its
    /// characters, and the index after its last.
    Rtl { first: u32, chars: Vec<char>, end: u32 },
    /// The line break after a row, at this character.
    Newline(u32),
}

/// Which character each glyph slot of `galley` shows, and whether it is drawn right to left.
///
/// egui shapes a right-to-left run with its glyphs in display order, then (epaint 0.37) adds
/// zero-width "continuation" glyphs for every character of the run but its first cluster, as
/// if the run were one ligature. So a run of *n* characters has its *g* drawn glyphs (*g* = *n*
/// without ligatures or marks) followed by up to *n* − 1 zero-width glyphs repeating its
/// characters from the second on; both shapes are recognised. Drawn glyphs map to the run's
/// characters from its end (proportionally when *g* ≠ *n*), continuation glyphs to its start.
/// `None` when the glyphs do not match the pieces.
fn glyph_chars(galley: &Galley, pieces: &[Piece]) -> Option<GlyphChars> {
    let glyphs: Vec<&egui::epaint::text::Glyph> = galley.rows.iter().flat_map(|r| r.row.glyphs.iter()).collect();
    let mut char_of_glyph = Vec::with_capacity(glyphs.len() + galley.rows.len());
    let mut rtl_glyph = Vec::with_capacity(glyphs.len() + galley.rows.len());
    let mut fill = Vec::with_capacity(glyphs.len() + galley.rows.len());
    let mut at = 0;
    for piece in pieces {
        match piece {
            Piece::Ltr(c) => {
                glyphs.get(at)?;
                at += 1;
                char_of_glyph.push(*c);
                rtl_glyph.push(false);
                fill.push(false);
            }
            Piece::Newline(c) => {
                // egui's row break: a slot of its own, no glyph.
                char_of_glyph.push(*c);
                rtl_glyph.push(false);
                fill.push(true);
            }
            Piece::Rtl { first, chars, end } => {
                let n = chars.len();
                let rest = glyphs.get(at..)?;
                let continuation = |g: usize, k: usize| {
                    let tail = rest.get(g..g + (n - k));
                    tail.is_some_and(|t| {
                        t.iter().zip(&chars[k..]).all(|(gl, &ch)| gl.chr == ch && gl.advance_width == 0.0)
                    })
                };
                // The usual case first (one glyph per character), then ligatures and marks.
                let shape = (n > 1 && continuation(n, 1)).then_some((n, 1)).or_else(|| {
                    (1..=n.min(4))
                        .flat_map(|k| (1..=2 * n).map(move |g| (g, k)))
                        .find(|&(g, k)| k < n && continuation(g, k))
                });
                let (drawn, extra) = match shape {
                    Some((g, k)) => (g, n - k),
                    None => (n, 0), // one glyph per character, as egui promises elsewhere
                };
                rest.get(..drawn + extra)?;
                let span = (end - first) as usize;
                for j in 0..drawn {
                    let from_end = if drawn == n { j } else { j * n / drawn };
                    char_of_glyph.push(first + (span - 1 - from_end.min(span - 1)) as u32);
                    rtl_glyph.push(true);
                    fill.push(false);
                }
                for _ in 0..extra {
                    char_of_glyph.push(*first);
                    rtl_glyph.push(false);
                    fill.push(true);
                }
                at += drawn + extra;
            }
        }
    }
    (at == glyphs.len()).then_some((char_of_glyph, rtl_glyph, fill))
}

/// `job` with every section cut where words and spaces meet, when `text` has right-to-left
/// text (otherwise `job` unchanged). epaint shapes each section on its own, and a right-to-left
/// run shaped across spaces comes out in display order as a whole, so its lines would break in
/// display order; word by word, the words stay in logical order and lines break as the bidi
/// algorithm wants. The heights measured for the view use the same job.
#[must_use]
pub fn word_sections(job: LayoutJob, text: &str) -> LayoutJob {
    if !crate::document::bidi::has_rtl(text) {
        return job;
    }
    let mut sections = Vec::with_capacity(job.sections.len() * 8);
    for section in &job.sections {
        let (a, b) = (section.byte_range.start.0, section.byte_range.end.0);
        let mut start = a;
        let mut leading_space = section.leading_space;
        let piece = &job.text[a..b];
        let mut prev_space: Option<bool> = None;
        for (i, c) in piece.char_indices() {
            let space = c.is_whitespace();
            if prev_space.is_some_and(|p| p != space) {
                sections.push(LayoutSection {
                    leading_space,
                    byte_range: start.into()..(a + i).into(),
                    format: section.format.clone(),
                });
                leading_space = 0.0;
                start = a + i;
            }
            prev_space = Some(space);
        }
        if start < b || sections.is_empty() {
            sections.push(LayoutSection {
                leading_space,
                byte_range: start.into()..b.into(),
                format: section.format.clone(),
            });
        }
    }
    LayoutJob { sections, ..job }
}

/// Lay out `job` (the block `text`, logical order, wrapped at `width`) in display order when
/// the block has right-to-left text; `None` when it has none (use the plain galley). Falls back
/// to `None` too if egui's glyphs do not match the text one to one.
#[must_use]
pub fn layout(ui: &Ui, job: &LayoutJob, text: &str, width: f32) -> Option<(Arc<Galley>, BidiMap)> {
    if !crate::document::bidi::has_rtl(text) || job.sections.is_empty() {
        return None;
    }
    let logical = ui.fonts_mut(|f| f.layout_job(word_sections(job.clone(), text)));
    let bidi = BidiText::new(text);
    // Char index of every char-boundary byte (one pass, not a count per piece).
    let mut char_at = vec![0u32; text.len() + 1];
    let mut n_chars = 0;
    for (b, _) in text.char_indices() {
        char_at[b] = n_chars as u32;
        n_chars += 1;
    }
    char_at[text.len()] = n_chars as u32;
    let char_index = |byte: usize| char_at[byte] as usize;

    let mut out =
        LayoutJob { wrap: egui::text::TextWrapping::no_max_width(), break_on_newline: true, ..LayoutJob::default() };
    // What each piece pushed into `out` shows: its characters in the order egui would give
    // their glyphs (right-to-left parts reversed), and whether it is a right-to-left run.
    let mut pieces: Vec<Piece> = Vec::with_capacity(n_chars + 8);
    let push = |out: &mut LayoutJob, shown: &str, section: usize| {
        let start = out.text.len();
        out.text.push_str(shown);
        let format = job.sections[section].format.clone();
        out.sections.push(LayoutSection {
            leading_space: 0.0,
            byte_range: start.into()..out.text.len().into(),
            format,
        });
    };
    let rows = logical_rows(&logical, text);
    let rtl_rows: Vec<bool> = rows.iter().map(|r| bidi.is_rtl_at(r.start)).collect();
    for (r, range) in rows.iter().enumerate() {
        for piece in bidi.visual_line(range.clone()) {
            if piece.rtl_run {
                // Split at format boundaries (an entity ending inside a word); the parts keep
                // their logical order inside, and are placed right to left.
                let mut parts: Vec<(usize, usize)> = Vec::new();
                let mut a = piece.bytes.start;
                while a < piece.bytes.end {
                    let s = section_at(job, a);
                    let b = job.sections[s].byte_range.end.0.min(piece.bytes.end).max(a + 1);
                    let b = text.ceil_char_boundary(b);
                    parts.push((a, b));
                    a = b;
                }
                for (a, b) in parts.into_iter().rev() {
                    push(&mut out, &text[a..b], section_at(job, a));
                    let (ca, cb) = (char_index(a), char_index(b));
                    pieces.push(Piece::Rtl { first: ca as u32, chars: text[a..b].chars().collect(), end: cb as u32 });
                }
            } else {
                let section = section_at(job, piece.bytes.start);
                match piece.mirrored {
                    Some(m) => push(&mut out, m.encode_utf8(&mut [0; 4]), section),
                    None => push(&mut out, &text[piece.bytes.clone()], section),
                }
                pieces.push(Piece::Ltr(char_index(piece.bytes.start) as u32));
            }
        }
        if r + 1 < rows.len() {
            let section = section_at(job, range.end.saturating_sub(1));
            push(&mut out, "\n", section);
            pieces.push(Piece::Newline(char_index(range.end) as u32));
        }
    }
    let mut galley = (*ui.fonts_mut(|f| f.layout_job(out))).clone();
    if galley.rows.len() != rows.len() {
        return None;
    }
    let (char_of_glyph, rtl_glyph, fill) = glyph_chars(&galley, &pieces)?;
    let rtl_paragraph = bidi.is_rtl_at(0);
    let mut bounds = galley.mesh_bounds;
    for (row, rtl) in galley.rows.iter_mut().zip(&rtl_rows) {
        if *rtl {
            let dx = (width - row.row.size.x).max(0.0);
            row.pos.x += dx;
            bounds = bounds.union(row.row.visuals.mesh_bounds.translate(row.pos.to_vec2()));
        }
    }
    galley.mesh_bounds = bounds;
    galley.rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(width.max(galley.rect.width()), galley.rect.height()));
    // A character's glyph is the one that shows it (line breaks and zero-width continuation
    // glyphs only fill slots); a character no glyph shows (inside a ligature, or the space
    // where a line breaks) takes the slot of the one before it.
    let mut glyph_of_char = vec![u32::MAX; n_chars];
    for (g, &c) in char_of_glyph.iter().enumerate() {
        if !fill[g]
            && let Some(slot) = glyph_of_char.get_mut(c as usize)
            && *slot == u32::MAX
        {
            *slot = g as u32;
        }
    }
    let mut last = 0;
    for slot in &mut glyph_of_char {
        if *slot == u32::MAX {
            *slot = last;
        }
        last = *slot;
    }
    Some((Arc::new(galley), BidiMap { char_of_glyph, rtl_glyph, glyph_of_char, rtl_paragraph }))
}

#[cfg(test)]
mod tests {
    use egui::text::{LayoutJob, TextFormat};
    use egui::{Color32, FontId};

    use super::layout;

    /// Lay out `text` wrapped at `width` and return each row's left and right edges.
    fn rows(text: &str, width: f32) -> (Vec<(f32, f32)>, bool) {
        let ctx = egui::Context::default();
        ctx.set_fonts(crate::ui::theme::font_definitions());
        let mut out = None;
        for _ in 0..2 {
            ctx.run_ui(egui::RawInput::default(), |ui| {
                let mut job = LayoutJob::single_section(
                    text.to_owned(),
                    TextFormat::simple(FontId::proportional(14.0), Color32::WHITE),
                );
                job.wrap.max_width = width;
                if let Some((g, map)) = layout(ui, &job, text, width) {
                    let edges = g.rows.iter().map(|r| (r.pos.x, r.pos.x + r.row.size.x)).collect();
                    out = Some((edges, map.rtl_paragraph));
                }
            })
            .drop_without_applying_deltas();
        }
        out.expect("a block with Arabic text is laid out in display order")
    }

    #[test]
    fn a_right_to_left_paragraph_is_right_aligned() {
        // With lām-alif ligatures (الإثنين، الانتقال) and a mark (بأعدادٍ).
        let arabic = "كتبت كوري شولمان، المساعدة الخاصة لأوباما في تدوينة نشرتها يوم الإثنين بأعدادٍ: \
                      فيما الكثير من عمليات الانتقال الرقمي غير مسبوقة في الولايات المتحدة، فإن \
                      الانتقال السلمي للسلطة سبق له أن حدث.";
        let width = 220.0;
        let (edges, rtl) = rows(arabic, width);
        assert!(rtl);
        assert!(edges.len() >= 3, "wraps: {edges:?}");
        for (left, right) in &edges {
            assert!((right - width).abs() < 1.0, "every row ends at the right edge: {edges:?}");
            assert!(*left >= -0.5, "{edges:?}");
        }
        let last = edges.last().unwrap();
        assert!(last.0 > 10.0, "the short last row starts away from the left edge: {edges:?}");
    }

    /// Lines of right-to-left text break between words, in logical order.
    #[test]
    fn right_to_left_lines_break_between_words_in_logical_order() {
        let text = "كتبت كوري شولمان، المساعدة الخاصة لأوباما في تدوينة نشرتها يوم الإثنين بأعدادٍ: فيما \
                    الكثير من عمليات الانتقال الرقمي غير مسبوقة في الولايات المتحدة، فإن الانتقال.";
        let ctx = egui::Context::default();
        ctx.set_fonts(crate::ui::theme::font_definitions());
        let mut rows = Vec::new();
        for _ in 0..2 {
            ctx.run_ui(egui::RawInput::default(), |ui| {
                let mut job = LayoutJob::single_section(
                    text.to_owned(),
                    TextFormat::simple(FontId::proportional(14.0), Color32::WHITE),
                );
                job.wrap.max_width = 180.0;
                let g = ui.fonts_mut(|f| f.layout_job(super::word_sections(job, text)));
                rows = super::logical_rows(&g, text);
            })
            .drop_without_applying_deltas();
        }
        assert!(rows.len() >= 4, "{rows:?}");
        assert_eq!(rows[0].start, 0);
        assert_eq!(rows.last().unwrap().end, text.len());
        for pair in rows.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "rows follow each other: {rows:?}");
            assert!(text[..pair[1].start].ends_with(' '), "a row starts at a word: {:?}", &text[pair[1].clone()]);
        }
        assert!(text[rows[0].clone()].starts_with("كتبت كوري"), "the first row is the text's start");
    }

    /// Every character's glyph (as the highlights and the selection find it) shows that character.
    #[test]
    fn each_character_maps_to_the_glyph_that_shows_it() {
        let text = "قال وزير المالية إن الإنفاق ارتفع 5% في 2024، وفق تقرير (الوزارة) الصادر يوم الإثنين.";
        let ctx = egui::Context::default();
        ctx.set_fonts(crate::ui::theme::font_definitions());
        let mut checked = 0;
        for _ in 0..2 {
            ctx.run_ui(egui::RawInput::default(), |ui| {
                let mut job = LayoutJob::single_section(
                    text.to_owned(),
                    TextFormat::simple(FontId::proportional(14.0), Color32::WHITE),
                );
                job.wrap.max_width = 200.0;
                let (g, map) = layout(ui, &job, text, 200.0).expect("laid out in display order");
                let slots: Vec<Option<char>> = g
                    .rows
                    .iter()
                    .flat_map(|r| r.row.glyphs.iter().map(|gl| Some(gl.chr)).chain(r.ends_with_newline.then_some(None)))
                    .collect();
                checked = 0;
                for (c, ch) in text.chars().enumerate() {
                    let shown = slots[map.glyph_of(c)];
                    let mirrored = match ch {
                        '(' => ')',
                        ')' => '(',
                        other => other,
                    };
                    if ch == ' ' && shown.is_none() {
                        continue; // the space where the line breaks
                    }
                    assert!(shown == Some(ch) || shown == Some(mirrored), "char {c} {ch:?} shows {shown:?}");
                    checked += 1;
                }
            })
            .drop_without_applying_deltas();
        }
        assert!(checked > 70, "{checked}");
    }

    #[test]
    fn a_left_to_right_paragraph_with_an_arabic_name_stays_left_aligned() {
        let text = "The minister, named كوري شولمان in the Arabic press, said on Monday that the \
                    transition of power had happened peacefully before and would again this year.";
        let (edges, rtl) = rows(text, 220.0);
        assert!(!rtl);
        assert!(edges.iter().all(|(left, _)| left.abs() < 0.5), "{edges:?}");
    }
}
