//! Pages -> the build-dir, atomically, and only into a folder studybook owns.
//!
//! The site is written into a fresh folder beside the build-dir and swapped in only when
//! every file is on disk: a build that fails, or is killed, leaves the last good site as
//! it was. On Linux the swap is one `renameat2(RENAME_EXCHANGE)`; elsewhere it is two
//! renames with the old site kept until the new one is in place. What the previous
//! build wrote and this one would write the same is linked, not written; a build that
//! would write exactly the old site leaves it where it is and only brings its mark up
//! to date.
//!
//! The old site is deleted after the swap, so before anything is touched
//! [`check_ownership`] makes sure it is one: a build-dir that exists must be empty or
//! carry the [`manifest`] of an earlier build and hold nothing it does not list.

mod in_place;
pub mod lock;
pub mod manifest;
mod ownership;
pub mod requested;
mod swap;

pub use lock::{Holder, Lock};
pub use ownership::{check_ownership, inside_built_site, is_unsafe_build_dir, Refusal};

pub use crate::io_error::{FileError, Interference};
use crate::render::recipe::Recipe;
pub use in_place::update_in_place;
use manifest::{Entry, Manifest};
use std::collections::BTreeSet;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use swap::{clean_leftovers, swap_in, Retired};

/// A file copied as is (an image from the content folder).
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub from: PathBuf,
    /// Destination, relative to the site root.
    pub to: String,
}

const TEMP_MARK: &str = ".studybook-tmp-";
const OLD_MARK: &str = ".studybook-old-";
/// A file in the temp folder naming the build that made it; removed just before the swap.
const STAGING_MARK: &str = ".studybook-staging";

/// Where the pipeline puts a site's files: a build's staging folder, or serve's memory.
/// Both get the same files in the same way, so serve shows what a build writes.
pub trait Sink: Sync {
    /// Takes one file. Called from many threads at once.
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;

    /// Takes one file made from `recipe`, which a sink that [`Sink::remembers`] keeps
    /// for the next build.
    fn put_made(&self, path: &str, bytes: &[u8], _recipe: Option<Recipe>) -> io::Result<()> {
        self.put(path, bytes)
    }

    /// Whether the sink keeps recipes and can [`Sink::reuse`] files: only then is it
    /// worth working them out.
    fn remembers(&self) -> bool {
        false
    }

    /// Takes the files the previous build made from `recipe` as they are, instead of
    /// having them made again. Returns how many; 0 when there is no recipe, when there
    /// are no such files, or when any of them was touched since: then the caller makes
    /// them all.
    fn reuse(&self, _recipe: Option<Recipe>) -> io::Result<usize> {
        Ok(0)
    }

    /// Takes a file from the content folder as it is.
    fn copy(&self, file: &CopiedFile) -> io::Result<()> {
        let bytes = std::fs::read(&file.from)?;
        self.put(&file.to, &bytes)
    }

    /// The folder the files end up in, to name it when writing fails; none in memory.
    fn dir(&self) -> Option<&Path> {
        None
    }
}

/// A file published as it is (an image, a video): serve holds where it is, never its
/// bytes, and sends and writes it from there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub from: PathBuf,
    /// Its size, times and identity when it was looked at: while these are the same, it
    /// has not changed.
    pub stamp: u128,
    /// Which file it is (device and inode, where the system says): a request is answered
    /// only from that file, never from one put at its path since (a link to a secret).
    inode: Option<(u64, u64)>,
}

impl Copied {
    /// Looks at the file at `from`, to be published as `to`. None when it is gone or is
    /// no plain file (a folder, a FIFO put there since the walk).
    pub fn look(from: &Path, to: &str) -> io::Result<Option<Copied>> {
        use crate::plain::{open_plain, Unread};
        let meta = match open_plain(from).map(|file| file.metadata()) {
            Ok(meta) => meta?,
            Err(Unread::Io(err))
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::IsADirectory
                ) =>
            {
                return Ok(None)
            }
            Err(Unread::Special) => return Ok(None),
            Err(Unread::Io(err)) => return Err(at_file(err, from)),
            Err(Unread::TooLarge(_)) => return Err(io::Error::from(io::ErrorKind::FileTooLarge)),
        };
        Ok(Some(Copied {
            from: from.to_path_buf(),
            stamp: asset_recipe(to, &meta).0,
            inode: inode_of(&meta),
        }))
    }

    /// The file, open for reading, if it is still the one looked at (its contents may
    /// have changed since; a save is picked up by the watch).
    pub fn open(&self) -> Option<std::fs::File> {
        let file = crate::plain::open_plain(&self.from).ok()?;
        let meta = file.metadata().ok()?;
        (inode_of(&meta) == self.inode).then_some(file)
    }

    /// Its bytes as they are now (for tests that compare a whole site).
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut file = self.open().ok_or(io::ErrorKind::NotFound)?;
        io::Read::read_to_end(&mut file, &mut bytes)?;
        Ok(bytes)
    }
}

