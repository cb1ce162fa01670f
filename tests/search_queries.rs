//! Search quality: queries written the way callers talk (lowercase, no apostrophes, typos,
//! filler words), each naming the node(s) one of the top three hits must be, across every
//! symptom family (the node itself, or a node beyond it on the way); and `lockdiag search` through the real binary, in text and JSON.

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use common::lockdiag;
use lockdiag::catalog::{Catalog, load_library};
use lockdiag::search::{Hit, SearchIndex};
use lockdiag::session::Session;
use lockdiag::tree::validate::FAMILIES;
use predicates::prelude::*;

/// One caller query: the family it belongs to, what the caller says, the model (id prefix)
/// the matching hit must belong to when the caller names a brand, and the acceptable nodes.
struct Case {
    family: &'static str,
    query: &'static str,
    model: Option<&'static str>,
    nodes: &'static [&'static str],
}

const fn case(
    family: &'static str,
    query: &'static str,
    model: Option<&'static str>,
    nodes: &'static [&'static str],
) -> Case {
    Case {
        family,
        query,
        model,
        nodes,
    }
}

const KEY_WONT_TURN: &[&str] = &[
    "kwt-what",
    "key-in",
    "key-locked-out",
    "kwt-stiff",
    "key-turn-spare-lube",
    "key-spare-lube",
];
const KEYPAD_DEAD: &[&str] = &[
    "kd-where",
    "keypad-dead",
    "keypad-battery",
    "keypad-accessory",
    "replace-batteries",
];
const LIGHTS_BOLT_STAYS: &[&str] = &["lights-what", "bolt-stays", "replace-batteries"];
const JAMMED: &[&str] = &["door-open-test", "jammed-by-hand", "jammed-bare-deadbolt"];
const HANDING: &[&str] = &["handing", "handing-what", "handing-check"];
const CONN: &[&str] = &[
    "conn",
    "conn-what",
    "conn-offline",
    "conn-wifi",
    "conn-setup",
    "conn-bluetooth",
    "conn-phone",
    "conn-zwave",
    "conn-hub",
];
const RESET: &[&str] = &["reset-why", "reset-steps", "reset-failed", "reset-support"];
const BATTERIES: &[&str] = &[
    "batt-where",
    "batt-locked-out",
    "batt-drain",
    "kd-outside",
    "kd-9v",
    "batt-9v",
];
const AUTOLOCK: &[&str] = &[
    "autolock",
    "autolock-what",
    "autolock-settings",
    "autolock-delay",
    "autolock-door-open",
];
const BEEPS: &[&str] = &["beeps", "alerts-which", "lockout-check", "batt-locked-out"];
const SECOND_HAND: &[&str] = &["second-hand-account"];

