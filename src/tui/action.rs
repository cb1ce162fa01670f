//! Everything the user can ask for, independent of which key asked.

/// One user intent; `App::update` is the only place that acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Esc: close a popup, clear the filter, leave the walk for the picker, or quit at the top.
    Escape,
    /// Show or hide the list of keys for this screen.
    ToggleHelp,
    /// Move the highlight up.
    Up,
    /// Move the highlight down.
    Down,
    /// Move the highlight to the first row.
    First,
    /// Move the highlight to the last row.
    Last,
    /// Choose the highlighted row.
    Select,
    /// Choose answer number n (0-based) directly.
    Pick(usize),
    /// Type a character into the filter or text field.
    Input(char),
    /// Delete the last character of the filter or text field.
    DeleteChar,
    /// Go back one answer, keeping what followed.
    Back,
    /// Start a new walk of the same tree.
    Restart,
    /// Tick or untick the highlighted step of a remedy.
    ToggleTick,
    /// Answer "Did this fix it?" with yes.
    Fixed,
    /// Answer "Did this fix it?" with no.
    NotFixed,
    /// Open search over every node.
    OpenSearch,
    /// Switch search between every model and the current one.
    ToggleScope,
    /// A mouse click at (column, row).
    Click(u16, u16),
    /// Scroll the text panel up.
    ScrollUp,
    /// Scroll the text panel down.
    ScrollDown,
}
