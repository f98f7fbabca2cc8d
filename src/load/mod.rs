//! Files -> a loaded site: the roster, the plan, every note (decoded, front matter parsed,
//! body rendered once) and the static files beside them.
//!
//! Loading never fails because of one note: a note that cannot be read becomes a note
//! with diagnostics, and the check decides what that means. Only the roster and the plan,
//! which every note is judged against, stop a command when they are broken.

pub mod classify;
pub mod data_list;
pub mod decode;
pub mod front_matter;
mod plain_yaml;
pub mod plan;
pub mod roster;
pub mod source;

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
    /// Whether the front matter could not be read but says `assessment:` or `review:`
    /// on a line of its own: an assessment file or a review record all the same, told
    /// apart from notes, and named by `assess`.
    pub broken_document: bool,
    /// Whether the file could not be read at all (no permission, too large): what it is
    /// is unknown, so the files beside it are not published (see [`Private`]).
    pub unread: bool,
}

impl Loaded {
    pub fn note(&self, id: crate::ids::NoteId) -> &Note {
        &self.notes[id.0]
    }

    pub fn kind(&self, id: crate::ids::KindId) -> &crate::kinds::MeetingKind {
        &self.kinds[id.0]
    }

    /// Every kind of meeting with its id, in `[meetings.kinds]` order.
    pub fn kind_ids(
        &self,
    ) -> impl Iterator<Item = (crate::ids::KindId, &crate::kinds::MeetingKind)> {
        self.kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| (crate::ids::KindId(i), kind))
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

    /// Whether the file is an assessment file or a review record: never somebody's
    /// note, never a meeting, never published as a note.
    pub fn is_document(&self) -> bool {
        self.broken_document || self.front.as_ref().is_some_and(|f| f.document.is_some())
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
            unread: false,
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
    pub kinds: Vec<crate::kinds::MeetingKind>,
    pub notes: Vec<Note>,
    pub assets: Vec<Asset>,
    /// The files below the content folder (relative, with `/`) that are not published:
    /// a note linking to one gets a warning.
    pub withheld: std::collections::BTreeSet<String>,
    /// Markdown files passed over unread (relative, with `/`): what they are cannot be
    /// told, so the files beside them are not published (see [`Private`]).
    pub skipped: std::collections::BTreeSet<String>,
    /// Assessment files and reviews saved under another name (`考核.txt`): withheld,
    /// and their folders private as beside the real ones (relative, with `/`).
    pub renamed_documents: std::collections::BTreeSet<String>,
    /// Problems with folders and files that are not notes (an unreadable folder).
    pub problems: Vec<Diagnostic>,
    /// Whether the bodies were rendered to HTML: only then can the site be built.
    pub html: bool,
}

/// Loads everything, bodies rendered to HTML if `html`, drafts judged on `today`.
/// `Err` holds configuration
/// errors (roster, plan, content folder).
pub fn load(
    site: &Site,
    progress: &dyn crate::progress::Progress,
    html: bool,
    today: chrono::NaiveDate,
) -> Result<Loaded, Vec<Diagnostic>> {
    let lang = site.lang();
    let (roster, plan) = roster_and_plan(site)?;
    if !site.content_dir.is_dir() {
        let shown = site.display_path(&site.content_dir);
        let message = match site.content_dir.symlink_metadata() {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                Msg::ContentDirMissing(&shown)
            }
            Ok(_) => Msg::ContentDirNotFolder(&shown),
            Err(_) => Msg::Unreadable(&shown),
        };
        return Err(vec![Diagnostic::error(
            Rule::Config,
            crate::config::BOOK_TOML,
            message.text(lang),
        )
        .with_help(Msg::ContentDirHelp.text(lang))]);
    }
    let found = walk(site);
    let reading = Reading::of(site, html, today);
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
    // The folders kept internal, found once: the notes in them are held as drafts, the
    // files beside them withheld below.
    let skipped: std::collections::BTreeSet<String> = found.skipped.into_iter().collect();
    let renamed = renamed_documents(&found.assets, &roster);
    let private = Private::of(&notes, &skipped, &renamed, &roster);
    if !private.documents.is_empty() {
        for note in notes.iter_mut() {
            hold_beside_documents(note, &private.documents, lang);
        }
    }
    let mut problems = found.problems;
    // The notes' page names are needed only where an HTML file sits among the assets.
    let html_assets = found
        .assets
        .iter()
        .any(|a| is_html_name(&crate::names::plain_path(&a.rel)));
    let pages = if html_assets {
        note_page_stems(&notes)
    } else {
        Default::default()
    };
    let allow_html = site.config.build.allow_html;
    let mut files: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut withheld = std::collections::BTreeSet::new();
    // Each asset by its own rules first; a hard link then counts only the names that
    // passed (one name a withheld score sheet or key publishes neither).
    let screened: Vec<(Asset, Result<(), Withheld>)> = found
        .assets
        .into_iter()
        .map(|asset| {
            let screened = screen_published(
                &asset.path,
                &asset.rel,
                &site.content_dir,
                allow_html,
                &pages,
                &private,
            );
            (asset, screened)
        })
        .collect();
    let names = HardLinks::among(
        screened
            .iter()
            .filter(|(_, screened)| screened.is_ok())
            .map(|(asset, _)| asset.path.as_path()),
    );
    let assets = screened
        .into_iter()
        .filter_map(|(asset, screened)| {
            let screened = screened.and_then(|()| names.screen(&asset.path));
            match screened {
                Ok(()) => Some(asset),
                Err(msg) => {
                    let shown = site.display_path(&asset.path);
                    problems.push(asset_withheld(&shown, msg, lang));
                    withheld.insert(asset.rel.clone());
                    None
                }
            }
        })
        .collect::<Vec<_>>()
        .into_iter()
        // Two assets whose names map to one file (`a?.png` and `a_.png`, `A.png` and
        // `a.png` on a disk that ignores case) would leave one of them: the first
        // stands, and the second is named.
        .filter(|asset| {
            let key = crate::names::plain_path(&asset.rel).to_lowercase();
            let shown = site.display_path(&asset.path);
            match files.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    problems.push(
                        Diagnostic::warning(
                            Rule::Unreadable,
                            &shown,
                            Msg::SameFileAsset(first.get()).text(lang),
                        )
                        .with_help(Msg::CaseTwinHelp.text(lang)),
                    );
                    false
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(shown);
                    true
                }
            }
        })
        .collect();
    Ok(Loaded {
        roster,
        plan,
        kinds: site.config.meetings.kinds.clone(),
        notes,
        assets,
        withheld,
        skipped,
        renamed_documents: renamed,
        problems,
        html,
    })
}

