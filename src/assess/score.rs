//! A scheme and a checked site -> each branch's score for the scheme's year, in the
//! order of docs/DESIGN.md ("Computation"), every point traced to what earned or lost it.
//!
//! Only accepted records and notes count, as `meetings` and `coverage` count them; a
//! rejected record is named only to say why its period counts as missing.

use super::files::Files;
use super::scheme::{Band, Extra, Metric, Scheme};
use crate::check::document::{Assessment, Score};
use crate::check::Checked;
use crate::diag::Rule;
use crate::ids::{BranchId, ItemId, KindId, MemberId, NoteId};
use crate::load::Loaded;
use crate::meeting::count::{self, BranchCount, Counts, Range};
use crate::meeting::{Meeting, Person};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

pub use super::trace::{Trace, Why};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Auto,
    Manual,
}

/// One item of the 评分表, scored.
#[derive(Debug, Clone, Serialize)]
pub struct ItemScore {
    pub id: String,
    pub name: String,
    pub points: f64,
    pub score: f64,
    pub source: Source,
    pub trace: Vec<Trace>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryScore {
    pub id: String,
    pub name: String,
    pub score: f64,
    pub max: f64,
}

/// One branch's result.
#[derive(Debug, Clone)]
pub struct BranchScore {
    /// Index in `Roster::branches`.
    pub branch: BranchId,
    pub work: f64,
    pub bonus: f64,
    pub deductions: f64,
    pub score: f64,
    pub review: f64,
    pub final_score: f64,
    /// Index in [`Scheme::grades`].
    pub grade: usize,
    pub veto: Vec<String>,
    pub categories: Vec<CategoryScore>,
    pub items: Vec<ItemScore>,
    /// Bonus items, then deduction items.
    pub extras: Vec<ItemScore>,
    /// Manual items nobody has scored yet, by id.
    pub unscored: Vec<String>,
}

pub use super::round2;

/// What the metrics read: the year's meeting counts, its coverage, and where each
/// rejected record and note is.
pub struct Evidence<'a> {
    loaded: &'a Loaded,
    checked: &'a Checked,
    range: Range,
    counts: Counts,
    coverage: crate::coverage::Coverage,
    /// The first rule that rejected each rejected file, by its path.
    rejected_by: HashMap<&'a str, Rule>,
}

impl<'a> Evidence<'a> {
    pub fn gather(loaded: &'a Loaded, checked: &'a Checked, year: i32) -> Evidence<'a> {
        let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(checked.today);
        let range = Range {
            since: day(1, 1),
            until: day(12, 31),
        };
        let counts = count::compute(loaded, checked, range);
        let period = crate::coverage::Period {
            since: Some(range.since),
            until: Some(range.until),
        };
        let coverage = crate::coverage::compute(loaded, checked, period);
        let mut rejected_by = HashMap::new();
        for diag in checked.diagnostics.iter().filter(|d| d.is_error()) {
            rejected_by.entry(diag.path.as_str()).or_insert(diag.rule);
        }
        Evidence {
            loaded,
            checked,
            range,
            counts,
            coverage,
            rejected_by,
        }
    }

    fn shown(&self, note: NoteId) -> &'a str {
        self.loaded.note(note).shown.as_str()
    }

    /// Accepted, published records of `branch` counted in the year.
    fn records(&self, branch: BranchId) -> impl Iterator<Item = &'a Meeting> + '_ {
        let as_of = self.range.until.min(self.checked.today);
        self.checked.meetings.iter().filter(move |m| {
            m.branch == branch && !m.draft && self.range.contains(m.date) && m.date <= as_of
        })
    }

    /// A rejected record of `kind` (and `group`) in `branch` dated in `slot`, with the
    /// rule that rejected it.
    fn rejected_in(
        &self,
        branch: BranchId,
        kind: KindId,
        group: Option<&str>,
        slot: crate::kinds::Slot,
    ) -> Option<(&'a str, Rule)> {
        let roster = &self.loaded.roster;
        let kind = &self.loaded.kind(kind).name;
        self.checked.rejected.iter().find_map(|&id| {
            let note = self.loaded.note(id);
            let fields = note.front.as_ref()?.meeting.as_ref()?;
            let date = self.checked.written[id.0].date?;
            let same = fields.kind.as_deref() == Some(kind.as_str())
                && fields.branch.as_deref().map(str::trim) == Some(roster.branch_name(branch))
                && (group.is_none() || fields.group.as_deref() == group)
                && slot.every.slot(date) == Some(slot);
            let rule = self.rejected_by.get(note.shown.as_str())?;
            same.then_some((note.shown.as_str(), *rule))
        })
    }
}

