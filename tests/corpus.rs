//! Corpus projects (issue 14): a corpus folder made from real articles, listed, opened
//! document by document as ordinary projects, searched, its entities merged, its claims
//! exported with a document column, and exchanged as REFI-QDA `.qdpx` (validated against the
//! vendored schema with `xmllint`, imported back with the same claims); a `.qdpx` written by
//! hand in the shape other programs write imports with its codes and exact quotes.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use claimlens::corpus::{DocumentId, LoadedCorpus, search};
use claimlens::document::ByteSpan;
use claimlens::document::offsets::CharIndex;
use claimlens::io::corpus_dir::{CorpusDir, JobProgress};
use claimlens::io::qdpx;
use claimlens::project::{Claim, ClaimId, ClaimKind, ClaimStatus, Code, Codebook, Verdict};
use serde_json::Value;

fn claimlens(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens")).args(args).output().expect("run claimlens");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn ok(args: &[&str]) -> String {
    let (success, out, err) = claimlens(args);
    assert!(success, "claimlens {args:?} failed: {err}");
    out
}

fn quiet(_: &JobProgress) {}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

/// `xmllint --noout --schema assets/refi-qda/Project.xsd FILE`; `false` (after a loud SKIP)
/// when xmllint is not installed, a failure under CI (`.ci/check` installs it).
fn validate_with_xmllint(file: &Path) -> bool {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/refi-qda/Project.xsd");
    match Command::new("xmllint").arg("--noout").arg("--schema").arg(&xsd).arg(file).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "project.qde does not validate against Project.xsd:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            true
        }
        Err(e) => {
            assert!(std::env::var("CI").is_err(), "xmllint is needed in CI (Debian package libxml2-utils): {e}");
            eprintln!("SKIP schema validation: xmllint not found ({e}); install libxml2-utils");
            false
        }
    }
}

fn unzip_member(qdpx: &[u8], name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
}

/// Put two claims on each of the first two documents through the corpus API (open, edit,
/// save), with codes, verdicts, notes and a claimant; returns what was tagged.
fn code_some_claims(corpus: &mut CorpusDir) -> Vec<(DocumentId, String)> {
    corpus
        .set_codebook(Codebook {
            name: "Desk".into(),
            codes: vec![
                Code { path: "topic/économie".into(), color: Some((31, 119, 180)), ..Code::default() },
                Code { path: "topic/défense".into(), description: "Verteidigung, 防衛".into(), ..Code::default() },
            ],
        })
        .unwrap();
    let mut tagged = Vec::new();
    let ids: Vec<DocumentId> = corpus.manifest.documents.iter().take(2).map(|d| d.id).collect();
    for (n, id) in ids.into_iter().enumerate() {
        let mut p = corpus.open_document(id).unwrap();
        assert_eq!(p.codebook.name, "Desk", "the corpus codebook wins");
        let text = p.text().to_owned();
        // The second sentence-ish stretch of the second block, and a bit of the third.
        for (k, block) in p.document.blocks.iter().skip(1).take(2).enumerate() {
            let span = block.span;
            let end = text[span.start..span.end].char_indices().nth(60).map_or(span.end, |(i, _)| span.start + i);
            let span = ByteSpan::new(span.start, end);
            let mut c = Claim::new(ClaimId(k as u128 + 1), &text, span, jiff::Timestamp::UNIX_EPOCH);
            c.tags = vec![if k == 0 { "topic/économie".into() } else { "topic/défense/budget".into() }];
            c.kind = if k == 0 { ClaimKind::Statistical } else { ClaimKind::Position };
            c.status = ClaimStatus::Checked;
            c.verdict = Some(if n == 0 { Verdict::MostlyTrue } else { Verdict::False });
            c.note = format!("Note {n}.{k}: prüfen 🚀\nsecond line");
            c.claimant = "Ünal Şahin".into();
            c.evidence = vec!["https://example.org/a".into()];
            tagged.push((id, text[span].to_owned()));
            p.claims.push(c);
        }
        let outcome = corpus.save_document(id, &p).unwrap();
        assert!(!outcome.codebook_updated);
        assert_eq!(corpus.manifest.document(id).unwrap().summary.claims, 2, "saving refreshes the summary");
    }
    tagged
}

/// What must survive a round trip: code point offsets, quote, tags, type, status, verdict,
/// note, claimant.
type ClaimKey = (usize, usize, String, Vec<String>, ClaimKind, ClaimStatus, Option<Verdict>, String, String);

