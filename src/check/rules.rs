//! The rules of docs/DESIGN.md, one function each. A rule looks at one note and returns
//! its diagnostics; `check_note` runs them and resolves an accepted note into an Entry.

use super::{Entry, Judged, Settings, Verdict};
use crate::date::{parse_date, DateError, FIRST_YEAR};
use crate::diag::{Diagnostic, Rule};
use crate::i18n::Msg;
use crate::ids::{ItemId, MemberId, NoteId};
use crate::load::front_matter::FrontMatter;
use crate::load::{Loaded, Note};
use crate::markdown::key;
use chrono::Datelike;

/// The rules of a note (not a meeting record, not an assessment file): its fields, its
/// substance, its sections; an accepted one resolved into an [`Entry`].
pub(super) fn check_note(
    index: usize,
    ctx: &Ctx<'_>,
    loaded: &Loaded,
    mut out: Vec<Diagnostic>,
) -> Judged {
    let (note, front, rules) = (ctx.note, ctx.front, ctx.rules);
    let title = ctx.required("title");
    let folder = loaded.roster.folder_of(&note.rel);
    // A note without `author` is its folder's member's; without `date`, it is dated by
    // its file name, as Jekyll's posts are.
    let author = match (&front.author, folder) {
        (None, Some(_)) => Ok(None),
        _ => ctx.required("author").map(Some),
    };
    // Looked for only when needed: formatting a date is dear, next to the rest.
    let named_date = front.date.is_none().then(|| name_date(note)).flatten();
    let date_text = match (&front.date, &named_date) {
        (None, Some(day)) => Ok(day.as_str()),
        _ => ctx.required("date"),
    };
    let missing = [
        title.as_ref().err(),
        author.as_ref().err(),
        date_text.as_ref().err(),
    ];
    out.extend(missing.into_iter().flatten().cloned());
    let date = date_text
        .as_ref()
        .ok()
        .and_then(|text| ctx.date(text, &mut out));
    let member = ctx.writer(&author, folder, loaded, &mut out);
    let study = ctx.study(loaded, &mut out);
    ctx.substance(&rules.config.required_sections, &mut out);
    let tags = ctx.tags(&mut out);
    let rejected = out.iter().any(Diagnostic::is_error);
    let entry = match (title, member, date, rejected) {
        (Ok(title), Some(member), Some(date), false) => Some(Entry {
            note: NoteId(index),
            title: title.to_string(),
            member,
            date,
            study,
            kind: front.kind.clone().unwrap_or_else(|| "个人自学".to_string()),
            tags,
            draft: front.draft,
        }),
        _ => None,
    };
    Judged {
        verdict: entry.map_or(Verdict::Refused, Verdict::Note),
        member,
        date,
        diagnostics: out,
        signature: super::duplicate::signature(&note.body.substance.text),
        branch: None,
    }
}

/// One note being judged: what the rules look at.
pub(super) struct Ctx<'a> {
    pub note: &'a Note,
    pub front: &'a FrontMatter,
    pub rules: &'a Settings<'a>,
    /// Where each line of the note's source starts, found once when a diagnostic first
    /// needs a line: a record with thousands of problems does not search the file for
    /// each.
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(note: &'a Note, front: &'a FrontMatter, rules: &'a Settings<'a>) -> Self {
        Ctx {
            note,
            front,
            rules,
            line_starts: std::cell::OnceCell::new(),
        }
    }
}

/// The date the note's file name starts with, written as a date is (`2022-03-18`).
fn name_date(note: &Note) -> Option<String> {
    let name = note.rel.rsplit('/').next().unwrap_or(&note.rel);
    crate::date::date_in_name(name).map(|d| d.format("%Y-%m-%d").to_string())
}

/// Tags a note may have: each makes a page, so a note with thousands would make
/// thousands of pages.
pub const MAX_TAGS: usize = 30;

