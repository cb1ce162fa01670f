//! The yardstick for start-up time: a minimal ratatui program that draws one frame comparable
//! to lockdiag's first screen (a filter line titled "Find your lock", a bordered list of lock
//! models grouped by brand, a facts panel), then waits for a key. `examples/measure.rs` times it
//! side by side with `lockdiag` in the same pseudo-terminal.

use ratatui::crossterm::event;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Brands and models drawn in the list, like the shipped library's picker.
const MODELS: [(&str, &[&str]); 8] = [
    (
        "August",
        &["Smart Lock (3rd gen)", "Wi-Fi Smart Lock (4th gen)"],
    ),
    ("Eufy", &["Security Smart Lock"]),
    (
        "Kwikset",
        &["Aura", "Halo", "Obsidian", "SmartCode 910/914/916"],
    ),
    ("Level", &["Bolt", "Lock / Lock+"]),
    ("Lockly", &["Secure Pro / Vision"]),
    ("Schlage", &["Connect (BE469)", "Encode (BE489WB)"]),
    ("Ultraloq", &["U-Bolt Pro"]),
    (
        "Yale",
        &[
            "Assure Lock 2 (keyed)",
            "Assure Lock 2 (key-free)",
            "Assure SL",
            "Nest x Yale",
        ],
    ),
];

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let drawn = terminal.draw(|frame| {
        let [filter, body, footer] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        let [list, facts] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(body);
        frame.render_widget(
            Paragraph::new(Line::styled("Find your lock: ▏   21 models", bold))
                .block(Block::bordered().title(" Type a brand, name or model number ")),
            filter,
        );
        let mut lines = vec![Line::from("› I don't know my model")];
        for (brand, names) in MODELS {
            lines.push(Line::styled(brand, bold));
            lines.extend(names.iter().map(|n| Line::from(format!("  {n}"))));
        }
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(" Locks ")),
            list,
        );
        frame.render_widget(
            Paragraph::new("Answer a few questions to find out what your lock is.")
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(" About ")),
            facts,
        );
        frame.render_widget(Line::from("↑↓ move  Enter open  ? help  Esc quit"), footer);
    });
    let result = drawn.and_then(|_| event::read().map(|_| ()));
    ratatui::restore();
    result
}
