//! Safety and accuracy rules of the shipped tree library, checked where a program can check
//! them (see `/work/shared/lock-facts.md` for the facts behind each rule):
//!
//! - every model tree (and the identification guide) starts with the `safety-first` hand-over,
//!   and that hand-over really reaches the emergency outcomes;
//! - anything that factory resets or re-hands a lock says "door open" first: in a caution and
//!   as the first step;
//! - a factory reset remedy tells the owner to set the lock up again at once;
//! - 9 V emergency power is only ever an instruction on the models that have 9 V terminals;
//! - on every model with a keyway, the branches where an owner may think a reset rekeys (lost
//!   key, new key, factory reset, second-hand) say plainly that it does not;
//! - no text tells anyone to pick, bump, force or bypass a lock, or to oil a cylinder;
//! - the example walks from the issue end where they must.

use std::collections::BTreeSet;

use lockdiag::catalog::{Catalog, load_library};
use lockdiag::session::Session;
use lockdiag::tree::{Cylinder, Node, NodeBody, NodeKind, Target, Tree, TreeKind};

/// Models whose lock-facts entry (section 0.3) lists 9 V emergency terminals.
const NINE_VOLT_MODELS: [&str; 4] = [
    "kwikset-obsidian",
    "nest-x-yale",
    "yale-assure-sl",
    "lockly",
];

fn catalog() -> Catalog {
    let loaded = load_library(true, &[]);
    let errors: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        !loaded.has_errors(),
        "library has errors:\n{}",
        errors.join("\n")
    );
    loaded.catalog.expect("catalog")
}

fn models(catalog: &Catalog) -> Vec<&Tree> {
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

fn tree<'c>(catalog: &'c Catalog, id: &str) -> &'c Tree {
    catalog
        .trees
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no tree '{id}'"))
}

