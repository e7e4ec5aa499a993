//! `claimlens eval-claims` against a small fixture written for this test
//! (`tests/data/claims/eval_gold.jsonl`, `eval_pred.jsonl`), with the expected numbers worked
//! out by hand below, so the scorer cannot drift from `claims_score.py`'s definitions unnoticed.

use std::process::Command;

fn claimlens(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimlens")).args(args).output().expect("run claimlens");
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/claims/eval_gold.jsonl");
const PRED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/claims/eval_pred.jsonl");

/// The lines of the `== name ==` block of an eval-claims report.
fn block<'a>(report: &'a str, name: &str) -> Vec<&'a str> {
    let head = format!("== {name} ==");
    report.lines().skip_while(|l| *l != head).skip(1).take_while(|l| !l.starts_with("==")).collect()
}

/// Hand computation (threshold 0.5; `c1` has a score but no label, so 0.4 < 0.5 gives "not";
/// `c2` has no prediction, so it is "not" and ranked last):
///
/// | id | gold | score | predicted |    |
/// |----|------|-------|-----------|----|
/// | a1 | 1    | 0.9   | 1         | TP |
/// | a2 | 0    | 0.8   | 1         | FP |
/// | a3 | 1    | 0.3   | 0         | FN |
/// | a4 | 0    | 0.1   | 0         | TN |
/// | b1 | 0    | 0.7   | 1         | FP |
/// | b2 | 1    | 0.6   | 1         | TP |
/// | b3 | 0    | 0.2   | 0         | TN |
/// | c1 | 1    | 0.4   | 0         | FN |
/// | c2 | 0    | –     | 0         | TN |
///
/// P = 2/4, R = 2/4, F1 = 0.5.
/// Groups: doc A ranks a1 a2 a3 a4 → AP = (1/1 + 2/3)/2 = 5/6; doc B ranks b1 b2 b3 → AP = 1/2;
/// `c1`, `c2` have no doc, so they form the group "source:single": c1 c2 → AP = 1.
/// MAP = (5/6 + 1/2 + 1)/3 = 7/9 = 0.7778. RR = (1 + 1/2 + 1)/3 = 0.8333.
/// R-Prec = (1/2 + 0 + 1)/3 = 0.5.
/// One global ranking a1 a2 b1 b2 c1 a3 b3 a4 c2: positives at ranks 1, 4, 5, 6 →
/// `AP_global` = (1/1 + 2/4 + 3/5 + 4/6)/4 = 0.6917.
#[test]
fn eval_claims_matches_the_hand_computed_numbers() {
    let (ok, out, err) = claimlens(&["eval-claims", GOLD, "--predictions", PRED, "--threshold", "0.5"]);
    assert!(ok, "{err}");
    let overall = block(&out, "overall");
    assert_eq!(
        overall,
        [
            "gold sentences: 9 (check-worthy: 4)",
            "positive class  P=0.5000  R=0.5000  F1=0.5000  (tp=2 fp=2 fn=2 tn=3)",
            "ranking  AP_global=0.6917  MAP=0.7778 over 3/3 groups  RR=0.8333  R-Prec=0.5000",
            "         P@1=0.6667  P@3=0.4444  P@5=0.2667  P@10=0.1333  P@20=0.0667  P@30=0.0444  P@50=0.0267",
        ],
        "{out}"
    );
    // Per source: "fixture" has docs A and B only → MAP = (5/6 + 1/2)/2 = 0.6667.
    let fixture = block(&out, "source:fixture");
    assert!(fixture.iter().any(|l| l.contains("F1=0.5714") && l.contains("(tp=2 fp=2 fn=1 tn=2)")), "{out}");
    assert!(fixture.iter().any(|l| l.contains("MAP=0.6667 over 2/2 groups")), "{out}");
}

/// Running the model writes predictions that score the same when read back, which is how the
/// numbers are compared with `claims_score.py` (see README, "Claims: measured").
#[test]
fn eval_claims_predictions_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("p.jsonl");
    let pred = pred.to_str().unwrap();
    let (ok, first, err) = claimlens(&["eval-claims", GOLD, "--predictions-out", pred, "--threshold", "0.5"]);
    assert!(ok, "{err}");
    let lines = std::fs::read_to_string(pred).unwrap();
    assert_eq!(lines.lines().count(), 9);
    for l in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let s = v["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s), "{l}");
        assert_eq!(v["label"] == "check-worthy", s >= 0.5, "{l}");
    }
    let (ok, second, err) = claimlens(&["eval-claims", GOLD, "--predictions", pred]);
    assert!(ok, "{err}");
    assert_eq!(block(&first, "overall"), block(&second, "overall"));
}

