//! The window (egui/eframe). The only module that names egui.
//!
//! - [`app`]: the eframe app, a thin shell: applies [`command::Command`]s in one place,
//!   routing them to the reducers [`caret`] (reading position, keyboard selection), [`shown`]
//!   (what is shown), [`editing`] (the project, with undo), [`lifecycle`] (opening,
//!   analysing, saving, recovery), [`corpus`] (documents of a corpus), [`team`] (coder,
//!   conflicts, agreement, adjudication) and [`sources`] (web pages, clipboard, fact-check
//!   library).
//! - [`command`]: every message, with each feature's own commands and what they carry; it
//!   sits below the reducers, so no module imports in a cycle (`tests/architecture.rs`).
//! - [`files`], [`jobs`], [`recovery`]: file work and analysis on worker threads.
//! - [`highlights`]: what is drawn over the text, a pure function of the session.
//! - [`article_view`]: the virtualised article reader.
//! - [`panels`], [`claims_panel`], [`corpus_panel`], [`team_panel`], [`sources_panel`] …:
//!   everything around it; they draw what a [`frame::Frame`] gives them and emit commands.
//! - [`theme`]: colours from `assets/theme.ron`, fonts; [`words`]: counts and short text.

pub mod app;
pub mod article_view;
pub mod bench;
pub mod bidi_layout;
pub mod caret;
pub mod claims_panel;
pub mod codebook_panel;
pub mod command;
pub mod corpus;
pub mod corpus_panel;
pub mod editing;
pub mod entities_panel;
pub mod files;
pub mod frame;
pub mod heights;
pub mod highlights;
pub mod jobs;
pub mod lifecycle;
pub mod navigate;
pub mod overview_panel;
pub mod panels;
pub mod recovery;
pub mod session;
pub mod shortcuts;
pub mod shown;
pub mod sources;
pub mod sources_panel;
pub mod state;
pub mod team;
pub mod team_panel;
pub mod theme;
pub mod words;

use std::path::PathBuf;

pub use app::{AppOptions, ClaimLensApp};

/// Open the window on `file` (or on the bundled sample article), coding as `coder` (None: the
/// name in the settings), in blind coding if `blind`.
///
/// # Errors
/// If the window cannot be created (no display, no OpenGL).
pub fn run(file: Option<PathBuf>, coder: Option<String>, blind: bool) -> eframe::Result {
    let options = AppOptions {
        open_sample: file.is_none(),
        file,
        recovery_dir: crate::io::recovery::recovery_dir(),
        no_native_dialogs: false,
        fixed_time: None,
        coder,
        blind,
    };
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon-256.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("ClaimLens")
        .with_app_id("io.github.claimlens.ClaimLens")
        .with_inner_size([1280.0, 860.0])
        .with_min_inner_size([640.0, 420.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let native = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        // Preferences stay where ClaimLens 0.1 kept them (eframe would otherwise file them
        // under the app id, and users would lose their recent files and view settings).
        persistence_path: eframe::storage_dir("claimlens").map(|d| d.join("app.ron")),
        ..Default::default()
    };
    eframe::run_native("claimlens", native, Box::new(|cc| Ok(Box::new(ClaimLensApp::new(cc, options)))))
}
