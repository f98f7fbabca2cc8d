//! Accepted notes + roster + plan -> [`Coverage`]: who studied which plan item.
//!
//! The model of docs/DESIGN.md: an item applies to a member when the member's branch is
//! among its branches (or it has none) and its due date is in the period; a member covers
//! it with at least one accepted, published note that lists it in `study`, late when the
//! first such note is dated after the due date. Rejected notes and drafts never count.
//! A note dated after `until` does not cover anything in that report: the report is as
//! of `until`. A note dated before `since` still covers an item due in the period.

use crate::check::Checked;
use crate::ids::{ItemId, MemberId};
use crate::load::Loaded;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

mod report;
pub use report::{Report, ReportBranch, ReportItem, ReportMember};

#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Period {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.since.is_none_or(|s| date >= s) && self.until.is_none_or(|u| date <= u)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Covered,
    Late,
    Missing,
    NotApplicable,
}

impl Cell {
    /// The cell's state as pages name it (a CSS class, a label key).
    pub fn state(self) -> &'static str {
        match self {
            Cell::Covered => "covered",
            Cell::Late => "late",
            Cell::Missing => "missing",
            Cell::NotApplicable => "na",
        }
    }

    /// The mark that reads without colour: √ △ × —.
    pub fn symbol(self) -> &'static str {
        match self {
            Cell::Covered => "√",
            Cell::Late => "△",
            Cell::Missing => "×",
            Cell::NotApplicable => "—",
        }
    }
}

/// A share as people read it, `75.0%` with `decimals` places; None where nothing
/// applies.
pub fn percent(ratio: Option<f64>, decimals: usize) -> Option<String> {
    ratio.map(|r| format!("{:.*}%", decimals, r * 100.0))
}

/// What a table shows where a share cannot be had (nothing was due).
pub const NO_SHARE: &str = "—";

/// [`percent`], or [`NO_SHARE`] where there is no share.
pub fn percent_or_dash(ratio: Option<f64>, decimals: usize) -> String {
    percent(ratio, decimals).unwrap_or_else(|| NO_SHARE.to_string())
}

#[derive(Debug, Clone)]
pub struct MemberCoverage {
    pub member: MemberId,
    /// Notes handed in (drafts aside) and dated in the period, accepted or not.
    pub notes: usize,
    /// Of those, the accepted ones.
    pub accepted: usize,
    /// Notes of this member's at all, by author or by folder, dated in the period or
    /// with no date that could be read (drafts aside): only a member with none has
    /// handed in nothing.
    pub files: usize,
    /// Plan indexes, in plan order.
    pub applicable: Vec<usize>,
    pub covered: Vec<usize>,
    pub late: Vec<usize>,
    pub missing: Vec<usize>,
}

impl MemberCoverage {
    /// covered / applicable, or None where nothing applies.
    pub fn ratio(&self) -> Option<f64> {
        ratio(self.covered.len(), self.applicable.len())
    }

    pub fn cell(&self, item: usize) -> Cell {
        if !self.applicable.contains(&item) {
            Cell::NotApplicable
        } else if self.late.contains(&item) {
            Cell::Late
        } else if self.covered.contains(&item) {
            Cell::Covered
        } else {
            Cell::Missing
        }
    }
}

#[derive(Debug, Clone)]
pub struct BranchCoverage {
    pub name: String,
    pub members: usize,
    pub applicable: usize,
    pub covered: usize,
}

impl BranchCoverage {
    pub fn ratio(&self) -> Option<f64> {
        ratio(self.covered, self.applicable)
    }
}

/// The figures an annual work summary asks for.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// Notes handed in in the period (drafts aside), accepted and rejected.
    pub notes: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Members with at least one accepted note in the period.
    pub members_studied: usize,
    /// Member-item pairs covered: 参学人次.
    pub person_times: usize,
    /// Plan items per kind: planned in the period, held (someone covered it), and the
    /// person-times of that kind.
    pub sessions: Vec<Sessions>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sessions {
    pub kind: String,
    pub planned: usize,
    pub held: usize,
    /// Of the held ones, those for every branch (the plan item names no branches).
    pub held_for_all: usize,
    pub person_times: usize,
}

