//! The command line: one file per subcommand, each with its arguments (`clap::Args`)
//! beside its `execute`. A command returns its exit code or an [`Error`], which [`run`]
//! tells in one place. What a command prints for people goes to stderr, data to stdout.

pub mod assess;
pub mod build;
pub mod check;
pub mod coverage;
mod error;
pub mod init;
pub mod meetings;
pub mod new;
mod progress;
pub mod report;
pub mod report_tables;
pub mod serve;
mod sheet;
mod table;
pub mod usage;

pub use error::{Error, Result};

use crate::config::Site;
use crate::diag::{format_text, Diagnostic, Rule};
use crate::i18n::{io_reason, Lang, Msg};
use crate::write::{requested, Staging};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Parser)]
#[command(
    name = "studybook",
    version,
    about = "把理论学习笔记（Markdown）生成内部网站，拒绝只有标题的笔记，统计每位党员和每个支部的学习覆盖情况",
    after_help = "示例：\n  studybook init 学习笔记     新建一个站点\n  studybook new --author zhangsan --study 2022-03-ideology\n  studybook check            检查全部笔记\n  studybook build            生成站点到 site/\n  studybook serve --watch    在浏览器里预览"
)]
pub struct Cli {
    /// 站点根目录（含 book.toml）；默认为当前目录或最近的上级目录
    #[arg(long, global = true, value_name = "目录", allow_hyphen_values = true)]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// 新建一个站点：book.toml、名册、学习计划、一篇示例笔记和写作说明
    #[command(
        after_help = "示例：\n  studybook init 学习笔记\n  studybook init --theme        在已有站点中复制内置主题以便修改"
    )]
    Init(init::InitArgs),
    /// 新建一篇笔记，打印它的路径
    #[command(
        after_help = "示例：\n  studybook new --author zhangsan\n  studybook new --meeting 支部委员会 --branch 第一党支部 --date 2022-09-26\n  studybook new --author 张三 --study 2022-03-ideology --title \"学习《……》心得\" --date 2022-03-16"
    )]
    New(new::NewArgs),
    /// 年度工作总结用的统计数字：学习活动、笔记、各支部覆盖率、未学习的党员
    #[command(
        after_help = "示例：\n  studybook report --since 2022-01-01 --until 2022-12-31 > 统计.md\n  studybook report --format xlsx --out 学习情况统计.xlsx"
    )]
    Report(report::ReportArgs),
    /// 打印命令行自动补全脚本
    #[command(
        after_help = "示例：\n  studybook completions bash > /etc/bash_completion.d/studybook\n  studybook completions powershell >> $PROFILE"
    )]
    Completions {
        /// shell 的种类
        shell: clap_complete::Shell,
    },
    /// 检查笔记并生成站点；未通过检查的笔记不发布
    #[command(
        after_help = "示例：\n  studybook build\n  studybook build --out /srv/www/study --strict"
    )]
    Build(build::BuildArgs),
    /// 检查笔记、名册和学习计划
    #[command(
        after_help = "示例：\n  studybook check\n  studybook check content/zhangsan --format json"
    )]
    Check(check::CheckArgs),
    /// 统计每位党员、每个支部的学习覆盖情况
    #[command(
        after_help = "示例：\n  studybook coverage\n  studybook coverage --since 2022-01-01 --until 2022-12-31 --branch 第一党支部\n  studybook coverage --format csv > 覆盖情况.csv"
    )]
    Coverage(coverage::CoverageArgs),
    /// 统计三会一课、主题党日等会议：各支部每期是否召开，每位党员应到、实到和缺席原因
    #[command(
        after_help = "示例：\n  studybook meetings\n  studybook meetings --since 2022-01-01 --until 2022-12-31 --branch 第一党支部\n  studybook meetings --format csv > 会议情况.csv"
    )]
    Meetings(meetings::MeetingsArgs),
    /// 按考核细则给各支部评分：每一分都对应到会议记录和笔记
    #[command(
        after_help = "示例：\n  studybook assess\n  studybook assess --branch 第一党支部\n  studybook assess --format csv --out 支部考核.csv"
    )]
    Assess(assess::AssessArgs),
    /// 在本机预览站点；加 --watch 时保存文件后自动重新生成并刷新浏览器
    #[command(
        after_help = "示例：\n  studybook serve --watch\n  studybook serve --watch --port 8080 --open"
    )]
    Serve(serve::ServeArgs),
}

