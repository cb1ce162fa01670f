//! The commands that only read the SQLite store (`sessions`, `export`, `stats`) open it
//! read-only (issue 18, item 9): the file keeps its bytes and its modification time, a
//! DELETE-journal store stays one, a 0-byte file stays 0 bytes, a store in a folder that
//! cannot be written is read, an older store is not upgraded, and another program's database
//! is refused by name. Every test works in its own temporary folders.

mod common;
mod session_fixture;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use common::lockdiag;
use lockdiag::store::{FILE_NAME, LiveCase, Store, StoreError};
use session_fixture as fx;

/// Every read command, with what its output must hold when the store has case TCK-77.
const READ_COMMANDS: [(&[&str], &str); 7] = [
    (&["sessions"], "TCK-77"),
    (&["sessions", "--format", "json"], "\"TCK-77\""),
    (&["export"], "## Locksmith card: case TCK-77"),
    (&["export", "1", "--format", "json"], "\"TCK-77\""),
    (&["export", "TCK-77", "--format", "text"], "TCK-77"),
    (&["stats"], "1 session(s)"),
    (&["stats", "--format", "json"], "\"sessions\": 1"),
];

/// Walks one case (case reference TCK-77) into a new store in `data`; returns the trees.
fn store_with_a_case(data: &Path) -> tempfile::TempDir {
    let (trees, c) = fx::catalog();
    let mut live = LiveCase::start(&c, fx::model(&c), Store::open(data)).expect("start");
    for a in ["No one is in danger", "I lost my key"] {
        let parsed = live.session().parse_answer(&c, a).expect("parse");
        live.answer(&c, parsed).expect("answer");
    }
    assert!(live.set_case_ref("TCK-77"));
    drop(live);
    trees
}

/// Switches the store at `path` to the DELETE journal.
fn to_delete_journal(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "delete");
}

/// Sets the modification time of `path` to a fixed moment in the past, so any write shows.
fn age(path: &Path) {
    let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open")
        .set_modified(past)
        .expect("set mtime");
}

/// Each file in `dir`: name, bytes and modification time.
fn folder(dir: &Path) -> Vec<(String, Vec<u8>, SystemTime)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            let meta = e.metadata().expect("meta");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
                meta.modified().expect("mtime"),
            )
        })
        .collect();
    out.sort();
    out
}

/// The file's bytes and modification time.
fn file_state(path: &Path) -> (Vec<u8>, SystemTime) {
    let bytes = std::fs::read(path).expect("read");
    let mtime = std::fs::metadata(path)
        .expect("meta")
        .modified()
        .expect("mtime");
    (bytes, mtime)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn read_commands_leave_a_delete_journal_store_byte_for_byte() {
    let data = tempfile::tempdir().expect("tempdir");
    let trees = store_with_a_case(data.path());
    let path = data.path().join(FILE_NAME);
    to_delete_journal(&path);
    age(&path);
    let before = folder(data.path());
    assert_eq!(before.len(), 1, "only the store: {:?}", before.len());
    for (args, wanted) in READ_COMMANDS {
        let out = lockdiag()
            .arg("--trees")
            .arg(trees.path())
            .arg("--data-dir")
            .arg(data.path())
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains(wanted),
            "{args:?}: {}",
            text(&out.stdout)
        );
        assert_eq!(
            folder(data.path()),
            before,
            "{args:?} changed the store or created a file beside it"
        );
    }
    // Still a DELETE-journal store (bytes 18 and 19 of the header are 1 for it, 2 for WAL).
    assert_eq!(&before[0].1[18..20], &[1, 1]);
}

#[test]
fn a_zero_byte_or_missing_store_reads_as_no_cases_and_is_not_created() {
    let (trees, _c) = fx::catalog();
    let data = tempfile::tempdir().expect("tempdir");
    let path = data.path().join(FILE_NAME);
    std::fs::write(&path, b"").expect("0 bytes");
    age(&path);
    let before = folder(data.path());
    let missing = data.path().join("not-yet");
    for dir in [data.path(), missing.as_path()] {
        // (command, succeeds, what it says: on stdout when it succeeds, else on stderr)
        for (cmd, ok, wanted) in [
            ("sessions", true, "No sessions yet in"),
            ("stats", true, "0 session(s)"),
            ("export", false, "there are no sessions in"),
        ] {
            let out = lockdiag()
                .arg("--trees")
                .arg(trees.path())
                .arg("--data-dir")
                .arg(dir)
                .arg(cmd)
                .output()
                .expect("run");
            let said = text(if ok { &out.stdout } else { &out.stderr });
            assert_eq!(out.status.success(), ok, "{cmd}: {}", text(&out.stderr));
            assert!(said.contains(wanted), "{cmd}: {said}");
        }
    }
    assert_eq!(folder(data.path()), before, "the 0-byte file stays 0 bytes");
    assert!(!missing.exists(), "no data folder is created");
}

