//! Turns a validated raw file into the clean [`Tree`] the program walks.

use std::collections::HashMap;

use super::load::ParsedFile;
use super::model::{
    Choice, Cylinder, ModelInfo, Node, NodeBody, NodeKind, PathTest, Target, Tree, TreeKind,
    Urgency,
};
use super::raw::{RawModel, RawNode, Text};
use super::validate::nodes::RETURN;

fn s(t: Option<&Text>) -> String {
    t.map(|t| t.value.clone()).unwrap_or_default()
}

fn list(t: Option<&Vec<Text>>) -> Vec<String> {
    t.map(|v| v.iter().map(|t| t.value.clone()).collect())
        .unwrap_or_default()
}

fn texts(v: &[Text]) -> Vec<String> {
    v.iter().map(|t| t.value.clone()).collect()
}

/// Builds a tree from a file that passed validation. `procedures` and `models` map ids to
/// catalog indices. Returns `None` only if the file did not in fact pass validation.
#[must_use]
pub fn build_tree(
    file: &ParsedFile,
    procedures: &HashMap<String, usize>,
    models: &HashMap<String, usize>,
) -> Option<Tree> {
    let raw = &file.raw;
    let header = raw
        .model
        .as_ref()
        .map(|m| &m.referenced)
        .or(raw.procedure.as_ref().map(|p| &p.referenced))
        .or(raw.guide.as_ref().map(|g| &g.referenced))
        .map_or((1, 1), |l| (l.line(), l.column()));
    let (id, kind) = if let Some(m) = &raw.model {
        let info = model_info(&m.value)?;
        (info.id.clone(), TreeKind::Model(Box::new(info)))
    } else if let Some(p) = &raw.procedure {
        (
            s(p.value.id.as_ref()),
            TreeKind::Procedure {
                title: s(p.value.title.as_ref()),
            },
        )
    } else {
        let g = raw.guide.as_ref()?;
        (
            s(g.value.id.as_ref()),
            TreeKind::Guide {
                title: s(g.value.title.as_ref()),
            },
        )
    };
    let index: HashMap<String, usize> = raw
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (s(n.value.id.as_ref()), i))
        .collect();
    let target = |t: Option<&Text>| -> Option<Target> {
        let v = t?.value.as_str();
        if v == RETURN {
            Some(Target::Return)
        } else {
            index.get(v).copied().map(Target::Node)
        }
    };
    let mut nodes = Vec::with_capacity(raw.nodes.len());
    for n in &raw.nodes {
        let (line, column) = (n.referenced.line(), n.referenced.column());
        let n = &n.value;
        nodes.push(Node {
            id: s(n.id.as_ref()),
            title: s(n.title.as_ref()),
            help: n.help.as_ref().map(|t| t.value.clone()),
            keywords: texts(&n.keywords),
            sources: texts(&n.sources),
            line,
            column,
            body: body(n, &target, procedures, models)?,
        });
    }
    let start = index.get(raw.start.as_ref()?.value.as_str()).copied()?;
    let tests = raw
        .tests
        .iter()
        .map(|t| PathTest {
            name: s(t.value.name.as_ref()),
            family: t.value.family.as_ref().map(|f| f.value.clone()),
            answers: texts(&t.value.answers),
            expect: t.value.expect.as_ref().map(|e| e.value.clone()),
            node: t.value.node.as_ref().map(|e| e.value.clone()),
            line: t.referenced.line(),
        })
        .collect();
    Some(Tree {
        id,
        kind,
        origin: file.origin.clone(),
        content_hash: file.hash.clone(),
        start,
        header,
        nodes,
        tests,
        index,
    })
}

/// A model's facts from its validated `model:` block (`None` for an unknown cylinder keyword).
#[must_use]
pub fn model_info(m: &RawModel) -> Option<ModelInfo> {
    Some(ModelInfo {
        id: s(m.id.as_ref()),
        brand: s(m.brand.as_ref()),
        name: s(m.name.as_ref()),
        aliases: texts(&m.aliases),
        cylinder: Cylinder::parse(&s(m.cylinder.as_ref()))?,
        keyway: s(m.keyway.as_ref()),
        power: s(m.power.as_ref()),
        emergency_power: list(m.emergency_power.as_ref()),
        connectivity: list(m.connectivity.as_ref()),
        reviewed: s(m.reviewed.as_ref()),
        sources: list(m.sources.as_ref()),
    })
}

fn body(
    n: &RawNode,
    target: &dyn Fn(Option<&Text>) -> Option<Target>,
    procedures: &HashMap<String, usize>,
    models: &HashMap<String, usize>,
) -> Option<NodeBody> {
    let kind = NodeKind::parse(&n.kind.as_ref()?.value)?;
    Some(match kind {
        NodeKind::Question => NodeBody::Question {
            choices: n
                .choices
                .as_ref()?
                .iter()
                .map(|c| {
                    Some(Choice {
                        label: c.value.label.as_ref()?.value.clone(),
                        next: target(c.value.next.as_ref())?,
                        sets: c
                            .value
                            .sets
                            .iter()
                            .flatten()
                            .filter_map(|(k, v)| {
                                Some((super::facts::Fact::parse(k)?, v.value.clone()))
                            })
                            .collect(),
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        },
        NodeKind::Remedy => NodeBody::Remedy {
            steps: list(n.steps.as_ref()),
            cautions: list(n.cautions.as_ref()),
            tools: list(n.tools.as_ref()),
            fixed: target(n.fixed.as_ref())?,
            not_fixed: target(n.not_fixed.as_ref())?,
        },
        NodeKind::Resolved => NodeBody::Resolved,
        NodeKind::Locksmith => NodeBody::Locksmith {
            why: s(n.why.as_ref()),
            urgency: Urgency::parse(&s(n.urgency.as_ref()))?,
            tell: list(n.tell.as_ref()),
            bring: list(n.bring.as_ref()),
            card_why: n
                .card
                .as_ref()
                .and_then(|c| c.value.why.as_ref())
                .map(|w| w.value.clone()),
            card_tell: n
                .card
                .as_ref()
                .map(|c| list(c.value.tell.as_ref()))
                .unwrap_or_default(),
        },
        NodeKind::Manufacturer => NodeBody::Manufacturer {
            why: s(n.why.as_ref()),
            contact: s(n.contact.as_ref()),
            have_ready: list(n.have_ready.as_ref()),
        },
        NodeKind::Emergency => NodeBody::Emergency {
            why: s(n.why.as_ref()),
            actions: list(n.actions.as_ref()),
        },
        NodeKind::Procedure => NodeBody::Procedure {
            procedure: *procedures.get(&n.procedure.as_ref()?.value)?,
            next: target(n.next.as_ref())?,
        },
        NodeKind::OpenModel => NodeBody::OpenModel {
            model: *models.get(&n.model.as_ref()?.value)?,
        },
    })
}
