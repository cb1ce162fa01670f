//! Outcome statistics over saved sessions, for desk leads: which models and outcomes come up,
//! which remedies are tried and fail, where walks stop, which nodes nobody reaches, and how
//! long a walk takes to an outcome. Plain Rust over the store's records.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::store::replay::replay;
use crate::store::{Event, Listed, Stored};
use crate::tree::TreeKind;

/// What to count.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only sessions started at or after this time (seconds since the Unix epoch).
    pub since: Option<u64>,
    /// Only sessions of this model (or guide) id.
    pub model: Option<String>,
    /// Only sessions in which this agent recorded an event.
    pub agent: Option<String>,
}

/// A remedy with how often it was tried and did not fix the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemedyCount {
    /// `tree/node`.
    pub node: String,
    /// Its title.
    pub title: String,
    /// "Did this fix it?" answered at all.
    pub tried: usize,
    /// Answered no.
    pub failed: usize,
}

/// The figures `lockdiag stats` prints.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Sessions counted.
    pub sessions: usize,
    /// Sessions per model id.
    pub per_model: BTreeMap<String, usize>,
    /// Sessions per outcome kind (`unfinished` for walks that never reached one).
    pub per_outcome: BTreeMap<String, usize>,
    /// Sessions per agent who recorded any of their events (a handed-over case counts for
    /// each agent on it).
    pub per_agent: BTreeMap<String, usize>,
    /// Remedies tried, most often failed first.
    pub remedies: Vec<RemedyCount>,
    /// Where unfinished walks stopped (`tree/node` → count), most first.
    pub abandoned_at: Vec<(String, usize)>,
    /// Nodes of the counted models that no session visited (`tree/node`), per model.
    pub never_visited: BTreeMap<String, Vec<String>>,
    /// Median seconds from start to outcome over finished walks.
    pub median_seconds_to_outcome: Option<u64>,
    /// Sessions that could not be read (id and reason).
    pub unreadable: Vec<(i64, String)>,
}

fn key(tree: &str, node: &str) -> String {
    format!("{tree}/{node}")
}

/// Counts `sessions` (rows and logs from the store) against `catalog`.
#[must_use]
pub fn compute(
    catalog: &Catalog,
    sessions: &[(Listed, Result<Stored, String>)],
    filter: &Filter,
) -> Stats {
    let mut st = Stats::default();
    let mut visited: BTreeSet<String> = BTreeSet::new();
    let mut remedies: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut abandoned: BTreeMap<String, usize> = BTreeMap::new();
    let mut durations = Vec::new();
    let mut models: BTreeSet<String> = BTreeSet::new();
    for (row, stored) in sessions {
        if filter.since.is_some_and(|s| row.started < s)
            || filter.model.as_ref().is_some_and(|m| *m != row.model)
            || !row.by(filter.agent.as_deref())
        {
            continue;
        }
        st.sessions += 1;
        for a in &row.agents {
            *st.per_agent.entry(a.clone()).or_insert(0) += 1;
        }
        *st.per_model.entry(row.model.clone()).or_insert(0) += 1;
        models.insert(row.model.clone());
        let outcome = row
            .outcome
            .clone()
            .unwrap_or_else(|| "unfinished".to_string());
        *st.per_outcome.entry(outcome).or_insert(0) += 1;
        if let Some(end) = row.ended {
            durations.push(end.saturating_sub(row.started));
        }
        let stored = match stored {
            Ok(s) => s,
            Err(e) => {
                st.unreadable.push((row.id, e.clone()));
                continue;
            }
        };
        for logged in &stored.events {
            match &logged.event {
                Event::Answer { at, answer } => {
                    if let Some(last) = at.last() {
                        let k = key(&last.tree, &last.node);
                        visited.insert(k.clone());
                        if answer == "yes" || answer == "no" {
                            let e = remedies.entry(k).or_insert((0, 0));
                            e.0 += 1;
                            e.1 += usize::from(answer == "no");
                        }
                    }
                }
                Event::Jump { to, .. } => visited.extend(to.last().map(|n| key(&n.tree, &n.node))),
                Event::Outcome { node, .. } => {
                    visited.insert(key(&node.tree, &node.node));
                }
                _ => {}
            }
        }
        if let Ok((case, _)) = replay(catalog, stored) {
            let pos = case.session().pos();
            let here = key(&catalog.trees[pos.tree].id, &catalog.node(pos).id);
            visited.insert(here.clone());
            if row.outcome.is_none() {
                *abandoned.entry(here).or_insert(0) += 1;
            }
        }
    }
    st.remedies = remedies
        .into_iter()
        .map(|(node, (tried, failed))| RemedyCount {
            title: title_of(catalog, &node),
            node,
            tried,
            failed,
        })
        .collect();
    st.remedies.sort_by(|a, b| {
        b.failed
            .cmp(&a.failed)
            .then(b.tried.cmp(&a.tried))
            .then(a.node.cmp(&b.node))
    });
    let mut ab: Vec<(String, usize)> = abandoned.into_iter().collect();
    ab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    st.abandoned_at = ab;
    for m in &models {
        let Some(t) = catalog.model_index(m).or_else(|| catalog.guide_index(m)) else {
            continue;
        };
        let tree = &catalog.trees[t];
        let missing: Vec<String> = tree
            .nodes
            .iter()
            .filter(|n| {
                !matches!(
                    n.kind(),
                    crate::tree::NodeKind::Procedure | crate::tree::NodeKind::OpenModel
                )
            })
            .map(|n| key(&tree.id, &n.id))
            .filter(|k| !visited.contains(k))
            .collect();
        if matches!(tree.kind, TreeKind::Model(_) | TreeKind::Guide { .. }) {
            st.never_visited.insert(m.clone(), missing);
        }
    }
    durations.sort_unstable();
    let n = durations.len();
    st.median_seconds_to_outcome = match n {
        0 => None,
        _ if n % 2 == 1 => Some(durations[n / 2]),
        _ => Some(u64::midpoint(durations[n / 2 - 1], durations[n / 2])),
    };
    st
}

fn title_of(catalog: &Catalog, key: &str) -> String {
    let Some((tree, node)) = key.split_once('/') else {
        return String::new();
    };
    crate::store::event::tree_index(catalog, tree)
        .and_then(|t| catalog.trees[t].node_by_id(node))
        .map(|n| n.title.clone())
        .unwrap_or_default()
}

/// `YYYY-MM-DD` as seconds since the Unix epoch at 00:00 UTC.
pub fn parse_date(s: &str) -> Option<u64> {
    let mut it = s.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days).ok().map(|d| d * 86_400)
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_parse_to_utc_midnight() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(951_868_800));
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }
}
