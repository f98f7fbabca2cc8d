//! Assets -> published or withheld: what may go out beside the notes, judged by a file's
//! name, its first bytes, its folder and its other names (hard links).

use super::by_name::{
    is_copy_of_source, is_html_name, is_program, is_secret, is_server_code, uncompressed_name,
};
use super::head::{head_of, Archive};
use super::pages::page_stem;
use super::private::{beside_document, Private};
use super::source;
use super::svg::svg_is_active;
use super::walk::relative;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use std::path::Path;

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
    /// A file in a folder named as a note's page is (`a.html/图.png` beside `a.md`):
    /// the folder and the page cannot both be.
    UnderAPage,
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
    /// An assessment file or a review record saved under another name (`考核.json`,
    /// `述职测评.doc`): internal until 公示, wherever it is kept.
    Document,
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
    /// A file that begins with a note's front matter, whatever its name (`学习心得.doc`
    /// saved by Notepad, `草稿.pdf`, a theme's `notes.md`): a note, which would go out
    /// unchecked.
    NoteInside,
    /// An archive or a compressed file (zip, tar, gzip, 7z, rar …, judged by its bytes),
    /// or an Office document that names a note or a secret among its parts: what is in
    /// it would go out unchecked, a draft among them.
    ArchiveOfNotes,
    /// A name (or a folder's) ending in a dot or a space, which Windows drops: `记录.md.`
    /// is `记录.md` there, and `伪图.png.` an image a browser may sniff.
    Misnamed,
    /// A file only notes held back link to (a draft's, a password-kept note's): it goes
    /// out with its note, once that is published.
    DraftsOnly,
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
    if misnamed {
        return Err(Withheld::Misnamed);
    }
    screen_name(rel, allow_html, pages)?;
    match ext.as_str() {
        "svg" | "svgz" if !allow_html => screen_svg(path, &ext),
        "svg" | "svgz" => Ok(()),
        ext => screen_head(path, ext),
    }
}

/// What the name an asset is published under (`rel`) says: a copy of a note or a data
/// file, a program a server or Windows runs, a secret, markup (compressed or not) that
/// runs script without `allow_html`, or a page that lands on a note's page (`pages`).
fn screen_name(
    rel: &str,
    allow_html: bool,
    pages: &std::collections::HashSet<String>,
) -> Result<(), Withheld> {
    if is_copy_of_source(rel) {
        return Err(Withheld::Copy);
    }
    if is_server_code(rel) {
        return Err(Withheld::ServerCode);
    }
    if is_program(rel) {
        return Err(Withheld::Program);
    }
    if is_secret(rel) {
        return Err(Withheld::Secret);
    }
    // Compressed markup is sent as markup where the server decodes it on the way;
    // its content cannot be looked through here.
    if uncompressed_name(rel).is_some_and(runs_or_leaks) && !allow_html {
        return Err(Withheld::Html);
    }
    if is_html_name(rel) && pages.contains(&page_stem(rel).to_lowercase()) {
        return Err(Withheld::OnAPage);
    }
    if super::pages::under_a_page(rel, pages) {
        return Err(Withheld::UnderAPage);
    }
    if is_html_name(rel) && !allow_html {
        return Err(Withheld::Html);
    }
    Ok(())
}

/// Whether the name inside a compressed file's (`x.svg` of `x.svg.gz`) is one that
/// runs or leaks once a server decodes it on the way: a page, a program, a secret, an
/// SVG.
fn runs_or_leaks(inner: &str) -> bool {
    is_html_name(inner) || is_program(inner) || is_secret(inner) || {
        let ext = inner.rsplit_once('.').map_or("", |(_, ext)| ext);
        ext.eq_ignore_ascii_case("svg")
    }
}

/// Whatever an asset's name (`ext`, lower-cased, not an SVG's), what its first bytes
/// say: a private key (a "picture" too), markup under an image's or a PDF's name (a
/// browser that sniffs runs it), a note saved under another name (`草稿.txt`, its draft
/// and all).
fn screen_head(path: &Path, ext: &str) -> Result<(), Withheld> {
    let head = head_of(path);
    if head.key {
        return Err(Withheld::Secret);
    }
    // Markup saved under an image's or a document's name: a browser that sniffs runs
    // it, whatever the name says.
    // `allow-html` lets notes hold HTML, not pages pass for pictures.
    if is_shown_as_image(ext) && head.markup {
        return Err(Withheld::Html);
    }
    // A note saved under a document's name (Notepad's `学习心得.doc`, which Word opens)
    // is text all the same: a real document's first bytes are no front matter.
    if head.front_matter {
        return Err(Withheld::NoteInside);
    }
    // An archive's files cannot each be checked: a draft, a key or a classified paper
    // in one would go out unseen. Only an Office or OpenDocument file (a zip inside)
    // is published, and only when it names no note or secret among its parts.
    let unchecked = match head.archive {
        Some(Archive::Zip) if is_office_document(ext) => zip_holds_notes(path),
        Some(_) => true,
        None => false,
    };
    if unchecked {
        return Err(Withheld::ArchiveOfNotes);
    }
    Ok(())
}

/// Whether a file of this extension (lower-cased) is a document kept as a zip of its
/// parts: Word, Excel, PowerPoint, WPS's own, OpenDocument, EPUB, OFD.
fn is_office_document(ext: &str) -> bool {
    matches!(
        ext,
        "docx"
            | "xlsx"
            | "pptx"
            | "docm"
            | "xlsm"
            | "pptm"
            | "dotx"
            | "xltx"
            | "potx"
            | "ppsx"
            | "wps"
            | "et"
            | "dps"
            | "wpt"
            | "odt"
            | "ods"
            | "odp"
            | "odg"
            | "epub"
            | "ofd"
            | "vsdx"
            | "xps"
            | "oxps"
    )
}

