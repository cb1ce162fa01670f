//! Fuzzing the loader and validator: mutated tree files (byte flips, cuts, spliced YAML and
//! terminal-control tokens, repeated slices) must load to a catalog or to diagnostics, never a
//! panic. The test runs a short, fixed-seed campaign; `LOCKDIAG_FUZZ_SECS=1800 cargo test
//! --release --test fuzz_loader -- --nocapture` runs a long one and prints the figures. A crash
//! is saved under `tests/fixtures/fuzz/` and replayed by `crashes_found_before_still_load`.

use std::path::Path;
use std::time::{Duration, Instant};

use lockdiag::catalog::load_layers;
use lockdiag::session::Session;
use lockdiag::synth::Rng;
use lockdiag::tree::Origin;
use lockdiag::tree::load::{SourceFile, builtin_sources};

const TOKENS: &[&[u8]] = &[
    b"&a ",
    b"*a",
    b"[",
    b"]",
    b"{",
    b"}",
    b": ",
    b"\n- ",
    b"\t",
    b"\x1b[2J",
    b"\x1b]52;c;aGk=\x07",
    b"\xe2\x80\xae",
    b"\xff\xfe",
    b"\r\n",
    b"---\n",
    b"!!binary ",
    b"<<: *a\n",
    b"\"",
    b"'",
    b"#",
    b"return",
    b"kind: question\n",
    b"next: start\n",
    b"choices: []\n",
    b"\x00",
    b"\xef\xbb\xbf",
    b"9999999999999999999999",
    b"~",
    b"? ",
    b"|\n",
    b">-\n",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len().max(1);
        match rng.below(5) {
            0 => {
                let i = rng.below(len);
                if let Some(b) = out.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
            1 => out.truncate(rng.below(len)),
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let i = rng.below(len).min(out.len());
                out.splice(i..i, t.iter().copied());
            }
            3 => {
                let a = rng.below(len).min(out.len());
                let b = (a + rng.below(200)).min(out.len());
                let slice = out[a..b].to_vec();
                let at = rng.below(len).min(out.len());
                out.splice(at..at, slice);
            }
            _ => {
                let a = rng.below(len).min(out.len());
                let b = (a + rng.below(64)).min(out.len());
                out.drain(a..b);
            }
        }
    }
    out
}

/// Loads `bytes` as a user tree over the built-in library; also walks into every model when it
/// loads, so the walk sees whatever the validator let through.
fn exercise(builtin: &[SourceFile], bytes: Vec<u8>) -> bool {
    let user = vec![SourceFile {
        origin: Origin::File("fuzz.yaml".into()),
        bytes,
    }];
    let loaded = load_layers(&[builtin.to_vec(), user], Vec::new());
    if let Some(c) = &loaded.catalog {
        for m in c.models_sorted() {
            let s = Session::start(c, m).expect("a loaded model can always be started");
            let _ = s.choice_labels(c);
        }
    }
    loaded.catalog.is_some()
}

fn corpus() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = builtin_sources().into_iter().map(|s| s.bytes).collect();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for dir in ["valid", "invalid", "tui", "graph"] {
        if let Ok(rd) = std::fs::read_dir(fixtures.join(dir)) {
            for e in rd.flatten() {
                if let Ok(b) = std::fs::read(e.path()) {
                    out.push(b);
                }
            }
        }
    }
    out
}

#[test]
fn mutated_trees_never_panic() {
    let secs: u64 = std::env::var("LOCKDIAG_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let budget = if secs > 0 {
        Duration::from_secs(secs)
    } else {
        Duration::from_secs(3600)
    };
    let max_cases: u64 = if secs > 0 { u64::MAX } else { 40 };
    // The shared procedures are the context a user tree needs; the built-in models only slow
    // each run down, so the short campaign leaves them out.
    let builtin: Vec<SourceFile> = if secs > 0 {
        builtin_sources()
    } else {
        builtin_sources()
            .into_iter()
            .filter(|s| s.origin.display_path().starts_with("trees/shared/"))
            .collect()
    };
    let corpus = corpus();
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15 ^ secs);
    let start = Instant::now();
    let (mut execs, mut loaded) = (0u64, 0u64);
    while execs < max_cases && start.elapsed() < budget {
        let pick = rng.below(corpus.len());
        let input = mutate(&mut rng, &corpus[pick]);
        let saved = input.clone();
        match std::panic::catch_unwind(|| exercise(&builtin, input)) {
            Ok(ok) => loaded += u64::from(ok),
            Err(_) => {
                let name = format!("crash-{execs}.yaml");
                let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/fuzz")
                    .join(&name);
                let _ = std::fs::write(&path, &saved);
                panic!("the loader panicked; input saved as tests/fixtures/fuzz/{name}");
            }
        }
        execs += 1;
    }
    eprintln!(
        "fuzz: {execs} inputs in {:.1} s ({:.0}/s), {loaded} still loaded as valid libraries",
        start.elapsed().as_secs_f64(),
        execs as f64 / start.elapsed().as_secs_f64().max(1e-9)
    );
    assert!(execs > 0);
}

#[test]
fn crashes_found_before_still_load() {
    let builtin = builtin_sources();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut n = 0;
    for e in std::fs::read_dir(dir)
        .expect("fuzz fixtures folder")
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "yaml") {
            let bytes = std::fs::read(e.path()).expect("read");
            exercise(&builtin, bytes);
            n += 1;
        }
    }
    eprintln!("replayed {n} saved fuzz inputs");
}
