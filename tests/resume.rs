//! `lockdiag resume` when the saved case's model is gone: it says so and opens the previous
//! case instead of failing.

use std::path::Path;

use lockdiag::catalog::{Catalog, load_library};
use lockdiag::cli::interactive::resumable;
use lockdiag::session::Answer;
use lockdiag::store::{LiveCase, Store};

fn catalog(dir: &Path) -> Catalog {
    load_library(false, &[dir.to_path_buf()])
        .catalog
        .expect("catalog")
}

fn walk(catalog: &Catalog, data: &Path, model: &str) {
    let tree = catalog.model_index(model).expect("model");
    let mut live = LiveCase::start(catalog, tree, Store::open(data)).expect("start");
    live.answer(catalog, Answer::Choice(1)).expect("answer");
}

#[test]
fn resume_of_a_case_whose_model_is_gone_opens_the_previous_case() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
    let data = tempfile::tempdir().expect("tempdir");
    let both = catalog(&fixtures);
    walk(&both, data.path(), "acme-keypad-100");
    walk(&both, data.path(), "boltco-slim");

    // The library now lacks boltco-slim, the model of the latest case.
    let only_acme = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        fixtures.join("acme.yaml"),
        only_acme.path().join("acme.yaml"),
    )
    .expect("copy");
    let acme = catalog(only_acme.path());
    let store = Store::open_existing(data.path())
        .expect("open")
        .expect("store");
    let (live, message) = resumable(&acme, store, None).expect("resume opens a case");
    assert_eq!(live.case().model_id(), "acme-keypad-100");
    let message = message.expect("a message");
    assert!(message.contains("'boltco-slim'"), "{message}");
    assert!(message.contains("not in the library"), "{message}");
    assert!(message.contains("opened session 1 instead"), "{message}");

    // With no case left to open, the error says what to do.
    let empty = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixtures.join("bolt.yaml"), empty.path().join("bolt.yaml")).expect("copy");
    let bolt = catalog(empty.path());
    let data2 = tempfile::tempdir().expect("tempdir");
    walk(&both, data2.path(), "acme-keypad-100");
    let store = Store::open_existing(data2.path())
        .expect("open")
        .expect("store");
    let err = resumable(&bolt, store, None).expect_err("nothing to open");
    assert!(err.to_string().contains("start a new walk"), "{err}");
}
