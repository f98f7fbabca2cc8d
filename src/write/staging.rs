//! A new site's staging folder, from its making beside the build-dir to the commit that
//! swaps it in: the [`Sink`] a build writes into, which links what the previous build
//! made the same instead of writing it again.

use super::at::{self, Folder};
use super::files::{at_file, create_in_site, create_new, remove_file_or_gone, stream};
use super::manifest::{Entry, Manifest};
use super::ownership::{self, check_ownership, Refusal};
use super::sink::{asset_recipe, CopiedFile, Sink};
use super::swap::{clean_leftovers, remove_staging, swap_in, Retired};
use super::{lock, Holder, Lock, STAGING_MARK, TEMP_MARK};
use crate::io_error::Interference;
use crate::render::recipe::Recipe;
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// A new site being written beside the build-dir. Files go into a temp folder;
/// [`Staging::commit`] writes the mark and swaps it in. Dropped without a commit, it
/// removes the temp folder and the build-dir is untouched.
pub struct Staging {
    pub(super) temp: PathBuf,
    target: PathBuf,
    pub(super) written: Mutex<Manifest>,
    /// The mark of the site being replaced: a file it lists with the same size and hash
    /// as a new one is linked into the new site instead of written again.
    previous: Option<Manifest>,
    /// The previous build's files by the recipe they were made from.
    made_from: HashMap<u128, Vec<String>>,
    /// The previous build's files this build takes as they are (same bytes, untouched),
    /// by path: linked into the new site at the commit, or, if nothing at all changed,
    /// left where they are.
    taken: Mutex<HashMap<String, Taken>>,
    /// Files written, linked and reused, for the timings.
    pub counts: Counts,
    pub(super) committed: bool,
    /// The temp folder's identity when it was made: the swap checks that it is still
    /// the folder this build filled.
    temp_id: Option<(u64, u64)>,
    /// What the temp folder's [`STAGING_MARK`] says: the same check, where inodes are
    /// used again at once.
    token: String,
    /// The [`STAGING_MARK`], open for appending: each file is entered in it before it is
    /// made, so that what a dead build leaves is known file by file.
    journal: Mutex<std::fs::File>,
    /// The build-dir's lock, held from the start to the end of the build (or handed on
    /// at the commit).
    pub(super) lock: Option<Lock>,
    /// Who held a lock that had not been refreshed for a long time and was taken over.
    pub took_over: Option<Holder>,
    /// Old sites and staging folders of earlier builds, provably done with, that could
    /// not be removed now either (a folder without write permission, a file in use): said
    /// again on every build until they are gone.
    pub left_over: Vec<(PathBuf, io::Error)>,
}

/// A file of the previous build that the new one holds as it is.
struct Taken {
    /// What the mark lists for it, stamped with the file's time.
    entry: Entry,
    /// Taken without being made (same recipe), not made and found the same.
    reused: bool,
}

/// How many files a build wrote, how many it made and then found unchanged (linked
/// from the previous build), and how many it took from the previous build without
/// making them (reused: made from the same recipe); and the files that went away from
/// the content folder while it ran, left out.
#[derive(Debug, Default)]
pub struct Counts {
    pub written: AtomicUsize,
    pub linked: AtomicUsize,
    pub reused: AtomicUsize,
    pub gone: std::sync::Mutex<Vec<PathBuf>>,
}

impl Staging {
    /// Takes the build-dir's lock for `command` (`build`, `serve`), checks that the
    /// build-dir may be replaced, cleans what an interrupted build on this machine left
    /// beside it, and makes a fresh temp folder. A refusal touches nothing.
    pub fn new(build_dir: &Path, command: &str) -> Result<Staging, Refusal> {
        let (parent, name) = lock::parent_and_name(build_dir)?;
        if let Some(up) = ownership::inside_built_site(build_dir) {
            return Err(Refusal::InsideBuilt { up });
        }
        let (lock, took_over) = take_lock(build_dir, command)?;
        let previous = check_ownership(build_dir)?;
        // The new site is made beside it and renamed into its place: never a mount's.
        if ownership::is_mount_point(build_dir, &parent) {
            return Err(Refusal::MountPoint);
        }
        let me = lock::Owner::me();
        let left_over = clean_leftovers(&parent, &name, &me);
        let temp = make_temp(&parent, &name, &me)?;
        keep_access(&temp, build_dir);
        let temp_id = folder_id(&temp);
        let (token, journal) = open_journal(&temp, &me)?;
        let made_from = by_recipe(previous.as_ref());
        Ok(Staging {
            temp,
            target: build_dir.to_path_buf(),
            written: Mutex::default(),
            previous,
            made_from,
            taken: Mutex::default(),
            counts: Counts::default(),
            committed: false,
            temp_id,
            token,
            journal: Mutex::new(journal),
            lock: Some(lock),
            took_over,
            left_over,
        })
    }

