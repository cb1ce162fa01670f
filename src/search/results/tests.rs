//! Keeping only the candidates that can be among the best changes nothing about the best.

use super::{Ranking, candidates, order};
use crate::search::rank::plan;
use crate::search::score::score;
use crate::search::tests::shipped;

/// The best `keep` of `ranked`, in rank order.
fn best(mut ranked: Vec<Ranking>, keep: usize) -> Vec<Ranking> {
    ranked.sort_by(order);
    ranked.truncate(keep);
    ranked
}

#[test]
fn pruned_candidates_give_the_same_best_as_every_document() {
    let (catalog, index) = shipped();
    let scoped = catalog.trees.iter().position(|t| t.id == "schlage-encode");
    let queries = [
        "the keypad lights up but the bolt doesnt move",
        "my kwikset smartcode wont take the code",
        "kwikset encode or yale assure, not sure which, the app says offline",
        "key",
        "lock",
        "forgot the programming code",
    ];
    let mut compared = 0;
    for q in queries {
        let p = plan(index, q, false);
        let s = score(index, &p, None);
        for scope in [None, scoped.and_then(|t| index.slot_of_tree(t))] {
            for keep in [1, 5, 38] {
                let named = &p.detection.models;
                let (all, total_all) = candidates(index, &s, scope, named, usize::MAX);
                let (some, total) = candidates(index, &s, scope, named, keep);
                assert_eq!(total, total_all, "{q:?}: the count of matches changed");
                assert!(some.len() <= all.len());
                let expected = best(all, keep);
                assert_eq!(
                    best(some, keep),
                    expected,
                    "{q:?} keep {keep} scope {scope:?}"
                );
                compared += usize::from(!expected.is_empty());
            }
        }
    }
    assert!(
        compared > 20,
        "too few cases had results to compare: {compared}"
    );
}
