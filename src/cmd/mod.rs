//! The subcommands, one file each. A command returns its exit code; what it prints for
//! people goes to stderr, data to stdout.

pub mod build;
pub mod check;
pub mod coverage;
pub mod init;
pub mod new;
mod progress;
pub mod report;
mod sheet;
mod table;
pub mod usage;

use crate::config::Site;
use crate::diag::{format_text, Diagnostic, Rule};
use crate::i18n::{io_reason, Lang, Msg};
use crate::write::requested;
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
    let period = crate::coverage::Period {
        since: parse("--since", since)?,
        until: parse("--until", until)?,
    };
    if let (Some(since), Some(until)) = (period.since, period.until) {
        if since > until {
            let (since, until) = (since.to_string(), until.to_string());
            return Err(Diagnostic::error(
                Rule::Config,
                "--since",
                Msg::PeriodReversed {
                    since: &since,
                    until: &until,
                }
                .text(lang),
            )
            .with_help(Msg::PeriodReversedHelp.text(lang)));
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
) -> Result<(), Diagnostic> {
    requested::write_new_inside(path, inside, bytes)
        .map_err(|refusal| write_refused(shown, &refusal, lang))
}

/// The diagnostic for a file a command was asked to write and did not write.
pub fn write_refused(shown: &str, refusal: &requested::Refusal, lang: Lang) -> Diagnostic {
    use requested::Refusal;
    let (message, help) = match refusal {
        Refusal::Exists => (Msg::OutExists(shown), Some(Msg::OutExistsHelp)),
        Refusal::Link => (Msg::OutLink(shown), Some(Msg::OutLinkHelp)),
        Refusal::Folder => (Msg::OutFolder(shown), None),
        Refusal::Protected => (Msg::OutProtected(shown), Some(Msg::OutProtectedHelp)),
        Refusal::Outside => (Msg::OutOutside(shown), None),
        Refusal::Io(err) => {
            let reason = io_reason(err, lang);
            let message = Msg::CannotWriteFile {
                path: shown,
                reason: &reason,
            };
            return Diagnostic::error(Rule::Config, shown, message.text(lang));
        }
    };
    let diag = Diagnostic::error(Rule::Config, shown, message.text(lang));
    match help {
        Some(help) => diag.with_help(help.text(lang)),
        None => diag,
    }
}

/// The diagnostic for a build-dir that a build may not replace, or could not prepare.
pub fn build_dir_refused(shown: &str, refusal: &crate::write::Refusal, lang: Lang) -> Diagnostic {
    use crate::write::Refusal;
    let (message, help) = match refusal {
        Refusal::Link => (Msg::BuildDirLink(shown).text(lang), Msg::BuildDirOtherHelp),
        Refusal::NotFolder => (
            Msg::BuildDirNotFolder(shown).text(lang),
            Msg::BuildDirOtherHelp,
        ),
        Refusal::Foreign { first, count } => {
            let mut files = first.join("、");
            if *count > first.len() {
                files += " …";
            }
            let message = Msg::BuildDirForeign {
                dir: shown,
                files: &files,
                count: *count,
            };
            (message.text(lang), Msg::BuildDirForeignHelp)
        }
        Refusal::Io(err) => {
            let reason = io_reason(err, lang);
            let message = Msg::CannotPrepare {
                dir: shown,
                reason: &reason,
            };
            return Diagnostic::error(Rule::Config, shown, message.text(lang));
        }
    };
    Diagnostic::error(Rule::Config, shown, message).with_help(help.text(lang))
}
