//! `claimlens bench ui`: the CPU cost per frame of the real article view, headless.
//!
//! Drives [`ArticleView`] in an `egui::Context` with no window (layout + tessellation, no GPU)
//! through a fixed script: scrolling with the mouse wheel (down and back up over the same
//! text), the pointer moving over the text (hover hit-tests and entity tooltips), and a drag
//! selecting text across paragraphs. The same script runs on a 10 KB and a 1 MB document, so
//! the ratio of their frame times shows whether frame cost grows with the document.
//! Also measured: opening a 1 MB article (import + analysis + first frame), and saving and
//! loading a project with 2,000 claims.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use egui::{Event, Modifiers, PointerButton, Pos2, RawInput, Rect, TouchPhase, Vec2, pos2, vec2};
use serde_json::json;

use super::article_view::{ArticleView, ClaimMark, ContextTarget, Highlights, ReadingStyle, ViewHooks};
use crate::document::{ByteSpan, Document};
use crate::io;
use crate::nlp::{Entity, Pipeline};
use crate::project::{Claim, ClaimId, Edit, Project};

/// Frames before measuring.
const WARMUP_FRAMES: usize = 30;
/// Frame duration fed to egui (60 Hz).
const DT: f64 = 1.0 / 60.0;
/// Window size.
const SCREEN: Vec2 = vec2(1000.0, 800.0);

struct NoHooks;

impl ViewHooks for NoHooks {
    fn entity_tooltip(&mut self, ui: &mut egui::Ui, entity: &Entity) {
        ui.label(format!("{}", entity.label));
    }
    fn context_menu(&mut self, _ui: &mut egui::Ui, _target: &ContextTarget) {}
}

/// One measured case.
#[derive(Clone, Debug)]
pub struct CaseResult {
    /// Name of the case.
    pub case: String,
    /// Document size in bytes.
    pub bytes: usize,
    /// Frame times in milliseconds (or operation times for IO cases).
    pub times_ms: Vec<f64>,
    /// Extra numbers for the report.
    pub extra: serde_json::Value,
}

impl CaseResult {
    fn percentile(&self, p: f64) -> f64 {
        let mut v = self.times_ms.clone();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return 0.0;
        }
        let i = ((v.len() - 1) as f64 * p).round() as usize;
        v[i]
    }

    /// The JSON object printed for this case.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = json!({
            "case": self.case,
            "bytes": self.bytes,
            "samples": self.times_ms.len(),
            "median_ms": round3(self.percentile(0.5)),
            "p95_ms": round3(self.percentile(0.95)),
            "max_ms": round3(self.percentile(1.0)),
        });
        if let (Some(obj), Some(extra)) = (v.as_object_mut(), self.extra.as_object()) {
            for (k, x) in extra {
                obj.insert(k.clone(), x.clone());
            }
        }
        v
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Sample text for the default cases: the bundled sample article, repeated to `bytes`.
#[must_use]
pub fn repeated_sample(bytes: usize) -> String {
    let doc = io::import_bytes(Path::new(io::SAMPLE_ARTICLE_NAME), io::SAMPLE_ARTICLE.as_bytes())
        .map(|i| i.document.text)
        .unwrap_or_else(|_| io::SAMPLE_ARTICLE.to_owned());
    let mut out = String::with_capacity(bytes + doc.len());
    let mut n = 0;
    while out.len() < bytes {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        n += 1;
        out.push_str(&format!("Part {n}\n\n"));
        out.push_str(&doc);
    }
    out
}

/// `n` claims spread evenly over the sentences of `doc`.
fn spread_claims(doc: &Document, n: usize) -> Vec<ClaimMark> {
    let text = &doc.text;
    let mut sentences: Vec<ByteSpan> = Vec::new();
    for b in &doc.blocks {
        let mut start = b.span.start;
        for (i, c) in text[b.span].char_indices() {
            if matches!(c, '.' | '!' | '?') {
                let end = b.span.start + i + 1;
                let s = ByteSpan::new(start, end).trim(text);
                if s.len() > 20 {
                    sentences.push(s);
                }
                start = end;
            }
        }
    }
    if sentences.is_empty() || n == 0 {
        return Vec::new();
    }
    let step = (sentences.len() as f64 / n as f64).max(1.0);
    (0..n.min(sentences.len()))
        .map(|i| ClaimMark { span: sentences[(i as f64 * step) as usize], id: ClaimId(i as u128 + 1) })
        .collect()
}