    /// Creates, once each, the folders that `paths` (relative to the site root) need.
    fn make_dirs<'a>(&self, paths: impl Iterator<Item = &'a str>) -> io::Result<()> {
        let folders: BTreeSet<&str> = paths
            .filter_map(|p| p.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        for folder in folders {
            std::fs::create_dir_all(self.temp.join(folder))?;
        }
        Ok(())
    }

    /// Notes a file written into the new site. Two sources that give one path (a note
    /// and a file named like its page) end as a fresh build ends them: the later one
    /// stands, here in place of one taken earlier. Safe to call from many threads.
    fn record(&self, path: &str, entry: Entry) {
        if let Ok(mut taken) = self.taken.lock() {
            taken.remove(path);
        }
        if let Ok(mut written) = self.written.lock() {
            written.files.insert(path.to_string(), entry);
        }
    }

    /// Enters `paths` in the journal (the [`STAGING_MARK`]) before they are made: should
    /// the build die, its staging folder holds nothing but what the journal names, or
    /// someone else put it there.
    fn enter<'p>(&self, paths: impl IntoIterator<Item = &'p str>) -> io::Result<()> {
        let mut lines = String::new();
        for path in paths {
            lines.push_str(path);
            lines.push('\n');
        }
        let mut journal = self
            .journal
            .lock()
            .map_err(|_| io::Error::other("a thread writing the site panicked"))?;
        journal.write_all(lines.as_bytes())
    }

    /// Notes files taken from the previous build, each in place of anything put at its
    /// path before (see [`Staging::record`]).
    fn take(&self, files: Vec<(String, Taken)>) -> io::Result<()> {
        let panicked = || io::Error::other("a thread writing the site panicked");
        {
            let mut written = self.written.lock().map_err(|_| panicked())?;
            for (path, _) in &files {
                if written.files.remove(path).is_some() {
                    remove_file_or_gone(&self.temp.join(path))?;
                    self.counts.written.fetch_sub(1, Ordering::Relaxed);
                }
            }
        }
        self.taken.lock().map_err(|_| panicked())?.extend(files);
        Ok(())
    }

    /// Writes the mark of ownership and swaps the new site in for the old one. When
    /// the build wrote nothing and took every file of the old site as it is, the old
    /// site is the new one: it stays, and only its mark is brought up to date.
    pub fn commit(mut self) -> io::Result<Committed> {
        let panicked = || io::Error::other("a thread writing the site panicked");
        let mut written = std::mem::take(&mut *self.written.lock().map_err(|_| panicked())?);
        let taken = std::mem::take(&mut *self.taken.lock().map_err(|_| panicked())?);
        if let Some(previous) = self.unchanged(&written, &taken) {
            let mut manifest = Manifest::default();
            manifest
                .files
                .extend(taken.into_iter().map(|(path, t)| (path, t.entry)));
            // What is written (the leftovers a crash left are never written).
            if (&manifest.files, &manifest.before) != (&previous.files, &previous.before) {
                manifest.write(&self.target)?;
            }
            // Only folders are in it; should one stay, the next build clears it.
            return Ok(self.kept_in_place(manifest));
        }
        let taken = match self.in_place(&mut written, taken)? {
            InPlace::Done(manifest) => return Ok(self.kept_in_place(manifest)),
            InPlace::Swap(taken) => taken,
        };
        let linked = self.link_taken(taken)?;
        let linked_paths: Vec<String> = linked.iter().map(|(path, _)| path.clone()).collect();
        written.files.extend(linked);
        written.write(&self.temp)?;
        // The folder about to become the site must be the one this build made and filled.
        let staging_mark = self.temp.join(STAGING_MARK);
        let ours = folder_id(&self.temp) == self.temp_id
            && std::fs::read_to_string(&staging_mark)
                .is_ok_and(|t| t.lines().next() == Some(self.token.as_str()));
        if !ours {
            return Err(io::Error::other(Interference::TempReplaced));
        }
        std::fs::remove_file(&staging_mark)?;
        let (parent, name) = lock::parent_and_name(&self.target)?;
        let (kept, stale) = match swap_in(&self.temp, &self.target, &parent, &name)? {
            Retired::Removed => (None, None),
            Retired::Kept(path) => (Some(path), None),
            Retired::Stuck(path, why) => (None, Some((path, why))),
        };
        self.committed = true;
        restamp(&self.target, &mut written, &linked_paths)?;
        Ok(Committed {
            manifest: written,
            kept,
            stale,
            counts: std::mem::take(&mut self.counts),
            lock: self.lock.take(),
        })
    }
}

