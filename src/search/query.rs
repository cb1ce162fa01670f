//! Reading a query the way callers talk: normalised words, filler words dropped ("my", "the",
//! "tho"), negations made optional ("doesnt", "wont"), phrases from the synonyms file
//! recognised ("won't move", "no lights"), and every remaining word or phrase turned into a
//! [`Term`] with its alternatives: the word itself (matched fuzzily against the vocabulary)
//! and the other members of its synonym groups (matched exactly or by stem).

use super::index::SearchIndex;
use super::matcher::{EXACT, Prepared, STEM, typo_budget};
use super::normalize::query_words;

/// Words that carry no meaning in a symptom description. Dropped unless the query is only
/// made of them.
const FILLER: &[&str] = &[
    "a", "about", "again", "all", "also", "am", "an", "and", "any", "anymore", "are", "as", "at",
    "be", "been", "but", "by", "can", "could", "do", "does", "even", "for", "from", "get", "got",
    "had", "has", "have", "hello", "hi", "how", "i", "id", "if", "im", "is", "it", "its", "ive",
    "just", "keeps", "kind", "like", "me", "mine", "my", "now", "of", "ok", "okay", "or", "our",
    "please", "really", "says", "should", "so", "some", "still", "that", "the", "their", "them",
    "then", "there", "they", "this", "tho", "though", "to", "uh", "um", "up", "very", "was", "we",
    "well", "what", "whats", "when", "which", "will", "with", "would", "yeah", "you", "your",
];

/// Negations: they count when the text has them, but a node is not dropped for lacking them.
const NEGATION: &[&str] = &[
    "aint", "cannot", "cant", "didnt", "doesnt", "dont", "isnt", "no", "not", "wasnt", "wont",
    "wouldnt",
];

/// How much a synonym's match counts, in percent of the word's own.
const SYNONYM_PERCENT: u32 = 85;

/// Vocabulary matches of one word: (word id, quality), sorted by id.
pub(crate) type WordHits = Vec<(u32, u8)>;

/// One way of matching a term: a sequence of words that must appear in a row.
#[derive(Debug, Clone)]
pub(crate) struct Alt {
    /// Percent of the quality that counts.
    pub percent: u32,
    /// For each word of the sequence, the vocabulary words that stand for it.
    pub words: Vec<WordHits>,
}

/// A word or phrase of the query that every result must match (or, if optional, may).
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// Identifies the term for caching between keystrokes.
    pub key: String,
    /// The query words it covers (a phrase covers several).
    pub words: Vec<String>,
    /// Ways to match it.
    pub alts: Vec<Alt>,
    /// For a phrase: its words as separate terms, a fallback when no alternative matches.
    pub parts: Vec<Term>,
    /// Model slots whose name words it matches: (slot, quality, whether distinctly); a slot
    /// may appear twice, once each way.
    pub models: Vec<(u32, u8, bool)>,
    /// For a one-letter word (usually the first letter of a word being typed): its letter
    /// bit. Such a word only keeps the nodes with a word starting with it and adds the same
    /// small score to each: one letter says too little to rank by.
    pub letter: u64,
}

impl Term {
    /// How many query words the term stands for (a phrase match counts for all of them).
    pub(crate) fn span(&self) -> u32 {
        u32::try_from(self.words.len()).unwrap_or(1).max(1)
    }
}

/// A parsed query.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    /// Every result matches all of these.
    pub terms: Vec<Term>,
    /// These add to the score when matched.
    pub optional: Vec<Term>,
    /// The query's own words, for highlighting.
    pub highlight: Vec<Prepared>,
    /// Vocabulary words that match, for highlighting: (word id, index in `highlight` of the
    /// query word it matched, or [`SYNONYM`] for a synonym's word, highlighted whole).
    pub marks: Vec<(u32, u16)>,
}

/// In [`Plan::marks`]: the word stands for a synonym.
pub(crate) const SYNONYM: u16 = u16::MAX;

/// Resolves one query word against the vocabulary (exact, stem, prefix, typo, fuzzy).
pub(crate) fn resolve_word(index: &SearchIndex, w: &Prepared) -> WordHits {
    let ql = w.chars.len();
    let Some(&first) = w.chars.first() else {
        return Vec::new();
    };
    // A short word the trees never use is probably a typo ("ded"): allow one edit.
    let unknown = !index.vocab.by_text.contains_key(&w.text) && !index.synonyms.has_word(&w.text);
    let k = typo_budget(ql).max(usize::from(unknown && ql == 3));
    let mut out = Vec::new();
    for (id, t) in index.vocab.words.iter().enumerate() {
        // Cheap filters before the matcher: only typos may differ in the first letter.
        let same_first = t.chars.first() == Some(&first);
        if !same_first && (k == 0 || ql <= 4 || (w.mask & !t.mask).count_ones() as usize > k) {
            continue;
        }
        if ql <= 2 && !t.text.starts_with(&w.text) {
            continue;
        }
        if let Some(q) = index.matcher.quality(w, t, k) {
            out.push((u32::try_from(id).unwrap_or(u32::MAX), q));
        }
    }
    out
}

