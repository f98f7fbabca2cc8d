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

mod at;
mod files;
mod in_place;
pub mod lock;
pub mod manifest;
mod ownership;
pub mod requested;
mod sink;
mod staging;
mod swap;

pub use lock::{Holder, Lock};
pub use ownership::{check_ownership, inside_built_site, is_unsafe_build_dir, Refusal};

pub use crate::io_error::{FileError, Interference};
pub(crate) use files::write_fresh;
use files::{at_file, remove_file_or_gone, stream};
pub use in_place::update_in_place;
pub use sink::{Copied, CopiedFile, Files, InMemory, Sink};
pub use staging::{Committed, Counts, Staging};

const TEMP_MARK: &str = ".studybook-tmp-";
const OLD_MARK: &str = ".studybook-old-";
/// A file in the temp folder naming the build that made it; removed just before the swap.
const STAGING_MARK: &str = ".studybook-staging";

#[cfg(test)]
mod tests {
    use super::manifest::{Entry, Manifest};
    use super::swap::retrying;
    use super::*;
    use crate::render::Page;
    use std::io;
    use std::path::Path;
    use std::sync::atomic::Ordering;
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
    fn a_file_gone_before_its_copy_is_left_out_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let staging = Staging::new(&site, "build").unwrap();
        let from = dir.path().join("content/img/p400.jpg");
        staging
            .copy(&CopiedFile {
                from: from.clone(),
                to: "notes/img/p400.jpg".into(),
            })
            .unwrap();
        let committed = staging.commit().unwrap();
        assert_eq!(*committed.counts.gone.lock().unwrap(), vec![from]);
        assert!(!site.join("notes/img/p400.jpg").exists());
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
    fn a_forged_mark_naming_files_outside_the_site_is_refused_as_damaged() {
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
            matches!(refused, Err(Refusal::Damaged(2))),
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
        let left: Vec<_> = staging
            .left_over
            .drain(..)
            .map(|(path, err)| (path, err.kind()))
            .collect();
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
        std::fs::write(site.join(".studybook-build.4242"), "studybook-build 5\na.h").unwrap();
        std::fs::write(site.join(".studybook-build.4243"), "").unwrap();
        std::fs::write(site.join(".a.html.studybook-tmp-4242"), "half").unwrap();
        let read = check_ownership(&site).unwrap().unwrap();
        assert_eq!(read.leftovers.len(), 3, "{:?}", read.leftovers);
        // A file of a temp mark's name that is no mark is someone's (round 26).
        std::fs::write(site.join(".studybook-build.4244"), "my notes").unwrap();
        assert!(check_ownership(&site).is_err());
        std::fs::remove_file(site.join(".studybook-build.4244")).unwrap();
        std::fs::write(site.join("notes.studybook-tmp-x"), "theirs").unwrap();
        assert!(check_ownership(&site).is_err());
    }

