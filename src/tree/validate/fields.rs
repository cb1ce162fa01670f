//! The fields of a node: which are present, which each kind requires and allows, and its
//! texts.

use super::{loc, node_loc};
use crate::tree::model::NodeKind;
use crate::tree::raw::{RawNode, Text};

/// A text field's name, value and whether it may hold line breaks.
pub(super) type Field<'a> = (&'static str, &'a Text, bool);

/// Every field present on a node, with a representative location.
pub(super) fn present_fields(n: &RawNode) -> Vec<(&'static str, Option<(u64, u64)>)> {
    let one = |t: &Option<Text>| t.as_ref().map(|t| loc(&t.referenced));
    let many = |t: &Option<Vec<Text>>| {
        t.as_ref()
            .map(|v| v.first().map_or((0, 0), |t| loc(&t.referenced)))
    };
    let list = [
        ("help", one(&n.help)),
        (
            "choices",
            n.choices
                .as_ref()
                .map(|c| c.first().map_or((0, 0), node_loc)),
        ),
        ("steps", many(&n.steps)),
        ("cautions", many(&n.cautions)),
        ("tools", many(&n.tools)),
        ("fixed", one(&n.fixed)),
        ("not_fixed", one(&n.not_fixed)),
        ("why", one(&n.why)),
        ("urgency", one(&n.urgency)),
        ("tell", many(&n.tell)),
        ("bring", many(&n.bring)),
        ("card", n.card.as_ref().map(node_loc)),
        ("contact", one(&n.contact)),
        ("have_ready", many(&n.have_ready)),
        ("actions", many(&n.actions)),
        ("procedure", one(&n.procedure)),
        ("next", one(&n.next)),
        ("model", one(&n.model)),
    ];
    list.into_iter().filter(|(_, l)| l.is_some()).collect()
}

/// Fields a kind takes beyond id, kind, title, keywords and sources; and which are required.
pub(super) fn fields_for(kind: NodeKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        NodeKind::Question => (&["help", "choices"], &["title", "choices"]),
        NodeKind::Remedy => (
            &["help", "steps", "cautions", "tools", "fixed", "not_fixed"],
            &["title", "steps", "fixed", "not_fixed"],
        ),
        NodeKind::Resolved => (&["help"], &["title"]),
        NodeKind::Locksmith => (
            &["help", "why", "urgency", "tell", "bring", "card"],
            &["title", "why", "urgency", "tell", "bring"],
        ),
        NodeKind::Manufacturer => (
            &["help", "why", "contact", "have_ready"],
            &["title", "why", "contact"],
        ),
        NodeKind::Emergency => (&["help", "why", "actions"], &["title", "why"]),
        NodeKind::Procedure => (&["procedure", "next"], &["procedure", "next"]),
        NodeKind::OpenModel => (&["help", "model"], &["model"]),
    }
}

/// Every text on a node, for the control-character and length checks.
pub(super) fn texts(n: &RawNode) -> Vec<Field<'_>> {
    let mut out: Vec<Field<'_>> = Vec::new();
    let singles = [
        ("title", &n.title, false),
        ("help", &n.help, true),
        ("why", &n.why, true),
        ("contact", &n.contact, true),
    ];
    for (name, t, ml) in singles {
        if let Some(t) = t {
            out.push((name, t, ml));
        }
    }
    for t in n.keywords.iter().chain(&n.sources) {
        out.push(("keyword", t, false));
    }
    for list in [
        &n.steps,
        &n.cautions,
        &n.tools,
        &n.tell,
        &n.bring,
        &n.have_ready,
        &n.actions,
    ]
    .into_iter()
    .flatten()
    {
        for t in list {
            out.push(("item", t, true));
        }
    }
    if let Some(card) = &n.card {
        if let Some(w) = &card.value.why {
            out.push(("why", w, true));
        }
        for t in card.value.tell.iter().flatten() {
            out.push(("item", t, true));
        }
    }
    for c in n.choices.iter().flatten() {
        if let Some(l) = &c.value.label {
            out.push(("label", l, false));
        }
    }
    out
}
