//! Loaded notes -> diagnostics and the accepted set.
//!
//! Each rule is one function in [`rules`]; this module runs them over every note in
//! parallel and turns a note with no error into an [`Entry`]: a note whose author, date
//! and study items are resolved against the roster and the plan, ready to publish.

pub mod document;
pub mod duplicate;
pub mod meeting;
mod record;
mod rules;
mod sections;
mod targets;

pub use rules::closest;

use crate::config::CheckConfig;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::ids::{BranchId, ItemId, MemberId, NoteId};
use crate::load::{Loaded, Note};
use chrono::NaiveDate;
use rayon::prelude::*;

/// An accepted note, resolved: `member` indexes the roster, `study` the plan.
#[derive(Debug, Clone)]
pub struct Entry {
    pub note: NoteId,
    pub title: String,
    pub member: MemberId,
    pub date: NaiveDate,
    pub study: Vec<ItemId>,
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
    /// Accepted meeting records, drafts included, in the order of [`Loaded::notes`].
    pub meetings: Vec<meeting::Meeting>,
    /// Accepted assessment files, in the order of [`Loaded::notes`].
    pub assessments: Vec<document::Assessment>,
    /// Accepted review records, in the order of [`Loaded::notes`].
    pub reviews: Vec<document::Review>,
    /// The rejected notes, meeting records, assessment files and review records.
    pub rejected: Vec<NoteId>,
    /// Who wrote each note and when, where that could be read, accepted or not: in the
    /// order of [`Loaded::notes`]. Coverage counts notes written with it.
    pub written: Vec<Written>,
    /// The day the check judged "future" against: meeting periods not over by then are
    /// not yet missing.
    pub today: NaiveDate,
    /// The language the diagnostics are in: the book's.
    pub lang: Lang,
}

/// The author and date of a note, as far as they could be resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub member: Option<MemberId>,
    pub date: Option<NaiveDate>,
    pub draft: bool,
}

impl Checked {
    pub fn meeting(&self, id: crate::ids::MeetingId) -> &meeting::Meeting {
        &self.meetings[id.0]
    }

    /// Every accepted meeting record with its id, drafts included.
    pub fn meeting_ids(&self) -> impl Iterator<Item = (crate::ids::MeetingId, &meeting::Meeting)> {
        self.meetings
            .iter()
            .enumerate()
            .map(|(i, m)| (crate::ids::MeetingId(i), m))
    }

    /// Accepted notes that are not drafts: what the site shows.
    pub fn published(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.draft)
    }

    /// How many notes, and how many meeting records, were checked, accepted and
    /// rejected, among the files `wanted` keeps.
    pub fn tally(&self, loaded: &Loaded, wanted: impl Fn(&Note) -> bool) -> (Tally, Tally) {
        let rejected: std::collections::HashSet<NoteId> = self.rejected.iter().copied().collect();
        let (mut notes, mut meetings) = (Tally::default(), Tally::default());
        // The assessment's own files are told apart: neither notes nor records.
        let counted = |n: &&Note| !n.is_document() && wanted(n);
        for (i, note) in loaded.notes.iter().enumerate().filter(|(_, n)| counted(n)) {
            // A record whose front matter cannot be read is still a record where it is
            // kept (content/meetings/), not "a note".
            let record =
                note.is_meeting() || (note.front.is_none() && note.rel.starts_with("meetings/"));
            let tally = if record { &mut meetings } else { &mut notes };
            tally.total += 1;
            if rejected.contains(&NoteId(i)) {
                tally.rejected += 1;
            } else {
                tally.accepted += 1;
            }
        }
        (notes, meetings)
    }
}

impl Checked {
    /// How many assessment files and review records were checked, accepted and
    /// rejected, among the files `wanted` keeps.
    pub fn tally_documents(&self, loaded: &Loaded, wanted: impl Fn(&Note) -> bool) -> Tally {
        let rejected: std::collections::HashSet<NoteId> = self.rejected.iter().copied().collect();
        let mut tally = Tally::default();
        for (i, _) in loaded
            .notes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_document() && wanted(n))
        {
            tally.total += 1;
            if rejected.contains(&NoteId(i)) {
                tally.rejected += 1;
            } else {
                tally.accepted += 1;
            }
        }
        tally
    }
}

