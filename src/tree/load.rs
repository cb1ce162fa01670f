//! Reading tree files: the embedded library, folders and files given by the user, and parsing
//! each into [`RawFile`] under strict budgets.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_saphyr::{Budget, Options};

use super::diag::{Diagnostic, did_you_mean};
use super::model::Origin;
use super::raw::RawFile;

/// Largest tree file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// The embedded library: `(path under the repo, file text)`.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_trees.rs"));
}

/// A tree file's bytes and where they came from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where it came from.
    pub origin: Origin,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

/// A parsed tree file.
#[derive(Debug)]
pub struct ParsedFile {
    /// Where it came from.
    pub origin: Origin,
    /// The file as written.
    pub raw: RawFile,
    /// Hex content hash of the bytes.
    pub hash: String,
}

/// The embedded tree files as `(path under the repository, text)`, without copying them.
#[must_use]
pub fn builtin_texts() -> &'static [(&'static str, &'static str)] {
    embedded::BUILTIN
}

/// The tree files embedded in the binary at build time.
#[must_use]
pub fn builtin_sources() -> Vec<SourceFile> {
    builtin_texts()
        .iter()
        .map(|(path, text)| SourceFile {
            origin: Origin::BuiltIn((*path).to_string()),
            bytes: text.as_bytes().to_vec(),
        })
        .collect()
}

/// Reads a file, or every `*.yaml`/`*.yml` below a folder (sorted, symlink loops skipped).
/// Problems reading are returned as diagnostics; whatever could be read is returned too.
/// Inside a folder only regular files with a tree extension are read (the name is looked at
/// first); a FIFO, device, dangling symlink or unreadable subfolder there is a warning and is
/// skipped, so it can neither hang the loader nor refuse the library. A folder with no tree
/// file at all is an error.
#[must_use]
pub fn collect_path(path: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut seen_dirs = HashSet::new();
    collect_into(path, true, &mut seen_dirs, &mut files, &mut diags);
    if files.is_empty() && !diags.iter().any(Diagnostic::is_error) && path.is_dir() {
        diags.push(
            Diagnostic::error(
                &path.display().to_string(),
                0,
                0,
                "io",
                format!("no tree files in {}", path.display()),
            )
            .with_hint("tree files end in .yaml or .yml; 'lockdiag new MODEL_ID' writes one"),
        );
    }
    (files, diags)
}

/// Whether a file name ends in a tree extension (`.yaml`, `.yml`, any case).
fn has_tree_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Whether a folder entry should be looked at: a tree file by its name, or a folder (a
/// symlink may be either, so it is looked at too). Decided without following anything.
fn worth_a_look(entry: &std::fs::DirEntry) -> bool {
    has_tree_extension(&entry.path())
        || entry
            .file_type()
            .is_ok_and(|t| t.is_dir() || (t.is_symlink() && entry.path().is_dir()))
}

/// Opens `path` for reading without blocking on a FIFO that appeared after it was looked at.
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

fn collect_into(
    path: &Path,
    explicit: bool,
    seen_dirs: &mut HashSet<PathBuf>,
    files: &mut Vec<SourceFile>,
    diags: &mut Vec<Diagnostic>,
) {
    let shown = path.display().to_string();
    // Found in a folder, a problem is a warning: the rest of the library still loads.
    let problem = |message: String| {
        if explicit {
            Diagnostic::error(&shown, 0, 0, "io", message)
        } else {
            Diagnostic::warning(&shown, 0, 0, "io", format!("{message}; skipped"))
        }
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.push(problem(format!("cannot read: {e}")));
            return;
        }
    };
    if meta.is_dir() {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !seen_dirs.insert(canonical) {
            diags.push(Diagnostic::warning(
                &shown,
                0,
                0,
                "io",
                "folder already read (a symlink loop?); skipped".to_string(),
            ));
            return;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => {
                diags.push(problem(format!("cannot read folder: {e}")));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(worth_a_look)
            .map(|e| e.path())
            .collect();
        children.sort();
        for child in children {
            collect_into(&child, false, seen_dirs, files, diags);
        }
        return;
    }
    if !explicit && !has_tree_extension(path) {
        return;
    }
    if !meta.is_file() {
        diags.push(problem(
            "not a regular file (a FIFO, socket or device)".to_string(),
        ));
        return;
    }
    if meta.len() > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::error(
                &shown,
                0,
                0,
                "too-large",
                format!(
                    "the file is {} bytes; the limit is {MAX_FILE_BYTES}",
                    meta.len()
                ),
            )
            .with_hint("split it into one file per model, or move shared steps into trees/shared/"),
        );
        return;
    }
    let mut bytes = Vec::new();
    let read = open_regular(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    match read {
        Ok(_) => files.push(SourceFile {
            origin: Origin::File(shown),
            bytes,
        }),
        Err(e) => diags.push(problem(format!("cannot read: {e}"))),
    }
}

/// FNV-1a 64-bit hash of `bytes` as 16 hex digits (a change detector, not a security check).
#[must_use]
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Parser options with budgets that keep a hostile file from exhausting memory or time.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_documents = 1;
    budget.max_nodes = 400_000;
    budget.max_events = 1_000_000;
    budget.max_total_scalar_bytes = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    budget.max_recorded_anchor_events = 20_000;
    budget.max_recorded_anchor_bytes = 1024 * 1024;
    let mut options = Options::default();
    options.budget = Some(budget);
    options
}

