//! [`NerRecognizer`]: the entity recognizer of ClaimLens.
//!
//! For each document:
//!
//! 1. [`super::tokenize`] and split into sentences ([`super::sentences`]);
//! 2. tag each sentence with the averaged-perceptron model ([`super::perceptron`]) over the
//!    features of [`super::features`] (word, shape, affixes, context, word lists, document
//!    statistics), giving PER / ORG / LOC / MISC mentions in CoNLL span style (no "the", no
//!    titles, no possessive "'s");
//! 3. type them the OntoNotes way: LOC → GPE / LOC / FAC, MISC → NORP / EVENT / LAW /
//!    PRODUCT / `WORK_OF_ART`, by word lists and head words;
//! 4. make the document consistent ([`super::consistency`]);
//! 5. add DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL and CARDINAL by rule
//!    ([`super::rules`]); where a rule and a name overlap the longer span wins.
//!
//! The model and word lists are embedded in the binary and parsed once per process
//! ([`NerRecognizer::shared`]).
//!
//! # Example
//! ```
//! use claimlens::nlp::{EntityLabel, EntityRecognizer, ner::NerRecognizer};
//! let ner = NerRecognizer::shared();
//! let text = "Defense Secretary Pete Hegseth told NATO allies in Brussels on Feb. 12 that Ukraine \
//!             would not join. Hegseth said Europe must spend 5% of GDP.";
//! let got: Vec<(&str, EntityLabel)> = ner.recognize(text).iter().map(|e| (&text[e.span], e.label)).collect();
//! assert!(got.contains(&("Pete Hegseth", EntityLabel::Person)));
//! assert!(got.contains(&("Hegseth", EntityLabel::Person)));
//! assert!(got.contains(&("5%", EntityLabel::Percent)));
//! ```

use std::sync::{Arc, LazyLock};

use super::consistency::{TokenMention, make_consistent};
use super::features::DocFeatures;
use super::gazetteer::{Class, Lexicon};
use super::perceptron::Model;
use super::rules::{numeric_entities, resolve_ranked};
use super::tokenize::{Token, TokenKind, tokenize};
use super::{Entity, EntityLabel, EntityRecognizer, sentences};
use crate::document::ByteSpan;

static MODEL_BYTES: &[u8] = include_bytes!("../../assets/ner/model.bin.z");

static SHARED: LazyLock<Arc<NerRecognizer>> = LazyLock::new(|| {
    // The word lists load on a second thread while this one parses the model and compiles the
    // rules (each takes a few tens of milliseconds). If the thread cannot start, the lists
    // load here on first use.
    let lists = std::thread::Builder::new().name("ner-word-lists".into()).spawn(|| Lexicon::embedded().len());
    // The embedded model is checked by the tests; if it were corrupt the recognizer would still
    // run, with rules and word lists only.
    let model = Model::from_bytes(MODEL_BYTES).unwrap_or_default();
    super::rules::warm_up();
    if let Ok(handle) = lists {
        let _ = handle.join();
    }
    Arc::new(NerRecognizer::new(model, Lexicon::embedded()))
});

/// The statistical + rule-based entity recognizer (see the module docs).
#[derive(Debug, Clone)]
pub struct NerRecognizer {
    model: Model,
    lexicon: &'static Lexicon,
}

/// Everything the recognizer computed for one text.
#[derive(Debug, Clone, Default)]
pub struct NerOutput {
    /// Tokens of the text.
    pub tokens: Vec<Token>,
    /// Sentences, as byte spans.
    pub sentences: Vec<ByteSpan>,
    /// Entities: sorted, non-overlapping, on char boundaries.
    pub entities: Vec<Entity>,
}

const FAC_HEADS: &[&str] = &[
    "Airport",
    "Base",
    "Bridge",
    "Building",
    "Tower",
    "Towers",
    "Palace",
    "Station",
    "Stadium",
    "Arena",
    "Hospital",
    "Street",
    "Avenue",
    "Road",
    "Highway",
    "Boulevard",
    "Square",
    "Plant",
    "Port",
    "Hall",
    "Church",
    "Cathedral",
    "Mosque",
    "Temple",
    "Museum",
    "Prison",
    "Camp",
    "Dam",
    "Canal",
    "Tunnel",
    "Pipeline",
    "Centre",
    "Center",
    "Library",
    "Gate",
    "Park",
    "Field",
    "Terminal",
    "Harbor",
    "Harbour",
    "Shipyard",
    "Facility",
    "Embassy",
    "Monument",
];
/// Head words that make an ORG-looking name a facility ("Kelly Barracks").
const FAC_STRICT_HEADS: &[&str] =
    &["Barracks", "Airport", "Airfield", "Bridge", "Tower", "Palace", "Stadium", "Arena", "Prison", "Dam", "Canal"];
