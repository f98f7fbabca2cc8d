//! Reading a file only when it is a plain one: never a FIFO (which would block for
//! good), a socket or a device, and never more than a limit. Every stage that reads a
//! file someone else put there (book.toml, the roster, notes, the old site's pages)
//! reads it this way.

use std::io::{self, Read};
use std::path::Path;

/// Why a file's bytes were not read.
#[derive(Debug)]
pub enum Unread {
    /// Over the limit: the size found.
    TooLarge(u64),
    /// Not a plain file once opened (it was swapped for a FIFO or a device).
    Special,
    Io(io::Error),
}

/// The bytes of the plain file at `path`, at most `limit` of them. Opened without
/// waiting (a FIFO put there since the walk does not block), and checked to be a plain
/// file before a byte is read.
pub fn read_plain(path: &Path, limit: u64) -> Result<Vec<u8>, Unread> {
    let file = open_plain(path)?;
    let size = file.metadata().map_err(Unread::Io)?.len();
    if size > limit {
        return Err(Unread::TooLarge(size));
    }
    // One byte more than the size, so that the read ends without growing the buffer.
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // Read no further than the limit, should the file grow while it is read.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Unread::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Unread::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`read_plain`] for the site's data files (roster, plan): at most 16 MB, and the
/// error of an `io::Error` so that the callers' messages stay as they are.
pub fn read_data(path: &Path) -> io::Result<Vec<u8>> {
    match read_plain(path, 16 << 20) {
        Ok(bytes) => Ok(bytes),
        Err(Unread::Io(err)) => Err(err),
        Err(Unread::TooLarge(_)) => Err(io::Error::from(io::ErrorKind::FileTooLarge)),
        Err(Unread::Special) => Err(io::Error::other(NotPlain)),
    }
}

/// [`read_data`] for a file of the site (the roster, the plan, the scheme), refused when
/// a link takes it out of `root`: what is read as data is quoted in messages, and a
/// roster linked to /etc/passwd would show its lines.
pub fn read_data_inside(path: &Path, root: &Path) -> io::Result<Vec<u8>> {
    if let (Ok(real), Ok(root)) = (path.canonicalize(), root.canonicalize()) {
        if !real.starts_with(&root) {
            return Err(io::Error::other(OutsideSite));
        }
    }
    read_data(path)
}

/// A data file that a link takes out of the site: carried in an `io::Error` so that
/// the message says so.
#[derive(Debug, thiserror::Error)]
#[error("a link out of the site")]
pub struct OutsideSite;

/// A data file that is a FIFO, a socket or a device: carried in an `io::Error` so that
/// the message says so.
#[derive(Debug, thiserror::Error)]
#[error("not a plain file")]
pub struct NotPlain;

/// Opens `path` for reading only if it is a plain file, without blocking on a FIFO.
pub fn open_plain(path: &Path) -> Result<std::fs::File, Unread> {
    let mut options = std::fs::File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(Unread::Io)?;
    let meta = file.metadata().map_err(Unread::Io)?;
    if meta.is_dir() {
        return Err(Unread::Io(io::ErrorKind::IsADirectory.into()));
    }
    if !meta.is_file() {
        return Err(Unread::Special);
    }
    Ok(file)
}
