//! Turning ranked entries into [`Hit`]s for display: the texts, and which of their characters
//! to highlight.

use std::collections::HashMap;

use serde::Serialize;

use super::index::SearchIndex;
use super::query::{Plan, SYNONYM};
use super::words::SegKind;
use crate::session::Pos;
use crate::tree::NodeKind;

/// One search result: a node as seen from one model, ready to show as
/// "model › path › node" and to jump to with [`crate::session::Session::jump`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// Tree index of the model in the catalog.
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

/// Finds the characters to highlight: the vocabulary words the query matched (as the plan
/// recorded them), with positions cached for the hits of one query.
pub(crate) struct Highlighter<'a> {
    index: &'a SearchIndex,
    plan: &'a Plan,
    /// Per vocabulary word: 0 no match, `u16::MAX` a synonym's word, else 1 + the index of
    /// the query word it matched.
    ids: Vec<u16>,
    positions: HashMap<u32, Vec<usize>>,
}

impl<'a> Highlighter<'a> {
    pub(crate) fn new(index: &'a SearchIndex, plan: &'a Plan) -> Self {
        let mut ids = vec![0u16; index.vocab.words.len()];
        for &(id, who) in &plan.marks {
            let value = if who == SYNONYM { u16::MAX } else { who + 1 };
            let slot = &mut ids[id as usize];
            // A query word's own match wins over a synonym's.
            if *slot == 0 || *slot == u16::MAX {
                *slot = value;
            }
        }
        Self {
            index,
            plan,
            ids,
            positions: HashMap::new(),
        }
    }

    /// Char indices (in the word) to highlight in vocabulary word `id`, if it matched.
    fn word(&mut self, id: u32) -> Option<Vec<usize>> {
        let mark = *self.ids.get(id as usize)?;
        if mark == 0 {
            return None;
        }
        if let Some(p) = self.positions.get(&id) {
            return Some(p.clone());
        }
        let t = &self.index.vocab.words[id as usize];
        let p = match self.plan.highlight.get(usize::from(mark - 1)) {
            Some(q) if mark != u16::MAX => self.index.matcher.positions(q, t),
            _ => (0..t.chars.len()).collect(),
        };
        self.positions.insert(id, p.clone());
        Some(p)
    }

    /// How many words of segment `si` (global index) matched.
    fn count(&self, si: u32) -> usize {
        let seg = &self.index.segs[si as usize];
        self.index.toks[seg.start as usize..(seg.start + seg.len) as usize]
            .iter()
            .filter(|&&t| self.ids[t as usize] != 0)
            .count()
    }

    /// Char indices of shown text `id` to highlight.
    pub(crate) fn text(&mut self, id: u32) -> Vec<usize> {
        let index = self.index;
        let Some(shown) = index.texts.shown.get(id as usize) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &(w, start, len) in &shown.words {
            if let Some(p) = self.word(w) {
                let origin =
                    &index.texts.origins[start as usize..start as usize + usize::from(len)];
                out.extend(
                    p.into_iter()
                        .filter_map(|i| origin.get(i).map(|&o| usize::from(o))),
                );
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Builds the hit for entry `e`.
pub(crate) fn make_hit(hl: &mut Highlighter<'_>, e: u32, score: i64) -> Hit {
    let index = hl.index;
    let entry = &index.entries[e as usize];
    let model = &index.models[entry.model as usize];
    let title_matches = hl.text(entry.title_text);
    // The keyword or label with the most matching words, if it beats the title.
    let mut in_title = 0;
    let mut snippet: Option<(u32, usize)> = None;
    for si in entry.segs.0..entry.segs.1 {
        let seg = &index.segs[si as usize];
        if seg.kind == SegKind::Title {
            in_title = hl.count(si);
            continue;
        }
        if seg.text.is_none() {
            continue;
        }
        let n = hl.count(si);
        let better = match snippet {
            None => n > in_title,
            // Prefer labels (what the caller would have picked) on a tie.
            Some((_, best)) => n > best || (n == best && seg.kind == SegKind::Label),
        };
        if better && n > 0 {
            snippet = Some((si, n));
        }
    }
    let snippet = snippet.and_then(|(si, _)| {
        let id = index.segs[si as usize].text?;
        Some(Snippet {
            text: index.texts.shown.get(id as usize)?.text.to_string(),
            matches: hl.text(id),
        })
    });
    Hit {
        model: model.tree,
        model_id: model.id.clone(),
        model_name: model.name.clone(),
        stack: entry.stack.clone(),
        node_id: entry.node_id.clone(),
        kind: entry.kind,
        title: entry.title.clone(),
        path_matches: entry.path_texts.iter().map(|&t| hl.text(t)).collect(),
        path: entry.path.clone(),
        score,
        title_matches,
        model_matches: hl.text(model.name_text),
        snippet,
    }
}
