//! The headless command line: `claimlens entities` and `claimlens project …`, run as a
//! separate process the way users and scripts run it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn claimlens(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens")).args(args).output().expect("run claimlens");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const ARTICLE: &str = "Ünal Şahin met NATO officials in Zürich\n\nOn Feb. 11, 2025, Pete Hegseth said NATO members \
must spend 5% of GDP — about $500 billion — on defence.";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_owned()
}

#[test]
fn entities_prints_code_point_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", ARTICLE);
    let (ok, out, err) = claimlens(&["entities", &file]);
    assert!(ok, "{err}");
    let chars: Vec<char> = ARTICLE.chars().collect();
    let mut seen = Vec::new();
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let (s, e) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        let text: String = chars[s..e].iter().collect();
        assert_eq!(v["text"].as_str().unwrap(), text, "code point offsets must select the printed text");
        seen.push((text, v["label"].as_str().unwrap().to_owned()));
    }
    assert!(seen.contains(&("5%".to_owned(), "PERCENT".to_owned())), "{seen:?}");
    assert!(seen.iter().any(|(t, l)| t == "NATO" && l == "ORG"), "{seen:?}");
}

#[test]
fn entities_jsonl_one_line_per_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.jsonl",
        "{\"id\": \"a\", \"text\": \"Größe: 5% in Köln.\", \"extra\": 1}\n\n{\"id\": 7, \"text\": \"Nothing here.\"}\n",
    );
    let (ok, out, err) = claimlens(&["entities", "--jsonl", &input]);
    assert!(ok, "{err}");
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["id"], 7);
    let pct = lines[0]["entities"].as_array().unwrap().iter().find(|e| e["label"] == "PERCENT").unwrap();
    // "Größe: " is 7 code points (9 bytes): offsets must be code points.
    assert_eq!((pct["start"].as_u64(), pct["end"].as_u64()), (Some(7), Some(9)));
}

#[test]
fn project_new_show_export() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "article.txt", ARTICLE);
    let project = dir.path().join("p.claimlens.ron");
    let (ok, _, err) = claimlens(&["project", "new", &file, "-o", project.to_str().unwrap()]);
    assert!(ok, "{err}");
    let (ok, out, err) = claimlens(&["project", "show", project.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("title: Ünal Şahin met NATO officials in Zürich"), "{out}");
    assert!(out.contains("PERCENT"), "{out}");
    assert!(out.contains("to check"), "{out}");
    let (ok, out, err) = claimlens(&["project", "export", project.to_str().unwrap(), "--format", "json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["text"].as_str().unwrap(), ARTICLE);
    let chars: Vec<char> = ARTICLE.chars().collect();
    for e in v["entities"].as_array().unwrap() {
        let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..t].iter().collect::<String>(), e["text"].as_str().unwrap());
    }
    // -o writes the same JSON to a file.
    let out_path = dir.path().join("p.json");
    let (ok, _, err) = claimlens(&[
        "project",
        "export",
        project.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&std::fs::read_to_string(&out_path).unwrap()).unwrap(), v);
    // from-json makes the project again: same file, same export.
    let again = dir.path().join("again.claimlens.ron");
    let (ok, printed, err) =
        claimlens(&["project", "from-json", out_path.to_str().unwrap(), "-o", again.to_str().unwrap()]);
    assert!(ok && printed.contains("again.claimlens.ron"), "{err}");
    assert_eq!(std::fs::read_to_string(&again).unwrap(), std::fs::read_to_string(&project).unwrap());
    let (ok, out2, err) = claimlens(&["project", "export", again.to_str().unwrap(), "--format", "json"]);
    assert!(ok, "{err}");
    assert_eq!(out2, out, "export → from-json → export is byte-identical");
    // A JSON that is not a project export is refused with one line naming the file.
    let other = write(dir.path(), "other.json", "{\"text\": \"hello\"}");
    let (ok, _, err) = claimlens(&["project", "from-json", &other]);
    assert!(!ok && err.contains("other.json") && err.contains("not a ClaimLens project export"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("not a ClaimLens project export").count(), 1, "the reason is said once: {err}");
}

#[test]
fn bad_input_is_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", "");
    let missing = dir.path().join("missing.txt").to_str().unwrap().to_owned();
    let gz = dir.path().join("fake.txt");
    std::fs::write(&gz, b"\x1f\x8b\x08\x00\x00\x00\x00\x00binary").unwrap();
    let bad_project = write(dir.path(), "bad.claimlens.ron", "(format_version: 1, oops");
    let newer = write(dir.path(), "new.claimlens.ron", "(format_version: 99, whatever: ())");
    let bad_jsonl = write(dir.path(), "bad.jsonl", "{\"id\": 1, \"text\": \"ok\"}\nnot json\n");
    for (args, needle) in [
        (vec!["entities", empty.as_str()], "empty"),
        (vec!["entities", missing.as_str()], "missing.txt"),
        (vec!["entities", gz.to_str().unwrap()], "gzip"),
        (vec!["project", "show", bad_project.as_str()], "damaged"),
        (vec!["project", "show", newer.as_str()], "version 99"),
        (vec!["entities", "--jsonl", bad_jsonl.as_str()], "line 2"),
    ] {
        let (ok, _, err) = claimlens(&args);
        assert!(!ok, "{args:?} should fail");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: one line expected, got {err:?}");
        assert!(err.contains(needle), "{args:?}: {err:?} should mention {needle:?}");
        assert!(!err.contains("panicked"), "{err}");
        // Issue 12: each cause is named once, not once per layer that wraps it.
        for cause in ["os error 2", "cannot read the file", "the file is empty"] {
            assert!(err.matches(cause).count() <= 1, "{args:?}: {cause:?} repeated in {err:?}");
        }
        let reason = err.trim_end().rsplit(": ").next().unwrap();
        assert_eq!(err.matches(reason).count(), 1, "{args:?}: the reason is repeated in {err:?}");
    }
}