/// Runs a parsed command line; returns the exit code. Every error is told here.
pub fn run(cli: Cli) -> u8 {
    let today = crate::pipeline::today();
    let site = match cli.command {
        Command::Init(mut args) => {
            if let Some(root) = &cli.root {
                args.dir = root.join(&args.dir);
            }
            return finish(init::execute(&args, today), Lang::Zh);
        }
        Command::Completions { shell } => {
            let mut command = usage::command();
            // Made whole first: the generator panics on a write that fails (a pipe
            // closed, a full disk), which is told here as any other output is.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "studybook", &mut script);
            return finish(
                to_stdout(&script).map(|()| OK).map_err(Error::from),
                Lang::Zh,
            );
        }
        _ => match open_site(cli.root.as_deref()) {
            Ok(site) => site,
            Err(err) => return err.report(Lang::Zh),
        },
    };
    let lang = site.lang();
    let result = match cli.command {
        Command::Init(_) | Command::Completions { .. } => Ok(OK),
        Command::New(args) => new::execute(&site, &args, today),
        Command::Report(args) => report::execute(&site, &args),
        Command::Build(args) => build::execute(&site, &args),
        Command::Check(args) => check::execute(&site, &args),
        Command::Coverage(args) => coverage::execute(&site, &args),
        Command::Meetings(args) => meetings::execute(&site, &args),
        Command::Assess(args) => assess::execute(&site, &args),
        Command::Serve(args) => serve::execute(site, &args),
    };
    finish(result, lang)
}

fn finish(result: Result, lang: Lang) -> u8 {
    result.unwrap_or_else(|err| err.report(lang))
}

/// Exit codes of docs/DESIGN.md.
pub const OK: u8 = 0;
pub const REJECTED: u8 = 1;
pub const CONFIG_ERROR: u8 = 2;

/// Whether stderr gets colour: a terminal, and NO_COLOR not set.
pub fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints diagnostics to stderr, rustc style.
pub fn print_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    let color = color();
    let mut err = std::io::stderr().lock();
    for diagnostic in diagnostics {
        let _ = writeln!(err, "{}", format_text(diagnostic, color));
    }
}

/// Opens the site at `--root` or around the current folder.
pub fn open_site(root: Option<&Path>) -> Result<Site> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    Ok(Site::open(root, &cwd)?)
}

/// The summary of a check: notes, then meeting records when there are any.
pub fn say_checked(
    notes: &crate::check::Tally,
    meetings: &crate::check::Tally,
    documents: &crate::check::Tally,
    lang: Lang,
) {
    say(&Msg::CheckSummary {
        notes: notes.total,
        accepted: notes.accepted,
        rejected: notes.rejected,
    }
    .text(lang));
    if meetings.total > 0 {
        say(&Msg::MeetingsChecked {
            records: meetings.total,
            accepted: meetings.accepted,
            rejected: meetings.rejected,
        }
        .text(lang));
    }
    if documents.total > 0 {
        say(&Msg::DocumentsChecked {
            files: documents.total,
            accepted: documents.accepted,
            rejected: documents.rejected,
        }
        .text(lang));
    }
}

/// What became of the old site, when it was not simply removed.
pub fn say_committed(committed: &crate::write::Committed, site: &Site) {
    let lang = site.lang();
    if let Some(kept) = &committed.kept {
        say(&Msg::OldSiteKept(&site.display_path(kept)).text(lang));
    }
    if let Some((stale, why)) = &committed.stale {
        say_left_over(stale, why, site);
    }
}

