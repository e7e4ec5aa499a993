//! The keyboard reading position in the article and selecting by keyboard: step by sentence
//! or paragraph, select the sentence at the reading position, extend the selection by word or
//! sentence, and move the focus into the selected claim's card. A reducer of its own, like
//! [`super::shown`]: the app passes every command here first.
//!
//! The steps are pure functions over sorted spans ([`next_start`], [`word_end_after`] …), so
//! that they are tested without a window; each costs O(log n) in the sentences or paragraphs
//! (binary search), never a pass over the document.

use super::article_view::ArticleView;
use super::command::{Action, Command};
use super::session::Session;
use super::state::{Drafts, SideTab, UiState};
use crate::document::ByteSpan;

/// The state these commands change.
pub struct Parts<'a> {
    /// The open project (its sentences and paragraphs are read).
    pub session: Option<&'a Session>,
    /// What is selected (F2 may select the claim at the reading position).
    pub ui: &'a mut UiState,
    /// The article view: reading position and selection.
    pub view: &'a mut ArticleView,
    /// The claim card is focused through them.
    pub drafts: &'a mut Drafts,
    /// egui time.
    pub time: f64,
}

/// The first span starting after byte `at` (at or after the top of the view `top` when there
/// is no reading position yet).
#[must_use]
pub fn next_start(spans: &[ByteSpan], at: Option<usize>, top: usize) -> Option<ByteSpan> {
    let i = match at {
        Some(at) => spans.partition_point(|s| s.start <= at),
        None => spans.partition_point(|s| s.end <= top),
    };
    spans.get(i).copied()
}

/// The last span starting before byte `at` (the first one when there is no reading position).
#[must_use]
pub fn previous_start(spans: &[ByteSpan], at: Option<usize>, top: usize) -> Option<ByteSpan> {
    match at {
        Some(at) => spans.partition_point(|s| s.start < at).checked_sub(1).map(|i| spans[i]),
        None => next_start(spans, None, top),
    }
}

/// The span holding byte `at`, or else the first after it.
#[must_use]
pub fn span_at(spans: &[ByteSpan], at: usize) -> Option<ByteSpan> {
    let i = spans.partition_point(|s| s.end <= at);
    spans.get(i).copied()
}

/// The span holding byte `at` or ending exactly there (the sentence just read to its end),
/// or else the first after it.
#[must_use]
pub fn span_around(spans: &[ByteSpan], at: usize) -> Option<ByteSpan> {
    let i = spans.partition_point(|s| s.end < at);
    spans.get(i).copied().filter(|s| s.start <= at).or_else(|| span_at(spans, at))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '_')
}

/// The end of the word after byte `at` (skipping spaces and punctuation first); the text's
/// end when no word follows.
#[must_use]
pub fn word_end_after(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let mut chars = rest.char_indices().skip_while(|(_, c)| !is_word_char(*c));
    let mut end = text.len();
    for (i, c) in chars.by_ref() {
        if !is_word_char(c) {
            end = at + i;
            break;
        }
    }
    end
}

/// The start of the word before byte `at` (skipping spaces and punctuation first); 0 when no
/// word precedes.
#[must_use]
pub fn word_start_before(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let mut it = before.char_indices().rev().skip_while(|(_, c)| !is_word_char(*c)).peekable();
    let mut start = 0;
    while let Some((i, c)) = it.next() {
        if !is_word_char(c) {
            start = i + c.len_utf8();
            break;
        }
        if it.peek().is_none() {
            start = i;
        }
    }
    start
}

/// The sentences of the open article: the analysis's, or the paragraphs until it is ready.
fn sentences(s: &Session) -> Vec<ByteSpan> {
    match s.analysis.as_deref() {
        Some(a) if !a.sentences.is_empty() => a.sentences.clone(),
        _ => paragraphs(s),
    }
}

fn paragraphs(s: &Session) -> Vec<ByteSpan> {
    s.project.document.blocks.iter().map(|b| b.span).filter(|b| !b.is_empty()).collect()
}

