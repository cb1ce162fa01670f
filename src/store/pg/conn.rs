//! Connection settings for the shared store: a `postgres://` / `postgresql://` URL or libpq's
//! `key=value` form, filled in as psql would (the login name as user, `PGPASSWORD`, then
//! `~/.pgpass` or `PGPASSFILE`), and TLS per `sslmode`. [`Settings::place`] names the server
//! and database for messages; nothing here ever formats the password.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config};
use postgres_native_tls::MakeTlsConnector;

use crate::store::StoreError;

/// How long connecting may take before the server counts as unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Whether a store setting names a PostgreSQL database rather than a data folder.
#[must_use]
pub fn is_postgres(setting: &str) -> bool {
    let s = setting.trim_start();
    s.starts_with("postgres://")
        || s.starts_with("postgresql://")
        || (s.contains('=') && !s.contains('/') && !s.contains('\\'))
        || s.contains("host=")
        || s.contains("dbname=")
}

/// Parsed connection settings.
#[derive(Clone)]
pub struct Settings {
    config: Config,
    place: String,
    secrets: Vec<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Config's own Debug hides the password too; print only the place to be sure.
        f.debug_struct("Settings")
            .field("place", &self.place)
            .finish_non_exhaustive()
    }
}

fn login_name() -> Option<String> {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
}

impl Settings {
    /// Parses `setting`. The error never repeats the setting (it may hold a password).
    pub fn parse(setting: &str) -> Result<Self, StoreError> {
        let mut config = Config::from_str(setting.trim()).map_err(|e| StoreError::Server {
            place: "(the --store setting)".to_string(),
            cause: format!(
                "not a PostgreSQL connection URL or key=value string ({e}); \
                 e.g. postgresql://agent@db.example/desk?sslmode=require"
            ),
        })?;
        if config.get_user().is_none()
            && let Some(u) = login_name()
        {
            config.user(&u);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        config.application_name("lockdiag");
        let user = config.get_user().unwrap_or("").to_string();
        let db = config.get_dbname().unwrap_or(&user).to_string();
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => "localhost".to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        if config.get_password().is_none()
            && let Some(pw) = find_password(&host, port, &db, &user)
        {
            config.password(pw);
        }
        let mut secrets = Vec::new();
        if let Some(pw) = config.get_password() {
            secrets.push(String::from_utf8_lossy(pw).into_owned());
        }
        let place = format!("postgresql://{user}@{host}:{port}/{db}");
        Ok(Self {
            config,
            place,
            secrets,
        })
    }

    /// The server and database, for messages: `postgresql://USER@HOST:PORT/DB`, no password.
    #[must_use]
    pub fn place(&self) -> &str {
        &self.place
    }

    /// `text` with any password it might hold replaced by `***` (for errors from the client
    /// library, which should never hold it, to be sure).
    #[must_use]
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in self.secrets.iter().filter(|s| s.len() >= 3) {
            out = out.replace(s.as_str(), "***");
        }
        out
    }

    /// Connects, with TLS as `sslmode` says (`disable`, `prefer` (the default), `require`).
    /// As with psql, `require` encrypts without checking the certificate, unless
    /// `PGSSLROOTCERT` names a root certificate to check it against.
    pub fn connect(&self) -> Result<Client, StoreError> {
        let unreachable = |cause: String| StoreError::Unreachable {
            place: self.place.clone(),
            cause: self.scrub(&cause),
        };
        let tls = tls_connector(self.config.get_ssl_mode()).map_err(unreachable)?;
        self.config
            .connect(tls)
            .map_err(|e| unreachable(error_text(&e)))
    }
}

/// A client error in words: the server's message when it sent one, else the client's.
#[must_use]
pub fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let more = s.to_string();
                if !text.contains(&more) {
                    text = format!("{text}: {more}");
                }
                source = s.source();
            }
            text
        }
    }
}

