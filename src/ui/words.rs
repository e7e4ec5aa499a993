//! Text shown in the window: counts with their noun, long text shortened.

/// `n` and the noun, singular for one: "1 claim", "3 claims", "0 documents".
#[must_use]
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `text` cut to `max` characters with an ellipsis.
#[must_use]
pub fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(super::count(1, "claim", "claims"), "1 claim");
        assert_eq!(super::count(0, "claim", "claims"), "0 claims");
        assert_eq!(super::count(12, "entity", "entities"), "12 entities");
    }
}
