//! What the walk has learned from the answers on its current path (see [`crate::tree::facts`]).

use super::{Answer, Session};
use crate::tree::catalog::Catalog;
use crate::tree::{Learned, NodeBody};

impl Session {
    /// The facts the answers on the current path recorded, a later answer replacing an earlier
    /// one. Answers undone with Back are not on the path, so what they taught is forgotten; a
    /// jump from search answers nothing and teaches nothing.
    #[must_use]
    pub fn learned(&self, catalog: &Catalog) -> Learned {
        let mut learned = Learned::default();
        for step in &self.steps {
            let (NodeBody::Question { choices }, Answer::Choice(i)) =
                (&catalog.node(step.pos()).body, &step.answer)
            else {
                continue;
            };
            for (fact, value) in choices
                .get(*i)
                .map(|c| c.sets.as_slice())
                .unwrap_or_default()
            {
                learned.set(*fact, value);
            }
        }
        learned
    }
}
