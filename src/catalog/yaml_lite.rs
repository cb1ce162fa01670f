//! A reader for the plain subset of YAML the shipped tree files are written in: block mappings
//! and sequences, one-line flow sequences, plain, single- and double-quoted scalars on one line,
//! literal block scalars (`|`, `|-`, `|+`) and comments. It keeps the line and column of every
//! value the way the full parser reports them (a mapping is where its first key is).
//!
//! It is a fast path, not a second parser of record: anything outside the subset (anchors,
//! tags, flow mappings, folded or multi-line scalars, tabs, values that YAML would read as
//! null, booleans or special numbers, duplicate keys...) makes it give up with `None`, and the
//! caller takes the full way. Numbers are kept as text, marked, for the caller to accept or not.

/// A value and where it starts (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item<'a> {
    pub(super) value: Value<'a>,
    pub(super) line: u64,
    pub(super) column: u64,
}

/// The values of the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value<'a> {
    /// Text.
    Str(String),
    /// A plain scalar that reads as a number, as written.
    Num(&'a str),
    /// A sequence.
    Seq(Vec<Item<'a>>),
    /// A mapping, keys in file order.
    Map(Vec<(&'a str, Item<'a>)>),
}

/// Reads a document whose top level is a block mapping, or `None` outside the subset.
pub(super) fn parse(text: &str) -> Option<Item<'_>> {
    // Byte searches (memchr), much faster than a search for either character.
    if text.as_bytes().contains(&b'\t') || text.as_bytes().contains(&b'\r') {
        return None;
    }
    let mut p = Parser {
        lines: text.split('\n').map(Line::new).collect(),
        i: 0,
        virtual_start: None,
    };
    let root = p.map(0)?;
    p.peek().is_none().then_some(root)
}

/// A line, with its indentation and its content without trailing spaces worked out once.
struct Line<'a> {
    raw: &'a str,
    indent: usize,
    /// From the indentation to the last character that is not a space; empty for a blank line.
    content: &'a str,
    /// Blank, or only a comment.
    skip: bool,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Self {
        let indent = raw.bytes().position(|b| b != b' ').unwrap_or(raw.len());
        let content = raw[indent..].trim_end_matches(' ');
        Self {
            raw,
            indent,
            content,
            skip: content.is_empty() || content.starts_with('#'),
        }
    }
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// The next line to read.
    i: usize,
    /// The current line starts at this column (after a `- ` already read).
    virtual_start: Option<usize>,
}

/// Splits `key: rest` or `key:`; `None` when the line is not a simple key. Looks only as far
/// as the key goes, not along the whole line.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let len = content
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))?;
    let (key, rest) = content.split_at(len);
    let rest = rest.strip_prefix(':')?;
    let starts_well = key
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
    (starts_well && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| (key, rest.trim_start_matches(' ')))
}

/// The index of the first byte of `s` in `set`.
fn position_of(s: &str, set: &[u8]) -> Option<usize> {
    s.bytes().position(|b| set.contains(&b))
}

/// Whether what follows a value on its line is nothing or a comment.
fn only_comment(rest: &str) -> bool {
    let t = rest.trim_start();
    t.is_empty() || (t.starts_with('#') && t.len() < rest.len())
}

impl<'a> Parser<'a> {
    /// The next line with content: (index, indent, content), skipping blanks and comments.
    fn peek(&mut self) -> Option<(usize, usize, &'a str)> {
        while let Some(line) = self.lines.get(self.i) {
            let (start, content, skip) = match self.virtual_start {
                None => (line.indent, line.content, line.skip),
                Some(v) => {
                    let content = line.raw.get(v..)?.trim_end_matches(' ');
                    (v, content, content.is_empty() || content.starts_with('#'))
                }
            };
            if skip {
                self.i += 1;
                self.virtual_start = None;
                continue;
            }
            return Some((self.i, start, content));
        }
        None
    }

    fn advance(&mut self) {
        self.i += 1;
        self.virtual_start = None;
    }

