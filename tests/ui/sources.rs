//! Links, the clipboard and the fact-check library in the window (issues 16 and 17), driven
//! like a person: Ctrl+L and typing an address served by a server started here on 127.0.0.1
//! (no other address is touched), a 404 that loses nothing, Ctrl+Shift+V, and a claim card's
//! "Seen before" against a small library built in a temporary folder from a fixture feed.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::Path;

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

use super::{byte_of, harness, run_until, settle, type_like_a_person};
use claimlens::ui::command::Command;

const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Keepers paid more than the mayor? | The Alder Post</title>
<meta property="og:title" content="Keepers paid more than the mayor?">
<meta property="article:published_time" content="2023-05-29T08:00:00Z">
<script>document.write('TRACKING SCRIPT');</script></head>
<body><nav><a href="/">Home</a> NAVIGATION LINK</nav>
<article><h1>Keepers paid more than the mayor?</h1>
<p>The town of Port Alder pays its lighthouse keepers more than its mayor, councillor Ines Varga said at Tuesday’s meeting in Zürich Hall.</p>
<p>The budget office said it would publish the salaries of all municipal staff before the end of the month, including those of the two keepers.</p>
</article><footer>FOOTER TEXT</footer></body></html>"#;

/// Serve `/news` (the page above) and a 404 for everything else, on 127.0.0.1; returns the
/// base address. The server thread ends with the test process.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::Builder::new()
        .name("test-server".into())
        .spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                // Read the headers to the blank line.
                let mut h = String::new();
                while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                    h.clear();
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, body) = if path == "/news" {
                    ("200 OK", PAGE.as_bytes())
                } else {
                    ("404 Not Found", b"<html><body>gone</body></html>".as_slice())
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(body);
            }
        })
        .unwrap();
    format!("http://127.0.0.1:{port}")
}

fn ctrl_l_and_type(h: &mut egui_kittest::Harness<'_, claimlens::ui::ClaimLensApp>, url: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run_steps(4);
    assert!(h.query_by_label("Address:").is_some(), "Ctrl+L shows the address prompt");
    type_like_a_person(h, url);
    h.key_press(Key::Enter);
    h.run_steps(2);
}

#[test]
fn open_a_url_with_ctrl_l_a_404_loses_nothing_and_save_archives_the_page() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), None);
    h.run_steps(3);
    let url = format!("{base}/news");
    ctrl_l_and_type(&mut h, &url);
    run_until(&mut h, "the page opened", |a| a.session.is_some() && !a.is_busy());
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.project.source.url.as_deref(), Some(url.as_str()));
    assert!(s.project.source.retrieved.is_some());
    assert_eq!(s.project.document.meta.title.as_deref(), Some("Keepers paid more than the mayor?"));
    let text = s.project.text().to_owned();
    assert!(text.contains(
        "lighthouse keepers more than its mayor, councillor Ines Varga said at Tuesday’s meeting in Zürich Hall."
    ));
    assert!(!text.contains("NAVIGATION") && !text.contains("FOOTER") && !text.contains("TRACKING"), "{text}");
    assert!(h.state().title().contains("Keepers paid more than the mayor?"), "{}", h.state().title());

    // Some work, then a link that is gone: the error is shown, the work stays.
    let span = byte_of(&text, "The town of Port Alder pays its lighthouse keepers more than its mayor");
    h.state_mut().push(Command::TagClaim(span));
    h.run_steps(4);
    ctrl_l_and_type(&mut h, &format!("{base}/gone"));
    h.get_by_label("Don't save").click();
    h.run_steps(2);
    settle(&mut h);
    h.get_by_label_contains("the server answered 404 Not Found");
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.project.text(), text);
    assert_eq!(s.project.claims.len(), 1);
    assert!(s.is_dirty());

    // Saving archives the page as fetched beside the project.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(4);
    let target = dir.path().join("keepers");
    // The prompt offers a name; replace it, as a person would.
    h.get_by_label("Path:").click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("Path:").type_text(target.to_str().unwrap());
    h.key_press(Key::Enter);
    settle(&mut h);
    let saved = dir.path().join("keepers.claimlens.ron");
    let loaded = claimlens::io::project_file::load(&saved).unwrap();
    let archive = loaded.source.archive.clone().expect("the saved project names its archived page");
    assert!(archive.starts_with("keepers.sources/") && archive.ends_with(".html"), "{archive}");
    assert_eq!(std::fs::read(dir.path().join(&archive)).unwrap(), PAGE.as_bytes());
    assert_eq!(h.state().session.as_ref().unwrap().project.source.archive.as_deref(), Some(archive.as_str()));
    assert!(!h.state().session.as_ref().unwrap().is_dirty());
}

