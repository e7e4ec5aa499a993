//! Plain-text articles: structure detection on text saved or copied from news pages.
//!
//! # What is detected
//!
//! The text is cut into *chunks* at blank lines. Inside a chunk, each line break is either
//! the wrap of a hard-wrapped paragraph (the lines are joined) or the end of a block of its
//! own (a caption line above a dateline, one sentence per line, list items). The classic
//! "would the next word have fitted?" test decides: a line that stops well short of the
//! chunk's width, with room for the next line's first word, ended on purpose. Lines longer
//! than [`MAX_WRAP_WIDTH`] (whole paragraphs on one line) and lines that mostly end with a
//! full stop (one sentence per line) are never joined.
//!
//! Each block is then classified, in the article's head (before the first body paragraph)
//! and in its body:
//!
//! | kind | how it is recognised |
//! | --- | --- |
//! | [`BlockKind::Title`] | the first short head block that does not end like a sentence |
//! | [`BlockKind::Subtitle`] | a head block between the title and a byline or dateline |
//! | [`BlockKind::Dateline`] | "WASHINGTON (AP) —", "KYIV, Ukraine (Reuters) -", "CNN  —", "Friday, August 21, 2015", "Updated 10:21 AM EST, Tue February 11, 2025" |
//! | [`BlockKind::Byline`] | "By Jane Doe and John Roe", "By Jane Doe, CNN" |
//! | [`BlockKind::Caption`] | a block ending in a photo credit ("(AP Photo/X)", "X via REUTERS", "X/AFP", "Getty Images", "Photo: X", "Credit: X", "(Reuters)", "Courtesy of X"), which becomes [`crate::document::Block::credit`]; or a one-sentence news-agency caption ending "… in Kyiv, Ukraine February 7, 2025." |
//! | [`BlockKind::Heading`] (level 2) | a short single line without end punctuation, followed by body text |
//! | [`BlockKind::ListItem`] | lines starting with `-`, `*`, `•`, `1.`, `1)`, `a)` (bullets are removed, numbers kept) |
//! | [`BlockKind::Paragraph`] | everything else |
//!
//! A dateline that runs into the first paragraph ("WASHINGTON (AP) — The Senate …",
//! Wikinews' "Thursday, May 7, 2015 On Tuesday, …") is split off as its own block.
//! [`ArticleMeta`] gets the title, the byline, the dateline's date as written and the
//! publisher named by the dateline or byline ("AP", "CNN").
//!
//! # Offsets: what differs from the source
//!
//! [`Document::text`] is the normalised source (see [`crate::io::decode::normalize`]) with
//! as few changes as possible, so that byte offsets into it are byte offsets into the
//! normalised file for most articles (for a file whose blocks are already separated by blank
//! lines, and which is not tokenised, the two are identical). The changes:
//!
//! - a line break inside a hard-wrapped paragraph, with any spaces or tabs around it,
//!   becomes one space (the same length, so offsets do not move, unless the lines were
//!   indented or had trailing spaces);
//! - where one chunk holds several blocks (split lines, a split dateline, list items), the
//!   whitespace between them becomes a blank line, and list bullets are dropped;
//! - lines of separator symbols (`***`, `* * *`, `----`) are dropped;
//! - tokenised text (Penn Treebank style, as in the MEANTIME corpus in `TimeML`: spaces before
//!   punctuation, ``` `` ``` and `''` quotes) is detokenised: ``` `` ``` → “, `''` → ”,
//!   no space before `, . ; : ? ! % )` or clitics (`'s`, `n't`), none after `( $ £`,
//!   `GB #` → `GB£` (the treebank's rendering of the pound sign). It is applied only when
//!   the whole text looks tokenised, so ordinary prose is never touched.
//!
//! Leading and trailing whitespace of the file is kept, again so that offsets do not move.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation as _;

use crate::document::{ArticleMeta, Block, BlockKind, ByteSpan, Document};

/// Lines longer than this many graphemes are never taken as the wrapped lines of a
/// paragraph: nobody hard-wraps that wide, so such lines are paragraphs of their own.
pub const MAX_WRAP_WIDTH: usize = 110;

/// Hard wraps narrower than this are not recognised: short lines are lists of items (names,
/// values, lines of verse), not a paragraph wrapped at a silly width.
const MIN_WRAP_WIDTH: usize = 40;

/// Blocks longer than this (in bytes) are never captions, headings, datelines or titles.
const MAX_CAPTION_BYTES: usize = 700;

/// Build a document from normalised plain text (see [`crate::io::decode::decode`]).
///
/// Never fails and never panics: text without any structure becomes paragraphs, and
/// whitespace-only text becomes a document without blocks.
///
/// # Example
/// ```
/// use claimlens::document::BlockKind;
/// use claimlens::io::plain;
/// let doc = plain::parse(
///     "Allies wait for the new secretary\n\n\
///      By Jane Doe and John Roe, CNN\n\n\
///      BRUSSELS (AP) — Ministers met on Wednesday.\n\n\
///      The minister waves. (AP Photo/Jane Roe)",
/// );
/// let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
/// assert_eq!(
///     kinds,
///     [BlockKind::Title, BlockKind::Byline, BlockKind::Dateline, BlockKind::Paragraph, BlockKind::Caption]
/// );
/// assert_eq!(doc.block_text(2), "BRUSSELS (AP) —");
/// assert_eq!(&doc.text[doc.blocks[4].credit.unwrap()], "AP Photo/Jane Roe");
/// assert_eq!(doc.meta.byline.as_deref(), Some("Jane Doe and John Roe"));
/// assert_eq!(doc.meta.publisher.as_deref(), Some("CNN"));
/// doc.validate().unwrap();
/// ```
#[must_use]
pub fn parse(text: &str) -> Document {
    let (url, text) = split_url_line(text);
    let units = segment(text);
    let tokenized = looks_tokenized(text);
    let blocks = classify(text, &units);
    let doc = assemble(text, &blocks, tokenized);
    let mut meta = meta_from(&doc);
    if let Some(url) = url {
        if meta.publisher.is_none() {
            meta.publisher = domain_of(&url);
        }
        meta.url = Some(url);
    }
    Document { meta, ..doc }
}

