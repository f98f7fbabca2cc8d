//! The model -> every page of the site, in memory.
//!
//! Each page is named by a [`PageId`] and rendered on its own, in parallel, from the
//! shared [`Model`]: the set of pages a change touches is a list of ids, which is what
//! an incremental rebuild needs. Listing pages are paginated so no page grows with the
//! number of notes.

mod assessment;
mod charts;
pub mod labels;
mod ledgers;
pub mod links;
mod matrix;
mod meetings;
mod pages;
pub mod recipe;
pub mod search;
pub mod theme;

pub use pages::Renderer;

use crate::config::Site;
use crate::diag::Diagnostic;
use crate::ids::{BranchId, ItemId, MemberId};
use crate::model::Model;
use minijinja::Environment;
use rayon::prelude::*;
use theme::Theme;

/// How many notes a listing page shows.
pub const PAGE_SIZE: usize = 50;
/// How many recent notes the home page shows.
pub const RECENT: usize = 20;

/// A file of the built site: its path relative to the site root (raw, `/`-separated) and
/// its bytes.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageId {
    Home,
    /// The archive of every note, by page (1-based).
    Notes(usize),
    /// A note, by position in the model's order.
    Note(usize),
    Members,
    Member(MemberId, usize),
    Branch(BranchId, usize),
    Plan,
    PlanItem(ItemId),
    Tags,
    Tag(usize, usize),
    NotFound,
    /// The search results page; the index itself is [`search::index`].
    Search,
    /// The member x plan item matrix, by branch or by coverage.
    Coverage {
        by_rate: bool,
    },
    /// Every branch's meetings and every published record.
    Meetings,
    /// A meeting record, by position in the model's `meetings`.
    Meeting(usize),
    /// The branch assessment's table, where the book publishes it.
    Assessment,
    /// A branch's 评分表, by position in the assessment's table.
    AssessmentBranch(usize),
    /// A member's 学习笔记本: every published note in full, oldest first, to print.
    MemberLedger(MemberId),
    /// A branch's 三会一课记录本: every published record in full, by kind and date.
    BranchLedger(BranchId),
}

impl PageId {
    /// Where the page goes, relative to the site root (raw, not percent-encoded).
    pub fn path(self, model: &Model<'_>) -> String {
        let loaded = model.loaded;
        match self {
            PageId::Home => "index.html".into(),
            PageId::Notes(page) => links::listing("", "notes", page),
            PageId::Note(pos) => links::note_page(&loaded.note(model.order[pos].note).rel),
            PageId::Members => "members.html".into(),
            PageId::Member(m, page) => links::member_page(&loaded.roster.member(m).id, page),
            PageId::Branch(b, page) => links::branch_page(loaded.roster.branch_name(b), page),
            PageId::Plan => "plan.html".into(),
            PageId::PlanItem(p) => links::plan_page(&loaded.plan.item(p).id),
            PageId::Tags => "tags.html".into(),
            PageId::Tag(t, page) => links::tag_page(&model.tags[t].name, page),
            PageId::NotFound => "404.html".into(),
            PageId::Search => "search.html".into(),
            PageId::Coverage { by_rate } => matrix::page_path(by_rate).into(),
            PageId::Meetings => "meetings.html".into(),
            PageId::Meeting(pos) => links::note_page(&loaded.note(model.meetings[pos].note).rel),
            PageId::Assessment => "assessment.html".into(),
            PageId::AssessmentBranch(pos) => {
                let branch = model
                    .assessment
                    .as_ref()
                    .map_or(BranchId(0), |a| a.scores[pos].branch);
                assessment::branch_page(loaded.roster.branch_name(branch))
            }
            PageId::MemberLedger(m) => links::member_ledger(&loaded.roster.member(m).id),
            PageId::BranchLedger(b) => links::branch_ledger(loaded.roster.branch_name(b)),
        }
    }

    /// The theme template that renders the page.
    pub fn template(self) -> &'static str {
        match self {
            PageId::Home => "index.html",
            PageId::Notes(_) => "notes.html",
            PageId::Note(_) => "note.html",
            PageId::Members => "members.html",
            PageId::Member(..) => "member.html",
            PageId::Branch(..) => "branch.html",
            PageId::Plan => "plan.html",
            PageId::PlanItem(_) => "plan_item.html",
            PageId::Tags => "tags.html",
            PageId::Tag(..) => "tag.html",
            PageId::NotFound => "404.html",
            PageId::Search => "search.html",
            PageId::Coverage { .. } => "coverage.html",
            PageId::Meetings => "meetings.html",
            PageId::Meeting(_) => "meeting.html",
            PageId::Assessment => "assessment.html",
            PageId::AssessmentBranch(_) => "assessment_branch.html",
            PageId::MemberLedger(_) => "ledger_member.html",
            PageId::BranchLedger(_) => "ledger_branch.html",
        }
    }
}

