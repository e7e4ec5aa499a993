//! `claimlens bench ui`: the CPU cost per frame of the real window, headless.
//!
//! Runs the whole [`ClaimLensApp`] — menus, legend, article view, side panel with its claims
//! list, status bar — in an `egui::Context` without a window (layout and tessellation, no
//! GPU), through fixed scripts:
//!
//! - `scroll_hover_drag_10kb`, `scroll_hover_drag_1mb`: the mouse wheel scrolling down and
//!   back up over the same text, the pointer moving over it (hover hit-tests, tooltips), a
//!   drag selecting across paragraphs. The 1 MB article carries its entities and 2,000
//!   claims. Neither document repeats itself (generated news text, or `--file`), so layout
//!   caches cannot hide work that grows with the document; the ratio of the two medians says
//!   whether it does.
//! - `type_in_note_1mb`: 200 keystrokes into a claim's note on the 1 MB article with 2,000
//!   claims, one key per frame; each frame's time includes applying the edit.
//! - `open_large_frames`: every frame drawn while the large article opens and is analysed on
//!   worker threads.
//! - `save_large_frames`: every frame drawn while its 2,000-claim project is saved.
//! - `save_project`, `load_project`: the engine's save and load of that project, alone.
//! - `open_corpus_list` (only with `--file DIR` naming a corpus folder, e.g. one kept by
//!   `claimlens bench corpus --keep DIR`): in a window already showing an article, the time
//!   from the open command to the frame that draws the corpus's Documents list, then to its
//!   first document shown; `corpus_list_frames`: frames with the list on screen, scrolled.
//!
//! Each case prints one JSON object: `case`, `bytes`, `median_ms`, `p95_ms`, `max_ms`, …

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::App as _;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, RawInput, Rect, TouchPhase, Vec2, pos2, vec2};
use serde_json::json;

use super::app::{AppOptions, ClaimLensApp};
use super::command::Command;
use crate::document::ByteSpan;
use crate::document::synthetic::News;
use crate::io;
use crate::project::{Claim, ClaimId, Edit, Project};

/// Frames before measuring.
const WARMUP_FRAMES: usize = 30;
/// Frame duration fed to egui (60 Hz).
const DT: f64 = 1.0 / 60.0;
/// Window size.
const SCREEN: Vec2 = vec2(1300.0, 860.0);
/// Keystrokes of `type_in_note_1mb`.
const KEYSTROKES: usize = 200;

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

/// The real app in a headless egui context, one frame at a time.
struct AppRun {
    ctx: egui::Context,
    app: ClaimLensApp,
    frame: eframe::Frame,
    time: f64,
}

impl AppRun {
    fn open(file: &Path) -> Self {
        let ctx = egui::Context::default();
        ctx.set_theme(egui::Theme::Light);
        let cc = eframe::CreationContext::_new_kittest(ctx.clone());
        let options = AppOptions {
            file: Some(file.to_path_buf()),
            open_sample: false,
            recovery_dir: None,
            no_native_dialogs: true,
            fixed_time: Some(jiff::Timestamp::UNIX_EPOCH),
            coder: None,
            blind: false,
        };
        let app = ClaimLensApp::new(&cc, options);
        Self { ctx, app, frame: eframe::Frame::_new_kittest(), time: 0.0 }
    }

    /// Run one frame with `events`; its CPU time in milliseconds (app logic, drawing,
    /// tessellation).
    fn frame(&mut self, events: Vec<Event>) -> f64 {
        self.time += DT;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
            time: Some(self.time),
            predicted_dt: DT as f32,
            events,
            ..Default::default()
        };
        let started = Instant::now();
        let (app, frame) = (&mut self.app, &mut self.frame);
        let output = self.ctx.run_ui(input, |ui| {
            app.logic(ui.ctx(), frame);
            app.ui(ui, frame);
        });
        let primitives = self.ctx.tessellate(output.shapes.clone(), output.pixels_per_point);
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        std::hint::black_box(&primitives);
        output.drop_without_applying_deltas();
        elapsed
    }

    /// Run frames at 60 Hz (sleeping between them, as a window does) until `done`, returning
    /// every frame's time; fails after `limit`.
    fn until(&mut self, what: &str, limit: Duration, done: impl Fn(&ClaimLensApp) -> bool) -> Result<Vec<f64>, String> {
        let start = Instant::now();
        let mut times = Vec::new();
        while !done(&self.app) {
            if start.elapsed() > limit {
                return Err(format!("bench: timed out waiting for {what}"));
            }
            let t = Instant::now();
            let ms = self.frame(Vec::new());
            times.push(ms);
            std::thread::sleep(Duration::from_secs_f64(DT).saturating_sub(t.elapsed()));
        }
        Ok(times)
    }

    fn open_and_wait(file: &Path) -> Result<Self, String> {
        let mut run = Self::open(file);
        run.until("the article to open, be analysed and measured", Duration::from_secs(300), |a| {
            a.session.as_ref().is_some_and(|s| s.analysis.is_some()) && !a.is_busy() && a.view.unmeasured() == 0
        })?;
        for _ in 0..WARMUP_FRAMES {
            run.frame(Vec::new());
        }
        Ok(run)
    }
}

