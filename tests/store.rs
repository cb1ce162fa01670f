//! The case-session store: round trips, resume, restart, crashes, two writers, changed trees,
//! and the failure cases (a data folder that cannot be written, a damaged database or session).

mod common;
mod session_fixture;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use common::lockdiag;
use lockdiag::catalog::Catalog;
use lockdiag::export::{Format, save};
use lockdiag::session::Pos;
use lockdiag::store::{FILE_NAME, LiveCase, Store, StoreError};
use session_fixture as fx;

fn answer(live: &mut LiveCase, c: &Catalog, given: &str) {
    let a = live.session().parse_answer(c, given).expect("answer fits");
    live.answer(c, a).expect("answer applies");
}

fn node_id(live: &LiveCase, c: &Catalog) -> String {
    live.session().node(c).id.clone()
}

/// A walk using every kind of event: answers, a jump, Back, an abandoned branch, ticks, notes,
/// a case reference, and an outcome.
fn full_walk(live: &mut LiveCase, c: &Catalog) {
    let m = fx::model(c);
    answer(live, c, "No one is in danger");
    let still_dark = c.trees[m].index["still-dark"];
    live.jump(
        c,
        vec![Pos {
            tree: m,
            node: still_dark,
        }],
    )
    .expect("jump");
    assert!(live.back(c));
    answer(live, c, "The bolt is stiff or jams");
    live.toggle_tick(c, 0);
    assert!(live.back(c));
    answer(live, c, fx::DARK);
    assert_eq!(node_id(live, c), "fresh");
    live.toggle_tick(c, 1);
    live.toggle_tick(c, 2);
    live.toggle_tick(c, 2);
    assert!(live.set_note(c, "Customer has AAA batteries only.\nBought AA."));
    answer(live, c, "no");
    assert!(live.set_case_ref("TCK-1234"));
    answer(live, c, "No");
    assert_eq!(node_id(live, c), "smith");
    assert!(live.set_note(c, "Side door; gate code 4411"));
}

#[test]
fn walk_save_resume_gives_the_same_case() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    full_walk(&mut live, &c);
    assert!(live.is_saving());
    assert_eq!(live.take_warning(), None);
    let before = live.case().clone();
    assert_eq!(
        before.session().abandoned.len(),
        2,
        "the jump and the bolt branch"
    );
    assert_eq!(before.notes().len(), 2);
    drop(live);

    let store = Store::open(data.path()).expect("reopen");
    let (mut resumed, report) = LiveCase::resume(&c, store, None).expect("resume");
    assert_eq!(report.message(), None, "same trees: an exact replay");
    assert_eq!(resumed.case(), &before);
    assert_eq!(
        resumed.case().outcome().map(|o| o.node.node.as_str()),
        Some("smith")
    );

    // Carrying on after a resume appends to the same session.
    assert!(resumed.back(&c));
    answer(&mut resumed, &c, "Yes");
    let after = resumed.case().clone();
    assert_eq!(after.id(), before.id());
    drop(resumed);
    let store = Store::open(data.path()).expect("reopen");
    assert_eq!(store.list().expect("list").len(), 1);
    let (again, _) = store.load_case(&c, after.id()).expect("load");
    assert_eq!(again, after);
    assert_eq!(again.outcome().map(|o| o.node.node.as_str()), Some("ok"));
}

#[test]
fn a_walk_with_no_event_is_not_listed() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    assert_eq!(live.case().id(), None);
    let store = Store::open(data.path()).expect("open");
    assert!(store.list().expect("list").is_empty());
    assert!(matches!(
        store.load_case(&c, None),
        Err(StoreError::NoSessions { .. })
    ));
}

