//! Synthetic tree libraries for measuring load, validation, search and memory at scale.
//!
//! [`generate`] writes a valid library of about `nodes` nodes (exactly, from 200 up): generated
//! shared procedures (a safety check with emergency outcomes, and topic procedures such as
//! batteries or door alignment) and models of 50 to 200 nodes that hand over to them. Text
//! lengths follow the shipped trees (titles about 40 characters, help about 160, five steps of
//! about 65), keywords come from one shared vocabulary, remedies carry sources, and every model
//! has a path test per symptom family. [`generate_faulty`] plants errors for the error paths.
//! Everything is deterministic: the same arguments give the same bytes.

use std::fmt::Write as _;

use tree::{Sub, Tree};
/// The card words of every generated locksmith outcome (the generated `why` and `tell` speak to
/// the owner, as shipped trees do).
pub(crate) const CARD: &str = "    card:\n      why: The customer needs a visit for the problem the walk found.\n      tell: [The lock model, What the customer tried]\n";

use words::{ABBREV, BRANDS, KEYWORDS, SOURCES, SUBJECTS, SYMPTOMS, TAILS, TOPICS, VERBS, WORDS};

use crate::tree::load::SourceFile;
use crate::tree::model::Origin;
use crate::tree::validate::FAMILIES;

/// Errors to plant in a generated library.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// Misspell every n-th target (`next`, `fixed`, `not_fixed`); 0 for none. Each is an
    /// `unknown-target` error with a did-you-mean.
    pub typo_every: usize,
    /// Turn every n-th outcome into a question that loops on itself; 0 for none. Each is a
    /// `dead-end` error found by the whole-library analysis.
    pub dead_end_every: usize,
}

/// A valid library of about `nodes` nodes over many models (see the module documentation).
#[must_use]
pub fn generate(nodes: usize) -> Vec<SourceFile> {
    generate_faulty(nodes, Faults::default())
}

/// Like [`generate`], with the given errors planted.
#[must_use]
pub fn generate_faulty(nodes: usize, faults: Faults) -> Vec<SourceFile> {
    let mut g = Gen::new(0x5eed_10c4_d1a6 ^ nodes as u64, faults);
    let mut files = vec![g.safety_procedure()];
    let topics = (nodes / 2_500).clamp(3, TOPICS.len() * 4);
    let mut left = nodes.saturating_sub(SAFETY_NODES);
    for i in 0..topics {
        let size = g.between(10, 24);
        files.push(g.procedure(i, size));
        left = left.saturating_sub(size);
    }
    let mut i = 0;
    while left > 0 || i == 0 {
        let size = match left {
            0..=200 => left,
            201..=249 => left / 2,
            _ => g.between(50, 200),
        };
        files.push(g.model(i, size.max(MIN_MODEL)));
        left -= size.min(left);
        i += 1;
    }
    files
}

/// One model file of `nodes` nodes (at most 5,000 keep it valid), with short texts so that it
/// stays under the 2 MiB file limit, and the procedures it needs: the worst case for
/// did-you-mean, whose look-ups each search one file's ids.
#[must_use]
pub fn one_large_model(nodes: usize, faults: Faults) -> Vec<SourceFile> {
    let mut g = Gen::new(0x0b16_f11e, faults);
    g.short = true;
    let mut files = vec![g.safety_procedure()];
    for i in 0..3 {
        files.push(g.procedure(i, 12));
    }
    files.push(g.model(0, nodes.max(MIN_MODEL)));
    files
}

/// Nodes of the generated safety procedure.
const SAFETY_NODES: usize = 3;
/// The smallest model the generator writes.
const MIN_MODEL: usize = 12;
/// Id of the generated safety procedure.
const SAFETY_ID: &str = "gen-safety-first";
/// The answer that leaves the safety procedure.
const NO_DANGER: &str = "No one is in danger";

/// A small deterministic generator (xorshift64*).
struct Gen {
    rng: Rng,
    faults: Faults,
    /// Targets written so far (for `typo_every`).
    targets: usize,
    /// Outcomes written so far (for `dead_end_every`).
    outcomes: usize,
    /// Topic procedures written so far (models hand over to these).
    procedures: usize,
    /// One sentence per text, whatever length is asked.
    short: bool,
}

