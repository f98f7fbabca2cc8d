//! Accepted meeting records -> the counts: per branch and kind, the periods in a range and
//! which of them hold a record; per member, the meetings they were expected at and those
//! they attended.
//!
//! A period is counted when it overlaps the range and is over by the as-of day (the
//! earlier of the range's end and today), or already holds a record dated by then: the
//! current month is not missing before it ends. 党小组会 is counted per group. A kind applies to a branch
//! when its meeting would expect someone there: 支部委员会 needs members with a `role`,
//! 党小组会 members with a `group` (one row per group). Rejected records and drafts count for nothing.
//! Members are judged by today's roster: a member who changed branch is expected at the
//! new branch's meetings, past ones included, and not at the old branch's.

use super::Meeting;
use crate::check::Checked;
use crate::date::{FIRST_YEAR, YEARS_COUNTED};
use crate::ids::{BranchId, KindId, MeetingId, MemberId};
use crate::kinds::{Every, Expected, Slot};
use crate::load::Loaded;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// The days counted, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub since: NaiveDate,
    pub until: NaiveDate,
}

impl Range {
    /// `since` and `until` as given; without `until`, the check's today when `since` is
    /// given, else the end of the last year that holds a record (or this year), never
    /// past today; without `since`, 1 January of the first year that holds a record (not
    /// after `until`). None when `since` comes after `until`.
    pub fn resolve(
        loaded: &Loaded,
        checked: &Checked,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Option<Range> {
        let today = checked.today;
        // The dates the check read, of every record, accepted or not.
        let years = || {
            loaded
                .notes
                .iter()
                .zip(&checked.written)
                .filter(|(note, _)| note.is_meeting())
                .filter_map(|(_, written)| written.date)
                .filter(|d| *d <= today && d.year() >= FIRST_YEAR)
                .map(|d| d.year())
        };
        let jan_first = |year| NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
        let dec_last = |year| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
        let until = match (since, until) {
            (_, Some(until)) => until,
            (Some(_), None) => today,
            (None, None) => dec_last(years().max().unwrap_or(today.year())).min(today),
        };
        let since = since.unwrap_or_else(|| {
            // The years of the latest records, not back to a year mistyped.
            let latest = years().max().unwrap_or(today.year());
            let first = years()
                .filter(|&y| y > latest - YEARS_COUNTED)
                .min()
                .unwrap_or(today.year());
            jan_first(first).min(jan_first(until.year()))
        });
        let since = since.max(jan_first(FIRST_YEAR));
        (since <= until).then_some(Range { since, until })
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.since..=self.until).contains(&date)
    }
}

/// One period of a kind in one branch.
#[derive(Debug, Clone)]
pub struct Held {
    pub slot: Slot,
    /// The records dated in it, by date.
    pub records: Vec<MeetingId>,
}

/// One kind in one branch (for a group meeting, one group).
#[derive(Debug, Clone)]
pub struct KindCount {
    pub kind: KindId,
    /// The 党小组 of a group meeting's row.
    pub group: Option<String>,
    pub every: Every,
    /// The counted periods, in order: each held or missing.
    pub periods: Vec<Held>,
    /// The records counted, by date: those of the counted periods, or for a kind held
    /// as needed those in the range.
    pub records: Vec<MeetingId>,
}

impl KindCount {
    pub fn held(&self) -> usize {
        self.periods
            .iter()
            .filter(|p| !p.records.is_empty())
            .count()
    }

    pub fn missing(&self) -> impl Iterator<Item = Slot> + '_ {
        self.periods
            .iter()
            .filter(|p| p.records.is_empty())
            .map(|p| p.slot)
    }

    /// The kind's name, with the group for a group meeting: `党小组会（第一党小组）`.
    pub fn label(&self, loaded: &Loaded) -> String {
        let name = &loaded.kind(self.kind).name;
        match &self.group {
            Some(group) => format!("{name}（{group}）"),
            None => name.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct BranchCount {
    pub branch: BranchId,
    pub kinds: Vec<KindCount>,
}

#[derive(Debug, Clone)]
pub struct MemberCount {
    pub member: MemberId,
    /// Records where the member was expected, by date.
    pub expected: Vec<MeetingId>,
    pub attended: usize,
    /// Records the member missed (the reason is the record's).
    pub absent: Vec<MeetingId>,
}

impl MemberCount {
    pub fn rate(&self) -> Option<f64> {
        crate::coverage::ratio(self.attended, self.expected.len())
    }
}

#[derive(Debug, Clone)]
pub struct Counts {
    pub range: Range,
    pub branches: Vec<BranchCount>,
    pub members: Vec<MemberCount>,
}

/// Counts the accepted, published records of `checked` in `range`, as of the earlier of
/// `range.until` and the check's today: a period is counted once it is over by then, or
/// when a record dated in it by then holds it.
pub fn compute(loaded: &Loaded, checked: &Checked, range: Range) -> Counts {
    let as_of = range.until.min(checked.today);
    let order = records_by_date(checked, as_of);
    let filed = file_records(checked, &order);
    let branches = loaded
        .roster
        .branch_ids()
        .map(|(b, _)| branch_count(loaded, checked, &filed, b, range, as_of))
        .collect();
    let members = member_counts(loaded, checked, &order, range);
    Counts {
        range,
        branches,
        members,
    }
}

/// Records by branch, kind and group, each list in date order.
type Filed<'c> = HashMap<(BranchId, KindId, Option<&'c str>), Vec<MeetingId>>;

/// The accepted, published records dated by `as_of`, by date (then by note).
fn records_by_date(checked: &Checked, as_of: NaiveDate) -> Vec<MeetingId> {
    let mut order: Vec<MeetingId> = checked
        .meeting_ids()
        .filter(|(_, m)| !m.draft && m.date <= as_of)
        .map(|(id, _)| id)
        .collect();
    order.sort_by_key(|&id| (checked.meeting(id).date, checked.meeting(id).note));
    order
}

/// The records of `order` filed by branch, kind and group, keeping their order.
fn file_records<'c>(checked: &'c Checked, order: &[MeetingId]) -> Filed<'c> {
    let mut filed: Filed<'c> = HashMap::new();
    for &id in order {
        let m = checked.meeting(id);
        filed
            .entry((m.branch, m.kind, m.group.as_deref()))
            .or_default()
            .push(id);
    }
    filed
}

