//! The incremental scorer gives the same scores, to the bit, as scoring from scratch: while a
//! message is typed, edited in the middle, and deleted again.

use super::{Incremental, score};
use crate::search::rank::plan;
use crate::search::tests::shipped;

/// Scores for every document, by document, for comparison.
fn by_doc(s: &super::Scores, n: usize) -> Vec<u32> {
    let mut out = vec![0u32; n];
    for &d in &s.touched {
        out[d as usize] = s.score[d as usize].to_bits();
    }
    out
}

/// Feeds each query to one incremental scorer and checks it against a fresh score.
fn agrees(queries: &[&str]) {
    let (_, index) = shipped();
    let n = index.docs.len();
    let mut inc = Incremental::default();
    let mut compared = 0;
    for q in queries {
        let p = plan(index, q, true);
        let fresh = score(index, &p, None);
        let kept = inc.score(index, &p);
        assert_eq!(
            by_doc(&kept, n),
            by_doc(&fresh, n),
            "scores differ for {q:?}"
        );
        let mut a = kept.touched.clone();
        let mut b = fresh.touched.clone();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "touched documents differ for {q:?}");
        compared += usize::from(!fresh.touched.is_empty());
    }
    assert!(
        compared > 0,
        "no query matched anything: the check compared nothing"
    );
}

/// Every prefix of `msg`, one character more each time.
fn typed(msg: &str) -> Vec<&str> {
    msg.char_indices()
        .skip(1)
        .map(|(i, _)| &msg[..i])
        .chain([msg])
        .collect()
}

#[test]
fn typing_a_message_scores_as_from_scratch() {
    let msg = "the keypad lights up but the bolt doesnt move, new batteries last week tho \
               and my kwikset still wont lock, smoke alarm is fine";
    agrees(&typed(msg));
}

#[test]
fn deleting_and_editing_in_the_middle_scores_as_from_scratch() {
    let msg = "forgot the programming code on my schlage connect and the app says offline";
    let mut queries = typed(msg);
    let back: Vec<&str> = typed(msg).into_iter().rev().collect();
    queries.extend(back);
    let edited = [
        "forgot the programming code on my schlage connect and the app says offline",
        "forgot the master code on my schlage connect and the app says offline",
        "forgot the code on my schlage connect and the app says offline",
        "my mom fell and forgot the code on my schlage connect and the app says offline",
        "keypad",
        "keypad dead",
        "",
        "keypad dead",
    ];
    queries.extend(edited);
    agrees(&queries);
}
