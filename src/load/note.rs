//! One note file -> a [`Note`]: read, decoded, its front matter parsed and its body
//! rendered, what went wrong on the way kept as its diagnostics.

use super::walk::{skipped, unreadable_help};
use super::{classify, decode, front_matter, source};
use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::markdown::{self, RenderedBody};
use front_matter::FrontMatter;
use std::path::Path;

/// One note file as read: its fields if they could be read, its rendered body, and what
/// went wrong on the way.
#[derive(Debug)]
pub struct Note {
    /// Relative to the root, with `/`: how diagnostics name it.
    pub shown: String,
    /// Relative to the content folder, with `/`: where its page goes.
    pub rel: String,
    pub source: String,
    pub front: Option<FrontMatter>,
    pub body: RenderedBody,
    /// File line (1-based) where the body starts.
    pub body_line: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the front matter could not be read but says `assessment:` or `review:`
    /// on a line of its own: an assessment file or a review record all the same, told
    /// apart from notes, and named by `assess`.
    pub broken_document: bool,
    /// Whether the front matter could not be read but a line of it holds the note back
    /// (`draft: true` beside a slip): kept to its writer with its files all the same.
    pub broken_held: bool,
    /// Whether the file could not be read at all (no permission, too large): what it is
    /// is unknown, so the files beside it are not published (see
    /// [`Private`](super::Private)).
    pub unread: bool,
    /// The files its front matter names in any field (`cover: 照片.png`, `image: {path:
    /// x.png}`, `attachments: [记录.pdf]`), as written: a held note's stay with it as its
    /// linked files do. Read leniently from its lines when the front matter is broken.
    pub named_files: Vec<String>,
    /// The file names its text mentions anywhere ([`crate::markdown::Mentions`]),
    /// worked out the first time they are asked for: only a held note's are, and serve
    /// asks again on every save.
    pub mentioned: std::sync::OnceLock<crate::markdown::Mentions>,
}

impl Note {
    /// The file names the note's text mentions anywhere, in lower case.
    pub fn mentioned(&self) -> &crate::markdown::Mentions {
        self.mentioned
            .get_or_init(|| crate::markdown::Mentions::of(&self.source))
    }
}

impl Note {
    /// Whether the file is a meeting record: its front matter says `meeting:`.
    pub fn is_meeting(&self) -> bool {
        self.front.as_ref().is_some_and(|f| f.meeting.is_some())
    }

    /// Whether the file is an assessment file or a review record: never somebody's
    /// note, never a meeting, never published as a note.
    pub fn is_document(&self) -> bool {
        self.broken_document || self.front.as_ref().is_some_and(|f| f.document.is_some())
    }

    /// Whether the file is held back from the site: a draft, a note kept to its writer
    /// by any mark, or one beside an assessment file.
    pub fn is_held(&self) -> bool {
        self.broken_held || self.front.as_ref().is_some_and(|f| f.draft)
    }

    /// Whether the file is somebody's note (or would be, once its fields are right):
    /// not a meeting record and not a file of the branch assessment.
    pub fn is_note(&self) -> bool {
        !self.is_record_file() && !self.is_document()
    }

    /// Whether the file is a meeting record, or kept where records are
    /// (content/meetings/) with front matter that could not be read: counted with the
    /// records, never as somebody's note.
    pub fn is_record_file(&self) -> bool {
        self.is_meeting() || (self.front.is_none() && self.rel.starts_with("meetings/"))
    }

    fn empty(shown: String, rel: String) -> Note {
        Note {
            shown,
            rel,
            source: String::new(),
            front: None,
            body: RenderedBody::default(),
            body_line: 1,
            diagnostics: Vec::new(),
            broken_document: false,
            broken_held: false,
            unread: false,
            named_files: Vec::new(),
            mentioned: Default::default(),
        }
    }

