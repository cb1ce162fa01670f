//! Pictures of a tree for authors: Graphviz DOT and Mermaid flowcharts. Node kinds are told
//! apart by shape and colour, shared procedures are drawn once each as a cluster, and edges
//! carry the choice that leads along them.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::catalog::Catalog;
use crate::tree::text::sanitize;
use crate::tree::{NodeBody, NodeKind, Target, Tree, TreeKind};

/// Output format of a graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart.
    Mermaid,
}

/// One edge: from node, to node, label, dashed (procedure hand-over and return).
type Edge = (String, String, String, bool);

/// The trees drawn: the model (or guide) and every procedure it reaches, in call order.
fn trees_in(catalog: &Catalog, root: usize) -> Vec<usize> {
    let mut order = vec![root];
    let mut seen = BTreeSet::from([root]);
    let mut i = 0;
    while let Some(&t) = order.get(i) {
        for n in &catalog.trees[t].nodes {
            if let NodeBody::Procedure { procedure, .. } = n.body
                && seen.insert(procedure)
            {
                order.push(procedure);
            }
        }
        i += 1;
    }
    order
}

fn key(tree: &Tree, node: &str) -> String {
    format!("{}/{node}", tree.id)
}

fn is_procedure(tree: &Tree) -> bool {
    matches!(tree.kind, TreeKind::Procedure { .. })
}

fn return_key(tree: &Tree) -> String {
    format!("{}/return", tree.id)
}

/// Every edge of the drawing.
fn edges(catalog: &Catalog, trees: &[usize]) -> Vec<Edge> {
    let mut out = Vec::new();
    for &t in trees {
        let tree = &catalog.trees[t];
        let to = |target: &Target| match target {
            Target::Node(n) => key(tree, &tree.nodes[*n].id),
            Target::Return => return_key(tree),
        };
        for n in &tree.nodes {
            let from = key(tree, &n.id);
            match &n.body {
                NodeBody::Question { choices } => {
                    for c in choices {
                        out.push((from.clone(), to(&c.next), c.label.clone(), false));
                    }
                }
                NodeBody::Remedy {
                    fixed, not_fixed, ..
                } => {
                    out.push((from.clone(), to(fixed), "fixed".into(), false));
                    out.push((from.clone(), to(not_fixed), "not fixed".into(), false));
                }
                NodeBody::Procedure { procedure, next } => {
                    let p = &catalog.trees[*procedure];
                    out.push((
                        from.clone(),
                        key(p, &p.nodes[p.start].id),
                        "hand over".into(),
                        true,
                    ));
                    out.push((
                        return_key(p),
                        to(next),
                        format!("back to {}", tree.id),
                        true,
                    ));
                }
                NodeBody::OpenModel { model } => {
                    let m = &catalog.trees[*model];
                    out.push((
                        from.clone(),
                        format!("model:{}", m.id),
                        "opens".into(),
                        true,
                    ));
                }
                _ => {}
            }
        }
    }
    out
}

fn label_of(catalog: &Catalog, node: &crate::tree::Node) -> String {
    let text = match &node.body {
        NodeBody::Procedure { procedure, .. } => {
            format!("procedure: {}", catalog.trees[*procedure].id)
        }
        NodeBody::OpenModel { model } => format!("open {}", catalog.trees[*model].title()),
        _ => node.title.clone(),
    };
    let prefix = match node.kind() {
        NodeKind::Locksmith => "LOCKSMITH: ",
        NodeKind::Manufacturer => "MANUFACTURER: ",
        NodeKind::Emergency => "EMERGENCY: ",
        NodeKind::Resolved => "RESOLVED: ",
        _ => "",
    };
    wrap(&format!("{prefix}{}", sanitize(&text)), 28)
}

fn wrap(s: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// DOT shape and fill colour per node kind.
fn dot_style(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Question => ("diamond", "#dbe9f6"),
        NodeKind::Remedy => ("box", "#e3f2d9"),
        NodeKind::Resolved => ("oval", "#a8d8a0"),
        NodeKind::Locksmith => ("octagon", "#f9d29d"),
        NodeKind::Manufacturer => ("hexagon", "#cfc6ef"),
        NodeKind::Emergency => ("doubleoctagon", "#f4a6a6"),
        NodeKind::Procedure => ("component", "#eeeeee"),
        NodeKind::OpenModel => ("folder", "#eeeeee"),
    }
}

/// The tree `root` (a model or guide) as a graph in `format`.
#[must_use]
pub fn render(catalog: &Catalog, root: usize, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => dot(catalog, root),
        GraphFormat::Mermaid => mermaid(catalog, root),
    }
}

