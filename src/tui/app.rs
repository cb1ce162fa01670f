//! The app state and its one mutator, [`App::update`].

use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};

use super::action::Action;
use super::keymap::{self, Context};
use super::layout;
use super::picker::{Entry, PickerState};
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::session::{Answer, Session};
use crate::tree::NodeBody;

/// A walk on screen: the session plus where the highlight and scroll are.
#[derive(Debug, Clone)]
pub struct WalkState {
    /// The walk.
    pub session: Session,
    /// The tree the walk was opened on (restart goes back to its start).
    pub root: usize,
    /// Highlighted choice (question) or step (remedy).
    pub cursor: usize,
    /// Scroll offset of the text panel.
    pub scroll: u16,
}

/// Where the user is.
#[derive(Debug, Clone)]
pub enum Screen {
    /// Choosing a model.
    Picker(PickerState),
    /// Walking a tree: question, remedy or outcome, by the node's kind.
    Walk(WalkState),
}

/// A window over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// The keys of the screen underneath.
    Help,
}

/// The whole app state.
#[derive(Debug)]
pub struct App {
    /// The loaded trees.
    pub catalog: Catalog,
    /// Where the user is.
    pub screen: Screen,
    /// A popup over the screen, if any.
    pub popup: Option<Popup>,
    /// Colours (or none, with `NO_COLOR`).
    pub theme: Theme,
    /// Terminal size, for mouse hit-testing.
    pub size: (u16, u16),
    /// A one-line message for the footer.
    pub status: Option<String>,
    /// Set when the app should end.
    pub should_quit: bool,
}

impl App {
    /// A new app on the model picker.
    #[must_use]
    pub fn new(catalog: Catalog, theme: Theme) -> Self {
        let picker = PickerState::new(&catalog);
        Self {
            catalog,
            screen: Screen::Picker(picker),
            popup: None,
            theme,
            size: (80, 24),
            status: None,
            should_quit: false,
        }
    }

    /// A new app with the walk of tree `tree` already open.
    pub fn with_tree(
        catalog: Catalog,
        theme: Theme,
        tree: usize,
    ) -> Result<Self, crate::session::WalkError> {
        let mut app = Self::new(catalog, theme);
        app.open_tree(tree)?;
        Ok(app)
    }

    /// The keymap context of what is on screen.
    #[must_use]
    pub fn context(&self) -> Context {
        if let Some(Popup::Help) = self.popup {
            return Context::Help;
        }
        match &self.screen {
            Screen::Picker(_) => Context::Picker,
            Screen::Walk(w) => match w.session.node(&self.catalog).body {
                NodeBody::Question { .. } => Context::Question,
                NodeBody::Remedy { .. } => Context::Remedy,
                _ => Context::Outcome,
            },
        }
    }