/// How to run the binary as a user who cannot write a 0555 folder: directly when this is not
/// root; as `nobody` through `setpriv` when it is (root writes anywhere); `None` when neither
/// works.
fn unprivileged(probe_dir: &Path) -> Option<Vec<String>> {
    let bin = env!("CARGO_BIN_EXE_lockdiag").to_string();
    let root = std::fs::metadata(probe_dir).expect("meta").uid() == 0;
    if !root {
        return Some(vec![bin]);
    }
    let drop_to_nobody: Vec<String> = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ]
    .iter()
    .map(ToString::to_string)
    .chain([bin])
    .collect();
    let works = Command::new(&drop_to_nobody[0])
        .args(&drop_to_nobody[1..])
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(drop_to_nobody)
}

/// Runs `argv` + `args` with no lockdiag settings from the environment.
fn run(argv: &[String], args: &[&std::ffi::OsStr]) -> Output {
    Command::new(&argv[0])
        .args(&argv[1..])
        .args(args)
        .env_remove("LOCKDIAG_TREES")
        .env_remove("LOCKDIAG_DATA")
        .env_remove("LOCKDIAG_STORE")
        .env_remove("LOCKDIAG_AGENT")
        .output()
        .expect("run")
}

/// Sets `mode` on `path`.
fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Gives every folder under `dir` (and `dir`) mode 0755 so another user can read the trees.
fn open_up(dir: &Path) {
    chmod(dir, 0o755);
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            open_up(&p);
        }
    }
}

/// A data folder whose files are made read-only (0444) and the folder given `folder_mode`; the
/// folder gets 0755 back on drop so the temporary folder can be removed.
struct ReadOnly(PathBuf);

impl ReadOnly {
    fn new(dir: &Path, folder_mode: u32) -> Self {
        for e in std::fs::read_dir(dir).expect("read dir") {
            chmod(&e.expect("entry").path(), 0o444);
        }
        chmod(dir, folder_mode);
        Self(dir.to_path_buf())
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        chmod(&self.0, 0o755);
    }
}

#[test]
fn a_store_in_a_read_only_folder_is_read_and_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    open_up(tmp.path());
    let Some(argv) = unprivileged(tmp.path()) else {
        println!(
            "skipped: running as root, and 'setpriv' cannot run lockdiag as nobody here, so a \
             read-only folder cannot be made (root reads and writes through chmod 0555)"
        );
        return;
    };
    // (case, DELETE journal, the folder's mode: 0555 read-only, 0777 writable by anyone)
    for (name, delete_journal, folder_mode) in [
        ("wal", false, 0o555),
        ("delete", true, 0o555),
        ("wal, read-only file in a writable folder", false, 0o777),
    ] {
        let data = tmp
            .path()
            .join(format!("store{folder_mode:o}{delete_journal}"));
        let trees = store_with_a_case(&data);
        let path = data.join(FILE_NAME);
        if delete_journal {
            to_delete_journal(&path);
        }
        age(&path);
        open_up(trees.path());
        let before = folder(&data);
        assert_eq!(
            before.len(),
            1,
            "{name}: a cleanly closed store is one file"
        );
        let guard = ReadOnly::new(&data, folder_mode);
        for (args, wanted) in READ_COMMANDS {
            let mut all: Vec<&std::ffi::OsStr> = vec![
                "--trees".as_ref(),
                trees.path().as_os_str(),
                "--data-dir".as_ref(),
                data.as_os_str(),
            ];
            all.extend(args.iter().map(std::ffi::OsStr::new));
            let out = run(&argv, &all);
            assert!(
                out.status.success(),
                "{name} {args:?}: {}",
                text(&out.stderr)
            );
            assert!(
                text(&out.stdout).contains(wanted),
                "{name} {args:?}: {}",
                text(&out.stdout)
            );
        }
        drop(guard);
        if folder_mode == 0o555 {
            assert_eq!(folder(&data), before, "{name}: the folder is as it was");
        } else {
            // SQLite's -shm and -wal may appear beside a WAL store; the store itself is as it was.
            assert_eq!(
                file_state(&path),
                (before[0].1.clone(), before[0].2),
                "{name}"
            );
        }
    }
}

