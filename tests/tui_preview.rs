//! The app's first frame comes from the header-only preview of the built-in library
//! (`catalog::builtin_preview`); the full library replaces it before the first key. These tests
//! prove the preview draws the same picker as the full library, and that the app works as
//! usual once the full library is in place.

use lockdiag::catalog::{Catalog, builtin_preview, load_library};
use lockdiag::tui::action::Action;
use lockdiag::tui::app::{App, Screen};
use lockdiag::tui::theme::Theme;
use lockdiag::tui::ui::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

fn full() -> Catalog {
    load_library(true, &[])
        .catalog
        .expect("the shipped library loads")
}

fn preview() -> Catalog {
    builtin_preview().expect("every shipped model header reads on its own")
}

fn frame(app: &mut App, width: u16, height: u16) -> Buffer {
    app.size = (width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| render(f, app)).expect("draw");
    terminal.backend().buffer().clone()
}

#[test]
fn the_preview_draws_the_same_first_frame_as_the_full_library() {
    for theme in [Theme::plain(), Theme::color()] {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let from_preview = frame(&mut App::new(preview(), theme, None), w, h);
            let from_full = frame(&mut App::new(full(), theme, None), w, h);
            assert_eq!(from_preview, from_full, "{w}x{h}");
        }
    }
}

#[test]
fn the_highlighted_model_shows_the_same_facts_in_both() {
    let mut from_preview = App::new(preview(), Theme::plain(), None);
    let mut from_full = App::new(full(), Theme::plain(), None);
    for app in [&mut from_preview, &mut from_full] {
        for c in "encode".chars() {
            app.update(Action::Input(c));
        }
    }
    assert_eq!(
        frame(&mut from_preview, 100, 30),
        frame(&mut from_full, 100, 30)
    );
}

#[test]
fn after_the_swap_the_filter_stays_and_a_model_opens() {
    let mut app = App::new(preview(), Theme::plain(), None);
    for c in "encode".chars() {
        app.update(Action::Input(c));
    }
    let before = frame(&mut app, 100, 30);
    app.replace_catalog(full(), None);
    assert_eq!(
        frame(&mut app, 100, 30),
        before,
        "the swap changes nothing on screen"
    );
    app.update(Action::Select);
    let Screen::Walk(w) = &app.screen else {
        panic!("Enter opens the highlighted model after the swap");
    };
    let tree = &app.catalog.trees[w.session().tree];
    assert_eq!(tree.id, "schlage-encode");
    assert!(!tree.nodes.is_empty());
}
