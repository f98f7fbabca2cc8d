//! The stages run in order: load -> check -> model -> render. Commands, tests and
//! benchmarks call this instead of chaining the stages themselves.

use crate::check::{self, Checked, Rules};
use crate::config::Site;
use crate::diag::Diagnostic;
use crate::load::{self, Loaded};
use crate::model::Model;
use crate::render::{self, links, theme::Theme, Page};
use crate::write::CopiedFile;
use chrono::NaiveDate;

/// A loaded and checked site: what `check` reports and what `build` renders.
pub struct Checkup {
    pub loaded: Loaded,
    pub checked: Checked,
}

/// Loads and checks the site. `Err` holds configuration errors.
pub fn checkup(site: &Site, today: NaiveDate) -> Result<Checkup, Vec<Diagnostic>> {
    let loaded = load::load(site)?;
    let rules = Rules {
        config: &site.config.check,
        lang: site.lang(),
        today,
    };
    let checked = check::check(&loaded, &rules);
    Ok(Checkup { loaded, checked })
}

/// Everything the site is made of, in memory.
pub struct Rendered {
    pub pages: Vec<Page>,
    pub files: Vec<CopiedFile>,
}

/// Renders every page of a checked site, and lists the content files to copy.
pub fn render_all(site: &Site, checkup: &Checkup) -> Result<Rendered, Diagnostic> {
    let theme = Theme::load(site)?;
    let model = Model::new(
        &checkup.loaded,
        &checkup.checked,
        site.config.coverage.publish,
    );
    let ids = render::all_pages(&model);
    let mut pages = render::render(site, &theme, &model, &ids)?;
    pages.extend(render::search::index(&model));
    let files = checkup
        .loaded
        .assets
        .iter()
        .map(|asset| CopiedFile {
            from: asset.path.clone(),
            to: links::asset_file(&asset.rel),
        })
        .collect();
    Ok(Rendered { pages, files })
}

/// Today in local time: what `future-date` compares against.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
