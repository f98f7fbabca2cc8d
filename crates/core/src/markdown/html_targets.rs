//! The addresses raw HTML points at, read as a browser reads them: html5ever's
//! tokenizer decodes the entities (`&#x2e;/扫描.png`) and the quoting, and the styles'
//! `url(…)` and `@import` are read as CSS names files. What a draft's HTML points at
//! is withheld with it, so missing one here publishes a file its writer kept back.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// The addresses in `html` (a fragment: a tag, or the lines of an HTML block), each
/// with whether it is an image's.
pub(super) fn html_targets(html: &str) -> Vec<(String, bool)> {
    // Fast path: most raw HTML in notes is `<br>` or `<font>`.
    let lower = html.to_ascii_lowercase();
    if !ATTRIBUTES.iter().any(|(name, _)| lower.contains(name))
        && !lower.contains("url")
        && !lower.contains("@import")
    {
        return Vec::new();
    }
    let sink = Targets::default();
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.into_inner()
}

/// The attributes that name a file, each with whether the file is shown as an image.
/// An SVG's `xlink:href` counts as `href`.
const ATTRIBUTES: &[(&str, bool)] = &[
    ("src", true),
    ("srcset", true),
    ("poster", true),
    ("background", true),
    ("lowsrc", true),
    ("dynsrc", true),
    ("href", false),
    ("data", false),
    ("action", false),
    ("formaction", false),
    ("cite", false),
    ("longdesc", false),
    ("archive", false),
];

#[derive(Default)]
struct Targets {
    found: RefCell<Vec<(String, bool)>>,
    /// Inside `<style>`: its text is CSS.
    in_style: std::cell::Cell<bool>,
}

impl Targets {
    fn push(&self, address: &str, image: bool) {
        let address = address.trim();
        if !address.is_empty() {
            self.found.borrow_mut().push((address.to_string(), image));
        }
    }

    fn attribute(&self, name: &str, value: &str) {
        let name = name.rsplit(':').next().unwrap_or(name).to_ascii_lowercase();
        if name == "style" {
            for address in css_addresses(value) {
                self.push(&address, true);
            }
            return;
        }
        let Some(&(_, image)) = ATTRIBUTES.iter().find(|(known, _)| *known == name) else {
            return;
        };
        if name == "srcset" {
            // `a.png 1x, b.png 2x`: each candidate's address.
            for candidate in value.split(',') {
                if let Some(address) = candidate.split_whitespace().next() {
                    self.push(address, image);
                }
            }
        } else {
            self.push(value, image);
        }
    }
}

impl TokenSink for Targets {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                if &*tag.name == "style" {
                    self.in_style.set(tag.kind == TagKind::StartTag);
                }
                if tag.kind == TagKind::StartTag {
                    for attr in &tag.attrs {
                        self.attribute(&attr.name.local, &attr.value);
                    }
                }
            }
            Token::CharacterTokens(text) if self.in_style.get() => {
                for address in css_addresses(&text) {
                    self.push(&address, true);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The files CSS names: `url(a.png)`, `url("a.png")`, `@import "a.css"`, with CSS's
/// backslash escapes undone (`url(\61 .png)` is `a.png`).
fn css_addresses(css: &str) -> Vec<String> {
    let css = unescape_css(css);
    let lower = css.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("url(") {
        let start = from + found + 4;
        let end = lower[start..].find(')').map_or(css.len(), |e| start + e);
        out.push(css[start..end].trim().trim_matches(['"', '\'']).to_string());
        from = end.min(css.len());
    }
    let mut from = 0;
    while let Some(found) = lower[from..].find("@import") {
        let start = from + found + 7;
        let rest = css[start..].trim_start();
        if let Some(quote @ ('"' | '\'')) = rest.chars().next() {
            if let Some(end) = rest[1..].find(quote) {
                out.push(rest[1..1 + end].to_string());
            }
        }
        from = start;
    }
    out
}

/// CSS's escapes undone: `\` and up to six hex digits (and one space after them) is
/// that character; `\` and any other character is the character.
fn unescape_css(css: &str) -> std::borrow::Cow<'_, str> {
    if !css.contains('\\') {
        return std::borrow::Cow::Borrowed(css);
    }
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while let Some(d) = chars.next_if(|d| hex.len() < 6 && d.is_ascii_hexdigit()) {
            hex.push(d);
        }
        if hex.is_empty() {
            out.extend(chars.next());
            continue;
        }
        if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        let code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::html_targets;

    fn addresses(html: &str) -> Vec<String> {
        html_targets(html).into_iter().map(|(a, _)| a).collect()
    }

    #[test]
    fn addresses_are_read_as_a_browser_reads_them() {
        assert_eq!(addresses(r#"<img SRC="扫描.png">"#), ["扫描.png"]);
        assert_eq!(addresses("<img src=a.png alt=x>"), ["a.png"]);
        assert_eq!(
            addresses(r#"<img src="&#x2e;/&#25195;描.png">"#),
            ["./扫描.png"]
        );
        assert_eq!(
            addresses(r#"<a href="&period;&sol;附件.pdf">"#),
            ["./附件.pdf"]
        );
        assert_eq!(addresses("<img\n  src='多行.png'>"), ["多行.png"]);
        assert_eq!(
            addresses(r#"<img srcset="a.png 1x, b.png 2x">"#),
            ["a.png", "b.png"]
        );
        assert_eq!(
            addresses(r#"<svg><image xlink:href="图.png"/></svg>"#),
            ["图.png"]
        );
        assert_eq!(addresses(r#"<td background="底.jpg">"#), ["底.jpg"]);
    }

    #[test]
    fn styles_name_files_too() {
        assert_eq!(
            addresses(r#"<div style="background: URL( '证件.png' )">"#),
            ["证件.png"]
        );
        assert_eq!(
            addresses("<style>p { background: url(\\8bc1 件.png) } @import \"x.css\";</style>"),
            ["证件.png", "x.css"]
        );
        assert_eq!(
            addresses(r#"<div style="background: url(&quot;b.png&quot;)">"#),
            ["b.png"]
        );
        // Words that only look like attributes name nothing.
        assert!(addresses("<p>src=\"a.png\" 是文字</p>").is_empty());
        assert!(addresses("<br>").is_empty());
    }
}
