//! [`LiveCase`]: the case the TUI holds. Every change is applied to the [`Case`] and then
//! saved: to the SQLite file at once, or, for the shared store, handed to the background
//! [`Writer`] so no key waits on the network. A write that fails is never forgotten: the
//! events stay queued, in order, and go out once the store takes them again; until then
//! [`LiveCase::save_state`] says so (the header's NOT SAVED badge). A write that lost a race
//! with another window or agent is re-read and re-based: their events are shown, ours are
//! added after them.
//!
//! The changes themselves (answer, Back, notes and so on) are in `live/walk.rs`.

mod walk;

use std::time::{Duration, Instant};

use crate::catalog::Catalog;
use crate::session::{Session, WalkError};

use super::case::Case;
use super::job::{Job, rebase};
use super::replay::{ReplayReport, Stored, replay};
use super::writer::{Progress, Writer};
use super::{Store, StoreError};

/// How often a failing write to the local file is tried again while nothing else happens.
const RETRY: Duration = Duration::from_secs(1);

/// Whether the case's changes are safe, for the header badge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Every change is stored.
    Saved,
    /// Changes are on their way to the shared store.
    Sending,
    /// The shared store cannot be reached; changes are kept in the local spool (`kept`), or
    /// only in memory (`None`), and sent when it is back.
    Offline {
        /// Why.
        reason: String,
        /// The spool file.
        kept: Option<String>,
    },
    /// The last write failed; changes are queued in memory and retried.
    NotSaved(String),
    /// There is no store at all (it could not be opened): nothing is saved.
    Off(String),
}

#[derive(Debug)]
enum Sink {
    None,
    Direct(Box<Store>),
    Thread(Writer),
}

/// A case being walked, saved as it goes.
#[derive(Debug)]
pub struct LiveCase {
    case: Case,
    sink: Sink,
    /// Events the store confirmed.
    saved: usize,
    /// Events handed to the writer thread.
    sent: usize,
    state: SaveState,
    warning: Option<String>,
    conflict: Option<Box<Stored>>,
    last_try: Option<Instant>,
}

impl LiveCase {
    /// Starts a new case on tree `tree` (a model or guide). `store` is the result of opening
    /// the store: on an error the case is not saved and [`Self::take_warning`] says why.
    /// The session row is written with the first event, so a walk with no answer is not listed.
    pub fn start(
        catalog: &Catalog,
        tree: usize,
        store: Result<Store, StoreError>,
    ) -> Result<Self, WalkError> {
        let case = Case::start(catalog, tree)?;
        Ok(Self::with_store(case, 0, store))
    }

    /// A case kept in memory only, with nothing said about saving (for tests and previews
    /// that have no store on purpose).
    pub fn in_memory(catalog: &Catalog, tree: usize) -> Result<Self, WalkError> {
        let mut live = Self::with_store(Case::start(catalog, tree)?, 0, Err(StoreError::NoDataDir));
        live.state = SaveState::Saved;
        live.warning = None;
        Ok(live)
    }

    /// Reopens stored session `id` (the latest when `None`), rebuilt on `catalog`, and goes on
    /// saving to it. Show `ReplayReport::message` to the user when it is `Some`.
    pub fn resume(
        catalog: &Catalog,
        store: Store,
        id: Option<i64>,
    ) -> Result<(Self, ReplayReport), StoreError> {
        let (case, report) = store.load_case(catalog, id)?;
        let saved = case.events().len();
        Ok((Self::with_store(case, saved, Ok(store)), report))
    }

    /// Reopens a case the local spool kept for the shared store while the server could not
    /// be reached (`job`, as the spool holds it), and goes on saving it through `store` (the
    /// shared store, not connected): its changes wait in the spool with the kept ones and go
    /// out, in order, once the server is back.
    pub fn resume_kept(
        catalog: &Catalog,
        store: Store,
        job: &Job,
    ) -> Result<(Self, ReplayReport), StoreError> {
        let (mut case, report) =
            replay(catalog, &job.stored()).map_err(|reason| StoreError::Session {
                path: store.place().into(),
                id: 0,
                reason,
            })?;
        case.id = None;
        let mut live = Self::with_store(case, job.from.min(job.events.len()), Ok(store));
        // Hand the kept events to the writer too, so the badge shows them as not sent yet.
        live.flush();
        Ok((live, report))
    }

