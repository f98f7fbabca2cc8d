//! Where a note's front matter is: the block between `---` lines (or `+++`), found line by
//! line, and the body after it.

use crate::diag::{Diagnostic, Rule};

/// Where the front matter and the body are in a note's text.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line (1-based) of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line (1-based) of the first body line.
    pub body_line: usize,
}

/// Finds the block between the opening `---` (after any blank lines) and the closing
/// `---` or `...`.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let mut lines = LineOffsets::new(text);
    let (open_no, open_line, _) = loop {
        match lines.next() {
            None => return Err(no_front_matter(text, 1)),
            Some((_, line, _)) if line.trim().is_empty() => continue,
            Some(found) => break found,
        }
    };
    if open_line.trim_end() != "---" {
        return Err(no_front_matter(text, open_no));
    }
    let yaml_start = lines.offset;
    for (no, line, start) in lines.by_ref() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line: open_no + 1,
                body: &text[lines.offset.min(text.len())..],
                body_line: no + 1,
            });
        }
    }
    Err(Diagnostic::error(Rule::FrontMatter, "", String::new()).at(text, open_no, 1))
}

pub(super) fn no_front_matter(text: &str, line: usize) -> Diagnostic {
    Diagnostic::error(Rule::FrontMatter, "", String::new()).at(text, line, 1)
}

/// Iterates `(line number, line without its end, byte offset of the line)`.
pub(super) struct LineOffsets<'a> {
    text: &'a str,
    offset: usize,
    number: usize,
}

impl<'a> LineOffsets<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        LineOffsets {
            text,
            offset: 0,
            number: 0,
        }
    }
}

impl<'a> Iterator for LineOffsets<'a> {
    type Item = (usize, &'a str, usize);
    fn next(&mut self) -> Option<Self::Item> {
        if self.offset >= self.text.len() {
            return None;
        }
        let start = self.offset;
        let rest = &self.text[start..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        self.offset += end;
        self.number += 1;
        let line = rest[..end].trim_end_matches('\n').trim_end_matches('\r');
        Some((self.number, line, start))
    }
}
