//! End-to-end tests of the real binary's non-interactive commands.

mod common;

use std::path::{Path, PathBuf};

use common::lockdiag;
use predicates::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn check_builtin_library_is_clean() {
    lockdiag()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("ok: "))
        .stdout(predicate::str::contains("0 warning(s)"));
}

#[test]
fn check_reports_located_errors_and_exits_1() {
    let f = fixtures().join("invalid/unknown-target.yaml");
    lockdiag()
        .arg("check")
        .arg(&f)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unknown-target.yaml:44:12: error: node 'batteries': 'fixed' leads to 'fixd', which is not a node of this tree [unknown-target]"))
        .stdout(predicate::str::contains("hint: did you mean 'fixed'?"));
}

#[test]
fn check_warnings_alone_exit_0() {
    lockdiag()
        .arg("check")
        .arg(fixtures().join("invalid/unreachable.yaml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("warning: node 'orphan'"));
}

#[test]
fn check_json_lists_diagnostics() {
    let out = lockdiag()
        .args(["check", "--format", "json"])
        .arg(fixtures().join("invalid/bad-value.yaml"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let first = v
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "bad-value")
        .expect("the bad-value error is listed");
    assert_eq!(first["code"], "bad-value");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 53);
    assert_eq!(first["node"], "locksmith");
    assert!(
        first["file"]
            .as_str()
            .expect("file")
            .ends_with("bad-value.yaml")
    );
    assert!(
        first["message"]
            .as_str()
            .expect("message")
            .contains("'tomorrow' is not an urgency")
    );
}

#[test]
fn list_shows_models_with_origin() {
    lockdiag()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("august-wifi"))
        .stdout(predicate::str::contains("built-in"));
    let out = lockdiag()
        .args(["list", "--format", "json"])
        .arg("--trees")
        .arg(fixtures().join("valid"))
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let row = v
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == "test-lock")
        .expect("fixture model listed");
    assert!(
        row["origin"]
            .as_str()
            .expect("origin")
            .ends_with("minimal.yaml")
    );
    assert_eq!(row["questions"], 2);
    assert_eq!(row["remedies"], 1);
    assert_eq!(row["locksmith"], 1);
}

#[test]
fn walk_text_reaches_outcomes() {
    lockdiag()
        .arg("--trees")
        .arg(fixtures().join("valid"))
        .args([
            "walk",
            "test-lock",
            "-a",
            "2",
            "-a",
            "The keypad is dead",
            "-a",
            "no",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "CALL A LOCKSMITH - urgency: TODAY",
        ))
        .stdout(predicate::str::contains("3. Replace the batteries -> no"));
    lockdiag()
        .arg("--trees")
        .arg(fixtures().join("valid"))
        .args(["walk", "test-lock", "--answer", "someone is in danger"])
        .assert()
        .success()
        .stdout(predicate::str::contains("CALL EMERGENCY SERVICES NOW"));
}

#[test]
fn walk_json_is_the_documented_shape() {
    let out = lockdiag()
        .arg("--trees")
        .arg(fixtures().join("valid"))
        .args([
            "walk",
            "test-lock",
            "-a",
            "2",
            "-a",
            "1",
            "--format",
            "json",
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["model"], "test-lock");
    assert_eq!(v["path"][0]["node"], "danger");
    assert_eq!(v["path"][0]["answer"], "No one is in danger");
    assert_eq!(v["path"][1]["answer"], "The keypad is dead");
    assert_eq!(v["node"]["id"], "batteries");
    assert_eq!(v["node"]["kind"], "remedy");
    assert_eq!(v["node"]["choices"], serde_json::json!(["yes", "no"]));
    assert_eq!(v["node"]["cautions"][0], "Keep the door open.");
}

#[test]
fn walk_through_a_shared_procedure_shows_where() {
    let out = lockdiag()
        .args(["walk", "august-wifi", "-a", "3", "--format", "json"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["path"][0]["tree"], "safety-first");
    assert_eq!(v["node"]["tree"], "august-wifi");
}

#[test]
fn bad_answer_lists_choices_and_exits_2() {
    lockdiag()
        .arg("--trees")
        .arg(fixtures().join("valid"))
        .args(["walk", "test-lock", "-a", "7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'7' is not one of the choices here: 1 'Someone is in danger', 2 'No one is in danger'",
        ));
}

#[test]
fn unknown_model_lists_nearest_ids() {
    lockdiag()
        .args(["walk", "august-wif"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no model 'august-wif'"))
        .stderr(predicate::str::contains("august-wifi"));
}

#[test]
fn user_tree_replaces_builtin_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("trees/august-wifi.yaml"),
    )
    .expect("read");
    std::fs::write(
        dir.path().join("august.yaml"),
        builtin.replacen("name: ", "name: Local ", 1),
    )
    .expect("write");
    lockdiag()
        .env("LOCKDIAG_TREES", dir.path())
        .arg("list")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "replaces model 'august-wifi' from built-in",
        ))
        .stdout(predicate::str::contains("Local"));
}

#[test]
fn broken_user_tree_stops_with_a_located_error() {
    lockdiag()
        .arg("--trees")
        .arg(fixtures().join("invalid/unknown-field.yaml"))
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown-field.yaml:48:5: error: unknown field 'titel'",
        ));
}
