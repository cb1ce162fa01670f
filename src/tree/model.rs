//! The clean, validated form of a tree that sessions, search and the TUI walk.
//!
//! Built from [`super::raw`] only after validation passed, so every target here resolves and
//! every required field is present. Nodes are addressed by index inside their tree; trees by
//! index inside the [`crate::catalog::Catalog`].

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

/// Where a tree file came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "path")]
pub enum Origin {
    /// Embedded in the binary; the name is its path under `trees/`.
    BuiltIn(String),
    /// Loaded from a file given with `--trees` or `check PATH`.
    File(String),
}

impl Origin {
    /// The file name to show in messages.
    #[must_use]
    pub fn display_path(&self) -> &str {
        match self {
            Self::BuiltIn(p) | Self::File(p) => p,
        }
    }

    /// `built-in` or the path, for `lockdiag list`.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::BuiltIn(_) => "built-in".to_string(),
            Self::File(p) => p.clone(),
        }
    }
}

/// The kind of cylinder a lock has, which decides how it can be rekeyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cylinder {
    /// Kwikset SmartKey: user-rekeyable with the working key.
    Smartkey,
    /// A standard pin-tumbler cylinder.
    PinTumbler,
    /// No keyway at all.
    None,
    /// Keeps the door's own cylinder.
    Retrofit,
    /// Not known.
    Unknown,
}

impl Cylinder {
    /// Every keyword, in the order the format documents them.
    pub const KEYWORDS: [&'static str; 5] =
        ["smartkey", "pin-tumbler", "none", "retrofit", "unknown"];

    /// Parses a format keyword.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "smartkey" => Self::Smartkey,
            "pin-tumbler" => Self::PinTumbler,
            "none" => Self::None,
            "retrofit" => Self::Retrofit,
            "unknown" => Self::Unknown,
            _ => return None,
        })
    }

    /// Words for a person.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Smartkey => "Kwikset SmartKey (rekeyable with a working key)",
            Self::PinTumbler => "pin tumbler",
            Self::None => "no keyway",
            Self::Retrofit => "retrofit: keeps the door's own cylinder",
            Self::Unknown => "unknown",
        }
    }
}

/// Facts about a lock model that a locksmith needs before a visit.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    /// Stable id used on the command line.
    pub id: String,
    /// Brand.
    pub brand: String,
    /// Model name.
    pub name: String,
    /// Other names people use.
    pub aliases: Vec<String>,
    /// Cylinder type.
    pub cylinder: Cylinder,
    /// Keyway in words.
    pub keyway: String,
    /// Power and battery type.
    pub power: String,
    /// Emergency power options (`key`, `9v`, `usb`, `none`).
    pub emergency_power: Vec<String>,
    /// Radios and hubs.
    pub connectivity: Vec<String>,
    /// When the tree was last reviewed.
    pub reviewed: String,
    /// Source tags.
    pub sources: Vec<String>,
}

impl ModelInfo {
    /// "Brand Name".
    #[must_use]
    pub fn full_name(&self) -> String {
        // "Generic" is no brand: "Generic Unknown or unlisted smart lock" would run the two
        // together, so the generic model is called by its name alone.
        if self.name.starts_with(&self.brand) || self.brand.eq_ignore_ascii_case("generic") {
            self.name.clone()
        } else {
            format!("{} {}", self.brand, self.name)
        }
    }
}

/// What a tree file is.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum TreeKind {
    /// A lock model's tree.
    Model(Box<ModelInfo>),
    /// A shared procedure.
    Procedure {
        /// Title.
        title: String,
    },
    /// A tree of no model (identification).
    Guide {
        /// Title.
        title: String,
    },
}

/// How urgent a locksmith visit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    /// Someone needs in now, or the door cannot be secured.
    Emergency,
    /// Today.
    Today,
    /// Can wait for an appointment.
    CanWait,
}

