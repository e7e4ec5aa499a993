//! An HTML page's own metadata: headline, author, publication date, publisher, canonical
//! address and language, from the `<head>` (Open Graph, `article:*`, Dublin Core and the usual
//! `name=` tags), JSON-LD (`schema.org` `NewsArticle` and friends, also inside `@graph`) and a
//! few body elements (`<time datetime>`, `h1`).
//!
//! Used for every HTML article, fetched or local ([`crate::io::html::parse`]). Nothing here
//! resolves or fetches anything: a relative canonical address is made absolute only when the
//! page's own address is known, and only for the simple forms (`/path`, `//host/path`).

use dom_query::Document as Dom;
use serde_json::Value;

use crate::document::ArticleMeta;
use crate::io::plain;

/// `schema.org` types that are articles, most specific first.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Article",
    "ScholarlyArticle",
    "TechArticle",
    "Report",
    "SocialMediaPosting",
];

/// Metadata found in the page, each field from the first source that has it. `page_url` is
/// where the page was fetched from (for relative canonical links), if known.
///
/// The title is the headline only: a site name appended to it (" | Site", " - Site") is cut
/// when the site is known (`og:site_name`, JSON-LD `publisher`) or the page's `h1` is the part
/// before the separator.
///
/// # Example
/// ```
/// use claimlens::io::page_meta::page_meta;
/// let page = r#"<html lang="en-GB"><head><title>Allies meet | The Daily Wire Service</title>
///   <meta property="og:site_name" content="The Daily Wire Service">
///   <meta name="author" content="By Zoë Çelik">
///   <meta property="article:published_time" content="2025-02-11T09:00:00Z">
///   <link rel="canonical" href="/news/allies-meet"></head><body><h1>Allies meet</h1></body></html>"#;
/// let meta = page_meta(page, Some("https://example.org/amp/allies?utm=x"));
/// assert_eq!(meta.title.as_deref(), Some("Allies meet"));
/// assert_eq!(meta.byline.as_deref(), Some("Zoë Çelik"));
/// assert_eq!(meta.date.as_deref(), Some("2025-02-11T09:00:00Z"));
/// assert_eq!(meta.publisher.as_deref(), Some("The Daily Wire Service"));
/// assert_eq!(meta.url.as_deref(), Some("https://example.org/news/allies-meet"));
/// assert_eq!(meta.language.as_deref(), Some("en-GB"));
/// ```
#[must_use]
pub fn page_meta(html: &str, page_url: Option<&str>) -> ArticleMeta {
    std::panic::catch_unwind(|| page_meta_of(&Dom::from(html), page_url)).unwrap_or_default()
}

/// [`page_meta`] on a parsed page (before any element is removed from it: JSON-LD lives in
/// `<script>` elements).
#[must_use]
pub fn page_meta_of(dom: &Dom, page_url: Option<&str>) -> ArticleMeta {
    let metas = MetaTags::read(dom);
    let ld = json_ld(dom);
    let h1 = first_text(dom, "h1");
    let publisher = metas
        .get(&["og:site_name"])
        .or_else(|| ld.as_ref().and_then(|o| publisher_name(o.get("publisher")?)))
        .or_else(|| metas.get(&["application-name", "dc.publisher", "dcterms.publisher"]));
    let raw_title = metas
        .get(&["og:title"])
        .or_else(|| ld.as_ref().and_then(|o| ld_string(o, "headline").or_else(|| ld_string(o, "name"))))
        .or_else(|| metas.get(&["twitter:title", "dc.title", "dcterms.title", "parsely-title", "sailthru.title"]))
        .or_else(|| first_text(dom, "title"))
        .or_else(|| h1.clone());
    let title = raw_title.map(|t| clean_title(&t, publisher.as_deref(), h1.as_deref())).filter(|t| !t.is_empty());
    let byline = metas
        .get(&[
            "author",
            "byl",
            "dc.creator",
            "dcterms.creator",
            "parsely-author",
            "sailthru.author",
            "citation_author",
        ])
        .or_else(|| metas.get(&["article:author"]).filter(|a| !looks_like_url(a)))
        .or_else(|| ld.as_ref().and_then(|o| names(o.get("author")?)))
        .map(|b| plain::byline(&b).map_or(b, |(names, _)| names));
    let date = metas
        .get(&["article:published_time", "og:published_time", "published_time"])
        .or_else(|| ld.as_ref().and_then(|o| ld_string(o, "datePublished").or_else(|| ld_string(o, "dateCreated"))))
        .or_else(|| {
            metas.get(&[
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "publication_date",
                "dc.date",
                "dc.date.issued",
                "dcterms.date",
                "dcterms.issued",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
                "citation_publication_date",
            ])
        })
        .or_else(|| {
            attr(dom, "[itemprop=datePublished]", "content")
                .or_else(|| attr(dom, "[itemprop=datePublished]", "datetime"))
        })
        .or_else(|| attr(dom, "time[datetime]", "datetime"));
    let url = link_canonical(dom)
        .or_else(|| metas.get(&["og:url"]))
        .or_else(|| ld.as_ref().and_then(|o| ld_string(o, "url").or_else(|| main_entity_url(o))))
        .and_then(|u| absolute_url(&u, page_url));
    let language = attr(dom, "html", "lang")
        .or_else(|| metas.get(&["content-language", "dc.language", "dcterms.language"]))
        .or_else(|| ld.as_ref().and_then(|o| ld_string(o, "inLanguage")))
        .or_else(|| metas.get(&["og:locale"]).map(|l| l.replace('_', "-")));
    let clean = |s: Option<String>| s.map(|s| collapse(&s)).filter(|s| !s.is_empty());
    ArticleMeta {
        title: clean(title),
        publisher: clean(publisher),
        byline: clean(byline),
        date: clean(date),
        url: clean(url),
        language: clean(language),
    }
}

