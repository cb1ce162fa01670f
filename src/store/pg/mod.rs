//! The shared store: the same tables and event log as the SQLite file, in a PostgreSQL
//! database a desk shares (schema: `docs/store-schema.md`). Created on first use, with a
//! schema version row; a newer or foreign schema is refused untouched. Each
//! [`Job`](super::job::Job) is one transaction; two writers that number the same event are
//! told apart by the primary key, and the loser gets [`StoreError::Conflict`] with nothing
//! written.
//!
//! The connection is made when first needed and made again after it breaks, so a
//! [`PgStore`] outlives a server restart. The schema is checked once per connection, not per
//! write.
//!
//! A write is one round trip in the usual case: a single statement (prepared once per
//! connection, in `pg/write.rs`) that makes or updates the session row and inserts the new
//! events. One statement is one transaction, so a write that loses the race (another writer
//! numbered the same event first) fails whole on the events' primary key and writes nothing;
//! it is then checked in a transaction of its own, to tell a lost race from a retry of a
//! write whose answer was lost.

pub mod conn;
mod write;

use std::cell::RefCell;

use postgres::error::SqlState;
use postgres::{Client, Row, Statement};

use super::StoreError;
use super::list::{EventRow, HeadRow, Listed, assemble, split_agents, time};
use super::replay::Stored;
use super::schema::VERSION;
pub use conn::Settings;

/// Serializes first-use schema creation between lockdiag processes (an advisory lock key).
const SCHEMA_LOCK: i64 = 0x10c4_d1a6;

const TABLES: &str = "
CREATE TABLE lockdiag_schema (version INTEGER NOT NULL);
CREATE TABLE sessions (
    id             BIGSERIAL PRIMARY KEY,
    uid            TEXT    NOT NULL UNIQUE,
    start_tree     TEXT    NOT NULL,
    model_id       TEXT    NOT NULL,
    tree_hash      TEXT    NOT NULL,
    trees          TEXT    NOT NULL,
    started        BIGINT  NOT NULL,
    updated        BIGINT  NOT NULL,
    ended          BIGINT,
    case_ref       TEXT,
    outcome_kind   TEXT,
    outcome_node   TEXT,
    app_version    TEXT    NOT NULL,
    restarted_from BIGINT
);
CREATE TABLE events (
    session_id BIGINT  NOT NULL REFERENCES sessions(id),
    seq        INTEGER NOT NULL,
    time       BIGINT  NOT NULL,
    kind       TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    agent      TEXT,
    PRIMARY KEY (session_id, seq)
);
CREATE INDEX sessions_case_ref ON sessions (case_ref);
";

/// A PostgreSQL case store.
pub struct PgStore {
    settings: Settings,
    client: RefCell<Option<Client>>,
    /// The write statement (`pg/write.rs`), prepared on the connection in `client` (dropped with it).
    write: RefCell<Option<Statement>>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("place", &self.place())
            .field("connected", &self.is_connected())
            .finish()
    }
}

impl PgStore {
    /// Settings for the store named by `setting`, without connecting yet.
    pub fn new(setting: &str) -> Result<Self, StoreError> {
        Ok(Self {
            settings: Settings::parse(setting)?,
            client: RefCell::new(None),
            write: RefCell::new(None),
        })
    }

    /// Connects now (creating the tables on first use); an error says why.
    pub fn connect(setting: &str) -> Result<Self, StoreError> {
        let store = Self::new(setting)?;
        store.with(|_| Ok(()))?;
        Ok(store)
    }

    /// The server and database, for messages (no password).
    #[must_use]
    pub fn place(&self) -> &str {
        self.settings.place()
    }

    /// Whether a connection is open now.
    #[must_use]
    pub fn is_connected(&self) -> bool {
        self.client
            .borrow()
            .as_ref()
            .is_some_and(|c| !c.is_closed())
    }

    /// Drops the connection (the next call connects again).
    pub fn disconnect(&self) {
        self.client.borrow_mut().take();
        self.write.borrow_mut().take();
    }

