//! Loading speed over generated libraries (`lockdiag::synth`): the bare parse against the full
//! load (parse, per-file validation, build, whole-library analysis and path tests), on one core
//! and on all, with throughput in bytes of YAML. Run with `cargo bench --bench load`;
//! `docs/performance.md` has the numbers and how they were taken.
//!
//! - `shipped`: the shipped library: bare parse, full check, the app's load behind its first
//!   frame, and the header-only preview the first frame is drawn from.
//! - `load/N`: valid libraries of N nodes (1k, 10k, 20k, 100k). `parse/1` and `parse/all` are
//!   the bare parse (`tree::load::parse` on every file) on one thread and on every core;
//!   `load/1` and `load/all` are `catalog::load_layers_on` with the same threads, so each pair
//!   shows what validation adds on top of parsing, and the sizes show how time grows.
//! - `errors/N`: libraries with every 10th target misspelt (each an `unknown-target` error with
//!   a did-you-mean), or every 10th outcome turned into a loop (each a `dead-end` error).
//! - `one-file/N`: one model file of N nodes in which every target is misspelt: the worst case
//!   for did-you-mean, which searches the file's ids for each.

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};
use lockdiag::catalog::{builtin_preview, load_layers_on, load_library, load_library_for_app};
use lockdiag::synth::{Faults, generate, generate_faulty, one_large_model};
use lockdiag::tree::load::{SourceFile, builtin_sources, parse};

/// Threads for the "all" variants.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// The bare parse of every file on `threads` threads; returns how many parsed. One thread is
/// the calling thread, as in `load_layers_on(1, ..)` (a new thread each iteration would pay
/// for a cold heap every time).
fn parse_all(files: &[SourceFile], threads: usize) -> usize {
    if threads <= 1 {
        return files.iter().filter(|f| black_box(parse(f)).is_ok()).count();
    }
    let next = AtomicUsize::new(0);
    let ok = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(f) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if black_box(parse(f)).is_ok() {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    ok.into_inner()
}

/// Whether the group named `group` is wanted by the filter given on the command line (as
/// `cargo bench --bench load -- load/1000/`), so unwanted libraries are not even generated.
fn wanted(group: &str) -> bool {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    filter.is_none_or(|f| f.contains(group) || group.contains(f.as_str()))
}

fn bytes(files: &[SourceFile]) -> u64 {
    files.iter().map(|f| f.bytes.len() as u64).sum()
}

fn sized<'a>(c: &'a mut Criterion, name: &str, nodes: usize) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sampling_mode(SamplingMode::Flat);
    if nodes >= 10_000 {
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(if nodes >= 100_000 { 20 } else { 5 }));
    } else {
        g.sample_size(20).measurement_time(Duration::from_secs(3));
    }
    g
}

fn valid(c: &mut Criterion) {
    let all = cores();
    for nodes in [1_000, 10_000, 20_000, 100_000] {
        if !wanted(&format!("load/{nodes}")) {
            continue;
        }
        let files = generate(nodes);
        let layers = [files];
        let loaded = load_layers_on(0, &layers, Vec::new());
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}",
            loaded.diagnostics.first()
        );
        let mut g = sized(c, &format!("load/{nodes}"), nodes);
        g.throughput(Throughput::Bytes(bytes(&layers[0])));
        g.bench_function("parse/1", |b| b.iter(|| parse_all(&layers[0], 1)));
        // The loaded library is the output (the program keeps it), so it is dropped outside
        // the timing; the bare parse drops each file's raw form as it goes, as loading does.
        g.bench_function("load/1", |b| {
            b.iter_with_large_drop(|| load_layers_on(1, black_box(&layers), Vec::new()));
        });
        g.bench_function(format!("parse/{all}"), |b| {
            b.iter(|| parse_all(&layers[0], all));
        });
        g.bench_function(format!("load/{all}"), |b| {
            b.iter_with_large_drop(|| load_layers_on(all, black_box(&layers), Vec::new()));
        });
        g.finish();
    }
}

fn errors(c: &mut Criterion) {
    let cases = [
        (
            "unknown-target",
            Faults {
                typo_every: 10,
                ..Faults::default()
            },
        ),
        (
            "dead-end",
            Faults {
                dead_end_every: 10,
                ..Faults::default()
            },
        ),
    ];
    for (code, faults) in cases {
        for nodes in [10_000, 20_000] {
            if !wanted(&format!("errors/{code}/{nodes}")) {
                continue;
            }
            let layers = [generate_faulty(nodes, faults)];
            let loaded = load_layers_on(1, &layers, Vec::new());
            let count = loaded.diagnostics.iter().filter(|d| d.code == code).count();
            println!("errors/{code}/{nodes}: {count} '{code}' errors");
            let mut g = sized(c, &format!("errors/{code}/{nodes}"), nodes);
            g.throughput(Throughput::Bytes(bytes(&layers[0])));
            g.bench_function("load/1", |b| {
                b.iter_with_large_drop(|| load_layers_on(1, black_box(&layers), Vec::new()));
            });
            g.finish();
        }
    }
    let every = Faults {
        typo_every: 1,
        ..Faults::default()
    };
    for nodes in [2_500, 5_000] {
        if !wanted(&format!("one-file/{nodes}")) {
            continue;
        }
        let layers = [one_large_model(nodes, every)];
        let loaded = load_layers_on(1, &layers, Vec::new());
        let hints = loaded
            .diagnostics
            .iter()
            .filter(|d| {
                d.hint
                    .as_deref()
                    .is_some_and(|h| h.starts_with("did you mean"))
            })
            .count();
        println!(
            "one-file/{nodes}: {} errors, {hints} with a did-you-mean",
            loaded.diagnostics.len()
        );
        let mut g = sized(c, &format!("one-file/{nodes}"), 10_000);
        g.throughput(Throughput::Bytes(bytes(&layers[0])));
        g.bench_function("load/1", |b| {
            b.iter_with_large_drop(|| load_layers_on(1, black_box(&layers), Vec::new()));
        });
        g.finish();
    }
}

/// The shipped library: the bare parse, the full check (`lockdiag check`), what the app loads
/// behind its first frame (every rule, no built-in path tests, every core), and the header-only
/// preview it draws from.
fn shipped(c: &mut Criterion) {
    if !wanted("shipped/") {
        return;
    }
    let files = builtin_sources();
    let mut g = c.benchmark_group("shipped");
    g.throughput(Throughput::Bytes(bytes(&files)));
    g.bench_function("parse/1", |b| b.iter(|| parse_all(&files, 1)));
    g.bench_function("check", |b| {
        b.iter_with_large_drop(|| load_library(true, black_box(&[])));
    });
    g.bench_function("app-load", |b| {
        b.iter_with_large_drop(|| load_library_for_app(black_box(&[])));
    });
    g.bench_function("preview", |b| b.iter_with_large_drop(builtin_preview));
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    shipped(&mut c);
    valid(&mut c);
    errors(&mut c);
    c.final_summary();
}
