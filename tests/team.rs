//! Team work through the built binary: agreement figures reproduced from the published
//! examples on projects made with `claimlens project import --format doccano`, and
//! `claimlens merge` as git's merge driver in a real repository.

use std::path::Path;
use std::process::Command;

use claimlens::io::project_file;
use serde_json::Value;

fn claimlens(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens"))
        .current_dir(dir)
        .env_remove("CLAIMLENS_CODER")
        .args(args)
        .output()
        .expect("run claimlens");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (ok, out, err) = claimlens(dir, args);
    assert!(ok, "claimlens {args:?} failed: {err}");
    out
}

/// A doccano JSONL line with `spans` (code point offsets) labelled.
fn doccano(text: &str, spans: &[(usize, usize, &str)]) -> String {
    let labels: Vec<Value> = spans.iter().map(|(s, e, l)| serde_json::json!([s, e, l])).collect();
    format!("{}\n", serde_json::json!({"text": text, "label": labels}))
}

/// Two coders' projects of `text`, each made by importing its spans with the CLI.
fn two_coders(dir: &Path, text: &str, a: &[(usize, usize, &str)], b: &[(usize, usize, &str)]) {
    std::fs::write(dir.join("article.txt"), text).unwrap();
    ok(dir, &["project", "new", "article.txt", "-o", "ana.claimlens.ron"]);
    std::fs::copy(dir.join("ana.claimlens.ron"), dir.join("ben.claimlens.ron")).unwrap();
    for (name, spans) in [("ana", a), ("ben", b)] {
        std::fs::write(dir.join(format!("{name}.jsonl")), doccano(text, spans)).unwrap();
        let project = format!("{name}.claimlens.ron");
        let jsonl = format!("{name}.jsonl");
        let out =
            ok(dir, &["project", "import", &project, "--annotations", &jsonl, "--format", "doccano", "--coder", name]);
        let report: Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(report["claims"].as_u64(), Some(spans.len() as u64), "{out}");
    }
}

fn value(v: &Value) -> f64 {
    v["value"].as_f64().unwrap_or_else(|| panic!("undefined: {v}"))
}

/// Krippendorff (2004), Content Analysis, p. 254: the continuum 150..450 is a 300-character
/// article (here with accents and an emoji, so code points and bytes differ), every unit
/// shifted by −150.
#[test]
fn agree_reproduces_krippendorff_2004_unitizing_example() {
    let dir = tempfile::tempdir().unwrap();
    let mut text: String = "Zürich’s café 🚲 spends ".chars().cycle().take(300).collect::<String>();
    text.truncate(text.trim_end().len());
    text.push_str(&"x".repeat(300 - text.chars().count()));
    assert_eq!(text.chars().count(), 300);
    let u = |s: usize, l: usize, c: &'static str| (s - 150, s - 150 + l, c);
    let coder1 = [u(225, 70, "c"), u(370, 30, "c"), u(180, 60, "k"), u(300, 50, "k")];
    let coder2 = [u(220, 80, "c"), u(355, 20, "c"), u(400, 20, "c"), u(180, 60, "k"), u(300, 50, "k")];
    two_coders(dir.path(), &text, &coder1, &coder2);
    let out = ok(dir.path(), &["agree", "ana.claimlens.ron", "ben.claimlens.ron", "--by", "tag", "--json"]);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["continuum_chars"].as_u64(), Some(300));
    let overall = value(&r["unitized_alpha"]["overall"]);
    let c = value(&r["unitized_alpha"]["by_category"]["c"]);
    let k = value(&r["unitized_alpha"]["by_category"]["k"]);
    assert!((overall - 0.8591).abs() < 0.0005, "α_u {overall}");
    assert!((c - 0.7286).abs() < 0.0005, "α_u(c) {c}");
    assert!((k - 1.0).abs() < 0.0005, "α_u(k) {k}");
    let d_o = r["unitized_alpha"]["by_category"]["c"]["observed_disagreement"].as_f64().unwrap();
    let d_e = r["unitized_alpha"]["by_category"]["c"]["expected_disagreement"].as_f64().unwrap();
    assert!((d_o - 0.0144).abs() < 0.0005 && (d_e - 0.0532).abs() < 0.0005, "{d_o} {d_e}");
    assert_eq!(r["coders"], serde_json::json!(["ana", "ben"]));
    // The coder is recorded on every imported claim.
    let p = project_file::load(&dir.path().join("ben.claimlens.ron")).unwrap();
    assert!(p.claims.iter().all(|c| c.created_by == "ben" && c.modified_by == "ben"));
    // The text report names the figures and their reading.
    let text_out = ok(dir.path(), &["agree", "ana.claimlens.ron", "ben.claimlens.ron", "--by", "tag"]);
    assert!(text_out.contains("0.8587") && text_out.contains("reliable"), "{text_out}");
}

