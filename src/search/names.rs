//! Which lock the caller means: brand words, product names, model numbers and aliases anywhere
//! in a message pick the model.
//!
//! Every word of a model's brand, name, id and aliases is one of its name words (and two
//! words of a message that join into one, "smart code" or "u bolt", count as that word). A name word is *distinct* when it is a brand word, or names models
//! of one brand only and is not everyday tree text ("encode", "916", "be469zp"); other name
//! words ("pro", "touch", "wifi", "bolt", "2") only choose between models that a distinct word
//! already named ("august pro", "level touch"). The models that explain every distinct word
//! of the message are the ones meant; when no model does and the words belong to different
//! brands ("kwikset encode", "yale obsidian"), the lock is in doubt and search asks. A brand
//! word that stands just before "deadbolt", "cylinder" or "key" next to a retrofit model (one
//! that keeps the door's own deadbolt, such as August) names that deadbolt, not a second lock.

use std::collections::{HashMap, HashSet};

use super::text::{Tok, analyze};
use crate::catalog::Catalog;
use crate::tree::Cylinder;

/// One model, as name detection sees it.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    /// Its brand, normalised (models of one brand never conflict).
    pub brand: String,
    /// Keeps the door's own deadbolt.
    pub retrofit: bool,
    /// Its name words.
    pub words: HashSet<String>,
}

/// What a message says about the lock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Detection {
    /// The models meant (model slots), best first. Empty when no lock is named.
    pub models: Vec<u32>,
    /// When the message names locks of different brands: the candidates, and no `models`.
    pub conflict: Vec<u32>,
    /// The message's words (token indices) that named a lock.
    pub toks: Vec<usize>,
}

/// Name words of every model, and which are distinct.
#[derive(Debug, Default)]
pub(crate) struct Names {
    pub(crate) models: Vec<Named>,
    distinct: HashSet<String>,
    /// Name words of so many models that they choose none ("lock", "smart").
    noise: HashSet<String>,
}

/// Words that go with a deadbolt the retrofit lock sits on.
fn mounting_word(w: &str) -> bool {
    matches!(
        w,
        "deadbolt" | "deadbolts" | "cylinder" | "cylinders" | "key" | "keys" | "keyway" | "bolt"
    )
}

fn name_words(texts: &[&str]) -> HashSet<String> {
    texts
        .iter()
        .flat_map(|t| analyze(t).into_iter().map(|t| t.text))
        .collect()
}

impl Names {
    /// Reads the name words of the catalog's model trees `trees` (one per model slot), with
    /// `in_text(word)` the model trees whose own text uses the word.
    pub(crate) fn new(
        catalog: &Catalog,
        trees: &[usize],
        in_text: &dyn Fn(&str) -> Vec<usize>,
    ) -> Self {
        let mut models = Vec::new();
        let mut brand_words: HashSet<String> = HashSet::new();
        for &t in trees {
            let Some(info) = catalog.trees.get(t).and_then(|t| t.model()) else {
                continue;
            };
            let brand = analyze(&info.brand)
                .into_iter()
                .map(|t| t.text)
                .collect::<Vec<_>>();
            brand_words.extend(brand.iter().filter(|w| w.len() > 2).cloned());
            let id = info.id.replace('-', " ");
            let mut texts: Vec<&str> = vec![&info.brand, &info.name, &id];
            texts.extend(info.aliases.iter().map(String::as_str));
            models.push(Named {
                brand: brand.join(" "),
                retrofit: info.cylinder == Cylinder::Retrofit,
                words: name_words(&texts),
            });
        }
        let brand_of_tree: HashMap<usize, &str> = trees
            .iter()
            .zip(&models)
            .map(|(&t, m)| (t, m.brand.as_str()))
            .collect();
        // Trees of other brands whose text uses the word: everyday words are in many.
        let elsewhere = |w: &str, brand: &str| {
            in_text(w)
                .into_iter()
                .filter(|t| brand_of_tree.get(t).is_some_and(|b| *b != brand))
                .count()
        };
        let mut brands_of: HashMap<&str, HashSet<&str>> = HashMap::new();
        for m in &models {
            for w in &m.words {
                brands_of.entry(w).or_default().insert(&m.brand);
            }
        }
        let distinct = brands_of
            .iter()
            .filter(|(w, brands)| {
                let short_number = w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
                brand_words.contains(**w)
                    || (brands.len() == 1
                        && !short_number
                        && w.len() >= 2
                        && !super::text::is_stop(w)
                        && brands.iter().all(|b| elsewhere(w, b) < 2))
            })
            .map(|(w, _)| (*w).to_string())
            .collect();
        let mut owners: HashMap<&str, usize> = HashMap::new();
        for m in &models {
            for w in &m.words {
                *owners.entry(w).or_default() += 1;
            }
        }
        let noise = owners
            .into_iter()
            .filter(|&(_, n)| n * 3 >= models.len())
            .map(|(w, _)| w.to_string())
            .collect();
        Self {
            models,
            distinct,
            noise,
        }
    }

    /// Whether `word` is a distinct name word of some model.
    pub(crate) fn is_distinct(&self, word: &str) -> bool {
        self.distinct.contains(word)
    }

