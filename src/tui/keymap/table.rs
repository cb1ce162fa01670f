//! The rows of the keymap, per context. Order matters: the first row that matches a key wins,
//! and the footer and help list rows in this order.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::{Binding, Context, KeySpec, SHIFT};
use crate::tui::action::Action;

pub(super) const NONE: KeyModifiers = KeyModifiers::NONE;
pub(super) const CTRL: KeyModifiers = KeyModifiers::CONTROL;
pub(super) const ALT: KeyModifiers = KeyModifiers::ALT;

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
pub(super) const COMMON: &[Binding] = &[
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

/// Moving the highlight on every walk screen (on an outcome, which has no list, they scroll).
const MOVE: &[Binding] = &[
    k(KeyCode::Up, Action::Up, "↑↓/jk", "move", false),
    k(KeyCode::Down, Action::Down, "↑↓/jk", "move", false),
    k(KeyCode::Char('k'), Action::Up, "↑↓/jk", "move", false),
    k(KeyCode::Char('j'), Action::Down, "↑↓/jk", "move", false),
    k(
        KeyCode::PageUp,
        Action::PageUp,
        "PgUp/PgDn",
        "a page up / down",
        false,
    ),
    k(
        KeyCode::PageDown,
        Action::PageDown,
        "PgUp/PgDn",
        "a page up / down",
        false,
    ),
    k(
        KeyCode::Home,
        Action::First,
        "Home/End/g/G",
        "first / last",
        false,
    ),
    k(
        KeyCode::End,
        Action::Last,
        "Home/End/g/G",
        "first / last",
        false,
    ),
    k(
        KeyCode::Char('g'),
        Action::First,
        "Home/End/g/G",
        "first / last",
        false,
    ),
    k(
        KeyCode::Char('G'),
        Action::Last,
        "Home/End/g/G",
        "first / last",
        false,
    ),
    kc(
        KeyCode::Char('u'),
        CTRL,
        Action::ScrollUp,
        "Ctrl-U/D",
        "scroll the text",
    ),
    kc(
        KeyCode::Char('d'),
        CTRL,
        Action::ScrollDown,
        "Ctrl-U/D",
        "scroll the text",
    ),
];

/// Back one step, on every walk screen.
const BACK: &[Binding] = &[
    k(KeyCode::Backspace, Action::Back, "←/h/Bksp", "back", true),
    k(KeyCode::Left, Action::Back, "←/h/Bksp", "back", false),
    k(KeyCode::Char('h'), Action::Back, "←/h/Bksp", "back", false),
];

/// The case keys, the same on every walk screen (`footer` marks the outcome's main ones).
const fn case_keys(footer: bool) -> [Binding; 7] {
    [
        k(
            KeyCode::Char('/'),
            Action::OpenSearch,
            "/",
            "search",
            !footer,
        ),
        k(KeyCode::Char('n'), Action::OpenNote, "n", "note", !footer),
        k(
            KeyCode::Char('c'),
            Action::OpenCaseRef,
            "c",
            "case ref",
            false,
        ),
        k(
            KeyCode::Char('e'),
            Action::OpenExport,
            "e",
            "export",
            footer,
        ),
        k(
            KeyCode::Char('y'),
            Action::Copy,
            "y",
            "copy transcript",
            footer,
        ),
        k(KeyCode::Char('r'), Action::Restart, "r", "new walk", footer),
        k(
            KeyCode::Char('!'),
            Action::SafetyCheck,
            "!",
            "safety question",
            false,
        ),
    ]
}

const CASE_KEYS: &[Binding] = &case_keys(false);
const OUTCOME_CASE_KEYS: &[Binding] = &case_keys(true);

/// Help, quit and the model list, on every walk screen.
const HELP_AND_QUIT: &[Binding] = &[
    k(KeyCode::Char('?'), Action::ToggleHelp, "?", "help", true),
    k(KeyCode::Char('q'), Action::Quit, "q", "quit", true),
    k(
        KeyCode::Esc,
        Action::Escape,
        "Esc",
        "back to the model list",
        false,
    ),
];

const QUESTION: &[&[Binding]] = &[
    &[
        Binding {
            key: KeySpec::Digit,
            action: Action::Digit(1),
            keys: "1-9",
            help: "pick",
            footer: true,
        },
        k(KeyCode::Enter, Action::Select, "Enter", "choose", true),
    ],
    MOVE,
    BACK,
    CASE_KEYS,
    HELP_AND_QUIT,
];

/// A remedy: the checklist, then "Did this fix it?" answered like any question.
const REMEDY: &[&[Binding]] = &[
    &[
        k(
            KeyCode::Char(' '),
            Action::ToggleTick,
            "Space",
            "tick",
            true,
        ),
        Binding {
            key: KeySpec::Digit,
            action: Action::Digit(1),
            keys: "1/2",
            help: "fixed / not fixed",
            footer: true,
        },
        k(KeyCode::Enter, Action::Select, "Enter", "choose", true),
    ],
    MOVE,
    BACK,
    CASE_KEYS,
    HELP_AND_QUIT,
];

const OUTCOME: &[&[Binding]] = &[BACK, OUTCOME_CASE_KEYS, MOVE, HELP_AND_QUIT];

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

const SEARCH_MOVE: &[Binding] = &[
    k(KeyCode::Up, Action::Up, "↑/↓", "move", true),
    k(KeyCode::Down, Action::Down, "↑/↓", "move", false),
    kc(KeyCode::Char('p'), CTRL, Action::Up, "Ctrl-P/N", "move"),
    kc(KeyCode::Char('n'), CTRL, Action::Down, "Ctrl-P/N", "move"),
    k(KeyCode::Enter, Action::Select, "Enter", "jump there", true),
];

const SEARCH_SCOPE: &[Binding] = &[
    k(
        KeyCode::Tab,
        Action::ToggleScope,
        "Tab",
        "this model / all models",
        true,
    ),
    kc(
        KeyCode::BackTab,
        SHIFT,
        Action::ToggleScope,
        "Tab",
        "this model / all models",
    ),
];

const SEARCH_EDIT: &[Binding] = &[
    k(
        KeyCode::Backspace,
        Action::DeleteChar,
        "Backspace",
        "delete letter",
        false,
    ),
    kc(
        KeyCode::Char('u'),
        CTRL,
        Action::ClearLine,
        "Ctrl-U",
        "clear the line",
    ),
    kc(
        KeyCode::Char('w'),
        CTRL,
        Action::DeleteWord,
        "Ctrl-W/Alt-Backspace",
        "delete a word",
    ),
    kc(
        KeyCode::Backspace,
        ALT,
        Action::DeleteWord,
        "Ctrl-W/Alt-Backspace",
        "delete a word",
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

const REPLACE: &[Binding] = &[
    k(
        KeyCode::Char('y'),
        Action::Select,
        "y",
        "replace the file",
        true,
    ),
    k(KeyCode::Char('n'), Action::Escape, "n/Esc", "keep it", true),
    k(KeyCode::Esc, Action::Escape, "n/Esc", "keep it", false),
];

const CONFIRM: &[Binding] = &[
    k(KeyCode::Enter, Action::Select, "Enter/y", "yes", true),
    k(KeyCode::Char('y'), Action::Select, "Enter/y", "yes", false),
    k(KeyCode::Esc, Action::Escape, "Esc/n", "no", true),
    k(KeyCode::Char('n'), Action::Escape, "Esc/n", "no", false),
];

/// A context's own bindings, in order, as runs of rows (the walk screens share some runs).
pub(super) fn own(ctx: Context) -> &'static [&'static [Binding]] {
    match ctx {
        Context::Picker => &[PICKER],
        Context::Question => QUESTION,
        Context::Remedy => REMEDY,
        Context::Outcome => OUTCOME,
        Context::Help => &[HELP],
        Context::Search => &[SEARCH_MOVE, SEARCH_SCOPE, SEARCH_EDIT],
        Context::SearchEverywhere => &[SEARCH_MOVE, SEARCH_EDIT],
        Context::Note => &[NOTE],
        Context::CaseRef => &[CASE_REF],
        Context::Export => &[EXPORT],
        Context::Replace => &[REPLACE],
        Context::Confirm => &[CONFIRM],
    }
}
