//! Web pages by URL: one bounded, cancellable HTTP GET.
//!
//! [`fetch`] downloads one address with `ureq` (rustls, no system TLS library) and nothing
//! else: no script is run, no image, style sheet or frame is requested, no cookie is kept.
//! Everything that can go wrong ends in a [`FetchError`] that says what happened in words:
//!
//! - only `http:` and `https:` addresses are fetched (`file:`, `ftp:`, `javascript:`, `data:`
//!   and the rest are refused before any connection);
//! - redirects are followed up to [`FetchOptions::max_redirects`]; the final address is kept;
//! - connecting and the whole exchange (redirects and body included) have time limits
//!   ([`FetchOptions::connect_timeout`], [`FetchOptions::total_timeout`]), enforced twice: by
//!   `ureq` on the socket and by the calling thread, which gives up at the deadline even if the
//!   network call is stuck, so a refusal always comes in bounded time;
//! - the body is streamed in chunks and refused as soon as it passes
//!   [`FetchOptions::max_bytes`] (also when a `Content-Length` announces more), so a huge or
//!   endless response never sits in memory; gzip-encoded bodies are decoded while streaming and
//!   the limit applies to the decoded bytes;
//! - HTTP errors are reported with their status ("404 Not Found"); images, sound, video,
//!   fonts, scripts and other things that are not documents are refused by name from their
//!   `Content-Type` before the body is read;
//! - the calling thread reports progress (bytes so far) through a callback and checks a cancel
//!   flag every 50 ms: cancelling returns at once.
//!
//! The network work runs on a helper thread; the caller's thread only waits, relays progress
//! and watches the flag and the clock. A cancelled or timed-out helper stops at its next read
//! or at `ureq`'s own timeout, whichever comes first.

use std::io::Read as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use ureq::ResponseExt as _;

/// Bodies larger than this are refused while streaming (20 MiB).
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// How long connecting may take by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the whole exchange (redirects, headers and body) may take by default.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(30);

/// The number of redirects followed by default.
pub const DEFAULT_MAX_REDIRECTS: u32 = 10;

/// How often the waiting thread looks at the cancel flag and the clock.
const POLL: Duration = Duration::from_millis(50);

/// Bytes read from the network per step.
const CHUNK_BYTES: usize = 64 * 1024;

/// Limits and identity of a fetch. [`Default`] gives the documented defaults; tests shorten
/// the timeouts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchOptions {
    /// Time allowed to connect (DNS, TCP, TLS).
    pub connect_timeout: Duration,
    /// Time allowed for everything, from the first connection to the last byte of the body.
    pub total_timeout: Duration,
    /// The largest body accepted, in bytes (after gzip decoding).
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// The `User-Agent` header sent.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            max_bytes: DEFAULT_MAX_BYTES,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            user_agent: user_agent(),
        }
    }
}

/// The honest `User-Agent`: `ClaimLens/<version>` and what it is (the repository address once
/// `Cargo.toml` names one).
#[must_use]
pub fn user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match env!("CARGO_PKG_REPOSITORY") {
        "" => format!("ClaimLens/{version} (reader and annotator for news articles)"),
        repo => format!("ClaimLens/{version} (+{repo})"),
    }
}

/// How far a download has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Body bytes received so far (decoded).
    pub bytes: u64,
    /// The size the server announced (`Content-Length`), if it did and the body is not
    /// compressed.
    pub total: Option<u64>,
}

/// A fetched response, complete and within the limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The address asked for (as given, trimmed).
    pub requested_url: String,
    /// The address the body came from, after redirects.
    pub final_url: String,
    /// The media type from `Content-Type`, lower-case, without parameters (`text/html`).
    pub content_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, if any.
    pub charset: Option<String>,
    /// The body (gzip already decoded).
    pub body: Vec<u8>,
    /// When the body was complete.
    pub retrieved: jiff::Timestamp,
}

