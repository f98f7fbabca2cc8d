//! A note's Markdown body -> its HTML and what a reader really sees of it, in one pass.
//!
//! The same walk over pulldown-cmark's events writes the HTML (with heading anchors, safe
//! link targets, `.md` links pointing at the built pages) and measures the substantive
//! text the check judges a note by (substance.rs). Raw HTML is sanitised with ammonia
//! unless the book allows it; only notes that hold raw HTML pay for the sanitiser.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

mod html_targets;
mod mentions;
mod substance;

pub use mentions::Mentions;
use substance::{is_block_end, Walk};
pub use substance::{is_placeholder, key, Mark, Section, Substance, PLACEHOLDER_MARKS};

/// A body's HTML, its measure, and what the check hears of besides.
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
    /// For a site-absolute target, whether the content folder or the theme holds a
    /// file of that path; true for any other.
    pub found: bool,
}

/// The path `dest` leads to, if it leads to a file of the site: relative to the note,
/// or site-absolute (`/zhangsan/扫描.png`, kept with its `/`); not a fragment, not on
/// another site or in another scheme.
fn local_target(dest: &str) -> Option<String> {
    let dest = dest.trim();
    // A file on the writer's own disk, as Typora and WPS insert pictures
    // (`D:\学习\图.png`, `file:///D:/学习/图.png`): no page can show it, and a note held
    // back keeps a file of that name with it.
    let lower = dest.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("file:") {
        let path = dest[dest.len() - rest.len()..].trim_start_matches('/');
        return Some(
            percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned(),
        );
    }
    let bytes = dest.as_bytes();
    if bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/')
    {
        return Some(dest.to_string());
    }
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let scheme = path
        .split_once(':')
        .is_some_and(|(before, _)| !before.contains('/'));
    if path.is_empty() || is_remote(path) || scheme {
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
    let body = without_obsidian_comments(body);
    let body = &*wikilinks_as_markdown(&body);
    let (mut events, defined) = events_of(body);
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
        pending_html: String::new(),
        pending_html_line: 0,
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
    walk.end_html();
    walk.walk.flush();
    walk.push_defined(defined);
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

/// The body with Obsidian's comments (`%% … %%`, on a line or over several) blanked
/// out, outside code: what their writer keeps from every reader. Code is found as the
/// renderer finds it (pulldown-cmark's code blocks and spans, fenced, indented or in a
/// list), so `` `%%` `` and `printf("%%d")` show, while a line that only looks like a
/// fence hides nothing. Inside a comment, code hides nothing: the next `%%` closes it.
/// Line breaks stay, so every line keeps its number.
pub fn without_obsidian_comments(body: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memmem::find_iter(body.as_bytes(), b"%%")
        .nth(1)
        .is_none()
    {
        return std::borrow::Cow::Borrowed(body);
    }
    let code = code_ranges(body);
    let in_code = |at: usize| within(&code, at);
    let mut comments = Vec::new();
    let (mut from, mut open) = (0, None);
    while let Some(found) = body[from..].find("%%") {
        let at = from + found;
        from = at + 2;
        match open {
            None if in_code(at) => {}
            None => open = Some(at),
            Some(start) => {
                comments.push(start..at + 2);
                open = None;
            }
        }
    }
    // Unclosed: hidden to the end, as Obsidian hides it.
    comments.extend(open.map(|start| start..body.len()));
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    for comment in comments {
        out.push_str(&body[copied..comment.start]);
        let hidden = &body[comment.clone()];
        out.extend(hidden.chars().map(|c| if c == '\n' { c } else { ' ' }));
        copied = comment.end;
    }
    out.push_str(&body[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Whether `at` lies in one of `ranges` (in order, apart), found by halves: a body of
/// thousands of code spans is searched once per mark, not once per span.
fn within(ranges: &[std::ops::Range<usize>], at: usize) -> bool {
    let after = ranges.partition_point(|range| range.start <= at);
    after > 0 && ranges[after - 1].contains(&at)
}

/// The byte ranges of a body's code blocks and code spans, in order.
fn code_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut block_end = 0;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                block_end = range.end;
                ranges.push(range);
            }
            Event::Code(_) if range.start >= block_end => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// The options notes are written for.
fn options() -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        // `**《党章》**是` is bold, as the writer meant (vendor/pulldown-cmark).
        | Options::ENABLE_CJK_FRIENDLY_EMPHASIS;
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    options
}

/// A body's events as pulldown-cmark reads it with the options notes are written for,
/// each with its byte range.
/// A body's events with their offsets, and the address and offset of each link
/// reference definition (`[备用]: 附件.pdf`), which no event names when no link uses it.
#[allow(clippy::type_complexity)]
fn events_of(
    body: &str,
) -> (
    Vec<(Event<'_>, std::ops::Range<usize>)>,
    Vec<(String, usize)>,
) {
    // About one event in 30 bytes of a note, so the list seldom grows.
    let mut events = Vec::with_capacity(body.len() / 30 + 8);
    let mut parsed = Parser::new_ext(body, options()).into_offset_iter();
    events.extend(&mut parsed);
    let mut defined: Vec<(String, usize)> = parsed
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.dest.to_string(), def.span.start))
        .collect();
    defined.sort_by_key(|(_, at)| *at);
    (events, defined)
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
    /// The raw HTML of the events since the last other one, and the line it starts on.
    pending_html: String,
    pending_html_line: usize,
}

impl BodyWalk<'_, '_> {
    /// A site-absolute link (`/zhangsan/另一篇.md`, `/zhangsan/附件/纪要.pdf`) to a file
    /// of the content folder or the theme, as the page reaches it (pages and files lie
    /// under notes/); None for any other link, or one to no such file.
    fn site_absolute(&self, dest: &str) -> Option<String> {
        let rooted = dest
            .strip_prefix('/')
            .filter(|rest| !rest.starts_with(['/', '\\']))?;
        let at = rooted.find(['?', '#']).unwrap_or(rooted.len());
        let (path, rest) = rooted.split_at(at);
        let decoded = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .ok()?;
        self.finder
            .find(&decoded)
            .map(|found| format!("{found}{rest}"))
    }

    /// Follows one event, which starts at byte `start` of the body.
    fn event(&mut self, event: &mut Event<'_>, start: usize) {
        if !matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            self.end_html();
        }
        let walk = &mut self.walk;
        match event {
            Event::Html(html) => self.html(html, true, start),
            Event::InlineHtml(html) => self.html(html, false, start),
            Event::Start(Tag::BlockQuote(_)) => walk.quote(true),
            Event::End(TagEnd::BlockQuote(_)) => walk.quote(false),
            Event::Start(Tag::Link { dest_url, .. }) => self.link(dest_url, start),
            Event::End(TagEnd::Link) => walk.links -= 1,
            Event::Start(Tag::Image { .. }) => self.image(event, start),
            Event::End(TagEnd::Image) => self.end_image(event),
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
            Event::SoftBreak | Event::HardBreak => walk.line_break(),
            Event::Text(text) => {
                // pulldown-cmark hands a delimiter run it did not take as text, a `*` at
                // a time: the block's text is looked at when it ends.
                walk.stars |=
                    !self.in_code_block && memchr::memchr(b'*', text.as_bytes()).is_some();
                walk.text(text);
            }
            Event::Code(text) => walk.text(text),
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::Start(Tag::Table(_)) => walk.table(true),
            Event::End(TagEnd::Table) => walk.table(false),
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => walk.end_row(),
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

    /// A link: its target noted, and pointed at the page or file it leads to.
    fn link(&mut self, dest_url: &mut CowStr<'_>, start: usize) {
        self.local_target(dest_url, start, false);
        *dest_url = match self.site_absolute(dest_url) {
            Some(found) => safe_target(&found),
            None => safe_target(dest_url),
        };
        self.walk.links += 1;
    }

    /// The end of an image, which ends a link where the image is shown as one.
    fn end_image(&mut self, event: &mut Event<'_>) {
        self.walk.images -= 1;
        if self.images_as_links.pop() == Some(true) {
            *event = Event::End(TagEnd::Link);
        }
    }

    /// Raw HTML pasted from a web editor: its text counts as the reader sees it, and its
    /// blocks (<h2>, <p>, each line of an HTML block) are blocks, so a heading in it is
    /// a heading.
    fn html(&mut self, html: &str, block: bool, start: usize) {
        let line = self.lines.of(self.body, start);
        self.raw_html_line.get_or_insert(line);
        self.nesting.follow(html);
        // Read with the HTML events around it once they end: a tag may run over the
        // lines of a block.
        if self.pending_html.is_empty() {
            self.pending_html_line = line;
        }
        self.pending_html.push_str(html);
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

    /// `<img src="扫描.png">`, `<a href="附件.pdf">`: the files beside the note that
    /// the raw HTML just ended points at, as a Markdown link's are, kept when the page
    /// is sanitised.
    fn end_html(&mut self) {
        if self.pending_html.is_empty() {
            return;
        }
        let line = self.pending_html_line;
        for (target, image) in html_targets::html_targets(&self.pending_html) {
            if let Some(path) = local_target(&target) {
                self.push_target(line, path, image);
            }
        }
        self.pending_html.clear();
    }

    /// Notes a link's or an image's target when it is a file beside the note.
    fn local_target(&mut self, dest: &str, start: usize, image: bool) {
        if let Some(path) = local_target(dest) {
            let line = self.lines.of(self.body, start);
            self.push_target(line, path, image);
        }
    }

    /// Notes a file the body names at `line`, with whether it is there.
    /// Notes the files the body's reference definitions (`defined`, each with its
    /// offset) name: a file one names is the note's too, used or not, so a draft's
    /// `[备用]: 谈话记录.pdf` keeps it back with the draft.
    fn push_defined(&mut self, defined: Vec<(String, usize)>) {
        let mut lines = Lines::default();
        let mut named: std::collections::HashSet<String> = if defined.is_empty() {
            Default::default()
        } else {
            self.local_targets.iter().map(|t| t.path.clone()).collect()
        };
        for (dest, at) in defined {
            if let Some(path) = local_target(&dest) {
                if named.insert(path.clone()) {
                    let line = lines.of(self.body, at);
                    self.push_target(line, path, false);
                }
            }
        }
    }

    fn push_target(&mut self, line: usize, path: String, image: bool) {
        let found = self.found(&path);
        self.local_targets.push(LocalTarget {
            line,
            path,
            image,
            found,
        });
    }

    /// Whether a target's file is there: asked of the finder for a site-absolute one.
    fn found(&self, path: &str) -> bool {
        match path.strip_prefix('/') {
            Some(rooted) if !rooted.starts_with(['/', '\\']) => self.finder.find(rooted).is_some(),
            _ => true,
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
    // `附件\纪要.pdf`, as Windows writes a path: a browser reads `\` as `/`, and so do
    // the names files are published under.
    let dest = &dest.replace('\\', "/");
    let (path, fragment) = dest
        .split_once('#')
        .map_or((dest.as_str(), None), |(p, f)| (p, Some(f)));
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    // `另一篇.md?from=x`: the page, its query kept.
    let (path, query) = path
        .split_once('?')
        .map_or((path, String::new()), |(p, q)| (p, format!("?{q}")));
    // Any Markdown extension in any case (`另一篇.MD`, as Windows names it), as notes
    // are told.
    match crate::names::markdown_stem(path) {
        Some(stem) => CowStr::from(format!(
            "{}.html{query}{fragment}",
            published_path(stem, true)
        )),
        _ if !path.is_empty() && !path.starts_with(['/', '\\']) => {
            CowStr::from(format!("{}{query}{fragment}", published_path(path, false)))
        }
        _ => CowStr::from(dest.to_string()),
    }
}

/// A relative path as written in a link (`img/CON.png`, `q"x|y.png`, percent-encoded
/// or not), as the files it leads to are published: each part as [`crate::names`]
/// names it (a note's page with its cut to the common length), so a link still leads
/// to its file. A path that needs no change is given back as written.
fn published_path(path: &str, page: bool) -> String {
    let (path, query) = path.split_once('?').map_or((path, ""), |(p, q)| (p, q));
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mapped: Vec<String> = decoded
        .split('/')
        .map(|part| match part {
            "" | "." | ".." => part.to_string(),
            _ if page => crate::names::file_name(part),
            _ => crate::names::plain_file_name(part),
        })
        .collect();
    let mapped = mapped.join("/");
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    if mapped == decoded {
        return format!("{path}{query}");
    }
    // What a link's text may not hold as it is.
    const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b'%')
        .add(b'#')
        .add(b'?')
        .add(b' ')
        .add(b'"');
    format!(
        "{}{query}",
        percent_encoding::utf8_percent_encode(&mapped, ESCAPED)
    )
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
        .attribute_filter(|_, attribute, value| {
            // No page loads anything from outside the site: a picture's remote address
            // is dropped (a link to one stays a link).
            let loads = matches!(
                attribute,
                "src" | "srcset" | "poster" | "data" | "background"
            );
            if loads && is_remote(value) {
                return None;
            }
            // A raw `<a href="另一篇.md">` leads to the note's page, as a Markdown link does.
            let page = value.split(['?', '#']).next().unwrap_or("");
            let to_note = crate::names::markdown_stem(page).is_some();
            if attribute == "href" && to_note && local_target(value).is_some() {
                return Some(safe_target(value).to_string().into());
            }
            Some(value.into())
        })
        .clean(html)
        .to_string()
}

/// The body with Obsidian's links written as Markdown ones, outside code, so that the
/// page shows what Obsidian shows and the check weighs it alike: `![[扫描.png|300]]` is
/// a picture, `![[附件.pdf]]` and `[[附件.pdf|附件]]` links to the file, `[[另一篇]]`
/// and `[[另一篇#体会|那篇]]` links to the note beside this one (Obsidian looks through
/// the whole vault; a site resolves links where they are written, and says which lead
/// nowhere). A link over a line break, or naming `<`, `>` or brackets, stays as written.
fn wikilinks_as_markdown(body: &str) -> std::borrow::Cow<'_, str> {
    if !body.contains("[[") {
        return std::borrow::Cow::Borrowed(body);
    }
    let code = code_ranges(body);
    let mut out = String::with_capacity(body.len() + 64);
    let (mut copied, mut from) = (0, 0);
    while let Some(found) = body[from..].find("[[") {
        let at = from + found;
        from = at + 2;
        let after = &body[at + 2..];
        // A link ends at the first bracket or line break after it, or is none: so a
        // body of unclosed `[[` is read once, not once per `[[`.
        let Some(end) = memchr::memchr3(b'[', b']', b'\n', after.as_bytes()) else {
            break;
        };
        if !after[end..].starts_with("]]") {
            continue;
        }
        let inner = &after[..end];
        // `[[1]]`, `[[2-3]]`: a citation as papers write it, not a link.
        let citation = !inner.chars().any(char::is_alphabetic);
        if within(&code, at) || citation || inner.contains(['<', '>']) {
            continue;
        }
        let embed = body[..at].ends_with('!');
        let start = if embed { at - 1 } else { at };
        out.push_str(&body[copied..start]);
        out.push_str(&wikilink(inner, embed));
        copied = at + 2 + end + 2;
        from = copied;
    }
    out.push_str(&body[copied..]);
    std::borrow::Cow::Owned(out)
}

/// One Obsidian link (what is between `[[` and `]]`) as Markdown.
fn wikilink(inner: &str, embed: bool) -> String {
    // In a table Obsidian writes the bar as `\|`, so that it does not end the cell.
    let (target, label) = inner.split_once('|').unwrap_or((inner, ""));
    let target = target.strip_suffix('\\').unwrap_or(target);
    let target = target.trim();
    let (file, heading) = target.split_once('#').unwrap_or((target, ""));
    let extension = std::path::Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    const PICTURES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "avif"];
    let picture = extension.as_deref().is_some_and(|e| PICTURES.contains(&e));
    // `![[图.png|300]]`: a width, not words.
    if embed && picture {
        return format!("![](<{file}>)");
    }
    let address = match (extension.is_some(), heading) {
        (true, _) => file.to_string(),
        (false, "") => format!("{file}.md"),
        (false, heading) => format!("{file}.md#{heading}"),
    };
    let label = match label.trim() {
        "" if heading.is_empty() => file.to_string(),
        "" => format!("{file} › {heading}"),
        words => words.to_string(),
    };
    format!("[{label}](<{address}>)")
}

/// Whether an address leads out of the site: a scheme (`http:`, `file:`), a host
/// (`//host/…`; a browser reads `\` as `/`, so `\\host\share` too), in any of the
/// addresses of a `srcset`.
fn is_remote(value: &str) -> bool {
    value.split(',').any(|candidate| {
        let address = candidate.trim_start();
        let mut first = address.chars().take(2);
        let host = first.by_ref().all(|c| matches!(c, '/' | '\\')) && address.len() >= 2;
        let scheme = address.split_once(':').is_some_and(|(before, _)| {
            !before.is_empty() && !before.contains(['/', '\\', '?', '#'])
        });
        host || scheme
    })
}

#[cfg(test)]
mod tests;
