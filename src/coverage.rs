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

    /// The mark that reads without colour: ✓ △ ✗ —.
    pub fn symbol(self) -> &'static str {
        match self {
            Cell::Covered => "✓",
            Cell::Late => "△",
            Cell::Missing => "✗",
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

pub fn compute(loaded: &Loaded, checked: &Checked, period: Period) -> Coverage {
    let plan = &loaded.plan.items;
    let items: Vec<usize> = (0..plan.len())
        .filter(|&i| period.contains(plan[i].due))
        .collect();
    let mut members: Vec<MemberCoverage> = loaded
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
        .collect();
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
    // The first covering date per (member, item): a late note covers, but an on-time one
    // by the same member makes the item on time.
    let mut first: BTreeMap<(MemberId, ItemId), NaiveDate> = BTreeMap::new();
    for entry in checked.published() {
        if period.contains(entry.date) {
            members[entry.member.index()].accepted += 1;
        }
        if period.until.is_some_and(|until| entry.date > until) {
            continue;
        }
        for &item in &entry.study {
            let slot = first.entry((entry.member, item)).or_insert(entry.date);
            *slot = (*slot).min(entry.date);
        }
    }
    for m in &mut members {
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

/// The JSON shape of docs/DESIGN.md, for `studybook coverage --format json`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub since: Option<String>,
    pub until: Option<String>,
    pub plan: Vec<ReportItem<'a>>,
    pub members: Vec<ReportMember<'a>>,
    pub branches: Vec<ReportBranch<'a>>,
    pub figures: Figures,
    /// Notes no member can be found for, by path.
    pub unattributed: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ReportItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: &'a str,
    pub due: String,
}

#[derive(Debug, Serialize)]
pub struct ReportMember<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub branch: &'a str,
    pub notes: usize,
    pub accepted: usize,
    /// Notes handed in and dated in the period that the check rejected.
    pub rejected: usize,
    pub applicable: usize,
    pub covered: usize,
    pub coverage: Option<f64>,
    pub missing: Vec<&'a str>,
    pub late: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ReportBranch<'a> {
    pub name: &'a str,
    pub members: usize,
    pub applicable: usize,
    pub covered: usize,
    pub coverage: Option<f64>,
}

/// Coverage rounded to four places, as the JSON shows it.
fn rounded(ratio: Option<f64>) -> Option<f64> {
    ratio.map(|r| (r * 10_000.0).round() / 10_000.0)
}

impl Coverage {
    /// The report, limited to `branch` when given: its members, its total, and the plan
    /// items that apply to it.
    pub fn report<'a>(&'a self, loaded: &'a Loaded, branch: Option<&str>) -> Report<'a> {
        let plan = &loaded.plan.items;
        let roster = &loaded.roster.members;
        let in_branch = |name: &str| branch.is_none_or(|b| b == name);
        let ids = |items: &[usize]| items.iter().map(|&i| plan[i].id.as_str()).collect();
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        let items: Vec<usize> = self
            .items
            .iter()
            .copied()
            .filter(|&i| branch.is_none_or(|b| plan[i].applies_to(b)))
            .collect();
        let members: Vec<&MemberCoverage> = self
            .members
            .iter()
            .filter(|m| in_branch(&roster[m.member.index()].branch))
            .collect();
        Report {
            since: day(self.period.since),
            until: day(self.period.until),
            plan: items
                .iter()
                .map(|&i| ReportItem {
                    id: &plan[i].id,
                    title: &plan[i].title,
                    kind: &plan[i].kind,
                    due: plan[i].due.format("%Y-%m-%d").to_string(),
                })
                .collect(),
            members: members
                .iter()
                .map(|m| ReportMember {
                    id: &roster[m.member.index()].id,
                    name: &roster[m.member.index()].name,
                    branch: &roster[m.member.index()].branch,
                    notes: m.notes,
                    accepted: m.accepted,
                    rejected: m.notes.saturating_sub(m.accepted),
                    applicable: m.applicable.len(),
                    covered: m.covered.len(),
                    coverage: rounded(m.ratio()),
                    missing: ids(&m.missing),
                    late: ids(&m.late),
                })
                .collect(),
            branches: self
                .branches
                .iter()
                .filter(|b| in_branch(&b.name))
                .map(|b| ReportBranch {
                    name: &b.name,
                    members: b.members,
                    applicable: b.applicable,
                    covered: b.covered,
                    coverage: rounded(b.ratio()),
                })
                .collect(),
            figures: figures(loaded, &items, &members),
            unattributed: self
                .unattributed
                .iter()
                .map(|&id| loaded.note(id).shown.as_str())
                .collect(),
        }
    }
}
