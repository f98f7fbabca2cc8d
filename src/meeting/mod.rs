//! Meeting records (三会一课, 主题党日, 组织生活会) counted: periods held, attendance and
//! absences per branch, kind and member ([`count`]). The kinds and their periods are
//! [`crate::kinds`]; an accepted record, resolved, is [`crate::check::meeting::Meeting`].

pub mod count;

pub use crate::check::meeting::{Meeting, Person};
