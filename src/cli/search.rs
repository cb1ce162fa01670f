//! `lockdiag search MESSAGE`: the ranked nodes a caller's words lead to, across every model or
//! one. Text for people, JSON for scripts. `-` reads the message from standard input. Exits 1
//! when nothing matches (like grep), 2 when there is no message at all.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::Format;
use crate::catalog::Catalog;
use crate::search::{Hit, Reason, SearchIndex};
use crate::tree::text::sanitize;

#[derive(Serialize)]
struct Row<'a> {
    rank: usize,
    model: &'a str,
    model_name: &'a str,
    node: &'a str,
    /// The tree the node is in: the model, the shared procedure, or the guide.
    tree: &'a str,
    kind: &'a str,
    title: &'a str,
    path: &'a [String],
    score: i64,
    /// The words of the message this result matched.
    words: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    matched: Option<&'a str>,
    /// Why it is here: words, danger (with the words that set it off), which-lock, identify.
    reason: &'a Reason,
}

#[derive(Serialize)]
struct Output<'a> {
    query: &'a str,
    model: Option<&'a str>,
    total: usize,
    results: Vec<Row<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    explain: Vec<String>,
}

/// The message: the words given, or standard input for `-`.
fn message(query: &[String]) -> Result<String> {
    if query.len() == 1 && query[0] == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(1 << 20)
            .read_to_string(&mut s)
            .context("reading the message from standard input")?;
        return Ok(s);
    }
    Ok(query.join(" "))
}

/// Searches and prints the results.
pub fn run(
    catalog: &Catalog,
    query: &[String],
    model: Option<&str>,
    limit: usize,
    explain: bool,
    format: Format,
) -> Result<ExitCode> {
    let query = message(query)?;
    if query.trim().is_empty() {
        eprintln!(
            "error: the message is empty: give the caller's words, or - to read them from standard input"
        );
        return Ok(ExitCode::from(2));
    }
    let scope = match model {
        None => None,
        Some(id) => match catalog.model_index(id) {
            Some(i) => Some(i),
            None => bail!(
                "there is no model '{}'. Nearest ids: {}. 'lockdiag list' shows them all",
                sanitize(id),
                catalog.nearest_models(id, 5).join(", ")
            ),
        },
    };
    let index = SearchIndex::new(catalog);
    let results = index.search(catalog, &query, scope, limit);
    let rows: Vec<Row<'_>> = results
        .hits
        .iter()
        .enumerate()
        .map(|(i, h)| row(catalog, i + 1, h))
        .collect();
    let explained = if explain {
        index.explain(&query)
    } else {
        Vec::new()
    };
    match format {
        Format::Json => {
            let out = Output {
                query: &query,
                model,
                total: results.total,
                results: rows,
                explain: explained,
            };
            super::print_json(&out)?;
        }
        Format::Text => print_text(&query, &rows, results.total, &explained),
    }
    Ok(if results.hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn row<'a>(catalog: &'a Catalog, rank: usize, h: &'a Hit) -> Row<'a> {
    let tree = catalog
        .trees
        .get(h.pos().tree)
        .map_or("", |t| t.id.as_str());
    Row {
        rank,
        model: &h.model_id,
        model_name: &h.model_name,
        node: &h.node_id,
        tree,
        kind: h.kind.keyword(),
        title: &h.title,
        path: &h.path,
        score: h.score,
        words: &h.words,
        matched: h.snippet.as_ref().map(|s| s.text.as_str()),
        reason: &h.reason,
    }
}

fn print_text(query: &str, rows: &[Row<'_>], total: usize, explain: &[String]) {
    let one_line: String = query.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown_query: String = sanitize(&one_line).chars().take(80).collect();
    for line in explain {
        println!("explain: {}", sanitize(line));
    }
    if rows.is_empty() {
        println!("No results for \"{shown_query}\".");
        println!(
            "None of its words is in any tree: describe what the lock does (\"keypad dead\", \"key won't turn\")."
        );
        return;
    }
    println!(
        "{total} node(s) match \"{shown_query}\"; the best {}:",
        rows.len()
    );
    for r in rows {
        let node = if r.tree == r.model {
            r.node.to_string()
        } else {
            format!("{}/{}", r.tree, r.node)
        };
        println!();
        println!(
            "{:>3}. {}  [{} {}]  score {}",
            r.rank,
            sanitize(r.title),
            r.kind,
            sanitize(&node),
            r.score
        );
        if let Reason::Danger { words, .. } = r.reason {
            println!(
                "     EMERGENCY, set off by: {}",
                sanitize(&words.join(", "))
            );
        }
        if let Reason::WhichLock { candidates } = r.reason {
            println!(
                "     the message names different locks: {}",
                sanitize(&candidates.join(", "))
            );
        }
        println!(
            "     model: {} ({})",
            sanitize(r.model_name),
            sanitize(r.model)
        );
        let path: Vec<String> = r.path.iter().map(|l| sanitize(l)).collect();
        if path.is_empty() {
            println!("     path:  (start)");
        } else {
            println!("     path:  {}", path.join(" › "));
        }
        if !r.words.is_empty() {
            println!("     words: {}", sanitize(&r.words.join(", ")));
        }
        if let Some(m) = r.matched {
            println!("     matched: {}", sanitize(m));
        }
    }
}