/// A saved web article often starts with its address on a line of its own (`https://…`, or
/// `URL: https://…`, `Source: <https://…>`). That line is metadata, not text: it is returned
/// apart (as the URL) with the rest of the text, so it is neither analysed (no entities or
/// suggestions inside it) nor taken for the title.
///
/// # Example
/// ```
/// use claimlens::io::plain;
/// let (url, rest) = plain::split_url_line("https://www.cbc.ca/news/canada/a%C3%A9roport-1.2\nAirport opens\n");
/// assert_eq!(url.as_deref(), Some("https://www.cbc.ca/news/canada/a%C3%A9roport-1.2"));
/// assert_eq!(rest, "Airport opens\n");
/// ```
#[must_use]
pub fn split_url_line(text: &str) -> (Option<String>, &str) {
    let body = text.trim_start_matches('\u{feff}');
    let lead = body.len() - body.trim_start().len();
    let rest = &body[lead..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = rest[..line_end].trim();
    let lower = line.to_ascii_lowercase();
    let value = ["url:", "source:", "link:", "original url:", "retrieved from"]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| line[p.len()..].trim()))
        .unwrap_or(line);
    let value = value.trim_start_matches('<').trim_end_matches('>');
    let is_url = (value.starts_with("http://") || value.starts_with("https://"))
        && value.len() > "https://".len() + 3
        && !value.chars().any(char::is_whitespace);
    if !is_url {
        return (None, text);
    }
    let after = &rest[(line_end + 1).min(rest.len())..];
    (Some(value.to_owned()), after)
}

/// The site of a URL as a publisher name: its host without `www.` (`https://www.cnn.com/…` →
/// `cnn.com`).
fn domain_of(url: &str) -> Option<String> {
    let host = url.split_once("://")?.1.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_start_matches("www.").to_ascii_lowercase();
    (host.contains('.') && !host.is_empty()).then_some(host)
}

// ---------------------------------------------------------------------------------------
// Segmentation: lines → chunks → units (candidate blocks)

/// One line of the source, without its `\n`.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
}

/// A candidate block: a run of lines of one chunk (trimmed source range).
#[derive(Clone, Debug)]
struct Unit {
    /// Trimmed source range, including a list marker if any.
    range: Range<usize>,
    /// Start of the content after a bullet (for list items; `range.start` otherwise).
    content_start: usize,
    /// A list item.
    list: bool,
    /// More than one line joined.
    joined: bool,
}

fn lines_of(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        let content_end = if piece.ends_with('\n') { end - 1 } else { end };
        lines.push(Line { start, end: content_end });
        start = end;
    }
    lines
}

fn segment(text: &str) -> Vec<Unit> {
    let lines = lines_of(text);
    let mut units = Vec::new();
    let mut chunk: Vec<Line> = Vec::new();
    for line in lines {
        let s = &text[line.start..line.end];
        if s.trim().is_empty() {
            segment_chunk(text, &chunk, &mut units);
            chunk.clear();
        } else if !is_separator_line(s) {
            chunk.push(line);
        }
    }
    segment_chunk(text, &chunk, &mut units);
    units
}

/// `***`, `* * *`, `-----`, `=====`: a thematic break, not text.
fn is_separator_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && t.chars().all(|c| c.is_whitespace() || matches!(c, '*' | '-' | '=' | '_' | '~' | '•' | '·' | '#'))
}

static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\s*(?:[-*•‣◦▪·–]|\(?\d{1,3}[.)]|\(?[a-z][)])\s+[^\s*•]"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*[-*•‣◦▪·–]\s+"));

fn width(s: &str) -> usize {
    s.graphemes(true).count()
}

fn first_word_width(s: &str) -> usize {
    s.split_whitespace().next().map_or(0, width)
}

/// Ends like a sentence: `.`, `!`, `?`, `…`, CJK and Arabic stops, possibly inside quotes.
fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '」', '』']);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？', '؟', '۔'])
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase)
}

fn segment_chunk(text: &str, chunk: &[Line], units: &mut Vec<Unit>) {
    if chunk.is_empty() {
        return;
    }
    let trimmed = |l: &Line| text[l.start..l.end].trim();
    let w = chunk.iter().map(|l| width(trimmed(l))).max().unwrap_or(0);
    let n = chunk.len();
    let sentence_ends = chunk[..n - 1].iter().filter(|l| ends_sentence(trimmed(l))).count();
    // Hard-wrapped prose ends a line with a full stop now and then (often, in dialogue);
    // text with one sentence per line almost always does.
    let one_sentence_per_line = n >= 3 && sentence_ends * 10 >= (n - 1) * 8;
    let wrappable = (MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH).contains(&w);

    let mut current: Option<Unit> = None;
    for (i, line) in chunk.iter().enumerate() {
        let raw = &text[line.start..line.end];
        let s = raw.trim();
        let is_item = LIST_MARKER.is_match(raw);
        let join = match (&current, i) {
            (Some(u), i) if i > 0 => {
                let prev = trimmed(&chunk[i - 1]);
                if is_item || stands_alone(prev) || is_dateline(s) || byline(s).is_some() {
                    false
                } else if u.list {
                    raw.starts_with(char::is_whitespace) || (wrappable && wraps(prev, s, w, one_sentence_per_line))
                } else {
                    wrappable && wraps(prev, s, w, one_sentence_per_line)
                }
            }
            _ => false,
        };
        let lead = raw.len() - raw.trim_start().len();
        let start = line.start + lead;
        let end = start + s.len();
        if join {
            if let Some(u) = current.as_mut() {
                u.range.end = end;
                u.joined = true;
            }
        } else {
            if let Some(u) = current.take() {
                units.push(u);
            }
            let content_start = if is_item { BULLET.find(raw).map_or(start, |m| line.start + m.end()) } else { start };
            current = Some(Unit { range: start..end, content_start, list: is_item, joined: false });
        }
    }
    if let Some(u) = current {
        units.push(u);
    }
}

