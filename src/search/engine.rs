//! Scoring entries against the terms of a query.
//!
//! A term scores each entry with its best match: quality (0..=100) times the weight of the
//! segment it was found in (keywords and labels 10, title 9, help 4, path 3, body 2), times
//! the alternative's percent (synonyms count 85%), times the number of query words it covers,
//! plus 4% for each further title, keyword or label holding it (up to 12%). A brand or model
//! word scores 12 × quality in every node of its model. An entry must match every term; its
//! score is the sum, plus a quarter when one segment (a keyword, a label, the title) holds
//! all the terms, less 2% per answer between the start and the node (nearer the start is more
//! general), plus 30% of any negation it matches.
//!
//! A term is evaluated either through the inverted index (walk the postings of the words that
//! can match) or by scanning the words of the entries still in the running, whichever costs
//! less. After the first term only the entries that matched the previous terms are in the
//! running, so each extra word searches among the previous matches, as fzf does.

use super::index::{MODEL_WEIGHT, NAME_WEIGHT, SearchIndex};
use super::query::{Alt, Term};
use super::rank::merge;

/// An entry still in the running: its score so far and the segments where all terms so far
/// matched (bit `i` = segment `i` of the entry; bit 63 stands for the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cand {
    pub entry: u32,
    pub score: u32,
    pub mask: u64,
}

/// Which entries a term is evaluated on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Among<'a> {
    /// Every entry in the range (all entries, or one model's).
    Range(u32, u32),
    /// These candidates (sorted by entry).
    Cands(&'a [Cand]),
}

/// The alternatives of a term anchored on one vocabulary word.
#[derive(Debug, Default, Clone)]
struct Anchored {
    /// Best quality × percent among the one-word alternatives that are this word (0: none).
    single: u32,
    /// Multi-word alternatives: (alternative, index of this word in it, quality).
    phrases: Vec<(u16, u8, u8)>,
}

/// A term's score of one entry being gathered.
#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    /// Best score (0: no match yet).
    best: u32,
    /// Equal to [`Scratch::stamp`] when the entry is a candidate of this evaluation.
    stamp: u32,
    /// Segments matched.
    mask: u64,
}

/// Reusable buffers sized to an index.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    index_id: u64,
    /// Per entry: the term's best score so far, segments, and whether it is in the running.
    acc: Vec<Acc>,
    touched: Vec<u32>,
    stamp: u32,
    /// Per vocabulary word: 0, or 1 + its index in `lists`.
    slot: Vec<u32>,
    lists: Vec<Anchored>,
    anchors: Vec<u32>,
}

impl Scratch {
    fn fit(&mut self, index: &SearchIndex) {
        if self.index_id != index.id {
            *self = Self {
                index_id: index.id,
                acc: vec![Acc::default(); index.entries.len()],
                slot: vec![0; index.vocab.words.len()],
                ..Self::default()
            };
        }
    }

    /// Records that entry `e` matched with `score` in segment `si`.
    fn record(&mut self, e: u32, si: u8, score: u32) {
        let a = &mut self.acc[e as usize];
        if a.best == 0 {
            self.touched.push(e);
        }
        a.best = a.best.max(score);
        a.mask |= 1u64 << si.min(63);
    }
}

/// Quality of `alt` matching with its word `anchor` at word `pos` of segment `si` of entry
/// `e`, given that word's quality `q0`: the other words must sit next to it, in order.
fn match_phrase(
    index: &SearchIndex,
    alt: &Alt,
    (e, si, pos): (u32, u8, u16),
    anchor: usize,
    q0: u8,
) -> Option<u8> {
    let (_, words) = index.seg_words(e, u16::from(si));
    let start = usize::from(pos).checked_sub(anchor)?;
    let mut q = q0;
    for (j, hits) in alt.words.iter().enumerate() {
        if j == anchor {
            continue;
        }
        let &t = words.get(start + j)?;
        let i = hits.binary_search_by_key(&t, |&(id, _)| id).ok()?;
        q = q.min(hits[i].1);
    }
    Some(q)
}

/// The word of `alt` with the fewest postings: a phrase is looked up through it.
fn anchor(index: &SearchIndex, alt: &Alt) -> usize {
    (0..alt.words.len())
        .min_by_key(|&j| {
            alt.words[j]
                .iter()
                .map(|&(t, _)| index.postings(t).len())
                .sum::<usize>()
        })
        .unwrap_or(0)
}

