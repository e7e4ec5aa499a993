//! Reading `ClaimReview` in every common shape, streaming: items are handed to a sink one by
//! one, so a feed of any size is never held in memory (neither its text nor its parsed tree;
//! only one element of its main list at a time).
//!
//! Shapes ([`FeedFormat`]):
//! - a JSON array of `ClaimReview` (or of `DataFeedItem`s, or of Fact Check Tools claims);
//! - a single `ClaimReview` object, or several concatenated;
//! - JSON Lines, one record a line (a broken line is skipped, the rest still read);
//! - a schema.org `DataFeed`: `dataFeedElement[].item[]` (or `dataFeedElement[]` holding
//!   `ClaimReview` directly);
//! - the Google Fact Check Tools API response: `{"claims": [{"text", "claimant", "claimDate",
//!   "claimReview": [{"publisher": {"name", "site"}, "url", "title", "reviewDate",
//!   "textualRating", "languageCode"}]}]}`;
//! - a saved fact-check web page with `ClaimReview` in `<script type="application/ld+json">`
//!   (also inside `@graph`); a review without its own `url` takes the page's canonical URL.
//!
//! A record that yields no fact-check (no URL, no claim text, not JSON, not a `ClaimReview`)
//! is skipped and counted by reason ([`FeedReport`]); it never stops the import. A JSON syntax
//! error in the middle of a (non-line) file ends that file: what came before is kept and the
//! report says where it stopped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read as _};
use std::path::{Path, PathBuf};

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::model::{FactCheck, Rating};

/// Web pages larger than this are refused (a fact-check page is well under 10 MB).
pub const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

/// How a feed file was read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedFormat {
    /// JSON: an array, an object (`ClaimReview`, `DataFeed`, API response) or several.
    #[default]
    Json,
    /// JSON Lines.
    JsonLines,
    /// A web page with JSON-LD.
    Html,
}

/// What reading one feed gave.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct FeedReport {
    /// The shape that was read.
    pub format: FeedFormat,
    /// Fact-checks handed to the sink.
    pub items: usize,
    /// Records skipped.
    pub skipped: usize,
    /// Skipped records by reason ("no url", "not JSON", …).
    pub reasons: BTreeMap<String, usize>,
    /// Set when a JSON syntax error ended the file early: where and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

impl FeedReport {
    fn skip(&mut self, reason: &str) {
        self.skipped += 1;
        *self.reasons.entry(reason.to_owned()).or_default() += 1;
    }
}

/// Why a feed could not be read at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FeedErrorKind {
    /// The file could not be opened or read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// A web page over [`MAX_PAGE_BYTES`].
    #[error("the page is too large ({size_bytes} bytes; at most {limit_bytes})")]
    TooLarge {
        /// Its size.
        size_bytes: u64,
        /// The limit.
        limit_bytes: u64,
    },
    /// Neither JSON nor a web page (binary, or text of another kind).
    #[error("not a ClaimReview feed ({0})")]
    NotAFeed(String),
    /// The sink asked to stop (the user cancelled).
    #[error("cancelled")]
    Cancelled,
}

/// A feed that could not be read, with its path.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", path.display())]
pub struct FeedError {
    /// What went wrong.
    pub kind: FeedErrorKind,
    /// The feed.
    pub path: PathBuf,
}

impl FeedError {
    fn new(kind: impl Into<FeedErrorKind>, path: &Path) -> Self {
        Self { kind: kind.into(), path: path.to_owned() }
    }
}

/// Returned by a sink to stop reading (cancel).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop;

/// Read the feed at `path`, handing every fact-check to `sink` in file order.
///
/// # Errors
/// [`FeedError`] if the file cannot be read, is no feed, or the sink stopped.
pub fn read_feed_path(
    path: &Path,
    sink: &mut dyn FnMut(FactCheck) -> Result<(), Stop>,
) -> Result<FeedReport, FeedError> {
    let file = std::fs::File::open(path).map_err(|e| FeedError::new(e, path))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(FeedError::new(std::io::Error::other("it is a folder"), path));
    }
    read_feed(BufReader::with_capacity(1 << 16, file), path, sink)
}

