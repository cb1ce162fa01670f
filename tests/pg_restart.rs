//! The shared store when the server goes away: stopped mid-walk and started again, and down
//! when the app starts. Needs the test server's control script (`LOCKDIAG_TEST_PG_CTL`, set by
//! `bash .ci/run`); its own test binary, so stopping the server disturbs no other test.

mod pg_fixture;
mod session_fixture;

use std::process::Command;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use lockdiag::catalog::Catalog;
use lockdiag::cli::interactive::resume_case;
use lockdiag::store::{LiveCase, SaveState, Store, StoreSpec};
use session_fixture as fx;

fn ctl(what: &str) {
    let script = std::env::var("LOCKDIAG_TEST_PG_CTL").expect("LOCKDIAG_TEST_PG_CTL");
    let ok = Command::new(&script)
        .arg(what)
        .status()
        .expect("run the server control script");
    assert!(ok.success(), "{script} {what} failed");
}

fn answer(live: &mut LiveCase, c: &Catalog, given: &str) {
    let a = live.session().parse_answer(c, given).expect("answer fits");
    live.answer(c, a).expect("answer applies");
}

/// Walks back and forth `n` times (2 events each).
fn churn(live: &mut LiveCase, c: &Catalog, n: usize) {
    for _ in 0..n {
        answer(live, c, fx::DARK);
        assert!(live.back(c));
    }
}

/// Starts the server again, waits for `live` to send what it kept, and checks the stored log
/// against it; the store, for further checks.
fn start_and_check(live: &mut LiveCase, c: &Catalog, url: &str) -> Store {
    ctl("start");
    assert!(
        live.settle(c, Duration::from_secs(30)),
        "{:?}",
        live.save_state()
    );
    let store = Store::connect(url, None, None).expect("connect");
    check_log(&store, live);
    store
}

fn check_log(store: &Store, live: &LiveCase) {
    let id = live.case().id().expect("id");
    let stored = store.load(id).expect("load");
    let seqs: Vec<u32> = stored.events.iter().map(|e| e.seq).collect();
    let want: Vec<u32> = (1..=u32::try_from(seqs.len()).expect("len")).collect();
    assert_eq!(seqs, want, "no gap, nothing twice");
    assert_eq!(
        stored.events,
        live.case().events(),
        "every event arrived once"
    );
}

/// The test server and the right to stop it (the tests here take turns), or `None` (with the
/// skip message printed) when there is no server or no control script.
fn server_to_stop() -> Option<(String, MutexGuard<'static, ()>)> {
    static TURN: Mutex<()> = Mutex::new(());
    let server = pg_fixture::server()?;
    if std::env::var_os("LOCKDIAG_TEST_PG_CTL").is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must run the restart test: LOCKDIAG_TEST_PG_CTL is not set"
        );
        eprintln!(
            "skipped: set LOCKDIAG_TEST_PG_CTL to a script that takes start|stop (bash .ci/run does)"
        );
        return None;
    }
    Some((server, TURN.lock().unwrap_or_else(PoisonError::into_inner)))
}

/// A fresh database on the test server, and agent anna's settings for it with her own data
/// folder (for the spool).
fn anna_on(server: &str, label: &str) -> (String, tempfile::TempDir, StoreSpec) {
    let url = pg_fixture::fresh_db(server, label);
    let data = tempfile::tempdir().expect("tempdir");
    let spec = StoreSpec {
        url: Some(url.clone()),
        data_dir: Some(data.path().to_path_buf()),
        agent: Some("anna".into()),
    };
    (url, data, spec)
}

