//! `lockdiag list`: one row per model with its origin and node counts by kind.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::Format;
use crate::catalog::Catalog;
use crate::sanitize::sanitize;
use crate::tree::NodeKind;

#[derive(Serialize)]
struct Row {
    id: String,
    brand: String,
    name: String,
    #[serde(skip)]
    full_name: String,
    origin: String,
    questions: usize,
    remedies: usize,
    resolved: usize,
    locksmith: usize,
    manufacturer: usize,
    emergency: usize,
}

/// Node counts by kind of tree `tree` and of every shared procedure it uses (directly or
/// through another procedure), each procedure counted once: so the safety check's emergency
/// outcomes count for every model that starts with it.
fn counts_with_procedures(
    catalog: &Catalog,
    tree: usize,
) -> std::collections::BTreeMap<NodeKind, usize> {
    let mut seen = vec![false; catalog.trees.len()];
    let mut todo = vec![tree];
    let mut counts = std::collections::BTreeMap::new();
    while let Some(t) = todo.pop() {
        if std::mem::replace(&mut seen[t], true) {
            continue;
        }
        for (kind, n) in catalog.trees[t].counts() {
            *counts.entry(kind).or_insert(0) += n;
        }
        for node in &catalog.trees[t].nodes {
            if let crate::tree::NodeBody::Procedure { procedure, .. } = &node.body {
                todo.push(*procedure);
            }
        }
    }
    counts
}

/// Prints the models.
pub fn run(catalog: &Catalog, format: Format) -> Result<ExitCode> {
    let rows: Vec<Row> = catalog
        .models_sorted()
        .into_iter()
        .filter_map(|i| {
            let t = &catalog.trees[i];
            let m = t.model()?;
            let c = counts_with_procedures(catalog, i);
            let n = |k| c.get(&k).copied().unwrap_or(0);
            Some(Row {
                id: t.id.clone(),
                brand: m.brand.clone(),
                name: m.name.clone(),
                full_name: sanitize(&m.full_name()),
                origin: sanitize(&t.origin.describe()),
                questions: n(NodeKind::Question),
                remedies: n(NodeKind::Remedy),
                resolved: n(NodeKind::Resolved),
                locksmith: n(NodeKind::Locksmith),
                manufacturer: n(NodeKind::Manufacturer),
                emergency: n(NodeKind::Emergency),
            })
        })
        .collect();
    if format == Format::Json {
        super::print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ids: Vec<String> = rows.iter().map(|r| sanitize(&r.id)).collect();
    let idw = ids.iter().map(String::len).max().unwrap_or(2).max(2);
    let namew = rows
        .iter()
        .map(|r| r.full_name.chars().count())
        .max()
        .unwrap_or(4)
        .max(5);
    println!(
        "{:idw$}  {:namew$}  {:>3} {:>3} {:>3} {:>3} {:>3} {:>3}  ORIGIN",
        "ID", "MODEL", "Q", "REM", "OK", "LS", "MFR", "EMG"
    );
    for (r, id) in rows.iter().zip(&ids) {
        println!(
            "{:idw$}  {:namew$}  {:>3} {:>3} {:>3} {:>3} {:>3} {:>3}  {}",
            id,
            r.full_name.clone(),
            r.questions,
            r.remedies,
            r.resolved,
            r.locksmith,
            r.manufacturer,
            r.emergency,
            r.origin
        );
    }
    println!(
        "{} models (Q questions, REM remedies, OK resolved, LS locksmith, MFR manufacturer, EMG emergency; counts include the shared procedures a model uses)",
        rows.len()
    );
    Ok(ExitCode::SUCCESS)
}
