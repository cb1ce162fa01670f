//! The facts every export shows, gathered once from a case and the catalog: the path with
//! answers, branches left by Back, remedies tried with results, notes, and where the walk
//! stands. Placeholders in tree text are filled from the model.

use crate::catalog::Catalog;
use crate::report::{NodeView, answer_text, walk_view};
use crate::session::{Answer, Step};
use std::collections::BTreeMap;

use crate::store::{Case, Event, NodeRef};
use crate::tree::text::fill_placeholders;
use crate::tree::{Learned, ModelInfo, NodeBody, NodeKind, Source};

/// One answered step.
#[derive(Debug, Clone)]
pub(crate) struct StepView {
    /// The tree the node is in.
    pub tree: String,
    /// Node id.
    pub node: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Question or remedy title.
    pub title: String,
    /// The answer in words.
    pub answer: String,
    /// When.
    pub time: u64,
    /// The agent who gave the answer, when recorded.
    pub agent: Option<String>,
}

/// What came of a remedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RemedyResult {
    /// "Did this fix it?" yes.
    Worked,
    /// No.
    DidNotWork,
    /// On screen, not answered yet.
    InProgress,
}

impl RemedyResult {
    /// Words for a person.
    pub fn words(self) -> &'static str {
        match self {
            Self::Worked => "worked",
            Self::DidNotWork => "did not work",
            Self::InProgress => "in progress, not answered yet",
        }
    }

    /// The JSON keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Worked => "worked",
            Self::DidNotWork => "did-not-work",
            Self::InProgress => "in-progress",
        }
    }
}

/// A remedy tried.
#[derive(Debug, Clone)]
pub(crate) struct RemedyView {
    /// The tree the remedy is in.
    pub tree: String,
    /// Node id.
    pub node: String,
    /// Title.
    pub title: String,
    /// What came of it.
    pub result: RemedyResult,
    /// Whether it was on a branch later undone with Back and replaced.
    pub abandoned: bool,
    /// Checklist steps ticked.
    pub ticked: Vec<bool>,
    /// When it was answered (`None` while on screen).
    pub time: Option<u64>,
}

impl RemedyView {
    /// "title: result (n of m steps ticked)".
    pub fn line(&self) -> String {
        let mut extra = Vec::new();
        let done = self.ticked.iter().filter(|t| **t).count();
        if done > 0 {
            extra.push(format!("{done} of {} steps ticked", self.ticked.len()));
        }
        if self.abandoned {
            extra.push("on a path later changed with Back".to_string());
        }
        let mut s = format!("{}: {}", self.title, self.result.words());
        if !extra.is_empty() {
            s.push_str(&format!(" ({})", extra.join("; ")));
        }
        s
    }
}

/// A note with where it was written.
#[derive(Debug, Clone)]
pub(crate) struct NoteView {
    /// Answers given when it was written.
    pub step: usize,
    /// Where.
    pub node: NodeRef,
    /// The node's title now (or its id if the node is gone).
    pub title: String,
    /// Text.
    pub text: String,
    /// When.
    pub time: u64,
}

