//! A walk through the trees: where the user stands, the answers so far, going back without
//! losing work, and the branches abandoned on the way. Plain Rust: no terminal, no storage.
//!
//! The position is a call stack of [`Pos`]: the last entry is the node on screen; entries
//! below it sit on `procedure` nodes waiting for their shared procedure to return.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use thiserror::Error;

use crate::tree::catalog::Catalog;
use crate::tree::{Node, NodeBody, NodeKind, Target};

/// Where a walk stands (defined with the catalog it indexes).
pub use crate::tree::catalog::Pos;

/// What the user did at a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "value")]
pub enum Answer {
    /// Picked a question's choice (0-based).
    Choice(usize),
    /// Answered "Did this fix it?".
    Fixed(bool),
    /// Jumped here from search, skipping the questions between (the call stack jumped to).
    Jump(Vec<Pos>),
}

/// One answered step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The call stack before the answer; its last entry is the node answered.
    pub stack: Vec<Pos>,
    /// Shared procedures completed before the answer (restored by Back).
    #[serde(default)]
    pub returned: Vec<usize>,
    /// The answer.
    pub answer: Answer,
    /// Seconds since the Unix epoch.
    pub time: u64,
}

impl Step {
    /// The node answered.
    #[must_use]
    pub fn pos(&self) -> Pos {
        self.stack
            .last()
            .copied()
            .unwrap_or(Pos { tree: 0, node: 0 })
    }
}

/// Most valid answers an error lists (about a screenful).
const LISTED_CHOICES: usize = 20;

/// The first [`LISTED_CHOICES`] of `valid`, joined, with how many more there are.
fn screenful(valid: &[String]) -> String {
    let shown = valid[..valid.len().min(LISTED_CHOICES)].join(", ");
    match valid.len().saturating_sub(LISTED_CHOICES) {
        0 => shown,
        more => format!("{shown}, and {more} more"),
    }
}

/// Why an answer could not be applied.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum WalkError {
    /// The answer matches no choice.
    #[error("'{given}' is not one of the choices here: {}", screenful(.valid))]
    NoSuchChoice {
        /// What was given.
        given: String,
        /// The valid answers, numbered.
        valid: Vec<String>,
    },
    /// The walk has reached an outcome.
    #[error("the walk has already ended at an outcome; there is nothing more to answer")]
    Ended,
    /// The tree loops through procedures without reaching a node (validation prevents this).
    #[error("the tree never settles on a node (a procedure loop)")]
    Loop,
}

/// A walk in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    /// The tree the walk is in now (a model or guide; changes when a guide opens a model).
    pub tree: usize,
    stack: Vec<Pos>,
    /// The answers on the current path, in order.
    pub steps: Vec<Step>,
    /// Steps undone by Back, kept so that giving the same answer again restores them.
    pub forward: Vec<Step>,
    /// Shared procedures completed on the current path (not asked again after a handover).
    pub returned: Vec<usize>,
    /// Branches left behind: each is the list of steps that were undone and then replaced.
    pub abandoned: Vec<Vec<Step>>,
    /// Ticked checklist steps of remedies.
    #[serde(skip)]
    pub ticks: HashMap<Pos, Vec<bool>>,
    /// The call stack of the walk's first screen (the safety question in every model tree).
    #[serde(skip)]
    first: Vec<Pos>,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

pub use moves::MAX_SETTLE_STEPS;
use moves::{follow, settle};

impl Session {
    /// Starts a walk at the start of tree `tree` (a model or a guide).
    pub fn start(catalog: &Catalog, tree: usize) -> Result<Self, WalkError> {
        let mut stack = vec![Pos {
            tree,
            node: catalog.trees[tree].start,
        }];
        let mut current = tree;
        let mut returned = Vec::new();
        settle(catalog, &mut stack, &mut current, &mut returned)?;
        Ok(Self {
            tree: current,
            first: stack.clone(),
            stack,
            returned,
            steps: Vec::new(),
            forward: Vec::new(),
            abandoned: Vec::new(),
            ticks: HashMap::new(),
        })
    }

    /// The node on screen.
    #[must_use]
    pub fn pos(&self) -> Pos {
        self.stack.last().copied().unwrap_or(Pos {
            tree: self.tree,
            node: 0,
        })
    }

    /// The call stack (bottom first).
    #[must_use]
    pub fn stack(&self) -> &[Pos] {
        &self.stack
    }