/// Builds a term for a single query word. `typing` marks the last word of a query that does
/// not end in a space: a prefix of a synonym then counts.
fn word_term(
    index: &SearchIndex,
    word: &str,
    typing: bool,
    cache: &mut dyn FnMut(&Prepared) -> WordHits,
) -> Term {
    let p = Prepared::new(word);
    if p.chars.len() == 1 {
        return Term {
            key: format!("l:{word}"),
            words: vec![word.to_string()],
            alts: Vec::new(),
            parts: Vec::new(),
            models: Vec::new(),
            letter: p.mask,
        };
    }
    let own = cache(&p);
    let mut alts = vec![Alt {
        percent: 100,
        words: vec![own.clone()],
    }];
    let ql = p.chars.len();
    let mut groups: Vec<(usize, u8)> = Vec::new();
    for (member, g) in &index.synonyms.singles {
        let q = if member.text == p.text || (member.stem == p.stem && !p.numeric) {
            Some(EXACT)
        } else if typing && ql >= 3 && member.text.starts_with(&p.text) {
            Some(70)
        } else if ql >= 5 {
            index
                .matcher
                .quality(&p, member, typo_budget(ql))
                .filter(|&q| q >= 55)
        } else {
            None
        };
        if let Some(q) = q {
            match groups.iter_mut().find(|(gi, _)| gi == g) {
                Some(e) => e.1 = e.1.max(q),
                None => groups.push((*g, q)),
            }
        }
    }
    for (g, q) in groups {
        add_group(index, g, q, &[p.text.as_str()], &mut alts);
    }
    let mut models: Vec<(u32, u8, bool)> = Vec::new();
    for &(id, q) in own.iter().filter(|&&(_, q)| q >= 55) {
        let t = &index.vocab.words[id as usize];
        // A finished word names a model only as itself (or with a typo), not as a prefix.
        let prefix = q < STEM && t.text.starts_with(&p.text);
        if prefix && !typing {
            continue;
        }
        for &(slot, distinct) in index.model_words.get(&id).into_iter().flatten() {
            // A common word of a name counts only when it is that word.
            if !distinct && q < STEM {
                continue;
            }
            match models
                .iter_mut()
                .find(|(s, _, d)| *s == slot && *d == distinct)
            {
                Some(m) => m.1 = m.1.max(q),
                None => models.push((slot, q, distinct)),
            }
        }
    }
    models.sort_unstable();
    Term {
        key: format!("w:{word}:{}", u8::from(typing)),
        words: vec![word.to_string()],
        alts,
        parts: Vec::new(),
        models,
        letter: 0,
    }
}

/// Adds the members of synonym group `g` (except `skip`) as alternatives matched at quality
/// `q` (of the query's match with the group).
fn add_group(index: &SearchIndex, g: usize, q: u8, skip: &[&str], alts: &mut Vec<Alt>) {
    for member in &index.synonyms.groups[g] {
        if member.len() == skip.len() && member.iter().zip(skip).all(|(a, b)| a == b) {
            continue;
        }
        let words: Vec<WordHits> = member
            .iter()
            .map(|w| index.vocab.exact_or_stem(&Prepared::new(w)))
            .collect();
        if words.iter().any(Vec::is_empty) {
            continue;
        }
        alts.push(Alt {
            percent: SYNONYM_PERCENT * u32::from(q) / 100,
            words,
        });
    }
}

/// The longest multi-word synonym member at the start of `words`: (length, groups).
fn phrase_at(index: &SearchIndex, words: &[String]) -> Option<(usize, Vec<usize>)> {
    let cands = index.synonyms.phrases.get(words.first()?)?;
    let mut best: Option<(usize, Vec<usize>)> = None;
    for (member, g) in cands {
        let n = member.len();
        if n > words.len() || member[..] != words[..n] {
            continue;
        }
        match &mut best {
            Some((bn, gs)) if *bn == n => {
                if !gs.contains(g) {
                    gs.push(*g);
                }
            }
            Some((bn, _)) if *bn > n => {}
            _ => best = Some((n, vec![*g])),
        }
    }
    best
}