/// Apply `cmd` if it is about the reading position or keyboard selection: `Ok(true)` when
/// the highlights must be rebuilt. Any other command is handed back.
///
/// # Errors
/// The command itself, when it is not one of these.
// A command not handled here is handed back as it came, by value, once per command.
#[allow(clippy::result_large_err)]
pub fn apply(p: Parts<'_>, cmd: Command) -> Result<bool, Command> {
    let Parts { session, ui, view, drafts, time } = p;
    let Command::Action(action) = cmd else { return Err(cmd) };
    let mine = matches!(
        action,
        Action::NextSentence
            | Action::PreviousSentence
            | Action::NextParagraph
            | Action::PreviousParagraph
            | Action::SelectSentence
            | Action::ExtendWord
            | Action::ExtendWordBack
            | Action::ExtendSentence
            | Action::EditClaim
    );
    if !mine {
        return Err(cmd);
    }
    let Some(s) = session else { return Ok(false) };
    let doc = &s.project.document;
    let text = doc.text.as_str();
    let top = view.top_byte(doc);
    let caret = view.caret();
    let step = |view: &mut ArticleView, to: Option<ByteSpan>| {
        if let Some(to) = to {
            view.set_caret(doc, to.start, Some(to), time);
        }
    };
    match action {
        Action::NextSentence => step(view, next_start(&sentences(s), caret, top)),
        Action::PreviousSentence => step(view, previous_start(&sentences(s), caret, top)),
        Action::NextParagraph => step(view, next_start(&paragraphs(s), caret, top)),
        Action::PreviousParagraph => step(view, previous_start(&paragraphs(s), caret, top)),
        Action::SelectSentence => {
            if let Some(sentence) = span_around(&sentences(s), caret.unwrap_or(top)) {
                view.set_selection_ends(sentence.start, sentence.end);
                view.set_caret(doc, sentence.start, None, time);
            }
        }
        Action::ExtendWord | Action::ExtendWordBack | Action::ExtendSentence => {
            let (anchor, head) = view.selection_ends().unwrap_or_else(|| {
                let at = caret.unwrap_or(top);
                // Start at the beginning of the word under the reading position.
                let at = crate::document::words::word_at(text, at).map_or(at, |w| w.start);
                (at, at)
            });
            let head = match action {
                Action::ExtendWord => word_end_after(text, head),
                Action::ExtendWordBack => {
                    let h = word_start_before(text, head);
                    if h > anchor {
                        // Shrinking: end after the word before, not at the start of the next.
                        anchor + text[anchor..h].trim_end_matches(|c| !is_word_char(c)).len()
                    } else {
                        h
                    }
                }
                _ => {
                    let sents = sentences(s);
                    match span_at(&sents, head) {
                        Some(x) if x.end > head && x.start <= head => x.end,
                        _ => next_start(&sents, Some(head), top).map_or(head, |x| x.end),
                    }
                }
            };
            view.set_selection_ends(anchor, head);
            view.set_caret(doc, head, None, time);
        }
        Action::EditClaim => {
            if ui.selected_claim.is_none()
                && let Some(at) = caret
            {
                ui.selected_claim = s.project.claims.iter().find(|c| c.span.contains(at)).map(|c| c.id);
            }
            if ui.selected_claim.is_some() {
                ui.side_tab = SideTab::Claims;
                drafts.focus_card = true;
            }
            return Ok(true);
        }
        _ => unreachable!("checked above"),
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str, parts: &[&str]) -> Vec<ByteSpan> {
        parts
            .iter()
            .map(|p| {
                let i = text.find(p).unwrap();
                ByteSpan::new(i, i + p.len())
            })
            .collect()
    }

    #[test]
    fn sentence_steps_forward_and_back() {
        let text = "Zürich stalls. NATO asks 5%. Kyiv 🇺🇦 agrees.";
        let s = spans(text, &["Zürich stalls.", "NATO asks 5%.", "Kyiv 🇺🇦 agrees."]);
        // No reading position yet: the first sentence at the top of the view.
        assert_eq!(next_start(&s, None, 0), Some(s[0]));
        assert_eq!(next_start(&s, None, s[1].start + 2), Some(s[1]));
        assert_eq!(next_start(&s, Some(s[0].start), 0), Some(s[1]));
        assert_eq!(next_start(&s, Some(s[1].start + 3), 0), Some(s[2]));
        assert_eq!(next_start(&s, Some(s[2].start), 0), None, "no sentence after the last");
        assert_eq!(previous_start(&s, Some(s[2].start), 0), Some(s[1]));
        assert_eq!(previous_start(&s, Some(s[1].start + 3), 0), Some(s[1]));
        assert_eq!(previous_start(&s, Some(s[0].start), 0), None);
        assert_eq!(span_at(&s, s[2].start + 6), Some(s[2]));
        assert_eq!(span_at(&s, s[0].end), Some(s[1]), "between sentences: the next one");
        assert_eq!(span_around(&s, s[0].end), Some(s[0]), "right after a sentence: that one");
        assert_eq!(span_around(&s, s[1].start), Some(s[1]));
        assert_eq!(span_around(&s, s[0].end + 1), Some(s[1]));
    }

    #[test]
    fn word_steps_skip_punctuation_and_handle_non_ascii() {
        let text = "Größe, l’OTAN — 北约 ok";
        assert_eq!(&text[..word_end_after(text, 0)], "Größe");
        let a = word_end_after(text, 0);
        assert_eq!(&text[a..word_end_after(text, a)], ", l’OTAN");
        let b = word_end_after(text, a);
        assert_eq!(&text[b..word_end_after(text, b)], " — 北约");
        assert_eq!(word_end_after(text, text.len()), text.len());
        assert_eq!(&text[word_start_before(text, b)..b], "l’OTAN");
        assert_eq!(word_start_before(text, a), 0);
        assert_eq!(word_start_before(text, 0), 0);
    }
}
