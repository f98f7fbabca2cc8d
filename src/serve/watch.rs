//! File events -> batches of [`Change`]s, one batch per save.
//!
//! notify reports every step of an editor's save (a temp file written, the old file
//! renamed away, the new one renamed in). Events are collected until the folder has been
//! quiet for [`QUIET`], or for [`SETTLE`] after the step that ends a save; editors' temp
//! and backup files are dropped, and what is left is sorted by the same rule `load` uses
//! ([`crate::load::classify`]), so one save makes one rebuild and serve never reads a
//! file that a build passes over. The build-dir never triggers one.

use super::session::Change;
use crate::config::{Site, BOOK_TOML};
use crate::load::classify::{self, is_ignored_name, FileKind};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

/// How long the folder must be quiet before a batch is taken.
pub const QUIET: Duration = Duration::from_millis(50);
/// How long, after a step that ends a save (a file closed after writing, or renamed into
/// place; not a removal, which an editor may follow with the new file): one save is
/// rebuilt at once, while a burst of saves, whose steps follow closer than this, still
/// makes one batch.
const SETTLE: Duration = Duration::from_millis(5);
/// A batch is taken after this long even if events keep coming.
const LONGEST: Duration = Duration::from_millis(1000);

/// Watches the content folder, the theme folder and book.toml. Batches are sent on
/// `batches` until the returned watcher is dropped. A theme folder created later is seen
/// from the root (or themes/) and rebuilds everything; watch again after such a rebuild
/// to follow the files inside it.
pub fn watch(
    site: &Site,
    batches: Sender<Vec<Change>>,
) -> notify::Result<notify::RecommendedWatcher> {
    let (events, raw) = channel::<notify::Result<notify::Event>>();
    // Links are not followed: a linked folder's files are never the site's (the walk
    // does not enter one), so their changes are none of serve's business.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut watcher = notify::RecommendedWatcher::new(events, config)?;
    // A content folder that is gone for now is seen coming back from the root's watch.
    if site.content_dir.is_dir() {
        watcher.watch(&site.content_dir, RecursiveMode::Recursive)?;
    }
    let theme = theme_dir(site);
    let themes = site.root.join("themes");
    if themes.is_dir() {
        watcher.watch(
            &themes,
            if theme.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            },
        )?;
    }
    watcher.watch(&site.root, RecursiveMode::NonRecursive)?;
    let site = site.clone();
    std::thread::spawn(move || debounce(&site, &raw, &batches));
    Ok(watcher)
}

/// What a watch is set on and may be replaced under it: the root and the content
/// folder (a watch follows the folder, not its name, so one moved away or replaced by
/// another leaves the watch on the old one), themes/ and the theme folder (which may
/// come and go).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Armed {
    root: Option<u64>,
    content: Option<u64>,
    themes: bool,
    theme: bool,
}

impl Armed {
    pub fn of(site: &Site) -> Armed {
        Armed {
            root: folder_id(&site.root),
            content: folder_id(&site.content_dir),
            themes: site.root.join("themes").is_dir(),
            theme: theme_dir(site).is_dir(),
        }
    }

    /// Whether the root or the content folder is not there now.
    pub fn is_away(&self) -> bool {
        self.root.is_none() || self.content.is_none()
    }

    /// What changed since `before`, said to the user.
    pub fn news(&self, before: &Armed, site: &Site, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Msg;
        let content = site.display_path(&site.content_dir);
        if self.root.is_none() {
            Msg::WatchRootGone(&site.root.display().to_string()).text(lang)
        } else if self.content.is_none() {
            Msg::WatchContentGone(&content).text(lang)
        } else if before.content.is_none() || before.root.is_none() {
            Msg::WatchContentBack(&content).text(lang)
        } else if self.content != before.content || self.root != before.root {
            Msg::WatchContentReplaced(&content).text(lang)
        } else {
            Msg::WatchThemeChanged.text(lang)
        }
    }
}

/// A folder's identity (its inode on Unix), or None when it is not there.
fn folder_id(path: &Path) -> Option<u64> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some(0)
    }
}

fn theme_dir(site: &Site) -> PathBuf {
    site.root.join("themes").join(&site.config.build.theme)
}

