//! Which folders a build may replace: never the site's own root, content or anything
//! above them, and otherwise only an empty folder or a site that studybook built (its
//! [`super::manifest`] lists every file in it). Reads only.

use super::manifest::{begins_as_mark, Entry, Manifest, Mark, MANIFEST};
use super::TEMP_MARK;
use std::io;
use std::path::{Path, PathBuf};

/// Why a build may not replace a folder.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("the build-dir is a symbolic link")]
    Link,
    #[error("the build-dir is not a folder")]
    NotFolder,
    /// Files no studybook build wrote: the first few, and how many in all.
    #[error("the build-dir holds {count} files that no studybook build wrote")]
    Foreign { first: Vec<String>, count: usize },
    /// Pages the last build wrote that were changed by hand since: the first few, and
    /// how many in all. A build would put the written page back over the edit.
    #[error("the build-dir holds {count} pages changed by hand since the last build")]
    Edited { first: Vec<String>, count: usize },
    /// Another build or serve is writing into the build-dir right now.
    #[error("the build-dir is in use by studybook {} (process {})", .0.command, .0.pid)]
    Busy(super::Holder),
    /// A site built by a later studybook, whose mark this version cannot read.
    #[error("the build-dir was built by a later studybook (mark format {0})")]
    Newer(u64),
    /// The mark's line (from 1) is none studybook writes: damaged or forged. The folder
    /// may be a site, but its mark cannot be trusted to say which files are its own.
    #[error("the build-dir's mark is damaged at line {0}")]
    Damaged(usize),
    /// The lock beside the build-dir cannot be used: a link, a FIFO, or a file that
    /// stays unreadable.
    #[error("the build-dir's lock cannot be used")]
    LockUnusable,
    /// The build-dir lies inside a site studybook built, `up` folders above it: building
    /// there would put files into that site, and its next build would refuse them.
    #[error("the build-dir is inside a site studybook built")]
    InsideBuilt { up: usize },
    /// The build-dir is a mount point (a share or a disk mounted there): a new site
    /// cannot be put in its place, only inside it.
    #[error("the build-dir is a mount point")]
    MountPoint,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// How many of the files that make a folder someone else's are named.
const FOREIGN_SHOWN: usize = 5;

/// Whether a build may replace `build_dir`: it does not exist, is an empty folder, or is
/// a site an earlier build wrote (its mark lists every file in it, each still as it was
/// written). Reads only. Returns the mark it read, if there is one.
pub fn check_ownership(build_dir: &Path) -> Result<Option<Manifest>, Refusal> {
    if !is_folder(build_dir)? {
        return Ok(None);
    }
    let manifest = match Manifest::read_mark(build_dir)? {
        Mark::Read(manifest) => Some(manifest),
        Mark::Newer(format) => return Err(Refusal::Newer(format)),
        Mark::Damaged(line) => return Err(Refusal::Damaged(line)),
        Mark::None => None,
    };
    let (foreign, edited, held_before, leftovers) = strangers(build_dir, manifest.as_ref())?;
    if foreign.count > 0 {
        return Err(Refusal::Foreign {
            first: foreign.first,
            count: foreign.count,
        });
    }
    if edited.count > 0 {
        return Err(Refusal::Edited {
            first: edited.first,
            count: edited.count,
        });
    }
    Ok(manifest.map(|manifest| Manifest {
        leftovers,
        ..settled(manifest, held_before)
    }))
}

/// The mark of an update in place that stopped half way, as the folder now holds it:
/// each path whose file still holds what it `before` held is listed as that, and the
/// rest as the update wrote them.
///
/// No file of such a site is taken by its recipe: the files made from one recipe (the
/// search index) are taken all or none, and some of them may be as they were before.
/// The next build makes them again, and links those that come out the same.
fn settled(mut manifest: Manifest, held_before: Vec<String>) -> Manifest {
    if manifest.before.is_empty() {
        return manifest;
    }
    for path in held_before {
        if let Some(entry) = manifest.before.remove(&path) {
            manifest.files.insert(path, entry);
        }
    }
    manifest.before.clear();
    for entry in manifest.files.values_mut() {
        entry.recipe = 0;
    }
    manifest
}

/// Whether `build_dir` is there: false when it does not exist, a refusal when it is a
/// link or no folder.
fn is_folder(build_dir: &Path) -> Result<bool, Refusal> {
    let meta = match build_dir.symlink_metadata() {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(err) => return Err(err.into()),
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal::Link);
    }
    if !meta.is_dir() {
        return Err(Refusal::NotFolder);
    }
    Ok(true)
}

/// What in `build_dir` is not the site `manifest` lists: the files (and, in a folder that
/// is no site, the empty folders) someone else put there, the pages changed by hand, the
/// pages found as an unfinished update in place left them, and what a crash left (temp
/// files, a temp mark that begins as a mark).
fn strangers(
    build_dir: &Path,
    manifest: Option<&Manifest>,
) -> io::Result<(Named, Named, Vec<String>, Vec<String>)> {
    let mut foreign = Named::default();
    let mut edited = Named::default();
    let mut held_before = Vec::new();
    let mut leftovers = Vec::new();
    for entry in walkdir::WalkDir::new(build_dir).min_depth(1) {
        let entry = entry.map_err(named_walk_error)?;
        let rel = crate::load::relative(entry.path(), build_dir);
        if entry.file_type().is_dir() {
            // A site's folders are its pages' folders; in a folder that is no site, an
            // empty folder is someone's too (one with files is named by its files).
            let empty = || std::fs::read_dir(entry.path()).is_ok_and(|mut d| d.next().is_none());
            if manifest.is_none() && empty() {
                foreign.add(rel);
            }
            continue;
        }
        // What the mark lists must be a plain file: a link, a FIFO or a device put at a
        // page's path is someone else's, and never read, linked or deleted through.
        // A temp name is ours only as a plain file: a link put there is someone's.
        if !entry.file_type().is_file() {
            foreign.add(rel);
        } else if let Some(listed) = manifest.and_then(|m| listed(m, &rel)) {
            match listed {
                (Some(written), _) if still_written(&entry, written)? => {}
                (_, Some(before)) if still_written(&entry, before)? => held_before.push(rel),
                _ => edited.add(rel),
            }
        } else if is_own_temp(&rel) && (!is_temp_mark(&rel) || is_left_mark(&rel, &entry)) {
            leftovers.push(rel);
        } else if rel != MANIFEST {
            foreign.add(rel);
        }
    }
    Ok((foreign, edited, held_before, leftovers))
}