impl Urgency {
    /// Parses a format keyword.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "emergency" => Self::Emergency,
            "today" => Self::Today,
            "can-wait" => Self::CanWait,
            _ => return None,
        })
    }

    /// The word shown next to the colour, so colour is never the only signal.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Emergency => "EMERGENCY",
            Self::Today => "TODAY",
            Self::CanWait => "CAN WAIT",
        }
    }
}

/// A place a choice or remedy answer leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// A node of the same tree, by index.
    Node(usize),
    /// End of the procedure: back to the caller.
    Return,
}

/// One answer of a question.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// What the user reads.
    pub label: String,
    /// Where it leads.
    pub next: Target,
    /// Facts answering with it records (validated names and values).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sets: Vec<(super::facts::Fact, String)>,
}

/// What a node is and what it holds.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum NodeBody {
    /// A question with choices.
    Question {
        /// The choices, in order.
        choices: Vec<Choice>,
    },
    /// Steps to try, then "Did this fix it?".
    Remedy {
        /// Ordered steps.
        steps: Vec<String>,
        /// Warnings that must not be missed.
        cautions: Vec<String>,
        /// Tools or parts needed.
        tools: Vec<String>,
        /// Where "yes" leads.
        fixed: Target,
        /// Where "no" leads.
        not_fixed: Target,
    },
    /// Solved.
    Resolved,
    /// Call a locksmith.
    Locksmith {
        /// Why.
        why: String,
        /// How urgent.
        urgency: Urgency,
        /// What to tell them.
        tell: Vec<String>,
        /// What they should bring.
        bring: Vec<String>,
        /// The situation as the card tells the locksmith (`card.why`), when written.
        card_why: Option<String>,
        /// What the customer will tell them, as the card words it (`card.tell`; empty: `tell`).
        card_tell: Vec<String>,
    },
    /// Contact the manufacturer.
    Manufacturer {
        /// Why.
        why: String,
        /// Who and how.
        contact: String,
        /// What to have ready.
        have_ready: Vec<String>,
    },
    /// Call emergency services.
    Emergency {
        /// Why.
        why: String,
        /// What to do.
        actions: Vec<String>,
    },
    /// Hand over to a shared procedure.
    Procedure {
        /// Index of the procedure tree in the catalog.
        procedure: usize,
        /// Where control comes back.
        next: Target,
    },
    /// Open another model's tree.
    OpenModel {
        /// Index of the model tree in the catalog.
        model: usize,
    },
}

/// The kind of a node, as a plain word for output and counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// A question.
    Question,
    /// A remedy.
    Remedy,
    /// Resolved.
    Resolved,
    /// Call a locksmith.
    Locksmith,
    /// Manufacturer support.
    Manufacturer,
    /// Emergency services.
    Emergency,
    /// Procedure call.
    Procedure,
    /// Open another model.
    OpenModel,
}

impl NodeKind {
    /// Every kind keyword in the format.
    pub const KEYWORDS: [&'static str; 8] = [
        "question",
        "remedy",
        "resolved",
        "locksmith",
        "manufacturer",
        "emergency",
        "procedure",
        "open-model",
    ];

    /// The outcome kinds, in the order "can still end in" lists them.
    pub const OUTCOMES: [NodeKind; 4] = [
        NodeKind::Resolved,
        NodeKind::Locksmith,
        NodeKind::Manufacturer,
        NodeKind::Emergency,
    ];

    /// Parses a format keyword.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "question" => Self::Question,
            "remedy" => Self::Remedy,
            "resolved" => Self::Resolved,
            "locksmith" => Self::Locksmith,
            "manufacturer" => Self::Manufacturer,
            "emergency" => Self::Emergency,
            "procedure" => Self::Procedure,
            "open-model" => Self::OpenModel,
            _ => return None,
        })
    }

    /// The format keyword.
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Remedy => "remedy",
            Self::Resolved => "resolved",
            Self::Locksmith => "locksmith",
            Self::Manufacturer => "manufacturer",
            Self::Emergency => "emergency",
            Self::Procedure => "procedure",
            Self::OpenModel => "open-model",
        }
    }

    /// Whether a walk ends here.
    #[must_use]
    pub fn is_outcome(self) -> bool {
        Self::OUTCOMES.contains(&self)
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// One node of a tree.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Id, unique in its tree.
    pub id: String,
    /// Title or prompt (empty only for procedure and open-model nodes).
    pub title: String,
    /// Optional help text.
    pub help: Option<String>,
    /// Search words.
    pub keywords: Vec<String>,
    /// Source tags.
    pub sources: Vec<String>,
    /// Line of the node in its file.
    #[serde(skip)]
    pub line: u64,
    /// Column of the node in its file.
    #[serde(skip)]
    pub column: u64,
    /// What the node is.
    #[serde(flatten)]
    pub body: NodeBody,
}

