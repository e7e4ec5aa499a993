//! Words for numbers shown in the window.

/// `n` and the noun, singular for one: "1 claim", "3 claims", "0 documents".
#[must_use]
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
