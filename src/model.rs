//! Checked notes -> the [`Model`] the site is rendered from: published notes in reading
//! order, the indexes that list them (by member, branch, plan item, tag), coverage and
//! the figures on the home page. Everything here is computed once per build.

use crate::check::{Checked, Entry};
use crate::coverage::{self, Coverage, Period};
use crate::ids::{BranchId, MeetingId};
use crate::load::Loaded;
use crate::meeting::count::{self as meeting_count, Counts, Range};
use crate::meeting::Meeting;
use crate::names::page_key;
use std::collections::HashMap;

#[derive(Debug)]
pub struct Tag {
    pub name: String,
    /// Positions in [`Model::order`].
    pub notes: Vec<usize>,
}

/// The numbers an admin reports: notes written, accepted, rejected; who studied.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Figures {
    pub notes: usize,
    pub published: usize,
    pub rejected: usize,
    pub drafts: usize,
    pub members: usize,
    pub members_with_notes: usize,
    pub branches: usize,
    pub plan_items: usize,
}

pub struct Model<'a> {
    pub loaded: &'a Loaded,
    pub checked: &'a Checked,
    pub coverage: Coverage,
    /// Whether coverage is shown on the site (`[coverage] publish`).
    pub coverage_published: bool,
    /// Published notes, newest first (then by path): the order of every listing.
    pub order: Vec<&'a Entry>,
    /// Positions in `order`, per roster member, per roster branch, per plan item.
    pub by_member: Vec<Vec<usize>>,
    pub by_branch: Vec<Vec<usize>>,
    pub by_plan: Vec<Vec<usize>>,
    /// Tags by name, compared as their pages are named (without case, characters a file
    /// name cannot hold folded), so two spellings never fight over one page; each shown
    /// as first written.
    pub tags: Vec<Tag>,
    /// [`crate::names::page_key`] of a tag -> index in `tags`.
    tag_index: HashMap<String, usize>,
    pub figures: Figures,
    /// Published meeting records, newest first (then by path).
    pub meetings: Vec<&'a Meeting>,
    /// Positions in [`Model::meetings`], per roster branch.
    pub meetings_by_branch: Vec<Vec<usize>>,
    /// The meeting counts the site shows: the years that hold records, up to today.
    pub meeting_counts: Counts,
    /// Whether the site has meeting records at all: pages show meetings only then.
    pub meetings_used: bool,
    /// The branch assessment, where `[assessment] publish = true` and the scheme reads.
    pub assessment: Option<crate::assess::Assessed<'a>>,
    /// Whether the book publishes the assessment (its pages say so when there is none).
    pub assessment_published: bool,
}

impl<'a> Model<'a> {
    /// The index in `tags` of a tag, compared as its page is named.
    pub fn tag(&self, name: &str) -> Option<usize> {
        self.tag_index.get(&page_key(name)).copied()
    }

    /// The model of a checked site: its notes and meetings in reading order, the indexes
    /// that list them, coverage and the home page's figures.
    pub fn new(loaded: &'a Loaded, checked: &'a Checked, coverage_published: bool) -> Model<'a> {
        let order = reading_order(loaded, checked);
        let (by_member, by_branch, by_plan) = positions(loaded, &order);
        let (tags, tag_index) = tags(&order);
        let figures = figures(loaded, checked, &order, &by_member);
        let published = published_meetings(loaded, checked);
        let meetings_by_branch = meetings_by_branch(loaded, checked, &published);
        let range = counted_range(loaded, checked);
        Model {
            meetings: published.iter().map(|&i| checked.meeting(i)).collect(),
            meetings_by_branch,
            meetings_used: loaded.notes.iter().any(|n| n.is_meeting()),
            meeting_counts: meeting_count::compute(loaded, checked, range),
            loaded,
            checked,
            coverage: coverage::compute(loaded, checked, Period::default()),
            coverage_published,
            order,
            by_member,
            by_branch,
            by_plan,
            tags,
            tag_index,
            figures,
            assessment: None,
            assessment_published: false,
        }
    }

    /// The model with the branch assessment, where the book publishes it.
    pub fn with_assessment(mut self, site: &crate::config::Site) -> Model<'a> {
        if site.config.assessment.publish {
            self.assessment_published = true;
            self.assessment = crate::assess::assessed(site, self.loaded, self.checked);
        }
        self
    }
}