/// The page's `<meta>` tags: `property=`/`name=`/`http-equiv=` (lower-case) → `content`, first
/// occurrence kept.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(dom: &Dom) -> Self {
        let mut tags = Vec::new();
        let Some(sel) = dom.try_select("meta[content]") else { return Self(tags) };
        for node in sel.nodes() {
            let Some(content) = node.attr("content") else { continue };
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            for key in ["property", "name", "http-equiv", "itemprop"] {
                if let Some(k) = node.attr(key) {
                    // `property` may hold several space-separated names (RDFa).
                    for k in k.split_whitespace() {
                        tags.push((k.to_ascii_lowercase(), content.to_owned()));
                    }
                }
            }
        }
        Self(tags)
    }

    /// The first tag with one of `keys`, in the order of `keys`.
    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.0.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone()))
    }
}

/// The JSON-LD object describing the article: the first of an article type (in the order of
/// [`ARTICLE_TYPES`]), else the first `WebPage`, searched in every `ld+json` script, in
/// arrays and in `@graph`.
fn json_ld(dom: &Dom) -> Option<Value> {
    let sel = dom.try_select("script[type]")?;
    let mut objects = Vec::new();
    for node in sel.nodes() {
        let kind = node.attr("type").map(|t| t.to_ascii_lowercase()).unwrap_or_default();
        if kind.trim() != "application/ld+json" {
            continue;
        }
        let text = node.text();
        let text = text.trim().trim_start_matches("<!--").trim_end_matches("-->").trim();
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            collect_objects(v, &mut objects, 0);
        }
    }
    let has_type = |o: &Value, t: &str| match o.get("@type") {
        Some(Value::String(s)) => s.rsplit('/').next() == Some(t),
        Some(Value::Array(a)) => a.iter().any(|s| s.as_str().and_then(|s| s.rsplit('/').next()) == Some(t)),
        _ => false,
    };
    ARTICLE_TYPES
        .iter()
        .chain(&["WebPage"])
        .find_map(|t| objects.iter().position(|o| has_type(o, t)))
        .map(|i| objects.swap_remove(i))
}

fn collect_objects(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 || out.len() > 256 {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1);
            }
        }
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                collect_objects(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

/// A string field of a JSON-LD object (the first, if it is an array of strings).
fn ld_string(o: &Value, key: &str) -> Option<String> {
    match o.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(|v| v.as_str().map(str::to_owned)),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

/// Author names from a JSON-LD `author`: a string, an object with `name`, or an array of
/// either, joined with ", ".
fn names(v: &Value) -> Option<String> {
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Object(_) => v.get("name").and_then(Value::as_str).map(|s| s.trim().to_owned()),
        _ => None,
    };
    let list: Vec<String> = match v {
        Value::Array(a) => a.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    };
    let list: Vec<String> = list.into_iter().filter(|n| !n.is_empty() && !looks_like_url(n)).collect();
    (!list.is_empty()).then(|| list.join(", "))
}

/// A JSON-LD `publisher`: a string or an object (or array of them) with `name`.
fn publisher_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(_) => v.get("name").and_then(Value::as_str).map(str::to_owned),
        Value::Array(a) => a.iter().find_map(publisher_name),
        _ => None,
    }
    .filter(|s| !s.trim().is_empty())
}

