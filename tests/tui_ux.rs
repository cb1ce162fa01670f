//! Key-sequence tests of what new users tripped on (issue 16): real key events go through the
//! keymap into `update`, and the state or the drawn screen is asserted.

use std::path::Path;

use lockdiag::catalog::load_library;
use lockdiag::tui::app::{App, Screen};
use lockdiag::tui::theme::Theme;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};

fn app() -> App {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    App::new(
        load_library(false, &[dir]).catalog.expect("catalog"),
        Theme::plain(),
        None,
    )
}

fn event(app: &mut App, ev: &Event) {
    if let Some(a) = app.action_for_event(ev) {
        app.update(a);
    }
}

fn press_mod(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let ev = Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    });
    event(app, &ev);
}

fn press(app: &mut App, code: KeyCode) {
    press_mod(app, code, KeyModifiers::NONE);
}

fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn node_id(app: &App) -> String {
    match &app.screen {
        Screen::Walk(w) => w.session().node(&app.catalog).id.clone(),
        Screen::Picker(_) => "<picker>".into(),
    }
}

fn open_acme(app: &mut App) {
    type_str(app, "k100");
    press(app, KeyCode::Enter);
    assert_eq!(node_id(app), "danger");
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| lockdiag::tui::ui::render(f, app)).expect("draw");
    t.backend().to_string()
}

#[test]
fn keys_do_nothing_on_the_too_small_screen_but_quit() {
    let mut a = app();
    open_acme(&mut a);
    event(&mut a, &Event::Resize(40, 12));
    assert!(draw(&a, 40, 12).contains("Terminal too small"));
    press(&mut a, KeyCode::Char('2'));
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Esc);
    assert_eq!(node_id(&a), "danger", "no key acts on the hidden screen");
    event(&mut a, &Event::Resize(80, 24));
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(
        node_id(&a),
        "symptom",
        "keys act again once it is big enough"
    );
    event(&mut a, &Event::Resize(40, 12));
    press_mod(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(a.should_quit, "Ctrl-C quits even when too small");
}

fn walk_case(app: &App) -> &lockdiag::store::Case {
    match &app.screen {
        Screen::Walk(w) => w.live.case(),
        Screen::Picker(_) => panic!("walk expected"),
    }
}

#[test]
fn a_jump_past_the_safety_question_keeps_asking_until_it_is_answered() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('/'));
    type_str(&mut a, "replace batteries");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "batteries");
    let screen = draw(&a, 80, 24);
    assert!(
        screen.contains("0 answers"),
        "a jump is not an answer:\n{screen}"
    );
    assert!(
        !screen.contains("1. Is anyone in danger"),
        "the side panel does not list the skipped question as answered:\n{screen}"
    );
    assert!(screen.contains("⤳ jumped to"), "{screen}");
    assert!(
        screen.contains("Safety question not asked: is anyone at risk inside? Press !"),
        "{screen}"
    );
    let text = lockdiag::export::render(&a.catalog, walk_case(&a), lockdiag::export::Format::Text);
    assert!(
        text.contains("Safety:          safety question not asked"),
        "{text}"
    );
    assert!(
        text.contains("Jump from \"Is anyone in danger, or are there signs of a break-in?\""),
        "{text}"
    );
    let md = lockdiag::export::render(&a.catalog, walk_case(&a), lockdiag::export::Format::Md);
    assert!(
        md.contains("- **Safety:** safety question not asked"),
        "{md}"
    );
    let json = lockdiag::export::render(&a.catalog, walk_case(&a), lockdiag::export::Format::Json);
    assert!(json.contains("\"safety_not_asked\": true"), "{json}");

    // `!` brings the emergency choices back from anywhere; answering clears the prompt.
    press(&mut a, KeyCode::Char('!'));
    assert_eq!(node_id(&a), "danger");
    assert!(!draw(&a, 80, 24).contains("Safety question not asked"));
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "symptom");
    let screen = draw(&a, 80, 24);
    assert!(!screen.contains("Safety question not asked"), "{screen}");
    assert!(screen.contains("1 answer "), "{screen}");
    let text = lockdiag::export::render(&a.catalog, walk_case(&a), lockdiag::export::Format::Text);
    assert!(!text.contains("safety question not asked"), "{text}");
}

