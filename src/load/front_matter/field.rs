//! Taking each known field out of the parsed YAML, with a message of its own when its
//! form is wrong (a list where one value belongs, a date that is no text).

use super::{Absence, FrontMatter, Stated};
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use yaml_serde::Value;

/// Whether a value holds anything: not null, not blank text, not an empty list or map.
pub(super) fn has_content(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Sequence(items) => items.iter().any(has_content),
        Value::Mapping(map) => !map.is_empty(),
        _ => true,
    }
}

/// One absence as written: the member and the reason, each untrimmed and either missing.
type Written = (Option<String>, Option<String>);

/// Takes one field's value out of the YAML, with a typed message when its form is wrong.
pub(super) struct Field<'a> {
    pub(super) fm: &'a FrontMatter,
    pub(super) text: &'a str,
    pub(super) key: &'a str,
    pub(super) lang: Lang,
}

impl Field<'_> {
    pub(super) fn wrong(&self, expected_zh: &str, expected_en: &str, example: &str) -> Diagnostic {
        let expected = if self.lang == Lang::Zh {
            expected_zh
        } else {
            expected_en
        };
        let line = self.fm.line_of(self.key);
        let col = self
            .text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.find(':'))
            .map_or(1, |c| c + 2);
        Diagnostic::error(
            Rule::FrontMatter,
            "",
            Msg::FieldType {
                field: self.key,
                expected,
            }
            .text(self.lang),
        )
        .at(self.text, line, col)
        .with_help(Msg::FieldTypeHelp(example).text(self.lang))
    }

    pub(super) fn scalar(&self, value: Value) -> Result<Option<String>, Diagnostic> {
        match into_text(value) {
            Ok(text) => Ok(text.and_then(trimmed)),
            Err(()) => Err(self.wrong(
                "一段文字",
                "a single piece of text",
                &format!("`{}: ...`", self.key),
            )),
        }
    }

    /// A list of strings; one string is a list of one (or, for tags, split at commas and
    /// the Chinese enumeration comma, as people write them).
    pub(super) fn list(&self, value: Value, split_commas: bool) -> Result<Vec<String>, Diagnostic> {
        let wrong = || {
            self.wrong(
                "文字或文字列表",
                "text or a list of text",
                &format!("`{}: [甲, 乙]`", self.key),
            )
        };
        let items: Vec<String> = match value {
            Value::Sequence(items) => items
                .into_iter()
                .map(|item| into_text(item).map_err(|()| wrong()))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .flatten()
                .collect(),
            other => match into_text(other).map_err(|()| wrong())? {
                Some(text) if split_commas => {
                    text.split([',', '，', '、']).map(str::to_string).collect()
                }
                Some(text) => vec![text],
                None => Vec::new(),
            },
        };
        Ok(items.into_iter().filter_map(trimmed).collect())
    }

    /// `absent:` as a list of `{member, reason}`; also taken: `王五: 出差`, `王五（出差）`
    /// and a bare name (whose missing reason the check reports).
    pub(super) fn absences(&self, value: &Value) -> Result<Vec<Absence>, Diagnostic> {
        let items: &[Value] = match value {
            Value::Null => &[],
            Value::Sequence(items) => items,
            Value::String(s) if is_none_absent(s) => &[],
            Value::String(_) => std::slice::from_ref(value),
            _ => return Err(self.wrong_absences()),
        };
        let key_line = self.fm.line_of(self.key);
        // Each absence is looked for after the one before (`张三` after `张三丰`), on the
        // same line too, for a list written on one line; one not found (written with
        // escapes) is put at the key.
        let mut names = crate::load::data_list::InOrder::from_line(self.text, key_line);
        let mut out = Vec::with_capacity(items.len());
        for (member, reason) in items
            .iter()
            .map(|item| self.absence(item))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
        {
            let Some(member) = member.and_then(trimmed) else {
                return Err(self.wrong_absences());
            };
            let line = names.find(&member).unwrap_or(key_line);
            out.push(Absence {
                member,
                reason: reason.and_then(trimmed),
                line,
            });
        }
        Ok(out)
    }

    /// One item of `absent:`, as the members and the reasons it gives (untrimmed): a
    /// `{member, reason}`, a `王五: 出差` mapping, or text, which may name several
    /// (`赵敏 病假、王五 出差`); none for an empty item.
    fn absence(&self, item: &Value) -> Result<Vec<Written>, Diagnostic> {
        let wrong = || self.wrong_absences();
        let (member, reason) = match item {
            Value::Mapping(fields) => {
                // The keys as written in English or in Chinese.
                let get = |keys: &[&str]| keys.iter().find_map(|k| fields.get(*k)).map(scalar_text);
                match (
                    get(&["member", "姓名", "人员", "name"]),
                    get(&["reason", "原因", "事由", "理由"]),
                ) {
                    (Some(member), reason) => (
                        member.map_err(|()| wrong())?,
                        reason
                            .transpose()
                            .map_err(|()| self.wrong_reason())?
                            .flatten(),
                    ),
                    (None, _) if fields.len() == 1 => {
                        let (k, v) = fields.iter().next().ok_or_else(wrong)?;
                        (
                            scalar_text(k).map_err(|()| wrong())?,
                            scalar_text(v).map_err(|()| wrong())?,
                        )
                    }
                    _ => return Err(wrong()),
                }
            }
            other => match scalar_text(other).map_err(|()| wrong())? {
                Some(text) => return Ok(split_absences(&text)),
                None => return Ok(Vec::new()),
            },
        };
        Ok(vec![(member, reason)])
    }

    /// The error for an `absent:` that is no list of absent members.
    fn wrong_absences(&self) -> Diagnostic {
        let example = match self.lang {
            Lang::Zh => "`absent:` 下每人一项：`  - member: wangwu`，下一行 `    reason: 出差`",
            Lang::En => {
                "one item per member under `absent:`: `  - member: wangwu`, then `    reason: away`"
            }
        };
        self.wrong("缺席人员列表", "a list of absent members", example)
    }

    /// The error for an absence whose reason is not text.
    fn wrong_reason(&self) -> Diagnostic {
        self.wrong(
            "一段文字写的缺席原因",
            "a reason written as text",
            "`    reason: 病假`",
        )
    }

    /// One piece of text, or a list of exactly one (`author: [zhangsan]`, Hugo's
    /// `authors:`).
    pub(super) fn one_of_list(&self, value: Value) -> Result<Option<String>, Diagnostic> {
        match value {
            Value::Sequence(mut items) if items.len() == 1 => self.scalar(items.remove(0)),
            other => self.scalar(other),
        }
    }
}

