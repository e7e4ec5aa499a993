//! Quotations and who said them.
//!
//! [`quotations`] finds
//!
//! - **direct quotations** between quotation marks: straight (`"…"`) and curly (`“…”`) double
//!   quotes, single quotes (`‘…’`, `'…'`) at word boundaries, quotes nested inside quotes
//!   (`depth` 1), and quotations that run over several paragraphs by the newspaper convention
//!   (a paragraph ends without a closing mark and the next one opens with a quotation mark);
//! - **reported speech** without quotation marks: "X said (that) …", "…, X said.", "X told
//!   CNN …", "according to X, …" (`direct == false`).
//!
//! Each gets its speaker where the text names one, through reporting verbs and patterns:
//! after the quotation (`,” Hegseth said.`, `,” said one NATO official.`,
//! `,” according to the ministry.`) or before it (`Rubio told reporters: “…”`). A speaker is
//! [`SpeakerKind::Named`] (an entity mention: "Pete Hegseth", "the Pentagon"),
//! [`SpeakerKind::Descriptive`] ("one NATO official", "a source familiar with the matter",
//! "defense officials") or [`SpeakerKind::Pronoun`] ("he", "she"), the latter resolved to the
//! nearest preceding person when only one person is named in the text just before. A quoted
//! paragraph without attribution that directly follows a quotation continues its speaker.
//!
//! [`propose_claimant`] turns this into the claimant of a new claim.
//!
//! # Example
//! ```
//! use claimlens::nlp::{EntityRecognizer as _, ner::NerRecognizer, quotes::{quotations, SpeakerKind}};
//! let text = "“We will not abandon Ukraine,” Defense Secretary Pete Hegseth said on Sunday.";
//! let entities = NerRecognizer::shared().recognize(text);
//! let q = &quotations(text, &entities)[0];
//! assert_eq!(&text[q.content_span], "We will not abandon Ukraine,");
//! let speaker = q.speaker.as_ref().unwrap();
//! assert_eq!(speaker.text, "Pete Hegseth");
//! assert_eq!(speaker.kind, SpeakerKind::Named);
//! ```

use serde::{Deserialize, Serialize};

use super::canonical::CanonicalEntity;
use super::lexicon::{REPORTING_VERBS, SpeakerTurn, speaker_entity, speaker_label};
use super::sentences;
use super::tokenize::{Token, TokenKind, tokenize};
use super::{Entity, EntityLabel};
use crate::document::ByteSpan;

/// How a speaker is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SpeakerKind {
    /// A named person or organization (an entity mention).
    Named,
    /// A description: "one NATO official", "a source familiar with the matter".
    Descriptive,
    /// A pronoun: "he", "she", "they".
    Pronoun,
}

/// Who said a quotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Where the speaker is named (bytes of the text).
    pub span: ByteSpan,
    /// The speaker as written ("Pete Hegseth", "one NATO official", "he").
    pub text: String,
    /// How the speaker is named.
    pub kind: SpeakerKind,
    /// The entity mention the speaker is: the named mention itself, or for a pronoun the
    /// person it was resolved to. `None` for descriptive sources and unresolved pronouns.
    pub entity: Option<ByteSpan>,
}

/// A quotation or a piece of reported speech.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quotation {
    /// The whole quotation: from the opening to the closing mark for direct quotations, the
    /// sentence for reported speech.
    pub span: ByteSpan,
    /// What is quoted: inside the marks (across paragraphs for a continued quotation), or the
    /// reported clause.
    pub content_span: ByteSpan,
    /// The quoted text in each paragraph it covers (one part unless it continues over
    /// paragraphs), for highlighting.
    pub parts: Vec<ByteSpan>,
    /// True for a quotation between quotation marks, false for reported speech.
    pub direct: bool,
    /// 0 for a top-level quotation, 1 for a quotation inside a quotation.
    pub depth: u8,
    /// Who said it, where the text tells.
    pub speaker: Option<Speaker>,
}