    /// The first line of the body with text on it: where a diagnostic about the body
    /// points. None for an empty body.
    pub fn first_text_line(&self) -> Option<usize> {
        self.source
            .lines()
            .enumerate()
            .skip(self.body_line.saturating_sub(1))
            .find(|(_, line)| !line.trim().is_empty())
            .map(|(i, _)| i + 1)
    }
}

/// Where site-absolute image paths (`/img/x.png`) are looked for: content/, then the
/// theme's static folder.
#[derive(Debug, Clone, Copy)]
pub struct ImageRoots<'a> {
    pub content: &'a Path,
    /// The site's root and its theme's name: the theme's static/ folder is published
    /// as static/.
    pub theme: Option<(&'a Path, &'a str)>,
}

/// Finds a note's site-absolute images for the walk, as links from its page (`depth`
/// folders below notes/).
struct Images<'a> {
    roots: Option<ImageRoots<'a>>,
    depth: usize,
}

impl markdown::ImageFinder for Images<'_> {
    fn find(&self, path: &str) -> Option<String> {
        let roots = self.roots?;
        let plain = path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
        if !plain {
            return None;
        }
        let up = "../".repeat(self.depth);
        if roots.content.join(path).is_file() {
            // Published beside the notes: notes/<path>.
            return Some(format!("{up}{}", crate::names::encode(path)));
        }
        let in_theme = roots.theme.is_some_and(|(root, name)| {
            crate::names::check_folder_name(name).is_ok()
                && root
                    .join("themes")
                    .join(name)
                    .join("static")
                    .join(path)
                    .is_file()
        });
        in_theme.then(|| format!("{up}../static/{}", crate::names::encode(path)))
    }
}

/// How notes are read.
#[derive(Debug, Clone, Copy)]
pub struct Reading<'a> {
    /// Where site-absolute images are found; None reads them as written.
    pub image_roots: Option<ImageRoots<'a>>,
    pub lang: Lang,
    /// `build.allow_html`: raw HTML in a body is kept, and not warned about.
    pub allow_html: bool,
    /// Whether bodies are rendered to HTML. A command that builds nothing (check,
    /// coverage, report) only measures them.
    pub html: bool,
    /// The day of the build: a note dated to be published later (`publishDate:`), or
    /// no longer (`expiryDate:`), is held back on it.
    pub today: chrono::NaiveDate,
}

