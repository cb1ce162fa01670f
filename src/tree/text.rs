//! Text safety: find and neutralise characters that could drive a terminal.
//!
//! Tree text is shown in a terminal, so control characters (C0 and C1, ESC sequences, BEL),
//! and Unicode bidi overrides that reorder what the reader sees, are never allowed through.
//! `check` rejects them; the renderer sanitises every string again in case one slips past.

/// Whether a character is unsafe to print raw. `\n` is allowed where `allow_newline` is true.
#[must_use]
pub fn is_unsafe_char(c: char, allow_newline: bool) -> bool {
    if c == '\n' {
        return !allow_newline;
    }
    c.is_control() // C0, DEL and C1
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        || c == '\u{FEFF}'
}

/// The first unsafe character in `s`, with its character offset.
#[must_use]
pub fn first_unsafe(s: &str, allow_newline: bool) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| is_unsafe_char(*c, allow_newline))
}

/// A copy of `s` with every unsafe character replaced by U+FFFD and newlines by spaces.
#[must_use]
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(|c| is_unsafe_char(c, false)) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\n' => ' ',
            c if is_unsafe_char(c, false) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Fills the model placeholders `{brand}`, `{name}`, `{power}` and `{keyway}` in tree text.
#[must_use]
pub fn fill_placeholders(s: &str, model: Option<&crate::tree::ModelInfo>) -> String {
    let Some(m) = model else {
        return s.to_string();
    };
    if !s.contains('{') {
        return s.to_string();
    }
    s.replace("{brand}", &m.brand)
        .replace("{name}", &m.name)
        .replace("{power}", &m.power)
        .replace("{keyway}", &m.keyway)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_are_unsafe() {
        assert!(first_unsafe("red \u{1b}[31m", true).is_some());
        assert!(first_unsafe("bell \u{7}", true).is_some());
        assert!(first_unsafe("c1 \u{9b}2J", true).is_some());
        assert!(first_unsafe("bidi \u{202E}evil", true).is_some());
        assert_eq!(first_unsafe("two\nlines", true), None);
        assert_eq!(first_unsafe("two\nlines", false), Some((3, '\n')));
        assert_eq!(first_unsafe("café, won't, 9 V × 4", false), None);
    }

    #[test]
    fn sanitize_replaces_controls() {
        assert_eq!(
            sanitize("a\u{1b}]52;c;x\u{7}b"),
            "a\u{FFFD}]52;c;x\u{FFFD}b"
        );
        assert_eq!(sanitize("plain"), "plain");
    }
}
