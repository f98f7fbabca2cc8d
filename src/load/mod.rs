//! Files -> a loaded site: the roster, the plan, every note (decoded, front matter parsed,
//! body rendered once) and the static files beside them.
//!
//! Loading never fails because of one note: a note that cannot be read becomes a note
//! with diagnostics, and the check decides what that means. Only the roster and the plan,
//! which every note is judged against, stop a command when they are broken.

pub mod classify;
pub mod decode;
pub mod front_matter;
mod plain_yaml;
pub mod plan;
mod records;
pub mod roster;

use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::markdown::{self, RenderedBody};
use classify::FileKind;
use front_matter::FrontMatter;
use plan::Plan;
use rayon::prelude::*;
use roster::Roster;
use std::path::{Path, PathBuf};

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
}

impl Loaded {
    pub fn note(&self, id: crate::ids::NoteId) -> &Note {
        &self.notes[id.0]
    }

    /// Drops what only the check reads, each note's source and the text compared for
    /// duplicates (about 6 KB a note), once the check is done: a build renders from the
    /// rest.
    pub fn forget_check_texts(&mut self) {
        for note in &mut self.notes {
            note.source = String::new();
            note.body.substance.text = String::new();
        }
    }
}

impl Note {
    /// Whether the file is a meeting record: its front matter says `meeting:`.
    pub fn is_meeting(&self) -> bool {
        self.front.as_ref().is_some_and(|f| f.meeting.is_some())
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

/// How notes are read.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub lang: Lang,
    /// `build.allow_html`: raw HTML in a body is kept, and not warned about.
    pub allow_html: bool,
    /// Whether bodies are rendered to HTML. A command that builds nothing (check,
    /// coverage, report) only measures them.
    pub html: bool,
}

impl Reading {
    /// How `site`'s notes are read, with their HTML or without.
    pub fn of(site: &Site, html: bool) -> Reading {
        Reading {
            lang: site.lang(),
            allow_html: site.config.build.allow_html,
            html,
        }
    }
}

/// A file under the content folder that is not a note (an image, a PDF): copied as is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub path: PathBuf,
    /// Relative to the content folder, with `/`.
    pub rel: String,
}

#[derive(Debug)]
pub struct Loaded {
    pub roster: Roster,
    pub plan: Plan,
    /// The kinds of meeting records (`[meetings.kinds]`), which records are judged by.
    pub kinds: Vec<crate::meeting::kinds::MeetingKind>,
    pub notes: Vec<Note>,
    pub assets: Vec<Asset>,
    /// Problems with folders and files that are not notes (an unreadable folder).
    pub problems: Vec<Diagnostic>,
    /// Whether the bodies were rendered to HTML: only then can the site be built.
    pub html: bool,
}

/// Loads everything, bodies rendered to HTML if `html`. `Err` holds configuration
/// errors (roster, plan, content folder).
pub fn load(
    site: &Site,
    progress: &dyn crate::progress::Progress,
    html: bool,
) -> Result<Loaded, Vec<Diagnostic>> {
    let lang = site.lang();
    let (roster, plan) = roster_and_plan(site)?;
    if !site.content_dir.is_dir() {
        let shown = site.display_path(&site.content_dir);
        return Err(vec![Diagnostic::error(
            Rule::Config,
            &shown,
            Msg::Unreadable(&shown).text(lang),
        )
        .with_help(Msg::ConfigHelp.text(lang))]);
    }
    let found = walk(site);
    let reading = Reading::of(site, html);
    progress.begin(&Msg::Loading.text(lang), found.notes.len());
    let mut notes: Vec<Note> = found
        .notes
        .par_iter()
        .map(|(path, rel)| {
            let note = load_note(path, site.display_path(path), rel.clone(), reading);
            progress.tick();
            note
        })
        .collect();
    progress.end();
    warn_case_twins(&mut notes, lang);
    Ok(Loaded {
        roster,
        plan,
        kinds: site.config.meetings.kinds.clone(),
        notes,
        assets: found.assets,
        problems: found.problems,
        html,
    })
}

/// Notes whose paths differ only in case get a warning: copied to a Windows or macOS
/// shared drive, one page would overwrite the other.
fn warn_case_twins(notes: &mut [Note], lang: Lang) {
    // Each path lower-cased beside its place in the walk, sorted: twins are neighbours,
    // the first of them the one walked first.
    let mut lowered: Vec<(String, usize)> = notes
        .par_iter()
        .enumerate()
        .map(|(i, note)| (note.rel.to_lowercase(), i))
        .collect();
    lowered.par_sort_unstable();
    for twins in lowered
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        let first = notes[twins[0].1].shown.clone();
        for &(_, i) in &twins[1..] {
            let diag = Diagnostic::warning(
                Rule::Unreadable,
                &notes[i].shown,
                Msg::CaseTwin(&first).text(lang),
            )
            .with_help(Msg::CaseTwinHelp.text(lang));
            notes[i].diagnostics.push(diag);
        }
    }
}

/// The roster and the plan alone: what every note is judged against.
pub fn roster_and_plan(site: &Site) -> Result<(Roster, Plan), Vec<Diagnostic>> {
    let lang = site.lang();
    let roster_path = roster::locate(&site.root.join(&site.config.coverage.members));
    let roster = roster::load(&roster_path, &site.display_path(&roster_path), lang)?;
    let plan_path = site.root.join(&site.config.coverage.plan);
    let plan = plan::load(&plan_path, &site.display_path(&plan_path), &roster, lang)?;
    Ok((roster, plan))
}

