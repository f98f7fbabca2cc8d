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

pub fn lang_of(site: &Site) -> Lang {
    site.lang()
}
