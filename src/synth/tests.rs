use super::*;
use crate::catalog::load_layers;

fn nodes(files: &[SourceFile]) -> usize {
    files
        .iter()
        .map(|f| {
            let text = String::from_utf8_lossy(&f.bytes);
            text.lines().filter(|l| l.starts_with("  - id: ")).count()
        })
        .sum()
}

#[test]
fn generated_1k_library_loads_with_no_diagnostics() {
    let files = generate(1_000);
    assert_eq!(nodes(&files), 1_000);
    let loaded = load_layers(&[files], Vec::new());
    let text: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(text.is_empty(), "{}", text.join("\n"));
    let catalog = loaded.catalog.expect("catalog");
    let models = catalog.trees.iter().filter(|t| t.model().is_some()).count();
    assert!(models >= 5, "{models} models");
    assert!(catalog.trees.iter().all(|t| t.nodes.len() <= 200));
}

#[test]
fn generation_is_deterministic() {
    let a = generate(600);
    let b = generate(600);
    assert!(a.iter().zip(&b).all(|(x, y)| x.bytes == y.bytes));
}

#[test]
fn faults_give_the_errors_asked_for() {
    let typos = Faults {
        typo_every: 10,
        ..Faults::default()
    };
    let loaded = load_layers(&[generate_faulty(1_000, typos)], Vec::new());
    let unknown = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-target")
        .count();
    assert!(unknown > 50, "{unknown}");
    assert!(
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == "unknown-target")
            .all(|d| d
                .hint
                .as_deref()
                .is_some_and(|h| h.starts_with("did you mean")))
    );
    let dead = Faults {
        dead_end_every: 7,
        ..Faults::default()
    };
    let loaded = load_layers(&[generate_faulty(1_000, dead)], Vec::new());
    assert!(loaded.diagnostics.iter().any(|d| d.code == "dead-end"));
    assert!(loaded.diagnostics.iter().all(|d| d.code == "dead-end"));
}
