//! Every input a fuzz target (`fuzz/`) ever crashed on, replayed through the same checks
//! ([`claimlens::fuzzing`]). Files live in `tests/data/fuzz-regressions/TARGET/`; the target's
//! name picks the check. A crash input found by `cargo fuzz` is copied there (see the README).

use std::path::Path;

#[test]
fn every_saved_fuzz_input_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions");
    let mut n = 0;
    for target in std::fs::read_dir(&root).expect("regression folder") {
        let target = target.unwrap().path();
        if !target.is_dir() {
            continue;
        }
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in std::fs::read_dir(&target).unwrap() {
            let input = input.unwrap().path();
            let data = std::fs::read(&input).unwrap();
            println!("{name}: {}", input.display());
            match name.as_str() {
                "import_plain" => claimlens::fuzzing::import(Path::new("input.txt"), &data),
                "import_markdown" => claimlens::fuzzing::import(Path::new("input.md"), &data),
                "import_html" => claimlens::fuzzing::import(Path::new("input.html"), &data),
                "import_xml" => claimlens::fuzzing::import(Path::new("input.xml"), &data),
                "import_pdf" => claimlens::fuzzing::import(Path::new("input.pdf"), &data),
                "import_docx" => claimlens::fuzzing::import(Path::new("input.docx"), &data),
                "import_odt" => claimlens::fuzzing::import(Path::new("input.odt"), &data),
                "import_epub" => claimlens::fuzzing::import(Path::new("input.epub"), &data),
                "project_load" => claimlens::fuzzing::project(&data),
                "anchor" => claimlens::fuzzing::anchor(&data),
                other => panic!("unknown fuzz target folder {other}"),
            }
            n += 1;
        }
    }
    assert!(n > 0, "the seed inputs are committed");
}
