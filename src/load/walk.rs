//! The content folder -> the notes, assets and problems found in it, each file's name
//! decoded (a GBK name from a Windows zip) and written with `/`.

use super::classify::{self, FileKind};
use super::{source, Asset};
use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use std::path::{Path, PathBuf};

pub(super) struct Found {
    pub(super) notes: Vec<(PathBuf, String)>,
    pub(super) assets: Vec<Asset>,
    /// YAML, CSV and TOML files that are none of the site's own (not published): read
    /// only to find an assessment file or a review saved as one.
    pub(super) other_data: Vec<Asset>,
    /// Markdown files passed over unread (a link out of the site, a broken one, a FIFO).
    pub(super) skipped: Vec<String>,
    pub(super) problems: Vec<Diagnostic>,
}

/// Lists the content folder, sorting each file with [`classify::classify`]. Links are
/// followed only to files inside the root.
pub(super) fn walk(site: &Site) -> Found {
    let mut found = Found {
        notes: Vec::new(),
        assets: Vec::new(),
        other_data: Vec::new(),
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
                found.unreadable(site, &err);
                continue;
            }
        };
        let path = entry.path();
        let admitted = bounds.admit_kind(path, entry.file_type());
        match admitted {
            source::Admit::File => {}
            source::Admit::Skip(skip) => {
                found.passed_over(site, path, skip);
                continue;
            }
            source::Admit::Folder | source::Admit::Nothing => continue,
        }
        let rel = found.name_of(site, path);
        found.sort(site, path, rel);
    }
    found
}

impl Found {
    /// Warns of a folder or a file the walk could not read.
    fn unreadable(&mut self, site: &Site, err: &walkdir::Error) {
        let lang = site.lang();
        let path = err.path().map(|p| site.display_path(p)).unwrap_or_default();
        let reason = crate::i18n::walk_reason(err, lang);
        self.problems.push(
            Diagnostic::warning(Rule::Unreadable, &path, Msg::Unreadable(&reason).text(lang))
                .with_help(unreadable_help(err.io_error(), lang)),
        );
    }

    /// Warns of the file at `path`, passed over unread for `skip`, and keeps it among
    /// the skipped if it is named as a note.
    fn passed_over(&mut self, site: &Site, path: &Path, skip: source::Skip) {
        // What it is cannot be told: it may be an assessment file.
        let rel = relative(path, &site.content_dir);
        if classify::classify(Path::new(&rel)) == FileKind::Note {
            self.skipped.push(rel);
        }
        self.problems
            .push(skipped(&site.display_path(path), skip, site.lang()));
    }

    /// The name of the file at `path` below the content folder, decoded; a name that is
    /// not UTF-8, or that reads as GBK among GBK names, is warned about.
    fn name_of(&mut self, site: &Site, path: &Path) -> String {
        let lang = site.lang();
        match decoded_relative(path, &site.content_dir) {
            Ok(rel) => rel,
            Err(rel) => {
                let shown = site.display_path(path);
                // Valid UTF-8 that reads as nonsense, among GBK names: told as such.
                let message = if path.to_str().is_some() {
                    Msg::NameLooksGbk(&rel)
                } else {
                    Msg::NameEncoding(&rel)
                };
                self.problems.push(
                    Diagnostic::warning(Rule::Encoding, &shown, message.text(lang))
                        .with_help(Msg::NameEncodingHelp.text(lang)),
                );
                rel
            }
        }
    }

    /// Keeps the file at `path` (`rel` below the content folder) as a note or an asset,
    /// as [`classify::classify`] sorts it; the site's data files are neither.
    fn sort(&mut self, site: &Site, path: &Path, rel: String) {
        match classify::classify(Path::new(&rel)) {
            FileKind::Note => self.notes.push((path.to_path_buf(), rel)),
            FileKind::Asset if site.is_data_file(path) => {}
            FileKind::Asset => self.assets.push(Asset {
                path: path.to_path_buf(),
                rel,
            }),
            FileKind::Data if !site.is_data_file(path) => self.other_data.push(Asset {
                path: path.to_path_buf(),
                rel,
            }),
            FileKind::Data | FileKind::Ignored => {}
        }
    }
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
        Skip::TooLong => (
            Msg::PathTooLong(source::MAX_REL_BYTES),
            Msg::PathTooLongHelp,
        ),
    };
    Diagnostic::warning(Rule::Unreadable, shown, message.text(lang)).with_help(help.text(lang))
}

