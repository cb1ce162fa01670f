//! Answering keystroke after keystroke: the search overlay's query changes one character at a
//! time; a [`Searcher`] keeps the last answer and only searches again when the query, the scope
//! or the index changed, and then scores again only the ideas that changed.

use super::hit::Hit;
use super::index::SearchIndex;
use super::rank::plan;
use super::results::rank;
use super::score::Incremental;
use crate::catalog::Catalog;

/// The default number of hits kept (more than the overlay shows at 200x60).
pub const DEFAULT_LIMIT: usize = 30;

/// Keeps the last query's results.
#[derive(Debug, Clone)]
pub struct Searcher {
    limit: usize,
    last: Option<(u64, String, Option<usize>)>,
    scorer: Incremental,
    hits: Vec<Hit>,
    total: usize,
}

impl Default for Searcher {
    fn default() -> Self {
        Self::new()
    }
}

impl Searcher {
    /// A searcher keeping the best [`DEFAULT_LIMIT`] hits.
    #[must_use]
    pub fn new() -> Self {
        Self::with_limit(DEFAULT_LIMIT)
    }

    /// A searcher keeping the best `limit` hits.
    #[must_use]
    pub fn with_limit(limit: usize) -> Self {
        Self {
            limit,
            last: None,
            scorer: Incremental::default(),
            hits: Vec::new(),
            total: 0,
        }
    }

    /// The hits for `query` (being typed: a last word with no space after it also stands for
    /// the library words it begins) over every model, or model tree `scope` only.
    pub fn update(
        &mut self,
        catalog: &Catalog,
        index: &SearchIndex,
        query: &str,
        scope: Option<usize>,
    ) -> &[Hit] {
        let key = (index.id, query.to_string(), scope);
        if self.last.as_ref() == Some(&key) {
            return &self.hits;
        }
        if query.trim().is_empty() {
            self.hits.clear();
            self.total = 0;
        } else {
            let p = plan(index, query, true);
            let scores = self.scorer.score(index, &p);
            let r = rank(catalog, index, &p, &scores, scope, self.limit);
            self.hits = r.hits;
            self.total = r.total;
        }
        self.last = Some(key);
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

    /// The last query.
    #[must_use]
    pub fn query(&self) -> &str {
        self.last.as_ref().map_or("", |l| l.1.as_str())
    }
}