/// That an old site could not be removed, and why.
fn say_left_over(left: &Path, why: &std::io::Error, site: &Site) {
    let shown = site.display_path(left);
    // Unix: EPERM, not EACCES, is a file the system will not let go of (`chattr +i`,
    // another user's file in a sticky folder), which no folder's permission explains.
    #[cfg(unix)]
    let not_permitted = why.raw_os_error() == Some(libc::EPERM);
    #[cfg(not(unix))]
    let not_permitted = false;
    let msg = match why.kind() {
        std::io::ErrorKind::PermissionDenied if not_permitted => Msg::OldSiteNotPermitted(&shown),
        std::io::ErrorKind::PermissionDenied => Msg::OldSiteNotWritable(&shown),
        std::io::ErrorKind::DirectoryNotEmpty => Msg::LeftoverHeld(&shown),
        // Only Windows keeps a file that is open from being removed.
        _ if cfg!(windows) => Msg::OldSiteInUse(&shown),
        _ => Msg::OldSiteLeft(&shown),
    };
    say(&msg.text(site.lang()));
}

/// Writes data to stdout: as it is into a file or a pipe, and with what a terminal
/// would obey made visible when a person reads it there (a name in the roster can hold
/// an escape).
pub fn to_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::IsTerminal;
    let mut out = std::io::stdout().lock();
    match std::str::from_utf8(bytes) {
        Ok(text) if out.is_terminal() => out.write_all(crate::diag::visible(text).as_bytes()),
        _ => out.write_all(bytes),
    }
}

/// Prints a line for people on stderr.
pub fn say(text: &str) {
    // A name or a title from a file may hold what a terminal obeys: shown, not obeyed.
    let _ = writeln!(std::io::stderr(), "{}", crate::diag::visible(text));
}

