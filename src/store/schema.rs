//! The store's tables and its version check. The version lives in SQLite's `user_version`
//! pragma: 0 is a new file (the tables are created), 1 is brought up to [`VERSION`] (each
//! session gets a unique key, each event its agent), [`VERSION`] is this one, anything newer
//! is refused without touching the file. The PostgreSQL store has the same tables
//! (`docs/store-schema.md`).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// The schema version this lockdiag writes and reads.
pub const VERSION: i64 = 2;

/// How long a write waits for another lockdiag's write to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const TABLES: &str = "
CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    start_tree     TEXT    NOT NULL,
    model_id       TEXT    NOT NULL,
    tree_hash      TEXT    NOT NULL,
    trees          TEXT    NOT NULL,
    started        INTEGER NOT NULL,
    updated        INTEGER NOT NULL,
    ended          INTEGER,
    case_ref       TEXT,
    outcome_kind   TEXT,
    outcome_node   TEXT,
    app_version    TEXT    NOT NULL,
    restarted_from INTEGER,
    uid            TEXT
);
CREATE TABLE events (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seq        INTEGER NOT NULL,
    time       INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    agent      TEXT,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX sessions_uid ON sessions(uid);
CREATE INDEX sessions_case_ref ON sessions(case_ref);
";

/// Version 1 to 2: a unique key for each session (old ones get `local-ID`) and the agent of
/// each event (unknown for old ones).
const FROM_1: &str = "
ALTER TABLE sessions ADD COLUMN uid TEXT;
UPDATE sessions SET uid = 'local-' || id;
ALTER TABLE events ADD COLUMN agent TEXT;
CREATE UNIQUE INDEX sessions_uid ON sessions(uid);
CREATE INDEX sessions_case_ref ON sessions(case_ref);
";

fn damaged(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |cause| StoreError::Damaged {
        path: path.to_path_buf(),
        cause,
    }
}

fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

fn object_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
}

/// Checks the file's version and creates the tables in a new file. Writes nothing to a file
/// that is damaged, newer, or not a lockdiag store.
pub(super) fn prepare(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sql = |cause| StoreError::Sql {
        path: path.to_path_buf(),
        cause,
    };
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    // Read the version and the table count in one snapshot: another lockdiag may be creating
    // the tables right now, and a mixed view would look like someone else's database.
    let snapshot = conn.transaction().map_err(sql)?;
    let found = version(&snapshot).map_err(damaged(path))?;
    let objects = object_count(&snapshot).map_err(damaged(path))?;
    snapshot.commit().map_err(sql)?;
    if found > VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found,
            known: VERSION,
        });
    }
    if found == 0 && objects > 0 {
        return Err(StoreError::NotOurs {
            path: path.to_path_buf(),
        });
    }
    // WAL lets a second lockdiag read while this one writes; FULL makes each commit survive a
    // power cut, not only a killed process.
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
        .map_err(sql)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sql)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sql)?;
    if found == VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql)?;
    // Another lockdiag may have created the tables since the check above.
    let again = version(&tx).map_err(sql)?;
    if again == 0 {
        if object_count(&tx).map_err(sql)? > 0 {
            return Err(StoreError::NotOurs {
                path: path.to_path_buf(),
            });
        }
        tx.execute_batch(TABLES).map_err(sql)?;
        tx.pragma_update(None, "user_version", VERSION)
            .map_err(sql)?;
    } else if again == 1 {
        tx.execute_batch(FROM_1).map_err(sql)?;
        tx.pragma_update(None, "user_version", VERSION)
            .map_err(sql)?;
    } else if again > VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: again,
            known: VERSION,
        });
    }
    tx.commit().map_err(sql)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_gets_the_tables_and_the_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path).expect("open");
        prepare(&mut conn, &path).expect("prepare");
        assert_eq!(version(&conn).expect("version"), VERSION);
        // Preparing again is harmless.
        prepare(&mut conn, &path).expect("again");
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_version_1_file_gets_keys_and_agents_and_keeps_its_sessions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch(
            "CREATE TABLE sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, start_tree TEXT NOT NULL,
                 model_id TEXT NOT NULL, tree_hash TEXT NOT NULL, trees TEXT NOT NULL,
                 started INTEGER NOT NULL, updated INTEGER NOT NULL, ended INTEGER, case_ref TEXT,
                 outcome_kind TEXT, outcome_node TEXT, app_version TEXT NOT NULL,
                 restarted_from INTEGER);
             CREATE TABLE events (session_id INTEGER NOT NULL REFERENCES sessions(id),
                 seq INTEGER NOT NULL, time INTEGER NOT NULL, kind TEXT NOT NULL,
                 payload TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
             INSERT INTO sessions VALUES (1, 'm', 'm', 'h', '{}', 5, 6, NULL, 'TCK-1', NULL, NULL, '0.1.0', NULL);
             INSERT INTO events VALUES (1, 1, 6, 'case-ref', '{\"text\":\"TCK-1\"}');
             PRAGMA user_version = 1;",
        )
        .expect("a version 1 file");
        drop(conn);
        let mut conn = Connection::open(&path).expect("open");
        prepare(&mut conn, &path).expect("upgraded");
        assert_eq!(version(&conn).expect("version"), VERSION);
        let (uid, agent): (String, Option<String>) = conn
            .query_row(
                "SELECT uid, agent FROM sessions JOIN events ON session_id = id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("row");
        assert_eq!((uid.as_str(), agent), ("local-1", None));
    }

    #[test]
    fn another_programs_database_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path).expect("open");
        conn.execute_batch("CREATE TABLE t (x)").expect("create");
        let err = prepare(&mut conn, &path).expect_err("refused");
        assert!(matches!(err, StoreError::NotOurs { .. }), "{err}");
    }
}
