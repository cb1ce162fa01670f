//! The danger reader's words: who is vulnerable, where "inside" is said, heat, and the
//! small readers for ages, places and temperatures.

use crate::search::text::Tok;

pub(super) fn any(w: &str, set: &[&str]) -> bool {
    set.contains(&w)
}

pub(super) const CHILD: &[&str] = &[
    "child",
    "children",
    "kid",
    "kids",
    "kiddo",
    "baby",
    "babies",
    "infant",
    "newborn",
    "toddler",
    "toddlers",
    "son",
    "daughter",
    "boy",
    "girl",
    "grandson",
    "granddaughter",
    "grandkid",
    "grandkids",
    "twins",
];
pub(super) const ELDER: &[&str] = &[
    "elderly",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "nana",
    "granny",
    "disabled",
    "wheelchair",
    "dementia",
    "alzheimers",
    "frail",
];
pub(super) const PERSON: &[&str] = &[
    "he",
    "she",
    "him",
    "her",
    "hes",
    "shes",
    "mom",
    "mother",
    "mum",
    "dad",
    "father",
    "husband",
    "wife",
    "roommate",
    "neighbor",
    "neighbour",
    "friend",
    "brother",
    "sister",
    "aunt",
    "uncle",
    "person",
    "someone",
    "somebody",
    "man",
    "woman",
    "partner",
    "boyfriend",
    "girlfriend",
    "parent",
    "parents",
    "patient",
    "grandparent",
    "they",
];
/// People whose not answering is no danger: they are away, not behind the door.
pub(super) const AWAY_PEOPLE: &[&str] = &[
    "seller",
    "sellers",
    "realtor",
    "landlord",
    "owner",
    "owners",
    "company",
    "support",
    "schlage",
    "kwikset",
    "yale",
    "august",
    "manufacturer",
    "installer",
    "builder",
    "agent",
    "tenant",
    "tenants",
    "ex",
    "app",
    "lock",
    "keypad",
    "alexa",
    "hub",
    "bridge",
    "screen",
];
pub(super) const PET: &[&str] = &[
    "dog", "dogs", "puppy", "pup", "cat", "cats", "kitten", "kitty", "pet", "pets", "bird",
    "parrot", "rabbit", "bunny", "hamster",
];
pub(super) const PET_COMPOUND: &[&str] = &[
    "walker", "walkers", "sitter", "sitters", "door", "food", "groomer",
];
pub(super) const INSIDE: &[&str] = &[
    "inside",
    "trapped",
    "alone",
    "crib",
    "napping",
    "asleep",
    "sleeping",
    "bath",
    "bathtub",
    "tub",
    "highchair",
];
pub(super) const HEAT: &[&str] = &[
    "hot",
    "heat",
    "heatwave",
    "degrees",
    "sweltering",
    "scorching",
    "sunroom",
];
pub(super) const OBJECT: &[&str] = &[
    "key",
    "keys",
    "battery",
    "batteries",
    "cover",
    "cylinder",
    "knob",
    "lock",
    "it",
    "piece",
    "plate",
    "screw",
    "screws",
    "part",
    "handle",
    "keypad",
    "phone",
    "box",
    "thing",
    "bolt",
];
pub(super) const SUPPRESS_BREAKIN: &[&[&str]] = &[
    &["police", "came"],
    &["police", "report"],
    &["the", "report"],
    &["a", "report"],
    &["reported", "it"],
    &["been", "cleared"],
    &["insurance"],
    &["police", "already"],
];

/// An age said at token `i`: "2yo", "6yr", "2 year old", "mom is 84".
pub(super) fn age_at(toks: &[Tok], i: usize) -> Option<u32> {
    let t = toks[i].text.as_str();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    let rest = &t[digits.len()..];
    let next = toks.get(i + 1).map_or("", |t| t.text.as_str());
    let after = toks.get(i + 2).map_or("", |t| t.text.as_str());
    let unit = matches!(
        rest,
        "yo" | "yr" | "yrs" | "yearold" | "mo" | "month" | "months"
    ) || (rest.is_empty()
        && (matches!(next, "yo" | "y")
            || (matches!(next, "year" | "years" | "yr" | "yrs" | "month" | "months")
                && matches!(after, "old" | "olds"))));
    if unit {
        let months = rest.starts_with("mo") || next.starts_with("month");
        return Some(if months { 0 } else { n });
    }
    // "she is 84", "my mom is 84": an age of a person said plainly.
    let before = i.checked_sub(1).map(|j| toks[j].text.as_str());
    let person = i
        .checked_sub(2)
        .map(|j| toks[j].text.as_str())
        .is_some_and(|w| PERSON.contains(&w) || ELDER.contains(&w));
    (rest.is_empty() && before == Some("is") && person && (60..=110).contains(&n)).then_some(n)
}

/// "in there", "in the house", "in his crib": a place behind the door near token `i`.
pub(super) fn in_there(toks: &[Tok], i: usize, reach: usize) -> Option<usize> {
    let end = (i + reach).min(toks.len());
    (i + 1..end)
        .find(|&j| {
            let trapped = j > 0
                && matches!(
                    toks[j - 1].text.as_str(),
                    "locked" | "shut" | "stuck" | "trapped"
                );
            toks[j].text == "in"
                && toks[j].sentence == toks[i].sentence
                && (trapped || toks.get(j + 1).is_some_and(|n| n.text == "there"))
        })
        .or_else(|| {
            (i + 1..end).find(|&j| {
                toks[j].text == "in"
                    && toks[j].sentence == toks[i].sentence
                    && toks.get(j + 1).is_some_and(|n| {
                        matches!(
                            n.text.as_str(),
                            "there" | "the" | "his" | "her" | "their" | "bed"
                        ) && (n.text == "there"
                            || toks.get(j + 2).is_some_and(|p| {
                                matches!(
                                    p.text.as_str(),
                                    "house"
                                        | "home"
                                        | "apartment"
                                        | "room"
                                        | "bedroom"
                                        | "crib"
                                        | "car"
                                        | "bathroom"
                                        | "bath"
                                        | "kitchen"
                                        | "basement"
                                        | "highchair"
                                )
                            }))
                    })
            })
        })
}

/// "97 out", "100 degrees", "95f": a hot temperature at token `j`.
pub(super) fn hot_number(toks: &[Tok], j: usize) -> bool {
    let t = toks[j].text.as_str();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let Ok(n) = digits.parse::<u32>() else {
        return false;
    };
    let rest = &t[digits.len()..];
    let next = toks.get(j + 1).map_or("", |t| t.text.as_str());
    (85..=130).contains(&n)
        && (matches!(rest, "f" | "degrees")
            || matches!(next, "out" | "outside" | "degrees" | "f" | "today"))
}

/// "AC is off", "no AC", "the air is off".
pub(super) fn ac_off(toks: &[Tok], j: usize) -> bool {
    let t = toks[j].text.as_str();
    let next = |k: usize| toks.get(j + k).map_or("", |t| t.text.as_str());
    matches!(t, "ac" | "aircon" | "air")
        && (toks[j].neg || next(1) == "off" || (next(1) == "is" && next(2) == "off"))
}
