//! One function per kind of page: what each template is given.
//!
//! Every URL handed to a template is relative to the site root and already
//! percent-encoded; templates prefix it with `root`, the way back from the page's folder.

use super::links::{self, encode};
use super::recipe::{self, Recipe};
use super::{pages_for, Page, PageId, PAGE_SIZE, RECENT};
use crate::check::Entry;
use crate::config::Site;
use crate::diag::Diagnostic;
use crate::ids::{BranchId, MemberId};
use crate::model::Model;
use minijinja::{context, Environment, Value};
use serde::Serialize;
use std::hash::Hash;
use std::sync::OnceLock;

#[derive(Serialize, Hash)]
struct Link {
    name: String,
    url: String,
}

/// A note as listings show it.
#[derive(Serialize, Hash)]
struct Card {
    title: String,
    url: String,
    author: String,
    author_url: String,
    branch: String,
    branch_url: String,
    date: String,
    kind: String,
    study: Vec<Link>,
    tags: Vec<Link>,
}

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct CoverageRow {
    name: String,
    url: String,
    detail: String,
    covered: usize,
    applicable: usize,
    percent: String,
    status: &'static str,
}

/// A page ready to render: everything its bytes depend on besides the theme.
pub struct Prepared {
    pub path: String,
    template: &'static str,
    /// What the template is given, but `root`, which follows from the path.
    ctx: Value,
}

impl Prepared {
    /// What the page is made from, on top of `base` (the program and the theme).
    pub fn recipe(&self, base: Recipe) -> Recipe {
        base.then(|mix| {
            self.path.hash(mix);
            self.template.hash(mix);
            recipe::mix_value(&self.ctx, mix);
        })
    }
}

pub struct Renderer<'a> {
    pub(super) site: &'a Site,
    env: &'a Environment<'static>,
    pub(super) model: &'a Model<'a>,
    /// Each published note's card, made the first time a page lists it.
    cards: Vec<OnceLock<Value>>,
    card_links: CardLinks,
}

/// The links a card shows besides its note's own, each made once: a member's, a
/// branch's, a plan item's or a tag's page is linked from many cards.
struct CardLinks {
    /// By roster index.
    members: Vec<String>,
    branches: std::collections::HashMap<String, String>,
    /// By plan index.
    plan: Vec<String>,
    /// By the model's tag index.
    tags: Vec<String>,
}

