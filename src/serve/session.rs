//! A site kept in memory between rebuilds: what `serve` serves and what it updates when
//! files change.
//!
//! A full rebuild is `build`'s own pipeline ([`pipeline::render_into`]) with memory as its
//! sink. An incremental one reloads only the files that changed, re-judges those notes
//! (every note keeps its rendered body and signature), concludes the check over all of
//! them as a build does, and re-renders the pages that show any note whose verdict,
//! listing or diagnostics came out different, not only the notes that were saved: a note
//! copied from one just cut down to its headings is no longer a duplicate. Which pages
//! those are is [`super::affected`]'s rule. The result equals a full build of the same
//! files (tests/it/serve_equals_build.rs checks it on random edits).

use super::affected::{
    affected, everything_but_notes, listed, listed_all, order_of, page_paths, Listed, Memory,
};
use crate::check::{self, Judged, Written};
use crate::config::Site;
use crate::diag::{format_text, Diagnostic};
use crate::i18n::Msg;
use crate::ids::NoteId;
use crate::load;
use crate::model::Model;
use crate::pipeline::{self, Checkup};
use crate::render::{self, links, theme::Theme, Page};
use crate::write::{Copied, Files, InMemory};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What changed on disk, as the watcher reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A note file was written, created or removed (absolute path).
    Note(PathBuf),
    /// Anything else under the content folder (an image): it is copied as is.
    Asset(PathBuf),
    /// A path without an extension that is a folder now, or is gone: a folder created,
    /// moved or removed (everything is rescanned), or a temp file (nothing to do).
    Folder(PathBuf),
    /// book.toml, the roster, the plan or the theme: everything is rebuilt.
    Everything,
}

/// What is served for each path of the site.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// The rendered files, whole.
    pub pages: HashMap<String, Arc<[u8]>>,
    /// Files published as they are (images, videos): sent from where they are, never
    /// held in memory.
    pub copied: HashMap<String, Copied>,
    /// Pages of notes the check rejected, showing why: served where the note's page
    /// would be, never written to disk.
    pub errors: HashMap<String, Arc<[u8]>>,
}

/// What one rebuild gives the disk to do.
#[derive(Debug, Default)]
pub struct ToWrite {
    /// Rendered files whose bytes changed.
    pub pages: Vec<Page>,
    /// Copied files that changed, by their path in the site.
    pub copied: Vec<(String, Copied)>,
    /// Paths that are no longer part of the site.
    pub removed: Vec<String>,
}

impl Snapshot {
    /// Every file of the site with its bytes, the copied ones read now: what a build
    /// writes, to compare with.
    pub fn everything(&self) -> Files {
        let mut files = self.pages.clone();
        for (path, file) in &self.copied {
            if let Ok(bytes) = file.read() {
                files.insert(path.clone(), Arc::from(bytes));
            }
        }
        files
    }

    /// Takes in the pages whose bytes differ from what is served, and returns them: the
    /// files to write.
    fn keep_changed(&mut self, pages: Vec<Page>) -> Vec<Page> {
        let mut changed = Vec::new();
        for page in pages {
            if self.pages.get(&page.path).map(|b| &b[..]) != Some(&page.bytes[..]) {
                self.pages
                    .insert(page.path.clone(), Arc::from(page.bytes.clone()));
                changed.push(page);
            }
        }
        changed
    }
}

/// What a rebuild did, for the log line and the tests.
#[derive(Debug, Default)]
pub struct Rebuilt {
    pub rendered: usize,
    pub written: usize,
    pub removed: usize,
    pub full: bool,
}

pub struct Session {
    pub site: Site,
    env: minijinja::Environment<'static>,
    checkup: Checkup,
    /// Each note's own verdict, aligned with `checkup.loaded.notes`: kept for unchanged
    /// notes.
    judged: Vec<Judged>,
    today: NaiveDate,
    memory: Memory,
    pub snapshot: Snapshot,
}

