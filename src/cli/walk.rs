//! `lockdiag walk`: the scripting interface; answers in, where the walk stands out.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::Format;
use crate::catalog::Catalog;
use crate::report::{walk_text, walk_view};
use crate::sanitize::{sanitize, sanitize_lines};
use crate::session::Session;

/// The tree index of a model or guide id, or an error listing the nearest model ids.
pub fn resolve_tree(catalog: &Catalog, id: &str) -> Result<usize> {
    if let Some(i) = catalog.model_index(id).or_else(|| catalog.guide_index(id)) {
        return Ok(i);
    }
    let near = catalog.nearest_models(id, 5);
    bail!(
        "there is no model '{id}'. Nearest ids: {}. 'lockdiag list' shows them all",
        near.join(", ")
    )
}

/// Walks `model` with `answers` and prints where it stands. A bad answer exits with status 2.
pub fn run(catalog: &Catalog, model: &str, answers: &[String], format: Format) -> Result<ExitCode> {
    let tree = resolve_tree(catalog, model)?;
    let mut session = Session::start(catalog, tree)?;
    for (i, given) in answers.iter().enumerate() {
        let applied = session
            .parse_answer(catalog, given)
            .and_then(|a| session.answer(catalog, a));
        if let Err(e) = applied {
            let node = session.node(catalog);
            eprintln!(
                "lockdiag: error: answer {} '{}' does not fit at '{}' ({}): {}",
                i + 1,
                sanitize(given),
                sanitize(&node.id),
                sanitize(&node.title),
                sanitize_lines(&e.to_string())
            );
            return Ok(ExitCode::from(2));
        }
    }
    match format {
        Format::Json => super::print_json(&walk_view(catalog, &session))?,
        Format::Text => print!("{}", sanitize_lines(&walk_text(catalog, &session))),
    }
    Ok(ExitCode::SUCCESS)
}
