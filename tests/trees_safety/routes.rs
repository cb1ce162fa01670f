//! Routes a locksmith expects (issue 14): every key-won't-turn menu of a keyed model offers the
//! damaged-cylinder answer, and no factory reset of a hub-capable model is reachable without
//! first passing a question about the hub. Each check is also run against a copy of a shipped
//! tree with the route taken out, to prove it can fail.

use std::collections::BTreeSet;
use std::path::PathBuf;

use lockdiag::catalog::{Catalog, load_library};
use lockdiag::tree::{Cylinder, NodeBody, Target, Tree, Urgency};

use super::helpers::*;

/// The answer every key-won't-turn menu offers, and the procedure it hands over to.
const DAMAGED_LABEL: &str = "The keyhole looks damaged, drilled, pried or gouged";
const DAMAGED_PROCEDURE: &str = "damaged-cylinder";

/// The library with one shipped tree replaced by an edited copy (its path tests cut off, as
/// they may walk the route the edit removed).
fn with_edited(file: &str, edit: impl Fn(&str) -> String) -> (tempfile::TempDir, Catalog) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("trees")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("read tree");
    let edited = edit(&text);
    assert_ne!(edited, text, "{file}: the edit changed nothing");
    let body = edited
        .split_once("\ntests:\n")
        .map_or(edited.as_str(), |(b, _)| b);
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join(file);
    std::fs::write(&copy, format!("{body}\n")).expect("write copy");
    let loaded = load_library(true, &[copy]);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .filter(|d| d.contains("error"))
        .collect();
    assert!(errors.is_empty(), "edited {file}:\n{}", errors.join("\n"));
    (dir, loaded.catalog.expect("catalog"))
}

/// Whether a target hands over to the procedure `id`.
fn hands_over_to(catalog: &Catalog, tree: &Tree, target: &Target, id: &str) -> bool {
    let Target::Node(i) = target else {
        return false;
    };
    matches!(tree.nodes[*i].body, NodeBody::Procedure { procedure, .. } if catalog.trees[procedure].id == id)
}

/// Key-won't-turn menus of keyed models that do not offer the damaged-cylinder answer. A menu is
/// where the symptom menu's key answer lands, and every question that offers "a piece of key
/// broke off inside".
fn damaged_route_gaps(catalog: &Catalog) -> (usize, Vec<String>) {
    let mut menus = 0;
    let mut gaps = Vec::new();
    for t in models(catalog) {
        let m = t.model().expect("model");
        if m.cylinder == Cylinder::None {
            continue;
        }
        let symptom = &t.nodes[t.index["symptom"]];
        let NodeBody::Question { choices } = &symptom.body else {
            panic!("{}: symptom is not a question", t.id)
        };
        let key = choices
            .iter()
            .find(|c| {
                let l = c.label.to_lowercase();
                l.contains("key won't") || l.contains("key wont")
            })
            .unwrap_or_else(|| panic!("{}: no key-won't-turn answer", t.id));
        let mut ids: BTreeSet<&str> = BTreeSet::new();
        ids.insert(landing(catalog, t, &key.next).id.as_str());
        for n in &t.nodes {
            if let NodeBody::Question { choices } = &n.body
                && choices.iter().any(|c| c.label.contains("broke off inside"))
            {
                ids.insert(n.id.as_str());
            }
        }
        for id in ids {
            menus += 1;
            let n = &t.nodes[t.index[id]];
            let NodeBody::Question { choices } = &n.body else {
                gaps.push(format!("{}/{id}: the key menu is not a question", t.id));
                continue;
            };
            let offered = choices.iter().any(|c| {
                c.label == DAMAGED_LABEL && hands_over_to(catalog, t, &c.next, DAMAGED_PROCEDURE)
            });
            if !offered {
                gaps.push(format!(
                    "{}/{id}: no '{DAMAGED_LABEL}' answer leading to {DAMAGED_PROCEDURE}",
                    t.id
                ));
            }
        }
    }
    (menus, gaps)
}

