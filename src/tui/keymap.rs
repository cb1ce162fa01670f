//! The one keymap table: it turns keys into actions and, from the same rows, writes the footer
//! and the help screen, so they can never disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Which set of keys is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The model picker (typing filters).
    Picker,
    /// A question.
    Question,
    /// A remedy checklist.
    Remedy,
    /// An outcome card.
    Outcome,
    /// The help popup.
    Help,
    /// The search popup (typing searches).
    Search,
    /// The note editor.
    Note,
    /// The case reference field.
    CaseRef,
    /// The export menu.
    Export,
}

/// What a binding matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    /// One key with exact modifiers.
    Key(KeyCode, KeyModifiers),
    /// Digits 1-9, giving `Action::Pick(d - 1)`.
    Digit,
    /// Any printable character, giving `Action::Input(c)`.
    AnyChar,
    /// Any other key, giving `Action::Edit(key)` (the note editor).
    AnyKey,
}

/// One row of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The key.
    pub key: KeySpec,
    /// What it does.
    pub action: Action,
    /// The key as the user reads it.
    pub keys: &'static str,
    /// What it does, in a few words.
    pub help: &'static str,
    /// Whether the footer shows it (only the first binding of a label is shown).
    pub footer: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

const fn k(
    code: KeyCode,
    action: Action,
    keys: &'static str,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        key: KeySpec::Key(code, NONE),
        action,
        keys,
        help,
        footer,
    }
}

const fn kc(
    code: KeyCode,
    mods: KeyModifiers,
    action: Action,
    keys: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        key: KeySpec::Key(code, mods),
        action,
        keys,
        help,
        footer: false,
    }
}

/// Keys every screen shares; listed after the screen's own.
const COMMON: &[Binding] = &[
    kc(KeyCode::Char('c'), CTRL, Action::Quit, "Ctrl-C", "quit"),
    k(KeyCode::F(1), Action::ToggleHelp, "F1", "help", false),
];

const PICKER: &[Binding] = &[
    k(KeyCode::Up, Action::Up, "↑/↓", "move", true),
    k(KeyCode::Down, Action::Down, "↑/↓", "move", false),
    kc(KeyCode::Char('p'), CTRL, Action::Up, "Ctrl-P/N", "move"),
    kc(KeyCode::Char('n'), CTRL, Action::Down, "Ctrl-P/N", "move"),
    k(
        KeyCode::PageUp,
        Action::First,
        "PgUp/PgDn",
        "first / last",
        false,
    ),
    k(
        KeyCode::PageDown,
        Action::Last,
        "PgUp/PgDn",
        "first / last",
        false,
    ),
    k(KeyCode::Enter, Action::Select, "Enter", "open", true),
    k(
        KeyCode::Backspace,
        Action::DeleteChar,
        "Backspace",
        "delete filter letter",
        false,
    ),
    k(KeyCode::Esc, Action::Escape, "Esc", "clear / quit", true),
    k(KeyCode::Char('?'), Action::ToggleHelp, "?", "help", true),
    k(
        KeyCode::Char('/'),
        Action::OpenSearch,
        "/",
        "search every node",
        true,
    ),
    Binding {
        key: KeySpec::AnyChar,
        action: Action::Input(' '),
        keys: "type",
        help: "filter by brand, name or model number",
        footer: false,
    },
];

const QUESTION: &[Binding] = &[
    k(KeyCode::Up, Action::Up, "↑↓/jk", "move", false),
    k(KeyCode::Down, Action::Down, "↑↓/jk", "move", false),
    k(KeyCode::Char('k'), Action::Up, "↑↓/jk", "move", false),
    k(KeyCode::Char('j'), Action::Down, "↑↓/jk", "move", false),
    Binding {
        key: KeySpec::Digit,
        action: Action::Pick(0),
        keys: "1-9",
        help: "pick",
        footer: true,
    },
    k(KeyCode::Enter, Action::Select, "Enter", "choose", true),
    k(KeyCode::Backspace, Action::Back, "←/h/Bksp", "back", true),
    k(KeyCode::Left, Action::Back, "←/h/Bksp", "back", false),
    k(KeyCode::Char('h'), Action::Back, "←/h/Bksp", "back", false),
    k(KeyCode::Char('/'), Action::OpenSearch, "/", "search", true),
    k(KeyCode::Char('n'), Action::OpenNote, "n", "note", true),
    k(
        KeyCode::Char('c'),
        Action::OpenCaseRef,
        "c",
        "case ref",
        false,
    ),
    k(KeyCode::Char('e'), Action::OpenExport, "e", "export", false),
    k(
        KeyCode::Char('y'),
        Action::Copy,
        "y",
        "copy transcript",
        false,
    ),
    k(KeyCode::Char('r'), Action::Restart, "r", "restart", false),
    k(KeyCode::Char('?'), Action::ToggleHelp, "?", "help", true),
    k(KeyCode::Char('q'), Action::Quit, "q", "quit", true),
    k(
        KeyCode::Esc,
        Action::Escape,
        "Esc",
        "back to the model list",
        false,
    ),
    k(
        KeyCode::PageUp,
        Action::ScrollUp,
        "PgUp/PgDn",
        "scroll help text",
        false,
    ),
    k(
        KeyCode::PageDown,
        Action::ScrollDown,
        "PgUp/PgDn",
        "scroll help text",
        false,
    ),
];

