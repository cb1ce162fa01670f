//! Per-file validation of the raw form: required and allowed fields per node kind, ids,
//! targets, choices, text safety and limits. Whole-library rules (reachability, dead ends,
//! recursion, path tests) live in `analysis`.

use std::collections::BTreeSet;

use serde_saphyr::{Location, Spanned};

use super::diag::{Diagnostic, did_you_mean};
use super::model::Cylinder;
use super::raw::{RawFile, RawModel, Text};
use super::text::first_unsafe;
use fields::{fields_for, present_fields, texts};

/// Most nodes in one file.
pub const MAX_NODES: usize = 5_000;
/// Longest title or label, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most choices on one question (the walk lists them on one screen).
pub const MAX_CHOICES: usize = 50;
/// Longest other text, in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// The symptom families a model tree's path tests may name.
pub const FAMILIES: [&str; 13] = [
    "safety",
    "key-wont-turn",
    "lost-key",
    "keypad-dead",
    "keypad-lights-bolt-stays",
    "jammed",
    "handing",
    "connectivity",
    "factory-reset",
    "dead-batteries",
    "auto-lock",
    "beeps-alerts",
    "second-hand",
];
const EMERGENCY_POWER: [&str; 4] = ["key", "9v", "usb", "none"];
/// The `connectivity` keywords of a model block.
pub const CONNECTIVITY: [&str; 9] = [
    "wifi",
    "bluetooth",
    "z-wave",
    "zigbee",
    "thread",
    "matter",
    "hub",
    "homekit",
    "nfc",
];
const URGENCY: [&str; 3] = ["emergency", "today", "can-wait"];

/// The ids declared across the library, for checking references between files.
#[derive(Debug, Default)]
pub struct Names {
    /// Shared procedure ids.
    pub procedures: BTreeSet<String>,
    /// Model ids.
    pub models: BTreeSet<String>,
}

/// What a file declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A model tree.
    Model,
    /// A shared procedure.
    Procedure,
    /// A guide.
    Guide,
    /// The synonyms list.
    Synonyms,
    /// The source registry.
    Sources,
}

/// The file's kind and id, or `None` when it declares none or several.
#[must_use]
pub fn declared(raw: &RawFile) -> Option<(FileKind, Option<&Text>)> {
    let mut found = Vec::new();
    if let Some(m) = &raw.model {
        found.push((FileKind::Model, m.value.id.as_ref()));
    }
    if let Some(p) = &raw.procedure {
        found.push((FileKind::Procedure, p.value.id.as_ref()));
    }
    if let Some(g) = &raw.guide {
        found.push((FileKind::Guide, g.value.id.as_ref()));
    }
    if raw.synonyms.is_some() {
        found.push((FileKind::Synonyms, None));
    }
    if raw.sources.is_some() {
        found.push((FileKind::Sources, None));
    }
    if found.len() == 1 { found.pop() } else { None }
}

/// Validates everything in one file that does not depend on other files, and returns the
/// shared procedures and models it names, for [`check_refs`] once every file is read.
#[must_use]
pub fn validate_local(file: &str, raw: &RawFile) -> (Vec<Diagnostic>, Vec<NameRef>) {
    let mut v = Validator {
        file,
        diags: Vec::new(),
        refs: Vec::new(),
    };
    v.check(raw);
    (v.diags, v.refs)
}

struct Validator<'a> {
    file: &'a str,
    diags: Vec<Diagnostic>,
    refs: Vec<NameRef>,
}

fn loc(l: &Location) -> (u64, u64) {
    (l.line(), l.column())
}

fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

