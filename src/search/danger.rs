//! The danger reader: goes over a whole message before any ranking and says whether it tells of
//! an emergency, which kind, and which words set it off.
//!
//! It reads cues, not single words. A cue is strong (enough alone) or weak (it takes two), and a
//! negated cue ("no smoke", "no one is inside") counts for nothing:
//! - **someone at risk inside**: a young child, or an older or disabled person, with words that
//!   place them behind the door ("in there", "inside", "alone", "asleep"), unless the caller is
//!   inside too; a pet with heat ("97 out", "AC is off");
//! - **hurt or ill**: a person who fell, collapsed, is on the floor, unconscious, can't get up,
//!   pressed a medical alert (strong); a person not answering or not responding (weak: it takes
//!   a second cue, so a seller who "isn't answering" sets off nothing);
//! - **fire or gas**: smoke (not a smoke detector merely mentioned), a smoke alarm going off,
//!   burning or a burnt smell, something on the stove, a gas smell;
//! - **a break-in**: kicked in, forced, pried, drilled or gouged, broken into, an intruder, a
//!   door found open, an app user or a car the caller does not know. A break-in already
//!   handled ("police came", "did the report", "insurance") is not an emergency any more.
//!
//! A missed emergency is the worst failure, an extra one the second worst: cues are phrased so
//! that everyday mentions ("kids are at school", "the dog walker's code", "my mom's house has
//! the same lock") set nothing off.

use super::text::Tok;
use words::{
    AWAY_PEOPLE, CHILD, ELDER, HEAT, INSIDE, OBJECT, PERSON, PET, PET_COMPOUND, SUPPRESS_BREAKIN,
    ac_off, age_at, any, hot_number, in_there,
};

/// What kind of emergency a message tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DangerKind {
    /// A person or an animal at risk behind the door.
    AtRisk,
    /// Someone hurt or ill.
    Medical,
    /// Fire, smoke or gas.
    Fire,
    /// Signs of a break-in.
    BreakIn,
}

impl DangerKind {
    /// Every kind, in a fixed order.
    pub const ALL: [Self; 4] = [Self::AtRisk, Self::Medical, Self::Fire, Self::BreakIn];

    /// Words that describe this kind, to find the emergency outcome that fits it.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            Self::AtRisk => "someone inside may be in danger child pet person inside",
            Self::Medical => "someone inside medical problem person inside danger",
            Self::Fire => "smoke fire gas stove danger inside",
            Self::BreakIn => "break-in forced entry intruder someone inside police",
        }
    }
}

/// What the reader found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Danger {
    /// The kind.
    pub kind: DangerKind,
    /// The words that set it off, as the caller wrote them.
    pub words: Vec<String>,
    /// Token indices of those words (for highlighting).
    pub toks: Vec<usize>,
}

struct Cue {
    kind: DangerKind,
    strong: bool,
    toks: Vec<usize>,
}

