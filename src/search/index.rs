//! Building the search index: one entry per (model, node) a walk of that model can show, its
//! text cut into weighted segments of interned words, an inverted index from words to the
//! places they occur, each model's distinctive brand and model words, and the synonyms.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::matcher::{Matcher, char_mask};
use super::paths::locate;
use super::words::{Seg, SegBuilder, SegKind, Synonyms, Texts, Vocab};
use crate::catalog::Catalog;
use crate::session::Pos;
use crate::tree::text::fill_placeholders;
use crate::tree::{ModelInfo, Node, NodeBody, NodeKind, TreeKind};

/// Weight of a brand or model word matching the model a node belongs to.
pub(crate) const MODEL_WEIGHT: u32 = 12;
/// Weight of a common word of a model's name ("connect" in "Schlage Connect") for its nodes.
pub(crate) const NAME_WEIGHT: u32 = 2;

/// One searchable node as seen from one model.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Slot in [`SearchIndex::models`].
    pub model: u32,
    pub stack: Vec<Pos>,
    pub path: Vec<String>,
    pub node_id: String,
    pub kind: NodeKind,
    /// The title with placeholders filled.
    pub title: String,
    /// The title and the path's labels as shown texts.
    pub title_text: u32,
    pub path_texts: Vec<u32>,
    /// Range in [`SearchIndex::segs`].
    pub segs: (u32, u32),
    /// Number of words in all segments (the cost of scanning this entry).
    pub ntoks: u32,
    /// Rank in (model id, node id, stack) order, for stable ties.
    pub order: u32,
    /// Answers between the start and the node.
    pub depth: u8,
    /// Bit `i` set when segment `i` is a title, keyword or label.
    pub strong: u64,
}

/// What scoring reads of every entry, packed together (it is read for many entries at
/// once).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hot {
    pub order: u32,
    pub depth: u8,
    pub strong: u64,
}

/// A place a word occurs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Posting {
    pub entry: u32,
    /// Segment index within the entry.
    pub seg: u8,
    /// The segment's weight (kept here so scoring need not look the segment up).
    pub weight: u8,
    /// Word position within the segment.
    pub pos: u16,
}

/// A model in the index.
#[derive(Debug, Clone)]
pub(crate) struct ModelSlot {
    /// Tree index in the catalog.
    pub tree: usize,
    pub id: String,
    /// "Brand Name".
    pub name: String,
    /// The name as a shown text.
    pub name_text: u32,
    /// Range of its entries.
    pub entries: (u32, u32),
}