impl Staging {
    /// The commit of a site that stayed in its folder (nothing changed, or updated in
    /// place): the staging folder removed, the lock handed on.
    fn kept_in_place(&mut self, manifest: Manifest) -> Committed {
        self.committed = true;
        let _ = remove_staging(&self.temp);
        // What a crash left in the site (a mark or a page half written), which no swap
        // takes away here: by name, in folders opened without following a link. Best
        // effort: what stays is found and taken away by the next build.
        let leftovers = self.previous.as_ref().map(|p| p.leftovers.as_slice());
        if let (Some(leftovers), Ok(site)) = (leftovers, Folder::open(&self.target)) {
            for rel in leftovers {
                let (dir, name) = at::split(rel);
                let _ = site.folder(dir, false).and_then(|d| d.remove(name, false));
            }
        }
        Committed {
            manifest,
            kept: None,
            stale: None,
            counts: std::mem::take(&mut self.counts),
            lock: self.lock.take(),
        }
    }
}

/// What became of an update in place: done, with the mark of the site, or not fit for
/// one (or put back), with the taken files back for the swap.
enum InPlace {
    Done(Manifest),
    Swap(HashMap<String, Taken>),
}

/// How moving the new files into the old site ended: all moved; one could not be, and
/// every file was moved back where it was; or not even that.
enum Moved {
    All,
    Back,
    Stuck(io::Error),
}

/// The largest share of the old site's files an update in place writes or removes: past
/// it a new site is swapped in whole, so that readers never see a site half one build
/// and half the other for long.
const IN_PLACE_SHARE: usize = 4;

impl Staging {
    /// When the new site differs from the old one in a few files, replaces just those in
    /// the old site instead of linking every file into the new one and swapping it in:
    /// at 10,000 notes a note changed costs a few renames, not 12,000 links.
    ///
    /// Safe as the swap is: the mark first lists each replaced or removed path as both
    /// what it is and what it was (a build stopped half way leaves files that are one
    /// or the other, all the build's, see [`super::ownership`]); the old bytes of each
    /// replaced file are kept aside by a hard link, and a rename that fails (a folder of
    /// the old site the build may not write) moves every file back, puts the old mark
    /// back and leaves the new site to the swap.
    fn in_place(
        &self,
        written: &mut Manifest,
        taken: HashMap<String, Taken>,
    ) -> io::Result<InPlace> {
        let Some(previous) = self.previous.as_ref() else {
            return Ok(InPlace::Swap(taken));
        };
        let removed: Vec<&String> = previous
            .files
            .keys()
            .filter(|p| !taken.contains_key(*p) && !written.files.contains_key(*p))
            .collect();
        if !self.fits_in_place(previous, written, removed.len()) {
            return Ok(InPlace::Swap(taken));
        }
        // Both folders held open: a folder of the site swapped for a link meanwhile
        // leads nowhere (see [`super::at`]).
        let (Ok(site), Ok(temp)) = (Folder::open(&self.target), Folder::open(&self.temp)) else {
            return Ok(InPlace::Swap(taken));
        };
        let Some(aside) = self.keep_aside(previous, written, &site, &temp)? else {
            std::fs::remove_dir_all(self.temp.join(ASIDE))?;
            return Ok(InPlace::Swap(taken));
        };
        let mut manifest = listed_both_ways(previous, &taken, written, &removed);
        manifest.write(&self.target)?;
        match self.move_in(previous, written, &site, &temp, &aside) {
            Moved::All => {}
            // Each file where it was: the old site and its mark, and the new site whole
            // in the temp folder, for the swap (which keeps an old site someone changed).
            Moved::Back => {
                previous.write(&self.target)?;
                std::fs::remove_dir_all(self.temp.join(ASIDE))?;
                return Ok(InPlace::Swap(taken));
            }
            // Files of both builds in the site, all listed by the mark as it is.
            Moved::Stuck(err) => return Err(err),
        }
        settle(&site, &mut manifest, previous, written, &removed);
        manifest.write(&self.target)?;
        Ok(InPlace::Done(manifest))
    }

