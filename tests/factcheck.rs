//! The fact-check library (issue 17): every feed shape imports and answers with rating and
//! publisher, re-imports update by URL, bad records are counted, the desk's own verdicts
//! join as "checked here", dismissals and cited matches live in the project; the command
//! line; and the ranking floor on the CheckThat! 2020 development data (../shared).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use claimlens::document::{BlockKind, ByteSpan, Document};
use claimlens::factcheck::library::checked_here_url;
use claimlens::factcheck::project::{Target, cite_match};
use claimlens::factcheck::{ClaimQuery, Library, LibraryErrorKind, eval};
use claimlens::io::export::{Format, export};
use claimlens::nlp::Pipeline;
use claimlens::project::{Claim, ClaimId, ClaimStatus, Edit, Project, SourceInfo, Verdict};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/factchecks").join(name)
}

const FIXTURES: &[&str] = &["array.json", "single.json", "feed.jsonl", "datafeed.json", "api.json", "page.html"];

fn import(lib: &mut Library, names: &[&str]) -> claimlens::factcheck::ImportReport {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    lib.import(&paths, &mut |_| {}, &AtomicBool::new(false)).unwrap()
}

/// (feed, query, url, rating text, rating value, publisher)
type Case = (&'static str, &'static str, &'static str, &'static str, Option<f32>, &'static str);

const CASES: &[Case] = &[
    (
        "array.json",
        "Port Alder lighthouse keepers are paid more than the mayor",
        "https://desk-one.example/checks/lighthouse-keepers",
        "Mostly false",
        Some(0.25),
        "Desk One",
    ),
    (
        "array.json",
        "trains across the Kelmar glacier in 2030",
        "https://desk-one.example/checks/glacier-trains",
        "Half true",
        Some(0.5),
        "Desk One",
    ),
    (
        "single.json",
        "Zuckersteuer Nordstadt Limonade Verkauf halbiert",
        "https://zweiter-blick.example/faktencheck/zuckersteuer",
        "Falsch",
        Some(0.0),
        "Zweiter Blick",
    ),
    (
        "feed.jsonl",
        "Does drinking seawater cure a cold?",
        "https://third-eye.example/fc/1",
        "Pants on Fire!",
        Some(0.0),
        "Third Eye Checks",
    ),
    (
        "feed.jsonl",
        "Riverside bridge closed 400 days",
        "https://third-eye.example/fc/2",
        "True",
        Some(1.0),
        "Third Eye Checks",
    ),
    (
        "datafeed.json",
        "Hollow Creek solar farm gives power to 90000 homes",
        "https://fourth-estate.example/review/solar-farm",
        "Mostly true",
        Some(0.75),
        "Fourth Estate Checks",
    ),
    (
        "datafeed.json",
        "東京タワーが伸びている",
        "https://fourth-estate.example/review/東京-tower",
        "False",
        Some(0.0),
        "Fourth Estate Checks",
    ),
    (
        "api.json",
        "No, Maple Valley did not ban Friday homework",
        "https://fifth-column.example/2021/03/homework-friday",
        "False",
        Some(0.0),
        "Fifth Column Facts",
    ),
    (
        "page.html",
        "cigognes de Valmont ne migrent plus",
        "https://septieme-oeil.example/verif/cigognes-valmont",
        "Faux",
        Some(0.0),
        "Septième Œil",
    ),
];

#[test]
fn every_feed_shape_imports_and_answers_with_rating_and_publisher() {
    for feed in FIXTURES {
        let mut lib = Library::in_memory().unwrap();
        let report = import(&mut lib, &[feed]);
        assert!(report.items > 0, "{feed}: {report:?}");
        let cases: Vec<&Case> = CASES.iter().filter(|c| c.0 == *feed).collect();
        assert!(!cases.is_empty(), "{feed} has a case");
        for (_, query, url, text, value, publisher) in cases {
            let found = lib.match_claim(&ClaimQuery::new(*query), 3).unwrap();
            let top = found.first().unwrap_or_else(|| panic!("{feed}: nothing for {query:?}"));
            assert_eq!(top.url, *url, "{feed}: {query:?}");
            assert_eq!((top.rating.text.as_str(), top.rating.value), (*text, *value), "{feed}: {url}");
            assert_eq!(top.publisher, *publisher, "{feed}: {url}");
        }
    }
}

#[test]
fn every_field_is_kept() {
    let mut lib = Library::in_memory().unwrap();
    import(&mut lib, FIXTURES);
    let a = lib.item("https://desk-one.example/checks/lighthouse-keepers").unwrap().unwrap();
    assert_eq!(a.claimant, "Ines Varga");
    assert_eq!(a.claim_date.as_deref(), Some("2023-05-28"));
    assert_eq!(a.review_date.as_deref(), Some("2023-06-02"));
    assert_eq!(a.title, "Do Port Alder's lighthouse keepers earn more than the mayor?");
    assert_eq!((a.language.as_str(), a.publisher_site.as_str()), ("en", "https://desk-one.example"));
    let s = lib.item("https://zweiter-blick.example/faktencheck/zuckersteuer").unwrap().unwrap();
    assert_eq!((s.language.as_str(), s.review_date.as_deref()), ("de", Some("2024-02-11")));
    assert_eq!(s.claimant, "Verband Süßgetränke");
    let api = lib.item("https://sixth-sense.example/homework").unwrap().unwrap();
    assert_eq!(api.claim, "Maple Valley schools banned homework on Fridays.");
    assert_eq!((api.claimant.as_str(), api.claim_date.as_deref()), ("Viral post", Some("2021-03-14")));
    assert_eq!((api.publisher_site.as_str(), api.rating.value), ("sixth-sense.example", Some(0.25)));
    let solar = lib.item("https://fourth-estate.example/review/solar-farm").unwrap().unwrap();
    assert_eq!((solar.claimant.as_str(), solar.claim_date.as_deref()), ("Dana Okoro", Some("2024-08-20")));
    let page = lib.item("https://septieme-oeil.example/verif/cigognes-valmont").unwrap().unwrap();
    assert_eq!((page.claimant.as_str(), page.language.as_str()), ("Jean Dupré", "fr"));
    assert_eq!(page.title, "Les cigognes de Valmont ne migrent plus ?");
}

#[test]
fn bad_records_are_skipped_and_counted() {
    let mut lib = Library::in_memory().unwrap();
    let report = import(&mut lib, FIXTURES);
    let by_feed =
        |name: &str| report.feeds.iter().find(|(p, _)| p.ends_with(name)).map(|(_, r)| (r.items, r.skipped)).unwrap();
    assert_eq!(by_feed("array.json"), (2, 1), "the WebPage is skipped");
    assert_eq!(by_feed("single.json"), (1, 0));
    assert_eq!(by_feed("feed.jsonl"), (2, 2), "a broken line and a review without URL");
    assert_eq!(by_feed("datafeed.json"), (2, 1), "an empty DataFeedItem");
    assert_eq!(by_feed("api.json"), (2, 1), "a claim without reviews");
    assert_eq!(by_feed("page.html"), (1, 0), "other JSON-LD types are no records");
    assert_eq!(report.library_items, 10);
}

#[test]
fn reimport_updates_by_url_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let lib_dir = dir.path().join("lib");
    let mut lib = Library::open_or_create(&lib_dir).unwrap();
    import(&mut lib, &["array.json", "api.json"]);
    assert_eq!(lib.len(), 4);
    import(&mut lib, &["array.json"]);
    assert_eq!(lib.len(), 4, "the same URLs again replace their items");
    // A corrected feed: the rating changed.
    let text = std::fs::read_to_string(fixture("array.json"))
        .unwrap()
        .replace("Mostly false", "False")
        .replace("\"ratingValue\": 2", "\"ratingValue\": 1");
    let fixed = dir.path().join("fixed.json");
    std::fs::write(&fixed, text).unwrap();
    lib.import(std::slice::from_ref(&fixed), &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(lib.len(), 4);
    drop(lib);
    // Persisted: a new process (here: a new handle) sees the update.
    let lib = Library::open(&lib_dir).unwrap();
    let item = lib.item("https://desk-one.example/checks/lighthouse-keepers").unwrap().unwrap();
    assert_eq!((item.rating.text.as_str(), item.rating.value), ("False", Some(0.0)));
    assert_eq!(lib.items().unwrap().len(), 4);
}

#[test]
fn a_cancelled_or_failed_import_changes_nothing() {
    let mut lib = Library::in_memory().unwrap();
    import(&mut lib, &["array.json"]);
    let cancel = AtomicBool::new(true);
    let err = lib.import(&[fixture("api.json")], &mut |_| {}, &cancel).unwrap_err();
    assert!(matches!(err.kind, LibraryErrorKind::Cancelled), "{err}");
    let err =
        lib.import(&[fixture("api.json"), fixture("missing.json")], &mut |_| {}, &AtomicBool::new(false)).unwrap_err();
    assert!(err.to_string().contains("missing.json"), "{err}");
    assert_eq!(lib.len(), 2, "neither import landed");
}

#[test]
fn opening_a_folder_without_library_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let err = Library::open(dir.path()).unwrap_err();
    assert!(matches!(err.kind, LibraryErrorKind::NotFound), "{err}");
    assert!(err.to_string().starts_with(&dir.path().display().to_string()), "the path comes first: {err}");
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let err = Library::open_or_create(dir.path()).unwrap_err();
    assert!(matches!(err.kind, LibraryErrorKind::Damaged(_)), "a folder with other files is not taken over: {err}");
    assert!(dir.path().join("notes.txt").exists());
}

