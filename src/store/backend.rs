//! [`Store`]: the case store the app and the commands hold, over either backend. Which one is
//! chosen by [`StoreSpec`]: `--store URL` / `LOCKDIAG_STORE` for a PostgreSQL database a desk
//! shares, else the SQLite file in the data folder. The store also carries the agent name that
//! every event it records is signed with.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::catalog::Catalog;

use super::case::{Case, clean_text};
use super::job::{Job, Written};
use super::list::Listed;
use super::pg::{PgStore, conn::is_postgres};
use super::replay::{ReplayReport, Stored, replay};
use super::{SqliteStore, StoreError, data_dir};

/// Where cases are kept and who is recording them, as the command line gives it.
#[derive(Debug, Clone, Default)]
pub struct StoreSpec {
    /// `--store` / `LOCKDIAG_STORE`: a PostgreSQL URL or `key=value` string.
    pub url: Option<String>,
    /// `--data-dir` / `LOCKDIAG_DATA`: the data folder (the SQLite file, and the spool of the
    /// shared store).
    pub data_dir: Option<PathBuf>,
    /// `--agent` / `LOCKDIAG_AGENT`; the login name when `None`.
    pub agent: Option<String>,
}

/// The agent name to record: `flag` when given (and not blank), else the login name, else
/// `unknown`. One line, no control characters, at most 64 characters.
#[must_use]
pub fn agent_name(flag: Option<&str>) -> String {
    let raw = flag
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        })
        .unwrap_or_else(|| "unknown".to_string());
    let name: String = clean_text(&raw, false).chars().take(64).collect();
    if name.is_empty() {
        "unknown".to_string()
    } else {
        name
    }
}

#[derive(Debug)]
enum Backend {
    Sqlite(SqliteStore),
    Postgres(Box<PgStore>),
}

/// A case store: the SQLite file or a shared PostgreSQL database. Every method means the same
/// on both.
#[derive(Debug)]
pub struct Store {
    backend: Backend,
    agent: String,
    local: Option<PathBuf>,
    fail: Option<Arc<AtomicBool>>,
    fail_while: Option<PathBuf>,
}

impl Store {
    fn wrap(backend: Backend, agent: Option<&str>, local: Option<PathBuf>) -> Self {
        Self {
            backend,
            agent: agent_name(agent),
            local,
            fail: None,
            // A hidden switch for the end-to-end tests of failing writes (the real binary in
            // a pseudo-terminal): while this file exists, every write fails.
            fail_while: std::env::var_os("LOCKDIAG_TEST_FAIL_WRITES")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
        }
    }

