//! PDF documents: the text layer, read with `pdf-extract` (glyph by glyph, with position and
//! font size), rebuilt into an article.
//!
//! 1. Glyphs become lines: a glyph on the same baseline continuing to the right joins the
//!    line (a space where the gap is wider than 15 % of the font size); rotated glyphs
//!    (watermarks, margin notes) are left out. Lines keep the content stream's order, which is
//!    the reading order PDF generators write.
//! 2. Running headers and footers go: a line among the top or bottom three of a page whose
//!    text (digits ignored) recurs at the same height (±3 pt) on at least half of the pages
//!    (two at least). So do page numbers ("7", "Page 7 of 9", "– 7 –", "vii") among the top
//!    or bottom two lines of a page.
//! 3. The body size is the font size most characters have. The largest text on page 1, when
//!    it is at least 15 % larger than the body, is the title (else the document information's
//!    `Title`, unless it is a file name); other lines at least 12 % larger than the body and
//!    short are headings, levels by size.
//! 4. Lines join into paragraphs. Within a page a paragraph ends at a larger vertical gap
//!    than between its lines (when the document spaces its paragraphs) or, in documents that
//!    do not, at an indented line or after a short line ending a sentence. Across a page
//!    break the paragraph goes on unless the page's last line is short (or the next page's
//!    first line indented) and ends a sentence.
//! 5. Words hyphenated at a line end are repaired by [`join_hyphenated`]: "inter-" + "national"
//!    becomes "international", a real compound ("well-known", "face-to-face") keeps its
//!    hyphen (see there for the rule).
//! 6. Metadata: title as above, author and creation date from the document information,
//!    language from the catalog's `/Lang`.
//!
//! Scanned PDFs (pages without text) get [`ImportErrorKind::NoTextLayer`]; encrypted ones that
//! need a password [`ImportErrorKind::Protected`]; damaged ones [`ImportErrorKind::Damaged`].
//! `pdf-extract` and `lopdf` can panic on malformed files: every call into them runs under
//! `catch_unwind`, and a panic becomes a "damaged" error (the panic message is still printed
//! on standard error by the default panic hook).

use std::collections::BTreeMap;

use pdf_extract::{MediaBox, Object, OutputDev, OutputError, Transform};

use crate::document::{ArticleMeta, BlockKind, Document, DocumentBuilder};
use crate::io::ImportErrorKind;
use crate::io::plain;

/// What the errors call it.
const FORMAT: &str = "PDF document";

/// One line of text on a page. Coordinates are PDF points, y upwards.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// 1-based page number.
    pub page: u32,
    /// Baseline height.
    pub y: f64,
    /// Left end.
    pub x0: f64,
    /// Right end.
    pub x1: f64,
    /// Font size (the largest on the line), in points.
    pub size: f64,
    /// The text.
    pub text: String,
}

/// One page's lines, in reading order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Page height in points.
    pub height: f64,
    /// The lines.
    pub lines: Vec<Line>,
}

