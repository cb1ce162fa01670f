//! Scoring every document by how well it explains a plan, from scratch or keystroke to
//! keystroke.
//!
//! Ranking is BM25F: per idea, the best alternative's saturated, length-normalised field-weighted
//! frequency times its rarity; ideas add up, and a node that covers more of the message's ideas
//! gains more. An idea is matched with the same reading only: a negated "move" meets "does not
//! move", not "moves". Where a node's strong fields say the opposite of an idea and nothing the
//! same way, it loses a little ("the keypad still works" does not pull "keypad does not work"
//! up). Words no tree knows find no postings and cost nothing.
//!
//! Ideas are added one after another, each on its own, so the sums after the first ideas of a
//! message do not depend on what follows. An [`Incremental`] scorer keeps the sums of the ideas
//! that stayed the same from one keystroke to the next and adds only the ones that changed (as a
//! word is typed, the last); its scores are the same, to the bit, as scoring from scratch.

use std::collections::HashSet;

use super::index::{FIELDS, SearchIndex, WEIGHTS};
use super::rank::{Idea, Plan};
use crate::tree::NodeKind;

/// BM25 saturation.
const K1: f32 = 1.2;
/// Length normalisation per field.
const B: [f32; FIELDS] = [0.3, 0.3, 0.3, 0.75, 0.5, 0.75];
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

/// How rare a term is.
fn idf(index: &SearchIndex, term: u32) -> f32 {
    let n = index.docs.len() as f32;
    let df = index.df.get(term as usize).copied().unwrap_or(0) as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln().min(MAX_IDF)
}

/// Scores of documents for one plan: per document its score, and the documents touched.
pub(crate) struct Scores {
    pub score: Vec<f32>,
    pub touched: Vec<u32>,
}

/// How a plan's ideas are scored: which words are too common to score.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rules {
    /// Words rarer than this are scored...
    floor: f32,
    /// ...unless the message has little else.
    few: bool,
}

impl Rules {
    fn of(plan: &Plan) -> Self {
        // Words nearly every node holds add almost nothing and cost a pass over the library:
        // left out, unless the message has little else. A long message has enough rarer words:
        // there, words in a third of the nodes are left out too.
        Self {
            floor: if plan.ideas.len() > 8 {
                LONG_MESSAGE_IDF
            } else {
                MIN_SCORED_IDF
            },
            few: plan.ideas.len() <= 2,
        }
    }
}

/// Per-document sums of the ideas added so far.
#[derive(Debug, Clone, Default)]
struct Sums {
    total: Vec<f32>,
    covered: Vec<u16>,
    strong_covered: Vec<u16>,
    seen: Vec<bool>,
    touched: Vec<u32>,
}

impl Sums {
    fn new(n: usize) -> Self {
        Self {
            total: vec![0.0; n],
            covered: vec![0; n],
            strong_covered: vec![0; n],
            seen: vec![false; n],
            touched: Vec::new(),
        }
    }

    fn touch(&mut self, d: u32) {
        let seen = &mut self.seen[d as usize];
        if !*seen {
            *seen = true;
            self.touched.push(d);
        }
    }
}

/// Per-idea working space, left clean after each idea.
#[derive(Debug, Clone, Default)]
struct Scratch {
    best: Vec<f32>,
    strong: Vec<bool>,
    docs: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Self {
            best: vec![0.0; n],
            strong: vec![false; n],
            docs: Vec::new(),
        }
    }
}

/// Scores every document for `plan`, restricted to `only` when given.
pub(crate) fn score(index: &SearchIndex, plan: &Plan, only: Option<&HashSet<u32>>) -> Scores {
    let n = index.docs.len();
    let rules = Rules::of(plan);
    let mut sums = Sums::new(n);
    let mut scratch = Scratch::new(n);
    for idea in &plan.ideas {
        add_idea(index, idea, rules, only, &mut sums, &mut scratch);
    }
    finish(index, plan, sums, only)
}

/// Keeps the sums of the ideas two keystrokes in a row began with, to add only what changed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Incremental {
    /// The index and rules the sums were made with.
    made_with: Option<(u64, Rules)>,
    /// The ideas in `base`, in order.
    base_ideas: Vec<Idea>,
    base: Sums,
    /// The last plan's ideas.
    last_ideas: Vec<Idea>,
    scratch: Scratch,
}

