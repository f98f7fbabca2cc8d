//! studybook: theory-study notes -> a static site, a check that rejects empty notes, and
//! study coverage per member and branch.
//!
//! The pipeline, one module per stage: [`config`] and [`load`] read the site, [`check`]
//! judges each note, [`model`] indexes what is published, [`render`] makes every page in
//! memory and [`write`] puts them on disk atomically. [`cmd`] holds the subcommands.

pub mod assess;
pub mod check;
pub mod cmd;
pub mod config;
pub mod corpus;
pub mod coverage;
pub mod date;
pub mod diag;
pub mod i18n;
pub mod ids;
pub mod io_error;
pub mod kinds;
pub mod load;
pub mod markdown;
pub mod meeting;
pub mod model;
pub mod names;
pub mod pipeline;
pub mod plain;
pub mod plaintext;
pub mod progress;
pub mod render;
pub mod serve;
pub mod write;
