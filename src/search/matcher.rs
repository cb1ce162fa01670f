//! How well one query word matches one word of tree text. The only module that knows about
//! `fuzzy-matcher`, so the matcher can be swapped without touching the rest of search.
//!
//! A query word meets a text word in one of these ways, best first:
//! exact, same stem ("keys"/"key"), prefix ("batt"/"batteries", for typing in progress),
//! a typo (one or two edits, transpositions count as one, also against a prefix of the word),
//! or a fuzzy subsequence scored by fuzzy-matcher's skim algorithm ("btry"/"battery").
//! Qualities are 0..=100 and only compared with each other.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::normalize::stem;

/// Quality of an exact match.
pub const EXACT: u8 = 100;
/// Quality of a match on the same stem.
pub const STEM: u8 = 95;

/// A word prepared for matching (a query word or a vocabulary word).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The normalised word.
    pub text: String,
    /// Its chars.
    pub chars: Vec<char>,
    /// Its stem.
    pub stem: String,
    /// Which letters and digits it contains, one bit each.
    pub mask: u64,
    /// Whether it contains a digit (digits only match exactly or as a prefix).
    pub numeric: bool,
}

impl Prepared {
    /// Prepares a normalised word.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        Self {
            stem: stem(text),
            mask: char_mask(text),
            numeric: chars.iter().any(char::is_ascii_digit),
            chars,
            text: text.to_string(),
        }
    }
}

/// One bit per ASCII letter and digit; other chars share the top bit.
#[must_use]
pub fn char_mask(s: &str) -> u64 {
    s.chars().fold(0u64, |m, c| {
        m | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            _ => 1 << 63,
        }
    })
}

/// Edits allowed for a query word of `len` chars.
#[must_use]
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Scores query words against text words. Cheap to clone; build one per index.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Matcher(skim)")
    }
}

impl Default for Matcher {
    fn default() -> Self {
        Self::new()
    }
}

impl Matcher {
    /// A matcher with case-insensitive skim scoring (text is already lowercase).
    #[must_use]
    pub fn new() -> Self {
        Self {
            skim: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// How well query word `q` matches text word `t`, or `None`. `k` is the number of typos
    /// allowed (see [`typo_budget`]).
    #[must_use]
    pub fn quality(&self, q: &Prepared, t: &Prepared, k: usize) -> Option<u8> {
        let (ql, tl) = (q.chars.len(), t.chars.len());
        if ql == 0 || tl == 0 {
            return None;
        }
        if q.text == t.text {
            return Some(EXACT);
        }
        if q.stem == t.stem && !q.numeric {
            return Some(STEM);
        }
        if q.mask & !t.mask == 0 && tl > ql && t.text.starts_with(&q.text) {
            // 50..90: "batt" is a weaker match for "batteries" than "batter" is.
            return Some((50 + 40 * ql / tl) as u8);
        }
        if q.numeric || t.numeric {
            return None;
        }
        if k > 0 && (q.mask & !t.mask).count_ones() as usize <= k && tl + k >= ql {
            let same_first = q.chars[0] == t.chars[0];
            if (ql > 4 || same_first)
                && let Some((full, prefix)) = osa(&q.chars, &t.chars, k)
            {
                if full <= k {
                    return Some(if full == 1 { 62 } else { 48 });
                }
                if prefix <= k && ql >= 5 {
                    return Some(if prefix == 1 { 55 } else { 42 });
                }
            }
        }
        if ql >= 4 && 2 * ql >= tl && q.chars[0] == t.chars[0] && q.mask & !t.mask == 0 {
            let perfect = self.skim.fuzzy_match(&q.text, &q.text).unwrap_or(1).max(1);
            let got = self.skim.fuzzy_match(&t.text, &q.text)?;
            let ratio = (got.max(0) as f64 / perfect as f64).clamp(0.0, 1.0);
            return Some((20.0 + 25.0 * ratio) as u8);
        }
        None
    }

    /// Which chars of text word `t` to highlight for query word `q` (char indices in `t`).
    #[must_use]
    pub fn positions(&self, q: &Prepared, t: &Prepared) -> Vec<usize> {
        let (ql, tl) = (q.chars.len(), t.chars.len());
        if t.text.starts_with(&q.text) {
            return (0..ql.min(tl)).collect();
        }
        let common = q
            .chars
            .iter()
            .zip(&t.chars)
            .take_while(|(a, b)| a == b)
            .count();
        if q.stem == t.stem && common > 0 {
            return (0..common).collect();
        }
        if let Some((_, idx)) = self.skim.fuzzy_indices(&t.text, &q.text) {
            return idx;
        }
        (0..tl).collect()
    }
}

/// Optimal-string-alignment distance between `q` and `t` (full), and between `q` and the
/// closest prefix of `t` (prefix), or `None` when both exceed `k`.
fn osa(q: &[char], t: &[char], k: usize) -> Option<(usize, usize)> {
    let (n, m) = (q.len(), t.len());
    let big = k + 1;
    let mut prev2 = vec![big; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![big; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(q[i - 1] != t[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && q[i - 1] == t[j - 2] && q[i - 2] == t[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let full = prev[m];
    let prefix = prev.iter().copied().min().unwrap_or(big);
    (full.min(prefix) <= k).then_some((full, prefix))
}

/// A plain fuzzy subsequence matcher for short names (the model picker's filter), so that
/// fuzzy-matcher stays behind this one module.
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

    fn q(m: &Matcher, a: &str, b: &str) -> Option<u8> {
        m.quality(&Prepared::new(a), &Prepared::new(b), typo_budget(a.len()))
    }

    #[test]
    fn qualities_are_ordered() {
        let m = Matcher::new();
        assert_eq!(q(&m, "bolt", "bolt"), Some(EXACT));
        assert_eq!(q(&m, "keys", "key"), Some(STEM));
        let prefix = q(&m, "batt", "batteries").unwrap();
        assert!((50..90).contains(&prefix));
        assert!(q(&m, "batter", "batteries").unwrap() > prefix);
        let typo = q(&m, "kwickset", "kwikset").unwrap();
        assert!(typo < STEM && typo > 40);
        assert!(q(&m, "batteires", "batteries").is_some(), "transposition");
        assert!(q(&m, "jamed", "jammed").is_some());
        assert!(q(&m, "btry", "battery").is_some(), "fuzzy subsequence");
        assert_eq!(q(&m, "bolt", "about"), None);
        assert_eq!(q(&m, "pin", "pun"), None, "no typos in short words");
        assert_eq!(q(&m, "910", "916"), None, "numbers are exact");
        assert!(q(&m, "91", "916").is_some(), "numbers take prefixes");
    }

    #[test]
    fn typo_against_a_prefix_while_typing() {
        let m = Matcher::new();
        // "kwiks" typed as "kwicks": one edit from the prefix "kwiks" of "kwikset".
        assert!(q(&m, "kwicks", "kwikset").is_some());
    }

    #[test]
    fn positions_for_highlighting() {
        let m = Matcher::new();
        let p = |a: &str, b: &str| m.positions(&Prepared::new(a), &Prepared::new(b));
        assert_eq!(p("bat", "battery"), vec![0, 1, 2]);
        assert_eq!(p("btry", "battery"), vec![0, 3, 5, 6]);
        assert_eq!(p("keys", "key"), vec![0, 1, 2]);
    }

    #[test]
    fn osa_distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(osa(&c("abcd"), &c("abdc"), 1), Some((1, 1)));
        assert_eq!(osa(&c("kwiks"), &c("kwikset"), 1), Some((2, 0)));
        assert_eq!(osa(&c("xyz"), &c("abc"), 1), None);
    }
}
