//! A hostile query: 100 KB of random words through `lockdiag search -` stays within 64 MB
//! (measured as the peak resident size of the child process) and gives an ordinary answer.
//! Its own test file, so no other test's child processes count towards the peak.

mod common;

use common::lockdiag;

fn random_words(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 16);
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while out.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = 2 + (x % 10) as usize;
        for k in 0..len {
            out.push(char::from(b'a' + ((x >> (k * 5)) % 26) as u8));
        }
        out.push(if x.is_multiple_of(11) { '\n' } else { ' ' });
    }
    out
}

/// The largest peak resident size of any child process that has ended, in KB.
fn children_peak_kb() -> i64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    usage.ru_maxrss
}

#[test]
fn a_100_kb_query_of_random_words_stays_within_64_mb() {
    let query = random_words(100_000);
    let out = lockdiag()
        .args(["search", "-", "--format", "json", "--limit", "5"])
        .write_stdin(query)
        .output()
        .expect("runs");
    // Ranked results (or none): never a crash.
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["results"].as_array().is_some_and(|r| r.len() <= 5));
    let peak_mb = children_peak_kb() / 1024;
    assert!(peak_mb < 64, "peak {peak_mb} MB");
}
