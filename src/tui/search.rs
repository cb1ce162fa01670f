//! The `/` search overlay's state: the query, the incremental searcher, the highlighted hit
//! and whether the search is narrowed to the model being walked.

use crate::search::{Hit, SearchIndex, Searcher};

/// Search overlay state.
#[derive(Debug)]
pub struct SearchState {
    /// What the user typed.
    pub query: String,
    /// Keeps the last query's work so each keystroke narrows.
    pub searcher: Searcher,
    /// Highlighted hit.
    pub selected: usize,
    /// The model being walked when the search opened (Tab narrows to it), if any.
    pub here: Option<usize>,
    /// Whether the search is narrowed to `here` (at first, whenever there is a `here`).
    pub narrowed: bool,
}

impl SearchState {
    /// A new, empty search; `here` is the model being walked, if any: the search starts
    /// narrowed to it (Tab widens to every model).
    #[must_use]
    pub fn new(here: Option<usize>) -> Self {
        Self {
            query: String::new(),
            searcher: Searcher::new(),
            selected: 0,
            here,
            narrowed: here.is_some(),
        }
    }

    /// The model tree the search is limited to, if narrowed.
    #[must_use]
    pub fn scope(&self) -> Option<usize> {
        if self.narrowed { self.here } else { None }
    }

    /// Searches again for the current query (the selection goes back to the best hit).
    pub fn refresh(&mut self, catalog: &crate::catalog::Catalog, index: &SearchIndex) {
        let scope = self.scope();
        self.searcher.update(catalog, index, &self.query, scope);
        self.selected = 0;
    }

    /// The hits for the current query.
    #[must_use]
    pub fn hits(&self) -> &[Hit] {
        if self.query.trim().is_empty() {
            &[]
        } else {
            self.searcher.hits()
        }
    }

    /// The highlighted hit.
    #[must_use]
    pub fn current(&self) -> Option<&Hit> {
        self.hits().get(self.selected)
    }
}
