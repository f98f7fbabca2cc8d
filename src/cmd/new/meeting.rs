//! `studybook new --meeting KIND --branch B`: a meeting record skeleton with what the
//! roster already knows filled in (branch, chair and recorder by their roles, who is
//! expected) and the kind's sections waiting for text. The check rejects it until the
//! place, the body and, for a lecture, the lecturer are written.

use super::{free_path, yaml_text};
use crate::check::closest;
use crate::cmd::{Result, OK};
use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::ids::MemberId;
use crate::kinds::{Expected, MeetingKind};
use crate::load::roster::Roster;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Roles that chair a branch meeting, then those that keep its record, in preference.
const CHAIRS: &[&str] = &["书记", "副书记"];
const RECORDERS: &[&str] = &["组织委员", "宣传委员", "纪检委员", "副书记"];

pub fn execute(
    site: &Site,
    roster: &Roster,
    args: &super::NewArgs,
    kind: &str,
    date: NaiveDate,
) -> Result {
    let lang = site.lang();
    let kind = kind_named(site, kind, lang)?;
    let branch =
        crate::cmd::known_branch(roster, args.branch.as_deref(), lang)?.unwrap_or_default();
    let branch = branch.as_str();
    let group = match kind.expected() {
        Expected::Group => Some(group(roster, branch, args.group.as_deref(), lang)?),
        _ => None,
    };
    let expected = crate::check::meeting::expected(roster, branch, kind, group.as_deref());
    if expected.is_empty() {
        // Only a committee meeting can expect nobody: a group always has members.
        let diag = Diagnostic::error(
            Rule::Attendance,
            "--branch",
            Msg::NoCommittee(branch).text(lang),
        )
        .with_help(Msg::NoCommitteeHelp.text(lang));
        return Err(diag.into());
    }
    let (host, recorder) = host_and_recorder(roster, &expected);
    let unit = format!("{branch}{}", group.as_deref().unwrap_or_default());
    let title = title_of(args.title.as_deref(), &unit, kind, date, lang)?;
    let text = skeleton(
        roster,
        kind,
        branch,
        group.as_deref(),
        date,
        &title,
        host,
        recorder,
        &expected,
        lang,
    );
    let path = record_path(site, branch, kind, date);
    read_where_written(site, &path, branch, lang)?;
    let shown = site.display_path(&path);
    crate::cmd::write_new(&path, text.as_bytes(), &site.content_dir, &shown, lang)?;
    // The file is written: a closed pipe only loses the name printed for a script.
    let _ = crate::cmd::to_stdout(format!("{shown}\n").as_bytes());
    crate::cmd::say(&Msg::NewMeetingWritten.text(lang));
    Ok(OK)
}

/// The kind of meeting `--meeting` names; the diagnostic, with the closest or the kinds
/// there are, for one book.toml does not have.
fn kind_named<'a>(
    site: &'a Site,
    kind: &str,
    lang: Lang,
) -> std::result::Result<&'a MeetingKind, Diagnostic> {
    if let Some(kind) = site.config.meetings.kind(kind) {
        return Ok(kind);
    }
    let names: Vec<&str> = site
        .config
        .meetings
        .kinds
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    let help = match closest(kind, names.iter().copied()) {
        Some(best) => Msg::DidYouMean(best).text(lang),
        None => Msg::UnknownKindHelp(&names.join("、")).text(lang),
    };
    Err(Diagnostic::error(
        Rule::MeetingField,
        "--meeting",
        Msg::UnknownKind(kind).text(lang),
    )
    .with_help(help))
}

/// Who chairs the meeting and who keeps its record, by their roles among those
/// expected; never the same member for both.
fn host_and_recorder(
    roster: &Roster,
    expected: &[MemberId],
) -> (Option<MemberId>, Option<MemberId>) {
    let member_with = |roles: &[&str]| {
        roles.iter().find_map(|role| {
            expected
                .iter()
                .copied()
                .find(|&m| roster.member(m).role.as_deref() == Some(*role))
        })
    };
    let host = member_with(CHAIRS);
    let recorder = member_with(RECORDERS).filter(|r| Some(*r) != host);
    (host, recorder)
}

/// The record's title: `--title` on one line, or one that names the branch (and
/// group), the month and the kind; the diagnostic for a `--title` with nothing in it.
fn title_of(
    title: Option<&str>,
    unit: &str,
    kind: &MeetingKind,
    date: NaiveDate,
    lang: Lang,
) -> std::result::Result<String, Diagnostic> {
    Ok(super::given_title(title, lang)?.unwrap_or_else(|| {
        Msg::NewMeetingTitle {
            branch: unit,
            year: date.year(),
            month: date.month(),
            kind: &kind.name,
        }
        .text(lang)
    }))
}

