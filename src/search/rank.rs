//! Reading a message into a plan: the message's content words (stop and filler words count for
//! nothing), each an *idea* with its alternatives (its stem; library words one typo away; while
//! typing, the library words the last word begins); the synonym concepts it says; the pairs of
//! neighbouring words (phrases); the lock it names; and what the danger reader found.
//!
//! Ideas keep the message's order, a concept placed after the last word it spans, so that the
//! next keystroke's plan begins with the same ideas and [`super::score`] can keep their sums.

use std::collections::HashSet;

use super::danger::{self, Danger};
use super::index::SearchIndex;
use super::names::Detection;
use super::text::{Tok, analyze};

/// Most ideas read from one message (a long paste keeps its first ones).
const MAX_IDEAS: usize = 400;
/// Weight of a typo's alternative, a word being typed, a synonym concept.
const TYPO: f32 = 0.8;
const PREFIX: f32 = 0.7;
const CONCEPT: f32 = 0.85;

/// One idea of the message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Idea {
    /// The word as the caller wrote it (normalised), or the concept's name.
    pub text: String,
    /// Terms that stand for it, with their weights.
    pub alts: Vec<(u32, f32)>,
    /// Read as negated.
    pub neg: bool,
    /// The stems it stands for (for highlighting).
    pub stems: Vec<String>,
}

/// A message, read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// The words, typos corrected.
    pub toks: Vec<Tok>,
    /// The ideas, in the message's order (concepts after words).
    pub ideas: Vec<Idea>,
    /// Pair terms.
    pub pairs: Vec<u32>,
    pub detection: Detection,
    pub danger: Option<Danger>,
}

impl Plan {
    /// Every stem the plan matches, for highlighting.
    pub(crate) fn stems(&self) -> HashSet<&str> {
        self.ideas
            .iter()
            .flat_map(|i| i.stems.iter().map(String::as_str))
            .collect()
    }
}

/// Reads `query`. With `typing`, a last word without a space after it is still being typed.
pub(crate) fn plan(index: &SearchIndex, query: &str, typing: bool) -> Plan {
    let mut toks = analyze(query);
    let open_last = typing && !query.ends_with(char::is_whitespace) && !toks.is_empty();
    let known = |w: &str| {
        index
            .surface
            .binary_search_by(|s| s.as_str().cmp(w))
            .is_ok()
    };
    // Typos: a word the library lacks, one edit from one it has.
    let mut typo_alts: Vec<Vec<String>> = vec![Vec::new(); toks.len()];
    for (i, t) in toks.iter_mut().enumerate() {
        if t.stop || known(&t.text) || (open_last && i + 1 == typo_alts.len()) {
            continue;
        }
        let near: Vec<String> = index
            .typos
            .near(&t.text)
            .into_iter()
            .map(str::to_string)
            .collect();
        if let Some(first) = near.first() {
            t.text.clone_from(first);
            t.stem = super::matcher::stem(first);
            t.stop = super::text::is_stop(first);
        }
        typo_alts[i] = near;
    }
    let detection = index.names.detect(&toks);
    let danger = danger::read(&toks);
    let name_toks: HashSet<usize> = detection.toks.iter().copied().collect();
    // Each idea with the token it ends at (a word before the concepts ending there).
    let mut ideas: Vec<(usize, Idea)> = Vec::new();
    let mut seen: HashSet<(String, bool)> = HashSet::new();
    for (i, t) in toks.iter().enumerate() {
        if ideas.len() >= MAX_IDEAS {
            break;
        }
        if t.stop || name_toks.contains(&i) || index.names.is_distinct(&t.text) {
            continue;
        }
        if !seen.insert((t.stem.clone(), t.neg)) {
            continue;
        }
        let mut alts = Vec::new();
        let mut stems = vec![t.stem.clone()];
        if let Some(&id) = index.terms.get(&t.stem) {
            alts.push((id, 1.0));
        }
        for (k, w) in typo_alts[i].iter().enumerate().skip(1) {
            let s = super::matcher::stem(w);
            if let Some(&id) = index.terms.get(&s) {
                alts.push((id, TYPO - 0.05 * k as f32));
                stems.push(s);
            }
        }
        if !typo_alts[i].is_empty()
            && let Some(a) = alts.first_mut()
        {
            a.1 = TYPO;
        }
        if open_last && i + 1 == toks.len() && t.text.len() >= 2 {
            for w in prefixed(&index.surface, &t.text).take(12) {
                let s = super::matcher::stem(w);
                if s != t.stem
                    && let Some(&id) = index.terms.get(&s)
                {
                    alts.push((id, PREFIX));
                    stems.push(s);
                }
            }
        }
        if !alts.is_empty() {
            ideas.push((
                i,
                Idea {
                    text: t.text.clone(),
                    alts,
                    neg: t.neg,
                    stems,
                },
            ));
        }
    }
    for (n, f) in index.concepts.find(&toks).into_iter().enumerate() {
        if n >= MAX_IDEAS {
            break;
        }
        let key = format!("~{}", f.group);
        if let Some(&id) = index.terms.get(&key)
            && seen.insert((key, f.neg))
        {
            ideas.push((
                f.last,
                Idea {
                    text: index.concepts.name(f.group).to_string(),
                    alts: vec![(id, CONCEPT)],
                    neg: f.neg,
                    stems: toks[f.first..=f.last]
                        .iter()
                        .map(|t| t.stem.clone())
                        .collect(),
                },
            ));
        }
    }
    ideas.sort_by_key(|(at, _)| *at);
    let ideas: Vec<Idea> = ideas
        .into_iter()
        .map(|(_, idea)| idea)
        .take(MAX_IDEAS)
        .collect();
    let content: Vec<&Tok> = toks.iter().filter(|t| !t.stop).collect();
    let mut pairs = Vec::new();
    for w in content.windows(2).take(MAX_IDEAS) {
        if w[0].clause == w[1].clause
            && let Some(&id) = index.terms.get(&format!("{} {}", w[0].stem, w[1].stem))
            && !pairs.contains(&id)
        {
            pairs.push(id);
        }
    }
    Plan {
        toks,
        ideas,
        pairs,
        detection,
        danger,
    }
}

/// Library words that begin with `p`.
fn prefixed<'a>(surface: &'a [String], p: &'a str) -> impl Iterator<Item = &'a String> + 'a {
    let start = surface.partition_point(|s| s.as_str() < p);
    surface[start..]
        .iter()
        .take_while(move |s| s.starts_with(p))
}
