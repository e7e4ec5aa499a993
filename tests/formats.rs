//! One claim record for every format, enumerated by serde: a claim with every field set
//! reaches every export in the place `record::FIELDS` gives it, and every importer reads back
//! every field its format carries. And the JSON export is the whole project: export → import
//! → export is byte-identical on a project with every field set.

use claimlens::document::offsets::CharIndex;
use claimlens::document::{BlockKind, ByteSpan, Document};
use claimlens::io::annotations::{AnnotationFormat, import_annotations};
use claimlens::io::export::record::{BratPlace, ClaimRecord, FIELDS, W3cPlace, cell, items};
use claimlens::io::export::{Format, brat, claimreview, conll, export, json, jsonl};
use claimlens::nlp::{Entity, EntityLabel};
use claimlens::project::{
    AssertedBy, Claim, ClaimId, ClaimKind, ClaimOrigin, ClaimStatus, Code, Codebook, CorrectionAction,
    CorrectionTarget, Edit, EntityCorrection, GroupCorrection, Project, SourceInfo, Verdict, Worthiness, anchor,
};
use serde_json::Value;

use crate::export::{base_project, find};

const CLAIM_TEXT: &str = "allies must spend 5% of GDP — “no less” — on defence";

/// A claim with every field set to something other than what `Claim::new` gives it.
fn full_claim(p: &Project) -> Claim {
    let text = p.text();
    let created: jiff::Timestamp = "2025-02-11T10:00:00Z".parse().unwrap();
    let mut c = Claim::new(ClaimId(42), text, find(text, CLAIM_TEXT), created);
    c.claimant = "Pete Hegseth".into();
    c.claimant_entity = Some("Pete Hegseth".into());
    c.asserted_by = AssertedBy::Source;
    c.kind = ClaimKind::Position;
    c.worthiness = Worthiness::High;
    c.status = ClaimStatus::Checked;
    c.verdict = Some(Verdict::MostlyFalse);
    c.evidence = vec!["https://www.nato.int/cps/en/natohq/topics_49198.htm".into(), "SIPRI, table 3 — 東京".into()];
    c.note = "Two lines,\nwith \"quotes\", a tab\tand a back\\slash 🚀.".into();
    c.tags = vec!["defence".into(), "topic/budget".into()];
    c.origin = ClaimOrigin::Suggested;
    c.modified = "2025-03-01T08:30:00Z".parse().unwrap();
    c.created_by = "Ana Şahin".into();
    c.modified_by = "Bén 東京".into();
    c
}

fn project_with_full_claim() -> (Project, ClaimRecord) {
    let mut p = base_project();
    let c = full_claim(&p);
    let record = ClaimRecord::from_claim(&c, &CharIndex::new(p.text()));
    Edit::AddClaim(Box::new(c)).apply(&mut p).unwrap();
    (p, record)
}

#[test]
fn the_full_claim_sets_every_field() {
    let p = base_project();
    let full = ClaimRecord::from_claim(&full_claim(&p), &CharIndex::new(p.text())).to_map();
    let span = find(p.text(), CLAIM_TEXT);
    let plain = Claim::new(ClaimId(1), p.text(), span, jiff::Timestamp::UNIX_EPOCH);
    let plain = ClaimRecord::from_claim(&plain, &CharIndex::new(p.text())).to_map();
    for f in FIELDS {
        if f.is_span() {
            continue; // the same span, on purpose: the text must be found
        }
        assert_ne!(full[f.key], plain[f.key], "set `{}` in full_claim so every format is tested with it", f.key);
    }
}

fn out(p: &Project, f: Format) -> Vec<String> {
    export(p, f).unwrap().files.into_iter().map(|f| f.contents).collect()
}

#[test]
fn json_and_csv_carry_every_field() {
    let (p, record) = project_with_full_claim();
    let want = record.to_map();
    let v: Value = serde_json::from_str(&out(&p, Format::Json)[0]).unwrap();
    let got = v["claims"][0].as_object().unwrap();
    let keys: Vec<&str> = got.keys().map(String::as_str).collect();
    let mut fields: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
    fields.sort_unstable();
    assert_eq!(keys, fields, "JSON claim keys are the record's");
    assert_eq!(got, &want);

    let csv_text = &out(&p, Format::Csv)[0];
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let mut expected: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
    expected.push("article");
    assert_eq!(header, expected);
    let row = r.records().next().unwrap().unwrap();
    for (i, f) in FIELDS.iter().enumerate() {
        assert_eq!(row[i], cell(&want[f.key]), "CSV column {}", f.key);
    }
}

