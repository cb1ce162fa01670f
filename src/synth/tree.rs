//! A tree file being written: nodes in file order, subtrees of an exact size, and a walk
//! from each subtree's root to an ending (for path tests).

use std::fmt::Write as _;

use super::CARD;
use super::words::{BRANDS, SOURCES, STATES, SUBJECTS};
use super::{Gen, q};

/// A walk from a node to an ending: the answers, then the kind and id reached.
pub(super) struct Walk {
    pub(super) answers: Vec<String>,
    pub(super) kind: &'static str,
    pub(super) node: String,
}

/// A subtree written: the id of its first node and a walk from there.
pub(super) struct Sub {
    pub(super) root: String,
    pub(super) walk: Walk,
}

/// A tree file being written: its nodes in file order and a counter for ids.
pub(super) struct Tree {
    pub(super) family: &'static str,
    pub(super) next_id: usize,
    pub(super) nodes: Vec<(usize, String)>,
    pub(super) in_procedure: bool,
    /// Topic procedures a model may hand over to: (id, answer that returns).
    pub(super) calls: Vec<(String, String)>,
}

impl Tree {
    pub(super) fn new(
        family: &'static str,
        in_procedure: bool,
        calls: Vec<(String, String)>,
    ) -> Self {
        Self {
            family,
            next_id: 0,
            nodes: Vec::new(),
            in_procedure,
            calls,
        }
    }

    pub(super) fn id(&mut self) -> (usize, String) {
        let n = self.next_id;
        self.next_id += 1;
        (n, format!("{}-n{n}", self.family))
    }

    /// The nodes in file order.
    pub(super) fn finish(mut self) -> String {
        self.nodes.sort_by_key(|(n, _)| *n);
        self.nodes.into_iter().map(|(_, s)| s).collect()
    }

    /// A subtree of exactly `budget` nodes: its root and a walk from there to an ending.
    pub(super) fn subtree(&mut self, g: &mut Gen, budget: usize) -> Sub {
        match budget {
            0 | 1 => self.outcome(g),
            2 => self.remedy(g, budget),
            _ if !self.in_procedure && !self.calls.is_empty() && g.chance(15) => {
                self.call(g, budget)
            }
            _ if g.chance(50) => self.question(g, budget, None),
            _ => self.remedy(g, budget),
        }
    }

    pub(super) fn outcome(&mut self, g: &mut Gen) -> Sub {
        let (n, id) = self.id();
        let title = g.title();
        let keywords = g.keywords();
        g.outcomes += 1;
        let every = g.faults.dead_end_every;
        let (kind, body) = if every > 0 && g.outcomes.is_multiple_of(every) {
            let body = format!(
                "    choices:\n      - label: Try again\n        next: {id}\n      - label: Try once more\n        next: {id}\n"
            );
            ("question", body)
        } else if g.chance(55) {
            let why = g.text(190);
            let urgency = g.pick(&["today", "can-wait", "emergency"]);
            let tell = g.list("tell", 3, 50);
            let bring = g.list("bring", 2, 45);
            let body = format!(
                "    why: {}\n    urgency: {urgency}\n{CARD}{tell}{bring}",
                q(&why)
            );
            ("locksmith", body)
        } else if g.chance(70) {
            let why = g.text(150);
            let contact = format!(
                "{} support: 1-800-555-{:04}",
                g.pick(&BRANDS),
                g.between(0, 9999)
            );
            let have = g.list("have_ready", 3, 50);
            let body = format!("    why: {}\n    contact: {}\n{have}", q(&why), q(&contact));
            ("manufacturer", body)
        } else {
            let help = g.text(120);
            ("resolved", format!("    help: {}\n", q(&help)))
        };
        let text = format!(
            "\n  - id: {id}\n    kind: {kind}\n    title: {}\n    keywords: {keywords}\n{body}",
            q(&title)
        );
        self.nodes.push((n, text));
        Sub {
            walk: Walk::end(kind, &id),
            root: id,
        }
    }