#[test]
fn unmerged_changes_in_a_read_only_folder_are_named_not_skipped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    open_up(tmp.path());
    let Some(argv) = unprivileged(tmp.path()) else {
        println!("skipped: running as root, and 'setpriv' cannot run lockdiag as nobody here");
        return;
    };
    let live = tmp.path().join("live");
    let _trees = store_with_a_case(&live);
    // A writer that has not merged its log yet (as a lockdiag still running, or killed): the
    // copy has the store and a non-empty -wal, and no -shm.
    let writer = rusqlite::Connection::open(live.join(FILE_NAME)).expect("open");
    writer
        .execute_batch("PRAGMA wal_autocheckpoint = 0; UPDATE sessions SET case_ref = 'TCK-88';")
        .expect("write into the log");
    let data = tmp.path().join("copy");
    std::fs::create_dir(&data).expect("mkdir");
    for suffix in ["", "-wal"] {
        let name = format!("{FILE_NAME}{suffix}");
        std::fs::copy(live.join(&name), data.join(&name)).expect("copy");
    }
    drop(writer);
    let before = folder(&data);
    let guard = ReadOnly::new(&data, 0o555);
    let out = run(
        &argv,
        &["--data-dir".as_ref(), data.as_os_str(), "sessions".as_ref()],
    );
    drop(guard);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}-wal holds changes not yet merged",
            data.join(FILE_NAME).display()
        )) && err.contains("cannot be read here"),
        "{err}"
    );
    assert_eq!(folder(&data), before);
}

/// Runs the three read commands on `data` and returns their stderr; each must fail.
fn refused(data: &Path) -> Vec<String> {
    [&["sessions"][..], &["export"], &["stats"]]
        .iter()
        .map(|args| {
            let out = lockdiag()
                .arg("--data-dir")
                .arg(data)
                .args(*args)
                .output()
                .expect("run");
            assert!(!out.status.success(), "{args:?}: {}", text(&out.stdout));
            text(&out.stderr)
        })
        .collect()
}

#[test]
fn another_programs_database_is_refused_by_name_and_never_changed() {
    for (what, sql) in [
        (
            "user_version 1",
            "CREATE TABLE accounts (id INTEGER, name TEXT); PRAGMA user_version = 1;",
        ),
        (
            "user_version 0",
            "CREATE TABLE accounts (id INTEGER, name TEXT);",
        ),
        (
            "our table names, other columns",
            "CREATE TABLE sessions (x); CREATE TABLE events (y); PRAGMA user_version = 2;",
        ),
        ("user_version 1, no tables", "PRAGMA user_version = 1;"),
    ] {
        let data = tempfile::tempdir().expect("tempdir");
        let path = data.path().join(FILE_NAME);
        rusqlite::Connection::open(&path)
            .expect("create")
            .execute_batch(sql)
            .expect("another program's database");
        age(&path);
        let before = file_state(&path);
        let wanted = format!("{} is not a lockdiag case store", path.display());
        for err in refused(data.path()) {
            assert!(err.contains(&wanted), "{what}: {err}");
            assert!(!err.contains("no such"), "{what}: {err}");
        }
        // A command that writes (the app, resume) refuses it the same way.
        let err = Store::open(data.path()).expect_err("refused");
        assert!(matches!(err, StoreError::NotOurs { .. }), "{what}: {err}");
        assert_eq!(file_state(&path), before, "{what}: left untouched");
        assert_eq!(folder(data.path()).len(), 1, "{what}: nothing beside it");
    }
}

#[test]
fn an_older_store_is_not_upgraded_by_reading_but_by_the_app() {
    let data = tempfile::tempdir().expect("tempdir");
    let path = data.path().join(FILE_NAME);
    let _trees = store_with_a_case(data.path());
    // Back to what a version 1 store looks like: no session keys, no event agents.
    rusqlite::Connection::open(&path)
        .expect("open")
        .execute_batch(
            "DROP INDEX sessions_uid; DROP INDEX sessions_case_ref;
             ALTER TABLE sessions DROP COLUMN uid; ALTER TABLE events DROP COLUMN agent;
             PRAGMA user_version = 1; PRAGMA journal_mode = DELETE;",
        )
        .expect("a version 1 store");
    age(&path);
    let before = file_state(&path);
    for err in refused(data.path()) {
        assert!(
            err.contains(&format!(
                "{} was written by an older lockdiag",
                path.display()
            )) && err.contains("needs upgrading")
                && err.contains("left untouched"),
            "{err}"
        );
    }
    assert_eq!(file_state(&path), before, "reading did not upgrade it");
    // Opening it to write (what the app does) upgrades it; then it reads.
    drop(Store::open(data.path()).expect("upgraded"));
    let out = lockdiag()
        .arg("--data-dir")
        .arg(data.path())
        .arg("sessions")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("TCK-77"),
        "{}",
        text(&out.stdout)
    );
}
