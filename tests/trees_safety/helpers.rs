//! What the safety tests share: the library, text helpers and a scripted walk.

use std::collections::BTreeSet;

use lockdiag::catalog::{Catalog, load_library};
use lockdiag::session::Session;
use lockdiag::tree::{Node, NodeBody, Target, Tree, TreeKind};

/// Models whose lock-facts entry (section 0.3) lists 9 V emergency terminals.
pub const NINE_VOLT_MODELS: [&str; 4] = [
    "kwikset-obsidian",
    "nest-x-yale",
    "yale-assure-sl",
    "lockly",
];

pub fn catalog() -> Catalog {
    let loaded = load_library(true, &[]);
    let errors: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        !loaded.has_errors(),
        "library has errors:\n{}",
        errors.join("\n")
    );
    loaded.catalog.expect("catalog")
}

pub fn models(catalog: &Catalog) -> Vec<&Tree> {
    let v: Vec<&Tree> = catalog
        .trees
        .iter()
        .filter(|t| matches!(t.kind, TreeKind::Model(_)))
        .collect();
    assert!(
        v.len() >= 18,
        "expected at least 18 model trees, found {}",
        v.len()
    );
    v
}

pub fn tree<'c>(catalog: &'c Catalog, id: &str) -> &'c Tree {
    catalog
        .trees
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no tree '{id}'"))
}

/// Every text a person reads on a node, except search keywords. A locksmith card's `bring`
/// list (equipment for the professional, not instructions to the owner) only when asked.
pub fn texts(n: &Node, with_bring: bool) -> Vec<String> {
    let mut v = vec![n.title.clone()];
    v.extend(n.help.clone());
    match &n.body {
        NodeBody::Question { choices } => v.extend(choices.iter().map(|c| c.label.clone())),
        NodeBody::Remedy {
            steps,
            cautions,
            tools,
            ..
        } => {
            v.extend(steps.iter().cloned());
            v.extend(cautions.iter().cloned());
            v.extend(tools.iter().cloned());
        }
        NodeBody::Locksmith {
            why, tell, bring, ..
        } => {
            v.push(why.clone());
            v.extend(tell.iter().cloned());
            if with_bring {
                v.extend(bring.iter().cloned());
            }
        }
        NodeBody::Manufacturer {
            why,
            contact,
            have_ready,
        } => {
            v.push(why.clone());
            v.push(contact.clone());
            v.extend(have_ready.iter().cloned());
        }
        NodeBody::Emergency { why, actions } => {
            v.push(why.clone());
            v.extend(actions.iter().cloned());
        }
        NodeBody::Resolved | NodeBody::Procedure { .. } | NodeBody::OpenModel { .. } => {}
    }
    v
}