    /// Whether the new site may replace the old one's files in place: few files change
    /// (`written`, and `removed` more), each into a folder the old site has, and nothing
    /// of anyone else's, and no hand edit, came in during the build.
    fn fits_in_place(&self, previous: &Manifest, written: &Manifest, removed: usize) -> bool {
        let changes = written.files.len() + removed;
        changes * IN_PLACE_SHARE <= previous.files.len()
            && written
                .files
                .keys()
                .all(|path| fits_old_folders(previous, path))
            && check_ownership(&self.target).is_ok()
    }

    /// Hard links to the old site's files that `written` replaces, in the folder
    /// [`ASIDE`] of the temp folder: what a failed update puts back. None where a link
    /// cannot be made (no hard links on the file system, a folder of the site that is a
    /// link now).
    pub(super) fn keep_aside(
        &self,
        previous: &Manifest,
        written: &Manifest,
        site: &Folder,
        temp: &Folder,
    ) -> io::Result<Option<Aside>> {
        let folder = temp.folder(ASIDE, true)?;
        let mut kept = HashMap::new();
        let replaced = written
            .files
            .keys()
            .filter(|p| previous.files.contains_key(*p));
        for (n, path) in replaced.enumerate() {
            // In the journal first, as every file of the staging folder is: should the
            // build die, the next one knows the link for the build's own.
            self.enter([format!("{ASIDE}/{n}").as_str()])?;
            let (dir, name) = at::split(path);
            let linked = site
                .folder(dir, false)
                .and_then(|d| d.hard_link(name, &folder, &n.to_string()));
            if linked.is_err() {
                return Ok(None);
            }
            kept.insert(path.clone(), n.to_string());
        }
        Ok(Some(Aside { folder, kept }))
    }

    /// Renames each written file from the temp folder over its place in the old site:
    /// only over a file that is still as the old build wrote it (a page edited by hand
    /// during the build is someone's), and only where nothing was (a file put at a new
    /// page's path is someone's too). When one cannot be, moves the ones moved back into
    /// the temp folder and the old files back from `aside`.
    fn move_in(
        &self,
        previous: &Manifest,
        written: &Manifest,
        site: &Folder,
        temp: &Folder,
        aside: &Aside,
    ) -> Moved {
        let mut moved: Vec<&String> = Vec::new();
        let result = written.files.keys().try_for_each(|path| {
            let (dir, name) = at::split(path);
            let into = site.folder(dir, true)?;
            let there = into.open_file(name);
            let free = match (previous.files.get(path), there) {
                (None, Err(err)) => err.kind() == io::ErrorKind::NotFound,
                (Some(entry), Ok(file)) => entry.holds_open(&file).unwrap_or(false),
                (Some(_), Err(err)) => err.kind() == io::ErrorKind::NotFound,
                (None, Ok(_)) => false,
            };
            if !free {
                return Err(io::Error::other(Interference::OldSiteChanged));
            }
            into.rename_in(name, &temp.folder(dir, false)?, name)
                .map_err(|err| at_file(err, &into.path_of(name)))?;
            moved.push(path);
            io::Result::Ok(())
        });
        let Err(err) = result else {
            return Moved::All;
        };
        let back = moved.into_iter().all(|path| {
            let (dir, name) = at::split(path);
            let (Ok(into), Ok(from)) = (site.folder(dir, false), temp.folder(dir, false)) else {
                return false;
            };
            let new_back = from.rename_in(name, &into, name).is_ok();
            // Entered again after the rename, which moved its change time: still the
            // build's own, should it die now.
            let _ = self.enter([path.as_str()]);
            let old_back = match aside.kept.get(path) {
                Some(n) => into.rename_in(name, &aside.folder, n).is_ok(),
                None => true,
            };
            new_back && old_back
        });
        if back {
            Moved::Back
        } else {
            Moved::Stuck(err)
        }
    }
}

/// The folder of the temp folder where an update in place keeps the files it replaces.
const ASIDE: &str = ".studybook-staging-was";

/// The old files an update in place replaces, kept by a second name: by path, the name
/// in `folder`.
pub(super) struct Aside {
    folder: Folder,
    kept: HashMap<String, String>,
}

