//! The locksmith card's words: the model facts a card shows (with what the walk learned over
//! the model's defaults), tree items with placeholders filled, the job written for the
//! locksmith, and the urgency the walk's answers set.

use crate::catalog::Catalog;
use crate::session::Session;
use crate::tree::text::fill_placeholders;
use crate::tree::{Cylinder, Fact, Learned, ModelInfo, NodeBody, Source, Urgency};

/// Whether the model's keyway is known (a real keyway a locksmith can cut or rekey for).
#[must_use]
pub fn keyway_known(m: &ModelInfo) -> bool {
    matches!(m.cylinder, Cylinder::PinTumbler | Cylinder::Smartkey)
        && !m.keyway.trim().is_empty()
        && !m.keyway.contains("unknown")
        && !m.keyway.contains("not confirmed")
}

/// Whether the model's keyway is known and fits a lock with cylinder `cylinder` (the model's,
/// or the one the walk learned). A retrofit model's words about "the door's own cylinder" are
/// never a keyway, whatever the walk learned about that cylinder.
fn keyway_known_for(m: &ModelInfo, cylinder: Cylinder) -> bool {
    keyway_known(m) && matches!(cylinder, Cylinder::PinTumbler | Cylinder::Smartkey)
}

/// The model facts a card shows, in reading order, with one name per field everywhere (the
/// screen's card, the picker's facts and the exported card). What the walk `learned` (a
/// cylinder, a way of connecting) is used over the model's defaults. A field that is still not
/// known is left out rather than shown blank or as "unknown".
#[must_use]
pub fn model_facts(m: &ModelInfo, learned: &Learned) -> Vec<(&'static str, String)> {
    let mut facts = vec![("Lock", format!("{} ({})", m.full_name(), m.id))];
    let cylinder = learned.cylinder().unwrap_or(m.cylinder);
    if cylinder != Cylinder::Unknown {
        facts.push(("Cylinder", cylinder.describe().to_string()));
    }
    if keyway_known_for(m, cylinder) {
        facts.push(("Keyway", m.keyway.clone()));
    }
    let known = |v: &str| !v.trim().is_empty() && !v.contains("unknown");
    if known(&m.power) {
        facts.push(("Power", m.power.clone()));
    }
    let backup = m.emergency_power.join(", ");
    if known(&backup) {
        facts.push(("If batteries die", backup));
    }
    let mut links = m.connectivity.clone();
    if let Some(l) = learned.get(Fact::Connects)
        && !links.iter().any(|k| k == l)
    {
        links.push(l.to_string());
    }
    let links = links.join(", ");
    if known(&links) {
        facts.push(("Connects by", links));
    }
    facts
}

/// The cylinder line of a card with no model (a guide's outcome): what the walk learned, or
/// that it is not known.
#[must_use]
pub fn unidentified_cylinder(learned: &Learned) -> String {
    learned.cylinder().map_or_else(
        || "not known: the model was not identified".to_string(),
        |c| c.describe().to_string(),
    )
}

/// Tree text for a card (what to tell or bring), placeholders filled; an item that needs a
/// fact the model does not know (its keyway, for the cylinder the walk learned) is left out
/// instead of reading as a filled-in blank.
#[must_use]
pub fn card_items(items: &[String], model: Option<&ModelInfo>, learned: &Learned) -> Vec<String> {
    let keyway =
        model.is_some_and(|m| keyway_known_for(m, learned.cylinder().unwrap_or(m.cylinder)));
    items
        .iter()
        .filter(|i| !i.contains("{keyway}") || keyway)
        .map(|i| fill_placeholders(i, model))
        .collect()
}

/// How urgent the locksmith visit is, at a locksmith outcome: the outcome's urgency as the
/// walk's learned facts adjust it ([`Learned::urgency`] has the rule). `None` elsewhere.
#[must_use]
pub fn card_urgency(catalog: &Catalog, session: &Session) -> Option<Urgency> {
    match &session.node(catalog).body {
        NodeBody::Locksmith { urgency, .. } => Some(session.learned(catalog).urgency(*urgency)),
        _ => None,
    }
}

/// The sources a card rests on: the outcome's own, then the model's, each once, as the source
/// registry describes them (a code the registry does not list, possible only in a library
/// without one, stands as its own title).
#[must_use]
pub fn card_sources(catalog: &Catalog, session: &Session) -> Vec<Source> {
    let here = session.node(catalog);
    let model = catalog.trees[session.tree].model();
    let mut codes: Vec<&String> = Vec::new();
    for c in here
        .sources
        .iter()
        .chain(model.iter().flat_map(|m| &m.sources))
    {
        if !codes.contains(&c) {
            codes.push(c);
        }
    }
    codes
        .into_iter()
        .map(|c| {
            catalog.source(c).cloned().unwrap_or_else(|| Source {
                code: c.clone(),
                title: c.clone(),
                url: None,
            })
        })
        .collect()
}