/// Fills `s.lists` with each alternative under its anchor word.
fn anchor_alternatives(index: &SearchIndex, term: &Term, s: &mut Scratch) {
    for (ai, alt) in term.alts.iter().enumerate() {
        let j = anchor(index, alt);
        let Some(words) = alt.words.get(j) else {
            continue;
        };
        for &(t, q) in words {
            let slot = &mut s.slot[t as usize];
            if *slot == 0 {
                s.lists.push(Anchored::default());
                *slot = u32::try_from(s.lists.len()).unwrap_or(u32::MAX);
                s.anchors.push(t);
            }
            let a = &mut s.lists[*slot as usize - 1];
            if alt.words.len() == 1 {
                a.single = a.single.max(u32::from(q) * alt.percent);
            } else {
                a.phrases.push((
                    u16::try_from(ai).unwrap_or(u16::MAX),
                    u8::try_from(j).unwrap_or(u8::MAX),
                    q,
                ));
            }
        }
    }
}

/// The score of anchor word `a` found at (entry, segment, position) in a segment of `weight`.
fn anchored_score(
    index: &SearchIndex,
    term: &Term,
    a: &Anchored,
    at: (u32, u8, u16),
    weight: u32,
) -> u32 {
    let mut best = a.single * weight;
    for &(ai, j, q0) in &a.phrases {
        let alt = &term.alts[usize::from(ai)];
        if let Some(q) = match_phrase(index, alt, at, usize::from(j), q0) {
            best = best.max(u32::from(q) * alt.percent * weight);
        }
    }
    best / 100 * term.span()
}

/// Scores one term on `among`; returns (entry, score, segments) sorted by entry.
pub(crate) fn term_scores(
    index: &SearchIndex,
    term: &Term,
    among: Among<'_>,
    s: &mut Scratch,
) -> Vec<Cand> {
    s.fit(index);
    if term.letter != 0 {
        let has = |e: u32| index.letters[e as usize] & term.letter != 0;
        let cand = |entry| Cand {
            entry,
            score: LETTER_SCORE,
            mask: u64::MAX,
        };
        return match among {
            Among::Range(a, b) => (a..b).filter(|&e| has(e)).map(cand).collect(),
            Among::Cands(c) => c
                .iter()
                .filter(|c| has(c.entry))
                .map(|c| cand(c.entry))
                .collect(),
        };
    }
    let fallback = phrase_fallback(index, term, among, s);
    anchor_alternatives(index, term, s);
    let postings_cost: u64 = s
        .anchors
        .iter()
        .map(|&t| index.postings(t).len() as u64)
        .sum();
    let words = |e: u32| index.toks_before[e as usize + 1] - index.toks_before[e as usize];
    let scan_cost: u64 = match among {
        Among::Range(a, b) => index.toks_before[b as usize] - index.toks_before[a as usize],
        Among::Cands(c) => c.iter().map(|c| words(c.entry)).sum(),
    };
    // A posting costs a few times what scanning a word does (it is a random access).
    if postings_cost * 4 <= scan_cost {
        let (lo, hi, restricted) = match among {
            Among::Range(a, b) => (a, b, false),
            Among::Cands(c) => {
                s.stamp = s.stamp.wrapping_add(1).max(1);
                for c in c {
                    s.acc[c.entry as usize].stamp = s.stamp;
                }
                (0, u32::MAX, true)
            }
        };
        let anchors = std::mem::take(&mut s.anchors);
        for &t in &anchors {
            let a = std::mem::take(&mut s.lists[s.slot[t as usize] as usize - 1]);
            for p in index.postings(t) {
                if p.entry < lo || p.entry >= hi {
                    continue;
                }
                if restricted && s.acc[p.entry as usize].stamp != s.stamp {
                    continue;
                }
                let score = if a.phrases.is_empty() {
                    a.single * u32::from(p.weight) / 100 * term.span()
                } else {
                    anchored_score(
                        index,
                        term,
                        &a,
                        (p.entry, p.seg, p.pos),
                        u32::from(p.weight),
                    )
                };
                if score > 0 {
                    s.record(p.entry, p.seg, score);
                }
            }
            s.lists[s.slot[t as usize] as usize - 1] = a;
        }
        s.anchors = anchors;
    } else {
        let visit = |s: &mut Scratch, e: u32| {
            let entry = &index.entries[e as usize];
            for si in 0..(entry.segs.1 - entry.segs.0) {
                let si = u8::try_from(si).unwrap_or(u8::MAX);
                let (seg, words) = index.seg_words(e, u16::from(si));
                let weight = seg.kind.weight();
                for (pos, &t) in words.iter().enumerate() {
                    let slot = s.slot[t as usize];
                    if slot == 0 {
                        continue;
                    }
                    let at = (e, si, u16::try_from(pos).unwrap_or(u16::MAX));
                    let score =
                        anchored_score(index, term, &s.lists[slot as usize - 1], at, weight);
                    if score > 0 {
                        s.record(e, si, score);
                    }
                }
            }
        };
        match among {
            Among::Range(a, b) => (a..b).for_each(|e| visit(s, e)),
            Among::Cands(c) => c.iter().for_each(|c| visit(s, c.entry)),
        }
    }
    // Brand and model words match every node of their model alike, whether or not the node's
    // text names the brand, and more than another model's text naming it. A common word of a
    // model's name counts as found in its nodes, weakly.
    // Distinct matches first: they set the score, a weak one only raises it.
    let distinct_first = term
        .models
        .iter()
        .filter(|m| m.2)
        .chain(term.models.iter().filter(|m| !m.2));
    for &(slot, q, distinct) in distinct_first {
        let m = &index.models[slot as usize];
        let weight = if distinct { MODEL_WEIGHT } else { NAME_WEIGHT };
        let score = u32::from(q) * weight * term.span();
        let apply = |s: &mut Scratch, e: u32| {
            let a = &mut s.acc[e as usize];
            if a.best == 0 {
                s.touched.push(e);
            }
            if distinct {
                a.best = score;
                a.mask = u64::MAX;
            } else {
                a.best = a.best.max(score);
            }
        };
        match among {
            Among::Range(a, b) => {
                (m.entries.0.max(a)..m.entries.1.min(b)).for_each(|e| apply(s, e))
            }
            Among::Cands(c) => c
                .iter()
                .filter(|c| c.entry >= m.entries.0 && c.entry < m.entries.1)
                .for_each(|c| apply(s, c.entry)),
        }
    }
    for f in fallback {
        let a = &mut s.acc[f.entry as usize];
        if a.best == 0 {
            s.touched.push(f.entry);
        }
        a.best = a.best.max(f.score);
        a.mask |= f.mask;
    }
    // In entry order: sort what was touched, or sweep the range when most of it was.
    let (lo, hi) = match among {
        Among::Range(a, b) => (a, b),
        Among::Cands(c) => (
            c.first().map_or(0, |c| c.entry),
            c.last().map_or(0, |c| c.entry + 1),
        ),
    };
    if s.touched.len() * 8 > (hi - lo) as usize {
        s.touched.clear();
        // Every touched entry has a positive score.
        s.touched
            .extend((lo..hi).filter(|&e| s.acc[e as usize].best != 0));
    } else {
        s.touched.sort_unstable();
    }
    let out: Vec<Cand> = s
        .touched
        .iter()
        .map(|&e| {
            let Acc { best, mask, .. } = s.acc[e as usize];
            let strong = index.hot[e as usize].strong;
            let extra = if mask == u64::MAX {
                0
            } else {
                (mask & strong).count_ones().saturating_sub(1).min(3)
            };
            Cand {
                entry: e,
                score: best * (100 + BREADTH_PERCENT * extra) / 100,
                mask,
            }
        })
        .collect();
    clear(s);
    out
}

