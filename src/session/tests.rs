//! Unit tests for the walk: answers, procedures, Back, restore and abandon.

use std::path::Path;

use super::*;
use crate::catalog::{Catalog, load_library};

const PROC: &str = r#"format: 1
procedure:
  id: check-power
  title: Power check
start: fresh
nodes:
  - id: fresh
    kind: remedy
    title: Fit fresh batteries
    sources: [X]
    steps: [Open the cover., "Fit {power}."]
    fixed: done
    not_fixed: return
  - id: done
    kind: resolved
    title: Fixed by batteries
"#;

const MODEL: &str = "format: 1
model:
  id: m
  brand: B
  name: N
  cylinder: none
  keyway: no keyway
  power: 4 x AA
  emergency_power: [9v]
  connectivity: []
  reviewed: 2026-01-01
  sources: [X]
start: q
nodes:
  - id: q
    kind: question
    title: Danger?
    choices:
      - {label: Yes, next: sos, sets: {at_risk: yes}}
      - {label: No, next: power, sets: {at_risk: no}}
  - id: sos
    kind: emergency
    title: Call 911
    why: Danger.
  - id: power
    kind: procedure
    procedure: check-power
    next: more
  - id: more
    kind: question
    title: Still dead?
    choices:
      - {label: Yes, next: smith, sets: {locked_out: yes, cylinder: pin-tumbler}}
      - {label: No, next: ok, sets: {locked_out: no}}
  - id: smith
    kind: locksmith
    title: Locksmith
    why: Dead.
    urgency: today
    tell: [x]
    bring: [y]
  - id: ok
    kind: resolved
    title: OK
";

fn catalog() -> (tempfile::TempDir, Catalog) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.yaml"), PROC).expect("write");
    std::fs::write(dir.path().join("m.yaml"), MODEL).expect("write");
    let loaded = load_library(false, &[dir.path().to_path_buf()]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    (dir, loaded.catalog.expect("catalog"))
}

fn id(c: &Catalog, s: &Session) -> String {
    s.node(c).id.clone()
}

fn answer(c: &Catalog, s: &mut Session, a: &str) {
    let parsed = s.parse_answer(c, a).expect("parse");
    s.answer(c, parsed).expect("answer");
}

#[test]
fn procedures_are_entered_and_returned_from() {
    let (_d, c) = catalog();
    let m = c.model_index("m").expect("model");
    let mut s = Session::start(&c, m).expect("start");
    assert_eq!(id(&c, &s), "q");
    answer(&c, &mut s, "no");
    assert_eq!(id(&c, &s), "fresh");
    assert_eq!(s.stack().len(), 2, "inside the procedure");
    assert_eq!(
        s.reachable_outcomes(&c),
        vec![NodeKind::Remedy, NodeKind::Resolved, NodeKind::Locksmith]
    );
    answer(&c, &mut s, "no");
    assert_eq!(id(&c, &s), "more", "returned to the caller's next");
    assert_eq!(s.stack().len(), 1);
    answer(&c, &mut s, "1");
    assert!(s.is_finished(&c));
    assert_eq!(s.node(&c).kind(), NodeKind::Locksmith);
    assert_eq!(s.parse_answer(&c, "1"), Err(WalkError::Ended));
}

#[test]
fn back_then_same_answer_restores_and_different_answer_abandons() {
    let (_d, c) = catalog();
    let mut s = Session::start(&c, c.model_index("m").expect("m")).expect("start");
    answer(&c, &mut s, "No");
    answer(&c, &mut s, "no");
    answer(&c, &mut s, "Yes");
    let finished = s.clone();
    assert!(s.back());
    assert_eq!(id(&c, &s), "more");
    assert_eq!(s.remembered_answer(), Some(&Answer::Choice(0)));
    assert!(s.back());
    assert_eq!(id(&c, &s), "fresh");
    // Same answer: what followed is still remembered.
    answer(&c, &mut s, "no");
    assert_eq!(id(&c, &s), "more");
    assert_eq!(s.remembered_answer(), Some(&Answer::Choice(0)));
    answer(&c, &mut s, "Yes");
    assert_eq!(s.steps.len(), finished.steps.len());
    assert_eq!(s.pos(), finished.pos());
    assert!(s.abandoned.is_empty());
    // Different answer: the undone branch is kept as abandoned.
    assert!(s.back());
    answer(&c, &mut s, "No");
    assert_eq!(id(&c, &s), "ok");
    assert_eq!(s.abandoned.len(), 1);
    assert_eq!(s.abandoned[0][0].answer, Answer::Choice(0));
    assert!(s.forward.is_empty());
}

