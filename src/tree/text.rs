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
    // "{brand} {name}" is the model's full name, which says "Generic" for no one.
    s.replace("{brand} {name}", &m.full_name())
        .replace("{brand}", &m.brand)
        .replace("{name}", &m.name)
        .replace("{power}", &m.power)
        .replace("{keyway}", &m.keyway)
}

#[cfg(test)]
mod tests {
    use super::fill_placeholders;
    use crate::catalog::load_library;

    #[test]
    fn brand_and_name_together_are_the_full_name() {
        let c = load_library(true, &[]).catalog.expect("library loads");
        let model = |id: &str| {
            c.trees
                .iter()
                .find(|t| t.id == id)
                .and_then(|t| t.model())
                .expect("shipped model")
        };
        let text = "The lock: {brand} {name}; made by {brand}";
        assert_eq!(
            fill_placeholders(text, Some(model("generic-smart-lock"))),
            "The lock: Unknown or unlisted smart lock; made by Generic"
        );
        let halo = fill_placeholders(text, Some(model("kwikset-halo")));
        assert!(halo.starts_with("The lock: Kwikset Halo"), "{halo}");
    }
}
