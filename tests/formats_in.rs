//! Opening what journalists have (issue 16): PDF, DOCX, ODT and EPUB fixtures made from one
//! Wikinews article (`tests/data/articles/make_fixtures.py`), damaged, encrypted and scanned
//! inputs, standard input through the CLI, and the clipboard.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use claimlens::document::{BlockKind, Document, SourceFormat};
use claimlens::io::{self, ImportErrorKind};

const STEM: &str = "wikinews_questionnaire_2023-02-23";
const TITLE: &str =
    "Reports: 'streamlined' UK asylum process to replace interview with questionnaire for five nationalities";

/// Sentences of the article that must come out whole (the PDF breaks lines, and hyphenates
/// "indivi-dual's" and "clai-mants", inside them).
const WHOLE: &[&str] = &[
    "Were you subject to human trafficking (the recruitment, transportation, transfer, harbouring or receipt of people through force, fraud or deception, with the aim of exploiting them for profit) or modern slavery (severe exploitation of other people for personal or commercial gain) during your journey to or after you arrived in the UK?",
    "failure to return the questionnaire without reasonable explanation may result in an individual's asylum claim being withdrawn in line with the published policy",
    "as a means to gather additional information from other claimants awaiting an asylum decision in due course",
    // Non-ASCII: an accented name, a curly apostrophe.
    "Braverman with France's interior and overseas minister Gérald Darmanin in Paris on November 14, 2022.",
    "could put people’s safety at risk.",
    // Real hyphens stay.
    "officials will scrap the face-to-face interview step",
    "Labour has a common-sense plan to fast-track cases",
];

fn fixture(ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles").join(format!("{STEM}.{ext}"))
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles").join(name)
}

fn heading(doc: &Document, text: &str) -> Option<BlockKind> {
    doc.blocks.iter().find(|b| &doc.text[b.span] == text).map(|b| b.kind)
}

fn check_article(doc: &Document, format: &str) {
    doc.validate().unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some(TITLE), "{format}: title");
    assert_eq!(doc.blocks[0].kind, BlockKind::Title, "{format}: the first block is the title");
    assert_eq!(doc.block_text(0), TITLE, "{format}");
    for s in WHOLE {
        assert!(doc.text.contains(s), "{format}: {s:?} is not whole in:\n{}", doc.text);
    }
    assert!(
        matches!(heading(doc, "Criticism"), Some(BlockKind::Heading(_))),
        "{format}: the section heading is a heading: {:?}",
        heading(doc, "Criticism")
    );
    // Every paragraph of the source is one block: no paragraph split or merged.
    let md = std::fs::read_to_string(fixture("md")).unwrap();
    let body = md.splitn(3, "---\n").nth(2).unwrap();
    for para in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty() && !p.starts_with('#')) {
        assert!(
            doc.blocks.iter().any(|b| &doc.text[b.span] == para),
            "{format}: the paragraph {para:?} is not one block"
        );
    }
}

