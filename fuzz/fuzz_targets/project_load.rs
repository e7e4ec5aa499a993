//! Arbitrary text as a project file: refused with an error or loaded as a valid project that
//! saves and loads back equal. Never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimlens::fuzzing::project(data);
});
