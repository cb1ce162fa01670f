//! Commands for tree authors: `graph` (DOT or Mermaid) and `new` (a starter tree).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use clap::ValueEnum;

use super::walk::resolve_tree;
use crate::catalog::Catalog;
use crate::export::{Target, WriteError, write_export};
use crate::graph::{GraphFormat, render};
use crate::sanitize::{first_unsafe, sanitize, sanitize_lines};
use crate::starter::starter_tree;
use crate::tree::validate::MAX_TITLE_CHARS;

/// Graph output format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum GraphArg {
    /// Graphviz DOT (render with `dot -Tsvg`).
    #[default]
    Dot,
    /// Mermaid flowchart (renders in Markdown on most code hosts).
    Mermaid,
}

/// Writes `text` to `output` (replacing a file there when `replace`), or to stdout when there
/// is none. Through [`write_export`]: never through a symlink in the file's place.
fn emit(text: &str, output: Option<&Path>, replace: bool) -> Result<()> {
    match output {
        Some(p) => {
            let target = Target {
                replace,
                store: None,
            };
            write_export(p, text, target).map_err(|e| match e {
                WriteError::Exists { .. } => {
                    anyhow!("{e}; choose another --output, or add --force to overwrite it")
                }
                e => anyhow!("{e}"),
            })
        }
        None => {
            print!("{}", sanitize_lines(text));
            Ok(())
        }
    }
}

/// Refuses a `--brand` or `--name` that would make a starter tree `check` rejects: empty,
/// too long, or with a quote, backslash (both would change the YAML string), control
/// character, bidi override or invisible character.
fn check_field(flag: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        bail!("--{flag} is empty; give it as it is printed on the lock or its box");
    }
    if value.contains(['"', '\\']) || first_unsafe(value, false).is_some() {
        bail!("--{flag} may not contain quotes, backslashes, control characters or bidi overrides");
    }
    let n = value.chars().count();
    if n > MAX_TITLE_CHARS {
        bail!("--{flag} is {n} characters; the limit is {MAX_TITLE_CHARS}");
    }
    Ok(())
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
    emit(&render(catalog, tree, format), output, true)?;
    if let Some(p) = output {
        // As `export` does: say what was written, and where.
        eprintln!(
            "wrote {} ({word} graph of '{}')",
            crate::sanitize::sanitize(&p.display().to_string()),
            crate::sanitize::sanitize(&catalog.trees[tree].id)
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
    check_field("brand", brand)?;
    check_field("name", name)?;
    let path: PathBuf =
        output.map_or_else(|| PathBuf::from(format!("{id}.yaml")), Path::to_path_buf);
    if let Some(builtin) = crate::catalog::builtin_preview()
        && let Some(i) = builtin.model_index(id)
    {
        eprintln!(
            "warning: a built-in model already has the id '{id}' ({}); loaded with --trees, this file replaces it. Choose another id unless you mean to replace it.",
            builtin.trees[i].title()
        );
    }
    emit(&starter_tree(id, brand, name, &today()), Some(&path), force)?;
    let shown = sanitize(&path.display().to_string());
    eprintln!("wrote {shown}; next: fill it in, then run 'lockdiag check {shown}'");
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