#[test]
fn w3c_carries_every_field_where_the_table_says() {
    let (p, record) = project_with_full_claim();
    let want = record.to_map();
    let v: Value = serde_json::from_str(&out(&p, Format::W3c)[0]).unwrap();
    let a = v["first"]["items"].as_array().unwrap().iter().find(|a| a["motivation"] == "assessing").unwrap();
    let bodies = a["body"].as_array().unwrap();
    let selectors = a["target"]["selector"].as_array().unwrap();
    for f in FIELDS {
        let value = &want[f.key];
        match f.w3c {
            W3cPlace::Position => {
                let pos = selectors.iter().find(|s| s["type"] == "TextPositionSelector").unwrap();
                assert_eq!(&pos[f.key], value, "{}", f.key);
            }
            W3cPlace::Quote => {
                let q = selectors.iter().find(|s| s["type"] == "TextQuoteSelector").unwrap();
                assert_eq!(&q["exact"], value);
            }
            W3cPlace::Tagging => {
                let tags: Vec<&Value> =
                    bodies.iter().filter(|b| b["purpose"] == "tagging").map(|b| &b["value"]).collect();
                assert_eq!(tags, value.as_array().unwrap().iter().collect::<Vec<_>>());
            }
            W3cPlace::Commenting => {
                let note = bodies.iter().find(|b| b["purpose"] == "commenting").unwrap();
                assert_eq!(&note["value"], value);
            }
            W3cPlace::Vocab(name) => {
                let claim = bodies.iter().find(|b| b["type"] == "cl:Claim").unwrap();
                assert_eq!(&claim[format!("cl:{name}")], value, "cl:{name}");
            }
        }
    }
}

#[test]
fn brat_carries_every_field_where_the_table_says() {
    let (p, record) = project_with_full_claim();
    let want = record.to_map();
    let files = out(&p, Format::Brat);
    let ann = &files[1];
    let claim_t = ann.lines().find(|l| l.contains("\tClaim ")).unwrap().split('\t').next().unwrap();
    for f in FIELDS {
        let value = &want[f.key];
        match f.brat {
            BratPlace::Span => {
                assert!(ann.lines().any(|l| l.starts_with(&format!("{claim_t}\tClaim "))));
            }
            BratPlace::TagSpans => {
                for t in items(value) {
                    assert!(
                        ann.lines().any(|l| l.starts_with('T') && l.contains(&format!("\t{} ", brat::type_name(&t)))),
                        "{t}"
                    );
                }
            }
            BratPlace::Attribute(name) => {
                let line = format!("\t{name} {claim_t} {}", brat::attribute_value(&cell(value)));
                assert!(ann.lines().any(|l| l.starts_with('A') && l.ends_with(&line)), "{line:?} in\n{ann}");
            }
            BratPlace::Comment(name) => {
                for v in items(value) {
                    let line = format!("\t{name} {claim_t}\t{}", brat::escape_comment(&v));
                    assert!(ann.lines().any(|l| l.starts_with('#') && l.ends_with(&line)), "{line:?} in\n{ann}");
                }
            }
        }
    }
}

#[test]
fn reports_show_every_field() {
    let (p, record) = project_with_full_claim();
    let want = record.to_map();
    let md = &out(&p, Format::Markdown)[0];
    let html = &out(&p, Format::Html)[0];
    for f in FIELDS {
        match f.key {
            "quote" => {
                assert!(html.contains("<blockquote>allies must spend 5% of GDP"), "{html}");
            }
            "start" | "end" => {
                let pos = format!("{}–{}", want["start"], want["end"]);
                assert!(md.contains(&format!("- **Characters:** {pos}")), "{md}");
                assert!(html.contains(&format!("<dt>Characters</dt><dd>{pos}</dd>")));
            }
            _ => {
                assert!(md.contains(&format!("- **{}:**", f.label)), "{} in\n{md}", f.label);
                assert!(html.contains(&format!("<dt>{}</dt>", f.label)), "{} in\n{html}", f.label);
                for v in items(&want[f.key]) {
                    let first_line = v.lines().next().unwrap();
                    let escaped = claimlens::io::export::report::escape_html(first_line);
                    assert!(html.contains(&escaped), "{}: {escaped:?} in\n{html}", f.key);
                }
            }
        }
    }
}

