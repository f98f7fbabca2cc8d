//! `studybook meetings`: which meetings each branch held in each period, and who attended,
//! as an aligned table for people, JSON for tools, or CSV for Excel.

use super::table::{self, Align};
use super::{say, Result, OK};
use crate::check::Checked;
use crate::config::Site;
use crate::i18n::{Lang, Msg};
use crate::ids::MeetingId;
use crate::load::Loaded;
use crate::meeting::count::{self, Counts};
use crate::render::labels::built_in as ui_labels;
use serde::Serialize;
use std::io::{IsTerminal, Write};

pub use super::coverage::Format;

#[derive(clap::Args)]
pub struct MeetingsArgs {
    /// 输出格式（默认：终端上为表格，否则为 JSON）
    #[arg(long, value_enum, value_name = "格式")]
    pub format: Option<Format>,
    /// 从此日期起统计（默认：有会议记录的最早一年的 1 月 1 日）
    #[arg(long, value_name = "日期", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// 统计到此日期（默认：有会议记录的最后一年年底，但不晚于今天）
    #[arg(long, value_name = "日期", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// 只看一个支部
    #[arg(long, value_name = "支部", allow_hyphen_values = true)]
    pub branch: Option<String>,
}

/// The JSON of docs/DESIGN.md, "Meeting records".
#[derive(Serialize)]
pub struct Report<'a> {
    pub since: String,
    pub until: String,
    pub branches: Vec<BranchRow<'a>>,
    pub members: Vec<MemberRow<'a>>,
    /// Per kind over the branches shown: records, periods counted and held.
    pub totals: Vec<count::KindTotal>,
}

#[derive(Serialize)]
pub struct BranchRow<'a> {
    pub name: &'a str,
    pub kinds: Vec<KindRow<'a>>,
}

#[derive(Serialize)]
pub struct KindRow<'a> {
    pub kind: &'a str,
    /// A group meeting is counted per 党小组.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The kind with its group, as tables show it.
    #[serde(skip)]
    pub label: String,
    pub every: &'static str,
    #[serde(skip)]
    pub cadence: crate::kinds::Every,
    pub periods: usize,
    pub held: usize,
    pub missing: Vec<String>,
    pub records: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct MemberRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub branch: &'a str,
    pub expected: usize,
    pub attended: usize,
    pub rate: Option<f64>,
    pub absent: Vec<Absence<'a>>,
}

#[derive(Serialize)]
pub struct Absence<'a> {
    pub path: &'a str,
    pub date: String,
    pub reason: &'a str,
}

pub fn execute(site: &Site, args: &MeetingsArgs) -> Result {
    let lang = site.lang();
    let (checkup, period) =
        super::checked_for_period(site, args.since.as_deref(), args.until.as_deref())?;
    let branch = super::known_branch(&checkup.loaded.roster, args.branch.as_deref(), lang)?;
    let (_, records) = checkup.checked.tally(&checkup.loaded, |_| true);
    if records.rejected > 0 {
        say(&Msg::RejectedRecordsNotCounted(records.rejected).text(lang));
    }
    let range = super::meeting_range(&checkup, period, lang)?;
    let counts = count::compute(&checkup.loaded, &checkup.checked, range);
    let report = report(
        &checkup.loaded,
        &checkup.checked,
        &counts,
        branch.as_deref(),
    );
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        Format::Csv => super::to_stdout(&csv(&report, lang)?)?,
        Format::Table => write!(out, "{}", text(&report, lang))?,
    }
    Ok(OK)
}

/// The counts as the JSON shows them, for one branch or all.
pub fn report<'a>(
    loaded: &'a Loaded,
    checked: &'a Checked,
    counts: &Counts,
    branch: Option<&str>,
) -> Report<'a> {
    let roster = &loaded.roster;
    let wanted = |name: &str| branch.is_none_or(|b| b == name);
    let branches = counts
        .branches
        .iter()
        .filter(|b| wanted(roster.branch_name(b.branch)));
    Report {
        since: counts.range.since.format("%Y-%m-%d").to_string(),
        until: counts.range.until.format("%Y-%m-%d").to_string(),
        branches: branches
            .clone()
            .map(|b| BranchRow {
                name: roster.branch_name(b.branch),
                kinds: b
                    .kinds
                    .iter()
                    .map(|k| kind_row(loaded, checked, k))
                    .collect(),
            })
            .collect(),
        members: counts
            .members
            .iter()
            .filter(|m| wanted(&roster.member(m.member).branch))
            .map(|m| member_row(loaded, checked, m))
            .collect(),
        totals: count::totals(loaded, branches),
    }
}

/// The file a meeting record was read from, as the check shows it.
fn record_shown<'a>(loaded: &'a Loaded, checked: &'a Checked, i: MeetingId) -> &'a str {
    loaded.note(checked.meeting(i).note).shown.as_str()
}

/// One kind in one branch: how often it is held, the periods held and missing, and the
/// records counted.
fn kind_row<'a>(loaded: &'a Loaded, checked: &'a Checked, k: &count::KindCount) -> KindRow<'a> {
    KindRow {
        kind: &loaded.kind(k.kind).name,
        group: k.group.clone(),
        label: k.label(loaded),
        every: k.every.key(),
        cadence: k.every,
        periods: k.periods.len(),
        held: k.held(),
        missing: k.missing().map(|s| s.label()).collect(),
        records: k
            .records
            .iter()
            .map(|&i| record_shown(loaded, checked, i))
            .collect(),
    }
}