#[test]
fn back_at_start_is_refused() {
    let (_d, c) = catalog();
    let mut s = Session::start(&c, c.model_index("m").expect("m")).expect("start");
    assert!(!s.back());
    assert_eq!(id(&c, &s), "q");
}

#[test]
fn bad_answers_list_the_choices() {
    let (_d, c) = catalog();
    let s = Session::start(&c, c.model_index("m").expect("m")).expect("start");
    let err = s.parse_answer(&c, "maybe").expect_err("bad");
    assert_eq!(
        err.to_string(),
        "'maybe' is not one of the choices here: 1 'Yes', 2 'No'"
    );
    assert!(s.parse_answer(&c, "3").is_err());
    assert_eq!(s.parse_answer(&c, " yes "), Ok(Answer::Choice(0)));
}

#[test]
fn ticks_survive_back() {
    let (_d, c) = catalog();
    let mut s = Session::start(&c, c.model_index("m").expect("m")).expect("start");
    answer(&c, &mut s, "No");
    s.toggle_tick(&c, 1);
    assert!(s.is_ticked(1) && !s.is_ticked(0));
    answer(&c, &mut s, "no");
    assert!(s.back());
    assert!(s.is_ticked(1));
}

#[test]
fn jump_is_recorded_and_back_returns() {
    let (_d, c) = catalog();
    let m = c.model_index("m").expect("m");
    let mut s = Session::start(&c, m).expect("start");
    let more = c.trees[m].index["more"];
    s.jump(
        &c,
        vec![Pos {
            tree: m,
            node: more,
        }],
    )
    .expect("jump");
    assert_eq!(id(&c, &s), "more");
    assert!(matches!(s.steps[0].answer, Answer::Jump(_)));
    assert!(s.back());
    assert_eq!(id(&c, &s), "q");
}

#[test]
fn placeholders_are_filled_from_the_model() {
    let (_d, c) = catalog();
    let m = c.model_index("m").expect("m");
    let mut s = Session::start(&c, m).expect("start");
    answer(&c, &mut s, "No");
    let view = crate::report::walk_view(&c, &s);
    assert_eq!(view.node.steps[1], "Fit 4 x AA.");
    let _ = Path::new("");
}

#[test]
fn answers_teach_facts_and_back_forgets_them() {
    use crate::tree::{Cylinder, Fact, Urgency};
    let (_d, c) = catalog();
    let mut s = Session::start(&c, c.model_index("m").expect("m")).expect("start");
    assert!(s.learned(&c).is_empty());
    answer(&c, &mut s, "No");
    answer(&c, &mut s, "no");
    answer(&c, &mut s, "Yes");
    let l = s.learned(&c);
    assert_eq!(l.get(Fact::AtRisk), Some("no"));
    assert_eq!(l.get(Fact::LockedOut), Some("yes"));
    assert_eq!(l.cylinder(), Some(Cylinder::PinTumbler));
    assert_eq!(l.urgency(Urgency::CanWait), Urgency::Today);
    // Back forgets what the undone answer taught; a different answer teaches its own.
    assert!(s.back());
    let l = s.learned(&c);
    assert_eq!((l.get(Fact::LockedOut), l.cylinder()), (None, None));
    answer(&c, &mut s, "No");
    assert_eq!(s.learned(&c).get(Fact::LockedOut), Some("no"));
    // Going back to the start forgets everything.
    while s.back() {}
    assert!(s.learned(&c).is_empty());
}
