//! Exports of a case: a Markdown transcript to paste into a ticket, plain text, the locksmith
//! card (in both), JSON for integrations (schema in `docs/session-json.md`), and the OSC 52
//! sequence that puts text on the clipboard. Pure functions of a [`Case`] and the catalog: they
//! work whether or not the case was saved.

mod card;
mod json;
mod md;
mod osc52;
mod text;
mod view;
mod write;

use std::path::Path;

use crate::catalog::Catalog;
use crate::sanitize::{sanitize_json, sanitize_lines};
use crate::store::Case;

pub use card::{locksmith_card_md, locksmith_card_text};
pub use json::{JSON_VERSION, session_json};
pub use osc52::{base64, osc52};
pub use write::{Target, WriteError, write_export};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Markdown transcript plus the locksmith card.
    #[default]
    Md,
    /// The full session as JSON.
    Json,
    /// Plain text transcript plus the locksmith card.
    Text,
}

impl Format {
    /// The file extension, without the dot.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Md => "md",
            Self::Json => "json",
            Self::Text => "txt",
        }
    }
}

/// The case in `format`. Text from the store (notes, case reference, ids), which another
/// program or another agent's window may have written, goes through the sanitiser: a
/// transcript printed or pasted into a terminal cannot drive it, and JSON keeps the same data
/// with such characters as `\u` escapes.
#[must_use]
pub fn render(catalog: &Catalog, case: &Case, format: Format) -> String {
    match format {
        Format::Md => transcript_md(catalog, case),
        Format::Text => sanitize_lines(&text::transcript(catalog, case)),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&session_json(catalog, case))
                .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
            s.push('\n');
            sanitize_json(&s)
        }
    }
}

/// The Markdown transcript, ready to paste into a ticket (what `y` copies), sanitised as
/// [`render`] says.
#[must_use]
pub fn transcript_md(catalog: &Catalog, case: &Case) -> String {
    sanitize_lines(&md::transcript(catalog, case))
}

/// A file name for the export: `lockdiag-case-<id or start time>.<ext>`.
#[must_use]
pub fn file_name(case: &Case, format: Format) -> String {
    let stem = case.id().map_or_else(
        || iso_time(case.started()).replace(':', "-"),
        |id| id.to_string(),
    );
    format!("lockdiag-case-{stem}.{}", format.extension())
}

/// Writes the case in `format` to `path` as [`write_export`] does: never through a planted
/// symlink, never over an existing file unless `target` allows it, never over the store, and
/// a half-written export never takes the file's name.
pub fn save(
    catalog: &Catalog,
    case: &Case,
    format: Format,
    path: &Path,
    target: Target<'_>,
) -> Result<(), WriteError> {
    write_export(path, &render(catalog, case, format), target)
}

/// Civil date (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

fn parts(secs: u64) -> (i64, u32, u32, u64, u64, u64) {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil(days);
    let rest = secs % 86_400;
    (y, m, d, rest / 3600, rest % 3600 / 60, rest % 60)
}

/// `2026-03-14T10:32:05Z` (UTC, RFC 3339).
#[must_use]
pub fn iso_time(secs: u64) -> String {
    let (y, mo, d, h, mi, s) = parts(secs);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `2026-03-14` (UTC).
#[must_use]
pub fn utc_date(secs: u64) -> String {
    let (y, mo, d, ..) = parts(secs);
    format!("{y:04}-{mo:02}-{d:02}")
}

/// `2026-03-14 10:32 UTC`, for people.
#[must_use]
pub fn utc_time(secs: u64) -> String {
    let (y, mo, d, h, mi, _) = parts(secs);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02} UTC")
}

/// `10:32` when `secs` is on the same UTC day as `day_of`, else the full [`utc_time`].
#[must_use]
pub fn clock(secs: u64, day_of: u64) -> String {
    if secs / 86_400 == day_of / 86_400 {
        let (_, _, _, h, mi, _) = parts(secs);
        format!("{h:02}:{mi:02}")
    } else {
        utc_time(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_calendar_dates() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_time(1_773_484_325), "2026-03-14T10:32:05Z");
        assert_eq!(utc_time(1_773_484_325), "2026-03-14 10:32 UTC");
        assert_eq!(utc_date(1_773_484_325), "2026-03-14");
        assert_eq!(clock(1_773_484_325, 1_773_484_000), "10:32");
        assert_eq!(
            clock(1_773_484_325 + 86_400, 1_773_484_000),
            "2026-03-15 10:32 UTC"
        );
    }
}
