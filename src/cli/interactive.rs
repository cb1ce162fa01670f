//! Opening the terminal app: a fresh walk (`lockdiag`, `--model`) or a saved one (`resume`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};

use super::{load_catalog, walk::resolve_tree};
use crate::catalog::{Catalog, builtin_preview, load_library_for_app};
use crate::store::spool::{SPOOL_FILE, Spool};
use crate::store::{LiveCase, Store, StoreError, StoreSpec};
use crate::tui::{self, App, Ready, theme::Theme};

/// `lockdiag [--model ID]`: the picker, or that model's tree.
pub fn open(trees: &[PathBuf], model: Option<&str>, spec: &StoreSpec) -> Result<ExitCode> {
    tui::require_terminal()?;
    // The picker's first frame needs only the models' headers: draw it from those, then load
    // the full library and open the store on another thread while the user reads it (the
    // loader prints nothing: the screen is the app's). Otherwise, everything loads first.
    if trees.is_empty()
        && model.is_none()
        && let Some(preview) = builtin_preview()
    {
        let spec = spec.clone();
        let loading: tui::Loading = Box::new(move || {
            let catalog = load_builtin_quietly()?;
            let store = Some(Store::open_spec(&spec));
            Ok(Ready { catalog, store })
        });
        let note = tui::run_loading(App::new(preview, Theme::from_env(), None), Some(loading))?;
        return Ok(farewell(note));
    }
    let catalog = load_catalog(trees)?;
    let tree = model.map(|id| resolve_tree(&catalog, id)).transpose()?;
    let store = Some(Store::open_spec(spec));
    let app = match tree {
        Some(t) => App::with_tree(catalog, Theme::from_env(), store, t)?,
        None => App::new(catalog, Theme::from_env(), store),
    };
    Ok(farewell(tui::run(app)?))
}

/// Prints what the app said on leaving (changes that were not saved, and where they were
/// kept instead), after the terminal is restored.
fn farewell(note: Option<String>) -> ExitCode {
    match note {
        Some(n) => {
            eprintln!("lockdiag: {}", crate::tree::text::sanitize(&n));
            ExitCode::from(3)
        }
        None => ExitCode::SUCCESS,
    }
}

/// `lockdiag resume [REF]`: reopens a saved case where it stopped, found by case reference
/// or session id (the latest by default), on any machine that uses the same store, replaying
/// the answers that still apply if the tree changed. A case another agent worked on last
/// opens with "Taken over from ANNA at 14:02 UTC".
pub fn resume(trees: &[PathBuf], reference: Option<&str>, spec: &StoreSpec) -> Result<ExitCode> {
    tui::require_terminal()?;
    let catalog = load_catalog(trees)?;
    let (live, message) = resume_case(&catalog, reference, spec)?;
    let app = App::resumed(catalog, Theme::from_env(), live, message);
    Ok(farewell(tui::run(app)?))
}

/// The case `resume` opens, with the message to show: found on the store by case reference or
/// id (the latest when `None`, see [`resumable`]). When the shared store cannot be reached,
/// the case as this machine's spool kept it (changes that could not be sent), saying so and
/// where it is kept; a case that only the server has cannot be opened until it is back, and
/// the error says that.
pub fn resume_case(
    catalog: &Catalog,
    reference: Option<&str>,
    spec: &StoreSpec,
) -> Result<(LiveCase, Option<String>)> {
    let store = match Store::open_spec_existing(spec) {
        Ok(Some(store)) => store,
        Ok(None) => {
            let dir = crate::store::data_dir(spec.data_dir.as_deref())?;
            bail!("there are no saved sessions in {} yet", dir.display());
        }
        Err(down @ StoreError::Unreachable { .. }) => {
            return resume_kept(catalog, reference, spec, &down);
        }
        Err(e) => return Err(e.into()),
    };
    let id = reference.map(|r| store.find(r)).transpose()?;
    let (live, message) = resumable(catalog, store, id)?;
    let message = [live.handover(), message]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(". ");
    Ok((live, (!message.is_empty()).then_some(message)))
}