fn claim_key(c: &Claim, text: &str) -> ClaimKey {
    let (a, b) = CharIndex::new(text).to_chars(c.span);
    (a, b, c.quote.clone(), c.tags.clone(), c.kind, c.status, c.verdict, c.note.clone(), c.claimant.clone())
}

fn all_claims(corpus: &LoadedCorpus) -> Vec<Vec<ClaimKey>> {
    corpus.documents.iter().map(|d| d.project.claims.iter().map(|c| claim_key(c, d.project.text())).collect()).collect()
}

/// The whole flow on `inputs` (files or folders of articles).
fn corpus_flow(inputs: &[PathBuf], search_for: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let mut args = vec!["corpus", "new", "-o", s(&root), "--name", "Études 2025"];
    args.extend(inputs.iter().map(|p| s(p)));
    let out = ok(&args);
    assert!(out.contains("0 failed"), "{out}");

    // Listing: the manifest alone, paths inside the folder.
    let show: Value = serde_json::from_str(&ok(&["corpus", "show", s(&root), "--json"])).unwrap();
    let docs = show["documents"].as_array().unwrap();
    assert!(docs.len() >= 2, "{show}");
    assert_eq!(show["name"], "Études 2025");
    for d in docs {
        let path = d["path"].as_str().unwrap();
        assert!(path.starts_with("documents/") && !path.contains(".."), "{path}");
        assert!(root.join(path).is_file());
        assert!(d["words"].as_u64().unwrap() > 0 && !d["title"].as_str().unwrap().is_empty(), "{d}");
        assert_eq!(d["state"], "not started");
        assert!(d["id"].as_u64().is_some() && d["entities"].as_u64().is_some() && d["claims"].as_u64() == Some(0));
    }
    // Every document is an ordinary project: `claimlens project …` works on it.
    for d in docs {
        let file = root.join(d["path"].as_str().unwrap());
        let out = ok(&["project", "show", s(&file)]);
        assert!(out.contains("title:"), "{out}");
    }

    let mut corpus = CorpusDir::open(&root).unwrap();
    let tagged = code_some_claims(&mut corpus);
    let loaded = corpus.load_all(&quiet, &AtomicBool::new(false));
    assert!(loaded.failed.is_empty(), "{:?}", loaded.failed);
    let loaded = loaded.corpus;

    // Claims export with a document column (CSV and JSONL).
    let csv_path = dir.path().join("claims.csv");
    ok(&["corpus", "export", s(&root), "--format", "csv", "-o", s(&csv_path)]);
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header.last().map(String::as_str), Some("document"));
    let col = |k: &str| header.iter().position(|h| h == k).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), tagged.len());
    for (row, (id, quote)) in rows.iter().zip(&tagged) {
        let doc = loaded.document(*id).unwrap();
        assert_eq!(&row[col("document")], doc.slug);
        assert_eq!(&row[col("quote")], quote);
        let (a, b): (u64, u64) = (row[col("start")].parse().unwrap(), row[col("end")].parse().unwrap());
        assert_eq!(&chars(doc.project.text(), a, b), quote, "code point offsets select the quote");
    }
    let jsonl_path = dir.path().join("claims.jsonl");
    ok(&["corpus", "export", s(&root), "--format", "jsonl", "-o", s(&jsonl_path)]);
    let lines: Vec<Value> =
        std::fs::read_to_string(&jsonl_path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), tagged.len());
    assert!(lines.iter().all(|l| l["document"].is_string() && l["tags"].is_array()));
    let matrix = dir.path().join("matrix.csv");
    ok(&["corpus", "export", s(&root), "--format", "matrix", "-o", s(&matrix)]);
    let m = std::fs::read_to_string(&matrix).unwrap();
    let first_row: Vec<String> = m.lines().nth(1).unwrap().split(',').map(str::to_owned).collect();
    assert_eq!(first_row[0], "topic/défense");
    assert_eq!(first_row.last().unwrap(), "2", "two claims under topic/défense (via topic/défense/budget): {m}");
    let each = dir.path().join("w3c");
    ok(&["corpus", "export", s(&root), "--format", "w3c", "-o", s(&each)]);
    assert_eq!(std::fs::read_dir(&each).unwrap().count(), docs.len(), "one file per document");

    // Search: hits by document, code point offsets selecting the hit's text.
    let found: Value = serde_json::from_str(&ok(&["corpus", "search", s(&root), search_for, "--json"])).unwrap();
    let hit_docs = found["documents"].as_array().unwrap();
    assert!(found["total_hits"].as_u64().unwrap() >= 1, "{found}");
    let engine = search::search(&loaded, search_for, &search::SearchOptions::default()).unwrap();
    assert_eq!(found["total_hits"].as_u64().unwrap() as usize, engine.total_hits);
    for d in hit_docs {
        let id = DocumentId(d["document"].as_u64().unwrap());
        let text = loaded.document(id).unwrap().project.text();
        for h in d["hits"].as_array().unwrap() {
            let t = chars(text, h["start"].as_u64().unwrap(), h["end"].as_u64().unwrap());
            assert_eq!(t, h["text"].as_str().unwrap());
            assert_eq!(t.to_lowercase(), search_for.to_lowercase());
            assert_eq!(h["document"], d["document"]);
        }
    }

    // Cross-document entities.
    let ents: Value = serde_json::from_str(&ok(&["corpus", "entities", s(&root), "--json"])).unwrap();
    let ents = ents["entities"].as_array().unwrap();
    assert!(!ents.is_empty());
    let multi = ents.iter().find(|e| e["documents"].as_array().unwrap().len() > 1).expect("an entity in two documents");
    let total: u64 = multi["documents"].as_array().unwrap().iter().map(|d| d["mentions"].as_u64().unwrap()).sum();
    assert_eq!(multi["mentions"].as_u64().unwrap(), total);
    assert!(multi["name"].is_string() && multi["label"].is_string());

    // REFI-QDA: export, validate against the schema, import back with the same claims.
    let qdpx_path = dir.path().join("études.qdpx");
    ok(&["corpus", "export", s(&root), "--format", "qdpx", "-o", s(&qdpx_path)]);
    let bytes = std::fs::read(&qdpx_path).unwrap();
    let qde = unzip_member(&bytes, "project.qde");
    let qde_path = dir.path().join("project.qde");
    std::fs::write(&qde_path, &qde).unwrap();
    validate_with_xmllint(&qde_path);
    let qde = String::from_utf8(qde).unwrap();
    assert!(qde.contains("name=\"ClaimLens\"") && qde.contains("name=\"économie\""), "codes are exported");
    assert_eq!(qde.matches("<PlainTextSelection ").count(), tagged.len());
    assert_eq!(qde.matches("<NoteRef ").count(), tagged.len());
    let back = dir.path().join("back");
    let report: Value = serde_json::from_str(&ok(&["corpus", "import", s(&qdpx_path), "-o", s(&back)])).unwrap();
    assert_eq!(report["documents"].as_u64().unwrap() as usize, docs.len(), "{report}");
    assert_eq!(report["claims"].as_u64().unwrap() as usize, tagged.len());
    assert!(report["skipped"].as_array().unwrap().is_empty(), "{report}");
    let reimported = CorpusDir::open(&back).unwrap().load_all(&quiet, &AtomicBool::new(false)).corpus;
    assert_eq!(all_claims(&reimported), all_claims(&loaded), "the same claims come back");
    for (a, b) in reimported.documents.iter().zip(&loaded.documents) {
        assert_eq!(a.project.text(), b.project.text(), "texts come back exactly");
    }
    let codes: Vec<&str> = reimported.codebook.codes.iter().map(|c| c.path.as_str()).collect();
    assert!(codes.contains(&"topic/économie") && codes.contains(&"topic/défense/budget"), "{codes:?}");
    assert_eq!(reimported.codebook.code("topic/économie").unwrap().color, Some((31, 119, 180)));
    assert_eq!(reimported.codebook.code("topic/défense").unwrap().description, "Verteidigung, 防衛");
    // Exporting twice gives the same bytes (GUIDs are derived, no "now").
    ok(&["corpus", "export", s(&root), "--format", "qdpx", "-o", s(&dir.path().join("again.qdpx"))]);
    assert_eq!(std::fs::read(dir.path().join("again.qdpx")).unwrap(), bytes);
}

