//! The walk screen: breadcrumb, question or remedy, choices or checklist, and the side panel.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::report::answer_text;
use crate::session::Answer;
use crate::tree::text::{fill_placeholders, sanitize};
use crate::tree::{NodeBody, NodeKind};
use crate::tui::app::{App, WalkState};
use crate::tui::layout;

fn kind_word(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Remedy => "a remedy to try",
        NodeKind::Resolved => "fixed",
        NodeKind::Locksmith => "a locksmith",
        NodeKind::Manufacturer => "the manufacturer",
        NodeKind::Emergency => "emergency services",
        NodeKind::OpenModel => "the questions for your model",
        _ => "",
    }
}

pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, w: &WalkState) {
    let t = &app.theme;
    let cat = &app.catalog;
    let areas = layout::walk(cat, w, area);
    let model = cat.trees[w.session().tree].model();
    let fill = |s: &str| sanitize(&fill_placeholders(s, model));

    // Breadcrumb: the answers so far, cut from the left to fit.
    let mut crumb: Vec<String> = vec!["Start".into()];
    crumb.extend(w.session().steps.iter().map(|s| fill(&answer_text(cat, s))));
    let mut text = crumb.join(" › ");
    let width = areas.crumb.width as usize;
    if text.chars().count() > width {
        let skip = text.chars().count() + 1 - width;
        text = format!("…{}", text.chars().skip(skip + 1).collect::<String>());
    }
    let at_emergency = w.session().node(cat).kind() == crate::tree::NodeKind::Emergency;
    if w.session().safety_skipped(cat) && !at_emergency {
        // A jump went past the safety question: keep asking until it is answered (not on an
        // emergency card, which already says to get help first).
        frame.render_widget(
            Line::styled(
                "⚠ Safety question not asked: is anyone at risk inside? Press !",
                t.caution,
            ),
            areas.crumb,
        );
    } else {
        frame.render_widget(Line::styled(text, t.dim), areas.crumb);
    }

    let node = w.session().node(cat);
    if node.kind().is_outcome() {
        let main = Rect::new(
            areas.text.x,
            areas.text.y,
            areas.text.width,
            areas.text.height + areas.list.height,
        );
        super::outcome::render(frame, main, app, w);
    } else {
        render_text(frame, areas.text, app, w);
        render_list(frame, areas.list, app, w);
    }
    if areas.side.width > 0 {
        render_side(frame, areas.side, app, w);
    }
}

