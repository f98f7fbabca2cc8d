//! `studybook check`: run every rule and report, as text for people or JSON for tools.

use super::{print_diagnostics, Result, CONFIG_ERROR, OK, REJECTED};
use crate::config::Site;
use crate::diag::{Diagnostic, Rule, Severity};
use crate::i18n::Msg;
use crate::pipeline;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// 只报告这些笔记或目录（仍会加载整个站点）
    #[arg(value_name = "路径")]
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Text, value_name = "格式")]
    pub format: Format,
    /// 有警告时也以退出码 1 结束
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    notes: usize,
    accepted: usize,
    rejected: usize,
    /// Meeting records, counted apart from notes.
    meetings: crate::check::Tally,
    /// Assessment files and review records, counted apart from both (none: left out).
    #[serde(skip_serializing_if = "no_documents")]
    documents: crate::check::Tally,
    diagnostics: Vec<&'a Diagnostic>,
}

fn no_documents(tally: &crate::check::Tally) -> bool {
    tally.total == 0
}

pub fn execute(site: &Site, args: &CheckArgs) -> Result {
    let lang = site.lang();
    let checkup = match checkup(site, &args.paths) {
        Ok(checkup) => checkup,
        Err(problems) => return configuration_errors(&problems, args.format),
    };
    let selected = selection(site, &args.paths);
    let wanted = |shown: &str| is_selected(selected.as_deref(), shown);
    let (notes, meetings) = checkup
        .checked
        .tally(&checkup.loaded, |note| wanted(&note.shown));
    let documents = checkup
        .checked
        .tally_documents(&checkup.loaded, |note| wanted(&note.shown));
    // A PATH that held no file to check (a folder that could not be read, say) is no
    // pass: a gate that checked nothing must not say all is well.
    if selected.is_some() && notes.total + meetings.total + documents.total == 0 {
        return nothing_checked(&args.paths, &checkup, &wanted, lang);
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
            if diagnostics.len() >= SUMMARY_FROM {
                say_what_to_fix_first(&checkup, &diagnostics, &wanted, lang);
            }
            super::say_checked(&notes, &meetings, &documents, lang);
        }
        Format::Json => {
            let report = Report {
                notes: notes.total,
                accepted: notes.accepted,
                rejected: notes.rejected,
                meetings,
                documents,
                diagnostics,
            };
            let json = serde_json::to_string_pretty(&report)? + "\n";
            super::to_stdout(json.as_bytes())?;
        }
    }
    checkup.leave_to_exit();
    let rejected = notes.rejected + meetings.rejected + documents.rejected;
    Ok(if rejected > 0 || (args.deny_warnings && warned) {
        REJECTED
    } else {
        OK
    })
}

/// The site checked; or what stops the check before any note is judged: the PATHs that
/// name no note, else what kept the site from loading.
fn checkup(
    site: &Site,
    paths: &[PathBuf],
) -> std::result::Result<pipeline::Checkup, Vec<Diagnostic>> {
    let wrong: Vec<Diagnostic> = paths.iter().filter_map(|p| wrong_path(site, p)).collect();
    if !wrong.is_empty() {
        return Err(wrong);
    }
    pipeline::check_only(
        site,
        pipeline::today(),
        &super::progress::Bar::for_terminal(),
    )
}

/// Whether the file or diagnostic path `shown` is one of the PATHs `selected`, or inside
/// one; with no PATHs, everything is.
fn is_selected(selected: Option<&[String]>, shown: &str) -> bool {
    selected.is_none_or(|s| {
        s.iter()
            .any(|p| shown == p || shown.starts_with(&format!("{p}/")))
    })
}

/// The error for PATHs that held no file to check, after what the check said of them.
fn nothing_checked(
    paths: &[PathBuf],
    checkup: &pipeline::Checkup,
    wanted: &dyn Fn(&str) -> bool,
    lang: crate::i18n::Lang,
) -> Result {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let diag = Diagnostic::error(
        Rule::Usage,
        &shown.join(" "),
        Msg::CheckPathNothing(&shown.join("、")).text(lang),
    )
    .with_help(Msg::CheckPathHelp.text(lang));
    print_diagnostics(
        checkup
            .checked
            .diagnostics
            .iter()
            .filter(|d| wanted(&d.path)),
    );
    Err(diag.into())
}

/// From this many diagnostics on, the text output ends with what to fix first.
const SUMMARY_FROM: usize = 10;

