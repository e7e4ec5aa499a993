//! Matching a whole article: its claims and its claim suggestions, for the window's margin
//! marks ("checked before by …") and the command line.
//!
//! A claim's matches leave out the fact-checks the user dismissed for it
//! ([`Project::dismissed_matches`]) and the claim's own "checked here" item. A suggestion
//! (not yet a claim) is matched with the claimant the engine proposes for it
//! ([`assist::prefill`]).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use super::library::{Library, LibraryError};
use super::matcher::{ClaimQuery, Match, MatchConfig};
use crate::document::ByteSpan;
use crate::nlp::Analysis;
use crate::project::{ClaimId, Project, assist};

/// What was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// A tagged claim.
    Claim(ClaimId),
    /// A suggestion the user has not accepted yet.
    Suggestion,
}

/// The matches of one claim or suggestion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetMatches {
    /// Claim or suggestion.
    pub target: Target,
    /// Where it is in the article (bytes of the canonical text).
    pub span: ByteSpan,
    /// The text matched.
    pub text: String,
    /// The matches, best first.
    pub matches: Vec<Match>,
}

impl TargetMatches {
    /// The best match strong enough for a "checked before by …" mark, if any.
    #[must_use]
    pub fn checked_before(&self) -> Option<&Match> {
        self.matches.first().filter(|m| m.likely)
    }
}

/// The queries of an article: every claim, then every suggestion at or above `threshold`
/// that is not rejected and not already a claim ([`assist::visible_suggestions`]), in
/// document order within each group.
#[must_use]
pub fn project_queries(project: &Project, analysis: &Analysis, threshold: f32) -> Vec<(Target, ByteSpan, ClaimQuery)> {
    let date = project.document.meta.date.as_deref().and_then(super::feed::normalize_date);
    let mut out: Vec<(Target, ByteSpan, ClaimQuery)> = project
        .claims
        .iter()
        .map(|c| {
            let q = ClaimQuery { text: c.quote.clone(), claimant: c.claimant.clone(), date: date.clone() };
            (Target::Claim(c.id), c.span, q)
        })
        .collect();
    for s in assist::visible_suggestions(project, analysis, threshold) {
        let fill = assist::prefill(project, analysis, s.span);
        let q = ClaimQuery { text: project.text()[s.span].to_owned(), claimant: fill.claimant, date: date.clone() };
        out.push((Target::Suggestion, s.span, q));
    }
    out
}

impl Library {
    /// Match an article's claims and suggestions ([`project_queries`]); `project_path` (the
    /// project's file, if saved) keeps a claim from matching its own "checked here" item.
    /// Dismissed matches are left out, and `k` matches are kept for each.
    ///
    /// # Errors
    /// If the index cannot be read, or cancellation.
    #[allow(clippy::too_many_arguments)]
    pub fn match_project(
        &self,
        project: &Project,
        analysis: &Analysis,
        project_path: Option<&Path>,
        threshold: f32,
        k: usize,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> Result<Vec<TargetMatches>, LibraryError> {
        let queries = project_queries(project, analysis, threshold);
        let own = project_path.map(|p| p.display().to_string());
        let qs: Vec<ClaimQuery> = queries.iter().map(|q| q.2.clone()).collect();
        // A few more than asked, so that dismissed ones can be left out.
        let extra = project.dismissed_matches.len().min(20) + 1;
        let found = self.match_claims(&qs, k + extra, &MatchConfig::default(), progress, cancel)?;
        Ok(queries
            .into_iter()
            .zip(found)
            .map(|((target, span, q), matches)| {
                let matches = matches
                    .into_iter()
                    .filter(|m| match target {
                        Target::Claim(id) => {
                            !project.is_dismissed_match(id, &m.url)
                                && !m
                                    .checked_here
                                    .as_ref()
                                    .is_some_and(|h| Some(&h.project) == own.as_ref() && h.claim == id)
                        }
                        Target::Suggestion => true,
                    })
                    .take(k)
                    .collect();
                TargetMatches { target, span, text: q.text, matches }
            })
            .collect())
    }
}

/// The edit that adds a match's URL to a claim's evidence links (an ordinary
/// [`Edit::UpdateClaim`](crate::project::Edit::UpdateClaim), so it undoes like any other
/// edit, and the `ClaimReview` export carries the link as `citation`). `None` when the claim
/// does not exist or already cites the URL.
#[must_use]
pub fn cite_match(project: &Project, claim: ClaimId, url: &str, now: jiff::Timestamp) -> Option<crate::project::Edit> {
    let c = project.claim(claim)?;
    if c.evidence.iter().any(|e| e == url) {
        return None;
    }
    let mut updated = c.clone();
    updated.evidence.push(url.to_owned());
    updated.modified = now;
    Some(crate::project::Edit::UpdateClaim(Box::new(updated)))
}
