//! Command-line parsing and the exit code; the commands are in the library's `cmd`.

use clap::FromArgMatches;
use std::process::ExitCode;
use studybook::cmd::{self, Cli};
use studybook::i18n::Lang;

fn main() -> ExitCode {
    let parsed = cmd::usage::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => ExitCode::from(cmd::run(cli)),
        Err(err) => usage_error(&err),
    }
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
