//! Screen geometry shared by rendering and mouse hit-testing, so a click lands on exactly what
//! was drawn. Pure functions of the terminal size and the state.

use ratatui::layout::{Constraint, Layout, Rect};

use super::picker::PickerState;
use super::walk_state::WalkState;
use crate::catalog::Catalog;
use crate::tree::NodeBody;
use crate::tree::text::{fill_placeholders, sanitize};

/// Smallest usable terminal.
pub const MIN_SIZE: (u16, u16) = (60, 18);
/// Width of the side panel of the walk screen (hidden when the screen is narrow).
const SIDE_WIDTH: u16 = 26;

/// Whether the terminal is big enough to draw the app.
#[must_use]
pub fn big_enough(area: Rect) -> bool {
    area.width >= MIN_SIZE.0 && area.height >= MIN_SIZE.1
}

/// Header, body and footer rows of every screen.
#[must_use]
pub fn frame(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The whole terminal of `size` as a rectangle.
#[must_use]
pub fn full(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0, size.1)
}

/// The picker: model list on the left, facts panel on the right.
#[must_use]
pub fn picker(area: Rect) -> [Rect; 3] {
    let [_, body, _] = frame(area);
    let [filter, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(body);
    let side = if area.width >= 90 { 38 } else { 28 };
    let [list, facts] =
        Layout::horizontal([Constraint::Min(30), Constraint::Length(side)]).areas(rest);
    [filter, list, facts]
}

/// The list area of the picker for a terminal size.
#[must_use]
pub fn picker_list(size: (u16, u16)) -> Rect {
    picker(full(size))[1]
}

/// A line of the picker list: a brand heading or a selectable row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerLine {
    /// Brand heading (index of the first row of the brand).
    Heading(usize),
    /// Selectable row.
    Row(usize),
}

/// The lines of the picker list, with headings before each brand.
#[must_use]
pub fn picker_lines(p: &PickerState) -> Vec<PickerLine> {
    let mut out = Vec::new();
    let mut last_brand: Option<&str> = None;
    for (i, r) in p.rows.iter().enumerate() {
        if !r.brand.is_empty() && last_brand != Some(r.brand.as_str()) {
            out.push(PickerLine::Heading(i));
        }
        last_brand = Some(&r.brand);
        out.push(PickerLine::Row(i));
    }
    out
}

/// First visible line so the highlighted row (and its heading) stays on screen.
#[must_use]
pub fn picker_offset(lines: &[PickerLine], selected: usize, height: usize) -> usize {
    let pos = lines
        .iter()
        .position(|l| *l == PickerLine::Row(selected))
        .unwrap_or(0);
    if height == 0 || pos < height {
        0
    } else {
        pos + 1 - height
    }
}

/// The row under a click in the picker list, if any.
#[must_use]
pub fn picker_row_at(p: &PickerState, list: Rect, x: u16, y: u16) -> Option<usize> {
    let inner = inner(list);
    if !inner.contains((x, y).into()) {
        return None;
    }
    let lines = picker_lines(p);
    let offset = picker_offset(&lines, p.selected, inner.height as usize);
    match lines.get(offset + (y - inner.y) as usize) {
        Some(PickerLine::Row(i)) => Some(*i),
        _ => None,
    }
}

/// Inside of a bordered block.
#[must_use]
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// Word-wraps `text` to `width` columns (long words are cut).
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word = word.to_string();
            while word.chars().count() > width {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                lines.push(head);
            }
            let needed = if line.is_empty() {
                word.chars().count()
            } else {
                line.chars().count() + 1 + word.chars().count()
            };
            if needed > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        lines.push(line);
    }
    lines
}

/// Wraps `text` for a panel `width` columns wide (borders included), its later lines hanging
/// three columns in, under the text after a mark such as "⚠ ".
#[must_use]
pub fn hanging(text: &str, width: u16) -> Vec<String> {
    let inner = usize::from(width).saturating_sub(2);
    wrap(text, inner.saturating_sub(3))
        .into_iter()
        .enumerate()
        .map(|(i, l)| if i == 0 { l } else { format!("   {l}") })
        .collect()
}

/// The walk screen's areas: breadcrumb, text panel, choices (or steps) panel, side panel.
#[derive(Debug, Clone, Copy)]
pub struct WalkAreas {
    /// Breadcrumb line.
    pub crumb: Rect,
    /// Title, help and other text.
    pub text: Rect,
    /// Choices of a question, or steps of a remedy (zero height at an outcome).
    pub list: Rect,
    /// Answers so far and what can still happen (zero width on narrow screens).
    pub side: Rect,
}

/// The two answers to "Did this fix it?" listed under a remedy's steps, in pick order.
pub const FIXED_ANSWERS: [&str; 2] = ["Yes, this fixed it", "No, it is not fixed"];

