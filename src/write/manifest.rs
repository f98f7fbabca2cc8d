//! The mark of a studybook build: `.studybook-build` in the site's root lists every file
//! the build wrote, with its size, hash, modification and change times.
//!
//! The mark is read like any other input: anyone who can write the site can write it.
//! A path it lists must be relative, plain (no `.`, `..`, empty or absolute part, no
//! `\\`) and name a file inside the site; a mark with any other path is no mark at all,
//! so the folder is someone else's and is refused untouched.
//!
//! It answers two questions. Ownership: a folder that carries it was made by studybook,
//! so a build may replace it; a folder without it is someone else's and is never touched.
//! Change: the hash of what the last build wrote at a path, so that a later build can
//! tell whether a file would be written again unchanged, and the recipe it was made
//! from ([`crate::render::recipe`]), so that a later build can tell before making it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// The file name of the mark, in the root of a built site.
pub const MANIFEST: &str = ".studybook-build";
/// The first line of the mark, followed by its format; a later format gets a new number.
/// Format 1 had no times, format 2 no recipes, format 3 no change times, format 4 no
/// `was` lines.
const HEADER: &str = "studybook-build ";
const FORMAT: u32 = 5;
/// What begins a line of what a path held before an update in place (format 5).
const WAS: &str = "was\t";

/// What one file of a built site was when the build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub size: u64,
    pub hash: u64,
    /// The file's modification time when it was written, in nanoseconds since 1970;
    /// 0 where it is not known. A file whose size and time are still these has not been
    /// touched since, and need not be read to be trusted.
    pub mtime: u64,
    /// The file's status change time (ctime) when the build last looked at it, in
    /// nanoseconds since 1970; 0 where it is not known (not on Unix). Unlike the
    /// modification time it cannot be set back by hand: a file edited and given its old
    /// time again still has a new change time.
    pub ctime: u64,
    /// What the file was made from ([`crate::render::recipe::Recipe`]); 0 where it is
    /// not known (serve's files, a copied image).
    pub recipe: u128,
}

impl Entry {
    /// The size and hash of `bytes`; the time is not known yet.
    pub fn of(bytes: &[u8]) -> Entry {
        Entry {
            size: bytes.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
            mtime: 0,
            ctime: 0,
            recipe: 0,
        }
    }

    /// The size and hash of `bytes`, made from `recipe`.
    pub fn made(bytes: &[u8], recipe: Option<crate::render::recipe::Recipe>) -> Entry {
        Entry {
            recipe: recipe.map_or(0, |r| r.0),
            ..Entry::of(bytes)
        }
    }

    /// Whether the two are the same bytes (their times aside).
    pub fn same_bytes(&self, other: &Entry) -> bool {
        (self.size, self.hash) == (other.size, other.hash)
    }

    /// This entry with the times of the file `meta` describes.
    pub fn stamped(self, meta: &std::fs::Metadata) -> Entry {
        Entry {
            mtime: mtime_of(meta),
            ctime: ctime_of(meta),
            ..self
        }
    }

    /// Whether the file `meta` describes is untouched since this entry was stamped: the
    /// same size and known, unchanged times. Where the system keeps change times (Unix)
    /// they must match too, so that an edit whose modification time was put back is
    /// still seen.
    pub fn untouched(&self, meta: &std::fs::Metadata) -> bool {
        let ctime_known = cfg!(unix);
        self.mtime != 0
            && meta.len() == self.size
            && mtime_of(meta) == self.mtime
            && (!ctime_known || (self.ctime != 0 && ctime_of(meta) == self.ctime))
    }
}

impl Entry {
    /// Whether the file at `path`, which `meta` describes, still holds what this entry
    /// says was written there: its times unchanged, or else bytes with the same hash (a
    /// file changed by hand is never trusted, whatever its times were set back to).
    pub fn holds(&self, path: &Path, meta: &std::fs::Metadata) -> bool {
        self.still_holds(path, meta).unwrap_or(false)
    }

    /// [`Entry::holds`] for a file already open (by name in a folder held open).
    pub fn holds_open(&self, mut file: &std::fs::File) -> io::Result<bool> {
        let meta = file.metadata()?;
        if !meta.is_file() || meta.len() != self.size {
            return Ok(false);
        }
        if self.untouched(&meta) {
            return Ok(true);
        }
        let mut bytes = Vec::with_capacity(self.size as usize);
        std::io::Read::read_to_end(&mut file, &mut bytes)?;
        Ok(Entry::of(&bytes).same_bytes(self))
    }