fn project_with_claim(text: &str, quote: &str, verdict: Option<Verdict>) -> Project {
    let doc = Document::from_blocks([(BlockKind::Paragraph, text)]);
    let mut p = Project::new(doc, SourceInfo::default());
    p.document.meta.title = Some("Ünal’s week 🚀".into());
    let start = text.find(quote).unwrap();
    let mut c =
        Claim::new(ClaimId(1), p.text(), ByteSpan::new(start, start + quote.len()), jiff::Timestamp::UNIX_EPOCH);
    c.verdict = verdict;
    c.status = if verdict.is_some() { ClaimStatus::Checked } else { ClaimStatus::ToCheck };
    c.claimant = "Ünal Şahin".into();
    Edit::AddClaim(Box::new(c)).apply(&mut p).unwrap();
    p
}

#[test]
fn the_desks_own_verdicts_join_as_checked_here() {
    let mut lib = Library::in_memory().unwrap();
    import(&mut lib, &["array.json"]);
    let path = Path::new("/work/desk/Zürich week.claimlens.ron");
    let text = "Ünal Şahin said the Zürich tram fleet doubled to 400 trams in 2024. Nobody asked.";
    let quote = "the Zürich tram fleet doubled to 400 trams in 2024";
    let mut p = project_with_claim(text, quote, Some(Verdict::MostlyFalse));
    assert_eq!(lib.set_project_claims(path, &p).unwrap(), 1);
    let q = ClaimQuery { text: "Zürich doubled its trams to 400".into(), claimant: "Ünal".into(), date: None };
    let top = lib.match_claim(&q, 3).unwrap().remove(0);
    assert_eq!(top.url, checked_here_url(path, claimlens::project::ClaimId(1)));
    assert!(
        top.url.starts_with("file:///work/desk/Z")
            && top.url.contains("week.claimlens.ron#claim-00000000-0000-0000-0000-000000000001"),
        "{}",
        top.url
    );
    assert_eq!(
        (top.publisher.as_str(), top.rating.text.as_str(), top.rating.value),
        ("checked here", "mostly false", Some(0.25))
    );
    let here = top.checked_here.unwrap();
    assert_eq!((here.project.as_str(), here.claim), (path.to_str().unwrap(), claimlens::project::ClaimId(1)));
    // Saved again with another verdict: updated, not added.
    let mut c = p.claims[0].clone();
    c.verdict = Some(Verdict::True);
    Edit::UpdateClaim(Box::new(c)).apply(&mut p).unwrap();
    lib.set_project_claims(path, &p).unwrap();
    assert_eq!(lib.len(), 3);
    assert_eq!(lib.project_items(path).unwrap()[0].rating.text, "true");
    // The verdict removed: the item goes.
    let mut c = p.claims[0].clone();
    c.verdict = None;
    Edit::UpdateClaim(Box::new(c)).apply(&mut p).unwrap();
    assert_eq!(lib.set_project_claims(path, &p).unwrap(), 0);
    assert_eq!(lib.len(), 2);
    assert!(lib.project_items(path).unwrap().is_empty());
}