/// Everything an export shows.
#[derive(Debug)]
pub(crate) struct View<'c> {
    /// Session id, once saved.
    pub id: Option<i64>,
    /// Model full name, or the guide's title.
    pub title: String,
    /// The model (or guide) id.
    pub model_id: String,
    /// Model facts.
    pub model: Option<&'c ModelInfo>,
    /// Case reference.
    pub case_ref: Option<String>,
    /// Times.
    pub started: u64,
    /// When the outcome was reached.
    pub ended: Option<u64>,
    /// The path.
    pub steps: Vec<StepView>,
    /// Branches left by Back.
    pub abandoned: Vec<Vec<StepView>>,
    /// Remedies tried, in time order.
    pub remedies: Vec<RemedyView>,
    /// Notes.
    pub notes: Vec<NoteView>,
    /// The node the walk stands on, every field filled.
    pub here: NodeView,
    /// Its kind.
    pub here_kind: NodeKind,
    /// Whether a jump from search went past the safety question without it being answered.
    pub safety_skipped: bool,
    /// Titles of the remedies that lead to this outcome, none of which the walk tried.
    pub untried: Vec<String>,
    /// A locksmith outcome's situation for the card, written for the locksmith (`card.why`,
    /// or the outcome's `why` where none is written).
    pub card_why: String,
    /// A locksmith outcome's "tell" items for the card (`card.tell` where written), items
    /// needing an unknown fact left out.
    pub card_tell: Vec<String>,
    /// A locksmith outcome's "bring" items for the card.
    pub card_bring: Vec<String>,
    /// The agents who recorded the case's events, in order of first appearance.
    pub agents: Vec<String>,
    /// What the answers on the walk's path taught (cylinder, situation).
    pub learned: Learned,
    /// The sources the outcome rests on, with titles and addresses.
    pub sources: Vec<Source>,
}

/// What the transcripts say when the safety question was skipped.
pub(crate) const SAFETY_NOT_ASKED: &str =
    "safety question not asked (a jump from search went past \"is anyone in danger?\")";

impl View<'_> {
    /// Whether the walk stands on an outcome.
    pub fn finished(&self) -> bool {
        self.here_kind.is_outcome()
    }

    /// The outcome in one line, e.g. "Call a locksmith (urgency TODAY): Rekey the cylinder".
    pub fn outcome_line(&self) -> String {
        let t = &self.here.title;
        match self.here_kind {
            NodeKind::Resolved => format!("Resolved: {t}"),
            NodeKind::Locksmith => format!(
                "Call a locksmith (urgency {}): {t}",
                self.here.urgency.as_deref().unwrap_or("").to_uppercase()
            ),
            NodeKind::Manufacturer => format!("Contact the manufacturer: {t}"),
            NodeKind::Emergency => format!("Emergency services: {t}"),
            _ => format!("Not finished; the walk stopped at \"{t}\""),
        }
    }
}

/// Who answered at each (tree, node, time), from the case's log.
type Agents = BTreeMap<(String, String, u64), String>;

fn agents_by_step(case: &Case) -> Agents {
    let mut out = Agents::new();
    for e in case.events() {
        let at = match &e.event {
            Event::Answer { at, .. } | Event::Jump { at, .. } => at.last(),
            _ => None,
        };
        if let (Some(at), Some(agent)) = (at, &e.agent) {
            out.insert((at.tree.clone(), at.node.clone(), e.time), agent.clone());
        }
    }
    out
}

fn step_view(
    catalog: &Catalog,
    model: Option<&ModelInfo>,
    step: &Step,
    agents: &Agents,
) -> StepView {
    let pos = step.pos();
    let node = catalog.node(pos);
    let (title, answer) = match &step.answer {
        // A jump answers nothing: say where it left from and where it went, so the question
        // it left is never read as answered.
        Answer::Jump(to) => (
            format!("Jump from \"{}\"", node.title),
            to.last().map_or_else(
                || "the questions between were not asked".to_string(),
                |p| {
                    format!(
                        "to \"{}\" (that question and the ones between were not asked)",
                        catalog.node(*p).title
                    )
                },
            ),
        ),
        _ => (node.title.clone(), answer_text(catalog, step)),
    };
    let tree = catalog.trees[pos.tree].id.clone();
    let agent = agents.get(&(tree, node.id.clone(), step.time)).cloned();
    StepView {
        agent,
        tree: catalog.trees[pos.tree].id.clone(),
        node: node.id.clone(),
        kind: node.kind(),
        title: fill_placeholders(&title, model),
        answer: fill_placeholders(&answer, model),
        time: step.time,
    }
}

