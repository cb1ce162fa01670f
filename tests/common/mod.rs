//! What the tests of the real binary share.

/// The `lockdiag` binary, with no tree folder or data folder from the environment.
pub fn lockdiag() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("lockdiag").expect("binary");
    cmd.env_remove("LOCKDIAG_TREES").env_remove("LOCKDIAG_DATA");
    cmd
}
