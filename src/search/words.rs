//! The words of the index: the vocabulary (every distinct normalised word, interned), the
//! synonym groups, the texts shown in results with where each word sits in them, and the
//! builder that cuts node text into weighted segments of interned words.

use std::collections::{HashMap, HashSet};

use super::matcher::{EXACT, Prepared, STEM};
use super::normalize::{query_words, tokenize};

/// Where in a node a piece of text comes from; decides how much a match there weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SegKind {
    /// The node's title.
    Title,
    /// One keyword.
    Keyword,
    /// The label of a choice that leads to the node.
    Label,
    /// The help text.
    Help,
    /// Another label on the path from the start.
    Path,
    /// Steps, cautions, tools, why, tell, bring, contact, actions (words only, no order).
    Body,
}

impl SegKind {
    /// Whether this is text written for finding the node (title, keywords, labels): matches
    /// in several such segments make a node more clearly about the word.
    pub(crate) fn is_strong(self) -> bool {
        matches!(self, Self::Title | Self::Keyword | Self::Label)
    }

    /// The weight of a match in this kind of text (a quality of 0..=100 is multiplied by it).
    pub(crate) fn weight(self) -> u32 {
        match self {
            Self::Keyword | Self::Label => 10,
            Self::Title => 9,
            Self::Help => 4,
            Self::Path => 3,
            Self::Body => 2,
        }
    }
}

/// A run of words of one entry.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    pub kind: SegKind,
    /// Range in the index's words.
    pub start: u32,
    pub len: u32,
    /// The shown text, kept for keywords and labels (a hit's snippet).
    pub text: Option<u32>,
}

/// Every distinct word of the index.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    pub words: Vec<Prepared>,
    pub by_text: HashMap<String, u32>,
    pub by_stem: HashMap<String, Vec<u32>>,
}

impl Vocab {
    /// The id of `w`, added if new.
    pub(crate) fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.by_text.get(w) {
            return id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        let p = Prepared::new(w);
        self.by_stem.entry(p.stem.clone()).or_default().push(id);
        self.words.push(p);
        self.by_text.insert(w.to_string(), id);
        id
    }

    /// Ids of words equal to `w` or sharing its stem, with their quality, sorted by id.
    pub(crate) fn exact_or_stem(&self, w: &Prepared) -> Vec<(u32, u8)> {
        let mut out: Vec<(u32, u8)> = Vec::new();
        for &id in self.by_stem.get(&w.stem).into_iter().flatten() {
            let exact = self.words[id as usize].text == w.text;
            out.push((id, if exact { EXACT } else { STEM }));
        }
        if let Some(&id) = self.by_text.get(&w.text)
            && !out.iter().any(|&(i, _)| i == id)
        {
            out.push((id, EXACT));
        }
        out.sort_unstable();
        out
    }
}

/// The synonym groups, normalised: group, member, words.
#[derive(Debug, Default)]
pub(crate) struct Synonyms {
    pub groups: Vec<Vec<Vec<String>>>,
    /// Single-word members: (prepared word, group).
    pub singles: Vec<(Prepared, usize)>,
    /// Multi-word members by first word: (words, group).
    pub phrases: HashMap<String, Vec<(Vec<String>, usize)>>,
}

impl Synonyms {
    /// Normalises the groups of the synonyms file.
    pub(crate) fn new(raw: &[Vec<String>]) -> Self {
        let mut s = Self::default();
        for group in raw {
            let gi = s.groups.len();
            let mut members: Vec<Vec<String>> = Vec::new();
            for m in group {
                let words = query_words(m);
                if words.is_empty() || members.contains(&words) {
                    continue;
                }
                if words.len() == 1 {
                    s.singles.push((Prepared::new(&words[0]), gi));
                } else {
                    s.phrases
                        .entry(words[0].clone())
                        .or_default()
                        .push((words.clone(), gi));
                }
                members.push(words);
            }
            s.groups.push(members);
        }
        s
    }

    /// Whether `w` is a single-word member of a group.
    pub(crate) fn has_word(&self, w: &str) -> bool {
        self.singles.iter().any(|(s, _)| s.text == w)
    }
}

/// A text shown in results (title, label, keyword, model name), with its words located.
#[derive(Debug, Clone)]
pub(crate) struct Shown {
    pub text: Box<str>,
    /// (vocabulary id, range of its chars' indices in [`Texts::origins`]).
    pub words: Vec<(u32, u32, u16)>,
}

