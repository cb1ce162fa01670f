//! Reading the store: the list of sessions (which never fails because of one bad row), one
//! session's log, and a session rebuilt on the catalog.

use std::collections::BTreeMap;

use rusqlite::{Row, params};
use serde::Serialize;

use crate::catalog::Catalog;

use super::case::Case;
use super::event::{Event, Logged};
use super::replay::{ReplayReport, Stored, replay};
use super::{Store, StoreError};

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
    /// Why the row could not be read in full, if so (the other fields are then best effort).
    pub problem: Option<String>,
}

fn time(v: i64) -> u64 {
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
    Listed {
        id,
        started,
        updated,
        ended,
        model,
        outcome,
        outcome_node,
        case_ref,
        problem,
    }
}

impl Store {
    /// Every session, oldest first. A damaged row is listed with its `problem`; only a store
    /// that cannot be queried at all is an error.
    pub fn list(&self) -> Result<Vec<Listed>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, started, updated, ended, model_id, outcome_kind, outcome_node,
                     case_ref FROM sessions ORDER BY id",
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

    /// `id`, or the latest session when `None`.
    pub fn pick(&self, id: Option<i64>) -> Result<i64, StoreError> {
        match id {
            Some(id) => Ok(id),
            None => self.latest()?.ok_or_else(|| StoreError::NoSessions {
                path: self.path.clone(),
            }),
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
            "SELECT start_tree, tree_hash, trees, started, restarted_from, app_version
                 FROM sessions WHERE id = ?1",
            params![id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        );
        let (start_tree, tree_hash, trees, started, restarted_from, app_version) = match row {
            Ok(r) => r,
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                return Err(StoreError::NoSuchSession {
                    path: self.path.clone(),
                    id,
                });
            }
            Err(e) => return Err(bad(format!("its session row is damaged: {e}"))),
        };
        let trees: BTreeMap<String, String> = serde_json::from_str(&trees)
            .map_err(|e| bad(format!("its list of tree hashes is damaged: {e}")))?;
        let events = self
            .events(id)
            .map_err(|e| bad(format!("its event log cannot be read: {e}")))?
            .into_iter()
            .map(|(seq, time_, kind, payload)| {
                let event = Event::from_parts(&kind, &payload)
                    .map_err(|e| bad(format!("event {seq} ('{kind}') is damaged: {e}")))?;
                Ok(Logged {
                    seq: u32::try_from(seq).unwrap_or(u32::MAX),
                    time: time(time_),
                    event,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Stored {
            id,
            start_tree,
            tree_hash,
            trees,
            started: time(started),
            restarted_from,
            app_version,
            events,
        })
    }

    fn events(&self, id: i64) -> rusqlite::Result<Vec<(i64, i64, String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, time, kind, payload FROM events WHERE session_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        rows.collect()
    }

    /// Reads session `id` (the latest when `None`) and rebuilds it on `catalog`. The report says
    /// whether the trees changed since and which recorded actions no longer apply.
    pub fn load_case(
        &self,
        catalog: &Catalog,
        id: Option<i64>,
    ) -> Result<(Case, ReplayReport), StoreError> {
        let id = self.pick(id)?;
        let stored = self.load(id)?;
        replay(catalog, &stored).map_err(|reason| StoreError::Session {
            path: self.path.clone(),
            id,
            reason,
        })
    }
}
