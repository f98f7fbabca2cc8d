//! A note's Markdown body -> its HTML and what a reader really sees of it, in one pass.
//!
//! The same walk over pulldown-cmark's events writes the HTML (with heading anchors, safe
//! link targets, `.md` links pointing at the built pages) and measures the substantive
//! text the check judges a note by. Raw HTML is sanitised with ammonia unless the book
//! allows it; only notes that hold raw HTML pay for the sanitiser.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

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

#[derive(Debug, Default)]
pub struct RenderedBody {
    pub html: String,
    pub substance: Substance,
    /// Body line (1-based) of the first raw HTML, if any.
    pub raw_html_line: Option<usize>,
    /// Body line (1-based) of the first blog template code (`{{< … >}}`, `{% … %}`).
    pub template_line: Option<usize>,
    /// Images a reader will not see as written: remote ones, and site-absolute paths no
    /// file has.
    pub image_problems: Vec<ImageProblem>,
    /// Body line (1-based) of the first `**` shown as written (bold that did not take).
    pub emphasis_line: Option<usize>,
    /// Images and links to files beside the note (relative paths), which the check
    /// finds among the published files.
    pub local_targets: Vec<LocalTarget>,
}

/// An image or a link whose target is a path relative to the note's own folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTarget {
    /// Body line (1-based).
    pub line: usize,
    /// The path as written, percent-decoded, without its query or fragment.
    pub path: String,
    pub image: bool,
}

/// The relative path `dest` leads to, if it leads to a file beside the note: not a
/// fragment, not site-absolute, not on another site or in another scheme.
fn local_target(dest: &str) -> Option<String> {
    let dest = dest.trim();
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let scheme = path
        .split_once(':')
        .is_some_and(|(before, _)| !before.contains('/'));
    if path.is_empty() || path.starts_with(['/', '\\']) || scheme {
        return None;
    }
    Some(
        percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// Renders `body` to HTML and measures it. `title` is the note's own title, not counted
/// when it is repeated. Raw HTML is sanitised away unless `allow_html`.
pub fn render(body: &str, title: &str, allow_html: bool) -> RenderedBody {
    walk_body(body, title, Making::Html { allow_html }, &NoImages)
}

/// Measures `body` without making its HTML (`html` is left empty): all that a check
/// which builds nothing reads.
pub fn measure(body: &str, title: &str) -> RenderedBody {
    walk_body(body, title, Making::Substance, &NoImages)
}

/// [`render`] (`html`) or [`measure`], with site-absolute image paths (`/img/x.png`, as
/// Hugo and Jekyll write them) found through `images`.
pub fn read_body(
    body: &str,
    title: &str,
    allow_html: bool,
    html: bool,
    images: &dyn ImageFinder,
) -> RenderedBody {
    let making = if html {
        Making::Html { allow_html }
    } else {
        Making::Substance
    };
    walk_body(body, title, making, images)
}

/// Where a site-absolute image path (`img/x.png`, its `/` taken off) is in the built
/// site, as a link from the note's page; None where no file has it.
pub trait ImageFinder {
    fn find(&self, path: &str) -> Option<String>;
}

/// Finds no image: site-absolute paths are left as written.
struct NoImages;

impl ImageFinder for NoImages {
    fn find(&self, _path: &str) -> Option<String> {
        None
    }
}

/// An image the reader will not see as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageProblem {
    /// Body line (1-based).
    pub line: usize,
    pub target: String,
    /// On another site (the intranet cannot reach it): shown as a link instead.
    pub remote: bool,
}

/// What a walk over a body makes besides its substance.
#[derive(Clone, Copy)]
enum Making {
    Html { allow_html: bool },
    Substance,
}

fn walk_body(body: &str, title: &str, making: Making, finder: &dyn ImageFinder) -> RenderedBody {
    let mut events = events_of(body);
    let mut walk = BodyWalk {
        body,
        finder,
        walk: Walk::new(title),
        lines: Lines::default(),
        raw_html_line: None,
        images_as_links: Vec::new(),
        nesting: Nesting::default(),
        image_problems: Vec::new(),
        local_targets: Vec::new(),
        in_code_block: false,
    };
    // The substance is nearly the whole body: room for it once, the rest given back below.
    walk.walk.substance.text.reserve(body.len());
    for i in 0..events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i].0 {
            let line = walk.lines.of(body, events[i].1.start);
            walk.walk.heading(&mut events, i, line);
        }
        let (event, range) = &mut events[i];
        walk.event(event, range.start);
    }
    walk.walk.flush();
    let mut html = match making {
        Making::Html { allow_html } => {
            let sanitised = walk.raw_html_line.is_some() && !allow_html;
            html_of(body, events, sanitised, walk.nesting.deepest)
        }
        Making::Substance => String::new(),
    };
    // Kept for the whole build (the text for the check): without the room they grew into.
    html.shrink_to_fit();
    let mut substance = walk.walk.substance;
    substance.text.shrink_to_fit();
    RenderedBody {
        html,
        substance,
        raw_html_line: walk.raw_html_line,
        template_line: walk.walk.template_line,
        emphasis_line: walk.walk.emphasis_line,
        image_problems: walk.image_problems,
        local_targets: walk.local_targets,
    }
}