/// True if the break between `prev` and `next` is the wrap of a paragraph of width `w`:
/// the next word would not have fitted on the line (unless the text has one sentence per
/// line), or the sentence clearly goes on (no full stop, a lower-case continuation).
fn wraps(prev: &str, next: &str, w: usize, one_sentence_per_line: bool) -> bool {
    let pw = width(prev);
    let continues = !ends_sentence(prev) && starts_lowercase(next) && pw * 5 >= w * 2;
    continues || (!one_sentence_per_line && pw + 1 + first_word_width(next) > w)
}

/// A line that ends a block whatever its length: a dateline, a byline, a line ending in a
/// photo credit.
fn stands_alone(line: &str) -> bool {
    is_dateline(line) || byline(line).is_some() || caption_credit(line).is_some()
}

// ---------------------------------------------------------------------------------------
// Classification

/// A block decided in source coordinates.
#[derive(Clone, Debug)]
struct SrcBlock {
    range: Range<usize>,
    kind: BlockKind,
    credit: Option<Range<usize>>,
}

fn classify(text: &str, units: &[Unit]) -> Vec<SrcBlock> {
    let unit_texts: Vec<String> = units.iter().map(|u| text[u.content_start..u.range.end].replace('\n', " ")).collect();
    let mut out: Vec<SrcBlock> = Vec::with_capacity(units.len());
    let mut in_head = true;
    let mut have_title = false;
    for (i, u) in units.iter().enumerate() {
        let t = unit_texts[i].as_str();
        let base = u.content_start;
        let whole = base..u.range.end;
        let next = unit_texts.get(i + 1).map(String::as_str);
        let (kind, credit) = if u.list {
            in_head = false;
            (BlockKind::ListItem, None)
        } else if let Some(c) = caption_credit(t) {
            (BlockKind::Caption, Some(base + c.start..base + c.end))
        } else if is_dateline(t) {
            (BlockKind::Dateline, None)
        } else if byline(t).is_some() {
            (BlockKind::Byline, None)
        } else if in_head && !have_title && looks_like_title(t) {
            have_title = true;
            (BlockKind::Title, None)
        } else if in_head
            && out.last().is_some_and(|b| b.kind == BlockKind::Title)
            && t.len() <= MAX_CAPTION_BYTES
            && next.is_some_and(|n| byline(n).is_some() || is_dateline(n) || caption_credit(n).is_some())
        {
            (BlockKind::Subtitle, None)
        } else if let Some(end) = dateline_prefix(t).filter(|_| in_head) {
            let rest = t[end..].len() - t[end..].trim_start().len();
            out.push(SrcBlock { range: base..base + end, kind: BlockKind::Dateline, credit: None });
            out.push(SrcBlock { range: base + end + rest..u.range.end, kind: BlockKind::Paragraph, credit: None });
            in_head = false;
            continue;
        } else if !u.joined && looks_like_heading(t) && next.is_some_and(is_body_text) {
            in_head = false;
            (BlockKind::Heading(2), None)
        } else if is_dated_caption(t) {
            (BlockKind::Caption, None)
        } else {
            in_head = false;
            (BlockKind::Paragraph, None)
        };
        out.push(SrcBlock { range: whole, kind, credit });
    }
    out
}

fn looks_like_title(t: &str) -> bool {
    let t = t.trim();
    t.len() <= 300
        && t.chars().any(char::is_alphabetic)
        && !t.ends_with(['.', ',', ';', ':', '。', '，', '；', '：', '،', '؛', '۔'])
        && !starts_lowercase(t)
        && t.split_whitespace().count() <= 40
}

fn looks_like_heading(t: &str) -> bool {
    let t = t.trim();
    let stripped = t.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»']);
    width(t) <= 100
        && t.split_whitespace().count() <= 14
        && t.chars().any(char::is_alphabetic)
        && !starts_lowercase(t)
        && !stripped.ends_with(['.', ',', ';', ':', '!', '?', '…', '。', '！', '？', '؟', '-', '—', '–'])
}

/// Text a heading can stand above: a sentence, or a line longer than a heading.
fn is_body_text(t: &str) -> bool {
    ends_sentence(t) || width(t) > 100
}

// ---------------------------------------------------------------------------------------
// Datelines, dates, bylines, credits (shared with the other importers)

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";
const WEEKDAY: &str =
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.?";
const TIME: &str = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?\s?[Mm]\.?)(?:\s+[A-Z]{2,5})?|\d{1,2}:\d{2}(?:\s+[A-Z]{2,5})?";

fn date_pattern() -> String {
    format!(
        r"(?:{WEEKDAY}\s*,?\s+)?(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\s*,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    )
}

fn regex(pattern: &str) -> Regex {
    // The patterns are constants of this module, tested below; a typo is a bug caught by
    // every test run, never an input-dependent failure.
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
}

static DATE: LazyLock<Regex> = LazyLock::new(|| regex(&date_pattern()));

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    let date = date_pattern();
    regex(&format!(
        r"^(?:(?:Published|Updated|Posted|Last updated|First published)(?:\s+on)?\s*:?\s*)?(?:(?:{TIME})\s*,?\s*)?{date}(?:\s*,?\s*(?:at\s+)?(?:{TIME}))?\s*$"
    ))
});

