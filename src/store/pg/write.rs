//! Writing a [`Job`] to the shared store: one prepared statement in the usual case, the
//! checked transaction when it meets events already stored under its numbers.

use postgres::{Client, GenericClient, Statement};

use super::PgStore;
use crate::store::StoreError;
use crate::store::job::{Job, Written, int};

/// The usual write in one statement: the session row is made (or its summary updated) and the
/// job's new events are inserted, numbered by the job. A row with the same session and event
/// number already stored fails the whole statement (nothing is written).
const WRITE: &str = "
WITH s AS (
    INSERT INTO sessions (uid, start_tree, model_id, tree_hash, trees, started, updated,
        ended, case_ref, outcome_kind, outcome_node, app_version, restarted_from)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
    ON CONFLICT (uid) DO UPDATE SET model_id = EXCLUDED.model_id,
        updated = EXCLUDED.updated, ended = EXCLUDED.ended, case_ref = EXCLUDED.case_ref,
        outcome_kind = EXCLUDED.outcome_kind, outcome_node = EXCLUDED.outcome_node
    RETURNING id
), e AS (
    INSERT INTO events (session_id, seq, time, kind, payload, agent)
    SELECT s.id, u.seq, u.time, u.kind, u.payload, u.agent
      FROM s, unnest($14::int4[], $15::int8[], $16::text[], $17::text[], $18::text[])
           AS u (seq, time, kind, payload, agent)
    RETURNING 1
)
SELECT id, (SELECT count(*) FROM e) FROM s";

impl PgStore {
    /// Connects now if not connected (checking the schema) and prepares the write, so the
    /// first change does not wait for either; an error says why not.
    pub fn reach(&self) -> Result<(), StoreError> {
        self.with(|c| self.prepared(c)).map(drop)
    }

    /// [`WRITE`] prepared on connection `c` (once per connection).
    fn prepared(&self, c: &mut Client) -> Result<Statement, postgres::Error> {
        let cached = self.write.borrow().clone();
        match cached {
            Some(stmt) => Ok(stmt),
            None => {
                let stmt = c.prepare(WRITE)?;
                *self.write.borrow_mut() = Some(stmt.clone());
                Ok(stmt)
            }
        }
    }