/// What coverage and report start from: the period of `--since`/`--until` and the
/// checked site.
pub fn checked_for_period(
    site: &Site,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(crate::pipeline::Checkup, crate::coverage::Period)> {
    let period = period(since, until, site.lang())?;
    let checkup = crate::pipeline::check_only(site, crate::pipeline::today(), &())?;
    Ok((checkup, period))
}

/// The range meetings are counted in: `--since`/`--until`, else the years that hold
/// records; an error when `--since` comes after the end.
pub fn meeting_range(
    checkup: &crate::pipeline::Checkup,
    period: crate::coverage::Period,
    lang: Lang,
) -> std::result::Result<crate::meeting::count::Range, Diagnostic> {
    let (loaded, checked) = (&checkup.loaded, &checkup.checked);
    crate::meeting::count::Range::resolve(loaded, checked, period.since, period.until).ok_or_else(
        || {
            let until = period.until.unwrap_or(checked.today).to_string();
            match period.since {
                Some(since) => period_reversed(&since.to_string(), &until, lang),
                // Only an `--until` before any record could be (1921) leaves nothing.
                None => Diagnostic::error(
                    Rule::BadDate,
                    "--until",
                    Msg::TooEarlyDate(&until).text(lang),
                )
                .with_help(Msg::BadDateHelp.text(lang)),
            }
        },
    )
}

/// The error for a `--since` after the end of the period.
fn period_reversed(since: &str, until: &str, lang: Lang) -> Diagnostic {
    Diagnostic::error(
        Rule::BadDate,
        "--since",
        Msg::PeriodReversed { since, until }.text(lang),
    )
    .with_help(Msg::PeriodReversedHelp.text(lang))
}

/// `--branch` must name a branch of the roster: its name as the roster spells it.
pub fn known_branch(
    roster: &crate::load::roster::Roster,
    branch: Option<&str>,
    lang: Lang,
) -> std::result::Result<Option<String>, Diagnostic> {
    let Some(branch) = branch else {
        return Ok(None);
    };
    if let Some(b) = roster.branch(branch) {
        return Ok(Some(roster.branch_name(b).to_string()));
    }
    Err(Diagnostic::error(
        Rule::UnknownBranch,
        "--branch",
        Msg::UnknownBranchFlag(branch).text(lang),
    )
    .or_closest(branch, roster.branches.iter().map(String::as_str), lang))
}

/// The period of `--since` and `--until`, or the diagnostic for a date not understood.
pub fn period(
    since: Option<&str>,
    until: Option<&str>,
    lang: Lang,
) -> std::result::Result<crate::coverage::Period, Diagnostic> {
    let parse = |flag: &str, value: Option<&str>| {
        value
            .map(|v| {
                crate::date::parse_date(v).map_err(|err| {
                    let message = match err {
                        // 2022-02-30: written right, but no such day.
                        crate::date::DateError::Impossible => {
                            crate::i18n::Msg::ImpossibleDate(v).text(lang)
                        }
                        crate::date::DateError::Form { .. } => {
                            crate::i18n::Msg::BadPeriodDate { flag, value: v }.text(lang)
                        }
                    };
                    Diagnostic::error(crate::diag::Rule::BadDate, flag, message)
                        .with_help(crate::i18n::Msg::BadDateHelp.text(lang))
                })
            })
            .transpose()
    };
    let period = crate::coverage::Period {
        since: parse("--since", since)?,
        until: parse("--until", until)?,
    };
    if let (Some(since), Some(until)) = (period.since, period.until) {
        if since > until {
            return Err(period_reversed(
                &since.to_string(),
                &until.to_string(),
                lang,
            ));
        }
    }
    Ok(period)
}

/// Writes a file that must not exist yet (init and new never overwrite), creating its
/// folders, only inside `inside`. The error is the diagnostic to print.
pub fn write_new(
    path: &Path,
    bytes: &[u8],
    inside: &Path,
    shown: &str,
    lang: Lang,
) -> std::result::Result<(), Diagnostic> {
    requested::write_new_inside(path, inside, bytes)
        .map_err(|refusal| write_refused(shown, &refusal, lang))
}

/// The diagnostic for a file a command was asked to write and did not write.
pub fn write_refused(shown: &str, refusal: &requested::Refusal, lang: Lang) -> Diagnostic {
    use requested::Refusal;
    let (message, help) = match refusal {
        Refusal::Exists => (Msg::OutExists(shown), Some(Msg::OutExistsHelp)),
        Refusal::Link => (Msg::OutLink(shown), Some(Msg::OutLinkHelp)),
        Refusal::FolderLink { up } => {
            let parts: Vec<&str> = shown.split('/').collect();
            let folder = parts[..parts.len().saturating_sub(*up)].join("/");
            let message = Msg::OutFolderLink(&folder).text(lang);
            return Diagnostic::error(Rule::Write, shown, message)
                .with_help(Msg::OutFolderLinkHelp.text(lang));
        }
        Refusal::Folder => (Msg::OutFolder(shown), None),
        Refusal::NotRegular => (Msg::OutNotRegular(shown), None),
        Refusal::EndsInSeparator => (Msg::OutEndsInSeparator(shown), None),
        Refusal::Protected => (Msg::OutProtected(shown), Some(Msg::OutProtectedHelp)),
        Refusal::Outside => (Msg::OutOutside(shown), None),
        Refusal::Io(err) => {
            let reason = io_reason(err, lang);
            let message = Msg::CannotWriteFile {
                path: shown,
                reason: &reason,
            };
            let diag = Diagnostic::error(Rule::Write, shown, message.text(lang));
            return match crate::i18n::io_file_advice(err, lang) {
                Some(advice) => diag.with_help(advice),
                None => diag,
            };
        }
    };
    // What was asked to be written, not configuration.
    let diag = Diagnostic::error(Rule::Write, shown, message.text(lang));
    match help {
        Some(help) => diag.with_help(help.text(lang)),
        None => diag,
    }
}

/// Starts a build into `build_dir`, before the site is even loaded, so that a refusal
/// comes at once: not the root or above it, not holding or inside the content, and empty
/// or a site studybook built (one look at its files, by [`Staging::new`]). Returns the
/// staging and how to name the folder; a refusal touches nothing.
pub fn stage(site: &Site, build_dir: &Path, command: &str) -> Result<(Staging, String)> {
    let lang = site.lang();
    let shown = match site.display_path(build_dir) {
        // The root itself (build-dir = "."): named, not left blank.
        empty if empty.is_empty() => ".".to_string(),
        shown => shown,
    };
    // Nor may it hold the site's own files: the roster, the plan, the themes, book.toml.
    let holds_own = site
        .sources()
        .iter()
        .any(|own| crate::write::is_unsafe_build_dir(own, own, build_dir));
    let unsafe_dir = crate::write::is_unsafe_build_dir(&site.root, &site.content_dir, build_dir);
    if holds_own || unsafe_dir {
        let message = if unsafe_dir {
            Msg::UnsafeBuildDir(&shown)
        } else {
            Msg::BuildDirHoldsOwn(&shown)
        };
        // content-dir = ".": every folder of the site is content, so no build-dir
        // below it will do, and that is what to say.
        let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let content_is_root = real(&site.root).starts_with(real(&site.content_dir));
        // Asked for by `--out`: the flag is at fault, not book.toml.
        let diag = if build_dir == site.build_dir && content_is_root {
            let content = site.config.build.content_dir.display().to_string();
            Diagnostic::error(
                Rule::Config,
                "book.toml",
                Msg::ContentIsRoot(&content).text(lang),
            )
            .with_help(Msg::ContentIsRootHelp.text(lang))
        } else if build_dir == site.build_dir {
            Diagnostic::error(Rule::Config, "book.toml", message.text(lang))
                .with_help(Msg::UnsafeBuildDirHelp.text(lang))
        } else {
            Diagnostic::error(Rule::Write, "--out", message.text(lang))
                .with_help(Msg::UnsafeOutHelp.text(lang))
        };
        return Err(diag.into());
    }
    let staging = Staging::new(build_dir, command)
        .map_err(|refusal| build_dir_refused(&shown, &refusal, lang))?;
    for (left, why) in &staging.left_over {
        say_left_over(left, why, site);
    }
    if let Some(holder) = &staging.took_over {
        say(&Msg::LockTakenOver {
            dir: &shown,
            holder: &holder_text(holder, lang),
        }
        .text(lang));
    }
    Ok((staging, shown))
}

/// The lock file beside the build-dir shown as `shown`, as the user would find it.
fn lock_shown(shown: &str) -> String {
    let path = std::path::Path::new(shown);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let lock = crate::names::lock_name(&name);
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => format!("{}/{lock}", parent.display()),
        None => lock,
    }
}

