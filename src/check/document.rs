//! The rules of the branch assessment's own files (docs/DESIGN.md, "Branch assessment"):
//! an assessment file, the 党委考核组's scores for one branch (`score-field`,
//! `score-reason`, `opinion`), and a review record, the secretary's 述职述廉测评
//! (`review-field`, `ballots`, `review-quorum`, `evaluation`).
//!
//! What needs the scheme (an item id, a score above its points, a `result` above the
//! computed grade, a group the book does not weigh) or other files (a near-copy of
//! another branch's opinion) is judged by `assess`, which has them; this stage judges
//! each file alone, against the roster.

use super::rules::Ctx;
use super::Judged;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::Msg;
use crate::ids::{BranchId, MemberId};
use crate::load::front_matter::{Document, DocumentKind};
use crate::load::Loaded;
use crate::markdown::key;
use chrono::NaiveDate;
use yaml_serde::Value;

/// Substantive characters a 考核意见 needs at least: a sentence on what went well and
/// one on what did not.
pub const OPINION_MIN_CHARS: usize = 40;
/// Substantive characters the 成绩 and the 问题 of a 评价意见 each need at least:
/// "同意。" or "无" is no evaluation.
pub const PART_MIN_CHARS: usize = 15;

/// An accepted assessment file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub note: crate::ids::NoteId,
    pub year: i32,
    /// Index in `Roster::branches`.
    pub branch: BranchId,
    pub date: Option<NaiveDate>,
    /// Manual items, bonus items, deduction items, as written: what `assess` checks
    /// against the scheme.
    pub scores: Vec<Score>,
    pub bonus: Vec<Score>,
    pub deductions: Vec<Score>,
    pub veto: Vec<Veto>,
}

/// One score of an assessment file: `id: {self: 20, committee: 16, reason: …}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub id: String,
    pub self_score: Option<f64>,
    pub committee: Option<f64>,
    pub reason: Option<String>,
    /// The file line the id is written on.
    pub line: usize,
}

/// A veto of an assessment file: `id: 一名支委受警告处分`.
#[derive(Debug, Clone, PartialEq)]
pub struct Veto {
    pub id: String,
    pub reason: String,
    pub line: usize,
}

/// An accepted review record, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub note: crate::ids::NoteId,
    pub year: i32,
    pub branch: BranchId,
    pub member: MemberId,
    pub date: NaiveDate,
    pub groups: Vec<Ballots>,
    /// The 党委's grade, if it gives one, with its line.
    pub result: Option<(String, usize)>,
    pub result_reason: Option<String>,
}

/// One group's ballots: counts only, never who voted how.
#[derive(Debug, Clone, PartialEq)]
pub struct Ballots {
    pub group: String,
    pub expected: u64,
    pub issued: u64,
    pub returned: u64,
    /// 好, 较好, 一般, 差, in that order.
    pub votes: [u64; 4],
    pub abstained: u64,
    pub line: usize,
}

/// The most ballots one group can count: more is a slip of the keyboard.
pub const MAX_BALLOTS: u64 = 1_000_000;

pub use crate::config::BALLOT_GRADES;

/// An assessment file or a review record, accepted by the check.
#[derive(Debug, Clone, PartialEq)]
pub enum Judgement {
    Assessment(Assessment),
    Review(Review),
}

pub(super) fn check_document(
    index: usize,
    ctx: &Ctx<'_>,
    document: &Document,
    loaded: &Loaded,
    mut out: Vec<Diagnostic>,
) -> Judged {
    let file = File {
        ctx,
        document,
        loaded,
    };
    let note = crate::ids::NoteId(index);
    let judgement = match document.kind {
        DocumentKind::Assessment => file.assessment(note, &mut out).map(Judgement::Assessment),
        DocumentKind::Review => file.review(note, &mut out).map(Judgement::Review),
    };
    let accepted = !out.iter().any(Diagnostic::is_error);
    Judged {
        diagnostics: out,
        verdict: judgement
            .filter(|_| accepted)
            .map_or(super::Verdict::Refused, super::Verdict::Document),
        ..Judged::default()
    }
}

