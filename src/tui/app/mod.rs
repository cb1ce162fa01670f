//! The app state and its one mutator, [`App::update`]. Screen-specific updates live in
//! [`walk`] and [`popup`]; this file holds the state, the event mapping and the dispatch.

mod popup;
mod search;
mod walk;

use ratatui::crossterm::event::{Event, MouseButton, MouseEventKind};
use ratatui_textarea::TextArea;

use super::action::Action;
use super::keymap::{self, Context};
use super::layout;
use super::picker::{Entry, PickerState};
use super::search::SearchState;
use super::theme::Theme;
use crate::catalog::Catalog;
use crate::search::SearchIndex;
use crate::session::{Answer, WalkError};
use crate::store::{LiveCase, Store, StoreError};
use crate::tree::NodeBody;

pub use super::walk_state::WalkState;

/// Where the user is.
#[derive(Debug)]
pub enum Screen {
    /// Choosing a model.
    Picker(PickerState),
    /// Walking a tree: question, remedy or outcome, by the node's kind.
    Walk(Box<WalkState>),
}

/// The export formats offered by `e`, in menu order.
pub const EXPORTS: [(crate::export::Format, &str); 3] = [
    (
        crate::export::Format::Md,
        "Markdown transcript for the ticket (with the locksmith card)",
    ),
    (crate::export::Format::Text, "Plain text"),
    (crate::export::Format::Json, "JSON for integrations"),
];

/// A window over the screen.
#[derive(Debug)]
pub enum Popup {
    /// The keys of the screen underneath.
    Help,
    /// Editing the note on the current step.
    Note(Box<TextArea<'static>>),
    /// Editing the case or ticket reference.
    CaseRef(String),
    /// Choosing an export format (highlighted row).
    Export(usize),
    /// Export `n` of [`EXPORTS`] would replace a file already there: asking first.
    Replace(usize),
    /// Searching every node in the caller's words.
    Search(Box<SearchState>),
    /// "Reopen this finished case?", holding the change that asked.
    Reopen(Box<Action>),
}

/// Something the event loop must do outside the frame (the renderer does no I/O).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write this OSC 52 sequence to the terminal (copy to the clipboard).
    Clipboard(String),
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
    /// The sessions store, until the first walk takes it.
    store: Option<Result<Store, StoreError>>,
    /// The last case, kept while the picker is open so its store is reused.
    parked: Option<LiveCase>,
    /// `q` was pressed once with unsaved changes: the next `q` quits anyway.
    quit_armed: bool,
    effects: Vec<Effect>,
    /// The search index, built the first time search opens.
    search_index: Option<SearchIndex>,
}

impl App {
    /// A new app on the model picker. `store` is where sessions are saved: `None` saves
    /// nothing and says nothing (tests); `Some(Err)` saves nothing and says why, once.
    #[must_use]
    pub fn new(catalog: Catalog, theme: Theme, store: Option<Result<Store, StoreError>>) -> Self {
        let picker = PickerState::new(&catalog);
        Self {
            catalog,
            screen: Screen::Picker(picker),
            popup: None,
            theme,
            size: (80, 24),
            status: None,
            should_quit: false,
            store,
            parked: None,
            quit_armed: false,
            effects: Vec::new(),
            search_index: None,
        }
    }

    /// Puts the full library in place of the one the app started with (the header-only preview
    /// the first frame is drawn from; see [`crate::catalog::builtin_preview`]), and the sessions
    /// store opened meanwhile in place of the app's (`None` keeps the app's). On the picker,
    /// the filter and highlight are kept and the rows recomputed over the new catalog; an open
    /// walk indexes the old catalog, so this is only for before the first model is opened.
    pub fn replace_catalog(&mut self, catalog: Catalog, store: Option<Result<Store, StoreError>>) {
        self.catalog = catalog;
        if store.is_some() {
            self.store = store;
        }
        self.search_index = None;
        if let Screen::Picker(p) = &mut self.screen {
            let selected = p.selected;
            p.refilter(&self.catalog);
            p.selected = selected.min(p.rows.len().saturating_sub(1));
        }
    }

    /// A new app with the walk of tree `tree` already open.
    pub fn with_tree(
        catalog: Catalog,
        theme: Theme,
        store: Option<Result<Store, StoreError>>,
        tree: usize,
    ) -> Result<Self, WalkError> {
        let mut app = Self::new(catalog, theme, store);
        app.open_tree(tree)?;
        Ok(app)
    }

    /// An app reopened on a saved case (`lockdiag resume`), with the replay's message if any.
    #[must_use]
    pub fn resumed(
        catalog: Catalog,
        theme: Theme,
        live: LiveCase,
        message: Option<String>,
    ) -> Self {
        let mut app = Self::new(catalog, theme, None);
        let root = app
            .catalog
            .model_index(live.case().start_tree())
            .or_else(|| app.catalog.guide_index(live.case().start_tree()))
            .unwrap_or(live.session().tree);
        let finished = live.session().is_finished(&app.catalog);
        let mut walk = WalkState {
            live,
            root,
            cursor: 0,
            scroll: 0,
            finished,
            typed: None,
        };
        walk::reset_cursor(&mut walk, &app.catalog);
        app.screen = Screen::Walk(Box::new(walk));
        app.status = message;
        app
    }

