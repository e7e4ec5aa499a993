//! Web pages by URL (issue 16), against a server started here on 127.0.0.1 (port 0) that
//! serves fixtures: a news page reached through a redirect, 404, a server that accepts and
//! never answers, a 200 MB body generated while streaming, a PNG, pages in windows-1252,
//! gzip, a redirect loop. No test talks to any other address.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use claimlens::document::{BlockKind, SourceFormat};
use claimlens::io::fetch::{self, FetchError, FetchOptions};
use claimlens::io::{self, ImportErrorKind, web};

/// The news page: navigation, scripts, a cookie banner and a footer around the article;
/// metadata in Open Graph, `article:*` and JSON-LD.
fn news_page(version: usize) -> String {
    let extra = if version > 1 {
        "<p>Update: the ministers will meet again in Zürich on Friday, a spokesperson said.</p>"
    } else {
        ""
    };
    format!(
        r#"<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Allies agree to raise defence spending | The Example Wire</title>
<meta property="og:site_name" content="The Example Wire">
<meta property="og:title" content="Allies agree to raise defence spending">
<meta property="article:published_time" content="2025-02-11T09:30:00Z">
<link rel="canonical" href="/news/allies-agree">
<script>document.write('TRACKING SCRIPT TEXT'); fetch('http://192.0.2.1/beacon');</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"Allies agree to raise defence spending","author":{{"@type":"Person","name":"Zoë Çelik"}},"datePublished":"2025-02-11T09:30:00Z","publisher":{{"@type":"Organization","name":"The Example Wire"}}}}</script>
<link rel="stylesheet" href="http://192.0.2.1/style.css"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World NAVIGATION LINK</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We use cookies. ACCEPT COOKIES</div>
<main><article><h1>Allies agree to raise defence spending</h1>
<p class="byline">By Zoë Çelik</p>
<p>BRUSSELS — Defence ministers of the alliance agreed on Tuesday to raise their military budgets to at least 3.5 percent of gross domestic product by 2030, a target that several members had resisted for months.</p>
<img src="http://192.0.2.1/photo.jpg" alt="Ministers">
<p>“This is the largest increase in a generation,” the secretary general told reporters in Brussels after the talks, which lasted more than nine hours and ended shortly before midnight.</p>
<h2>What comes next</h2>
<p>Finance ministers will now have to find the money. Officials in Berlin, Paris and Rome said the plans would be presented to their parliaments before the summer recess, and that 東京 and Seoul had been briefed.</p>
{extra}
</article></main>
<aside>Most read: FOOTER POPULAR STORY</aside>
<footer>© 2025 The Example Wire. FOOTER COPYRIGHT TEXT. <a href="/privacy">Privacy</a></footer>
<script>console.log('LATE SCRIPT')</script></body></html>"#
    )
}

const LATIN1_PAGE: &[u8] = b"<html><head><title>Caf\xe9 prices up \x96 report</title></head><body><h1>Caf\xe9 prices up \x96 report</h1>\
<p>A coffee in Z\xfcrich now costs \xa35, \x93more than ever\x94, the survey found; prices in Gen\xe8ve rose by 12 percent over the year.</p>\
<p>The survey of 300 caf\xe9s was published on Monday by the consumer office in Bern, which said that rents and wages explained most of the increase.</p></body></html>";

/// 200 MB of HTML, written chunk by chunk while the client reads, never held in memory.
const HUGE_BYTES: u64 = 200 * 1024 * 1024;

struct Server {
    port: u16,
    /// How many times the news page was served (its text changes on the second time).
    news_hits: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().name(name.to_owned()).spawn(f).unwrap();
}

fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let news_hits = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (hits, flag) = (Arc::clone(&news_hits), Arc::clone(&stop));
    spawn("test-server", move || {
        for stream in listener.incoming() {
            if flag.load(Ordering::Relaxed) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let (hits, flag) = (Arc::clone(&hits), Arc::clone(&flag));
            spawn("test-connection", move || handle(stream, &hits, &flag));
        }
    });
    Server { port, news_hits, stop }
}

fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn handle(mut stream: TcpStream, news_hits: &AtomicUsize, stop: &AtomicBool) {
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut user_agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
            break;
        }
        if let Some(ua) = line.strip_prefix("User-Agent: ").or_else(|| line.strip_prefix("user-agent: ")) {
            user_agent = ua.trim().to_owned();
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    match path.as_str() {
        "/old/allies" => respond(&mut stream, "301 Moved Permanently", &[("Location", "/go/allies")], b""),
        "/go/allies" => respond(&mut stream, "302 Found", &[("Location", "/news/allies-agree")], b""),
        "/news/allies-agree" => {
            let n = news_hits.fetch_add(1, Ordering::Relaxed) + 1;
            respond(&mut stream, "200 OK", &[("Content-Type", "text/html; charset=utf-8")], news_page(n).as_bytes());
        }
        "/user-agent" => {
            let page = format!("<html><body><p>{user_agent}</p></body></html>");
            respond(&mut stream, "200 OK", &[("Content-Type", "text/html")], page.as_bytes());
        }
        "/missing" => respond(&mut stream, "404 Not Found", &[("Content-Type", "text/html")], b"<h1>Not here</h1>"),
        "/hang" => {
            // Accept, read the request, never answer (until the test ends).
            let t = Instant::now();
            while !stop.load(Ordering::Relaxed) && t.elapsed() < Duration::from_secs(90) {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        "/huge" | "/huge-announced" => {
            let mut head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n".to_owned();
            if path == "/huge-announced" {
                head.push_str(&format!("Content-Length: {HUGE_BYTES}\r\n"));
            }
            head.push_str("\r\n");
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk =
                "<p>All work and no play makes a very large page that nobody should read whole.</p>\n".repeat(800);
            let mut sent = 0u64;
            while sent < HUGE_BYTES {
                let n = chunk.len().min(usize::try_from(HUGE_BYTES - sent).unwrap());
                if stream.write_all(&chunk.as_bytes()[..n]).is_err() {
                    return; // The client gave up: that is the point.
                }
                sent += n as u64;
            }
        }
        "/photo.png" => {
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "image/png")],
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
            );
        }
        "/latin1" => {
            respond(&mut stream, "200 OK", &[("Content-Type", "text/html; charset=windows-1252")], LATIN1_PAGE);
        }
        "/latin1-meta" => {
            let body = [
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">".as_slice(),
                LATIN1_PAGE,
            ]
            .concat();
            respond(&mut stream, "200 OK", &[("Content-Type", "text/html")], &body);
        }
        "/gzip" => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(news_page(1).as_bytes()).unwrap();
            let body = gz.finish().unwrap();
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
                &body,
            );
        }
        "/loop" => respond(&mut stream, "302 Found", &[("Location", "/loop")], b""),
        "/report.pdf" => {
            let pdf = std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles/wikinews_questionnaire_2023-02-23.pdf"),
            )
            .unwrap();
            respond(&mut stream, "200 OK", &[("Content-Type", "application/pdf")], &pdf);
        }
        _ => respond(&mut stream, "500 Internal Server Error", &[], b""),
    }
    // Drain what the client may still send, then close.
    let mut sink = [0u8; 256];
    let _ = stream.set_read_timeout(Some(Duration::from_millis(10)));
    let _ = stream.read(&mut sink);
}

fn quick() -> FetchOptions {
    FetchOptions {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(3),
        ..FetchOptions::default()
    }
}

fn never() -> AtomicBool {
    AtomicBool::new(false)
}

fn fetch_err(url: &str, options: &FetchOptions) -> (FetchError, Duration) {
    let t = Instant::now();
    let e = fetch::fetch(url, options, &mut |_| {}, &never()).unwrap_err();
    (e, t.elapsed())
}

