//! `lockdiag stats` over a seeded store gives the exact counts expected.

mod common;

use std::path::Path;

use common::lockdiag;
use lockdiag::catalog::{Catalog, load_library};
use lockdiag::session::Answer;
use lockdiag::stats::{Filter, RemedyCount, compute};
use lockdiag::store::{LiveCase, Store};

fn catalog() -> Catalog {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    load_library(false, &[dir]).catalog.expect("catalog")
}

fn walk(c: &Catalog, data: &Path, model: &str, answers: &[Answer]) {
    let tree = c.model_index(model).expect("model");
    let mut live = LiveCase::start(c, tree, Store::open(data)).expect("start");
    for a in answers {
        live.answer(c, a.clone()).expect("answer");
    }
    assert!(live.take_warning().is_none(), "the store saves");
}

fn seed(c: &Catalog, data: &Path) {
    use Answer::{Choice, Fixed};
    walk(
        c,
        data,
        "acme-keypad-100",
        &[Choice(1), Choice(0), Fixed(false)],
    ); // locksmith
    walk(
        c,
        data,
        "acme-keypad-100",
        &[Choice(1), Choice(0), Fixed(true)],
    ); // resolved
    walk(c, data, "acme-keypad-100", &[Choice(1)]); // stops at the symptom question
    walk(c, data, "boltco-slim", &[Choice(1)]); // locksmith
    walk(c, data, "acme-keypad-100", &[Choice(0)]); // emergency
}

fn rows(
    data: &Path,
) -> Vec<(
    lockdiag::store::Listed,
    Result<lockdiag::store::Stored, String>,
)> {
    let store = Store::open(data).expect("store");
    store
        .list()
        .expect("list")
        .into_iter()
        .map(|r| {
            let s = store.load(r.id).map_err(|e| e.to_string());
            (r, s)
        })
        .collect()
}

#[test]
fn counts_are_exact() {
    let c = catalog();
    let data = tempfile::tempdir().expect("tempdir");
    seed(&c, data.path());
    let s = compute(&c, &rows(data.path()), &Filter::default());
    assert_eq!(s.sessions, 5);
    assert_eq!(s.per_model.get("acme-keypad-100"), Some(&4));
    assert_eq!(s.per_model.get("boltco-slim"), Some(&1));
    assert_eq!(s.per_outcome.get("locksmith"), Some(&2));
    assert_eq!(s.per_outcome.get("resolved"), Some(&1));
    assert_eq!(s.per_outcome.get("emergency"), Some(&1));
    assert_eq!(s.per_outcome.get("unfinished"), Some(&1));
    assert_eq!(
        s.remedies,
        vec![RemedyCount {
            node: "acme-keypad-100/batteries".into(),
            title: "Replace all four batteries".into(),
            tried: 2,
            failed: 1
        }]
    );
    assert_eq!(
        s.abandoned_at,
        vec![("acme-keypad-100/symptom".to_string(), 1)]
    );
    assert_eq!(
        s.never_visited.get("acme-keypad-100"),
        Some(&vec![
            "acme-keypad-100/lost-key".to_string(),
            "acme-keypad-100/reset".to_string()
        ])
    );
    assert_eq!(
        s.never_visited.get("boltco-slim"),
        Some(&vec!["boltco-slim/sos".to_string()])
    );
    // Seeded walks finish within the same second or two.
    assert!(s.median_seconds_to_outcome.is_some_and(|t| t <= 2));
    assert!(s.unreadable.is_empty());
}

#[test]
fn filters_by_model_and_date() {
    let c = catalog();
    let data = tempfile::tempdir().expect("tempdir");
    seed(&c, data.path());
    let r = rows(data.path());
    let bolt = compute(
        &c,
        &r,
        &Filter {
            model: Some("boltco-slim".into()),
            ..Filter::default()
        },
    );
    assert_eq!(bolt.sessions, 1);
    assert_eq!(bolt.per_outcome.get("locksmith"), Some(&1));
    let future = compute(
        &c,
        &r,
        &Filter {
            since: lockdiag::stats::parse_date("2999-01-01"),
            ..Filter::default()
        },
    );
    assert_eq!(future.sessions, 0);
}

#[test]
fn stats_command_prints_json_and_text() {
    let c = catalog();
    let data = tempfile::tempdir().expect("tempdir");
    seed(&c, data.path());
    let trees = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let out = lockdiag()
        .arg("--trees")
        .arg(&trees)
        .arg("--data-dir")
        .arg(data.path())
        .args(["stats", "--format", "json", "--model", "acme-keypad-100"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["sessions"], 4);
    assert_eq!(v["remedies"][0]["failed"], 1);
    let text = lockdiag()
        .arg("--trees")
        .arg(&trees)
        .arg("--data-dir")
        .arg(data.path())
        .args(["stats", "--since", "2020-01-01"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.starts_with("5 session(s)"), "{text}");
    assert!(
        text.contains("1 / 2    Replace all four batteries"),
        "{text}"
    );
}
