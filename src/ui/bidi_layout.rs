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

/// The chars of each row of `galley` (laid out from a block in logical order) as byte ranges.
fn logical_rows(galley: &Galley, text: &str) -> Vec<std::ops::Range<usize>> {
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let n_chars = starts.len() - 1;
    let mut rows = Vec::with_capacity(galley.rows.len());
    let mut c = 0;
    for row in &galley.rows {
        let n = row.row.glyphs.len();
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

/// Lay out `job` (the block `text`, logical order, wrapped at `width`) in display order when
/// the block has right-to-left text; `None` when it has none (use the plain galley). Falls back
/// to `None` too if egui's glyphs do not match the text one to one.
#[must_use]
pub fn layout(ui: &Ui, job: &LayoutJob, text: &str, width: f32) -> Option<(Arc<Galley>, BidiMap)> {
    if !crate::document::bidi::has_rtl(text) || job.sections.is_empty() {
        return None;
    }
    let logical = ui.fonts_mut(|f| f.layout_job(job.clone()));
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
    let mut char_of_glyph: Vec<u32> = Vec::with_capacity(n_chars + 8);
    let mut rtl_glyph: Vec<bool> = Vec::with_capacity(n_chars + 8);
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
                    for c in (ca..cb).rev() {
                        char_of_glyph.push(c as u32);
                        rtl_glyph.push(true);
                    }
                }
            } else {
                let section = section_at(job, piece.bytes.start);
                match piece.mirrored {
                    Some(m) => push(&mut out, m.encode_utf8(&mut [0; 4]), section),
                    None => push(&mut out, &text[piece.bytes.clone()], section),
                }
                char_of_glyph.push(char_index(piece.bytes.start) as u32);
                rtl_glyph.push(false);
            }
        }
        if r + 1 < rows.len() {
            let section = section_at(job, range.end.saturating_sub(1));
            push(&mut out, "\n", section);
            char_of_glyph.push(char_index(range.end) as u32);
            rtl_glyph.push(false);
        }
    }
    let mut galley = (*ui.fonts_mut(|f| f.layout_job(out))).clone();
    // One glyph per character, as egui promises (continuation glyphs fill ligatures): check.
    let slots: usize = galley.rows.iter().map(|r| r.row.glyphs.len() + usize::from(r.ends_with_newline)).sum();
    if slots != char_of_glyph.len() || galley.rows.len() != rows.len() {
        return None;
    }
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
    let mut glyph_of_char = vec![0u32; n_chars];
    for (g, &c) in char_of_glyph.iter().enumerate() {
        if let Some(slot) = glyph_of_char.get_mut(c as usize) {
            *slot = g as u32;
        }
    }
    Some((Arc::new(galley), BidiMap { char_of_glyph, rtl_glyph, glyph_of_char, rtl_paragraph }))
}
