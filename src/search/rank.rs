//! Reading a message into a plan, and ranking every document by how well it explains it.
//!
//! The plan: the message's content words (stop and filler words count for nothing), each an
//! *idea* with its alternatives (its stem; library words one typo away; while typing, the
//! library words the last word begins); the synonym concepts it says; the pairs of neighbouring
//! words (phrases); the lock it names; and what the danger reader found.
//!
//! Ranking is BM25F: per idea, the best alternative's saturated, length-normalised field-weighted
//! frequency times its rarity; ideas add up, and a node that covers more of the message's ideas
//! gains more. An idea is matched with the same reading only: a negated "move" meets "does not
//! move", not "moves". Where a node's strong fields say the opposite of an idea and nothing the
//! same way, it loses a little ("the keypad still works" does not pull "keypad does not work"
//! up). Words no tree knows find no postings and cost nothing.

use std::collections::HashSet;

use super::danger::{self, Danger};
use super::index::{FIELDS, SearchIndex, WEIGHTS};
use super::names::Detection;
use super::text::{Tok, analyze};
use crate::tree::NodeKind;

/// BM25 saturation.
const K1: f32 = 1.2;
/// Length normalisation per field.
const B: [f32; FIELDS] = [0.3, 0.3, 0.3, 0.75, 0.5, 0.75];
/// Most ideas read from one message (a long paste keeps its first ones).
const MAX_IDEAS: usize = 400;
/// Weight of a typo's alternative, a word being typed, a synonym concept.
const TYPO: f32 = 0.8;
const PREFIX: f32 = 0.7;
const CONCEPT: f32 = 0.85;
/// Share of an idea's weight lost where a node says the opposite.
const OPPOSITE: f32 = 0.35;
/// Weight of a phrase (neighbouring pair) found as written.
const PHRASE: f32 = 0.6;
/// Gain per further idea a node's strong fields explain.
const COVERAGE: f32 = 0.25;
/// Fields that count as strong: title, keywords, labels, help.
const STRONG_FIELDS: u8 = 4;
/// The least rarity a word needs to be scored at all (in messages of more than two ideas).
const MIN_SCORED_IDF: f32 = 0.35;
/// The same in messages of more than eight ideas.
const LONG_MESSAGE_IDF: f32 = 1.0;
/// The least rarity a word needs to count towards coverage.
const MIN_COVERAGE_IDF: f32 = 1.0;
/// The most a word's rarity counts (so one rare side word cannot outweigh the symptom).
const MAX_IDF: f32 = 4.0;

/// One idea of the message.
#[derive(Debug, Clone)]
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
    let mut ideas: Vec<Idea> = Vec::new();
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
            ideas.push(Idea {
                text: t.text.clone(),
                alts,
                neg: t.neg,
                stems,
            });
        }
    }
    for f in index.concepts.find(&toks) {
        if ideas.len() >= MAX_IDEAS {
            break;
        }
        let key = format!("~{}", f.group);
        if let Some(&id) = index.terms.get(&key)
            && seen.insert((key, f.neg))
        {
            ideas.push(Idea {
                text: index.concepts.name(f.group).to_string(),
                alts: vec![(id, CONCEPT)],
                neg: f.neg,
                stems: toks[f.first..=f.last]
                    .iter()
                    .map(|t| t.stem.clone())
                    .collect(),
            });
        }
    }
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

/// How rare a term is.
fn idf(index: &SearchIndex, term: u32) -> f32 {
    let n = index.docs.len() as f32;
    let df = index.df.get(term as usize).copied().unwrap_or(0) as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln().min(MAX_IDF)
}

/// Scores of documents for one plan: per touched document, its score and ideas covered.
pub(crate) struct Scores {
    pub score: Vec<f32>,
    pub touched: Vec<u32>,
}

