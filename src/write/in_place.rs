//! serve's way of keeping a built site up to date: files removed, the mark updated,
//! then each changed file written beside its place and renamed over it.

use super::manifest::{Entry, Manifest};
use super::{create_new, no_link_on_the_way, stream, write_fresh, Copied, Interference, TEMP_MARK};
use crate::render::Page;
use std::io;
use std::path::{Path, PathBuf};

/// Brings a kept build-dir up to date (serve): removes the files that no longer exist,
/// records the change in its mark (`manifest`, kept in memory by the caller), then writes
/// the files whose bytes changed. In that order a crash never leaves a file on disk that
/// the mark does not list. Each file is written beside its place and renamed over it, so
/// a reader never sees half a page; a copied file is streamed there first, so that the
/// mark lists what it holds.
pub fn update_in_place(
    build_dir: &Path,
    manifest: &mut Manifest,
    changed: &[Page],
    copied: &[(String, Copied)],
    removed: &[String],
) -> io::Result<Vec<String>> {
    // The folder serve keeps must still be a folder, not a link put in its place.
    if !build_dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return Err(io::Error::other(Interference::OldSiteChanged));
    }
    // Pages edited by hand, left as they are: still listed as what serve wrote, so that
    // the next build names them as edited.
    let mut edited = remove_gone(build_dir, manifest, removed)?;
    let mut free = |path: &str| is_free(build_dir, manifest, path, &mut edited);
    let ours: Vec<&Page> = changed.iter().filter(|page| free(&page.path)).collect();
    let copies: Vec<&(String, Copied)> = copied.iter().filter(|(path, _)| free(path)).collect();
    let before = listed_before(manifest, &ours, &copies);
    let mut done: std::collections::HashSet<String> = Default::default();
    let result = write_batch(build_dir, manifest, &ours, &copies, &mut done);
    if let Err(err) = result {
        put_back(build_dir, manifest, before, &done);
        return Err(err);
    }
    Ok(edited)
}

/// Whether the file at `target` is a plain file whose bytes are no longer what `entry`
/// lists: a page edited by hand.
fn is_edited(entry: &Entry, target: &Path) -> bool {
    target
        .symlink_metadata()
        .is_ok_and(|meta| meta.is_file() && !entry.holds(target, &meta))
}

/// Removes the files at the `removed` paths that are still as a build wrote them, and
/// unlists them in `manifest`. Returns the pages among them edited by hand, which stay.
fn remove_gone(
    build_dir: &Path,
    manifest: &mut Manifest,
    removed: &[String],
) -> io::Result<Vec<String>> {
    let mut edited = Vec::new();
    for path in removed {
        // Only what a build wrote: a stale path never reaches a file someone else put there.
        let Some(entry) = manifest.files.get(path) else {
            continue;
        };
        let target = build_dir.join(path);
        // Only a plain file, as it was written, and never through a link on the way: a
        // page edited by hand is someone's work now, and stays (unlisted, so that the
        // next build names it).
        let ours = target
            .symlink_metadata()
            .is_ok_and(|meta| entry.holds(&target, &meta));
        if !ours || !no_link_on_the_way(build_dir, &target) {
            if is_edited(entry, &target) {
                edited.push(path.clone());
            } else {
                manifest.files.remove(path);
            }
            continue;
        }
        match std::fs::remove_file(target) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
            _ => {
                manifest.files.remove(path);
            }
        }
    }
    Ok(edited)
}

/// Whether serve may write the file at `path`: nothing is there, or what it wrote, as
/// it wrote it. A file put at a page's path by someone else since serve started, or a
/// page edited by hand (added to `edited`), stays theirs; the rest is unlisted.
fn is_free(
    build_dir: &Path,
    manifest: &mut Manifest,
    path: &str,
    edited: &mut Vec<String>,
) -> bool {
    let target = build_dir.join(path);
    let free = match target.symlink_metadata() {
        Ok(meta) => manifest
            .files
            .get(path)
            .is_some_and(|entry| entry.holds(&target, &meta)),
        Err(_) => true,
    };
    let free = free && no_link_on_the_way(build_dir, &target);
    if !free {
        match manifest.files.get(path) {
            Some(entry) if is_edited(entry, &target) => edited.push(path.to_string()),
            _ => {
                manifest.files.remove(path);
            }
        }
    }
    free
}

