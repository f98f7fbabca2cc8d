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
}

/// Reads the first 4 KB of the file at `path` (opened as notes are: never a FIFO or
/// a device, never waiting on one), or up to 64 KB of one that opens as front matter
/// does, whose first key may come after many lines of comments; nothing for a file that
/// cannot be read.
pub(super) fn head_of(path: &Path) -> Head {
    use std::io::Read;
    const FIRST: u64 = 4096;
    const FRONT_MATTER: u64 = 64 * 1024;
    let Ok(file) = source::open_plain(path) else {
        return Head::default();
    };
    // A key a little way into a file (after a few lines saying what it is for) too.
    let mut head = Vec::with_capacity(FIRST as usize);
    let mut file = file.take(FRONT_MATTER);
    if (&mut file).take(FIRST).read_to_end(&mut head).is_err() {
        return Head::default();
    }
    let opens = |head: &[u8]| {
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        text.trim_ascii_start().starts_with(b"---") || text.trim_ascii_start().starts_with(b"+++")
    };
    // Front matter, or only blank space so far: its first key may come later.
    let blank = head.iter().all(u8::is_ascii_whitespace);
    if head.len() as u64 == FIRST && (opens(&head) || blank) && file.read_to_end(&mut head).is_err()
    {
        return Head::default();
    }
    let head = &head[..];
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
    let mut lines = lines_text.lines().map(str::trim_end);
    let opens = matches!(lines.next(), Some("---" | "+++"));
    let field = lines.find(|l| !is_blank_or_comment(l)).is_some_and(|l| {
        l.split_once([':', '：', '='])
            .is_some_and(|(key, _)| !key.trim().is_empty() && !key.contains(' '))
    });
    Head {
        markup: text.first() == Some(&b'<'),
        front_matter: opens && field,
        document: opens && field && says_document(&lines_text),
        yaml_document: says_document(&lines_text),
        key: holds_key(text),
    }
}

/// Whether the first bytes of a file hold a private key, a certificate or a cloud
/// credential, whatever the file is called ([`holds_key_material`]), or a line that
/// sets a password.
fn holds_key(text: &[u8]) -> bool {
    holds_key_material(text) || says_password(&text.to_ascii_lowercase())
}

/// Whether `text` holds key material: PEM (`-----BEGIN … PRIVATE KEY-----`), PuTTY's
/// key files, AWS's credentials, a service's token, a URL with its password. What a
/// note's own text is searched for too: `密码：` alone is a word of the Cryptography
/// Law there.
pub(super) fn holds_key_material(text: &[u8]) -> bool {
    let has = |word: &[u8]| memchr::memmem::find(text, word).is_some();
    if has(b"-----BEGIN ")
        && [
            &b"PRIVATE KEY"[..],
            b"CERTIFICATE",
            b"PGP PRIVATE",
            b"OPENSSH",
        ]
        .iter()
        .any(|w| has(w))
    {
        return true;
    }
    // The rest is text: a picture's bytes are not looked through line by line.
    if memchr::memchr(0, text).is_some() {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    has(b"PuTTY-User-Key-File-")
        || memchr::memmem::find(&lower, b"aws_secret_access_key").is_some()
        // GitHub's, GitLab's, Slack's, OpenAI's and Google's keys and tokens.
        || [
            &b"ghp_"[..],
            b"gho_",
            b"ghs_",
            b"ghu_",
            b"github_pat_",
            b"glpat-",
            b"xoxb-",
            b"xoxp-",
            b"sk-proj-",
            b"AIzaSy",
        ]
        .iter()
        .any(|token| has(token))
        || has_credentials_in_url(&lower)
}

/// Whether `lower` holds a URL with a password in it (`mysql://root:hunter2@10.0.0.1`).
fn has_credentials_in_url(lower: &[u8]) -> bool {
    memchr::memmem::find_iter(lower, b"://").any(|at| {
        let rest = &lower[at + 3..];
        let end = rest
            .iter()
            .position(|&b| b == b'/' || b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let authority = &rest[..end];
        authority
            .iter()
            .position(|&b| b == b'@')
            .is_some_and(|at| authority[..at].contains(&b':'))
    })
}

/// Whether a line of `lower` (lower-cased) sets a password: `password=…`,
/// `export DB_PASSWORD=…`, `pwd: …`.
fn says_password(lower: &[u8]) -> bool {
    String::from_utf8_lossy(lower).lines().any(|line| {
        let line = line.trim().trim_start_matches(['{', ',']).trim_start();
        let line = line.trim_start_matches("export ").trim_start();
        line.split_once(['=', ':', '：'])
            .is_some_and(|(key, value)| {
                let key = key.trim().trim_matches(['"', '\'']);
                let named = ["password", "passwd", "pwd", "pass", "密码"]
                    .iter()
                    .any(|word| key == *word || key.ends_with(&format!("_{word}")));
                named && !value.trim().is_empty()
            })
    })
}
