//! References between files: the shared procedures and models that nodes name, checked once
//! every file of the library has been read.

use super::{Names, loc};
use crate::tree::diag::Diagnostic;
use crate::tree::raw::Text;
use crate::tree::suggest::Suggester;

/// What a node names in another file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A shared procedure (`procedure` node).
    Procedure,
    /// A model (`open-model` node).
    Model,
}

/// A shared procedure or model named by a node, and where.
#[derive(Debug, Clone)]
pub struct NameRef {
    /// Procedure or model.
    pub kind: RefKind,
    /// The id named.
    pub name: String,
    /// Line and column of the name.
    pub at: (u64, u64),
    /// The node that names it.
    pub node: Option<String>,
}

impl NameRef {
    pub(super) fn new(kind: RefKind, t: &Text, node: Option<&str>) -> Self {
        Self {
            kind,
            name: t.value.clone(),
            at: loc(&t.referenced),
            node: node.map(str::to_string),
        }
    }
}

/// Did-you-mean over the library's procedure and model ids, shared by every file's
/// [`check_refs`] so each misspelling is looked up once.
#[derive(Debug, Default)]
pub struct Suggestions<'a> {
    procedures: Option<Suggester<'a>>,
    models: Option<Suggester<'a>>,
}

/// Checks that every procedure and model `refs` name is declared in `names`.
pub fn check_refs<'a>(
    file: &str,
    refs: &[NameRef],
    names: &'a Names,
    suggestions: &mut Suggestions<'a>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in refs {
        let (declared, code, message) = match r.kind {
            RefKind::Procedure => (
                &names.procedures,
                "unknown-procedure",
                format!("there is no shared procedure '{}'", r.name),
            ),
            RefKind::Model => (
                &names.models,
                "unknown-model",
                format!("there is no model '{}'", r.name),
            ),
        };
        if declared.contains(&r.name) {
            continue;
        }
        let slot = match r.kind {
            RefKind::Procedure => &mut suggestions.procedures,
            RefKind::Model => &mut suggestions.models,
        };
        let best = slot
            .get_or_insert_with(|| Suggester::new(declared.iter().map(String::as_str)))
            .suggest(&r.name);
        let mut d = Diagnostic::error(file, r.at.0, r.at.1, code, message);
        d.node.clone_from(&r.node);
        d.hint = match (r.kind, best) {
            (_, Some(b)) => Some(format!("did you mean '{b}'?")),
            (RefKind::Procedure, None) => Some("shared procedures live in trees/shared/".into()),
            (RefKind::Model, None) => None,
        };
        out.push(d);
    }
    out
}