#[test]
fn restart_starts_a_new_session_and_keeps_the_old_one() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    answer(&mut live, &c, "No one is in danger");
    answer(&mut live, &c, "I lost my key");
    live.set_case_ref("TCK-9");
    let old = live.case().clone();
    live.restart(&c).expect("restart");
    assert_eq!(live.session().steps.len(), 0);
    assert_eq!(
        live.case().case_ref(),
        None,
        "a new walk starts without the last case's reference"
    );
    assert_eq!(live.case().restarted_from(), old.id());
    answer(&mut live, &c, "No one is in danger");
    let new_id = live.case().id();
    assert_ne!(new_id, old.id());

    let store = Store::open(data.path()).expect("open");
    let listed = store.list().expect("list");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].outcome.as_deref(), Some("locksmith"));
    assert_eq!(listed[0].case_ref.as_deref(), Some("TCK-9"));
    assert_eq!(listed[1].outcome, None);
    let (reopened, _) = store.load_case(&c, old.id()).expect("old one");
    assert_eq!(reopened, old);
    assert_eq!(store.latest().expect("latest"), new_id);
}

#[test]
fn dropping_without_closing_loses_no_step() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    full_walk(&mut live, &c);
    let before = live.case().clone();
    // As if the process died: no destructor, the connection is never closed.
    std::mem::forget(live);
    let store = Store::open(data.path()).expect("reopen");
    let (after, _) = store.load_case(&c, None).expect("load");
    assert_eq!(after, before);
}

/// Not a test on its own: the child process of the SIGKILL test. Walks forever, printing the
/// number of events saved after each one.
#[test]
fn killed_writer_child() {
    let Some(dir) = std::env::var_os("LOCKDIAG_TEST_KILL_DIR") else {
        return;
    };
    let dir = Path::new(&dir);
    let c = fx::load(&dir.join("trees"));
    let mut live =
        LiveCase::start(&c, fx::model(&c), Store::open(&dir.join("data"))).expect("start");
    let mut out = std::io::stdout();
    for i in 0..100_000 {
        if i % 2 == 0 {
            answer(&mut live, &c, "No one is in danger");
        } else {
            assert!(live.back(&c));
        }
        assert!(live.is_saving(), "{:?}", live.not_saving_reason());
        writeln!(out, "saved {}", live.case().events().len()).expect("stdout");
        out.flush().expect("flush");
    }
}

#[test]
fn sigkill_mid_walk_keeps_every_saved_step() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join("trees")).expect("mkdir");
    fx::write(&tmp.path().join("trees"), fx::DARK);
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .args([
            "--exact",
            "killed_writer_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("LOCKDIAG_TEST_KILL_DIR", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut saved = 0;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("line");
        if let Some(n) = line.strip_prefix("saved ") {
            saved = n.parse().expect("count");
            if saved >= 40 {
                break;
            }
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    assert!(saved >= 40, "the child saved only {saved} events");
    let c = fx::load(&tmp.path().join("trees"));
    let store = Store::open(&tmp.path().join("data")).expect("reopen");
    let stored = store
        .load(store.pick(None).expect("a session"))
        .expect("load");
    assert!(
        stored.events.len() >= saved,
        "{} events stored, {saved} reported saved",
        stored.events.len()
    );
    let seqs: Vec<u32> = stored.events.iter().map(|e| e.seq).collect();
    let expected: Vec<u32> = (1..=u32::try_from(seqs.len()).expect("len")).collect();
    assert_eq!(seqs, expected, "no gap in the log");
    store.load_case(&c, None).expect("replays");
}

#[test]
fn two_copies_write_their_own_sessions_at_once() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let mut live =
                    LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
                for _ in 0..25 {
                    answer(&mut live, &c, "No one is in danger");
                    assert!(live.back(&c));
                }
                assert!(live.is_saving(), "{:?}", live.not_saving_reason());
            });
        }
    });
    let store = Store::open(data.path()).expect("open");
    let listed = store.list().expect("list");
    assert_eq!(listed.len(), 2);
    for l in listed {
        assert_eq!(store.load(l.id).expect("load").events.len(), 50);
    }
}