#[test]
fn partial_formats_name_fields_that_exist() {
    let keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
    for carried in [jsonl::CARRIED, conll::CARRIED, claimreview::CARRIED] {
        for k in carried {
            assert!(keys.contains(k), "{k} is not a record field");
        }
    }
    // ClaimReview: the carried fields are there.
    let (p, record) = project_with_full_claim();
    let v: Value = serde_json::from_str(&out(&p, Format::ClaimReview)[0]).unwrap();
    let r = &v["@graph"][0];
    assert_eq!(r["claimReviewed"], record.quote.as_str());
    assert_eq!(r["itemReviewed"]["author"]["name"], record.claimant.as_str());
    assert_eq!(r["reviewRating"]["alternateName"], "mostly false");
    assert_eq!(r["citation"], serde_json::json!(record.evidence));
    assert_eq!(r["reviewBody"], record.note.as_str());
    assert_eq!(r["datePublished"], "2025-03-01");
}

/// What each importer reads back must equal the record on every field its format carries.
fn read_back(format: Format, import_as: AnnotationFormat, carried: &[&str]) {
    let (p, record) = project_with_full_claim();
    let files = out(&p, format);
    let (contents, text) = match format {
        Format::Brat => (files[1].as_str(), Some(files[0].as_str())),
        _ => (files[0].as_str(), None),
    };
    let mut b = base_project();
    let import = import_annotations(&b, import_as, contents, text, jiff::Timestamp::UNIX_EPOCH).unwrap();
    assert!(import.report.unplaced.is_empty() && import.report.ignored == 0, "{format}: {:?}", import.report);
    import.edit.apply(&mut b).unwrap();
    assert_eq!(b.claims.len(), 1, "{format}");
    let got = ClaimRecord::from_claim(&b.claims[0], &CharIndex::new(b.text())).to_map();
    let want = record.to_map();
    let differ: Vec<&str> = carried.iter().copied().filter(|k| got.get(*k) != want.get(*k)).collect();
    assert!(differ.is_empty(), "{format}: {differ:?} not read back\n got {got:?}\nwant {want:?}");
}

/// Every field but `origin`: an annotation importer records that the claim came in by import.
fn all_but_origin() -> Vec<&'static str> {
    let keys: Vec<&str> = FIELDS.iter().map(|f| f.key).filter(|k| *k != "origin").collect();
    assert_eq!(keys.len() + 1, FIELDS.len());
    keys
}

#[test]
fn w3c_import_reads_every_field() {
    read_back(Format::W3c, AnnotationFormat::W3c, &all_but_origin());
}

#[test]
fn brat_import_reads_every_field() {
    read_back(Format::Brat, AnnotationFormat::Brat, &all_but_origin());
}

#[test]
fn doccano_import_reads_what_doccano_carries() {
    read_back(Format::Doccano, AnnotationFormat::Doccano, jsonl::CARRIED);
}

#[test]
fn json_import_reads_every_field() {
    let (p, record) = project_with_full_claim();
    let back = json::project_from_json(&out(&p, Format::Json)[0]).unwrap();
    assert_eq!(ClaimRecord::from_claim(&back.claims[0], &CharIndex::new(back.text())), record);
}

// ------------------------------------------------------------------------ the whole project

