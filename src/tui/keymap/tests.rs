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
        Some(Action::Digit(3))
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

const ALL: [Context; 12] = [
    Context::Picker,
    Context::Question,
    Context::Remedy,
    Context::Outcome,
    Context::Help,
    Context::Search,
    Context::Note,
    Context::CaseRef,
    Context::Export,
    Context::Confirm,
    Context::Replace,
    Context::SearchEverywhere,
];

/// Every key a table row names, as (code, modifiers), with the digit rows spelled out.
fn named_keys(ctx: Context) -> Vec<((KeyCode, KeyModifiers), Action)> {
    let mut out = Vec::new();
    for b in bindings(ctx) {
        match b.key {
            KeySpec::Key(code, mods) => out.push(((code, mods), b.action.clone())),
            KeySpec::Digit => {
                for d in 0..=9u8 {
                    let c = char::from(b'0' + d);
                    out.push(((KeyCode::Char(c), NONE), Action::Digit(d)));
                }
            }
            KeySpec::AnyChar | KeySpec::AnyKey => {}
        }
    }
    out
}

#[test]
fn no_key_means_two_things_on_one_screen() {
    for ctx in ALL {
        let keys = named_keys(ctx);
        for (i, (k, a)) in keys.iter().enumerate() {
            for (k2, a2) in &keys[i + 1..] {
                assert!(
                    k != k2 || a == a2,
                    "{ctx:?}: {k:?} is bound to both {a:?} and {a2:?}"
                );
            }
        }
    }
}

#[test]
fn a_key_means_the_same_on_every_walk_screen() {
    // Question, remedy and outcome are one walk: y is always copy, n always a note.
    let walk = [Context::Question, Context::Remedy, Context::Outcome];
    for ctx in walk {
        for (k, a) in named_keys(ctx) {
            for other in walk {
                let there = action_for(other, key(k.0, k.1));
                assert!(
                    there.is_none() || there.as_ref() == Some(&a),
                    "{k:?} is {a:?} on {ctx:?} but {there:?} on {other:?}"
                );
            }
        }
    }
    for c in ['y', 'n'] {
        let here: Vec<_> = walk
            .iter()
            .map(|ctx| action_for(*ctx, key(KeyCode::Char(c), NONE)))
            .collect();
        assert!(here.iter().all(|a| a == &here[0]), "{c}: {here:?}");
    }
}
