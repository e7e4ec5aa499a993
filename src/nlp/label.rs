//! [`EntityLabel`]: the OntoNotes entity types, as spaCy users know them.

use serde::{Deserialize, Serialize};

/// The type of a named entity (OntoNotes 5 scheme, as used by spaCy's English models).
///
/// Serialised as the OntoNotes tag (`"PERSON"`, `"GPE"`, …), so project files and exports read
/// the way NLP users expect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityLabel {
    /// People, including fictional.
    #[serde(rename = "PERSON")]
    Person,
    /// Nationalities, religious and political groups.
    #[serde(rename = "NORP")]
    Norp,
    /// Companies, agencies, institutions.
    #[serde(rename = "ORG")]
    Org,
    /// Countries, cities, states.
    #[serde(rename = "GPE")]
    Gpe,
    /// Non-GPE locations: mountain ranges, bodies of water, regions.
    #[serde(rename = "LOC")]
    Loc,
    /// Buildings, airports, highways, bridges.
    #[serde(rename = "FAC")]
    Fac,
    /// Named hurricanes, battles, wars, sports events, summits.
    #[serde(rename = "EVENT")]
    Event,
    /// Titles of books, songs, films, reports.
    #[serde(rename = "WORK_OF_ART")]
    WorkOfArt,
    /// Named documents made into laws.
    #[serde(rename = "LAW")]
    Law,
    /// Objects, vehicles, foods, weapons systems (not services).
    #[serde(rename = "PRODUCT")]
    Product,
    /// Absolute or relative dates or periods.
    #[serde(rename = "DATE")]
    Date,
    /// Times smaller than a day.
    #[serde(rename = "TIME")]
    Time,
    /// Monetary values, including unit.
    #[serde(rename = "MONEY")]
    Money,
    /// Percentages.
    #[serde(rename = "PERCENT")]
    Percent,
    /// Measurements, as of weight or distance.
    #[serde(rename = "QUANTITY")]
    Quantity,
    /// "first", "second", …
    #[serde(rename = "ORDINAL")]
    Ordinal,
    /// Numerals that do not fall under another type.
    #[serde(rename = "CARDINAL")]
    Cardinal,
}

impl EntityLabel {
    /// Every label, in legend order.
    pub const ALL: [Self; 17] = [
        Self::Person,
        Self::Norp,
        Self::Org,
        Self::Gpe,
        Self::Loc,
        Self::Fac,
        Self::Event,
        Self::WorkOfArt,
        Self::Law,
        Self::Product,
        Self::Date,
        Self::Time,
        Self::Money,
        Self::Percent,
        Self::Quantity,
        Self::Ordinal,
        Self::Cardinal,
    ];

    /// The OntoNotes tag, e.g. `"WORK_OF_ART"`.
    #[must_use]
    pub const fn tag(self) -> &'static str {
        match self {
            Self::Person => "PERSON",
            Self::Norp => "NORP",
            Self::Org => "ORG",
            Self::Gpe => "GPE",
            Self::Loc => "LOC",
            Self::Fac => "FAC",
            Self::Event => "EVENT",
            Self::WorkOfArt => "WORK_OF_ART",
            Self::Law => "LAW",
            Self::Product => "PRODUCT",
            Self::Date => "DATE",
            Self::Time => "TIME",
            Self::Money => "MONEY",
            Self::Percent => "PERCENT",
            Self::Quantity => "QUANTITY",
            Self::Ordinal => "ORDINAL",
            Self::Cardinal => "CARDINAL",
        }
    }

    /// Parse an OntoNotes tag (case-insensitive), also accepting the CoNLL coarse tags
    /// `PER` (→ PERSON) and `MISC` (→ NORP is wrong in general, so `MISC` is refused).
    #[must_use]
    pub fn from_tag(tag: &str) -> Option<Self> {
        let t = tag.trim().to_ascii_uppercase();
        if t == "PER" {
            return Some(Self::Person);
        }
        Self::ALL.into_iter().find(|l| l.tag() == t)
    }

    /// A human name for menus and the legend ("Person", "Work of art").
    #[must_use]
    pub const fn display_name(self) -> &'static str {
        match self {
            Self::Person => "Person",
            Self::Norp => "Group / nationality",
            Self::Org => "Organization",
            Self::Gpe => "Country / city / state",
            Self::Loc => "Location",
            Self::Fac => "Facility",
            Self::Event => "Event",
            Self::WorkOfArt => "Work of art",
            Self::Law => "Law",
            Self::Product => "Product",
            Self::Date => "Date",
            Self::Time => "Time",
            Self::Money => "Money",
            Self::Percent => "Percent",
            Self::Quantity => "Quantity",
            Self::Ordinal => "Ordinal",
            Self::Cardinal => "Cardinal",
        }
    }

    /// One line explaining the type, for the legend's tooltip.
    #[must_use]
    pub const fn description(self) -> &'static str {
        match self {
            Self::Person => "People, including fictional ones.",
            Self::Norp => "Nationalities, religious and political groups (\"Ukrainian\", \"Republicans\").",
            Self::Org => "Companies, agencies, institutions, alliances (\"NATO\", \"the Pentagon\").",
            Self::Gpe => "Countries, cities and states: places with a government.",
            Self::Loc => "Other locations: regions, mountain ranges, bodies of water.",
            Self::Fac => "Buildings, airports, bases, highways, bridges.",
            Self::Event => "Named events: wars, battles, summits, storms, sports events.",
            Self::WorkOfArt => "Titles of books, songs, films, reports.",
            Self::Law => "Named laws, treaties and legal documents.",
            Self::Product => "Objects, vehicles, weapons systems, foods (not services).",
            Self::Date => "Absolute or relative dates and periods (\"Feb. 11, 2025\", \"last week\").",
            Self::Time => "Times of day and spans under a day (\"2:00 p.m.\", \"overnight\").",
            Self::Money => "Monetary amounts with their unit (\"$4 billion\").",
            Self::Percent => "Percentages (\"5%\", \"2 percent\").",
            Self::Quantity => "Measurements of weight, distance, volume (\"48 hours\" is a TIME).",
            Self::Ordinal => "Ordinals: \"first\", \"32nd\".",
            Self::Cardinal => "Numbers that are not one of the other types.",
        }
    }

    /// True for the people / organization types a claimant can be.
    #[must_use]
    pub const fn is_agent(self) -> bool {
        matches!(self, Self::Person | Self::Org | Self::Norp | Self::Gpe)
    }

    /// True for the numeric and temporal types.
    #[must_use]
    pub const fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::Date | Self::Time | Self::Money | Self::Percent | Self::Quantity | Self::Ordinal | Self::Cardinal
        )
    }
}

impl std::fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_serialise_as_tags() {
        for l in EntityLabel::ALL {
            assert_eq!(EntityLabel::from_tag(l.tag()), Some(l));
            assert_eq!(ron::to_string(&l).unwrap(), l.tag());
        }
        assert_eq!(EntityLabel::from_tag("per"), Some(EntityLabel::Person));
        assert_eq!(EntityLabel::from_tag("MISC"), None);
    }
}
