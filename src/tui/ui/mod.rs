//! Rendering: turns `&App` into a frame. No I/O, no state changes.
//!
//! ```text
//! ┌ header: lockdiag › model ──────────────────────────────── screen ┐
//! │ body: picker (filter / list / facts) or walk (crumb / text,     │
//! │       choices or steps / side panel) or outcome card            │
//! └ footer: keys from the keymap table, or a status message ────────┘
//! ```

mod outcome;
mod picker;
mod popup;
mod search;
mod walk;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, Popup, Screen};
use super::keymap;
use super::layout::{self, MIN_SIZE};
use super::theme::Theme;
use crate::tree::text::sanitize;

/// Draws the whole app.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if !layout::big_enough(area) {
        render_too_small(frame, area, &app.theme);
        return;
    }
    let [header, _, footer] = layout::frame(area);
    render_header(frame, header, app);
    match &app.screen {
        Screen::Picker(p) => picker::render(frame, area, app, p),
        Screen::Walk(w) => walk::render(frame, area, app, w),
    }
    render_footer(frame, footer, app);
    match &app.popup {
        Some(Popup::Help) => render_help(frame, area, app),
        Some(Popup::Note(editor)) => popup::note(frame, area, app, editor),
        Some(Popup::CaseRef(text)) => popup::case_ref(frame, area, app, text),
        Some(Popup::Export(i)) => popup::export(frame, area, app, *i),
        Some(Popup::Replace(i)) => popup::replace(frame, area, app, *i),
        Some(Popup::Search(state)) => search::render(frame, area, app, state),
        Some(Popup::Reopen(_)) => popup::reopen(frame, area, app),
        None => {}
    }
}

fn render_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.caution),
        Line::from(format!(
            "need {}x{}, have {}x{}",
            MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
        )),
        Line::from("Enlarge the window, or Ctrl-C to quit."),
    ];
    let [mid] = Layout::vertical([Constraint::Length(3)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        mid,
    );
}

/// `text` cut to `max` characters, ending in "…" when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The header: " lockdiag › model" on the left, the case facts on the right. Laid out from the
/// width it has: the model name is shortened (never runs into the facts), and at narrow widths
/// the facts that matter least go first (notes, then answers; the case reference stays).
fn render_header(frame: &mut Frame, area: Rect, app: &App) {
    const BRAND: &str = " lockdiag";
    let (title, mut facts) = match &app.screen {
        Screen::Picker(_) => (None, vec!["choose your lock".to_string()]),
        Screen::Walk(w) => {
            let case = w.live.case();
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let case_ref = case.case_ref().map_or_else(
                || "no case ref".to_string(),
                |r| format!("case {}", clip(&sanitize(r), 24)),
            );
            let facts = vec![
                case_ref,
                plural(w.session().answer_count(), "answer"),
                plural(case.notes().len(), "note"),
            ];
            let title = sanitize(&app.catalog.trees[w.session().tree].title());
            (Some(title), facts)
        }
    };
    let width = area.width as usize;
    let right_len = |f: &[String]| f.iter().map(|s| s.chars().count() + 3).sum::<usize>();
    // Keep at least 12 columns of the model name while dropping facts.
    while facts.len() > 1 && BRAND.len() + 3 + 12 + right_len(&facts) > width {
        facts.pop();
    }
    let right = facts.join(" · ");
    let mut spans = vec![Span::styled(BRAND, app.theme.title)];
    if let Some(t) = title {
        let room = width.saturating_sub(BRAND.len() + 3 + right.chars().count() + 2);
        spans.push(Span::raw(" › "));
        spans.push(Span::raw(clip(&t, room)));
    }
    frame.render_widget(Line::from(spans), area);
    let mut right_spans = Vec::new();
    if let Some(badge) = app.live().and_then(|l| save_badge(l.save_state())) {
        right_spans.push(Span::styled(badge, app.theme.caution));
        right_spans.push(Span::raw("  "));
    }
    right_spans.push(Span::styled(format!("{right} "), app.theme.dim));
    frame.render_widget(Line::from(right_spans).alignment(Alignment::Right), area);
}

/// The header badge for changes that are not safely stored: NOT SAVED until saving works
/// again, OFFLINE while the shared store is away (changes kept locally).
fn save_badge(state: &crate::store::SaveState) -> Option<&'static str> {
    use crate::store::SaveState;
    match state {
        SaveState::NotSaved(_) | SaveState::Off(_) => Some("[NOT SAVED]"),
        SaveState::Offline { kept: Some(_), .. } => Some("[OFFLINE: kept locally]"),
        SaveState::Offline { kept: None, .. } => Some("[NOT SAVED: offline]"),
        SaveState::Saved | SaveState::Sending => None,
    }
}

