//! `lockdiag stats`: outcome statistics from the sessions store.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Format;
use crate::catalog::Catalog;
use crate::stats::{Filter, Stats, compute, parse_date};
use crate::store::{Store, StoreSpec};
use crate::tree::text::sanitize;

/// Reads every session in the store and prints the figures.
pub fn run(
    catalog: &Catalog,
    spec: &StoreSpec,
    since: Option<&str>,
    model: Option<&str>,
    agent: Option<&str>,
    format: Format,
) -> Result<ExitCode> {
    let since_text = since;
    let since = match since {
        Some(s) => match parse_date(s) {
            Some(t) => Some(t),
            None => bail!("'--since {s}' is not a date: use YYYY-MM-DD"),
        },
        None => None,
    };
    let rows = match Store::open_spec_read(spec)? {
        Some(store) => store
            .list_by(agent)?
            .into_iter()
            .map(|row| {
                let stored = store.load(row.id).map_err(|e| e.to_string());
                (row, stored)
            })
            .collect(),
        None => Vec::new(),
    };
    if let Some(m) = model
        && catalog.model_index(m).is_none()
        && catalog.guide_index(m).is_none()
        && !rows
            .iter()
            .any(|(row, _): &(crate::store::Listed, _)| row.model == m)
    {
        // Not a model of the library, nor of any saved session.
        super::walk::resolve_tree(catalog, m)?;
    }
    let saved = rows.len();
    let stats = compute(
        catalog,
        &rows,
        &Filter {
            since,
            model: model.map(str::to_string),
            agent: agent.map(str::to_string),
        },
    );
    match format {
        Format::Json => super::print_json(&stats)?,
        Format::Text if stats.sessions == 0 && saved > 0 => {
            let mut filter = Vec::new();
            if let Some(s) = since_text {
                filter.push(format!("--since {s}"));
            }
            if let Some(m) = model {
                filter.push(format!("--model {m}"));
            }
            println!(
                "No saved session matches the filter ({}); {saved} session(s) are saved in all.",
                crate::sanitize::sanitize(&filter.join(", "))
            );
        }
        Format::Text => print!("{}", crate::sanitize::sanitize_lines(&text(&stats))),
    }
    Ok(ExitCode::SUCCESS)
}

fn text(s: &Stats) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{} session(s)", s.sessions);
    if s.sessions == 0 {
        out.push_str("Nothing to count yet: walks are saved as they happen, in the TUI.\n");
        return out;
    }
    let _ = writeln!(out, "\nBy model:");
    for (m, n) in &s.per_model {
        let _ = writeln!(out, "  {n:>5}  {m}");
    }
    let _ = writeln!(out, "\nBy outcome:");
    for (o, n) in &s.per_outcome {
        let _ = writeln!(out, "  {n:>5}  {o}");
    }
    if !s.per_agent.is_empty() {
        let _ = writeln!(out, "\nBy agent (sessions they took part in):");
        for (a, n) in &s.per_agent {
            let _ = writeln!(out, "  {n:>5}  {}", sanitize(a));
        }
    }
    let _ = writeln!(out, "\nRemedies tried (failed / tried):");
    for r in s.remedies.iter().take(15) {
        let _ = writeln!(
            out,
            "  {:>3} / {:<3}  {}  ({})",
            r.failed, r.tried, r.title, r.node
        );
    }
    let _ = writeln!(out, "\nWhere unfinished walks stopped:");
    for (node, n) in s.abandoned_at.iter().take(15) {
        let _ = writeln!(out, "  {n:>5}  {node}");
    }
    let _ = writeln!(out, "\nNodes never visited:");
    for (m, nodes) in &s.never_visited {
        let _ = writeln!(out, "  {m}: {} node(s)", nodes.len());
    }
    match s.median_seconds_to_outcome {
        Some(t) => {
            let _ = writeln!(
                out,
                "\nMedian time to an outcome: {}m {:02}s",
                t / 60,
                t % 60
            );
        }
        None => out.push_str("\nMedian time to an outcome: no finished walks\n"),
    }
    for (id, why) in &s.unreadable {
        let _ = writeln!(out, "warning: session {id} could not be read: {why}");
    }
    out
}