/// A body's events as pulldown-cmark reads it with the options notes are written for,
/// each with its byte range.
fn events_of(body: &str) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        // `**《党章》**是` is bold, as the writer meant (vendor/pulldown-cmark).
        | Options::ENABLE_CJK_FRIENDLY_EMPHASIS;
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    // About one event in 30 bytes of a note, so the list seldom grows.
    let mut events = Vec::with_capacity(body.len() / 30 + 8);
    events.extend(Parser::new_ext(body, options).into_offset_iter());
    events
}

/// The HTML of a body's events: sanitised when it holds raw HTML the book does not
/// allow, or with the tags shown as text when they nest too deep to sanitise in bounded
/// time (the sanitiser's cost grows with the square of the depth).
fn html_of(
    body: &str,
    events: Vec<(Event<'_>, std::ops::Range<usize>)>,
    sanitised: bool,
    deepest: usize,
) -> String {
    let mut html = String::with_capacity(body.len() * 3 / 2);
    if sanitised && deepest > MAX_HTML_DEPTH {
        let escaped = events.into_iter().map(|(event, _)| match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            other => other,
        });
        pulldown_cmark::html::push_html(&mut html, escaped);
    } else {
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(event, _)| event));
        if sanitised {
            html = sanitize(&html);
        }
    }
    html
}

/// One walk over a body's events: the substance measured ([`Walk`]), and what the check
/// hears of besides (raw HTML, images, files beside the note). Links and images are
/// rewritten in place for the page.
struct BodyWalk<'b, 'f> {
    body: &'b str,
    finder: &'f dyn ImageFinder,
    walk: Walk,
    lines: Lines,
    raw_html_line: Option<usize>,
    /// For each image open, whether it is shown as a link (a remote one).
    images_as_links: Vec<bool>,
    nesting: Nesting,
    image_problems: Vec<ImageProblem>,
    local_targets: Vec<LocalTarget>,
    in_code_block: bool,
}