/// The shown texts, each stored once.
#[derive(Debug, Default)]
pub(crate) struct Texts {
    pub shown: Vec<Shown>,
    /// Char indices in the original texts, for highlighting.
    pub origins: Vec<u16>,
    by_text: HashMap<String, u32>,
}

impl Texts {
    /// The id of `text`, added (with its words interned in `vocab`) if new.
    pub(crate) fn add(&mut self, text: &str, vocab: &mut Vocab) -> u32 {
        if let Some(&id) = self.by_text.get(text) {
            return id;
        }
        let mut words = Vec::new();
        for w in tokenize(text).into_iter().filter(|w| !w.joined) {
            let start = u32::try_from(self.origins.len()).unwrap_or(u32::MAX);
            self.origins.extend(
                w.origin
                    .iter()
                    .map(|&o| u16::try_from(o).unwrap_or(u16::MAX)),
            );
            let len = u16::try_from(w.origin.len()).unwrap_or(u16::MAX);
            words.push((vocab.intern(&w.text), start, len));
        }
        let id = u32::try_from(self.shown.len()).unwrap_or(u32::MAX);
        self.shown.push(Shown {
            text: text.into(),
            words,
        });
        self.by_text.insert(text.to_string(), id);
        id
    }
}

/// Builds segments of interned words, remembering texts already cut.
#[derive(Debug, Default)]
pub(crate) struct SegBuilder {
    pub vocab: Vocab,
    pub texts: Texts,
    pub segs: Vec<Seg>,
    pub toks: Vec<u32>,
    cut: HashMap<String, Vec<u32>>,
}

impl SegBuilder {
    /// Adds a segment of `text`; joined hyphen words go after the others so that phrases
    /// stay adjacent. `shown` keeps the text for display; `dedupe` keeps each word once.
    pub(crate) fn seg(&mut self, kind: SegKind, text: &str, shown: bool, dedupe: bool) {
        let ids = match self.cut.get(text) {
            Some(ids) => ids.clone(),
            None => {
                let (plain, joined): (Vec<_>, Vec<_>) =
                    tokenize(text).into_iter().partition(|w| !w.joined);
                let ids: Vec<u32> = plain
                    .iter()
                    .chain(&joined)
                    .map(|w| self.vocab.intern(&w.text))
                    .collect();
                self.cut.insert(text.to_string(), ids.clone());
                ids
            }
        };
        if ids.is_empty() {
            return;
        }
        let start = u32::try_from(self.toks.len()).unwrap_or(u32::MAX);
        if dedupe {
            let mut seen = HashSet::new();
            self.toks
                .extend(ids.into_iter().filter(|&id| seen.insert(id)));
        } else {
            self.toks.extend(ids);
        }
        let len = u32::try_from(self.toks.len()).unwrap_or(u32::MAX) - start;
        let text = shown.then(|| self.texts.add(text, &mut self.vocab));
        self.segs.push(Seg {
            kind,
            start,
            len: len.min(u32::from(u16::MAX)),
            text,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_share_cut_texts_and_keep_phrases_adjacent() {
        let mut b = SegBuilder::default();
        b.seg(SegKind::Label, "Wi-Fi won't connect", true, false);
        b.seg(SegKind::Label, "Wi-Fi won't connect", true, false);
        b.seg(SegKind::Body, "key key lock", false, true);
        let words: Vec<&str> = b.toks[..5]
            .iter()
            .map(|&t| b.vocab.words[t as usize].text.as_str())
            .collect();
        assert_eq!(words, ["wi", "fi", "wont", "connect", "wifi"]);
        assert_eq!(b.segs[0].text, b.segs[1].text, "one shown text");
        assert_eq!(b.segs[2].len, 2, "body words once each");
        let shown = &b.texts.shown[0];
        assert_eq!(shown.words.len(), 4, "joined words are not shown twice");
    }

    #[test]
    fn exact_or_stem_lookup() {
        let mut v = Vocab::default();
        let keys = v.intern("keys");
        let key = v.intern("key");
        let hits = v.exact_or_stem(&Prepared::new("key"));
        assert!(hits.contains(&(key, EXACT)) && hits.contains(&(keys, STEM)));
    }

    #[test]
    fn synonyms_split_words_and_phrases() {
        let s = Synonyms::new(&[vec!["stuck".into(), "won't move".into(), "Stuck".into()]]);
        assert_eq!(s.groups[0].len(), 2);
        assert!(s.has_word("stuck"));
        assert_eq!(s.phrases["wont"][0].0, ["wont", "move"]);
    }
}
