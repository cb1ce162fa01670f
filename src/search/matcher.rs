//! The matching crates, behind one module so they can be swapped without touching the rest of
//! search: the Snowball English stemmer (rust-stemmers, the stemmer tantivy uses) for the words
//! of trees and messages, and fuzzy-matcher's skim algorithm for the model picker's filter.

use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rust_stemmers::{Algorithm, Stemmer};

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// The Snowball English stem of a normalised word ("batteries" and "battery" give "batteri",
/// "jammed" gives "jam"). Words with digits are kept as they are ("9v", "be469zp").
#[must_use]
pub fn stem(word: &str) -> String {
    if word.len() <= 2 || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    ENGLISH.stem(word).into_owned()
}

/// A plain fuzzy subsequence matcher for short names (the model picker's filter).
#[derive(Default)]
pub struct NameMatcher(SkimMatcherV2);

impl std::fmt::Debug for NameMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NameMatcher")
    }
}

impl NameMatcher {
    /// A case-insensitive matcher.
    #[must_use]
    pub fn new() -> Self {
        Self(SkimMatcherV2::default().ignore_case())
    }

    /// The score and matched character indices of `query` in `text`, if it matches.
    #[must_use]
    pub fn fuzzy(&self, text: &str, query: &str) -> Option<(i64, Vec<usize>)> {
        self.0.fuzzy_indices(text, query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet() {
        assert_eq!(stem("batteries"), stem("battery"));
        assert_eq!(stem("jammed"), stem("jam"));
        assert_eq!(stem("beeping"), stem("beeps"));
        assert_eq!(stem("locked"), stem("lock"));
        assert_eq!(stem("9v"), "9v");
    }

    #[test]
    fn names_match_fuzzily() {
        let m = NameMatcher::new();
        assert!(m.fuzzy("Kwikset SmartCode", "smcode").is_some());
        assert!(m.fuzzy("Kwikset", "xyz").is_none());
    }
}