/// Why an asset is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// An HTML file, which can run script in the reader's browser, without
    /// `allow-html = true`.
    Html,
    /// An SVG image with script, event attributes or embedded documents in it, without
    /// `allow-html = true`. A plain drawing is published.
    ActiveSvg,
    /// An HTML file that would land on a note's page.
    OnAPage,
    /// An SVG that could not be read to be looked through (gone, or no permission).
    Unread,
    /// A file a web server runs as a program (`.php`, `.asp`, `.jsp`, `web.config`…),
    /// should the site be put on one.
    ServerCode,
    /// A program Windows runs when a reader opens it (`.exe`, `.bat`, `.hta`, `.lnk`…):
    /// a site of notes is no place to hand them out.
    Program,
    /// A file in a folder that holds an assessment file or a review record (a scanned
    /// ballot, a score sheet): results stay internal until 公示.
    BesideAssessment,
    /// A file with another name (a hard link) that is not among the published files: the
    /// roster, a score sheet, a file outside the content folder under a harmless name.
    HardLink,
    /// Private keys, password stores, mailboxes, databases, configuration files: what a
    /// site of notes is no place for, whoever put it there.
    Secret,
    /// A file in a folder with a Markdown file that could not be read: it may be an
    /// assessment file, and this its score sheet.
    BesideUnread,
    /// A copy of a note or a data file under another name (`x.md.txt` as Notepad saves
    /// it, `members.yaml.orig` from a merge): its front matter, draft or roster would go
    /// out unchecked.
    Copy,
    /// A name (or a folder's) ending in a dot or a space, which Windows drops: `记录.md.`
    /// is `记录.md` there, and `伪图.png.` an image a browser may sniff.
    Misnamed,
}

/// Whether a file is a note or a data file with one more extension put after its own
/// (`x.md.txt`, `x.md.orig`, `members.yaml.bak`): not an image or an attachment.
fn is_copy_of_source(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let Some((stem, _)) = name.rsplit_once('.') else {
        return false;
    };
    let inner = stem.rsplit_once('.').map_or("", |(_, ext)| ext);
    const DATA: [&str; 4] = ["yaml", "yml", "csv", "toml"];
    let sources = || crate::names::MARKDOWN.iter().chain(&DATA);
    if sources().any(|e| inner.eq_ignore_ascii_case(e)) {
        return true;
    }
    // `记录.md(1)`, `记录.md#`, `members.yml_`: a source's extension with anything but a
    // letter after it (`.mdb` is another kind of file).
    let lower = name.to_lowercase();
    sources().any(|e| {
        lower.match_indices(&format!(".{e}")).any(|(at, found)| {
            let after = lower[at + found.len()..].chars().next();
            after.is_some_and(|c| !c.is_ascii_alphabetic() && c != '.')
        })
    })
}

