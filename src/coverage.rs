//! Accepted notes + roster + plan -> [`Coverage`]: who studied which plan item.
//!
//! The model of docs/DESIGN.md: an item applies to a member when the member's branch is
//! among its branches (or it has none) and its due date is in the period; a member covers
//! it with at least one accepted, published note that lists it in `study`, late when the
//! first such note is dated after the due date. Rejected notes and drafts never count.

use crate::check::Checked;
use crate::load::Loaded;
use chrono::NaiveDate;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Covered,
    Late,
    Missing,
    NotApplicable,
}

#[derive(Debug, Clone)]
pub struct MemberCoverage {
    /// Index into the roster.
    pub member: usize,
    /// Notes written in the period (accepted or not), and of them accepted and published.
    pub notes: usize,
    pub accepted: usize,
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

#[derive(Debug, Clone)]
pub struct Coverage {
    pub period: Period,
    /// Plan indexes whose due date is in the period.
    pub items: Vec<usize>,
    /// One per roster member, in roster order.
    pub members: Vec<MemberCoverage>,
    pub branches: Vec<BranchCoverage>,
}

fn ratio(covered: usize, applicable: usize) -> Option<f64> {
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
            member: i,
            notes: 0,
            accepted: 0,
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
    // The first covering date per (member, item): a late note covers, but an on-time one
    // by the same member makes the item on time.
    let mut first: Vec<Vec<Option<NaiveDate>>> = vec![vec![None; plan.len()]; members.len()];
    for entry in checked.published() {
        for &item in &entry.study {
            let slot = &mut first[entry.member][item];
            *slot = Some(slot.map_or(entry.date, |d| d.min(entry.date)));
        }
        if period.contains(entry.date) {
            members[entry.member].accepted += 1;
        }
    }
    for (i, note) in loaded.notes.iter().enumerate() {
        let written = note.front.as_ref().and_then(|f| {
            Some((
                loaded.roster.find(f.author.as_deref()?)?,
                f.date.as_deref()?,
            ))
        });
        let draft = note.front.as_ref().is_some_and(|f| f.draft);
        if let Some((member, date)) = written {
            let in_period = crate::date::parse_date(date)
                .map_or(period.since.is_none() && period.until.is_none(), |d| {
                    period.contains(d)
                });
            if in_period && !draft {
                members[member].notes += 1;
            }
        }
        let _ = i;
    }
    for m in &mut members {
        for &item in &m.applicable {
            match first[m.member][item] {
                Some(date) => {
                    m.covered.push(item);
                    if date > plan[item].due {
                        m.late.push(item);
                    }
                }
                None => m.missing.push(item),
            }
        }
    }
    let branches = loaded
        .roster
        .branches
        .iter()
        .map(|name| {
            let of_branch = members
                .iter()
                .filter(|m| loaded.roster.members[m.member].branch == *name);
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
        .collect();
    Coverage {
        period,
        items,
        members,
        branches,
    }
}