#[test]
fn a_server_restart_mid_walk_loses_nothing_and_duplicates_nothing() {
    let Some((server, _turn)) = server_to_stop() else {
        return;
    };
    let (_t, c) = fx::catalog();
    let (url, _data, spec) = anna_on(&server, "restart");
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open_spec(&spec)).expect("start");
    answer(&mut live, &c, "No one is in danger");
    churn(&mut live, &c, 10);
    assert!(live.settle(&c, Duration::from_secs(20)));

    // The server goes away mid-walk: the walk goes on, the changes are kept locally.
    ctl("stop");
    churn(&mut live, &c, 10);
    live.set_case_ref("TCK-DOWN");
    let offline = (0..400).any(|_| {
        live.refresh(&c);
        std::thread::sleep(Duration::from_millis(25));
        matches!(live.save_state(), SaveState::Offline { kept: Some(_), .. })
    });
    assert!(offline, "{:?}", live.save_state());
    let told = live.take_warning().expect("said once");
    assert!(
        told.contains("spool.db") && told.contains("cannot reach"),
        "{told}"
    );
    churn(&mut live, &c, 5);
    assert!(live.unsaved() > 0);

    // Back: everything goes out, in order, once.
    let store = start_and_check(&mut live, &c, &url);
    assert_eq!(live.finish(), None, "nothing left unsent");

    // Down when the app starts: it opens on the local spool and says so.
    ctl("stop");
    let mut late =
        LiveCase::start(&c, fx::model(&c), Store::open_spec(&spec)).expect("opens anyway");
    answer(&mut late, &c, "No one is in danger");
    churn(&mut late, &c, 3);
    assert!(!late.settle(&c, Duration::from_millis(500)));
    let told = late.take_warning().expect("told where the case is kept");
    assert!(told.contains("kept in"), "{told}");
    // Quitting while the server is down keeps the changes in the spool ...
    let note = late.finish().expect("says where they are");
    assert!(note.contains("spool.db"), "{note}");
    let events = 1 + 3 * 2;
    // ... and the next run sends them before anything else.
    ctl("start");
    let mut next = LiveCase::start(&c, fx::model(&c), Store::open_spec(&spec)).expect("start");
    answer(&mut next, &c, "No one is in danger");
    assert!(next.settle(&c, Duration::from_secs(30)));
    drop(next.finish());
    let listed = store.list().expect("list");
    assert_eq!(listed.len(), 3, "{listed:?}");
    let kept = store.load(listed[1].id).expect("the case kept while down");
    assert_eq!(kept.events.len(), events);
}

#[test]
fn resume_while_the_server_is_down_opens_the_case_this_machine_kept() {
    let Some((server, _turn)) = server_to_stop() else {
        return;
    };
    let (_t, c) = fx::catalog();
    let (url, _data, spec) = anna_on(&server, "resume_down");
    let password = pg_fixture::password(&url);
    // One case reaches the server; another is made while it is down and kept here.
    let mut sent = LiveCase::start(&c, fx::model(&c), Store::open_spec(&spec)).expect("start");
    answer(&mut sent, &c, "No one is in danger");
    sent.set_case_ref("TCK-SERVER");
    assert!(sent.settle(&c, Duration::from_secs(20)));
    assert_eq!(sent.finish(), None);
    ctl("stop");
    let mut kept = LiveCase::start(&c, fx::model(&c), Store::open_spec(&spec)).expect("start");
    answer(&mut kept, &c, "No one is in danger");
    kept.set_case_ref("TCK-KEPT");
    churn(&mut kept, &c, 2);
    assert!(!kept.settle(&c, Duration::from_millis(300)));
    let made = kept.case().events().to_vec();
    assert!(kept.finish().expect("kept").contains("spool.db"));

    // Resume with the server down: the kept case opens, and the app says where it is kept.
    let (mut live, message) =
        resume_case(&c, Some("TCK-KEPT"), &spec).expect("the kept case opens");
    let message = message.expect("a message");
    assert!(message.contains("cannot be reached"), "{message}");
    assert!(message.contains("case TCK-KEPT"), "{message}");
    assert!(message.contains("spool.db"), "{message}");
    assert!(!message.contains(&password), "{message}");
    assert_eq!(live.case().events(), &made[..]);
    assert_eq!(live.case().case_ref(), Some("TCK-KEPT"));
    assert!(
        live.unsaved() > 0,
        "the kept changes are not on the server yet"
    );

    // A case only the server has cannot be opened now, and the error says why and when.
    let err = resume_case(&c, Some("TCK-SERVER"), &spec)
        .expect_err("not kept here")
        .to_string();
    assert!(err.contains("cannot reach the case store"), "{err}");
    assert!(
        err.contains("case 'TCK-SERVER' is not kept on this machine"),
        "{err}"
    );
    assert!(err.contains("once postgresql://"), "{err}");
    assert!(!err.contains(&password), "{err}");

    // The walk goes on offline; once the server is back every event arrives once.
    churn(&mut live, &c, 2);
    let store = start_and_check(&mut live, &c, &url);
    assert_eq!(live.case().events().len(), made.len() + 4);
    assert_eq!(live.finish(), None, "nothing left unsent");
    assert_eq!(store.list().expect("list").len(), 2);
}
