//! Unit tests for the keymap table.

use super::table::{CTRL, NONE};
use super::*;
use ratatui::crossterm::event::KeyEventKind;

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: mods,
        kind: KeyEventKind::Press,
        state: ratatui::crossterm::event::KeyEventState::NONE,
    }
}

#[test]
fn picker_types_letters_and_quits_on_ctrl_c() {
    assert_eq!(
        action_for(Context::Picker, key(KeyCode::Char('q'), NONE)),
        Some(Action::Input('q'))
    );
    assert_eq!(
        action_for(Context::Picker, key(KeyCode::Char('c'), CTRL)),
        Some(Action::Quit)
    );
    assert_eq!(
        action_for(Context::Picker, key(KeyCode::Char('K'), SHIFT)),
        Some(Action::Input('K'))
    );
}

#[test]
fn question_digits_pick_and_help_is_question_mark() {
    assert_eq!(
        action_for(Context::Question, key(KeyCode::Char('3'), NONE)),
        Some(Action::Pick(2))
    );
    assert_eq!(
        action_for(Context::Question, key(KeyCode::Char('?'), SHIFT)),
        Some(Action::ToggleHelp)
    );
    assert_eq!(
        action_for(Context::Question, key(KeyCode::Char('q'), NONE)),
        Some(Action::Quit)
    );
    assert_eq!(
        action_for(Context::Question, key(KeyCode::Char('x'), NONE)),
        None
    );
}

#[test]
fn every_footer_entry_is_a_real_binding() {
    for ctx in [
        Context::Picker,
        Context::Question,
        Context::Remedy,
        Context::Outcome,
        Context::Help,
        Context::Search,
        Context::SearchEverywhere,
    ] {
        let f = footer(ctx);
        assert!(!f.is_empty());
        for (keys, _) in f {
            assert!(bindings(ctx).any(|b| b.keys == keys));
        }
    }
}

#[test]
fn search_from_the_picker_offers_no_tab_and_the_line_keys_work() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    assert!(footer(Context::Search).iter().any(|(k, _)| *k == "Tab"));
    assert!(
        !footer(Context::SearchEverywhere)
            .iter()
            .any(|(k, _)| *k == "Tab")
    );
    let key = |c, m| KeyEvent::new(c, m);
    for ctx in [Context::Search, Context::SearchEverywhere] {
        assert_eq!(
            action_for(ctx, key(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Some(Action::ClearLine)
        );
        assert_eq!(
            action_for(ctx, key(KeyCode::Char('w'), KeyModifiers::CONTROL)),
            Some(Action::DeleteWord)
        );
        assert_eq!(
            action_for(ctx, key(KeyCode::Backspace, KeyModifiers::ALT)),
            Some(Action::DeleteWord)
        );
        assert_eq!(
            action_for(ctx, key(KeyCode::Backspace, KeyModifiers::NONE)),
            Some(Action::DeleteChar)
        );
    }
}