/// Whether the zip archive at `path` names a note or a secret among its files, as its
/// central directory lists them (no file in it is unpacked). An archive that cannot be
/// read so (not a zip, ZIP64, cut short) is judged as any other file.
fn zip_holds_notes(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    const END: &[u8] = b"PK\x05\x06";
    const ENTRY: &[u8] = b"PK\x01\x02";
    let Ok(mut file) = crate::plain::open_plain(path) else {
        return false;
    };
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    // The end record is in the last 22 bytes, or before a comment of up to 64 KB.
    let tail = len.min(22 + 0xFFFF);
    let mut end = vec![0; tail as usize];
    if file.seek(SeekFrom::End(-(tail as i64))).is_err() || file.read_exact(&mut end).is_err() {
        return false;
    }
    let Some(at) = memchr::memmem::rfind(&end, END) else {
        return false;
    };
    let field = |bytes: &[u8], at: usize, size: usize| -> Option<u64> {
        let raw = bytes.get(at..at + size)?;
        Some(raw.iter().rev().fold(0u64, |n, &b| n << 8 | u64::from(b)))
    };
    let (Some(size), Some(offset)) = (field(&end, at + 12, 4), field(&end, at + 16, 4)) else {
        return false;
    };
    // A directory past the file, or larger than any list of names: no zip to read.
    if offset + size > len || size > 16 << 20 {
        return false;
    }
    let mut directory = vec![0; size as usize];
    if file.seek(SeekFrom::Start(offset)).is_err() || file.read_exact(&mut directory).is_err() {
        return false;
    }
    let mut at = 0;
    while directory.get(at..at + 4) == Some(ENTRY) {
        let (Some(name), Some(extra), Some(comment)) = (
            field(&directory, at + 28, 2),
            field(&directory, at + 30, 2),
            field(&directory, at + 32, 2),
        ) else {
            return false;
        };
        let start = at + 46;
        let Some(raw) = directory.get(start..start + name as usize) else {
            return false;
        };
        // Any encoding (UTF-8, or GBK from a Windows zip): the extension is ASCII.
        let member = String::from_utf8_lossy(raw).to_lowercase();
        let file_name = member.rsplit(['/', '\\']).next().unwrap_or(&member);
        if crate::names::markdown_stem(&member).is_some() || is_secret(file_name) {
            return true;
        }
        at = start + (name + extra + comment) as usize;
    }
    false
}

/// Whether a browser shows a file of this extension (lower-cased) as an image or a PDF.
fn is_shown_as_image(ext: &str) -> bool {
    matches!(
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
    )
}

/// An SVG read and looked through (`ext` is `svg` or `svgz`): published when it holds
/// nothing that runs; a compressed one, read all the same, never is.
fn screen_svg(path: &Path, ext: &str) -> Result<(), Withheld> {
    let bytes = source::read_plain(path, MAX_SVG_BYTES).map_err(|_| Withheld::Unread)?;
    if ext == "svgz" || svg_is_active(&bytes) {
        return Err(Withheld::ActiveSvg);
    }
    Ok(())
}

pub fn asset_withheld(shown: &str, why: Withheld, lang: Lang) -> Diagnostic {
    let (message, help) = match why {
        Withheld::Html => (Msg::AssetMarkup, Msg::RawHtmlHelp),
        Withheld::ActiveSvg => (Msg::AssetActiveSvg, Msg::AssetActiveSvgHelp),
        Withheld::OnAPage => (Msg::AssetOnAPage, Msg::AssetOnAPageHelp),
        Withheld::UnderAPage => (Msg::UnderAPage, Msg::UnderAPageHelp),
        Withheld::Unread => (Msg::AssetUnread, Msg::UnreadableHelp),
        Withheld::ServerCode => (Msg::AssetServerCode, Msg::AssetServerCodeHelp),
        Withheld::Program => (Msg::AssetProgram, Msg::AssetServerCodeHelp),
        Withheld::BesideAssessment => (Msg::AssetBesideAssessment, Msg::AssetBesideAssessmentHelp),
        Withheld::Document => (Msg::AssetIsDocument, Msg::AssetBesideAssessmentHelp),
        Withheld::Copy => (Msg::AssetCopyOfSource, Msg::AssetCopyOfSourceHelp),
        Withheld::NoteInside => (Msg::AssetNoteInside, Msg::AssetNoteInsideHelp),
        Withheld::ArchiveOfNotes => (Msg::AssetArchiveOfNotes, Msg::AssetArchiveOfNotesHelp),
        Withheld::Secret => (Msg::AssetSecret, Msg::AssetSecretHelp),
        Withheld::HardLink => (Msg::AssetHardLink, Msg::AssetHardLinkHelp),
        Withheld::BesideUnread => (Msg::AssetBesideUnread, Msg::AssetBesideUnreadHelp),
        Withheld::Misnamed => (Msg::AssetMisnamed, Msg::AssetMisnamedHelp),
        Withheld::DraftsOnly => (Msg::AssetDraftsOnly, Msg::AssetDraftsOnlyHelp),
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
        return Err(Withheld::NoteInside);
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
        if private.renamed.contains(rel) {
            return Err(Withheld::Document);
        }
        if beside_document(rel, &private.documents) {
            return Err(Withheld::BesideAssessment);
        }
        if beside_document(rel, &private.unread) {
            return Err(Withheld::BesideUnread);
        }
        if super::private::is_drafts_only(rel, &private.drafts_only) {
            return Err(Withheld::DraftsOnly);
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
