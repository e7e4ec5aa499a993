//! The team features' messages ([`TeamCommand`]) and the reports they carry; applied by
//! [`crate::ui::team`].

use std::path::PathBuf;
use std::sync::Arc;

use crate::project::Project;
use crate::team::agreement::{AgreementReport, By};
use crate::team::compare::Comparison;

/// The agreement report of the open project with another coder's copy, for every grouping.
#[derive(Clone, Debug)]
pub struct AgreementView {
    /// The other coder's file.
    pub other: PathBuf,
    /// The report for each grouping of [`crate::ui::team::ALL_BY`], in that order.
    pub reports: Vec<AgreementReport>,
    /// The grouping shown.
    pub by: By,
}

impl AgreementView {
    /// The report shown.
    #[must_use]
    pub fn report(&self) -> Option<&AgreementReport> {
        self.reports.iter().find(|r| r.by == self.by)
    }
}

/// The comparison of the open project (coder A) with another coder's copy (coder B).
#[derive(Clone, Debug)]
pub struct ComparisonView {
    /// The other coder's file.
    pub other: PathBuf,
    /// The two coders' names.
    pub coders: [String; 2],
    /// Coder A's project as compared.
    pub a: Arc<Project>,
    /// Coder B's project.
    pub b: Arc<Project>,
    /// The items, in document order.
    pub comparison: Comparison,
    /// The item looked at.
    pub current: Option<usize>,
    /// The session holding the merged project decisions go into (after "Start adjudication").
    pub merged_session: Option<u64>,
}

/// Commands of the team features.
#[derive(Clone, Debug)]
pub enum TeamCommand {
    /// Open the coder-name dialog.
    EditCoder,
    /// Set the coder's name (and close the dialog).
    SetCoder(String),
    /// Close the coder-name dialog.
    CloseCoder,
    /// Turn blind coding on or off (hide the claims other coders created).
    SetBlind(bool),
    /// Don't offer to set a coder name again.
    DismissCoderPrompt,
    /// Open or close the conflicts window.
    ShowConflicts(bool),
    /// Job result: the agreement report (or why there is none).
    AgreementReady(Box<Result<AgreementView, String>>),
    /// Show the agreement report for this grouping.
    SetBy(By),
    /// Close the agreement window.
    CloseAgreement,
    /// Job result: the comparison (or why there is none).
    ComparisonReady(Box<Result<ComparisonView, String>>),
    /// Look at this item of the comparison.
    SelectItem(usize),
    /// Go to the next (`true`) or previous disagreement.
    StepDisagreement(bool),
    /// Open a new, unsaved project holding what both coders agree on, to decide the rest in.
    StartAdjudication,
    /// Close the comparison window.
    CloseComparison,
}