/// Whether a web server (PHP, IIS, Tomcat, CGI) would run a file of this name as a
/// program instead of sending it. Every extension counts, not only the last: Apache's
/// `AddHandler` runs `photo.php.jpg` as PHP.
fn is_server_code(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    const PROGRAMS: &[&str] = &[
        "php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phps", "phar", "asp",
        "aspx", "ascx", "ashx", "asmx", "asa", "cer", "cshtml", "vbhtml", "jsp", "jspx", "jsf",
        "cgi", "fcgi", "pl", "py", "rb", "sh", "bash", "zsh", "ksh", "stm", "shtm", "cfm", "cfml",
        "cfc", "svc", "xamlx", "asax", "axd", "rem", "soap", "ashx",
    ];
    name.eq_ignore_ascii_case("web.config")
        || name
            .split('.')
            .skip(1)
            .any(|ext| PROGRAMS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Whether a file of this name holds keys, passwords or private records nobody puts on
/// a site on purpose: private keys and certificates with them, password stores,
/// mailboxes, databases, configuration with its secrets, logs and backups; also under a
/// copy's name (`id_rsa - 副本`, `x.p12(1)`, `x.pem.txt`) or one that says so
/// (`服务器密钥.txt`, `token.txt`).
fn is_secret(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
    const NAMES: &[&str] = &[
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
        ".env",
        ".htpasswd",
        ".netrc",
        ".npmrc",
        ".pgpass",
        ".git-credentials",
        "credentials",
        "known_hosts",
        "authorized_keys",
        "netrc",
        "_netrc",
        "pgpass",
        "npmrc",
        "htpasswd",
        "shadow",
        "gshadow",
        "wallet.dat",
    ];
    const SECRETS: &[&str] = &[
        "pem", "key", "pfx", "p12", "jks", "jceks", "bks", "keystore", "kdbx", "kdb", "psafe3",
        "ppk", "gpg", "asc", "pst", "ost", "eml", "msg", "mbox", "sql", "dump", "sqlite",
        "sqlite3", "db", "db3", "mdb", "accdb", "dbf", "bak", "old", "log", "ini", "conf", "cfg",
        "env", "ovpn", "rdp", "htpasswd", "tfstate", "pgpass", "npmrc", "netrc", "har",
    ];
    // What says secret in a name's last word: `服务器密钥`, `api-token`, `cred`.
    const SAYS: &[&str] = &[
        "token",
        "tokens",
        "secret",
        "secrets",
        "password",
        "passwords",
        "passwd",
        "cred",
        "creds",
        "credential",
        "credentials",
        "apikey",
    ];
    const SAYS_ZH: &[&str] = &["密码", "密钥", "私钥", "口令"];
    // A copy's marks taken off: ` - 副本`, ` - copy`, ` (2)`, `(2)`.
    let mut marked = name.as_str();
    for mark in [" - 副本", " - copy", "副本"] {
        marked = marked.trim_end_matches(mark);
    }
    // ` (2)`, `(2)`, `~`, `_` after the name; a name's own digits (`id_ed25519`) stay.
    let trimmed = marked
        .trim_end_matches(|c: char| "() ~_".contains(c) || c.is_ascii_digit())
        .trim_end();
    let base = if marked.ends_with([')', '~', '_']) {
        trimmed
    } else {
        marked
    };
    let (stem, _) = base.split_once('.').unwrap_or((base, ""));
    let last_word = stem
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or(stem);
    NAMES.contains(&base)
        || NAMES.contains(&stem)
        || name.ends_with("_history")
        || SAYS.contains(&last_word)
        || SAYS_ZH.iter().any(|w| stem.ends_with(w))
        || name.split('.').skip(1).any(|ext| {
            // `p12(1)` is `p12`, `bak2` a `bak`.
            let end = ext
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(ext.len());
            let ext = &ext[..end];
            SECRETS.contains(&ext)
                || SECRETS.contains(&ext.trim_end_matches(|c: char| c.is_ascii_digit()))
        })
}

/// The name a compressed file is served as, by a server that sends `x.svg.gz` as an SVG
/// (Apache's `AddEncoding`): `rel` without its compression's extension, if it has one.
fn uncompressed_name(rel: &str) -> Option<&str> {
    let (inner, ext) = rel.rsplit_once('.')?;
    ["gz", "br", "zst", "z", "bz2", "xz", "deflate"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
        .then_some(inner)
}

/// Whether Windows runs a file of this name as a program when a reader opens it from
/// the site. Only the last extension counts there (`会议.com.png` is an image).
fn is_program(rel: &str) -> bool {
    const PROGRAMS: &[&str] = &[
        "exe",
        "com",
        "bat",
        "cmd",
        "hta",
        "ps1",
        "psm1",
        "vbs",
        "vbe",
        "jse",
        "wsf",
        "wsh",
        "scr",
        "pif",
        "lnk",
        "msi",
        "msp",
        "reg",
        "cpl",
        "jar",
        "appref-ms",
        "url",
        "chm",
        "application",
        "settingcontent-ms",
        "appx",
        "appxbundle",
        "msix",
        "msixbundle",
        "iso",
        "img",
        "vhd",
        "vhdx",
        "desktop",
        "docm",
        "xlsm",
        "pptm",
        "dotm",
        "xltm",
        "potm",
        "ppsm",
        "sldm",
        "xlam",
        "ppam",
        "xll",
        "msc",
        "jnlp",
        "scf",
        "one",
        "onepkg",
        "library-ms",
        "search-ms",
        "searchconnector-ms",
        "inf",
        "gadget",
        "xbap",
        "mst",
        "ps1xml",
        "psc1",
        "command",
        "apk",
        "deb",
        "rpm",
        "pkg",
        "dmg",
        "run",
        "appimage",
        "js",
        "mjs",
        "cjs",
        "xla",
        "iqy",
        "slk",
        "diagcab",
        "theme",
        "themepack",
        "tool",
        "mpkg",
        "psd1",
        "cab",
        "swf",
        "crx",
        "xpi",
        "ws",
        "wsc",
        "sct",
        "vb",
        "msu",
        "wsb",
        "shs",
        "shb",
        "pyw",
        "pyz",
        "pyzw",
        "pyc",
        "mdb",
        "mde",
        "ade",
        "adp",
        "accde",
        "accdb",
        "xlsb",
        "htc",
        "hlp",
        "website",
        "ins",
        "isp",
        "grp",
        "bas",
        "printerexport",
        "ps2xml",
        "psc2",
        "appcontent-ms",
        "cer",
        "crt",
        "der",
        "rdp",
        "vsix",
        "vsto",
        "mcf",
        "xnk",
        "mda",
        "mdt",
        "mdw",
        "mdz",
        "prf",
        "sys",
        "dll",
        "ocx",
        "drv",
    ];
    let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
    PROGRAMS.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// Whether a file name is an HTML page's (`.html`, `.htm`, `.xhtml`, `.shtml`).
pub fn is_html_name(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
    // Everything a browser may open as a page that runs script.
    [
        "html", "htm", "xhtml", "shtml", "xht", "xml", "xsl", "xslt", "mht", "mhtml", "rss",
        "atom", "rdf", "kml", "xsd", "dtd", "wsdl", "xaml", "xul",
    ]
    .iter()
    .any(|e| ext.eq_ignore_ascii_case(e))
}

/// SVG images larger than this are not looked through, and not published without
/// `allow-html`: a drawing is a few hundred kilobytes.
const MAX_SVG_BYTES: u64 = 8 << 20;

/// Whether the asset at `path` (`rel` below the content folder) may be published beside
/// the notes whose page stems are `pages`: HTML only with `allow_html` and never on a
/// note's page; SVG when it holds nothing that runs, or with `allow_html`.
pub fn screen_asset(
    path: &Path,
    rel: &str,
    allow_html: bool,
    pages: &std::collections::HashSet<String>,
) -> Result<(), Withheld> {
    // Judged by the name it is published under (`x.png.` is copied as `x.png`, as
    // Windows would name it), not only by the name it has here.
    let misnamed = rel.split('/').any(|part| part.ends_with(['.', ' ']));
    let published = crate::names::plain_path(rel);
    let rel = published.as_str();
    let ext = Path::new(rel)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        _ if misnamed => Err(Withheld::Misnamed),
        _ if is_copy_of_source(rel) => Err(Withheld::Copy),
        _ if is_server_code(rel) => Err(Withheld::ServerCode),
        _ if is_program(rel) => Err(Withheld::Program),
        _ if is_secret(rel) => Err(Withheld::Secret),
        // Compressed markup is sent as markup where the server decodes it on the way;
        // its content cannot be looked through here.
        _ if uncompressed_name(rel).is_some_and(|inner| {
            is_html_name(inner) || is_program(inner) || is_secret(inner) || {
                let ext = inner.rsplit_once('.').map_or("", |(_, ext)| ext);
                ext.eq_ignore_ascii_case("svg")
            }
        }) && !allow_html =>
        {
            Err(Withheld::Html)
        }
        _ if is_html_name(rel) && pages.contains(&page_stem(rel)) => Err(Withheld::OnAPage),
        _ if is_html_name(rel) && !allow_html => Err(Withheld::Html),
        // Markup saved under an image's or a document's name: a browser that sniffs
        // runs it, whatever the name says.
        // Whatever its name, by its first bytes: a private key (a "picture" too), markup
        // under an image's or a PDF's name (a browser that sniffs runs it), a note saved
        // under another name (`草稿.txt`, its draft and all).
        ext if ext != "svg" && ext != "svgz" => {
            let head = head_of(path);
            let shown_as_image = matches!(
                ext,
                "png"
                    | "jpg"
                    | "jpeg"
                    | "jpe"
                    | "jfif"
                    | "pjpeg"
                    | "gif"
                    | "webp"
                    | "apng"
                    | "avif"
                    | "heic"
                    | "heif"
                    | "bmp"
                    | "ico"
                    | "cur"
                    | "tif"
                    | "tiff"
                    | "pdf"
            );
            if head.key {
                return Err(Withheld::Secret);
            }
            if shown_as_image && !allow_html && head.markup {
                return Err(Withheld::Html);
            }
            if head.front_matter && !is_binary_format(ext) {
                return Err(Withheld::Copy);
            }
            Ok(())
        }
        "svg" | "svgz" if !allow_html => {
            let bytes = source::read_plain(path, MAX_SVG_BYTES).map_err(|_| Withheld::Unread)?;
            if ext == "svgz" || svg_is_active(&bytes) {
                return Err(Withheld::ActiveSvg);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// What the first bytes of a file say it is, whatever its name says.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Head {
    /// It begins as markup does (`<` after a BOM and blank space), not as an image or a
    /// PDF begins.
    markup: bool,
    /// It begins as a note does: front matter, `---` or `+++` and a field.
    front_matter: bool,
    /// It holds a private key or a certificate (`-----BEGIN … PRIVATE KEY-----`).
    key: bool,
    /// It begins as an assessment file or a review does (`考核.txt`, saved under
    /// another name): the files beside it are as private as beside the real one.
    document: bool,
}

/// Reads the first 4 KB of the file at `path` (opened as notes are: never a FIFO or
/// a device, never waiting on one); nothing for a file that cannot be read.
fn head_of(path: &Path) -> Head {
    use std::io::Read;
    // A key a little way into a file (after a few lines saying what it is for) too.
    let mut head = [0u8; 4096];
    let Ok(mut file) = source::open_plain(path) else {
        return Head::default();
    };
    let n = file.read(&mut head).unwrap_or(0);
    let head = &head[..n];
    // UTF-16 (with its BOM) is read by a browser as well: its NULs are passed over.
    let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let head = if utf16 { &head[2..] } else { head };
    let text: Vec<u8> = head
        .iter()
        .copied()
        .filter(|&b| !(utf16 && b == 0))
        .collect();
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let text = &text[start..];
    let lines_text = String::from_utf8_lossy(text);
    let mut lines = lines_text.lines().map(str::trim_end);
    let opens = matches!(lines.next(), Some("---" | "+++"));
    let field = lines.find(|l| !l.trim().is_empty()).is_some_and(|l| {
        l.split_once([':', '：', '='])
            .is_some_and(|(key, _)| !key.trim().is_empty() && !key.contains(' '))
    });
    Head {
        markup: text.first() == Some(&b'<'),
        front_matter: opens && field,
        document: opens && field && says_document(&lines_text),
        key: memchr::memmem::find(text, b"-----BEGIN ").is_some()
            && [
                &b"PRIVATE KEY"[..],
                b"CERTIFICATE",
                b"PGP PRIVATE",
                b"OPENSSH",
            ]
            .iter()
            .any(|w| memchr::memmem::find(text, w).is_some()),
    }
}

/// Names of pictures, documents, archives and media: binary formats whose first bytes
/// are not looked at for a note's front matter or a key.
fn is_binary_format(ext: &str) -> bool {
    const BINARY: &[&str] = &[
        "png", "jpg", "jpeg", "jpe", "jfif", "pjpeg", "gif", "webp", "apng", "avif", "heic",
        "heif", "bmp", "ico", "cur", "tif", "tiff", "pdf", "doc", "docx", "xls", "xlsx", "ppt",
        "pptx", "wps", "et", "dps", "ofd", "odt", "ods", "odp", "zip", "rar", "7z", "mp3", "mp4",
        "m4a", "wav", "flac", "ogg", "avi", "mov", "mkv", "webm", "wmv",
    ];
    BINARY.contains(&ext)
}

/// The lower-cased SVG without its comments, a DOCTYPE that declares nothing, and the
/// attributes of a namespace other than `xlink` (what editors keep for themselves).
fn inert_taken_out(lower: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(lower.len());
    let mut i = 0;
    while i < lower.len() {
        let rest = &lower[i..];
        if rest.starts_with(b"<!--") {
            let end = memchr::memmem::find(&rest[4..], b"-->").map_or(rest.len(), |e| e + 7);
            i += end;
            continue;
        }
        if rest.starts_with(b"<!doctype") {
            let end = rest
                .iter()
                .position(|&b| b == b'>')
                .map_or(rest.len(), |e| e + 1);
            // One with declarations of its own (`[<!ENTITY …>]`) stays, to be judged.
            if !rest[..end].contains(&b'[') {
                i += end;
                continue;
            }
        }
        // ` prefix:name="…"`: an attribute of a namespace; `xlink:href` is fetched.
        if rest[0].is_ascii_whitespace() {
            let name_end = rest[1..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b':' || b == b'-' || b == b'_'))
                .map_or(rest.len(), |n| n + 1);
            let name = &rest[1..name_end];
            let namespaced =
                name.contains(&b':') && !name.starts_with(b"xlink:") && !name.starts_with(b"xmlns");
            let value = rest[name_end..].trim_ascii_start();
            if namespaced && value.starts_with(b"=") {
                let value = value[1..].trim_ascii_start();
                if let Some(&quote) = value.first().filter(|&&q| q == b'"' || q == b'\'') {
                    let skipped = rest.len() - value.len();
                    let end = value[1..]
                        .iter()
                        .position(|&b| b == quote)
                        .map_or(value.len(), |e| e + 2);
                    out.push(b' ');
                    i += skipped + end;
                    continue;
                }
            }
        }
        out.push(rest[0]);
        i += 1;
    }
    out
}

/// Whether the lower-cased SVG names an address to fetch: `http:`, `https:`, `file:`
/// or `//` anywhere but in a namespace declaration (`xmlns="http://www.w3.org/…"`).
fn svg_fetches(lower: &[u8]) -> bool {
    let mut rest = lower;
    let mut outside = Vec::with_capacity(lower.len());
    // Namespace declarations taken out: `xmlns="…"`, `xmlns:x='…'`.
    while let Some(at) = memchr::memmem::find(rest, b"xmlns") {
        outside.extend_from_slice(&rest[..at]);
        let after = &rest[at..];
        let value = after
            .iter()
            .position(|&b| b == b'"' || b == b'\'')
            .filter(|&q| {
                after[5..q].iter().all(|&b| {
                    b == b':'
                        || b == b'='
                        || b.is_ascii_alphanumeric()
                        || b == b'-'
                        || b == b'_'
                        || b.is_ascii_whitespace()
                })
            });
        match value {
            Some(q) => {
                let quote = after[q];
                let end = after[q + 1..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(after.len(), |e| q + 2 + e);
                rest = &after[end.min(after.len())..];
            }
            None => {
                outside.extend_from_slice(&after[..5]);
                rest = &after[5..];
            }
        }
    }
    outside.extend_from_slice(rest);
    // A browser reads an address with the blank space around and inside it dropped:
    // `href=" //…"`, `/⇥/`.
    outside.retain(|b| !b.is_ascii_whitespace());
    [
        &b"http:"[..],
        b"https:",
        b"file:",
        b"ftp:",
        b"\"//",
        b"'//",
        b"(//",
    ]
    .iter()
    .any(|needle| memchr::memmem::find(&outside, needle).is_some())
}

/// Whether an SVG holds anything that can run or pull in a document when the file is
/// opened on its own: a script, an event attribute, a `javascript:` link, a foreign
/// object, a frame or an entity declaration. Judged on the lower-cased bytes, so an
/// odd spelling is caught rather than let through.
fn svg_is_active(bytes: &[u8]) -> bool {
    // Only UTF-8 (with or without its BOM) is looked through: a browser reads XML in
    // UTF-16 too, where `onload` is not these bytes. A drawing exported plainly is UTF-8.
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(text).is_err() || memchr::memchr(0, text).is_some() {
        return true;
    }
    // What a browser never acts on taken out first: comments (`Created with Inkscape
    // (http://…)`), a DOCTYPE without declarations of its own (Illustrator's), and the
    // editors' own attributes (`inkscape:export-filename="C:\…"`, `rdf:resource`).
    let lower = inert_taken_out(&bytes.to_ascii_lowercase());
    // Anything fetched from elsewhere when the drawing is opened on its own (a style
    // sheet, an image, a nested drawing, a local file): any address outside the
    // namespaces an exporter names. A backslash is a CSS escape (`u\rl(`).
    if svg_fetches(&lower) || lower.contains(&b'\\') {
        return true;
    }
    // On the safe side: character references (`&#106;avascript:`), a namespace-prefixed
    // script (`<h:script>`), a style sheet, a declaration (`<!ENTITY`, `<!DOCTYPE`):
    // a drawing exported plainly has none of them.
    let strict = [
        // `<script>`, `<h:script>`, `javascript:`: not every word holding the letters
        // (an editor's `<rdf:Description>`).
        &b"<script"[..],
        b":script",
        b"script:",
        b"&#",
        // A drawing nested as a data URL (`<use href="data:image/svg+xml;base64,…">`)
        // cannot be looked through; raster images as data URLs are fine.
        b"data:image/svg",
        // A style sheet fetched from elsewhere when the drawing is opened by itself.
        b"@import",
        b"url(http",
        b"url(//",
        b"data:text",
        b"data:application",
        b"stylesheet",
        b"<!doctype",
        b"<?xml-",
    ]
    .iter()
    .any(|needle| memchr::memmem::find(&lower, needle).is_some());
    // A browser drops tabs and line breaks inside a URL: `java⇥script:` is `javascript:`.
    let compact: Vec<u8> = lower
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if strict || memchr::memmem::find(&compact, b"script:").is_some() {
        return true;
    }
    let has = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
    let event_attribute = lower.windows(3).enumerate().any(|(i, w)| {
        // `<svg/onload=…>`: a browser takes a `/` between attributes as a space.
        (w[0].is_ascii_whitespace() || w[0] == b'/')
            && w[1] == b'o'
            && w[2] == b'n'
            && lower[i + 3..]
                .iter()
                .position(|&b| !b.is_ascii_alphabetic())
                .is_some_and(|n| n > 0 && lower[i + 3 + n..].trim_ascii_start().starts_with(b"="))
    });
    // `<set attributeName="onload" to="…">` and its kin animate an event attribute or a
    // link into being.
    let animated = memchr::memmem::find_iter(&lower, b"attributename").any(|at| {
        let rest = lower[at + b"attributename".len()..].trim_ascii_start();
        let value = rest
            .strip_prefix(b"=")
            .map(|r| r.trim_ascii_start())
            .and_then(|r| r.strip_prefix(b"\"").or_else(|| r.strip_prefix(b"'")))
            .unwrap_or(b"");
        value.starts_with(b"on") || value.starts_with(b"href") || value.starts_with(b"xlink:href")
    });
    event_attribute
        || animated
        || [
            &b"<script"[..],
            b"javascript:",
            b"<foreignobject",
            b"<iframe",
            b"<embed",
            b"<object",
            b"<!entity",
            b"<handler",
            b"data:text/html",
        ]
        .iter()
        .any(|needle| has(needle))
}

pub fn asset_withheld(shown: &str, why: Withheld, lang: Lang) -> Diagnostic {
    let (message, help) = match why {
        Withheld::Html => (Msg::AssetMarkup, Msg::RawHtmlHelp),
        Withheld::ActiveSvg => (Msg::AssetActiveSvg, Msg::AssetActiveSvgHelp),
        Withheld::OnAPage => (Msg::AssetOnAPage, Msg::AssetOnAPageHelp),
        Withheld::Unread => (Msg::AssetUnread, Msg::UnreadableHelp),
        Withheld::ServerCode => (Msg::AssetServerCode, Msg::AssetServerCodeHelp),
        Withheld::Program => (Msg::AssetProgram, Msg::AssetServerCodeHelp),
        Withheld::BesideAssessment => (Msg::AssetBesideAssessment, Msg::AssetBesideAssessmentHelp),
        Withheld::Copy => (Msg::AssetCopyOfSource, Msg::AssetCopyOfSourceHelp),
        Withheld::Secret => (Msg::AssetSecret, Msg::AssetSecretHelp),
        Withheld::HardLink => (Msg::AssetHardLink, Msg::AssetHardLinkHelp),
        Withheld::BesideUnread => (Msg::AssetBesideUnread, Msg::AssetBesideUnreadHelp),
        Withheld::Misnamed => (Msg::AssetMisnamed, Msg::AssetMisnamedHelp),
    };
    Diagnostic::warning(Rule::RawHtml, shown, message.text(lang)).with_help(help.text(lang))
}

/// Whether a file of a theme's static folder (`rel` below it) may be published as the
/// site's own: no hard link (its other name could be anything of the admin's), no key,
/// configuration or note saved under another name, no program a server or Windows
/// runs, no page that runs script without `allow-html`. The theme's scripts and styles
/// are its own (`.js` is its search).
pub fn screen_theme_static(path: &Path, rel: &str, allow_html: bool) -> Result<(), Withheld> {
    if file_links(path).is_some_and(|(_, links)| links > 1) {
        return Err(Withheld::HardLink);
    }
    if is_secret(rel) {
        return Err(Withheld::Secret);
    }
    if is_server_code(rel) || (is_program(rel) && !rel.ends_with(".js")) {
        return Err(Withheld::ServerCode);
    }
    if is_html_name(rel) && !allow_html {
        return Err(Withheld::Html);
    }
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, ext)| ext)
        .to_ascii_lowercase();
    let head = head_of(path);
    if head.key {
        return Err(Withheld::Secret);
    }
    if head.front_matter && !matches!(ext.as_str(), "css" | "js") {
        return Err(Withheld::Copy);
    }
    Ok(())
}

/// How many names each file with more than one (a hard link) has among the assets.
#[derive(Debug, Default)]
pub struct HardLinks {
    names: std::collections::HashMap<(u64, u64), u64>,
}

impl HardLinks {
    pub fn among<'a>(paths: impl Iterator<Item = &'a Path>) -> HardLinks {
        let mut names = std::collections::HashMap::new();
        for path in paths {
            if let Some((id, links)) = file_links(path) {
                if links > 1 {
                    *names.entry(id).or_insert(0) += 1;
                }
            }
        }
        HardLinks { names }
    }

    /// `Err` for a file with a name outside the assets (a hard link to the roster, to a
    /// score sheet beside an assessment file, to a file outside the content folder):
    /// published under this name, it would publish that one.
    pub fn screen(&self, path: &Path) -> Result<(), Withheld> {
        match file_links(path) {
            Some((id, links)) if links > 1 && self.names.get(&id).copied().unwrap_or(0) < links => {
                Err(Withheld::HardLink)
            }
            _ => Ok(()),
        }
    }

    /// [`HardLinks::screen`] for one file among `others`, which are looked at only when
    /// the file has more than one name.
    pub fn screen_one<'a>(
        path: &'a Path,
        others: impl Iterator<Item = &'a Path>,
    ) -> Result<(), Withheld> {
        match file_links(path) {
            Some((_, links)) if links > 1 => {
                HardLinks::among(std::iter::once(path).chain(others)).screen(path)
            }
            _ => Ok(()),
        }
    }
}

/// A file's device and inode, and how many names (hard links) it has; None where the
/// system does not say.
fn file_links(path: &Path) -> Option<((u64, u64), u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = path.symlink_metadata().ok().filter(|m| m.is_file())?;
        Some(((meta.dev(), meta.ino()), meta.nlink()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Whether the asset at `rel` is published: by its own name and folder, and, for a link,
/// by the name and folder of the file it leads to as well (a link named `a.png` to an
/// HTML page, or to a score sheet beside the assessment files, publishes neither).
pub fn screen_published(
    path: &Path,
    rel: &str,
    content_dir: &Path,
    allow_html: bool,
    pages: &std::collections::HashSet<String>,
    private: &Private,
) -> Result<(), Withheld> {
    let screen = |path: &Path, rel: &str| {
        if beside_document(rel, &private.documents) {
            return Err(Withheld::BesideAssessment);
        }
        if beside_document(rel, &private.unread) {
            return Err(Withheld::BesideUnread);
        }
        screen_asset(path, rel, allow_html, pages)
    };
    screen(path, rel)?;
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        let content = content_dir
            .canonicalize()
            .unwrap_or_else(|_| content_dir.to_path_buf());
        let target = path.canonicalize().map_err(|_| Withheld::Unread)?;
        let target_rel = relative(&target, &content);
        screen(&target, &target_rel)?;
    }
    Ok(())
}

/// Keeps `note` unpublished, with a warning, when it is a note in one of `private`.
pub fn hold_beside_documents(
    note: &mut Note,
    private: &std::collections::HashSet<String>,
    lang: Lang,
) {
    if note.is_document() || !beside_document(&note.rel, private) {
        return;
    }
    if let Some(front) = note.front.as_mut() {
        front.draft = true;
    }
    let message = Msg::NoteBesideAssessment.text(lang);
    note.diagnostics.push(
        Diagnostic::warning(Rule::RawHtml, &note.shown, message)
            .with_help(Msg::NoteBesideAssessmentHelp.text(lang)),
    );
}

/// The folders (content-relative, with `/`) that hold an assessment file or a review
/// record: nothing else in them, or below them, is published.
/// A member's own folder (content/<id>/) never is: a secretary who keeps a review there
/// does not hide the notes and pictures of their own study. A folder below it is, as
/// any other (content/<id>/考核/, the secretary's working folder).
pub fn document_folders(notes: &[Note], roster: &Roster) -> std::collections::HashSet<String> {
    folders_of(notes, roster, Note::is_document)
}

/// The folders of the notes that `pick` picks, a member's own folder left out.
fn folders_of(
    notes: &[Note],
    roster: &Roster,
    pick: impl Fn(&Note) -> bool,
) -> std::collections::HashSet<String> {
    notes
        .iter()
        .filter(|n| pick(n) && !in_member_folder(&n.rel, roster))
        .map(|n| {
            n.rel
                .rsplit_once('/')
                .map_or("", |(folder, _)| folder)
                .to_string()
        })
        .collect()
}

/// Whether `folder` (content-relative) is a member's own folder, content/<id>/ itself.
fn is_member_folder(folder: &str, roster: &Roster) -> bool {
    !folder.contains('/') && roster.folder_of(&format!("{folder}/x")).is_some()
}

/// Whether the file at `rel` lies in a member's own folder itself (not below it): what
/// it is never makes the files beside it private.
pub fn in_member_folder(rel: &str, roster: &Roster) -> bool {
    is_member_folder(
        rel.rsplit_once('/').map_or("", |(folder, _)| folder),
        roster,
    )
}

/// The folders whose other files are not published: those with an assessment file or a
/// review record, and those with a Markdown file that could not be read (it may be one:
/// a score file locked by the admin, a scan beside it left readable).
#[derive(Debug, Default)]
pub struct Private {
    pub documents: std::collections::HashSet<String>,
    pub unread: std::collections::HashSet<String>,
}

impl Private {
    /// The private folders of `notes` and of the Markdown files passed over unread.
    pub fn of(
        notes: &[Note],
        skipped: &std::collections::BTreeSet<String>,
        renamed: &std::collections::BTreeSet<String>,
        roster: &Roster,
    ) -> Private {
        let mut unread = folders_of(notes, roster, |n| n.unread);
        unread.extend(
            skipped
                .iter()
                .filter(|rel| !in_member_folder(rel, roster))
                .map(|rel| {
                    rel.rsplit_once('/')
                        .map_or("", |(folder, _)| folder)
                        .to_string()
                }),
        );
        let mut documents = document_folders(notes, roster);
        documents.extend(renamed.iter().map(|rel| {
            rel.rsplit_once('/')
                .map_or("", |(folder, _)| folder)
                .to_string()
        }));
        Private { documents, unread }
    }
}

/// The assets (content-relative, with `/`) that are an assessment file or a review
/// saved under another name (`考核.txt`, `测评.yaml`): read by their first bytes,
/// pictures, documents and media left unread, and a member's own folder passed over as
/// for the real ones.
pub fn renamed_documents(assets: &[Asset], roster: &Roster) -> std::collections::BTreeSet<String> {
    assets
        .par_iter()
        .filter(|asset| is_renamed_document(&asset.path, &asset.rel, roster))
        .map(|asset| asset.rel.clone())
        .collect()
}

/// Whether the file at `path` (`rel` in the content folder) is an assessment file or a
/// review saved under another name, outside a member's own folder.
pub fn is_renamed_document(path: &Path, rel: &str, roster: &Roster) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
    !is_binary_format(&ext.to_ascii_lowercase())
        && !in_member_folder(rel, roster)
        && head_of(path).document
}

/// Whether the file at `rel` is in (or below) one of `folders`.
pub fn beside_document(rel: &str, folders: &std::collections::HashSet<String>) -> bool {
    let mut folder = rel;
    while let Some((up, _)) = folder.rsplit_once('/') {
        if folders.contains(up) {
            return true;
        }
        folder = up;
    }
    folders.contains("")
}

/// The page stems of `notes`, for [`screen_asset`].
fn note_page_stems(notes: &[Note]) -> std::collections::HashSet<String> {
    notes.iter().map(|n| page_stem(&n.rel)).collect()
}

impl Loaded {
    /// The page stems of the loaded notes, for [`screen_asset`].
    pub fn note_page_stems(&self) -> std::collections::HashSet<String> {
        note_page_stems(&self.notes)
    }
}

/// What two notes that would share a page have in common: their page name, lower-cased.
/// Most paths need no mapping, and are only lower-cased.
fn twin_key(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    let plain = stem.split('/').all(|part| {
        part.len() <= crate::names::MAX_NAME_BYTES
            && !part.is_empty()
            && !part.starts_with('.')
            && !part.ends_with(['.', ' '])
            && !part
                .chars()
                .any(|c| c.is_control() || "<>:\"/\\|?*".contains(c))
            && !crate::names::is_device_name(part)
    });
    if plain {
        stem.to_lowercase()
    } else {
        page_stem(rel).to_lowercase()
    }
}

/// A file's path without its extension, written as its page's name would be: what a
/// note `a/b.md` and an asset `a/b.html` share when they would land on one page.
fn page_stem(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    stem.split('/')
        .map(crate::names::file_name)
        .collect::<Vec<_>>()
        .join("/")
}

/// Notes whose paths differ only in case get a warning: copied to a Windows or macOS
/// shared drive, one page would overwrite the other.
fn warn_case_twins(notes: &mut [Note], lang: Lang) {
    // Each page name lower-cased beside its place in the walk, sorted: twins are
    // neighbours, the first of them the one walked first.
    let mut lowered: Vec<(String, usize)> = notes
        .par_iter()
        .enumerate()
        .map(|(i, note)| (twin_key(&note.rel), i))
        .collect();
    lowered.par_sort_unstable();
    for twins in lowered
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Each later note against every earlier one of its run: the same page on every
        // disk (`a.md` and `a.markdown`, names that differ only in characters a file
        // name cannot hold, or two names read alike from another encoding) is an error,
        // and the note is not published; a twin in case alone is a warning.
        let pages: Vec<(String, String)> = twins
            .iter()
            .map(|&(_, i)| (notes[i].shown.clone(), page_stem(&notes[i].rel)))
            .collect();
        for (k, &(_, i)) in twins.iter().enumerate().skip(1) {
            let same = pages[..k].iter().find(|(_, page)| *page == pages[k].1);
            let diag = match same {
                Some((other, _)) => Diagnostic::error(
                    Rule::Unreadable,
                    &notes[i].shown,
                    Msg::SamePageNote(other).text(lang),
                ),
                None => Diagnostic::warning(
                    Rule::Unreadable,
                    &notes[i].shown,
                    Msg::CaseTwin(&pages[0].0).text(lang),
                ),
            };
            notes[i]
                .diagnostics
                .push(diag.with_help(Msg::CaseTwinHelp.text(lang)));
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
    /// Markdown files passed over unread (a link out of the site, a broken one, a FIFO).
    skipped: Vec<String>,
    problems: Vec<Diagnostic>,
}

/// Lists the content folder, sorting each file with [`classify::classify`]. Links are
/// followed only to files inside the root.
fn walk(site: &Site) -> Found {
    let lang = site.lang();
    let mut found = Found {
        notes: Vec::new(),
        assets: Vec::new(),
        skipped: Vec::new(),
        problems: Vec::new(),
    };
    let bounds = source::Bounds::of(&site.content_dir, &site.build_dir);
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
                    .with_help(unreadable_help(err.io_error(), lang)),
                );
                continue;
            }
        };
        let path = entry.path();
        let admitted = bounds.admit_kind(path, entry.file_type());
        match admitted {
            source::Admit::File => {}
            source::Admit::Skip(skip) => {
                // What it is cannot be told: it may be an assessment file.
                let rel = relative(path, &site.content_dir);
                if classify::classify(Path::new(&rel)) == FileKind::Note {
                    found.skipped.push(rel);
                }
                found
                    .problems
                    .push(skipped(&site.display_path(path), skip, lang));
                continue;
            }
            source::Admit::Folder | source::Admit::Nothing => continue,
        }
        let rel = match decoded_relative(path, &site.content_dir) {
            Ok(rel) => rel,
            Err(rel) => {
                let shown = site.display_path(path);
                // Valid UTF-8 that reads as nonsense, among GBK names: told as such.
                let message = if path.to_str().is_some() {
                    Msg::NameLooksGbk(&rel)
                } else {
                    Msg::NameEncoding(&rel)
                };
                found.problems.push(
                    Diagnostic::warning(Rule::Encoding, &shown, message.text(lang))
                        .with_help(Msg::NameEncodingHelp.text(lang)),
                );
                rel
            }
        };
        match classify::classify(Path::new(&rel)) {
            FileKind::Note => found.notes.push((path.to_path_buf(), rel)),
            FileKind::Asset if site.is_data_file(path) => {}
            FileKind::Asset => found.assets.push(Asset {
                path: path.to_path_buf(),
                rel,
            }),
            FileKind::Data | FileKind::Ignored => {}
        }
    }
    found
}

