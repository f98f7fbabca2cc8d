//! Text -> the terms the search index files, each at a position, without a dictionary.
//!
//! Chinese has no spaces between words, so a run of Han characters is cut into
//! overlapping character pairs (bigrams): any word of two or more characters is a chain
//! of pairs at consecutive positions, and a pair never spans punctuation or a space, so
//! "学习，习近平" holds no pair "习习". Latin words and numbers are whole terms, lower-cased,
//! full-width forms folded. A single Han character beside a word ("2022年") is indexed as
//! the edge of its run, so mixed words are found too.
//!
//! `themes/default/static/search.js` cuts queries by the same rules: a change here is a
//! change there.

/// Latin words are cut to this many characters (query words too), so a pasted hash or URL
/// does not make one huge term.
pub const MAX_WORD: usize = 40;

/// One indexed term.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    /// Two adjacent characters of a Han run.
    Pair(char, char),
    /// The first character of a Han run directly after a word: `^c`.
    Lead(char),
    /// The last character of a Han run directly before a word: `c$`.
    Tail(char),
    /// A Latin word or a number, lower-cased.
    Word(Box<str>),
}

impl Term {
    /// The term as the index files spell it, one character at a time.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let (pair, word): ([Option<char>; 2], &str) = match self {
            Term::Pair(a, b) => ([Some(*a), Some(*b)], ""),
            Term::Lead(c) => ([Some('^'), Some(*c)], ""),
            Term::Tail(c) => ([Some(*c), Some('$')], ""),
            Term::Word(w) => ([None, None], w),
        };
        pair.into_iter().flatten().chain(word.chars())
    }

    pub fn text(&self) -> String {
        self.chars().collect()
    }
}

/// What a character is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Han (and kana, hangul): indexed in pairs.
    Gram,
    /// A letter or digit: part of a word.
    Letter,
    /// A space within a line: ends a run or a word, but a word and a run on either side
    /// stay neighbours ("GDP 增长" reads as "GDP增长").
    Space,
    /// Punctuation, a line or block break, a field boundary: nothing is adjacent across it.
    Break,
}

fn is_gram(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'       // 々〆〇
        | '\u{3040}'..='\u{30FF}'     // kana
        | '\u{3400}'..='\u{4DBF}'     // Han, extension A
        | '\u{4E00}'..='\u{9FFF}'     // Han
        | '\u{AC00}'..='\u{D7AF}'     // hangul
        | '\u{F900}'..='\u{FAFF}'     // Han compatibility
        | '\u{20000}'..='\u{2FA1F}') // Han, extensions B-F
}

/// Full-width ASCII (`ＧＤＰ２０２２`) as ASCII.
pub use crate::names::half_width as fold;

fn class(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            '0'..='9' | 'a'..='z' | 'A'..='Z' => Class::Letter,
            '\n' | '\r' => Class::Break,
            ' ' | '\t' | '\x0B' | '\x0C' => Class::Space,
            _ => Class::Break,
        };
    }
    // Chinese punctuation, answered before the slower Unicode tables.
    let punctuation = matches!(c,
        '\u{2010}'..='\u{2027}' | '\u{3001}'..='\u{3004}'
        | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}');
    if punctuation {
        Class::Break
    } else if is_gram(c) {
        Class::Gram
    } else {
        by_unicode(c)
    }
}

/// The class of a character that is not Han, from Unicode's properties: what the search
/// script asks of every character.
fn by_unicode(c: char) -> Class {
    if c == '\n' || c == '\r' {
        Class::Break
    } else if c.is_alphanumeric() {
        Class::Letter
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Break
    }
}

/// What came last on the current line: a word, a run (its last character and position),
/// or nothing that a following word or run could be adjacent to.
#[derive(Debug, Clone, Copy)]
enum Last {
    Nothing,
    Word,
    Run(char, u32),
}

/// Cuts a stream of text into terms at positions. Each Han character and each word takes
/// one position; a break takes one more, so nothing is adjacent across it.
pub struct Tokenizer<F: FnMut(Term, u32)> {
    emit: F,
    pos: u32,
    run: Vec<char>,
    run_start: u32,
    /// Whether the current run directly follows a word.
    run_led: bool,
    word: String,
    word_len: usize,
    last: Last,
}

impl<F: FnMut(Term, u32)> Tokenizer<F> {
    pub fn new(emit: F) -> Self {
        Tokenizer {
            emit,
            pos: 0,
            run: Vec::new(),
            run_start: 0,
            run_led: false,
            word: String::new(),
            word_len: 0,
            last: Last::Nothing,
        }
    }

