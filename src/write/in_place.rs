//! serve's way of keeping a built site up to date: files removed, the mark updated,
//! then each changed file written beside its place and renamed over it.

use super::at::{gone_or_replaced, split, Folder};
use super::manifest::{Entry, Manifest};
use super::{stream, Copied, Interference, TEMP_MARK};
use crate::render::Page;
use std::io::{self, Write};
use std::path::Path;

/// Brings a kept build-dir up to date (serve): removes the files that no longer exist,
/// records the change in its mark (`manifest`, kept in memory by the caller), then writes
/// the files whose bytes changed. In that order a crash never leaves a file on disk that
/// the mark does not list. Each file is written beside its place and renamed over it, so
/// a reader never sees half a page; a copied file is streamed there first, so that the
/// mark lists what it holds. Every file is looked at, written and removed by name in
/// folders opened without following a link ([`Folder`]): a folder of the site swapped
/// for a link meanwhile leads the write nowhere. (The mark, at the top of the site, is
/// written by path, as the build's is.)
pub fn update_in_place(
    build_dir: &Path,
    manifest: &mut Manifest,
    changed: &[Page],
    copied: &[(String, Copied)],
    removed: &[String],
) -> io::Result<Vec<String>> {
    // The folder serve keeps must still be a folder, not a link put in its place.
    let site = Folder::open(build_dir).map_err(|err| {
        if gone_or_replaced(&err) {
            io::Error::other(Interference::OldSiteChanged)
        } else {
            err
        }
    })?;
    // Pages edited by hand, left as they are: still listed as what serve wrote, so that
    // the next build names them as edited.
    let mut edited = remove_gone(&site, manifest, removed)?;
    let mut ours = Vec::with_capacity(changed.len());
    for page in changed {
        if is_free(&site, manifest, &page.path, &mut edited)? {
            ours.push(page);
        }
    }
    let mut copies = Vec::with_capacity(copied.len());
    for copy in copied {
        if is_free(&site, manifest, &copy.0, &mut edited)? {
            copies.push(copy);
        }
    }
    let before = listed_before(manifest, &ours, &copies);
    let mut done: std::collections::HashSet<String> = Default::default();
    let result = write_batch(&site, build_dir, manifest, &ours, &copies, &mut done);
    if let Err(err) = result {
        put_back(build_dir, manifest, before, &done);
        return Err(err);
    }
    Ok(edited)
}

/// What is at a path of the site.
enum Found {
    Nothing,
    /// A plain file, opened (not through a link), in its folder.
    File(Folder, std::fs::File),
    /// A link, a folder, a FIFO, or a link on the way: nothing serve wrote.
    Other,
    /// A file or folder that may not be read (someone took the permission away): no
    /// longer as serve wrote it, someone's now, like a page edited by hand.
    Unreadable,
}

/// What is at `path` (relative to the site), each folder on the way opened without
/// following a link.
fn look(site: &Folder, path: &str) -> io::Result<Found> {
    let (dir, name) = split(path);
    let denied = |err: &io::Error| err.kind() == io::ErrorKind::PermissionDenied;
    let folder = match site.folder(dir, false) {
        Ok(folder) => folder,
        Err(err) if cannot_be_there(&err) => return Ok(Found::Nothing),
        Err(err) if gone_or_replaced(&err) => return Ok(Found::Other),
        Err(err) if denied(&err) => return Ok(Found::Unreadable),
        Err(err) => return Err(err),
    };
    match folder.open_file(name) {
        Ok(file) if file.metadata()?.is_file() => Ok(Found::File(folder, file)),
        Ok(_) => Ok(Found::Other),
        Err(err) if cannot_be_there(&err) => Ok(Found::Nothing),
        Err(err) if gone_or_replaced(&err) => Ok(Found::Other),
        Err(err) if denied(&err) => Ok(Found::Unreadable),
        Err(err) => Err(err),
    }
}

/// Whether `err` says nothing is at a path: it is missing, or a name the disk cannot
/// hold (past 255 bytes), whose write then fails and says why.
fn cannot_be_there(err: &io::Error) -> bool {
    #[cfg(unix)]
    if err.raw_os_error() == Some(libc::ENAMETOOLONG) {
        return true;
    }
    matches!(
        err.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::InvalidInput
    )
}

