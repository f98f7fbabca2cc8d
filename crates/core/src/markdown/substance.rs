//! What a reader really sees of a note's body, measured as the walk over its events
//! goes: substantive characters per section, the member's own words apart from quoted
//! 原文, titles and padding, and the blocks that may be headings written the Word way.
//! The check judges a note by this measure; it is taken here, in the same walk that
//! writes the HTML, so that a body is parsed once (docs/DESIGN.md, "Notes as members
//! really write them").

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::HashSet;

use super::plain_name;

/// What a reader sees of a body, measured in substantive characters (letters, digits and
/// Han characters; no whitespace or punctuation).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Substance {
    /// Outside headings, links and images, with the note's own title taken out.
    pub plain: usize,
    /// The visible text of links (not their targets).
    pub link_text: usize,
    /// Each heading with the substantive characters directly under it.
    pub sections: Vec<Section>,
    /// The substantive characters outside headings, links and images, in order: what
    /// near-duplicate detection compares.
    pub text: String,
    /// Characters the member did not write: block-quoted 原文, lines that are only a
    /// document's title or a link, sentences written again. Shown and searched, but
    /// counted neither as substance nor in the near-copy comparison.
    pub not_own: usize,
    /// Short blocks and label lines that may stand for a section heading the way Word
    /// and WPS users write one (`一、学习内容`, `**学习体会**`, `学习内容：…`), in order.
    pub marks: Vec<Mark>,
}

/// A block that may be a section heading written without `#`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The heading it may be, with numbering, bold and a final colon taken off, as
    /// [`key`] writes it.
    pub name: String,
    /// Whether it is written as a heading (numbered, or a label with a colon), so that
    /// it ends the section before it; a short line of a list is not.
    pub heading_like: bool,
    /// Body line (1-based) of the block.
    pub line: usize,
    /// Substantive characters counted before the block.
    pub at: usize,
    /// Substantive characters of the block itself.
    pub block: usize,
    /// Of those, the ones after a label (`学习内容：` and its text).
    pub after: usize,
}

impl Substance {
    /// Substantive characters a reader sees, the member's own or not: where a section's
    /// text is measured from (quoted 原文 under 学习内容 is what was studied).
    pub fn shown(&self) -> usize {
        self.plain + self.link_text + self.not_own
    }
}

impl Substance {
    /// Substantive characters including link text: what `too-short` counts.
    pub fn total(&self) -> usize {
        self.plain + self.link_text
    }