/// The warning for a file under the content folder that is passed over unread.
pub fn skipped(shown: &str, skip: source::Skip, lang: Lang) -> Diagnostic {
    use source::Skip;
    let (message, help) = match skip {
        Skip::LinkOutside => (Msg::LinkOutside, Msg::LinkOutsideHelp),
        Skip::LinkUnpublished => (Msg::LinkUnpublished, Msg::LinkOutsideHelp),
        Skip::LinkOtherKind => (Msg::LinkOtherKind, Msg::LinkOutsideHelp),
        Skip::LinkBroken => (Msg::LinkBroken, Msg::LinkBrokenHelp),
        Skip::Special => (Msg::SpecialFile, Msg::SpecialFileHelp),
    };
    Diagnostic::warning(Rule::Unreadable, shown, message.text(lang)).with_help(help.text(lang))
}

/// What to do about a file or folder that could not be read: the advice for its error
/// where there is one (a path too long, too many open files), else to check its
/// permissions (the advice for those is about writing).
fn unreadable_help(err: Option<&std::io::Error>, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    err.filter(|err| !matches!(err.kind(), K::PermissionDenied | K::NotFound))
        .and_then(|err| crate::i18n::io_file_advice(err, lang))
        .unwrap_or_else(|| Msg::UnreadableHelp.text(lang))
}

