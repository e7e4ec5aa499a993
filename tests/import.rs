//! Article import: structure detection, encodings, offsets, formats, refusals, robustness.
//!
//! The synthetic texts below imitate the layout of news pages copied as text (captions with
//! credits, datelines, bylines, headings); they are written for these tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use claimlens::document::{BlockKind, Document};
use claimlens::io::{self, ImportErrorKind, html, markdown, plain, xml};
use proptest::prelude::*;

fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
    doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span])).collect()
}

fn credits(doc: &Document) -> Vec<Option<&str>> {
    doc.blocks.iter().filter(|b| b.kind == BlockKind::Caption).map(|b| b.credit.map(|c| &doc.text[c])).collect()
}

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/articles").join(rel)
}

fn import_fixture(rel: &str) -> Document {
    let imported = io::import_path(&data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    imported.document.validate().unwrap_or_else(|e| panic!("{rel}: {e}"));
    imported.document
}

use BlockKind::{Byline, Caption, Dateline, Heading, ListItem, Paragraph, Preformatted, Quote, Subtitle, Title};

// ---------------------------------------------------------------------------------------
// Plain text structure

/// The layout of a news page copied from a browser: a photo caption with its credit on the
/// first line, the outlet's dateline with no-break spaces under it, captions between
/// paragraphs (one with a wire credit, one agency caption without), section headings.
/// The story is invented.
const COPIED_PAGE: &str = "Dock workers stand beside idle cranes at the container terminal in Rotterdam, Netherlands, Monday, March 3, 2025. (AP Photo/Lena Kowal)
CNN\u{a0} —\u{a0}

A strike by dock workers closed the port for a third day on Tuesday, leaving hundreds of ships waiting at anchor in the North Sea.

Union leaders said talks with the port authority would resume on Thursday at the earliest.

A tugboat guides a cargo ship into the harbour at dawn, Netherlands March 2, 2025. Harbour Press/Tom Ridder via REUTERS

“Nobody wins a long strike,” said one shipping agent.

Supply chains feel the pressure

Retailers warned that shelves could empty within a fortnight if the dispute drags on.

The transport minister talks to reporters outside parliament in The Hague, Netherlands March 3, 2025.

‘A fair share of the profits’ for workers

The union says its members want “a fair share of the profits” made during last year’s record season.
";

#[test]
fn copied_news_page_layout() {
    let doc = plain::parse(COPIED_PAGE);
    doc.validate().unwrap();
    let first_line = COPIED_PAGE.lines().next().unwrap();
    assert_eq!(
        kinds(&doc),
        [
            (Caption, first_line),
            (Dateline, "CNN\u{a0} —"),
            (
                Paragraph,
                "A strike by dock workers closed the port for a third day on Tuesday, leaving hundreds of ships waiting at anchor in the North Sea."
            ),
            (Paragraph, "Union leaders said talks with the port authority would resume on Thursday at the earliest."),
            (
                Caption,
                "A tugboat guides a cargo ship into the harbour at dawn, Netherlands March 2, 2025. Harbour Press/Tom Ridder via REUTERS"
            ),
            (Paragraph, "“Nobody wins a long strike,” said one shipping agent."),
            (Heading(2), "Supply chains feel the pressure"),
            (Paragraph, "Retailers warned that shelves could empty within a fortnight if the dispute drags on."),
            (
                Caption,
                "The transport minister talks to reporters outside parliament in The Hague, Netherlands March 3, 2025."
            ),
            (Heading(2), "‘A fair share of the profits’ for workers"),
            (
                Paragraph,
                "The union says its members want “a fair share of the profits” made during last year’s record season."
            ),
        ]
    );
    assert_eq!(credits(&doc), [Some("AP Photo/Lena Kowal"), Some("Harbour Press/Tom Ridder via REUTERS"), None]);
    assert_eq!(doc.meta.publisher.as_deref(), Some("CNN"));
    assert_eq!(doc.meta.title, None, "the copied page has no headline");
    // Only the caption/dateline line break moved the text: one byte inserted there.
    assert_eq!(doc.text.len(), COPIED_PAGE.len() + 1);
    let body = doc.blocks[2].span;
    assert_eq!(&COPIED_PAGE[body.start - 1..body.end - 1], &doc.text[body]);
}

/// (text, dateline, first paragraph, date, publisher)
type DatelineCase<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);

