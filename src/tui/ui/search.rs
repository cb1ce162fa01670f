//! The search overlay: the query line, then each hit as "kind · title" over
//! "model › path", with the matched letters highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, highlighted};
use crate::tree::text::sanitize;
use crate::tui::app::App;
use crate::tui::search::SearchState;

fn kind_tag(kind: crate::tree::NodeKind) -> &'static str {
    use crate::tree::NodeKind as K;
    match kind {
        K::Question => "question",
        K::Remedy => "remedy",
        K::Resolved => "fixed",
        K::Locksmith => "locksmith",
        K::Manufacturer => "maker",
        K::Emergency => "EMERGENCY",
        K::Procedure | K::OpenModel => "",
    }
}

pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, s: &SearchState) {
    let t = &app.theme;
    let popup = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, popup);
    let scope = match (s.narrowed, s.here) {
        (true, Some(m)) => format!("this model: {}", app.catalog.trees[m].title()),
        _ => "every model".to_string(),
    };
    let block = Block::bordered().title(format!(
        " Search {} (Tab: {}) ",
        scope,
        if s.here.is_some() {
            "switch"
        } else {
            "open a model to narrow"
        }
    ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [input, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let hits = s.hits();
    let count = if s.query.trim().is_empty() {
        String::new()
    } else {
        format!(
            "   {} match{}",
            s.searcher.total(),
            if s.searcher.total() == 1 { "" } else { "es" }
        )
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled("Words the caller used: ", t.title),
                Span::raw(sanitize(&s.query)),
                Span::styled("▏", t.key),
                Span::styled(count, t.dim),
            ]),
            Line::default(),
        ]),
        input,
    );
    let mut lines: Vec<Line> = Vec::new();
    if s.query.trim().is_empty() {
        lines.push(Line::styled("Type what the caller says, e.g. \"keypad lights up but bolt doesnt move\" or \"my kwikset wont lock\".", t.dim));
        lines.push(Line::styled("Every word must match somewhere, in any order; typos and missing apostrophes are fine.", t.dim));
    } else if hits.is_empty() {
        lines.push(Line::styled(
            format!("No node matches \"{}\".", sanitize(s.query.trim())),
            t.caution,
        ));
        lines.push(Line::from(
            "Try a shorter query or fewer words: every word has to match somewhere.",
        ));
    }
    let rows = (list.height as usize) / 2;
    let offset = s.selected.saturating_sub(rows.saturating_sub(1));
    for (i, hit) in hits.iter().enumerate().skip(offset).take(rows) {
        let sel = i == s.selected;
        let base = if sel { t.selected } else { Style::new() };
        let mut first = vec![
            Span::styled(if sel { "› " } else { "  " }, base),
            Span::styled(format!("{:<9} ", kind_tag(hit.kind)), t.dim.patch(base)),
        ];
        first.extend(highlighted(
            &sanitize(&hit.title),
            &hit.title_matches,
            base,
            t.matched,
        ));
        if let Some(sn) = &hit.snippet {
            first.push(Span::styled("  “", t.dim));
            first.extend(highlighted(
                &sanitize(&sn.text),
                &sn.matches,
                t.dim,
                t.matched,
            ));
            first.push(Span::styled("”", t.dim));
        }
        lines.push(Line::from(first));
        let mut second = vec![Span::raw("    ")];
        second.extend(highlighted(
            &sanitize(&hit.model_name),
            &hit.model_matches,
            t.dim,
            t.matched,
        ));
        for (k, label) in hit.path.iter().enumerate() {
            second.push(Span::styled(" › ", t.dim));
            let m = hit.path_matches.get(k).map_or(&[][..], Vec::as_slice);
            second.extend(highlighted(&sanitize(label), m, t.dim, t.matched));
        }
        lines.push(Line::from(second));
    }
    frame.render_widget(Paragraph::new(lines), list);
}