/// Words that make a noun phrase a (descriptive) source.
const SOURCE_NOUNS: &[&str] = &[
    "official",
    "officials",
    "source",
    "sources",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "person",
    "people",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "diplomat",
    "diplomats",
    "aide",
    "aides",
    "lawmaker",
    "lawmakers",
    "legislator",
    "legislators",
    "minister",
    "ministers",
    "ministry",
    "government",
    "police",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "officer",
    "officers",
    "commander",
    "commanders",
    "administration",
    "department",
    "agency",
    "report",
    "statement",
    "study",
    "survey",
    "researcher",
    "researchers",
    "scientist",
    "scientists",
    "economist",
    "economists",
    "critic",
    "critics",
    "supporter",
    "supporters",
    "leader",
    "leaders",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "representative",
    "representatives",
    "negotiator",
    "negotiators",
    "investigator",
    "investigators",
    "prosecutor",
    "prosecutors",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "doctor",
    "doctors",
    "authorities",
    "military",
    "army",
    "media",
    "newspaper",
    "committee",
    "company",
    "firm",
    "observers",
    "members",
    "member",
    "allies",
    "ally",
    "insider",
    "insiders",
    "employee",
    "employees",
    "workers",
    "voters",
    "secretary",
    "president",
    "chief",
    "director",
    "spokesmen",
    "organizers",
    "organisers",
    "group",
    "union",
    "council",
    "court",
    "judge",
    "board",
    "office",
    "team",
    "campaign",
    "family",
    "statement",
    "website",
    "document",
    "documents",
    "data",
    "figures",
    "estimates",
    "poll",
    "polls",
    "officials'",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it"];

/// Words dropped from the start of a subject ("and officials said").
const LEAD_SKIP: &[&str] = &["and", "but", "while", "as", "that", "because", "so", "yet", "now", "then", "also"];
/// Words dropped from the end of a subject ("Hegseth also said", "she has said").
const TAIL_SKIP: &[&str] = &[
    "also",
    "has",
    "had",
    "have",
    "was",
    "were",
    "is",
    "are",
    "previously",
    "later",
    "repeatedly",
    "once",
    "recently",
    "then",
    "further",
    "again",
    "would",
    "will",
    "publicly",
    "privately",
    "reportedly",
    "separately",
    "earlier",
    "initially",
    "first",
    "last",
    "often",
    "frequently",
    "told",
    "did",
    "does",
    "not",
    "never",
    "flatly",
    "bluntly",
    "simply",
    "quickly",
    "later",
    "subsequently",
    "had",
];
/// Reporting verbs after which the noun phrase is the audience, not the speaker.
const AUDIENCE_VERBS: &[&str] = &["told", "tells", "tell", "asked", "asks", "urged", "urges", "warned"];

fn is_open_double(s: &str) -> bool {
    matches!(s, "“" | "„" | "«")
}
fn is_close_double(s: &str) -> bool {
    matches!(s, "”" | "»")
}

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    lower: Vec<String>,
    entities: &'a [Entity],
}

