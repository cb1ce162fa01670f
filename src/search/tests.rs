//! Unit tests of search as a whole, against the shipped library: ranking, negation and
//! contrast, danger first (both ways), the lock named, names in conflict, long input.

use std::sync::OnceLock;

use super::*;
use crate::catalog::{Catalog, load_library};

/// The shipped library and its index, built once for all the tests.
pub(crate) fn shipped() -> &'static (Catalog, SearchIndex) {
    static S: OnceLock<(Catalog, SearchIndex)> = OnceLock::new();
    S.get_or_init(|| {
        let c = load_library(true, &[]).catalog.expect("library loads");
        let i = SearchIndex::new(&c);
        (c, i)
    })
}

fn top(q: &str, n: usize) -> Vec<Hit> {
    let (c, i) = shipped();
    i.search(c, q, None, n).hits
}

fn rank_of(hits: &[Hit], pred: impl Fn(&Hit) -> bool) -> Option<usize> {
    hits.iter().position(pred)
}

#[test]
fn no_word_is_required() {
    let hits = top(
        "bought a new key at home depot and it wont turn in the lock",
        10,
    );
    assert!(!hits.is_empty());
    let hits = top("zzqx keypad", 5);
    assert!(!hits.is_empty(), "an unknown word costs nothing");
    assert!(top("zzqx qqwv", 5).is_empty());
}

#[test]
fn negation_and_contrast() {
    // What a hit is about: its title and the answer that leads to it.
    let about = |h: &Hit| {
        format!("{} {}", h.title, h.path.last().map_or("", String::as_str)).to_lowercase()
    };
    let lights = top("the keypad lights up but the bolt doesn't move", 10);
    let bolt_stays = rank_of(&lights, |h| about(h).contains("bolt"));
    let dead = rank_of(&lights, |h| {
        let t = about(h);
        t.contains("dark") || t.contains("dead") || t.contains("does nothing")
    });
    assert!(bolt_stays.is_some(), "{:?}", titles(&lights));
    assert!(
        dead.is_none_or(|d| bolt_stays < Some(d)),
        "{:?}",
        titles(&lights)
    );
    // "still works" must not pull the dead-keypad nodes up.
    let (c, i) = shipped();
    let base = i.search(c, "schlage encode key hard to turn", None, 5).hits;
    let works = i
        .search(
            c,
            "schlage encode key hard to turn, the keypad still works tho",
            None,
            5,
        )
        .hits;
    assert_eq!(
        base.first().map(|h| &h.node_id),
        works.first().map(|h| &h.node_id)
    );
}

fn titles(h: &[Hit]) -> Vec<String> {
    h.iter()
        .map(|h| format!("{}/{}: {}", h.model_id, h.node_id, h.title))
        .collect()
}

#[test]
fn nothing_lights_up_is_the_dead_keypad() {
    let hits = top("schlage encode nothing lights up when i touch it", 3);
    assert!(
        hits.iter()
            .any(|h| h.kind != crate::tree::NodeKind::Emergency && h.model_id == "schlage-encode"),
        "{:?}",
        titles(&hits)
    );
}

#[test]
fn danger_comes_first_and_only_when_there_is_danger() {
    for q in [
        "my mom fell, she's on the kitchen floor and the code isnt working",
        "my 2 year old is in there and the keypad is dead",
        "there's smoke coming from under the door and the app wont unlock",
        "the door was kicked in and the lock is hanging off",
    ] {
        let hits = top(q, 3);
        assert_eq!(
            hits.first().map(|h| h.kind),
            Some(crate::tree::NodeKind::Emergency),
            "{q}"
        );
        assert!(matches!(hits[0].reason, Reason::Danger { .. }), "{q}");
    }
    for q in [
        "kids are at school til 3, keypad is dead",
        "the dog walker's code doesnt work",
        "my mom's house has the same lock and hers works",
    ] {
        let hits = top(q, 3);
        assert_ne!(
            hits.first().map(|h| h.kind),
            Some(crate::tree::NodeKind::Emergency),
            "{q}"
        );
    }
}

