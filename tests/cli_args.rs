//! Command-line arguments new users got wrong (issue 16, items 19, 20, 23): unknown models are
//! rejected with the nearest ids, empty filters say so, and bad values are argument errors.

mod common;

use common::lockdiag;
use predicates::prelude::*;

#[test]
fn stats_rejects_an_unknown_model_with_the_nearest_ids() {
    let data = tempfile::tempdir().expect("tempdir");
    lockdiag()
        .arg("--data-dir")
        .arg(data.path())
        .args(["stats", "--model", "schlage-encod"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "there is no model 'schlage-encod'",
        ))
        .stderr(predicate::str::contains("schlage-encode"));
}

#[test]
fn stats_says_when_nothing_matches_the_filter() {
    let data = tempfile::tempdir().expect("tempdir");
    // One saved session, written through the store as the app writes it.
    let catalog = lockdiag::catalog::load_library(true, &[])
        .catalog
        .expect("catalog");
    let tree = catalog.model_index("schlage-encode").expect("model");
    let mut live =
        lockdiag::store::LiveCase::start(&catalog, tree, lockdiag::store::Store::open(data.path()))
            .expect("start");
    live.answer(&catalog, lockdiag::session::Answer::Choice(2))
        .expect("answer");
    drop(live);
    lockdiag()
        .arg("--data-dir")
        .arg(data.path())
        .args(["stats", "--since", "2030-01-01"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "No saved session matches the filter (--since 2030-01-01); 1 session(s) are saved in all.",
        ));
}

#[test]
fn search_with_limit_zero_or_an_empty_query_is_an_argument_error() {
    lockdiag()
        .args(["search", "--limit", "0", "battery"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("must be at least 1"));
    lockdiag()
        .args(["search", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the query is empty"));
}

#[test]
fn with_lockdiag_data_set_usage_does_not_show_data_dir_as_required() {
    let data = tempfile::tempdir().expect("tempdir");
    lockdiag()
        .env("LOCKDIAG_DATA", data.path())
        .arg("search")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Usage: lockdiag search <QUERY>...",
        ))
        .stderr(predicate::str::contains("--data-dir").not());
    lockdiag()
        .env("LOCKDIAG_DATA", data.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Usage: lockdiag [OPTIONS] [COMMAND]",
        ));
}

#[test]
fn list_counts_emergency_outcomes_reached_through_shared_procedures() {
    let out = lockdiag()
        .args(["list", "--format", "json"])
        .output()
        .expect("list");
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for row in rows.as_array().expect("rows") {
        assert!(
            row["emergency"].as_u64().unwrap_or(0) >= 1,
            "every model reaches emergency services through the safety check: {row}"
        );
    }
    lockdiag()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Unknown or unlisted smart lock"))
        .stdout(predicate::str::contains("Generic Unknown").not());
}

#[test]
fn new_with_a_built_in_id_warns_and_its_file_passes_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("august-wifi.yaml");
    lockdiag()
        .args(["new", "august-wifi", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: a built-in model already has the id 'august-wifi'",
        ));
    lockdiag()
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("trees/identify.yaml:332:1").not())
        .stdout(predicate::str::contains(
            "august-wifi.yaml:1:1: warning: this file replaces built-in model 'august-wifi'",
        ));
}

#[test]
fn graph_draws_shared_procedures_and_says_what_it_wrote() {
    lockdiag()
        .args(["graph", "safety-first"])
        .assert()
        .success()
        .stdout(predicate::str::contains("digraph \"safety-first\""))
        .stdout(predicate::str::contains(
            "\"safety-first/return\" [label=\"return\"",
        ));
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("g.mmd");
    lockdiag()
        .args(["graph", "identify", "--format", "mermaid", "--output"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote "))
        .stderr(predicate::str::contains("(Mermaid graph of 'identify')"));
    assert!(
        std::fs::read_to_string(&file)
            .expect("written")
            .starts_with("flowchart")
    );
}