/// Files checked, accepted and rejected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    #[serde(rename = "records")]
    pub total: usize,
    pub accepted: usize,
    pub rejected: usize,
}

/// The rules' settings and the day they judge "future" against.
pub struct Settings<'a> {
    pub config: &'a CheckConfig,
    pub lang: Lang,
    pub today: NaiveDate,
}

pub fn check(loaded: &Loaded, rules: &Settings<'_>) -> Checked {
    conclude(loaded, &judge_all(loaded, rules), rules)
}

/// Every note's own verdict, in parallel, aligned with [`Loaded::notes`].
pub fn judge_all(loaded: &Loaded, rules: &Settings<'_>) -> Vec<Judged> {
    loaded
        .notes
        .par_iter()
        .enumerate()
        .map(|(i, note)| judge(i, note, loaded, rules))
        .collect()
}

/// One note's verdict before the rules that compare notes with each other.
#[derive(Debug, Clone, Default)]
pub struct Judged {
    /// What the file's own rules made of it.
    pub verdict: Verdict,
    /// Author and date where they could be read, accepted or not: duplicate detection
    /// orders and groups notes by them.
    pub member: Option<MemberId>,
    pub date: Option<chrono::NaiveDate>,
    pub diagnostics: Vec<Diagnostic>,
    /// The MinHash signature of the body's substantive text, for near-duplicate
    /// detection; None for bodies too short to compare or notes without fields. Kept with
    /// the verdict, so serve computes it again only for notes that changed.
    pub signature: Option<Box<duplicate::Signature>>,
    /// A meeting record's branch where it could be read: the record's "author" when
    /// duplicates are grouped.
    pub branch: Option<BranchId>,
}

/// What the rules that judge a file alone made of it: one of the three kinds accepted,
/// or refused (its errors are among the diagnostics).
#[derive(Debug, Clone, Default)]
pub enum Verdict {
    #[default]
    Refused,
    /// A note, resolved: its author, date and plan items.
    Note(Entry),
    /// A meeting record, resolved against the roster, the plan and the kinds.
    Record(meeting::Meeting),
    /// An assessment file or a review record, read.
    Document(document::Judgement),
}

impl Verdict {
    /// A note or a meeting record accepted: what a copy of it would be refused against.
    pub fn is_accepted_text(&self) -> bool {
        matches!(self, Verdict::Note(_) | Verdict::Record(_))
    }
}

/// The rules that look at one note alone. Its verdict depends on nothing but the note,
/// the roster, the plan and the settings, so it can be kept while other notes change.
/// An assessment file or a review, a meeting record and a note each have rules of their
/// own (document.rs, record.rs, rules.rs).
pub fn judge(index: usize, note: &Note, loaded: &Loaded, rules: &Settings<'_>) -> Judged {
    let out = note.diagnostics.clone();
    let Some(front) = &note.front else {
        return Judged {
            diagnostics: out,
            ..Judged::default()
        };
    };
    let ctx = rules::Ctx::new(note, front, rules);
    let mut judged = match (&front.document, &front.meeting) {
        (Some(document), _) => document::check_document(index, &ctx, document, loaded, out),
        (None, Some(fields)) => record::check_record(index, &ctx, fields, loaded, out),
        (None, None) => rules::check_note(index, &ctx, loaded, out),
    };
    judged.diagnostics = crate::diag::capped(std::mem::take(&mut judged.diagnostics), rules.lang);
    judged
}