impl Node {
    /// The node's kind.
    #[must_use]
    pub fn kind(&self) -> NodeKind {
        match &self.body {
            NodeBody::Question { .. } => NodeKind::Question,
            NodeBody::Remedy { .. } => NodeKind::Remedy,
            NodeBody::Resolved => NodeKind::Resolved,
            NodeBody::Locksmith { .. } => NodeKind::Locksmith,
            NodeBody::Manufacturer { .. } => NodeKind::Manufacturer,
            NodeBody::Emergency { .. } => NodeKind::Emergency,
            NodeBody::Procedure { .. } => NodeKind::Procedure,
            NodeBody::OpenModel { .. } => NodeKind::OpenModel,
        }
    }

    /// The targets this node can lead to, in order.
    #[must_use]
    pub fn targets(&self) -> Vec<&Target> {
        match &self.body {
            NodeBody::Question { choices } => choices.iter().map(|c| &c.next).collect(),
            NodeBody::Remedy {
                fixed, not_fixed, ..
            } => vec![fixed, not_fixed],
            NodeBody::Procedure { next, .. } => vec![next],
            _ => Vec::new(),
        }
    }
}

/// A path test written in a tree file.
#[derive(Debug, Clone, Serialize)]
pub struct PathTest {
    /// Name.
    pub name: String,
    /// Symptom family covered.
    pub family: Option<String>,
    /// Answers as `walk --answer` takes them.
    pub answers: Vec<String>,
    /// Kind expected at the end.
    pub expect: Option<String>,
    /// Node id expected at the end.
    pub node: Option<String>,
    /// Line in the file.
    pub line: u64,
}

/// A validated tree: a model, a shared procedure or a guide.
#[derive(Debug, Clone, Serialize)]
pub struct Tree {
    /// Model, procedure or guide id.
    pub id: String,
    /// What it is.
    pub kind: TreeKind,
    /// Where it came from.
    pub origin: Origin,
    /// Hex digest of the file's bytes, so sessions can tell when a tree changed.
    pub content_hash: String,
    /// Index of the start node.
    pub start: usize,
    /// Line and column of the model, procedure or guide block.
    #[serde(skip)]
    pub header: (u64, u64),
    /// Nodes in file order.
    pub nodes: Vec<Node>,
    /// Path tests.
    pub tests: Vec<PathTest>,
    /// Node index by id.
    #[serde(skip)]
    pub index: HashMap<String, usize>,
}

impl Tree {
    /// The model facts, if this is a model tree.
    #[must_use]
    pub fn model(&self) -> Option<&ModelInfo> {
        match &self.kind {
            TreeKind::Model(m) => Some(m),
            _ => None,
        }
    }

    /// The title to show: the model's full name, or the procedure/guide title.
    #[must_use]
    pub fn title(&self) -> String {
        match &self.kind {
            TreeKind::Model(m) => m.full_name(),
            TreeKind::Procedure { title } | TreeKind::Guide { title } => title.clone(),
        }
    }

    /// A node by id.
    #[must_use]
    pub fn node_by_id(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    /// Node counts by kind, for `lockdiag list`.
    #[must_use]
    pub fn counts(&self) -> std::collections::BTreeMap<NodeKind, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for node in &self.nodes {
            *counts.entry(node.kind()).or_insert(0) += 1;
        }
        counts
    }
}