/// Krippendorff (1995), example A: 24 sentences, coder 1 marks sentences 2–9 and 14–19,
/// coder 2 sentences 4–7 and 15–16.
#[test]
fn agree_reproduces_krippendorff_1995_sentence_example() {
    let dir = tempfile::tempdir().unwrap();
    let words = ["Zürich", "Ünal", "Kraków", "Tōkyō", "Oslo", "Lima"];
    let sentences: Vec<String> =
        (1..=24).map(|i| format!("Claim number {i} about {} is stated here.", words[i % words.len()])).collect();
    let text = sentences.join(" ");
    let starts: Vec<usize> = sentences
        .iter()
        .scan(0, |at, s| {
            let start = *at;
            *at += s.chars().count() + 1;
            Some(start)
        })
        .collect();
    let marks = |ranges: &[(usize, usize)]| -> Vec<(usize, usize, &'static str)> {
        ranges
            .iter()
            .flat_map(|&(a, b)| a..=b)
            .map(|i| (starts[i - 1], starts[i - 1] + sentences[i - 1].chars().count(), "claim"))
            .collect()
    };
    two_coders(dir.path(), &text, &marks(&[(2, 9), (14, 19)]), &marks(&[(4, 7), (15, 16)]));
    let out = ok(dir.path(), &["agree", "ana.claimlens.ron", "ben.claimlens.ron", "--json"]);
    let r: Value = serde_json::from_str(&out).unwrap();
    let s = &r["sentences"];
    assert_eq!(s["items"].as_u64(), Some(24), "the splitter must see 24 sentences: {s}");
    assert_eq!((s["coded_a"].as_u64(), s["coded_b"].as_u64()), (Some(14), Some(6)));
    let kappa = value(&s["cohen_kappa"]);
    let alpha = value(&s["krippendorff_alpha"]);
    assert!((kappa - 0.385).abs() < 0.001, "κ {kappa}");
    assert!((alpha - 0.329).abs() < 0.001, "α {alpha}");
    assert!((value(&s["percent"]) - 16.0 / 24.0).abs() < 1e-9);
    // The claims B made are all claims A made too: their attributes agree fully, which leaves
    // α undefined (no variation) — reported as null with a reason, not as a number.
    assert_eq!(r["units"]["matched"].as_u64(), Some(6));
    assert!(r["attributes"]["type"]["alpha"]["value"].is_null());
    assert!(r["attributes"]["type"]["alpha"]["reason"].is_string());
    assert_eq!(r["attributes"]["type"]["percent"]["value"].as_f64(), Some(1.0));
}

#[test]
fn agree_refuses_different_articles_and_reports_an_empty_coder() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Tax rose 5% in Zürich. Jobs fell.";
    two_coders(dir.path(), text, &[(0, 22, "claim")], &[]);
    let out = ok(dir.path(), &["agree", "ana.claimlens.ron", "ben.claimlens.ron", "--json"]);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert!(r["unitized_alpha"]["overall"]["value"].is_null());
    assert!(r["unitized_alpha"]["overall"]["reason"].as_str().unwrap().contains("no units"), "{r}");
    std::fs::write(dir.path().join("other.txt"), "Something else entirely.").unwrap();
    ok(dir.path(), &["project", "new", "other.txt", "-o", "other.claimlens.ron"]);
    let (ok2, _, err) = claimlens(dir.path(), &["agree", "ana.claimlens.ron", "other.claimlens.ron"]);
    assert!(!ok2);
    assert!(err.contains("different versions of the article"), "{err}");
}