/// Everything search needs, built once from a catalog. See [`super`] for how it is used.
#[derive(Debug)]
pub struct SearchIndex {
    /// Unique per index, so a [`super::Searcher`] notices it was handed another one.
    pub(crate) id: u64,
    pub(crate) entries: Vec<Entry>,
    /// Per entry, packed: see [`Hot`].
    pub(crate) hot: Vec<Hot>,
    /// Words in entries before entry `i` (so a range's scanning cost is a subtraction).
    pub(crate) toks_before: Vec<u64>,
    /// Per entry, the first letters of its words, one bit each (see `matcher::char_mask`).
    pub(crate) letters: Vec<u64>,
    pub(crate) segs: Vec<Seg>,
    pub(crate) toks: Vec<u32>,
    pub(crate) vocab: Vocab,
    pub(crate) texts: Texts,
    /// Postings of word `w` are `posts[post_start[w]..post_start[w + 1]]`, by entry.
    pub(crate) post_start: Vec<u32>,
    pub(crate) posts: Vec<Posting>,
    pub(crate) models: Vec<ModelSlot>,
    /// For each model word, the model slots it names (true: distinctly, a brand word).
    pub(crate) model_words: HashMap<u32, Vec<(u32, bool)>>,
    pub(crate) synonyms: Synonyms,
    pub(crate) matcher: Matcher,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The texts of a node besides its title, by kind.
fn node_texts(node: &Node, info: &ModelInfo) -> (Vec<String>, Option<String>, Vec<String>) {
    let fill = |s: &str| fill_placeholders(s, Some(info));
    let keywords = node.keywords.iter().map(|k| fill(k)).collect();
    let help = node.help.as_deref().map(fill);
    let mut body: Vec<&str> = Vec::new();
    match &node.body {
        NodeBody::Remedy {
            steps,
            cautions,
            tools,
            ..
        } => {
            body.extend(
                steps
                    .iter()
                    .chain(cautions)
                    .chain(tools)
                    .map(String::as_str),
            );
        }
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
    (keywords, help, body.into_iter().map(fill).collect())
}

/// Labels of the choices that lead to each node, by tree then node.
fn incoming_labels(catalog: &Catalog) -> Vec<Vec<Vec<String>>> {
    catalog
        .trees
        .iter()
        .map(|t| {
            let mut inc: Vec<Vec<String>> = vec![Vec::new(); t.nodes.len()];
            for n in &t.nodes {
                if let NodeBody::Question { choices } = &n.body {
                    for c in choices {
                        if let crate::tree::Target::Node(i) = c.next
                            && !inc[i].contains(&c.label)
                        {
                            inc[i].push(c.label.clone());
                        }
                    }
                }
            }
            inc
        })
        .collect()
}

impl SearchIndex {
    /// Builds the index of every node of every model, shared procedure nodes once per model
    /// that calls them. Guides are not indexed (their nodes belong to no model).
    #[must_use]
    pub fn new(catalog: &Catalog) -> Self {
        let incoming = incoming_labels(catalog);
        let mut b = SegBuilder::default();
        let mut entries = Vec::new();
        let mut models = Vec::new();
        for (ti, tree) in catalog.trees.iter().enumerate() {
            let TreeKind::Model(info) = &tree.kind else {
                continue;
            };
            let slot = u32::try_from(models.len()).unwrap_or(u32::MAX);
            let first = u32::try_from(entries.len()).unwrap_or(u32::MAX);
            for loc in locate(catalog, ti) {
                let Some(&top) = loc.stack.last() else {
                    continue;
                };
                let node = catalog.node(top);
                let kind = node.kind();
                if matches!(kind, NodeKind::Procedure | NodeKind::OpenModel) {
                    continue;
                }
                let seg0 = u32::try_from(b.segs.len()).unwrap_or(u32::MAX);
                let tok0 = b.toks.len();
                let title = fill_placeholders(&node.title, Some(info));
                b.seg(SegKind::Title, &title, false, false);
                let title_text = b.texts.add(&title, &mut b.vocab);
                let path_texts = loc
                    .path
                    .iter()
                    .map(|l| b.texts.add(l, &mut b.vocab))
                    .collect();
                let (keywords, help, body) = node_texts(node, info);
                for k in &keywords {
                    b.seg(SegKind::Keyword, k, true, false);
                }
                // Labels leading here; at a procedure's start, those leading to its caller.
                let mut labels: Vec<String> = Vec::new();
                for (depth, p) in loc.stack.iter().enumerate().rev() {
                    for l in &incoming[p.tree][p.node] {
                        let l = fill_placeholders(l, Some(info));
                        if !labels.contains(&l) {
                            labels.push(l);
                        }
                    }
                    if depth == 0 || p.node != catalog.trees[p.tree].start {
                        break;
                    }
                }
                for l in &labels {
                    b.seg(SegKind::Label, l, true, false);
                }
                if let Some(h) = &help {
                    b.seg(SegKind::Help, h, false, false);
                }
                for l in loc.path.iter().filter(|l| !labels.contains(l)) {
                    b.seg(SegKind::Path, l, false, false);
                }
                b.seg(SegKind::Body, &body.join("\n"), false, true);
                // Segment indices are u8 (and past 63 share a mask bit); drop any beyond.
                if b.segs.len() > seg0 as usize + 255 {
                    b.segs.truncate(seg0 as usize + 255);
                    let end = b.segs.last().map_or(tok0, |s| (s.start + s.len) as usize);
                    b.toks.truncate(end);
                }
                let seg1 = u32::try_from(b.segs.len()).unwrap_or(u32::MAX);
                let strong = (seg0..seg1)
                    .enumerate()
                    .filter(|&(_, si)| b.segs[si as usize].kind.is_strong())
                    .fold(0u64, |m, (i, _)| m | 1u64 << i.min(63));
                entries.push(Entry {
                    model: slot,
                    node_id: node.id.clone(),
                    kind,
                    title,
                    title_text,
                    path_texts,
                    segs: (seg0, seg1),
                    ntoks: u32::try_from(b.toks.len() - tok0).unwrap_or(u32::MAX),
                    order: 0,
                    depth: u8::try_from(loc.path.len()).unwrap_or(u8::MAX),
                    strong,
                    stack: loc.stack,
                    path: loc.path,
                });
            }
            let name = info.full_name();
            models.push(ModelSlot {
                tree: ti,
                id: tree.id.clone(),
                name_text: b.texts.add(&name, &mut b.vocab),
                name,
                entries: (first, u32::try_from(entries.len()).unwrap_or(u32::MAX)),
            });
        }
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| {
            let (ea, eb) = (&entries[a], &entries[b]);
            (&models[ea.model as usize].id, &ea.node_id, &ea.stack).cmp(&(
                &models[eb.model as usize].id,
                &eb.node_id,
                &eb.stack,
            ))
        });
        for (rank, &i) in order.iter().enumerate() {
            entries[i].order = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        let hot = entries
            .iter()
            .map(|e| Hot {
                order: e.order,
                depth: e.depth,
                strong: e.strong,
            })
            .collect();
        let mut toks_before = Vec::with_capacity(entries.len() + 1);
        let mut sum = 0u64;
        toks_before.push(0);
        for e in &entries {
            sum += u64::from(e.ntoks);
            toks_before.push(sum);
        }
        let letters = entries
            .iter()
            .map(|e| {
                let segs = &b.segs[e.segs.0 as usize..e.segs.1 as usize];
                segs.iter()
                    .flat_map(|s| &b.toks[s.start as usize..(s.start + s.len) as usize])
                    .fold(0u64, |m, &t| {
                        let first = b.vocab.words[t as usize].chars.first();
                        m | first.map_or(0, |&c| char_mask(c.encode_utf8(&mut [0; 4])))
                    })
            })
            .collect();
        let mut index = Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            entries,
            hot,
            toks_before,
            letters,
            segs: b.segs,
            toks: b.toks,
            vocab: b.vocab,
            texts: b.texts,
            post_start: Vec::new(),
            posts: Vec::new(),
            models,
            model_words: HashMap::new(),
            synonyms: Synonyms::new(&catalog.synonyms),
            matcher: Matcher::new(),
        };
        index.model_words = super::brands::model_words(&mut index, catalog);
        index.build_postings();
        index
    }

    /// The inverted index, as one array grouped by word (counting sort).
    fn build_postings(&mut self) {
        let mut counts = vec![0u32; self.vocab.words.len() + 1];
        for &t in &self.toks {
            counts[t as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut fill = counts.clone();
        let mut posts = vec![
            Posting {
                entry: 0,
                seg: 0,
                weight: 0,
                pos: 0
            };
            self.toks.len()
        ];
        for (ei, e) in self.entries.iter().enumerate() {
            for (si, s) in (e.segs.0..e.segs.1).enumerate() {
                let seg = &self.segs[s as usize];
                for p in 0..seg.len {
                    let t = self.toks[(seg.start + p) as usize] as usize;
                    posts[fill[t] as usize] = Posting {
                        entry: u32::try_from(ei).unwrap_or(u32::MAX),
                        seg: u8::try_from(si).unwrap_or(u8::MAX),
                        weight: u8::try_from(seg.kind.weight()).unwrap_or(u8::MAX),
                        pos: u16::try_from(p).unwrap_or(u16::MAX),
                    };
                    fill[t] += 1;
                }
            }
        }
        self.post_start = counts;
        self.posts = posts;
    }

    /// The number of indexed (model, node) entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of distinct words indexed.
    #[must_use]
    pub fn vocabulary_len(&self) -> usize {
        self.vocab.words.len()
    }

    /// The model slot of a model tree index.
    pub(crate) fn slot_of_tree(&self, tree: usize) -> Option<u32> {
        self.models
            .iter()
            .position(|m| m.tree == tree)
            .and_then(|i| u32::try_from(i).ok())
    }

    /// Postings of a word.
    pub(crate) fn postings(&self, word: u32) -> &[Posting] {
        let w = word as usize;
        match (self.post_start.get(w), self.post_start.get(w + 1)) {
            (Some(&a), Some(&b)) => &self.posts[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The words of segment `si` of entry `e`.
    pub(crate) fn seg_words(&self, e: u32, si: u16) -> (&Seg, &[u32]) {
        let entry = &self.entries[e as usize];
        let seg = &self.segs[(entry.segs.0 + u32::from(si)) as usize];
        (
            seg,
            &self.toks[seg.start as usize..(seg.start + seg.len) as usize],
        )
    }
}
