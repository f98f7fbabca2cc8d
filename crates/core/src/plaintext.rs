//! HTML -> the plain text a reader sees: what the search index cuts into terms and what
//! search results quote, and what raw HTML pasted into a note counts as (a leaf: the
//! markdown walk and the search index both use it).
//!
//! Tags are dropped; a block ends in a line break, so a heading and the paragraph under it
//! never read as one run of text; entities are decoded; script and style hold no text.

/// Elements whose end is the end of a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "thead",
    "tbody",
    "blockquote",
    "pre",
    "br",
    "hr",
    "section",
    "article",
    "figure",
    "figcaption",
    "header",
    "footer",
];

/// The text of `html`: spaces squeezed to one, blocks ended by `\n`.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        push_text(&mut out, &rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let name = tag_name(&rest[1..end]);
            rest = &rest[end..];
            if BLOCKS.contains(&name.as_str()) {
                push_break(&mut out);
            } else if name == "sup" {
                // A footnote mark is not part of the word before it.
                push_text(&mut out, " ");
            } else if name == "script" || name == "style" {
                let close = format!("</{name}");
                let skip = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                let after = rest[skip..].find('>').map_or(rest.len(), |e| skip + e + 1);
                rest = &rest[after..];
            }
        } else {
            let (decoded, used) = entity(rest);
            push_text(&mut out, &decoded);
            rest = &rest[used..];
        }
    }
    push_text(&mut out, rest);
    out.trim_end().to_string()
}

/// The lower-cased element name of a tag's inside (`/p`, `h2 id="x"`, `br/`).
fn tag_name(inside: &str) -> String {
    inside
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn push_break(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// The character an entity at the start of `text` stands for, and how many bytes it
/// takes; a lone `&` stands for itself.
fn entity(text: &str) -> (String, usize) {
    let Some(end) = text.find(';').filter(|&e| e <= 10) else {
        return ("&".to_string(), 1);
    };
    let name = &text[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".to_string(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_end_lines_and_inline_tags_vanish() {
        let html = "<h2 id=\"学习内容\">学习内容</h2>\n<p>重点是<strong>节水</strong>优先，\n见<a href=\"x.html\">文件</a>。</p>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n";
        assert_eq!(
            plain_text(html),
            "学习内容\n重点是节水优先， 见文件。\n一\n二"
        );
    }

    #[test]
    fn entities_are_decoded_and_scripts_dropped() {
        let html = "<p>A &amp; B &lt;tag&gt; &#39;x&#39; &#x4E2D; & c</p><script>var a = '<p>';</script><p>后</p>";
        assert_eq!(plain_text(html), "A & B <tag> 'x' 中 & c\n后");
    }
}
