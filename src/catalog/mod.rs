//! Loading the catalog: every embedded tree and the folders the user adds, parsed, checked,
//! built and analysed ([`load_library`]), the path tests written in tree files, and the
//! models' headers alone for the app's first frame ([`builtin_preview`]). The [`Catalog`]
//! itself and [`Pos`] are defined in [`crate::tree::catalog`], below the walk that uses them.

mod library;
mod pathtest;
mod preview;
mod read;

pub use crate::tree::catalog::{Catalog, Pos};
pub use library::{Loaded, load_layers, load_layers_on, load_library, load_library_for_app};
pub use pathtest::{run_path_tests, run_path_tests_of};
pub use preview::builtin_preview;