    fn with_store(mut case: Case, saved: usize, store: Result<Store, StoreError>) -> Self {
        let (sink, state) = match store {
            Ok(s) => {
                case.set_agent(Some(s.agent().to_string()));
                if s.is_shared() {
                    (Sink::Thread(Writer::spawn(s)), SaveState::Saved)
                } else {
                    (Sink::Direct(Box::new(s)), SaveState::Saved)
                }
            }
            Err(e) => (Sink::None, SaveState::Off(e.to_string())),
        };
        let warning = match &state {
            SaveState::Off(e) => Some(format!(
                "This session is not being saved: {e}. The walk and export (e) still work."
            )),
            _ => None,
        };
        Self {
            case,
            sink,
            saved,
            sent: saved,
            state,
            warning,
            conflict: None,
            last_try: None,
        }
    }

    /// Saves the events not saved yet (to the file now, or hands them to the writer).
    fn flush(&mut self) {
        let len = self.case.events().len();
        match &mut self.sink {
            Sink::None => {}
            Sink::Direct(store) => {
                if self.saved >= len {
                    return;
                }
                self.last_try = Some(Instant::now());
                match store.write(&Job::of(&self.case, self.saved)) {
                    Ok(w) => {
                        self.case.id = Some(w.id);
                        self.saved = w.events;
                        if matches!(self.state, SaveState::NotSaved(_)) {
                            self.warning =
                                Some("Saving works again: every change so far is saved".into());
                        }
                        self.state = SaveState::Saved;
                    }
                    Err(StoreError::Conflict { id, .. }) => {
                        self.conflict = store.load(id).ok().map(Box::new);
                    }
                    Err(e) => self.failed(&e),
                }
            }
            Sink::Thread(writer) => {
                if self.sent >= len {
                    return;
                }
                writer.send(Job::of(&self.case, self.saved));
                self.sent = len;
                if self.state == SaveState::Saved {
                    self.state = SaveState::Sending;
                }
            }
        }
    }

    fn failed(&mut self, e: &StoreError) {
        if !matches!(self.state, SaveState::NotSaved(_)) {
            self.warning = Some(format!(
                "NOT SAVED: {e}. Changes are kept and saved as soon as the store works again."
            ));
        }
        self.state = SaveState::NotSaved(e.to_string());
    }

    /// Takes in what the writer reported, re-bases a lost race, and tries a failed write
    /// again. Call after each change and now and then while [`Self::unsaved`] is not zero.
    pub fn refresh(&mut self, catalog: &Catalog) {
        if let Sink::Thread(writer) = &self.sink {
            for p in writer.poll() {
                self.progress(p);
            }
        }
        if let Some(stored) = self.conflict.take() {
            self.rebase(catalog, &stored);
            self.flush();
        }
        if matches!(self.state, SaveState::NotSaved(_))
            && self.last_try.is_none_or(|t| t.elapsed() >= RETRY)
        {
            self.flush();
        }
        // The shared store confirmed everything: it is reachable, whatever was said before.
        if matches!(self.state, SaveState::Sending | SaveState::Offline { .. })
            && self.unsaved() == 0
            && self.sent >= self.case.events().len()
        {
            self.state = SaveState::Saved;
        }
    }

    fn progress(&mut self, p: Progress) {
        match p {
            Progress::Saved { uid, written } if uid == self.case.uid => {
                self.case.id = Some(written.id);
                self.saved = self.saved.max(written.events).min(self.case.events().len());
            }
            Progress::Conflict { uid, stored } if uid == self.case.uid => {
                self.conflict = stored;
                if self.conflict.is_none() {
                    self.failed(&StoreError::Unavailable {
                        reason: "the case moved on and could not be re-read".into(),
                    });
                }
            }
            Progress::Down { reason, kept } => {
                let place = match &self.sink {
                    Sink::Thread(w) => w.place().to_string(),
                    _ => String::new(),
                };
                self.warning = Some(match &kept {
                    Some(k) => format!(
                        "{reason}. This case is kept in {} and sent to {place} when it is back.",
                        k.display()
                    ),
                    None => format!(
                        "{reason}. Changes wait in memory only (no data folder) and are sent when it is back."
                    ),
                });
                self.state = SaveState::Offline {
                    reason,
                    kept: kept.map(|k| k.display().to_string()),
                };
            }
            Progress::Up => {
                self.warning = Some("The case store is back: the kept changes were sent".into());
                self.state = SaveState::Sending;
            }
            Progress::Saved { .. } | Progress::Conflict { .. } => {}
        }
    }

