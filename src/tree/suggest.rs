//! Did-you-mean over many candidates and many misspellings, in near-linear time.
//!
//! Comparing a word with every candidate is fine for a handful of field names, and quadratic
//! when a file of 5,000 nodes misspells 5,000 targets. [`Suggester`] finds the closest
//! candidate within the limit (ties to the alphabetically first) but compares only candidates
//! whose length is within the limit, stops each comparison as soon as it cannot win, remembers
//! words already looked up, and spends a bounded number of comparisons in all: once the budget
//! is gone, further look-ups give no suggestion (the error is still reported, only its hint is
//! left out). [`did_you_mean`](crate::tree::diag::did_you_mean) is a one-look-up Suggester.

use std::collections::HashMap;

/// Comparisons allowed per candidate, plus [`BUDGET_FLOOR`]: about this many full look-ups.
const BUDGET_PER_CANDIDATE: usize = 64;
/// Comparisons always allowed, however few the candidates.
const BUDGET_FLOOR: usize = 10_000;

/// Finds the closest candidate to a word (see the module documentation).
#[derive(Debug)]
pub struct Suggester<'a> {
    /// Candidates by length in characters.
    by_len: Vec<Vec<&'a str>>,
    memo: HashMap<String, Option<&'a str>>,
    budget: usize,
    /// Comparisons made so far.
    spent: usize,
    /// Scratch rows for the edit distance.
    rows: (Vec<usize>, Vec<usize>),
}

impl<'a> Suggester<'a> {
    /// A suggester over `candidates`.
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_len: Vec<Vec<&'a str>> = Vec::new();
        let mut n = 0;
        for c in candidates {
            let len = c.chars().count();
            if by_len.len() <= len {
                by_len.resize_with(len + 1, Vec::new);
            }
            by_len[len].push(c);
            n += 1;
        }
        Self {
            by_len,
            memo: HashMap::new(),
            budget: BUDGET_PER_CANDIDATE * n + BUDGET_FLOOR,
            spent: 0,
            rows: (Vec::new(), Vec::new()),
        }
    }

    /// The closest candidate to `word` if it is close enough to be a likely typo.
    pub fn suggest(&mut self, word: &str) -> Option<&'a str> {
        if let Some(known) = self.memo.get(word) {
            return *known;
        }
        let w: Vec<char> = word.chars().collect();
        let limit = (w.len() / 3).max(2);
        let lo = w.len().saturating_sub(limit);
        let hi = (w.len() + limit).min(self.by_len.len().saturating_sub(1));
        let mut best: Option<(usize, &'a str)> = None;
        for len in lo..=hi {
            for &c in self.by_len.get(len).map_or(&[][..], Vec::as_slice) {
                if self.budget == 0 {
                    return None;
                }
                self.budget -= 1;
                self.spent += 1;
                let bound = best.map_or(limit, |(d, _)| d);
                if let Some(d) = bounded_distance(&w, c, bound, &mut self.rows)
                    && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc))
                {
                    best = Some((d, c));
                }
            }
        }
        let found = best.map(|(_, c)| c);
        self.memo.insert(word.to_string(), found);
        found
    }

    /// How many candidate comparisons the look-ups so far have made.
    #[must_use]
    pub fn comparisons(&self) -> usize {
        self.spent
    }
}

/// Levenshtein distance between `a` and `b` over characters if it is at most `bound`.
fn bounded_distance(
    a: &[char],
    b: &str,
    bound: usize,
    rows: &mut (Vec<usize>, Vec<usize>),
) -> Option<usize> {
    let (prev, cur) = rows;
    let n = b.chars().count();
    prev.clear();
    prev.extend(0..=n);
    cur.clear();
    cur.resize(n + 1, 0);
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.chars().enumerate() {
            let cost = usize::from(*ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > bound {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    let d = prev[n];
    (d <= bound).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::diag::edit_distance;

    /// The plain definition: the closest candidate within the limit, ties alphabetically.
    fn reference<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let limit = (word.chars().count() / 3).max(2);
        candidates
            .iter()
            .map(|c| (edit_distance(word, c), *c))
            .filter(|(d, _)| *d <= limit)
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, c)| c)
    }

    #[test]
    fn agrees_with_the_plain_definition() {
        let ids = [
            "kwt-what",
            "kwt-where",
            "kd-batteries",
            "kd-lockout",
            "kd-support",
            "fixed",
            "locksmith",
            "lost-key",
            "a",
            "ab",
            "abc",
        ];
        let words = [
            "kwt-waht",
            "kd-bateries",
            "kd-lockot",
            "fxied",
            "lcoksmith",
            "zzzzzzzz",
            "b",
            "abd",
            "kwt-wher",
            "lost-kye",
            "",
        ];
        let mut s = Suggester::new(ids);
        for w in words {
            assert_eq!(s.suggest(w), reference(w, &ids), "{w}");
            assert_eq!(s.suggest(w), reference(w, &ids), "{w} (remembered)");
        }
    }

    #[test]
    fn many_misspellings_stay_cheap() {
        let ids: Vec<String> = (0..5_000).map(|i| format!("node-{i:05}")).collect();
        let mut s = Suggester::new(ids.iter().map(String::as_str));
        let found = (0..5_000)
            .filter(|i| s.suggest(&format!("nod-{i:05}")).is_some())
            .count();
        // Comparing every word with every id would be 25 million comparisons; the length
        // buckets and the budget keep it linear in the number of ids.
        assert!(found >= 60, "the first look-ups still get hints: {found}");
        assert!(
            s.comparisons() <= 64 * 5_000 + 10_000,
            "{} comparisons",
            s.comparisons()
        );
        // Repeated words are answered from memory, without comparing again.
        let before = s.comparisons();
        assert_eq!(s.suggest("nod-00000"), Some("node-00000"));
        assert_eq!(s.comparisons(), before);
    }
}
