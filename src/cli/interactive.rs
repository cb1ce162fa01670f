//! Opening the terminal app: a fresh walk (`lockdiag`, `--model`) or a saved one (`resume`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};

use super::{load_catalog, walk::resolve_tree};
use crate::store::{LiveCase, Store, data_dir};
use crate::tui::{self, App, theme::Theme};

/// `lockdiag [--model ID]`: the picker, or that model's tree.
pub fn open(trees: &[PathBuf], model: Option<&str>, data: Option<&Path>) -> Result<ExitCode> {
    tui::require_terminal()?;
    let catalog = load_catalog(trees)?;
    let tree = model.map(|id| resolve_tree(&catalog, id)).transpose()?;
    let store = Some(data_dir(data).and_then(|d| Store::open(&d)));
    let app = match tree {
        Some(t) => App::with_tree(catalog, Theme::from_env(), store, t)?,
        None => App::new(catalog, Theme::from_env(), store),
    };
    tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}

/// `lockdiag resume [ID]`: reopens a saved session where it stopped (the latest by default),
/// replaying the answers that still apply if the tree changed.
pub fn resume(trees: &[PathBuf], id: Option<i64>, data: Option<&Path>) -> Result<ExitCode> {
    tui::require_terminal()?;
    let catalog = load_catalog(trees)?;
    let dir = data_dir(data)?;
    let Some(store) = Store::open_existing(&dir)? else {
        bail!("there are no saved sessions in {} yet", dir.display());
    };
    let (live, report) = LiveCase::resume(&catalog, store, id)?;
    let app = App::resumed(catalog, Theme::from_env(), live, report.message());
    tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}
