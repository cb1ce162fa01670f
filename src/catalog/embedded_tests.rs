//! The fast reader against the full one: same trees on every shipped file, same library, and
//! the YAML subset reads values exactly as serde-saphyr does.

use serde_json::{Value as Json, json};

use super::super::read::{FileWork, read_file};
use super::super::yaml_lite::{self, Item, Value};
use super::read;
use crate::catalog::{load_library, load_library_for_app};
use crate::tree::load::{SourceFile, builtin_sources};
use crate::tree::model::Origin;

/// Everything a file's work holds, as JSON (node lines and columns, the header and the node
/// index are not serialised by the model types, so they are added).
fn summary(w: &FileWork) -> Json {
    let tree = w.tree.as_ref().map(|t| {
        let mut index: Vec<(&String, &usize)> = t.index.iter().collect();
        index.sort();
        json!({
            "tree": serde_json::to_value(t).expect("json"),
            "header": [t.header.0, t.header.1],
            "at": t.nodes.iter().map(|n| [n.line, n.column]).collect::<Vec<_>>(),
            "index": format!("{index:?}"),
        })
    });
    json!({
        "declared": format!("{:?}", w.declared.as_ref().map(|(k, d)| (k, d.as_ref().map(|d| &d.id)))),
        "synonyms": w.synonyms,
        "refs": format!("{:?}", w.refs),
        "names": [w.names.0, w.names.1],
        "diagnostics": w.diagnostics.len(),
        "tree": tree,
    })
}

#[test]
fn every_shipped_file_reads_fast_and_builds_the_same_tree() {
    for src in builtin_sources() {
        let path = src.origin.display_path().to_string();
        let fast = read(&src).unwrap_or_else(|| {
            panic!(
                "{path}: the start-up reader (src/catalog/yaml_lite.rs) does not read this file, \
                 so the app would start slowly; keep to plain YAML: block mappings and lists, \
                 one-line quoted or plain text, '|-' blocks for long text"
            )
        });
        let full = read_file(0, &src).expect("parses");
        assert_eq!(summary(&fast), summary(&full), "{path}");
    }
}

#[test]
fn the_app_library_is_the_checked_library() {
    let app = load_library_for_app(&[]);
    let full = load_library(true, &[]);
    assert!(app.diagnostics.is_empty() && full.diagnostics.is_empty());
    let (a, f) = (app.catalog.expect("app"), full.catalog.expect("full"));
    assert_eq!(
        serde_json::to_value(&a.trees).expect("json"),
        serde_json::to_value(&f.trees).expect("json")
    );
    assert_eq!(a.reach, f.reach);
    assert_eq!(a.synonyms, f.synonyms);
}

#[test]
fn generated_files_read_fast_and_build_the_same_tree() {
    for src in crate::synth::generate(1_500) {
        let path = src.origin.display_path().to_string();
        let fast = read(&src).unwrap_or_else(|| panic!("{path}: not read"));
        let full = read_file(0, &src).expect("parses");
        assert_eq!(summary(&fast), summary(&full), "{path}");
    }
}

/// A subset value as JSON, the way serde-saphyr reads the same YAML into `serde_json::Value`.
fn to_json(item: &Item) -> Json {
    match &item.value {
        Value::Str(s) => Json::String(s.clone()),
        Value::Num(n) => serde_saphyr::from_str(n).expect("number"),
        Value::Seq(v) => Json::Array(v.iter().map(to_json).collect()),
        Value::Map(m) => Json::Object(
            m.iter()
                .map(|(k, v)| ((*k).to_string(), to_json(v)))
                .collect(),
        ),
    }
}

const READ: &[&str] = &[
    "a: plain text\nb: \"quoted \\\"x\\\" \\u00e9 \\\\ tab\\t\"\nc: 'it''s'\n",
    "list: [one, \"two, three\", 'four']\nempty: []\nn: 1\nd: 2026-11-27\n",
    "k:\n  - a\n  - b # comment\n  - c: 1\n    d: x\n",
    "k:\n- a\n- b\nnext: here\n",
    "# top comment\nhelp: |-\n  line one\n    indented\n\n  after blank\nz: 1\n",
    "keep: |+\n  text\n\nclip: |\n  text\n\n\nend: x\n",
    "title: Phillips #2 is a comment\nurl: a#b\n",
    "nested:\n  deeper:\n    - id: x\n      kind: why\n\n    - id: z\n",
];

const REFUSED: &[&str] = &[
    "a: &x 1\nb: *x\n",
    "a: !tag x\n",
    "a: {b: c}\n",
    "a: multi\n  line plain\n",
    "a: >\n  folded\n",
    "a:\tb\n",
    "a: null\n",
    "a: ~\n",
    "a: yes\n",
    "a:\n",
    "a: 1\na: 2\n",
    "a: b: c\n",
    "a: \"unclosed\n  \"\n",
    "- top\n- list\n",
    "a: [x, [y]]\n",
    "a: .inf\n",
    "a: \"\\a bell\"\n",
    "---\na: 1\n",
    "a: x\n  b: y\n",
];

#[test]
fn the_subset_reads_values_as_the_full_parser_does() {
    for yaml in READ {
        let lite = yaml_lite::parse(yaml).unwrap_or_else(|| panic!("not read: {yaml:?}"));
        let full: Json = serde_saphyr::from_str(yaml).expect("valid YAML");
        assert_eq!(to_json(&lite), full, "{yaml:?}");
    }
    for file in builtin_sources().iter().chain(&crate::synth::generate(600)) {
        let text = std::str::from_utf8(&file.bytes).expect("utf-8");
        let lite = yaml_lite::parse(text).expect("read");
        let full: Json = serde_saphyr::from_str(text).expect("valid YAML");
        assert_eq!(to_json(&lite), full, "{}", file.origin.display_path());
    }
}

#[test]
fn the_subset_gives_up_on_the_rest() {
    for yaml in REFUSED {
        assert_eq!(yaml_lite::parse(yaml), None, "{yaml:?}");
    }
}

#[test]
fn a_file_the_fast_reader_refuses_still_loads_the_full_way() {
    let text = "format: 1\nprocedure:\n  id: p\n  title: &t P\nstart: a\nnodes:\n  - id: a\n    kind: resolved\n    title: Done\n";
    let src = SourceFile {
        origin: Origin::BuiltIn("trees/shared/p.yaml".into()),
        bytes: text.as_bytes().to_vec(),
    };
    assert!(read(&src).is_none());
    assert!(read_file(0, &src).expect("parses").tree.is_some());
}

#[test]
fn replacing_a_built_in_tree_runs_the_built_in_path_tests_again() {
    // A safety check whose "no danger" answer is worded differently breaks every model's
    // path tests; the app load must notice, as the full load does.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "format: 1\nprocedure:\n  id: safety-first\n  title: Safety first\nstart: check\nnodes:\n  - id: check\n    kind: question\n    title: Is anyone in danger?\n    choices:\n      - label: Someone is\n        next: call\n      - label: Nobody is\n        next: return\n  - id: call\n    kind: emergency\n    title: Call emergency services\n    why: Someone may be at risk.\n";
    std::fs::write(dir.path().join("safety-first.yaml"), text).expect("write");
    let paths = [dir.path().to_path_buf()];
    let app = load_library_for_app(&paths);
    let full = load_library(true, &paths);
    assert!(app.catalog.is_none());
    assert!(app.diagnostics.iter().any(|d| d.code == "path-test"));
    assert_eq!(app.diagnostics, full.diagnostics);
}
