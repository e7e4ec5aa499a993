//! Corpus projects in the window (issue 14): a corpus made with the engine opens on its
//! first document with the Documents list; switching documents keeps each one's undo history;
//! adding a document, corpus search (clicking a hit opens its document at the match) and the
//! corpus claims table (clicking a claim opens and selects it); the corpus Overview (a bar
//! filters the claims table); a correction applied to every document.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use claimlens::corpus::DocumentId;
use claimlens::io::corpus_dir::CorpusDir;
use claimlens::nlp::EntityLabel;
use claimlens::project::{Claim, ClaimId, ClaimStatus, Project};
use claimlens::ui::ClaimLensApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

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

/// Step the window until `done` holds (files written by worker threads), at most 10 s.
fn wait_for(h: &mut Harness<'_, ClaimLensApp>, what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "timed out waiting for {what}");
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
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
    // Unsaved work has its recovery copy, as in a single article.
    let recovery = dir.path().join("recovery");
    wait_for(&mut h, "a recovery copy of the unsaved document", || {
        !claimlens::io::recovery::list(&recovery).is_empty()
    });

    // Ctrl+PgDn: the next document; the one left is saved through the corpus.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    run_until(&mut h, "the third document", |a| current(a) == Some(ids[2]));
    settle(&mut h);
    assert!(h.state().session.as_ref().unwrap().project.text().contains("Zürich bailout"));
    let on_disk = CorpusDir::open(&root).unwrap();
    assert_eq!(on_disk.open_document(ids[1]).unwrap().claims.len(), 2, "leaving a document saves it");
    assert_eq!(on_disk.manifest.document(ids[1]).unwrap().summary.claims, 2, "the manifest summary follows");
    // Saved, so no copy is left to offer after a crash.
    wait_for(&mut h, "the recovery copy of the saved document to go", || {
        claimlens::io::recovery::list(&recovery).is_empty()
    });
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

#[test]
fn the_corpus_overview_charts_every_document_and_a_bar_filters_the_claims_table() {
    let dir = tempfile::tempdir().unwrap();
    let (root, ids, _) = corpus(dir.path());
    // A checked claim in the first document too: claims in two documents.
    let mut c = CorpusDir::open(&root).unwrap();
    let mut p = c.open_document(ids[0]).unwrap();
    let span = byte_of(p.text(), "Europe must spend more");
    let mut claim = Claim::new(p.peek_claim_id(), p.text(), span, "2026-01-01T00:00:00Z".parse().unwrap());
    claim.status = ClaimStatus::Checked;
    p.claims.push(claim);
    c.save_document(ids[0], &p).unwrap();
    let mut h = open(dir.path(), &root, ids[0]);
    let t = titles(&h);

    h.get_by_role_and_label(Role::Tab, "Corpus overview").click();
    run_until(&mut h, "the corpus overview", |a| {
        a.corpus.as_ref().and_then(|c| c.derived()).is_some_and(|d| d.overview.overview.total_claims == 2)
    });
    h.get_by_label_contains("2 claims in 3 documents");
    // The article's charts over both documents' claims, and claims per document.
    h.get_by_role_and_label(Role::Button, "checked 1");
    h.get_by_role_and_label(Role::Button, "to check 1");
    h.get_by_role_and_label(Role::Button, &format!("{} 1", t[0]));
    h.get_by_role_and_label(Role::Button, &format!("{} 1", t[1]));
    h.get_by_role_and_label(Role::Button, &format!("{} 0", t[2]));

    // A bar lists the claims it counts in the claims table.
    h.get_by_role_and_label(Role::Button, "checked 1").click();
    h.run_steps(4);
    {
        let c = h.state().corpus.as_ref().unwrap();
        assert_eq!(c.tab, claimlens::ui::corpus::CorpusTab::Claims);
        assert_eq!(c.claim_query.status, Some(ClaimStatus::Checked));
        let rows: Vec<DocumentId> = c.claim_rows().iter().map(|r| r.document).collect();
        assert_eq!(rows, [ids[0]], "only the checked claim, in the first document");
    }
    h.get_by_role_and_label(Role::Button, "“Europe must spend more”");
    assert!(
        h.query_by_role_and_label(Role::Button, "“the budget rose 5% this year”").is_none(),
        "the other claim is filtered out"
    );

    // A document's bar opens it.
    h.get_by_role_and_label(Role::Tab, "Corpus overview").click();
    h.run_steps(4);
    // Below the other charts: scrolled to first, as a screen reader would.
    h.get_by_role_and_label(Role::Button, &format!("{} 1", t[1])).scroll_to_me();
    h.run_steps(4);
    h.get_by_role_and_label(Role::Button, &format!("{} 1", t[1])).click();
    run_until(&mut h, "the second document", |a| current(a) == Some(ids[1]) && !a.is_busy());
}

#[test]
fn the_corpus_overview_of_a_corpus_without_claims_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (root, ids, _) = corpus(dir.path());
    let mut c = CorpusDir::open(&root).unwrap();
    let mut p = c.open_document(ids[1]).unwrap();
    p.claims.clear();
    c.save_document(ids[1], &p).unwrap();
    let mut h = open(dir.path(), &root, ids[0]);
    h.get_by_role_and_label(Role::Tab, "Corpus overview").click();
    run_until(&mut h, "the corpus overview", |a| a.corpus.as_ref().is_some_and(|c| c.derived().is_some()));
    h.get_by_label("No claims yet");
    assert!(h.query_by_label_contains("to check 0").is_none(), "no empty charts");
}

