//! Putting a new site in place of the old one, and removing what old sites and dead
//! builds left: the swap (one rename where the system can exchange two paths), the old
//! site retired, leftovers beside the build-dir removed only when provably nobody's.

use super::manifest;
use super::ownership::{check_ownership, Refusal};
use super::{lock, remove_file_or_gone, OLD_MARK, STAGING_MARK, TEMP_MARK};
use std::io;
use std::path::{Path, PathBuf};

/// What became of the old site once the new one was in place.
pub(super) enum Retired {
    Removed,
    /// Files were put into it during the build: kept under a name of its own.
    Kept(PathBuf),
    /// It could not be removed yet (a file in use, or a folder that cannot be written),
    /// and why; it is ours and hidden, and the next build tries again.
    Stuck(PathBuf, io::Error),
}

/// Puts the new site in place, then retires the old one. A rename that fails because a
/// file is in use is tried again for a few seconds; if it still fails, the old site is
/// where it was and the error is returned: never half a site.
pub(super) fn swap_in(
    temp: &Path,
    build_dir: &Path,
    parent: &Path,
    name: &str,
) -> io::Result<Retired> {
    if build_dir.symlink_metadata().is_err() {
        return retrying(|| std::fs::rename(temp, build_dir)).map(|()| Retired::Removed);
    }
    if exchange(temp, build_dir)? {
        // `temp` now holds the old site.
        return retire(temp, parent, name);
    }
    let me = lock::Owner::me();
    let old = parent.join(format!(
        ".{name}{OLD_MARK}{}-{}-{}",
        me.machine_tag(),
        me.pid,
        me.started
    ));
    retrying(|| std::fs::rename(build_dir, &old))?;
    if let Err(err) = retrying(|| std::fs::rename(temp, build_dir)) {
        let _ = retrying(|| std::fs::rename(&old, build_dir));
        return Err(err);
    }
    retire(&old, parent, name)
}

/// Deletes the old site, unless someone put files into it while the build ran (it was
/// checked before, but a build takes a while): then it is kept beside the build-dir,
/// under a name of its own. One that cannot be deleted yet is left for the next build.
pub(super) fn retire(old: &Path, parent: &Path, name: &str) -> io::Result<Retired> {
    match check_ownership(old) {
        Ok(_) => {
            return Ok(match retrying(|| remove_retired(old)) {
                Ok(()) => Retired::Removed,
                Err(err) => Retired::Stuck(old.to_path_buf(), err),
            })
        }
        // It could not be looked through (too many files open, a folder unreadable):
        // nobody is known to have put anything in it. Left for the next build, which
        // looks again.
        Err(Refusal::Io(err)) => return Ok(Retired::Stuck(old.to_path_buf(), err)),
        Err(_) => {}
    }
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // A name nobody has: two keeps in one second, or a folder of that name put there
    // by hand, must not make the rename fail (the new site is already in place, and a
    // failure here would leave the old one, with someone's files, to be cleaned up).
    let free = (0..1000)
        .map(|n| match n {
            0 => parent.join(format!("{name}-kept-{stamp}")),
            n => parent.join(format!("{name}-kept-{stamp}-{n}")),
        })
        .find(|kept| kept.symlink_metadata().is_err());
    if let Some(kept) = free {
        if retrying(|| std::fs::rename(old, &kept)).is_ok() {
            return Ok(Retired::Kept(kept));
        }
    }
    // It stays where it is, under its temp name, and is said to be kept there.
    Ok(Retired::Kept(old.to_path_buf()))
}

/// Removes an old site of studybook's, its mark last: what a failure leaves is still
/// a site its mark vouches for, which the next build checks and removes as any other.
pub(super) fn remove_retired(old: &Path) -> io::Result<()> {
    let mut first_error = None;
    for entry in std::fs::read_dir(old)?.flatten() {
        if entry.file_name() == manifest::MANIFEST {
            continue;
        }
        let path = entry.path();
        let removed = match entry.file_type() {
            Ok(kind) if kind.is_dir() => remove_tree(&path),
            _ => remove_file_or_gone(&path),
        };
        if let Err(err) = removed {
            first_error.get_or_insert(err);
        }
    }
    match first_error {
        Some(err) => Err(err),
        None => remove_tree(old),
    }
}

