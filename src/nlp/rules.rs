//! Rule-based recognizers for the numeric and temporal types: DATE, TIME, MONEY, PERCENT,
//! QUANTITY, ORDINAL and CARDINAL, following OntoNotes span conventions.
//!
//! - DATE: "Feb. 11, 2025", "11 February 2025", "February 2025", "2025", "the 1990s" → "1990s",
//!   "Tuesday", "last week", "this year", "the past five years" → "the past five years",
//!   "three years ago", "2024-25", "Q3", "the first quarter".
//! - TIME: "2:30 p.m.", "10 a.m. ET", "noon", "this morning", "tonight", "48 hours".
//! - MONEY: "$4 billion", "$500B", "€1.2bn", "US$5", "20 million euros", "50 cents".
//! - PERCENT: "5%", "2 percent", "1-1/2 percent", "0.25 percentage point", "five per cent".
//! - QUANTITY: "300 km", "5,000 tonnes", "15 miles", "40 degrees".
//! - ORDINAL: "first", "32nd". CARDINAL: "5,000", "three", "two dozen".
//!
//! Candidates from every pattern are resolved longest first, so "$4 billion" beats the
//! CARDINAL "4". Patterns use ASCII word boundaries and digits, which keeps them on the fast
//! DFA path on any text.
//!
//! # Example
//! ```
//! use claimlens::nlp::{EntityLabel, rules::numeric_entities};
//! let text = "On Feb. 11, 2025, NATO asked for 5% and $4 billion within 48 hours.";
//! let got: Vec<(&str, EntityLabel)> =
//!     numeric_entities(text).into_iter().map(|e| (&text[e.span], e.label)).collect();
//! assert_eq!(got, [
//!     ("Feb. 11, 2025", EntityLabel::Date),
//!     ("5%", EntityLabel::Percent),
//!     ("$4 billion", EntityLabel::Money),
//!     ("48 hours", EntityLabel::Time),
//! ]);
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::{Entity, EntityLabel};
use crate::document::ByteSpan;

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)";
const MONTH_SAFE: &str = r"(?:January|February|April|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)";
const WEEKDAY: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const NUM: &str = r"(?:[0-9]+/[0-9]+|[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?:[-‑][0-9]+/[0-9]+)?|[0-9]*\.[0-9]+)";
const SCALE: &str = r"(?:thousand|million|billion|trillion|mln|bln|mn|bn|tn|[mbkMBKT])";
const SPELLED: &str = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|one hundred|a thousand|hundred|thousand)";

struct Rule {
    label: EntityLabel,
    re: Regex,
}

