//! Safety and accuracy rules of the shipped tree library, checked where a program can check
//! them (see `/work/shared/lock-facts.md` for the facts behind each rule):
//!
//! - every model tree (and the identification guide) starts with the `safety-first` hand-over,
//!   and that hand-over really reaches the emergency outcomes;
//! - anything that factory resets or re-hands a lock says "door open" first: in a caution and
//!   as the first step;
//! - a factory reset remedy tells the owner to set the lock up again at once;
//! - 9 V emergency power is only ever an instruction on the models that have 9 V terminals;
//! - on every model with a keyway, the branches where an owner may think a reset rekeys (lost
//!   key, new key, factory reset, second-hand) say plainly that it does not;
//! - no text tells anyone to pick, bump, force or bypass a lock, or to oil a cylinder;
//! - the example walks from the issue end where they must.

mod first_steps;
mod helpers;
mod keys_and_sources;
mod routes;