    /// Characters under section `i`, its sub-sections included.
    pub fn under(&self, i: usize) -> usize {
        let level = self.sections[i].level;
        self.sections[i].chars
            + self.sections[i + 1..]
                .iter()
                .take_while(|s| s.level > level)
                .map(|s| s.chars)
                .sum::<usize>()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    pub title: String,
    /// Body line (1-based, within the body) of the heading.
    pub line: usize,
    /// Substantive characters counted before the heading.
    pub at: usize,
    pub chars: usize,
    /// The opening words of each item of the lists directly under the heading (not of
    /// nested lists): where a record names its speakers, `- 张三：……`.
    pub leads: Vec<String>,
}

/// Sentences shorter than this (in key bytes: about six Han characters) may be written
/// again without being taken for padding (`一是`, `坚持`).
pub(super) const MIN_REPEATED_BYTES: usize = 18;

/// The hashes of the last few sentences of a body: a sentence written again among them
/// is padding (one sentence repeated a dozen times). A sentence quoted again pages later
/// is not looked for: that takes a set of every sentence, and padding is not written so.
#[derive(Default)]
pub(super) struct Recent {
    pub(super) hashes: [u64; 8],
    pub(super) next: usize,
}

impl Recent {
    /// Whether `hash` is among the last few, which it then joins.
    pub(super) fn seen(&mut self, hash: u64) -> bool {
        if self.hashes.contains(&hash) {
            return true;
        }
        self.hashes[self.next % self.hashes.len()] = hash;
        self.next += 1;
        false
    }
}

/// The characters of the sentences of a block's key (`key`, split where [`Seen`] found
/// a 。) that `seen` has just had; each sentence of some length joins `seen`.
pub(super) fn repeated_chars(key: &str, ends: &[(usize, bool)], seen: &mut Recent) -> usize {
    let mut repeated = 0;
    let mut start = 0;
    for end in clause_ends(key.len(), ends) {
        let sentence = &key[start..end];
        start = end;
        if sentence.len() >= MIN_REPEATED_BYTES && seen.seen(clause_hash(sentence)) {
            repeated += sentence.chars().count();
        } else {
            repeated += stuttered_chars(sentence);
        }
    }
    repeated
}

/// A clause as repetition is judged: without the counter that leads it or ends it
/// (`1、`, `（2）`, `第3次`, `3月1日：`, `一、`, `…（4）`), so that it does not make the
/// same words new text. Other numbers stay: `达标率为76.5%` and `达标率为81.2%` differ.
fn clause_hash(clause: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(without_counter(clause).as_bytes())
}

fn without_counter(clause: &str) -> &str {
    const NUMERALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    const UNITS: &[char] = &[
        '次', '条', '点', '项', '步', '期', '讲', '节', '章', '年', '月', '日', '号',
    ];
    let digits =
        |text: &str| text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut rest = clause.trim_start_matches(NUMERALS);
    rest = rest.strip_prefix('第').unwrap_or(rest);
    // Up to two numbers with their units: `3月1日`, `第12次`, `2022年`.
    for _ in 0..2 {
        let n = digits(rest);
        if n == 0 || n > 4 {
            break;
        }
        let after = &rest[n..];
        rest = match after.chars().next() {
            Some(unit) if UNITS.contains(&unit) => &after[unit.len_utf8()..],
            _ => after,
        };
    }
    // A number of one or two digits at the end, after words: `…（4）`.
    let trimmed = rest.trim_end_matches(|c: char| c.is_ascii_digit());
    let tail = rest.len() - trimmed.len();
    if (1..=2).contains(&tail) && !trimmed.is_empty() {
        rest = trimmed;
    }
    rest
}

/// Where the clauses of a key `len` bytes long end: at each coarse end, and at each
/// fine one that has at least [`MIN_REPEATED_BYTES`] on either side before the next end.
fn clause_ends(len: usize, ends: &[(usize, bool)]) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::with_capacity(ends.len() + 1);
    for (i, &(end, fine)) in ends.iter().enumerate() {
        let from = kept.last().copied().unwrap_or(0);
        let next = ends.get(i + 1).map_or(len, |&(next, _)| next);
        if !fine || (end - from >= MIN_REPEATED_BYTES && next - end >= MIN_REPEATED_BYTES) {
            kept.push(end);
        }
    }
    kept.push(len);
    kept
}

/// The characters of a sentence's key that only repeat what came just before: a word
/// of one to four characters written five times or more in a row (`学习学习学习…`)
/// counts once; a run of digits only past twelve (`1000000元` and `13800000000` are
/// numbers, `1111111111111…` is padding).
fn stuttered_chars(key: &str) -> usize {
    const LONGEST_WORD: usize = 4;
    const TIMES: usize = 5;
    const DIGIT_TIMES: usize = 12;
    let chars: Vec<char> = key.chars().collect();
    let mut again = vec![false; chars.len()];
    for word in 1..=LONGEST_WORD {
        let mut run = 0;
        for i in word..=chars.len() {
            if i < chars.len() && chars[i] == chars[i - word] {
                run += 1;
                continue;
            }
            // chars[i - run..i] repeat the word before them.
            let digits = chars[i - run - word..i].iter().all(char::is_ascii_digit);
            let times = if digits { DIGIT_TIMES } else { TIMES };
            if run + word >= word * times {
                again[i - run..i].iter_mut().for_each(|a| *a = true);
            }
            run = 0;
        }
    }
    again.iter().filter(|&&a| a).count()
}

