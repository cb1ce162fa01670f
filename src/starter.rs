//! The starter tree `lockdiag new` writes: valid from the first save, with the safety check and
//! the locksmith route already in place, and comments saying what to fill in.

/// The starter tree for model `id`, with `brand` and `name` filled in.
#[must_use]
pub fn starter_tree(id: &str, brand: &str, name: &str, today: &str) -> String {
    format!(
        r#"# Starter tree for {brand} {name}, written by `lockdiag new`.
# It already passes `lockdiag check`. Fill in every "FILL IN" from shared/lock-facts.md (or the
# maker's manual), keep the source tags honest, and run `lockdiag check` after each change.
# The full format: docs/tree-format.md. How to write and test a tree: docs/authoring.md.
format: 1
model:
  id: {id}
  brand: "{brand}"
  name: "{name}"
  aliases: []                  # other names and model numbers people use, for search
  cylinder: unknown            # smartkey | pin-tumbler | none | retrofit | unknown
  keyway: "FILL IN: keyway, 'no keyway', or 'keeps the door's own cylinder'"
  power: "FILL IN: battery type and count"
  emergency_power: [key]       # key, 9v, usb, none: only what the maker documents
  connectivity: []             # wifi, bluetooth, z-wave, zigbee, thread, matter, hub, homekit, nfc
  reviewed: {today}
  sources: []                  # source codes from trees/sources.yaml (shared/lock-facts.md)
start: safety
nodes:
  # Every model tree starts with the shared safety check: danger inside or a break-in goes to
  # emergency services before any lock advice. Keep this node first.
  - id: safety
    kind: procedure
    procedure: safety-first
    next: symptom

  # The symptom menu: one answer per symptom family (see docs/tree-format.md, "Path tests").
  - id: symptom
    kind: question
    title: What is the lock doing?
    help: Pick the closest match. You can go back at any time.
    choices:
      - label: The keypad is dark or does nothing
        next: batteries
      - label: I lost a key
        next: lost-key
      # FILL IN: the other symptom families.

  # A shared procedure hands control back to `next` when it ends without an outcome.
  - id: batteries
    kind: procedure
    procedure: batteries
    next: keypad-locksmith

  - id: keypad-locksmith
    kind: locksmith
    title: Call a locksmith
    why: "FILL IN: why the owner cannot fix this alone."
    urgency: today             # emergency | today | can-wait
    card:                      # what the locksmith's card says, in the third person
      why: "FILL IN: the situation for the locksmith, such as 'The customer's keypad stays dark.'"
      tell: [The lock model, What the customer tried]
    tell: [The lock model, What you tried]
    bring: ["FILL IN: the parts for this model"]

  # Rekeying follows the cylinder type: pick rekey-smartkey, rekey-pin-tumbler,
  # rekey-keyless or rekey-retrofit to match `cylinder` above.
  - id: lost-key
    kind: manufacturer
    title: Ask the maker how this lock is rekeyed
    why: "FILL IN: replace this node with the shared rekey procedure for this cylinder."
    contact: "FILL IN: the maker's support"
    have_ready: [The model number from the label in the battery compartment]

tests:
  # Path tests: each walk must end where it says. Add one per symptom family.
  - name: someone in danger goes to emergency services
    family: safety
    answers: [1]
    expect: emergency
  - name: dark keypad, new batteries don't help
    family: keypad-dead
    answers: ["No one is in danger", "The keypad is dark or does nothing", "no"]
    expect: locksmith
"#
    )
}
