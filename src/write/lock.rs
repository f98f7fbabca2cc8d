//! One writer per build-dir at a time, across processes, containers and machines that
//! share the folder: a lock file beside it (`.<name>.studybook-lock`), made with
//! `O_EXCL` and naming its holder (host, machine, process, start, command).
//!
//! A lock is stale, and taken over, only when it provably has no living holder: its
//! holder ran on this very machine (same boot, same process namespace) and that process
//! is gone, or it has not been refreshed for [`STALE_AFTER`] (a holder refreshes it every
//! [`HEARTBEAT`]), which the taker is told so it can say so. Anything else is a refusal
//! that names the holder.
//!
//! The same identity names the staging folders ([`Owner`]): a leftover folder is removed
//! only by a build on the machine that made it, once its maker is gone.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use crate::names::lock_name;

/// How often a holder refreshes its lock's time.
const HEARTBEAT: Duration = Duration::from_secs(60);
/// A lock not refreshed for this long is taken over, whoever holds it.
pub const STALE_AFTER: Duration = Duration::from_secs(15 * 60);
const HEADER: &str = "studybook-lock 1";
/// A lock file that cannot be read this long after it was written is left over (a
/// power cut while it was made), not being written.
const UNREADABLE_AFTER: Duration = Duration::from_secs(10);

/// What a lock holds: who is writing into the build-dir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub host: String,
    /// Which running system the holder is in: two containers on one host differ here.
    pub machine: String,
    pub pid: u32,
    /// When the holder's process started, in the system's own ticks: a pid used again by
    /// another process does not make a dead holder look alive.
    pub started: u64,
    /// When the lock was taken, in seconds since 1970.
    pub since: u64,
    /// `build` or `serve`.
    pub command: String,
}

/// The identity of this process, as a lock and a staging folder name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub host: String,
    pub machine: String,
    pub pid: u32,
    pub started: u64,
}

impl Owner {
    /// This process.
    pub fn me() -> Owner {
        let pid = std::process::id();
        Owner {
            host: host_name(),
            machine: machine_id(),
            pid,
            started: process_start(pid).unwrap_or(0),
        }
    }

    /// A short tag of the machine, for file names.
    pub fn machine_tag(&self) -> String {
        machine_tag(&self.host, &self.machine)
    }

    /// Whether the process `pid`, which started at `started`, ran on this machine and is
    /// gone: the only proof that something it left is no longer in use.
    pub fn is_gone(&self, machine_tag: &str, pid: u32, started: u64) -> bool {
        machine_tag == self.machine_tag()
            && self.machine != UNKNOWN
            && process_start(pid).is_none_or(|now| now != started)
    }
}

/// A held lock. Dropping it removes the lock file (if it is still this one's).
pub struct Lock {
    path: PathBuf,
    text: String,
    stop: Arc<AtomicBool>,
    /// Set when the lock file is found to be someone else's: taken over while this
    /// process was stopped (a laptop asleep) or by hand.
    lost: Arc<AtomicBool>,
}

impl Lock {
    /// Whether this lock was taken over by another writer: then nothing more may be
    /// written into the build-dir.
    pub fn is_lost(&self) -> bool {
        // Someone else's text there, or none at all: taken over, or removed. A file that
        // cannot be read for now (too many open files, a share that hiccups) is no
        // other writer.
        // A link put in its place is no lock of ours, whatever it leads to.
        let lost = || match super::files::open_no_follow(&self.path) {
            Ok(mut file) => {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut file, &mut text).is_ok() && text != self.text
            }
            Err(err) => err.kind() == io::ErrorKind::NotFound || super::at::gone_or_replaced(&err),
        };
        if !self.lost.load(Ordering::Relaxed) && lost() {
            self.lost.store(true, Ordering::Relaxed);
        }
        self.lost.load(Ordering::Relaxed)
    }
}

