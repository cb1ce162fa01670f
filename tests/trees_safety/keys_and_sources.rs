//! Resets never rekey, rekeying by cylinder type, nothing that defeats a lock, the makers'
//! route for second-hand locks, sources, and reset hold times.

use lockdiag::tree::{Cylinder, NodeBody, NodeKind, Target};

use super::helpers::*;

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
                // own cylinder, and the SmartKey one hands a cylinder without the SmartKey slot
                // over to the pin-tumbler one; any other model uses only its own kind.
                assert!(
                    used.contains(&want),
                    "{}: does not use {want}: {used:?}",
                    t.id
                );
                if m.cylinder == Cylinder::Smartkey {
                    assert_eq!(
                        used,
                        vec!["rekey-pin-tumbler", "rekey-smartkey"],
                        "{}: rekeys with the wrong procedures",
                        t.id
                    );
                } else if m.cylinder != Cylinder::Retrofit {
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
    // Not every Kwikset lock has SmartKey: the procedure asks about the slot first, and a plain
    // keyhole (or an unsure owner) goes to the pin-tumbler procedure.
    let p = tree(&catalog, "rekey-smartkey");
    let NodeBody::Question { choices } = &p.nodes[p.start].body else {
        panic!("rekey-smartkey does not start with a question")
    };
    assert!(
        p.nodes[p.start].title.to_lowercase().contains("slot"),
        "rekey-smartkey does not start by asking about the SmartKey slot"
    );
    let mut to_pin = 0;
    for c in choices.iter().filter(|c| !c.label.starts_with("Yes")) {
        let Target::Node(i) = c.next else {
            panic!("'{}' returns", c.label)
        };
        let NodeBody::Procedure { procedure, .. } = p.nodes[i].body else {
            panic!("'{}' does not hand over to a procedure", c.label)
        };
        assert_eq!(
            catalog.trees[procedure].id, "rekey-pin-tumbler",
            "'{}'",
            c.label
        );
        to_pin += 1;
    }
    assert_eq!(to_pin, 2, "the 'no slot' and 'not sure' answers");
    // SmartKey without a working key is never a DIY rekey.
    let NodeBody::Question { choices } = &p.nodes[p.index["smartkey-working-key"]].body else {
        panic!("smartkey-working-key is not a question")
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
