//! The rules of a meeting record (docs/DESIGN.md, "Meeting records"): its fields
//! (`meeting-field`, `unknown-branch`, `unknown-member`), who attended (`attendance`,
//! `quorum`), who spoke (`few-speakers`), and the body rules notes have, with the kind's
//! sections as the required ones.

use super::meeting::{speaker_of, Meeting, Person};
use super::rules::{closest, Ctx};
use super::Judged;
use crate::diag::{Diagnostic, Rule, Severity};
use crate::i18n::Msg;
use crate::ids::{BranchId, ItemId, KindId, MemberId};
use crate::kinds::{Expected, MeetingKind};
use crate::load::front_matter::{MeetingFields, Stated};
use crate::load::Loaded;
use crate::markdown::key;
use chrono::NaiveDate;

/// The rules of a meeting record: its fields, who attended and spoke, and its body;
/// an accepted one resolved into a [`Meeting`].
pub(super) fn check_record(
    index: usize,
    ctx: &Ctx<'_>,
    fields: &MeetingFields,
    loaded: &Loaded,
    mut out: Vec<Diagnostic>,
) -> Judged {
    let record = Record {
        ctx,
        fields,
        loaded,
    };
    let heading = record.heading(&mut out);
    let attendance = record.attendance(heading.kind, heading.branch, &mut out);
    let study = ctx.study(loaded, &mut out);
    let sections = heading.kind.map_or(&[][..], |k| &k.sections[..]);
    ctx.substance(sections, &mut out);
    let rejected = out.iter().any(Diagnostic::is_error);
    let (date, branch) = (heading.date, heading.branch);
    let meeting = if rejected {
        None
    } else {
        record.meeting(index, heading, attendance, study)
    };
    Judged {
        verdict: meeting.map_or(super::Verdict::Refused, super::Verdict::Record),
        member: None,
        date,
        diagnostics: out,
        signature: super::duplicate::signature(&ctx.note.body.substance.text),
        branch,
    }
}

/// What a record's front matter says of its meeting, each None where it is missing or
/// wrong (and said so).
struct Heading<'a> {
    kind: Option<&'a MeetingKind>,
    title: Option<&'a str>,
    branch: Option<BranchId>,
    date: Option<NaiveDate>,
    place: Option<&'a str>,
    host: Option<MemberId>,
    recorder: Option<MemberId>,
    lecturer: Option<Person>,
}

/// Who a record says was expected, was absent and spoke.
struct Attendance {
    group: Option<String>,
    expected: Option<Vec<MemberId>>,
    absent: Vec<(MemberId, String)>,
    speakers: Vec<Person>,
}

struct Record<'a> {
    ctx: &'a Ctx<'a>,
    fields: &'a MeetingFields,
    loaded: &'a Loaded,
}

impl<'a> Record<'a> {
    fn lang(&self) -> crate::i18n::Lang {
        self.ctx.rules.lang
    }

    fn line_of(&self, key: &str) -> usize {
        self.ctx.front.line_of(key)
    }

