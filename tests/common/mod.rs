//! What the tests of the real binary share.

/// The `lockdiag` binary, with no tree folder, data folder, store or agent from the environment.
pub fn lockdiag() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("lockdiag").expect("binary");
    cmd.env_remove("LOCKDIAG_TREES")
        .env_remove("LOCKDIAG_DATA")
        .env_remove("LOCKDIAG_STORE")
        .env_remove("LOCKDIAG_AGENT");
    cmd
}
