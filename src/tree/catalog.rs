//! The catalog: every loaded tree (models, shared procedures, guides), the synonyms, and the
//! analysis results, with lookups by id, and [`Pos`], a node in it. Built by
//! [`crate::catalog::load_library`]; it sits here, below both the loader and
//! [`crate::session`], so that a walk can use it and the loader can run walks (path tests)
//! without the two modules using each other.

use std::collections::HashMap;

use serde::Serialize;

use super::analysis::Reach;
use super::diag::edit_distance;
use super::{Node, Tree, TreeKind};

/// A node in the catalog: tree index and node index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Pos {
    /// Tree index in the catalog.
    pub tree: usize,
    /// Node index in that tree.
    pub node: usize,
}

/// Every loaded tree, validated.
#[derive(Debug)]
pub struct Catalog {
    /// All trees: models, procedures and guides.
    pub trees: Vec<Tree>,
    /// What each node can still lead to, by tree then node.
    pub reach: Vec<Vec<Reach>>,
    /// Groups of words search treats as the same.
    pub synonyms: Vec<Vec<String>>,
    /// The source registry (`trees/sources.yaml`): what each cited code is.
    pub sources: Vec<super::Source>,
    models: HashMap<String, usize>,
    guides: HashMap<String, usize>,
}

impl Catalog {
    /// Assembles a catalog from built trees and their analysis.
    #[must_use]
    pub fn new(trees: Vec<Tree>, reach: Vec<Vec<Reach>>, synonyms: Vec<Vec<String>>) -> Self {
        let mut models = HashMap::new();
        let mut guides = HashMap::new();
        for (i, t) in trees.iter().enumerate() {
            match t.kind {
                TreeKind::Model(_) => {
                    models.insert(t.id.clone(), i);
                }
                TreeKind::Guide { .. } => {
                    guides.insert(t.id.clone(), i);
                }
                TreeKind::Procedure { .. } => {}
            }
        }
        Self {
            trees,
            reach,
            synonyms,
            sources: Vec::new(),
            models,
            guides,
        }
    }

    /// A source by the code trees cite, when the registry lists it.
    #[must_use]
    pub fn source(&self, code: &str) -> Option<&super::Source> {
        self.sources.iter().find(|s| s.code == code)
    }

    /// A node by position.
    #[must_use]
    pub fn node(&self, pos: Pos) -> &Node {
        &self.trees[pos.tree].nodes[pos.node]
    }

    /// What a node can still lead to.
    #[must_use]
    pub fn reach(&self, pos: Pos) -> Reach {
        self.reach
            .get(pos.tree)
            .and_then(|t| t.get(pos.node))
            .copied()
            .unwrap_or_default()
    }

    /// The tree index of a model id.
    #[must_use]
    pub fn model_index(&self, id: &str) -> Option<usize> {
        self.models.get(id).copied()
    }

    /// The tree index of a guide id.
    #[must_use]
    pub fn guide_index(&self, id: &str) -> Option<usize> {
        self.guides.get(id).copied()
    }

    /// Model tree indices sorted by brand then name (the picker's order).
    #[must_use]
    pub fn models_sorted(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.models.values().copied().collect();
        v.sort_by_key(|&i| {
            let m = self.trees[i].model();
            (
                m.map(|m| m.brand.to_lowercase()),
                m.map(|m| m.name.to_lowercase()),
                self.trees[i].id.clone(),
            )
        });
        v
    }

    /// The model ids closest to `id`, for "did you mean" lists.
    #[must_use]
    pub fn nearest_models(&self, id: &str, n: usize) -> Vec<String> {
        let mut ids: Vec<(usize, &String)> = self
            .models
            .keys()
            .map(|k| {
                let d = if k.contains(id) || id.contains(k.as_str()) {
                    0
                } else {
                    edit_distance(id, k)
                };
                (d, k)
            })
            .collect();
        ids.sort();
        ids.into_iter().take(n).map(|(_, k)| k.clone()).collect()
    }
}
