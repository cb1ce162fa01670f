//! lockdiag: diagnose smart-lock problems with validated decision trees.
//!
//! Map of the modules (the domain modules know nothing about the terminal):
//! - [`tree`]: the YAML tree format, loading under budgets, per-file validation, whole-library
//!   analysis, the clean walked form, and the `Catalog` of trees with lookups by id.
//! - [`catalog`]: loading the catalog with `load_library` (embedded trees plus `--trees`
//!   folders, one parse and build for all), and the path tests written in tree files.
//! - [`session`]: a walk: position, answers, Back that keeps work, abandoned branches.
//! - [`report`]: plain-text and JSON views of where a walk stands (used by `walk`).
//! - [`store`]: case sessions: the `Case` (walk, notes, case reference, event log), replay, SQLite.
//! - [`export`]: a case as a Markdown or text transcript with the locksmith card, JSON, OSC 52.
//! - [`graph`], [`starter`]: for tree authors: DOT/Mermaid pictures and the `new` template.
//! - [`stats`]: outcome statistics over saved sessions (`lockdiag stats`).
//! - [`search`]: finds nodes of every model from a caller's words (typos, synonyms, any order).
//! - [`sanitize`]: the one sanitiser every string shown in a terminal goes through.
//! - [`synth`]: synthetic libraries of any size, for benchmarks and scale tests.
//! - [`cli`]: the command-line interface (clap) and its non-interactive commands.
//! - [`tui`]: the terminal app; turns state into frames and keys into actions, nothing more.

pub mod catalog;
pub mod cli;
pub mod export;
pub mod graph;
pub mod report;
pub mod sanitize;
pub mod search;
pub mod session;
pub mod starter;
pub mod stats;
pub mod store;
pub mod synth;
pub mod tree;
pub mod tui;