fn debounce(
    site: &Site,
    raw: &Receiver<notify::Result<notify::Event>>,
    batches: &Sender<Vec<Change>>,
) {
    while let Ok(first) = raw.recv() {
        let started = Instant::now();
        let mut paths = BTreeSet::new();
        let mut quiet = collect(first, &mut paths);
        while started.elapsed() < LONGEST {
            match raw.recv_timeout(quiet) {
                Ok(event) => quiet = collect(event, &mut paths),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        let changes = classify(site, &paths);
        if !changes.is_empty() && batches.send(changes).is_err() {
            return;
        }
    }
}

/// Adds the paths an event names, and says how long the folder must then stay quiet.
fn collect(event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>) -> Duration {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    let Ok(event) = event else { return QUIET };
    let ends_a_save = matches!(
        event.kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    );
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) && !ends_a_save {
        return QUIET;
    }
    // An editor's temp file closed, or renamed to a backup, is a step on the way, not the
    // end (a rename names its destination last).
    let of_a_kept_file = event
        .paths
        .last()
        .and_then(|p| p.file_name())
        .is_some_and(|name| !is_ignored_name(&name.to_string_lossy()));
    paths.extend(event.paths);
    if ends_a_save && of_a_kept_file {
        SETTLE
    } else {
        QUIET
    }
}

/// What a set of changed paths means for the site. Paths outside what is watched, in the
/// build-dir, or editors' temp files mean nothing.
pub fn classify(site: &Site, paths: &BTreeSet<PathBuf>) -> Vec<Change> {
    let theme = theme_dir(site);
    let mut changes = Vec::new();
    for path in paths {
        let name = path.file_name().map(|n| n.to_string_lossy());
        if path.starts_with(&site.build_dir) || name.is_none_or(|n| is_ignored_name(&n)) {
            continue;
        }
        // The theme folder, or a folder on the way to it being created.
        let themes = path.starts_with(&theme)
            || (theme.starts_with(path) && path.starts_with(site.root.join("themes")));
        // The content folder itself, or the root, made, moved or removed.
        let folder = path == &site.content_dir || site.content_dir.starts_with(path);
        // The roster or the plan, whatever its name ends in.
        let data = site.is_data_file(path);
        let change = if path == &site.root.join(BOOK_TOML) || themes || folder || data {
            Change::Everything
        } else if let Ok(rel) = path.strip_prefix(&site.content_dir) {
            match content_change(path, rel) {
                Some(change) => change,
                None => continue,
            }
        } else {
            continue;
        };
        if !changes.contains(&change) {
            changes.push(change);
        }
    }
    if changes.contains(&Change::Everything) {
        return vec![Change::Everything];
    }
    changes
}

/// What a changed path under the content folder means, by the same rule `load` uses;
/// None for a file that is never read.
fn content_change(path: &Path, rel: &Path) -> Option<Change> {
    let change = match classify::classify(rel) {
        FileKind::Ignored => return None,
        FileKind::Note => Change::Note(path.to_path_buf()),
        FileKind::Data => Change::Everything,
        // A path without an extension that is a folder now, or is gone: a folder.
        FileKind::Asset if path.is_dir() || (!path.exists() && path.extension().is_none()) => {
            Change::Folder(path.to_path_buf())
        }
        FileKind::Asset => Change::Asset(path.to_path_buf()),
    };
    Some(change)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let root = PathBuf::from("/srv/book");
        Site {
            content_dir: root.join("content"),
            build_dir: root.join("site"),
            config: Default::default(),
            root,
        }
    }

    fn changes(paths: &[&str]) -> Vec<Change> {
        classify(&site(), &paths.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn a_roster_of_any_name_is_the_roster() {
        let mut site = site();
        site.config.coverage.members = "content/名册.txt".into();
        let paths = ["/srv/book/content/名册.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(classify(&site, &paths), [Change::Everything]);
    }

    #[test]
    fn a_vim_save_is_one_note_change() {
        let got = changes(&[
            "/srv/book/content/a/4913",
            "/srv/book/content/a/note.md~",
            "/srv/book/content/a/.note.md.swp",
            "/srv/book/content/a/note.md",
        ]);
        assert_eq!(got, [Change::Note("/srv/book/content/a/note.md".into())]);
    }

    #[test]
    fn build_output_and_temp_output_are_ignored() {
        assert!(changes(&[
            "/srv/book/site/index.html",
            "/srv/book/.site.studybook-tmp-12/x.html"
        ])
        .is_empty());
    }

    #[test]
    fn what_load_never_reads_is_no_change() {
        assert!(changes(&[
            "/srv/book/content/README.md",
            "/srv/book/content/.git/HEAD",
            "/srv/book/content/.obsidian/x.md",
            "/srv/book/content/images/Thumbs.db",
        ])
        .is_empty());
    }

    #[test]
    fn configuration_and_theme_rebuild_everything() {
        assert_eq!(
            changes(&["/srv/book/book.toml", "/srv/book/content/a/x.md"]),
            [Change::Everything]
        );
        assert_eq!(
            changes(&["/srv/book/themes/default/static/style.css"]),
            [Change::Everything]
        );
        assert_eq!(changes(&["/srv/book/themes"]), [Change::Everything]);
        assert!(changes(&["/srv/book/themes/other/x.css"]).is_empty());
        assert_eq!(
            changes(&["/srv/book/content/members.yaml"]),
            [Change::Everything]
        );
        assert_eq!(
            changes(&["/srv/book/content/images/a.png"]),
            [Change::Asset("/srv/book/content/images/a.png".into())]
        );
        assert_eq!(
            changes(&["/srv/book/content/sedX1y2"]),
            [Change::Folder("/srv/book/content/sedX1y2".into())]
        );
    }
}