fn jump_to(app: &mut App, node: &str) {
    let Screen::Walk(w) = &mut app.screen else {
        panic!("walk expected")
    };
    let tree = w.session().tree;
    let index = app.catalog.trees[tree]
        .nodes
        .iter()
        .position(|n| n.id == node)
        .expect("node");
    let to = vec![lockdiag::session::Pos { tree, node: index }];
    w.live.jump(&app.catalog, to).expect("jump");
}

#[test]
fn a_card_reached_by_a_jump_says_the_remedy_before_it_was_not_tried() {
    let mut a = app();
    open_acme(&mut a);
    jump_to(&mut a, "locksmith");
    let screen = draw(&a, 100, 40);
    assert!(screen.contains("Tried: nothing on this walk"), "{screen}");
    assert!(
        screen.contains("Replace all four batteries: not tried"),
        "{screen}"
    );
    let text = lockdiag::export::render(&a.catalog, walk_case(&a), lockdiag::export::Format::Text);
    assert!(
        text.contains("Not tried:\n  - Replace all four batteries (what the card says about it is not confirmed)"),
        "{text}"
    );

    // After the remedy was really tried, nothing is marked as not tried.
    let mut a = app();
    open_acme(&mut a);
    type_str(&mut a, "212");
    assert_eq!(node_id(&a), "locksmith");
    assert!(!draw(&a, 100, 40).contains("not tried"));
    let text = lockdiag::export::render(&a.catalog, walk_case(&a), lockdiag::export::Format::Text);
    assert!(!text.contains("Not tried"), "{text}");
}

#[test]
fn a_resumed_finished_case_asks_before_it_is_reopened_and_keeps_both_outcomes() {
    let trees = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let data = tempfile::tempdir().expect("tempdir");
    let catalog = || {
        load_library(false, std::slice::from_ref(&trees))
            .catalog
            .expect("catalog")
    };
    let mut a = App::new(
        catalog(),
        Theme::plain(),
        Some(lockdiag::store::Store::open(data.path())),
    );
    open_acme(&mut a);
    type_str(&mut a, "212");
    assert_eq!(node_id(&a), "locksmith");
    drop(a);

    let c = catalog();
    let store = lockdiag::store::Store::open(data.path()).expect("store");
    let (live, _) = lockdiag::store::LiveCase::resume(&c, store, None).expect("resume");
    let mut a = App::resumed(c, Theme::plain(), live, None);
    assert_eq!(
        node_id(&a),
        "locksmith",
        "a finished case opens at its outcome"
    );
    press(&mut a, KeyCode::Backspace);
    assert!(matches!(
        a.popup,
        Some(lockdiag::tui::app::Popup::Reopen(_))
    ));
    assert!(draw(&a, 80, 24).contains("Reopen this case?"));
    assert_eq!(
        node_id(&a),
        "locksmith",
        "nothing changes before the answer"
    );
    press(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none());
    assert_eq!(node_id(&a), "locksmith");
    assert!(walk_case(&a).ended().is_some(), "still finished");

    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "batteries", "reopened: Back went back");
    press(&mut a, KeyCode::Backspace);
    assert_eq!(node_id(&a), "symptom", "once reopened, Back asks no more");
    let outcomes = walk_case(&a)
        .events()
        .iter()
        .filter(|e| matches!(e.event, lockdiag::store::Event::Outcome { .. }))
        .count();
    assert_eq!(outcomes, 1, "the first outcome stays in the log");
    type_str(&mut a, "2");
    assert_eq!(node_id(&a), "lost-key");
    let outcomes = walk_case(&a)
        .events()
        .iter()
        .filter(|e| matches!(e.event, lockdiag::store::Event::Outcome { .. }))
        .count();
    assert_eq!(outcomes, 2, "the log keeps both outcomes");
}

