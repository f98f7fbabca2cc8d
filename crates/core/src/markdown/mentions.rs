//! Text -> the file names it mentions anywhere, however written: in a link, in an
//! attribute no list names (`ping`, `data-src`, a `<meta>` refresh's `url=`), in a
//! script's string, in a size Typora adds (`![](图.png =100x)`), or in plain words. What
//! a held note mentions is withheld with it unless a published note links to it, so a
//! route the link readers miss still publishes nothing.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};

/// A file name is at most 255 bytes on the file systems a site is kept on: a mention
/// is read back no further than that from its extension's dot.
const LONGEST_NAME: usize = 255;

/// The longest extension read: `.png`, `.docx`, `.drawio` and the like.
const LONGEST_EXTENSION: usize = 10;

/// The file names `text` mentions, in lower case, as the names a file of the site could
/// have: each mention (ending in a dot and a file's extension, starting after the space,
/// quote, bracket of a tag, `=` or slash before it), and each of its ends that starts
/// after a character other than an ASCII letter or digit (`见附件扫描.png` mentions
/// `扫描.png` too; `图11.png` does not mention `1.png`, nor `mylogo.png` `logo.png`). Read
/// as written, with HTML's entities decoded (`&#x626b;描.png`), and with `%`-escapes
/// decoded. In order, so that two readings of one text are equal.
pub fn mentioned_files(text: &str) -> BTreeSet<String> {
    let mut readings = vec![text.to_lowercase()];
    if text.contains('&') {
        readings.push(entities_decoded(text).to_lowercase());
    }
    let escaped: Vec<String> = readings
        .iter()
        .filter(|reading| reading.contains('%'))
        .map(|reading| {
            percent_encoding::percent_decode_str(reading)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    readings.extend(escaped);
    let mut found = HashSet::new();
    for reading in &readings {
        mentions_in(reading, &mut found);
    }
    let mut names = BTreeSet::new();
    for mention in found {
        let dot = mention.rfind('.').unwrap_or(0);
        let cuts: Vec<usize> = mention
            .char_indices()
            .filter(|&(_, c)| !c.is_ascii_alphanumeric())
            .map(|(at, c)| at + c.len_utf8())
            .filter(|&cut| cut < dot)
            .collect();
        for cut in cuts {
            names.insert(mention[cut..].to_string());
        }
        names.insert(mention);
    }
    names
}

/// Whether a file named `name` (in lower case) is among the `mentioned` names, or its
/// name after a space is (`我的 扫描.png`, where the space cut the mention short).
pub fn is_mentioned(mentioned: &BTreeSet<String>, name: &str) -> bool {
    mentioned.contains(name)
        || name
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .any(|(at, c)| mentioned.contains(&name[at + c.len_utf8()..]))
}

/// The extensions of the files a note's folder may hold beside it: a mention of any
/// other (`www.gov.cn`, `第3.5节`) names no file, and is not kept.
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "svg", "svgz", "bmp", "tif", "tiff", "heic", "heif",
    "avif", "ico", "pdf", "ofd", "caj", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "et",
    "dps", "odt", "ods", "odp", "rtf", "txt", "csv", "json", "xml", "html", "htm", "zip", "rar",
    "7z", "gz", "tgz", "tar", "bz2", "xz", "mp3", "wav", "m4a", "aac", "amr", "mp4", "mov", "avi",
    "mkv", "wmv", "flv", "webm", "m4v", "3gp",
];

fn mentions_in(text: &str, found: &mut HashSet<String>) {
    let bytes = text.as_bytes();
    for dot in memchr::memchr_iter(b'.', bytes) {
        let extension = bytes[dot + 1..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if extension == 0 || extension > LONGEST_EXTENSION {
            continue;
        }
        let end = dot + 1 + extension;
        if !FILE_EXTENSIONS.contains(&&text[dot + 1..end]) {
            continue;
        }
        let mut start = dot.saturating_sub(LONGEST_NAME);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let before = &text[start..dot];
        let from = before
            .char_indices()
            .rev()
            .find(|&(_, c)| ends_a_mention(c))
            .map_or(start, |(at, c)| start + at + c.len_utf8());
        if from < dot {
            found.insert(text[from..end].to_string());
        }
    }
}

/// What a file name in a text starts after: a space, a quote, a tag's bracket, an
/// attribute's `=`, a folder's slash (either way), a table's bar.
fn ends_a_mention(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>' | '=' | '/' | '\\' | '|')
}

/// `text` as a browser reads it: entities decoded in its words and its attributes
/// (html5ever's tokenizer), tags' names and attributes' names left out.
fn entities_decoded(text: &str) -> String {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    let tokenizer = Tokenizer::new(Words::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.text.into_inner()
}

#[derive(Default)]
struct Words {
    text: RefCell<String>,
}

impl TokenSink for Words {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut text = self.text.borrow_mut();
        match token {
            Token::CharacterTokens(words) => text.push_str(&words),
            Token::TagToken(tag) => {
                for attribute in &tag.attrs {
                    text.push(' ');
                    text.push_str(&attribute.value);
                }
                text.push(' ');
            }
            Token::CommentToken(comment) => {
                text.push(' ');
                text.push_str(&comment);
                text.push(' ');
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::{is_mentioned, mentioned_files};

    fn mentions(text: &str, name: &str) -> bool {
        is_mentioned(&mentioned_files(text), name)
    }

    #[test]
    fn a_name_is_mentioned_however_it_is_written() {
        let routes = [
            r#"<meta http-equiv="refresh" content="0;url=扫描.png">"#,
            r#"<a ping="扫描.png" href="https://www.gov.cn/">"#,
            r#"<img data-src="./zhangsan/扫描.png">"#,
            "![](扫描.png =100x)",
            "<script>var p = '扫描.PNG';</script>",
            "见扫描.png。",
            r#"<img data-src="&#x626b;&#x63cf;.png">"#,
            "<img data-src=%E6%89%AB%E6%8F%8F.png>",
            "D:\\学习笔记\\扫描.png",
        ];
        for text in routes {
            assert!(mentions(text, "扫描.png"), "{text}");
        }
        assert!(mentions("见 我的 扫描.png", "我的 扫描.png"));
    }

    #[test]
    fn words_that_name_no_such_file_mention_none() {
        assert!(!mentions("学习了第 3.5 节，体会很深。", "扫描.png"));
        assert!(!mentions("扫描件.pdf", "扫描.png"));
        assert!(!mentions("a.png", "data.png"));
        // Within a Latin word or a number, no end of it is a name of its own.
        assert!(!mentions("图11.png", "1.png"));
        assert!(!mentions("见 mylogo.png", "logo.png"));
        // What is no file's extension names no file.
        assert!(mentioned_files("版本 1.2.3，见 www.gov.cn 第3.5节").is_empty());
    }

    #[test]
    fn a_long_line_of_dots_is_read_in_linear_space() {
        let text = "a.png".repeat(100_000);
        let found = mentioned_files(&text);
        assert!(found.iter().all(|m| m.len() <= 255 + 11));
    }
}
