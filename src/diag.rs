//! Diagnostics: what studybook says about a file, and how it prints it.
//!
//! Every problem a user can fix is a [`Diagnostic`] with a stable [`Rule`] id, a place
//! (path, line, column) and a message in the book's language. The text format follows
//! rustc; the JSON format is the contract in docs/DESIGN.md.

use serde::Serialize;
use std::fmt::Write as _;

/// How bad a diagnostic is: errors reject a note (or stop a command), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The stable rule ids of docs/DESIGN.md. Other tools match on these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    FrontMatter,
    MissingField,
    BadDate,
    UnknownMember,
    UnknownStudy,
    TitleOnly,
    TooShort,
    MissingSection,
    Duplicate,
    Encoding,
    FutureDate,
    RawHtml,
    /// A meeting record lacks a field its kind needs, or names a kind that is not known.
    MeetingField,
    UnknownBranch,
    /// Who a meeting record says was absent does not add up.
    Attendance,
    Quorum,
    FewSpeakers,
    /// A file or folder that could not be read at all (permissions, I/O), or a link that
    /// leads out of the site.
    Unreadable,
    /// A note file too large to be a note.
    TooLarge,
    /// book.toml, members.yaml / members.csv or plan.yaml is invalid: a configuration error.
    Config,
}

impl Rule {
    pub fn id(self) -> &'static str {
        match self {
            Rule::FrontMatter => "front-matter",
            Rule::MissingField => "missing-field",
            Rule::BadDate => "bad-date",
            Rule::UnknownMember => "unknown-member",
            Rule::UnknownStudy => "unknown-study",
            Rule::TitleOnly => "title-only",
            Rule::TooShort => "too-short",
            Rule::MissingSection => "missing-section",
            Rule::Duplicate => "duplicate",
            Rule::Encoding => "encoding",
            Rule::FutureDate => "future-date",
            Rule::RawHtml => "raw-html",
            Rule::MeetingField => "meeting-field",
            Rule::UnknownBranch => "unknown-branch",
            Rule::Attendance => "attendance",
            Rule::Quorum => "quorum",
            Rule::FewSpeakers => "few-speakers",
            Rule::Unreadable => "unreadable",
            Rule::TooLarge => "too-large",
            Rule::Config => "config",
        }
    }
}

/// One problem in one file. `line` and `column` are 1-based and count in the file as the
/// user sees it in an editor (characters, not bytes); 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub rule: Rule,
    pub message: String,
    pub help: Option<String>,
    /// The text of `line`, kept to print it under the message; not part of the JSON.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(rule: Rule, path: &str, message: String) -> Self {
        Diagnostic {
            path: path.to_string(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            rule,
            message,
            help: None,
            source_line: None,
        }
    }

    pub fn warning(rule: Rule, path: &str, message: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, path, message)
        }
    }

    /// Points the diagnostic at `line:column` of `source` (the whole file's text).
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.source_line = source.lines().nth(line.wrapping_sub(1)).map(str::to_string);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Formats diagnostics like rustc: `error[rule]: message`, `--> path:line:col`, the
/// source line with a caret under the column, and `= help:`.
pub fn format_text(diagnostic: &Diagnostic, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let (label, code) = match diagnostic.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let mut out = String::new();
    let head = format!("{label}[{}]", diagnostic.rule.id());
    let _ = writeln!(
        out,
        "{}: {}",
        paint(code, &head),
        paint("1", &diagnostic.message)
    );
    let gutter = " ".repeat(diagnostic.line.to_string().len());
    let place = if diagnostic.line > 0 {
        format!(
            "{}:{}:{}",
            diagnostic.path, diagnostic.line, diagnostic.column
        )
    } else {
        diagnostic.path.clone()
    };
    let _ = writeln!(out, "{gutter}{} {place}", paint("1;34", "-->"));
    if let Some(source) = &diagnostic.source_line {
        let shown = shorten(source, 160);
        let bar = paint("1;34", "|");
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {shown}",
            paint("1;34", &diagnostic.line.to_string())
        );
        let before: String = source
            .chars()
            .take(diagnostic.column.saturating_sub(1))
            .collect();
        let pad = " ".repeat(unicode_display_width(&before).min(160));
        let _ = writeln!(out, "{gutter} {bar} {pad}{}", paint(code, "^"));
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} = {}: {help}", paint("1", "help"));
    }
    out
}

fn shorten(line: &str, max_chars: usize) -> String {
    if line.chars().count() <= max_chars {
        line.to_string()
    } else {
        let mut cut: String = line.chars().take(max_chars).collect();
        cut.push('…');
        cut
    }
}

/// Columns a string takes in a terminal: CJK and full-width characters take two, so the
/// caret lands under the right character of a Chinese line. A tab counts four.
pub fn unicode_display_width(text: &str) -> usize {
    text.split('\t')
        .map(unicode_width::UnicodeWidthStr::width)
        .sum::<usize>()
        + 4 * text.matches('\t').count()
}

/// Column (1-based, in characters) of byte offset `byte` within `line`.
pub fn column_of(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(1, |s| s.chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_column_of_a_chinese_line() {
        let d = Diagnostic::error(Rule::FrontMatter, "a.md", "坏".into()).at("标题：x\n", 1, 3);
        let text = format_text(&d, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], " --> a.md:1:3");
        assert_eq!(lines[3], "1 | 标题：x");
        assert_eq!(lines[4], "  |     ^");
    }
}