/// Whether a block is only a document's title (《…》, with its chapter or article) or
/// only a link with its source: a reading list is not a note.
pub(super) fn is_title_line(run: &str, link_chars: usize, has_title: bool) -> bool {
    if link_chars > 0 {
        let text = run.trim();
        // A link alone, or with its source and date (`[题目](…) - 凤凰周刊 - 2014年25期`);
        // a sentence around a link is the member's own.
        let rest = count(text);
        let listed = [" - ", " | ", " — ", " · ", "｜"]
            .iter()
            .any(|sep| text.contains(sep))
            && !text.contains(['。', '，', '；']);
        return rest <= 4 || (listed && rest <= 24);
    }
    // Nearly always: prose, with no title in it, or too long to be only titles.
    if !has_title {
        return false;
    }
    let text = run.trim();
    if text.len() > 400 {
        return false;
    }
    // What is left once the titles, their chapters and the numbering are taken out.
    let mut left = String::new();
    let mut depth = 0usize;
    for c in strip_numbering(text).0.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => left.push(c),
            _ => {}
        }
    }
    let left = left.replace(
        [
            '第', '章', '节', '条', '篇', '部', '分', '卷', '讲', '学', '习',
        ],
        "",
    );
    let left = left.trim_start_matches(|c: char| "一二三四五六七八九十百0123456789".contains(c));
    count(left) <= 2
}

/// Whether text holds a blog engine's template code: Hugo's shortcodes `{{< … >}}`,
/// `{{% … %}}`, Jekyll's and Hexo's `{% … %}`, or `{{ … }}`.
pub(super) fn has_template_code(text: &str) -> bool {
    memchr::memchr(b'{', text.as_bytes()).is_some()
        && ((text.contains("{{") && text.contains("}}"))
            || (text.contains("{%") && text.contains("%}")))
}

/// Text without its template code: what a reader sees once the blog engine is gone.
/// One pass: each `{` is looked at once, and each opening's close searched for once.
pub(super) fn without_template_code(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut kept, mut at) = (0, 0);
    while let Some(found) = memchr::memchr(b'{', &bytes[at..]) {
        let open = at + found;
        let close: &[u8] = match bytes.get(open + 1) {
            Some(b'{') => b"}}",
            Some(b'%') => b"%}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        // An opening never closed leaves the rest as it is: nothing after it closes.
        let Some(end) = memchr::memmem::find(&bytes[open + 2..], close) else {
            break;
        };
        out.push_str(&text[kept..open]);
        kept = open + 2 + end + 2;
        at = kept;
    }
    out.push_str(&text[kept..]);
    out
}

/// How long a block may be and still be a heading written as a line of its own.
pub(super) const MARK_CHARS: usize = 24;
/// How long a label may be (`学习内容：…`).
pub(super) const LABEL_CHARS: usize = 12;

/// What a block's text says if it may be a section heading: its name (numbering and a
/// final colon taken off, as [`key`] writes it), whether it is written as a heading, and
/// how many substantive characters follow a label. None for a block of prose.
pub(super) fn mark_of(run: &str) -> Option<(String, bool, usize)> {
    let text = run.trim();
    // Nearly always: a paragraph of prose, with no colon near its start.
    if text.len() > MARK_CHARS * 4 {
        let head = &text.as_bytes()[..floor_char(text, (LABEL_CHARS + 8) * 3)];
        // `:`, or `：` (EF BC 9A), found by its last byte without setting up a search.
        let colon = memchr::memchr(b':', head).is_some()
            || memchr::memchr_iter(0x9A, head)
                .any(|at| at >= 2 && head[at - 2..at] == [0xEF, 0xBC]);
        if !colon {
            return None;
        }
    }
    let (unnumbered, numbered) = strip_numbering(text);
    if let Some((label, rest)) = unnumbered.split_once(['：', ':']) {
        let label = label.trim();
        if !label.is_empty() && label.chars().count() <= LABEL_CHARS && !rest.trim().is_empty() {
            return Some((key(label), true, count(rest)));
        }
    }
    if text.chars().count() > MARK_CHARS {
        return None;
    }
    let name = unnumbered.trim_end_matches(['：', ':']).trim();
    let name = key(name);
    if name.is_empty() {
        return None;
    }
    // A numbered line, or one with no sentence in it, is written as a heading is.
    let prose = text.contains(['。', '，', '；', '！', '？', ',', ';']);
    Some((name, numbered || !prose, 0))
}