/// A walk's error, naming the folder that cannot be read (mode 000, another user's):
/// it is named, not blamed on the build-dir as a whole.
/// What `manifest` lists at `rel`: as written, and as it was before an update in place
/// that has not finished; None when it lists neither.
fn listed<'m>(manifest: &'m Manifest, rel: &str) -> Option<(Option<&'m Entry>, Option<&'m Entry>)> {
    let listed = (manifest.files.get(rel), manifest.before.get(rel));
    (listed != (None, None)).then_some(listed)
}

fn named_walk_error(err: walkdir::Error) -> io::Error {
    let path = err.path().map(Path::to_path_buf);
    let err = io::Error::from(err);
    match path {
        Some(path) => super::at_file(err, &path),
        None => err,
    }
}

/// Whether the listed page at `entry` still holds the bytes its mark entry `written`
/// lists; an error naming it when it cannot be read.
fn still_written(entry: &walkdir::DirEntry, written: &Entry) -> io::Result<bool> {
    // A page changed by hand is someone's work now, whatever its times say.
    let meta = entry.metadata().map_err(io::Error::from)?;
    // A page that cannot be read (its permissions changed) is named as such.
    written
        .still_holds(entry.path(), &meta)
        .map_err(|err| super::at_file(err, entry.path()))
}

/// The first few of a kind of file, and how many in all.
#[derive(Default)]
struct Named {
    first: Vec<String>,
    count: usize,
}

impl Named {
    fn add(&mut self, rel: String) {
        self.count += 1;
        if self.first.len() < FOREIGN_SHOWN {
            self.first.push(rel);
        }
    }
}

/// Whether `build_dir` is a folder that something else is mounted on: it sits on
/// another device than the folder holding it. Reads only; false where it cannot tell.
pub fn is_mount_point(build_dir: &Path, parent: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (build_dir.symlink_metadata(), parent.metadata()) {
            (Ok(dir), Ok(up)) => dir.is_dir() && dir.dev() != up.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (build_dir, parent);
        false
    }
}

/// How many folders above `build_dir` the nearest site studybook built lies (one holding
/// a mark), if any does. Reads only.
pub fn inside_built_site(build_dir: &Path) -> Option<usize> {
    let absolute = normalize(build_dir);
    absolute
        .ancestors()
        .skip(1)
        .position(|folder| folder.join(MANIFEST).symlink_metadata().is_ok())
        .map(|at| at + 1)
}

/// The mark, or a file studybook writes for a moment and renames into place (left
/// behind by a crash): a file of the build's own that no page list names.
#[cfg(unix)]
pub(super) fn is_own_file(rel: &str) -> bool {
    rel == MANIFEST || is_own_temp(rel)
}

/// Whether `rel` is named as a mark being written (`.studybook-build.<pid>`).
fn is_temp_mark(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_prefix(&format!("{MANIFEST}."))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the temp mark at `rel` is one a build left: at the top of the site, where
/// marks are written, and beginning as a mark does.
fn is_left_mark(rel: &str, entry: &walkdir::DirEntry) -> bool {
    !rel.contains('/') && begins_as_mark(entry.path())
}

/// A file studybook itself writes for a moment and renames into place: left behind by a
/// crash, it is ours, not someone else's (a mark only when it begins as one).
fn is_own_temp(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let pid = |rest: &str| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit());
    name.strip_prefix(&format!("{MANIFEST}.")).is_some_and(pid)
        || name
            .split_once(TEMP_MARK)
            .is_some_and(|(head, rest)| head.starts_with('.') && pid(rest))
}

/// Whether building into `build_dir` could overwrite the site's own files: it is the
/// root, above it, or holds or sits inside the content folder.
pub fn is_unsafe_build_dir(root: &Path, content_dir: &Path, build_dir: &Path) -> bool {
    let identity = |below: &Path, place: &Path| super::requested::below_by_identity(below, place);
    // The same folders by another path (mounted twice) count as the same.
    let by_identity = identity(build_dir, content_dir)
        || identity(content_dir, build_dir)
        || identity(root, build_dir);
    let root = normalize(root);
    let content = normalize(content_dir);
    let build = normalize(build_dir);
    by_identity
        || root.starts_with(&build)
        || content.starts_with(&build)
        || build.starts_with(&content)
}

/// An absolute path with `.` and `..` resolved, through symlinks where the path exists.
fn normalize(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let out = super::requested::lexical(path);
    // Resolve the part that exists, so a symlinked parent compares right.
    match (
        out.parent().and_then(|p| p.canonicalize().ok()),
        out.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => out,
    }
}
