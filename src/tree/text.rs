//! Text safety: find and neutralise characters that could drive a terminal.
//!
//! Tree text is shown in a terminal, so control characters (C0 and C1, ESC sequences, BEL),
//! and Unicode bidi overrides that reorder what the reader sees, are never allowed through.
//! `check` rejects them; the renderer sanitises every string again in case one slips past,
//! through the one sanitiser in [`crate::sanitize`].

pub use crate::sanitize::{first_unsafe, is_unsafe_char, sanitize};

/// Fills the model placeholders `{brand}`, `{name}`, `{power}` and `{keyway}` in tree text.
#[must_use]
pub fn fill_placeholders(s: &str, model: Option<&crate::tree::ModelInfo>) -> String {
    let Some(m) = model else {
        return s.to_string();
    };
    if !s.contains('{') {
        return s.to_string();
    }
    s.replace("{brand}", &m.brand)
        .replace("{name}", &m.name)
        .replace("{power}", &m.power)
        .replace("{keyway}", &m.keyway)
}