impl CardLinks {
    fn new(model: &Model<'_>) -> CardLinks {
        let roster = &model.loaded.roster;
        CardLinks {
            members: roster
                .members
                .iter()
                .map(|m| encode(&links::member_page(&m.id, 1)))
                .collect(),
            // Every member's branch is in the roster's list.
            branches: roster
                .branches
                .iter()
                .map(|b| (b.clone(), encode(&links::branch_page(b, 1))))
                .collect(),
            plan: model
                .loaded
                .plan
                .items
                .iter()
                .map(|item| encode(&links::plan_page(&item.id)))
                .collect(),
            tags: model
                .tags
                .iter()
                .map(|tag| encode(&links::tag_page(&tag.name, 1)))
                .collect(),
        }
    }
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, env: &'a Environment<'static>, model: &'a Model<'a>) -> Self {
        let cards = model.order.iter().map(|_| OnceLock::new()).collect();
        Renderer {
            site,
            env,
            model,
            cards,
            card_links: CardLinks::new(model),
        }
    }

    pub fn page(&self, id: PageId) -> Result<Page, Diagnostic> {
        self.render(self.prepare(id))
    }

    /// What page `id` is made from: its path, its template and what the template is
    /// given.
    pub fn prepare(&self, id: PageId) -> Prepared {
        let model = self.model;
        let ctx = match id {
            PageId::Home => self.home(),
            PageId::Notes(page) => {
                let all: Vec<usize> = (0..model.order.len()).collect();
                self.listing(&all, page, |p| links::listing("", "notes", p))
            }
            PageId::Note(pos) => self.note(pos),
            PageId::Members => self.members(),
            PageId::Member(m, page) => self.member(m.index(), page),
            PageId::Branch(b, page) => self.branch(b, page),
            PageId::Plan => self.plan(),
            PageId::PlanItem(p) => self.plan_item(p.index()),
            PageId::Tags => self.tags(),
            PageId::Tag(t, page) => {
                let tag = &model.tags[t];
                let listing = self.listing(&tag.notes, page, |p| links::tag_page(&tag.name, p));
                context! { tag => tag.name, ..listing }
            }
            PageId::NotFound | PageId::Search => Value::UNDEFINED,
            PageId::Coverage { by_rate } => self.coverage(by_rate),
            PageId::Meetings => super::meetings::index(model),
            PageId::Meeting(pos) => super::meetings::record(model, pos),
            PageId::Assessment => super::assessment::index(model),
            PageId::AssessmentBranch(pos) => {
                super::assessment::branch(model, pos, self.site.lang())
            }
            PageId::MemberLedger(m) => self.member_ledger(m),
            PageId::BranchLedger(b) => super::ledgers::branch(model, b),
        };
        Prepared {
            path: id.path(model),
            template: id.template(),
            ctx,
        }
    }

    /// Renders a prepared page.
    pub fn render(&self, prepared: Prepared) -> Result<Page, Diagnostic> {
        let Prepared {
            path,
            template,
            ctx,
        } = prepared;
        let root = links::root_of(&path);
        let ctx = context! { root => Value::from_safe_string(root), ..ctx };
        let template = self
            .env
            .get_template(template)
            .map_err(|err| super::theme::template_error(self.site, template, &err))?;
        let html = template
            .render(ctx)
            .map_err(|err| super::theme::template_error(self.site, template.name(), &err))?;
        Ok(Page {
            path,
            bytes: html.into_bytes(),
        })
    }

    /// The card of the note at `pos`, as a template value: made once, then shared by
    /// every page that lists the note.
    fn card(&self, pos: usize) -> Value {
        self.cards[pos]
            .get_or_init(|| {
                let card = card(self.model, self.model.order[pos], &self.card_links);
                let digest = Recipe(0).then(|mix| card.hash(mix));
                recipe::digested(Value::from_serialize(card), digest)
            })
            .clone()
    }

    fn cards_at(&self, positions: &[usize]) -> Vec<Value> {
        positions.iter().map(|&p| self.card(p)).collect()
    }

    /// Page `page` of a listing of `positions`, with links to its neighbours.
    fn listing(&self, positions: &[usize], page: usize, url: impl Fn(usize) -> String) -> Value {
        let total = pages_for(positions.len());
        let start = (page - 1) * PAGE_SIZE;
        let slice =
            &positions[start.min(positions.len())..(start + PAGE_SIZE).min(positions.len())];
        let pager = Pager {
            current: page,
            total,
            prev_url: (page > 1).then(|| encode(&url(page - 1))),
            next_url: (page < total).then(|| encode(&url(page + 1))),
        };
        context! { notes => self.cards_at(slice), pager, count => positions.len() }
    }

    fn home(&self) -> Value {
        let model = self.model;
        let recent: Vec<usize> = (0..model.order.len().min(RECENT)).collect();
        let branches: Vec<CoverageRow> = (0..model.coverage.branches.len())
            .map(|b| self.branch_row(b, model.by_branch[b].len().to_string()))
            .collect();
        context! {
            figures => model.figures,
            meetings_used => model.meetings_used,
            meeting_totals => super::meetings::totals(model),
            report => model.coverage.figures,
            recent => self.cards_at(&recent),
            chart => super::charts::monthly(model, &(0..model.order.len()).collect::<Vec<_>>(), &(0..model.meetings.len()).collect::<Vec<_>>()),
            branches,
            plan => self.plan_rows(),
        }
    }

    fn note(&self, pos: usize) -> Value {
        let model = self.model;
        let entry = model.order[pos];
        let note = &model.loaded.note(entry.note);
        let neighbour =
            |p: Option<usize>| p.filter(|&p| p < model.order.len()).map(|p| self.card(p));
        context! {
            note => self.card(pos),
            body => Value::from_safe_string(note.body.html.clone()),
            older => neighbour(pos.checked_add(1)),
            newer => neighbour(pos.checked_sub(1)),
        }
    }

    fn members(&self) -> Value {
        let model = self.model;
        let branches: Vec<Value> = model
            .loaded
            .roster
            .branches
            .iter()
            .map(|branch| {
                let members: Vec<CoverageRow> = model
                    .coverage
                    .members
                    .iter()
                    .filter(|m| model.loaded.roster.member(m.member).branch == *branch)
                    .map(|m| self.member_row(m.member.index()))
                    .collect();
                context! { name => branch, url => encode(&links::branch_page(branch, 1)), members }
            })
            .collect();
        context! { branches }
    }

    /// Branch `b`'s coverage, with `detail` in the second column.
    pub(super) fn branch_row(&self, b: usize, detail: String) -> CoverageRow {
        let branch = &self.model.coverage.branches[b];
        CoverageRow {
            name: branch.name.clone(),
            url: encode(&links::branch_page(&branch.name, 1)),
            detail,
            covered: branch.covered,
            applicable: branch.applicable,
            percent: crate::coverage::percent_or_dash(branch.ratio(), 0),
            status: if self.model.by_branch[b].is_empty() {
                "none"
            } else {
                ""
            },
        }
    }

    /// Member `m`'s 学习笔记本: each published note in full, oldest first, its links read
    /// from the ledger's place in the site.
    fn member_ledger(&self, m: MemberId) -> Value {
        let model = self.model;
        let member = model.loaded.roster.member(m);
        let root = links::root_of(&links::member_ledger(&member.id));
        let notes: Vec<Value> = model.by_member[m.index()]
            .iter()
            .rev()
            .map(|&pos| {
                let note = model.loaded.note(model.order[pos].note);
                let scope = format!("n{pos}-");
                let body = super::ledgers::rebased(&note.body.html, &root, &note.rel, &scope);
                context! { note => self.card(pos), body => Value::from_safe_string(body) }
            })
            .collect();
        context! {
            member => context! { name => member.name, id => member.id, branch => member.branch },
            notes,
        }
    }

    pub(super) fn member_row(&self, m: usize) -> CoverageRow {
        let model = self.model;
        let member = &model.loaded.roster.members[m];
        let coverage = &model.coverage.members[m];
        CoverageRow {
            name: member.name.clone(),
            url: encode(&links::member_page(&member.id, 1)),
            detail: model.by_member[m].len().to_string(),
            covered: coverage.covered.len(),
            applicable: coverage.applicable.len(),
            percent: crate::coverage::percent_or_dash(coverage.ratio(), 0),
            status: if model.by_member[m].is_empty() {
                "none"
            } else if coverage.missing.is_empty() {
                "full"
            } else {
                "partial"
            },
        }
    }

    fn member(&self, m: usize, page: usize) -> Value {
        let model = self.model;
        let member = &model.loaded.roster.members[m];
        let listing = self.listing(&model.by_member[m], page, |p| {
            links::member_page(&member.id, p)
        });
        let coverage = &model.coverage.members[m];
        let items: Vec<CoverageRow> = coverage
            .applicable
            .iter()
            .map(|&item| {
                let plan = &model.loaded.plan.items[item];
                CoverageRow {
                    name: plan.title.clone(),
                    url: encode(&links::plan_page(&plan.id)),
                    detail: plan.due.format("%Y-%m-%d").to_string(),
                    covered: 0,
                    applicable: 0,
                    percent: String::new(),
                    status: coverage.cell(item).state(),
                }
            })
            .collect();
        context! {
            member => context! { name => member.name, id => member.id, branch => member.branch, branch_url => encode(&links::branch_page(&member.branch, 1)) },
            summary => self.member_row(m),
            meetings_used => model.meetings_used,
            attendance => super::meetings::attendance(model, m),
            ledger_url => encode(&links::member_ledger(&member.id)),
            items,
            ..listing
        }
    }

    fn branch(&self, b: BranchId, page: usize) -> Value {
        let model = self.model;
        let name = model.loaded.roster.branch_name(b);
        let listing = self.listing(&model.by_branch[b.index()], page, |p| {
            links::branch_page(name, p)
        });
        let members: Vec<CoverageRow> = model
            .loaded
            .roster
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.branch == *name)
            .map(|(i, _)| self.member_row(i))
            .collect();
        let totals = &model.coverage.branches[b.index()];
        // The calendar and the records are on the first page of a branch only.
        let first = page == 1;
        let records: Vec<Value> = model.meetings_by_branch[b.index()]
            .iter()
            .filter(|_| first)
            .map(|&pos| Value::from_serialize(super::meetings::card(model, model.meetings[pos])))
            .collect();
        context! {
            branch => name,
            meetings_used => model.meetings_used && first,
            calendar => if first { super::meetings::calendar(model, b) } else { Vec::new() },
            chart => first.then(|| super::charts::monthly(model, &model.by_branch[b.index()], &model.meetings_by_branch[b.index()])).flatten(),
            ledger_url => encode(&links::branch_ledger(name)),
            records,
            members,
            coverage => context! { covered => totals.covered, applicable => totals.applicable, percent => crate::coverage::percent_or_dash(totals.ratio(), 0) },
            ..listing
        }
    }

    fn plan_rows(&self) -> Vec<CoverageRow> {
        let model = self.model;
        model
            .loaded
            .plan
            .items
            .iter()
            .enumerate()
            .map(|(p, item)| {
                let (covered, n) = model.coverage.item_counts(p);
                CoverageRow {
                    name: item.title.clone(),
                    url: encode(&links::plan_page(&item.id)),
                    detail: item.kind.clone(),
                    covered,
                    applicable: n,
                    percent: crate::coverage::percent_or_dash(
                        crate::coverage::ratio(covered, n),
                        0,
                    ),
                    status: "",
                }
            })
            .collect()
    }

    fn plan(&self) -> Value {
        let model = self.model;
        let rows: Vec<Value> = self
            .plan_rows()
            .into_iter()
            .zip(&model.loaded.plan.items)
            .map(|(row, item)| {
                context! {
                    due => item.due.format("%Y-%m-%d").to_string(),
                    start => item.start.map(|d| d.format("%Y-%m-%d").to_string()),
                    branches => item.branches.join("、"),
                    ..Value::from_serialize(&row)
                }
            })
            .collect();
        context! { items => rows }
    }

    fn plan_item(&self, p: usize) -> Value {
        let model = self.model;
        let item = &model.loaded.plan.items[p];
        let mut covered = Vec::new();
        let mut missing = Vec::new();
        for coverage in model
            .coverage
            .members
            .iter()
            .filter(|m| m.applicable.contains(&p))
        {
            let mut row = self.member_row(coverage.member.index());
            row.detail = model.loaded.roster.member(coverage.member).branch.clone();
            row.status = coverage.cell(p).state();
            if coverage.covered.contains(&p) {
                covered.push(row);
            } else {
                missing.push(row);
            }
        }
        context! {
            item => context! {
                title => item.title, id => item.id, kind => item.kind,
                start => item.start.map(|d| d.format("%Y-%m-%d").to_string()),
                due => item.due.format("%Y-%m-%d").to_string(),
                branches => item.branches.join("、"),
            },
            covered,
            missing,
            notes => self.cards_at(&model.by_plan[p]),
        }
    }

    fn tags(&self) -> Value {
        let tags: Vec<Link> = self
            .model
            .tags
            .iter()
            .map(|tag| Link {
                name: format!("{} ({})", tag.name, tag.notes.len()),
                url: encode(&links::tag_page(&tag.name, 1)),
            })
            .collect();
        context! { tags }
    }
}

