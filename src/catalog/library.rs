//! Loading the library: sources, parsing, ids across files, validation, building, analysis
//! and path tests, in that order. Reports every problem at once.
//!
//! Each file is parsed, checked on its own and built in one step, on every core ([`read`]);
//! what depends on other files (which file provides an id, the procedures and models that
//! nodes name, the whole-library analysis and path tests) is settled afterwards.
//!
//! [`read`]: super::read

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use super::read::{FileWork, Item, read_all};
use super::{Catalog, run_path_tests_of};
use crate::tree::analysis::analyse;
use crate::tree::diag::{self, Diagnostic};
use crate::tree::load::{SourceFile, builtin_sources, collect_path};
use crate::tree::model::Origin;
use crate::tree::validate::{FileKind, Names, Suggestions, check_cited, check_refs};

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
/// replace built-in trees with the same id. Everything is checked, path tests included: this is
/// what `lockdiag check` and the tests use.
#[must_use]
pub fn load_library(builtin: bool, paths: &[PathBuf]) -> Loaded {
    load(builtin, paths, false)
}

/// Loads the built-in trees and `paths` for using them (the app, `list`, `walk`): every file
/// takes the same parse, rules and build as in [`load_library`], but the path tests of the
/// embedded trees, which `cargo test` has already run on the same files, run only when a file
/// in `paths` replaces one of them.
#[must_use]
pub fn load_library_for_app(paths: &[PathBuf]) -> Loaded {
    load(true, paths, true)
}

/// With `app`, the built-in path tests are skipped (see [`load_library_for_app`]).
fn load(builtin: bool, paths: &[PathBuf], app: bool) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut items: Vec<Item<'static>> = Vec::new();
    if builtin {
        items.extend(builtin_sources().into_iter().map(|f| (0, Cow::Owned(f))));
    }
    for (i, p) in paths.iter().enumerate() {
        let (files, diags) = collect_path(p);
        diagnostics.extend(diags);
        items.extend(files.into_iter().map(|f| (i + 1, Cow::Owned(f))));
    }
    finish_load(read_all(items, 0), diagnostics, app)
}

/// Loads layers of tree files already in memory (each layer replaces ids of earlier ones),
/// adding to `diagnostics` found while reading them. Everything is checked.
#[must_use]
pub fn load_layers(layers: &[Vec<SourceFile>], diagnostics: Vec<Diagnostic>) -> Loaded {
    load_layers_on(0, layers, diagnostics)
}

/// [`load_layers`] on at most `threads` threads (0: as many as the machine has, up to 8); for
/// benchmarks that compare one core with all.
#[must_use]
pub fn load_layers_on(
    threads: usize,
    layers: &[Vec<SourceFile>],
    diagnostics: Vec<Diagnostic>,
) -> Loaded {
    let items = layers
        .iter()
        .enumerate()
        .flat_map(|(layer, files)| files.iter().map(move |f| (layer, Cow::Borrowed(f))))
        .collect();
    finish_load(read_all(items, threads), diagnostics, false)
}

/// Everything after the per-file step. With `app`, path tests of built-in trees run only when
/// a built-in file was replaced.
fn finish_load(
    read: Vec<Result<FileWork, Diagnostic>>,
    mut diagnostics: Vec<Diagnostic>,
    app: bool,
) -> Loaded {
    let mut files = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diagnostics.push(d),
        }
    }
    let mut notes = Vec::new();
    let (active, replaced_builtin) = resolve_ids(&files, &mut diagnostics, &mut notes);
    let mut names = Names::default();
    for &i in &active {
        match &files[i].declared {
            Some((FileKind::Model, Some(d))) => {
                names.models.insert(d.id.clone());
            }
            Some((FileKind::Procedure, Some(d))) => {
                names.procedures.insert(d.id.clone());
            }
            _ => {}
        }
    }
    for &i in &active {
        diagnostics.append(&mut files[i].diagnostics);
    }
    let mut suggestions = Suggestions::default();
    for &i in &active {
        let f = &files[i];
        let refs = check_refs(f.origin.display_path(), &f.refs, &names, &mut suggestions);
        diagnostics.extend(refs);
    }
    check_sources(&files, &active, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return finish(None, diagnostics, notes);
    }
    let test_builtin = !app || replaced_builtin;
    build(files, &active, diagnostics, notes, test_builtin)
}

/// Every source code a file cites must be in the source registry, when the library has one
/// (the built-in library always does; a folder checked on its own may not).
fn check_sources(files: &[FileWork], active: &[usize], diagnostics: &mut Vec<Diagnostic>) {
    let registries: Vec<&FileWork> = active
        .iter()
        .map(|&i| &files[i])
        .filter(|f| matches!(f.declared, Some((FileKind::Sources, _))))
        .collect();
    let Some(first) = registries.first() else {
        return;
    };
    let codes: BTreeSet<String> = registries
        .iter()
        .flat_map(|f| f.sources.iter().map(|s| s.code.clone()))
        .collect();
    let registry = first.origin.display_path();
    for &i in active {
        let f = &files[i];
        diagnostics.extend(check_cited(
            f.origin.display_path(),
            &f.cited,
            &codes,
            registry,
        ));
    }
}

