//! Arbitrary bytes as a `.pdf` file: the PDF importer (lopdf and pdf-extract under `catch_unwind`) returns a
//! valid document or a clear error, and never panics.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimlens::fuzzing::import(std::path::Path::new("input.pdf"), data);
});
