//! A note's text -> front matter fields + body, with errors at the line of the note file.
//!
//! The block is found line by line (no regex), parsed as YAML into a generic value, then
//! each known field is taken out with a message of its own when its form is wrong. When
//! the YAML fails, the lines are scanned for the slips Chinese users make (full-width
//! colon or space, tabs, no space after `:`), so the hint names the real cause.
//!
//! split.rs finds the block, this file reads the fields in order (keys as people write
//! them: Chinese, aliases, draft marks), field.rs takes each field out in its form, and
//! slips.rs names what went wrong.

mod field;
mod held;
mod slips;
mod split;

use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use field::{has_content, Field};
pub use held::Schedule;
pub use slips::{document_slip, find_slip};
use slips::{known_key_slip, miscased_key, slip_or, yaml_error};
pub use split::{split, Split};
use yaml_serde::Value;

/// The raw fields of a note's front matter, as written. Validation against the roster and
/// plan is the check's job, not this one's.
#[derive(Debug, Default, Clone)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub study: Vec<String>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// A meeting record's own fields: Some when the front matter says `meeting:`.
    pub meeting: Option<MeetingFields>,
    /// An assessment file's or a review record's fields, as written: Some when the
    /// front matter says `assessment:` or `review:`.
    pub document: Option<Document>,
    /// A key that reads as a mark to keep the note to oneself but is none of the known
    /// ones (`draf:`, `status: draft`'s cousins): the note is held back as a draft all
    /// the same, and told so at that key.
    pub held_by: Option<String>,
    /// Each day the note is published from or until (`publishDate:`, `expiryDate:`),
    /// with the key it is written at: whether one holds the note back is judged on the
    /// day of the build, and any one that does holds it.
    pub schedules: Vec<(String, Schedule)>,
    /// The file line of each top-level key, to point diagnostics at it.
    key_lines: Vec<(String, usize)>,
    /// The file line of the opening `---`.
    pub first_line: usize,
    /// Every text in any field that reads as a file's name ([`names_a_file`]).
    pub files: Vec<String>,
}

impl FrontMatter {
    /// The file line where `key` is written, or the opening `---` when it is not.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(self.first_line, |(_, line)| *line)
    }
}

/// The fields of a meeting record (docs/DESIGN.md, "Meeting records"), as written.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MeetingFields {
    /// `meeting:`: the kind, a key of `[meetings.kinds]`.
    pub kind: Option<String>,
    pub branch: Option<String>,
    pub place: Option<String>,
    pub host: Option<String>,
    pub recorder: Option<String>,
    pub group: Option<String>,
    pub lecturer: Option<String>,
    pub absent: Vec<Absence>,
    /// 列席: free text, not counted.
    pub guests: Vec<String>,
    /// `expected:` (应到) and `present:` (实到), where the record states them: held
    /// against what the roster and the absences make.
    pub stated_expected: Option<Stated>,
    pub stated_present: Option<Stated>,
}

/// A head count a record states (`实到: 8`, `实到: 8人`, `八人`, `实到: 全体`, or a
/// list of the names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    Count(usize),
    /// 全体, 全员, 全部: everyone expected.
    All,
    /// Words the count cannot be read from (`若干`, `应到9人实到8人`), or a count that
    /// takes guests in (`8人（含列席2人）`): a record is warned of the first, and neither
    /// is held against the roster. A note's field of that name is no count at all.
    Unread,
    Guests,
    /// Two counts of one kind that differ (`应到: 3` beside `expected: 2`).
    Twice,
}

/// What a file of the branch assessment is (docs/DESIGN.md, "Branch assessment").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// The 党委考核组's scores for one branch: `assessment:` (the year).
    Assessment,
    /// The secretary's 述职述廉测评: `review:`.
    Review,
}

/// The front matter of an assessment file or a review record, kept as written: the
/// check reads it against the roster, `assess` against the scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub kind: DocumentKind,
    /// Every top-level key, its value and the file line it is written on.
    pub fields: Vec<(String, Value, usize)>,
}

impl Document {
    /// The value of `key` and its file line.
    pub fn get(&self, key: &str) -> Option<(&Value, usize)> {
        self.fields
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, value, line)| (value, *line))
    }
}

/// One expected member who did not attend.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Absence {
    pub member: String,
    pub reason: Option<String>,
    /// The file line the member is named on.
    pub line: usize,
}

/// Splits and parses a note's front matter. Errors carry the message and help in `lang`
/// but no path: the caller knows the file.
pub fn parse(text: &str, lang: Lang) -> Result<(FrontMatter, Split<'_>), Diagnostic> {
    let split = split(text).map_err(|mut diag| {
        let unclosed = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_end() == "---");
        let toml = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_start_matches('\u{feff}').trim_end() == "+++");
        let empty = text.trim_start_matches('\u{feff}').trim().is_empty();
        let (msg, help) = if empty {
            (Msg::EmptyFile, Msg::EmptyFileHelp)
        } else if toml {
            (Msg::TomlFrontMatter, Msg::TomlFrontMatterHelp)
        } else if unclosed {
            (Msg::UnclosedFrontMatter, Msg::UnclosedFrontMatterHelp)
        } else {
            (Msg::NoFrontMatter, Msg::NoFrontMatterHelp)
        };
        diag.message = msg.text(lang);
        diag.help = Some(help.text(lang));
        diag
    })?;
    if split.yaml.trim().is_empty() && fields_follow(split.body) {
        return Err(Diagnostic::error(
            Rule::FrontMatter,
            "",
            Msg::EmptyBlockBeforeFields.text(lang),
        )
        .at(text, split.body_line - 1, 1)
        .with_help(Msg::EmptyBlockBeforeFieldsHelp.text(lang)));
    }
    let fields = parse_yaml(text, &split, lang)?;
    Ok((fields, split))
}

/// Whether a file whose front matter could not be read holds the note back by one of
/// its first lines as written (`draft: true`, `password:pw`, a publication date to
/// come, `tags: [草稿`), read one line at a time and leniently: a slip in the block, or
/// an opener studybook does not take (`－－－`, `---yaml`, a fence, JSON, a comment
/// first), does not publish a draft's files. The file is not published either way, so
/// a line of its text taken for a mark costs nothing but its pictures' wait.
pub fn lines_hold(source: &str, today: chrono::NaiveDate) -> bool {
    holding_in(first_lines(source), today).is_some()
}