#[cfg(unix)]
fn inode_of(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn inode_of(_meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// A site kept in memory: the sink serve builds into. Rendered files are held whole;
/// files published as they are, only by where they are ([`Copied`]).
#[derive(Default)]
pub struct InMemory {
    files: Mutex<HashMap<String, std::sync::Arc<[u8]>>>,
    copied: Mutex<HashMap<String, Copied>>,
}

/// The rendered files of a site in memory, by path.
pub type Files = HashMap<String, std::sync::Arc<[u8]>>;

impl InMemory {
    /// The rendered files and the copied ones, apart.
    pub fn into_parts(self) -> (Files, HashMap<String, Copied>) {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let copied = self.copied.into_inner().unwrap_or_else(|e| e.into_inner());
        (files, copied)
    }

    /// Every file of the site with its bytes, the copied ones read now: what a build
    /// writes, to compare with.
    pub fn into_files(self) -> Files {
        let (mut files, copied) = self.into_parts();
        for (path, file) in copied {
            if let Ok(bytes) = file.read() {
                files.insert(path, std::sync::Arc::from(bytes));
            }
        }
        files
    }
}

impl Sink for InMemory {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| io::Error::other("a thread rendering the site panicked"))?;
        files.insert(path.to_string(), std::sync::Arc::from(bytes));
        Ok(())
    }

    fn copy(&self, file: &CopiedFile) -> io::Result<()> {
        let Some(copied) = Copied::look(&file.from, &file.to)? else {
            return Ok(());
        };
        self.copied
            .lock()
            .map_err(|_| io::Error::other("a thread rendering the site panicked"))?
            .insert(file.to.clone(), copied);
        Ok(())
    }
}

/// A new site being written beside the build-dir. Files go into a temp folder;
/// [`Staging::commit`] writes the mark and swaps it in. Dropped without a commit, it
/// removes the temp folder and the build-dir is untouched.
pub struct Staging {
    temp: PathBuf,
    target: PathBuf,
    written: Mutex<Manifest>,
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
    committed: bool,
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
    lock: Option<Lock>,
    /// Who held a lock that had not been refreshed for a long time and was taken over.
    pub took_over: Option<Holder>,
    /// Old sites and staging folders of earlier builds, provably done with, that could
    /// not be removed now either (a folder without write permission, a file in use): said
    /// again on every build until they are gone.
    pub left_over: Vec<(PathBuf, io::ErrorKind)>,
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
/// making them (reused: made from the same recipe).
#[derive(Debug, Default)]
pub struct Counts {
    pub written: AtomicUsize,
    pub linked: AtomicUsize,
    pub reused: AtomicUsize,
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
        let (lock, took_over) = Lock::take(build_dir, command).map_err(|busy| match busy {
            lock::Busy::Held(holder) => Refusal::Busy(holder),
            lock::Busy::Unusable => Refusal::LockUnusable,
            lock::Busy::Io(err) => Refusal::Io(err),
        })?;
        let previous = check_ownership(build_dir)?;
        // The new site is made beside it and renamed into its place: never a mount's.
        if ownership::is_mount_point(build_dir, &parent) {
            return Err(Refusal::MountPoint);
        }
        let me = lock::Owner::me();
        let left_over = clean_leftovers(&parent, &name, &me);
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
        let temp_id = folder_id(&temp);
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
        let mut made_from: HashMap<u128, Vec<String>> = HashMap::new();
        for (path, entry) in previous.iter().flat_map(|p| &p.files) {
            if entry.recipe != 0 {
                made_from
                    .entry(entry.recipe)
                    .or_default()
                    .push(path.clone());
            }
        }
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
            if manifest != *previous {
                manifest.write(&self.target)?;
            }
            // Only folders are in it; should one stay, the next build clears it.
            let _ = std::fs::remove_dir_all(&self.temp);
            self.committed = true;
            return Ok(Committed {
                manifest,
                kept: None,
                stale: None,
                counts: std::mem::take(&mut self.counts),
                lock: self.lock.take(),
            });
        }
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
        self.make_dirs(taken.keys().map(String::as_str))?;
        self.enter(taken.keys().map(String::as_str))?;
        let links_work = AtomicBool::new(true);
        taken
            .into_par_iter()
            .map(|(path, Taken { entry, reused })| {
                let (old, new) = (self.target.join(&path), self.temp.join(&path));
                if links_work.load(Ordering::Relaxed) && std::fs::hard_link(&old, &new).is_ok() {
                    // A link put at the old path since it was checked is linked as a link:
                    // never published.
                    if std::fs::symlink_metadata(&new).is_ok_and(|m| m.is_file()) {
                        return Ok((path, entry));
                    }
                    remove_file_or_gone(&new)?;
                    return Err(io::Error::other(Interference::OldSiteChanged));
                }
                // Another file system, FAT, some shares: from now on every file is copied,
                // into a new file (never through a link to the old site).
                links_work.store(false, Ordering::Relaxed);
                remove_file_or_gone(&new)?;
                let mut source = open_no_follow(&old)?;
                io::copy(&mut source, &mut create_new(&new)?)?;
                let counted = if reused {
                    &self.counts.reused
                } else {
                    &self.counts.linked
                };
                counted.fetch_sub(1, Ordering::Relaxed);
                self.counts.written.fetch_add(1, Ordering::Relaxed);
                // The old file was checked a while ago: no time, so that the next build
                // trusts the copy only by its hash.
                Ok((path, Entry { mtime: 0, ..entry }))
            })
            .collect()
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

/// Removes a file; one that is not there is no error.
fn remove_file_or_gone(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// `err`, naming `path`.
fn at_file(err: io::Error, path: &Path) -> io::Error {
    if err.get_ref().is_some_and(|inner| inner.is::<FileError>()) {
        return err;
    }
    io::Error::new(
        err.kind(),
        FileError {
            path: path.to_path_buf(),
            source: err,
        },
    )
}

/// Opens a plain file for reading, refusing a link at its last part (and a FIFO).
fn open_no_follow(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(Interference::OldSiteChanged));
    }
    Ok(file)
}

