//! Block heights of the article view: where each block starts ([`Tops`], a Fenwick tree of
//! heights, so that a measured height changes the positions below it in O(log n) and finding
//! the block at a scroll offset is O(log n)), and measuring them off the UI thread
//! ([`Measurer`], a worker with its own copy of the fonts).
//!
//! The window lays out only the blocks in view. The others need heights too, for the
//! scrollbar and for placing the visible ones; they start as estimates from the length of the
//! text and are replaced by exact measurements from the worker, nearest to the reading
//! position first. No frame scans all blocks.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};

use egui::epaint::TextOptions;
use egui::epaint::text::Fonts;
use egui::text::LayoutJob;
use egui::{FontDefinitions, Galley};

/// Positions of blocks from their heights: `top(i)` is the sum of the heights before block i.
#[derive(Clone, Debug, Default)]
pub struct Tops {
    /// The heights (each including the gap above its block).
    values: Vec<f32>,
    /// Fenwick tree over `values` (1-based).
    tree: Vec<f64>,
}

impl Tops {
    /// Positions for blocks of these heights.
    #[must_use]
    pub fn new(values: Vec<f32>) -> Self {
        let n = values.len();
        let mut tree = vec![0.0; n + 1];
        for (i, v) in values.iter().enumerate() {
            tree[i + 1] += f64::from(*v);
            let parent = (i + 1) + ((i + 1) & (i + 1).wrapping_neg());
            if parent <= n {
                let x = tree[i + 1];
                tree[parent] += x;
            }
        }
        Self { values, tree }
    }

    /// Number of blocks.
    #[must_use]
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True without blocks.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The height of block `i`.
    #[must_use]
    pub fn height(&self, i: usize) -> f32 {
        self.values[i]
    }

    /// Change the height of block `i`; true when it changed.
    pub fn set(&mut self, i: usize, value: f32) -> bool {
        let delta = f64::from(value) - f64::from(self.values[i]);
        if delta.abs() < 0.01 {
            return false;
        }
        self.values[i] = value;
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] += delta;
            k += k & k.wrapping_neg();
        }
        true
    }

    /// Where block `i` starts (`top(len())` is the total height).
    #[must_use]
    pub fn top(&self, i: usize) -> f32 {
        let mut k = i.min(self.values.len());
        let mut sum = 0.0;
        while k > 0 {
            sum += self.tree[k];
            k -= k & k.wrapping_neg();
        }
        sum as f32
    }

    /// The total height.
    #[must_use]
    pub fn total(&self) -> f32 {
        self.top(self.values.len())
    }

    /// The block at height `y`: the last block starting at or above it (0 above the first).
    #[must_use]
    pub fn block_at(&self, y: f32) -> usize {
        let n = self.values.len();
        if n == 0 {
            return 0;
        }
        // Largest k with prefix(k) <= y, by descending the tree.
        let mut pos = 0;
        let mut rest = f64::from(y);
        let mut step = n.next_power_of_two();
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= rest {
                pos = next;
                rest -= self.tree[next];
            }
            step >>= 1;
        }
        // `pos` blocks end at or above y: block `pos` is the one containing it.
        pos.min(n - 1)
    }
}

/// What to measure: the article's blocks as layout jobs without highlights (highlights do not
/// change heights), at one width, zoom and scale.
pub struct Request {
    /// Which measurement this is (results of older ones are dropped).
    pub generation: u64,
    /// One job per block, in block order, `None` for blocks already measured exactly.
    pub jobs: Vec<Option<LayoutJob>>,
    /// Start near this block (the reading position) and work outwards.
    pub from: usize,
    /// Pixels per point.
    pub pixels_per_point: f32,
    /// The fonts (cheap to clone: font data is shared).
    pub fonts: FontDefinitions,
    /// Hinting and the like, as the window uses them.
    pub text_options: TextOptions,
}

/// A worker measuring block heights with its own fonts; results arrive in batches.
pub struct Measurer {
    tx: Sender<Request>,
    rx: Receiver<(u64, Vec<(usize, f32)>)>,
    /// The generation of the last request.
    pub generation: u64,
}

/// Blocks measured per batch sent back.
const BATCH: usize = 48;

impl Measurer {
    /// Start the worker (None if no thread can be started: heights then stay estimates until
    /// their blocks are shown).
    #[must_use]
    pub fn start(repaint: egui::Context) -> Option<Self> {
        let (tx, requests) = std::sync::mpsc::channel::<Request>();
        let (results, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("claimlens-measure".into())
            .spawn(move || {
                let mut fonts: Option<(FontDefinitions, Fonts)> = None;
                let mut next = requests.recv().ok();
                while let Some(req) = next.take() {
                    let same = fonts.as_ref().is_some_and(|(d, _)| same_fonts(d, &req.fonts));
                    if !same {
                        fonts = Some((req.fonts.clone(), Fonts::new(req.text_options, req.fonts.clone())));
                    }
                    let Some((_, f)) = fonts.as_mut() else { break };
                    next = measure(f, req, &requests, &results, &repaint);
                    if next.is_none() {
                        next = requests.recv().ok();
                    }
                }
            })
            .ok()?;
        Some(Self { tx, rx, generation: 0 })
    }

    /// Ask for the heights of `jobs` (a new generation; older results are dropped).
    pub fn request(
        &mut self,
        jobs: Vec<Option<LayoutJob>>,
        from: usize,
        pixels_per_point: f32,
        fonts: FontDefinitions,
        text_options: TextOptions,
    ) {
        self.generation += 1;
        let req = Request { generation: self.generation, jobs, from, pixels_per_point, fonts, text_options };
        let _ = self.tx.send(req);
    }

    /// The heights measured since the last call for the current generation.
    pub fn results(&self) -> Vec<(usize, f32)> {
        let mut out = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok((g, batch)) if g == self.generation => out.extend(batch),
                Ok(_) => {}
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return out,
            }
        }
    }
}

