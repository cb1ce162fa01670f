//! The terminal app: turns state into frames ([`ui`]) and keys into actions ([`keymap`]);
//! [`app::App::update`] is the one place state changes. Synchronous: the loop waits on input,
//! waking four times a second only to notice a stop signal, so an idle app uses next to no CPU.

pub mod action;
pub mod app;
pub mod keymap;
pub mod layout;
pub mod picker;
pub mod search;
pub mod theme;
pub mod ui;
pub mod walk_state;

use std::io::{IsTerminal, Write, stdout};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

pub use app::App;

use action::Action;

use crate::catalog::Catalog;
use crate::store::{Store, StoreError};

/// Fails early, before the terminal is touched, when there is no terminal to run in, or the
/// terminal cannot draw a full-screen app (`TERM` unset or `dumb`).
pub fn require_terminal() -> Result<()> {
    if !stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the interactive app needs a terminal; for scripts use 'lockdiag walk MODEL --answer ...'"
        );
    }
    let term = std::env::var("TERM").unwrap_or_default();
    if term.is_empty() || term == "dumb" {
        bail!(
            "the interactive app needs a capable terminal (TERM is {}); set TERM (such as xterm-256color), or walk a tree line by line with 'lockdiag walk MODEL --answer ...'",
            if term.is_empty() { "not set" } else { "'dumb'" }
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
    if result.is_err() {
        // The terminal failed under us: a note being typed is saved all the same.
        app.update(Action::Quit);
    }
    restore_terminal();
    result.map(|()| app.farewell())
}

/// Puts the terminal back as it was: mouse reporting and bracketed paste off, cursor shown,
/// raw mode off, main screen. Safe to call more than once. Whether it worked (it cannot once
/// the terminal is gone).
fn restore_terminal() -> bool {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste, Show);
    ratatui::try_restore().is_ok()
}

/// The stop signal received (SIGTERM, SIGHUP, SIGINT), 0 for none yet.
static STOP: AtomicI32 = AtomicI32::new(0);

/// How often the main loop looks for a stop signal while it waits for input.
const STOP_POLL: Duration = Duration::from_millis(250);

/// How long the watcher leaves the main loop to save and exit before it exits itself.
const STOP_GRACE: Duration = Duration::from_secs(3);

fn stop_signal() -> Option<i32> {
    match STOP.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// Restores the terminal and exits with `128 + sig`. After SIGHUP the terminal is gone, so
/// nothing is said about it (nor that restoring it failed).
fn exit_on_signal(sig: i32) -> ! {
    let restored = restore_terminal();
    if sig != signal_hook::consts::SIGHUP {
        if restored {
            eprintln!("lockdiag: stopped by signal {sig}; the terminal was restored");
        } else {
            eprintln!("lockdiag: stopped by signal {sig}");
        }
    }
    std::process::exit(128 + sig);
}

/// On SIGTERM, SIGHUP or SIGINT (the terminal closed, or the process asked to stop), the main
/// loop saves the note being typed (every other step is saved as it happens), restores the
/// terminal and exits. A watcher thread catches the signal; should the main loop not answer
/// within [`STOP_GRACE`] (still loading), the watcher restores the terminal and exits itself.
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            STOP.store(sig, Ordering::SeqCst);
            std::thread::sleep(STOP_GRACE);
            exit_on_signal(sig);
        }
    });
}

/// The next input event, or `None` after a tick (while changes are on their way to the
/// store, the app looks at their progress every [`STOP_POLL`]; otherwise it only wakes for a
/// stop signal, and draws nothing). On a stop signal, saves what is open and exits.
fn next_event(app: &mut App) -> Result<Option<event::Event>> {
    loop {
        if let Some(sig) = stop_signal() {
            app.update(Action::Quit);
            exit_on_signal(sig);
        }
        let ready = event::poll(STOP_POLL).and_then(|ready| {
            if ready {
                event::read().map(Some)
            } else {
                Ok(None)
            }
        });
        match ready {
            Ok(Some(event)) => return Ok(Some(event)),
            Ok(None) if app.wants_tick() => {
                app.tick();
                return Ok(None);
            }
            Ok(None) => {}
            Err(e) => {
                // A closed terminal fails reads just before SIGHUP arrives: give it a moment.
                std::thread::sleep(STOP_POLL);
                if stop_signal().is_none() {
                    return Err(e.into());
                }
            }
        }
    }
}

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
        // After a tick, draw again (the writer never makes a key wait).
        let Some(event) = next_event(app)? else {
            continue;
        };
        let action = app.action_for_event(&event);
        // Typing into the picker's filter works on the models' headers, so it need not wait
        // for the full library; anything else (opening a model, search) waits for it.
        let on_preview = matches!(app.context(), keymap::Context::Picker)
            && matches!(
                action,
                None | Some(
                    Action::Input(_)
                        | Action::DeleteChar
                        | Action::Up
                        | Action::Down
                        | Action::ScrollUp
                        | Action::ScrollDown
                )
            );
        if pending
            .as_ref()
            .is_some_and(|h| !on_preview || h.is_finished())
            && let Some(handle) = pending.take()
        {
            let ready = handle
                .join()
                .map_err(|_| anyhow::anyhow!("loading the trees failed unexpectedly"))??;
            app.replace_catalog(ready.catalog, ready.store);
        }
        if let Some(action) = action {
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