/// The largest char boundary of `text` at or below `at`.
pub(super) fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text` without a Chinese outline number in front (`一、` `（一）` `(1)` `1.` `1、`
/// `第一部分`), and whether there was one.
pub(super) fn strip_numbering(text: &str) -> (&str, bool) {
    const HAN: &str = "一二三四五六七八九十百";
    let numeral = |c: char| HAN.contains(c) || c.is_ascii_digit() || ('０'..='９').contains(&c);
    let after_numerals = |s: &str| s.trim_start_matches(numeral).len() < s.len();
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(rest) = text.strip_prefix(open) {
            let inner = rest.trim_start_matches(numeral);
            if inner.len() < rest.len() {
                if let Some(after) = inner.strip_prefix(close) {
                    return (after.trim_start(), true);
                }
            }
        }
    }
    if let Some(rest) = text.strip_prefix('第') {
        let inner = rest.trim_start_matches(numeral);
        if inner.len() < rest.len() {
            for unit in ["部分", "章", "节", "部", "点"] {
                if let Some(after) = inner.strip_prefix(unit) {
                    return (
                        after
                            .trim_start_matches(['、', '：', ':', ' '])
                            .trim_start(),
                        true,
                    );
                }
            }
        }
    }
    if after_numerals(text) {
        let inner = text.trim_start_matches(numeral);
        for mark in ['、', '.', '．', ' '] {
            if let Some(after) = inner.strip_prefix(mark) {
                return (after.trim_start(), true);
            }
        }
    }
    (text, false)
}

/// How much of a list item's opening is kept: enough for a name and a colon.
pub(super) const LEAD_BYTES: usize = 96;

/// Accumulates visible text per block and counts it when the block ends.
pub(super) struct Walk {
    pub(super) title_key: String,
    /// Finds `title_key`, made once for the note's many blocks.
    pub(super) title_finder: memchr::memmem::Finder<'static>,
    pub(super) run: String,
    pub(super) run_links: usize,
    pub(super) links: usize,
    pub(super) images: usize,
    pub(super) in_heading: bool,
    /// How deep in lists the walk is.
    pub(super) lists: usize,
    /// The opening of the current top-level list item, while it is being read.
    pub(super) lead: Option<String>,
    pub(super) ids: HashSet<String>,
    /// Where the block being read starts in the body, for its [`Mark`].
    pub(super) block_start: Option<usize>,
    /// How deep in block quotes the walk is: quoted 原文 is not the member's own words.
    pub(super) quotes: usize,
    /// Body line of the first blog template code.
    pub(super) template_line: Option<usize>,
    /// Body line of the first `**` shown as written.
    pub(super) emphasis_line: Option<usize>,
    /// Whether the block being read has `**` in its text (not in code).
    pub(super) stars: bool,
    /// The last sentences counted, by hash: one written again right after is padding.
    pub(super) sentences: Recent,
    /// Whether a table is open: a column that repeats a value (a 台账's 形式 on each
    /// row) is no padding.
    pub(super) in_table: bool,
    /// The table's rows so far, by the hash of their text: a whole row written again
    /// counts once.
    pub(super) rows: HashSet<u64>,
    /// The key of the row being read, and the characters its cells counted.
    pub(super) row: (String, usize),
    /// What the key of the block being counted passed over.
    pub(super) seen: Seen,
    /// The next number to try after each heading id's base.
    pub(super) next_suffix: std::collections::HashMap<String, usize>,
    pub(super) substance: Substance,
}

impl Walk {
    pub(super) fn new(title: &str) -> Self {
        let title_key = key(title);
        Walk {
            title_finder: memchr::memmem::Finder::new(&title_key).into_owned(),
            title_key,
            run: String::new(),
            run_links: 0,
            links: 0,
            images: 0,
            in_heading: false,
            lists: 0,
            lead: None,
            ids: HashSet::new(),
            block_start: None,
            quotes: 0,
            template_line: None,
            emphasis_line: None,
            stars: false,
            sentences: Recent::default(),
            in_table: false,
            rows: HashSet::new(),
            row: (String::new(), 0),
            seen: Seen::default(),
            next_suffix: std::collections::HashMap::new(),
            substance: Substance::default(),
        }
    }

    pub(super) fn text(&mut self, text: &str) {
        if self.in_heading || self.images > 0 {
            return;
        }
        if self.quotes > 0 {
            self.set_aside(count(text));
            return;
        }
        if let Some(lead) = &mut self.lead {
            if lead.len() < LEAD_BYTES {
                lead.push_str(text);
                let mut end = lead.len().min(LEAD_BYTES);
                while !lead.is_char_boundary(end) {
                    end -= 1;
                }
                lead.truncate(end);
            }
        }
        if self.links > 0 {
            self.run_links += count(text);
        } else {
            self.run.push_str(text);
        }
    }

    /// A line break inside a block: where a clause may end (copies of one sentence on
    /// the lines of one paragraph are padding as copies between commas are).
    pub(super) fn line_break(&mut self) {
        self.end_lead();
        if !self.in_heading && self.images == 0 && self.quotes == 0 && self.links == 0 {
            self.run.push('\n');
        }
    }

    /// Characters shown but not the member's own (quoted, titles): they are the
    /// section's text, not substance.
    pub(super) fn set_aside(&mut self, chars: usize) {
        self.substance.not_own += chars;
        if let Some(section) = self.substance.sections.last_mut() {
            section.chars += chars;
        }
    }

    /// Ends a block that started on body line `line` (None where no line was noted):
    /// its text is counted, and kept as a [`Mark`] if it may be a section heading.
    pub(super) fn end_block(&mut self, line: Option<usize>) {
        self.end_lead();
        // `**` left in a paragraph's text is bold that did not take: unclosed, or beside
        // ASCII punctuation and a Latin letter (`**"两个维护"**abc`); beside Chinese
        // punctuation it takes (CJK-friendly emphasis).
        if let (Some(line), None, true) = (line, self.emphasis_line, self.stars) {
            if memchr::memmem::find(self.run.as_bytes(), b"**").is_some() {
                self.emphasis_line = Some(line);
            }
        }
        self.stars = false;
        // A blog engine's code is no text (its pieces come as several events: looked
        // for in the whole block).
        if has_template_code(&self.run) {
            self.run = without_template_code(&self.run);
            if let Some(line) = line {
                self.template_line.get_or_insert(line);
            }
        }
        let mark = line.and_then(|line| mark_of(&self.run).map(|mark| (mark, line)));
        let at = self.substance.shown();
        self.flush();
        if let Some(((name, heading_like, after), line)) = mark {
            let block = self.substance.shown() - at;
            self.substance.marks.push(Mark {
                name,
                heading_like,
                line,
                at,
                block,
                after: after.min(block),
            });
        }
    }

    /// Files the opening of the list item being read under the current section.
    pub(super) fn end_lead(&mut self) {
        if let (Some(lead), Some(section)) = (self.lead.take(), self.substance.sections.last_mut())
        {
            let lead = lead.trim();
            if !lead.is_empty() {
                section.leads.push(lead.to_string());
            }
        }
    }

    /// A table opens: its rows are compared among themselves.
    pub(super) fn table(&mut self, open: bool) {
        self.in_table = open;
        self.rows.clear();
    }

    /// A table's row ends: one that repeats an earlier row of the table whole counts
    /// once, as a clause written again does.
    pub(super) fn end_row(&mut self) {
        let (key, plain) = std::mem::take(&mut self.row);
        // A row's number (a first cell of digits alone) is no new text either; a date
        // or a month in it is.
        let numbered = key
            .split_once('|')
            .filter(|(first, _)| first.bytes().all(|b| b.is_ascii_digit()));
        let rest = numbered.map_or(key.as_str(), |(_, rest)| rest);
        let hash = xxhash_rust::xxh3::xxh3_64(rest.as_bytes());
        if plain > 0 && !self.rows.insert(hash) {
            self.substance.plain -= plain.min(self.substance.plain);
            self.substance.not_own += plain;
        }
    }

    /// Counts the block's text, less any repetition of the note's title and any
    /// placeholder a template left in it.
    pub(super) fn flush(&mut self) {
        if self.run.is_empty() && self.run_links == 0 {
            return;
        }
        // The block's key goes straight onto the note's text, and is taken back off if
        // it is only titles or a placeholder.
        let text = &mut self.substance.text;
        let start = text.len();
        self.seen.sentence_ends.clear();
        self.seen.title = false;
        key_into(&self.run, text, Some(&mut self.seen));
        if is_title_line(&self.run, self.run_links, self.seen.title) {
            text.truncate(start);
            self.set_aside(count(&self.run) + self.run_links);
            self.run.clear();
            self.run_links = 0;
            return;
        }
        let repeated = if self.in_table {
            0
        } else {
            repeated_chars(
                &text[start..],
                &self.seen.sentence_ends,
                &mut self.sentences,
            )
        };
        if is_placeholder(&self.run, &text[start..]) {
            text.truncate(start);
        }
        if !self.title_key.is_empty() && self.title_finder.find(&text.as_bytes()[start..]).is_some()
        {
            let without = text[start..].replace(&self.title_key, "");
            text.truncate(start);
            text.push_str(&without);
        }
        // A sentence written again counts once: shown, but not the member's words.
        let written = text[start..].chars().count();
        let repeated = if written > 0 {
            repeated.min(written)
        } else {
            0
        };
        let plain = written - repeated;
        if self.in_table {
            self.row.0.push_str(&text[start..]);
            self.row.0.push('|');
            self.row.1 += plain;
        }
        let chars = written + self.run_links;
        self.substance.not_own += repeated;
        self.substance.plain += plain;
        self.substance.link_text += self.run_links;
        if let Some(section) = self.substance.sections.last_mut() {
            section.chars += chars;
        }
        self.run.clear();
        self.run_links = 0;
    }

    /// Records the heading starting at `events[start]` and gives it an anchor id.
    /// A block quote opens or closes: what is quoted is not the member's own.
    pub(super) fn quote(&mut self, opens: bool) {
        self.flush();
        if opens {
            self.quotes += 1;
        } else {
            self.quotes = self.quotes.saturating_sub(1);
        }
    }

    pub(super) fn heading(
        &mut self,
        events: &mut [(Event<'_>, std::ops::Range<usize>)],
        start: usize,
        line: usize,
    ) {
        self.flush();
        let title: String = events[start + 1..]
            .iter()
            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let title = title.trim().to_string();
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &mut events[start].0
        {
            // `{#id .class key=value}` after a heading: the id and classes are kept as
            // plain names, any other attribute (`onmouseover=…`, `style=…`) is dropped,
            // since no sanitiser sees a note without raw HTML.
            let given = id.as_deref().map(plain_name).filter(|g| !g.is_empty());
            let anchor = match given {
                Some(given) => given,
                None => self.unique_id(&title),
            };
            *id = Some(CowStr::from(anchor));
            classes.retain(|c| !c.is_empty() && plain_name(c) == c.as_ref());
            attrs.clear();
            let at = self.substance.shown();
            self.substance.sections.push(Section {
                level: heading_level(*level),
                title,
                line,
                at,
                chars: 0,
                leads: Vec::new(),
            });
        }
        // The heading's own text is not substance: `text` skips it until the heading ends.
        self.in_heading = true;
    }

    pub(super) fn unique_id(&mut self, title: &str) -> String {
        let base: String = title
            .chars()
            .filter_map(|c| match c {
                c if c.is_alphanumeric() => Some(c.to_lowercase().next().unwrap_or(c)),
                ' ' | '-' | '_' => Some('-'),
                _ => None,
            })
            .collect();
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        // Each base remembers the next number to try, so that a heading repeated
        // thousands of times costs one try each, not one per earlier repeat. Every number
        // below it is taken already (ids are never given back), so the id is still the
        // smallest free one.
        let next = self.next_suffix.entry(base.clone()).or_insert(0);
        loop {
            let id = if *next == 0 {
                base.clone()
            } else {
                format!("{base}-{next}")
            };
            *next += 1;
            if self.ids.insert(id.clone()) {
                return id;
            }
        }
    }
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