/// The head count `value` states (`实到: 8`, `8人`, `8 名`, `八人`, `全体`, or a list of
/// names, counted); nothing for an empty value. Never an error: what cannot be read is
/// [`Stated::Unread`], which only a meeting record is told of.
pub(super) fn head_count(value: &Value) -> Option<Stated> {
    let text = match value {
        Value::Null => return None,
        // The names of those present: each once (`[张三, 张三]` is one).
        Value::Sequence(items) => {
            let mut names: Vec<String> = items
                .iter()
                .filter_map(|i| scalar_text(i).ok().flatten())
                .collect();
            names.sort();
            names.dedup();
            return Some(Stated::Count(names.len()));
        }
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_string(),
        Value::Tagged(tagged) => return head_count(&tagged.value),
        _ => return Some(Stated::Unread),
    };
    if text.is_empty() {
        return None;
    }
    if text.contains("列席") {
        return Some(Stated::Guests);
    }
    if ["全体", "全员", "全部"]
        .iter()
        .any(|all| text.starts_with(all))
    {
        return Some(Stated::All);
    }
    // `8人`, `８名`, `八人`, `十二人`: the number it starts with, then only a unit.
    let narrow: String = text.chars().map(crate::names::half_width).collect();
    let digits: String = narrow.chars().take_while(char::is_ascii_digit).collect();
    let (count, rest) = if digits.is_empty() {
        match chinese_number(&narrow) {
            Some((n, used)) => (Some(n), &narrow[used..]),
            None => (None, narrow.as_str()),
        }
    } else {
        (digits.parse().ok(), &narrow[digits.len()..])
    };
    let unit_only = rest
        .trim()
        .trim_end_matches(['。', '.'])
        .trim_end_matches(['人', '名', '位'])
        .trim()
        .is_empty();
    match count {
        Some(n) if unit_only => Some(Stated::Count(n)),
        _ => Some(Stated::Unread),
    }
}

/// A number written in Chinese at the start of `text` (`八`, `十二`, `二十三`, `一百零五`,
/// up to 九百九十九), and how many bytes it takes.
fn chinese_number(text: &str) -> Option<(usize, usize)> {
    let digit = |c: char| match c {
        '零' | '〇' => Some(0),
        '两' => Some(2),
        c => "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p + 1),
    };
    let (mut total, mut pending, mut used) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            '十' => {
                total += pending.max(1) * 10;
                pending = 0;
            }
            '百' => {
                total += pending.max(1) * 100;
                pending = 0;
            }
            c => match digit(c) {
                Some(d) => pending = d,
                None => break,
            },
        }
        used += c.len_utf8();
    }
    (used > 0).then_some((total + pending, used))
}

