//! Team work in the window: the coder's name, merge conflicts, the agreement report with
//! another coder's copy, and the comparison of two coders with adjudication into a merged
//! project. State ([`TeamState`]) and its reducer ([`apply`]); drawing is in
//! [`super::team_panel`].
//!
//! The engine does the work ([`crate::team`], [`crate::project::review`]); agreement and
//! comparison read the other coder's file and compute on a worker thread ([`start`]), and
//! their results come back as [`TeamCommand`]s. Resolving a conflict and deciding an item are
//! ordinary undoable [`crate::project::Edit`]s the panel pushes as [`Command::Edit`].

pub use super::command::team::{AgreementView, ComparisonView, TeamCommand};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::command::Command;
use super::jobs::{JobKind, Jobs};
use super::session::Session;
use super::state::{Drafts, Notice, Prefs, post};
use crate::project::Project;
use crate::team::agreement::{By, agreement};
use crate::team::compare::{compare, start_adjudication};

/// Every way of grouping claims into categories of the unitizing α, in menu order.
pub const ALL_BY: [By; 4] = [By::Claim, By::Type, By::Tag, By::Code];

/// What the team features keep between frames.
#[derive(Clone, Debug, Default)]
pub struct TeamState {
    /// The coder-name dialog is open.
    pub coder_dialog: bool,
    /// The conflicts window is open.
    pub conflicts_open: bool,
    /// The agreement window's report.
    pub agreement: Option<AgreementView>,
    /// The comparison window's items.
    pub comparison: Option<ComparisonView>,
    /// Blind coding: the claims other coders created are hidden (see
    /// [`Session::set_blind`]).
    pub blind: bool,
}

/// The state [`apply`] changes.
pub struct Parts<'a> {
    /// The team state.
    pub team: &'a mut TeamState,
    /// The open project.
    pub session: Option<&'a Session>,
    /// Preferences (the coder's name).
    pub prefs: &'a mut Prefs,
    /// The coder-name field.
    pub drafts: &'a mut Drafts,
    /// Messages.
    pub notices: &'a mut Vec<Notice>,
    /// egui time.
    pub time: f64,
}

/// What the app must do after a team command.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Open this project as a new, unsaved one (the adjudication's merged project); then tell
    /// the team state its session id ([`TeamState::adjudicating_in`]).
    pub install: Option<Box<Project>>,
}

impl TeamState {
    /// The session `id` now holds the merged project of the comparison.
    pub fn adjudicating_in(&mut self, id: Option<u64>) {
        if let Some(c) = &mut self.comparison {
            c.merged_session = id;
        }
    }
}

/// Apply a team command.
pub fn apply(p: Parts<'_>, cmd: TeamCommand) -> Outcome {
    let Parts { team, session, prefs, drafts, notices, time } = p;
    let mut out = Outcome::default();
    match cmd {
        TeamCommand::EditCoder => {
            drafts.coder.clone_from(&prefs.coder);
            team.coder_dialog = true;
        }
        TeamCommand::SetCoder(name) => {
            let name = name.trim().to_owned();
            if name.is_empty() {
                return out;
            }
            post(notices, time, format!("Coding as {name}: your claims and corrections record it"), false);
            prefs.coder = name;
            team.coder_dialog = false;
        }
        TeamCommand::CloseCoder => team.coder_dialog = false,
        TeamCommand::SetBlind(on) => {
            if on && prefs.coder.trim().is_empty() {
                drafts.coder.clear();
                team.coder_dialog = true;
                post(notices, time, "Set your coder name first: blind coding shows only your claims", true);
                return out;
            }
            team.blind = on;
            let text = if on {
                format!("Blind coding as {}: other coders' claims are hidden (and saved unchanged)", prefs.coder)
            } else {
                "Blind coding off: every coder's claims are shown".to_owned()
            };
            post(notices, time, text, false);
        }
        TeamCommand::DismissCoderPrompt => prefs.coder_prompt_dismissed = true,
        TeamCommand::ShowConflicts(open) => team.conflicts_open = open,
        TeamCommand::AgreementReady(result) => match *result {
            Ok(view) => team.agreement = Some(view),
            Err(e) => post(notices, time, format!("Cannot compute the agreement: {e}"), true),
        },
        TeamCommand::SetBy(by) => {
            if let Some(a) = &mut team.agreement {
                a.by = by;
            }
        }
        TeamCommand::CloseAgreement => team.agreement = None,
        TeamCommand::ComparisonReady(result) => match *result {
            Ok(mut view) => {
                view.current = view.comparison.next_disagreement(None);
                team.comparison = Some(view);
            }
            Err(e) => post(notices, time, format!("Cannot compare: {e}"), true),
        },
        TeamCommand::SelectItem(i) => {
            if let Some(c) = &mut team.comparison {
                c.current = (i < c.comparison.items.len()).then_some(i);
            }
        }
        TeamCommand::StepDisagreement(forward) => {
            if let Some(c) = &mut team.comparison {
                let next = if forward {
                    c.comparison.next_disagreement(c.current)
                } else {
                    c.comparison.previous_disagreement(c.current)
                };
                match next {
                    Some(i) => c.current = Some(i),
                    None => post(notices, time, "No more disagreements that way", false),
                }
            }
        }
        TeamCommand::StartAdjudication => {
            let Some(c) = &team.comparison else { return out };
            if session.is_some_and(Session::is_dirty) {
                post(notices, time, "Save your changes first: adjudication opens a new project", true);
                return out;
            }
            match start_adjudication(&c.a, &c.b, &c.comparison) {
                Ok(merged) => {
                    out.install = Some(Box::new(merged));
                    post(
                        notices,
                        time,
                        "A new project holds what both coders agree on: decide each disagreement, then save it",
                        false,
                    );
                }
                Err(e) => post(notices, time, format!("Cannot start the adjudication: {e}"), true),
            }
        }
        TeamCommand::CloseComparison => team.comparison = None,
    }
    out
}

