//! A site kept in memory between rebuilds: what `serve` serves and what it updates when
//! files change.
//!
//! A full rebuild runs the same stages as `build`. An incremental one reloads only the
//! notes that changed, re-runs the check (cheap: every note keeps its rendered body and
//! signature), and re-renders only the pages that show those notes: a note's own page
//! when only its text changed, the pages that list it too when its title, date, author,
//! tags or plan items changed, every listing when the order of notes changed.

use super::affected::{
    affected, everything_but_notes, listed, order_of, page_paths, Listed, Memory,
};
use crate::check::{self, Checked, Judged, Rules};
use crate::config::Site;
use crate::diag::{format_text, Diagnostic};
use crate::i18n::Msg;
use crate::load::{self, Loaded};
use crate::model::Model;
use crate::render::{self, links, theme::Theme, Page};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;
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

/// The bytes served for each path of the site.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    pub pages: HashMap<String, Arc<[u8]>>,
    /// Pages of notes the check rejected, showing why: served where the note's page
    /// would be, never written to disk.
    pub errors: HashMap<String, Arc<[u8]>>,
}

impl Snapshot {
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
    theme: Theme,
    env: minijinja::Environment<'static>,
    loaded: Loaded,
    /// Each note's own verdict, aligned with `loaded.notes`: kept for unchanged notes.
    judged: Vec<Judged>,
    checked: Checked,
    today: NaiveDate,
    memory: Memory,
    pub snapshot: Snapshot,
}

impl Session {
    /// Loads, checks and renders the whole site.
    pub fn open(
        site: Site,
        today: NaiveDate,
    ) -> Result<(Session, Vec<Diagnostic>), Vec<Diagnostic>> {
        let theme = Theme::load(&site).map_err(|d| vec![d])?;
        let env = theme.environment(&site).map_err(|d| vec![d])?;
        let loaded = load::load(&site, &())?;
        let rules = rules(&site, today);
        let judged: Vec<Judged> = loaded
            .notes
            .par_iter()
            .enumerate()
            .map(|(i, n)| check::judge(i, n, &loaded, &rules))
            .collect();
        let checked = check::conclude(&loaded, &judged, &rules);
        let mut session = Session {
            site,
            theme,
            env,
            loaded,
            judged,
            checked,
            today,
            memory: Memory::default(),
            snapshot: Snapshot::default(),
        };
        session.render_everything().map_err(|d| vec![d])?;
        let diagnostics = session.checked.diagnostics.clone();
        Ok((session, diagnostics))
    }

    /// Every page, and every asset, into a fresh snapshot.
    fn render_everything(&mut self) -> Result<(), Diagnostic> {
        let model = Model::new(
            &self.loaded,
            &self.checked,
            self.site.config.coverage.publish,
        );
        let ids = render::all_pages(&model);
        let mut pages = render::render_with(&self.site, &self.env, &model, &ids)?;
        pages.extend(render::search::index(&model));
        pages.extend(self.theme.static_pages());
        for asset in &self.loaded.assets {
            if let Ok(bytes) = std::fs::read(&asset.path) {
                pages.push(Page {
                    path: links::asset_file(&asset.rel),
                    bytes,
                });
            }
        }
        self.snapshot.pages = pages
            .into_iter()
            .map(|p| (p.path, Arc::from(p.bytes)))
            .collect();
        let memory = Memory::of(&model);
        drop(model);
        self.memory = memory;
        self.snapshot.errors.clear();
        let rejected: Vec<usize> = self.checked.rejected.clone();
        for i in rejected {
            self.error_page(i);
        }
        Ok(())
    }

