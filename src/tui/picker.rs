//! The model picker's state: the filter, the rows it leaves, and the highlight.

use crate::catalog::Catalog;
use crate::search::matcher::NameMatcher as Matcher;

/// What a picker row opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A model tree, by catalog index.
    Model(usize),
    /// "I don't know my model": the identification guide (or the generic tree).
    Identify,
}

/// One selectable row with the letters the filter matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What it opens.
    pub entry: Entry,
    /// Brand (group heading); empty for the identify entry.
    pub brand: String,
    /// The text shown.
    pub label: String,
    /// Character indices of `label` to highlight.
    pub matched: Vec<usize>,
    /// Other names that matched, shown dimmed.
    pub also: Option<String>,
}

/// The label of the identification entry.
pub const IDENTIFY_LABEL: &str = "I don't know my model";

/// Picker state: filter text, filtered rows, highlighted row.
#[derive(Debug, Clone, Default)]
pub struct PickerState {
    /// What the user typed.
    pub query: String,
    /// Rows left by the filter, grouped by brand in catalog order.
    pub rows: Vec<Row>,
    /// Highlighted row.
    pub selected: usize,
}

impl PickerState {
    /// A picker showing every model.
    #[must_use]
    pub fn new(catalog: &Catalog) -> Self {
        let mut s = Self::default();
        s.refilter(catalog);
        s
    }

    /// Recomputes rows for the current query; the highlight goes to the best match.
    pub fn refilter(&mut self, catalog: &Catalog) {
        let matcher = Matcher::new();
        let q = self.query.trim();
        let mut rows = Vec::new();
        let mut best: Option<(i64, usize)> = None;
        let identify = if q.is_empty() {
            Some((0, Vec::new()))
        } else {
            matcher.forgiving(IDENTIFY_LABEL, q)
        };
        if let Some((score, matched)) = identify {
            if !q.is_empty() {
                best = Some((score, 0));
            }
            rows.push(Row {
                entry: Entry::Identify,
                brand: String::new(),
                label: IDENTIFY_LABEL.to_string(),
                matched,
                also: None,
            });
        }
        for i in catalog.models_sorted() {
            let Some(m) = catalog.trees[i].model() else {
                continue;
            };
            let label = m.full_name();
            let (score, matched, also) = if q.is_empty() {
                (0, Vec::new(), None)
            } else if let Some((s, idx)) = matcher.forgiving(&label, q) {
                (s, idx, None)
            } else if let Some((s, alias)) = m
                .aliases
                .iter()
                .chain(std::iter::once(&m.id))
                .filter_map(|a| matcher.forgiving(a, q).map(|(s, _)| (s, a)))
                .max_by_key(|(s, _)| *s)
            {
                (s - 1, Vec::new(), Some(alias.clone()))
            } else {
                continue;
            };
            if !q.is_empty() && best.is_none_or(|(b, _)| score > b) {
                best = Some((score, rows.len()));
            }
            rows.push(Row {
                entry: Entry::Model(i),
                brand: m.brand.clone(),
                label,
                matched,
                also,
            });
        }
        self.rows = rows;
        self.selected = best.map_or(0, |(_, i)| i);
    }

    /// The highlighted row.
    #[must_use]
    pub fn current(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    /// Moves the highlight by `delta`, wrapping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.rows.len();
        if n == 0 {
            return;
        }
        let i = self.selected.cast_signed() + delta;
        self.selected = i.rem_euclid(n.cast_signed()).cast_unsigned();
    }
}
