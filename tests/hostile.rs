//! Hostile input against the real binary (issue 18): tree files, arguments and store contents
//! that try to drive the terminal, exports that try to write where they should not, and the
//! folders and values that used to hang or break a command. Every test works in its own
//! temporary folders.

mod common;

use std::path::{Path, PathBuf};

use common::lockdiag;

/// An OSC 52 sequence that would put `rm -rf ~` on the clipboard.
const OSC52: &str = "\u{1b}]52;c;cm0gLXJmIH4K\u{7}";
/// An OSC 0 sequence that would set the window title.
const TITLE: &str = "\u{1b}]0;X\u{7}";

fn minimal() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal.yaml");
    std::fs::read_to_string(p).expect("minimal fixture")
}

/// The first character in `out` that could drive a terminal: ESC, BEL and the other C0
/// controls but the line break, DEL, C1 controls, bidi controls.
fn first_control(out: &[u8]) -> Option<(usize, char)> {
    String::from_utf8_lossy(out)
        .chars()
        .enumerate()
        .find(|(_, c)| {
            (c.is_control() && *c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
}

/// Runs `cmd` and fails when stdout or stderr holds a terminal control; returns both.
fn assert_no_controls(mut cmd: assert_cmd::Command, what: &str) -> (String, String) {
    let out = cmd.output().expect("run");
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some((at, c)) = first_control(bytes) {
            panic!(
                "{what}: {name} holds U+{:04X} at character {at}:\n{}",
                u32::from(c),
                String::from_utf8_lossy(bytes).escape_debug()
            );
        }
    }
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The minimal tree with `from` replaced by `to` (YAML double-quoted escapes allowed in `to`).
fn variant(from: &str, to: &str) -> String {
    let text = minimal();
    assert!(text.contains(from), "fixture has {from:?}");
    text.replacen(from, to, 1)
}

/// Trees whose every kind of value holds an escape sequence, by what they attack.
fn hostile_trees() -> Vec<(&'static str, String)> {
    vec![
        (
            "id",
            variant("id: test-lock", "id: \"\\e]52;c;cm0gLXJmIH4K\\a\""),
        ),
        (
            "target",
            variant("next: symptom", "next: \"sym\\e]0;X\\aptom\""),
        ),
        (
            "kind",
            variant("kind: resolved", "kind: \"resolved\\e[31m\""),
        ),
        (
            "urgency",
            variant("urgency: today", "urgency: \"to\\x9b2Jday\""),
        ),
        (
            "cylinder",
            variant("cylinder: pin-tumbler", "cylinder: \"pin\\e]0;X\\a\""),
        ),
        (
            "procedure",
            variant(
                "  - id: fixed\n",
                "  - id: handover\n    kind: procedure\n    procedure: \"p\\e]0;X\\a\"\n    next: fixed\n  - id: fixed\n",
            ),
        ),
        (
            "path-test name",
            variant(
                "name: dead keypad fixed by batteries",
                "name: \"dead \\e]0;X\\a keypad\"",
            ),
        ),
        (
            "path-test answer",
            variant(
                "answers: [No one is in danger, The keypad is dead, yes]",
                "answers: [No one is in danger, \"The \\e]0;X\\a keypad\", yes]",
            ),
        ),
        (
            "path-test expect",
            variant("expect: resolved", "expect: \"resolved\\e[5m\""),
        ),
        (
            "path-test node",
            variant("node: fixed", "node: \"fix\\e]0;X\\aed\""),
        ),
    ]
}

#[test]
fn tree_files_cannot_drive_the_terminal_through_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (what, text) in hostile_trees() {
        let folder = dir.path().join(what.replace(' ', "-"));
        std::fs::create_dir(&folder).expect("mkdir");
        let file = folder.join("tree.yaml");
        std::fs::write(&file, text).expect("write");
        let mut check = lockdiag();
        check.arg("check").arg(&file);
        let (stdout, _) = assert_no_controls(check, &format!("check with a hostile {what}"));
        assert!(
            stdout.contains("error"),
            "a hostile {what} is an error:\n{stdout}"
        );
        let mut json = lockdiag();
        json.args(["check", "--format", "json"]).arg(&file);
        assert_no_controls(json, &format!("check --format json with a hostile {what}"));
        // Every other command loads the library the same way as `list`.
        let mut list = lockdiag();
        list.arg("--trees").arg(&folder).arg("list");
        assert_no_controls(list, &format!("list with a hostile {what}"));
    }
}

#[test]
fn a_hostile_id_is_shown_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tree.yaml");
    std::fs::write(&file, &hostile_trees()[0].1).expect("write");
    let mut check = lockdiag();
    check.arg("check").arg(&file);
    let (stdout, _) = assert_no_controls(check, "check");
    assert!(
        stdout.contains("\\x1b]52;c;cm0gLXJmIH4K\\x07"),
        "the id is shown escaped:\n{stdout}"
    );
}

#[test]
fn a_path_test_name_with_an_escape_fails_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tree.yaml");
    std::fs::write(
        &file,
        variant(
            "name: dead keypad fixed by batteries",
            "name: \"dead \\e]0;X\\a keypad\"",
        ),
    )
    .expect("write");
    let mut check = lockdiag();
    check.arg("check").arg(&file);
    let out = check.output().expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "text contains the control or formatting character U+001B at character 6 [control-char]"
        ),
        "{stdout}"
    );
}