/// Read a feed from `reader`; `name` gives the file name (for `.jsonl` and error messages).
///
/// # Errors
/// As [`read_feed_path`].
///
/// # Example
/// ```
/// use claimlens::factcheck::feed::{read_feed, FeedFormat};
/// let api = r#"{"claims": [{"text": "The moon is made of cheese.", "claimant": "A blog",
///   "claimReview": [{"publisher": {"name": "Check Desk", "site": "check.example"},
///     "url": "https://check.example/moon", "textualRating": "False"}]}]}"#;
/// let mut items = Vec::new();
/// let report = read_feed(api.as_bytes(), "api.json".as_ref(), &mut |f| { items.push(f); Ok(()) }).unwrap();
/// assert_eq!((report.format, report.items), (FeedFormat::Json, 1));
/// assert_eq!(items[0].publisher, "Check Desk");
/// assert_eq!(items[0].rating.value, Some(0.0));
/// ```
pub fn read_feed<R: BufRead>(
    mut reader: R,
    name: &Path,
    sink: &mut dyn FnMut(FactCheck) -> Result<(), Stop>,
) -> Result<FeedReport, FeedError> {
    let head = peek(&mut reader, 8192).map_err(|e| FeedError::new(e, name))?;
    let text_head = String::from_utf8_lossy(&head);
    let trimmed = text_head.trim_start_matches('\u{feff}').trim_start();
    let ext = name.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let mut report = FeedReport::default();
    let result = if trimmed.starts_with('<') || matches!(ext.as_str(), "html" | "htm" | "xhtml") {
        report.format = FeedFormat::Html;
        let mut bytes = Vec::new();
        reader.take(MAX_PAGE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| FeedError::new(e, name))?;
        if bytes.len() as u64 > MAX_PAGE_BYTES {
            let kind = FeedErrorKind::TooLarge { size_bytes: bytes.len() as u64, limit_bytes: MAX_PAGE_BYTES };
            return Err(FeedError::new(kind, name));
        }
        let text = crate::io::decode::decode(&bytes)
            .map_err(|_| FeedError::new(FeedErrorKind::NotAFeed("not a text file".to_owned()), name))?
            .text;
        read_page(&text, &mut report, sink).map_err(ReadStop::from)
    } else if trimmed.is_empty() {
        Ok(())
    } else if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        let what = if head.iter().take(512).any(|&b| b == 0) { "binary data" } else { "it does not start with { or [" };
        return Err(FeedError::new(FeedErrorKind::NotAFeed(what.to_owned()), name));
    } else if matches!(ext.as_str(), "jsonl" | "ndjson" | "jsonlines") || looks_like_json_lines(trimmed) {
        report.format = FeedFormat::JsonLines;
        read_lines(reader, &mut report, sink)
    } else {
        report.format = FeedFormat::Json;
        read_json_stream(reader, &mut report, sink).map_err(ReadStop::from)
    };
    match result {
        Ok(()) => Ok(report),
        Err(e) => Err(FeedError::new(FeedErrorKind::from(e), name)),
    }
}

/// Read all fact-checks of a feed given as text (small feeds, tests).
///
/// # Errors
/// As [`read_feed`].
pub fn read_feed_str(text: &str, name: &Path) -> Result<(Vec<FactCheck>, FeedReport), FeedError> {
    let mut items = Vec::new();
    let report = read_feed(text.as_bytes(), name, &mut |f| {
        items.push(f);
        Ok(())
    })?;
    Ok((items, report))
}

/// Up to `n` bytes from the start of `reader` without consuming them.
fn peek<R: BufRead>(reader: &mut R, n: usize) -> std::io::Result<Vec<u8>> {
    let buf = reader.fill_buf()?;
    Ok(buf[..buf.len().min(n)].to_vec())
}

/// True when the first line is a whole JSON value and more text follows on later lines (a
/// pretty-printed JSON file's first line is `{` or `[` alone, never a whole value).
fn looks_like_json_lines(head: &str) -> bool {
    let Some((first, rest)) = head.split_once('\n') else {
        return false;
    };
    !rest.trim().is_empty() && serde_json::from_str::<serde::de::IgnoredAny>(first.trim_end_matches('\r')).is_ok()
}

fn read_lines<R: BufRead>(
    mut reader: R,
    report: &mut FeedReport,
    sink: &mut dyn FnMut(FactCheck) -> Result<(), Stop>,
) -> Result<(), ReadStop> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim().trim_start_matches('\u{feff}');
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) => element(&v, report, sink)?,
            Err(_) => report.skip("not JSON"),
        }
    }
}

