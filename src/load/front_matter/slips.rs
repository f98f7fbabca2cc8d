//! When the YAML fails or a key is off: the slips Chinese users make (a full-width colon
//! or space, a tab, no space after `:`, a key in the wrong case or misspelt), named so
//! that the hint says the real cause.

use super::split::Split;
use super::DocumentKind;
use super::KNOWN_KEYS;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use yaml_serde::Value;

/// The kind of file a key that is neither `assessment` nor `review` says the file is: one
/// of the two mistyped (`assesment`, `reveiw`, `reviews`), a name for one that is not its
/// key (述职, 民主测评, 考核年度), or a field only such a file has (`scores:`, `ballots:`)
/// with its first key left out. The papers beside such a file are the 考核组's.
pub fn document_slip(key: &str) -> Option<DocumentKind> {
    let lower: String = key
        .trim()
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    const ASSESSMENT: &[&str] = &[
        "assessmentyear",
        "scores",
        "考核年度",
        "年度考核",
        "考核评分",
        "评分",
        "考评",
        "得分",
        "score",
        "appraisal",
        "打分",
        "分数",
        "rating",
        "grade",
        "考核结果",
        "考核等次",
        "考核等级",
    ];
    const REVIEW: &[&str] = &[
        "ballots",
        "述职",
        "述职评议",
        "民主测评",
        "测评记录",
        "测评票",
        "选票",
        "述职述廉",
        "评议",
        "votes",
        "票数",
        "evaluation",
        "测评结果",
        // 民主评议党员: members graded, with the reasons.
        "民主评议",
        "民主评议党员",
        "评议结果",
        "评议等次",
        "评定等次",
    ];
    let slip_of = |known: &str, shortest: usize, longest: usize| {
        lower != known
            && (shortest..=longest).contains(&lower.len())
            && strsim::damerau_levenshtein(&lower, known) <= 2
    };
    if ASSESSMENT.contains(&lower.as_str()) || slip_of("assessment", 8, 14) {
        Some(DocumentKind::Assessment)
    } else if REVIEW.contains(&lower.as_str()) || (slip_of("review", 5, 7) && lower != "preview") {
        Some(DocumentKind::Review)
    } else {
        None
    }
}

pub(super) fn yaml_error(
    text: &str,
    split: &Split<'_>,
    err: &yaml_serde::Error,
    lang: Lang,
) -> Diagnostic {
    let full = err.to_string();
    let detail = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
    let explained;
    let detail = match detail {
        "recursion limit exceeded" => {
            explained = Msg::YamlTooDeep.text(lang);
            explained.as_str()
        }
        "repetition limit exceeded" => {
            explained = Msg::YamlBomb.text(lang);
            explained.as_str()
        }
        other => {
            explained = crate::i18n::yaml_reason(other, lang);
            explained.as_str()
        }
    };
    let (mut line, mut col) = err.location().map_or((split.yaml_line, 1), |loc| {
        (split.yaml_line + loc.line() - 1, loc.column())
    });
    // YAML takes a key of at most 1,024 characters, and says a longer one lacks its
    // colon (or, first in the mapping, has a colon out of place): the key's length is
    // the cause. Both wordings are pinned in tests/it/library_wording.rs.
    let long_key = text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.split_once(':'))
        .is_some_and(|(key, _)| key.chars().count() > YAML_KEY_CHARS);
    let says_no_colon = [
        "could not find expected ':'",
        "mapping values are not allowed",
    ]
    .iter()
    .any(|said| full.starts_with(said));
    if says_no_colon && long_key {
        return Diagnostic::error(
            Rule::FrontMatter,
            "",
            Msg::YamlKeyTooLong(YAML_KEY_CHARS).text(lang),
        )
        .at(text, line, 1)
        .with_help(Msg::YamlKeyTooLongHelp.text(lang));
    }
    // A key written twice: the library points at the mapping, a user looks for the
    // second time the key is written.
    let raw = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
    if let Some(key) = raw
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        let second = split
            .yaml
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.starts_with(':'))
            })
            .nth(1);
        if let Some((i, _)) = second {
            (line, col) = (split.yaml_line + i, 1);
        }
    }
    slip_or(text, split, line, lang, || {
        Diagnostic::error(Rule::FrontMatter, "", Msg::YamlInvalid(detail).text(lang))
            .at(text, line, col)
            .with_help(Msg::YamlHelp.text(lang))
    })
}

