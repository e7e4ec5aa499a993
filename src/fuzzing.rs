//! The checks the fuzz targets in `fuzz/` run on each input, kept here so the regression test
//! (`tests/fuzz_regressions.rs`) replays every saved crash input through exactly the same
//! code without needing nightly Rust or libFuzzer. Not a public API.

use std::path::Path;

use crate::io;
use crate::project::schema;

/// Import `data` as if read from `path` (its extension picks the importer). Either a valid
/// document comes out or an error with a message; anything else panics (which the fuzzer
/// reports).
///
/// # Panics
/// When the importer breaks its contract.
pub fn import(path: &Path, data: &[u8]) {
    match io::import_bytes(path, data) {
        Ok(imported) => {
            if let Err(e) = imported.document.validate() {
                panic!("importer produced an invalid document: {e}");
            }
            // Offsets other tools read are code points: the conversion must hold everywhere.
            let text = &imported.document.text;
            for b in &imported.document.blocks {
                assert!(text.is_char_boundary(b.span.start) && text.is_char_boundary(b.span.end));
            }
        }
        Err(e) => assert!(!e.to_string().trim().is_empty(), "an import error must say why"),
    }
}

/// Load `data` as a project file. Refused with a message, or loaded as a valid project whose
/// derived data can be computed and which saves and loads back equal.
///
/// # Panics
/// When the loader breaks its contract.
pub fn project(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match schema::from_ron_str(text) {
        Ok(p) => {
            let text = p.text();
            let _ = p.entities.effective(text);
            let _ = p.entities.canonical(text);
            let saved = schema::to_ron_string(&p).expect("a loaded project serialises");
            let back = schema::from_ron_str(&saved).expect("a saved project loads");
            assert!(back == p, "save/load round trip changed the project");
        }
        Err(e) => assert!(!e.to_string().trim().is_empty(), "a load error must say why"),
    }
}
