//! The `lockdiag` binary: parse arguments, run the command, and turn errors into a message
//! and an exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = lockdiag::cli::Cli::parse();
    match lockdiag::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lockdiag: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Rust ignores SIGPIPE, so `lockdiag list | head` would panic on a closed pipe. Restore the
/// default: the process ends quietly when the reader goes away, like other command-line tools.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: called first thing in main, before any thread exists; setting a signal's
    // disposition to the default has no other preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
