//! From scored documents to the ranked list of hits a person sees.
//!
//! Order: an emergency the danger reader found comes first, always; then, when the message
//! names locks of different brands, a "which lock is it?" entry; then the nodes of the model(s)
//! the message names, best first, then every other model's. A node of a shared procedure is
//! shown once, from the named model when there is one (else from the generic tree, which is
//! written for unknown locks). When no lock is named, the identification guide is offered as
//! the third result.

use std::collections::HashSet;

use super::danger::DangerKind;
use super::hit::{Hit, Reason, Shown};
use super::index::{DocEntry, SearchIndex};
use super::rank::Plan;
use super::score::{Scores, score};
use crate::catalog::Catalog;
use crate::session::Pos;
use crate::tree::NodeKind;

/// A boost for the generic tree's nodes when no lock is named.
const GENERIC_BOOST: f32 = 1.25;

/// Ranked results of one plan.
pub(crate) struct Ranked {
    pub hits: Vec<Hit>,
    pub total: usize,
}

/// Ranks `plan`'s `scores` over every model, or only model tree `scope`'s, keeping the best `limit`.
pub(crate) fn rank(
    catalog: &Catalog,
    index: &SearchIndex,
    plan: &Plan,
    scores: &Scores,
    scope: Option<usize>,
    limit: usize,
) -> Ranked {
    let scope_slot = scope.and_then(|t| index.slot_of_tree(t));
    if scope.is_some() && scope_slot.is_none() {
        return Ranked {
            hits: Vec::new(),
            total: 0,
        };
    }
    let named: Vec<u32> = plan.detection.models.clone();
    // Only the best `limit` (and a few spare, for hits that are dropped as repeats) are
    // sorted: a whole library's matches are not.
    let keep = limit + 8;
    let (mut ranked, total) = candidates(index, scores, scope_slot, &named, keep);
    let keep = keep.min(ranked.len());
    if keep < ranked.len() {
        ranked.select_nth_unstable_by(keep, order);
        ranked.truncate(keep);
    }
    ranked.sort_by(order);
    let shown = Shown {
        stems: plan.stems(),
        names: plan
            .detection
            .toks
            .iter()
            .filter_map(|&i| plan.toks.get(i).map(|t| t.text.as_str()))
            .collect(),
    };
    let mut hits: Vec<Hit> = Vec::new();
    let mut lead: Vec<Hit> = Vec::new();
    if let Some(danger) = &plan.danger
        && let Some(h) = emergency_hit(catalog, index, plan, scope_slot, &shown)
    {
        let _ = danger;
        lead.push(h);
    }
    if !plan.detection.conflict.is_empty()
        && scope.is_none()
        && let Some(h) = guide_hit(catalog, index, plan, true)
    {
        lead.push(h);
    }
    for &(_, s, _, e) in &ranked {
        if hits.len() + lead.len() >= limit {
            break;
        }
        if let Some(h) = index.make_hit(catalog, e, s, &shown, Reason::Words)
            && !lead
                .iter()
                .chain(&hits)
                .any(|l| l.stack == h.stack || (l.model_id == h.model_id && l.node_id == h.node_id))
        {
            hits.push(h);
        }
    }
    if plan.detection.models.is_empty()
        && plan.detection.conflict.is_empty()
        && scope.is_none()
        && limit >= 3
        && !hits.is_empty()
        && let Some(h) = guide_hit(catalog, index, plan, false)
    {
        let at = 2usize.saturating_sub(lead.len()).min(hits.len());
        hits.insert(at, h);
        hits.truncate(limit.saturating_sub(lead.len()));
    }
    lead.extend(hits);
    Ranked { hits: lead, total }
}

/// A document ranked: (tier, score, order, entry).
type Ranking = (u8, f32, u32, u32);

/// The documents that may be among the best `keep`, each from the entry it is shown from, and
/// how many documents matched in all. Every scored document of the scope model, or of a named
/// model (tier 1), is a candidate; of the rest, only those that could still beat the `keep`-th
/// best score: a score is raised by at most [`GENERIC_BOOST`], so a document whose score
/// raised that much stays below the `keep`-th best cannot be among them. Picking the entry is
/// the costly part, so it is done for candidates only.
fn candidates(
    index: &SearchIndex,
    scores: &Scores,
    scope: Option<u32>,
    named: &[u32],
    keep: usize,
) -> (Vec<Ranking>, usize) {
    let score = |d: u32| scores.score.get(d as usize).copied().unwrap_or(0.0);
    let mut ranked: Vec<Ranking> = Vec::new();
    let push = |d: u32, ranked: &mut Vec<Ranking>| {
        if let Some((tier, boost, de)) = pick_entry(index, d, scope, named) {
            ranked.push((tier, score(d) * boost, de.order, de.entry));
        }
    };
    let of_model = |m: u32| {
        index
            .model_docs
            .get(m as usize)
            .map_or(&[][..], |l| l)
            .iter()
            .copied()
            .filter(|&d| score(d) > 0.0)
    };
    if let Some(m) = scope {
        for d in of_model(m) {
            push(d, &mut ranked);
        }
        let total = ranked.len();
        return (ranked, total);
    }
    let mut first: Vec<u32> = named.iter().flat_map(|&m| of_model(m)).collect();
    first.sort_unstable();
    first.dedup();
    for &d in &first {
        push(d, &mut ranked);
    }
    let rest: Vec<u32> = scores
        .touched
        .iter()
        .copied()
        .filter(|&d| score(d) > 0.0 && first.binary_search(&d).is_err())
        .collect();
    let total = first.len() + rest.len();
    let need = keep.saturating_sub(first.len());
    if need == 0 {
        return (ranked, total);
    }
    let mut values: Vec<f32> = rest.iter().map(|&d| score(d)).collect();
    let floor = if values.len() > need {
        values.select_nth_unstable_by(need - 1, |a, b| b.total_cmp(a));
        values[need - 1]
    } else {
        f32::MIN
    };
    let most = if named.is_empty() { GENERIC_BOOST } else { 1.0 };
    for d in rest {
        if score(d) * most >= floor {
            push(d, &mut ranked);
        }
    }
    (ranked, total)
}

