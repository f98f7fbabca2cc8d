//! The model -> every page of the site, in memory.
//!
//! Each page is named by a [`PageId`] and rendered on its own, in parallel, from the
//! shared [`Model`]: the set of pages a change touches is a list of ids, which is what
//! an incremental rebuild needs. Listing pages are paginated so no page grows with the
//! number of notes.

pub mod links;
mod matrix;
mod pages;
pub mod search;
pub mod theme;

use crate::config::Site;
use crate::diag::Diagnostic;
use crate::model::Model;
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
    Member(usize, usize),
    Branch(usize, usize),
    Plan,
    PlanItem(usize),
    Tags,
    Tag(usize, usize),
    NotFound,
    /// The search results page; the index itself is [`search::index`].
    Search,
    /// The member x plan item matrix, by branch or by coverage.
    Coverage {
        by_rate: bool,
    },
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
    ];
    ids.extend((1..=pages_for(model.order.len())).map(PageId::Notes));
    ids.extend((0..model.order.len()).map(PageId::Note));
    for (m, notes) in model.by_member.iter().enumerate() {
        ids.extend((1..=pages_for(notes.len())).map(|p| PageId::Member(m, p)));
    }
    for (b, notes) in model.by_branch.iter().enumerate() {
        ids.extend((1..=pages_for(notes.len())).map(|p| PageId::Branch(b, p)));
    }
    ids.extend((0..model.loaded.plan.items.len()).map(PageId::PlanItem));
    if model.coverage_published {
        ids.extend([
            PageId::Coverage { by_rate: false },
            PageId::Coverage { by_rate: true },
        ]);
    }
    for (t, tag) in model.tags.iter().enumerate() {
        ids.extend((1..=pages_for(tag.notes.len())).map(|p| PageId::Tag(t, p)));
    }
    ids
}

/// Renders `ids` in parallel, plus the theme's static files when `with_static`.
pub fn render(
    site: &Site,
    theme: &Theme,
    model: &Model<'_>,
    ids: &[PageId],
) -> Result<Vec<Page>, Diagnostic> {
    let env = theme.environment(site)?;
    let renderer = pages::Renderer::new(site, &env, model);
    let mut out: Vec<Page> = ids
        .par_iter()
        .map(|&id| renderer.page(id))
        .collect::<Result<_, _>>()?;
    out.extend(theme.statics.iter().map(|(name, bytes)| Page {
        path: format!("static/{name}"),
        bytes: bytes.clone(),
    }));
    Ok(out)
}