/// On a remedy y and n answer "Did this fix it?", so note and copy move to N and Y.
const REMEDY: &[Binding] = &[
    k(KeyCode::Char('y'), Action::Fixed, "y", "fixed", true),
    k(KeyCode::Char('n'), Action::NotFixed, "n", "not fixed", true),
    k(
        KeyCode::Char(' '),
        Action::ToggleTick,
        "Space",
        "tick step",
        true,
    ),
    k(KeyCode::Up, Action::Up, "↑↓/jk", "move", false),
    k(KeyCode::Down, Action::Down, "↑↓/jk", "move", false),
    k(KeyCode::Char('k'), Action::Up, "↑↓/jk", "move", false),
    k(KeyCode::Char('j'), Action::Down, "↑↓/jk", "move", false),
    k(KeyCode::Backspace, Action::Back, "←/h/Bksp", "back", true),
    k(KeyCode::Left, Action::Back, "←/h/Bksp", "back", false),
    k(KeyCode::Char('h'), Action::Back, "←/h/Bksp", "back", false),
    k(KeyCode::Char('N'), Action::OpenNote, "N", "note", false),
    k(
        KeyCode::Char('c'),
        Action::OpenCaseRef,
        "c",
        "case ref",
        false,
    ),
    k(KeyCode::Char('e'), Action::OpenExport, "e", "export", false),
    k(
        KeyCode::Char('Y'),
        Action::Copy,
        "Y",
        "copy transcript",
        false,
    ),
    k(KeyCode::Char('/'), Action::OpenSearch, "/", "search", false),
    k(KeyCode::Char('r'), Action::Restart, "r", "restart", false),
    k(KeyCode::Char('?'), Action::ToggleHelp, "?", "help", true),
    k(KeyCode::Char('q'), Action::Quit, "q", "quit", true),
    k(
        KeyCode::Esc,
        Action::Escape,
        "Esc",
        "back to the model list",
        false,
    ),
    k(
        KeyCode::PageUp,
        Action::ScrollUp,
        "PgUp/PgDn",
        "scroll",
        false,
    ),
    k(
        KeyCode::PageDown,
        Action::ScrollDown,
        "PgUp/PgDn",
        "scroll",
        false,
    ),
];

const OUTCOME: &[Binding] = &[
    k(KeyCode::Backspace, Action::Back, "←/h/Bksp", "back", true),
    k(KeyCode::Left, Action::Back, "←/h/Bksp", "back", false),
    k(KeyCode::Char('h'), Action::Back, "←/h/Bksp", "back", false),
    k(KeyCode::Char('e'), Action::OpenExport, "e", "export", true),
    k(KeyCode::Char('y'), Action::Copy, "y", "copy", true),
    k(KeyCode::Char('r'), Action::Restart, "r", "new walk", true),
    k(KeyCode::Char('n'), Action::OpenNote, "n", "note", false),
    k(
        KeyCode::Char('c'),
        Action::OpenCaseRef,
        "c",
        "case ref",
        false,
    ),
    k(KeyCode::Char('/'), Action::OpenSearch, "/", "search", false),
    k(KeyCode::Up, Action::ScrollUp, "↑↓/jk", "scroll", false),
    k(KeyCode::Down, Action::ScrollDown, "↑↓/jk", "scroll", false),
    k(
        KeyCode::Char('k'),
        Action::ScrollUp,
        "↑↓/jk",
        "scroll",
        false,
    ),
    k(
        KeyCode::Char('j'),
        Action::ScrollDown,
        "↑↓/jk",
        "scroll",
        false,
    ),
    k(KeyCode::Char('?'), Action::ToggleHelp, "?", "help", true),
    k(KeyCode::Char('q'), Action::Quit, "q", "quit", true),
    k(KeyCode::Esc, Action::Escape, "Esc", "models", false),
];

const HELP: &[Binding] = &[
    k(KeyCode::Esc, Action::Escape, "Esc/?/q", "close help", true),
    k(
        KeyCode::Char('?'),
        Action::ToggleHelp,
        "Esc/?/q",
        "close help",
        false,
    ),
    k(
        KeyCode::Char('q'),
        Action::ToggleHelp,
        "Esc/?/q",
        "close help",
        false,
    ),
];

