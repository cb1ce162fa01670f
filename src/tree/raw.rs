//! The tree file format exactly as it is written in YAML (see `docs/tree-format.md`).
//!
//! These structs mirror the file one to one, keep the line and column of every value the
//! validator may need to point at ([`Spanned`]), and reject unknown keys. Nothing here is
//! checked beyond YAML types; `validate` proves the content sound and `model` is the clean form
//! the rest of the program walks.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A spanned string: the text plus where it stands in the file.
pub type Text = Spanned<String>;

/// One tree file: a model, a shared procedure, a guide, the synonyms list or the source
/// registry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// Format version; must be 1.
    pub format: Option<Spanned<u32>>,
    /// Present in a model tree.
    pub model: Option<Spanned<RawModel>>,
    /// Present in a shared procedure.
    pub procedure: Option<Spanned<RawHeader>>,
    /// Present in a guide (a tree that belongs to no model).
    pub guide: Option<Spanned<RawHeader>>,
    /// Present in the synonyms file.
    pub synonyms: Option<Vec<Vec<Text>>>,
    /// Present in the source registry: the sources trees cite, by code.
    pub sources: Option<Vec<Spanned<RawSource>>>,
    /// Id of the first node.
    pub start: Option<Text>,
    /// The nodes, in file order.
    #[serde(default)]
    pub nodes: Vec<Spanned<RawNode>>,
    /// Path tests run by `check`.
    #[serde(default)]
    pub tests: Vec<Spanned<RawPathTest>>,
}

/// The `model:` block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    /// Stable id used on the command line.
    pub id: Option<Text>,
    /// Brand, for grouping in the picker.
    pub brand: Option<Text>,
    /// Model name.
    pub name: Option<Text>,
    /// Other names people use.
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// Cylinder type keyword.
    pub cylinder: Option<Text>,
    /// Keyway in words.
    pub keyway: Option<Text>,
    /// Power and battery type.
    pub power: Option<Text>,
    /// Emergency power options.
    pub emergency_power: Option<Vec<Text>>,
    /// Radios and hubs.
    pub connectivity: Option<Vec<Text>>,
    /// Date of last review, `YYYY-MM-DD`.
    pub reviewed: Option<Text>,
    /// Source tags.
    pub sources: Option<Vec<Text>>,
}

/// The `procedure:` or `guide:` block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    /// Stable id.
    pub id: Option<Text>,
    /// Human title.
    pub title: Option<Text>,
    /// Source tags.
    #[serde(default)]
    pub sources: Vec<Text>,
}

/// One node with every field any kind may use; `validate` checks which belong to its kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    /// Node id, unique in the file.
    pub id: Option<Text>,
    /// Node kind keyword.
    pub kind: Option<Text>,
    /// Prompt or title.
    pub title: Option<Text>,
    /// Optional help or explanation.
    pub help: Option<Text>,
    /// Search words.
    #[serde(default)]
    pub keywords: Vec<Text>,
    /// Source tags.
    #[serde(default)]
    pub sources: Vec<Text>,
    /// Question choices.
    pub choices: Option<Vec<Spanned<RawChoice>>>,
    /// Remedy steps.
    pub steps: Option<Vec<Text>>,
    /// Remedy cautions.
    pub cautions: Option<Vec<Text>>,
    /// Remedy tools or parts.
    pub tools: Option<Vec<Text>>,
    /// Remedy: where "yes, fixed" leads.
    pub fixed: Option<Text>,
    /// Remedy: where "no, not fixed" leads.
    pub not_fixed: Option<Text>,
    /// Outcome: why.
    pub why: Option<Text>,
    /// Locksmith urgency keyword.
    pub urgency: Option<Text>,
    /// Locksmith: what to tell them.
    pub tell: Option<Vec<Text>>,
    /// Locksmith: what they should bring.
    pub bring: Option<Vec<Text>>,
    /// Locksmith: the card's own words, written for the locksmith.
    pub card: Option<Spanned<RawCard>>,
    /// Manufacturer: who to contact.
    pub contact: Option<Text>,
    /// Manufacturer: what to have ready.
    pub have_ready: Option<Vec<Text>>,
    /// Emergency: what to do.
    pub actions: Option<Vec<Text>>,
    /// Procedure node: which procedure.
    pub procedure: Option<Text>,
    /// Procedure node: where control continues.
    pub next: Option<Text>,
    /// Open-model node: which model.
    pub model: Option<Text>,
}

/// A locksmith outcome's `card:` block: `why` and `tell` as the locksmith reads them on the
/// card, in the third person ("The customer cannot get in"), while the owner keeps reading
/// the outcome's own `why` and `tell`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCard {
    /// The situation, for the locksmith.
    pub why: Option<Text>,
    /// What the customer will tell them, for the locksmith (the outcome's `tell` when absent).
    pub tell: Option<Vec<Text>>,
}

/// One choice of a question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    /// What the user reads.
    pub label: Option<Text>,
    /// Where it leads.
    pub next: Option<Text>,
    /// Facts answering with this choice records, by fact name (see `tree::facts`).
    pub sets: Option<std::collections::BTreeMap<String, Text>>,
}

/// One path test.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPathTest {
    /// Name shown when it fails.
    pub name: Option<Text>,
    /// Symptom family covered.
    pub family: Option<Text>,
    /// Answers, as for `walk --answer`.
    #[serde(default)]
    pub answers: Vec<Text>,
    /// Kind of node expected at the end.
    pub expect: Option<Text>,
    /// Node id expected at the end.
    pub node: Option<Text>,
}

/// One entry of the source registry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// The code trees cite, such as `AU3`.
    pub code: Option<Text>,
    /// What the source is, in words.
    pub title: Option<Text>,
    /// Where to read it, when it has an address.
    pub url: Option<Text>,
}
