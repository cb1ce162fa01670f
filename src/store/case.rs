//! A case: one walk with everything around it (case reference, notes, ticks, times) and the
//! event log that records it. Plain domain code: no terminal, no storage. The TUI and the
//! exports read it; [`super::LiveCase`] saves its log as it grows.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::catalog::Catalog;
use crate::report::answer_text;
use crate::session::{Answer, Pos, Session, WalkError};
use crate::tree::text::is_unsafe_char;
use crate::tree::{ModelInfo, NodeBody, NodeKind};

use super::event::{Event, Logged, NodeRef};

/// Seconds since the Unix epoch.
#[must_use]
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A session key that no other machine will make: the time in nanoseconds, the process id and
/// 64 random bits (from the system's random source when it can be read).
#[must_use]
pub fn new_uid(started: u64) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(u128::from(started), |d| d.as_nanos());
    let mut random = [0u8; 8];
    let read = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut random));
    let mut bits = u64::from_le_bytes(random);
    if read.is_err() {
        // No random source: mix the address of a stack value into the clock instead.
        bits ^= (std::ptr::addr_of!(random) as u64).rotate_left(17) ^ (nanos as u64);
    }
    format!("{nanos:x}-{:x}-{bits:016x}", std::process::id())
}

/// A note written on a step of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The number of answers given when it was written (0 = the first screen).
    pub step: usize,
    /// The node on screen when it was written.
    pub node: NodeRef,
    /// The text (may hold newlines).
    pub text: String,
    /// When it was last changed, in seconds since the Unix epoch.
    pub time: u64,
}

/// The outcome a walk stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Resolved, locksmith, manufacturer or emergency.
    pub kind: NodeKind,
    /// The outcome node.
    pub node: NodeRef,
}

/// A case: a walk and everything recorded around it. Change it only through its methods, so
/// the state and the event log always agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub(super) id: Option<i64>,
    pub(super) uid: String,
    pub(super) agent: Option<String>,
    pub(super) start_tree: String,
    pub(super) model: String,
    pub(super) tree_hash: String,
    pub(super) trees: BTreeMap<String, String>,
    pub(super) started: u64,
    pub(super) updated: u64,
    pub(super) ended: Option<u64>,
    pub(super) case_ref: Option<String>,
    pub(super) notes: Vec<Note>,
    pub(super) outcome: Option<Outcome>,
    pub(super) restarted_from: Option<i64>,
    pub(super) app_version: String,
    pub(super) session: Session,
    pub(super) events: Vec<Logged>,
}

/// The content hashes of tree `start` and of every tree it can hand over to (procedures,
/// models opened by a guide), by tree id: what "the tree it walked" means for change checks.
#[must_use]
pub fn tree_hashes(catalog: &Catalog, start: usize) -> BTreeMap<String, String> {
    let mut seen = vec![false; catalog.trees.len()];
    let mut todo = vec![start];
    let mut out = BTreeMap::new();
    while let Some(t) = todo.pop() {
        if t >= seen.len() || seen[t] {
            continue;
        }
        seen[t] = true;
        let tree = &catalog.trees[t];
        out.insert(tree.id.clone(), tree.content_hash.clone());
        for n in &tree.nodes {
            match &n.body {
                NodeBody::Procedure { procedure, .. } => todo.push(*procedure),
                NodeBody::OpenModel { model } => todo.push(*model),
                _ => {}
            }
        }
    }
    out
}

/// Cleans typed text: tabs become spaces, carriage returns (a lone CR is how terminals paste a
/// line break) and CRLF newlines, and control characters, escape sequences and bidi overrides
/// are dropped (they could drive a terminal later). Newlines stay only when `multiline`.
/// Surrounding whitespace is trimmed.
#[must_use]
pub fn clean_text(text: &str, multiline: bool) -> String {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ");
    let kept: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' if !multiline => Some(' '),
            c if is_unsafe_char(c, multiline) => None,
            c => Some(c),
        })
        .collect();
    kept.trim().to_string()
}

/// Whether `answer` given now would restore the step Back undid (rather than record a new one).
pub(super) fn restores(session: &Session, answer: &Answer) -> bool {
    session
        .forward
        .last()
        .is_some_and(|f| f.stack == session.stack() && &f.answer == answer)
}

impl Case {
    /// Starts a case at the start of tree `tree` (a model or guide).
    pub fn start(catalog: &Catalog, tree: usize) -> Result<Self, WalkError> {
        let session = Session::start(catalog, tree)?;
        let started = now();
        let start_tree = catalog.trees[tree].id.clone();
        let mut case = Self {
            id: None,
            uid: new_uid(started),
            agent: None,
            model: catalog.trees[session.tree].id.clone(),
            tree_hash: catalog.trees[tree].content_hash.clone(),
            trees: tree_hashes(catalog, tree),
            start_tree,
            started,
            updated: started,
            ended: None,
            case_ref: None,
            notes: Vec::new(),
            outcome: None,
            restarted_from: None,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            session,
            events: Vec::new(),
        };
        case.moved(catalog, started);
        Ok(case)
    }

