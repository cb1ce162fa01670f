//! Views of where a walk stands, for people (text) and scripts (JSON). Used by `lockdiag walk`;
//! the JSON shape is the stable scripting interface documented in the README.

use std::fmt::Write as _;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::session::{Answer, Pos, Session, Step};
use crate::tree::text::fill_placeholders;
use crate::tree::{ModelInfo, Node, NodeBody, Target, TreeKind};

/// One answered step of the path.
#[derive(Debug, Serialize)]
pub struct PathEntry {
    /// The tree the node is in (a shared procedure's id when the walk is inside one).
    pub tree: String,
    /// Node id.
    pub node: String,
    /// The question or remedy title.
    pub title: String,
    /// The answer given: a choice label, `yes`/`no`, or `jump`.
    pub answer: String,
}

/// The node the walk stands on, with every field a client may show.
#[derive(Debug, Serialize)]
pub struct NodeView {
    /// Node id.
    pub id: String,
    /// The tree the node is in.
    pub tree: String,
    /// Node kind keyword.
    pub kind: String,
    /// Title or question.
    pub title: String,
    /// Help text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The answers accepted here, in order (`yes`, `no` at a remedy; empty at an outcome).
    pub choices: Vec<String>,
    /// Remedy steps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// Remedy cautions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cautions: Vec<String>,
    /// Remedy tools.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
    /// Outcome: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Locksmith urgency: the outcome's, as what the walk learned adjusts it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    /// Locksmith: what to tell them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tell: Vec<String>,
    /// Locksmith: what to bring.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bring: Vec<String>,
    /// Manufacturer contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Manufacturer: what to have ready.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub have_ready: Vec<String>,
    /// Emergency: what to do.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    /// Source tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// Where a walk stands: the JSON document `walk --format json` prints.
#[derive(Debug, Serialize)]
pub struct WalkView {
    /// The model (or guide) id the walk is in.
    pub model: String,
    /// The answers so far.
    pub path: Vec<PathEntry>,
    /// The node the walk stands on.
    pub node: NodeView,
}

/// The model facts for the tree a session is in, if it is a model.
#[must_use]
pub fn model_of<'c>(catalog: &'c Catalog, session: &Session) -> Option<&'c ModelInfo> {
    catalog.trees[session.tree].model()
}

/// The answer of a step in words.
#[must_use]
pub fn answer_text(catalog: &Catalog, step: &Step) -> String {
    match (&catalog.node(step.pos()).body, &step.answer) {
        (NodeBody::Question { choices }, Answer::Choice(i)) => choices
            .get(*i)
            .map_or_else(|| format!("choice {}", i + 1), |c| c.label.clone()),
        (_, Answer::Fixed(true)) => "yes".to_string(),
        (_, Answer::Fixed(false)) => "no".to_string(),
        (_, Answer::Jump(to)) => match to.last() {
            Some(p) => format!(
                "jumped to '{}' from search (questions between skipped, not answered)",
                catalog.node(*p).title
            ),
            None => "jumped".to_string(),
        },
        _ => String::new(),
    }
}

/// The remedies whose "not fixed" leads to the outcome on screen, when a jump from search
/// brought the walk here without trying any of them: what the outcome's words assume was done
/// but the walk did not record. Empty when the walk came by the tree's own route.
#[must_use]
pub fn untried_remedies(catalog: &Catalog, session: &Session) -> Vec<Pos> {
    let here = session.pos();
    let leading: Vec<Pos> = catalog.trees[here.tree]
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            matches!(&n.body, NodeBody::Remedy { not_fixed: Target::Node(t), .. } if *t == here.node)
        })
        .map(|(node, _)| Pos {
            tree: here.tree,
            node,
        })
        .collect();
    // Without a jump, the walk came by the tree's own route, which the outcome's words follow.
    let Some(jump) = session
        .steps
        .iter()
        .rposition(|s| matches!(s.answer, Answer::Jump(_)))
    else {
        return Vec::new();
    };
    let tried = session.steps[jump..]
        .iter()
        .any(|s| leading.contains(&s.pos()) && s.answer == Answer::Fixed(false));
    if tried { Vec::new() } else { leading }
}

