//! The command line: arguments (clap) and the non-interactive commands. Errors reach the user
//! through anyhow here, at the edge.

mod author;
mod check;
mod export;
pub mod interactive;
mod list;
mod search;
mod sessions;
mod stats;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::{Catalog, load_library_for_app};
use crate::sanitize::{sanitize_json, sanitize_lines};
use crate::store::StoreSpec;

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
    /// Where case sessions are saved (default: $LOCKDIAG_DATA, else $XDG_DATA_HOME/lockdiag, else ~/.local/share/lockdiag).
    // LOCKDIAG_DATA is read in `run`, not by clap: clap counts a value from the environment as
    // given, and its usage lines would then show `--data-dir <DIR>` as if it were required.
    #[arg(long = "data-dir", value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Keep cases in this shared PostgreSQL database instead (postgresql://USER@HOST/DB?sslmode=require, or key=value); PGPASSWORD and ~/.pgpass work as with psql.
    #[arg(
        long = "store",
        value_name = "URL",
        global = true,
        env = "LOCKDIAG_STORE",
        hide_env_values = true
    )]
    pub store: Option<String>,
    /// Who is taking the calls, recorded with every step (default: the login name).
    #[arg(long, value_name = "NAME", env = "LOCKDIAG_AGENT")]
    pub agent: Option<String>,
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
    /// Draw a model's tree as a graph (Graphviz DOT or Mermaid), shared procedures as clusters.
    Graph {
        /// Model (or guide) id.
        model: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: author::GraphArg,
        /// Write to this file instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Write a starter tree that already passes `check`, with comments saying what to fill in.
    New {
        /// The new model's id, such as `acme-keypad-100`.
        model_id: String,
        /// Brand.
        #[arg(long)]
        brand: Option<String>,
        /// Model name.
        #[arg(long)]
        name: Option<String>,
        /// Where to write it (default: MODEL_ID.yaml in this folder).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
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
    /// Search every model's nodes for what a caller said; prints the ranked nodes with their paths.
    Search {
        /// What the caller said, e.g. "the keypad lights up but the bolt doesn't move"; `-` reads
        /// the message (a pasted chat of several lines) from standard input.
        #[arg(required = true, num_args = 1.., value_parser = non_blank)]
        query: Vec<String>,
        /// Search only this model's nodes.
        #[arg(long, value_name = "ID")]
        model: Option<String>,
        /// Show at most this many results.
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = at_least_one)]
        limit: usize,
        /// Show how the message was read: the lock named, any danger, each idea and its terms.
        #[arg(long)]
        explain: bool,
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
    /// List the saved case sessions: id, when, model, outcome, case reference, agents.
    Sessions {
        /// Only sessions in which this agent recorded a step.
        #[arg(long, value_name = "NAME")]
        agent: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Export a saved session (the latest by default) for a ticket, a locksmith or a script.
    Export {
        /// Case reference or session id (see 'lockdiag sessions'); the latest when left out.
        id: Option<String>,
        /// md: transcript and locksmith card; json: the full session; text: plain text.
        #[arg(long, value_enum, default_value_t)]
        format: export::ExportFormat,
        /// Write to this file instead of stdout (a new file; see --force).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the --output file if it exists (never the session store).
        #[arg(long)]
        force: bool,
    },
    /// Outcome statistics from the saved sessions: per model and outcome, remedies that fail, where walks stop, nodes never visited, median time to an outcome.
    Stats {
        /// Only sessions started on or after this date (YYYY-MM-DD, UTC).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only sessions of this model.
        #[arg(long, value_name = "ID")]
        model: Option<String>,
        /// Only sessions in which this agent recorded a step.
        #[arg(long, value_name = "NAME")]
        agent: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Reopen a saved case in the app where it stopped: by case reference or session id, from any machine on the same store (the latest by default).
    Resume {
        /// Case reference or session id (see 'lockdiag sessions'); the latest when left out.
        reference: Option<String>,
        /// Who is taking the case over (default: LOCKDIAG_AGENT, else the login name).
        #[arg(long, value_name = "NAME", env = "LOCKDIAG_AGENT")]
        agent: Option<String>,
    },
}

/// Loads the library (built-in plus `--trees`) for use, printing notes and diagnostics to
/// stderr. Every file is parsed and checked; the embedded trees' path tests, which `cargo test`
/// runs, are skipped. Fails when the library has errors.
pub fn load_catalog(extra: &[PathBuf]) -> Result<Catalog> {
    let loaded = load_library_for_app(extra);
    for note in &loaded.notes {
        eprintln!("note: {}", sanitize_lines(note));
    }
    for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{d}");
    }
    let warnings = loaded.diagnostics.iter().filter(|d| !d.is_error()).count();
    if warnings > 0 && loaded.catalog.is_some() {
        eprintln!("note: the trees have {warnings} warning(s); 'lockdiag check' lists them");
    }
    match loaded.catalog {
        Some(c) => Ok(c),
        None => bail!(
            "the trees have errors (listed above); fix them or run 'lockdiag check' for details"
        ),
    }
}

/// Prints `value` as pretty JSON, with every character that could drive a terminal escaped
/// (the data read back is the same).
pub(crate) fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    println!("{}", sanitize_json(&serde_json::to_string_pretty(value)?));
    Ok(())
}