fn git(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("git").current_dir(dir).args(args).output().expect("run git");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn git_ok(dir: &Path, args: &[&str]) {
    let (ok, out) = git(dir, args);
    assert!(ok, "git {args:?}: {out}");
}

fn set_note(path: &Path, claim: usize, note: &str) {
    let mut p = project_file::load(path).unwrap();
    p.claims[claim].note = note.to_owned();
    p.claims[claim].modified = jiff::Timestamp::now();
    project_file::save(path, &p).unwrap();
}

/// `claimlens merge` as git's merge driver: edits of different claims and new claims on two
/// branches merge cleanly; both sides editing the same note is a conflict git reports, and
/// the file still opens with both values recorded.
#[test]
fn git_merge_driver_merges_by_annotation_id() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED git_merge_driver_merges_by_annotation_id: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    git_ok(d, &["config", "user.name", "Test"]);
    git_ok(d, &["config", "user.email", "test@example.invalid"]);
    git_ok(d, &["config", "commit.gpgsign", "false"]);
    let driver = format!("{} merge %O %A %B", env!("CARGO_BIN_EXE_claimlens"));
    git_ok(d, &["config", "merge.claimlens.driver", &driver]);
    std::fs::write(d.join(".gitattributes"), "*.claimlens.ron merge=claimlens\n").unwrap();
    // Saving keeps the previous version as NAME~: not for the repository.
    std::fs::write(d.join(".gitignore"), "*~\n").unwrap();
    let text = "Zürich spends 5% on bikes. Oslo spends 7%. Kraków cut its budget. Lima doubled it.";
    std::fs::write(d.join("article.txt"), text).unwrap();
    ok(d, &["project", "new", "article.txt", "-o", "p.claimlens.ron"]);
    let at = |s: &str| {
        let i = text.find(s).unwrap();
        let start = text[..i].chars().count();
        (start, start + s.chars().count(), "claim")
    };
    std::fs::write(d.join("base.jsonl"), doccano(text, &[at("Zürich spends 5% on bikes."), at("Oslo spends 7%.")]))
        .unwrap();
    ok(d, &["project", "import", "p.claimlens.ron", "--annotations", "base.jsonl", "--format", "doccano"]);
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-qm", "base"]);

    let p = d.join("p.claimlens.ron");
    git_ok(d, &["checkout", "-qb", "ana"]);
    set_note(&p, 0, "Ana checked the 5%.");
    std::fs::write(d.join("ana.jsonl"), doccano(text, &[at("Kraków cut its budget.")])).unwrap();
    ok(
        d,
        &[
            "project",
            "import",
            "p.claimlens.ron",
            "--annotations",
            "ana.jsonl",
            "--format",
            "doccano",
            "--coder",
            "ana",
        ],
    );
    git_ok(d, &["commit", "-qam", "ana"]);

    git_ok(d, &["checkout", "-q", "main"]);
    git_ok(d, &["checkout", "-qb", "ben"]);
    set_note(&p, 1, "Ben: 7% is from 2023.");
    std::fs::write(d.join("ben.jsonl"), doccano(text, &[at("Lima doubled it.")])).unwrap();
    ok(
        d,
        &[
            "project",
            "import",
            "p.claimlens.ron",
            "--annotations",
            "ben.jsonl",
            "--format",
            "doccano",
            "--coder",
            "ben",
        ],
    );
    git_ok(d, &["commit", "-qam", "ben"]);

    git_ok(d, &["checkout", "-q", "ana"]);
    let (merged, out) = git(d, &["merge", "--no-edit", "ben"]);
    assert!(merged, "a clean merge: {out}");
    let m = project_file::load(&p).unwrap();
    assert_eq!(m.claims.len(), 4, "{:?}", m.claims.iter().map(|c| &c.quote).collect::<Vec<_>>());
    let ids: std::collections::BTreeSet<_> = m.claims.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 4, "distinct ids");
    assert_eq!(m.claims[0].note, "Ana checked the 5%.");
    assert_eq!(m.claims[1].note, "Ben: 7% is from 2023.");
    assert!(m.conflicts.is_empty());
    let coders: Vec<&str> = m.claims.iter().map(|c| c.created_by.as_str()).collect();
    assert_eq!(coders, ["", "", "ana", "ben"]);

    // Both edit the same note.
    git_ok(d, &["checkout", "-qb", "ben2"]);
    set_note(&p, 2, "Ben says: -3%.");
    git_ok(d, &["commit", "-qam", "ben2"]);
    git_ok(d, &["checkout", "-q", "ana"]);
    set_note(&p, 2, "Ana says: -4%.");
    git_ok(d, &["commit", "-qam", "ana2"]);
    let (merged, out) = git(d, &["merge", "--no-edit", "ben2"]);
    assert!(!merged, "git must report the conflict: {out}");
    assert!(out.contains("CONFLICT") && out.contains("p.claimlens.ron"), "{out}");
    let raw = std::fs::read_to_string(&p).unwrap();
    assert!(!raw.contains("<<<<<<<"), "no conflict markers inside RON");
    let c = project_file::load(&p).expect("the conflicted file still opens");
    assert_eq!(c.conflicts.len(), 1);
    let conflict = &c.conflicts[0];
    assert_eq!(conflict.field, "note");
    let values = format!("{:?} {:?}", conflict.ours, conflict.theirs);
    assert!(values.contains("Ana says: -4%.") && values.contains("Ben says: -3%."), "{values}");
    assert_eq!(c.claims[2].note, "Ana says: -4%.", "the file holds ours until resolved");
    let show = ok(d, &["project", "show", "p.claimlens.ron"]);
    assert!(show.contains("merge conflicts: 1") && show.contains("note") && show.contains("Ben says"), "{show}");

    // Resolving takes their value and drops the conflict.
    let out = ok(d, &["resolve", "p.claimlens.ron", "1", "--take", "theirs", "--coder", "ana"]);
    assert!(out.contains("0 conflict(s) left"), "{out}");
    let r = project_file::load(&p).unwrap();
    assert!(r.conflicts.is_empty());
    assert_eq!(r.claims[2].note, "Ben says: -3%.");
    assert_eq!(r.claims[2].modified_by, "ana");
}