/// Removes a file of the old site the new one has not, if it is still as the old build
/// wrote it, and then its folders left empty, all without following a link. Returns
/// whether it is gone.
fn remove_old(site: &Folder, path: &str, entry: &Entry) -> bool {
    let (dir, name) = at::split(path);
    let folder = match site.folder(dir, false) {
        // Listed but not there (an update stopped before it moved the file in): gone.
        Err(err) if err.kind() == io::ErrorKind::NotFound => return true,
        Err(_) => return false,
        Ok(folder) => folder,
    };
    match folder.open_file(name) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return true,
        Ok(file) if entry.holds_open(&file).unwrap_or(false) => {}
        _ => return false,
    }
    if folder.remove(name, false).is_err() {
        return false;
    }
    let mut rel = dir;
    while !rel.is_empty() {
        let (up, last) = at::split(rel);
        if site
            .folder(up, false)
            .and_then(|u| u.remove(last, true))
            .is_err()
        {
            break;
        }
        rel = up;
    }
    true
}

/// Whether `path` can be written in the old site as it stands: none of its folders is a
/// file of it, and it is no folder of it.
fn fits_old_folders(previous: &Manifest, path: &str) -> bool {
    let folder = format!("{path}/");
    let is_folder = previous
        .files
        .range(folder.clone()..)
        .next()
        .is_some_and(|(p, _)| p.starts_with(&folder));
    let mut ancestors = path.match_indices('/').map(|(at, _)| &path[..at]);
    !is_folder && !ancestors.any(|up| previous.files.contains_key(up))
}

/// The build-dir's lock for `command`, and who held it if it was taken over from a
/// holder that had stopped refreshing it; a lock held by someone else is a refusal.
fn take_lock(build_dir: &Path, command: &str) -> Result<(Lock, Option<Holder>), Refusal> {
    Lock::take(build_dir, command).map_err(|busy| match busy {
        lock::Busy::Held(holder) => Refusal::Busy(holder),
        lock::Busy::Unusable => Refusal::LockUnusable,
        lock::Busy::Io(err) => Refusal::Io(err),
    })
}

/// Makes the fresh temp folder of this process beside the build-dir `name` in `parent`,
/// and returns its path.
fn make_temp(parent: &Path, name: &str, me: &lock::Owner) -> io::Result<PathBuf> {
    let temp = parent.join(format!(
        ".{name}{TEMP_MARK}{}-{}-{}",
        me.machine_tag(),
        me.pid,
        me.started
    ));
    // Only this very process can have made a folder of this name.
    if temp.symlink_metadata().is_ok() {
        std::fs::remove_dir_all(&temp)?;
    }
    std::fs::create_dir(&temp)?;
    Ok(temp)
}

