//! Case sessions: the [`Case`] domain type, its event log, and the SQLite store that keeps every
//! case as it happens.
//!
//! - [`case`]: a walk plus case reference, notes and ticks, and the log that records it.
//! - [`event`]: the log's events, named by node ids and label text.
//! - [`schema`]: tables and the version check; [`record`]: writes; [`list`]: reads.
//! - [`replay`]: rebuilding a case from its log on today's trees.
//! - [`live`]: [`LiveCase`], a case that saves each event as it happens (what the TUI holds).
//!
//! Layout: one file, `sessions.db`, in the data folder, in WAL mode so two lockdiag processes
//! can use it at once; each event is its own transaction. See `docs/session-json.md` for the
//! exported form.

pub mod case;
pub mod event;
pub mod list;
pub mod live;
pub mod record;
pub mod replay;
pub mod schema;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use thiserror::Error;

pub use case::{Case, Note, Outcome};
pub use event::{Event, Logged, NodeRef};
pub use list::Listed;
pub use live::LiveCase;
pub use replay::{ReplayReport, Stored};

/// The store's file name inside the data folder.
pub const FILE_NAME: &str = "sessions.db";

/// Why the store could not be used. Every message names the file, and the session when one is
/// concerned.
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
    #[error("{} is not a lockdiag session store; it was left untouched", path.display())]
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
    /// The store could not be opened earlier in this run.
    #[error("the session store is not available: {reason}")]
    Unavailable {
        /// Why.
        reason: String,
    },
    /// Another lockdiag wrote to the same session at the same time; this one stopped saving.
    #[error(
        "session {id} in {} was also written by another lockdiag window; this window no longer saves to it",
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

/// The session store: one SQLite file.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store in data folder `dir`, creating the folder and the file if needed.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|cause| StoreError::Folder {
            path: dir.to_path_buf(),
            cause,
        })?;
        Self::open_file(&dir.join(FILE_NAME))
    }

    /// Opens the store in `dir` only if its file exists (for commands that only read, so they
    /// create nothing).
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
        |cause| StoreError::Sql {
            path: self.path.clone(),
            cause,
        }
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
        assert!(Store::open_existing(dir.path()).expect("ok").is_none());
        assert!(!dir.path().join(FILE_NAME).exists());
        Store::open(dir.path()).expect("open");
        assert!(Store::open_existing(dir.path()).expect("ok").is_some());
    }
}
