//! The same store tests on both backends: the SQLite file and a real PostgreSQL server
//! (`LOCKDIAG_TEST_PG`; see `pg_fixture`). Round trip and resume, handing a case over by its
//! reference, two agents on one case at once, the desk's figures (the same from both), and
//! writes that fail on demand and then succeed (nothing lost, nothing twice).

mod common;
mod pg_fixture;
mod session_fixture;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use lockdiag::catalog::Catalog;
use lockdiag::export::{Format, render};
use lockdiag::stats::{Filter, compute};
use lockdiag::store::{Case, Job, LiveCase, SaveState, Store, StoreSpec};
use session_fixture as fx;

const SETTLE: Duration = Duration::from_secs(20);

/// One backend for one test: its own SQLite folder, or its own PostgreSQL database (with a
/// data folder for the spool).
struct Backend {
    label: &'static str,
    url: Option<String>,
    dir: tempfile::TempDir,
}

impl Backend {
    fn spec(&self, agent: &str) -> StoreSpec {
        StoreSpec {
            url: self.url.clone(),
            data_dir: Some(self.dir.path().to_path_buf()),
            agent: Some(agent.to_string()),
        }
    }

    fn open(&self, agent: &str) -> Store {
        Store::open_spec(&self.spec(agent)).expect("open the store")
    }

    fn reader(&self) -> Store {
        Store::open_spec_existing(&self.spec("reader"))
            .expect("open")
            .expect("the store exists")
    }
}

/// The backends this machine can test: SQLite always, PostgreSQL when a server is set.
fn backends(test: &str) -> Vec<Backend> {
    let mut out = vec![Backend {
        label: "sqlite",
        url: None,
        dir: tempfile::tempdir().expect("tempdir"),
    }];
    if let Some(server) = pg_fixture::server() {
        out.push(Backend {
            label: "postgres",
            url: Some(pg_fixture::fresh_db(&server, test)),
            dir: tempfile::tempdir().expect("tempdir"),
        });
    }
    out
}

fn answer(live: &mut LiveCase, c: &Catalog, given: &str) {
    let a = live.session().parse_answer(c, given).expect("answer fits");
    live.answer(c, a).expect("answer applies");
}

fn settle(live: &mut LiveCase, c: &Catalog, label: &str) {
    assert!(
        live.settle(c, SETTLE),
        "{label}: {} change(s) still unsaved: {:?}",
        live.unsaved(),
        live.save_state()
    );
}

fn seqs(store: &Store, id: i64) -> Vec<u32> {
    store
        .load(id)
        .expect("load")
        .events
        .iter()
        .map(|e| e.seq)
        .collect()
}

fn one_to(n: usize) -> Vec<u32> {
    (1..=u32::try_from(n).expect("small")).collect()
}

#[test]
fn a_walk_round_trips_and_resumes_on_both_backends() {
    let (_t, c) = fx::catalog();
    for b in backends("roundtrip") {
        let mut live = LiveCase::start(&c, fx::model(&c), Ok(b.open("anna"))).expect("start");
        answer(&mut live, &c, "No one is in danger");
        answer(&mut live, &c, fx::DARK);
        live.toggle_tick(&c, 1);
        assert!(live.set_note(&c, "Customer has AAA only.\nBought AA."));
        answer(&mut live, &c, "no");
        assert!(live.set_case_ref("TCK-1234"));
        answer(&mut live, &c, "No");
        settle(&mut live, &c, b.label);
        assert_eq!(live.take_warning(), None, "{}", b.label);
        let before = live.case().clone();
        assert!(
            before.id().is_some(),
            "{}: the store gave it an id",
            b.label
        );
        drop(live.finish());

        let store = b.reader();
        let listed = store.list().expect("list");
        assert_eq!(listed.len(), 1, "{}", b.label);
        assert_eq!(
            listed[0].outcome.as_deref(),
            Some("locksmith"),
            "{}",
            b.label
        );
        assert_eq!(
            listed[0].case_ref.as_deref(),
            Some("TCK-1234"),
            "{}",
            b.label
        );
        assert_eq!(listed[0].agents, vec!["anna".to_string()], "{}", b.label);
        let (resumed, report) = LiveCase::resume(&c, b.open("anna"), before.id()).expect("resume");
        assert_eq!(report.message(), None, "{}", b.label);
        assert_eq!(resumed.case(), &before, "{}", b.label);
        assert_eq!(resumed.handover(), None, "{}: the same agent", b.label);
        let stored = store.load(before.id().expect("id")).expect("load");
        assert!(
            stored
                .events
                .iter()
                .all(|e| e.agent.as_deref() == Some("anna")),
            "{}: every event signed",
            b.label
        );
    }
}