fn rx(p: &str) -> Regex {
    // The patterns are constants: a failure is a bug caught by the tests.
    Regex::new(p).unwrap_or_else(|e| panic!("bad rule pattern {p}: {e}"))
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let b = r"(?-u:\b)";
    let spelled_num = format!(r"(?:{SPELLED}(?:[ -](?:{SPELLED}))*)");
    let amount = format!(r"(?:{NUM}|{spelled_num})");
    let period_unit = r"(?:years?|months?|weeks?|days?|decades?|centuries|century|quarters?|weekends?)";
    let time_unit = r"(?:hours?|minutes?|seconds?|hrs?|mins?)";
    let rules: Vec<(EntityLabel, String)> = vec![
        (
            EntityLabel::Money,
            format!(
                r"(?:(?:US|U\.S\.|A|C|NZ|HK|S)?[$€£¥₹₽₩]|{b}(?:USD|EUR|GBP|JPY|CHF|CNY|RMB|Rs\.?)\s?)\s?{NUM}(?:\s?{SCALE}{b})?(?:\s(?:thousand|million|billion|trillion){b})?|{b}{amount}(?:\s(?:thousand|million|billion|trillion))?\s(?:dollars|euros|pounds sterling|yen|yuan|renminbi|rubles|roubles|rupees|hryvnias?|francs|cents|pence|won|shekels|dinars|riyals|dirhams|pesos|reais|lira|liras|bitcoins?){b}|{b}{NUM}\s?(?:thousand|million|billion|trillion)?\s?(?:US dollars|U\.S\. dollars|euros|dollars){b}"
            ),
        ),
        (
            EntityLabel::Percent,
            format!(
                r"{NUM}\s?%|{b}{amount}(?:\s?(?:to|and|-|–|‑)\s?{amount})?\s(?:percent|per cent|percentage points?|basis points?){b}|{b}{NUM}\s?pc{b}"
            ),
        ),
        (
            EntityLabel::Time,
            format!(
                r"{b}[0-9]{{1,2}}(?::[0-9]{{2}})?\s?(?:a\.m\.|p\.m\.|am{b}|pm{b}|AM{b}|PM{b})(?:\s(?:ET|EST|EDT|GMT|UTC|CET|PT|PST|local time){b})?|{b}[0-9]{{1,2}}:[0-9]{{2}}{b}(?:\s(?:ET|EST|EDT|GMT|UTC|CET|PT|PST|local time){b})?|{b}(?:noon|midnight|tonight|overnight|this (?:morning|afternoon|evening)|last night|(?:yesterday|tomorrow) (?:morning|afternoon|evening|night)|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) (?:morning|afternoon|evening|night)){b}|{b}(?:about |nearly |almost |more than |less than |the (?:past|last|next|first) )?(?:{amount}|a few|several|an|a|24)[ -]{time_unit}{b}"
            ),
        ),
        (
            EntityLabel::Date,
            format!(
                r"{b}(?:{WEEKDAY},?\s)?{MONTH}\s[0-9]{{1,2}}(?:st|nd|rd|th)?{b}(?:,?\s(?:1[0-9]|20)[0-9]{{2}}{b})?|{b}(?:{WEEKDAY},?\s)?[0-9]{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{MONTH}(?:,?\s(?:1[0-9]|20)[0-9]{{2}})?{b}|{b}(?:early |mid-|late |mid )?{MONTH}(?:,)?\s(?:of\s)?(?:1[0-9]|20)[0-9]{{2}}{b}|{b}(?:early |mid-|late |mid )?{MONTH_SAFE}{b}|{b}(?:(?:early|mid|late)[ -])?(?:1[0-9]|20)[0-9]{{2}}(?:[-–/](?:(?:1[0-9]|20)?[0-9]{{2}}))?(?:s|'s)?{b}|{b}(?:1[0-9]|20)[0-9]{{2}}-[01][0-9]-[0-3][0-9]{b}|{b}[0-9]{{1,2}}/[0-9]{{1,2}}/(?:[0-9]{{4}}|[0-9]{{2}}){b}|{b}(?:the\s)?(?:early |late |mid-)?'?(?:[0-9]{{2}})?[0-9]0s{b}|{b}{WEEKDAY}s?{b}|{b}(?:today|yesterday|tomorrow){b}|{b}(?:(?:earlier|later) )?(?:this|last|next|past|coming|previous) (?:week|month|year|weekend|spring|summer|fall|autumn|winter|decade|century|quarter|{WEEKDAY}){b}|{b}the (?:past|last|next|coming|previous|first|following) (?:(?:{amount}|few|several|couple of) )?{period_unit}{b}|{b}(?:{amount}|a|an|several|a few|a couple of)[ -]{period_unit}(?: ago| earlier| later| old)?{b}|{b}(?:the\s)?(?:first|second|third|fourth|[1-4](?:st|nd|rd|th)) quarter(?: of (?:1[0-9]|20)[0-9]{{2}})?{b}|{b}Q[1-4](?: (?:1[0-9]|20)[0-9]{{2}})?{b}|{b}(?:fiscal|FY) ?(?:1[0-9]|20)?[0-9]{{2}}{b}|{b}(?:the\s)?(?:[0-9]{{1,2}}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[ -]century{b}|{b}(?:spring|summer|autumn|fall|winter)(?: of)? (?:1[0-9]|20)[0-9]{{2}}{b}|{b}(?:this|that|the same) (?:day|week|month|year){b}|{b}(?:recent|coming) (?:days|weeks|months|years){b}"
            ),
        ),
        (
            EntityLabel::Quantity,
            format!(
                r"{b}{amount}(?:\s(?:thousand|million|billion))?(?:\s|-)?(?:km|kilometers?|kilometres?|miles?|meters?|metres?|feet|foot|ft|inches|inch|yards?|kg|kilograms?|grams?|pounds|lbs?|tons?|tonnes?|barrels?|gallons?|liters?|litres?|acres?|hectares?|square (?:miles|kilometers|kilometres|meters|metres|feet)|sq km|degrees?|mph|km/h|knots|megawatts?|gigawatts?|MW|GW|kW|kWh|MWh|GWh|megatons?|kilotons?|cubic (?:meters|metres|feet)|mm|cm|nautical miles?){b}"
            ),
        ),
        (
            EntityLabel::Ordinal,
            format!(
                r"{b}(?:[0-9]*(?:1st|2nd|3rd|[04-9]th|1[0-9]th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|hundredth|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|First|Second|Third|Fourth|Fifth){b}"
            ),
        ),
        (
            EntityLabel::Cardinal,
            format!(
                r"{b}(?:{NUM}(?:\s(?:thousand|million|billion|trillion|hundred))?|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds|thousands|millions|billions|dozens|a dozen|one hundred|a hundred|one thousand|a thousand|one million|a million|one billion|a billion)(?:\s(?:hundred|thousand|million|billion))?){b}"
            ),
        ),
    ];
    rules.into_iter().map(|(label, p)| Rule { label, re: rx(&p) }).collect()
});

/// Words a bare cardinal must not precede or follow to stay a number (not "one of", "F-16",
/// "COVID-19": those are parts of names, handled by the tokenizer or the tagger).
fn cardinal_ok(text: &str, span: ByteSpan) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    // Glued to letters or hyphens ("F-16", "COVID-19", "5G"): part of a name.
    !before.is_some_and(|c| c.is_alphabetic() || c == '-' || c == '‑')
        && !after.is_some_and(|c| c.is_alphabetic() || c == '-' && !text[span].contains(' '))
}