/// Why a web page could not be fetched. The messages are for people: they say what happened
/// and, where it helps, what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// Not a web address at all.
    #[error("not a web address ({0})")]
    BadUrl(String),
    /// A scheme other than http and https.
    #[error("only http and https links can be opened, not {0}: links")]
    Scheme(String),
    /// Connecting took too long.
    #[error("timed out: could not connect to the server within {secs} s")]
    ConnectTimeout {
        /// The limit.
        secs: u64,
    },
    /// The whole exchange took too long.
    #[error("timed out: the server did not send the page within {secs} s")]
    Timeout {
        /// The limit.
        secs: u64,
    },
    /// The host name does not resolve.
    #[error("the server {0} was not found (check the address and the network connection)")]
    HostNotFound(String),
    /// The connection failed (refused, reset, unreachable network, …).
    #[error("could not connect to the server: {0}")]
    Connect(String),
    /// The server answered with an error status.
    #[error("the server answered {code} {reason}")]
    Status {
        /// The HTTP status code.
        code: u16,
        /// Its standard reason phrase ("Not Found").
        reason: String,
    },
    /// The response is not a document (an image, a video, a font, …).
    #[error("the server sent {what} ({content_type}), not a web page")]
    NotAPage {
        /// What it is, in words ("an image").
        what: &'static str,
        /// The `Content-Type` it came with.
        content_type: String,
    },
    /// The body is larger than [`FetchOptions::max_bytes`].
    #[error("the page is too large (more than {limit_bytes} bytes); nothing was kept")]
    TooLarge {
        /// The limit.
        limit_bytes: u64,
    },
    /// More redirects than [`FetchOptions::max_redirects`].
    #[error("the address redirects more than {0} times")]
    TooManyRedirects(u32),
    /// A TLS (https) failure: an untrusted or expired certificate, an old protocol.
    #[error("the secure connection failed: {0}")]
    Tls(String),
    /// The server broke the HTTP protocol or the connection while sending.
    #[error("the download failed: {0}")]
    Transfer(String),
    /// The caller cancelled.
    #[error("cancelled")]
    Cancelled,
}

/// True if `s` is written as a URL (`scheme:` of two or more letters followed by `//`, or one
/// of the schemes people paste: `javascript:`, `data:`, `mailto:`, …) rather than a file path.
/// `C:\news.txt` is a path.
///
/// # Example
/// ```
/// use claimlens::io::fetch::is_url;
/// assert!(is_url("https://example.org/a"));
/// assert!(is_url("file:///tmp/a.html"));
/// assert!(is_url("javascript:alert(1)"));
/// assert!(!is_url("news/a.html"));
/// assert!(!is_url("C:\\news\\a.html"));
/// assert!(!is_url("-"));
/// ```
#[must_use]
pub fn is_url(s: &str) -> bool {
    let s = s.trim();
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let valid = scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid
        && (rest.starts_with("//")
            || matches!(scheme.to_ascii_lowercase().as_str(), "javascript" | "data" | "mailto" | "about" | "blob"))
}

/// Check that `url` is an absolute http or https address and return it ready to send: trimmed,
/// with spaces and non-ASCII characters in the path and query percent-encoded (as browsers do).
///
/// # Errors
/// [`FetchError::Scheme`] for other schemes, [`FetchError::BadUrl`] for anything else.
///
/// # Example
/// ```
/// use claimlens::io::fetch::checked_url;
/// assert_eq!(checked_url(" https://example.org/news/zürich ").unwrap(), "https://example.org/news/z%C3%BCrich");
/// assert_eq!(checked_url("ftp://example.org/x").unwrap_err().to_string(), "only http and https links can be opened, not ftp: links");
/// assert!(checked_url("https://").is_err());
/// ```
pub fn checked_url(url: &str) -> Result<String, FetchError> {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(FetchError::BadUrl(url.to_owned()));
    };
    let lower = scheme.to_ascii_lowercase();
    if lower != "http" && lower != "https" {
        if is_url(url) {
            return Err(FetchError::Scheme(lower));
        }
        return Err(FetchError::BadUrl(url.to_owned()));
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Err(FetchError::BadUrl(url.to_owned()));
    };
    let host_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let host = &after[..host_end];
    if host.is_empty() || !host.is_ascii() || host.contains(char::is_whitespace) {
        let why = if host.is_ascii() { "no server name" } else { "write the server name in its ASCII (xn--) form" };
        return Err(FetchError::BadUrl(format!("{url}: {why}")));
    }
    // The fragment is never sent.
    let tail = after[host_end..].split('#').next().unwrap_or("");
    let mut out = format!("{lower}://{host}");
    for c in tail.chars() {
        if c.is_ascii() && !c.is_ascii_whitespace() && !c.is_ascii_control() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if out.parse::<ureq::http::Uri>().is_err() {
        return Err(FetchError::BadUrl(url.to_owned()));
    }
    Ok(out)
}

/// Messages from the network thread to the waiting one.
enum Msg {
    Progress(Progress),
    Done(Result<Fetched, FetchError>),
}