    /// [`Entry::holds`], with the error of a file that could not be read to tell (no
    /// permission), instead of calling it changed.
    pub fn still_holds(&self, path: &Path, meta: &std::fs::Metadata) -> io::Result<bool> {
        if !meta.is_file() || meta.len() != self.size {
            return Ok(false);
        }
        if self.untouched(meta) {
            return Ok(true);
        }
        Ok(Entry::of(&std::fs::read(path)?).same_bytes(self))
    }
}

fn mtime_of(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

#[cfg(unix)]
fn ctime_of(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime() as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(meta.ctime_nsec() as u64)
}

#[cfg(not(unix))]
fn ctime_of(_meta: &std::fs::Metadata) -> u64 {
    0
}

/// What the file at a site's mark path holds.
#[derive(Debug, PartialEq, Eq)]
pub enum Mark {
    /// A mark this build can read.
    Read(Manifest),
    /// A mark written by a later studybook, in a format this one does not know: the
    /// folder is a site, but not one this version may replace.
    Newer(u64),
    /// A mark whose header is studybook's but whose line (counted from 1, the header
    /// first) is none of its lines: damaged, or forged (an unsafe path). The folder is
    /// not replaced, and the message says the mark is the cause.
    Damaged(usize),
    /// No mark, or a file that is not one.
    None,
}

/// Every file of a built site, by its path relative to the site root (with `/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeMap<String, Entry>,
    /// While a build updates the site in place: what each path it replaces or removes
    /// held before, so that a file found still holding that (the build stopped half
    /// way) is the build's too. Empty once the update is done.
    pub before: BTreeMap<String, Entry>,
    /// Never written: the files a crash left in the site as it was read (a mark or a
    /// page half written under a temp name), which a build that keeps the site in its
    /// folder removes.
    pub leftovers: Vec<String>,
}

/// Whether the file at `path` begins as a mark does, or as much of one as a write cut
/// short leaves (nothing at all, a part of the first line): a temp mark left by a crash
/// is ours only then, and a file of that name that does not is someone's.
pub fn begins_as_mark(path: &Path) -> bool {
    let mut head = Vec::with_capacity(HEADER.len());
    let read = std::fs::File::open(path).and_then(|file| {
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, HEADER.len() as u64),
            &mut head,
        )
    });
    read.is_ok() && HEADER.as_bytes().starts_with(&head)
}

impl Manifest {
    /// Reads the mark of the site at `dir`: `Ok(None)` when there is none, or when the
    /// file there is not a studybook mark this version can read.
    pub fn read(dir: &Path) -> io::Result<Option<Manifest>> {
        Ok(match Manifest::read_mark(dir)? {
            Mark::Read(manifest) => Some(manifest),
            Mark::Newer(_) | Mark::Damaged(_) | Mark::None => None,
        })
    }