impl Ctx<'_> {
    fn word(&self, i: usize) -> &str {
        &self.lower[i]
    }
    fn raw(&self, i: usize) -> &str {
        &self.text[self.tokens[i].span]
    }
    fn is_reporting(&self, i: usize) -> bool {
        REPORTING_VERBS.contains(&self.word(i))
    }
    fn is_according(&self, i: usize) -> bool {
        self.word(i) == "according" && i + 1 < self.tokens.len() && self.word(i + 1) == "to"
    }
    /// Paragraph break between tokens `i - 1` and `i`.
    fn para_break(&self, i: usize) -> bool {
        if i == 0 || i >= self.tokens.len() {
            return false;
        }
        let gap = &self.text[self.tokens[i - 1].span.end..self.tokens[i].span.start];
        let newlines = gap.matches('\n').count();
        if newlines >= 2 {
            return true;
        }
        newlines == 1 && {
            let prev = self.raw(i - 1);
            matches!(prev, "." | "!" | "?" | "”" | "\"" | ":" | "’" | "'")
                || self.tokens[i - 1].span.end
                    - self.text[..self.tokens[i - 1].span.end].rfind('\n').map_or(0, |p| p + 1)
                    < 60
        }
    }
    fn entities_in(&self, span: ByteSpan) -> impl Iterator<Item = &Entity> {
        let a = self.entities.partition_point(|e| e.span.start < span.start);
        self.entities[a..].iter().take_while(move |e| e.span.start < span.end).filter(move |e| e.span.end <= span.end)
    }
    fn span(&self, a: usize, b: usize) -> ByteSpan {
        ByteSpan::new(self.tokens[a].span.start, self.tokens[b - 1].span.end)
    }

    /// The speaker named by tokens `a..b` (a noun phrase), if it looks like one.
    fn speaker_of(&self, mut a: usize, mut b: usize) -> Option<Speaker> {
        while a < b && (LEAD_SKIP.contains(&self.word(a)) || self.tokens[a].kind == TokenKind::Punct) {
            a += 1;
        }
        while b > a && (TAIL_SKIP.contains(&self.word(b - 1)) || self.tokens[b - 1].kind == TokenKind::Punct) {
            b -= 1;
        }
        if a >= b || b - a > 12 {
            return None;
        }
        if (a..b).any(|i| self.is_reporting(i) || matches!(self.raw(i), "“" | "”" | "\"" | ";" | ":")) {
            return None;
        }
        let span = self.span(a, b);
        if b - a == 1 && PRONOUNS.contains(&self.word(a)) {
            return Some(Speaker { span, text: self.raw(a).to_owned(), kind: SpeakerKind::Pronoun, entity: None });
        }
        let named: Vec<&Entity> = self
            .entities_in(span)
            .filter(|e| {
                matches!(e.label, EntityLabel::Person | EntityLabel::Org | EntityLabel::Gpe | EntityLabel::Norp)
            })
            .collect();
        let has_source_noun = (a..b).any(|i| SOURCE_NOUNS.contains(&self.word(i)));
        if let Some(p) = named.iter().rev().find(|e| e.label == EntityLabel::Person) {
            return Some(self.named(p));
        }
        if let Some(e) = named.last() {
            // "the Pentagon said" names it; "one NATO official said" describes someone in it.
            let last_in_entity = e.span.end >= self.tokens[b - 1].span.end;
            if last_in_entity && matches!(e.label, EntityLabel::Org | EntityLabel::Gpe) {
                return Some(self.named(e));
            }
        }
        if has_source_noun {
            // A determiner, number or adjective phrase ending in (or containing) a source noun.
            let first = self.raw(a);
            let lowercase_start = first.chars().next().is_some_and(char::is_lowercase);
            let ok =
                lowercase_start || named.is_empty() || self.word(a) == "the" || first.chars().all(char::is_uppercase);
            if ok || !named.is_empty() {
                return Some(Speaker {
                    span,
                    text: self.text[span].to_owned(),
                    kind: SpeakerKind::Descriptive,
                    entity: None,
                });
            }
        }
        None
    }

    fn named(&self, e: &Entity) -> Speaker {
        Speaker { span: e.span, text: self.text[e.span].to_owned(), kind: SpeakerKind::Named, entity: Some(e.span) }
    }

    /// The subject of the reporting verb at `v`, looking back no further than `lo`: the
    /// phrase after the last comma (or across an apposition: "Hegseth, the defense
    /// secretary, said").
    fn subject_before(&self, v: usize, lo: usize) -> Option<Speaker> {
        let lo = lo.max(v.saturating_sub(14));
        let mut a = v;
        while a > lo && !matches!(self.raw(a - 1), "," | "“" | "”" | "\"" | ":" | ";" | "—" | "–" | "(" | ")") {
            a -= 1;
        }
        if let Some(s) = self.speaker_of(a, v) {
            return Some(s);
        }
        // Apposition or relative clause between commas: look before it.
        if a > lo + 1 && self.raw(a - 1) == "," {
            let mut c = a - 1;
            while c > lo && self.raw(c - 1) != "," {
                c -= 1;
            }
            if c > lo && self.raw(c - 1) == "," {
                let mut s = c - 1;
                while s > lo && !matches!(self.raw(s - 1), "," | "“" | "”" | "\"" | ":" | ";") {
                    s -= 1;
                }
                let inner = self.speaker_of(c, a - 1);
                if let Some(outer) = self.speaker_of(s, c - 1)
                    && outer.kind != SpeakerKind::Pronoun
                {
                    return Some(outer);
                }
                return inner.filter(|sp| sp.kind == SpeakerKind::Named);
            }
        }
        None
    }

    /// The speaker after the verb at `v` in the inverted order (`said Hegseth`), up to `hi`.
    fn subject_after(&self, v: usize, hi: usize) -> Option<Speaker> {
        if AUDIENCE_VERBS.contains(&self.word(v)) {
            return None;
        }
        let a = v + 1;
        let mut b = a;
        while b < hi && b < a + 12 && !matches!(self.raw(b), "," | "." | "!" | "?" | ";" | ":" | "“" | "”" | "\"") {
            b += 1;
        }
        let sp = self.speaker_of(a, b)?;
        // "said he": fine; "said the talks": not a speaker unless a source noun or a name.
        Some(sp)
    }

    /// The speaker named by "according to X" at `i`.
    fn according_to(&self, i: usize, hi: usize) -> Option<Speaker> {
        let a = i + 2;
        let mut b = a;
        while b < hi && b < a + 12 && !matches!(self.raw(b), "," | "." | "!" | "?" | ";" | ":" | "“" | "”" | "\"") {
            b += 1;
        }
        let sp = self.speaker_of(a, b)?;
        // After "according to", any noun phrase is a source ("according to the report").
        Some(sp)
    }

    /// A speaker in the tokens `from..to` (the text after a closing quotation mark).
    fn speaker_after_quote(&self, from: usize, to: usize) -> Option<Speaker> {
        let to = to.min(from + 16);
        for i in from..to {
            if self.is_according(i) {
                return self.according_to(i, to);
            }
            if self.is_reporting(i) {
                return self.subject_before(i, from).or_else(|| self.subject_after(i, to));
            }
            if matches!(self.raw(i), "“" | "\"" | "." | "!" | "?") && i > from {
                break;
            }
        }
        None
    }

    /// A speaker in the tokens `from..to` (the text before an opening quotation mark).
    fn speaker_before_quote(&self, from: usize, to: usize) -> Option<Speaker> {
        let from = from.max(to.saturating_sub(16));
        for i in (from..to).rev() {
            if self.is_according(i) {
                return self.according_to(i, to);
            }
            if self.is_reporting(i) {
                return self.subject_before(i, from).or_else(|| self.subject_after(i, to));
            }
            if matches!(self.raw(i), "”" | "." | "!" | "?") {
                break;
            }
        }
        None
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Curly,
    Straight,
    SingleCurly,
    SingleStraight,
}

struct Open {
    mark: Mark,
    open_tok: usize,
    part_start: usize,
    parts: Vec<ByteSpan>,
}

