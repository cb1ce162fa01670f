//! What the search benchmarks share: the caller messages, the generated 100,000-node library,
//! and timing keystrokes in wall and CPU time. Used by `benches/search.rs` and by the tantivy
//! comparison in `benches/compare-tantivy/`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use lockdiag::catalog::{Catalog, load_library};
use lockdiag::search::{SearchIndex, Searcher};
use lockdiag::synth::Rng;
use lockdiag::tree::{NodeBody, TreeKind};

/// Messages as callers write them, about 40 words each; typed one character at a time (as
/// an agent types in the overlay; a paste is one keystroke of the whole message).
pub(crate) const PHRASES: &[&str] = &[
    "ok so the keypad lights up and i hear it kind of whir but the bolt doesnt actually move, \
     could it be the batteries and its just not telling me?? we put new ones in last week tho \
     and my kwikset still wont lock",
    "forgot the 6 digit programming code on my schlage connect. the sticker was on the manual \
     and the manual is in a landfill somewhere. called schlage and they said they cant look it \
     up?? now what, do i have to reset the whole thing",
    "we bought a house in march and theres a lock on the front door with a fingerprint reader. \
     the app says the lock is bound to another account and the realtor says the sellers moved \
     overseas and arent answering anyone. how long does this take",
    "my mom is 84 and she pushed her medical alert button, the monitoring company called me and \
     im at her door now. her lock screen is dead, batteries i guess, and shes not answering. \
     how do i do the 9 volt trick again",
];

/// Generated models; each has 98 nodes, 90 of them searchable (with the shared procedure
/// nodes it calls), so 1,112 models give more than 100,000 searchable nodes.
pub(crate) const GENERATED_MODELS: usize = 1_112;

/// One of the pooled texts.
pub(crate) fn pick<'a>(rng: &mut Rng, v: &'a [String]) -> &'a str {
    rng.pick(v).as_str()
}

/// An invented word of three syllables, so the vocabulary grows with the library.
pub(crate) fn word(rng: &mut Rng) -> String {
    const SYL: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ber", "dor", "fen", "gal", "hux", "jor",
        "pim", "quo",
    ];
    (0..3).map(|_| *rng.pick(&SYL)).collect()
}

/// Text drawn from the shipped trees, by use.
#[derive(Default)]
pub(crate) struct Pools {
    questions: Vec<String>,
    remedies: Vec<String>,
    outcomes: Vec<String>,
    labels: Vec<String>,
    keywords: Vec<String>,
    help: Vec<String>,
    steps: Vec<String>,
    why: Vec<String>,
}

pub(crate) fn pools(catalog: &Catalog) -> Pools {
    let mut p = Pools::default();
    for t in catalog
        .trees
        .iter()
        .filter(|t| matches!(t.kind, TreeKind::Model(_)))
    {
        for n in &t.nodes {
            p.keywords.extend(n.keywords.iter().cloned());
            p.help.extend(n.help.iter().cloned());
            match &n.body {
                NodeBody::Question { choices } => {
                    p.questions.push(n.title.clone());
                    p.labels.extend(choices.iter().map(|c| c.label.clone()));
                }
                NodeBody::Remedy { steps, .. } => {
                    p.remedies.push(n.title.clone());
                    p.steps.extend(steps.iter().cloned());
                }
                NodeBody::Locksmith { why, .. } | NodeBody::Manufacturer { why, .. } => {
                    p.outcomes.push(n.title.clone());
                    p.why.push(why.clone());
                }
                _ => {}
            }
        }
    }
    p
}

