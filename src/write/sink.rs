//! Where the pipeline puts a site's files ([`Sink`]): serve's memory ([`InMemory`]) here,
//! a build's staging folder in [`super::staging`]. A file published as it is travels as
//! a [`CopiedFile`] and is held by serve as a [`Copied`].

use super::files::at_file;
use super::manifest::Entry;
use crate::render::recipe::Recipe;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file copied as is (an image from the content folder).
#[derive(Debug, Clone)]
pub struct CopiedFile {
    pub from: PathBuf,
    /// Destination, relative to the site root.
    pub to: String,
}

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
    /// Where it is published: its stamp is worked out with it.
    to: String,
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
            to: to.to_string(),
        }))
    }

    /// The file, open for reading, if it is still the one looked at, as it was then (its
    /// size and times the same): a file written over since is not what was screened (a
    /// picture overwritten with a key), and is sent or copied again only once it has
    /// been looked at afresh (the watch picks the save up).
    pub fn open(&self) -> Option<std::fs::File> {
        let file = crate::plain::open_plain(&self.from).ok()?;
        let meta = file.metadata().ok()?;
        let same = inode_of(&meta) == self.inode && asset_recipe(&self.to, &meta).0 == self.stamp;
        same.then_some(file)
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

/// The recipe of an asset copied to `to` from a source file `meta` describes: its size,
/// times and identity. The same recipe means the same source file, untouched, so the
/// previous build's copy can be taken without reading either.
pub(super) fn asset_recipe(to: &str, meta: &std::fs::Metadata) -> Recipe {
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