#[test]
fn every_key_menu_of_a_keyed_model_offers_the_damaged_cylinder_route() {
    let catalog = catalog();
    let (menus, gaps) = damaged_route_gaps(&catalog);
    assert!(gaps.is_empty(), "{}", gaps.join("\n"));
    assert!(menus >= 22, "only {menus} key menus found");

    // The procedure: police first for recent (or unsure) damage, otherwise a locksmith today.
    let p = tree(&catalog, DAMAGED_PROCEDURE);
    let NodeBody::Question { choices } = &p.nodes[p.start].body else {
        panic!("{DAMAGED_PROCEDURE} does not start with a question")
    };
    let mut emergency = 0;
    let mut today = 0;
    for c in choices {
        let n = landing(&catalog, p, &c.next);
        match &n.body {
            NodeBody::Emergency { actions, .. } => {
                let a = actions.join("\n").to_lowercase();
                assert!(a.contains("police") && a.contains("photograph"), "{}", n.id);
                assert!(a.contains("do not touch"), "{}", n.id);
                emergency += 1;
            }
            NodeBody::Locksmith { urgency, .. } => {
                assert_eq!(*urgency, Urgency::Today, "{}", n.id);
                today += 1;
            }
            _ => panic!("{DAMAGED_PROCEDURE}: '{}' leads to {}", c.label, n.id),
        }
    }
    assert!(emergency >= 1 && today >= 1, "{emergency} {today}");

    // The check fails on a menu with the answer taken out.
    let answer = format!("      - label: {DAMAGED_LABEL}\n        next: key-damaged\n");
    let (_d, edited) = with_edited("schlage-connect.yaml", |t| t.replace(&answer, ""));
    let (_, gaps) = damaged_route_gaps(&edited);
    assert!(
        gaps.iter()
            .any(|g| g.starts_with("schlage-connect/kwt-what")),
        "{gaps:?}"
    );
    // Also on the second menu of a tree that asks "locked out?" first.
    let (_d, edited) = with_edited("august-wifi.yaml", |t| {
        let i = t.rfind(&answer).expect("answer");
        format!("{}{}", &t[..i], &t[i + answer.len()..])
    });
    let (_, gaps) = damaged_route_gaps(&edited);
    assert_eq!(
        gaps,
        vec![format!(
            "august-wifi/key-in: no '{DAMAGED_LABEL}' answer leading to {DAMAGED_PROCEDURE}"
        )]
    );
}

/// Whether the model can be on a smart-home hub (lock-facts 2 and 6: such a lock is removed
/// from the hub before any factory reset).
fn hub_capable(tree: &Tree) -> bool {
    tree.model().is_some_and(|m| {
        m.connectivity
            .iter()
            .any(|c| ["hub", "z-wave", "zigbee"].contains(&c.as_str()))
    })
}

/// A remedy that factory resets the lock (or tries it again).
fn is_reset(n: &lockdiag::tree::Node) -> bool {
    matches!(n.body, NodeBody::Remedy { .. }) && n.title.to_lowercase().contains("reset")
}

/// A question that asks about the hub.
fn is_hub_question(n: &lockdiag::tree::Node) -> bool {
    matches!(n.body, NodeBody::Question { .. }) && n.title.to_lowercase().contains("hub")
}

/// Reset remedies of hub-capable models that a walk can reach from the start without passing
/// a question about the hub, stepping into shared procedures and back out of them; and how
/// many models were checked.
fn resets_before_hub_question(catalog: &Catalog) -> (usize, Vec<String>) {
    // A place in a walk: the tree, the node (None = `return`), and the callers' `next`s.
    type Place = (usize, Option<usize>, Vec<(usize, Option<usize>)>);
    let to = |t: &Target| match t {
        Target::Node(i) => Some(*i),
        Target::Return => None,
    };
    let mut models = 0;
    let mut bad = BTreeSet::new();
    for (ti, t) in catalog.trees.iter().enumerate() {
        if !hub_capable(t) {
            continue;
        }
        models += 1;
        let mut seen: BTreeSet<Place> = BTreeSet::new();
        let mut todo: Vec<Place> = vec![(ti, Some(t.start), Vec::new())];
        while let Some(place) = todo.pop() {
            if !seen.insert(place.clone()) {
                continue;
            }
            let (tree, node, mut stack) = place;
            let Some(node) = node else {
                if let Some((caller, next)) = stack.pop() {
                    todo.push((caller, next, stack));
                }
                continue;
            };
            let here = &catalog.trees[tree];
            let n = &here.nodes[node];
            if is_hub_question(n) {
                continue;
            }
            if is_reset(n) {
                bad.insert(format!(
                    "{}: reset '{}/{}' is reachable without a hub question",
                    t.id, here.id, n.id
                ));
                continue;
            }
            match &n.body {
                NodeBody::Question { choices } => {
                    for c in choices {
                        todo.push((tree, to(&c.next), stack.clone()));
                    }
                }
                NodeBody::Remedy {
                    fixed, not_fixed, ..
                } => {
                    todo.push((tree, to(fixed), stack.clone()));
                    todo.push((tree, to(not_fixed), stack.clone()));
                }
                NodeBody::Procedure { procedure, next } => {
                    let mut inner = stack.clone();
                    inner.push((tree, to(next)));
                    let p = &catalog.trees[*procedure];
                    todo.push((*procedure, Some(p.start), inner));
                }
                _ => {}
            }
        }
    }
    (models, bad.into_iter().collect())
}