/// Line and column (1-based) of a byte offset.
fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line as u64, col as u64)
}

/// Parses one file into its raw form, or explains precisely why it cannot be parsed.
#[expect(
    clippy::result_large_err,
    reason = "a parse failure is rare and its diagnostic is returned to the user as is"
)]
pub fn parse(src: &SourceFile) -> Result<ParsedFile, Diagnostic> {
    let file = src.origin.display_path();
    if src.bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            file,
            0,
            0,
            "too-large",
            format!(
                "the file is {} bytes; the limit is {MAX_FILE_BYTES}",
                src.bytes.len()
            ),
        ));
    }
    let text = match std::str::from_utf8(&src.bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = line_col(&src.bytes, e.valid_up_to());
            return Err(Diagnostic::error(
                file,
                line,
                col,
                "syntax",
                "the file is not valid UTF-8 text".to_string(),
            )
            .with_hint("save the file as UTF-8"));
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(file, 1, 1, "syntax", "the file is empty".to_string())
            .with_hint("a tree file starts with 'format: 1' and one of 'model:', 'procedure:', 'guide:' or 'synonyms:'"));
    }
    match serde_saphyr::from_str_with_options::<RawFile>(text, options()) {
        Ok(raw) if is_blank(&raw) => Err(Diagnostic::error(
            file,
            1,
            1,
            "syntax",
            "the file is empty (it has only comments)".to_string(),
        )),
        Ok(raw) => Ok(ParsedFile {
            origin: src.origin.clone(),
            raw,
            hash: content_hash(&src.bytes),
        }),
        Err(e) => Err(parse_error(file, text, &e)),
    }
}

fn is_blank(raw: &RawFile) -> bool {
    raw.format.is_none()
        && raw.model.is_none()
        && raw.procedure.is_none()
        && raw.guide.is_none()
        && raw.synonyms.is_none()
        && raw.start.is_none()
        && raw.nodes.is_empty()
        && raw.tests.is_empty()
}

/// Line number of the first line that is neither blank nor a comment.
fn first_content_line(text: &str) -> u64 {
    let n = text
        .lines()
        .position(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && t != "---"
        })
        .unwrap_or(0);
    n as u64 + 1
}

