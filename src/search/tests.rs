//! Unit tests of the search engine: the API's promises (narrowing gives the same results as a
//! fresh search, stable order, scope, stacks a session can jump to, highlights), against the
//! shipped library and a tiny library written here.

use std::sync::OnceLock;

use super::*;
use crate::catalog::{Catalog, load_library};
use crate::session::Session;
use crate::tree::NodeBody;

/// The shipped library and its index, built once for all the tests.
pub(crate) fn shipped() -> &'static (Catalog, SearchIndex) {
    static S: OnceLock<(Catalog, SearchIndex)> = OnceLock::new();
    S.get_or_init(|| {
        let c = load_library(true, &[]).catalog.expect("library loads");
        let i = SearchIndex::new(&c);
        (c, i)
    })
}

const QUERIES: &[&str] = &[
    "the keypad lights up but the bolt doesnt move",
    "my kwikset wont lock",
    "batterys ded",
    "how do i factory reset my schlage",
    "bolt wont move",
    "k",
];

#[test]
fn typing_narrows_to_the_same_results_as_fresh_searches() {
    let (_, index) = shipped();
    let mut reused = 0;
    for q in QUERIES {
        let mut typing = Searcher::with_limit(20);
        for (end, _) in q.char_indices().skip(1).chain([(q.len(), ' ')]) {
            let prefix = &q[..end];
            let narrowed = typing.update(index, prefix, None).to_vec();
            reused += typing.reused_terms();
            let fresh = Searcher::with_limit(20)
                .update(index, prefix, None)
                .to_vec();
            assert_eq!(narrowed, fresh, "prefix {prefix:?}");
        }
        // Deleting back to a shorter query starts over and still agrees.
        let short = &q[..q.len() / 2];
        let back = typing.update(index, short, None).to_vec();
        assert_eq!(back, Searcher::with_limit(20).update(index, short, None));
    }
    assert!(reused > 20, "narrowing happened: {reused} terms reused");
}

#[test]
fn search_reads_the_query_as_complete() {
    let (_, index) = shipped();
    let q = "bolt is stuck";
    let mut s = Searcher::with_limit(10);
    assert_eq!(
        index.search(q, None, 10),
        s.update(index, "bolt is stuck ", None)
    );
}

#[test]
fn ranking_is_stable_and_ties_go_by_model_then_node() {
    let (catalog, index) = shipped();
    let hits = index.search("keypad", None, 200);
    assert!(hits.len() > 20);
    for pair in hits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a.score >= b.score);
        if a.score == b.score {
            assert!(
                (&a.model_id, &a.node_id) <= (&b.model_id, &b.node_id),
                "{a:?} {b:?}"
            );
        }
    }
    assert_eq!(hits, index.search("keypad", None, 200));
    assert_eq!(hits, SearchIndex::new(catalog).search("keypad", None, 200));
}

#[test]
fn scope_keeps_one_model() {
    let (catalog, index) = shipped();
    let m = catalog.model_index("kwikset-smartcode").expect("model");
    let hits = index.search("batteries", Some(m), 50);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.model == m && h.stack[0].tree == m));
    let guide_or_bad = catalog.trees.len() + 5;
    assert!(index.search("batteries", Some(guide_or_bad), 5).is_empty());
}

#[test]
fn stacks_are_jumpable_and_paths_lead_there() {
    let (catalog, index) = shipped();
    let hits = index.search("replace batteries", None, 30);
    assert!(
        hits.iter().any(|h| h.stack.len() > 1),
        "shared procedure nodes found"
    );
    for h in &hits {
        // The bottom frame is in the model; every frame below the top calls a procedure.
        assert_eq!(h.stack[0].tree, h.model);
        for f in &h.stack[..h.stack.len() - 1] {
            assert!(matches!(catalog.node(*f).body, NodeBody::Procedure { .. }));
        }
        assert_eq!(catalog.node(h.pos()).id, h.node_id);
        let mut s = Session::start(catalog, h.model).expect("start");
        s.jump(catalog, h.stack.clone()).expect("jump");
        assert_eq!(s.pos(), h.pos());
        // Walking the path's answers from the start reaches the same node.
        let mut walk = Session::start(catalog, h.model).expect("start");
        for label in &h.path {
            let a = walk.parse_answer(catalog, label).expect("answer");
            walk.answer(catalog, a).expect("answer applies");
        }
        assert_eq!(walk.pos(), h.pos(), "{} path {:?}", h.node_id, h.path);
    }
}

