//! The shared store under a desk's load: N simulated agents (threads), each walking random
//! paths of the test trees (`tests/fixtures/tui`) with notes, Back and case references, through the app's own
//! path (a `LiveCase` with its writer thread and local spool) against one PostgreSQL server.
//!
//! Each agent makes a change, then waits (up to 100 ms, woken by its writer thread) for the
//! server to confirm it, then makes the next: the latency of one event is the time from the change to its confirmation.
//! At the end every agent's cases are read back and compared with what the agent made, so the
//! final count is checked exactly (lost, duplicated, misordered).
//!
//! `--pace MS` gives each agent a pause between changes (uniform from 0 to twice MS, so MS on
//! average), as a person at a keyboard takes; without it (0) each agent makes its next change
//! the moment the last one is confirmed, which measures the store saturated.
//!
//! Latency is given twice: for the events made after the first `--warmup` seconds (5 by
//! default: 50 agents connecting at once, each with TLS and SCRAM, keep the server busy for
//! a while), and for every event.
//!
//! Run: `LOCKDIAG_TEST_PG=postgresql://... cargo bench --bench store -- [--agents 50]
//! [--seconds 60] [--restarts 2] [--pace 0] [--warmup 5]`; restarts need `LOCKDIAG_TEST_PG_CTL` (a script taking
//! `stop`/`start`; `.ci/pg.sh` writes one). Figures go in docs/performance.md.

use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[path = "common/pg.rs"]
mod pg;
use pg::fresh_db;

use lockdiag::catalog::{Catalog, load_library};
use lockdiag::session::Answer;
use lockdiag::store::{Case, LiveCase, Store, StoreSpec};
use lockdiag::synth::Rng;
use lockdiag::tree::NodeBody;

struct Args {
    agents: usize,
    seconds: u64,
    restarts: usize,
    pace: u64,
    warmup: u64,
}

fn args() -> Args {
    let mut a = Args {
        agents: 50,
        seconds: 60,
        restarts: 0,
        pace: 0,
        warmup: 5,
    };
    let argv: Vec<String> = std::env::args().collect();
    for w in argv.windows(2) {
        let n = w[1].parse().unwrap_or(0);
        match w[0].as_str() {
            "--agents" => a.agents = n.max(1),
            "--seconds" => a.seconds = n as u64,
            "--restarts" => a.restarts = n,
            "--pace" => a.pace = n as u64,
            "--warmup" => a.warmup = n as u64,
            _ => {}
        }
    }
    a
}

/// What one agent did: its cases as it last saw them, and when each confirmed event was made
/// and its latency.
struct Done {
    cases: Vec<Case>,
    latencies: Vec<(Instant, Duration)>,
    unconfirmed: usize,
}

fn step(live: &mut LiveCase, c: &Catalog, rng: &mut Rng, agent: usize, n: usize) -> bool {
    if rng.below(12) == 0 && live.back(c) {
        return true;
    }
    if rng.below(10) == 0 {
        return live.set_note(
            c,
            &format!("agent {agent} note {n}: caller says the bolt sticks"),
        );
    }
    if rng.below(25) == 0 {
        return live.set_case_ref(&format!("A{agent}-{n}"));
    }
    let answer = match &live.session().node(c).body {
        NodeBody::Question { choices } => Answer::Choice(rng.below(choices.len().max(1))),
        NodeBody::Remedy { .. } => Answer::Fixed(rng.below(2) == 0),
        _ => return false,
    };
    live.answer(c, answer).is_ok()
}

fn agent(c: &Catalog, spec: &StoreSpec, agent: usize, pace: u64, stop: &AtomicBool) -> Done {
    let mut rng = Rng::new(0x9e37_79b9 ^ (agent as u64 + 1));
    let models: Vec<usize> = (0..c.trees.len())
        .filter(|&t| c.trees[t].model().is_some())
        .collect();
    let pick = |rng: &mut Rng| models[rng.below(models.len())];
    let mut live = match LiveCase::start(c, pick(&mut rng), Store::open_spec(spec)) {
        Ok(l) => l,
        Err(e) => panic!("agent {agent} cannot start: {e}"),
    };
    let mut done = Done {
        cases: Vec::new(),
        latencies: Vec::new(),
        unconfirmed: 0,
    };
    // When each event not confirmed yet was made, by its index in the case's log.
    let mut made: Vec<Instant> = Vec::new();
    let mut confirmed = 0;
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let before = live.case().events().len();
        let moved = step(&mut live, c, &mut rng, agent, n);
        let after = live.case().events().len();
        made.extend(std::iter::repeat_n(Instant::now(), after - before));
        if !moved || after >= 40 {
            // An outcome or a long case: the agent takes the next call.
            live.settle(c, Duration::from_secs(2));
            record(&live, &mut made, &mut confirmed, &mut done.latencies);
            done.unconfirmed += made.len().saturating_sub(confirmed);
            done.cases.push(live.case().clone());
            if live.new_case(c, pick(&mut rng)).is_err() {
                break;
            }
            made.clear();
            confirmed = 0;
            continue;
        }
        // Wait for the confirmation (woken by the writer the moment it comes) for up to
        // 100 ms, or through the agent's pause if that is longer; then the rest of the pause.
        let pause = Duration::from_millis(rng.below(2 * pace as usize + 1) as u64);
        let next = Instant::now() + pause;
        live.settle(c, pause.max(Duration::from_millis(100)));
        record(&live, &mut made, &mut confirmed, &mut done.latencies);
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
    }
    live.settle(c, Duration::from_secs(60));
    done.cases.push(live.case().clone());
    if let Some(note) = live.finish() {
        eprintln!("agent {agent}: {note}");
    }
    done
}