/// Scores every document for `plan`, restricted to `only` when given.
pub(crate) fn score(index: &SearchIndex, plan: &Plan, only: Option<&HashSet<u32>>) -> Scores {
    let n = index.docs.len();
    let mut total = vec![0f32; n];
    let mut covered = vec![0u16; n];
    let mut best = vec![0f32; n];
    let mut strong = vec![false; n];
    let mut strong_covered = vec![0u16; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut seen = vec![false; n];
    let mut idea_docs: Vec<u32> = Vec::new();
    let keep = |d: u32| only.is_none_or(|o| o.contains(&d));
    // Words nearly every node holds add almost nothing and cost a pass over the library:
    // left out, unless the message has little else.
    let few = plan.ideas.len() <= 2;
    // A long message has enough rarer words: there, words in a third of the nodes are left out too.
    let floor = if plan.ideas.len() > 8 {
        LONG_MESSAGE_IDF
    } else {
        MIN_SCORED_IDF
    };
    for idea in &plan.ideas {
        // A word most nodes hold ("lock") explains little: it adds to scores, not to coverage.
        let informative = idea
            .alts
            .first()
            .is_some_and(|&(t, _)| idf(index, t) >= MIN_COVERAGE_IDF);
        for &(term, w) in &idea.alts {
            let rarity = idf(index, term);
            if rarity < floor && !few {
                continue;
            }
            for_each_doc(index, term, idea.neg, |d, tf, in_strong| {
                if !keep(d) {
                    return;
                }
                let s = w * rarity * tf * (K1 + 1.0) / (K1 + tf);
                let slot = &mut best[d as usize];
                if *slot == 0.0 {
                    idea_docs.push(d);
                }
                if s > *slot {
                    *slot = s;
                }
                strong[d as usize] |= in_strong;
            });
        }
        // The opposite reading in a strong field, where nothing says it the same way.
        if let Some(&(term, w)) = idea.alts.first()
            && idf(index, term) >= floor
        {
            let rarity = idf(index, term);
            for p in index.postings(term, !idea.neg) {
                if usize::from(p.field) < 3 && best[p.doc as usize] == 0.0 && keep(p.doc) {
                    if !seen[p.doc as usize] {
                        seen[p.doc as usize] = true;
                        touched.push(p.doc);
                    }
                    total[p.doc as usize] -= OPPOSITE * w * rarity;
                }
            }
        }
        for &d in &idea_docs {
            let di = d as usize;
            if !seen[di] {
                seen[di] = true;
                touched.push(d);
            }
            total[di] += best[di];
            covered[di] += 1;
            strong_covered[di] += u16::from(strong[di] && informative);
            best[di] = 0.0;
            strong[di] = false;
        }
        idea_docs.clear();
    }
    for &term in &plan.pairs {
        let rarity = idf(index, term);
        for_each_doc(index, term, false, |d, tf, _| {
            if keep(d) && covered[d as usize] > 0 {
                total[d as usize] += PHRASE * rarity * tf * (K1 + 1.0) / (K1 + tf);
            }
        });
    }
    for &d in &touched {
        let di = d as usize;
        // Ideas met in the title, keywords, labels or help: how much of the message it explains.
        let coverage = 1.0 + COVERAGE * f32::from(strong_covered[di].saturating_sub(1)).min(12.0);
        let prior = match index.docs[di].kind {
            NodeKind::Resolved => 0.7,
            // The danger reader decides emergencies; without it they only follow.
            NodeKind::Emergency if plan.danger.is_none() => 0.4,
            _ => 1.0,
        };
        total[di] *= coverage * prior;
    }
    Scores {
        score: total,
        touched,
    }
}

/// Calls `f(doc, tf~, strong)` for every document holding `term` read that way, with its BM25F
/// field-weighted, length-normalised frequency and whether a strong field holds it.
fn for_each_doc(index: &SearchIndex, term: u32, neg: bool, mut f: impl FnMut(u32, f32, bool)) {
    let posts = index.postings(term, neg);
    let mut i = 0;
    while i < posts.len() {
        let d = posts[i].doc;
        let len = &index.docs[d as usize].len;
        let mut tf = 0f32;
        let mut strong = false;
        while i < posts.len() && posts[i].doc == d {
            strong |= posts[i].field < STRONG_FIELDS;
            let fi = usize::from(posts[i].field).min(FIELDS - 1);
            let norm = 1.0 - B[fi] + B[fi] * f32::from(len[fi]) / index.avg_len[fi];
            tf += WEIGHTS[fi] * f32::from(posts[i].tf) / norm.max(0.1);
            i += 1;
        }
        f(d, tf, strong);
    }
}
