//! Case sessions: the [`Case`] domain type, its event log, and the [`Store`] that keeps every
//! case as it happens: the SQLite file in the data folder ([`SqliteStore`], the default) or a
//! PostgreSQL database a whole desk shares ([`pg::PgStore`]). The app and the commands hold a
//! [`Store`] and do not know which backend is behind it.
//!
//! - [`case`]: a walk plus case reference, notes and ticks, and the log that records it.
//! - [`event`]: the log's events, named by node ids and label text.
//! - [`schema`]: tables and the version check; [`record`]: writes; [`list`]: reads.
//! - [`readonly`]: opening the file for the commands that only read, which change nothing.
//! - [`job`]: one write, as plain data; [`backend`]: [`Store`] over both backends.
//! - [`pg`]: the PostgreSQL backend; [`spool`] and [`writer`]: the background writer that keeps
//!   events in a local spool while the server is away and sends them in order when it is back.
//! - [`replay`]: rebuilding a case from its log on today's trees.
//! - [`live`]: [`LiveCase`], a case that saves each event as it happens (what the TUI holds).
//!
//! Layout: one file, `sessions.db`, in the data folder, in WAL mode so two lockdiag processes
//! can use it at once; each event is its own transaction. See `docs/session-json.md` for the
//! exported form.

pub mod backend;
pub mod case;
pub mod event;
pub mod job;
pub mod list;
pub mod live;
pub mod pg;
pub mod readonly;
pub mod record;
pub mod replay;
pub mod schema;
pub mod spool;
pub mod writer;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use thiserror::Error;

pub use backend::{Store, StoreSpec, agent_name};
pub use case::{Case, Note, Outcome};
pub use event::{Event, Logged, NodeRef};
pub use job::{Job, Written};
pub use list::Listed;
pub use live::{LiveCase, SaveState};
pub use replay::{ReplayReport, Stored};

/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "sessions.db";

/// Why the store could not be used. Every message names the file (for the shared store: the
/// server and database, never the password), and the session when one is concerned.
#[derive(Debug, Error)]
pub enum StoreError {
    /// No folder was given and neither `XDG_DATA_HOME` nor `HOME` is set.
    #[error(
        "there is no data folder: give --data-dir, or set LOCKDIAG_DATA, XDG_DATA_HOME or HOME"
    )]
    NoDataDir,
    /// The data folder cannot be created.
    #[error("cannot use the data folder {}: {cause}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// The database file cannot be opened.
    #[error("cannot open the session store {}: {cause}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: rusqlite::Error,
    },
    /// The file is damaged or not a database at all.
    #[error("{} is damaged or is not a database ({cause}); it was left untouched", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        cause: rusqlite::Error,
    },
    /// A database, but not one of lockdiag's.
    #[error("{} is not a lockdiag case store; it was left untouched", path.display())]
    NotOurs {
        /// The file.
        path: PathBuf,
    },
    /// Written by a newer lockdiag with a schema this one does not know.
    #[error(
        "{} was written by a newer lockdiag (store version {found}; this one reads up to {known}); it was left untouched",
        path.display()
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// The version found.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// Written by an older lockdiag; a command that only reads does not upgrade it.
    #[error(
        "{} was written by an older lockdiag (store version {found}; this one uses {known}) and needs upgrading before it can be read: open it once with 'lockdiag' or 'lockdiag resume', which upgrades it, then try again; it was left untouched",
        path.display()
    )]
    Older {
        /// The file.
        path: PathBuf,
        /// The version found.
        found: i64,
        /// The version this build uses.
        known: i64,
    },
    /// The file has changes not yet merged into it (an SQLite write-ahead log or rollback
    /// journal beside it), and its folder cannot be written, so it cannot be read safely.
    #[error(
        "{} cannot be read here: {} holds changes not yet merged into it and the folder cannot be written; open the store once with lockdiag where its folder can be written (or copy the folder, with that file, somewhere writable), then try again; it was left untouched",
        path.display(),
        pending.display()
    )]
    Unmerged {
        /// The file.
        path: PathBuf,
        /// The log or journal beside it.
        pending: PathBuf,
    },
    /// A query failed.
    #[error("session store {}: {cause}", path.display())]
    Sql {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        cause: rusqlite::Error,
    },
    /// No session has that id.
    #[error("there is no session {id} in {}; 'lockdiag sessions' lists them", path.display())]
    NoSuchSession {
        /// The file.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// The store holds no session yet.
    #[error("there are no sessions in {} yet", path.display())]
    NoSessions {
        /// The file.
        path: PathBuf,
    },
    /// One session cannot be read or replayed; the others are unaffected.
    #[error("session {id} in {} cannot be read: {reason}", path.display())]
    Session {
        /// The file.
        path: PathBuf,
        /// The session.
        id: i64,
        /// Why.
        reason: String,
    },
    /// The PostgreSQL server cannot be reached, or the connection broke.
    #[error("cannot reach the case store {place}: {cause}")]
    Unreachable {
        /// The server and database (no password).
        place: String,
        /// Why (the client library's words, which never hold the password).
        cause: String,
    },
    /// The PostgreSQL server refused a query, or the store settings are wrong.
    #[error("case store {place}: {cause}")]
    Server {
        /// The server and database (no password).
        place: String,
        /// Why.
        cause: String,
    },
    /// No session has that case reference (or id).
    #[error(
        "no session in {place} has the case reference or id '{reference}'; 'lockdiag sessions' lists them"
    )]
    NoSuchCase {
        /// The store.
        place: String,
        /// What was asked for.
        reference: String,
    },
    /// A test store was told to fail its writes.
    #[error("the session store refused the write (fault injected by a test)")]
    Injected,
    /// The store could not be opened earlier in this run.
    #[error("the session store is not available: {reason}")]
    Unavailable {
        /// Why.
        reason: String,
    },
    /// Another lockdiag (another window, or another agent on the shared store) wrote the same
    /// event numbers first; nothing was written, the case is re-read and the change retried.
    #[error(
        "session {id} in {} moved on: another lockdiag window or agent wrote to it first",
        path.display()
    )]
    Conflict {
        /// The file.
        path: PathBuf,
        /// The session.
        id: i64,
    },
}

