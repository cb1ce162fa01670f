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
    /// The search popup during a walk (typing searches; Tab switches models).
    Search,
    /// The search popup from the picker, where there is no model to narrow to.
    SearchEverywhere,
    /// The note editor.
    Note,
    /// The case reference field.
    CaseRef,
    /// The export menu.
    Export,
    /// Asking whether an export may replace a file.
    Replace,
    /// A yes/no question, such as "reopen this finished case?".
    Confirm,
}

/// What a binding matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    /// One key with exact modifiers.
    Key(KeyCode, KeyModifiers),
    /// Digits 0-9, giving `Action::Digit(d)`.
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

const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// The bindings of a context, its own first, then the common ones.
pub fn bindings(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    table::own(ctx)
        .iter()
        .flat_map(|run| run.iter())
        .chain(table::COMMON.iter())
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
                if let KeyCode::Char(c) = key.code
                    && let Some(d) = c.to_digit(10)
                    && mods.is_empty()
                {
                    return Some(Action::Digit(u8::try_from(d).unwrap_or(0)));
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
    labels(bindings(ctx).filter(|b| b.footer), |(k, _), b| *k == b.keys)
}

/// `(keys, help)` for the help screen: every binding, each label once.
#[must_use]
pub fn help(ctx: Context) -> Vec<(&'static str, &'static str)> {
    labels(bindings(ctx), |(k, h), b| *k == b.keys && *h == b.help)
}

/// `(keys, help)` of `rows`, leaving out a row when `same` says an earlier label covers it.
fn labels(
    rows: impl Iterator<Item = &'static Binding>,
    same: impl Fn(&(&str, &str), &Binding) -> bool,
) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for b in rows {
        if !out.iter().any(|l| same(l, b)) {
            out.push((b.keys, b.help));
        }
    }
    out
}

mod table;

#[cfg(test)]
mod tests;
