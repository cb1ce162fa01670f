//! Why a node ranks where it does for a query: per word or phrase, its score and the parts of
//! the node it matched. For tree writers tuning keywords (`lockdiag search --explain`).

use super::engine::{Among, Cand, Scratch, term_scores};
use super::index::SearchIndex;
use super::query::Plan;

/// Why entry `e` scores what it does: one line per term, with the segments it matched in.
pub(crate) fn explain(index: &SearchIndex, plan: &Plan, e: u32, s: &mut Scratch) -> Vec<String> {
    let one = [Cand {
        entry: e,
        score: 0,
        mask: u64::MAX,
    }];
    let entry = &index.entries[e as usize];
    let describe = |mask: u64| -> String {
        if mask == u64::MAX {
            return "the model's name".to_string();
        }
        let mut parts = Vec::new();
        for si in 0..(entry.segs.1 - entry.segs.0).min(64) {
            if mask & (1u64 << si.min(63)) != 0 {
                let seg = &index.segs[(entry.segs.0 + si) as usize];
                let words: Vec<&str> = index.toks
                    [seg.start as usize..(seg.start + seg.len) as usize]
                    .iter()
                    .take(8)
                    .map(|&t| index.vocab.words[t as usize].text.as_str())
                    .collect();
                parts.push(format!("{:?} \"{}\"", seg.kind, words.join(" ")).to_lowercase());
            }
        }
        parts.join("; ")
    };
    let mut out = Vec::new();
    for (label, terms) in [("", &plan.terms), ("optional ", &plan.optional)] {
        for t in terms {
            let line = match term_scores(index, t, Among::Cands(&one), s).first() {
                Some(c) => format!(
                    "{label}{}: {} in {}",
                    t.words.join(" "),
                    c.score,
                    describe(c.mask)
                ),
                None => format!("{label}{}: no match", t.words.join(" ")),
            };
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_line_per_term() {
        let (_, index) = crate::search::tests::shipped();
        let hit = &index.search("kwikset keypad dead", None, 1)[0];
        let lines = index.explain("kwikset keypad dead", hit);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].starts_with("kwikset: ") && lines[0].contains("the model's name"));
        assert!(lines.iter().all(|l| !l.contains("no match")));
    }
}
