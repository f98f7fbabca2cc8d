//! File events -> batches of [`Change`]s, one batch per save.
//!
//! notify reports every step of an editor's save (a temp file written, the old file
//! renamed away, the new one renamed in). Events are collected until the folder has been
//! quiet for [`QUIET`], editors' temp and backup files are dropped, and what is left is
//! classified, so one save makes one rebuild. The build-dir never triggers one.

use super::session::Change;
use crate::config::{Site, BOOK_TOML};
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

/// How long the folder must be quiet before a batch is taken.
pub const QUIET: Duration = Duration::from_millis(50);
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
    let mut watcher = notify::recommended_watcher(events)?;
    watcher.watch(&site.content_dir, RecursiveMode::Recursive)?;
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

/// The folders a watch covers that may come and go: themes/ and the theme folder.
pub fn watched_dirs(site: &Site) -> (bool, bool) {
    (site.root.join("themes").is_dir(), theme_dir(site).is_dir())
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
        collect(first, &mut paths);
        while started.elapsed() < LONGEST {
            match raw.recv_timeout(QUIET) {
                Ok(event) => collect(event, &mut paths),
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

fn collect(event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
        return;
    }
    paths.extend(event.paths);
}

/// What a set of changed paths means for the site. Paths outside what is watched, in the
/// build-dir, or editors' temp files mean nothing.
pub fn classify(site: &Site, paths: &BTreeSet<PathBuf>) -> Vec<Change> {
    let theme = theme_dir(site);
    let mut changes = Vec::new();
    for path in paths {
        if path.starts_with(&site.build_dir)
            || is_editor_temp(path)
            || is_inside_temp_output(path, site)
        {
            continue;
        }
        // The theme folder, or a folder on the way to it being created.
        let themes = path.starts_with(&theme)
            || (theme.starts_with(path) && path.starts_with(site.root.join("themes")));
        let change = if path == &site.root.join(BOOK_TOML) || themes {
            Change::Everything
        } else if path.starts_with(&site.content_dir) {
            content_change(path)
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

fn content_change(path: &Path) -> Change {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => Change::Note(path.to_path_buf()),
        // The roster and the plan change what every note is judged against.
        "yaml" | "yml" | "csv" | "toml" => Change::Everything,
        // A folder created, renamed or removed, or a temp file already gone: the session
        // tells which.
        _ if path.is_dir() || (!path.exists() && ext.is_empty()) => {
            Change::Folder(path.to_path_buf())
        }
        _ => Change::Asset(path.to_path_buf()),
    }
}

/// Temp and backup files editors write while saving: vim's 4913 probe and `~` backups,
/// swap files, JetBrains' `___jb_tmp___`, Office and WPS `~$` and `.~` lock files.
pub fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name == "4913"
        || name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || [
            ".swp",
            ".swx",
            ".tmp",
            ".bak",
            ".part",
            ".crswap",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

/// The atomic writer's folders beside the build-dir.
fn is_inside_temp_output(path: &Path, site: &Site) -> bool {
    path.components()
        .any(|c| c.as_os_str().to_string_lossy().contains(".studybook-"))
        || path.starts_with(site.root.join(".git"))
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