/// Who holds a build-dir's lock, in a few words: the command, the host, the process and
/// since when.
fn holder_text(holder: &crate::write::Holder, lang: Lang) -> String {
    let since = chrono::DateTime::from_timestamp(holder.since as i64, 0)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    Msg::LockHolder {
        command: &holder.command,
        host: &holder.host,
        pid: holder.pid,
        since: &since,
    }
    .text(lang)
}

/// The error for a built site that could not be put in place or kept up to date.
pub fn cannot_write_site(shown: &str, err: &std::io::Error, lang: Lang) -> String {
    let reason = io_reason(err, lang);
    let said = Msg::CannotPrepare {
        dir: shown,
        reason: &reason,
    }
    .text(lang);
    match crate::i18n::io_advice(err, lang) {
        Some(advice) => format!("{said}\n  = help: {advice}"),
        None => said,
    }
}

/// The format `--out`'s file name asks for (the format `known` gives its extension),
/// and the error for a `--format` that says another, or for a spreadsheet format that
/// is not written (.xls, .ods, .et).
pub fn format_for_out<'a>(
    out: Option<&Path>,
    format: Option<&'a str>,
    known: &[(&str, &'a str)],
    lang: Lang,
) -> std::result::Result<Option<&'a str>, Diagnostic> {
    // Windows drops dots and spaces at the end of a name: `r.pdf.` is `r.pdf`.
    let ext = out
        .and_then(Path::file_name)
        .map(|name| {
            name.to_string_lossy()
                .trim_end_matches(['.', ' '])
                .to_string()
        })
        .and_then(|name| name.rsplit_once('.').map(|(_, ext)| ext.to_lowercase()));
    // An extension none of `known` names (.xls, .pdf, .docx …): a file of another kind
    // is asked for, and would not open as one.
    // (`统计.2022` or `2022年.统计` name no kind of file: written as the format says.)
    let a_kind = |e: &str| {
        e.len() <= 5
            && e.bytes().all(|b| b.is_ascii_alphanumeric())
            && e.bytes().any(|b| b.is_ascii_alphabetic())
    };
    let unknown = |e: &&str| a_kind(e) && !known.iter().any(|(k, _)| k.eq_ignore_ascii_case(e));
    if let Some(ext) = ext.as_deref().filter(unknown) {
        let shown = out.map(|p| p.display().to_string()).unwrap_or_default();
        return Err(Diagnostic::error(
            Rule::Usage,
            &shown,
            Msg::OutFormatNotWritten(ext).text(lang),
        )
        .with_help(Msg::OutFormatNotWrittenHelp.text(lang)));
    }
    let named = ext.and_then(|e| {
        known
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&e))
            .map(|(_, format)| *format)
    });
    match (format, named) {
        (Some(format), Some(named)) if format != named => {
            let shown = out.map(|p| p.display().to_string()).unwrap_or_default();
            Err(Diagnostic::error(
                Rule::Usage,
                "--format",
                Msg::FormatNotOut {
                    format,
                    out: &shown,
                }
                .text(lang),
            )
            .with_help(Msg::FormatNotOutHelp(named).text(lang)))
        }
        (Some(format), _) => Ok(Some(format)),
        (None, named) => Ok(named),
    }
}

