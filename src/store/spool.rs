//! The local spool of the shared store: a small SQLite file, `spool.db` in the data folder,
//! holding the writes that could not reach the server. One row per case and server (the
//! latest [`Job`], which holds every event of the case), in the order the case was first
//! spooled; a row goes once the server has the job. It survives the app quitting, so kept
//! changes are sent the next time lockdiag reaches the server.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use super::StoreError;
use super::job::Job;
use super::schema::BUSY_TIMEOUT;

/// The spool's file name inside the data folder.
pub const SPOOL_FILE: &str = "spool.db";

/// The spool file.
#[derive(Debug)]
pub struct Spool {
    conn: Connection,
    path: PathBuf,
}

impl Spool {
    /// Opens (or creates) the spool in data folder `dir`.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let path = dir.join(SPOOL_FILE);
        let sql = |cause| StoreError::Sql {
            path: path.clone(),
            cause,
        };
        std::fs::create_dir_all(dir).map_err(|cause| StoreError::Folder {
            path: dir.to_path_buf(),
            cause,
        })?;
        let conn = Connection::open(&path).map_err(|cause| StoreError::Open {
            path: path.clone(),
            cause,
        })?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sql)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS spool (
                 n      INTEGER PRIMARY KEY AUTOINCREMENT,
                 target TEXT NOT NULL,
                 uid    TEXT NOT NULL,
                 job    TEXT NOT NULL,
                 UNIQUE (target, uid)
             )",
        )
        .map_err(sql)?;
        Ok(Self { conn, path })
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        super::sql_at(&self.path)
    }

    /// Keeps `job` for server `target`, replacing an older job of the same case (it keeps
    /// its place in the order).
    pub fn put(&self, target: &str, job: &Job) -> Result<(), StoreError> {
        let text = serde_json::to_string(job).map_err(|e| StoreError::Session {
            path: self.path.clone(),
            id: 0,
            reason: format!("cannot encode a change for the spool: {e}"),
        })?;
        self.conn
            .execute(
                "INSERT INTO spool (target, uid, job) VALUES (?1, ?2, ?3)
                     ON CONFLICT (target, uid) DO UPDATE SET job = excluded.job",
                params![target, job.uid, text],
            )
            .map(drop)
            .map_err(self.sql())
    }

    /// The jobs kept for `target`, oldest first, with their row numbers. A row that cannot be
    /// decoded is left where it is and skipped.
    pub fn pending(&self, target: &str) -> Result<Vec<(i64, Job)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT n, job FROM spool WHERE target = ?1 ORDER BY n")
            .map_err(self.sql())?;
        let rows = stmt
            .query_map(params![target], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(self.sql())?;
        let mut out = Vec::new();
        for row in rows {
            let (n, text) = row.map_err(self.sql())?;
            if let Ok(job) = serde_json::from_str::<Job>(&text) {
                out.push((n, job));
            }
        }
        Ok(out)
    }

    /// Removes row `n` once the server has its job, unless the row was replaced by a newer
    /// job of the case meanwhile.
    pub fn done(&self, n: i64, job: &Job) -> Result<(), StoreError> {
        let text = serde_json::to_string(job).unwrap_or_default();
        self.conn
            .execute(
                "DELETE FROM spool WHERE n = ?1 AND job = ?2",
                params![n, text],
            )
            .map(drop)
            .map_err(self.sql())
    }

    /// The case kept for `target` whose case reference (or unique key) is `reference`, or,
    /// when `None`, the case kept there that changed last.
    pub fn find(&self, target: &str, reference: Option<&str>) -> Result<Option<Job>, StoreError> {
        let wanted = reference.map(str::trim);
        Ok(self
            .pending(target)?
            .into_iter()
            .map(|(_, job)| job)
            .filter(|j| {
                wanted.is_none_or(|r| j.summary.case_ref.as_deref() == Some(r) || j.uid == r)
            })
            .max_by_key(|j| j.summary.updated))
    }

    /// How many events the spool holds for `target` that the server may not have.
    pub fn events(&self, target: &str) -> Result<usize, StoreError> {
        Ok(self
            .pending(target)?
            .iter()
            .map(|(_, j)| j.events.len().saturating_sub(j.from))
            .sum())
    }
}
