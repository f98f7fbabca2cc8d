//! Files -> a loaded site: the roster, the plan, every note (decoded, front matter parsed,
//! body rendered once) and the static files beside them.
//!
//! Loading never fails because of one note: a note that cannot be read becomes a note
//! with diagnostics, and the check decides what that means. Only the roster and the plan,
//! which every note is judged against, stop a command when they are broken.
//!
//! The walk of the content folder is in `walk`, the reading of one note in `note`, the
//! screening of the files beside the notes in `screen` (with `by_name`, `head` and `svg`
//! for what a file's name, first bytes and drawing say), the folders kept internal in
//! `private`, and the pages files land on in `pages`.

mod by_name;
pub mod classify;
pub mod data_list;
pub mod decode;
pub mod front_matter;
mod head;
mod note;
mod pages;
mod plain_yaml;
pub mod plan;
mod private;
pub mod roster;
mod screen;
mod secret_text;
pub mod source;
mod svg;
mod walk;

pub use by_name::is_html_name;
pub use note::{load_note, note_from_bytes, ImageRoots, Note, Reading, MAX_NOTE_BYTES};
pub use private::{
    beside_document, document_folders, drafts_only, hold_beside_documents, in_member_folder,
    is_renamed_document, renamed_documents, Private,
};
pub use screen::{
    asset_withheld, screen_asset, screen_published, screen_theme_static, HardLinks, Withheld,
};
pub use walk::{decoded_relative, relative, skipped};

use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::Msg;
pub use pages::meets_pages;
use pages::{note_page_stems, warn_case_twins};
use plan::Plan;
use rayon::prelude::*;
use roster::Roster;
use std::path::PathBuf;
use walk::walk;

impl Loaded {
    pub fn note(&self, id: crate::ids::NoteId) -> &Note {
        &self.notes[id.0]
    }

    pub fn kind(&self, id: crate::ids::KindId) -> &crate::kinds::MeetingKind {
        &self.kinds[id.0]
    }

    /// Every kind of meeting with its id, in `[meetings.kinds]` order.
    pub fn kind_ids(
        &self,
    ) -> impl Iterator<Item = (crate::ids::KindId, &crate::kinds::MeetingKind)> {
        self.kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| (crate::ids::KindId(i), kind))
    }

    /// Drops what only the check reads, each note's source and the text compared for
    /// duplicates (about 6 KB a note), once the check is done: a build renders from the
    /// rest.
    pub fn forget_check_texts(&mut self) {
        for note in &mut self.notes {
            note.source = String::new();
            note.body.substance.text = String::new();
        }
    }
}

/// A file under the content folder that is not a note (an image, a PDF): copied as is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub path: PathBuf,
    /// Relative to the content folder, with `/`.
    pub rel: String,
}

#[derive(Debug)]
pub struct Loaded {
    pub roster: Roster,
    pub plan: Plan,
    /// The kinds of meeting records (`[meetings.kinds]`), which records are judged by.
    pub kinds: Vec<crate::kinds::MeetingKind>,
    pub notes: Vec<Note>,
    pub assets: Vec<Asset>,
    /// The files below the content folder (relative, with `/`) that are not published:
    /// a note linking to one gets a warning.
    pub withheld: std::collections::BTreeSet<String>,
    /// Markdown files passed over unread (relative, with `/`): what they are cannot be
    /// told, so the files beside them are not published (see [`Private`]).
    pub skipped: std::collections::BTreeSet<String>,
    /// Assessment files and reviews saved under another name (`考核.txt`): withheld,
    /// and their folders private as beside the real ones (relative, with `/`).
    pub renamed_documents: std::collections::BTreeSet<String>,
    /// The files only notes held back link to, withheld with them: what a save in serve
    /// compares against to know whether they change.
    pub drafts_only: private::DraftsOnly,
    /// Problems with folders and files that are not notes (an unreadable folder).
    pub problems: Vec<Diagnostic>,
    /// Whether the bodies were rendered to HTML: only then can the site be built.
    pub html: bool,
}

