//! The window (egui/eframe). The only module that names egui.

/// Run the app (placeholder until the window lands).
///
/// # Errors
/// If the window cannot be created.
pub fn run(_file: Option<std::path::PathBuf>) -> eframe::Result {
    Ok(())
}
