//! Writing cases: a new session row with its first events, then events appended as they
//! happen. Each call is one `BEGIN IMMEDIATE` transaction, so a killed process loses at most
//! the call in flight and two processes never interleave half-written changes.

use rusqlite::{ErrorCode, Transaction, TransactionBehavior, params};

use super::case::Case;
use super::event::Logged;
use super::{Store, StoreError};

fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn insert_events(tx: &Transaction<'_>, id: i64, events: &[Logged]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (session_id, seq, time, kind, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for e in events {
        stmt.execute(params![
            id,
            e.seq,
            int(e.time),
            e.event.kind(),
            e.event.payload()
        ])?;
    }
    Ok(())
}

fn update_summary(tx: &Transaction<'_>, id: i64, case: &Case) -> rusqlite::Result<usize> {
    let outcome = case.outcome();
    tx.execute(
        "UPDATE sessions SET model_id = ?2, updated = ?3, ended = ?4, case_ref = ?5,
             outcome_kind = ?6, outcome_node = ?7 WHERE id = ?1",
        params![
            id,
            case.model_id(),
            int(case.updated()),
            case.ended().map(int),
            case.case_ref(),
            outcome.map(|o| o.kind.keyword()),
            outcome.map(|o| o.node.node.as_str()),
        ],
    )
}

impl Store {
    /// Saves a new session for `case` with every event it has so far, and returns its id.
    pub fn create(&mut self, case: &Case) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let sql = |cause| StoreError::Sql {
            path: path.clone(),
            cause,
        };
        let trees = serde_json::to_string(case.trees()).unwrap_or_else(|_| "{}".to_string());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        tx.execute(
            "INSERT INTO sessions (start_tree, model_id, tree_hash, trees, started, updated,
                 app_version, restarted_from) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
            params![
                case.start_tree(),
                case.model_id(),
                case.tree_hash(),
                trees,
                int(case.started()),
                case.app_version(),
                case.restarted_from(),
            ],
        )
        .map_err(sql)?;
        let id = tx.last_insert_rowid();
        insert_events(&tx, id, case.events()).map_err(sql)?;
        update_summary(&tx, id, case).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(id)
    }

    /// Appends `case`'s events from index `from` on to session `id` and updates its summary
    /// (model, outcome, times, case reference). If another process already wrote one of those
    /// event numbers, nothing is written and [`StoreError::Conflict`] says so.
    pub fn append(&mut self, id: i64, case: &Case, from: usize) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |cause| StoreError::Sql {
            path: path.clone(),
            cause,
        };
        let events = case.events().get(from..).unwrap_or_default();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        if let Err(e) = insert_events(&tx, id, events) {
            return Err(
                if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) {
                    StoreError::Conflict {
                        path: self.path.clone(),
                        id,
                    }
                } else {
                    sql(e)
                },
            );
        }
        let rows = update_summary(&tx, id, case).map_err(sql)?;
        if rows == 0 {
            return Err(StoreError::NoSuchSession {
                path: self.path.clone(),
                id,
            });
        }
        tx.commit().map_err(sql)
    }
}
