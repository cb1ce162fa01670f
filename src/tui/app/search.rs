//! The search overlay: open it, type, narrow with Tab, and jump with Enter. The jump is
//! recorded in the walk, so Back returns to where the search started.

use super::{App, Popup, Screen, walk};
use crate::search::{Hit, SearchIndex};
use crate::tui::action::Action;
use crate::tui::search::SearchState;

impl App {
    /// Opens search, building the index the first time.
    pub(super) fn open_search(&mut self) {
        if self.search_index.is_none() {
            self.search_index = Some(SearchIndex::new(&self.catalog));
        }
        let here = match &self.screen {
            Screen::Walk(w) => {
                Some(w.session().tree).filter(|t| self.catalog.trees[*t].model().is_some())
            }
            Screen::Picker(_) => None,
        };
        self.popup = Some(Popup::Search(Box::new(SearchState::new(here))));
    }

    pub(super) fn update_search(&mut self, action: Action) {
        let (Some(Popup::Search(s)), Some(index)) =
            (self.popup.as_mut(), self.search_index.as_ref())
        else {
            return;
        };
        match action {
            Action::Input(c) => {
                s.query.push(c);
                s.refresh(&self.catalog, index);
            }
            Action::Paste(text) => {
                s.query
                    .push_str(&crate::store::case::clean_text(&text, false));
                s.refresh(&self.catalog, index);
            }
            Action::DeleteChar => {
                s.query.pop();
                s.refresh(&self.catalog, index);
            }
            Action::DeleteWord => {
                let kept = s.query.trim_end().len();
                s.query.truncate(kept);
                let cut = s.query.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                s.query.truncate(cut);
                s.refresh(&self.catalog, index);
            }
            Action::ClearLine => {
                s.query.clear();
                s.refresh(&self.catalog, index);
            }
            Action::Up => s.selected = s.selected.saturating_sub(1),
            Action::Down => s.selected = (s.selected + 1).min(s.hits().len().saturating_sub(1)),
            Action::ToggleScope if s.here.is_some() => {
                s.narrowed = !s.narrowed;
                s.refresh(&self.catalog, index);
            }
            Action::Escape => self.popup = None,
            Action::Select => {
                if let Some(hit) = s.current().cloned() {
                    self.popup = None;
                    self.jump_to(&hit);
                }
            }
            _ => {}
        }
    }

    /// Jumps to a hit: within the walk when it is the same model, else in a new case.
    fn jump_to(&mut self, hit: &Hit) {
        let same_model = matches!(&self.screen, Screen::Walk(w) if w.session().tree == hit.model);
        if same_model && matches!(&self.screen, Screen::Walk(w) if w.finished) {
            self.status =
                Some("This case is finished; Back reopens it, or r starts a new walk".into());
            return;
        }
        if !same_model && let Err(e) = self.open_tree(hit.model) {
            self.status = Some(format!("Cannot open {}: {e}", hit.model_name));
            return;
        }
        let Screen::Walk(w) = &mut self.screen else {
            return;
        };
        match w.live.jump(&self.catalog, hit.stack.clone()) {
            Ok(()) => {
                walk::reset_cursor(w, &self.catalog);
                self.status = Some(format!(
                    "Jumped to \"{}\"; Back returns to where you searched from",
                    hit.title
                ));
            }
            Err(e) => self.status = Some(format!("Cannot jump there: {e}")),
        }
    }
}
