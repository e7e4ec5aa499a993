//! Recovery copies of unsaved work: while the open project has unsaved changes, a copy is
//! written every few seconds (by [`io::recovery::RecoveryWriter`]'s own thread); after a
//! crash the next start offers to restore it.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use super::session::Session;
use crate::io;

/// How often a recovery copy is written while there are unsaved changes.
pub const INTERVAL: Duration = Duration::from_secs(4);

/// The recovery copies of this window.
pub struct Recovery {
    writer: Option<io::recovery::RecoveryWriter>,
    errors: Option<Receiver<String>>,
    /// When the last copy was written, and of which state.
    last: Option<(Instant, u64)>,
    /// The folder (None: no recovery copies).
    pub dir: Option<PathBuf>,
}

impl Recovery {
    /// Recovery copies in `dir` (none without a folder, or if it cannot be made).
    #[must_use]
    pub fn new(dir: Option<PathBuf>, ctx: &egui::Context) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        let repaint = ctx.clone();
        let writer = dir.clone().and_then(|dir| {
            io::recovery::RecoveryWriter::new(dir, move |e| {
                let _ = tx.send(e);
                repaint.request_repaint();
            })
            .ok()
        });
        Self { writer, errors: Some(rx), last: None, dir }
    }

    /// Write a copy of `session` if it has unsaved changes not copied in the last
    /// [`INTERVAL`]; returns the errors the writer reported since the last call.
    pub fn tick(&mut self, session: Option<&Session>) -> Vec<String> {
        let errors = self.errors.as_ref().map(|rx| rx.try_iter().collect()).unwrap_or_default();
        let (Some(writer), Some(s)) = (&self.writer, session) else { return errors };
        if !s.is_dirty() {
            return errors;
        }
        let state = s.history.state_id() ^ (u64::from(s.changed_outside_history) << 63);
        if let Some((t, st)) = self.last
            && (st == state || t.elapsed() < INTERVAL)
        {
            return errors;
        }
        self.last = Some((Instant::now(), state));
        writer.write(s.recovery_key(), s.path.clone(), s.full_project().into_owned());
        errors
    }

    /// Delete the copy kept under `key` (the work was saved, or the user chose to drop it).
    pub fn remove(&mut self, key: String) {
        if let Some(w) = &self.writer {
            w.remove(key);
        }
        self.last = None;
    }

    /// Start counting afresh (another project was opened).
    pub fn reset(&mut self) {
        self.last = None;
    }
}
