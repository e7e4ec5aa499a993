//! Word lists and small text helpers shared by several NLP modules, kept here so that no two
//! of them import each other: the titles before names ([`is_title`], used by [`super::ner`]
//! and [`super::consistency`]), the reporting verbs ([`REPORTING_VERBS`], used by
//! [`super::quotes`] and [`super::claims`]) and the speaker labels of transcripts
//! ([`speaker_label`], [`speaker_turns`], [`speaker_entity`], used by [`super::quotes`] and
//! [`super::claims::context`]). Written for ClaimLens (no outside source).

use serde::{Deserialize, Serialize};

use super::EntityLabel;
use super::canonical::CanonicalEntity;
use crate::document::ByteSpan;

/// Titles that precede a name and are not part of it (CoNLL convention: "President Obama" →
/// "Obama").
const TITLES: &[&str] = &[
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Miss",
    "Dr",
    "Dr.",
    "Prof",
    "Prof.",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "President",
    "Vice",
    "Premier",
    "Chancellor",
    "Secretary",
    "Minister",
    "Gen",
    "Gen.",
    "General",
    "Lt",
    "Lt.",
    "Lieutenant",
    "Col",
    "Col.",
    "Colonel",
    "Maj",
    "Maj.",
    "Capt",
    "Capt.",
    "Captain",
    "Adm",
    "Adm.",
    "Admiral",
    "Sgt",
    "Sgt.",
    "Sergeant",
    "Rep",
    "Rep.",
    "Representative",
    "Sen",
    "Sen.",
    "Senator",
    "Gov",
    "Gov.",
    "Governor",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "Rev",
    "Rev.",
    "Reverend",
    "Sheikh",
    "Ambassador",
    "Judge",
    "Justice",
    "Chairman",
    "Chairwoman",
    "Mayor",
    "Commissioner",
    "Speaker",
    "Defense",
    "Defence",
    "Foreign",
    "Deputy",
    "Prime",
    "Envoy",
    "Special",
    "Chief",
    "Commander",
    "Marshal",
    "Field",
    "Brig.",
    "Brigadier",
    "Cpl.",
    "Corporal",
    "Pvt.",
    "Private",
    "Officer",
    "Detective",
    "Inspector",
    "Dean",
    "Bishop",
    "Archbishop",
    "Cardinal",
    "Rabbi",
    "Imam",
    "Ayatollah",
    "Emir",
    "Sultan",
    "Crown",
    "Former",
    "former",
    "Late",
    "late",
    "Attorney",
];

/// True for a title word that precedes names ("President", "Gen.", "Mr").
#[must_use]
pub fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

/// Reporting verbs in every form a news text uses ("said", "says", "told" …), for speaker
/// attribution and as a feature.
pub const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "telling",
    "stated",
    "states",
    "announced",
    "announces",
    "added",
    "adds",
    "noted",
    "notes",
    "explained",
    "explains",
    "argued",
    "argues",
    "insisted",
    "insists",
    "warned",
    "warns",
    "claimed",
    "claims",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "asserted",
    "asserts",
    "declared",
    "declares",
    "estimated",
    "estimates",
    "predicted",
    "predicts",
    "wrote",
    "writes",
    "testified",
    "alleged",
    "alleges",
    "suggested",
    "suggests",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "maintained",
    "maintains",
    "replied",
    "replies",
    "responded",
    "concluded",
    "observed",
    "revealed",
    "reveals",
    "disclosed",
    "promised",
    "promises",
    "pledged",
    "pledges",
    "vowed",
    "vows",
    "urged",
    "urges",
    "asked",
    "asks",
    "recalled",
    "recalls",
    "reported",
    "reports",
    "countered",
    "cautioned",
    "conceded",
    "concedes",
    "complained",
    "complains",
    "remarked",
    "indicated",
    "indicates",
    "signaled",
    "signalled",
    "tweeted",
    "posted",
    "wrote",
    "commented",
    "continued",
    "agreed",
    "agrees",
    "believes",
    "believed",
    "thinks",
    "contended",
    "contends",
    "charged",
    "boasted",
    "predicted",
    "projected",
    "forecast",
    "reiterated",
    "reiterates",
    "underscored",
    "underlined",
    "highlighted",
    "mentioned",
    "announced",
    "acknowledged",
    "explained",
];

/// Speaker labels that name a role, not a person (never "addressed" by name).
const GENERIC_SPEAKERS: &[&str] = &[
    "question",
    "questioner",
    "reporter",
    "unknown",
    "audience",
    "announcer",
    "unidentified",
    "male",
    "female",
    "crowd",
    "moderator",
    "system",
    "voice",
    "participant",
    "speaker",
];