    /// Feeds `text`; a stream may be fed in several pieces.
    pub fn feed(&mut self, text: &str) {
        for c in text.chars().map(fold) {
            match class(c) {
                Class::Gram => {
                    self.end_word();
                    if self.run.is_empty() {
                        // Two runs apart are never adjacent: then any two adjacent
                        // positions holding Han characters are in one run, and a phrase
                        // is pinned by pairs that do not overlap.
                        if let Last::Run(..) = self.last {
                            self.pos += 1;
                        }
                        self.run_start = self.pos;
                        self.run_led = matches!(self.last, Last::Word);
                    }
                    self.run.push(c);
                    self.pos += 1;
                }
                Class::Letter => {
                    self.end_run();
                    if self.word_len < MAX_WORD {
                        self.word.extend(c.to_lowercase());
                        self.word_len += 1;
                    }
                }
                Class::Space => {
                    self.end_run();
                    self.end_word();
                }
                Class::Break => self.split(),
            }
        }
    }

    /// A boundary nothing is adjacent across: between fields, or at punctuation.
    pub fn split(&mut self) {
        self.end_run();
        self.end_word();
        if !matches!(self.last, Last::Nothing) {
            self.pos += 1;
        }
        self.last = Last::Nothing;
    }

    /// The position the next character would take.
    pub fn position(&self) -> u32 {
        self.pos
    }

    fn end_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        if let Last::Run(c, at) = self.last {
            (self.emit)(Term::Tail(c), at);
        }
        let word = std::mem::take(&mut self.word);
        (self.emit)(Term::Word(word.into_boxed_str()), self.pos);
        self.word_len = 0;
        self.pos += 1;
        self.last = Last::Word;
    }

    fn end_run(&mut self) {
        let (Some(&first), Some(&last)) = (self.run.first(), self.run.last()) else {
            return;
        };
        if self.run_led {
            (self.emit)(Term::Lead(first), self.run_start);
        }
        for (i, pair) in self.run.windows(2).enumerate() {
            (self.emit)(Term::Pair(pair[0], pair[1]), self.run_start + i as u32);
        }
        self.last = Last::Run(last, self.run_start + self.run.len() as u32 - 1);
        self.run.clear();
    }

    /// Ends the stream.
    pub fn finish(mut self) {
        self.end_run();
        self.end_word();
    }
}

/// Every term of `text` with its position: what a query word is cut into.
pub fn terms(text: &str) -> Vec<(Term, u32)> {
    let mut out = Vec::new();
    let mut tokenizer = Tokenizer::new(|term, pos| out.push((term, pos)));
    tokenizer.feed(text);
    tokenizer.finish();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spelled(text: &str) -> Vec<(String, u32)> {
        terms(text)
            .into_iter()
            .map(|(t, p)| (t.text(), p))
            .collect()
    }

    fn pairs(list: &[(&str, u32)]) -> Vec<(String, u32)> {
        list.iter().map(|(t, p)| (t.to_string(), *p)).collect()
    }

    #[test]
    fn han_runs_become_overlapping_pairs() {
        assert_eq!(
            spelled("治水兴水"),
            pairs(&[("治水", 0), ("水兴", 1), ("兴水", 2)])
        );
    }

    #[test]
    fn no_pair_spans_punctuation_or_a_space() {
        let terms = spelled("学习，习近平 同志");
        assert!(
            !terms.iter().any(|(t, _)| t == "习习" || t == "平同"),
            "{terms:?}"
        );
        assert_eq!(
            terms,
            pairs(&[("学习", 0), ("习近", 3), ("近平", 4), ("同志", 7)])
        );
    }

    #[test]
    fn latin_words_are_whole_lower_cased_and_folded() {
        assert_eq!(
            spelled("GDP增长 ＰＰＴ v2.0"),
            pairs(&[
                ("gdp", 0),
                ("^增", 1),
                ("增长", 1),
                ("长$", 2),
                ("ppt", 3),
                ("v2", 4),
                ("0", 6)
            ])
        );
    }

    #[test]
    fn a_single_character_beside_a_number_is_an_edge() {
        assert_eq!(
            spelled("2022年，第3季度"),
            pairs(&[
                ("2022", 0),
                ("^年", 1),
                ("第$", 3),
                ("3", 4),
                ("^季", 5),
                ("季度", 5)
            ])
        );
        assert!(spelled("年").is_empty(), "a lone character is no term");
    }

    #[test]
    fn a_line_break_separates_like_punctuation() {
        assert_eq!(spelled("abc\n学习"), pairs(&[("abc", 0), ("学习", 2)]));
    }

    #[test]
    fn the_fast_answers_agree_with_unicode() {
        // The shortcuts for ASCII and Chinese punctuation must not change an answer.
        for c in (0..0x3100)
            .filter_map(char::from_u32)
            .filter(|c| !is_gram(*c))
        {
            assert_eq!(class(c), by_unicode(c), "{c:?}");
        }
    }

    #[test]
    fn words_are_capped() {
        let long = "a".repeat(100);
        let terms = spelled(&long);
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].0.len(), MAX_WORD);
    }
}
