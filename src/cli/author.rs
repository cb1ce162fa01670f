//! Commands for tree authors: `graph` (DOT or Mermaid) and `new` (a starter tree).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::ValueEnum;

use super::walk::resolve_tree;
use crate::catalog::Catalog;
use crate::graph::{GraphFormat, render};
use crate::starter::starter_tree;

/// Graph output format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum GraphArg {
    /// Graphviz DOT (render with `dot -Tsvg`).
    #[default]
    Dot,
    /// Mermaid flowchart (renders in Markdown on most code hosts).
    Mermaid,
}

/// Writes `text` to `output`, or to stdout when there is none.
fn emit(text: &str, output: Option<&Path>) -> Result<()> {
    match output {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// `lockdiag graph MODEL`.
pub fn graph(
    catalog: &Catalog,
    model: &str,
    format: GraphArg,
    output: Option<&Path>,
) -> Result<ExitCode> {
    // Models and guides by id, and shared procedures too (`graph safety-first`).
    let procedure = catalog
        .trees
        .iter()
        .position(|t| t.id == model && matches!(t.kind, crate::tree::TreeKind::Procedure { .. }));
    let tree = match procedure {
        Some(t) => t,
        None => resolve_tree(catalog, model)?,
    };
    let (format, word) = match format {
        GraphArg::Dot => (GraphFormat::Dot, "Graphviz DOT"),
        GraphArg::Mermaid => (GraphFormat::Mermaid, "Mermaid"),
    };
    emit(&render(catalog, tree, format), output)?;
    if let Some(p) = output {
        // As `export` does: say what was written, and where.
        eprintln!(
            "wrote {} ({word} graph of '{}')",
            p.display(),
            catalog.trees[tree].id
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Today's date as `YYYY-MM-DD` (UTC).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::export::utc_date(secs)
}

/// `lockdiag new MODEL_ID`: writes a starter tree to `output` (default `MODEL_ID.yaml`).
pub fn new_tree(
    id: &str,
    brand: Option<&str>,
    name: Option<&str>,
    output: Option<&Path>,
    force: bool,
) -> Result<ExitCode> {
    let valid = !id.is_empty()
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if !valid {
        bail!(
            "model id '{id}' is not allowed: use lowercase letters, digits and '-', such as 'acme-keypad-100'"
        );
    }
    let brand = brand.unwrap_or("FILL IN brand");
    let name = name.unwrap_or("FILL IN name");
    if brand.contains('"')
        || name.contains('"')
        || brand.chars().chain(name.chars()).any(char::is_control)
    {
        bail!("brand and name may not contain quotes or control characters");
    }
    let path: PathBuf =
        output.map_or_else(|| PathBuf::from(format!("{id}.yaml")), Path::to_path_buf);
    if path.exists() && !force {
        bail!(
            "{} already exists; choose another --output, or add --force to overwrite it",
            path.display()
        );
    }
    if let Some(builtin) = crate::catalog::builtin_preview()
        && let Some(i) = builtin.model_index(id)
    {
        eprintln!(
            "warning: a built-in model already has the id '{id}' ({}); loaded with --trees, this file replaces it. Choose another id unless you mean to replace it.",
            builtin.trees[i].title()
        );
    }
    emit(&starter_tree(id, brand, name, &today()), Some(&path))?;
    eprintln!(
        "wrote {}; next: fill it in, then run 'lockdiag check {}'",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::today;

    #[test]
    fn today_is_a_date() {
        let t = today();
        assert_eq!(t.len(), 10);
        assert!(t.starts_with("20"));
        assert_eq!(&t[4..5], "-");
    }
}
