//! Exports, each read back with an independent reader (`serde_json`, the csv crate, an HTML
//! parser, a small brat/CoNLL reader written here from the format rules), and import round
//! trips (export, then import onto a fresh copy of the article, gives the same annotations).
//! The article mixes accents, emoji and CJK, so code point offsets differ from byte offsets.

use claimlens::document::{BlockKind, ByteSpan, Document};
use claimlens::io::annotations::{AnnotationFormat, import_annotations};
use claimlens::io::export::{Format, export};
use claimlens::nlp::{Entity, EntityLabel};
use claimlens::project::{
    AssertedBy, Claim, ClaimId, ClaimKind, ClaimStatus, CorrectionAction, CorrectionTarget, Edit, EntityCorrection,
    Project, SourceInfo, Verdict, Worthiness,
};
use serde_json::Value;

const TITLE: &str = "Zürich: NATO asks Ünal for 5% 🚀";
pub(crate) const P1: &str = "Pete Hegseth said in 東京 that allies must spend 5% of GDP — “no less” — on defence.\nThe mayor of Zürich, Ünal Şahin, disagreed 👩‍👩‍👧.";
pub(crate) const P2: &str =
    "Le ministre a dit: «la coopération <script>alert(1)</script> & la paix», a claim, with \"quotes\".";

pub(crate) fn base_project() -> Project {
    let mut doc =
        Document::from_blocks([(BlockKind::Title, TITLE), (BlockKind::Paragraph, P1), (BlockKind::Paragraph, P2)]);
    doc.meta.url = Some("https://example.org/news/zurich".into());
    doc.meta.date = Some("2025-02-11".into());
    doc.meta.publisher = Some("Example Wire".into());
    Project::new(doc, SourceInfo { sha256: "ab".repeat(32), ..SourceInfo::default() })
}

pub(crate) fn find(text: &str, s: &str) -> ByteSpan {
    let i = text.find(s).unwrap_or_else(|| panic!("{s:?} not in text"));
    ByteSpan::new(i, i + s.len())
}

fn project() -> Project {
    let mut p = base_project();
    let text = p.text().to_owned();
    p.entities.recognizer = "test".into();
    p.entities.automatic = vec![
        Entity::new(find(&text, "NATO"), EntityLabel::Org),
        Entity::new(find(&text, "Pete Hegseth"), EntityLabel::Person),
        Entity::new(find(&text, "東京"), EntityLabel::Gpe),
        Entity::new(find(&text, "5% of GDP"), EntityLabel::Percent),
    ];
    let t: jiff::Timestamp = "2025-02-11T10:00:00Z".parse().unwrap();
    let mut c1 = Claim::new(ClaimId(1), &text, find(&text, "allies must spend 5% of GDP — “no less” — on defence"), t);
    c1.claimant = "Pete Hegseth".into();
    c1.claimant_entity = Some("Pete Hegseth".into());
    c1.asserted_by = AssertedBy::Source;
    c1.kind = ClaimKind::Statistical;
    c1.worthiness = Worthiness::High;
    c1.status = ClaimStatus::Checked;
    c1.verdict = Some(Verdict::MostlyFalse);
    c1.evidence = vec!["https://www.nato.int/cps/en/natohq/topics_49198.htm".into(), "SIPRI, table 3".into()];
    c1.note = "Two lines,\nwith \"quotes\", a comma; a tab\tand a back\\slash.".into();
    c1.tags = vec!["defence".into(), "topic/budget".into()];
    // Crosses a line break inside the paragraph: brat needs fragments.
    let mut c2 = Claim::new(ClaimId(2), &text, find(&text, "on defence.\nThe mayor of Zürich"), t);
    c2.status = ClaimStatus::Checking;
    c2.kind = ClaimKind::Attribution;
    // Crosses the paragraph break, with HTML-looking text inside.
    let mut c3 = Claim::new(
        ClaimId(3),
        &text,
        find(&text, "disagreed 👩‍👩‍👧.\n\nLe ministre a dit: «la coopération <script>alert(1)</script> & la paix»"),
        t,
    );
    c3.status = ClaimStatus::Checked;
    c3.verdict = Some(Verdict::Unverifiable);
    c3.claimant = "Le ministre".into();
    c3.tags = vec!["europe".into()];
    for c in [c1, c2, c3] {
        Edit::AddClaim(Box::new(c)).apply(&mut p).unwrap();
    }
    Edit::InsertCorrection {
        index: 0,
        correction: EntityCorrection::new(
            CorrectionTarget::Mention(find(&text, "Ünal Şahin")),
            CorrectionAction::SetLabel(EntityLabel::Person),
        ),
    }
    .apply(&mut p)
    .unwrap();
    p
}