/// Two coders who each open a copy of the same old (version 2) file get the same ids, so a
/// merge matches their claims instead of doubling them.
#[test]
fn merge_of_two_migrated_copies_matches_claims() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let v2 = std::fs::read_to_string("tests/data/projects/v2-features.claimlens.ron").unwrap();
    for name in ["base", "ours", "theirs"] {
        std::fs::write(d.join(format!("{name}.claimlens.ron")), &v2).unwrap();
    }
    let mut ours = project_file::load(&d.join("ours.claimlens.ron")).unwrap();
    ours.claims[0].note = "edited by ana".into();
    project_file::save(&d.join("ours.claimlens.ron"), &ours).unwrap();
    // Theirs stays a version 2 file, edited by hand.
    let theirs_text = v2.replacen("note: \"\",", "note: \"edited by ben\",", 1);
    assert_ne!(theirs_text, v2);
    std::fs::write(d.join("theirs.claimlens.ron"), theirs_text).unwrap();
    let out = ok(d, &["merge", "base.claimlens.ron", "ours.claimlens.ron", "theirs.claimlens.ron"]);
    assert!(out.contains("0 new conflicts"), "{out}");
    let m = project_file::load(&d.join("ours.claimlens.ron")).unwrap();
    assert_eq!(m.claims.len(), 2);
    assert_eq!(m.claims[0].note, "edited by ana");
    assert_eq!(m.claims[1].note, "edited by ben");
}

#[test]
fn merge_refuses_different_article_versions_and_leaves_ours() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Tax rose 5% in Zürich.").unwrap();
    std::fs::write(d.join("b.txt"), "Tax rose 6% in Zürich.").unwrap();
    ok(d, &["project", "new", "a.txt", "-o", "base.claimlens.ron"]);
    std::fs::copy(d.join("base.claimlens.ron"), d.join("ours.claimlens.ron")).unwrap();
    ok(d, &["project", "new", "b.txt", "-o", "theirs.claimlens.ron"]);
    let before = std::fs::read(d.join("ours.claimlens.ron")).unwrap();
    let (merged, _, err) = claimlens(d, &["merge", "base.claimlens.ron", "ours.claimlens.ron", "theirs.claimlens.ron"]);
    assert!(!merged);
    assert!(err.contains("different versions of the article") && err.contains("left as it was"), "{err}");
    assert_eq!(std::fs::read(d.join("ours.claimlens.ron")).unwrap(), before);
}