/// Either an IO error or the sink's stop, inside the readers.
enum ReadStop {
    Io(std::io::Error),
    Stop,
}

impl From<std::io::Error> for ReadStop {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

impl From<Stop> for ReadStop {
    fn from(_: Stop) -> Self {
        Self::Stop
    }
}

impl From<ReadStop> for FeedErrorKind {
    fn from(e: ReadStop) -> Self {
        match e {
            ReadStop::Io(e) => Self::Io(e),
            ReadStop::Stop => Self::Cancelled,
        }
    }
}

/// The marker a sink's stop travels through serde with.
const STOP_MARKER: &str = "\u{1}claimlens: stop";

fn read_json_stream<R: BufRead>(
    reader: R,
    report: &mut FeedReport,
    sink: &mut dyn FnMut(FactCheck) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    loop {
        let seed = TopLevel { report, sink };
        match seed.deserialize(&mut de) {
            Ok(Some((rest, false))) => element(&Value::Object(rest), report, sink)?,
            // A feed's envelope (`DataFeed`, an API response) around the lists already read:
            // no record of its own unless it is one.
            Ok(Some((rest, true))) => quiet(&Value::Object(rest), report, sink)?,
            Ok(None) => {}
            Err(e) if e.to_string().contains(STOP_MARKER) => return Err(Stop),
            Err(e) => {
                report.skip("JSON syntax error");
                report.stopped = Some(format!("line {} column {}: {}", e.line(), e.column(), e));
                return Ok(());
            }
        }
        if de.end().is_ok() {
            return Ok(());
        }
    }
}

/// Keys whose value is a feed's main list: streamed element by element.
const LIST_KEYS: &[&str] = &["dataFeedElement", "claims", "@graph", "itemListElement"];

/// The top-level value: an array is streamed element by element; an object streams its list
/// keys and returns its other fields (a single `ClaimReview` is all "other fields").
struct TopLevel<'a, 's> {
    report: &'a mut FeedReport,
    sink: &'a mut (dyn FnMut(FactCheck) -> Result<(), Stop> + 's),
}

/// An object's fields other than its list keys, and whether it had any list key.
type Rest = Option<(Map<String, Value>, bool)>;

impl<'de> DeserializeSeed<'de> for TopLevel<'_, '_> {
    type Value = Rest;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_, '_> {
    type Value = Rest;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON array or object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while let Some(v) = seq.next_element::<Value>()? {
            element(&v, self.report, self.sink).map_err(|Stop| serde::de::Error::custom(STOP_MARKER))?;
        }
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut rest = Map::new();
        let mut had_list = false;
        while let Some(key) = map.next_key::<String>()? {
            if LIST_KEYS.contains(&key.as_str()) {
                had_list = true;
                let seed = TopLevel { report: &mut *self.report, sink: &mut *self.sink };
                if let Some((obj, inner_list)) = map.next_value_seed(seed)? {
                    // A list key holding one object (`"@graph": {...}`).
                    let v = Value::Object(obj);
                    let r = if inner_list {
                        quiet(&v, self.report, self.sink)
                    } else {
                        element(&v, self.report, self.sink)
                    };
                    r.map_err(|Stop| serde::de::Error::custom(STOP_MARKER))?;
                }
            } else {
                rest.insert(key, map.next_value()?);
            }
        }
        Ok(Some((rest, had_list)))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
        self.report.skip("not a ClaimReview");
        Ok(None)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        self.report.skip("not a ClaimReview");
        Ok(None)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        self.report.skip("not a ClaimReview");
        Ok(None)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        self.report.skip("not a ClaimReview");
        Ok(None)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        self.report.skip("not a ClaimReview");
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.report.skip("not a ClaimReview");
        Ok(None)
    }
}

/// One element of a feed's main list (or one whole value): every fact-check in it goes to
/// the sink; an element that holds none is counted as skipped.
fn element(
    v: &Value,
    report: &mut FeedReport,
    sink: &mut dyn FnMut(FactCheck) -> Result<(), Stop>,
) -> Result<(), Stop> {
    emit(v, report, sink, true)
}

/// Like [`element`] for what is left of an envelope: holding nothing is not a skip.
fn quiet(v: &Value, report: &mut FeedReport, sink: &mut dyn FnMut(FactCheck) -> Result<(), Stop>) -> Result<(), Stop> {
    emit(v, report, sink, false)
}