impl Session {
    /// Loads, checks and renders the whole site, as `build` does, into memory.
    pub fn open(
        site: Site,
        today: NaiveDate,
    ) -> Result<(Session, Vec<Diagnostic>), Vec<Diagnostic>> {
        let theme = Theme::load(&site).map_err(|d| vec![d])?;
        let env = theme.environment(&site).map_err(|d| vec![d])?;
        let loaded = load::load(&site, &(), true, today)?;
        let rules = pipeline::check_settings(&site, today);
        let judged = check::judge_all(&loaded, &rules);
        let checked = check::conclude(&loaded, &judged, &rules);
        let checkup = Checkup { loaded, checked };
        let sink = InMemory::default();
        pipeline::render_into(&site, &theme, &env, &checkup, &sink, &()).map_err(|d| vec![d])?;
        let memory = Memory::of(
            &Model::new(
                &checkup.loaded,
                &checkup.checked,
                site.config.coverage.publish,
            )
            .with_assessment(&site),
        );
        let (pages, copied) = sink.into_parts();
        let mut session = Session {
            site,
            env,
            checkup,
            judged,
            today,
            memory,
            snapshot: Snapshot {
                pages,
                copied,
                errors: HashMap::new(),
            },
        };
        for i in session.checkup.checked.rejected.clone() {
            session.error_page(i);
        }
        let diagnostics = session.checkup.checked.diagnostics.clone();
        Ok((session, diagnostics))
    }

    /// Applies a batch of changes. Returns the files whose bytes changed (to write) and
    /// the paths that no longer exist (to remove).
    pub fn apply(&mut self, changes: &[Change]) -> Result<(Rebuilt, ToWrite), Vec<Diagnostic>> {
        // A new day may publish a note or withdraw one (`publishDate`, `expiryDate`)
        // and moves what is in the future: everything is judged again, as a build would.
        if self.day_turned() || changes.iter().any(|c| self.needs_rescan(c)) {
            // Tried once a day: a configuration broken since keeps the last site, and
            // its next fix rebuilds.
            self.today = pipeline::today();
            return self.reopen();
        }
        let was_rejected = self.rejected_rels();
        let old_written = self.written_of_changed(changes);
        // A meeting record saved (before or after the save): the calendars, counts and
        // attendance it feeds are on listing pages, so they are all rendered again.
        let mut meetings_touched = self.any_meeting(changes);
        // An assessment file or review saved (before or after the save) decides which
        // files beside it are published: everything is read again, as a build would.
        if self.any_document(changes) {
            return self.reopen();
        }
        let old_diagnostics = std::mem::take(&mut self.checkup.checked.diagnostics);
        let (reloaded, files, gone) = self.reload(changes);
        meetings_touched |= self.any_meeting(changes);
        // Which files go out with which notes changed (a draft's scan, a note published
        // with its pictures): what is copied is worked out again, as a build would.
        if self.any_document(changes)
            || load::drafts_only(&self.checkup.loaded.notes) != self.checkup.loaded.drafts_only
        {
            return self.reopen();
        }
        self.judge_again(&reloaded);
        let now_rejected = self.rejected_rels();
        // What is counted (notes handed in, rejected, per member and date) changed: the
        // figures on every listing and count page may too.
        let recounted = meetings_touched
            || was_rejected != now_rejected
            || reloaded
                .iter()
                .zip(&old_written)
                .any(|(rel, was)| self.written(rel) != *was);
        let before = self.listed_before(reloaded, &was_rejected, &now_rejected, &old_diagnostics);
        let (mut rebuilt, pages, mut removed) =
            self.update(&before, recounted).map_err(|d| vec![d])?;
        rebuilt.written += files.len();
        rebuilt.removed += gone.len();
        removed.extend(gone);
        let copied = files;
        Ok((
            rebuilt,
            ToWrite {
                pages,
                copied,
                removed,
            },
        ))
    }

    /// Who wrote each changed note and when, as the check counts it before the change.
    fn written_of_changed(&self, changes: &[Change]) -> Vec<Option<Written>> {
        changes
            .iter()
            .filter_map(|c| match c {
                Change::Note(path) => Some(self.written(&self.rel_of(path))),
                _ => None,
            })
            .collect()
    }

    /// Reads the changed files again: returns the rel paths of the notes reloaded, the
    /// assets whose bytes changed, and the site paths of the assets gone.
    fn reload(&mut self, changes: &[Change]) -> (Vec<String>, Vec<(String, Copied)>, Vec<String>) {
        let (mut reloaded, mut files, mut gone) = (Vec::new(), Vec::new(), Vec::new());
        for change in changes {
            match change {
                Change::Note(path) => reloaded.push(self.reload_note(path)),
                Change::Asset(path) => match self.reload_asset(path) {
                    Ok(changed) => files.extend(changed),
                    Err(removed) => gone.push(removed),
                },
                Change::Everything | Change::Folder(_) => {}
            }
        }
        (reloaded, files, gone)
    }