const CASES: &[Case] = &[
    // safety
    case(
        "safety",
        "my kid is locked inside",
        None,
        &["safety-check", "danger-inside"],
    ),
    case(
        "safety",
        "my dog is locked inside",
        None,
        &["safety-check", "danger-inside"],
    ),
    case(
        "safety",
        "baby locked inside",
        None,
        &["safety-check", "danger-inside"],
    ),
    case(
        "safety",
        "someone broke in the door is kicked in",
        None,
        &["break-in"],
    ),
    case(
        "safety",
        "smells like gas and i cant get in",
        None,
        &["safety-check", "danger-inside"],
    ),
    case(
        "safety",
        "burglar broke the lock",
        None,
        &["safety-check", "break-in"],
    ),
    // key won't turn
    case("key-wont-turn", "key wont turn", None, KEY_WONT_TURN),
    case(
        "key-wont-turn",
        "the key goes in but wont turn tho",
        None,
        KEY_WONT_TURN,
    ),
    case(
        "key-wont-turn",
        "key is really stiff and hard to turn",
        None,
        KEY_WONT_TURN,
    ),
    case(
        "key-wont-turn",
        "schlage key is stuck wont turn",
        Some("schlage-"),
        KEY_WONT_TURN,
    ),
    case(
        "key-wont-turn",
        "key broke off in the lock",
        None,
        &[
            "kwt-broken-access",
            "kwt-broken",
            "locksmith-broken-key",
            "pin-broken-key-access",
        ],
    ),
    case(
        "key-wont-turn",
        "key wont go in all the way",
        None,
        &["kwt-wont-enter", "key-wont-enter"],
    ),
    // lost key
    case(
        "lost-key",
        "lost my keys",
        None,
        &["lost-key", "rekey-identify"],
    ),
    case(
        "lost-key",
        "i lost my kwikset key",
        Some("kwikset-"),
        &["lost-key", "rekey-identify"],
    ),
    case(
        "lost-key",
        "keys were stolen want to rekey",
        None,
        &["lost-key", "rekey-identify"],
    ),
    case(
        "lost-key",
        "ex still has a key",
        None,
        &["lost-key", "keyless-change-access"],
    ),
    // keypad dead
    case(
        "keypad-dead",
        "keypad is dead nothing lights up",
        None,
        KEYPAD_DEAD,
    ),
    case("keypad-dead", "the touchscreen is blank", None, KEYPAD_DEAD),
    case(
        "keypad-dead",
        "my yale keypad wont light up",
        Some("yale-"),
        KEYPAD_DEAD,
    ),
    case(
        "keypad-dead",
        "schlage connect keypad dead",
        Some("schlage-connect"),
        KEYPAD_DEAD,
    ),
    case(
        "keypad-dead",
        "lockly keypad dead",
        Some("lockly"),
        KEYPAD_DEAD,
    ),
    // keypad lights, bolt stays
    case(
        "keypad-lights-bolt-stays",
        "the keypad lights up but the bolt doesnt move",
        None,
        LIGHTS_BOLT_STAYS,
    ),
    case(
        "keypad-lights-bolt-stays",
        "code works but wont unlock",
        None,
        LIGHTS_BOLT_STAYS,
    ),
    case(
        "keypad-lights-bolt-stays",
        "my kwikset keypad lights up but bolt dont move",
        Some("kwikset-"),
        LIGHTS_BOLT_STAYS,
    ),
    case(
        "keypad-lights-bolt-stays",
        "i hear the motor but the deadbolt doesnt move",
        None,
        LIGHTS_BOLT_STAYS,
    ),
    case(
        "keypad-lights-bolt-stays",
        "keypad lights up but deadbolt dosent move",
        None,
        LIGHTS_BOLT_STAYS,
    ),
    // jammed
    case("jammed", "bolt is jammed", None, JAMMED),
    case("jammed", "deadbolt stuck half way", None, JAMMED),
    case("jammed", "bolt is jamed tho", None, JAMMED),
    case(
        "jammed",
        "lock grinding and wont close all the way",
        None,
        JAMMED,
    ),
    case(
        "jammed",
        "august app says lock jammed",
        Some("august-"),
        JAMMED,
    ),
    // handing
    case("handing", "it locks when it should unlock", None, HANDING),
    case("handing", "lock works backwards", None, HANDING),
    // connectivity
    case("connectivity", "app says lock is offline", None, CONN),
    case("connectivity", "wont connect to wifi", None, CONN),
    case(
        "connectivity",
        "my phone cant find the lock bluetooth",
        None,
        CONN,
    ),
    case("connectivity", "zwave hub lost the lock", None, CONN),
    case("connectivity", "alexa cant reach my lock", None, CONN),
    case(
        "connectivity",
        "level bolt wont connect",
        Some("level-bolt"),
        CONN,
    ),
    // factory reset
    case(
        "factory-reset",
        "how do i factory reset my schlage encode",
        Some("schlage-encode"),
        RESET,
    ),
    case("factory-reset", "reset didnt work", None, RESET),
    case(
        "factory-reset",
        "factroy reset kwikset",
        Some("kwikset-"),
        RESET,
    ),
    // dead batteries
    case(
        "dead-batteries",
        "batteries are dead and im locked out",
        None,
        BATTERIES,
    ),
    case("dead-batteries", "batteries drain fast", None, BATTERIES),
    case("dead-batteries", "low battery warning", None, BATTERIES),
    case("dead-batteries", "batterys ded", None, BATTERIES),
    // auto-lock
    case("auto-lock", "auto lock not working", None, AUTOLOCK),
    case("auto-lock", "it locks itself too soon", None, AUTOLOCK),
    case(
        "auto-lock",
        "autolock locks while door is open",
        None,
        AUTOLOCK,
    ),
    // beeps and alerts
    case("beeps-alerts", "it keeps beeping", None, BEEPS),
    case("beeps-alerts", "red light flashing on keypad", None, BEEPS),
    case("beeps-alerts", "lock chirps three times", None, BEEPS),
    // second hand
    case(
        "second-hand",
        "bought a house with a smart lock already on it",
        None,
        SECOND_HAND,
    ),
    case(
        "second-hand",
        "lock is registered to the previous owner",
        None,
        SECOND_HAND,
    ),
    case(
        "second-hand",
        "moved in and the old owner still has codes",
        None,
        SECOND_HAND,
    ),
];

fn index() -> &'static (Catalog, SearchIndex) {
    static I: OnceLock<(Catalog, SearchIndex)> = OnceLock::new();
    I.get_or_init(|| {
        let c = load_library(true, &[])
            .catalog
            .expect("shipped library loads");
        let i = SearchIndex::new(&c);
        (c, i)
    })
}

