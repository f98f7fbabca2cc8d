//! The assessment files and review records the check accepted -> what the scheme makes
//! of them: each branch's manual scores, bonuses, deductions and vetoes for the scheme's
//! year, and its secretary's review scored from the ballots.
//!
//! The check judged each file alone, against the roster. What needs the scheme or the
//! other files is judged here: an id the scheme does not have, a score above its points,
//! points withheld without a reason, a group of voters the book does not weigh, a
//! `result` that is no grade or is above the computed one without a reason, a second file
//! for one branch, and an opinion or evaluation copied from another branch's.

use super::scheme::Scheme;
use super::Says;
use crate::check::document::{Assessment, Ballots, Review, Score, BALLOT_GRADES};
use crate::check::Checked;
use crate::config::ReviewConfig;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::Lang;
use crate::ids::{BranchId, MemberId, NoteId};
use crate::load::Loaded;
use serde::Serialize;
use std::collections::HashMap;

/// How alike two opinions or evaluations may be before the later is a copy.
const COPY_SIMILARITY: f64 = 0.8;

/// The files of the scheme's year that hold, by branch.
#[derive(Debug, Default)]
pub struct Files<'a> {
    pub assessments: HashMap<BranchId, &'a Assessment>,
    pub reviews: HashMap<BranchId, ReviewScore>,
    /// Everything found wrong here, and how many files it rejected.
    pub diagnostics: Vec<Diagnostic>,
    pub rejected: usize,
}

/// A secretary's review, scored.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewScore {
    #[serde(skip)]
    pub note: NoteId,
    #[serde(skip)]
    pub branch: BranchId,
    #[serde(skip)]
    pub member: MemberId,
    pub score: f64,
    /// Index in [`Scheme::grades`]: the 党委's `result` where it gives one, else the
    /// grade the score reaches.
    #[serde(skip)]
    pub grade: usize,
    pub groups: Vec<GroupScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    pub name: String,
    pub score: f64,
    /// The share of 好 and 较好 among the ballots that chose a grade.
    pub satisfaction: f64,
}

/// Judges the accepted files of `scheme`'s year against it.
pub fn judge<'a>(
    scheme: &Scheme,
    weights: &ReviewConfig,
    loaded: &'a Loaded,
    checked: &'a Checked,
    lang: Lang,
) -> Files<'a> {
    let mut files = Files {
        diagnostics: later_years(scheme, loaded, checked, lang),
        ..Files::default()
    };
    judge_assessments(scheme, loaded, checked, lang, &mut files);
    judge_reviews(scheme, weights, loaded, checked, lang, &mut files);
    files
}

/// A warning for each file of a later year than the scheme's: most likely dated by the
/// day it was written (January's review of the year before), and said since it is not
/// counted.
fn later_years(scheme: &Scheme, loaded: &Loaded, checked: &Checked, lang: Lang) -> Vec<Diagnostic> {
    let later = checked
        .assessments
        .iter()
        .map(|a| (a.note, a.year))
        .chain(checked.reviews.iter().map(|r| (r.note, r.year)))
        .filter(|&(_, year)| year > scheme.year);
    let mut warnings = Vec::new();
    for (note, year) in later {
        let at = File::new(loaded, note, lang);
        let front = at.note.front.as_ref();
        let key = match front.and_then(|f| f.document.as_ref()).map(|d| d.kind) {
            Some(crate::load::front_matter::DocumentKind::Assessment) => "assessment",
            _ => "year",
        };
        let mut warning = at.error(
            Rule::ScoreField,
            Says::LaterYear {
                year,
                scheme: scheme.year,
            },
            at.line_of(key),
        );
        warning.severity = crate::diag::Severity::Warning;
        warnings.push(warning);
    }
    warnings
}

/// The names of the files in `all` (note, branch) for `branch` other than `of`.
fn other_files<'a>(
    loaded: &'a Loaded,
    of: NoteId,
    branch: BranchId,
    all: &[(NoteId, BranchId)],
) -> Vec<&'a str> {
    all.iter()
        .filter(|&&(note, b)| b == branch && note != of)
        .map(|&(note, _)| loaded.note(note).shown.as_str())
        .collect()
}