    /// Turns a terminal event into an action (key presses only, so Windows' release events
    /// never double a key). Resizes update the size used for mouse hit-testing.
    pub fn action_for_event(&mut self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(_) => event
                .as_key_press_event()
                .and_then(|k| keymap::action_for(self.context(), k)),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
                MouseEventKind::ScrollUp => Some(Action::Up),
                MouseEventKind::ScrollDown => Some(Action::Down),
                _ => None,
            },
            Event::Resize(w, h) => {
                self.size = (*w, *h);
                None
            }
            _ => None,
        }
    }

    fn open_tree(&mut self, tree: usize) -> Result<(), crate::session::WalkError> {
        let session = Session::start(&self.catalog, tree)?;
        let mut walk = WalkState {
            session,
            root: tree,
            cursor: 0,
            scroll: 0,
        };
        Self::reset_cursor(&mut walk);
        self.screen = Screen::Walk(walk);
        Ok(())
    }

    fn reset_cursor(walk: &mut WalkState) {
        walk.cursor = match walk.session.remembered_answer() {
            Some(Answer::Choice(i)) => *i,
            _ => 0,
        };
        walk.scroll = 0;
    }

    /// Applies one action. The only function that changes the app's state.
    pub fn update(&mut self, action: Action) {
        self.status = None;
        if action == Action::Quit {
            self.should_quit = true;
            return;
        }
        if let Some(Popup::Help) = self.popup {
            if matches!(action, Action::Escape | Action::ToggleHelp) {
                self.popup = None;
            }
            return;
        }
        if action == Action::ToggleHelp {
            self.popup = Some(Popup::Help);
            return;
        }
        match &mut self.screen {
            Screen::Picker(_) => self.update_picker(action),
            Screen::Walk(_) => self.update_walk(action),
        }
    }

    fn update_picker(&mut self, action: Action) {
        let Screen::Picker(p) = &mut self.screen else {
            return;
        };
        match action {
            Action::Input(c) => {
                p.query.push(c);
                p.refilter(&self.catalog);
            }
            Action::DeleteChar => {
                p.query.pop();
                p.refilter(&self.catalog);
            }
            Action::Up => p.move_by(-1),
            Action::Down => p.move_by(1),
            Action::First => p.selected = 0,
            Action::Last => p.selected = p.rows.len().saturating_sub(1),
            Action::Escape if !p.query.is_empty() => {
                p.query.clear();
                p.refilter(&self.catalog);
            }
            Action::Escape => self.should_quit = true,
            Action::Select => self.open_selected(),
            Action::Click(x, y) => {
                let area = layout::picker_list(self.size);
                if let Some(i) = layout::picker_row_at(p, area, x, y) {
                    p.selected = i;
                    self.open_selected();
                }
            }
            _ => {}
        }
    }

    fn open_selected(&mut self) {
        let Screen::Picker(p) = &self.screen else {
            return;
        };
        let Some(row) = p.current() else {
            self.status = Some("No model matches; Backspace or Esc to change the filter".into());
            return;
        };
        let tree = match row.entry {
            Entry::Model(i) => Some(i),
            Entry::Identify => self
                .catalog
                .guide_index("identify")
                .or_else(|| self.catalog.model_index("generic-smart-lock")),
        };
        match tree.map(|t| self.open_tree(t)) {
            Some(Ok(())) => {}
            Some(Err(e)) => self.status = Some(format!("Cannot open this tree: {e}")),
            None => self.status = Some("No identification guide is loaded".into()),
        }
    }

    fn update_walk(&mut self, action: Action) {
        let catalog = &self.catalog;
        let size = self.size;
        let Screen::Walk(w) = &mut self.screen else {
            return;
        };
        let node = w.session.node(catalog);
        let rows = match &node.body {
            NodeBody::Question { choices } => choices.len(),
            NodeBody::Remedy { steps, .. } => steps.len(),
            _ => 0,
        };
        let mut answer: Option<Answer> = None;
        let mut leave: Option<Option<usize>> = None;
        match action {
            Action::Up if rows > 0 => w.cursor = (w.cursor + rows - 1) % rows,
            Action::Down if rows > 0 => w.cursor = (w.cursor + 1) % rows,
            Action::Up | Action::ScrollUp => w.scroll = w.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => w.scroll = w.scroll.saturating_add(1),
            Action::Pick(i) if matches!(node.body, NodeBody::Question { .. }) && i < rows => {
                answer = Some(Answer::Choice(i))
            }
            Action::Select if matches!(node.body, NodeBody::Question { .. }) && rows > 0 => {
                answer = Some(Answer::Choice(w.cursor.min(rows - 1)))
            }
            Action::ToggleTick => w.session.toggle_tick(catalog, w.cursor),
            Action::Fixed => answer = Some(Answer::Fixed(true)),
            Action::NotFixed => answer = Some(Answer::Fixed(false)),
            Action::Back => {
                if w.session.back() {
                    Self::reset_cursor(w);
                } else {
                    self.status =
                        Some("This is the first question; Esc goes back to the model list".into());
                }
            }
            Action::Restart => leave = Some(Some(w.root)),
            Action::Escape => leave = Some(None),
            Action::Click(x, y) => {
                if let Some(i) = layout::choice_at(catalog, w, size, x, y) {
                    match node.body {
                        NodeBody::Question { .. } => answer = Some(Answer::Choice(i)),
                        NodeBody::Remedy { .. } => {
                            w.cursor = i;
                            w.session.toggle_tick(catalog, i);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        if let Some(a) = answer {
            match w.session.answer(catalog, a) {
                Ok(()) => Self::reset_cursor(w),
                Err(e) => self.status = Some(e.to_string()),
            }
        }
        match leave {
            Some(Some(root)) => {
                if let Err(e) = self.open_tree(root) {
                    self.status = Some(format!("Cannot restart: {e}"));
                }
            }
            Some(None) => self.screen = Screen::Picker(PickerState::new(&self.catalog)),
            None => {}
        }
    }
}