/// A model whose second question has twelve answers.
fn many_answers_app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut choices = String::new();
    for i in 1..=12 {
        choices.push_str(&format!(
            "      - label: Answer {i}\n        next: smith-{i}\n"
        ));
    }
    let mut smiths = String::new();
    for i in 1..=12 {
        smiths.push_str(&format!(
            "  - id: smith-{i}\n    kind: locksmith\n    title: Locksmith {i}\n    why: Test.\n    urgency: can-wait\n    tell: [x]\n    bring: [y]\n"
        ));
    }
    let yaml = format!(
        "format: 1\nmodel:\n  id: many-100\n  brand: Many\n  name: Hundred\n  cylinder: none\n  keyway: no keyway\n  power: \"4 x AA alkaline\"\n  emergency_power: [9v]\n  connectivity: [thread]\n  reviewed: 2026-11-27\n  sources: [GN1]\nstart: danger\nnodes:\n  - id: danger\n    kind: question\n    title: Is anyone in danger?\n    choices:\n      - label: Yes\n        next: sos\n      - label: No\n        next: many\n  - id: sos\n    kind: emergency\n    title: Call emergency services now\n    why: Someone is at risk.\n  - id: many\n    kind: question\n    title: Which one?\n    choices:\n{choices}{smiths}"
    );
    std::fs::write(dir.path().join("many.yaml"), yaml).expect("write");
    let loaded = load_library(false, &[dir.path().to_path_buf()]);
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
    let mut a = App::new(loaded.catalog.expect("catalog"), Theme::plain(), None);
    type_str(&mut a, "many");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "many");
    (dir, a)
}

fn cursor(app: &App) -> usize {
    match &app.screen {
        Screen::Walk(w) => w.cursor,
        Screen::Picker(_) => panic!("walk expected"),
    }
}

#[test]
fn every_answer_past_nine_can_be_reached_by_number_and_by_keys() {
    // Two digits pick answer 12 (and 10).
    let (_d, mut a) = many_answers_app();
    type_str(&mut a, "12");
    assert_eq!(node_id(&a), "smith-12");
    let (_d, mut a) = many_answers_app();
    type_str(&mut a, "10");
    assert_eq!(node_id(&a), "smith-10");
    // One digit then Enter picks it alone; a digit no two-digit answer starts with picks at once.
    let (_d, mut a) = many_answers_app();
    press(&mut a, KeyCode::Char('1'));
    assert_eq!(node_id(&a), "many", "waits for a second digit");
    assert!(
        a.status
            .as_deref()
            .unwrap_or_default()
            .contains("second digit")
    );
    press(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "smith-1");
    let (_d, mut a) = many_answers_app();
    press(&mut a, KeyCode::Char('7'));
    assert_eq!(node_id(&a), "smith-7");
    // End/G, Home/g, PageDown/PageUp move the highlight over every answer.
    let (_d, mut a) = many_answers_app();
    press(&mut a, KeyCode::End);
    assert_eq!(cursor(&a), 11);
    press(&mut a, KeyCode::Home);
    assert_eq!(cursor(&a), 0);
    press(&mut a, KeyCode::Char('G'));
    assert_eq!(cursor(&a), 11);
    press(&mut a, KeyCode::Char('g'));
    assert_eq!(cursor(&a), 0);
    press(&mut a, KeyCode::PageDown);
    assert!(cursor(&a) > 1, "a page down moves more than one row");
    press(&mut a, KeyCode::PageDown);
    press(&mut a, KeyCode::PageDown);
    assert_eq!(cursor(&a), 11);
    press(&mut a, KeyCode::PageUp);
    assert!(cursor(&a) < 11);
    press(&mut a, KeyCode::End);
    press(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "smith-12");
}

#[test]
fn did_this_fix_it_is_answered_like_any_question() {
    // 1/2 pick, arrows and Enter choose; y and n keep their walk meanings (copy and note).
    let mut a = app();
    open_acme(&mut a);
    type_str(&mut a, "21");
    assert_eq!(node_id(&a), "batteries");
    press(&mut a, KeyCode::Char('y'));
    assert_eq!(node_id(&a), "batteries", "y copies, it does not answer");
    assert_eq!(a.take_effects().len(), 1);
    press(&mut a, KeyCode::Char('n'));
    assert!(
        matches!(a.popup, Some(lockdiag::tui::app::Popup::Note(_))),
        "n opens a note"
    );
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::End);
    press(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "locksmith", "the last row is 'not fixed'");
    press(&mut a, KeyCode::Backspace);
    assert_eq!(
        cursor(&a),
        4,
        "Back puts the highlight on the earlier answer"
    );
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "fixed");
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "locksmith");
}

