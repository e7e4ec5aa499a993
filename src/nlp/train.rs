//! Turning gold documents into training examples for [`super::perceptron`].
//!
//! A gold document is a text and its PER / ORG / LOC / MISC spans (byte offsets). It is
//! tokenized and split exactly as the recognizer will do it, each sentence becomes an
//! [`Example`] with BIO tags, and a gold span whose ends do not fall on token boundaries is
//! counted and left out (its tokens are tagged `O`). The reading of the JSONL files and the
//! licence filter are in `claimlens train-ner` (`src/cli/ner.rs`).

use super::features::DocFeatures;
use super::gazetteer::Lexicon;
use super::perceptron::{CLASSES, Example};
use super::sentences;
use super::tokenize::tokenize;
use crate::document::ByteSpan;

/// Statistics of the conversion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConvertStats {
    /// Gold spans turned into tags.
    pub spans: usize,
    /// Gold spans left out because a boundary falls inside a token.
    pub misaligned: usize,
    /// Gold spans left out because they cross a sentence boundary.
    pub cross_sentence: usize,
    /// Tokens.
    pub tokens: usize,
}

/// The coarse class index (`PER` 0, `ORG` 1, `LOC` 2, `MISC` 3) of a gold label.
#[must_use]
pub fn class_index(label: &str) -> Option<usize> {
    CLASSES.iter().position(|c| *c == label)
}

/// Examples (one per sentence) from one gold document: `spans` are `(bytes, class index)`.
#[must_use]
pub fn examples(text: &str, spans: &[(ByteSpan, usize)], lex: &Lexicon, stats: &mut ConvertStats) -> Vec<Example> {
    let tokens = tokenize(text);
    let sents = sentences::split(text, &tokens);
    let mut tags = vec![0u8; tokens.len()];
    let mut sentence_of = vec![0usize; tokens.len()];
    for (k, s) in sents.iter().enumerate() {
        sentence_of[s.clone()].iter_mut().for_each(|x| *x = k);
    }
    stats.tokens += tokens.len();
    for &(span, class) in spans {
        let a = tokens.partition_point(|t| t.span.start < span.start);
        let b = tokens.partition_point(|t| t.span.end <= span.end);
        if a >= b || a >= tokens.len() || tokens[a].span.start != span.start || tokens[b - 1].span.end != span.end {
            stats.misaligned += 1;
            continue;
        }
        if sentence_of[a] != sentence_of[b - 1] {
            stats.cross_sentence += 1;
            continue;
        }
        if tags[a..b].iter().any(|&t| t != 0) {
            stats.misaligned += 1;
            continue;
        }
        tags[a] = 1 + 2 * class as u8;
        for t in &mut tags[a + 1..b] {
            *t = 2 + 2 * class as u8;
        }
        stats.spans += 1;
    }
    let doc = DocFeatures::new(text, &tokens, &sents, lex);
    sents
        .iter()
        .map(|s| {
            let mut feats = Vec::with_capacity(s.len());
            doc.sentence_features(s.clone(), &mut feats);
            Example { feats, gold: tags[s.clone()].to_vec() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_tags_from_spans() {
        let text = "Pete Hegseth visited Brussels. NATO met.";
        let spans = [
            (ByteSpan::new(0, 12), 0),
            (ByteSpan::new(21, 29), 2),
            (ByteSpan::new(31, 35), 1),
            (ByteSpan::new(1, 3), 3),
        ];
        let mut st = ConvertStats::default();
        let ex = examples(text, &spans, Lexicon::embedded(), &mut st);
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[0].gold, [1, 2, 0, 5, 0]);
        assert_eq!(ex[1].gold, [3, 0, 0]);
        assert_eq!((st.spans, st.misaligned), (3, 1));
    }
}