#[derive(Debug, Clone)]
pub struct Coverage {
    pub period: Period,
    /// Plan indexes whose due date is in the period.
    pub items: Vec<usize>,
    /// One per roster member, in roster order.
    pub members: Vec<MemberCoverage>,
    pub branches: Vec<BranchCoverage>,
    pub figures: Figures,
    /// Notes in the period that no member can be found for (no author that is in the
    /// roster, not in a member's folder): counted and named, never blamed on anyone.
    pub unattributed: Vec<crate::ids::NoteId>,
}

/// `covered / applicable`, or None where nothing applies.
pub fn ratio(covered: usize, applicable: usize) -> Option<f64> {
    (applicable > 0).then(|| covered as f64 / applicable as f64)
}

/// Who covered which plan item due in `period`, late or on time, with the branch totals
/// and the figures of the period.
pub fn compute(loaded: &Loaded, checked: &Checked, period: Period) -> Coverage {
    let items = items_due(loaded, period);
    let mut members = applicable(loaded, &items);
    let unattributed = count_handed_in(loaded, checked, period, &mut members);
    count_accepted(checked, period, &mut members);
    let first = first_covering(checked, period);
    judge(loaded, &first, &mut members);
    let branches = branch_totals(loaded, &members);
    let figures = figures(loaded, &items, &members.iter().collect::<Vec<_>>());
    Coverage {
        period,
        items,
        members,
        branches,
        figures,
        unattributed,
    }
}

/// Plan indexes whose due date is in `period`.
fn items_due(loaded: &Loaded, period: Period) -> Vec<usize> {
    let plan = &loaded.plan.items;
    (0..plan.len())
        .filter(|&i| period.contains(plan[i].due))
        .collect()
}

/// One row per roster member, in roster order, with the `items` that apply to them and
/// nothing counted yet.
fn applicable(loaded: &Loaded, items: &[usize]) -> Vec<MemberCoverage> {
    let plan = &loaded.plan.items;
    loaded
        .roster
        .members
        .iter()
        .enumerate()
        .map(|(i, member)| MemberCoverage {
            member: MemberId(i),
            notes: 0,
            accepted: 0,
            files: 0,
            applicable: items
                .iter()
                .copied()
                .filter(|&p| plan[p].applies_to(&member.branch))
                .collect(),
            covered: Vec::new(),
            late: Vec::new(),
            missing: Vec::new(),
        })
        .collect()
}

/// Counts each member's notes handed in (drafts aside) and files in the period; gives
/// back the notes in the period that no member can be found for.
fn count_handed_in(
    loaded: &Loaded,
    checked: &Checked,
    period: Period,
    members: &mut [MemberCoverage],
) -> Vec<crate::ids::NoteId> {
    let mut unattributed = Vec::new();
    for (i, written) in checked.written.iter().enumerate().filter(|(_, w)| !w.draft) {
        let note = &loaded.notes[i];
        if !note.is_note() {
            continue;
        }
        if let (Some(member), Some(date)) = (written.member, written.date) {
            members[member.index()].notes += usize::from(period.contains(date));
        }
        let in_period = written.date.is_none_or(|date| period.contains(date));
        match written
            .member
            .or_else(|| loaded.roster.folder_of(&note.rel))
        {
            Some(member) => members[member.index()].files += usize::from(in_period),
            None if in_period => unattributed.push(crate::ids::NoteId(i)),
            None => {}
        }
    }
    unattributed
}

/// Counts each member's accepted, published notes dated in the period.
fn count_accepted(checked: &Checked, period: Period, members: &mut [MemberCoverage]) {
    for entry in checked.published() {
        if period.contains(entry.date) {
            members[entry.member.index()].accepted += 1;
        }
    }
}

