//! The article view: a virtualised reader with entity highlights, claim underlines and
//! margin markers, mouse selection across blocks, hover and context menus.
//!
//! Frame cost does not grow with the document (see `shared/notes/article-view.md` for the
//! measurements this design follows):
//! - one galley per block, laid out lazily at the current width and cached here, keyed by a
//!   signature of the block's highlights, so an edit re-lays out only the blocks it touches;
//! - blocks are placed with a Fenwick tree of heights ([`super::heights::Tops`]): a new height
//!   moves the blocks below it in O(log n), the block at a scroll offset is found in O(log n);
//!   heights start as estimates and are measured exactly on a worker thread with its own copy
//!   of the fonts ([`super::heights::Measurer`]), nearest to the reading position first, while
//!   an anchor keeps the text under the viewport still as estimates are replaced;
//! - only blocks meeting the viewport are laid out and painted; galleys far from it are
//!   evicted (walking the resident list, never all blocks);
//! - selection, hover and hits are computed in canonical byte offsets of the document.

use std::hash::{Hash as _, Hasher as _};
use std::sync::Arc;

use egui::accesskit::{Live, Role};
use egui::text::{CCursor, LayoutJob, LayoutSection, TextFormat};
use egui::text_selection::CCursorRange;
use egui::{
    Align, Color32, CursorIcon, FontId, Galley, Pos2, Rect, ScrollArea, Sense, Stroke, Ui, UiBuilder, pos2, vec2,
};

use super::bidi_layout::{self, BidiMap};
use super::heights::{Measurer, Tops, galley_height};
use super::theme::{self, Palette};
use crate::document::{BlockKind, ByteSpan, Document, words};
use crate::nlp::Entity;
use crate::project::ClaimId;

/// Blocks whose galleys stay cached beyond the visible ones, on each side.
const KEEP_AROUND: usize = 32;
/// After the width or zoom changed, wait this long before measuring every block again (a
/// window being resized changes its width every frame).
const REMEASURE_AFTER_SECS: f64 = 0.2;
/// Extra space below the last block.
const BOTTOM_PADDING: f32 = 240.0;
/// How long a claim flashes after jumping to it.
const FLASH_SECS: f64 = 1.4;

/// How the article is typeset.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadingStyle {
    /// Body font size in points (already multiplied by the user's zoom).
    pub body_size: f32,
    /// Dark theme.
    pub dark: bool,
    /// High contrast (View ▸ High contrast).
    pub high_contrast: bool,
    /// Entity mentions are underlined by type (View ▸ Underline entity types, or high contrast).
    pub underlines: bool,
}

impl ReadingStyle {
    /// The reading style at zoom `scale` (1.0 = default).
    #[must_use]
    pub fn new(scale: f32, dark: bool) -> Self {
        Self { body_size: (17.0 * scale).clamp(8.0, 48.0), dark, high_contrast: false, underlines: false }
    }

    /// This style with the View menu's contrast settings.
    #[must_use]
    pub fn with_contrast(mut self, c: theme::Contrast) -> Self {
        self.high_contrast = c.high;
        self.underlines = c.underlines_shown();
        self
    }

    /// The palette of this style's theme and contrast.
    #[must_use]
    pub fn palette(&self) -> &'static Palette {
        theme::palette_for(self.dark, self.high_contrast)
    }

    fn metrics_key(&self) -> u32 {
        (self.body_size * 100.0).round() as u32
    }

    /// The measure: the width of the text column, about 70 characters of body text.
    #[must_use]
    pub fn measure(&self) -> f32 {
        (self.body_size * 33.0).round()
    }

    fn block_format(&self, kind: BlockKind, palette: &Palette) -> BlockFormat {
        let b = self.body_size;
        let (family, size, line, color, gap, indent) = match kind {
            BlockKind::Title => (theme::serif_bold(), b * 1.85, 1.25, Color32::PLACEHOLDER, 0.0, 0.0),
            BlockKind::Subtitle => (theme::serif(), b * 1.2, 1.4, palette.muted_text, 0.5, 0.0),
            BlockKind::Dateline | BlockKind::Byline => {
                (egui::FontFamily::Proportional, b * 0.8, 1.4, palette.muted_text, 0.6, 0.0)
            }
            BlockKind::Heading(level) => {
                let s = match level {
                    0 | 1 => 1.45,
                    2 => 1.3,
                    3 => 1.15,
                    _ => 1.05,
                };
                (theme::serif_bold(), b * s, 1.3, Color32::PLACEHOLDER, 1.6, 0.0)
            }
            BlockKind::Paragraph => (theme::serif(), b, 1.62, Color32::PLACEHOLDER, 1.0, 0.0),
            BlockKind::Caption => (theme::serif_italic(), b * 0.8, 1.45, palette.muted_text, 1.0, 0.0),
            BlockKind::Quote => (theme::serif_italic(), b, 1.6, Color32::PLACEHOLDER, 1.0, 1.6),
            BlockKind::ListItem => (theme::serif(), b, 1.6, Color32::PLACEHOLDER, 0.45, 1.4),
            BlockKind::Preformatted => (egui::FontFamily::Monospace, b * 0.82, 1.45, Color32::PLACEHOLDER, 1.0, 0.0),
        };
        BlockFormat {
            font: FontId::new(size, family),
            line_height: (size * line).round(),
            color,
            gap_before: (gap * b).round(),
            indent: (indent * b).round(),
        }
    }
}

#[derive(Clone, Debug)]
struct BlockFormat {
    font: FontId,
    line_height: f32,
    color: Color32,
    gap_before: f32,
    indent: f32,
}

/// A claim as the view needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClaimMark {
    /// Where it is.
    pub span: ByteSpan,
    /// Which claim.
    pub id: ClaimId,
    /// Its status (screen readers announce it: "Claim, to check").
    pub status: crate::project::ClaimStatus,
}

/// Everything drawn over the text. Built by the app from the project once per change; the
/// view reads only the parts overlapping visible blocks.
#[derive(Clone, Debug, Default)]
pub struct Highlights {
    /// Visible entities (hidden types removed), sorted, non-overlapping.
    pub entities: Vec<Entity>,
    /// For each block, the claims overlapping it, in document order.
    pub block_claims: Vec<Vec<ClaimMark>>,
    /// The selected claim.
    pub selected_claim: Option<ClaimId>,
    /// Find matches, sorted.
    pub find_matches: Vec<ByteSpan>,
    /// Index of the current find match.
    pub find_current: Option<usize>,
    /// Mentions to outline (the entity the user clicked), sorted.
    pub outlined: Vec<ByteSpan>,
    /// Sentences suggested as check-worthy (a margin marker each), sorted.
    pub suggestions: Vec<ByteSpan>,
    /// The check-worthiness score of each of [`Self::suggestions`] (same order).
    pub suggestion_scores: Vec<f32>,
    /// The suggestion stepped to with "Next suggestion" (tinted).
    pub current_suggestion: Option<ByteSpan>,
    /// Suggestions that match a published fact-check (a mark beside their bar), sorted.
    pub checked_before: Vec<ByteSpan>,
    /// Quoted text to show in the quotation colour (empty when the layer is off), sorted.
    pub quotes: Vec<ByteSpan>,
    /// Regions changed since the previous article version (tinted while shown), sorted.
    pub changes: Vec<ByteSpan>,
}