/// Head words that make a MISC-looking name an organization ("U.S. European Command").
const ORG_HEADS: &[&str] = &[
    "Command",
    "Committee",
    "Council",
    "Party",
    "Agency",
    "Ministry",
    "Department",
    "Group",
    "Bank",
    "University",
    "Institute",
    "Corporation",
    "Company",
    "Association",
    "Forces",
    "Army",
    "Navy",
    "Inc.",
    "Corp.",
    "Ltd",
    "Ltd.",
    "Brigade",
    "Battalion",
    "Regiment",
    "Division",
    "Fleet",
    "Corps",
    "Authority",
    "Commission",
    "Office",
    "Bureau",
    "Federation",
    "Foundation",
    "Front",
    "Movement",
    "League",
    "Alliance",
    "Coalition",
];
const LOC_HEADS: &[&str] = &[
    "River",
    "Sea",
    "Ocean",
    "Mountains",
    "Mount",
    "Mt.",
    "Lake",
    "Gulf",
    "Bay",
    "Valley",
    "Desert",
    "Island",
    "Islands",
    "Peninsula",
    "Strait",
    "Straits",
    "Coast",
    "Region",
    "Basin",
    "Forest",
    "Delta",
    "Plain",
    "Plains",
    "Hills",
    "Canyon",
    "Channel",
    "Archipelago",
    "Glacier",
    "Front",
    "Corridor",
    "Steppe",
];
const EVENT_WORDS: &[&str] = &[
    "election",
    "elections",
    "War",
    "war",
    "Battle",
    "battle",
    "Summit",
    "summit",
    "Games",
    "Olympics",
    "Cup",
    "Championship",
    "Championships",
    "Conference",
    "Revolution",
    "Crisis",
    "Festival",
    "referendum",
    "Referendum",
    "Uprising",
    "Massacre",
    "Siege",
    "Offensive",
    "Operation",
    "Protests",
    "Spring",
    "Invasion",
    "primary",
    "primaries",
    "Congress",
    "Convention",
    "Expo",
    "Hurricane",
    "Storm",
    "Typhoon",
    "Forum",
];
const LAW_WORDS: &[&str] = &[
    "Act",
    "Law",
    "Treaty",
    "Constitution",
    "Amendment",
    "Agreement",
    "Accord",
    "Accords",
    "Charter",
    "Bill",
    "Protocol",
    "Resolution",
    "Code",
    "Directive",
    "Regulation",
    "Declaration",
    "Doctrine",
    "Memorandum",
];

/// True for a title word that precedes names ("President", "Gen.", "Mr"); the list is in
/// [`super::lexicon`].
pub use super::lexicon::is_title;

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Heads of place names continued by "of" + a place ("Gulf of Mexico", "Republic of Korea").
const PLACE_OF_HEADS: &[&str] = &[
    "Gulf",
    "Bay",
    "Sea",
    "Strait",
    "Straits",
    "Isle",
    "Island",
    "Islands",
    "Lake",
    "Cape",
    "Republic",
    "Kingdom",
    "Province",
    "State",
    "City",
    "Port",
    "Mount",
    "Sultanate",
    "Emirate",
    "Principality",
    "Duchy",
    "Commonwealth",
];
/// Heads of organization names continued by "of" + a place ("Communist Party of Sri Lanka").
const ORG_OF_HEADS: &[&str] = &[
    "Party",
    "Forces",
    "Force",
    "Guard",
    "Service",
    "Services",
    "Agency",
    "Office",
    "Command",
    "Committee",
    "Commission",
    "Authority",
    "Bureau",
    "Union",
    "Front",
    "Council",
    "Bank",
    "University",
    "Church",
    "Ministry",
    "Department",
    "Congress",
    "League",
    "Federation",
    "Alliance",
    "Movement",
    "Association",
    "Institute",
    "Academy",
    "Society",
    "Assembly",
    "Parliament",
    "Government",
    "Court",
    "Chamber",
    "Coalition",
    "Organization",
    "Organisation",
];