#[test]
fn file_names_with_escapes_are_shown_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join(format!("good{TITLE}"));
    std::fs::create_dir(&good).expect("mkdir");
    std::fs::write(good.join(format!("lock{OSC52}.yaml")), minimal()).expect("write");
    let mut list = lockdiag();
    list.arg("--trees").arg(&good).arg("list");
    let (stdout, _) = assert_no_controls(list, "list's ORIGIN column");
    assert!(stdout.contains("lock\\x1b]52;"), "{stdout}");
    let bad = dir.path().join(format!("bad{TITLE}"));
    std::fs::create_dir(&bad).expect("mkdir");
    std::fs::write(
        bad.join(format!("lock{OSC52}.yaml")),
        variant("next: symptom", "next: nowhere"),
    )
    .expect("write");
    let mut check = lockdiag();
    check.arg("check").arg(&bad);
    assert_no_controls(check, "check of a badly named file");
    let mut missing = lockdiag();
    missing
        .arg("check")
        .arg(dir.path().join(format!("gone{OSC52}")));
    assert_no_controls(missing, "check of a missing path");
}

#[test]
fn arguments_are_echoed_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let trees = dir.path().join("trees");
    std::fs::create_dir(&trees).expect("mkdir");
    std::fs::write(trees.join("lock.yaml"), minimal()).expect("write");
    let out = dir.path().join("new.yaml");
    let odd_data = dir.path().join(format!("data{TITLE}"));
    let cases: Vec<(&str, Vec<std::ffi::OsString>)> = vec![
        ("walk MODEL", vec!["walk".into(), OSC52.into()]),
        (
            "walk --answer",
            vec![
                "walk".into(),
                "test-lock".into(),
                "--answer".into(),
                OSC52.into(),
            ],
        ),
        (
            "walk --answer at a question",
            vec![
                "walk".into(),
                "test-lock".into(),
                "-a".into(),
                "2".into(),
                "-a".into(),
                TITLE.into(),
            ],
        ),
        ("graph MODEL", vec!["graph".into(), OSC52.into()]),
        (
            "search --model",
            vec!["search".into(), "--model".into(), OSC52.into(), "x".into()],
        ),
        ("search query", vec!["search".into(), OSC52.into()]),
        (
            "stats --since",
            vec!["stats".into(), "--since".into(), OSC52.into()],
        ),
        (
            "stats --model",
            vec!["stats".into(), "--model".into(), OSC52.into()],
        ),
        ("new MODEL_ID", vec!["new".into(), OSC52.into()]),
        (
            "new --brand",
            vec![
                "new".into(),
                "acme-x".into(),
                "--brand".into(),
                OSC52.into(),
                "-o".into(),
                out.clone().into(),
            ],
        ),
        (
            "new -o",
            vec![
                "new".into(),
                "acme-x".into(),
                "-o".into(),
                dir.path().join(format!("n{OSC52}/x.yaml")).into(),
            ],
        ),
        (
            "export ID (a clap error)",
            vec!["export".into(), OSC52.into()],
        ),
        (
            "--format (a clap error)",
            vec!["list".into(), "--format".into(), OSC52.into()],
        ),
        ("an unknown command", vec![OSC52.into()]),
        ("--model", vec!["--model".into(), OSC52.into()]),
        (
            "resume in an odd data folder",
            vec![
                "--data-dir".into(),
                odd_data.clone().into(),
                "resume".into(),
            ],
        ),
        (
            "sessions in an odd data folder",
            vec![
                "--data-dir".into(),
                odd_data.clone().into(),
                "sessions".into(),
            ],
        ),
        (
            "export from an odd data folder",
            vec!["--data-dir".into(), odd_data.into(), "export".into()],
        ),
    ];
    for (what, args) in cases {
        let mut cmd = lockdiag();
        cmd.current_dir(dir.path())
            .arg("--trees")
            .arg(&trees)
            .arg("--data-dir")
            .arg(&data)
            .args(&args);
        assert_no_controls(cmd, what);
    }
}

