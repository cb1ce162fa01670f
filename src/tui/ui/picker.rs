//! The model picker: filter line, models grouped by brand, and the selected model's facts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::highlighted;
use crate::tree::text::sanitize;
use crate::tui::app::App;
use crate::tui::layout::{self, PickerLine};
use crate::tui::picker::{Entry, PickerState};

pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, p: &PickerState) {
    let t = &app.theme;
    let [filter, list, facts] = layout::picker(area);
    let count = p
        .rows
        .iter()
        .filter(|r| matches!(r.entry, Entry::Model(_)))
        .count();
    let prompt = Line::from(vec![
        Span::styled("Find your lock: ", t.title),
        Span::raw(sanitize(&p.query)),
        Span::styled("▏", t.key),
        Span::styled(
            format!("   {count} model{}", if count == 1 { "" } else { "s" }),
            t.dim,
        ),
    ]);
    frame.render_widget(
        Paragraph::new(prompt)
            .block(Block::bordered().title(" Type a brand, name or model number ")),
        filter,
    );

    let inner_h = layout::inner(list).height as usize;
    let lines = layout::picker_lines(p);
    let offset = layout::picker_offset(&lines, p.selected, inner_h);
    let mut out: Vec<Line> = Vec::new();
    for l in lines.iter().skip(offset).take(inner_h) {
        match *l {
            PickerLine::Heading(i) => out.push(Line::styled(sanitize(&p.rows[i].brand), t.title)),
            PickerLine::Row(i) => {
                let r = &p.rows[i];
                let base = if i == p.selected {
                    t.selected
                } else {
                    ratatui::style::Style::new()
                };
                let mut spans = vec![Span::styled(
                    if i == p.selected { "› " } else { "  " },
                    base,
                )];
                spans.extend(highlighted(
                    &sanitize(&r.label),
                    &r.matched,
                    base,
                    t.matched,
                ));
                if let Some(also) = &r.also {
                    spans.push(Span::styled(
                        format!("  (matches “{}”)", sanitize(also)),
                        t.dim,
                    ));
                }
                out.push(Line::from(spans));
            }
        }
    }
    if p.rows.is_empty() {
        out.push(Line::styled("No lock matches that.", t.caution));
        out.push(Line::from(
            "Try fewer letters, or pick “I don't know my model”",
        ));
        out.push(Line::from("(Backspace deletes, Esc clears)."));
    }
    frame.render_widget(
        Paragraph::new(out).block(Block::bordered().title(" Locks ")),
        list,
    );

    let fact_lines = match p.current().map(|r| &r.entry) {
        Some(Entry::Model(i)) => match app.catalog.trees[*i].model() {
            Some(m) => {
                let row = |k: &str, v: String| {
                    Line::from(vec![
                        Span::styled(format!("{k}: "), t.title),
                        Span::raw(sanitize(&v)),
                    ])
                };
                let mut lines = vec![
                    Line::styled(sanitize(&m.full_name()), t.title),
                    Line::default(),
                ];
                // The same fields, with the same names, as the locksmith card (less the name).
                lines.extend(
                    crate::report::model_facts(m, &crate::tree::Learned::default())
                        .into_iter()
                        .skip(1)
                        .map(|(k, v)| row(k, v)),
                );
                lines.push(row("Also called", m.aliases.join(", ")));
                lines.push(row("Reviewed", m.reviewed.clone()));
                lines
            }
            None => Vec::new(),
        },
        Some(Entry::Identify) => vec![
            Line::styled("Not sure which lock you have?", t.title),
            Line::default(),
            Line::from(
                "A few questions about what you can see (a keyhole, a keypad, the app you use) find it for you.",
            ),
        ],
        None => Vec::new(),
    };
    frame.render_widget(
        Paragraph::new(fact_lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Facts ")),
        facts,
    );
}
