//! The mark of a studybook build: `.studybook-build` in the site's root lists every file
//! the build wrote, with its size, hash and modification time.
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
/// The first line of the mark; a later format gets a new number. Format 1 had no times,
/// format 2 no recipes.
const HEADER: &str = "studybook-build 3";
const HEADER_2: &str = "studybook-build 2";
const HEADER_1: &str = "studybook-build 1";

/// What one file of a built site was when the build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub size: u64,
    pub hash: u64,
    /// The file's modification time when it was written, in nanoseconds since 1970;
    /// 0 where it is not known. A file whose size and time are still these has not been
    /// touched since, and need not be read to be trusted.
    pub mtime: u64,
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

    /// This entry with the time of the file `meta` describes.
    pub fn stamped(self, meta: &std::fs::Metadata) -> Entry {
        Entry {
            mtime: mtime_of(meta),
            ..self
        }
    }

    /// Whether the file `meta` describes is untouched since this entry was written: the
    /// same size and a known, unchanged time.
    pub fn untouched(&self, meta: &std::fs::Metadata) -> bool {
        self.mtime != 0 && meta.len() == self.size && mtime_of(meta) == self.mtime
    }
}

fn mtime_of(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

/// Every file of a built site, by its path relative to the site root (with `/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    /// Reads the mark of the site at `dir`: `Ok(None)` when there is none, or when the
    /// file there is not a studybook mark.
    pub fn read(dir: &Path) -> io::Result<Option<Manifest>> {
        let path = dir.join(MANIFEST);
        match path.symlink_metadata() {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => return Ok(None),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        }
        let text = std::fs::read_to_string(&path)?;
        Ok(Manifest::parse(&text))
    }

    fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        let format = match lines.next()? {
            HEADER => 3,
            HEADER_2 => 2,
            HEADER_1 => 1,
            _ => return None,
        };
        let mut files = BTreeMap::new();
        for line in lines.filter(|l| !l.is_empty()) {
            let mut parts = line.splitn(format + 2, '\t');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let size = parts.next()?.parse().ok()?;
            let mtime = if format >= 2 {
                parts.next()?.parse().ok()?
            } else {
                0
            };
            let recipe = if format >= 3 {
                u128::from_str_radix(parts.next()?, 16).ok()?
            } else {
                0
            };
            let entry = Entry {
                size,
                hash,
                mtime,
                recipe,
            };
            files.insert(parts.next()?.to_string(), entry);
        }
        Some(Manifest { files })
    }

    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(100 * self.files.len() + HEADER.len() + 1);
        out.push_str(HEADER);
        out.push('\n');
        for (path, entry) in &self.files {
            let _ = writeln!(
                out,
                "{:016x}\t{}\t{}\t{:x}\t{path}",
                entry.hash, entry.size, entry.mtime, entry.recipe
            );
        }
        out
    }

    /// Writes the mark into `dir`, beside and then over the old one, so that the folder
    /// never lacks it.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        let temp = dir.join(format!("{MANIFEST}.{}", std::process::id()));
        std::fs::write(&temp, self.to_text())?;
        std::fs::rename(&temp, dir.join(MANIFEST))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Manifest::parse(&manifest.to_text()), Some(manifest));
    }

    #[test]
    fn a_file_that_is_no_manifest_is_no_mark() {
        assert_eq!(Manifest::parse("hello\n"), None);
        assert_eq!(Manifest::parse(""), None);
        assert_eq!(Manifest::parse("studybook-build 2\nzz\t1\t0\ta\n"), None);
        assert_eq!(Manifest::parse("studybook-build 2\n00\t1\ta\n"), None);
        assert_eq!(Manifest::parse("studybook-build 3\n00\t1\t0\ta\n"), None);
        let second = Manifest::parse("studybook-build 2\n00000000000000ff\t3\t9\ta b.html\n");
        assert_eq!(second.unwrap().files["a b.html"].recipe, 0);
        let first = Manifest::parse("studybook-build 1\n00000000000000ff\t3\ta b.html\n").unwrap();
        assert_eq!(first.files["a b.html"].mtime, 0);
    }
}
