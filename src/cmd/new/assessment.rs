//! `studybook new --assessment --branch B` and `studybook new --review --branch B`: the
//! year's assessment file of a branch, every item the scheme has the assessors score
//! listed with its points, and its secretary's review record, the secretary and the
//! groups of voters filled in from the roster and the book. The check rejects both until
//! the 考核意见, or the host, the ballots and the 评价意见, are written.

use super::{free_path, yaml_text};
use crate::assess::scheme::Scheme;
use crate::cmd::{Result, OK};
use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::load::roster::Roster;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;
use std::path::PathBuf;

/// A file to write: its text, its name without `.md`, and the year whose folder holds it.
struct Document {
    text: String,
    name: String,
    year: i32,
}

pub fn execute(site: &Site, roster: &Roster, args: &super::NewArgs, date: NaiveDate) -> Result {
    let lang = site.lang();
    let branch =
        crate::cmd::known_branch(roster, args.branch.as_deref(), lang)?.unwrap_or_default();
    year_in_range(args.year, lang)?;
    let kinds = &site.config.meetings.kinds;
    // The scheme says the year and, for an assessment, what is scored by hand.
    let scheme = crate::assess::load(site, kinds).map(|read| read.scheme);
    let document = if args.assessment {
        assessment_document(scheme, args.year, &branch, date, lang)?
    } else {
        let year = args
            .year
            .or_else(|| scheme.ok().flatten().map(|s| s.year))
            .unwrap_or(date.year() - 1);
        review_document(site, roster, &branch, year, date)?
    };
    let path = document_path(site, &document, lang)?;
    let shown = site.display_path(&path);
    crate::cmd::write_new(
        &path,
        document.text.as_bytes(),
        &site.content_dir,
        &shown,
        lang,
    )?;
    // The file is written: a closed pipe only loses the name printed for a script.
    let _ = crate::cmd::to_stdout(format!("{shown}\n").as_bytes());
    let said = if args.assessment {
        Msg::NewAssessmentWritten
    } else {
        Msg::NewReviewWritten
    };
    crate::cmd::say(&said.text(lang));
    Ok(OK)
}

/// The diagnostic for a `--year` no assessment or review can be for.
fn year_in_range(year: Option<i32>, lang: Lang) -> std::result::Result<(), Diagnostic> {
    match year.filter(|y| !(crate::date::FIRST_YEAR..=2100).contains(y)) {
        Some(year) => {
            let says = Msg::DocumentYear(&year.to_string()).text(lang);
            Err(Diagnostic::error(Rule::Usage, "--year", says)
                .with_help(Msg::DocumentYearHelp.text(lang)))
        }
        None => Ok(()),
    }
}

/// The branch's assessment file for `--year`, or the scheme's year; the diagnostic when
/// there is no scheme that reads, which says what is scored by hand.
fn assessment_document(
    scheme: std::result::Result<Option<Scheme>, Diagnostic>,
    year: Option<i32>,
    branch: &str,
    date: NaiveDate,
    lang: Lang,
) -> std::result::Result<Document, Diagnostic> {
    let scheme = match scheme {
        Ok(Some(scheme)) => scheme,
        Ok(None) => {
            // Its errors are what `assess` prints: run it to see them.
            let says = crate::assess::Says::SchemeInvalid("studybook assess").text(lang);
            return Err(Diagnostic::error(Rule::Scheme, "--assessment", says));
        }
        Err(diag) => return Err(diag),
    };
    let year = year.unwrap_or(scheme.year);
    Ok(Document {
        text: assessment(&scheme, branch, year, date),
        name: format!("{}考核", crate::names::file_name(branch)),
        year,
    })
}

/// The review record of the branch's secretary for `year`, with a line of ballots for
/// each group the book weighs; the diagnostic when the branch has no secretary.
fn review_document(
    site: &Site,
    roster: &Roster,
    branch: &str,
    year: i32,
    date: NaiveDate,
) -> std::result::Result<Document, Diagnostic> {
    let lang = site.lang();
    let Some(secretary) = roster.secretary_of(branch) else {
        return Err(Diagnostic::error(
            Rule::ReviewField,
            "--branch",
            Msg::NoSecretary(branch).text(lang),
        )
        .with_help(Msg::NotTheSecretaryHelp.text(lang)));
    };
    let members = roster.in_branch(branch).count();
    let groups: Vec<&str> = site
        .config
        .assessment
        .review
        .group_weights
        .keys()
        .map(String::as_str)
        .collect();
    let text = review(
        branch,
        &roster.member(secretary).id,
        year,
        date,
        &groups,
        members,
    );
    Ok(Document {
        text,
        name: format!("{}书记述职述廉", crate::names::file_name(branch)),
        year,
    })
}

