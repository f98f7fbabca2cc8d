//! The one rule for which files under the content folder are read, shared by `load`'s
//! walk and `serve`'s watcher, and the one way they are opened.
//!
//! Only plain files are read. A symbolic link is followed only to a plain file that
//! would itself be published from where it points: inside the content folder, not in a
//! hidden folder, not a data file (roster, plan), not in the build-dir. So a member's
//! link cannot publish `.git/config`, book.toml, another member's draft or /etc/passwd.
//! FIFOs, sockets and devices are never opened: a FIFO would block a build for good.

use super::classify::{self, FileKind};
use std::path::{Path, PathBuf};

/// Why a file under the content folder is passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// A link that leads out of the content folder (or into the build-dir).
    LinkOutside,
    /// A link to a file that is never published: hidden, a data file, an editor's litter.
    LinkUnpublished,
    /// A link whose name says another kind of file than the one it leads to (`a.txt` to
    /// a note): read by its name, it would publish the note's source unchecked.
    LinkOtherKind,
    /// A link that leads nowhere, or in a circle.
    LinkBroken,
    /// A FIFO, a socket or a device.
    Special,
    /// A path below the content folder longer than [`MAX_REL_BYTES`]: its page's path in
    /// the site being built would pass what the system takes.
    TooLong,
}

/// The longest path below the content folder that is read: the site's path to a page
/// adds the build folder's own path and a temp folder's name to it (about a hundred
/// bytes), and the system takes 4,096 bytes at most (Linux's PATH_MAX).
pub const MAX_REL_BYTES: usize = 3_000;

/// What the walk or the watcher should do with a path under the content folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Admit {
    /// Read it: a plain file, or a link to one that is published anyway.
    File,
    /// A folder: walk into it (links to folders are never followed).
    Folder,
    /// Pass it over, and say why.
    Skip(Skip),
    /// Gone, or never read (hidden, litter): nothing to say.
    Nothing,
}

/// Where the rule looks: the content folder and the build-dir, resolved once.
#[derive(Debug, Clone)]
pub struct Bounds {
    content: PathBuf,
    /// The content folder as the site names it (`content` is its real path).
    given: PathBuf,
    build: PathBuf,
}

impl Bounds {
    pub fn of(content_dir: &Path, build_dir: &Path) -> Bounds {
        let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        Bounds {
            content: real(content_dir),
            given: content_dir.to_path_buf(),
            build: real(build_dir),
        }
    }

    /// What to do with `path`, whose own (not followed) metadata is `meta`.
    pub fn admit(&self, path: &Path, meta: &std::fs::Metadata) -> Admit {
        self.admit_kind(path, meta.file_type())
    }

    /// [`Bounds::admit`] from the file's type alone (what a folder listing gives, with
    /// no look-up of its own).
    pub fn admit_kind(&self, path: &Path, kind: std::fs::FileType) -> Admit {
        if kind.is_dir() {
            return Admit::Folder;
        }
        let below = [&self.given, &self.content]
            .into_iter()
            .find_map(|base| path.strip_prefix(base).ok());
        if below.is_some_and(|rel| rel.as_os_str().len() > MAX_REL_BYTES) {
            return Admit::Skip(Skip::TooLong);
        }
        if kind.is_file() {
            return Admit::File;
        }
        if !kind.is_symlink() {
            return Admit::Skip(Skip::Special);
        }
        let Ok(target) = path.canonicalize() else {
            return Admit::Skip(Skip::LinkBroken);
        };
        let Ok(rel) = target.strip_prefix(&self.content) else {
            return Admit::Skip(Skip::LinkOutside);
        };
        if target.starts_with(&self.build) {
            return Admit::Skip(Skip::LinkOutside);
        }
        // Nor into a folder of drafts (another member's _drafts/): what is never
        // published from there is not published through a link either.
        let drafts = super::classify::in_drafts(rel);
        // A link to a folder is not walked (a loop, or a second copy of the notes).
        if target.is_dir() {
            return Admit::Nothing;
        }
        let kind = classify::classify(rel);
        if drafts || !matches!(kind, FileKind::Note | FileKind::Asset) {
            return Admit::Skip(Skip::LinkUnpublished);
        }
        // A link is read as what its own name says: a link named as an image or an
        // attachment (`a.txt`) to a note would publish the note's source, draft or
        // rejected, unchecked.
        let own = path
            .file_name()
            .map(|name| classify::classify(Path::new(name)));
        if own != Some(kind) {
            return Admit::Skip(Skip::LinkOtherKind);
        }
        match std::fs::metadata(&target) {
            Ok(meta) if meta.is_file() => Admit::File,
            // A link to a folder is not walked (a loop, or a second copy of the notes).
            Ok(meta) if meta.is_dir() => Admit::Nothing,
            Ok(_) => Admit::Skip(Skip::Special),
            Err(_) => Admit::Skip(Skip::LinkBroken),
        }
    }