/// Keeps in `files` each assessment file of the year with no error: none when two are
/// written for one branch (which one is the real one is the assessors' to say, not the
/// order of their names, so each names the other), a score against the scheme, or an
/// opinion copied from another branch's.
fn judge_assessments<'a>(
    scheme: &Scheme,
    loaded: &'a Loaded,
    checked: &'a Checked,
    lang: Lang,
    files: &mut Files<'a>,
) {
    let of_year: Vec<&Assessment> = checked
        .assessments
        .iter()
        .filter(|a| a.year == scheme.year)
        .collect();
    let all: Vec<(NoteId, BranchId)> = of_year.iter().map(|a| (a.note, a.branch)).collect();
    for assessment in of_year {
        let mut out = Vec::new();
        let at = File::new(loaded, assessment.note, lang);
        let twins = other_files(loaded, assessment.note, assessment.branch, &all);
        if !twins.is_empty() {
            let branch = loaded.roster.branch_name(assessment.branch);
            let others = &twins.join("、");
            let says = Says::SecondAssessment { branch, others };
            out.push(at.error(Rule::ScoreField, says, at.line_of("branch")));
        }
        scores_against(scheme, assessment, &at, &mut out);
        let others = files
            .assessments
            .values()
            .filter(|o| o.branch != assessment.branch);
        copied(Rule::Opinion, others.map(|o| o.note), loaded, &at, &mut out);
        if out.iter().any(Diagnostic::is_error) {
            files.rejected += 1;
        } else {
            files.assessments.insert(assessment.branch, assessment);
        }
        files.diagnostics.extend(crate::diag::capped(out, lang));
    }
}

/// Keeps in `files` each review of the year, scored, with no error: none when two are
/// written for one branch (each naming the other), an evaluation copied from another
/// branch's, or ballots and a result the scheme and `weights` do not allow.
fn judge_reviews(
    scheme: &Scheme,
    weights: &ReviewConfig,
    loaded: &Loaded,
    checked: &Checked,
    lang: Lang,
    files: &mut Files<'_>,
) {
    let of_year: Vec<&Review> = checked
        .reviews
        .iter()
        .filter(|r| r.year == scheme.year)
        .collect();
    let all: Vec<(NoteId, BranchId)> = of_year.iter().map(|r| (r.note, r.branch)).collect();
    for review in of_year {
        let at = File::new(loaded, review.note, lang);
        let mut out = Vec::new();
        let twins = other_files(loaded, review.note, review.branch, &all);
        if !twins.is_empty() {
            let branch = loaded.roster.branch_name(review.branch);
            let others = &twins.join("、");
            let says = Says::SecondReview { branch, others };
            out.push(at.error(Rule::ReviewField, says, at.line_of("branch")));
        }
        let others = files.reviews.values().filter(|o| o.branch != review.branch);
        copied(
            Rule::Evaluation,
            others.map(|o| o.note),
            loaded,
            &at,
            &mut out,
        );
        last_years_fixes(review, checked, loaded, &at, &mut out);
        let scored = score_review(scheme, weights, review, &at, &mut out);
        match scored {
            Some(scored) if !out.iter().any(Diagnostic::is_error) => {
                files.reviews.insert(review.branch, scored);
            }
            _ => files.rejected += 1,
        }
        files.diagnostics.extend(crate::diag::capped(out, lang));
    }
}

/// One file being judged: where its diagnostics point.
struct File<'a> {
    note: &'a crate::load::Note,
    lang: Lang,
}