/// "Thursday, May 7, 2015 On Tuesday, …": a full date starting a paragraph.
static DATE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^(?:{WEEKDAY}\s*,?\s+)?(?:{MONTH}\s+\d{{1,2}}\s*,?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s*,?\s+\d{{4}})\s+[\p{{Lu}}“‘\x22']"
    ))
});

const KNOWN_AGENCY: &str = r"AP|Reuters|REUTERS|AFP|CNN|UPI|dpa|DPA|Xinhua|Bloomberg|Yonhap|TASS|ANSA|EFE|PA|CP|IANS|PTI|NPR|BBC|Al Jazeera|The Associated Press|Associated Press";
static KNOWN_AGENCY_RE: LazyLock<Regex> = LazyLock::new(|| regex(&format!("^(?:{KNOWN_AGENCY})$")));

/// "WASHINGTON (AP) —", "KYIV, Ukraine (Reuters) -", "LONDON, Feb 11 (Reuters) -", "LONDON —".
static PLACE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^[\p{{Lu}}][\p{{Lu}}\p{{M}}'’.\- ]*[\p{{Lu}}.](?:,\s*[\p{{Lu}}][\p{{L}}.]*(?:\s+[\p{{Lu}}][\p{{L}}.]*){{0,3}})?(?:,\s*{MONTH}\s+\d{{1,2}})?(?:\s*\((?P<agency>{KNOWN_AGENCY}|[\p{{Lu}}][\p{{L}}&.]{{1,15}})\)\s*(?:—|–|--|-)|\s*(?:—|–|--))"
    ))
});

/// "CNN  —", "BBC News —".
static ORG_DATELINE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?P<agency>[\p{Lu}][\p{L}&.]*(?:\s+[\p{Lu}][\p{L}&.]*){0,2})\s*(?:—|–|--)"));

/// True if the whole of `t` is a dateline or a date line.
pub(crate) fn is_dateline(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.len() > 120 {
        return false;
    }
    if DATE_LINE.is_match(t) {
        return true;
    }
    [&*PLACE_DATELINE, &*ORG_DATELINE].iter().any(|re| re.find(t).is_some_and(|m| t[m.end()..].trim().is_empty()))
}

/// If `t` starts with a dateline followed by text, the byte length of the dateline.
fn dateline_prefix(t: &str) -> Option<usize> {
    if let Some(m) = DATE_PREFIX.find(t) {
        // The match ends with the first letter of the paragraph: back off to the date.
        let end = t[..m.end()].trim_end_matches(|c: char| !c.is_whitespace()).trim_end().len();
        return Some(end);
    }
    let m = PLACE_DATELINE.find(t)?;
    let rest = &t[m.end()..];
    let starts_text = rest.starts_with(char::is_whitespace)
        && rest.trim_start().chars().next().is_some_and(|c| c.is_uppercase() || "“‘\"'".contains(c));
    starts_text.then_some(m.end())
}

/// The agency or outlet named by a dateline ("AP" in "WASHINGTON (AP) —", "CNN" in "CNN —").
fn dateline_agency(t: &str) -> Option<String> {
    let t = t.trim();
    if let Some(agency) = PLACE_DATELINE.captures(t).and_then(|c| c.name("agency")) {
        return Some(agency.as_str().to_owned());
    }
    // Without parentheses only a known outlet counts: "WASHINGTON —" names a place.
    let org = ORG_DATELINE.captures(t).and_then(|c| c.name("agency"))?.as_str().trim();
    KNOWN_AGENCY_RE.is_match(org).then(|| org.to_owned())
}

/// The first date written in `t` ("Friday, August 21, 2015", "March 27 , 2008").
pub(crate) fn find_date(t: &str) -> Option<&str> {
    DATE.find(t).map(|m| m.as_str())
}

/// News outlets that end a byline after a comma ("By Jane Doe, CNN").
fn is_outlet(s: &str) -> bool {
    let s = s.trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
    }
    let all_caps = s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase);
    let known = [
        "Reuters",
        "Associated",
        "Press",
        "News",
        "Times",
        "Post",
        "Journal",
        "Herald",
        "Guardian",
        "Bloomberg",
        "Wikinews",
        "Agency",
        "Telegraph",
        "Tribune",
        "Radio",
        "Television",
        "Network",
    ];
    all_caps || words[0] == "The" || words.iter().any(|w| known.contains(w))
}

/// Connectors allowed between the names of a byline.
const NAME_JOINERS: &[&str] = &[
    "and", "&", "de", "van", "von", "der", "den", "da", "del", "della", "la", "le", "bin", "al", "y", "e", "du", "di",
];

/// If `t` is a byline, the authors and the outlet ("By Jane Doe and John Roe, CNN" →
/// ("Jane Doe and John Roe", Some("CNN"))).
pub(crate) fn byline(t: &str) -> Option<(String, Option<String>)> {
    let t = t.trim();
    if t.len() > 200 {
        return None;
    }
    let lower = t.to_lowercase();
    let prefix = ["by ", "written by ", "story by ", "words by ", "reporting by "]
        .iter()
        .find(|p| lower.starts_with(*p) && t.is_char_boundary(p.len()))?;
    let rest = t[prefix.len()..].trim().trim_end_matches('.');
    let (names, outlet) = match rest.rsplit_once([',', '|']) {
        Some((names, outlet)) if is_outlet(outlet) => (names.trim(), Some(outlet.trim().to_owned())),
        _ => (rest, None),
    };
    let words: Vec<&str> = names.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let name_like =
        |w: &&str| NAME_JOINERS.contains(w) || w.chars().next().is_some_and(|c| c.is_uppercase() && c.is_alphabetic());
    let ok = !words.is_empty()
        && words.len() <= 16
        && words.iter().all(name_like)
        && words.first().is_some_and(|w| !NAME_JOINERS.contains(w));
    ok.then(|| (names.to_owned(), outlet))
}

