//! Bytes to text: BOM sniffing, UTF-8/UTF-16/UTF-32, legacy encodings (detected), binary
//! refusal, and the one normalisation pass every importer relies on.

use encoding_rs::Encoding;

/// Decoded text and what was assumed to get it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, normalised by [`normalize`].
    pub text: String,
    /// The encoding's name ("UTF-8", "UTF-16LE", "windows-1252", …).
    pub encoding: &'static str,
    /// True when the encoding was guessed (no BOM and not valid UTF-8).
    pub guessed: bool,
    /// True when the input had a byte-order mark.
    pub had_bom: bool,
}

/// Why bytes are not text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotText {
    /// Nothing in it but whitespace.
    Empty,
    /// Binary content, with a description ("gzip-compressed data").
    Binary(String),
}

const MAGIC: &[(&[u8], &str)] = &[
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old-style Office document (.doc, .xls, .ppt) or a password-protected one; save it as .docx or .odt without a password",
    ),
];

/// Decode `bytes` as text.
///
/// Order: byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE); binary signatures; valid UTF-8
/// (also when only the last character is cut off); otherwise the encoding `chardetng`
/// detects (windows-1252 for most Western legacy files). Text that decodes to mostly control
/// characters is refused as binary; then the text is [`normalize`]d.
///
/// # Errors
/// [`NotText`] for empty input and for binary content.
///
/// # Example
/// ```
/// use claimlens::io::decode::decode;
/// let latin1 = b"EADS wins \xa313 billion UK RAF airtanker contract\r\n";
/// let d = decode(latin1).unwrap();
/// assert_eq!(d.text, "EADS wins £13 billion UK RAF airtanker contract\n");
/// assert!(d.guessed);
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    // encoding_rs does not do UTF-32, and would take its little-endian BOM for UTF-16's.
    if let Some((name, big_endian)) = utf32_bom(bytes) {
        let text = decode_utf32(&bytes[4..], big_endian);
        return finish(&text, name, false, true);
    }
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (Some(enc), len),
        None => (None, 0),
    };
    if encoding.is_none() {
        if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
            return Err(NotText::Binary((*what).to_owned()));
        }
        if looks_binary(bytes) {
            return Err(NotText::Binary("it contains NUL bytes or too many control characters".to_owned()));
        }
    }
    let (text, enc, guessed) = if let Some(enc) = encoding {
        let (cow, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        (cow.into_owned(), enc, false)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), encoding_rs::UTF_8, false)
    } else if std::str::from_utf8(bytes).is_err_and(|e| e.error_len().is_none()) {
        // Valid UTF-8 cut off in the middle of its last character (a truncated download).
        (String::from_utf8_lossy(bytes).into_owned(), encoding_rs::UTF_8, false)
    } else {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        let enc = prefer_western(bytes, det.guess(None, chardetng::Utf8Detection::Deny));
        let (cow, _, _) = enc.decode(bytes);
        (cow.into_owned(), enc, true)
    };
    finish(&text, enc.name(), guessed, bom_len > 0)
}

/// Decode `bytes` whose source declared an encoding: the `charset` of an HTTP `Content-Type`,
/// or of an HTML `<meta>` ([`meta_charset`]).
///
/// A byte-order mark still wins (as in browsers), and binary content is still refused. The
/// declaration is followed, with two exceptions for common mislabelling: text declared UTF-8
/// that is not valid UTF-8 is decoded as [`decode`] would (detected), and text declared in a
/// single-byte legacy encoding (`ISO-8859-1`, `windows-1252`, …) that is valid UTF-8 with
/// non-ASCII characters is UTF-8 (legacy text is practically never valid multi-byte UTF-8 by
/// accident). An unknown label is ignored.
///
/// # Errors
/// [`NotText`] for empty input and for binary content.
///
/// # Example
/// ```
/// use claimlens::io::decode::decode_declared;
/// let d = decode_declared(b"caf\xe9 cr\xe8me", Some("iso-8859-1")).unwrap();
/// assert_eq!((d.text.as_str(), d.encoding, d.guessed), ("café crème", "windows-1252", false));
/// // Declared Latin-1 but really UTF-8: UTF-8.
/// assert_eq!(decode_declared("café".as_bytes(), Some("latin1")).unwrap().encoding, "UTF-8");
/// ```
pub fn decode_declared(bytes: &[u8], label: Option<&str>) -> Result<Decoded, NotText> {
    let declared = label.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    let Some(enc) = declared else { return decode(bytes) };
    if utf32_bom(bytes).is_some() || Encoding::for_bom(bytes).is_some() {
        return decode(bytes);
    }
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(NotText::Binary((*what).to_owned()));
    }
    let utf16 = enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE;
    if !utf16 && looks_binary(bytes) {
        return Err(NotText::Binary("it contains NUL bytes or too many control characters".to_owned()));
    }
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if enc == encoding_rs::UTF_8 || (enc.is_single_byte() && valid_utf8 && !bytes.is_ascii()) {
        return decode(bytes);
    }
    let (cow, _) = enc.decode_without_bom_handling(bytes);
    finish(&cow, enc.name(), false, false)
}

/// The encoding an HTML page declares in its first 4 KiB (`<meta charset="…">` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`), if it names one
/// `encoding_rs` knows. As in the HTML standard, a declared UTF-16 means UTF-8 (a page that
/// can be read to find the declaration is not UTF-16).
///
/// # Example
/// ```
/// use claimlens::io::decode::meta_charset;
/// let page = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=Windows-1252'>";
/// assert_eq!(meta_charset(page), Some("windows-1252"));
/// assert_eq!(meta_charset(b"<meta charset=utf-16>"), Some("UTF-8"));
/// assert_eq!(meta_charset(b"<p>charset=latin1</p>"), None);
/// ```
#[must_use]
pub fn meta_charset(bytes: &[u8]) -> Option<&'static str> {
    static META: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_:.+-]+)"#)
            .unwrap_or_else(|e| panic!("invalid built-in pattern: {e}"))
    });
    let head = &bytes[..bytes.len().min(4096)];
    let label = META.captures(head)?.get(1)?.as_bytes();
    let enc = Encoding::for_label(label)?;
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8.name());
    }
    Some(enc.name())
}