fn slice(text: &str, a: u64, b: u64) -> String {
    text.chars().skip(a as usize).take((b - a) as usize).collect()
}

fn out(p: &Project, f: Format) -> String {
    let o = export(p, f).unwrap();
    assert_eq!(o.format, f);
    o.files.last().unwrap().contents.clone()
}

#[test]
fn format_table_is_complete() {
    let names: Vec<&str> = Format::all().iter().map(|f| f.name()).collect();
    assert_eq!(names, ["json", "csv", "md", "html", "w3c", "brat", "doccano", "spacy", "conll", "claimreview"]);
    for f in Format::all() {
        assert_eq!(Format::parse(f.name()), Some(*f));
        assert!(!f.extension().is_empty() && !f.label().is_empty());
    }
}

#[test]
fn json_has_everything_with_code_points() {
    let p = project();
    let v: Value = serde_json::from_str(&out(&p, Format::Json)).unwrap();
    let text = v["text"].as_str().unwrap();
    assert_eq!(text, p.text());
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 3);
    for c in claims {
        assert_eq!(slice(text, c["start"].as_u64().unwrap(), c["end"].as_u64().unwrap()), c["quote"].as_str().unwrap());
    }
    assert_eq!(v["entities"].as_array().unwrap().len(), 5);
    assert!(v["orphans"].as_array().unwrap().is_empty());
    assert_eq!(v["article_versions"].as_array().unwrap().len(), 1);
}

#[test]
fn csv_one_row_per_claim_every_field() {
    let p = project();
    let csv_text = out(&p, Format::Csv);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, claimlens::io::export::table::header());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), p.claims.len());
    for (row, c) in rows.iter().zip(&p.claims) {
        assert_eq!(row.len(), header.len());
        let (a, b): (u64, u64) = (row[col("start")].parse().unwrap(), row[col("end")].parse().unwrap());
        assert_eq!(slice(p.text(), a, b), c.quote);
        assert_eq!(&row[col("quote")], c.quote);
        assert_eq!(&row[col("note")], c.note);
        assert_eq!(&row[col("claimant")], c.claimant);
        assert_eq!(&row[col("status")], c.status.name());
        assert_eq!(&row[col("verdict")], c.verdict.map_or("", |v| v.name()));
        assert_eq!(row[col("evidence")].split('\n').filter(|s| !s.is_empty()).collect::<Vec<_>>(), c.evidence);
        assert_eq!(row[col("tags")].split('\n').filter(|s| !s.is_empty()).collect::<Vec<_>>(), c.tags);
    }
    // RFC 4180: CRLF records; quoted fields keep their own line breaks.
    assert!(csv_text.starts_with("id,start,end,quote,"));
    assert!(csv_text.contains("\r\n"));
}

#[test]
fn markdown_report_groups_and_escapes() {
    let p = project();
    let md = out(&p, Format::Markdown);
    assert!(md.starts_with("# Zürich: NATO asks Ünal for 5% 🚀\n"), "{md}");
    let checked_false = md.find("### Checked — mostly false (1)").expect("group heading");
    let checked_unverifiable = md.find("### Checked — unverifiable (1)").expect("group heading");
    let checking = md.find("### Checking (1)").expect("group heading");
    assert!(checking < checked_false && checked_false < checked_unverifiable, "status order, then verdict order");
    assert!(md.contains("- **Claimant:** Pete Hegseth"));
    assert!(md.contains("<https://www.nato.int/cps/en/natohq/topics_49198.htm>"));
    assert!(md.contains("\\<script\\>"), "HTML in article text is escaped in Markdown");
    assert!(md.contains("## Entities") && md.contains("Pete Hegseth (1)"));
}

#[test]
fn html_report_escapes_text() {
    let p = project();
    let html = out(&p, Format::Html);
    let doc = dom_query::Document::from(html.as_str());
    assert_eq!(doc.select("script").length(), 0, "article text must not become markup");
    assert_eq!(doc.select("h1").text().to_string(), TITLE);
    let quotes: Vec<String> = doc.select("blockquote").iter().map(|b| b.text().to_string()).collect();
    assert_eq!(quotes.len(), 3);
    assert!(quotes.iter().any(|q| q.contains("<script>alert(1)</script> & la paix")), "{quotes:?}");
    let links: Vec<String> = doc.select("a").iter().filter_map(|a| a.attr("href").map(|h| h.to_string())).collect();
    assert!(links.contains(&"https://www.nato.int/cps/en/natohq/topics_49198.htm".to_owned()));
    assert!(!links.iter().any(|l| l.contains("SIPRI")), "only web links become links");
}

