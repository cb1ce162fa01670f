//! Property tests of the walk over the shipped library: any sequence of valid answers from any
//! model's start lands on a question, remedy or outcome (never an error), and Back after any
//! answer returns exactly to the state before it.

use lockdiag::catalog::{Catalog, load_library};
use lockdiag::session::{Answer, Session};
use lockdiag::tree::NodeBody;
use proptest::prelude::*;

fn catalog() -> &'static Catalog {
    use std::sync::OnceLock;
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        load_library(true, &[])
            .catalog
            .expect("shipped library loads")
    })
}

/// The answer with index `pick` (modulo the choices) at the node on screen, if it takes one.
fn nth_answer(c: &Catalog, s: &Session, pick: usize) -> Option<Answer> {
    match &s.node(c).body {
        NodeBody::Question { choices } => Some(Answer::Choice(pick % choices.len())),
        NodeBody::Remedy { .. } => Some(Answer::Fixed(pick.is_multiple_of(2))),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_answers_land_on_a_node_and_back_undoes_each(
        model in 0usize..64,
        picks in proptest::collection::vec(0usize..16, 0..40),
    ) {
        let c = catalog();
        let roots: Vec<usize> = c.models_sorted().into_iter().chain(c.guide_index("identify")).collect();
        let root = roots[model % roots.len()];
        let mut s = Session::start(c, root).expect("start");
        for pick in picks {
            let Some(answer) = nth_answer(c, &s, pick) else {
                prop_assert!(s.is_finished(c), "no answer possible, so the walk must have ended");
                break;
            };
            let before = s.clone();
            s.answer(c, answer.clone()).expect("a valid answer is always accepted");
            // Where the walk stands is something the user can see: never a hand-over node.
            let kind = s.node(c).kind();
            prop_assert!(!matches!(kind, lockdiag::tree::NodeKind::Procedure | lockdiag::tree::NodeKind::OpenModel));
            // Back returns exactly to the state before the answer...
            let mut undone = s.clone();
            prop_assert!(undone.back());
            prop_assert_eq!(undone.pos(), before.pos());
            prop_assert_eq!(undone.stack(), before.stack());
            prop_assert_eq!(&undone.steps, &before.steps);
            prop_assert_eq!(undone.tree, before.tree);
            // ...and the same answer again restores where it was.
            undone.answer(c, answer).expect("same answer");
            prop_assert_eq!(undone.pos(), s.pos());
            prop_assert_eq!(undone.stack(), s.stack());
            prop_assert!(undone.abandoned.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Replaying a saved session reproduces the same path: walk with random answers (and some
    /// Backs) through a store, then resume it and compare.
    #[test]
    fn replaying_a_saved_session_reproduces_the_path(
        model in 0usize..64,
        picks in proptest::collection::vec((0usize..16, proptest::bool::weighted(0.15)), 1..25),
    ) {
        use lockdiag::store::{LiveCase, Store};
        let c = catalog();
        let roots: Vec<usize> = c.models_sorted();
        let root = roots[model % roots.len()];
        let data = tempfile::tempdir().expect("tempdir");
        let mut live = LiveCase::start(c, root, Store::open(data.path())).expect("start");
        for (pick, back) in picks {
            if back {
                live.back(c);
                continue;
            }
            let Some(answer) = nth_answer(c, live.session(), pick) else { break };
            live.answer(c, answer).expect("answer");
        }
        prop_assert!(live.take_warning().is_none());
        let saved_steps = live.session().steps.clone();
        let saved_pos = live.session().pos();
        let saved_stack = live.session().stack().to_vec();
        drop(live);
        if saved_steps.is_empty() {
            return Ok(()); // nothing answered: nothing was saved
        }
        let store = Store::open(data.path()).expect("reopen");
        let (resumed, report) = LiveCase::resume(c, store, None).expect("resume");
        prop_assert_eq!(report.message(), None);
        prop_assert_eq!(resumed.session().pos(), saved_pos);
        prop_assert_eq!(resumed.session().stack(), &saved_stack[..]);
        let answers = |s: &[lockdiag::session::Step]| s.iter().map(|st| (st.stack.clone(), st.answer.clone())).collect::<Vec<_>>();
        prop_assert_eq!(answers(&resumed.session().steps), answers(&saved_steps));
    }
}