/// A site put in place.
pub struct Committed {
    /// Its mark: what the site on disk now holds.
    pub manifest: Manifest,
    /// Where the old site was kept because files appeared in it during the build.
    pub kept: Option<PathBuf>,
    /// Where the old site is left because a file in it is in use (a browser, an editor
    /// or an antivirus holds it open, on Windows): the next build removes it.
    pub stale: Option<(PathBuf, io::ErrorKind)>,
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
    /// build) is left out, as a build a moment later would leave it out.
    fn copy(&self, file: &CopiedFile) -> io::Result<()> {
        use crate::plain::{open_plain, Unread};
        let mut source = match open_plain(&file.from) {
            Ok(source) => source,
            Err(Unread::Io(err))
                if matches!(
                    err.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::IsADirectory
                ) =>
            {
                return Ok(())
            }
            Err(Unread::Special) => return Ok(()),
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

/// The recipe of an asset copied to `to` from a source file `meta` describes: its size,
/// times and identity. The same recipe means the same source file, untouched, so the
/// previous build's copy can be taken without reading either.
fn asset_recipe(to: &str, meta: &std::fs::Metadata) -> Recipe {
    let stamp = Entry::of(b"").stamped(meta);
    #[cfg(unix)]
    let identity = {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    };
    #[cfg(not(unix))]
    let identity = (0u64, 0u64);
    Recipe(0).then(|mix| {
        use std::hash::Hash;
        ("asset", to, meta.len(), stamp.mtime, stamp.ctime, identity).hash(mix);
    })
}

/// Copies `source` into `out` a piece at a time (never the whole file in memory), and
/// returns the size and hash of what was copied. `from` and `shown` name the two in an
/// error.
fn stream(
    source: &mut std::fs::File,
    from: &Path,
    out: &mut std::fs::File,
    shown: &Path,
) -> io::Result<Entry> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut size = 0u64;
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        let n = match io::Read::read(source, &mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(at_file(err, from)),
        };
        hasher.update(&buffer[..n]);
        out.write_all(&buffer[..n]).map_err(|e| at_file(e, shown))?;
        size += n as u64;
    }
    Ok(Entry {
        size,
        hash: hasher.digest(),
        mtime: 0,
        ctime: 0,
        recipe: 0,
    })
}

/// Writes `bytes` to a new plain file at `path`: whatever is there (a file a crash
/// left, or a link someone put there) is removed first, never written through.
pub(crate) fn write_fresh(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = create_new(path)?;
    file.write_all(bytes)
}

/// Whether every folder from `root` down to `path`'s folder is a real folder, not a
/// link: a link put inside the site must not lead a write or a removal elsewhere.
fn no_link_on_the_way(root: &Path, path: &Path) -> bool {
    let Ok(below) = path.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    if at.symlink_metadata().map_or(true, |m| !m.is_dir()) {
        return false;
    }
    let mut parts: Vec<_> = below.components().collect();
    parts.pop();
    for part in parts {
        at.push(part);
        match at.symlink_metadata() {
            Ok(meta) if meta.is_dir() => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => return true,
            _ => return false,
        }
    }
    true
}

/// Creates a new file of the new site at `target`, making its folders as files need
/// them: a build that changes nothing makes none.
fn create_in_site(target: &Path) -> io::Result<std::fs::File> {
    match create_new(target) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            if let Some(folder) = target.parent() {
                std::fs::create_dir_all(folder)?;
            }
            create_new(target)
        }
        other => other,
    }
}

