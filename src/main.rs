//! The `lockdiag` binary: parse arguments, run the command, and turn errors into a message
//! and an exit status.

use std::process::ExitCode;

use clap::Parser;
use lockdiag::sanitize::sanitize_lines;

fn main() -> ExitCode {
    restore_default_sigpipe();
    tidy_env();
    let cli = match lockdiag::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    match lockdiag::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // Errors quote arguments, paths and tree values: through the sanitiser.
            eprintln!("lockdiag: error: {}", sanitize_lines(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// Ends on a clap error, help or version. Clap quotes the arguments it refuses, so when its
/// message holds a character that could drive the terminal it is printed plain, through the
/// sanitiser; otherwise clap prints it as usual (in colour on a terminal).
fn clap_exit(e: &clap::Error) -> ExitCode {
    let plain = e.render().to_string();
    let safe = sanitize_lines(&plain);
    if safe == plain {
        e.exit();
    }
    if e.use_stderr() {
        eprint!("{safe}");
    } else {
        print!("{safe}");
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// An empty `LOCKDIAG_TREES` or `LOCKDIAG_DATA` means unset, and empty parts of the trees
/// list (`a::b`, a stray `:` at either end) are skipped, rather than clap refusing every
/// command with "a value is required".
fn tidy_env() {
    for (name, list) in [("LOCKDIAG_TREES", true), ("LOCKDIAG_DATA", false)] {
        let Some(value) = std::env::var_os(name) else {
            continue;
        };
        let tidied = if list {
            let parts: Vec<&[u8]> = value
                .as_encoded_bytes()
                .split(|b| *b == b':')
                .filter(|p| !p.is_empty())
                .collect();
            parts.join(&b':')
        } else {
            value.as_encoded_bytes().to_vec()
        };
        if !tidied.is_empty() && tidied.as_slice() == value.as_encoded_bytes() {
            continue;
        }
        // SAFETY: called first thing in main, before any thread exists, so nothing reads the
        // environment while it changes.
        unsafe {
            if tidied.is_empty() {
                std::env::remove_var(name);
            } else {
                // SAFETY (encoding): `tidied` is `value` with some ':' bytes and the empty
                // parts between them removed, so it is still the platform's encoding.
                std::env::set_var(name, std::ffi::OsStr::from_encoded_bytes_unchecked(&tidied));
            }
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
