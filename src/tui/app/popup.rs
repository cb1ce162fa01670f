//! Updates while a popup is open: help, the note editor, the case reference, export.

use super::{App, EXPORTS, Popup, Screen};
use crate::tui::action::Action;

impl App {
    pub(super) fn update_popup(&mut self, action: Action) {
        let Some(popup) = self.popup.as_mut() else {
            return;
        };
        match popup {
            Popup::Search(_) => self.update_search(action),
            Popup::Reopen(pending) => match action {
                Action::Select => {
                    let pending = (**pending).clone();
                    self.popup = None;
                    if let Screen::Walk(w) = &mut self.screen {
                        w.finished = false;
                    }
                    self.update(pending);
                }
                Action::Escape => {
                    self.popup = None;
                    self.status = Some("The case stays finished".into());
                }
                _ => {}
            },
            Popup::Help => {
                if matches!(action, Action::Escape | Action::ToggleHelp) {
                    self.popup = None;
                }
            }
            Popup::Note(area) => match action {
                Action::Edit(key) => {
                    area.input(key);
                }
                Action::Paste(text) => {
                    area.insert_str(crate::store::case::clean_text(&text, true));
                }
                Action::Save | Action::Escape => {
                    let text = area.lines().join("\n");
                    self.popup = None;
                    self.save_note(&text);
                }
                _ => {}
            },
            Popup::CaseRef(text) => match action {
                Action::Input(c) => text.push(c),
                Action::Paste(p) => text.push_str(&crate::store::case::clean_text(&p, false)),
                Action::DeleteChar => {
                    text.pop();
                }
                Action::Select => {
                    let value = std::mem::take(text);
                    self.popup = None;
                    if let Screen::Walk(w) = &mut self.screen {
                        w.live.set_case_ref(&value);
                        let not_saved = if w.live.is_saving() {
                            ""
                        } else {
                            " (NOT SAVED yet)"
                        };
                        self.status = Some(if value.trim().is_empty() {
                            format!("Case reference cleared{not_saved}")
                        } else {
                            format!("Case reference set to {}{not_saved}", value.trim())
                        });
                    }
                }
                Action::Escape => self.popup = None,
                _ => {}
            },
            Popup::Export(i) => match action {
                Action::Up => *i = (*i + EXPORTS.len() - 1) % EXPORTS.len(),
                Action::Down => *i = (*i + 1) % EXPORTS.len(),
                Action::Digit(d) if (1..=EXPORTS.len()).contains(&usize::from(d)) => {
                    self.popup = None;
                    self.export_as(usize::from(d) - 1, false);
                }
                Action::Select => {
                    let n = *i;
                    self.popup = None;
                    self.export_as(n, false);
                }
                Action::Escape => self.popup = None,
                _ => {}
            },
            Popup::Replace(n) => match action {
                Action::Select => {
                    let n = *n;
                    self.popup = None;
                    self.export_as(n, true);
                }
                Action::Escape => {
                    self.popup = None;
                    self.status = Some("Export cancelled; the file was kept".into());
                }
                _ => {}
            },
        }
    }

    fn save_note(&mut self, text: &str) {
        if let Screen::Walk(w) = &mut self.screen {
            w.live.set_note(&self.catalog, text);
            let saved = w.live.is_saving();
            self.status = Some(match (text.trim().is_empty(), saved) {
                (true, true) => "Note removed".into(),
                (true, false) => "Note removed (NOT SAVED yet)".into(),
                (false, true) => "Note saved on this step".into(),
                (false, false) => "Note kept on this step, NOT SAVED yet: it is retried".into(),
            });
        }
    }

    /// Writes the case as export `n` of [`EXPORTS`] into the current folder; asks first when
    /// that would replace a file (unless `replace`).
    fn export_as(&mut self, n: usize, replace: bool) {
        let Screen::Walk(w) = &self.screen else {
            return;
        };
        let Some((format, _)) = EXPORTS.get(n) else {
            return;
        };
        let name = crate::export::file_name(w.live.case(), *format);
        let path = std::env::current_dir()
            .map(|d| d.join(&name))
            .unwrap_or_else(|_| name.clone().into());
        let target = crate::export::Target {
            replace,
            store: w.live.store().and_then(crate::store::Store::path),
        };
        self.status = Some(
            match crate::export::save(&self.catalog, w.live.case(), *format, &path, target) {
                Ok(()) => format!("Saved {}", path.display()),
                Err(crate::export::WriteError::Exists { .. }) => {
                    self.popup = Some(Popup::Replace(n));
                    return;
                }
                Err(e) => format!("Could not export: {e}. Try 'lockdiag export --output FILE'"),
            },
        );
    }
}