/// Titles left out of speaker labels when collecting the names a line may address.
const SPEAKER_TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "senator",
    "gov",
    "governor",
    "rep",
    "representative",
    "president",
    "vice",
    "secretary",
    "speaker",
    "mayor",
    "judge",
    "the",
    "hon",
];

/// The speaker label a transcript line starts with ("TRUMP:", "SEN. BERNIE SANDERS:",
/// "Donald Trump:"): one to five capitalised words of letters, dots, hyphens and apostrophes,
/// then a colon and more text. Returns the label and the byte offset where the text after it
/// starts.
#[must_use]
pub fn speaker_label(line: &str) -> Option<(&str, usize)> {
    let colon = line.char_indices().take(48).find(|&(_, c)| c == ':')?.0;
    let label = line[..colon].trim();
    let n = label.split_whitespace().count();
    let words_ok = label.split_whitespace().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '\u{2019}' | '-'))
    });
    let rest = &line[colon + 1..];
    let body = colon + 1 + (rest.len() - rest.trim_start().len());
    ((1..=5).contains(&n) && words_ok && body < line.len()).then_some((label, body))
}

/// Labelled lines a text needs before it is taken for a transcript…
pub const TRANSCRIPT_MIN_LINES: usize = 5;
/// …and the share of its non-empty lines they must make up.
pub const TRANSCRIPT_MIN_SHARE: f32 = 0.6;

/// The non-empty lines of `text` as (line start, label, start of the text after the label),
/// or `None` when too few of them carry a [`speaker_label`] for a transcript.
pub(crate) fn labelled_lines(text: &str) -> Option<Vec<(usize, Option<&str>, usize)>> {
    let mut lines: Vec<(usize, Option<&str>, usize)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            let label = speaker_label(line);
            lines.push((at, label.map(|l| l.0), at + label.map_or(0, |l| l.1)));
        }
        at += line.len();
    }
    let labelled = lines.iter().filter(|l| l.1.is_some()).count();
    (labelled >= TRANSCRIPT_MIN_LINES && labelled as f32 >= TRANSCRIPT_MIN_SHARE * lines.len() as f32).then_some(lines)
}

/// One speaker's turn in a transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerTurn {
    /// From the text after the speaker's label to the next label (or the end of the text).
    pub span: ByteSpan,
    /// The label as written ("SEN. BERNIE SANDERS").
    pub speaker: String,
}

/// The speaker turns of `text` if it is a transcript (see [`crate::nlp::claims::context::transcript_context`]), in text
/// order; empty for prose.
#[must_use]
pub fn speaker_turns(text: &str) -> Vec<SpeakerTurn> {
    let Some(lines) = labelled_lines(text) else { return Vec::new() };
    let labelled: Vec<(usize, &str, usize)> =
        lines.iter().filter_map(|&(start, label, body)| Some((start, label?, body))).collect();
    labelled
        .iter()
        .enumerate()
        .map(|(k, &(_, speaker, body))| {
            let end = labelled.get(k + 1).map_or(text.len(), |next| next.0);
            let end = body + text[body..end].trim_end().len();
            SpeakerTurn { span: ByteSpan::new(body, end), speaker: speaker.to_owned() }
        })
        .collect()
}

/// The canonical entity a speaker label names, by its last name word ("SEN. BERNIE SANDERS"
/// → the entity whose name has the word "Sanders"), people first.
#[must_use]
pub fn speaker_entity<'c>(speaker: &str, canonical: &'c [CanonicalEntity]) -> Option<&'c CanonicalEntity> {
    let surname = name_words(speaker).pop()?;
    let named = |c: &&CanonicalEntity| words(&c.name).any(|w| w == surname);
    canonical.iter().filter(named).find(|c| c.label == EntityLabel::Person).or_else(|| canonical.iter().find(named))
}

/// Lower-cased words of `text` (letters, digits and apostrophes; `’` becomes `'`).
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(['\'', '\u{2019}']))
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().map(|c| if c == '\u{2019}' { '\'' } else { c }).flat_map(char::to_lowercase).collect())
}

/// The name words a speaker label can be addressed by ("SEN. BERNIE SANDERS" → bernie,
/// sanders); none for role labels such as `QUESTION` or `UNIDENTIFIED MALE`.
pub(crate) fn name_words(speaker: &str) -> Vec<String> {
    let all: Vec<String> = words(speaker).collect();
    if all.iter().any(|w| GENERIC_SPEAKERS.contains(&w.as_str())) {
        return Vec::new();
    }
    all.into_iter().filter(|w| w.chars().count() >= 3 && !SPEAKER_TITLES.contains(&w.as_str())).collect()
}
