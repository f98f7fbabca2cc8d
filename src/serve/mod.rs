//! The preview server: the site from memory over HTTP, rebuilt as files change, with
//! pages that reload themselves when a rebuild finishes. The command that runs it is
//! [`crate::cmd::serve`].
//!
//! Three parts, each reusing the pipeline's stages: [`session`] keeps the loaded site and
//! rebuilds only what a change touches, [`watch`] turns file events into changes, and
//! [`http`] answers requests from the latest snapshot.

mod affected;
pub mod http;
pub mod session;
pub mod watch;
