//! Search in the caller's own words: an agent pastes what the caller said ("my mom fell, she's
//! on the kitchen floor and the code isnt working") and gets every node of every model ranked by
//! how well it explains the message. No word is required.
//!
//! - [`text`] reads text (tree text and messages alike): normalised words, Snowball stems
//!   (through [`matcher`], the one module that knows the matching crates), stop and filler
//!   words, clauses, and negation ("doesn't move", "nothing lights up").
//! - [`concepts`] reads `trees/synonyms.yaml` as concepts, phrases matched as phrases.
//! - [`danger`] goes over the whole message first: a person or pet at risk behind the door,
//!   someone hurt, fire or gas, a break-in. When it fires, the matching emergency outcome is
//!   result 1, with the words that set it off.
//! - [`names`] finds the lock the message names (brand, product, model number, alias); names of
//!   different brands make result 1 a "which lock is it?" entry.
//! - [`index`] holds each node once (shared procedure nodes too) with weighted fields, and an
//!   entry per model that shows it; [`rank`] reads a message into ideas, [`score`] scores
//!   nodes by them with BM25F (keystroke to keystroke, only what changed); [`results`] orders
//!   them.
//! - [`SearchIndex::search`] answers one query; a [`Searcher`] answers keystroke after keystroke.

mod concepts;
pub mod danger;
mod hit;
mod index;
pub mod matcher;
mod names;
pub mod normalize;
mod paths;
mod rank;
mod results;
mod score;
mod searcher;
mod text;
mod typo;

pub use danger::{Danger, DangerKind};
pub use hit::{Hit, Reason, Snippet};
pub use index::SearchIndex;
pub use paths::{Located, locate};
pub use searcher::{DEFAULT_LIMIT, Searcher};

use crate::catalog::Catalog;

/// The longest message read, in characters; the rest of a longer paste is ignored.
pub const MAX_QUERY_CHARS: usize = 20_000;

/// The first [`MAX_QUERY_CHARS`] characters of `query`.
fn bounded(query: &str) -> &str {
    match query.char_indices().nth(MAX_QUERY_CHARS) {
        Some((i, _)) => &query[..i],
        None => query,
    }
}

/// The results of one complete query.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// How many nodes matched.
    pub total: usize,
}

impl SearchIndex {
    /// The best `limit` hits for the complete message `query`, among every model's nodes or
    /// only model tree `scope`'s.
    #[must_use]
    pub fn search(
        &self,
        catalog: &Catalog,
        query: &str,
        scope: Option<usize>,
        limit: usize,
    ) -> Results {
        let p = rank::plan(self, bounded(query), false);
        let scores = score::score(self, &p, None);
        let r = results::rank(catalog, self, &p, &scores, scope, limit);
        Results {
            hits: r.hits,
            total: r.total,
        }
    }

    /// What the danger reader finds in `query`, if anything.
    #[must_use]
    pub fn danger(&self, query: &str) -> Option<Danger> {
        rank::plan(self, bounded(query), false).danger
    }

    /// How `query` was read, for tree writers tuning keywords: the lock it names, the danger
    /// found, then each idea with its terms and how many nodes hold them.
    #[must_use]
    pub fn explain(&self, query: &str) -> Vec<String> {
        let p = rank::plan(self, bounded(query), false);
        let mut out = Vec::new();
        if let Some(d) = &p.danger {
            out.push(format!("danger ({:?}): {}", d.kind, d.words.join(", ")));
        }
        let name = |m: &u32| self.models.get(*m as usize).map_or("?", |m| m.id.as_str());
        if !p.detection.toks.is_empty() {
            let words: Vec<&str> = p
                .detection
                .toks
                .iter()
                .filter_map(|&i| p.toks.get(i).map(|t| t.text.as_str()))
                .collect();
            out.push(format!("lock words: {}", words.join(", ")));
        }
        if !p.detection.models.is_empty() {
            let ids: Vec<&str> = p.detection.models.iter().map(name).collect();
            out.push(format!("lock: {}", ids.join(", ")));
        }
        if !p.detection.conflict.is_empty() {
            let ids: Vec<&str> = p.detection.conflict.iter().map(name).collect();
            out.push(format!("which lock? {}", ids.join(" or ")));
        }
        for idea in &p.ideas {
            let df: u32 = idea
                .alts
                .iter()
                .map(|(t, _)| self.df.get(*t as usize).copied().unwrap_or(0))
                .sum();
            out.push(format!(
                "{}{}: {} (in {df} nodes)",
                if idea.neg { "not " } else { "" },
                idea.text,
                idea.stems.join(" / ")
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests;
