//! Everything the user can ask for, independent of which key asked.

use ratatui::crossterm::event::KeyEvent;

/// One user intent; `App::update` is the only place that acts on it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// A digit key: picks that answer, or the first digit of a two-digit answer number.
    Digit(u8),
    /// Move the highlight (or the text) a page up.
    PageUp,
    /// Move the highlight (or the text) a page down.
    PageDown,
    /// Type a character into the filter or text field.
    Input(char),
    /// Delete the last character of the filter or text field.
    DeleteChar,
    /// Delete the last word of the search line (Ctrl-W, Alt-Backspace).
    DeleteWord,
    /// Clear the search line (Ctrl-U).
    ClearLine,
    /// Go back one answer, keeping what followed.
    Back,
    /// Start a new walk of the same tree.
    Restart,
    /// Tick or untick the highlighted step of a remedy.
    ToggleTick,
    /// Go to the safety question ("Is anyone in danger?") from anywhere in the walk.
    SafetyCheck,
    /// Open search over every node.
    OpenSearch,
    /// Switch search between every model and the current one.
    ToggleScope,
    /// A mouse click at (column, row).
    Click(u16, u16),
    /// Scroll the text panel up (the list keeps its highlight).
    ScrollUp,
    /// Scroll the text panel down.
    ScrollDown,
    /// Open the note on the current step.
    OpenNote,
    /// Set the case or ticket reference.
    OpenCaseRef,
    /// Choose an export format and save the case to a file.
    OpenExport,
    /// Copy the transcript to the clipboard (OSC 52).
    Copy,
    /// Save the text being edited and close the editor.
    Save,
    /// A key for the text editor (cursor moves, typing, deleting).
    Edit(KeyEvent),
    /// Text pasted from the terminal.
    Paste(String),
}
