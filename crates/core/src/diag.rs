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
    /// An image a reader will not see as written (warning).
    Image,
    /// Bold or italic shown with its asterisks (warning).
    Emphasis,
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
    /// The site, or a file a command was asked to write, could not be written: a full
    /// disk, no permission, a file in use. Not configuration.
    Write,
    /// A path given on the command line names nothing the command can use (no such
    /// file, outside the content folder, not a note). Not configuration.
    Usage,
    /// book.toml, members.yaml / members.csv or plan.yaml is invalid: a configuration error.
    Config,
    /// The assessment scheme is invalid (error), or unwise (warning).
    Scheme,
    /// A manual item nobody has scored, or a review that counts as 0 (warning).
    Unscored,
    /// An assessment file: an unknown item or branch, a score that is none.
    ScoreField,
    /// A score withheld or given without a reason.
    ScoreReason,
    /// An assessment file's 考核意见 missing or hollow.
    Opinion,
    /// A review record's fields.
    ReviewField,
    Ballots,
    ReviewQuorum,
    /// A review's 评价意见 missing or hollow.
    Evaluation,
    /// A review's `result` not a grade, or above the computed one without a reason.
    Result,
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
            Rule::Image => "image",
            Rule::Emphasis => "emphasis",
            Rule::MeetingField => "meeting-field",
            Rule::UnknownBranch => "unknown-branch",
            Rule::Attendance => "attendance",
            Rule::Quorum => "quorum",
            Rule::FewSpeakers => "few-speakers",
            Rule::Unreadable => "unreadable",
            Rule::TooLarge => "too-large",
            Rule::Write => "write",
            Rule::Usage => "usage",
            Rule::Config => "config",
            Rule::Scheme => "scheme",
            Rule::Unscored => "unscored",
            Rule::ScoreField => "score-field",
            Rule::ScoreReason => "score-reason",
            Rule::Opinion => "opinion",
            Rule::ReviewField => "review-field",
            Rule::Ballots => "ballots",
            Rule::ReviewQuorum => "review-quorum",
            Rule::Evaluation => "evaluation",
            Rule::Result => "result",
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
    /// The text of `line` around `column` (at most [`SHOWN_CHARS`] characters of it),
    /// kept to print it under the message; not part of the JSON.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters of the line come before `source_line`: 0 unless the line was
    /// too long to keep whole.
    #[serde(skip)]
    pub source_from: u32,
}

/// How much of a long line a diagnostic keeps: enough to read, never a megabyte line per
/// diagnostic (30,000 absences on one line would otherwise copy it 30,000 times).
pub const SHOWN_CHARS: usize = 160;

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
            source_from: 0,
        }
    }

    pub fn warning(rule: Rule, path: &str, message: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, path, message)
        }
    }

    /// Points the diagnostic at `line:column` of `source` (the whole file's text).
    pub fn at(self, source: &str, line: usize, column: usize) -> Self {
        match source.lines().nth(line.wrapping_sub(1)) {
            Some(text) => self.at_line(text, line, column),
            None => Diagnostic {
                line,
                column: column.max(1),
                ..self
            },
        }
    }

    /// [`Diagnostic::at`] through `lines`, the source's lines found once: for the many
    /// diagnostics of one file, each found without reading the file from its start.
    pub fn at_in(self, lines: &LineIndex<'_>, line: usize, column: usize) -> Self {
        match lines.line(line) {
            Some(text) => self.at_line(text, line, column),
            None => Diagnostic {
                line,
                column: column.max(1),
                ..self
            },
        }
    }

    /// Points the diagnostic at `column` of line `line`, whose text (without its end) is
    /// `text`. Only a window of a long line around the column is read and kept.
    pub fn at_line(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        let head: Vec<char> = text.chars().take(self.column + SHOWN_CHARS).collect();
        let from = if head.len() <= SHOWN_CHARS {
            0
        } else {
            // A little of what comes before the column, then what follows it.
            self.column.saturating_sub(SHOWN_CHARS / 4 + 1)
        };
        let window: String = head.iter().skip(from).take(SHOWN_CHARS + 1).collect();
        self.source_line = Some(window);
        self.source_from = u32::try_from(from).unwrap_or(u32::MAX);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The help "did you mean …" in place of this one, when one of `candidates` is a
    /// likely slip of `wanted` (see [`closest`]).
    pub fn or_closest<'a>(
        mut self,
        wanted: &str,
        candidates: impl Iterator<Item = &'a str>,
        lang: crate::i18n::Lang,
    ) -> Self {
        if let Some(best) = closest(wanted, candidates) {
            self.help = Some(crate::i18n::Msg::DidYouMean(best).text(lang));
        }
        self
    }
}

