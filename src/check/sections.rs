//! Where a required section is in a body: under a Markdown heading, or under a line
//! written as a heading the way Word and WPS users write one (`一、学习内容`,
//! `**学习体会**`, `1. 学习内容`, `学习内容：` and text after it), by its name or one of its
//! aliases ([`crate::config::CheckConfig::names_of`]).

use crate::markdown::{key, Substance};

/// What was found of a section.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// There, with text under it.
    Written,
    /// There (at this body line), with nothing under it.
    Empty { line: usize },
    /// Not there; a line that looks like its heading, if one does (body line, text).
    Not { looks_like: Option<(usize, String)> },
}

/// Finds the section called any of `names` (as [`key`] writes them). `every` holds the
/// names of every required section: a line naming one of them ends the section before.
pub fn find(substance: &Substance, names: &[String], every: &[Vec<String>]) -> Found {
    if let Some(i) = substance
        .sections
        .iter()
        .position(|s| names.iter().any(|n| key(&s.title).contains(n.as_str())))
    {
        return if substance.under(i) == 0 {
            Found::Empty {
                line: substance.sections[i].line,
            }
        } else {
            Found::Written
        };
    }
    let named = |name: &str, wanted: &[String]| wanted.iter().any(|w| is_named(name, w));
    let Some(k) = substance.marks.iter().position(|m| named(&m.name, names)) else {
        let looks_like = substance
            .marks
            .iter()
            .find(|m| m.heading_like && names.iter().any(|n| m.name.contains(n.as_str())))
            .map(|m| (m.line, m.name.clone()));
        return Found::Not { looks_like };
    };
    let mark = &substance.marks[k];
    let next_mark = substance.marks[k + 1..]
        .iter()
        .find(|m| m.heading_like || every.iter().any(|names| named(&m.name, names)))
        .map(|m| m.at);
    let next_heading = substance
        .sections
        .iter()
        .find(|s| s.line > mark.line)
        .map(|s| s.at);
    let end = [next_mark, next_heading]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(substance.shown());
    let under = end.saturating_sub(mark.at + mark.block) + mark.after;
    if under == 0 {
        Found::Empty { line: mark.line }
    } else {
        Found::Written
    }
}

/// Whether a line's name is the section's: the same, or the same with a few characters
/// more (`学习内容摘要`, `我的心得体会`).
fn is_named(name: &str, wanted: &str) -> bool {
    name == wanted || (name.contains(wanted) && name.chars().count() <= wanted.chars().count() + 3)
}