/// The first 400 lines of a file, each with its index, as the lenient readings take
/// them: old Mac line ends (CR alone) too.
fn first_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source
        .trim_start_matches('\u{feff}')
        .split(['\n', '\r'])
        .enumerate()
        .take(400)
}

/// The first of `lines` (each with its index) that holds the note back, with its key.
fn holding_in<'l>(
    lines: impl Iterator<Item = (usize, &'l str)>,
    today: chrono::NaiveDate,
) -> Option<(usize, String)> {
    lenient_fields(lines)
        .into_iter()
        .find(|(_, key, value)| written_holds(key, value, today))
        .map(|(at, key, _)| (at, key))
}

/// Every field of `lines` read leniently, as (line index, key, value): each line read
/// as `key: value` (or `key = value`), its pieces between commas and braces as fields of
/// their own (`{"draft": true, …}`, `extra: {draft: true`), and a line without a key
/// (`- 草稿`) as a value of the key above it.
fn lenient_fields<'l>(
    lines: impl Iterator<Item = (usize, &'l str)>,
) -> Vec<(usize, String, &'l str)> {
    let mut fields = Vec::new();
    let mut above = String::new();
    for (at, line) in lines {
        let line =
            line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'));
        if matches!(line, "---" | "+++") {
            above.clear();
            continue;
        }
        // A piece without a key after one with it is that key's (`tags: [学习, 草稿`).
        let mut in_line: Option<String> = None;
        for piece in line.split([',', '，', '{', '}']) {
            let piece = piece.trim().trim_start_matches(['-', '－']).trim();
            let (key, value) = match piece.split_once([':', '：', '=']) {
                Some((key, value)) => {
                    let key = unquoted(key).to_string();
                    in_line = Some(key.clone());
                    (key, unquoted(value))
                }
                None => (
                    in_line.clone().unwrap_or_else(|| above.clone()),
                    unquoted(piece),
                ),
            };
            if key.is_empty() || (value.is_empty() && piece.contains([':', '：', '='])) {
                above = key;
                continue;
            }
            fields.push((at, key, value));
        }
    }
    fields
}

/// `text` without the quotes, brackets and spaces around it.
fn unquoted(text: &str) -> &str {
    text.trim()
        .trim_matches(['"', '\'', '[', ']', '“', '”'])
        .trim()
}

/// Whether `key` written with `value` (as text) holds the note back: a known mark, a
/// date of publication, or any other mark.
fn written_holds(key: &str, value: &str, today: chrono::NaiveDate) -> bool {
    let written = Value::String(value.to_string());
    held::known_mark_holds(alias_of(key).unwrap_or(key), &written).unwrap_or_else(|| {
        match held::schedule_of(key, &written) {
            Some(held::Dated::Scheduled(schedule)) => schedule.holds_on(today),
            Some(held::Dated::Unreadable) => true,
            None => held::holds(key, &written) || (is_tag_key(key) && held::tag_holds(value)),
        }
    })
}

/// Whether `key` holds tags or categories, whose items may be marks (`草稿/待改`).
fn is_tag_key(key: &str) -> bool {
    matches!(
        key.to_lowercase().as_str(),
        "tags" | "tag" | "categories" | "category" | "keywords" | "标签" | "分类"
    )
}

/// Where a body that opens with a second block of fields (Pandoc reads every such
/// block, and people paste one below another) holds the note back by one of them:
/// the line (from 0 in `body`) and the key. A rule (`---`) followed by prose is no such
/// block: each of its lines must read as `key: value`, and it must be closed.
pub fn second_block_holds(body: &str, today: chrono::NaiveDate) -> Option<(usize, String)> {
    // Before it, only blank lines, a comment (`<!-- 模板 -->`) or a heading.
    let before = |l: &str| {
        let l = l.trim();
        l.is_empty() || (l.starts_with("<!--") && l.ends_with("-->")) || l.starts_with('#')
    };
    let mut lines = body.lines().enumerate().skip_while(|(_, l)| before(l));
    let (opener, first) = lines.next()?;
    if !matches!(first.trim(), "---" | "+++") {
        return None;
    }
    let mut fields = 0;
    for (_, line) in lines.take(200) {
        let line = line.trim();
        if matches!(line, "---" | "+++" | "...") {
            if fields == 0 {
                return None;
            }
            // The block's fields: past the opener, up to the closer.
            let block = body
                .lines()
                .enumerate()
                .skip(opener + 1)
                .take_while(|(_, l)| !matches!(l.trim(), "---" | "+++" | "..."));
            return holding_in(block, today);
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = line.split_once([':', '：', '=']).map(|(key, _)| key.trim());
        let keyed = key.is_some_and(|key| {
            !key.is_empty() && key.chars().count() <= 30 && !key.contains(char::is_whitespace)
        });
        // A list item under a key (`  - 草稿`) is a field's value.
        if !keyed && !line.starts_with("- ") {
            return None;
        }
        fields += 1;
    }
    None
}

/// Deeper flow nesting than this is refused before the YAML parser sees it: no front
/// matter needs it, and the parser slows down badly on thousands of levels.
const MAX_FLOW_DEPTH: usize = 64;

fn parse_yaml(text: &str, split: &Split<'_>, lang: Lang) -> Result<FrontMatter, Diagnostic> {
    let (fields, key_lines) = read_fields(text, split, lang)?;
    if let Some(diag) = miscased_key(&fields, &key_lines, text, lang) {
        return Err(diag);
    }
    let mut fm = FrontMatter {
        first_line: split.yaml_line.saturating_sub(1).max(1),
        key_lines,
        ..FrontMatter::default()
    };
    for (_, value) in &fields {
        named_files(value, &mut fm.files);
    }
    let aliased = point_aliases(&mut fm, &fields);
    fm.document = document_of(&fm, &fields, text, lang)?;
    take_fields(&mut fm, fields, aliased, text, lang)?;
    if fm.held_by.is_none() && fm.tags.iter().any(|tag| held::tag_holds(tag)) {
        fm.draft = true;
        fm.held_by = Some(if fm.key_lines.iter().any(|(k, _)| k == "tags") {
            "tags".to_string()
        } else {
            "标签".to_string()
        });
    }
    Ok(fm)
}

/// Adds every text in `value`, at any depth, that reads as a file's name.
fn named_files(value: &Value, files: &mut Vec<String>) {
    match value {
        Value::String(text) => files.extend(file_named(text)),
        Value::Sequence(items) => items.iter().for_each(|item| named_files(item, files)),
        Value::Mapping(map) => map.values().for_each(|item| named_files(item, files)),
        Value::Tagged(tagged) => named_files(&tagged.value, files),
        _ => {}
    }
}

/// The files a field's text may name: as written, and as a link would read it, without
/// a `file:` address's scheme (`file:///D:/学习/封面.png`, as Typora writes a picture),
/// a query or a fragment (`缩略图.png?v=2`, `记录.pdf#page=1`), percent-decoded. Both
/// are kept back with a draft: `C#笔记.png` is a name too.
fn file_named(text: &str) -> Vec<String> {
    let text = unlinked(text);
    let rest = match text.get(..5) {
        Some(scheme) if scheme.eq_ignore_ascii_case("file:") => text[5..].trim_start_matches('/'),
        _ => text,
    };
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut named: Vec<String> = [text, decoded.as_ref()]
        .into_iter()
        .filter(|name| names_a_file(name))
        .map(str::to_string)
        .collect();
    named.dedup();
    named
}

/// A field's text without Obsidian's link marks around it, or a Markdown link's or
/// picture's address, as its Properties panel
/// writes a file (`"[[封面.png]]"`, `"[[封面.png|封面]]"`), trimmed.
fn unlinked(text: &str) -> &str {
    let text = text.trim();
    // An embed (`![[照片.png]]`, `![](扫描.png)`) names its file as a link does.
    let text = text.strip_prefix('!').unwrap_or(text);
    // A Markdown link or picture (`[封面](img/封面.png)`): the address.
    let address = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(')'))
        .and_then(|t| t.split_once("]("))
        .map(|(_, address)| address.trim().trim_start_matches('<').trim_end_matches('>'));
    if let Some(address) = address.filter(|a| !a.starts_with('[')) {
        return address.split_whitespace().next().unwrap_or(address);
    }
    let inner = text
        .strip_prefix("[[")
        .and_then(|t| t.strip_suffix("]]"))
        .unwrap_or(text);
    inner.split('|').next().unwrap_or(inner).trim()
}