    /// Judges the `reloaded` notes again and concludes the check over all of them, as a
    /// build does.
    fn judge_again(&mut self, reloaded: &[String]) {
        let rules = pipeline::check_settings(&self.site, self.today);
        let loaded = &self.checkup.loaded;
        for rel in reloaded {
            if let Ok(i) = loaded.notes.binary_search_by(|n| n.rel.as_str().cmp(rel)) {
                self.judged[i] = check::judge(i, &loaded.notes[i], loaded, &rules);
            }
        }
        self.checkup.checked = check::conclude(loaded, &self.judged, &rules);
    }

    /// The notes whose pages may change, each once, with how it was listed before: the
    /// `reloaded` ones, those rejected or accepted anew, and those diagnosed anew.
    fn listed_before(
        &self,
        reloaded: Vec<String>,
        was_rejected: &HashSet<String>,
        now_rejected: &HashSet<String>,
        old_diagnostics: &[Diagnostic],
    ) -> Vec<(String, Option<Listed>)> {
        let mut changed = reloaded;
        changed.extend(was_rejected.symmetric_difference(now_rejected).cloned());
        changed.extend(self.diagnosed_anew(old_diagnostics));
        let mut seen = HashSet::new();
        changed.retain(|rel| seen.insert(rel.clone()));
        changed
            .into_iter()
            .map(|rel| {
                let was = self.memory.listed(&rel);
                (rel, was)
            })
            .collect()
    }

    /// Whether any of the changed notes is an assessment file or a review as loaded now,
    /// or one saved under another name, or a Markdown file that cannot be read (which
    /// keeps the files beside it private).
    fn any_document(&self, changes: &[Change]) -> bool {
        let loaded = &self.checkup.loaded;
        let private = |n: &load::Note| n.unread && !load::in_member_folder(&n.rel, &loaded.roster);
        // A Markdown file passed over unread keeps its folder private, as the load does.
        let skipped = changes.iter().any(|c| match c {
            Change::Note(path) => {
                let rel = self.rel_of(path);
                loaded.skipped.contains(&rel) && !load::in_member_folder(&rel, &loaded.roster)
            }
            // One saved under another name (`考核.txt`), before or after the save.
            Change::Asset(path) => {
                let rel = self.rel_of(path);
                loaded.renamed_documents.contains(&rel) || load::is_renamed_document(path, &rel)
            }
            _ => false,
        });
        skipped || self.any_loaded(changes, |n| n.is_document() || private(n))
    }

    /// Whether any of the changed notes is a meeting record (or a file of the
    /// assessment, which the same pages count) as loaded now.
    fn any_meeting(&self, changes: &[Change]) -> bool {
        self.any_loaded(changes, |n| n.is_meeting() || n.is_document())
    }

    /// Whether any of the changed notes, as loaded now, is one `is`.
    fn any_loaded(&self, changes: &[Change], is: impl Fn(&load::Note) -> bool) -> bool {
        let notes = &self.checkup.loaded.notes;
        changes.iter().any(|c| match c {
            Change::Note(path) => {
                let rel = self.rel_of(path);
                notes
                    .binary_search_by(|n| n.rel.as_str().cmp(&rel))
                    .is_ok_and(|i| is(&notes[i]))
            }
            _ => false,
        })
    }

    /// Who wrote the note at `rel` and when, as the check counts it; None when there is
    /// no such note.
    fn written(&self, rel: &str) -> Option<Written> {
        let i = self
            .checkup
            .loaded
            .notes
            .binary_search_by(|n| n.rel.as_str().cmp(rel))
            .ok()?;
        self.checkup.checked.written.get(i).copied()
    }

    /// Rel paths of the notes the check rejects now.
    fn rejected_rels(&self) -> HashSet<String> {
        let notes = &self.checkup.loaded.notes;
        self.checkup
            .checked
            .rejected
            .iter()
            .map(|&i| notes[i.index()].rel.clone())
            .collect()
    }