    /// Which lock `toks` (the message, typos already corrected) names.
    pub(crate) fn detect(&self, toks: &[Tok]) -> Detection {
        // Every name word present, with the token that says it (pairs as joined words).
        let mut present: Vec<(String, usize)> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            present.push((t.text.clone(), i));
            if let Some(n) = toks.get(i + 1) {
                present.push((format!("{}{}", t.text, n.text), i));
            }
        }
        let distinct: Vec<&(String, usize)> = present
            .iter()
            .filter(|(w, _)| self.distinct.contains(w))
            .collect();
        if distinct.is_empty() {
            return Detection::default();
        }
        let dwords: HashSet<&str> = distinct.iter().map(|(w, _)| w.as_str()).collect();
        let score = |m: &Named| -> (usize, usize) {
            let own = dwords.iter().filter(|w| m.words.contains(**w)).count();
            let weak = if own == 0 {
                0
            } else {
                present
                    .iter()
                    .filter(|(w, _)| {
                        !self.distinct.contains(w) && !self.noise.contains(w) && m.words.contains(w)
                    })
                    .count()
            };
            (own, weak)
        };
        let scores: Vec<(usize, usize)> = self.models.iter().map(score).collect();
        let toks_used: Vec<usize> = distinct.iter().map(|(_, i)| *i).collect();
        // The best-scoring models whose leftover distinct words are their own brand's, or
        // name the deadbolt a retrofit model sits on.
        let explains = |m: &Named| {
            distinct.iter().all(|(w, i)| {
                m.words.contains(w)
                    || self
                        .models
                        .iter()
                        .any(|o| o.brand == m.brand && o.words.contains(w))
                    || (m.retrofit
                        && toks
                            .iter()
                            .skip(i + 1)
                            .take(3)
                            .any(|t| mounting_word(&t.text)))
            })
        };
        let mut order: Vec<usize> = (0..self.models.len())
            .filter(|&m| scores[m].0 > 0)
            .collect();
        order.sort_by_key(|&m| std::cmp::Reverse(scores[m]));
        if let Some(&lead) = order.iter().find(|&&m| explains(&self.models[m])) {
            let brand = &self.models[lead].brand;
            let models: Vec<u32> = order
                .iter()
                .copied()
                .filter(|&m| scores[m] == scores[lead] && self.models[m].brand == *brand)
                .filter_map(|m| u32::try_from(m).ok())
                .take(8)
                .collect();
            return Detection {
                models,
                conflict: Vec::new(),
                toks: toks_used,
            };
        }
        // Different brands: every model that owns one of the distinct words is a candidate,
        // the best-explaining first.
        let mut cands: Vec<u32> = (0..self.models.len())
            .filter(|&m| scores[m].0 > 0)
            .filter_map(|m| u32::try_from(m).ok())
            .collect();
        cands.sort_by_key(|&m| std::cmp::Reverse(scores[m as usize]));
        Detection {
            models: Vec::new(),
            conflict: cands,
            toks: toks_used,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::search::tests::shipped;
    use crate::search::text::analyze;

    fn ids(d: &[u32]) -> Vec<String> {
        let (_, index) = shipped();
        d.iter()
            .map(|&m| index.models[m as usize].id.clone())
            .collect()
    }

    fn detect(q: &str) -> super::Detection {
        let (_, index) = shipped();
        index.names.detect(&analyze(q))
    }

    #[test]
    fn a_brand_and_a_product_pick_the_model() {
        assert_eq!(
            ids(&detect("my schlage encode is dead").models),
            ["schlage-encode"]
        );
        assert_eq!(
            ids(&detect("august wifi says jammed").models),
            ["august-wifi"]
        );
        assert_eq!(ids(&detect("level touch key").models), ["level-lock"]);
        assert_eq!(
            ids(&detect("kwikset 916 grinds").models),
            ["kwikset-smartcode"]
        );
        assert_eq!(ids(&detect("nest yale lock").models), ["nest-x-yale"]);
        let kwikset = ids(&detect("my kwikset wont lock").models);
        assert!(kwikset.len() >= 4 && kwikset.iter().all(|m| m.starts_with("kwikset")));
    }

    #[test]
    fn names_of_different_brands_are_a_conflict() {
        for q in [
            "kwikset encode",
            "the schlage aura",
            "yale obsidian touchscreen",
        ] {
            let d = detect(q);
            assert!(d.models.is_empty(), "{q}");
            assert!(ids(&d.conflict).len() >= 2, "{q}");
        }
    }

    #[test]
    fn a_retrofit_lock_on_another_brands_deadbolt_is_no_conflict() {
        let d = detect("august wifi lock on a kwikset deadbolt");
        assert_eq!(ids(&d.models), ["august-wifi"]);
        assert!(d.conflict.is_empty());
    }

    #[test]
    fn everyday_words_name_no_lock() {
        for q in [
            "the key wont turn",
            "pro tip: 2 batteries",
            "touch the screen",
        ] {
            assert_eq!(detect(q), super::Detection::default(), "{q}");
        }
    }
}