/// The first few of `count` names, and an ellipsis if there are more.
fn some_of(first: &[String], count: usize) -> String {
    let mut names = first.join("、");
    if count > first.len() {
        names += " …";
    }
    names
}

/// The diagnostic for a build-dir that a build may not replace, or could not prepare.
pub fn build_dir_refused(shown: &str, refusal: &crate::write::Refusal, lang: Lang) -> Diagnostic {
    match refusal_said(shown, refusal, lang) {
        // Not configuration: the folder is someone's, in use, or changed.
        Ok((message, help)) => {
            Diagnostic::error(Rule::Write, shown, message).with_help(help.text(lang))
        }
        Err(disk) => disk,
    }
}

/// What a refusal says, and its help; the disk's own refusal (full, read-only, gone) is
/// a diagnostic of its own.
fn refusal_said(
    shown: &str,
    refusal: &crate::write::Refusal,
    lang: Lang,
) -> std::result::Result<(String, Msg<'static>), Diagnostic> {
    use crate::write::Refusal;
    Ok(match refusal {
        Refusal::Link => (Msg::BuildDirLink(shown).text(lang), Msg::BuildDirOtherHelp),
        Refusal::NotFolder => (
            Msg::BuildDirNotFolder(shown).text(lang),
            Msg::BuildDirOtherHelp,
        ),
        Refusal::Foreign { first, count } => {
            let files = some_of(first, *count);
            let message = Msg::BuildDirForeign {
                dir: shown,
                files: &files,
                count: *count,
            };
            (message.text(lang), Msg::BuildDirForeignHelp)
        }
        Refusal::Edited { first, count } => {
            let files = some_of(first, *count);
            let message = Msg::BuildDirEdited {
                dir: shown,
                files: &files,
                count: *count,
            };
            (message.text(lang), Msg::BuildDirEditedHelp)
        }
        Refusal::Busy(holder) => busy(shown, holder, lang),
        Refusal::Newer(format) => (
            Msg::BuildDirNewer {
                dir: shown,
                format: *format,
            }
            .text(lang),
            Msg::BuildDirNewerHelp,
        ),
        Refusal::Damaged(line) => (
            Msg::BuildDirMarkDamaged {
                dir: shown,
                line: *line,
            }
            .text(lang),
            Msg::BuildDirMarkDamagedHelp,
        ),
        Refusal::InsideBuilt { up } => inside_built(shown, *up, lang),
        Refusal::MountPoint => (
            Msg::BuildDirMountPoint(shown).text(lang),
            Msg::BuildDirMountPointHelp,
        ),
        Refusal::LockUnusable => (
            Msg::BuildDirLockUnusable {
                dir: shown,
                lock: &lock_shown(shown),
            }
            .text(lang),
            Msg::BuildDirLockUnusableHelp,
        ),
        Refusal::Io(err) => return Err(cannot_prepare(shown, err, lang)),
    })
}