/// Builds the view of a session.
#[must_use]
pub fn walk_view(catalog: &Catalog, session: &Session) -> WalkView {
    let model = model_of(catalog, session);
    let fill = |s: &str| fill_placeholders(s, model);
    let fill_all = |v: &[String]| v.iter().map(|s| fill(s)).collect::<Vec<_>>();
    let path = session
        .steps
        .iter()
        .map(|s| {
            let p = s.pos();
            let n = catalog.node(p);
            PathEntry {
                tree: catalog.trees[p.tree].id.clone(),
                node: n.id.clone(),
                title: fill(&n.title),
                answer: answer_text(catalog, s),
            }
        })
        .collect();
    let pos = session.pos();
    let n: &Node = catalog.node(pos);
    let mut view = NodeView {
        id: n.id.clone(),
        tree: catalog.trees[pos.tree].id.clone(),
        kind: n.kind().keyword().to_string(),
        title: fill(&n.title),
        help: n.help.as_deref().map(fill),
        choices: session
            .choice_labels(catalog)
            .iter()
            .map(|s| fill(s))
            .collect(),
        steps: Vec::new(),
        cautions: Vec::new(),
        tools: Vec::new(),
        why: None,
        urgency: None,
        tell: Vec::new(),
        bring: Vec::new(),
        contact: None,
        have_ready: Vec::new(),
        actions: Vec::new(),
        sources: n.sources.clone(),
    };
    match &n.body {
        NodeBody::Remedy {
            steps,
            cautions,
            tools,
            ..
        } => {
            view.steps = fill_all(steps);
            view.cautions = fill_all(cautions);
            view.tools = fill_all(tools);
        }
        NodeBody::Locksmith {
            why,
            urgency,
            tell,
            bring,
            ..
        } => {
            view.why = Some(fill(why));
            let urgency = session.learned(catalog).urgency(*urgency);
            view.urgency = Some(urgency.word().to_lowercase().replace(' ', "-"));
            view.tell = fill_all(tell);
            view.bring = fill_all(bring);
        }
        NodeBody::Manufacturer {
            why,
            contact,
            have_ready,
        } => {
            view.why = Some(fill(why));
            view.contact = Some(fill(contact));
            view.have_ready = fill_all(have_ready);
        }
        NodeBody::Emergency { why, actions } => {
            view.why = Some(fill(why));
            view.actions = fill_all(actions);
        }
        _ => {}
    }
    WalkView {
        model: catalog.trees[session.tree].id.clone(),
        path,
        node: view,
    }
}

fn bullets(out: &mut String, heading: &str, items: &[String], mark: &str) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}");
    for i in items {
        let _ = writeln!(out, "  {mark} {i}");
    }
}

/// The view as text for a person.
#[must_use]
pub fn walk_text(catalog: &Catalog, session: &Session) -> String {
    let v = walk_view(catalog, session);
    let mut out = String::new();
    let title = match &catalog.trees[session.tree].kind {
        TreeKind::Model(m) => m.full_name(),
        TreeKind::Guide { title } | TreeKind::Procedure { title } => title.clone(),
    };
    let _ = writeln!(out, "{title}");
    if !v.path.is_empty() {
        let _ = writeln!(out, "Path so far:");
        for (i, p) in v.path.iter().enumerate() {
            let _ = writeln!(out, "  {}. {} -> {}", i + 1, p.title, p.answer);
        }
    }
    let _ = writeln!(out);
    let n = &v.node;
    match n.kind.as_str() {
        "emergency" => {
            let _ = writeln!(out, "CALL EMERGENCY SERVICES NOW (911 in the US)");
            let _ = writeln!(out, "{}", n.title);
        }
        "locksmith" => {
            let _ = writeln!(
                out,
                "CALL A LOCKSMITH - urgency: {}",
                n.urgency.as_deref().unwrap_or("").to_uppercase()
            );
            let _ = writeln!(out, "{}", n.title);
        }
        "manufacturer" => {
            let _ = writeln!(out, "CONTACT THE MANUFACTURER");
            let _ = writeln!(out, "{}", n.title);
        }
        "resolved" => {
            let _ = writeln!(out, "RESOLVED: {}", n.title);
        }
        "remedy" => {
            let _ = writeln!(out, "TRY THIS: {}", n.title);
        }
        _ => {
            let _ = writeln!(out, "{}", n.title);
        }
    }
    if let Some(h) = &n.help {
        let _ = writeln!(out, "{h}");
    }
    if let Some(w) = &n.why {
        let _ = writeln!(out, "Why: {w}");
    }
    bullets(&mut out, "What to do:", &n.actions, "-");
    bullets(&mut out, "CAUTION:", &n.cautions, "!");
    bullets(&mut out, "You need:", &n.tools, "-");
    if !n.steps.is_empty() {
        let _ = writeln!(out, "Steps:");
        for (i, s) in n.steps.iter().enumerate() {
            let _ = writeln!(out, "  {}. {s}", i + 1);
        }
    }
    bullets(&mut out, "Tell them:", &n.tell, "-");
    bullets(&mut out, "They should bring:", &n.bring, "-");
    if let Some(c) = &n.contact {
        let _ = writeln!(out, "Contact: {c}");
    }
    bullets(&mut out, "Have ready:", &n.have_ready, "-");
    if !n.choices.is_empty() {
        let _ = writeln!(out);
        if n.kind == "remedy" {
            let _ = writeln!(out, "Did this fix it?");
        }
        for (i, c) in n.choices.iter().enumerate() {
            let _ = writeln!(out, "  {}. {c}", i + 1);
        }
    }
    out
}

mod card;
pub use card::{
    card_items, card_sources, card_urgency, keyway_known, locksmith_job, model_facts,
    unidentified_cylinder,
};
