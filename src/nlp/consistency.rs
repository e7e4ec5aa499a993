//! Document-level consistency: one article, one reading of each name.
//!
//! A sequence tagger decides each sentence alone; a reader does not. After tagging, the
//! mentions of a document are made consistent:
//!
//! 1. **Votes.** Every mention of the same text gets the label most of its mentions got
//!    (ties: the earliest).
//! 2. **Name parts.** Once "Pete Hegseth" is a PERSON, "Hegseth" alone is one too, tagged or
//!    not, anywhere in the document (before or after the full name).
//! 3. **Repeats.** A capitalised name tagged once is tagged wherever it appears again, unless
//!    it is part of a longer capitalised run.
//! 4. **Known names.** Untagged capitalised phrases of the hand-written lists (ORG, GPE, …),
//!    countries and nationalities are tagged ("the Pentagon", "NATO" everywhere).
//!
//! Mentions here are token ranges; the recognizer converts them to byte spans afterwards.

use std::collections::{BTreeMap, HashMap};

use super::EntityLabel;
use super::features::{DocFeatures, TokenInfo, is_after_opener};
use super::gazetteer::{Class, Lexicon, MAX_PHRASE_TOKENS};
use super::lexicon::is_title;
use super::tokenize::{Token, TokenKind};

/// A mention as a range of tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TokenMention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Its type.
    pub label: EntityLabel,
}

/// The text of tokens `start..end`, tokens joined by one space where the text has space.
#[must_use]
pub fn phrase_key(text: &str, tokens: &[Token], start: usize, end: usize) -> String {
    let mut s = String::new();
    for i in start..end {
        if i > start && tokens[i].span.start > tokens[i - 1].span.end {
            s.push(' ');
        }
        s.push_str(&text[tokens[i].span]);
    }
    s
}

/// "PS", "SDI", "`IdV`", "NATO": two or more capitals, at most eight letters, nothing else.
fn is_abbreviation_like(w: &str) -> bool {
    let n = w.chars().count();
    (2..=8).contains(&n)
        && w.chars().all(char::is_alphabetic)
        && w.chars().filter(|c| c.is_uppercase()).count() >= 2
        && w.chars().next().is_some_and(char::is_uppercase)
}

/// The label of a hand-written lexicon class, if any.
pub(crate) fn curated_label(c: super::gazetteer::Classes) -> Option<EntityLabel> {
    [
        (Class::Org, EntityLabel::Org),
        (Class::Gpe, EntityLabel::Gpe),
        (Class::Norp, EntityLabel::Norp),
        (Class::Event, EntityLabel::Event),
        (Class::Law, EntityLabel::Law),
        (Class::Fac, EntityLabel::Fac),
        (Class::Product, EntityLabel::Product),
        (Class::LocName, EntityLabel::Loc),
    ]
    .into_iter()
    .find(|(k, _)| c.contains(*k))
    .map(|(_, l)| l)
}

fn is_name_token(text: &str, t: &Token, info: &TokenInfo) -> bool {
    t.kind == TokenKind::Word && info.cap && text[t.span].chars().count() > 1
}

