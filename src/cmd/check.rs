//! `studybook check`: run every rule and report, as text for people or JSON for tools.

use super::{print_diagnostics, say, CONFIG_ERROR, OK, REJECTED};
use crate::config::Site;
use crate::diag::{Diagnostic, Severity};
use crate::i18n::Msg;
use crate::pipeline;
use serde::Serialize;
use std::collections::HashSet;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub struct CheckArgs {
    /// Only these notes are reported; the whole site is still loaded.
    pub paths: Vec<PathBuf>,
    pub format: Format,
    pub deny_warnings: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    notes: usize,
    accepted: usize,
    rejected: usize,
    diagnostics: Vec<&'a Diagnostic>,
}

pub fn execute(site: &Site, args: &CheckArgs) -> anyhow::Result<u8> {
    let lang = site.lang();
    let checkup = match pipeline::checkup(
        site,
        pipeline::today(),
        &super::progress::Bar::for_terminal(),
    ) {
        Ok(checkup) => checkup,
        Err(problems) => {
            match args.format {
                Format::Text => print_diagnostics(&problems),
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&Report {
                        notes: 0,
                        accepted: 0,
                        rejected: 0,
                        diagnostics: problems.iter().collect()
                    })?
                ),
            }
            return Ok(CONFIG_ERROR);
        }
    };
    let selected = selection(site, &args.paths);
    let wanted = |shown: &str| {
        selected.as_ref().is_none_or(|s| {
            s.iter()
                .any(|p| shown == p || shown.starts_with(&format!("{p}/")))
        })
    };
    let notes = &checkup.loaded.notes;
    let rejected_set: HashSet<usize> = checkup.checked.rejected.iter().copied().collect();
    let (mut total, mut rejected) = (0, 0);
    for (i, note) in notes.iter().enumerate() {
        if wanted(&note.shown) {
            total += 1;
            rejected += usize::from(rejected_set.contains(&i));
        }
    }
    let diagnostics: Vec<&Diagnostic> = checkup
        .checked
        .diagnostics
        .iter()
        .filter(|d| wanted(&d.path))
        .collect();
    let warned = diagnostics.iter().any(|d| d.severity == Severity::Warning);
    match args.format {
        Format::Text => {
            print_diagnostics(diagnostics.iter().copied());
            say(&Msg::CheckSummary {
                notes: total,
                accepted: total - rejected,
                rejected,
            }
            .text(lang));
        }
        Format::Json => {
            let report = Report {
                notes: total,
                accepted: total - rejected,
                rejected,
                diagnostics,
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    Ok(if rejected > 0 || (args.deny_warnings && warned) {
        REJECTED
    } else {
        OK
    })
}

/// The PATH arguments as root-relative paths with `/`, or None for "everything".
fn selection(site: &Site, paths: &[PathBuf]) -> Option<Vec<String>> {
    if paths.is_empty() {
        return None;
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    Some(
        paths
            .iter()
            .map(|p| {
                let abs = cwd.join(p);
                let abs = abs.canonicalize().unwrap_or(abs);
                let root = site
                    .root
                    .canonicalize()
                    .unwrap_or_else(|_| site.root.clone());
                abs.strip_prefix(&root).map_or_else(
                    |_| p.to_string_lossy().replace('\\', "/"),
                    |r| r.to_string_lossy().replace('\\', "/"),
                )
            })
            .map(|s| s.trim_end_matches('/').to_string())
            .collect(),
    )
}
