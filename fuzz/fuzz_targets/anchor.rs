//! Re-anchoring claims onto an arbitrary new version of an arbitrary article: nothing is lost,
//! spans stay on char boundaries, undo restores the old project. See `claimlens::fuzzing::anchor`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    claimlens::fuzzing::anchor(data);
});