#[test]
fn a_case_is_handed_over_by_its_reference() {
    let (_t, c) = fx::catalog();
    for b in backends("handover") {
        let mut anna = LiveCase::start(&c, fx::model(&c), Ok(b.open("anna"))).expect("start");
        answer(&mut anna, &c, "No one is in danger");
        anna.set_case_ref("CB-77");
        settle(&mut anna, &c, b.label);
        drop(anna.finish());

        // Bo, on another machine: only the store is shared.
        let store = b.open("bo");
        let id = store.find("CB-77").expect("found by reference");
        assert_eq!(store.find(&id.to_string()).expect("found by id"), id);
        let missing = store.find("NOPE-1").expect_err("no such case");
        assert!(missing.to_string().contains("NOPE-1"), "{missing}");
        let (mut bo, _) = LiveCase::resume(&c, store, Some(id)).expect("resume");
        let note = bo.handover().expect("taken over");
        assert!(note.starts_with("Taken over from anna at "), "{note}");
        assert!(note.ends_with(" UTC"), "{note}");
        answer(&mut bo, &c, fx::DARK);
        settle(&mut bo, &c, b.label);
        // The transcript says who took each step.
        let md = render(&c, bo.case(), Format::Md);
        assert!(md.contains(", anna)") && md.contains(", bo)"), "{md}");
        drop(bo.finish());

        let reader = b.reader();
        let stored = reader.load(id).expect("load");
        let agents: Vec<&str> = stored
            .events
            .iter()
            .map(|e| e.agent.as_deref().unwrap_or("?"))
            .collect();
        assert_eq!(agents.first(), Some(&"anna"), "{}", b.label);
        assert_eq!(agents.last(), Some(&"bo"), "{}", b.label);
        assert_eq!(
            seqs(&reader, id),
            one_to(stored.events.len()),
            "{}",
            b.label
        );
        let listed = reader.list_by(Some("bo")).expect("list");
        assert_eq!(listed.len(), 1, "{}", b.label);
        assert_eq!(listed[0].agents, vec!["anna".to_string(), "bo".to_string()]);
        assert!(reader.list_by(Some("cy")).expect("list").is_empty());
    }
}

#[test]
fn two_agents_on_one_case_lose_nothing_and_write_nothing_twice() {
    let (_t, c) = fx::catalog();
    for b in backends("race") {
        let mut anna = LiveCase::start(&c, fx::model(&c), Ok(b.open("anna"))).expect("start");
        answer(&mut anna, &c, "No one is in danger");
        settle(&mut anna, &c, b.label);
        let id = anna.case().id().expect("id");
        let (mut bo, _) = LiveCase::resume(&c, b.open("bo"), Some(id)).expect("resume");
        // Both act on the same screen; Anna's write lands first.
        answer(&mut anna, &c, fx::DARK);
        settle(&mut anna, &c, b.label);
        assert!(bo.set_case_ref("TCK-RACE"));
        settle(&mut bo, &c, b.label);
        let told = bo.take_warning().expect("Bo is told the case moved on");
        assert!(told.contains("moved on") && told.contains("anna"), "{told}");
        // Bo now sees Anna's answer, with his reference added after it.
        assert_eq!(bo.session().node(&c).id, "fresh", "{}", b.label);
        assert_eq!(bo.case().case_ref(), Some("TCK-RACE"));
        drop(anna.finish());
        drop(bo.finish());

        let reader = b.reader();
        let stored = reader.load(id).expect("load");
        let kinds: Vec<(String, &str)> = stored
            .events
            .iter()
            .map(|e| (e.agent.clone().unwrap_or_default(), e.event.kind()))
            .collect();
        let case_refs = kinds.iter().filter(|(_, k)| *k == "case-ref").count();
        assert_eq!(case_refs, 1, "{}: Bo's change once: {kinds:?}", b.label);
        assert_eq!(
            seqs(&reader, id),
            one_to(stored.events.len()),
            "{}",
            b.label
        );
        assert_eq!(
            kinds.last().map(|(a, k)| (a.as_str(), *k)),
            Some(("bo", "case-ref")),
            "{}",
            b.label
        );
    }
}

/// Cases with agents, answers, a note and outcomes, made once in memory so that both
/// stores get exactly the same events (times included).
fn desk_cases(c: &Catalog) -> Vec<Case> {
    let walks: [(&str, &[&str]); 4] = [
        ("anna", &["No one is in danger", fx::DARK, "no", "No"]),
        ("bo", &["No one is in danger", fx::DARK, "yes"]),
        ("anna", &["No one is in danger"]),
        ("cy", &["Someone inside may be in danger"]),
    ];
    walks
        .iter()
        .map(|(agent, answers)| {
            let mut case = Case::start(c, fx::model(c)).expect("start");
            case.set_agent(Some((*agent).to_string()));
            for a in *answers {
                let given = case.session().parse_answer(c, a).expect("fits");
                case.answer(c, given).expect("applies");
            }
            if *agent == "bo" {
                case.set_note(c, "battery door was stuck");
            }
            case
        })
        .collect()
}