#[test]
fn a_news_page_behind_redirects_is_its_article_with_provenance() {
    let server = start();
    let before = jiff::Timestamp::now();
    let mut progress = Vec::new();
    let url = server.url("/old/allies");
    let imported = web::import_url(&url, &quick(), &mut |p| progress.push(p.bytes), &never()).unwrap();
    let after = jiff::Timestamp::now();
    let doc = &imported.document;
    doc.validate().unwrap();
    // Only the article.
    for chrome in ["NAVIGATION LINK", "TRACKING SCRIPT", "ACCEPT COOKIES", "FOOTER", "LATE SCRIPT", "console.log"] {
        assert!(!doc.text.contains(chrome), "{chrome:?} in:\n{}", doc.text);
    }
    assert!(doc.text.contains("Defence ministers of the alliance agreed on Tuesday to raise their military budgets to at least 3.5 percent of gross domestic product by 2030"));
    assert!(doc.text.contains("東京 and Seoul had been briefed."));
    assert_eq!(doc.blocks[0].kind, BlockKind::Title);
    assert!(doc.blocks.iter().any(|b| b.kind == BlockKind::Heading(2) && &doc.text[b.span] == "What comes next"));
    // Metadata from the page.
    let m = &doc.meta;
    assert_eq!(m.title.as_deref(), Some("Allies agree to raise defence spending"));
    assert_eq!(m.byline.as_deref(), Some("Zoë Çelik"));
    assert_eq!(m.date.as_deref(), Some("2025-02-11T09:30:00Z"));
    assert_eq!(m.publisher.as_deref(), Some("The Example Wire"));
    assert_eq!(m.url, Some(server.url("/news/allies-agree")), "the relative canonical link, resolved");
    assert_eq!(m.language.as_deref(), Some("en-GB"));
    // Provenance.
    let s = &imported.source;
    assert_eq!(s.format, SourceFormat::Html);
    assert_eq!(s.url.as_deref(), Some(url.as_str()));
    assert_eq!(s.final_url, Some(server.url("/news/allies-agree")));
    let retrieved = s.retrieved.unwrap();
    assert!(before <= retrieved && retrieved <= after);
    assert_eq!(s.sha256, io::sha256_hex(news_page(1).as_bytes()));
    assert_eq!(s.path, None);
    assert_eq!(&*imported.copy.unwrap().bytes, news_page(1).as_bytes());
    assert_eq!(progress.last().copied(), Some(news_page(1).len() as u64));
    assert!(progress.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn the_user_agent_is_honest() {
    let server = start();
    let i = web::import_url(&server.url("/user-agent"), &quick(), &mut |_| {}, &never()).unwrap();
    assert!(i.document.text.starts_with(&format!("ClaimLens/{} (", env!("CARGO_PKG_VERSION"))), "{}", i.document.text);
}

#[test]
fn http_errors_say_their_status() {
    let server = start();
    let (e, _) = fetch_err(&server.url("/missing"), &quick());
    assert_eq!(e.to_string(), "the server answered 404 Not Found");
    let (e, _) = fetch_err(&server.url("/loop"), &quick());
    assert!(matches!(e, FetchError::TooManyRedirects(10)), "{e}");
    // Nothing listens on this port once the listener is gone.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (e, t) = fetch_err(&format!("http://127.0.0.1:{closed}/"), &quick());
    assert!(matches!(e, FetchError::Connect(_)), "{e}");
    assert!(t < Duration::from_secs(3));
}

#[test]
fn a_server_that_never_answers_times_out_in_bounded_time() {
    let server = start();
    let options = FetchOptions { total_timeout: Duration::from_secs(2), ..quick() };
    let (e, t) = fetch_err(&server.url("/hang"), &options);
    assert!(matches!(e, FetchError::Timeout { secs: 2 }), "{e}");
    assert!(e.to_string().contains("timed out"), "{e}");
    assert!(t >= Duration::from_millis(1900) && t < Duration::from_secs(5), "{t:?}");
}

#[test]
fn a_fetch_is_cancelled_at_once() {
    let server = start();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    spawn("canceller", move || {
        std::thread::sleep(Duration::from_millis(300));
        flag.store(true, Ordering::Relaxed);
    });
    let t = Instant::now();
    // Default timeouts (30 s): only the cancel flag can end this quickly.
    let e = fetch::fetch(&server.url("/hang"), &FetchOptions::default(), &mut |_| {}, &cancel).unwrap_err();
    assert!(matches!(e, FetchError::Cancelled), "{e}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    // Cancelling while the body streams.
    let cancel = AtomicBool::new(false);
    let mut seen = 0;
    let e = fetch::fetch(
        &server.url("/huge"),
        &FetchOptions { max_bytes: u64::MAX, ..FetchOptions::default() },
        &mut |p| {
            seen = p.bytes;
            if p.bytes > 1_000_000 {
                cancel.store(true, Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(e, FetchError::Cancelled), "{e}");
    assert!(seen > 1_000_000 && seen < HUGE_BYTES);
}

#[test]
fn an_oversized_body_is_refused_while_streaming() {
    let server = start();
    let limit = 2 * 1024 * 1024;
    let options = FetchOptions { max_bytes: limit, ..quick() };
    let mut max_seen = 0;
    let t = Instant::now();
    let e =
        fetch::fetch(&server.url("/huge"), &options, &mut |p| max_seen = max_seen.max(p.bytes), &never()).unwrap_err();
    assert!(matches!(e, FetchError::TooLarge { limit_bytes } if limit_bytes == limit), "{e}");
    assert!(max_seen <= limit, "never more than the limit is kept: {max_seen}");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    // Announced by Content-Length: refused before the body is read.
    let mut seen = 0;
    let e = fetch::fetch(&server.url("/huge-announced"), &options, &mut |p| seen = p.bytes, &never()).unwrap_err();
    assert!(matches!(e, FetchError::TooLarge { .. }), "{e}");
    assert_eq!(seen, 0);
    assert!(e.to_string().contains("too large"), "{e}");
}

#[test]
fn images_and_other_schemes_are_refused_by_name() {
    let server = start();
    let (e, _) = fetch_err(&server.url("/photo.png"), &quick());
    assert_eq!(e.to_string(), "the server sent an image (image/png), not a web page");
    for (url, scheme) in
        [("file:///etc/passwd", "file"), ("ftp://127.0.0.1/a.txt", "ftp"), ("javascript:alert(1)", "javascript")]
    {
        let (e, t) = fetch_err(url, &quick());
        assert!(matches!(&e, FetchError::Scheme(s) if s == scheme), "{url}: {e}");
        assert!(t < Duration::from_millis(100));
    }
}

#[test]
fn legacy_encodings_declared_by_header_or_meta() {
    let server = start();
    for path in ["/latin1", "/latin1-meta"] {
        let i = web::import_url(&server.url(path), &quick(), &mut |_| {}, &never()).unwrap();
        assert_eq!(i.source.encoding, "windows-1252", "{path}");
        assert!(!i.encoding_guessed, "{path}");
        assert_eq!(i.document.meta.title.as_deref(), Some("Café prices up – report"), "{path}");
        assert!(
            i.document
                .text
                .contains("A coffee in Zürich now costs £5, “more than ever”, the survey found; prices in Genève rose"),
            "{path}: {}",
            i.document.text
        );
    }
}

#[test]
fn gzip_pdf_and_the_location_dispatch() {
    let server = start();
    let i = web::import_url(&server.url("/gzip"), &quick(), &mut |_| {}, &never()).unwrap();
    assert_eq!(i.document.meta.title.as_deref(), Some("Allies agree to raise defence spending"));
    assert_eq!(i.source.sha256, io::sha256_hex(news_page(1).as_bytes()), "the hash is of the page, decoded");
    // A link to a PDF opens as the PDF.
    let loc = io::Location::parse(&server.url("/report.pdf"));
    let i = io::import_location(&loc, &quick(), &mut |_| {}, &never()).unwrap();
    assert_eq!(i.source.format, SourceFormat::Pdf);
    assert_eq!(i.copy.unwrap().extension, "pdf");
    assert!(i.document.text.contains("Gérald Darmanin"));
    // Errors name the address.
    let loc = io::Location::parse(&server.url("/missing"));
    let e = io::import_location(&loc, &quick(), &mut |_| {}, &never()).unwrap_err();
    assert!(matches!(e.kind, ImportErrorKind::Fetch(_)));
    assert_eq!(e.to_string(), format!("{}: the server answered 404 Not Found", server.url("/missing")));
}

fn claimlens(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimlens")).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_project_from_a_url_archives_the_page_and_updates_from_it() {
    let server = start();
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("allies.claimlens.ron");
    let p = project.to_str().unwrap();
    // A failed fetch leaves nothing behind.
    let (ok, _, err) = claimlens(&["project", "new", &server.url("/missing"), "-o", p]);
    assert!(!ok && err.contains("404 Not Found") && err.contains("/missing"), "{err}");
    assert!(!project.exists());
    assert!(!web::sources_dir(&project).exists());
    // The page, through its redirects.
    let (ok, out, err) = claimlens(&["project", "new", &server.url("/old/allies"), "-o", p]);
    assert!(ok, "{err}");
    assert!(out.contains("wrote"), "{out}");
    let loaded = io::project_file::load(&project).unwrap();
    let s = &loaded.source;
    assert_eq!(s.url, Some(server.url("/old/allies")));
    assert_eq!(s.final_url, Some(server.url("/news/allies-agree")));
    assert!(s.retrieved.is_some());
    let archive = s.archive.clone().unwrap();
    assert_eq!(archive, format!("allies.sources/{}.html", s.sha256));
    assert_eq!(std::fs::read(dir.path().join(&archive)).unwrap(), news_page(1).as_bytes());
    assert_eq!(loaded.article_versions[0].source_path, Some(server.url("/news/allies-agree")));
    // The other commands take the URL too.
    let (ok, out, err) = claimlens(&["entities", &server.url("/news/allies-agree")]);
    assert!(ok, "{err}");
    assert!(out.contains("\"Brussels\""), "{out}");
    let (ok, out, err) = claimlens(&["claims", &server.url("/news/allies-agree")]);
    assert!(ok && !out.trim().is_empty(), "{err}");
    // Update from the project's own page (its text changed on the server).
    let (ok, out, err) = claimlens(&["project", "update", p, "--url"]);
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(report["unchanged_text"], false, "{out}");
    assert!(report["chars_added"].as_u64().unwrap() > 50, "{out}");
    let updated = io::project_file::load(&project).unwrap();
    assert!(updated.text().contains("will meet again in Zürich on Friday"));
    assert_eq!(updated.article_versions.len(), 2);
    let new_archive = dir.path().join(updated.source.archive.as_deref().unwrap());
    assert_eq!(std::fs::read(new_archive).unwrap(), news_page(2).as_bytes());
    assert!(dir.path().join(&archive).exists(), "the first version's copy stays");
    // A failed refetch changes nothing.
    let before = std::fs::read(&project).unwrap();
    let (ok, _, err) = claimlens(&["project", "update", p, "--url", &server.url("/photo.png")]);
    assert!(!ok && err.contains("an image (image/png)"), "{err}");
    assert_eq!(std::fs::read(&project).unwrap(), before);
    drop(server);
}

#[test]
fn update_from_url_is_one_undoable_edit() {
    let server = start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u.claimlens.ron");
    let imported = web::import_url(&server.url("/news/allies-agree"), &quick(), &mut |_| {}, &never()).unwrap();
    let mut project = claimlens::project::Project::new(imported.document, imported.source);
    assert_eq!(web::update_url(&project), Some(server.url("/news/allies-agree").as_str()));
    let before = project.clone();
    let update =
        web::update_from_url(&project, &path, None, &quick(), &mut |_| {}, &never(), jiff::Timestamp::now()).unwrap();
    assert!(update.archived.exists());
    assert_eq!(server.news_hits.load(Ordering::Relaxed), 2);
    let undo = update.edit.apply(&mut project).unwrap();
    assert!(project.text().contains("will meet again"));
    assert!(project.source.archive.is_some());
    undo.apply(&mut project).unwrap();
    assert_eq!(project, before);
}
