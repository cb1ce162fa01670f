//! Text normalisation for search: case, accents, apostrophes and punctuation, then words.
//!
//! Both the indexed tree text and the query go through [`tokenize`], so "Won't", "wont" and
//! "WON’T" are the same word, "café" matches "cafe", and "wi-fi" is found by "wifi" as well as
//! by "wi fi". Every word remembers which characters of the original text it came from, so the
//! TUI can highlight the matched letters of the text as written.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// One normalised word and where it came from in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lowercase letters and digits only.
    pub text: String,
    /// For each char of `text`, the char index in the original string.
    pub origin: Vec<usize>,
    /// Whether this word is the joined form of a hyphenated word ("wifi" from "wi-fi"),
    /// emitted after its parts.
    pub joined: bool,
}

/// Apostrophes that join the letters around them ("won't" becomes "wont").
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{02BC}'
    )
}

/// Hyphens that split a word into parts but also yield the joined word.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Appends the normalised form of `c` (lowercase, no accents, compatibility-decomposed) to
/// `out`. Returns false for characters that separate words.
pub(crate) fn push_normalised(c: char, out: &mut Vec<char>) -> bool {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            return true;
        }
        return false;
    }
    let before = out.len();
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            if l.is_alphanumeric() {
                out.push(l);
            }
        }
    });
    out.len() > before
}

/// Splits `s` into normalised words. Hyphenated words yield their parts, then the joined word
/// (marked `joined`), so both spellings are found.
#[must_use]
pub fn tokenize(s: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut cur = Word {
        text: String::new(),
        origin: Vec::new(),
        joined: false,
    };
    // The parts of the hyphenated word being read, to emit the joined form after them.
    let mut compound: Option<Word> = None;
    let mut parts = 0usize;
    let mut buf = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let flush = |cur: &mut Word, words: &mut Vec<Word>, compound: &mut Option<Word>| {
        if cur.text.is_empty() {
            return;
        }
        if let Some(c) = compound.as_mut() {
            c.text.push_str(&cur.text);
            c.origin.extend_from_slice(&cur.origin);
        }
        words.push(std::mem::replace(
            cur,
            Word {
                text: String::new(),
                origin: Vec::new(),
                joined: false,
            },
        ));
    };
    for (i, &c) in chars.iter().enumerate() {
        buf.clear();
        if push_normalised(c, &mut buf) {
            for &b in &buf {
                cur.text.push(b);
                cur.origin.push(i);
            }
            continue;
        }
        if is_apostrophe(c) {
            continue;
        }
        let in_word = !cur.text.is_empty();
        let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if is_hyphen(c) && in_word && next_alnum {
            if compound.is_none() {
                compound = Some(Word {
                    text: String::new(),
                    origin: Vec::new(),
                    joined: true,
                });
                parts = 0;
            }
            flush(&mut cur, &mut words, &mut compound);
            parts += 1;
            continue;
        }
        flush(&mut cur, &mut words, &mut compound);
        if let Some(c) = compound.take()
            && parts >= 1
        {
            words.push(c);
        }
    }
    flush(&mut cur, &mut words, &mut compound);
    if let Some(c) = compound.take()
        && parts >= 1
    {
        words.push(c);
    }
    words
}

/// The normalised words of `s` as strings, with hyphenated words joined ("wi-fi" gives
/// "wifi"): how a query, or a synonym, is read.
#[must_use]
pub fn query_words(s: &str) -> Vec<String> {
    let mut out: Vec<Word> = Vec::new();
    for w in tokenize(s) {
        if w.joined {
            // Its parts come right before it and start at or after its first char.
            let first = w.origin.first().copied().unwrap_or(0);
            while out
                .last()
                .is_some_and(|p| p.origin.first().copied().unwrap_or(0) >= first)
            {
                out.pop();
            }
        }
        out.push(w);
    }
    out.into_iter().map(|w| w.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn case_apostrophes_accents_punctuation() {
        assert_eq!(texts("Won't TURN!"), ["wont", "turn"]);
        assert_eq!(texts("WON’T"), ["wont"]);
        assert_eq!(texts("Café, résumé."), ["cafe", "resume"]);
        assert_eq!(texts("4 x AA (alkaline)"), ["4", "x", "aa", "alkaline"]);
        assert_eq!(texts("  "), Vec::<String>::new());
    }

    #[test]
    fn hyphenated_words_give_parts_then_joined() {
        let w = tokenize("the wi-fi bridge");
        let t: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(t, ["the", "wi", "fi", "wifi", "bridge"]);
        assert!(w[3].joined);
        assert_eq!(w[3].origin, vec![4, 5, 7, 8]);
        assert_eq!(texts("auto-re-lock"), ["auto", "re", "lock", "autorelock"]);
        assert_eq!(texts("a - b"), ["a", "b"]);
        assert_eq!(texts("end-"), ["end"]);
    }

    #[test]
    fn query_words_join_hyphens() {
        assert_eq!(query_words("my wi-fi won't"), ["my", "wifi", "wont"]);
        assert_eq!(query_words("auto-lock on"), ["autolock", "on"]);
        assert_eq!(query_words("a-b c-d"), ["ab", "cd"]);
    }

    #[test]
    fn origins_point_at_original_chars() {
        let w = tokenize("Ça won't");
        assert_eq!(w[0].text, "ca");
        assert_eq!(w[0].origin, vec![0, 1]);
        assert_eq!(w[1].origin, vec![3, 4, 5, 7]);
    }
}
