//! Reading text the way search needs it: the same for tree text and for a caller's message.
//!
//! [`analyze`] cuts text into [`Tok`]s: normalised words (case, accents, apostrophes; "wi-fi"
//! is "wifi"), each with its Snowball stem, the sentence and clause it belongs to, whether it
//! is a stop or filler word (which count for nothing), and whether it is negated: the first
//! content word after a negation ("not", "n't", "never", "no", "nothing", "stopped") within a
//! short window and the same clause reads as negated, so "the bolt doesn't move" says
//! `move` negatively and "nothing lights up" says `lights` negatively. Clauses end at
//! punctuation and at joining words ("but", "and", "tho"), which is how contrast is read:
//! "lights up but doesn't move" is a positive `lights` and a negative `move`.

use super::matcher::stem;
use super::normalize::push_normalised;

/// One word of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tok {
    /// The normalised word (lowercase letters and digits).
    pub text: String,
    /// Its stem.
    pub stem: String,
    /// Char range `[start, end)` in the original text.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// Sentence number, from 0.
    pub sentence: u32,
    /// Clause number, from 0 (a sentence has one or more).
    pub clause: u32,
    /// A stop or filler word: read for phrases and negation, never scored.
    pub stop: bool,
    /// Read as negated.
    pub neg: bool,
}

/// How many words after a negation may pass before its content word.
const NEGATION_WINDOW: usize = 4;

/// Words that negate the first content word after them.
fn is_negator(w: &str) -> bool {
    matches!(
        w,
        "not"
            | "no"
            | "never"
            | "nobody"
            | "nothing"
            | "none"
            | "nor"
            | "neither"
            | "without"
            | "cannot"
            | "cant"
            | "dont"
            | "doesnt"
            | "didnt"
            | "isnt"
            | "arent"
            | "wasnt"
            | "werent"
            | "wont"
            | "wouldnt"
            | "couldnt"
            | "shouldnt"
            | "hasnt"
            | "havent"
            | "hadnt"
            | "aint"
            | "stopped"
            | "stops"
            | "unable"
            | "fails"
            | "failed"
            | "refuses"
    )
}

/// Words that end a clause (and so a negation's reach).
fn ends_clause(w: &str) -> bool {
    matches!(
        w,
        "but"
            | "and"
            | "or"
            | "so"
            | "though"
            | "tho"
            | "although"
            | "however"
            | "yet"
            | "except"
            | "because"
            | "bc"
            | "cuz"
            | "since"
            | "while"
            | "when"
            | "whenever"
            | "if"
            | "then"
            | "until"
            | "til"
            | "till"
            | "unless"
            | "whereas"
    )
}

/// Words with no meaning of their own here: function words and chat filler.
pub(crate) fn is_stop(w: &str) -> bool {
    if is_negator(w) || ends_clause(w) {
        return true;
    }
    matches!(
        w,
        "a" | "an"
            | "the"
            | "i"
            | "im"
            | "ive"
            | "id"
            | "ill"
            | "me"
            | "my"
            | "mine"
            | "myself"
            | "we"
            | "were"
            | "weve"
            | "our"
            | "ours"
            | "us"
            | "you"
            | "your"
            | "youre"
            | "u"
            | "ur"
            | "he"
            | "hes"
            | "him"
            | "his"
            | "she"
            | "shes"
            | "her"
            | "hers"
            | "they"
            | "theyre"
            | "them"
            | "their"
            | "it"
            | "its"
            | "itself"
            | "this"
            | "that"
            | "thats"
            | "these"
            | "those"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "as"
            | "into"
            | "onto"
            | "about"
            | "over"
            | "up"
            | "is"
            | "am"
            | "are"
            | "was"
            | "be"
            | "been"
            | "being"
            | "do"
            | "does"
            | "did"
            | "doing"
            | "done"
            | "have"
            | "has"
            | "had"
            | "having"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "shall"
            | "may"
            | "might"
            | "must"
            | "just"
            | "really"
            | "very"
            | "like"
            | "literally"
            | "kinda"
            | "sorta"
            | "lol"
            | "lmao"
            | "omg"
            | "ok"
            | "okay"
            | "hi"
            | "hey"
            | "hello"
            | "thanks"
            | "thank"
            | "thx"
            | "pls"
            | "please"
            | "plz"
            | "um"
            | "uh"
            | "also"
            | "too"
            | "even"
            | "ever"
            | "now"
            | "there"
            | "theres"
            | "here"
            | "what"
            | "whats"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "how"
            | "why"
            | "where"
            | "again"
            | "all"
            | "any"
            | "some"
            | "thing"
            | "things"
            | "stuff"
            | "get"
            | "got"
            | "gets"
            | "getting"
            | "go"
            | "goes"
            | "going"
            | "went"
            | "know"
            | "think"
            | "guess"
            | "want"
            | "wanted"
            | "need"
            | "needs"
            | "actually"
            | "basically"
            | "honestly"
            | "anyway"
            | "anyways"
            | "whatever"
            | "maybe"
            | "probably"
            | "sure"
            | "yes"
            | "yeah"
            | "yep"
            | "nope"
            | "guys"
            | "agent"
            | "customer"
            | "caller"
            | "something"
            | "anything"
            | "everything"
            | "someone"
            | "somebody"
            | "anyone"
            | "tried"
            | "try"
            | "trying"
            | "lot"
            | "bit"
            | "little"
            | "way"
            | "one"
            | "than"
            | "only"
            | "still"
            | "around"
            | "out"
    )
}

