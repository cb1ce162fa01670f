//! The terminal app: turns state into frames ([`ui`]) and keys into actions ([`keymap`]);
//! [`app::App::update`] is the one place state changes. Synchronous: the loop blocks on input,
//! so an idle app uses no CPU.

pub mod action;
pub mod app;
pub mod keymap;
pub mod layout;
pub mod picker;
pub mod search;
pub mod theme;
pub mod ui;

use std::io::{IsTerminal, Write, stdout};

use anyhow::{Context as _, Result, bail};
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

pub use app::App;

use crate::catalog::Catalog;
use crate::store::{Store, StoreError};

/// Fails early, before the terminal is touched, when there is no terminal to run in.
pub fn require_terminal() -> Result<()> {
    if !stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the interactive app needs a terminal; for scripts use 'lockdiag walk MODEL --answer ...'"
        );
    }
    Ok(())
}

/// Runs `app` until the user quits. The terminal is restored on every exit path, panics
/// included. Returns what the app has to say after the terminal is back (changes that were
/// not saved, and where they were kept).
pub fn run(app: App) -> Result<Option<String>> {
    run_loading(app, None)
}

/// What loads behind the first frame: the full library and the sessions store.
#[derive(Debug)]
pub struct Ready {
    /// The full library.
    pub catalog: Catalog,
    /// The sessions store, as [`App::new`] takes it.
    pub store: Option<Result<Store, StoreError>>,
}

/// Loads the full library and opens the store; run on another thread once the first frame is
/// on the screen.
pub type Loading = Box<dyn FnOnce() -> Result<Ready> + Send>;

/// Like [`run`], for an app started on the header-only preview of the library: the first frame
/// is drawn, then `loading` runs on another thread while the user reads it, and its catalog
/// and store take the preview's place before the first key is handled (the first frame never
/// competes with loading for a core). A loading error ends the app (restoring the terminal)
/// with that error.
pub fn run_loading(mut app: App, loading: Option<Loading>) -> Result<Option<String>> {
    require_terminal()?;
    // Our hook runs before ratatui's (installed by try_init, which chains to ours): mouse
    // reporting and bracketed paste off and the cursor shown, then ratatui leaves raw mode and
    // the alternate screen.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste, Show);
        previous(info);
    }));
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    watch_signals();
    let result = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)
        .map_err(anyhow::Error::from)
        .and_then(|()| event_loop(&mut terminal, &mut app, loading));
    restore_terminal();
    result.map(|()| app.farewell())
}

/// Puts the terminal back as it was: mouse reporting and bracketed paste off, cursor shown,
/// raw mode off, main screen. Safe to call more than once.
fn restore_terminal() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste, Show);
    ratatui::restore();
}

/// On SIGTERM, SIGHUP or SIGINT (the terminal closed, or the process asked to stop), restore
/// the terminal and exit. Every step of a walk is already saved as it happens, so nothing is
/// lost. A watcher thread does this because the main loop is blocked reading input.
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            restore_terminal();
            eprintln!("lockdiag: stopped by signal {sig}; the terminal was restored");
            std::process::exit(128 + sig);
        }
    });
}

/// How often the app looks at the store's progress while changes are unsaved.
const TICK: std::time::Duration = std::time::Duration::from_millis(250);

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    loading: Option<Loading>,
) -> Result<()> {
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    // A hidden trigger for the crash-safety test: panic after drawing the first frame.
    let panic_after_first_frame = std::env::var_os("LOCKDIAG_TEST_PANIC").is_some();
    let (mut loading, mut pending) = (loading, None);
    loop {
        terminal.draw(|frame| ui::render(frame, app))?;
        assert!(
            !panic_after_first_frame,
            "LOCKDIAG_TEST_PANIC is set: panicking on purpose to test terminal restore"
        );
        if app.should_quit {
            return Ok(());
        }
        if let Some(load) = loading.take() {
            pending = Some(std::thread::spawn(load));
        }
        // While changes are on their way to the store, wake up now and then to show how that
        // goes (the writer never makes a key wait); otherwise block, using no CPU.
        if app.wants_tick() && !event::poll(TICK)? {
            app.tick();
            continue;
        }
        let event = event::read()?;
        if let Some(handle) = pending.take() {
            let ready = handle
                .join()
                .map_err(|_| anyhow::anyhow!("loading the trees failed unexpectedly"))??;
            app.replace_catalog(ready.catalog, ready.store);
        }
        if let Some(action) = app.action_for_event(&event) {
            app.update(action);
        }
        for effect in app.take_effects() {
            match effect {
                app::Effect::Clipboard(seq) => {
                    let mut out = stdout();
                    out.write_all(seq.as_bytes())?;
                    out.flush()?;
                }
            }
        }
    }
}