#[test]
fn a_url_typed_into_the_path_prompt_opens_the_page() {
    let base = serve();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), None);
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    h.run_steps(4);
    h.get_by_label("Path:").type_text(&format!("{base}/news"));
    h.key_press(Key::Enter);
    run_until(&mut h, "the page opened", |a| a.session.is_some() && !a.is_busy());
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(s.project.source.final_url.as_deref(), Some(format!("{base}/news").as_str()));
}

#[test]
fn paste_as_new_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), None);
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    h.run_steps(1);
    // What the window integration sends when the app asks for the clipboard.
    h.event(Event::Paste("Zürich talks\n\nMinisters met in Zürich on Tuesday, officials said. 🇨🇭".into()));
    h.run_steps(2);
    run_until(&mut h, "the pasted article opened", |a| a.session.is_some() && !a.is_busy());
    let s = h.state().session.as_ref().unwrap();
    assert!(s.project.text().contains("Ministers met in Zürich on Tuesday, officials said. 🇨🇭"));
    assert_eq!(s.path, None);
    assert_eq!(s.project.source.path, None);
    assert!(h.state().prefs.recent.is_empty(), "pasted text is no recent file");
    // Without a paste event, nothing opens and the window says why.
    let id = s.id;
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    let start = std::time::Instant::now();
    while start.elapsed().as_secs_f64() < 2.6 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run_steps(2);
    h.get_by_label_contains("The clipboard holds no text to paste");
    assert_eq!(h.state().session.as_ref().unwrap().id, id);
}

/// A browser puts a copied article on the clipboard as text and as HTML: the HTML (read on a
/// worker, here handed in as that worker's answer) gives the article its structure.
#[test]
fn paste_as_new_article_takes_the_clipboards_html() {
    use claimlens::ui::sources::SourcesCommand;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), None);
    h.run_steps(3);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    h.run_steps(1);
    let html = "<html><body><nav>Home · World · Sport</nav><article><h1>Zürich talks end</h1>\
                <p>Ministers met in Zürich on Tuesday, officials said.</p>\
                <p>They agreed to meet again in März.</p></article><footer>© Site</footer></body></html>";
    h.state_mut().push(Command::Sources(SourcesCommand::ClipboardHtml(Some(html.into()))));
    h.run_steps(1);
    h.event(Event::Paste(
        "Home · World · Sport\nZürich talks end\nMinisters met in Zürich on Tuesday, officials said.\n\
         They agreed to meet again in März.\n© Site"
            .into(),
    ));
    h.run_steps(2);
    run_until(&mut h, "the pasted article opened", |a| a.session.is_some() && !a.is_busy());
    let s = h.state().session.as_ref().unwrap();
    let doc = &s.project.document;
    assert_eq!(s.project.source.format, claimlens::document::SourceFormat::Html);
    assert_eq!(doc.blocks[0].kind, claimlens::document::BlockKind::Title, "{:?}", doc.blocks);
    assert_eq!(&doc.text[doc.blocks[0].span.range()], "Zürich talks end");
    assert!(doc.text.contains("Ministers met in Zürich on Tuesday, officials said."));
    assert!(
        !doc.text.contains("Sport") && !doc.text.contains("© Site"),
        "navigation and footer left out: {}",
        doc.text
    );
    assert_eq!(s.path, None);
}

