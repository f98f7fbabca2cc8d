//! Files that commands write on request (`report --out`, `new`, `init`): never over an
//! existing file unless the user said `--force`, never through a symbolic link, and never
//! outside the folder they belong in or into the site's own folders.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a requested file was not written. Nothing was touched.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("the file exists")]
    Exists,
    #[error("the path is a symbolic link")]
    Link,
    /// A folder on the way to the path is a symbolic link: the folder `up` parts above
    /// the file named.
    #[error("a folder on the way is a symbolic link")]
    FolderLink { up: usize },
    #[error("the path is a folder")]
    Folder,
    /// A FIFO, a socket or a device: never opened, let alone replaced.
    #[error("the path is not a regular file")]
    NotRegular,
    /// The path ends in a separator: the user meant a folder, and named no file.
    #[error("the path ends in a separator")]
    EndsInSeparator,
    /// The path is in one of the site's own folders (content, theme, build-dir) or is
    /// book.toml.
    #[error("the path belongs to the site")]
    Protected,
    /// The final path would land outside the folder it must be in.
    #[error("the path leaves its folder")]
    Outside,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Writes `bytes` to `path`, which the user named. An existing file is replaced only
/// when `force`, by writing beside it and renaming over it; a link, a folder or a path
/// in or at one of `protected` is refused either way.
pub fn write_requested(
    path: &Path,
    bytes: &[u8],
    force: bool,
    protected: &[&Path],
) -> Result<(), Refusal> {
    if path.as_os_str().to_string_lossy().ends_with(['/', '\\']) {
        return Err(Refusal::EndsInSeparator);
    }
    let target = resolved(path)?;
    if protected
        .iter()
        .any(|p| starts_with_folded(&target, &canonical(p)) || below_by_identity(&target, p))
    {
        return Err(Refusal::Protected);
    }
    match target.symlink_metadata() {
        Ok(meta) if meta.file_type().is_symlink() => return Err(Refusal::Link),
        Ok(meta) if meta.is_dir() => return Err(Refusal::Folder),
        Ok(meta) if !meta.is_file() => return Err(Refusal::NotRegular),
        Ok(_) if !force => return Err(Refusal::Exists),
        Ok(_) => {}
        Err(err) if err.kind() == io::ErrorKind::NotFound => return create(&target, bytes),
        Err(err) => return Err(err.into()),
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = target.with_file_name(format!(".{name}.studybook-{}", std::process::id()));
    create(&temp, bytes)?;
    std::fs::rename(&temp, &target).map_err(|err| {
        let _ = std::fs::remove_file(&temp);
        Refusal::Io(err)
    })
}

/// Writes a file that must not exist yet (init and new never overwrite), creating its
/// folders, and only if its final place is inside `inside` with no link leading out.
pub fn write_new_inside(path: &Path, inside: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    // Everything below works on the path as named, `.` and `..` resolved by name, so
    // that what is checked is what is made: not even a folder is made outside.
    let target = lexical(&std::path::absolute(path)?);
    let folder = lexical(&std::path::absolute(inside)?);
    let Ok(below) = target.strip_prefix(&folder) else {
        return Err(Refusal::Outside);
    };
    // Down from `inside` one part at a time: no link on the way (a folder of someone
    // else's may hide behind one, even one that leads somewhere else inside), and the
    // missing folders made as we go.
    let parts: Vec<_> = below.components().collect();
    std::fs::create_dir_all(&folder)?;
    let mut step = folder.clone();
    // The folders made for this file, taken away again if it cannot be written (a full
    // disk): a failed `new` leaves no empty folder behind.
    let mut made: Vec<PathBuf> = Vec::new();
    let written = write_below(&target, &folder, &parts, &mut step, &mut made, bytes);
    if written.is_err() {
        for folder in made.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
    written
}

/// [`write_new_inside`]'s walk down from `folder` to `target`, each folder it makes
/// put in `made`.
fn write_below(
    target: &Path,
    folder: &Path,
    parts: &[std::path::Component<'_>],
    step: &mut PathBuf,
    made: &mut Vec<PathBuf>,
    bytes: &[u8],
) -> Result<(), Refusal> {
    for (i, part) in parts.iter().enumerate() {
        step.push(part);
        match step.symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() && i + 1 < parts.len() => {
                return Err(Refusal::FolderLink {
                    up: parts.len() - 1 - i,
                })
            }
            Ok(meta) if meta.file_type().is_symlink() => return Err(Refusal::Link),
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound && i + 1 < parts.len() => {
                match std::fs::create_dir(&*step) {
                    Ok(()) => made.push(step.clone()),
                    // Made meanwhile by someone else: theirs, and not taken away.
                    Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(err) => return Err(err.into()),
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(err.into()),
        }
    }
    // `inside` itself may be a link the user chose; what is inside it must stay inside.
    let parent = target.parent().unwrap_or(folder);
    if !canonical(parent).starts_with(canonical(folder)) {
        return Err(Refusal::Outside);
    }
    create(target, bytes)
}

/// Creates `path` afresh (an existing file or a link there is an error) and fills it;
/// a write that fails half way removes what it made.
fn create(path: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|err| match path.symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() => Refusal::Link,
            Ok(_) if err.kind() == io::ErrorKind::AlreadyExists => Refusal::Exists,
            _ => Refusal::Io(err),
        })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|err| {
            drop(file);
            let _ = std::fs::remove_file(path);
            Refusal::Io(err)
        })
}

/// The absolute path with its folder resolved through links; the last part is kept as
/// named, so that a link there is seen, not followed.
fn resolved(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let name = absolute
        .file_name()
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    let parent = absolute.parent().unwrap_or(Path::new("/"));
    Ok(parent.canonicalize()?.join(name))
}

/// `path` is `prefix` or below it; where the disk ignores case (Windows, macOS), without
/// regard to case, so `BOOK.TOML` is book.toml.
fn starts_with_folded(path: &Path, prefix: &Path) -> bool {
    if cfg!(any(windows, target_os = "macos")) {
        let fold = |p: &Path| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
                .collect::<Vec<_>>()
        };
        fold(path).starts_with(&fold(prefix))
    } else {
        path.starts_with(prefix)
    }
}