fn highlights_for(doc: &Document, entities: Vec<Entity>, claims: &[ClaimMark]) -> Highlights {
    let mut block_claims = vec![Vec::new(); doc.blocks.len()];
    for c in claims {
        for b in doc.blocks_overlapping(c.span) {
            block_claims[b].push(*c);
        }
    }
    Highlights { entities, block_claims, ..Highlights::default() }
}

/// What [`run_frames`] measured.
struct Frames {
    /// Per-frame times (ms) after the warm-up.
    times: Vec<f64>,
    /// Blocks laid out during the measured frames.
    layouts: usize,
    /// The very first frame (everything laid out from nothing).
    first_ms: f64,
}

/// Run the frame script over `doc`.
fn run_frames(ctx: &egui::Context, doc: &Document, hl: &Highlights, frames: usize, start_scroll: f32) -> Frames {
    let mut view = ArticleView::new();
    view.reset(doc);
    let style = ReadingStyle::new(1.0, false);
    let mut hooks = NoHooks;
    let mut time = 0.0;
    let mut times = Vec::with_capacity(frames);
    let mut layouts = 0;
    let mut first_ms = 0.0;
    let screen = Rect::from_min_size(Pos2::ZERO, SCREEN);
    // Jump to the start position first (not measured).
    if start_scroll > 0.0 {
        let target = doc.block_at_or_after((doc.text.len() as f32 * start_scroll) as usize);
        view.scroll_to_top(doc.blocks.get(target).map_or(0, |b| b.span.start));
    }
    for frame in 0..(WARMUP_FRAMES + frames) {
        time += DT;
        let k = frame.saturating_sub(WARMUP_FRAMES);
        let mut events = Vec::new();
        // Scroll 37 pt a frame, changing direction every 60 frames: the same text window
        // whatever the document's length.
        let dir = if (k / 60) % 2 == 0 { -1.0 } else { 1.0 };
        if frame >= WARMUP_FRAMES {
            events.push(Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: vec2(0.0, 37.0 * dir),
                phase: TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: Modifiers::NONE,
            });
        }
        // The pointer sweeps over the text column.
        let p = pos2(260.0 + (k as f32 * 13.0) % 460.0, 150.0 + (k as f32 * 7.0) % 500.0);
        events.push(Event::PointerMoved(p));
        // Frames 40..160 drag a selection.
        if k == 40 {
            events.push(Event::PointerButton {
                pos: p,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: Modifiers::NONE,
            });
        }
        if k == 160 {
            events.push(Event::PointerButton {
                pos: p,
                button: PointerButton::Primary,
                pressed: false,
                modifiers: Modifiers::NONE,
            });
        }
        let input = RawInput {
            screen_rect: Some(screen),
            time: Some(time),
            predicted_dt: DT as f32,
            events,
            ..Default::default()
        };
        let started = Instant::now();
        let output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                view.ui(ui, doc, hl, &style, &mut hooks);
            });
        });
        let primitives = ctx.tessellate(output.shapes.clone(), output.pixels_per_point);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(&primitives);
        output.drop_without_applying_deltas();
        if frame == 0 {
            first_ms = elapsed;
        }
        if frame >= WARMUP_FRAMES {
            times.push(elapsed);
            layouts += view.layouts_this_frame;
        }
    }
    Frames { times, layouts, first_ms }
}

