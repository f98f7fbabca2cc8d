//! `studybook build`: check every note, render the accepted ones, write the site
//! atomically.

use super::{print_diagnostics, say, Error, Result, OK, REJECTED};
use crate::config::Site;
use crate::i18n::Msg;
use crate::pipeline;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct BuildArgs {
    /// 输出目录（默认为 book.toml 中的 build-dir）；必须不存在、为空，或是 studybook 生成的站点
    #[arg(long, value_name = "目录", allow_hyphen_values = true)]
    pub out: Option<PathBuf>,
    /// 有笔记被拒绝时以退出码 1 结束
    #[arg(long)]
    pub strict: bool,
}

pub fn execute(site: &Site, args: &BuildArgs) -> Result {
    let started = Instant::now();
    let lang = site.lang();
    let build_dir = build_dir(site, args.out.as_deref())?;
    let (staging, shown) = super::stage(site, &build_dir, "build")?;
    let stopped = |problems: Vec<_>| Error::stop(problems, Msg::ConfigErrorsStop.text(lang));
    let mut timings = Timings::new();
    let progress = super::progress::Bar::for_terminal();
    let mut checkup = pipeline::checkup(site, pipeline::today(), &progress).map_err(stopped)?;
    print_diagnostics(&checkup.checked.diagnostics);
    print_scheme_said(site, &checkup);
    checkup.loaded.forget_check_texts();
    timings.lap("load + check");
    let pages = pipeline::build_into(site, &checkup, &staging, &progress)
        .map_err(|diag| build_stopped(diag, lang))?;
    timings.lap("render + write");
    let committed = staging
        .commit()
        .map_err(|err| Error::Said(super::cannot_write_site(&shown, &err, lang)))?;
    super::say_committed(&committed, site);
    say_gone(site, &committed.counts);
    timings.lap("swap in");
    timings.files(&committed.counts);
    timings.report();
    say_built(site, &checkup, &shown, pages, started);
    let code = if args.strict && !checkup.checked.rejected.is_empty() {
        REJECTED
    } else {
        OK
    };
    checkup.leave_to_exit();
    Ok(code)
}

/// Warns of the files that went away from the content folder while the build ran: left
/// out of the site, where a page may link to them.
fn say_gone(site: &Site, counts: &crate::write::Counts) {
    let lang = site.lang();
    let Ok(gone) = counts.gone.lock() else {
        return;
    };
    let said: Vec<_> = gone
        .iter()
        .map(|path| {
            let shown = site.display_path(path);
            crate::diag::Diagnostic::warning(
                crate::diag::Rule::Unreadable,
                &shown,
                Msg::AssetGoneDuringBuild.text(lang),
            )
            .with_help(Msg::AssetGoneDuringBuildHelp.text(lang))
        })
        .collect();
    print_diagnostics(&crate::diag::capped(said, lang));
}

/// The folder to build into: `--out`, else book.toml's build-dir.
fn build_dir(site: &Site, out: Option<&Path>) -> Result<PathBuf> {
    Ok(match out {
        // `site/notes/..` names a folder by where `..` leads on disk.
        Some(out) if out.file_name().is_none() => {
            out.canonicalize().or_else(|_| std::path::absolute(out))?
        }
        // `sl/` is `sl` itself, not where a link `sl` leads (a trailing slash would
        // follow it): the link is refused as a link.
        Some(out) => std::path::absolute(out.components().collect::<PathBuf>())?,
        None => site.build_dir.clone(),
    })
}

/// Prints what is wrong with the scheme when assessment pages are published: they come
/// from it, and it is said here, as `assess` says it, not only on the page.
fn print_scheme_said(site: &Site, checkup: &pipeline::Checkup) {
    if site.config.assessment.publish {
        match crate::assess::load(site, &checkup.loaded.kinds) {
            Ok(read) => print_diagnostics(&read.diagnostics),
            Err(diag) => print_diagnostics(std::slice::from_ref(&diag)),
        }
    }
}

/// What stops a build that could not render or write the site. A broken theme is
/// configuration; a disk that fails is not.
fn build_stopped(diag: crate::diag::Diagnostic, lang: crate::i18n::Lang) -> Error {
    let then = if diag.rule == crate::diag::Rule::Config {
        Msg::ConfigErrorsStop
    } else {
        Msg::BuildStopped
    };
    Error::stop(vec![diag], then.text(lang))
}

/// The summary of a build into the folder shown as `dir`: the files checked, the drafts
/// left out, and the pages written.
fn say_built(site: &Site, checkup: &pipeline::Checkup, dir: &str, pages: usize, started: Instant) {
    let lang = site.lang();
    let checked = &checkup.checked;
    let published = checked.published().count();
    let drafts = checked.entries.len() - published;
    let (notes, meetings) = checked.tally(&checkup.loaded, |_| true);
    let documents = checked.tally_documents(&checkup.loaded, |_| true);
    super::say_checked(&notes, &meetings, &documents, lang);
    if drafts > 0 {
        say(&Msg::DraftsSkipped(drafts).text(lang));
    }
    say(&Msg::BuildSummary {
        dir,
        pages,
        accepted: published,
        rejected: notes.rejected,
        millis: started.elapsed().as_millis(),
    }
    .text(lang));
}

/// Phase times on stderr when STUDYBOOK_TIMINGS is set: for profiling, not for users.
struct Timings {
    on: bool,
    last: Instant,
    laps: Vec<(&'static str, u128)>,
    files: String,
}

impl Timings {
    fn new() -> Timings {
        Timings {
            on: std::env::var_os("STUDYBOOK_TIMINGS").is_some(),
            last: Instant::now(),
            laps: Vec::new(),
            files: String::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, (now - self.last).as_millis()));
        self.last = now;
    }

    fn files(&mut self, counts: &crate::write::Counts) {
        use std::sync::atomic::Ordering;
        self.files = format!(
            "; files written {}, linked {}, reused {}",
            counts.written.load(Ordering::Relaxed),
            counts.linked.load(Ordering::Relaxed),
            counts.reused.load(Ordering::Relaxed)
        );
    }

    fn report(&self) {
        if self.on {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(name, ms)| format!("{name} {ms} ms"))
                .collect();
            say(&format!("timings: {}{}", laps.join(", "), self.files));
        }
    }
}