/// Scores every branch of the roster for `scheme`'s year, with the assessment files and
/// reviews that hold.
pub fn score_all(scheme: &Scheme, evidence: &Evidence<'_>, files: &Files<'_>) -> Vec<BranchScore> {
    evidence
        .counts
        .branches
        .iter()
        .map(|count| score_branch(scheme, evidence, files, count))
        .collect()
}

/// One branch being scored: what its metrics read, and its assessment file where one
/// holds.
struct Scoring<'s> {
    evidence: &'s Evidence<'s>,
    files: &'s Files<'s>,
    count: &'s BranchCount,
    assessment: Option<&'s Assessment>,
}

impl Scoring<'_> {
    /// An item's raw score, trace and source: measured by its metric, or else the
    /// committee's score for `id` in `given`; None for a manual item `given` lacks.
    fn raw(
        &self,
        metric: Option<&Metric>,
        points: f64,
        given: Option<&[Score]>,
        id: &str,
    ) -> Option<(f64, Vec<Trace>, Source)> {
        match metric {
            Some(metric) => {
                let (raw, trace) = measure(metric, points, self.evidence, self.files, self.count);
                Some((raw, trace, Source::Auto))
            }
            None => {
                let file = self.assessment.map(|a| a.note);
                let (score, trace) = manual(given, id, self.evidence, file)?;
                Some((score, trace, Source::Manual))
            }
        }
    }
}

/// A score the branch's assessment file gives `id` in `scores`, traced to its line.
fn manual(
    scores: Option<&[Score]>,
    id: &str,
    evidence: &Evidence<'_>,
    file: Option<NoteId>,
) -> Option<(f64, Vec<Trace>)> {
    let score = scores?.iter().find(|s| s.id == id)?;
    let committee = score.committee?;
    let trace = Trace {
        line: Some(score.line),
        ..Trace::path(Why::Scored, evidence.shown(file?))
    };
    Some((committee, vec![trace]))
}

/// One branch's score, in the steps of docs/DESIGN.md ("Computation").
fn score_branch(
    scheme: &Scheme,
    evidence: &Evidence<'_>,
    files: &Files<'_>,
    count: &BranchCount,
) -> BranchScore {
    let b = count.branch;
    let assessment = files.assessments.get(&b).copied();
    let on = Scoring {
        evidence,
        files,
        count,
        assessment,
    };
    let (items, unscored) = score_items(scheme, &on);
    let categories = score_categories(scheme, &items);
    let work: f64 = categories.iter().map(|c| c.score).sum();
    let (bonus, mut extras) = score_extra(&scheme.bonus, assessment.map(|a| &a.bonus[..]), &on);
    let given = assessment.map(|a| &a.deductions[..]);
    let (deductions, deducted) = score_extra(&scheme.deductions, given, &on);
    extras.extend(deducted);
    // 4. Never below 0.
    let score = (work + bonus - deductions).max(0.0);
    // 5. Blended with the secretary's review (none accepted: 0).
    let review = files.reviews.get(&b).map_or(0.0, |r| r.score);
    let final_score = round2(score * scheme.blend.work + review * scheme.blend.review);
    let (grade, veto) = graded(scheme, final_score, assessment);
    BranchScore {
        branch: b,
        work: round2(work),
        bonus: round2(bonus),
        deductions: round2(deductions),
        score: round2(score),
        review,
        final_score,
        grade,
        veto,
        categories,
        items,
        extras,
        unscored,
    }
}