/// Read a PDF into a document.
///
/// # Errors
/// [`ImportErrorKind::Damaged`] when the file cannot be parsed (or a parser panics),
/// [`ImportErrorKind::Protected`] when it needs a password, [`ImportErrorKind::NoTextLayer`]
/// when its pages hold no text.
pub fn parse(bytes: &[u8]) -> Result<Document, ImportErrorKind> {
    let damaged = |reason: String| ImportErrorKind::Damaged { format: FORMAT, reason };
    let loaded =
        std::panic::catch_unwind(|| pdf_extract::Document::load_mem(bytes)).map_err(|p| damaged(panic_message(&p)))?;
    let mut pdf = match loaded {
        Ok(pdf) => pdf,
        Err(pdf_extract::Error::Decryption(_)) => return Err(ImportErrorKind::Protected(FORMAT)),
        Err(e) => return Err(damaged(e.to_string())),
    };
    if pdf.is_encrypted() {
        // Encrypted without a user password (only "owner" restrictions): readable.
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pdf.decrypt("").is_ok())).unwrap_or(false);
        if !ok || pdf.is_encrypted() {
            return Err(ImportErrorKind::Protected(FORMAT));
        }
    }
    let page_numbers: Vec<u32> =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pdf.get_pages().into_keys().collect()))
            .map_err(|p| damaged(panic_message(&p)))?;
    if page_numbers.is_empty() {
        return Err(damaged("it has no pages".to_owned()));
    }
    let mut pages = Vec::with_capacity(page_numbers.len());
    for n in &page_numbers {
        let mut collector = Collector::default();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&pdf, &mut collector, *n)
        }));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(damaged(format!("page {n}: {e}"))),
            Err(p) => return Err(damaged(format!("page {n}: {}", panic_message(&p)))),
        }
        collector.finish_line();
        pages.push(Page { height: collector.height, lines: collector.lines });
    }
    let has_text = pages.iter().any(|p| p.lines.iter().any(|l| !l.text.trim().is_empty()));
    if !has_text {
        return Err(ImportErrorKind::NoTextLayer { pages: pages.len() });
    }
    let info = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| info(&pdf))).unwrap_or_default();
    let doc = build(pages, &info);
    if doc.blocks.is_empty() {
        return Err(ImportErrorKind::NoTextLayer { pages: page_numbers.len() });
    }
    Ok(doc)
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    let what = p.downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| p.downcast_ref::<String>().cloned());
    format!("the PDF reader failed: {}", what.unwrap_or_else(|| "unknown error".to_owned()))
}

/// The document information dictionary and catalog fields used as metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Info {
    /// `/Title`.
    pub title: Option<String>,
    /// `/Author`.
    pub author: Option<String>,
    /// `/CreationDate`, as ISO 8601.
    pub created: Option<String>,
    /// The catalog's `/Lang`.
    pub language: Option<String>,
}

fn info(pdf: &pdf_extract::Document) -> Info {
    let text = |dict: &pdf_extract::Dictionary, key: &[u8]| {
        let obj = dict.get(key).ok()?;
        let obj = match obj {
            Object::Reference(id) => pdf.get_object(*id).ok()?,
            o => o,
        };
        pdf_extract::decode_text_string(obj).ok().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
    };
    let mut out = Info::default();
    let dict = pdf.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => pdf.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    if let Some(d) = dict {
        out.title = text(d, b"Title");
        out.author = text(d, b"Author");
        out.created = text(d, b"CreationDate").and_then(|d| pdf_date(&d));
    }
    if let Ok(catalog) = pdf.catalog() {
        out.language = text(catalog, b"Lang");
    }
    out
}

/// `D:20230223101500+01'00'` → `2023-02-23T10:15:00+01:00`; `D:20230223` → `2023-02-23`.
///
/// # Example
/// ```
/// use claimlens::io::pdf::pdf_date;
/// assert_eq!(pdf_date("D:20230223101500+01'00'").as_deref(), Some("2023-02-23T10:15:00+01:00"));
/// assert_eq!(pdf_date("D:20230223101500Z").as_deref(), Some("2023-02-23T10:15:00Z"));
/// assert_eq!(pdf_date("D:20230223").as_deref(), Some("2023-02-23"));
/// assert_eq!(pdf_date("yesterday"), None);
/// ```
#[must_use]
pub fn pdf_date(s: &str) -> Option<String> {
    let s = s.trim().strip_prefix("D:").unwrap_or(s.trim());
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let (y, m, d) = (&digits[0..4], &digits[4..6], &digits[6..8]);
    if !(1..=12).contains(&m.parse::<u8>().ok()?) || !(1..=31).contains(&d.parse::<u8>().ok()?) {
        return None;
    }
    let date = format!("{y}-{m}-{d}");
    if digits.len() < 12 {
        return Some(date);
    }
    let (hh, mm) = (&digits[8..10], &digits[10..12]);
    let ss = digits.get(12..14).unwrap_or("00");
    let rest = &s[digits.len()..];
    let zone = match rest.chars().next() {
        Some('Z') => "Z".to_owned(),
        Some(sign @ ('+' | '-')) => {
            let z: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            if z.len() >= 4 { format!("{sign}{}:{}", &z[0..2], &z[2..4]) } else { String::new() }
        }
        _ => String::new(),
    };
    Some(format!("{date}T{hh}:{mm}:{ss}{zone}"))
}