impl Highlights {
    fn entities_in(&self, span: ByteSpan) -> &[Entity] {
        let lo = self.entities.partition_point(|e| e.span.end <= span.start);
        let hi = self.entities.partition_point(|e| e.span.start < span.end);
        &self.entities[lo..hi.max(lo)]
    }

    fn spans_in(spans: &[ByteSpan], span: ByteSpan) -> std::ops::Range<usize> {
        let lo = spans.partition_point(|s| s.end <= span.start);
        let hi = spans.partition_point(|s| s.start < span.end);
        lo..hi.max(lo)
    }

    /// True when byte `at` is inside quoted text of the quotation layer.
    #[must_use]
    pub fn in_quote(&self, at: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.end <= at);
        self.quotes.get(i).is_some_and(|q| q.contains(at))
    }

    /// The entity at byte `at`, if any.
    #[must_use]
    pub fn entity_at(&self, at: usize) -> Option<Entity> {
        let i = self.entities.partition_point(|e| e.span.end <= at);
        self.entities.get(i).copied().filter(|e| e.span.contains(at))
    }
}

/// What the user pointed at when opening the context menu.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContextTarget {
    /// The entity under the pointer.
    pub entity: Option<Entity>,
    /// Claims under the pointer.
    pub claims: Vec<ClaimId>,
    /// The selection at that moment (snapped to words), if non-empty.
    pub selection: Option<ByteSpan>,
}

/// Hooks through which the app adds content to the view's popups.
pub trait ViewHooks {
    /// Tooltip for the entity under the pointer.
    fn entity_tooltip(&mut self, ui: &mut Ui, entity: &Entity);
    /// Tooltip for quoted text (no entity) under the pointer at byte `at`.
    fn quote_tooltip(&mut self, _ui: &mut Ui, _at: usize) {}
    /// Tooltip for the margin marker of the suggested sentence `span`.
    fn suggestion_tooltip(&mut self, _ui: &mut Ui, _span: ByteSpan) {}
    /// The context menu (right click).
    fn context_menu(&mut self, ui: &mut Ui, target: &ContextTarget);
}

/// What happened in the view this frame.
#[derive(Clone, Debug, Default)]
pub struct ViewOutput {
    /// The entity clicked (plain click, no drag).
    pub clicked_entity: Option<Entity>,
    /// Claims under a plain click.
    pub clicked_claims: Vec<ClaimId>,
    /// True when a click landed on text with no entity or claim (clears selections).
    pub clicked_empty: bool,
    /// The selection changed.
    pub selection_changed: bool,
    /// The margin marker of this suggested sentence was clicked.
    pub clicked_suggestion: Option<ByteSpan>,
}

#[derive(Clone, Debug, Default)]
struct Slot {
    galley: Option<Arc<Galley>>,
    /// For a block with right-to-left text, laid out in display order: which glyph shows which
    /// character (see [`super::bidi_layout`]). None: glyphs follow the characters.
    bidi: Option<Arc<BidiMap>>,
    /// Signature of the highlights + format the galley was laid out with.
    sig: u64,
    height: f32,
    measured: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct LayoutKey {
    width: u32,
    ppp_bits: u32,
    metrics: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Anchor {
    block: usize,
    dy: f32,
}

/// The article view's state: layout cache, scroll anchor, selection.
#[derive(Default)]
pub struct ArticleView {
    slots: Vec<Slot>,
    tops: Tops,
    tops_dirty: bool,
    measurer: Option<Measurer>,
    /// A copy of the document the worker measures (made once per document).
    shared_doc: Option<Arc<Document>>,
    /// Measure every block again from this time on (egui time), after the layout key changed.
    remeasure_at: Option<f64>,
    key: Option<LayoutKey>,
    resident: Vec<usize>,
    anchor: Anchor,
    /// The offset the scroll area had last frame (or that we asked for).
    last_offset: f32,
    force_offset: bool,
    probe: Option<Arc<Galley>>,
    unmeasured: usize,
    /// Selection as (anchor, head) bytes; may be reversed.
    selection: Option<(usize, usize)>,
    /// The keyboard reading position (a byte offset), moved by sentence and paragraph keys
    /// (see [`super::caret`]).
    caret: Option<usize>,
    /// The sentence or paragraph the reading position last stepped to (read out by screen
    /// readers as a live region).
    caret_span: Option<ByteSpan>,
    dragging: bool,
    /// Byte to scroll to, and where in the viewport (0 = top).
    pending_scroll: Option<(usize, f32)>,
    flash: Option<(ByteSpan, f64)>,
    context: ContextTarget,
    column_x: f32,
    column_w: f32,
    viewport_h: f32,
    /// Content-space y of the viewport top, for [`ArticleView::top_byte`].
    view_top: f32,
    /// Per-frame count of blocks laid out (for the benchmark).
    pub layouts_this_frame: usize,
    /// Screen rectangle of the whole content last frame.
    last_content: Option<Rect>,
    /// Style of the last frame (to place blocks for [`ArticleView::char_screen_rect`]).
    last_style: Option<ReadingStyle>,
}

fn byte_to_char(text: &str, byte: usize) -> usize {
    if text.is_ascii() { byte } else { text[..byte].chars().count() }
}

fn char_to_byte(text: &str, ci: usize) -> usize {
    if text.is_ascii() { ci.min(text.len()) } else { text.char_indices().nth(ci).map_or(text.len(), |(b, _)| b) }
}

/// The screen rectangles (relative to the galley) covering chars `a..b` of `galley`.
fn char_range_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut offset = 0;
    for row in &galley.rows {
        let n = row.row.glyphs.len();
        let lo = a.max(offset);
        let hi = b.min(offset + n);
        if lo < hi {
            let g0 = &row.row.glyphs[lo - offset];
            let g1 = &row.row.glyphs[hi - 1 - offset];
            let x0 = row.pos.x + g0.pos.x;
            let x1 = row.pos.x + g1.pos.x + g1.advance_width;
            out.push(Rect::from_min_max(pos2(x0, row.pos.y), pos2(x1, row.pos.y + row.row.size.y)));
        }
        offset += n + usize::from(row.ends_with_newline);
        if offset >= b {
            break;
        }
    }
    out
}

/// Rectangles (relative to the galley) covering characters `a..b` of a block, in display
/// order when the block was reordered for right-to-left text.
fn block_char_rects(galley: &Galley, bidi: Option<&BidiMap>, a: usize, b: usize) -> Vec<Rect> {
    match bidi {
        None => char_range_rects(galley, a, b),
        Some(map) => map.glyph_ranges(a, b).into_iter().flat_map(|(x, y)| char_range_rects(galley, x, y)).collect(),
    }
}

impl ArticleView {
    /// A view with nothing laid out.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Forget everything about the previous document.
    pub fn reset(&mut self, doc: &Document) {
        let measurer = self.measurer.take();
        *self = Self { slots: vec![Slot::default(); doc.blocks.len()], measurer, ..Self::default() };
        self.unmeasured = doc.blocks.len();
        self.tops_dirty = true;
    }