/// `resume` while the shared store is down (`down` says why): the case the local spool kept.
fn resume_kept(
    catalog: &Catalog,
    reference: Option<&str>,
    spec: &StoreSpec,
    down: &StoreError,
) -> Result<(LiveCase, Option<String>)> {
    let store = Store::open_spec(spec)?;
    let place = store.place();
    let which = reference.map_or_else(|| "the latest case".to_string(), |r| format!("case '{r}'"));
    // Only a spool that exists is read (a command that finds nothing creates nothing).
    let kept = match store.local_dir().filter(|d| d.join(SPOOL_FILE).exists()) {
        Some(dir) => Spool::open(dir)?
            .find(&place, reference)?
            .map(|job| (job, dir.join(SPOOL_FILE))),
        None => None,
    };
    let Some((job, spool)) = kept else {
        bail!(
            "{down}. {which} is not kept on this machine (its spool holds only changes that \
             could not be sent), so it opens once {place} is back: try 'lockdiag resume' again \
             then. 'lockdiag' starts a new walk now; it is kept on this machine and sent when \
             the server is back"
        );
    };
    let (live, report) = LiveCase::resume_kept(catalog, store, &job)?;
    let label = job
        .summary
        .case_ref
        .as_deref()
        .map_or_else(|| "the last case".to_string(), |r| format!("case {r}"));
    let unsent = job.events.len().saturating_sub(job.from);
    let mut message = format!(
        "The case store {place} cannot be reached. Opened {label} as this machine kept it in {} \
         ({unsent} change(s) not on the server yet); changes are kept there and sent when the \
         server is back",
        spool.display()
    );
    if let Some(m) = report.message() {
        message.push_str(". ");
        message.push_str(&m);
    }
    Ok((live, Some(message)))
}

/// Opens session `id` (the latest when `None`) for `resume`, with the message to show. When the
/// session's model is no longer in the library, it says so and opens the newest earlier session
/// whose model is, rather than failing; it fails only when no saved session can be opened.
pub fn resumable(
    catalog: &Catalog,
    store: Store,
    id: Option<i64>,
) -> Result<(LiveCase, Option<String>)> {
    let wanted = store.pick(id)?;
    let has_model =
        |start: &str| catalog.model_index(start).is_some() || catalog.guide_index(start).is_some();
    let start = store.load(wanted)?.start_tree;
    if has_model(&start) {
        let (live, report) = LiveCase::resume(catalog, store, Some(wanted))?;
        return Ok((live, report.message()));
    }
    let mut earlier: Vec<_> = store
        .list()?
        .into_iter()
        .filter(|l| l.id != wanted)
        .collect();
    earlier.sort_by_key(|l| std::cmp::Reverse((l.updated, l.id)));
    let gone = format!(
        "Session {wanted} was walked on model '{start}', which is not in the library now \
         (removed, or it came from --trees)"
    );
    for other in earlier {
        if store.load(other.id).is_ok_and(|s| has_model(&s.start_tree)) {
            let (live, report) = LiveCase::resume(catalog, store, Some(other.id))?;
            let mut message = format!("{gone}; opened session {} instead", other.id);
            if let Some(m) = report.message() {
                message.push_str(". ");
                message.push_str(&m);
            }
            return Ok((live, Some(message)));
        }
    }
    bail!("{gone}, and no other saved session can be opened; start a new walk with 'lockdiag'")
}

/// The built-in library, with its errors (which `cargo test` rules out) as the error.
fn load_builtin_quietly() -> Result<Catalog> {
    let loaded = load_library_for_app(&[]);
    loaded.catalog.ok_or_else(|| {
        let errors: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
        anyhow!("the built-in trees have errors:\n{}", errors.join("\n"))
    })
}
