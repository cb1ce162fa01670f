//! The built-in models' headers alone, for drawing the model picker at once while the full
//! library loads on another thread.
//!
//! The picker shows each model's brand, name and facts, all in the `model:` block at the top of
//! its file; the nodes, a hundred times more text, are needed only once a model is opened. So
//! the app's first frame is drawn from [`builtin_preview`], and the full catalog takes its place
//! before the first key is read (keys typed meanwhile wait in the terminal). A test proves the
//! picker drawn from the preview is the picker drawn from the full library.

use std::collections::HashMap;

use super::Catalog;
use super::embedded::{Fields, header};
use super::yaml_lite;
use crate::tree::load::builtin_texts;
use crate::tree::model::{Origin, Tree, TreeKind};

/// The top-level `model:` block of a tree file (the line and the indented lines after it), or
/// `None` when the file has none.
fn model_block(text: &str) -> Option<&str> {
    let start = if text.starts_with("model:") {
        0
    } else {
        text.find("\nmodel:")? + 1
    };
    let rest = &text[start..];
    let mut end = rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if offset > 0 && !line.starts_with([' ', '#', '\n']) {
            end = offset;
            break;
        }
        offset += line.len();
    }
    Some(&rest[..end])
}

/// A catalog of the built-in models with their headers only: no nodes, tests or analysis. Good
/// for drawing the picker and nothing else; `None` when a header is not plain enough for the
/// fast reader (the caller then waits for the full library).
#[must_use]
pub fn builtin_preview() -> Option<Catalog> {
    let mut trees = Vec::new();
    for &(path, text) in builtin_texts() {
        let Some(block) = model_block(text) else {
            continue;
        };
        let mut top = Fields::of(yaml_lite::parse(block)?)?;
        let (_, kind, id, at) = header(&mut top)?;
        if !matches!(kind, TreeKind::Model(_)) {
            return None;
        }
        trees.push(Tree {
            id: id.id,
            kind,
            origin: Origin::BuiltIn(path.to_string()),
            content_hash: String::new(),
            start: 0,
            header: at,
            nodes: Vec::new(),
            tests: Vec::new(),
            index: HashMap::new(),
        });
    }
    Some(Catalog::new(trees, Vec::new(), Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load_library;

    #[test]
    fn the_block_ends_at_the_next_top_level_key() {
        let text = "format: 1\nmodel:\n  id: a\n  # note\n\n  brand: B\nstart: x\nnodes: []\n";
        assert_eq!(
            model_block(text),
            Some("model:\n  id: a\n  # note\n\n  brand: B\n")
        );
        assert_eq!(model_block("format: 1\nprocedure:\n  id: p\n"), None);
    }

    #[test]
    fn the_preview_has_every_built_in_model_with_the_same_facts() {
        let preview = builtin_preview().expect("every shipped header is plain YAML");
        let full = load_library(true, &[]).catalog.expect("the library loads");
        let facts = |c: &Catalog| -> Vec<String> {
            c.models_sorted()
                .into_iter()
                .map(|i| format!("{:?}", c.trees[i].model()))
                .collect()
        };
        let shown = facts(&preview);
        assert!(shown.len() >= 18, "{} models", shown.len());
        assert_eq!(shown, facts(&full));
        assert!(preview.trees.iter().all(|t| t.nodes.is_empty()));
    }
}