/// Whether `path` is `place` or below it by the disk's own identity (device and inode)
/// of `path` or an ancestor that exists: the same folder mounted twice (a bind mount, a
/// share mounted at two points) is one folder, whatever its paths say.
pub(super) fn below_by_identity(path: &Path, place: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = place.metadata() else {
            return false;
        };
        let id = (meta.dev(), meta.ino());
        leads_to(path)
            .ancestors()
            .any(|up| up.metadata().is_ok_and(|m| (m.dev(), m.ino()) == id))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, place);
        false
    }
}

/// Where `path` leads on disk: its longest part that exists, resolved, then the rest by
/// name (`content/../site2` is `site2` beside `content`, not a folder in it).
#[cfg(unix)]
fn leads_to(path: &Path) -> PathBuf {
    path.ancestors()
        .find_map(|up| {
            let real = up.canonicalize().ok()?;
            let rest = path.strip_prefix(up).ok()?;
            Some(lexical(&real.join(rest)))
        })
        .unwrap_or_else(|| lexical(path))
}

/// `.` and `..` resolved by name alone.
pub(super) fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_replaced_only_when_forced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "mine").unwrap();
        assert!(matches!(
            write_requested(&file, b"new", false, &[]),
            Err(Refusal::Exists)
        ));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
        write_requested(&file, b"new", true, &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_a_socket_or_a_device_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let socket = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        for path in [&fifo, &socket, &PathBuf::from("/dev/null")] {
            for force in [false, true] {
                assert!(
                    matches!(
                        write_requested(path, b"x", force, &[]),
                        Err(Refusal::NotRegular)
                    ),
                    "{path:?}"
                );
            }
        }
        let file_type = |p: &Path| p.symlink_metadata().unwrap().file_type();
        use std::os::unix::fs::FileTypeExt;
        assert!(file_type(&fifo).is_fifo());
        assert!(file_type(&socket).is_socket());
        assert!(file_type(Path::new("/dev/null")).is_char_device());
    }

    #[test]
    fn a_path_ending_in_a_separator_names_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let named = format!("{}/报表/", dir.path().display());
        assert!(matches!(
            write_requested(Path::new(&named), b"x", true, &[]),
            Err(Refusal::EndsInSeparator)
        ));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("roster.yaml");
        std::fs::write(&real, "roster").unwrap();
        let link = dir.path().join("out.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        for force in [false, true] {
            assert!(matches!(
                write_requested(&link, b"x", force, &[]),
                Err(Refusal::Link)
            ));
        }
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "roster");
    }

    #[test]
    fn the_sites_own_folders_are_protected() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        let target = content.join("a/../new.md");
        assert!(matches!(
            write_requested(&target, b"x", true, &[&content]),
            Err(Refusal::Protected)
        ));
        assert!(!content.join("new.md").exists());
    }

    #[test]
    fn a_new_folder_named_with_dots_is_made_where_it_says() {
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("a/../new");
        write_new_inside(&inside.join("content/x.md"), &inside, b"x").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("new/content/x.md")).unwrap(),
            "x"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_dot_dot_after_a_link_does_not_lead_out() {
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("site");
        let elsewhere = dir.path().join("elsewhere/deep");
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, inside.join("a")).unwrap();
        write_new_inside(&inside.join("a/../new/f.md"), &inside, b"x").unwrap();
        assert!(inside.join("new/f.md").is_file());
        assert!(!dir.path().join("elsewhere/new").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_stays_inside_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, content.join("evil")).unwrap();
        // The link is named by how far above the file it is.
        for (path, up) in [("evil/a.md", 1), ("evil/new/folders/a.md", 3)] {
            assert!(matches!(
                write_new_inside(&content.join(path), &content, b"x"),
                Err(Refusal::FolderLink { up: u }) if u == up
            ));
        }
        assert!(matches!(
            write_new_inside(&content.join("../b.md"), &content, b"x"),
            Err(Refusal::Outside)
        ));
        write_new_inside(&content.join("zhangsan/a.md"), &content, b"x").unwrap();
        assert!(matches!(
            write_new_inside(&content.join("zhangsan/a.md"), &content, b"y"),
            Err(Refusal::Exists)
        ));
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}