    /// The meeting's kind, title, branch, date, place, host, recorder and (where the kind
    /// has one) lecturer, each checked in that order.
    fn heading(&self, out: &mut Vec<Diagnostic>) -> Heading<'a> {
        let (ctx, fields) = (self.ctx, self.fields);
        let kind = self.kind(out);
        let title = ctx.required("title").map_err(|d| out.push(d)).ok();
        let branch = self.branch(out);
        let date = self
            .field("date", ctx.front.date.as_deref(), out)
            .and_then(|text| ctx.date(text, out));
        let place = self.field("place", fields.place.as_deref(), out);
        let host = self.person("host", fields.host.as_deref(), out);
        let recorder = self.person("recorder", fields.recorder.as_deref(), out);
        let lecturer = kind
            .filter(|k| k.needs_lecturer())
            .and_then(|_| self.field("lecturer", fields.lecturer.as_deref(), out))
            .map(|named| {
                self.loaded
                    .roster
                    .find(named)
                    .map_or_else(|| Person::Named(named.to_string()), Person::Member)
            });
        Heading {
            kind,
            title,
            branch,
            date,
            place,
            host,
            recorder,
            lecturer,
        }
    }

    /// The group, who was expected, who was absent and who spoke, with the quorum and
    /// the speakers the kind asks for where the kind and the branch are known.
    fn attendance(
        &self,
        kind: Option<&MeetingKind>,
        branch: Option<BranchId>,
        out: &mut Vec<Diagnostic>,
    ) -> Attendance {
        let group = match (kind, branch) {
            (Some(k), Some(b)) if k.expected() == Expected::Group => self.group(b, out),
            _ => None,
        };
        let expected = match (kind, branch) {
            (Some(k), Some(b)) => self.expected(k, b, group.as_deref(), out),
            _ => None,
        };
        let absent = self.absent(expected.as_deref(), out);
        let speakers = self.speakers(&absent, out);
        if let (Some(kind), Some(expected)) = (kind, &expected) {
            self.quorum(kind, expected, &absent, out);
            self.few_speakers(kind, speakers.len(), out);
        }
        if let Some(expected) = &expected {
            self.stated_counts(expected, &absent, out);
        }
        Attendance {
            group,
            expected,
            absent,
            speakers,
        }
    }

    /// The meeting the record holds, when every field it needs could be read.
    fn meeting(
        &self,
        index: usize,
        heading: Heading<'_>,
        attendance: Attendance,
        study: Vec<ItemId>,
    ) -> Option<Meeting> {
        let kind = heading.kind?;
        Some(Meeting {
            note: crate::ids::NoteId(index),
            title: heading.title?.to_string(),
            kind: self
                .loaded
                .kind_ids()
                .find(|(_, k)| k.name == kind.name)
                .map_or(KindId(0), |(id, _)| id),
            branch: heading.branch?,
            date: heading.date?,
            place: heading.place?.to_string(),
            host: heading.host?,
            recorder: heading.recorder?,
            group: attendance.group,
            lecturer: heading.lecturer,
            expected: attendance.expected?,
            absent: attendance.absent,
            guests: self.fields.guests.clone(),
            speakers: attendance.speakers,
            study,
            draft: self.ctx.front.draft,
        })
    }

    /// `meeting-field`: a field every record needs.
    fn field(
        &self,
        key: &'static str,
        value: Option<&'a str>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<&'a str> {
        if value.is_none() {
            out.push(self.ctx.error(
                Rule::MeetingField,
                Msg::MissingField(key),
                self.line_of(key),
                Msg::MeetingFieldHelp(key),
            ));
        }
        value
    }

    /// `meeting-field` for a kind that is missing or not in `[meetings.kinds]`.
    fn kind(&self, out: &mut Vec<Diagnostic>) -> Option<&'a MeetingKind> {
        let named = self.field("meeting", self.fields.kind.as_deref(), out)?;
        let found = self.loaded.kinds.iter().find(|k| k.name == named);
        if found.is_none() {
            let names = self.loaded.kinds.iter().map(|k| k.name.as_str());
            let help = match closest(named, names) {
                Some(best) => Msg::DidYouMean(best).text(self.lang()),
                None => {
                    let all: Vec<&str> =
                        self.loaded.kinds.iter().map(|k| k.name.as_str()).collect();
                    Msg::UnknownKindHelp(&all.join("、")).text(self.lang())
                }
            };
            let mut diag = self.ctx.error(
                Rule::MeetingField,
                Msg::UnknownKind(named),
                self.line_of("meeting"),
                Msg::MeetingFieldHelp("meeting"),
            );
            diag.help = Some(help);
            out.push(diag);
        }
        found
    }

    /// `unknown-branch`: the branch must be one the roster names.
    fn branch(&self, out: &mut Vec<Diagnostic>) -> Option<BranchId> {
        let named = self.field("branch", self.fields.branch.as_deref(), out)?;
        let roster = &self.loaded.roster;
        let found = roster.branch(named);
        if found.is_none() {
            let mut diag = self.ctx.error(
                Rule::UnknownBranch,
                Msg::RecordBranch(named),
                self.line_of("branch"),
                Msg::RecordBranchHelp,
            );
            diag = diag.or_closest(
                named,
                roster.branches.iter().map(String::as_str),
                self.lang(),
            );
            out.push(diag);
        }
        found
    }

    /// `meeting-field` when missing, `unknown-member` when not on the roster.
    fn person(
        &self,
        key: &'static str,
        value: Option<&'a str>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<MemberId> {
        let named = self.field(key, value, out)?;
        self.ctx
            .roster_member(named, key, self.line_of(key), self.loaded, out)
    }

    /// `meeting-field`: a group meeting names a 党小组 of its branch.
    fn group(&self, branch: BranchId, out: &mut Vec<Diagnostic>) -> Option<String> {
        let named = self.field("group", self.fields.group.as_deref(), out)?;
        let roster = &self.loaded.roster;
        let name = roster.branch_name(branch);
        let groups = roster.groups(name);
        if groups.contains(&named) {
            return Some(named.to_string());
        }
        let mut diag = self.ctx.error(
            Rule::MeetingField,
            Msg::UnknownGroup {
                group: named,
                branch: name,
            },
            self.line_of("group"),
            Msg::UnknownGroupHelp,
        );
        diag = diag.or_closest(named, groups.into_iter(), self.lang());
        out.push(diag);
        None
    }

    /// Who the kind expects in the branch: `attendance` when the roster names nobody
    /// (no committee member has a `role`).
    fn expected(
        &self,
        kind: &MeetingKind,
        branch: BranchId,
        group: Option<&str>,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Vec<MemberId>> {
        let roster = &self.loaded.roster;
        let name = roster.branch_name(branch);
        if kind.expected() == Expected::Group && group.is_none() {
            // The missing or unknown group is already reported.
            return None;
        }
        let expected = super::meeting::expected(roster, name, kind, group);
        if expected.is_empty() {
            out.push(self.ctx.error(
                Rule::Attendance,
                Msg::NoCommittee(name),
                self.line_of("branch"),
                Msg::NoCommitteeHelp,
            ));
            return None;
        }
        Some(expected)
    }

    /// `attendance` for each absence: on the roster, expected, with a reason, once.
    fn absent(
        &self,
        expected: Option<&[MemberId]>,
        out: &mut Vec<Diagnostic>,
    ) -> Vec<(MemberId, String)> {
        let roster = &self.loaded.roster;
        let mut found: Vec<(MemberId, String)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let expected: Option<std::collections::HashSet<MemberId>> =
            expected.map(|e| e.iter().copied().collect());
        for absence in &with_reasons_read(&self.fields.absent, roster) {
            let line = absence.line;
            let error =
                |msg: Msg<'_>, help: Msg<'_>| self.ctx.error(Rule::Attendance, msg, line, help);
            let Some(member) =
                self.ctx
                    .roster_member(&absence.member, "absent", line, self.loaded, out)
            else {
                continue;
            };
            let name = &roster.member(member).name;
            if !seen.insert(member) {
                out.push(error(Msg::AbsentTwice(name), Msg::AbsentTwiceHelp));
                continue;
            }
            if expected.as_ref().is_some_and(|e| !e.contains(&member)) {
                out.push(error(
                    Msg::AbsentNotExpected(name),
                    Msg::AbsentNotExpectedHelp,
                ));
            }
            match &absence.reason {
                Some(reason) => found.push((member, reason.clone())),
                None => {
                    out.push(error(
                        Msg::AbsentWithoutReason(name),
                        Msg::AbsentWithoutReasonHelp,
                    ));
                    found.push((member, String::new()));
                }
            }
        }
        found
    }

    /// The distinct speakers under the section whose heading says 发言; `attendance` for
    /// a speaker who was absent.
    fn speakers(&self, absent: &[(MemberId, String)], out: &mut Vec<Diagnostic>) -> Vec<Person> {
        let note = self.ctx.note;
        let roster = &self.loaded.roster;
        let sections = &note.body.substance.sections;
        let mut speakers: Vec<Person> = Vec::new();
        // A record naming 70,000 speakers, 5,000 of them absent, stays linear: absences
        // are looked up, and only the lines of the diagnostics shown are looked for.
        let mut heard = std::collections::HashSet::new();
        let absent: std::collections::HashSet<MemberId> = absent.iter().map(|(a, _)| *a).collect();
        let mut looked_for = 0;
        for section in sections.iter().filter(|s| key(&s.title).contains("发言")) {
            let heading_line = note.body_line + section.line - 1;
            for name in section.leads.iter().filter_map(|l| speaker_of(l)) {
                let person = roster
                    .find(name)
                    .map_or_else(|| Person::Named(name.to_string()), Person::Member);
                if let Person::Member(m) = person {
                    if absent.contains(&m) {
                        looked_for += 1;
                        let line = if looked_for <= crate::diag::MAX_PER_FILE {
                            item_line(&note.source, name, heading_line)
                        } else {
                            heading_line
                        };
                        out.push(self.ctx.error(
                            Rule::Attendance,
                            Msg::AbsentSpoke(&roster.member(m).name),
                            line,
                            Msg::AbsentSpokeHelp,
                        ));
                    }
                }
                if heard.insert(person.clone()) {
                    speakers.push(person);
                }
            }
        }
        speakers
    }

    /// `quorum`: more than half of those expected must be present.
    fn quorum(
        &self,
        kind: &MeetingKind,
        expected: &[MemberId],
        absent: &[(MemberId, String)],
        out: &mut Vec<Diagnostic>,
    ) {
        let absent: std::collections::HashSet<MemberId> = absent.iter().map(|(a, _)| *a).collect();
        let present = expected.iter().filter(|m| !absent.contains(m)).count();
        if kind.quorum && present * 2 <= expected.len() {
            out.push(self.ctx.error(
                Rule::Quorum,
                Msg::NoQuorum {
                    kind: &kind.name,
                    present,
                    expected: expected.len(),
                },
                self.line_of("absent"),
                Msg::NoQuorumHelp,
            ));
        }
    }

    /// `attendance`: a head count the record states (应到, 实到) that is not what the
    /// roster (`expected` members) and the absences (`absent`, those of them expected)
    /// make: the counts would say otherwise than the record, without a word. One that
    /// counts guests in (`含列席`) is not held against them; one that cannot be read is
    /// warned of.
    fn stated_counts(
        &self,
        expected: &[MemberId],
        absent: &[(MemberId, String)],
        out: &mut Vec<Diagnostic>,
    ) {
        let away = absent.iter().filter(|(m, _)| expected.contains(m)).count();
        let present = expected.len().saturating_sub(away);
        let stated = [
            ("expected", self.fields.stated_expected, expected.len()),
            ("present", self.fields.stated_present, present),
        ];
        for (key, stated, counted) in stated {
            let line = self.line_of(key);
            let said = match stated {
                None | Some(Stated::Guests) => continue,
                Some(unread @ (Stated::Unread | Stated::Twice)) => {
                    let said = if unread == Stated::Twice {
                        Msg::StatedTwice
                    } else {
                        Msg::StatedUnread
                    };
                    let mut diag =
                        self.ctx
                            .error(Rule::Attendance, said, line, Msg::StatedUnreadHelp);
                    diag.severity = Severity::Warning;
                    out.push(diag);
                    continue;
                }
                Some(Stated::All) => expected.len(),
                Some(Stated::Count(n)) => n,
            };
            if said == counted {
                continue;
            }
            let (message, help) = if key == "expected" {
                let message = Msg::StatedExpected {
                    stated: said,
                    counted,
                };
                (message, Msg::StatedExpectedHelp)
            } else {
                let message = Msg::StatedPresent {
                    stated: said,
                    counted,
                    expected: expected.len(),
                    absent: away,
                };
                (message, Msg::StatedPresentHelp)
            };
            out.push(self.ctx.error(Rule::Attendance, message, line, help));
        }
    }

    /// `few-speakers`: a warning when fewer distinct members spoke than the kind asks.
    fn few_speakers(&self, kind: &MeetingKind, speakers: usize, out: &mut Vec<Diagnostic>) {
        if speakers >= kind.min_speakers {
            return;
        }
        let note = self.ctx.note;
        let line = note
            .body
            .substance
            .sections
            .iter()
            .find(|s| key(&s.title).contains("发言"))
            .map_or_else(
                || note.first_text_line().unwrap_or(note.body_line),
                |s| note.body_line + s.line - 1,
            );
        let mut diag = self.ctx.error(
            Rule::FewSpeakers,
            Msg::FewSpeakers {
                kind: &kind.name,
                speakers,
                min: kind.min_speakers,
            },
            line,
            Msg::FewSpeakersHelp,
        );
        diag.severity = Severity::Warning;
        diag.column = 1;
        out.push(diag);
    }
}