/// Gives the new site's folder `temp` the group, mode and owner of the old one at
/// `build_dir`, before anything is written into it: a site a web server reads through
/// its group (`root:www-data`, `drwxr-s---`) stays readable after every build, and the
/// setgid bit gives every file written inside that group. Best effort: a group this
/// process may not give (not one of its own) is left as the system makes it. The
/// owner keeps the right to write, which the build needs.
fn keep_access(temp: &Path, build_dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(old) = build_dir.symlink_metadata() else {
            return;
        };
        if !old.is_dir() {
            return;
        }
        let mine = temp.metadata().map(|m| (m.uid(), m.gid()));
        if mine.is_ok_and(|(uid, gid)| (uid, gid) != (old.uid(), old.gid())) {
            // The owner as well, where this process may give it (as root).
            if std::os::unix::fs::chown(temp, Some(old.uid()), Some(old.gid())).is_err() {
                let _ = std::os::unix::fs::chown(temp, None, Some(old.gid()));
            }
        }
        let mode = (old.mode() & 0o7777) | 0o700;
        let _ = std::fs::set_permissions(temp, std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (temp, build_dir);
}

/// Writes the temp folder's [`STAGING_MARK`], naming this build by a token, and opens it
/// for appending: returns the token and the journal.
fn open_journal(temp: &Path, me: &lock::Owner) -> io::Result<(String, std::fs::File)> {
    let token = format!(
        "{}-{}-{:?}",
        me.machine_tag(),
        me.pid,
        std::time::SystemTime::now()
    );
    std::fs::write(temp.join(STAGING_MARK), format!("{token}\n"))?;
    let journal = std::fs::File::options()
        .append(true)
        .open(temp.join(STAGING_MARK))?;
    Ok((token, journal))
}

/// The files of the `previous` build by the recipe each was made from (those made from
/// none left out).
fn by_recipe(previous: Option<&Manifest>) -> HashMap<u128, Vec<String>> {
    let mut made_from: HashMap<u128, Vec<String>> = HashMap::new();
    for (path, entry) in previous.iter().flat_map(|p| &p.files) {
        if entry.recipe != 0 {
            made_from
                .entry(entry.recipe)
                .or_default()
                .push(path.clone());
        }
    }
    made_from
}

impl Staging {
    /// The old site's mark, if the new site is exactly the old one: nothing written,
    /// every file the old one lists taken as it is, and nothing put into it by anyone
    /// else during the build (else the swap keeps the old site aside, as it does for
    /// any build).
    fn unchanged(&self, written: &Manifest, taken: &HashMap<String, Taken>) -> Option<&Manifest> {
        let previous = self.previous.as_ref()?;
        let same = written.files.is_empty()
            && taken.len() == previous.files.len()
            && taken.keys().all(|path| previous.files.contains_key(path));
        (same && check_ownership(&self.target).is_ok()).then_some(previous)
    }

    /// Puts the taken files into the new site: hard links where the file system has
    /// them (no new file, which is most of a build's time on disk), else copies.
    /// Returns each with the entry to record.
    fn link_taken(&self, taken: HashMap<String, Taken>) -> io::Result<Vec<(String, Entry)>> {
        use rayon::prelude::*;
        if taken.is_empty() {
            return Ok(Vec::new());
        }
        self.make_dirs(taken.keys().map(String::as_str))?;
        self.enter(taken.keys().map(String::as_str))?;
        // Each folder of both sites opened without following a link, one folder's files
        // at a time (a site of thousands of folders holds a few open, not thousands): a
        // folder of the old site swapped for a link to someone's folder since it was
        // checked leads nowhere, and none of their files is linked into the new site.
        let (site, temp) = (Folder::open(&self.target)?, Folder::open(&self.temp)?);
        let mut by_folder: HashMap<&str, Vec<(&String, &Taken)>> = HashMap::new();
        for (path, taken) in &taken {
            by_folder
                .entry(at::split(path).0)
                .or_default()
                .push((path, taken));
        }
        let links_work = AtomicBool::new(true);
        // A folder that is a link (or a file) now: interference; any other error (too
        // many files open) is said as it is.
        let opened = |folder: io::Result<Folder>| {
            folder.map_err(|err| match err.raw_os_error() {
                #[cfg(unix)]
                Some(libc::ELOOP | libc::ENOTDIR) => io::Error::other(Interference::OldSiteChanged),
                _ => err,
            })
        };
        let linked: io::Result<Vec<Vec<(String, Entry)>>> = by_folder
            .into_par_iter()
            .map(|(dir, files)| {
                let from = opened(site.folder(dir, false))?;
                let to = opened(temp.folder(dir, false))?;
                files
                    .into_iter()
                    .map(|(path, taken)| self.link_one(path, taken, &from, &to, &links_work))
                    .collect()
            })
            .collect();
        Ok(linked?.into_iter().flatten().collect())
    }

    /// Puts one taken file into the new site, from the old site's folder `from` into the
    /// new one's `to`: a hard link, or, once links fail, a copy.
    fn link_one(
        &self,
        path: &str,
        Taken { entry, reused }: &Taken,
        from: &Folder,
        to: &Folder,
        links_work: &AtomicBool,
    ) -> io::Result<(String, Entry)> {
        let changed = || io::Error::other(Interference::OldSiteChanged);
        let name = at::split(path).1;
        if links_work.load(Ordering::Relaxed) && from.hard_link(name, to, name).is_ok() {
            // A link put at the old path since it was checked is linked as a link:
            // never published.
            if std::fs::symlink_metadata(self.temp.join(path)).is_ok_and(|m| m.is_file()) {
                return Ok((path.to_string(), *entry));
            }
            remove_file_or_gone(&self.temp.join(path))?;
            return Err(changed());
        }
        // Another file system, FAT, some shares: from now on every file is copied,
        // into a new file (never through a link to the old site).
        links_work.store(false, Ordering::Relaxed);
        let new = self.temp.join(path);
        remove_file_or_gone(&new)?;
        let mut source = from.open_file(name)?;
        if !source.metadata()?.is_file() {
            return Err(changed());
        }
        io::copy(&mut source, &mut create_new(&new)?)?;
        let counted = if *reused {
            &self.counts.reused
        } else {
            &self.counts.linked
        };
        counted.fetch_sub(1, Ordering::Relaxed);
        self.counts.written.fetch_add(1, Ordering::Relaxed);
        // The old file was checked a while ago: no time, so that the next build
        // trusts the copy only by its hash.
        Ok((path.to_string(), Entry { mtime: 0, ..*entry }))
    }
}

/// Brings the times of the linked files in the mark up to date now that the new site is
/// in place: a hard link, and the removal of the old site's name for the same file,
/// both change a file's change time. The mark is written again only if a time moved.
fn restamp(site: &Path, manifest: &mut Manifest, linked: &[String]) -> io::Result<()> {
    use rayon::prelude::*;
    let stamps: Vec<(&String, Option<std::fs::Metadata>)> = linked
        .par_iter()
        .map(|path| (path, std::fs::symlink_metadata(site.join(path)).ok()))
        .collect();
    let mut moved = false;
    for (path, meta) in stamps {
        let (Some(entry), Some(meta)) = (manifest.files.get_mut(path), meta) else {
            continue;
        };
        // A copy (mtime 0) stays trusted by its hash alone.
        if entry.mtime != 0 && meta.is_file() && meta.len() == entry.size {
            let stamped = entry.stamped(&meta);
            moved |= stamped != *entry;
            *entry = stamped;
        }
    }
    if moved {
        manifest.write(site)?;
    }
    Ok(())
}

/// A site put in place.
pub struct Committed {
    /// Its mark: what the site on disk now holds.
    pub manifest: Manifest,
    /// Where the old site was kept because files appeared in it during the build.
    pub kept: Option<PathBuf>,
    /// Where the old site is left because a file in it is in use (a browser, an editor
    /// or an antivirus holds it open, on Windows): the next build removes it.
    pub stale: Option<(PathBuf, io::Error)>,
    /// Files written, linked and reused, counting the copies made where links failed.
    pub counts: Counts,
    /// The build-dir's lock: serve keeps it while it keeps the site up to date.
    pub lock: Option<Lock>,
}

/// A folder's device and inode, where the system has them.
fn folder_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = path.symlink_metadata().ok().filter(|m| m.is_dir())?;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        path.symlink_metadata()
            .ok()
            .filter(|m| m.is_dir())
            .map(|_| (0, 0))
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.put_made(path, bytes, None)
    }

    fn dir(&self) -> Option<&Path> {
        Some(&self.target)
    }

    fn put_made(&self, path: &str, bytes: &[u8], recipe: Option<Recipe>) -> io::Result<()> {
        let entry = Entry::made(bytes, recipe);
        if self.take_unchanged(path, entry) {
            return Ok(());
        }
        let target = self.temp.join(path);
        self.write_new(&target, path, bytes, entry)
            .map_err(|err| at_file(err, &self.target.join(path)))
    }

    fn remembers(&self) -> bool {
        true
    }

    /// Copies an asset without holding it in memory: taken from the previous build when
    /// the source file is untouched since (its recipe is its identity and times), else
    /// streamed into the new site. A source gone since the walk (deleted during the
    /// build) is left out, as a build a moment later would leave it out, and named in
    /// [`Counts::gone`] to be told.
    fn copy(&self, file: &CopiedFile) -> io::Result<()> {
        use crate::plain::{open_plain, Unread};
        let gone = || {
            if let Ok(mut gone) = self.counts.gone.lock() {
                gone.push(file.from.clone());
            }
            Ok(())
        };
        let mut source = match open_plain(&file.from) {
            Ok(source) => source,
            Err(Unread::Io(err))
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::IsADirectory
                ) =>
            {
                return gone()
            }
            Err(Unread::Special) => return gone(),
            Err(Unread::Io(err)) => return Err(at_file(err, &file.from)),
            Err(Unread::TooLarge(_)) => return Err(io::Error::from(io::ErrorKind::FileTooLarge)),
        };
        let recipe = asset_recipe(&file.to, &source.metadata()?);
        if self.reuse(Some(recipe))? > 0 {
            return Ok(());
        }
        let shown = self.target.join(&file.to);
        self.enter([file.to.as_str()])?;
        let mut out = create_in_site(&self.temp.join(&file.to)).map_err(|e| at_file(e, &shown))?;
        let written = stream(&mut source, &file.from, &mut out, &shown)?;
        self.counts.written.fetch_add(1, Ordering::Relaxed);
        let entry = Entry {
            recipe: recipe.0,
            ..written
        };
        let entry = match out.metadata() {
            Ok(meta) => entry.stamped(&meta),
            Err(_) => entry,
        };
        self.record(&file.to, entry);
        Ok(())
    }

    fn reuse(&self, recipe: Option<Recipe>) -> io::Result<usize> {
        let (Some(previous), Some(paths)) = (
            &self.previous,
            recipe.and_then(|r| self.made_from.get(&r.0)),
        ) else {
            return Ok(0);
        };
        // All or none: a file touched since the last build means making them again.
        let mut found = Vec::with_capacity(paths.len());
        for path in paths {
            let listed = previous.files[path];
            match self.untouched(path, &listed) {
                Some(meta) => found.push((
                    path.clone(),
                    Taken {
                        entry: listed.stamped(&meta),
                        reused: true,
                    },
                )),
                None => return Ok(0),
            }
        }
        self.counts.reused.fetch_add(found.len(), Ordering::Relaxed);
        self.take(found)?;
        Ok(paths.len())
    }
}