#[test]
fn dateline_variants() {
    let cases: &[DatelineCase<'_>] = &[
        (
            "Senate passes budget\n\nWASHINGTON (AP) — The Senate voted on Tuesday.",
            "WASHINGTON (AP) —",
            "The Senate voted on Tuesday.",
            None,
            Some("AP"),
        ),
        (
            "Ukraine rejects plan\n\nKYIV, Ukraine (Reuters) - Ukraine said on Monday it would not cede land.",
            "KYIV, Ukraine (Reuters) -",
            "Ukraine said on Monday it would not cede land.",
            None,
            Some("Reuters"),
        ),
        ("Prices rise\n\nLONDON — Prices rose in January.", "LONDON —", "Prices rose in January.", None, None),
        (
            "North Korea on alert\n\nFriday, August 21, 2015\n\nThe army was told to prepare.",
            "Friday, August 21, 2015",
            "The army was told to prepare.",
            Some("Friday, August 21, 2015"),
            None,
        ),
        (
            "Flag process begins\n\nThursday, May 7, 2015 On Tuesday, the government announced a process.",
            "Thursday, May 7, 2015",
            "On Tuesday, the government announced a process.",
            Some("Thursday, May 7, 2015"),
            None,
        ),
        (
            "Allies meet\n\nUpdated 10:21 AM EST, Tue February 11, 2025\n\nMinisters met.",
            "Updated 10:21 AM EST, Tue February 11, 2025",
            "Ministers met.",
            Some("Tue February 11, 2025"),
            None,
        ),
        (
            "Allies meet\n\n12 February 2025\n\nMinisters met.",
            "12 February 2025",
            "Ministers met.",
            Some("12 February 2025"),
            None,
        ),
        ("Allies meet\n\nCNN —\n\nMinisters met.", "CNN —", "Ministers met.", None, Some("CNN")),
    ];
    for &(text, dateline, para, date, publisher) in cases {
        let doc = plain::parse(text);
        doc.validate().unwrap();
        assert_eq!(kinds(&doc)[1..], [(Dateline, dateline), (Paragraph, para)], "{text:?}");
        assert_eq!(doc.blocks[0].kind, Title, "{text:?}");
        assert_eq!(doc.meta.date.as_deref(), date, "{text:?}");
        assert_eq!(doc.meta.publisher.as_deref(), publisher, "{text:?}");
    }
}