impl Incremental {
    /// Scores every document for `plan`, as [`score`] does with no restriction.
    pub(crate) fn score(&mut self, index: &SearchIndex, plan: &Plan) -> Scores {
        let rules = Rules::of(plan);
        let n = index.docs.len();
        let same = |a: &[Idea], b: &[Idea]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        // The ideas this plan shares with the last one have settled.
        let settled = same(&plan.ideas, &self.last_ideas);
        let kept = same(&plan.ideas[..settled], &self.base_ideas);
        if self.made_with != Some((index.id, rules)) || kept < self.base_ideas.len() {
            self.made_with = Some((index.id, rules));
            self.base = Sums::new(n);
            self.base_ideas.clear();
            self.scratch = Scratch::new(n);
        }
        for idea in &plan.ideas[self.base_ideas.len()..settled] {
            add_idea(index, idea, rules, None, &mut self.base, &mut self.scratch);
            self.base_ideas.push(idea.clone());
        }
        let mut work = self.base.clone();
        for idea in &plan.ideas[self.base_ideas.len()..] {
            add_idea(index, idea, rules, None, &mut work, &mut self.scratch);
        }
        self.last_ideas.clone_from(&plan.ideas);
        finish(index, plan, work, None)
    }
}

/// Adds one idea's scores to `sums`.
fn add_idea(
    index: &SearchIndex,
    idea: &Idea,
    rules: Rules,
    only: Option<&HashSet<u32>>,
    sums: &mut Sums,
    scratch: &mut Scratch,
) {
    let keep = |d: u32| only.is_none_or(|o| o.contains(&d));
    // A word most nodes hold ("lock") explains little: it adds to scores, not to coverage.
    let informative = idea
        .alts
        .first()
        .is_some_and(|&(t, _)| idf(index, t) >= MIN_COVERAGE_IDF);
    let Scratch { best, strong, docs } = scratch;
    for &(term, w) in &idea.alts {
        let rarity = idf(index, term);
        if rarity < rules.floor && !rules.few {
            continue;
        }
        for_each_doc(index, term, idea.neg, |d, tf, in_strong| {
            if !keep(d) {
                return;
            }
            let s = w * rarity * tf * (K1 + 1.0) / (K1 + tf);
            let slot = &mut best[d as usize];
            if *slot == 0.0 {
                docs.push(d);
            }
            if s > *slot {
                *slot = s;
            }
            strong[d as usize] |= in_strong;
        });
    }
    // The opposite reading in a strong field, where nothing says it the same way.
    if let Some(&(term, w)) = idea.alts.first()
        && idf(index, term) >= rules.floor
    {
        let rarity = idf(index, term);
        for p in index.postings(term, !idea.neg) {
            if usize::from(p.field) < 3 && best[p.doc as usize] == 0.0 && keep(p.doc) {
                sums.touch(p.doc);
                sums.total[p.doc as usize] -= OPPOSITE * w * rarity;
            }
        }
    }
    for &d in docs.iter() {
        let di = d as usize;
        sums.touch(d);
        sums.total[di] += best[di];
        sums.covered[di] += 1;
        sums.strong_covered[di] += u16::from(strong[di] && informative);
        best[di] = 0.0;
        strong[di] = false;
    }
    docs.clear();
}

/// Adds the phrases, then weighs each touched document by how much of the message it covers
/// and by its kind.
fn finish(index: &SearchIndex, plan: &Plan, mut sums: Sums, only: Option<&HashSet<u32>>) -> Scores {
    let keep = |d: u32| only.is_none_or(|o| o.contains(&d));
    for &term in &plan.pairs {
        let rarity = idf(index, term);
        for_each_doc(index, term, false, |d, tf, _| {
            if keep(d) && sums.covered[d as usize] > 0 {
                sums.total[d as usize] += PHRASE * rarity * tf * (K1 + 1.0) / (K1 + tf);
            }
        });
    }
    for &d in &sums.touched {
        let di = d as usize;
        // Ideas met in the title, keywords, labels or help: how much of the message it explains.
        let coverage =
            1.0 + COVERAGE * f32::from(sums.strong_covered[di].saturating_sub(1)).min(12.0);
        let prior = match index.docs[di].kind {
            NodeKind::Resolved => 0.7,
            // The danger reader decides emergencies; without it they only follow.
            NodeKind::Emergency if plan.danger.is_none() => 0.4,
            _ => 1.0,
        };
        sums.total[di] *= coverage * prior;
    }
    Scores {
        score: sums.total,
        touched: sums.touched,
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

#[cfg(test)]
mod tests;
