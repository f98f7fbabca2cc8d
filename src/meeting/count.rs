//! Accepted meeting records -> the counts: per branch and kind, the periods in a range and
//! which of them hold a record; per member, the meetings they were expected at and those
//! they attended.
//!
//! A period is counted when it overlaps the range and is over by today, or already holds
//! a record: the current month is not missing before it ends. A kind applies to a branch
//! when its meeting would expect someone there: 支部委员会 needs members with a `role`,
//! 党小组会 members with a `group`. Rejected records and drafts count for nothing.
//! Members are judged by today's roster: a member who changed branch is expected at the
//! new branch's meetings, past ones included, and not at the old branch's.

use super::kinds::{Every, Expected, Slot};
use super::Meeting;
use crate::check::Checked;
use crate::ids::MemberId;
use crate::load::Loaded;
use chrono::{Datelike, NaiveDate};

/// The days counted, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub since: NaiveDate,
    pub until: NaiveDate,
}

impl Range {
    /// `since` and `until` as given, else the calendar years that hold records (or this
    /// year when none does), never past today.
    pub fn resolve(
        loaded: &Loaded,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Range {
        let dated = || {
            loaded
                .notes
                .iter()
                .filter(|n| n.is_meeting())
                .filter_map(|n| n.front.as_ref()?.date.as_deref())
                .filter_map(|d| crate::date::parse_date(d).ok())
                .filter(|d| *d <= today)
        };
        let first_year = dated().map(|d| d.year()).min().unwrap_or(today.year());
        let last_year = dated().map(|d| d.year()).max().unwrap_or(today.year());
        let jan_first = |year| NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
        let dec_last = |year| NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
        let until = until.unwrap_or_else(|| dec_last(last_year).min(today));
        let since = since.unwrap_or_else(|| jan_first(first_year.min(until.year())));
        Range { since, until }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.since..=self.until).contains(&date)
    }
}

/// One period of a kind in one branch.
#[derive(Debug, Clone)]
pub struct Held {
    pub slot: Slot,
    /// Indexes into `Checked::meetings` of the records dated in it, by date.
    pub records: Vec<usize>,
}

/// One kind in one branch.
#[derive(Debug, Clone)]
pub struct KindCount {
    /// Index in `Loaded::kinds`.
    pub kind: usize,
    pub every: Every,
    /// The counted periods, in order: each held or missing.
    pub periods: Vec<Held>,
    /// Every record of the kind in the range, by date (for a kind held as needed, the
    /// only figure).
    pub records: Vec<usize>,
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
}

#[derive(Debug, Clone)]
pub struct BranchCount {
    /// Index in `Roster::branches`.
    pub branch: usize,
    pub kinds: Vec<KindCount>,
}

#[derive(Debug, Clone)]
pub struct MemberCount {
    pub member: MemberId,
    /// Records where the member was expected, by date.
    pub expected: Vec<usize>,
    pub attended: usize,
    /// Records the member missed (the reason is the record's).
    pub absent: Vec<usize>,
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

/// Counts the accepted, published records of `checked` in `range`, as of `today`.
pub fn compute(loaded: &Loaded, checked: &Checked, range: Range, today: NaiveDate) -> Counts {
    let roster = &loaded.roster;
    let mut order: Vec<usize> = (0..checked.meetings.len())
        .filter(|&i| !checked.meetings[i].draft)
        .collect();
    order.sort_by_key(|&i| (checked.meetings[i].date, checked.meetings[i].note));
    let branches = roster
        .branches
        .iter()
        .enumerate()
        .map(|(b, name)| {
            let members: Vec<MemberId> = roster.in_branch(name).collect();
            let kinds = loaded
                .kinds
                .iter()
                .enumerate()
                .filter(|(_, kind)| match kind.expected() {
                    Expected::Branch => true,
                    Expected::Committee => members.iter().any(|&m| roster.member(m).role.is_some()),
                    Expected::Group => members.iter().any(|&m| roster.member(m).group.is_some()),
                })
                .map(|(k, kind)| {
                    let of_kind = |i: &&usize| {
                        let m = &checked.meetings[**i];
                        m.branch == b && m.kind == k
                    };
                    let records: Vec<usize> = order
                        .iter()
                        .filter(of_kind)
                        .filter(|&&i| range.contains(checked.meetings[i].date))
                        .copied()
                        .collect();
                    let periods = Slot::between(kind.every, range.since, range.until)
                        .into_iter()
                        .map(|slot| Held {
                            slot,
                            records: order
                                .iter()
                                .filter(of_kind)
                                .filter(|&&i| {
                                    kind.every.slot(checked.meetings[i].date) == Some(slot)
                                })
                                .copied()
                                .collect(),
                        })
                        .filter(|held| held.slot.end() < today || !held.records.is_empty())
                        .collect();
                    KindCount {
                        kind: k,
                        every: kind.every,
                        periods,
                        records,
                    }
                })
                .collect();
            BranchCount { branch: b, kinds }
        })
        .collect();
    let mut members: Vec<MemberCount> = (0..roster.members.len())
        .map(|m| MemberCount {
            member: MemberId(m),
            expected: Vec::new(),
            attended: 0,
            absent: Vec::new(),
        })
        .collect();
    for &i in order
        .iter()
        .filter(|&&i| range.contains(checked.meetings[i].date))
    {
        let meeting: &Meeting = &checked.meetings[i];
        for &m in &meeting.expected {
            let count = &mut members[m.index()];
            count.expected.push(i);
            match meeting.was_absent(m) {
                Some(_) => count.absent.push(i),
                None => count.attended += 1,
            }
        }
    }
    Counts {
        range,
        branches,
        members,
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

pub fn totals(loaded: &Loaded, counts: &Counts) -> Vec<KindTotal> {
    loaded
        .kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| {
            let rows = counts
                .branches
                .iter()
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
