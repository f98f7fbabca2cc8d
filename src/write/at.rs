//! A folder held open, and the renames, links and removals made inside it by name: an
//! update in place works in the built site through these, so that a folder of the site
//! swapped for a link while it runs (by someone with write access to the site) leads
//! nowhere. Each part of a path is opened without following a link (Unix: `openat`
//! with `O_NOFOLLOW`, the calls ending in `at`); elsewhere each step checks the path for
//! links first, as the rest of the writer does.

use std::io;
use std::path::{Path, PathBuf};

/// A folder, opened once.
pub(super) struct Folder {
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
    /// Where it is, for messages (and, where there is no `openat`, to work by path).
    path: PathBuf,
}

/// `rel` as its folder (`""` for the top) and its name.
pub(super) fn split(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}

#[cfg(unix)]
mod sys {
    use std::ffi::CString;
    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    pub fn name(name: &str) -> io::Result<CString> {
        // One plain part: the mark's paths are checked so, and a name with a `/` or a
        // NUL would reach elsewhere.
        if name.is_empty() || name == "." || name == ".." || name.contains('/') {
            return Err(io::Error::from(io::ErrorKind::InvalidInput));
        }
        CString::new(name).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))
    }

    fn check(rc: libc::c_int) -> io::Result<()> {
        if rc < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    const FOLDER: libc::c_int =
        libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC;

    pub fn open_folder(path: &std::path::Path) -> io::Result<OwnedFd> {
        use std::os::unix::ffi::OsStrExt;
        let path = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: a valid NUL-terminated path; the fd returned is owned from here on.
        let fd = unsafe { libc::open(path.as_ptr(), FOLDER) };
        check(fd)?;
        // SAFETY: `fd` was just opened and is owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }

    pub fn open_sub(dir: &OwnedFd, name: &str, create: bool) -> io::Result<OwnedFd> {
        let c = self::name(name)?;
        if create {
            // SAFETY: a valid fd and NUL-terminated name.
            let made = unsafe { libc::mkdirat(dir.as_raw_fd(), c.as_ptr(), 0o777) };
            if made < 0 {
                let err = io::Error::last_os_error();
                if err.kind() != io::ErrorKind::AlreadyExists {
                    return Err(err);
                }
            }
        }
        // SAFETY: as above; the fd returned is owned from here on.
        let fd = unsafe { libc::openat(dir.as_raw_fd(), c.as_ptr(), FOLDER) };
        check(fd)?;
        // SAFETY: `fd` was just opened and is owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }

    pub fn open_file(dir: &OwnedFd, name: &str) -> io::Result<std::fs::File> {
        let c = self::name(name)?;
        let flags = libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK;
        // SAFETY: a valid fd and NUL-terminated name; the fd returned is owned from here.
        let fd = unsafe { libc::openat(dir.as_raw_fd(), c.as_ptr(), flags) };
        check(fd)?;
        // SAFETY: `fd` was just opened and is owned by nobody else.
        Ok(std::fs::File::from(unsafe { OwnedFd::from_raw_fd(fd) }))
    }

    pub fn create(dir: &OwnedFd, name: &str) -> io::Result<std::fs::File> {
        let c = self::name(name)?;
        let flags =
            libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_NOFOLLOW | libc::O_CLOEXEC;
        // SAFETY: a valid fd and NUL-terminated name; the fd returned is owned from here.
        let fd = unsafe { libc::openat(dir.as_raw_fd(), c.as_ptr(), flags, 0o666 as libc::c_uint) };
        check(fd)?;
        // SAFETY: `fd` was just opened and is owned by nobody else.
        Ok(std::fs::File::from(unsafe { OwnedFd::from_raw_fd(fd) }))
    }

    pub fn rename(from: &OwnedFd, from_name: &str, to: &OwnedFd, to_name: &str) -> io::Result<()> {
        let (a, b) = (self::name(from_name)?, self::name(to_name)?);
        // SAFETY: valid fds and NUL-terminated names.
        check(unsafe { libc::renameat(from.as_raw_fd(), a.as_ptr(), to.as_raw_fd(), b.as_ptr()) })
    }

    pub fn link(from: &OwnedFd, from_name: &str, to: &OwnedFd, to_name: &str) -> io::Result<()> {
        let (a, b) = (self::name(from_name)?, self::name(to_name)?);
        // SAFETY: valid fds and NUL-terminated names; no flag: a link is not followed.
        check(unsafe { libc::linkat(from.as_raw_fd(), a.as_ptr(), to.as_raw_fd(), b.as_ptr(), 0) })
    }

    pub fn remove(dir: &OwnedFd, name: &str, folder: bool) -> io::Result<()> {
        let c = self::name(name)?;
        let flags = if folder { libc::AT_REMOVEDIR } else { 0 };
        // SAFETY: a valid fd and NUL-terminated name.
        check(unsafe { libc::unlinkat(dir.as_raw_fd(), c.as_ptr(), flags) })
    }
}

impl Folder {
    /// Opens the folder at `path`, which must be a folder and not a link to one.
    pub fn open(path: &Path) -> io::Result<Folder> {
        #[cfg(unix)]
        {
            Ok(Folder {
                fd: sys::open_folder(path)?,
                path: path.to_path_buf(),
            })
        }
        #[cfg(not(unix))]
        {
            if !path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                return Err(io::Error::other(
                    crate::io_error::Interference::OldSiteChanged,
                ));
            }
            Ok(Folder {
                path: path.to_path_buf(),
            })
        }
    }

    /// The folder at `rel` below this one (`""`: this one), each part opened without
    /// following a link, and made where it is missing when `create`.
    pub fn folder(&self, rel: &str, create: bool) -> io::Result<Folder> {
        #[cfg(unix)]
        {
            let mut fd = self.fd.try_clone()?;
            for part in rel.split('/').filter(|p| !p.is_empty()) {
                fd = sys::open_sub(&fd, part, create)?;
            }
            Ok(Folder {
                fd,
                path: self.path.join(rel),
            })
        }
        #[cfg(not(unix))]
        {
            let path = self.path.join(rel);
            if !super::files::no_link_on_the_way(&self.path, &path.join("x")) {
                return Err(io::Error::other(
                    crate::io_error::Interference::OldSiteChanged,
                ));
            }
            if create {
                std::fs::create_dir_all(&path)?;
            }
            Folder::open(&path)
        }
    }

    /// Where the file `name` of this folder is, for messages.
    pub fn path_of(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// Opens the plain file `name` for reading, not through a link.
    pub fn open_file(&self, name: &str) -> io::Result<std::fs::File> {
        #[cfg(unix)]
        {
            sys::open_file(&self.fd, name)
        }
        #[cfg(not(unix))]
        {
            super::files::open_no_follow(&self.path.join(name))
        }
    }

    /// Makes the file `name` for writing, new (one of that name is removed first, never
    /// followed if it is a link).
    pub fn create_file(&self, name: &str) -> io::Result<std::fs::File> {
        #[cfg(unix)]
        {
            match sys::create(&self.fd, name) {
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                    sys::remove(&self.fd, name, false)?;
                    sys::create(&self.fd, name)
                }
                other => other,
            }
        }
        #[cfg(not(unix))]
        {
            super::files::create_new(&self.path.join(name))
        }
    }

    /// Moves `from_name` of the folder `from` here, as `name`, over what is there.
    pub fn rename_in(&self, name: &str, from: &Folder, from_name: &str) -> io::Result<()> {
        #[cfg(unix)]
        {
            sys::rename(&from.fd, from_name, &self.fd, name)
        }
        #[cfg(not(unix))]
        {
            std::fs::rename(from.path.join(from_name), self.path.join(name))
        }
    }

    /// Gives the file `name` of this folder a second name, `to_name` in `to`.
    pub fn hard_link(&self, name: &str, to: &Folder, to_name: &str) -> io::Result<()> {
        #[cfg(unix)]
        {
            sys::link(&self.fd, name, &to.fd, to_name)
        }
        #[cfg(not(unix))]
        {
            std::fs::hard_link(self.path.join(name), to.path.join(to_name))
        }
    }

    /// Removes the file `name`, or the empty folder `name` when `folder`.
    pub fn remove(&self, name: &str, folder: bool) -> io::Result<()> {
        #[cfg(unix)]
        {
            sys::remove(&self.fd, name, folder)
        }
        #[cfg(not(unix))]
        {
            let path = self.path.join(name);
            if folder {
                std::fs::remove_dir(path)
            } else {
                std::fs::remove_file(path)
            }
        }
    }
}

/// Whether `err`, from opening a folder or a file by name, says it is not there or not
/// what it was: gone, a file where a folder was, or a link (which is never followed).
pub(super) fn gone_or_replaced(err: &io::Error) -> bool {
    #[cfg(unix)]
    if err.raw_os_error() == Some(libc::ELOOP) {
        return true;
    }
    let refused = err
        .get_ref()
        .is_some_and(|inner| inner.is::<crate::io_error::Interference>());
    refused
        || matches!(
            err.kind(),
            io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
        )
}