/// The scroll, hover and drag script: `frames` measured frames.
fn scroll_hover_drag(run: &mut AppRun, frames: usize) -> Vec<f64> {
    let mut times = Vec::with_capacity(frames);
    for k in 0..frames {
        let mut events = Vec::new();
        // Scroll 37 pt a frame, changing direction every 60 frames: the same text window
        // whatever the document's length.
        let dir = if (k / 60) % 2 == 0 { -1.0 } else { 1.0 };
        events.push(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, 37.0 * dir),
            phase: TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        // The pointer sweeps over the text column.
        let p = pos2(240.0 + (k as f32 * 13.0) % 420.0, 200.0 + (k as f32 * 7.0) % 480.0);
        events.push(Event::PointerMoved(p));
        // Frames 40..160 drag a selection.
        for (at, pressed) in [(40, true), (160, false)] {
            if k == at {
                events.push(Event::PointerButton {
                    pos: p,
                    button: PointerButton::Primary,
                    pressed,
                    modifiers: Modifiers::NONE,
                });
            }
        }
        times.push(run.frame(events));
    }
    times
}

/// 200 keystrokes into the note of claim `id`, one key a frame; the keystroke frames' times.
fn type_in_note(run: &mut AppRun, id: ClaimId) -> Result<Vec<f64>, String> {
    run.app.push(Command::SelectClaim { id: Some(id), scroll: true });
    for _ in 0..10 {
        run.frame(Vec::new());
    }
    let field = egui::Id::unique(("claim-field", id, "note".to_owned()));
    run.ctx.memory_mut(|m| m.request_focus(field));
    for _ in 0..3 {
        run.frame(Vec::new());
    }
    let note = |run: &AppRun| run.app.session.as_ref().and_then(|s| s.project.claim(id)).map(|c| c.note.clone());
    let before = note(run).unwrap_or_default();
    let mut times = Vec::with_capacity(KEYSTROKES);
    let text = "check the budget figures against the ministry 2024 report ";
    let typed: String = text.chars().cycle().take(KEYSTROKES).collect();
    for c in typed.chars() {
        let key =
            if c == ' ' { Key::Space } else { Key::from_name(&c.to_ascii_uppercase().to_string()).unwrap_or(Key::A) };
        let press =
            Event::Key { key, physical_key: Some(key), pressed: true, repeat: false, modifiers: Modifiers::NONE };
        times.push(run.frame(vec![press, Event::Text(c.to_string())]));
        let release =
            Event::Key { key, physical_key: Some(key), pressed: false, repeat: false, modifiers: Modifiers::NONE };
        run.frame(vec![release]);
    }
    let after = note(run).unwrap_or_default();
    if after.chars().count() != before.chars().count() + KEYSTROKES || !after.contains(&typed) {
        return Err(format!("bench: the keystrokes did not all reach the note: {after:?}"));
    }
    Ok(times)
}