/// Removes the files at the `removed` paths that are still as a build wrote them, and
/// unlists them in `manifest`. Returns the pages among them edited by hand, which stay.
fn remove_gone(
    site: &Folder,
    manifest: &mut Manifest,
    removed: &[String],
) -> io::Result<Vec<String>> {
    let mut edited = Vec::new();
    for path in removed {
        // Only what a build wrote: a stale path never reaches a file someone else put there.
        let Some(entry) = manifest.files.get(path) else {
            continue;
        };
        // Only a plain file, as it was written, and never through a link on the way: a
        // page edited by hand is someone's work now, and stays (unlisted, so that the
        // next build names it).
        match look(site, path)? {
            Found::File(folder, file) if entry.holds_open(&file).unwrap_or(false) => {
                match folder.remove(split(path).1, false) {
                    Err(err) if err.kind() != io::ErrorKind::NotFound => return Err(err),
                    _ => {}
                }
                manifest.files.remove(path);
            }
            Found::File(..) | Found::Unreadable => edited.push(path.clone()),
            Found::Nothing | Found::Other => {
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
    site: &Folder,
    manifest: &mut Manifest,
    path: &str,
    edited: &mut Vec<String>,
) -> io::Result<bool> {
    let entry = manifest.files.get(path);
    let (free, edited_by_hand) = match look(site, path)? {
        Found::Nothing => (true, false),
        Found::File(_, file) => {
            let holds = entry.is_some_and(|entry| entry.holds_open(&file).unwrap_or(false));
            (holds, entry.is_some() && !holds)
        }
        Found::Other => (false, false),
        Found::Unreadable => (false, entry.is_some()),
    };
    if edited_by_hand {
        edited.push(path.to_string());
    } else if !free {
        manifest.files.remove(path);
    }
    Ok(free)
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

/// Streams `copies` and writes `pages` into the site serve keeps (`site`, at
/// `build_dir`), each through a temp file renamed into place, the mark written before
/// the first rename; `done` gets each path once it is in place. A folder is opened for
/// each file and let go after it, so that a batch of many files holds few descriptors.
pub(super) fn write_batch(
    site: &Folder,
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
        let (dir, name) = split(path);
        let folder = site.folder(dir, true)?;
        let temp = format!(".c{n}{TEMP_MARK}{pid}");
        let mut out = folder.create_file(&temp)?;
        let entry = stream(&mut source, &file.from, &mut out, &folder.path_of(name))?;
        manifest.files.insert(path.clone(), entry);
        streamed.push((temp, path));
    }
    for page in ours {
        manifest
            .files
            .insert(page.path.clone(), Entry::of(&page.bytes));
    }
    manifest.write(build_dir)?;
    for (temp, path) in streamed {
        let (dir, name) = split(path);
        let folder = site.folder(dir, false)?;
        folder.rename_in(name, &folder, &temp)?;
        placed(&folder, manifest, path, done)?;
    }
    for page in ours {
        let (dir, name) = split(&page.path);
        let folder = site.folder(dir, true)?;
        // A short name of its own beside the page (the page's name and a suffix could
        // pass the 255-byte limit), one page at a time.
        let temp = format!(".s{TEMP_MARK}{pid}");
        folder.create_file(&temp)?.write_all(&page.bytes)?;
        folder.rename_in(name, &folder, &temp)?;
        placed(&folder, manifest, &page.path, done)?;
    }
    Ok(())
}

/// Notes that the file at `path` (in `folder`) is in place: in `done`, and with its
/// times in `manifest`, kept in memory, which tell the next save whether it was edited
/// since (the mark on disk has none for it: a build reads it to be sure).
fn placed(
    folder: &Folder,
    manifest: &mut Manifest,
    path: &str,
    done: &mut std::collections::HashSet<String>,
) -> io::Result<()> {
    done.insert(path.to_string());
    let meta = folder.open_file(split(path).1)?.metadata()?;
    if let Some(entry) = manifest.files.get_mut(path) {
        *entry = entry.stamped(&meta);
    }
    Ok(())
}