/// Words after which a negation stops looking for its content word.
fn blocks_negation(w: &str) -> bool {
    matches!(
        w,
        "to" | "from" | "with" | "for" | "on" | "at" | "of" | "into" | "by" | "about"
    )
}

/// Characters that end a clause; the first group also ends a sentence.
fn breaks(c: char) -> Option<bool> {
    match c {
        '.' | '!' | '?' | '\n' | ';' => Some(true),
        ',' | ':' | '(' | ')' | '[' | ']' | '{' | '}' | '"' | '/' | '|' | '–' | '—' | '…' | '“'
        | '”' => Some(false),
        _ => None,
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{02BC}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Cuts `s` into analysed words (see the module documentation).
#[must_use]
pub(crate) fn analyze(s: &str) -> Vec<Tok> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<Tok> = Vec::new();
    let (mut sentence, mut clause) = (0u32, 0u32);
    let mut word = String::new();
    let mut start = 0usize;
    let mut buf = Vec::new();
    let push = |word: &mut String, start: usize, end: usize, out: &mut Vec<Tok>| {
        if word.is_empty() {
            return;
        }
        let text = std::mem::take(word);
        out.push(Tok {
            stem: stem(&text),
            stop: is_stop(&text),
            text,
            start,
            end,
            sentence: 0,
            clause: 0,
            neg: false,
        });
    };
    let mut marks: Vec<(usize, bool)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        buf.clear();
        if push_normalised(c, &mut buf) {
            if word.is_empty() {
                start = i;
            }
            word.extend(buf.iter());
            continue;
        }
        let in_word = !word.is_empty();
        let next_alnum = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if (is_apostrophe(c) || is_hyphen(c)) && in_word && next_alnum {
            continue;
        }
        if c == '.' && in_word && next_alnum {
            // "2.0", "u.s": one word ("20", "us").
            continue;
        }
        push(&mut word, start, i, &mut out);
        if let Some(sent) = breaks(c) {
            marks.push((out.len(), sent));
        }
    }
    push(&mut word, start, chars.len(), &mut out);
    // Assign sentences and clauses: a mark at n means a break before token n.
    let mut m = 0;
    let mut prev_clause_word = false;
    for (n, t) in out.iter_mut().enumerate() {
        while m < marks.len() && marks[m].0 <= n {
            if n > 0 {
                if marks[m].1 {
                    sentence += 1;
                }
                clause += 1;
            }
            m += 1;
        }
        if prev_clause_word {
            clause += 1;
        }
        prev_clause_word = ends_clause(&t.text);
        t.sentence = sentence;
        t.clause = clause;
    }
    mark_negation(&mut out);
    out
}

/// Marks the first content word after each negation, within the window and the clause.
fn mark_negation(toks: &mut [Tok]) {
    let mut i = 0;
    while i < toks.len() {
        if is_negator(&toks[i].text) {
            let clause = toks[i].clause;
            for j in i + 1..toks.len().min(i + 1 + NEGATION_WINDOW) {
                let t = &toks[j];
                if t.clause != clause || blocks_negation(&t.text) || is_negator(&t.text) {
                    break;
                }
                if !t.stop {
                    toks[j].neg = true;
                    break;
                }
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negated(s: &str) -> Vec<String> {
        analyze(s)
            .into_iter()
            .filter(|t| t.neg)
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn words_are_normalised_and_joined() {
        let t: Vec<String> = analyze("Won't TURN! the Wi-Fi, café 2.0")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["wont", "turn", "the", "wifi", "cafe", "20"]);
    }

    #[test]
    fn negation_reaches_the_first_content_word() {
        assert_eq!(negated("the bolt doesn't actually move"), ["move"]);
        assert_eq!(negated("nothing lights up"), ["lights"]);
        assert_eq!(negated("it doesnt even have a keyhole"), ["keyhole"]);
        assert_eq!(
            negated("keypad isn't responding to the app"),
            ["responding"]
        );
        assert_eq!(negated("the keypad still works tho"), Vec::<String>::new());
    }

    #[test]
    fn contrast_ends_the_negation() {
        assert_eq!(
            negated("the keypad lights up but the bolt doesn't move"),
            ["move"]
        );
        assert_eq!(
            negated("not really, but the keypad works"),
            Vec::<String>::new()
        );
        let toks = analyze("lights up but, no. it works");
        assert!(toks.windows(2).all(|w| w[0].clause <= w[1].clause));
        assert_eq!(toks.last().map(|t| t.sentence), Some(1));
    }

    #[test]
    fn stems_meet_and_stop_words_are_marked() {
        let t = analyze("batteries battery jammed jam the my");
        assert_eq!(t[0].stem, t[1].stem);
        assert_eq!(t[2].stem, t[3].stem);
        assert!(t[4].stop && t[5].stop && !t[0].stop);
    }

    #[test]
    fn char_ranges_point_at_the_original() {
        let s = "Ça won't";
        let t = analyze(s);
        assert_eq!((t[0].start, t[0].end), (0, 2));
        assert_eq!((t[1].start, t[1].end), (3, 8));
    }
}