/// Reads `toks` (the whole message) for danger.
#[must_use]
pub(crate) fn read(toks: &[Tok]) -> Option<Danger> {
    let w = |i: usize| toks.get(i).map_or("", |t| t.text.as_str());
    let live = |i: usize| toks.get(i).is_some_and(|t| !t.neg);
    let same_sentence = |a: usize, b: usize| toks[a].sentence == toks[b].sentence;
    let has_seq =
        |seq: &[&str]| (0..toks.len()).any(|i| seq.iter().enumerate().all(|(k, s)| w(i + k) == *s));
    let caller_inside = has_seq(&["im", "inside"])
        || has_seq(&["we", "are", "inside"])
        || has_seq(&["were", "inside"])
        || has_seq(&["i", "am", "inside"])
        || has_seq(&["im", "home"]);
    let reassured = has_seq(&["no", "emergency"])
        || has_seq(&["not", "an", "emergency"])
        || has_seq(&["is", "fine"])
        || has_seq(&["are", "fine"])
        || has_seq(&["everyone", "is", "ok"])
        || has_seq(&["everyones", "fine"]);
    let mut cues: Vec<Cue> = Vec::new();
    let mut cue = |kind, strong, t: Vec<usize>| {
        cues.push(Cue {
            kind,
            strong,
            toks: t,
        })
    };
    let near = |i: usize, set: &[&str], before: usize, after: usize| -> Option<usize> {
        let lo = i.saturating_sub(before);
        let hi = (i + after).min(toks.len().saturating_sub(1));
        (lo..=hi).find(|&j| j != i && same_sentence(i, j) && live(j) && any(w(j), set))
    };
    for i in 0..toks.len() {
        let t = w(i);
        // An age: "2yo", "2 year old", "84".
        let age = age_at(toks, i);
        // Someone vulnerable behind the door.
        let child = (any(t, CHILD) && live(i)) || age.is_some_and(|a| a <= 12);
        let elder = any(t, ELDER) || age.is_some_and(|a| a >= 70);
        if (child || elder) && !caller_inside {
            let placed = near(i, INSIDE, 6, 8).or_else(|| in_there(toks, i, 8));
            if let Some(j) = placed {
                // The whole phrases: "2 year old", "in there", "in the house".
                let mut span: Vec<usize> = vec![i];
                if age.is_some() {
                    span.extend((i + 1..(i + 3).min(toks.len())).take_while(|&k| {
                        matches!(
                            w(k),
                            "year" | "years" | "yr" | "yrs" | "month" | "months" | "old" | "yo"
                        )
                    }));
                }
                span.push(j);
                if w(j) == "in" {
                    if matches!(
                        w(j.saturating_sub(1)),
                        "locked" | "shut" | "stuck" | "trapped"
                    ) {
                        span.push(j - 1);
                    } else {
                        span.push(j + 1);
                        if w(j + 1) != "there" {
                            span.push(j + 2);
                        }
                    }
                }
                cue(DangerKind::AtRisk, !reassured || elder, span);
            } else if elder {
                cue(DangerKind::Medical, false, vec![i]);
            }
        }
        if any(t, PET) && live(i) && !any(w(i + 1), PET_COMPOUND) {
            let hot = (0..toks.len()).find(|&j| {
                (live(j) && (any(w(j), HEAT) || hot_number(toks, j))) || ac_off(toks, j)
            });
            if let Some(j) = hot {
                cue(DangerKind::AtRisk, true, vec![i, j]);
            }
        }
        // Hurt or ill.
        let person_before = |i: usize| {
            near(i, PERSON, 4, 0)
                .or_else(|| near(i, CHILD, 4, 0))
                .or_else(|| near(i, ELDER, 4, 0))
        };
        if live(i) && matches!(t, "fell" | "fallen" | "collapsed" | "fainted") {
            let object = (i.saturating_sub(2)..i).any(|j| any(w(j), OBJECT));
            let harmless = matches!(w(i + 1), "off" | "out" | "asleep" | "apart" | "through");
            if !object && !harmless && (person_before(i).is_some() || t != "fell") {
                cue(DangerKind::Medical, true, vec![i]);
            }
        }
        if live(i)
            && matches!(
                t,
                "unconscious"
                    | "seizure"
                    | "stroke"
                    | "bleeding"
                    | "overdose"
                    | "choking"
                    | "ambulance"
                    | "paramedics"
                    | "injured"
            )
        {
            cue(DangerKind::Medical, true, vec![i]);
        }
        if t == "medical" && matches!(w(i + 1), "alert" | "emergency" | "problem" | "condition") {
            cue(DangerKind::Medical, true, vec![i, i + 1]);
        }
        if t == "heart" && w(i + 1) == "attack" {
            cue(DangerKind::Medical, true, vec![i, i + 1]);
        }
        if t == "passed" && w(i + 1) == "out" {
            cue(DangerKind::Medical, true, vec![i, i + 1]);
        }
        if t == "floor" && w(i.saturating_sub(1)) != "floors" {
            let on = (i.saturating_sub(3)..i).find(|&j| w(j) == "on");
            if let Some(on) = on
                && let Some(p) = person_before(on)
            {
                let object = (p..on).any(|j| any(w(j), OBJECT));
                if !object {
                    cue(DangerKind::Medical, true, vec![p, i]);
                }
            }
        }
        if matches!(t, "cant" | "cannot") && w(i + 1) == "get" && w(i + 2) == "up" {
            cue(DangerKind::Medical, true, vec![i, i + 2]);
        }
        if matches!(
            t,
            "answering"
                | "answered"
                | "answer"
                | "responding"
                | "responsive"
                | "unresponsive"
                | "breathing"
                | "waking"
                | "moving"
        ) && (toks[i].neg || t == "unresponsive")
        {
            let subject = near(i, PERSON, 5, 0).or_else(|| near(i, ELDER, 5, 0));
            let away = (i.saturating_sub(5)..i).any(|j| any(w(j), AWAY_PEOPLE));
            if let (Some(p), false) = (subject, away) {
                cue(DangerKind::Medical, t == "breathing", vec![p, i]);
            }
        }
        if t == "window"
            && w(i.saturating_sub(1)) == "the"
            && w(i.saturating_sub(2)) == "through"
            && person_before(i.saturating_sub(2)).is_some()
        {
            cue(DangerKind::Medical, false, vec![i]);
        }
        // Fire and gas.
        if live(i) && t == "smoke" {
            let device = matches!(w(i + 1), "detector" | "detectors" | "alarm" | "alarms");
            let going = (i + 1..(i + 5).min(toks.len())).any(|j| {
                matches!(
                    w(j),
                    "going" | "sounding" | "blaring" | "screaming" | "ringing" | "off"
                )
            });
            if !device || going {
                cue(DangerKind::Fire, true, vec![i]);
            }
        }
        if live(i)
            && matches!(t, "fire" | "flames" | "burning" | "smoky")
            && w(i + 1) != "department"
        {
            cue(DangerKind::Fire, true, vec![i]);
        }
        if live(i)
            && matches!(t, "burnt" | "burned")
            && near(i, &["smell", "smells", "smelling"], 3, 3).is_some()
        {
            cue(DangerKind::Fire, true, vec![i]);
        }
        if live(i)
            && matches!(
                t,
                "stove" | "oven" | "stovetop" | "cooktop" | "burner" | "grill"
            )
            && near(
                i,
                &[
                    "on", "heating", "cooking", "pot", "pan", "oil", "left", "boiling", "frying",
                ],
                6,
                3,
            )
            .is_some()
        {
            cue(DangerKind::Fire, true, vec![i]);
        }
        if live(i)
            && t == "gas"
            && near(i, &["smell", "smells", "leak", "leaking", "smelling"], 3, 3).is_some()
        {
            cue(DangerKind::Fire, true, vec![i]);
        }
        if t == "carbon" && w(i + 1) == "monoxide" {
            cue(DangerKind::Fire, true, vec![i, i + 1]);
        }
        // Break-in.
        let by_us = |i: usize| {
            (i.saturating_sub(3)..i).any(|j| {
                matches!(
                    w(j),
                    "i" | "we"
                        | "locksmith"
                        | "husband"
                        | "wife"
                        | "installer"
                        | "handyman"
                        | "movers"
                )
            })
        };
        if live(i)
            && matches!(
                t,
                "kicked"
                    | "forced"
                    | "pried"
                    | "prying"
                    | "jimmied"
                    | "drilled"
                    | "gouged"
                    | "tampered"
                    | "crowbar"
            )
            && !by_us(i)
        {
            let strong = matches!(
                t,
                "kicked" | "pried" | "jimmied" | "gouged" | "tampered" | "crowbar"
            ) || matches!(w(i + 1), "in" | "open" | "entry" | "through" | "out");
            cue(DangerKind::BreakIn, strong, vec![i]);
        }
        if live(i)
            && matches!(t, "pry" | "drill" | "gouge" | "tamper" | "scratch")
            && matches!(w(i + 1), "marks" | "mark" | "it" | "open")
            && !by_us(i)
        {
            cue(DangerKind::BreakIn, true, vec![i, i + 1]);
        }
        if live(i)
            && matches!(
                t,
                "burglar"
                    | "burglars"
                    | "burglary"
                    | "burgled"
                    | "intruder"
                    | "intruders"
                    | "robbed"
                    | "breakin"
                    | "stranger"
            )
        {
            cue(DangerKind::BreakIn, true, vec![i]);
        }
        let object_before = |i: usize| (i.saturating_sub(3)..i).any(|j| any(w(j), OBJECT));
        if live(i)
            && matches!(t, "break" | "broke" | "broken")
            && (w(i + 1) == "into"
                || (w(i + 1) == "in"
                    && !matches!(w(i + 2), "half" | "two" | "the" | "pieces" | "it")))
            && !object_before(i)
        {
            cue(DangerKind::BreakIn, true, vec![i, i + 1]);
        }
        if matches!(t, "someone" | "somebody")
            && matches!(w(i + 1), "inside" | "in" | "is" | "was")
            && near(i, &["inside", "house", "home", "upstairs"], 0, 4).is_some()
            && !caller_inside
        {
            cue(DangerKind::BreakIn, false, vec![i]);
        }
        if matches!(t, "frame")
            && near(i, &["split", "splintered", "cracked", "broken"], 0, 4).is_some()
        {
            cue(DangerKind::BreakIn, false, vec![i]);
        }
        if matches!(t, "unlocked" | "open")
            && near(i, &["got", "came", "arrived", "returned"], 0, 5).is_some()
            && near(i, &["home", "back"], 0, 7).is_some()
        {
            cue(DangerKind::BreakIn, false, vec![i]);
        }
        // Someone or something the caller does not know.
        let negated = toks[i].neg
            || (i.saturating_sub(2)..i)
                .any(|j| matches!(w(j), "dont" | "didnt" | "never" | "not" | "cant" | "doesnt"));
        if negated
            && matches!(
                t,
                "know"
                    | "recognize"
                    | "recognise"
                    | "made"
                    | "make"
                    | "add"
                    | "added"
                    | "create"
                    | "created"
                    | "set"
            )
            && let Some(j) = near(
                i,
                &[
                    "guest", "guests", "user", "users", "car", "person", "man", "woman", "code",
                    "codes", "van", "truck",
                ],
                5,
                3,
            )
        {
            cue(DangerKind::BreakIn, false, vec![j, i]);
        }
    }
    // A break-in already handled is no emergency any more.
    if SUPPRESS_BREAKIN.iter().any(|s| has_seq(s)) {
        cues.retain(|c| c.kind != DangerKind::BreakIn);
    }
    pick(toks, &cues)
}

