//! Brand and model words: which words of a model's brand, name, id and aliases name that
//! model (and few others), so that "my kwikset", "schlage" or "916" in a query favour that
//! model's nodes. Words shared by many models or common in the trees' own text ("lock",
//! "smart", "connect") do not favour a model, but they still count as found in the nodes of
//! the models they name ("schlage connect keypad dead" finds the Connect's dead-keypad node
//! even though that node never says "connect").

use std::collections::{HashMap, HashSet};

use super::index::SearchIndex;
use super::normalize::tokenize;
use crate::catalog::Catalog;

/// For each model word (vocabulary id), the model slots it names, and whether it names them
/// distinctly (a brand word) or weakly (a common word in the name). Interns the words, so
/// call it before the postings are built.
pub(crate) fn model_words(
    index: &mut SearchIndex,
    catalog: &Catalog,
) -> HashMap<u32, Vec<(u32, bool)>> {
    let n = index.models.len();
    let half = n.div_ceil(2).max(1);
    let mut own_words: Vec<HashSet<u32>> = Vec::with_capacity(n);
    let mut brand_words: Vec<HashSet<u32>> = Vec::with_capacity(n);
    for m in &index.models {
        let mut ids = HashSet::new();
        let mut brand = HashSet::new();
        if let Some(info) = catalog.trees[m.tree].model() {
            for w in tokenize(&info.brand) {
                brand.insert(index.vocab.intern(&w.text));
            }
            let mut texts = vec![info.name.clone(), info.id.replace('-', " ")];
            texts.extend(info.aliases.iter().cloned());
            for t in &texts {
                for w in tokenize(t) {
                    ids.insert(index.vocab.intern(&w.text));
                }
            }
            ids.extend(brand.iter().copied());
        }
        own_words.push(ids);
        brand_words.push(brand);
    }
    // In how many models' names, and in how many models' own node text, each word is,
    // counted by stem ("keyed" is as common as "key").
    let mut stem_ids: HashMap<&str, u32> = HashMap::new();
    let stem_of: Vec<u32> = index
        .vocab
        .words
        .iter()
        .map(|w| {
            let next = u32::try_from(stem_ids.len()).unwrap_or(u32::MAX);
            *stem_ids.entry(w.stem.as_str()).or_insert(next)
        })
        .collect();
    let mut named: HashMap<u32, usize> = HashMap::new();
    for ids in &own_words {
        let stems: HashSet<u32> = ids.iter().map(|&id| stem_of[id as usize]).collect();
        for st in stems {
            *named.entry(st).or_default() += 1;
        }
    }
    let mut in_text: HashMap<u32, usize> = HashMap::new();
    for m in &index.models {
        let mut seen = HashSet::new();
        for e in &index.entries[m.entries.0 as usize..m.entries.1 as usize] {
            if e.stack.len() != 1 {
                continue;
            }
            for s in &index.segs[e.segs.0 as usize..e.segs.1 as usize] {
                for &t in &index.toks[s.start as usize..(s.start + s.len) as usize] {
                    let st = stem_of[t as usize];
                    if named.contains_key(&st) && seen.insert(st) {
                        *in_text.entry(st).or_default() += 1;
                    }
                }
            }
        }
    }
    let mut out: HashMap<u32, Vec<(u32, bool)>> = HashMap::new();
    for (slot, ids) in own_words.into_iter().enumerate() {
        let mut words: Vec<(u32, bool)> = ids
            .into_iter()
            .map(|id| {
                let st = stem_of[id as usize];
                let few_named = named.get(&st).copied().unwrap_or(0) <= half;
                let brand = brand_words[slot].contains(&id);
                let rare_in_text = in_text.get(&st).copied().unwrap_or(0) < half;
                (id, few_named && (brand || rare_in_text))
            })
            .collect();
        words.sort_unstable();
        for (w, distinct) in words {
            out.entry(w)
                .or_default()
                .push((u32::try_from(slot).unwrap_or(u32::MAX), distinct));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::search::tests::shipped;

    #[test]
    fn brand_words_are_distinct_and_common_words_are_not() {
        let (catalog, index) = shipped();
        let distinct = |w: &str| {
            let id = index.vocab.by_text[w];
            let slots = &index.model_words[&id];
            let named: Vec<&str> = slots
                .iter()
                .filter(|s| s.1)
                .map(|s| index.models[s.0 as usize].id.as_str())
                .collect();
            named
        };
        let kwikset = distinct("kwikset");
        assert!(!kwikset.is_empty() && kwikset.iter().all(|m| m.starts_with("kwikset")));
        assert!(distinct("lock").is_empty(), "'lock' names no model");
        let smartcode = catalog.model_index("kwikset-smartcode").expect("model");
        let slot = index.slot_of_tree(smartcode).expect("slot");
        assert!(index.model_words[&index.vocab.by_text["916"]].contains(&(slot, true)));
    }
}