/// Collects glyphs into lines (the `pdf-extract` output device).
#[derive(Default)]
struct Collector {
    page: u32,
    height: f64,
    lines: Vec<Line>,
    current: Option<Line>,
    /// Where the last glyph ended (x).
    last_end: f64,
}

impl Collector {
    fn finish_line(&mut self) {
        if let Some(mut line) = self.current.take() {
            let trimmed = line.text.trim_end();
            line.text.truncate(trimmed.len());
            if !line.text.trim().is_empty() {
                self.lines.push(line);
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = page_num;
        self.height = (media_box.ury - media_box.lly).abs();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finish_line();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).abs();
        if !size.is_finite() || size < 0.5 {
            return Ok(());
        }
        // Rotated text (watermarks, vertical margin notes) is not part of the article.
        if trm.m12.abs() > 0.05 * trm.m11.abs().max(1e-9) || trm.m11 <= 0.0 {
            return Ok(());
        }
        let (x, y) = (trm.m31, trm.m32);
        let advance = width * size;
        let same_line = self.current.as_ref().is_some_and(|l| {
            (l.y - y).abs() <= 0.4 * l.size.max(size)
                && x >= self.last_end - 0.5 * size
                && x - self.last_end < 20.0 * size
        });
        if !same_line {
            self.finish_line();
            self.current = Some(Line { page: self.page, y, x0: x, x1: x, size: 0.0, text: String::new() });
        }
        if let Some(line) = self.current.as_mut() {
            let is_space = text.chars().all(char::is_whitespace);
            if same_line && x - self.last_end > 0.15 * size && !line.text.ends_with(' ') && !is_space {
                line.text.push(' ');
            }
            if is_space {
                if !line.text.is_empty() && !line.text.ends_with(' ') {
                    line.text.push(' ');
                }
            } else {
                // Control characters from broken encodings are not text.
                line.text.extend(text.chars().filter(|c| !c.is_control()));
                line.size = line.size.max(size);
                line.x1 = line.x1.max(x + advance);
            }
        }
        self.last_end = x + advance;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Digits replaced by `#`, whitespace collapsed, lower case: how running headers and footers
/// ("Page 3 of 9", "Daily Wire — 23 February 2023") are recognised across pages.
fn header_key(text: &str) -> String {
    let t: String = text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
    t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// "7", "Page 7", "Page 7 of 9", "7 / 9", "– 7 –", "vii", "S. 7".
fn is_page_number(text: &str) -> bool {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)^(?:(?:page|p\.|pg\.|seite|s\.|página|pagina|pag\.)\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—]?(?:\s*(?:/|of|von|de|sur|di)\s*\d{1,4})?$",
        )
        .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
    });
    RE.is_match(text.trim())
}

/// Remove running headers, footers and page numbers (see the module documentation).
pub fn remove_furniture(pages: &mut [Page]) {
    let n = pages.len();
    // The top and bottom three lines of each page, by height.
    let edges = |p: &Page, k: usize| -> Vec<usize> {
        let mut idx: Vec<usize> = (0..p.lines.len()).collect();
        idx.sort_by(|&a, &b| p.lines[b].y.total_cmp(&p.lines[a].y));
        let mut out: Vec<usize> = idx.iter().take(k).copied().collect();
        out.extend(idx.iter().rev().take(k));
        out.sort_unstable();
        out.dedup();
        out
    };
    let mut remove: Vec<Vec<bool>> = pages.iter().map(|p| vec![false; p.lines.len()]).collect();
    if n >= 2 {
        let candidates: Vec<Vec<(usize, String, f64)>> = pages
            .iter()
            .map(|p| edges(p, 3).into_iter().map(|i| (i, header_key(&p.lines[i].text), p.lines[i].y)).collect())
            .collect();
        let needed = n.div_ceil(2).max(2);
        for (pi, cands) in candidates.iter().enumerate() {
            for (li, key, y) in cands {
                let count = candidates
                    .iter()
                    .filter(|other| other.iter().any(|(_, k, oy)| k == key && (oy - y).abs() <= 3.0))
                    .count();
                if count >= needed {
                    remove[pi][*li] = true;
                }
            }
        }
    }
    for (pi, p) in pages.iter().enumerate() {
        for li in edges(p, 2) {
            if is_page_number(&p.lines[li].text) {
                remove[pi][li] = true;
            }
        }
    }
    for (p, r) in pages.iter_mut().zip(remove) {
        let mut flags = r.into_iter();
        p.lines.retain(|_| !flags.next().unwrap_or(false));
    }
}