fn library_with_fixture_feed(h: &mut egui_kittest::Harness<'_, claimlens::ui::ClaimLensApp>, lib: &Path) {
    let feed = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/factchecks/array.json");
    h.get_by_label("Tools").click();
    h.run_steps(3);
    h.get_by_label("Fact-check library…").click();
    h.run_steps(3);
    let field = h.get_by_label("Library folder");
    field.click();
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    h.get_by_label("Library folder").type_text(lib.to_str().unwrap());
    h.run_steps(1);
    h.get_by_label("Feed file").click();
    h.run_steps(1);
    h.get_by_label("Feed file").type_text(feed.to_str().unwrap());
    h.run_steps(1);
    h.get_by_label("Import feed").click();
    h.run_steps(2);
    run_until(h, "feed imported", |a| a.sources.library.items.is_some_and(|n| n > 0) && !a.is_busy());
    assert!(h.query_all_by_label_contains("Imported 2 fact-checks (1 skipped); the library holds 2").count() >= 1);
    h.get_by_label("Close").click();
    h.run_steps(3);
}

#[test]
fn seen_before_cite_dismiss_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("alder.txt");
    std::fs::write(
        &article,
        "Keepers paid more than the mayor?\n\nThe town of Port Alder pays its lighthouse keepers more than its mayor, \
         councillor Ines Varga said at Tuesday’s meeting in Zürich Hall.\n\nThe budget office said it would publish \
         the salaries before the end of the month.",
    )
    .unwrap();
    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "analysed", |a| a.session.as_ref().is_some_and(|s| s.analysis.is_some()) && !a.is_busy());
    let lib = dir.path().join("library");
    library_with_fixture_feed(&mut h, &lib);
    assert_eq!(h.state().prefs.factcheck_library.as_deref(), Some(lib.as_path()));

    let text = h.state().session.as_ref().unwrap().project.text().to_owned();
    let span = byte_of(&text, "The town of Port Alder pays its lighthouse keepers more than its mayor");
    h.state_mut().push(Command::TagClaim(span));
    h.run_steps(3);
    let id = h.state().session.as_ref().unwrap().project.claims[0].id;
    run_until(&mut h, "matched", |a| a.sources.claim_matches.get(&id).is_some_and(|m| !m.is_empty()));
    let url = "https://desk-one.example/checks/lighthouse-keepers";
    assert_eq!(h.state().sources.claim_matches[&id][0].url, url);
    // The card shows it: rating, publisher, date.
    h.get_by_label("Seen before");
    h.get_by_label("Mostly false");
    h.get_by_label("Desk One");
    h.get_by_label("2023-06-02");

    // Cite: the link joins the claim's evidence, as an undoable edit.
    h.get_all_by_label("Cite").next().unwrap().scroll_to_me();
    h.run_steps(3);
    h.get_all_by_label("Cite").next().unwrap().click();
    h.run_steps(3);
    let claim = |h: &egui_kittest::Harness<'_, claimlens::ui::ClaimLensApp>| {
        h.state().session.as_ref().unwrap().project.claims[0].clone()
    };
    assert_eq!(claim(&h).evidence, vec![url.to_owned()]);

    // Not the same claim: dismissed (in the project), hidden; Ctrl+Z brings it back.
    // The card grew by the evidence link: scroll to the button, as a person would.
    h.get_all_by_label("Not the same claim").next().unwrap().scroll_to_me();
    h.run_steps(3);
    h.get_all_by_label("Not the same claim").next().unwrap().click();
    h.run_steps(3);
    assert!(h.state().session.as_ref().unwrap().project.is_dismissed_match(id, url));
    assert!(h.query_by_label("Mostly false").is_none(), "a dismissed match is hidden");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert!(!h.state().session.as_ref().unwrap().project.is_dismissed_match(id, url));
    h.get_by_label("Mostly false");
    assert_eq!(claim(&h).evidence, vec![url.to_owned()], "undo took back the dismissal only");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    assert!(claim(&h).evidence.is_empty(), "the citation undoes too");
}
