//! A locksmith outcome's card words: the `card:` block has its own `why`, and what the card
//! shows (the `card:` words, or the outcome's own where none are written) must read for the
//! locksmith, not to the owner.

use super::{Validator, loc, node_loc};
use crate::tree::diag::Diagnostic;
use crate::tree::raw::{RawNode, Text};

/// Words that address the reader: text with them is written to the owner.
const SECOND_PERSON: [&str; 7] = [
    "you", "your", "yours", "yourself", "you're", "you've", "you'll",
];

/// The first second-person word in `s`, if any.
fn second_person(s: &str) -> Option<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .find(|w| SECOND_PERSON.contains(&w.as_str()))
}

impl Validator<'_> {
    pub(super) fn check_card(&mut self, n: &RawNode, id: Option<&str>) {
        let card = n.card.as_ref();
        if let Some(c) = card {
            match &c.value.why {
                None => {
                    let d = self.err(
                        node_loc(c),
                        "missing-field",
                        "the 'card' block has no 'why'".into(),
                    );
                    d.node = id.map(str::to_string);
                    d.hint = Some(
                        "write the situation for the locksmith, such as 'The customer cannot get in: a key broke off inside.'"
                            .into(),
                    );
                }
                Some(w) if w.value.trim().is_empty() => {
                    let d = self.err(
                        loc(&w.referenced),
                        "missing-field",
                        "the card's 'why' is empty".into(),
                    );
                    d.node = id.map(str::to_string);
                }
                Some(_) => {}
            }
        }
        let why = card.and_then(|c| c.value.why.as_ref()).or(n.why.as_ref());
        let tell: &[Text] = card
            .and_then(|c| c.value.tell.as_deref())
            .or(n.tell.as_deref())
            .unwrap_or_default();
        let from_card = |t: &Text| {
            card.is_some_and(|c| {
                c.value.why.as_ref().is_some_and(|w| std::ptr::eq(w, t))
                    || c.value.tell.iter().flatten().any(|x| std::ptr::eq(x, t))
            })
        };
        for t in why.into_iter().chain(tell) {
            let Some(word) = second_person(&t.value) else {
                continue;
            };
            let (line, col) = loc(&t.referenced);
            let hint = if from_card(t) {
                "the card is read by the locksmith: say 'the customer' instead".to_string()
            } else {
                "add a 'card:' block with 'why' (and 'tell') written for the locksmith, such as 'The customer cannot get in'; the owner keeps reading 'why' and 'tell'".to_string()
            };
            let mut d = Diagnostic::warning(
                self.file,
                line,
                col,
                "card-voice",
                format!("the locksmith card would read '{word}' here: it is written to the owner"),
            )
            .with_hint(hint);
            d.node = id.map(str::to_string);
            self.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::second_person;

    #[test]
    fn second_person_words_are_found_whole() {
        assert_eq!(second_person("You can still get in."), Some("you".into()));
        assert_eq!(
            second_person("Check that you’re home"),
            Some("you're".into())
        );
        assert_eq!(second_person("The customer's youth club"), None);
        assert_eq!(second_person("The customer cannot get in."), None);
    }
}