fn tls_connector(mode: SslMode) -> Result<MakeTlsConnector, String> {
    let mut builder = native_tls::TlsConnector::builder();
    match std::env::var_os("PGSSLROOTCERT").filter(|p| !p.is_empty()) {
        Some(path) => {
            let pem = std::fs::read(&path).map_err(|e| {
                format!(
                    "cannot read PGSSLROOTCERT {}: {e}",
                    Path::new(&path).display()
                )
            })?;
            let cert = native_tls::Certificate::from_pem(&pem)
                .map_err(|e| format!("PGSSLROOTCERT is not a PEM certificate: {e}"))?;
            builder.add_root_certificate(cert);
        }
        None if matches!(mode, SslMode::Require | SslMode::Prefer) => {
            builder
                .danger_accept_invalid_certs(true)
                .danger_accept_invalid_hostnames(true);
        }
        None => {}
    }
    builder
        .build()
        .map(MakeTlsConnector::new)
        .map_err(|e| format!("cannot set up TLS: {e}"))
}

/// The password for this server from `PGPASSWORD`, else from the password file (`PGPASSFILE`,
/// else `~/.pgpass`), as libpq finds it.
fn find_password(host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    if let Some(pw) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Some(pw);
    }
    let file = std::env::var_os("PGPASSFILE")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    // libpq matches a socket directory as "localhost".
    let host = if host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    pgpass_lookup(&text, host, &port.to_string(), db, user)
}

/// Splits a `.pgpass` line into its five fields (`\:` and `\\` are escapes).
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next()
                    && let Some(f) = fields.last_mut()
                {
                    f.push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

/// The password of the first `.pgpass` line matching host, port, database and user (`*`
/// matches anything).
#[must_use]
pub fn pgpass_lookup(text: &str, host: &str, port: &str, db: &str, user: &str) -> Option<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .map(pgpass_fields)
        .filter(|f| f.len() == 5)
        .find(|f| {
            [host, port, db, user]
                .iter()
                .zip(f.iter())
                .all(|(want, have)| have == "*" || have == want)
        })
        .map(|f| f[4].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_never_shows_the_password() {
        let s = Settings::parse("postgresql://anna:s3cret-pw@db.example:6543/desk?sslmode=require")
            .expect("parse");
        assert_eq!(s.place(), "postgresql://anna@db.example:6543/desk");
        assert!(!format!("{s:?}").contains("s3cret"));
        assert_eq!(s.scrub("oops s3cret-pw here"), "oops *** here");
        let kv = Settings::parse("host=10.0.0.5 port=5433 user=bo password=hunter22 dbname=calls")
            .expect("key=value");
        assert_eq!(kv.place(), "postgresql://bo@10.0.0.5:5433/calls");
    }

    #[test]
    fn a_bad_setting_is_refused_without_echoing_it() {
        let err = Settings::parse("postgresql://anna:s3cret@db/desk?sslmode=sometimes")
            .expect_err("bad sslmode");
        let text = err.to_string();
        assert!(text.contains("not a PostgreSQL connection URL"), "{text}");
        assert!(!text.contains("s3cret"), "{text}");
    }

    #[test]
    fn pgpass_lines_match_like_libpq() {
        let text =
            "# comment\nother:5432:*:*:no\ndb.example:*:desk:anna:pa\\:ss\n*:*:*:*:fallback\n";
        assert_eq!(
            pgpass_lookup(text, "db.example", "5432", "desk", "anna").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            pgpass_lookup(text, "x", "1", "y", "z").as_deref(),
            Some("fallback")
        );
        assert_eq!(pgpass_lookup("a:b:c:d\n", "a", "b", "c", "d"), None);
    }

    #[test]
    fn settings_that_name_a_database_are_told_from_folders() {
        assert!(is_postgres("postgres://x/y"));
        assert!(is_postgres("postgresql://x"));
        assert!(is_postgres("host=db dbname=desk"));
        assert!(!is_postgres("/home/anna/lockdiag"));
        assert!(!is_postgres("data"));
    }
}
