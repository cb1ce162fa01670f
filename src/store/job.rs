//! [`Job`]: one write to a store, taken from a [`Case`] as it is now. Both backends apply it
//! the same way, in one transaction: the session row is found by its unique key (or made), the
//! events the store does not have yet are added, and the summary columns are updated. A job is
//! plain data, so it can wait in memory or in the local spool and be sent later; sending the
//! same job twice writes nothing the second time.

use serde::{Deserialize, Serialize};

use super::case::Case;
use super::event::Logged;
use super::replay::Stored;

/// The columns of a session row that never change after it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The tree the walk started in.
    pub start_tree: String,
    /// The start tree's content hash.
    pub tree_hash: String,
    /// Content hashes of every tree the walk could enter, by id, as JSON.
    pub trees: String,
    /// When the case began.
    pub started: u64,
    /// The lockdiag version that began it.
    pub app_version: String,
    /// The session Restart began this one from.
    pub restarted_from: Option<i64>,
}

/// The summary columns, updated with every write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The model (or guide) the walk is in.
    pub model: String,
    /// When anything last happened.
    pub updated: u64,
    /// When the walk reached its outcome.
    pub ended: Option<u64>,
    /// The case reference.
    pub case_ref: Option<String>,
    /// The outcome kind keyword.
    pub outcome_kind: Option<String>,
    /// The outcome node id.
    pub outcome_node: Option<String>,
}

/// One write: the case's whole log, and how much of it the writer knows to be stored already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// The session's unique key.
    pub uid: String,
    /// The row's fixed columns.
    pub head: Head,
    /// The row's summary columns.
    pub summary: Summary,
    /// Every event of the case, oldest first.
    pub events: Vec<Logged>,
    /// How many of `events` the store confirmed earlier (the rest may or may not be there: a
    /// write whose answer was lost is checked, not repeated).
    pub from: usize,
}

/// What a job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The session id in the store.
    pub id: i64,
    /// Events now stored for the session (all of the job's).
    pub events: usize,
}

impl Job {
    /// The job that brings the store up to date with `case`, `from` of whose events are known
    /// to be stored.
    #[must_use]
    pub fn of(case: &Case, from: usize) -> Self {
        let outcome = case.outcome();
        Self {
            uid: case.uid().to_string(),
            head: Head {
                start_tree: case.start_tree().to_string(),
                tree_hash: case.tree_hash().to_string(),
                trees: serde_json::to_string(case.trees()).unwrap_or_else(|_| "{}".to_string()),
                started: case.started(),
                app_version: case.app_version().to_string(),
                restarted_from: case.restarted_from(),
            },
            summary: Summary {
                model: case.model_id().to_string(),
                updated: case.updated(),
                ended: case.ended(),
                case_ref: case.case_ref().map(str::to_string),
                outcome_kind: outcome.map(|o| o.kind.keyword().to_string()),
                outcome_node: outcome.map(|o| o.node.node.clone()),
            },
            events: case.events().to_vec(),
            from,
        }
    }

    /// The case as the job holds it, in the form a store reads back (id 0: a job kept in the
    /// spool may never have reached the store).
    #[must_use]
    pub fn stored(&self) -> Stored {
        Stored {
            id: 0,
            uid: self.uid.clone(),
            start_tree: self.head.start_tree.clone(),
            tree_hash: self.head.tree_hash.clone(),
            trees: serde_json::from_str(&self.head.trees).unwrap_or_default(),
            started: self.head.started,
            restarted_from: self.head.restarted_from,
            app_version: self.head.app_version.clone(),
            events: self.events.clone(),
        }
    }

    /// Whether `stored` (kind, payload, agent of the event numbered `seq`) is the job's own
    /// event `seq`, i.e. written by an earlier try of this job whose answer was lost.
    #[must_use]
    pub fn is_own(&self, seq: usize, kind: &str, payload: &str, agent: Option<&str>) -> bool {
        seq >= 1
            && self.events.get(seq - 1).is_some_and(|e| {
                e.event.kind() == kind
                    && e.event.payload() == payload
                    && e.agent.as_deref() == agent
            })
    }
}

/// Where `mine` (a case's log) and `theirs` (the stored log of the same case) part: the
/// number of leading events they share, searched from `from` on (the events before `from`
/// are known to be shared).
#[must_use]
pub fn shared_prefix(mine: &[Logged], theirs: &[Logged], from: usize) -> usize {
    let mut n = from.min(mine.len()).min(theirs.len());
    while n < mine.len() && n < theirs.len() && same(&mine[n], &theirs[n]) {
        n += 1;
    }
    n
}

fn same(a: &Logged, b: &Logged) -> bool {
    a.seq == b.seq && a.event == b.event && a.agent == b.agent
}

/// `theirs` followed by the events of `mine` it lacks, numbered on from its end: a write that
/// lost the race, re-based on the winner's log (nothing dropped, nothing twice).
#[must_use]
pub fn rebase(mine: &[Logged], theirs: &[Logged], from: usize) -> Vec<Logged> {
    let keep = shared_prefix(mine, theirs, from);
    let mut out = theirs.to_vec();
    for e in mine.get(keep..).unwrap_or_default() {
        let mut e = e.clone();
        e.seq = u32::try_from(out.len() + 1).unwrap_or(u32::MAX);
        out.push(e);
    }
    out
}

/// Seconds as the stores' integer columns hold them.
#[must_use]
pub fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Event;

    fn ev(seq: u32, who: &str, text: &str) -> Logged {
        Logged {
            seq,
            time: 1,
            agent: Some(who.into()),
            event: Event::CaseRef { text: text.into() },
        }
    }

    #[test]
    fn a_lost_race_is_rebased_after_the_winner() {
        let mine = vec![ev(1, "a", "x"), ev(2, "a", "mine"), ev(3, "a", "mine2")];
        let theirs = vec![ev(1, "a", "x"), ev(2, "b", "theirs")];
        let merged = rebase(&mine, &theirs, 1);
        let texts: Vec<(u32, &str)> = merged
            .iter()
            .map(|e| (e.seq, e.agent.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(texts, vec![(1, "a"), (2, "b"), (3, "a"), (4, "a")]);
        // Our own events already stored (an answer that was lost) are not repeated.
        let stored = vec![ev(1, "a", "x"), ev(2, "a", "mine")];
        assert_eq!(rebase(&mine, &stored, 0).len(), 3);
    }
}
