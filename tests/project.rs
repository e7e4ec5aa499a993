//! Project files: round trips, the committed fixture of every format version, refusals, and
//! atomic saving.

use claimlens::document::{BlockKind, ByteSpan, Document};
use claimlens::io::project_file;
use claimlens::nlp::{Entity, EntityLabel};
use claimlens::project::{
    Claim, ClaimId, ClaimKind, ClaimStatus, CorrectionAction, CorrectionId, CorrectionTarget, Edit, EntityCorrection,
    Project, SourceInfo, Verdict, article_identity, schema,
};

/// The id a claim numbered `n` in an old (version 1 or 2) file of `p`'s article gets when the
/// file is migrated.
fn legacy_id(p: &Project, n: u64) -> ClaimId {
    ClaimId::derived(&article_identity(&p.source.sha256, p.text()), n)
}

const FIXTURE_V1: &str = include_str!("data/projects/v1.claimlens.ron");

fn sample_project() -> Project {
    let doc = Document::from_blocks([
        (BlockKind::Title, "Zürich: “NATO” asks for 5%"),
        (BlockKind::Dateline, "BRUSSELS (Wire) —"),
        (BlockKind::Paragraph, "Pete Hegseth said allies must spend 5% — “no less”.\nA second line."),
    ]);
    let text = doc.text.clone();
    let find = |s: &str| {
        let i = text.find(s).unwrap();
        ByteSpan::new(i, i + s.len())
    };
    let mut p = Project::new(
        doc,
        SourceInfo { path: Some("/tmp/zürich.txt".into()), encoding: "UTF-8".into(), ..SourceInfo::default() },
    );
    p.entities.recognizer = "test".into();
    p.entities.automatic =
        vec![Entity::new(find("Zürich"), EntityLabel::Gpe), Entity::new(find("Pete Hegseth"), EntityLabel::Person)];
    let t = "2025-02-11T10:00:00Z".parse().unwrap();
    let mut claim = Claim::new(legacy_id(&p, 1), &text, find("Pete Hegseth said allies must spend 5%"), t);
    claim.claimant = "Pete Hegseth".into();
    claim.kind = ClaimKind::Statistical;
    claim.status = ClaimStatus::Checked;
    claim.verdict = Some(Verdict::HalfTrue);
    claim.evidence = vec!["https://www.nato.int/".into()];
    claim.note = "Two lines,\nwith \"quotes\" and a r#\"raw\"# marker.".into();
    claim.tags = vec!["defence".into()];
    for e in [
        Edit::AddClaim(Box::new(claim)),
        Edit::AddTag("defence".into()),
        Edit::InsertCorrection {
            index: 0,
            correction: EntityCorrection {
                id: CorrectionId::derived(&article_identity(&p.source.sha256, p.text()), 0),
                ..EntityCorrection::new(
                    CorrectionTarget::AllMentions("NATO".into()),
                    CorrectionAction::SetLabel(EntityLabel::Org),
                )
            },
        },
    ] {
        e.apply(&mut p).unwrap();
    }
    p
}

#[test]
fn round_trip_is_exact_and_stable() {
    let p = sample_project();
    let text = schema::to_ron_string(&p).unwrap();
    let back = schema::from_ron_str(&text).unwrap();
    assert_eq!(back, p);
    // Same input, same bytes: diffs stay clean.
    assert_eq!(schema::to_ron_string(&back).unwrap(), text);
    // Field order: version first, the article readable as it is.
    assert!(text.lines().nth(1).unwrap().trim_start().starts_with('('));
    let version_line = format!("format_version: {}", schema::CURRENT_VERSION);
    assert!(text.lines().nth(2).unwrap().trim_start().starts_with(&version_line));
    assert!(text.contains("A second line."), "article text is stored unescaped");
}