/// Whether a field's text reads as a local file's name: one line, no address, ending in
/// an extension of one to five letters or digits (`照片.png`, `img/横幅.JPG`).
pub fn names_a_file(text: &str) -> bool {
    let text = text.trim();
    text.len() < 1024
        && !text.contains(['\n', '<', '>'])
        && !text.contains("://")
        && text.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.trim().is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && !ext.chars().all(|c| c.is_ascii_digit())
        })
}

/// The file names a broken front matter's lines give as a key's value or a list's item,
/// read leniently as [`lines_hold`] reads them (`cover: 照片.png`, `  - 记录.pdf`,
/// `{"image": "缩略图.png"}`, `cover: "[[封面.png]]"`).
pub fn files_in_lines(source: &str) -> Vec<String> {
    lenient_fields(first_lines(source))
        .into_iter()
        .flat_map(|(_, _, value)| file_named(value))
        .collect()
}

/// Each top-level key as written and its file line.
type KeyLines = Vec<(String, usize)>;

/// The fields with text for keys, in order (other keys are no field of ours), and the
/// file line of every top-level key; or what is wrong with the YAML, at its line.
fn read_fields(
    text: &str,
    split: &Split<'_>,
    lang: Lang,
) -> Result<(Vec<(String, Value)>, KeyLines), Diagnostic> {
    if let Some((line, col)) = too_deep(split.yaml) {
        return Err(Diagnostic::error(
            Rule::FrontMatter,
            "",
            Msg::YamlInvalid(&Msg::YamlTooDeep.text(lang)).text(lang),
        )
        .at(text, split.yaml_line + line - 1, col)
        .with_help(Msg::YamlHelp.text(lang)));
    }
    let yaml = quote_titles(split.yaml);
    if let Some(plain) = super::plain_yaml::read(&yaml) {
        let lines: Vec<(String, usize)> = plain
            .iter()
            .map(|entry| (entry.key.clone(), split.yaml_line + entry.line))
            .collect();
        // Plain `key: text` lines are every top-level key there is, and hold no slip:
        // their key is ASCII and ends at the first colon, which a space or the line's
        // end follows (a full-width colon or space after it would not be plain).
        debug_assert_eq!(lines, key_lines(split));
        debug_assert!(known_key_slip(text, split, lang).is_none());
        let fields = plain
            .into_iter()
            .map(|entry| (entry.key, entry.value))
            .collect();
        return Ok((fields, lines));
    }
    let fields: Vec<(String, Value)> = match yaml_serde::from_str(&yaml) {
        Ok(Value::Mapping(mapping)) => mapping
            .into_iter()
            .filter_map(|(key, value)| Some((key.as_str()?.to_string(), value)))
            .collect(),
        Ok(Value::Null) => Vec::new(),
        Ok(_) => {
            return Err(slip_or(text, split, usize::MAX, lang, || {
                Diagnostic::error(Rule::FrontMatter, "", Msg::NotFields.text(lang))
                    .at(text, split.yaml_line, 1)
                    .with_help(Msg::YamlHelp.text(lang))
            }))
        }
        Err(err) => return Err(yaml_error(text, split, &err, lang)),
    };
    // A slip on the last field can still be valid YAML (`author：x` continues the line
    // above as text): a known key written with a slip is an error all the same.
    if let Some(diag) = known_key_slip(text, split, lang) {
        return Err(diag);
    }
    Ok((fields, key_lines(split)))
}