/// The files per rule, most first, and the members with the most rejected notes: what
/// an admin facing hundreds of diagnostics should look at first.
fn say_what_to_fix_first(
    checkup: &pipeline::Checkup,
    diagnostics: &[&Diagnostic],
    wanted: &dyn Fn(&str) -> bool,
    lang: crate::i18n::Lang,
) {
    use std::collections::{BTreeMap, BTreeSet};
    let mut files_per_rule: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for d in diagnostics {
        files_per_rule
            .entry(d.rule.id())
            .or_default()
            .insert(&d.path);
    }
    let mut rules: Vec<(&str, usize)> = files_per_rule
        .iter()
        .map(|(rule, files)| (*rule, files.len()))
        .collect();
    rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let rules: Vec<String> = rules
        .iter()
        .map(|(rule, n)| Msg::RuleCount { rule, files: *n }.text(lang))
        .collect();
    super::say(&Msg::ByRule(&rules.join(lang_list_separator(lang))).text(lang));
    let (loaded, checked) = (&checkup.loaded, &checkup.checked);
    let mut per_member: BTreeMap<usize, usize> = BTreeMap::new();
    for &id in &checked.rejected {
        let note = loaded.note(id);
        if !note.is_note() || !wanted(&note.shown) {
            continue;
        }
        let member = checked.written[id.index()]
            .member
            .or_else(|| loaded.roster.folder_of(&note.rel));
        if let Some(member) = member {
            *per_member.entry(member.index()).or_default() += 1;
        }
    }
    let mut members: Vec<(usize, usize)> = per_member.into_iter().collect();
    members.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if members.len() > 1 || members.first().is_some_and(|m| m.1 > 1) {
        let named: Vec<String> = members
            .iter()
            .take(5)
            .map(|&(m, n)| {
                let name = &loaded.roster.members[m].name;
                Msg::MemberRejected { name, notes: n }.text(lang)
            })
            .collect();
        super::say(&Msg::MostRejected(&named.join(lang_list_separator(lang))).text(lang));
    }
}

fn lang_list_separator(lang: crate::i18n::Lang) -> &'static str {
    match lang {
        crate::i18n::Lang::Zh => "，",
        crate::i18n::Lang::En => ", ",
    }
}

/// Reports problems that stop the check before any note is judged: in text as the
/// usual error, in JSON as the report a tool expects; exit 2 either way.
fn configuration_errors(problems: &[Diagnostic], format: Format) -> Result {
    match format {
        Format::Text => return Err(problems.to_vec().into()),
        Format::Json => {
            let json = serde_json::to_string_pretty(&Report {
                notes: 0,
                accepted: 0,
                rejected: 0,
                meetings: Default::default(),
                documents: Default::default(),
                diagnostics: problems.iter().collect(),
            })? + "\n";
            super::to_stdout(json.as_bytes())?;
        }
    }
    Ok(CONFIG_ERROR)
}

/// Why a PATH argument names no note, if it does not: it does not exist, is outside the
/// content folder, or is a file that is not Markdown. A typo must not look like success.
fn wrong_path(site: &Site, path: &Path) -> Option<Diagnostic> {
    let lang = site.lang();
    let shown = path.display().to_string();
    let error = |msg: Msg| {
        Diagnostic::error(Rule::Usage, &shown, msg.text(lang))
            .with_help(Msg::CheckPathHelp.text(lang))
    };
    let real = match path.canonicalize() {
        Ok(real) => real,
        // There, but not for this user: said so, not "does not exist".
        Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
            return Some(error(Msg::CheckPathNoPermission(&shown)));
        }
        Err(_) => return Some(error(Msg::CheckPathMissing(&shown))),
    };
    let content = site
        .content_dir
        .canonicalize()
        .unwrap_or_else(|_| site.content_dir.clone());
    if !real.starts_with(&content) {
        return Some(error(Msg::CheckPathOutside(&shown)));
    }
    let markdown = crate::names::markdown_stem(&real.to_string_lossy()).is_some();
    if !real.is_file() && !real.is_dir() {
        return Some(error(Msg::CheckPathSpecial(&shown)));
    }
    if real.is_file() && !markdown {
        return Some(error(Msg::CheckPathNotNote(&shown)));
    }
    None
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
                    |_| crate::names::slashed(&p.to_string_lossy()),
                    |r| crate::names::slashed(&r.to_string_lossy()),
                )
            })
            .map(|s| s.trim_end_matches('/').to_string())
            .collect(),
    )
}