/// The data folder: `flag` (from `--data-dir` or `LOCKDIAG_DATA`), else
/// `$XDG_DATA_HOME/lockdiag`, else `$HOME/.local/share/lockdiag`.
pub fn data_dir(flag: Option<&Path>) -> Result<PathBuf, StoreError> {
    resolve_data_dir(
        flag,
        std::env::var_os("XDG_DATA_HOME"),
        std::env::var_os("HOME"),
    )
}

/// [`data_dir`] with the environment given, for tests. An empty or relative `XDG_DATA_HOME` is
/// ignored, as the XDG specification says.
pub fn resolve_data_dir(
    flag: Option<&Path>,
    xdg_data_home: Option<OsString>,
    home: Option<OsString>,
) -> Result<PathBuf, StoreError> {
    if let Some(f) = flag.filter(|f| !f.as_os_str().is_empty()) {
        return Ok(f.to_path_buf());
    }
    if let Some(x) = xdg_data_home.map(PathBuf::from).filter(|p| p.is_absolute()) {
        return Ok(x.join("lockdiag"));
    }
    match home.filter(|h| !h.is_empty()) {
        Some(h) => Ok(PathBuf::from(h).join(".local/share/lockdiag")),
        None => Err(StoreError::NoDataDir),
    }
}

/// Turns an SQLite error on file `path` into [`StoreError::Sql`].
pub(crate) fn sql_at(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    |cause| StoreError::Sql {
        path: path.to_path_buf(),
        cause,
    }
}

/// The SQLite session store: one file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens the store in data folder `dir`, creating the folder and the file if needed.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|cause| StoreError::Folder {
            path: dir.to_path_buf(),
            cause,
        })?;
        Self::open_file(&dir.join(FILE_NAME))
    }

    /// Opens the store in `dir` for writing only if its file exists (`resume`: it creates no
    /// store, but writes to one it finds). Commands that only read use
    /// [`SqliteStore::open_read_only`].
    pub fn open_existing(dir: &Path) -> Result<Option<Self>, StoreError> {
        let path = dir.join(FILE_NAME);
        if !path.exists() {
            return Ok(None);
        }
        Self::open_file(&path).map(Some)
    }

    /// Opens (or creates) the store file at `path`.
    pub fn open_file(path: &Path) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path).map_err(|cause| StoreError::Open {
            path: path.to_path_buf(),
            cause,
        })?;
        schema::prepare(&mut conn, path)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        sql_at(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_dir_follows_flag_then_xdg_then_home() {
        let flag = Path::new("/tmp/x");
        assert_eq!(
            resolve_data_dir(Some(flag), Some("/xdg".into()), Some("/home/u".into())).expect("dir"),
            PathBuf::from("/tmp/x")
        );
        assert_eq!(
            resolve_data_dir(None, Some("/xdg".into()), Some("/home/u".into())).expect("dir"),
            PathBuf::from("/xdg/lockdiag")
        );
        assert_eq!(
            resolve_data_dir(None, Some("relative".into()), Some("/home/u".into())).expect("dir"),
            PathBuf::from("/home/u/.local/share/lockdiag")
        );
        assert_eq!(
            resolve_data_dir(Some(Path::new("")), Some("".into()), Some("/h".into())).expect("dir"),
            PathBuf::from("/h/.local/share/lockdiag")
        );
        assert!(matches!(
            resolve_data_dir(None, None, None),
            Err(StoreError::NoDataDir)
        ));
    }

    #[test]
    fn open_existing_creates_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(
            SqliteStore::open_existing(dir.path())
                .expect("ok")
                .is_none()
        );
        assert!(!dir.path().join(FILE_NAME).exists());
        SqliteStore::open(dir.path()).expect("open");
        assert!(
            SqliteStore::open_existing(dir.path())
                .expect("ok")
                .is_some()
        );
    }
}
