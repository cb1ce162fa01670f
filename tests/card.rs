//! The locksmith card of shipped trees after a real walk: what the walk learned is on the card
//! (the cylinder after "a plain keyhole with no extra slot"), and the urgency follows the
//! situation the answers described.

use lockdiag::catalog::{Catalog, load_library_for_app};
use lockdiag::export::{locksmith_card_md, locksmith_card_text};
use lockdiag::store::Case;
use lockdiag::tree::{Fact, NodeKind};

fn catalog() -> Catalog {
    let loaded = load_library_for_app(&[]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.catalog.expect("catalog")
}

/// A case walked through `model` with `answers` as `walk --answer` takes them.
fn walk(c: &Catalog, model: &str, answers: &[&str]) -> Case {
    let mut case = Case::start(c, c.model_index(model).expect("model")).expect("start");
    for a in answers {
        let parsed = case.session().parse_answer(c, a).expect("answer parses");
        case.answer(c, parsed).expect("answer applies");
    }
    case
}

/// The generic tree's rekey route with a plain keyhole and no working key, up to "can you
/// still get in and lock the door another way?".
const PLAIN_KEYHOLE_NO_KEY: [&str; 6] = [
    "No one is in danger",
    "I lost a key, or I want old keys or codes to stop working",
    "A keyhole, with or without a small extra slot beside it",
    "No, just a plain keyhole with no extra slot",
    "Make lost or old keys stop working (rekey)",
    "No, no key I have turns it",
];

fn with(answers: &[&'static str], last: &'static str) -> Vec<&'static str> {
    let mut v = answers.to_vec();
    v.push(last);
    v
}

#[test]
fn the_cylinder_the_walk_learned_is_on_the_generic_card() {
    let c = catalog();
    let case = walk(
        &c,
        "generic-smart-lock",
        &with(
            &PLAIN_KEYHOLE_NO_KEY,
            "Yes, I can get in and lock the door another way",
        ),
    );
    let card = locksmith_card_text(&c, &case).expect("a locksmith card");
    assert!(card.contains("Cylinder:"), "{card}");
    assert!(
        card.lines()
            .any(|l| l.starts_with("Cylinder:") && l.ends_with("pin tumbler")),
        "{card}"
    );
    // The generic model knows no keyway and no way of connecting: those stay off the card
    // rather than reading blank or "unknown".
    assert!(!card.contains("unknown"), "{card}");
    assert!(!card.contains("Connects by:"), "{card}");
    let md = locksmith_card_md(&c, &case).expect("card");
    assert!(md.contains("- **Cylinder:** pin tumbler"), "{md}");
    // Going back past the keyhole answer forgets it: the cylinder is unknown again.
    let mut case = case;
    while case.session().steps.len() > 3 {
        assert!(case.back(&c));
    }
    assert_eq!(case.session().learned(&c).cylinder(), None);
}

fn urgency_line(c: &Catalog, case: &Case) -> String {
    let card = locksmith_card_text(c, case).expect("a locksmith card");
    card.lines()
        .find(|l| l.starts_with("Urgency:"))
        .expect("urgency line")
        .to_string()
}

#[test]
fn another_way_in_can_wait_locked_out_is_today_someone_waiting_is_an_emergency() {
    let c = catalog();
    let inside = walk(
        &c,
        "generic-smart-lock",
        &with(
            &PLAIN_KEYHOLE_NO_KEY,
            "Yes, I can get in and lock the door another way",
        ),
    );
    let learned = inside.session().learned(&c);
    assert_eq!(learned.get(Fact::LockedOut), Some("no"));
    assert_eq!(learned.get(Fact::DoorLocks), Some("yes"));
    assert!(
        urgency_line(&c, &inside).contains("CAN-WAIT"),
        "{}",
        urgency_line(&c, &inside)
    );

    let out = walk(
        &c,
        "generic-smart-lock",
        &with(
            &PLAIN_KEYHOLE_NO_KEY,
            "I'm locked out and someone needs to get in right now",
        ),
    );
    assert_eq!(out.session().learned(&c).get(Fact::LockedOut), Some("yes"));
    assert!(
        urgency_line(&c, &out).contains("EMERGENCY"),
        "{}",
        urgency_line(&c, &out)
    );

    // Locked out with a dead keypad and no key, nobody waiting: today.
    let today = walk(
        &c,
        "kwikset-halo",
        &[
            "No one is in danger",
            "The keypad or fingerprint reader is dark or does nothing",
            "I'm outside and can't get in",
            "No, I don't have a key",
            "No, but I need to get in today",
        ],
    );
    assert_eq!(
        today.session().learned(&c).get(Fact::LockedOut),
        Some("yes")
    );
    assert!(
        urgency_line(&c, &today).contains("TODAY"),
        "{}",
        urgency_line(&c, &today)
    );
}

#[test]
fn a_child_or_pet_inside_goes_the_emergency_route() {
    let c = catalog();
    for model in ["generic-smart-lock", "kwikset-halo", "august-wifi"] {
        let case = walk(
            &c,
            model,
            &["Someone inside may be in danger (a person or a pet)"],
        );
        assert_eq!(
            case.session().node(&c).kind(),
            NodeKind::Emergency,
            "{model}"
        );
        assert_eq!(case.session().learned(&c).get(Fact::AtRisk), Some("yes"));
        assert_eq!(locksmith_card_text(&c, &case), None);
    }
}

/// Whether `s` addresses its reader ("you", "your").
fn second_person(s: &str) -> bool {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "you" | "your" | "yours" | "you're"
            )
        })
}

