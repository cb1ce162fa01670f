//! Search results as shown: the [`Hit`] and which of its characters to highlight.

use std::collections::HashSet;

use serde::Serialize;

use super::index::SearchIndex;
use super::text::analyze;
use crate::session::Pos;
use crate::tree::NodeKind;

/// Why a hit is where it is, beyond its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum Reason {
    /// Ranked by its words.
    Words,
    /// The danger reader fired: these words of the message set it off.
    Danger {
        /// The kind of emergency.
        kind: super::danger::DangerKind,
        /// The words, as the caller wrote them.
        words: Vec<String>,
    },
    /// The message names locks of different brands: which one is it?
    WhichLock {
        /// The candidate model ids.
        candidates: Vec<String>,
    },
    /// No lock was named: the identification guide.
    Identify,
}

/// One search result: a node as seen from one model, ready to show as
/// "model › path › node" and to jump to with [`crate::session::Session::jump`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Tree index of the model in the catalog (of the identification guide for
    /// [`Reason::WhichLock`] and [`Reason::Identify`]).
    pub model: usize,
    /// The model's id.
    pub model_id: String,
    /// The model's display name ("Brand Name").
    pub model_name: String,
    /// The call stack to jump to: the bottom frame is in the model tree (a shared procedure's
    /// node has the calling `procedure` node below it), the top frame is the node.
    pub stack: Vec<Pos>,
    /// The node's id (unique within its tree; the top of `stack` names the tree).
    pub node_id: String,
    /// The node's kind.
    pub kind: NodeKind,
    /// The node's title, placeholders filled.
    pub title: String,
    /// The answers on a shortest walk from the model's start to the node.
    pub path: Vec<String>,
    /// Higher is better. Only meaningful against other hits of the same query.
    pub score: i64,
    /// Char indices of `title` to highlight.
    pub title_matches: Vec<usize>,
    /// For each label of `path`, the char indices to highlight.
    pub path_matches: Vec<Vec<usize>>,
    /// Char indices of `model_name` to highlight (brand or model words in the query).
    pub model_matches: Vec<usize>,
    /// The keyword or choice label that matched the query better than the title did, if any.
    pub snippet: Option<Snippet>,
    /// The words of the message this hit matched.
    pub words: Vec<String>,
    /// Why it ranks here.
    pub reason: Reason,
}

impl Hit {
    /// The node: the top of the stack.
    #[must_use]
    pub fn pos(&self) -> Pos {
        self.stack.last().copied().unwrap_or(Pos {
            tree: self.model,
            node: 0,
        })
    }
}

/// A piece of the node's text that explains the match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The text (a keyword, or the label of a choice leading to the node).
    pub text: String,
    /// Char indices of `text` to highlight.
    pub matches: Vec<usize>,
}

/// Char indices of `text` whose words have one of `stems` (or are one of `words`).
pub(crate) fn marks(text: &str, stems: &HashSet<&str>, words: &HashSet<&str>) -> Vec<usize> {
    analyze(text)
        .into_iter()
        .filter(|t| !t.stop && (stems.contains(t.stem.as_str()) || words.contains(t.text.as_str())))
        .flat_map(|t| t.start..t.end)
        .collect()
}

/// The matched words of `text` (normalised), in order, once each.
fn matched_words(text: &str, stems: &HashSet<&str>, out: &mut Vec<String>) {
    for t in analyze(text) {
        if !t.stop && stems.contains(t.stem.as_str()) && !out.contains(&t.text) {
            out.push(t.text);
        }
    }
}

/// What a hit shows, worked out from its entry.
pub(crate) struct Shown<'a> {
    pub stems: HashSet<&'a str>,
    pub names: HashSet<&'a str>,
}

impl SearchIndex {
    /// Builds the hit for entry `e`.
    pub(crate) fn make_hit(
        &self,
        catalog: &crate::catalog::Catalog,
        e: u32,
        score: f32,
        shown: &Shown<'_>,
        reason: Reason,
    ) -> Option<Hit> {
        let entry = self.entries.get(e as usize)?;
        let model = self.models.get(entry.model as usize)?;
        let doc = &self.docs[entry.doc as usize];
        let node = catalog.node(doc.pos);
        let info = catalog.trees[model.tree].model();
        let title = crate::tree::text::fill_placeholders(&node.title, info);
        let path: Vec<String> = entry
            .path
            .iter()
            .filter_map(|&l| self.labels.get(l as usize).cloned())
            .collect();
        let none = HashSet::new();
        let mut words = Vec::new();
        matched_words(&title, &shown.stems, &mut words);
        let mut snippet: Option<(usize, String)> = None;
        let texts = node.keywords.iter().chain(
            catalog
                .trees
                .get(doc.pos.tree)
                .into_iter()
                .flat_map(|t| t.nodes.iter())
                .flat_map(|n| match &n.body {
                    crate::tree::NodeBody::Question { choices } => choices
                        .iter()
                        .filter(|c| c.next == crate::tree::Target::Node(doc.pos.node))
                        .map(|c| &c.label)
                        .collect::<Vec<_>>(),
                    _ => Vec::new(),
                }),
        );
        let in_title = marks(&title, &shown.stems, &none).len();
        for t in texts {
            let t = crate::tree::text::fill_placeholders(t, info);
            let n = marks(&t, &shown.stems, &none).len();
            if n > in_title && snippet.as_ref().is_none_or(|(b, _)| n > *b) {
                snippet = Some((n, t));
            }
        }
        if let Some((_, s)) = &snippet {
            matched_words(s, &shown.stems, &mut words);
        }
        for p in &path {
            matched_words(p, &shown.stems, &mut words);
        }
        Some(Hit {
            model: model.tree,
            model_id: model.id.clone(),
            model_name: model.name.clone(),
            stack: entry.stack.to_vec(),
            node_id: node.id.clone(),
            kind: doc.kind,
            title_matches: marks(&title, &shown.stems, &none),
            title,
            path_matches: path.iter().map(|p| marks(p, &shown.stems, &none)).collect(),
            path,
            score: (score * 1000.0) as i64,
            model_matches: marks(&model.name, &none, &shown.names),
            snippet: snippet.map(|(_, text)| Snippet {
                matches: marks(&text, &shown.stems, &none),
                text,
            }),
            words,
            reason,
        })
    }
}