/// One member: meetings expected and attended, the rate, and each absence with its
/// record, date and reason.
fn member_row<'a>(
    loaded: &'a Loaded,
    checked: &'a Checked,
    m: &count::MemberCount,
) -> MemberRow<'a> {
    let member = loaded.roster.member(m.member);
    MemberRow {
        id: &member.id,
        name: &member.name,
        branch: &member.branch,
        expected: m.expected.len(),
        attended: m.attended,
        rate: m.rate().map(|r| (r * 10_000.0).round() / 10_000.0),
        absent: m
            .absent
            .iter()
            .map(|&i| Absence {
                path: record_shown(loaded, checked, i),
                date: checked.meeting(i).date.format("%Y-%m-%d").to_string(),
                reason: checked.meeting(i).was_absent(m.member).unwrap_or(""),
            })
            .collect(),
    }
}

fn rate(rate: Option<f64>) -> String {
    crate::coverage::percent_or_dash(rate, 1)
}

/// The words of the tables' heads, by key, in the book's language.
type Labels = std::collections::BTreeMap<&'static str, &'static str>;

/// The aligned tables: per branch and kind, then per member, then the totals.
pub fn text(report: &Report<'_>, lang: Lang) -> String {
    let t = ui_labels(lang);
    let mut out = Msg::MeetingsTitle {
        since: &report.since,
        until: &report.until,
    }
    .text(lang)
        + "\n\n";
    out += &kinds_text(report, t);
    out.push('\n');
    out += &members_text(report, t);
    out.push('\n');
    out += &totals_text(report, lang);
    out
}

/// A row per branch and kind: how often, periods held of those counted, records, and
/// the periods missing.
fn kinds_text(report: &Report<'_>, t: &Labels) -> String {
    let mut rows = vec![[
        t["branch"],
        t["meeting_kind"],
        t["every"],
        t["held_of"],
        t["record_count"],
        t["missing_periods"],
    ]
    .map(str::to_string)
    .to_vec()];
    for b in &report.branches {
        for k in &b.kinds {
            rows.push(vec![
                b.name.to_string(),
                k.label.clone(),
                t[k.cadence.label_key()].to_string(),
                if k.cadence == crate::kinds::Every::None {
                    "—".to_string()
                } else {
                    format!("{}/{}", k.held, k.periods)
                },
                k.records.len().to_string(),
                k.missing.join(" "),
            ]);
        }
    }
    let aligns = [
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Left,
    ];
    table::render(&rows, &aligns)
}

/// A row per member: meetings expected and attended, the rate, and the absences with
/// their reasons.
fn members_text(report: &Report<'_>, t: &Labels) -> String {
    let mut rows = vec![[
        t["name"],
        t["id"],
        t["branch"],
        t["expected"],
        t["attended"],
        t["attendance_rate"],
        t["absences"],
    ]
    .map(str::to_string)
    .to_vec()];
    for m in &report.members {
        let absences: Vec<String> = m
            .absent
            .iter()
            .map(|a| format!("{}（{}）", a.date, a.reason))
            .collect();
        rows.push(vec![
            m.name.to_string(),
            m.id.to_string(),
            m.branch.to_string(),
            m.expected.to_string(),
            m.attended.to_string(),
            rate(m.rate),
            absences.join(" "),
        ]);
    }
    let aligns = [
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
    ];
    table::render(&rows, &aligns)
}

/// A line per kind held or counted: records, and periods held of those counted.
fn totals_text(report: &Report<'_>, lang: Lang) -> String {
    let mut out = String::new();
    for total in report
        .totals
        .iter()
        .filter(|t| t.records > 0 || t.periods > 0)
    {
        out += &Msg::MeetingsTotal {
            kind: &total.kind,
            records: total.records,
            held: total.held,
            periods: total.periods,
        }
        .text(lang);
        out.push('\n');
    }
    out
}

/// Two blocks, as Excel opens them: one row per branch and kind, a blank row, then one
/// row per member. UTF-8 with a BOM.
pub fn csv(report: &Report<'_>, lang: Lang) -> Result<Vec<u8>> {
    let t = ui_labels(lang);
    let mut sheet = super::sheet::Sheet::new();
    sheet.row([
        t["branch"],
        t["meeting_kind"],
        t["every"],
        t["period_count"],
        t["held_periods"],
        t["record_count"],
        t["missing_periods"],
    ])?;
    for b in &report.branches {
        for k in &b.kinds {
            sheet.row([
                b.name.to_string(),
                k.label.clone(),
                t[k.cadence.label_key()].to_string(),
                k.periods.to_string(),
                k.held.to_string(),
                k.records.len().to_string(),
                k.missing.join(" "),
            ])?;
        }
    }
    sheet.blank()?;
    sheet.row([
        t["id"],
        t["name"],
        t["branch"],
        t["expected"],
        t["attended"],
        t["attendance_rate"],
        t["absences"],
    ])?;
    for m in &report.members {
        let absences: Vec<String> = m
            .absent
            .iter()
            .map(|a| format!("{} {}（{}）", a.date, a.path, a.reason))
            .collect();
        sheet.row([
            m.id.to_string(),
            m.name.to_string(),
            m.branch.to_string(),
            m.expected.to_string(),
            m.attended.to_string(),
            crate::coverage::percent(m.rate, 2).unwrap_or_default(),
            absences.join("；"),
        ])?;
    }
    sheet.finish()
}
