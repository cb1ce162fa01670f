//! Exports: snapshots of each format for a fixed session (built from a hand-written event log,
//! so times and ids never move), the JSON schema document kept in step, and the `export`
//! command end to end.

mod common;
mod session_fixture;

use std::path::Path;

use common::lockdiag;
use lockdiag::catalog::Catalog;
use lockdiag::export::{Format, JSON_VERSION, locksmith_card_md, osc52, render, transcript_md};
use lockdiag::store::case::tree_hashes;
use lockdiag::store::replay::{Stored, replay};
use lockdiag::store::{Case, Event, LiveCase, Logged, NodeRef, Store};
use session_fixture as fx;

const T0: u64 = 1_773_484_325; // 2026-03-14 10:32:05 UTC

fn r(tree: &str, node: &str) -> NodeRef {
    NodeRef {
        tree: tree.into(),
        node: node.into(),
    }
}

fn ans(at: &[(&str, &str)], answer: &str) -> Event {
    Event::Answer {
        at: at.iter().map(|(t, n)| r(t, n)).collect(),
        answer: answer.into(),
    }
}

/// The log of a call: safety, a wrong turn (the bolt) undone with Back, batteries tried with
/// ticks and a note, a case reference, then a locksmith, with a note for the visit.
fn locksmith_log() -> Vec<Event> {
    let danger = [("test-lock", "safety"), ("test-safety", "danger")];
    let fresh = [("test-lock", "power"), ("test-power", "fresh")];
    vec![
        ans(&danger, "No one is in danger"),
        Event::CaseRef {
            text: "TCK-1234".into(),
        },
        ans(&[("test-lock", "symptom")], "The bolt is stiff or jams"),
        Event::Tick {
            node: r("test-lock", "realign"),
            step: 0,
            on: true,
        },
        ans(&[("test-lock", "realign")], "no"),
        Event::Outcome {
            node: r("test-lock", "smith"),
            outcome: "locksmith".into(),
        },
        Event::Back {
            at: r("test-lock", "smith"),
        },
        Event::Back {
            at: r("test-lock", "realign"),
        },
        ans(&[("test-lock", "symptom")], fx::DARK),
        Event::Tick {
            node: r("test-power", "fresh"),
            step: 0,
            on: true,
        },
        Event::Tick {
            node: r("test-power", "fresh"),
            step: 1,
            on: true,
        },
        Event::Note {
            step: 2,
            node: r("test-power", "fresh"),
            text: "Customer had only AAA batteries.\nA neighbour lent AA ones.".into(),
        },
        ans(&fresh, "no"),
        ans(&[("test-lock", "still-dark")], "No"),
        Event::Outcome {
            node: r("test-lock", "smith"),
            outcome: "locksmith".into(),
        },
        Event::Note {
            step: 4,
            node: r("test-lock", "smith"),
            text: "Side door; gate code 4411.".into(),
        },
    ]
}

/// A case replayed from `events`, one minute apart from T0.
fn case_from(c: &Catalog, events: Vec<Event>) -> Case {
    let m = fx::model(c);
    let stored = Stored {
        id: 7,
        uid: "test-7".into(),
        start_tree: "test-lock".into(),
        tree_hash: c.trees[m].content_hash.clone(),
        trees: tree_hashes(c, m),
        started: T0,
        restarted_from: None,
        app_version: "0.1.0".into(),
        events: events
            .into_iter()
            .enumerate()
            .map(|(i, event)| Logged {
                seq: u32::try_from(i + 1).expect("seq"),
                time: T0 + 60 * (i as u64 + 1),
                agent: None,
                event,
            })
            .collect(),
    };
    let (case, report) = replay(c, &stored).expect("replay");
    assert_eq!(report.message(), None, "{report:?}");
    case
}

#[test]
fn markdown_transcript_with_locksmith_card() {
    let (_t, c) = fx::catalog();
    let case = case_from(&c, locksmith_log());
    let md = render(&c, &case, Format::Md);
    assert_eq!(md, transcript_md(&c, &case));
    insta::assert_snapshot!("md_locksmith", md);
}

