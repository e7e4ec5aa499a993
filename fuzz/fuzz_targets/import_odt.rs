//! Arbitrary bytes as a `.odt` file: the odt importer (ZIP and XML parsers) returns a
//! valid document or a clear error, and never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimlens::fuzzing::import(std::path::Path::new("input.odt"), data);
});