fn remedy_view(
    catalog: &Catalog,
    case: &Case,
    model: Option<&ModelInfo>,
    step: &Step,
    abandoned: bool,
) -> Option<RemedyView> {
    let Answer::Fixed(worked) = step.answer else {
        return None;
    };
    let pos = step.pos();
    let node = catalog.node(pos);
    Some(RemedyView {
        tree: catalog.trees[pos.tree].id.clone(),
        node: node.id.clone(),
        title: fill_placeholders(&node.title, model),
        result: if worked {
            RemedyResult::Worked
        } else {
            RemedyResult::DidNotWork
        },
        abandoned,
        ticked: case.session().ticks.get(&pos).cloned().unwrap_or_default(),
        time: Some(step.time),
    })
}

/// Gathers the view of `case`.
pub(crate) fn view<'c>(catalog: &'c Catalog, case: &Case) -> View<'c> {
    let session = case.session();
    let tree = &catalog.trees[session.tree];
    let model = tree.model();
    let agents = agents_by_step(case);
    let steps = session
        .steps
        .iter()
        .map(|s| step_view(catalog, model, s, &agents))
        .collect();
    let abandoned = session
        .abandoned
        .iter()
        .map(|b| {
            b.iter()
                .map(|s| step_view(catalog, model, s, &agents))
                .collect()
        })
        .collect();
    let mut remedies: Vec<RemedyView> = session
        .abandoned
        .iter()
        .flatten()
        .filter_map(|s| remedy_view(catalog, case, model, s, true))
        .chain(
            session
                .steps
                .iter()
                .filter_map(|s| remedy_view(catalog, case, model, s, false)),
        )
        .collect();
    remedies.sort_by_key(|r| r.time);
    let pos = session.pos();
    let here_node = catalog.node(pos);
    if let NodeBody::Remedy { steps, .. } = &here_node.body {
        let ticked = session
            .ticks
            .get(&pos)
            .cloned()
            .unwrap_or_else(|| vec![false; steps.len()]);
        remedies.push(RemedyView {
            tree: catalog.trees[pos.tree].id.clone(),
            node: here_node.id.clone(),
            title: fill_placeholders(&here_node.title, model),
            result: RemedyResult::InProgress,
            abandoned: false,
            ticked,
            time: None,
        });
    }
    let notes = case
        .notes()
        .iter()
        .map(|n| NoteView {
            step: n.step,
            node: n.node.clone(),
            title: n.node.resolve(catalog).map_or_else(
                || format!("{} (no longer in the tree)", n.node.node),
                |p| fill_placeholders(&catalog.node(p).title, model),
            ),
            text: n.text.clone(),
            time: n.time,
        })
        .collect();
    let learned = session.learned(catalog);
    let (card_why, card_tell, card_bring) = match &here_node.body {
        NodeBody::Locksmith {
            why,
            tell,
            bring,
            card_why,
            card_tell,
            ..
        } => (
            fill_placeholders(card_why.as_deref().unwrap_or(why), model),
            crate::report::card_items(
                if card_tell.is_empty() {
                    tell
                } else {
                    card_tell
                },
                model,
                &learned,
            ),
            crate::report::card_items(bring, model, &learned),
        ),
        _ => (String::new(), Vec::new(), Vec::new()),
    };
    View {
        id: case.id(),
        title: tree.title(),
        model_id: tree.id.clone(),
        model,
        case_ref: case.case_ref().map(str::to_string),
        started: case.started(),
        ended: case.ended(),
        steps,
        abandoned,
        remedies,
        notes,
        here: walk_view(catalog, session).node,
        here_kind: here_node.kind(),
        safety_skipped: session.safety_skipped(catalog),
        untried: crate::report::untried_remedies(catalog, session)
            .into_iter()
            .map(|p| fill_placeholders(&catalog.node(p).title, model))
            .collect(),
        card_why,
        card_tell,
        card_bring,
        agents: case.events().iter().filter_map(|e| e.agent.clone()).fold(
            Vec::new(),
            |mut v, a| {
                if !v.contains(&a) {
                    v.push(a);
                }
                v
            },
        ),
        learned,
        sources: crate::report::card_sources(catalog, session),
    }
}
