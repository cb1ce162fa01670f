//! The source registry (`trees/sources.yaml`): its own entries, and the source codes every
//! other file cites, checked against it once the whole library is read.

use std::collections::{BTreeSet, HashMap};

use super::{MAX_TEXT_CHARS, Validator, loc, node_loc};
use crate::tree::diag::{Diagnostic, did_you_mean};
use crate::tree::raw::RawFile;

/// A source code a file cites, with where.
#[derive(Debug, Clone)]
pub struct Cited {
    /// The code.
    pub code: String,
    /// Line.
    pub line: u64,
    /// Column.
    pub column: u64,
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

impl Validator<'_> {
    pub(super) fn check_sources(&mut self, raw: &RawFile) {
        if raw.start.is_some() || !raw.nodes.is_empty() || !raw.tests.is_empty() {
            self.err(
                (1, 1),
                "wrong-field",
                "a sources file has no 'start', 'nodes' or 'tests'".into(),
            );
        }
        let mut seen: HashMap<&str, u64> = HashMap::new();
        for entry in raw.sources.iter().flatten() {
            let at = node_loc(entry);
            let e = &entry.value;
            match &e.code {
                None => {
                    self.err(at, "missing-field", "a source has no 'code'".into());
                }
                Some(c) if !is_code(&c.value) => {
                    self.err(
                        loc(&c.referenced),
                        "bad-value",
                        format!("source code '{}' is not allowed", c.value),
                    )
                    .hint = Some("use capital letters and digits, such as 'AU3'".into());
                }
                Some(c) => {
                    if let Some(first) = seen.get(c.value.as_str()) {
                        self.err(
                            loc(&c.referenced),
                            "duplicate-id",
                            format!("source '{}' appears twice", c.value),
                        )
                        .hint = Some(format!("the first is at line {first}"));
                    } else {
                        seen.insert(&c.value, c.referenced.line());
                    }
                }
            }
            self.require_text(e.title.as_ref(), at, "source 'title'", None);
            if let Some(u) = &e.url {
                self.check_text(u, false, MAX_TEXT_CHARS, None);
            }
        }
    }
}

/// Every source code `raw` cites: the model block's, a procedure's or guide's, and its nodes'.
#[must_use]
pub fn cited_sources(raw: &RawFile) -> Vec<Cited> {
    let header = raw
        .model
        .iter()
        .flat_map(|m| m.value.sources.iter().flatten())
        .chain(raw.procedure.iter().flat_map(|h| &h.value.sources))
        .chain(raw.guide.iter().flat_map(|h| &h.value.sources));
    header
        .chain(raw.nodes.iter().flat_map(|n| &n.value.sources))
        .map(|t| Cited {
            code: t.value.clone(),
            line: t.referenced.line(),
            column: t.referenced.column(),
        })
        .collect()
}

/// The codes `file` cites that the registry (`registry_file`, holding `codes`) does not list.
#[must_use]
pub fn check_cited(
    file: &str,
    cited: &[Cited],
    codes: &BTreeSet<String>,
    registry_file: &str,
) -> Vec<Diagnostic> {
    cited
        .iter()
        .filter(|c| !codes.contains(&c.code))
        .map(|c| {
            let hint = match did_you_mean(&c.code, codes.iter().map(String::as_str)) {
                Some(b) => format!(
                    "did you mean '{b}'? Every code a tree cites is listed in {registry_file}"
                ),
                None => format!("add it to {registry_file} with its title and address"),
            };
            Diagnostic::error(
                file,
                c.line,
                c.column,
                "unknown-source",
                format!("source '{}' is not in {registry_file}", c.code),
            )
            .with_hint(hint)
        })
        .collect()
}