static CREDIT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:photo|photos|photograph|photographer|image|images|picture|pictures|getty|afp|reuters|ap|epa|epa-efe|courtesy|credit|pool|shutterstock|bloomberg|xinhua|anadolu|sipa|alamy|nurphoto|imago|dpa|handout)\b",
    )
});

/// A labelled credit at the end of a caption: "Photo: X", "Image: X", "Courtesy of X".
static LABELLED_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:^|\s)(?P<c>(?:(?:Photo|Photograph|Picture|Image|Video)(?:\s+credit)?|Credit|Source)\s*:\s*\S.*|(?:Photo\s+courtesy|Image\s+courtesy|Courtesy)(?:\s+of)?\s+\S.*)$",
    )
});

/// The same in lower case ("… Shimon Peres image: David Shankbone."), accepted only when the
/// credit reads like names.
static LOWER_LABELLED_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:^|\s)(?P<c>(?:photo|image|picture)\s*:\s*(?P<who>\S.*))$"));

/// A wire or agency credit ending a caption: "X via REUTERS", "X/AFP", "X/Getty Images".
static WIRE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:\svia\s+(?:REUTERS|Reuters|AP|AFP|Getty\s+Images|Bloomberg|\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+){0,2})|/\s*(?:AFP|AP|Reuters|REUTERS|Getty\s+Images|EPA(?:-EFE)?|Bloomberg|Pool|Shutterstock|Sipa|Anadolu|NurPhoto|Xinhua|dpa|Handout)(?:\s+via\s+Getty\s+Images)?|\sGetty\s+Images)$",
    )
});

/// Lowercase words a photo credit may contain ("X via REUTERS", "Courtesy of X").
const CREDIT_LOWER: &[&str] = &["via", "of", "and", "for", "by", "the", "de", "van", "von", "photo", "courtesy"];

/// Longest credit recognised after a caption's last sentence, in bytes.
const MAX_CREDIT_BYTES: usize = 160;

/// If `t` ends with a photo credit, its byte range in `t` (without parentheses or final
/// full stop).
///
/// Three shapes: a parenthesised credit ("(AP Photo/X)", "(Reuters)"); a labelled one
/// ("Photo: X", "Image: X", "Credit: X", "Courtesy of X"); and, after the caption's last
/// sentence, a wire credit that reads like names ("X via REUTERS", "X/AFP", "X/Getty
/// Images"). Only the end of the text is examined, so this is cheap on long paragraphs.
pub(crate) fn caption_credit(t: &str) -> Option<Range<usize>> {
    let len = t.trim_end().len();
    if !(8..=MAX_CAPTION_BYTES).contains(&len) {
        return None;
    }
    let t = &t[..len];
    paren_credit(t).or_else(|| tail_credit(t))
}

fn paren_credit(t: &str) -> Option<Range<usize>> {
    let inner_end = t.strip_suffix(')')?.len();
    let open = t[..inner_end].rfind('(')? + 1;
    let s = &t[open..inner_end];
    if s.trim().len() < 2 || s.len() > 120 || s.contains(')') {
        return None;
    }
    let sentence_like = s.contains(". ") || s.split_whitespace().count() > 10;
    let credit_like = (CREDIT_WORDS.is_match(s) && !is_acronym_of(&t[..open - 1], s))
        || s.split('/').skip(1).any(|part| part.starts_with(char::is_uppercase));
    // A caption describes the photo before the credit.
    let described = t[..open - 1].trim().len() >= 10;
    (credit_like && !sentence_like && described).then(|| trim_range(t, open..inner_end))
}

fn tail_credit(t: &str) -> Option<Range<usize>> {
    let body = t.strip_suffix('.').unwrap_or(t);
    // Examine only the end of the text (on a char boundary).
    let window_start = floor_char_boundary(body, body.len().saturating_sub(MAX_CREDIT_BYTES));
    let window = &body[window_start..];
    let labelled = LABELLED_CREDIT.captures(window).and_then(|c| c.name("c")).or_else(|| {
        let c = LOWER_LABELLED_CREDIT.captures(window)?;
        c.name("who").is_some_and(|who| name_like(who.as_str())).then(|| c.name("c")).flatten()
    });
    if let Some(c) = labelled {
        let described = body[..window_start + c.start()].trim().len() >= 2;
        let short = c.as_str().split_whitespace().count() <= 14;
        if described && short {
            return Some(trim_range(t, window_start + c.start()..window_start + c.end()));
        }
    }
    WIRE_CREDIT.find(window)?;
    // The credit is what follows the caption's last sentence.
    let sentence_end = SENTENCE_END.find_iter(body).last()?;
    let c = sentence_end.end()..body.len();
    let s = &body[c.clone()];
    let described = body[..sentence_end.start()].trim().len() >= 10;
    (name_like(s) && described && s.len() <= MAX_CREDIT_BYTES && s.split_whitespace().count() <= 14)
        .then(|| trim_range(t, c))
}

/// Reads like names and agencies ("Jane Roe/AFP via Getty Images"), not like a sentence.
fn name_like(s: &str) -> bool {
    s.split(|ch: char| ch.is_whitespace() || ch == '/')
        .filter(|w| !w.is_empty())
        .all(|w| CREDIT_LOWER.contains(&w) || !w.starts_with(char::is_lowercase))
}

static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| regex(r"[.!?][\x22'”’]?\s+"));

