//! `lockdiag sessions`: the saved case sessions, one row each (id, when, model, outcome, case
//! reference). Reads the store only, so it works even when a model's tree has gone.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::Format;
use crate::export::{iso_time, utc_time};
use crate::store::{Listed, Store, StoreSpec};
use crate::tree::text::sanitize;

/// One session in `lockdiag sessions --format json`.
#[derive(Debug, Serialize)]
struct Row {
    id: i64,
    started: String,
    updated: String,
    ended: Option<String>,
    model: String,
    outcome: Option<String>,
    outcome_node: Option<String>,
    case_ref: Option<String>,
    agents: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

fn row(l: &Listed) -> Row {
    Row {
        id: l.id,
        started: iso_time(l.started),
        updated: iso_time(l.updated),
        ended: l.ended.map(iso_time),
        model: l.model.clone(),
        outcome: l.outcome.clone(),
        outcome_node: l.outcome_node.clone(),
        case_ref: l.case_ref.clone(),
        agents: l.agents.clone(),
        problem: l.problem.clone(),
    }
}

/// One line of the table: id, started, model, outcome, case, agents.
type Line = (String, String, String, String, String, String);

/// The table `lockdiag sessions` prints.
#[must_use]
pub fn table(rows: &[Listed]) -> String {
    let mut lines: Vec<Line> = vec![(
        "ID".to_string(),
        "STARTED".to_string(),
        "MODEL".to_string(),
        "OUTCOME".to_string(),
        "CASE".to_string(),
        "AGENTS".to_string(),
    )];
    for l in rows {
        let outcome = match (&l.problem, &l.outcome) {
            (Some(p), _) => format!("unreadable: {p}"),
            (None, Some(o)) => o.clone(),
            (None, None) => "in progress".to_string(),
        };
        lines.push((
            l.id.to_string(),
            utc_time(l.started),
            sanitize(&l.model),
            sanitize(&outcome),
            sanitize(l.case_ref.as_deref().unwrap_or("")),
            sanitize(&l.agents.join(", ")),
        ));
    }
    let w = |f: fn(&Line) -> &String| {
        lines
            .iter()
            .map(|l| f(l).chars().count())
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2, w3) = (w(|l| &l.0), w(|l| &l.1), w(|l| &l.2), w(|l| &l.3));
    let w4 = w(|l| &l.4);
    lines
        .iter()
        .map(|(a, b, c, d, e, f)| {
            format!("{a:>w0$}  {b:<w1$}  {c:<w2$}  {d:<w3$}  {e:<w4$}  {f}")
                .trim_end()
                .to_string()
                + "\n"
        })
        .collect()
}

/// Lists the sessions in the store (`--store`, else the data folder), only those `agent`
/// took part in when given.
pub fn run(spec: &StoreSpec, agent: Option<&str>, format: Format) -> Result<ExitCode> {
    let (rows, place) = match Store::open_spec_read(spec)? {
        Some(store) => (store.list_by(agent)?, store.place()),
        None => (
            Vec::new(),
            crate::store::data_dir(spec.data_dir.as_deref())?
                .display()
                .to_string(),
        ),
    };
    match format {
        Format::Json => {
            let rows: Vec<Row> = rows.iter().map(row).collect();
            super::print_json(&rows)?;
        }
        Format::Text if rows.is_empty() => {
            println!("No sessions yet in {}.", sanitize(&place));
        }
        Format::Text => print!("{}", table(&rows)),
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lines_up_and_shows_problems() {
        let rows = vec![
            Listed {
                id: 1,
                started: 1_773_484_325,
                updated: 1_773_484_325,
                ended: Some(1_773_484_400),
                model: "august-wifi".into(),
                outcome: Some("locksmith".into()),
                outcome_node: Some("lost-key".into()),
                case_ref: Some("TCK-1".into()),
                agents: vec!["anna".into(), "bo".into()],
                problem: None,
            },
            Listed {
                id: 12,
                started: 0,
                updated: 0,
                ended: None,
                model: "m".into(),
                outcome: None,
                outcome_node: None,
                case_ref: None,
                agents: Vec::new(),
                problem: None,
            },
        ];
        assert_eq!(
            table(&rows),
            "ID  STARTED               MODEL        OUTCOME      CASE   AGENTS\n \
             1  2026-03-14 10:32 UTC  august-wifi  locksmith    TCK-1  anna, bo\n\
             12  1970-01-01 00:00 UTC  m            in progress\n"
        );
    }
}