/// Where the document goes, in `考核/<year>/`; the diagnostic when the branch has one
/// there already. One file per branch and year: a second would make both count for
/// nothing.
fn document_path(
    site: &Site,
    document: &Document,
    lang: Lang,
) -> std::result::Result<PathBuf, Diagnostic> {
    let folder = site
        .content_dir
        .join("考核")
        .join(document.year.to_string());
    let existing = folder.join(format!("{}.md", document.name));
    if existing.symlink_metadata().is_ok() {
        let shown = site.display_path(&existing);
        return Err(Diagnostic::error(
            Rule::Usage,
            &shown,
            Msg::DocumentExists(&shown).text(lang),
        ));
    }
    Ok(free_path(&folder, &document.name))
}

/// An assessment file: every item the assessors score, with its points in a comment,
/// the bonuses and deductions they may give, the vetoes, and the 考核意见 to write.
fn assessment(scheme: &Scheme, branch: &str, year: i32, date: NaiveDate) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "assessment: {year}");
    let _ = writeln!(out, "branch: {}", yaml_text(branch));
    out += "assessors: []                 # 考核组成员，例如 [机关党委 周明, 机关纪委 刘芳]\n";
    let _ = writeln!(out, "date: {}", date.format("%Y-%m-%d"));
    out += "# 每项：self 支部自评，committee 考核组评分；没给满分的写明 reason（理由）\n";
    out += "scores:\n";
    for item in scheme.items.iter().filter(|i| i.metric.is_none()) {
        let _ = writeln!(
            out,
            "  {}:                  # {}（{} 分）",
            item.id, item.name, item.points
        );
        out += "    self:\n    committee:\n    reason:\n";
    }
    for (key, extra, what) in [
        ("bonus", &scheme.bonus, "加分"),
        ("deductions", &scheme.deductions, "扣分"),
    ] {
        let by_hand: Vec<_> = extra.items.iter().filter(|i| i.metric.is_none()).collect();
        // Empty until given: a line to take the `#` off, under its key.
        let _ = writeln!(out, "{key}:");
        for item in by_hand {
            let _ = writeln!(
                out,
                "  # {}: {{committee: , reason: }}    # {}：{}，最多 {} 分",
                item.id, what, item.name, item.max
            );
        }
    }
    out += "veto:\n";
    for veto in &scheme.veto {
        let _ = writeln!(
            out,
            "  # {}: 事由                # 否决：{}",
            veto.id, veto.name
        );
    }
    out += "---\n\n## 考核意见\n\n";
    out
}

/// A review record: the branch's secretary, a line of ballots for each group the book
/// weighs (the branch's members expected in 党员), and the sections to write.
fn review(
    branch: &str,
    secretary: &str,
    year: i32,
    date: NaiveDate,
    groups: &[&str],
    members: usize,
) -> String {
    let mut out = String::from("---\nreview: 述职述廉\n");
    let _ = writeln!(out, "year: {year}");
    let _ = writeln!(out, "branch: {}", yaml_text(branch));
    let _ = writeln!(out, "member: {}", yaml_text(secretary));
    let _ = writeln!(out, "date: {}", date.format("%Y-%m-%d"));
    out += "place:\nhost:                          # 主持测评的人，例如 机关党委 周明\n";
    out += "# 每组只写票数（无记名）：应参加、发出、收回，和好、较好、一般、差、弃权各几票\nballots:\n";
    for group in groups {
        let expected = if *group == "党员" { members } else { 0 };
        let _ = writeln!(
            out,
            "  {}: {{expected: {expected}, issued: 0, returned: 0, 好: 0, 较好: 0, 一般: 0, 差: 0, 弃权: 0}}",
            yaml_text(group)
        );
    }
    out += "---\n\n## 述职内容\n\n## 评价意见\n\n### 成绩\n\n### 问题\n\n## 整改要求\n\n";
    out
}
