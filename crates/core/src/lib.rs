//! studybook's first stage, which every later one uses and which uses none of them:
//! ids, dates, names that become file names and links, reading plain files, what an
//! io::Error carries, every message in both languages, diagnostics, the meeting kinds
//! and their periods, and Markdown (its HTML and the substance a body holds). A crate of
//! its own, so that Cargo keeps it from reaching into a later stage.

pub mod date;
pub mod diag;
pub mod i18n;
pub mod ids;
pub mod io_error;
pub mod kinds;
pub mod markdown;
pub mod names;
pub mod plain;
pub mod plaintext;
pub mod progress;
