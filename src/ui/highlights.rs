//! Building the article view's [`Highlights`] from the session and what the user chose to see:
//! a pure function, rebuilt by the app only when something it reads changed.

use super::article_view::{ClaimMark, Highlights};
use super::session::Session;
use crate::document::ByteSpan;
use crate::project::ClaimId;

/// What the user chose to see, besides the session's own view state.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shown<'a> {
    /// The selected claim.
    pub selected_claim: Option<ClaimId>,
    /// The canonical entity (or mention text) whose mentions are outlined.
    pub selected_entity: Option<&'a str>,
    /// The current suggestion (tinted).
    pub current_suggestion: Option<ByteSpan>,
    /// Suggestion markers are shown.
    pub suggestions: bool,
    /// Regions changed since the previous article version are tinted.
    pub changes: bool,
    /// Find matches (when the find bar is open) and the current one.
    pub find: Option<(&'a [ByteSpan], Option<usize>)>,
}

/// The highlights of `session` as `shown`. Linear in the entities, claims and blocks; called
/// after a change, never per frame.
#[must_use]
pub fn build(session: &Session, shown: &Shown<'_>) -> Highlights {
    let s = session;
    let doc = &s.project.document;
    let text = s.project.text();
    let hidden = &s.view.hidden;
    let entities = s.derived.entities.iter().copied().filter(|e| !hidden.contains(&e.label)).collect();
    let mut block_claims = vec![Vec::new(); doc.blocks.len()];
    for c in &s.project.claims {
        for b in doc.blocks_overlapping(c.span) {
            block_claims[b].push(ClaimMark { span: c.span, id: c.id, status: c.status });
        }
    }
    let outlined = shown.selected_entity.map_or_else(Vec::new, |name| match s.derived.group_named(name) {
        Some(g) => g.mentions.clone(),
        None => s.derived.entities.iter().filter(|e| &text[e.span] == name).map(|e| e.span).collect(),
    });
    let (find_matches, find_current) = shown.find.map_or_else(|| (Vec::new(), None), |(m, c)| (m.to_vec(), c));
    let suggestions: Vec<ByteSpan> =
        if shown.suggestions { s.suggestions.iter().map(|x| x.span).collect() } else { Vec::new() };
    let suggestion_scores: Vec<f32> =
        if shown.suggestions { s.suggestions.iter().map(|x| x.score).collect() } else { Vec::new() };
    let current_suggestion = shown.current_suggestion.filter(|c| suggestions.binary_search(c).is_ok());
    let mut quotes: Vec<ByteSpan> = match (&s.analysis, s.view.show_quotes) {
        // Direct quotations only: reported speech is whole sentences, which would tint most
        // of a news article (its speakers still feed the claimant proposals).
        (Some(a), true) => a.quotations.iter().filter(|q| q.direct).flat_map(|q| q.parts.iter().copied()).collect(),
        _ => Vec::new(),
    };
    quotes.sort_unstable();
    quotes.dedup_by(|b, a| {
        // Merge overlapping parts (nested quotations lie inside their outer quotation).
        if b.start <= a.end {
            a.end = a.end.max(b.end);
            true
        } else {
            false
        }
    });
    let changes = if shown.changes {
        s.project.article_versions.last().map_or_else(Vec::new, |v| {
            let mut c: Vec<ByteSpan> = v.changes.iter().map(|c| c.new).filter(|c| !c.is_empty()).collect();
            c.sort_unstable();
            c
        })
    } else {
        Vec::new()
    };
    Highlights {
        entities,
        block_claims,
        selected_claim: shown.selected_claim,
        find_matches,
        find_current,
        outlined,
        suggestions,
        suggestion_scores,
        current_suggestion,
        quotes,
        changes,
        checked_before: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document};
    use crate::nlp::{EntityLabel, Pipeline};
    use crate::project::{Claim, ClaimId, Project, SourceInfo};
    use crate::ui::session::ViewState;

    fn session() -> Session {
        let doc = Document::from_blocks([
            (BlockKind::Title, "NATO asks Europe for 5%"),
            (BlockKind::Paragraph, "“Europe must spend 5% of GDP on defence,” Pete Hegseth said in Brussels."),
            (BlockKind::Paragraph, "Pete Hegseth met officials of NATO on Wednesday. Spending rose 12% last year."),
        ]);
        let mut project = Project::new(doc, SourceInfo::default());
        let analysis = Pipeline::default().analyze(&project.document);
        project.set_analysis(analysis.clone());
        let quote_end = project.text().find("defence,”").unwrap() + "defence,”".len();
        let second = project.document.blocks[2].span;
        // One claim over the end of the first paragraph and the start of the second.
        let span = ByteSpan::new(quote_end, second.start + 12);
        project.claims.push(Claim::new(ClaimId(1), project.text(), span, jiff::Timestamp::UNIX_EPOCH));
        let mut s = Session::new(project, None, 1, ViewState { show_quotes: true, ..ViewState::default() });
        s.analysis = Some(std::sync::Arc::new(analysis));
        s.view.suggestion_threshold = 0.0;
        s.refresh();
        s
    }

    #[test]
    fn claims_are_listed_in_every_block_they_overlap() {
        let s = session();
        let h = build(&s, &Shown::default());
        assert_eq!(h.block_claims.len(), 3);
        assert!(h.block_claims[0].is_empty());
        assert_eq!(h.block_claims[1].len(), 1);
        assert_eq!(h.block_claims[2].len(), 1);
        assert_eq!(h.block_claims[1][0].id, ClaimId(1));
    }

    #[test]
    fn hidden_types_and_switched_off_layers_are_left_out() {
        let mut s = session();
        let all = build(&s, &Shown { suggestions: true, ..Shown::default() });
        assert!(all.entities.iter().any(|e| e.label == EntityLabel::Person), "{:?}", all.entities);
        assert!(!all.quotes.is_empty(), "the quotation layer is on");
        assert!(!all.suggestions.is_empty());
        s.view.hidden.push(EntityLabel::Person);
        s.view.show_quotes = false;
        let fewer = build(&s, &Shown::default());
        assert!(fewer.entities.iter().all(|e| e.label != EntityLabel::Person));
        assert_eq!(
            fewer.entities.len() + all.entities.iter().filter(|e| e.label == EntityLabel::Person).count(),
            all.entities.len()
        );
        assert!(fewer.quotes.is_empty());
        assert!(fewer.suggestions.is_empty(), "suggestion markers off");
    }

    #[test]
    fn selected_entity_outlines_every_mention_and_current_suggestion_must_be_shown() {
        let s = session();
        let name = s.derived.canonical.iter().find(|g| g.name.contains("Hegseth")).map(|g| g.name.clone()).unwrap();
        let first = s.suggestions[0].span;
        let h = build(
            &s,
            &Shown {
                selected_entity: Some(&name),
                current_suggestion: Some(first),
                suggestions: true,
                ..Shown::default()
            },
        );
        assert_eq!(h.outlined.len(), 2, "both mentions of Pete Hegseth");
        assert!(h.outlined.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(h.current_suggestion, Some(first));
        let hidden = build(&s, &Shown { current_suggestion: Some(first), ..Shown::default() });
        assert_eq!(hidden.current_suggestion, None, "no tint for a suggestion whose marker is hidden");
    }

    #[test]
    fn find_matches_only_while_the_bar_is_open() {
        let s = session();
        let m = [ByteSpan::new(0, 4)];
        let h = build(&s, &Shown { find: Some((&m, Some(0))), ..Shown::default() });
        assert_eq!((h.find_matches.as_slice(), h.find_current), (&m[..], Some(0)));
        let closed = build(&s, &Shown::default());
        assert!(closed.find_matches.is_empty() && closed.find_current.is_none());
    }
}