/// Step 1: the items, each clamped to [0, points], and the ids of the manual ones the
/// assessment file does not score.
fn score_items(scheme: &Scheme, on: &Scoring<'_>) -> (Vec<ItemScore>, Vec<String>) {
    let given = on.assessment.map(|a| &a.scores[..]);
    let mut unscored = Vec::new();
    let items = scheme
        .items
        .iter()
        .map(|item| {
            let raw = on.raw(item.metric.as_ref(), item.points, given, &item.id);
            let (raw, trace, source) = raw.unwrap_or_else(|| {
                unscored.push(item.id.clone());
                (0.0, vec![Trace::new(Why::Unscored)], Source::Manual)
            });
            ItemScore {
                id: item.id.clone(),
                name: item.name.clone(),
                points: item.points,
                score: raw.clamp(0.0, item.points),
                source,
                trace,
            }
        })
        .collect();
    (items, unscored)
}

/// Step 2: the categories, each the sum of its items at most its max.
fn score_categories(scheme: &Scheme, items: &[ItemScore]) -> Vec<CategoryScore> {
    scheme
        .categories
        .iter()
        .enumerate()
        .map(|(c, category)| {
            let sum: f64 = scheme
                .items
                .iter()
                .zip(items)
                .filter(|(item, _)| item.category == c)
                .map(|(_, scored)| scored.score)
                .sum();
            CategoryScore {
                id: category.id.clone(),
                name: category.name.clone(),
                score: sum.min(category.max),
                max: category.max,
            }
        })
        .collect()
}

/// Step 3, for the bonus or the deductions: their sum, each item at most its max and
/// all at most the cap, and the items scored.
fn score_extra(extra: &Extra, given: Option<&[Score]>, on: &Scoring<'_>) -> (f64, Vec<ItemScore>) {
    let mut sum = 0.0;
    let mut scored = Vec::new();
    for item in &extra.items {
        // Nothing given: no bonus, no deduction.
        let (raw, trace, source) = on
            .raw(item.metric.as_ref(), item.max, given, &item.id)
            .unwrap_or((0.0, Vec::new(), Source::Manual));
        let score = raw.clamp(0.0, item.max);
        sum += score;
        scored.push(ItemScore {
            id: item.id.clone(),
            name: item.name.clone(),
            points: item.max,
            score,
            source,
            trace,
        });
    }
    (sum.min(extra.cap), scored)
}

/// Step 6: the grade `final_score` reaches, lowered (never raised) by each veto of the
/// assessment file that the scheme has, and those vetoes' ids.
fn graded(
    scheme: &Scheme,
    final_score: f64,
    assessment: Option<&Assessment>,
) -> (usize, Vec<String>) {
    let mut grade = scheme.grade_of(final_score);
    let mut veto = Vec::new();
    for written in assessment.map_or(&[][..], |a| &a.veto[..]) {
        if let Some(v) = scheme.veto.iter().find(|v| v.id == written.id) {
            grade = grade.max(v.max_grade);
            veto.push(v.id.clone());
        }
    }
    (grade, veto)
}

/// A metric's raw score for one branch, out of `points`, and its trace.
fn measure(
    metric: &Metric,
    points: f64,
    evidence: &Evidence<'_>,
    files: &Files<'_>,
    count: &BranchCount,
) -> (f64, Vec<Trace>) {
    let b = count.branch;
    match metric {
        Metric::MeetingsMissing { kind, each } => {
            meetings_missing(evidence, count, *kind, points, *each)
        }
        Metric::MeetingsHeldRatio { kind } => meetings_held_ratio(evidence, count, *kind, points),
        Metric::AttendanceRate { bands } => attendance_rate(evidence, b, bands),
        Metric::SpeakersRatio { kind } => speakers_ratio(evidence, b, *kind, points),
        Metric::SecretaryLectures { min } => secretary_lectures(evidence, b, *min, points),
        Metric::PlanCollective => plan_collective(evidence, b, points),
        Metric::NotesCoverage => notes_coverage(evidence, b, points),
        Metric::NotesDuplicate { each } => notes_duplicate(evidence, b, *each),
        Metric::ReviewHeld => review_held(evidence, files, b, points),
    }
}

/// The share of `points` that `counted` out of `of` earns.
fn share(points: f64, counted: usize, of: usize) -> f64 {
    points * counted as f64 / of as f64
}

/// `meetings.missing`: the points, less `each` for every period of `kind` not held.
fn meetings_missing(
    evidence: &Evidence<'_>,
    count: &BranchCount,
    kind: KindId,
    points: f64,
    each: f64,
) -> (f64, Vec<Trace>) {
    let (due, held, trace) = periods(evidence, count, kind);
    if due == 0 {
        return (points, vec![Trace::new(Why::NothingDue)]);
    }
    (points + each * (due - held) as f64, trace)
}

