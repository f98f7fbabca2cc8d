//! The report's figures as tables: the coverage's (notes, sessions, branches, members,
//! plan items), then the meetings' (held per kind and branch, the periods missing,
//! attendance). `report` puts them in order; `report_tables` lays them out.

use super::{Cell, Table};
use crate::coverage::{self, Coverage};
use crate::i18n::Lang;
use crate::load::Loaded;
use crate::meeting::count::{self, Counts};

/// How many plan items with the lowest coverage the report lists.
const LOWEST: usize = 5;

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The tables of the report, in the order a summary reads them.
pub fn tables(loaded: &Loaded, coverage: &Coverage, lang: Lang) -> Vec<Table> {
    let t = crate::render::labels::built_in(lang);
    let header = |keys: &[&str]| keys.iter().map(|k| t[*k].to_string()).collect::<Vec<_>>();
    let f = &coverage.figures;
    let plan = &loaded.plan.items;
    let roster = &loaded.roster.members;
    let overview = Table {
        title: t["figures"].into(),
        headers: header(&["item", "value"]),
        rows: vec![
            vec![text(t["notes_written"]), Cell::Count(f.notes)],
            vec![text(t["accepted"]), Cell::Count(f.accepted)],
            vec![text(t["rejected"]), Cell::Count(f.rejected)],
            vec![text(t["studied"]), Cell::Count(f.members_studied)],
            vec![text(t["member_count"]), Cell::Count(coverage.members.len())],
            vec![text(t["person_times"]), Cell::Count(f.person_times)],
        ],
    };
    let sessions = Table {
        title: t["sessions"].into(),
        headers: header(&["kind", "planned", "held", "all_staff", "person_times"]),
        rows: f
            .sessions
            .iter()
            .map(|s| {
                vec![
                    text(&s.kind),
                    Cell::Count(s.planned),
                    Cell::Count(s.held),
                    Cell::Count(s.held_for_all),
                    Cell::Count(s.person_times),
                ]
            })
            .collect(),
    };
    // Coverage is not an assessment: branches in roster order, with no rank.
    let branches = Table {
        title: t["branch_coverage"].into(),
        headers: header(&["branch", "member_count", "covered", "applicable", "rate"]),
        rows: coverage
            .branches
            .iter()
            .map(|b| {
                vec![
                    text(&b.name),
                    Cell::Count(b.members),
                    Cell::Count(b.covered),
                    Cell::Count(b.applicable),
                    Cell::Share(b.ratio()),
                ]
            })
            .collect(),
    };
    let silent = Table {
        title: t["no_notes_members"].into(),
        headers: header(&["name", "id", "branch"]),
        rows: coverage
            .members
            .iter()
            // Only members with no file at all: one whose notes could not be read or
            // dated has handed something in, and is not named here.
            .filter(|m| m.files == 0)
            .map(|m| {
                vec![
                    text(&roster[m.member.index()].name),
                    text(&roster[m.member.index()].id),
                    text(&roster[m.member.index()].branch),
                ]
            })
            .collect(),
    };
    let mut items: Vec<(usize, usize, usize)> = coverage
        .items
        .iter()
        .map(|&i| {
            let (covered, applicable) = coverage.item_counts(i);
            (i, covered, applicable)
        })
        .collect();
    let share = coverage::ratio;
    items.sort_by(|a, b| {
        share(a.1, a.2)
            .unwrap_or(2.0)
            .total_cmp(&share(b.1, b.2).unwrap_or(2.0))
    });
    let lowest = Table {
        title: t["lowest_items"].into(),
        headers: header(&["title", "kind", "due", "covered", "applicable", "rate"]),
        rows: items
            .iter()
            .take(LOWEST)
            .map(|&(i, c, a)| {
                vec![
                    text(&plan[i].title),
                    text(&plan[i].kind),
                    text(plan[i].due.format("%Y-%m-%d").to_string()),
                    Cell::Count(c),
                    Cell::Count(a),
                    Cell::Share(share(c, a)),
                ]
            })
            .collect(),
    };
    let unattributed = Table {
        title: t["unattributed_notes"].into(),
        headers: header(&["file"]),
        rows: coverage
            .unattributed
            .iter()
            .map(|&id| vec![text(&loaded.note(id).shown)])
            .collect(),
    };
    vec![overview, sessions, branches, silent, unattributed, lowest]
}