#[test]
fn no_reset_of_a_hub_capable_model_comes_before_a_hub_question() {
    let catalog = catalog();
    let (models, bad) = resets_before_hub_question(&catalog);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(models >= 9, "only {models} hub-capable models");
    // Every hub-capable model that has a reset remedy was really walked to one through the
    // hub question (the check is not empty because the resets are unreachable).
    let with_resets = catalog
        .trees
        .iter()
        .filter(|t| hub_capable(t) && t.nodes.iter().any(is_reset))
        .count();
    assert!(with_resets >= 9, "only {with_resets} models with a reset");

    // The shared hub question offers adding the code from the hub, and excluding first.
    let p = tree(&catalog, "hub-before-reset");
    let NodeBody::Question { choices } = &p.nodes[p.start].body else {
        panic!("hub-before-reset does not start with a question")
    };
    let titles: Vec<String> = choices
        .iter()
        .filter(|c| c.next != Target::Return)
        .map(|c| landing(&catalog, p, &c.next).title.clone())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("code from the hub")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t.contains("exclude")), "{titles:?}");

    // The check fails when a reset path skips the hub question: the Connect second-hand
    // branch sent straight to the reset, as it was before issue 14.
    let (_d, edited) = with_edited("schlage-connect.yaml", |t| {
        t.replace(
            "Clear the old codes (factory reset)\n        next: reset-hub-check",
            "Clear the old codes (factory reset)\n        next: reset-generation",
        )
    });
    let (_, bad) = resets_before_hub_question(&edited);
    assert_eq!(
        bad,
        vec![
            "schlage-connect: reset 'schlage-connect/reset-older' is reachable without a hub question",
            "schlage-connect: reset 'schlage-connect/reset-zp' is reachable without a hub question",
        ]
    );
}

/// Reset remedies of keyed models, reached from the second-hand branch (without going back to
/// the symptom menu), whose "fixed" ends the walk instead of going on to the keys; and how
/// many such resets there are.
fn second_hand_resets_that_stop(catalog: &Catalog) -> (usize, Vec<String>) {
    let mut resets = 0;
    let mut bad = Vec::new();
    for t in models(catalog) {
        if t.model().expect("model").cylinder == Cylinder::None {
            continue;
        }
        let symptom = t.index["symptom"];
        let start = Target::Node(
            *t.index
                .get("second-hand")
                .unwrap_or_else(|| panic!("{}: no second-hand node", t.id)),
        );
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&Target> = vec![&start];
        while let Some(target) = todo.pop() {
            let Target::Node(i) = target else { continue };
            if *i == symptom || !seen.insert(*i) {
                continue;
            }
            let n = &t.nodes[*i];
            match &n.body {
                NodeBody::Question { choices } => todo.extend(choices.iter().map(|c| &c.next)),
                NodeBody::Remedy {
                    fixed, not_fixed, ..
                } => {
                    if is_reset(n) {
                        resets += 1;
                        let to = landing(catalog, t, fixed);
                        if matches!(to.body, NodeBody::Resolved) {
                            bad.push(format!(
                                "{}: after '{}', 'fixed' ends at '{}' without the keys",
                                t.id, n.id, to.id
                            ));
                        }
                    }
                    todo.push(fixed);
                    todo.push(not_fixed);
                }
                NodeBody::Procedure { next, .. } => todo.push(next),
                _ => {}
            }
        }
    }
    (resets, bad)
}

#[test]
fn a_second_hand_reset_of_a_keyed_lock_goes_on_to_the_keys() {
    let catalog = catalog();
    let (resets, bad) = second_hand_resets_that_stop(&catalog);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(resets >= 8, "only {resets} second-hand resets found");
    // The check fails when the reset ends at "Done" again, as before issue 14.
    let (_d, edited) = with_edited("schlage-connect.yaml", |t| {
        t.replace(
            "    fixed: reset-done\n    not_fixed: reset-failed\n",
            "    fixed: second-hand-done\n    not_fixed: reset-failed\n",
        )
    });
    let (_, bad) = second_hand_resets_that_stop(&edited);
    assert_eq!(bad.len(), 2, "{bad:?}");
}