    /// The notes whose diagnostics differ from `old` (a duplicate that names another
    /// original now, say): their error pages change.
    fn diagnosed_anew(&self, old: &[Diagnostic]) -> Vec<String> {
        let shown = paths_diagnosed_differently(old, &self.checkup.checked.diagnostics);
        if shown.is_empty() {
            return Vec::new();
        }
        self.checkup
            .loaded
            .notes
            .iter()
            .filter(|n| shown.contains(n.shown.as_str()))
            .map(|n| n.rel.clone())
            .collect()
    }

    fn needs_rescan(&self, change: &Change) -> bool {
        match change {
            Change::Everything => true,
            Change::Folder(path) => {
                let below = path.strip_prefix(&self.site.content_dir).unwrap_or(path);
                let rel = crate::names::slashed(&below.to_string_lossy()) + "/";
                path.is_dir()
                    || self
                        .checkup
                        .loaded
                        .notes
                        .iter()
                        .any(|n| n.rel.starts_with(&rel))
                    || self
                        .checkup
                        .loaded
                        .assets
                        .iter()
                        .any(|a| a.rel.starts_with(&rel))
            }
            Change::Note(_) | Change::Asset(_) => false,
        }
    }

    /// Whether the day the site was judged on is over.
    pub fn day_turned(&self) -> bool {
        pipeline::today() != self.today
    }

    /// Rebuilds from scratch (configuration, roster, plan or theme changed, or a new
    /// day), judged on today. The old snapshot stays in place when the new
    /// configuration is broken.
    fn reopen(&mut self) -> Result<(Rebuilt, ToWrite), Vec<Diagnostic>> {
        let site = Site::open(Some(&self.site.root), &self.site.root).map_err(|d| vec![*d])?;
        let (fresh, _) = Session::open(site, pipeline::today())?;
        let old = std::mem::replace(self, fresh);
        let (now, was) = (&self.snapshot, &old.snapshot);
        let pages: Vec<Page> = now
            .pages
            .iter()
            .filter(|(path, bytes)| was.pages.get(*path) != Some(*bytes))
            .map(|(path, bytes)| Page {
                path: path.clone(),
                bytes: bytes.to_vec(),
            })
            .collect();
        let copied: Vec<(String, Copied)> = now
            .copied
            .iter()
            .filter(|(path, file)| was.copied.get(*path) != Some(*file))
            .map(|(path, file)| (path.clone(), file.clone()))
            .collect();
        let removed: Vec<String> = was
            .pages
            .keys()
            .chain(was.copied.keys())
            .filter(|p| !now.pages.contains_key(*p) && !now.copied.contains_key(*p))
            .cloned()
            .collect();
        let rebuilt = Rebuilt {
            rendered: now.pages.len() + now.copied.len(),
            written: pages.len() + copied.len(),
            removed: removed.len(),
            full: true,
        };
        let written = ToWrite {
            pages,
            copied,
            removed,
        };
        Ok((rebuilt, written))
    }

    /// What the reading rule says of `path` now. A file passed over gets the warning the
    /// build's walk gives it, among the load's problems, where the check finds it; a
    /// warning from before goes once the file is read or gone.
    fn admit(&mut self, path: &Path) -> load::source::Admit {
        let bounds = load::source::Bounds::of(&self.site.content_dir, &self.site.build_dir);
        let admitted = bounds.admit_path(path);
        let shown = self.site.display_path(path);
        let rel = self.rel_of(path);
        let loaded = &mut self.checkup.loaded;
        loaded.problems.retain(|p| p.path != shown);
        loaded.skipped.remove(&rel);
        if let load::source::Admit::Skip(skip) = admitted {
            loaded
                .problems
                .push(load::skipped(&shown, skip, self.site.lang()));
            if load::classify::classify(Path::new(&rel)) == load::classify::FileKind::Note {
                loaded.skipped.insert(rel);
            }
        }
        admitted
    }

