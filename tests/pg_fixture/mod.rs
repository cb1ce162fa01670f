//! The PostgreSQL side of the store tests: a fresh database per test on the server named by
//! `LOCKDIAG_TEST_PG` (`bash .ci/run` starts a throw-away server and sets it). Without it the
//! PostgreSQL tests say how to run them and skip; on CI (`CI=true`) they fail instead.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

/// The test server's URL, or `None` (with the skip message printed) when there is none.
pub fn server() -> Option<String> {
    match std::env::var("LOCKDIAG_TEST_PG")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(url) => Some(url),
        None => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI must run the PostgreSQL store tests, but LOCKDIAG_TEST_PG is not set"
            );
            eprintln!(
                "skipped: the PostgreSQL store tests need a server. Run `bash .ci/run` (it \
                 installs and starts a throw-away one), or set \
                 LOCKDIAG_TEST_PG=postgresql://USER:PASSWORD@127.0.0.1:PORT/postgres \
                 (a superuser that may create databases)"
            );
            None
        }
    }
}

/// `url` with its database name replaced by `db`.
pub fn with_db(url: &str, db: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let cut = base
        .rfind('/')
        .filter(|i| *i > "postgresql://".len())
        .unwrap_or(base.len());
    let mut out = format!("{}/{db}", &base[..cut]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A superuser connection to the test server's maintenance database.
pub fn admin(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("connect to the test server")
}

/// A new, empty database on the test server; returns its URL.
pub fn fresh_db(url: &str, label: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = format!(
        "ld_{}_{}_{}_{nanos}",
        label.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    admin(url)
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create a test database");
    with_db(url, &name)
}

/// The password in the test server's URL.
pub fn password(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let userinfo = rest.split_once('@').map_or("", |(u, _)| u);
    userinfo.split_once(':').map_or("", |(_, p)| p).to_string()
}
