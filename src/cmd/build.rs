//! `studybook build`: check every note, render the accepted ones, write the site
//! atomically.

use super::{print_diagnostics, say, CONFIG_ERROR, OK, REJECTED};
use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{io_reason, Msg};
use crate::pipeline;
use crate::write::{check_ownership, is_unsafe_build_dir, Staging};
use std::path::PathBuf;
use std::time::Instant;

pub struct BuildArgs {
    /// Overrides `build-dir` of book.toml.
    pub out: Option<PathBuf>,
    /// Exit 1 when a note was rejected.
    pub strict: bool,
}

pub fn execute(site: &Site, args: &BuildArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let lang = site.lang();
    let build_dir = match &args.out {
        Some(out) => std::path::absolute(out)?,
        None => site.build_dir.clone(),
    };
    if is_unsafe_build_dir(&site.root, &site.content_dir, &build_dir) {
        let shown = site.display_path(&build_dir);
        let diag = Diagnostic::error(
            Rule::Config,
            "book.toml",
            Msg::UnsafeBuildDir(&shown).text(lang),
        )
        .with_help(Msg::UnsafeBuildDirHelp.text(lang));
        print_diagnostics([&diag]);
        return Ok(CONFIG_ERROR);
    }
    let shown = site.display_path(&build_dir);
    if let Err(refusal) = check_ownership(&build_dir) {
        print_diagnostics([&super::build_dir_refused(&shown, &refusal, lang)]);
        return Ok(CONFIG_ERROR);
    }
    let mut timings = Timings::new();
    let progress = super::progress::Bar::for_terminal();
    let checkup = match pipeline::checkup(site, pipeline::today(), &progress) {
        Ok(checkup) => checkup,
        Err(problems) => {
            print_diagnostics(&problems);
            say(&Msg::ConfigErrorsStop.text(lang));
            return Ok(CONFIG_ERROR);
        }
    };
    print_diagnostics(&checkup.checked.diagnostics);
    timings.lap("load + check");
    let staging = match Staging::new(&build_dir) {
        Ok(staging) => staging,
        Err(refusal) => {
            print_diagnostics([&super::build_dir_refused(&shown, &refusal, lang)]);
            return Ok(CONFIG_ERROR);
        }
    };
    let pages = match pipeline::build_into(site, &checkup, &staging, &progress) {
        Ok(pages) => pages,
        Err(diag) => {
            print_diagnostics([&diag]);
            say(&Msg::ConfigErrorsStop.text(lang));
            return Ok(CONFIG_ERROR);
        }
    };
    timings.lap("render + write");
    if let Err(err) = staging.commit() {
        let reason = io_reason(&err, lang);
        say(&Msg::CannotPrepare {
            dir: &shown,
            reason: &reason,
        }
        .text(lang));
        return Ok(CONFIG_ERROR);
    }
    timings.lap("swap in");
    timings.report();
    let checked = &checkup.checked;
    let published = checked.published().count();
    let drafts = checked.entries.len() - published;
    let dir = shown;
    say(&Msg::CheckSummary {
        notes: checkup.loaded.notes.len(),
        accepted: checked.entries.len(),
        rejected: checked.rejected.len(),
    }
    .text(lang));
    if drafts > 0 {
        say(&Msg::DraftsSkipped(drafts).text(lang));
    }
    say(&Msg::BuildSummary {
        dir: &dir,
        pages,
        accepted: published,
        rejected: checked.rejected.len(),
        millis: started.elapsed().as_millis(),
    }
    .text(lang));
    Ok(if args.strict && !checked.rejected.is_empty() {
        REJECTED
    } else {
        OK
    })
}

/// Phase times on stderr when STUDYBOOK_TIMINGS is set: for profiling, not for users.
struct Timings {
    on: bool,
    last: Instant,
    laps: Vec<(&'static str, u128)>,
}

impl Timings {
    fn new() -> Timings {
        Timings {
            on: std::env::var_os("STUDYBOOK_TIMINGS").is_some(),
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, (now - self.last).as_millis()));
        self.last = now;
    }

    fn report(&self) {
        if self.on {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(name, ms)| format!("{name} {ms} ms"))
                .collect();
            say(&format!("timings: {}", laps.join(", ")));
        }
    }
}