struct File<'a> {
    ctx: &'a Ctx<'a>,
    document: &'a Document,
    loaded: &'a Loaded,
}

impl<'a> File<'a> {
    fn rule(&self) -> Rule {
        match self.document.kind {
            DocumentKind::Assessment => Rule::ScoreField,
            DocumentKind::Review => Rule::ReviewField,
        }
    }

    fn missing(&self, key: &'static str, out: &mut Vec<Diagnostic>) {
        out.push(self.ctx.error(
            self.rule(),
            Msg::MissingField(key),
            self.ctx.front.first_line,
            Msg::DocumentFieldHelp,
        ));
    }

    /// A text field that must be there.
    fn text(&self, key: &'static str, out: &mut Vec<Diagnostic>) -> Option<(String, usize)> {
        match self.document.get(key).map(|(v, line)| (text_of(v), line)) {
            Some((Some(text), line)) => Some((text, line)),
            _ => {
                self.missing(key, out);
                None
            }
        }
    }

    /// The year in `key`: a four-digit year.
    fn year(&self, key: &'static str, out: &mut Vec<Diagnostic>) -> Option<i32> {
        let (value, line) = match self.document.get(key) {
            Some(found) => found,
            None => {
                self.missing(key, out);
                return None;
            }
        };
        let year = text_of(value).and_then(|t| t.trim().trim_end_matches('年').parse().ok());
        match year {
            Some(year) if (crate::date::FIRST_YEAR..=2100).contains(&year) => Some(year),
            _ => {
                let shown = text_of(value).unwrap_or_default();
                out.push(self.ctx.error(
                    self.rule(),
                    Msg::DocumentYear(&shown),
                    line,
                    Msg::DocumentYearHelp,
                ));
                None
            }
        }
    }

    fn branch(&self, out: &mut Vec<Diagnostic>) -> Option<BranchId> {
        let (named, line) = self.text("branch", out)?;
        let roster = &self.loaded.roster;
        let found = roster.branch(&named);
        if found.is_none() {
            let mut diag = self.ctx.error(
                self.rule(),
                Msg::RecordBranch(&named),
                line,
                Msg::RecordBranchHelp,
            );
            diag = diag.or_closest(
                &named,
                roster.branches.iter().map(String::as_str),
                self.ctx.rules.lang,
            );
            out.push(diag);
        }
        found
    }

    fn date(&self, out: &mut Vec<Diagnostic>) -> Option<NaiveDate> {
        let (text, _) = self.text("date", out)?;
        self.ctx.date(&text, out)
    }

