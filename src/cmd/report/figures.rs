//! The report's figures as tables: the coverage's (notes, sessions, branches, members,
//! plan items), then the meetings' (held per kind and branch, the periods missing,
//! attendance). `report` puts them in order; `report_tables` lays them out.

use super::{Cell, Table};
use crate::coverage::{self, Coverage};
use crate::i18n::Lang;
use crate::load::Loaded;
use crate::meeting::count::{self, Counts, KindCount};
use std::collections::BTreeMap;

/// How many plan items with the lowest coverage the report lists.
const LOWEST: usize = 5;

/// The words of the tables' titles and heads, by key, in the report's language.
type Labels = BTreeMap<&'static str, &'static str>;

/// A text cell.
fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The column heads that `keys` name.
fn header(t: &Labels, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| t[*k].to_string()).collect()
}

/// The tables of the report, in the order a summary reads them.
pub fn tables(loaded: &Loaded, coverage: &Coverage, lang: Lang) -> Vec<Table> {
    let t = crate::render::labels::built_in(lang);
    vec![
        overview(coverage, t),
        sessions(coverage, t),
        branch_coverage(coverage, t),
        silent_members(loaded, coverage, t),
        unattributed(loaded, coverage, t),
        lowest_items(loaded, coverage, t),
    ]
}

/// The figures in one table: notes written, accepted and rejected, members who studied,
/// members, person-times.
fn overview(coverage: &Coverage, t: &Labels) -> Table {
    let f = &coverage.figures;
    Table {
        title: t["figures"].into(),
        headers: header(t, &["item", "value"]),
        rows: vec![
            vec![text(t["notes_written"]), Cell::Count(f.notes)],
            vec![text(t["accepted"]), Cell::Count(f.accepted)],
            vec![text(t["rejected"]), Cell::Count(f.rejected)],
            vec![text(t["studied"]), Cell::Count(f.members_studied)],
            vec![text(t["member_count"]), Cell::Count(coverage.members.len())],
            vec![text(t["person_times"]), Cell::Count(f.person_times)],
        ],
    }
}

/// The study sessions per kind: planned, held, held for all, person-times.
fn sessions(coverage: &Coverage, t: &Labels) -> Table {
    Table {
        title: t["sessions"].into(),
        headers: header(t, &["kind", "planned", "held", "all_staff", "person_times"]),
        rows: coverage
            .figures
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
    }
}

/// Each branch's coverage. Coverage is not an assessment: branches in roster order, with
/// no rank.
fn branch_coverage(coverage: &Coverage, t: &Labels) -> Table {
    Table {
        title: t["branch_coverage"].into(),
        headers: header(
            t,
            &["branch", "member_count", "covered", "applicable", "rate"],
        ),
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
    }
}

/// The members who handed in no note at all.
fn silent_members(loaded: &Loaded, coverage: &Coverage, t: &Labels) -> Table {
    let roster = &loaded.roster.members;
    Table {
        title: t["no_notes_members"].into(),
        headers: header(t, &["name", "id", "branch"]),
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
    }
}

/// The notes that count for no member.
fn unattributed(loaded: &Loaded, coverage: &Coverage, t: &Labels) -> Table {
    Table {
        title: t["unattributed_notes"].into(),
        headers: header(t, &["file"]),
        rows: coverage
            .unattributed
            .iter()
            .map(|&id| vec![text(&loaded.note(id).shown)])
            .collect(),
    }
}

/// The [`LOWEST`] plan items least covered, the least first; an item no one had to
/// study comes after every share.
fn lowest_items(loaded: &Loaded, coverage: &Coverage, t: &Labels) -> Table {
    let plan = &loaded.plan.items;
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
    Table {
        title: t["lowest_items"].into(),
        headers: header(
            t,
            &["title", "kind", "due", "covered", "applicable", "rate"],
        ),
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
    }
}