/// Loads everything, bodies rendered to HTML if `html`, drafts judged on `today`.
/// `Err` holds configuration
/// errors (roster, plan, content folder).
pub fn load(
    site: &Site,
    progress: &dyn crate::progress::Progress,
    html: bool,
    today: chrono::NaiveDate,
) -> Result<Loaded, Vec<Diagnostic>> {
    let lang = site.lang();
    let (roster, plan) = roster_and_plan(site)?;
    content_dir_found(site)?;
    let found = walk(site);
    let reading = Reading::of(site, html, today);
    let mut notes = read_notes(site, &found.notes, reading, progress);
    if plan.missing {
        plan_named_by_none(site, &notes)?;
    }
    warn_case_twins(&mut notes, lang);
    // The folders kept internal, found once: the notes in them are held as drafts, the
    // files beside them withheld below.
    let skipped: std::collections::BTreeSet<String> = found.skipped.into_iter().collect();
    let mut renamed = renamed_documents(&found.assets);
    renamed.extend(renamed_documents(&found.other_data));
    let mut private = Private::of(&notes, &skipped, &renamed, &roster);
    if !private.documents.is_empty() {
        for note in notes.iter_mut() {
            hold_beside_documents(note, &private.documents, lang);
        }
    }
    // The notes are held as they will be now (beside assessment files too): the files
    // only they link to are withheld with them.
    private.drafts_only = drafts_only(&notes);
    let mut problems = found.problems;
    let mut withheld = std::collections::BTreeSet::new();
    // Each asset by its own rules first; a hard link then counts only the names that
    // passed (one name a withheld score sheet or key publishes neither).
    let screened = screen_each(site, found.assets, &notes, &private);
    let passed = pass_hard_links(site, screened, &mut problems, &mut withheld);
    let assets = one_per_file(site, passed, &mut problems);
    Ok(Loaded {
        roster,
        plan,
        kinds: site.config.meetings.kinds.clone(),
        notes,
        assets,
        withheld,
        skipped,
        renamed_documents: renamed,
        drafts_only: private.drafts_only,
        problems,
        html,
    })
}

/// `Err` with a configuration error when the plan file is missing yet notes name plan
/// items: every one of them would be rejected, the plan never named.
fn plan_named_by_none(site: &Site, notes: &[Note]) -> Result<(), Vec<Diagnostic>> {
    let naming = notes
        .iter()
        .filter(|note| note.front.as_ref().is_some_and(|f| !f.study.is_empty()))
        .count();
    if naming == 0 {
        return Ok(());
    }
    let lang = site.lang();
    let shown = site.display_path(&site.root.join(&site.config.coverage.plan));
    let message = Msg::MissingPlan {
        path: &shown,
        notes: naming,
    };
    Err(vec![Diagnostic::error(
        Rule::Config,
        &shown,
        message.text(lang),
    )
    .with_help(Msg::MissingPlanHelp.text(lang))])
}

/// `Err` with the book.toml error when the content folder is missing, is no folder, or
/// cannot be looked at.
fn content_dir_found(site: &Site) -> Result<(), Vec<Diagnostic>> {
    if site.content_dir.is_dir() {
        return Ok(());
    }
    let lang = site.lang();
    let shown = site.display_path(&site.content_dir);
    let message = match site.content_dir.symlink_metadata() {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Msg::ContentDirMissing(&shown),
        Ok(_) => Msg::ContentDirNotFolder(&shown),
        Err(_) => Msg::Unreadable(&shown),
    };
    Err(vec![Diagnostic::error(
        Rule::Config,
        crate::config::BOOK_TOML,
        message.text(lang),
    )
    .with_help(Msg::ContentDirHelp.text(lang))])
}