/// What to compute with the other coder's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// The agreement report.
    Agreement,
    /// The comparison, item by item.
    Comparison,
}

/// The coder who made most of `project`'s claims (the name recorded on them), if any.
#[must_use]
pub fn main_coder(project: &Project) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for c in &project.claims {
        let who = c.created_by.trim();
        if !who.is_empty() {
            *counts.entry(who).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(w, _)| w.to_owned())
}

fn file_label(path: &Path) -> String {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    name.strip_suffix(".claimlens.ron").map_or(name.clone(), str::to_owned)
}

/// The two coders' names for a report: the coder who made most claims of each copy, else
/// this window's coder (for A) or the file's name (for B).
#[must_use]
pub fn coder_names(a: &Project, b: &Project, other: &Path, me: &str) -> [String; 2] {
    let first = main_coder(a).unwrap_or_else(|| if me.trim().is_empty() { "this copy".to_owned() } else { me.into() });
    let second = main_coder(b).unwrap_or_else(|| file_label(other));
    [first, second]
}

/// Read the other coder's project at `path` and compute `want` against the open one on a
/// worker thread; the result comes back as a [`TeamCommand`] for this session.
///
/// # Errors
/// When no worker thread can be started.
pub fn start(
    jobs: &mut Jobs,
    ctx: &egui::Context,
    session: &Session,
    want: Want,
    path: PathBuf,
    me: &str,
) -> Result<(), String> {
    let ours = Arc::new(session.full_project().into_owned());
    let (id, me) = (session.id, me.to_owned());
    let label = match want {
        Want::Agreement => "Computing the agreement…",
        Want::Comparison => "Comparing the coders…",
    };
    let spawned = jobs.spawn(ctx, JobKind::File, label, false, move |_| {
        let theirs = crate::io::project_file::load(&path).map_err(|e| e.to_string());
        let cmd = match want {
            Want::Agreement => {
                let result = theirs.and_then(|theirs| {
                    let coders = coder_names(&ours, &theirs, &path, &me);
                    let reports = ALL_BY
                        .iter()
                        .map(|by| agreement(&[(&*ours, &theirs)], *by, coders.clone()))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| e.to_string())?;
                    Ok(AgreementView { other: path, reports, by: By::Claim })
                });
                TeamCommand::AgreementReady(Box::new(result))
            }
            Want::Comparison => {
                let result = theirs.and_then(|theirs| {
                    let comparison = compare(&ours, &theirs).map_err(|e| e.to_string())?;
                    let coders = coder_names(&ours, &theirs, &path, &me);
                    Ok(ComparisonView {
                        other: path,
                        coders,
                        a: ours,
                        b: Arc::new(theirs),
                        comparison,
                        current: None,
                        merged_session: None,
                    })
                });
                TeamCommand::ComparisonReady(Box::new(result))
            }
        };
        Command::ForSession(id, Box::new(Command::Team(cmd)))
    });
    spawned.map(|_| ())
}