    /// Re-bases the unsaved events after what another window or agent stored meanwhile.
    fn rebase(&mut self, catalog: &Catalog, theirs: &Stored) {
        let mut merged = theirs.clone();
        merged.events = rebase(self.case.events(), &theirs.events, self.saved);
        let others: Vec<String> = theirs
            .events
            .iter()
            .skip(self.saved)
            .filter_map(|e| e.agent.clone())
            .filter(|a| Some(a.as_str()) != self.case.agent())
            .fold(Vec::new(), |mut v, a| {
                if !v.contains(&a) {
                    v.push(a);
                }
                v
            });
        let moved = theirs.events.len().saturating_sub(self.saved);
        match replay(catalog, &merged) {
            Ok((mut case, report)) => {
                case.set_agent(self.case.agent.clone());
                self.case = case;
                self.saved = theirs.events.len();
                self.sent = self.saved;
                let who = if others.is_empty() {
                    "another lockdiag window".to_string()
                } else {
                    others.join(", ")
                };
                let mut msg = format!(
                    "This case moved on: {who} recorded {moved} change(s) meanwhile (shown now); yours were added after them."
                );
                if !report.skipped.is_empty() {
                    msg.push_str(&format!(
                        " No longer applies: {}.",
                        report.skipped.join("; ")
                    ));
                }
                self.warning = Some(msg);
            }
            Err(reason) => self.failed(&StoreError::Unavailable { reason }),
        }
    }

    /// Events not confirmed stored yet.
    #[must_use]
    pub fn unsaved(&self) -> usize {
        match self.sink {
            Sink::None => 0,
            _ => self.case.events().len().saturating_sub(self.saved),
        }
    }

    /// Whether changes are safe, waiting, or failing (for the header badge).
    #[must_use]
    pub fn save_state(&self) -> &SaveState {
        &self.state
    }

    /// Whether this case goes to the shared store (through the writer thread).
    #[must_use]
    pub fn is_shared(&self) -> bool {
        matches!(self.sink, Sink::Thread(_))
    }

    /// Waits at most `wait` for every change to be confirmed (tests, and quitting); returns
    /// whether they were.
    pub fn settle(&mut self, catalog: &Catalog, wait: Duration) -> bool {
        let until = Instant::now() + wait;
        loop {
            self.refresh(catalog);
            if self.unsaved() == 0 && self.conflict.is_none() {
                return true;
            }
            let now = Instant::now();
            if now >= until {
                return false;
            }
            let left = until - now;
            match &self.sink {
                // Woken by the writer's report, not by a timer.
                Sink::Thread(writer) => {
                    if let Some(p) = writer.wait(left) {
                        self.progress(p);
                    }
                }
                _ => std::thread::sleep(left.min(Duration::from_millis(5))),
            }
        }
    }

    /// Ends saving: sends what can be sent (waiting at most a few seconds for the shared
    /// store) and says what was not saved and where it was kept, if anything.
    #[must_use]
    pub fn finish(self) -> Option<String> {
        let label = self
            .case
            .case_ref()
            .map_or_else(|| "this case".to_string(), |r| format!("case {r}"));
        match self.sink {
            Sink::None => None,
            Sink::Direct(_) => {
                let n = self.case.events().len().saturating_sub(self.saved);
                (n > 0).then(|| match &self.state {
                    SaveState::NotSaved(e) => {
                        format!("{n} change(s) of {label} were NOT saved: {e}")
                    }
                    _ => format!("{n} change(s) of {label} were NOT saved"),
                })
            }
            Sink::Thread(writer) => {
                let place = writer.place().to_string();
                let done = writer.finish(Duration::from_secs(5));
                match (done.unsent, done.kept) {
                    (0, _) => None,
                    (n, Some(kept)) if n != usize::MAX => Some(format!(
                        "{n} change(s) could not reach {place}; they are kept in {} and sent the next time lockdiag reaches it",
                        kept.display()
                    )),
                    (_, _) => Some(format!(
                        "changes of {label} could not reach {place} and were NOT saved"
                    )),
                }
            }
        }
    }

    /// The case (for the screen and for export).
    #[must_use]
    pub fn case(&self) -> &Case {
        &self.case
    }

    /// The walk.
    #[must_use]
    pub fn session(&self) -> &Session {
        self.case.session()
    }

    /// The store, while it is held here (the local file).
    #[must_use]
    pub fn store(&self) -> Option<&Store> {
        match &self.sink {
            Sink::Direct(s) => Some(s),
            _ => None,
        }
    }

    /// Whether changes are being saved (or will be, once the store is back).
    #[must_use]
    pub fn is_saving(&self) -> bool {
        !matches!(self.state, SaveState::Off(_) | SaveState::NotSaved(_))
    }

    /// Why changes are not being saved, while they are not.
    #[must_use]
    pub fn not_saving_reason(&self) -> Option<&str> {
        match &self.state {
            SaveState::Off(e) | SaveState::NotSaved(e) => Some(e),
            _ => None,
        }
    }

    /// The message to show once when saving stopped, came back, or the case moved on;
    /// `None` afterwards.
    pub fn take_warning(&mut self) -> Option<String> {
        self.warning.take()
    }
}