#[test]
fn title_subtitle_byline() {
    let doc = plain::parse(
        "Allies wait for the new secretary\n\nEuropean capitals want clarity on aid before the summit.\n\nBy Jane Doe and John Roe, CNN\n\nMinisters met in Brussels on Wednesday.",
    );
    assert_eq!(
        kinds(&doc),
        [
            (Title, "Allies wait for the new secretary"),
            (Subtitle, "European capitals want clarity on aid before the summit."),
            (Byline, "By Jane Doe and John Roe, CNN"),
            (Paragraph, "Ministers met in Brussels on Wednesday."),
        ]
    );
    assert_eq!(doc.meta.title.as_deref(), Some("Allies wait for the new secretary"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Jane Doe and John Roe"));
    assert_eq!(doc.meta.publisher.as_deref(), Some("CNN"));
    // A byline without an outlet.
    let doc = plain::parse("Talks stall\n\nBy Ann Lee\n\nNothing moved.");
    assert_eq!(doc.meta.byline.as_deref(), Some("Ann Lee"));
    assert_eq!(doc.meta.publisher, None);
}

#[test]
fn captions_with_credits() {
    // (caption, credit) pairs, each placed between two paragraphs.
    let cases: &[(&str, Option<&str>)] = &[
        ("Ministers arrive for the summit in Brussels. (AP Photo/Jane Roe)", Some("AP Photo/Jane Roe")),
        ("Troops on parade in the capital. John Smith/AFP via Getty Images", Some("John Smith/AFP via Getty Images")),
        ("Protesters gather outside parliament on Monday. Jane Doe/Getty Images", Some("Jane Doe/Getty Images")),
        ("Rescue workers search the rubble. Ann Lee/AFP", Some("Ann Lee/AFP")),
        ("The damaged bridge near the border town. Photo: Jane Roe", Some("Photo: Jane Roe")),
        (
            "Voters queue outside a polling station. Credit: Jane Roe for The Herald",
            Some("Credit: Jane Roe for The Herald"),
        ),
        ("The destroyed depot outside the city (Reuters)", Some("Reuters")),
        ("The team with their robot in Washington. Courtesy of the team", Some("Courtesy of the team")),
        (
            "Soldiers fire a howitzer near the front. Free Press Agency/Jane Roe via REUTERS",
            Some("Free Press Agency/Jane Roe via REUTERS"),
        ),
    ];
    for &(caption, credit) in cases {
        let text =
            format!("Officials met on Monday to discuss the plan.\n\n{caption}\n\nThe talks continue on Tuesday.");
        let doc = plain::parse(&text);
        doc.validate().unwrap();
        assert_eq!(kinds(&doc)[1], (Caption, caption), "{caption:?}");
        assert_eq!(credits(&doc), [credit], "{caption:?}");
    }
    // Not captions: prose ending in parentheses or "via".
    for para in [
        "The rules were written by the Environmental Protection Agency (EPA)",
        "The speed limit on the new road will be 130 (km/h)",
        "They spoke with reporters after the meeting via Zoom.",
        "Defense spending rose to 2% (see chart)",
    ] {
        let doc =
            plain::parse(&format!("Officials met on Monday to discuss the plan.\n\n{para}\n\nThe talks continue."));
        assert!(doc.blocks.iter().all(|b| b.kind != Caption), "{para:?}: {:?}", kinds(&doc));
    }
}

#[test]
fn headings_need_body_text_after_them() {
    let doc = plain::parse(
        "Budget vote\n\nThe Senate voted on the budget on Tuesday.\n\nWhat comes next\n\nThe House votes next week.\n\nWhy does it matter?\n\nBecause money runs out.\n\nClosing line",
    );
    assert_eq!(
        kinds(&doc),
        [
            (Title, "Budget vote"),
            (Paragraph, "The Senate voted on the budget on Tuesday."),
            (Heading(2), "What comes next"),
            (Paragraph, "The House votes next week."),
            // Questions (interviews) are paragraphs, and a last short line has no body.
            (Paragraph, "Why does it matter?"),
            (Paragraph, "Because money runs out."),
            (Paragraph, "Closing line"),
        ]
    );
}

/// Greedy hard wrap at `width` columns (as `fmt`, mail clients and Project Gutenberg do).
fn hard_wrap(paragraph: &str, width: usize) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for word in paragraph.split(' ') {
        let line = lines.last_mut().unwrap();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}

#[test]
fn hard_wrapped_paragraphs_are_joined_at_any_width() {
    let paras = [
        "The ministers of the alliance met in Brussels on Wednesday to discuss the future of military aid to Ukraine, which several governments now want to channel through the alliance itself, officials said.",
        "Several countries pledged to raise their defence budgets to five percent of their economic output by the end of the decade, a target that many analysts consider unrealistic for the smaller members.",
        "Ministers from Poland and the Baltic states, who already spend the most relative to the size of their economies, urged the others to follow their example before the summit in The Hague.",
    ];
    for width in [50, 60, 72, 80, 100] {
        let text = format!(
            "Allies meet in Brussels\n\n{}\n\nSpending targets\n\n{}\n\n{}\n",
            hard_wrap(paras[0], width),
            hard_wrap(paras[1], width),
            hard_wrap(paras[2], width)
        );
        let doc = plain::parse(&text);
        doc.validate().unwrap();
        assert_eq!(
            kinds(&doc),
            [
                (Title, "Allies meet in Brussels"),
                (Paragraph, paras[0]),
                (Heading(2), "Spending targets"),
                (Paragraph, paras[1]),
                (Paragraph, paras[2]),
            ],
            "width {width}"
        );
        // Newlines became spaces in place: offsets are the file's.
        assert_eq!(doc.text.len(), text.len());
        for b in &doc.blocks {
            assert_eq!(doc.text[b.span], text[b.span].replace('\n', " "));
        }
    }
}

#[test]
fn hard_wrapped_dialogue_is_one_paragraph() {
    // Many lines end with a full stop, yet the lines fill the width: a wrapped paragraph.
    let text = "“What do you make of that now, Flask? is there not a small drop of\nsomething odd about that, eh? A white whale—did you mark that, man?\nLook here—there is something special in the wind. Stand by, Flask.\nThe captain has that on his mind. But, hush; he comes this way.”";
    let doc = plain::parse(text);
    assert_eq!(kinds(&doc), [(Paragraph, text.replace('\n', " ").as_str())]);
}

#[test]
fn one_paragraph_per_line_without_blank_lines() {
    let lines = [
        "Allies meet in Brussels",
        "Wednesday, February 12, 2025",
        "The ministers of the alliance met in Brussels on Wednesday to discuss the future of military aid, officials said on condition of anonymity.",
        "Several countries pledged to raise their defence budgets.",
        "“We will do more,” one minister said.",
        "Talks resume on Thursday.",
    ];
    let doc = plain::parse(&lines.join("\n"));
    doc.validate().unwrap();
    assert_eq!(
        kinds(&doc),
        [
            (Title, lines[0]),
            (Dateline, lines[1]),
            (Paragraph, lines[2]),
            (Paragraph, lines[3]),
            (Paragraph, lines[4]),
            (Paragraph, lines[5]),
        ]
    );
    assert_eq!(doc.text, lines.join("\n\n"));
    // Short sentences one per line (a sentence-split corpus) are not joined either.
    let short = "The vote is on Monday.\nIt will be close.\nBoth sides expect to win.\nNobody knows.";
    assert_eq!(plain::parse(short).blocks.len(), 4);
}

#[test]
fn lists() {
    let doc = plain::parse(
        "Summit notes\n\nKey points\n\n- Ministers met in Brussels.\n- Spending targets were raised\n  to five percent.\n* Aid will continue.\n• Talks resume.\n\n1. First numbered point.\n2) Second numbered point.\n\nThe end of the notes.",
    );
    doc.validate().unwrap();
    assert_eq!(
        kinds(&doc),
        [
            (Title, "Summit notes"),
            (Heading(2), "Key points"),
            (ListItem, "Ministers met in Brussels."),
            (ListItem, "Spending targets were raised to five percent."),
            (ListItem, "Aid will continue."),
            (ListItem, "Talks resume."),
            (ListItem, "1. First numbered point."),
            (ListItem, "2) Second numbered point."),
            (Paragraph, "The end of the notes."),
        ]
    );
    assert!(!doc.text.contains("- "), "bullets are dropped: {:?}", doc.text);
}

#[test]
fn separator_lines_are_dropped() {
    let doc = plain::parse("Title here\n\nFirst part.\n\n* * *\n\nSecond part.\n-----\nThird part.");
    assert_eq!(
        kinds(&doc),
        [(Title, "Title here"), (Paragraph, "First part."), (Paragraph, "Second part."), (Paragraph, "Third part.")]
    );
}

#[test]
fn tokenised_text_is_detokenised() {
    let text = "Airbus parent EADS wins £ 13 billion UK RAF airtanker contract\nMarch 27 , 2008\nEuropean Aeronautic Defence & Space NV ( EADS ) , the parent company of Airbus , has won a £ 13 billion contract to supply the United Kingdom 's Royal Air Force .\nNorthrop Grumman CEO Ron Sugar said `` Everyone told us we were crazy . ''\nA US$ 40 billion ( GB # 20.1 billion ) contract ; 60 % of parts do n't fit .";
    let doc = plain::parse(text);
    doc.validate().unwrap();
    assert_eq!(
        kinds(&doc),
        [
            (Title, "Airbus parent EADS wins £13 billion UK RAF airtanker contract"),
            (Dateline, "March 27, 2008"),
            (
                Paragraph,
                "European Aeronautic Defence & Space NV (EADS), the parent company of Airbus, has won a £13 billion contract to supply the United Kingdom's Royal Air Force."
            ),
            (Paragraph, "Northrop Grumman CEO Ron Sugar said “Everyone told us we were crazy.”"),
            (Paragraph, "A US$40 billion (GB£20.1 billion) contract; 60% of parts don't fit."),
        ]
    );
    assert_eq!(doc.meta.date.as_deref(), Some("March 27, 2008"));
    // Ordinary prose with one stray " ," is left alone.
    let prose = "He paused , then spoke. The room was quiet, and nobody moved. Later, they left.";
    assert_eq!(plain::parse(prose).text, prose);
}

#[test]
fn non_ascii_spans_are_exact() {
    let blocks = [
        "Café crème in Zürich: 中文标题 🎉",
        "Ministers in القاهرة met 中国 delegates — 🇺🇦 “flags” waved, ZWJ 👩‍👩‍👧 and zalgo Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇.",
        "Crowds gather in the square. (AP Photo/José Núñez)",
        "Ülkü Özdemir’s ünlü “ＦＵＬＬ” paragraph ends here.",
    ];
    let text = blocks.join("\n\n");
    let doc = plain::parse(&text);
    doc.validate().unwrap();
    assert_eq!(doc.text, text);
    let mut at = 0;
    for (b, want) in doc.blocks.iter().zip(blocks) {
        let start = text[at..].find(want).unwrap() + at;
        assert_eq!((b.span.start, b.span.end), (start, start + want.len()));
        at = b.span.end;
    }
    let credit = doc.blocks[2].credit.unwrap();
    assert_eq!(&doc.text[credit], "AP Photo/José Núñez");
    assert_eq!(credit.end, doc.blocks[2].span.end - 1);
}

#[test]
fn naughty_text_controls_become_spaces_and_the_rest_survives() {
    let survivors = [
        "ZWJ family 👩\u{200d}👩\u{200d}👧\u{200d}👦, flags 🇺🇦🇳🇿, skin tone 👋🏽.",
        "RTL: مرحبا بالعالم and שלום, override \u{202e}txet desrever\u{202c}.",
        "Zalgo: Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤.",
        "Mid-text \u{feff}BOM and zero\u{200b}width space.",
    ];
    let text = format!(
        "Naughty strings\n\nBell\u{7} backspace\u{8} escape\u{1b}[0m vertical\u{b}tab.\n\n{}",
        survivors.join("\n\n")
    );
    let imported = io::import_bytes("naughty.txt".as_ref(), text.as_bytes()).unwrap();
    let doc = &imported.document;
    doc.validate().unwrap();
    assert!(!doc.text.chars().any(|c| c.is_control() && c != '\n'), "{:?}", doc.text);
    assert!(doc.text.contains("Bell  backspace  escape [0m vertical tab."), "{:?}", doc.text);
    for s in survivors {
        assert!(doc.blocks.iter().any(|b| &doc.text[b.span] == s), "{s:?} lost: {:?}", kinds(doc));
    }
}

// ---------------------------------------------------------------------------------------
// Encodings

fn latin1(s: &str) -> Vec<u8> {
    s.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect()
}

#[test]
fn encodings_and_line_endings_import_the_same() {
    // Characters every tested encoding can hold (ISO-8859-1 has no curly quotes or dashes).
    let latin = format!(
        "Zürich café prices rise\n\nFriday, August 21, 2015\n\n{}\n\nThe naïve plan cost £13 billion, señor Müller said.\n",
        io::SAMPLE_ARTICLE.split("\n\n").nth(2).unwrap()
    );
    let cp1252 = format!("{latin}\n“Quoted” — and ‘single’ – with € and ™.\n");
    let variants: Vec<(&str, &str, Vec<u8>, &str, bool)> = vec![
        ("utf-8", "latin", latin.clone().into_bytes(), "UTF-8", false),
        ("utf-8 bom", "latin", [b"\xEF\xBB\xBF".as_slice(), latin.as_bytes()].concat(), "UTF-8", false),
        (
            "utf-16le bom",
            "latin",
            [0xFF, 0xFE].into_iter().chain(latin.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            "UTF-16LE",
            false,
        ),
        (
            "utf-16be bom",
            "latin",
            [0xFE, 0xFF].into_iter().chain(latin.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
            "UTF-16BE",
            false,
        ),
        ("iso-8859-1", "latin", latin1(&latin), "windows-1252", true),
        ("windows-1252", "cp1252", encoding_rs::WINDOWS_1252.encode(&cp1252).0.into_owned(), "windows-1252", true),
    ];
    let baseline = |which: &str| {
        let text = if which == "latin" { &latin } else { &cp1252 };
        io::import_bytes("a.txt".as_ref(), text.as_bytes()).unwrap().document
    };
    for (name, which, bytes, encoding, guessed) in variants {
        let want = baseline(which);
        for (eol_name, eol) in [("lf", None), ("crlf", Some("\r\n")), ("cr", Some("\r"))] {
            let bytes = match eol {
                None => bytes.clone(),
                Some(eol) => {
                    // Re-encode with other line endings, in the variant's own encoding.
                    let mut out = Vec::new();
                    let unit = if name.starts_with("utf-16") { 2 } else { 1 };
                    let mut i = 0;
                    while i < bytes.len() {
                        let chunk = &bytes[i..(i + unit).min(bytes.len())];
                        let is_lf = if unit == 2 { chunk == [b'\n', 0] || chunk == [0, b'\n'] } else { chunk == b"\n" };
                        if is_lf {
                            for c in eol.bytes() {
                                match (unit, name) {
                                    (2, "utf-16le bom") => out.extend([c, 0]),
                                    (2, _) => out.extend([0, c]),
                                    _ => out.push(c),
                                }
                            }
                        } else {
                            out.extend_from_slice(chunk);
                        }
                        i += unit;
                    }
                    out
                }
            };
            let got = io::import_bytes("a.txt".as_ref(), &bytes).unwrap_or_else(|e| panic!("{name}/{eol_name}: {e}"));
            assert_eq!(got.document, want, "{name}/{eol_name}");
            assert_eq!(got.source.encoding, encoding, "{name}/{eol_name}");
            assert_eq!(got.encoding_guessed, guessed, "{name}/{eol_name}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Markdown, HTML, XML fixtures

#[test]
fn fomc_markdown_reads_well() {
    let doc = import_fixture("fomc_statement_2025-07-30.md");
    let k = kinds(&doc);
    assert_eq!(k[0], (Title, "Federal Reserve issues FOMC statement"));
    assert_eq!(k[1], (Dateline, "July 30, 2025"));
    assert_eq!(k[2], (Paragraph, "For release at 2:00 p.m. EDT"));
    assert_eq!(k.len(), 10);
    assert!(k[3..].iter().all(|(kind, _)| *kind == Paragraph));
    assert!(!doc.text.contains("---") && !doc.text.contains("id: "), "front matter is not text");
    assert!(doc.text.contains("mortgage\u{2011}backed securities"), "non-breaking hyphen kept");
    assert_eq!(doc.meta.title.as_deref(), Some("Federal Reserve issues FOMC statement"));
    assert_eq!(doc.meta.date.as_deref(), Some("2025-07-30"));
    assert_eq!(
        doc.meta.url.as_deref(),
        Some("https://www.federalreserve.gov/newsevents/pressreleases/monetary20250730a.htm")
    );
    let doc = import_fixture("fomc_statement_2008-12-16.md");
    let source = std::fs::read_to_string(data("fomc_statement_2008-12-16.md")).unwrap();
    let nbsp = source.matches('\u{a0}').count();
    assert!(nbsp > 0);
    assert_eq!(doc.text.matches('\u{a0}').count(), nbsp, "no-break spaces kept");
    assert_eq!(doc.blocks[1].kind, Dateline);
}

#[test]
fn markdown_structure() {
    let doc = markdown::parse(
        "---\ntitle: Ignored when there is an H1\nauthor: Jane Doe\n---\n# Allies meet\n\n> A quoted *block*.\n\n- item &amp; one\n- item <span>two</span>\n\n3. three\n4. four\n\nAfter the list.\n\n    indented code\n\n![Troops in Kyiv (Reuters)](x.jpg)\n\n## Outlook\n\nText with `code`, a [link](http://x) and ~~strike~~.",
    );
    doc.validate().unwrap();
    assert_eq!(
        kinds(&doc),
        [
            (Title, "Allies meet"),
            (Quote, "A quoted block."),
            (ListItem, "item & one"),
            (ListItem, "item two"),
            (ListItem, "3. three"),
            (ListItem, "4. four"),
            (Paragraph, "After the list."),
            (Preformatted, "indented code"),
            (Caption, "Troops in Kyiv (Reuters)"),
            (Heading(2), "Outlook"),
            (Paragraph, "Text with code, a link and strike."),
        ]
    );
    assert_eq!(credits(&doc), [Some("Reuters")]);
    assert_eq!(doc.meta.title.as_deref(), Some("Ignored when there is an H1"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Jane Doe"));
}

#[test]
fn wikipedia_new_zealand_page_is_a_readable_article() {
    let doc = import_fixture("wikipedia_new_zealand_fullpage.html");
    assert_eq!(doc.blocks[0].kind, Title);
    assert_eq!(doc.meta.title.as_deref(), Some("New Zealand"));
    let headings: Vec<&str> =
        kinds(&doc).into_iter().filter(|(k, _)| matches!(k, Heading(_))).map(|(_, t)| t).collect();
    for h in ["History", "Government and politics", "Economy", "Demography", "Culture"] {
        assert!(headings.contains(&h), "missing heading {h}: {headings:?}");
    }
    for h in ["References", "External links", "See also", "Navigation menu"] {
        assert!(!headings.contains(&h), "boilerplate heading {h}");
    }
    let paragraphs = doc.blocks.iter().filter(|b| b.kind == Paragraph).count();
    assert!(paragraphs > 60, "{paragraphs} paragraphs");
    for junk in ["[edit]", "Jump to", "Privacy policy", "What links here", "Deutsch", "Français", "This page was last"]
    {
        assert!(!doc.text.contains(junk), "boilerplate {junk:?} in the text");
    }
    let marker = regex::Regex::new(r"\[\d+\]").unwrap();
    assert!(!marker.is_match(&doc.text), "reference markers left: {:?}", marker.find(&doc.text));
    assert!(doc.text.contains("Māori"), "macrons survive");
}

#[test]
fn wikipedia_mozilla_page_is_a_readable_article() {
    let doc = import_fixture("wikipedia_mozilla_fullpage.html");
    assert_eq!(doc.meta.title.as_deref(), Some("Mozilla"));
    assert_eq!(doc.blocks[0].kind, Title);
    let headings: Vec<&str> =
        kinds(&doc).into_iter().filter(|(k, _)| matches!(k, Heading(_))).map(|(_, t)| t).collect();
    assert!(headings.contains(&"History"), "{headings:?}");
    assert!(doc.blocks.iter().filter(|b| b.kind == Paragraph).count() > 15);
    for junk in ["[edit]", "Jump to", "עברית", "العربية", "Privacy policy"] {
        assert!(!doc.text.contains(junk), "boilerplate {junk:?} in the text");
    }
}

#[test]
fn html_structure() {
    let page = "<html lang='en'><head><title>Allies meet | The Daily</title><meta property='og:site_name' content='The Daily'>\
        <meta property='article:published_time' content='2025-02-12T10:00:00Z'></head><body>\
        <header>Site header</header><nav><ul><li>Home</li><li>World</li></ul></nav><article><h1>Allies meet</h1>\
        <p class='byline'>By Jane Doe</p>\
        <p>Ministers of the alliance met in Brussels on Wednesday to discuss aid, and agreed to meet again before the summit in June, officials said.</p>\
        <figure><img src='https://example.org/x.jpg'><figcaption>Ministers arrive. <span class='credit'>Ann Lee/AFP</span></figcaption></figure>\
        <h2>Spending</h2><p>Several countries pledged to raise their defence budgets to five percent of their economic output by the end of the decade.</p>\
        <blockquote><p>We will do more, one minister said, and we will do it soon.</p></blockquote>\
        <ul><li>First point of the plan.</li><li>Second point of the plan.</li></ul><pre>code\n  block</pre>\
        <script>alert(1)</script><style>p{}</style></article><footer>© The Daily</footer></body></html>";
    let doc = html::parse(page);
    doc.validate().unwrap();
    let k = kinds(&doc);
    assert_eq!(k[0], (Title, "Allies meet"));
    assert!(k.contains(&(Heading(2), "Spending")), "{k:?}");
    assert!(k.contains(&(Caption, "Ministers arrive. Ann Lee/AFP")), "{k:?}");
    assert!(k.contains(&(Quote, "We will do more, one minister said, and we will do it soon.")), "{k:?}");
    assert!(k.contains(&(ListItem, "First point of the plan.")), "{k:?}");
    assert!(k.contains(&(Preformatted, "code\n  block")), "{k:?}");
    assert_eq!(credits(&doc), [Some("Ann Lee/AFP")]);
    for junk in ["Site header", "Home", "alert", "p{}", "© The Daily"] {
        assert!(!doc.text.contains(junk), "{junk:?} in {:?}", doc.text);
    }
    assert_eq!(doc.meta.title.as_deref(), Some("Allies meet"));
    assert_eq!(doc.meta.publisher.as_deref(), Some("The Daily"));
    assert_eq!(doc.meta.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(doc.meta.date.as_deref(), Some("2025-02-12T10:00:00Z"));
    assert_eq!(doc.meta.language.as_deref(), Some("en"));
}

#[test]
fn timeml_fixture() {
    let doc = import_fixture("wikinews_meantime_100911_Northrop_Grumman_and_Airbus_parent_EADS_defeat_Boeing.tml");
    let k = kinds(&doc);
    assert_eq!(
        k[0],
        (Title, "Northrop Grumman and Airbus parent EADS defeat Boeing for $40 billion US airtanker contract")
    );
    assert_eq!(k[1], (Dateline, "March 01, 2008"));
    assert_eq!(doc.meta.date.as_deref(), Some("2008-03-01"));
    assert!(k[2].1.starts_with(
        "Northrop Grumman and Airbus parent company European Aeronautic Defence and Space Company EADS N.V. (EADS) have unexpectedly defeated Boeing for a US$40 billion (GB£20.1 billion) contract"
    ));
    // The quotation spanning two sentences stays in one paragraph.
    assert!(
        k.iter().any(|(_, t)| t.ends_with(
            "said in an interview “Everyone told us we were crazy, that we had no chance. But we took a big swing and in this case, we hit a home run.”"
        )),
        "{k:#?}"
    );
    for tok in [" ,", " .", "``", "''", " 's"] {
        assert!(!doc.text.contains(tok), "{tok:?} left in the text");
    }
    let paragraphs = k.iter().filter(|(kind, _)| *kind == Paragraph).count();
    assert!((5..=25).contains(&paragraphs), "{paragraphs} paragraphs from ~30 sentences");
}

#[test]
fn xml_dispatch() {
    let imported =
        io::import_bytes("a.xml".as_ref(), b"<doc><h>Headline here</h><p>Body text of the article.</p></doc>").unwrap();
    assert_eq!(kinds(&imported.document), [(Title, "Headline here"), (Paragraph, "Body text of the article.")]);
    let doc = xml::parse("<html><body><h1>Page</h1><p>Para.</p></body></html>");
    assert_eq!(kinds(&doc), [(Title, "Page"), (Paragraph, "Para.")]);
}

// ---------------------------------------------------------------------------------------
// Wikinews plain-text fixtures and the sample

#[test]
fn wikinews_plain_text_fixtures() {
    let doc = import_fixture("wikinews_gum_news_flag.txt");
    let k = kinds(&doc);
    assert_eq!(k[0], (Title, "New Zealand begins process to consider changing national flag design"));
    assert_eq!(k[1], (Dateline, "Thursday, May 7, 2015"));
    assert!(k[2].1.starts_with("On Tuesday, the New Zealand government announced"));
    assert_eq!(doc.meta.date.as_deref(), Some("Thursday, May 7, 2015"));

    let doc = import_fixture("wikinews_gum_interview_hill.txt");
    let source = std::fs::read_to_string(data("wikinews_gum_interview_hill.txt")).unwrap();
    assert_eq!(doc.text, source, "blank-line separated text is kept byte for byte");
    let k = kinds(&doc);
    assert_eq!(k[0].0, Title);
    assert_eq!(k[1], (Heading(2), "Interview"));
    assert!(k.iter().all(|(kind, _)| *kind != Dateline), "interviews have no dateline");
    assert!(k[2].1.ends_with('?') && k[2].0 == Paragraph);
}

#[test]
fn sample_article_imports_with_title_and_dateline() {
    let imported = io::import_bytes(io::SAMPLE_ARTICLE_NAME.as_ref(), io::SAMPLE_ARTICLE.as_bytes()).unwrap();
    let doc = &imported.document;
    doc.validate().unwrap();
    assert_eq!(
        kinds(doc)[..2],
        [(Title, "North Korea puts military in 'quasi-state of war'"), (Dateline, "Friday, August 21, 2015")]
    );
    assert_eq!(doc.meta.date.as_deref(), Some("Friday, August 21, 2015"));
    assert!(doc.blocks[2..].iter().all(|b| b.kind == Paragraph));
    assert_eq!(doc.text, io::SAMPLE_ARTICLE);
}

// ---------------------------------------------------------------------------------------
// Refusals

fn refusal(name: &str, bytes: &[u8]) -> ImportErrorKind {
    match io::import_bytes(name.as_ref(), bytes) {
        Ok(i) => panic!("{name} imported: {:?}", i.document.text),
        Err(e) => {
            // The message names the file and the reason, on one line.
            assert!(e.to_string().contains(name) && e.to_string().contains(&e.kind.to_string()), "{e}");
            assert!(!e.to_string().contains('\n'), "{e}");
            e.kind
        }
    }
}

#[test]
fn refusals() {
    assert!(matches!(refusal("empty.txt", b""), ImportErrorKind::Empty));
    assert!(matches!(refusal("blank.txt", b" \r\n\t\n "), ImportErrorKind::Empty));
    let gzip = refusal("article.txt", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03rest");
    assert_eq!(gzip.to_string(), "this is not a text file (gzip-compressed data)");
    assert!(matches!(refusal("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), ImportErrorKind::Binary(_)));
    // PDFs are read now (issue 16): one that is only a header is damaged, whatever its name.
    assert!(matches!(refusal("doc.md", b"%PDF-1.7\n"), ImportErrorKind::Damaged { .. }));
    assert!(matches!(refusal("nul.txt", b"text with a \0 NUL byte"), ImportErrorKind::Binary(_)));
    assert!(matches!(
        refusal("chrome.html", b"<html><body><nav>Home</nav><script>x()</script></body></html>"),
        ImportErrorKind::NoText(_)
    ));
    assert!(matches!(refusal("rules.txt", b"***\n-----\n"), ImportErrorKind::NoText(_)));
    for kind in [ImportErrorKind::Empty, gzip] {
        assert!(!kind.to_string().contains('\n'), "one-line reasons");
    }
}

#[test]
fn too_large_is_refused_from_metadata_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, "word ".repeat(400)).unwrap();
    let err = io::import_path_with_limit(&path, 1000).unwrap_err();
    assert!(matches!(err.kind, ImportErrorKind::TooLarge { size_bytes: 2000, limit_bytes: 1000 }), "{err}");
    assert!(io::import_path_with_limit(&path, 2000).is_ok());
    // The size reported is the file's own, from its metadata: a refusal after reading
    // would report only the limit + 1 bytes it read.
    let sparse = dir.path().join("sparse.txt");
    std::fs::File::create(&sparse).unwrap().set_len(1_000_000).unwrap();
    let err = io::import_path_with_limit(&sparse, 1000).unwrap_err();
    assert!(matches!(err.kind, ImportErrorKind::TooLarge { size_bytes: 1_000_000, limit_bytes: 1000 }), "{err}");
    // The default limit, on a (sparse) file just over it.
    std::fs::File::create(&sparse).unwrap().set_len(io::MAX_ARTICLE_BYTES + 1).unwrap();
    let err = io::import_path(&sparse).unwrap_err();
    assert!(
        matches!(err.kind, ImportErrorKind::TooLarge { size_bytes, .. } if size_bytes == io::MAX_ARTICLE_BYTES + 1)
    );
    let err = io::import_path(dir.path()).unwrap_err();
    assert!(matches!(err.kind, ImportErrorKind::Io(_)), "{err}");
}

// ---------------------------------------------------------------------------------------
// Every shared article, if the shared corpus is present

/// `CLAIMLENS_SHARED_ARTICLES` if set, else `../shared/data/articles` ([`crate::shared`]).
fn shared_articles_dir() -> Option<PathBuf> {
    match std::env::var_os("CLAIMLENS_SHARED_ARTICLES").map(PathBuf::from) {
        Some(dir) if dir.is_dir() => Some(dir),
        Some(dir) => {
            crate::shared::skip(&format!("CLAIMLENS_SHARED_ARTICLES={} is not a folder", dir.display()));
            None
        }
        None => crate::shared::shared_dir("data/articles"),
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_shared_article_imports_or_is_refused() {
    let Some(dir) = shared_articles_dir() else {
        return;
    };
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    assert!(!files.is_empty());
    for path in files {
        let rel = path.strip_prefix(&dir).unwrap().display().to_string();
        match io::import_path(&path) {
            Ok(imported) => {
                let doc = &imported.document;
                doc.validate().unwrap_or_else(|e| panic!("{rel}: {e}"));
                let title = doc.display_title().unwrap_or("");
                assert!(!title.trim().is_empty(), "{rel}: no title");
                let news = ["plain_text/", "xml/", "markdown/", "html/"].iter().any(|d| rel.starts_with(d));
                if news {
                    let t = doc.meta.title.as_deref().unwrap_or("");
                    assert!(!t.is_empty() && t.len() <= 200 && !t.contains('\n'), "{rel}: title {t:?}");
                    assert_eq!(doc.blocks[0].kind, Title, "{rel}");
                    assert!(doc.blocks.iter().any(|b| b.kind == Paragraph), "{rel}: no paragraph");
                }
                let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                for b in &doc.blocks {
                    *counts.entry(b.kind.name()).or_default() += 1;
                }
                println!("{rel}\tOK\t{}\t{counts:?}", title.chars().take(70).collect::<String>());
            }
            Err(e) => {
                let reason = e.kind.to_string();
                assert!(!reason.trim().is_empty() && !reason.contains('\n'), "{rel}: {reason:?}");
                println!("{rel}\tREFUSED\t{reason}");
                if rel.ends_with("empty.txt") {
                    assert!(matches!(e.kind, ImportErrorKind::Empty));
                }
                if rel.contains("gzip") {
                    assert_eq!(reason, "this is not a text file (gzip-compressed data)");
                }
                assert!(rel.starts_with("awkward/"), "{rel} refused: {reason}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Robustness

/// Pieces of news layout and of trouble, for generating texts that reach deep into the
/// structure detection.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r\n".to_owned()),
        Just(" ".to_owned()),
        Just("\u{a0}—\u{a0}".to_owned()),
        Just("By Jane Doe, CNN".to_owned()),
        Just("WASHINGTON (AP) — ".to_owned()),
        Just("Friday, August 21, 2015".to_owned()),
        Just("(AP Photo/Jane Roe)".to_owned()),
        Just(" via REUTERS".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("* * *".to_owned()),
        Just("``".to_owned()),
        Just("''".to_owned()),
        Just(" , ".to_owned()),
        Just(" . ".to_owned()),
        Just("GB # 1".to_owned()),
        Just("# Heading\n".to_owned()),
        Just("---\ntitle: x\n---\n".to_owned()),
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("&amp;".to_owned()),
        Just("é中🎉\u{202e}\u{200d}".to_owned()),
        "[A-Za-z .,]{0,30}".prop_map(|s| s),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_import_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..600), ext in prop::sample::select(vec!["txt", "md", "html", "xml", "tml", "bin"])) {
        let name = format!("input.{ext}");
        match io::import_bytes(name.as_ref(), &bytes) {
            Ok(imported) => prop_assert_eq!(imported.document.validate(), Ok(())),
            Err(e) => prop_assert!(!e.kind.to_string().trim().is_empty()),
        }
    }

    #[test]
    fn any_layout_imports_or_is_refused(parts in proptest::collection::vec(fragment(), 0..40), ext in prop::sample::select(vec!["txt", "md", "html", "xml"])) {
        let text = parts.concat();
        let name = format!("input.{ext}");
        match io::import_bytes(name.as_ref(), text.as_bytes()) {
            Ok(imported) => {
                let doc = &imported.document;
                prop_assert_eq!(doc.validate(), Ok(()));
                for pair in doc.blocks.windows(2) {
                    let between = &doc.text[pair[0].span.end..pair[1].span.start];
                    prop_assert!(between.trim().is_empty() && between.matches('\n').count() >= 2, "blocks not separated by a blank line: {:?}", between);
                }
            }
            Err(e) => prop_assert!(!e.kind.to_string().trim().is_empty()),
        }
    }
}
