//! What stops a command, and how it is told: one type for every command, printed in one
//! place ([`super::run`]), always with exit code 2.

use super::{print_diagnostics, say, CONFIG_ERROR};
use crate::diag::Diagnostic;
use crate::i18n::{io_reason, Lang, Msg};
use std::io;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems found in the site or on the command line, as diagnostics, and a line for
    /// people said after them ("nothing was built").
    #[error("{} problems", .problems.len())]
    Problems {
        problems: Vec<Diagnostic>,
        then: Option<String>,
    },
    /// A sentence for people, already in their language.
    #[error("{0}")]
    Said(String),
    /// Reading or writing failed where no diagnostic names the file (stdout, a temp dir).
    #[error(transparent)]
    Io(#[from] io::Error),
    /// Encoding the output (CSV, XLSX, JSON) failed: no input of the user's is at fault.
    #[error("{0}")]
    Encoding(String),
}

/// A command's exit code (0, or 1 when notes were rejected), or what stopped it.
pub type Result<T = u8> = std::result::Result<T, Error>;

impl Error {
    /// Problems, with `then` said after them.
    pub fn stop(problems: Vec<Diagnostic>, then: String) -> Error {
        Error::Problems {
            problems,
            then: Some(then),
        }
    }

    /// Tells it on stderr in `lang`; returns the exit code.
    pub fn report(&self, lang: Lang) -> u8 {
        match self {
            Error::Problems { problems, then } => {
                print_diagnostics(problems);
                if let Some(then) = then {
                    say(then);
                }
            }
            Error::Said(text) => say(text),
            Error::Io(err) => say(&Msg::Failed(&io_reason(err, lang)).text(lang)),
            Error::Encoding(detail) => say(&Msg::Failed(detail).text(lang)),
        }
        CONFIG_ERROR
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Error {
        vec![diagnostic].into()
    }
}

impl From<Box<Diagnostic>> for Error {
    fn from(diagnostic: Box<Diagnostic>) -> Error {
        (*diagnostic).into()
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(problems: Vec<Diagnostic>) -> Error {
        Error::Problems {
            problems,
            then: None,
        }
    }
}

impl From<csv::Error> for Error {
    fn from(err: csv::Error) -> Error {
        Error::Encoding(err.to_string())
    }
}

impl From<rust_xlsxwriter::XlsxError> for Error {
    fn from(err: rust_xlsxwriter::XlsxError) -> Error {
        Error::Encoding(err.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Error {
        Error::Encoding(err.to_string())
    }
}