fn fixture_articles() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        // Every article fixture, in every format; not the README, the script that made the
        // fixtures, nor the PDFs that are there to be refused (encrypted, a scan).
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                !matches!(n, "README.md" | "make_fixtures.py" | "questionnaire_encrypted.pdf" | "scanned_page.pdf")
            })
        })
        .collect();
    files.sort();
    files
}

#[test]
fn corpus_of_the_fixture_articles() {
    corpus_flow(&fixture_articles(), "boeing");
}

#[test]
fn corpus_of_the_shared_articles() {
    let mut inputs = Vec::new();
    for sub in ["data/articles/plain_text", "data/articles/markdown", "data/articles/html"] {
        let Some(p) = crate::shared::shared_dir(sub) else { return };
        inputs.push(p);
    }
    corpus_flow(&inputs, "Federal Reserve");
}

#[test]
fn folder_order_is_sorted_and_ids_stay_across_add() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for (name, text) in [
        ("b.txt", "Zweiter Artikel\n\nÜber Kraków."),
        ("a.md", "# Erster\n\nÜber 東京."),
        ("c.html", "<html><body><h1>Third</h1><p>About Zürich 🚀.</p></body></html>"),
    ] {
        std::fs::write(input.join(name), text).unwrap();
    }
    let root = dir.path().join("c");
    ok(&["corpus", "new", "-o", s(&root), s(&input)]);
    let show = |root: &Path| -> Vec<(u64, String)> {
        let v: Value = serde_json::from_str(&ok(&["corpus", "show", s(root), "--json"])).unwrap();
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["id"].as_u64().unwrap(), d["slug"].as_str().unwrap().to_owned()))
            .collect()
    };
    assert_eq!(show(&root), [(1, "a".to_owned()), (2, "b".to_owned()), (3, "c".to_owned())]);
    std::fs::write(dir.path().join("a.txt"), "Noch einer\n\nMit Inhalt.").unwrap();
    ok(&["corpus", "add", s(&root), s(&dir.path().join("a.txt"))]);
    assert_eq!(show(&root).last().unwrap(), &(4, "a-2".to_owned()));
    ok(&["corpus", "state", s(&root), "b", "done"]);
    let v: Value = serde_json::from_str(&ok(&["corpus", "show", s(&root), "--json"])).unwrap();
    assert_eq!(v["documents"][1]["state"], "done");
    // A document changed with `claimlens project …` gets its summary back with `corpus refresh`.
    let doc = root.join(v["documents"][0]["path"].as_str().unwrap());
    let ann = dir.path().join("ann.jsonl");
    std::fs::write(&ann, "{\"text\": \"Erster\\n\\nÜber 東京.\", \"label\": [[8, 15, \"topic\"]]}\n").unwrap();
    ok(&["project", "import", s(&doc), "--annotations", s(&ann), "--format", "doccano"]);
    assert!(ok(&["corpus", "refresh", s(&root)]).contains("refreshed 1 of 4"));
    let v: Value = serde_json::from_str(&ok(&["corpus", "show", s(&root), "--json"])).unwrap();
    assert_eq!(v["documents"][0]["claims"], 1);
    // The listing counts in words a person reads: "1 claim", not "1 claims".
    let text = ok(&["corpus", "show", s(&root)]);
    assert!(text.contains("(4 documents,") && text.contains(", 1 claim)"), "{text}");
    let first = text.lines().find(|l| l.trim_start().starts_with("D1")).unwrap();
    assert!(first.contains(" 1 claim ") && !first.contains("claims"), "{first}");
}

