//! The `lockdiag` binary: parse arguments, run the command, and turn errors into a message
//! and an exit status.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = lockdiag::cli::Cli::parse();
    match lockdiag::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lockdiag: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
