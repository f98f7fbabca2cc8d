//! `studybook coverage`: who studied which plan item, as an aligned table for people,
//! JSON for tools, or CSV for Excel.

use super::table::{self, Align};
use super::{say, Result, OK};
use crate::config::Site;
use crate::coverage::{self, Report};
use crate::i18n::{Lang, Msg};
use crate::render::labels::built_in as ui_labels;
use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct CoverageArgs {
    /// 输出格式（默认：终端上为表格，否则为 JSON）
    #[arg(long, value_enum, value_name = "格式")]
    pub format: Option<Format>,
    /// 只统计截止日期在此日期及以后的计划项目
    #[arg(long, value_name = "日期", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// 只统计截止日期在此日期及以前的计划项目，且只计此日期前的笔记
    #[arg(long, value_name = "日期", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// 只看一个支部
    #[arg(long, value_name = "支部", allow_hyphen_values = true)]
    pub branch: Option<String>,
}

pub fn execute(site: &Site, args: &CoverageArgs) -> Result {
    let lang = site.lang();
    let (checkup, period) =
        super::checked_for_period(site, args.since.as_deref(), args.until.as_deref())?;
    let branch = super::known_branch(&checkup.loaded.roster, args.branch.as_deref(), lang)?;
    let (notes, _) = checkup.checked.tally(&checkup.loaded, |_| true);
    if notes.rejected > 0 {
        say(&Msg::RejectedNotCounted(notes.rejected).text(lang));
    }
    let coverage = coverage::compute(&checkup.loaded, &checkup.checked, period);
    let report = coverage.report(&checkup.loaded, branch.as_deref());
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        Format::Csv => super::to_stdout(&csv(&report, lang)?)?,
        Format::Table => write!(
            out,
            "{}",
            text(&report, lang, std::io::stdout().is_terminal())
        )?,
    }
    Ok(OK)
}

fn percent(ratio: Option<f64>) -> String {
    coverage::percent_or_dash(ratio, 1)
}

/// The words of the tables' heads, by key, in the book's language.
type Labels = std::collections::BTreeMap<&'static str, &'static str>;

/// The aligned table: branches, then members (those below 100% marked with `!`), then
/// the figures. Colour only on a terminal.
pub fn text(report: &Report<'_>, lang: Lang, color: bool) -> String {
    let t = ui_labels(lang);
    let mut out = Msg::CoverageTitle {
        since: report.since.as_deref(),
        until: report.until.as_deref(),
    }
    .text(lang)
        + "\n\n";
    out += &branches_text(report, t);
    out.push('\n');
    out += &members_text(report, t, color);
    out.push('\n');
    out += &figures_text(report, lang);
    out
}

/// A row per branch: its members, the items covered of those that apply, the rate.
fn branches_text(report: &Report<'_>, t: &Labels) -> String {
    let mut rows = vec![vec![
        t["branch"].to_string(),
        t["member_count"].to_string(),
        t["covered_of"].to_string(),
        t["rate"].to_string(),
    ]];
    for b in &report.branches {
        rows.push(vec![
            b.name.to_string(),
            b.members.to_string(),
            format!("{}/{}", b.covered, b.applicable),
            percent(b.coverage),
        ]);
    }
    table::render(
        &rows,
        &[Align::Left, Align::Right, Align::Right, Align::Right],
    )
}

/// A row per member, with the items missing; a member below 100% is marked with `!`,
/// and in red when `color`.
fn members_text(report: &Report<'_>, t: &Labels, color: bool) -> String {
    let mut rows = vec![[
        "",
        t["name"],
        t["id"],
        t["branch"],
        t["note_count"],
        t["covered_of"],
        t["rate"],
        t["missing_items"],
    ]
    .map(str::to_string)
    .to_vec()];
    let mut short = Vec::new();
    for m in &report.members {
        let below = m.applicable > m.covered || m.accepted == 0;
        short.push(below);
        rows.push(vec![
            if below { "!" } else { "" }.to_string(),
            m.name.to_string(),
            m.id.to_string(),
            m.branch.to_string(),
            m.notes.to_string(),
            format!("{}/{}", m.covered, m.applicable),
            percent(m.coverage),
            m.missing.join(", "),
        ]);
    }
    let aligns = [
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
    ];
    let mut out = String::new();
    for (i, line) in table::render(&rows, &aligns).lines().enumerate() {
        let stand_out = color && i > 0 && short[i - 1];
        out += &if stand_out {
            format!("\x1b[31m{line}\x1b[0m\n")
        } else {
            format!("{line}\n")
        };
    }
    out
}

fn figures_text(report: &Report<'_>, lang: Lang) -> String {
    let f = &report.figures;
    let mut out = Msg::CoverageFigures {
        notes: f.notes,
        accepted: f.accepted,
        rejected: f.rejected,
        studied: f.members_studied,
        members: report.members.len(),
        person_times: f.person_times,
    }
    .text(lang);
    out.push('\n');
    for s in &f.sessions {
        out += &Msg::SessionsLine {
            kind: &s.kind,
            planned: s.planned,
            held: s.held,
            person_times: s.person_times,
        }
        .text(lang);
        out.push('\n');
    }
    out
}

/// One row per member, UTF-8 with a BOM so that Excel on Chinese Windows opens it right.
pub fn csv(report: &Report<'_>, lang: Lang) -> Result<Vec<u8>> {
    let t = ui_labels(lang);
    let mut writer = super::sheet::Sheet::new();
    writer.row([
        t["id"],
        t["name"],
        t["branch"],
        t["note_count"],
        t["accepted"],
        t["applicable"],
        t["covered"],
        t["rate"],
        t["missing_items"],
        t["late_items"],
    ])?;
    for m in &report.members {
        writer.row([
            m.id.to_string(),
            m.name.to_string(),
            m.branch.to_string(),
            m.notes.to_string(),
            m.accepted.to_string(),
            m.applicable.to_string(),
            m.covered.to_string(),
            coverage::percent(m.coverage, 2).unwrap_or_default(),
            m.missing.join(" "),
            m.late.join(" "),
        ])?;
    }
    writer.finish()
}
