//! The matching crates, behind one module so they can be swapped without touching the rest of
//! search: the Snowball English stemmer (rust-stemmers, the stemmer tantivy uses) for the words
//! of trees and messages, and fuzzy-matcher's skim algorithm for the model picker's filter.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rust_stemmers::{Algorithm, Stemmer};

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Stems already worked out on this thread (the same words come back on every keystroke).
const CACHE_LIMIT: usize = 50_000;

thread_local! {
    static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// The Snowball English stem of a normalised word ("batteries" and "battery" give "batteri",
/// "jammed" gives "jam"). Words with digits are kept as they are ("9v", "be469zp").
#[must_use]
pub fn stem(word: &str) -> String {
    if word.len() <= 2 || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_string();
    }
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(s) = cache.get(word) {
            return s.clone();
        }
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        let s = ENGLISH.stem(word).into_owned();
        cache.insert(word.to_string(), s.clone());
        s
    })
}

/// Calls `f` with the stem of `word`, without copying it out of the cache.
pub(crate) fn with_stem<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.len() <= 2 || word.bytes().any(|b| b.is_ascii_digit()) {
        return f(word);
    }
    STEMS.with(|cache| {
        if let Some(s) = cache.borrow().get(word) {
            return f(s);
        }
        let s = stem(word);
        f(&s)
    })
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

    /// Like [`Self::fuzzy`], but forgiving typos the way search does: when the letters are not
    /// all there in order, every word of `query` of four letters or more may be one edit
    /// (a letter added, dropped, changed, or two swapped) from the start of a word of `text`
    /// ("schalge" finds "Schlage", "kwiksett" finds "Kwikset"). Such a match scores low.
    #[must_use]
    pub fn forgiving(&self, text: &str, query: &str) -> Option<(i64, Vec<usize>)> {
        if let Some(m) = self.fuzzy(text, query) {
            return Some(m);
        }
        let words: Vec<String> = super::normalize::query_words(text);
        let asked = super::normalize::query_words(query);
        let all = !asked.is_empty()
            && asked.iter().all(|q| {
                words.iter().any(|w| {
                    w.starts_with(q.as_str())
                        || (q.chars().count() >= 4 && within_one_edit_of_prefix(q, w))
                })
            });
        all.then(|| (1, Vec::new()))
    }
}

/// Whether `q` is at most one edit from `w` or from a prefix of `w`.
fn within_one_edit_of_prefix(q: &str, w: &str) -> bool {
    let q: Vec<char> = q.chars().collect();
    let w: Vec<char> = w.chars().collect();
    // Optimal string alignment distance of q against each prefix of w, one row at a time.
    let mut prev2: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=w.len()).collect();
    for i in 1..=q.len() {
        let mut cur = vec![i; w.len() + 1];
        for j in 1..=w.len() {
            let cost = usize::from(q[i - 1] != w[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && q[i - 1] == w[j - 2] && q[i - 2] == w[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev.iter().any(|&d| d <= 1)
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
    fn names_forgive_one_typo_per_word() {
        let m = NameMatcher::new();
        assert!(m.forgiving("Schlage Encode", "schalge").is_some());
        assert!(m.forgiving("Kwikset SmartCode", "kwiksett").is_some());
        assert!(
            m.forgiving("Kwikset SmartCode", "kwiksett smrtcode")
                .is_some()
        );
        assert!(m.forgiving("Schlage Encode", "yale").is_none());
        assert!(m.forgiving("Schlage Encode", "scxxge").is_none());
    }

    #[test]
    fn names_match_fuzzily() {
        let m = NameMatcher::new();
        assert!(m.fuzzy("Kwikset SmartCode", "smcode").is_some());
        assert!(m.fuzzy("Kwikset", "xyz").is_none());
    }
}
