//! Whole-library rules over built trees: recursion between procedures, reachability, dead
//! ends, the locksmith and emergency routes every model needs, and which outcome kinds each
//! node can still lead to. Every pass is linear in the size of the library.

use std::collections::VecDeque;

use super::diag::Diagnostic;
use super::model::{NodeBody, NodeKind, Target, Tree, TreeKind};

/// What can still happen from a node: outcome kinds reachable, and whether (inside a shared
/// procedure) control can return to the caller.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    /// Bit set of [`NodeKind::OUTCOMES`] (bit i = `OUTCOMES[i]`), plus bit 4 for "opens a model".
    pub kinds: u8,
    /// Whether a path ends the procedure with `return`.
    pub can_return: bool,
}

/// Bit for "opens another model's tree".
pub const OPENS_MODEL: u8 = 1 << 4;
/// Bit for "passes a remedy on the way" (shown, but not an ending).
pub const REMEDY: u8 = 1 << 5;
/// The bits that count as an ending for dead-end checks.
pub const ENDINGS: u8 = 0b1_1111;

fn bit(kind: NodeKind) -> u8 {
    NodeKind::OUTCOMES
        .iter()
        .position(|k| *k == kind)
        .map_or(0, |i| 1 << i)
}

/// The outcome kinds in a bit set, in display order.
#[must_use]
pub fn kinds_of(bits: u8) -> Vec<NodeKind> {
    let mut out: Vec<NodeKind> = Vec::new();
    if bits & REMEDY != 0 {
        out.push(NodeKind::Remedy);
    }
    out.extend(
        NodeKind::OUTCOMES
            .iter()
            .copied()
            .filter(|k| bits & bit(*k) != 0),
    );
    if bits & OPENS_MODEL != 0 {
        out.push(NodeKind::OpenModel);
    }
    out
}

/// The results of analysing a library.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Reach of every node, by tree then node index.
    pub reach: Vec<Vec<Reach>>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
}

fn file(t: &Tree) -> &str {
    t.origin.display_path()
}

/// Runs every whole-library rule.
#[must_use]
pub fn analyse(trees: &[Tree]) -> Analysis {
    let mut diagnostics = recursion(trees);
    diagnostics.extend(too_deep(trees));
    let reach = compute_reach(trees);
    for (ti, tree) in trees.iter().enumerate() {
        let reachable = reachable_nodes(tree);
        for (ni, node) in tree.nodes.iter().enumerate() {
            let r = reach[ti][ni];
            if !reachable[ni] {
                diagnostics.push(
                    Diagnostic::warning(
                        file(tree),
                        node.line,
                        node.column,
                        "unreachable",
                        "no path from the start reaches this node".into(),
                    )
                    .at_node(&node.id)
                    .with_hint("lead a choice to it, or delete it"),
                );
                continue;
            }
            let in_procedure = matches!(tree.kind, TreeKind::Procedure { .. });
            if r.kinds & ENDINGS == 0 && !(in_procedure && r.can_return) {
                let end = if in_procedure {
                    "an outcome or 'return'"
                } else {
                    "an outcome"
                };
                diagnostics.push(
                    Diagnostic::error(
                        file(tree),
                        node.line,
                        node.column,
                        "dead-end",
                        format!("no path from this node reaches {end}"),
                    )
                    .at_node(&node.id)
                    .with_hint(
                        "give every loop a way out, such as a locksmith or manufacturer outcome",
                    ),
                );
            }
        }
        if let TreeKind::Model(m) = &tree.kind {
            let r = reach[ti][tree.start];
            let (line, col) = tree.header;
            if r.kinds & bit(NodeKind::Locksmith) == 0 {
                diagnostics.push(
                    Diagnostic::error(
                        file(tree),
                        line,
                        col,
                        "no-locksmith",
                        format!(
                            "model '{}' has no route to a 'call a locksmith' outcome",
                            m.id
                        ),
                    )
                    .with_hint("every model tree must be able to end at a locksmith node"),
                );
            }
            if r.kinds & bit(NodeKind::Emergency) == 0 {
                diagnostics.push(
                    Diagnostic::error(
                        file(tree),
                        line,
                        col,
                        "no-emergency",
                        format!("model '{}' has no route to emergency services", m.id),
                    )
                    .with_hint("start the tree with the shared procedure 'safety-first'"),
                );
            }
        }
    }
    Analysis { reach, diagnostics }
}

