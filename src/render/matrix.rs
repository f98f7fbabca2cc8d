//! The coverage page: every member against every plan item, as a table of cells that
//! read without colour (√ covered, △ late, × missing, — not applicable), with the
//! branch table beside it. Two orderings are two pages, so sorting needs no script.

use super::links::{self, encode};
use super::pages::{CoverageRow, Renderer};
use crate::coverage::{Cell, Coverage, MemberCoverage};
use minijinja::{context, Value};
use serde::Serialize;

/// The most cells the matrix shows on a page: about 1,000 members by 200 plan items, a
/// page of some megabytes. A larger one would take minutes and gigabytes to make and no
/// browser could show it; the page says where each member's coverage is instead.
pub const MAX_CELLS: usize = 200_000;

pub fn page_path(by_rate: bool) -> &'static str {
    if by_rate {
        "coverage-by-rate.html"
    } else {
        "coverage.html"
    }
}

#[derive(Serialize)]
struct Column {
    n: usize,
    title: String,
    url: String,
    due: String,
}

#[derive(Serialize)]
struct MatrixCell {
    state: &'static str,
    symbol: &'static str,
}

#[derive(Serialize)]
struct MatrixRow {
    member: CoverageRow,
    branch: String,
    branch_url: String,
    cells: Vec<MatrixCell>,
}

fn cell(cell: Cell) -> MatrixCell {
    MatrixCell {
        state: cell.state(),
        symbol: cell.symbol(),
    }
}

impl Renderer<'_> {
    /// The coverage page's context: the plan items as columns, a row of cells per member
    /// (by roster, or by rate when `by_rate`), and the branches by rate.
    pub(super) fn coverage(&self, by_rate: bool) -> Value {
        let coverage = &self.model.coverage;
        let columns = self.columns();
        let mut members = members(coverage, by_rate);
        let too_large = self.too_large(members.len(), coverage.items.len());
        if too_large.is_some() {
            members.clear();
        }
        let rows = self.rows(&members);
        let branches = self.branches_by_rate();
        context! {
            by_rate,
            columns,
            rows,
            too_large,
            branches,
            report => coverage.figures,
            other_url => page_path(!by_rate),
        }
    }

    /// The matrix's columns: the plan items of the coverage period, numbered from 1.
    fn columns(&self) -> Vec<Column> {
        let plan = &self.model.loaded.plan.items;
        self.model
            .coverage
            .items
            .iter()
            .enumerate()
            .map(|(n, &i)| Column {
                n: n + 1,
                title: plan[i].title.clone(),
                url: encode(&links::plan_page(&plan[i].id)),
                due: plan[i].due.format("%Y-%m-%d").to_string(),
            })
            .collect()
    }

    /// What the page says instead of a matrix of `members` by `items` too large to show.
    fn too_large(&self, members: usize, items: usize) -> Option<String> {
        let cells = members.saturating_mul(items);
        (cells > MAX_CELLS)
            .then(|| crate::i18n::Msg::MatrixTooLarge { members, items }.text(self.site.lang()))
    }

    /// A row per member of `members`: who, their branch, and a cell per plan item.
    fn rows(&self, members: &[&MemberCoverage]) -> Vec<MatrixRow> {
        let model = self.model;
        members
            .iter()
            .map(|m| {
                let branch = &model.loaded.roster.member(m.member).branch;
                MatrixRow {
                    member: self.member_row(m.member.index()),
                    branch: branch.clone(),
                    branch_url: encode(&links::branch_page(branch, 1)),
                    cells: model
                        .coverage
                        .items
                        .iter()
                        .map(|&i| cell(m.cell(i)))
                        .collect(),
                }
            })
            .collect()
    }

    /// The branch table, highest rate first (branches where nothing applies last).
    fn branches_by_rate(&self) -> Vec<CoverageRow> {
        let coverage = &self.model.coverage;
        let mut order: Vec<usize> = (0..coverage.branches.len()).collect();
        let rate = |b: usize| coverage.branches[b].ratio().unwrap_or(-1.0);
        order.sort_by(|&a, &b| rate(b).total_cmp(&rate(a)));
        order
            .into_iter()
            .map(|b| self.branch_row(b, coverage.branches[b].members.to_string()))
            .collect()
    }
}

/// The members of `coverage` in roster order, or by rate (lowest first, those where
/// nothing applies last) when `by_rate`.
fn members(coverage: &Coverage, by_rate: bool) -> Vec<&MemberCoverage> {
    let mut members: Vec<&MemberCoverage> = coverage.members.iter().collect();
    if by_rate {
        members.sort_by(|a, b| {
            let key = |m: &MemberCoverage| m.ratio().unwrap_or(f64::INFINITY);
            key(a).total_cmp(&key(b))
        });
    }
    members
}
