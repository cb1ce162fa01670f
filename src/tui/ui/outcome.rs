//! Outcome cards: emergency (unmistakable, first line says to call), locksmith triage card,
//! manufacturer, resolved.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::report::answer_text;
use crate::session::Answer;
use crate::tree::text::{fill_placeholders, sanitize};
use crate::tree::{NodeBody, Urgency};
use crate::tui::app::{App, WalkState};
use crate::tui::theme::Theme;

/// A heading and its bullets, each bullet wrapped to `width` with its lines hanging under its
/// text (not back at column 0).
fn section<'a>(
    lines: &mut Vec<Line<'a>>,
    t: &Theme,
    width: usize,
    heading: &str,
    items: &[String],
) {
    if items.is_empty() {
        return;
    }
    lines.push(Line::styled(heading.to_string(), t.title));
    for i in items {
        for (n, part) in crate::tui::layout::wrap(i, width.saturating_sub(4))
            .into_iter()
            .enumerate()
        {
            let lead = if n == 0 { "  • " } else { "    " };
            lines.push(Line::from(format!("{lead}{part}")));
        }
    }
}

/// `label`, then `text` wrapped to `width`, its continuation lines (and the text's own line
/// breaks) hanging under the text rather than back at column 0.
fn labelled<'a>(lines: &mut Vec<Line<'a>>, label: Span<'a>, text: &str, width: usize) {
    let pad = label.width();
    for (n, part) in crate::tui::layout::wrap(text, width.saturating_sub(pad))
        .into_iter()
        .enumerate()
    {
        let lead = if n == 0 {
            label.clone()
        } else {
            Span::raw(" ".repeat(pad))
        };
        lines.push(Line::from(vec![lead, Span::raw(sanitize(&part))]));
    }
}

pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, w: &WalkState) {
    let t = &app.theme;
    let cat = &app.catalog;
    let model = cat.trees[w.session().tree].model();
    let fill = |s: &str| sanitize(&fill_placeholders(s, model));
    let raw = |s: &str| fill_placeholders(s, model);
    let fill_all = |v: &[String]| v.iter().map(|s| fill(s)).collect::<Vec<_>>();
    let node = w.session().node(cat);
    let width = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let title = match &node.body {
        NodeBody::Emergency { why, actions } => {
            lines.push(Line::styled(
                " CALL EMERGENCY SERVICES NOW: 911 (or your local emergency number) ",
                t.emergency,
            ));
            lines.push(Line::default());
            lines.push(Line::styled(fill(&node.title), t.title));
            labelled(&mut lines, Span::raw(""), &raw(why), width);
            section(&mut lines, t, width, "Do this:", &fill_all(actions));
            lines.push(Line::styled(
                "Lock advice comes later, once everyone is safe.",
                t.dim,
            ));
            " EMERGENCY "
        }
        NodeBody::Locksmith {
            why,
            urgency,
            tell,
            bring,
            card_why,
            ..
        } => {
            let learned = w.session().learned(cat);
            let urgency = learned.urgency(*urgency);
            let style = match urgency {
                Urgency::Emergency => t.emergency,
                Urgency::Today => t.caution,
                Urgency::CanWait => t.ok,
            };
            lines.push(Line::from(vec![
                Span::styled("CALL A LOCKSMITH", t.title),
                Span::raw("   urgency: "),
                Span::styled(format!(" {} ", urgency.word()), style),
            ]));
            lines.push(Line::styled(fill(&node.title), t.title));
            labelled(&mut lines, Span::styled("Why: ", t.title), &raw(why), width);
            lines.push(Line::default());
            if let Some(m) = model {
                lines.push(Line::styled("Triage card", t.title));
                let facts = crate::report::model_facts(m, &learned);
                let names = facts
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .chain(["Situation".len()])
                    .max()
                    .unwrap_or(0)
                    + 2;
                // The triage card is the locksmith's: its situation line is the card's own
                // third-person words, while the owner reads "Why" above.
                let situation = raw(card_why.as_deref().unwrap_or(why));
                let job = crate::report::locksmith_job(&raw(&node.title), &situation);
                // A title that names no job gives the situation again: it is shown once.
                let job = (job != situation).then_some(("Job", job));
                for (k, v) in facts
                    .into_iter()
                    .chain([("Situation", situation)])
                    .chain(job)
                {
                    let label = Span::styled(format!("  {k:<names$}"), t.dim);
                    labelled(&mut lines, label, &v, width);
                }
            }
            let path: Vec<String> = w
                .session()
                .steps
                .iter()
                .filter(|s| !matches!(s.answer, Answer::Fixed(_)))
                .map(|s| {
                    format!(
                        "{} → {}",
                        fill(&cat.node(s.pos()).title),
                        fill(&answer_text(cat, s))
                    )
                })
                .collect();
            section(&mut lines, t, width, "What happened:", &path);
            let tried: Vec<String> = w
                .session()
                .steps
                .iter()
                .filter_map(|s| match s.answer {
                    Answer::Fixed(ok) => Some(format!(
                        "{}: {}",
                        fill(&cat.node(s.pos()).title),
                        if ok { "fixed it" } else { "did not fix it" }
                    )),
                    _ => None,
                })
                .collect();
            if tried.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled("Tried: ", t.title),
                    Span::raw("nothing on this walk"),
                ]));
            } else {
                section(&mut lines, t, width, "Tried:", &tried);
            }
            let untried: Vec<String> = crate::report::untried_remedies(cat, w.session())
                .into_iter()
                .map(|p| format!("{}: not tried", fill(&cat.node(p).title)))
                .collect();
            if !untried.is_empty() {
                section(
                    &mut lines,
                    t,
                    width,
                    "Not tried (the walk did not get there):",
                    &untried,
                );
                lines.push(Line::styled(
                    "  What the card says about these steps is not confirmed.",
                    t.dim,
                ));
            }
            let card = |v: &[String]| {
                crate::report::card_items(v, model, &learned)
                    .iter()
                    .map(|s| sanitize(s))
                    .collect::<Vec<_>>()
            };
            section(&mut lines, t, width, "Tell the locksmith:", &card(tell));
            section(&mut lines, t, width, "They should bring:", &card(bring));
            let case = w.live.case();
            lines.push(Line::from(vec![
                Span::styled("Case: ", t.title),
                Span::raw(
                    case.case_ref()
                        .map_or_else(|| "no case reference (c sets one)".to_string(), sanitize),
                ),
            ]));
            let notes: Vec<String> = case
                .notes()
                .iter()
                .map(|n| {
                    let at = n
                        .node
                        .resolve(cat)
                        .map_or_else(|| n.node.node.clone(), |p| fill(&cat.node(p).title));
                    sanitize(&format!("At \"{at}\": {}", n.text.replace('\n', " / ")))
                })
                .collect();
            section(&mut lines, t, width, "Notes:", &notes);
            let sources: Vec<String> = crate::report::card_sources(cat, w.session())
                .iter()
                .map(|s| sanitize(&s.title))
                .collect();
            section(&mut lines, t, width, "Sources:", &sources);
            " Locksmith "
        }
        NodeBody::Manufacturer {
            why,
            contact,
            have_ready,
        } => {
            lines.push(Line::styled("CONTACT THE MANUFACTURER", t.title));
            lines.push(Line::styled(fill(&node.title), t.title));
            labelled(&mut lines, Span::styled("Why: ", t.title), &raw(why), width);
            labelled(
                &mut lines,
                Span::styled("Contact: ", t.title),
                &raw(contact),
                width,
            );
            section(&mut lines, t, width, "Have ready:", &fill_all(have_ready));
            " Manufacturer support "
        }
        _ => {
            lines.push(Line::styled("✓ RESOLVED", t.ok));
            lines.push(Line::styled(fill(&node.title), t.title));
            " Resolved "
        }
    };
    if let Some(h) = &node.help {
        lines.push(Line::default());
        for para in fill_placeholders(h, model).split('\n') {
            lines.push(Line::from(sanitize(para)));
        }
    }
    // Rows the text takes once wrapped (an estimate by width; bullets are wrapped already).
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(width.max(1)).max(1))
        .sum();
    let inner_h = usize::from(area.height.saturating_sub(2));
    let more = rows > inner_h + usize::from(w.scroll);
    let mut block = Block::bordered().title(title);
    if more {
        block = block.title_bottom(Line::styled(" ↓ more (↓/j scrolls) ", t.dim).right_aligned());
    }
    let para = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((w.scroll, 0))
        .block(block);
    frame.render_widget(para, area);
}