pub(super) fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::HtmlBlock
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
    )
}

/// Phrases that mark text a template asked to be replaced: a block holding one of them,
/// and little else, is not the member's writing. `studybook new` writes these.
pub const PLACEHOLDER_MARKS: &[&str] = &[
    "在此填写",
    "此处填写",
    "在此输入",
    "此处输入",
    "请填写",
    "请输入",
    "请在此",
    "请在这里",
    "在这里写",
    "在这里填写",
    "待补充",
    "待填写",
    "此处省略",
    "写清学了什么",
    "写出自己的体会",
    "todo",
    "tbd",
    "lorem ipsum",
];

/// Whether a block of text is a template's placeholder: short and holding a placeholder
/// phrase, wholly bracketed like `（在此填写……）`, or only filler like `……` or `xxx`.
pub fn is_placeholder(block: &str, key: &str) -> bool {
    if key.is_empty() {
        return false;
    }
    if key.chars().all(|c| matches!(c, 'x' | '×' | '略' | '某')) {
        return true;
    }
    let trimmed = block.trim();
    let (first, last) = (trimmed.chars().next(), trimmed.chars().next_back());
    let bracketed = [
        ('（', '）'),
        ('(', ')'),
        ('【', '】'),
        ('[', ']'),
        ('<', '>'),
        ('〈', '〉'),
    ]
    .iter()
    .any(|&(open, close)| {
        first == Some(open) && last == Some(close) && trimmed.matches(open).count() == 1
    });
    if !bracketed && more_chars_than(key, 40) {
        return false;
    }
    holds_mark(trimmed)
}

