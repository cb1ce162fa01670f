//! `lockdiag search QUERY`: the ranked nodes a caller's words lead to, across every model or
//! one. Text for people, JSON for scripts. Exits 1 when nothing matches (like grep), with a
//! shorter query to try.

use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use super::Format;
use crate::catalog::Catalog;
use crate::search::{Hit, SearchIndex};
use crate::tree::text::sanitize;

#[derive(Serialize)]
struct Row<'a> {
    rank: usize,
    model: &'a str,
    model_name: &'a str,
    node: &'a str,
    /// The tree the node is in: the model, or the shared procedure.
    tree: &'a str,
    kind: &'a str,
    title: &'a str,
    path: &'a [String],
    score: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    matched: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    explain: Vec<String>,
}

#[derive(Serialize)]
struct Output<'a> {
    query: &'a str,
    model: Option<&'a str>,
    total: usize,
    results: Vec<Row<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<String>,
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
    let query = query.join(" ");
    let scope = match model {
        None => None,
        Some(id) => match catalog.model_index(id) {
            Some(i) => Some(i),
            None => bail!(
                "there is no model '{id}'. Nearest ids: {}. 'lockdiag list' shows them all",
                catalog.nearest_models(id, 5).join(", ")
            ),
        },
    };
    let index = SearchIndex::new(catalog);
    let mut searcher = crate::search::Searcher::with_limit(limit);
    // The query is complete: a trailing space says its last word is not still being typed.
    let hits = searcher
        .update(&index, &format!("{query} "), scope)
        .to_vec();
    let total = searcher.total();
    let suggestion = if hits.is_empty() {
        index.suggest(&query, scope)
    } else {
        None
    };
    let rows: Vec<Row<'_>> = hits
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut r = row(catalog, i + 1, h);
            if explain {
                r.explain = index.explain(&query, h);
            }
            r
        })
        .collect();
    match format {
        Format::Json => {
            let out = Output {
                query: &query,
                model,
                total,
                results: rows,
                suggestion: suggestion.clone(),
            };
            super::print_json(&out)?;
        }
        Format::Text => print_text(&query, &rows, total, suggestion.as_deref()),
    }
    Ok(if hits.is_empty() {
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
        matched: h.snippet.as_ref().map(|s| s.text.as_str()),
        explain: Vec::new(),
    }
}

fn print_text(query: &str, rows: &[Row<'_>], total: usize, suggestion: Option<&str>) {
    let query = sanitize(query);
    if rows.is_empty() {
        println!("No results for \"{query}\".");
        match suggestion {
            Some(s) => println!("Try a shorter query: lockdiag search \"{}\"", sanitize(s)),
            None => println!("Try a shorter query, with fewer or simpler words."),
        }
        return;
    }
    let shown = if total > rows.len() {
        format!("best {} of {total}", rows.len())
    } else {
        total.to_string()
    };
    println!("{shown} result(s) for \"{query}\":");
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
        if let Some(m) = r.matched {
            println!("     matched: {}", sanitize(m));
        }
        for line in &r.explain {
            println!("     - {}", sanitize(line));
        }
    }
}