/// `path` below `base`, with `/` between the parts. A name that is not UTF-8 (a zip made
/// on Chinese Windows keeps GBK names) is read as GB18030 where it is valid there; `Err`
/// holds the name so read, to be warned about, or the name with its bad bytes replaced
/// where it is not.
pub fn decoded_relative(path: &Path, base: &Path) -> Result<String, String> {
    let below = path.strip_prefix(base).unwrap_or(path);
    if let Some(below) = below.to_str() {
        let rel = below.replace('\\', "/");
        // A GBK name whose bytes happen to be valid UTF-8 as well, among names that are
        // GBK: read as its folder's other names are.
        if let Some(gbk) = path.file_name().and_then(gbk_reading) {
            if folder_has_gbk_names(path) {
                let folder = rel.rsplit_once('/').map(|(folder, _)| folder);
                return Err(folder.map_or(gbk.clone(), |f| format!("{f}/{gbk}")));
            }
        }
        return Ok(rel);
    }
    let parts: Vec<String> = below
        .components()
        .map(|part| decode_name(part.as_os_str()))
        .collect();
    Err(parts.join("/"))
}

#[cfg(unix)]
fn decode_name(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = name.as_bytes();
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map_or_else(|| name.to_string_lossy().into_owned(), |t| t.into_owned())
}

