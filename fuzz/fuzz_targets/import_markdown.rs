//! Arbitrary bytes as a `.md` file: encoding detection, then the markdown importer. Whatever the
//! input, the importer returns a valid document or a clear error, and never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimlens::fuzzing::import(std::path::Path::new("input.md"), data);
});
