//! Command-line arguments and exit codes; the work is in the library's `cmd` modules.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use studybook::cmd::{self, build::BuildArgs, check::CheckArgs, coverage::CoverageArgs};
use studybook::i18n::{io_reason, Lang, Msg};

#[derive(Parser)]
#[command(
    name = "studybook",
    version,
    about = "把理论学习笔记（Markdown）生成内部网站，拒绝只有标题的笔记，统计每位党员和每个支部的学习覆盖情况",
    after_help = "示例：\n  studybook init 学习笔记     新建一个站点\n  studybook new --author zhangsan --study 2022-03-ideology\n  studybook check            检查全部笔记\n  studybook build            生成站点到 site/\n  studybook serve --watch    在浏览器里预览"
)]
struct Cli {
    /// 站点根目录（含 book.toml）；默认为当前目录或最近的上级目录
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 新建一个站点：book.toml、名册、学习计划、一篇示例笔记和写作说明
    #[command(
        after_help = "示例：\n  studybook init 学习笔记\n  studybook init --theme        在已有站点中复制内置主题以便修改"
    )]
    Init {
        /// 新站点的目录（必须不存在或为空）
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
        /// 同时把内置主题复制到 themes/default/，以便修改
        #[arg(long)]
        theme: bool,
    },
    /// 新建一篇笔记，打印它的路径
    #[command(
        after_help = "示例：\n  studybook new --author zhangsan\n  studybook new --author 张三 --study 2022-03-ideology --title \"学习《……》心得\" --date 2022-03-16"
    )]
    New {
        /// 作者：名册中的编号或姓名
        #[arg(long, value_name = "编号")]
        author: String,
        /// 学习计划中的项目编号
        #[arg(long, value_name = "项目")]
        study: Option<String>,
        /// 标题（默认按学习项目生成）
        #[arg(long, value_name = "标题")]
        title: Option<String>,
        /// 日期（默认今天）
        #[arg(long, value_name = "日期")]
        date: Option<String>,
    },
    /// 年度工作总结用的统计数字：学习活动、笔记、支部排名、未学习的党员
    #[command(
        after_help = "示例：\n  studybook report --since 2022-01-01 --until 2022-12-31 > 统计.md\n  studybook report --format xlsx --out 学习情况统计.xlsx"
    )]
    Report {
        /// 只统计截止日期在此日期及以后的计划项目
        #[arg(long, value_name = "日期")]
        since: Option<String>,
        /// 只统计截止日期在此日期及以前的计划项目
        #[arg(long, value_name = "日期")]
        until: Option<String>,
        /// 输出格式：md（粘贴到文档）、csv、xlsx（Excel）
        #[arg(long, value_enum, default_value_t = ReportFormatArg::Md)]
        format: ReportFormatArg,
        /// 写到文件（xlsx 在终端上必须指定）；不会覆盖已有文件
        #[arg(long, value_name = "文件")]
        out: Option<PathBuf>,
        /// 覆盖 --out 指定的已有文件
        #[arg(long, requires = "out")]
        force: bool,
    },
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
    Build {
        /// 输出目录（默认为 book.toml 中的 build-dir）
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// 有笔记被拒绝时以退出码 1 结束
        #[arg(long)]
        strict: bool,
    },
    /// 检查笔记、名册和学习计划
    #[command(
        after_help = "示例：\n  studybook check\n  studybook check content/zhangsan --format json"
    )]
    Check {
        /// 只报告这些笔记或目录（仍会加载整个站点）
        paths: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// 有警告时也以退出码 1 结束
        #[arg(long)]
        deny_warnings: bool,
    },
    /// 统计每位党员、每个支部的学习覆盖情况
    #[command(
        after_help = "示例：\n  studybook coverage\n  studybook coverage --since 2022-01-01 --until 2022-12-31 --branch 第一党支部\n  studybook coverage --format csv > 覆盖情况.csv"
    )]
    Coverage {
        /// 输出格式（默认：终端上为表格，否则为 JSON）
        #[arg(long, value_enum)]
        format: Option<CoverageFormatArg>,
        /// 只统计截止日期在此日期及以后的计划项目
        #[arg(long, value_name = "日期")]
        since: Option<String>,
        /// 只统计截止日期在此日期及以前的计划项目，且只计此日期前的笔记
        #[arg(long, value_name = "日期")]
        until: Option<String>,
        /// 只看一个支部
        #[arg(long, value_name = "支部")]
        branch: Option<String>,
    },
    /// 在本机预览站点；加 --watch 时保存文件后自动重新生成并刷新浏览器
    #[command(
        after_help = "示例：\n  studybook serve --watch\n  studybook serve --watch --port 8080 --open"
    )]
    Serve {
        /// 监视笔记、主题和 book.toml，有变化时重新生成
        #[arg(long)]
        watch: bool,
        /// 监听地址（默认只允许本机访问；0.0.0.0 让整个网络都能访问）
        #[arg(long, default_value = "127.0.0.1", value_name = "地址")]
        bind: String,
        /// 端口（默认 3000，被占用时自动换下一个）
        #[arg(long, value_name = "端口")]
        port: Option<u16>,
        /// 启动后打开浏览器
        #[arg(long)]
        open: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormatArg {
    Md,
    Csv,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum CoverageFormatArg {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    // The commands that need no site.
    match &cli.command {
        Command::Init { dir, theme } => {
            let dir = cli
                .root
                .clone()
                .map_or_else(|| dir.clone(), |root| root.join(dir));
            return finish(
                cmd::init::execute(
                    &cmd::init::InitArgs { dir, theme: *theme },
                    studybook::pipeline::today(),
                ),
                Lang::Zh,
            );
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "studybook",
                &mut std::io::stdout(),
            );
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    let site = match cmd::open_site(cli.root.as_deref()) {
        Ok(site) => site,
        Err(code) => return ExitCode::from(code),
    };
    let lang = site.lang();
    let result = match cli.command {
        Command::Init { .. } | Command::Completions { .. } => Ok(cmd::OK),
        Command::New {
            author,
            study,
            title,
            date,
        } => cmd::new::execute(
            &site,
            &cmd::new::NewArgs {
                author,
                study,
                title,
                date,
            },
            studybook::pipeline::today(),
        ),
        Command::Report {
            since,
            until,
            format,
            out,
            force,
        } => {
            let format = match format {
                ReportFormatArg::Md => cmd::report::Format::Markdown,
                ReportFormatArg::Csv => cmd::report::Format::Csv,
                ReportFormatArg::Xlsx => cmd::report::Format::Xlsx,
            };
            cmd::report::execute(
                &site,
                &cmd::report::ReportArgs {
                    since,
                    until,
                    format,
                    out,
                    force,
                },
            )
        }
        Command::Build { out, strict } => cmd::build::execute(&site, &BuildArgs { out, strict }),
        Command::Check {
            paths,
            format,
            deny_warnings,
        } => {
            let format = match format {
                FormatArg::Text => cmd::check::Format::Text,
                FormatArg::Json => cmd::check::Format::Json,
            };
            cmd::check::execute(
                &site,
                &CheckArgs {
                    paths,
                    format,
                    deny_warnings,
                },
            )
        }
        Command::Serve {
            watch,
            bind,
            port,
            open,
        } => studybook::serve::execute(
            site,
            &studybook::serve::ServeArgs {
                watch,
                bind,
                port,
                open,
            },
        ),
        Command::Coverage {
            format,
            since,
            until,
            branch,
        } => {
            let format = format.map(|f| match f {
                CoverageFormatArg::Table => cmd::coverage::Format::Table,
                CoverageFormatArg::Json => cmd::coverage::Format::Json,
                CoverageFormatArg::Csv => cmd::coverage::Format::Csv,
            });
            cmd::coverage::execute(
                &site,
                &CoverageArgs {
                    format,
                    since,
                    until,
                    branch,
                },
            )
        }
    };
    finish(result, lang)
}

/// A command line clap refused, told in the language of the site around the current
/// folder (Chinese where there is none); exit 2. Help and version print as clap has them.
fn usage_error(err: &clap::Error) -> ExitCode {
    let lang = std::env::current_dir()
        .ok()
        .and_then(|dir| studybook::config::Site::open(None, &dir).ok())
        .map_or(Lang::Zh, |site| site.lang());
    match cmd::usage::message(err, lang) {
        Some(message) => {
            cmd::say(&message);
            ExitCode::from(cmd::CONFIG_ERROR)
        }
        None => {
            let _ = err.print();
            ExitCode::from(u8::from(err.use_stderr()) * cmd::CONFIG_ERROR)
        }
    }
}

/// The exit code; an error that no command turned into a diagnostic is told in the
/// user's language, never as the system's own text.
fn finish(result: anyhow::Result<u8>, lang: Lang) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let reason = match err.downcast_ref::<std::io::Error>() {
                Some(io) => io_reason(io, lang),
                None => err.to_string(),
            };
            cmd::say(&Msg::Failed(&reason).text(lang));
            ExitCode::from(cmd::CONFIG_ERROR)
        }
    }
}