    fn error(&self, e: &postgres::Error) -> StoreError {
        let cause = self.settings.scrub(&conn::error_text(e));
        let place = self.place().to_string();
        if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
            return StoreError::Conflict {
                path: place.into(),
                id: 0,
            };
        }
        if e.as_db_error().is_some()
            && !e.code().is_some_and(|c| {
                [
                    SqlState::ADMIN_SHUTDOWN,
                    SqlState::CRASH_SHUTDOWN,
                    SqlState::CANNOT_CONNECT_NOW,
                ]
                .contains(c)
            })
        {
            StoreError::Server { place, cause }
        } else {
            StoreError::Unreachable { place, cause }
        }
    }

    /// Runs `f` on the connection, connecting first if needed. A broken connection is dropped;
    /// when it was an old one (the server restarted since), `f` is tried once more on a new one
    /// (safe: reads change nothing, and a job written twice writes nothing the second time).
    fn with<T>(
        &self,
        mut f: impl FnMut(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let mut slot = self.client.borrow_mut();
        loop {
            let fresh = slot.as_ref().is_none_or(Client::is_closed);
            if fresh {
                // A statement prepared on the old connection does not exist on the new one.
                self.write.borrow_mut().take();
                let mut client = self.settings.connect()?;
                prepare(&mut client).map_err(|e| match e {
                    Prepared::Pg(e) => self.error(&e),
                    Prepared::Newer(found) => StoreError::Newer {
                        path: self.place().into(),
                        found,
                        known: VERSION,
                    },
                    Prepared::NotOurs => StoreError::NotOurs {
                        path: self.place().into(),
                    },
                })?;
                *slot = Some(client);
            }
            let Some(client) = slot.as_mut() else {
                return Err(StoreError::Unavailable {
                    reason: "no connection".into(),
                });
            };
            match f(client) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let err = self.error(&e);
                    let broken =
                        matches!(err, StoreError::Unreachable { .. }) || client.is_closed();
                    if broken {
                        slot.take();
                        if !fresh {
                            continue;
                        }
                    }
                    return Err(err);
                }
            }
        }
    }

    /// The id of the session with unique key `uid`, if stored.
    pub fn id_of_uid(&self, uid: &str) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            Ok(
                c.query_opt("SELECT id FROM sessions WHERE uid = $1", &[&uid])?
                    .map(|r| r.get(0)),
            )
        })
    }

    /// Every session, oldest first.
    pub fn list(&self) -> Result<Vec<Listed>, StoreError> {
        let rows = self.with(|c| {
            c.query(
                "SELECT s.id, s.started, s.updated, s.ended, s.model_id, s.outcome_kind,
                     s.outcome_node, s.case_ref,
                     (SELECT string_agg(coalesce(agent, ''), E'\\n' ORDER BY seq)
                        FROM events WHERE session_id = s.id)
                 FROM sessions s ORDER BY s.id",
                &[],
            )
        })?;
        Ok(rows.iter().map(listed).collect())
    }

    /// The session worked on most recently, if any.
    pub fn latest(&self) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            Ok(c.query_opt(
                "SELECT id FROM sessions ORDER BY updated DESC, id DESC LIMIT 1",
                &[],
            )?
            .map(|r| r.get(0)))
        })
    }

    /// The session with case reference (or, failing that, id) `reference`.
    pub fn find(&self, reference: &str) -> Result<Option<i64>, StoreError> {
        self.with(|c| {
            if let Some(r) = c.query_opt(
                "SELECT id FROM sessions WHERE case_ref = $1 ORDER BY updated DESC, id DESC
                     LIMIT 1",
                &[&reference],
            )? {
                return Ok(Some(r.get(0)));
            }
            let Ok(id) = reference.trim().parse::<i64>() else {
                return Ok(None);
            };
            Ok(
                c.query_opt("SELECT id FROM sessions WHERE id = $1", &[&id])?
                    .map(|r| r.get(0)),
            )
        })
    }

    /// Reads session `id`: its row and its whole log.
    pub fn load(&self, id: i64) -> Result<Stored, StoreError> {
        let read = self.with(|c| {
            let Some(r) = c.query_opt(
                "SELECT start_tree, tree_hash, trees, started, restarted_from, app_version, uid
                     FROM sessions WHERE id = $1",
                &[&id],
            )?
            else {
                return Ok(None);
            };
            let head: HeadRow = (
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
            );
            let events: Vec<EventRow> = c
                .query(
                    "SELECT seq, time, kind, payload, agent FROM events WHERE session_id = $1
                         ORDER BY seq",
                    &[&id],
                )?
                .iter()
                .map(|r| {
                    (
                        i64::from(r.get::<_, i32>(0)),
                        r.get(1),
                        r.get(2),
                        r.get(3),
                        r.get(4),
                    )
                })
                .collect();
            Ok(Some((head, events)))
        })?;
        let Some((head, events)) = read else {
            return Err(StoreError::NoSuchSession {
                path: self.place().into(),
                id,
            });
        };
        let bad = |reason: String| StoreError::Session {
            path: self.place().into(),
            id,
            reason,
        };
        assemble(id, head, events, &bad)
    }
}

fn listed(r: &Row) -> Listed {
    let started = r.try_get::<_, i64>(1).map_or(0, time);
    Listed {
        id: r.try_get(0).unwrap_or(0),
        started,
        updated: r.try_get::<_, i64>(2).map_or(started, time),
        ended: r.try_get::<_, Option<i64>>(3).ok().flatten().map(time),
        model: r.try_get(4).unwrap_or_default(),
        outcome: r.try_get(5).ok().flatten(),
        outcome_node: r.try_get(6).ok().flatten(),
        case_ref: r.try_get(7).ok().flatten(),
        agents: split_agents(r.try_get::<_, Option<String>>(8).ok().flatten().as_deref()),
        problem: None,
    }
}

enum Prepared {
    Pg(postgres::Error),
    Newer(i64),
    NotOurs,
}

impl From<postgres::Error> for Prepared {
    fn from(e: postgres::Error) -> Self {
        Self::Pg(e)
    }
}

/// Checks the schema version, creating the tables in an empty database. Writes nothing to a
/// database with a newer or a foreign schema.
fn prepare(client: &mut Client) -> Result<(), Prepared> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])?;
    let exists = |tx: &mut postgres::Transaction<'_>, name: &str| -> Result<bool, Prepared> {
        Ok(tx
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])?
            .get(0))
    };
    if exists(&mut tx, "lockdiag_schema")? {
        let found: Option<i32> = tx
            .query_one("SELECT max(version) FROM lockdiag_schema", &[])?
            .get(0);
        let found = i64::from(found.unwrap_or(0));
        if found > VERSION {
            return Err(Prepared::Newer(found));
        }
        if found < VERSION {
            return Err(Prepared::NotOurs);
        }
        return Ok(tx.commit()?);
    }
    if exists(&mut tx, "sessions")? || exists(&mut tx, "events")? {
        return Err(Prepared::NotOurs);
    }
    tx.batch_execute(TABLES)?;
    tx.execute(
        "INSERT INTO lockdiag_schema (version) VALUES ($1)",
        &[&i32::try_from(VERSION).unwrap_or(i32::MAX)],
    )?;
    Ok(tx.commit()?)
}