#[test]
fn w3c_selectors_select_their_quote() {
    let p = project();
    let v: Value = serde_json::from_str(&out(&p, Format::W3c)).unwrap();
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 3 + 5);
    assert_eq!(v["total"], 8);
    let text = p.text();
    for a in items {
        assert_eq!(a["type"], "Annotation");
        assert_eq!(a["target"]["source"], "https://example.org/news/zurich");
        let sel = a["target"]["selector"].as_array().unwrap();
        let quote = sel.iter().find(|s| s["type"] == "TextQuoteSelector").unwrap();
        let pos = sel.iter().find(|s| s["type"] == "TextPositionSelector").unwrap();
        let (s, e) = (pos["start"].as_u64().unwrap(), pos["end"].as_u64().unwrap());
        assert_eq!(slice(text, s, e), quote["exact"].as_str().unwrap());
        let prefix = quote["prefix"].as_str().unwrap();
        assert_eq!(slice(text, s - prefix.chars().count() as u64, s), prefix);
        let suffix = quote["suffix"].as_str().unwrap();
        assert_eq!(slice(text, e, e + suffix.chars().count() as u64), suffix);
    }
    let claim = items.iter().find(|a| a["motivation"] == "assessing").unwrap();
    let bodies = claim["body"].as_array().unwrap();
    assert_eq!(bodies[0]["type"], "cl:Claim");
    assert_eq!(bodies[0]["cl:verdict"], "mostly false");
    assert!(bodies.iter().any(|b| b["purpose"] == "tagging" && b["value"] == "defence"));
}

/// A brat `.ann` reader written from the format description, independent of the exporter.
/// A `T` line: id, type, fragments, text.
type TLine = (String, String, Vec<(u64, u64)>, String);

fn read_brat(ann: &str) -> Vec<TLine> {
    let mut out = Vec::new();
    for line in ann.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(!line.contains('\n') && !line.contains('\r'));
        if line.starts_with('T') {
            assert_eq!(cols.len(), 3, "{line}");
            let (kind, ranges) = cols[1].split_once(' ').unwrap();
            let frags = ranges
                .split(';')
                .map(|f| {
                    let (a, b) = f.split_once(' ').unwrap();
                    (a.parse().unwrap(), b.parse().unwrap())
                })
                .collect();
            out.push((cols[0].to_owned(), kind.to_owned(), frags, cols[2].to_owned()));
        } else {
            assert!(line.starts_with('A') || line.starts_with('#'), "{line}");
            let target = cols[1].split(' ').nth(1).unwrap();
            assert!(ann.lines().any(|l| l.starts_with(&format!("{target}\t"))), "dangling {target}");
        }
    }
    out
}

#[test]
fn brat_text_and_fragments_follow_the_rules() {
    let p = project();
    let o = export(&p, Format::Brat).unwrap();
    assert_eq!(o.files.iter().map(|f| f.extension).collect::<Vec<_>>(), ["txt", "ann"]);
    let txt = &o.files[0].contents;
    assert_eq!(txt, p.text());
    let ts = read_brat(&o.files[1].contents);
    for (_, _, frags, text) in &ts {
        let joined: Vec<String> = frags.iter().map(|(a, b)| slice(txt, *a, *b)).collect();
        assert!(joined.iter().all(|f| !f.contains('\n')), "fragments never hold a line break");
        assert_eq!(&joined.join(" "), text, "TEXT = fragments joined by one space");
    }
    let claims: Vec<_> = ts.iter().filter(|t| t.1 == "Claim").collect();
    assert_eq!(claims.len(), 3);
    assert!(claims.iter().any(|c| c.2.len() == 2), "a claim over a line break has two fragments");
    assert!(ts.iter().any(|t| t.1 == "topic/budget"), "a tag is one more T line typed with the tag");
    assert_eq!(claimlens::io::export::brat::type_name("two words"), "two_words");
    assert!(o.files[1].contents.contains("\tAnnotatorNotes T"));
    assert!(o.files[1].contents.contains("Verdict T"));
}

