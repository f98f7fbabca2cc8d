//! What the templates are given about the branch assessment, where the book publishes
//! it (`[assessment] publish = true`): the year's table of branches, and each branch's
//! 评分表 with every point linked to the record that earned or lost it, its assessors'
//! opinion and its secretary's review.

use super::links::{self, encode};
use crate::assess::score::{BranchScore, ItemScore};
use crate::assess::Says;
use crate::i18n::Lang;
use crate::model::Model;
use minijinja::{context, Value};
use std::collections::HashMap;

/// Where a branch's 评分表 goes.
pub fn branch_page(name: &str) -> String {
    links::listing("assessment", name, 1)
}

fn number(x: f64) -> String {
    let s = format!("{:.2}", crate::assess::score::round2(x));
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A branch's line of the table.
fn row(model: &Model<'_>, s: &BranchScore) -> Value {
    let assessed = model.assessment.as_ref();
    let name = model.loaded.roster.branch_name(s.branch);
    let grade = assessed.map_or("", |a| a.scheme.grades[s.grade].name.as_str());
    context! {
        name,
        url => encode(&branch_page(name)),
        work => number(s.work),
        bonus => number(s.bonus),
        deductions => number(s.deductions),
        review => number(s.review),
        final_score => number(s.final_score),
        grade,
        veto => s.veto.join("、"),
    }
}

/// The year's table of branches, and the reviews that hold.
pub(super) fn index(model: &Model<'_>) -> Value {
    let Some(assessed) = &model.assessment else {
        return context! { assessed => false };
    };
    let rows: Vec<Value> = assessed.scores.iter().map(|s| row(model, s)).collect();
    context! {
        assessed => true,
        scheme => assessed.scheme.name,
        year => assessed.scheme.year,
        rows,
        reviews => reviews(model),
    }
}

fn reviews(model: &Model<'_>) -> Vec<Value> {
    let Some(assessed) = &model.assessment else {
        return Vec::new();
    };
    assessed
        .scores
        .iter()
        .filter_map(|s| assessed.files.reviews.get(&s.branch))
        .map(|r| {
            let branch = model.loaded.roster.branch_name(r.branch);
            let groups: Vec<Value> = r
                .groups
                .iter()
                .map(|g| {
                    context! {
                        name => g.name,
                        score => number(g.score),
                        satisfaction => crate::coverage::percent(Some(g.satisfaction), 1),
                    }
                })
                .collect();
            context! {
                branch,
                url => encode(&branch_page(branch)),
                secretary => model.loaded.roster.member(r.member).name,
                score => number(r.score),
                grade => assessed.scheme.grades[r.grade].name,
                groups,
            }
        })
        .collect()
}

/// The 评分表 of the branch at `pos` in the table: every item, its points, its score and
/// why, each record it names linked where the site shows it.
pub(super) fn branch(model: &Model<'_>, pos: usize, lang: Lang) -> Value {
    let Some(assessed) = &model.assessment else {
        return Value::UNDEFINED;
    };
    let s = &assessed.scores[pos];
    let shown = shown_records(model);
    let opinion = assessed
        .files
        .assessments
        .get(&s.branch)
        .map(|a| body(model, a.note));
    let review = assessed
        .files
        .reviews
        .get(&s.branch)
        .map(|r| body(model, r.note));
    context! {
        scheme => assessed.scheme.name,
        year => assessed.scheme.year,
        branch => row(model, s),
        items => item_lines(&s.items, &shown, lang),
        extras => item_lines(&s.extras, &shown, lang),
        opinion,
        review,
        scored_review => scored_review(model, s),
    }
}

/// The records the site shows, by how traces name them, each with its page's address.
fn shown_records<'m>(model: &'m Model<'_>) -> HashMap<&'m str, String> {
    model
        .meetings
        .iter()
        .map(|m| {
            let note = model.loaded.note(m.note);
            (note.shown.as_str(), encode(&links::note_page(&note.rel)))
        })
        .collect()
}

/// The lines of a 评分表 for `items`: each item's points and score, and why, with the
/// records it names linked where `shown`.
fn item_lines(items: &[ItemScore], shown: &HashMap<&str, String>, lang: Lang) -> Vec<Value> {
    items
        .iter()
        .map(|item| {
            let why: Vec<Value> = item
                .trace
                .iter()
                .map(|t| {
                    let url = t.path.as_deref().and_then(|p| shown.get(p)).cloned();
                    context! { text => Says::Trace(t).text(lang), url }
                })
                .collect();
            context! {
                id => item.id,
                name => item.name,
                points => number(item.points),
                score => number(item.score),
                why,
            }
        })
        .collect()
}

/// The body of `note` as the page shows it, already HTML.
fn body(model: &Model<'_>, note: crate::ids::NoteId) -> Value {
    Value::from_safe_string(model.loaded.note(note).body.html.clone())
}

/// The review of the branch scored in `s`, as the year's table lists it, where there is
/// one that holds.
fn scored_review(model: &Model<'_>, s: &BranchScore) -> Option<Value> {
    reviews(model).into_iter().find(|r| {
        r.get_attr("branch")
            .ok()
            .is_some_and(|b| b.as_str() == Some(model.loaded.roster.branch_name(s.branch)))
    })
}