/// What to do about a file or folder that could not be read: the advice for its error
/// where there is one (a path too long, too many open files), else to check its
/// permissions (the advice for those is about writing).
pub(super) fn unreadable_help(err: Option<&std::io::Error>, lang: Lang) -> String {
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
        let rel = crate::names::slashed(below);
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
    let gbk = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes);
    let big5 = encoding_rs::BIG5.decode_without_bom_handling_and_without_replacement(bytes);
    // Traditional-Chinese Windows names files in Big5: its common characters, read as
    // GBK, are rare ones or no characters (`草稿` as `絑`). The reading with more common
    // characters wins; GBK when they tie.
    let (gb2312, big5_common) = common_characters(bytes);
    match (gbk, big5) {
        (_, Some(big5)) if big5_common > gb2312 => big5.into_owned(),
        (Some(gbk), _) => gbk.into_owned(),
        (None, Some(big5)) => big5.into_owned(),
        (None, None) => name.to_string_lossy().into_owned(),
    }
}

/// How many of a name's two-byte characters are common ones of GB2312 (the characters
/// GBK names are written in), and how many are Big5's common characters (A440–C67E).
#[cfg(unix)]
fn common_characters(bytes: &[u8]) -> (usize, usize) {
    let (mut gb2312, mut big5) = (0, 0);
    let mut i = 0;
    while i + 1 < bytes.len() {
        let (lead, trail) = (bytes[i], bytes[i + 1]);
        if lead < 0x81 {
            i += 1;
            continue;
        }
        let gb_lead = (0xA1..=0xF7).contains(&lead) && !(0xAA..=0xAF).contains(&lead);
        gb2312 += usize::from(gb_lead && (0xA1..=0xFE).contains(&trail));
        let big5_trail = (0x40..=0x7E).contains(&trail) || (0xA1..=0xFE).contains(&trail);
        big5 += usize::from((0xA4..=0xC6).contains(&lead) && big5_trail);
        i += 2;
    }
    (gb2312, big5)
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

/// Whether a character is a Latin letter with its accents (Latin-1's letters, Latin
/// Extended-A and -B with pinyin's ǎ ǐ ǒ ǔ ǖ, Vietnamese's), or a superscript digit.
#[cfg(unix)]
fn is_latin_letter(c: char) -> bool {
    (('\u{C0}'..='\u{24F}').contains(&c) && !matches!(c, '×' | '÷'))
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
        || matches!(c, '¹' | '²' | '³')
}

/// The GBK reading of a name that is valid UTF-8 but reads as no Chinese name does (a
/// Latin letter with a tilde, a rare character) while its bytes read as GBK make one:
/// the mark of a GBK name that happens to be valid UTF-8. None for every other name.
#[cfg(unix)]
fn gbk_reading(name: &std::ffi::OsStr) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = name.as_bytes();
    let text = std::str::from_utf8(bytes).ok()?;
    // A name of Latin letters, accented as pinyin and European words are (`xuéxí`,
    // `café`, `Straße`), or with a superscript (`COM¹`), is what it says.
    if text
        .chars()
        .all(|c| in_a_chinese_name(c) || is_latin_letter(c))
    {
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
    crate::names::slashed(&path.strip_prefix(base).unwrap_or(path).to_string_lossy())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn big5_names_are_told_from_gbk_ones() {
        use std::os::unix::ffi::OsStrExt;
        for name in ["草稿", "私密筆記", "密碼.txt"] {
            let bytes = encoding_rs::BIG5.encode(name).0;
            assert_eq!(decode_name(std::ffi::OsStr::from_bytes(&bytes)), name);
        }
        for name in ["学习心得", "朱镕基讲话.pdf", "草稿"] {
            let bytes = encoding_rs::GBK.encode(name).0;
            assert_eq!(decode_name(std::ffi::OsStr::from_bytes(&bytes)), name);
        }
    }

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
