//! The file operations the writers share: a new file is made, never written through
//! one that is there (a link someone put at its path); a folder on the way that is a
//! link is seen; an error names its file.

use super::manifest::Entry;
use super::FileError;
use std::io::{self, Write};
use std::path::Path;

/// Removes a file; one that is not there is no error.
pub(super) fn remove_file_or_gone(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// `err`, naming `path`.
pub(super) fn at_file(err: io::Error, path: &Path) -> io::Error {
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
pub(super) fn open_no_follow(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(super::Interference::OldSiteChanged));
    }
    Ok(file)
}

/// Copies `source` into `out` a piece at a time (never the whole file in memory), and
/// returns the size and hash of what was copied. `from` and `shown` name the two in an
/// error.
pub(super) fn stream(
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
#[cfg(not(unix))]
pub(super) fn no_link_on_the_way(root: &Path, path: &Path) -> bool {
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
pub(super) fn create_in_site(target: &Path) -> io::Result<std::fs::File> {
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
pub(super) fn create_new(path: &Path) -> io::Result<std::fs::File> {
    match std::fs::File::create_new(path) {
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            std::fs::File::create_new(path)
        }
        other => other,
    }
}