    /// The selection, sorted (start ≤ end), if any.
    #[must_use]
    pub fn selection(&self) -> Option<ByteSpan> {
        self.selection.map(|(a, h)| ByteSpan::new(a.min(h), a.max(h))).filter(|s| !s.is_empty())
    }

    /// Replace the selection.
    pub fn set_selection(&mut self, span: Option<ByteSpan>) {
        self.selection = span.map(|s| (s.start, s.end));
    }

    /// The selection as (anchor, head) bytes, the head being the end moved by the keyboard.
    #[must_use]
    pub fn selection_ends(&self) -> Option<(usize, usize)> {
        self.selection
    }

    /// Replace the selection by one from `anchor` to `head` (either order).
    pub fn set_selection_ends(&mut self, anchor: usize, head: usize) {
        self.selection = Some((anchor, head));
    }

    /// The keyboard reading position (byte offset), if the keyboard has moved it.
    #[must_use]
    pub fn caret(&self) -> Option<usize> {
        self.caret
    }

    /// Move the reading position to byte `at`; scroll only if its line is out of view, and
    /// flash `flash` (the sentence or paragraph stepped to).
    pub fn set_caret(&mut self, doc: &Document, at: usize, flash: Option<ByteSpan>, now: f64) {
        self.caret = Some(at);
        if flash.is_some() {
            self.caret_span = flash;
        }
        self.flash = flash.map(|f| (f, now));
        let in_view = (|| {
            if self.tops.len() != doc.blocks.len() || self.viewport_h <= 0.0 {
                return None;
            }
            let i = doc.block_at_or_after(at).min(doc.blocks.len().checked_sub(1)?);
            let top = self.tops.top(i);
            let bottom = top + self.slots.get(i)?.height.min(self.viewport_h * 0.5);
            Some(top >= self.view_top && bottom <= self.view_top + self.viewport_h)
        })();
        if in_view != Some(true) {
            self.pending_scroll = Some((at, 0.3));
        }
    }

    /// Scroll so that byte `at` is about a third down the viewport, and flash `flash`.
    pub fn scroll_to(&mut self, at: usize, flash: Option<ByteSpan>, now: f64) {
        self.pending_scroll = Some((at, 0.3));
        self.flash = flash.map(|f| (f, now));
    }

    /// Scroll so that the line holding byte `at` is at the top (restoring a reading position).
    pub fn scroll_to_top(&mut self, at: usize) {
        self.pending_scroll = Some((at, 0.0));
    }

    /// The byte offset at the top of the viewport (to restore the reading position later).
    #[must_use]
    pub fn top_byte(&self, doc: &Document) -> usize {
        if self.tops.len() != doc.blocks.len() || doc.blocks.is_empty() {
            return 0;
        }
        let i = self.tops.block_at(self.view_top);
        doc.blocks[i].span.start
    }

    /// Where the character at byte `at` was drawn last frame (screen space), if its block was
    /// visible. Used by tests to drive the mouse over real text.
    #[must_use]
    pub fn char_screen_rect(&self, doc: &Document, at: usize) -> Option<Rect> {
        let (content, style) = (self.last_content?, self.last_style.as_ref()?);
        let i = doc.block_at_or_after(at);
        let block = doc.blocks.get(i)?;
        let galley = self.slots.get(i)?.galley.as_ref()?;
        let palette = style.palette();
        let origin = self.block_origin(i, doc, style, palette, content);
        let text = doc.block_text(i);
        let c = byte_to_char(text, at.checked_sub(block.span.start)?.min(text.len()));
        let bidi = self.slots[i].bidi.as_deref();
        block_char_rects(galley, bidi, c, c + 1).first().map(|r| r.translate(origin.to_vec2()))
    }

    /// Number of blocks whose height is still an estimate.
    #[must_use]
    pub fn unmeasured(&self) -> usize {
        self.unmeasured
    }

    /// Number of galleys currently cached.
    #[must_use]
    pub fn resident(&self) -> usize {
        self.resident.len()
    }

    fn estimate_height(text: &str, fmt: &BlockFormat, width: f32) -> f32 {
        let chars = if text.is_ascii() { text.len() } else { text.chars().count() };
        let per_row = (width / (fmt.font.size * 0.5)).max(8.0);
        let rows = (chars as f32 / per_row).ceil().max(1.0);
        rows * fmt.line_height
    }

    /// Build the positions of all blocks from their heights (after a reset or a change of
    /// width or zoom; a single new height is [`Self::set_height`]).
    fn recompute_tops(&mut self, doc: &Document, style: &ReadingStyle, palette: &Palette) {
        let values = self
            .slots
            .iter()
            .enumerate()
            .map(|(i, slot)| Self::gap_before(i, doc, style, palette) + slot.height)
            .collect();
        self.tops = Tops::new(values);
        self.tops_dirty = false;
    }

    /// Block `i` turned out to be `h` high (measured exactly): move the blocks below it.
    fn set_height(&mut self, i: usize, h: f32, doc: &Document, style: &ReadingStyle, palette: &Palette) {
        let slot = &mut self.slots[i];
        if !slot.measured {
            slot.measured = true;
            self.unmeasured = self.unmeasured.saturating_sub(1);
        }
        if (slot.height - h).abs() > 0.01 {
            slot.height = h;
            if self.tops.len() == self.slots.len() {
                self.tops.set(i, Self::gap_before(i, doc, style, palette) + h);
                self.force_offset = true;
            } else {
                self.tops_dirty = true;
            }
        }
    }

    /// Ask the worker to measure every block not measured yet, nearest the anchor first. The
    /// worker builds the blocks' layout jobs itself from a shared copy of the document.
    fn request_measurement(&mut self, ui: &Ui, doc: &Document, style: &ReadingStyle, palette: &Palette) {
        if self.measurer.is_none() {
            self.measurer = Measurer::start(ui.ctx().clone());
        }
        let Some(m) = self.measurer.as_mut() else { return };
        let shared = match &self.shared_doc {
            Some(d) if d.text.len() == doc.text.len() && d.blocks == doc.blocks => Arc::clone(d),
            _ => Arc::new(doc.clone()),
        };
        self.shared_doc = Some(Arc::clone(&shared));
        let measured: Vec<bool> = self.slots.iter().map(|s| s.measured).collect();
        let (style, palette, column_w) = (style.clone(), palette.clone(), self.column_w);
        let job = Box::new(move |i: usize| {
            if measured.get(i).copied().unwrap_or(true) {
                return None;
            }
            let fmt = style.block_format(shared.blocks[i].kind, &palette);
            let width = (column_w - fmt.indent).max(40.0);
            let job = Self::block_job(&shared, i, &Highlights::default(), &fmt, &palette, width).0;
            Some(bidi_layout::word_sections(job, shared.block_text(i)))
        });
        let fonts = ui.ctx().fonts(|f| f.definitions().clone());
        let options = ui.ctx().global_style().visuals.text_options;
        m.request(doc.blocks.len(), job, self.anchor.block, ui.pixels_per_point(), fonts, options);
    }