    /// [`Bounds::admit`] for a path whose metadata is still to be read.
    pub fn admit_path(&self, path: &Path) -> Admit {
        // What the walk never enters, a watcher may still report (it can follow a linked
        // folder): a path through a link, or through a hidden folder, is nothing.
        let inside = [&self.given, &self.content]
            .into_iter()
            .find_map(|base| Some((base, path.strip_prefix(base).ok()?)));
        if let Some((base, below)) = inside {
            let mut folder = base.clone();
            let parents = below.parent().map(Path::components).into_iter().flatten();
            for part in parents {
                folder.push(part);
                let hidden = part.as_os_str().to_string_lossy().starts_with('.');
                if hidden || folder.symlink_metadata().map_or(true, |m| !m.is_dir()) {
                    return Admit::Nothing;
                }
            }
        }
        match path.symlink_metadata() {
            Ok(meta) => self.admit(path, &meta),
            Err(_) => Admit::Nothing,
        }
    }
}

pub use crate::plain::{open_plain, read_data, read_plain, NotPlain, Unread};

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_only_to_files_that_are_published_anyway() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let content = root.join("content");
        std::fs::create_dir_all(content.join("zhangsan")).unwrap();
        std::fs::create_dir_all(content.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("site")).unwrap();
        std::fs::write(content.join("zhangsan/a.md"), "x").unwrap();
        std::fs::write(content.join(".git/config"), "token").unwrap();
        std::fs::write(content.join("members.yaml"), "-").unwrap();
        std::fs::write(content.join("zhangsan/草稿.md~"), "x").unwrap();
        std::fs::write(root.join("book.toml"), "x").unwrap();
        std::fs::write(root.join("site/index.html"), "x").unwrap();
        let bounds = Bounds::of(&content, &root.join("site"));
        let link = |name: &str, to: &Path| {
            let at = content.join(name);
            symlink(to, &at).unwrap();
            bounds.admit_path(&at)
        };
        assert_eq!(link("ok.md", &content.join("zhangsan/a.md")), Admit::File);
        assert_eq!(
            link("git.md", &content.join(".git/config")),
            Admit::Skip(Skip::LinkUnpublished)
        );
        assert_eq!(
            link("roster.png", &content.join("members.yaml")),
            Admit::Skip(Skip::LinkUnpublished)
        );
        assert_eq!(
            link("draft.md", &content.join("zhangsan/草稿.md~")),
            Admit::Skip(Skip::LinkUnpublished)
        );
        assert_eq!(
            link("book.md", &root.join("book.toml")),
            Admit::Skip(Skip::LinkOutside)
        );
        assert_eq!(
            link("passwd.md", Path::new("/etc/passwd")),
            Admit::Skip(Skip::LinkOutside)
        );
        assert_eq!(
            link("zero.png", Path::new("/dev/zero")),
            Admit::Skip(Skip::LinkOutside)
        );
        assert_eq!(
            link("gone.md", &content.join("nothing.md")),
            Admit::Skip(Skip::LinkBroken)
        );
        let looped = content.join("loop.md");
        symlink(&looped, &looped).unwrap();
        assert_eq!(bounds.admit_path(&looped), Admit::Skip(Skip::LinkBroken));
    }

    #[test]
    fn a_fifo_is_never_opened_and_never_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("a.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()));
        let bounds = Bounds::of(dir.path(), &dir.path().join("site"));
        assert_eq!(bounds.admit_path(&fifo), Admit::Skip(Skip::Special));
        // Even if it is opened (swapped in after the walk), the read does not wait.
        assert!(matches!(read_plain(&fifo, 100), Err(Unread::Special)));
        assert!(matches!(
            read_plain(Path::new("/dev/zero"), 100),
            Err(Unread::Special)
        ));
    }
}