const SEARCH: &[Binding] = &[
    k(KeyCode::Up, Action::Up, "↑/↓", "move", true),
    k(KeyCode::Down, Action::Down, "↑/↓", "move", false),
    kc(KeyCode::Char('p'), CTRL, Action::Up, "Ctrl-P/N", "move"),
    kc(KeyCode::Char('n'), CTRL, Action::Down, "Ctrl-P/N", "move"),
    k(KeyCode::Enter, Action::Select, "Enter", "jump there", true),
    k(
        KeyCode::Tab,
        Action::ToggleScope,
        "Tab",
        "all models / this model",
        true,
    ),
    kc(
        KeyCode::BackTab,
        SHIFT,
        Action::ToggleScope,
        "Tab",
        "all models / this model",
    ),
    k(
        KeyCode::Backspace,
        Action::DeleteChar,
        "Backspace",
        "delete letter",
        false,
    ),
    k(KeyCode::Esc, Action::Escape, "Esc", "close search", true),
    Binding {
        key: KeySpec::AnyChar,
        action: Action::Input(' '),
        keys: "type",
        help: "words the caller used",
        footer: false,
    },
];

const NOTE: &[Binding] = &[
    k(
        KeyCode::Esc,
        Action::Save,
        "Esc/Ctrl-S",
        "save and close",
        true,
    ),
    kc(
        KeyCode::Char('s'),
        CTRL,
        Action::Save,
        "Esc/Ctrl-S",
        "save and close",
    ),
    kc(
        KeyCode::Char('c'),
        CTRL,
        Action::Quit,
        "Ctrl-C",
        "save the note and quit",
    ),
    Binding {
        key: KeySpec::AnyKey,
        action: Action::Save,
        keys: "keys",
        help: "type; arrows and Home/End move; Enter adds a line",
        footer: true,
    },
];

const CASE_REF: &[Binding] = &[
    k(KeyCode::Enter, Action::Select, "Enter", "save", true),
    k(KeyCode::Esc, Action::Escape, "Esc", "cancel", true),
    k(
        KeyCode::Backspace,
        Action::DeleteChar,
        "Backspace",
        "delete letter",
        false,
    ),
    Binding {
        key: KeySpec::AnyChar,
        action: Action::Input(' '),
        keys: "type",
        help: "the ticket or case number",
        footer: false,
    },
];

const EXPORT: &[Binding] = &[
    k(KeyCode::Up, Action::Up, "↑/↓", "move", true),
    k(KeyCode::Down, Action::Down, "↑/↓", "move", false),
    Binding {
        key: KeySpec::Digit,
        action: Action::Pick(0),
        keys: "1-3",
        help: "save that format",
        footer: true,
    },
    k(
        KeyCode::Enter,
        Action::Select,
        "Enter",
        "save to a file here",
        true,
    ),
    k(KeyCode::Esc, Action::Escape, "Esc", "cancel", true),
];

/// The bindings of a context, its own first, then the common ones.
pub fn bindings(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    let own: &'static [Binding] = match ctx {
        Context::Picker => PICKER,
        Context::Question => QUESTION,
        Context::Remedy => REMEDY,
        Context::Outcome => OUTCOME,
        Context::Help => HELP,
        Context::Search => SEARCH,
        Context::Note => NOTE,
        Context::CaseRef => CASE_REF,
        Context::Export => EXPORT,
    };
    own.iter().chain(COMMON.iter())
}

/// The action a key press means in `ctx`, if any.
#[must_use]
pub fn action_for(ctx: Context, key: KeyEvent) -> Option<Action> {
    // Shift is implied by the character itself ('?' or 'N'), so ignore it for characters.
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    for b in bindings(ctx) {
        match b.key {
            KeySpec::Key(code, m)
                if code == key.code
                    && (m == mods || (m == SHIFT && key.modifiers.contains(SHIFT))) =>
            {
                return Some(b.action.clone());
            }
            KeySpec::Digit => {
                if let KeyCode::Char(c @ '1'..='9') = key.code
                    && mods.is_empty()
                {
                    return Some(Action::Pick(c as usize - '1' as usize));
                }
            }
            KeySpec::AnyChar => {
                if let KeyCode::Char(c) = key.code
                    && mods.is_empty()
                    && !c.is_control()
                {
                    return Some(Action::Input(c));
                }
            }
            KeySpec::AnyKey => return Some(Action::Edit(key)),
            KeySpec::Key(..) => {}
        }
    }
    None
}

/// `(keys, help)` for the footer: the main bindings, each label once.
#[must_use]
pub fn footer(ctx: Context) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for b in bindings(ctx).filter(|b| b.footer) {
        if !out.iter().any(|(k, _)| *k == b.keys) {
            out.push((b.keys, b.help));
        }
    }
    out
}

/// `(keys, help)` for the help screen: every binding, each label once.
#[must_use]
pub fn help(ctx: Context) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for b in bindings(ctx) {
        if !out.iter().any(|(k, h)| *k == b.keys && *h == b.help) {
            out.push((b.keys, b.help));
        }
    }
    out
}

#[cfg(test)]
mod tests;