/// Find the quotations and reported speech of `text` with their speakers (see the module
/// docs). `entities` are the text's entity mentions, sorted. Sorted by span start.
#[must_use]
pub fn quotations(text: &str, entities: &[Entity]) -> Vec<Quotation> {
    let tokens = tokenize(text);
    let sents: Vec<ByteSpan> = sentences::split(text, &tokens)
        .into_iter()
        .map(|r| ByteSpan::new(tokens[r.start].span.start, tokens[r.end - 1].span.end))
        .collect();
    quotations_with(text, &tokens, &sents, entities)
}

/// [`quotations`] with the text's tokens and sentences already computed.
#[must_use]
pub fn quotations_with(text: &str, tokens: &[Token], sentences: &[ByteSpan], entities: &[Entity]) -> Vec<Quotation> {
    let lower = tokens
        .iter()
        .map(|t| text[t.span].chars().map(|c| if c == '’' { '\'' } else { c }).flat_map(char::to_lowercase).collect())
        .collect();
    let cx = Ctx { text, tokens, lower, entities };
    let mut out = direct_quotations(&cx);
    attribute_direct(&cx, &mut out);
    let mut reported = reported_speech(&cx, sentences, &out);
    out.append(&mut reported);
    resolve_pronouns(&cx, &mut out);
    out.sort_by_key(|q| (q.span.start, q.depth, q.span.end));
    out
}