fn new_context() -> egui::Context {
    let ctx = egui::Context::default();
    ctx.set_fonts(super::theme::font_definitions());
    ctx.set_theme(egui::Theme::Light);
    // One pass so the fonts exist.
    ctx.run_ui(RawInput::default(), |_| {}).drop_without_applying_deltas();
    ctx
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// Run every case and print one JSON object per line to `out`.
///
/// # Errors
/// If `file` cannot be imported or the output cannot be written.
pub fn bench_ui(file: Option<&Path>, frames: usize, claims: usize, out: &mut dyn Write) -> Result<(), String> {
    let pipeline = Pipeline::default();
    let small =
        io::import_bytes(Path::new("small.txt"), repeated_sample(10_000).as_bytes()).map_err(|e| e.to_string())?;
    let large_imported = match file {
        Some(p) => io::import_path(p).map_err(|e| e.to_string())?,
        None => io::import_bytes(Path::new("large.txt"), repeated_sample(1_000_000).as_bytes())
            .map_err(|e| e.to_string())?,
    };
    let mut results = Vec::new();

    // Opening: import + first frame (text on screen) + analysis (highlights).
    {
        let bytes = if let Some(p) = file {
            std::fs::read(p).map_err(|e| e.to_string())?
        } else {
            repeated_sample(1_000_000).into_bytes()
        };
        let ctx = new_context();
        let t0 = Instant::now();
        let imported = io::import_bytes(file.unwrap_or(Path::new("large.txt")), &bytes).map_err(|e| e.to_string())?;
        let import_ms = t0.elapsed().as_secs_f64() * 1000.0;
        let first = run_frames(&ctx, &imported.document, &Highlights::default(), 0, 0.0).first_ms;
        let t1 = Instant::now();
        let analysis = pipeline.analyze(&imported.document);
        let analysis_ms = t1.elapsed().as_secs_f64() * 1000.0;
        results.push(CaseResult {
            case: "open_large".into(),
            bytes: bytes.len(),
            times_ms: vec![import_ms + first],
            extra: json!({
                "import_ms": round3(import_ms),
                "first_frame_ms": round3(first),
                "analysis_ms": round3(analysis_ms),
                "entities": analysis.entities.len(),
                "recognizer": analysis.recognizer,
            }),
        });
    }

    let small_entities = pipeline.analyze(&small.document).entities;
    let large_entities = pipeline.analyze(&large_imported.document).entities;
    let large_claims = spread_claims(&large_imported.document, claims);
    for (case, doc, entities, claim_marks, start) in [
        ("scroll_hover_drag_10kb", &small.document, small_entities, Vec::new(), 0.0),
        ("scroll_hover_drag_1mb", &large_imported.document, large_entities.clone(), large_claims.clone(), 0.0),
        ("scroll_hover_drag_1mb_middle", &large_imported.document, large_entities.clone(), large_claims.clone(), 0.5),
    ] {
        let ctx = new_context();
        let n_entities = entities.len();
        let hl = highlights_for(doc, entities, &claim_marks);
        let f = run_frames(&ctx, doc, &hl, frames, start);
        results.push(CaseResult {
            case: case.into(),
            bytes: doc.text.len(),
            times_ms: f.times,
            extra: json!({
                "blocks": doc.blocks.len(),
                "entities": n_entities,
                "claims": claim_marks.len(),
                "galley_layouts": f.layouts,
                "first_frame_ms": round3(f.first_ms),
            }),
        });
    }

    // Saving and loading a project with `claims` claims.
    {
        let mut project = Project::new(large_imported.document.clone(), large_imported.source.clone());
        project.entities.automatic = large_entities;
        let now = jiff::Timestamp::UNIX_EPOCH;
        for (i, c) in large_claims.iter().enumerate() {
            let mut claim = Claim::new(ClaimId(i as u128 + 1), project.text(), c.span, now);
            claim.note = format!("Note {i}: check against the source.");
            claim.tags = vec!["bench".into()];
            Edit::AddClaim(Box::new(claim)).apply(&mut project).map_err(|e| e.to_string())?;
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("bench.claimlens.ron");
        let (mut save, mut load) = (Vec::new(), Vec::new());
        for _ in 0..7 {
            let t = Instant::now();
            io::project_file::save(&path, &project).map_err(|e| e.to_string())?;
            save.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let back = io::project_file::load(&path).map_err(|e| e.to_string())?;
            load.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(back);
        }
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let n = project.claims.len();
        results.push(CaseResult {
            case: "save_project".into(),
            bytes: size as usize,
            times_ms: save,
            extra: json!({"claims": n}),
        });
        results.push(CaseResult {
            case: "load_project".into(),
            bytes: size as usize,
            times_ms: load,
            extra: json!({"claims": n}),
        });
    }

    for r in &results {
        writeln!(out, "{}", r.to_json()).map_err(|e| e.to_string())?;
    }
    let small_med = results.iter().find(|r| r.case == "scroll_hover_drag_10kb").map(|r| r.percentile(0.5));
    let large_med = results.iter().find(|r| r.case == "scroll_hover_drag_1mb").map(|r| r.percentile(0.5));
    if let (Some(s), Some(l)) = (small_med, large_med) {
        writeln!(
            out,
            "{}",
            json!({"case": "summary", "bytes": 0, "median_ms": round3(l), "p95_ms": 0.0,
                   "ratio_1mb_to_10kb_median": round3(l / s), "peak_rss_kb": peak_rss_kb()})
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}
