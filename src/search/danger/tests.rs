//! The danger reader, both ways: what must fire and what must not.

use super::*;
use crate::search::text::analyze;

fn kind(q: &str) -> Option<DangerKind> {
    read(&analyze(q)).map(|d| d.kind)
}

#[test]
fn a_person_or_pet_at_risk_inside() {
    assert_eq!(
        kind("my 2yo is in there eating cheerios"),
        Some(DangerKind::AtRisk)
    );
    assert_eq!(
        kind("my 2 year old is inside and the door locked"),
        Some(DangerKind::AtRisk)
    );
    assert_eq!(
        kind("the baby is asleep in her crib and im locked out"),
        Some(DangerKind::AtRisk)
    );
    assert_eq!(
        kind("its 97 out and the dog is shut in the sunroom"),
        Some(DangerKind::AtRisk)
    );
    assert_eq!(
        kind("the dog is inside and the AC is off"),
        Some(DangerKind::AtRisk)
    );
}

#[test]
fn someone_hurt_or_ill() {
    assert_eq!(
        kind("my mom fell, she's on the kitchen floor"),
        Some(DangerKind::Medical)
    );
    assert_eq!(
        kind("hes on the bathroom floor and hasnt answered"),
        Some(DangerKind::Medical)
    );
    assert_eq!(
        kind("she pushed her medical alert button"),
        Some(DangerKind::Medical)
    );
    assert_eq!(kind("my dad collapsed inside"), Some(DangerKind::Medical));
    assert_eq!(
        kind("my mom is 84 and shes not answering"),
        Some(DangerKind::Medical)
    );
}

#[test]
fn fire_and_gas() {
    assert_eq!(
        kind("smoke coming from under the door"),
        Some(DangerKind::Fire)
    );
    assert_eq!(
        kind("i can hear the smoke alarm going off"),
        Some(DangerKind::Fire)
    );
    assert_eq!(
        kind("a pot of oil heating on the stove"),
        Some(DangerKind::Fire)
    );
    assert_eq!(kind("there is a burnt smell"), Some(DangerKind::Fire));
    assert_eq!(kind("i smell gas in the hallway"), Some(DangerKind::Fire));
}

#[test]
fn a_break_in() {
    assert_eq!(
        kind("somebody kicked it in, the frame is split"),
        Some(DangerKind::BreakIn)
    );
    assert_eq!(
        kind("drill marks around the keyhole"),
        Some(DangerKind::BreakIn)
    );
    assert_eq!(
        kind("looks like someone pried the cylinder"),
        Some(DangerKind::BreakIn)
    );
    assert_eq!(
        kind("unlocked by a guest but i never made any guests, and a car i dont know is outside"),
        Some(DangerKind::BreakIn)
    );
}

#[test]
fn mentions_with_no_danger_set_nothing_off() {
    for q in [
        "kids are at school til 3",
        "the dog walker's code doesnt work",
        "my mom's house has the same lock",
        "a 9v from the smoke detector i never put up",
        "we have a newborn so i turned the sounds off",
        "my 6 year old shoved a bobby pin in the keyhole, kid is fine",
        "my kid kept poking numbers in. im inside, everything is fine",
        "the sellers arent answering anyone",
        "the key fell out of my pocket",
        "i forced the key and it bent",
        "we had a break in last tuesday, police came and did the report",
        "my 15 yr old leaves the door unlocked and the cat gets out",
        "no one is inside, the keypad is dead",
        "the batteries are on the floor",
    ] {
        assert_eq!(kind(q), None, "{q}");
    }
}

#[test]
fn the_words_that_set_it_off_are_given() {
    let d = read(&analyze("my mom fell and the code isnt working")).expect("danger");
    assert!(d.words.contains(&"fell".to_string()), "{:?}", d.words);
    let d = read(&analyze("my 2 year old is in there")).expect("danger");
    assert_eq!(d.words, ["2", "year", "old", "in", "there"]);
}