    /// Applies a batch of changes. Returns the pages whose bytes changed (to write) and
    /// the paths that no longer exist (to remove).
    pub fn apply(
        &mut self,
        changes: &[Change],
    ) -> Result<(Rebuilt, Vec<Page>, Vec<String>), Vec<Diagnostic>> {
        if changes.iter().any(|c| self.needs_rescan(c)) {
            return self.reopen();
        }
        let before: Vec<(String, Option<Listed>)> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Note(path) => Some(self.rel_of(path)),
                _ => None,
            })
            .map(|rel| {
                let listed = self.listed_now(&rel);
                (rel, listed)
            })
            .collect();
        let mut notes = Vec::new();
        for change in changes {
            match change {
                Change::Note(path) => notes.push(self.reload_note(path)),
                Change::Asset(path) => self.reload_asset(path),
                Change::Everything | Change::Folder(_) => {}
            }
        }
        let rules = rules(&self.site, self.today);
        for rel in &notes {
            if let Ok(i) = self
                .loaded
                .notes
                .binary_search_by(|n| n.rel.as_str().cmp(rel))
            {
                self.judged[i] = check::judge(i, &self.loaded.notes[i], &self.loaded, &rules);
            }
        }
        self.checked = check::conclude(&self.loaded, &self.judged, &rules);
        self.update(&before).map_err(|d| vec![d])
    }

    fn needs_rescan(&self, change: &Change) -> bool {
        match change {
            Change::Everything => true,
            Change::Folder(path) => {
                let rel = path
                    .strip_prefix(&self.site.content_dir)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/")
                    + "/";
                path.is_dir()
                    || self.loaded.notes.iter().any(|n| n.rel.starts_with(&rel))
                    || self.loaded.assets.iter().any(|a| a.rel.starts_with(&rel))
            }
            Change::Note(_) | Change::Asset(_) => false,
        }
    }

    /// Rebuilds from scratch (configuration, roster, plan or theme changed). The old
    /// snapshot stays in place when the new configuration is broken.
    fn reopen(&mut self) -> Result<(Rebuilt, Vec<Page>, Vec<String>), Vec<Diagnostic>> {
        let site = Site::open(Some(&self.site.root), &self.site.root).map_err(|d| vec![*d])?;
        let (fresh, _) = Session::open(site, self.today)?;
        let old = std::mem::replace(self, fresh);
        let changed: Vec<Page> = self
            .snapshot
            .pages
            .iter()
            .filter(|(path, bytes)| old.snapshot.pages.get(*path) != Some(*bytes))
            .map(|(path, bytes)| Page {
                path: path.clone(),
                bytes: bytes.to_vec(),
            })
            .collect();
        let removed: Vec<String> = old
            .snapshot
            .pages
            .keys()
            .filter(|p| !self.snapshot.pages.contains_key(*p))
            .cloned()
            .collect();
        let rebuilt = Rebuilt {
            rendered: self.snapshot.pages.len(),
            written: changed.len(),
            removed: removed.len(),
            full: true,
        };
        Ok((rebuilt, changed, removed))
    }

    fn rel_of(&self, path: &Path) -> String {
        path.strip_prefix(&self.site.content_dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// How the note at `rel` is listed now, if it is published.
    fn listed_now(&self, rel: &str) -> Option<Listed> {
        let note = self
            .loaded
            .notes
            .binary_search_by(|n| n.rel.as_str().cmp(rel))
            .ok()?;
        let at = self
            .checked
            .entries
            .binary_search_by_key(&note, |e| e.note)
            .ok()?;
        let pos = self.memory.order.iter().position(|r| r == rel)?;
        Some(Listed::of(&self.checked.entries[at], pos))
    }

    /// Reads a note again (or drops it when its file is gone). Returns its rel path.
    fn reload_note(&mut self, path: &Path) -> String {
        let rel = self.rel_of(path);
        let at = self
            .loaded
            .notes
            .binary_search_by(|n| n.rel.as_str().cmp(&rel));
        if !path.is_file() {
            if let Ok(i) = at {
                self.loaded.notes.remove(i);
                self.judged.remove(i);
            }
            return rel;
        }
        let note = load::load_note(
            path,
            self.site.display_path(path),
            rel.clone(),
            self.site.config.build.allow_html,
            self.site.lang(),
        );
        match at {
            Ok(i) => self.loaded.notes[i] = note,
            Err(i) => {
                self.loaded.notes.insert(i, note);
                // Judged again, with the other changed notes, once all are loaded.
                self.judged.insert(i, Judged::default());
            }
        }
        rel
    }

    fn reload_asset(&mut self, path: &Path) {
        let rel = path
            .strip_prefix(&self.site.content_dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let page = links::asset_file(&rel);
        match std::fs::read(path) {
            Ok(bytes) => {
                self.snapshot.pages.insert(page, Arc::from(bytes));
            }
            Err(_) => {
                self.snapshot.pages.remove(&page);
            }
        }
    }

    /// Re-renders the pages that show the changed notes. `before` is how each was
    /// listed before the change.
    fn update(
        &mut self,
        before: &[(String, Option<Listed>)],
    ) -> Result<(Rebuilt, Vec<Page>, Vec<String>), Diagnostic> {
        let model = Model::new(
            &self.loaded,
            &self.checked,
            self.site.config.coverage.publish,
        );
        let order = order_of(&model);
        let after: Vec<Option<Listed>> = before
            .iter()
            .map(|(rel, _)| {
                order
                    .iter()
                    .position(|r| r == rel)
                    .map(|pos| listed(&model, pos))
            })
            .collect();
        let moved = order != self.memory.order;
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
        let removed: Vec<String> = if relisted {
            self.memory.page_paths.difference(&paths).cloned().collect()
        } else {
            Vec::new()
        };
        for path in &removed {
            self.snapshot.pages.remove(path);
        }
        self.memory = Memory {
            order,
            page_paths: paths,
        };
        for (rel, _) in before {
            self.snapshot.errors.remove(&links::note_page(rel));
        }
        let rejected: Vec<usize> = self
            .checked
            .rejected
            .iter()
            .copied()
            .filter(|&i| {
                before
                    .iter()
                    .any(|(rel, _)| *rel == self.loaded.notes[i].rel)
            })
            .collect();
        for i in rejected {
            self.error_page(i);
        }
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

    /// Builds the search index again and returns its files that changed and those that
    /// are gone. It is not addressed by page ids, and takes a few tenths of a second on a
    /// large site, so serve runs it after the rebuilt pages are already served.
    pub fn refresh_search(&mut self) -> (Vec<Page>, Vec<String>) {
        let model = Model::new(
            &self.loaded,
            &self.checked,
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

    /// The diagnostics of the notes at `shown` paths, to print after a rebuild.
    pub fn diagnostics_for<'a>(
        &'a self,
        shown: &'a [String],
    ) -> impl Iterator<Item = &'a Diagnostic> {
        self.checked
            .diagnostics
            .iter()
            .filter(move |d| shown.contains(&d.path))
    }

    /// The page shown where a rejected note's page would be: its diagnostics.
    fn error_page(&mut self, i: usize) {
        let note = &self.loaded.notes[i];
        let diagnostics: Vec<String> = self
            .checked
            .diagnostics
            .iter()
            .filter(|d| d.path == note.shown)
            .map(|d| format_text(d, false))
            .collect();
        let path = links::note_page(&note.rel);
        let title = Msg::NoteRejected(&note.shown).text(self.site.lang());
        if let Ok(html) = render::error_page(&self.env, &path, &title, &diagnostics) {
            self.snapshot
                .errors
                .insert(path, Arc::from(html.into_bytes()));
        }
    }
}

fn rules(site: &Site, today: NaiveDate) -> Rules<'_> {
    Rules {
        config: &site.config.check,
        lang: site.lang(),
        today,
    }
}
