//! The command line: arguments (clap) and the non-interactive commands. Errors reach the user
//! through anyhow here, at the edge.

mod check;
mod list;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::{Catalog, load_library};

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(
    name = "lockdiag",
    version,
    about = "Diagnose smart-lock problems, step by step, in the terminal"
)]
pub struct Cli {
    /// Add a folder (or file) of trees; repeatable. A model with the same id as a built-in one replaces it.
    #[arg(
        long = "trees",
        value_name = "DIR",
        global = true,
        env = "LOCKDIAG_TREES",
        value_delimiter = ':'
    )]
    pub trees: Vec<PathBuf>,
    /// Open this model's tree directly.
    #[arg(long, value_name = "ID")]
    pub model: Option<String>,
    /// What to do; with none, the interactive app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output format for commands that print data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Text for people.
    #[default]
    Text,
    /// JSON for scripts.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the built-in library, or the given files and folders (with the built-in library as context).
    Check {
        /// Files or folders to check.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// List the models: id, brand, name, origin and node counts.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Walk a tree without the interactive app, answer by answer.
    Walk {
        /// Model (or guide) id.
        model: String,
        /// An answer: a choice number (1-based) or label; at a remedy, yes or no. Repeatable.
        #[arg(long = "answer", short = 'a', value_name = "A")]
        answers: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// Loads the library (built-in plus `--trees`), printing notes and diagnostics to stderr.
/// Fails when the library has errors.
pub fn load_catalog(extra: &[PathBuf]) -> Result<Catalog> {
    let loaded = load_library(true, extra);
    for note in &loaded.notes {
        eprintln!("note: {note}");
    }
    for d in &loaded.diagnostics {
        eprintln!("{d}");
    }
    match loaded.catalog {
        Some(c) => Ok(c),
        None => bail!(
            "the trees have errors (listed above); fix them or run 'lockdiag check' for details"
        ),
    }
}

/// Runs the parsed command line and returns the exit status.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Check { paths, format }) => check::run(&paths, &cli.trees, format),
        Some(Command::List { format }) => list::run(&load_catalog(&cli.trees)?, format),
        Some(Command::Walk {
            model,
            answers,
            format,
        }) => walk::run(&load_catalog(&cli.trees)?, &model, &answers, format),
        None => {
            let catalog = load_catalog(&cli.trees)?;
            let tree = match &cli.model {
                Some(id) => Some(walk::resolve_tree(&catalog, id)?),
                None => None,
            };
            crate::tui::run(catalog, tree)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
