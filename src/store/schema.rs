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

/// An error met while first reading a file: [`StoreError::Damaged`] when SQLite says it is not
/// a database or is corrupt, else [`StoreError::Sql`] (a lock, a read-only place, ...).
pub(super) fn first_read(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |cause| {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match cause.sqlite_error_code() {
            Some(NotADatabase | DatabaseCorrupt) => StoreError::Damaged {
                path: path.to_path_buf(),
                cause,
            },
            _ => StoreError::Sql {
                path: path.to_path_buf(),
                cause,
            },
        }
    }
}

fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

fn object_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
}

/// The columns each version's tables have (later versions add to the list).
const SESSION_COLUMNS: [&str; 13] = [
    "id",
    "start_tree",
    "model_id",
    "tree_hash",
    "trees",
    "started",
    "updated",
    "ended",
    "case_ref",
    "outcome_kind",
    "outcome_node",
    "app_version",
    "restarted_from",
];
const EVENT_COLUMNS: [&str; 5] = ["session_id", "seq", "time", "kind", "payload"];

/// Whether table `table` has every column in `wanted`.
fn has_columns(conn: &Connection, table: &str, wanted: &[&str]) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(wanted.iter().all(|w| names.iter().any(|n| n == w)))
}

/// Whether the file holds lockdiag's tables as store version `found` has them (a newer version
/// has at least this one's columns). Version 0 with any table is someone else's.
fn has_our_tables(conn: &Connection, found: i64) -> rusqlite::Result<bool> {
    if found <= 0 {
        return Ok(false);
    }
    let current = found >= VERSION;
    let mut sessions = SESSION_COLUMNS.to_vec();
    let mut events = EVENT_COLUMNS.to_vec();
    if current {
        sessions.push("uid");
        events.push("agent");
    }
    Ok(has_columns(conn, "sessions", &sessions)? && has_columns(conn, "events", &events)?)
}

/// What a file holds, read in one snapshot.
#[derive(Debug, Clone, Copy)]
pub(super) struct Inspected {
    version: i64,
    ours: bool,
}

/// Reads the file's version, whether it has any table, and whether those are lockdiag's, in one
/// snapshot (another lockdiag may be creating the tables right now, and a mixed view would look
/// like someone else's database). Writes nothing.
pub(super) fn inspect(conn: &mut Connection) -> rusqlite::Result<Inspected> {
    let snapshot = conn.transaction()?;
    let version = version(&snapshot)?;
    let objects = object_count(&snapshot)?;
    let ours = if objects == 0 {
        version == 0
    } else {
        has_our_tables(&snapshot, version)?
    };
    snapshot.commit()?;
    Ok(Inspected { version, ours })
}

/// What a lockdiag store file needs before it can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// No tables yet (a new or 0-byte file): no cases.
    Empty,
    /// This version: ready.
    Current,
    /// An older version, to be brought up to [`VERSION`].
    Older(i64),
}

/// Sorts what [`inspect`] saw: someone else's database and a newer store are errors.
pub(super) fn classify(seen: Inspected, path: &Path) -> Result<Found, StoreError> {
    if !seen.ours {
        return Err(StoreError::NotOurs {
            path: path.to_path_buf(),
        });
    }
    if seen.version > VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: seen.version,
            known: VERSION,
        });
    }
    Ok(match seen.version {
        VERSION => Found::Current,
        0 => Found::Empty,
        v => Found::Older(v),
    })
}

/// Checks the file's version and creates the tables in a new file. Writes nothing to a file
/// that is damaged, newer, or not a lockdiag store.
pub(super) fn prepare(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sql = |cause| StoreError::Sql {
        path: path.to_path_buf(),
        cause,
    };
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    let found = classify(inspect(conn).map_err(first_read(path))?, path)?;
    // WAL lets a second lockdiag read while this one writes; FULL makes each commit survive a
    // power cut, not only a killed process.
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
        .map_err(sql)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sql)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sql)?;
    if found == Found::Current {
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
