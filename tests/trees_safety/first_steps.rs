//! The text checks themselves, safety first, the door open before resets, setting up again
//! after a reset, 9 V only where the lock has terminals, and the example walks.

use lockdiag::tree::{Node, NodeBody, NodeKind, Tree, TreeKind};

use super::helpers::*;

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
            "Yes, there is a small extra slot (SmartKey)",
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