/// Parses `query`. `cache` resolves a word against the vocabulary (so a searcher can reuse
/// the work of the previous keystroke).
pub(crate) fn plan(
    index: &SearchIndex,
    query: &str,
    cache: &mut dyn FnMut(&Prepared) -> WordHits,
) -> Plan {
    let words = query_words(query);
    let typing_last = !query.ends_with(char::is_whitespace);
    let only_filler = words.iter().all(|w| FILLER.contains(&w.as_str()));
    let mut plan = Plan::default();
    let mut i = 0;
    while i < words.len() {
        let typing = typing_last && i + 1 == words.len();
        if let Some((n, groups)) = phrase_at(index, &words[i..]).filter(|_| !typing) {
            let covered = &words[i..i + n];
            let skip: Vec<&str> = covered.iter().map(String::as_str).collect();
            let exact: Vec<WordHits> = covered
                .iter()
                .map(|w| index.vocab.exact_or_stem(&Prepared::new(w)))
                .collect();
            let mut alts = Vec::new();
            if exact.iter().all(|h| !h.is_empty()) {
                alts.push(Alt {
                    percent: 100,
                    words: exact,
                });
            }
            for g in groups {
                add_group(index, g, EXACT, &skip, &mut alts);
            }
            let parts = covered
                .iter()
                .filter(|w| !FILLER.contains(&w.as_str()) && !NEGATION.contains(&w.as_str()))
                .map(|w| word_term(index, w, false, cache))
                .collect();
            plan.terms.push(Term {
                key: format!("p:{}", covered.join(" ")),
                words: covered.to_vec(),
                alts,
                parts,
                models: Vec::new(),
                letter: 0,
            });
            i += n;
            continue;
        }
        let w = words[i].as_str();
        i += 1;
        if FILLER.contains(&w) && !only_filler {
            continue;
        }
        let term = word_term(index, w, typing, cache);
        if is_negation(index, w) && !only_filler {
            plan.optional.push(term);
        } else {
            plan.terms.push(term);
        }
    }
    if plan.terms.is_empty() && !plan.optional.is_empty() {
        plan.terms = std::mem::take(&mut plan.optional);
    }
    let terms = plan.terms.iter().chain(&plan.optional);
    let (highlight, marks) = marks(terms.collect());
    plan.highlight = highlight;
    plan.marks = marks;
    plan
}

/// The query words and the vocabulary words to highlight: a term's own words (the first
/// alternative of a word, or of a phrase) by the query word they matched, every other
/// alternative's words as synonyms.
fn marks(terms: Vec<&Term>) -> (Vec<Prepared>, Vec<(u32, u16)>) {
    let mut highlight: Vec<Prepared> = Vec::new();
    let mut marks = Vec::new();
    let mut stack = terms;
    while let Some(t) = stack.pop() {
        stack.extend(&t.parts);
        for (ai, alt) in t.alts.iter().enumerate() {
            let own = ai == 0 && alt.percent == 100 && alt.words.len() == t.words.len();
            for (j, hits) in alt.words.iter().enumerate() {
                let who = if own {
                    let w = &t.words[j];
                    match highlight.iter().position(|p| p.text == *w) {
                        Some(k) => k,
                        None => {
                            highlight.push(Prepared::new(w));
                            highlight.len() - 1
                        }
                    }
                } else {
                    usize::from(SYNONYM)
                };
                let who = u16::try_from(who).unwrap_or(SYNONYM);
                marks.extend(hits.iter().map(|&(id, _)| (id, who)));
            }
        }
    }
    (highlight, marks)
}

/// Whether `w` is a negation, or a misspelt one ("dosent").
fn is_negation(index: &SearchIndex, w: &str) -> bool {
    if NEGATION.contains(&w) {
        return true;
    }
    let p = Prepared::new(w);
    p.chars.len() >= 5
        && NEGATION.iter().filter(|n| n.len() >= 5).any(|n| {
            index
                .matcher
                .quality(&p, &Prepared::new(n), 1)
                .is_some_and(|q| q >= 55)
        })
}

/// Whether `w` is a word the query reader drops.
#[must_use]
pub(crate) fn is_filler(w: &str) -> bool {
    FILLER.contains(&w)
}

#[cfg(test)]
mod tests {
    use crate::search::tests::shipped;

    fn terms(q: &str) -> (Vec<String>, Vec<String>) {
        let (_, index) = shipped();
        let p = super::plan(index, q, &mut |w| super::resolve_word(index, w));
        let keys = |t: &[super::Term]| t.iter().map(|t| t.key.clone()).collect();
        (keys(&p.terms), keys(&p.optional))
    }

    #[test]
    fn fillers_drop_negations_are_optional_phrases_are_one_term() {
        let (required, optional) = terms("my bolt wont move tho ");
        assert_eq!(required, ["w:bolt:0", "p:wont move"]);
        assert!(optional.is_empty());
        let (required, optional) = terms("the code doesnt work ");
        assert_eq!(required, ["w:code:0", "w:work:0"]);
        assert_eq!(optional, ["w:doesnt:0"]);
        assert_eq!(terms("the").0, ["w:the:1"], "a query of fillers keeps them");
        assert_eq!(
            terms("bolt s").0,
            ["w:bolt:0", "l:s"],
            "a last letter only filters"
        );
    }

    #[test]
    fn a_typed_prefix_stands_for_its_synonyms_too() {
        let (_, index) = shipped();
        let typing = super::plan(index, "stu", &mut |w| super::resolve_word(index, w));
        let done = super::plan(index, "stu ", &mut |w| super::resolve_word(index, w));
        assert!(typing.terms[0].alts.len() > done.terms[0].alts.len());
    }

    #[test]
    fn word_lists_are_sorted_and_disjoint() {
        let sorted = |l: &[&str]| l.windows(2).all(|p| p[0] < p[1]);
        assert!(sorted(super::FILLER));
        assert!(sorted(super::NEGATION));
        assert!(super::FILLER.iter().all(|w| !super::NEGATION.contains(w)));
    }
}
