//! CoNLL-2003-style entity tags: one token per line, `TOKEN -X- _ TAG`, sentences separated
//! by a blank line, the document opened by `-DOCSTART- -X- -X- O`.
//!
//! Tags are IOB2 (`B-PERSON`, `I-PERSON`, `O`) over ClaimLens' OntoNotes labels; the two
//! middle columns (part of speech and chunk in CoNLL-2003) are placeholders, as in spaCy's
//! `convert --converter ner` input, which reads the first column as the word and the last as
//! the tag. Tokens and sentences are the engine's own ([`crate::nlp::tokenize`],
//! [`crate::nlp::sentences`]). A token is inside an entity when it starts inside it; the
//! first such token gets `B-`.

use crate::document::ByteSpan;

/// The claim fields ([`super::record::FIELDS`] keys) the CoNLL export carries: none. CoNLL
/// tags tokens with entity types; a claim (a span that may cross sentences, with fields) has
/// no place in it.
pub const CARRIED: &[&str] = &[];
use crate::nlp::{sentences, tokenize};
use crate::project::Project;

/// The CoNLL text.
#[must_use]
pub fn conll(project: &Project) -> String {
    let text = project.text();
    let entities = project.entities.effective(text);
    let tokens = tokenize::tokenize(text);
    let sentence_spans: Vec<ByteSpan> = sentences::split(text, &tokens)
        .into_iter()
        .map(|r| ByteSpan::new(tokens[r.start].span.start, tokens[r.end - 1].span.end))
        .collect();
    let mut out = String::from("-DOCSTART- -X- -X- O\n");
    let mut sentence = 0;
    let mut entity = 0;
    let mut last_entity: Option<usize> = None;
    let mut at_sentence_start = true;
    for t in &tokens {
        while sentence < sentence_spans.len() && sentence_spans[sentence].end <= t.span.start {
            sentence += 1;
            at_sentence_start = true;
        }
        if at_sentence_start {
            out.push('\n');
            at_sentence_start = false;
        }
        while entity < entities.len() && entities[entity].span.end <= t.span.start {
            entity += 1;
        }
        let tag = match entities.get(entity) {
            Some(e) if e.span.start <= t.span.start => {
                let prefix = if last_entity == Some(entity) { "I" } else { "B" };
                last_entity = Some(entity);
                format!("{prefix}-{}", e.label.tag())
            }
            _ => {
                last_entity = None;
                "O".to_owned()
            }
        };
        // A token never holds whitespace, but keep the columns intact whatever happens.
        let word: String = text[t.span].chars().map(|c| if c.is_whitespace() { '_' } else { c }).collect();
        out.push_str(&word);
        out.push_str(" -X- _ ");
        out.push_str(&tag);
        out.push('\n');
    }
    out
}