/// What to say of a build-dir whose lock another build or serve holds, and the help:
/// a serve is stopped another way than a build.
fn busy(shown: &str, holder: &crate::write::Holder, lang: Lang) -> (String, Msg<'static>) {
    let message = Msg::BuildDirBusy {
        dir: shown,
        holder: &holder_text(holder, lang),
        lock: &lock_shown(shown),
    };
    let help = if holder.command == "serve" {
        Msg::BuildDirBusyServeHelp
    } else {
        Msg::BuildDirBusyHelp
    };
    (message.text(lang), help)
}

/// What to say of a build-dir inside a site studybook built, `up` folders above it, and
/// the help.
fn inside_built(shown: &str, up: usize, lang: Lang) -> (String, Msg<'static>) {
    let site = std::path::Path::new(shown)
        .ancestors()
        .nth(up)
        .map(|p| p.display().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".into());
    let message = Msg::BuildDirInsideBuilt {
        dir: shown,
        site: &site,
    };
    (message.text(lang), Msg::BuildDirInsideBuiltHelp)
}

/// The diagnostic for a build-dir the disk would not let be prepared, with the advice
/// for what the disk said.
fn cannot_prepare(shown: &str, err: &std::io::Error, lang: Lang) -> Diagnostic {
    let reason = io_reason(err, lang);
    let message = Msg::CannotPrepare {
        dir: shown,
        reason: &reason,
    };
    let diag = Diagnostic::error(Rule::Write, shown, message.text(lang));
    // Before anything is written, a missing file is the folder above (or one that
    // cannot hold folders, such as /proc): nothing moved during a build.
    if err.kind() == std::io::ErrorKind::NotFound {
        let parent = std::path::Path::new(shown)
            .parent()
            .map(|p| p.display().to_string())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| ".".into());
        return diag.with_help(Msg::CannotPrepareMissingHelp(&parent).text(lang));
    }
    match crate::i18n::io_advice(err, lang) {
        Some(advice) => diag.with_help(advice),
        None => diag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Before anything is written, a missing file is the folder above, or one that
    /// cannot hold folders (`build --out /proc/sys/x`): nothing moved during a build.
    #[test]
    fn an_output_folder_that_cannot_be_made_names_the_folder_above() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let refusal = crate::write::Refusal::Io(missing);
        let diag = build_dir_refused("/proc/sys/x", &refusal, Lang::Zh);
        let help = diag.help.unwrap_or_default();
        assert!(help.contains("检查 /proc/sys 是否存在"), "{help}");
        assert!(!help.contains("生成过程中"), "{help}");
    }
}