/// The longest key YAML reads, in characters.
const YAML_KEY_CHARS: usize = 1024;

/// The first slip at or before `up_to_line` as the diagnostic, or `otherwise`.
pub(super) fn slip_or(
    text: &str,
    split: &Split<'_>,
    up_to_line: usize,
    lang: Lang,
    otherwise: impl FnOnce() -> Diagnostic,
) -> Diagnostic {
    for (i, line) in split.yaml.lines().enumerate() {
        let file_line = split.yaml_line + i;
        if file_line > up_to_line {
            break;
        }
        if let Some((col, msg)) = find_slip(line, lang) {
            return Diagnostic::error(Rule::FrontMatter, "", Msg::YamlInvalid(&msg).text(lang))
                .at(text, file_line, col)
                .with_help(Msg::YamlHelp.text(lang));
        }
    }
    otherwise()
}

/// A known key written in another case (`Title:`): YAML keys are case-sensitive, so it
/// would be read as no title at all.
pub(super) fn miscased_key(
    fields: &[(String, Value)],
    key_lines: &[(String, usize)],
    text: &str,
    lang: Lang,
) -> Option<Diagnostic> {
    fields.iter().map(|(key, _)| key.as_str()).find_map(|key| {
        // Nearly always: lower-case ASCII, its own lower case.
        if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            return None;
        }
        let lower = key.to_lowercase();
        let known = KNOWN_KEYS.iter().find(|k| **k == lower && **k != key)?;
        let line = key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, line)| *line);
        Some(
            Diagnostic::error(
                Rule::FrontMatter,
                "",
                Msg::MiscasedKey { key, known }.text(lang),
            )
            .at(text, line, 1)
            .with_help(Msg::MiscasedKeyHelp(known).text(lang)),
        )
    })
}

pub(super) fn known_key_slip(text: &str, split: &Split<'_>, lang: Lang) -> Option<Diagnostic> {
    split.yaml.lines().enumerate().find_map(|(i, line)| {
        if !KNOWN_KEYS.iter().any(|k| line.starts_with(k)) {
            return None;
        }
        let (col, msg) = find_slip(line, lang)?;
        Some(
            Diagnostic::error(Rule::FrontMatter, "", Msg::YamlInvalid(&msg).text(lang))
                .at(text, split.yaml_line + i, col)
                .with_help(Msg::YamlHelp.text(lang)),
        )
    })
}

/// A slip on one YAML line: `(column, explanation)`.
pub fn find_slip(line: &str, lang: Lang) -> Option<(usize, String)> {
    let indent = &line[..line.len() - line.trim_start().len()];
    if let Some(pos) = indent.chars().position(|c| c == '\t') {
        return Some((pos + 1, Msg::TabIndent.text(lang)));
    }
    if let Some(pos) = indent.chars().position(|c| c == '\u{3000}') {
        return Some((pos + 1, Msg::FullWidthSpace.text(lang)));
    }
    let content = &line[indent.len()..];
    let content = content.strip_prefix("- ").unwrap_or(content);
    let offset = line.len() - content.len();
    let ascii = content.find(':');
    let wide = content.find('：');
    match (ascii, wide) {
        (None, Some(w)) | (Some(_), Some(w))
            if ascii.is_none_or(|a| w < a) && is_key(&content[..w]) =>
        {
            let col = line[..offset + w].chars().count() + 1;
            return Some((col, Msg::FullWidthColon.text(lang)));
        }
        _ => {}
    }
    let a = ascii?;
    let key = &content[..a];
    let after = content[a + 1..].chars().next();
    if !is_key(key) {
        return None;
    }
    match after {
        Some('\u{3000}') => Some((
            line[..offset + a + 1].chars().count() + 1,
            Msg::FullWidthSpace.text(lang),
        )),
        Some(c) if !c.is_whitespace() && KNOWN_KEYS.contains(&key) => Some((
            line[..offset + a + 1].chars().count() + 1,
            Msg::NoSpaceAfterColon(key).text(lang),
        )),
        _ => None,
    }
}

pub(super) fn is_key(text: &str) -> bool {
    let text = text.trim_end_matches([' ', '\u{3000}']);
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && text.chars().count() <= 20
}