/// The score a one-letter word adds to every node it keeps.
const LETTER_SCORE: u32 = 100;

/// How much each extra title, keyword or label holding a term adds to its score, in percent.
const BREADTH_PERCENT: u32 = 4;

fn clear(s: &mut Scratch) {
    for &e in &s.touched {
        let a = &mut s.acc[e as usize];
        a.best = 0;
        a.mask = 0;
    }
    s.touched.clear();
    for &t in &s.anchors {
        s.slot[t as usize] = 0;
    }
    s.anchors.clear();
    s.lists.clear();
}

/// For a phrase: the entries that match each of its words separately, scored at 90% of the
/// sum of the words' scores.
fn phrase_fallback(
    index: &SearchIndex,
    term: &Term,
    among: Among<'_>,
    s: &mut Scratch,
) -> Vec<Cand> {
    let mut acc: Option<Vec<Cand>> = None;
    for part in &term.parts {
        let next = match &acc {
            None => term_scores(index, part, among, s),
            Some(prev) => {
                let scores = term_scores(index, part, Among::Cands(prev), s);
                merge(prev, &scores)
            }
        };
        if next.is_empty() {
            return next;
        }
        acc = Some(next);
    }
    let mut out = acc.unwrap_or_default();
    for c in &mut out {
        c.score = c.score * 9 / 10;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_and_scanning_score_alike() {
        let (_, index) = crate::search::tests::shipped();
        let plan = crate::search::query::plan(index, "keypad dead ", &mut |w| {
            crate::search::query::resolve_word(index, w)
        });
        let mut s = Scratch::default();
        let all = Among::Range(0, u32::try_from(index.entries.len()).unwrap());
        let first = term_scores(index, &plan.terms[0], all, &mut s);
        // Through candidates (scanned, as they are few) and through the whole range
        // (postings), the second term scores each entry the same.
        let few: Vec<Cand> = first.iter().copied().take(40).collect();
        let scanned = term_scores(index, &plan.terms[1], Among::Cands(&few), &mut s);
        let everywhere = term_scores(index, &plan.terms[1], all, &mut s);
        assert!(!scanned.is_empty());
        for x in &scanned {
            let y = everywhere.iter().find(|y| y.entry == x.entry).unwrap();
            assert_eq!((x.score, x.mask), (y.score, y.mask));
        }
    }
}
