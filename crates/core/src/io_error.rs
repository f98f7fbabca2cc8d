//! What an `io::Error` of the build may carry, so that the one place that tells errors
//! (i18n) names the file and what happened instead of a bare system error. A leaf: the
//! stages that raise them and i18n, which tells them, both come after it.

use std::io;
use std::path::PathBuf;

/// A file the build could not write or read, carried inside an `io::Error` of the same
/// kind, so that the message names it.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct FileError {
    pub path: PathBuf,
    pub source: io::Error,
}

/// Another program got in a build's way: carried inside an `io::Error` so that the
/// message says what happened instead of a system error.
#[derive(Debug, thiserror::Error)]
pub enum Interference {
    #[error("the build's temp folder was replaced by another program")]
    TempReplaced,
    /// A file of the old site was replaced by a link (or a folder in it by one) while
    /// the build ran or serve kept it.
    #[error("a file of the site was replaced by a link")]
    OldSiteChanged,
}
