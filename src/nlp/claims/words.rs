//! Word lists of the claim engine, written for ClaimLens (no outside source): reporting verbs,
//! future and modal markers, hedges, first-person opinion markers, comparison and causal cues,
//! units that make a number a statistic.
//!
//! All entries are lower-case; multi-word cues are matched on lower-cased word sequences.

/// Reporting verbs in every form a news text uses ("said", "says", "told" …): the list is in
/// [`crate::nlp::lexicon`], shared with quotation attribution.
pub use crate::nlp::lexicon::REPORTING_VERBS;

/// Words and phrases about the future or about expectations ("will", "expected to").
pub const FUTURE_MARKERS: &[&str] = &[
    "will",
    "'ll",
    "won't",
    "wo",
    "shall",
    "going to",
    "gonna",
    "expected to",
    "expect",
    "expects",
    "expected",
    "expecting",
    "forecast",
    "forecasts",
    "projected to",
    "projects",
    "predicts",
    "predicted",
    "plans to",
    "planning to",
    "plan to",
    "is set to",
    "are set to",
    "was set to",
    "likely to",
    "unlikely to",
    "poised to",
    "on track to",
    "next year",
    "next month",
    "next week",
    "in the coming",
    "in the future",
    "by the end of",
    "anticipate",
    "anticipates",
    "anticipated",
    "outlook",
];

/// Hedges and modals ("may", "could", "perhaps").
pub const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "perhaps",
    "possibly",
    "probably",
    "maybe",
    "seems",
    "appears",
    "suggests",
    "reportedly",
    "allegedly",
    "apparently",
];

/// First-person opinion and intention markers ("I think", "we must").
pub const OPINION_MARKERS: &[&str] = &[
    "i think",
    "i believe",
    "i feel",
    "i want",
    "i hope",
    "i'm going to",
    "i will",
    "i'll",
    "we must",
    "we should",
    "we need",
    "we have to",
    "we've got to",
    "in my opinion",
    "i don't think",
    "let me",
    "i'd like",
    "i would",
    "my view",
    "i am",
];

/// Comparison cues ("more than", "the largest").
pub const COMPARISON_MARKERS: &[&str] = &[
    "more than",
    "less than",
    "fewer than",
    "greater than",
    "higher than",
    "lower than",
    "larger than",
    "smaller than",
    "bigger than",
    "better than",
    "worse than",
    "faster than",
    "slower than",
    "as many as",
    "as much as",
    "compared with",
    "compared to",
    "twice as",
    "times as",
    "largest",
    "biggest",
    "highest",
    "lowest",
    "smallest",
    "most",
    "least",
    "fastest",
    "slowest",
    "record",
    "worst",
    "best",
    "first time",
    "only",
    "doubled",
    "tripled",
    "halved",
];

/// Causal cues ("because", "led to").
pub const CAUSAL_MARKERS: &[&str] = &[
    "because",
    "because of",
    "caused",
    "causes",
    "cause",
    "causing",
    "led to",
    "leads to",
    "lead to",
    "due to",
    "as a result",
    "result of",
    "resulted in",
    "results in",
    "thanks to",
    "blamed",
    "blames",
    "responsible for",
    "contributed to",
    "contributes to",
    "triggered",
    "sparked",
    "drove",
    "driven by",
    "fueled",
    "fuelled",
    "so that",
    "therefore",
    "consequently",
];

/// Position and policy cues ("supports", "opposes", "calls for").
pub const POSITION_MARKERS: &[&str] = &[
    "support",
    "supports",
    "supported",
    "oppose",
    "opposes",
    "opposed",
    "calls for",
    "called for",
    "call for",
    "favor",
    "favors",
    "favour",
    "favours",
    "against",
    "should",
    "must",
    "policy",
    "proposal",
    "proposed",
    "proposes",
    "propose",
    "plan",
    "wants to",
    "want to",
    "intends to",
    "intend to",
    "demanded",
    "demands",
    "rejected",
    "rejects",
    "backed",
    "backs",
    "endorsed",
    "endorses",
    "committed to",
    "pledged",
    "vowed",
    "promised",
    "will not",
    "won't",
    "refuses",
    "refused",
];

/// Words after a number that make it a measured quantity ("5 percent", "4 billion").
pub const UNIT_WORDS: &[&str] = &[
    "percent",
    "per",
    "%",
    "percentage",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "trillions",
    "thousand",
    "thousands",
    "hundred",
    "hundreds",
    "dollars",
    "dollar",
    "euros",
    "pounds",
    "cents",
    "jobs",
    "people",
    "years",
    "times",
    "points",
    "basis",
    "tons",
    "tonnes",
    "miles",
    "kilometres",
    "kilometers",
    "km",
    "troops",
    "soldiers",
    "deaths",
    "dead",
    "killed",
    "americans",
    "workers",
];

/// Number words ("million", "half", "dozen") that make a sentence numeric without digits.
pub const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "trillions",
    "dozen",
    "dozens",
    "half",
    "third",
    "quarter",
    "percent",
    "double",
    "twice",
];

/// True when the lower-cased `words` contain the (lower-case, space-separated) phrase
/// `cue` as a run of whole words.
#[must_use]
pub fn contains_phrase(words: &[&str], cue: &str) -> bool {
    let parts: Vec<&str> = cue.split(' ').collect();
    if parts.is_empty() || parts.len() > words.len() {
        return false;
    }
    words.windows(parts.len()).any(|w| w == parts.as_slice())
}

/// True when any cue of `list` occurs in `words` (see [`contains_phrase`]).
#[must_use]
pub fn any_phrase(words: &[&str], list: &[&str]) -> bool {
    list.iter().any(|cue| contains_phrase(words, cue))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_lower_case_and_trimmed() {
        for list in [REPORTING_VERBS, FUTURE_MARKERS, HEDGES, OPINION_MARKERS, COMPARISON_MARKERS, CAUSAL_MARKERS] {
            for w in list {
                assert_eq!(*w, w.to_lowercase(), "{w}");
                assert_eq!(*w, w.trim(), "{w}");
            }
        }
    }

    #[test]
    fn phrases_match_whole_words() {
        let words = ["prices", "are", "expected", "to", "rise"];
        assert!(contains_phrase(&words, "expected to"));
        assert!(!contains_phrase(&words, "expected to fall"));
        assert!(!contains_phrase(&words, "pect"));
        assert!(any_phrase(&words, FUTURE_MARKERS));
    }
}
