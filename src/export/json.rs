//! The JSON export: the full session for integrations. The shape is documented in
//! `docs/session-json.md`; `version` changes only when a field changes meaning or goes away
//! (new fields may appear within a version).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::report::NodeView;
use crate::store::{Case, Event};
use crate::tree::Cylinder;

use super::iso_time;
use super::view::{StepView, view};

/// The version of the JSON shape.
pub const JSON_VERSION: u32 = 1;

/// The exported session. Times are RFC 3339 UTC strings.
#[derive(Debug, Serialize)]
pub struct SessionJson {
    /// Always `lockdiag-session`.
    pub format: &'static str,
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Session id in the store; `null` when the session was not saved.
    pub id: Option<i64>,
    /// The lockdiag version that started the session.
    pub app_version: String,
    /// The tree the walk started in (a model, or a guide).
    pub start_tree: String,
    /// The model (or guide) the walk is in now.
    pub model_id: String,
    /// The model facts; `null` in a guide.
    pub model: Option<ModelJson>,
    /// Content hash of the start tree's file when the session began.
    pub tree_hash: String,
    /// Content hashes of every tree the walk could enter, by id, when the session began.
    pub trees: BTreeMap<String, String>,
    /// The case or ticket reference.
    pub case_ref: Option<String>,
    /// When the session began.
    pub started: String,
    /// When anything last happened.
    pub updated: String,
    /// When the walk reached the outcome it stands on; `null` while open.
    pub ended: Option<String>,
    /// The session Restart began this one from.
    pub restarted_from: Option<i64>,
    /// Whether the walk stands on an outcome.
    pub finished: bool,
    /// The outcome kind when finished: `resolved`, `locksmith`, `manufacturer`, `emergency`.
    pub outcome: Option<String>,
    /// `true` when a jump from search went past the safety question and it was never answered
    /// (left out otherwise).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub safety_not_asked: bool,
    /// The node the walk stands on, in the `lockdiag walk --format json` node shape.
    pub position: NodeView,
    /// The answered steps of the current path.
    pub steps: Vec<StepJson>,
    /// Branches undone with Back and replaced by another answer, oldest first.
    pub abandoned: Vec<Vec<StepJson>>,
    /// Remedies tried (on the path and on abandoned branches), in time order.
    pub remedies: Vec<RemedyJson>,
    /// Notes.
    pub notes: Vec<NoteJson>,
    /// The raw event log.
    pub events: Vec<EventJson>,
}

/// Model facts.
#[derive(Debug, Serialize)]
pub struct ModelJson {
    /// Model id.
    pub id: String,
    /// Brand.
    pub brand: String,
    /// Model name.
    pub name: String,
    /// Cylinder keyword.
    pub cylinder: Cylinder,
    /// Keyway in words.
    pub keyway: String,
    /// Power.
    pub power: String,
    /// Emergency power options.
    pub emergency_power: Vec<String>,
    /// Radios and hubs.
    pub connectivity: Vec<String>,
    /// When the tree was last reviewed.
    pub reviewed: String,
}

/// One answered step.
#[derive(Debug, Serialize)]
pub struct StepJson {
    /// The tree the node is in (a shared procedure's id inside one).
    pub tree: String,
    /// Node id.
    pub node: String,
    /// `question` or `remedy`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// The choice label, `yes`/`no` at a remedy, or `jumped to '...'`.
    pub answer: String,
    /// When.
    pub time: String,
}

/// A remedy tried.
#[derive(Debug, Serialize)]
pub struct RemedyJson {
    /// Tree id.
    pub tree: String,
    /// Node id.
    pub node: String,
    /// Title.
    pub title: String,
    /// `worked`, `did-not-work`, or `in-progress` (on screen, not answered).
    pub result: String,
    /// Whether it was on a branch later undone with Back.
    pub abandoned: bool,
    /// Checklist steps ticked, in order (empty when none were ever ticked).
    pub ticked: Vec<bool>,
    /// When it was answered; `null` while in progress.
    pub time: Option<String>,
}

/// A note.
#[derive(Debug, Serialize)]
pub struct NoteJson {
    /// Answers given when it was written (0 = the first screen).
    pub step: usize,
    /// Tree id of the node on screen then.
    pub tree: String,
    /// Node id.
    pub node: String,
    /// The node's title.
    pub title: String,
    /// The note.
    pub text: String,
    /// When it was last changed.
    pub time: String,
}

/// One logged event.
#[derive(Debug, Serialize)]
pub struct EventJson {
    /// Position in the log, from 1.
    pub seq: u32,
    /// When.
    pub time: String,
    /// `kind` and `data`, as stored.
    #[serde(flatten)]
    pub event: Event,
}

fn step_json(s: &StepView) -> StepJson {
    StepJson {
        tree: s.tree.clone(),
        node: s.node.clone(),
        kind: s.kind.keyword().to_string(),
        title: s.title.clone(),
        answer: s.answer.clone(),
        time: iso_time(s.time),
    }
}

/// The JSON document for `case`.
#[must_use]
pub fn session_json(catalog: &Catalog, case: &Case) -> SessionJson {
    let v = view(catalog, case);
    SessionJson {
        format: "lockdiag-session",
        version: JSON_VERSION,
        id: case.id(),
        app_version: case.app_version().to_string(),
        start_tree: case.start_tree().to_string(),
        model_id: v.model_id.clone(),
        model: v.model.map(|m| ModelJson {
            id: m.id.clone(),
            brand: m.brand.clone(),
            name: m.name.clone(),
            cylinder: m.cylinder,
            keyway: m.keyway.clone(),
            power: m.power.clone(),
            emergency_power: m.emergency_power.clone(),
            connectivity: m.connectivity.clone(),
            reviewed: m.reviewed.clone(),
        }),
        tree_hash: case.tree_hash().to_string(),
        trees: case.trees().clone(),
        case_ref: v.case_ref.clone(),
        started: iso_time(case.started()),
        updated: iso_time(case.updated()),
        ended: case.ended().map(iso_time),
        restarted_from: case.restarted_from(),
        finished: v.finished(),
        outcome: v.finished().then(|| v.here_kind.keyword().to_string()),
        safety_not_asked: v.safety_skipped,
        steps: v.steps.iter().map(step_json).collect(),
        abandoned: v
            .abandoned
            .iter()
            .map(|b| b.iter().map(step_json).collect())
            .collect(),
        remedies: v
            .remedies
            .iter()
            .map(|r| RemedyJson {
                tree: r.tree.clone(),
                node: r.node.clone(),
                title: r.title.clone(),
                result: r.result.keyword().to_string(),
                abandoned: r.abandoned,
                ticked: r.ticked.clone(),
                time: r.time.map(iso_time),
            })
            .collect(),
        notes: v
            .notes
            .iter()
            .map(|n| NoteJson {
                step: n.step,
                tree: n.node.tree.clone(),
                node: n.node.node.clone(),
                title: n.title.clone(),
                text: n.text.clone(),
                time: iso_time(n.time),
            })
            .collect(),
        events: case
            .events()
            .iter()
            .map(|e| EventJson {
                seq: e.seq,
                time: iso_time(e.time),
                event: e.event.clone(),
            })
            .collect(),
        position: v.here,
    }
}