/// The published notes, newest first (then by path).
fn reading_order<'a>(loaded: &Loaded, checked: &'a Checked) -> Vec<&'a Entry> {
    let mut order: Vec<&Entry> = checked.published().collect();
    order.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| loaded.note(a.note).rel.cmp(&loaded.note(b.note).rel))
    });
    order
}

/// Positions in a listing, one list per roster member, roster branch or plan item.
type Positions = Vec<Vec<usize>>;

/// Positions in `order`, per roster member, per roster branch and per plan item.
fn positions(loaded: &Loaded, order: &[&Entry]) -> (Positions, Positions, Positions) {
    let roster = &loaded.roster;
    let branch_of: HashMap<&str, BranchId> =
        roster.branch_ids().map(|(id, name)| (name, id)).collect();
    let mut by_member = vec![Vec::new(); roster.members.len()];
    let mut by_branch = vec![Vec::new(); roster.branches.len()];
    let mut by_plan = vec![Vec::new(); loaded.plan.items.len()];
    for (pos, entry) in order.iter().enumerate() {
        by_member[entry.member.index()].push(pos);
        if let Some(&b) = branch_of.get(roster.member(entry.member).branch.as_str()) {
            by_branch[b.index()].push(pos);
        }
        for &item in &entry.study {
            by_plan[item.index()].push(pos);
        }
    }
    (by_member, by_branch, by_plan)
}

/// The tags of the notes in `order`, most used first (then by name), and where each is
/// found by [`page_key`].
fn tags(order: &[&Entry]) -> (Vec<Tag>, HashMap<String, usize>) {
    let mut tag_index: HashMap<String, usize> = HashMap::new();
    let mut tags: Vec<Tag> = Vec::new();
    for (pos, entry) in order.iter().enumerate() {
        for tag in &entry.tags {
            let key = page_key(tag);
            let i = *tag_index.entry(key).or_insert_with(|| {
                tags.push(Tag {
                    name: tag.clone(),
                    notes: Vec::new(),
                });
                tags.len() - 1
            });
            if tags[i].notes.last() != Some(&pos) {
                tags[i].notes.push(pos);
            }
        }
    }
    tags.sort_by(|a, b| {
        b.notes
            .len()
            .cmp(&a.notes.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    let tag_index = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (page_key(&t.name), i))
        .collect();
    (tags, tag_index)
}

/// The home page's figures, of the published notes in `order`.
fn figures(
    loaded: &Loaded,
    checked: &Checked,
    order: &[&Entry],
    by_member: &[Vec<usize>],
) -> Figures {
    let roster = &loaded.roster;
    let (notes, _) = checked.tally(loaded, |_| true);
    Figures {
        notes: notes.total,
        published: order.len(),
        rejected: notes.rejected,
        drafts: checked.entries.len() - order.len(),
        members: roster.members.len(),
        members_with_notes: by_member.iter().filter(|n| !n.is_empty()).count(),
        branches: roster.branches.len(),
        plan_items: loaded.plan.items.len(),
    }
}

/// The published meeting records, newest first (then by path).
fn published_meetings(loaded: &Loaded, checked: &Checked) -> Vec<MeetingId> {
    let mut published: Vec<MeetingId> = checked
        .meeting_ids()
        .filter(|(_, m)| !m.draft)
        .map(|(id, _)| id)
        .collect();
    published.sort_by(|&a, &b| {
        let (a, b) = (checked.meeting(a), checked.meeting(b));
        b.date
            .cmp(&a.date)
            .then_with(|| loaded.note(a.note).rel.cmp(&loaded.note(b.note).rel))
    });
    published
}

/// Positions in `published`, per roster branch.
fn meetings_by_branch(
    loaded: &Loaded,
    checked: &Checked,
    published: &[MeetingId],
) -> Vec<Vec<usize>> {
    let mut by_branch = vec![Vec::new(); loaded.roster.branches.len()];
    for (pos, &i) in published.iter().enumerate() {
        by_branch[checked.meeting(i).branch.index()].push(pos);
    }
    by_branch
}

/// The days the site's meeting counts cover: the years that hold records, up to today
/// (today alone where there is no such range).
fn counted_range(loaded: &Loaded, checked: &Checked) -> Range {
    let today = checked.today;
    Range::resolve(loaded, checked, None, None).unwrap_or(Range {
        since: today,
        until: today,
    })
}