fn same_fonts(a: &FontDefinitions, b: &FontDefinitions) -> bool {
    a.families == b.families
        && a.font_data.len() == b.font_data.len()
        && a.font_data.iter().zip(&b.font_data).all(|((ka, va), (kb, vb))| ka == kb && Arc::ptr_eq(va, vb))
}

/// The height a galley takes, rounded to physical pixels as the view places it.
#[must_use]
pub fn galley_height(galley: &Galley, pixels_per_point: f32) -> f32 {
    (galley.size().y * pixels_per_point).ceil() / pixels_per_point
}

/// Measure the blocks of `req`, nearest to `req.from` first, sending batches; stop early and
/// return a newer request if one arrives.
fn measure(
    fonts: &mut Fonts,
    req: Request,
    requests: &Receiver<Request>,
    results: &Sender<(u64, Vec<(usize, f32)>)>,
    repaint: &egui::Context,
) -> Option<Request> {
    let n = req.jobs.len();
    fonts.begin_pass(req.text_options, egui::epaint::text::ViewportKey::default());
    let mut jobs = req.jobs;
    let mut batch = Vec::with_capacity(BATCH);
    let from = req.from.min(n.saturating_sub(1));
    // from, from+1, from-1, from+2, from-2 …
    let order = (0..2 * n).filter_map(|k| {
        let d = k.div_ceil(2);
        if k % 2 == 1 { from.checked_add(d).filter(|i| *i < n) } else { from.checked_sub(d) }
    });
    for i in order {
        let Some(job) = jobs[i].take() else { continue };
        let galley = fonts.with_pixels_per_point(req.pixels_per_point).layout_job(job);
        batch.push((i, galley_height(&galley, req.pixels_per_point)));
        if batch.len() == BATCH {
            if results.send((req.generation, std::mem::take(&mut batch))).is_err() {
                return None;
            }
            repaint.request_repaint();
            // The galley cache only helps repeated layouts: keep it from growing.
            fonts.begin_pass(req.text_options, egui::epaint::text::ViewportKey::default());
            match requests.try_recv() {
                Ok(newer) => return Some(newer),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => return None,
            }
        }
    }
    if !batch.is_empty() {
        let _ = results.send((req.generation, batch));
        repaint.request_repaint();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tops_are_prefix_sums_that_update_and_search() {
        let heights = vec![10.0, 20.0, 5.0, 40.0, 1.0, 3.0, 7.0];
        let mut t = Tops::new(heights.clone());
        let naive = |h: &[f32], i: usize| h[..i].iter().sum::<f32>();
        for i in 0..=heights.len() {
            assert!((t.top(i) - naive(&heights, i)).abs() < 1e-3, "top({i})");
        }
        assert_eq!(t.block_at(0.0), 0);
        assert_eq!(t.block_at(9.9), 0);
        assert_eq!(t.block_at(10.0), 1);
        assert_eq!(t.block_at(34.9), 2);
        assert_eq!(t.block_at(35.0), 3);
        assert_eq!(t.block_at(1e9), heights.len() - 1);
        let mut h = heights;
        assert!(t.set(3, 4.0));
        h[3] = 4.0;
        assert!(!t.set(3, 4.0), "no change");
        for i in 0..=h.len() {
            assert!((t.top(i) - naive(&h, i)).abs() < 1e-3, "top({i}) after set");
        }
        assert!((t.total() - h.iter().sum::<f32>()).abs() < 1e-3);
        assert_eq!(t.block_at(39.0), 3);
        assert_eq!(t.block_at(39.5), 4);
        assert!(Tops::new(Vec::new()).is_empty());
    }

    #[test]
    fn the_worker_measures_what_the_window_would_lay_out() {
        let ctx = egui::Context::default();
        let fonts = FontDefinitions::default();
        let job = |text: &str| {
            let mut j =
                LayoutJob::simple(text.to_owned(), egui::FontId::proportional(16.0), egui::Color32::WHITE, 120.0);
            j.wrap.max_width = 120.0;
            j
        };
        let texts = ["One line.", "A much longer paragraph that has to wrap over several lines at this width.", "x"];
        let mut m = Measurer::start(ctx).expect("a worker thread");
        m.request(texts.iter().map(|t| Some(job(t))).collect(), 1, 1.0, fonts.clone(), TextOptions::default());
        let mut got = Vec::new();
        let start = std::time::Instant::now();
        while got.len() < texts.len() {
            got.extend(m.results());
            assert!(start.elapsed().as_secs() < 20, "measuring timed out");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        got.sort_by_key(|(i, _)| *i);
        let mut own = Fonts::new(TextOptions::default(), fonts);
        for (i, h) in got {
            let g = own.with_pixels_per_point(1.0).layout_job(job(texts[i]));
            assert!((h - galley_height(&g, 1.0)).abs() < 1e-3, "block {i}");
        }
        assert!(m.results().is_empty());
    }
}
