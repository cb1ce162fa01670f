//! Updates on the walk screen: answers, Back, ticks, restart, and opening the case popups.

use super::{App, Effect, Popup, Screen, WalkState};
use crate::catalog::Catalog;
use crate::session::Answer;
use crate::tree::NodeBody;
use crate::tui::action::Action;
use crate::tui::layout;

/// Puts the highlight on the answer given here before Back, or on the first row.
pub(super) fn reset_cursor(walk: &mut WalkState, catalog: &Catalog) {
    let steps = ListShape::of(catalog, walk).steps;
    walk.cursor = match walk.session().remembered_answer() {
        Some(Answer::Choice(i)) => *i,
        Some(Answer::Fixed(yes)) => steps + usize::from(!*yes),
        _ => 0,
    };
    walk.scroll = 0;
    walk.typed = None;
}

/// The list on screen: a question's choices, or a remedy's steps followed by the two answers
/// to "Did this fix it?" (so it is answered like any question).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListShape {
    /// Rows in the list.
    pub rows: usize,
    /// How many of the first rows are remedy steps (ticked, not answered).
    pub steps: usize,
    /// Whether the node is a remedy.
    pub remedy: bool,
}

impl ListShape {
    /// The shape of the list of the node on screen.
    pub(crate) fn of(catalog: &Catalog, walk: &WalkState) -> Self {
        match &walk.session().node(catalog).body {
            NodeBody::Question { choices } => Self {
                rows: choices.len(),
                steps: 0,
                remedy: false,
            },
            NodeBody::Remedy { steps, .. } => Self {
                rows: steps.len() + 2,
                steps: steps.len(),
                remedy: true,
            },
            _ => Self {
                rows: 0,
                steps: 0,
                remedy: false,
            },
        }
    }

    /// How many answers can be picked by number.
    fn answers(self) -> usize {
        self.rows - self.steps
    }

    /// The answer row `row` gives; `None` on a remedy step (ticked instead).
    fn answer_at(self, row: usize) -> Option<Answer> {
        if row >= self.rows || row < self.steps {
            None
        } else if self.remedy {
            Some(Answer::Fixed(row == self.steps))
        } else {
            Some(Answer::Choice(row))
        }
    }
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
        let shape = ListShape::of(catalog, w);
        let rows = shape.rows;
        if w.finished && matches!(action, Action::Back | Action::SafetyCheck) {
            // A finished case (reopened by resume) changes only once the user says so.
            self.popup = Some(Popup::Reopen(Box::new(action)));
            return;
        }
        let page =
            usize::from(layout::inner(layout::walk(catalog, w, layout::full(size)).list).height)
                .max(1);
        let typed = w.typed.take();
        let mut answer: Option<Answer> = None;
        let mut then = Then::Stay;
        match action {
            Action::Up if rows > 0 => w.cursor = (w.cursor + rows - 1) % rows,
            Action::Down if rows > 0 => w.cursor = (w.cursor + 1) % rows,
            Action::PageUp if rows > 0 => w.cursor = w.cursor.saturating_sub(page),
            Action::PageDown if rows > 0 => w.cursor = (w.cursor + page).min(rows - 1),
            Action::First if rows > 0 => w.cursor = 0,
            Action::Last if rows > 0 => w.cursor = rows - 1,
            Action::Up | Action::ScrollUp => w.scroll = w.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => w.scroll = w.scroll.saturating_add(1),
            Action::PageUp => w.scroll = w.scroll.saturating_sub(10),
            Action::PageDown => w.scroll = w.scroll.saturating_add(10),
            Action::First => w.scroll = 0,
            Action::Last => w.scroll = u16::MAX / 2,
            Action::Pick(i) => answer = shape.answer_at(shape.steps + i),
            Action::Digit(d) if shape.answers() > 0 => {
                let d = usize::from(d);
                let answers = shape.answers();
                let number = match typed {
                    Some(first) => Some(first * 10 + d),
                    // Past 9 answers, a digit that can start a two-digit number waits for the
                    // second one (Enter takes it alone).
                    None if answers >= 10 && d >= 1 && d * 10 <= answers => {
                        w.typed = Some(d);
                        w.cursor = shape.steps + d - 1;
                        self.status = Some(format!(
                            "{d}_: type the second digit for answers {d}0-{}, or Enter for {d}",
                            (d * 10 + 9).min(answers)
                        ));
                        None
                    }
                    None => Some(d),
                };
                match number {
                    Some(n @ 1..) if n <= answers => answer = shape.answer_at(shape.steps + n - 1),
                    Some(n) => {
                        self.status = Some(format!("There is no answer {n}; they go 1-{answers}"));
                    }
                    None => {}
                }
            }
            Action::Select if typed.is_some() => {
                answer = typed.and_then(|n| shape.answer_at(shape.steps + n - 1));
            }
            Action::Select if rows > 0 => {
                let row = w.cursor.min(rows - 1);
                answer = shape.answer_at(row);
                if answer.is_none() {
                    w.live.toggle_tick(catalog, row);
                }
            }
            Action::ToggleTick if w.cursor < shape.steps => w.live.toggle_tick(catalog, w.cursor),
            Action::ToggleTick => {
                self.status = Some("Space ticks a step; pick 1 or 2 to answer".into());
            }
            Action::Back => {
                if w.live.back(catalog) {
                    reset_cursor(w, catalog);
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
                            reset_cursor(w, catalog);
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
                    w.cursor = i;
                    answer = shape.answer_at(i);
                    if answer.is_none() {
                        w.live.toggle_tick(catalog, i);
                    }
                }
            }
            _ => {}
        }
        if let Some(a) = answer {
            match w.live.answer(catalog, a) {
                Ok(()) => reset_cursor(w, catalog),
                Err(e) => self.status = Some(e.to_string()),
            }
        }
        match then {
            Then::Stay => {}
            Then::Restart => {
                if let Screen::Walk(w) = &mut self.screen {
                    match w.live.restart(&self.catalog) {
                        Ok(()) => {
                            reset_cursor(w, catalog);
                            self.status = Some(
                                "New walk started, with no case reference yet (c sets one); the last one stays saved"
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