impl<'a> File<'a> {
    fn new(loaded: &'a Loaded, note: NoteId, lang: Lang) -> File<'a> {
        File {
            note: loaded.note(note),
            lang,
        }
    }

    fn error(&self, rule: Rule, says: Says<'_>, line: usize) -> Diagnostic {
        Diagnostic::error(rule, &self.note.shown, says.text(self.lang)).at(
            &self.note.source,
            line,
            1,
        )
    }

    /// The line of front-matter `key`, or the first line when the file has no front
    /// matter.
    fn line_of(&self, key: &str) -> usize {
        self.note.front.as_ref().map_or(1, |f| f.line_of(key))
    }
}

/// The manual items of `extra` (bonus or deductions) by id, with their max.
fn by_hand(extra: &super::scheme::Extra) -> Vec<(&str, f64)> {
    extra
        .items
        .iter()
        .filter(|i| i.metric.is_none())
        .map(|i| (i.id.as_str(), i.max))
        .collect()
}

/// Each score against the scheme: a manual item, bonus, deduction or veto it has, at
/// most its points, and points withheld only with a reason.
fn scores_against(scheme: &Scheme, a: &Assessment, at: &File<'_>, out: &mut Vec<Diagnostic>) {
    let manual: Vec<(&str, f64)> = scheme
        .items
        .iter()
        .filter(|i| i.metric.is_none())
        .map(|i| (i.id.as_str(), i.points))
        .collect();
    let (bonus, deductions) = (by_hand(&scheme.bonus), by_hand(&scheme.deductions));
    for (scores, allowed, reason_below) in [
        (&a.scores, &manual, true),
        (&a.bonus, &bonus, false),
        (&a.deductions, &deductions, false),
    ] {
        for score in scores {
            score_against(score, allowed, reason_below, at, out);
        }
    }
    for veto in &a.veto {
        if !scheme.veto.iter().any(|v| v.id == veto.id) {
            let known: Vec<&str> = scheme.veto.iter().map(|v| v.id.as_str()).collect();
            out.push(at.error(
                Rule::ScoreField,
                Says::UnknownScore {
                    id: &veto.id,
                    known: &known.join("、"),
                },
                veto.line,
            ));
        }
    }
}

/// One score against the `allowed` ids and their points: an id among them, at most its
/// points, and (where `reason_below`) points withheld only with a reason.
fn score_against(
    score: &Score,
    allowed: &[(&str, f64)],
    reason_below: bool,
    at: &File<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(&(_, points)) = allowed.iter().find(|(id, _)| *id == score.id) else {
        let known: Vec<&str> = allowed.iter().map(|(id, _)| *id).collect();
        out.push(at.error(
            Rule::ScoreField,
            Says::UnknownScore {
                id: &score.id,
                known: &known.join("、"),
            },
            score.line,
        ));
        return;
    };
    let above = [score.self_score, score.committee]
        .into_iter()
        .flatten()
        .any(|n| n > points + 1e-9);
    if above {
        out.push(at.error(
            Rule::ScoreField,
            Says::ScoreAbove {
                id: &score.id,
                points,
            },
            score.line,
        ));
    }
    let withheld = score.committee.is_some_and(|n| n + 1e-9 < points);
    if reason_below && withheld && score.reason.is_none() {
        out.push(at.error(
            Rule::ScoreReason,
            Says::WithheldWithoutReason(&score.id),
            score.line,
        ));
    }
}

/// `rule` (`opinion`, `evaluation`) for a file whose text nearly copies that of one of
/// `others` (the files of other branches accepted before it), naming it.
fn copied(
    rule: Rule,
    others: impl IntoIterator<Item = NoteId>,
    loaded: &Loaded,
    at: &File<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let text = &at.note.body.substance.text;
    // In the files' order, so that of several near-copies the same one is named on
    // every run (the accepted files come from a map).
    let mut others: Vec<NoteId> = others.into_iter().collect();
    others.sort_by(|&a, &b| loaded.note(a).rel.cmp(&loaded.note(b).rel));
    let original = others.into_iter().find(|&other| {
        crate::check::duplicate::jaccard(text, &loaded.note(other).body.substance.text)
            >= COPY_SIMILARITY
    });
    if let Some(other) = original {
        let line = at.note.first_text_line().unwrap_or(at.note.body_line);
        out.push(at.error(rule, Says::CopiedFrom(&loaded.note(other).shown), line));
    }
}

/// Whether the body has a section whose heading holds `name` (as the check writes
/// headings), with text under it.
fn has_section(note: &crate::load::Note, wanted: impl Fn(&str) -> bool) -> bool {
    let substance = &note.body.substance;
    (0..substance.sections.len()).any(|i| {
        wanted(&crate::markdown::key(&substance.sections[i].title)) && substance.under(i) > 0
    })
}

/// A warning when last year's review of the branch asked for 整改 and this one says
/// nothing of how it went: a section on 整改 other than this year's 整改要求.
fn last_years_fixes(
    r: &Review,
    checked: &Checked,
    loaded: &Loaded,
    at: &File<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let asked = checked.reviews.iter().find(|last| {
        last.branch == r.branch
            && last.year + 1 == r.year
            && has_section(loaded.note(last.note), |t| t.contains("整改要求"))
    });
    let Some(last) = asked else {
        return;
    };
    let answered = has_section(at.note, |t| t.contains("整改") && !t.contains("整改要求"));
    if !answered {
        let line = at.note.first_text_line().unwrap_or(at.note.body_line);
        let mut warning = at.error(
            Rule::Evaluation,
            Says::FixesUnanswered(&loaded.note(last.note).shown),
            line,
        );
        warning.severity = crate::diag::Severity::Warning;
        out.push(warning);
    }
}

/// A group's score = 100 × Σ(count × weight) / (returned − 弃权); the review's = the
/// groups' scores weighed by their group weights. `ballots` for a group the book does
/// not weigh, `result` for a grade that is none or is above the computed one without a
/// reason.
fn score_review(
    scheme: &Scheme,
    config: &ReviewConfig,
    r: &Review,
    at: &File<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<ReviewScore> {
    let (score, groups) = score_groups(config, r, at, out);
    let grade = review_grade(scheme, r, scheme.grade_of(score), at, out)?;
    Some(ReviewScore {
        note: r.note,
        branch: r.branch,
        member: r.member,
        score,
        grade,
        groups,
    })
}

/// The review's score, its groups' scores weighed by their group weights (0 when no
/// group is weighed), and each weighed group's score; `ballots` for a group the book
/// does not weigh.
fn score_groups(
    config: &ReviewConfig,
    r: &Review,
    at: &File<'_>,
    out: &mut Vec<Diagnostic>,
) -> (f64, Vec<GroupScore>) {
    let mut groups = Vec::new();
    let (mut weighed, mut weights) = (0.0, 0.0);
    for ballots in &r.groups {
        let Some(&group_weight) = config.group_weights.get(&ballots.group) else {
            let known: Vec<&str> = config.group_weights.keys().map(String::as_str).collect();
            out.push(at.error(
                Rule::Ballots,
                Says::UnknownGroup {
                    group: &ballots.group,
                    known: &known.join("、"),
                },
                ballots.line,
            ));
            continue;
        };
        let (score, satisfaction) = group_score(config, ballots);
        weighed += group_weight * score;
        weights += group_weight;
        groups.push(GroupScore {
            name: ballots.group.clone(),
            score: super::round2(score),
            satisfaction: (satisfaction * 10_000.0).round() / 10_000.0,
        });
    }
    let score = if weights > 0.0 {
        super::round2(weighed / weights)
    } else {
        0.0
    };
    (score, groups)
}

/// A group's score, 100 × Σ(count × weight) / (returned − 弃权), and its satisfaction:
/// both 0 when every ballot returned abstained.
fn group_score(config: &ReviewConfig, ballots: &Ballots) -> (f64, f64) {
    let chose = ballots.returned - ballots.abstained;
    let worth: f64 = BALLOT_GRADES
        .iter()
        .zip(ballots.votes)
        .map(|(grade, n)| n as f64 * config.weights.get(*grade).copied().unwrap_or(0.0))
        .sum();
    if chose == 0 {
        (0.0, 0.0)
    } else {
        (
            100.0 * worth / chose as f64,
            (ballots.votes[0] + ballots.votes[1]) as f64 / chose as f64,
        )
    }
}

/// The review's grade: the 党委's `result` where it gives one, else `computed`; None,
/// with a `result` error, for a result that is no grade or is above `computed` without
/// a reason.
fn review_grade(
    scheme: &Scheme,
    r: &Review,
    computed: usize,
    at: &File<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let Some((result, line)) = &r.result else {
        return Some(computed);
    };
    match scheme.grades.iter().position(|g| &g.name == result) {
        None => {
            let known: Vec<&str> = scheme.grades.iter().map(|g| g.name.as_str()).collect();
            out.push(at.error(
                Rule::Result,
                Says::ResultNoGrade {
                    result,
                    known: &known.join("、"),
                },
                *line,
            ));
            None
        }
        // Grades are highest first: a lower index is a better grade.
        Some(g) if g < computed && r.result_reason.is_none() => {
            out.push(at.error(
                Rule::Result,
                Says::ResultAbove {
                    result,
                    computed: &scheme.grades[computed].name,
                },
                *line,
            ));
            None
        }
        Some(g) => Some(g),
    }
}
