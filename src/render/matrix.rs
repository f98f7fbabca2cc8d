//! The coverage page: every member against every plan item, as a table of cells that
//! read without colour (✓ covered, △ late, ✗ missing, — not applicable), with the
//! branch table beside it. Two orderings are two pages, so sorting needs no script.

use super::links::{self, encode};
use super::pages::{CoverageRow, Renderer};
use crate::coverage::Cell;
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
    pub(super) fn coverage(&self, by_rate: bool) -> Value {
        let model = self.model;
        let plan = &model.loaded.plan.items;
        let coverage = &model.coverage;
        let columns: Vec<Column> = coverage
            .items
            .iter()
            .enumerate()
            .map(|(n, &i)| Column {
                n: n + 1,
                title: plan[i].title.clone(),
                url: encode(&links::plan_page(&plan[i].id)),
                due: plan[i].due.format("%Y-%m-%d").to_string(),
            })
            .collect();
        let mut members: Vec<&crate::coverage::MemberCoverage> = coverage.members.iter().collect();
        if by_rate {
            members.sort_by(|a, b| {
                let key = |m: &crate::coverage::MemberCoverage| m.ratio().unwrap_or(f64::INFINITY);
                key(a).total_cmp(&key(b))
            });
        }
        let cells = members.len().saturating_mul(coverage.items.len());
        let too_large = (cells > MAX_CELLS).then(|| {
            crate::i18n::Msg::MatrixTooLarge {
                members: members.len(),
                items: coverage.items.len(),
            }
            .text(self.site.lang())
        });
        if too_large.is_some() {
            members.clear();
        }
        let rows: Vec<MatrixRow> = members
            .iter()
            .map(|m| {
                let branch = &model.loaded.roster.member(m.member).branch;
                MatrixRow {
                    member: self.member_row(m.member.index()),
                    branch: branch.clone(),
                    branch_url: encode(&links::branch_page(branch, 1)),
                    cells: coverage.items.iter().map(|&i| cell(m.cell(i))).collect(),
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..coverage.branches.len()).collect();
        let rate = |b: usize| coverage.branches[b].ratio().unwrap_or(-1.0);
        order.sort_by(|&a, &b| rate(b).total_cmp(&rate(a)));
        let branches: Vec<CoverageRow> = order
            .into_iter()
            .map(|b| self.branch_row(b, coverage.branches[b].members.to_string()))
            .collect();
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
}
