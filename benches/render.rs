//! Cost of one frame at 200x60 with the shipped library, through ratatui's `TestBackend`:
//! the model picker, a question, a remedy, a locksmith outcome and the search overlay with a
//! query typed. Each iteration is a full `Terminal::draw` (render, diff, write to the backend).
//! Run with `cargo bench --bench render`; `docs/performance.md` has the numbers.

use std::hint::black_box;
use std::time::Duration;

use criterion::Criterion;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use lockdiag::catalog::load_library;
use lockdiag::session::Answer;
use lockdiag::tui::action::Action;
use lockdiag::tui::app::{App, Screen};
use lockdiag::tui::keymap::Context;
use lockdiag::tui::theme::Theme;
use lockdiag::tui::ui::render;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// An app on the shipped library, sized 200x60, in colour.
fn app() -> App {
    let catalog = load_library(true, &[])
        .catalog
        .expect("the shipped library loads");
    let mut app = App::new(catalog, Theme::color(), None);
    app.size = (WIDTH, HEIGHT);
    app
}

/// Opens the model matching `filter` and gives `answers` as `walk --answer` takes them.
fn walked(filter: &str, answers: &[&str]) -> App {
    let mut app = app();
    for c in filter.chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Select);
    for given in answers {
        let Screen::Walk(w) = &app.screen else {
            panic!("no walk open")
        };
        let answer = w
            .session()
            .parse_answer(&app.catalog, given)
            .expect("a valid answer");
        app.update(match answer {
            Answer::Choice(i) => Action::Pick(i),
            Answer::Fixed(true) => Action::Pick(0),
            Answer::Fixed(false) => Action::Pick(1),
            Answer::Jump(_) => panic!("no jumps here"),
        });
    }
    app
}

fn bench_frame(c: &mut Criterion, name: &str, app: &App, expect: Context) {
    assert_eq!(
        app.context(),
        expect,
        "{name} is not on the screen it should be"
    );
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    c.bench_function(&format!("frame/200x60/{name}"), |b| {
        b.iter(|| {
            terminal.draw(|f| render(f, black_box(app))).expect("draw");
        });
    });
}

fn frames(c: &mut Criterion) {
    const SAFE: &str = "No one is in danger";
    const DARK: &str = "The touchscreen is dark or does nothing";
    bench_frame(c, "picker", &app(), Context::Picker);
    let question = walked("schlage connect", &[SAFE]);
    bench_frame(c, "question", &question, Context::Question);
    let remedy = walked("schlage connect", &[SAFE, DARK, "1"]);
    bench_frame(c, "remedy", &remedy, Context::Remedy);
    let mut search = walked("schlage connect", &[SAFE]);
    search.update(Action::OpenSearch);
    for ch in "keypad dark".chars() {
        search.update(Action::Input(ch));
    }
    bench_frame(c, "search-overlay", &search, Context::Search);
    let outcome = walked(
        "schlage connect",
        &[
            SAFE,
            DARK,
            "I'm outside and can't get in",
            "No, I don't have a key",
            "No, but I need to get in today",
        ],
    );
    bench_frame(c, "outcome", &outcome, Context::Outcome);
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    frames(&mut c);
    c.final_summary();
}