/// Every key the format knows, for did-you-mean on an unknown key.
const KNOWN_FIELDS: [&str; 44] = [
    "format",
    "model",
    "procedure",
    "guide",
    "synonyms",
    "start",
    "nodes",
    "tests",
    "id",
    "brand",
    "name",
    "aliases",
    "cylinder",
    "keyway",
    "power",
    "emergency_power",
    "connectivity",
    "reviewed",
    "sources",
    "title",
    "kind",
    "help",
    "keywords",
    "choices",
    "steps",
    "cautions",
    "tools",
    "fixed",
    "not_fixed",
    "why",
    "urgency",
    "tell",
    "bring",
    "contact",
    "have_ready",
    "actions",
    "next",
    "label",
    "family",
    "answers",
    "expect",
    "node",
    "model",
    "procedure",
];

/// Turns a parser error into a diagnostic with a plain message and, for unknown fields, a
/// did-you-mean.
fn parse_error(file: &str, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let inner = e.without_snippet();
    let mut message = inner.to_string();
    // Drop any location suffix the parser adds; ours is in front.
    if let Some(pos) = message.find(" at line ") {
        message.truncate(pos);
    }
    let message = message
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default().to_string();
        let mut expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        if expected.is_empty() {
            expected = KNOWN_FIELDS.to_vec();
        }
        let mut d = Diagnostic::error(
            file,
            line,
            col,
            "unknown-field",
            format!("unknown field '{field}'"),
        );
        d = match did_you_mean(&field, expected.iter().copied()) {
            Some(best) => d.with_hint(format!("did you mean '{best}'?")),
            None => d.with_hint("see docs/tree-format.md for the fields each part of a tree takes"),
        };
        return d;
    }
    if message.contains("RawFile")
        || (message.starts_with("expected mapping") && line <= first_content_line(text))
    {
        return Diagnostic::error(
            file,
            line,
            col,
            "syntax",
            "this is not a tree file: expected a mapping with 'format', 'start', 'nodes' and one of 'model', 'procedure', 'guide', 'synonyms'".to_string(),
        );
    }
    let message = match message.as_str() {
        "expected sequence start" => "expected a list here".to_string(),
        "expected mapping start" => "expected a mapping (lines of 'key: value') here".to_string(),
        _ => message,
    };
    let code = if message.contains("budget") || message.contains("limit") {
        "too-large"
    } else {
        "syntax"
    };
    Diagnostic::error(file, line, col, code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> SourceFile {
        SourceFile {
            origin: Origin::File("t.yaml".into()),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn unknown_field_has_did_you_mean_and_line() {
        let d = parse(&src(
            "format: 1\nstart: a\nnodes:\n  - id: a\n    titel: x\n",
        ))
        .unwrap_err();
        assert_eq!(d.code, "unknown-field", "{d}");
        assert_eq!(d.line, 5, "{d}");
        assert_eq!(d.hint.as_deref(), Some("did you mean 'title'?"), "{d}");
    }

    #[test]
    fn list_instead_of_tree() {
        let d = parse(&src("- a\n- b\n")).unwrap_err();
        assert_eq!(d.code, "syntax", "{d}");
        assert!(d.message.contains("not a tree file"), "{d}");
    }

    #[test]
    fn bad_utf8_is_located() {
        let mut s = src("format: 1\nstart: x\n");
        s.bytes.extend_from_slice(&[0xff, 0xfe]);
        let d = parse(&s).unwrap_err();
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.message.contains("UTF-8"));
    }

    #[test]
    fn empty_file() {
        let d = parse(&src("  \n")).unwrap_err();
        assert!(d.message.contains("empty"));
    }

    #[test]
    fn bom_and_crlf_parse_like_plain() {
        let plain = parse(&src("format: 1\nstart: a\n")).expect("plain");
        let windows = parse(&src("\u{FEFF}format: 1\r\nstart: a\r\n")).expect("bom+crlf");
        assert_eq!(
            plain.raw.start.map(|s| s.value),
            windows.raw.start.map(|s| s.value)
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            y.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let d = parse(&src(&y)).unwrap_err();
        assert!(d.is_error(), "{d}");
    }
}