    /// The call stack of the walk's first screen, where `!` goes back to.
    #[must_use]
    pub fn first_stack(&self) -> &[Pos] {
        &self.first
    }

    /// The safety question: the walk's first screen, when it is a question that can end at
    /// emergency services (every model tree starts with the shared safety check).
    #[must_use]
    pub fn safety_question(&self, catalog: &Catalog) -> Option<Pos> {
        let first = self.first.last().copied()?;
        let emergency = crate::tree::analysis::kinds_of(catalog.reach(first).kinds)
            .contains(&NodeKind::Emergency);
        (emergency && matches!(catalog.node(first).body, NodeBody::Question { .. }))
            .then_some(first)
    }

    /// Whether the walk went past the safety question without answering it (a jump from
    /// search): the screen then keeps asking, and the transcript says it was not asked.
    #[must_use]
    pub fn safety_skipped(&self, catalog: &Catalog) -> bool {
        let Some(safety) = self.safety_question(catalog) else {
            return false;
        };
        let answered = self
            .steps
            .iter()
            .any(|s| s.pos() == safety && matches!(s.answer, Answer::Choice(_)));
        !answered && self.pos() != safety
    }

    /// How many answers the walk has (jumps from search are not answers).
    #[must_use]
    pub fn answer_count(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| !matches!(s.answer, Answer::Jump(_)))
            .count()
    }

    /// The node on screen.
    #[must_use]
    pub fn node<'c>(&self, catalog: &'c Catalog) -> &'c Node {
        catalog.node(self.pos())
    }

    /// Whether the walk has reached an outcome.
    #[must_use]
    pub fn is_finished(&self, catalog: &Catalog) -> bool {
        self.node(catalog).kind().is_outcome()
    }

    /// The labels the current node accepts, in order (`yes`/`no` at a remedy).
    #[must_use]
    pub fn choice_labels(&self, catalog: &Catalog) -> Vec<String> {
        match &self.node(catalog).body {
            NodeBody::Question { choices } => choices.iter().map(|c| c.label.clone()).collect(),
            NodeBody::Remedy { .. } => vec!["yes".to_string(), "no".to_string()],
            _ => Vec::new(),
        }
    }

    /// Reads an answer the way `walk --answer` takes it: a 1-based number, a label (case and
    /// surrounding spaces ignored), or yes/no at a remedy.
    pub fn parse_answer(&self, catalog: &Catalog, given: &str) -> Result<Answer, WalkError> {
        let labels = self.choice_labels(catalog);
        if labels.is_empty() {
            return Err(WalkError::Ended);
        }
        let g = given.trim();
        let is_remedy = self.node(catalog).kind() == NodeKind::Remedy;
        let index = g
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=labels.len()).contains(n))
            .map(|n| n - 1)
            .or_else(|| labels.iter().position(|l| l.trim().eq_ignore_ascii_case(g)))
            .or_else(|| match g.to_ascii_lowercase().as_str() {
                "y" if is_remedy => Some(0),
                "n" if is_remedy => Some(1),
                _ => None,
            });
        match index {
            Some(i) if is_remedy => Ok(Answer::Fixed(i == 0)),
            Some(i) => Ok(Answer::Choice(i)),
            None => Err(WalkError::NoSuchChoice {
                given: given.to_string(),
                valid: labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{} '{l}'", i + 1))
                    .collect(),
            }),
        }
    }

    /// Applies an answer at the current node and moves on.
    pub fn answer(&mut self, catalog: &Catalog, answer: Answer) -> Result<(), WalkError> {
        let target = match (&self.node(catalog).body, &answer) {
            (NodeBody::Question { choices }, Answer::Choice(i)) => match choices.get(*i) {
                Some(c) => c.next.clone(),
                None => return Err(self.no_such(catalog, &(i + 1).to_string())),
            },
            (
                NodeBody::Remedy {
                    fixed, not_fixed, ..
                },
                Answer::Fixed(yes),
            ) => {
                if *yes {
                    fixed.clone()
                } else {
                    not_fixed.clone()
                }
            }
            (_, Answer::Jump(_)) => return Err(WalkError::Ended),
            (NodeBody::Question { .. } | NodeBody::Remedy { .. }, _) => {
                return Err(self.no_such(catalog, "that answer"));
            }
            _ => return Err(WalkError::Ended),
        };
        let mut stack = self.stack.clone();
        let mut tree = self.tree;
        let mut returned = self.returned.clone();
        follow(catalog, &mut stack, &mut tree, &mut returned, target)?;
        self.record(Step {
            stack: self.stack.clone(),
            returned: self.returned.clone(),
            answer,
            time: now(),
        });
        self.stack = stack;
        self.tree = tree;
        self.returned = returned;
        Ok(())
    }

    /// Jumps to a node found by search. `to` is a full call stack whose bottom is a model or
    /// guide start-to-node path (the search index builds it); the jump is recorded so Back
    /// returns to where the search started.
    pub fn jump(&mut self, catalog: &Catalog, to: Vec<Pos>) -> Result<(), WalkError> {
        let Some(bottom) = to.first().copied() else {
            return Err(WalkError::Loop);
        };
        let mut stack = to.clone();
        let mut tree = bottom.tree;
        let mut returned = self.returned.clone();
        settle(catalog, &mut stack, &mut tree, &mut returned)?;
        self.record(Step {
            stack: self.stack.clone(),
            returned: self.returned.clone(),
            answer: Answer::Jump(to),
            time: now(),
        });
        self.stack = stack;
        self.tree = tree;
        self.returned = returned;
        Ok(())
    }

    fn no_such(&self, catalog: &Catalog, given: &str) -> WalkError {
        WalkError::NoSuchChoice {
            given: given.to_string(),
            valid: self
                .choice_labels(catalog)
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{} '{l}'", i + 1))
                .collect(),
        }
    }

    /// Records a step: the same answer as the one undone restores it; a different one
    /// abandons the undone branch.
    fn record(&mut self, step: Step) {
        if let Some(next) = self.forward.last() {
            if next.stack == step.stack && next.answer == step.answer {
                if let Some(restored) = self.forward.pop() {
                    self.steps.push(restored);
                }
                return;
            }
            let mut branch: Vec<Step> = std::mem::take(&mut self.forward);
            branch.reverse();
            self.abandoned.push(branch);
        }
        self.steps.push(step);
    }

    /// Goes back one answer. Returns false at the start.
    pub fn back(&mut self) -> bool {
        let Some(step) = self.steps.pop() else {
            return false;
        };
        self.stack = step.stack.clone();
        self.returned = step.returned.clone();
        self.tree = self.stack.first().map_or(self.tree, |p| p.tree);
        self.forward.push(step);
        true
    }

    /// The answer given here before Back, if any, so the screen can preselect it.
    #[must_use]
    pub fn remembered_answer(&self) -> Option<&Answer> {
        self.forward
            .last()
            .filter(|s| s.stack == self.stack)
            .map(|s| &s.answer)
    }

    /// Toggles checklist step `i` of the remedy on screen.
    pub fn toggle_tick(&mut self, catalog: &Catalog, i: usize) {
        let pos = self.pos();
        if let NodeBody::Remedy { steps, .. } = &catalog.node(pos).body {
            let ticks = self
                .ticks
                .entry(pos)
                .or_insert_with(|| vec![false; steps.len()]);
            if let Some(t) = ticks.get_mut(i) {
                *t = !*t;
            }
        }
    }

    /// Whether checklist step `i` of the remedy on screen is ticked.
    #[must_use]
    pub fn is_ticked(&self, i: usize) -> bool {
        self.ticks
            .get(&self.pos())
            .and_then(|t| t.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// The outcome kinds still reachable from here, taking pending procedure returns into
    /// account, in display order.
    #[must_use]
    pub fn reachable_outcomes(&self, catalog: &Catalog) -> Vec<NodeKind> {
        let mut bits = 0u8;
        for (depth, pos) in self.stack.iter().enumerate().rev() {
            let reach = if depth + 1 == self.stack.len() {
                catalog.reach(*pos)
            } else {
                // A caller waiting on a procedure: what its `next` leads to.
                match &catalog.node(*pos).body {
                    NodeBody::Procedure {
                        next: Target::Node(n),
                        ..
                    } => catalog.reach(Pos {
                        tree: pos.tree,
                        node: *n,
                    }),
                    NodeBody::Procedure {
                        next: Target::Return,
                        ..
                    } => crate::tree::analysis::Reach {
                        kinds: 0,
                        can_return: true,
                    },
                    _ => crate::tree::analysis::Reach::default(),
                }
            };
            bits |= reach.kinds;
            if !reach.can_return {
                break;
            }
        }
        crate::tree::analysis::kinds_of(bits)
    }
}

mod learned;
mod moves;
#[cfg(test)]
mod tests;