    /// Reads the mark of the site at `dir`, telling a later format from no mark.
    /// A file over [`MAX_MARK_BYTES`] is no mark.
    pub fn read_mark(dir: &Path) -> io::Result<Mark> {
        let path = dir.join(MANIFEST);
        match path.symlink_metadata() {
            // Larger than any site's mark (a line is about 100 bytes: this is over a
            // million files): not ours, and not read into memory (a sparse file of
            // 2 GB costs nothing on disk).
            Ok(meta) if meta.is_file() && meta.len() > MAX_MARK_BYTES => return Ok(Mark::None),
            Ok(meta) if meta.is_file() => {}
            Ok(_) => return Ok(Mark::None),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Mark::None),
            Err(err) => return Err(err),
        }
        let bytes = std::fs::read(&path)?;
        // Only studybook writes a file of this name: one it cannot read at all (emptied,
        // a BOM or a space added by an editor) is a damaged mark, told as such.
        Ok(match std::str::from_utf8(&bytes).map(Manifest::parse) {
            Ok(Mark::None) | Err(_) => Mark::Damaged(1),
            Ok(mark) => mark,
        })
    }

    fn parse(text: &str) -> Mark {
        let mut lines = text.lines();
        let format = lines
            .next()
            .and_then(|first| first.strip_prefix(HEADER))
            // A number too large for any format is still a later one's, not no mark.
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .map(|n| n.parse::<u64>().unwrap_or(u64::MAX));
        match format {
            Some(n) if n > u64::from(FORMAT) => Mark::Newer(n),
            Some(n) if n >= 1 => {
                Manifest::parse_entries(lines, n as usize).map_or_else(Mark::Damaged, Mark::Read)
            }
            _ => Mark::None,
        }
    }

    /// The entries of a mark of `format`, or the number of the first line (the header
    /// is line 1) that is not one.
    fn parse_entries<'a>(
        lines: impl Iterator<Item = &'a str>,
        format: usize,
    ) -> Result<Manifest, usize> {
        let mut manifest = Manifest::default();
        for (at, line) in lines.enumerate().filter(|(_, l)| !l.is_empty()) {
            let (listed, line) = match line.strip_prefix(WAS) {
                Some(rest) if format >= 5 => (&mut manifest.before, rest),
                _ => (&mut manifest.files, line),
            };
            let entry = Manifest::parse_entry(line, format.min(4)).ok_or(at + 2)?;
            listed.insert(entry.0.to_string(), entry.1);
        }
        Ok(manifest)
    }

    /// One line of a mark of `format`: its path and what was written there.
    fn parse_entry(line: &str, format: usize) -> Option<(&str, Entry)> {
        // Format 1: hash, size, path; each later format adds one column before it.
        let mut parts = line.splitn(format + 2, '\t');
        let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
        let size = parts.next()?.parse().ok()?;
        let mut number = |since: usize| -> Option<u64> {
            if format >= since {
                parts.next()?.parse().ok()
            } else {
                Some(0)
            }
        };
        let mtime = number(2)?;
        let ctime = number(4)?;
        let recipe = if format >= 3 {
            u128::from_str_radix(parts.next()?, 16).ok()?
        } else {
            0
        };
        let path = parts.next()?;
        // The mark never lists itself: a line that does is forged.
        if !is_plain_path(path) || path == MANIFEST {
            return None;
        }
        let entry = Entry {
            size,
            hash,
            mtime,
            ctime,
            recipe,
        };
        Some((path, entry))
    }

    pub fn to_text(&self) -> String {
        let lines = self.files.len() + self.before.len();
        let mut out = String::with_capacity(120 * lines + HEADER.len() + 3);
        let _ = writeln!(out, "{HEADER}{FORMAT}");
        let was = self.before.iter().map(|line| (WAS, line));
        for (tag, (path, entry)) in self.files.iter().map(|line| ("", line)).chain(was) {
            let _ = writeln!(
                out,
                "{tag}{:016x}\t{}\t{}\t{}\t{:x}\t{path}",
                entry.hash, entry.size, entry.mtime, entry.ctime, entry.recipe
            );
        }
        out
    }

    /// Writes the mark into `dir`, beside and then over the old one, so that the folder
    /// never lacks it.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        let temp = dir.join(format!("{MANIFEST}.{}", std::process::id()));
        super::write_fresh(&temp, self.to_text().as_bytes())?;
        std::fs::rename(&temp, dir.join(MANIFEST))
    }
}

/// The largest mark read: 128 MiB.
pub const MAX_MARK_BYTES: u64 = 128 << 20;