/// A yes or a no as people write one (`true`, `是`, `1`, `on`, `对`, `√`; `false`, `否`,
/// `0`, `off`, `×`), none for anything else. An empty value is no.
pub(super) fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Null => Some(false),
        Value::Number(n) if n.as_u64() == Some(1) => Some(true),
        Value::Number(n) if n.as_u64() == Some(0) => Some(false),
        Value::String(s) => {
            let said: String = s.trim().chars().map(crate::names::half_width).collect();
            match said.to_lowercase().as_str() {
                "是" | "yes" | "y" | "true" | "1" | "on" | "对" | "√" | "✓" | "✔" => {
                    Some(true)
                }
                "否" | "no" | "n" | "false" | "0" | "off" | "不" | "不是" | "错" | "×" | "✗"
                | "" => Some(false),
                _ => None,
            }
        }
        Value::Tagged(tagged) => flag(&tagged.value),
        _ => None,
    }
}

/// Whether an `absent:` says nobody was absent, as records say it.
fn is_none_absent(text: &str) -> bool {
    matches!(
        text.trim().trim_end_matches(['。', '.']),
        "" | "无"
            | "none"
            | "无人缺席"
            | "全员到会"
            | "全员出席"
            | "全到"
            | "暂无"
            | "没有"
            | "0"
            | "〇"
    )
}

/// Text that may name several absences, as they are written on one line: `赵敏 病假、王五
/// 出差`, `赵敏，王五`, `赵敏 因病请假；刘一 外出学习`. Parted at 、，；outside brackets;
/// a part that is only a reason (`赵敏，病假`) is the reason of the name before it.
pub(super) fn split_absences(text: &str) -> Vec<(Option<String>, Option<String>)> {
    let mut out: Vec<(Option<String>, Option<String>)> = Vec::new();
    for part in outside_brackets(text, &['、', '；', ';', '，', ',']) {
        // A sentence's end is punctuation, not part of a name or a reason.
        let part = part.trim().trim_end_matches(['。', '.', '；', ';']);
        // `赵敏 王强 出差`: names in Chinese characters parted by spaces are parts too
        // (`John Smith` is one name).
        let words: Vec<&str> = part.split_whitespace().collect();
        let han = |w: &&str| {
            w.chars()
                .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '·')
        };
        let pieces = if words.len() > 1 && words.iter().all(han) {
            words
        } else {
            vec![part]
        };
        for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
            add_absence(&mut out, piece);
        }
    }
    out
}

/// Adds the absence one part of a line names to `out`: a name and its reason, or only a
/// reason, which is the reason of the name before it (`赵敏，病假`), or of every name
/// before it that has none when it says so (`赵敏、王强（均出差）`).
fn add_absence(out: &mut Vec<(Option<String>, Option<String>)>, piece: &str) {
    // `王强同志（出差）`: the name, as the roster has it.
    let (name, reason) = match split_reason(piece) {
        (Some(name), reason) if name.chars().count() > 3 && name.ends_with("同志") => {
            (Some(name.trim_end_matches("同志").to_string()), reason)
        }
        other => other,
    };
    let (name, reason) = match (name, reason) {
        (Some(name), None) => {
            joined_reason(&name).map_or((Some(name), None), |(n, r)| (Some(n), Some(r)))
        }
        other => other,
    };
    let only_a_reason =
        reason.is_none() && name.as_deref().is_some_and(|n| n.contains(REASON_MARKS));
    if only_a_reason {
        if let (Some((_, said)), Some(name)) = (out.last_mut(), &name) {
            match said {
                Some(said) => {
                    said.push('、');
                    said.push_str(name);
                }
                None => *said = Some(name.clone()),
            }
            return;
        }
    }
    // `（均出差）`: the reason of the names before it that have none, too.
    if let Some(all) = reason.as_deref().and_then(|r| r.strip_prefix(['均', '都'])) {
        for (_, said) in out.iter_mut().rev().take_while(|(_, said)| said.is_none()) {
            *said = Some(all.to_string());
        }
        out.push((name, Some(all.to_string())));
        return;
    }
    out.push((name, reason));
}

/// `赵敏病假`: a name written with its reason and nothing between, parted where the
/// reason, one of the usual ones, begins; None when it ends in none of them, or what
/// is left is no name (one to four characters, none of them a reason's).
fn joined_reason(text: &str) -> Option<(String, String)> {
    const REASONS: [&str; 16] = [
        "因病请假",
        "因事请假",
        "外出学习",
        "外出培训",
        "参加培训",
        "因公出差",
        "病假",
        "事假",
        "出差",
        "培训",
        "公差",
        "产假",
        "婚假",
        "丧假",
        "休假",
        "请假",
    ];
    REASONS.iter().find_map(|reason| {
        let name = text.strip_suffix(reason)?;
        // `王强均出差`: the reason of the names before it too.
        let (name, all) = match name.strip_suffix(['均', '都']) {
            Some(name) => (name, "均"),
            None => (name, ""),
        };
        // `王强同志病假`: the name, as the roster has it.
        let name = name
            .strip_suffix("同志")
            .filter(|n| !n.is_empty())
            .unwrap_or(name);
        // `因病请假` is all reason: no name is left of it. A name of several parts
        // (`买买提·艾力`) is longer.
        let longest = if name.contains('·') { 10 } else { 4 };
        let a_name = (1..=longest).contains(&name.chars().count()) && !name.contains(REASON_MARKS);
        a_name.then(|| (name.to_string(), format!("{all}{reason}")))
    })
}