    /// A fresh case on the same tree, for Restart: the walk, notes, ticks and case reference
    /// start empty (a new walk is a new case, so it never takes another case's ticket), and
    /// `restarted_from` names this one.
    pub fn restart(&self, catalog: &Catalog) -> Result<Self, WalkError> {
        let tree = super::event::tree_index(catalog, &self.start_tree).unwrap_or(self.session.tree);
        let mut case = Self::start(catalog, tree)?;
        case.restarted_from = self.id;
        case.agent.clone_from(&self.agent);
        Ok(case)
    }

    /// The session id in the store, once saved.
    #[must_use]
    pub fn id(&self) -> Option<i64> {
        self.id
    }
    /// The session's unique key, made when the case began: it names the session on every
    /// machine and in the local spool before the store has given it an id.
    #[must_use]
    pub fn uid(&self) -> &str {
        &self.uid
    }
    /// The agent whose changes are being recorded now, if set.
    #[must_use]
    pub fn agent(&self) -> Option<&str> {
        self.agent.as_deref()
    }
    /// Sets the agent recorded with every later event.
    pub fn set_agent(&mut self, agent: Option<String>) {
        self.agent = agent;
    }
    /// The id of the tree the walk started in (a model, or a guide such as identification).
    #[must_use]
    pub fn start_tree(&self) -> &str {
        &self.start_tree
    }
    /// The id of the model (or guide) the walk is in now.
    #[must_use]
    pub fn model_id(&self) -> &str {
        &self.model
    }
    /// The model facts, when the walk is in a model's tree.
    #[must_use]
    pub fn model_info<'c>(&self, catalog: &'c Catalog) -> Option<&'c ModelInfo> {
        catalog.trees.get(self.session.tree).and_then(|t| t.model())
    }
    /// The content hash of the start tree's file when the case began.
    #[must_use]
    pub fn tree_hash(&self) -> &str {
        &self.tree_hash
    }
    /// Content hashes of every tree the walk could enter, by id, when the case began.
    #[must_use]
    pub fn trees(&self) -> &BTreeMap<String, String> {
        &self.trees
    }
    /// When the case began (seconds since the Unix epoch).
    #[must_use]
    pub fn started(&self) -> u64 {
        self.started
    }
    /// When anything last happened.
    #[must_use]
    pub fn updated(&self) -> u64 {
        self.updated
    }
    /// When the walk reached the outcome it stands on; `None` while it is open.
    #[must_use]
    pub fn ended(&self) -> Option<u64> {
        self.ended
    }
    /// The case or ticket reference.
    #[must_use]
    pub fn case_ref(&self) -> Option<&str> {
        self.case_ref.as_deref()
    }
    /// Every note, in the order first written.
    #[must_use]
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }
    /// The outcome the walk stands on, if any.
    #[must_use]
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }
    /// The session this one was restarted from.
    #[must_use]
    pub fn restarted_from(&self) -> Option<i64> {
        self.restarted_from
    }
    /// The lockdiag version that started the case.
    #[must_use]
    pub fn app_version(&self) -> &str {
        &self.app_version
    }
    /// The walk.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }
    /// The event log, oldest first.
    #[must_use]
    pub fn events(&self) -> &[Logged] {
        &self.events
    }

    /// The note on the screen now (this node at this step), to prefill the note editor.
    #[must_use]
    pub fn note_here(&self, catalog: &Catalog) -> Option<&Note> {
        let node = NodeRef::of(catalog, self.session.pos());
        let step = self.session.steps.len();
        self.notes.iter().find(|n| n.step == step && n.node == node)
    }

    /// Answers at the node on screen (see [`Session::answer`]) and logs it.
    pub fn answer(&mut self, catalog: &Catalog, answer: Answer) -> Result<(), WalkError> {
        let at = NodeRef::stack(catalog, self.session.stack());
        let restoring = restores(&self.session, &answer);
        self.session.answer(catalog, answer)?;
        let time = now();
        let Some(step) = self.session.steps.last_mut() else {
            return Err(WalkError::Loop);
        };
        if !restoring {
            step.time = time;
        }
        let text = answer_text(catalog, step);
        self.push(time, Event::Answer { at, answer: text });
        self.moved_and_log(catalog, time);
        Ok(())
    }

    /// Goes back one answer (see [`Session::back`]) and logs it. False at the start.
    pub fn back(&mut self, catalog: &Catalog) -> bool {
        let at = NodeRef::of(catalog, self.session.pos());
        if !self.session.back() {
            return false;
        }
        let time = now();
        self.push(time, Event::Back { at });
        self.moved_and_log(catalog, time);
        true
    }

    /// Jumps to a node found by search (see [`Session::jump`]) and logs it.
    pub fn jump(&mut self, catalog: &Catalog, to: Vec<Pos>) -> Result<(), WalkError> {
        let at = NodeRef::stack(catalog, self.session.stack());
        let to_refs = NodeRef::stack(catalog, &to);
        let restoring = restores(&self.session, &Answer::Jump(to.clone()));
        self.session.jump(catalog, to)?;
        let time = now();
        if !restoring && let Some(step) = self.session.steps.last_mut() {
            step.time = time;
        }
        self.push(time, Event::Jump { at, to: to_refs });
        self.moved_and_log(catalog, time);
        Ok(())
    }

    /// Toggles checklist step `i` of the remedy on screen and logs its new state.
    pub fn toggle_tick(&mut self, catalog: &Catalog, i: usize) {
        let pos = self.session.pos();
        self.session.toggle_tick(catalog, i);
        let Some(&on) = self.session.ticks.get(&pos).and_then(|t| t.get(i)) else {
            return;
        };
        let node = NodeRef::of(catalog, pos);
        self.push(now(), Event::Tick { node, step: i, on });
    }

    /// Writes the note on the screen now (replacing the one there); empty text removes it.
    /// Returns whether anything changed.
    pub fn set_note(&mut self, catalog: &Catalog, text: &str) -> bool {
        let text = clean_text(text, true);
        if self.note_here(catalog).map_or("", |n| n.text.as_str()) == text {
            return false;
        }
        let node = NodeRef::of(catalog, self.session.pos());
        let step = self.session.steps.len();
        let time = now();
        self.apply_note(step, &node, &text, time);
        self.push(time, Event::Note { step, node, text });
        true
    }

    /// Sets the case or ticket reference (one line); empty clears it. Returns whether it
    /// changed.
    pub fn set_case_ref(&mut self, text: &str) -> bool {
        let text = clean_text(text, false);
        if self.case_ref.as_deref().unwrap_or("") == text {
            return false;
        }
        self.case_ref = (!text.is_empty()).then(|| text.clone());
        self.push(now(), Event::CaseRef { text });
        true
    }

    /// Appends an event to the log.
    pub(super) fn push(&mut self, time: u64, event: Event) {
        let seq = u32::try_from(self.events.len() + 1).unwrap_or(u32::MAX);
        self.updated = time;
        self.events.push(Logged {
            seq,
            time,
            agent: self.agent.clone(),
            event,
        });
    }

    /// Writes, replaces or (empty text) removes the note at `step` on `node`.
    pub(super) fn apply_note(&mut self, step: usize, node: &NodeRef, text: &str, time: u64) {
        let found = self
            .notes
            .iter()
            .position(|n| n.step == step && &n.node == node);
        match (found, text.is_empty()) {
            (Some(i), true) => {
                self.notes.remove(i);
            }
            (Some(i), false) => {
                self.notes[i].text = text.to_string();
                self.notes[i].time = time;
            }
            (None, false) => self.notes.push(Note {
                step,
                node: node.clone(),
                text: text.to_string(),
                time,
            }),
            (None, true) => {}
        }
    }

    /// Updates what follows from the position after a move, and returns the outcome event to
    /// log when the walk now stands on an outcome.
    pub(super) fn moved(&mut self, catalog: &Catalog, time: u64) -> Option<Event> {
        self.model = catalog.trees[self.session.tree].id.clone();
        let pos = self.session.pos();
        let kind = catalog.node(pos).kind();
        if !kind.is_outcome() {
            self.outcome = None;
            self.ended = None;
            return None;
        }
        let node = NodeRef::of(catalog, pos);
        self.outcome = Some(Outcome {
            kind,
            node: node.clone(),
        });
        self.ended = Some(time);
        Some(Event::Outcome {
            node,
            outcome: kind.keyword().to_string(),
        })
    }

    fn moved_and_log(&mut self, catalog: &Catalog, time: u64) {
        if let Some(e) = self.moved(catalog, time) {
            self.push(time, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_drops_controls_and_keeps_newlines_in_notes() {
        assert_eq!(clean_text("  a\tb\r\nc\u{1b}[31m ", true), "a b\nc[31m");
        assert_eq!(clean_text("TCK\n-1\u{202E}", false), "TCK -1");
        assert_eq!(clean_text(" \n ", true), "");
        assert_eq!(clean_text("café 9 V × 4", false), "café 9 V × 4");
    }
}