/// A search word that is not blank (`search ""` is an argument error, not "no results").
fn non_blank(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("the query is empty: give the words the caller used".into())
    } else {
        Ok(s.to_string())
    }
}

/// A count of at least one (`--limit 0` would print nothing).
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("'{s}' is not a number: {e}")),
    }
}

/// Runs the parsed command line and returns the exit status.
pub fn run(mut cli: Cli) -> Result<ExitCode> {
    if cli.data_dir.is_none() {
        cli.data_dir = std::env::var_os("LOCKDIAG_DATA")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
    }
    let spec = StoreSpec {
        url: cli.store.clone(),
        data_dir: cli.data_dir.clone(),
        agent: cli.agent.clone(),
    };
    match cli.command {
        Some(Command::Check { paths, format }) => check::run(&paths, &cli.trees, format),
        Some(Command::List { format }) => list::run(&load_catalog(&cli.trees)?, format),
        Some(Command::Graph {
            model,
            format,
            output,
        }) => author::graph(
            &load_catalog(&cli.trees)?,
            &model,
            format,
            output.as_deref(),
        ),
        Some(Command::New {
            model_id,
            brand,
            name,
            output,
            force,
        }) => author::new_tree(
            &model_id,
            brand.as_deref(),
            name.as_deref(),
            output.as_deref(),
            force,
        ),
        Some(Command::Search {
            query,
            model,
            limit,
            explain,
            format,
        }) => search::run(
            &load_catalog(&cli.trees)?,
            &query,
            model.as_deref(),
            limit,
            explain,
            format,
        ),
        Some(Command::Walk {
            model,
            answers,
            format,
        }) => walk::run(&load_catalog(&cli.trees)?, &model, &answers, format),
        Some(Command::Sessions { agent, format }) => sessions::run(&spec, agent.as_deref(), format),
        Some(Command::Export {
            id,
            format,
            output,
            force,
        }) => export::run(
            &load_catalog(&cli.trees)?,
            &spec,
            id.as_deref(),
            format,
            output.as_deref().map(|o| (o, force)),
        ),
        Some(Command::Stats {
            since,
            model,
            agent,
            format,
        }) => stats::run(
            &load_catalog(&cli.trees)?,
            &spec,
            since.as_deref(),
            model.as_deref(),
            agent.as_deref(),
            format,
        ),
        Some(Command::Resume { reference, agent }) => {
            let spec = StoreSpec { agent, ..spec };
            interactive::resume(&cli.trees, reference.as_deref(), &spec)
        }
        None => interactive::open(&cli.trees, cli.model.as_deref(), &spec),
    }
}