#[cfg(not(unix))]
fn decode_name(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

/// Whether a character is what Chinese file names are made of: ASCII, the common CJK
/// characters, CJK and full-width punctuation.
#[cfg(unix)]
fn in_a_chinese_name(c: char) -> bool {
    c.is_ascii()
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        || matches!(c, '·' | '—' | '…' | '“' | '”' | '‘' | '’')
}

/// The GBK reading of a name that is valid UTF-8 but reads as no Chinese name does (a
/// Latin letter with a tilde, a rare character) while its bytes read as GBK make one:
/// the mark of a GBK name that happens to be valid UTF-8. None for every other name.
#[cfg(unix)]
fn gbk_reading(name: &std::ffi::OsStr) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = name.as_bytes();
    let text = std::str::from_utf8(bytes).ok()?;
    if text.chars().all(in_a_chinese_name) {
        return None;
    }
    let gbk = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
    gbk.chars().all(in_a_chinese_name).then(|| gbk.into_owned())
}

#[cfg(not(unix))]
fn gbk_reading(_name: &std::ffi::OsStr) -> Option<String> {
    None
}

/// Whether a name beside `path` is not valid UTF-8 (a folder unzipped from Windows).
fn folder_has_gbk_names(path: &Path) -> bool {
    let Some(Ok(entries)) = path.parent().map(std::fs::read_dir) else {
        return false;
    };
    entries
        .flatten()
        .any(|entry| entry.file_name().to_str().is_none())
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

/// Whether a note whose front matter could not be read names itself an assessment file
/// or a review in its first lines, however the key is written: quoted, indented, as a
/// list item or a flow mapping, in any case, with `:`, `：` or TOML's `=`, after an
/// empty block or blank lines, or between `+++`.
fn says_document(source: &str) -> bool {
    // The first lines only, where front matter is; only `assessment` is taken in any
    // case (`Assessment:`): "Review: …" is English prose as often as a key.
    source
        .trim_start_matches('\u{feff}')
        .lines()
        .take(25)
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
                    .is_some_and(|(key, _)| front_matter::is_slip_of_assessment(key.trim()))
        })
}

