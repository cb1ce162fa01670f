//! Reading the store: the list of sessions (which never fails because of one bad row), one
//! session's log, and a session rebuilt on the catalog.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::event::{Event, Logged};
use super::replay::Stored;
use super::{SqliteStore, StoreError};

/// One session as `lockdiag sessions` lists it (read from the session row only, without the
/// trees, so it works even when a model was removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    /// Session id.
    pub id: i64,
    /// When it began (seconds since the Unix epoch).
    pub started: u64,
    /// When anything last happened.
    pub updated: u64,
    /// When the walk reached the outcome it stands on.
    pub ended: Option<u64>,
    /// The model (or guide) the walk is in.
    pub model: String,
    /// The outcome kind reached (`resolved`, `locksmith`, `manufacturer`, `emergency`).
    pub outcome: Option<String>,
    /// The outcome node id.
    pub outcome_node: Option<String>,
    /// The case or ticket reference.
    pub case_ref: Option<String>,
    /// The agents who recorded its events, in order of first appearance (none for sessions
    /// recorded before agents were).
    pub agents: Vec<String>,
    /// Why the row could not be read in full, if so (the other fields are then best effort).
    pub problem: Option<String>,
}

impl Listed {
    /// Whether `agent` recorded any of its events (always true with no agent given).
    #[must_use]
    pub fn by(&self, agent: Option<&str>) -> bool {
        agent.is_none_or(|a| self.agents.iter().any(|x| x == a))
    }
}

/// The agents of a session as the list query returns them: `\n`-separated names in order of
/// first appearance (an agent name never holds a newline: see [`super::agent_name`]).
#[must_use]
pub fn split_agents(joined: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in joined.unwrap_or("").split('\n').filter(|a| !a.is_empty()) {
        if !out.iter().any(|x| x == a) {
            out.push(a.to_string());
        }
    }
    out
}

/// A session row as read: start tree, tree hash, trees JSON, started, restarted from, app
/// version, unique key.
pub(super) type HeadRow = (String, String, String, i64, Option<i64>, String, String);

/// Builds a [`Stored`] from what either backend read; `bad` names the session in errors.
pub(super) fn assemble(
    id: i64,
    row: HeadRow,
    events: Vec<EventRow>,
    bad: &dyn Fn(String) -> StoreError,
) -> Result<Stored, StoreError> {
    let (start_tree, tree_hash, trees, started, restarted_from, app_version, uid) = row;
    let trees: BTreeMap<String, String> = serde_json::from_str(&trees)
        .map_err(|e| bad(format!("its list of tree hashes is damaged: {e}")))?;
    let events = events
        .into_iter()
        .map(|(seq, time_, kind, payload, agent)| {
            let event = Event::from_parts(&kind, &payload)
                .map_err(|e| bad(format!("event {seq} ('{kind}') is damaged: {e}")))?;
            Ok(Logged {
                seq: u32::try_from(seq).unwrap_or(u32::MAX),
                time: time(time_),
                agent,
                event,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Stored {
        id,
        uid,
        start_tree,
        tree_hash,
        trees,
        started: time(started),
        restarted_from,
        app_version,
        events,
    })
}

/// One stored event as read: seq, time, kind, payload, agent.
pub(super) type EventRow = (i64, i64, String, String, Option<String>);

/// Seconds from an integer column (negative means damaged: 0).
pub(super) fn time(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// Column `i` of `row`, or `None` (noting the first problem) when it cannot be read.
fn get<T: rusqlite::types::FromSql>(
    row: &Row<'_>,
    i: usize,
    problem: &mut Option<String>,
) -> Option<T> {
    match row.get::<_, Option<T>>(i) {
        Ok(v) => v,
        Err(e) => {
            problem.get_or_insert_with(|| format!("damaged row: {e}"));
            None
        }
    }
}

fn listed(row: &Row<'_>) -> Listed {
    let mut problem = None;
    let p = &mut problem;
    let id = get::<i64>(row, 0, p).unwrap_or(0);
    let started = get::<i64>(row, 1, p).map_or(0, time);
    let updated = get::<i64>(row, 2, p).map_or(started, time);
    let ended = get::<i64>(row, 3, p).map(time);
    let model = get::<String>(row, 4, p).unwrap_or_default();
    let outcome = get(row, 5, p);
    let outcome_node = get(row, 6, p);
    let case_ref = get(row, 7, p);
    let agents = split_agents(get::<String>(row, 8, p).as_deref());
    Listed {
        id,
        started,
        updated,
        ended,
        model,
        outcome,
        outcome_node,
        case_ref,
        agents,
        problem,
    }
}

impl SqliteStore {
    /// Every session, oldest first. A damaged row is listed with its `problem`; only a store
    /// that cannot be queried at all is an error.
    pub fn list(&self) -> Result<Vec<Listed>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, started, updated, ended, model_id, outcome_kind, outcome_node,
                     case_ref, (SELECT group_concat(agent, char(10)) FROM
                         (SELECT agent FROM events WHERE session_id = s.id ORDER BY seq))
                 FROM sessions s ORDER BY id",
            )
            .map_err(self.sql())?;
        let mut rows = stmt.query([]).map_err(self.sql())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.sql())? {
            out.push(listed(row));
        }
        Ok(out)
    }

    /// The session worked on most recently (by last event), if any.
    pub fn latest(&self) -> Result<Option<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM sessions ORDER BY updated DESC, id DESC LIMIT 1")
            .map_err(self.sql())?;
        let mut rows = stmt.query([]).map_err(self.sql())?;
        match rows.next().map_err(self.sql())? {
            Some(row) => row.get(0).map(Some).map_err(self.sql()),
            None => Ok(None),
        }
    }

    /// Reads session `id`: its row and its whole log. Any damage is reported as
    /// [`StoreError::Session`], naming the file and the session.
    pub fn load(&self, id: i64) -> Result<Stored, StoreError> {
        let bad = |reason: String| StoreError::Session {
            path: self.path.clone(),
            id,
            reason,
        };
        let row = self.conn.query_row(
            "SELECT start_tree, tree_hash, trees, started, restarted_from, app_version,
                 coalesce(uid, 'local-' || id) FROM sessions WHERE id = ?1",
            params![id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        );
        let row = match row {
            Ok(r) => r,
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                return Err(StoreError::NoSuchSession {
                    path: self.path.clone(),
                    id,
                });
            }
            Err(e) => return Err(bad(format!("its session row is damaged: {e}"))),
        };
        let events = self
            .events(id)
            .map_err(|e| bad(format!("its event log cannot be read: {e}")))?;
        assemble(id, row, events, &bad)
    }

    fn events(&self, id: i64) -> rusqlite::Result<Vec<EventRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, time, kind, payload, agent FROM events WHERE session_id = ?1
                 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        rows.collect()
    }

    /// The session whose case reference is `reference` (the most recently updated if several),
    /// or, when `reference` is a number and no case has it as its reference, the session with
    /// that id.
    pub fn find(&self, reference: &str) -> Result<Option<i64>, StoreError> {
        let by_ref: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM sessions WHERE case_ref = ?1 ORDER BY updated DESC, id DESC
                     LIMIT 1",
                params![reference],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.sql())?;
        if by_ref.is_some() {
            return Ok(by_ref);
        }
        let Ok(id) = reference.trim().parse::<i64>() else {
            return Ok(None);
        };
        self.conn
            .query_row("SELECT id FROM sessions WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.sql())
    }
}