/// The first covering date per (member, item), of the published notes dated by the
/// period's end: a late note covers, but an on-time one by the same member makes the
/// item on time.
fn first_covering(checked: &Checked, period: Period) -> BTreeMap<(MemberId, ItemId), NaiveDate> {
    let mut first: BTreeMap<(MemberId, ItemId), NaiveDate> = BTreeMap::new();
    for entry in checked.published() {
        if period.until.is_some_and(|until| entry.date > until) {
            continue;
        }
        for &item in &entry.study {
            let slot = first.entry((entry.member, item)).or_insert(entry.date);
            *slot = (*slot).min(entry.date);
        }
    }
    first
}

/// Files each member's applicable items as covered (and late, where the `first`
/// covering note came after the due date) or missing.
fn judge(
    loaded: &Loaded,
    first: &BTreeMap<(MemberId, ItemId), NaiveDate>,
    members: &mut [MemberCoverage],
) {
    let plan = &loaded.plan.items;
    for m in members {
        for &item in &m.applicable {
            match first.get(&(m.member, ItemId(item))) {
                Some(&date) => {
                    m.covered.push(item);
                    if date > plan[item].due {
                        m.late.push(item);
                    }
                }
                None => m.missing.push(item),
            }
        }
    }
}

fn branch_totals(loaded: &Loaded, members: &[MemberCoverage]) -> Vec<BranchCoverage> {
    loaded
        .roster
        .branches
        .iter()
        .map(|name| {
            let of_branch = members
                .iter()
                .filter(|m| loaded.roster.member(m.member).branch == *name);
            let (count, applicable, covered) = of_branch.fold((0, 0, 0), |(n, a, c), m| {
                (n + 1, a + m.applicable.len(), c + m.covered.len())
            });
            BranchCoverage {
                name: name.clone(),
                members: count,
                applicable,
                covered,
            }
        })
        .collect()
}

/// `(covered, applicable)`: how many of `members` covered plan item `item`, of those
/// it applies to.
pub fn item_counts<'a>(
    members: impl IntoIterator<Item = &'a MemberCoverage>,
    item: usize,
) -> (usize, usize) {
    members
        .into_iter()
        .filter(|m| m.applicable.contains(&item))
        .fold((0, 0), |(covered, applicable), m| {
            (
                covered + usize::from(m.covered.contains(&item)),
                applicable + 1,
            )
        })
}

impl Coverage {
    /// `(covered, applicable)` of plan item `item` over every member.
    pub fn item_counts(&self, item: usize) -> (usize, usize) {
        item_counts(&self.members, item)
    }
}

fn figures(loaded: &Loaded, items: &[usize], members: &[&MemberCoverage]) -> Figures {
    let plan = &loaded.plan.items;
    let mut sessions: Vec<Sessions> = Vec::new();
    for &item in items {
        let (person_times, _) = item_counts(members.iter().copied(), item);
        let kind = if plan[item].kind.is_empty() {
            "专题学习"
        } else {
            plan[item].kind.as_str()
        };
        let at = match sessions.iter().position(|s| s.kind == kind) {
            Some(at) => at,
            None => {
                sessions.push(Sessions {
                    kind: kind.to_string(),
                    planned: 0,
                    held: 0,
                    held_for_all: 0,
                    person_times: 0,
                });
                sessions.len() - 1
            }
        };
        sessions[at].planned += 1;
        sessions[at].held += usize::from(person_times > 0);
        sessions[at].held_for_all +=
            usize::from(person_times > 0 && plan[item].branches.is_empty());
        sessions[at].person_times += person_times;
    }
    let notes: usize = members.iter().map(|m| m.notes).sum();
    let accepted: usize = members.iter().map(|m| m.accepted).sum();
    Figures {
        notes,
        accepted,
        rejected: notes - accepted.min(notes),
        members_studied: members.iter().filter(|m| m.accepted > 0).count(),
        person_times: members.iter().map(|m| m.covered.len()).sum(),
        sessions,
    }
}