/// Join "X of Y" where X is a place or organization name whose last word is one of the heads
/// above and Y a place (optionally "Y and Z"): one mention, typed as X.
fn join_of_phrases(text: &str, tokens: &[Token], mut mentions: Vec<TokenMention>) -> Vec<TokenMention> {
    // An untagged head right before "of" + a place ("Kingdom of England") starts a place name.
    let mut heads = Vec::new();
    for m in &mentions {
        if m.start >= 2
            && matches!(m.label, EntityLabel::Gpe | EntityLabel::Loc)
            && &text[tokens[m.start - 1].span] == "of"
            && PLACE_OF_HEADS.contains(&&text[tokens[m.start - 2].span])
            && !mentions.iter().any(|o| o.start <= m.start - 2 && m.start - 2 < o.end)
        {
            let head = &text[tokens[m.start - 2].span];
            let label = if LOC_HEADS.contains(&head) { EntityLabel::Loc } else { EntityLabel::Gpe };
            heads.push(TokenMention { start: m.start - 2, end: m.start - 1, label });
        }
    }
    mentions.extend(heads);
    let mut out: Vec<TokenMention> = Vec::with_capacity(mentions.len());
    mentions.sort();
    let mut k = 0;
    let is_place = |l: EntityLabel| matches!(l, EntityLabel::Gpe | EntityLabel::Loc);
    while k < mentions.len() {
        let m = mentions[k];
        let head = &text[tokens[m.end - 1].span];
        let joinable = match m.label {
            EntityLabel::Gpe | EntityLabel::Loc => PLACE_OF_HEADS.contains(&head),
            EntityLabel::Org => ORG_OF_HEADS.contains(&head),
            _ => false,
        };
        // "of" or "of the" between the two.
        let gap = |end: usize, next: usize| {
            let of = end < tokens.len() && &text[tokens[end].span] == "of";
            of && (next == end + 1 || next == end + 2 && &text[tokens[end + 1].span] == "the")
        };
        if joinable && k + 1 < mentions.len() && gap(m.end, mentions[k + 1].start) && is_place(mentions[k + 1].label) {
            let mut end = mentions[k + 1].end;
            let mut used = 2;
            if k + 2 < mentions.len()
                && mentions[k + 2].start == end + 1
                && &text[tokens[end].span] == "and"
                && is_place(mentions[k + 2].label)
            {
                end = mentions[k + 2].end;
                used = 3;
            }
            out.push(TokenMention { start: m.start, end, label: m.label });
            k += used;
            continue;
        }
        out.push(m);
        k += 1;
    }
    out
}

/// Plural nouns that take a possessive inside organization names ("Korean People's Army",
/// "New People's Party", "Workers' Party").
const POSSESSIVE_NAME_WORDS: &[&str] = &["People", "Peoples", "Workers", "Women", "Farmers", "Veterans", "Children"];

/// Join "Korean People" + "'s" + "Army" into one organization name.
fn join_possessive_names(text: &str, tokens: &[Token], mentions: &[TokenMention]) -> Vec<TokenMention> {
    let mut out: Vec<TokenMention> = Vec::with_capacity(mentions.len());
    let is_cap = |i: usize| tokens[i].kind == TokenKind::Word && super::tokenize::is_capitalized(&text[tokens[i].span]);
    let mut k = 0;
    while k < mentions.len() {
        let m = mentions[k];
        let poss = m.end + 1;
        if POSSESSIVE_NAME_WORDS.contains(&&text[tokens[m.end - 1].span])
            && poss < tokens.len()
            && matches!(&text[tokens[m.end].span], "'s" | "’s" | "'" | "’")
            && is_cap(poss)
        {
            // Through the next mention if it starts there, else through the capitalised run.
            let mut end = poss;
            let mut used = 1;
            if k + 1 < mentions.len() && mentions[k + 1].start == poss {
                end = mentions[k + 1].end;
                used = 2;
            } else {
                while end < tokens.len() && end < poss + 4 && is_cap(end) {
                    end += 1;
                }
            }
            out.push(TokenMention { start: m.start, end, label: EntityLabel::Org });
            k += used;
            continue;
        }
        out.push(m);
        k += 1;
    }
    out
}

const ELECTION_HEADS: &[&str] =
    &["election", "elections", "by-election", "by-elections", "referendum", "primaries", "caucuses", "primary"];
