//! Every validation rule has a bad fixture whose error code, line and text are asserted.
//! Fixtures in `tests/fixtures/invalid/` start with `# expect: CODE line=N text=...`; a few
//! inputs that cannot live in a text file (bad UTF-8, huge files) are generated here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lockdiag::catalog::load_library;
use lockdiag::tree::Diagnostic;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn diagnostics(path: &Path) -> Vec<Diagnostic> {
    load_library(false, &[path.to_path_buf()]).diagnostics
}

fn assert_has(diags: &[Diagnostic], code: &str, line: u64, text: &str) {
    assert!(
        diags
            .iter()
            .any(|d| d.code == code && d.line == line && d.to_string().contains(text)),
        "expected [{code}] at line {line} containing {text:?}; got:\n{}",
        diags
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// (file, code, line, text) from each fixture's first line.
fn expectations() -> Vec<(PathBuf, String, u64, String)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(fixtures().join("invalid"))
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let header = text.lines().next().expect("header line");
        let rest = header
            .strip_prefix("# expect: ")
            .expect("fixture starts with '# expect: '");
        let (code, rest) = rest.split_once(" line=").expect("line=");
        let (line, want) = rest.split_once(" text=").expect("text=");
        out.push((
            path,
            code.to_string(),
            line.parse().expect("line number"),
            want.to_string(),
        ));
    }
    out
}

#[test]
fn every_invalid_fixture_reports_its_error_at_its_line() {
    let cases = expectations();
    assert!(cases.len() >= 30, "only {} fixtures", cases.len());
    for (path, code, line, want) in cases {
        let diags = diagnostics(&path);
        assert_has(&diags, &code, line, &want);
        if !["unreachable", "no-source", "card-voice"].contains(&code.as_str()) {
            assert!(
                diags.iter().any(Diagnostic::is_error),
                "{path:?} must be an error"
            );
        }
        // Every message names the file it is about.
        assert!(diags.iter().all(|d| d.file.ends_with(".yaml")), "{diags:?}");
    }
}

#[test]
fn valid_fixture_is_clean() {
    let loaded = load_library(false, &[fixtures().join("valid/minimal.yaml")]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert!(loaded.catalog.is_some());
}

#[test]
fn two_files_claiming_one_model() {
    let diags = diagnostics(&fixtures().join("invalid/duplicate-model"));
    assert_has(
        &diags,
        "duplicate-model",
        3,
        "id 'test-lock' is also claimed by",
    );
}

#[test]
fn a_source_code_missing_from_the_registry() {
    let diags = diagnostics(&fixtures().join("invalid/unknown-source"));
    assert_has(&diags, "unknown-source", 43, "source 'AU9' is not in");
    let d = diags
        .iter()
        .find(|d| d.code == "unknown-source")
        .expect("unknown-source");
    assert!(d.file.ends_with("unknown-source/lock.yaml"), "{d}");
    assert!(d.to_string().contains("unknown-source/sources.yaml"), "{d}");
    assert!(d.to_string().contains("did you mean 'AU3'?"), "{d}");
    assert_eq!(diags.len(), 1, "{diags:?}");
}

#[test]
fn every_documented_rule_has_a_fixture() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tree-format.md"))
            .expect("doc");
    let documented: BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| {
            l.split_once("` | error |")
                .or_else(|| l.split_once("` | warning |"))
        })
        .map(|(code, _)| code.to_string())
        .collect();
    assert!(documented.len() >= 20, "{documented:?}");
    let mut covered: BTreeSet<String> = expectations().into_iter().map(|(_, c, _, _)| c).collect();
    covered.insert("duplicate-model".into());
    covered.insert("unknown-source".into());
    let missing: Vec<&String> = documented.difference(&covered).collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write");
    (dir, path)
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = std::fs::read(fixtures().join("valid/minimal.yaml")).expect("read");
    bytes.extend_from_slice(b"# caf\xe9\n");
    let (_d, path) = temp_file("latin1.yaml", &bytes);
    let diags = diagnostics(&path);
    assert_has(&diags, "syntax", 61, "not valid UTF-8");
}

#[test]
fn huge_file_is_refused_before_reading() {
    let (_d, path) = temp_file("huge.yaml", &vec![b'#'; 3 * 1024 * 1024]);
    let diags = diagnostics(&path);
    assert_has(&diags, "too-large", 0, "the limit is 2097152");
}

#[test]
fn too_many_nodes() {
    let mut y = String::from("format: 1\nguide:\n  id: big\n  title: Big\nstart: n0\nnodes:\n");
    for i in 0..5001 {
        y.push_str(&format!("  - {{id: n{i}, kind: resolved, title: T}}\n"));
    }
    let (_d, path) = temp_file("big.yaml", y.as_bytes());
    assert_has(
        &diagnostics(&path),
        "too-large",
        1,
        "the file has 5001 nodes; the limit is 5000",
    );
}

#[test]
fn alias_bomb_and_deep_nesting_are_refused() {
    let mut bomb = String::from("format: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let (_d, path) = temp_file("bomb.yaml", bomb.as_bytes());
    let diags = diagnostics(&path);
    assert!(diags.iter().any(Diagnostic::is_error), "{diags:?}");

    let deep = format!(
        "format: 1\nstart: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let (_d2, path2) = temp_file("deep.yaml", deep.as_bytes());
    let diags = diagnostics(&path2);
    assert!(diags.iter().any(Diagnostic::is_error), "{diags:?}");
}

#[test]
fn bom_and_crlf_load_like_the_plain_file() {
    let plain = std::fs::read_to_string(fixtures().join("valid/minimal.yaml")).expect("read");
    let windows = format!("\u{feff}{}", plain.replace('\n', "\r\n"));
    let (_d, path) = temp_file("windows.yaml", windows.as_bytes());
    let loaded = load_library(false, &[path]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let catalog = loaded.catalog.expect("catalog");
    let plain_catalog = load_library(false, &[fixtures().join("valid/minimal.yaml")])
        .catalog
        .expect("plain");
    let titles = |c: &lockdiag::catalog::Catalog| {
        c.trees[0]
            .nodes
            .iter()
            .map(|n| (n.id.clone(), n.title.clone(), n.help.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&catalog), titles(&plain_catalog));
}

#[cfg(unix)]
#[test]
fn symlink_loop_and_unreadable_files_are_reported_not_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        fixtures().join("valid/minimal.yaml"),
        dir.path().join("ok.yaml"),
    )
    .expect("copy");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).expect("symlink");
    std::os::unix::fs::symlink(
        dir.path().join("missing.yaml"),
        dir.path().join("dangling.yaml"),
    )
    .expect("symlink");
    let loaded = load_library(false, &[dir.path().to_path_buf()]);
    let text: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(text.iter().any(|t| t.contains("symlink loop")), "{text:?}");
    assert!(
        text.iter()
            .any(|t| t.contains("dangling.yaml") && t.contains("cannot read")),
        "{text:?}"
    );
}