    /// The SQLite file this store writes (an export must never replace it); `None` for the
    /// shared store.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Sqlite(s) => Some(s.path()),
            Backend::Postgres(_) => None,
        }
    }

    /// The SQLite store in data folder `dir`, creating the folder and the file if needed.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Ok(Self::wrap(
            Backend::Sqlite(SqliteStore::open(dir)?),
            None,
            Some(dir.to_path_buf()),
        ))
    }

    /// The SQLite store in `dir` only if its file exists, for writing (`resume`).
    pub fn open_existing(dir: &Path) -> Result<Option<Self>, StoreError> {
        Ok(SqliteStore::open_existing(dir)?
            .map(|s| Self::wrap(Backend::Sqlite(s), None, Some(dir.to_path_buf()))))
    }

    /// The SQLite store in `dir` opened read-only (see [`SqliteStore::open_read_only`]):
    /// `None` when it holds no cases yet; nothing is created or changed.
    pub fn open_read_only(dir: &Path) -> Result<Option<Self>, StoreError> {
        Ok(SqliteStore::open_read_only(&dir.join(super::FILE_NAME))?
            .map(|s| Self::wrap(Backend::Sqlite(s), None, Some(dir.to_path_buf()))))
    }

    /// The shared store named by `url`, connected now (so an error says at once why not).
    pub fn connect(
        url: &str,
        agent: Option<&str>,
        local: Option<PathBuf>,
    ) -> Result<Self, StoreError> {
        Ok(Self::wrap(
            Backend::Postgres(Box::new(PgStore::connect(url)?)),
            agent,
            local,
        ))
    }

    /// The store `spec` names, for a command that only reads (`sessions`, `export`, `stats`):
    /// the SQLite file opened read-only, which is left byte for byte as it was (`None` when it
    /// holds no cases yet), or the shared store.
    pub fn open_spec_read(spec: &StoreSpec) -> Result<Option<Self>, StoreError> {
        Self::open_spec_found(spec, Self::open_read_only)
    }

    /// The store `spec` names, for `resume`, which writes to a store it finds but
    /// creates none: `None` when it is the SQLite file and that does not exist yet.
    pub fn open_spec_existing(spec: &StoreSpec) -> Result<Option<Self>, StoreError> {
        Self::open_spec_found(spec, Self::open_existing)
    }

    /// The shared store `spec` names, or the SQLite store `sqlite` finds in the data folder.
    fn open_spec_found(
        spec: &StoreSpec,
        sqlite: fn(&Path) -> Result<Option<Self>, StoreError>,
    ) -> Result<Option<Self>, StoreError> {
        match shared_url(spec)? {
            Some(url) => Self::connect(url, spec.agent.as_deref(), None).map(Some),
            None => {
                let dir = data_dir(spec.data_dir.as_deref())?;
                Ok(sqlite(&dir)?.map(|s| s.with_agent(spec.agent.as_deref())))
            }
        }
    }

    /// The store `spec` names, for the app: the SQLite file (created if needed), or the
    /// shared store, which is not connected yet: a server that is down does not keep the app
    /// from opening (its cases wait in the local spool; see [`super::writer`]).
    pub fn open_spec(spec: &StoreSpec) -> Result<Self, StoreError> {
        let local = data_dir(spec.data_dir.as_deref());
        match shared_url(spec)? {
            Some(url) => Ok(Self::wrap(
                Backend::Postgres(Box::new(PgStore::new(url)?)),
                spec.agent.as_deref(),
                local.ok(),
            )),
            None => Ok(Self::open(&local?)?.with_agent(spec.agent.as_deref())),
        }
    }

    /// The same store signing events as `agent` (the login name when `None`).
    #[must_use]
    pub fn with_agent(mut self, agent: Option<&str>) -> Self {
        self.agent = agent_name(agent);
        self
    }

    /// For fault-injection tests: while `fail` is true, every write fails
    /// ([`StoreError::Injected`]) and nothing is written.
    #[must_use]
    pub fn with_faults(mut self, fail: Arc<AtomicBool>) -> Self {
        self.fail = Some(fail);
        self
    }

    /// The agent this store signs events with.
    #[must_use]
    pub fn agent(&self) -> &str {
        &self.agent
    }

    /// Whether this is the shared (PostgreSQL) store.
    #[must_use]
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// The data folder, where the shared store keeps its spool.
    #[must_use]
    pub fn local_dir(&self) -> Option<&Path> {
        self.local.as_deref()
    }

    /// The file, or the server and database (never the password), for messages.
    #[must_use]
    pub fn place(&self) -> String {
        match &self.backend {
            Backend::Sqlite(s) => s.path().display().to_string(),
            Backend::Postgres(p) => p.place().to_string(),
        }
    }

    /// Makes sure the store can be written now: for the shared store, connects (if not
    /// connected) and gets the write ready, so the first change does not wait for it.
    pub fn reach(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(()),
            Backend::Postgres(p) => p.reach(),
        }
    }

    /// Applies one write (see [`Job`]).
    pub fn write(&mut self, job: &Job) -> Result<Written, StoreError> {
        if self.fail.as_ref().is_some_and(|f| f.load(Ordering::SeqCst))
            || self.fail_while.as_ref().is_some_and(|p| p.exists())
        {
            return Err(StoreError::Injected);
        }
        match &mut self.backend {
            Backend::Sqlite(s) => s.write(job),
            Backend::Postgres(p) => p.write(job),
        }
    }

    /// Every session, oldest first.
    pub fn list(&self) -> Result<Vec<Listed>, StoreError> {
        match &self.backend {
            Backend::Sqlite(s) => s.list(),
            Backend::Postgres(p) => p.list(),
        }
    }

    /// The sessions in which `agent` recorded an event (all of them when `None`).
    pub fn list_by(&self, agent: Option<&str>) -> Result<Vec<Listed>, StoreError> {
        Ok(self.list()?.into_iter().filter(|l| l.by(agent)).collect())
    }

    /// The session worked on most recently, if any.
    pub fn latest(&self) -> Result<Option<i64>, StoreError> {
        match &self.backend {
            Backend::Sqlite(s) => s.latest(),
            Backend::Postgres(p) => p.latest(),
        }
    }

    /// `id`, or the latest session when `None`.
    pub fn pick(&self, id: Option<i64>) -> Result<i64, StoreError> {
        match id {
            Some(id) => Ok(id),
            None => self.latest()?.ok_or_else(|| StoreError::NoSessions {
                path: self.place().into(),
            }),
        }
    }

    /// The session with case reference `reference` (the latest updated if several), or with
    /// that id.
    pub fn find(&self, reference: &str) -> Result<i64, StoreError> {
        let found = match &self.backend {
            Backend::Sqlite(s) => s.find(reference)?,
            Backend::Postgres(p) => p.find(reference)?,
        };
        found.ok_or_else(|| StoreError::NoSuchCase {
            place: self.place(),
            reference: reference.to_string(),
        })
    }

    /// The id of the session with unique key `uid` (see [`Case::uid`]), if stored.
    pub fn id_of(&self, uid: &str) -> Result<Option<i64>, StoreError> {
        match &self.backend {
            Backend::Sqlite(s) => s.id_of_uid(uid).map_err(super::sql_at(s.path())),
            Backend::Postgres(p) => p.id_of_uid(uid),
        }
    }

    /// Reads session `id`: its row and its whole log.
    pub fn load(&self, id: i64) -> Result<Stored, StoreError> {
        match &self.backend {
            Backend::Sqlite(s) => s.load(id),
            Backend::Postgres(p) => p.load(id),
        }
    }

    /// Reads session `id` (the latest when `None`) and rebuilds it on `catalog`; later
    /// changes to it are signed with this store's agent.
    pub fn load_case(
        &self,
        catalog: &Catalog,
        id: Option<i64>,
    ) -> Result<(Case, ReplayReport), StoreError> {
        let id = self.pick(id)?;
        let stored = self.load(id)?;
        let (mut case, report) =
            replay(catalog, &stored).map_err(|reason| StoreError::Session {
                path: self.place().into(),
                id,
                reason,
            })?;
        case.set_agent(Some(self.agent.clone()));
        Ok((case, report))
    }
}

/// The shared store's setting, if `spec` names one; an error when `--store` is set to
/// something that is not a PostgreSQL setting.
fn shared_url(spec: &StoreSpec) -> Result<Option<&str>, StoreError> {
    match spec.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        None => Ok(None),
        Some(u) if is_postgres(u) => Ok(Some(u)),
        Some(_) => Err(StoreError::Server {
            place: "(the --store setting)".into(),
            cause: "--store takes a PostgreSQL URL (postgresql://USER@HOST/DB) or key=value \
                    string; for a local folder use --data-dir"
                .into(),
        }),
    }
}