#[test]
fn errors_are_one_line_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let (success, _, err) = claimlens(&["corpus", "show", s(&dir.path().join("missing"))]);
    assert!(!success);
    assert!(err.contains("missing") && err.lines().count() == 1, "{err}");
    let bad = dir.path().join("bad.qdpx");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").unwrap();
    let (success, _, err) = claimlens(&["corpus", "import", s(&bad), "-o", s(&dir.path().join("out"))]);
    assert!(!success && err.contains("bad.qdpx") && err.contains("ZIP"), "{err}");
    // A ZIP without project.qde, and one with broken XML.
    for (name, member, content) in
        [("empty.qdpx", "other.txt", "x"), ("broken.qdpx", "project.qde", "<Project name='x'><Sources>")]
    {
        let path = dir.path().join(name);
        let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        z.start_file(member, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(content.as_bytes()).unwrap();
        z.finish().unwrap();
        let e = qdpx::import_qdpx(&path, &dir.path().join(format!("{name}.out"))).unwrap_err();
        assert!(e.to_string().contains(name), "{e}");
    }
}

/// A `.qdpx` built from `tests/data/qdpx/other-program/`, deflated like other programs write.
fn other_program_qdpx(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/qdpx/other-program");
    let path = dir.join("other.qdpx");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("project.qde", opts).unwrap();
    z.write_all(&std::fs::read(src.join("project.qde")).unwrap()).unwrap();
    for e in std::fs::read_dir(src.join("sources")).unwrap() {
        let p = e.unwrap().path();
        z.start_file(format!("sources/{}", p.file_name().unwrap().to_str().unwrap()), opts).unwrap();
        z.write_all(&std::fs::read(&p).unwrap()).unwrap();
    }
    z.finish().unwrap();
    path
}

