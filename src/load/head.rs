//! What the first bytes of a file say it is, whatever its name says: markup, a note, a
//! key, an assessment file saved under another name.

use super::note::{is_blank_or_comment, says_document};
use super::source;
use std::path::Path;

/// What the first bytes of a file say it is, whatever its name says.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Head {
    /// It begins as markup does (`<` after a BOM and blank space), not as an image or a
    /// PDF begins.
    pub(super) markup: bool,
    /// It begins as a note does: front matter, `---` or `+++` and a field.
    pub(super) front_matter: bool,
    /// It holds a private key or a certificate (`-----BEGIN … PRIVATE KEY-----`).
    pub(super) key: bool,
    /// It begins as an assessment file or a review does (`考核.txt`, saved under
    /// another name): the files beside it are as private as beside the real one.
    pub(super) document: bool,
    /// Its first lines name it an assessment file or a review, `---` or not: what a
    /// YAML file saved as one says.
    pub(super) yaml_document: bool,
    /// It begins as an archive or a compressed file does, whatever its name: a zip
    /// (which Office documents are too), or one whose files cannot be listed here (tar,
    /// gzip, xz, bzip2, 7z, rar, zstd, lzip, cab).
    pub(super) archive: Option<Archive>,
}

/// What kind of archive a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Archive {
    Zip,
    Other,
}

/// The kind of archive `head` (a file's first bytes) begins as, if any.
fn archive_of(head: &[u8]) -> Option<Archive> {
    const OTHERS: [&[u8]; 9] = [
        b"\x1f\x8b",
        b"\xfd7zXZ\x00",
        b"BZh",
        b"7z\xbc\xaf\x27\x1c",
        b"Rar!\x1a\x07",
        b"\x28\xb5\x2f\xfd",
        b"LZIP",
        b"MSCF",
        b"\x1f\x9d",
    ];
    if [&b"PK\x03\x04"[..], b"PK\x05\x06", b"PK\x07\x08"]
        .iter()
        .any(|magic| head.starts_with(magic))
    {
        Some(Archive::Zip)
    } else if OTHERS.iter().any(|magic| head.starts_with(magic))
        || head.get(257..262) == Some(&b"ustar"[..])
    {
        Some(Archive::Other)
    } else {
        None
    }
}

/// Reads the first 4 KB of the file at `path` (opened as notes are: never a FIFO or
/// a device, never waiting on one), or up to 64 KB of one that opens as front matter
/// does, whose first key may come after many lines of comments; nothing for a file that
/// cannot be read.
pub(super) fn head_of(path: &Path) -> Head {
    let Some(head) = first_bytes(path) else {
        return Head::default();
    };
    let head = &head[..];
    let archive = archive_of(head);
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
    // Notepad's GBK, as notes are read when they are not UTF-8.
    let lines_text = match std::str::from_utf8(text) {
        Ok(utf8) => std::borrow::Cow::Borrowed(utf8),
        // UTF-8 cut off where the head ends.
        Err(cut) if cut.error_len().is_none() => {
            String::from_utf8_lossy(&text[..cut.valid_up_to()])
        }
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(text).0,
    };
    // An HTML comment first (a template's note to itself) is passed over, as the note
    // reading passes it over.
    let mut lines = lines_text
        .lines()
        .map(str::trim_end)
        .skip_while(|l| l.is_empty() || (l.starts_with("<!--") && l.ends_with("-->")));
    let first = lines.next().unwrap_or("");
    // YAML's `---`, TOML's `+++`, or JSON's `{` holding a note's own keys (a chart's
    // data in JSON is no note).
    let json = first.starts_with('{');
    let opens = matches!(first, "---" | "+++") || json;
    let field = if json {
        json_note(&lines_text)
    } else {
        lines.find(|l| !is_blank_or_comment(l)).is_some_and(|l| {
            l.split_once([':', '：', '='])
                .is_some_and(|(key, _)| !key.trim().is_empty() && !key.trim().contains(' '))
        })
    };
    Head {
        markup: text.first() == Some(&b'<'),
        front_matter: opens && field,
        document: opens && field && says_document(&lines_text),
        yaml_document: says_document(&lines_text),
        key: holds_key(text),
        archive,
    }
}

/// The first 4 KB of the file at `path`, or up to 64 KB of one that opens as front
/// matter or with blank space; None for a file that cannot be opened or read.
fn first_bytes(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    const FIRST: u64 = 4096;
    const FRONT_MATTER: u64 = 64 * 1024;
    let file = source::open_plain(path).ok()?;
    // A key a little way into a file (after a few lines saying what it is for) too.
    let mut head = Vec::with_capacity(FIRST as usize);
    let mut file = file.take(FRONT_MATTER);
    (&mut file).take(FIRST).read_to_end(&mut head).ok()?;
    let opens = |head: &[u8]| {
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        text.trim_ascii_start().starts_with(b"---") || text.trim_ascii_start().starts_with(b"+++")
    };
    // Front matter, or only blank space so far: its first key may come later.
    let blank = head.iter().all(u8::is_ascii_whitespace);
    if head.len() as u64 == FIRST && (opens(&head) || blank) {
        file.read_to_end(&mut head).ok()?;
    }
    Some(head)
}

/// Whether the first bytes of a file hold a private key, a certificate or a cloud
/// credential, whatever the file is called ([`holds_key_material`]), or a line that
/// sets a password.
fn holds_key(text: &[u8]) -> bool {
    use super::secret_text::{holds_key_material, says_password};
    holds_key_material(text) || says_password(&text.to_ascii_lowercase())
}

/// Whether JSON text reads as a note's front matter: a title that is text (`"title":
/// "…"`, not a chart's `"title": {"text": …}`) beside an author, a date or a draft
/// mark, in English or Chinese keys.
fn json_note(text: &str) -> bool {
    let text_at = |key: &str| {
        text.match_indices(key).any(|(at, _)| {
            let rest = text[at + key.len()..].trim_start();
            rest.strip_prefix(':')
                .is_some_and(|value| value.trim_start().starts_with('"'))
        })
    };
    let titled = text_at("\"title\"") || text_at("\"标题\"");
    let other = [
        "\"author\"",
        "\"date\"",
        "\"draft\"",
        "\"作者\"",
        "\"日期\"",
        "\"草稿\"",
    ];
    titled && other.iter().any(|key| text.contains(key))
}
