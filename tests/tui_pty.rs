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

#[test]
fn walk_to_locksmith_back_and_quit_restores_the_terminal() {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let bin = env!("CARGO_BIN_EXE_lockdiag");
    let trees = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    // The shell runs the app, then reports the terminal modes it left behind.
    let script = format!(
        "'{bin}' --trees '{}'; echo; echo EXITED=$?; stty -a",
        trees.display()
    );
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", &script]);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("LOCKDIAG_TREES");
    cmd.env_remove("NO_COLOR");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);

    let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let feed = Arc::clone(&parser);
    // Track whether the app ever switched to the alternate screen.
    let saw_alternate = Arc::new(Mutex::new(false));
    let saw = Arc::clone(&saw_alternate);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut p = feed.lock().expect("parser");
            p.process(&buf[..n]);
            if p.screen().alternate_screen() {
                *saw.lock().expect("flag") = true;
            }
        }
    });
    let mut keys = pty.master.take_writer().expect("writer");
    let mut send = |s: &str| {
        keys.write_all(s.as_bytes()).expect("write");
        keys.flush().expect("flush");
    };
    let screen = Screen { parser };

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
    send("n");
    let card = screen.wait_for("CALL A LOCKSMITH");
    assert!(card.contains("TODAY"), "{card}");
    assert!(card.contains("Schlage C (SC1)"), "{card}");
    send("\x7f"); // Backspace: back to the remedy
    screen.wait_for("Did this fix it?");
    send("q");
    let after = screen.wait_for("EXITED=0");
    let status = child.wait().expect("wait");
    assert!(status.success());
    let p = screen.parser.lock().expect("parser");
    assert!(
        *saw_alternate.lock().expect("flag"),
        "the app used the alternate screen"
    );
    assert!(!p.screen().alternate_screen(), "alternate screen left");
    assert!(!p.screen().hide_cursor(), "cursor visible");
    // stty -a lists "-icanon"/"-echo" while raw mode is on.
    assert!(
        after.contains("icanon") && !after.contains("-icanon"),
        "raw mode off:\n{after}"
    );
    assert!(!after.contains(" -echo "), "echo back on:\n{after}");
}