/// Every note the walk found (its path and its name below the content folder), read in
/// parallel, in the walk's order, with `progress` told of each.
fn read_notes(
    site: &Site,
    found: &[(PathBuf, String)],
    reading: Reading<'_>,
    progress: &dyn crate::progress::Progress,
) -> Vec<Note> {
    progress.begin(&Msg::Loading.text(site.lang()), found.len());
    let notes = found
        .par_iter()
        .map(|(path, rel)| {
            let note = load_note(path, site.display_path(path), rel.clone(), reading);
            progress.tick();
            note
        })
        .collect();
    progress.end();
    notes
}

/// Each asset with what its own rules, its name's and its folder's, say of it beside
/// `notes`: published, or why not.
fn screen_each(
    site: &Site,
    assets: Vec<Asset>,
    notes: &[Note],
    private: &Private,
) -> Vec<(Asset, Result<(), Withheld>)> {
    // The notes' page names are needed only where an HTML file, or a folder named as
    // one, sits among the assets.
    let html_assets = assets.iter().any(|a| meets_pages(&a.rel));
    let pages = if html_assets {
        note_page_stems(notes)
    } else {
        Default::default()
    };
    let allow_html = site.config.build.allow_html;
    assets
        .into_iter()
        .map(|asset| {
            let screened = screen_published(
                &asset.path,
                &asset.rel,
                &site.content_dir,
                allow_html,
                &pages,
                private,
            );
            (asset, screened)
        })
        .collect()
}

/// The screened assets that passed, and then pass as hard links among those that
/// passed; each one withheld is warned about in `problems` and named in `withheld`.
fn pass_hard_links(
    site: &Site,
    screened: Vec<(Asset, Result<(), Withheld>)>,
    problems: &mut Vec<Diagnostic>,
    withheld: &mut std::collections::BTreeSet<String>,
) -> Vec<Asset> {
    let lang = site.lang();
    let names = HardLinks::among(
        screened
            .iter()
            .filter(|(_, screened)| screened.is_ok())
            .map(|(asset, _)| asset.path.as_path()),
    );
    screened
        .into_iter()
        .filter_map(|(asset, screened)| {
            let screened = screened.and_then(|()| names.screen(&asset.path));
            match screened {
                Ok(()) => Some(asset),
                Err(msg) => {
                    let shown = site.display_path(&asset.path);
                    problems.push(asset_withheld(&shown, msg, lang));
                    withheld.insert(asset.rel.clone());
                    None
                }
            }
        })
        .collect()
}

/// `assets` with one asset for each file they are published as: two whose names map to
/// one file (`a?.png` and `a_.png`, `A.png` and `a.png` on a disk that ignores case)
/// would leave one of them, so the first stands, and the second is named in `problems`.
fn one_per_file(site: &Site, assets: Vec<Asset>, problems: &mut Vec<Diagnostic>) -> Vec<Asset> {
    let lang = site.lang();
    let mut files: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    assets
        .into_iter()
        .filter(|asset| {
            let key = crate::names::plain_path(&asset.rel).to_lowercase();
            let shown = site.display_path(&asset.path);
            match files.entry(key) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    problems.push(
                        Diagnostic::warning(
                            Rule::Unreadable,
                            &shown,
                            Msg::SameFileAsset(first.get()).text(lang),
                        )
                        .with_help(Msg::CaseTwinHelp.text(lang)),
                    );
                    false
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(shown);
                    true
                }
            }
        })
        .collect()
}

/// The roster and the plan alone: what every note is judged against.
pub fn roster_and_plan(site: &Site) -> Result<(Roster, Plan), Vec<Diagnostic>> {
    let lang = site.lang();
    let roster_path = roster::locate(&site.root.join(&site.config.coverage.members));
    let roster = roster::load(
        &roster_path,
        &site.root,
        &site.display_path(&roster_path),
        lang,
    )?;
    let plan_path = plan::locate(&site.root.join(&site.config.coverage.plan));
    let plan = plan::load(
        &plan_path,
        &site.root,
        &site.display_path(&plan_path),
        &roster,
        lang,
    )?;
    Ok((roster, plan))
}
