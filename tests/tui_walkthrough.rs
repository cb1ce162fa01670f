//! Key-sequence walkthroughs against the app's state machine: real key events go through the
//! keymap into `update`, and the screen state is asserted after each stage.

use std::path::Path;

use lockdiag::catalog::load_library;
use lockdiag::session::Answer;
use lockdiag::tree::NodeKind;
use lockdiag::tui::app::{App, Popup, Screen};
use lockdiag::tui::theme::Theme;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MouseButton, MouseEvent,
    MouseEventKind,
};

fn app() -> App {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    App::new(
        load_library(false, &[dir]).catalog.expect("catalog"),
        Theme::plain(),
        None,
    )
}

fn press(app: &mut App, code: KeyCode) {
    press_mod(app, code, KeyModifiers::NONE);
}

fn press_mod(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let ev = Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    });
    if let Some(a) = app.action_for_event(&ev) {
        app.update(a);
    }
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

#[test]
fn pick_walk_back_restore_abandon_restart() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "symptom");
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('k'));
    press(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "batteries");
    // Remedy: tick a step, answer no, land on the locksmith card.
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "locksmith");
    // Back twice, then the same answer restores what followed.
    press(&mut a, KeyCode::Backspace);
    assert_eq!(node_id(&a), "batteries");
    let Screen::Walk(w) = &a.screen else {
        panic!("walk")
    };
    assert!(w.session().is_ticked(0), "ticks survive Back");
    press(&mut a, KeyCode::Left);
    assert_eq!(node_id(&a), "symptom");
    press(&mut a, KeyCode::Char('1'));
    assert_eq!(node_id(&a), "batteries");
    let Screen::Walk(w) = &a.screen else {
        panic!("walk")
    };
    assert_eq!(w.session().remembered_answer(), Some(&Answer::Fixed(false)));
    // A different answer abandons the branch that followed.
    press(&mut a, KeyCode::Char('1'));
    assert_eq!(node_id(&a), "fixed");
    let Screen::Walk(w) = &a.screen else {
        panic!("walk")
    };
    assert_eq!(w.session().abandoned.len(), 1);
    assert_eq!(w.session().node(&a.catalog).kind(), NodeKind::Resolved);
    // Restart begins a new walk of the same model.
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(node_id(&a), "danger");
    let Screen::Walk(w) = &a.screen else {
        panic!("walk")
    };
    assert!(w.session().steps.is_empty());
}

#[test]
fn back_at_the_first_question_keeps_the_walk_and_says_how_to_leave() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('h'));
    assert_eq!(node_id(&a), "danger");
    assert!(a.status.as_deref().unwrap_or_default().contains("Esc"));
    press(&mut a, KeyCode::Esc);
    assert_eq!(node_id(&a), "<picker>");
}

#[test]
fn help_lists_keys_and_closes() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('?'));
    assert!(matches!(a.popup, Some(Popup::Help)));
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "danger", "keys under the popup do nothing");
    press(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none());
}

#[test]
fn quit_with_q_esc_at_top_and_ctrl_c() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit);

    let mut a = app();
    type_str(&mut a, "ab");
    press(&mut a, KeyCode::Esc);
    assert!(!a.should_quit, "Esc first clears the filter");
    press(&mut a, KeyCode::Esc);
    assert!(a.should_quit);

    let mut a = app();
    press_mod(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(a.should_quit);
}

#[test]
fn picker_filters_and_enter_opens_best_match() {
    let mut a = app();
    type_str(&mut a, "bolt");
    let Screen::Picker(p) = &a.screen else {
        panic!("picker")
    };
    assert_eq!(p.rows.len(), 1);
    press(&mut a, KeyCode::Enter);
    assert_eq!(node_id(&a), "danger");
    press(&mut a, KeyCode::Char('2'));
    let Screen::Walk(w) = &a.screen else {
        panic!("walk")
    };
    assert_eq!(w.session().node(&a.catalog).kind(), NodeKind::Locksmith);
}

#[test]
fn mouse_click_chooses_an_answer() {
    let mut a = app();
    a.size = (80, 24);
    open_acme(&mut a);
    // Find the screen row of answer 2 by drawing, then click it.
    let screen = {
        let mut t =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
        t.draw(|f| lockdiag::tui::ui::render(f, &a)).expect("draw");
        t.backend().to_string()
    };
    let row = screen
        .lines()
        .position(|l| l.contains("2. No one is in danger"))
        .expect("answer 2 on screen");
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row: u16::try_from(row).expect("row"),
        modifiers: KeyModifiers::NONE,
    });
    if let Some(action) = a.action_for_event(&click) {
        a.update(action);
    }
    assert_eq!(node_id(&a), "symptom");
}

fn app_with_store(dir: &Path) -> App {
    let trees = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let catalog = load_library(false, &[trees]).catalog.expect("catalog");
    App::new(
        catalog,
        Theme::plain(),
        Some(lockdiag::store::Store::open(dir)),
    )
}