/// Make `mentions` (sorted, non-overlapping) consistent across the document. `sentence_start[i]`
/// is true for the first token of a sentence.
#[must_use]
pub fn make_consistent(
    doc: &DocFeatures<'_>,
    sentence_start: &[bool],
    lex: &Lexicon,
    mut mentions: Vec<TokenMention>,
) -> Vec<TokenMention> {
    let (text, tokens, info) = (doc.text, doc.tokens, doc.info.as_slice());
    // First word of a sentence (after any opening quote or bracket).
    let mut initial = vec![false; tokens.len()];
    let mut start = 0;
    for i in 0..tokens.len() {
        if sentence_start[i] {
            start = i;
        }
        initial[i] = i == start || is_after_opener(text, tokens, i, start);
    }
    // 0. Hand-written phrases of two words or more win over what they contain
    //    ("Munich Security Conference", not "Munich").
    for &(a, b, c) in &doc.phrases {
        let Some(label) = curated_label(c) else { continue };
        if b - a < 2 || mentions.iter().any(|m| m.start < b && a < m.end && (m.start < a || m.end > b)) {
            continue;
        }
        mentions.retain(|m| !(m.start < b && a < m.end));
        mentions.push(TokenMention { start: a, end: b, label });
    }
    mentions.sort();

    // 1. Votes.
    // Per text: (label, count, first mention index) of each label it got.
    let mut votes: BTreeMap<String, Vec<(EntityLabel, usize, usize)>> = BTreeMap::new();
    for (k, m) in mentions.iter().enumerate() {
        let key = phrase_key(text, tokens, m.start, m.end);
        let v = votes.entry(key).or_default();
        match v.iter_mut().find(|(l, _, _)| *l == m.label) {
            Some(e) => e.1 += 1,
            None => v.push((m.label, 1, k)),
        }
    }
    let winner =
        |v: &[(EntityLabel, usize, usize)]| v.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2))).map(|e| e.0);
    let mut label_of: HashMap<String, EntityLabel> = HashMap::new();
    for (k, v) in &votes {
        if let Some(l) = winner(v) {
            label_of.insert(k.clone(), l);
        }
    }
    for m in &mut mentions {
        if let Some(l) = label_of.get(&phrase_key(text, tokens, m.start, m.end)) {
            m.label = *l;
        }
    }

    // 2. Name parts of people.
    let mut surnames: BTreeMap<String, EntityLabel> = BTreeMap::new();
    for m in &mentions {
        if m.label == EntityLabel::Person && m.end - m.start >= 2 {
            let last = &text[tokens[m.end - 1].span];
            if is_name_token(text, &tokens[m.end - 1], &info[m.end - 1]) && !last.ends_with('.') {
                surnames.insert(last.to_owned(), EntityLabel::Person);
            }
        }
    }
    for m in &mut mentions {
        if m.end - m.start == 1 && surnames.contains_key(&text[tokens[m.start].span]) {
            m.label = EntityLabel::Person;
        }
    }
    for (k, l) in surnames {
        label_of.insert(k, l);
    }
    // An abbreviation in brackets right after a name is that name ("Socialist Party (PS)").
    let mut bracketed = Vec::new();
    for m in &mentions {
        let (open, abbr, close) = (m.end, m.end + 1, m.end + 2);
        if close < tokens.len()
            && &text[tokens[open].span] == "("
            && &text[tokens[close].span] == ")"
            && is_abbreviation_like(&text[tokens[abbr].span])
            && !mentions.iter().any(|o| o.start <= abbr && abbr < o.end)
        {
            bracketed.push(TokenMention { start: abbr, end: abbr + 1, label: m.label });
        }
    }
    for b in bracketed {
        label_of.entry(text[tokens[b.start].span].to_owned()).or_insert(b.label);
        mentions.push(b);
    }
    mentions.sort();
    // Acronyms of multi-word organizations ("General Motors" → "GM").
    let mut acronyms: Vec<String> = Vec::new();
    for m in &mentions {
        if m.label == EntityLabel::Org && m.end - m.start >= 2 {
            let initials: String = (m.start..m.end)
                .map(|i| &text[tokens[i].span])
                .filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "&" | "de" | "du"))
                .filter_map(|w| w.chars().next())
                .collect();
            if initials.chars().count() >= 2 && initials.chars().all(char::is_uppercase) {
                acronyms.push(initials);
            }
        }
    }
    for a in acronyms {
        label_of.entry(a).or_insert(EntityLabel::Org);
    }

    // 3 and 4. Untagged repeats and known names.
    let mut tagged = vec![false; tokens.len()];
    for m in &mentions {
        tagged[m.start..m.end].iter_mut().for_each(|t| *t = true);
    }
    let max_len = label_of.keys().map(|k| k.split(' ').count()).max().unwrap_or(1).clamp(1, MAX_PHRASE_TOKENS);
    let mut added = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tagged[i] || !is_name_token(text, &tokens[i], &info[i]) {
            i += 1;
            continue;
        }
        // Part of a longer capitalised run? A title ("President") or a sentence-initial common
        // word ("But") before the name does not count.
        let prev_cap = i > 0 && !sentence_start[i] && !tagged[i - 1] && {
            let p = i - 1;
            let initial_common = initial[p] && info[p].classes.contains(Class::Common);
            is_name_token(text, &tokens[p], &info[p]) && !is_title(&text[tokens[p].span]) && !initial_common
        };
        let mut found = None;
        for len in (1..=max_len.max(3)).rev() {
            let end = i + len;
            if end > tokens.len() || tagged[i..end].iter().any(|&t| t) || (i + 1..end).any(|k| sentence_start[k]) {
                continue;
            }
            let next_cap = end < tokens.len()
                && !sentence_start[end]
                && !tagged[end]
                && is_name_token(text, &tokens[end], &info[end])
                && !is_title(&text[tokens[end].span]);
            if prev_cap || next_cap {
                continue;
            }
            let key = phrase_key(text, tokens, i, end);
            // A sentence-initial common word ("Will", "May") is not a repeat of a name, unless
            // the document never writes it in lower case ("Trump").
            let common_initial =
                len == 1 && initial[i] && info[i].classes.contains(Class::Common) && doc.seen_lowercase(&info[i].lower);
            if common_initial {
                continue;
            }
            let short_common = len == 1
                && info[i].classes.contains(Class::Common)
                && info[i].lower.len() < 4
                && text[tokens[i].span].chars().any(char::is_lowercase);
            if let Some(l) = label_of.get(&key)
                && !short_common
            {
                found = Some((end, *l));
                break;
            }
            let c = if len == 1 { info[i].classes } else { lex.classes(&key) };
            let known = curated_label(c).or_else(|| {
                if c.contains(Class::Country) {
                    Some(EntityLabel::Gpe)
                } else if c.contains(Class::Demonym) && len == 1 {
                    Some(EntityLabel::Norp)
                } else {
                    None
                }
            });
            if let Some(l) = known
                && !(initial[i] && len == 1 && c.contains(Class::Common) && doc.seen_lowercase(&info[i].lower))
            {
                found = Some((end, l));
                break;
            }
        }
        match found {
            Some((end, label)) => {
                added.push(TokenMention { start: i, end, label });
                i = end;
            }
            None => i += 1,
        }
    }
    mentions.extend(added);
    mentions.sort();
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::sentences;
    use crate::nlp::tokenize::tokenize;
    use EntityLabel as L;

    /// Run the consistency pass on `text` with the given model mentions (by text, first
    /// occurrence at or after the previous one) and return `(text, label)` of the result.
    fn run(text: &str, given: &[(&str, EntityLabel)]) -> Vec<(String, EntityLabel)> {
        let tokens = tokenize(text);
        let sents = sentences::split(text, &tokens);
        let lex = Lexicon::embedded();
        let doc = DocFeatures::new(text, &tokens, &sents, lex);
        let mut sentence_start = vec![false; tokens.len()];
        for s in &sents {
            sentence_start[s.start] = true;
        }
        let mut from = 0;
        let mut mentions = Vec::new();
        for (s, l) in given {
            let at = from + text[from..].find(s).expect("mention in text");
            from = at + s.len();
            let a = tokens.iter().position(|t| t.span.start == at).expect("token start");
            let b = tokens.iter().position(|t| t.span.end == at + s.len()).expect("token end") + 1;
            mentions.push(TokenMention { start: a, end: b, label: *l });
        }
        make_consistent(&doc, &sentence_start, lex, mentions)
            .into_iter()
            .map(|m| (phrase_key(text, &tokens, m.start, m.end), m.label))
            .collect()
    }

    fn owned(v: &[(&str, EntityLabel)]) -> Vec<(String, EntityLabel)> {
        v.iter().map(|(s, l)| ((*s).to_owned(), *l)).collect()
    }

    #[test]
    fn consistency_table() {
        type Case<'a> = (&'a str, &'a [(&'a str, EntityLabel)], &'a [(&'a str, EntityLabel)]);
        let cases: &[Case<'_>] = &[
            // A surname alone, before and after the full name, untagged or mistyped.
            (
                "Hegseth spoke. Defense Secretary Pete Hegseth met allies. Later Hegseth left.",
                &[("Hegseth", L::Gpe), ("Pete Hegseth", L::Person)],
                &[("Hegseth", L::Person), ("Pete Hegseth", L::Person), ("Hegseth", L::Person)],
            ),
            // The majority label wins for repeated text.
            (
                "Kellogg met Kellogg staff. Kellogg spoke with Kellogg aides.",
                &[("Kellogg", L::Person), ("Kellogg", L::Org), ("Kellogg", L::Person)],
                &[("Kellogg", L::Person), ("Kellogg", L::Person), ("Kellogg", L::Person), ("Kellogg", L::Person)],
            ),
            // Known names are tagged wherever they appear; a title does not block a repeat.
            (
                "He flew to NATO headquarters. Donald Trump agreed. President Trump said so.",
                &[("Donald Trump", L::Person)],
                &[("NATO", L::Org), ("Donald Trump", L::Person), ("Trump", L::Person)],
            ),
            // A sentence-initial common word written in lower case elsewhere is not a name.
            ("Will Smith came. Will it rain? It will.", &[("Will Smith", L::Person)], &[("Will Smith", L::Person)]),
            // Acronyms of organizations.
            (
                "General Motors said GM would cut jobs.",
                &[("General Motors", L::Org)],
                &[("General Motors", L::Org), ("GM", L::Org)],
            ),
        ];
        for (text, given, want) in cases {
            assert_eq!(run(text, given), owned(want), "{text}");
        }
    }
}