#[test]
fn the_named_lock_ranks_first_and_a_conflict_asks() {
    let hits = top("kwikset 916 bolt grinds and stops halfway", 3);
    assert!(
        hits.iter().all(|h| h.model_id == "kwikset-smartcode"),
        "{:?}",
        titles(&hits)
    );
    let hits = top("kwikset encode lost a key want to rekey", 3);
    assert!(
        matches!(hits[0].reason, Reason::WhichLock { .. }),
        "{:?}",
        titles(&hits)
    );
    assert!(hits[0].title.starts_with("Which lock is it?"));
    let hits = top("the key is stiff", 3);
    assert!(
        hits.iter().any(|h| h.reason == Reason::Identify),
        "{:?}",
        titles(&hits)
    );
}

#[test]
fn typos_and_words_being_typed() {
    let hits = top("schalge encoed batterys ded", 3);
    assert!(
        hits.iter().all(|h| h.model_id == "schlage-encode"),
        "{:?}",
        titles(&hits)
    );
    let (c, i) = shipped();
    let mut s = Searcher::with_limit(5);
    assert!(
        !s.update(c, i, "jamm", None).is_empty(),
        "a word being typed"
    );
}

#[test]
fn long_messages_stay_fast_and_bounded() {
    let (c, i) = shipped();
    let mut words = String::new();
    let mut x: u32 = 7;
    while words.len() < 100_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let w: String = (0..(x % 9 + 2))
            .map(|k| char::from(b'a' + ((x >> k) % 26) as u8))
            .collect();
        words.push_str(&w);
        words.push(' ');
    }
    let started = std::time::Instant::now();
    let r = i.search(c, &words, None, 10);
    let took = started.elapsed();
    assert!(r.hits.len() <= 10);
    // Not a timing test: a generous bound that only a quadratic blow-up would break.
    assert!(took.as_secs() < 10, "{took:?}");
}

#[test]
fn ranking_is_stable_and_scoped() {
    let (c, i) = shipped();
    let q = "bolt is stuck";
    assert_eq!(i.search(c, q, None, 10).hits, i.search(c, q, None, 10).hits);
    let m = c.model_index("lockly").expect("lockly");
    let hits = i.search(c, q, Some(m), 10).hits;
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.model == m));
}

#[test]
fn stacks_are_jumpable_and_paths_lead_there() {
    let (catalog, index) = shipped();
    let hits = index.search(catalog, "replace batteries", None, 30).hits;
    assert!(
        hits.iter().any(|h| h.stack.len() > 1),
        "shared procedure nodes found"
    );
    for h in hits.iter().filter(|h| h.reason == Reason::Words) {
        assert_eq!(h.stack[0].tree, h.model);
        for f in &h.stack[..h.stack.len() - 1] {
            assert!(matches!(
                catalog.node(*f).body,
                crate::tree::NodeBody::Procedure { .. }
            ));
        }
        assert_eq!(catalog.node(h.pos()).id, h.node_id);
        let mut s = crate::session::Session::start(catalog, h.model).expect("start");
        s.jump(catalog, h.stack.clone()).expect("jump");
        assert_eq!(s.pos(), h.pos());
        let mut walk = crate::session::Session::start(catalog, h.model).expect("start");
        for label in &h.path {
            let a = walk.parse_answer(catalog, label).expect("answer");
            walk.answer(catalog, a).expect("answer applies");
        }
        assert_eq!(walk.pos(), h.pos(), "{} path {:?}", h.node_id, h.path);
    }
}

#[test]
fn a_shared_node_is_shown_once() {
    let (catalog, index) = shipped();
    let hits = index
        .search(
            catalog,
            "replace all the batteries with new ones",
            None,
            500,
        )
        .hits;
    let n = hits
        .iter()
        .filter(|h| h.node_id == "replace-batteries" && h.stack.len() > 1)
        .count();
    assert!(n <= 1, "{n}");
    let lockly = catalog.model_index("lockly").expect("lockly");
    let scoped = index
        .search(catalog, "replace all the batteries", Some(lockly), 50)
        .hits;
    assert!(scoped.iter().any(|h| h.node_id == "replace-batteries"));
}

#[test]
fn highlights_point_at_the_matched_letters() {
    let (catalog, index) = shipped();
    let hits = index.search(catalog, "jammed bolt", None, 5).hits;
    let h = hits
        .iter()
        .find(|h| !h.title_matches.is_empty())
        .expect("a highlighted title");
    let chars: Vec<char> = h.title.chars().collect();
    let marked: String = h
        .title_matches
        .iter()
        .filter_map(|&i| chars.get(i))
        .collect();
    assert!(
        !marked.is_empty() && marked.chars().all(char::is_alphanumeric),
        "{marked}"
    );
}
