//! The shared store: the same tables and event log as the SQLite file, in a PostgreSQL
//! database a desk shares (schema: `docs/store-schema.md`). Created on first use, with a
//! schema version row; a newer or foreign schema is refused untouched. Each [`Job`] is one
//! transaction; two writers that number the same event are told apart by the primary key, and
//! the loser gets [`StoreError::Conflict`] with nothing written.
//!
//! The connection is made when first needed and made again after it breaks, so a
//! [`PgStore`] outlives a server restart. The schema is checked once per connection, not per
//! write.
//!
//! A write is one round trip in the usual case: a single statement (prepared once per
//! connection, see [`write`]) that makes or updates the session row and inserts the new events.
//! One statement is one transaction, so a write that loses the race (another writer numbered
//! the same event first) fails whole on the events' primary key and writes nothing; it is then
//! checked in a transaction of its own ([`apply`]) to tell a lost race from a retry of a write
//! whose answer was lost.

pub mod conn;

use std::cell::RefCell;

use postgres::error::SqlState;
use postgres::{Client, GenericClient, Row, Statement};

use super::StoreError;
use super::job::{Job, Written, int};
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

/// A PostgreSQL case store.
pub struct PgStore {
    settings: Settings,
    client: RefCell<Option<Client>>,
    /// [`WRITE`], prepared on the connection in `client` (dropped with it).
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
    /// (safe: reads change nothing, and a [`Job`] written twice writes nothing the second time).
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