/// A folder for a test's data, with one saved session whose stored text (case reference,
/// note, model id) holds escape sequences, as another program or an older lockdiag could have
/// written it.
fn hostile_store(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let trees = dir.join("trees");
    std::fs::create_dir(&trees).expect("mkdir");
    std::fs::write(trees.join("lock.yaml"), minimal()).expect("write");
    let loaded = lockdiag::catalog::load_library(true, std::slice::from_ref(&trees));
    let catalog = loaded.catalog.expect("catalog");
    let tree = catalog.model_index("test-lock").expect("model");
    let store = lockdiag::store::Store::open(&data);
    let mut live = lockdiag::store::LiveCase::start(&catalog, tree, store).expect("start");
    live.answer(&catalog, lockdiag::session::Answer::Choice(1))
        .expect("answer");
    live.set_note(&catalog, "NOTE-MARK");
    live.set_case_ref("REF-MARK");
    drop(live);
    let conn = rusqlite::Connection::open(data.join("sessions.db")).expect("open");
    conn.execute_batch(
        "UPDATE events SET payload = replace(payload, 'NOTE-MARK', 'note \\u001b]52;c;cm0gLXJmIH4K\\u0007 \\u009b2J');
         UPDATE events SET payload = replace(payload, 'REF-MARK', 'ref \\u001b]0;X\\u0007');
         UPDATE sessions SET case_ref = 'ref ' || char(27) || ']0;X' || char(7);",
    )
    .expect("plant escapes");
    data
}

#[test]
fn store_text_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = hostile_store(dir.path());
    let trees = dir.path().join("trees");
    let runs: [&[&str]; 7] = [
        &["export"],
        &["export", "--format", "text"],
        &["export", "--format", "json"],
        &["sessions"],
        &["sessions", "--format", "json"],
        &["stats"],
        &["stats", "--format", "json"],
    ];
    for args in runs {
        let mut cmd = lockdiag();
        cmd.arg("--trees")
            .arg(&trees)
            .arg("--data-dir")
            .arg(&data)
            .args(args);
        let (stdout, _) = assert_no_controls(cmd, &format!("{args:?}"));
        if args == ["export"] {
            assert!(stdout.contains("note \\x1b]52;c;"), "{stdout}");
        }
    }
}

/// `lockdiag --trees T --data-dir D export ARGS...` for the session of [`hostile_store`].
fn export_cmd(dir: &Path, data: &Path, args: &[&std::ffi::OsStr]) -> assert_cmd::Command {
    let mut cmd = lockdiag();
    cmd.current_dir(dir)
        .arg("--trees")
        .arg(dir.join("trees"))
        .arg("--data-dir")
        .arg(data)
        .arg("export")
        .args(args);
    cmd
}

