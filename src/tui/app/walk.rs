//! Updates on the walk screen: answers, Back, ticks, restart, and opening the case popups.

use super::{App, Effect, Popup, Screen, WalkState};
use crate::session::Answer;
use crate::tree::NodeBody;
use crate::tui::action::Action;
use crate::tui::layout;

/// Puts the highlight on the answer given here before Back, or on the first row.
pub(super) fn reset_cursor(walk: &mut WalkState) {
    walk.cursor = walk
        .session()
        .remembered_answer()
        .and_then(Answer::choice)
        .unwrap_or(0);
    walk.scroll = 0;
}

/// What to do once the walk's borrow ends.
enum Then {
    Stay,
    Restart,
    Picker,
    Search,
}

impl App {
    pub(super) fn update_walk(&mut self, action: Action) {
        let catalog = &self.catalog;
        let size = self.size;
        let Screen::Walk(w) = &mut self.screen else {
            return;
        };
        let node = w.session().node(catalog);
        let is_question = matches!(node.body, NodeBody::Question { .. });
        let rows = match &node.body {
            NodeBody::Question { choices } => choices.len(),
            NodeBody::Remedy { steps, .. } => steps.len(),
            _ => 0,
        };
        if w.finished && matches!(action, Action::Back | Action::SafetyCheck) {
            // A finished case (reopened by resume) changes only once the user says so.
            self.popup = Some(Popup::Reopen(Box::new(action)));
            return;
        }
        let mut answer: Option<Answer> = None;
        let mut then = Then::Stay;
        match action {
            Action::Up if rows > 0 => w.cursor = (w.cursor + rows - 1) % rows,
            Action::Down if rows > 0 => w.cursor = (w.cursor + 1) % rows,
            Action::Up | Action::ScrollUp => w.scroll = w.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => w.scroll = w.scroll.saturating_add(1),
            Action::Pick(i) if is_question && i < rows => answer = Some(Answer::Choice(i)),
            Action::Select if is_question && rows > 0 => {
                answer = Some(Answer::Choice(w.cursor.min(rows - 1)));
            }
            Action::ToggleTick => w.live.toggle_tick(catalog, w.cursor),
            Action::Fixed => answer = Some(Answer::Fixed(true)),
            Action::NotFixed => answer = Some(Answer::Fixed(false)),
            Action::Back => {
                if w.live.back(catalog) {
                    reset_cursor(w);
                } else {
                    self.status =
                        Some("This is the first question; Esc goes back to the model list".into());
                }
            }
            Action::SafetyCheck => {
                let first = w.session().first_stack().to_vec();
                if first.last() == Some(&w.session().pos()) {
                    self.status = Some("The safety question is on screen".into());
                } else {
                    match w.live.jump(catalog, first) {
                        Ok(()) => {
                            reset_cursor(w);
                            self.status =
                                Some("The safety question; Back returns to where you were".into());
                        }
                        Err(e) => self.status = Some(format!("Cannot go there: {e}")),
                    }
                }
            }
            Action::Restart => then = Then::Restart,
            Action::Escape => then = Then::Picker,
            Action::OpenNote => {
                let text = w
                    .live
                    .note_here(catalog)
                    .map(|n| n.text.clone())
                    .unwrap_or_default();
                let mut area =
                    ratatui_textarea::TextArea::new(text.lines().map(str::to_string).collect());
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
                self.popup = Some(Popup::Note(Box::new(area)));
            }
            Action::OpenCaseRef => {
                self.popup = Some(Popup::CaseRef(
                    w.live.case().case_ref().unwrap_or_default().to_string(),
                ));
            }
            Action::OpenExport => self.popup = Some(Popup::Export(0)),
            Action::OpenSearch => then = Then::Search,
            Action::Copy => {
                let text = crate::export::transcript_md(catalog, w.live.case());
                self.effects
                    .push(Effect::Clipboard(crate::export::osc52(&text)));
                self.status = Some(
                    "Copied the transcript (OSC 52). If nothing arrived, your terminal blocks it: press e to save a file".into(),
                );
            }
            Action::Click(x, y) => {
                if let Some(i) = layout::choice_at(catalog, w, size, x, y) {
                    if is_question {
                        answer = Some(Answer::Choice(i));
                    } else if rows > 0 {
                        w.cursor = i;
                        w.live.toggle_tick(catalog, i);
                    }
                }
            }
            _ => {}
        }
        if let Some(a) = answer {
            match w.live.answer(catalog, a) {
                Ok(()) => reset_cursor(w),
                Err(e) => self.status = Some(e.to_string()),
            }
        }
        match then {
            Then::Stay => {}
            Then::Restart => {
                if let Screen::Walk(w) = &mut self.screen {
                    match w.live.restart(&self.catalog) {
                        Ok(()) => {
                            reset_cursor(w);
                            self.status = Some(
                                "New walk started; the last one stays saved (lockdiag sessions)"
                                    .into(),
                            );
                        }
                        Err(e) => self.status = Some(format!("Cannot restart: {e}")),
                    }
                }
            }
            Then::Picker => self.show_picker(),
            Then::Search => self.open_search(),
        }
    }
}
