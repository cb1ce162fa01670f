//! Synonyms and phrases from `trees/synonyms.yaml`, read as concepts: each group of words and
//! phrases that mean the same ("stuck", "jammed", "won't move") is one concept, and a text that
//! says any of them says that concept. Tree text and messages are read the same way, so a
//! caller's "seized" finds a node that says "jammed", and "won't turn" is matched as a phrase.

use std::collections::HashMap;

use super::text::{Tok, analyze};

/// A concept found in analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// The group's number.
    pub group: u32,
    /// Token range `[first, last]` the phrase covers.
    pub first: usize,
    /// See `first`.
    pub last: usize,
    /// Whether the phrase itself is negated ("not jammed").
    pub neg: bool,
}

/// The synonym groups, ready for matching.
#[derive(Debug, Default)]
pub(crate) struct Concepts {
    /// By the stem of a phrase's first word: (the phrase's stems, its group).
    by_first: HashMap<String, Vec<(Vec<String>, u32)>>,
    /// Each group's first member, for explanations.
    names: Vec<String>,
}

impl Concepts {
    /// Reads the groups.
    pub(crate) fn new(groups: &[Vec<String>]) -> Self {
        let mut c = Self::default();
        for (g, members) in groups.iter().enumerate() {
            let Ok(g32) = u32::try_from(g) else { break };
            c.names.push(members.first().cloned().unwrap_or_default());
            for m in members {
                let stems: Vec<String> = analyze(m).into_iter().map(|t| t.stem).collect();
                if let Some(first) = stems.first().cloned() {
                    let list = c.by_first.entry(first).or_default();
                    if !list.iter().any(|(s, gg)| *s == stems && *gg == g32) {
                        list.push((stems, g32));
                    }
                }
            }
        }
        for list in c.by_first.values_mut() {
            // Longest phrases first, so "won't turn" is tried before "won't".
            list.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        }
        c
    }

    /// The name of group `g` (its first member).
    pub(crate) fn name(&self, g: u32) -> &str {
        self.names.get(g as usize).map_or("", String::as_str)
    }

    /// Every concept said in `toks`, phrases within one clause.
    pub(crate) fn find(&self, toks: &[Tok]) -> Vec<Found> {
        let mut out = Vec::new();
        for i in 0..toks.len() {
            let Some(list) = self.by_first.get(&toks[i].stem) else {
                continue;
            };
            for (stems, g) in list {
                let end = i + stems.len();
                if end > toks.len() {
                    continue;
                }
                let window = &toks[i..end];
                let same = window.iter().zip(stems).all(|(t, s)| t.stem == *s)
                    && window.iter().all(|t| t.clause == toks[i].clause);
                if same && !out.iter().any(|f: &Found| f.group == *g && f.first == i) {
                    // A one-word member keeps its word's reading; a phrase is negated only
                    // by a negation right before it.
                    let neg = if stems.len() == 1 {
                        toks[i].neg
                    } else {
                        i > 0
                            && toks[i - 1].clause == toks[i].clause
                            && matches!(toks[i - 1].text.as_str(), "not" | "no" | "never")
                    };
                    out.push(Found {
                        group: *g,
                        first: i,
                        last: end - 1,
                        neg,
                    });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Vec<Vec<String>> {
        vec![
            vec!["stuck".into(), "jammed".into(), "won't move".into()],
            vec!["won't turn".into(), "key stuck".into()],
        ]
    }

    #[test]
    fn words_and_phrases_say_their_concept() {
        let c = Concepts::new(&groups());
        let f = c.find(&analyze("the bolt is JAMMED and the key wont turn"));
        let g: Vec<u32> = f.iter().map(|f| f.group).collect();
        assert_eq!(g, [0, 1]);
        let f = c.find(&analyze("key stuck"));
        assert_eq!(f.iter().map(|f| f.group).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(c.name(1), "won't turn");
    }

    #[test]
    fn phrases_stay_within_a_clause() {
        let c = Concepts::new(&groups());
        assert!(c.find(&analyze("it won't, move it")).is_empty());
    }
}
