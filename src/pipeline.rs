//! The stages run in order: load -> check -> model -> render. Commands, tests and
//! benchmarks call this instead of chaining the stages themselves.

use crate::check::{self, Checked, Settings};
use crate::config::Site;
use crate::diag::Diagnostic;
use crate::load::{self, Loaded};
use crate::model::Model;
use crate::render::{self, links, theme::Theme, Renderer};
use crate::write::{CopiedFile, Sink};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::Path;

use crate::progress::Progress;

/// A loaded and checked site: what `check` reports and what `build` renders.
pub struct Checkup {
    pub loaded: Loaded,
    pub checked: Checked,
}

impl Checkup {
    /// Lets the checkup go as the process ends: the system takes the loaded site back at
    /// once, where freeing its strings one by one takes a few hundredths of a second.
    pub fn leave_to_exit(self) {
        std::mem::forget(self);
    }
}

/// Loads and checks the site, its bodies rendered for a build. `Err` holds
/// configuration errors.
pub fn checkup(
    site: &Site,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<Checkup, Vec<Diagnostic>> {
    checkup_of(site, today, progress, true)
}

/// Loads and checks the site without rendering its bodies to HTML: for commands that
/// report and build nothing. What it finds is what [`checkup`] finds.
pub fn check_only(
    site: &Site,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<Checkup, Vec<Diagnostic>> {
    checkup_of(site, today, progress, false)
}

fn checkup_of(
    site: &Site,
    today: NaiveDate,
    progress: &dyn Progress,
    html: bool,
) -> Result<Checkup, Vec<Diagnostic>> {
    let loaded = load::load(site, progress, html, today)?;
    let checked = check::check(&loaded, &check_settings(site, today));
    Ok(Checkup { loaded, checked })
}

/// The check's settings for `site`, judging "future" against `today`.
pub fn check_settings(site: &Site, today: NaiveDate) -> Settings<'_> {
    Settings {
        config: &site.config.check,
        lang: site.lang(),
        today,
    }
}

/// Renders every page of a checked site straight into `sink`, page by page, so the
/// site is never held in memory whole. Returns the number of files written.
pub fn build_into(
    site: &Site,
    checkup: &Checkup,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<usize, Diagnostic> {
    let theme = Theme::load(site)?;
    let env = theme.environment(site)?;
    render_into(site, &theme, &env, checkup, sink, progress)
}

/// The render and write stages, with the theme already loaded: what `build` and `serve`
/// both run, into a folder or into memory.
pub fn render_into(
    site: &Site,
    theme: &Theme,
    env: &minijinja::Environment<'static>,
    checkup: &Checkup,
    sink: &dyn Sink,
    progress: &dyn Progress,
) -> Result<usize, Diagnostic> {
    assert!(
        checkup.loaded.html,
        "a site loaded by check_only has no HTML to build from"
    );
    let write = |err: std::io::Error| write_error(site, sink.dir(), &err);
    let model = Model::new(
        &checkup.loaded,
        &checkup.checked,
        site.config.coverage.publish,
    )
    .with_assessment(site);
    let ids = render::all_pages(&model);
    let files: Vec<CopiedFile> = checkup
        .loaded
        .assets
        .iter()
        .map(|asset| CopiedFile {
            from: asset.path.clone(),
            to: links::asset_file(&asset.rel),
        })
        .collect();
    let statics = theme.static_pages();
    let renderer = Renderer::new(site, env, &model);
    // Recipes are worked out only for a sink that keeps them for the next build.
    let base = sink
        .remembers()
        .then(|| render::recipe::base(site, theme))
        .flatten();
    progress.begin(&crate::i18n::Msg::Rendering.text(site.lang()), ids.len());
    ids.par_iter().try_for_each(|&id| {
        let prepared = renderer.prepare(id);
        let recipe = base.map(|base| prepared.recipe(base));
        progress.tick();
        if sink.reuse(recipe).map_err(write)? > 0 {
            return Ok(());
        }
        let page = renderer.render(prepared)?;
        sink.put_made(&page.path, &page.bytes, recipe)
            .map_err(write)
    })?;
    progress.end();
    let search = search_index(&model, base, sink).map_err(write)?;
    for page in &statics {
        sink.put(&page.path, &page.bytes).map_err(write)?;
    }
    files
        .par_iter()
        .try_for_each(|file| sink.copy(file).map_err(write))?;
    Ok(ids.len() + search + statics.len())
}

/// Writes the search index into `sink`, or takes the previous build's when it was made
/// from the same notes. Returns how many files it has.
fn search_index(
    model: &Model<'_>,
    base: Option<render::recipe::Recipe>,
    sink: &dyn Sink,
) -> std::io::Result<usize> {
    let recipe = base.map(|base| render::search::recipe(model, base));
    let reused = sink.reuse(recipe)?;
    if reused > 0 {
        return Ok(reused);
    }
    // Built after the pages are written, so the two never take memory at once.
    let search = render::search::index(model);
    search
        .par_iter()
        .try_for_each(|page| sink.put_made(&page.path, &page.bytes, recipe))?;
    Ok(search.len())
}

fn write_error(site: &Site, dir: Option<&Path>, err: &std::io::Error) -> Diagnostic {
    let shown = site.display_path(dir.unwrap_or(&site.build_dir));
    let lang = site.lang();
    let diag = Diagnostic::error(
        crate::diag::Rule::Write,
        &shown,
        crate::i18n::Msg::CannotWrite(&crate::i18n::io_reason(err, lang)).text(lang),
    );
    match crate::i18n::io_advice(err, lang) {
        Some(advice) => diag.with_help(advice),
        None => diag,
    }
}

/// Today in local time: what `future-date` compares against.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
