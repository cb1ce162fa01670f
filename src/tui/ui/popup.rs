//! Popups over the walk: the note editor, the case reference field and the export menu.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::centered;
use crate::tree::text::sanitize;
use crate::tui::app::{App, EXPORTS, Screen};

fn step_title(app: &App) -> String {
    match &app.screen {
        Screen::Walk(w) => sanitize(&w.session().node(&app.catalog).title),
        Screen::Picker(_) => String::new(),
    }
}

pub(super) fn note(frame: &mut Frame, area: Rect, app: &App, editor: &TextArea<'static>) {
    let popup = centered(area, 70, 14);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(format!(" Note on: {} ", step_title(app)))
        .title_bottom(Line::styled(
            " Esc or Ctrl-S saves · Enter adds a line ",
            app.theme.dim,
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    frame.render_widget(editor, inner);
}

pub(super) fn case_ref(frame: &mut Frame, area: Rect, app: &App, text: &str) {
    let popup = centered(area, 60, 5);
    frame.render_widget(Clear, popup);
    let line = Line::from(vec![
        Span::styled("Case / ticket: ", app.theme.title),
        Span::raw(sanitize(text)),
        Span::styled("▏", app.theme.key),
    ]);
    let para = Paragraph::new(vec![
        line,
        Line::styled("Enter saves · Esc cancels", app.theme.dim),
    ])
    .wrap(Wrap { trim: false })
    .block(Block::bordered().title(" Case reference "));
    frame.render_widget(para, popup);
}

pub(super) fn export(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let popup = centered(area, 70, 8);
    frame.render_widget(Clear, popup);
    let mut lines: Vec<Line> = EXPORTS
        .iter()
        .enumerate()
        .map(|(i, (_, label))| {
            let style = if i == selected {
                app.theme.selected
            } else {
                ratatui::style::Style::new()
            };
            Line::styled(
                format!(
                    "{} {}. {label}",
                    if i == selected { "›" } else { " " },
                    i + 1
                ),
                style,
            )
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(
        "Saved in the current folder · Esc cancels",
        app.theme.dim,
    ));
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Export this case ")),
        popup,
    );
}

pub(super) fn replace(frame: &mut Frame, area: Rect, app: &App, n: usize) {
    let popup = centered(area, 60, 6);
    frame.render_widget(Clear, popup);
    let name = match (&app.screen, EXPORTS.get(n)) {
        (Screen::Walk(w), Some((format, _))) => crate::export::file_name(w.live.case(), *format),
        _ => String::new(),
    };
    let lines = vec![
        Line::from(format!("{} is already in this folder.", sanitize(&name))),
        Line::default(),
        Line::styled("y replaces it · n or Esc keeps it", app.theme.dim),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Replace the file? ")),
        popup,
    );
}

pub(super) fn reopen(frame: &mut Frame, area: Rect, app: &App) {
    let popup = centered(area, 58, 6);
    frame.render_widget(Clear, popup);
    let lines = vec![
        Line::styled("This case is finished. Reopen this case?", app.theme.title),
        Line::from("Changing it keeps the outcome it reached in its log."),
        Line::default(),
        Line::from(vec![
            Span::styled("Enter/y", app.theme.key),
            Span::raw(" reopen and go on · "),
            Span::styled("Esc/n", app.theme.key),
            Span::raw(" keep it finished"),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Reopen? ")),
        popup,
    );
}