/// The choice (or step) lines of the node on screen, wrapped to `width`: (row index, text).
/// A remedy lists its steps (ticked, not numbered), then the two numbered answers to "Did
/// this fix it?", so digits always pick answers.
#[must_use]
pub fn list_lines(catalog: &Catalog, w: &WalkState, width: u16) -> Vec<(usize, String)> {
    let model = catalog.trees[w.session().tree].model();
    let node = w.session().node(catalog);
    // (text, number shown before it)
    let items: Vec<(String, Option<usize>)> = match &node.body {
        NodeBody::Question { choices } => choices
            .iter()
            .enumerate()
            .map(|(i, c)| (c.label.clone(), Some(i + 1)))
            .collect(),
        NodeBody::Remedy { steps, .. } => steps
            .iter()
            .map(|s| (s.clone(), None))
            .chain(
                FIXED_ANSWERS
                    .iter()
                    .enumerate()
                    .map(|(i, a)| ((*a).to_string(), Some(i + 1))),
            )
            .collect(),
        _ => Vec::new(),
    };
    let mark = if matches!(node.body, NodeBody::Remedy { .. }) {
        4
    } else {
        2
    };
    let mut out = Vec::new();
    for (i, (item, number)) in items.iter().enumerate() {
        let prefix = number.map_or_else(String::new, |n| format!("{n:>2}. "));
        let text = sanitize(&fill_placeholders(item, model));
        let body_width = (width as usize).saturating_sub(2 + mark + prefix.chars().count());
        for (k, l) in wrap(&text, body_width).into_iter().enumerate() {
            let lead = if k == 0 {
                prefix.clone()
            } else {
                " ".repeat(prefix.chars().count())
            };
            out.push((i, format!("{lead}{l}")));
        }
    }
    out
}

/// How many wrapped lines the text panel of the node on screen needs at `width`.
#[must_use]
pub fn text_lines(catalog: &Catalog, w: &WalkState, width: u16) -> usize {
    let model = catalog.trees[w.session().tree].model();
    let node = w.session().node(catalog);
    let width = (width as usize).saturating_sub(2);
    let count = |s: &str| wrap(&fill_placeholders(s, model), width).len();
    let mut n = count(&node.title);
    if let NodeBody::Remedy {
        cautions, tools, ..
    } = &node.body
    {
        n += cautions
            .iter()
            .map(|c| {
                hanging(
                    &format!("⚠ CAUTION: {}", fill_placeholders(c, model)),
                    u16::try_from(width + 2).unwrap_or(u16::MAX),
                )
                .len()
            })
            .sum::<usize>();
        let said = node
            .help
            .as_deref()
            .is_some_and(|h| h.contains("You need:"));
        if !tools.is_empty() && !said {
            n += count(&format!("You need: {}", tools.join(", ")));
        }
    }
    if let Some(h) = &node.help {
        n += 1 + count(h);
    }
    n
}

/// Lays out the walk screen for `area` (the whole terminal).
#[must_use]
pub fn walk(catalog: &Catalog, w: &WalkState, area: Rect) -> WalkAreas {
    let [_, body, _] = frame(area);
    let [crumb, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
    let ended = w.session().node(catalog).kind().is_outcome();
    let side_w = if ended {
        0
    } else if area.width >= 100 {
        SIDE_WIDTH + 8
    } else if area.width >= 80 {
        SIDE_WIDTH
    } else {
        0
    };
    let [main, side] =
        Layout::horizontal([Constraint::Min(30), Constraint::Length(side_w)]).areas(rest);
    let lines = list_lines(catalog, w, main.width).len();
    let list_h = if lines == 0 {
        0
    } else {
        let wanted = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
        let text_wanted = u16::try_from(text_lines(catalog, w, main.width))
            .unwrap_or(u16::MAX)
            .saturating_add(2);
        let text_h = text_wanted.min(main.height / 2).max(4);
        wanted
            .min(main.height.saturating_sub(text_h))
            .max(4.min(main.height))
    };
    let [text, list] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(list_h)]).areas(main);
    WalkAreas {
        crumb,
        text,
        list,
        side,
    }
}

/// First visible list line so the highlighted row stays on screen.
#[must_use]
pub fn list_offset(lines: &[(usize, String)], cursor: usize, height: usize) -> usize {
    let last = lines.iter().rposition(|(i, _)| *i == cursor).unwrap_or(0);
    if height == 0 || last < height {
        0
    } else {
        last + 1 - height
    }
}

/// The choice or step under a click on the walk screen.
#[must_use]
pub fn choice_at(
    catalog: &Catalog,
    w: &WalkState,
    size: (u16, u16),
    x: u16,
    y: u16,
) -> Option<usize> {
    let areas = walk(catalog, w, full(size));
    let rows = inner(areas.list);
    if !rows.contains((x, y).into()) {
        return None;
    }
    let lines = list_lines(catalog, w, areas.list.width);
    let offset = list_offset(&lines, w.cursor, rows.height as usize);
    lines.get(offset + (y - rows.y) as usize).map(|(i, _)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_cuts_long_ones() {
        assert_eq!(
            wrap("the quick brown fox", 10),
            vec!["the quick", "brown fox"]
        );
        assert_eq!(wrap("aaaaaaaaaaaa", 8), vec!["aaaaaaaa", "aaaa"]);
        assert_eq!(wrap("one\ntwo", 20), vec!["one", "two"]);
    }
}
