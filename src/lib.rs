//! studybook: theory-study notes -> a static site, a check that rejects empty notes, and
//! study coverage per member and branch.
//!
//! The pipeline, one module per stage: [`config`] and [`load`] read the site, [`check`]
//! judges each note, [`model`] indexes what is published, [`render`] makes every page in
//! memory and [`write`] puts them on disk atomically. [`cmd`] holds the subcommands.

pub use studybook_core::{
    date, diag, i18n, ids, io_error, kinds, markdown, names, plain, plaintext, progress,
};

pub mod assess;
pub mod check;
pub mod cmd;
pub mod config;
pub mod corpus;
pub mod coverage;
pub mod load;
pub mod meeting;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod write;
