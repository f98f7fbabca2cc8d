//! `studybook check`: run every rule and report, as text for people or JSON for tools.

use super::{print_diagnostics, Result, CONFIG_ERROR, OK, REJECTED};
use crate::config::Site;
use crate::diag::{Diagnostic, Rule, Severity};
use crate::i18n::Msg;
use crate::pipeline;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// 只报告这些笔记或目录（仍会加载整个站点）
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// 有警告时也以退出码 1 结束
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    notes: usize,
    accepted: usize,
    rejected: usize,
    /// Meeting records, counted apart from notes.
    meetings: crate::check::Tally,
    diagnostics: Vec<&'a Diagnostic>,
}

pub fn execute(site: &Site, args: &CheckArgs) -> Result {
    let lang = site.lang();
    let wrong: Vec<Diagnostic> = args
        .paths
        .iter()
        .filter_map(|p| wrong_path(site, p))
        .collect();
    if !wrong.is_empty() {
        return configuration_errors(&wrong, args.format);
    }
    let checkup = match pipeline::check_only(
        site,
        pipeline::today(),
        &super::progress::Bar::for_terminal(),
    ) {
        Ok(checkup) => checkup,
        Err(problems) => return configuration_errors(&problems, args.format),
    };
    let selected = selection(site, &args.paths);
    let wanted = |shown: &str| {
        selected.as_ref().is_none_or(|s| {
            s.iter()
                .any(|p| shown == p || shown.starts_with(&format!("{p}/")))
        })
    };
    let (notes, meetings) = checkup
        .checked
        .tally(&checkup.loaded, |note| wanted(&note.shown));
    let diagnostics: Vec<&Diagnostic> = checkup
        .checked
        .diagnostics
        .iter()
        .filter(|d| wanted(&d.path))
        .collect();
    let warned = diagnostics.iter().any(|d| d.severity == Severity::Warning);
    match args.format {
        Format::Text => {
            print_diagnostics(diagnostics.iter().copied());
            super::say_checked(&notes, &meetings, lang);
        }
        Format::Json => {
            let report = Report {
                notes: notes.total,
                accepted: notes.accepted,
                rejected: notes.rejected,
                meetings,
                diagnostics,
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    checkup.leave_to_exit();
    Ok(
        if notes.rejected + meetings.rejected > 0 || (args.deny_warnings && warned) {
            REJECTED
        } else {
            OK
        },
    )
}

/// Reports problems that stop the check before any note is judged; exit 2.
///, the usual error; in JSON, the report a tool expects, with exit code 2.
fn configuration_errors(problems: &[Diagnostic], format: Format) -> Result {
    match format {
        Format::Text => return Err(problems.to_vec().into()),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&Report {
                notes: 0,
                accepted: 0,
                rejected: 0,
                meetings: Default::default(),
                diagnostics: problems.iter().collect()
            })?
        ),
    }
    Ok(CONFIG_ERROR)
}

/// Why a PATH argument names no note, if it does not: it does not exist, is outside the
/// content folder, or is a file that is not Markdown. A typo must not look like success.
fn wrong_path(site: &Site, path: &Path) -> Option<Diagnostic> {
    let lang = site.lang();
    let shown = path.display().to_string();
    let error = |msg: Msg| {
        Diagnostic::error(Rule::Config, &shown, msg.text(lang))
            .with_help(Msg::CheckPathHelp.text(lang))
    };
    let Ok(real) = path.canonicalize() else {
        return Some(error(Msg::CheckPathMissing(&shown)));
    };
    let content = site
        .content_dir
        .canonicalize()
        .unwrap_or_else(|_| site.content_dir.clone());
    if !real.starts_with(&content) {
        return Some(error(Msg::CheckPathOutside(&shown)));
    }
    let markdown = real
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    if !real.is_file() && !real.is_dir() {
        return Some(error(Msg::CheckPathSpecial(&shown)));
    }
    if real.is_file() && !markdown {
        return Some(error(Msg::CheckPathNotNote(&shown)));
    }
    None
}

/// The PATH arguments as root-relative paths with `/`, or None for "everything".
fn selection(site: &Site, paths: &[PathBuf]) -> Option<Vec<String>> {
    if paths.is_empty() {
        return None;
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    Some(
        paths
            .iter()
            .map(|p| {
                let abs = cwd.join(p);
                let abs = abs.canonicalize().unwrap_or(abs);
                let root = site
                    .root
                    .canonicalize()
                    .unwrap_or_else(|_| site.root.clone());
                abs.strip_prefix(&root).map_or_else(
                    |_| p.to_string_lossy().replace('\\', "/"),
                    |r| r.to_string_lossy().replace('\\', "/"),
                )
            })
            .map(|s| s.trim_end_matches('/').to_string())
            .collect(),
    )
}