#[test]
fn doccano_and_spacy_offsets_are_code_points() {
    let p = project();
    let d: Value = serde_json::from_str(out(&p, Format::Doccano).trim_end()).unwrap();
    let text = d["text"].as_str().unwrap();
    let labels = d["label"].as_array().unwrap();
    assert_eq!(labels.len(), 5 + 3 + 3, "5 entities, 3 claims, 3 tags");
    let got: Vec<(String, String)> = labels
        .iter()
        .map(|l| (slice(text, l[0].as_u64().unwrap(), l[1].as_u64().unwrap()), l[2].as_str().unwrap().to_owned()))
        .collect();
    assert!(got.contains(&("東京".to_owned(), "GPE".to_owned())), "{got:?}");
    assert!(got.contains(&("Ünal Şahin".to_owned(), "PERSON".to_owned())), "{got:?}");
    let s: Value = serde_json::from_str(out(&p, Format::Spacy).trim_end()).unwrap();
    let ents = s["ents"].as_array().unwrap();
    assert_eq!(ents.len(), 5);
    let mut last_end = 0;
    for e in ents {
        let (a, b) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
        assert!(a >= last_end, "ents must not overlap (spaCy refuses overlapping ents)");
        last_end = b;
        assert!(!slice(text, a, b).trim().is_empty());
    }
    assert_eq!(s["spans"]["claims"].as_array().unwrap().len(), 3);
}

#[test]
fn conll_is_valid_bio() {
    let p = project();
    let c = out(&p, Format::Conll);
    let mut lines = c.lines();
    assert_eq!(lines.next(), Some("-DOCSTART- -X- -X- O"));
    let mut prev = "O".to_owned();
    let mut entities: Vec<(String, Vec<String>)> = Vec::new();
    for line in lines {
        if line.is_empty() {
            prev = "O".into();
            continue;
        }
        let cols: Vec<&str> = line.split(' ').collect();
        assert_eq!(cols.len(), 4, "{line:?}");
        let tag = cols[3];
        if let Some(l) = tag.strip_prefix("I-") {
            assert!(prev.ends_with(l) && prev != "O", "I- must continue an entity: {prev} {tag}");
            entities.last_mut().unwrap().1.push(cols[0].to_owned());
        } else if let Some(l) = tag.strip_prefix("B-") {
            entities.push((l.to_owned(), vec![cols[0].to_owned()]));
        } else {
            assert_eq!(tag, "O");
        }
        prev = tag.to_owned();
    }
    let pete = entities.iter().find(|(l, _)| l == "PERSON").unwrap();
    assert_eq!(pete.1, ["Pete", "Hegseth"]);
    assert!(entities.iter().any(|(l, w)| l == "GPE" && w.concat() == "東京"), "{entities:?}");
    assert_eq!(entities.len(), 5);
}

#[test]
fn claimreview_for_checked_claims() {
    let p = project();
    let v: Value = serde_json::from_str(&out(&p, Format::ClaimReview)).unwrap();
    assert_eq!(v["@context"], "https://schema.org");
    let g = v["@graph"].as_array().unwrap();
    assert_eq!(g.len(), 2, "two checked claims with a verdict");
    let r = &g[0];
    assert_eq!(r["@type"], "ClaimReview");
    assert_eq!(r["claimReviewed"], p.claims[0].quote);
    assert_eq!(r["reviewRating"]["ratingValue"], 2);
    assert_eq!(r["reviewRating"]["bestRating"], 5);
    assert_eq!(r["reviewRating"]["alternateName"], "mostly false");
    assert_eq!(r["itemReviewed"]["author"]["name"], "Pete Hegseth");
    assert_eq!(r["itemReviewed"]["author"]["@type"], "Person");
    assert_eq!(r["itemReviewed"]["appearance"]["url"], "https://example.org/news/zurich");
    assert_eq!(r["datePublished"], "2025-02-11");
    assert!(g[1]["reviewRating"].get("ratingValue").is_none(), "unverifiable has no value on the scale");
}

/// What must survive a round trip: entities, and claims by span with the fields the format
/// carries.
fn claim_key(c: &Claim, full: bool) -> String {
    if full {
        format!(
            "{:?} {:?} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            c.span,
            c.tags,
            c.claimant,
            c.claimant_entity,
            c.asserted_by,
            c.kind,
            c.worthiness,
            c.status,
            c.verdict,
            c.evidence,
            c.note,
            c.quote
        )
    } else {
        format!("{:?} {:?} {}", c.span, c.tags, c.quote)
    }
}