    /// Applies `job` in one transaction (see [`super::SqliteStore::write`]): one statement
    /// when it adds events, and when that meets events already stored under the same
    /// numbers, the checked write of [`apply`] (a lost race, or our own events from a try
    /// whose answer was lost).
    pub fn write(&self, job: &Job) -> Result<Written, StoreError> {
        if job.events.len() > job.from {
            match self.write_one(job) {
                Ok(Some(w)) => return Ok(w),
                Ok(None) | Err(StoreError::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        self.write_checked(job)
    }

    /// The job in one statement ([`WRITE`], prepared once per connection); `Ok(None)` when it
    /// inserted fewer events than it should have (never expected; the checked write decides).
    fn write_one(&self, job: &Job) -> Result<Option<Written>, StoreError> {
        let h = &job.head;
        let s = &job.summary;
        let rest = job.events.get(job.from..).unwrap_or_default();
        let seqs: Vec<i32> = rest
            .iter()
            .map(|e| i32::try_from(e.seq).unwrap_or(i32::MAX))
            .collect();
        let times: Vec<i64> = rest.iter().map(|e| int(e.time)).collect();
        let kinds: Vec<&str> = rest.iter().map(|e| e.event.kind()).collect();
        let payloads: Vec<String> = rest.iter().map(|e| e.event.payload()).collect();
        let agents: Vec<Option<&str>> = rest.iter().map(|e| e.agent.as_deref()).collect();
        let (started, updated, ended) = (int(h.started), int(s.updated), s.ended.map(int));
        let row = self.with(|c| {
            let stmt = self.prepared(c)?;
            c.query_one(
                &stmt,
                &[
                    &job.uid,
                    &h.start_tree,
                    &s.model,
                    &h.tree_hash,
                    &h.trees,
                    &started,
                    &updated,
                    &ended,
                    &s.case_ref,
                    &s.outcome_kind,
                    &s.outcome_node,
                    &h.app_version,
                    &h.restarted_from,
                    &seqs,
                    &times,
                    &kinds,
                    &payloads,
                    &agents,
                ],
            )
        })?;
        let inserted = usize::try_from(row.get::<_, i64>(1)).unwrap_or(0);
        Ok((inserted == rest.len()).then(|| Written {
            id: row.get(0),
            events: job.events.len(),
        }))
    }

    /// The job in a transaction that first reads the events stored after the ones the job
    /// knows of, and refuses it (a conflict) unless they are the job's own.
    fn write_checked(&self, job: &Job) -> Result<Written, StoreError> {
        let mut conflict_id = None;
        let done = self.with(|c| {
            let mut tx = c.transaction()?;
            match apply(&mut tx, job)? {
                Ok(w) => {
                    tx.commit()?;
                    Ok(Some(w))
                }
                Err(id) => {
                    conflict_id = Some(id);
                    Ok(None)
                }
            }
        });
        match done {
            Ok(Some(w)) => Ok(w),
            Ok(None) => Err(StoreError::Conflict {
                path: self.place().into(),
                id: conflict_id.unwrap_or(0),
            }),
            Err(StoreError::Conflict { path, .. }) => {
                let id = self.id_of_uid(&job.uid).ok().flatten().unwrap_or(0);
                Err(StoreError::Conflict { path, id })
            }
            Err(e) => Err(e),
        }
    }
}

/// The job's writes inside transaction `tx`: `Ok(Err(id))` when another writer numbered one
/// of its events first (a conflict; the caller rolls back).
fn apply(tx: &mut impl GenericClient, job: &Job) -> Result<Result<Written, i64>, postgres::Error> {
    let h = &job.head;
    let s = &job.summary;
    let made = tx.query_opt(
        "INSERT INTO sessions (uid, start_tree, model_id, tree_hash, trees, started, updated,
             app_version, restarted_from) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)
             ON CONFLICT (uid) DO NOTHING RETURNING id",
        &[
            &job.uid,
            &h.start_tree,
            &s.model,
            &h.tree_hash,
            &h.trees,
            &int(h.started),
            &h.app_version,
            &h.restarted_from,
        ],
    )?;
    let id: i64 = match made {
        Some(r) => r.get(0),
        None => tx
            .query_one("SELECT id FROM sessions WHERE uid = $1", &[&job.uid])?
            .get(0),
    };
    let from = i32::try_from(job.from).unwrap_or(i32::MAX);
    let mut stored = job.from;
    for r in tx.query(
        "SELECT seq, kind, payload, agent FROM events WHERE session_id = $1 AND seq > $2
             ORDER BY seq",
        &[&id, &from],
    )? {
        let seq = usize::try_from(r.get::<_, i32>(0)).unwrap_or(0);
        let agent: Option<String> = r.get(3);
        if !job.is_own(seq, r.get(1), r.get(2), agent.as_deref()) {
            return Ok(Err(id));
        }
        stored = stored.max(seq);
    }
    let rest = job.events.get(stored..).unwrap_or_default();
    if !rest.is_empty() {
        let insert = tx.prepare(
            "INSERT INTO events (session_id, seq, time, kind, payload, agent)
                 VALUES ($1, $2, $3, $4, $5, $6)",
        )?;
        for e in rest {
            let seq = i32::try_from(e.seq).unwrap_or(i32::MAX);
            tx.execute(
                &insert,
                &[
                    &id,
                    &seq,
                    &int(e.time),
                    &e.event.kind(),
                    &e.event.payload(),
                    &e.agent,
                ],
            )?;
        }
    }
    tx.execute(
        "UPDATE sessions SET model_id = $2, updated = $3, ended = $4, case_ref = $5,
             outcome_kind = $6, outcome_node = $7 WHERE id = $1",
        &[
            &id,
            &s.model,
            &int(s.updated),
            &s.ended.map(int),
            &s.case_ref,
            &s.outcome_kind,
            &s.outcome_node,
        ],
    )?;
    Ok(Ok(Written {
        id,
        events: job.events.len(),
    }))
}