#[test]
fn pdf_fixture_reads_as_the_article() {
    let imported = io::import_path(&fixture("pdf")).unwrap();
    assert_eq!(imported.source.format, SourceFormat::Pdf);
    let doc = &imported.document;
    check_article(doc, "pdf");
    // Running header, footer and page numbers are gone; no hyphenation is left.
    for furniture in ["Wikinews · Thursday", "Page 1 of 2", "Page 2 of 2", "of 2"] {
        assert!(!doc.text.contains(furniture), "pdf: {furniture:?} left in the text");
    }
    for broken in ["indivi-", "clai-", "\u{ad}"] {
        assert!(!doc.text.contains(broken), "pdf: hyphenation {broken:?} left in the text");
    }
    assert_eq!(heading(doc, "Criticism"), Some(BlockKind::Heading(2)));
    // The caption broken by the page break is one caption with its credit.
    let caption = doc.blocks.iter().find(|b| doc.text[b.span].starts_with("Braverman with France's")).unwrap();
    assert_eq!(caption.kind, BlockKind::Caption);
    assert!(doc.text[caption.credit.unwrap()].ends_with("Home Office"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Wikinews"));
    assert_eq!(doc.meta.date.as_deref(), Some("2023-02-23T09:00:00Z"));
    assert_eq!(doc.meta.language.as_deref(), Some("en-GB"));
}

#[test]
fn docx_odt_epub_fixtures_read_as_the_article() {
    for (ext, format) in [("docx", SourceFormat::Docx), ("odt", SourceFormat::Odt), ("epub", SourceFormat::Epub)] {
        let imported = io::import_path(&fixture(ext)).unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert_eq!(imported.source.format, format);
        let doc = &imported.document;
        check_article(doc, ext);
        assert_eq!(doc.meta.byline.as_deref(), Some("Wikinews"), "{ext}");
        assert!(doc.meta.date.as_deref().is_some_and(|d| d.starts_with("2023-02-23")), "{ext}: {:?}", doc.meta.date);
        assert_eq!(doc.meta.language.as_deref(), Some("en-GB"), "{ext}");
        // The dateline is a dateline.
        assert_eq!(heading(doc, "Thursday, February 23, 2023"), Some(BlockKind::Dateline), "{ext}");
    }
}

#[test]
fn format_is_found_by_content_without_a_name() {
    for (ext, format) in [
        ("pdf", SourceFormat::Pdf),
        ("docx", SourceFormat::Docx),
        ("odt", SourceFormat::Odt),
        ("epub", SourceFormat::Epub),
    ] {
        let bytes = std::fs::read(fixture(ext)).unwrap();
        let imported = io::import_bytes(Path::new("download"), &bytes).unwrap();
        assert_eq!(imported.source.format, format, "{ext}");
        // A misleading name does not matter either.
        let imported = io::import_bytes(Path::new("article.txt"), &bytes).unwrap();
        assert_eq!(imported.source.format, format, "{ext} named .txt");
    }
}

fn kind_of(path: &Path, bytes: &[u8]) -> ImportErrorKind {
    io::import_bytes(path, bytes).map(|_| ()).unwrap_err().kind
}

#[test]
fn encrypted_scanned_and_damaged_inputs_say_why() {
    let encrypted = std::fs::read(data("questionnaire_encrypted.pdf")).unwrap();
    let e = io::import_bytes(Path::new("secret.pdf"), &encrypted).unwrap_err();
    assert!(matches!(e.kind, ImportErrorKind::Protected(_)), "{e}");
    assert!(e.to_string().contains("protected"), "{e}");
    let scan = std::fs::read(data("scanned_page.pdf")).unwrap();
    let e = io::import_bytes(Path::new("scan.pdf"), &scan).unwrap_err();
    assert!(matches!(e.kind, ImportErrorKind::NoTextLayer { pages: 1 }), "{e}");
    assert!(e.to_string().contains("OCR"), "{e}");
    for ext in ["pdf", "docx", "odt", "epub"] {
        let bytes = std::fs::read(fixture(ext)).unwrap();
        for cut in [bytes.len() / 3, bytes.len() - 30] {
            let kind = kind_of(Path::new(&format!("cut.{ext}")), &bytes[..cut]);
            assert!(matches!(kind, ImportErrorKind::Damaged { .. }), "{ext} cut at {cut}: {kind}");
        }
    }
    // Garbage with a document's name is damaged, not a panic.
    for ext in ["pdf", "docx", "odt", "epub"] {
        let kind = kind_of(Path::new(&format!("x.{ext}")), b"<html>not at all</html>");
        assert!(matches!(kind, ImportErrorKind::Damaged { .. }), "{ext}: {kind}");
    }
    // An old Word file and an unknown ZIP archive are named.
    let kind = kind_of(Path::new("old.doc"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0rest");
    assert!(kind.to_string().contains(".docx"), "{kind}");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("photo.jpg", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(b"\xff\xd8\xff").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let kind = kind_of(Path::new("photos.zip"), &bytes);
    assert!(matches!(kind, ImportErrorKind::Binary(_)), "{kind}");
}

fn claimlens(args: &[&str], stdin: &[u8]) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let writer = std::thread::Builder::new()
        .name("stdin-writer".into())
        .spawn(move || {
            let _ = input.write_all(&bytes);
        })
        .unwrap();
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn standard_input_for_every_article_command() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("stdin.claimlens.ron");
    let text = "Zürich talks resume\n\nMonday, March 3, 2025\n\nNATO ministers met Ünal Şahin in Zürich on Monday; 東京 sent observers. 🚀";
    let (ok, out, err) = claimlens(&["project", "new", "-", "-o", project.to_str().unwrap()], text.as_bytes());
    assert!(ok, "{err}");
    assert!(out.contains("wrote"), "{out}");
    let p = io::project_file::load(&project).unwrap();
    assert_eq!(p.text(), text);
    assert_eq!(p.source.format, SourceFormat::PlainText);
    assert_eq!(p.source.path, None);
    // Without -o there is no name to derive one from.
    let (ok, _, err) = claimlens(&["project", "new", "-"], text.as_bytes());
    assert!(!ok && err.contains("-o"), "{err}");
    // A PDF through a pipe is recognised by its content.
    let pdf = std::fs::read(fixture("pdf")).unwrap();
    let (ok, out, err) = claimlens(&["entities", "-"], &pdf);
    assert!(ok, "{err}");
    assert!(out.lines().any(|l| l.contains("\"Gérald Darmanin\"")), "{out}");
    let (ok, out, err) = claimlens(&["claims", "-"], &pdf);
    assert!(ok, "{err}");
    assert!(!out.trim().is_empty());
    // Empty input is a clear error naming standard input.
    let (ok, _, err) = claimlens(&["entities", "-"], b"");
    assert!(!ok && err.contains("standard input") && err.contains("empty"), "{err}");
}

#[test]
fn documents_open_from_the_cli_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("q.claimlens.ron");
    let (ok, _, err) =
        claimlens(&["project", "new", fixture("docx").to_str().unwrap(), "-o", project.to_str().unwrap()], b"");
    assert!(ok, "{err}");
    let (ok, out, err) = claimlens(&["project", "show", project.to_str().unwrap()], b"");
    assert!(ok, "{err}");
    assert!(out.contains(TITLE), "{out}");
    assert!(out.contains("Docx"), "{out}");
    let (ok, _, err) = claimlens(&["entities", data("scanned_page.pdf").to_str().unwrap()], b"");
    assert!(!ok && err.contains("scanned_page.pdf") && err.contains("OCR"), "{err}");
}

#[test]
fn clipboard_prefers_meaningful_html() {
    let html = "<meta charset='utf-8'><h1>Zürich talks</h1><p>Ministers met in <a href='/x'>Zürich</a> on Monday.</p><ul><li>東京 observed</li></ul>";
    let text = "Zürich talks\nMinisters met in Zürich on Monday.\n東京 observed";
    let i = io::import_clipboard(text, Some(html)).unwrap();
    assert_eq!(i.source.format, SourceFormat::Html);
    let kinds: Vec<BlockKind> = i.document.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::Title, BlockKind::Paragraph, BlockKind::ListItem]);
    assert_eq!(i.source.path, None);
    // HTML that holds less than half the text loses to the text.
    let i = io::import_clipboard("A long paragraph of plain text that was copied.", Some("<b>A</b>")).unwrap();
    assert_eq!(i.source.format, SourceFormat::PlainText);
    assert_eq!(i.document.text, "A long paragraph of plain text that was copied.");
    let e = io::import_clipboard("", Some("<script>x()</script>")).unwrap_err();
    assert!(e.to_string().starts_with("clipboard:"), "{e}");
}

#[test]
fn local_html_gets_the_page_metadata() {
    let page = r#"<!doctype html><html lang="en"><head><meta charset="windows-1252">
        <title>Ministers meet in Zürich - The Wire</title><meta property="og:site_name" content="The Wire">
        <script type="application/ld+json">{"@type":"NewsArticle","author":[{"name":"Jane Roe"},{"name":"\u00dcnal \u015eahin"}],"datePublished":"2025-03-03"}</script>
        <link rel="canonical" href="https://wire.example/zurich"></head>
        <body><nav>Home</nav><h1>Ministers meet in Zürich</h1><p>Text £5.</p></body></html>"#;
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(page);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "the page really is windows-1252");
    let i = io::import_bytes(Path::new("page.html"), &bytes).unwrap();
    assert_eq!(i.source.encoding, "windows-1252");
    assert!(!i.encoding_guessed, "the page declares its encoding");
    let m = &i.document.meta;
    assert_eq!(m.title.as_deref(), Some("Ministers meet in Zürich"));
    assert_eq!(m.publisher.as_deref(), Some("The Wire"));
    assert_eq!(m.date.as_deref(), Some("2025-03-03"));
    assert_eq!(m.url.as_deref(), Some("https://wire.example/zurich"));
    assert_eq!(m.byline.as_deref(), Some("Jane Roe, Ünal Şahin"));
    assert_eq!(m.language.as_deref(), Some("en"));
    assert!(i.document.text.contains("Text £5."), "{}", i.document.text);
}