fn reachable_nodes(tree: &Tree) -> Vec<bool> {
    let mut seen = vec![false; tree.nodes.len()];
    let mut queue = VecDeque::from([tree.start]);
    seen[tree.start] = true;
    while let Some(n) = queue.pop_front() {
        for t in tree.nodes[n].targets() {
            if let Target::Node(m) = t
                && !seen[*m]
            {
                seen[*m] = true;
                queue.push_back(*m);
            }
        }
    }
    seen
}

/// Finds procedures that call themselves, directly or through others.
fn recursion(trees: &[Tree]) -> Vec<Diagnostic> {
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; trees.len()];
    let mut diags = Vec::new();
    for root in 0..trees.len() {
        if !matches!(trees[root].kind, TreeKind::Procedure { .. }) || state[root] != 0 {
            continue;
        }
        // Iterative DFS over procedure trees: (tree, next node index to scan).
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some((t, i)) = stack.pop() {
            let Some(node) = trees[t].nodes.get(i) else {
                state[t] = 2;
                continue;
            };
            stack.push((t, i + 1));
            if let NodeBody::Procedure { procedure, .. } = &node.body {
                match state[*procedure] {
                    0 => {
                        state[*procedure] = 1;
                        stack.push((*procedure, 0));
                    }
                    1 => diags.push(
                        Diagnostic::error(
                            file(&trees[t]),
                            node.line,
                            node.column,
                            "recursive-procedure",
                            format!("procedure '{}' calls '{}', which is already running: a procedure may not call itself", trees[t].id, trees[*procedure].id),
                        )
                        .at_node(&node.id),
                    ),
                    _ => {}
                }
            }
        }
    }
    diags
}

/// How deep procedure calls nest below each tree (0: it calls none), without recursion (a
/// call to a procedure already running, reported by [`recursion`], counts as 0).
fn call_depths(trees: &[Tree]) -> Vec<usize> {
    const UNKNOWN: usize = usize::MAX;
    let mut depth = vec![UNKNOWN; trees.len()];
    let mut running = vec![false; trees.len()];
    for root in 0..trees.len() {
        if depth[root] != UNKNOWN {
            continue;
        }
        // Iterative post-order: (tree, next node index to scan, deepest call so far).
        let mut stack = vec![(root, 0usize, 0usize)];
        running[root] = true;
        while let Some((t, i, best)) = stack.pop() {
            let Some(node) = trees[t].nodes.get(i) else {
                depth[t] = best;
                running[t] = false;
                continue;
            };
            let NodeBody::Procedure { procedure: p, .. } = &node.body else {
                stack.push((t, i + 1, best));
                continue;
            };
            let p = *p;
            if depth[p] != UNKNOWN {
                stack.push((t, i + 1, best.max(depth[p] + 1)));
            } else if running[p] {
                stack.push((t, i + 1, best));
            } else {
                stack.push((t, i, best));
                running[p] = true;
                stack.push((p, 0, 0));
            }
        }
    }
    depth
}