/// Lower-cased sentences of a text (typographic apostrophes made plain).
pub fn sentences(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split(['.', '!', '?', ';', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn has_word(s: &str, word: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| w == word)
}

pub fn negated(s: &str) -> bool {
    [
        "not", "never", "don't", "cannot", "can't", "no", "nothing", "won't",
    ]
    .iter()
    .any(|w| has_word(s, w))
}

/// A sentence that forbids what it names ("do not force the key", "never use oil"). Plain
/// "not" or "no" is not enough: "if no key works, pick the lock" is still an instruction.
pub fn forbids(s: &str) -> bool {
    [
        "do not",
        "don't",
        "never",
        "must not",
        "should not",
        "avoid",
        "not to ",
    ]
    .iter()
    .any(|w| s.contains(w))
}

pub fn mentions_nine_volt(s: &str) -> bool {
    ["9 v", "9v", "9-volt", "9 volt"].iter().any(|p| {
        s.match_indices(p).any(|(i, _)| {
            // "9 v" must not be the start of a longer word such as "9 very".
            let after = s[i + p.len()..].chars().next();
            let before = s[..i].chars().next_back();
            !after.is_some_and(char::is_alphanumeric) && !before.is_some_and(char::is_alphanumeric)
        })
    })
}

/// A sentence that tells the reader to hold or put a 9 V battery on the lock.
pub fn nine_volt_instruction(s: &str) -> bool {
    mentions_nine_volt(s)
        && ["hold", "press", "touch", "against", "put", "place", "apply"]
            .iter()
            .any(|w| s.contains(w))
        && !forbids(s)
        && !["cannot", "can't", "no 9 v", "has no", "whether"]
            .iter()
            .any(|w| s.contains(w))
}

/// Remedy steps that tell how to power the lock with a 9 V battery: one step names the
/// battery, and a step says to hold it on the lock's contacts or terminals.
pub fn nine_volt_remedy(steps: &[String]) -> bool {
    let lower: Vec<String> = steps.iter().map(|s| s.to_lowercase()).collect();
    lower.iter().any(|s| mentions_nine_volt(s))
        && lower
            .iter()
            .any(|s| s.contains("hold") && (s.contains("contact") || s.contains("terminal")))
}

/// A sentence that instructs someone to defeat a lock. Warnings ("do not force the key") and
/// what a locksmith does ("a locksmith may pick it") are not instructions to the owner.
pub fn defeat_instruction(s: &str) -> bool {
    const DENY: [&str; 30] = [
        "pick the lock",
        "pick it open",
        "pick the cylinder",
        "picking the lock",
        "lock pick",
        "pick set",
        "tension wrench",
        "rake the",
        "bump key",
        "bump the",
        "bumping",
        "bypass",
        "shim",
        "jimmy",
        "pry ",
        "prying",
        "drill out",
        "drill the",
        "drill through",
        "force the door",
        "force the lock",
        "force it open",
        "force the bolt",
        "kick the door",
        "kick it in",
        "credit card",
        "coat hanger",
        "under-door tool",
        "break the lock",
        "break the cylinder",
    ];
    DENY.iter().any(|p| s.contains(p)) && !forbids(s) && !s.contains("locksmith")
}

/// The procedure trees a tree hands over to, directly or through other procedures.
pub fn procedures_used(catalog: &Catalog, start: &Tree) -> Vec<usize> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&Tree> = vec![start];
    while let Some(t) = todo.pop() {
        for n in &t.nodes {
            if let NodeBody::Procedure { procedure, .. } = n.body
                && seen.insert(procedure)
            {
                todo.push(&catalog.trees[procedure]);
            }
        }
    }
    seen.into_iter().collect()
}

/// The node a choice leads to, looking through a procedure hand-over to the procedure's start.
pub fn landing<'c>(catalog: &'c Catalog, tree: &'c Tree, target: &Target) -> &'c Node {
    let Target::Node(i) = target else {
        panic!("{}: a model choice leads to 'return'", tree.id)
    };
    let n = &tree.nodes[*i];
    match n.body {
        NodeBody::Procedure { procedure, .. } => {
            let p = &catalog.trees[procedure];
            &p.nodes[p.start]
        }
        _ => n,
    }
}

/// The node's text says plainly that a reset does not change the key: one text (a help, a
/// step, a caution) talks about a reset, and one of its sentences says the key does not change,
/// stop working or get rekeyed ("It NEVER changes which key works").
pub fn says_reset_is_not_rekey(n: &Node) -> bool {
    texts(n, false).iter().any(|t| {
        let t = t.to_lowercase();
        t.contains("reset")
            && sentences(&t).iter().any(|s| {
                s.contains("key")
                    && (negated(s) || s.contains("does nothing"))
                    && ["change", "rekey", "stop", "work", "open", "turn"]
                        .iter()
                        .any(|w| s.contains(w))
            })
    })
}

/// Walks `tree_id` with labels, failing with the valid choices when one does not match.
pub fn walk(catalog: &Catalog, tree_id: &str, answers: &[&str]) -> (Session, Vec<String>) {
    let index = catalog
        .trees
        .iter()
        .position(|t| t.id == tree_id)
        .expect("tree");
    let mut session = Session::start(catalog, index).expect("start");
    let mut seen = vec![session.node(catalog).id.clone()];
    for a in answers {
        let answer = session.parse_answer(catalog, a).unwrap_or_else(|e| {
            panic!(
                "{tree_id}: at '{}', answer '{a}': {e}",
                session.node(catalog).id
            )
        });
        session.answer(catalog, answer).expect("answer");
        seen.push(session.node(catalog).id.clone());
    }
    (session, seen)
}

pub fn steps_of(n: &Node) -> &[String] {
    match &n.body {
        NodeBody::Remedy { steps, .. } => steps,
        _ => panic!("node '{}' is not a remedy", n.id),
    }
}