const ELECTION_MODIFIERS: &[&str] = &[
    "general",
    "presidential",
    "parliamentary",
    "legislative",
    "local",
    "municipal",
    "regional",
    "state",
    "federal",
    "provincial",
    "national",
    "senate",
    "gubernatorial",
    "mayoral",
    "leadership",
    "special",
    "snap",
    "early",
    "midterm",
    "mid-term",
    "runoff",
    "run-off",
    "by",
    "constituent",
    "assembly",
    "council",
    "congressional",
    "independence",
    "constitutional",
    "party",
    "primary",
    "european",
    "city",
    "county",
    "district",
    "union",
];

/// Named elections in the CoNLL/CrossNER style: "2001 Italian general election",
/// "1992 United States Senate special election in California" (one EVENT span).
fn election_mentions(text: &str, tokens: &[Token], sentence_start: &[bool]) -> Vec<TokenMention> {
    let mut out = Vec::new();
    let word = |i: usize| &text[tokens[i].span];
    let is_year = |i: usize| {
        let w = word(i);
        w.len() == 4
            && w.bytes().all(|b| b.is_ascii_digit())
            && (w.starts_with("18") || w.starts_with("19") || w.starts_with("20"))
    };
    let is_cap = |i: usize| tokens[i].kind == TokenKind::Word && super::tokenize::is_capitalized(word(i));
    for k in 0..tokens.len() {
        if !ELECTION_HEADS.contains(&word(k)) {
            continue;
        }
        let mut a = k;
        let mut named = false;
        while a > 0 && !sentence_start[a] {
            let p = a - 1;
            let w = word(p);
            if is_year(p) {
                a = p;
                named = true;
                // "February 1974 United Kingdom general election".
                if p > 0 && !sentence_start[p] && MONTHS.contains(&word(p - 1)) {
                    a = p - 1;
                }
                break;
            }
            // "House of Representatives", "Assembly for Wales": a connector between capitals.
            let connector =
                matches!(w, "of" | "for" | "and") && p > 0 && !sentence_start[p] && is_cap(p - 1) && is_cap(p + 1);
            if is_cap(p) && !is_title(w) || ELECTION_MODIFIERS.contains(&w) || connector {
                named |= is_cap(p) && !matches!(w, "The" | "A" | "An");
                a = p;
            } else {
                break;
            }
        }
        // Start on the year or a capitalised word, not on a modifier or "The".
        while a < k && !(is_year(a) || is_cap(a) && !matches!(word(a), "The" | "A" | "An")) {
            a += 1;
        }
        if !named || a == k {
            continue;
        }
        let mut b = k + 1;
        let the = usize::from(b + 2 < tokens.len() && word(b + 1) == "the");
        if b + 1 + the < tokens.len() && word(b) == "in" && is_cap(b + 1 + the) && !sentence_start[b + 1] {
            b += 1 + the;
            while b < tokens.len() && is_cap(b) && !sentence_start[b] {
                b += 1;
            }
        }
        out.push(TokenMention { start: a, end: b, label: EntityLabel::Event });
    }
    out
}

/// "Russia-Ukraine" (one token) is two places, "US-Russian" a place and a nationality, as
/// OntoNotes tokenizes them: the parts of a hyphenated one-token mention when every part is a
/// place or a nationality.
fn split_place_compound(text: &str, span: ByteSpan, lex: &Lexicon) -> Option<Vec<Entity>> {
    let s = &text[span];
    if !s.contains('-') || lex.classes_as_written(s).iter().any(Class::is_place) {
        return None;
    }
    let mut out = Vec::new();
    let mut at = span.start;
    for part in s.split('-') {
        let c = lex.classes_as_written(part);
        let label = if c.iter().any(Class::is_place) {
            EntityLabel::Gpe
        } else if c.contains(Class::Demonym) || c.contains(Class::Norp) {
            EntityLabel::Norp
        } else {
            return None;
        };
        out.push(Entity::new(ByteSpan::new(at, at + part.len()), label));
        at += part.len() + 1;
    }
    (out.len() >= 2).then_some(out)
}

/// Honorifics that always precede a person's name.
const HONORIFICS: &[&str] = &["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Messrs", "Messrs."];

