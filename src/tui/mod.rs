//! The terminal app: turns state into frames ([`ui`]) and keys into actions ([`keymap`]);
//! [`app::App::update`] is the one place state changes. Synchronous: the loop blocks on input,
//! so an idle app uses no CPU.

pub mod action;
pub mod app;
pub mod keymap;
pub mod layout;
pub mod picker;
pub mod theme;
pub mod ui;

use std::io::{IsTerminal, stdout};

use anyhow::{Context as _, Result, bail};
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use crate::catalog::Catalog;
use app::App;
use theme::Theme;

/// Opens the app on the picker, or on tree `tree` when given, and runs until the user quits.
/// The terminal is restored on every exit path, panics included.
pub fn run(catalog: Catalog, tree: Option<usize>) -> Result<()> {
    if !stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the interactive app needs a terminal; for scripts use 'lockdiag walk MODEL --answer ...'"
        );
    }
    let theme = Theme::from_env();
    let mut app = match tree {
        Some(t) => App::with_tree(catalog, theme, t)?,
        None => App::new(catalog, theme),
    };
    // Our hook runs before ratatui's (installed by try_init, which chains to ours): mouse
    // reporting off and the cursor shown, then ratatui leaves raw mode and the alternate screen.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, Show);
        previous(info);
    }));
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let result = execute!(stdout(), EnableMouseCapture)
        .map_err(anyhow::Error::from)
        .and_then(|()| event_loop(&mut terminal, &mut app));
    let _ = execute!(stdout(), DisableMouseCapture, Show);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> Result<()> {
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    loop {
        terminal.draw(|frame| ui::render(frame, app))?;
        if app.should_quit {
            return Ok(());
        }
        let event = event::read()?;
        if let Some(action) = app.action_for_event(&event) {
            app.update(action);
        }
    }
}
