//! The shape the roster and the plan share: a list of records, from YAML (or CSV for the
//! roster), each with the line it starts on so errors can point at it.

use crate::config::line_col;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::load::decode::decode;
use std::collections::BTreeMap;

/// Which data file a record list comes from, for wrapping its error messages.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Roster,
    Plan,
}

impl Kind {
    /// One entry, as the error for a file that is no list shows it.
    fn example(self) -> &'static str {
        match self {
            Kind::Roster => "  - id: zhangsan\n    name: 张三\n    branch: 第一党支部",
            Kind::Plan => {
                "  - id: 2022-03-ideology\n    title: 学习意识形态工作重要论述\n    due: 2022-03-31"
            }
        }
    }

    fn invalid(self, detail: &str) -> Msg<'_> {
        match self {
            Kind::Roster => Msg::RosterInvalid(detail),
            Kind::Plan => Msg::PlanInvalid(detail),
        }
    }
}

/// One record: its fields as text, and where it starts in the file.
#[derive(Debug, Default)]
pub struct Record {
    pub fields: BTreeMap<String, Field>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub enum Field {
    Text(String),
    List(Vec<String>),
}

impl Record {
    /// A trimmed, non-empty text field.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.fields.get(key) {
            Some(Field::Text(t)) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        }
    }

    pub fn list(&self, key: &str) -> Vec<String> {
        match self.fields.get(key) {
            Some(Field::List(items)) => items.clone(),
            Some(Field::Text(t)) if !t.trim().is_empty() => vec![t.trim().to_string()],
            _ => Vec::new(),
        }
    }
}

/// A file's text, decoded as notes are.
pub fn read_text(bytes: &[u8], path: &str, kind: Kind, lang: Lang) -> Result<String, Diagnostic> {
    decode(bytes).map(|d| d.text).map_err(|_| {
        Diagnostic::error(
            Rule::Config,
            path,
            kind.invalid(&Msg::Undecodable.text(lang)).text(lang),
        )
        .with_help(Msg::UndecodableHelp.text(lang))
    })
}

/// Parses a YAML list of mappings.
pub fn from_yaml(
    text: &str,
    path: &str,
    kind: Kind,
    lang: Lang,
) -> Result<Vec<Record>, Diagnostic> {
    let fail = |detail: &str, line: usize, col: usize| {
        let diag = Diagnostic::error(Rule::Config, path, kind.invalid(detail).text(lang));
        if line > 0 {
            diag.at(text, line, col)
        } else {
            diag
        }
    };
    let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|err| {
        let full = err.to_string();
        let detail = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
        let detail = crate::i18n::yaml_reason(detail, lang);
        let (line, col) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
        fail(&detail, line, col).with_help(Msg::YamlHelp.text(lang))
    })?;
    let items = match value {
        yaml_serde::Value::Sequence(items) => items,
        yaml_serde::Value::Null => Vec::new(),
        _ => return Err(fail(&Msg::NotList(kind.example()).text(lang), 1, 1)),
    };
    let starts = item_lines(text);
    let mut records = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let line = starts.get(i).copied().unwrap_or(0);
        let yaml_serde::Value::Mapping(mapping) = item else {
            return Err(fail(&Msg::NotList(kind.example()).text(lang), line, 1));
        };
        let mut record = Record {
            line,
            ..Record::default()
        };
        for (key, value) in mapping {
            let Some(key) = key.as_str() else { continue };
            if let Some(field) = to_field(&value) {
                record.fields.insert(key.to_string(), field);
            }
        }
        records.push(record);
    }
    Ok(records)
}

fn to_field(value: &yaml_serde::Value) -> Option<Field> {
    use yaml_serde::Value;
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match value {
        Value::Sequence(items) => Some(Field::List(items.iter().filter_map(scalar).collect())),
        Value::Tagged(tagged) => to_field(&tagged.value),
        other => scalar(other).map(Field::Text),
    }
}

