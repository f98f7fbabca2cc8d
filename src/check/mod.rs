//! Loaded notes -> diagnostics and the accepted set.
//!
//! Each rule is one function in [`rules`]; this module runs them over every note in
//! parallel and turns a note with no error into an [`Entry`]: a note whose author, date
//! and study items are resolved against the roster and the plan, ready to publish.

mod rules;

use crate::config::CheckConfig;
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::load::Loaded;
use chrono::NaiveDate;
use rayon::prelude::*;

/// An accepted note, resolved: `member` indexes the roster, `study` the plan.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index into [`Loaded::notes`].
    pub note: usize,
    pub title: String,
    pub member: usize,
    pub date: NaiveDate,
    pub study: Vec<usize>,
    pub kind: String,
    pub tags: Vec<String>,
    pub draft: bool,
}

/// What the check concluded about a loaded site.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every diagnostic, ordered by path and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Accepted notes, drafts included, in the order of [`Loaded::notes`].
    pub entries: Vec<Entry>,
    /// Indexes of rejected notes.
    pub rejected: Vec<usize>,
}

impl Checked {
    /// Accepted notes that are not drafts: what the site shows.
    pub fn published(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.draft)
    }
}

/// The rules' settings and the day they judge "future" against.
pub struct Rules<'a> {
    pub config: &'a CheckConfig,
    pub lang: Lang,
    pub today: NaiveDate,
}

pub fn check(loaded: &Loaded, rules: &Rules<'_>) -> Checked {
    let results: Vec<(Option<Entry>, Vec<Diagnostic>)> = loaded
        .notes
        .par_iter()
        .enumerate()
        .map(|(i, note)| rules::check_note(i, note, loaded, rules))
        .collect();
    let mut checked = Checked::default();
    checked.diagnostics.extend(loaded.problems.iter().cloned());
    for (i, (entry, diagnostics)) in results.into_iter().enumerate() {
        match entry {
            Some(entry) => checked.entries.push(entry),
            None => checked.rejected.push(i),
        }
        checked.diagnostics.extend(diagnostics);
    }
    checked
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    checked
}
