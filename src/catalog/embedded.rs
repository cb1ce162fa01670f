//! The fast reader for the embedded library, used when the app starts.
//!
//! The embedded trees are the files `cargo test` proves (tests/trees_valid.rs loads them with
//! every rule and path test), compiled into the binary as they are. Reading them again through
//! the full YAML parser and every rule at each start costs far more than drawing the first
//! screen, so [`read`] turns each straight into its tree with [`yaml_lite`], checking only what
//! building needs. Whatever it does not recognise gives `None`, and the file goes the full way;
//! the tests below prove that, on every shipped file, both ways build the same tree.
//!
//! [`yaml_lite`]: super::yaml_lite

use std::collections::HashMap;

use super::read::{DeclaredId, FileWork};
use super::yaml_lite::{self, Item, Value};
use crate::tree::load::{SourceFile, content_hash};
use crate::tree::model::{
    Choice, Cylinder, ModelInfo, Node, NodeBody, NodeKind, PathTest, Target, Tree, TreeKind,
    Urgency,
};
use crate::tree::validate::nodes::RETURN;
use crate::tree::validate::{FileKind, NameRef, RefKind};

/// The entries of a mapping, taken out one key at a time.
pub(super) struct Fields<'a>(Vec<(&'a str, Item<'a>)>);

impl<'a> Fields<'a> {
    pub(super) fn of(item: Item<'a>) -> Option<Self> {
        match item.value {
            Value::Map(entries) => Some(Self(entries)),
            _ => None,
        }
    }

    fn take(&mut self, key: &str) -> Option<Item<'a>> {
        let i = self.0.iter().position(|(k, _)| *k == key)?;
        Some(self.0.swap_remove(i).1)
    }

    fn text(&mut self, key: &str) -> Option<Option<String>> {
        self.take(key).map(text).map_or(Some(None), |t| t.map(Some))
    }

    fn list(&mut self, key: &str) -> Option<Option<Vec<String>>> {
        self.take(key)
            .map(texts)
            .map_or(Some(None), |t| t.map(Some))
    }

    /// A list that may be left out (empty then).
    fn items(&mut self, key: &str) -> Option<Vec<String>> {
        self.list(key).map(Option::unwrap_or_default)
    }

    /// Ends the reading: `None` if a key was not taken (the full parser names it).
    fn done(&self) -> Option<()> {
        self.0.is_empty().then_some(())
    }
}

