//! Diagnostics: the located, compiler-style messages `lockdiag check` prints.

use std::fmt;

use serde::Serialize;

use super::suggest::Suggester;
use crate::sanitize::{sanitize, sanitize_lines};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks loading; `check` exits 1.
    Error,
    /// Worth fixing; `check` still exits 0.
    Warning,
}

/// One problem found in a tree file, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// File path as the user knows it.
    pub file: String,
    /// 1-based line (0 when the problem is the whole file).
    pub line: u64,
    /// 1-based column (0 when unknown).
    pub column: u64,
    /// Error or warning.
    pub severity: Severity,
    /// Stable rule code, such as `unknown-target`.
    pub code: &'static str,
    /// The node concerned, if any.
    pub node: Option<String>,
    /// What is wrong, with offending values in single quotes.
    pub message: String,
    /// What to do about it, where that helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new error.
    #[must_use]
    pub fn error(file: &str, line: u64, column: u64, code: &'static str, message: String) -> Self {
        Self {
            file: file.to_string(),
            line,
            column,
            severity: Severity::Error,
            code,
            node: None,
            message,
            hint: None,
        }
    }

    /// A new warning.
    #[must_use]
    pub fn warning(
        file: &str,
        line: u64,
        column: u64,
        code: &'static str,
        message: String,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, column, code, message)
        }
    }

    /// Names the node concerned.
    #[must_use]
    pub fn at_node(mut self, node: &str) -> Self {
        self.node = Some(node.to_string());
        self
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Every value here may come from a hostile file: shown through the sanitiser.
        let file = sanitize(&self.file);
        write!(f, "{file}:{}:{}: {sev}: ", self.line, self.column)?;
        if let Some(node) = &self.node {
            write!(f, "node '{}': ", sanitize(node))?;
        }
        write!(f, "{} [{}]", sanitize_lines(&self.message), self.code)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", sanitize_lines(hint))?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, line and column so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo
/// (within a third of its length, at least 2; ties to the alphabetically first). For many
/// look-ups over the same candidates, keep one [`Suggester`].
#[must_use]
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    Suggester::new(candidates).suggest(word)
}

/// Levenshtein distance over characters.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn did_you_mean_finds_close_words_only() {
        let c = ["title", "help", "choices"];
        assert_eq!(did_you_mean("titel", c), Some("title"));
        assert_eq!(did_you_mean("choises", c), Some("choices"));
        assert_eq!(did_you_mean("zzzzzz", c), None);
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::error("trees/a.yaml", 3, 5, "unknown-target", "no node 'x'".into())
            .at_node("start")
            .with_hint("did you mean 'y'?");
        assert_eq!(
            d.to_string(),
            "trees/a.yaml:3:5: error: node 'start': no node 'x' [unknown-target]\n  hint: did you mean 'y'?"
        );
    }
}