/// Whether `text` has more than `n` characters, counted only when its length in bytes
/// cannot tell (a character takes one to four).
pub(super) fn more_chars_than(text: &str, n: usize) -> bool {
    text.len() > n && (text.len() > 4 * n || text.chars().count() > n)
}

/// Whether `text` holds one of the [`PLACEHOLDER_MARKS`], ASCII case aside (the marks
/// are Chinese or lower-case ASCII). A mark is tried only where its first character is,
/// and those are found by vector code: Han characters are looked for whole (their first
/// bytes would match a third of Chinese text), letters in either case.
pub(super) fn holds_mark(text: &str) -> bool {
    use std::sync::LazyLock;
    /// The distinct first characters of the Chinese marks, and of the ASCII marks.
    static FIRST: LazyLock<(Vec<memchr::memmem::Finder<'static>>, Vec<u8>)> = LazyLock::new(|| {
        let (ascii, chinese): (Vec<&str>, Vec<&str>) =
            PLACEHOLDER_MARKS.iter().partition(|mark| mark.is_ascii());
        let mut chars: Vec<char> = chinese.iter().filter_map(|m| m.chars().next()).collect();
        let mut letters: Vec<u8> = ascii.iter().filter_map(|m| m.bytes().next()).collect();
        chars.sort_unstable();
        chars.dedup();
        letters.sort_unstable();
        letters.dedup();
        let finders = chars
            .iter()
            .map(|c| memchr::memmem::Finder::new(c.to_string().as_bytes()).into_owned())
            .collect();
        (finders, letters)
    });
    let bytes = text.as_bytes();
    let mark_at = |at: usize| {
        PLACEHOLDER_MARKS.iter().any(|mark| {
            bytes
                .get(at..at + mark.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(mark.as_bytes()))
        })
    };
    let (finders, letters) = &*FIRST;
    finders.iter().any(|f| f.find_iter(bytes).any(mark_at))
        || letters
            .iter()
            .any(|&l| memchr::memchr2_iter(l, l.to_ascii_uppercase(), bytes).any(mark_at))
}