struct Found {
    notes: Vec<(PathBuf, String)>,
    assets: Vec<Asset>,
    problems: Vec<Diagnostic>,
}

/// Lists the content folder, sorting each file with [`classify::classify`]. Links are
/// followed only to files inside the root.
fn walk(site: &Site) -> Found {
    let lang = site.lang();
    let mut found = Found {
        notes: Vec::new(),
        assets: Vec::new(),
        problems: Vec::new(),
    };
    let root = site
        .root
        .canonicalize()
        .unwrap_or_else(|_| site.root.clone());
    let entries = walkdir::WalkDir::new(&site.content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !classify::is_ignored_name(&e.file_name().to_string_lossy())
        });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| site.display_path(p)).unwrap_or_default();
                let reason = crate::i18n::walk_reason(&err, lang);
                found.problems.push(
                    Diagnostic::warning(
                        Rule::Unreadable,
                        &path,
                        Msg::Unreadable(&reason).text(lang),
                    )
                    .with_help(Msg::UnreadableHelp.text(lang)),
                );
                continue;
            }
        };
        let path = entry.path();
        let is_file = if entry.path_is_symlink() {
            let target = path.canonicalize();
            let inside = target.as_ref().is_ok_and(|t| t.starts_with(&root));
            if !inside {
                found.problems.push(
                    Diagnostic::warning(
                        Rule::Unreadable,
                        &site.display_path(path),
                        Msg::LinkOutside.text(lang),
                    )
                    .with_help(Msg::LinkOutsideHelp.text(lang)),
                );
            }
            inside && target.is_ok_and(|t| t.is_file())
        } else {
            entry.file_type().is_file()
        };
        if !is_file {
            continue;
        }
        let rel = relative(path, &site.content_dir);
        match classify::classify(Path::new(&rel)) {
            FileKind::Note => found.notes.push((path.to_path_buf(), rel)),
            FileKind::Asset => found.assets.push(Asset {
                path: path.to_path_buf(),
                rel,
            }),
            FileKind::Data | FileKind::Ignored => {}
        }
    }
    found
}

/// `path` below `base`, with `/` between the parts on every system.
pub fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads one note. Never fails: what goes wrong becomes a diagnostic on the note.
/// Notes larger than this are refused unread: a real note is a few kilobytes, and a file
/// this big is a mistake (a pasted image, an export of a whole book).
pub const MAX_NOTE_BYTES: u64 = 1 << 20;

pub fn load_note(path: &Path, shown: String, rel: String, reading: Reading) -> Note {
    let lang = reading.lang;
    match read_note(path) {
        Ok(bytes) => note_from_bytes(bytes, shown, rel, reading),
        Err(Unread::TooLarge(size)) => {
            let mb = format!("{:.1}", size as f64 / (1 << 20) as f64);
            let diag = Diagnostic::error(Rule::TooLarge, &shown, Msg::TooLarge(&mb).text(lang))
                .with_help(Msg::TooLargeHelp.text(lang));
            Note {
                diagnostics: vec![diag],
                ..Note::empty(shown, rel)
            }
        }
        Err(Unread::Io(err)) => {
            let diag = Diagnostic::error(
                Rule::Unreadable,
                &shown,
                Msg::Unreadable(&crate::i18n::io_reason(&err, lang)).text(lang),
            )
            .with_help(Msg::UnreadableHelp.text(lang));
            Note {
                diagnostics: vec![diag],
                ..Note::empty(shown, rel)
            }
        }
    }
}

/// Why a note's bytes were not read.
enum Unread {
    TooLarge(u64),
    Io(std::io::Error),
}

/// The bytes of a note file: one open, its size from the open file, and a note larger
/// than [`MAX_NOTE_BYTES`] left unread.
fn read_note(path: &Path) -> Result<Vec<u8>, Unread> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(Unread::Io)?;
    let size = file.metadata().map_err(Unread::Io)?.len();
    if size > MAX_NOTE_BYTES {
        return Err(Unread::TooLarge(size));
    }
    // One byte more than the size, so that the read ends without growing the buffer.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // Read no further than the limit, should the file grow while it is read.
    file.take(MAX_NOTE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Unread::Io)?;
    if bytes.len() as u64 > MAX_NOTE_BYTES {
        return Err(Unread::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A note from the bytes of its file: decoded, split, parsed and rendered.
pub fn note_from_bytes(bytes: Vec<u8>, shown: String, rel: String, reading: Reading) -> Note {
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
            note.source = decoded.text;
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

fn parse_note(note: &mut Note, reading: Reading) {
    let lang = reading.lang;
    let (front, body, body_line) = match front_matter::parse(&note.source, lang) {
        Ok((front, split)) => (front, split.body, split.body_line),
        Err(mut diag) => {
            diag.path = note.shown.clone();
            note.diagnostics.push(diag);
            return;
        }
    };
    let title = front.title.as_deref().unwrap_or("");
    let rendered = if reading.html {
        markdown::render(body, title, reading.allow_html)
    } else {
        markdown::measure(body, title)
    };
    if let (Some(line), false) = (rendered.raw_html_line, reading.allow_html) {
        let file_line = body_line + line - 1;
        note.diagnostics.push(
            Diagnostic::warning(Rule::RawHtml, &note.shown, Msg::RawHtml.text(lang))
                .at(&note.source, file_line, 1)
                .with_help(Msg::RawHtmlHelp.text(lang)),
        );
    }
    note.body = rendered;
    note.body_line = body_line;
    note.front = Some(front);
}