#[test]
fn a_new_walk_starts_without_the_last_case_reference_and_the_header_shows_it() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('2'));
    press(&mut a, KeyCode::Char('c'));
    type_str(&mut a, "TCK-1");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('n'));
    type_str(&mut a, "door is open");
    press(&mut a, KeyCode::Esc);
    let header = draw(&a, 80, 24).lines().next().expect("header").to_string();
    assert!(
        header.contains("case TCK-1 · 1 answer · 1 note"),
        "{header}"
    );
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(
        walk_case(&a).case_ref(),
        None,
        "the new walk has no reference"
    );
    assert!(
        a.status
            .as_deref()
            .unwrap_or_default()
            .contains("no case reference")
    );
    let header = draw(&a, 80, 24).lines().next().expect("header").to_string();
    assert!(
        header.contains("no case ref · 0 answers · 0 notes"),
        "{header}"
    );
}

#[test]
fn the_locksmith_card_on_screen_is_written_for_the_locksmith_with_notes_and_case() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('c'));
    type_str(&mut a, "TCK-77");
    press(&mut a, KeyCode::Enter);
    type_str(&mut a, "21");
    press(&mut a, KeyCode::Char('n'));
    type_str(
        &mut a,
        "Caller says the keypad went dark after the cold night and the door is locked",
    );
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "locksmith");
    let screen = draw(&a, 80, 40);
    // One name per field, and a label never runs into its value.
    assert!(screen.contains("If batteries die  key"), "{screen}");
    assert!(
        screen.contains("Connects by       wifi, bluetooth"),
        "{screen}"
    );
    assert!(!screen.contains("Battery backup"), "{screen}");
    // The situation in the card's own words for the locksmith (the owner reads "Why"), the
    // case reference and the notes, as the export has them.
    assert!(
        screen
            .contains("Situation         The customer's keypad stayed dark after fresh batteries."),
        "{screen}"
    );
    assert!(
        screen.contains("Why: Fresh batteries did not wake the keypad."),
        "{screen}"
    );
    assert!(screen.contains("Case: TCK-77"), "{screen}");
    assert!(screen.contains("Notes:"), "{screen}");
    // A wrapped bullet hangs under its text.
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("  • At \"Replace all four batteries\""))
        .expect("note bullet");
    assert!(lines[at + 1].starts_with("\"│    "), "{}", lines[at + 1]);
    // A panel with more below says so.
    let small = draw(&a, 80, 24);
    assert!(small.contains("↓ more"), "{small}");
}

#[test]
fn words_generic_name_side_panel_and_tools_said_once() {
    // The identification guide can hand over to a model: said in plain words.
    let catalog = load_library(true, &[]).catalog.expect("catalog");
    let guide = catalog.guide_index("identify").expect("identify guide");
    let generic = catalog.model_index("generic-smart-lock").expect("generic");
    assert_eq!(
        catalog.trees[generic].model().expect("model").full_name(),
        "Unknown or unlisted smart lock"
    );
    let a = App::with_tree(catalog, Theme::plain(), None, guide).expect("walk");
    let screen = draw(&a, 100, 30);
    assert!(!screen.contains("your model's tree"), "{screen}");

    // A remedy whose help already lists the tools does not say "You need:" twice.
    let mut a = app();
    open_acme(&mut a);
    type_str(&mut a, "21");
    assert_eq!(node_id(&a), "batteries");
    let Screen::Walk(w) = &a.screen else {
        panic!("walk expected")
    };
    let pos = w.session().pos();
    a.catalog.trees[pos.tree].nodes[pos.node].help =
        Some("You need: 4 x AA alkaline batteries and a screwdriver.".into());
    let screen = draw(&a, 100, 30);
    assert_eq!(screen.matches("You need:").count(), 1, "{screen}");
}

#[test]
fn the_footer_fits_its_width_and_always_offers_help() {
    let mut a = app();
    open_acme(&mut a);
    type_str(&mut a, "21");
    for (w, h) in [(60, 18), (80, 24)] {
        let screen = draw(&a, w, h);
        let footer = screen
            .lines()
            .last()
            .expect("footer")
            .trim_matches('"')
            .trim_end();
        assert!(footer.ends_with("? help"), "{footer}");
        assert!(!footer.ends_with('·'), "no entry is cut: {footer}");
    }
}

#[test]
fn a_wrapped_caution_hangs_under_its_text() {
    let mut a = app();
    open_acme(&mut a);
    type_str(&mut a, "21");
    let screen = draw(&a, 60, 18);
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("⚠ CAUTION: Keep the door open"))
        .expect("caution on screen");
    assert!(lines[at + 1].starts_with("\"│   "), "{screen}");
}