    /// Whether the asset at `rel` is published, by the rule the build's load applies; a
    /// withheld one gets the build's warning.
    fn publishable(&mut self, path: &Path, rel: &str) -> bool {
        let loaded = &mut self.checkup.loaded;
        // The notes' page names matter only for an HTML file: not worked out per save.
        let pages = if load::meets_pages(rel) {
            loaded.note_page_stems()
        } else {
            Default::default()
        };
        let screened = load::screen_published(
            path,
            rel,
            &self.site.content_dir,
            self.site.config.build.allow_html,
            &pages,
            &load::Private {
                drafts_only: loaded.drafts_only.clone(),
                ..load::Private::of(
                    &loaded.notes,
                    &loaded.skipped,
                    &loaded.renamed_documents,
                    &loaded.roster,
                )
            },
        )
        .and_then(|()| {
            // Its other names, counted as the build counts them: itself and the assets.
            let others = loaded.assets.iter().filter(|a| a.rel != rel);
            load::HardLinks::screen_one(path, others.map(|a| a.path.as_path()))
        });
        match screened {
            Ok(()) => true,
            Err(why) => {
                let shown = self.site.display_path(path);
                loaded
                    .problems
                    .push(load::asset_withheld(&shown, why, self.site.lang()));
                loaded.withheld.insert(rel.to_string());
                false
            }
        }
    }

    /// `path` below the content folder, its name decoded as the build's walk decodes it
    /// (a GBK name from a Windows zip is read as GB18030).
    fn rel_of(&self, path: &Path) -> String {
        load::decoded_relative(path, &self.site.content_dir).unwrap_or_else(|rel| rel)
    }

    /// Reads a note again (or drops it when its file is gone). Returns its rel path.
    fn reload_note(&mut self, path: &Path) -> String {
        let rel = self.rel_of(path);
        let at = self
            .checkup
            .loaded
            .notes
            .binary_search_by(|n| n.rel.as_str().cmp(&rel));
        // The rule the build's walk follows: only plain files, links only to files that
        // are published anyway; anything else is as good as gone.
        let admitted = self.admit(path);
        if admitted != load::source::Admit::File {
            if let Ok(i) = at {
                self.checkup.loaded.notes.remove(i);
                self.judged.remove(i);
            }
            return rel;
        }
        let mut note = load::load_note(
            path,
            self.site.display_path(path),
            rel.clone(),
            load::Reading::of(&self.site, true, self.today),
        );
        // Beside assessment files: kept as a draft, as the build's load keeps it.
        let private =
            load::document_folders(&self.checkup.loaded.notes, &self.checkup.loaded.roster);
        load::hold_beside_documents(&mut note, &private, self.site.lang());
        let notes = &mut self.checkup.loaded.notes;
        match at {
            Ok(i) => notes[i] = note,
            Err(i) => {
                notes.insert(i, note);
                // Judged again, with the other changed notes, once all are loaded.
                self.judged.insert(i, Judged::default());
            }
        }
        rel
    }

    /// Reads an asset again: `Ok` with the file if its bytes changed, `Err` with its
    /// site path when it is gone.
    fn reload_asset(&mut self, path: &Path) -> Result<Option<(String, Copied)>, String> {
        let rel = self.rel_of(path);
        let page = links::asset_file(&rel);
        let known = self.checkup.loaded.assets.iter().position(|a| a.rel == rel);
        // Withheld again below if it still is.
        self.checkup.loaded.withheld.remove(&rel);
        let looked = match self.admit(path) {
            load::source::Admit::File
                if !self.site.is_data_file(path) && self.publishable(path, &rel) =>
            {
                Copied::look(path, &page).ok().flatten()
            }
            _ => None,
        };
        match looked {
            Some(file) => {
                if known.is_none() {
                    let at = self.checkup.loaded.assets.partition_point(|a| a.rel < rel);
                    let asset = load::Asset {
                        path: path.to_path_buf(),
                        rel,
                    };
                    self.checkup.loaded.assets.insert(at, asset);
                }
                if self.snapshot.copied.get(&page) == Some(&file) {
                    return Ok(None);
                }
                self.snapshot.copied.insert(page.clone(), file.clone());
                Ok(Some((page, file)))
            }
            None => {
                if let Some(i) = known {
                    self.checkup.loaded.assets.remove(i);
                }
                self.snapshot.copied.remove(&page);
                Err(page)
            }
        }
    }

