//! The shipped library: every tree in `trees/` is embedded, loads, validates with no error or
//! warning, passes its path tests, and each model covers every symptom family.

use std::collections::BTreeSet;
use std::path::Path;

use lockdiag::catalog::load_library;
use lockdiag::tree::TreeKind;
use lockdiag::tree::validate::FAMILIES;

#[test]
fn shipped_library_is_clean() {
    let loaded = load_library(true, &[]);
    let text: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        text.is_empty(),
        "shipped trees have problems:\n{}",
        text.join("\n")
    );
    let catalog = loaded.catalog.expect("catalog");
    assert!(
        catalog.trees.iter().any(|t| t.model().is_some()),
        "no models shipped"
    );
}

#[test]
fn every_file_in_trees_is_embedded() {
    fn count(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .expect("read trees")
            .map(|e| e.expect("entry").path())
            .map(|p| {
                if p.is_dir() {
                    count(&p)
                } else {
                    usize::from(p.extension().is_some_and(|e| e == "yaml"))
                }
            })
            .sum()
    }
    let on_disk = count(&Path::new(env!("CARGO_MANIFEST_DIR")).join("trees"));
    assert_eq!(lockdiag::tree::load::builtin_sources().len(), on_disk);
}

#[test]
fn every_model_has_a_path_test_for_every_symptom_family() {
    let catalog = load_library(true, &[]).catalog.expect("catalog");
    for tree in &catalog.trees {
        if !matches!(tree.kind, TreeKind::Model(_)) {
            continue;
        }
        let covered: BTreeSet<&str> = tree
            .tests
            .iter()
            .filter_map(|t| t.family.as_deref())
            .collect();
        let missing: Vec<&str> = FAMILIES
            .iter()
            .copied()
            .filter(|f| !covered.contains(f))
            .collect();
        assert!(
            missing.is_empty(),
            "{} has no path test for: {missing:?}",
            tree.id
        );
    }
}