#[test]
fn the_same_session_open_twice_never_interleaves() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let mut first = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    answer(&mut first, &c, "No one is in danger");
    let (mut second, _) =
        LiveCase::resume(&c, Store::open(data.path()).expect("open"), None).expect("resume");
    answer(&mut first, &c, "I lost my key");
    // The second window's write loses the race: it is re-read, shown, and its change added
    // after the first window's (never dropped, never written twice).
    assert!(second.set_note(&c, "second window's note"));
    assert!(second.is_saving());
    let warning = second.take_warning().expect("told once");
    assert!(warning.contains("moved on"), "{warning}");
    assert!(warning.contains("another lockdiag window"), "{warning}");
    assert_eq!(second.take_warning(), None);
    assert_eq!(
        node_id(&second, &c),
        node_id(&first, &c),
        "shows the first's answer"
    );
    assert_eq!(second.unsaved(), 0);
    let store = Store::open(data.path()).expect("open");
    let (stored, _) = store.load_case(&c, None).expect("load");
    assert_eq!(&stored, second.case(), "one log with both windows' changes");
    let kinds: Vec<&str> = stored.events().iter().map(|e| e.event.kind()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "note").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(kinds.last(), Some(&"note"), "{kinds:?}");
}

#[test]
fn a_changed_tree_replays_what_still_applies() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    answer(&mut live, &c, "No one is in danger");
    answer(&mut live, &c, fx::DARK);
    answer(&mut live, &c, "no");
    answer(&mut live, &c, "No");
    live.set_case_ref("TCK-5");
    drop(live);

    // Same tree but a label reworded only in case: everything still applies.
    let same = tempfile::tempdir().expect("tempdir");
    fx::write(same.path(), &fx::DARK.to_uppercase());
    let c2 = fx::load(same.path());
    let store = Store::open(data.path()).expect("open");
    let (case, report) = store.load_case(&c2, None).expect("load");
    assert!(report.tree_changed());
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(case.outcome().map(|o| o.node.node.as_str()), Some("smith"));

    // The label changed: the answers from there on no longer apply.
    let changed = tempfile::tempdir().expect("tempdir");
    fx::write(changed.path(), "The keypad stays dark");
    let c3 = fx::load(changed.path());
    let (case, report) = store.load_case(&c3, None).expect("load");
    assert_eq!(report.changed_trees, vec!["test-lock".to_string()]);
    assert_eq!(report.skipped.len(), 3, "{:?}", report.skipped);
    assert!(report.skipped[0].contains(fx::DARK));
    let message = report.message().expect("message");
    assert!(message.starts_with("The tree changed"), "{message}");
    assert_eq!(case.session().steps.len(), 1);
    assert_eq!(case.session().node(&c3).id, "symptom");
    assert_eq!(case.case_ref(), Some("TCK-5"), "typed text is never lost");
}

#[test]
fn an_unwritable_data_folder_warns_once_and_export_still_works() {
    let (_t, c) = fx::catalog();
    let tmp = tempfile::tempdir().expect("tempdir");
    let blocker = tmp.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the data folder should be").expect("write");
    let data = blocker.join("lockdiag");
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(&data)).expect("start");
    let warning = live.take_warning().expect("warned");
    assert!(warning.contains("not being saved"), "{warning}");
    assert!(warning.contains(&data.display().to_string()), "{warning}");
    assert_eq!(live.take_warning(), None, "said once");
    full_walk(&mut live, &c);
    assert_eq!(live.take_warning(), None, "still said once");
    assert!(!live.is_saving());
    assert_eq!(node_id(&live, &c), "smith");
    let out = tmp.path().join("case.md");
    save(&c, live.case(), Format::Md, &out, Default::default()).expect("export");
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.contains("TCK-1234") && text.contains("Locksmith card"));
}

#[test]
fn a_file_that_is_not_a_database_is_named_and_left_untouched() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let path = data.path().join(FILE_NAME);
    let garbage = "this is not an SQLite database, it is a shopping list\n".repeat(200);
    std::fs::write(&path, &garbage).expect("write");
    let err = Store::open(data.path()).expect_err("refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    let mut live = LiveCase::start(&c, fx::model(&c), Err(err)).expect("start");
    assert!(live.take_warning().expect("warned").contains("damaged"));
    answer(&mut live, &c, "No one is in danger");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), garbage);
}

