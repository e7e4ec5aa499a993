//! The one way tests reach `../shared` (data and tools kept next to the repository, not in
//! it: research-only data may not be committed). Without it a test skips, loudly; with
//! `CLAIMLENS_REQUIRE_SHARED=1` (set by `.ci/run` whenever `../shared` exists) a missing file
//! is a failure, so the floors on shared data are checked on every submission.

use std::path::PathBuf;

/// The variable that turns a skip into a failure.
pub const REQUIRE_VAR: &str = "CLAIMLENS_REQUIRE_SHARED";

/// True when `CLAIMLENS_REQUIRE_SHARED=1`.
pub fn required() -> bool {
    std::env::var(REQUIRE_VAR).is_ok_and(|v| v.trim() == "1")
}

/// Report that the calling test cannot do its work: a `SKIP` line on stderr, or a panic
/// when [`required`].
pub fn skip(reason: &str) {
    assert!(!required(), "{REQUIRE_VAR}=1 but {reason}");
    eprintln!("SKIP {}: {reason}", std::thread::current().name().unwrap_or("test"));
}

/// `../shared/REL` (next to the repository) if it exists; otherwise [`skip`] and `None`.
pub fn shared_dir(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared").join(rel);
    if path.exists() {
        Some(path)
    } else {
        skip(&format!("{} not found", path.display()));
        None
    }
}