/// A locksmith outcome's title ("Call a locksmith to let you in", written to the owner) as the
/// job, written for the locksmith in the third person ("Let the customer in"). A title that
/// names no job ("Call a locksmith today") gives the outcome's reason instead.
#[must_use]
pub fn locksmith_job(title: &str, why: &str) -> String {
    let mut rest = title.trim();
    for lead in ["Call ", "Book ", "Ask ", "Have "] {
        if let Some(r) = rest.strip_prefix(lead) {
            rest = r;
        }
    }
    for lead in ["a locksmith or handyman", "a locksmith"] {
        if let Some(r) = rest.strip_prefix(lead) {
            rest = r.trim_start();
        }
    }
    for lead in ["today ", "now and say it is urgent", "now ", "today"] {
        if let Some(r) = rest.strip_prefix(lead) {
            rest = r.trim_start();
        }
    }
    for lead in ["to ", "about "] {
        if let Some(r) = rest.strip_prefix(lead) {
            rest = r;
        }
    }
    let job = if rest.is_empty() || rest.len() == title.trim().len() && title.contains("locksmith")
    {
        why.trim()
    } else {
        rest
    };
    let job = format!(" {job} ")
        .replace(" you in ", " the customer in ")
        .replace(" let you ", " let the customer ")
        .replace(" get you ", " get the customer ")
        .replace(" your ", " the customer's ")
        .replace(" you ", " the customer ");
    let job = job.trim();
    let mut chars = job.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::locksmith_job;

    #[test]
    fn the_job_is_written_for_the_locksmith() {
        assert_eq!(
            locksmith_job("Call a locksmith to let you in", "x"),
            "Let the customer in"
        );
        assert_eq!(
            locksmith_job("Book a locksmith to remove the broken key", "x"),
            "Remove the broken key"
        );
        assert_eq!(
            locksmith_job(
                "Call a locksmith today to get you in and reset the cylinder",
                "x"
            ),
            "Get the customer in and reset the cylinder"
        );
        assert_eq!(
            locksmith_job("Call a locksmith about your deadbolt cylinder", "x"),
            "The customer's deadbolt cylinder"
        );
        assert_eq!(
            locksmith_job("Call a locksmith today", "The bolt will not move."),
            "The bolt will not move."
        );
        assert_eq!(
            locksmith_job(
                "Call a locksmith now and say it is urgent",
                "A child is inside."
            ),
            "A child is inside."
        );
    }
}

#[cfg(test)]
mod card_tests {
    use super::{card_items, model_facts};
    use crate::tree::{Cylinder, Learned, ModelInfo};

    fn model(cylinder: Cylinder, keyway: &str, connectivity: &[&str]) -> ModelInfo {
        ModelInfo {
            id: "m".into(),
            brand: "B".into(),
            name: "N".into(),
            aliases: Vec::new(),
            cylinder,
            keyway: keyway.into(),
            power: "4 x AA".into(),
            emergency_power: vec!["key".into()],
            connectivity: connectivity.iter().map(|s| (*s).to_string()).collect(),
            reviewed: "2026-11-27".into(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn unknown_fields_are_left_out_and_names_are_the_same_everywhere() {
        let m = model(
            Cylinder::Retrofit,
            "keeps the door's own deadbolt cylinder",
            &[],
        );
        let names: Vec<&str> = model_facts(&m, &Learned::default())
            .iter()
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(names, ["Lock", "Cylinder", "Power", "If batteries die"]);
        let items = vec![
            "A replacement cylinder for: {keyway}".to_string(),
            "Tools to adjust the strike".to_string(),
        ];
        assert_eq!(
            card_items(&items, Some(&m), &Learned::default()),
            ["Tools to adjust the strike"]
        );
        let m = model(Cylinder::PinTumbler, "Schlage C (SC1)", &["wifi"]);
        let names: Vec<&str> = model_facts(&m, &Learned::default())
            .iter()
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(
            names,
            [
                "Lock",
                "Cylinder",
                "Keyway",
                "Power",
                "If batteries die",
                "Connects by"
            ]
        );
        assert_eq!(
            card_items(&items[..1], Some(&m), &Learned::default()),
            ["A replacement cylinder for: Schlage C (SC1)"]
        );
    }
}

#[cfg(test)]
mod learned_tests {
    use super::{card_items, model_facts};
    use crate::tree::{Cylinder, Fact, Learned, ModelInfo};

    #[test]
    fn what_the_walk_learned_is_used_over_the_models_unknowns() {
        let m = ModelInfo {
            id: "generic".into(),
            brand: "Generic".into(),
            name: "Unknown lock".into(),
            aliases: Vec::new(),
            cylinder: Cylinder::Unknown,
            keyway: "unknown".into(),
            power: "4 x AA".into(),
            emergency_power: vec!["key".into()],
            connectivity: Vec::new(),
            reviewed: "2026-11-27".into(),
            sources: Vec::new(),
        };
        let none = model_facts(&m, &Learned::default());
        assert!(
            !none
                .iter()
                .any(|(k, _)| *k == "Cylinder" || *k == "Connects by")
        );
        let mut l = Learned::default();
        l.set(Fact::Cylinder, "pin-tumbler");
        l.set(Fact::Connects, "wifi");
        let facts = model_facts(&m, &l);
        assert!(
            facts.contains(&("Cylinder", "pin tumbler".to_string())),
            "{facts:?}"
        );
        assert!(
            facts.contains(&("Connects by", "wifi".to_string())),
            "{facts:?}"
        );
        // The keyway itself is still unknown, so it stays off the card.
        assert!(!facts.iter().any(|(k, _)| *k == "Keyway"));
        let items = vec!["Cylinder / keyway: {keyway}".to_string()];
        assert!(card_items(&items, Some(&m), &l).is_empty());
    }
}
