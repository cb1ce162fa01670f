//! Styles, chosen to read on dark and light backgrounds, and none at all with `NO_COLOR`.
//! Colour is never the only signal: urgency and emergencies also carry words.

use ratatui::style::{Color, Modifier, Style};

/// The styles the renderer uses; passed in, never looked up globally.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Headings and the app title.
    pub title: Style,
    /// Secondary text.
    pub dim: Style,
    /// The highlighted row.
    pub selected: Style,
    /// Letters a filter matched.
    pub matched: Style,
    /// Cautions and warnings.
    pub caution: Style,
    /// The emergency banner.
    pub emergency: Style,
    /// Good news (resolved, ticked steps).
    pub ok: Style,
    /// Key names in the footer.
    pub key: Style,
    /// Borders.
    pub border: Style,
}

impl Theme {
    /// The coloured theme.
    #[must_use]
    pub fn color() -> Self {
        Self {
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().add_modifier(Modifier::DIM),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            caution: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            emergency: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: Style::new(),
        }
    }

    /// No colours, only bold, reverse and underline (for `NO_COLOR`).
    #[must_use]
    pub fn plain() -> Self {
        Self {
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new(),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
            caution: Style::new().add_modifier(Modifier::BOLD),
            emergency: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ok: Style::new().add_modifier(Modifier::BOLD),
            key: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new(),
        }
    }

    /// The theme for the environment: plain when `NO_COLOR` is set and not empty.
    #[must_use]
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::plain(),
            _ => Self::color(),
        }
    }
}