#[test]
fn a_claim_never_matches_its_own_checked_here_item() {
    let mut lib = Library::in_memory().unwrap();
    let path = Path::new("/desk/a.claimlens.ron");
    let text = "The Riverside bridge was closed for 400 days in 2021, the mayor said.";
    let p = project_with_claim(text, "The Riverside bridge was closed for 400 days in 2021", Some(Verdict::True));
    lib.set_project_claims(path, &p).unwrap();
    import(&mut lib, &["feed.jsonl"]);
    let analysis = Pipeline::default().analyze(&p.document);
    let found = lib.match_project(&p, &analysis, Some(path), 0.5, 5, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let claim = found.iter().find(|t| t.target == Target::Claim(ClaimId(1))).unwrap();
    assert_eq!(claim.matches[0].url, "https://third-eye.example/fc/2");
    assert!(claim.matches.iter().all(|m| m.checked_here.is_none()), "{:?}", claim.matches);
    // Another project's claim does see it.
    let other = lib
        .match_project(
            &p,
            &analysis,
            Some(Path::new("/desk/b.claimlens.ron")),
            0.5,
            5,
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert!(other[0].matches.iter().any(|m| m.checked_here.is_some()));
}

#[test]
fn dismissed_matches_are_left_out_and_undo() {
    let mut lib = Library::in_memory().unwrap();
    import(&mut lib, &["api.json"]);
    let text = "Parents say Maple Valley schools banned homework on Fridays. The school board denied it.";
    let mut p = project_with_claim(text, "Maple Valley schools banned homework on Fridays", None);
    let analysis = Pipeline::default().analyze(&p.document);
    let run =
        |p: &Project| lib.match_project(p, &analysis, None, 0.5, 5, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let urls = |p: &Project| run(p)[0].matches.iter().map(|m| m.url.clone()).collect::<Vec<_>>();
    let before = urls(&p);
    assert_eq!(before.len(), 2, "{before:?}");
    let dismissed = before[0].clone();
    let undo = Edit::DismissMatch { claim: ClaimId(1), url: dismissed.clone() }.apply(&mut p).unwrap();
    assert_eq!(urls(&p), before[1..]);
    // Saved in the project file and back.
    let ron = claimlens::project::schema::to_ron_string(&p).unwrap();
    assert!(ron.contains("dismissed_matches"), "{ron}");
    assert_eq!(claimlens::project::schema::from_ron_str(&ron).unwrap(), p);
    undo.apply(&mut p).unwrap();
    assert_eq!(urls(&p), before);
    assert!(!claimlens::project::schema::to_ron_string(&p).unwrap().contains("dismissed_matches"), "absent when empty");
    // The first result is strong enough for a margin mark.
    assert!(run(&p)[0].checked_before().is_some());
}

#[test]
fn a_cited_match_reaches_the_claimreview_export() {
    let text = "Parents say Maple Valley schools banned homework on Fridays.";
    let mut p = project_with_claim(text, "Maple Valley schools banned homework on Fridays", Some(Verdict::False));
    let url = "https://fifth-column.example/2021/03/homework-friday";
    let edit = cite_match(&p, ClaimId(1), url, jiff::Timestamp::UNIX_EPOCH).unwrap();
    let undo = edit.apply(&mut p).unwrap();
    assert!(cite_match(&p, ClaimId(1), url, jiff::Timestamp::UNIX_EPOCH).is_none(), "cited once");
    let out = export(&p, Format::ClaimReview).unwrap();
    let v: Value = serde_json::from_str(&out.files[0].contents).unwrap();
    assert_eq!(v["@graph"][0]["citation"], serde_json::json!([url]));
    undo.apply(&mut p).unwrap();
    assert!(p.claims[0].evidence.is_empty());
}

fn claimlens(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens")).args(args).output().expect("run claimlens");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn cli_match_jsonl_against_a_feed_and_a_library() {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("q.jsonl");
    std::fs::write(
        &queries,
        "{\"id\": \"a\", \"text\": \"Is it true that drinking seawater cures colds?\"}\n{\"id\": 2, \"text\": \"No, Maple Valley did not ban Friday homework\"}\n",
    )
    .unwrap();
    let feed = fixture("feed.jsonl");
    let (ok, out, err) =
        claimlens(&["match", "--library", feed.to_str().unwrap(), "--jsonl", queries.to_str().unwrap(), "--top", "1"]);
    assert!(ok, "{err}");
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    let m = &lines[0]["matches"][0];
    assert_eq!(m["url"], "https://third-eye.example/fc/1");
    assert_eq!(m["rating"]["text"], "Pants on Fire!");
    assert_eq!(m["publisher"], "Third Eye Checks");
    assert_eq!(m["date"], "2022-11-30");
    assert!(m["score"].as_f64().unwrap() > 0.0 && m["claim"].is_string());
    assert_eq!(lines[0]["matches"].as_array().unwrap().len(), 1, "--top 1");

    // A library folder built by `factchecks import`.
    let lib = dir.path().join("lib");
    let (ok, out, err) = claimlens(&[
        "factchecks",
        "import",
        fixture("api.json").to_str().unwrap(),
        feed.to_str().unwrap(),
        "-o",
        lib.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("imported 4 items (3 skipped)"), "{out}");
    let (ok, out, err) =
        claimlens(&["match", "--library", lib.to_str().unwrap(), "--jsonl", queries.to_str().unwrap()]);
    assert!(ok, "{err}");
    let second: Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
    assert_eq!(second["id"], 2);
    assert_eq!(second["matches"][0]["publisher"], "Fifth Column Facts");
    let (ok, out, _) = claimlens(&["factchecks", "export", "-l", lib.to_str().unwrap()]);
    assert!(ok);
    assert_eq!(out.lines().count(), 4);
    // Errors name the path.
    let (ok, _, err) = claimlens(&["match", "--library", "/nonexistent/lib", "--jsonl", queries.to_str().unwrap()]);
    assert!(!ok && err.contains("/nonexistent/lib"), "{err}");
}

#[test]
fn cli_match_an_article_gives_claims_and_suggestions_in_code_points() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.txt");
    let text = "Schools in Ünal’s town 🚀\n\nA viral post claimed that Maple Valley schools banned homework on Fridays in 2021. Officials said the rule never existed and 12 schools still assign it.";
    std::fs::write(&article, text).unwrap();
    let (ok, out, err) =
        claimlens(&["match", "--library", fixture("api.json").to_str().unwrap(), article.to_str().unwrap()]);
    assert!(ok, "{err}");
    let chars: Vec<char> = std::fs::read_to_string(&article).unwrap().chars().collect();
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!lines.is_empty(), "{out}");
    let hit = lines
        .iter()
        .find(|l| {
            // Both reviews of the claim in api.json are right answers.
            l["matches"].as_array().is_some_and(|m| {
                !m.is_empty()
                    && (m[0]["url"] == "https://fifth-column.example/2021/03/homework-friday"
                        || m[0]["url"] == "https://sixth-sense.example/homework")
            })
        })
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(hit["kind"], "suggestion");
    let (s, e) = (hit["start"].as_u64().unwrap() as usize, hit["end"].as_u64().unwrap() as usize);
    assert_eq!(chars[s..e].iter().collect::<String>(), hit["text"].as_str().unwrap());
}

#[test]
fn eval_match_scores_like_the_reference_scorer() {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("q.jsonl");
    std::fs::write(&queries, "{\"id\": \"q1\", \"text\": \"seawater cures the cold\"}\n{\"id\": \"q2\", \"text\": \"Riverside bridge 400 days\"}\n").unwrap();
    let qrels = dir.path().join("qrels.tsv");
    // q2's relevant item is the wrong one on purpose: MAP@5 = (1 + 0) / 2.
    std::fs::write(&qrels, "q1\t0\thttps://third-eye.example/fc/1\t1\nq2\t0\thttps://elsewhere.example/x\t1\n")
        .unwrap();
    let (ok, out, err) = claimlens(&[
        "eval-match",
        "--library",
        fixture("feed.jsonl").to_str().unwrap(),
        "--queries",
        queries.to_str().unwrap(),
        "--qrels",
        qrels.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(
        (v["queries"].as_u64(), v["MAP@5"].as_f64(), v["MAP@1"].as_f64()),
        (Some(2), Some(0.5), Some(0.5)),
        "{v}"
    );
    let (ok, _, err) = claimlens(&[
        "eval-match",
        "--library",
        fixture("feed.jsonl").to_str().unwrap(),
        "--queries",
        queries.to_str().unwrap(),
        "--qrels",
        qrels.to_str().unwrap(),
        "--config",
        "{\"nonsense\": 1}",
    ]);
    assert!(!ok && err.contains("--config"), "{err}");
}

/// The floor on the CheckThat! 2020 Task 2 development data: dev and train MAP@5 of the
/// shipped matcher (the README's table gives the measured values).
#[test]
fn checkthat_2020_claim_matching_map_floor() {
    let Some(dir) = claimlens_shared("data/match-dev") else { return };
    let mut lib = Library::in_memory().unwrap();
    lib.import(&[dir.join("library.claimreview.json")], &mut |_| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(lib.len(), 10_375);
    for (split, floor) in [("dev", DEV_FLOOR), ("train", TRAIN_FLOOR)] {
        let qrels = eval::parse_qrels(&std::fs::read_to_string(dir.join(format!("{split}.qrels.tsv"))).unwrap());
        let text = std::fs::read_to_string(dir.join(format!("{split}.queries.jsonl"))).unwrap();
        let mut ranked = std::collections::BTreeMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).unwrap();
            let found = lib.match_claim(&ClaimQuery::new(v["text"].as_str().unwrap()), 5).unwrap();
            ranked.insert(v["id"].as_str().unwrap().to_owned(), found.into_iter().map(|m| m.url).collect());
        }
        let s = eval::score(&qrels, &ranked, 5);
        eprintln!("{split}: MAP@5 {:.4} MRR@5 {:.4} hit@5 {:.4}", s.map, s.mrr, s.hit);
        assert!(s.map >= floor, "{split} MAP@5 {:.4} is below the floor {floor}", s.map);
    }
}

const DEV_FLOOR: f64 = 0.78;
const TRAIN_FLOOR: f64 = 0.83;

fn claimlens_shared(rel: &str) -> Option<PathBuf> {
    crate::shared::shared_dir(rel)
}

/// "Checked before" marks the sentences of an article that quote a checked claim whole, even
/// with who said it where added (which lowers the share of the sentence's words the fact-check
/// has), and not a sentence that only shares a few of its words.
#[test]
fn a_sentence_quoting_a_checked_claim_with_its_attribution_is_likely_the_same_claim() {
    let mut lib = Library::in_memory().unwrap();
    import(&mut lib, &["array.json"]);
    let likely =
        |lib: &Library, q: &str| lib.match_claim(&ClaimQuery::new(q), 1).unwrap().first().is_some_and(|m| m.likely);
    assert!(likely(&lib, "The town of Port Alder pays its lighthouse keepers more than its mayor."));
    assert!(likely(
        &lib,
        "The town of Port Alder pays its lighthouse keepers more than its mayor, councillor Ines Varga \
         said at Tuesday's meeting in Zürich Hall."
    ));
    assert!(!likely(
        &lib,
        "The budget office said it would publish the salaries of all municipal staff before the end of \
         the month, including those of the two keepers."
    ));
}