/// True if `acronym` abbreviates the words just before it: "Environmental Protection
/// Agency (EPA)" names an agency, it does not credit a photo.
fn is_acronym_of(before: &str, acronym: &str) -> bool {
    let acronym = acronym.trim();
    if acronym.len() < 2 || !acronym.chars().all(|c| c.is_ascii_uppercase()) {
        return false;
    }
    let initials: String = before
        .trim_end()
        .trim_end_matches('(')
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| w.starts_with(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect();
    initials.ends_with(acronym)
}

fn trim_range(t: &str, r: Range<usize>) -> Range<usize> {
    let s = &t[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    let body = body.strip_suffix('.').unwrap_or(body).trim_end();
    r.start + lead..r.start + lead + body.len()
}

/// A news-agency caption without a credit: one sentence ending "… in Kyiv, Ukraine February
/// 7, 2025." (place, then the date, with no "on" between them as prose would have).
static DATED_CAPTION: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"\s(?P<w>[\p{{Lu}}][\p{{L}}.'’-]+),?\s+{MONTH}\s+\d{{1,2}},\s+\d{{4}}\.$")));
static WEEKDAY_WORD: LazyLock<Regex> = LazyLock::new(|| regex(&format!("^{WEEKDAY}$")));
static SENTENCE_BREAK: LazyLock<Regex> = LazyLock::new(|| regex(r"[a-z0-9][.!?][\x22'”’]?\s+[\p{Lu}]"));

fn is_dated_caption(t: &str) -> bool {
    let t = t.trim();
    if t.len() > 400 || !t.ends_with('.') {
        return false;
    }
    let tail = &t[floor_char_boundary(t, t.len().saturating_sub(80))..];
    let Some(c) = DATED_CAPTION.captures(tail) else { return false };
    let word = c.name("w").map_or("", |m| m.as_str());
    !WEEKDAY_WORD.is_match(word) && !SENTENCE_BREAK.is_match(t)
}

// ---------------------------------------------------------------------------------------
// Tokenised text

static SPACED_PUNCT: LazyLock<Regex> = LazyLock::new(|| regex(r"\S [,.;:!?%](?:\s|$)|\S '(?:s|re|ve|ll|d|m) | n't "));
static GLUED_PUNCT: LazyLock<Regex> = LazyLock::new(|| regex(r"\w[,.;:!?](?:\s|$)"));
static PTB_QUOTES: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:^|\s)``\s|\s''(?:\s|$)"));

