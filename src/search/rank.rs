//! Combining terms and ranking: the candidates every term matched, their final scores, and the
//! best few in a stable order. The per-term scoring is in [`super::engine`].

use super::engine::{Among, Cand, Scratch, term_scores};
use super::index::SearchIndex;
use super::query::Plan;

/// Entries of `prev` that `scores` also has, with scores added and segments intersected.
pub(crate) fn merge(prev: &[Cand], scores: &[Cand]) -> Vec<Cand> {
    let mut out = Vec::with_capacity(prev.len().min(scores.len()));
    let (mut i, mut j) = (0, 0);
    while i < prev.len() && j < scores.len() {
        match prev[i].entry.cmp(&scores[j].entry) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(Cand {
                    entry: prev[i].entry,
                    score: prev[i].score + scores[j].score,
                    mask: prev[i].mask & scores[j].mask,
                });
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Final scores: the required terms' sum, a quarter more when one segment holds every term,
/// 2% less per answer between the start and the node, and 30% of each matched negation.
/// Returns the best `limit`, best first, ties by model id, node id, stack; and how many
/// entries there were.
pub(crate) fn rank(
    index: &SearchIndex,
    plan: &Plan,
    cands: &[Cand],
    limit: usize,
    s: &mut Scratch,
) -> (Vec<(u32, i64)>, usize) {
    let mut scored: Vec<(u32, i64)> = cands
        .iter()
        .map(|c| {
            let mut score = i64::from(c.score);
            if plan.terms.len() >= 2 && c.mask != 0 {
                score += score / 4;
            }
            // Nearer the start is more general: 2% less per answer on the way, up to 30%.
            let depth = i64::from(index.hot[c.entry as usize].depth.min(15));
            (c.entry, score * (100 - 2 * depth) / 100)
        })
        .collect();
    for opt in &plan.optional {
        let extra = term_scores(index, opt, Among::Cands(cands), s);
        let mut j = 0;
        for (e, score) in &mut scored {
            while j < extra.len() && extra[j].entry < *e {
                j += 1;
            }
            if let Some(x) = extra.get(j).filter(|x| x.entry == *e) {
                *score += i64::from(x.score) * 3 / 10;
            }
        }
    }
    let total = scored.len();
    let cmp = |a: &(u32, i64), b: &(u32, i64)| {
        b.1.cmp(&a.1).then_with(|| {
            index.hot[a.0 as usize]
                .order
                .cmp(&index.hot[b.0 as usize].order)
        })
    };
    if limit == 0 {
        scored.clear();
    } else if scored.len() > limit {
        scored.select_nth_unstable_by(limit - 1, cmp);
        scored.truncate(limit);
    }
    scored.sort_unstable_by(cmp);
    (scored, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(entry: u32, score: u32, mask: u64) -> Cand {
        Cand { entry, score, mask }
    }

    #[test]
    fn merge_keeps_common_entries_adds_scores_and_intersects_segments() {
        let prev = [c(1, 10, 0b011), c(3, 5, 0b1), c(7, 1, 0b1)];
        let next = [c(1, 4, 0b110), c(2, 9, 0b1), c(7, 2, 0b10)];
        assert_eq!(merge(&prev, &next), [c(1, 14, 0b010), c(7, 3, 0)]);
    }
}
