//! The search overlay: the query line, then each hit as "kind · title" over
//! "model › path", with the matched letters highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, highlighted};
use crate::search::Reason;
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

/// The tail of `query` (on one line) that fits in `width` columns, with "…" when cut.
fn query_tail(query: &str, width: usize) -> String {
    let line: String = query.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = if query.ends_with(char::is_whitespace) && !line.is_empty() {
        format!("{line} ")
    } else {
        line
    };
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= width {
        return line;
    }
    let keep = width.saturating_sub(1);
    format!(
        "…{}",
        chars[chars.len() - keep..].iter().collect::<String>()
    )
}

/// Path labels shortened in the middle to fit `width` columns: the first and the last labels
/// stay (they tell results apart), those between become "…".
pub(super) fn fit_path(labels: &[String], width: usize) -> Vec<Option<usize>> {
    let len = |ids: &[Option<usize>]| -> usize {
        ids.iter()
            .map(|i| i.map_or(1, |i| labels[i].chars().count()) + 3)
            .sum()
    };
    let mut ids: Vec<Option<usize>> = (0..labels.len()).map(Some).collect();
    // Drop labels from the middle, left of the last, until the path fits.
    while len(&ids) > width && labels.len() > 2 {
        let Some(pos) = ids.iter().skip(1).position(|i| i.is_some()).map(|p| p + 1) else {
            break;
        };
        if pos + 1 >= ids.len() {
            break;
        }
        ids[pos] = None;
        ids.dedup();
    }
    ids
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
        (true, Some(m)) => format!(
            "this model: {} (Tab: all models)",
            app.catalog.trees[m].title()
        ),
        (false, Some(_)) => "every model (Tab: this model)".to_string(),
        _ => "every model".to_string(),
    };
    let block = Block::bordered().title(format!(" Search {scope} "));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [input, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let hits = s.hits();
    let count = if s.query.trim().is_empty() {
        String::new()
    } else {
        let n = s.searcher.total();
        format!("  {n} match{}", if n == 1 { "" } else { "es" })
    };
    let label = "Caller's words: ";
    let room =
        usize::from(inner.width).saturating_sub(label.chars().count() + count.chars().count() + 1);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(label, t.title),
                Span::raw(sanitize(&query_tail(&s.query, room))),
                Span::styled("▏", t.key),
                Span::styled(count, t.dim),
            ]),
            Line::default(),
        ]),
        input,
    );
    let mut lines: Vec<Line> = Vec::new();
    if s.query.trim().is_empty() {
        lines.push(Line::styled("Paste or type what the caller says, e.g. \"keypad lights up but bolt doesnt move\" or a whole chat.", t.dim));
        lines.push(Line::styled("Results are ranked: no word is required; typos are fine; an emergency always comes first.", t.dim));
    } else if hits.is_empty() {
        lines.push(Line::styled(
            "None of these words is in any tree.".to_string(),
            t.caution,
        ));
        lines.push(Line::from(
            "Describe what the lock does: \"keypad dead\", \"key won't turn\", \"bolt stuck\".",
        ));
    }
    let rows = (list.height as usize) / 2;
    let offset = s.selected.saturating_sub(rows.saturating_sub(1));
    let width = usize::from(list.width);
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
        if let Reason::Danger { words, .. } = &hit.reason {
            first.push(Span::styled(
                format!("  set off by: {}", sanitize(&words.join(", "))),
                t.caution,
            ));
        } else if let Some(sn) = &hit.snippet {
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
        let name = sanitize(&hit.model_name);
        let room = width.saturating_sub(4 + name.chars().count());
        second.extend(highlighted(&name, &hit.model_matches, t.dim, t.matched));
        let labels: Vec<String> = hit.path.iter().map(|l| sanitize(l)).collect();
        let mut used = 0usize;
        for id in fit_path(&labels, room) {
            second.push(Span::styled(" › ", t.dim));
            used += 3;
            let avail = room.saturating_sub(used);
            match id {
                // A label that still does not fit keeps its start, cut with "…".
                Some(k) if labels[k].chars().count() > avail => {
                    let cut: String = labels[k].chars().take(avail.saturating_sub(1)).collect();
                    second.push(Span::styled(format!("{cut}…"), t.dim));
                    break;
                }
                Some(k) => {
                    let m = hit.path_matches.get(k).map_or(&[][..], Vec::as_slice);
                    second.extend(highlighted(&labels[k], m, t.dim, t.matched));
                    used += labels[k].chars().count();
                }
                None => {
                    second.push(Span::styled("…", t.dim));
                    used += 1;
                }
            }
        }
        lines.push(Line::from(second));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_path_is_shortened_in_the_middle() {
        let labels: Vec<String> = [
            "No one is in danger",
            "The bolt is stuck",
            "It grinds",
            "The app says \"Lock jammed\"",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        assert_eq!(
            fit_path(&labels, 200),
            vec![Some(0), Some(1), Some(2), Some(3)]
        );
        assert_eq!(fit_path(&labels, 60), vec![Some(0), None, Some(3)]);
    }

    #[test]
    fn a_long_query_shows_its_end() {
        assert_eq!(query_tail("short", 20), "short");
        let t = query_tail(&"word ".repeat(100), 20);
        assert!(t.starts_with('…') && t.chars().count() == 20, "{t}");
    }
}