/// A YAML double-quoted scalar.
pub(crate) fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One generated model tree as YAML: a safety hand-over, a symptom question with 12
/// families, and 8 nodes per family (question, two remedies, a batteries hand-over, a second
/// question, resolved, locksmith and manufacturer outcomes).
pub(crate) fn model_yaml(i: usize, p: &Pools, rng: &mut Rng) -> String {
    const BRANDS: [&str; 40] = [
        "Acme", "Boltro", "Cardo", "Dextra", "Elmora", "Fenwick", "Garda", "Helio", "Istra",
        "Jovan", "Kestrel", "Lumo", "Marlo", "Norda", "Orvik", "Pelta", "Quill", "Rasmo", "Sentra",
        "Tovak", "Ulmo", "Vexa", "Wendt", "Xylo", "Yarrow", "Zenda", "Abelo", "Brisk", "Corvo",
        "Dunmore", "Estra", "Falco", "Grimm", "Harlow", "Ilex", "Jasper", "Kinto", "Lorne",
        "Mosca", "Nyx",
    ];
    let brand = BRANDS[i % BRANDS.len()];
    let mut y = String::new();
    let _ = write!(
        y,
        "format: 1\nmodel:\n  id: gen-{i:04}\n  brand: {brand}\n  name: Series {i}\n  aliases: [\"S{i}\", \"{brand} {w}\"]\n  cylinder: pin-tumbler\n  keyway: \"Schlage C (SC1)\"\n  power: \"4 x AA alkaline\"\n  emergency_power: [key]\n  connectivity: [wifi]\n  reviewed: 2026-11-27\n  sources: [SC1]\nstart: safety\nnodes:\n  - id: safety\n    kind: procedure\n    procedure: safety-first\n    next: symptom\n  - id: symptom\n    kind: question\n    title: What is the lock doing?\n    keywords: [problem]\n    choices:\n",
        w = word(rng)
    );
    for f in 0..12 {
        let _ = writeln!(
            y,
            "      - label: {}\n        next: f{f}-q",
            q(&format!("{} ({f})", pick(rng, &p.labels)))
        );
    }
    for f in 0..12 {
        let kw = |rng: &mut Rng| {
            format!(
                "[{}, {}, {}]",
                q(pick(rng, &p.keywords)),
                q(pick(rng, &p.keywords)),
                q(&word(rng))
            )
        };
        let _ = write!(
            y,
            "  - id: f{f}-q\n    kind: question\n    title: {}\n    help: {}\n    keywords: {}\n    choices:\n      - label: {}\n        next: f{f}-r1\n      - label: {}\n        next: f{f}-batt\n      - label: {}\n        next: f{f}-ls\n",
            q(pick(rng, &p.questions)),
            q(pick(rng, &p.help)),
            kw(rng),
            q(&format!("{} (a)", pick(rng, &p.labels))),
            q(&format!("{} (b)", pick(rng, &p.labels))),
            q(&format!("{} (c)", pick(rng, &p.labels))),
        );
        for (r, next) in [("r1", format!("f{f}-r2")), ("r2", format!("f{f}-q2"))] {
            let _ = write!(
                y,
                "  - id: f{f}-{r}\n    kind: remedy\n    title: {}\n    help: {}\n    keywords: {}\n    steps: [{}, {}, {}]\n    sources: [SC1]\n    fixed: f{f}-ok\n    not_fixed: {next}\n",
                q(pick(rng, &p.remedies)),
                q(pick(rng, &p.help)),
                kw(rng),
                q(pick(rng, &p.steps)),
                q(pick(rng, &p.steps)),
                q(pick(rng, &p.steps)),
            );
        }
        let _ = write!(
            y,
            "  - id: f{f}-batt\n    kind: procedure\n    procedure: batteries\n    next: f{f}-r2\n  - id: f{f}-q2\n    kind: question\n    title: {}\n    keywords: {}\n    choices:\n      - label: {}\n        next: f{f}-ls\n      - label: {}\n        next: f{f}-mf\n  - id: f{f}-ok\n    kind: resolved\n    title: Fixed\n  - id: f{f}-ls\n    kind: locksmith\n    title: {}\n    why: {}\n    urgency: today\n    tell: [The lock model]\n    bring: [A rekey kit]\n    keywords: {}\n  - id: f{f}-mf\n    kind: manufacturer\n    title: {}\n    why: {}\n    contact: {}\n",
            q(pick(rng, &p.questions)),
            kw(rng),
            q(&format!("{} (a)", pick(rng, &p.labels))),
            q(&format!("{} (b)", pick(rng, &p.labels))),
            q(pick(rng, &p.outcomes)),
            q(pick(rng, &p.why)),
            kw(rng),
            q(pick(rng, &p.outcomes)),
            q(pick(rng, &p.why)),
            q(&format!("{brand} support")),
        );
    }
    y
}

/// Writes the generated library to `dir` and loads it with the shipped one.
pub(crate) fn generated(shipped: &Catalog, dir: &Path) -> Catalog {
    let p = pools(shipped);
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    for i in 0..GENERATED_MODELS {
        let path = dir.join(format!("gen-{i:04}.yaml"));
        std::fs::write(&path, model_yaml(i, &p, &mut rng)).expect("write generated tree");
    }
    let loaded = load_library(true, &[dir.to_path_buf()]);
    for d in loaded.diagnostics.iter().filter(|d| d.is_error()).take(5) {
        eprintln!("{d}");
    }
    loaded.catalog.expect("the generated library is valid")
}

/// The time this thread has run on a CPU, so that other programs on a busy machine do not
/// count; `None` where the clock cannot be read.
pub(crate) fn cpu_time() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut ts) };
    (rc == 0).then(|| {
        Duration::new(
            u64::try_from(ts.tv_sec).unwrap_or(0),
            u32::try_from(ts.tv_nsec).unwrap_or(0),
        )
    })
}

/// Types every phrase, returning each keystroke's wall time and CPU time (the search the
/// overlay runs).
pub(crate) fn type_all(
    catalog: &Catalog,
    index: &SearchIndex,
) -> Vec<(Duration, Option<Duration>)> {
    let mut times = Vec::new();
    for phrase in PHRASES {
        let mut searcher = Searcher::new();
        for (end, _) in phrase.char_indices().skip(1).chain([(phrase.len(), ' ')]) {
            let prefix = &phrase[..end];
            let c = cpu_time();
            let t = Instant::now();
            black_box(searcher.update(catalog, index, prefix, None).len());
            let wall = t.elapsed();
            let cpu = cpu_time().zip(c).map(|(b, a)| b.saturating_sub(a));
            times.push((wall, cpu));
        }
    }
    times
}

/// Prints the distribution of single keystrokes over `rounds` typings of every phrase.
pub(crate) fn report(name: &str, catalog: &Catalog, index: &SearchIndex, rounds: usize) {
    let times: Vec<_> = (0..rounds).flat_map(|_| type_all(catalog, index)).collect();
    let mut wall: Vec<Duration> = times.iter().map(|t| t.0).collect();
    let mut cpu: Vec<Duration> = times.iter().filter_map(|t| t.1).collect();
    println!("{name}: {} keystrokes, {}", wall.len(), spread(&mut wall));
    if cpu.len() == wall.len() {
        println!("{name}, CPU time: {}", spread(&mut cpu));
    }
}

/// "median, p90, p99, worst" of `v`.
pub(crate) fn spread(v: &mut [Duration]) -> String {
    v.sort_unstable();
    let at = |f: f64| v[((v.len() - 1) as f64 * f) as usize].as_secs_f64() * 1e3;
    format!(
        "median {:.3} ms, p90 {:.3} ms, p99 {:.3} ms, worst {:.3} ms",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    )
}

/// Resident memory now and at its peak, in MB (Linux `/proc/self/status`).
pub(crate) fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |k: &str| {
        status
            .lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