/// Whether `path`, read from a mark, may name a file of the site: relative, with `/`
/// between plain parts (no `.`, `..` or empty part, no control character, and on
/// Windows no `\\` or drive). Only such a path is ever joined onto the build-dir.
pub fn is_plain_path(path: &str) -> bool {
    let windows_only = cfg!(windows) && path.contains(['\\', ':']);
    let unsafe_anywhere = path.is_empty() || path.chars().any(char::is_control);
    !(windows_only || unsafe_anywhere)
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_too_large_for_any_site_is_no_mark_and_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let mark = std::fs::File::create(dir.path().join(MANIFEST)).unwrap();
        // Sparse: nothing on the disk, but read whole it would be 2 GB of memory.
        mark.set_len(2 << 30).unwrap();
        assert!(matches!(
            Manifest::read_mark(dir.path()).unwrap(),
            Mark::None
        ));
    }

    #[test]
    fn a_manifest_reads_back_as_written() {
        let mut manifest = Manifest::default();
        manifest
            .files
            .insert("notes/张三/a b.html".into(), Entry::of(b"<p>x</p>"));
        manifest.files.insert("index.html".into(), Entry::of(b""));
        let recipe = crate::render::recipe::Recipe(u128::MAX - 1);
        let made = Entry::made(b"<p>y</p>", Some(recipe));
        manifest.files.insert("b.html".into(), made);
        assert_eq!(
            Manifest::parse(&manifest.to_text()),
            Mark::Read(manifest.clone())
        );
        // Half way through an update in place: what a path held before, too.
        manifest
            .before
            .insert("b.html".into(), Entry::of(b"<p>old</p>"));
        manifest
            .before
            .insert("gone.html".into(), Entry::of(b"<p>gone</p>"));
        assert_eq!(Manifest::parse(&manifest.to_text()), Mark::Read(manifest));
        // Before format 5 a `was` line is none of the mark's.
        assert_eq!(
            Manifest::parse("studybook-build 4\nwas\t00000000000000ff\t3\t9\t9\t0\ta.html\n"),
            Mark::Damaged(2)
        );
    }

    #[test]
    fn a_file_that_is_no_manifest_is_no_mark() {
        assert_eq!(Manifest::parse("hello\n"), Mark::None);
        assert_eq!(Manifest::parse(""), Mark::None);
        // A header of ours over lines that are not: a mark, damaged at its line.
        assert_eq!(
            Manifest::parse("studybook-build 2\nzz\t1\t0\ta\n"),
            Mark::Damaged(2)
        );
        assert_eq!(
            Manifest::parse("studybook-build 2\n00\t1\t0\ta\n\n00\t1\ta\n"),
            Mark::Damaged(4)
        );
        assert_eq!(
            Manifest::parse("studybook-build 3\n00\t1\t0\ta\n"),
            Mark::Damaged(2)
        );
        assert_eq!(Manifest::parse("studybook-build 0\n"), Mark::None);
        let read = |text: &str| match Manifest::parse(text) {
            Mark::Read(manifest) => manifest,
            other => panic!("{other:?}"),
        };
        let second = read("studybook-build 2\n00000000000000ff\t3\t9\ta b.html\n");
        assert_eq!(second.files["a b.html"].recipe, 0);
        let first = read("studybook-build 1\n00000000000000ff\t3\ta b.html\n");
        assert_eq!(first.files["a b.html"].mtime, 0);
        let third = read("studybook-build 3\n00000000000000ff\t3\t9\t7\ta.html\n");
        assert_eq!(
            (third.files["a.html"].ctime, third.files["a.html"].recipe),
            (0, 7)
        );
    }

    #[test]
    fn a_mark_that_names_a_path_outside_the_site_is_no_mark() {
        for path in [
            "../notes/x.md",
            "/etc/passwd",
            "a/../../b",
            "./a.html",
            "a//b.html",
            "a/",
            "..",
            "a\u{1}b",
            ".studybook-build",
        ] {
            let text = format!("studybook-build 4\n00000000000000ff\t3\t9\t9\t0\t{path}\n");
            assert_eq!(Manifest::parse(&text), Mark::Damaged(2), "{path}");
            let text = format!("studybook-build 5\nwas\t00000000000000ff\t3\t9\t9\t0\t{path}\n");
            assert_eq!(Manifest::parse(&text), Mark::Damaged(2), "{path}");
        }
        let text = "studybook-build 4\n00000000000000ff\t3\t9\t9\t0\tnotes/张三/a b.html\n";
        assert!(matches!(Manifest::parse(text), Mark::Read(_)));
    }

    #[test]
    fn a_mark_from_a_later_studybook_says_so() {
        assert_eq!(
            Manifest::parse("studybook-build 9\nanything\n"),
            Mark::Newer(9)
        );
        // Past any integer type: still a later one's, not someone else's folder.
        assert_eq!(
            Manifest::parse("studybook-build 99999999999999999999999\nanything\n"),
            Mark::Newer(u64::MAX)
        );
        assert_eq!(Manifest::parse("studybook-build 0\n"), Mark::None);
        assert_eq!(Manifest::parse("studybook-build -1\n"), Mark::None);
    }
}