/// Issue 12: a reader that stops early (`claimlens entities BIG | head -1`) is no error.
#[cfg(unix)]
#[test]
fn a_closed_pipe_exits_quietly() {
    use std::io::Read as _;
    let dir = tempfile::tempdir().unwrap();
    let big = ARTICLE.repeat(400);
    let file = write(dir.path(), "big.txt", &big);
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimlens"))
        .args(["entities", &file])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `head -1` exiting
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {err}", out.status);
    assert!(err.is_empty(), "nothing to report on a closed pipe, got {err:?}");
}

/// Issue 12: a saved web article whose first line is its URL: the URL is metadata, not text.
#[test]
fn a_leading_url_line_is_metadata_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let article = format!("https://www.cbc.ca/news/canada/a%C3%A9roport-1.7412345\n\n{ARTICLE}\n");
    let file = write(dir.path(), "saved.txt", &article);
    let project = dir.path().join("saved.claimlens.ron");
    let (ok, _, err) = claimlens(&["project", "new", &file, "-o", project.to_str().unwrap()]);
    assert!(ok, "{err}");
    let p = claimlens::io::project_file::load(&project).unwrap();
    assert_eq!(p.document.meta.url.as_deref(), Some("https://www.cbc.ca/news/canada/a%C3%A9roport-1.7412345"));
    assert!(!p.document.text.contains("http"));
    assert_eq!(p.document.meta.title.as_deref(), Some("Ünal Şahin met NATO officials in Zürich"));
    let (ok, out, err) = claimlens(&["claims", &file, "--top", "50"]);
    assert!(ok, "{err}");
    assert!(!out.is_empty(), "the article has suggestions");
    assert!(!out.contains("http"), "{out}");
    let (ok, out, err) = claimlens(&["entities", &file]);
    assert!(ok, "{err}");
    assert!(!out.contains("canada") && !out.contains("\"3%\""), "{out}");
}

/// Issue 12: under umask 022 a new project is 0644, readable by the team.
#[cfg(unix)]
#[test]
fn a_new_project_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", ARTICLE);
    let project = dir.path().join("a.claimlens.ron");
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" project new \"$1\" -o \"$2\"")
        .args([env!("CARGO_BIN_EXE_claimlens"), &file, project.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::metadata(&project).unwrap().permissions().mode() & 0o777, 0o644);
}