/// The type of the entity named `name` in `p` (its corrections applied).
fn label_of(p: &Project, name: &str) -> Option<EntityLabel> {
    p.entities.canonical(p.text()).into_iter().find(|g| g.name == name).map(|g| g.label)
}

/// Open the Entities tab of the document shown and the context menu of its entity Kyiv.
fn kyiv_menu(h: &mut Harness<'_, ClaimLensApp>) {
    h.get_all_by_label_contains("Entities (")
        .find(|n| n.accesskit_node().role() == Role::Tab)
        .expect("the Entities tab")
        .click();
    h.run_steps(6);
    h.get_by_label("Kyiv  ·  1").click_secondary();
    h.run_steps(6);
}

/// Click the offer "Apply to all documents" and wait until every document has the correction.
fn apply_to_all(h: &mut Harness<'_, ClaimLensApp>) {
    h.get_by_role_and_label(Role::Button, "Apply to all documents").click();
    run_until(h, "the correction in every document", |a| {
        a.corpus.as_ref().is_some_and(|c| c.is_loaded() && !c.applying && c.offer.is_none()) && !a.is_busy()
    });
    settle(h);
}

#[test]
fn a_retype_applied_to_all_documents_reaches_the_others_each_with_its_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (root, ids, _) = corpus(dir.path());
    // A fourth article naming Kyiv, never opened in the window.
    let fourth = dir.path().join("e-lviv.txt");
    std::fs::write(&fourth, "Lviv rail news\n\nTrains from Kyiv to Lviv run again, the operator said on Monday.")
        .unwrap();
    let mut c = CorpusDir::open(&root).unwrap();
    let report = c.add_paths(&[fourth], &|_| {}, &AtomicBool::new(false)).unwrap();
    let unopened = report.added[0];
    let before = label_of(&c.open_document(ids[1]).unwrap(), "Kyiv");
    assert!(before.is_some_and(|l| l != EntityLabel::Org), "{before:?}");
    let mut h = open(dir.path(), &root, ids[0]);
    let t = titles(&h);

    // Open the second document once (it stays parked, with its history), then come back.
    h.get_by_role_and_label(Role::Button, &t[1]).click();
    run_until(&mut h, "the second document", |a| current(a) == Some(ids[1]) && !a.is_busy());
    h.get_by_role_and_label(Role::Button, &t[0]).click();
    run_until(&mut h, "the first document again", |a| current(a) == Some(ids[0]) && !a.is_busy());

    // Retype Kyiv in the first document's Entities panel.
    kyiv_menu(&mut h);
    h.get_by_label("Change type").hover();
    h.run_steps(6);
    h.get_by_label("Organization").click();
    h.run_steps(6);
    assert_eq!(label_of(&h.state().session.as_ref().unwrap().project, "Kyiv"), Some(EntityLabel::Org));

    // Offered for every document; applied.
    apply_to_all(&mut h);
    h.get_by_label_contains("Applied to 2 documents");
    assert!(h.query_by_label("Apply to all documents").is_none(), "the offer is gone");
    {
        let c = h.state().corpus.as_ref().unwrap();
        let parked = c.parked(ids[1]).unwrap();
        assert_eq!(label_of(&parked.project, "Kyiv"), Some(EntityLabel::Org), "the parked document");
        assert!(!parked.is_dirty(), "the parked document was saved");
        let kyiv = c.derived().unwrap().entities.iter().find(|e| e.name == "Kyiv").expect("a corpus entity");
        assert_eq!(kyiv.label, EntityLabel::Org, "the corpus entities were counted again");
        assert_eq!(kyiv.documents.len(), 3);
    }
    let on_disk = CorpusDir::open(&root).unwrap();
    assert_eq!(label_of(&on_disk.open_document(unopened).unwrap(), "Kyiv"), Some(EntityLabel::Org), "saved");
    assert_eq!(label_of(&on_disk.open_document(ids[1]).unwrap(), "Kyiv"), Some(EntityLabel::Org), "saved");
    assert!(on_disk.open_document(ids[2]).unwrap().entities.corrections.is_empty(), "no Kyiv there");

    // In the second document: the correction, as one undo step of its own.
    h.get_by_role_and_label(Role::Button, &t[1]).click();
    h.run_steps(4);
    assert_eq!(current(h.state()), Some(ids[1]));
    let s = h.state().session.as_ref().unwrap();
    assert_eq!(label_of(&s.project, "Kyiv"), Some(EntityLabel::Org));
    assert_eq!(s.history.undo_label(), Some("Change entity type"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(4);
    assert_eq!(label_of(&h.state().session.as_ref().unwrap().project, "Kyiv"), before, "undo reverts it there");
    // The first document keeps its own correction. (It was saved when it was left, on a
    // worker: until then its row is marked "* " as unsaved.)
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, &t[0]).click();
    h.run_steps(4);
    assert_eq!(label_of(&h.state().session.as_ref().unwrap().project, "Kyiv"), Some(EntityLabel::Org));
}

#[test]
fn a_rename_applied_to_all_documents_renames_the_entity_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (root, ids, _) = corpus(dir.path());
    let mut h = open(dir.path(), &root, ids[0]);
    kyiv_menu(&mut h);
    h.get_by_label("Rename…").click();
    h.run_steps(6);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run_steps(1);
    type_like_a_person(&mut h, "Kyiv city");
    press(&mut h, Key::Enter);
    h.run_steps(6);
    h.get_by_label_contains("Renamed “Kyiv” to “Kyiv city”");
    apply_to_all(&mut h);
    h.get_by_label_contains("Applied to 1 document");
    // The second document was never opened: corrected and saved on the worker.
    let p = CorpusDir::open(&root).unwrap().open_document(ids[1]).unwrap();
    let names: Vec<String> = p.entities.canonical(p.text()).into_iter().map(|g| g.name).collect();
    assert!(names.iter().any(|n| n == "Kyiv city") && !names.iter().any(|n| n == "Kyiv"), "{names:?}");
    // The document shown keeps its own rename, unsaved until saved as usual.
    assert!(h.state().session.as_ref().unwrap().is_dirty());
}
