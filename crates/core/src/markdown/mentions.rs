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

/// The file names a text mentions, in lower case ([`Mentions::of`]), kept reversed, so
/// that a file's name is found at the end of any of them by one range of the set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions(BTreeSet<String>);

impl Mentions {
    /// What `text` mentions: each name ending in a dot and a file's extension, starting
    /// after the space, punctuation, quote, bracket of a tag, `=` or slash before it.
    /// Read as written, with HTML's entities decoded (`&#x626b;描.png`), and with
    /// `%`-escapes decoded.
    pub fn of(text: &str) -> Mentions {
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
        Mentions(found.iter().map(|m| m.chars().rev().collect()).collect())
    }

    /// Adds what `other` mentions.
    pub fn extend(&mut self, other: &Mentions) {
        self.0.extend(other.0.iter().cloned());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a file named `name` (in lower case) is mentioned: a mention is its name,
    /// or ends in it after a character other than an ASCII letter or digit
    /// (`见附件扫描.png` mentions `扫描.png`; `图11.png` does not mention `1.png`, nor
    /// `mylogo.png` `logo.png`); or its name after a space is (`我的 扫描.png`, where the
    /// space cut the mention short).
    pub fn names(&self, name: &str) -> bool {
        let after_spaces = name
            .char_indices()
            .filter(|(_, c)| c.is_whitespace())
            .map(|(at, c)| &name[at + c.len_utf8()..]);
        std::iter::once(name)
            .chain(after_spaces)
            .any(|tail| !tail.is_empty() && self.ends_in(tail))
    }

    fn ends_in(&self, name: &str) -> bool {
        let reversed: String = name.chars().rev().collect();
        self.0
            .range(reversed.clone()..)
            .take_while(|m| m.starts_with(&reversed))
            .any(|m| {
                m[reversed.len()..]
                    .chars()
                    .next()
                    .is_none_or(|before| !before.is_ascii_alphanumeric())
            })
    }
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
/// attribute's `=`, a folder's slash (either way), a table's bar, a sentence's
/// punctuation (`见附件，扫描.png`).
fn ends_a_mention(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '"' | '\'' | '`' | '<' | '>' | '=' | '/' | '\\' | '|')
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '【'
                | '】'
                | ','
                | ';'
                | '!'
                | '?'
        )
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
    use super::Mentions;

    fn mentions(text: &str, name: &str) -> bool {
        Mentions::of(text).names(name)
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
            "见附件，扫描.png",
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
        assert!(Mentions::of("版本 1.2.3，见 www.gov.cn 第3.5节").is_empty());
    }

    #[test]
    fn a_long_line_of_names_is_kept_in_linear_space() {
        let text: String = (0..25_000)
            .map(|i| format!("见附件扫描件{i}.png"))
            .collect();
        let found = Mentions::of(&text);
        assert!(found.0.len() <= 25_000);
        assert!(found.0.iter().all(|m| m.len() <= 255 + 11));
        assert!(found.names("扫描件24999.png"));
    }
}
