//! Search results as shown: the [`Hit`] and which of its characters to highlight.

use std::collections::HashSet;

use serde::Serialize;

use super::index::SearchIndex;
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

/// Calls `f(start, end, word)` for each word of `text` that is not a stop word, with its char
/// range; a light pass for highlighting (no clauses, no negation, one buffer).
fn each_word(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let mut buf = String::new();
    let mut chars = Vec::new();
    let mut start = 0;
    let mut n = 0;
    let mut flush = |buf: &mut String, start: usize, end: usize| {
        if !buf.is_empty() && !super::text::is_stop(buf) {
            f(start, end, buf);
        }
        buf.clear();
    };
    let mut prev_alnum = false;
    let all: Vec<char> = text.chars().collect();
    for (i, &c) in all.iter().enumerate() {
        chars.clear();
        n = i + 1;
        if super::normalize::push_normalised(c, &mut chars) {
            if buf.is_empty() {
                start = i;
            }
            buf.extend(chars.iter());
            prev_alnum = true;
            continue;
        }
        // Apostrophes and hyphens inside a word join it, as the analyser does.
        let joins = matches!(c, '\'' | '\u{2019}' | '-' | '.')
            && prev_alnum
            && all.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if joins {
            continue;
        }
        prev_alnum = false;
        flush(&mut buf, start, i);
    }
    flush(&mut buf, start, n);
}

/// Char indices of `text` whose words have one of `stems` (or are one of `words`), and the
/// matched words themselves (added to `found` once each).
pub(crate) fn scan(
    text: &str,
    stems: &HashSet<&str>,
    words: &HashSet<&str>,
    found: Option<&mut Vec<String>>,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut hits: Vec<String> = Vec::new();
    each_word(text, |a, b, w| {
        let yes = words.contains(w) || super::matcher::with_stem(w, |s| stems.contains(s));
        if yes {
            out.extend(a..b);
            if !hits.iter().any(|h| h == w) {
                hits.push(w.to_string());
            }
        }
    });
    if let Some(found) = found {
        for h in hits {
            if !found.contains(&h) {
                found.push(h);
            }
        }
    }
    out
}

/// Char indices of `text` whose words have one of `stems` (or are one of `words`).
pub(crate) fn marks(text: &str, stems: &HashSet<&str>, words: &HashSet<&str>) -> Vec<usize> {
    scan(text, stems, words, None)
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
        let title_matches = scan(&title, &shown.stems, &none, Some(&mut words));
        let mut snippet: Option<(usize, String)> = None;
        let labels = self
            .doc_labels
            .get(entry.doc as usize)
            .map_or(&[][..], |l| l);
        let texts = node
            .keywords
            .iter()
            .chain(labels.iter().filter_map(|&l| self.labels.get(l as usize)));
        let in_title = title_matches.len();
        for t in texts {
            let t = crate::tree::text::fill_placeholders(t, info);
            let n = marks(&t, &shown.stems, &none).len();
            if n > in_title && snippet.as_ref().is_none_or(|(b, _)| n > *b) {
                snippet = Some((n, t));
            }
        }
        let snippet = snippet.map(|(_, text)| Snippet {
            matches: scan(&text, &shown.stems, &none, Some(&mut words)),
            text,
        });
        let path_matches = path
            .iter()
            .map(|p| scan(p, &shown.stems, &none, Some(&mut words)))
            .collect();
        Some(Hit {
            model: model.tree,
            model_id: model.id.clone(),
            model_name: model.name.clone(),
            stack: entry.stack.to_vec(),
            node_id: node.id.clone(),
            kind: doc.kind,
            title_matches,
            title,
            path_matches,
            path,
            score: (score * 1000.0) as i64,
            model_matches: marks(&model.name, &none, &shown.names),
            snippet,
            words,
            reason,
        })
    }
}