/// Why a lock was not taken.
#[derive(Debug)]
pub enum Busy {
    /// Someone else holds it.
    Held(Holder),
    /// The lock's place holds what no studybook writes (a link, a FIFO), or a file that
    /// stays unreadable: never taken over or removed, told by its path.
    Unusable,
    Io(io::Error),
}

impl From<io::Error> for Busy {
    fn from(err: io::Error) -> Busy {
        Busy::Io(err)
    }
}

impl Lock {
    /// Takes the lock of the build-dir `build_dir` for `command`. Returns it, and the
    /// holder of a stale lock it took over after [`STALE_AFTER`] (to be told), if any.
    pub fn take(build_dir: &Path, command: &str) -> Result<(Lock, Option<Holder>), Busy> {
        let path = lock_path(build_dir)?;
        let me = Owner::me();
        let text = lock_text(&me, command);
        let mut took_over = None;
        // A few rounds: a stale lock is moved away, then the lock is made afresh, and
        // another process may be doing the same. Waiting for a lock being written is
        // no round: it ends within UNREADABLE_AFTER, read or taken away.
        let mut rounds = 0;
        // However its time reads (a clock set ahead makes it ever fresh).
        let patience = std::time::Instant::now() + UNREADABLE_AFTER;
        while rounds < 4 {
            // A link or a FIFO put where the lock goes is someone's: left as it is.
            if path.symlink_metadata().is_ok_and(|m| !m.is_file()) {
                return Err(Busy::Unusable);
            }
            match create_new(&path, &text) {
                Ok(()) => return Ok((Lock::held(path, text), took_over)),
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                Err(err) => return Err(err.into()),
            }
            let Some((found, holder, age)) = read_lock(&path)? else {
                continue;
            };
            match judge(&me, holder, age, patience) {
                Found::Held(holder) => return Err(Busy::Held(holder)),
                Found::BeingWritten => {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
                Found::Stale(holder) => {
                    took_over = holder.or(took_over);
                    take_away(&path, &found, &me)?;
                }
            }
            rounds += 1;
        }
        match read_lock(&path)?.and_then(|(_, holder, _)| holder) {
            Some(holder) => Err(Busy::Held(holder)),
            None => Err(Busy::Unusable),
        }
    }

    fn held(path: PathBuf, text: String) -> Lock {
        let stop = Arc::new(AtomicBool::new(false));
        let lost = Arc::new(AtomicBool::new(false));
        let (beat_path, beat_text, beat_stop) = (path.clone(), text.clone(), Arc::clone(&stop));
        let beat_lost = Arc::clone(&lost);
        // Refreshes the lock's time while it is held, so that another machine never
        // takes it for stale. The thread ends with the lock (or the process).
        let _ = std::thread::Builder::new()
            .name("studybook-lock".into())
            .spawn(move || {
                let tick = Duration::from_millis(500);
                let mut waited = Duration::ZERO;
                while !beat_stop.load(Ordering::Relaxed) {
                    std::thread::sleep(tick);
                    waited += tick;
                    if waited >= HEARTBEAT {
                        waited = Duration::ZERO;
                        if !refresh(&beat_path, &beat_text) {
                            beat_lost.store(true, Ordering::Relaxed);
                        }
                    }
                }
            });
        Lock {
            path,
            text,
            stop,
            lost,
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Only our own lock: after a takeover the file is someone else's.
        if still_ours(&self.path, &self.text).is_some() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Sets the lock's time to now if the file is still ours; false when it is not.
fn refresh(path: &Path, text: &str) -> bool {
    let Some(file) = still_ours(path, text) else {
        return false;
    };
    // Through the file just read, never by its path: a link put in its place leads
    // nowhere.
    let _ = file.set_modified(SystemTime::now());
    true
}

/// The lock file at `path`, opened without following a link, when it still holds
/// `text` (ours): None for anything else, a link put in its place among them.
fn still_ours(path: &Path, text: &str) -> Option<std::fs::File> {
    let mut file = super::files::open_no_follow(path).ok()?;
    let mut held = String::new();
    std::io::Read::read_to_string(&mut file, &mut held).ok()?;
    (held == text).then_some(file)
}

/// Moves a stale lock out of the way, unless it changed since it was judged stale (then
/// it is put back, and the next round looks again).
fn take_away(path: &Path, judged: &str, me: &Owner) -> io::Result<()> {
    let aside = path.with_file_name(format!(
        "{}.stale-{}-{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        me.machine_tag(),
        me.pid
    ));
    match std::fs::rename(path, &aside) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    }
    if std::fs::read_to_string(&aside).is_ok_and(|t| t == judged) {
        return std::fs::remove_file(&aside);
    }
    // A fresh lock was made in between: give it back (fails only if yet another one is
    // there, which then stands).
    let _ = std::fs::hard_link(&aside, path);
    std::fs::remove_file(&aside)
}

/// The lock at `path`: its text, its holder if the text names one, and how long ago it
/// was last refreshed. None when it is gone.
fn read_lock(path: &Path) -> io::Result<Option<(String, Option<Holder>, Duration)>> {
    let read = || -> io::Result<(Vec<u8>, std::fs::Metadata)> {
        let meta = path.symlink_metadata()?;
        // A lock is a small plain file: anything else (a FIFO, a link to a device) is
        // not read, and stands as an unreadable lock.
        if !meta.is_file() || meta.len() > 4096 {
            return Ok((Vec::new(), meta));
        }
        Ok((std::fs::read(path)?, meta))
    };
    let (text, meta) = match read() {
        Ok((bytes, meta)) => (String::from_utf8_lossy(&bytes).into_owned(), meta),
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let age = meta
        .modified()
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or(Duration::ZERO);
    Ok(Some((text.clone(), parse(&text), age)))
}

fn parse(text: &str) -> Option<Holder> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut field = std::collections::HashMap::new();
    for line in lines {
        let (key, value) = line.split_once('\t')?;
        field.insert(key, value);
    }
    Some(Holder {
        host: field.get("host")?.to_string(),
        machine: field.get("machine")?.to_string(),
        pid: field.get("pid")?.parse().ok()?,
        started: field.get("started")?.parse().ok()?,
        since: field.get("since")?.parse().ok()?,
        command: field.get("command")?.to_string(),
    })
}

fn create_new(path: &Path, text: &str) -> io::Result<()> {
    let mut file = std::fs::File::create_new(path)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .inspect_err(|_| {
            let _ = std::fs::remove_file(path);
        })
}

/// The folder a build-dir sits in, and its name.
pub fn parent_and_name(build_dir: &Path) -> io::Result<(PathBuf, String)> {
    let parent = build_dir
        .parent()
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    let name = build_dir
        .file_name()
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?
        .to_string_lossy()
        .to_string();
    Ok((parent.to_path_buf(), name))
}

const UNKNOWN: &str = "unknown";

fn machine_tag(host: &str, machine: &str) -> String {
    let hash = xxhash_rust::xxh3::xxh3_64(format!("{host}\n{machine}").as_bytes());
    format!("{:08x}", hash as u32)
}

fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its whole length, and gethostname writes at
        // most that many bytes.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            return clean(&String::from_utf8_lossy(&buf[..end]));
        }
    }
    std::env::var("COMPUTERNAME").map_or_else(|_| UNKNOWN.into(), |h| clean(&h))
}

