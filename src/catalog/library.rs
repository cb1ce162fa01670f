//! Loading the library: sources, parsing, ids across files, validation, building, analysis
//! and path tests, in that order. Reports every problem at once.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use super::{Catalog, run_path_tests};
use crate::tree::analysis::analyse;
use crate::tree::build::build_tree;
use crate::tree::diag::{self, Diagnostic};
use crate::tree::load::{ParsedFile, SourceFile, builtin_sources, collect_path, parse};
use crate::tree::validate::{FileKind, Names, declared, validate_file};

/// The result of loading: the catalog when there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    /// The catalog, if no error was found.
    pub catalog: Option<Catalog>,
    /// Errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Notes for the user, such as a built-in model replaced by a user file.
    pub notes: Vec<String>,
}

impl Loaded {
    /// Whether any error was found.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads the built-in trees (when `builtin` is true) and every file or folder in `paths`, which
/// replace built-in trees with the same id.
#[must_use]
pub fn load_library(builtin: bool, paths: &[PathBuf]) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut layers: Vec<Vec<SourceFile>> = vec![if builtin {
        builtin_sources()
    } else {
        Vec::new()
    }];
    for p in paths {
        let (files, diags) = collect_path(p);
        diagnostics.extend(diags);
        layers.push(files);
    }
    load_layers(&layers, diagnostics)
}

/// Loads layers of tree files already in memory (each layer replaces ids of earlier ones),
/// adding to `diagnostics` found while reading them.
#[must_use]
pub fn load_layers(layers: &[Vec<SourceFile>], mut diagnostics: Vec<Diagnostic>) -> Loaded {
    let mut parsed: Vec<(usize, ParsedFile)> = Vec::new();
    for (layer, files) in layers.iter().enumerate() {
        for f in files {
            match parse(f) {
                Ok(p) => parsed.push((layer, p)),
                Err(d) => diagnostics.push(d),
            }
        }
    }
    let mut notes = Vec::new();
    let active = resolve_ids(&parsed, &mut diagnostics, &mut notes);
    let mut names = Names::default();
    for &i in &active {
        match declared(&parsed[i].1.raw) {
            Some((FileKind::Model, Some(id))) => {
                names.models.insert(id.value.clone());
            }
            Some((FileKind::Procedure, Some(id))) => {
                names.procedures.insert(id.value.clone());
            }
            _ => {}
        }
    }
    for &i in &active {
        let p = &parsed[i].1;
        diagnostics.extend(validate_file(p.origin.display_path(), &p.raw, &names));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return finish(None, diagnostics, notes);
    }
    build(&parsed, &active, diagnostics, notes)
}

/// Decides which file provides each id: a later layer replaces an earlier one (with a note);
/// two files of one layer claiming an id is an error. Returns indices of the files in use.
fn resolve_ids(
    parsed: &[(usize, ParsedFile)],
    diagnostics: &mut Vec<Diagnostic>,
    notes: &mut Vec<String>,
) -> Vec<usize> {
    let mut owner: HashMap<(u8, String), usize> = HashMap::new();
    let mut dropped = BTreeSet::new();
    for (i, (layer, p)) in parsed.iter().enumerate() {
        let Some((kind, Some(id))) = declared(&p.raw) else {
            continue;
        };
        let class = match kind {
            FileKind::Model => 0,
            FileKind::Procedure => 1,
            FileKind::Guide => 2,
            FileKind::Synonyms => continue,
        };
        let key = (class, id.value.clone());
        if let Some(&prev) = owner.get(&key) {
            let (prev_layer, prev_file) = &parsed[prev];
            if prev_layer == layer {
                diagnostics.push(
                    Diagnostic::error(
                        p.origin.display_path(),
                        id.referenced.line(),
                        id.referenced.column(),
                        "duplicate-model",
                        format!(
                            "id '{}' is also claimed by {}",
                            id.value,
                            prev_file.origin.display_path()
                        ),
                    )
                    .with_hint("each model, procedure and guide id belongs to one file"),
                );
                continue;
            }
            notes.push(format!(
                "{} replaces {} '{}' from {}",
                p.origin.display_path(),
                ["model", "procedure", "guide"][usize::from(class)],
                id.value,
                prev_file.origin.describe()
            ));
            dropped.insert(prev);
        }
        owner.insert(key, i);
    }
    (0..parsed.len()).filter(|i| !dropped.contains(i)).collect()
}

fn build(
    parsed: &[(usize, ParsedFile)],
    active: &[usize],
    mut diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
) -> Loaded {
    let mut order = Vec::new();
    let mut synonyms = Vec::new();
    for &i in active {
        let raw = &parsed[i].1.raw;
        match declared(raw) {
            Some((FileKind::Synonyms, _)) => {
                for group in raw.synonyms.iter().flatten() {
                    synonyms.push(group.iter().map(|t| t.value.clone()).collect());
                }
            }
            Some(_) => order.push(i),
            None => {}
        }
    }
    let mut procedures = HashMap::new();
    let mut models = HashMap::new();
    for (ci, &i) in order.iter().enumerate() {
        match declared(&parsed[i].1.raw) {
            Some((FileKind::Procedure, Some(id))) => {
                procedures.insert(id.value.clone(), ci);
            }
            Some((FileKind::Model, Some(id))) => {
                models.insert(id.value.clone(), ci);
            }
            _ => {}
        }
    }
    let mut trees = Vec::with_capacity(order.len());
    for &i in &order {
        let p = &parsed[i].1;
        match build_tree(p, &procedures, &models) {
            Some(t) => trees.push(t),
            None => {
                diagnostics.push(Diagnostic::error(
                    p.origin.display_path(),
                    1,
                    1,
                    "internal",
                    "the tree passed validation but could not be built; please report this".into(),
                ));
                return finish(None, diagnostics, notes);
            }
        }
    }
    let analysis = analyse(&trees);
    diagnostics.extend(analysis.diagnostics);
    let catalog = Catalog::new(trees, analysis.reach, synonyms);
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(run_path_tests(&catalog));
    }
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    finish(ok.then_some(catalog), diagnostics, notes)
}

fn finish(
    catalog: Option<Catalog>,
    mut diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
) -> Loaded {
    diag::sort(&mut diagnostics);
    Loaded {
        catalog,
        diagnostics,
        notes,
    }
}