    fn map(&mut self, indent: usize) -> Option<Item<'a>> {
        let mut entries: Vec<(&'a str, Item<'a>)> = Vec::with_capacity(8);
        let mut at = None;
        while let Some((idx, ind, content)) = self.peek() {
            if ind < indent {
                break;
            }
            if ind > indent || content.starts_with('-') {
                return None;
            }
            let (key, rest) = split_key(content)?;
            if entries.iter().any(|(k, _)| *k == key) {
                return None;
            }
            let line = idx as u64 + 1;
            at.get_or_insert((line, ind as u64 + 1));
            let rest_col = ind + content.len() - rest.len();
            self.advance();
            let value = if rest.is_empty() || rest.starts_with('#') {
                let (_, next, body) = self.peek()?;
                if next > indent {
                    self.block(next)?
                } else if next == indent && (body.starts_with("- ") || body == "-") {
                    self.seq(indent)?
                } else {
                    return None;
                }
            } else if rest.starts_with('|') {
                self.literal(rest, indent, line, rest_col)?
            } else {
                inline(rest, line, rest_col)?
            };
            entries.push((key, value));
        }
        let (line, column) = at?;
        Some(Item {
            value: Value::Map(entries),
            line,
            column,
        })
    }

    fn block(&mut self, indent: usize) -> Option<Item<'a>> {
        let (_, _, content) = self.peek()?;
        if content.starts_with("- ") || content == "-" {
            self.seq(indent)
        } else {
            self.map(indent)
        }
    }

    fn seq(&mut self, indent: usize) -> Option<Item<'a>> {
        let mut items = Vec::with_capacity(4);
        let mut at = None;
        while let Some((idx, ind, content)) = self.peek() {
            if ind < indent || (ind == indent && !content.starts_with("- ")) {
                break;
            }
            if ind > indent {
                return None;
            }
            let rest = content[2..].trim_start_matches(' ');
            let col = ind + content.len() - rest.len();
            let line = idx as u64 + 1;
            at.get_or_insert((line, ind as u64 + 1));
            if rest.starts_with('-') || rest.starts_with('#') {
                return None;
            }
            if split_key(rest).is_some() {
                self.virtual_start = Some(col);
                items.push(self.map(col)?);
            } else {
                self.advance();
                items.push(inline(rest, line, col)?);
            }
        }
        let (line, column) = at?;
        Some(Item {
            value: Value::Seq(items),
            line,
            column,
        })
    }

    /// A literal block scalar whose header `|`, `|-` or `|+` is `header`, under a key at `indent`.
    fn literal(
        &mut self,
        header: &str,
        indent: usize,
        line: u64,
        column: usize,
    ) -> Option<Item<'a>> {
        let chomp = match header {
            "|" => 'c',
            "|-" => 's',
            "|+" => 'k',
            _ => return None,
        };
        let mut block_indent = None;
        let mut lines: Vec<&str> = Vec::new();
        while let Some(line) = self.lines.get(self.i) {
            let (raw, ind) = (line.raw, line.indent);
            if ind == raw.len() {
                // A blank line: content only if the block goes on; more spaces than the block's
                // indentation would be content, which the subset leaves out.
                if block_indent.is_none_or(|b| ind > b) && ind > 0 {
                    return None;
                }
                lines.push("");
                self.i += 1;
                continue;
            }
            let b = *block_indent.get_or_insert(ind);
            if ind < b {
                break;
            }
            lines.push(&raw[b..]);
            self.i += 1;
        }
        let b = block_indent?;
        if b <= indent || lines.first().is_some_and(|l| l.is_empty()) {
            return None;
        }
        let trailing = lines.iter().rev().take_while(|l| l.is_empty()).count();
        let body = lines[..lines.len() - trailing].join("\n");
        let text = match chomp {
            's' => body,
            'c' => body + "\n",
            _ => body + &"\n".repeat(trailing + 1),
        };
        Some(Item {
            value: Value::Str(text),
            line,
            column: column as u64 + 1,
        })
    }
}

/// A scalar or flow sequence that fills the rest of its line (`col` is 0-based).
fn inline(text: &str, line: u64, col: usize) -> Option<Item<'_>> {
    let item = |value| Item {
        value,
        line,
        column: col as u64 + 1,
    };
    if let Some(inner) = text.strip_prefix('[') {
        let (items, rest) = flow(inner, line, col + 1)?;
        return only_comment(rest).then(|| item(Value::Seq(items)));
    }
    let (value, rest) = scalar(text, false)?;
    only_comment(rest).then(|| item(value))
}

