//! The locksmith card: what a locksmith reads before a visit, in the order they read it: the
//! lock and its facts, cylinder and keyway, how urgent and why, what the customer will say,
//! what was already tried, what to bring, then the notes and the sources it rests on. Made
//! only when the walk ended at a locksmith outcome.

use std::fmt::Write as _;

use crate::catalog::Catalog;
use crate::store::Case;
use crate::tree::NodeKind;

use super::view::{View, view};

/// The card's content, shared by the Markdown and text forms.
struct Card {
    heading: String,
    facts: Vec<(&'static str, String)>,
    urgency: String,
    job: String,
    tell: Vec<String>,
    tried: Vec<String>,
    untried: Vec<String>,
    bring: Vec<String>,
    notes: Vec<String>,
    sources: Vec<String>,
}

fn card(v: &View<'_>) -> Option<Card> {
    if v.here_kind != NodeKind::Locksmith {
        return None;
    }
    let mut heading = "Locksmith card".to_string();
    if let Some(r) = &v.case_ref {
        let _ = write!(heading, ": case {r}");
    }
    let mut facts = match v.model {
        Some(m) => crate::report::model_facts(m, &v.learned),
        None => vec![
            ("Lock", format!("{} ({})", v.title, v.model_id)),
            ("Cylinder", crate::report::unidentified_cylinder(&v.learned)),
        ],
    };
    if !v.agents.is_empty() {
        facts.insert(1.min(facts.len()), ("Agents", v.agents.join(", ")));
    }
    let urgency = v.here.urgency.as_deref().unwrap_or("").to_uppercase();
    let why = v.card_why.as_str();
    let tried = v
        .remedies
        .iter()
        .map(super::view::RemedyView::line)
        .collect();
    Some(Card {
        heading,
        facts,
        urgency: format!("{urgency}. {why}").trim().to_string(),
        job: crate::report::locksmith_job(&v.here.title, why),
        tell: v.card_tell.clone(),
        tried,
        untried: v
            .untried
            .iter()
            .map(|t| format!("{t} (what the card says about it is not confirmed)"))
            .collect(),
        bring: v.card_bring.clone(),
        notes: v
            .notes
            .iter()
            .map(|n| format!("At \"{}\": {}", n.title, n.text))
            .collect(),
        sources: v
            .sources
            .iter()
            .map(crate::tree::Source::with_address)
            .collect(),
    })
}

/// Indents the continuation lines of a multi-line item by `pad`.
pub(crate) fn indent_lines(s: &str, pad: &str) -> String {
    s.replace('\n', &format!("\n{pad}"))
}

fn md_list(out: &mut String, label: &str, items: &[String], empty: &str) {
    let _ = writeln!(out, "- **{label}:**");
    if items.is_empty() {
        let _ = writeln!(out, "  - {empty}");
    }
    for i in items {
        let _ = writeln!(out, "  - {}", indent_lines(i, "    "));
    }
}

fn text_list(out: &mut String, label: &str, items: &[String], empty: &str) {
    let _ = writeln!(out, "{label}:");
    if items.is_empty() {
        let _ = writeln!(out, "  - {empty}");
    }
    for i in items {
        let _ = writeln!(out, "  - {}", indent_lines(i, "    "));
    }
}

pub(crate) fn card_md(v: &View<'_>) -> Option<String> {
    let c = card(v)?;
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", c.heading);
    for (k, val) in &c.facts {
        let _ = writeln!(out, "- **{k}:** {val}");
    }
    let _ = writeln!(out, "- **Urgency:** {}", c.urgency);
    let _ = writeln!(out, "- **Job:** {}", c.job);
    md_list(
        &mut out,
        "The customer will tell you",
        &c.tell,
        "nothing noted",
    );
    md_list(&mut out, "Already tried", &c.tried, "nothing");
    if !c.untried.is_empty() {
        md_list(&mut out, "Not tried", &c.untried, "");
    }
    md_list(&mut out, "Bring", &c.bring, "nothing listed");
    if !c.notes.is_empty() {
        md_list(&mut out, "Notes", &c.notes, "");
    }
    if !c.sources.is_empty() {
        md_list(&mut out, "Sources", &c.sources, "");
    }
    Some(out)
}

pub(crate) fn card_text(v: &View<'_>) -> Option<String> {
    let c = card(v)?;
    let mut out = String::new();
    let heading = c.heading.to_uppercase();
    let _ = writeln!(out, "{heading}\n{}", "=".repeat(heading.chars().count()));
    let width = c
        .facts
        .iter()
        .map(|(k, _)| k.len())
        .chain([7])
        .max()
        .unwrap_or(0);
    for (k, val) in &c.facts {
        let _ = writeln!(out, "{:<width$}  {val}", format!("{k}:"), width = width + 1);
    }
    let _ = writeln!(
        out,
        "{:<width$}  {}",
        "Urgency:",
        c.urgency,
        width = width + 1
    );
    let _ = writeln!(out, "{:<width$}  {}", "Job:", c.job, width = width + 1);
    text_list(
        &mut out,
        "The customer will tell you",
        &c.tell,
        "nothing noted",
    );
    text_list(&mut out, "Already tried", &c.tried, "nothing");
    if !c.untried.is_empty() {
        text_list(&mut out, "Not tried", &c.untried, "");
    }
    text_list(&mut out, "Bring", &c.bring, "nothing listed");
    if !c.notes.is_empty() {
        text_list(&mut out, "Notes", &c.notes, "");
    }
    if !c.sources.is_empty() {
        text_list(&mut out, "Sources", &c.sources, "");
    }
    Some(out)
}

/// The locksmith card in Markdown, when the walk ended at a locksmith outcome.
#[must_use]
pub fn locksmith_card_md(catalog: &Catalog, case: &Case) -> Option<String> {
    card_md(&view(catalog, case))
}

/// The locksmith card as plain text, when the walk ended at a locksmith outcome.
#[must_use]
pub fn locksmith_card_text(catalog: &Catalog, case: &Case) -> Option<String> {
    card_text(&view(catalog, case))
}
