//! Rebuilding a case from its event log on the catalog loaded now. Answers are matched by node
//! id and label text, never by index, so a tree that changed since replays what still applies;
//! the report says what did not, and which tree files changed.

use std::collections::BTreeMap;

use crate::catalog::Catalog;
use crate::session::{Answer, WalkError};
use crate::tree::NodeBody;

use super::case::{Case, restores, tree_hashes};
use super::event::{Event, Logged, NodeRef};

/// What a stored session holds before it is replayed: its row and its log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Session id.
    pub id: i64,
    /// The session's unique key (see [`Case::uid`]).
    pub uid: String,
    /// The tree the walk started in.
    pub start_tree: String,
    /// The start tree's content hash then.
    pub tree_hash: String,
    /// Content hashes of every tree the walk could enter then, by id.
    pub trees: BTreeMap<String, String>,
    /// When it began.
    pub started: u64,
    /// The session Restart began this one from.
    pub restarted_from: Option<i64>,
    /// The lockdiag version that began it.
    pub app_version: String,
    /// The log, by `seq`.
    pub events: Vec<Logged>,
}

/// How a replay went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayReport {
    /// Trees whose file changed (or that appeared or went away) since the session began.
    pub changed_trees: Vec<String>,
    /// The recorded actions that no longer apply, in words, in log order.
    pub skipped: Vec<String>,
}

impl ReplayReport {
    /// Whether any tree the walk could enter changed since the session began.
    #[must_use]
    pub fn tree_changed(&self) -> bool {
        !self.changed_trees.is_empty()
    }

    /// What to tell the user on resume, or `None` when the replay was exact.
    #[must_use]
    pub fn message(&self) -> Option<String> {
        if !self.tree_changed() && self.skipped.is_empty() {
            return None;
        }
        let mut out = String::new();
        if self.tree_changed() {
            out.push_str(&format!(
                "The tree changed since this session was recorded (changed: {}).",
                self.changed_trees.join(", ")
            ));
        }
        if self.skipped.is_empty() {
            out.push_str(" Every recorded answer still applies.");
        } else {
            out.push_str(&format!(
                " {} recorded action(s) no longer apply: {}.",
                self.skipped.len(),
                self.skipped.join("; ")
            ));
        }
        Some(out.trim().to_string())
    }
}

/// Rebuilds a case from a stored session. Fails (with the reason) only when the start tree is
/// not in the catalog or the walk cannot begin; actions that no longer apply are reported.
pub fn replay(catalog: &Catalog, stored: &Stored) -> Result<(Case, ReplayReport), String> {
    let start = catalog
        .model_index(&stored.start_tree)
        .or_else(|| catalog.guide_index(&stored.start_tree))
        .ok_or_else(|| {
            format!(
                "its model '{}' is not in the library (removed, or it came from --trees)",
                stored.start_tree
            )
        })?;
    let mut case = Case::start(catalog, start).map_err(|e| e.to_string())?;
    case.id = Some(stored.id);
    case.uid.clone_from(&stored.uid);
    case.tree_hash.clone_from(&stored.tree_hash);
    case.trees.clone_from(&stored.trees);
    case.started = stored.started;
    case.updated = stored.started;
    case.restarted_from = stored.restarted_from;
    case.app_version.clone_from(&stored.app_version);
    if case.session.is_finished(catalog) {
        case.ended = Some(stored.started);
    }
    let mut report = ReplayReport {
        changed_trees: changed(&stored.trees, &tree_hashes(catalog, start)),
        skipped: Vec::new(),
    };
    // Mirrors the recorded walk's answer stack: whether each recorded answer applied here, so
    // Back undoes only what was replayed.
    let mut applied: Vec<bool> = Vec::new();
    for logged in &stored.events {
        if let Err(why) = apply(catalog, &mut case, logged, &mut applied) {
            report.skipped.push(why);
        }
        case.updated = logged.time;
        case.events.push(logged.clone());
    }
    Ok((case, report))
}