/// Points each key as people write it (Chinese, Hugo's `authors`) at the line it is
/// written on, under the key it means, unless that key is written too; says whether any
/// key is such an alias.
fn point_aliases(fm: &mut FrontMatter, fields: &[(String, Value)]) -> bool {
    let aliased = fields.iter().any(|(k, _)| alias_of(k).is_some());
    if aliased {
        for (key, line) in fm.key_lines.clone() {
            if let Some(canonical) = alias_of(&key) {
                if fm.key_lines.iter().all(|(k, _)| k != canonical) {
                    fm.key_lines.push((canonical.to_string(), line));
                }
            }
        }
    }
    aliased
}

/// The assessment file or review record the fields make, if they say `assessment:` or
/// `review:` (in English or Chinese). A slip of either ([`document_slip`]) makes no
/// note: the file is the 考核组's, and the papers beside it stay internal (the load
/// reads it as a broken document).
fn document_of(
    fm: &FrontMatter,
    fields: &[(String, Value)],
    text: &str,
    lang: Lang,
) -> Result<Option<Document>, Diagnostic> {
    let kind = fields
        .iter()
        .find_map(|(k, _)| match document_alias(k).unwrap_or(k) {
            "assessment" => Some(DocumentKind::Assessment),
            "review" => Some(DocumentKind::Review),
            _ => None,
        });
    if let Some(kind) = kind {
        let fields = fields
            .iter()
            .map(|(key, value)| {
                let line = fm.line_of(key);
                let key = document_alias(key).map_or_else(|| key.clone(), str::to_string);
                (key, value.clone(), line)
            })
            .collect();
        return Ok(Some(Document { kind, fields }));
    }
    let slip = fields
        .iter()
        .find_map(|(key, _)| Some((key, document_slip(key)?)));
    match slip {
        Some((key, kind)) => {
            let review = kind == DocumentKind::Review;
            Err(Diagnostic::error(
                Rule::FrontMatter,
                "",
                Msg::DocumentKeySlip { key, review }.text(lang),
            )
            .at(text, fm.line_of(key), 1)
            .with_help(Msg::DocumentKeySlipHelp { review }.text(lang)))
        }
        None => Ok(None),
    }
}

/// Takes each field out of `fields` into `fm`, in its form, with the marks that hold
/// the note back; a key written as an alias counts as the key it means unless that key
/// is written as well.
fn take_fields(
    fm: &mut FrontMatter,
    fields: Vec<(String, Value)>,
    aliased: bool,
    text: &str,
    lang: Lang,
) -> Result<(), Diagnostic> {
    let written: Vec<String> = if aliased {
        fields.iter().map(|(k, _)| k.clone()).collect()
    } else {
        Vec::new()
    };
    let mut meeting = MeetingFields::default();
    let mut is_record = false;
    let mut unknown = Vec::new();
    for (key, value) in fields {
        take_schedule(fm, &key, &value);
        let key = match alias_of(&key) {
            Some(canonical) if aliased && !written.iter().any(|k| k == canonical) => {
                canonical.to_string()
            }
            _ => key,
        };
        let field = Field {
            fm,
            text,
            key: &key,
            lang,
        };
        let Some(value) = take_meeting_field(&field, &mut meeting, value)? else {
            is_record |= key == "meeting";
            continue;
        };
        take_note_field(fm, key, value, text, lang, &mut unknown)?;
    }
    if is_record {
        if let Some(diag) = meeting_key_slip(fm, &unknown, text, lang) {
            return Err(diag);
        }
        fm.meeting = Some(meeting);
    }
    Ok(())
}

/// Takes a note's field `key` (as it means, aliases resolved) into `fm`; a key that is
/// none of a note's goes to `unknown`.
fn take_note_field(
    fm: &mut FrontMatter,
    key: String,
    value: Value,
    text: &str,
    lang: Lang,
    unknown: &mut Vec<String>,
) -> Result<(), Diagnostic> {
    let field = Field {
        fm,
        text,
        key: &key,
        lang,
    };
    match key.as_str() {
        "title" => fm.title = field.scalar(value)?,
        "author" => fm.author = field.one_of_list(value)?,
        "date" => fm.date = field.scalar(value)?,
        // `kind: 草稿`, `形式: 私密`: a form no study takes, but a mark.
        "kind" => {
            let private = held::says_private(&value);
            fm.kind = field.scalar(value)?;
            if private {
                hold(fm, &key);
            }
        }
        "study" => fm.study = field.list(value, false)?,
        "tags" => fm.tags = field.list(value, true)?,
        // A mark whose value reads as neither yes nor no (`draft: 草稿`, `private: 私密`)
        // holds the note, told at its key: it was not written to publish it. What blogs
        // mark a post their author keeps to themselves (`published: false`, `private`,
        // `hidden`) is checked, never published, like a draft.
        "draft" | "private" | "hidden" => match field::flag(&value) {
            Some(held) => fm.draft |= held,
            None => hold(fm, &key),
        },
        "published" => match held::publish_says(&value) {
            Some(published) => fm.draft |= !published,
            None => hold(fm, &key),
        },
        // Any password at all, in whatever shape it is written.
        "password" => fm.draft |= has_content(&value),
        // Any other mark, told: Hexo's and Jekyll's plugins, and CMS exports, say
        // `status: draft`, where any word but one for published holds the note back
        // (`审核中`, `待发布`); blogs say `public: false`, offices `密级: 秘密`.
        other if held::holds(other, &value) => hold(fm, &key),
        _ => unknown.push(key),
    }
    Ok(())
}

/// The first of a meeting record's `unknown` keys that is a slip of one of a record's
/// own (`absnet:` for `absent:`): what it holds would not be read, and the attendance
/// or the record would be wrong without a word.
fn meeting_key_slip(
    fm: &FrontMatter,
    unknown: &[String],
    text: &str,
    lang: Lang,
) -> Option<Diagnostic> {
    const RECORD_KEYS: &[&str] = &[
        "absent", "place", "recorder", "lecturer", "guests", "branch", "meeting", "expected",
        "present",
    ];
    unknown.iter().find_map(|key| {
        let lower = key.to_lowercase();
        let known = RECORD_KEYS.iter().copied().find(|known| {
            lower.len() >= 4 && strsim::damerau_levenshtein(&lower, known) <= 2 && lower != *known
        })?;
        let line = fm.line_of(key);
        Some(
            Diagnostic::error(
                Rule::FrontMatter,
                "",
                Msg::MeetingKeySlip { key, known }.text(lang),
            )
            .at(text, line, 1)
            .with_help(Msg::MeetingKeySlipHelp(known).text(lang)),
        )
    })
}

