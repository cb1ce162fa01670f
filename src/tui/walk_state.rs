//! [`WalkState`]: a walk on screen. Its own module, below both [`super::app`] (which changes
//! it) and [`super::layout`] (which measures it), so neither depends on the other.

use crate::session::Session;
use crate::store::LiveCase;

/// A walk on screen: the saved case plus where the highlight and scroll are.
#[derive(Debug)]
pub struct WalkState {
    /// The case being walked; every change goes through it so it is saved at once.
    pub live: LiveCase,
    /// The tree the walk was opened on (restart goes back to its start).
    pub root: usize,
    /// Highlighted choice (question) or step (remedy).
    pub cursor: usize,
    /// Scroll offset of the text panel.
    pub scroll: u16,
    /// A finished case reopened by `resume`: changing it first asks "reopen this case?".
    pub finished: bool,
    /// The first digit of a two-digit answer number, while the second is awaited.
    pub typed: Option<usize>,
}

impl WalkState {
    /// The walk.
    #[must_use]
    pub fn session(&self) -> &Session {
        self.live.session()
    }
}

#[cfg(test)]
mod tests {
    /// `layout` measures a walk without knowing the app (issue 17: no `app` <-> `layout` circle).
    #[test]
    fn layout_does_not_depend_on_app() {
        let layout = include_str!("layout.rs");
        assert!(!layout.contains("app::"), "tui::layout uses tui::app");
    }
}