#[test]
fn notes_and_case_ref_are_saved_at_once_and_resume_restores_the_walk() {
    let data = tempfile::tempdir().expect("tempdir");
    let mut a = app_with_store(data.path());
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('2'));
    // A case reference and a two-line note on this step.
    press(&mut a, KeyCode::Char('c'));
    type_str(&mut a, "TCK-7");
    press(&mut a, KeyCode::Enter);
    assert!(a.status.as_deref().unwrap_or_default().contains("TCK-7"));
    press(&mut a, KeyCode::Char('n'));
    type_str(&mut a, "caller on speaker");
    press(&mut a, KeyCode::Enter);
    type_str(&mut a, "door is open");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.status.as_deref(), Some("Note saved on this step"));
    press(&mut a, KeyCode::Char('1'));
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "locksmith");
    drop(a);

    // Everything is in the store: reopen the latest session as `lockdiag resume` does.
    let trees = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let catalog = load_library(false, &[trees]).catalog.expect("catalog");
    let store = lockdiag::store::Store::open(data.path()).expect("store");
    let (live, report) = lockdiag::store::LiveCase::resume(&catalog, store, None).expect("resume");
    assert_eq!(report.message(), None, "same trees: nothing to report");
    assert_eq!(live.case().case_ref(), Some("TCK-7"));
    assert_eq!(
        live.case().notes()[0].text,
        "caller on speaker\ndoor is open"
    );
    let a = App::resumed(catalog, Theme::plain(), live, None);
    assert_eq!(node_id(&a), "locksmith");
    let Screen::Walk(w) = &a.screen else {
        panic!("walk")
    };
    assert_eq!(w.session().steps.len(), 3);
}

#[test]
fn copy_emits_an_osc52_sequence_for_the_event_loop() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('y'));
    let effects = a.take_effects();
    assert_eq!(effects.len(), 1);
    let lockdiag::tui::app::Effect::Clipboard(seq) = &effects[0];
    assert!(seq.starts_with("\u{1b}]52;c;"), "{seq:?}");
    assert!(
        a.status
            .as_deref()
            .unwrap_or_default()
            .contains("press e to save a file")
    );
}

#[test]
fn export_writes_a_file_in_the_current_folder() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('2'));
    press(&mut a, KeyCode::Char('e'));
    assert!(matches!(a.popup, Some(Popup::Export(0))));
    let dir = tempfile::tempdir().expect("tempdir");
    let cwd = std::env::current_dir().expect("cwd");
    std::env::set_current_dir(dir.path()).expect("chdir");
    press(&mut a, KeyCode::Char('1'));
    let status = a.status.clone().unwrap_or_default();
    // The same export again would replace the file: it asks, and n keeps the file.
    std::fs::write(dir.path().join(status.trim_start_matches("Saved ")), "kept").expect("write");
    press(&mut a, KeyCode::Char('e'));
    press(&mut a, KeyCode::Char('1'));
    assert!(matches!(a.popup, Some(Popup::Replace(0))), "{:?}", a.popup);
    press(&mut a, KeyCode::Char('n'));
    let kept = a.status.clone().unwrap_or_default();
    press(&mut a, KeyCode::Char('e'));
    press(&mut a, KeyCode::Char('1'));
    press(&mut a, KeyCode::Char('y'));
    std::env::set_current_dir(cwd).expect("chdir back");
    assert_eq!(kept, "Export cancelled; the file was kept");
    assert_eq!(
        a.status.as_deref(),
        Some(status.as_str()),
        "replaced after y"
    );
    assert!(status.starts_with("Saved "), "{status}");
    let path = status.trim_start_matches("Saved ");
    let text = std::fs::read_to_string(path).expect("export written");
    assert!(text.contains("Acme Keypad 100"), "{text}");
}

#[test]
fn search_jumps_and_back_returns_to_where_the_search_started() {
    let mut a = app();
    open_acme(&mut a);
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(node_id(&a), "symptom");
    press(&mut a, KeyCode::Char('/'));
    assert!(matches!(a.popup, Some(Popup::Search(_))));
    type_str(&mut a, "replace batteries");
    press(&mut a, KeyCode::Tab); // narrow to this model
    press(&mut a, KeyCode::Enter);
    assert!(a.popup.is_none());
    assert_eq!(node_id(&a), "batteries");
    let Screen::Walk(w) = &a.screen else {
        panic!("walk")
    };
    assert!(matches!(
        w.session().steps.last().map(|s| &s.answer),
        Some(Answer::Jump(_))
    ));
    press(&mut a, KeyCode::Backspace);
    assert_eq!(
        node_id(&a),
        "symptom",
        "Back returns to where the search started"
    );
}

#[test]
fn search_with_no_match_says_so_and_esc_closes() {
    let mut a = app();
    press(&mut a, KeyCode::Char('/'));
    type_str(&mut a, "zzqqxx");
    let Some(Popup::Search(s)) = &a.popup else {
        panic!("search open")
    };
    assert!(s.hits().is_empty());
    press(&mut a, KeyCode::Esc);
    assert!(a.popup.is_none());
    assert_eq!(node_id(&a), "<picker>");
}