/// Every text a person reads on a node, except search keywords. A locksmith card's `bring`
/// list (equipment for the professional, not instructions to the owner) only when asked.
fn texts(n: &Node, with_bring: bool) -> Vec<String> {
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
fn sentences(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split(['.', '!', '?', ';', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn has_word(s: &str, word: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| w == word)
}

fn negated(s: &str) -> bool {
    [
        "not", "never", "don't", "cannot", "can't", "no", "nothing", "won't",
    ]
    .iter()
    .any(|w| has_word(s, w))
}

/// A sentence that forbids what it names ("do not force the key", "never use oil"). Plain
/// "not" or "no" is not enough: "if no key works, pick the lock" is still an instruction.
fn forbids(s: &str) -> bool {
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

fn mentions_nine_volt(s: &str) -> bool {
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
fn nine_volt_instruction(s: &str) -> bool {
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
fn nine_volt_remedy(steps: &[String]) -> bool {
    let lower: Vec<String> = steps.iter().map(|s| s.to_lowercase()).collect();
    lower.iter().any(|s| mentions_nine_volt(s))
        && lower
            .iter()
            .any(|s| s.contains("hold") && (s.contains("contact") || s.contains("terminal")))
}

/// A sentence that instructs someone to defeat a lock. Warnings ("do not force the key") and
/// what a locksmith does ("a locksmith may pick it") are not instructions to the owner.
fn defeat_instruction(s: &str) -> bool {
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
fn procedures_used(catalog: &Catalog, start: &Tree) -> Vec<usize> {
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
fn landing<'c>(catalog: &'c Catalog, tree: &'c Tree, target: &Target) -> &'c Node {
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
fn says_reset_is_not_rekey(n: &Node) -> bool {
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
fn walk(catalog: &Catalog, tree_id: &str, answers: &[&str]) -> (Session, Vec<String>) {
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

fn steps_of(n: &Node) -> &[String] {
    match &n.body {
        NodeBody::Remedy { steps, .. } => steps,
        _ => panic!("node '{}' is not a remedy", n.id),
    }
}

// ------------------------------------------------------------------------- the tests

#[test]
fn the_text_checks_catch_what_they_should() {
    assert!(defeat_instruction("pick the lock with a tension wrench"));
    assert!(defeat_instruction(
        "slide a credit card between the door and the frame"
    ));
    assert!(defeat_instruction("use a bump key"));
    assert!(!defeat_instruction(
        "do not force the key or pry at the lock"
    ));
    assert!(!defeat_instruction(
        "a locksmith may pick it or fit a new cylinder"
    ));
    assert!(defeat_instruction("if no key works, pick the lock"));
    assert!(nine_volt_instruction(
        "if the key does not work, hold a 9 v battery on the contacts"
    ));
    assert!(nine_volt_instruction("hold a 9 v battery on the contacts"));
    assert!(nine_volt_instruction(
        "keep holding it there and enter your code while the 9v battery touches the terminals"
    ));
    assert!(!nine_volt_instruction(
        "the encode cannot be jump-started with a 9 v battery"
    ));
    assert!(!nine_volt_instruction(
        "ask whether it has 9 v emergency contacts"
    ));
    assert!(!nine_volt_instruction("a 9 v battery"));
    let mut n = Node {
        id: "x".into(),
        title: "A reset will not stop a key from working".into(),
        help: None,
        keywords: vec![],
        sources: vec![],
        line: 0,
        column: 0,
        body: NodeBody::Resolved,
    };
    assert!(says_reset_is_not_rekey(&n));
    n.title = "Reset the lock".into();
    assert!(!says_reset_is_not_rekey(&n));
    n.help = Some("Reset the lock. Do not force the key.".into());
    assert!(!says_reset_is_not_rekey(&n));
    n.help = Some("A factory reset erases the codes.\nIt NEVER changes which key works.".into());
    assert!(says_reset_is_not_rekey(&n));
}

#[test]
fn every_model_and_guide_starts_with_the_safety_check() {
    let catalog = catalog();
    let starts: Vec<&Tree> = catalog
        .trees
        .iter()
        .filter(|t| matches!(t.kind, TreeKind::Model(_) | TreeKind::Guide { .. }))
        .collect();
    for t in starts {
        match t.nodes[t.start].body {
            NodeBody::Procedure { procedure, .. } => assert_eq!(
                catalog.trees[procedure].id, "safety-first",
                "{} does not start with the safety-first procedure",
                t.id
            ),
            _ => panic!("{} does not start with a procedure hand-over", t.id),
        }
        // And the first screen really offers both ways to emergency services.
        let (s, _) = walk(
            &catalog,
            &t.id,
            &["Someone inside may be in danger (a person or a pet)"],
        );
        let n = s.node(&catalog);
        let NodeBody::Emergency { actions, .. } = &n.body else {
            panic!(
                "{}: danger inside does not reach an emergency outcome",
                t.id
            )
        };
        assert!(
            actions.iter().any(|a| a.contains("911")),
            "{}: no 911",
            t.id
        );
        let (s, _) = walk(
            &catalog,
            &t.id,
            &["I see signs of a break-in, or someone may be inside"],
        );
        let NodeBody::Emergency { actions, .. } = &s.node(&catalog).body else {
            panic!("{}: a break-in does not reach an emergency outcome", t.id)
        };
        assert!(
            actions.iter().any(|a| a.to_lowercase().contains("police")),
            "{}: a break-in does not say to call the police",
            t.id
        );
    }
}

#[test]
fn resets_and_handing_start_with_the_door_open() {
    let catalog = catalog();
    let mut checked = 0;
    let mut bad = Vec::new();
    for t in &catalog.trees {
        for n in &t.nodes {
            let NodeBody::Remedy {
                steps, cautions, ..
            } = &n.body
            else {
                continue;
            };
            // A hub or router being "reset" is not this lock being reset: steps count when they
            // do the lock's reset, handing or calibration themselves.
            let step_about = |s: &String| {
                let s = s.to_lowercase();
                [
                    "factory reset",
                    "reset button",
                    "reset needle",
                    "reset the lock",
                    "reset it",
                    "handing",
                    "calibrat",
                ]
                .iter()
                .any(|w| s.contains(w))
            };
            let title = n.title.to_lowercase();
            let title_about =
                title.contains("reset") || title.contains("handing") || title.contains("calibrat");
            if !(title_about || steps.iter().any(step_about)) {
                continue;
            }
            checked += 1;
            let first = steps[0].to_lowercase();
            if !(first.contains("door") && first.contains("open")) {
                bad.push(format!(
                    "{}/{}: the first step must put the door open, not '{}'",
                    t.id, n.id, steps[0]
                ));
            }
            if !cautions.iter().any(|c| {
                let c = c.to_lowercase();
                c.contains("door") && c.contains("open")
            }) {
                bad.push(format!(
                    "{}/{}: no caution says to keep the door open",
                    t.id, n.id
                ));
            }
        }
    }
    // Support cards that send the owner off to do a reset say the same.
    for t in &catalog.trees {
        for n in &t.nodes {
            let NodeBody::Manufacturer { why, .. } = &n.body else {
                continue;
            };
            let w = why.to_lowercase();
            let about_reset = sentences(&w).iter().any(|s| {
                (s.contains("reset") || s.contains("handing"))
                    && !s.contains("did not")
                    && !s.contains("cradle")
            });
            if about_reset && !(w.contains("door open") || w.contains("door is open")) {
                bad.push(format!(
                    "{}/{}: a support card about a reset without 'door open'",
                    t.id, n.id
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked >= 30, "only {checked} reset/handing remedies found");
}

#[test]
fn a_reset_is_followed_by_setting_the_lock_up_again_at_once() {
    let catalog = catalog();
    let urgent = ["straight away", "at once", "immediately", "right away"];
    let mut checked = 0;
    let mut bad = Vec::new();
    for t in &catalog.trees {
        for n in &t.nodes {
            let title = n.title.to_lowercase();
            let text = texts(n, false).join("\n").to_lowercase();
            let instructs_reset = match &n.body {
                NodeBody::Remedy { .. } => title.contains("reset"),
                // Support cards that tell the owner how a reset will go.
                NodeBody::Manufacturer { why, .. } => {
                    let w = why.to_lowercase();
                    w.contains("reset")
                        && (w.contains("keep the door open") || w.contains("when you do it"))
                }
                _ => false,
            };
            if !instructs_reset {
                continue;
            }
            checked += 1;
            if !urgent.iter().any(|u| text.contains(u)) {
                bad.push(format!(
                    "{}/{}: a reset without 'set it up again at once'",
                    t.id, n.id
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked >= 25, "only {checked} reset nodes found");

    // The locks that are open to anyone right after a reset say so where the reset is done.
    let insecure: [(&str, &str, &str); 5] = [
        ("ultraloq-u-bolt-pro", "reset", "any fingerprint or code"),
        ("schlage-connect", "reset-zp", "default codes"),
        ("schlage-connect", "reset-older", "default codes"),
        ("schlage-encode", "reset-support", "default codes"),
        ("lockly", "reset-support", "123456"),
    ];
    for (model, node, words) in insecure {
        let t = tree(&catalog, model);
        let n = &t.nodes[t.index[node]];
        let text = texts(n, false).join("\n").to_lowercase();
        assert!(
            text.contains(words),
            "{model}/{node} does not warn about '{words}'"
        );
    }
    // Yale and Nest x Yale accept nothing but a new master code after a reset.
    for (model, node) in [
        ("yale-assure-2-keyed", "reset"),
        ("yale-assure-2-keyfree", "reset"),
        ("yale-assure-sl", "reset"),
        ("nest-x-yale", "reset"),
        ("nest-x-yale", "second-hand-reset"),
    ] {
        let t = tree(&catalog, model);
        let n = &t.nodes[t.index[node]];
        let text = texts(n, false).join("\n").to_lowercase();
        assert!(
            text.contains("new master") && urgent.iter().any(|u| text.contains(u)),
            "{model}/{node}: no 'create a new master code straight away'"
        );
    }
}

#[test]
fn nine_volt_power_only_where_the_lock_has_terminals() {
    let catalog = catalog();
    for t in models(&catalog) {
        let m = t.model().expect("model");
        let listed = NINE_VOLT_MODELS.contains(&t.id.as_str());
        assert_eq!(
            m.emergency_power.iter().any(|p| p == "9v"),
            listed,
            "{}: emergency_power {:?} disagrees with lock-facts section 0.3",
            t.id,
            m.emergency_power
        );
        let mut trees = vec![t];
        trees.extend(
            procedures_used(&catalog, t)
                .into_iter()
                .map(|i| &catalog.trees[i]),
        );
        let mut instructions = Vec::new();
        for tr in trees {
            for n in &tr.nodes {
                for text in texts(n, false) {
                    for s in sentences(&text) {
                        if nine_volt_instruction(&s) {
                            instructions.push(format!("{}/{}: {s}", tr.id, n.id));
                        }
                    }
                }
            }
        }
        if listed {
            assert!(
                t.nodes
                    .iter()
                    .any(|n| matches!(&n.body, NodeBody::Remedy { steps, .. }
                    if nine_volt_remedy(steps))),
                "{}: has 9 V terminals but no remedy tells how to use them",
                t.id
            );
        } else {
            assert!(
                instructions.is_empty(),
                "{} has no 9 V terminals per lock-facts, but says:\n{}",
                t.id,
                instructions.join("\n")
            );
        }
    }
}

#[test]
fn walk_smartcode_916_lost_key_without_a_working_key_reaches_a_locksmith() {
    let catalog = catalog();
    let t = tree(&catalog, "kwikset-smartcode");
    assert!(
        t.model()
            .expect("model")
            .aliases
            .iter()
            .any(|a| a == "SmartCode 916"),
        "the SmartCode tree no longer covers the 916"
    );
    let start = [
        "No one is in danger",
        "I lost a key, or I want old keys to stop working",
    ];
    let (s, _) = walk(&catalog, &t.id, &start);
    assert!(says_reset_is_not_rekey(s.node(&catalog)));
    for (access, urgency) in [
        (
            "Yes, I can get in and lock the door another way",
            "can-wait",
        ),
        ("No, I'm locked out or the door can't be locked", "today"),
        (
            "I'm locked out and someone needs to get in right now",
            "emergency",
        ),
    ] {
        let mut answers = start.to_vec();
        answers.extend([
            "Rekey the cylinder so the lost key stops working",
            "No, no key I have turns it",
            access,
        ]);
        let (s, seen) = walk(&catalog, &t.id, &answers);
        let n = s.node(&catalog);
        let NodeBody::Locksmith {
            urgency: u, why, ..
        } = &n.body
        else {
            panic!(
                "lost key, no working key ends at {} ({}), not a locksmith",
                n.id,
                n.kind()
            )
        };
        assert_eq!(
            format!("{u:?}").to_lowercase().replace('-', ""),
            urgency.replace('-', "")
        );
        assert!(
            why.contains("SmartKey"),
            "the card does not name the SmartKey cylinder"
        );
        assert!(
            seen.iter().any(|id| id == "smartkey-no-key-access"),
            "the walk did not go through the SmartKey no-key question: {seen:?}"
        );
    }
}

#[test]
fn walk_encode_dead_batteries_outside_uses_the_key_never_9v() {
    let catalog = catalog();
    let base = [
        "No one is in danger",
        "The batteries are dead, low, or run down fast",
        "They're dead and I'm outside, locked out",
    ];
    let (s, _) = walk(&catalog, "schlage-encode", &base);
    let n = s.node(&catalog);
    assert_eq!(n.kind(), NodeKind::Question, "at {}", n.id);
    let mut with_key = base.to_vec();
    with_key.push("Yes, I have the key");
    let (s, _) = walk(&catalog, "schlage-encode", &with_key);
    let n = s.node(&catalog);
    let steps = steps_of(n);
    assert!(
        steps.iter().any(|st| st.to_lowercase().contains("key")),
        "{}: no key step",
        n.id
    );
    assert!(
        !steps
            .iter()
            .any(|st| mentions_nine_volt(&st.to_lowercase())),
        "{}: a 9 V step on an Encode",
        n.id
    );
    // Without a key: a locksmith, and nothing on the way says to hold a 9 V battery.
    let mut no_key = base.to_vec();
    no_key.extend(["No, I don't have a key", "No, but I need to get in today"]);
    let (s, seen) = walk(&catalog, "schlage-encode", &no_key);
    assert_eq!(s.node(&catalog).kind(), NodeKind::Locksmith);
    let t = tree(&catalog, "schlage-encode");
    for id in seen.iter().filter_map(|id| t.index.get(id)) {
        for text in texts(&t.nodes[*id], false) {
            for s in sentences(&text) {
                assert!(!nine_volt_instruction(&s), "Encode walk says: {s}");
            }
        }
    }
}

#[test]
fn walk_nest_x_yale_dead_batteries_uses_9v() {
    let catalog = catalog();
    let answers = [
        "No one is in danger",
        "The batteries are dead or low",
        "Yes, I'm outside and the touchscreen is dead",
    ];
    let (s, _) = walk(&catalog, "nest-x-yale", &answers);
    let n = s.node(&catalog);
    let steps = steps_of(n);
    assert!(nine_volt_remedy(steps), "{}: no 9 V instruction", n.id);
    assert!(
        steps.iter().any(|st| st.to_lowercase().contains("bottom")),
        "{}: the Nest x Yale contacts are at the bottom of the lock",
        n.id
    );
    // If the 9 V battery does not help, a locksmith: there is no key to fall back on.
    let mut failed = answers.to_vec();
    failed.push("no");
    let (s, _) = walk(&catalog, "nest-x-yale", &failed);
    assert_eq!(s.node(&catalog).kind(), NodeKind::Locksmith);
}

#[test]
fn keyed_models_say_a_reset_does_not_rekey_where_owners_expect_it_to() {
    let catalog = catalog();
    let mut checked = 0;
    let mut bad = Vec::new();
    for t in models(&catalog) {
        let m = t.model().expect("model");
        if m.cylinder == Cylinder::None {
            continue;
        }
        let symptom = &t.nodes[*t
            .index
            .get("symptom")
            .unwrap_or_else(|| panic!("{}: no symptom node", t.id))];
        let NodeBody::Question { choices } = &symptom.body else {
            panic!("{}: symptom is not a question", t.id)
        };
        let mut branches = 0;
        for c in choices {
            let l = c.label.to_lowercase();
            if l.contains("lost")
                || l.contains("reset")
                || l.contains("second-hand")
                || l.contains("came with my home")
            {
                branches += 1;
                let n = landing(&catalog, t, &c.next);
                if !says_reset_is_not_rekey(n) {
                    bad.push(format!(
                        "{}: after '{}', node '{}' does not say a reset leaves the key unchanged",
                        t.id, c.label, n.id
                    ));
                }
            }
        }
        assert_eq!(
            branches, 3,
            "{}: expected lost-key, factory-reset and second-hand branches",
            t.id
        );
        // Wherever the owner reports a new key that never worked.
        let mut new_key = 0;
        for n in &t.nodes {
            if let NodeBody::Question { choices } = &n.body {
                for c in choices
                    .iter()
                    .filter(|c| c.label.to_lowercase().contains("new key"))
                {
                    new_key += 1;
                    let to = landing(&catalog, t, &c.next);
                    if !says_reset_is_not_rekey(to) {
                        bad.push(format!(
                            "{}: '{}' leads to '{}', which does not say a reset leaves the key unchanged",
                            t.id, c.label, to.id
                        ));
                    }
                }
            }
        }
        assert!(new_key >= 1, "{}: no 'new key' answer", t.id);
        checked += 1;
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked >= 13, "only {checked} keyed models");
    // The rekey procedures themselves open with it.
    for id in [
        "rekey-smartkey",
        "rekey-pin-tumbler",
        "rekey-retrofit",
        "second-hand",
    ] {
        let p = tree(&catalog, id);
        assert!(
            says_reset_is_not_rekey(&p.nodes[p.start]),
            "procedure {id} does not open by saying a reset is not a rekey"
        );
    }
}

#[test]
fn rekey_follows_the_cylinder_type() {
    let catalog = catalog();
    let expected = |c: Cylinder| match c {
        Cylinder::Smartkey => Some("rekey-smartkey"),
        Cylinder::PinTumbler => Some("rekey-pin-tumbler"),
        Cylinder::None => Some("rekey-keyless"),
        Cylinder::Retrofit => Some("rekey-retrofit"),
        Cylinder::Unknown => None,
    };
    for t in models(&catalog) {
        let m = t.model().expect("model");
        let used: Vec<&str> = procedures_used(&catalog, t)
            .into_iter()
            .map(|i| catalog.trees[i].id.as_str())
            .filter(|id| id.starts_with("rekey-"))
            .collect();
        match expected(m.cylinder) {
            Some(want) => {
                // The retrofit procedure calls the SmartKey and pin-tumbler ones for the door's
                // own cylinder; any other model uses only its own kind.
                assert!(
                    used.contains(&want),
                    "{}: does not use {want}: {used:?}",
                    t.id
                );
                if m.cylinder != Cylinder::Retrofit {
                    assert_eq!(
                        used,
                        vec![want],
                        "{}: rekeys with the wrong procedures",
                        t.id
                    );
                }
            }
            None => {
                for want in ["rekey-smartkey", "rekey-pin-tumbler", "rekey-keyless"] {
                    assert!(
                        used.contains(&want),
                        "{}: an unknown cylinder must offer {want}",
                        t.id
                    );
                }
            }
        }
    }
    // SmartKey without a working key is never a DIY rekey.
    let p = tree(&catalog, "rekey-smartkey");
    let NodeBody::Question { choices } = &p.nodes[p.start].body else {
        panic!("rekey-smartkey does not start with a question")
    };
    let no_key = choices
        .iter()
        .find(|c| c.label.to_lowercase().starts_with("no"))
        .expect("a 'no working key' answer");
    let n = landing(&catalog, p, &no_key.next);
    let NodeBody::Question { choices } = &n.body else {
        panic!("{}", n.id)
    };
    for c in choices {
        let to = landing(&catalog, p, &c.next);
        assert_eq!(
            to.kind(),
            NodeKind::Locksmith,
            "SmartKey without a key: '{}' leads to {}",
            c.label,
            to.id
        );
    }
}

#[test]
fn no_text_tells_anyone_to_defeat_a_lock_or_oil_it() {
    let catalog = catalog();
    let mut bad = Vec::new();
    let mut scanned = 0;
    for t in &catalog.trees {
        for n in &t.nodes {
            for text in texts(n, false) {
                for s in sentences(&text) {
                    scanned += 1;
                    if defeat_instruction(&s) {
                        bad.push(format!("{}/{}: {s}", t.id, n.id));
                    }
                    let oil = has_word(&s, "oil") || s.contains("wd-40") || has_word(&s, "grease");
                    if oil && !forbids(&s) {
                        bad.push(format!("{}/{}: oil not forbidden: {s}", t.id, n.id));
                    }
                    if s.contains("lubric") && !s.contains("dry") && !s.contains("graphite") {
                        bad.push(format!(
                            "{}/{}: a lubricant that is not a dry one: {s}",
                            t.id, n.id
                        ));
                    }
                }
            }
        }
    }
    assert!(scanned > 5000, "only {scanned} sentences scanned");
    assert!(bad.is_empty(), "unsafe text:\n{}", bad.join("\n"));
}

#[test]
fn previously_owned_locks_follow_the_makers_route() {
    let catalog = catalog();
    let all_text = |id: &str| {
        tree(&catalog, id)
            .nodes
            .iter()
            .flat_map(|n| texts(n, false))
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase()
    };
    assert!(
        all_text("ultraloq-u-bolt-pro").contains("30 days"),
        "Ultraloq: no 30-day release"
    );
    for id in ["august-wifi", "august-smart-lock"] {
        let t = tree(&catalog, id);
        let n = &t.nodes[t.index["second-hand-support"]];
        let NodeBody::Manufacturer { have_ready, .. } = &n.body else {
            panic!("{id}")
        };
        assert!(
            have_ready
                .iter()
                .any(|h| h.to_lowercase().contains("serial")),
            "{id}: August support needs the serial number"
        );
    }
}

#[test]
fn every_remedy_rests_on_a_source() {
    let catalog = catalog();
    let bad: Vec<String> = catalog
        .trees
        .iter()
        .flat_map(|t| t.nodes.iter().map(move |n| (t, n)))
        .filter(|(_, n)| n.kind() == NodeKind::Remedy && n.sources.is_empty())
        .map(|(t, n)| format!("{}/{}", t.id, n.id))
        .collect();
    assert!(
        bad.is_empty(),
        "remedies without sources:\n{}",
        bad.join("\n")
    );
}

#[test]
fn reset_hold_times_match_lock_facts_and_unverified_resets_are_not_invented() {
    let catalog = catalog();
    let text_of = |model: &str, node: &str| {
        let t = tree(&catalog, model);
        let i = t
            .index
            .get(node)
            .unwrap_or_else(|| panic!("{model} has no node {node}"));
        texts(&t.nodes[*i], false).join("\n").to_lowercase()
    };
    // Section 0.1 and the model sections of lock-facts.
    let expected: [(&str, &str, &[&str]); 12] = [
        (
            "kwikset-smartcode",
            "reset-steps",
            &[
                "while you put the battery pack back in",
                "30 seconds",
                "once more",
            ],
        ),
        (
            "kwikset-halo",
            "reset-steps",
            &[
                "while you put the battery pack back in",
                "30 seconds",
                "once more",
            ],
        ),
        (
            "kwikset-aura",
            "reset-steps",
            &[
                "while you put the battery pack back in",
                "30 seconds",
                "once more",
            ],
        ),
        (
            "kwikset-obsidian",
            "reset-steps",
            &[
                "while you put the battery pack back in",
                "30 seconds",
                "once more",
            ],
        ),
        ("schlage-connect", "reset-zp", &["7 seconds"]),
        (
            "yale-assure-2-keyed",
            "reset",
            &["while you put all four batteries back in", "at least 3"],
        ),
        (
            "yale-assure-2-keyfree",
            "reset",
            &["while you put all four batteries back in", "at least 3"],
        ),
        (
            "yale-assure-sl",
            "reset",
            &["while you put all four batteries back in", "at least 3"],
        ),
        (
            "ultraloq-u-bolt-pro",
            "reset",
            &["10 seconds", "one long beep and two short"],
        ),
        (
            "nest-x-yale",
            "reset",
            &[
                "while you put the batteries back in",
                "light turns red",
                "erasing all settings",
            ],
        ),
        (
            "nest-x-yale",
            "reset-retry",
            &["light turns red", "erasing all settings"],
        ),
        (
            "nest-x-yale",
            "second-hand-reset",
            &["light turns red", "erasing all settings"],
        ),
    ];
    for (model, node, words) in expected {
        let text = text_of(model, node);
        for w in words {
            assert!(text.contains(w), "{model}/{node} does not say '{w}'");
        }
    }
    // "Hold 10 seconds" is wrong for Kwikset, Schlage, Yale and Nest: no reset there says it.
    for model in [
        "kwikset-smartcode",
        "kwikset-halo",
        "kwikset-aura",
        "kwikset-obsidian",
        "schlage-connect",
        "schlage-encode",
        "yale-assure-2-keyed",
        "yale-assure-2-keyfree",
        "yale-assure-sl",
        "nest-x-yale",
    ] {
        for n in &tree(&catalog, model).nodes {
            let text = texts(n, false).join("\n").to_lowercase();
            assert!(
                !(text.contains("reset") && text.contains("10 seconds")),
                "{model}/{}: a 10-second reset",
                n.id
            );
        }
    }
    // Where lock-facts marks the reset sequence UNVERIFIED, no remedy gives a button sequence:
    // the reset goes through the app or the maker's support.
    for model in [
        "schlage-encode",
        "lockly",
        "level-bolt",
        "level-lock",
        "eufy",
        "august-wifi",
        "august-smart-lock",
    ] {
        for n in &tree(&catalog, model).nodes {
            let NodeBody::Remedy { steps, .. } = &n.body else {
                continue;
            };
            for s in steps.iter().map(|s| s.to_lowercase()) {
                let button = s.contains("reset button") || s.contains("reset needle");
                let timed = s.contains("hold") && s.contains("second");
                assert!(
                    !(button || (timed && s.contains("reset"))),
                    "{model}/{}: an unverified reset sequence: {s}",
                    n.id
                );
            }
        }
        let t = tree(&catalog, model);
        assert!(
            t.nodes
                .iter()
                .any(|n| n.kind() == NodeKind::Manufacturer && n.id.contains("reset")),
            "{model}: no support route for the reset"
        );
    }
}