    fn assessment(
        &self,
        note: crate::ids::NoteId,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Assessment> {
        let year = self.year("assessment", out);
        let branch = self.branch(out);
        let date = self.date(out);
        let scores = self.scores("scores", false, out);
        let bonus = self.scores("bonus", true, out);
        let deductions = self.scores("deductions", true, out);
        let veto = self.veto(out);
        self.opinion(out);
        Some(Assessment {
            note,
            year: year?,
            branch: branch?,
            date,
            scores,
            bonus,
            deductions,
            veto,
        })
    }

    /// The scores under `key`, each `id: {self, committee, reason}` (or a bare number,
    /// the committee's). `score-field` for what is no score, `score-reason` for a bonus
    /// or deduction given without a reason when `reasoned`.
    fn scores(&self, key: &'static str, reasoned: bool, out: &mut Vec<Diagnostic>) -> Vec<Score> {
        let Some((entries, line)) = self.mapping(key, out) else {
            return Vec::new();
        };
        let mut scores = Vec::new();
        for (id, written) in entries {
            let id = text_of(id).unwrap_or_default();
            let at = self.nested_line(line, &id);
            let score = self.score(id, at, written, out);
            self.score_bounds(&score, reasoned, out);
            scores.push(score);
        }
        scores
    }

    /// The score `id` as written on line `at`: its fields, a bare number (the
    /// committee's), or nothing yet; `score-field` for what is no score.
    fn score(&self, id: String, at: usize, written: &Value, out: &mut Vec<Diagnostic>) -> Score {
        let mut score = Score {
            id,
            self_score: None,
            committee: None,
            reason: None,
            line: at,
        };
        match written {
            Value::Mapping(fields) => self.score_fields(&mut score, fields, out),
            Value::Null => {}
            bare => match number(bare) {
                Some(n) => score.committee = Some(n),
                None => out.push(self.not_a_number(&score, "committee")),
            },
        }
        score
    }

    /// Reads `self`, `committee` and `reason` into `score`; `score-field` for a number
    /// that is none and for any other key.
    fn score_fields(
        &self,
        score: &mut Score,
        fields: &yaml_serde::Mapping,
        out: &mut Vec<Diagnostic>,
    ) {
        for (field, v) in fields {
            let field = text_of(field).unwrap_or_default();
            // Left empty (as `new --assessment` writes it): not scored yet.
            let given = |score: &Score, out: &mut Vec<Diagnostic>, what| match v {
                Value::Null => None,
                _ => number(v).or_else(|| {
                    out.push(self.not_a_number(score, what));
                    None
                }),
            };
            match field.as_str() {
                "self" => score.self_score = given(score, out, "self"),
                "committee" => score.committee = given(score, out, "committee"),
                "reason" => score.reason = text_of(v),
                other => out.push(self.ctx.error(
                    Rule::ScoreField,
                    Msg::ScoreUnknownKey {
                        id: &score.id,
                        key: other,
                    },
                    score.line,
                    Msg::ScoresHelp,
                )),
            }
        }
    }

    /// `score-field` for `what` (`self`, `committee`) of `score`, written as no number.
    fn not_a_number(&self, score: &Score, what: &str) -> Diagnostic {
        self.ctx.error(
            Rule::ScoreField,
            Msg::ScoreNotNumber {
                id: &score.id,
                what,
            },
            score.line,
            Msg::ScoresHelp,
        )
    }

    /// `score-field` for a score below 0; `score-reason` for points given without a
    /// reason when `reasoned`.
    fn score_bounds(&self, score: &Score, reasoned: bool, out: &mut Vec<Diagnostic>) {
        let negative = [score.self_score, score.committee]
            .into_iter()
            .flatten()
            .any(|n| n < 0.0);
        if negative {
            out.push(self.ctx.error(
                Rule::ScoreField,
                Msg::ScoreNegative(&score.id),
                score.line,
                Msg::ScoresHelp,
            ));
        }
        let given = score.committee.is_some_and(|n| n > 0.0);
        if reasoned && given && score.reason.is_none() {
            out.push(self.ctx.error(
                Rule::ScoreReason,
                Msg::ScoreWithoutReason(&score.id),
                score.line,
                Msg::ScoreReasonHelp,
            ));
        }
    }

    /// The mapping under `key` and its line; None when there is none (or it is empty),
    /// with `score-field` when it is something else.
    fn mapping(
        &self,
        key: &'static str,
        out: &mut Vec<Diagnostic>,
    ) -> Option<(&'a yaml_serde::Mapping, usize)> {
        let (value, line) = self.document.get(key)?;
        match value {
            Value::Mapping(map) => Some((map, line)),
            Value::Null => None,
            _ => {
                out.push(self.ctx.error(
                    Rule::ScoreField,
                    Msg::ScoresNotMapping(key),
                    line,
                    Msg::ScoresHelp,
                ));
                None
            }
        }
    }

    /// `veto: {id: 理由}`: each veto with the reason it is there.
    fn veto(&self, out: &mut Vec<Diagnostic>) -> Vec<Veto> {
        let Some((entries, line)) = self.mapping("veto", out) else {
            return Vec::new();
        };
        let mut vetoes = Vec::new();
        for (id, written) in entries {
            let id = text_of(id).unwrap_or_default();
            let at = self.nested_line(line, &id);
            let reason = match written {
                Value::Mapping(fields) => fields
                    .iter()
                    .find(|(k, _)| text_of(k).as_deref() == Some("reason"))
                    .and_then(|(_, v)| text_of(v)),
                other => text_of(other),
            };
            match reason {
                Some(reason) => vetoes.push(Veto {
                    id,
                    reason,
                    line: at,
                }),
                None => out.push(self.ctx.error(
                    Rule::ScoreReason,
                    Msg::ScoreWithoutReason(&id),
                    at,
                    Msg::ScoreReasonHelp,
                )),
            }
        }
        vetoes
    }

    /// `opinion`: the 考核意见 is there and says something.
    fn opinion(&self, out: &mut Vec<Diagnostic>) {
        let note = self.ctx.note;
        let substance = &note.body.substance;
        let found = substance
            .sections
            .iter()
            .position(|s| key(&s.title).contains("考核意见"));
        let Some(i) = found else {
            let line = note.first_text_line().unwrap_or(note.body_line);
            out.push(
                self.ctx
                    .error(Rule::Opinion, Msg::OpinionMissing, line, Msg::OpinionHelp),
            );
            return;
        };
        let chars = substance.under(i);
        if chars < OPINION_MIN_CHARS {
            let line = note.body_line + substance.sections[i].line - 1;
            out.push(self.ctx.error(
                Rule::Opinion,
                Msg::OpinionHollow {
                    chars,
                    min: OPINION_MIN_CHARS,
                },
                line,
                Msg::OpinionHelp,
            ));
        }
    }

    fn review(&self, note: crate::ids::NoteId, out: &mut Vec<Diagnostic>) -> Option<Review> {
        let year = self.year("year", out);
        let branch = self.branch(out);
        let member = self.secretary(branch, out);
        let date = self.date(out);
        self.text("host", out);
        let groups = self.ballots(out);
        self.evaluation(out);
        let result = match self.document.get("result") {
            Some((Value::Null, _)) | None => None,
            Some((v, line)) => match text_of(v) {
                Some(text) => Some((text, line)),
                // A list or a mapping is no grade: said, not passed over.
                None => {
                    out.push(self.ctx.error(
                        Rule::Result,
                        Msg::ResultNotText,
                        line,
                        Msg::ResultNotTextHelp,
                    ));
                    None
                }
            },
        };
        let result_reason = self
            .document
            .get("result-reason")
            .and_then(|(v, _)| text_of(v));
        Some(Review {
            note,
            year: year?,
            branch: branch?,
            member: member?,
            date: date?,
            groups,
            result,
            result_reason,
        })
    }

    /// `member`: on the roster, and the branch's 书记 (or its 副书记 where it has none).
    fn secretary(&self, branch: Option<BranchId>, out: &mut Vec<Diagnostic>) -> Option<MemberId> {
        let (named, line) = self.text("member", out)?;
        let roster = &self.loaded.roster;
        let member = self
            .ctx
            .roster_member(&named, "member", line, self.loaded, out)?;
        let branch = branch?;
        let name = roster.branch_name(branch);
        if roster.secretary_of(name) != Some(member) {
            out.push(self.ctx.error(
                Rule::ReviewField,
                Msg::NotTheSecretary {
                    member: &roster.member(member).name,
                    branch: name,
                },
                line,
                Msg::NotTheSecretaryHelp,
            ));
            return None;
        }
        Some(member)
    }

    /// `ballots`: counts by group that add up; `review-quorum`: more than half of each
    /// group returned a ballot.
    fn ballots(&self, out: &mut Vec<Diagnostic>) -> Vec<Ballots> {
        let Some((value, line)) = self.document.get("ballots") else {
            out.push(self.ctx.error(
                Rule::Ballots,
                Msg::BallotsMissing,
                self.ctx.front.first_line,
                Msg::BallotsHelp,
            ));
            return Vec::new();
        };
        let Value::Mapping(groups) = value else {
            out.push(
                self.ctx
                    .error(Rule::Ballots, Msg::BallotsMissing, line, Msg::BallotsHelp),
            );
            return Vec::new();
        };
        let mut found = Vec::new();
        for (group, counts) in groups {
            let group = text_of(group).unwrap_or_default();
            let at = self.nested_line(line, &group);
            if let Some(ballots) = self.group_ballots(&group, at, counts, out) {
                found.push(ballots);
            }
        }
        found
    }

    /// The ballots of `group`, written on line `at`, when they are counts that add up
    /// and reach the quorum; None, with the error, when not.
    fn group_ballots(
        &self,
        group: &str,
        at: usize,
        counts: &Value,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Ballots> {
        // Counts only: a list (of voters, or of votes) says who voted how.
        let Value::Mapping(counts) = counts else {
            let msg = Msg::BallotsNotCounts(group);
            out.push(self.ctx.error(Rule::Ballots, msg, at, Msg::BallotsHelp));
            return None;
        };
        let ballots = self.counts(group, at, counts, out)?;
        match self.tally(&ballots) {
            Some(error) => {
                out.push(error);
                None
            }
            None => Some(ballots),
        }
    }

    /// The counts of `group`: each a count under a key a group has, `expected`,
    /// `issued` and `returned` among them; None, with `ballots` errors, when not.
    fn counts(
        &self,
        group: &str,
        at: usize,
        counts: &yaml_serde::Mapping,
        out: &mut Vec<Diagnostic>,
    ) -> Option<Ballots> {
        let error = |msg: Msg<'_>| self.ctx.error(Rule::Ballots, msg, at, Msg::BallotsHelp);
        let mut ballots = Ballots {
            group: group.to_string(),
            expected: 0,
            issued: 0,
            returned: 0,
            votes: [0; 4],
            abstained: 0,
            line: at,
        };
        let mut ok = true;
        for (name, count) in counts {
            let name = text_of(name).unwrap_or_default();
            // No group of voters is a million people: a count past that is a slip
            // (and no sum of counts can overflow).
            let n = match count {
                Value::Number(n) => n.as_u64().filter(|&n| n <= MAX_BALLOTS),
                _ => None,
            };
            let Some(n) = n else {
                out.push(error(Msg::BallotsNotCount { group, key: &name }));
                ok = false;
                continue;
            };
            if !ballots.set(&name, n) {
                out.push(error(Msg::BallotsUnknownKey { group, key: &name }));
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let missing = missing_counts(counts);
        if !missing.is_empty() {
            let keys = &missing.join("、");
            out.push(error(Msg::BallotsMissingCounts { group, keys }));
            return None;
        }
        Some(ballots)
    }

    /// A `ballots` error for the first way `ballots` do not add up, else
    /// `review-quorum` when no more than half the group returned a ballot; None when
    /// they hold.
    fn tally(&self, ballots: &Ballots) -> Option<Diagnostic> {
        let at = ballots.line;
        if let Some(msg) = miscount(ballots) {
            return Some(self.ctx.error(Rule::Ballots, msg, at, Msg::BallotsHelp));
        }
        (ballots.returned <= ballots.expected / 2).then(|| {
            self.ctx.error(
                Rule::ReviewQuorum,
                Msg::ReviewQuorum {
                    group: &ballots.group,
                    returned: ballots.returned,
                    expected: ballots.expected,
                },
                at,
                Msg::ReviewQuorumHelp,
            )
        })
    }

    /// `evaluation`: the 评价意见, with a 成绩 and a 问题 that each say something.
    fn evaluation(&self, out: &mut Vec<Diagnostic>) {
        let note = self.ctx.note;
        let substance = &note.body.substance;
        let sections = &substance.sections;
        let line_of = |i: usize| note.body_line + sections[i].line - 1;
        let Some(at) = sections
            .iter()
            .position(|s| key(&s.title).contains("评价意见"))
        else {
            let line = note.first_text_line().unwrap_or(note.body_line);
            out.push(self.ctx.error(
                Rule::Evaluation,
                Msg::EvaluationMissing,
                line,
                Msg::EvaluationHelp,
            ));
            return;
        };
        let level = sections[at].level;
        let parts: Vec<usize> = (at + 1..sections.len())
            .take_while(|&i| sections[i].level > level)
            .collect();
        for part in ["成绩", "问题"] {
            let found = parts
                .iter()
                .copied()
                .find(|&i| key(&sections[i].title).contains(part));
            match found {
                None => out.push(self.ctx.error(
                    Rule::Evaluation,
                    Msg::EvaluationPartMissing(part),
                    line_of(at),
                    Msg::EvaluationHelp,
                )),
                Some(i) if substance.under(i) < PART_MIN_CHARS => out.push(self.ctx.error(
                    Rule::Evaluation,
                    Msg::EvaluationPartHollow {
                        part,
                        chars: substance.under(i),
                        min: PART_MIN_CHARS,
                    },
                    line_of(i),
                    Msg::EvaluationHelp,
                )),
                Some(_) => {}
            }
        }
    }

    /// The file line of `id` written under the top-level key on line `from`: the first
    /// line from there that names it as a key, or `from` itself.
    fn nested_line(&self, from: usize, id: &str) -> usize {
        let source = &self.ctx.note.source;
        let lines = source.lines().enumerate().skip(from.saturating_sub(1));
        for (i, line) in lines.take(200) {
            let named = line
                .match_indices(id)
                .any(|(at, _)| line[at + id.len()..].trim_start().starts_with(':'));
            if named {
                return i + 1;
            }
            if i + 1 > from && line.trim() == "---" {
                break;
            }
        }
        from
    }
}

impl Ballots {
    /// Sets the count `key` names (`expected`, `issued`, `returned`, `弃权` or a
    /// grade) to `n`; false for a key that names none.
    fn set(&mut self, key: &str, n: u64) -> bool {
        match key {
            "expected" => self.expected = n,
            "issued" => self.issued = n,
            "returned" => self.returned = n,
            "弃权" => self.abstained = n,
            grade => match BALLOT_GRADES.iter().position(|g| *g == grade) {
                Some(g) => self.votes[g] = n,
                None => return false,
            },
        }
        true
    }
}

/// The first way a group's `ballots` do not add up: more issued than expected, more
/// returned than issued, votes and 弃权 that are not the returned, or all abstaining.
fn miscount(ballots: &Ballots) -> Option<Msg<'_>> {
    let group = ballots.group.as_str();
    let sum = ballots.votes.iter().sum::<u64>() + ballots.abstained;
    if ballots.issued > ballots.expected {
        Some(Msg::BallotsIssued {
            group,
            issued: ballots.issued,
            expected: ballots.expected,
        })
    } else if ballots.returned > ballots.issued {
        Some(Msg::BallotsReturned {
            group,
            returned: ballots.returned,
            issued: ballots.issued,
        })
    } else if sum != ballots.returned {
        Some(Msg::BallotsSum {
            group,
            sum,
            returned: ballots.returned,
        })
    } else if ballots.returned > 0 && ballots.abstained == ballots.returned {
        Some(Msg::BallotsAllAbstained(group))
    } else {
        None
    }
}

/// Which of `expected`, `issued` and `returned` a group's `counts` do not give.
fn missing_counts(counts: &yaml_serde::Mapping) -> Vec<&'static str> {
    ["expected", "issued", "returned"]
        .into_iter()
        .filter(|key| {
            !counts
                .iter()
                .any(|(k, _)| text_of(k).as_deref() == Some(*key))
        })
        .collect()
}

/// A scalar as text, trimmed; None for nothing, an empty text or a list.
fn text_of(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// A number, or a text that is one (`"16"`, `16分`).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('分').trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}
