//! Opening the SQLite file for the commands that only read (`sessions`, `export`, `stats`):
//! SQLite's read-only mode, no journal-mode switch, no upgrade, no file created. The file's
//! bytes and modification time stay as they were.
//!
//! A missing or 0-byte file, or one with no tables yet, holds no cases. A store in a folder
//! this user cannot write is readable too: a store in WAL mode needs its `-shm` file beside
//! it, which SQLite cannot create there, so such a store is read as immutable when nothing
//! waits in a log or journal beside it (a lockdiag that closed cleanly leaves none); when
//! something does, [`StoreError::Unmerged`] says what to do.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::schema::{self, BUSY_TIMEOUT, Found};
use super::{SqliteStore, StoreError};

impl SqliteStore {
    /// Opens the store file at `path` for reading only; `None` when it holds no cases (no
    /// file, a 0-byte file, or no tables yet). Someone else's database, an older store (which
    /// only a writing lockdiag upgrades) and a newer one are errors that name the file.
    pub fn open_read_only(path: &Path) -> Result<Option<Self>, StoreError> {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Ok(m) if m.is_file() && m.len() == 0 => return Ok(None),
            // Anything else (a folder, no permission): SQLite's open says why, naming it.
            _ => {}
        }
        let mut conn = connect(path, false)?;
        let seen = match schema::inspect(&mut conn) {
            Ok(seen) => seen,
            Err(e) if needs_to_write(&e) => {
                if let Some(pending) = pending_changes(path) {
                    return Err(StoreError::Unmerged {
                        path: path.to_path_buf(),
                        pending,
                    });
                }
                conn = connect(path, true)?;
                schema::inspect(&mut conn).map_err(schema::first_read(path))?
            }
            Err(e) => return Err(schema::first_read(path)(e)),
        };
        match schema::classify(seen, path)? {
            Found::Empty => Ok(None),
            Found::Current => Ok(Some(Self {
                conn,
                path: path.to_path_buf(),
            })),
            Found::Older(found) => Err(StoreError::Older {
                path: path.to_path_buf(),
                found,
                known: schema::VERSION,
            }),
        }
    }
}

/// A read-only connection to `path`; `immutable` tells SQLite the file cannot change while it
/// is open, so it needs no `-shm` file and takes no locks.
fn connect(path: &Path, immutable: bool) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let opened = if immutable {
        Connection::open_with_flags(format!("file:{}?immutable=1", uri_path(path)), flags)
    } else {
        Connection::open_with_flags(path, flags)
    };
    let open_err = |cause| StoreError::Open {
        path: path.to_path_buf(),
        cause,
    };
    let conn = opened.map_err(open_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
    Ok(conn)
}

/// Whether SQLite refused to read because it would have to create or write a file beside the
/// store (the `-shm` of a WAL-mode store in a folder this user cannot write).
fn needs_to_write(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen)
    )
}

/// The write-ahead log or rollback journal beside `path`, if one holds changes not yet in it.
fn pending_changes(path: &Path) -> Option<PathBuf> {
    ["-wal", "-journal"].into_iter().find_map(|suffix| {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        std::fs::metadata(&side)
            .is_ok_and(|m| m.len() > 0)
            .then_some(side)
    })
}

/// `path` as the path part of an SQLite `file:` URI: every byte but letters, digits, `/` and
/// `-._~` percent-encoded (so `?`, `#` and `%` in a folder name stay part of the name).
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_keep_special_characters_in_the_name() {
        assert_eq!(
            uri_path(Path::new("/tmp/a b?c#d%e/sessions.db")),
            "/tmp/a%20b%3Fc%23d%25e/sessions.db"
        );
        assert_eq!(uri_path(Path::new("rel/x.db")), "rel/x.db");
    }

    #[test]
    fn a_missing_empty_or_new_file_holds_no_cases_and_is_not_created() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        assert!(SqliteStore::open_read_only(&path).expect("ok").is_none());
        assert!(!path.exists());
        std::fs::write(&path, b"").expect("0 bytes");
        assert!(SqliteStore::open_read_only(&path).expect("ok").is_none());
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), 0);
    }

    #[test]
    fn a_store_is_read_and_keeps_its_journal_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        drop(SqliteStore::open_file(&path).expect("create"));
        let conn = Connection::open(&path).expect("open");
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
            .expect("delete mode");
        assert_eq!(mode, "delete");
        drop(conn);
        let bytes = std::fs::read(&path).expect("read");
        let store = SqliteStore::open_read_only(&path)
            .expect("opens")
            .expect("a store");
        assert!(store.list().expect("list").is_empty());
        drop(store);
        assert_eq!(std::fs::read(&path).expect("read"), bytes);
    }

    #[test]
    fn an_older_store_is_not_upgraded_by_reading() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        drop(SqliteStore::open_file(&path).expect("create"));
        Connection::open(&path)
            .expect("open")
            .execute_batch("PRAGMA journal_mode = DELETE; PRAGMA user_version = 1;")
            .expect("pretend version 1");
        let bytes = std::fs::read(&path).expect("read");
        let err = SqliteStore::open_read_only(&path).expect_err("refused");
        assert!(matches!(err, StoreError::Older { found: 1, .. }), "{err}");
        assert!(err.to_string().contains("needs upgrading"), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), bytes);
    }
}
