//! The event log of a case: what happened, in order, named by tree and node ids and by label
//! text (never by index), so a log still means something after a tree file changes.

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::session::Pos;

/// A node named by ids, stable across catalog loads (indices are not).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NodeRef {
    /// The id of the tree (model, guide or shared procedure) the node is in.
    pub tree: String,
    /// The node id.
    pub node: String,
}

impl NodeRef {
    /// The ids of the node at `pos`.
    #[must_use]
    pub fn of(catalog: &Catalog, pos: Pos) -> Self {
        Self {
            tree: catalog.trees[pos.tree].id.clone(),
            node: catalog.node(pos).id.clone(),
        }
    }

    /// The ids of every entry of a call stack, bottom first.
    #[must_use]
    pub fn stack(catalog: &Catalog, stack: &[Pos]) -> Vec<Self> {
        stack.iter().map(|p| Self::of(catalog, *p)).collect()
    }

    /// Where this node is in `catalog`, if it still exists.
    #[must_use]
    pub fn resolve(&self, catalog: &Catalog) -> Option<Pos> {
        let tree = tree_index(catalog, &self.tree)?;
        let node = *catalog.trees[tree].index.get(&self.node)?;
        Some(Pos { tree, node })
    }

    /// Resolves a whole call stack; `None` if any entry no longer exists.
    #[must_use]
    pub fn resolve_stack(catalog: &Catalog, stack: &[Self]) -> Option<Vec<Pos>> {
        stack.iter().map(|r| r.resolve(catalog)).collect()
    }
}

/// The index of the tree with id `id`, of any kind (model, guide or procedure).
#[must_use]
pub fn tree_index(catalog: &Catalog, id: &str) -> Option<usize> {
    catalog
        .model_index(id)
        .or_else(|| catalog.guide_index(id))
        .or_else(|| catalog.trees.iter().position(|t| t.id == id))
}

/// One thing that happened in a case. Stored as `kind` plus a JSON `data` payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "kebab-case")]
pub enum Event {
    /// An answer at a question (the choice's label) or a remedy (`yes` = it worked, `no`).
    Answer {
        /// The call stack before the answer; its last entry is the node answered.
        at: Vec<NodeRef>,
        /// The choice label as the user read it, or `yes`/`no` at a remedy.
        answer: String,
    },
    /// Back: the last answer was undone (it is kept, and restored if given again).
    Back {
        /// The node the walk stood on before going back.
        at: NodeRef,
    },
    /// A jump from search to another node, skipping the questions between.
    Jump {
        /// The call stack before the jump.
        at: Vec<NodeRef>,
        /// The call stack jumped to.
        to: Vec<NodeRef>,
    },
    /// A checklist step of a remedy was ticked or unticked.
    Tick {
        /// The remedy.
        node: NodeRef,
        /// The step, 0-based.
        step: usize,
        /// Whether it is ticked now.
        on: bool,
    },
    /// A note on a step was written, changed, or (with empty text) removed.
    Note {
        /// The number of answers given when the note was written (0 = the first screen).
        step: usize,
        /// The node on screen.
        node: NodeRef,
        /// The note; empty removes it.
        text: String,
    },
    /// The case or ticket reference was set (empty clears it).
    CaseRef {
        /// The reference.
        text: String,
    },
    /// The walk reached an outcome. Informational: replay derives outcomes from the answers.
    Outcome {
        /// The outcome node.
        node: NodeRef,
        /// Its kind keyword (`resolved`, `locksmith`, `manufacturer`, `emergency`).
        outcome: String,
    },
}

impl Event {
    /// The kind keyword stored in the `kind` column.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Answer { .. } => "answer",
            Self::Back { .. } => "back",
            Self::Jump { .. } => "jump",
            Self::Tick { .. } => "tick",
            Self::Note { .. } => "note",
            Self::CaseRef { .. } => "case-ref",
            Self::Outcome { .. } => "outcome",
        }
    }

    /// The payload stored in the `payload` column (the `data` part, as JSON).
    #[must_use]
    pub fn payload(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|mut v| v.get_mut("data").map(serde_json::Value::take))
            .map_or_else(|| "{}".to_string(), |d| d.to_string())
    }

    /// Rebuilds an event from its stored kind and payload.
    pub fn from_parts(kind: &str, payload: &str) -> Result<Self, serde_json::Error> {
        let data: serde_json::Value = serde_json::from_str(payload)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "data": data }))
    }
}

/// An event with its place in the log and when it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    /// Position in the session's log, from 1.
    pub seq: u32,
    /// Seconds since the Unix epoch.
    pub time: u64,
    /// The agent who did it (`--agent`, `LOCKDIAG_AGENT`, else the login name); `None` in logs
    /// written before agents were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// What happened.
    #[serde(flatten)]
    pub event: Event,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(tree: &str, node: &str) -> NodeRef {
        NodeRef {
            tree: tree.into(),
            node: node.into(),
        }
    }

    #[test]
    fn every_kind_round_trips_through_kind_and_payload() {
        let events = vec![
            Event::Answer {
                at: vec![r("m", "q")],
                answer: "No one is in danger".into(),
            },
            Event::Back { at: r("m", "x") },
            Event::Jump {
                at: vec![r("m", "q")],
                to: vec![r("m", "x"), r("p", "y")],
            },
            Event::Tick {
                node: r("p", "y"),
                step: 2,
                on: true,
            },
            Event::Note {
                step: 3,
                node: r("m", "x"),
                text: "line one\nline \"two\"".into(),
            },
            Event::CaseRef {
                text: "TCK-1".into(),
            },
            Event::Outcome {
                node: r("m", "smith"),
                outcome: "locksmith".into(),
            },
        ];
        for e in events {
            let back = Event::from_parts(e.kind(), &e.payload()).expect("parse");
            assert_eq!(back, e);
        }
    }

    #[test]
    fn a_damaged_payload_is_an_error_not_a_panic() {
        assert!(Event::from_parts("answer", "{not json").is_err());
        assert!(Event::from_parts("answer", "{\"at\": 3}").is_err());
        assert!(Event::from_parts("launch", "{}").is_err());
    }

    #[test]
    fn logged_serializes_flat() {
        let l = Logged {
            seq: 1,
            time: 5,
            agent: None,
            event: Event::CaseRef { text: "A".into() },
        };
        let v = serde_json::to_value(&l).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"seq": 1, "time": 5, "kind": "case-ref", "data": {"text": "A"}})
        );
    }
}
