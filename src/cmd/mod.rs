//! The subcommands, one file each. A command returns its exit code; what it prints for
//! people goes to stderr, data to stdout.

pub mod build;
pub mod check;
pub mod coverage;
pub mod init;
pub mod new;
mod progress;
pub mod report;
mod table;

use crate::config::Site;
use crate::diag::{format_text, Diagnostic};
use crate::i18n::Lang;
use std::io::{IsTerminal, Write};
use std::path::Path;

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

/// Opens the site at `--root` or around the current folder; prints why not.
pub fn open_site(root: Option<&Path>) -> Result<Site, u8> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    Site::open(root, &cwd).map_err(|diag| {
        print_diagnostics([diag.as_ref()]);
        CONFIG_ERROR
    })
}

/// Prints a line for people on stderr.
pub fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// What coverage and report start from: the period of `--since`/`--until` and the
/// checked site. Prints why not and gives the exit code when either fails.
pub fn checked_for_period(
    site: &Site,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<(crate::pipeline::Checkup, crate::coverage::Period), u8> {
    let period = period(since, until, site.lang()).map_err(|diag| {
        print_diagnostics([&diag]);
        CONFIG_ERROR
    })?;
    let checkup =
        crate::pipeline::checkup(site, crate::pipeline::today(), &()).map_err(|problems| {
            print_diagnostics(&problems);
            CONFIG_ERROR
        })?;
    Ok((checkup, period))
}

/// The period of `--since` and `--until`, or the diagnostic for a date not understood.
pub fn period(
    since: Option<&str>,
    until: Option<&str>,
    lang: Lang,
) -> Result<crate::coverage::Period, Diagnostic> {
    let parse = |flag: &str, value: Option<&str>| {
        value
            .map(|v| {
                crate::date::parse_date(v).map_err(|_| {
                    Diagnostic::error(
                        crate::diag::Rule::Config,
                        flag,
                        crate::i18n::Msg::BadPeriodDate { flag, value: v }.text(lang),
                    )
                    .with_help(crate::i18n::Msg::BadDateHelp.text(lang))
                })
            })
            .transpose()
    };
    Ok(crate::coverage::Period {
        since: parse("--since", since)?,
        until: parse("--until", until)?,
    })
}

/// Writes a file that must not exist yet (init and new never overwrite), creating its
/// folder.
pub fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("failed to create `{}`", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", path.display()))
}