/// "Mr. Smith": an untagged capitalised run after an honorific is a person.
fn people_after_honorifics(text: &str, tokens: &[Token], mut mentions: Vec<TokenMention>) -> Vec<TokenMention> {
    let mut tagged = vec![false; tokens.len()];
    for m in &mentions {
        tagged[m.start..m.end].iter_mut().for_each(|t| *t = true);
    }
    let is_cap = |i: usize| {
        tokens[i].kind == TokenKind::Word && super::tokenize::is_capitalized(&text[tokens[i].span]) && !tagged[i]
    };
    let mut added = Vec::new();
    for k in 0..tokens.len().saturating_sub(1) {
        if !HONORIFICS.contains(&&text[tokens[k].span]) || !is_cap(k + 1) {
            continue;
        }
        let mut end = k + 1;
        while end < tokens.len() && end < k + 4 && is_cap(end) {
            end += 1;
        }
        added.push(TokenMention { start: k + 1, end, label: EntityLabel::Person });
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort();
    }
    mentions
}

/// "the Biden administration": a single-name mention typed as a place or organization before
/// "administration", "presidency" or "campaign" is a person when the name is a known first or
/// last name and not a place.
fn people_before_administration(
    text: &str,
    tokens: &[Token],
    info: &[super::features::TokenInfo],
    mut mentions: Vec<TokenMention>,
) -> Vec<TokenMention> {
    for m in &mut mentions {
        if m.end - m.start != 1 || m.end >= tokens.len() || m.label == EntityLabel::Person {
            continue;
        }
        let next = &text[tokens[m.end].span];
        let c = info[m.start].classes;
        let is_name = (c.contains(Class::LastTop)
            || c.contains(Class::Last)
            || c.contains(Class::First)
            || c.contains(Class::WnPerson)
            || c.contains(Class::Proper) && !c.contains(Class::Common))
            && !c.contains(Class::Org)
            && !c.contains(Class::Norp)
            && !c.contains(Class::Demonym);
        if matches!(next, "administration" | "presidency" | "campaign" | "government" | "era")
            && is_name
            && !c.iter().any(Class::is_place)
        {
            m.label = EntityLabel::Person;
        }
    }
    mentions
}

impl NerRecognizer {
    /// A recognizer with `model` and `lexicon`.
    #[must_use]
    pub fn new(model: Model, lexicon: &'static Lexicon) -> Self {
        Self { model, lexicon }
    }

    /// The recognizer with the embedded model, loaded once per process and shared.
    #[must_use]
    pub fn shared() -> Arc<Self> {
        Arc::clone(&SHARED)
    }

    /// The embedded model's parse (for load-time measurements; [`NerRecognizer::shared`] caches it).
    ///
    /// # Errors
    /// If the embedded model is corrupt.
    pub fn load_embedded_model() -> Result<Model, String> {
        Model::from_bytes(MODEL_BYTES)
    }

    /// Size of the embedded model file in bytes.
    #[must_use]
    pub fn embedded_model_size() -> usize {
        MODEL_BYTES.len()
    }

    /// The model in use.
    #[must_use]
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Type a PER/ORG/LOC/MISC mention the OntoNotes way.
    fn refine(&self, coarse: usize, words: &[&str], phrase: &str) -> EntityLabel {
        let c = self.lexicon.classes(phrase);
        let last = words.last().copied().unwrap_or("");
        let first = words.first().copied().unwrap_or("");
        if coarse != 0
            && let Some(l) = super::consistency::curated_label(c)
        {
            // The hand-written lists know these names better than the tagger's coarse class.
            return l;
        }
        match coarse {
            0 => EntityLabel::Person,
            1 if words.len() > 1 && FAC_STRICT_HEADS.contains(&last) => EntityLabel::Fac,
            1 => EntityLabel::Org,
            3 if words.len() > 1 && ORG_HEADS.contains(&last) => EntityLabel::Org,
            2 => {
                if c.contains(Class::Fac) || words.len() > 1 && FAC_HEADS.contains(&last) {
                    EntityLabel::Fac
                } else if c.iter().any(Class::is_place) {
                    EntityLabel::Gpe
                } else if c.contains(Class::LocName)
                    || c.contains(Class::Region)
                    || LOC_HEADS.contains(&last)
                    || LOC_HEADS.contains(&first)
                    || c.contains(Class::WnLoc) && words.len() > 1
                {
                    EntityLabel::Loc
                } else {
                    EntityLabel::Gpe
                }
            }
            _ => {
                if c.contains(Class::Norp) || c.contains(Class::Demonym) || c.contains(Class::WnNorp) {
                    EntityLabel::Norp
                } else if c.contains(Class::Law) || words.len() > 1 && LAW_WORDS.contains(&last) {
                    EntityLabel::Law
                } else if c.contains(Class::Event)
                    || c.contains(Class::WnEvent)
                    || words.iter().any(|w| EVENT_WORDS.contains(w))
                {
                    EntityLabel::Event
                } else if c.contains(Class::Product)
                    || words.iter().any(|w| w.contains('-') && w.chars().any(|c| c.is_ascii_digit()))
                {
                    EntityLabel::Product
                } else if c.contains(Class::WnWork) {
                    EntityLabel::WorkOfArt
                } else if words.len() == 1 {
                    // Mostly nationality-like words ("Italian", "Greens").
                    EntityLabel::Norp
                } else {
                    EntityLabel::WorkOfArt
                }
            }
        }
    }