fn card(model: &Model<'_>, entry: &Entry, shared: &CardLinks) -> Card {
    let member = &model.loaded.roster.member(entry.member);
    let plan = &model.loaded.plan.items;
    Card {
        title: entry.title.clone(),
        url: encode(&links::note_page(&model.loaded.note(entry.note).rel)),
        author: member.name.clone(),
        author_url: shared.members[entry.member.index()].clone(),
        branch: member.branch.clone(),
        branch_url: shared.branches[&member.branch].clone(),
        date: entry.date.format("%Y-%m-%d").to_string(),
        kind: entry.kind.clone(),
        study: entry
            .study
            .iter()
            .map(|&i| Link {
                name: plan[i.index()].title.clone(),
                url: shared.plan[i.index()].clone(),
            })
            .collect(),
        tags: entry
            .tags
            .iter()
            .map(|t| Link {
                name: t.clone(),
                url: model.tag(t).map_or_else(
                    || encode(&links::tag_page(&tag_name(model, t), 1)),
                    |i| shared.tags[i].clone(),
                ),
            })
            .collect(),
    }
}

/// The name a tag's page is filed under: the first spelling seen, as tags are grouped
/// without case.
fn tag_name(model: &Model<'_>, tag: &str) -> String {
    model
        .tag(tag)
        .map_or_else(|| tag.to_string(), |t| model.tags[t].name.clone())
}