fn render_footer(frame: &mut Frame, area: Rect, app: &App) {
    let line = if let Some(status) = &app.status {
        Line::from(vec![
            Span::styled(format!(" {}", sanitize(status)), app.theme.caution),
            Span::styled("  (? for keys)", app.theme.dim),
        ])
    } else {
        // As many keys as fit the width, in table order, and always the key to the full list
        // ("? help", last); with no such key, the last entry that does not fit is shortened.
        let entries = keymap::footer(app.context());
        let help = entries.iter().position(|(k, _)| *k == "?");
        let cost = |(k, h): &(&str, &str)| k.chars().count() + 1 + h.chars().count();
        let mut room = usize::from(area.width).saturating_sub(2);
        if let Some(h) = help {
            room = room.saturating_sub(cost(&entries[h]) + 3);
        }
        let mut shown: Vec<(String, String)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if Some(i) == help {
                continue;
            }
            let sep = if shown.is_empty() { 0 } else { 3 };
            if sep + cost(e) > room {
                let left = room.saturating_sub(sep + e.0.chars().count() + 1);
                if help.is_none() && left >= 8 {
                    shown.push((e.0.to_string(), clip(e.1, left)));
                }
                break;
            }
            room -= sep + cost(e);
            shown.push((e.0.to_string(), e.1.to_string()));
        }
        if let Some(h) = help {
            shown.push((entries[h].0.to_string(), entries[h].1.to_string()));
        }
        let mut spans = vec![Span::raw(" ")];
        for (i, (keys, help)) in shown.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", app.theme.dim));
            }
            spans.push(Span::styled(keys, app.theme.key));
            spans.push(Span::raw(format!(" {help}")));
        }
        Line::from(spans)
    };
    frame.render_widget(line, area);
}

/// The help box, laid out from the room it has: one column when the keys fit the height, two
/// side by side when they do not and the width allows, help text wrapped (never cut) to the
/// width, and "↓ more" when even that does not fit.
fn render_help(frame: &mut Frame, area: Rect, app: &App) {
    let rows = keymap::help(app.screen_context());
    let keyw = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4);
    let helpw = rows
        .iter()
        .map(|(_, h)| h.chars().count())
        .max()
        .unwrap_or(10);
    let room_w = usize::from(area.width).saturating_sub(2);
    let room_h = usize::from(area.height).saturating_sub(4);
    // One entry is " key  help"; columns are separated by two spaces. One column when the keys
    // fit the height; else two side by side (their help wrapped to fit) when they then fit.
    let entry_w = 1 + keyw + 2 + helpw;
    let one_w = entry_w.min(room_w.saturating_sub(2));
    let two_w = entry_w.min(room_w.saturating_sub(4) / 2);
    let wrapped = |col_w: usize| {
        let text_w = col_w.saturating_sub(keyw + 3).max(8);
        let lines: usize = rows
            .iter()
            .map(|(_, h)| layout::wrap(h, text_w).len())
            .sum();
        (text_w, lines)
    };
    let two = wrapped(one_w).1 > room_h && wrapped(two_w).1.div_ceil(2) < room_h;
    let cols = if two { 2 } else { 1 };
    let col_w = if two { two_w } else { one_w };
    let text_w = wrapped(col_w).0;
    // Each entry as its wrapped lines: the key on the first, the help text hanging after it.
    let entries: Vec<Vec<Line>> = rows
        .iter()
        .map(|(k, h)| {
            layout::wrap(h, text_w)
                .into_iter()
                .enumerate()
                .map(|(i, part)| {
                    let key = if i == 0 { *k } else { "" };
                    Line::from(vec![
                        Span::styled(format!(" {key:<keyw$}  "), app.theme.key),
                        Span::raw(format!("{part:<text_w$}")),
                    ])
                })
                .collect()
        })
        .collect();
    let total: usize = entries.iter().map(Vec::len).sum();
    let per_col = if two { total.div_ceil(2) } else { total };
    let mut columns: Vec<Vec<Line>> = vec![Vec::new(); cols];
    let mut c = 0;
    for e in entries {
        if two && c == 0 && columns[0].len() + e.len() > per_col {
            c = 1;
        }
        columns[c].extend(e);
    }
    let height = columns.iter().map(Vec::len).max().unwrap_or(0);
    let shown = height.min(room_h);
    let mut lines: Vec<Line> = (0..shown)
        .map(|i| {
            let mut spans: Vec<Span> = Vec::new();
            for (n, col) in columns.iter().enumerate() {
                if n > 0 {
                    spans.push(Span::raw("  "));
                }
                match col.get(i) {
                    Some(l) => spans.extend(l.spans.iter().cloned()),
                    None => spans.push(Span::raw(" ".repeat(col_w))),
                }
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::default());
    lines.push(if shown < height {
        Line::styled(
            " ↓ more: make the window taller · Esc, ? or q closes",
            app.theme.dim,
        )
    } else {
        Line::styled(" Esc, ? or q closes this", app.theme.dim)
    });
    let inner_w = cols * col_w + (cols - 1) * 2 + 1;
    let box_w = u16::try_from(inner_w.max(30) + 2).unwrap_or(u16::MAX);
    let box_h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, box_w, box_h);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys on this screen ")),
        popup,
    );
}

/// A centred rectangle of at most `w` x `h` inside `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(r);
    r
}

/// A line of text with the characters at `matched` (char indices) in `hl` style.
fn highlighted<'a>(
    text: &str,
    matched: &[usize],
    base: ratatui::style::Style,
    hl: ratatui::style::Style,
) -> Vec<Span<'a>> {
    if matched.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    for (i, c) in text.chars().enumerate() {
        let is = matched.contains(&i);
        if is != run_hl && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { base.patch(hl) } else { base },
            ));
        }
        run_hl = is;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_hl { base.patch(hl) } else { base },
        ));
    }
    spans
}

#[cfg(test)]
mod tests;
