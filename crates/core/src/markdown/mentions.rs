//! Text -> the file names it mentions anywhere, however written: in a link, in an
//! attribute no list names (`ping`, `data-src`, a `<meta>` refresh's `url=`), in a
//! script's string, in a size Typora adds (`![](图.png =100x)`), or in plain words. What
//! a held note mentions is withheld with it unless a published note links to it, so a
//! route the link readers miss still publishes nothing.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer};
use std::cell::RefCell;
use std::collections::HashSet;

/// A file name is at most 255 bytes on the file systems a site is kept on: a mention
/// is read back no further than that from its extension's dot.
const LONGEST_NAME: usize = 255;

/// The longest extension read: `.png`, `.docx`, `.drawio` and the like.
const LONGEST_EXTENSION: usize = 10;

/// The mentions in `text`, in lower case, each ending in a dot and an extension and
/// starting after the space, quote, bracket of a tag, `=` or slash before it (so
/// `content="0;url=扫描.png"` mentions `扫描.png`, and `见扫描件.png` mentions
/// `见扫描件.png`, which [`mentions_name`] finds `扫描件.png` in). Read as written, with
/// HTML's entities decoded (`&#x626b;描.png`), and with `%`-escapes decoded.
pub fn mentioned_files(text: &str) -> HashSet<String> {
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
    found
}

/// Whether `name` (a file's name, in lower case) is among `mentions`: one ends in it
/// (`见扫描件.png` mentions `扫描件.png`), or it ends in one after a space (`扫描 件.png`
/// is mentioned as `件.png` where a space cut the mention short).
pub fn mentions_name<'a>(mentions: impl IntoIterator<Item = &'a String>, name: &str) -> bool {
    mentions.into_iter().any(|mention| {
        mention.ends_with(name)
            || (name.len() > mention.len()
                && name.ends_with(mention.as_str())
                && name[..name.len() - mention.len()].ends_with(char::is_whitespace))
    })
}

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
    use super::{mentioned_files, mentions_name};

    fn mentions(text: &str, name: &str) -> bool {
        mentions_name(&mentioned_files(text), name)
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
        assert!(mentioned_files("版本 1.2.3，见第二章")
            .iter()
            .all(|m| !m.contains('见')));
    }

    #[test]
    fn a_long_line_of_dots_is_read_in_linear_space() {
        let text = "a.b".repeat(100_000);
        let found = mentioned_files(&text);
        assert!(found.iter().all(|m| m.len() <= 255 + 11));
    }
}
