//! The one sanitiser: every string that reaches a terminal from a tree file, the case store or
//! an argument goes through [`sanitize`] (one line) or [`sanitize_lines`] (line breaks kept),
//! or, inside JSON, [`sanitize_json`]. Characters that could drive a terminal (C0 and C1
//! controls, ESC, BEL, DEL), reorder what the reader sees (bidi overrides) or hide in plain
//! sight (zero-width and other invisible characters) are shown escaped, `\x1b]52;...` or
//! `\u{202e}`, so the reader sees that they are there and the terminal never acts on them.
//!
//! `check` rejects the same characters in tree text ([`first_unsafe`]), and typed text is
//! cleaned of them before it is saved; the sanitiser is the last line for everything else.

use std::fmt::Write as _;

/// Whether `c` is invisible or zero-width without being a control: soft hyphen, zero-width
/// space and joiners, word joiner and invisible operators, line and paragraph separators,
/// interlinear annotation marks, Hangul fillers, the Mongolian vowel separator and tag
/// characters. Two labels that differ only by these look identical.
#[must_use]
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Whether a character is unsafe to print raw: C0, DEL and C1 controls, bidi controls, the
/// byte-order mark and the invisible characters of [`is_invisible`]. `\n` is allowed where
/// `allow_newline` is true.
#[must_use]
pub fn is_unsafe_char(c: char, allow_newline: bool) -> bool {
    if c == '\n' {
        return !allow_newline;
    }
    c.is_control() // C0, DEL and C1
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        || c == '\u{FEFF}'
        || is_invisible(c)
}

/// The first unsafe character in `s`, with its character offset.
#[must_use]
pub fn first_unsafe(s: &str, allow_newline: bool) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| is_unsafe_char(*c, allow_newline))
}

/// `s` for one line of a terminal: every unsafe character, line breaks included, shown
/// escaped (`\n`, `\t`, `\x1b`, `\u{202e}`).
#[must_use]
pub fn sanitize(s: &str) -> String {
    escape(s, false)
}

/// Like [`sanitize`], keeping line breaks (`\n`; a CR is shown as `\r`).
#[must_use]
pub fn sanitize_lines(s: &str) -> String {
    escape(s, true)
}

/// JSON text made safe to print: every unsafe character (they can only be inside strings, as
/// serde_json leaves C1 controls, bidi and invisible characters raw) becomes a `\uXXXX`
/// escape, so the data read back is unchanged. The line breaks of pretty printing stay.
#[must_use]
pub fn sanitize_json(json: &str) -> String {
    if first_unsafe(json, true).is_none() {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_char(c, true) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn escape(s: &str, keep_newlines: bool) -> String {
    if first_unsafe(s, keep_newlines).is_none() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            c if !is_unsafe_char(c, keep_newlines) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    out
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
    fn invisible_characters_are_unsafe() {
        for c in [
            '\u{200B}',
            '\u{200D}',
            '\u{2060}',
            '\u{00AD}',
            '\u{2028}',
            '\u{2029}',
            '\u{FFF9}',
            '\u{FFFB}',
            '\u{3164}',
            '\u{E0041}',
        ] {
            assert!(is_unsafe_char(c, true), "U+{:04X}", u32::from(c));
        }
        assert!(!is_unsafe_char('é', true));
        assert!(!is_unsafe_char('⚠', true));
    }

    #[test]
    fn sanitize_shows_controls_escaped() {
        assert_eq!(
            sanitize("a\u{1b}]52;c;x\u{7}b"),
            "a\\x1b]52;c;x\\x07b",
            "OSC 52 shown, not run"
        );
        assert_eq!(sanitize("c1\u{9b}2J"), "c1\\u{9b}2J");
        assert_eq!(sanitize("rtl\u{202E}x"), "rtl\\u{202e}x");
        assert_eq!(sanitize("two\nlines\r"), "two\\nlines\\r");
        assert_eq!(sanitize_lines("two\nlines\r"), "two\nlines\\r");
        assert_eq!(sanitize("plain, café"), "plain, café");
    }

    #[test]
    fn sanitize_json_keeps_the_data() {
        let v = serde_json::json!({ "id": "x\u{1b}]0;t\u{7}\u{9b}\u{202e}\u{E0041}y" });
        let raw = serde_json::to_string_pretty(&v).expect("json");
        let safe = sanitize_json(&raw);
        assert_eq!(first_unsafe(&safe, true), None, "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still json");
        assert_eq!(back, v);
    }
}
