//! Writing cases to the SQLite file: each [`Job`] is one `BEGIN IMMEDIATE` transaction, so a
//! killed process loses at most the write in flight and two processes never interleave
//! half-written changes.

use rusqlite::{ErrorCode, OptionalExtension, Transaction, TransactionBehavior, params};

use super::job::{Job, Written, int};
use super::{SqliteStore, StoreError};

fn session_id(tx: &Transaction<'_>, job: &Job) -> rusqlite::Result<i64> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM sessions WHERE uid = ?1",
            params![job.uid],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    let h = &job.head;
    tx.execute(
        "INSERT INTO sessions (start_tree, model_id, tree_hash, trees, started, updated,
             app_version, restarted_from, uid) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)",
        params![
            h.start_tree,
            job.summary.model,
            h.tree_hash,
            h.trees,
            int(h.started),
            h.app_version,
            h.restarted_from,
            job.uid,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Why a job cannot be applied as it stands.
enum Refusal {
    /// Another writer numbered an event the job also has.
    Conflict,
    /// SQLite said no.
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Self {
        if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) {
            Self::Conflict
        } else {
            Self::Sql(e)
        }
    }
}

fn apply(tx: &Transaction<'_>, job: &Job) -> Result<Written, Refusal> {
    let id = session_id(tx, job)?;
    // Events the job does not know to be stored: either its own from an earlier try, or
    // another writer's (a conflict).
    let from = i64::try_from(job.from).unwrap_or(i64::MAX);
    let mut stmt = tx.prepare_cached(
        "SELECT seq, kind, payload, agent FROM events WHERE session_id = ?1 AND seq > ?2
             ORDER BY seq",
    )?;
    let mut rows = stmt.query(params![id, from])?;
    let mut stored = job.from;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let kind: String = r.get(1)?;
        let payload: String = r.get(2)?;
        let agent: Option<String> = r.get(3)?;
        let seq = usize::try_from(seq).unwrap_or(0);
        if !job.is_own(seq, &kind, &payload, agent.as_deref()) {
            return Err(Refusal::Conflict);
        }
        stored = stored.max(seq);
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (session_id, seq, time, kind, payload, agent)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for e in job.events.get(stored..).unwrap_or_default() {
        insert.execute(params![
            id,
            e.seq,
            int(e.time),
            e.event.kind(),
            e.event.payload(),
            e.agent
        ])?;
    }
    let s = &job.summary;
    tx.execute(
        "UPDATE sessions SET model_id = ?2, updated = ?3, ended = ?4, case_ref = ?5,
             outcome_kind = ?6, outcome_node = ?7 WHERE id = ?1",
        params![
            id,
            s.model,
            int(s.updated),
            s.ended.map(int),
            s.case_ref,
            s.outcome_kind,
            s.outcome_node,
        ],
    )?;
    Ok(Written {
        id,
        events: job.events.len(),
    })
}

impl SqliteStore {
    /// Applies `job`: makes the session row if it is new, adds the events not stored yet and
    /// updates the summary. If another writer already numbered one of those events,
    /// nothing is written and [`StoreError::Conflict`] says so.
    pub fn write(&mut self, job: &Job) -> Result<Written, StoreError> {
        let path = self.path.clone();
        let sql = |cause| StoreError::Sql {
            path: path.clone(),
            cause,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        match apply(&tx, job) {
            Ok(w) => {
                tx.commit().map_err(sql)?;
                Ok(w)
            }
            Err(Refusal::Sql(e)) => Err(sql(e)),
            Err(Refusal::Conflict) => {
                drop(tx);
                let id = self.id_of_uid(&job.uid).map_err(sql)?.unwrap_or(0);
                Err(StoreError::Conflict { path, id })
            }
        }
    }

    /// The id of the session with unique key `uid`, if stored.
    pub fn id_of_uid(&self, uid: &str) -> rusqlite::Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT id FROM sessions WHERE uid = ?1",
                params![uid],
                |r| r.get(0),
            )
            .optional()
    }
}
