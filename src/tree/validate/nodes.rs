//! Node-level rules of per-file validation.

use std::collections::HashMap;

use super::{
    FAMILIES, FileKind, MAX_CHOICES, MAX_NODES, MAX_TEXT_CHARS, MAX_TITLE_CHARS, NameRef, RefKind,
    URGENCY, Validator, fields_for, loc, node_loc, present_fields, texts,
};
use crate::tree::diag::{Diagnostic, did_you_mean};
use crate::tree::facts::Fact;
use crate::tree::model::NodeKind;
use crate::tree::raw::{RawFile, RawNode, Text};
use crate::tree::suggest::Suggester;

/// The reserved target that ends a shared procedure.
pub const RETURN: &str = "return";

/// The node ids of a file, for checking targets, with a did-you-mean made on first need.
struct Ids<'a> {
    ids: HashMap<&'a str, (u64, u64)>,
    suggest: Option<Suggester<'a>>,
}

impl Validator<'_> {
    pub(super) fn check_nodes(&mut self, raw: &RawFile, kind: FileKind) {
        if raw.nodes.len() > MAX_NODES {
            self.err(
                (1, 1),
                "too-large",
                format!(
                    "the file has {} nodes; the limit is {MAX_NODES}",
                    raw.nodes.len()
                ),
            )
            .hint = Some("split the tree, or move shared steps into trees/shared/".into());
            return;
        }
        if raw.nodes.is_empty() {
            self.err((1, 1), "missing-field", "the tree has no 'nodes'".into());
            return;
        }
        // Ids first, so targets can be checked against them.
        let mut ids: HashMap<&str, (u64, u64)> = HashMap::new();
        for n in &raw.nodes {
            let Some(id) = &n.value.id else {
                self.err(node_loc(n), "missing-field", "a node has no 'id'".into());
                continue;
            };
            let at = loc(&id.referenced);
            if !super::is_valid_id(&id.value) {
                self.err(
                    at,
                    "bad-value",
                    format!("node id '{}' is not allowed", id.value),
                )
                .hint = Some("use lowercase letters, digits and '-'".into());
            }
            if id.value == RETURN {
                self.err(
                    at,
                    "bad-value",
                    "'return' is reserved and cannot be a node id".into(),
                );
            }
            if let Some(first) = ids.get(id.value.as_str()) {
                let d = self.err(
                    at,
                    "duplicate-id",
                    format!("node id '{}' is used twice", id.value),
                );
                d.node = Some(id.value.clone());
                d.hint = Some(format!(
                    "the first is at line {}; give each node its own id",
                    first.0
                ));
            } else {
                ids.insert(&id.value, at);
            }
        }
        let in_procedure = kind == FileKind::Procedure;
        let mut ids = Ids { ids, suggest: None };
        match &raw.start {
            None => {
                self.err((1, 1), "missing-field", "the tree has no 'start'".into())
                    .hint = Some("name the id of the first node, such as 'start: safety'".into());
            }
            Some(s) => self.check_target(s, &mut ids, "start", None, false),
        }
        for n in &raw.nodes {
            self.check_node(&n.value, node_loc(n), &mut ids, in_procedure);
        }
        self.check_tests(raw, kind);
    }

    fn check_target(
        &mut self,
        t: &Text,
        ids: &mut Ids<'_>,
        what: &str,
        node: Option<&str>,
        in_procedure: bool,
    ) {
        let value = t.value.as_str();
        if value == RETURN {
            if !in_procedure || what == "start" {
                let d = self.err(
                    loc(&t.referenced),
                    "return-outside-procedure",
                    format!("'{what}: return' is only allowed inside a shared procedure"),
                );
                d.node = node.map(str::to_string);
                d.hint = Some("lead to a node of this tree, or to an outcome".into());
            }
            return;
        }
        if ids.ids.contains_key(value) {
            return;
        }
        let d = self.err(
            loc(&t.referenced),
            "unknown-target",
            format!("'{what}' leads to '{value}', which is not a node of this tree"),
        );
        d.node = node.map(str::to_string);
        let known = &ids.ids;
        let suggest = ids
            .suggest
            .get_or_insert_with(|| Suggester::new(known.keys().copied()));
        if let Some(best) = suggest.suggest(value) {
            d.hint = Some(format!("did you mean '{best}'?"));
        }
    }

    fn check_node(&mut self, n: &RawNode, at: (u64, u64), ids: &mut Ids<'_>, in_procedure: bool) {
        let id = n.id.as_ref().map(|t| t.value.as_str());
        let node = |d: &mut Diagnostic| d.node = id.map(str::to_string);
        for (_, t, multiline) in texts(n) {
            let max = if multiline {
                MAX_TEXT_CHARS
            } else {
                MAX_TITLE_CHARS
            };
            self.check_text(t, multiline, max, id);
        }
        let Some(kind_text) = &n.kind else {
            let d = self.err(at, "missing-field", "the node has no 'kind'".into());
            node(d);
            d.hint = Some(format!("use one of: {}", NodeKind::KEYWORDS.join(", ")));
            return;
        };
        let Some(kind) = NodeKind::parse(&kind_text.value) else {
            let d = self.err(
                loc(&kind_text.referenced),
                "bad-value",
                format!("'{}' is not a node kind", kind_text.value),
            );
            node(d);
            d.hint = Some(match did_you_mean(&kind_text.value, NodeKind::KEYWORDS) {
                Some(b) => format!("did you mean '{b}'?"),
                None => format!("use one of: {}", NodeKind::KEYWORDS.join(", ")),
            });
            return;
        };
        let (allowed, required) = fields_for(kind);
        for (field, field_at) in present_fields(n) {
            if !allowed.contains(&field) {
                let d = self.err(
                    field_at.unwrap_or(at),
                    "wrong-field",
                    format!("'{field}' does not belong to a {kind} node"),
                );
                node(d);
                d.hint = Some(format!("a {kind} node takes: {}", allowed.join(", ")));
            }
        }
        let present: Vec<&str> = present_fields(n).into_iter().map(|(f, _)| f).collect();
        for field in required {
            let has = if *field == "title" {
                n.title.is_some()
            } else {
                present.contains(field)
            };
            if !has {
                let d = self.err(
                    at,
                    "missing-field",
                    format!("a {kind} node needs '{field}'"),
                );
                node(d);
            }
        }
        for (what, t) in [
            ("next", &n.next),
            ("fixed", &n.fixed),
            ("not_fixed", &n.not_fixed),
        ] {
            if let Some(t) = t
                && allowed.contains(&what)
            {
                self.check_target(t, ids, what, id, in_procedure);
            }
        }
        match kind {
            NodeKind::Question => self.check_choices(n, at, ids, in_procedure),
            NodeKind::Locksmith => {
                if let Some(u) = &n.urgency
                    && !URGENCY.contains(&u.value.as_str())
                {
                    let d = self.err(
                        loc(&u.referenced),
                        "bad-value",
                        format!("'{}' is not an urgency", u.value),
                    );
                    node(d);
                    d.hint = Some(format!("use one of: {}", URGENCY.join(", ")));
                }
                self.check_card(n, id);
            }
            NodeKind::Remedy if n.steps.as_ref().is_some_and(Vec::is_empty) => {
                let d = self.err(
                    at,
                    "missing-field",
                    "a remedy node needs at least one step".into(),
                );
                node(d);
            }
            NodeKind::Remedy if n.sources.is_empty() => {
                let mut d = Diagnostic::warning(
                    self.file,
                    at.0,
                    at.1,
                    "no-source",
                    "a remedy without 'sources': every step must rest on a source".into(),
                )
                .with_hint("add the source tags from shared/lock-facts.md the steps come from");
                d.node = id.map(str::to_string);
                self.push(d);
            }
            NodeKind::Procedure => {
                if let Some(p) = &n.procedure {
                    self.refs.push(NameRef::new(RefKind::Procedure, p, id));
                }
            }
            NodeKind::OpenModel => {
                if let Some(m) = &n.model {
                    self.refs.push(NameRef::new(RefKind::Model, m, id));
                }
            }
            _ => {}
        }
    }

    fn check_choices(
        &mut self,
        n: &RawNode,
        at: (u64, u64),
        ids: &mut Ids<'_>,
        in_procedure: bool,
    ) {
        let id = n.id.as_ref().map(|t| t.value.as_str());
        let choices = n.choices.as_deref().unwrap_or_default();
        if choices.len() < 2 {
            let d = self.err(
                at,
                "few-choices",
                format!(
                    "a question needs at least two choices; this one has {}",
                    choices.len()
                ),
            );
            d.node = id.map(str::to_string);
            d.hint = Some(
                "if there is only one way on, make this a remedy or lead straight to the next node"
                    .into(),
            );
        }
        if choices.len() > MAX_CHOICES {
            let d = self.err(
                at,
                "too-large",
                format!(
                    "a question has {} choices; the limit is {MAX_CHOICES}",
                    choices.len()
                ),
            );
            d.node = id.map(str::to_string);
            d.hint =
                Some("ask a narrowing question first, then fewer choices under each answer".into());
        }
        let mut labels: HashMap<String, u64> = HashMap::new();
        for c in choices {
            let Some(label) = &c.value.label else {
                let d = self.err(
                    node_loc(c),
                    "missing-field",
                    "a choice has no 'label'".into(),
                );
                d.node = id.map(str::to_string);
                continue;
            };
            let key = label_key(&label.value);
            if let Some(first) = labels.get(&key) {
                let d = self.err(
                    loc(&label.referenced),
                    "duplicate-label",
                    format!("the choice '{}' appears twice", label.value),
                );
                d.node = id.map(str::to_string);
                d.hint = Some(format!(
                    "the first is at line {first}; each choice needs its own label"
                ));
            } else {
                labels.insert(key, label.referenced.line());
            }
            match &c.value.next {
                None => {
                    let d = self.err(
                        node_loc(c),
                        "missing-field",
                        format!("the choice '{}' has no 'next'", label.value),
                    );
                    d.node = id.map(str::to_string);
                }
                Some(t) => self.check_target(t, ids, "next", id, in_procedure),
            }
            for (name, value) in c.value.sets.iter().flatten() {
                self.check_fact(name, value, id);
            }
        }
    }

    /// A fact a choice `sets`: a name the card knows, and one of its values.
    fn check_fact(&mut self, name: &str, value: &Text, id: Option<&str>) {
        let names = Fact::ALL.map(Fact::keyword);
        let Some(fact) = Fact::parse(name) else {
            let d = self.err(
                loc(&value.referenced),
                "unknown-fact",
                format!("the choice sets '{name}', which is not a fact lockdiag knows"),
            );
            d.node = id.map(str::to_string);
            d.hint = Some(match did_you_mean(name, names.iter().copied()) {
                Some(b) => format!("did you mean '{b}'?"),
                None => format!("facts are: {}", names.join(", ")),
            });
            return;
        };
        if !fact.values().contains(&value.value.as_str()) {
            let d = self.err(
                loc(&value.referenced),
                "bad-value",
                format!("'{}' is not a value of the fact '{name}'", value.value),
            );
            d.node = id.map(str::to_string);
            d.hint = Some(format!("use one of: {}", fact.values().join(", ")));
        }
    }

    fn check_tests(&mut self, raw: &RawFile, kind: FileKind) {
        if kind == FileKind::Procedure && !raw.tests.is_empty() {
            self.err(
                node_loc(&raw.tests[0]),
                "wrong-field",
                "shared procedures have no path tests; test them through a model".into(),
            );
            return;
        }
        for t in &raw.tests {
            let at = node_loc(t);
            // Every field is echoed when the test fails: none may hold a control character.
            let v = &t.value;
            let fields = [&v.name, &v.family, &v.expect, &v.node];
            for text in fields.into_iter().flatten().chain(&v.answers) {
                self.check_text(text, false, MAX_TITLE_CHARS, None);
            }
            if t.value.name.is_none() {
                self.err(at, "missing-field", "a path test has no 'name'".into());
            }
            if t.value.expect.is_none() && t.value.node.is_none() {
                self.err(
                    at,
                    "missing-field",
                    "a path test needs 'expect' or 'node'".into(),
                );
            }
            if let Some(e) = &t.value.expect
                && NodeKind::parse(&e.value).is_none()
            {
                let d = self.err(
                    loc(&e.referenced),
                    "bad-value",
                    format!("'{}' is not a node kind", e.value),
                );
                d.hint = Some(format!("use one of: {}", NodeKind::KEYWORDS.join(", ")));
            }
            if let Some(f) = &t.value.family
                && !FAMILIES.contains(&f.value.as_str())
            {
                let d = self.err(
                    loc(&f.referenced),
                    "bad-family",
                    format!("'{}' is not a symptom family", f.value),
                );
                d.hint = Some(match did_you_mean(&f.value, FAMILIES) {
                    Some(b) => format!("did you mean '{b}'?"),
                    None => format!("use one of: {}", FAMILIES.join(", ")),
                });
            }
        }
    }
}

/// What two choice labels are compared by: lower case, with invisible and control characters
/// removed and runs of whitespace made one space, so labels that look alike are alike.
fn label_key(label: &str) -> String {
    let visible: String = label
        .chars()
        .filter(|c| !crate::sanitize::is_unsafe_char(*c, false) || c.is_whitespace())
        .collect();
    visible
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
