//! The integration tests, one binary (linked once, not once per file): each module runs
//! the real studybook on fixture sites (tests/fixtures, or the repository's example
//! site) in a temp dir with HOME in a temp dir, and reads what it wrote.
//!
//! Run one area with its module path: `cargo test --test it safety::`, and the long
//! fuzz run with `PROPTEST_CASES=10000 cargo test --test it fuzz::`.

mod common;

mod assess;
mod bad_input;
mod build;
mod check;
mod commands;
mod commonmark;
mod coverage;
mod dist;
mod fuzz;
mod hostile;
mod library_wording;
mod meetings;
mod pages;
mod real_notes;
mod safety;
mod search;
mod serve;
mod serve_equals_build;
mod snapshots;
mod tree;
