//! Search speed, per keystroke, over the shipped library and over a generated library of more
//! than 100,000 nodes. Run with `cargo bench --bench search`; `docs/performance.md` has the
//! numbers and how they were taken.
//!
//! Each "typing" benchmark types caller messages of about 40 words one character at a time,
//! with one [`Searcher`] per message as the overlay does; "paste" searches each whole message
//! once. The generated run also prints the memory the index adds to the loaded library.
//! Besides criterion's timings, the run prints the distribution of single keystrokes
//! (median, 90th and 99th percentile, worst), measured one by one.
//!
//! The generated library is YAML text written to a temporary folder and loaded with
//! `load_library`, so it goes through the real loader and validator. Its text is drawn from
//! the shipped trees, with invented brand names and one invented word per node so the
//! vocabulary grows with the library as real text would.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use lockdiag::catalog::{Catalog, load_library};
use lockdiag::search::SearchIndex;

#[path = "common/search_corpus.rs"]
mod corpus;
use corpus::{PHRASES, generated, memory, report, type_all};

/// The whole messages, each searched once (a paste).
fn paste_all(catalog: &Catalog, index: &SearchIndex) -> usize {
    PHRASES
        .iter()
        .map(|p| {
            index
                .search(catalog, p, None, lockdiag::search::DEFAULT_LIMIT)
                .hits
                .len()
        })
        .sum()
}

fn keystrokes() -> u64 {
    PHRASES.iter().map(|p| p.chars().count() as u64).sum()
}

/// Prints the distribution, then runs criterion, for one library.
fn measure(c: &mut Criterion, name: &str, catalog: &Catalog, index: &SearchIndex, rounds: usize) {
    report(&format!("{name}, per keystroke"), catalog, index, rounds);
    let mut g = c.benchmark_group(format!("keystroke/{name}"));
    g.throughput(Throughput::Elements(keystrokes()));
    g.sample_size(10);
    g.bench_function("typing", |b| b.iter(|| type_all(catalog, index)));
    g.finish();
    let mut g = c.benchmark_group(format!("paste/{name}"));
    g.throughput(Throughput::Elements(PHRASES.len() as u64));
    g.bench_function("whole-message", |b| b.iter(|| paste_all(catalog, index)));
    g.finish();
}

/// With `LOCKDIAG_BENCH_PROFILE`: type for 20 seconds, for a profiler.
fn profile(catalog: &Catalog, index: &SearchIndex) {
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(20) {
        black_box(type_all(catalog, index));
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let profiling = std::env::var("LOCKDIAG_BENCH_PROFILE").ok();

    // The shipped library first, before the generated one fills the heap.
    let shipped = load_library(true, &[])
        .catalog
        .expect("shipped library loads");
    let t = Instant::now();
    let shipped_index = SearchIndex::new(&shipped);
    println!(
        "shipped: {} trees, {} searchable nodes, {} words; index built in {:.1} ms",
        shipped.trees.len(),
        shipped_index.len(),
        shipped_index.vocabulary_len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    match profiling.as_deref() {
        Some("shipped") => return profile(&shipped, &shipped_index),
        Some(_) => {}
        None => {
            measure(&mut c, "shipped", &shipped, &shipped_index, 20);
            let mut g = c.benchmark_group("index");
            g.sample_size(20);
            g.bench_function("build/shipped", |b| {
                b.iter(|| SearchIndex::new(black_box(&shipped)))
            });
            g.finish();
        }
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    let big = generated(&shipped, dir.path());
    let load_time = t.elapsed();
    let nodes: usize = big.trees.iter().map(|t| t.nodes.len()).sum();
    let (loaded_rss, loaded_peak) = memory();
    let t = Instant::now();
    let big_index = SearchIndex::new(&big);
    let (indexed_rss, indexed_peak) = memory();
    println!(
        "memory: library loaded {loaded_rss:.0} MB (peak so far {loaded_peak:.0} MB); \
         with the index {indexed_rss:.0} MB (peak {indexed_peak:.0} MB): the index adds \
         {:.0} MB",
        indexed_rss - loaded_rss
    );
    println!(
        "generated: {} trees, {nodes} nodes, {} searchable nodes, {} words; loaded in {:.1} s, index built in {:.0} ms",
        big.trees.len(),
        big_index.len(),
        big_index.vocabulary_len(),
        load_time.as_secs_f64(),
        t.elapsed().as_secs_f64() * 1e3
    );
    if profiling.is_some() {
        return profile(&big, &big_index);
    }
    measure(&mut c, "100k", &big, &big_index, 3);
    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    g.bench_function("build/100k", |b| {
        b.iter(|| SearchIndex::new(black_box(&big)))
    });
    g.finish();
    c.final_summary();
}
