//! Building the search index.
//!
//! A *document* is one node of one tree (a model's or a shared procedure's), indexed once
//! however many models call its procedure; an *entry* is a document as seen from one model
//! (its call stack and the answers that reach it). Each document's text is cut into fields of
//! decreasing weight: title, keywords, the labels of the choices that lead to it, help, the
//! answers on the way, and the rest. Postings map each term (a stem, read positively or
//! negated; a synonym concept; a pair of neighbouring words) to the documents and fields that
//! hold it, for BM25F scoring in [`super::rank`].

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};

use super::concepts::Concepts;
use super::danger::DangerKind;
use super::names::Names;
use super::paths::locate;
use super::text::analyze;
use super::typo::Typos;
use crate::catalog::Catalog;
use crate::session::Pos;
use crate::tree::{NodeKind, TreeKind};

/// Fields of a document, strongest first.
pub(crate) const FIELDS: usize = 6;
/// Field weights: title, keywords, incoming labels, help, path, other text.
pub(crate) const WEIGHTS: [f32; FIELDS] = [3.0, 2.6, 2.4, 1.0, 0.7, 0.6];

/// One indexed node.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    /// Where it is.
    pub pos: Pos,
    /// Its kind.
    pub kind: NodeKind,
    /// Words per field (for length normalisation).
    pub len: [u16; FIELDS],
}

/// A document as seen from one model.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Model slot.
    pub model: u32,
    /// Document.
    pub doc: u32,
    /// The call stack that reaches it (bottom frame in the model tree).
    pub stack: Box<[Pos]>,
    /// Answers from the start, as label ids.
    pub path: Box<[u32]>,
    /// Rank in (model id, node id, stack) order, for stable ties.
    pub order: u32,
}

/// An entry of a document, as ranking reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocEntry {
    /// Its model's rank in model id order.
    pub model_rank: u32,
    /// The entry.
    pub entry: u32,
    /// The entry's order.
    pub order: u32,
}

/// A place a term occurs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Post {
    /// Document.
    pub doc: u32,
    /// Field.
    pub field: u8,
    /// Occurrences in that field.
    pub tf: u8,
}

/// A model in the index.
#[derive(Debug, Clone)]
pub(crate) struct ModelSlot {
    /// Tree index in the catalog.
    pub tree: usize,
    /// Its id.
    pub id: String,
    /// "Brand Name".
    pub name: String,
}