/// Latencies of the events confirmed since the last call.
fn record(
    live: &LiveCase,
    made: &mut [Instant],
    confirmed: &mut usize,
    out: &mut Vec<(Instant, Duration)>,
) {
    let now_saved = live.case().events().len() - live.unsaved();
    while *confirmed < now_saved.min(made.len()) {
        out.push((made[*confirmed], made[*confirmed].elapsed()));
        *confirmed += 1;
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> ExitCode {
    let a = args();
    let Some(server) = std::env::var("LOCKDIAG_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        eprintln!("the store bench needs LOCKDIAG_TEST_PG (see .ci/pg.sh); nothing measured");
        return ExitCode::SUCCESS;
    };
    let ctl = std::env::var("LOCKDIAG_TEST_PG_CTL").ok();
    if a.restarts > 0 && ctl.is_none() {
        eprintln!("--restarts needs LOCKDIAG_TEST_PG_CTL");
        return ExitCode::FAILURE;
    }
    // The small fixture library of the TUI tests: the bench measures the store, not the trees.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let loaded = load_library(false, &[fixtures]);
    let Some(catalog) = loaded.catalog else {
        for d in &loaded.diagnostics {
            eprintln!("{d}");
        }
        eprintln!("the built-in trees do not load");
        return ExitCode::FAILURE;
    };
    let catalog = Arc::new(catalog);
    let url = fresh_db(&server, "ld_bench");
    let data = tempfile::tempdir().expect("tempdir");
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let handles: Vec<_> = (0..a.agents)
        .map(|i| {
            let (c, stop) = (Arc::clone(&catalog), Arc::clone(&stop));
            let spec = StoreSpec {
                url: Some(url.clone()),
                // Each agent is its own machine: its own spool.
                data_dir: Some(data.path().join(format!("agent-{i}"))),
                agent: Some(format!("agent{i:02}")),
            };
            let pace = a.pace;
            std::thread::spawn(move || agent(&c, &spec, i, pace, &stop))
        })
        .collect();
    let run = Duration::from_secs(a.seconds);
    for r in 0..a.restarts {
        let at = run.mul_f64((r + 1) as f64 / (a.restarts + 1) as f64);
        std::thread::sleep(at.saturating_sub(started.elapsed()));
        let script = ctl.as_deref().unwrap_or("");
        let t = Instant::now();
        let ok = Command::new(script)
            .arg("restart")
            .status()
            .is_ok_and(|s| s.success());
        eprintln!(
            "restart {}: {} in {:?}",
            r + 1,
            if ok { "done" } else { "FAILED" },
            t.elapsed()
        );
    }
    std::thread::sleep(run.saturating_sub(started.elapsed()));
    stop.store(true, Ordering::Relaxed);
    let done: Vec<Done> = handles
        .into_iter()
        .map(|h| h.join().expect("an agent panicked"))
        .collect();
    let elapsed = started.elapsed();

    let store = Store::connect(&url, None, None).expect("read back");
    let listed = store.list().expect("list");
    let mut made = 0usize;
    let (mut lost, mut extra, mut mismatched) = (0usize, 0usize, 0usize);
    let mut latencies: Vec<(Instant, Duration)> = Vec::new();
    let mut unconfirmed = 0;
    for d in &done {
        latencies.extend(&d.latencies);
        unconfirmed += d.unconfirmed;
        for case in d.cases.iter().filter(|c| !c.events().is_empty()) {
            made += case.events().len();
            let Ok(Some(id)) = store.id_of(case.uid()) else {
                lost += case.events().len();
                continue;
            };
            let stored = store.load(id).expect("load");
            lost += case.events().len().saturating_sub(stored.events.len());
            extra += stored.events.len().saturating_sub(case.events().len());
            if stored.events != case.events() {
                mismatched += 1;
            }
        }
    }
    let on_server: usize = listed
        .iter()
        .map(|l| store.load(l.id).map_or(0, |s| s.events.len()))
        .sum();
    let steady_from = started + Duration::from_secs(a.warmup);
    let mut steady: Vec<Duration> = latencies
        .iter()
        .filter(|(at, _)| *at >= steady_from)
        .map(|(_, d)| *d)
        .collect();
    let mut all: Vec<Duration> = latencies.iter().map(|(_, d)| *d).collect();
    steady.sort_unstable();
    all.sort_unstable();
    println!(
        "agents {}  pace {} ms  seconds {:.1}  restarts {}  events made {made}  on the server {on_server}  \
         lost {lost}  duplicated {extra}  cases differing {mismatched}",
        a.agents,
        a.pace,
        elapsed.as_secs_f64(),
        a.restarts
    );
    println!(
        "events/s {:.0}  ({unconfirmed} events confirmed after the agent stopped waiting)",
        made as f64 / elapsed.as_secs_f64()
    );
    for (label, l) in [
        (format!("after the first {} s", a.warmup), &steady),
        ("every event".to_string(), &all),
    ] {
        println!(
            "latency of one event, {label}: p50 {:.2} ms  p99 {:.2} ms  max {:.1} ms  (over {})",
            percentile(l, 0.50).as_secs_f64() * 1e3,
            percentile(l, 0.99).as_secs_f64() * 1e3,
            l.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
            l.len()
        );
    }
    if made == on_server && lost == 0 && extra == 0 && mismatched == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