    /// Analyse `text`: tokens, sentences and entities.
    #[must_use]
    pub fn analyze(&self, text: &str) -> NerOutput {
        let tokens = tokenize(text);
        let sents = sentences::split(text, &tokens);
        let doc = DocFeatures::new(text, &tokens, &sents, self.lexicon);
        let mut sentence_start = vec![false; tokens.len()];
        let mut mentions = Vec::new();
        let mut feats = Vec::new();
        for s in &sents {
            sentence_start[s.start] = true;
            feats.clear();
            doc.sentence_features(s.clone(), &mut feats);
            let tags = self.model.decode(&feats);
            let mut k = 0;
            while k < tags.len() {
                let t = tags[k] as usize;
                if t == 0 || t.is_multiple_of(2) {
                    k += 1;
                    continue;
                }
                let class = (t - 1) / 2;
                let mut end = k + 1;
                while end < tags.len() && tags[end] as usize == t + 1 {
                    end += 1;
                }
                mentions.push((s.start + k, s.start + end, class));
                k = end;
            }
        }
        let mut typed: Vec<TokenMention> = Vec::with_capacity(mentions.len());
        for (a, b, class) in mentions {
            let (a, b) = trim_mention(text, &tokens, a, b);
            if a >= b {
                continue;
            }
            let words: Vec<&str> = (a..b).map(|i| &text[tokens[i].span]).collect();
            let phrase = super::consistency::phrase_key(text, &tokens, a, b);
            let label = self.refine(class, &words, &phrase);
            let mut a = a;
            if label == EntityLabel::Person {
                while b - a > 1 && is_title(&text[tokens[a].span]) {
                    a += 1;
                }
            }
            if b - a == 1 {
                let c = doc.info[a].classes;
                if c.contains(Class::NotEntity) {
                    continue;
                }
            }
            typed.push(TokenMention { start: a, end: b, label });
        }
        let typed = people_before_administration(text, &tokens, &doc.info, typed);
        let typed = people_after_honorifics(text, &tokens, typed);
        let typed = join_possessive_names(text, &tokens, &typed);
        let mut typed = join_of_phrases(text, &tokens, typed);
        let elections = election_mentions(text, &tokens, &sentence_start);
        if !elections.is_empty() {
            typed.retain(|m| !elections.iter().any(|e| e.start < m.end && m.start < e.end));
            typed.extend(elections);
            typed.sort();
        }
        let consistent = join_of_phrases(text, &tokens, make_consistent(&doc, &sentence_start, self.lexicon, typed));
        let mut named = Vec::with_capacity(consistent.len());
        for m in &consistent {
            let span = ByteSpan::new(tokens[m.start].span.start, tokens[m.end - 1].span.end);
            match split_place_compound(text, span, self.lexicon).filter(|_| m.end - m.start == 1) {
                Some(parts) => named.extend(parts),
                None => named.push(Entity::new(span, m.label)),
            }
        }
        // Where a name and a numeric entity overlap the longer wins; a tie goes to the numeric
        // one ("Tuesday" is a DATE).
        let cands =
            numeric_entities(text).into_iter().map(|e| (e, 0)).chain(named.into_iter().map(|e| (e, 1))).collect();
        let entities = resolve_ranked(cands);
        let sentences =
            sents.iter().map(|r| ByteSpan::new(tokens[r.start].span.start, tokens[r.end - 1].span.end)).collect();
        NerOutput { tokens, sentences, entities }
    }
}

