//! Reading a node's text into terms for the index: which texts go in which field, and the
//! builder of the term dictionary and postings.

use std::collections::{HashMap, HashSet};

use super::FIELDS;
use crate::catalog::Catalog;
use crate::search::concepts::Concepts;
use crate::search::index::Post;
use crate::search::text::{Tok, analyze};
use crate::tree::{ModelInfo, Node, NodeBody, Target};

/// Fields whose neighbouring words are also indexed as pairs (phrases).
const PHRASE_FIELDS: usize = 3;

/// The texts of a node by field (title, keywords, labels and path are added by the caller).
pub(super) fn node_texts(node: &Node) -> (Vec<&str>, Option<&str>, Vec<&str>) {
    let keywords = node.keywords.iter().map(String::as_str).collect();
    let help = node.help.as_deref();
    let mut body: Vec<&str> = Vec::new();
    match &node.body {
        NodeBody::Remedy {
            steps,
            cautions,
            tools,
            ..
        } => body.extend(
            steps
                .iter()
                .chain(cautions)
                .chain(tools)
                .map(String::as_str),
        ),
        NodeBody::Locksmith {
            why, tell, bring, ..
        } => {
            body.push(why);
            body.extend(tell.iter().chain(bring).map(String::as_str));
        }
        NodeBody::Manufacturer {
            why,
            contact,
            have_ready,
        } => {
            body.push(why);
            body.push(contact);
            body.extend(have_ready.iter().map(String::as_str));
        }
        NodeBody::Emergency { why, actions } => {
            body.push(why);
            body.extend(actions.iter().map(String::as_str));
        }
        _ => {}
    }
    (keywords, help, body)
}

/// A text with its placeholders filled for one model, or emptied for a shared node.
pub(super) fn fill(s: &str, info: Option<&ModelInfo>) -> String {
    match info {
        Some(i) => crate::tree::text::fill_placeholders(s, Some(i)),
        None if s.contains('{') => s
            .replace("{brand}", "")
            .replace("{name}", "")
            .replace("{power}", "")
            .replace("{keyway}", ""),
        None => s.to_string(),
    }
}

/// Labels of the choices that lead to each node, by tree then node.
pub(super) fn incoming_labels(catalog: &Catalog) -> Vec<Vec<Vec<&str>>> {
    catalog
        .trees
        .iter()
        .map(|t| {
            let mut inc: Vec<Vec<&str>> = vec![Vec::new(); t.nodes.len()];
            for n in &t.nodes {
                if let NodeBody::Question { choices } = &n.body {
                    for c in choices {
                        if let Target::Node(i) = c.next
                            && let Some(v) = inc.get_mut(i)
                            && !v.contains(&c.label.as_str())
                        {
                            v.push(&c.label);
                        }
                    }
                }
            }
            inc
        })
        .collect()
}

/// Gathers terms per (key, field) for one document.
#[derive(Default)]
pub(super) struct DocTerms {
    pub(super) counts: HashMap<(u32, u8), u32>,
    pub(super) len: [u16; FIELDS],
}

/// Builds the term dictionary and postings.
#[derive(Default)]
pub(super) struct Builder {
    pub(super) terms: HashMap<String, u32>,
    pub(super) posts: Vec<Vec<Post>>,
    pub(super) df: Vec<u32>,
    pub(super) surface: HashSet<String>,
    /// Name words to watch for, and the model trees whose own text uses each.
    pub(super) watch: HashSet<String>,
    pub(super) watched: HashMap<String, HashSet<usize>>,
    /// The model tree being read (`usize::MAX` for shared procedures).
    pub(super) tree: usize,
}

impl Builder {
    pub(super) fn term(&mut self, key: &str) -> u32 {
        if let Some(&t) = self.terms.get(key) {
            return t;
        }
        let t = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.insert(key.to_string(), t);
        self.posts.push(Vec::new());
        self.posts.push(Vec::new());
        self.df.push(0);
        t
    }

    /// Adds the words of `text` to field `f` of a document.
    pub(super) fn add(&mut self, d: &mut DocTerms, concepts: &Concepts, f: usize, text: &str) {
        let toks = analyze(text);
        let fu8 = u8::try_from(f).unwrap_or(0);
        let mut content: Vec<&Tok> = Vec::new();
        for t in &toks {
            if t.stop {
                continue;
            }
            self.surface.insert(t.text.clone());
            if self.tree != usize::MAX && self.watch.contains(&t.text) {
                self.watched
                    .entry(t.text.clone())
                    .or_default()
                    .insert(self.tree);
            }
            let id = self.term(&t.stem);
            *d.counts
                .entry((id * 2 + u32::from(t.neg), fu8))
                .or_default() += 1;
            content.push(t);
        }
        for c in concepts.find(&toks) {
            let id = self.term(&format!("~{}", c.group));
            *d.counts
                .entry((id * 2 + u32::from(c.neg), fu8))
                .or_default() += 1;
        }
        if f < PHRASE_FIELDS {
            for w in content.windows(2) {
                if w[0].clause == w[1].clause {
                    let id = self.term(&format!("{} {}", w[0].stem, w[1].stem));
                    *d.counts.entry((id * 2, fu8)).or_default() += 1;
                }
            }
        }
        let n = content.len().min(usize::from(u16::MAX));
        d.len[f] = d.len[f].saturating_add(u16::try_from(n).unwrap_or(u16::MAX));
    }

    pub(super) fn finish_doc(&mut self, doc: u32, d: DocTerms) {
        let mut keys: Vec<((u32, u8), u32)> = d.counts.into_iter().collect();
        keys.sort_unstable();
        let mut last_term = u32::MAX;
        for ((key, field), tf) in keys {
            let term = key / 2;
            if term != last_term {
                self.df[term as usize] += 1;
                last_term = term;
            }
            self.posts[key as usize].push(Post {
                doc,
                field,
                tf: u8::try_from(tf).unwrap_or(u8::MAX),
            });
        }
    }
}
