//! Coverage -> the [`Report`] that `studybook coverage --format json` prints, in the
//! shape of docs/DESIGN.md: plan items, members and branch totals, limited to a branch
//! when asked.

use super::{figures, BranchCoverage, Coverage, Figures, MemberCoverage};
use crate::load::Loaded;
use chrono::NaiveDate;
use serde::Serialize;

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
            plan: items.iter().map(|&i| report_item(loaded, i)).collect(),
            members: members.iter().map(|m| report_member(loaded, m)).collect(),
            branches: self
                .branches
                .iter()
                .filter(|b| in_branch(&b.name))
                .map(report_branch)
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

/// A day as the JSON shows it, `2024-03-01`.
fn day(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

/// The ids of plan items `items`, in their order.
fn plan_ids<'a>(loaded: &'a Loaded, items: &[usize]) -> Vec<&'a str> {
    let plan = &loaded.plan.items;
    items.iter().map(|&i| plan[i].id.as_str()).collect()
}

/// Plan item `i` as the report lists it.
fn report_item(loaded: &Loaded, i: usize) -> ReportItem<'_> {
    let item = &loaded.plan.items[i];
    ReportItem {
        id: &item.id,
        title: &item.title,
        kind: &item.kind,
        due: item.due.format("%Y-%m-%d").to_string(),
    }
}

/// A member's line of the report: who, what they handed in, and what they covered.
fn report_member<'a>(loaded: &'a Loaded, m: &MemberCoverage) -> ReportMember<'a> {
    let member = &loaded.roster.members[m.member.index()];
    ReportMember {
        id: &member.id,
        name: &member.name,
        branch: &member.branch,
        notes: m.notes,
        accepted: m.accepted,
        rejected: m.notes.saturating_sub(m.accepted),
        applicable: m.applicable.len(),
        covered: m.covered.len(),
        coverage: rounded(m.ratio()),
        missing: plan_ids(loaded, &m.missing),
        late: plan_ids(loaded, &m.late),
    }
}

/// A branch's total as the report lists it.
fn report_branch(b: &BranchCoverage) -> ReportBranch<'_> {
    ReportBranch {
        name: &b.name,
        members: b.members,
        applicable: b.applicable,
        covered: b.covered,
        coverage: rounded(b.ratio()),
    }
}