#[test]
fn the_desk_figures_are_the_same_from_both_backends() {
    let (_t, c) = fx::catalog();
    let backends = backends("stats");
    if backends.len() < 2 {
        eprintln!("skipped the comparison: it needs both backends");
        return;
    }
    let mut figures = Vec::new();
    let cases = desk_cases(&c);
    for b in &backends {
        let mut store = b.open("seeder");
        for case in &cases {
            store.write(&Job::of(case, 0)).expect("seed");
        }
        let store = b.reader();
        let rows: Vec<_> = store
            .list()
            .expect("list")
            .into_iter()
            .map(|r| {
                let s = store.load(r.id).map_err(|e| e.to_string());
                (r, s)
            })
            .collect();
        let all = compute(&c, &rows, &Filter::default());
        let anna = compute(
            &c,
            &rows,
            &Filter {
                agent: Some("anna".into()),
                ..Filter::default()
            },
        );
        figures.push((all, anna));
    }
    let (all, anna) = &figures[0];
    assert_eq!(all.sessions, 4);
    assert_eq!(all.per_agent.get("anna"), Some(&2));
    assert_eq!(all.per_agent.get("bo"), Some(&1));
    assert_eq!(all.per_outcome.get("emergency"), Some(&1));
    assert_eq!(anna.sessions, 2);
    assert!(all.median_seconds_to_outcome.is_some());
    assert_eq!(figures[0], figures[1], "SQLite and PostgreSQL agree");
}

#[test]
fn writes_that_fail_on_demand_are_queued_and_sent_in_order_once_they_work() {
    let (_t, c) = fx::catalog();
    for b in backends("faults") {
        let fail = Arc::new(AtomicBool::new(false));
        let store = b.open("anna").with_faults(Arc::clone(&fail));
        let mut live = LiveCase::start(&c, fx::model(&c), Ok(store)).expect("start");
        answer(&mut live, &c, "No one is in danger");
        settle(&mut live, &c, b.label);
        fail.store(true, Ordering::SeqCst);
        answer(&mut live, &c, fx::DARK);
        live.toggle_tick(&c, 0);
        assert!(live.set_case_ref("TCK-FULL"));
        // Give the writer (shared store) time to fail too.
        assert!(!live.settle(&c, Duration::from_millis(600)), "{}", b.label);
        assert!(live.unsaved() >= 3, "{}: {}", b.label, live.unsaved());
        let state = live.save_state().clone();
        assert!(
            matches!(state, SaveState::NotSaved(_) | SaveState::Offline { .. }),
            "{}: {state:?}",
            b.label
        );
        let warning = live.take_warning().expect("told");
        assert!(
            warning.contains("NOT SAVED") || warning.contains("kept in"),
            "{}: {warning}",
            b.label
        );
        answer(&mut live, &c, "no");
        assert_eq!(live.take_warning(), None, "{}: said once", b.label);
        fail.store(false, Ordering::SeqCst);
        answer(&mut live, &c, "No");
        settle(&mut live, &c, b.label);
        assert_eq!(live.save_state(), &SaveState::Saved, "{}", b.label);
        let case = live.case().clone();
        drop(live.finish());
        let reader = b.reader();
        let stored = reader.load(case.id().expect("id")).expect("load");
        assert_eq!(
            stored.events,
            case.events(),
            "{}: all, in order, once",
            b.label
        );
    }
}