/// Decides which file provides each id: a later layer replaces an earlier one (with a note);
/// two files of one layer claiming an id is an error. Returns indices of the files in use, and
/// whether a built-in file was replaced.
fn resolve_ids(
    files: &[FileWork],
    diagnostics: &mut Vec<Diagnostic>,
    notes: &mut Vec<String>,
) -> (Vec<usize>, bool) {
    let mut owner: HashMap<(u8, &str), usize> = HashMap::new();
    let mut dropped = BTreeSet::new();
    for (i, f) in files.iter().enumerate() {
        let Some((kind, Some(id))) = &f.declared else {
            continue;
        };
        let class = match kind {
            FileKind::Model => 0,
            FileKind::Procedure => 1,
            FileKind::Guide => 2,
            FileKind::Synonyms | FileKind::Sources => continue,
        };
        let key = (class, id.id.as_str());
        if let Some(&prev) = owner.get(&key) {
            let prev_file = &files[prev];
            if prev_file.layer == f.layer {
                diagnostics.push(
                    Diagnostic::error(
                        f.origin.display_path(),
                        id.line,
                        id.column,
                        "duplicate-model",
                        format!(
                            "id '{}' is also claimed by {}",
                            id.id,
                            prev_file.origin.display_path()
                        ),
                    )
                    .with_hint("each model, procedure and guide id belongs to one file"),
                );
                continue;
            }
            notes.push(format!(
                "{} replaces {} '{}' from {}",
                f.origin.display_path(),
                ["model", "procedure", "guide"][usize::from(class)],
                id.id,
                prev_file.origin.describe()
            ));
            dropped.insert(prev);
        }
        owner.insert(key, i);
    }
    let replaced_builtin = dropped
        .iter()
        .any(|&i| matches!(files[i].origin, Origin::BuiltIn(_)));
    let active = (0..files.len()).filter(|i| !dropped.contains(i)).collect();
    (active, replaced_builtin)
}

fn build(
    mut files: Vec<FileWork>,
    active: &[usize],
    mut diagnostics: Vec<Diagnostic>,
    notes: Vec<String>,
    test_builtin: bool,
) -> Loaded {
    let mut order = Vec::new();
    let mut synonyms = Vec::new();
    let mut sources = Vec::new();
    for &i in active {
        match &files[i].declared {
            Some((FileKind::Synonyms, _)) => synonyms.append(&mut files[i].synonyms),
            Some((FileKind::Sources, _)) => sources.append(&mut files[i].sources),
            Some(_) => order.push(i),
            None => {}
        }
    }
    let mut procedures = HashMap::new();
    let mut models = HashMap::new();
    for (ci, &i) in order.iter().enumerate() {
        match &files[i].declared {
            Some((FileKind::Procedure, Some(d))) => {
                procedures.insert(d.id.clone(), ci);
            }
            Some((FileKind::Model, Some(d))) => {
                models.insert(d.id.clone(), ci);
            }
            _ => {}
        }
    }
    let mut trees = Vec::with_capacity(order.len());
    for &i in &order {
        match files[i].link(&procedures, &models) {
            Some(t) => trees.push(t),
            None => {
                diagnostics.push(Diagnostic::error(
                    files[i].origin.display_path(),
                    1,
                    1,
                    "internal",
                    "the tree passed validation but could not be built; please report this".into(),
                ));
                return finish(None, diagnostics, notes);
            }
        }
    }
    drop(files);
    let analysis = analyse(&trees);
    diagnostics.extend(analysis.diagnostics);
    let mut catalog = Catalog::new(trees, analysis.reach, synonyms);
    catalog.sources = sources;
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let tested =
            |t: &crate::tree::Tree| test_builtin || !matches!(t.origin, Origin::BuiltIn(_));
        diagnostics.extend(run_path_tests_of(&catalog, tested));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_library_is_the_checked_library() {
        let app = load_library_for_app(&[]);
        let full = load_library(true, &[]);
        assert!(app.diagnostics.is_empty() && full.diagnostics.is_empty());
        let (a, f) = (app.catalog.expect("app"), full.catalog.expect("full"));
        assert_eq!(
            serde_json::to_value(&a.trees).expect("json"),
            serde_json::to_value(&f.trees).expect("json")
        );
        assert_eq!(a.reach, f.reach);
        assert_eq!(a.synonyms, f.synonyms);
    }

    #[test]
    fn replacing_a_built_in_tree_runs_the_built_in_path_tests_again() {
        // A safety check whose "no danger" answer is worded differently breaks every model's
        // path tests; the app load must notice, as the full load does.
        let dir = tempfile::tempdir().expect("temp dir");
        let text = "format: 1\nprocedure:\n  id: safety-first\n  title: Safety first\nstart: check\nnodes:\n  - id: check\n    kind: question\n    title: Is anyone in danger?\n    choices:\n      - label: Someone is\n        next: call\n      - label: Nobody is\n        next: return\n  - id: call\n    kind: emergency\n    title: Call emergency services\n    why: Someone may be at risk.\n";
        std::fs::write(dir.path().join("safety-first.yaml"), text).expect("write");
        let paths = [dir.path().to_path_buf()];
        let app = load_library_for_app(&paths);
        let full = load_library(true, &paths);
        assert!(app.catalog.is_none());
        assert!(app.diagnostics.iter().any(|d| d.code == "path-test"));
        assert_eq!(app.diagnostics, full.diagnostics);
    }
}