fn render_text(frame: &mut Frame, area: Rect, app: &App, w: &WalkState) {
    let t = &app.theme;
    let cat = &app.catalog;
    let model = cat.trees[w.session().tree].model();
    let fill = |s: &str| sanitize(&fill_placeholders(s, model));
    let node = w.session().node(cat);
    let mut lines = vec![Line::styled(fill(&node.title), t.title)];
    let heading = match &node.body {
        NodeBody::Remedy {
            cautions, tools, ..
        } => {
            for c in cautions {
                // Wrapped lines hang under the caution's text, not back at column 0.
                for l in layout::hanging(&format!("⚠ CAUTION: {}", fill(c)), area.width) {
                    lines.push(Line::styled(l, t.caution));
                }
            }
            // Some help texts list the tools themselves ("You need: ..."): say it once.
            let said = node
                .help
                .as_deref()
                .is_some_and(|h| h.contains("You need:"));
            if !tools.is_empty() && !said {
                lines.push(Line::from(vec![
                    Span::styled("You need: ", t.title),
                    Span::raw(tools.iter().map(|s| fill(s)).collect::<Vec<_>>().join(", ")),
                ]));
            }
            " Try this "
        }
        _ => " Question ",
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
        .block(Block::bordered().title(heading));
    frame.render_widget(para, area);
}

fn render_list(frame: &mut Frame, area: Rect, app: &App, w: &WalkState) {
    let t = &app.theme;
    let cat = &app.catalog;
    let node = w.session().node(cat);
    let is_remedy = matches!(node.body, NodeBody::Remedy { .. });
    let lines = layout::list_lines(cat, w, area.width);
    let inner_h = layout::inner(area).height as usize;
    let offset = layout::list_offset(&lines, w.cursor, inner_h);
    let remembered = match w.session().remembered_answer() {
        Some(Answer::Choice(i)) => Some(*i),
        _ => None,
    };
    let mut out = Vec::new();
    let mut prev: Option<usize> = None;
    for (i, text) in lines.iter().skip(offset).take(inner_h) {
        let first = prev != Some(*i);
        prev = Some(*i);
        let style = if *i == w.cursor {
            t.selected
        } else {
            ratatui::style::Style::new()
        };
        let steps = match &node.body {
            NodeBody::Remedy { steps, .. } => steps.len(),
            _ => 0,
        };
        let mark = if is_remedy && *i < steps {
            match (first, w.session().is_ticked(*i)) {
                (true, true) => Span::styled("[x] ", t.ok),
                (true, false) => Span::raw("[ ] "),
                _ => Span::raw("    "),
            }
        } else {
            // Answer rows line up under the steps' boxes on a remedy.
            let pad = if is_remedy { "  " } else { "" };
            if first && *i == w.cursor {
                Span::styled(format!("{pad}› "), style)
            } else {
                Span::raw(format!("{pad}  "))
            }
        };
        let mut spans = vec![mark, Span::styled(text.clone(), style)];
        if first && remembered == Some(*i) {
            spans.push(Span::styled("  (your earlier answer)", t.dim));
        }
        out.push(Line::from(spans));
    }
    let hidden = lines.len().saturating_sub(offset + inner_h);
    let more = if hidden > 0 {
        format!(" ↓ {hidden} more ")
    } else {
        String::new()
    };
    let title = if is_remedy {
        Line::from(vec![
            Span::raw(" Steps (Space ticks) · "),
            Span::styled("Did this fix it?", t.title),
            Span::raw(" "),
        ])
    } else {
        Line::from(" Answers ")
    };
    let block = Block::bordered()
        .title(title)
        .title_bottom(Line::styled(more, t.dim).right_aligned());
    frame.render_widget(Paragraph::new(out).block(block), area);
}

fn render_side(frame: &mut Frame, area: Rect, app: &App, w: &WalkState) {
    let t = &app.theme;
    let cat = &app.catalog;
    let model = cat.trees[w.session().tree].model();
    let width = layout::inner(area).width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let reach = w.session().reachable_outcomes(cat);
    if w.session().node(cat).kind().is_outcome() {
        lines.push(Line::styled("This walk has ended.", t.title));
    } else {
        lines.push(Line::styled("Can still end in:", t.title));
        let words: Vec<&str> = reach
            .iter()
            .map(|k| kind_word(*k))
            .filter(|s| !s.is_empty())
            .collect();
        for l in layout::wrap(&words.join(", "), width) {
            lines.push(Line::from(l));
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("Answers so far:", t.title));
    if w.session().steps.is_empty() {
        lines.push(Line::styled("none yet", t.dim));
    }
    let mut answers: Vec<Line> = Vec::new();
    let mut n = 0;
    for s in &w.session().steps {
        if let Answer::Jump(to) = &s.answer {
            // A jump answers nothing: no number, and not under the question it left.
            let there = to
                .last()
                .map(|p| cat.node(*p).title.clone())
                .unwrap_or_default();
            let there = sanitize(&fill_placeholders(&there, model));
            for l in layout::wrap(&format!("⤳ jumped to '{there}'"), width) {
                answers.push(Line::styled(l, t.dim));
            }
            continue;
        }
        n += 1;
        let q = sanitize(&fill_placeholders(&cat.node(s.pos()).title, model));
        let a = sanitize(&fill_placeholders(&answer_text(cat, s), model));
        for (k, l) in layout::wrap(&format!("{n}. {q}"), width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            answers.push(if k == 0 {
                Line::styled(l, t.dim)
            } else {
                Line::styled(format!("  {l}"), t.dim)
            });
        }
        for l in layout::wrap(&format!("→ {a}"), width.saturating_sub(2)) {
            answers.push(Line::from(format!("  {l}")));
        }
    }
    let room = (layout::inner(area).height as usize).saturating_sub(lines.len());
    let skip = answers.len().saturating_sub(room);
    if skip > 0 && room > 0 {
        lines.push(Line::styled("…", t.dim));
        lines.extend(answers.into_iter().skip(skip + 1));
    } else {
        lines.extend(answers);
    }
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" So far ")),
        area,
    );
}