/// Models and guides whose procedures nest deeper than the walker follows.
fn too_deep(trees: &[Tree]) -> Vec<Diagnostic> {
    let limit = crate::session::MAX_SETTLE_STEPS;
    let depths = call_depths(trees);
    trees
        .iter()
        .zip(depths)
        .filter(|(t, d)| *d >= limit && !matches!(t.kind, TreeKind::Procedure { .. }))
        .map(|(t, d)| {
            let start = &t.nodes[t.start];
            Diagnostic::error(
                file(t),
                start.line,
                start.column,
                "too-deep",
                format!(
                    "procedures nest {d} deep below this tree; the walker follows at most {} calls in a row, so the tree never settles on a node",
                    limit - 1
                ),
            )
            .at_node(&start.id)
            .with_hint("flatten the chain: let a procedure do more itself instead of calling the next")
        })
        .collect()
}

/// Fixed point of [`Reach`] over every node of every tree, with a worklist so each node is
/// recomputed only when something it depends on grew (at most six times).
fn compute_reach(trees: &[Tree]) -> Vec<Vec<Reach>> {
    let mut reach: Vec<Vec<Reach>> = trees
        .iter()
        .map(|t| vec![Reach::default(); t.nodes.len()])
        .collect();
    // Who depends on a node: its predecessors, and for a procedure's start, every call node.
    let mut deps: Vec<Vec<Vec<(usize, usize)>>> = trees
        .iter()
        .map(|t| vec![Vec::new(); t.nodes.len()])
        .collect();
    for (ti, tree) in trees.iter().enumerate() {
        for (ni, node) in tree.nodes.iter().enumerate() {
            for t in node.targets() {
                if let Target::Node(m) = t {
                    deps[ti][*m].push((ti, ni));
                }
            }
            if let NodeBody::Procedure { procedure, .. } = &node.body {
                let start = trees[*procedure].start;
                deps[*procedure][start].push((ti, ni));
            }
        }
    }
    let mut queue: VecDeque<(usize, usize)> = trees
        .iter()
        .enumerate()
        .flat_map(|(ti, t)| (0..t.nodes.len()).map(move |ni| (ti, ni)))
        .collect();
    let mut queued: Vec<Vec<bool>> = trees.iter().map(|t| vec![true; t.nodes.len()]).collect();
    while let Some((ti, ni)) = queue.pop_front() {
        queued[ti][ni] = false;
        let new = evaluate(trees, &reach, ti, ni);
        let old = reach[ti][ni];
        let merged = Reach {
            kinds: old.kinds | new.kinds,
            can_return: old.can_return || new.can_return,
        };
        if merged != old {
            reach[ti][ni] = merged;
            for &(dt, dn) in &deps[ti][ni] {
                if !queued[dt][dn] {
                    queued[dt][dn] = true;
                    queue.push_back((dt, dn));
                }
            }
        }
    }
    reach
}

fn evaluate(trees: &[Tree], reach: &[Vec<Reach>], ti: usize, ni: usize) -> Reach {
    let node = &trees[ti].nodes[ni];
    let via = |t: &Target| match t {
        Target::Node(m) => reach[ti][*m],
        Target::Return => Reach {
            kinds: 0,
            can_return: true,
        },
    };
    let kind = node.kind();
    if kind.is_outcome() {
        return Reach {
            kinds: bit(kind),
            can_return: false,
        };
    }
    match &node.body {
        NodeBody::OpenModel { .. } => Reach {
            kinds: OPENS_MODEL,
            can_return: false,
        },
        NodeBody::Procedure { procedure, next } => {
            let inner = reach[*procedure][trees[*procedure].start];
            let mut r = Reach {
                kinds: inner.kinds,
                can_return: false,
            };
            if inner.can_return {
                let after = via(next);
                r.kinds |= after.kinds;
                r.can_return = after.can_return;
            }
            r
        }
        _ => {
            let own = if kind == NodeKind::Remedy { REMEDY } else { 0 };
            let start = Reach {
                kinds: own,
                can_return: false,
            };
            node.targets().into_iter().fold(start, |acc, t| {
                let r = via(t);
                Reach {
                    kinds: acc.kinds | r.kinds,
                    can_return: acc.can_return || r.can_return,
                }
            })
        }
    }
}