/// Items of a flow sequence after its `[`, and what follows its `]`.
fn flow(mut s: &str, line: u64, mut col: usize) -> Option<(Vec<Item<'_>>, &str)> {
    let mut items = Vec::new();
    loop {
        let t = s.trim_start_matches(' ');
        col += s.len() - t.len();
        s = t;
        if let Some(rest) = s.strip_prefix(']') {
            return items.is_empty().then_some((items, rest));
        }
        let (value, rest) = scalar(s, true)?;
        items.push(Item {
            value,
            line,
            column: col as u64 + 1,
        });
        let t = rest.trim_start_matches(' ');
        col += s.len() - t.len();
        s = t;
        if let Some(rest) = s.strip_prefix(',') {
            col += 1;
            s = rest;
            if s.trim_start().starts_with(']') {
                return None;
            }
        } else if let Some(rest) = s.strip_prefix(']') {
            return Some((items, rest));
        } else {
            return None;
        }
    }
}

/// One scalar at the start of `s` and the text after it; in a flow sequence with `in_flow`.
fn scalar(s: &str, in_flow: bool) -> Option<(Value<'_>, &str)> {
    if let Some(body) = s.strip_prefix('"') {
        return double_quoted(body);
    }
    if let Some(body) = s.strip_prefix('\'') {
        let mut out = String::new();
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    return Some((Value::Str(out), &body[i + 1..]));
                }
            } else {
                out.push(c);
            }
        }
        return None;
    }
    let first = *s.as_bytes().first()?;
    if b"-?:,[]{}#&*!|>%@`".contains(&first) {
        return None;
    }
    // The scalar ends at a comment (" #") or, in a flow sequence, at a flow character; ": "
    // in it is a mapping the subset does not take. Both characters are rare: find them with
    // memchr rather than looking at every byte.
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    if in_flow && let Some(p) = position_of(s, b",[]{}") {
        end = p;
    }
    let mut from = 0;
    while let Some(p) = s[from..end].find('#') {
        let at = from + p;
        if bytes[at - 1] == b' ' {
            end = at - 1;
            break;
        }
        from = at + 1;
    }
    let mut from = 0;
    while let Some(p) = s[from..end].find(':') {
        let at = from + p;
        if matches!(bytes.get(at + 1), None | Some(b' ')) || at + 1 == end {
            return None;
        }
        from = at + 1;
    }
    let plain = s[..end].trim_end_matches(' ');
    let rest = &s[plain.len()..];
    if plain.ends_with(':') || (in_flow && rest.starts_with(['[', '{', '}'])) {
        return None;
    }
    if plain.len() <= 5
        && matches!(
            plain.to_ascii_lowercase().as_str(),
            "~" | "null" | "true" | "false" | "yes" | "no" | "y" | "n" | "on" | "off"
        )
    {
        return None;
    }
    // Numbers as YAML or saphyr may read them (`1`, `1.5`, `1_000`, `+3`, `inf`); a date such as
    // 2026-11-27 is text. Special floats (`.inf`, `0x10`) are left to the full parser.
    if first == b'.' || matches!(plain.get(..2), Some("0x" | "0o" | "0X" | "0O")) {
        return None;
    }
    let digits = plain.trim_start_matches('+');
    let numeric_start = first.is_ascii_digit() || b"+iInN".contains(&first);
    let looks_numeric = numeric_start
        && (plain.parse::<f64>().is_ok()
            || (digits.starts_with(|c: char| c.is_ascii_digit())
                && digits
                    .chars()
                    .all(|c| c.is_ascii_digit() || "._eE".contains(c))));
    let value = if looks_numeric {
        Value::Num(plain)
    } else {
        Value::Str(plain.to_string())
    };
    Some((value, rest))
}

/// The body of a double-quoted scalar after its opening quote; escapes of the subset only.
fn double_quoted(body: &str) -> Option<(Value<'_>, &str)> {
    // Without escapes, the text is a slice of the line.
    if let Some(end) = position_of(body, b"\"\\")
        && body.as_bytes()[end] == b'"'
    {
        return Some((Value::Str(body[..end].to_string()), &body[end + 1..]));
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((Value::Str(out), &body[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                let hex = |n: usize, chars: &mut std::str::CharIndices<'_>| {
                    let h: String = chars.by_ref().take(n).map(|(_, c)| c).collect();
                    (h.len() == n)
                        .then(|| u32::from_str_radix(&h, 16).ok())
                        .flatten()
                        .and_then(char::from_u32)
                };
                out.push(match e {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'n' => '\n',
                    't' => '\t',
                    '0' => '\0',
                    'x' => hex(2, &mut chars)?,
                    'u' => hex(4, &mut chars)?,
                    'U' => hex(8, &mut chars)?,
                    _ => return None,
                });
            }
            _ => out.push(c),
        }
    }
    None
}