fn dot(catalog: &Catalog, root: usize) -> String {
    let trees = trees_in(catalog, root);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "digraph \"{}\" {{",
        dot_escape(&catalog.trees[root].id)
    );
    let _ = writeln!(
        out,
        "  label=\"{}\"; labelloc=t; rankdir=TB;",
        dot_escape(&sanitize(&catalog.trees[root].title()))
    );
    let _ = writeln!(
        out,
        "  node [style=filled, fontname=\"Helvetica\", fontsize=10];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    let mut opened = BTreeSet::new();
    for &t in &trees {
        let tree = &catalog.trees[t];
        let cluster = t != root;
        let indent = if cluster { "    " } else { "  " };
        if cluster {
            let _ = writeln!(out, "  subgraph \"cluster_{}\" {{", dot_escape(&tree.id));
            let _ = writeln!(
                out,
                "    label=\"shared procedure: {}\"; style=dashed;",
                dot_escape(&tree.id)
            );
        }
        if is_procedure(tree) {
            // Where the procedure hands back to the tree that called it (also when the graph
            // is of the procedure itself, `graph safety-first`).
            let _ = writeln!(
                out,
                "{indent}\"{}\" [label=\"return\", shape=circle, fillcolor=\"#ffffff\"];",
                dot_escape(&return_key(tree))
            );
        }
        for n in &tree.nodes {
            let (shape, fill) = dot_style(n.kind());
            let _ = writeln!(
                out,
                "{indent}\"{}\" [label=\"{}\", shape={shape}, fillcolor=\"{fill}\"];",
                dot_escape(&key(tree, &n.id)),
                dot_escape(&label_of(catalog, n))
            );
            if let NodeBody::OpenModel { model } = n.body {
                opened.insert(model);
            }
        }
        if cluster {
            let _ = writeln!(out, "  }}");
        }
    }
    for m in opened {
        let t = &catalog.trees[m];
        let _ = writeln!(
            out,
            "  \"model:{}\" [label=\"{}\", shape=tab, fillcolor=\"#ffffff\"];",
            dot_escape(&t.id),
            dot_escape(&sanitize(&t.title()))
        );
    }
    for (from, to, label, dashed) in edges(catalog, &trees) {
        let style = if dashed { ", style=dashed" } else { "" };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\"{style}];",
            dot_escape(&from),
            dot_escape(&to),
            dot_escape(&wrap(&sanitize(&label), 24))
        );
    }
    out.push_str("}\n");
    out
}

/// Text for a Mermaid label, which Mermaid renders as HTML: `#` (which starts Mermaid's own
/// entity codes), `&`, `<`, `>` and `"` as entity codes, so a title cannot inject markup.
fn mermaid_escape(s: &str) -> String {
    s.replace('#', "#35;")
        .replace('&', "#amp;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('"', "#quot;")
        .replace('\n', "<br/>")
}

fn mermaid(catalog: &Catalog, root: usize) -> String {
    let trees = trees_in(catalog, root);
    let mut ids: Vec<String> = Vec::new();
    let mut id_of = |k: &str| -> String {
        let i = ids.iter().position(|x| x == k).unwrap_or_else(|| {
            ids.push(k.to_string());
            ids.len() - 1
        });
        format!("n{i}")
    };
    let mut out = String::from("flowchart TD\n");
    let mut opened = BTreeSet::new();
    for &t in &trees {
        let tree = &catalog.trees[t];
        let cluster = t != root;
        if cluster {
            let _ = writeln!(
                out,
                "  subgraph {}[\"shared procedure: {}\"]",
                id_of(&format!("cluster:{}", tree.id)),
                mermaid_escape(&tree.id)
            );
        }
        if is_procedure(tree) {
            let _ = writeln!(out, "    {}((return))", id_of(&return_key(tree)));
        }
        for n in &tree.nodes {
            let id = id_of(&key(tree, &n.id));
            let label = mermaid_escape(&label_of(catalog, n));
            let shape = match n.kind() {
                NodeKind::Question => format!("{id}{{\"{label}\"}}"),
                NodeKind::Remedy => format!("{id}[\"{label}\"]"),
                NodeKind::Resolved => format!("{id}([\"{label}\"])"),
                NodeKind::Locksmith => format!("{id}{{{{\"{label}\"}}}}"),
                NodeKind::Manufacturer => format!("{id}[/\"{label}\"/]"),
                NodeKind::Emergency => format!("{id}(((\"{label}\")))"),
                NodeKind::Procedure => format!("{id}[[\"{label}\"]]"),
                NodeKind::OpenModel => format!("{id}>\"{label}\"]"),
            };
            let _ = writeln!(out, "    {shape}:::{}", n.kind().keyword().replace('-', ""));
            if let NodeBody::OpenModel { model } = n.body {
                opened.insert(model);
            }
        }
        if cluster {
            out.push_str("  end\n");
        }
    }
    for m in opened {
        let t = &catalog.trees[m];
        let _ = writeln!(
            out,
            "  {}[\"{}\"]",
            id_of(&format!("model:{}", t.id)),
            mermaid_escape(&sanitize(&t.title()))
        );
    }
    for (from, to, label, dashed) in edges(catalog, &trees) {
        let arrow = if dashed { "-.->" } else { "-->" };
        let _ = writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            id_of(&from),
            mermaid_escape(&sanitize(&label)),
            id_of(&to)
        );
    }
    out.push_str(concat!(
        "  classDef question fill:#dbe9f6,stroke:#333\n",
        "  classDef remedy fill:#e3f2d9,stroke:#333\n",
        "  classDef resolved fill:#a8d8a0,stroke:#333\n",
        "  classDef locksmith fill:#f9d29d,stroke:#333\n",
        "  classDef manufacturer fill:#cfc6ef,stroke:#333\n",
        "  classDef emergency fill:#f4a6a6,stroke:#900,stroke-width:2px\n",
        "  classDef procedure fill:#eeeeee,stroke:#333\n",
        "  classDef openmodel fill:#eeeeee,stroke:#333\n",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_long_labels() {
        assert_eq!(wrap("one two three four", 9), "one two\nthree\nfour");
    }

    #[test]
    fn escapes_quotes() {
        assert_eq!(dot_escape("say \"hi\"\nnow"), "say \\\"hi\\\"\\nnow");
        assert_eq!(mermaid_escape("a \"b\""), "a #quot;b#quot;");
    }
}