impl Staging {
    /// Writes a new file of the site at `target` (`path` in the site) and notes it.
    fn write_new(&self, target: &Path, path: &str, bytes: &[u8], entry: Entry) -> io::Result<()> {
        self.enter([path])?;
        let mut file = create_in_site(target)?;
        file.write_all(bytes)?;
        self.counts.written.fetch_add(1, Ordering::Relaxed);
        // The time from the open file: no second look-up by path.
        let entry = match file.metadata() {
            Ok(meta) => entry.stamped(&meta),
            Err(_) => entry,
        };
        self.record(path, entry);
        Ok(())
    }
}

impl Staging {
    /// The metadata of the previous build's file at `path` if it still holds what the
    /// mark lists: the same size and time, or else bytes with the same hash (a file
    /// changed by hand is never trusted).
    fn untouched(&self, path: &str, listed: &Entry) -> Option<std::fs::Metadata> {
        let old = self.target.join(path);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        listed.holds(&old, &meta).then_some(meta)
    }

    /// Takes the previous build's file at `path` when it holds exactly the bytes to
    /// write, so that it is linked, not written. The old file must be untouched since
    /// the build that wrote it (same size and time as the mark says), or else hash to
    /// the same bytes: a file changed by hand is never trusted.
    fn take_unchanged(&self, path: &str, entry: Entry) -> bool {
        let Some(listed) = self.previous.as_ref().and_then(|p| p.files.get(path)) else {
            return false;
        };
        if !listed.same_bytes(&entry) {
            return false;
        }
        let Some(meta) = self.untouched(path, listed) else {
            return false;
        };
        let taken = Taken {
            entry: entry.stamped(&meta),
            reused: false,
        };
        if self.take(vec![(path.to_string(), taken)]).is_err() {
            return false;
        }
        self.counts.linked.fetch_add(1, Ordering::Relaxed);
        true
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_staging(&self.temp);
        }
    }
}

