//! A source the trees cite: its code (`AU3`), what it is, and where to read it. The registry
//! is `trees/sources.yaml`, read like every other tree file.

use serde::Serialize;

/// One source of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The code trees cite.
    pub code: String,
    /// What it is, in words.
    pub title: String,
    /// Where to read it, when it has an address.
    pub url: Option<String>,
}

impl Source {
    /// "title (url)", or the title alone, for an export.
    #[must_use]
    pub fn with_address(&self) -> String {
        match &self.url {
            Some(u) => format!("{} ({u})", self.title),
            None => self.title.clone(),
        }
    }
}