/// `n` claims spread evenly over the sentences of `project`'s article.
fn add_claims(project: &mut Project, analysis_sentences: &[ByteSpan], n: usize) -> Result<(), String> {
    let usable: Vec<ByteSpan> = analysis_sentences.iter().copied().filter(|s| s.len() > 20).collect();
    if usable.is_empty() || n == 0 {
        return Ok(());
    }
    let step = (usable.len() as f64 / n as f64).max(1.0);
    let now = jiff::Timestamp::UNIX_EPOCH;
    for i in 0..n.min(usable.len()) {
        let mut claim = Claim::new(ClaimId(i as u128 + 1), project.text(), usable[(i as f64 * step) as usize], now);
        claim.note = format!("Note {i}: check against the source.");
        claim.tags = vec!["bench".into()];
        Edit::AddClaim(Box::new(claim)).apply(project).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn case(name: &str, bytes: usize, times_ms: Vec<f64>, extra: serde_json::Value) -> CaseResult {
    CaseResult { case: name.into(), bytes, times_ms, extra }
}

/// Run every case and print one JSON object per line to `out`.
///
/// # Errors
/// If `file` cannot be imported, a file cannot be written, a script does not do what it
/// should (the keystrokes do not reach the note, the save fails), or the output cannot be
/// written.
#[allow(clippy::too_many_lines)]
pub fn bench_ui(file: Option<&Path>, frames: usize, claims: usize, out: &mut dyn Write) -> Result<(), String> {
    if let Some(corpus) = file.filter(|f| f.is_dir()) {
        return bench_corpus_open(corpus, frames, out);
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let err = |e: std::io::Error| e.to_string();
    let small_path = dir.path().join("small.txt");
    std::fs::write(&small_path, News::new(1).article(10_000)).map_err(err)?;
    let large_path: PathBuf = if let Some(p) = file {
        p.to_path_buf()
    } else {
        let p = dir.path().join("large.txt");
        std::fs::write(&p, News::new(2).article(1_000_000)).map_err(err)?;
        p
    };
    let mut results = Vec::new();

    // Opening the large article in a window already showing the small one (its fonts are
    // warm, as in a window people use): every frame while it is read and analysed.
    let mut run = AppRun::open_and_wait(&small_path)?;
    run.app.push(Command::OpenPath(large_path.clone()));
    let open_frames = run.until("the large article to open and be analysed", Duration::from_secs(300), |a| {
        a.session.as_ref().is_some_and(|s| s.analysis.is_some() && s.project.text().len() > 100_000) && !a.is_busy()
    })?;
    let (bytes, blocks, entities) = run
        .app
        .session
        .as_ref()
        .map_or((0, 0, 0), |s| (s.project.text().len(), s.project.document.blocks.len(), s.derived.entities.len()));
    let n_open = open_frames.len();
    results.push(case(
        "open_large_frames",
        bytes,
        open_frames,
        json!({"frames": n_open, "seconds": round3(n_open as f64 * DT), "blocks": blocks, "entities": entities}),
    ));

    // The large article as a project with its entities and `claims` claims.
    let large_project = {
        let s = run.app.session.as_ref().ok_or("bench: the large article did not open")?;
        let mut p = s.project.clone();
        let sentences = s.analysis.as_ref().map(|a| a.sentences.clone()).unwrap_or_default();
        add_claims(&mut p, &sentences, claims)?;
        p
    };
    drop(run);
    let project_path = dir.path().join("large.claimlens.ron");
    io::project_file::save(&project_path, &large_project).map_err(|e| e.to_string())?;
    let n_claims = large_project.claims.len();

    // The small article with as many claims for its size (at least 10), so that both cases
    // show the same panels: a list of claims beside the article.
    let small_project_path = dir.path().join("small.claimlens.ron");
    {
        let mut run = AppRun::open_and_wait(&small_path)?;
        let s = run.app.session.take().ok_or("bench: the small article did not open")?;
        let mut p = s.project;
        let sentences = s.analysis.as_ref().map(|a| a.sentences.clone()).unwrap_or_default();
        let n = (claims * p.text().len()).div_ceil(large_project.text().len().max(1)).max(10);
        add_claims(&mut p, &sentences, n)?;
        io::project_file::save(&small_project_path, &p).map_err(|e| e.to_string())?;
    }

    // Scrolling, hovering and dragging on the small and the large article.
    for (name, path) in
        [("scroll_hover_drag_10kb", small_project_path), ("scroll_hover_drag_1mb", project_path.clone())]
    {
        let mut run = AppRun::open_and_wait(&path)?;
        let s = run.app.session.as_ref().ok_or("bench: no session")?;
        let (bytes, blocks, entities, n) =
            (s.project.text().len(), s.project.document.blocks.len(), s.derived.entities.len(), s.project.claims.len());
        let times = scroll_hover_drag(&mut run, frames);
        let layouts = run.app.view.resident();
        results.push(case(
            name,
            bytes,
            times,
            json!({"blocks": blocks, "entities": entities, "claims": n, "resident_galleys": layouts}),
        ));
    }

    // Typing into a claim's note, then saving, on the large project.
    let mut run = AppRun::open_and_wait(&project_path)?;
    let middle = large_project.claims.get(n_claims / 2).map_or(ClaimId(1), |c| c.id);
    let typing = type_in_note(&mut run, middle)?;
    results.push(case(
        "type_in_note_1mb",
        large_project.text().len(),
        typing,
        json!({"claims": n_claims, "keystrokes": KEYSTROKES}),
    ));
    let saved_to = dir.path().join("saved.claimlens.ron");
    run.app.push(Command::SaveTo(saved_to.clone()));
    run.frame(Vec::new());
    let mut save_frames = vec![];
    save_frames.extend(run.until("the save to finish", Duration::from_secs(120), |a| !a.is_busy())?);
    let saved =
        io::project_file::load(&saved_to).map_err(|e| format!("bench: the saved project does not load: {e}"))?;
    if saved.claims.len() != n_claims {
        return Err(format!("bench: the saved project has {} claims, not {n_claims}", saved.claims.len()));
    }
    let size = std::fs::metadata(&saved_to).map_or(0, |m| m.len() as usize);
    let n_save = save_frames.len();
    results.push(case("save_large_frames", size, save_frames, json!({"claims": n_claims, "frames": n_save})));
    drop(run);

    // The engine alone: save and load of the same project.
    let (mut save, mut load) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let t = Instant::now();
        io::project_file::save(&saved_to, &large_project).map_err(|e| e.to_string())?;
        save.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        std::hint::black_box(io::project_file::load(&saved_to).map_err(|e| e.to_string())?);
        load.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    results.push(case("save_project", size, save, json!({"claims": n_claims})));
    results.push(case("load_project", size, load, json!({"claims": n_claims})));

    for r in &results {
        writeln!(out, "{}", r.to_json()).map_err(|e| e.to_string())?;
    }
    let median = |name: &str| results.iter().find(|r| r.case == name).map(|r| r.percentile(0.5));
    if let (Some(s), Some(l)) = (median("scroll_hover_drag_10kb"), median("scroll_hover_drag_1mb")) {
        writeln!(
            out,
            "{}",
            json!({"case": "summary", "bytes": 0, "median_ms": round3(l), "p95_ms": 0.0, "max_ms": 0.0,
                   "ratio_1mb_to_10kb_median": round3(l / s), "peak_rss_kb": peak_rss_kb()})
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The corpus cases of [`bench_ui`] (see the module docs): `corpus` is a corpus folder.
fn bench_corpus_open(corpus: &Path, frames: usize, out: &mut dyn Write) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let small_path = dir.path().join("small.txt");
    std::fs::write(&small_path, News::new(1).article(10_000)).map_err(|e| e.to_string())?;
    let mut run = AppRun::open_and_wait(&small_path)?;
    let runs = 7;
    let (mut list_ms, mut first_ms, mut list_frame_ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut documents = 0;
    for _ in 0..runs {
        run.app.corpus = None;
        let t = Instant::now();
        run.app.push(Command::OpenPath(corpus.to_path_buf()));
        // `until` checks after each frame: the frame that made the corpus state also drew the
        // list (the panel draws what the state holds in the same frame).
        let list = run.until("the corpus list", Duration::from_secs(60), |a| {
            a.corpus.as_ref().is_some_and(|c| !c.rows().is_empty())
        })?;
        list_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        list_frame_ms.push(list.last().copied().unwrap_or_default());
        documents = run.app.corpus.as_ref().map_or(0, |c| c.dir.manifest.documents.len());
        run.until("the first document", Duration::from_secs(60), |a| {
            a.corpus.as_ref().is_some_and(|c| c.current.is_some()) && a.session.is_some()
        })?;
        first_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        run.until("the analysis", Duration::from_secs(60), |a| !a.is_busy())?;
    }
    if documents == 0 {
        return Err(format!("bench: {} holds no documents", corpus.display()));
    }
    let manifest_bytes = std::fs::metadata(corpus.join("corpus.claimlens.ron")).map_or(0, |m| m.len() as usize);
    let mut results = vec![
        case(
            "open_corpus_list",
            manifest_bytes,
            list_ms,
            json!({"documents": documents, "runs": runs, "note": "wall ms from the open command to the frame drawing the list (frames at 60 Hz)"}),
        ),
        case("open_corpus_first_document", manifest_bytes, first_ms, json!({"documents": documents, "runs": runs})),
        case("corpus_list_drawn_frame", manifest_bytes, list_frame_ms, json!({"documents": documents})),
    ];
    // Frames with the list on screen, the pointer over it, the wheel scrolling it.
    let over = pos2(150.0, 400.0);
    let mut times = Vec::new();
    for i in 0..frames {
        let dy = if (i / 60) % 2 == 0 { -60.0 } else { 60.0 };
        let events = vec![
            Event::PointerMoved(over),
            Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: vec2(0.0, dy),
                phase: TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: Modifiers::NONE,
            },
        ];
        times.push(run.frame(events));
    }
    results.push(case("corpus_list_frames", manifest_bytes, times, json!({"documents": documents, "frames": frames})));
    for r in &results {
        writeln!(out, "{}", r.to_json()).map_err(|e| e.to_string())?;
    }
    Ok(())
}
