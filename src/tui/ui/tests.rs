//! Snapshots of every screen at 80x24 (and one at 120x40), through `TestBackend`.

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::catalog::load_library;
use crate::tui::action::Action;
use crate::tui::app::{App, Popup};
use crate::tui::theme::Theme;

fn app() -> App {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let loaded = load_library(false, &[dir]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    App::new(loaded.catalog.expect("catalog"), Theme::plain(), None)
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    app.size = (w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| super::render(f, app)).expect("draw");
    terminal.backend().to_string()
}

fn keys(app: &mut App, actions: &[Action]) {
    for a in actions {
        app.update(a.clone());
    }
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.update(Action::Input(c));
    }
}

#[test]
fn picker() {
    let mut a = app();
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn picker_filtered() {
    let mut a = app();
    typed(&mut a, "k100");
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn picker_no_match() {
    let mut a = app();
    typed(&mut a, "zzzz");
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

fn acme_walk(answers: &[usize]) -> App {
    let mut a = app();
    typed(&mut a, "acme");
    a.update(Action::Select);
    for i in answers {
        a.update(Action::Pick(*i));
    }
    a
}

#[test]
fn question() {
    let mut a = acme_walk(&[1]);
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn question_large() {
    let mut a = acme_walk(&[1]);
    insta::assert_snapshot!(draw(&mut a, 120, 40));
}

#[test]
fn remedy_with_a_ticked_step() {
    let mut a = acme_walk(&[1, 0]);
    keys(&mut a, &[Action::ToggleTick, Action::Down]);
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn locksmith_triage_card() {
    let mut a = acme_walk(&[1, 0]);
    a.update(Action::Pick(1));
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn locksmith_card_shows_case_notes_and_source_titles() {
    let mut a = acme_walk(&[1, 0]);
    a.update(Action::OpenCaseRef);
    typed(&mut a, "TCK-7781");
    a.update(Action::Select);
    a.update(Action::Pick(1));
    a.update(Action::OpenNote);
    for c in "Side gate code 4411".chars() {
        a.update(Action::Edit(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(c),
        )));
    }
    a.update(Action::Save);
    let screen = draw(&mut a, 80, 50);
    assert!(screen.contains("Case: TCK-7781"), "{screen}");
    assert!(screen.contains("Side gate code 4411"), "{screen}");
    assert!(screen.contains("Sources:"), "{screen}");
    assert!(
        screen.contains("Schlage help centre: can Schlage Encode locks be"),
        "{screen}"
    );
    assert!(!screen.contains("• SC1"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn shipped_card_after_a_walk_reads_for_the_locksmith_with_what_the_walk_learned() {
    let catalog = load_library(true, &[]).catalog.expect("catalog");
    let tree = catalog
        .model_index("generic-smart-lock")
        .expect("generic model");
    let mut a = App::with_tree(catalog, Theme::plain(), None, tree).expect("walk");
    // No danger, lost key, a keyhole, no extra slot, rekey, no working key, another way in.
    for d in [3, 2, 1, 2, 1, 2, 1] {
        a.update(Action::Digit(d));
    }
    let screen = draw(&mut a, 100, 50);
    assert!(screen.contains("urgency:  CAN WAIT"), "{screen}");
    // The model says "unknown"; the walk learned a pin-tumbler cylinder.
    assert!(screen.contains("Cylinder          pin tumbler"), "{screen}");
    assert!(
        screen.contains("Situation         No working key is left for the pin-tumbler cylinder"),
        "{screen}"
    );
    // The owner's reason keeps its own words, its line breaks as lines, not "\\n".
    assert!(screen.contains("Why: Without a working key"), "{screen}");
    assert!(!screen.contains("\\n"), "{screen}");
    // A wrapped situation hangs under its text.
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Situation "))
        .expect("situation");
    assert!(
        lines[at + 1].starts_with("\"│                    "),
        "{}",
        lines[at + 1]
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn emergency() {
    let mut a = acme_walk(&[0]);
    let screen = draw(&mut a, 80, 24);
    // The first line of the card says to call emergency services.
    let first_card_line = screen.lines().nth(3).expect("line");
    assert!(
        first_card_line.contains("CALL EMERGENCY SERVICES NOW"),
        "{first_card_line}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn manufacturer() {
    let mut a = acme_walk(&[1, 2]);
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn resolved() {
    let mut a = acme_walk(&[1, 0]);
    a.update(Action::Pick(0));
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn help_popup() {
    let mut a = acme_walk(&[1]);
    a.update(Action::ToggleHelp);
    assert!(matches!(a.popup, Some(Popup::Help)));
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn too_small() {
    let mut a = app();
    insta::assert_snapshot!(draw(&mut a, 50, 12));
}

#[test]
fn hostile_text_is_sanitised_on_screen() {
    // A tree that slipped past `check` (built directly) must still not reach the terminal raw.
    let mut a = acme_walk(&[1]);
    let pos = match &a.screen {
        crate::tui::app::Screen::Walk(w) => w.session().pos(),
        crate::tui::app::Screen::Picker(_) => panic!("walk expected"),
    };
    a.catalog.trees[pos.tree].nodes[pos.node].title =
        "Evil \u{1b}]52;c;aGk=\u{7} \u{1b}[2J title".into();
    let screen = draw(&mut a, 80, 24);
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
        "{screen}"
    );
    assert!(screen.contains("Evil"));
}

#[test]
fn note_editor() {
    let mut a = acme_walk(&[1]);
    a.update(Action::OpenNote);
    for c in "Caller says the keypad".chars() {
        a.update(Action::Edit(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(c),
        )));
    }
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn case_ref_field() {
    let mut a = acme_walk(&[1]);
    a.update(Action::OpenCaseRef);
    typed(&mut a, "TCK-1042");
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn export_menu() {
    let mut a = acme_walk(&[1, 0]);
    a.update(Action::Pick(1));
    a.update(Action::OpenExport);
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn search_overlay() {
    let mut a = acme_walk(&[1]);
    a.update(Action::OpenSearch);
    typed(&mut a, "keypad dark");
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn search_overlay_no_match() {
    let mut a = app();
    a.update(Action::OpenSearch);
    typed(&mut a, "zzqqxx");
    let screen = draw(&mut a, 80, 24);
    assert!(
        screen.contains("None of these words is in any tree"),
        "{screen}"
    );
    assert!(screen.contains("Describe what the lock does"), "{screen}");
}

#[test]
fn search_overlay_danger_first_with_the_words_that_set_it_off() {
    let mut a = app();
    a.update(Action::OpenSearch);
    typed(&mut a, "my mom fell and the code wont work ");
    let screen = draw(&mut a, 100, 30);
    insta::assert_snapshot!(screen);
    assert!(screen.contains("EMERGENCY"), "{screen}");
    assert!(screen.contains("set off by: fell"), "{screen}");
}

#[test]
fn search_line_keys_clear_and_delete_words() {
    let mut a = app();
    a.update(Action::OpenSearch);
    typed(&mut a, "keypad is dead");
    a.update(Action::DeleteWord);
    assert!(draw(&mut a, 80, 24).contains("Caller's words: keypad is ▏"));
    a.update(Action::ClearLine);
    assert!(draw(&mut a, 80, 24).contains("Paste or type what the caller says"));
}

/// The built-in library, on the walk of the model with the longest name, one answer in, with a
/// case reference and a note.
fn long_name_walk() -> App {
    let loaded = load_library(true, &[]);
    let catalog = loaded.catalog.expect("catalog");
    let tree = catalog.model_index("eufy").expect("eufy");
    let mut a = App::with_tree(catalog, Theme::plain(), None, tree).expect("walk");
    a.update(Action::Digit(3));
    a.update(Action::OpenCaseRef);
    typed(&mut a, "TCK-20931");
    a.update(Action::Select);
    a
}

#[test]
fn header_fits_at_60x18() {
    let mut a = long_name_walk();
    let screen = draw(&mut a, 60, 18);
    let header = screen.lines().next().expect("header");
    assert!(
        header.contains("…"),
        "the model name is shortened: {header}"
    );
    assert!(header.contains("case TCK-20931"), "{header}");
    insta::assert_snapshot!(screen);
}

#[test]
fn header_fits_at_80x24() {
    let mut a = long_name_walk();
    insta::assert_snapshot!(draw(&mut a, 80, 24));
}

#[test]
fn header_fits_at_200x60() {
    let mut a = long_name_walk();
    let screen = draw(&mut a, 200, 60);
    let header = screen.lines().next().expect("header");
    assert!(header.contains("Smart Lock family (T8520, C210, E110, S230, S330 and others)"));
    assert!(
        header.contains("case TCK-20931 · 1 answer · 0 notes"),
        "{header}"
    );
    insta::assert_snapshot!(screen);
}

fn help_at(w: u16, h: u16) -> String {
    let mut a = acme_walk(&[1]);
    a.update(Action::ToggleHelp);
    draw(&mut a, w, h)
}

/// Every word of every help text of the question screen appears whole on the screen (so no
/// text is cut at the box's edge), unless the box says there is more.
fn assert_no_help_text_cut(screen: &str) {
    let words: std::collections::HashSet<&str> = screen
        .split(|c: char| c.is_whitespace() || c == '│' || c == '"')
        .collect();
    if screen.contains("↓ more") {
        return;
    }
    for (_, h) in crate::tui::keymap::help(crate::tui::keymap::Context::Question) {
        for word in h.split_whitespace() {
            assert!(words.contains(word), "{word:?} of {h:?} is cut:\n{screen}");
        }
    }
}

#[test]
fn help_at_60x18() {
    let screen = help_at(60, 18);
    assert_no_help_text_cut(&screen);
    insta::assert_snapshot!(screen);
}

#[test]
fn help_at_80x24() {
    let screen = help_at(80, 24);
    assert_no_help_text_cut(&screen);
    insta::assert_snapshot!(screen);
}

#[test]
fn help_at_200x60() {
    let screen = help_at(200, 60);
    assert_no_help_text_cut(&screen);
    assert!(
        !screen.contains("↓ more"),
        "everything fits at 200x60:\n{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn a_path_too_long_even_shortened_ends_in_an_ellipsis_not_at_the_border() {
    let catalog = load_library(true, &[]).catalog.expect("catalog");
    let tree = catalog
        .model_index("schlage-connect")
        .expect("schlage-connect");
    // Every answer's label, whole (and a remedy's "yes" and "no").
    let mut labels: std::collections::HashSet<String> = catalog
        .trees
        .iter()
        .flat_map(|t| &t.nodes)
        .filter_map(|n| match &n.body {
            crate::tree::NodeBody::Question { choices } => Some(choices),
            _ => None,
        })
        .flatten()
        .map(|c| c.label.clone())
        .collect();
    labels.extend(["yes".to_string(), "no".to_string()]);
    let mut a = App::with_tree(catalog, Theme::plain(), None, tree).expect("walk");
    a.update(Action::OpenSearch);
    typed(&mut a, "keypad is dark nothing lights up");
    let screen = draw(&mut a, 110, 30);
    let mut paths = 0;
    let rows = screen
        .lines()
        .filter(|l| l.trim_start_matches('"').starts_with('│') && l.contains(" › "));
    for line in rows {
        // The row inside the overlay: up to its right border, the last border but one.
        let row = line.trim_end_matches('"').trim_end_matches('│').trim_end();
        let row = row.strip_suffix('│').unwrap_or(row);
        let last = row.rsplit(" › ").next().unwrap_or("").trim_end();
        assert!(
            last.ends_with('…') || labels.contains(last),
            "the last label is cut with no ellipsis: {last:?} in {line}"
        );
        paths += 1;
    }
    assert!(paths >= 5, "too few result paths on screen:\n{screen}");
}
