//! Which pages a change to some notes touches, from what the last model looked like and
//! what the new one looks like. Kept apart from the session so the rule can be read (and
//! changed) in one place.

use crate::check::Entry;
use crate::ids::{ItemId, MemberId};
use crate::model::Model;
use crate::render::{self, PageId};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// How a published note appears in listings: when this is unchanged, only its own page
/// needs rendering.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub pos: usize,
    title: String,
    date: NaiveDate,
    member: MemberId,
    study: Vec<ItemId>,
    tags: Vec<String>,
    kind: String,
    draft: bool,
}

/// What the last model looked like, to tell what the next one changed.
#[derive(Default)]
pub struct Memory {
    /// Rel paths of published notes in listing order.
    pub order: Vec<String>,
    /// How each of them was listed, aligned with `order`.
    pub listed: Vec<Listed>,
    /// Paths of the pages the model makes (not assets or theme files).
    pub page_paths: HashSet<String>,
}

impl Memory {
    pub fn of(model: &Model<'_>) -> Memory {
        Memory {
            order: order_of(model),
            listed: listed_all(model),
            page_paths: page_paths(model),
        }
    }

    /// How the note at `rel` was listed, if it was published.
    pub fn listed(&self, rel: &str) -> Option<Listed> {
        let pos = self.order.iter().position(|r| r == rel)?;
        self.listed.get(pos).cloned()
    }
}

/// How every published note is listed, in listing order.
pub fn listed_all(model: &Model<'_>) -> Vec<Listed> {
    (0..model.order.len())
        .map(|pos| listed(model, pos))
        .collect()
}

pub fn order_of(model: &Model<'_>) -> Vec<String> {
    model
        .order
        .iter()
        .map(|e| model.loaded.note(e.note).rel.clone())
        .collect()
}

pub fn page_paths(model: &Model<'_>) -> HashSet<String> {
    render::all_pages(model)
        .into_iter()
        .map(|id| id.path(model))
        .collect()
}

/// The pages that can change when notes change but no note moves: each changed note's
/// page, and when how it is listed changed, the pages that list it (then and now), and
/// the pages that count it when what is counted changed.
pub fn affected(
    model: &Model<'_>,
    before: &[(String, Option<Listed>)],
    after: &[Option<Listed>],
) -> Vec<PageId> {
    let mut ids: Vec<PageId> = Vec::new();
    for ((_, was), now) in before.iter().zip(after) {
        let Some(now) = now else { continue };
        ids.push(PageId::Note(now.pos));
        // The member's 学习笔记本 holds the note in full.
        ids.push(PageId::MemberLedger(now.member));
        if was.as_ref() == Some(now) {
            continue;
        }
        ids.extend(render::pages_listing(model, now.pos));
        if let Some(was) = was {
            ids.extend(
                was.tags
                    .iter()
                    .filter_map(|t| model.tag(t))
                    .map(|t| PageId::Tag(t, 1)),
            );
            ids.extend(was.study.iter().map(|&p| PageId::PlanItem(p)));
            ids.push(PageId::MemberLedger(was.member));
            if was.tags != now.tags {
                ids.push(PageId::Tags);
            }
            if (was.member, &was.study, was.date) != (now.member, &now.study, now.date) {
                ids.extend([PageId::Home, PageId::Members, PageId::Plan]);
                // A branch's first page charts its notes by month.
                let roster = &model.loaded.roster;
                ids.extend(
                    [was.member, now.member]
                        .iter()
                        .filter_map(|&m| roster.branch(&roster.member(m).branch))
                        .map(|b| PageId::Branch(b, 1)),
                );
                if model.coverage_published {
                    ids.extend([
                        PageId::Coverage { by_rate: false },
                        PageId::Coverage { by_rate: true },
                    ]);
                }
            }
        }
    }
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

/// When notes moved (added, removed, redated, accepted or rejected): every listing and
/// count, the changed notes' pages and their neighbours' (whose previous/next links
/// changed), but not the thousands of other note pages.
pub fn everything_but_notes(
    model: &Model<'_>,
    old: &[String],
    new: &[String],
    before: &[(String, Option<Listed>)],
) -> Vec<PageId> {
    let changed: Vec<String> = before.iter().map(|(rel, _)| rel.clone()).collect();
    let mut ids: Vec<PageId> = render::all_pages(model)
        .into_iter()
        .filter(|id| !matches!(id, PageId::Note(_)))
        .collect();
    ids.extend(
        neighbours_of_changes(old, new, &changed)
            .into_iter()
            .map(PageId::Note),
    );
    ids.extend(
        changed
            .iter()
            .filter_map(|rel| new.iter().position(|r| r == rel))
            .map(PageId::Note),
    );
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

pub fn listed(model: &Model<'_>, pos: usize) -> Listed {
    Listed::of(model.order[pos], pos)
}

impl Listed {
    pub fn of(e: &Entry, pos: usize) -> Listed {
        Listed {
            pos,
            title: e.title.clone(),
            date: e.date,
            member: e.member,
            study: e.study.clone(),
            tags: e.tags.clone(),
            kind: e.kind.clone(),
            draft: e.draft,
        }
    }
}

/// Positions (in the new order) of the notes next to each changed note, before and after.
fn neighbours_of_changes(old: &[String], new: &[String], changed: &[String]) -> Vec<usize> {
    let new_pos: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for rel in changed {
        for order in [old, new] {
            if let Some(at) = order.iter().position(|r| r == rel) {
                for neighbour in [at.checked_sub(1), Some(at + 1)].into_iter().flatten() {
                    if let Some(&pos) = order.get(neighbour).and_then(|r| new_pos.get(r.as_str())) {
                        out.push(pos);
                    }
                }
            }
        }
    }
    out
}
