//! Faults: the process killed (SIGKILL) in the middle of saving, many times over, never leaves
//! a damaged or missing project.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use claimlens::document::{BlockKind, Document};
use claimlens::io::project_file;
use claimlens::project::{Project, SourceInfo};

const CHILD_ENV: &str = "CLAIMLENS_TEST_SAVE_LOOP";

/// A project big enough that a save takes a while (so kills land mid-write).
fn big_project(marker: &str) -> Project {
    let para = format!("{marker}: Zürich, “NATO” and 5% — a paragraph that repeats. ").repeat(40);
    let blocks: Vec<(BlockKind, &str)> = std::iter::once((BlockKind::Title, marker))
        .chain(std::iter::repeat_n((BlockKind::Paragraph, para.as_str()), 300))
        .collect();
    Project::new(Document::from_blocks(blocks), SourceInfo::default())
}

/// Run in a child process: save two different versions alternately, forever. A helper, not
/// a test: ignored (so it is never reported as passing) and run only with `--ignored` by
/// [`sigkill_during_save_never_damages_the_project`].
#[test]
#[ignore = "helper: the child process of sigkill_during_save_never_damages_the_project"]
fn child_save_loop() {
    let path = std::env::var_os(CHILD_ENV).expect("run by sigkill_during_save_never_damages_the_project");
    let path = Path::new(&path);
    let (a, b) = (big_project("version A"), big_project("version B"));
    loop {
        project_file::save(path, &a).unwrap();
        project_file::save(path, &b).unwrap();
    }
}

#[test]
fn sigkill_during_save_never_damages_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.claimlens.ron");
    let (a, b) = (big_project("version A"), big_project("version B"));
    project_file::save(&path, &a).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut seen_b = false;
    for round in 0..30u64 {
        let mut child = Command::new(&exe)
            .args(["--exact", "faults::child_save_loop", "--ignored", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at a different moment each round (process start-up is ~10 ms).
        std::thread::sleep(Duration::from_millis(15 + (round * 37) % 160));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let loaded = project_file::load(&path).unwrap_or_else(|e| panic!("round {round}: damaged project: {e}"));
        assert!(loaded == a || loaded == b, "round {round}: the project is neither complete version");
        seen_b |= loaded == b;
    }
    assert!(seen_b, "the child never completed a save: the test did not exercise anything");
    // Leftover temporary files from killed saves may remain; they never replace the project.
    let start = Instant::now();
    assert!(project_file::load(&path).is_ok() && start.elapsed() < Duration::from_secs(5));
}
