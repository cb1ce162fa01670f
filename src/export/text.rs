//! The plain-text transcript (for email and systems that show text as is), with the locksmith
//! card when the walk ended at a locksmith.

use std::fmt::Write as _;

use crate::catalog::Catalog;
use crate::store::Case;
use crate::tree::NodeKind;

use super::card::{card_text, indent_lines};
use super::view::{StepView, View, view};
use super::{clock, utc_time};

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
}

fn list(out: &mut String, label: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{label}");
    for i in items {
        let _ = writeln!(out, "  - {}", indent_lines(i, "    "));
    }
}

fn step_line(s: &StepView, started: u64) -> String {
    let answer = if s.kind == NodeKind::Remedy {
        format!("Did this fix it? {}", s.answer)
    } else {
        s.answer.clone()
    };
    match &s.agent {
        Some(a) => format!("{} -> {answer} [{}, {a}]", s.title, clock(s.time, started)),
        None => format!("{} -> {answer} [{}]", s.title, clock(s.time, started)),
    }
}

fn header(out: &mut String, v: &View<'_>) {
    let title = match v.id {
        Some(id) => format!("LOCKDIAG CASE {id}: {}", v.title),
        None => format!("LOCKDIAG CASE: {}", v.title),
    };
    let _ = writeln!(out, "{title}\n{}", "=".repeat(title.chars().count()));
    let _ = writeln!(out, "Model:           {} ({})", v.title, v.model_id);
    let _ = writeln!(
        out,
        "Case reference:  {}",
        v.case_ref.as_deref().unwrap_or("none")
    );
    let _ = writeln!(out, "Started:         {}", utc_time(v.started));
    match v.ended {
        Some(e) if v.finished() => {
            let _ = writeln!(out, "Ended:           {}", utc_time(e));
        }
        _ => {
            let _ = writeln!(out, "Status:          in progress");
        }
    }
    let _ = writeln!(out, "Outcome:         {}", v.outcome_line());
    if v.safety_skipped {
        let _ = writeln!(out, "Safety:          {}", super::view::SAFETY_NOT_ASKED);
    }
}

fn body(out: &mut String, v: &View<'_>) {
    heading(out, "Path");
    if v.steps.is_empty() {
        let _ = writeln!(out, "No answers yet.");
    }
    for (i, s) in v.steps.iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {}", i + 1, step_line(s, v.started));
    }
    if !v.abandoned.is_empty() {
        let _ = writeln!(out, "Answers changed with Back (the earlier branches):");
        for b in &v.abandoned {
            let steps: Vec<String> = b.iter().map(|s| step_line(s, v.started)).collect();
            let _ = writeln!(out, "  - {}", steps.join("; "));
        }
    }
    heading(out, "Remedies tried");
    if v.remedies.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for r in &v.remedies {
        let _ = writeln!(out, "  - {}", r.line());
    }
    heading(out, "Notes");
    if v.notes.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for n in &v.notes {
        let _ = writeln!(
            out,
            "  - [{}] at \"{}\": {}",
            clock(n.time, v.started),
            n.title,
            indent_lines(&n.text, "    ")
        );
    }
}

fn outcome(out: &mut String, v: &View<'_>) {
    let n = &v.here;
    heading(out, "Outcome");
    let _ = writeln!(out, "{}", v.outcome_line());
    if !v.finished() {
        if let Some(h) = &n.help {
            let _ = writeln!(out, "{h}");
        }
        return;
    }
    if let Some(w) = &n.why {
        let _ = writeln!(out, "Why: {w}");
    }
    list(out, "What to do:", &n.actions);
    list(out, "Tell them:", &n.tell);
    list(out, "They should bring:", &n.bring);
    if let Some(c) = &n.contact {
        let _ = writeln!(out, "Contact: {c}");
    }
    list(out, "Have ready:", &n.have_ready);
}

pub(crate) fn transcript(catalog: &Catalog, case: &Case) -> String {
    let v = view(catalog, case);
    let mut out = String::new();
    header(&mut out, &v);
    body(&mut out, &v);
    outcome(&mut out, &v);
    if let Some(card) = card_text(&v) {
        let _ = writeln!(out, "\n{}", card.trim_end());
    }
    out
}