/// Compile the patterns now rather than on first use.
pub fn warm_up() {
    LazyLock::force(&RULES);
}

/// The numeric and temporal entities of `text`: sorted, non-overlapping, longest match first.
#[must_use]
pub fn numeric_entities(text: &str) -> Vec<Entity> {
    let mut cands: Vec<Entity> = Vec::new();
    for rule in RULES.iter() {
        for m in rule.re.find_iter(text) {
            let span = ByteSpan::new(m.start(), m.end()).trim(text);
            if span.is_empty() {
                continue;
            }
            let s = &text[span];
            let mut label = rule.label;
            if matches!(label, EntityLabel::Cardinal | EntityLabel::Date | EntityLabel::Ordinal)
                && !cardinal_ok(text, span)
            {
                continue;
            }
            // A bare four-digit number that is not a plausible year is a CARDINAL.
            if label == EntityLabel::Date && s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
                let y: u32 = s.parse().unwrap_or(0);
                if !(1800..=2099).contains(&y) {
                    label = EntityLabel::Cardinal;
                }
            }
            cands.push(Entity::new(span, label));
        }
    }
    resolve(cands)
}

/// Keep the longest of overlapping candidates (ties: the earlier rule), sorted by start.
#[must_use]
pub fn resolve(cands: Vec<Entity>) -> Vec<Entity> {
    resolve_ranked(cands.into_iter().enumerate().map(|(i, e)| (e, i)).collect())
}

/// Keep the longest of overlapping candidates; among equally long ones the lowest rank, then
/// the earliest. Returns them sorted by start. `O(n log n)`.
#[must_use]
pub fn resolve_ranked<R: Ord + Copy>(mut cands: Vec<(Entity, R)>) -> Vec<Entity> {
    cands.sort_by(|(a, ra), (b, rb)| {
        b.span.len().cmp(&a.span.len()).then(ra.cmp(rb)).then(a.span.start.cmp(&b.span.start))
    });
    let mut kept: std::collections::BTreeMap<usize, Entity> = std::collections::BTreeMap::new();
    for (c, _) in cands {
        if c.span.is_empty() {
            continue;
        }
        let before = kept.range(..c.span.end).next_back().is_some_and(|(_, k)| k.span.end > c.span.start);
        if !before {
            kept.insert(c.span.start, c);
        }
    }
    kept.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel as L;

    fn got(text: &str) -> Vec<(&str, EntityLabel)> {
        numeric_entities(text).into_iter().map(|e| (&text[e.span], e.label)).collect()
    }

    #[test]
    fn numeric_table() {
        let cases: &[(&str, &[(&str, EntityLabel)])] = &[
            ("on Feb. 11, 2025, in Brussels", &[("Feb. 11, 2025", L::Date)]),
            ("He spoke Tuesday and last week.", &[("Tuesday", L::Date), ("last week", L::Date)]),
            ("on 11 February 2025.", &[("11 February 2025", L::Date)]),
            ("in February 2025", &[("February 2025", L::Date)]),
            ("during the 1990s", &[("the 1990s", L::Date)]),
            ("three years ago", &[("three years ago", L::Date)]),
            ("over the past five years", &[("the past five years", L::Date)]),
            ("the 2024-25 season", &[("2024-25", L::Date)]),
            ("$4 billion", &[("$4 billion", L::Money)]),
            ("$500B in aid", &[("$500B", L::Money)]),
            ("€1.2bn", &[("€1.2bn", L::Money)]),
            ("20 million euros", &[("20 million euros", L::Money)]),
            ("5% of GDP", &[("5%", L::Percent)]),
            ("2 percent", &[("2 percent", L::Percent)]),
            ("1-1/2 percent", &[("1-1/2 percent", L::Percent)]),
            ("to 1\u{2011}1/2 to 1\u{2011}3/4 percent", &[("1\u{2011}1/2 to 1\u{2011}3/4 percent", L::Percent)]),
            ("at 0 to 1/4 percent", &[("0 to 1/4 percent", L::Percent)]),
            ("five per cent", &[("five per cent", L::Percent)]),
            ("within 48 hours", &[("48 hours", L::Time)]),
            ("at 2:30 p.m. ET", &[("2:30 p.m. ET", L::Time)]),
            ("this morning", &[("this morning", L::Time)]),
            ("300 km away", &[("300 km", L::Quantity)]),
            ("5,000 tonnes", &[("5,000 tonnes", L::Quantity)]),
            ("the first time", &[("first", L::Ordinal)]),
            ("the 32nd", &[("32nd", L::Ordinal)]),
            ("5,000 troops", &[("5,000", L::Cardinal)]),
            ("three tanks", &[("three", L::Cardinal)]),
            ("F-16 and COVID-19", &[]),
            ("in 2025", &[("2025", L::Date)]),
            ("code 4711", &[("4711", L::Cardinal)]),
        ];
        for (text, want) in cases {
            assert_eq!(got(text), *want, "{text}");
        }
    }
}
