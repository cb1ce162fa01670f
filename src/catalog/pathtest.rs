//! Runs the path tests written in tree files: each walk must end where it says.

use crate::catalog::Catalog;
use crate::session::Session;
use crate::tree::{Diagnostic, Origin, Tree};

/// Runs every path test in the catalog and returns one error per failing test.
#[must_use]
pub fn run_path_tests(catalog: &Catalog) -> Vec<Diagnostic> {
    run_path_tests_of(catalog, |_| true)
}

/// Runs the path tests of the trees `which` selects; one error per failing test.
#[must_use]
pub fn run_path_tests_of(catalog: &Catalog, which: impl Fn(&Tree) -> bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (ti, tree) in catalog.trees.iter().enumerate() {
        if !which(tree) {
            continue;
        }
        let file = tree.origin.display_path();
        for test in &tree.tests {
            let fail = |msg: String| {
                Diagnostic::error(
                    file,
                    test.line,
                    1,
                    "path-test",
                    format!("path test '{}': {msg}", test.name),
                )
            };
            // A built-in test that walks into a model the user's file replaces (as `lockdiag
            // new` with a built-in id does) is about the user's file: a warning there, naming
            // the built-in test, not an error in a built-in file the user does not have.
            let replaced = |session: &Session, msg: String| {
                let now = &catalog.trees[session.tree];
                (matches!(tree.origin, Origin::BuiltIn(_))
                    && matches!(now.origin, Origin::File(_))
                    && now.model().is_some())
                .then(|| {
                    Diagnostic::warning(
                        now.origin.display_path(),
                        1,
                        1,
                        "path-test",
                        format!(
                            "this file replaces built-in model '{}', and the built-in path test '{}' ({file}:{}) no longer walks through it: {msg}",
                            now.id, test.name, test.line
                        ),
                    )
                    .with_hint("give the model another id, unless you mean to replace the built-in one")
                })
            };
            let mut session = match Session::start(catalog, ti) {
                Ok(s) => s,
                Err(e) => {
                    out.push(fail(e.to_string()));
                    continue;
                }
            };
            let mut failed = false;
            for (k, given) in test.answers.iter().enumerate() {
                let result = session
                    .parse_answer(catalog, given)
                    .and_then(|a| session.answer(catalog, a));
                if let Err(e) = result {
                    let at = session.node(catalog);
                    let msg = format!("answer {} '{given}' at node '{}': {e}", k + 1, at.id);
                    out.push(replaced(&session, msg.clone()).unwrap_or_else(|| fail(msg)));
                    failed = true;
                    break;
                }
            }
            if failed {
                continue;
            }
            let end = session.node(catalog);
            let kind_ok = test
                .expect
                .as_deref()
                .is_none_or(|k| k == end.kind().keyword());
            let node_ok = test.node.as_deref().is_none_or(|n| n == end.id);
            if !(kind_ok && node_ok) {
                let want = match (&test.expect, &test.node) {
                    (Some(k), Some(n)) => format!("{k} node '{n}'"),
                    (Some(k), None) => format!("a {k} node"),
                    (None, Some(n)) => format!("node '{n}'"),
                    (None, None) => String::new(),
                };
                let msg = format!(
                    "expected to reach {want}, but reached {} node '{}' ('{}')",
                    end.kind(),
                    end.id,
                    end.title
                );
                out.push(replaced(&session, msg.clone()).unwrap_or_else(|| fail(msg)));
            }
        }
    }
    out
}