fn round_trip(format: Format, import_as: AnnotationFormat, full: bool) {
    let a = project();
    let o = export(&a, format).unwrap();
    let (contents, text) = match format {
        Format::Brat => (o.files[1].contents.as_str(), Some(o.files[0].contents.as_str())),
        _ => (o.files[0].contents.as_str(), None),
    };
    let mut b = base_project();
    let before = b.clone();
    let import = import_annotations(&b, import_as, contents, text, jiff::Timestamp::UNIX_EPOCH).unwrap();
    assert!(import.report.unplaced.is_empty(), "{:?}", import.report);
    let undo = import.edit.apply(&mut b).unwrap();
    assert_eq!(b.entities.effective(b.text()), a.entities.effective(a.text()), "{format}");
    let ka: Vec<String> = a.claims.iter().map(|c| claim_key(c, full)).collect();
    let kb: Vec<String> = b.claims.iter().map(|c| claim_key(c, full)).collect();
    assert_eq!(kb, ka, "{format}");
    // Importing the same file again adds nothing; undo gives the project back.
    let again = import_annotations(&b, import_as, contents, text, jiff::Timestamp::UNIX_EPOCH).unwrap();
    assert!(again.edit.is_noop(), "{format}: {:?}", again.report);
    undo.apply(&mut b).unwrap();
    assert_eq!(b, before);
}

#[test]
fn w3c_round_trip() {
    round_trip(Format::W3c, AnnotationFormat::W3c, true);
}

#[test]
fn brat_round_trip() {
    round_trip(Format::Brat, AnnotationFormat::Brat, true);
}

#[test]
fn doccano_round_trip() {
    round_trip(Format::Doccano, AnnotationFormat::Doccano, false);
}

#[test]
fn import_onto_a_changed_article_relocates() {
    let a = project();
    let doccano = out(&a, Format::Doccano);
    // The article gained a paragraph at the top: every span moves.
    let mut doc = Document::from_blocks([
        (BlockKind::Title, TITLE),
        (BlockKind::Paragraph, "Ein neuer Absatz über 🚲 und 北京."),
        (BlockKind::Paragraph, P1),
        (BlockKind::Paragraph, P2),
    ]);
    doc.meta = a.document.meta.clone();
    let mut b = Project::new(doc, SourceInfo::default());
    let import =
        import_annotations(&b, AnnotationFormat::Doccano, &doccano, None, jiff::Timestamp::UNIX_EPOCH).unwrap();
    assert_eq!(import.report.relocated, 5 + 3 + 3);
    import.edit.apply(&mut b).unwrap();
    let quotes: Vec<&str> = b.claims.iter().map(|c| c.quote.as_str()).collect();
    let want: Vec<&str> = a.claims.iter().map(|c| c.quote.as_str()).collect();
    assert_eq!(quotes, want);
    // W3C with a stale position: the quote selector wins.
    let w3c = out(&a, Format::W3c);
    let mut c = Project::new(b.document.clone(), SourceInfo::default());
    let import = import_annotations(&c, AnnotationFormat::W3c, &w3c, None, jiff::Timestamp::UNIX_EPOCH).unwrap();
    assert!(import.report.unplaced.is_empty(), "{:?}", import.report);
    import.edit.apply(&mut c).unwrap();
    assert_eq!(c.claims.iter().map(|c| c.quote.as_str()).collect::<Vec<_>>(), want);
}

#[test]
fn foreign_labels_map_to_entities_and_tagged_claims() {
    let mut p = base_project();
    let text = p.text().to_owned();
    let chars = |s: &str| {
        let b = find(&text, s);
        (text[..b.start].chars().count(), text[..b.end].chars().count())
    };
    let (a, b) = chars("Ünal Şahin");
    let (c, d) = chars("allies must spend 5% of GDP");
    let ann = format!(
        "T1\tPER {a} {b}\tÜnal Şahin\nT2\tpolicy {c} {d}\tallies must spend 5% of GDP\nR1\tRel Arg1:T1 Arg2:T2\n"
    );
    let import = import_annotations(&p, AnnotationFormat::Brat, &ann, None, jiff::Timestamp::UNIX_EPOCH).unwrap();
    assert_eq!((import.report.entities, import.report.claims, import.report.ignored), (1, 1, 1));
    import.edit.apply(&mut p).unwrap();
    assert_eq!(p.claims[0].tags, ["policy"]);
    assert_eq!(p.tags, ["policy"]);
    assert!(p.entities.effective(&text).contains(&Entity::new(find(&text, "Ünal Şahin"), EntityLabel::Person)));
    assert!(import_annotations(&p, AnnotationFormat::Brat, "T1 no tabs", None, jiff::Timestamp::UNIX_EPOCH).is_err());
}