/// Fetch `url`: one GET, redirects followed, the body streamed within the limits of `options`.
///
/// `progress` is called on the calling thread with the bytes received so far; `cancel` is
/// checked every 50 ms and while streaming: when it becomes true, [`FetchError::Cancelled`]
/// is returned at once. Safe to call from a worker thread (the window does).
///
/// # Errors
/// A [`FetchError`] that says what happened: bad address or scheme, timeout, unknown host,
/// refused connection, HTTP error status, not a document, too large, too many redirects,
/// TLS failure, cancelled.
pub fn fetch(
    url: &str,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> Result<Fetched, FetchError> {
    let requested = url.trim().to_owned();
    let target = checked_url(&requested)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(FetchError::Cancelled);
    }
    let (tx, rx) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let worker_stop = Arc::clone(&stop);
    let worker_options = options.clone();
    let started = Instant::now();
    std::thread::Builder::new()
        .name("claimlens-fetch".to_owned())
        .spawn(move || {
            let result = run(&target, requested, &worker_options, &tx, &worker_stop);
            // The waiting side may have given up already: nothing to do then.
            let _ = tx.send(Msg::Done(result));
        })
        .map_err(|e| FetchError::Transfer(format!("cannot start the download thread: {e}")))?;
    // The network thread enforces the limits itself; this deadline only guarantees an answer
    // if a call is stuck where its timeouts do not reach (a slow DNS resolver).
    let deadline = started + options.total_timeout + Duration::from_secs(2);
    loop {
        if cancel.load(Ordering::Relaxed) {
            stop.store(true, Ordering::Relaxed);
            return Err(FetchError::Cancelled);
        }
        let now = Instant::now();
        if now >= deadline {
            stop.store(true, Ordering::Relaxed);
            return Err(FetchError::Timeout { secs: options.total_timeout.as_secs() });
        }
        match rx.recv_timeout(POLL.min(deadline - now)) {
            Ok(Msg::Progress(p)) => progress(p),
            Ok(Msg::Done(result)) => return result,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(FetchError::Transfer("the download thread stopped unexpectedly".to_owned()));
            }
        }
    }
}

/// What the network thread does.
fn run(
    target: &str,
    requested: String,
    options: &FetchOptions,
    tx: &mpsc::Sender<Msg>,
    stop: &AtomicBool,
) -> Result<Fetched, FetchError> {
    let loopback = is_loopback(target);
    let mut config = ureq::Agent::config_builder()
        .timeout_connect(Some(options.connect_timeout))
        .timeout_global(Some(options.total_timeout))
        .max_redirects(options.max_redirects)
        .max_redirects_will_error(true)
        .http_status_as_error(false)
        .user_agent(options.user_agent.as_str());
    if loopback {
        // A proxy from the environment cannot reach this machine's loopback interface.
        config = config.proxy(None);
    }
    let agent: ureq::Agent = config.build().into();
    let response = agent
        .get(target)
        .header("Accept", "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5")
        .header("Accept-Encoding", "gzip")
        .call()
        .map_err(|e| map_error(e, options, target))?;
    let status = response.status();
    if !status.is_success() {
        if status.is_redirection() {
            return Err(FetchError::TooManyRedirects(options.max_redirects));
        }
        return Err(FetchError::Status {
            code: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_owned(),
        });
    }
    let final_url = response.get_uri().to_string();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let content_type_header = header("content-type");
    let (content_type, charset) = content_type_header.as_deref().map_or((None, None), parse_content_type);
    if let Some(ct) = &content_type
        && let Some(what) = not_a_document(ct)
    {
        return Err(FetchError::NotAPage { what, content_type: ct.clone() });
    }
    let gzip = header("content-encoding").is_some_and(|e| e.trim().eq_ignore_ascii_case("gzip"));
    let announced = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
    if !gzip && announced.is_some_and(|n| n > options.max_bytes) {
        return Err(FetchError::TooLarge { limit_bytes: options.max_bytes });
    }
    let reader = response.into_body().into_with_config().reader();
    let mut reader: Box<dyn std::io::Read> =
        if gzip { Box::new(flate2::read::GzDecoder::new(reader)) } else { Box::new(reader) };
    let mut body = Vec::new();
    let mut chunk = vec![0u8; CHUNK_BYTES];
    let total = if gzip { None } else { announced };
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err(FetchError::Cancelled);
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(map_error(ureq::Error::from(e), options, target)),
        };
        if body.len() as u64 + n as u64 > options.max_bytes {
            return Err(FetchError::TooLarge { limit_bytes: options.max_bytes });
        }
        body.extend_from_slice(&chunk[..n]);
        // The waiting side may be gone (cancelled): the next loop sees `stop`.
        let _ = tx.send(Msg::Progress(Progress { bytes: body.len() as u64, total }));
    }
    Ok(Fetched { requested_url: requested, final_url, content_type, charset, body, retrieved: jiff::Timestamp::now() })
}