#[test]
fn text_transcript_with_locksmith_card() {
    let (_t, c) = fx::catalog();
    let case = case_from(&c, locksmith_log());
    insta::assert_snapshot!("text_locksmith", render(&c, &case, Format::Text));
}

#[test]
fn json_full_session() {
    let (_t, c) = fx::catalog();
    let case = case_from(&c, locksmith_log());
    let json = render(&c, &case, Format::Json);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid json");
    assert_eq!(v["format"], "lockdiag-session");
    assert_eq!(v["version"], JSON_VERSION);
    insta::assert_snapshot!("json_locksmith", json);
}

#[test]
fn an_unfinished_walk_shows_the_remedy_in_progress_and_no_card() {
    let (_t, c) = fx::catalog();
    let mut events = locksmith_log();
    events.truncate(12); // stops at the batteries remedy, two steps ticked, with a note
    let case = case_from(&c, events);
    assert_eq!(locksmith_card_md(&c, &case), None);
    insta::assert_snapshot!("md_in_progress", render(&c, &case, Format::Md));
}

#[test]
fn the_json_schema_document_names_every_field() {
    let (_t, c) = fx::catalog();
    let case = case_from(&c, locksmith_log());
    let v = serde_json::to_value(lockdiag::export::session_json(&c, &case)).expect("json");
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/session-json.md"))
            .expect("docs/session-json.md");
    assert!(doc.contains(&format!("\"version\": {JSON_VERSION}")));
    let mut missing = Vec::new();
    let objects = [
        ("", &v),
        ("model.", &v["model"]),
        ("steps[].", &v["steps"][0]),
        ("remedies[].", &v["remedies"][0]),
        ("notes[].", &v["notes"][0]),
        ("events[].", &v["events"][0]),
    ];
    for (prefix, obj) in objects {
        for key in obj.as_object().expect("object").keys() {
            if !doc.contains(&format!("`{prefix}{key}`")) {
                missing.push(format!("{prefix}{key}"));
            }
        }
    }
    assert!(missing.is_empty(), "fields not documented: {missing:?}");
}

#[test]
fn osc52_carries_the_transcript() {
    let (_t, c) = fx::catalog();
    let case = case_from(&c, locksmith_log());
    let seq = osc52(&transcript_md(&c, &case));
    assert!(seq.starts_with("\u{1b}]52;c;IyBsb2NrZGlhZyBjYXNlIDc6"));
    assert!(seq.ends_with('\u{7}'));
    assert_eq!(seq.matches('\u{1b}').count(), 1);
}

#[test]
fn export_command_writes_each_format() {
    let (trees, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    for a in ["No one is in danger", "I lost my key"] {
        let parsed = live.session().parse_answer(&c, a).expect("parse");
        live.answer(&c, parsed).expect("answer");
    }
    live.set_case_ref("TCK-77");
    drop(live);
    let cmd = || {
        let mut cmd = lockdiag();
        cmd.env("LOCKDIAG_DATA", data.path())
            .arg("--trees")
            .arg(trees.path());
        cmd
    };
    let out = cmd()
        .arg("export")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8_lossy(&out);
    assert!(md.starts_with("# lockdiag case 1: Acme Keypad 100"), "{md}");
    assert!(md.contains("## Locksmith card: case TCK-77"), "{md}");

    let out = cmd()
        .args(["export", "1", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["outcome"], "locksmith");
    assert_eq!(v["case_ref"], "TCK-77");

    let file = data.path().join("case.txt");
    cmd()
        .args(["export", "--format", "text", "--output"])
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(
        text.starts_with("LOCKDIAG CASE 1: Acme Keypad 100"),
        "{text}"
    );
    assert!(text.contains("LOCKSMITH CARD: CASE TCK-77"), "{text}");

    cmd()
        .args(["export", "9"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "has the case reference or id '9'",
        ));
}
