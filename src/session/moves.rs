//! Moving the call stack: following a target, returning from shared procedures and
//! handing over to another model, until the walk rests on a node the user sees.

use super::{Pos, WalkError};
use crate::tree::catalog::Catalog;
use crate::tree::{NodeBody, Target};

/// Most procedure calls (or returns) the walker follows in one move before it gives up with
/// [`WalkError::Loop`]; `check` refuses a library whose procedures nest this deep.
pub const MAX_SETTLE_STEPS: usize = 10_000;

/// Follows procedure and open-model nodes until the stack rests on a node the user sees.
///
/// When a guide opens a model, a shared procedure the walk has already completed (such as
/// the safety check) is not asked again at the model's start.
pub(super) fn settle(
    catalog: &Catalog,
    stack: &mut Vec<Pos>,
    tree: &mut usize,
    returned: &mut Vec<usize>,
) -> Result<(), WalkError> {
    for _ in 0..MAX_SETTLE_STEPS {
        let Some(top) = stack.last().copied() else {
            return Err(WalkError::Loop);
        };
        match &catalog.node(top).body {
            NodeBody::Procedure { procedure, .. } => {
                let start = catalog.trees[*procedure].start;
                stack.push(Pos {
                    tree: *procedure,
                    node: start,
                });
            }
            NodeBody::OpenModel { model } => {
                *tree = *model;
                stack.clear();
                let start = Pos {
                    tree: *model,
                    node: catalog.trees[*model].start,
                };
                stack.push(start);
                if let NodeBody::Procedure { procedure, next } = &catalog.node(start).body
                    && returned.contains(procedure)
                {
                    return follow(catalog, stack, tree, returned, next.clone());
                }
            }
            _ => return Ok(()),
        }
    }
    Err(WalkError::Loop)
}

/// Moves the top of the stack along `target`, returning from procedures as needed.
pub(super) fn follow(
    catalog: &Catalog,
    stack: &mut Vec<Pos>,
    tree: &mut usize,
    returned: &mut Vec<usize>,
    mut target: Target,
) -> Result<(), WalkError> {
    for _ in 0..MAX_SETTLE_STEPS {
        match target {
            Target::Node(n) => {
                if let Some(top) = stack.last_mut() {
                    top.node = n;
                }
                return settle(catalog, stack, tree, returned);
            }
            Target::Return => {
                if let Some(done) = stack.pop()
                    && !returned.contains(&done.tree)
                {
                    returned.push(done.tree);
                }
                let Some(caller) = stack.last().copied() else {
                    return Err(WalkError::Loop);
                };
                let NodeBody::Procedure { next, .. } = &catalog.node(caller).body else {
                    return Err(WalkError::Loop);
                };
                target = next.clone();
            }
        }
    }
    Err(WalkError::Loop)
}