    pub(super) fn remedy(&mut self, g: &mut Gen, budget: usize) -> Sub {
        let (n, id) = self.id();
        let rest = self.subtree(g, budget - 1);
        let not_fixed = g.target(&rest.root);
        let fixed = g.target(if self.in_procedure { "return" } else { "fixed" });
        let title = g.title();
        let help = g.text(160);
        let n_steps = g.between(3, 7);
        let steps = g.list("steps", n_steps, 65);
        let cautions = g.list("cautions", 1, 60);
        let tools = g.list("tools", 1, 27);
        let text = format!(
            "\n  - id: {id}\n    kind: remedy\n    title: {}\n    help: {}\n    keywords: {}\n    sources: [{}]\n{steps}{cautions}{tools}    fixed: {fixed}\n    not_fixed: {not_fixed}\n",
            q(&title),
            q(&help),
            g.keywords(),
            g.pick(&SOURCES)
        );
        self.nodes.push((n, text));
        let mut walk = rest.walk;
        walk.answers.insert(0, "no".into());
        Sub { root: id, walk }
    }

    /// A question of `budget` nodes in all; with `returns`, its first choice (that label)
    /// ends the procedure.
    pub(super) fn question(&mut self, g: &mut Gen, budget: usize, returns: Option<&str>) -> Sub {
        let (n, id) = self.id();
        let least = if returns.is_some() { 1 } else { 2 };
        let k = g.between(least, 4).min(budget - 1).max(1);
        let mut sizes = vec![1; k];
        for _ in 0..(budget - 1 - k) {
            let c = g.between(0, k - 1);
            sizes[c] += 1;
        }
        let mut labels: Vec<String> = returns.iter().map(|l| (*l).to_string()).collect();
        let mut targets: Vec<String> = returns.iter().map(|_| "return".to_string()).collect();
        let chosen = g.between(0, k - 1);
        let mut walk = Walk::end("question", &id);
        for (c, size) in sizes.into_iter().enumerate() {
            let sub = self.subtree(g, size);
            let mut label = format!("{} {}", g.pick(&SUBJECTS), g.pick(&STATES));
            label[..1].make_ascii_uppercase();
            while labels.iter().any(|l| l.eq_ignore_ascii_case(&label)) {
                label.push_str(" again");
            }
            if c == chosen {
                walk = sub.walk;
                walk.answers.insert(0, label.clone());
            }
            labels.push(label);
            targets.push(g.target(&sub.root));
        }
        let title = format!("{}?", g.title());
        let help = g.text(160);
        let mut text = format!(
            "\n  - id: {id}\n    kind: question\n    title: {}\n    help: {}\n    keywords: {}\n    choices:\n",
            q(&title),
            q(&help),
            g.keywords()
        );
        for (label, target) in labels.iter().zip(&targets) {
            let _ = write!(
                text,
                "      - label: {}\n        next: {target}\n",
                q(label)
            );
        }
        self.nodes.push((n, text));
        Sub { root: id, walk }
    }

    /// A hand-over to one of the model's topic procedures, then `budget - 1` more nodes.
    pub(super) fn call(&mut self, g: &mut Gen, budget: usize) -> Sub {
        let (n, id) = self.id();
        let (procedure, answer) = self.calls[g.between(0, self.calls.len() - 1)].clone();
        let rest = self.subtree(g, budget - 1);
        let next = g.target(&rest.root);
        let text = format!(
            "\n  - id: {id}\n    kind: procedure\n    procedure: {procedure}\n    next: {next}\n"
        );
        self.nodes.push((n, text));
        let mut walk = rest.walk;
        walk.answers.insert(0, answer);
        Sub { root: id, walk }
    }
}

impl Walk {
    pub(super) fn end(kind: &'static str, node: &str) -> Self {
        Self {
            answers: Vec::new(),
            kind,
            node: node.to_string(),
        }
    }
}