#[cfg(unix)]
#[test]
fn export_never_writes_through_a_planted_symlink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = hostile_store(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").expect("write");
    let out = dir.path().join("out.md");
    std::os::unix::fs::symlink(&victim, dir.path().join("out.md.part")).expect("symlink");
    export_cmd(dir.path(), &data, &["-o".as_ref(), out.as_os_str()])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    assert!(
        std::fs::read_to_string(&out)
            .expect("export")
            .contains("# lockdiag case")
    );
    // A dangling symlink in the output's place is not followed either.
    let planted = dir.path().join("planted.md");
    let target = dir.path().join("created-through-link.md");
    std::os::unix::fs::symlink(&target, &planted).expect("symlink");
    export_cmd(dir.path(), &data, &["-o".as_ref(), planted.as_os_str()])
        .assert()
        .code(2);
    assert!(!target.exists(), "nothing was written through the link");
}

#[test]
fn export_refuses_to_replace_a_file_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = hostile_store(dir.path());
    let out = dir.path().join("out.md");
    std::fs::write(&out, "keep me").expect("write");
    let refused = export_cmd(dir.path(), &data, &["-o".as_ref(), out.as_os_str()])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        stderr.contains("already exists; choose another --output, or add --force to replace it"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "keep me");
    export_cmd(
        dir.path(),
        &data,
        &["-o".as_ref(), out.as_os_str(), "--force".as_ref()],
    )
    .assert()
    .success();
    assert!(
        std::fs::read_to_string(&out)
            .expect("read")
            .contains("# lockdiag case")
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains(".part") && !n.starts_with(".lockdiag")),
        "no temporary file left: {names:?}"
    );
}

#[test]
fn export_never_replaces_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = hostile_store(dir.path());
    let db = data.join("sessions.db");
    let before = std::fs::read(&db).expect("read");
    for force in [false, true] {
        let mut args = vec!["1".as_ref(), "-o".as_ref(), db.as_os_str()];
        if force {
            args.push("--force".as_ref());
        }
        let refused = export_cmd(dir.path(), &data, &args).assert().code(2);
        let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
        assert!(
            stderr.contains("is the session store; export somewhere else"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read(&db).expect("read"), before);
    export_cmd(dir.path(), &data, &[]).assert().success();
}

#[cfg(unix)]
#[test]
fn export_to_a_fifo_writes_into_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = hostile_store(dir.path());
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read_to_string(reader_path));
    export_cmd(dir.path(), &data, &["-o".as_ref(), fifo.as_os_str()])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    use std::os::unix::fs::FileTypeExt as _;
    let kind = std::fs::symlink_metadata(&fifo).expect("stat").file_type();
    assert!(kind.is_fifo(), "the FIFO was not replaced by a file");
    let got = reader.join().expect("reader").expect("read");
    assert!(got.contains("# lockdiag case"), "{got}");
}

#[cfg(unix)]
#[test]
fn odd_entries_in_a_trees_folder_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let trees = dir.path().join("trees");
    std::fs::create_dir(&trees).expect("mkdir");
    std::fs::write(trees.join("lock.yaml"), minimal()).expect("write");
    let fifo =
        std::ffi::CString::new(trees.join("x.yaml").as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0, "mkfifo");
    std::os::unix::fs::symlink("/nonexistent", trees.join("notes.txt")).expect("symlink");
    std::os::unix::fs::symlink("/nonexistent", trees.join(".#m.yaml")).expect("symlink");
    let list = lockdiag()
        .arg("--trees")
        .arg(&trees)
        .arg("list")
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&list.get_output().stdout).into_owned();
    assert!(stdout.contains("test-lock"), "{stdout}");
    let check = lockdiag()
        .arg("check")
        .arg(&trees)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert!(
        stdout.contains(
            "x.yaml:0:0: warning: not a regular file (a FIFO, socket or device); skipped [io]"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(".#m.yaml:0:0: warning: cannot read: No such file or directory"),
        "{stdout}"
    );
    assert!(!stdout.contains("notes.txt"), "{stdout}");
}