/// Join `left` (ending with a hyphen at a line end) and `right` (the next line), deciding
/// whether the hyphen was put there by hyphenation or belongs to the word:
///
/// - a soft hyphen (U+00AD) always goes: "inter\u{ad}" + "national" → "international";
/// - the next line starting with a capital or a digit keeps it ("Franco-" + "German",
///   "COVID-" + "19");
/// - then the document decides: if the hyphenated form ("well-known") occurs elsewhere in
///   `text`, the hyphen stays; if the joined form ("international") does, it goes;
/// - otherwise the hyphen stays after a word that already has one ("face-to-" + "face") and
///   after the usual first parts of compounds ("self-", "well-", "non-", "so-", "ex-", "co-",
///   "anti-", "half-", "long-", "short-", numbers spelt out, …), and goes everywhere else,
///   since in typeset text most line-end hyphens are hyphenation.
///
/// Returns the joined text without a space at the join when a hyphen ended `left`, or `None`
/// when `left` does not end with a hyphen after a letter.
///
/// # Example
/// ```
/// use claimlens::io::pdf::join_hyphenated;
/// assert_eq!(join_hyphenated("the inter-", "national body", "").as_deref(), Some("the international body"));
/// assert_eq!(join_hyphenated("a well-", "known fact", "").as_deref(), Some("a well-known fact"));
/// assert_eq!(join_hyphenated("a face-to-", "face talk", "").as_deref(), Some("a face-to-face talk"));
/// assert_eq!(join_hyphenated("the Franco-", "German border", "").as_deref(), Some("the Franco-German border"));
/// // The rest of the document says "fast-track": keep it.
/// assert_eq!(join_hyphenated("to fast-", "track cases", "a fast-track system").as_deref(), Some("to fast-track cases"));
/// assert_eq!(join_hyphenated("ends here.", "Next", ""), None);
/// ```
#[must_use]
pub fn join_hyphenated(left: &str, right: &str, text: &str) -> Option<String> {
    let hyphen = left.chars().last().filter(|c| matches!(c, '-' | '\u{ad}' | '\u{2010}'))?;
    let stem_full = &left[..left.len() - hyphen.len_utf8()];
    if !stem_full.chars().last().is_some_and(char::is_alphabetic) {
        return None;
    }
    let right = right.trim_start();
    let first_word: String = right.chars().take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’').collect();
    // The word before the hyphen (back to the previous space).
    let word_start = stem_full.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let stem = &stem_full[word_start..];
    let keep = if hyphen == '\u{ad}' {
        false
    } else if right.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || first_word.is_empty() {
        true
    } else {
        let hyphenated = format!("{stem}-{first_word}").to_lowercase();
        let joined = format!("{stem}{first_word}").to_lowercase();
        let lower = text.to_lowercase();
        if contains_word(&lower, &hyphenated) {
            true
        } else if contains_word(&lower, &joined) {
            false
        } else {
            const PREFIXES: &[&str] = &[
                "self", "well", "non", "so", "ex", "co", "all", "anti", "half", "ill", "cross", "long", "short",
                "full", "part", "high", "low", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "first", "second", "third", "twenty", "thirty", "forty", "fifty", "hundred", "post", "pre",
                "pro", "mid", "semi", "vice", "multi", "quasi", "far", "near", "top", "life", "year", "day", "week",
                "month", "old", "new", "right", "left", "end", "face", "fast", "hard", "soft", "free", "open", "re",
            ];
            stem.contains('-') || PREFIXES.contains(&stem.to_lowercase().as_str())
        }
    };
    let mut out = String::with_capacity(left.len() + right.len());
    out.push_str(stem_full);
    if keep {
        out.push('-');
    }
    out.push_str(right);
    Some(out)
}