    /// Take the heights the worker measured since the last frame.
    fn take_measurements(&mut self, doc: &Document, style: &ReadingStyle, palette: &Palette) {
        let Some(m) = &self.measurer else { return };
        for (i, h) in m.results() {
            if i < self.slots.len() && !self.slots[i].measured {
                self.set_height(i, h, doc, style, palette);
            }
        }
    }

    fn gap_before(i: usize, doc: &Document, style: &ReadingStyle, palette: &Palette) -> f32 {
        if i == 0 { 0.0 } else { style.block_format(doc.blocks[i].kind, palette).gap_before }
    }

    fn block_width(&self, fmt: &BlockFormat) -> f32 {
        (self.column_w - fmt.indent).max(40.0)
    }

    /// Build the layout job of block `i` with its highlights, and its signature.
    fn block_job(
        doc: &Document,
        i: usize,
        hl: &Highlights,
        fmt: &BlockFormat,
        palette: &Palette,
        width: f32,
    ) -> (LayoutJob, u64) {
        let block = &doc.blocks[i];
        let span = block.span;
        let text = &doc.text[span];
        let ents = hl.entities_in(span);
        let claims: &[ClaimMark] = hl.block_claims.get(i).map_or(&[], Vec::as_slice);
        let finds = Highlights::spans_in(&hl.find_matches, span);
        let mut cuts: Vec<usize> = vec![span.start, span.end];
        let clip = |x: usize| x.clamp(span.start, span.end);
        for e in ents {
            cuts.extend([clip(e.span.start), clip(e.span.end)]);
        }
        for c in claims {
            cuts.extend([clip(c.span.start), clip(c.span.end)]);
        }
        for f in &hl.find_matches[finds.clone()] {
            cuts.extend([clip(f.start), clip(f.end)]);
        }
        let quotes = &hl.quotes[Highlights::spans_in(&hl.quotes, span)];
        for q in quotes {
            cuts.extend([clip(q.start), clip(q.end)]);
        }
        if let Some(c) = block.credit {
            cuts.extend([clip(c.start), clip(c.end)]);
        }
        cuts.sort_unstable();
        cuts.dedup();

        let mut hasher = std::hash::DefaultHasher::new();
        (fmt.font.size.to_bits(), width.to_bits(), fmt.color, text.len()).hash(&mut hasher);
        let mut job = LayoutJob { text: text.to_owned(), ..Default::default() };
        job.wrap.max_width = width;
        let (mut ei, mut fi, mut qi) = (0, finds.start, 0);
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a >= b {
                continue;
            }
            while ei < ents.len() && ents[ei].span.end <= a {
                ei += 1;
            }
            while fi < finds.end && hl.find_matches[fi].end <= a {
                fi += 1;
            }
            while qi < quotes.len() && quotes[qi].end <= a {
                qi += 1;
            }
            let quoted = quotes.get(qi).is_some_and(|q| q.start <= a && b <= q.end);
            let entity = ents.get(ei).filter(|e| e.span.start <= a && b <= e.span.end);
            let find = (fi < finds.end && hl.find_matches[fi].start <= a && b <= hl.find_matches[fi].end).then_some(fi);
            let mut n_claims = 0;
            let mut selected = false;
            for c in claims {
                if c.span.start <= a && b <= c.span.end {
                    n_claims += 1;
                    selected |= hl.selected_claim == Some(c.id);
                }
            }
            let in_credit = block.credit.is_some_and(|c| c.start <= a && b <= c.end);
            let mut format = TextFormat {
                font_id: if in_credit {
                    FontId::new(fmt.font.size * 0.85, fmt.font.family.clone())
                } else {
                    fmt.font.clone()
                },
                line_height: Some(fmt.line_height),
                color: if quoted { palette.quote } else { fmt.color },
                valign: Align::Center,
                ..Default::default()
            };
            if let Some(e) = entity {
                format.background = palette.entity(e.label);
            }
            if let Some(f) = find {
                format.background = if hl.find_current == Some(f) { palette.find_current } else { palette.find_match };
                format.color = palette.find_text;
            }
            if n_claims > 0 {
                let width = 1.5 + (n_claims as f32 - 1.0).min(2.0);
                let color = if selected { palette.claim_selected } else { palette.claim };
                format.underline = Stroke::new(if selected { width + 0.5 } else { width }, color);
            }
            (
                a - span.start,
                b - span.start,
                format.background,
                format.color,
                format.underline.width.to_bits(),
                format.underline.color,
                in_credit,
                quoted,
            )
                .hash(&mut hasher);
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: (a - span.start).into()..(b - span.start).into(),
                format,
            });
        }
        (job, hasher.finish())
    }

    /// Lay out block `i` if its cached galley is missing or stale; returns it.
    #[allow(clippy::too_many_arguments)]
    fn ensure_galley(
        &mut self,
        ui: &Ui,
        doc: &Document,
        i: usize,
        hl: &Highlights,
        style: &ReadingStyle,
        palette: &Palette,
    ) -> Arc<Galley> {
        let fmt = style.block_format(doc.blocks[i].kind, palette);
        let width = self.block_width(&fmt);
        let (job, sig) = Self::block_job(doc, i, hl, &fmt, palette, width);
        let slot = &mut self.slots[i];
        if let Some(g) = &slot.galley
            && slot.sig == sig
        {
            return Arc::clone(g);
        }
        let (galley, bidi) = match bidi_layout::layout(ui, &job, doc.block_text(i), width) {
            Some((g, map)) => (g, Some(Arc::new(map))),
            None => (ui.fonts_mut(|f| f.layout_job(job)), None),
        };
        let slot = &mut self.slots[i];
        slot.bidi = bidi;
        self.layouts_this_frame += 1;
        let h = galley_height(&galley, ui.pixels_per_point());
        if slot.galley.is_none() {
            self.resident.push(i);
        }
        slot.sig = sig;
        slot.galley = Some(Arc::clone(&galley));
        self.set_height(i, h, doc, style, palette);
        galley
    }

    fn check_key(&mut self, ui: &Ui, doc: &Document, style: &ReadingStyle, palette: &Palette, width: f32) {
        // Probe: egui drops its font atlas/galley cache at times; then our galleys are stale.
        let probe = ui.fonts_mut(|f| f.layout_no_wrap("Probe".to_owned(), FontId::proportional(9.0), Color32::WHITE));
        let probe_changed = self.probe.as_ref().is_none_or(|p| !Arc::ptr_eq(p, &probe));
        self.probe = Some(probe);
        let key = LayoutKey {
            width: width.floor() as u32,
            ppp_bits: ui.pixels_per_point().to_bits(),
            metrics: style.metrics_key(),
        };
        let key_changed = self.key != Some(key);
        if !key_changed && !probe_changed && self.slots.len() == doc.blocks.len() {
            return;
        }
        if self.slots.len() != doc.blocks.len() {
            self.reset(doc);
        }
        for &i in &self.resident {
            self.slots[i].galley = None;
        }
        self.resident.clear();
        if key_changed {
            let old = self.key;
            let old_column_w = self.column_w;
            self.key = Some(key);
            self.column_w = (key.width as f32 - 48.0).min(style.measure()).max(120.0);
            let same_metrics = old.is_some_and(|k| k.metrics == key.metrics && k.ppp_bits == key.ppp_bits);
            for (i, slot) in self.slots.iter_mut().enumerate() {
                let fmt = style.block_format(doc.blocks[i].kind, palette);
                let w = (self.column_w - fmt.indent).max(40.0);
                // Old heights become estimates (scaled by the width change), or estimates from
                // the length of the text.
                slot.height = if same_metrics && slot.measured {
                    let old_w = (old_column_w - fmt.indent).max(40.0);
                    (slot.height * old_w / w).max(fmt.line_height)
                } else {
                    Self::estimate_height(doc.block_text(i), &fmt, w)
                };
                slot.measured = false;
            }
            self.unmeasured = self.slots.len();
            self.tops_dirty = true;
            self.force_offset = true;
            self.remeasure_at = Some(ui.input(|i| i.time) + if old.is_some() { REMEASURE_AFTER_SECS } else { 0.0 });
        }
    }

    fn block_origin(&self, i: usize, doc: &Document, style: &ReadingStyle, palette: &Palette, content: Rect) -> Pos2 {
        let fmt = style.block_format(doc.blocks[i].kind, palette);
        let gap = Self::gap_before(i, doc, style, palette);
        pos2(content.min.x + self.column_x + fmt.indent, content.min.y + self.tops.top(i) + gap)
    }

    /// The block and byte offset of the text nearest to screen point `p`.
    #[allow(clippy::too_many_arguments)]
    fn hit(
        &mut self,
        ui: &Ui,
        p: Pos2,
        content: Rect,
        doc: &Document,
        hl: &Highlights,
        style: &ReadingStyle,
        palette: &Palette,
    ) -> Option<(usize, usize)> {
        if doc.blocks.is_empty() {
            return None;
        }
        let y = p.y - content.min.y;
        let i = self.tops.block_at(y);
        let origin = self.block_origin(i, doc, style, palette, content);
        if p.y < origin.y {
            return Some((i, doc.blocks[i].span.start)); // in the gap above the block
        }
        let galley = self.ensure_galley(ui, doc, i, hl, style, palette);
        if p.y > origin.y + galley.size().y {
            return Some((i, doc.blocks[i].span.end));
        }
        let cursor = galley.cursor_from_pos(p - origin);
        let c = self.slots[i].bidi.as_ref().map_or(cursor.index.0, |m| m.boundary_at(cursor.index.0));
        let text = doc.block_text(i);
        Some((i, doc.blocks[i].span.start + char_to_byte(text, c)))
    }

    /// The byte of the character under `p`, only if the pointer is over a glyph (not just
    /// nearest to one).
    #[allow(clippy::too_many_arguments)]
    fn byte_under(
        &mut self,
        ui: &Ui,
        p: Pos2,
        content: Rect,
        doc: &Document,
        hl: &Highlights,
        style: &ReadingStyle,
        palette: &Palette,
    ) -> Option<usize> {
        let (i, at) = self.hit(ui, p, content, doc, hl, style, palette)?;
        let block = &doc.blocks[i];
        let galley = self.slots[i].galley.clone()?;
        let origin = self.block_origin(i, doc, style, palette, content);
        let text = doc.block_text(i);
        let ci = byte_to_char(text, at.saturating_sub(block.span.start).min(text.len()));
        // The nearest boundary may be either side of the glyph under the pointer.
        let bidi = self.slots[i].bidi.clone();
        for c in [ci.saturating_sub(1), ci] {
            for r in block_char_rects(&galley, bidi.as_deref(), c, c + 1) {
                if r.translate(origin.to_vec2()).expand2(vec2(0.5, 0.0)).contains(p) {
                    return Some(block.span.start + char_to_byte(text, c));
                }
            }
        }
        None
    }

    /// Rectangles (screen space) of `span` within visible block `i`.
    fn span_rects(&self, doc: &Document, i: usize, span: ByteSpan, origin: Pos2) -> Vec<Rect> {
        let Some(galley) = &self.slots[i].galley else { return Vec::new() };
        let block = doc.blocks[i].span;
        let Some(part) = span.intersect(block) else { return Vec::new() };
        let text = doc.block_text(i);
        let a = byte_to_char(text, part.start - block.start);
        let b = byte_to_char(text, part.end - block.start);
        block_char_rects(galley, self.slots[i].bidi.as_deref(), a, b)
            .into_iter()
            .map(|r| r.translate(origin.to_vec2()))
            .collect()
    }

    /// Draw the view and handle its input.
    #[allow(clippy::too_many_lines)]
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        hl: &Highlights,
        style: &ReadingStyle,
        hooks: &mut dyn ViewHooks,
    ) -> ViewOutput {
        let mut out = ViewOutput::default();
        self.layouts_this_frame = 0;
        let style = &style.clone().with_contrast(theme::contrast(ui.ctx()));
        let palette = style.palette();
        if doc.blocks.is_empty() {
            ui.label("This article has no text.");
            return out;
        }
        let avail_w = ui.available_width().floor();
        self.check_key(ui, doc, style, palette, avail_w);
        if self.tops_dirty || self.tops.len() != self.slots.len() {
            self.recompute_tops(doc, style, palette);
            self.force_offset = true;
        }
        let now_time = ui.input(|i| i.time);
        match self.remeasure_at {
            Some(t) if now_time >= t => {
                self.remeasure_at = None;
                self.request_measurement(ui, doc, style, palette);
            }
            Some(t) => ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(t - now_time)),
            None => {}
        }
        self.take_measurements(doc, style, palette);
        // Scroll to a target: lay it out, then anchor it a third down the viewport.
        if let Some((at, align)) = self.pending_scroll.take() {
            let i = doc.block_at_or_after(at).min(doc.blocks.len() - 1);
            let galley = self.ensure_galley(ui, doc, i, hl, style, palette);
            if self.tops_dirty {
                self.recompute_tops(doc, style, palette);
            }
            let text = doc.block_text(i);
            let local = at.saturating_sub(doc.blocks[i].span.start).min(text.len());
            let c = byte_to_char(text, local);
            let g = self.slots[i].bidi.as_ref().map_or(c, |m| m.glyph_of(c));
            let y_in = galley.pos_from_cursor(CCursor::new(g)).min.y;
            let gap = Self::gap_before(i, doc, style, palette);
            let dy = if align == 0.0 { gap + y_in } else { gap + y_in - align * self.viewport_h.max(200.0) };
            self.anchor = Anchor { block: i, dy };
            self.force_offset = true;
        }
        let total_h = self.tops.total() + BOTTOM_PADDING;
        let mut area = ScrollArea::vertical().id_salt("article").auto_shrink(false).content_margin(0.0);
        if self.force_offset {
            let target = (self.tops.top(self.anchor.block.min(self.slots.len() - 1)) + self.anchor.dy).max(0.0);
            area = area.vertical_scroll_offset(target);
            self.last_offset = target;
            self.force_offset = false;
        }
        let now = ui.input(|i| i.time);
        area.show_viewport(ui, |ui, viewport| {
            self.viewport_h = viewport.height();
            let offset = viewport.min.y;
            if (offset - self.last_offset).abs() > 0.5 {
                // The user scrolled: re-anchor on the block now at the top.
                let i = self.tops.block_at(offset);
                self.anchor = Anchor { block: i, dy: offset - self.tops.top(i) };
                self.last_offset = offset;
            }
            self.view_top = offset;
            self.keyboard_ui(ui);
            self.column_x = ((avail_w - self.column_w) / 2.0).max(24.0).floor();
            let (content, response) = ui.allocate_exact_size(vec2(avail_w, total_h), Sense::click_and_drag());
            self.last_content = Some(content);
            self.last_style = Some(style.clone());
            let clip = ui.clip_rect();
            let top = clip.min.y - content.min.y;
            let bottom = clip.max.y - content.min.y;
            let first = self.tops.block_at(top);
            let mut last = first;
            while last + 1 < self.slots.len() && self.tops.top(last + 1) < bottom {
                last += 1;
            }

            // Lay out the visible blocks (fixing heights as they are measured).
            let mut visible: Vec<(usize, Pos2, Arc<Galley>)> = Vec::with_capacity(last - first + 1);
            for i in first..=last {
                let galley = self.ensure_galley(ui, doc, i, hl, style, palette);
                let origin = self.block_origin(i, doc, style, palette, content);
                visible.push((i, origin, galley));
            }
            if self.force_offset {
                // A visible block's height changed: place everything again next frame.
                ui.ctx().request_repaint();
            }

            // Input.
            let pointer = response.hover_pos();
            let modifiers = ui.input(|i| i.modifiers);
            if response.drag_started_by(egui::PointerButton::Primary) {
                let press = ui.input(|i| i.pointer.press_origin()).or(response.interact_pointer_pos());
                if let Some(p) = press {
                    let at = self.hit(ui, p, content, doc, hl, style, palette).map(|(_, b)| b);
                    if let Some(at) = at {
                        let anchor = if modifiers.shift { self.selection.map_or(at, |(a, _)| a) } else { at };
                        self.selection = Some((anchor, at));
                        self.dragging = true;
                        out.selection_changed = true;
                    }
                }
            }
            if self.dragging {
                if let Some(p) = response.interact_pointer_pos().or(ui.input(|i| i.pointer.latest_pos())) {
                    if let Some(at) = self.hit(ui, p, content, doc, hl, style, palette).map(|(_, b)| b)
                        && let Some((a, h)) = self.selection
                        && h != at
                    {
                        self.selection = Some((a, at));
                        out.selection_changed = true;
                    }
                    // Auto-scroll when dragging beyond the viewport.
                    let dy = if p.y < clip.min.y + 8.0 {
                        (clip.min.y + 8.0 - p.y).min(60.0)
                    } else if p.y > clip.max.y - 8.0 {
                        -(p.y - clip.max.y + 8.0).min(60.0)
                    } else {
                        0.0
                    };
                    if dy != 0.0 {
                        ui.scroll_with_delta(vec2(0.0, dy));
                        ui.ctx().request_repaint();
                    }
                }
                if response.drag_stopped() || !ui.input(|i| i.pointer.primary_down()) {
                    self.dragging = false;
                    if let Some(sel) = self.selection() {
                        let snapped = words::snap_to_words(&doc.text, sel);
                        self.selection = (!snapped.is_empty()).then_some((snapped.start, snapped.end));
                        out.selection_changed = true;
                    }
                }
            }
            let under = pointer.and_then(|p| self.byte_under(ui, p, content, doc, hl, style, palette));
            let hovered_entity = under.and_then(|b| hl.entity_at(b));
            let claims_at = |b: usize| -> Vec<ClaimId> {
                let i = doc.block_at_or_after(b).min(doc.blocks.len() - 1);
                hl.block_claims
                    .get(i)
                    .map_or_else(Vec::new, |cs| cs.iter().filter(|c| c.span.contains(b)).map(|c| c.id).collect())
            };
            if response.double_clicked() {
                if let Some(p) = response.interact_pointer_pos()
                    && let Some(at) = self.hit(ui, p, content, doc, hl, style, palette).map(|(_, b)| b)
                {
                    let word =
                        words::word_at(&doc.text, at).or_else(|| words::word_at(&doc.text, at.saturating_sub(1)));
                    self.selection = word.map(|w| (w.start, w.end));
                    out.selection_changed = true;
                }
            } else if response.clicked() {
                if modifiers.shift {
                    if let (Some(p), Some((a, _))) = (response.interact_pointer_pos(), self.selection)
                        && let Some(at) = self.hit(ui, p, content, doc, hl, style, palette).map(|(_, b)| b)
                    {
                        let s = words::snap_to_words(&doc.text, ByteSpan::new(a.min(at), a.max(at)));
                        self.selection = Some((s.start, s.end));
                        out.selection_changed = true;
                    }
                } else {
                    if self.selection.take().is_some() {
                        out.selection_changed = true;
                    }
                    out.clicked_entity = hovered_entity;
                    out.clicked_claims = under.map(claims_at).unwrap_or_default();
                    out.clicked_empty = out.clicked_entity.is_none() && out.clicked_claims.is_empty();
                }
            }
            if response.secondary_clicked() {
                self.context = ContextTarget {
                    entity: hovered_entity,
                    claims: under.map(claims_at).unwrap_or_default(),
                    selection: self.selection().map(|s| words::snap_to_words(&doc.text, s)).filter(|s| !s.is_empty()),
                };
            }
            let target = self.context.clone();
            response.context_menu(|ui| hooks.context_menu(ui, &target));
            if let Some(e) = hovered_entity {
                if !self.dragging {
                    ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
                    response.clone().on_hover_ui_at_pointer(|ui| hooks.entity_tooltip(ui, &e));
                }
            } else if let Some(at) = under.filter(|b| hl.in_quote(*b) && !self.dragging) {
                ui.ctx().set_cursor_icon(CursorIcon::Text);
                response.clone().on_hover_ui_at_pointer(|ui| hooks.quote_tooltip(ui, at));
            } else if pointer.is_some() {
                ui.ctx().set_cursor_icon(CursorIcon::Text);
            }
            // Copy.
            let copy = ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
            if copy
                && !ui.ctx().egui_wants_keyboard_input()
                && let Some(sel) = self.selection()
            {
                ui.ctx().copy_text(doc.text[sel].to_owned());
            }

            // Paint.
            let painter = ui.painter_at(clip);
            let selection = self.selection();
            let visuals = ui.visuals().clone();
            let flash_alpha = self.flash.map_or(0.0, |(_, t0)| {
                let t = ((now - t0) / FLASH_SECS) as f32;
                if t < 1.0 { (1.0 - t) * 0.45 } else { 0.0 }
            });
            if flash_alpha > 0.0 {
                ui.ctx().request_repaint();
            } else {
                self.flash = None;
            }
            for (i, origin, galley) in &visible {
                let (i, origin) = (*i, *origin);
                let block = &doc.blocks[i];
                let mut galley = Arc::clone(galley);
                if let Some(sel) = selection.and_then(|s| s.intersect(block.span)).filter(|s| !s.is_empty()) {
                    let text = doc.block_text(i);
                    let a = byte_to_char(text, sel.start - block.span.start);
                    let b = byte_to_char(text, sel.end - block.span.start);
                    let ranges = match self.slots[i].bidi.as_deref() {
                        Some(map) => map.glyph_ranges(a, b),
                        None => vec![(a, b)],
                    };
                    for (a, b) in ranges {
                        egui::text_selection::visuals::paint_text_selection(
                            &mut galley,
                            &visuals,
                            &CCursorRange::two(CCursor::new(a), CCursor::new(b)),
                            None,
                        );
                    }
                }
                // Decorations: quote bar, list bullet.
                let rtl = self.slots[i].bidi.as_ref().is_some_and(|m| m.rtl_paragraph);
                match block.kind {
                    // Right-to-left paragraphs have them on the right.
                    BlockKind::Quote => {
                        let x = if rtl {
                            origin.x + galley.rect.width() + style.body_size * 0.5
                        } else {
                            origin.x - style.body_size * 0.9
                        };
                        painter.line_segment(
                            [pos2(x, origin.y), pos2(x, origin.y + galley.size().y)],
                            Stroke::new(3.0, palette.muted_text),
                        );
                    }
                    BlockKind::ListItem => {
                        let r = style.body_size * 0.16;
                        let first_row_h = galley.rows.first().map_or(style.body_size, |r| r.row.size.y);
                        let x = if rtl {
                            origin.x + galley.rect.width() + style.body_size * 0.8
                        } else {
                            origin.x - style.body_size * 0.8
                        };
                        painter.circle_filled(pos2(x, origin.y + first_row_h * 0.5), r, visuals.text_color());
                    }
                    _ => {}
                }
                let block_rect = Rect::from_min_size(origin, galley.size());
                painter.galley(origin, galley, palette.body_text);
                // The non-colour cue: each visible mention's type line, under the line boxes
                // its highlight already has (only this block's entities, so the work per
                // frame does not grow with the document).
                if style.underlines {
                    for e in hl.entities_in(block.span) {
                        for r in self.span_rects(doc, i, e.span, origin) {
                            theme::paint_underline(&painter, r, theme::underline(e.label), palette.body_text);
                        }
                    }
                }
                // The reading position: a text cursor where the keyboard put it.
                if let Some(at) = self.caret.filter(|at| block.span.start <= *at && *at <= block.span.end) {
                    let next = (at + 1..=block.span.end).find(|b| doc.text.is_char_boundary(*b)).unwrap_or(at);
                    let r = self.span_rects(doc, i, ByteSpan::new(at, next.max(at)), origin).into_iter().next();
                    let r = r.unwrap_or_else(|| Rect::from_min_size(origin, vec2(1.0, style.body_size)));
                    painter.line_segment(
                        [r.left_top(), r.left_bottom()],
                        Stroke::new(2.0, visuals.text_cursor.stroke.color),
                    );
                }
                self.accessible_block_ui(ui, doc, hl, i, block_rect, origin);
                // Outlines of the clicked entity's mentions.
                for o in &hl.outlined[Highlights::spans_in(&hl.outlined, block.span)] {
                    for r in self.span_rects(doc, i, *o, origin) {
                        painter.rect_stroke(
                            r.expand(1.5),
                            3.0,
                            Stroke::new(2.0, visuals.strong_text_color()),
                            egui::StrokeKind::Outside,
                        );
                    }
                }
                // Margin markers: one bar per claim, beside the lines it covers.
                if let Some(claims) = hl.block_claims.get(i) {
                    for (k, c) in claims.iter().enumerate() {
                        let rects = self.span_rects(doc, i, c.span, origin);
                        let (Some(top), Some(bot)) = (rects.first(), rects.last()) else { continue };
                        let selected = hl.selected_claim == Some(c.id);
                        let x = content.min.x + self.column_x - 14.0 - (k % 4) as f32 * 5.0;
                        let color = if selected { palette.claim_selected } else { palette.claim };
                        painter.line_segment(
                            [pos2(x, top.min.y + 2.0), pos2(x, bot.max.y - 2.0)],
                            Stroke::new(if selected { 4.0 } else { 3.0 }, color),
                        );
                    }
                }
                for c in &hl.changes[Highlights::spans_in(&hl.changes, block.span)] {
                    for r in self.span_rects(doc, i, *c, origin) {
                        painter.rect_filled(r.expand(1.0), 2.0, Palette::with_alpha(palette.find_current, 0.22));
                    }
                }
                // Suggestions: a thin bar in the right margin beside the sentence; the
                // current one also gets a faint tint. The bar is clickable and explains itself.
                let in_block = Highlights::spans_in(&hl.suggestions, block.span);
                for (k, sg) in hl.suggestions[in_block.clone()].iter().enumerate() {
                    let score = hl.suggestion_scores.get(in_block.start + k).copied().unwrap_or(0.0);
                    let rects = self.span_rects(doc, i, *sg, origin);
                    let (Some(top), Some(bot)) = (rects.first(), rects.last()) else { continue };
                    let current = hl.current_suggestion == Some(*sg);
                    if current {
                        for r in &rects {
                            painter.rect_filled(r.expand(1.0), 2.0, palette.suggestion_tint);
                        }
                    }
                    // Only the part of the sentence in this block gets a bar (the bar of a
                    // sentence over two blocks is drawn in both).
                    let x = content.min.x + self.column_x + self.column_w + 12.0;
                    let bar = Rect::from_min_max(pos2(x - 1.5, top.min.y + 3.0), pos2(x + 1.5, bot.max.y - 3.0));
                    let alpha = if current { 1.0 } else { 0.55 };
                    painter.rect_filled(bar, 1.5, Palette::with_alpha(palette.suggestion, alpha));
                    // Checked before by a fact-checker: a small ring beside the bar.
                    if hl.checked_before.binary_search(sg).is_ok() {
                        let c = pos2(x + 8.0, top.min.y + top.height() / 2.0);
                        painter.circle_stroke(c, 3.5, egui::Stroke::new(1.5, palette.suggestion));
                    }
                    let id = ui.scope_id().with(("suggestion", sg.start, i));
                    let hit = ui.interact(bar.expand2(vec2(6.0, 0.0)), id, Sense::click());
                    hit.widget_info(|| {
                        egui::WidgetInfo::labeled(Role::Button, true, format!("Suggestion: check-worthy {score:.2}"))
                    });
                    if hit.clicked() {
                        out.clicked_suggestion = Some(*sg);
                    }
                    if hit.hovered() {
                        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
                    }
                    hit.on_hover_ui(|ui| hooks.suggestion_tooltip(ui, *sg));
                }
                if flash_alpha > 0.0
                    && let Some((f, _)) = self.flash
                {
                    for r in self.span_rects(doc, i, f, origin) {
                        painter.rect_filled(r.expand(2.0), 3.0, Palette::with_alpha(palette.flash, flash_alpha));
                    }
                }
            }
            // Evict galleys far from the viewport (walk the resident list only).
            let (lo, hi) = (first.saturating_sub(KEEP_AROUND), last + KEEP_AROUND);
            let slots = &mut self.slots;
            self.resident.retain(|&i| {
                let keep = (lo..=hi).contains(&i);
                if !keep {
                    slots[i].galley = None;
                }
                keep
            });
        });
        out
    }

    /// The accessible text of visible block `i` (one node, its role from the block kind) with
    /// one child node per highlight in it naming its type ("Person: Pete Hegseth", "Claim, to
    /// check: …", "Suggestion: check-worthy 0.82"), and the live region of the reading
    /// position. Called for visible blocks only, so the tree's cost per frame does not grow
    /// with the document. Does nothing when no assistive technology asked for the tree.
    fn accessible_block_ui(
        &self,
        ui: &mut Ui,
        doc: &Document,
        hl: &Highlights,
        i: usize,
        block_rect: Rect,
        origin: Pos2,
    ) {
        // (Every Ui has a node when the tree is built: no node, no tree this frame.)
        if ui.ctx().accesskit_node_builder(ui.unique_id(), |_| ()).is_none() {
            return;
        }
        let block = &doc.blocks[i];
        let (role, level) = match block.kind {
            BlockKind::Title => (Role::Heading, Some(1)),
            BlockKind::Heading(l) => (Role::Heading, Some(usize::from(l.clamp(1, 5)) + 1)),
            BlockKind::Quote => (Role::Blockquote, None),
            BlockKind::ListItem => (Role::ListItem, None),
            _ => (Role::Paragraph, None),
        };
        let text = doc.block_text(i);
        let mut block_ui = ui.new_child(
            UiBuilder::new()
                .id_salt(("a11y-block", i))
                .max_rect(block_rect)
                .accessibility_role(role)
                .accessibility_label(text),
        );
        if let Some(level) = level {
            let id = block_ui.unique_id();
            ui.ctx().accesskit_node_builder(id, |n| n.set_level(level));
        }
        let mut marks: Vec<(ByteSpan, String)> = Vec::new();
        for e in hl.entities_in(block.span) {
            marks.push((e.span, format!("{}: {}", e.label.display_name(), &doc.text[e.span])));
        }
        for c in hl.block_claims.get(i).map_or(&[][..], Vec::as_slice) {
            let selected = if hl.selected_claim == Some(c.id) { " (selected)" } else { "" };
            let quote: String = doc.text[c.span].chars().take(120).collect();
            marks.push((c.span, format!("Claim{selected}, {}: {quote}", c.status.name())));
        }
        let in_block = Highlights::spans_in(&hl.suggestions, block.span);
        for (k, sg) in hl.suggestions[in_block.clone()].iter().enumerate() {
            let score = hl.suggestion_scores.get(in_block.start + k).copied().unwrap_or(0.0);
            marks.push((*sg, format!("Suggestion: check-worthy {score:.2}")));
        }
        marks.sort_by_key(|(span, _)| *span);
        for (k, (span, name)) in marks.into_iter().enumerate() {
            let rect = self.span_rects(doc, i, span, origin).first().copied().unwrap_or(block_rect);
            drop(
                block_ui.new_child(
                    UiBuilder::new()
                        .id_salt(("mark", k))
                        .max_rect(rect)
                        .accessibility_role(Role::Mark)
                        .accessibility_label(name),
                ),
            );
        }
        if let Some(span) = self.caret_span.filter(|s| block.span.contains(s.start)) {
            let reading: String = doc.text[span].chars().take(400).collect();
            let live = block_ui.new_child(
                UiBuilder::new()
                    .id_salt("reading-position")
                    .max_rect(self.span_rects(doc, i, span, origin).first().copied().unwrap_or(block_rect))
                    .accessibility_role(Role::Status)
                    .accessibility_label(format!("Reading position: {reading}")),
            );
            let id = live.unique_id();
            ui.ctx().accesskit_node_builder(id, |n| n.set_live(Live::Polite));
        }
    }

    /// Keyboard scrolling (arrows, page keys, Home/End) when no text field has focus.
    fn keyboard_ui(&mut self, ui: &Ui) {
        if ui.ctx().egui_wants_keyboard_input() || ui.ctx().memory(|m| m.focused().is_some()) {
            return;
        }
        let page = self.viewport_h * 0.85;
        let (delta, home, end) = ui.input(|i| {
            let page_down =
                i.key_pressed(egui::Key::PageDown) || (i.key_pressed(egui::Key::Space) && !i.modifiers.shift);
            let page_up = i.key_pressed(egui::Key::PageUp) || (i.key_pressed(egui::Key::Space) && i.modifiers.shift);
            let delta = if page_down {
                -page
            } else if page_up {
                page
            } else if i.key_pressed(egui::Key::ArrowDown) {
                -48.0
            } else if i.key_pressed(egui::Key::ArrowUp) {
                48.0
            } else {
                0.0
            };
            (delta, i.key_pressed(egui::Key::Home), i.key_pressed(egui::Key::End))
        });
        if delta != 0.0 {
            ui.scroll_with_delta(vec2(0.0, delta));
        }
        if home {
            self.anchor = Anchor::default();
            self.force_offset = true;
            ui.ctx().request_repaint();
        }
        if end {
            self.anchor = Anchor { block: self.slots.len().saturating_sub(1), dy: 0.0 };
            self.force_offset = true;
            ui.ctx().request_repaint();
        }
    }
}