fn parse_note(note: &mut Note, reading: Reading<'_>) {
    let lang = reading.lang;
    let (mut front, body, body_line) = match front_matter::parse(&note.source, lang) {
        Ok((front, split)) => (front, split.body, split.body_line),
        Err(mut diag) => {
            diag.path = note.shown.clone();
            note.diagnostics.push(diag);
            note.broken_document = says_document(&note.source);
            return;
        }
    };
    let title = front.title.as_deref().unwrap_or("");
    let finder = Images {
        roots: reading.image_roots,
        depth: note.rel.matches('/').count(),
    };
    let rendered = markdown::read_body(body, title, reading.allow_html, reading.html, &finder);
    // The body's warnings, each at its file line.
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
    if let (Some(line), false) = (rendered.raw_html_line, reading.allow_html) {
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
    if let Some((key, schedule)) = &front.schedule {
        if schedule.holds_on(reading.today) {
            front.draft = true;
            let (day, to) = match *schedule {
                front_matter::Schedule::From(day) => (day, false),
                front_matter::Schedule::Until(day) => (day, true),
            };
            let day = day.to_string();
            let (message, help) = if to {
                (Msg::Expired { key, day: &day }, Msg::ExpiredHelp)
            } else {
                (
                    Msg::NotYetPublished { key, day: &day },
                    Msg::NotYetPublishedHelp,
                )
            };
            note.diagnostics.push(
                Diagnostic::warning(Rule::FrontMatter, &note.shown, message.text(lang))
                    .at(&note.source, front.line_of(key), 1)
                    .with_help(help.text(lang)),
            );
        }
    }
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
    if let Some(line) = rendered.template_line {
        warnings.push((
            Rule::RawHtml,
            Msg::TemplateCode,
            Msg::TemplateCodeHelp,
            line,
        ));
    }
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
    // Hexo keeps unfinished posts in _drafts/: checked, never published.
    front.draft |= classify::in_drafts(Path::new(&note.rel));
    note.front = Some(front);
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn a_gbk_name_that_is_valid_utf8_is_read_as_gbk_only_among_gbk_names() {
        let dir = tempfile::tempdir().unwrap();
        // 学习 in GBK: D1 A7 CF B0, which is "ѧϰ" in UTF-8.
        let name = std::ffi::OsStr::from_bytes(b"\xd1\xa7\xcf\xb0.md");
        let path = dir.path().join(name);
        std::fs::write(&path, "x").unwrap();
        std::fs::write(dir.path().join("总结.md"), "x").unwrap();
        assert_eq!(decoded_relative(&path, dir.path()), Ok("ѧϰ.md".into()));
        // 笔记 in GBK is no UTF-8: now the folder is one of GBK names.
        std::fs::write(
            dir.path()
                .join(std::ffi::OsStr::from_bytes(b"\xb1\xca\xbc\xc7.md")),
            "x",
        )
        .unwrap();
        assert_eq!(decoded_relative(&path, dir.path()), Err("学习.md".into()));
        // A real UTF-8 Chinese name beside them stays as it is.
        let real = dir.path().join("总结.md");
        assert_eq!(decoded_relative(&real, dir.path()), Ok("总结.md".into()));
    }
}