/// A project with every field set: blocks of every kind with a credit, metadata, source,
/// automatic entities, corrections of each kind, grouping corrections, claims (one with
/// every field), tags, a codebook, rejected suggestions, view state, three article versions
/// with changes, and orphaned claims and corrections.
fn everything_project() -> Project {
    let blocks = [
        (BlockKind::Title, "Zürich: NATO asks Ünal for 5% 🚀"),
        (BlockKind::Subtitle, "Allies split — 東京 and 北京 watch"),
        (BlockKind::Dateline, "ZÜRICH, 11 February 2025 (Example Wire) —"),
        (BlockKind::Byline, "By Zoë Çelik"),
        (BlockKind::Paragraph, crate::export::P1),
        (BlockKind::Heading(2), "Réactions en Europe"),
        (BlockKind::Paragraph, crate::export::P2),
        (BlockKind::Quote, "“Nous paierons”, dit-il. 👩‍👩‍👧"),
        (BlockKind::ListItem, "Spending: 2% → 5%"),
        (BlockKind::Caption, "Delegates in Brussels (AP Photo/Virginia Mayo)"),
        (BlockKind::Preformatted, "table 3: 5.0 | 2.1"),
        (BlockKind::Paragraph, "Ein letzter Absatz, der bald gelöscht wird: 5 Milliarden."),
    ];
    let mut doc = Document::from_blocks(blocks);
    let caption = doc.blocks.iter_mut().find(|b| b.kind == BlockKind::Caption).unwrap();
    let credit_at = doc.text[caption.span].find("AP Photo").unwrap() + caption.span.start;
    caption.credit = Some(ByteSpan::new(credit_at, credit_at + "AP Photo/Virginia Mayo".len()));
    doc.meta.title = Some("Zürich: NATO asks Ünal for 5% 🚀".into());
    doc.meta.publisher = Some("Example Wire".into());
    doc.meta.byline = Some("Zoë Çelik".into());
    doc.meta.date = Some("2025-02-11".into());
    doc.meta.url = Some("https://example.org/news/zürich".into());
    doc.meta.language = Some("en".into());
    let source = SourceInfo {
        path: Some("/tmp/zürich.txt".into()),
        format: claimlens::document::SourceFormat::Markdown,
        encoding: "windows-1252".into(),
        sha256: "ab".repeat(32),
        size_bytes: 4321,
        imported: Some("2025-02-11T09:00:00Z".parse().unwrap()),
        ..SourceInfo::default()
    };
    let mut p = Project::new(doc.clone(), source.clone());
    let last_block = doc.text[doc.blocks.last().unwrap().span].to_owned();
    let text = p.text().to_owned();
    p.entities.recognizer = "test recognizer".into();
    p.entities.automatic = vec![
        Entity::new(find(&text, "NATO"), EntityLabel::Org),
        Entity::new(find(&text, "Pete Hegseth"), EntityLabel::Person),
        Entity::new(find(&text, "東京"), EntityLabel::Gpe),
        Entity::new(find(&text, "5 Milliarden"), EntityLabel::Money),
    ];
    let t: jiff::Timestamp = "2025-02-11T10:00:00Z".parse().unwrap();
    let mut edits = vec![
        Edit::AddClaim(Box::new(full_claim(&p))),
        Edit::AddClaim(Box::new(Claim::new(ClaimId(43), &text, find(&text, "Spending: 2% → 5%"), t))),
        Edit::AddClaim(Box::new(Claim::new(ClaimId(44), &text, find(&text, "bald gelöscht wird"), t))),
        Edit::AddTag("europe".into()),
        Edit::RejectSuggestion("The mayor of Zürich, Ünal Şahin, disagreed 👩‍👩‍👧.".into()),
        Edit::DismissMatch { claim: ClaimId(43), url: "https://check.example/zürich-5%".into() },
    ];
    for (i, correction) in [
        EntityCorrection::new(
            CorrectionTarget::Mention(find(&text, "Ünal Şahin")),
            CorrectionAction::SetLabel(EntityLabel::Person),
        ),
        EntityCorrection::new(
            CorrectionTarget::AllMentions("北京".into()),
            CorrectionAction::SetLabel(EntityLabel::Gpe),
        ),
        EntityCorrection::new(CorrectionTarget::Mention(find(&text, "Milliarden")), CorrectionAction::Remove),
    ]
    .into_iter()
    .enumerate()
    {
        edits.push(Edit::InsertCorrection { index: i, correction });
    }
    for e in edits {
        e.apply(&mut p).unwrap();
    }
    p.entities.groups = vec![
        GroupCorrection::Rename { entity: "Pete Hegseth".into(), name: "Secretary Hegseth".into() },
        GroupCorrection::Merge { entity: "北京".into(), into: "東京".into() },
        GroupCorrection::Split { mention: "Zürich".into() },
    ];
    p.codebook = Codebook {
        name: "Desk — 東京".into(),
        codes: vec![
            Code { path: "topic".into(), color: None, shortcut: None, description: String::new() },
            Code {
                path: "topic/budget".into(),
                color: Some((230, 159, 0)),
                shortcut: Some(3),
                description: "Budgets, «dépenses» 💶".into(),
            },
        ],
    };
    // Two updates: the second version drops the last paragraph (orphaning a claim and a
    // correction), the third edits a word, so both the earlier version's and the current
    // version's changes are kept.
    let mut v2 = doc;
    v2.blocks.pop();
    v2.text.truncate(v2.blocks.last().unwrap().span.end);
    assert!(!v2.text.contains(&last_block));
    let (edit, report) =
        anchor::update_article(&p, v2.clone(), SourceInfo { sha256: "cd".repeat(32), ..source.clone() }, t);
    assert_eq!(report.orphaned, 2, "{report:?}");
    edit.apply(&mut p).unwrap();
    let mut v3 = v2;
    let at = v3.text.rfind("2.1").unwrap();
    v3.text.replace_range(at..at + 3, "2.4"); // same length: every block stays where it was
    v3.validate().unwrap();
    let (edit, _) = anchor::update_article(&p, v3, SourceInfo { sha256: "ef".repeat(32), ..source }, t);
    edit.apply(&mut p).unwrap();
    assert_eq!(p.article_versions.len(), 3);
    assert!(!p.article_versions[1].changes.is_empty() && !p.article_versions[2].changes.is_empty());
    p.validate().unwrap();
    p
}