impl BodyWalk<'_, '_> {
    /// Follows one event, which starts at byte `start` of the body.
    fn event(&mut self, event: &mut Event<'_>, start: usize) {
        let walk = &mut self.walk;
        match event {
            Event::Html(html) => self.html(html, true, start),
            Event::InlineHtml(html) => self.html(html, false, start),
            Event::Start(Tag::BlockQuote(_)) => walk.quote(true),
            Event::End(TagEnd::BlockQuote(_)) => walk.quote(false),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.local_target(dest_url, start, false);
                *dest_url = safe_target(dest_url);
                self.walk.links += 1;
            }
            Event::End(TagEnd::Link) => walk.links -= 1,
            Event::Start(Tag::Image { .. }) => self.image(event, start),
            Event::End(TagEnd::Image) => {
                walk.images -= 1;
                if self.images_as_links.pop() == Some(true) {
                    *event = Event::End(TagEnd::Link);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                walk.in_heading = false;
                walk.flush();
            }
            Event::Start(Tag::List(_)) => {
                walk.end_lead();
                walk.lists += 1;
            }
            Event::End(TagEnd::List(_)) => walk.lists = walk.lists.saturating_sub(1),
            Event::Start(Tag::Item) if walk.lists == 1 => {
                walk.lead = Some(String::new());
                walk.block_start.get_or_insert(start);
            }
            Event::Start(Tag::Paragraph | Tag::Item) => {
                walk.block_start.get_or_insert(start);
            }
            Event::SoftBreak | Event::HardBreak => walk.end_lead(),
            Event::Text(text) => {
                // pulldown-cmark hands a delimiter run it did not take as text, a `*` at
                // a time: the block's text is looked at when it ends.
                walk.stars |=
                    !self.in_code_block && memchr::memchr(b'*', text.as_bytes()).is_some();
                walk.text(text);
            }
            Event::Code(text) => walk.text(text),
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(end) if is_block_end(end) => {
                self.in_code_block &= !matches!(end, TagEnd::CodeBlock);
                let line = walk
                    .block_start
                    .take()
                    .map(|at| self.lines.of(self.body, at));
                walk.end_block(line);
            }
            _ => {}
        }
    }

    /// Raw HTML pasted from a web editor: its text counts as the reader sees it, and its
    /// blocks (<h2>, <p>, each line of an HTML block) are blocks, so a heading in it is
    /// a heading.
    fn html(&mut self, html: &str, block: bool, start: usize) {
        let line = self.lines.of(self.body, start);
        self.raw_html_line.get_or_insert(line);
        self.nesting.follow(html);
        let text = crate::plaintext::plain_text(html);
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                self.walk.end_block(Some(line));
            }
            self.walk.text(piece);
        }
        if block {
            self.walk.end_block(Some(line));
        }
    }

    /// Notes a link's or an image's target when it is a file beside the note.
    fn local_target(&mut self, dest: &str, start: usize, image: bool) {
        if let Some(path) = local_target(dest) {
            let line = self.lines.of(self.body, start);
            self.local_targets.push(LocalTarget { line, path, image });
        }
    }

    /// An image opens: its target noted, what a reader will not see of it kept (every
    /// one: the per-file cap of diagnostics counts the rest), and a remote one shown as
    /// a link.
    fn image(&mut self, event: &mut Event<'_>, start: usize) {
        if let Event::Start(Tag::Image { dest_url, .. }) = &*event {
            self.local_target(dest_url, start, true);
        }
        let problem = image_problem(event, self.finder);
        let remote = external_image_as_link(event);
        if let Some(target) = problem {
            let line = self.lines.of(self.body, start);
            self.image_problems.push(ImageProblem {
                line,
                target,
                remote,
            });
        }
        self.images_as_links.push(remote);
        self.walk.images += 1;
    }
}