/// The mark of an update in place while it runs: every file of the new site (`taken`
/// from the old and `written`), and each replaced or `removed` path also as what it was
/// (see [`super::ownership`]).
fn listed_both_ways(
    previous: &Manifest,
    taken: &HashMap<String, Taken>,
    written: &Manifest,
    removed: &[&String],
) -> Manifest {
    let mut manifest = Manifest::default();
    manifest
        .files
        .extend(taken.iter().map(|(path, t)| (path.clone(), t.entry)));
    manifest.files.extend(
        written
            .files
            .iter()
            .map(|(path, entry)| (path.clone(), *entry)),
    );
    let replaced = written
        .files
        .keys()
        .filter(|p| previous.files.contains_key(*p));
    manifest.before = replaced
        .chain(removed.iter().copied())
        .map(|path| (path.clone(), previous.files[path]))
        .collect();
    manifest
}

/// After the new files are in place: the `removed` ones go (one someone changed stays,
/// listed), each written file is listed with its times now (a rename moves a file's
/// change time), and the mark no longer lists what was.
fn settle(
    site: &Folder,
    manifest: &mut Manifest,
    previous: &Manifest,
    written: &Manifest,
    removed: &[&String],
) {
    for &path in removed {
        if !remove_old(site, path, &previous.files[path]) {
            manifest.files.insert(path.clone(), previous.files[path]);
        }
    }
    for path in written.files.keys() {
        let (dir, name) = at::split(path);
        let meta = site
            .folder(dir, false)
            .and_then(|d| d.open_file(name)?.metadata());
        if let (Ok(meta), Some(entry)) = (meta, manifest.files.get_mut(path)) {
            *entry = entry.stamped(&meta);
        }
    }
    manifest.before.clear();
}
