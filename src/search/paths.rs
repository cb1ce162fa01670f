//! Where each node sits in a model's walk: the call stack that reaches it and the labels of
//! the answers on a shortest path from the model's start, found by breadth-first search that
//! steps into shared procedures (and back out of them) the way a walk does.

use std::collections::{HashSet, VecDeque};

use crate::catalog::Catalog;
use crate::session::Pos;
use crate::tree::{NodeBody, Target};

/// The deepest procedure nesting followed (validation forbids recursion; this is a guard).
const MAX_DEPTH: usize = 32;

/// A node reached from a model's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The call stack: the bottom is in the model tree, the top is the node.
    pub stack: Vec<Pos>,
    /// Choice labels (and "yes"/"no" at remedies) from the start to the node.
    pub path: Vec<String>,
}

/// Pushes procedure frames until the top is a node a walk shows. Returns false when the top
/// opens another model (search does not follow it) or nesting is too deep.
fn settle(catalog: &Catalog, stack: &mut Vec<Pos>) -> bool {
    while let Some(top) = stack.last().copied() {
        match &catalog.node(top).body {
            NodeBody::Procedure { procedure, .. } => {
                if stack.len() >= MAX_DEPTH {
                    return false;
                }
                stack.push(Pos {
                    tree: *procedure,
                    node: catalog.trees[*procedure].start,
                });
            }
            NodeBody::OpenModel { .. } => return false,
            _ => return true,
        }
    }
    false
}

/// Moves the top of `stack` along `target`, returning from procedures as needed.
fn follow(catalog: &Catalog, mut stack: Vec<Pos>, target: &Target) -> Option<Vec<Pos>> {
    let mut target = target.clone();
    loop {
        match target {
            Target::Node(n) => {
                stack.last_mut()?.node = n;
                return settle(catalog, &mut stack).then_some(stack);
            }
            Target::Return => {
                stack.pop();
                let caller = *stack.last()?;
                let NodeBody::Procedure { next, .. } = &catalog.node(caller).body else {
                    return None;
                };
                target = next.clone();
            }
        }
    }
}

/// Every node a walk of model tree `model` can show, each once, with the first (shortest)
/// stack and path that reach it, in breadth-first order.
#[must_use]
pub fn locate(catalog: &Catalog, model: usize) -> Vec<Located> {
    let mut out = Vec::new();
    let mut seen_node: HashSet<Pos> = HashSet::new();
    let mut seen_stack: HashSet<Vec<Pos>> = HashSet::new();
    let mut queue = VecDeque::new();
    let mut start = vec![Pos {
        tree: model,
        node: catalog.trees[model].start,
    }];
    if !settle(catalog, &mut start) {
        return out;
    }
    seen_stack.insert(start.clone());
    queue.push_back((start, Vec::<String>::new()));
    while let Some((stack, path)) = queue.pop_front() {
        let Some(top) = stack.last().copied() else {
            continue;
        };
        if seen_node.insert(top) {
            out.push(Located {
                stack: stack.clone(),
                path: path.clone(),
            });
        }
        let edges: Vec<(&str, &Target)> = match &catalog.node(top).body {
            NodeBody::Question { choices } => choices
                .iter()
                .map(|c| (c.label.as_str(), &c.next))
                .collect(),
            NodeBody::Remedy {
                fixed, not_fixed, ..
            } => vec![("yes", fixed), ("no", not_fixed)],
            _ => Vec::new(),
        };
        for (label, target) in edges {
            let Some(next) = follow(catalog, stack.clone(), target) else {
                continue;
            };
            if seen_stack.insert(next.clone()) {
                let mut p = path.clone();
                p.push(label.to_string());
                queue.push_back((next, p));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load_library;

    #[test]
    fn shipped_models_reach_their_nodes_through_procedures() {
        let catalog = load_library(true, &[]).catalog.expect("library loads");
        for m in catalog.models_sorted() {
            let located = locate(&catalog, m);
            assert!(!located.is_empty());
            let first = &located[0];
            assert!(
                first.path.is_empty(),
                "the first node shown has no answers before it"
            );
            for l in &located {
                assert_eq!(l.stack[0].tree, m, "the bottom frame is in the model");
                for pair in l.stack.windows(2) {
                    assert!(matches!(
                        catalog.node(pair[0]).body,
                        NodeBody::Procedure { .. }
                    ));
                }
                let kind = catalog.node(*l.stack.last().unwrap()).kind();
                assert!(!matches!(
                    kind,
                    crate::tree::NodeKind::Procedure | crate::tree::NodeKind::OpenModel
                ));
            }
            // Every node of the model's own tree that a walk shows is found.
            let own = located.iter().filter(|l| l.stack.len() == 1).count();
            assert!(own > 10, "{}: {own}", catalog.trees[m].id);
        }
    }
}