    /// Effects for the event loop to carry out, oldest first.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The keymap context of what is on screen.
    #[must_use]
    pub fn context(&self) -> Context {
        match &self.popup {
            Some(Popup::Help) => return Context::Help,
            Some(Popup::Note(_)) => return Context::Note,
            Some(Popup::CaseRef(_)) => return Context::CaseRef,
            Some(Popup::Export(_)) => return Context::Export,
            Some(Popup::Replace(_)) => return Context::Replace,
            Some(Popup::Search(s)) if s.here.is_some() => return Context::Search,
            Some(Popup::Search(_)) => return Context::SearchEverywhere,
            Some(Popup::Reopen(_)) => return Context::Confirm,
            None => {}
        }
        self.screen_context()
    }

    /// The keymap context of the screen under any popup.
    #[must_use]
    pub fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::Picker(_) => Context::Picker,
            Screen::Walk(w) => match w.session().node(&self.catalog).body {
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
            Event::Paste(text) => Some(Action::Paste(text.clone())),
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

    /// Opens a walk of tree `tree`, reusing the store of the last case.
    fn open_tree(&mut self, tree: usize) -> Result<(), WalkError> {
        let live = match self.parked.take() {
            Some(mut live) => {
                live.new_case(&self.catalog, tree)?;
                live
            }
            None => match self.store.take() {
                Some(store) => LiveCase::start(&self.catalog, tree, store)?,
                None => LiveCase::in_memory(&self.catalog, tree)?,
            },
        };
        let mut walk = WalkState {
            live,
            root: tree,
            cursor: 0,
            scroll: 0,
            finished: false,
            typed: None,
        };
        walk::reset_cursor(&mut walk, &self.catalog);
        self.screen = Screen::Walk(Box::new(walk));
        Ok(())
    }

    /// Back to the model picker; the case stays saved and its store is kept for the next one.
    fn show_picker(&mut self) {
        let picker = Screen::Picker(PickerState::new(&self.catalog));
        if let Screen::Walk(w) = std::mem::replace(&mut self.screen, picker) {
            self.parked = Some(w.live);
        }
    }

    /// The case on screen or parked behind the picker.
    #[must_use]
    pub fn live(&self) -> Option<&LiveCase> {
        match &self.screen {
            Screen::Walk(w) => Some(&w.live),
            Screen::Picker(_) => self.parked.as_ref(),
        }
    }

    /// Whether the event loop should call [`Self::tick`] now and then: changes are waiting
    /// for the store.
    #[must_use]
    pub fn wants_tick(&self) -> bool {
        self.live().is_some_and(|l| l.unsaved() > 0)
    }

    /// Takes in how saving went since the last frame (the status line says what changed).
    pub fn tick(&mut self) {
        let catalog = &self.catalog;
        let live = match &mut self.screen {
            Screen::Walk(w) => Some(&mut w.live),
            Screen::Picker(_) => self.parked.as_mut(),
        };
        if let Some(live) = live {
            live.refresh(catalog);
            if let Some(w) = live.take_warning() {
                self.status = Some(w);
            }
        }
    }

    /// Ends saving when the app closes: what was not saved, and where it was kept, if
    /// anything (printed after the terminal is restored).
    pub fn farewell(&mut self) -> Option<String> {
        let live = match std::mem::replace(&mut self.screen, Screen::Picker(PickerState::default()))
        {
            Screen::Walk(w) => Some(w.live),
            Screen::Picker(_) => self.parked.take(),
        };
        live.and_then(LiveCase::finish)
    }

    /// Applies one action. The only function that changes the app's state.
    pub fn update(&mut self, action: Action) {
        // On the "terminal too small" screen nothing else is visible, so only quit may act.
        if !layout::big_enough(layout::full(self.size)) && action != Action::Quit {
            return;
        }
        self.status = None;
        if action == Action::Quit {
            // Nothing typed is lost: a note being written is saved before quitting.
            if matches!(self.popup, Some(Popup::Note(_))) {
                self.update_popup(Action::Save);
            }
            let unsaved = self
                .live()
                .filter(|l| !l.is_shared() && l.unsaved() > 0)
                .map(|l| {
                    let why = l.not_saving_reason().unwrap_or("the store does not answer");
                    (l.unsaved(), why.to_string())
                });
            if let Some((n, why)) = unsaved
                && !std::mem::replace(&mut self.quit_armed, true)
            {
                self.status = Some(format!(
                    "Press q again to quit with {n} change(s) NOT SAVED, any other key to stay ({why})"
                ));
                return;
            }
            self.should_quit = true;
            return;
        }
        self.quit_armed = false;
        if self.popup.is_some() {
            self.update_popup(action);
        } else if action == Action::ToggleHelp {
            self.popup = Some(Popup::Help);
        } else {
            match &self.screen {
                Screen::Picker(_) => self.update_picker(action),
                Screen::Walk(_) => self.update_walk(action),
            }
        }
        if let Screen::Walk(w) = &mut self.screen {
            w.live.refresh(&self.catalog);
            if let Some(warning) = w.live.take_warning() {
                self.status = Some(warning);
            }
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
            Action::Paste(text) => {
                p.query
                    .push_str(&crate::store::case::clean_text(&text, false));
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
            Action::OpenSearch => self.open_search(),
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
}

impl Answer {
    /// The choice index, for preselecting an earlier answer.
    #[must_use]
    pub fn choice(&self) -> Option<usize> {
        match self {
            Self::Choice(i) => Some(*i),
            _ => None,
        }
    }
}
