//! `lockdiag export [ID]`: a saved session (the latest by default) as a Markdown transcript,
//! JSON, or plain text, to stdout or a file.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::ValueEnum;

use crate::catalog::Catalog;
use crate::export::{Format, Target, WriteError, render, save};
use crate::sanitize::{sanitize, sanitize_lines};
use crate::store::{Store, StoreSpec, data_dir};

/// The formats of `lockdiag export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ExportFormat {
    /// Markdown transcript for a ticket, with the locksmith card.
    #[default]
    Md,
    /// The full session as JSON (schema: docs/session-json.md).
    Json,
    /// Plain text transcript with the locksmith card.
    Text,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Md => Self::Md,
            ExportFormat::Json => Self::Json,
            ExportFormat::Text => Self::Text,
        }
    }
}

/// Exports the session with case reference or id `reference` (the latest when `None`), to
/// stdout or to `output` (a file, and whether it may be replaced).
pub fn run(
    catalog: &Catalog,
    spec: &StoreSpec,
    reference: Option<&str>,
    format: ExportFormat,
    output: Option<(&Path, bool)>,
) -> Result<ExitCode> {
    let store = Store::open_spec_read(spec)?.ok_or_else(|| {
        let dir = data_dir(spec.data_dir.as_deref())
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        anyhow!("there are no sessions in {dir} yet")
    })?;
    let id = reference.map(|r| store.find(r)).transpose()?;
    let (case, report) = store.load_case(catalog, id)?;
    if let Some(m) = report.message() {
        eprintln!(
            "note: session {}: {}",
            case.id().map_or_else(String::new, |i| i.to_string()),
            sanitize_lines(&m)
        );
    }
    match output {
        Some((path, replace)) => {
            let target = Target {
                replace,
                store: store.path(),
            };
            save(catalog, &case, format.into(), path, target).map_err(|e| match e {
                WriteError::Exists { .. } => {
                    anyhow!("{e}; choose another --output, or add --force to replace it")
                }
                e => anyhow!("{e}"),
            })?;
            eprintln!("wrote {}", sanitize(&path.display().to_string()));
        }
        None => print!("{}", render(catalog, &case, format.into())),
    }
    Ok(ExitCode::SUCCESS)
}