/// The meeting figures the seed report left as "**": meetings held per kind and per
/// branch, the periods missing, and attendance per branch and member.
pub fn meeting_tables(loaded: &Loaded, counts: &Counts, lang: Lang) -> Vec<Table> {
    let t = crate::render::labels::built_in(lang);
    let header = |keys: &[&str]| keys.iter().map(|k| t[*k].to_string()).collect::<Vec<_>>();
    let period = format!(
        "（{} – {}）",
        counts.range.since.format("%Y-%m-%d"),
        counts.range.until.format("%Y-%m-%d")
    );
    let per_kind = Table {
        title: format!("{}{period}", t["meeting_counts"]),
        headers: header(&[
            "meeting_kind",
            "record_count",
            "period_count",
            "held_periods",
            "held_rate",
        ]),
        rows: count::totals(loaded, counts.branches.iter())
            .into_iter()
            .filter(|k| k.records > 0 || k.periods > 0)
            .map(|k| {
                vec![
                    text(&k.kind),
                    Cell::Count(k.records),
                    Cell::Count(k.periods),
                    Cell::Count(k.held),
                    Cell::Share(coverage::ratio(k.held, k.periods)),
                ]
            })
            .collect(),
    };
    let rows = counts.branches.iter().flat_map(|b| {
        b.kinds
            .iter()
            .map(move |k| (loaded.roster.branch_name(b.branch), k))
    });
    let per_branch = Table {
        title: t["meetings_by_branch"].into(),
        headers: header(&[
            "branch",
            "meeting_kind",
            "every",
            "record_count",
            "period_count",
            "held_periods",
            "missing_periods",
        ]),
        rows: rows
            .clone()
            .map(|(branch, k)| {
                vec![
                    text(branch),
                    text(k.label(loaded)),
                    text(t[k.every.label_key()]),
                    Cell::Count(k.records.len()),
                    Cell::Count(k.periods.len()),
                    Cell::Count(k.held()),
                    text(k.missing().map(|s| s.label()).collect::<Vec<_>>().join(" ")),
                ]
            })
            .collect(),
    };
    let gaps = Table {
        title: t["meeting_gaps"].into(),
        headers: header(&["branch", "meeting_kind", "missing_periods"]),
        rows: rows
            .filter(|(_, k)| k.missing().next().is_some())
            .map(|(branch, k)| {
                vec![
                    text(branch),
                    text(k.label(loaded)),
                    text(k.missing().map(|s| s.label()).collect::<Vec<_>>().join(" ")),
                ]
            })
            .collect(),
    };
    let roster = &loaded.roster;
    let attendance_by_branch = Table {
        title: t["attendance_by_branch"].into(),
        headers: header(&["branch", "expected", "attended", "attendance_rate"]),
        rows: roster
            .branches
            .iter()
            .map(|branch| {
                let (expected, attended) = counts
                    .members
                    .iter()
                    .filter(|m| roster.member(m.member).branch == *branch)
                    .fold((0, 0), |(e, a), m| (e + m.expected.len(), a + m.attended));
                vec![
                    text(branch),
                    Cell::Count(expected),
                    Cell::Count(attended),
                    Cell::Share(coverage::ratio(attended, expected)),
                ]
            })
            .collect(),
    };
    let attendance = Table {
        title: t["attendance_by_member"].into(),
        headers: header(&[
            "name",
            "id",
            "branch",
            "expected",
            "attended",
            "attendance_rate",
        ]),
        rows: counts
            .members
            .iter()
            .map(|m| {
                let member = roster.member(m.member);
                vec![
                    text(&member.name),
                    text(&member.id),
                    text(&member.branch),
                    Cell::Count(m.expected.len()),
                    Cell::Count(m.attended),
                    Cell::Share(m.rate()),
                ]
            })
            .collect(),
    };
    vec![per_kind, per_branch, gaps, attendance_by_branch, attendance]
}