fn changed(then: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> Vec<String> {
    let mut ids: Vec<String> = then
        .iter()
        .filter(|(id, hash)| now.get(*id) != Some(*hash))
        .map(|(id, _)| id.clone())
        .chain(now.keys().filter(|id| !then.contains_key(*id)).cloned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn apply(
    catalog: &Catalog,
    case: &mut Case,
    logged: &Logged,
    applied: &mut Vec<bool>,
) -> Result<(), String> {
    let time = logged.time;
    match &logged.event {
        Event::Answer { at, answer } => {
            let done = replay_answer(catalog, case, at, answer, time);
            applied.push(done.is_ok());
            done
        }
        Event::Jump { to, .. } => {
            let done = replay_jump(catalog, case, to, time);
            applied.push(done.is_ok());
            done
        }
        Event::Back { .. } => {
            if applied.pop() == Some(true) && case.session.back() {
                case.moved(catalog, time);
            }
            Ok(())
        }
        Event::Tick { node, step, on } => replay_tick(catalog, case, node, *step, *on),
        Event::Note { step, node, text } => {
            case.apply_note(*step, node, text, time);
            Ok(())
        }
        Event::CaseRef { text } => {
            case.case_ref = (!text.is_empty()).then(|| text.clone());
            Ok(())
        }
        Event::Outcome { .. } => Ok(()),
    }
}

fn describe(r: Option<&NodeRef>) -> String {
    r.map_or_else(|| "?".to_string(), |r| format!("{}/{}", r.tree, r.node))
}

fn replay_answer(
    catalog: &Catalog,
    case: &mut Case,
    at: &[NodeRef],
    answer: &str,
    time: u64,
) -> Result<(), String> {
    let here = NodeRef::of(catalog, case.session.pos());
    if at.last() != Some(&here) {
        return Err(format!(
            "answer '{answer}' at {} (the walk is at {} instead)",
            describe(at.last()),
            describe(Some(&here))
        ));
    }
    let given = answer.trim();
    let parsed = match &case.session.node(catalog).body {
        NodeBody::Question { choices } => choices
            .iter()
            .position(|c| c.label == answer)
            .or_else(|| {
                choices
                    .iter()
                    .position(|c| c.label.trim().eq_ignore_ascii_case(given))
            })
            .map(Answer::Choice),
        NodeBody::Remedy { .. } if given.eq_ignore_ascii_case("yes") => Some(Answer::Fixed(true)),
        NodeBody::Remedy { .. } if given.eq_ignore_ascii_case("no") => Some(Answer::Fixed(false)),
        _ => None,
    };
    let Some(parsed) = parsed else {
        return Err(format!(
            "answer '{answer}' at {} (no longer a choice there)",
            describe(Some(&here))
        ));
    };
    let restoring = restores(&case.session, &parsed);
    case.session
        .answer(catalog, parsed)
        .map_err(|e: WalkError| format!("answer '{answer}' at {}: {e}", describe(Some(&here))))?;
    if !restoring && let Some(step) = case.session.steps.last_mut() {
        step.time = time;
    }
    case.moved(catalog, time);
    Ok(())
}

fn replay_jump(
    catalog: &Catalog,
    case: &mut Case,
    to: &[NodeRef],
    time: u64,
) -> Result<(), String> {
    let Some(stack) = NodeRef::resolve_stack(catalog, to) else {
        return Err(format!(
            "jump to {} (that node is gone)",
            describe(to.last())
        ));
    };
    let restoring = restores(&case.session, &Answer::Jump(stack.clone()));
    case.session
        .jump(catalog, stack)
        .map_err(|e| format!("jump to {}: {e}", describe(to.last())))?;
    if !restoring && let Some(step) = case.session.steps.last_mut() {
        step.time = time;
    }
    case.moved(catalog, time);
    Ok(())
}

fn replay_tick(
    catalog: &Catalog,
    case: &mut Case,
    node: &NodeRef,
    step: usize,
    on: bool,
) -> Result<(), String> {
    let gone = || {
        format!(
            "tick of step {} at {} (that step is gone)",
            step + 1,
            describe(Some(node))
        )
    };
    let pos = node.resolve(catalog).ok_or_else(gone)?;
    let NodeBody::Remedy { steps, .. } = &catalog.node(pos).body else {
        return Err(gone());
    };
    if step >= steps.len() {
        return Err(gone());
    }
    let ticks = case
        .session
        .ticks
        .entry(pos)
        .or_insert_with(|| vec![false; steps.len()]);
    if let Some(t) = ticks.get_mut(step) {
        *t = on;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(v: &[(&str, &str)]) -> BTreeMap<String, String> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn changed_trees_are_listed_once_each() {
        let then = map(&[("m", "1"), ("p", "2"), ("gone", "3")]);
        let now = map(&[("m", "1"), ("p", "9"), ("new", "4")]);
        assert_eq!(changed(&then, &now), vec!["gone", "new", "p"]);
        assert!(changed(&then, &then).is_empty());
    }

    #[test]
    fn the_message_says_what_changed_and_what_was_skipped() {
        let exact = ReplayReport::default();
        assert_eq!(exact.message(), None);
        let r = ReplayReport {
            changed_trees: vec!["m".into()],
            skipped: vec!["answer 'X' at m/q (no longer a choice there)".into()],
        };
        let m = r.message().expect("message");
        assert!(m.starts_with("The tree changed since this session was recorded (changed: m)."));
        assert!(m.contains("1 recorded action(s) no longer apply: answer 'X'"));
    }
}