/// The rules that compare notes (duplicates), then the verdict on the whole site.
/// `judged` is aligned with [`Loaded::notes`].
pub fn conclude(loaded: &Loaded, judged: &[Judged], rules: &Settings<'_>) -> Checked {
    let (copies, originals) = copies_and_originals(loaded, judged, rules);
    let mut checked = Checked {
        today: rules.today,
        lang: rules.lang,
        ..Checked::default()
    };
    checked.diagnostics.extend(loaded.problems.iter().cloned());
    checked.diagnostics.extend(originals);
    checked
        .diagnostics
        .extend(long_before(loaded, judged, rules.lang));
    for (i, (judged, copy)) in judged.iter().zip(copies).enumerate() {
        file_verdict(&mut checked, loaded, NoteId(i), judged, copy);
    }
    let rejected: std::collections::HashSet<&str> = checked
        .rejected
        .iter()
        .map(|&id| loaded.note(id).rel.as_str())
        .collect();
    checked
        .diagnostics
        .extend(targets::unpublished(loaded, &rejected, rules.lang));
    checked
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    checked
}

/// The `duplicate` error of each copy, by note, and the warnings of the originals kept
/// (each told of the copy refused against it).
fn copies_and_originals(
    loaded: &Loaded,
    judged: &[Judged],
    rules: &Settings<'_>,
) -> (Vec<Option<Diagnostic>>, Vec<Diagnostic>) {
    let mut copies: Vec<Option<Diagnostic>> = vec![None; judged.len()];
    let mut originals = Vec::new();
    for found in duplicates(loaded, judged, rules) {
        copies[found.note] = Some(duplicate_diagnostic(loaded, &found, rules));
        // Which came first is read from the dates written: the one kept is told of the
        // other, so a copy dated back cannot pass unseen while its original is refused.
        let (a, b) = (&judged[found.note], &judged[found.original]);
        if (a.member, a.branch) != (b.member, b.branch) {
            originals.push(original_diagnostic(loaded, &found, rules));
        }
    }
    (copies, originals)
}

/// Files the verdict on note `id` (refused as a `copy`, if it is one) into `checked`:
/// what it was written as, where it goes, and what it was told.
fn file_verdict(
    checked: &mut Checked,
    loaded: &Loaded,
    id: NoteId,
    judged: &Judged,
    copy: Option<Diagnostic>,
) {
    let draft = loaded.note(id).front.as_ref().is_some_and(|f| f.draft);
    checked.written.push(Written {
        member: judged.member,
        date: judged.date,
        draft,
    });
    match (&judged.verdict, &copy) {
        (Verdict::Note(entry), None) => checked.entries.push(Entry {
            note: id,
            ..entry.clone()
        }),
        (Verdict::Record(meeting), None) => checked.meetings.push(meeting::Meeting {
            note: id,
            ..meeting.clone()
        }),
        (Verdict::Document(document::Judgement::Assessment(a)), _) => {
            checked.assessments.push(a.clone());
        }
        (Verdict::Document(document::Judgement::Review(r)), _) => {
            checked.reviews.push(r.clone());
        }
        _ => checked.rejected.push(id),
    }
    checked
        .diagnostics
        .extend(judged.diagnostics.iter().cloned());
    checked.diagnostics.extend(copy);
}

/// `duplicate`: notes whose text nearly copies an earlier note's. A meeting record's
/// writer is its branch: a record copied from another branch's is a duplicate.
fn duplicates(
    loaded: &Loaded,
    judged: &[Judged],
    rules: &Settings<'_>,
) -> Vec<duplicate::Duplicate> {
    let candidates: Vec<duplicate::Candidate<'_>> = loaded
        .notes
        .iter()
        .zip(judged)
        .enumerate()
        // A draft is not handed in: it is no copy, and no original a handed-in note
        // could be refused against (a copy dated back and kept in _drafts/).
        .filter(|(_, (note, _))| !note.front.as_ref().is_some_and(|f| f.draft))
        .filter_map(|(i, (note, judged))| {
            Some(duplicate::Candidate {
                note: i,
                member: match (judged.member, judged.branch) {
                    (Some(member), _) => duplicate::Writer::Member(member),
                    (None, Some(branch)) => duplicate::Writer::Branch(branch),
                    (None, None) => duplicate::Writer::Unknown(i),
                },
                date: judged.date,
                path: &note.shown,
                text: &note.body.substance.text,
                signature: judged.signature.as_deref()?,
                accepted: judged.verdict.is_accepted_text(),
            })
        })
        .collect();
    duplicate::find(&candidates, rules.config.max_similarity)
}