#[test]
fn check_of_a_folder_without_tree_files_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("readme.txt"), "not a tree").expect("write");
    let check = lockdiag().arg("check").arg(dir.path()).assert().code(1);
    let stdout = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert!(
        stdout.contains(&format!("error: no tree files in {}", dir.path().display())),
        "{stdout}"
    );
}

#[test]
fn empty_environment_values_mean_unset() {
    let dir = tempfile::tempdir().expect("tempdir");
    let trees = dir.path().join("trees");
    std::fs::create_dir(&trees).expect("mkdir");
    std::fs::write(trees.join("lock.yaml"), minimal()).expect("write");
    let home = dir.path().join("home");
    let run = |trees_env: &str, data_env: &str, args: &[&str]| {
        let out = lockdiag()
            .env("HOME", &home)
            .env("XDG_DATA_HOME", dir.path().join("xdg"))
            .env("LOCKDIAG_TREES", trees_env)
            .env("LOCKDIAG_DATA", data_env)
            .args(args)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{args:?}: {stderr}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run("", "", &["sessions"]).contains("No sessions yet"));
    assert!(run("", "", &["list"]).contains("models"));
    let t = trees.display().to_string();
    for spelled in [format!(":{t}"), format!("{t}:"), format!("{t}::{t}")] {
        assert!(
            run(&spelled, "", &["list"]).contains("test-lock"),
            "{spelled}"
        );
    }
    assert!(!home.exists(), "nothing was written in HOME");
}

#[test]
fn new_refuses_brands_that_would_fail_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("x.yaml");
    let long = "B".repeat(201);
    for brand in ["back\\slash", "bell\u{7}", "bidi\u{202E}", &long, "", "  "] {
        let run = lockdiag()
            .current_dir(dir.path())
            .args(["new", "acme-x", "--brand", brand, "-o"])
            .arg(&out)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert!(stderr.contains("--brand"), "{brand:?}: {stderr}");
        assert!(!out.exists(), "{brand:?} wrote a file");
    }
    lockdiag()
        .current_dir(dir.path())
        .args(["new", "acme-x", "--brand", "Brand Ünïcode 9 V × 4", "-o"])
        .arg(&out)
        .assert()
        .success();
    lockdiag().arg("check").arg(&out).assert().success();
}

#[cfg(unix)]
#[test]
fn new_does_not_follow_a_dangling_output_symlink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let link = dir.path().join("link.yaml");
    let target = dir.path().join("elsewhere.yaml");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let run = lockdiag()
        .current_dir(dir.path())
        .args(["new", "acme-x", "-o"])
        .arg(&link)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(!target.exists(), "written through the symlink");
}

#[test]
fn invisible_characters_fail_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (c, name) in [
        ('\u{200B}', "200B"),
        ('\u{200D}', "200D"),
        ('\u{2060}', "2060"),
        ('\u{00AD}', "00AD"),
        ('\u{2028}', "2028"),
        ('\u{2029}', "2029"),
        ('\u{FFF9}', "FFF9"),
        ('\u{FFFB}', "FFFB"),
        ('\u{3164}', "3164"),
        ('\u{E0041}', "E0041"),
    ] {
        let file = dir.path().join(format!("u{name}.yaml"));
        std::fs::write(
            &file,
            variant("title: Fixed", &format!("title: \"Fi{c}xed\"")),
        )
        .expect("write");
        let run = lockdiag().arg("check").arg(&file).assert().code(1);
        let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
        assert!(
            stdout.contains(&format!(
                "node 'fixed': text contains the control or formatting character U+{name} at character 3 [control-char]"
            )),
            "U+{name}: {stdout}"
        );
    }
}

#[test]
fn labels_that_look_identical_are_duplicates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("tree.yaml");
    std::fs::write(
        &file,
        variant(
            "label: I lost my key",
            "label: \"The keypad\\u200D is  dead\"",
        ),
    )
    .expect("write");
    let run = lockdiag().arg("check").arg(&file).assert().code(1);
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(
        stdout.contains("node 'symptom': the choice 'The keypad\\u{200d} is  dead' appears twice [duplicate-label]"),
        "{stdout}"
    );
}