/// The kind with the most evidence (strong cues 2, weak 1; 2 fires), the words behind it.
fn pick(toks: &[Tok], cues: &[Cue]) -> Option<Danger> {
    let kinds = [
        DangerKind::Fire,
        DangerKind::AtRisk,
        DangerKind::Medical,
        DangerKind::BreakIn,
    ];
    let points = |k: DangerKind| -> u32 {
        cues.iter()
            .filter(|c| c.kind == k)
            .map(|c| if c.strong { 2 } else { 1 })
            .sum()
    };
    // Weak cues of different kinds add up (a person not answering and an elder's age).
    let total: u32 = kinds.iter().map(|&k| points(k)).sum();
    let best = kinds
        .into_iter()
        .max_by_key(|&k| (points(k), k == DangerKind::Fire))?;
    if points(best) < 2 && total < 2 {
        return None;
    }
    let mut idx: Vec<usize> = cues
        .iter()
        .filter(|c| points(best) < 2 || c.kind == best)
        .flat_map(|c| c.toks.iter().copied())
        .filter(|&i| i < toks.len())
        .collect();
    idx.sort_unstable();
    idx.dedup();
    Some(Danger {
        kind: best,
        words: idx.iter().map(|&i| toks[i].text.clone()).collect(),
        toks: idx,
    })
}

mod words;

#[cfg(test)]
mod tests;
