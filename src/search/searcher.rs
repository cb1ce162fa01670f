//! The incremental searcher behind the TUI's `/` overlay: it keeps, for each term of the last
//! query, the entries that matched it and the terms before it. When the next keystroke leaves
//! those terms as they were (the usual case: the last word grows, or a word is added), only
//! the changed terms are evaluated, and only among the entries that matched the unchanged
//! ones. Any other edit starts over. Either way the results equal a fresh search's.

use std::collections::HashMap;

use super::engine::{Among, Cand, Scratch, term_scores};
use super::hit::{Highlighter, Hit, make_hit};
use super::index::SearchIndex;
use super::query::{Plan, WordHits, plan, resolve_word};
use super::rank::{merge, rank};

/// How many vocabulary lookups a searcher remembers before it forgets them all.
const WORD_CACHE: usize = 512;

/// Keeps the previous query's work so that typing narrows instead of starting over.
#[derive(Debug)]
pub struct Searcher {
    limit: usize,
    index_id: u64,
    scope: Option<usize>,
    query: Option<String>,
    /// (term key, entries matching this and every earlier term).
    levels: Vec<(String, Vec<Cand>)>,
    words: HashMap<String, WordHits>,
    scratch: Scratch,
    plan: Plan,
    /// The best `limit` entries with their scores, best first.
    ranked: Vec<(u32, i64)>,
    total: usize,
    hits: Vec<Hit>,
    reused: usize,
}

impl Default for Searcher {
    fn default() -> Self {
        Self::new()
    }
}

impl Searcher {
    /// A searcher that keeps the best 50 hits.
    #[must_use]
    pub fn new() -> Self {
        Self::with_limit(50)
    }

    /// A searcher that keeps the best `limit` hits.
    #[must_use]
    pub fn with_limit(limit: usize) -> Self {
        Self {
            limit,
            index_id: 0,
            scope: None,
            query: None,
            levels: Vec::new(),
            words: HashMap::new(),
            scratch: Scratch::default(),
            plan: Plan::default(),
            ranked: Vec::new(),
            total: 0,
            hits: Vec::new(),
            reused: 0,
        }
    }

    /// Searches for `query` among every model's nodes, or only model tree `scope`'s, reusing
    /// the previous call's work where the query allows. Returns the best hits, best first.
    pub fn update(&mut self, index: &SearchIndex, query: &str, scope: Option<usize>) -> &[Hit] {
        if self.index_id != index.id || self.scope != scope {
            self.levels.clear();
            self.words.clear();
            self.index_id = index.id;
            self.scope = scope;
            self.query = None;
        }
        if self.query.as_deref() == Some(query) {
            return &self.hits;
        }
        self.query = Some(query.to_string());
        if self.words.len() > WORD_CACHE {
            self.words.clear();
        }
        let words = &mut self.words;
        let mut resolve = |p: &super::matcher::Prepared| -> WordHits {
            words
                .entry(p.text.clone())
                .or_insert_with(|| resolve_word(index, p))
                .clone()
        };
        self.plan = plan(index, query, &mut resolve);
        let among = match scope {
            None => Some((0, u32::try_from(index.entries.len()).unwrap_or(u32::MAX))),
            Some(tree) => index.slot_of_tree(tree).map(|s| {
                let m = &index.models[s as usize];
                m.entries
            }),
        };
        // Keep the levels whose terms are unchanged.
        let keep = self
            .levels
            .iter()
            .zip(&self.plan.terms)
            .take_while(|((key, _), t)| *key == t.key)
            .count();
        self.levels.truncate(keep);
        self.reused = keep;
        match among {
            Some((lo, hi)) if !self.plan.terms.is_empty() => {
                for t in &self.plan.terms[keep..] {
                    let next = match self.levels.last() {
                        None => term_scores(index, t, Among::Range(lo, hi), &mut self.scratch),
                        Some((_, prev)) => {
                            let scores =
                                term_scores(index, t, Among::Cands(prev), &mut self.scratch);
                            merge(prev, &scores)
                        }
                    };
                    self.levels.push((t.key.clone(), next));
                }
                let cands = self.levels.last().map_or(&[][..], |(_, c)| c);
                (self.ranked, self.total) =
                    rank(index, &self.plan, cands, self.limit, &mut self.scratch);
            }
            _ => {
                self.levels.clear();
                self.ranked.clear();
                self.total = 0;
            }
        }
        let mut hl = Highlighter::new(index, &self.plan);
        self.hits = self
            .ranked
            .iter()
            .map(|&(e, score)| make_hit(&mut hl, e, score))
            .collect();
        &self.hits
    }

    /// The hits of the last update.
    #[must_use]
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// How many nodes matched the last query (the hits are the best of them).
    #[must_use]
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many terms of the last query were taken over from the previous one instead of
    /// being evaluated again (0 when it started over).
    #[must_use]
    pub fn reused_terms(&self) -> usize {
        self.reused
    }

    /// The last query.
    #[must_use]
    pub fn query(&self) -> &str {
        self.query.as_deref().unwrap_or("")
    }
}