impl Validator<'_> {
    fn err(&mut self, at: (u64, u64), code: &'static str, msg: String) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::error(self.file, at.0, at.1, code, msg));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn check(&mut self, raw: &RawFile) {
        match &raw.format {
            None => {
                self.err(
                    (1, 1),
                    "missing-field",
                    "the file has no 'format' field".into(),
                )
                .hint = Some("add 'format: 1' as the first line".into());
            }
            Some(f) if f.value != 1 => {
                self.err(
                    loc(&f.referenced),
                    "bad-value",
                    format!("format '{}' is not supported", f.value),
                )
                .hint = Some("this version of lockdiag reads 'format: 1'".into());
            }
            Some(_) => {}
        }
        let Some((kind, _)) = declared(raw) else {
            let several = [
                raw.model.is_some(),
                raw.procedure.is_some(),
                raw.guide.is_some(),
                raw.synonyms.is_some(),
                raw.sources.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            let msg = if several > 1 {
                "the file declares more than one of 'model', 'procedure', 'guide', 'synonyms', 'sources'"
            } else {
                "the file declares none of 'model', 'procedure', 'guide', 'synonyms', 'sources'"
            };
            self.err((1, 1), "missing-field", msg.into()).hint =
                Some("one file holds exactly one tree".into());
            return;
        };
        match kind {
            FileKind::Synonyms => {
                self.check_synonyms(raw);
                return;
            }
            FileKind::Sources => {
                self.check_sources(raw);
                return;
            }
            FileKind::Model => {
                if let Some(m) = &raw.model {
                    self.check_model(&m.value, loc(&m.referenced));
                }
            }
            FileKind::Procedure | FileKind::Guide => {
                let header = raw.procedure.as_ref().or(raw.guide.as_ref());
                if let Some(h) = header {
                    let at = loc(&h.referenced);
                    let what = if kind == FileKind::Procedure {
                        "procedure"
                    } else {
                        "guide"
                    };
                    self.require_id(h.value.id.as_ref(), at, what);
                    self.require_text(h.value.title.as_ref(), at, &format!("{what} 'title'"), None);
                    for s in &h.value.sources {
                        self.check_text(s, false, MAX_TITLE_CHARS, None);
                    }
                }
            }
        }
        self.check_nodes(raw, kind);
    }

    fn require_id(&mut self, id: Option<&Text>, at: (u64, u64), what: &str) {
        match id {
            None => {
                self.err(at, "missing-field", format!("the {what} has no 'id'"));
            }
            Some(id) if !is_valid_id(&id.value) => {
                self.err(
                    loc(&id.referenced),
                    "bad-value",
                    format!("{what} id '{}' is not allowed", id.value),
                )
                .hint = Some(
                    "use lowercase letters, digits and '-', such as 'kwikset-smartcode'".into(),
                );
            }
            Some(_) => {}
        }
    }

    fn require_text(&mut self, t: Option<&Text>, at: (u64, u64), what: &str, node: Option<&str>) {
        match t {
            None => {
                let d = self.err(at, "missing-field", format!("{what} is missing"));
                if let Some(n) = node {
                    d.node = Some(n.to_string());
                }
            }
            Some(t) if t.value.trim().is_empty() => {
                let d = self.err(
                    loc(&t.referenced),
                    "missing-field",
                    format!("{what} is empty"),
                );
                if let Some(n) = node {
                    d.node = Some(n.to_string());
                }
            }
            Some(t) => self.check_text(t, false, MAX_TITLE_CHARS, node),
        }
    }

    /// Control characters and length.
    fn check_text(&mut self, t: &Text, multiline: bool, max: usize, node: Option<&str>) {
        let (line, col) = loc(&t.referenced);
        if let Some((offset, c)) = first_unsafe(&t.value, multiline) {
            let what = if c == '\n' {
                "a line break, which is not allowed here".to_string()
            } else {
                format!(
                    "the control or formatting character U+{:04X} at character {}",
                    c as u32,
                    offset + 1
                )
            };
            let mut d = Diagnostic::error(self.file, line, col, "control-char", format!("text contains {what}"))
                .with_hint("a tree must never be able to drive the terminal: remove escape sequences and control characters");
            d.node = node.map(str::to_string);
            self.push(d);
        }
        let n = t.value.chars().count();
        if n > max {
            let mut d = Diagnostic::error(
                self.file,
                line,
                col,
                "too-large",
                format!("text is {n} characters; the limit here is {max}"),
            )
            .with_hint("split long text into steps or list items");
            d.node = node.map(str::to_string);
            self.push(d);
        }
    }

    fn check_list(&mut self, items: &[Text], allowed: &[&str], what: &str, at: (u64, u64)) {
        if items.is_empty() && what != "connectivity" {
            self.err(at, "missing-field", format!("'{what}' is empty"));
        }
        for item in items {
            if !allowed.contains(&item.value.as_str()) {
                let d = self.err(
                    loc(&item.referenced),
                    "bad-value",
                    format!("'{}' is not a {what} value", item.value),
                );
                d.hint = Some(match did_you_mean(&item.value, allowed.iter().copied()) {
                    Some(b) => format!("did you mean '{b}'?"),
                    None => format!("use one of: {}", allowed.join(", ")),
                });
            }
        }
    }

    fn check_model(&mut self, m: &RawModel, at: (u64, u64)) {
        self.require_id(m.id.as_ref(), at, "model");
        self.require_text(m.brand.as_ref(), at, "model 'brand'", None);
        self.require_text(m.name.as_ref(), at, "model 'name'", None);
        self.require_text(m.keyway.as_ref(), at, "model 'keyway'", None);
        self.require_text(m.power.as_ref(), at, "model 'power'", None);
        for a in &m.aliases {
            self.check_text(a, false, MAX_TITLE_CHARS, None);
        }
        match &m.cylinder {
            None => {
                self.err(at, "missing-field", "model 'cylinder' is missing".into())
                    .hint = Some(format!("use one of: {}", Cylinder::KEYWORDS.join(", ")));
            }
            Some(c) if Cylinder::parse(&c.value).is_none() => {
                let d = self.err(
                    loc(&c.referenced),
                    "bad-value",
                    format!("'{}' is not a cylinder type", c.value),
                );
                d.hint = Some(format!("use one of: {}", Cylinder::KEYWORDS.join(", ")));
            }
            Some(_) => {}
        }
        match &m.emergency_power {
            None => {
                self.err(
                    at,
                    "missing-field",
                    "model 'emergency_power' is missing".into(),
                );
            }
            Some(list) => self.check_list(list, &EMERGENCY_POWER, "emergency_power", at),
        }
        match &m.connectivity {
            None => {
                self.err(
                    at,
                    "missing-field",
                    "model 'connectivity' is missing".into(),
                );
            }
            Some(list) => self.check_list(list, &CONNECTIVITY, "connectivity", at),
        }
        match &m.reviewed {
            None => {
                self.err(at, "missing-field", "model 'reviewed' is missing".into())
                    .hint = Some("the date a person last checked this tree, as YYYY-MM-DD".into());
            }
            Some(r) if !is_date(&r.value) => {
                self.err(
                    loc(&r.referenced),
                    "bad-value",
                    format!("'reviewed' date '{}' is not YYYY-MM-DD", r.value),
                );
            }
            Some(_) => {}
        }
        match &m.sources {
            None => {
                self.err(at, "missing-field", "model 'sources' is missing".into())
                    .hint =
                    Some("list the source tags of shared/lock-facts.md the tree rests on".into());
            }
            Some(list) => {
                for s in list {
                    self.check_text(s, false, MAX_TITLE_CHARS, None);
                }
            }
        }
    }

    fn check_synonyms(&mut self, raw: &RawFile) {
        if raw.start.is_some() || !raw.nodes.is_empty() || !raw.tests.is_empty() {
            self.err(
                (1, 1),
                "wrong-field",
                "a synonyms file has no 'start', 'nodes' or 'tests'".into(),
            );
        }
        for group in raw.synonyms.iter().flatten() {
            if group.len() < 2 {
                let at = group.first().map_or((1, 1), |t| loc(&t.referenced));
                self.err(
                    at,
                    "bad-value",
                    "a synonym group needs at least two words".into(),
                );
            }
            for w in group {
                self.check_text(w, false, MAX_TITLE_CHARS, None);
            }
        }
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && matches!(parts[1].parse::<u8>(), Ok(1..=12))
        && matches!(parts[2].parse::<u8>(), Ok(1..=31))
}

/// Where a spanned node starts.
pub(crate) fn node_loc<T>(n: &Spanned<T>) -> (u64, u64) {
    loc(&n.referenced)
}

mod card;
mod fields;
pub mod nodes;
mod refs;
pub mod sources;

pub use sources::{check_cited, cited_sources};

pub use refs::{NameRef, RefKind, Suggestions, check_refs};
