//! Generated news text for benchmarks and scale tests: every paragraph different (people,
//! places, organisations, numbers, quotations and sentence shapes drawn from a seeded
//! generator), so that layout and text caches cannot answer for repeated text the way they
//! do for one paragraph copied many times. Deterministic for a seed; written here, so it is
//! free of anyone's copyright.
//!
//! # Example
//! ```
//! use claimlens::document::synthetic::News;
//! let a = News::new(7).article(5_000);
//! assert!(a.len() >= 5_000 && a.contains("\n\n"));
//! assert_eq!(a, News::new(7).article(5_000));
//! let paragraphs: Vec<&str> = a.split("\n\n").skip(2).collect();
//! let distinct: std::collections::BTreeSet<&str> = paragraphs.iter().copied().collect();
//! assert_eq!(distinct.len(), paragraphs.len(), "no paragraph repeats");
//! ```

const FIRST: &[&str] = &[
    "Amara",
    "Jonas",
    "Leila",
    "Tomasz",
    "Ingrid",
    "Kwame",
    "Sofía",
    "Dmitri",
    "Hana",
    "Mateo",
    "Aiko",
    "Oluwaseun",
    "Brigitte",
    "Rafael",
    "Nadia",
    "Émile",
    "Yusuf",
    "Greta",
    "Tariq",
    "Mei",
    "Lars",
    "Chiara",
    "Bongani",
    "Ivana",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Nowak",
    "Sørensen",
    "Mensah",
    "Castillo",
    "Volkov",
    "Tanaka",
    "Ferreira",
    "Kowalczyk",
    "Adeyemi",
    "Moreau",
    "Reyes",
    "Petrova",
    "Dubois",
    "Öztürk",
    "Brandt",
    "Rahman",
    "Chen",
    "Holm",
    "Ricci",
    "Dlamini",
    "Novak",
];
const ROLES: &[&str] = &[
    "the finance minister",
    "the mayor",
    "a spokesperson for the ministry",
    "the union's leader",
    "the central bank governor",
    "an opposition senator",
    "the health commissioner",
    "the port authority's director",
    "a senior diplomat",
    "the regional governor",
];
const ORGS: &[&str] = &[
    "the Ministry of Finance",
    "the National Statistics Office",
    "the Harbour Authority",
    "the Teachers' Union",
    "the Central Bank",
    "the Regional Council",
    "the Energy Regulator",
    "the Supreme Court",
    "the Red Cross",
    "the World Health Organization",
    "the European Commission",
    "the Transport Workers' Federation",
];
const PLACES: &[&str] = &[
    "Lisbon",
    "Nairobi",
    "Gdańsk",
    "Montevideo",
    "Osaka",
    "Tromsø",
    "Accra",
    "Valparaíso",
    "Tbilisi",
    "Halifax",
    "Chiang Mai",
    "Bergen",
    "Kraków",
    "Mombasa",
    "Córdoba",
    "Tampere",
    "Daegu",
    "Zürich",
];
const TOPICS: &[&str] = &[
    "housing",
    "fuel prices",
    "the new rail line",
    "teachers' pay",
    "flood defences",
    "hospital waiting lists",
    "the fishing quota",
    "youth unemployment",
    "water rationing",
    "the harbour expansion",
    "wind farms",
    "bus fares",
    "the pension reform",
    "grain exports",
    "broadband coverage",
    "the wildfire season",
];
const VERBS: &[&str] = &["rose", "fell", "climbed", "dropped", "doubled", "stalled", "recovered", "slipped"];
const SAYS: &[&str] = &["said", "told reporters", "wrote in a statement", "said on Tuesday", "told the assembly"];
const UNITS: &[&str] = &["percent", "million euros", "billion dollars", "households", "jobs", "tonnes", "kilometres"];
const MONTHS: &[&str] =
    &["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"];
const OPINIONS: &[&str] = &[
    "We cannot wait another year for this",
    "The figures speak for themselves",
    "Nobody in this city should have to choose between heating and eating",
    "This is a turning point",
    "We were promised a plan and we got a press release",
    "The money is there, the will is not",
];

/// A seeded generator of news-like paragraphs (a 64-bit linear congruential generator:
/// small, deterministic, good enough to vary text).
#[derive(Clone, Debug)]
pub struct News {
    state: u64,
    /// Paragraphs written so far (part of some sentences, so that no two paragraphs are
    /// equal even when the draws repeat).
    count: u64,
}

impl News {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self { state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x2545_F491_4F6C_DD1D, count: 0 }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.state >> 33
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn person(&mut self) -> String {
        format!("{} {}", self.pick(FIRST), self.pick(LAST))
    }

    fn sentence(&mut self) -> String {
        let (who, org, place, topic) = (self.person(), self.pick(ORGS), self.pick(PLACES), self.pick(TOPICS));
        let n = 2 + self.below(980);
        let pct = format!("{}.{}", 1 + self.below(40), self.below(10));
        let (verb, unit, month) = (self.pick(VERBS), self.pick(UNITS), self.pick(MONTHS));
        let year = 2015 + self.below(11);
        match self.below(9) {
            0 => format!("Spending on {topic} in {place} {verb} by {pct} percent in {month} {year}, {org} said."),
            1 => format!("“{},” {who}, {}, {}.", self.pick(OPINIONS), self.pick(ROLES), self.pick(SAYS)),
            2 => format!("{who} {} that {n} {unit} had been set aside for {topic}.", self.pick(SAYS)),
            3 => format!("According to {org}, {topic} will cost {place} about {n} {unit} by {year}."),
            4 => format!("Residents of {place} met on {month} {} to discuss {topic}.", 1 + self.below(28)),
            5 => format!("The figure is the highest since {}, when {topic} last dominated the campaign.", year - 10),
            6 => format!("{who} rejected the claim, calling it “misleading” and asking {org} to publish its data."),
            7 => format!("Critics say the plan for {topic} favours {place} over smaller towns."),
            _ => format!("By {month}, {n} {unit} were counted in {place}, {pct} percent more than a year earlier."),
        }
    }

    /// One paragraph of two to six sentences.
    pub fn paragraph(&mut self) -> String {
        self.count += 1;
        let n = 2 + self.below(5);
        let mut p: Vec<String> = (0..n).map(|_| self.sentence()).collect();
        // A sentence that carries the paragraph's number keeps every paragraph distinct.
        let at = self.below(n) as usize;
        p[at] = format!("{} Officials counted {} cases in report {}.", p[at], 3 + self.below(5000), self.count);
        p.join(" ")
    }

    /// An article of at least `size_bytes`: a headline, a dateline and paragraphs, separated
    /// by blank lines (the plain-text layout the importer reads).
    pub fn article(&mut self, size_bytes: usize) -> String {
        let headline = format!("{} debate over {} in {}", self.pick(PLACES), self.pick(TOPICS), self.pick(PLACES));
        let mut out = format!("{headline}\n\n{} {}, {}", self.pick(MONTHS), 1 + self.below(28), 2015 + self.below(11));
        while out.len() < size_bytes {
            out.push_str("\n\n");
            out.push_str(&self.paragraph());
        }
        out
    }
}