/// What the mark listed before for each file about to be written: a batch that fails
/// half way (too many open files, a full disk) leaves each path listed as what is on
/// disk now, never as bytes that were not written, or the next build would call serve's
/// own pages edited by hand.
fn listed_before(
    manifest: &Manifest,
    ours: &[&Page],
    copies: &[&(String, Copied)],
) -> Vec<(String, Option<Entry>)> {
    copies
        .iter()
        .map(|(path, _)| path.as_str())
        .chain(ours.iter().map(|page| page.path.as_str()))
        .map(|path| (path.to_string(), manifest.files.get(path).copied()))
        .collect()
}

/// Lists again as `before` each path of a failed batch that was not put in place
/// (`done`), and writes the mark.
fn put_back(
    build_dir: &Path,
    manifest: &mut Manifest,
    before: Vec<(String, Option<Entry>)>,
    done: &std::collections::HashSet<String>,
) {
    for (path, entry) in before.into_iter().filter(|(p, _)| !done.contains(p)) {
        match entry {
            Some(entry) => manifest.files.insert(path, entry),
            None => manifest.files.remove(&path),
        };
    }
    // Best effort: the next batch writes the mark again if this fails too.
    let _ = manifest.write(build_dir);
}

/// Streams `copies` and writes `pages` into the site serve keeps, each through a temp
/// file renamed into place, the mark written before the first rename; `done` gets each
/// path once it is in place.
pub(super) fn write_batch(
    build_dir: &Path,
    manifest: &mut Manifest,
    ours: &[&Page],
    copies: &[&(String, Copied)],
    done: &mut std::collections::HashSet<String>,
) -> io::Result<()> {
    let pid = std::process::id();
    let mut streamed = Vec::with_capacity(copies.len());
    for (n, (path, file)) in copies.iter().enumerate() {
        // Changed again, or gone, since it was looked at: the watch brings it next.
        let Some(mut source) = file.open() else {
            continue;
        };
        let target = build_dir.join(path);
        if let Some(parent) = target.parent() {
            create_dirs_below(build_dir, parent)?;
        }
        let temp = target.with_file_name(format!(".c{n}{TEMP_MARK}{pid}"));
        let mut out = create_new(&temp)?;
        let entry = stream(&mut source, &file.from, &mut out, &target)?;
        manifest.files.insert(path.clone(), entry);
        streamed.push((temp, path));
    }
    for page in ours {
        manifest
            .files
            .insert(page.path.clone(), Entry::of(&page.bytes));
    }
    manifest.write(build_dir)?;
    let written = ours.iter().map(|page| {
        let target = build_dir.join(&page.path);
        if let Some(parent) = target.parent() {
            create_dirs_below(build_dir, parent)?;
        }
        // A short name of its own beside the page (the page's name and a suffix could
        // pass the 255-byte limit), one page at a time.
        let temp = target.with_file_name(format!(".s{TEMP_MARK}{pid}"));
        write_fresh(&temp, &page.bytes)?;
        io::Result::Ok((temp, &page.path))
    });
    let streamed = streamed.into_iter().map(Ok);
    for step in streamed.chain(written) {
        let (temp, path): (PathBuf, &String) = step?;
        let target = build_dir.join(path);
        std::fs::rename(&temp, &target)?;
        done.insert(path.clone());
        // Its times, kept in memory, tell the next save whether it was edited since
        // (the mark on disk has none for it: a build reads it to be sure).
        if let (Ok(meta), Some(entry)) = (target.symlink_metadata(), manifest.files.get_mut(path)) {
            *entry = entry.stamped(&meta);
        }
    }
    Ok(())
}

/// Makes the folders from `root` down to `dir`, but never `root` itself: a build-dir
/// moved away while serve writes into it is not made again, half full and unmarked, by
/// the pages of one save (each step fails once `root` is gone, so nothing lands outside).
pub(super) fn create_dirs_below(root: &Path, dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let below = dir
        .strip_prefix(root)
        .map_err(|_| io::Error::other(Interference::OldSiteChanged))?;
    let mut at = root.to_path_buf();
    for part in below.components() {
        at.push(part);
        match std::fs::create_dir(&at) {
            Err(err) if err.kind() != io::ErrorKind::AlreadyExists => return Err(err),
            _ => {}
        }
    }
    Ok(())
}
