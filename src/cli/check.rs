//! `lockdiag check`: validate and report every problem, compiler style or as JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::Format;
use crate::catalog::load_library;

/// Runs the check; exit status 1 when any error was found.
pub fn run(paths: &[PathBuf], extra: &[PathBuf], format: Format) -> Result<ExitCode> {
    let mut all: Vec<PathBuf> = extra.to_vec();
    all.extend(paths.iter().cloned());
    let mut loaded = load_library(true, &all);
    if !paths.is_empty() {
        // The built-in library is context here: keep its errors (a user file can break it),
        // but not its warnings, which are not what the user asked about.
        let given: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        loaded
            .diagnostics
            .retain(|d| d.is_error() || given.iter().any(|g| d.file.starts_with(g.as_str())));
    }
    let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = loaded.diagnostics.len() - errors;
    match format {
        Format::Json => super::print_json(&loaded.diagnostics)?,
        Format::Text => {
            for note in &loaded.notes {
                eprintln!("note: {}", crate::sanitize::sanitize_lines(note));
            }
            for d in &loaded.diagnostics {
                println!("{d}");
            }
            let trees = loaded.catalog.as_ref().map_or(0, |c| c.trees.len());
            if errors == 0 {
                println!("ok: {trees} trees checked, {warnings} warning(s)");
            } else {
                println!("{errors} error(s), {warnings} warning(s)");
            }
        }
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