/// Creates a new file at `path`. Should a file be there already (two pages whose paths
/// differ only in case, on a file system that ignores case), it is removed first and
/// never written through: it may be a link to the previous build's file, which must
/// stay as it was until the swap.
fn create_new(path: &Path) -> io::Result<std::fs::File> {
    match std::fs::File::create_new(path) {
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            std::fs::File::create_new(path)
        }
        other => other,
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
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::swap::retrying;
    use super::*;
    use crate::render::Page;
    use std::time::SystemTime;

    /// The pid of a process that has just ended: a maker provably gone.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn a_file_in_use_is_waited_for_and_other_errors_are_not() {
        let mut calls = 0;
        let busy = || io::Error::from(io::ErrorKind::ResourceBusy);
        let result = retrying(|| {
            calls += 1;
            if calls < 3 {
                Err(busy())
            } else {
                Ok(())
            }
        });
        assert!(result.is_ok());
        assert_eq!(calls, 3);
        let mut calls = 0;
        let result = retrying(|| {
            calls += 1;
            Err(io::Error::from(io::ErrorKind::NotFound))
        });
        assert!(result.is_err());
        assert_eq!(calls, 1, "not worth waiting for");
    }
    use rayon::prelude::*;

    /// Writes `pages` and `files` as the new content of `build_dir`.
    fn write_site(
        build_dir: &Path,
        pages: &[Page],
        files: &[CopiedFile],
    ) -> Result<Manifest, Refusal> {
        let staging = Staging::new(build_dir, "build")?;
        pages
            .par_iter()
            .try_for_each(|page| staging.put(&page.path, &page.bytes))?;
        files.par_iter().try_for_each(|file| staging.copy(file))?;
        Ok(staging.commit()?.manifest)
    }

    #[test]
    fn unsafe_build_dirs_are_recognised() {
        let root = Path::new("/srv/book");
        let content = Path::new("/srv/book/content");
        assert!(is_unsafe_build_dir(root, content, Path::new("/srv/book")));
        assert!(is_unsafe_build_dir(root, content, Path::new("/srv/book/.")));
        assert!(is_unsafe_build_dir(root, content, Path::new("/srv")));
        assert!(is_unsafe_build_dir(
            root,
            content,
            Path::new("/srv/book/content")
        ));
        assert!(is_unsafe_build_dir(
            root,
            content,
            Path::new("/srv/book/content/site")
        ));
        assert!(!is_unsafe_build_dir(
            root,
            content,
            Path::new("/srv/book/site")
        ));
        assert!(!is_unsafe_build_dir(
            root,
            content,
            Path::new("/srv/book/../book-site")
        ));
    }

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn someone_elses_folder_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("theirs");
        std::fs::create_dir_all(theirs.join("sub")).unwrap();
        std::fs::write(theirs.join("sub/thesis.docx"), "years of work").unwrap();
        let refused = write_site(&theirs, &[page("index.html", "x")], &[]);
        assert!(
            matches!(&refused, Err(Refusal::Foreign { first, count: 1 }) if first == &["sub/thesis.docx"]),
            "{refused:?}"
        );
        assert_eq!(
            std::fs::read_to_string(theirs.join("sub/thesis.docx")).unwrap(),
            "years of work"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_or_a_link_is_no_build_dir() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "mine").unwrap();
        assert!(matches!(check_ownership(&file), Err(Refusal::NotFolder)));
        #[cfg(unix)]
        {
            let empty = dir.path().join("empty");
            std::fs::create_dir(&empty).unwrap();
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&empty, &link).unwrap();
            assert!(matches!(check_ownership(&link), Err(Refusal::Link)));
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    }

    #[test]
    fn a_built_site_is_replaced_but_not_once_someone_adds_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        write_site(&site, &[page("a.html", "1")], &[]).unwrap();
        let manifest = Manifest::read(&site).unwrap().unwrap();
        assert!(manifest.files["a.html"].same_bytes(&Entry::of(b"1")));
        write_site(&site, &[page("a.html", "2")], &[]).unwrap();
        std::fs::write(site.join("upload.pdf"), "added by hand").unwrap();
        assert!(matches!(
            write_site(&site, &[page("a.html", "3")], &[]),
            Err(Refusal::Foreign { count: 1, .. })
        ));
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "2");
    }

    #[test]
    fn files_put_into_the_old_site_during_a_build_are_kept() {
        // A build that changes a file, and one that changes nothing (which would
        // otherwise leave the old site in place).
        for new in ["2", "1"] {
            let dir = tempfile::tempdir().unwrap();
            let site = dir.path().join("site");
            write_site(&site, &[page("a.html", "1")], &[]).unwrap();
            let staging = Staging::new(&site, "build").unwrap();
            staging.put("a.html", new.as_bytes()).unwrap();
            std::fs::write(site.join("通知.pdf"), "theirs").unwrap();
            // The kept names of this second and the next few are taken already (two
            // keeps in one second): another is found, and nothing is lost.
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            for second in now..now + 5 {
                let taken = dir.path().join(format!("site-kept-{second}"));
                std::fs::create_dir(&taken).unwrap();
                std::fs::write(taken.join("t"), "earlier").unwrap();
            }
            let kept = staging.commit().unwrap().kept.expect("old site kept");
            assert_eq!(
                std::fs::read_to_string(kept.join("通知.pdf")).unwrap(),
                "theirs"
            );
            assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), new);
            assert!(
                check_ownership(&site).is_ok(),
                "the new site is wholly ours"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_hand_edit_is_refused_and_bytes_put_back_are_linked() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(
            &site,
            &[page("a.html", "same"), page("b.html", "1234")],
            &[],
        )
        .unwrap();
        // Same size, other bytes, and a time of its own (a coarse clock could give the
        // edit the build's own time): the file is read, and its hash does not match.
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let write_then = |bytes: &str| {
            std::fs::write(site.join("b.html"), bytes).unwrap();
            std::fs::File::options()
                .write(true)
                .open(site.join("b.html"))
                .unwrap()
                .set_modified(an_hour_ago)
                .unwrap();
        };
        write_then("abcd");
        let refused = Staging::new(&site, "build");
        assert!(
            matches!(&refused, Err(Refusal::Edited { first, count: 1 }) if first == &["b.html"]),
            "{:?}",
            refused.err()
        );
        assert_eq!(
            std::fs::read_to_string(site.join("b.html")).unwrap(),
            "abcd"
        );
        // The written bytes again, with another time: read, trusted and linked.
        write_then("1234");
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let (old_a, old_b) = (inode(&site.join("a.html")), inode(&site.join("b.html")));
        let staging = Staging::new(&site, "build").unwrap();
        staging.put("a.html", b"same").unwrap();
        staging.put("b.html", b"1234").unwrap();
        assert_eq!(staging.counts.linked.load(Ordering::Relaxed), 2);
        assert_eq!(staging.counts.written.load(Ordering::Relaxed), 0);
        staging.commit().unwrap();
        assert_eq!(inode(&site.join("a.html")), old_a, "linked, not written");
        assert_eq!(inode(&site.join("b.html")), old_b, "linked, not written");
    }

    #[test]
    fn a_file_put_after_one_taken_at_its_path_stands_and_the_other_way_round() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[page("a.html", "old")], &[]).unwrap();
        // Taken (same bytes), then written over: the written one stands.
        let staging = Staging::new(&site, "build").unwrap();
        staging.put("a.html", b"old").unwrap();
        staging.put("a.html", b"new").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "new");
        // Written, then taken: the taken one stands, and no file is left behind.
        let staging = Staging::new(&site, "build").unwrap();
        staging.put("a.html", b"other").unwrap();
        staging.put("a.html", b"new").unwrap();
        let manifest = staging.commit().unwrap().manifest;
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "new");
        assert_eq!(Manifest::read(&site).unwrap(), Some(manifest));
    }

    #[cfg(unix)]
    #[test]
    fn a_build_that_changes_nothing_leaves_the_site_in_place() {
        use crate::render::recipe::Recipe;
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let build = |recipe: u128, extra: bool| {
            let staging = Staging::new(&site, "build").unwrap();
            if staging.reuse(Some(Recipe(recipe))).unwrap() == 0 {
                staging
                    .put_made("x/a.html", b"made", Some(Recipe(recipe)))
                    .unwrap();
            }
            staging.put("b.html", b"same").unwrap();
            if extra {
                staging.put("c.html", b"new").unwrap();
            }
            staging.commit().unwrap().manifest
        };
        let first = build(7, false);
        let folder = std::fs::metadata(&site).unwrap().ino();
        let mark = std::fs::metadata(site.join(manifest::MANIFEST))
            .unwrap()
            .ino();
        assert_eq!(build(7, false), first);
        assert_eq!(
            std::fs::metadata(&site).unwrap().ino(),
            folder,
            "not swapped"
        );
        assert_eq!(
            std::fs::metadata(site.join(manifest::MANIFEST))
                .unwrap()
                .ino(),
            mark,
            "the mark holds already"
        );
        // A file added: a new site, swapped in whole.
        build(7, true);
        assert_ne!(std::fs::metadata(&site).unwrap().ino(), folder);
        // A file made from another recipe into the same bytes: the site stays, and its
        // mark now names the new recipe.
        let folder = std::fs::metadata(&site).unwrap().ino();
        let remade = build(8, true);
        assert_eq!(std::fs::metadata(&site).unwrap().ino(), folder);
        assert_eq!(remade.files["x/a.html"].recipe, 8);
        assert_eq!(Manifest::read(&site).unwrap(), Some(remade));
        assert_eq!(
            std::fs::read_to_string(site.join("x/a.html")).unwrap(),
            "made"
        );
        // Nothing left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_forged_mark_naming_files_outside_the_site_makes_it_foreign() {
        use crate::render::recipe::Recipe;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let outside = dir.path().join("论文.docx");
        std::fs::write(&outside, "三年的工作").unwrap();
        let staging = Staging::new(&site, "build").unwrap();
        staging
            .put_made("a.html", b"page", Some(Recipe(7)))
            .unwrap();
        staging.commit().unwrap();
        // Someone with write access to the site points the mark's entry elsewhere.
        let mark = site.join(manifest::MANIFEST);
        let forged = std::fs::read_to_string(&mark)
            .unwrap()
            .replace("\ta.html", "\t../论文.docx");
        std::fs::write(&mark, forged).unwrap();
        let refused = Staging::new(&site, "build");
        assert!(
            matches!(refused, Err(Refusal::Foreign { .. })),
            "{:?}",
            refused.err()
        );
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "三年的工作");
        assert_eq!(
            std::fs::read_to_string(site.join("a.html")).unwrap(),
            "page"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_hand_edit_whose_time_was_put_back_is_still_seen() {
        use crate::render::recipe::Recipe;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let build = |text: &[u8]| {
            let staging = Staging::new(&site, "build").unwrap();
            if staging.reuse(Some(Recipe(7))).unwrap() == 0 {
                staging.put_made("a.html", text, Some(Recipe(7))).unwrap();
            }
            staging.put("b.html", b"same").unwrap();
            let counts = (
                staging.counts.written.load(Ordering::Relaxed),
                staging.counts.reused.load(Ordering::Relaxed),
            );
            staging.commit().unwrap();
            counts
        };
        build(b"1234");
        for name in ["a.html", "b.html"] {
            let path = site.join(name);
            let was = std::fs::metadata(&path).unwrap().modified().unwrap();
            std::fs::write(&path, "abcd").unwrap();
            std::fs::File::options()
                .append(true)
                .open(&path)
                .unwrap()
                .set_modified(was)
                .unwrap();
        }
        // Same size, same modification time: only the change time tells.
        let refused = Staging::new(&site, "build");
        assert!(
            matches!(&refused, Err(Refusal::Edited { count: 2, .. })),
            "{:?}",
            refused.err()
        );
        for name in ["a.html", "b.html"] {
            assert_eq!(std::fs::read_to_string(site.join(name)).unwrap(), "abcd");
        }
        // The written bytes put back, times and all: read once, and trusted.
        for (name, bytes) in [("a.html", "1234"), ("b.html", "same")] {
            let path = site.join(name);
            let was = std::fs::metadata(&path).unwrap().modified().unwrap();
            std::fs::write(&path, bytes).unwrap();
            std::fs::File::options()
                .append(true)
                .open(&path)
                .unwrap()
                .set_modified(was)
                .unwrap();
        }
        assert_eq!(build(b"1234"), (0, 1));
        // Untouched now: the next build takes both without reading them.
        assert_eq!(build(b"1234"), (0, 1));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_are_removed_only_when_their_maker_is_provably_gone() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let me = lock::Owner::me();
        let dead = dead_pid();
        let tag = me.machine_tag();
        let ours_dead = dir.path().join(format!(".site{TEMP_MARK}{tag}-{dead}-1"));
        // Another machine's running build, with a pid that exists here (our own).
        let theirs = dir.path().join(format!(
            ".site{TEMP_MARK}0badf00d-{}-{}",
            me.pid, me.started
        ));
        // An older studybook's folder, named by pid alone.
        let legacy = dir.path().join(format!(".site{TEMP_MARK}{dead}"));
        // An old site with someone's file in it, left under a temp name of a gone build.
        let old_with_theirs = dir.path().join(format!(".site{TEMP_MARK}{tag}-{dead}-2"));
        for folder in [&ours_dead, &theirs, &legacy, &old_with_theirs] {
            std::fs::create_dir_all(folder.join("notes")).unwrap();
            std::fs::write(folder.join("notes/a.html"), "half").unwrap();
        }
        for staging in [&ours_dead, &theirs, &legacy] {
            std::fs::write(staging.join(STAGING_MARK), "token\nnotes/a.html\n").unwrap();
        }
        write_site(&site, &[page("a.html", "1")], &[]).unwrap();
        assert!(!ours_dead.exists(), "a crash on this machine is cleaned");
        assert!(
            old_with_theirs.join("notes/a.html").is_file(),
            "never a folder with files studybook did not make"
        );
        assert!(
            theirs.join("notes/a.html").is_file(),
            "never another machine's"
        );
        assert!(legacy.join("notes/a.html").is_file(), "not without proof");
    }

    /// A dead build's folder is removed only while nothing was put into it after the
    /// build last wrote; a mark that says "retired" or "staging" alone proves nothing.
    #[cfg(unix)]
    #[test]
    fn a_leftover_with_files_put_in_later_is_named_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let me = lock::Owner::me();
        let dead = dead_pid();
        let tag = me.machine_tag();
        let folder = |n: u32| dir.path().join(format!(".site{TEMP_MARK}{tag}-{dead}-{n}"));
        // Its build last wrote a minute ago; the report went in just now.
        let staged_then_used = folder(1);
        std::fs::create_dir_all(staged_then_used.join("notes")).unwrap();
        std::fs::write(staged_then_used.join(STAGING_MARK), "token").unwrap();
        let minute_ago = SystemTime::now() - std::time::Duration::from_secs(60);
        std::fs::File::options()
            .append(true)
            .open(staged_then_used.join(STAGING_MARK))
            .unwrap()
            .set_modified(minute_ago)
            .unwrap();
        std::fs::write(staged_then_used.join("notes/年度总结.docx"), "theirs").unwrap();
        // A build killed at once, a report put in its folder the moment after.
        let killed_then_used = folder(3);
        std::fs::create_dir_all(killed_then_used.join("notes")).unwrap();
        std::fs::write(killed_then_used.join(STAGING_MARK), "token\nnotes/a.html\n").unwrap();
        std::fs::write(killed_then_used.join("notes/a.html"), "half").unwrap();
        std::fs::write(killed_then_used.join("工作总结.docx"), "theirs").unwrap();
        // A folder of someone's with an old studybook's retired mark put in it.
        let marked_retired = folder(2);
        std::fs::create_dir_all(marked_retired.join("工作")).unwrap();
        std::fs::write(marked_retired.join(".studybook-retired"), "").unwrap();
        std::fs::write(marked_retired.join("工作/年度总结.docx"), "theirs").unwrap();
        let mut staging = Staging::new(&site, "build").unwrap();
        let left: Vec<_> = staging.left_over.drain(..).collect();
        assert_eq!(
            std::fs::read_to_string(staged_then_used.join("notes/年度总结.docx")).unwrap(),
            "theirs"
        );
        assert_eq!(
            std::fs::read_to_string(marked_retired.join("工作/年度总结.docx")).unwrap(),
            "theirs"
        );
        assert_eq!(
            std::fs::read_to_string(killed_then_used.join("工作总结.docx")).unwrap(),
            "theirs"
        );
        for kept in [&staged_then_used, &marked_retired, &killed_then_used] {
            assert!(
                left.contains(&(kept.clone(), io::ErrorKind::DirectoryNotEmpty)),
                "{left:?}"
            );
        }
    }

    /// What a build that died half way left (pages written, files linked, its journal)
    /// is removed whole by the next build.
    #[cfg(unix)]
    #[test]
    fn what_a_dead_build_wrote_is_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(
            &site,
            &[page("a.html", "1"), page("notes/b.html", "2")],
            &[],
        )
        .unwrap();
        let mut staging = Staging::new(&site, "build").unwrap();
        staging.put("a.html", b"1").unwrap();
        staging.put("notes/c.html", b"3").unwrap();
        drop(staging.lock.take());
        let temp = staging.temp.clone();
        std::mem::forget(staging);
        let dead = dead_pid();
        let me = lock::Owner::me();
        let left = dir
            .path()
            .join(format!(".site{TEMP_MARK}{}-{dead}-1", me.machine_tag()));
        std::fs::rename(&temp, &left).unwrap();
        let staging = Staging::new(&site, "build").unwrap();
        assert!(staging.left_over.is_empty(), "{:?}", staging.left_over);
        assert!(!left.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_temp_folder_swapped_for_another_is_never_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[page("a.html", "good")], &[]).unwrap();
        let staging = Staging::new(&site, "build").unwrap();
        staging.put("a.html", b"new").unwrap();
        // Another program removes the staging folder and leaves a partial one there.
        std::fs::remove_dir_all(&staging.temp).unwrap();
        std::fs::create_dir(&staging.temp).unwrap();
        assert!(staging.commit().is_err());
        assert_eq!(
            std::fs::read_to_string(site.join("a.html")).unwrap(),
            "good"
        );
    }

    #[cfg(unix)]
    #[test]
    fn no_write_of_a_mark_or_a_page_goes_through_a_link_put_in_the_site() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let victim = dir.path().join("论文.docx");
        std::fs::write(&victim, "三年的工作").unwrap();
        let mut manifest =
            write_site(&site, &[page("a.html", "1"), page("x/b.html", "2")], &[]).unwrap();
        // The mark's temp name, and serve's page temp name, as links to the victim.
        let pid = std::process::id();
        symlink(&victim, site.join(format!("{}.{pid}", manifest::MANIFEST))).unwrap();
        symlink(&victim, site.join(format!(".s{TEMP_MARK}{pid}"))).unwrap();
        manifest.write(&site).unwrap();
        update_in_place(&site, &mut manifest, &[page("a.html", "changed")], &[], &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "三年的工作");
        assert_eq!(
            std::fs::read_to_string(site.join("a.html")).unwrap(),
            "changed"
        );
        assert!(site.join("a.html").symlink_metadata().unwrap().is_file());
        // A folder of the site replaced by a link elsewhere: nothing is written or
        // removed through it.
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("b.html"), "theirs").unwrap();
        std::fs::remove_dir_all(site.join("x")).unwrap();
        symlink(&elsewhere, site.join("x")).unwrap();
        update_in_place(
            &site,
            &mut manifest,
            &[page("x/b.html", "ours"), page("x/new.html", "ours")],
            &[],
            &["x/b.html".to_string()],
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("b.html")).unwrap(),
            "theirs"
        );
        assert!(!elsewhere.join("new.html").exists());
        // The build-dir itself replaced by a link: refused.
        let moved = dir.path().join("moved");
        std::fs::rename(&site, &moved).unwrap();
        symlink(&elsewhere, &site).unwrap();
        assert!(update_in_place(&site, &mut manifest, &[page("a.html", "3")], &[], &[]).is_err());
        assert!(!elsewhere.join("a.html").exists());
    }

    #[test]
    fn what_a_crash_left_behind_is_ours() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[page("a.html", "1")], &[]).unwrap();
        std::fs::write(site.join(".studybook-build.4242"), "half").unwrap();
        std::fs::write(site.join(".a.html.studybook-tmp-4242"), "half").unwrap();
        check_ownership(&site).unwrap();
        std::fs::write(site.join("notes.studybook-tmp-x"), "theirs").unwrap();
        assert!(check_ownership(&site).is_err());
    }

    #[test]
    fn serve_never_overwrites_a_file_put_at_a_page_path() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let mut manifest = write_site(&site, &[page("a.html", "1")], &[]).unwrap();
        std::fs::write(site.join("b.html"), "theirs").unwrap();
        update_in_place(
            &site,
            &mut manifest,
            &[page("a.html", "2"), page("b.html", "ours")],
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "2");
        assert_eq!(
            std::fs::read_to_string(site.join("b.html")).unwrap(),
            "theirs"
        );
        assert!(!manifest.files.contains_key("b.html"));
    }

    #[test]
    fn serve_never_overwrites_or_removes_a_page_edited_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let mut manifest = write_site(
            &site,
            &[
                page("a.html", "one"),
                page("b.html", "two"),
                page("c.html", "333"),
            ],
            &[],
        )
        .unwrap();
        // Edited by hand, same size, and the old modification time put back.
        for name in ["a.html", "b.html"] {
            let path = site.join(name);
            let time = path.metadata().unwrap().modified().unwrap();
            std::fs::write(&path, "own").unwrap();
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(time)
                .unwrap();
        }
        let edited = update_in_place(
            &site,
            &mut manifest,
            &[page("a.html", "new"), page("c.html", "new")],
            &[],
            &["b.html".to_string()],
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "own");
        assert_eq!(std::fs::read_to_string(site.join("b.html")).unwrap(), "own");
        assert_eq!(std::fs::read_to_string(site.join("c.html")).unwrap(), "new");
        assert_eq!(edited, ["b.html", "a.html"]);
        // Still listed as what serve wrote: the next build names them as edited.
        assert!(manifest.files.contains_key("a.html"));
        assert!(manifest.files.contains_key("b.html"));
        assert!(matches!(
            check_ownership(&site),
            Err(Refusal::Edited { count: 2, .. })
        ));
        // A page serve itself wrote is known by its times at the next save.
        update_in_place(&site, &mut manifest, &[page("c.html", "again")], &[], &[]).unwrap();
        assert_eq!(
            std::fs::read_to_string(site.join("c.html")).unwrap(),
            "again"
        );
    }

    #[test]
    fn a_batch_that_fails_half_way_lists_only_what_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[page("a.html", "old"), page("b.html", "old")], &[]).unwrap();
        let mut manifest = Manifest::read(&site).unwrap().unwrap();
        let was_b = manifest.files["b.html"];
        // The second page's name is past what the disk takes: its rename fails.
        let long = format!("{}.html", "长".repeat(120));
        let failed = update_in_place(
            &site,
            &mut manifest,
            &[
                page("a.html", "new"),
                page(&long, "x"),
                page("b.html", "new"),
            ],
            &[],
            &[],
        );
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(site.join("b.html")).unwrap(), "old");
        // Listed as what is there: a.html written, b.html as before, the long one not.
        assert!(manifest.files["a.html"].same_bytes(&Entry::of(b"new")));
        assert_eq!(manifest.files["b.html"], was_b);
        assert!(!manifest.files.contains_key(&long));
        assert_eq!(Manifest::read(&site).unwrap().unwrap().files.len(), 2);
        assert!(check_ownership(&site).is_ok(), "no page is called edited");
    }

    #[test]
    fn a_second_write_replaces_the_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[page("a.html", "1"), page("x/b.html", "2")], &[]).unwrap();
        write_site(&site, &[page("a.html", "3")], &[]).unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "3");
        assert!(!site.join("x").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
