//! Background work. Every job — analysing an article, opening, saving, exporting, importing,
//! updating an article, reading recovery copies, a native file dialog — runs on a named worker
//! thread, so the window keeps drawing and the user keeps reading while it runs. A job's
//! result comes back as a [`Command`], applied by the app like any other: there is one place
//! where state changes.
//!
//! Jobs report progress through [`JobCtx::set_progress`] and may watch [`JobCtx::cancelled`];
//! cancelling a job whose work cannot be interrupted discards its result instead.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Instant;

use super::command::Command;
use super::state::JobStatus;

/// What a job does; at most one analysis runs at a time (a new one replaces the old).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Entities, quotations, suggestions of the open article.
    Analysis,
    /// Opening an article or a project.
    Open,
    /// Saving the project.
    Save,
    /// Anything else that reads or writes files (export, import, update, recovery).
    File,
    /// A native file dialog.
    Dialog,
}

/// What a running job can see: where to report progress, whether it was cancelled.
#[derive(Clone, Debug, Default)]
pub struct JobCtx {
    progress: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
    repaint: Option<egui::Context>,
}

impl JobCtx {
    /// Report progress (0–1).
    pub fn set_progress(&self, fraction: f32) {
        self.progress.store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
        if let Some(c) = &self.repaint {
            c.request_repaint();
        }
    }

    /// True once the user cancelled the job.
    #[must_use]
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The cancel flag itself, for engine functions that take one.
    #[must_use]
    pub fn cancel_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.cancel)
    }
}

/// Sentinel stored before any progress is reported.
const NO_PROGRESS: u32 = u32::MAX;

struct Running {
    id: u64,
    kind: JobKind,
    label: String,
    cancellable: bool,
    ctx: JobCtx,
    rx: Receiver<Command>,
    started: Instant,
}

/// The jobs running now.
#[derive(Default)]
pub struct Jobs {
    next_id: u64,
    running: Vec<Running>,
}