/// True if `word` occurs in `text` with no letter just before or after it.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Sentence-final: `.`, `!`, `?`, `:`, or one of them before a closing quote or bracket.
fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['"', '”', '’', '\'', ')', ']', '»']);
    t.ends_with(['.', '!', '?', ':', '…'])
}

/// Font sizes rounded to half points, for comparing.
fn size_key(size: f64) -> i64 {
    // Sizes are small positive numbers: the cast cannot overflow.
    #[allow(clippy::cast_possible_truncation)]
    let k = (size * 2.0).round() as i64;
    k
}

/// What one line is in the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Title,
    Heading(u8),
    Body,
}

/// Assemble the document from the pages' lines (after [`remove_furniture`]).
fn build(mut pages: Vec<Page>, info: &Info) -> Document {
    remove_furniture(&mut pages);
    let lines: Vec<&Line> = pages.iter().flat_map(|p| &p.lines).collect();
    let Some(first_line) = lines.first() else { return Document::default() };
    let first_page_number = first_line.page;
    // The body size: the size most characters are set in.
    let mut chars_by_size: BTreeMap<i64, usize> = BTreeMap::new();
    for l in &lines {
        *chars_by_size.entry(size_key(l.size)).or_default() += l.text.chars().count();
    }
    let body_key = chars_by_size.iter().max_by_key(|(k, n)| (**n, -**k)).map_or(0, |(k, _)| *k);
    let body_size = body_key as f64 / 2.0;
    // Title: the largest text on page 1, clearly larger than the body.
    let max_first = lines.iter().filter(|l| l.page == first_page_number).map(|l| l.size).fold(0.0f64, f64::max);
    let title_key = (max_first >= body_size * 1.15).then(|| size_key(max_first));
    // Heading sizes: larger than the body, largest first.
    let mut heading_keys: Vec<i64> = lines
        .iter()
        .filter(|l| l.size >= body_size * 1.12 && l.text.chars().count() <= 150)
        .map(|l| size_key(l.size))
        .filter(|k| Some(*k) != title_key)
        .collect();
    heading_keys.sort_unstable_by(|a, b| b.cmp(a));
    heading_keys.dedup();
    let mut roles: Vec<Role> = Vec::with_capacity(lines.len());
    let mut title_open = title_key.is_some();
    for (i, l) in lines.iter().enumerate() {
        let k = size_key(l.size);
        // The title: the first run of consecutive lines of the title size on page 1.
        let continues_title =
            i == 0 || roles[i - 1] == Role::Title || !lines[..i].iter().any(|p| size_key(p.size) == k);
        let role = if title_open && Some(k) == title_key && l.page == first_page_number && continues_title {
            Role::Title
        } else if (Some(k) == title_key || heading_keys.contains(&k))
            && l.text.chars().count() <= 150
            && l.size >= body_size * 1.12
        {
            let rank = heading_keys.iter().position(|h| *h == k).unwrap_or(0);
            Role::Heading(u8::try_from(rank + 2).unwrap_or(6).min(6))
        } else {
            Role::Body
        };
        if role != Role::Title && roles.last() == Some(&Role::Title) {
            title_open = false;
        }
        roles.push(role);
    }
    // How the document separates paragraphs: spaced (gaps larger than line spacing) or not.
    let mut gaps: Vec<f64> = Vec::new();
    for w in lines.windows(2).zip(roles.windows(2)) {
        let ([a, b], [ra, rb]) = w else { continue };
        if a.page == b.page && *ra == Role::Body && *rb == Role::Body && size_key(a.size) == size_key(b.size) {
            let gap = a.y - b.y;
            if gap > 0.0 {
                gaps.push(gap);
            }
        }
    }
    gaps.sort_by(f64::total_cmp);
    let line_gap = gaps.get(gaps.len() / 4).copied().unwrap_or(body_size * 1.2);
    let spaced = gaps.iter().filter(|g| **g > line_gap * 1.3).count() * 20 >= gaps.len().max(1);
    // Margins per page: the most common left edge and the right-most edge of body lines.
    let mut margins: BTreeMap<u32, (f64, f64)> = BTreeMap::new();
    for p in &pages {
        let body: Vec<&Line> = p.lines.iter().filter(|l| size_key(l.size) == body_key).collect();
        let Some(first) = body.first() else { continue };
        let mut lefts: BTreeMap<i64, usize> = BTreeMap::new();
        for l in &body {
            *lefts.entry(size_key(l.x0)).or_default() += 1;
        }
        let left = lefts.iter().max_by_key(|(k, n)| (**n, -**k)).map_or(first.x0, |(k, _)| *k as f64 / 2.0);
        let right = body.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
        margins.insert(first.page, (left, right));
    }
    let indented = |l: &Line| margins.get(&l.page).is_some_and(|(left, _)| l.x0 > left + 0.8 * l.size);
    let short = |l: &Line| margins.get(&l.page).is_some_and(|(left, right)| l.x1 < right - 0.12 * (right - left));
    // Paragraph breaks between body lines a → b.
    let new_paragraph = |a: &Line, b: &Line| -> bool {
        if size_key(a.size) != size_key(b.size) {
            return true;
        }
        if a.page != b.page {
            return ends_sentence(&a.text) && (short(a) || indented(b));
        }
        let gap = a.y - b.y;
        if gap < 0.0 || gap > line_gap * 2.5 {
            return true;
        }
        if spaced { gap > line_gap * 1.3 } else { indented(b) || (short(a) && ends_sentence(&a.text)) }
    };
    // The whole text once, for the hyphenation decisions.
    let all_text: String = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
    let mut blocks: Vec<(Role, String)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let role = roles[i];
        let continues = i > 0
            && match (roles[i - 1], role) {
                (Role::Title, Role::Title) => true,
                (Role::Heading(a), Role::Heading(b)) => {
                    a == b && lines[i - 1].page == l.page && lines[i - 1].y - l.y <= l.size * 1.6
                }
                (Role::Body, Role::Body) => !new_paragraph(lines[i - 1], l),
                _ => false,
            };
        match blocks.last_mut() {
            Some((_, text)) if continues => {
                *text =
                    join_hyphenated(text, &l.text, &all_text).unwrap_or_else(|| format!("{text} {}", l.text.trim()));
            }
            _ => blocks.push((role, l.text.trim().to_owned())),
        }
    }
    let junk_title = |t: &str| {
        let lower = t.to_lowercase();
        lower.starts_with("microsoft word")
            || lower == "untitled"
            || [".doc", ".docx", ".pdf", ".odt", ".indd", ".rtf", ".txt"].iter().any(|e| lower.ends_with(e))
    };
    let visible_title = blocks.iter().find(|(r, _)| *r == Role::Title).map(|(_, t)| t.clone());
    let title = visible_title.clone().or_else(|| info.title.clone().filter(|t| !junk_title(t)));
    let mut b = DocumentBuilder::default();
    if visible_title.is_none()
        && let Some(t) = &title
    {
        b.push(BlockKind::Title, t);
    }
    let mut body_started = false;
    for (role, text) in &blocks {
        let text = collapse_spaces(text);
        match role {
            Role::Title => {
                b.push(BlockKind::Title, &text);
            }
            Role::Heading(level) => {
                b.push(BlockKind::Heading(*level), &text);
            }
            Role::Body => {
                if let Some(r) = plain::caption_credit(&text) {
                    let credit = text[r].to_owned();
                    b.push_caption(&text, Some(&credit));
                } else if !body_started && plain::is_dateline(&text) {
                    b.push(BlockKind::Dateline, &text);
                } else if !body_started && plain::byline(&text).is_some() {
                    b.push(BlockKind::Byline, &text);
                } else {
                    body_started = true;
                    b.push(BlockKind::Paragraph, &text);
                }
            }
        }
    }
    let doc = b.finish(ArticleMeta::default());
    let first = |kind: BlockKind| doc.blocks.iter().find(|bl| bl.kind == kind).map(|bl| doc.text[bl.span].to_owned());
    let meta = ArticleMeta {
        title,
        publisher: None,
        byline: info
            .author
            .clone()
            .or_else(|| first(BlockKind::Byline).and_then(|t| plain::byline(&t)).map(|(names, _)| names)),
        date: info
            .created
            .clone()
            .or_else(|| first(BlockKind::Dateline).and_then(|t| plain::find_date(&t).map(str::to_owned))),
        url: None,
        language: info.language.clone(),
    };
    Document { meta, ..doc }
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(page: u32, y: f64, x0: f64, x1: f64, size: f64, text: &str) -> Line {
        Line { page, y, x0, x1, size, text: text.to_owned() }
    }

    /// Body text differs in its words from page to page (digits alone would make it a
    /// running header: "Page 1" and "Page 2" are the same line).
    fn body_line(page: u32, k: u32) -> String {
        let words = ["alpha", "beta", "gamma"][usize::try_from(page - 1).unwrap()];
        format!(
            "Body text {words} {} continues.",
            ["one", "two", "three", "four", "five", "six", "seven", "eight"][k as usize]
        )
    }

    #[test]
    fn furniture_goes_body_stays() {
        let page = |n: u32| Page {
            height: 842.0,
            lines: std::iter::once(line(n, 800.0, 72.0, 300.0, 9.0, "Daily Wire · 23 February 2023"))
                .chain((0..8).map(|k| line(n, 700.0 - 14.0 * f64::from(k), 72.0, 520.0, 11.0, &body_line(n, k))))
                .chain(std::iter::once(line(n, 40.0, 290.0, 300.0, 9.0, &format!("Page {n} of 3"))))
                .collect(),
        };
        let mut pages = vec![page(1), page(2), page(3)];
        remove_furniture(&mut pages);
        for (n, p) in pages.iter().enumerate() {
            let texts: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
            let want: Vec<String> = (0..8).map(|k| body_line(u32::try_from(n).unwrap() + 1, k)).collect();
            assert_eq!(texts, want);
        }
        // A single page keeps its header (nothing repeats) but loses its page number.
        let mut one = vec![page(1)];
        remove_furniture(&mut one);
        assert_eq!(one[0].lines.len(), 9);
        assert_eq!(one[0].lines[0].text, "Daily Wire · 23 February 2023");
    }

    #[test]
    fn page_numbers() {
        for yes in ["7", "Page 7", "page 7 of 9", "7 / 9", "– 7 –", "vii", "S. 12"] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["7 people died", "Chapter 7", "Page seven was torn", "7.5 percent"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn paragraphs_join_across_lines_and_pages() {
        let l = |page, y, x1, text: &str| line(page, y, 72.0, x1, 11.0, text);
        let pages = vec![
            Page {
                height: 842.0,
                lines: vec![
                    line(1, 780.0, 72.0, 400.0, 20.0, "Zürich talks"),
                    l(1, 740.0, 520.0, "The inter-"),
                    l(1, 726.0, 300.0, "national meeting ended."),
                    l(1, 700.0, 520.0, "A well-known diplomat, who had"),
                    l(1, 686.0, 520.0, "come from Geneva, spoke of a"),
                ],
            },
            Page { height: 842.0, lines: vec![l(2, 780.0, 300.0, "“new start” for the 東京 talks.")] },
        ];
        let doc = build(pages, &Info::default());
        let texts: Vec<(BlockKind, &str)> = doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span])).collect();
        assert_eq!(
            texts,
            [
                (BlockKind::Title, "Zürich talks"),
                (BlockKind::Paragraph, "The international meeting ended."),
                (
                    BlockKind::Paragraph,
                    "A well-known diplomat, who had come from Geneva, spoke of a “new start” for the 東京 talks."
                ),
            ]
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Zürich talks"));
        doc.validate().unwrap();
    }

    #[test]
    fn not_a_pdf_is_damaged_not_a_panic() {
        for bytes in [&b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"[..], b"%PDF-", b"%PDF-1.4\n%%EOF\n", b""] {
            match parse(bytes) {
                Err(ImportErrorKind::Damaged { .. }) => {}
                other => panic!("{:?}: {other:?}", String::from_utf8_lossy(bytes)),
            }
        }
    }
}