impl<'a> Reading<'a> {
    /// How `site`'s notes are read, with their HTML or without.
    pub fn of(site: &'a Site, html: bool, today: chrono::NaiveDate) -> Reading<'a> {
        Reading {
            image_roots: Some(ImageRoots {
                content: &site.content_dir,
                theme: Some((&site.root, &site.config.build.theme)),
            }),
            lang: site.lang(),
            allow_html: site.config.build.allow_html,
            html,
            today,
        }
    }
}

/// Reads one note. Never fails: what goes wrong becomes a diagnostic on the note.
/// Notes larger than this are refused unread: a real note is a few kilobytes, and a file
/// this big is a mistake (a pasted image, an export of a whole book).
pub const MAX_NOTE_BYTES: u64 = 1 << 20;

pub fn load_note(path: &Path, shown: String, rel: String, reading: Reading<'_>) -> Note {
    let lang = reading.lang;
    match read_note(path) {
        Ok(bytes) => note_from_bytes(bytes, shown, rel, reading),
        Err(source::Unread::TooLarge(size)) => {
            let mb = format!("{:.1}", size as f64 / (1 << 20) as f64);
            let diag = Diagnostic::error(Rule::TooLarge, &shown, Msg::TooLarge(&mb).text(lang))
                .with_help(Msg::TooLargeHelp.text(lang));
            Note {
                diagnostics: vec![diag],
                unread: true,
                ..Note::empty(shown, rel)
            }
        }
        Err(source::Unread::Special) => Note {
            diagnostics: vec![skipped(&shown, source::Skip::Special, lang)],
            ..Note::empty(shown, rel)
        },
        Err(source::Unread::Io(err)) => {
            let diag = Diagnostic::error(
                Rule::Unreadable,
                &shown,
                Msg::Unreadable(&crate::i18n::io_reason(&err, lang)).text(lang),
            )
            .with_help(unreadable_help(Some(&err), lang));
            Note {
                diagnostics: vec![diag],
                unread: true,
                ..Note::empty(shown, rel)
            }
        }
    }
}

/// The bytes of a note file: a plain file only, one open, and a note larger than
/// [`MAX_NOTE_BYTES`] left unread.
fn read_note(path: &Path) -> Result<Vec<u8>, source::Unread> {
    source::read_plain(path, MAX_NOTE_BYTES)
}

/// A note from the bytes of its file: decoded, split, parsed and rendered.
pub fn note_from_bytes(bytes: Vec<u8>, shown: String, rel: String, reading: Reading<'_>) -> Note {
    let lang = reading.lang;
    let mut note = Note::empty(shown, rel);
    match decode::decode_owned(bytes) {
        Ok(decoded) => {
            if decoded.truncated {
                note.diagnostics.push(
                    Diagnostic::warning(Rule::Encoding, &note.shown, Msg::Truncated.text(lang))
                        .with_help(Msg::TruncatedHelp.text(lang)),
                );
            }
            if let Some(from) = decoded.converted_from {
                note.diagnostics.push(
                    Diagnostic::warning(
                        Rule::Encoding,
                        &note.shown,
                        Msg::Converted(from).text(lang),
                    )
                    .with_help(Msg::ConvertedHelp.text(lang)),
                );
            }
            note.source = decode::line_feeds(decoded.text);
        }
        Err(err) => {
            let (msg, help) = match err {
                decode::DecodeError::Binary => (Msg::BinaryFile, Msg::BinaryFileHelp),
                decode::DecodeError::Undecodable => (Msg::Undecodable, Msg::UndecodableHelp),
            };
            note.diagnostics.push(
                Diagnostic::error(Rule::Encoding, &note.shown, msg.text(lang))
                    .with_help(help.text(lang)),
            );
            return note;
        }
    }
    parse_note(&mut note, reading);
    note
}

/// Whether a note whose front matter could not be read names itself an assessment file
/// or a review in its first lines, however the key is written: quoted, indented, as a
/// list item or a flow mapping, in any case, with `:`, `：` or TOML's `=`, after an
/// empty block or blank lines, or between `+++`.
pub(super) fn says_document(source: &str) -> bool {
    // The first lines only, where front matter is; only `assessment` is taken in any
    // case (`Assessment:`): "Review: …" is English prose as often as a key.
    source
        .trim_start_matches('\u{feff}')
        .lines()
        .filter(|line| !is_blank_or_comment(line))
        .take(25)
        // JSON on one line, its keys in any order (`{"title": …, "review": …}`, or in
        // an array): each field on its own.
        .flat_map(|line| line.split([',', '{', '[']))
        .map(|line| line.trim_start_matches(['-', '{', '?', '"', '\'', ' ', '\t', '\u{3000}']))
        .any(|line| {
            let lower = line.to_ascii_lowercase();
            let keyed = |line: &str, key: &str| {
                line.strip_prefix(key).is_some_and(|rest| {
                    rest.trim_start_matches(['"', '\'', ' ', '\t'])
                        .starts_with([':', '：', '='])
                })
            };
            keyed(&lower, "assessment")
                || keyed(line, "review")
                || ["考核", "支部考核", "测评", "述职测评", "述职述廉测评"]
                    .iter()
                    .any(|key| keyed(line, key))
                || line
                    .split_once([':', '：', '='])
                    .is_some_and(|(key, _)| front_matter::document_slip(key.trim()).is_some())
        })
}

/// Whether a line of front matter is blank or a YAML comment.
pub(super) fn is_blank_or_comment(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

fn parse_note(note: &mut Note, reading: Reading<'_>) {
    let lang = reading.lang;
    let (mut front, body, body_line) = match front_matter::parse(&note.source, lang) {
        Ok((front, split)) => (front, split.body, split.body_line),
        Err(mut diag) => {
            diag.path = note.shown.clone();
            note.diagnostics.push(diag);
            note.broken_document = says_document(&note.source);
            // Its files stay with it when a line says it is a draft: they are found in
            // the text as written.
            if front_matter::lines_hold(&note.source, reading.today) {
                note.broken_held = true;
                note.body.local_targets = markdown::measure(&note.source, "").local_targets;
                note.named_files = front_matter::files_in_lines(&note.source);
            }
            return;
        }
    };
    note.named_files = std::mem::take(&mut front.files);
    let title = front.title.as_deref().unwrap_or("");
    let finder = Images {
        roots: reading.image_roots,
        depth: note.rel.matches('/').count(),
    };
    let rendered = markdown::read_body(body, title, reading.allow_html, reading.html, &finder);
    let warnings = body_warnings(&rendered, reading.allow_html);
    let second_block = front_matter::second_block_holds(body, reading.today);
    hold_by_schedule(note, &mut front, reading.today, lang);
    warn_held_by(note, &front, lang);
    hold_by_second_block(note, &mut front, second_block, body_line, lang);
    // Lines found once: a note can hold thousands of images.
    let lines = crate::diag::LineIndex::new(&note.source);
    for (rule, msg, help, line) in warnings {
        note.diagnostics.push(
            Diagnostic::warning(rule, &note.shown, msg.text(lang))
                .at_in(&lines, body_line + line - 1, 1)
                .with_help(help.text(lang)),
        );
    }
    note.body = rendered;
    note.body_line = body_line;
    hold_by_place_text_or_name(note, &mut front, lang);
    note.front = Some(front);
}

/// Holds a note back by where it lies, what its text holds or what it is named, each
/// told at the note: a drafts folder, a private key or token, `草稿.md`.
fn hold_by_place_text_or_name(note: &mut Note, front: &mut FrontMatter, lang: Lang) {
    // Hexo keeps unfinished posts in _drafts/: checked, never published.
    front.draft |= classify::in_drafts(Path::new(&note.rel));
    // A private key or a token pasted into the text: never on a page or in the index.
    if !front.draft && super::secret_text::holds_key_material(note.source.as_bytes()) {
        front.draft = true;
        note.diagnostics.push(
            Diagnostic::warning(Rule::FrontMatter, &note.shown, Msg::HeldBySecret.text(lang))
                .with_help(Msg::HeldBySecretHelp.text(lang)),
        );
    }
    // A title marked as a draft's or a classified paper's (`【机密】党委会议纪要`,
    // `秘密★1年 专题会议纪要`): held back as its file name would hold it.
    let title = front
        .title
        .as_deref()
        .unwrap_or("")
        .replace(['/', '\\'], "_");
    if !front.draft
        && !title.is_empty()
        && classify::named_as_draft(Path::new(&format!("{title}.md")))
    {
        front.draft = true;
        note.diagnostics.push(
            Diagnostic::warning(Rule::FrontMatter, &note.shown, Msg::HeldByTitle.text(lang))
                .at(&note.source, front.line_of("title"), 1)
                .with_help(Msg::HeldByTitleHelp.text(lang)),
        );
    }
    // `草稿.md`, `【草稿】学习心得.md`: held back, told at its name.
    if !front.draft && classify::named_as_draft(Path::new(&note.rel)) {
        front.draft = true;
        note.diagnostics.push(
            Diagnostic::warning(
                Rule::FrontMatter,
                &note.shown,
                Msg::HeldByFileName.text(lang),
            )
            .with_help(Msg::HeldByFileNameHelp.text(lang)),
        );
    }
}

/// The warnings about a rendered body, each with its rule, message, help and line in the
/// body: images missing or remote, raw HTML (unless `allow_html`), emphasis shown as
/// typed, template code.
fn body_warnings(
    rendered: &RenderedBody,
    allow_html: bool,
) -> Vec<(Rule, Msg<'_>, Msg<'_>, usize)> {
    let mut warnings: Vec<(Rule, Msg<'_>, Msg<'_>, usize)> = rendered
        .image_problems
        .iter()
        .map(|problem| match problem.remote {
            true => (
                Rule::Image,
                Msg::RemoteImage(&problem.target),
                Msg::RemoteImageHelp,
                problem.line,
            ),
            false => (
                Rule::Image,
                Msg::MissingImage(&problem.target),
                Msg::MissingImageHelp,
                problem.line,
            ),
        })
        .collect();
    if let (Some(line), false) = (rendered.raw_html_line, allow_html) {
        warnings.push((Rule::RawHtml, Msg::RawHtml, Msg::RawHtmlHelp, line));
    }
    if let Some(line) = rendered.emphasis_line {
        warnings.push((
            Rule::Emphasis,
            Msg::EmphasisShown,
            Msg::EmphasisShownHelp,
            line,
        ));
    }
    if let Some(line) = rendered.template_line {
        warnings.push((
            Rule::RawHtml,
            Msg::TemplateCode,
            Msg::TemplateCodeHelp,
            line,
        ));
    }
    warnings
}

/// Holds the note back (`front` a draft), with a warning at its key, when its
/// `publishDate:` is still to come on `today` or its `expiryDate:` has passed.
fn hold_by_schedule(
    note: &mut Note,
    front: &mut FrontMatter,
    today: chrono::NaiveDate,
    lang: Lang,
) {
    let held = front
        .schedules
        .iter()
        .find(|(_, schedule)| schedule.holds_on(today));
    let Some((key, schedule)) = held else {
        return;
    };
    let (day, timed, ends) = match *schedule {
        front_matter::Schedule::From { day, timed } => (day, timed, false),
        front_matter::Schedule::Until { day, timed } => (day, timed, true),
    };
    let day = &day.to_string();
    let (message, help) = if ends {
        (Msg::Expired { key, day, timed }, Msg::ExpiredHelp)
    } else {
        (
            Msg::NotYetPublished { key, day, timed },
            Msg::NotYetPublishedHelp,
        )
    };
    let diag = Diagnostic::warning(Rule::FrontMatter, &note.shown, message.text(lang))
        .at(&note.source, front.line_of(key), 1)
        .with_help(help.text(lang));
    front.draft = true;
    note.diagnostics.push(diag);
}

/// Warns, at the key, that the note is held back as a draft by a key that reads as a mark
/// to keep it to oneself (`draf:`, `status: draft`'s cousins), if `front` has one.
/// Holds the note back when its body opens with a second block of fields that says so
/// (`---` `draft: true` `---` below the front matter; `held` is its line in the body and
/// its key, from [`front_matter::second_block_holds`]), told at that line: the writer
/// meant it as a mark, and the page would show it as text.
fn hold_by_second_block(
    note: &mut Note,
    front: &mut FrontMatter,
    held: Option<(usize, String)>,
    body_line: usize,
    lang: Lang,
) {
    let Some((at, key)) = held else {
        return;
    };
    front.draft = true;
    note.diagnostics.push(
        Diagnostic::warning(
            Rule::FrontMatter,
            &note.shown,
            Msg::HeldBySecondBlock(&key).text(lang),
        )
        .at(&note.source, body_line + at, 1)
        .with_help(Msg::HeldBySecondBlockHelp.text(lang)),
    );
}

fn warn_held_by(note: &mut Note, front: &FrontMatter, lang: Lang) {
    if let Some(key) = &front.held_by {
        let line = front.line_of(key);
        note.diagnostics.push(
            Diagnostic::warning(
                Rule::FrontMatter,
                &note.shown,
                Msg::HeldByKey(key).text(lang),
            )
            .at(&note.source, line, 1)
            .with_help(Msg::HeldByKeyHelp.text(lang)),
        );
    }
}
