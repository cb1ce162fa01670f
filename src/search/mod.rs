//! Search over every node of every model, for callers who describe a symptom in their own
//! words ("the keypad lights up but the bolt doesnt move", "my kwikset wont lock").
//!
//! - [`SearchIndex::new`] indexes the catalog once: every node a walk of each model can show
//!   (shared procedure nodes once per model that calls them, with the call stack to reach
//!   them), its title, keywords, the labels of the choices leading to it, its help, the path
//!   from the start, and the rest of its text, with decreasing weights.
//! - A query is read word by word, in any order, like fzf's extended mode: every word (or
//!   phrase from `trees/synonyms.yaml`) must match somewhere. Words are normalised (case,
//!   accents, apostrophes, punctuation), matched exactly, by stem, by prefix, with a typo or
//!   two, or as a fuzzy subsequence (fuzzy-matcher, behind [`matcher`]), and stand for their
//!   synonyms. Filler words ("my", "the", "tho") are dropped; negations ("wont") are optional.
//!   Brand and model words ("kwikset", "encode", "916") match that model's nodes.
//! - [`SearchIndex::search`] answers one query; a [`Searcher`] answers keystroke after
//!   keystroke, searching only among the previous matches when the query grows.
//! - Ranking is stable: equal scores are ordered by model id, node id, then call stack.

mod brands;
mod engine;
mod explain;
mod hit;
mod index;
pub mod matcher;
pub mod normalize;
mod paths;
mod query;
mod rank;
mod searcher;
mod words;

pub use hit::{Hit, Snippet};
pub use index::SearchIndex;
pub use paths::{Located, locate};
pub use searcher::Searcher;

use normalize::query_words;

impl SearchIndex {
    /// The best `limit` hits for the complete query `query`, among every model's nodes or only
    /// model tree `scope`'s. An empty query, or one that matches nothing, gives no hits.
    /// (A [`Searcher`] instead reads a last word without a space after it as still being
    /// typed, so "stu" also stands for the synonyms of "stuck".)
    #[must_use]
    pub fn search(&self, query: &str, scope: Option<usize>, limit: usize) -> Vec<Hit> {
        let mut s = Searcher::with_limit(limit);
        let complete = format!("{} ", query.trim_end());
        s.update(self, &complete, scope);
        s.hits().to_vec()
    }

    /// Why `hit` ranks where it does for `query`: one line per word or phrase of the query,
    /// with its score and the parts of the node it matched (for tree writers tuning keywords).
    #[must_use]
    pub fn explain(&self, query: &str, hit: &Hit) -> Vec<String> {
        let Some(e) = self
            .entries
            .iter()
            .position(|e| e.stack == hit.stack)
            .and_then(|e| u32::try_from(e).ok())
        else {
            return Vec::new();
        };
        let mut resolve = |p: &matcher::Prepared| query::resolve_word(self, p);
        let plan = query::plan(self, &format!("{} ", query.trim_end()), &mut resolve);
        explain::explain(self, &plan, e, &mut engine::Scratch::default())
    }

    /// For a query with no hits: a shorter query made of its own words that has some: the
    /// one with the best top hit among those leaving out one word, else two, else the best
    /// single word. `None` when the query has hits or nothing shorter helps.
    #[must_use]
    pub fn suggest(&self, query: &str, scope: Option<usize>) -> Option<String> {
        if !self.search(query, scope, 1).is_empty() {
            return None;
        }
        let words: Vec<String> = query_words(query)
            .into_iter()
            .filter(|w| !query::is_filler(w))
            .collect();
        let n = words.len();
        let best = |candidates: Vec<Vec<usize>>| -> Option<String> {
            let mut best: Option<(i64, String)> = None;
            for keep in candidates {
                let q: Vec<&str> = keep.iter().map(|&i| words[i].as_str()).collect();
                let q = q.join(" ");
                if let Some(top) = self.search(&q, scope, 1).first()
                    && best.as_ref().is_none_or(|(s, _)| top.score > *s)
                {
                    best = Some((top.score, q));
                }
            }
            best.map(|(_, q)| q)
        };
        let without = |skip: &[usize]| (0..n).filter(|i| !skip.contains(i)).collect::<Vec<_>>();
        if n >= 2
            && let Some(s) = best((0..n).map(|i| without(&[i])).collect())
        {
            return Some(s);
        }
        if (4..=10).contains(&n) {
            let pairs = (0..n).flat_map(|i| (i + 1..n).map(move |j| [i, j]));
            if let Some(s) = best(pairs.map(|p| without(&p)).collect()) {
                return Some(s);
            }
        }
        if n >= 3 {
            return best((0..n).map(|i| vec![i]).collect());
        }
        None
    }
}

#[cfg(test)]
mod tests;