/// Everything search needs, built once from a catalog. See [`super`] for how it is used.
#[derive(Debug)]
pub struct SearchIndex {
    /// Unique per index.
    pub(crate) id: u64,
    pub(crate) docs: Vec<Doc>,
    pub(crate) entries: Vec<Entry>,
    /// Entries of each document, best first, each with its model's rank in id order and
    /// its order (kept here, side by side, so ranking reads one small list per document).
    pub(crate) doc_entries: Vec<Box<[DocEntry]>>,
    /// The documents each model slot shows, in document order.
    pub(crate) model_docs: Vec<Box<[u32]>>,
    /// The labels of the choices that lead to each document (ids in `labels`).
    pub(crate) doc_labels: Vec<Box<[u32]>>,
    /// Path labels, interned.
    pub(crate) labels: Vec<String>,
    pub(crate) models: Vec<ModelSlot>,
    /// Term dictionary: a stem, "~N" for concept N, "a b" for a pair.
    pub(crate) terms: HashMap<String, u32>,
    /// Postings of key `term * 2 + negated`.
    pub(crate) posts: Vec<Box<[Post]>>,
    /// Documents holding each term, either way.
    pub(crate) df: Vec<u32>,
    /// Average field lengths.
    pub(crate) avg_len: [f32; FIELDS],
    /// Surface words of the library, for typos and words being typed (sorted).
    pub(crate) surface: Vec<String>,
    pub(crate) typos: Typos,
    pub(crate) concepts: Concepts,
    pub(crate) names: Names,
    /// The identification guide's tree, if loaded.
    pub(crate) identify: Option<usize>,
    /// The generic model's slot, if any.
    pub(crate) generic: Option<u32>,
    /// Emergency documents.
    pub(crate) emergencies: Vec<u32>,
    /// The emergency document that fits each kind of danger, in [`DangerKind::ALL`] order.
    pub(crate) emergency_for: Vec<Option<u32>>,
    /// Each model slot's rank in model id order (a document's entries are sorted by it).
    pub(crate) model_rank: Vec<u32>,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

mod terms;
use terms::{Builder, DocTerms, fill, incoming_labels, node_texts};

impl SearchIndex {
    /// Builds the index of every node of every model (shared procedure nodes once, with an
    /// entry for each model that calls them). Guides are not indexed.
    #[must_use]
    pub fn new(catalog: &Catalog) -> Self {
        let concepts = Concepts::new(&catalog.synonyms);
        let incoming = incoming_labels(catalog);
        let mut b = Builder::default();
        let mut docs: Vec<Doc> = Vec::new();
        let mut doc_of: HashMap<Pos, u32> = HashMap::new();
        let mut doc_paths: Vec<HashSet<u32>> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        let mut label_ids: HashMap<String, u32> = HashMap::new();
        let mut models = Vec::new();
        for (ti, tree) in catalog.trees.iter().enumerate() {
            let TreeKind::Model(info) = &tree.kind else {
                continue;
            };
            let slot = u32::try_from(models.len()).unwrap_or(u32::MAX);
            for loc in locate(catalog, ti) {
                let Some(&top) = loc.stack.last() else {
                    continue;
                };
                let kind = catalog.node(top).kind();
                if matches!(kind, NodeKind::Procedure | NodeKind::OpenModel) {
                    continue;
                }
                let doc = *doc_of.entry(top).or_insert_with(|| {
                    docs.push(Doc {
                        pos: top,
                        kind,
                        len: [0; FIELDS],
                    });
                    doc_paths.push(HashSet::new());
                    u32::try_from(docs.len() - 1).unwrap_or(u32::MAX)
                });
                let path: Box<[u32]> = loc
                    .path
                    .iter()
                    .map(|l| {
                        let filled = fill(l, Some(info));
                        *label_ids.entry(filled.clone()).or_insert_with(|| {
                            labels.push(filled);
                            u32::try_from(labels.len() - 1).unwrap_or(u32::MAX)
                        })
                    })
                    .collect();
                if let Some(p) = doc_paths.get_mut(doc as usize)
                    && p.len() < 48
                {
                    p.extend(path.iter().copied());
                }
                entries.push(Entry {
                    model: slot,
                    doc,
                    stack: loc.stack.into_boxed_slice(),
                    path,
                    order: 0,
                });
            }
            models.push(ModelSlot {
                tree: ti,
                id: tree.id.clone(),
                name: info.full_name(),
            });
        }
        // Name words and how many model trees' own text uses each.
        let model_trees: Vec<usize> = models.iter().map(|m: &ModelSlot| m.tree).collect();
        let mut name_words: HashSet<String> = HashSet::new();
        for &t in &model_trees {
            if let Some(info) = catalog.trees[t].model() {
                for s in [&info.brand, &info.name]
                    .into_iter()
                    .chain(info.aliases.iter())
                {
                    name_words.extend(analyze(s).into_iter().map(|t| t.text));
                }
            }
        }
        b.watch.clone_from(&name_words);
        let mut doc_labels: Vec<Box<[u32]>> = Vec::with_capacity(docs.len());
        for (di, d) in docs.iter().enumerate() {
            let node = catalog.node(d.pos);
            let tree = &catalog.trees[d.pos.tree];
            let info = tree.model();
            b.tree = if info.is_some() {
                d.pos.tree
            } else {
                usize::MAX
            };
            let mut dt = DocTerms::default();
            b.add(&mut dt, &concepts, 0, &fill(&node.title, info));
            let (keywords, help, body) = node_texts(node);
            for k in keywords {
                b.add(&mut dt, &concepts, 1, &fill(k, info));
            }
            let own_labels: Vec<&str> = incoming[d.pos.tree][d.pos.node].clone();
            doc_labels.push(
                own_labels
                    .iter()
                    .map(|l| {
                        *label_ids.entry((*l).to_string()).or_insert_with(|| {
                            labels.push((*l).to_string());
                            u32::try_from(labels.len() - 1).unwrap_or(u32::MAX)
                        })
                    })
                    .collect(),
            );
            for l in &own_labels {
                b.add(&mut dt, &concepts, 2, &fill(l, info));
            }
            if let Some(h) = help {
                b.add(&mut dt, &concepts, 3, &fill(h, info));
            }
            for &l in &doc_paths[di] {
                if let Some(text) = labels.get(l as usize)
                    && !own_labels.contains(&text.as_str())
                {
                    b.add(&mut dt, &concepts, 4, text);
                }
            }
            b.add(&mut dt, &concepts, 5, &fill(&body.join("\n"), info));
            let doc = u32::try_from(di).unwrap_or(u32::MAX);
            b.finish_doc(doc, dt);
        }
        let names = Names::new(catalog, &model_trees, &|w: &str| {
            b.watched
                .get(w)
                .map_or_else(Vec::new, |t| t.iter().copied().collect())
        });
        for w in &name_words {
            b.surface.insert(w.clone());
        }
        labels.shrink_to_fit();
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&x, &y| {
            let (ex, ey) = (&entries[x], &entries[y]);
            let kx = (
                models[ex.model as usize].id.as_str(),
                catalog.node(docs[ex.doc as usize].pos).id.as_str(),
                &ex.stack,
            );
            let ky = (
                models[ey.model as usize].id.as_str(),
                catalog.node(docs[ey.doc as usize].pos).id.as_str(),
                &ey.stack,
            );
            kx.cmp(&ky)
        });
        for (rank, &i) in order.iter().enumerate() {
            entries[i].order = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        let mut by_id: Vec<usize> = (0..models.len()).collect();
        by_id.sort_by(|&x, &y| models[x].id.cmp(&models[y].id));
        let mut model_rank = vec![0u32; models.len()];
        for (rank, &m) in by_id.iter().enumerate() {
            model_rank[m] = u32::try_from(rank).unwrap_or(u32::MAX);
        }
        let mut lists: Vec<Vec<DocEntry>> = vec![Vec::new(); docs.len()];
        for (ei, e) in entries.iter().enumerate() {
            lists[e.doc as usize].push(DocEntry {
                model_rank: model_rank[e.model as usize],
                entry: u32::try_from(ei).unwrap_or(u32::MAX),
                order: e.order,
            });
        }
        // Best first: ranking takes a document's first entry, or finds a model's by search
        // (order sorts by model id first, so the ranks are sorted too).
        let mut model_docs: Vec<Vec<u32>> = vec![Vec::new(); models.len()];
        for e in &entries {
            model_docs[e.model as usize].push(e.doc);
        }
        let model_docs: Vec<Box<[u32]>> = model_docs
            .into_iter()
            .map(|mut l| {
                l.sort_unstable();
                l.dedup();
                l.into_boxed_slice()
            })
            .collect();
        let doc_entries: Vec<Box<[DocEntry]>> = lists
            .into_iter()
            .map(|mut l| {
                l.sort_unstable_by_key(|de| de.order);
                l.into_boxed_slice()
            })
            .collect();
        let mut avg_len = [0f32; FIELDS];
        for d in &docs {
            for (f, a) in avg_len.iter_mut().enumerate() {
                *a += f32::from(d.len[f]);
            }
        }
        for a in &mut avg_len {
            *a = (*a / docs.len().max(1) as f32).max(1.0);
        }
        let mut surface: Vec<String> = b.surface.into_iter().collect();
        surface.sort_unstable();
        let typos = Typos::new(&surface);
        let emergencies = (0..docs.len())
            .filter(|&d| docs[d].kind == NodeKind::Emergency)
            .filter_map(|d| u32::try_from(d).ok())
            .collect();
        let generic = models
            .iter()
            .position(|m| m.id.starts_with("generic"))
            .and_then(|p| u32::try_from(p).ok());
        let mut index = Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            docs,
            entries,
            doc_entries,
            model_docs,
            doc_labels,
            labels,
            models,
            terms: b.terms,
            posts: b.posts.into_iter().map(Vec::into_boxed_slice).collect(),
            df: b.df,
            avg_len,
            surface,
            typos,
            concepts,
            names,
            identify: catalog.guide_index("identify"),
            generic,
            emergencies,
            emergency_for: Vec::new(),
            model_rank,
        };
        index.emergency_for = DangerKind::ALL
            .iter()
            .map(|&k| super::results::emergency_doc(&index, k))
            .collect();
        index
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

    /// The number of distinct nodes indexed (each shared node once).
    #[must_use]
    pub fn documents(&self) -> usize {
        self.docs.len()
    }

    /// The number of distinct terms indexed.
    #[must_use]
    pub fn vocabulary_len(&self) -> usize {
        self.terms.len()
    }

    /// The model slot of a model tree index.
    pub(crate) fn slot_of_tree(&self, tree: usize) -> Option<u32> {
        self.models
            .iter()
            .position(|m| m.tree == tree)
            .and_then(|i| u32::try_from(i).ok())
    }

    /// The entry of document `doc` seen from model slot `model`, if that model reaches it.
    pub(crate) fn entry_of(&self, doc: u32, model: u32) -> Option<DocEntry> {
        let list = self.doc_entries.get(doc as usize)?;
        let rank = *self.model_rank.get(model as usize)?;
        let at = list.partition_point(|de| de.model_rank < rank);
        list.get(at).copied().filter(|de| de.model_rank == rank)
    }

    /// Postings of a term read one way.
    pub(crate) fn postings(&self, term: u32, neg: bool) -> &[Post] {
        self.posts
            .get((term * 2 + u32::from(neg)) as usize)
            .map_or(&[], |p| p)
    }
}
