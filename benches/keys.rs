//! Whether the app's key handling waits on the network: the time from a key to its frame
//! (`App::update`, the tick the event loop gives while changes are unsent, and a full draw at
//! 200x60 on ratatui's `TestBackend`) while a write to the shared store is in flight.
//!
//! The app is on the shipped library with the shared store, walking "Schlage Connect": each
//! key answers the question on screen or goes Back, so each key is an event to write. The
//! same keys are timed four ways: straight to the local server; through a TCP proxy that holds
//! every packet from the server for `--delay` ms (a slow network: each round trip takes at
//! least that); through the proxy once it stops passing anything on (a server that hangs:
//! a write in flight never returns); and with the server stopped (`LOCKDIAG_TEST_PG_CTL`,
//! skipped without it; started again at the end).
//!
//! Run: `LOCKDIAG_TEST_PG=postgresql://... cargo bench --bench keys -- [--keys 500]
//! [--every 20] [--delay 200]` (`.ci/pg.sh` starts a server). Figures go in
//! docs/performance.md.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "common/pg.rs"]
mod pg;
use pg::fresh_db;

use lockdiag::catalog::load_library;
use lockdiag::store::{Store, StoreSpec};
use lockdiag::tui::action::Action;
use lockdiag::tui::app::{App, Screen};
use lockdiag::tui::theme::Theme;
use lockdiag::tui::ui::render;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

fn arg(name: &str, default: u64) -> u64 {
    let argv: Vec<String> = std::env::args().collect();
    argv.windows(2)
        .find(|w| w[0] == name)
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(default)
}

/// A TCP proxy to `upstream` that holds each chunk from the server for `delay` ms, and passes
/// nothing on at all while `hung` is set.
struct Proxy {
    addr: SocketAddr,
    delay: Arc<AtomicU64>,
    hung: Arc<AtomicBool>,
}

fn pipe(mut from: TcpStream, mut to: TcpStream, delay: Arc<AtomicU64>, hung: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            while hung.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(10));
            }
            std::thread::sleep(Duration::from_millis(delay.load(Ordering::SeqCst)));
            if to.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    });
}

fn proxy(upstream: SocketAddr) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port for the proxy");
    let p = Proxy {
        addr: listener.local_addr().expect("its address"),
        delay: Arc::new(AtomicU64::new(0)),
        hung: Arc::new(AtomicBool::new(false)),
    };
    let (delay, hung) = (Arc::clone(&p.delay), Arc::clone(&p.hung));
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(upstream) else {
                continue;
            };
            let (Ok(c2), Ok(s2)) = (client.try_clone(), server.try_clone()) else {
                continue;
            };
            let none = Arc::new(AtomicU64::new(0));
            pipe(client, server, none, Arc::new(AtomicBool::new(false)));
            pipe(s2, c2, Arc::clone(&delay), Arc::clone(&hung));
        }
    });
    p
}

/// `url` with its `host:port` replaced by `addr`.
fn via(url: &str, addr: SocketAddr) -> String {
    let at = url.rfind('@').map_or(0, |i| i + 1);
    let end = url[at..].find('/').map_or(url.len(), |i| at + i);
    format!("{}{addr}{}", &url[..at], &url[end..])
}

fn host_port(url: &str) -> SocketAddr {
    let at = url.rfind('@').map_or(0, |i| i + 1);
    let end = url[at..].find('/').map_or(url.len(), |i| at + i);
    url[at..end]
        .parse()
        .expect("LOCKDIAG_TEST_PG names 127.0.0.1:PORT")
}

/// The app walking Schlage Connect on the store at `url`.
fn app(url: &str, data: &std::path::Path) -> App {
    let catalog = load_library(true, &[])
        .catalog
        .expect("the shipped library loads");
    let spec = StoreSpec {
        url: Some(url.to_string()),
        data_dir: Some(data.to_path_buf()),
        agent: Some("bench".into()),
    };
    let mut app = App::new(catalog, Theme::color(), Some(Store::open_spec(&spec)));
    app.size = (WIDTH, HEIGHT);
    for c in "schlage connect".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Select);
    assert!(matches!(app.screen, Screen::Walk(_)), "no walk open");
    app
}

struct Timed {
    frames: Vec<Duration>,
    in_flight: usize,
}

/// `keys` keys, one every `every` ms, alternating an answer and Back; each timed from the key
/// to its frame.
fn run(app: &mut App, keys: u64, every: u64) -> Timed {
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    terminal.draw(|f| render(f, app)).expect("first frame");
    let mut t = Timed {
        frames: Vec::new(),
        in_flight: 0,
    };
    for k in 0..keys {
        let next = Instant::now() + Duration::from_millis(every);
        if app.live().is_some_and(|l| l.unsaved() > 0) {
            t.in_flight += 1;
        }
        let action = if k % 2 == 0 {
            Action::Pick(0)
        } else {
            Action::Back
        };
        let start = Instant::now();
        app.update(action);
        if app.wants_tick() {
            app.tick();
        }
        terminal.draw(|f| render(f, app)).expect("draw");
        t.frames.push(start.elapsed());
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    t.frames.sort_unstable();
    t
}

fn at(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn report(label: &str, t: &Timed, app: &App) {
    println!(
        "{label:<44} key to frame: p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms  \
         ({} keys, {} with a write in flight; unsent at the end: {})",
        at(&t.frames, 0.5),
        at(&t.frames, 0.99),
        t.frames.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        t.frames.len(),
        t.in_flight,
        app.live().map_or(0, |l| l.unsaved()),
    );
}

fn main() -> ExitCode {
    let Some(server) = std::env::var("LOCKDIAG_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        eprintln!("the keys bench needs LOCKDIAG_TEST_PG (see .ci/pg.sh); nothing measured");
        return ExitCode::SUCCESS;
    };
    let (keys, every, delay) = (arg("--keys", 500), arg("--every", 20), arg("--delay", 200));
    let url = fresh_db(&server, "ld_keys");
    let data = tempfile::tempdir().expect("tempdir");
    let p = proxy(host_port(&url));

    let mut direct = app(&url, &data.path().join("direct"));
    let t = run(&mut direct, keys, every);
    report("local server", &t, &direct);

    p.delay.store(delay, Ordering::SeqCst);
    let mut slow = app(&via(&url, p.addr), &data.path().join("slow"));
    let t = run(&mut slow, keys, every);
    report(
        &format!("through the proxy, {delay} ms per answer"),
        &t,
        &slow,
    );

    p.delay.store(0, Ordering::SeqCst);
    let mut hung = app(&via(&url, p.addr), &data.path().join("hung"));
    // The writer connects as the walk opens; then the server stops answering and every
    // write hangs.
    std::thread::sleep(Duration::from_secs(1));
    p.hung.store(true, Ordering::SeqCst);
    let t = run(&mut hung, keys, every);
    report("server hung (proxy passes nothing)", &t, &hung);

    if let Ok(ctl) = std::env::var("LOCKDIAG_TEST_PG_CTL") {
        let mut down = app(&url, &data.path().join("down"));
        let ok = Command::new(&ctl)
            .arg("stop")
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            let t = run(&mut down, keys, every);
            report("server stopped (pg_ctl stop)", &t, &down);
        }
        let _ = Command::new(&ctl).arg("start").status();
    }
    // The hung writers never return; the process ends without waiting for them.
    std::process::exit(0)
}