/// Whether a character is substantive: a letter, a digit or a Han character. The common
/// characters of Chinese text are answered without Unicode's tables.
pub(super) fn substantive(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' | '\u{4E00}'..='\u{9FFF}' => true,
        '\0'..='\u{7F}' | PUNCTUATION!() => false,
        _ => c.is_alphanumeric(),
    }
}

/// Blocks of punctuation and symbols that hold no letter or digit: general punctuation,
/// CJK punctuation and brackets, and the full-width forms of ASCII punctuation. (A test
/// checks every character of these against Unicode.)
macro_rules! PUNCTUATION {
    () => {
        '\u{2000}'..='\u{206F}'
            | '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3020}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'
    };
}
use PUNCTUATION;

/// The substantive characters of `text`, lower-cased: what is counted and compared.
pub fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    key_into(text, &mut out, None);
    out
}

/// What [`key_into`] noticed among the characters it left out.
#[derive(Default)]
pub(super) struct Seen {
    /// Where a sentence or a clause ends (a 。, a ，), as offsets in the key written, and
    /// whether at a finer mark (a 、, a ：, a space), which parts a clause only between
    /// two pieces of some length: `做到守土有责、守土负责、守土尽责` is one clause.
    pub(super) sentence_ends: Vec<(usize, bool)>,
    /// Whether a 《 was among them: the text may name a document.
    pub(super) title: bool,
}