/// Refuse control-character soup (checked before [`normalize`] turns controls into spaces),
/// normalise, refuse empty text.
fn finish(text: &str, encoding: &'static str, guessed: bool, had_bom: bool) -> Result<Decoded, NotText> {
    if control_ratio(text) > 0.1 {
        return Err(NotText::Binary("it decodes to mostly control characters".to_owned()));
    }
    let text = normalize(text);
    if text.trim().is_empty() {
        return Err(NotText::Empty);
    }
    Ok(Decoded { text, encoding, guessed, had_bom })
}

fn utf32_bom(bytes: &[u8]) -> Option<(&'static str, bool)> {
    if bytes.starts_with(b"\xFF\xFE\x00\x00") {
        Some(("UTF-32LE", false))
    } else if bytes.starts_with(b"\x00\x00\xFE\xFF") {
        Some(("UTF-32BE", true))
    } else {
        None
    }
}

/// UTF-32 code units to text; invalid code points and a truncated last unit become U+FFFD.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks(4)
        .map(|c| {
            let unit = <[u8; 4]>::try_from(c)
                .ok()
                .map(|b| if big_endian { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) });
            unit.and_then(char::from_u32).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect()
}

/// `chardetng` is tuned for web pages of every language. An article that is almost all ASCII
/// with a few high bytes (a `£`, curly quotes) is far more likely windows-1252 than, say,
/// windows-1250: prefer windows-1252 when under 5 % of the bytes are non-ASCII and they all
/// decode to printable windows-1252 characters.
fn prefer_western(bytes: &[u8], guess: &'static Encoding) -> &'static Encoding {
    let w1252 = encoding_rs::WINDOWS_1252;
    if guess == w1252 {
        return guess;
    }
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    // Bytes windows-1252 leaves undefined or maps to C1 controls.
    let undefined = bytes.iter().any(|&b| matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d));
    if high * 20 < bytes.len() && !undefined { w1252 } else { guess }
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() {
        return false;
    }
    // UTF-16 without a BOM has NULs in every other byte of ASCII text; we only accept UTF-16
    // with a BOM, so NULs mean binary.
    if sample.contains(&0) {
        return true;
    }
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 10 > sample.len()
}

fn control_ratio(text: &str) -> f64 {
    let mut n = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(20_000) {
        n += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c') {
            controls += 1;
        }
    }
    if n == 0 { 0.0 } else { controls as f64 / n as f64 }
}

/// The one normalisation pass: CRLF and lone CR become LF, and so do the Unicode line
/// separators (U+0085 NEL, U+2028, U+2029); other control characters (except tab and
/// newline) become spaces; a leading BOM character is dropped. Nothing else changes (no-break
/// spaces, zero-width and bidi characters, combining marks are kept), so offsets in the
/// result are easy to explain.
///
/// # Example
/// ```
/// use claimlens::io::decode::normalize;
/// assert_eq!(normalize("\u{feff}a\r\nb\rc\u{2028}d\x07e\u{a0}f"), "a\nb\nc\nd e\u{a0}f");
/// ```
#[must_use]
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_legacy() {
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("“Hi” — é".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let d = decode(&utf16).unwrap();
        assert_eq!((d.text.as_str(), d.encoding, d.had_bom), ("“Hi” — é", "UTF-16LE", true));
        let d = decode(b"\xEF\xBB\xBFBOM text").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("BOM text", "UTF-8"));
        let d = decode(b"He said \x93no\x94 \x96 twice.\r\n").unwrap();
        assert_eq!(d.text, "He said “no” – twice.\n");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn utf32_and_truncated_utf8() {
        let text = "“Hi” — é 🎉";
        let le: Vec<u8> =
            [0xFF, 0xFE, 0, 0].into_iter().chain(text.chars().flat_map(|c| u32::from(c).to_le_bytes())).collect();
        let be: Vec<u8> =
            [0, 0, 0xFE, 0xFF].into_iter().chain(text.chars().flat_map(|c| u32::from(c).to_be_bytes())).collect();
        assert_eq!((decode(&le).unwrap().text.as_str(), decode(&le).unwrap().encoding), (text, "UTF-32LE"));
        assert_eq!((decode(&be).unwrap().text.as_str(), decode(&be).unwrap().encoding), (text, "UTF-32BE"));
        let cut = &"Zürich ünlü é".as_bytes()[.."Zürich ünlü é".len() - 1];
        let d = decode(cut).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Zürich ünlü \u{fffd}", "UTF-8"));
    }

    #[test]
    fn control_soup_is_binary_even_with_a_bom() {
        let soup: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("\x01\x02\x03\x04ab\x05\x06".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(matches!(decode(&soup), Err(NotText::Binary(_))));
        // A few control characters in text are only spaces.
        assert_eq!(decode(b"bell\x07 and form\x0cfeed text here").unwrap().text, "bell  and form feed text here");
    }

    #[test]
    fn refusals() {
        assert_eq!(decode(b""), Err(NotText::Empty));
        assert_eq!(decode(b" \n\r\n "), Err(NotText::Empty));
        assert!(matches!(decode(b"\x1f\x8b\x08\x00rest"), Err(NotText::Binary(_))));
        assert!(matches!(decode(b"ab\x00cd"), Err(NotText::Binary(_))));
    }
}