/// The meeting figures the seed report left as "**": meetings held per kind and per
/// branch, the periods missing, and attendance per branch and member.
pub fn meeting_tables(loaded: &Loaded, counts: &Counts, lang: Lang) -> Vec<Table> {
    let t = crate::render::labels::built_in(lang);
    vec![
        meetings_per_kind(loaded, counts, t),
        meetings_per_branch(loaded, counts, t),
        meeting_gaps(loaded, counts, t),
        attendance_by_branch(loaded, counts, t),
        attendance_by_member(loaded, counts, t),
    ]
}

/// Per kind of meeting over every branch: records, periods counted and held, titled
/// with the range counted.
fn meetings_per_kind(loaded: &Loaded, counts: &Counts, t: &Labels) -> Table {
    let period = format!(
        "{}{} – {}{}",
        t["paren_open"],
        counts.range.since.format("%Y-%m-%d"),
        counts.range.until.format("%Y-%m-%d"),
        t["paren_close"]
    );
    Table {
        title: format!("{}{period}", t["meeting_counts"]),
        headers: header(
            t,
            &[
                "meeting_kind",
                "record_count",
                "period_count",
                "held_periods",
                "held_rate",
            ],
        ),
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
    }
}

/// Every kind counted in every branch, with the branch's name.
fn kinds_by_branch<'a>(
    loaded: &'a Loaded,
    counts: &'a Counts,
) -> impl Iterator<Item = (&'a str, &'a KindCount)> {
    counts.branches.iter().flat_map(move |b| {
        b.kinds
            .iter()
            .map(move |k| (loaded.roster.branch_name(b.branch), k))
    })
}

/// The periods a kind was not held in, by their labels.
fn missing_periods(k: &KindCount) -> String {
    k.missing().map(|s| s.label()).collect::<Vec<_>>().join(" ")
}

/// Per branch and kind: how often it is held, records, periods counted, held and missing.
fn meetings_per_branch(loaded: &Loaded, counts: &Counts, t: &Labels) -> Table {
    Table {
        title: t["meetings_by_branch"].into(),
        headers: header(
            t,
            &[
                "branch",
                "meeting_kind",
                "every",
                "record_count",
                "period_count",
                "held_periods",
                "missing_periods",
            ],
        ),
        rows: kinds_by_branch(loaded, counts)
            .map(|(branch, k)| {
                vec![
                    text(branch),
                    text(k.label(loaded)),
                    text(t[k.every.label_key()]),
                    Cell::Count(k.records.len()),
                    Cell::Count(k.periods.len()),
                    Cell::Count(k.held()),
                    text(missing_periods(k)),
                ]
            })
            .collect(),
    }
}

/// Only the branches and kinds with a period missing, and the periods.
fn meeting_gaps(loaded: &Loaded, counts: &Counts, t: &Labels) -> Table {
    Table {
        title: t["meeting_gaps"].into(),
        headers: header(t, &["branch", "meeting_kind", "missing_periods"]),
        rows: kinds_by_branch(loaded, counts)
            .filter(|(_, k)| k.missing().next().is_some())
            .map(|(branch, k)| {
                vec![
                    text(branch),
                    text(k.label(loaded)),
                    text(missing_periods(k)),
                ]
            })
            .collect(),
    }
}

/// Per branch of the roster, in its order: attendances expected and made, and the rate.
fn attendance_by_branch(loaded: &Loaded, counts: &Counts, t: &Labels) -> Table {
    let roster = &loaded.roster;
    Table {
        title: t["attendance_by_branch"].into(),
        headers: header(t, &["branch", "expected", "attended", "attendance_rate"]),
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
    }
}

/// Per member: attendances expected and made, and the rate.
fn attendance_by_member(loaded: &Loaded, counts: &Counts, t: &Labels) -> Table {
    Table {
        title: t["attendance_by_member"].into(),
        headers: header(
            t,
            &[
                "name",
                "id",
                "branch",
                "expected",
                "attended",
                "attendance_rate",
            ],
        ),
        rows: counts
            .members
            .iter()
            .map(|m| {
                let member = loaded.roster.member(m.member);
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
    }
}