/// `text` parted at each of `marks` that is not inside brackets.
fn outside_brackets<'t>(text: &'t str, marks: &[char]) -> Vec<&'t str> {
    let (mut parts, mut from, mut depth) = (Vec::new(), 0, 0usize);
    let mut closed_at = None;
    for (at, c) in text.char_indices() {
        // `赵敏（病假）王强（出差）`: a bracket closed is an end, when a name follows.
        if let Some(end) = closed_at.filter(|_| !c.is_whitespace()) {
            closed_at = None;
            if depth == 0 && !marks.contains(&c) {
                parts.push(&text[from..end]);
                from = end;
            }
        }
        match c {
            '（' | '(' | '【' | '[' | '〔' => depth += 1,
            '）' | ')' | '】' | ']' | '〕' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    closed_at = Some(at + c.len_utf8());
                }
            }
            c if depth == 0 && marks.contains(&c) => {
                parts.push(&text[from..at]);
                from = at + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[from..]);
    parts
}

/// Characters one of the usual reasons for an absence holds (病假, 出差, 培训, 公务,
/// 产假, 外出学习, 住院, 值班, 请假 …) and a name seldom does.
const REASON_MARKS: [char; 16] = [
    '假', '差', '训', '病', '事', '务', '休', '院', '班', '外', '派', '请', '因', '调', '孕', '会',
];

/// `王五（出差）` or `王五：出差` -> the name and the reason.
pub(super) fn split_reason(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim();
    for (open, close) in [
        ('（', '）'),
        ('(', ')'),
        ('【', '】'),
        ('[', ']'),
        ('〔', '〕'),
    ] {
        if let Some(inner) = text.strip_suffix(close) {
            if let Some((name, reason)) = inner.split_once(open) {
                return (Some(name.to_string()), Some(reason.to_string()));
            }
        }
    }
    if let Some((name, reason)) = text.split_once(['：', ':']) {
        return (Some(name.to_string()), Some(reason.to_string()));
    }
    // `赵敏 病假`, `赵敏-病假`, `赵敏，病假`: a name in Chinese characters, then the
    // reason (a name in letters may hold a space: `John Smith` is one name).
    const BETWEEN: [char; 7] = [' ', '\u{3000}', '-', '－', '—', '，', ','];
    // A space first: the name before it may hold a hyphen (`阿卜杜-热合曼 病假`).
    if let Some((name, reason)) = text.split_once([' ', '\u{3000}']) {
        let reason = reason.trim();
        let named = name
            .chars()
            .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || "·-－".contains(c));
        if !name.is_empty() && named && !reason.is_empty() {
            return (Some(name.to_string()), Some(reason.to_string()));
        }
    }
    if let Some(at) = text.find(BETWEEN) {
        let (name, reason) = (&text[..at], text[at..].trim_start_matches(BETWEEN));
        let chinese = name
            .chars()
            .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '·');
        // A hyphen also joins the parts of one name (`阿卜杜-热合曼`, `欧阳-娜娜`): what
        // follows it is a reason only when it reads as one.
        let hyphen = matches!(text[at..].chars().next(), Some('-' | '－' | '—'));
        let reads_as_reason = || reason.contains(REASON_MARKS);
        if !name.is_empty() && chinese && !reason.is_empty() && (!hyphen || reads_as_reason()) {
            return (Some(name.to_string()), Some(reason.to_string()));
        }
    }
    (Some(text.to_string()), None)
}

/// [`scalar_text`], taking the value: its text is moved, not copied.
pub(super) fn into_text(value: Value) -> Result<Option<String>, ()> {
    match value {
        Value::String(text) => Ok(Some(text)),
        Value::Tagged(tagged) => into_text(tagged.value),
        other => scalar_text(&other),
    }
}

/// `text` without the whitespace around it, or None when nothing is left; moved when
/// there is nothing to trim.
pub(super) fn trimmed(text: String) -> Option<String> {
    let inner = text.trim();
    if inner.is_empty() {
        None
    } else if inner.len() == text.len() {
        Some(text)
    } else {
        Some(inner.to_string())
    }
}

pub(super) fn scalar_text(value: &Value) -> Result<Option<String>, ()> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        Value::Sequence(_) | Value::Mapping(_) => Err(()),
    }
}
