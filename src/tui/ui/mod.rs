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
        Some(Popup::Search(state)) => search::render(frame, area, app, state),
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

fn render_header(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = vec![Span::styled(" lockdiag", app.theme.title)];
    let right = match &app.screen {
        Screen::Picker(_) => "choose your lock".to_string(),
        Screen::Walk(w) => {
            spans.push(Span::raw(" › "));
            spans.push(Span::raw(sanitize(
                &app.catalog.trees[w.session().tree].title(),
            )));
            let n = w.session().steps.len();
            format!("{n} answer{}", if n == 1 { "" } else { "s" })
        }
    };
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
        let mut spans = vec![Span::raw(" ")];
        for (i, (keys, help)) in keymap::footer(app.context()).into_iter().enumerate() {
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

fn render_help(frame: &mut Frame, area: Rect, app: &App) {
    let ctx = app.screen_context();
    let rows = keymap::help(ctx);
    let width = rows
        .iter()
        .map(|(k, h)| k.chars().count() + h.len() + 4)
        .max()
        .unwrap_or(20)
        .max(30) as u16
        + 4;
    let height = u16::try_from(rows.len())
        .unwrap_or(u16::MAX)
        .saturating_add(4);
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(popup);
    let keyw = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(k, h)| {
            Line::from(vec![
                Span::styled(format!(" {k:<keyw$}  "), app.theme.key),
                Span::raw(*h),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(" Esc, ? or q closes this", app.theme.dim));
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
