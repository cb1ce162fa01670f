//! Decision trees: the file format ([`raw`]), loading with budgets ([`load`]), per-file
//! validation ([`validate`], with did-you-mean from [`suggest`]), building ([`build`]),
//! whole-library analysis ([`analysis`]), the clean walked form ([`model`]), and the
//! [`catalog::Catalog`] of built trees that sessions walk. Plain Rust: nothing here knows about
//! the terminal.

pub mod analysis;
pub mod build;
pub mod catalog;
pub mod diag;
pub mod facts;
pub mod load;
pub mod model;
pub mod raw;
pub mod source;
pub mod suggest;
pub mod text;
pub mod validate;

pub use diag::{Diagnostic, Severity};
pub use facts::{Fact, Learned};
pub use model::{
    Choice, Cylinder, ModelInfo, Node, NodeBody, NodeKind, Origin, PathTest, Target, Tree,
    TreeKind, Urgency,
};
pub use source::Source;
