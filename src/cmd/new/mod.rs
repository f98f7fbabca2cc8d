//! `studybook new`: a note skeleton in the right place with the front matter filled in
//! from the roster and the plan. Never overwrites: a taken name gets `-2`, `-3` ...

mod assessment;
mod meeting;

use super::{Result, OK};
use crate::config::Site;
use crate::date::parse_date;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::load;
use crate::load::plan::{Plan, PlanItem};
use crate::load::roster::{Member, Roster};
use chrono::Datelike;
use chrono::NaiveDate;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("record").args(["meeting", "assessment", "review"])))]
pub struct NewArgs {
    /// 作者：名册中的编号或姓名
    #[arg(long, value_name = "编号", required_unless_present_any = ["meeting", "assessment", "review"], allow_hyphen_values = true)]
    pub author: Option<String>,
    /// 改为新建一份会议记录：会议类型，如 支部委员会、主题党日、党课
    #[arg(long, value_name = "会议类型", requires = "branch", conflicts_with_all = ["author", "study"], allow_hyphen_values = true)]
    pub meeting: Option<String>,
    /// 改为新建一个支部的考核文件（考核组评分和考核意见），按考核细则列出要打分的项目
    #[arg(long, requires = "branch", conflicts_with_all = ["author", "study", "meeting", "review"])]
    pub assessment: bool,
    /// 改为新建支部书记的述职述廉测评记录（测评票数和评价意见）
    #[arg(long, requires = "branch", conflicts_with_all = ["author", "study", "meeting"])]
    pub review: bool,
    /// 考核或测评的年度（默认：考核细则的 year）
    #[arg(
        long,
        value_name = "年度",
        requires = "record",
        allow_negative_numbers = true
    )]
    pub year: Option<i32>,
    /// 会议记录、考核文件或测评记录所属的支部
    #[arg(
        long,
        value_name = "支部",
        requires = "record",
        allow_hyphen_values = true
    )]
    pub branch: Option<String>,
    /// 党小组会的党小组（支部只有一个党小组时可省略）
    #[arg(
        long,
        value_name = "党小组",
        requires = "meeting",
        allow_hyphen_values = true
    )]
    pub group: Option<String>,
    /// 学习计划中的项目编号
    #[arg(long, value_name = "项目", allow_hyphen_values = true)]
    pub study: Option<String>,
    /// 标题（默认按学习项目或会议类型生成）
    #[arg(long, value_name = "标题", allow_hyphen_values = true)]
    pub title: Option<String>,
    /// 日期（默认今天）
    #[arg(long, value_name = "日期", allow_hyphen_values = true)]
    pub date: Option<String>,
}

/// The sections a skeleton has when book.toml requires none.
const DEFAULT_SECTIONS: &[&str] = &["学习内容", "心得体会"];

pub fn execute(site: &Site, args: &NewArgs, today: NaiveDate) -> Result {
    let lang = site.lang();
    let (roster, plan) = load::roster_and_plan(site)?;
    let date = date_of(args.date.as_deref(), today, lang)?;
    if let Some(kind) = &args.meeting {
        return meeting::execute(site, &roster, args, kind, date);
    }
    if args.assessment || args.review {
        return assessment::execute(site, &roster, args, date);
    }
    let member = author_of(&roster, args.author.as_deref().unwrap_or_default(), lang)?;
    let item = study_of(&plan, args.study.as_deref(), lang)?;
    let title = title_of(args.title.as_deref(), item, lang)?;
    let text = front_matter(&title, member, item, date) + &sections(site, lang);
    let stem = format!("{}-{}", date.format("%Y-%m-%d"), slug(&title));
    let path = free_path(&site.content_dir.join(&member.id), &stem);
    let shown = site.display_path(&path);
    super::write_new(&path, text.as_bytes(), &site.content_dir, &shown, lang)?;
    // The file is written: a closed pipe only loses the name printed for a script.
    let _ = crate::cmd::to_stdout(format!("{shown}\n").as_bytes());
    super::say(&Msg::NewWritten.text(lang));
    Ok(OK)
}

/// The date of `--date`, or today without one; the diagnostic for a date not
/// understood, or one before any a note may have.
fn date_of(
    value: Option<&str>,
    today: NaiveDate,
    lang: Lang,
) -> std::result::Result<NaiveDate, Diagnostic> {
    let Some(value) = value else {
        return Ok(today);
    };
    let message = match parse_date(value) {
        // What the check would refuse is not written: 1900 for 2022 is a slip.
        Ok(date) if date.year() < crate::date::FIRST_YEAR => Msg::TooEarlyDate(value),
        Ok(date) => return Ok(date),
        // 2022-02-30: written right, but no such day.
        Err(crate::date::DateError::Impossible) => Msg::ImpossibleDate(value),
        Err(crate::date::DateError::Form { .. }) => Msg::BadDate(value),
    };
    Err(
        Diagnostic::error(Rule::BadDate, "--date", message.text(lang))
            .with_help(Msg::BadDateHelp.text(lang)),
    )
}

