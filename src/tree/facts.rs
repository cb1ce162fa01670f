//! Facts a walk learns from its answers: a choice in a tree may say what answering it tells
//! about the lock or the situation (`sets: {cylinder: pin-tumbler}`), and the locksmith card
//! uses what the walk learned over the model's defaults, and to set how urgent the visit is.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{Cylinder, Urgency};

/// A fact a choice can record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fact {
    /// The cylinder type, as the model block's `cylinder` keywords (`unknown` excepted).
    Cylinder,
    /// How the lock connects, as the model block's `connectivity` keywords.
    Connects,
    /// Whether a person or animal inside may be at risk (`yes`/`no`).
    AtRisk,
    /// Whether the owner is locked out with no other way in (`yes`/`no`).
    LockedOut,
    /// Whether the door can still be locked (`yes`/`no`).
    DoorLocks,
}

/// Values of the yes/no facts.
const YES_NO: [&str; 2] = ["yes", "no"];

/// The cylinder keywords a choice may set (a choice that learns nothing sets nothing).
const CYLINDERS: [&str; 4] = ["smartkey", "pin-tumbler", "none", "retrofit"];

impl Fact {
    /// Every fact, in the order the format documents them.
    pub const ALL: [Fact; 5] = [
        Fact::Cylinder,
        Fact::Connects,
        Fact::AtRisk,
        Fact::LockedOut,
        Fact::DoorLocks,
    ];

    /// The name written in a tree file.
    #[must_use]
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Cylinder => "cylinder",
            Self::Connects => "connects",
            Self::AtRisk => "at_risk",
            Self::LockedOut => "locked_out",
            Self::DoorLocks => "door_locks",
        }
    }

    /// Parses a name written in a tree file.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.keyword() == s)
    }

    /// The values the fact takes.
    #[must_use]
    pub fn values(self) -> &'static [&'static str] {
        match self {
            Self::Cylinder => &CYLINDERS,
            Self::Connects => &super::validate::CONNECTIVITY,
            Self::AtRisk | Self::LockedOut | Self::DoorLocks => &YES_NO,
        }
    }
}

/// What a walk has learned so far: each fact's value from the latest answer that set it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Learned(BTreeMap<Fact, String>);

impl Learned {
    /// Records a fact (a later answer replaces an earlier one).
    pub fn set(&mut self, fact: Fact, value: &str) {
        self.0.insert(fact, value.to_string());
    }

    /// A fact's value, if learned.
    #[must_use]
    pub fn get(&self, fact: Fact) -> Option<&str> {
        self.0.get(&fact).map(String::as_str)
    }

    /// Whether a yes/no fact was learned as `yes`.
    fn is(&self, fact: Fact, value: &str) -> bool {
        self.get(fact) == Some(value)
    }

    /// The cylinder, if learned.
    #[must_use]
    pub fn cylinder(&self) -> Option<Cylinder> {
        self.get(Fact::Cylinder).and_then(Cylinder::parse)
    }

    /// Whether nothing was learned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How urgent a locksmith visit is, from the outcome's stated urgency and what the walk
    /// learned. The rule, in order:
    ///
    /// 1. someone inside may be at risk (`at_risk: yes`): **emergency**, whatever the outcome
    ///    says (the trees send that answer to emergency services first);
    /// 2. locked out with no other way in (`locked_out: yes`): at least **today** (a `can-wait`
    ///    outcome is raised; an `emergency` one stays);
    /// 3. a `today` outcome when the walk learned the owner can get in another way
    ///    (`locked_out: no`) and the door can still be locked (`door_locks: yes`): **can wait**;
    /// 4. otherwise the outcome's own urgency.
    ///
    /// Only learned facts move it: an answer the walk did not record (a jump from search went
    /// past the question) leaves the outcome's urgency as written.
    #[must_use]
    pub fn urgency(&self, stated: Urgency) -> Urgency {
        if self.is(Fact::AtRisk, "yes") {
            Urgency::Emergency
        } else if self.is(Fact::LockedOut, "yes") {
            stated.min(Urgency::Today)
        } else if stated == Urgency::Today
            && self.is(Fact::LockedOut, "no")
            && self.is(Fact::DoorLocks, "yes")
        {
            Urgency::CanWait
        } else {
            stated
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(pairs: &[(Fact, &str)]) -> Learned {
        let mut l = Learned::default();
        for (f, v) in pairs {
            l.set(*f, v);
        }
        l
    }

    #[test]
    fn urgency_follows_the_situation() {
        // Someone at risk inside: an emergency whatever the outcome says.
        let risk = learned(&[(Fact::AtRisk, "yes"), (Fact::LockedOut, "yes")]);
        assert_eq!(risk.urgency(Urgency::CanWait), Urgency::Emergency);
        assert_eq!(risk.urgency(Urgency::Today), Urgency::Emergency);
        // Locked out with no way in: today, never less.
        let out = learned(&[(Fact::AtRisk, "no"), (Fact::LockedOut, "yes")]);
        assert_eq!(out.urgency(Urgency::CanWait), Urgency::Today);
        assert_eq!(out.urgency(Urgency::Today), Urgency::Today);
        assert_eq!(out.urgency(Urgency::Emergency), Urgency::Emergency);
        // Another way in and the door locks: a worn cylinder can wait.
        let inside = learned(&[(Fact::LockedOut, "no"), (Fact::DoorLocks, "yes")]);
        assert_eq!(inside.urgency(Urgency::Today), Urgency::CanWait);
        assert_eq!(inside.urgency(Urgency::Emergency), Urgency::Emergency);
        // Another way in but the door cannot be locked: still today.
        let open = learned(&[(Fact::LockedOut, "no"), (Fact::DoorLocks, "no")]);
        assert_eq!(open.urgency(Urgency::Today), Urgency::Today);
        // Nothing learned: the outcome's own word.
        assert_eq!(Learned::default().urgency(Urgency::Today), Urgency::Today);
    }

    #[test]
    fn names_and_values_round_trip() {
        for f in Fact::ALL {
            assert_eq!(Fact::parse(f.keyword()), Some(f));
            assert!(!f.values().is_empty());
        }
        assert_eq!(Fact::parse("cylnder"), None);
        assert!(!Fact::Cylinder.values().contains(&"unknown"));
    }
}