/// A transcript written for this test (fictional speakers): opened as an article, its
/// suggestions weigh who speaks (`nlp::claims::context`), while the same sentences as prose keep
/// the model's scores.
#[test]
fn transcript_suggestions_demote_the_moderator_and_promote_repeated_claims() {
    let turns = [
        ("MORALES", "Good evening and welcome to the debate in Springfield."),
        ("MORALES", "Governor Lund, the state deficit grew to 3 billion dollars last year."),
        ("LUND", "We cut property taxes by 12 percent for every family in this state."),
        ("MORALES", "Mayor Okafor, your city hired 400 new teachers in 2023."),
        ("OKAFOR", "My opponent left our schools with the largest class sizes in the region."),
        ("MORALES", "Governor Lund, unemployment fell to 4 percent under your watch."),
        ("LUND", "Our economy added jobs in every county, and wages went up."),
        ("MORALES", "Mayor Okafor, the city budget is 2 billion dollars this year."),
        ("OKAFOR", "Crime in our city dropped by a third since I took office."),
        ("MORALES", "Governor Lund, you have one minute left."),
        ("LUND", "Remember that we cut property taxes by 12 percent for every family in this state."),
        ("OKAFOR", "That is simply not what happened to families in my city."),
    ];
    let transcript: String = turns.iter().map(|(s, t)| format!("{s}: {t}\n")).collect();
    let prose: String = turns.iter().map(|(_, t)| format!("{t}\n\n")).collect();
    let dir = std::env::temp_dir().join(format!("claimlens-transcript-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scores = |name: &str, text: &str| -> Vec<(String, f64)> {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let (ok, out, err) = claimlens(&["claims", path.to_str().unwrap(), "--top", "0", "--threshold", "0"]);
        assert!(ok, "{err}");
        out.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let text = v["text"].as_str().unwrap();
                // Sentences keep their line's label in the output; compare the words after it.
                let text =
                    text.split_once(": ").filter(|(s, _)| s.chars().all(char::is_uppercase)).map_or(text, |p| p.1);
                (text.trim().to_owned(), v["score"].as_f64().unwrap())
            })
            .collect()
    };
    let as_transcript = scores("debate.txt", &transcript);
    let as_prose = scores("prose.txt", &prose);
    let _ = std::fs::remove_dir_all(&dir);
    let score = |list: &[(String, f64)], s: &str| {
        list.iter().find(|(t, _)| t == s).unwrap_or_else(|| panic!("{s:?} not scored: {list:?}")).1
    };
    let host = "Governor Lund, the state deficit grew to 3 billion dollars last year.";
    let repeated = "We cut property taxes by 12 percent for every family in this state.";
    let once = "Crime in our city dropped by a third since I took office.";
    assert!(score(&as_transcript, host) < score(&as_prose, host) - 0.05, "the moderator's figure sinks");
    assert!(score(&as_transcript, repeated) > score(&as_prose, repeated), "a repeated claim rises");
    assert!((score(&as_transcript, once) - score(&as_prose, once)).abs() < 1e-3, "a plain answer keeps its score");
}

/// The number after `key` (`"MAP="`) in the first of `lines` that has it.
fn number_after(lines: &[&str], key: &str) -> f64 {
    let line = lines.iter().find(|l| l.contains(key)).unwrap_or_else(|| panic!("no {key} in {lines:?}"));
    let rest = &line[line.find(key).unwrap() + key.len()..];
    rest.split_whitespace().next().unwrap().parse().unwrap_or_else(|e| panic!("{key} in {line:?}: {e}"))
}

/// Floor on data the model never saw: CheckThat! 2020 debate transcripts (the model is trained
/// on ClaimBuster only). Measured MAP 0.1304 (README, `assets/claims/README.md`); below 0.12
/// is a regression. Needs `../shared` (research-only data, never committed).
#[test]
fn checkthat_dev_map_floor() {
    let Some(gold) = crate::shared::shared_dir("data/claims-dev/checkthat_debates_dev.jsonl") else {
        return;
    };
    let (ok, out, err) = claimlens(&["eval-claims", gold.to_str().unwrap()]);
    assert!(ok, "{err}");
    let map = number_after(&block(&out, "overall"), "MAP=");
    assert!(map >= 0.12, "CheckThat! dev MAP {map:.4} fell below the 0.12 floor\n{out}");
}

/// Floor on ClaimBuster's out-of-fold scores (5-fold cross-validation, nothing written).
/// Measured F1 0.7620; below 0.74 is a regression.
#[test]
fn claimbuster_cross_validation_f1_floor() {
    let Some(data) = crate::shared::shared_dir("data/claims-dev/claimbuster_dev.jsonl") else {
        return;
    };
    let (ok, out, err) = claimlens(&["train-claims", "--data", data.to_str().unwrap(), "--folds", "5", "--no-write"]);
    assert!(ok, "{err}");
    let f1 = number_after(&block(&out, "5-fold cross-validation, threshold 0.5"), "F1=");
    assert!(f1 >= 0.74, "ClaimBuster cross-validated F1 {f1:.4} fell below the 0.74 floor\n{out}");
}