/// `meetings.held-ratio`: the share of the periods of `kind` held.
fn meetings_held_ratio(
    evidence: &Evidence<'_>,
    count: &BranchCount,
    kind: KindId,
    points: f64,
) -> (f64, Vec<Trace>) {
    let (due, held, mut trace) = periods(evidence, count, kind);
    if due == 0 {
        return (points, vec![Trace::new(Why::NothingDue)]);
    }
    trace.insert(0, Trace::ratio(held, due));
    (share(points, held, due), trace)
}

/// `attendance.rate`: the points of the first band the share of expected members
/// present reaches.
fn attendance_rate(evidence: &Evidence<'_>, b: BranchId, bands: &[Band]) -> (f64, Vec<Trace>) {
    let (expected, attended) = evidence.records(b).fold((0, 0), |(e, a), m| {
        (e + m.expected.len(), a + m.present().count())
    });
    if expected == 0 {
        return (0.0, vec![Trace::new(Why::NothingToMeasure)]);
    }
    let rate = attended as f64 / expected as f64;
    let band = bands.iter().find(|band: &&Band| rate + 1e-9 >= band.min);
    (
        band.map_or(0.0, |band| band.points),
        vec![Trace::ratio(attended, expected)],
    )
}

/// `speakers.ratio`: the share of the records of `kind` with the speakers it needs.
fn speakers_ratio(
    evidence: &Evidence<'_>,
    b: BranchId,
    kind: KindId,
    points: f64,
) -> (f64, Vec<Trace>) {
    let min = evidence.loaded.kind(kind).min_speakers;
    let records: Vec<&Meeting> = evidence.records(b).filter(|m| m.kind == kind).collect();
    if records.is_empty() {
        return (0.0, vec![Trace::new(Why::NothingToMeasure)]);
    }
    let enough: Vec<&&Meeting> = records.iter().filter(|m| m.speakers.len() >= min).collect();
    let mut trace = vec![Trace::ratio(enough.len(), records.len())];
    trace.extend(
        enough
            .iter()
            .map(|m| Trace::path(Why::Counted, evidence.shown(m.note))),
    );
    (share(points, enough.len(), records.len()), trace)
}

/// `secretary.lectures`: the points when the secretary gave at least `min` 党课.
fn secretary_lectures(
    evidence: &Evidence<'_>,
    b: BranchId,
    min: usize,
    points: f64,
) -> (f64, Vec<Trace>) {
    let Some(secretary) = secretary(evidence, b) else {
        return (0.0, vec![Trace::new(Why::NoSecretary)]);
    };
    let lectures: Vec<&Meeting> = evidence
        .records(b)
        .filter(|m| evidence.loaded.kind(m.kind).name == crate::kinds::LECTURE)
        .filter(|m| m.lecturer == Some(Person::Member(secretary)))
        .collect();
    let mut trace = vec![Trace {
        of: Some((lectures.len(), min)),
        ..Trace::new(Why::Lectures)
    }];
    trace.extend(
        lectures
            .iter()
            .map(|m| Trace::path(Why::Counted, evidence.shown(m.note))),
    );
    (if lectures.len() >= min { points } else { 0.0 }, trace)
}

/// `plan.collective`: the share of the plan items due in the year for the branch that
/// one of its records studied.
fn plan_collective(evidence: &Evidence<'_>, b: BranchId, points: f64) -> (f64, Vec<Trace>) {
    let name = evidence.loaded.roster.branch_name(b);
    let year = evidence.range.since.year();
    let due: Vec<usize> = (0..evidence.loaded.plan.items.len())
        .filter(|&i| {
            let item = &evidence.loaded.plan.items[i];
            item.due.year() == year && item.applies_to(name)
        })
        .collect();
    if due.is_empty() {
        return (points, vec![Trace::new(Why::NothingDue)]);
    }
    let mut trace = Vec::new();
    let mut studied = 0;
    for &item in &due {
        let record = evidence
            .records(b)
            .find(|m| m.study.contains(&ItemId(item)));
        if let Some(record) = record {
            studied += 1;
            trace.push(Trace::path(Why::Counted, evidence.shown(record.note)));
        }
    }
    trace.insert(0, Trace::ratio(studied, due.len()));
    (share(points, studied, due.len()), trace)
}

