//! One end-to-end test of the real binary in a pseudo-terminal: open the picker, filter to a
//! model, walk to a locksmith outcome, go back, quit; assert the screen at each stage and that
//! the terminal was restored. No fixed sleeps: each stage waits for screen content, with a
//! timeout.

#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    fn contents(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    /// Waits until the screen shows `text`, or fails with what it shows.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let now = self.contents();
            if now.contains(text) {
                return now;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; the screen shows:\n{now}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A program running in an 80x24 pseudo-terminal.
struct Running {
    screen: Screen,
    keys: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    saw_alternate: Arc<Mutex<bool>>,
    /// HOME, XDG_DATA_HOME and the app's data folder (`data/`) of this run: nothing is written
    /// outside it.
    home: tempfile::TempDir,
}

/// Runs `script` in `sh` inside an 80x24 pseudo-terminal, with HOME, XDG_DATA_HOME and
/// LOCKDIAG_DATA in a fresh temporary folder of its own.
fn spawn(script: &str, env: &[(&str, &str)]) -> Running {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", script]);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("LOCKDIAG_TREES");
    cmd.env_remove("NO_COLOR");
    let home = tempfile::tempdir().expect("tempdir");
    cmd.env("HOME", home.path());
    cmd.env("XDG_DATA_HOME", home.path());
    cmd.env("LOCKDIAG_DATA", home.path().join("data"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let keys = pty.master.take_writer().expect("writer");
    let feed = Arc::clone(&parser);
    let saw_alternate = Arc::new(Mutex::new(false));
    let saw = Arc::clone(&saw_alternate);
    let seen = Arc::new(Mutex::new(Vec::new()));
    std::thread::spawn(move || {
        let _master = pty.master;
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().expect("parser").process(&buf[..n]);
            // Enter and leave may arrive in one read, so look for the sequence itself.
            let mut raw = seen.lock().expect("raw");
            raw.extend_from_slice(&buf[..n]);
            if raw.windows(8).any(|w| w == b"\x1b[?1049h") {
                *saw.lock().expect("flag") = true;
            }
        }
    });
    Running {
        screen: Screen { parser },
        keys,
        child,
        saw_alternate,
        home,
    }
}

fn assert_restored(screen: &Screen, saw_alternate: &Arc<Mutex<bool>>) {
    let after = screen.wait_for("ALL-DONE");
    let p = screen.parser.lock().expect("parser");
    assert!(
        *saw_alternate.lock().expect("flag"),
        "the app used the alternate screen"
    );
    assert!(!p.screen().alternate_screen(), "alternate screen left");
    assert!(!p.screen().hide_cursor(), "cursor visible");
    assert!(
        after.contains("icanon") && !after.contains("-icanon"),
        "raw mode off:\n{after}"
    );
}

fn bin_and_trees() -> (String, String) {
    let trees = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    (
        env!("CARGO_BIN_EXE_lockdiag").to_string(),
        trees.display().to_string(),
    )
}

#[test]
fn a_panic_restores_the_terminal_and_leaves_a_readable_message() {
    let (bin, trees) = bin_and_trees();
    let dir = tempfile::tempdir().expect("tempdir");
    let err = dir.path().join("stderr.txt");
    let script = format!(
        "'{bin}' --trees '{trees}' 2>'{}'; head -c 600 '{}'; echo; echo EXITED; stty -a; echo ALL-DONE",
        err.display(),
        err.display()
    );
    let Running {
        screen,
        mut child,
        saw_alternate: saw,
        ..
    } = spawn(
        &script,
        &[("LOCKDIAG_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
    );
    let after = screen.wait_for("EXITED");
    assert!(after.contains("panicking on purpose"), "{after}");
    child.wait().expect("wait");
    assert_restored(&screen, &saw);
}

#[test]
fn sigterm_restores_the_terminal() {
    let (bin, trees) = bin_and_trees();
    let dir = tempfile::tempdir().expect("tempdir");
    let pidfile = dir.path().join("pid");
    let script = format!(
        "'{bin}' --trees '{trees}' </dev/tty & echo $! > '{}'; wait $!; echo EXITED=$?; stty -a; echo ALL-DONE",
        pidfile.display()
    );
    let Running {
        screen,
        mut child,
        saw_alternate: saw,
        ..
    } = spawn(&script, &[]);
    screen.wait_for("Find your lock");
    let pid = std::fs::read_to_string(&pidfile).expect("pid file");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let after = screen.wait_for("EXITED=");
    assert!(after.contains("EXITED=143"), "{after}");
    child.wait().expect("wait");
    assert_restored(&screen, &saw);
}

#[test]
fn walk_to_locksmith_back_and_quit_restores_the_terminal() {
    let (bin, trees) = bin_and_trees();
    // The shell runs the app, then reports the terminal modes it left behind.
    let script = format!("'{bin}' --trees '{trees}'; echo; echo EXITED=$?; stty -a; echo ALL-DONE");
    let Running {
        screen,
        mut keys,
        mut child,
        saw_alternate,
        home,
    } = spawn(&script, &[]);
    let mut send = |s: &str| {
        keys.write_all(s.as_bytes()).expect("write");
        keys.flush().expect("flush");
    };
    screen.wait_for("Find your lock");
    screen.wait_for("I don't know my model");
    send("k100");
    let shown = screen.wait_for("Find your lock: k100");
    assert!(shown.contains("Acme Keypad 100"), "{shown}");
    send("\r");
    screen.wait_for("Is anyone in danger, or are there signs of a");
    send("2");
    screen.wait_for("What is the lock doing?");
    send("1");
    screen.wait_for("Replace all four batteries");
    send("2");
    let card = screen.wait_for("CALL A LOCKSMITH");
    assert!(card.contains("TODAY"), "{card}");
    assert!(card.contains("Schlage C (SC1)"), "{card}");
    send("\x7f"); // Backspace: back to the remedy
    screen.wait_for("Did this fix it?");
    send("q");
    screen.wait_for("EXITED=0");
    assert!(child.wait().expect("wait").success());
    assert_restored(&screen, &saw_alternate);
    let after = screen.contents();
    assert!(!after.contains(" -echo "), "echo back on:\n{after}");
    // The walk was saved in this test's own folder, and nothing else was written there.
    let mut written: Vec<String> = std::fs::read_dir(home.path())
        .expect("home")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["data"], "only the data folder is written");
    assert!(
        std::fs::read_dir(home.path().join("data"))
            .expect("data folder")
            .next()
            .is_some(),
        "the session store is in the test's data folder"
    );
}

#[test]
fn sigkill_mid_walk_loses_no_saved_step() {
    let (bin, trees) = bin_and_trees();
    let data = tempfile::tempdir().expect("tempdir");
    let pidfile = data.path().join("pid");
    let script = format!(
        "'{bin}' --trees '{trees}' --data-dir '{}' </dev/tty & echo $! > '{}'; wait $!; echo EXITED=$?; stty sane; echo ALL-DONE",
        data.path().display(),
        pidfile.display()
    );
    let Running {
        screen,
        mut keys,
        mut child,
        ..
    } = spawn(&script, &[]);
    let mut send = |s: &str| {
        keys.write_all(s.as_bytes()).expect("write");
        keys.flush().expect("flush");
    };
    screen.wait_for("Find your lock");
    send("k100");
    screen.wait_for("Find your lock: k100");
    send("\r");
    screen.wait_for("Is anyone in danger, or are there signs of a");
    send("2");
    screen.wait_for("What is the lock doing?");
    send("1");
    screen.wait_for("Replace all four batteries");
    send("2");
    screen.wait_for("CALL A LOCKSMITH");
    // Each step was committed as it happened: kill the process without warning.
    let pid = std::fs::read_to_string(&pidfile).expect("pid file");
    let killed = std::process::Command::new("kill")
        .args(["-KILL", pid.trim()])
        .status()
        .expect("kill");
    assert!(killed.success());
    screen.wait_for("EXITED=137");
    child.wait().expect("wait");

    let out = std::process::Command::new(bin)
        .args(["--trees", &trees, "--data-dir"])
        .arg(data.path())
        .args(["export", "--format", "json"])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let steps = v["steps"].as_array().expect("steps");
    let nodes: Vec<&str> = steps.iter().filter_map(|s| s["node"].as_str()).collect();
    assert_eq!(nodes, ["danger", "symptom", "batteries"], "{v:#}");
}

/// The notes of the latest session in `data`, as `lockdiag export --format json` gives them.
fn saved_notes(bin: &str, trees: &str, data: &Path) -> Vec<String> {
    let out = std::process::Command::new(bin)
        .args(["--trees", trees, "--data-dir"])
        .arg(data)
        .args(["export", "--format", "json"])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n["text"].as_str().map(str::to_string))
        .collect()
}

/// Opens the app on the fixture model in a fresh data folder, with the note editor open on
/// the first question. Returns the run, the data folder and the pid file.
fn note_open(data: &Path) -> (Running, std::path::PathBuf) {
    let (bin, trees) = bin_and_trees();
    let pidfile = data.join("pid");
    let err = data.join("stderr.txt");
    let script = format!(
        "'{bin}' --trees '{trees}' --data-dir '{}' </dev/tty 2>'{}' & echo $! > '{}'; wait $!; echo EXITED=$?; stty sane; echo ALL-DONE",
        data.display(),
        err.display(),
        pidfile.display()
    );
    let mut run = spawn(&script, &[]);
    run.screen.wait_for("Find your lock");
    run.keys.write_all(b"k100").expect("write");
    run.keys.flush().expect("flush");
    run.screen.wait_for("Find your lock: k100");
    run.keys.write_all(b"\r").expect("write");
    run.screen
        .wait_for("Is anyone in danger, or are there signs of a");
    run.keys.write_all(b"n").expect("write");
    run.keys.flush().expect("flush");
    run.screen.wait_for("Note on:");
    (run, pidfile)
}

#[test]
fn sighup_saves_the_note_being_typed() {
    let (bin, trees) = bin_and_trees();
    let data = tempfile::tempdir().expect("tempdir");
    let (mut run, pidfile) = note_open(data.path());
    run.keys.write_all(b"gate code 4711").expect("write");
    run.keys.flush().expect("flush");
    run.screen.wait_for("gate code 4711");
    let pid = std::fs::read_to_string(&pidfile).expect("pid file");
    let killed = std::process::Command::new("kill")
        .args(["-HUP", pid.trim()])
        .status()
        .expect("kill");
    assert!(killed.success());
    run.screen.wait_for("EXITED=129");
    run.child.wait().expect("wait");
    assert_eq!(saved_notes(&bin, &trees, data.path()), ["gate code 4711"]);
    let stderr = std::fs::read_to_string(data.path().join("stderr.txt")).expect("stderr");
    assert!(
        !(stderr.contains("Failed to restore terminal") && stderr.contains("restored")),
        "{stderr}"
    );
}

#[test]
fn a_pasted_lone_cr_is_a_line_break_in_a_note() {
    let (bin, trees) = bin_and_trees();
    let data = tempfile::tempdir().expect("tempdir");
    let (mut run, _) = note_open(data.path());
    // A bracketed paste, with line breaks as terminals send them: CR, and one CRLF.
    run.keys
        .write_all(b"\x1b[200~first line\rsecond line\r\nthird line\x1b[201~")
        .expect("write");
    run.keys.flush().expect("flush");
    run.screen.wait_for("third line");
    run.keys.write_all(b"\x1b").expect("write"); // Esc saves the note
    run.keys.flush().expect("flush");
    run.screen.wait_for("Note saved on this step");
    run.keys.write_all(b"q").expect("write");
    run.keys.flush().expect("flush");
    run.screen.wait_for("EXITED=0");
    run.child.wait().expect("wait");
    assert_eq!(
        saved_notes(&bin, &trees, data.path()),
        ["first line\nsecond line\nthird line"]
    );
}

#[test]
fn a_dumb_or_missing_term_gets_a_message_not_the_app() {
    let (bin, trees) = bin_and_trees();
    let script = format!(
        "TERM=dumb '{bin}' --trees '{trees}'; echo DUMB=$?; env -u TERM '{bin}' --trees '{trees}'; echo UNSET=$?; echo ALL-DONE"
    );
    let Running {
        screen,
        mut child,
        saw_alternate,
        ..
    } = spawn(&script, &[]);
    let after = screen.wait_for("ALL-DONE");
    child.wait().expect("wait");
    assert!(
        !*saw_alternate.lock().expect("flag"),
        "the full-screen app opened:\n{after}"
    );
    assert!(
        after.contains("DUMB=2") && after.contains("UNSET=2"),
        "{after}"
    );
    assert!(after.contains("(TERM is 'dumb')"), "{after}");
    assert!(after.contains("(TERM is not set)"), "{after}");
    assert!(after.contains("lockdiag walk MODEL"), "{after}");
}
impl Screen {
    /// Waits until the screen no longer shows `text`.
    fn wait_gone(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let now = self.contents();
            if !now.contains(text) {
                return now;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?} to go; the screen shows:\n{now}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Issue 18 item 1: a write that fails shows NOT SAVED until saving works again, the queued
/// changes go out when it does, and quitting with unsaved changes asks first and then says so.
#[test]
fn a_failing_store_shows_not_saved_retries_and_asks_before_quitting() {
    let (bin, trees) = bin_and_trees();
    let data = tempfile::tempdir().expect("tempdir");
    let flag = data.path().join("fail-writes");
    let err = data.path().join("stderr.txt");
    let script = format!(
        "'{bin}' --trees '{trees}' --data-dir '{}' 2>'{}'; echo EXITED=$?; cat '{}'; echo ALL-DONE",
        data.path().display(),
        err.display(),
        err.display()
    );
    let flag_text = flag.display().to_string();
    let Running {
        screen,
        mut keys,
        mut child,
        ..
    } = spawn(
        &script,
        &[("LOCKDIAG_TEST_FAIL_WRITES", flag_text.as_str())],
    );
    let mut send = |s: &str| {
        keys.write_all(s.as_bytes()).expect("write");
        keys.flush().expect("flush");
    };
    screen.wait_for("Find your lock");
    send("k100");
    screen.wait_for("Find your lock: k100");
    send("\r");
    screen.wait_for("Is anyone in danger, or are there signs of a");
    send("2");
    screen.wait_for("What is the lock doing?");
    // The store starts refusing writes (as a full disk does).
    std::fs::write(&flag, "").expect("flag");
    send("1");
    let shown = screen.wait_for("[NOT SAVED]");
    assert!(shown.contains("Replace all four batteries"), "{shown}");
    // Space comes back: the queued answer goes out by itself, and the badge goes.
    std::fs::remove_file(&flag).expect("unflag");
    let shown = screen.wait_gone("[NOT SAVED]");
    assert!(shown.contains("Replace all four batteries"), "{shown}");
    // Failing again, then q: asked, not quit.
    std::fs::write(&flag, "").expect("flag");
    send("2");
    screen.wait_for("CALL A LOCKSMITH");
    screen.wait_for("[NOT SAVED]");
    send("q");
    screen.wait_for("Press q again");
    send("q");
    let after = screen.wait_for("ALL-DONE");
    assert!(after.contains("EXITED=3"), "{after}");
    assert!(after.contains("were NOT saved"), "{after}");
    child.wait().expect("wait");

    let out = std::process::Command::new(bin)
        .args(["--trees", &trees, "--data-dir"])
        .arg(data.path())
        .args(["export", "--format", "json"])
        .output()
        .expect("export");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let nodes: Vec<&str> = v["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["node"].as_str())
        .collect();
    assert_eq!(
        nodes,
        ["danger", "symptom"],
        "the retried answer is stored: {v:#}"
    );
}