fn main_entity_url(o: &Value) -> Option<String> {
    match o.get("mainEntityOfPage")? {
        Value::String(s) => Some(s.clone()),
        v @ Value::Object(_) => v.get("@id").or_else(|| v.get("url")).and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn link_canonical(dom: &Dom) -> Option<String> {
    let sel = dom.try_select("link[rel][href]")?;
    sel.nodes().iter().find_map(|n| {
        let rel = n.attr("rel")?.to_ascii_lowercase();
        if rel.split_whitespace().any(|r| r == "canonical") { n.attr("href").map(|h| h.to_string()) } else { None }
    })
}

fn looks_like_url(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//") || s.starts_with('/')
}

/// `u` if it is an absolute http(s) address; `/path` and `//host/path` made absolute against
/// `base`; anything else dropped.
fn absolute_url(u: &str, base: Option<&str>) -> Option<String> {
    let u = u.trim();
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(u.to_owned());
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    if let Some(host_path) = u.strip_prefix("//") {
        return Some(format!("{scheme}://{host_path}"));
    }
    if u.starts_with('/') {
        let host = rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty())?;
        return Some(format!("{scheme}://{host}{u}"));
    }
    None
}

fn first_text(dom: &Dom, selector: &str) -> Option<String> {
    let sel = dom.try_select(selector)?;
    let node = sel.nodes().first()?;
    Some(collapse(&node.text())).filter(|t| !t.is_empty())
}

fn attr(dom: &Dom, selector: &str, name: &str) -> Option<String> {
    let sel = dom.try_select(selector)?;
    sel.nodes().iter().find_map(|n| n.attr(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Site names that pages append to their titles.
const SITE_SUFFIXES: &[&str] =
    &["Wikipedia", "Wikipedia, the free encyclopedia", "Wikinews", "Wikinews, the free news source"];

/// The headline from a page title: without the site name ("New Zealand - Wikipedia",
/// "Allies meet | The Daily"), or the page's `h1` when the title starts with it.
pub(crate) fn clean_title(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    let title = collapse_ws(title);
    let site = site.map(str::trim).filter(|s| !s.is_empty());
    for sep in [" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " : "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail = tail.trim();
            let is_site = site.is_some_and(|s| s.eq_ignore_ascii_case(tail))
                || SITE_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(tail));
            if is_site && !head.trim().is_empty() {
                return head.trim().to_owned();
            }
        }
    }
    if let Some(h1) = h1.map(str::trim).filter(|h| !h.is_empty())
        && title.len() > h1.len()
        && title.starts_with(h1)
        && site.is_none_or(|s| !s.eq_ignore_ascii_case(h1))
    {
        return h1.to_owned();
    }
    title
}

/// HTML whitespace (not no-break spaces) collapsed to single spaces.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r', '\x0c']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_authors_in_every_shape() {
        let page = |author: &str| {
            format!(
                r#"<html><head><script type="application/ld+json">{{"@context":"https://schema.org","@graph":[
                {{"@type":"WebSite","name":"Site"}},
                {{"@type":["NewsArticle"],"headline":"Kyiv talks resume","author":{author},
                  "datePublished":"2024-03-01T10:00:00+01:00","publisher":{{"@type":"Organization","name":"Wire Co"}},
                  "mainEntityOfPage":{{"@id":"https://wire.example/kyiv"}},"inLanguage":"uk"}}]}}</script></head><body></body></html>"#
            )
        };
        let m = page_meta(&page(r#""Олена Петренко""#), None);
        assert_eq!(m.byline.as_deref(), Some("Олена Петренко"));
        assert_eq!(m.title.as_deref(), Some("Kyiv talks resume"));
        assert_eq!(m.date.as_deref(), Some("2024-03-01T10:00:00+01:00"));
        assert_eq!(m.publisher.as_deref(), Some("Wire Co"));
        assert_eq!(m.url.as_deref(), Some("https://wire.example/kyiv"));
        assert_eq!(m.language.as_deref(), Some("uk"));
        let m = page_meta(&page(r#"{"@type":"Person","name":"Jane Roe"}"#), None);
        assert_eq!(m.byline.as_deref(), Some("Jane Roe"));
        let m = page_meta(&page(r#"[{"@type":"Person","name":"Jane Roe"},"John Doe",{"url":"https://x"}]"#), None);
        assert_eq!(m.byline.as_deref(), Some("Jane Roe, John Doe"));
    }

    #[test]
    fn head_tags_and_fallbacks() {
        let page = r#"<html><head><title>Budget vote delayed - Example News</title>
            <meta property="og:url" content="https://news.example/budget">
            <meta property="article:author" content="https://news.example/staff/jane">
            <meta property="og:locale" content="fr_FR"></head>
            <body><h1>Budget vote delayed</h1><p>By <time datetime="2025-06-01">June 1</time></p></body></html>"#;
        let m = page_meta(page, None);
        // No site name known: the h1 tells where the headline ends.
        assert_eq!(m.title.as_deref(), Some("Budget vote delayed"));
        // An author URL is not a name.
        assert_eq!(m.byline, None);
        assert_eq!(m.date.as_deref(), Some("2025-06-01"));
        assert_eq!(m.url.as_deref(), Some("https://news.example/budget"));
        assert_eq!(m.language.as_deref(), Some("fr-FR"));
    }

    #[test]
    fn relative_canonical_needs_a_base() {
        assert_eq!(absolute_url("/a/b", Some("https://x.example/c?d")), Some("https://x.example/a/b".to_owned()));
        assert_eq!(absolute_url("//cdn.example/a", Some("http://x.example/")), Some("http://cdn.example/a".to_owned()));
        assert_eq!(absolute_url("/a/b", None), None);
        assert_eq!(absolute_url("a/b", Some("https://x.example/c/")), None);
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let m = page_meta(
            r#"<head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><title>Fine</title></head>"#,
            None,
        );
        assert_eq!(m.title.as_deref(), Some("Fine"));
    }
}