impl Jobs {
    /// Run `work` on a worker thread; its command is applied when it is done. `label` is shown
    /// in the status bar while it runs. Returns the job's id.
    ///
    /// # Errors
    /// If no thread can be started (the message says so).
    pub fn spawn(
        &mut self,
        ctx: &egui::Context,
        kind: JobKind,
        label: impl Into<String>,
        cancellable: bool,
        work: impl FnOnce(&JobCtx) -> Command + Send + 'static,
    ) -> Result<u64, String> {
        if kind == JobKind::Analysis {
            self.running.retain(|j| j.kind != JobKind::Analysis);
        }
        self.next_id += 1;
        let id = self.next_id;
        let (tx, rx) = std::sync::mpsc::channel();
        let job = JobCtx {
            progress: Arc::new(AtomicU32::new(NO_PROGRESS)),
            cancel: Arc::new(AtomicBool::new(false)),
            repaint: Some(ctx.clone()),
        };
        let worker = job.clone();
        let repaint = ctx.clone();
        let name = match kind {
            JobKind::Analysis => "claimlens-analysis",
            JobKind::Dialog => "claimlens-dialog",
            JobKind::Open | JobKind::Save | JobKind::File => "claimlens-file",
        };
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let cmd = work(&worker);
                let _ = tx.send(cmd);
                repaint.request_repaint();
            })
            .map_err(|e| format!("cannot start a worker thread: {e}"))?;
        self.running.push(Running {
            id,
            kind,
            label: label.into(),
            cancellable,
            ctx: job,
            rx,
            started: Instant::now(),
        });
        Ok(id)
    }

    /// The commands of the jobs that finished since the last call (a job whose thread died
    /// gives an error notice).
    pub fn poll(&mut self) -> Vec<Command> {
        let mut out = Vec::new();
        self.running.retain(|j| match j.rx.try_recv() {
            Ok(cmd) => {
                if !j.ctx.cancelled() {
                    out.push(cmd);
                }
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                out.push(Command::Notify(format!("{} stopped unexpectedly", j.label.trim_end_matches('…'))));
                false
            }
        });
        out
    }

    /// Cancel job `id`: it is told to stop, and whatever it returns is dropped.
    pub fn cancel(&mut self, id: u64) {
        if let Some(j) = self.running.iter().find(|j| j.id == id) {
            j.ctx.cancel.store(true, Ordering::Relaxed);
        }
        self.running.retain(|j| j.id != id);
    }

    /// Drop every job of `kind` (their results would be about a document no longer open).
    pub fn cancel_kind(&mut self, kind: JobKind) {
        for j in self.running.iter().filter(|j| j.kind == kind) {
            j.ctx.cancel.store(true, Ordering::Relaxed);
        }
        self.running.retain(|j| j.kind != kind);
    }

    /// True while a job of `kind` runs.
    #[must_use]
    pub fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|j| j.kind == kind)
    }

    /// True while any job runs.
    #[must_use]
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// How long the job of `kind` started last has run, if one runs.
    #[must_use]
    pub fn running_for(&self, kind: JobKind) -> Option<std::time::Duration> {
        self.running.iter().rev().find(|j| j.kind == kind).map(|j| j.started.elapsed())
    }

    /// The jobs for the status bar (dialogs are not shown: the dialog itself is).
    #[must_use]
    pub fn status(&self) -> Vec<JobStatus> {
        self.running
            .iter()
            .filter(|j| j.kind != JobKind::Dialog)
            .map(|j| {
                let bits = j.ctx.progress.load(Ordering::Relaxed);
                JobStatus {
                    id: j.id,
                    label: j.label.clone(),
                    progress: (bits != NO_PROGRESS).then(|| f32::from_bits(bits)),
                    cancellable: j.cancellable,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(jobs: &mut Jobs) -> Vec<Command> {
        let start = Instant::now();
        loop {
            let out = jobs.poll();
            if !out.is_empty() || !jobs.busy() {
                return out;
            }
            assert!(start.elapsed().as_secs() < 10, "job did not finish");
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    #[test]
    fn a_job_result_comes_back_as_a_command_and_progress_is_shown() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        jobs.spawn(&ctx, JobKind::File, "Exporting…", false, move |job| {
            job.set_progress(0.5);
            go_rx.recv().ok();
            Command::Notify("done".into())
        })
        .unwrap();
        let start = Instant::now();
        while jobs.status()[0].progress.is_none() {
            assert!(start.elapsed().as_secs() < 10);
            std::thread::yield_now();
        }
        assert_eq!(jobs.status()[0].progress, Some(0.5));
        assert!(jobs.is_running(JobKind::File));
        go_tx.send(()).unwrap();
        let out = wait(&mut jobs);
        assert!(matches!(out.as_slice(), [Command::Notify(t)] if t == "done"));
        assert!(!jobs.busy());
    }

    #[test]
    fn cancelled_results_are_dropped_and_a_new_analysis_replaces_the_old() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let id = jobs
            .spawn(&ctx, JobKind::Open, "Opening…", true, move |job| {
                go_rx.recv().ok();
                assert!(job.cancelled());
                Command::Notify("stale".into())
            })
            .unwrap();
        jobs.cancel(id);
        go_tx.send(()).unwrap();
        assert!(wait(&mut jobs).is_empty());
        jobs.spawn(&ctx, JobKind::Analysis, "first", false, |_| Command::Notify("first".into())).unwrap();
        jobs.spawn(&ctx, JobKind::Analysis, "second", false, |_| Command::Notify("second".into())).unwrap();
        assert_eq!(jobs.status().len(), 1);
        let out = wait(&mut jobs);
        assert!(matches!(out.as_slice(), [Command::Notify(t)] if t == "second"));
    }

    #[test]
    fn a_job_that_panics_is_reported() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::default();
        jobs.spawn(&ctx, JobKind::Save, "Saving nato.claimlens.ron…", false, |_| panic!("disk on fire")).unwrap();
        let out = wait(&mut jobs);
        assert!(
            matches!(out.as_slice(), [Command::Notify(t)] if t == "Saving nato.claimlens.ron stopped unexpectedly")
        );
    }
}