/// A warning on each meeting record dated [`YEARS_COUNTED`] years or more before the
/// latest one: its year is likely mistyped (1922 for 2022), and the counts, which reach
/// back only that far unless asked, leave it out.
///
/// [`YEARS_COUNTED`]: crate::date::YEARS_COUNTED
fn long_before(loaded: &Loaded, judged: &[Judged], lang: Lang) -> Vec<Diagnostic> {
    use chrono::Datelike;
    let dated = || {
        loaded
            .notes
            .iter()
            .zip(judged)
            .filter(|(note, _)| note.is_meeting())
            .filter_map(|(note, judged)| Some((note, judged.date?)))
    };
    let Some(latest) = dated().map(|(_, date)| date.year()).max() else {
        return Vec::new();
    };
    dated()
        .filter(|(_, date)| date.year() <= latest - crate::date::YEARS_COUNTED)
        .map(|(note, date)| {
            let line = note.front.as_ref().map_or(1, |f| f.line_of("date"));
            let shown = date.format("%Y-%m-%d").to_string();
            Diagnostic::warning(
                Rule::BadDate,
                &note.shown,
                Msg::LongBefore {
                    date: &shown,
                    years: latest - date.year(),
                }
                .text(lang),
            )
            .at(&note.source, line, 1)
            .with_help(Msg::LongBeforeHelp.text(lang))
        })
        .collect()
}

/// The warning on the note a refused duplicate was compared with: the two are alike,
/// and only their dates said which one is refused.
fn original_diagnostic(
    loaded: &Loaded,
    found: &duplicate::Duplicate,
    rules: &Settings<'_>,
) -> Diagnostic {
    let original = &loaded.notes[found.original];
    let copy = &loaded.notes[found.note];
    let percent = (found.similarity * 100.0).floor() as usize;
    let line = original.first_text_line().unwrap_or(original.body_line);
    Diagnostic::warning(
        Rule::Duplicate,
        &original.shown,
        Msg::DuplicateKept {
            copy: &copy.shown,
            percent,
        }
        .text(rules.lang),
    )
    .at(&original.source, line, 1)
    .with_help(Msg::DuplicateKeptHelp.text(rules.lang))
}

fn duplicate_diagnostic(
    loaded: &Loaded,
    found: &duplicate::Duplicate,
    rules: &Settings<'_>,
) -> Diagnostic {
    let note = &loaded.notes[found.note];
    let original = &loaded.notes[found.original];
    let front = original.front.as_ref();
    let percent = (found.similarity * 100.0).floor() as usize;
    let line = note.first_text_line().unwrap_or(note.body_line);
    let msg = match front.and_then(|f| f.meeting.as_ref()?.branch.as_deref()) {
        Some(branch) => Msg::RecordDuplicate {
            original: &original.shown,
            branch,
            percent,
        },
        None => Msg::Duplicate {
            original: &original.shown,
            author: front
                .and_then(|f| f.author.as_deref())
                .map(|a| {
                    loaded
                        .roster
                        .find(a)
                        .map_or(a, |m| loaded.roster.member(m).name.as_str())
                })
                .unwrap_or("?"),
            percent,
        },
    };
    Diagnostic::error(Rule::Duplicate, &note.shown, msg.text(rules.lang))
        .at(&note.source, line, 1)
        .with_help(
            if note.is_meeting() {
                Msg::RecordDuplicateHelp
            } else {
                Msg::DuplicateNoteHelp
            }
            .text(rules.lang),
        )
}

#[cfg(test)]
mod tests;