/// Lines where top-level list items start (`- ` at the least indentation used).
fn item_lines(text: &str) -> Vec<usize> {
    let items: Vec<(usize, usize)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let trimmed = line.trim_start();
            (trimmed.starts_with("- ") || trimmed == "-")
                .then(|| (line.len() - trimmed.len(), i + 1))
        })
        .collect();
    let top = items.iter().map(|(indent, _)| *indent).min().unwrap_or(0);
    items
        .into_iter()
        .filter(|(indent, _)| *indent == top)
        .map(|(_, line)| line)
        .collect()
}

/// Parses CSV with a header row (members.csv: id,name,branch).
pub fn from_csv(text: &str, path: &str, kind: Kind, lang: Lang) -> Result<Vec<Record>, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|_| {
            Diagnostic::error(
                Rule::Config,
                path,
                kind.invalid(&Msg::CsvInvalid.text(lang)).text(lang),
            )
            .at(text, 1, 1)
        })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|err| {
            let line = err.position().map_or(0, |p| p.line() as usize);
            Diagnostic::error(
                Rule::Config,
                path,
                kind.invalid(&Msg::CsvInvalid.text(lang)).text(lang),
            )
            .at(text, line, 1)
        })?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        if row.iter().all(str::is_empty) {
            continue;
        }
        let fields = headers
            .iter()
            .zip(row.iter())
            .map(|(h, v)| (h.clone(), Field::Text(v.to_string())))
            .collect();
        records.push(Record { fields, line });
    }
    Ok(records)
}

/// The line and column of the first occurrence of `needle` at or after line `from`.
pub fn find_at(text: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    // Whole lines with their ends, so a CRLF file counts its `\r` too.
    let skip: usize = text
        .split_inclusive('\n')
        .take(from.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = text.get(skip..)?.find(needle)?;
    Some(line_col(text, skip + at))
}

/// Finds names in order through a text, each after the one before, with their lines: one
/// pass over the text however many names there are (30,000 absences written on one line
/// once cost a search of the whole line each).
pub struct InOrder<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

/// How far past the last name [`InOrder`] looks for the next: a list's next item is a
/// line or two on, and a name that is not written as it reads (YAML escapes) is not
/// searched for through the rest of a large file each time.
const LOOK_AHEAD: usize = 64 * 1024;

impl<'a> InOrder<'a> {
    /// Starting at the beginning of line `line` (1-based).
    pub fn from_line(text: &'a str, line: usize) -> InOrder<'a> {
        let at = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        InOrder {
            text,
            at,
            line: line.max(1),
        }
    }

    /// The line of `needle`'s next occurrence, which the search then goes on from.
    pub fn find(&mut self, needle: &str) -> Option<usize> {
        let mut end = (self.at + LOOK_AHEAD + needle.len()).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let window = self.text.get(self.at..end)?;
        let found = window.find(needle)?;
        self.line += memchr::memchr_iter(b'\n', &window.as_bytes()[..found]).count();
        self.at += found + needle.len();
        Some(self.line)
    }
}

/// [`find_at`], or line `from` itself where `needle` is not found: for pointing at a
/// duplicated id.
pub fn find_line(text: &str, needle: &str, from: usize) -> (usize, usize) {
    find_at(text, needle, from).unwrap_or((from, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_in_order_with_their_lines() {
        let text = "absent:\n  - 张三丰\n  - 张三\nx: [李四, 王五, 李四]\n";
        let mut names = InOrder::from_line(text, 1);
        assert_eq!(names.find("张三丰"), Some(2));
        assert_eq!(names.find("张三"), Some(3));
        assert_eq!(names.find("李四"), Some(4));
        assert_eq!(names.find("王五"), Some(4));
        assert_eq!(names.find("李四"), Some(4));
        assert_eq!(names.find("赵六"), None);
        assert_eq!(names.find("李四"), None, "nothing after the last");
    }

    #[test]
    fn found_lines_count_crlf_ends() {
        let text = "- id: a\r\n  name: 甲\r\n- id: b\r\n  name: 甲\r\n";
        assert_eq!(find_at(text, "甲", 3), Some((4, 9)));
        assert_eq!(find_at(text, "乙", 1), None);
        assert_eq!(find_line(text, "乙", 2), (2, 1));
    }
}