fn emit(
    v: &Value,
    report: &mut FeedReport,
    sink: &mut dyn FnMut(FactCheck) -> Result<(), Stop>,
    is_record: bool,
) -> Result<(), Stop> {
    let mut found = Found::default();
    extract(v, &Page::default(), &mut found, 0);
    if found.items.is_empty() && found.refused.is_empty() && is_record {
        report.skip("not a ClaimReview");
    }
    for reason in found.refused {
        report.skip(reason);
    }
    for item in found.items {
        report.items += 1;
        sink(item)?;
    }
    Ok(())
}

/// What the page around a JSON-LD block says (for reviews that leave it out).
#[derive(Clone, Debug, Default)]
struct Page {
    url: Option<String>,
    language: Option<String>,
}

#[derive(Default)]
struct Found {
    items: Vec<FactCheck>,
    refused: Vec<&'static str>,
}

/// Deep enough for `@graph` inside a page inside a list; deeper nesting is no feed.
const MAX_DEPTH: usize = 8;

fn extract(v: &Value, page: &Page, found: &mut Found, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                extract(item, page, found, depth + 1);
            }
        }
        Value::Object(obj) => {
            if is_claim_review(obj) {
                match claim_review(obj, page) {
                    Ok(f) => found.items.push(f),
                    Err(reason) => found.refused.push(reason),
                }
            } else if let Some(reviews) = obj.get("claimReview") {
                // A Fact Check Tools claim: the claim's fields plus one item per review.
                let reviews: Vec<&Value> = match reviews {
                    Value::Array(a) => a.iter().collect(),
                    other => vec![other],
                };
                if reviews.is_empty() {
                    found.refused.push("a claim without reviews");
                }
                for r in reviews {
                    match r.as_object().ok_or("not a ClaimReview").and_then(|r| api_review(obj, r, page)) {
                        Ok(f) => found.items.push(f),
                        Err(reason) => found.refused.push(reason),
                    }
                }
            } else {
                for key in ["@graph", "dataFeedElement", "item", "claims", "itemListElement", "mainEntity", "hasPart"] {
                    if let Some(child) = obj.get(key) {
                        extract(child, page, found, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

fn has_type(obj: &Map<String, Value>, ty: &str) -> bool {
    let is = |v: &Value| v.as_str().is_some_and(|s| s == ty || s.rsplit(['/', ':']).next() == Some(ty));
    match obj.get("@type") {
        Some(Value::Array(a)) => a.iter().any(is),
        Some(v) => is(v),
        None => false,
    }
}

fn is_claim_review(obj: &Map<String, Value>) -> bool {
    has_type(obj, "ClaimReview") || (obj.contains_key("claimReviewed") && !obj.contains_key("claimReview"))
}

/// A string field: a string, or the first string of an array; whitespace collapsed.
fn text(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.clone(),
        Value::Array(a) => return a.iter().find_map(|x| text(Some(x))),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// A name: a string, an object's `name` (or `alternateName`), the first of an array.
fn name_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Object(o) => text(o.get("name")).or_else(|| text(o.get("alternateName"))),
        Value::Array(a) => a.iter().find_map(|x| name_of(Some(x))),
        other => text(Some(other)),
    }
}

fn first_object(v: Option<&Value>) -> Option<&Map<String, Value>> {
    match v? {
        Value::Object(o) => Some(o),
        Value::Array(a) => a.iter().find_map(Value::as_object),
        _ => None,
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `YYYY-MM-DD` when the value starts with a date, else the value as given.
#[must_use]
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(prefix) = s.get(..10)
        && prefix.parse::<jiff::civil::Date>().is_ok()
    {
        return Some(prefix.to_owned());
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.strftime("%Y-%m-%d").to_string());
    }
    Some(s.to_owned())
}

fn date(v: Option<&Value>) -> Option<String> {
    text(v).and_then(|s| normalize_date(&s))
}

fn language(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Object(o) => text(o.get("alternateName")).or_else(|| text(o.get("name"))),
        other => text(Some(other)),
    }
}

fn is_http(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

fn claim_review(obj: &Map<String, Value>, page: &Page) -> Result<FactCheck, &'static str> {
    let url = text(obj.get("url"))
        .or_else(|| text(obj.get("@id")).filter(|id| is_http(id)))
        .or_else(|| page.url.clone())
        .ok_or("no url")?;
    let title = text(obj.get("name")).or_else(|| text(obj.get("headline"))).unwrap_or_default();
    let item = first_object(obj.get("itemReviewed"));
    let claim = text(obj.get("claimReviewed"))
        .or_else(|| item.and_then(|i| text(i.get("name")).or_else(|| text(i.get("text")))))
        .or_else(|| (!title.is_empty()).then(|| title.clone()))
        .ok_or("no claim text")?;
    let claimant = item.and_then(|i| name_of(i.get("author"))).unwrap_or_default();
    let claim_date = item.and_then(|i| {
        date(i.get("datePublished"))
            .or_else(|| date(i.get("dateCreated")))
            .or_else(|| first_object(i.get("firstAppearance")).and_then(|a| date(a.get("datePublished"))))
            .or_else(|| first_object(i.get("appearance")).and_then(|a| date(a.get("datePublished"))))
    });
    let author = first_object(obj.get("author"));
    let publisher = name_of(obj.get("author")).or_else(|| name_of(obj.get("publisher"))).unwrap_or_default();
    let publisher_site = author
        .and_then(|a| text(a.get("url")))
        .or_else(|| first_object(obj.get("publisher")).and_then(|p| text(p.get("url"))))
        .unwrap_or_default();
    let rr = first_object(obj.get("reviewRating"));
    let rating = rr.map_or_else(Rating::default, |r| {
        let words = text(r.get("alternateName")).or_else(|| text(r.get("name"))).unwrap_or_default();
        Rating::from_parts(
            &words,
            number(r.get("ratingValue")),
            number(r.get("bestRating")),
            number(r.get("worstRating")),
        )
    });
    Ok(FactCheck {
        url,
        claim,
        claimant,
        claim_date,
        rating,
        publisher,
        publisher_site,
        review_date: date(obj.get("datePublished")).or_else(|| date(obj.get("dateModified"))),
        title,
        language: language(obj.get("inLanguage")).or_else(|| page.language.clone()).unwrap_or_default(),
        checked_here: None,
    })
}

/// One review of a Fact Check Tools claim.
fn api_review(claim: &Map<String, Value>, r: &Map<String, Value>, page: &Page) -> Result<FactCheck, &'static str> {
    let url = text(r.get("url")).or_else(|| page.url.clone()).ok_or("no url")?;
    let title = text(r.get("title")).unwrap_or_default();
    let claim_text =
        text(claim.get("text")).or_else(|| (!title.is_empty()).then(|| title.clone())).ok_or("no claim text")?;
    let publisher = first_object(r.get("publisher"));
    Ok(FactCheck {
        url,
        claim: claim_text,
        claimant: text(claim.get("claimant")).unwrap_or_default(),
        claim_date: date(claim.get("claimDate")),
        rating: Rating::from_parts(&text(r.get("textualRating")).unwrap_or_default(), None, None, None),
        publisher: publisher
            .and_then(|p| text(p.get("name")))
            .or_else(|| name_of(r.get("publisher")))
            .unwrap_or_default(),
        publisher_site: publisher.and_then(|p| text(p.get("site"))).unwrap_or_default(),
        review_date: date(r.get("reviewDate")),
        title,
        language: text(r.get("languageCode")).unwrap_or_default(),
        checked_here: None,
    })
}

/// The `ClaimReview`s of a web page's JSON-LD blocks.
fn read_page(
    html: &str,
    report: &mut FeedReport,
    sink: &mut dyn FnMut(FactCheck) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let dom = dom_query::Document::from(html);
    let attr = |sel: &str, name: &str| {
        dom.try_select(sel).and_then(|s| s.attr(name)).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    };
    let page = Page {
        url: attr("link[rel=canonical]", "href")
            .or_else(|| attr("meta[property='og:url']", "content"))
            .filter(|u| is_http(u)),
        language: attr("html", "lang"),
    };
    let mut found = Found::default();
    if let Some(scripts) = dom.try_select("script") {
        for script in scripts.nodes() {
            let is_ld = script.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"));
            if !is_ld {
                continue;
            }
            let body = script.text();
            let body = body
                .trim()
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim()
                .trim_start_matches("//<![CDATA[")
                .trim_end_matches("//]]>")
                .trim();
            match serde_json::from_str::<Value>(body) {
                Ok(v) => extract(&v, &page, &mut found, 0),
                Err(_) => found.refused.push("JSON-LD block that is not JSON"),
            }
        }
    }
    for reason in found.refused {
        report.skip(reason);
    }
    for item in found.items {
        report.items += 1;
        sink(item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, name: &str) -> (Vec<FactCheck>, FeedReport) {
        read_feed_str(text, name.as_ref()).unwrap()
    }

    #[test]
    fn a_single_review_object() {
        let (items, r) = read(
            r#"{"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://x.example/1",
               "claimReviewed": "Ünal said   €4 billion", "author": {"@type": "Organization", "name": "Desk"},
               "datePublished": "2024-03-05T10:00:00Z", "reviewRating": {"ratingValue": "2", "bestRating": "5", "worstRating": "1", "alternateName": "Mostly false"},
               "itemReviewed": {"@type": "Claim", "author": {"name": "Ünal"}, "datePublished": "2024-03-01"}}"#,
            "one.json",
        );
        assert_eq!(r.items, 1);
        assert_eq!(r.skipped, 0, "{r:?}");
        let f = &items[0];
        assert_eq!(f.claim, "Ünal said €4 billion");
        assert_eq!(f.claimant, "Ünal");
        assert_eq!(f.review_date.as_deref(), Some("2024-03-05"));
        assert_eq!(f.claim_date.as_deref(), Some("2024-03-01"));
        assert_eq!(f.rating.value, Some(0.25));
        assert_eq!(f.rating.text, "Mostly false");
    }

    #[test]
    fn bad_records_are_counted_not_fatal() {
        let text = "{\"url\": \"https://a.example/1\", \"claimReviewed\": \"one\"}\nnot json\n{\"claimReviewed\": \"no url\"}\n{\"url\": \"https://a.example/2\"}\n{\"url\": \"https://a.example/3\", \"claimReviewed\": \"three\"}\n";
        let (items, r) = read(text, "feed.txt");
        assert_eq!(r.format, FeedFormat::JsonLines);
        assert_eq!(
            items.iter().map(|f| f.url.as_str()).collect::<Vec<_>>(),
            ["https://a.example/1", "https://a.example/3"]
        );
        assert_eq!(r.skipped, 3);
        assert_eq!(r.reasons.get("not JSON"), Some(&1));
        assert_eq!(r.reasons.get("no url"), Some(&1));
        assert_eq!(r.reasons.get("not a ClaimReview"), Some(&1));
    }

    #[test]
    fn a_syntax_error_keeps_what_came_before() {
        let text = r#"[{"url": "https://a.example/1", "claimReviewed": "one"}, {"url": "https://a.example/2", "claimReviewed": "#;
        let (items, r) = read(text, "feed.json");
        assert_eq!(items.len(), 1);
        assert!(r.stopped.is_some(), "{r:?}");
    }

    #[test]
    fn no_feed_is_an_error() {
        let err = read_feed_str("hello world", "x.txt".as_ref()).unwrap_err();
        assert!(matches!(err.kind, FeedErrorKind::NotAFeed(_)), "{err}");
        assert!(err.to_string().starts_with("x.txt: "), "{err}");
    }

    #[test]
    fn the_sink_can_stop() {
        let text = r#"[{"url": "https://a.example/1", "claimReviewed": "one"}, {"url": "https://a.example/2", "claimReviewed": "two"}]"#;
        let mut n = 0;
        let err = read_feed(text.as_bytes(), "f.json".as_ref(), &mut |_| {
            n += 1;
            Err(Stop)
        })
        .unwrap_err();
        assert!(matches!(err.kind, FeedErrorKind::Cancelled));
        assert_eq!(n, 1);
    }

    #[test]
    fn a_page_gives_its_canonical_url() {
        let html = r#"<!doctype html><html lang="de"><head><link rel="canonical" href="https://p.example/check">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
            {"@type":"ClaimReview","claimReviewed":"Der Mond ist aus Käse","reviewRating":{"@type":"Rating","alternateName":"Falsch"}}]}</script>
            </head><body><p>x</p></body></html>"#;
        let (items, r) = read(html, "page.html");
        assert_eq!(r.format, FeedFormat::Html);
        assert_eq!(items.len(), 1, "{r:?}");
        assert_eq!(items[0].url, "https://p.example/check");
        assert_eq!(items[0].language, "de");
        assert_eq!(items[0].rating.value, Some(0.0));
    }
}
