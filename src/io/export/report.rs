//! A readable report, in Markdown or HTML: the article's title and source, the claims grouped
//! by status and verdict (the quote, then every other field of the claim's
//! [`ClaimRecord`] with its label: claimant, type, evidence links, notes, tags, …), the
//! orphaned annotations, and a summary of the entities.
//!
//! Both renderings come from one `Report` value, so they cannot disagree. All article and
//! user text is escaped: Markdown punctuation is backslash-escaped, HTML gets `&<>"'` as
//! entities, and only `http(s)` evidence links become links.

use serde_json::Value;

use super::record::{ClaimRecord, FIELDS, Shape, cell, items};

/// The record field shown as the claim's block quote rather than as a detail.
const QUOTE_KEY: &str = "quote";
use crate::document::offsets::CharIndex;
use crate::nlp::EntityLabel;
use crate::project::{Claim, ClaimStatus, OrphanAnnotation, Project, Verdict};

/// One detail of a claim, rendered by the Markdown and HTML writers.
enum Item {
    /// Text (may hold line breaks).
    Text(String),
    /// A list shown as code chips (tags).
    Codes(Vec<String>),
    /// A list of links (evidence); only web links become links.
    Links(Vec<String>),
}

/// Every field of the claim's [`ClaimRecord`] but the quote (shown as the block quote), with
/// its label, in [`FIELDS`] order; the offsets as one "Characters" detail; empty values left
/// out.
fn details(c: &Claim, index: &CharIndex<'_>) -> Vec<(&'static str, Item)> {
    let values = ClaimRecord::from_claim(c, index).to_map();
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for f in FIELDS {
        let value = values.get(f.key).unwrap_or(&Value::Null);
        if f.key == QUOTE_KEY {
            continue;
        }
        match f.shape {
            Shape::Offset => {
                offsets.push(cell(value));
                if offsets.len() == 2 {
                    out.push(("Characters", Item::Text(format!("{}–{}", offsets[0], offsets[1]))));
                }
            }
            Shape::List => {
                let list = items(value);
                if !list.is_empty() {
                    out.push((f.label, Item::Codes(list)));
                }
            }
            Shape::Links => {
                let list = items(value);
                if !list.is_empty() {
                    out.push((f.label, Item::Links(list)));
                }
            }
            Shape::Text | Shape::Choice | Shape::Time => {
                let text = cell(value);
                if !text.trim().is_empty() {
                    out.push((f.label, Item::Text(text)));
                }
            }
        }
    }
    out
}