/// The running system: the boot and the process namespace (a container has its own), so
/// that a pid is only ever looked up where it means something.
fn machine_id() -> String {
    if !cfg!(target_os = "linux") {
        return UNKNOWN.into();
    }
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id");
    let namespace = std::fs::read_link("/proc/self/ns/pid");
    match (boot, namespace) {
        (Ok(boot), Ok(namespace)) => clean(&format!("{}/{}", boot.trim(), namespace.display())),
        _ => UNKNOWN.into(),
    }
}

/// When process `pid` started (field 22 of /proc/<pid>/stat), or None if it is not
/// running (or this is not Linux).
fn process_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, in parentheses, may hold spaces: count from its end.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

/// A value safe for one line of the lock.
fn clean(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect()
}

/// Where the lock of `build_dir` goes, beside it; its folder made where missing. A file
/// where the folder goes (`--out afile/sub`) is said as such, not as a file that exists.
fn lock_path(build_dir: &Path) -> Result<PathBuf, Busy> {
    let (parent, name) = parent_and_name(build_dir)?;
    if parent.metadata().is_ok_and(|m| !m.is_dir()) {
        let err = io::Error::from(io::ErrorKind::NotADirectory);
        return Err(Busy::Io(io::Error::new(
            err.kind(),
            crate::io_error::FileError {
                path: parent,
                source: err,
            },
        )));
    }
    std::fs::create_dir_all(&parent)?;
    Ok(parent.join(lock_name(&name)))
}