/// The candidate most like `wanted`, if any is close enough to be a likely slip.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // A comparison costs the product of the lengths: no name or id is this long, and a
    // pasted paragraph (or a hostile file) is no slip of one.
    const LONGEST: usize = 64;
    if wanted.chars().nth(LONGEST).is_some() {
        return None;
    }
    candidates
        .filter(|c| c.chars().nth(LONGEST).is_none())
        .map(|c| (strsim::normalized_damerau_levenshtein(wanted, c), c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Where each line of a file's text starts, found once.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// Line `n` (1-based) without its end, as `str::lines` gives it.
    pub fn line(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        if start >= self.text.len() {
            return None;
        }
        let end = self.starts.get(n).map_or(self.text.len(), |next| next - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
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
        paint("1", &visible(&diagnostic.message))
    );
    let gutter = " ".repeat(diagnostic.line.to_string().len());
    let path = visible(&diagnostic.path);
    let place = if diagnostic.line > 0 {
        format!("{path}:{}:{}", diagnostic.line, diagnostic.column)
    } else {
        path.into_owned()
    };
    let _ = writeln!(out, "{gutter}{} {place}", paint("1;34", "-->"));
    if let Some(source) = &diagnostic.source_line {
        let lead = if diagnostic.source_from > 0 {
            "…"
        } else {
            ""
        };
        let shown = format!("{lead}{}", visible(&shorten(source, SHOWN_CHARS)));
        let bar = paint("1;34", "|");
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {shown}",
            paint("1;34", &diagnostic.line.to_string())
        );
        let before: String = source
            .chars()
            .take(
                diagnostic
                    .column
                    .saturating_sub(1 + diagnostic.source_from as usize),
            )
            .collect();
        let pad = " "
            .repeat(unicode_display_width(&visible(&before)).min(SHOWN_CHARS) + lead.len().min(1));
        let _ = writeln!(out, "{gutter} {bar} {pad}{}", paint(code, "^"));
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} = {}: {}", paint("1", "help"), visible(help));
    }
    out
}

/// `text` with what a terminal would obey instead of show made visible: control
/// characters (an escape that moves the cursor or clears a line, a carriage return that
/// writes over a line, a NUL) as their control pictures (␛, ␍, ␀), and the marks that
/// reorder text as �. A note can then never erase or rewrite the lines around its own
/// diagnostic. Tabs and line breaks stay.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\t' && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\t' | '\n' => c,
            '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7F}' => '\u{2421}',
            c if hidden(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
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

/// At most this many diagnostics are kept for one file; the rest are counted in one
/// more, so that a hostile or broken file cannot print hundreds of thousands of lines.
pub const MAX_PER_FILE: usize = 30;

/// `diagnostics` (of one file) with those past [`MAX_PER_FILE`] replaced by one that
/// says how many more there are: an error if any of them was one.
pub fn capped(mut diagnostics: Vec<Diagnostic>, lang: crate::i18n::Lang) -> Vec<Diagnostic> {
    if diagnostics.len() <= MAX_PER_FILE {
        return diagnostics;
    }
    let rest = diagnostics.split_off(MAX_PER_FILE);
    let first = &rest[0];
    let message = crate::i18n::Msg::MoreInFile(rest.len()).text(lang);
    let mut more = if rest.iter().any(Diagnostic::is_error) {
        Diagnostic::error(first.rule, &first.path, message)
    } else {
        Diagnostic::warning(first.rule, &first.path, message)
    };
    // At the line of the last one kept, so that it is listed after them.
    let last = diagnostics
        .iter()
        .map(|d| (d.line, d.column))
        .max()
        .unwrap_or((0, 0));
    more.line = last.0;
    more.column = last.1;
    diagnostics.push(more.with_help(crate::i18n::Msg::MoreInFileHelp.text(lang)));
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_index_gives_the_lines_str_lines_gives() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n", "一\n二\n三"] {
            let index = LineIndex::new(text);
            let lines: Vec<&str> = text.lines().collect();
            for n in 1..=lines.len() + 1 {
                assert_eq!(
                    index.line(n),
                    lines.get(n - 1).copied(),
                    "{text:?} line {n}"
                );
            }
            assert_eq!(index.line(0), None);
        }
    }

    #[test]
    fn what_a_terminal_would_obey_is_shown_not_obeyed() {
        let line = "短\x1b[2K\x1b[1A全部通过\u{202E}\0";
        let d = Diagnostic::error(Rule::TooShort, "a\x1b]0;x\x07.md", "坏\x1b[1A".into())
            .at(line, 1, 3)
            .with_help("\x1b[2J");
        let text = format_text(&d, false);
        assert!(!text.contains('\x1b') && !text.contains('\0'), "{text:?}");
        assert!(
            !text.contains('\u{202E}') && !text.contains('\x07'),
            "{text:?}"
        );
        assert!(text.contains("短␛[2K␛[1A全部通过�␀"), "{text}");
        // Line breaks and tabs are text; a carriage return writes over a line.
        assert_eq!(visible("一\n二\t三"), "一\n二\t三");
        assert_eq!(visible("假\r真"), "假␍真");
        // The caret still sits under column 3: 短 is two columns, ␛ one.
        assert!(text.contains("  |    ^"), "{text}");
    }

    #[test]
    fn a_long_line_is_shown_around_its_column() {
        let line = format!("{}错{}", "甲".repeat(5000), "乙".repeat(5000));
        let d = Diagnostic::error(Rule::FrontMatter, "a.md", "坏".into()).at(&line, 1, 5001);
        assert!(d.source_line.as_ref().unwrap().chars().count() <= SHOWN_CHARS + 1);
        let text = format_text(&d, false);
        let lines: Vec<&str> = text.lines().collect();
        let caret = lines[4].find('^').unwrap();
        let shown = lines[3];
        // The caret sits under 错: the display columns before it match.
        let before = &shown[..shown.find('错').unwrap()];
        assert_eq!(
            unicode_display_width(&lines[4][..caret]),
            unicode_display_width(before)
        );
    }

    #[test]
    fn a_file_with_thousands_of_problems_gets_a_count_of_the_rest() {
        let many: Vec<Diagnostic> = (0..1000)
            .map(|i| Diagnostic::warning(Rule::Attendance, "a.md", format!("{i}")))
            .chain([Diagnostic::error(Rule::Attendance, "a.md", "错".into())])
            .collect();
        let kept = capped(many, crate::i18n::Lang::Zh);
        assert_eq!(kept.len(), MAX_PER_FILE + 1);
        let last = kept.last().unwrap();
        assert!(
            last.is_error() && last.message.contains("971"),
            "{}",
            last.message
        );
    }

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