#[test]
fn shared_nodes_are_found_once_per_model() {
    let (_, index) = shipped();
    let hits = index.search("replace all the batteries with new ones", None, 500);
    let mut seen = std::collections::HashSet::new();
    for h in hits.iter().filter(|h| h.node_id == "replace-batteries") {
        assert!(seen.insert(h.model), "twice in {}", h.model_id);
    }
    assert!(seen.len() > 5);
}

#[test]
fn highlights_point_at_the_matched_letters() {
    let (_, index) = shipped();
    let hits = index.search("batt", None, 20);
    let h = hits
        .iter()
        .find(|h| h.title.contains("batteries"))
        .expect("a title with batteries");
    let chars: Vec<char> = h.title.chars().collect();
    let lit: String = h.title_matches.iter().map(|&i| chars[i]).collect();
    assert_eq!(lit.to_lowercase(), "batt");
    for (label, m) in h.path.iter().zip(&h.path_matches) {
        assert!(m.iter().all(|&i| i < label.chars().count()));
    }
}

#[test]
fn case_apostrophes_accents_and_fillers_do_not_matter() {
    let (_, index) = shipped();
    let base = index.search("key wont turn", None, 10);
    assert!(!base.is_empty());
    assert_eq!(base, index.search("KEY WON'T TURN!", None, 10));
    assert_eq!(base, index.search("kéy won’t turn", None, 10));
    assert_eq!(base, index.search("my key wont turn tho", None, 10));
}

#[test]
fn nothing_found_suggests_a_shorter_query() {
    let (_, index) = shipped();
    assert!(index.search("", None, 10).is_empty());
    assert!(index.search("xyzzy", None, 10).is_empty());
    assert_eq!(
        index.suggest("keypad dead xyzzy", None).as_deref(),
        Some("keypad dead")
    );
    assert_eq!(index.suggest("keypad dead", None), None, "it has results");
}

const TINY: &str = r#"format: 1
model:
  id: tiny-lock
  brand: Zorbo
  name: Tiny
  cylinder: pin-tumbler
  keyway: "Schlage C (SC1)"
  power: "4 x AA alkaline"
  emergency_power: [key]
  connectivity: [wifi]
  reviewed: 2026-11-27
  sources: [SC1]
start: danger
nodes:
  - id: danger
    kind: question
    title: Is anyone in danger?
    choices:
      - label: Someone is in danger
        next: call-911
      - label: No one is in danger
        next: symptom
  - id: call-911
    kind: emergency
    title: Call emergency services now
    why: A person may be at risk.
    actions: [Call 911.]
  - id: symptom
    kind: question
    title: What is wrong?
    choices:
      - label: The widget hums
        next: widget
      - label: Something else
        next: locksmith
  - id: widget
    kind: remedy
    title: Reseat the flux capacitor
    steps: [Open the cover., Push the part back in.]
    sources: [SC1]
    fixed: fixed
    not_fixed: locksmith
  - id: fixed
    kind: resolved
    title: Fixed
  - id: locksmith
    kind: locksmith
    title: Call a locksmith
    why: It still hums.
    urgency: today
    tell: [The lock model]
    bring: [A rekey kit]
"#;

#[test]
fn synonyms_come_from_the_synonyms_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("tiny.yaml"), TINY).expect("write");
    let load = |dir: &std::path::Path| {
        let loaded = load_library(false, &[dir.to_path_buf()]);
        let c = loaded.catalog.expect("tiny library loads");
        let i = SearchIndex::new(&c);
        (c, i)
    };
    let (_, without) = load(dir.path());
    assert!(without.search("gizmo", None, 5).is_empty());
    std::fs::write(
        dir.path().join("synonyms.yaml"),
        "format: 1\nsynonyms:\n  - [widget, gizmo, \"doohickey thing\"]\n",
    )
    .expect("write");
    let (catalog, with) = load(dir.path());
    let hits = with.search("gizmo", None, 5);
    assert_eq!(hits.first().map(|h| h.node_id.as_str()), Some("widget"));
    let phrase = with.search("the doohickey thing hums", None, 5);
    assert_eq!(phrase.first().map(|h| h.node_id.as_str()), Some("widget"));
    // The brand favours its model's nodes; the path is the answers from the start.
    let hits = with.search("zorbo flux", None, 5);
    assert_eq!(hits[0].path, ["No one is in danger", "The widget hums"]);
    assert_eq!(
        hits[0].model,
        catalog.model_index("tiny-lock").expect("model")
    );
}