/// Branch `b`'s rows: one per kind that applies to it, one per group for a group meeting.
fn branch_count(
    loaded: &Loaded,
    checked: &Checked,
    filed: &Filed<'_>,
    b: BranchId,
    range: Range,
    as_of: NaiveDate,
) -> BranchCount {
    let roster = &loaded.roster;
    let name = roster.branch_name(b);
    let groups = roster.groups(name);
    let has_committee = roster
        .in_branch(name)
        .any(|m| roster.member(m).role.is_some());
    let mut kinds = Vec::new();
    for (k, kind) in loaded.kind_ids() {
        for group in rows(kind.expected(), has_committee, &groups) {
            let filed = filed.get(&(b, k, group)).map_or(&[][..], Vec::as_slice);
            kinds.push(kind_count(
                checked, filed, k, group, kind.every, range, as_of,
            ));
        }
    }
    BranchCount { branch: b, kinds }
}

/// The groups a kind has a row for in a branch with `groups`: one row of the whole
/// branch, none for a committee meeting where the branch has no committee, or one per
/// group for a group meeting.
fn rows<'g>(expected: Expected, has_committee: bool, groups: &[&'g str]) -> Vec<Option<&'g str>> {
    match expected {
        Expected::Branch => vec![None],
        Expected::Committee if has_committee => vec![None],
        Expected::Committee => Vec::new(),
        Expected::Group => groups.iter().map(|g| Some(*g)).collect(),
    }
}

/// Per roster member, the records of `order` dated in `range` that expected them, and
/// whether they attended or were absent.
fn member_counts(
    loaded: &Loaded,
    checked: &Checked,
    order: &[MeetingId],
    range: Range,
) -> Vec<MemberCount> {
    let mut members: Vec<MemberCount> = (0..loaded.roster.members.len())
        .map(|m| MemberCount {
            member: MemberId(m),
            expected: Vec::new(),
            attended: 0,
            absent: Vec::new(),
        })
        .collect();
    for &id in order
        .iter()
        .filter(|&&id| range.contains(checked.meeting(id).date))
    {
        let meeting: &Meeting = checked.meeting(id);
        for &m in &meeting.expected {
            let count = &mut members[m.index()];
            count.expected.push(id);
            match meeting.was_absent(m) {
                Some(_) => count.absent.push(id),
                None => count.attended += 1,
            }
        }
    }
    members
}

/// One row: the periods of `every` that overlap the range, each held by the `filed`
/// records (one branch, kind and group, by date, none after `as_of`) dated in it.
fn kind_count(
    checked: &Checked,
    filed: &[MeetingId],
    kind: KindId,
    group: Option<&str>,
    every: Every,
    range: Range,
    as_of: NaiveDate,
) -> KindCount {
    let mut by_slot: HashMap<Slot, Vec<MeetingId>> = HashMap::new();
    for &id in filed {
        if let Some(slot) = every.slot(checked.meeting(id).date) {
            by_slot.entry(slot).or_default().push(id);
        }
    }
    let periods: Vec<Held> =
        Slot::between(every, range.since, range.until.min(as_of.max(range.since)))
            .into_iter()
            .map(|slot| Held {
                slot,
                records: by_slot.remove(&slot).unwrap_or_default(),
            })
            .filter(|held| held.slot.end() <= as_of || !held.records.is_empty())
            .collect();
    let records = if every == Every::None {
        filed
            .iter()
            .copied()
            .filter(|&id| range.contains(checked.meeting(id).date))
            .collect()
    } else {
        periods
            .iter()
            .flat_map(|p| p.records.iter().copied())
            .collect()
    };
    KindCount {
        kind,
        group: group.map(str::to_string),
        every,
        periods,
        records,
    }
}

/// Per kind, over every branch: records held, and periods held of those counted.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct KindTotal {
    pub kind: String,
    pub records: usize,
    pub periods: usize,
    pub held: usize,
}

pub fn totals<'a>(
    loaded: &Loaded,
    branches: impl Iterator<Item = &'a BranchCount> + Clone,
) -> Vec<KindTotal> {
    loaded
        .kind_ids()
        .map(|(k, kind)| {
            let rows = branches
                .clone()
                .flat_map(|b| &b.kinds)
                .filter(|c| c.kind == k);
            let mut total = KindTotal {
                kind: kind.name.clone(),
                ..KindTotal::default()
            };
            for row in rows {
                total.records += row.records.len();
                total.periods += row.periods.len();
                total.held += row.held();
            }
            total
        })
        .collect()
}