#[test]
fn the_commands_work_the_same_on_both_backends_and_never_show_the_password() {
    let (trees, c) = fx::catalog();
    for b in backends("commands") {
        for (agent, r) in [("anna", "TCK-A"), ("bo", "TCK-B")] {
            let mut live = LiveCase::start(&c, fx::model(&c), Ok(b.open(agent))).expect("start");
            answer(&mut live, &c, "No one is in danger");
            live.set_case_ref(r);
            settle(&mut live, &c, b.label);
            drop(live.finish());
        }
        let run = |args: &[&str]| {
            let mut cmd = common::lockdiag();
            cmd.arg("--trees")
                .arg(trees.path())
                .arg("--data-dir")
                .arg(b.dir.path());
            if let Some(url) = &b.url {
                // The environment variable, as a desk would set it.
                cmd.env("LOCKDIAG_STORE", url);
            }
            let out = cmd.args(args).output().expect("run");
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.status.success(), "{}: {args:?}: {text}", b.label);
            if let Some(url) = &b.url {
                let pw = pg_fixture::password(url);
                assert!(
                    !text.contains(&pw),
                    "{}: the password was shown: {text}",
                    b.label
                );
            }
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let rows: serde_json::Value =
            serde_json::from_str(&run(&["sessions", "--agent", "bo", "--format", "json"]))
                .expect("json");
        assert_eq!(
            rows.as_array().map(Vec::len),
            Some(1),
            "{}: {rows}",
            b.label
        );
        assert_eq!(rows[0]["case_ref"], "TCK-B", "{}", b.label);
        assert_eq!(rows[0]["agents"], serde_json::json!(["bo"]), "{}", b.label);
        let stats: serde_json::Value =
            serde_json::from_str(&run(&["stats", "--agent", "anna", "--format", "json"]))
                .expect("json");
        assert_eq!(stats["sessions"], 1, "{}: {stats}", b.label);
        assert_eq!(
            stats["per_agent"],
            serde_json::json!({"anna": 1}),
            "{}",
            b.label
        );
        let all: serde_json::Value =
            serde_json::from_str(&run(&["stats", "--format", "json"])).expect("json");
        assert_eq!(all["per_agent"], serde_json::json!({"anna": 1, "bo": 1}));
        let case: serde_json::Value =
            serde_json::from_str(&run(&["export", "TCK-A", "--format", "json"])).expect("json");
        assert_eq!(case["case_ref"], "TCK-A", "{}", b.label);
        let table = run(&["sessions"]);
        assert!(
            table.contains("AGENTS") && table.contains("anna"),
            "{table}"
        );
    }
}

#[test]
fn a_wrong_password_or_a_dead_server_is_named_without_the_password() {
    let Some(server) = pg_fixture::server() else {
        return;
    };
    let pw = pg_fixture::password(&server);
    let wrong = server.replacen(&format!(":{pw}@"), ":Wr0ngSecretPw@", 1);
    // The same server on port 1, where nothing listens.
    let port = server
        .split("@127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("a 127.0.0.1:PORT server");
    let dead = server.replacen(&format!("127.0.0.1:{port}/"), "127.0.0.1:1/", 1);
    for (url, expect) in [
        (wrong.as_str(), "password authentication failed"),
        (
            dead.as_str(),
            "cannot reach the case store postgresql://lockdiag@127.0.0.1:",
        ),
    ] {
        let out = common::lockdiag()
            .args(["sessions", "--store", url])
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(text.contains(expect), "{text}");
        assert!(
            !text.contains("Wr0ngSecretPw") && !text.contains(&pw),
            "{text}"
        );
    }
    // PGPASSWORD is used when the URL has none.
    let bare = server.replacen(&format!(":{pw}@"), "@", 1);
    common::lockdiag()
        .args(["sessions", "--store", &bare])
        .env("PGPASSWORD", &pw)
        .assert()
        .success();
}

#[test]
fn tls_is_used_with_sslmode_require() {
    let Some(server) = pg_fixture::server() else {
        return;
    };
    let url = format!("{}?sslmode=require", pg_fixture::fresh_db(&server, "tls"));
    let store = Store::connect(&url, Some("anna"), None).expect("connect over TLS");
    assert!(store.list().expect("list").is_empty());
    let db = url
        .rsplit('/')
        .next()
        .and_then(|d| d.split('?').next())
        .expect("db")
        .to_string();
    let ssl: bool = pg_fixture::admin(&server)
        .query_one(
            "SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                 WHERE a.datname = $1 AND a.application_name = 'lockdiag'",
            &[&db],
        )
        .expect("query")
        .get(0);
    assert!(ssl, "the connection is encrypted");
}

#[test]
fn a_foreign_or_newer_schema_is_refused_untouched() {
    let Some(server) = pg_fixture::server() else {
        return;
    };
    let foreign = pg_fixture::fresh_db(&server, "foreign");
    let mut admin = pg_fixture::admin(&foreign);
    admin
        .batch_execute("CREATE TABLE sessions (x INT); INSERT INTO sessions VALUES (42);")
        .expect("someone else's table");
    let err = Store::connect(&foreign, None, None).expect_err("refused");
    assert!(
        err.to_string().contains("is not a lockdiag case store"),
        "{err}"
    );
    let x: i32 = admin
        .query_one("SELECT x FROM sessions", &[])
        .expect("row")
        .get(0);
    assert_eq!(x, 42, "left untouched");

    let newer = pg_fixture::fresh_db(&server, "newer");
    Store::connect(&newer, None, None).expect("created");
    let mut admin = pg_fixture::admin(&newer);
    admin
        .batch_execute("UPDATE lockdiag_schema SET version = 99")
        .expect("a newer lockdiag");
    let err = Store::connect(&newer, None, None).expect_err("refused");
    assert!(
        err.to_string().contains("written by a newer lockdiag"),
        "{err}"
    );
}