#[test]
fn everything_project_sets_every_project_field() {
    let p = everything_project();
    let fresh = Project::new(Document::from_blocks([(BlockKind::Paragraph, "x")]), SourceInfo::default());
    let Value::Object(full) = serde_json::to_value(&p).unwrap() else { panic!() };
    let Value::Object(empty) = serde_json::to_value(&fresh).unwrap() else { panic!() };
    for (k, v) in &full {
        if k == "format_version" {
            continue;
        }
        assert_ne!(Some(v), empty.get(k), "set `{k}` in everything_project so the JSON round trip covers it");
        if let (Value::Object(a), Some(Value::Object(b))) = (v, empty.get(k)) {
            for (k2, v2) in a {
                assert_ne!(Some(v2), b.get(k2), "set `{k}.{k2}` in everything_project");
            }
        }
    }
    assert!(p.orphans.iter().any(|o| matches!(o.annotation, claimlens::project::OrphanAnnotation::Claim(_))));
    assert!(p.orphans.iter().any(|o| matches!(o.annotation, claimlens::project::OrphanAnnotation::Correction(_))));
}

#[test]
fn json_export_import_export_is_byte_identical() {
    let p = everything_project();
    let first = &out(&p, Format::Json)[0];
    let back = json::project_from_json(first).unwrap();
    assert_eq!(back, p, "the JSON reads back into an identical project");
    let second = &out(&back, Format::Json)[0];
    assert_eq!(first, second);
    // Code points in the JSON, bytes only where the text is gone.
    let v: Value = serde_json::from_str(first).unwrap();
    let text = v["text"].as_str().unwrap();
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: &Value| {
        chars[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize].iter().collect::<String>()
    };
    for c in v["claims"].as_array().unwrap() {
        assert_eq!(slice(c), c["quote"].as_str().unwrap());
    }
    for e in v["automatic_entities"].as_array().unwrap() {
        assert_eq!(slice(e), e["text"].as_str().unwrap());
    }
    assert!(v.get("view").is_none(), "how the project is looked at is not part of it");
    let last = v["article_versions"].as_array().unwrap().last().unwrap();
    assert!(last["changes"][0]["start"].is_u64(), "{last}");
    assert!(v["article_versions"][1]["changes"][0]["new_utf8"].is_array());
    assert!(
        v["orphans"][0]["annotation"]["claim"]["span_utf8"].is_array()
            || v["orphans"][1]["annotation"]["claim"]["span_utf8"].is_array()
    );
    for key in ["codebook", "entity_groups", "rejected_suggestions", "entity_corrections", "orphans"] {
        assert!(!v[key].is_null(), "{key}");
    }
}

#[test]
fn json_import_refuses_damage_with_a_reason() {
    let p = everything_project();
    let good = out(&p, Format::Json).remove(0);
    let mut v: Value = serde_json::from_str(&good).unwrap();
    v["claims"][0]["status"] = "nearly done".into();
    let e = json::project_from_json(&v.to_string()).unwrap_err();
    assert!(e.to_string().contains("nearly done"), "{e}");
    let mut v: Value = serde_json::from_str(&good).unwrap();
    v["claims"][0]["end"] = 1_000_000.into();
    let e = json::project_from_json(&v.to_string()).unwrap_err();
    assert!(e.to_string().contains("not a span of the article"), "{e}");
    let mut v: Value = serde_json::from_str(&good).unwrap();
    v["automatic_entities"][0]["label"] = "WIZARD".into();
    let e = json::project_from_json(&v.to_string()).unwrap_err();
    assert!(e.to_string().contains("WIZARD"), "{e}");
    let mut v: Value = serde_json::from_str(&good).unwrap();
    let Value::Object(m) = &mut v else { panic!() };
    m.remove("codebook");
    let e = json::project_from_json(&v.to_string()).unwrap_err();
    assert!(e.to_string().contains("codebook"), "{e}");
}

#[test]
fn every_committed_project_fixture_round_trips_through_json() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/projects");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".ron") {
            continue;
        }
        let p = claimlens::io::project_file::load(&path).unwrap();
        let first = json::project_json_string(&p).unwrap();
        let back = json::project_from_json(&first).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(back, p, "{}", path.display());
        assert_eq!(json::project_json_string(&back).unwrap(), first, "{}", path.display());
        n += 1;
    }
    assert!(n >= 2, "the project fixtures were not found in {}", dir.display());
}
