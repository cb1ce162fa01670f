//! The Markdown transcript: model, case reference, path with answers, remedies tried with
//! results, notes, outcome, then the locksmith card. Reads as plain text too, for ticket
//! systems that do not render Markdown.

use std::fmt::Write as _;

use crate::catalog::Catalog;
use crate::store::Case;
use crate::tree::NodeKind;

use super::card::{card_md, indent_lines};
use super::view::{StepView, View, view};
use super::{clock, utc_time};

fn list(out: &mut String, label: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{label}\n");
    for i in items {
        let _ = writeln!(out, "- {}", indent_lines(i, "  "));
    }
}

fn header(out: &mut String, v: &View<'_>) {
    match v.id {
        Some(id) => {
            let _ = writeln!(out, "# lockdiag case {id}: {}\n", v.title);
        }
        None => {
            let _ = writeln!(out, "# lockdiag case: {}\n", v.title);
        }
    }
    let _ = writeln!(out, "- **Model:** {} ({})", v.title, v.model_id);
    let _ = writeln!(
        out,
        "- **Case reference:** {}",
        v.case_ref.as_deref().unwrap_or("none")
    );
    let _ = writeln!(out, "- **Started:** {}", utc_time(v.started));
    match v.ended {
        Some(e) if v.finished() => {
            let _ = writeln!(out, "- **Ended:** {}", utc_time(e));
        }
        _ => {
            let _ = writeln!(out, "- **Status:** in progress");
        }
    }
    let _ = writeln!(out, "- **Outcome:** {}", v.outcome_line());
    if v.safety_skipped {
        let _ = writeln!(out, "- **Safety:** {}", super::view::SAFETY_NOT_ASKED);
    }
}

fn step_line(s: &StepView, started: u64) -> String {
    let arrow = if s.kind == NodeKind::Remedy {
        format!("Did this fix it? **{}**", s.answer)
    } else {
        format!("**{}**", s.answer)
    };
    match &s.agent {
        Some(a) => format!("{} → {arrow} ({}, {a})", s.title, clock(s.time, started)),
        None => format!("{} → {arrow} ({})", s.title, clock(s.time, started)),
    }
}

fn path(out: &mut String, v: &View<'_>) {
    let _ = writeln!(out, "\n## Path\n");
    if v.steps.is_empty() {
        let _ = writeln!(out, "No answers yet.");
    }
    for (i, s) in v.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, step_line(s, v.started));
    }
    if !v.abandoned.is_empty() {
        let _ = writeln!(out, "\nAnswers changed with Back (the earlier branches):\n");
        for b in &v.abandoned {
            let steps: Vec<String> = b.iter().map(|s| step_line(s, v.started)).collect();
            let _ = writeln!(out, "- {}", steps.join("; "));
        }
    }
}

fn outcome(out: &mut String, v: &View<'_>) {
    let n = &v.here;
    let _ = writeln!(out, "\n## Outcome\n");
    let _ = writeln!(out, "**{}**", v.outcome_line());
    if !v.finished() {
        if let Some(h) = &n.help {
            let _ = writeln!(out, "\n{h}");
        }
        return;
    }
    if let Some(w) = &n.why {
        let _ = writeln!(out, "\nWhy: {w}");
    }
    list(out, "What to do:", &n.actions);
    list(out, "Tell them:", &n.tell);
    list(out, "They should bring:", &n.bring);
    if let Some(c) = &n.contact {
        let _ = writeln!(out, "\nContact: {c}");
    }
    list(out, "Have ready:", &n.have_ready);
}

pub(crate) fn transcript(catalog: &Catalog, case: &Case) -> String {
    let v = view(catalog, case);
    let mut out = String::new();
    header(&mut out, &v);
    path(&mut out, &v);
    let _ = writeln!(out, "\n## Remedies tried\n");
    if v.remedies.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for r in &v.remedies {
        let _ = writeln!(out, "- {}", r.line());
    }
    let _ = writeln!(out, "\n## Notes\n");
    if v.notes.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for n in &v.notes {
        let _ = writeln!(
            out,
            "- {}, at \"{}\": {}",
            clock(n.time, v.started),
            n.title,
            indent_lines(&n.text, "  ")
        );
    }
    outcome(&mut out, &v);
    if let Some(card) = card_md(&v) {
        let _ = writeln!(out, "\n{}", card.trim_end());
    }
    out
}