fn text(item: Item<'_>) -> Option<String> {
    match item.value {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn seq(item: Item<'_>) -> Option<Vec<Item<'_>>> {
    match item.value {
        Value::Seq(items) => Some(items),
        _ => None,
    }
}

fn texts(item: Item<'_>) -> Option<Vec<String>> {
    seq(item)?.into_iter().map(text).collect()
}

/// A borrowed look at a node's `key` when it is text.
fn peek<'a, 'b>(entries: &'a [(&'b str, Item<'b>)], key: &str) -> Option<&'a Item<'b>> {
    entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

fn peek_text<'a>(entries: &'a [(&str, Item<'_>)], key: &str) -> Option<&'a str> {
    match &peek(entries, key)?.value {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

/// Reads an embedded file into its tree, or `None` to take the full way.
pub(super) fn read(src: &SourceFile) -> Option<FileWork> {
    let text_all = std::str::from_utf8(&src.bytes).ok()?;
    let text_all = text_all.strip_prefix('\u{FEFF}').unwrap_or(text_all);
    let mut top = Fields::of(yaml_lite::parse(text_all)?)?;
    match top.take("format")?.value {
        Value::Num("1") => {}
        _ => return None,
    }
    let mut work = FileWork {
        layer: 0,
        origin: src.origin.clone(),
        declared: None,
        synonyms: Vec::new(),
        diagnostics: Vec::new(),
        refs: Vec::new(),
        tree: None,
        names: (Vec::new(), Vec::new()),
    };
    if let Some(groups) = top.take("synonyms") {
        top.done()?;
        for group in seq(groups)? {
            work.synonyms.push(texts(group)?);
        }
        work.declared = Some((FileKind::Synonyms, None));
        return Some(work);
    }
    let (file_kind, kind, id, header) = header(&mut top)?;
    let start = text(top.take("start")?)?;
    let nodes = seq(top.take("nodes")?)?;
    let tests = top.take("tests").map(seq).unwrap_or(Some(Vec::new()))?;
    top.done()?;
    let mut maps = Vec::with_capacity(nodes.len());
    let mut index = HashMap::with_capacity(nodes.len());
    for (i, n) in nodes.into_iter().enumerate() {
        let (line, column) = (n.line, n.column);
        let fields = Fields::of(n)?;
        let node_id = peek_text(&fields.0, "id")?;
        index.insert(node_id.to_string(), i);
        for (key, kind) in [("procedure", RefKind::Procedure), ("model", RefKind::Model)] {
            let wanted = if kind == RefKind::Procedure {
                "procedure"
            } else {
                "open-model"
            };
            if peek_text(&fields.0, "kind") == Some(wanted)
                && let Some(item) = peek(&fields.0, key)
                && let Value::Str(name) = &item.value
            {
                work.refs.push(NameRef {
                    kind,
                    name: name.clone(),
                    at: (item.line, item.column),
                    node: Some(node_id.to_string()),
                });
            }
        }
        maps.push((fields, line, column));
    }
    let (procedures, models) = work.provisional();
    let target = |t: Option<String>| -> Option<Target> {
        let t = t?;
        if t == RETURN {
            Some(Target::Return)
        } else {
            index.get(&t).copied().map(Target::Node)
        }
    };
    let mut built = Vec::with_capacity(maps.len());
    for (mut f, line, column) in maps {
        let id = f.text("id")?.unwrap_or_default();
        let node_kind = NodeKind::parse(&f.text("kind")??)?;
        let title = f.text("title")?.unwrap_or_default();
        let help = f.text("help")?;
        let keywords = f.items("keywords")?;
        let sources = f.items("sources")?;
        let body = body(node_kind, &mut f, &target, &procedures, &models)?;
        f.done()?;
        built.push(Node {
            id,
            title,
            help,
            keywords,
            sources,
            line,
            column,
            body,
        });
    }
    let start = *index.get(&start)?;
    let tests = tests
        .into_iter()
        .map(|t| {
            let line = t.line;
            let mut f = Fields::of(t)?;
            let test = PathTest {
                name: f.text("name")?.unwrap_or_default(),
                family: f.text("family")?,
                answers: f.items("answers")?,
                expect: f.text("expect")?,
                node: f.text("node")?,
                line,
            };
            f.done()?;
            Some(test)
        })
        .collect::<Option<Vec<_>>>()?;
    work.declared = Some((file_kind, Some(id.clone())));
    work.tree = Some(Tree {
        id: id.id,
        kind,
        origin: src.origin.clone(),
        content_hash: content_hash(&src.bytes),
        start,
        header,
        nodes: built,
        tests,
        index,
    });
    Some(work)
}

/// The `model:`, `procedure:` or `guide:` block: file kind, tree kind, id, and where it is.
pub(super) fn header(top: &mut Fields<'_>) -> Option<(FileKind, TreeKind, DeclaredId, (u64, u64))> {
    let declared = |item: Option<Item<'_>>| -> Option<DeclaredId> {
        let item = item?;
        let (line, column) = (item.line, item.column);
        Some(DeclaredId {
            id: text(item)?,
            line,
            column,
        })
    };
    if let Some(m) = top.take("model") {
        if top
            .0
            .iter()
            .any(|(k, _)| *k == "procedure" || *k == "guide")
        {
            return None;
        }
        let at = (m.line, m.column);
        let mut f = Fields::of(m)?;
        let id = declared(f.take("id"))?;
        let info = ModelInfo {
            id: id.id.clone(),
            brand: f.text("brand")??,
            name: f.text("name")??,
            aliases: f.items("aliases")?,
            cylinder: Cylinder::parse(&f.text("cylinder")??)?,
            keyway: f.text("keyway")??,
            power: f.text("power")??,
            emergency_power: f.list("emergency_power")??,
            connectivity: f.list("connectivity")??,
            reviewed: f.text("reviewed")??,
            sources: f.list("sources")??,
        };
        f.done()?;
        return Some((FileKind::Model, TreeKind::Model(Box::new(info)), id, at));
    }
    let (file_kind, item) = match (top.take("procedure"), top.take("guide")) {
        (Some(p), None) => (FileKind::Procedure, p),
        (None, Some(g)) => (FileKind::Guide, g),
        _ => return None,
    };
    let at = (item.line, item.column);
    let mut f = Fields::of(item)?;
    let id = declared(f.take("id"))?;
    let title = f.text("title")??;
    f.list("sources")?;
    f.done()?;
    let kind = if file_kind == FileKind::Procedure {
        TreeKind::Procedure { title }
    } else {
        TreeKind::Guide { title }
    };
    Some((file_kind, kind, id, at))
}

/// A node's kind-specific part, as `tree::build` makes it.
fn body(
    kind: NodeKind,
    f: &mut Fields<'_>,
    target: &dyn Fn(Option<String>) -> Option<Target>,
    procedures: &HashMap<String, usize>,
    models: &HashMap<String, usize>,
) -> Option<NodeBody> {
    Some(match kind {
        NodeKind::Question => {
            let choices = seq(f.take("choices")?)?
                .into_iter()
                .map(|c| {
                    let mut c = Fields::of(c)?;
                    let choice = Choice {
                        label: c.text("label")??,
                        next: target(c.text("next")?)?,
                    };
                    c.done()?;
                    Some(choice)
                })
                .collect::<Option<Vec<_>>>()?;
            NodeBody::Question { choices }
        }
        NodeKind::Remedy => NodeBody::Remedy {
            steps: f.items("steps")?,
            cautions: f.items("cautions")?,
            tools: f.items("tools")?,
            fixed: target(f.text("fixed")?)?,
            not_fixed: target(f.text("not_fixed")?)?,
        },
        NodeKind::Resolved => NodeBody::Resolved,
        NodeKind::Locksmith => NodeBody::Locksmith {
            why: f.text("why")?.unwrap_or_default(),
            urgency: Urgency::parse(&f.text("urgency")?.unwrap_or_default())?,
            tell: f.items("tell")?,
            bring: f.items("bring")?,
        },
        NodeKind::Manufacturer => NodeBody::Manufacturer {
            why: f.text("why")?.unwrap_or_default(),
            contact: f.text("contact")?.unwrap_or_default(),
            have_ready: f.items("have_ready")?,
        },
        NodeKind::Emergency => NodeBody::Emergency {
            why: f.text("why")?.unwrap_or_default(),
            actions: f.items("actions")?,
        },
        NodeKind::Procedure => NodeBody::Procedure {
            procedure: *procedures.get(&f.text("procedure")??)?,
            next: target(f.text("next")?)?,
        },
        NodeKind::OpenModel => NodeBody::OpenModel {
            model: *models.get(&f.text("model")??)?,
        },
    })
}

#[cfg(test)]
#[path = "embedded_tests.rs"]
mod tests;