/// How much later than its journal's last entry a file in a dead build's staging
/// folder may have changed and still be the build's own (seconds): the time to finish
/// writing a large file.
#[cfg(unix)]
pub(super) const STAGING_SLACK: u64 = 10;

#[cfg(unix)]
pub(super) fn unix_seconds(time: std::time::SystemTime) -> u64 {
    time.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Whether everything in the staging folder of a build that is gone is that build's:
/// every file in it is named in its journal (the [`STAGING_MARK`]), and nothing in it
/// changed later than the journal's last entry. Where a system keeps no change time,
/// nothing is proved.
pub(super) fn staged_by_its_build(folder: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mark = folder.join(STAGING_MARK);
        let Ok(meta) = mark.symlink_metadata() else {
            return false;
        };
        if !meta.is_file() || meta.len() > 64 << 20 {
            return false;
        }
        let Ok(journal) = std::fs::read_to_string(&mark) else {
            return false;
        };
        let entered: std::collections::HashSet<&str> = journal.lines().skip(1).collect();
        let last = meta.modified().map_or(0, unix_seconds) + STAGING_SLACK;
        walkdir::WalkDir::new(folder)
            .min_depth(1)
            .into_iter()
            .all(|entry| {
                let Ok(entry) = entry else { return false };
                let Ok(meta) = entry.path().symlink_metadata() else {
                    return false;
                };
                let rel = crate::load::relative(entry.path(), folder);
                let ours = meta.is_dir()
                    || rel == STAGING_MARK
                    || (meta.is_file()
                        && (entered.contains(rel.as_str()) || super::ownership::is_own_file(&rel)));
                ours && u64::try_from(meta.ctime()).unwrap_or(u64::MAX) <= last
            })
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        false
    }
}

/// Removes a staging folder (a leftover, or a build's own once it is done), its journal
/// last: a removal stopped half way (the build doing it killed) leaves a folder the next
/// build still knows for a staging folder, by what its journal names.
pub(super) fn remove_staging(path: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_name() == STAGING_MARK {
            continue;
        }
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())?;
        } else {
            remove_file_or_gone(&entry.path())?;
        }
    }
    remove_tree(path)
}

/// Removes a folder tree of studybook's own (an old site, a leftover staging folder). A
/// folder in it made read-only (by hand, or copied from a read-only share) would stop
/// the removal half way: folders are made writable and the removal tried once more.
pub(super) fn remove_tree(path: &Path) -> io::Result<()> {
    match remove_dir_all_or_gone(path) {
        Err(err) if err.kind() == io::ErrorKind::PermissionDenied => {
            for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
                if entry.file_type().is_dir() {
                    if let Ok(meta) = entry.metadata() {
                        let mut permissions = meta.permissions();
                        #[cfg(unix)]
                        {
                            use std::os::unix::fs::PermissionsExt;
                            permissions.set_mode(permissions.mode() | 0o700);
                        }
                        #[cfg(not(unix))]
                        #[allow(clippy::permissions_set_readonly_false)]
                        permissions.set_readonly(false);
                        let _ = std::fs::set_permissions(entry.path(), permissions);
                    }
                }
            }
            remove_dir_all_or_gone(path)
        }
        other => other,
    }
}