fn pages_for(count: usize) -> usize {
    count.div_ceil(PAGE_SIZE).max(1)
}

/// Every page the model makes.
pub fn all_pages(model: &Model<'_>) -> Vec<PageId> {
    let mut ids = vec![
        PageId::Home,
        PageId::Members,
        PageId::Plan,
        PageId::Tags,
        PageId::NotFound,
        PageId::Search,
        PageId::Meetings,
    ];
    ids.extend((0..model.meetings.len()).map(PageId::Meeting));
    ids.extend((1..=pages_for(model.order.len())).map(PageId::Notes));
    ids.extend((0..model.order.len()).map(PageId::Note));
    for (m, notes) in model.by_member.iter().enumerate() {
        ids.extend((1..=pages_for(notes.len())).map(|p| PageId::Member(MemberId(m), p)));
        ids.push(PageId::MemberLedger(MemberId(m)));
    }
    for (b, notes) in model.by_branch.iter().enumerate() {
        ids.extend((1..=pages_for(notes.len())).map(|p| PageId::Branch(BranchId(b), p)));
        if model.meetings_used {
            ids.push(PageId::BranchLedger(BranchId(b)));
        }
    }
    ids.extend((0..model.loaded.plan.items.len()).map(|p| PageId::PlanItem(ItemId(p))));
    if model.coverage_published {
        ids.extend([
            PageId::Coverage { by_rate: false },
            PageId::Coverage { by_rate: true },
        ]);
    }
    for (t, tag) in model.tags.iter().enumerate() {
        ids.extend((1..=pages_for(tag.notes.len())).map(|p| PageId::Tag(t, p)));
    }
    // Results stay internal until 公示: pages only where the book says so.
    if model.assessment_published {
        ids.push(PageId::Assessment);
        let branches = model.assessment.as_ref().map_or(0, |a| a.scores.len());
        ids.extend((0..branches).map(PageId::AssessmentBranch));
    }
    ids
}

/// Renders `ids` in parallel, plus the theme's static files.
pub fn render(
    site: &Site,
    theme: &Theme,
    model: &Model<'_>,
    ids: &[PageId],
) -> Result<Vec<Page>, Diagnostic> {
    let env = theme.environment(site)?;
    let mut out = render_with(site, &env, model, ids)?;
    out.extend(theme.static_pages());
    Ok(out)
}

/// Renders `ids` in parallel with templates already compiled.
pub fn render_with(
    site: &Site,
    env: &Environment<'static>,
    model: &Model<'_>,
    ids: &[PageId],
) -> Result<Vec<Page>, Diagnostic> {
    let renderer = pages::Renderer::new(site, env, model);
    ids.par_iter().map(|&id| renderer.page(id)).collect()
}

/// The pages that list the published note at `pos`, and its neighbours (whose
/// previous/next links name it). Pages that only count it are the caller's to add.
pub fn pages_listing(model: &Model<'_>, pos: usize) -> Vec<PageId> {
    let entry = model.order[pos];
    let page_of = |list: &[usize]| {
        list.iter()
            .position(|&p| p == pos)
            .map_or(1, |i| i / PAGE_SIZE + 1)
    };
    let mut ids = vec![PageId::Notes(pos / PAGE_SIZE + 1)];
    if pos < RECENT {
        ids.push(PageId::Home);
    }
    ids.extend(
        [pos.checked_sub(1), Some(pos + 1)]
            .into_iter()
            .flatten()
            .filter(|&p| p < model.order.len())
            .map(PageId::Note),
    );
    ids.push(PageId::Member(
        entry.member,
        page_of(&model.by_member[entry.member.index()]),
    ));
    let branch = &model.loaded.roster.member(entry.member).branch;
    if let Some(b) = model.loaded.roster.branch(branch) {
        ids.push(PageId::Branch(b, page_of(&model.by_branch[b.index()])));
    }
    ids.extend(entry.study.iter().map(|&p| PageId::PlanItem(p)));
    ids.extend(
        entry
            .tags
            .iter()
            .filter_map(|t| model.tag(t))
            .map(|t| PageId::Tag(t, page_of(&model.tags[t].notes))),
    );
    ids
}

/// The page serve shows in place of a rejected note: its diagnostics, styled like the
/// site. Never written to disk.
pub fn error_page(
    env: &Environment<'static>,
    path: &str,
    title: &str,
    diagnostics: &[String],
) -> Result<String, minijinja::Error> {
    let root = links::root_of(path);
    env.get_template("error.html")?.render(minijinja::context! {
        root => minijinja::Value::from_safe_string(root),
        title,
        diagnostics,
    })
}