#[test]
fn a_shipped_card_is_written_for_the_locksmith() {
    let c = catalog();
    // Generic tree: a key broke off inside, and the owner cannot get in another way.
    let case = walk(
        &c,
        "generic-smart-lock",
        &[
            "No one is in danger",
            "The key won't go in or won't turn",
            "A piece of key broke off inside",
            "No, I'm locked out or the door can't be locked",
        ],
    );
    let here = case.session().node(&c);
    assert_eq!(here.id, "kwt-broken-locksmith-today");
    let card = locksmith_card_text(&c, &case).expect("card");
    assert!(
        card.contains("TODAY. A key broke off inside and the customer cannot get in"),
        "{card}"
    );
    assert!(
        card.contains("whether the customer has the other piece"),
        "{card}"
    );
    // Apart from the heading that speaks to the locksmith, nothing on the card says "you".
    for line in card
        .lines()
        .filter(|l| !l.starts_with("The customer will tell you"))
    {
        assert!(
            !second_person(line),
            "card line addresses the owner: {line:?}\n{card}"
        );
    }
    // The owner's screen keeps the owner's words.
    let lockdiag::tree::NodeBody::Locksmith { why, .. } = &here.body else {
        panic!("not a locksmith outcome");
    };
    assert!(why.contains("you cannot get in"), "{why}");
}

#[test]
fn every_shipped_locksmith_outcome_has_card_words_for_the_locksmith() {
    let c = catalog();
    let mut seen = 0;
    for t in &c.trees {
        for n in &t.nodes {
            let lockdiag::tree::NodeBody::Locksmith {
                tell,
                card_why,
                card_tell,
                ..
            } = &n.body
            else {
                continue;
            };
            seen += 1;
            let why = card_why
                .as_deref()
                .unwrap_or_else(|| panic!("{}:{} has no card.why", t.id, n.id));
            assert!(!second_person(why), "{}:{}: {why}", t.id, n.id);
            let shown = if card_tell.is_empty() {
                tell
            } else {
                card_tell
            };
            for item in shown {
                assert!(!second_person(item), "{}:{}: {item}", t.id, n.id);
            }
        }
    }
    assert!(seen >= 100, "only {seen} locksmith outcomes");
}
