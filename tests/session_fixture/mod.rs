//! A small library for the session and export tests: one model that hands over to two shared
//! procedures, with remedies, a locksmith outcome and an emergency, plus a changed version of
//! it. Kept here so the tests do not move when the shipped trees are edited.

#![allow(dead_code)]

use std::path::Path;

use lockdiag::catalog::{Catalog, load_library};

pub const SAFETY: &str = "format: 1
procedure:
  id: test-safety
  title: Safety first
start: danger
nodes:
  - id: danger
    kind: question
    title: Is anyone in danger?
    choices:
      - {label: Someone inside may be in danger, next: sos}
      - {label: No one is in danger, next: return}
  - id: sos
    kind: emergency
    title: Call emergency services now
    why: Someone may be at risk.
    actions: [Call 911.]
";

pub const POWER: &str = "format: 1
procedure:
  id: test-power
  title: Power check
start: fresh
nodes:
  - id: fresh
    kind: remedy
    title: Fit fresh batteries
    steps: [Open the cover on the inside., \"Fit {power}, matching + and -.\", Close the cover.]
    cautions: [Keep the door open while you work.]
    tools: [\"{power}\"]
    sources: [X]
    fixed: powered
    not_fixed: return
  - id: powered
    kind: resolved
    title: Fixed by fresh batteries
";

/// The model; `{symptom_dark}` is the label of the first symptom choice.
pub const MODEL: &str = "format: 1
model:
  id: test-lock
  brand: Acme
  name: Keypad 100
  cylinder: pin-tumbler
  keyway: Schlage C (SC1)
  power: 4 x AA alkaline
  emergency_power: [key]
  connectivity: [wifi, bluetooth]
  reviewed: 2026-01-01
  sources: [X]
start: safety
nodes:
  - id: safety
    kind: procedure
    procedure: test-safety
    next: symptom
  - id: symptom
    kind: question
    title: What is the lock doing?
    choices:
      - {label: {symptom_dark}, next: power}
      - {label: The bolt is stiff or jams, next: realign}
      - {label: I lost my key, next: lost-key}
  - id: power
    kind: procedure
    procedure: test-power
    next: still-dark
  - id: still-dark
    kind: question
    title: Does the keypad light up now?
    choices:
      - {label: Yes, next: ok}
      - {label: No, next: smith}
  - id: realign
    kind: remedy
    title: Check the door alignment
    steps: [Close the door gently., Lock it while pushing the door.]
    sources: [X]
    fixed: ok
    not_fixed: smith
  - id: lost-key
    kind: locksmith
    title: Call a locksmith to rekey the cylinder
    why: Without a working key the cylinder cannot be rekeyed by the owner.
    urgency: can-wait
    tell: [The model, that the key is lost]
    bring: [A rekey kit for a Schlage C cylinder]
  - id: smith
    kind: locksmith
    title: Call a locksmith to replace the lock's motor or cylinder
    why: Fresh batteries and alignment did not help, so a part has failed.
    urgency: today
    tell: [\"The model: {brand} {name}\", What you tried]
    bring: [A replacement Schlage C cylinder, A spare motor assembly]
  - id: ok
    kind: resolved
    title: Fixed
";

/// The source registry the trees cite from.
const SOURCES: &str = "format: 1
sources:
  - code: X
    title: The Test Keypad Lock manual
    url: https://example.com/test-lock-manual
";

/// The first symptom label in the original model.
pub const DARK: &str = "The keypad is dark and does nothing";

/// Writes the library into `dir`; `dark` is the label of the first symptom choice.
pub fn write(dir: &Path, dark: &str) {
    std::fs::write(dir.join("safety.yaml"), SAFETY).expect("write");
    std::fs::write(dir.join("power.yaml"), POWER).expect("write");
    std::fs::write(dir.join("sources.yaml"), SOURCES).expect("write");
    std::fs::write(
        dir.join("model.yaml"),
        MODEL.replace("{symptom_dark}", dark),
    )
    .expect("write");
}

/// Loads the library in `dir` (and nothing built in).
pub fn load(dir: &Path) -> Catalog {
    let loaded = load_library(false, &[dir.to_path_buf()]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.catalog.expect("catalog")
}

/// A fresh temporary folder with the original library, and its catalog.
pub fn catalog() -> (tempfile::TempDir, Catalog) {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), DARK);
    let c = load(dir.path());
    (dir, c)
}

/// The model's tree index.
pub fn model(c: &Catalog) -> usize {
    c.model_index("test-lock").expect("test-lock")
}