#[test]
fn codebook_export_import_merge_and_replace() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "article.txt", ARTICLE);
    let project = dir.path().join("p.claimlens.ron");
    let project = project.to_str().unwrap();
    let (ok, _, err) = claimlens(&["project", "new", &file, "-o", project]);
    assert!(ok, "{err}");
    let desk = write(
        dir.path(),
        "desk.codebook.ron",
        "(format: \"claimlens-codebook\", version: 1, codebook: (name: \"Desk\", codes: [\
         (path: \"topic/defence\", color: Some((200, 60, 40)), shortcut: Some(1)), (path: \"actor/nato\")]))",
    );
    let (ok, out, err) = claimlens(&["codebook", "import", project, &desk]);
    assert!(ok, "{err}");
    assert!(out.contains("merged") && out.contains("codes added 2,"), "{out}");
    let (ok, out, err) = claimlens(&["project", "show", project]);
    assert!(ok, "{err}");
    assert!(out.contains("codebook: Desk (2 codes)"), "{out}");

    // Export writes a file that loads back as the same codebook; without -o it prints it.
    let exported = dir.path().join("out.codebook.ron");
    let (ok, _, err) = claimlens(&["codebook", "export", project, "-o", exported.to_str().unwrap()]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("format: \"claimlens-codebook\"") && text.contains("topic/defence"), "{text}");
    let (ok, printed, err) = claimlens(&["codebook", "export", project]);
    assert!(ok, "{err}");
    assert_eq!(printed, text);

    let other = write(
        dir.path(),
        "other.codebook.ron",
        "(format: \"claimlens-codebook\", version: 1, codebook: (codes: [(path: \"x\")]))",
    );
    let (ok, out, err) = claimlens(&["codebook", "import", project, &other, "--replace"]);
    assert!(ok, "{err}");
    assert!(out.contains("codes added 1, updated 0, removed 2;"), "{out}");
    let (_, out, _) = claimlens(&["project", "show", project]);
    assert!(out.contains("(1 codes)"), "{out}");

    // Refusals: one line naming the file; the project is not touched.
    let before = std::fs::read(project).unwrap();
    let newer = write(dir.path(), "newer.codebook.ron", "(format: \"claimlens-codebook\", version: 9, codebook: ())");
    let corrupt = write(dir.path(), "bad.codebook.ron", &text[..text.len() / 2]);
    for (bad, needle) in
        [(newer.as_str(), "newer"), (corrupt.as_str(), "damaged"), (project, "not a ClaimLens codebook")]
    {
        let (ok, _, err) = claimlens(&["codebook", "import", project, bad]);
        assert!(!ok);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(needle) && err.contains(bad), "{err}");
    }
    assert_eq!(std::fs::read(project).unwrap(), before);
}

#[test]
fn project_export_every_format_import_and_update() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "article.txt", ARTICLE);
    let project = dir.path().join("p.claimlens.ron");
    let p = project.to_str().unwrap();
    let (ok, _, err) = claimlens(&["project", "new", &file, "-o", p]);
    assert!(ok, "{err}");
    for format in claimlens::io::export::Format::all() {
        let name = format.name();
        if format.is_multi_file() {
            let (ok, _, err) = claimlens(&["project", "export", p, "--format", name]);
            assert!(!ok && err.contains("-o NAME"), "brat without -o must fail clearly: {err}");
            let base = dir.path().join("out");
            let (ok, _, err) = claimlens(&["project", "export", p, "--format", name, "-o", base.to_str().unwrap()]);
            assert!(ok, "{err}");
            assert_eq!(std::fs::read_to_string(dir.path().join("out.txt")).unwrap(), ARTICLE);
            assert!(std::fs::read_to_string(dir.path().join("out.ann")).unwrap().contains("\tPERCENT "));
        } else {
            let (ok, out, err) = claimlens(&["project", "export", p, "--format", name]);
            assert!(ok, "{name}: {err}");
            assert!(!out.is_empty(), "{name}");
        }
    }
    let (ok, _, err) = claimlens(&["project", "export", p, "--format", "xml"]);
    assert!(!ok && err.contains("claimreview"), "{err}");
    // Import: one entity type label and one claim label.
    let chars = |s: &str| {
        let i = ARTICLE.find(s).unwrap();
        (ARTICLE[..i].chars().count(), ARTICLE[..i + s.len()].chars().count())
    };
    let (a, b) = chars("Pete Hegseth said NATO members must spend 5% of GDP");
    let (c, d) = chars("Zürich");
    let ann = write(
        dir.path(),
        "x.jsonl",
        &format!(
            "{{\"text\": {}, \"label\": [[{a}, {b}, \"defence\"], [{c}, {d}, \"LOC\"]]}}\n",
            serde_json::to_string(ARTICLE).unwrap()
        ),
    );
    let (ok, out, err) = claimlens(&["project", "import", p, "--annotations", &ann, "--format", "doccano"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((v["claims"].as_u64(), v["entities"].as_u64()), (Some(1), Some(1)), "{v}");
    // Update onto an edited article.
    let edited = ARTICLE.replace("On Feb. 11, 2025, ", "On Tuesday, Feb. 11, 2025, ");
    let new_file = write(dir.path(), "article2.txt", &edited);
    let (ok, out, err) = claimlens(&["project", "update", p, "--article", &new_file]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    for key in ["kept", "moved", "fuzzy", "orphaned"] {
        assert!(v[key].is_u64(), "{key} in {v}");
    }
    assert_eq!(v["orphaned"], 0);
    let (ok, out, _) = claimlens(&["project", "export", p, "--format", "json"]);
    assert!(ok);
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["text"].as_str().unwrap(), edited);
    assert_eq!(j["claims"][0]["quote"], "Pete Hegseth said NATO members must spend 5% of GDP");
    assert_eq!(j["article_versions"].as_array().unwrap().len(), 2);
}
