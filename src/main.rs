//! Command-line arguments and exit codes; the work is in the library's `cmd` modules.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use studybook::cmd::{self, build::BuildArgs, check::CheckArgs, coverage::CoverageArgs};

#[derive(Parser)]
#[command(
    name = "studybook",
    version,
    about = "把理论学习笔记（Markdown）生成内部网站，拒绝只有标题的笔记，统计每位党员和每个支部的学习覆盖情况",
    after_help = "示例：\n  studybook build            生成站点到 site/\n  studybook check            检查全部笔记\n  studybook check content/zhangsan/2022-03-16.md"
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
        /// 监听地址（默认只允许本机访问）
        #[arg(long, default_value = "127.0.0.1", value_name = "地址")]
        bind: std::net::IpAddr,
        /// 端口（默认 3000，被占用时自动换下一个）
        #[arg(long, value_name = "端口")]
        port: Option<u16>,
        /// 启动后打开浏览器
        #[arg(long)]
        open: bool,
    },
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
    let cli = Cli::parse();
    let site = match cmd::open_site(cli.root.as_deref()) {
        Ok(site) => site,
        Err(code) => return ExitCode::from(code),
    };
    let result = match cli.command {
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
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            cmd::say(&format!("错误：{err:#}"));
            ExitCode::from(cmd::CONFIG_ERROR)
        }
    }
}
