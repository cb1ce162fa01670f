//! The changes an agent makes to a [`LiveCase`] (answer, Back, jump, ticks, notes, case
//! reference, Restart, another case), each saved as it happens, and who had the case before.

use crate::catalog::Catalog;
use crate::session::{Answer, Pos, WalkError};
use crate::store::StoreError;
use crate::store::case::{Case, Note};
use crate::store::replay::ReplayReport;

use super::{LiveCase, Sink};

impl LiveCase {
    fn changed(&mut self, catalog: Option<&Catalog>) {
        self.flush();
        if let Some(c) = catalog {
            self.refresh(c);
        }
    }

    /// Answers at the node on screen; saved at once.
    pub fn answer(&mut self, catalog: &Catalog, answer: Answer) -> Result<(), WalkError> {
        let done = self.case.answer(catalog, answer);
        self.changed(Some(catalog));
        done
    }

    /// Goes back one answer; saved at once. False at the start.
    pub fn back(&mut self, catalog: &Catalog) -> bool {
        let done = self.case.back(catalog);
        self.changed(Some(catalog));
        done
    }

    /// Jumps to a node found by search; saved at once.
    pub fn jump(&mut self, catalog: &Catalog, to: Vec<Pos>) -> Result<(), WalkError> {
        let done = self.case.jump(catalog, to);
        self.changed(Some(catalog));
        done
    }

    /// Toggles checklist step `i` of the remedy on screen; saved at once.
    pub fn toggle_tick(&mut self, catalog: &Catalog, i: usize) {
        self.case.toggle_tick(catalog, i);
        self.changed(Some(catalog));
    }

    /// The note on the screen now, to prefill the note editor (`n`).
    #[must_use]
    pub fn note_here(&self, catalog: &Catalog) -> Option<&Note> {
        self.case.note_here(catalog)
    }

    /// Writes the note on the screen now (empty removes it); saved at once.
    pub fn set_note(&mut self, catalog: &Catalog, text: &str) -> bool {
        let changed = self.case.set_note(catalog, text);
        self.changed(Some(catalog));
        changed
    }

    /// Sets the case or ticket reference (`c`; empty clears it); saved at once.
    pub fn set_case_ref(&mut self, text: &str) -> bool {
        let changed = self.case.set_case_ref(text);
        self.changed(None);
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
        let mut case = Case::start(catalog, tree)?;
        case.set_agent(self.case.agent.clone());
        self.replace(case);
        Ok(())
    }

    /// Switches to stored session `id` (a session picker; the local file only). On error
    /// nothing changes.
    pub fn open(&mut self, catalog: &Catalog, id: i64) -> Result<ReplayReport, StoreError> {
        let Sink::Direct(store) = &self.sink else {
            return Err(StoreError::Unavailable {
                reason: self.not_saving_reason().unwrap_or_default().to_string(),
            });
        };
        let (mut case, report) = store.load_case(catalog, Some(id))?;
        case.set_agent(self.case.agent.clone());
        self.saved = case.events().len();
        self.sent = self.saved;
        self.case = case;
        Ok(report)
    }

    /// Who last worked on this case if not the current agent, and when: "Taken over from
    /// ANNA at 14:02 UTC" (for the app to show on resume).
    #[must_use]
    pub fn handover(&self) -> Option<String> {
        let me = self.case.agent()?;
        let last = self.case.events().last()?;
        let who = last.agent.as_deref().filter(|a| *a != me)?;
        Some(format!(
            "Taken over from {who} at {}",
            crate::export::utc_time(last.time)
                .split(' ')
                .nth(1)
                .map_or_else(String::new, |t| format!("{t} UTC"))
        ))
    }

    fn replace(&mut self, case: Case) {
        if self.unsaved() > 0
            && let Sink::Direct(_) = self.sink
        {
            // Do not lose the old case's failed events silently: they are reported at quit.
            self.warning = Some(format!(
                "{} change(s) of the last case were NOT saved",
                self.unsaved()
            ));
        }
        self.case = case;
        self.saved = 0;
        self.sent = 0;
        self.flush();
    }
}