    /// Re-renders the pages that show the changed notes. `before` is how each was
    /// listed before the change.
    fn update(
        &mut self,
        before: &[(String, Option<Listed>)],
        recounted: bool,
    ) -> Result<(Rebuilt, Vec<Page>, Vec<String>), Diagnostic> {
        let model = Model::new(
            &self.checkup.loaded,
            &self.checkup.checked,
            self.site.config.coverage.publish,
        )
        .with_assessment(&self.site);
        let order = order_of(&model);
        let after = listed_after(&model, &order, before);
        let moved = recounted || order != self.memory.order;
        let listed_now = relist(&model, &mut self.memory, &order, &after);
        let relisted = moved || before.iter().zip(&after).any(|((_, was), now)| was != now);
        let ids = if moved {
            everything_but_notes(&model, &self.memory.order, &order, before)
        } else {
            affected(&model, before, &after)
        };
        let pages = render::render_with(&self.site, &self.env, &model, &ids)?;
        let paths = if relisted {
            page_paths(&model)
        } else {
            std::mem::take(&mut self.memory.page_paths)
        };
        drop(model);
        let written = self.snapshot.keep_changed(pages);
        let removed = self.remove_gone_pages(relisted, &paths);
        self.memory = Memory {
            order,
            listed: listed_now,
            page_paths: paths,
        };
        self.renew_error_pages(before);
        Ok((
            Rebuilt {
                rendered: ids.len(),
                written: written.len(),
                removed: removed.len(),
                full: false,
            },
            written,
            removed,
        ))
    }

    /// The pages listed before that are not among `paths` now, taken out of the
    /// snapshot; none unless the listings changed (`relisted`).
    fn remove_gone_pages(&mut self, relisted: bool, paths: &HashSet<String>) -> Vec<String> {
        let removed: Vec<String> = if relisted {
            self.memory.page_paths.difference(paths).cloned().collect()
        } else {
            Vec::new()
        };
        for path in &removed {
            self.snapshot.pages.remove(path);
        }
        removed
    }

    /// Drops the error pages of the notes in `before` and makes them again for those
    /// the check rejects now.
    fn renew_error_pages(&mut self, before: &[(String, Option<Listed>)]) {
        for (rel, _) in before {
            self.snapshot.errors.remove(&links::note_page(rel));
        }
        let rejected: Vec<NoteId> = self
            .checkup
            .checked
            .rejected
            .iter()
            .copied()
            .filter(|&i| {
                before
                    .iter()
                    .any(|(rel, _)| *rel == self.checkup.loaded.note(i).rel)
            })
            .collect();
        for i in rejected {
            self.error_page(i);
        }
    }

    /// Builds the search index again and returns its files that changed and those that
    /// are gone. It is not addressed by page ids, and takes a few tenths of a second on a
    /// large site, so serve runs it after the rebuilt pages are already served.
    pub fn refresh_search(&mut self) -> (Vec<Page>, Vec<String>) {
        let model = Model::new(
            &self.checkup.loaded,
            &self.checkup.checked,
            self.site.config.coverage.publish,
        );
        let index = render::search::index(&model);
        drop(model);
        let fresh: std::collections::HashSet<&str> =
            index.iter().map(|p| p.path.as_str()).collect();
        let removed: Vec<String> = self
            .snapshot
            .pages
            .keys()
            .filter(|p| p.starts_with("search/") && !fresh.contains(p.as_str()))
            .cloned()
            .collect();
        for path in &removed {
            self.snapshot.pages.remove(path);
        }
        (self.snapshot.keep_changed(index), removed)
    }

    /// Whether the note at `path` could not be read when it was last loaded (the files
    /// ran out, say), whether or not the rebuild that read it went through.
    pub fn unread(&self, path: &Path) -> bool {
        let rel = self.rel_of(path);
        let notes = &self.checkup.loaded.notes;
        notes
            .binary_search_by(|n| n.rel.as_str().cmp(&rel))
            .is_ok_and(|i| notes[i].unread)
    }