/// The entry a document is shown from, with its tier (1: a named model's) and boost: in scope,
/// that model's; else a named model's (the first in order); else, when no lock is named, the
/// generic tree's (boosted); else the first in order. A document's entries are in order.
fn pick_entry(index: &SearchIndex, d: u32, scope: Option<u32>, named: &[u32]) -> Option<Pick> {
    if let Some(m) = scope {
        let de = index.entry_of(d, m)?;
        let boost = if named.is_empty() && Some(m) == index.generic {
            GENERIC_BOOST
        } else {
            1.0
        };
        return Some((u8::from(named.contains(&m)), boost, de));
    }
    if !named.is_empty() {
        if let Some(de) = named
            .iter()
            .filter_map(|&m| index.entry_of(d, m))
            .min_by_key(|de| de.order)
        {
            return Some((1, 1.0, de));
        }
    } else if let Some(de) = index.generic.and_then(|g| index.entry_of(d, g)) {
        return Some((0, GENERIC_BOOST, de));
    }
    let de = *index.doc_entries.get(d as usize)?.first()?;
    Some((0, 1.0, de))
}

/// An entry picked for a document: tier, boost, the entry.
type Pick = (u8, f32, DocEntry);

/// Rank order: `Less` when `a` ranks before `b`.
fn order(a: &Ranking, b: &Ranking) -> std::cmp::Ordering {
    if better(a, b) {
        std::cmp::Ordering::Less
    } else if better(b, a) {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

/// Whether `a` ranks before `b`: tier, then score, then the stable order.
fn better(a: &(u8, f32, u32, u32), b: &(u8, f32, u32, u32)) -> bool {
    (a.0, a.1) > (b.0, b.1) || ((a.0, a.1) == (b.0, b.1) && a.2 < b.2)
}

/// The emergency document that fits danger `kind` best: the one its description explains
/// best (ties to the first). Computed once per index.
pub(crate) fn emergency_doc(index: &SearchIndex, kind: DangerKind) -> Option<u32> {
    let only: HashSet<u32> = index.emergencies.iter().copied().collect();
    let describe = super::rank::plan(index, kind.description(), false);
    let scores = score(index, &describe, Some(&only));
    index.emergencies.iter().copied().max_by(|&a, &b| {
        scores.score[a as usize]
            .total_cmp(&scores.score[b as usize])
            .then(b.cmp(&a))
    })
}

/// The emergency outcome that fits what the danger reader found, from the named model (else
/// the generic tree, else the first model that has it).
fn emergency_hit(
    catalog: &Catalog,
    index: &SearchIndex,
    plan: &Plan,
    scope: Option<u32>,
    shown: &Shown<'_>,
) -> Option<Hit> {
    let danger = plan.danger.as_ref()?;
    let kind = DangerKind::ALL.iter().position(|&k| k == danger.kind)?;
    let doc = (*index.emergency_for.get(kind)?)?;
    let want = scope
        .or_else(|| plan.detection.models.first().copied())
        .or(index.generic);
    let e = want
        .and_then(|m| index.entry_of(doc, m))
        .or_else(|| index.doc_entries.get(doc as usize)?.first().copied())?
        .entry;
    let reason = Reason::Danger {
        kind: danger.kind,
        words: danger.words.clone(),
    };
    let mut h = index.make_hit(catalog, e, f32::MAX / 1e6, shown, reason)?;
    h.words.clone_from(&danger.words);
    Some(h)
}

/// The identification guide as a hit: "which lock is it?" between the candidates of a
/// conflict, or offered when no lock is named.
fn guide_hit(catalog: &Catalog, index: &SearchIndex, plan: &Plan, conflict: bool) -> Option<Hit> {
    let tree = index.identify?;
    let guide = catalog.trees.get(tree)?;
    let start = guide.nodes.get(guide.start)?;
    let (title, candidates) = if conflict {
        let names: Vec<&str> = plan
            .detection
            .conflict
            .iter()
            .take(4)
            .filter_map(|&m| index.models.get(m as usize).map(|m| m.name.as_str()))
            .collect();
        (
            format!("Which lock is it? {} (identify it)", names.join(" or ")),
            plan.detection
                .conflict
                .iter()
                .filter_map(|&m| index.models.get(m as usize).map(|m| m.id.clone()))
                .collect(),
        )
    } else {
        (
            "Which lock is it? Not sure of the model: identify it by what it looks like".into(),
            Vec::new(),
        )
    };
    Some(Hit {
        model: tree,
        model_id: guide.id.clone(),
        model_name: guide.title(),
        stack: vec![Pos {
            tree,
            node: guide.start,
        }],
        node_id: start.id.clone(),
        kind: NodeKind::Question,
        title,
        path: Vec::new(),
        score: 0,
        title_matches: Vec::new(),
        path_matches: Vec::new(),
        model_matches: Vec::new(),
        snippet: None,
        words: Vec::new(),
        reason: if conflict {
            Reason::WhichLock { candidates }
        } else {
            Reason::Identify
        },
    })
}

#[cfg(test)]
mod tests;
