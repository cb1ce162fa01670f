//! What the store benchmarks share: a fresh database on the test server.

/// A new, empty database named `PREFIX_<pid>` on the server at `server` (dropped first if an
/// earlier run left it), as a URL with the same credentials.
pub(crate) fn fresh_db(server: &str, prefix: &str) -> String {
    let name = format!("{prefix}_{}", std::process::id());
    let mut admin = postgres::Client::connect(server, postgres::NoTls).expect("connect");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .expect("drop an old bench database");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create the bench database");
    let (base, _) = server.split_once('?').unwrap_or((server, ""));
    let cut = base.rfind('/').unwrap_or(base.len());
    format!("{}/{name}", &base[..cut])
}