/// Where the record goes: `meetings/<branch>/<date>-<kind>.md`, or with -2, -3 ...
fn record_path(site: &Site, branch: &str, kind: &MeetingKind, date: NaiveDate) -> PathBuf {
    let folder = site
        .content_dir
        .join("meetings")
        .join(crate::names::file_name(branch));
    let stem = format!(
        "{}-{}",
        date.format("%Y-%m-%d"),
        crate::names::file_name(&kind.name)
    );
    free_path(&folder, &stem)
}

/// `Err` when the walk would pass over a record at `path` (a branch named `~$temp` or
/// `.x`, whose folder is taken for litter) or keep it as a draft (`_drafts`): a record
/// written there would never be counted.
fn read_where_written(
    site: &Site,
    path: &std::path::Path,
    branch: &str,
    lang: Lang,
) -> std::result::Result<(), Diagnostic> {
    use crate::load::classify::{classify, in_drafts, FileKind};
    let rel = path.strip_prefix(&site.content_dir).unwrap_or(path);
    if classify(rel) == FileKind::Note && !in_drafts(rel) {
        return Ok(());
    }
    Err(Diagnostic::error(
        Rule::Usage,
        "--branch",
        Msg::RecordFolderSkipped(branch).text(lang),
    )
    .with_help(Msg::RecordFolderSkippedHelp.text(lang)))
}

/// The group a group meeting is for: the one named, or the branch's only one.
fn group(
    roster: &Roster,
    branch: &str,
    named: Option<&str>,
    lang: Lang,
) -> std::result::Result<String, Diagnostic> {
    let groups = roster.groups(branch);
    match (named, groups.as_slice()) {
        (Some(g), _) if groups.contains(&g.trim()) => Ok(g.trim().to_string()),
        (None, [only]) => Ok(only.to_string()),
        (named, _) => {
            let listed = groups.join("、");
            let msg = match named {
                Some(g) => Msg::UnknownGroup { group: g, branch },
                None if groups.is_empty() => Msg::NoGroups(branch),
                None => Msg::WhichGroup(&listed),
            };
            let mut diag = Diagnostic::error(Rule::MeetingField, "--group", msg.text(lang))
                .with_help(Msg::UnknownGroupHelp.text(lang));
            if let Some(best) = named.and_then(|g| closest(g, groups.iter().copied())) {
                diag = diag.with_help(Msg::DidYouMean(best).text(lang));
            }
            Err(diag)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn skeleton(
    roster: &Roster,
    kind: &MeetingKind,
    branch: &str,
    group: Option<&str>,
    date: NaiveDate,
    title: &str,
    host: Option<MemberId>,
    recorder: Option<MemberId>,
    expected: &[MemberId],
    lang: Lang,
) -> String {
    let id = |m: Option<MemberId>| m.map_or(String::new(), |m| roster.member(m).id.clone());
    let hint = |msg: Msg<'_>| msg.text(lang);
    let mut out = format!(
        "---\nmeeting: {}\ntitle: {}\nbranch: {}\ndate: {}\nplace:    # {}\nhost: {}\nrecorder: {}\n",
        yaml_text(&kind.name),
        yaml_text(title),
        yaml_text(branch),
        date.format("%Y-%m-%d"),
        hint(Msg::SkeletonPlace),
        id(host),
        id(recorder),
    );
    if let Some(group) = group {
        let _ = writeln!(out, "group: {}", yaml_text(group));
    }
    if kind.needs_lecturer() {
        let _ = writeln!(out, "lecturer:    # {}", hint(Msg::SkeletonLecturer));
    }
    let names: Vec<String> = expected
        .iter()
        .map(|&m| format!("{}({})", roster.member(m).name, roster.member(m).id))
        .collect();
    let _ = writeln!(
        out,
        "# {}\n# {}\nabsent:\n#  - member: {}\n#    reason: {}\n---",
        hint(Msg::SkeletonExpected {
            count: expected.len(),
            names: &names.join("、"),
        }),
        hint(Msg::SkeletonAbsent),
        expected
            .first()
            .map_or("id".to_string(), |&m| roster.member(m).id.clone()),
        hint(Msg::SkeletonReason),
    );
    for section in &kind.sections {
        let placeholder = if section.contains("发言") {
            hint(Msg::SkeletonSpeakers)
        } else {
            hint(Msg::Placeholder(section))
        };
        let _ = write!(out, "\n## {section}\n\n{placeholder}\n");
    }
    out
}