/// A name safe as an HTML id or class: letters, digits, Han, `-` and `_` only.
fn plain_name(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

/// Raw HTML nested deeper than this is not sanitised but shown as text: no real note
/// nests tags this deep, and the sanitiser's time grows with the square of the depth.
const MAX_HTML_DEPTH: usize = 256;

/// How deep the raw HTML of a body nests, counted from its tags alone (an estimate, on
/// the safe side: void tags such as `<br>` count as opened).
#[derive(Default)]
struct Nesting {
    depth: usize,
    deepest: usize,
}

impl Nesting {
    fn follow(&mut self, html: &str) {
        let bytes = html.as_bytes();
        for at in memchr::memchr_iter(b'<', bytes) {
            match bytes.get(at + 1) {
                Some(b'/') => self.depth = self.depth.saturating_sub(1),
                Some(b) if b.is_ascii_alphabetic() => {
                    self.depth += 1;
                    self.deepest = self.deepest.max(self.depth);
                }
                _ => {}
            }
        }
    }
}

/// Sentences shorter than this (in key bytes: about six Han characters) may be written
/// again without being taken for padding (`一是`, `坚持`).
const MIN_REPEATED_BYTES: usize = 18;

/// The hashes of the last few sentences of a body: a sentence written again among them
/// is padding (one sentence repeated a dozen times). A sentence quoted again pages later
/// is not looked for: that takes a set of every sentence, and padding is not written so.
#[derive(Default)]
struct Recent {
    hashes: [u64; 8],
    next: usize,
}

impl Recent {
    /// Whether `hash` is among the last few, which it then joins.
    fn seen(&mut self, hash: u64) -> bool {
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
fn repeated_chars(key: &str, ends: &[usize], seen: &mut Recent) -> usize {
    let mut repeated = 0;
    let mut start = 0;
    for end in ends.iter().copied().chain(std::iter::once(key.len())) {
        let sentence = &key[start..end];
        start = end;
        if sentence.len() >= MIN_REPEATED_BYTES
            && seen.seen(xxhash_rust::xxh3::xxh3_64(sentence.as_bytes()))
        {
            repeated += sentence.chars().count();
        }
    }
    repeated
}

/// Whether a block is only a document's title (《…》, with its chapter or article) or
/// only a link with its source: a reading list is not a note.
fn is_title_line(run: &str, link_chars: usize, has_title: bool) -> bool {
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
fn has_template_code(text: &str) -> bool {
    memchr::memchr(b'{', text.as_bytes()).is_some()
        && ((text.contains("{{") && text.contains("}}"))
            || (text.contains("{%") && text.contains("%}")))
}

/// Text without its template code: what a reader sees once the blog engine is gone.
/// One pass: each `{` is looked at once, and each opening's close searched for once.
fn without_template_code(text: &str) -> String {
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
const MARK_CHARS: usize = 24;
/// How long a label may be (`学习内容：…`).
const LABEL_CHARS: usize = 12;

/// What a block's text says if it may be a section heading: its name (numbering and a
/// final colon taken off, as [`key`] writes it), whether it is written as a heading, and
/// how many substantive characters follow a label. None for a block of prose.
fn mark_of(run: &str) -> Option<(String, bool, usize)> {
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
fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text` without a Chinese outline number in front (`一、` `（一）` `(1)` `1.` `1、`
/// `第一部分`), and whether there was one.
fn strip_numbering(text: &str) -> (&str, bool) {
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
const LEAD_BYTES: usize = 96;

/// Accumulates visible text per block and counts it when the block ends.
struct Walk {
    title_key: String,
    /// Finds `title_key`, made once for the note's many blocks.
    title_finder: memchr::memmem::Finder<'static>,
    run: String,
    run_links: usize,
    links: usize,
    images: usize,
    in_heading: bool,
    /// How deep in lists the walk is.
    lists: usize,
    /// The opening of the current top-level list item, while it is being read.
    lead: Option<String>,
    ids: HashSet<String>,
    /// Where the block being read starts in the body, for its [`Mark`].
    block_start: Option<usize>,
    /// How deep in block quotes the walk is: quoted 原文 is not the member's own words.
    quotes: usize,
    /// Body line of the first blog template code.
    template_line: Option<usize>,
    /// Body line of the first `**` shown as written.
    emphasis_line: Option<usize>,
    /// Whether the block being read has `**` in its text (not in code).
    stars: bool,
    /// The last sentences counted, by hash: one written again right after is padding.
    sentences: Recent,
    /// What the key of the block being counted passed over.
    seen: Seen,
    /// The next number to try after each heading id's base.
    next_suffix: std::collections::HashMap<String, usize>,
    substance: Substance,
}

impl Walk {
    fn new(title: &str) -> Self {
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
            seen: Seen::default(),
            next_suffix: std::collections::HashMap::new(),
            substance: Substance::default(),
        }
    }

    fn text(&mut self, text: &str) {
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

    /// Characters shown but not the member's own (quoted, titles): they are the
    /// section's text, not substance.
    fn set_aside(&mut self, chars: usize) {
        self.substance.not_own += chars;
        if let Some(section) = self.substance.sections.last_mut() {
            section.chars += chars;
        }
    }

    /// Ends a block that started on body line `line` (None where no line was noted):
    /// its text is counted, and kept as a [`Mark`] if it may be a section heading.
    fn end_block(&mut self, line: Option<usize>) {
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
    fn end_lead(&mut self) {
        if let (Some(lead), Some(section)) = (self.lead.take(), self.substance.sections.last_mut())
        {
            let lead = lead.trim();
            if !lead.is_empty() {
                section.leads.push(lead.to_string());
            }
        }
    }

    /// Counts the block's text, less any repetition of the note's title and any
    /// placeholder a template left in it.
    fn flush(&mut self) {
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
        let repeated = repeated_chars(
            &text[start..],
            &self.seen.sentence_ends,
            &mut self.sentences,
        );
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
    fn quote(&mut self, opens: bool) {
        self.flush();
        if opens {
            self.quotes += 1;
        } else {
            self.quotes = self.quotes.saturating_sub(1);
        }
    }

    fn heading(
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

    fn unique_id(&mut self, title: &str) -> String {
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

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn is_block_end(end: &TagEnd) -> bool {
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
fn more_chars_than(text: &str, n: usize) -> bool {
    text.len() > n && (text.len() > 4 * n || text.chars().count() > n)
}

/// Whether `text` holds one of the [`PLACEHOLDER_MARKS`], ASCII case aside (the marks
/// are Chinese or lower-case ASCII). A mark is tried only where its first character is,
/// and those are found by vector code: Han characters are looked for whole (their first
/// bytes would match a third of Chinese text), letters in either case.
fn holds_mark(text: &str) -> bool {
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
fn substantive(c: char) -> bool {
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
struct Seen {
    /// Where a sentence ends (a 。), as offsets in the key written.
    sentence_ends: Vec<usize>,
    /// Whether a 《 was among them: the text may name a document.
    title: bool,
}

/// [`key`], appended to `out`; with `seen`, noting what it passes over on the way (the
/// characters left out are already looked at one by one, so this costs nothing more).
fn key_into(text: &str, out: &mut String, mut seen: Option<&mut Seen>) {
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
            }
        } else if substantive(c) {
            out.extend(c.to_lowercase());
        } else if let Some(seen) = seen.as_deref_mut() {
            match c {
                '。' => seen.sentence_ends.push(out.len() - key_start),
                '《' => seen.title = true,
                _ => {}
            }
        }
    }
    out.push_str(&text[run..]);
}

fn count(text: &str) -> usize {
    text.chars().filter(|&c| substantive(c)).count()
}

/// Link targets that cannot run script, with `x.md` pointing at the built `x.html`.
fn safe_target(dest: &str) -> CowStr<'static> {
    let squeezed: String = dest
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if let Some((scheme, _)) = squeezed.split_once(':') {
        let is_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if is_scheme && !matches!(scheme, "http" | "https" | "mailto" | "tel" | "ftp") {
            return CowStr::from("#");
        }
        if is_scheme {
            return CowStr::from(dest.to_string());
        }
    }
    let (path, fragment) = dest
        .split_once('#')
        .map_or((dest, None), |(p, f)| (p, Some(f)));
    match path.strip_suffix(".md") {
        Some(stem) if !stem.is_empty() => {
            let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            CowStr::from(format!("{stem}.html{fragment}"))
        }
        _ => CowStr::from(dest.to_string()),
    }
}

/// An image from outside the site would be loaded from a network the intranet does not
/// have: it becomes a link to the image instead. Unsafe sources become `#`. Returns
/// whether the image was turned into a link.
/// The target of an image the reader will not see as written, if this one is: a remote
/// image, or a site-absolute path that `finder` cannot find. A site-absolute path it
/// finds is pointed at its file in the built site.
fn image_problem(event: &mut Event<'_>, finder: &dyn ImageFinder) -> Option<String> {
    let Event::Start(Tag::Image { dest_url, .. }) = event else {
        return None;
    };
    let lower = dest_url.to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//") {
        return Some(dest_url.to_string());
    }
    let path = dest_url.strip_prefix('/')?;
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    match finder.find(&decoded) {
        Some(url) => {
            *dest_url = CowStr::from(url);
            None
        }
        None => Some(dest_url.to_string()),
    }
}

fn external_image_as_link(event: &mut Event<'_>) -> bool {
    if let Event::Start(Tag::Image {
        dest_url,
        title,
        id,
        ..
    }) = event
    {
        let safe = safe_target(dest_url);
        let lower = safe.to_ascii_lowercase();
        if lower.starts_with("http:")
            || lower.starts_with("https:")
            || lower.starts_with("//")
            || safe.as_ref() == "#"
        {
            *event = Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: safe,
                title: title.clone(),
                id: id.clone(),
            });
            return true;
        }
        *dest_url = safe;
    }
    false
}

/// Maps byte offsets to 1-based lines, counting on from the last offset asked about:
/// the walk asks in order, and only at headings and raw HTML.
#[derive(Default)]
struct Lines {
    offset: usize,
    /// Newlines before `offset`.
    newlines: usize,
}

impl Lines {
    fn of(&mut self, text: &str, offset: usize) -> usize {
        if offset < self.offset {
            *self = Lines::default();
        }
        self.newlines += memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count();
        self.offset = offset;
        self.newlines + 1
    }
}

fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_code_is_taken_out_and_an_unclosed_opening_left() {
        assert_eq!(
            without_template_code("a{{< x >}}b{% y %}c{ d }"),
            "abc{ d }"
        );
        assert_eq!(without_template_code("前{{ 未完"), "前{{ 未完");
        assert_eq!(without_template_code("{%a%}{{b}}{{c"), "{{c");
        let many = "{{< a >}}".repeat(1000) + "字";
        assert_eq!(without_template_code(&many), "字");
    }

    #[test]
    fn list_items_under_a_heading_keep_their_openings() {
        let body = "## 讨论发言\n\n- **张三**：要把学习成果落实到防汛工作中，不能只停留在口头上。\n- 李四: 同意。\n  - 嵌套的不算\n\n1. 王五：补充一点\n\n## 决议\n\n- 一致通过\n";
        let sections = render(body, "", false).substance.sections;
        assert_eq!(sections[0].leads.len(), 3, "{:?}", sections[0].leads);
        assert!(sections[0].leads[0].starts_with("张三："));
        assert_eq!(sections[0].leads[1], "李四: 同意。");
        assert_eq!(sections[0].leads[2], "王五：补充一点");
        assert_eq!(sections[1].leads, ["一致通过"]);
        let long = format!("## 发言\n\n- {}\n", "很".repeat(200));
        let lead = &render(&long, "", false).substance.sections[0].leads[0];
        assert!(lead.len() <= LEAD_BYTES);
    }

    #[test]
    fn extensions_render() {
        let body = "## 学习 内容\n\n| 项目 | 次数 |\n|---|---|\n| 巡河 | 3 |\n\n~~旧~~ 新[^1]\n\n[^1]: 注释\n\n- [x] 已学\n- [ ] 未学\n";
        let html = render(body, "", false).html;
        assert!(html.contains("<h2 id=\"学习-内容\">"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>旧</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
    }

    #[test]
    fn repeated_headings_get_distinct_anchors() {
        let html = render("## 体会\n\n甲\n\n## 体会\n\n乙\n", "", false).html;
        assert!(
            html.contains("id=\"体会\"") && html.contains("id=\"体会-1\""),
            "{html}"
        );
        // A heading that is itself `体会-1` takes that id first; the repeats go round it.
        let html = render("## 体会-1\n\n## 体会\n\n## 体会\n\n## 体会\n", "", false).html;
        for id in ["体会-1", "体会", "体会-2", "体会-3"] {
            assert_eq!(
                html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{id}: {html}"
            );
        }
    }

    #[test]
    fn raw_html_is_sanitised_unless_allowed() {
        let body = "正文<script>alert(1)</script>\n\n<div onclick=\"x()\" class=\"box\">框</div>\n";
        let cleaned = render(body, "", false);
        assert_eq!(cleaned.raw_html_line, Some(1));
        assert!(
            !cleaned.html.contains("<script") && !cleaned.html.contains("onclick"),
            "{}",
            cleaned.html
        );
        assert!(cleaned.html.contains("框"));
        let allowed = render(body, "", true);
        assert!(allowed.html.contains("<script>alert(1)</script>"));
    }

    #[test]
    fn unsafe_and_md_links_are_rewritten() {
        let html = render(
            "[a](javascript:alert(1)) [b]( JaVaScRiPt:x) [c](other.md#part) [d](https://x.cn/a.md)",
            "",
            false,
        )
        .html;
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(html.contains("href=\"other.html#part\""), "{html}");
        assert!(html.contains("href=\"https://x.cn/a.md\""), "{html}");
    }

    #[test]
    fn outside_images_become_links() {
        let html = render(
            "![图](https://x.cn/a.png) ![本地](../images/a.svg)",
            "",
            false,
        )
        .html;
        assert!(!html.contains("src=\"https://"), "{html}");
        assert!(
            html.contains("<a href=\"https://x.cn/a.png\">图</a>"),
            "{html}"
        );
        assert!(html.contains("<img src=\"../images/a.svg\""), "{html}");
    }

    #[test]
    fn heading_attributes_carry_no_script() {
        let html = render(
            "## 学习内容 {#x .ok onmouseover=alert(document.domain) style=position:fixed;top:0}\n\n正文\n",
            "",
            false,
        )
        .html;
        assert!(
            !html.contains("onmouseover") && !html.contains("style"),
            "{html}"
        );
        assert!(!html.contains("alert"), "{html}");
        assert!(html.contains("<h2 id=\"x\" class=\"ok\""), "{html}");
    }

    #[test]
    fn bold_that_does_not_take_beside_chinese_punctuation_is_found() {
        // Beside Chinese punctuation bold takes (CJK-friendly emphasis) ...
        for taken in [
            "**《中国共产党章程》**是根本大法。\n",
            "学习了**（一）**部分\n",
        ] {
            let taken = render(taken, "", false);
            assert_eq!(taken.emphasis_line, None);
            assert!(taken.html.contains("<strong>"), "{}", taken.html);
        }
        // ... but not between ASCII quotes and a Latin letter, nor left unclosed.
        let shown = render("正文\n\n学习**\"两个维护\"**abc要求\n", "", false);
        assert_eq!(shown.emphasis_line, Some(3));
        assert!(shown.html.contains("**"), "{}", shown.html);
        let open = render("重点**没有结束\n", "", false);
        assert_eq!(open.emphasis_line, Some(1));
        let code = render("```\na**b\n```\n\n`c**d`\n", "", false);
        assert_eq!(code.emphasis_line, None, "code is code");
    }

    #[test]
    fn substance_counts_what_a_reader_sees() {
        let s = render(
            "## 学习内容\n\n学习了文件 abc 123。\n\n[链接文字](x.html)\n\n![图片说明](a.png)\n",
            "标题",
            false,
        )
        .substance;
        assert_eq!(s.plain, 5 + 3 + 3);
        // A line that is only a link is a title, not the member's words.
        assert_eq!(s.link_text, 0);
        assert_eq!(s.not_own, 4);
        assert_eq!(s.sections.len(), 1);
        // The section holds what a reader sees under it, titles and quotes included.
        assert_eq!(s.under(0), 15);
        let around = render(
            "我认真研读了[《实施方案》全文](a.html)并写下体会",
            "",
            false,
        )
        .substance;
        assert_eq!((around.plain, around.link_text), (11, 6));
    }

    #[test]
    fn placeholders_are_not_substance() {
        for body in [
            "（在此填写学习内容）",
            "请在此写出心得体会。",
            "TODO",
            "……",
            "xxx",
            "写清学了什么：文件、讲话、原文摘录……",
        ] {
            assert_eq!(render(body, "", false).substance.plain, 0, "{body}");
            assert!(
                key(body).is_empty() || is_placeholder(body, &key(body)),
                "{body}"
            );
        }
        let real = "我在此填写的是自己对节水优先方针的理解：水资源是刚性约束，必须量水而行、以水定城，把节水贯穿经济社会发展全过程。";
        assert!(render(real, "", false).substance.plain > 40);
    }

    #[test]
    fn the_fast_answers_are_unicode_s() {
        let unicode = |c: char| c.is_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&c);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(substantive(c), unicode(c), "{c:?} U+{:04X}", c as u32);
            assert_eq!(
                key(&format!("a{c}Z")),
                format!(
                    "a{}z",
                    c.to_string()
                        .chars()
                        .filter(|&c| unicode(c))
                        .flat_map(char::to_lowercase)
                        .collect::<String>()
                ),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn placeholder_marks_are_found_in_any_ascii_case() {
        for mark in PLACEHOLDER_MARKS {
            assert!(
                holds_mark(&format!("（{}）", mark.to_uppercase())),
                "{mark}"
            );
        }
        assert!(holds_mark("（请在此写）"));
        assert!(holds_mark("ToDo"));
        assert!(holds_mark("x LOREM IPSUM"));
        // Past first characters that start no mark.
        assert!(holds_mark("在学习中，此后在此填写"));
        assert!(holds_mark("total: tBd"));
        assert!(!holds_mark("在这里学习"));
        assert!(!holds_mark("t"));
        assert!(!holds_mark(""));
    }

    #[test]
    fn headings_and_raw_html_are_placed_on_their_lines() {
        let body = "## 一\n\n正文\n<b>粗</b>\n\n## 二\n\n\n### 三\n";
        let rendered = render(body, "", false);
        let lines: Vec<usize> = rendered.substance.sections.iter().map(|s| s.line).collect();
        assert_eq!(lines, [1, 6, 9]);
        assert_eq!(rendered.raw_html_line, Some(4));
        // Asked out of order, the count starts again.
        let mut counter = Lines::default();
        assert_eq!(counter.of(body, body.find("###").unwrap()), 9);
        assert_eq!(counter.of(body, 0), 1);
        assert_eq!(counter.of(body, body.find("正文").unwrap()), 3);
    }

    #[test]
    fn characters_are_counted_only_where_bytes_cannot_tell() {
        for (text, more_than_40) in [
            ("节".repeat(40), false),
            ("节".repeat(41), true),
            ("a".repeat(41), true),
            ("a".repeat(40), false),
            ("😀".repeat(40), false),
            ("😀".repeat(41), true),
            (String::new(), false),
        ] {
            assert_eq!(more_chars_than(&text, 40), more_than_40, "{text}");
        }
    }

    #[test]
    fn the_title_repeated_is_not_substance() {
        let s = render(
            "学习二十大报告心得\n\n## 学习二十大报告心得\n\n学习二十大报告心得。",
            "学习二十大报告心得",
            false,
        )
        .substance;
        assert_eq!(s.plain, 0);
    }
}