impl<'a> Ctx<'a> {
    /// The note's tags, at most [`MAX_TAGS`], with a warning for the rest.
    fn tags(&self, out: &mut Vec<Diagnostic>) -> Vec<String> {
        let tags = &self.front.tags;
        if tags.len() > MAX_TAGS {
            let line = self.front.line_of("tags");
            let message = Msg::TooManyTags {
                count: tags.len(),
                kept: MAX_TAGS,
            };
            out.push(
                Diagnostic::warning(
                    Rule::TooLarge,
                    &self.note.shown,
                    message.text(self.rules.lang),
                )
                .at(&self.note.source, line, 1)
                .with_help(Msg::TooManyTagsHelp.text(self.rules.lang)),
            );
        }
        tags.iter().take(MAX_TAGS).cloned().collect()
    }

    pub fn error(&self, rule: Rule, msg: Msg<'_>, line: usize, help: Msg<'_>) -> Diagnostic {
        let text = self.line_text(line);
        Diagnostic::error(rule, &self.note.shown, msg.text(self.rules.lang))
            .at_line(text, line, value_column(text))
            .with_help(help.text(self.rules.lang))
    }

    /// The text of line `line` (1-based) of the note, without its end; "" past the end.
    fn line_text(&self, line: usize) -> &'a str {
        let source: &'a str = &self.note.source;
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let Some(&start) = starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = starts.get(line).map_or(source.len(), |&next| next - 1);
        let text = source.get(start..end).unwrap_or("");
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// `missing-field`: title, author and date must be there and not empty.
    pub fn required(&self, key: &'static str) -> Result<&'a str, Diagnostic> {
        let value = match key {
            "title" => self.front.title.as_deref(),
            "author" => self.front.author.as_deref(),
            _ => self.front.date.as_deref(),
        };
        value.ok_or_else(|| {
            self.error(
                Rule::MissingField,
                Msg::MissingField(key),
                self.front.line_of(key),
                Msg::MissingFieldHelp(key),
            )
        })
    }

    /// `bad-date` for a date in no accepted form; `future-date` for one after today.
    pub fn date(&self, text: &str, out: &mut Vec<Diagnostic>) -> Option<chrono::NaiveDate> {
        let line = self.front.line_of("date");
        match parse_date(text) {
            Ok(date) if date.year() < FIRST_YEAR => {
                out.push(self.error(
                    Rule::BadDate,
                    Msg::TooEarlyDate(text),
                    line,
                    Msg::BadDateHelp,
                ));
                None
            }
            Ok(date) => {
                if date > self.rules.today {
                    let shown = date.format("%Y-%m-%d").to_string();
                    let mut warning = self.error(
                        Rule::FutureDate,
                        Msg::FutureDate(&shown),
                        line,
                        Msg::FutureDateHelp,
                    );
                    warning.severity = crate::diag::Severity::Warning;
                    out.push(warning);
                }
                Some(date)
            }
            Err(DateError::Impossible) => {
                out.push(self.error(
                    Rule::BadDate,
                    Msg::ImpossibleDate(text),
                    line,
                    Msg::BadDateHelp,
                ));
                None
            }
            Err(DateError::Form { suggestion }) => {
                let mut diag =
                    self.error(Rule::BadDate, Msg::BadDate(text), line, Msg::BadDateHelp);
                if let Some(s) = suggestion {
                    diag.help = Some(Msg::DateSuggestion(&s).text(self.rules.lang));
                }
                out.push(diag);
                None
            }
        }
    }

    /// A warning that `author` names another member than the folder the note is in.
    fn not_the_folders(&self, author: &str, folder: MemberId, loaded: &Loaded) -> Diagnostic {
        let folder = loaded.roster.member(folder);
        let mut warning = self.error(
            Rule::UnknownMember,
            Msg::AuthorNotFolder {
                author,
                folder: &folder.name,
                id: &folder.id,
            },
            self.front.line_of("author"),
            Msg::AuthorNotFolderHelp,
        );
        warning.severity = crate::diag::Severity::Warning;
        warning
    }

    /// Who wrote the note: the member `author` names, or the folder's member where the
    /// note names none (None when `author` is missing); a warning when `author` names
    /// another member than the folder's.
    fn writer(
        &self,
        author: &Result<Option<&str>, Diagnostic>,
        folder: Option<MemberId>,
        loaded: &Loaded,
        out: &mut Vec<Diagnostic>,
    ) -> Option<MemberId> {
        let member = match author {
            Ok(Some(a)) => self.member(a, loaded, out),
            Ok(None) => folder,
            Err(_) => None,
        };
        if let (Some(member), Some(folder), Some(a)) = (member, folder, &self.front.author) {
            if member != folder {
                out.push(self.not_the_folders(a, folder, loaded));
            }
        }
        member
    }

    /// `unknown-member`: the author must be a roster id or name.
    fn member(&self, author: &str, loaded: &Loaded, out: &mut Vec<Diagnostic>) -> Option<MemberId> {
        self.roster_member(author, "author", self.front.line_of("author"), loaded, out)
    }

    /// `unknown-member`: a member named in the field `key` (on file line `line`) must be
    /// a roster id or name.
    pub fn roster_member(
        &self,
        named: &str,
        key: &str,
        line: usize,
        loaded: &Loaded,
        out: &mut Vec<Diagnostic>,
    ) -> Option<MemberId> {
        let found = loaded.roster.find(named);
        if found.is_none() {
            let msg = if key == "author" {
                Msg::UnknownMember(named)
            } else {
                Msg::UnknownPerson { key, named }
            };
            let help = if key == "author" {
                Msg::UnknownMemberHelp
            } else {
                Msg::UnknownPersonHelp(key)
            };
            let mut diag = self.error(Rule::UnknownMember, msg, line, help);
            // Only for diagnostics that will be shown: past the per-file cap each would
            // cost a look through the whole roster for nothing.
            let shown = out.len() < crate::diag::MAX_PER_FILE;
            if let Some(best) = shown
                .then(|| closest(named, loaded.roster.keys()))
                .flatten()
            {
                diag.help = Some(Msg::DidYouMean(best).text(self.rules.lang));
            }
            out.push(diag);
        }
        found
    }

    /// `unknown-study`: every study id must be in the plan.
    pub fn study(&self, loaded: &Loaded, out: &mut Vec<Diagnostic>) -> Vec<ItemId> {
        let mut found = Vec::new();
        for id in &self.front.study {
            match loaded.plan.find(id) {
                Some(i) => found.push(i),
                None => {
                    let mut diag = self.error(
                        Rule::UnknownStudy,
                        Msg::UnknownStudy(id),
                        self.front.line_of("study"),
                        Msg::UnknownStudyHelp,
                    );
                    diag = diag.or_closest(
                        id,
                        loaded.plan.items.iter().map(|p| p.id.as_str()),
                        self.rules.lang,
                    );
                    out.push(diag);
                }
            }
        }
        // Each item once, in the order first named: `[a, b, a]` is a and b.
        let mut seen = std::collections::HashSet::new();
        found.retain(|&item| seen.insert(item));
        found
    }

    /// `title-only`, `too-short` and `missing-section` (for the `required` headings), on
    /// what a reader sees of the body.
    pub fn substance(&self, required: &[String], out: &mut Vec<Diagnostic>) {
        let substance = &self.note.body.substance;
        let line = self
            .note
            .first_text_line()
            .unwrap_or_else(|| self.front.line_of("title"));
        if substance.plain == 0 {
            out.push(self.title_only());
            return;
        }
        self.too_short(line, out);
        // Nearly always: every section under a Markdown heading of its own name, with
        // text under it. Only otherwise are aliases and Word-style lines looked at.
        let plain = required.iter().all(|r| {
            let wanted = key(r);
            substance
                .sections
                .iter()
                .position(|s| key(&s.title).contains(&wanted))
                .is_some_and(|i| substance.under(i) > 0)
        });
        if !plain {
            self.missing_sections(required, line, out);
        }
    }

    /// An error about the body at `line`, column 1.
    fn body_error(&self, rule: Rule, msg: Msg<'_>, line: usize, help: Msg<'_>) -> Diagnostic {
        Diagnostic::error(rule, &self.note.shown, msg.text(self.rules.lang))
            .at(&self.note.source, line, 1)
            .with_help(help.text(self.rules.lang))
    }

    /// `title-only` for a body with nothing to read: said as of a record, of a note
    /// that only quotes, or of a note with only a title.
    fn title_only(&self) -> Diagnostic {
        let title_line = self.front.line_of("title");
        let (msg, help) = if self.front.meeting.is_some() {
            (Msg::RecordTitleOnly, Msg::RecordTitleOnlyHelp)
        } else if self.note.body.substance.not_own > 0 {
            (Msg::NothingOwn, Msg::NothingOwnHelp)
        } else {
            (Msg::TitleOnly, Msg::TitleOnlyHelp)
        };
        self.error(Rule::TitleOnly, msg, title_line, help)
    }

    /// `too-short` at `line` for a body with fewer characters than the book asks.
    fn too_short(&self, line: usize, out: &mut Vec<Diagnostic>) {
        let total = self.note.body.substance.total();
        let min = self.rules.config.min_chars;
        if total < min {
            let help = if self.front.meeting.is_some() {
                Msg::RecordTooShortHelp(min)
            } else {
                Msg::TooShortHelp(min)
            };
            let msg = Msg::TooShort { chars: total, min };
            out.push(self.body_error(Rule::TooShort, msg, line, help));
        }
    }

    /// `missing-section` for each `required` section found under none of its names (at
    /// `line`, with the line that looks like it where one does) or found empty.
    fn missing_sections(&self, required: &[String], line: usize, out: &mut Vec<Diagnostic>) {
        let substance = &self.note.body.substance;
        let config = self.rules.config;
        let every: Vec<Vec<String>> = required
            .iter()
            .map(|r| config.names_of(r).iter().map(|n| key(n)).collect())
            .collect();
        for (required, names) in required.iter().zip(&every) {
            match super::sections::find(substance, names, &every) {
                super::sections::Found::Not { looks_like } => {
                    let help = match &looks_like {
                        Some((mark_line, text)) => Msg::SectionLooksLike {
                            line: self.note.body_line + mark_line - 1,
                            text,
                            section: required,
                        },
                        None => Msg::MissingSectionHelp(required),
                    };
                    let msg = Msg::MissingSection(required);
                    out.push(self.body_error(Rule::MissingSection, msg, line, help));
                }
                super::sections::Found::Empty { line: body_line } => {
                    out.push(self.body_error(
                        Rule::MissingSection,
                        Msg::EmptySection(required),
                        self.note.body_line + body_line - 1,
                        Msg::MissingSectionHelp(required),
                    ));
                }
                super::sections::Found::Written => {}
            }
        }
    }
}

/// Column just after `key:` on a front matter line, to point at the value.
fn value_column(line: &str) -> usize {
    // The colon of a key is near the start: a long line is not searched through.
    let head = &line[..floor_boundary(line, 256)];
    head.find(':')
        .map_or(1, |c| line[..c + 1].chars().count() + 2)
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

pub use crate::diag::closest;

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn closest_suggests_a_likely_slip_only() {
        let ids = ["zhangsan", "lisi", "张三"];
        assert_eq!(closest("zhangshan", ids.into_iter()), Some("zhangsan"));
        // One character of a two-character name mistyped is still a likely slip.
        assert_eq!(closest("张山", ids.into_iter()), Some("张三"));
        assert_eq!(closest("王五", ids.into_iter()), None);
        assert_eq!(closest("wangwu", ids.into_iter()), None);
        // A paragraph where a name belongs is compared with nothing.
        assert_eq!(closest(&"张".repeat(100_000), ids.into_iter()), None);
    }
}