/// The report's content, before rendering.
struct Report<'a> {
    /// The article's code point index (for the claims' offsets).
    index: CharIndex<'a>,
    title: String,
    source: Vec<(&'static str, String)>,
    /// (heading, claims) in status order, then verdict order.
    groups: Vec<(String, Vec<&'a Claim>)>,
    orphans: Vec<String>,
    /// (label, [(name, mentions)]) in legend order.
    entities: Vec<(EntityLabel, Vec<(String, usize)>)>,
}

fn report(project: &Project) -> Report<'_> {
    let meta = &project.document.meta;
    let title = project.document.display_title().unwrap_or("(untitled article)").to_owned();
    let mut source = Vec::new();
    for (k, v) in [
        ("Publisher", &meta.publisher),
        ("By", &meta.byline),
        ("Date", &meta.date),
        ("URL", &meta.url),
        ("File", &project.source.path),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
            source.push((k, v.to_owned()));
        }
    }
    if !project.source.sha256.is_empty() {
        source.push(("SHA-256", project.source.sha256.clone()));
    }
    if project.article_versions.len() > 1 {
        source.push((
            "Version",
            format!("{} ({} updates re-anchored)", project.article_versions.len(), project.article_versions.len() - 1),
        ));
    }
    let mut groups = Vec::new();
    for status in ClaimStatus::ALL {
        let of_status: Vec<&Claim> = project.claims.iter().filter(|c| c.status == *status).collect();
        if of_status.is_empty() {
            continue;
        }
        let verdicts: Vec<Option<Verdict>> = Verdict::ALL.iter().copied().map(Some).chain([None]).collect();
        for v in verdicts {
            let claims: Vec<&Claim> = of_status.iter().copied().filter(|c| c.verdict == v).collect();
            if claims.is_empty() {
                continue;
            }
            let heading = match v {
                Some(v) => format!("{} — {}", capitalize(status.name()), v.name()),
                None if *status == ClaimStatus::Checked => format!("{} — no verdict", capitalize(status.name())),
                None => capitalize(status.name()),
            };
            groups.push((heading, claims));
        }
    }
    let orphans = project
        .orphans
        .iter()
        .map(|o| match &o.annotation {
            OrphanAnnotation::Claim(c) => format!("claim {}: “{}”", c.id, o.quote),
            OrphanAnnotation::Correction(_) => format!("entity correction: “{}”", o.quote),
        })
        .collect();
    let mut entities: Vec<(EntityLabel, Vec<(String, usize)>)> = Vec::new();
    for e in project.entities.canonical(project.text()) {
        let count = e.count();
        match entities.iter_mut().find(|(l, _)| *l == e.label) {
            Some((_, list)) => list.push((e.name, count)),
            None => entities.push((e.label, vec![(e.name, count)])),
        }
    }
    entities.sort_by_key(|(l, _)| EntityLabel::ALL.iter().position(|x| x == l));
    for (_, list) in &mut entities {
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    Report { index: CharIndex::new(project.text()), title, source, groups, orphans, entities }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn is_web_link(s: &str) -> bool {
    let l = s.trim().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

/// Backslash-escape Markdown punctuation so article text renders as itself.
#[must_use]
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '{' | '}' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape text for HTML element content and quoted attribute values.
#[must_use]
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The report as Markdown (`CommonMark`).
#[must_use]
pub fn markdown(project: &Project) -> String {
    use std::fmt::Write as _;
    let r = report(project);
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", escape_markdown(&r.title));
    for (k, v) in &r.source {
        let _ = writeln!(s, "- **{k}:** {}", escape_markdown(v));
    }
    let _ = writeln!(s, "\n## Claims ({})\n", project.claims.len());
    if r.groups.is_empty() {
        s.push_str("No claims tagged.\n\n");
    }
    for (heading, claims) in &r.groups {
        let _ = writeln!(s, "### {} ({})\n", escape_markdown(heading), claims.len());
        for c in claims {
            for line in c.quote.lines() {
                let _ = writeln!(s, "> {}", escape_markdown(line));
            }
            s.push('\n');
            for (label, item) in details(c, &r.index) {
                match item {
                    Item::Text(v) if v.contains('\n') => {
                        let _ = writeln!(s, "- **{label}:**");
                        for line in v.lines() {
                            let _ = writeln!(s, "  {}  ", escape_markdown(line));
                        }
                    }
                    Item::Text(v) => {
                        let _ = writeln!(s, "- **{label}:** {}", escape_markdown(&v));
                    }
                    Item::Codes(list) => {
                        let codes: Vec<String> = list.iter().map(|t| format!("`{}`", t.replace('`', "'"))).collect();
                        let _ = writeln!(s, "- **{label}:** {}", codes.join(", "));
                    }
                    Item::Links(list) => {
                        let _ = writeln!(s, "- **{label}:**");
                        for e in list {
                            if is_web_link(&e) {
                                let _ = writeln!(s, "  - <{}>", e.trim().replace(['<', '>', ' '], ""));
                            } else {
                                let _ = writeln!(s, "  - {}", escape_markdown(&e));
                            }
                        }
                    }
                }
            }
            s.push('\n');
        }
    }
    if !r.orphans.is_empty() {
        let _ = writeln!(s, "## Orphaned annotations ({})\n", r.orphans.len());
        s.push_str("Annotations whose text is no longer in the article:\n\n");
        for o in &r.orphans {
            let _ = writeln!(s, "- {}", escape_markdown(o));
        }
        s.push('\n');
    }
    s.push_str("## Entities\n\n");
    if r.entities.is_empty() {
        s.push_str("No entities.\n");
    }
    for (label, list) in &r.entities {
        let items: Vec<String> = list.iter().map(|(n, k)| format!("{} ({k})", escape_markdown(n))).collect();
        let _ = writeln!(s, "- **{}:** {}", label.display_name(), items.join(", "));
    }
    s
}

/// The report as one self-contained HTML page.
#[must_use]
pub fn html(project: &Project) -> String {
    use std::fmt::Write as _;
    let r = report(project);
    let e = escape_html;
    let mut s = String::new();
    let lang = project.document.meta.language.as_deref().unwrap_or("en");
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
         body{{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.5}}\n\
         blockquote{{border-left:4px solid #888;margin:0;padding-left:1em}}\n\
         dt{{font-weight:bold}}\n</style>\n</head>\n<body>",
        e(lang),
        e(&r.title)
    );
    let _ = writeln!(s, "<h1>{}</h1>", e(&r.title));
    if !r.source.is_empty() {
        s.push_str("<dl class=\"source\">\n");
        for (k, v) in &r.source {
            if *k == "URL" && is_web_link(v) {
                let _ = writeln!(s, "<dt>{k}</dt><dd><a href=\"{0}\">{0}</a></dd>", e(v.trim()));
            } else {
                let _ = writeln!(s, "<dt>{k}</dt><dd>{}</dd>", e(v));
            }
        }
        s.push_str("</dl>\n");
    }
    let _ = writeln!(s, "<h2>Claims ({})</h2>", project.claims.len());
    if r.groups.is_empty() {
        s.push_str("<p>No claims tagged.</p>\n");
    }
    for (heading, claims) in &r.groups {
        let _ = writeln!(s, "<h3>{} ({})</h3>", e(heading), claims.len());
        for c in claims {
            let _ = writeln!(s, "<article class=\"claim\" id=\"claim-{}\">", c.id.0);
            let _ = writeln!(s, "<blockquote>{}</blockquote>", e(&c.quote).replace('\n', "<br>\n"));
            s.push_str("<dl>\n");
            for (label, item) in details(c, &r.index) {
                match item {
                    Item::Text(v) => {
                        let _ = writeln!(s, "<dt>{label}</dt><dd>{}</dd>", e(&v).replace('\n', "<br>\n"));
                    }
                    Item::Codes(list) => {
                        let codes: Vec<String> = list.iter().map(|t| format!("<code>{}</code>", e(t))).collect();
                        let _ = writeln!(s, "<dt>{label}</dt><dd>{}</dd>", codes.join(", "));
                    }
                    Item::Links(list) => {
                        let _ = writeln!(s, "<dt>{label}</dt><dd><ul>");
                        for link in list {
                            if is_web_link(&link) {
                                let _ = writeln!(s, "<li><a href=\"{0}\">{0}</a></li>", e(link.trim()));
                            } else {
                                let _ = writeln!(s, "<li>{}</li>", e(&link));
                            }
                        }
                        s.push_str("</ul></dd>\n");
                    }
                }
            }
            s.push_str("</dl>\n</article>\n");
        }
    }
    if !r.orphans.is_empty() {
        let _ = writeln!(s, "<h2>Orphaned annotations ({})</h2>\n<ul>", r.orphans.len());
        for o in &r.orphans {
            let _ = writeln!(s, "<li>{}</li>", e(o));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("<h2>Entities</h2>\n");
    if r.entities.is_empty() {
        s.push_str("<p>No entities.</p>\n");
    } else {
        s.push_str("<dl class=\"entities\">\n");
        for (label, list) in &r.entities {
            let items: Vec<String> = list.iter().map(|(n, k)| format!("{} ({k})", e(n))).collect();
            let _ = writeln!(s, "<dt>{}</dt><dd>{}</dd>", e(label.display_name()), items.join(", "));
        }
        s.push_str("</dl>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}