/// `notes.coverage`: the share of the branch's applicable plan items its notes cover.
fn notes_coverage(evidence: &Evidence<'_>, b: BranchId, points: f64) -> (f64, Vec<Trace>) {
    let name = evidence.loaded.roster.branch_name(b);
    let branch = evidence.coverage.branches.iter().find(|c| c.name == name);
    match branch {
        Some(c) if c.applicable > 0 => (
            share(points, c.covered, c.applicable),
            vec![Trace::ratio(c.covered, c.applicable)],
        ),
        _ => (0.0, vec![Trace::new(Why::NothingToMeasure)]),
    }
}

/// `notes.duplicate`: `each` for every note of the branch rejected as a copy.
fn notes_duplicate(evidence: &Evidence<'_>, b: BranchId, each: f64) -> (f64, Vec<Trace>) {
    let copies = copies(evidence, b);
    let trace = copies
        .iter()
        .map(|&note| Trace::path(Why::Duplicate, evidence.shown(note)))
        .collect();
    (each * copies.len() as f64, trace)
}

/// `review.held`: the points when the branch's review holds.
fn review_held(
    evidence: &Evidence<'_>,
    files: &Files<'_>,
    b: BranchId,
    points: f64,
) -> (f64, Vec<Trace>) {
    match files.reviews.get(&b) {
        Some(review) => (
            points,
            vec![Trace::path(Why::Reviewed, evidence.shown(review.note))],
        ),
        None => (0.0, vec![Trace::new(Why::NoReview)]),
    }
}

/// A kind's periods due and held in the branch (its 党小组 rows summed), with a trace
/// entry per period: the record that held it, or the missing period and the rejected
/// record of that period.
fn periods(
    evidence: &Evidence<'_>,
    count: &BranchCount,
    kind: KindId,
) -> (usize, usize, Vec<Trace>) {
    let (mut due, mut held, mut trace) = (0, 0, Vec::new());
    for row in count.kinds.iter().filter(|row| row.kind == kind) {
        due += row.periods.len();
        held += row.held();
        for period in &row.periods {
            let label = match &row.group {
                Some(group) => format!("{}（{group}）", period.slot.label()),
                None => period.slot.label(),
            };
            let entry = match period.records.first() {
                Some(&first) => Trace {
                    period: Some(label),
                    path: Some(evidence.shown(evidence.checked.meeting(first).note).into()),
                    ..Trace::new(Why::Held)
                },
                None => {
                    let rejected =
                        evidence.rejected_in(count.branch, kind, row.group.as_deref(), period.slot);
                    Trace {
                        period: Some(label),
                        path: rejected.map(|(path, _)| path.to_string()),
                        rule: rejected.map(|(_, rule)| rule.id().to_string()),
                        ..Trace::new(Why::Missing)
                    }
                }
            };
            trace.push(entry);
        }
    }
    (due, held, trace)
}

/// The branch's 书记, or its 副书记 where it has none.
fn secretary(evidence: &Evidence<'_>, branch: BranchId) -> Option<MemberId> {
    let roster = &evidence.loaded.roster;
    roster.secretary_of(roster.branch_name(branch))
}

/// The branch's notes dated in the year and rejected as copies.
fn copies(evidence: &Evidence<'_>, branch: BranchId) -> Vec<NoteId> {
    let (loaded, checked) = (evidence.loaded, evidence.checked);
    let name = loaded.roster.branch_name(branch);
    let copied: std::collections::HashSet<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.rule == Rule::Duplicate)
        .map(|d| d.path.as_str())
        .collect();
    checked
        .rejected
        .iter()
        .copied()
        .filter(|&id| {
            let note = loaded.note(id);
            let written = checked.written[id.0];
            note.is_note()
                && copied.contains(note.shown.as_str())
                && written.date.is_some_and(|d| evidence.range.contains(d))
                && written
                    .member
                    .or_else(|| loaded.roster.folder_of(&note.rel))
                    .is_some_and(|m| loaded.roster.member(m).branch == name)
        })
        .collect()
}
