//! The built-in models' headers alone, for drawing the model picker at once while the full
//! library loads on another thread.
//!
//! The picker shows each model's brand, name and facts, all in the `model:` block at the top of
//! its file; the nodes, a hundred times more text, are needed only once a model is opened. So
//! the app's first frame is drawn from [`builtin_preview`], which cuts each `model:` block out
//! of its file and reads it with the parser and the builder every tree file goes through
//! ([`parse`] and [`model_info`]); the full catalog takes its place before the first key is
//! read (keys typed meanwhile wait in the terminal). A test proves the picker drawn from the
//! preview is the picker drawn from the full library.

use std::collections::HashMap;

use super::Catalog;
use crate::tree::build::model_info;
use crate::tree::load::{SourceFile, builtin_texts, parse};
use crate::tree::model::{Origin, Tree, TreeKind};

/// The top-level `model:` block of a tree file (the line and the indented lines after it) and
/// how many lines come before it, or `None` when the file has none.
fn model_block(text: &str) -> Option<(u64, &str)> {
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
    let before = text[..start].matches('\n').count() as u64;
    Some((before, &rest[..end]))
}

/// A catalog of the built-in models with their headers only: no nodes, tests or analysis. Good
/// for drawing the picker and nothing else; `None` when a header cannot be read on its own
/// (the caller then waits for the full library).
#[must_use]
pub fn builtin_preview() -> Option<Catalog> {
    let mut trees = Vec::new();
    for &(path, text) in builtin_texts() {
        let Some((before, block)) = model_block(text) else {
            continue;
        };
        let origin = Origin::BuiltIn(path.to_string());
        let src = SourceFile {
            origin: origin.clone(),
            bytes: block.as_bytes().to_vec(),
        };
        let parsed = parse(&src).ok()?;
        let model = parsed.raw.model.as_ref()?;
        let info = model_info(&model.value)?;
        trees.push(Tree {
            id: info.id.clone(),
            kind: TreeKind::Model(Box::new(info)),
            origin,
            content_hash: String::new(),
            start: 0,
            header: (model.referenced.line() + before, model.referenced.column()),
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
            Some((1, "model:\n  id: a\n  # note\n\n  brand: B\n"))
        );
        assert_eq!(model_block("format: 1\nprocedure:\n  id: p\n"), None);
    }

    #[test]
    fn every_shipped_model_header_reads_on_its_own() {
        for &(path, text) in builtin_texts() {
            let Some((_, block)) = model_block(text) else {
                continue;
            };
            let src = SourceFile {
                origin: Origin::BuiltIn(path.to_string()),
                bytes: block.as_bytes().to_vec(),
            };
            let parsed = parse(&src).unwrap_or_else(|d| {
                panic!("{path}: the model: block does not read on its own, so the app waits for the whole library before its first frame: {d}")
            });
            assert!(parsed.raw.model.is_some(), "{path}");
        }
    }

    #[test]
    fn the_preview_has_every_built_in_model_with_the_same_facts() {
        let preview = builtin_preview().expect("every shipped header reads on its own");
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
        let header = |c: &Catalog| -> Vec<(String, (u64, u64))> {
            let mut v: Vec<_> = c
                .trees
                .iter()
                .filter(|t| t.model().is_some())
                .map(|t| (t.id.clone(), t.header))
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            header(&preview),
            header(&full),
            "headers point at the same line"
        );
    }
}