    /// The diagnostics of the notes at `shown` paths, to print after a rebuild.
    pub fn diagnostics_for<'a>(
        &'a self,
        shown: &'a [String],
    ) -> impl Iterator<Item = &'a Diagnostic> {
        self.checkup
            .checked
            .diagnostics
            .iter()
            .filter(move |d| shown.contains(&d.path))
    }

    /// The page shown where a rejected note's page would be: its diagnostics.
    fn error_page(&mut self, i: NoteId) {
        let note = self.checkup.loaded.note(i);
        // An assessment file, a review or a draft (a note beside them is one) is never
        // published: its page says what is wrong without quoting its lines, which
        // anyone serve answers could read.
        // A note held by its lines though its front matter could not be read is one too.
        let private = note.is_document() || note.is_held();
        // Its lines as readers see them: Obsidian's comments are never on a page.
        let as_shown = crate::markdown::without_obsidian_comments(&note.source);
        let lang = self.site.lang();
        let mut diagnostics: Vec<String> = self
            .checkup
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.path == note.shown)
            .map(|d| {
                if private {
                    // Where and which rule, not the words, which quote the file.
                    let severity = if d.is_error() { "error" } else { "warning" };
                    format!("{severity}[{}] --> {}:{}", d.rule.id(), d.path, d.line)
                } else {
                    format_text(&quoted_as_shown(d, &as_shown), false)
                }
            })
            .collect();
        if private {
            diagnostics.push(Msg::PrivateFileDiagnostics.text(lang));
        }
        let path = links::note_page(&note.rel);
        let title = Msg::NoteRejected(&note.shown).text(lang);
        if let Ok(html) = render::error_page(&self.env, &path, &title, &diagnostics) {
            self.snapshot
                .errors
                .insert(path, Arc::from(html.into_bytes()));
        }
    }
}

/// The diagnostic with the line it quotes taken from `source` as readers see it (the
/// same characters, Obsidian's comments blanked).
fn quoted_as_shown(d: &Diagnostic, source: &str) -> Diagnostic {
    let mut d = d.clone();
    if let Some(quoted) = &d.source_line {
        let line = source.lines().nth(d.line.saturating_sub(1)).unwrap_or("");
        let shown: String = line
            .chars()
            .skip(d.source_from as usize)
            .take(quoted.chars().count())
            .collect();
        d.source_line = Some(shown);
    }
    d
}

/// How each note of `before` is listed in `model` now (`order` is its listing order):
/// None for one no longer listed.
fn listed_after(
    model: &Model<'_>,
    order: &[String],
    before: &[(String, Option<Listed>)],
) -> Vec<Option<Listed>> {
    before
        .iter()
        .map(|(rel, _)| {
            order
                .iter()
                .position(|r| r == rel)
                .map(|pos| listed(model, pos))
        })
        .collect()
}

/// Every note's listing now. Every listing is recomputed only when notes moved (the
/// `order` differs from `memory`'s); otherwise the changed notes' entries (`after`) are
/// brought up to date in place, taken from `memory`.
fn relist(
    model: &Model<'_>,
    memory: &mut Memory,
    order: &[String],
    after: &[Option<Listed>],
) -> Vec<Listed> {
    // Listed afresh when the order changed, or when a render that failed after the
    // listings were taken left none to update.
    if order != memory.order || memory.listed.len() != order.len() {
        listed_all(model)
    } else {
        let mut kept = std::mem::take(&mut memory.listed);
        for now in after.iter().flatten() {
            kept[now.pos] = now.clone();
        }
        kept
    }
}

/// The paths whose diagnostics differ between two lists sorted by path, found in one walk
/// over both.
fn paths_diagnosed_differently<'a>(
    old: &'a [Diagnostic],
    new: &'a [Diagnostic],
) -> HashSet<&'a str> {
    let same_path = |a: &Diagnostic, b: &Diagnostic| a.path == b.path;
    let (mut old, mut new) = (
        old.chunk_by(same_path).peekable(),
        new.chunk_by(same_path).peekable(),
    );
    let mut out = HashSet::new();
    loop {
        let order = match (old.peek(), new.peek()) {
            (None, None) => return out,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(a), Some(b)) => a[0].path.cmp(&b[0].path),
        };
        match order {
            std::cmp::Ordering::Less => out.extend(old.next().map(|g| g[0].path.as_str())),
            std::cmp::Ordering::Greater => out.extend(new.next().map(|g| g[0].path.as_str())),
            std::cmp::Ordering::Equal => {
                let (a, b) = (old.next(), new.next());
                if a != b {
                    out.extend(a.map(|g| g[0].path.as_str()));
                }
            }
        }
    }
}