/// True if `text` reads like Penn-Treebank tokenised text: spaces before punctuation
/// ("Airbus , the parent ,"), ``` `` ``` and `''` for quotation marks.
pub(crate) fn looks_tokenized(text: &str) -> bool {
    let sample = &text[..floor_char_boundary(text, 200_000)];
    let spaced = SPACED_PUNCT.find_iter(sample).count();
    let glued = GLUED_PUNCT.find_iter(sample).count();
    (spaced >= 1 && PTB_QUOTES.is_match(sample)) || (spaced >= 3 && spaced > glued * 2)
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// One change of the source: replace `range` with `with`.
#[derive(Clone, Debug)]
pub(crate) struct Edit {
    range: Range<usize>,
    with: String,
}

const CLOSERS: &[&str] =
    &[",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "''", "”", "’", "...", "…", "-RRB-", "-RSB-"];
const OPENERS: &[&str] = &["``", "“", "(", "[", "{", "`", "‘", "-LRB-", "-LSB-"];
const CURRENCIES: &[&str] = &["$", "US$", "£", "€", "¥", "C$", "A$", "NZ$", "HK$", "S$"];
const CLITICS: &[&str] = &["'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "'S", "'RE", "'VE", "'LL", "'D", "'M", "N'T"];

fn ptb_replacement(tok: &str) -> Option<&'static str> {
    Some(match tok {
        "``" => "“",
        "''" => "”",
        "`" => "‘",
        "-LRB-" => "(",
        "-RRB-" => ")",
        "-LSB-" => "[",
        "-RSB-" => "]",
        _ => return None,
    })
}

/// Detokenising edits for `s` (offsets relative to `s`); newlines inside become spaces.
fn detokenize_edits(s: &str, out: &mut Vec<Edit>, base: usize) {
    let mut tokens: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                tokens.push(st..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start {
        tokens.push(st..s.len());
    }
    let tok = |i: usize| tokens.get(i).map_or("", |r| &s[r.clone()]);
    let starts_digit = |t: &str| t.starts_with(|c: char| c.is_ascii_digit());
    let mut open_double = false;
    for i in 0..tokens.len() {
        let t = tok(i);
        // The pound sign, which the treebank writes "#" ("GB # 20.1 billion").
        let pound = t == "#" && i > 0 && tok(i - 1) == "GB" && starts_digit(tok(i + 1));
        if pound {
            out.push(Edit { range: base + tokens[i].start..base + tokens[i].end, with: "£".to_owned() });
        } else if let Some(r) = ptb_replacement(t) {
            out.push(Edit { range: base + tokens[i].start..base + tokens[i].end, with: r.to_owned() });
        }
        let Some(next) = tokens.get(i + 1) else { break };
        let n = &s[next.clone()];
        // Straight double quotes alternate: the first opens, the next closes.
        let t_opens = t == "\"" && !open_double;
        if t == "\"" {
            open_double = !open_double;
        }
        let n_closes = n == "\"" && open_double;
        let glue = CLOSERS.contains(&n)
            || CLITICS.contains(&n)
            || n == "'"
            || n_closes
            || OPENERS.contains(&t)
            || t_opens
            || (CURRENCIES.contains(&t) && starts_digit(n))
            || (t == "GB" && n == "#" && starts_digit(tok(i + 2)))
            || pound;
        let gap = tokens[i].end..next.start;
        if glue {
            out.push(Edit { range: base + gap.start..base + gap.end, with: String::new() });
        } else if s[gap.clone()].contains('\n') {
            out.push(Edit { range: base + gap.start..base + gap.end, with: " ".to_owned() });
        }
    }
}

/// Edits joining the lines of a block: each line break, with the spaces and tabs around it,
/// becomes one space.
fn join_lines(s: &str, out: &mut Vec<Edit>, base: usize) {
    for (j, _) in s.match_indices('\n') {
        let start = s[..j].trim_end_matches([' ', '\t']).len();
        let end = s.len() - s[j + 1..].trim_start_matches([' ', '\t']).len();
        out.push(Edit { range: base + start..base + end, with: " ".to_owned() });
    }
}

/// `s` detokenised (see the module docs).
pub(crate) fn detokenize(s: &str) -> String {
    let mut edits = Vec::new();
    detokenize_edits(s, &mut edits, 0);
    apply_edits(s, &edits).0
}

// ---------------------------------------------------------------------------------------
// Assembly: edits → canonical text → mapped blocks

/// Apply sorted, non-overlapping edits. Returns the new text and, per edit, the cumulative
/// length change after it.
fn apply_edits(text: &str, edits: &[Edit]) -> (String, Vec<isize>) {
    let mut out = String::with_capacity(text.len() + edits.len());
    let mut cum = Vec::with_capacity(edits.len());
    let mut delta = 0isize;
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.with);
        delta += e.with.len() as isize - e.range.len() as isize;
        cum.push(delta);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    (out, cum)
}

/// Where source offset `p` lands in the edited text (an offset inside a replaced range
/// lands at the start of its replacement).
fn map_offset(edits: &[Edit], cum: &[isize], p: usize) -> usize {
    let i = edits.partition_point(|e| e.range.end <= p);
    let before = if i == 0 { 0 } else { cum[i - 1] };
    let p = match edits.get(i) {
        Some(e) if e.range.start < p => e.range.start,
        _ => p,
    };
    p.saturating_add_signed(before)
}

fn assemble(text: &str, blocks: &[SrcBlock], tokenized: bool) -> Document {
    let mut edits: Vec<Edit> = Vec::new();
    let mut prev_end = 0;
    for (i, b) in blocks.iter().enumerate() {
        let gap = &text[prev_end..b.range.start];
        let whitespace_only = gap.trim().is_empty();
        if i == 0 {
            if !whitespace_only {
                edits.push(Edit { range: prev_end..b.range.start, with: String::new() });
            }
        } else if !(whitespace_only && gap.matches('\n').count() >= 2) {
            edits.push(Edit { range: prev_end..b.range.start, with: "\n\n".to_owned() });
        }
        let body = &text[b.range.clone()];
        if tokenized {
            detokenize_edits(body, &mut edits, b.range.start);
        } else {
            join_lines(body, &mut edits, b.range.start);
        }
        prev_end = b.range.end;
    }
    if !text[prev_end..].trim().is_empty() {
        edits.push(Edit { range: prev_end..text.len(), with: String::new() });
    }
    let (canon, cum) = apply_edits(text, &edits);
    let map = |p: usize| map_offset(&edits, &cum, p);
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let Some(span) = ByteSpan::checked(&canon, map(b.range.start), map(b.range.end)) else { continue };
        let span = span.trim(&canon);
        if span.is_empty() || out.last().is_some_and(|p: &Block| p.span.end > span.start) {
            continue;
        }
        let credit = b.credit.as_ref().and_then(|c| {
            let c = ByteSpan::checked(&canon, map(c.start), map(c.end))?.trim(&canon);
            (!c.is_empty() && span.contains_span(c)).then_some(c)
        });
        out.push(Block { span, kind: b.kind, credit });
    }
    Document { text: canon, blocks: out, meta: ArticleMeta::default() }
}

fn meta_from(doc: &Document) -> ArticleMeta {
    let text_of = |kind: BlockKind| doc.blocks.iter().find(|b| b.kind == kind).map(|b| &doc.text[b.span]);
    let mut meta = ArticleMeta { title: text_of(BlockKind::Title).map(str::to_owned), ..ArticleMeta::default() };
    let datelines = doc.blocks.iter().filter(|b| b.kind == BlockKind::Dateline).map(|b| &doc.text[b.span]);
    for d in datelines {
        if meta.date.is_none() {
            meta.date = find_date(d).map(str::to_owned);
        }
        if meta.publisher.is_none() {
            meta.publisher = dateline_agency(d);
        }
    }
    if let Some((names, outlet)) = text_of(BlockKind::Byline).and_then(byline) {
        meta.byline = Some(names);
        if outlet.is_some() {
            meta.publisher = outlet;
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12: a saved web page's first line is its URL: metadata, not text.
    #[test]
    fn a_leading_url_line_is_metadata() {
        let article = "https://www.cbc.ca/news/canada/montreal/a%C3%A9roport-trudeau-canada-1.7412345\n\n\
            Montréal airport expands\n\n\
            The airport will add 3 gates by 2027, officials in Canada said on Monday.\n";
        let doc = parse(article);
        assert_eq!(
            doc.meta.url.as_deref(),
            Some("https://www.cbc.ca/news/canada/montreal/a%C3%A9roport-trudeau-canada-1.7412345")
        );
        assert_eq!(doc.meta.publisher.as_deref(), Some("cbc.ca"));
        assert_eq!(doc.meta.title.as_deref(), Some("Montréal airport expands"));
        assert!(!doc.text.contains("http"), "{:?}", doc.text);
        assert_eq!(doc.blocks[0].kind, BlockKind::Title);
        for (line, url) in [
            ("URL: https://example.org/a/b?c=1", Some("https://example.org/a/b?c=1")),
            ("Source: <https://example.org/x>", Some("https://example.org/x")),
            ("https://example.org/x is where it began", None),
            ("Visit http://", None),
            ("Headline", None),
        ] {
            let (got, _) = split_url_line(line);
            assert_eq!(got.as_deref(), url, "{line:?}");
        }
        // A URL later in the text stays text.
        let doc = parse("Headline\n\nhttps://example.org/x\n\nBody text of the article goes on here.");
        assert_eq!(doc.meta.url, None);
        assert!(doc.text.contains("https://example.org/x"));
    }

    fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span])).collect()
    }

    #[test]
    fn datelines() {
        for yes in [
            "WASHINGTON (AP) —",
            "KYIV, Ukraine (Reuters) -",
            "CNN\u{a0} —\u{a0}",
            "Friday, August 21, 2015",
            "March 27 , 2008",
            "Updated 10:21 AM EST, Tue February 11, 2025",
            "21 August 2015",
            "2015-08-21",
            "Published: Feb. 11, 2025",
            "NEW YORK —",
        ] {
            assert!(is_dateline(yes), "{yes:?}");
        }
        for no in ["Interview", "NATO allies meet in Brussels", "By Jane Doe", "The war — and peace", "2015 was a year"]
        {
            assert!(!is_dateline(no), "{no:?}");
        }
        assert_eq!(dateline_prefix("WASHINGTON (AP) — The Senate voted."), Some("WASHINGTON (AP) —".len()));
        assert_eq!(dateline_prefix("Thursday, May 7, 2015 On Tuesday, the"), Some("Thursday, May 7, 2015".len()));
        assert_eq!(dateline_prefix("August 10, 2015 was a hot day."), None);
        assert_eq!(dateline_agency("KYIV, Ukraine (Reuters) -").as_deref(), Some("Reuters"));
        assert_eq!(dateline_agency("CNN\u{a0} —").as_deref(), Some("CNN"));
    }

    #[test]
    fn credits() {
        let cases = [
            ("Roe Doe in Stuttgart, Feb. 11, 2025. (AP Photo/Jonathan Smith)", Some("AP Photo/Jonathan Smith")),
            (
                "Soldiers fire a howitzer near Eastbury, Ruritania February 6, 2025. Free Press Agency/Northern News/Jane Roe via REUTERS",
                Some("Free Press Agency/Northern News/Jane Roe via REUTERS"),
            ),
            (
                "The minister arrives in Brussels. John Smith/AFP via Getty Images",
                Some("John Smith/AFP via Getty Images"),
            ),
            ("Protesters gather outside parliament. Jane Doe/Getty Images", Some("Jane Doe/Getty Images")),
            ("Crowds in the square on Monday. Photo: Jane Doe", Some("Photo: Jane Doe")),
            ("Crowds in the square on Monday. Credit: Jane Doe for The Times", Some("Credit: Jane Doe for The Times")),
            ("The damaged bridge near the border (Reuters)", Some("Reuters")),
            ("The girls with their robot in Washington. Courtesy of the team.", Some("Courtesy of the team")),
            ("Ministers met on Wednesday to discuss the budget.", None),
            ("He said the plan (which had been leaked) was dead.", None),
            ("They spoke with reporters after the meeting via Zoom.", None),
            ("Defense spending rose to 2% (see chart)", None),
            ("\"The future is only peace.\" Shimon Peres image: David Shankbone.", Some("image: David Shankbone")),
            ("He could not shake the image: a burning city at night.", None),
        ];
        for (text, want) in cases {
            let got = caption_credit(text).map(|r| &text[r]);
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Jane Doe and John Roe"), Some(("Jane Doe and John Roe".to_owned(), None)));
        assert_eq!(byline("By Jane Doe, CNN"), Some(("Jane Doe".to_owned(), Some("CNN".to_owned()))));
        assert_eq!(
            byline("By Jane Doe, John Roe and Ann Lee"),
            Some(("Jane Doe, John Roe and Ann Lee".to_owned(), None))
        );
        assert_eq!(byline("By the end of the week, talks had stalled."), None);
        assert_eq!(byline("Bypass surgery"), None);
    }

    #[test]
    fn detokenizes_treebank_text() {
        let cases = [
            (
                "Airbus parent EADS wins £ 13 billion UK RAF airtanker contract",
                "Airbus parent EADS wins £13 billion UK RAF airtanker contract",
            ),
            ("March 27 , 2008", "March 27, 2008"),
            (
                "the United Kingdom 's Royal Air Force ( RAF ) with tankers .",
                "the United Kingdom's Royal Air Force (RAF) with tankers.",
            ),
            ("a US$ 40 billion ( GB # 20.1 billion ) contract", "a US$40 billion (GB£20.1 billion) contract"),
            ("said `` Everyone told us we were crazy . ''", "said “Everyone told us we were crazy.”"),
            ("60 % of the parts do n't fit", "60% of the parts don't fit"),
            ("He said \" no \" twice .", "He said \"no\" twice."),
        ];
        for (tok, want) in cases {
            assert_eq!(detokenize(tok), want);
        }
        assert!(looks_tokenized("The plan , he said , is dead . Officials agree ."));
        assert!(!looks_tokenized("The plan, he said, is dead. Officials agree. Really ?"));
    }

    #[test]
    fn hard_wrapped_and_separate_lines() {
        let text = "Short heading\n\nThe committee met on Tuesday and decided that the\nrate would stay where it was for the time being,\nwhich surprised no one in the markets.\n";
        let doc = parse(text);
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "Short heading"),
                (
                    BlockKind::Paragraph,
                    "The committee met on Tuesday and decided that the rate would stay where it was for the time being, which surprised no one in the markets."
                ),
            ]
        );
        // Same length: offsets are the file's.
        assert_eq!(doc.text.len(), text.len());
    }

    #[test]
    fn wikinews_layout_is_byte_identical() {
        let text = "North Korea puts military on alert\n\nFriday, August 21, 2015\n\nAccording to Yonhap, the army is ready.\n\nNo injuries were reported.\n";
        let doc = parse(text);
        assert_eq!(doc.text, text);
        assert_eq!(
            kinds(&doc),
            [
                (BlockKind::Title, "North Korea puts military on alert"),
                (BlockKind::Dateline, "Friday, August 21, 2015"),
                (BlockKind::Paragraph, "According to Yonhap, the army is ready."),
                (BlockKind::Paragraph, "No injuries were reported."),
            ]
        );
        assert_eq!(doc.meta.date.as_deref(), Some("Friday, August 21, 2015"));
    }
}