/// Takes a meeting record's field into `meeting`; gives the value back when `field` is
/// none of a record's.
fn take_meeting_field(
    field: &Field<'_>,
    meeting: &mut MeetingFields,
    value: Value,
) -> Result<Option<Value>, Diagnostic> {
    match field.key {
        "meeting" => meeting.kind = field.scalar(value)?,
        "branch" => meeting.branch = field.scalar(value)?,
        "place" => meeting.place = field.scalar(value)?,
        "host" => meeting.host = field.scalar(value)?,
        "recorder" => meeting.recorder = field.scalar(value)?,
        "group" => meeting.group = field.scalar(value)?,
        "lecturer" => meeting.lecturer = field.scalar(value)?,
        "guests" => meeting.guests = field.list(value, true)?,
        // Two lists (`请假人员:` beside `缺席人员:`) are both the absences.
        "absent" => meeting.absent.extend(field.absences(&value)?),
        // Two counts (`应到:` beside `expected:`) that differ are told.
        "expected" => stated(&mut meeting.stated_expected, field::head_count(&value)),
        "present" => stated(&mut meeting.stated_present, field::head_count(&value)),
        _ => return Ok(Some(value)),
    }
    Ok(None)
}

/// Takes a head count a record states into `slot`: a second one that differs makes
/// it [`Stated::Twice`], which is warned of.
fn stated(slot: &mut Option<Stated>, count: Option<Stated>) {
    *slot = match (*slot, count) {
        (Some(first), Some(second)) if first != second => Some(Stated::Twice),
        (Some(first), _) => Some(first),
        (None, count) => count,
    };
}

/// Notes the day `key` dates the note's publication from or until (`publishDate`,
/// `expiryDate`), at its key or in a map under it; one that cannot be read holds the
/// note back.
fn take_schedule(fm: &mut FrontMatter, key: &str, value: &Value) {
    let dated = held::schedule_of(key, value).map(|dated| (key.to_string(), dated));
    for (key, dated) in dated.into_iter().chain(held::nested_schedules(key, value)) {
        match dated {
            held::Dated::Scheduled(schedule) => fm.schedules.push((key, schedule)),
            held::Dated::Unreadable => hold(fm, &key),
        }
    }
}

/// Holds the note back as a draft, told at `key` unless an earlier key told it.
fn hold(fm: &mut FrontMatter, key: &str) {
    fm.draft = true;
    fm.held_by.get_or_insert_with(|| key.to_string());
}

/// The key an assessment file's or a review's key written in Chinese means.
fn document_alias(key: &str) -> Option<&'static str> {
    match key {
        "考核" | "支部考核" => Some("assessment"),
        "测评" | "述职测评" | "述职述廉测评" => Some("review"),
        _ => None,
    }
}

/// The YAML with each title that holds `: ` (`title: 学习心得: 两个维护`, which YAML
/// would read as a mapping) quoted, so that it is read whole as written. Other lines,
/// and the number of lines, are left as they are.
fn quote_titles(yaml: &str) -> std::borrow::Cow<'_, str> {
    let needs = |line: &str| -> Option<(usize, String)> {
        let rest = ["title:", "标题:"]
            .iter()
            .find_map(|k| line.strip_prefix(k))?;
        let value = rest.trim();
        let quoted = value.starts_with(['\'', '"', '[', '{', '|', '>', '&', '*', '!']);
        (!quoted && value.contains(": ") && !value.contains(" #"))
            .then(|| (line.len() - rest.len(), value.replace('\'', "''")))
    };
    if !yaml.lines().any(|line| needs(line).is_some()) {
        return std::borrow::Cow::Borrowed(yaml);
    }
    let mut out = String::with_capacity(yaml.len() + 8);
    for line in yaml.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix("\r\n") {
            Some(body) => (body, "\r\n"),
            None => line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n")),
        };
        match needs(body) {
            Some((key_end, value)) => {
                out.push_str(&body[..key_end]);
                out.push_str(" '");
                out.push_str(&value);
                out.push('\'');
            }
            None => out.push_str(body),
        }
        out.push_str(end);
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a body starts with front matter fields closed by `---`: what follows an empty
/// `---`/`---` block written above the real one.
fn fields_follow(body: &str) -> bool {
    let mut lines = body
        .lines()
        .map(str::trim_end)
        .skip_while(|l| l.trim().is_empty());
    let first_is_field = lines.next().is_some_and(|line| {
        line.split_once(':').is_some_and(|(key, _)| {
            KNOWN_KEYS.contains(&key.trim()) || alias_of(key.trim()).is_some()
        })
    });
    first_is_field && lines.take(40).any(|line| line == "---")
}

/// The key a key as people write it means: the Chinese names of the fields, and Hugo's
/// `authors`.
fn alias_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "标题" => "title",
        "作者" | "authors" => "author",
        // Obsidian and Zettelkasten templates write `datetime`, Astro `pubDate`.
        "日期" | "datetime" | "pubDate" | "publishDate" => "date",
        "学习计划" => "study",
        "形式" => "kind",
        "标签" => "tags",
        "草稿" | "drafts" => "draft",
        "发布" | "公开" => "published",
        "隐藏" => "hidden",
        "私密" | "保密" => "private",
        "密码" => "password",
        "缺席"
        | "缺席人员"
        | "缺席名单"
        | "请假人员"
        | "缺勤"
        | "缺勤人员"
        | "未到"
        | "未到人员"
        | "未参加"
        | "未参加人员"
        | "缺会人员"
        | "absence"
        | "absences"
        | "absentees"
        | "absent_members"
        | "absent-members"
        | "请假"
        | "请假情况"
        | "缺席情况"
        | "缺席人员及原因"
        | "未出席"
        | "未出席人员"
        | "缺会"
        | "leave" => "absent",
        "应到" | "应到人数" | "应出席" | "应出席人数" => "expected",
        "实到" | "实到人数" | "出席人数" | "到会人数" | "参会人数" | "实际到会" => {
            "present"
        }
        _ => return None,
    })
}