/// The member `--author` names, by id or name; the diagnostic, with the closest, for
/// one the roster does not have.
fn author_of<'a>(
    roster: &'a Roster,
    author: &str,
    lang: Lang,
) -> std::result::Result<&'a Member, Diagnostic> {
    match roster.find(author) {
        Some(m) => Ok(roster.member(m)),
        None => Err(Diagnostic::error(
            Rule::UnknownMember,
            "--author",
            Msg::UnknownMember(author).text(lang),
        )
        .with_help(Msg::UnknownMemberHelp.text(lang))
        .or_closest(author, roster.keys(), lang)),
    }
}

/// The plan item `--study` names, if any; the diagnostic, with the closest, for one the
/// plan does not have.
fn study_of<'a>(
    plan: &'a Plan,
    study: Option<&str>,
    lang: Lang,
) -> std::result::Result<Option<&'a PlanItem>, Diagnostic> {
    let Some(id) = study else {
        return Ok(None);
    };
    match plan.find(id) {
        Some(i) => Ok(Some(plan.item(i))),
        None => Err(Diagnostic::error(
            Rule::UnknownStudy,
            "--study",
            Msg::UnknownStudy(id).text(lang),
        )
        .with_help(Msg::UnknownStudyHelp.text(lang))
        .or_closest(id, plan.items.iter().map(|p| p.id.as_str()), lang)),
    }
}

/// The note's title: `--title`, or one made from the study item; the diagnostic for a
/// `--title` with nothing in it.
fn title_of(
    title: Option<&str>,
    item: Option<&PlanItem>,
    lang: Lang,
) -> std::result::Result<String, Diagnostic> {
    Ok(match (given_title(title, lang)?, item) {
        (Some(title), _) => title,
        (None, Some(item)) => Msg::NewTitleFor(&item.title).text(lang),
        (None, None) => Msg::NewTitle.text(lang),
    })
}

/// `--title` on one line, as a title is shown (line breaks and tabs pasted in become
/// spaces), or None when it is not given; the diagnostic for a `--title` with nothing in
/// it, which is no title: the check would reject the file at once.
fn given_title(title: Option<&str>, lang: Lang) -> std::result::Result<Option<String>, Diagnostic> {
    let Some(title) = title else {
        return Ok(None);
    };
    let line = title
        .split(char::is_control)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if line.is_empty() {
        return Err(Diagnostic::error(
            Rule::MissingField,
            "--title",
            Msg::MissingField("title").text(lang),
        )
        .with_help(Msg::EmptyTitleHelp.text(lang)));
    }
    Ok(Some(line))
}

/// The note's front matter: title, author, date, the study item if any, and its kind
/// (the item's, else 个人自学).
fn front_matter(title: &str, member: &Member, item: Option<&PlanItem>, date: NaiveDate) -> String {
    let mut front = format!(
        "---\ntitle: {}\nauthor: {}\ndate: {}\n",
        yaml_text(title),
        member.id,
        date.format("%Y-%m-%d")
    );
    if let Some(item) = item {
        front += &format!("study: {}\n", item.id);
    }
    let kind = item.map_or("个人自学", |i| {
        if i.kind.is_empty() {
            "个人自学"
        } else {
            i.kind.as_str()
        }
    });
    front += &format!("kind: {}\n---\n", yaml_text(kind));
    front
}

/// The note's body: a heading and a placeholder for each section book.toml requires, or
/// for the [`DEFAULT_SECTIONS`] when it requires none.
fn sections(site: &Site, lang: Lang) -> String {
    let sections: Vec<&str> = if site.config.check.required_sections.is_empty() {
        DEFAULT_SECTIONS.to_vec()
    } else {
        site.config
            .check
            .required_sections
            .iter()
            .map(String::as_str)
            .collect()
    };
    sections
        .iter()
        .map(|s| format!("\n## {s}\n\n{}\n", Msg::Placeholder(s).text(lang)))
        .collect()
}

/// A YAML scalar that reads back as `text`: quoted when it could be read otherwise.
pub fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        // Read back as the same text, not as a number (3.10, 0x10, 1e3), a null or a
        // yes/no.
        && matches!(
            yaml_serde::from_str::<yaml_serde::Value>(text),
            Ok(yaml_serde::Value::String(read)) if read == text
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
    }
}

/// `dir/<stem>.md`, or with -2, -3 ... when taken.
pub fn free_path(dir: &std::path::Path, stem: &str) -> PathBuf {
    let stem = stem.trim_end_matches('-').to_string();
    (1..)
        .map(|n| {
            if n == 1 {
                dir.join(format!("{stem}.md"))
            } else {
                dir.join(format!("{stem}-{n}.md"))
            }
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{stem}.md")))
}

/// A readable file name from a title: letters, digits and Chinese kept, the rest `-`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(40).collect();
    trimmed.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_chinese_and_drop_punctuation() {
        assert_eq!(
            slug("学习《关于治水工作的重要论述》心得"),
            "学习-关于治水工作的重要论述-心得"
        );
        assert_eq!(slug("  Hello, World! 2022 "), "hello-world-2022");
        assert_eq!(slug("《》"), "");
    }

    #[test]
    fn titles_that_yaml_would_misread_are_quoted() {
        assert_eq!(yaml_text("学习心得"), "学习心得");
        assert_eq!(yaml_text("[草稿] 心得"), "\"[草稿] 心得\"");
        assert_eq!(yaml_text("问题: 回答"), "\"问题: 回答\"");
    }
}