/// Every format version ever written has a fixture of the same project in
/// `tests/data/projects/vN.claimlens.ron`; each must load (migrated) into exactly the project
/// this version builds. `CLAIMLENS_WRITE_FIXTURES=1` writes the fixture of the current version
/// if it does not exist yet; fixtures of released versions are never rewritten.
#[test]
fn every_version_fixture_loads() {
    let current = format!("tests/data/projects/v{}.claimlens.ron", schema::CURRENT_VERSION);
    if std::env::var_os("CLAIMLENS_WRITE_FIXTURES").is_some() && !std::path::Path::new(&current).exists() {
        std::fs::write(&current, schema::to_ron_string(&sample_project()).unwrap()).unwrap();
    }
    let mut versions = Vec::new();
    for entry in std::fs::read_dir("tests/data/projects").unwrap() {
        let path = entry.unwrap().path();
        // Only the `vN.claimlens.ron` fixtures hold the one sample project.
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let is_version_fixture = name
            .strip_prefix('v')
            .and_then(|r| r.strip_suffix(".claimlens.ron"))
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
        if !is_version_fixture {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let p = schema::from_ron_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(p, sample_project(), "{}", path.display());
        versions.push(path.file_name().unwrap().to_string_lossy().into_owned());
    }
    versions.sort();
    assert!(versions.contains(&"v1.claimlens.ron".to_owned()), "{versions:?}");
    // The v1 fixture is also compiled in, so it cannot silently disappear.
    assert_eq!(schema::from_ron_str(FIXTURE_V1).unwrap(), sample_project());
}

#[test]
fn refusals_name_the_problem() {
    let newer = FIXTURE_V1.replacen("format_version: 1", "format_version: 99", 1);
    let e = schema::from_ron_str(&newer).unwrap_err().to_string();
    assert!(e.contains("newer") && e.contains("version 99"), "{e}");
    let truncated = &FIXTURE_V1[..FIXTURE_V1.len() / 2];
    let e = schema::from_ron_str(truncated).unwrap_err().to_string();
    assert!(e.contains("damaged"), "{e}");
    let e = schema::from_ron_str("(title: \"not a project\")").unwrap_err().to_string();
    assert!(e.contains("not a ClaimLens project"), "{e}");
    // A span outside the text is caught on load, not when the view draws it.
    let bad = FIXTURE_V1.replacen("automatic: [", "automatic: [\n      (9000, 9005, PERSON),", 1);
    let e = schema::from_ron_str(&bad).unwrap_err().to_string();
    assert!(e.contains("outside the article text"), "{e}");
}

#[test]
fn corrupt_file_is_never_overwritten_by_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.claimlens.ron");
    std::fs::write(&path, "(format_version: 1, document: (").unwrap();
    let before = std::fs::read(&path).unwrap();
    let e = project_file::load(&path).unwrap_err();
    assert!(e.to_string().contains("broken.claimlens.ron"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn atomic_save_under_failure_keeps_last_good_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.claimlens.ron");
    let good = sample_project();
    project_file::save(&path, &good).unwrap();
    let mut changed = good.clone();
    changed.tags.push("zzz".into());
    for step in [
        project_file::SaveStep::Create,
        project_file::SaveStep::Write,
        project_file::SaveStep::Sync,
        project_file::SaveStep::Backup,
        project_file::SaveStep::Rename,
    ] {
        assert!(project_file::save_with_failpoint(&path, &changed, Some(step)).is_err());
        assert_eq!(project_file::load(&path).unwrap(), good, "after a failure at {step:?}");
    }
    // A real OS error: the target's folder does not exist.
    let e = project_file::save(&dir.path().join("no/such/dir/p.claimlens.ron"), &good).unwrap_err();
    assert!(e.to_string().contains("no/such/dir"), "{e}");
    project_file::save(&path, &changed).unwrap();
    assert_eq!(project_file::load(&path).unwrap(), changed);
    assert_eq!(project_file::load(&project_file::backup_path(&path)).unwrap(), good);
}

/// The sample project with every field format version 2 added: article versions with their
/// changes, an orphan, grouping corrections, a codebook, a rejected suggestion, and a claim's
/// attribution (claimant entity, who asserts it, origin).
fn sample_project_v2() -> Project {
    use claimlens::project::anchor::RecordedChange;
    use claimlens::project::{
        ArticleVersion, AssertedBy, ClaimOrigin, Code, Codebook, GroupCorrection, Orphan, OrphanAnnotation,
    };
    let mut p = sample_project();
    let t: jiff::Timestamp = "2025-02-12T09:30:00Z".parse().unwrap();
    let text = p.text().to_owned();
    let i = text.find("A second line.").unwrap();
    let mut claim = Claim::new(legacy_id(&p, 2), &text, ByteSpan::new(i, i + "A second line".len()), t);
    claim.claimant = "Pete Hegseth".into();
    claim.claimant_entity = Some("Pete Hegseth".into());
    claim.asserted_by = AssertedBy::Source;
    claim.origin = ClaimOrigin::Suggested;
    claim.tags = vec!["topic/defence/spending".into()];
    let orphan_claim = Claim::new(legacy_id(&p, 3), &text, ByteSpan::new(0, "Zürich".len()), t);
    let codebook = Codebook {
        name: "Desk ▸ Brüssel".into(),
        codes: vec![Code {
            path: "topic/defence/spending".into(),
            color: Some((230, 159, 0)),
            shortcut: Some(1),
            description: "Budgets, “quotes”".into(),
        }],
    };
    for e in [
        Edit::AddTag("topic/defence/spending".into()),
        Edit::AddClaim(Box::new(claim)),
        Edit::SetCodebook(Box::new(codebook)),
        Edit::RejectSuggestion("A second line.".into()),
        Edit::InsertGroupCorrection {
            index: 0,
            correction: GroupCorrection::Rename { entity: "Pete Hegseth".into(), name: "Peter Hegseth".into() },
        },
        Edit::InsertOrphan {
            index: 0,
            orphan: Box::new(Orphan {
                annotation: OrphanAnnotation::Claim(orphan_claim),
                quote: "Zürich".into(),
                prefix: String::new(),
                suffix: ": “NATO”".into(),
                version: 0,
            }),
        },
    ] {
        e.apply(&mut p).unwrap();
    }
    p.article_versions.push(ArticleVersion {
        sha256: "ab".repeat(32),
        size_bytes: 120,
        chars: 110,
        source_path: Some("/tmp/zürich-2.txt".into()),
        imported: Some(t),
        change: "+14 / −0 characters; 1 kept".into(),
        changes: vec![RecordedChange { new: ByteSpan::new(i, i + 2), removed: "Ä".into() }],
    });
    p
}

/// Format version 2's own fixture, with every field it added, must keep loading as it is.
#[test]
fn v2_features_fixture_loads() {
    let path = "tests/data/projects/v2-features.claimlens.ron";
    if std::env::var_os("CLAIMLENS_WRITE_FIXTURES").is_some() && !std::path::Path::new(path).exists() {
        std::fs::write(path, schema::to_ron_string(&sample_project_v2()).unwrap()).unwrap();
    }
    let text = std::fs::read_to_string(path).expect("the v2 fixture is committed");
    assert_eq!(schema::from_ron_str(&text).unwrap(), sample_project_v2());
}

/// The sample project with every field format version 3 added: coders on claims and
/// corrections, correction times, a recorded merge conflict and an adjudication decision.
fn sample_project_v3() -> Project {
    use claimlens::project::review::{AnnotationRef, Choice, Conflict, Decision, FieldValue};
    let mut p = sample_project_v2();
    let t: jiff::Timestamp = "2025-03-01T08:00:00Z".parse().unwrap();
    for c in &mut p.claims {
        c.created_by = "ana".into();
        c.modified_by = "Bén Ünal".into();
    }
    let c = &mut p.entities.corrections[0];
    c.created = Some(t);
    c.created_by = "ana".into();
    c.modified = Some(t);
    c.modified_by = "ana".into();
    let id = p.claims[0].id;
    p.conflicts.push(Conflict {
        annotation: AnnotationRef::Claim(id),
        field: "note".into(),
        base: FieldValue::Text(String::new()),
        ours: FieldValue::Text(p.claims[0].note.clone()),
        theirs: FieldValue::Text("Ben’s “note” 🚲".into()),
    });
    p.decisions.push(Decision {
        a: Some(id),
        b: Some(p.claims[1].id),
        choice: Choice::TakeA,
        kept: vec![id],
        decided_by: "cy".into(),
        decided: Some(t),
    });
    p
}

/// Format version 3's fixture with every field it added (coders, a conflict, a decision).
#[test]
fn v3_team_fixture_loads() {
    let path = "tests/data/projects/v3-team.claimlens.ron";
    if std::env::var_os("CLAIMLENS_WRITE_FIXTURES").is_some() && !std::path::Path::new(path).exists() {
        std::fs::write(path, schema::to_ron_string(&sample_project_v3()).unwrap()).unwrap();
    }
    let text = std::fs::read_to_string(path).expect("the v3 fixture is committed");
    assert_eq!(schema::from_ron_str(&text).unwrap(), sample_project_v3());
    assert!(text.contains("conflicts: [") && text.contains("created_by: \"ana\""), "{text}");
}
