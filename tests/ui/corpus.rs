//! Corpus projects in the window (issue 14): a corpus made with the engine opens on its
//! first document with the Documents list; switching documents keeps each one's undo history;
//! adding a document, corpus search (clicking a hit opens its document at the match) and the
//! corpus claims table (clicking a claim opens and selects it).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use claimlens::corpus::DocumentId;
use claimlens::io::corpus_dir::CorpusDir;
use claimlens::project::{Claim, ClaimId};
use claimlens::ui::ClaimLensApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::{ARTICLE, byte_of, drag_select, harness, press, run_until, settle, type_like_a_person};

const SECOND: &str = "Kyiv budget talks resume\n\nMonday, March 3, 2025\n\n\
Officials in Kyiv said the budget rose 5% this year. The finance minister, Ünal Şahin, \
told reporters that the money would go to schools.\n\n\
Critics in Kraków called the figure “optimistic”.";

/// A corpus of three articles (the third one long, with a sentence far down) made with the
/// engine, and a claim in the second document. Returns the corpus folder, the document ids
/// in corpus order, and the claim's id.
fn corpus(dir: &Path) -> (PathBuf, Vec<DocumentId>, ClaimId) {
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(articles.join("a-zurich.txt"), ARTICLE).unwrap();
    std::fs::write(articles.join("b-kyiv.txt"), SECOND).unwrap();
    let mut long = String::from("Oslo harbour report\n\n");
    for i in 0..120 {
        long.push_str(&format!("Paragraph {i} of the harbour report lists ships, cargo and weather.\n\n"));
    }
    long.push_str("In the end the size of the Zürich bailout was disputed by everyone.\n");
    std::fs::write(articles.join("c-oslo.txt"), long).unwrap();
    let root = dir.join("desk study");
    let mut c = CorpusDir::create(&root, "Desk study").unwrap();
    let report = c.add_paths(&[articles], &|_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(report.added.len(), 3, "{:?}", report.failed);
    let id = report.added[1];
    let mut p = c.open_document(id).unwrap();
    let span = byte_of(p.text(), "the budget rose 5% this year");
    let claim = Claim::new(p.peek_claim_id(), p.text(), span, "2026-01-01T00:00:00Z".parse().unwrap());
    let claim_id = claim.id;
    p.claims.push(claim);
    c.save_document(id, &p).unwrap();
    (root, report.added, claim_id)
}

fn titles(h: &Harness<'_, ClaimLensApp>) -> Vec<String> {
    h.state().corpus.as_ref().unwrap().dir.manifest.documents.iter().map(|d| d.title.clone()).collect()
}

fn current(a: &ClaimLensApp) -> Option<DocumentId> {
    a.corpus.as_ref().and_then(|c| c.current)
}

fn open(dir: &Path, root: &Path, first: DocumentId) -> Harness<'static, ClaimLensApp> {
    let mut h = harness(dir, Some(root.to_path_buf()));
    run_until(&mut h, "the corpus to open on its first document", |a| {
        current(a) == Some(first) && a.session.is_some() && !a.is_busy()
    });
    h
}