    /// What a crash left in a site that stays in its folder (nothing changed, or
    /// updated in place) is taken away, not published with it (round 26).
    #[test]
    fn a_site_kept_in_its_folder_loses_what_a_crash_left() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[page("a.html", "1")], &[]).unwrap();
        std::fs::write(site.join(".studybook-build.4242"), "studybook-build 5\na.h").unwrap();
        std::fs::write(site.join(".a.html.studybook-tmp-4242"), "half").unwrap();
        write_site(&site, &[page("a.html", "1")], &[]).unwrap();
        assert!(!site.join(".studybook-build.4242").exists());
        assert!(!site.join(".a.html.studybook-tmp-4242").exists());
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "1");
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

    /// A folder of the site swapped for a link to someone's folder after serve looked at
    /// it, before it writes: the write, made by name in folders opened without following
    /// a link, fails and lands nothing there.
    #[cfg(unix)]
    #[test]
    fn a_folder_swapped_for_a_link_after_it_was_looked_at_leads_the_write_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[page("notes/a.html", "old")], &[]).unwrap();
        let mut manifest = Manifest::read(&site).unwrap().unwrap();
        let theirs = dir.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("a.html"), "their work").unwrap();
        let opened = at::Folder::open(&site).unwrap();
        std::fs::rename(site.join("notes"), dir.path().join("notes-was")).unwrap();
        std::os::unix::fs::symlink(&theirs, site.join("notes")).unwrap();
        let changed = page("notes/a.html", "new");
        let mut done = Default::default();
        let written =
            in_place::write_batch(&opened, &site, &mut manifest, &[&changed], &[], &mut done);
        assert!(written.is_err());
        assert!(done.is_empty());
        assert_eq!(std::fs::read_dir(&theirs).unwrap().count(), 1);
        assert_eq!(
            std::fs::read_to_string(theirs.join("a.html")).unwrap(),
            "their work"
        );
    }

    /// Twenty pages: a site in which a change of three files is few.
    fn twenty_pages(changed: &str) -> Vec<Page> {
        let mut pages: Vec<Page> = (0..19)
            .map(|n| page(&format!("p{n}.html"), "same"))
            .collect();
        pages.push(page("a.html", changed));
        pages
    }

    #[cfg(unix)]
    #[test]
    fn a_site_that_changes_in_a_few_files_is_updated_in_place() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let mut first = twenty_pages("1");
        first.push(page("x/gone.html", "old"));
        write_site(&site, &first, &[]).unwrap();
        let folder = std::fs::metadata(&site).unwrap().ino();
        let kept = std::fs::metadata(site.join("p0.html")).unwrap().ino();
        let mut second = twenty_pages("2");
        second.push(page("y/new.html", "new"));
        let manifest = write_site(&site, &second, &[]).unwrap();
        assert_eq!(
            std::fs::metadata(&site).unwrap().ino(),
            folder,
            "not swapped"
        );
        assert_eq!(std::fs::metadata(site.join("p0.html")).unwrap().ino(), kept);
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "2");
        assert_eq!(
            std::fs::read_to_string(site.join("y/new.html")).unwrap(),
            "new"
        );
        assert!(!site.join("x").exists(), "the folder left empty is gone");
        // The mark lists what is there, as it is, and nothing before.
        let read = Manifest::read(&site).unwrap().unwrap();
        assert_eq!(read, manifest);
        assert!(read.before.is_empty());
        assert_eq!(read.files.len(), 21);
        assert_eq!(check_ownership(&site).unwrap(), Some(manifest));
        // Nothing left beside it, nothing of the update's own inside.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let inside = std::fs::read_dir(&site).unwrap().count();
        assert_eq!(inside, 20 + 1 + 1, "twenty pages, y/ and the mark");
    }

    /// A build stopped half way through an update in place leaves each file as it was or
    /// as it was to be: the folder is still the build's, and the next build goes on.
    #[test]
    fn an_update_in_place_stopped_half_way_leaves_a_site_the_next_build_takes() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let old = write_site(&site, &twenty_pages("1"), &[]).unwrap();
        // The mark the update writes first, then one of its two files moved in.
        let mut mark = old.clone();
        for (path, bytes) in [("a.html", "2"), ("p0.html", "3")] {
            mark.files.insert(path.into(), Entry::of(bytes.as_bytes()));
            mark.before.insert(path.into(), old.files[path]);
        }
        mark.before.insert("p1.html".into(), old.files["p1.html"]);
        mark.files.remove("p1.html");
        // A new page the update had not moved in yet.
        mark.files.insert("new.html".into(), Entry::of(b"new"));
        mark.write(&site).unwrap();
        std::fs::write(site.join("a.html"), "2").unwrap();
        let settled = check_ownership(&site).unwrap().unwrap();
        assert!(settled.before.is_empty());
        assert!(settled.files["a.html"].same_bytes(&Entry::of(b"2")));
        assert!(
            settled.files["p0.html"].same_bytes(&old.files["p0.html"]),
            "still the old"
        );
        assert!(
            settled.files.contains_key("p1.html"),
            "not yet removed: still the build's"
        );
        // Anything else at such a path is a hand edit, as ever.
        std::fs::write(site.join("p0.html"), "edited").unwrap();
        assert!(matches!(
            check_ownership(&site),
            Err(Refusal::Edited { .. })
        ));
        std::fs::write(site.join("p0.html"), "same").unwrap();
        write_site(&site, &twenty_pages("4"), &[]).unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "4");
        let read = Manifest::read(&site).unwrap().unwrap();
        assert_eq!(read.files.len(), 20, "nothing listed that is not there");
        assert!(!read.files.contains_key("new.html"));
    }

    /// Files made from one recipe are taken all or none: after an update stopped half
    /// way, some of them may be as they were before, so none is taken by its recipe,
    /// and the next build makes them all (round 22).
    #[test]
    fn after_an_update_stopped_half_way_nothing_is_taken_by_its_recipe() {
        use crate::render::recipe::Recipe;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let staging = Staging::new(&site, "build").unwrap();
        for path in ["s/1.js", "s/2.js"] {
            staging.put_made(path, b"old", Some(Recipe(5))).unwrap();
        }
        let old = staging.commit().unwrap().manifest;
        // The update to recipe 6 moved s/1.js in, not yet s/2.js.
        let mut mark = old.clone();
        for path in ["s/1.js", "s/2.js"] {
            mark.files
                .insert(path.into(), Entry::made(b"new", Some(Recipe(6))));
            mark.before.insert(path.into(), old.files[path]);
        }
        mark.write(&site).unwrap();
        std::fs::write(site.join("s/1.js"), "new").unwrap();
        let staging = Staging::new(&site, "build").unwrap();
        assert_eq!(
            staging.reuse(Some(Recipe(6))).unwrap(),
            0,
            "s/2.js is not the new one"
        );
        assert_eq!(
            staging.reuse(Some(Recipe(5))).unwrap(),
            0,
            "s/1.js is not the old one"
        );
        for path in ["s/1.js", "s/2.js"] {
            staging.put_made(path, b"new", Some(Recipe(6))).unwrap();
        }
        staging.commit().unwrap();
        for path in ["s/1.js", "s/2.js"] {
            assert_eq!(std::fs::read_to_string(site.join(path)).unwrap(), "new");
        }
    }

    /// A build killed during an update in place leaves a staging folder holding only
    /// its own: the links to the old files and the journal naming them. The next build
    /// removes it (round 22).
    #[cfg(unix)]
    #[test]
    fn what_a_build_killed_in_its_update_left_is_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let old = write_site(&site, &twenty_pages("1"), &[]).unwrap();
        let mut staging = Staging::new(&site, "build").unwrap();
        for page in twenty_pages("2") {
            staging.put(&page.path, &page.bytes).unwrap();
        }
        let written = staging.written.lock().unwrap().clone();
        let (site_folder, temp_folder) = (
            at::Folder::open(&site).unwrap(),
            at::Folder::open(&staging.temp).unwrap(),
        );
        let aside = staging.keep_aside(&old, &written, &site_folder, &temp_folder);
        assert!(aside.unwrap().is_some());
        // Killed: its folder stays, named for a process that is gone.
        let temp = staging.temp.clone();
        staging.committed = true;
        staging.lock = None;
        drop(staging);
        let dead = dir.path().join(format!(
            ".site{TEMP_MARK}{}-{}-{}",
            lock::Owner::me().machine_tag(),
            dead_pid(),
            1
        ));
        std::fs::rename(&temp, &dead).unwrap();
        let staging = Staging::new(&site, "build").unwrap();
        assert!(staging.left_over.is_empty(), "{:?}", staging.left_over);
        assert!(!dead.exists());
    }

    /// A folder of the site swapped for a link to someone's folder while the build ran:
    /// nothing is renamed, linked or removed through it, their files stay as they were
    /// and none of them reaches the site (round 22).
    #[cfg(unix)]
    #[test]
    fn a_folder_of_the_site_swapped_for_a_link_during_an_update_leads_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let outside = dir.path().join("theirs");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("b.html"), "precious").unwrap();
        std::fs::write(outside.join("c.html"), "precious too").unwrap();
        let mut pages = twenty_pages("1");
        pages.extend([page("x/b.html", "old"), page("x/c.html", "same")]);
        write_site(&site, &pages, &[]).unwrap();
        let staging = Staging::new(&site, "build").unwrap();
        let mut pages = twenty_pages("2");
        pages.extend([page("x/b.html", "new"), page("x/c.html", "same")]);
        for page in &pages {
            staging.put(&page.path, &page.bytes).unwrap();
        }
        std::fs::rename(site.join("x"), dir.path().join("x-moved")).unwrap();
        std::os::unix::fs::symlink(&outside, site.join("x")).unwrap();
        let _ = staging.commit();
        assert_eq!(
            std::fs::read_to_string(outside.join("b.html")).unwrap(),
            "precious"
        );
        assert_eq!(
            std::fs::read_to_string(outside.join("c.html")).unwrap(),
            "precious too"
        );
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 2);
        for entry in walkdir::WalkDir::new(&site).into_iter().flatten() {
            if entry.file_type().is_file() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                assert!(!text.starts_with("precious"), "{}", entry.path().display());
            }
        }
    }

    /// A page edited by hand while the build ran is not written over by an update in
    /// place: the old site, with the edit, is kept aside as any build keeps one someone
    /// changed (round 22).
    #[test]
    fn a_page_edited_during_an_update_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &twenty_pages("1"), &[]).unwrap();
        let staging = Staging::new(&site, "build").unwrap();
        for page in twenty_pages("2") {
            staging.put(&page.path, &page.bytes).unwrap();
        }
        std::fs::write(site.join("a.html"), "edited by hand").unwrap();
        let committed = staging.commit().unwrap();
        let kept = committed.kept.expect("the old site is kept");
        assert_eq!(
            std::fs::read_to_string(kept.join("a.html")).unwrap(),
            "edited by hand"
        );
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "2");
    }

    /// A file that cannot be moved in (a folder put at its path during the build, which
    /// a plain file cannot replace) puts every file back, and the new site is swapped in
    /// whole instead.
    #[test]
    fn an_update_in_place_that_cannot_finish_is_put_back_and_swapped_instead() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &twenty_pages("1"), &[]).unwrap();
        let staging = Staging::new(&site, "build").unwrap();
        for page in twenty_pages("2").iter().chain([&page("z.html", "new")]) {
            staging.put(&page.path, &page.bytes).unwrap();
        }
        // a.html is moved in first, then z.html cannot be.
        std::fs::create_dir(site.join("z.html")).unwrap();
        let committed = staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(site.join("a.html")).unwrap(), "2");
        assert_eq!(std::fs::read_to_string(site.join("z.html")).unwrap(), "new");
        let read = Manifest::read(&site).unwrap().unwrap();
        assert_eq!(read, committed.manifest);
        assert!(read.before.is_empty());
        assert_eq!(read.files.len(), 21);
        assert!(check_ownership(&site).is_ok());
        let inside: Vec<_> = std::fs::read_dir(&site)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            inside.len(),
            22,
            "the pages and the mark, nothing kept aside: {inside:?}"
        );
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