/// True for `http://127.x.x.x`, `http://localhost`, `http://[::1]`.
fn is_loopback(url: &str) -> bool {
    let Some(uri) = url.parse::<ureq::http::Uri>().ok() else { return false };
    let host = uri.host().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn map_error(e: ureq::Error, options: &FetchOptions, target: &str) -> FetchError {
    use ureq::Error as E;
    let host = || target.parse::<ureq::http::Uri>().ok().and_then(|u| u.host().map(str::to_owned)).unwrap_or_default();
    match e {
        E::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
            FetchError::ConnectTimeout { secs: options.connect_timeout.as_secs() }
        }
        E::Timeout(_) => FetchError::Timeout { secs: options.total_timeout.as_secs() },
        E::HostNotFound => FetchError::HostNotFound(host()),
        E::TooManyRedirects => FetchError::TooManyRedirects(options.max_redirects),
        E::BadUri(s) => FetchError::BadUrl(s),
        E::Tls(s) => FetchError::Tls(s.to_owned()),
        E::Rustls(e) => FetchError::Tls(e.to_string()),
        E::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut => FetchError::Timeout { secs: options.total_timeout.as_secs() },
            std::io::ErrorKind::ConnectionRefused => FetchError::Connect(format!("{} refused the connection", host())),
            _ => FetchError::Transfer(io.to_string()),
        },
        E::ConnectionFailed => FetchError::Connect(format!("no connection to {}", host())),
        other => FetchError::Transfer(other.to_string()),
    }
}

/// `text/html; charset=ISO-8859-1` → (`text/html`, `ISO-8859-1`).
fn parse_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts.next().map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']).to_owned())
    });
    (mime, charset.filter(|c| !c.is_empty()))
}

/// What a media type is in words, when it is certainly not a document ClaimLens reads.
fn not_a_document(mime: &str) -> Option<&'static str> {
    let (top, sub) = mime.split_once('/').unwrap_or((mime, ""));
    Some(match top {
        "image" => "an image",
        "audio" => "a sound file",
        "video" => "a video",
        "font" => "a font",
        "model" => "a 3D model",
        "multipart" => "a multi-part message",
        "application" => match sub {
            "javascript" | "x-javascript" | "ecmascript" => "a script",
            "json" | "ld+json" => "JSON data",
            "wasm" => "a WebAssembly program",
            "zip" | "x-zip-compressed" | "gzip" | "x-gzip" | "x-tar" | "x-7z-compressed" | "vnd.rar"
            | "x-rar-compressed" | "x-bzip2" | "x-xz" | "zstd" => "an archive",
            "x-msdownload" | "x-executable" | "x-mach-binary" | "x-elf" | "vnd.microsoft.portable-executable" => {
                "a program"
            }
            "font-woff" | "font-sfnt" | "x-font-ttf" | "x-font-otf" => "a font",
            _ => return None,
        },
        "text" => match sub {
            "javascript" | "ecmascript" => "a script",
            "css" => "a style sheet",
            "csv" | "tab-separated-values" => "a table of data",
            "calendar" => "a calendar",
            "vcard" => "a contact card",
            _ => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(
            parse_content_type("Text/HTML; Charset=\"windows-1252\""),
            (Some("text/html".to_owned()), Some("windows-1252".to_owned()))
        );
        assert_eq!(parse_content_type("text/plain"), (Some("text/plain".to_owned()), None));
        assert_eq!(not_a_document("image/png"), Some("an image"));
        assert_eq!(not_a_document("application/javascript"), Some("a script"));
        assert_eq!(not_a_document("text/html"), None);
        assert_eq!(not_a_document("application/pdf"), None);
        assert_eq!(not_a_document("application/octet-stream"), None);
    }

    #[test]
    fn urls() {
        assert!(matches!(checked_url("file:///etc/passwd"), Err(FetchError::Scheme(s)) if s == "file"));
        assert!(matches!(checked_url("JavaScript:alert(1)"), Err(FetchError::Scheme(s)) if s == "javascript"));
        assert!(matches!(checked_url("news.html"), Err(FetchError::BadUrl(_))));
        assert!(matches!(checked_url("https://exämple.org/"), Err(FetchError::BadUrl(_))));
        assert_eq!(checked_url("HTTP://example.org/a b?q=é#frag").unwrap(), "http://example.org/a%20b?q=%C3%A9");
        assert!(is_loopback("http://127.0.0.1:8080/x"));
        assert!(is_loopback("http://[::1]/"));
        assert!(is_loopback("http://LOCALHOST/"));
        assert!(!is_loopback("https://example.org/"));
    }

    #[test]
    fn a_set_cancel_flag_returns_before_connecting() {
        let cancel = AtomicBool::new(true);
        let err = fetch("http://127.0.0.1:9/", &FetchOptions::default(), &mut |_| {}, &cancel).unwrap_err();
        assert!(matches!(err, FetchError::Cancelled));
    }

    #[test]
    fn the_user_agent_names_the_app_and_version() {
        assert!(user_agent().starts_with(&format!("ClaimLens/{} (", env!("CARGO_PKG_VERSION"))));
    }
}
