//! [`LiveCase`]: the case the TUI holds. Every change is applied to the [`Case`] and then saved
//! at once, one transaction per event. When the store cannot be used (no folder, damaged file,
//! a write that fails) the walk goes on in memory and the reason is given once, through
//! [`LiveCase::take_warning`]; export still works from the case in memory.

use crate::catalog::Catalog;
use crate::session::{Answer, Pos, Session, WalkError};

use super::case::{Case, Note};
use super::replay::ReplayReport;
use super::{Store, StoreError};

/// A case being walked, saved as it goes.
#[derive(Debug)]
pub struct LiveCase {
    case: Case,
    store: Option<Store>,
    saved: usize,
    off: Option<String>,
    warning: Option<String>,
}

impl LiveCase {
    /// Starts a new case on tree `tree` (a model or guide). `store` is the result of
    /// [`Store::open`]: on an error the case is not saved and [`Self::take_warning`] says why.
    /// The session row is written with the first event, so a walk with no answer is not listed.
    pub fn start(
        catalog: &Catalog,
        tree: usize,
        store: Result<Store, StoreError>,
    ) -> Result<Self, WalkError> {
        let case = Case::start(catalog, tree)?;
        Ok(Self::with_store(case, store))
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
        Ok((
            Self {
                case,
                store: Some(store),
                saved,
                off: None,
                warning: None,
            },
            report,
        ))
    }

    fn with_store(case: Case, store: Result<Store, StoreError>) -> Self {
        let mut live = Self {
            case,
            store: None,
            saved: 0,
            off: None,
            warning: None,
        };
        match store {
            Ok(s) => live.store = Some(s),
            Err(e) => live.stop(&e),
        }
        live
    }

    fn stop(&mut self, e: &StoreError) {
        self.store = None;
        if self.off.is_none() {
            self.warning = Some(format!(
                "This session is not being saved: {e}. The walk and export (e) still work."
            ));
        }
        self.off = Some(e.to_string());
    }

    /// Saves the events not saved yet. Called after every change; a failure stops saving.
    fn flush(&mut self) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        if self.saved >= self.case.events().len() {
            return;
        }
        let done = match self.case.id {
            None => store.create(&self.case).map(|id| self.case.id = Some(id)),
            Some(id) => store.append(id, &self.case, self.saved),
        };
        match done {
            Ok(()) => self.saved = self.case.events().len(),
            Err(e) => self.stop(&e),
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

    /// The store, while saving works (for a session picker).
    #[must_use]
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// Whether changes are being saved.
    #[must_use]
    pub fn is_saving(&self) -> bool {
        self.store.is_some()
    }

    /// Why changes are not being saved, while they are not.
    #[must_use]
    pub fn not_saving_reason(&self) -> Option<&str> {
        self.off.as_deref()
    }

    /// The message to show once when saving stopped (or never started); `None` afterwards.
    pub fn take_warning(&mut self) -> Option<String> {
        self.warning.take()
    }

    /// Answers at the node on screen; saved at once.
    pub fn answer(&mut self, catalog: &Catalog, answer: Answer) -> Result<(), WalkError> {
        let done = self.case.answer(catalog, answer);
        self.flush();
        done
    }

    /// Goes back one answer; saved at once. False at the start.
    pub fn back(&mut self, catalog: &Catalog) -> bool {
        let done = self.case.back(catalog);
        self.flush();
        done
    }

    /// Jumps to a node found by search; saved at once.
    pub fn jump(&mut self, catalog: &Catalog, to: Vec<Pos>) -> Result<(), WalkError> {
        let done = self.case.jump(catalog, to);
        self.flush();
        done
    }

    /// Toggles checklist step `i` of the remedy on screen; saved at once.
    pub fn toggle_tick(&mut self, catalog: &Catalog, i: usize) {
        self.case.toggle_tick(catalog, i);
        self.flush();
    }

    /// The note on the screen now, to prefill the note editor (`n`).
    #[must_use]
    pub fn note_here(&self, catalog: &Catalog) -> Option<&Note> {
        self.case.note_here(catalog)
    }

    /// Writes the note on the screen now (empty removes it); saved at once.
    pub fn set_note(&mut self, catalog: &Catalog, text: &str) -> bool {
        let changed = self.case.set_note(catalog, text);
        self.flush();
        changed
    }

    /// Sets the case or ticket reference (`c`; empty clears it); saved at once.
    pub fn set_case_ref(&mut self, text: &str) -> bool {
        let changed = self.case.set_case_ref(text);
        self.flush();
        changed
    }

    /// Restart (`r`): a new session on the same tree, with no case reference yet. The old
    /// session stays stored, listed and resumable.
    pub fn restart(&mut self, catalog: &Catalog) -> Result<(), WalkError> {
        let case = self.case.restart(catalog)?;
        self.replace(case);
        Ok(())
    }

    /// A new session on another tree (the model picker), with the same store.
    pub fn new_case(&mut self, catalog: &Catalog, tree: usize) -> Result<(), WalkError> {
        let case = Case::start(catalog, tree)?;
        self.replace(case);
        Ok(())
    }

    /// Switches to stored session `id` (a session picker). On error nothing changes.
    pub fn open(&mut self, catalog: &Catalog, id: i64) -> Result<ReplayReport, StoreError> {
        let Some(store) = self.store.as_ref() else {
            return Err(StoreError::Unavailable {
                reason: self.off.clone().unwrap_or_default(),
            });
        };
        let (case, report) = store.load_case(catalog, Some(id))?;
        self.saved = case.events().len();
        self.case = case;
        Ok(report)
    }

    fn replace(&mut self, case: Case) {
        self.case = case;
        self.saved = 0;
        self.flush();
    }
}