/// Lower-case words that never end a name.
const TRAILING_FUNCTION_WORDS: &[&str] = &[
    "this", "that", "the", "a", "an", "on", "in", "at", "of", "and", "for", "to", "with", "by", "from", "last", "next",
    "these", "those", "its", "his", "her", "their", "our", "is", "was", "said", "says", "or",
];

/// Drop leading determiners and titles and trailing punctuation from a mention.
fn trim_mention(text: &str, tokens: &[Token], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b {
        let w = &text[tokens[a].span];
        if tokens[a].kind == TokenKind::Punct || matches!(w, "the" | "The" | "THE") && b - a > 1 {
            a += 1;
        } else {
            break;
        }
    }
    // Trailing punctuation and function words ("Security Conference this week" → "Security
    // Conference").
    while b > a {
        let w = &text[tokens[b - 1].span];
        let punct = tokens[b - 1].kind == TokenKind::Punct && w != ")";
        if punct || TRAILING_FUNCTION_WORDS.contains(&w) {
            b -= 1;
        } else {
            break;
        }
    }
    (a, b)
}

impl EntityRecognizer for NerRecognizer {
    fn name(&self) -> &str {
        if self.model.is_empty() { "claimlens-ner (no model)" } else { "claimlens-ner perceptron v1" }
    }

    fn recognize(&self, text: &str) -> Vec<Entity> {
        self.analyze(text).entities
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel as L;

    fn got(text: &str) -> Vec<(&str, EntityLabel)> {
        NerRecognizer::shared().recognize(text).into_iter().map(|e| (&text[e.span], e.label)).collect()
    }

    #[test]
    fn recognizer_table() {
        // Synthetic sentences: each expected pair must be found exactly.
        let cases: &[(&str, &[(&str, EntityLabel)])] = &[
            (
                "Ukrainian President Volodymyr Zelensky met German Chancellor Olaf Scholz in Berlin on Tuesday.",
                &[
                    ("Ukrainian", L::Norp),
                    ("Volodymyr Zelensky", L::Person),
                    ("German", L::Norp),
                    ("Olaf Scholz", L::Person),
                    ("Berlin", L::Gpe),
                    ("Tuesday", L::Date),
                ],
            ),
            (
                "The Pentagon asked Congress for $4 billion to replenish Patriot missiles sent to Kyiv.",
                &[("Pentagon", L::Org), ("Congress", L::Org), ("$4 billion", L::Money), ("Kyiv", L::Gpe)],
            ),
            (
                "Lockheed Martin shares rose 5% after the Air Force ordered 48 F-35 jets.",
                &[("Lockheed Martin", L::Org), ("5%", L::Percent), ("Air Force", L::Org)],
            ),
            (
                "Labour won the 2024 United Kingdom general election, and Keir Starmer moved into Downing Street.",
                &[
                    ("2024 United Kingdom general election", L::Event),
                    ("Keir Starmer", L::Person),
                    ("Downing Street", L::Fac),
                ],
            ),
            (
                "Russian troops shelled Kharkiv while Chinese diplomats visited the Gulf of Mexico and the Black Sea.",
                &[
                    ("Russian", L::Norp),
                    ("Kharkiv", L::Gpe),
                    ("Chinese", L::Norp),
                    ("Gulf of Mexico", L::Loc),
                    ("Black Sea", L::Loc),
                ],
            ),
            ("the Russia-Ukraine war", &[("Russia", L::Gpe), ("Ukraine", L::Gpe)]),
            ("Troops of the Korean People's Army fired shells.", &[("Korean People's Army", L::Org)]),
            ("Under the Biden administration, aid grew.", &[("Biden", L::Person)]),
        ];
        for (text, want) in cases {
            let g = got(text);
            for w in *want {
                assert!(g.contains(w), "{text}: missing {w:?} in {g:?}");
            }
        }
    }

    #[test]
    fn spans_have_no_titles_determiners_or_possessives() {
        let text = "Gen. Mark Milley and Mr. Smith visited the Pentagon. The Pentagon's budget grew.";
        let g = got(text);
        assert!(g.contains(&("Mark Milley", L::Person)), "{g:?}");
        assert!(g.contains(&("Smith", L::Person)), "{g:?}");
        assert!(g.iter().all(|(s, _)| !s.starts_with("the ") && !s.starts_with("The ") && !s.ends_with("'s")), "{g:?}");
    }
}