/// What the lock file says of its holder, `me`, running `command`.
fn lock_text(me: &Owner, command: &str) -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!(
        "{HEADER}\nhost\t{}\nmachine\t{}\npid\t{}\nstarted\t{}\nsince\t{since}\ncommand\t{command}\n",
        me.host, me.machine, me.pid, me.started
    )
}

/// What a lock found in place is.
enum Found {
    /// Another process's, alive or too recent to tell.
    Held(Holder),
    /// Unreadable and fresh: someone is writing it this moment.
    BeingWritten,
    /// A gone holder's, expired, or unreadable for longer than a write takes (what a
    /// power cut left): to be taken away. With the holder of an expired one whose
    /// process may still run, to be told.
    Stale(Option<Holder>),
}

/// Judges a lock found with `holder` (none: it could not be read), `age` old, as `me`
/// sees it, waiting for one being written until `patience`.
fn judge(me: &Owner, holder: Option<Holder>, age: Duration, patience: std::time::Instant) -> Found {
    let Some(holder) = holder else {
        return if age < UNREADABLE_AFTER && std::time::Instant::now() < patience {
            Found::BeingWritten
        } else {
            Found::Stale(None)
        };
    };
    let tag = machine_tag(&holder.host, &holder.machine);
    let dead = me.is_gone(&tag, holder.pid, holder.started);
    // A holder on this machine is known alive or gone: its lock's age says nothing (a
    // laptop that slept, a process stopped for a while).
    let here = tag == me.machine_tag() && me.machine != UNKNOWN;
    let expired = age >= STALE_AFTER && !here;
    if dead {
        Found::Stale(None)
    } else if expired {
        Found::Stale(Some(holder))
    } else {
        Found::Held(holder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives the lock file at `path` the modification time `when`.
    fn set_time(path: &Path, when: SystemTime) {
        let file = std::fs::File::options().append(true).open(path).unwrap();
        file.set_modified(when).unwrap();
    }

    /// A held lock swapped for a link to someone's file (holding the lock's very text):
    /// the refresh touches nothing through it, and the lock counts as lost (round 27:
    /// the refresh set the outside file's time through the link).
    #[cfg(unix)]
    #[test]
    fn a_lock_swapped_for_a_link_is_lost_and_nothing_is_touched_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let (lock, _) = Lock::take(&site, "serve").unwrap();
        let theirs = dir.path().join("theirs.txt");
        std::fs::write(&theirs, &lock.text).unwrap();
        let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        set_time(&theirs, long_ago);
        std::fs::remove_file(&lock.path).unwrap();
        std::os::unix::fs::symlink(&theirs, &lock.path).unwrap();
        assert!(!refresh(&lock.path, &lock.text));
        assert_eq!(theirs.metadata().unwrap().modified().unwrap(), long_ago);
        assert!(lock.is_lost());
        drop(lock);
        assert!(!std::fs::read_to_string(&theirs).unwrap().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_or_a_pipe_where_the_lock_goes_is_left_alone_and_told() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let lock = dir.path().join(lock_name("site"));
        let theirs = dir.path().join("theirs.txt");
        std::fs::write(&theirs, "their file").unwrap();
        std::os::unix::fs::symlink(&theirs, &lock).unwrap();
        assert!(matches!(Lock::take(&site, "build"), Err(Busy::Unusable)));
        assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "their file");
        assert!(lock.symlink_metadata().unwrap().file_type().is_symlink());
        std::fs::remove_file(&lock).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&lock).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        assert!(matches!(Lock::take(&site, "build"), Err(Busy::Unusable)));
    }

    #[test]
    fn a_second_writer_is_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let (first, _) = Lock::take(&site, "serve").unwrap();
        match Lock::take(&site, "build") {
            Err(Busy::Held(holder)) => {
                assert_eq!(holder.command, "serve");
                assert_eq!(holder.pid, std::process::id());
            }
            other => panic!("{:?}", other.map(|_| ())),
        }
        drop(first);
        let (again, took_over) = Lock::take(&site, "build").unwrap();
        assert!(took_over.is_none());
        drop(again);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_lock_left_by_a_dead_process_on_this_machine_is_taken_quietly() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let me = Owner::me();
        // A process that has come and gone.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        let text = format!(
            "{HEADER}\nhost\t{}\nmachine\t{}\npid\t{pid}\nstarted\t1\nsince\t0\ncommand\tbuild\n",
            me.host, me.machine
        );
        std::fs::write(dir.path().join(lock_name("site")), text).unwrap();
        let (_lock, took_over) = Lock::take(&site, "build").unwrap();
        assert!(took_over.is_none(), "a crash, not a timeout");
    }

    #[test]
    fn a_living_holder_on_this_machine_keeps_its_lock_however_old() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let (held, _) = Lock::take(&site, "serve").unwrap();
        let lock = dir.path().join(lock_name("site"));
        let long_ago = SystemTime::now() - STALE_AFTER - Duration::from_secs(600);
        set_time(&lock, long_ago);
        // A laptop that slept: the holder is alive here, so its lock stands.
        assert!(matches!(Lock::take(&site, "build"), Err(Busy::Held(_))));
        assert!(!held.is_lost());
        // Taken by hand all the same: the holder finds out and writes no more.
        std::fs::write(&lock, "someone else's").unwrap();
        assert!(held.is_lost());
    }

    #[test]
    fn a_lock_file_left_unreadable_is_taken_once_it_is_not_being_written() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let lock = dir.path().join(lock_name("site"));
        std::fs::write(&lock, "").unwrap();
        let a_minute_ago = SystemTime::now() - Duration::from_secs(60);
        set_time(&lock, a_minute_ago);
        assert!(Lock::take(&site, "build").is_ok());
    }

    /// A lock file being written this moment is waited for, not called foreign: once
    /// its writer is done, its holder is named.
    #[test]
    fn a_lock_file_being_written_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let lock = dir.path().join(lock_name("site"));
        std::fs::write(&lock, "").unwrap();
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(600));
            let text = format!("{HEADER}\nhost\telsewhere\nmachine\tother\npid\t1\nstarted\t1\nsince\t1\ncommand\tserve\n");
            std::fs::write(&lock, text).unwrap();
        });
        let taken = Lock::take(&site, "build");
        writer.join().unwrap();
        match taken {
            Err(Busy::Held(holder)) => assert_eq!(holder.host, "elsewhere"),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn a_lock_from_another_machine_stands_until_it_is_long_unrefreshed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let lock = dir.path().join(lock_name("site"));
        // Pid 1 of another machine: never looked up here.
        let text =
            format!("{HEADER}\nhost\tother\nmachine\telsewhere\npid\t1\nstarted\t5\nsince\t0\ncommand\tserve\n");
        std::fs::write(&lock, &text).unwrap();
        assert!(matches!(
            Lock::take(&site, "build"),
            Err(Busy::Held(Holder { ref host, .. })) if host == "other"
        ));
        assert_eq!(std::fs::read_to_string(&lock).unwrap(), text);
        let long_ago = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        set_time(&lock, long_ago);
        let (_lock, took_over) = Lock::take(&site, "build").unwrap();
        assert_eq!(took_over.map(|h| h.host), Some("other".into()));
    }
}
