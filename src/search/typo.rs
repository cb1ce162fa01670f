//! Typos against the library's own words: a word of five letters or more that the library does
//! not hold is read as the library word one edit away (a letter added, dropped, changed, or two
//! swapped: "schalge", "kwiksett", "batterys"). Found by symmetric deletion: every library word
//! is stored under each of its one-letter deletions, so a look-up costs a few hash probes
//! whatever the size of the library (no scan of the vocabulary, so a 100 KB message stays fast).

use std::collections::HashMap;

/// The shortest word corrected.
const MIN_LEN: usize = 5;

/// Library words by their one-letter deletions.
#[derive(Debug, Default)]
pub(crate) struct Typos {
    words: Vec<String>,
    by_delete: HashMap<String, Vec<u32>>,
}

fn deletes(w: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = w.chars().collect();
    (0..chars.len()).map(move |i| {
        chars
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, c)| c)
            .collect()
    })
}

impl Typos {
    /// Indexes `words` (the library's surface words, sorted).
    pub(crate) fn new(words: &[String]) -> Self {
        let mut by_delete: HashMap<String, Vec<u32>> = HashMap::new();
        let mut kept = Vec::new();
        for w in words {
            if w.chars().count() < MIN_LEN - 1 || w.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let id = u32::try_from(kept.len()).unwrap_or(u32::MAX);
            kept.push(w.clone());
            for d in deletes(w) {
                let list = by_delete.entry(d).or_default();
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
        Self {
            words: kept,
            by_delete,
        }
    }

    /// The library words one edit from `w` (not `w` itself), closest first: a swap or change
    /// before an added or dropped letter, then alphabetical.
    pub(crate) fn near(&self, w: &str) -> Vec<&str> {
        let n = w.chars().count();
        if n < MIN_LEN || w.bytes().any(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        let mut found: Vec<(u8, &str)> = Vec::new();
        let mut add = |id: u32, cost: u8| {
            if let Some(word) = self.words.get(id as usize)
                && word != w
                && !found.iter().any(|(_, f)| *f == word)
            {
                found.push((cost, word));
            }
        };
        // The word with a letter dropped is a library word (the caller added one).
        for d in deletes(w) {
            if let Ok(i) = self.words.binary_search(&d) {
                add(u32::try_from(i).unwrap_or(u32::MAX), 2);
            }
            // Both lose a letter: a change or a swap.
            if let Some(ids) = self.by_delete.get(&d) {
                for &id in ids {
                    if self.words[id as usize].chars().count() == n {
                        add(id, 1);
                    }
                }
            }
        }
        // A library word with a letter dropped is the word (the caller dropped one).
        if let Some(ids) = self.by_delete.get(w) {
            for &id in ids {
                add(id, 2);
            }
        }
        found.sort();
        found.into_iter().map(|(_, w)| w).take(4).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typos() -> Typos {
        let mut w: Vec<String> = [
            "schlage",
            "kwikset",
            "battery",
            "batteries",
            "jammed",
            "lock",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        w.sort();
        Typos::new(&w)
    }

    #[test]
    fn one_edit_finds_the_word() {
        let t = typos();
        assert_eq!(t.near("schalge"), ["schlage"], "swap");
        assert_eq!(t.near("kwiksett"), ["kwikset"], "added letter");
        assert_eq!(t.near("jamed"), ["jammed"], "dropped letter");
        assert_eq!(t.near("batterx"), ["battery"], "changed letter");
    }

    #[test]
    fn short_words_and_exact_words_are_left_alone() {
        let t = typos();
        assert!(t.near("lokc").is_empty(), "too short");
        assert!(t.near("schlage").is_empty(), "already a word");
        assert!(t.near("zzzzzz").is_empty());
    }
}
