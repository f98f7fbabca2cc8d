//! What the templates are given about meeting records: a record's page, the meeting
//! calendar of a branch, a member's attendance, the counts on the home page and the
//! meetings page.

use super::links::{self, encode};
use crate::ids::{BranchId, MeetingId};
use crate::kinds::{Every, Slot};
use crate::meeting::count::Held;
use crate::meeting::{Meeting, Person};
use crate::model::Model;
use chrono::{Datelike, NaiveDate};
use minijinja::{context, Value};
use serde::Serialize;

#[derive(Serialize)]
struct Named {
    name: String,
    /// The member's page, where the person is on the roster.
    url: Option<String>,
    /// Why they were absent, where they were.
    reason: Option<String>,
}

/// A record as listings show it.
#[derive(Serialize)]
pub(super) struct RecordCard {
    title: String,
    url: String,
    kind: String,
    branch: String,
    branch_url: String,
    date: String,
    expected: usize,
    present: usize,
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn member(model: &Model<'_>, m: crate::ids::MemberId, reason: Option<&str>) -> Named {
    let member = model.loaded.roster.member(m);
    Named {
        name: member.name.clone(),
        url: Some(encode(&links::member_page(&member.id, 1))),
        reason: reason.map(str::to_string),
    }
}

fn person(model: &Model<'_>, p: &Person) -> Named {
    match p {
        Person::Member(m) => member(model, *m, None),
        Person::Named(name) => Named {
            name: name.clone(),
            url: None,
            reason: None,
        },
    }
}

pub(super) fn card(model: &Model<'_>, meeting: &Meeting) -> RecordCard {
    let branch = model.loaded.roster.branch_name(meeting.branch);
    RecordCard {
        title: meeting.title.clone(),
        url: encode(&links::note_page(&model.loaded.note(meeting.note).rel)),
        kind: model.loaded.kind(meeting.kind).name.clone(),
        branch: branch.to_string(),
        branch_url: encode(&links::branch_page(branch, 1)),
        date: day(meeting.date),
        expected: meeting.expected.len(),
        present: meeting.present().count(),
    }
}

/// The page of the published record at `pos`.
pub(super) fn record(model: &Model<'_>, pos: usize) -> Value {
    let meeting = model.meetings[pos];
    let note = model.loaded.note(meeting.note);
    let plan = &model.loaded.plan.items;
    let study: Vec<Value> = meeting
        .study
        .iter()
        .map(|&i| {
            let item = &plan[i.index()];
            context! { name => item.title, url => encode(&links::plan_page(&item.id)) }
        })
        .collect();
    let present: Vec<Named> = meeting.present().map(|m| member(model, m, None)).collect();
    let absent: Vec<Named> = meeting
        .absent
        .iter()
        .map(|(m, reason)| member(model, *m, Some(reason)))
        .collect();
    // The branch's own records of its kind before and after it: a secretary reads a
    // branch's 支委会记录 in order, not every branch's records mixed.
    let same_branch = |p: &usize| {
        let other = model.meetings[*p];
        other.branch == meeting.branch && other.kind == meeting.kind
    };
    let neighbour =
        |p: Option<usize>| p.map(|p| Value::from_serialize(card(model, model.meetings[p])));
    context! {
        meeting => Value::from_serialize(card(model, meeting)),
        place => meeting.place,
        host => member(model, meeting.host, None),
        recorder => member(model, meeting.recorder, None),
        group => meeting.group,
        lecturer => meeting.lecturer.as_ref().map(|p| person(model, p)),
        guests => meeting.guests,
        speakers => meeting.speakers.iter().map(|p| person(model, p)).collect::<Vec<_>>(),
        present,
        absent,
        study,
        body => Value::from_safe_string(note.body.html.clone()),
        older => neighbour((pos + 1..model.meetings.len()).find(same_branch)),
        newer => neighbour((0..pos).rev().find(same_branch)),
    }
}

/// One cell of the calendar: a period, spanning as many months as it lasts.
#[derive(Serialize)]
struct Cell {
    span: u32,
    /// `held`, `missing`, `open` (not over yet, or outside the years counted).
    state: &'static str,
    label: String,
    /// The first record of the period.
    url: Option<String>,
    records: usize,
}

/// The branch's meetings, kinds by months, one table per year.
pub(super) fn calendar(model: &Model<'_>, b: BranchId) -> Vec<Value> {
    let counts = &model.meeting_counts;
    let Some(branch) = counts.branches.iter().find(|c| c.branch == b) else {
        return Vec::new();
    };
    let (first, last) = (counts.range.since.year(), counts.range.until.year());
    (first..=last)
        .map(|year| {
            let rows: Vec<Value> = branch
                .kinds
                .iter()
                .map(|row| {
                    context! {
                        kind => row.label(model.loaded),
                        every => row.every.key(),
                        cells => cells(model, row.every, &row.periods, &row.records, year),
                    }
                })
                .collect();
            context! { year, rows }
        })
        .collect()
}

fn cells(
    model: &Model<'_>,
    every: Every,
    periods: &[Held],
    records: &[MeetingId],
    year: i32,
) -> Vec<Cell> {
    let url_of = |i: MeetingId| {
        let note = model.checked.meeting(i).note;
        encode(&links::note_page(&model.loaded.note(note).rel))
    };
    let (Some(jan), Some(dec)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Vec::new();
    };
    if every == Every::None {
        let held: Vec<MeetingId> = records
            .iter()
            .copied()
            .filter(|&i| model.checked.meeting(i).date.year() == year)
            .collect();
        return vec![Cell {
            span: 12,
            state: if held.is_empty() { "open" } else { "held" },
            label: held.len().to_string(),
            url: held.first().map(|&i| url_of(i)),
            records: held.len(),
        }];
    }
    let counted: std::collections::HashMap<Slot, &Held> =
        periods.iter().map(|p| (p.slot, p)).collect();
    Slot::between(every, jan, dec)
        .into_iter()
        .map(|slot| {
            let counted = counted.get(&slot);
            let (state, first, n) = match counted {
                Some(p) if !p.records.is_empty() => ("held", p.records.first(), p.records.len()),
                Some(_) => ("missing", None, 0),
                None => ("open", None, 0),
            };
            Cell {
                span: every.months().unwrap_or(12),
                state,
                label: slot.label(),
                url: first.map(|&i| url_of(i)),
                records: n,
            }
        })
        .collect()
}

/// A member's attendance: the records where they were expected, newest first.
pub(super) fn attendance(model: &Model<'_>, m: usize) -> Value {
    let count = &model.meeting_counts.members[m];
    let member_id = crate::ids::MemberId(m);
    let mut rows: Vec<(NaiveDate, Value)> = count
        .expected
        .iter()
        .map(|&i| {
            let meeting = model.checked.meeting(i);
            let reason = meeting.was_absent(member_id);
            (
                meeting.date,
                context! {
                    record => Value::from_serialize(card(model, meeting)),
                    present => reason.is_none(),
                    reason,
                },
            )
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    context! {
        expected => count.expected.len(),
        attended => count.attended,
        rate => crate::coverage::percent_or_dash(count.rate(), 0),
        records => rows.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
    }
}

/// Per kind over every branch, for the home page and the meetings page.
pub(super) fn totals(model: &Model<'_>) -> Vec<crate::meeting::count::KindTotal> {
    crate::meeting::count::totals(model.loaded, model.meeting_counts.branches.iter())
        .into_iter()
        .filter(|t| t.records > 0 || t.periods > 0)
        .collect()
}

/// The meetings page: per branch and kind, then every record.
pub(super) fn index(model: &Model<'_>) -> Value {
    let branches: Vec<Value> = model
        .meeting_counts
        .branches
        .iter()
        .map(|b| {
            let name = model.loaded.roster.branch_name(b.branch);
            let kinds: Vec<Value> = b
                .kinds
                .iter()
                .map(|k| {
                    context! {
                        kind => k.label(model.loaded),
                        // A label's key: the theme says it (`t[k.every]`).
                        every => k.every.label_key(),
                        periods => k.periods.len(),
                        held => k.held(),
                        records => k.records.len(),
                        missing => k.missing().map(|s| s.label()).collect::<Vec<_>>().join(" "),
                    }
                })
                .collect();
            context! { name, url => encode(&links::branch_page(name, 1)), kinds }
        })
        .collect();
    let records: Vec<RecordCard> = model.meetings.iter().map(|m| card(model, m)).collect();
    context! {
        since => day(model.meeting_counts.range.since),
        until => day(model.meeting_counts.range.until),
        branches,
        records,
        totals => totals(model),
    }
}