#[test]
fn mermaid_labels_escape_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let trees = dir.path().join("trees");
    std::fs::create_dir(&trees).expect("mkdir");
    std::fs::write(
        trees.join("lock.yaml"),
        variant(
            "title: Fixed",
            "title: \"Fixed <img src=x onerror=alert(1)> & #lt;b#gt;\"",
        ),
    )
    .expect("write");
    let run = lockdiag()
        .arg("--trees")
        .arg(&trees)
        .args(["graph", "test-lock", "--format", "mermaid"])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(!out.contains("<img"), "{out}");
    assert!(!out.contains("#lt;b#gt;"), "{out}");
    for escaped in [
        "#lt;img src=x",
        "onerror=alert(1)#gt; #amp;",
        "#35;lt;b#35;gt;",
    ] {
        assert!(out.contains(escaped), "{escaped}: {out}");
    }
}

#[test]
fn a_chain_of_procedures_deeper_than_the_walker_fails_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let n = 10_001;
    for i in 0..n {
        let call = if i + 1 < n {
            format!(
                "  - id: call\n    kind: procedure\n    procedure: p{}\n    next: done\n",
                i + 1
            )
        } else {
            String::new()
        };
        let start = if call.is_empty() { "done" } else { "call" };
        std::fs::write(
            dir.path().join(format!("p{i}.yaml")),
            format!(
                "format: 1\nprocedure:\n  id: p{i}\n  title: Step {i}\nstart: {start}\nnodes:\n{call}  - id: done\n    kind: question\n    title: Is it done?\n    choices:\n      - {{label: Yes, next: return}}\n      - {{label: No, next: return}}\n"
            ),
        )
        .expect("write");
    }
    std::fs::write(
        dir.path().join("lock.yaml"),
        variant("start: danger", "start: chain")
            // No path test, which would catch it the slow way: check itself must.
            .split("\ntests:")
            .next()
            .expect("text")
            .replacen(
                "nodes:\n",
                "nodes:\n  - id: chain\n    kind: procedure\n    procedure: p0\n    next: danger\n",
                1,
            ),
    )
    .expect("write");
    let run = lockdiag()
        .arg("check")
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(300))
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(
        stdout.contains("node 'chain': procedures nest 10001 deep below this tree; the walker follows at most 9999 calls in a row, so the tree never settles on a node [too-deep]"),
        "{}",
        &stdout[..stdout.len().min(3000)]
    );
}

#[test]
fn a_wrong_answer_lists_a_screenful_of_choices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let many: String = (1..=48)
        .map(|i| format!("      - label: Something else, number {i}\n        next: locksmith\n"))
        .collect();
    let trees = dir.path().join("trees");
    std::fs::create_dir(&trees).expect("mkdir");
    std::fs::write(
        trees.join("lock.yaml"),
        variant(
            "      - label: I lost my key\n        next: locksmith\n",
            &format!("      - label: I lost my key\n        next: locksmith\n{many}"),
        ),
    )
    .expect("write");
    let run = lockdiag()
        .arg("--trees")
        .arg(&trees)
        .args(["walk", "test-lock", "-a", "2", "-a", "no such answer"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("20 'Something else, number 18', and 30 more"),
        "{stderr}"
    );
    assert!(!stderr.contains("number 19"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn export_to_dev_stdout_redirected_to_a_file_writes_into_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = hostile_store(dir.path());
    let out = dir.path().join("redirected.md");
    let file = std::fs::File::create(&out).expect("create");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_lockdiag"))
        .env_remove("LOCKDIAG_TREES")
        .env_remove("LOCKDIAG_DATA")
        .arg("--trees")
        .arg(dir.path().join("trees"))
        .arg("--data-dir")
        .arg(&data)
        .args(["export", "-o", "/dev/stdout"])
        .stdout(file)
        .status()
        .expect("run");
    assert!(status.success());
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.contains("# lockdiag case"), "{text}");
    assert!(
        std::fs::symlink_metadata("/dev/stdout").is_ok(),
        "/dev/stdout is still there"
    );
}