fn direct_quotations(cx: &Ctx<'_>) -> Vec<Quotation> {
    let tokens = cx.tokens;
    let text = cx.text;
    let n = tokens.len();
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let mut nested: Option<(Mark, usize)> = None;
    let finish = |o: Open, close_tok: Option<usize>, end_byte: usize, out: &mut Vec<Quotation>| {
        let mut parts = o.parts;
        if o.part_start < end_byte {
            parts.push(ByteSpan::new(o.part_start, end_byte));
        }
        let start = tokens[o.open_tok].span.start;
        let end = close_tok.map_or(end_byte, |c| tokens[c].span.end);
        let content_start = tokens[o.open_tok].span.end;
        let content = ByteSpan::new(content_start.min(end_byte), end_byte.max(content_start.min(end_byte)));
        if content.trim(text).is_empty() {
            return;
        }
        out.push(Quotation {
            span: ByteSpan::new(start, end.max(start)),
            content_span: content.trim(text),
            parts: parts.into_iter().map(|p| p.trim(text)).filter(|p| !p.is_empty()).collect(),
            direct: true,
            depth: 0,
            speaker: None,
        });
    };
    let prev_char = |i: usize| text[..tokens[i].span.start].chars().next_back().unwrap_or(' ');
    let next_char = |i: usize| text[tokens[i].span.end..].chars().next().unwrap_or(' ');
    let opens_word = |i: usize| {
        let p = prev_char(i);
        let q = next_char(i);
        (p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '“' | '"' | '-' | ':')) && q.is_alphanumeric()
    };
    let closes_word = |i: usize| {
        let p = prev_char(i);
        let q = next_char(i);
        !p.is_whitespace() && !q.is_alphanumeric()
    };
    let mut i = 0;
    while i < n {
        if cx.para_break(i)
            && let Some(mut o) = open.take()
        {
            nested = None;
            let s = cx.raw(i);
            let reopens = match o.mark {
                Mark::Curly | Mark::Straight => is_open_double(s) || s == "\"",
                Mark::SingleCurly | Mark::SingleStraight => false,
            };
            let prev_end = tokens[i - 1].span.end;
            if reopens {
                // The newspaper convention: the quotation goes on in this paragraph.
                if o.part_start < prev_end {
                    o.parts.push(ByteSpan::new(o.part_start, prev_end));
                }
                o.part_start = tokens[i].span.end;
                o.mark = if s == "\"" { Mark::Straight } else { Mark::Curly };
                open = Some(o);
                i += 1;
                continue;
            }
            // Unclosed: the quotation ends with its paragraph.
            finish(o, None, prev_end, &mut out);
        }
        let s = cx.raw(i);
        let in_double = open.as_ref().is_some_and(|o| matches!(o.mark, Mark::Curly | Mark::Straight));
        match s {
            _ if is_open_double(s) && open.is_none() => {
                open = Some(Open { mark: Mark::Curly, open_tok: i, part_start: tokens[i].span.end, parts: Vec::new() });
            }
            _ if is_close_double(s) => {
                if let Some(o) = open.take() {
                    if matches!(o.mark, Mark::Curly | Mark::Straight) {
                        finish(o, Some(i), tokens[i].span.start, &mut out);
                        nested = None;
                    } else {
                        open = Some(o);
                    }
                }
            }
            "\"" => match open.take() {
                Some(o) if matches!(o.mark, Mark::Curly | Mark::Straight) => {
                    finish(o, Some(i), tokens[i].span.start, &mut out);
                    nested = None;
                }
                Some(o) => open = Some(o),
                None => {
                    if !next_char(i).is_whitespace() || i + 1 < n && tokens[i + 1].span.start > tokens[i].span.end {
                        open = Some(Open {
                            mark: Mark::Straight,
                            open_tok: i,
                            part_start: tokens[i].span.end,
                            parts: Vec::new(),
                        });
                    }
                }
            },
            "‘" | "'" | "’" => {
                let mark = if s == "'" { Mark::SingleStraight } else { Mark::SingleCurly };
                if in_double {
                    match nested {
                        Some((m, start)) if (s != "‘") && closes_word(i) && (m == mark || s == "’") => {
                            let content = ByteSpan::new(tokens[start].span.end, tokens[i].span.start).trim(text);
                            if content.len() >= 2 {
                                out.push(Quotation {
                                    span: ByteSpan::new(tokens[start].span.start, tokens[i].span.end),
                                    content_span: content,
                                    parts: vec![content],
                                    direct: true,
                                    depth: 1,
                                    speaker: None,
                                });
                            }
                            nested = None;
                        }
                        None if s != "’" && opens_word(i) => nested = Some((mark, i)),
                        _ => {}
                    }
                } else if let Some(o) = open.take() {
                    let closes = closes_word(i) && (s != "‘");
                    if closes && matches!(o.mark, Mark::SingleCurly | Mark::SingleStraight) {
                        let content = ByteSpan::new(tokens[o.open_tok].span.end, tokens[i].span.start).trim(text);
                        if content.len() >= 2 {
                            finish(o, Some(i), tokens[i].span.start, &mut out);
                        }
                    } else {
                        open = Some(o);
                    }
                } else if s != "’" && opens_word(i) {
                    // A single-quoted phrase, closed later in the same paragraph.
                    let closes_later = (i + 1..n.min(i + 80)).take_while(|&k| !cx.para_break(k)).any(|k| {
                        let t = cx.raw(k);
                        (t == "'" || t == "’") && closes_word(k)
                    });
                    if closes_later {
                        open = Some(Open { mark, open_tok: i, part_start: tokens[i].span.end, parts: Vec::new() });
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(o) = open.take() {
        let end = tokens[n - 1].span.end;
        finish(o, None, end, &mut out);
    }
    out.sort_by_key(|q| (q.span.start, q.depth));
    out
}

fn token_at(tokens: &[Token], byte: usize) -> usize {
    tokens.partition_point(|t| t.span.start < byte)
}

fn attribute_direct(cx: &Ctx<'_>, quotes: &mut [Quotation]) {
    let tokens = cx.tokens;
    let n = tokens.len();
    let tops: Vec<usize> = (0..quotes.len()).filter(|&k| quotes[k].depth == 0).collect();
    for (pos, &k) in tops.iter().enumerate() {
        let q = &quotes[k];
        let open_tok = token_at(tokens, q.span.start);
        let close_tok = token_at(tokens, q.span.end);
        // After: up to the next quotation or paragraph break.
        let next_start = tops.get(pos + 1).map_or(n, |&j| token_at(tokens, quotes[j].span.start));
        let mut after_end = close_tok;
        while after_end < next_start && after_end < n && !(after_end > close_tok && cx.para_break(after_end)) {
            after_end += 1;
        }
        let prev_end = if pos > 0 { token_at(tokens, quotes[tops[pos - 1]].span.end) } else { 0 };
        let mut before_start = open_tok;
        while before_start > prev_end && !cx.para_break(before_start) {
            before_start -= 1;
        }
        let speaker =
            cx.speaker_after_quote(close_tok, after_end).or_else(|| cx.speaker_before_quote(before_start, open_tok));
        quotes[k].speaker = speaker;
    }
    // Unattributed quotations continue the speaker of the quotation just before them (in the
    // same or the previous paragraph).
    for w in 1..tops.len() {
        let (prev, cur) = (tops[w - 1], tops[w]);
        if quotes[cur].speaker.is_none() && quotes[prev].speaker.is_some() {
            let gap = &cx.text[quotes[prev].span.end..quotes[cur].span.start];
            if gap.matches("\n\n").count() <= 1 && gap.len() < 400 {
                quotes[cur].speaker = quotes[prev].speaker.clone();
            }
        }
    }
    // Nested quotations: no speaker of their own here (the outer speaker quotes someone).
}

fn reported_speech(cx: &Ctx<'_>, sentences: &[ByteSpan], direct: &[Quotation]) -> Vec<Quotation> {
    let tokens = cx.tokens;
    let mut out = Vec::new();
    for &s in sentences {
        // Sentences mostly inside direct quotations are covered already.
        let quoted: usize =
            direct.iter().filter(|q| q.depth == 0).filter_map(|q| q.span.intersect(s)).map(ByteSpan::len).sum();
        if quoted * 2 >= s.len() {
            continue;
        }
        let a = token_at(tokens, s.start);
        let b = tokens.partition_point(|t| t.span.end <= s.end);
        let inside_quote = |i: usize| direct.iter().any(|q| q.depth == 0 && q.span.contains_span(tokens[i].span));
        let mut found: Option<(Speaker, ByteSpan)> = None;
        for i in a..b {
            if inside_quote(i) {
                continue;
            }
            if cx.is_according(i) {
                if let Some(sp) = cx.according_to(i, b) {
                    // "According to X, CONTENT." or "CONTENT, according to X."
                    let after = (i + 2..b).find(|&k| cx.raw(k) == ",").map(|k| k + 1);
                    let content = if i > a + 1 {
                        cx.span(a, i)
                    } else if let Some(c) = after.filter(|&c| c < b) {
                        cx.span(c, b)
                    } else {
                        s
                    };
                    found = Some((sp, content));
                    break;
                }
                continue;
            }
            if !cx.is_reporting(i) {
                continue;
            }
            // "X said (that) CONTENT" with X at the clause start, or "CONTENT, X said."
            let sp = cx.subject_before(i, a).or_else(|| {
                // Inverted only at the end of the sentence: "…, said one official."
                (i > a && cx.raw(i - 1) == ",").then(|| cx.subject_after(i, b)).flatten()
            });
            let Some(sp) = sp else { continue };
            let subj_start = token_at(tokens, sp.span.start).min(i);
            let comma_before = (a..subj_start).rev().find(|&k| cx.raw(k) == ",");
            let content = if let Some(c) = comma_before.filter(|&c| c > a) {
                cx.span(a, c)
            } else {
                let mut c = i + 1;
                // Skip "on Sunday", "to reporters", "in a statement" up to "that".
                if let Some(t) = (i + 1..b.min(i + 8)).find(|&k| cx.word(k) == "that") {
                    c = t + 1;
                } else if AUDIENCE_VERBS.contains(&cx.word(i)) && c < b {
                    // "told CNN …", "told reporters …", "told the BBC …": skip the audience.
                    if let Some(e) = cx.entities.iter().find(|e| e.span.start == tokens[c].span.start) {
                        c = tokens.partition_point(|t| t.span.end <= e.span.end);
                    } else {
                        if matches!(cx.word(c), "the" | "a" | "an" | "his" | "her" | "their") {
                            c += 1;
                        }
                        c += 1;
                    }
                }
                if c >= b { s } else { cx.span(c, b) }
            };
            found = Some((sp, content));
            break;
        }
        if let Some((speaker, content)) = found {
            let content = trim_punct(cx.text, content);
            out.push(Quotation {
                span: s,
                content_span: content,
                parts: vec![content],
                direct: false,
                depth: 0,
                speaker: Some(speaker),
            });
        }
    }
    out
}

/// `span` trimmed of white space and of trailing commas, colons, semicolons and dashes.
fn trim_punct(text: &str, span: ByteSpan) -> ByteSpan {
    let s = span.trim(text);
    let inner = &text[s.range()];
    let kept = inner.trim_end_matches([',', ';', ':', '—', '–', '-', ' ']);
    ByteSpan::new(s.start, s.start + kept.len())
}

/// Resolve "he"/"she" speakers to the nearest preceding person when the 600 bytes before
/// the pronoun name exactly one person (by last name).
fn resolve_pronouns(cx: &Ctx<'_>, quotes: &mut [Quotation]) {
    for q in quotes.iter_mut() {
        let Some(sp) = q.speaker.as_mut() else { continue };
        if sp.kind != SpeakerKind::Pronoun || sp.entity.is_some() {
            continue;
        }
        let w = sp.text.to_lowercase();
        if w != "he" && w != "she" {
            continue;
        }
        let from = sp.span.start.saturating_sub(600);
        let persons: Vec<&Entity> = cx
            .entities
            .iter()
            .filter(|e| e.label == EntityLabel::Person && e.span.start >= from && e.span.end <= sp.span.start)
            .collect();
        let last_name = |e: &Entity| {
            super::canonical::display_form(&cx.text[e.span]).split_whitespace().last().unwrap_or("").to_lowercase()
        };
        let mut names: Vec<String> = persons.iter().map(|e| last_name(e)).collect();
        names.sort();
        names.dedup();
        if names.len() == 1
            && let Some(p) = persons.last()
        {
            sp.entity = Some(p.span);
        }
    }
}

/// The proposed claimant of a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimantProposal {
    /// Who makes the claim: the canonical entity's name, else the speaker as written
    /// ("one NATO official"), else empty (the author, or an unknown source).
    pub claimant: String,
    /// The canonical entity (its name in the Entities panel), if the claimant is one.
    pub canonical: Option<String>,
    /// Whether the author asserts the claim or a quoted source does.
    pub voice: Voice,
    /// The quotation the proposal comes from (index into the `quotations` given).
    pub quotation: Option<usize>,
}

/// Who asserts a claim (the engine's copy of the project's `AssertedBy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Voice {
    /// The article's author, in their own voice.
    Author,
    /// A source the article quotes or paraphrases.
    Source,
}

/// Propose the claimant of a claim at `claim_span`: the speaker of the quotation (direct
/// first, then reported speech) that covers most of the claim, linked to its canonical
/// entity where the speaker is (or was resolved to) a mention of one; the author when no
/// quotation covers the claim.
///
/// # Example
/// ```
/// use claimlens::document::ByteSpan;
/// use claimlens::nlp::{EntityRecognizer as _, ner::NerRecognizer, canonical::canonical_entities};
/// use claimlens::nlp::quotes::{quotations, propose_claimant, Voice};
/// let text = "Pete Hegseth visited Brussels. Europe must spend more, Hegseth said. The talks ended.";
/// let entities = NerRecognizer::shared().recognize(text);
/// let quotes = quotations(text, &entities);
/// let canon = canonical_entities(text, &entities);
/// let claim = ByteSpan::new(31, 53); // "Europe must spend more"
/// let p = propose_claimant(text, claim, &quotes, &canon);
/// assert_eq!(p.canonical.as_deref(), Some("Pete Hegseth"));
/// assert_eq!(p.voice, Voice::Source);
/// let own = propose_claimant(text, ByteSpan::new(69, 84), &quotes, &canon);
/// assert_eq!(own.voice, Voice::Author);
/// ```
#[must_use]
pub fn propose_claimant(
    text: &str,
    claim_span: ByteSpan,
    quotations: &[Quotation],
    canonical: &[CanonicalEntity],
) -> ClaimantProposal {
    let claim = claim_span.trim(text);
    let mut best: Option<(usize, (bool, usize))> = None;
    for (k, q) in quotations.iter().enumerate() {
        let covered: usize = q.parts.iter().filter_map(|p| p.intersect(claim)).map(ByteSpan::len).sum();
        let content = q.content_span.len().max(1);
        // Covers most of the claim, or the claim covers most of the quotation.
        if claim.is_empty() || covered * 2 < claim.len().min(content) {
            continue;
        }
        let key = (q.direct && q.depth == 0, covered);
        if best.is_none_or(|(_, b)| key > b) {
            best = Some((k, key));
        }
    }
    let Some((k, _)) = best else {
        return ClaimantProposal { claimant: String::new(), canonical: None, voice: Voice::Author, quotation: None };
    };
    let q = &quotations[k];
    let Some(sp) = &q.speaker else {
        return ClaimantProposal { claimant: String::new(), canonical: None, voice: Voice::Source, quotation: Some(k) };
    };
    let canon = sp.entity.and_then(|m| {
        canonical.iter().find(|c| c.mentions.iter().any(|x| x.start <= m.start && m.end <= x.end || *x == m))
    });
    let claimant = match (canon, sp.kind) {
        (Some(c), _) => c.name.clone(),
        (None, SpeakerKind::Pronoun) => sp.entity.map_or_else(|| sp.text.clone(), |m| text[m].to_owned()),
        (None, _) => sp.text.clone(),
    };
    ClaimantProposal { claimant, canonical: canon.map(|c| c.name.clone()), voice: Voice::Source, quotation: Some(k) }
}

/// [`propose_claimant`] in a document that may be a transcript: a claim no quotation covers
/// is asserted by the speaker of the turn it is in (`turns`, from
/// [`super::lexicon::speaker_turns`]; empty for prose), linked to the canonical entity
/// the label names where there is one.
#[must_use]
pub fn propose_claimant_in_turns(
    text: &str,
    claim_span: ByteSpan,
    quotations: &[Quotation],
    turns: &[SpeakerTurn],
    canonical: &[CanonicalEntity],
) -> ClaimantProposal {
    let p = propose_claimant(text, claim_span, quotations, canonical);
    if p.quotation.is_some() {
        return p;
    }
    let claim = claim_span.trim(text);
    // A sentence that starts a turn starts with its label.
    if turns.is_empty() {
        return p;
    }
    let at = speaker_label(&text[claim.start..claim.end]).map_or(claim.start, |(_, body)| claim.start + body);
    let k = turns.partition_point(|t| t.span.start <= at);
    let Some(turn) = k.checked_sub(1).map(|k| &turns[k]).filter(|t| at < t.span.end) else { return p };
    let entity = speaker_entity(&turn.speaker, canonical);
    ClaimantProposal {
        claimant: entity.map_or_else(|| turn.speaker.clone(), |c| c.name.clone()),
        canonical: entity.map(|c| c.name.clone()),
        voice: Voice::Source,
        quotation: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::EntityRecognizer as _;
    use crate::nlp::ner::NerRecognizer;

    fn run(text: &str) -> Vec<Quotation> {
        quotations(text, &NerRecognizer::shared().recognize(text))
    }

    /// (text, [(quoted content, speaker text or "", speaker kind)]) for direct quotations.
    #[test]
    fn direct_quotation_table() {
        use SpeakerKind::{Descriptive, Named, Pronoun};
        type Row<'a> = (&'a str, &'a str, Option<SpeakerKind>);
        let cases: &[(&str, &[Row<'_>])] = &[
            (
                "“We will not abandon Ukraine,” Pete Hegseth said on Sunday.",
                &[("We will not abandon Ukraine,", "Pete Hegseth", Some(Named))],
            ),
            (
                "\"The deal is dead,\" said one NATO official.",
                &[("The deal is dead,", "one NATO official", Some(Descriptive))],
            ),
            (
                "Marco Rubio told reporters: \"Nobody is going to war.\"",
                &[("Nobody is going to war.", "Marco Rubio", Some(Named))],
            ),
            (
                "“It was chaos,” a source familiar with the matter told CNN.",
                &[("It was chaos,", "a source familiar with the matter", Some(Descriptive))],
            ),
            (
                "“The money is gone,” defense officials said.",
                &[("The money is gone,", "defense officials", Some(Descriptive))],
            ),
            ("“We are ready,” he said.", &[("We are ready,", "he", Some(Pronoun))]),
            ("“We are ready,” according to the ministry.", &[("We are ready,", "the ministry", Some(Descriptive))]),
            (
                "“Part one,” Zelensky said, “and part two.”",
                &[("Part one,", "Zelensky", Some(Named)), ("and part two.", "Zelensky", Some(Named))],
            ),
            ("The word “unacceptable” appeared twice.", &[("unacceptable", "", None)]),
            (
                "“He told me ‘never again’ and left,” Ms. Lee said.",
                &[("He told me ‘never again’ and left,", "Lee", Some(Named)), ("never again", "", None)],
            ),
            ("No quotation here, only text.", &[]),
        ];
        for (text, want) in cases {
            let found = run(text);
            let got: Vec<(&str, &str, Option<SpeakerKind>)> = found
                .iter()
                .filter(|q| q.direct)
                .map(|q| {
                    (
                        &text[q.content_span],
                        q.speaker.as_ref().map_or("", |s| s.text.as_str()),
                        q.speaker.as_ref().map(|s| s.kind),
                    )
                })
                .collect();
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn quotation_continues_across_paragraphs() {
        let text = "“The first part goes on,” Kellogg said. “And the second paragraph continues\n\n\
                    “and this paragraph ends the quotation.”\n\nNext paragraph.";
        let qs: Vec<Quotation> = run(text).into_iter().filter(|q| q.direct).collect();
        assert_eq!(qs.len(), 2, "{qs:?}");
        let q = &qs[1];
        assert_eq!(q.parts.len(), 2);
        assert_eq!(&text[q.parts[0]], "And the second paragraph continues");
        assert_eq!(&text[q.parts[1]], "and this paragraph ends the quotation.");
        // Unattributed, it continues the previous speaker.
        assert_eq!(q.speaker.as_ref().map(|s| s.text.as_str()), Some("Kellogg"));
        // Straight quotes follow the same convention.
        let text = "\"One paragraph\n\n\"and another.\" Done.";
        let qs: Vec<Quotation> = run(text).into_iter().filter(|q| q.direct).collect();
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].parts.len(), 2);
    }

    #[test]
    fn unclosed_quotation_ends_with_its_paragraph() {
        let text = "He said “this never closes\n\nA new paragraph without quotes.";
        let qs: Vec<Quotation> = run(text).into_iter().filter(|q| q.direct).collect();
        assert_eq!(qs.len(), 1);
        assert_eq!(&text[qs[0].content_span], "this never closes");
    }

    /// (text, reported content, speaker) for reported speech.
    #[test]
    fn reported_speech_table() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "Defense Secretary Pete Hegseth said on Sunday that Europe must spend more.",
                "Europe must spend more.",
                "Pete Hegseth",
            ),
            ("Europe must spend more, Hegseth said.", "Europe must spend more", "Hegseth"),
            ("According to the Pentagon, the aid was delayed.", "the aid was delayed.", "Pentagon"),
            (
                "The aid was delayed, according to two people briefed on the talks.",
                "The aid was delayed",
                "two people briefed on the talks",
            ),
            ("Kellogg told CNN the plan was ready.", "the plan was ready.", "Kellogg"),
            ("Officials said the talks had stalled.", "the talks had stalled.", "Officials"),
            ("Hegseth, the defense secretary, said the alliance was strong.", "the alliance was strong.", "Hegseth"),
        ];
        for (text, content, speaker) in cases {
            let qs = run(text);
            let q = qs.iter().find(|q| !q.direct).unwrap_or_else(|| panic!("{text}: {qs:?}"));
            assert_eq!(&text[q.content_span], *content, "{text}");
            assert_eq!(q.speaker.as_ref().map(|s| s.text.as_str()), Some(*speaker), "{text}");
        }
        for text in ["The results said nothing.", "It rained in Paris.", "Said and done, the vote passed."] {
            let qs = run(text);
            assert!(qs.iter().all(|q| q.direct), "{text}: {qs:?}");
        }
    }

    #[test]
    fn pronouns_resolve_to_the_only_person_before() {
        let text = "Mark Rutte arrived late. “We stand together,” he said.";
        let qs = run(text);
        let sp = qs[0].speaker.as_ref().unwrap();
        assert_eq!(sp.kind, SpeakerKind::Pronoun);
        assert_eq!(sp.entity.map(|e| &text[e]), Some("Mark Rutte"));
        // Two people before: unsafe, left unresolved.
        let text = "Mark Rutte met Keir Starmer. “We stand together,” he said.";
        let qs = run(text);
        assert_eq!(qs[0].speaker.as_ref().unwrap().entity, None);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in ["", "\"", "“", "”", "' '", "\"\"\"", "‘’‘", "said", "according to", "“a\n\n“b\n\n“", "x, said."]
        {
            let _ = run(text);
            let _ = propose_claimant(text, ByteSpan::new(0, text.len()), &run(text), &[]);
        }
    }
}