/// Removes a folder tree; one already gone (removed by an earlier try) is no error.
pub(super) fn remove_dir_all_or_gone(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// How long a file held open by another program may keep a rename or a removal waiting.
pub(super) const IN_USE_TRIES: u32 = 8;

/// Runs `op` again while it fails because something holds a file open (on Windows a
/// sharing violation or access denied, usually a browser, an editor or an antivirus
/// scanning the new files), waiting 50 ms, then twice as long each time: about 6 s in all.
pub(super) fn retrying(mut op: impl FnMut() -> io::Result<()>) -> io::Result<()> {
    let mut wait = std::time::Duration::from_millis(50);
    let mut tries = 1;
    loop {
        match op() {
            Err(err) if tries < IN_USE_TRIES && in_use(&err) => {
                std::thread::sleep(wait);
                wait *= 2;
                tries += 1;
            }
            other => return other,
        }
    }
}

/// Whether an error means another program holds the file: worth waiting for.
pub(super) fn in_use(err: &io::Error) -> bool {
    // ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION on Windows.
    let windows_busy = cfg!(windows) && matches!(err.raw_os_error(), Some(5 | 32 | 33));
    windows_busy || err.kind() == io::ErrorKind::ResourceBusy
}

/// Swaps two paths in one step where the system can; `Ok(false)` where it cannot.
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // The system call itself, not the C library's wrapper: glibc before 2.28 and some
    // musl builds have none, while every kernel since 3.15 has the call (an older one
    // says ENOSYS, and the two renames below take over).
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call, and
    // renameat2 takes exactly these five arguments.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// How old a leftover folder of an older studybook (named by pid alone) must be before
/// it is removed.
pub(super) const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Removes what an earlier, interrupted build left beside the build-dir: only folders
/// whose maker ran on this machine and is gone, or an older studybook's that nobody has
/// touched for a day (the caller holds the build-dir's lock, so no build of this version
/// is using them). Another machine's folders are never removed.
/// An old site left between the two renames of the fallback swap is put back if the
/// build-dir is missing.
pub(super) fn clean_leftovers(
    parent: &Path,
    name: &str,
    me: &lock::Owner,
) -> Vec<(PathBuf, io::Error)> {
    let mut left = Vec::new();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return left;
    };
    let temp_prefix = format!(".{name}{TEMP_MARK}");
    let old_prefix = format!(".{name}{OLD_MARK}");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().to_string();
        let maker = file_name
            .strip_prefix(&temp_prefix)
            .or_else(|| file_name.strip_prefix(&old_prefix));
        let Some(maker) = maker else { continue };
        let path = entry.path();
        let Ok(meta) = path.symlink_metadata() else {
            continue;
        };
        if !meta.is_dir() || !maker_done(maker, &meta, me) {
            continue;
        }
        let build_dir = parent.join(name);
        if file_name.starts_with(&old_prefix) && build_dir.symlink_metadata().is_err() {
            let _ = std::fs::rename(&path, &build_dir);
            continue;
        }
        if let Err(err) = remove_leftover(&path) {
            left.push((path, err));
        }
    }
    left
}

/// Whether the maker of a leftover folder (`meta`), named in its name as `maker`, is
/// provably done with it: it ran on this machine and is gone, or it is an older
/// studybook's and nobody has touched the folder for a day.
fn maker_done(maker: &str, meta: &std::fs::Metadata, me: &lock::Owner) -> bool {
    let (gone, legacy) = match maker.split('-').collect::<Vec<_>>()[..] {
        [tag, pid, started] => match (pid.parse(), started.parse()) {
            (Ok(pid), Ok(started)) => (me.is_gone(tag, pid, started), false),
            _ => (false, false),
        },
        // An older studybook named its folders by pid alone.
        [pid] => (false, pid.parse::<u32>().is_ok()),
        _ => (false, false),
    };
    // Another machine's folder is never removed: only its maker can tell it is
    // done with it. An older studybook's is, once nobody has touched it for a day.
    let untouched_for_long = legacy
        && meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= LEFTOVER_AGE);
    gone || untouched_for_long
}

/// Removes a leftover folder whose maker is done with it, only when it is a staging
/// folder nobody has put anything into since its build died, or a site wholly of
/// studybook's (its mark vouches for every file): an old site left under a temp name
/// because no kept name could be had still holds someone's files, and is named, never
/// removed (`DirectoryNotEmpty`).
fn remove_leftover(path: &Path) -> io::Result<()> {
    let staging = path.join(STAGING_MARK).symlink_metadata().is_ok();
    if !staging && check_ownership(path).is_ok() {
        remove_retired(path)
    } else if staging && staged_by_its_build(path) {
        remove_staging(path)
    } else {
        Err(io::ErrorKind::DirectoryNotEmpty.into())
    }
}