/// Whether `h` is one of the case's nodes, or lies beyond one on its path (the walk to it
/// passes one: "lost my keys" finding a rekey remedy under the lost-key question fits).
fn fits(catalog: &Catalog, c: &Case, h: &Hit) -> bool {
    if !c.model.is_none_or(|m| h.model_id.starts_with(m)) {
        return false;
    }
    if c.nodes.contains(&h.node_id.as_str()) {
        return true;
    }
    let Ok(mut walk) = Session::start(catalog, h.model) else {
        return false;
    };
    for label in &h.path {
        if c.nodes.contains(&walk.node(catalog).id.as_str()) {
            return true;
        }
        let Ok(a) = walk.parse_answer(catalog, label) else {
            return false;
        };
        if walk.answer(catalog, a).is_err() {
            return false;
        }
    }
    c.nodes.contains(&walk.node(catalog).id.as_str())
}

#[test]
fn caller_queries_land_in_the_top_three() {
    let (catalog, index) = index();
    let mut failures = Vec::new();
    for c in CASES {
        let hits = index.search(catalog, c.query, None, 3).hits;
        if !hits.iter().any(|h| fits(catalog, c, h)) {
            let got: Vec<String> = hits
                .iter()
                .map(|h| format!("{}/{} ({})", h.model_id, h.node_id, h.score))
                .collect();
            failures.push(format!("{:?}: want {:?}, got {got:?}", c.query, c.nodes));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_suite_covers_every_family_with_forty_queries() {
    assert!(CASES.len() >= 40, "{} queries", CASES.len());
    let families: BTreeSet<&str> = CASES.iter().map(|c| c.family).collect();
    for f in FAMILIES {
        assert!(families.contains(f), "no query for {f}");
    }
}

#[test]
fn a_brand_word_favours_that_models_nodes() {
    let (catalog, index) = index();
    for (query, brand) in [
        ("my kwikset keypad is dead", "kwikset"),
        ("schlage keypad is dead", "schlage"),
        ("yale keypad is dead", "yale"),
    ] {
        let hits = index.search(catalog, query, None, 5).hits;
        assert!(!hits.is_empty(), "{query}");
        assert!(
            hits.iter().all(|h| h.model_id.contains(brand)),
            "{query}: {:?}",
            hits.iter().map(|h| &h.model_id).collect::<Vec<_>>()
        );
    }
}

#[test]
fn cli_prints_ranked_results_as_text() {
    lockdiag()
        .args([
            "search",
            "the keypad lights up but the bolt doesnt move",
            "--limit",
            "3",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("node(s) match"))
        .stdout(predicate::str::contains("path:"))
        .stdout(predicate::str::contains("No one is in danger ›"))
        .stdout(predicate::str::contains("score"));
}

#[test]
fn cli_json_has_model_node_kind_title_path_score() {
    let out = lockdiag()
        .args([
            "search", "kwikset", "keypad", "dead", "--format", "json", "--limit", "4",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let results = v["results"].as_array().expect("results");
    assert!(!results.is_empty() && results.len() <= 4);
    assert!(v["total"].as_u64().expect("total") >= results.len() as u64);
    for r in results {
        assert!(r["model"].as_str().expect("model").starts_with("kwikset-"));
        for field in ["node", "kind", "title", "tree"] {
            assert!(r[field].is_string(), "{field}");
        }
        assert!(r["path"].is_array() && r["score"].is_i64());
    }
    let scores: Vec<i64> = results.iter().filter_map(|r| r["score"].as_i64()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first");
}

#[test]
fn cli_model_option_scopes_the_search() {
    let out = lockdiag()
        .args([
            "search",
            "batteries",
            "--model",
            "schlage-encode",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let results = v["results"].as_array().expect("results");
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["model"] == "schlage-encode"));
    lockdiag()
        .args(["search", "batteries", "--model", "schlage-encod"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("schlage-encode"));
}

#[test]
fn cli_no_known_word_says_so_and_an_empty_message_is_an_argument_error() {
    lockdiag()
        .args(["search", "xyzzy", "frobnicate"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No results"))
        .stdout(predicate::str::contains("describe what the lock does"));
    let out = lockdiag()
        .args(["search", "xyzzy", "frobnicate", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["results"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["total"], 0);
    lockdiag()
        .args(["search", "  "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("query is empty"));
    lockdiag()
        .args(["search", "keypad", "--limit", "0"])
        .assert()
        .code(2);
}

#[test]
fn cli_reads_a_pasted_chat_from_standard_input() {
    let chat =
        "me: hi\nme: my mom fell, she's on the kitchen floor\nme: and the code isnt working\n";
    let out = lockdiag()
        .args(["search", "-", "--format", "json", "--limit", "3"])
        .write_stdin(chat)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let first = &v["results"][0];
    assert_eq!(first["kind"], "emergency");
    assert_eq!(first["reason"]["type"], "danger");
    let words = first["reason"]["words"].as_array().expect("words");
    assert!(words.iter().any(|w| w == "fell"), "{words:?}");
}

#[test]
fn cli_a_whole_sentence_with_unknown_words_still_finds_results() {
    lockdiag()
        .args([
            "search",
            "so we bought a new key at home depot and the realtor gave us a code but the key wont turn",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("node(s) match"));
}