#[test]
fn corpus_opens_with_its_list_and_each_document_keeps_its_undo_history() {
    let dir = tempfile::tempdir().unwrap();
    let (root, ids, _) = corpus(dir.path());
    let mut h = open(dir.path(), &root, ids[0]);
    let t = titles(&h);
    assert_eq!(t.len(), 3);
    // The list shows every document with its numbers and progress state.
    for title in &t {
        h.get_by_role_and_label(Role::Button, title);
    }
    assert_eq!(h.query_all_by_label_contains("not started").count(), 3);
    h.get_by_label_contains("1 claim");

    // Click the second document: it opens.
    h.get_by_role_and_label(Role::Button, &t[1]).click();
    run_until(&mut h, "the second document to open", |a| current(a) == Some(ids[1]) && !a.is_busy());
    assert!(h.state().session.as_ref().unwrap().project.text().contains("Ünal Şahin"));
    assert_eq!(h.state().session.as_ref().unwrap().project.claims.len(), 1);

    // Tag a claim in it with the mouse and the toolbar.
    let span = byte_of(h.state().session.as_ref().unwrap().project.text(), "Critics in Kraków");
    drag_select(&mut h, span.start, span.end - 1);
    h.get_by_label("Tag as claim").click();
    h.run_steps(4);
    assert_eq!(h.state().session.as_ref().unwrap().project.claims.len(), 2);
    assert!(h.state().session.as_ref().unwrap().is_dirty());

    // Ctrl+PgDn: the next document; the one left is saved through the corpus.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    run_until(&mut h, "the third document", |a| current(a) == Some(ids[2]));
    settle(&mut h);
    assert!(h.state().session.as_ref().unwrap().project.text().contains("Zürich bailout"));
    let on_disk = CorpusDir::open(&root).unwrap();
    assert_eq!(on_disk.open_document(ids[1]).unwrap().claims.len(), 2, "leaving a document saves it");
    assert_eq!(on_disk.manifest.document(ids[1]).unwrap().summary.claims, 2, "the manifest summary follows");
    h.get_by_label_contains("2 claims");

    // Ctrl+PgUp: back to the second, at once, with its own undo history.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    h.run_steps(2);
    assert_eq!(current(h.state()), Some(ids[1]), "a document opened before comes back at once");
    assert_eq!(h.state().session.as_ref().unwrap().history.undo_label(), Some("Tag claim"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(4);
    assert_eq!(h.state().session.as_ref().unwrap().project.claims.len(), 1, "undo works on the document");
    // The first document has no history of its own.
    h.get_by_role_and_label(Role::Button, &t[0]).click();
    h.run_steps(4);
    assert_eq!(current(h.state()), Some(ids[0]));
    assert!(h.state().session.as_ref().unwrap().history.undo_label().is_none());

    // The progress state the user sets.
    h.query_all_by_label_contains("not started").next().unwrap().click();
    h.run_steps(4);
    settle(&mut h);
    let states: Vec<_> = CorpusDir::open(&root).unwrap().manifest.documents.iter().map(|d| d.state).collect();
    assert!(states.contains(&claimlens::corpus::Progress::InProgress), "{states:?}");
}

#[test]
fn adding_a_document_then_searching_the_corpus_and_clicking_a_hit() {
    let dir = tempfile::tempdir().unwrap();
    let (root, ids, _) = corpus(dir.path());
    let added = dir.path().join("d-madrid.txt");
    std::fs::write(&added, "Madrid inflation slows\n\nInflation in Madrid slowed to 2% in May, the bank said.")
        .unwrap();
    let mut h = open(dir.path(), &root, ids[0]);

    // Add documents…: the path prompt (no native dialog in tests), analysis on a worker.
    h.get_by_label("Add documents…").click();
    h.run_steps(4);
    h.get_by_label("Path:").click();
    type_like_a_person(&mut h, added.to_str().unwrap());
    press(&mut h, Key::Enter);
    run_until(&mut h, "the document to be added", |a| {
        a.corpus.as_ref().is_some_and(|c| c.dir.manifest.documents.len() == 4) && !a.is_busy()
    });
    let t = titles(&h);
    h.get_by_role_and_label(Role::Button, &t[3]);
    assert_eq!(CorpusDir::open(&root).unwrap().manifest.documents.len(), 4, "the manifest on disk lists it");

    // Search the corpus.
    h.get_by_label("Search").click();
    h.run_steps(2);
    run_until(&mut h, "the corpus to be read", |a| a.corpus.as_ref().is_some_and(|c| c.is_loaded()));
    h.get_by_label("Search:").click();
    type_like_a_person(&mut h, "bailout");
    press(&mut h, Key::Enter);
    run_until(&mut h, "the search", |a| {
        a.corpus.as_ref().is_some_and(|c| c.search.searched == "bailout" && !c.search.running)
    });
    assert_eq!(h.state().corpus.as_ref().unwrap().search.total_hits, 1);
    h.get_by_label_contains("1 hit in 1 document (");
    // Clicking the hit opens the document at the match (far below the first screen).
    h.get_by_label_contains("bailout was disputed").click();
    run_until(&mut h, "the document with the hit", |a| current(a) == Some(ids[2]) && !a.is_busy());
    h.run_steps(6);
    let app = h.state();
    let s = app.session.as_ref().unwrap();
    let at = byte_of(s.project.text(), "bailout");
    assert!(app.view.top_byte(&s.project.document) > 0, "the view scrolled to the hit");
    assert!(app.view.char_screen_rect(&s.project.document, at.start).is_some(), "the hit is on screen");

    // Searching also finds the document just added.
    h.get_by_label("Search:").click();
    for _ in 0.."bailout".len() {
        press(&mut h, Key::Backspace);
    }
    type_like_a_person(&mut h, "Madrid");
    press(&mut h, Key::Enter);
    run_until(&mut h, "the second search", |a| {
        a.corpus.as_ref().is_some_and(|c| c.search.searched == "Madrid" && !c.search.running)
    });
    assert!(h.state().corpus.as_ref().unwrap().search.total_hits >= 2);
}

#[test]
fn clicking_a_claim_in_the_corpus_claims_table_opens_it_in_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let (root, ids, claim) = corpus(dir.path());
    let mut h = open(dir.path(), &root, ids[0]);
    h.get_by_label("Claims").click();
    run_until(&mut h, "the corpus to be read", |a| a.corpus.as_ref().is_some_and(|c| c.is_loaded()));
    h.run_steps(2);
    h.get_by_label_contains("1 claim");
    h.get_by_label_contains("the budget rose 5% this year").click();
    run_until(&mut h, "the claim's document", |a| current(a) == Some(ids[1]) && !a.is_busy());
    h.run_steps(4);
    assert_eq!(h.state().ui_state.selected_claim, Some(claim));

    // Filtering the table by text.
    h.get_by_label("Find claims:").click();
    type_like_a_person(&mut h, "zebra");
    h.run_steps(2);
    assert!(h.state().corpus.as_ref().unwrap().claim_rows().is_empty());
    h.get_by_label_contains("0 claims");
}

#[test]
fn new_corpus_from_the_open_article_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("brüssel talks.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let mut h = harness(dir.path(), Some(article));
    run_until(&mut h, "the article", |a| a.session.is_some() && !a.is_busy());
    assert!(h.state().corpus.is_none());
    h.get_by_label("File").click();
    h.run_steps(4);
    h.get_by_label("New corpus from open article…").click();
    h.run_steps(4);
    // The prompt offers a folder beside the article; accept it.
    press(&mut h, Key::Enter);
    run_until(&mut h, "the new corpus", |a| current(a).is_some() && a.session.is_some() && !a.is_busy());
    let root = dir.path().join("corpus");
    let on_disk = CorpusDir::open(&root).unwrap();
    assert_eq!(on_disk.manifest.documents.len(), 1);
    let id = on_disk.manifest.documents[0].id;
    assert_eq!(current(h.state()), Some(id));
    assert_eq!(h.state().session.as_ref().unwrap().project.text(), on_disk.open_document(id).unwrap().text());
    assert!(root.join(&on_disk.manifest.documents[0].path).is_file());
    h.get_by_role_and_label(Role::Button, &on_disk.manifest.documents[0].title);
}

#[test]
fn corpus_entities_list_their_documents_and_open_them_at_a_mention() {
    let dir = tempfile::tempdir().unwrap();
    let (root, ids, _) = corpus(dir.path());
    let mut h = open(dir.path(), &root, ids[0]);
    h.get_by_label("Entities").click();
    run_until(&mut h, "the corpus entities", |a| a.corpus.as_ref().is_some_and(|c| c.derived().is_some()));
    let (i, name) = {
        let d = h.state().corpus.as_ref().unwrap().derived().unwrap();
        let i = d.entities.iter().position(|e| e.name == "Kyiv").expect("Kyiv is a corpus entity");
        assert_eq!(d.entities[i].documents.len(), 2, "Kyiv is in two documents");
        (i, d.entities[i].name.clone())
    };
    h.get_by_label_contains(&format!("{name} (")).click();
    h.run_steps(2);
    assert_eq!(h.state().corpus.as_ref().unwrap().selected_entity, Some(i));
    let second = titles(&h)[1].clone();
    h.get_by_label_contains(&format!("{second}: ")).click();
    run_until(&mut h, "the second document", |a| current(a) == Some(ids[1]) && !a.is_busy());
    h.run_steps(4);
    assert_eq!(h.state().ui_state.selected_entity.as_deref(), Some("Kyiv"));
}