/// Quotes text for YAML when it is not safe as a plain scalar.
fn q(s: &str) -> String {
    let plain = s.chars().next().is_some_and(char::is_alphanumeric)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(['"', ',', '[', ']', '{', '}', '\\'])
        && !s.ends_with(':')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "yes" | "no" | "y" | "n" | "true" | "false" | "on" | "off" | "null"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        format!("{s:?}")
    }
}

/// A list in flow style: `[a, b]`.
fn flow(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", v.join(", "))
}

impl Gen {
    fn new(seed: u64, faults: Faults) -> Self {
        Self {
            rng: Rng::new(seed | 1),
            faults,
            targets: 0,
            outcomes: 0,
            procedures: 0,
            short: false,
        }
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.rng.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.rng.below(v.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.rng.next_u64() % 100 < percent
    }

    /// One sentence of plain instructions.
    fn sentence(&mut self) -> String {
        let verb = self.pick(&VERBS);
        let subject = self.pick(&SUBJECTS);
        let tail = self.pick(&TAILS);
        let mut s = format!("{verb} {subject} {tail}.");
        s[..1].make_ascii_uppercase();
        s
    }

    /// Sentences until about `len` characters.
    fn text(&mut self, len: usize) -> String {
        let mut s = self.sentence();
        while !self.short && s.len() + 30 < len {
            s.push(' ');
            s.push_str(&self.sentence());
        }
        s
    }

    fn title(&mut self) -> String {
        let verb = self.pick(&VERBS);
        let subject = self.pick(&SUBJECTS);
        let mut s = format!("{verb} {subject}");
        s[..1].make_ascii_uppercase();
        s
    }

    fn keywords(&mut self) -> String {
        let n = if self.short { 1 } else { self.between(2, 7) };
        let k: Vec<String> = (0..n).map(|_| self.pick(&KEYWORDS).to_string()).collect();
        flow(&k)
    }

    fn list(&mut self, key: &str, n: usize, len: usize) -> String {
        let n = if self.short { 1 } else { n };
        let mut out = format!("    {key}:\n");
        for _ in 0..n {
            let t = self.text(len);
            let _ = writeln!(out, "      - {}", q(&t));
        }
        out
    }

    /// A target as written, misspelt when the faults ask for it.
    fn target(&mut self, id: &str) -> String {
        self.targets += 1;
        let every = self.faults.typo_every;
        if every > 0 && self.targets.is_multiple_of(every) && id != "return" {
            let mut c: Vec<char> = id.chars().collect();
            let i = c.len() / 2;
            c.swap(i - 1, i);
            if c.iter().collect::<String>() == id {
                c.push('x');
            }
            return c.into_iter().collect();
        }
        id.to_string()
    }

    fn safety_procedure(&mut self) -> SourceFile {
        let help = self.text(300);
        let text = format!(
            "format: 1\nprocedure:\n  id: {SAFETY_ID}\n  title: Safety first\nstart: check\nnodes:\n  - id: check\n    kind: question\n    title: Before we look at the lock, is anyone in danger?\n    help: {}\n    keywords: [emergency, danger, child locked inside, pet inside, smoke, break-in]\n    choices:\n      - label: Someone inside may be in danger (a person or a pet)\n        next: danger\n      - label: I see signs of a break-in\n        next: break-in\n      - label: {NO_DANGER}\n        next: return\n\n  - id: danger\n    kind: emergency\n    title: Call emergency services now\n    why: A person or an animal inside may be at risk. Getting help to them comes before fixing the lock.\n    actions: [Call 911 (or your local emergency number) now., Give the address and say who is inside.]\n\n  - id: break-in\n    kind: emergency\n    title: Call the police and do not go in\n    why: Signs of forced entry mean someone may still be inside. Your safety comes first.\n    actions: [Do not go in., Call the police from a safe place.]\n",
            q(&help)
        );
        source(format!("shared/{SAFETY_ID}.yaml"), text)
    }

    /// Topic procedure `i` of `size` nodes; its start's first choice returns.
    fn procedure(&mut self, i: usize, size: usize) -> SourceFile {
        self.procedures = self.procedures.max(i + 1);
        let id = procedure_id(i);
        let mut t = Tree::new("proc", true, Vec::new());
        let title = self.title();
        t.question(self, size, Some("It works now"));
        let head = format!(
            "format: 1\nprocedure:\n  id: {id}\n  title: {}\n  sources: [{}]\nstart: {}-n0\nnodes:\n",
            q(&title),
            self.pick(&SOURCES),
            t.family
        );
        source(format!("shared/{id}.yaml"), head + &t.finish())
    }

    /// Model `i` of `size` nodes (at least [`MIN_MODEL`]).
    fn model(&mut self, i: usize, size: usize) -> SourceFile {
        let brand = self.pick(&BRANDS);
        let word = self.pick(&WORDS);
        let slug: String = brand
            .to_ascii_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let id = format!("{slug}-{word}-{i:05}");
        let count = self.between(2, 5).min(self.procedures);
        let first = self.between(0, self.procedures - count);
        let calls: Vec<(String, String)> = (first..first + count)
            .map(|k| (procedure_id(k), "It works now".to_string()))
            .collect();
        let families = ((size - 4) / 8).clamp(2, FAMILIES.len());
        let mut budget = vec![1; families];
        for _ in 0..(size - 4 - families) {
            let f = self.between(0, families - 1);
            budget[f] += 1;
        }
        let mut nodes = String::new();
        let mut tests = String::new();
        let mut choices = String::new();
        for (f, b) in budget.into_iter().enumerate() {
            let mut t = Tree::new(ABBREV[f], false, calls.clone());
            let Sub { root, walk } = t.subtree(self, b);
            let target = self.target(&root);
            let _ = write!(
                choices,
                "      - label: {}\n        next: {target}\n",
                q(SYMPTOMS[f])
            );
            nodes.push_str(&t.finish());
            let mut answers = vec![NO_DANGER.to_string(), SYMPTOMS[f].to_string()];
            answers.extend(walk.answers);
            let _ = write!(
                tests,
                "  - name: {} walk\n    family: {}\n    answers: {}\n    expect: {}\n    node: {}\n",
                FAMILIES[f],
                FAMILIES[f],
                flow(&answers),
                walk.kind,
                walk.node
            );
        }
        let aliases = flow(&[
            format!(
                "{}-{}",
                &slug[..2.min(slug.len())].to_ascii_uppercase(),
                100 + i
            ),
            format!("{brand} {word}"),
            format!("{word} {}", self.between(2, 9)),
        ]);
        let help = self.text(200);
        let keywords = self.keywords();
        let why = self.text(180);
        let tell = self.list("tell", 3, 50);
        let bring = self.list("bring", 2, 45);
        let text = format!(
            "format: 1\nmodel:\n  id: {id}\n  brand: {}\n  name: {} {}\n  aliases: {aliases}\n  cylinder: pin-tumbler\n  keyway: \"Schlage C (SC1)\"\n  power: \"4 x AA alkaline\"\n  emergency_power: [key]\n  connectivity: [wifi, bluetooth]\n  reviewed: 2026-11-27\n  sources: [SC1, SC3]\nstart: safety\nnodes:\n  - id: safety\n    kind: procedure\n    procedure: {SAFETY_ID}\n    next: symptom\n\n  - id: symptom\n    kind: question\n    title: What is the lock doing?\n    help: {}\n    keywords: {keywords}\n    choices:\n{choices}      - label: It works now\n        next: fixed\n      - label: Something else\n        next: other\n\n  - id: fixed\n    kind: resolved\n    title: Fixed\n\n  - id: other\n    kind: locksmith\n    title: Call a locksmith\n    why: {}\n    urgency: can-wait\n{CARD}{tell}{bring}\n{nodes}\ntests:\n{tests}",
            q(brand),
            q(&word.to_ascii_uppercase()),
            100 + i,
            q(&help),
            q(&why),
        );
        source(format!("{id}.yaml"), text)
    }
}

fn procedure_id(i: usize) -> String {
    let topic = TOPICS[i % TOPICS.len()];
    match i / TOPICS.len() {
        0 => format!("gen-{topic}"),
        k => format!("gen-{topic}-{k}"),
    }
}

fn source(path: String, text: String) -> SourceFile {
    SourceFile {
        origin: Origin::File(format!("synth/{path}")),
        bytes: text.into_bytes(),
    }
}

mod rng;
mod tree;
mod words;

pub use rng::Rng;

#[cfg(test)]
mod tests;