/// The first file line at or after `from` of a list item that starts with `name`
/// (`- 张三：`, `1. **张三**:`), or `from`.
fn item_line(source: &str, name: &str, from: usize) -> usize {
    source
        .lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, line)| {
            let item = line.trim_start();
            let item = item
                .strip_prefix(['-', '*', '+'])
                .or_else(|| {
                    let digits = item.trim_start_matches(|c: char| c.is_ascii_digit());
                    (digits.len() < item.len())
                        .then(|| digits.strip_prefix(['.', ')']))
                        .flatten()
                })
                .unwrap_or("");
            let item = item.trim_start().trim_start_matches(['*', '_']);
            item.starts_with(name)
        })
        .map_or(from, |(i, _)| i + 1)
}

/// The absences as the roster reads them: a word after a member's name on the same line
/// that names nobody on the roster is that member's reason (`王强 下乡`, `王强 身体不适`
/// are one absence each, not a member and an unknown one), when the member has none and
/// the word is no slip of a member's name.
fn with_reasons_read(
    absent: &[crate::load::front_matter::Absence],
    roster: &crate::load::roster::Roster,
) -> Vec<crate::load::front_matter::Absence> {
    let mut read: Vec<crate::load::front_matter::Absence> = Vec::with_capacity(absent.len());
    for absence in absent {
        if let Some(before) = read.last_mut() {
            let follows = before.line == absence.line
                && before.reason.is_none()
                && absence.reason.is_none()
                && roster.find(&before.member).is_some()
                && roster.find(&absence.member).is_none()
                // A slip of a member's name (`王伍` for 王五) is told as one.
                && crate::diag::closest(&absence.member, roster.keys()).is_none();
            if follows {
                before.reason = Some(absence.member.clone());
                continue;
            }
        }
        read.push(absence.clone());
    }
    read
}