#[test]
fn a_newer_store_is_refused_and_left_untouched() {
    let data = tempfile::tempdir().expect("tempdir");
    drop(Store::open(data.path()).expect("create"));
    let path = data.path().join(FILE_NAME);
    rusqlite::Connection::open(&path)
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("bump");
    let bytes = std::fs::read(&path).expect("read");
    let err = Store::open(data.path()).expect_err("refused");
    assert!(matches!(err, StoreError::Newer { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer lockdiag"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
}

#[test]
fn a_damaged_session_is_named_and_the_others_still_open() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let mut ids = Vec::new();
    for _ in 0..3 {
        let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
        answer(&mut live, &c, "No one is in danger");
        answer(&mut live, &c, "I lost my key");
        ids.push(live.case().id().expect("saved"));
    }
    let path = data.path().join(FILE_NAME);
    let db = rusqlite::Connection::open(&path).expect("open");
    db.execute(
        "UPDATE events SET payload = '{broken' WHERE session_id = ?1 AND seq = 2",
        [ids[0]],
    )
    .expect("damage an event");
    db.execute(
        "UPDATE sessions SET started = 'yesterday', trees = 'nonsense' WHERE id = ?1",
        [ids[1]],
    )
    .expect("damage a row");
    drop(db);

    let store = Store::open(data.path()).expect("open");
    let listed = store.list().expect("every session still lists");
    assert_eq!(listed.len(), 3);
    assert!(listed[0].problem.is_none());
    assert!(listed[1].problem.is_some(), "{:?}", listed[1]);
    assert_eq!(listed[1].model, "test-lock");

    let err = store
        .load_case(&c, Some(ids[0]))
        .expect_err("damaged event");
    let msg = err.to_string();
    assert!(msg.contains(&format!("session {}", ids[0])), "{msg}");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("event 2"), "{msg}");
    let err = store.load_case(&c, Some(ids[1])).expect_err("damaged row");
    assert!(err.to_string().contains(&format!("session {}", ids[1])));
    let (ok, _) = store.load_case(&c, Some(ids[2])).expect("the others open");
    assert_eq!(ok.outcome().map(|o| o.node.node.as_str()), Some("lost-key"));
    assert!(matches!(
        store.load_case(&c, Some(999)),
        Err(StoreError::NoSuchSession { id: 999, .. })
    ));
}

#[test]
fn a_session_whose_model_is_gone_names_the_model() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    answer(&mut live, &c, "No one is in danger");
    drop(live);
    let empty = lockdiag::catalog::Catalog::new(Vec::new(), Vec::new(), Vec::new());
    let store = Store::open(data.path()).expect("open");
    let err = store.load_case(&empty, None).expect_err("no model");
    assert!(
        err.to_string()
            .contains("'test-lock' is not in the library"),
        "{err}"
    );
}

#[test]
fn sessions_command_lists_text_and_json() {
    let (_t, c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let out = lockdiag()
        .args(["sessions", "--data-dir"])
        .arg(data.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).starts_with("No sessions yet"));
    assert!(
        !data.path().join(FILE_NAME).exists(),
        "listing creates nothing"
    );

    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data.path())).expect("start");
    full_walk(&mut live, &c);
    drop(live);
    let out = lockdiag()
        .arg("sessions")
        .env("LOCKDIAG_DATA", data.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("ID  STARTED"), "{text}");
    assert!(text.contains("test-lock") && text.contains("locksmith") && text.contains("TCK-1234"));
    let out = lockdiag()
        .args(["sessions", "--format", "json", "--data-dir"])
        .arg(data.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v[0]["id"], 1);
    assert_eq!(v[0]["outcome"], "locksmith");
    assert_eq!(v[0]["case_ref"], "TCK-1234");
}
