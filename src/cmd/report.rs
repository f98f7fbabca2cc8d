//! `studybook report`: the figures an annual work summary asks for, as Markdown to paste
//! into a document, or CSV and XLSX for Excel.
//!
//! The report is a list of [`Table`]s built once from the coverage; each format only lays
//! them out.

mod figures;

pub use super::report_tables::{csv, markdown, xlsx, Cell, Table};
use super::{say, Error, Result, OK};
use crate::config::Site;
use crate::coverage;
use crate::i18n::{Lang, Msg};
use crate::meeting::count;
use crate::write::requested::write_requested;
pub use figures::{meeting_tables, tables};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    // Markdown, to paste into a document.
    #[value(name = "md")]
    Markdown,
    Csv,
    Xlsx,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// 只统计截止日期在此日期及以后的计划项目
    #[arg(long, value_name = "日期", allow_hyphen_values = true)]
    pub since: Option<String>,
    /// 只统计截止日期在此日期及以前的计划项目
    #[arg(long, value_name = "日期", allow_hyphen_values = true)]
    pub until: Option<String>,
    /// 输出格式：md（粘贴到文档）、csv、xlsx（Excel）；默认按 --out 的扩展名，否则为 md
    #[arg(long, value_enum, value_name = "格式")]
    pub format: Option<Format>,
    /// 写到文件（xlsx 在终端上必须指定）；不会覆盖已有文件
    #[arg(long, value_name = "文件", allow_hyphen_values = true)]
    pub out: Option<PathBuf>,
    /// 覆盖 --out 指定的已有文件
    #[arg(long, requires = "out")]
    pub force: bool,
}

pub fn execute(site: &Site, args: &ReportArgs) -> Result {
    let lang = site.lang();
    let (checkup, period) =
        super::checked_for_period(site, args.since.as_deref(), args.until.as_deref())?;
    let coverage = coverage::compute(&checkup.loaded, &checkup.checked, period);
    let title = Msg::ReportTitleFor {
        since: args.since.as_deref(),
        until: args.until.as_deref(),
    }
    .text(lang);
    let mut tables = tables(&checkup.loaded, &coverage, lang);
    if checkup.loaded.notes.iter().any(|n| n.is_meeting()) {
        let range = super::meeting_range(&checkup, period, lang)?;
        let counts = count::compute(&checkup.loaded, &checkup.checked, range);
        tables.extend(meeting_tables(&checkup.loaded, &counts, lang));
    }
    tables.extend(super::assess::report_tables(site, &checkup));
    let format = out_format(args.out.as_deref(), args.format, lang)?;
    let bytes = match format {
        Format::Markdown => markdown(&title, &tables).into_bytes(),
        Format::Csv => csv(&title, &tables)?,
        Format::Xlsx => xlsx(&tables)?,
    };
    match &args.out {
        Some(path) => {
            let shown = path.display().to_string();
            let protected = site.protected();
            let protected: Vec<&Path> = protected.iter().map(PathBuf::as_path).collect();
            write_requested(path, &bytes, args.force, &protected)
                .map_err(|refusal| super::write_refused(&shown, &refusal, lang))?;
            say(&Msg::ReportWritten(&shown).text(lang));
        }
        None if format == Format::Xlsx && std::io::stdout().is_terminal() => {
            return Err(Error::Said(Msg::XlsxNeedsOut.text(lang)));
        }
        None => super::to_stdout(&bytes)?,
    }
    Ok(OK)
}

/// `--format`, or else the one `--out`'s extension names, or else Markdown; a
/// `--format` that `--out`'s extension contradicts is refused.
fn out_format(out: Option<&Path>, format: Option<Format>, lang: Lang) -> Result<Format> {
    let name = |f: Format| match f {
        Format::Markdown => "md",
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    };
    let known = [
        ("md", "md"),
        ("markdown", "md"),
        ("txt", "md"),
        ("csv", "csv"),
        ("xlsx", "xlsx"),
    ];
    let named = super::format_for_out(out, format.map(name), &known, lang)?;
    Ok(match named {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => Format::Markdown,
    })
}