/// [`key`], appended to `out`; with `seen`, noting what it passes over on the way (the
/// characters left out are already looked at one by one, so this costs nothing more).
pub(super) fn key_into(text: &str, out: &mut String, mut seen: Option<&mut Seen>) {
    let key_start = out.len();
    // Runs of characters that are their own lower case (Han, digits, lower-case ASCII)
    // are copied whole, told apart by their first bytes: U+4E00..=U+9FFF are the three
    // bytes E4 B8.. to E9 BF BF.
    let bytes = text.as_bytes();
    let (mut at, mut run) = (0, 0);
    while at < bytes.len() {
        let b = bytes[at];
        if (0xE5..=0xE9).contains(&b) || (b == 0xE4 && bytes[at + 1] >= 0xB8) {
            at += 3;
            continue;
        }
        if b.is_ascii_digit() || b.is_ascii_lowercase() {
            at += 1;
            continue;
        }
        out.push_str(&text[run..at]);
        let c = text[at..].chars().next().unwrap_or_default();
        at += c.len_utf8();
        run = at;
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                out.push(c.to_ascii_lowercase());
            } else if let Some(seen) = seen.as_deref_mut() {
                match c {
                    ',' | ';' | '!' | '?' => {
                        seen.sentence_ends.push((out.len() - key_start, false))
                    }
                    '.' | ':' | ' ' | '\n' | '/' | '|' | '~' => {
                        seen.sentence_ends.push((out.len() - key_start, true))
                    }
                    _ => {}
                }
            }
        } else if substantive(c) {
            out.extend(c.to_lowercase());
        } else if let Some(seen) = seen.as_deref_mut() {
            match c {
                // Clauses too: one written again and again between commas is padding
                // as a repeated sentence is.
                '。' | '，' | '；' | '！' | '？' => {
                    seen.sentence_ends.push((out.len() - key_start, false))
                }
                '、' | '：' | '…' | '．' | '\u{3000}' | '—' | '「' | '」' | '～' | '→' | '·'
                | '／' => seen.sentence_ends.push((out.len() - key_start, true)),
                '《' => seen.title = true,
                _ => {}
            }
        }
    }
    out.push_str(&text[run..]);
}

pub(super) fn count(text: &str) -> usize {
    text.chars().filter(|&c| substantive(c)).count()
}