/// Where `[` / `{` nesting first goes past [`MAX_FLOW_DEPTH`] (line and column within
/// the YAML), skipping quoted text and comments.
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    // Nearly always: too few brackets to nest that deep.
    let brackets = yaml.bytes().filter(|&b| b == b'[' || b == b'{').count();
    if brackets <= MAX_FLOW_DEPTH {
        return None;
    }
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    let mut comment = false;
    for c in yaml.chars() {
        col += 1;
        match (c, quote) {
            ('\n', _) => {
                line += 1;
                col = 0;
                // Quoted scalars may span lines: an open quote stays open.
                comment = false;
            }
            (_, _) if comment => {}
            ('#', None) if previous.is_whitespace() => comment = true,
            ('\'' | '"', None) => quote = Some(c),
            (q, Some(open)) if q == open && previous != '\\' => quote = None,
            ('[' | '{', None) => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, col));
                }
            }
            (']' | '}', None) => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    None
}

/// Lines of top-level keys (`key:` at column 1) in the YAML block, as file lines.
fn key_lines(split: &Split<'_>) -> Vec<(String, usize)> {
    split
        .yaml
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (key, _) = line.split_once(':')?;
            let simple = !key.is_empty() && !key.starts_with([' ', '\t', '-', '#']);
            simple.then(|| (key.trim().to_string(), split.yaml_line + i))
        })
        .collect()
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "author",
    "date",
    "study",
    "kind",
    "tags",
    "draft",
    "meeting",
    "branch",
    "place",
    "host",
    "recorder",
    "group",
    "lecturer",
    "absent",
    "guests",
    "expected",
    "present",
    "assessment",
    "review",
    "year",
    "member",
    "assessors",
    "scores",
    "bonus",
    "deductions",
    "veto",
    "ballots",
    "result",
    "result-reason",
    "authors",
    "published",
    "private",
    "hidden",
    "password",
    "status",
    "visibility",
    "access",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_zh(text: &str) -> Result<FrontMatter, Diagnostic> {
        parse(text, Lang::Zh).map(|(fm, _)| fm)
    }

    /// yaml_serde's words for a number past u128 ("invalid type: integer … as u128"),
    /// pinned: a change of library wording shows here, not as a raw message.
    #[test]
    fn a_number_too_large_to_read_is_called_so() {
        let text = "---\ntitle: 学习\ndate: 99999999999999999999999\n---\n正文\n";
        let err = parse_zh(text).unwrap_err();
        assert!(err.message.contains("数字太大"), "{}", err.message);
        assert_eq!(err.line, 3);
    }

    #[test]
    fn an_assessment_key_in_chinese_or_misspelt_is_an_assessment_file() {
        let fm = parse_zh("---\n考核: 2022\nbranch: 第一党支部\n---\n").unwrap();
        let document = fm.document.unwrap();
        assert_eq!(document.kind, DocumentKind::Assessment);
        assert!(document
            .fields
            .iter()
            .any(|(k, _, line)| k == "assessment" && *line == 2));
        let err = parse_zh("---\nassesment: 2022\nbranch: 第一党支部\n---\n").unwrap_err();
        assert!(
            err.message
                .contains("看起来是支部考核文件的键（应写 assessment）"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 2);
    }

    /// yaml_serde's words for a number past the field's type ("invalid value: integer
    /// …, expected i32"), pinned.
    #[test]
    fn a_number_past_its_fields_range_is_called_so() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Year {
            year: i32,
        }
        let err = yaml_serde::from_str::<Year>("year: 4294967296\n").unwrap_err();
        let full = err.to_string();
        let detail = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
        let said = crate::i18n::yaml_reason(detail, Lang::Zh);
        assert!(said.contains("超出了这一项能取的范围"), "{full}");
    }

    #[test]
    fn every_way_of_keeping_a_note_to_oneself_keeps_it_a_draft() {
        for line in [
            "drafts: true",
            "draf: true",
            "草稿: true",
            "草稿: 是",
            "发布: false",
            "公开: false",
            "隐藏: true",
            "私密: true",
            "status: draft",
            "status: 草稿",
            "status: 不发布",
            "status: 审核中",
            "状态: 待审核",
            "visibility: private",
            "access: private",
            "confidential: true",
            "internal: true",
            "内部: true",
            "可见: 仅自己",
            "仅自己可见: true",
            "status: [draft]",
            "status: {value: draft}",
            "visibility: [private]",
            "可见范围: [仅自己]",
            "password: [a]",
            "password: {a: 1}",
            "is_draft: true",
            "unlisted: true",
        ] {
            let text = format!("---\ntitle: 学习\n{line}\n---\n正文\n");
            let fm = parse_zh(&text).unwrap();
            assert!(fm.draft, "{line}");
        }
        for line in [
            "status: published",
            "状态: 已发布",
            "visibility: public",
            "password: ''",
            "草稿: 否",
            "publishDate: 2022-03-16",
        ] {
            let text = format!("---\ntitle: 学习\n{line}\n---\n正文\n");
            let fm = parse_zh(&text).unwrap();
            assert!(!fm.draft, "{line}");
            assert_eq!(fm.held_by, None, "{line}");
        }
        let fm = parse_zh("---\ntitle: 学习\ndraf: false\n---\n正文\n").unwrap();
        assert_eq!(fm.held_by.as_deref(), Some("draf"));
        assert_eq!(fm.line_of("draf"), 3);
    }

    #[test]
    fn fields_and_body_are_split_with_crlf() {
        let text = "---\r\ntitle: 学习心得\r\nauthor: zhangsan\r\ndate: 2022-03-16\r\nstudy: [a, b]\r\ntags: 治水，意识形态\r\n---\r\n正文\r\n";
        let (fm, split) = parse(text, Lang::Zh).unwrap();
        assert_eq!(fm.title.as_deref(), Some("学习心得"));
        assert_eq!(fm.date.as_deref(), Some("2022-03-16"));
        assert_eq!(fm.study, ["a", "b"]);
        assert_eq!(fm.tags, ["治水", "意识形态"]);
        assert_eq!(split.body, "正文\r\n");
        assert_eq!(split.body_line, 8);
        assert_eq!(fm.line_of("author"), 3);
    }

    #[test]
    fn yaml_error_points_at_the_line_of_the_note_file() {
        let text = "---\ntitle: a\nauthor: [zhangsan\ndate: 2022-03-16\n---\nbody\n";
        let err = parse_zh(text).unwrap_err();
        assert_eq!(err.rule, Rule::FrontMatter);
        assert!(err.line >= 3, "line {}", err.line);
    }

    #[test]
    fn full_width_colon_is_named() {
        let text = "---\ntitle: 学习\nauthor：zhangsan\ndate: 2022-03-16\n---\nbody\n";
        let err = parse_zh(text).unwrap_err();
        assert_eq!((err.line, err.column), (3, 7));
        assert!(err.message.contains("全角冒号"), "{}", err.message);
    }

    #[test]
    fn a_full_width_colon_inside_a_value_is_fine() {
        let fm = parse_zh("---\ntitle: 学习：心得\n---\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("学习：心得"));
    }

    #[test]
    fn tab_indent_and_missing_space_are_named() {
        let tab = parse_zh("---\ntitle: a\ntags:\n\t- x\n---\n").unwrap_err();
        assert_eq!((tab.line, tab.column), (4, 1));
        assert!(tab.message.contains("Tab"));
        let (col, msg) = find_slip("date:2022-03-16", Lang::Zh).unwrap();
        assert_eq!(col, 6);
        assert!(msg.contains("空格"));
        assert!(find_slip("title: 见 http://x", Lang::Zh).is_none());
    }

    #[test]
    fn a_slip_on_the_last_field_is_caught_though_the_yaml_parses() {
        let err = parse_zh("---\ntitle: 学习\nauthor：zhangsan\n---\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 7));
        let err = parse_zh("---\ntitle: 学习\ndate:2022-03-16\n---\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 6));
    }

    #[test]
    fn full_width_space_is_named() {
        let err = parse_zh("---\ntitle:\u{3000}学习\nauthor: a\n---\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 7));
        assert!(err.message.contains("全角空格"), "{}", err.message);
        let indent = parse_zh("---\ntags:\n\u{3000}\u{3000}- 治水\n---\n").unwrap_err();
        assert_eq!((indent.line, indent.column), (3, 1));
    }

    #[test]
    fn missing_and_unclosed_blocks() {
        let missing = parse_zh("# 标题\n正文\n").unwrap_err();
        assert!(missing.message.contains("没有 front matter"));
        let unclosed = parse_zh("---\ntitle: a\n正文\n").unwrap_err();
        assert!(
            unclosed.message.contains("没有结束"),
            "{}",
            unclosed.message
        );
        assert_eq!(unclosed.line, 1);
        assert!(parse_zh("").is_err());
    }

    #[test]
    fn a_reason_that_is_no_text_is_the_part_blamed() {
        let text = "---\ntitle: a\nmeeting: 支部党员大会\nabsent: [{member: wangwu, reason: [病假]}]\n---\n";
        let err = parse_zh(text).unwrap_err();
        assert!(err.message.contains("缺席原因"), "{}", err.message);
        assert_eq!(err.line, 4);
    }

    #[test]
    fn wrong_types_get_a_field_message() {
        let err = parse_zh("---\ntitle: a\ntags: {a: 1}\n---\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("tags"), "{}", err.message);
        let fm = parse_zh("---\ntitle: 2022\ntags: [1, 治水]\n---\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("2022"));
        assert_eq!(fm.tags, ["1", "治水"]);
    }

    #[test]
    fn a_toml_header_and_a_capitalised_key_get_hints() {
        let toml = parse("+++\ntitle = \"x\"\n+++\n正文\n", Lang::Zh).unwrap_err();
        assert!(toml.message.contains("+++"), "{}", toml.message);
        assert!(toml.help.as_deref().unwrap_or("").contains("---"));
        let text = "---\nTitle: 学习心得\nauthor: a\ndate: 2022-03-16\n---\n正文\n";
        let cased = parse(text, Lang::Zh).unwrap_err();
        assert_eq!(cased.line, 2);
        assert!(cased.help.as_deref().unwrap_or("").contains("title:"));
    }

    #[test]
    fn a_meeting_record_has_its_fields_and_absences_in_every_form() {
        let text = "---\nmeeting: 支部委员会\ntitle: 九月支委会\nbranch: 第一党支部\nplace: 三楼\nhost: zhangsan\nrecorder: lisi\nabsent:\n  - member: wangwu\n    reason: 出差\n  - 赵六（病假）\n  - 钱七: 培训\n  - 孙八\n  - 周九 病假\n  - 吴十-出差\n  - 郑一【事假】\n  - John Smith\n  - 阿卜杜-热合曼\nguests: [机关党委 李明]\n---\n正文\n";
        let fm = parse_zh(text).unwrap();
        let m = fm.meeting.unwrap();
        assert_eq!(m.kind.as_deref(), Some("支部委员会"));
        assert_eq!(m.branch.as_deref(), Some("第一党支部"));
        assert_eq!(m.guests, ["机关党委 李明"]);
        let absent: Vec<(&str, Option<&str>, usize)> = m
            .absent
            .iter()
            .map(|a| (a.member.as_str(), a.reason.as_deref(), a.line))
            .collect();
        assert_eq!(
            absent,
            [
                ("wangwu", Some("出差"), 9),
                ("赵六", Some("病假"), 11),
                ("钱七", Some("培训"), 12),
                ("孙八", None, 13),
                ("周九", Some("病假"), 14),
                ("吴十", Some("出差"), 15),
                ("郑一", Some("事假"), 16),
                ("John Smith", None, 17),
                // A hyphen between the parts of one name is no reason.
                ("阿卜杜-热合曼", None, 18)
            ]
        );
        assert!(parse_zh("---\ntitle: a\nbranch: x\n---\n")
            .unwrap()
            .meeting
            .is_none());
        let err = parse_zh("---\nmeeting: 党课\nabsent: {a: [1]}\n---\n").unwrap_err();
        assert_eq!(err.line, 3);
    }

    /// Several absences written on one line are each an absence; a part that is only a
    /// reason is the reason of the name before it; the Chinese key and near English ones
    /// are `absent`, and a slip of it is an error (round 21).
    #[test]
    fn absences_written_on_one_line_are_each_one() {
        let absent = |yaml: &str| -> Vec<(String, Option<String>)> {
            let text = format!("---\nmeeting: 支部党员大会\ntitle: a\n{yaml}\n---\n正文\n");
            let fm = parse_zh(&text).unwrap();
            fm.meeting
                .unwrap()
                .absent
                .into_iter()
                .map(|a| (a.member, a.reason))
                .collect()
        };
        let pair = |m: &str, r: Option<&str>| (m.to_string(), r.map(str::to_string));
        assert_eq!(
            absent("absent: [赵敏 病假、王五 出差]"),
            [pair("赵敏", Some("病假")), pair("王五", Some("出差"))]
        );
        assert_eq!(
            absent("absent: 赵敏，王五"),
            [pair("赵敏", None), pair("王五", None)]
        );
        assert_eq!(absent("absent: 赵敏，病假"), [pair("赵敏", Some("病假"))]);
        assert_eq!(
            absent("absent: 赵敏 因病请假；刘一 外出学习"),
            [
                pair("赵敏", Some("因病请假")),
                pair("刘一", Some("外出学习"))
            ]
        );
        assert_eq!(
            absent("absent: [赵敏（病假、事假）]"),
            [pair("赵敏", Some("病假、事假"))]
        );
        // As recorders write them too (round 22).
        let both = [pair("赵敏", Some("病假")), pair("王强", Some("出差"))];
        assert_eq!(absent("absent: 赵敏（病假）、王强（出差）。"), both);
        assert_eq!(absent("absent: [赵敏（病假）, 王强（出差）。]"), both);
        assert_eq!(absent("absent: \"赵敏 病假 王强 出差\""), both);
        assert_eq!(absent("absent: 赵敏病假，王强出差"), both);
        assert_eq!(
            absent("absent: 赵敏、王强（均出差）"),
            [pair("赵敏", Some("出差")), pair("王强", Some("出差"))]
        );
        assert_eq!(
            absent("absent: 赵敏 王强 出差"),
            [pair("赵敏", None), pair("王强", Some("出差"))]
        );
        assert_eq!(absent("absent: [John Smith]"), [pair("John Smith", None)]);
        // Round 24.
        assert_eq!(absent("absent: 无人缺席"), []);
        assert_eq!(absent("absent: 全员到会。"), []);
        assert_eq!(
            absent("absent: [王强同志（出差）]"),
            [pair("王强", Some("出差"))]
        );
        // Round 26.
        assert_eq!(
            absent("absent: [王强同志病假]"),
            [pair("王强", Some("病假"))]
        );
        assert_eq!(
            absent("absent: [王强同志因病请假]"),
            [pair("王强", Some("因病请假"))]
        );
        assert_eq!(
            absent("absent:\n  - 姓名: 王强\n    原因: 出差"),
            [pair("王强", Some("出差"))]
        );
        // Round 23.
        assert_eq!(absent("absent: 赵敏（病假）王强（出差）"), both);
        assert_eq!(absent("absent: 赵敏【病假】 王强【出差】"), both);
        assert_eq!(
            absent("absent: [阿卜杜-热合曼 病假]"),
            [pair("阿卜杜-热合曼", Some("病假"))]
        );
        assert_eq!(
            absent("absent: 买买提·艾力病假，王强出差"),
            [
                pair("买买提·艾力", Some("病假")),
                pair("王强", Some("出差"))
            ]
        );
        assert_eq!(
            absent("absent: 赵敏、王强均出差"),
            [pair("赵敏", Some("出差")), pair("王强", Some("出差"))]
        );
        for key in [
            "缺席",
            "absence",
            "absentees",
            "请假人员",
            "缺席名单",
            "未到",
            "absent_members",
            "请假",
            "缺席情况",
            "未出席",
            "leave",
        ] {
            assert_eq!(
                absent(&format!("{key}: [赵敏 病假]")),
                [pair("赵敏", Some("病假"))],
                "{key}"
            );
        }
        let text = "---\nmeeting: 支部党员大会\ntitle: a\nabsnet: [赵敏 病假]\n---\n正文\n";
        let err = parse_zh(text).unwrap_err();
        assert!(
            err.message.contains("`absnet`") && err.message.contains("`absent`"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 4);
        // In a note, a key of its own is no slip.
        assert!(parse_zh("---\ntitle: a\nabsnet: x\n---\n正文\n").is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = format!("---\ntitle: {}\n---\nbody\n", "[".repeat(100_000));
        let err = parse_zh(&text).unwrap_err();
        assert!(err.message.contains("嵌套层次太深"), "{}", err.message);
        assert_eq!((err.line, err.column), (2, 8 + MAX_FLOW_DEPTH));
        assert!(parse_zh("---\ntitle: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n---\n").is_ok());
    }

    #[test]
    fn keys_as_other_tools_write_them_are_the_fields() {
        let text =
            "---\n标题: 学习心得\ndatetime: '2013-08-28 13:32'\nauthors: [zhangsan]\n---\n正文\n";
        let (fm, _) = parse(text, Lang::Zh).unwrap();
        assert_eq!(fm.title.as_deref(), Some("学习心得"));
        assert_eq!(fm.date.as_deref(), Some("2013-08-28 13:32"));
        assert_eq!(fm.author.as_deref(), Some("zhangsan"));
        assert_eq!(fm.line_of("date"), 3);
        // The key itself wins over an alias.
        let both = "---\ndate: 2022-01-02\ndatetime: 2013-08-28\n---\n正文\n";
        assert_eq!(
            parse(both, Lang::Zh).unwrap().0.date.as_deref(),
            Some("2022-01-02")
        );
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut yaml = String::from("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = if i == 1 {
                "a".to_string()
            } else {
                format!("a{}", i - 1)
            };
            yaml.push_str(&format!("a{i}: &a{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        yaml.push_str("title: boom\n---\nbody\n");
        let err = parse_zh(&yaml).unwrap_err();
        assert_eq!(err.rule, Rule::FrontMatter);
    }
}
