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

fn section<'a>(lines: &mut Vec<Line<'a>>, t: &Theme, heading: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    lines.push(Line::styled(heading.to_string(), t.title));
    for i in items {
        lines.push(Line::from(format!("  • {i}")));
    }
}

pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, w: &WalkState) {
    let t = &app.theme;
    let cat = &app.catalog;
    let model = cat.trees[w.session().tree].model();
    let fill = |s: &str| sanitize(&fill_placeholders(s, model));
    let fill_all = |v: &[String]| v.iter().map(|s| fill(s)).collect::<Vec<_>>();
    let node = w.session().node(cat);
    let mut lines: Vec<Line> = Vec::new();
    let title = match &node.body {
        NodeBody::Emergency { why, actions } => {
            lines.push(Line::styled(
                " CALL EMERGENCY SERVICES NOW: 911 (or your local emergency number) ",
                t.emergency,
            ));
            lines.push(Line::default());
            lines.push(Line::styled(fill(&node.title), t.title));
            lines.push(Line::from(fill(why)));
            section(&mut lines, t, "Do this:", &fill_all(actions));
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
        } => {
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
            lines.push(Line::from(vec![
                Span::styled("Why: ", t.title),
                Span::raw(fill(why)),
            ]));
            lines.push(Line::default());
            if let Some(m) = model {
                lines.push(Line::styled("Triage card", t.title));
                let row = |k: &str, v: String| {
                    Line::from(vec![
                        Span::styled(format!("  {k:<15}"), t.dim),
                        Span::raw(sanitize(&v)),
                    ])
                };
                lines.push(row("Lock", format!("{} ({})", m.full_name(), m.id)));
                lines.push(row("Cylinder", m.cylinder.describe().to_string()));
                lines.push(row("Keyway", m.keyway.clone()));
                lines.push(row("Power", m.power.clone()));
                lines.push(row("Battery backup", m.emergency_power.join(", ")));
                lines.push(row("Connects by", m.connectivity.join(", ")));
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
            section(&mut lines, t, "What happened:", &path);
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
                section(&mut lines, t, "Tried:", &tried);
            }
            let untried: Vec<String> = crate::report::untried_remedies(cat, w.session())
                .into_iter()
                .map(|p| format!("{}: not tried", fill(&cat.node(p).title)))
                .collect();
            if !untried.is_empty() {
                section(
                    &mut lines,
                    t,
                    "Not tried (the walk did not get there):",
                    &untried,
                );
                lines.push(Line::styled(
                    "  What the card says about these steps is not confirmed.",
                    t.dim,
                ));
            }
            section(&mut lines, t, "Tell the locksmith:", &fill_all(tell));
            section(&mut lines, t, "They should bring:", &fill_all(bring));
            " Locksmith "
        }
        NodeBody::Manufacturer {
            why,
            contact,
            have_ready,
        } => {
            lines.push(Line::styled("CONTACT THE MANUFACTURER", t.title));
            lines.push(Line::styled(fill(&node.title), t.title));
            lines.push(Line::from(vec![
                Span::styled("Why: ", t.title),
                Span::raw(fill(why)),
            ]));
            lines.push(Line::from(vec![
                Span::styled("Contact: ", t.title),
                Span::raw(fill(contact)),
            ]));
            section(&mut lines, t, "Have ready:", &fill_all(have_ready));
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
    let para = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((w.scroll, 0))
        .block(Block::bordered().title(title));
    frame.render_widget(para, area);
}