#[test]
fn qdpx_of_another_program_imports_with_its_codes_and_exact_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/qdpx/other-program/project.qde");
    validate_with_xmllint(&fixture);
    let file = other_program_qdpx(dir.path());
    let out = dir.path().join("imported");
    let (corpus, report) = qdpx::import_qdpx(&file, &out).unwrap();
    assert_eq!(corpus.manifest.name, "Verteidigung & Budget – Studie");
    assert_eq!((report.documents, report.claims, report.notes, report.coders), (2, 5, 2, 2), "{report:?}");
    assert_eq!(report.origin, "QDA Example 2.1");
    let coders: Vec<(&str, &str)> = corpus.manifest.coders.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    assert_eq!(coders, [("ana", "Ana Pérez"), ("jurgen-lukasz", "Jürgen Łukasz")]);
    // Nested codes become paths; colours and descriptions come along; "/" in a name is kept
    // visible without making a level.
    let book = &corpus.manifest.codebook;
    let paths: Vec<&str> = book.codes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Economy",
            "Politik",
            "Politik/Verteidigung",
            "Politik/Verteidigung/Ausgaben",
            "Sentiment",
            "Sentiment/negativ",
            "pro∕contra"
        ]
    );
    assert_eq!(book.code("Politik").unwrap().color, Some((0x1F, 0x77, 0xB4)));
    assert_eq!(book.code("Politik/Verteidigung/Ausgaben").unwrap().color, Some((255, 136, 0)));
    assert_eq!(book.code("Politik").unwrap().description, "Politische Aussagen");
    book.validate().unwrap();
    // What has no place is reported, never fatal, and the original is kept.
    let skipped = report.skipped.join("\n");
    assert!(skipped.contains("PictureSource \"Foto des Ministers\""), "{skipped}");
    assert!(skipped.contains("coding(s) of the whole document"), "{skipped}");
    assert_eq!(report.not_read.get("Variables"), Some(&1));
    assert_eq!(report.not_read.get("Description"), Some(&1));
    assert_eq!(report.not_read.get("TextSource/VariableValue"), Some(&1));
    assert!(out.join(qdpx::KEPT_QDE).is_file());
    // The claims: exact quotes at the positions the file gives (code points of the CRLF text,
    // not on word boundaries), codes as tags, notes.
    let loaded = corpus.load_all(&quiet, &AtomicBool::new(false)).corpus;
    let quotes: Vec<Vec<(&str, Vec<&str>)>> = loaded
        .documents
        .iter()
        .map(|d| {
            d.project.claims.iter().map(|c| (c.quote.as_str(), c.tags.iter().map(String::as_str).collect())).collect()
        })
        .collect();
    assert_eq!(
        quotes,
        [
            vec![
                ("ürich stim", vec!["Politik"]),
                (
                    "die Ausgaben für Verteidigung seien um 5 % gestiegen 🚀",
                    vec!["Politik/Verteidigung/Ausgaben", "Sentiment/negativ"]
                ),
                ("„Das ist falsch.“", vec!["Sentiment/negativ"]),
            ],
            vec![
                ("unemployment fell to 3.9% in March", vec!["Economy", "pro∕contra"]),
                ("lowest since 2008. Econ", vec!["Economy"]),
            ],
        ]
    );
    let first = &loaded.documents[0].project;
    assert_eq!(first.document.meta.title.as_deref(), Some("Zürich stimmt ab"));
    assert!(first.claims.iter().all(|c| first.text()[c.span] == c.quote));
    assert_eq!(first.claims[1].note, "Zahl prüfen: 5 % laut Ministerium, 4,8 % laut Statistikamt.");
    assert_eq!(first.claims[2].note, "Direct quote of the critics", "another program's selection description is kept");
    assert_eq!(first.claims[0].created.to_string(), "2024-03-01T10:15:00Z");
    assert_eq!(
        loaded.documents[1].project.claims[0].note,
        "Check the March figure <3.9%> against the statistics office."
    );
    assert!(first.entities.automatic.iter().any(|e| first.text()[e.span].contains("Şahin")), "documents are analysed");
    // The documents are ordinary projects with their source copied in.
    let doc = corpus.document_path(loaded.documents[0].id).unwrap();
    assert!(ok(&["project", "show", s(&doc)]).contains("Zürich stimmt ab"));
    let src = corpus.manifest.documents[0].source.clone().unwrap();
    assert!(std::fs::read_to_string(out.join(src)).unwrap().contains("\r\n"), "the source is kept byte for byte");
    // And it goes out again as a valid .qdpx with the same quotes.
    let again = qdpx::export_qdpx(&loaded, &corpus.manifest.coders).unwrap();
    let qde_path = dir.path().join("again.qde");
    std::fs::write(&qde_path, unzip_member(&again, "project.qde")).unwrap();
    validate_with_xmllint(&qde_path);
}
