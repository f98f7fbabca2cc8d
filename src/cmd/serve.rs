//! `studybook serve`: builds the site into memory and onto disk, serves it, and applies
//! each batch of saved files as the watcher reports it.

use super::{print_diagnostics, say, Error, Result, OK};
use crate::config::Site;
use crate::i18n::{io_reason, Lang, Msg};
use crate::pipeline;
use crate::render::Page;
use crate::serve::http::{self, Shared};
use crate::serve::session::{Change, Session, Snapshot, ToWrite};
use crate::serve::watch;
use crate::write::manifest::Manifest;
use crate::write::{update_in_place, CopiedFile, Sink, Staging};
use rayon::prelude::*;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// 监视笔记、主题和 book.toml，有变化时重新生成
    #[arg(long)]
    pub watch: bool,
    /// 监听地址（默认 127.0.0.1，只允许本机访问；0.0.0.0 让整个网络都能访问）
    #[arg(
        long,
        default_value = "127.0.0.1",
        hide_default_value = true,
        value_name = "地址"
    )]
    pub bind: String,
    /// 端口（默认 3000，被占用时自动换下一个）
    #[arg(long, value_name = "端口", allow_negative_numbers = true)]
    pub port: Option<u16>,
    /// 启动后打开浏览器
    #[arg(long)]
    pub open: bool,
}

const DEFAULT_PORT: u16 = 3000;
const WORKERS: usize = 8;
/// How long after a failed write the copy on disk is written again unasked.
const RETRY_WRITE: Duration = Duration::from_secs(2);

pub fn execute(site: Site, args: &ServeArgs) -> Result {
    let lang = site.lang();
    let address = parse_address(&args.bind)
        .ok_or_else(|| Error::Said(Msg::BadBind(&args.bind).text(lang)))?;
    let (staging, shown) = super::stage(&site, &site.build_dir, "serve")?;
    // Watching starts before the site is read and long before a page is served, so
    // that no save made while loading, or after the first page was answered, is missed.
    let mut watching = Watching::start(&site, args.watch, lang)?;
    let (session, diagnostics) = Session::open(site, pipeline::today())?;
    print_diagnostics(&diagnostics);
    let disk = OnDisk::write(&session, staging, shown)?;
    let listener = bind(address, args.port, lang).map_err(Error::Said)?;
    let address = listener.local_addr()?;
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|_| Error::Said(Msg::CannotServe.text(lang)))?,
    );
    let shared = Arc::new(Shared::new(session.snapshot.clone()));
    let workers = start_workers(&server, &shared, address.ip().is_loopback());
    let stop = stop_on_ctrl_c(&server);
    let url = announce(address, args.watch, lang);
    if args.open {
        open_browser(&url);
    }
    let mut preview = Preview {
        session,
        disk,
        shared,
        search_lags: false,
        retried: HashMap::new(),
    };
    let mut overload = Overload::default();
    while !stop.load(Ordering::SeqCst) {
        overload.tell(&server, lang);
        preview.turn(&mut watching, lang);
    }
    stop_workers(&server, workers);
    say(&Msg::Stopped.text(lang));
    Ok(OK)
}

/// What the preview keeps up to date between saves: the site in memory, its copy on
/// disk, and what is served.
struct Preview {
    session: Session,
    disk: OnDisk,
    shared: Arc<Shared>,
    /// Whether the search index lags behind the pages: it is rebuilt once saves pause.
    search_lags: bool,
    /// Notes that could not be read when saved (too many open files for a moment, a
    /// share that hiccuped), and how often they were tried again.
    retried: HashMap<PathBuf, u32>,
}

impl Preview {
    /// Waits a moment for a batch of saves and rebuilds what it changed; meanwhile
    /// catches up what waits for a quiet moment.
    fn turn(&mut self, watching: &mut Watching, lang: Lang) {
        let (session, disk, shared) = (&mut self.session, &mut self.disk, &*self.shared);
        match watching.changes.recv_timeout(Duration::from_millis(200)) {
            // With the site or its content folder away there is nothing to build
            // from: the preview keeps what it has, and says why once.
            Ok(batch) => {
                if !watching.rearm(&session.site, lang) {
                    self.search_lags = !rebuild(session, disk, shared, &batch);
                    try_again_later(session, &batch, &mut self.retried, &watching.batches);
                }
            }
            // Past midnight: notes published from today or expired yesterday are
            // served or withdrawn without waiting for a save.
            Err(RecvTimeoutError::Timeout) if session.day_turned() => {
                self.search_lags = !rebuild(session, disk, shared, &[Change::Everything]);
            }
            Err(RecvTimeoutError::Timeout) if disk.retry_due() => {
                disk.catch_up(&session.snapshot, lang);
            }
            Err(RecvTimeoutError::Timeout) if self.search_lags => {
                self.search_lags = false;
                catch_up_search(session, disk, shared);
            }
            Err(RecvTimeoutError::Timeout) => {}
            // The watcher is gone (or was never started): keep serving what there is.
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
}

/// The watch on the site's files (with `--watch`), and the batches of changes it sends.
struct Watching {
    watcher: Option<notify::RecommendedWatcher>,
    /// What the watch was set on: folders replaced or moved since need a watch afresh.
    armed: watch::Armed,
    batches: Sender<Vec<Change>>,
    changes: Receiver<Vec<Change>>,
}

impl Watching {
    /// Starts watching the site when asked to; what stops serve when it cannot.
    fn start(site: &Site, watch: bool, lang: Lang) -> Result<Watching> {
        let (batches, changes) = channel();
        let watcher = if watch {
            Some(watch::watch(site, batches.clone()).map_err(|_| cannot_watch(lang))?)
        } else {
            None
        };
        Ok(Watching {
            watcher,
            armed: watch::Armed::of(site),
            batches,
            changes,
        })
    }

    /// Watches afresh when what was watched changed, and returns whether the site or its
    /// content folder is away.
    fn rearm(&mut self, site: &Site, lang: Lang) -> bool {
        let now = watch::Armed::of(site);
        let away = now.is_away();
        if self.watcher.is_some() && now != self.armed {
            // content/ was replaced or came back, the root moved, or a theme folder came
            // or went: watch afresh, and rebuild once more for what was written before
            // the new watch began. A root that is gone has nothing left to watch.
            say(&now.news(&self.armed, site, lang));
            self.armed = now;
            if !away {
                self.watcher = match watch::watch(site, self.batches.clone()) {
                    Ok(watcher) => Some(watcher),
                    Err(_) => {
                        say(&Msg::CannotWatch.text(lang));
                        None
                    }
                };
                let _ = self.batches.send(vec![Change::Everything]);
            }
        }
        away
    }
}

/// The flag Ctrl-C raises, unblocking the server so that serving stops.
fn stop_on_ctrl_c(server: &Arc<tiny_http::Server>) -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let (raised, server) = (Arc::clone(&stop), Arc::clone(server));
    let _ = ctrlc::set_handler(move || {
        raised.store(true, Ordering::SeqCst);
        server.unblock();
    });
    stop
}

/// Lets every worker out of its wait for a request, and waits for them to end.
fn stop_workers(server: &tiny_http::Server, workers: Vec<std::thread::JoinHandle<()>>) {
    for _ in 0..workers.len() {
        server.unblock();
    }
    for worker in workers {
        let _ = worker.join();
    }
}

/// How often, and how long apart, a note that could not be read is read again: for a
/// minute, as long as files run out when a burst of connections holds them.
const RETRIES: u32 = 20;
const RETRY_AFTER: Duration = Duration::from_secs(3);

/// Sends the notes of `batch` that could not be read again, a little later, a few
/// times at most: a save made while the files ran out is seen once they are back.
fn try_again_later(
    session: &Session,
    batch: &[Change],
    retried: &mut HashMap<PathBuf, u32>,
    batches: &std::sync::mpsc::Sender<Vec<Change>>,
) {
    let mut again = Vec::new();
    for change in batch {
        let Change::Note(path) = change else { continue };
        if !session.unread(path) {
            retried.remove(path);
            continue;
        }
        let tries = retried.entry(path.clone()).or_default();
        if *tries < RETRIES {
            *tries += 1;
            again.push(change.clone());
        }
    }
    if !again.is_empty() {
        let batches = batches.clone();
        std::thread::spawn(move || {
            std::thread::sleep(RETRY_AFTER);
            let _ = batches.send(again);
        });
    }
}

/// Says, once a minute at most, that connections were turned away: too many at once,
/// or the system's limit on open files reached. Serving recovers by itself.
#[derive(Default)]
struct Overload {
    last_told: Option<Instant>,
}

impl Overload {
    fn tell(&mut self, server: &tiny_http::Server, lang: Lang) {
        if !server.take_overloaded() {
            return;
        }
        if self
            .last_told
            .is_none_or(|t| t.elapsed() >= Duration::from_secs(60))
        {
            self.last_told = Some(Instant::now());
            say(&Msg::Overloaded(tiny_http::MAX_CONNECTIONS).text(lang));
        }
    }
}

/// The copy of the site on disk that serve keeps, and its mark, kept in memory so that
/// a save does not read and parse it again.
struct OnDisk {
    dir: PathBuf,
    shown: String,
    manifest: Manifest,
    /// The build-dir's lock, held while serve keeps the copy up to date: a `build` into
    /// the same folder meanwhile is refused with serve's name.
    _lock: Option<crate::write::Lock>,
    /// Whether the loss of the lock was told.
    told_lost: bool,
    /// Whether a folder put where the copy was, and refused, was told.
    told_refused: bool,
    /// The pages edited by hand on disk that were told, once each.
    told_edited: std::collections::HashSet<String>,
    /// Whether a batch failed half way (too many open files, a full disk): then the
    /// next one writes every page whose bytes the copy on disk does not hold.
    behind: bool,
    /// When a copy left behind is written again without waiting for a save, and
    /// whether its failure was told (once until a batch goes through).
    retry_at: Option<Instant>,
    told_failed: bool,
    /// The removals and copies of batches that failed: tried again with the next one
    /// (a draft's old page must go even if the files ran out when it was saved).
    pending_removed: Vec<String>,
    pending_copied: Vec<(String, crate::write::Copied)>,
    /// Whether a build-dir changed in book.toml since serve started was told.
    told_moved: bool,
}

impl OnDisk {
    /// The first full build, written atomically like `build` does.
    fn write(session: &Session, staging: Staging, shown: String) -> Result<OnDisk> {
        let lang = session.site.lang();
        let failed =
            |err: std::io::Error| Error::Said(super::cannot_write_site(&shown, &err, lang));
        let snapshot = &session.snapshot;
        snapshot
            .pages
            .par_iter()
            .try_for_each(|(path, bytes)| staging.put(path, bytes))
            .map_err(failed)?;
        // Streamed from where they are, or taken from the last build as they are.
        snapshot
            .copied
            .par_iter()
            .try_for_each(|(path, file)| {
                staging.copy(&CopiedFile {
                    from: file.from.clone(),
                    to: path.clone(),
                })
            })
            .map_err(failed)?;
        let committed = staging.commit().map_err(failed)?;
        super::say_committed(&committed, &session.site);
        Ok(OnDisk {
            dir: session.site.build_dir.clone(),
            shown,
            manifest: committed.manifest,
            _lock: committed.lock,
            told_lost: false,
            told_refused: false,
            told_edited: Default::default(),
            behind: false,
            retry_at: None,
            told_failed: false,
            pending_removed: Vec::new(),
            pending_copied: Vec::new(),
            told_moved: false,
        })
    }

    /// Writes the whole site afresh when the copy on disk is gone (the build-dir was
    /// moved away or deleted while serve ran), so that saves reach the disk again
    /// instead of failing one by one. Returns whether it did.
    fn restore(&mut self, session: &Session) -> bool {
        let lang = session.site.lang();
        if self.dir.join(crate::write::manifest::MANIFEST).is_file() || self._lock.is_none() {
            return false;
        }
        // The folder holding the copy is gone too (the whole site was moved or renamed):
        // never made again where it was, with only a copy of the site in it.
        if !self.dir.parent().is_some_and(std::path::Path::is_dir) {
            return true;
        }
        // Whatever is there now must be a folder a build may replace, before the lock
        // is let go of: a folder of someone's put in its place is refused, said once,
        // and never written into; serve keeps its lock and writes again once it is gone.
        let refused = crate::write::check_ownership(&self.dir).err().or_else(|| {
            crate::write::inside_built_site(&self.dir)
                .map(|up| crate::write::Refusal::InsideBuilt { up })
        });
        if let Some(refusal) = refused {
            if !self.told_refused {
                self.told_refused = true;
                say(&super::build_dir_refused(&self.shown, &refusal, lang).message);
            }
            return true;
        }
        // The lock is given up for the new staging to take: it is this process's.
        self._lock = None;
        let staging = match Staging::new(&self.dir, "serve") {
            Ok(staging) => staging,
            Err(refusal) => {
                // Another build took the folder meanwhile: it is that build's now.
                say(&super::build_dir_refused(&self.shown, &refusal, lang).message);
                say(&Msg::LockLost(&self.shown).text(lang));
                self.told_lost = true;
                return true;
            }
        };
        // write fails only with a sentence already said in the user's language.
        match OnDisk::write(session, staging, self.shown.clone()) {
            Ok(fresh) => {
                *self = fresh;
                say(&Msg::BuildDirGoneRewritten(&self.shown).text(lang));
            }
            Err(Error::Said(text)) => say(&text),
            Err(_) => {}
        }
        true
    }

    /// Brings the copy up to date; a failure is told, and serving goes on. Once another
    /// writer took the build-dir's lock (this process was stopped for long, a laptop
    /// asleep), nothing more is written: said once, and the preview goes on.
    fn update(&mut self, written: &ToWrite, snapshot: &Snapshot, lang: Lang) {
        if !self.may_update(lang) {
            return;
        }
        // Behind since a batch failed: every page the copy does not hold, with this one's.
        let caught_up: Vec<Page>;
        let pages = if self.behind {
            caught_up = self.pages_behind(written, snapshot);
            &caught_up
        } else {
            &written.pages
        };
        // What failed before goes with this batch, unless this batch says otherwise of
        // the same path (a file copied again, or removed now).
        let mut removed = std::mem::take(&mut self.pending_removed);
        let mut copied = std::mem::take(&mut self.pending_copied);
        let now: std::collections::HashSet<&str> = written
            .copied
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(written.removed.iter().map(String::as_str))
            .chain(pages.iter().map(|p| p.path.as_str()))
            .collect();
        removed.retain(|p| !now.contains(p.as_str()));
        copied.retain(|(p, _)| !now.contains(p.as_str()));
        removed.extend(written.removed.iter().cloned());
        copied.extend(written.copied.iter().cloned());
        let updated = update_in_place(&self.dir, &mut self.manifest, pages, &copied, &removed);
        if updated.is_err() {
            self.pending_removed = removed;
            self.pending_copied = copied;
        }
        self.tell_updated(updated, lang);
    }

    /// Tells, once, that book.toml now names another build-dir than the one serve
    /// keeps: the copy stays where serve took its lock, and a new serve writes the new
    /// one (whose folder a build checks first).
    fn tell_moved(&mut self, session: &Session) {
        if self.told_moved || session.site.build_dir == self.dir {
            return;
        }
        self.told_moved = true;
        let lang = session.site.lang();
        let new = session.site.display_path(&session.site.build_dir);
        say(&Msg::BuildDirChangedWhileServing {
            kept: &self.shown,
            new: &new,
        }
        .text(lang));
    }

    /// Whether a copy left behind by a failed batch is due to be written again.
    fn retry_due(&self) -> bool {
        self.retry_at.is_some_and(|at| Instant::now() >= at)
    }

    /// Writes again what a failed batch left behind (the files had run out for a moment,
    /// the disk was full), so that a save made then reaches the disk without another.
    fn catch_up(&mut self, snapshot: &Snapshot, lang: Lang) {
        let nothing = ToWrite {
            pages: Vec::new(),
            copied: Vec::new(),
            removed: Vec::new(),
        };
        // Set again if this fails too; never left set where nothing may be written.
        self.retry_at = None;
        self.update(&nothing, snapshot, lang);
    }

    /// Whether the copy may be written into: only with the lock held (its loss said
    /// once), and only into the copy serve wrote (its mark there). A folder put in its
    /// place is `restore`'s to judge, never written into here.
    fn may_update(&mut self, lang: Lang) -> bool {
        let Some(lock) = &self._lock else {
            return false;
        };
        if lock.is_lost() {
            if !self.told_lost {
                self.told_lost = true;
                say(&Msg::LockLost(&self.shown).text(lang));
            }
            return false;
        }
        self.dir.join(crate::write::manifest::MANIFEST).is_file()
    }

    /// The pages of `snapshot` whose bytes the copy on disk does not hold, other than
    /// those `written` now, then those.
    fn pages_behind(&self, written: &ToWrite, snapshot: &Snapshot) -> Vec<Page> {
        let written_now: std::collections::HashSet<&str> =
            written.pages.iter().map(|p| p.path.as_str()).collect();
        snapshot
            .pages
            .iter()
            .filter(|(path, _)| !written_now.contains(path.as_str()))
            .filter(|(path, bytes)| {
                let entry = crate::write::manifest::Entry::of(bytes);
                self.manifest
                    .files
                    .get(*path)
                    .is_none_or(|e| !e.same_bytes(&entry))
            })
            .map(|(path, bytes)| Page {
                path: path.clone(),
                bytes: bytes.to_vec(),
            })
            .chain(written.pages.iter().cloned())
            .collect()
    }

    /// Tells what came of an update: the pages edited by hand and kept (each once), or
    /// the failure, after which the copy is behind.
    fn tell_updated(&mut self, updated: std::io::Result<Vec<String>>, lang: Lang) {
        match updated {
            Ok(edited) => {
                self.behind = false;
                self.retry_at = None;
                self.told_failed = false;
                for path in edited {
                    if self.told_edited.insert(path.clone()) {
                        let shown = format!("{}/{path}", self.shown);
                        say(&Msg::PageEditedKept(&shown).text(lang));
                    }
                }
            }
            // A copy moved away meanwhile is no failure: `restore` writes it afresh.
            Err(err) => {
                self.behind = true;
                self.retry_at = Some(Instant::now() + RETRY_WRITE);
                let told = std::mem::replace(&mut self.told_failed, true);
                if !told && self.dir.join(crate::write::manifest::MANIFEST).is_file() {
                    say(&super::cannot_write_site(&self.shown, &err, lang));
                }
            }
        }
    }
}

/// Applies one batch of changes, writes what changed, and tells the pages. Returns
/// whether everything was rebuilt.
fn rebuild(session: &mut Session, disk: &mut OnDisk, shared: &Shared, batch: &[Change]) -> bool {
    let started = Instant::now();
    let lang = session.site.lang();
    match session.apply(batch) {
        Ok((rebuilt, written)) => {
            // Served first, written after: the browser does not wait for the disk.
            shared.publish(session.snapshot.clone());
            disk.tell_moved(session);
            if !disk.restore(session) {
                disk.update(&written, &session.snapshot, lang);
                // Moved away while it was being written: written again in full now, not
                // only at the next save.
                disk.restore(session);
            }
            // What the saved notes and files are told, as build tells it (a FIFO or a
            // link out of the site put among the pictures too).
            let saved: Vec<String> = batch
                .iter()
                .filter_map(|c| match c {
                    Change::Note(p) | Change::Asset(p) => Some(session.site.display_path(p)),
                    _ => None,
                })
                .collect();
            print_diagnostics(session.diagnostics_for(&saved));
            say(&Msg::Rebuilt {
                pages: rebuilt.written + rebuilt.removed,
                rendered: rebuilt.rendered,
                full: rebuilt.full,
                millis: started.elapsed().as_millis(),
            }
            .text(lang));
            rebuilt.full
        }
        // Moved away while it was read: the next batch says so, not a missing roster.
        Err(_) if watch::Armed::of(&session.site).is_away() => false,
        Err(problems) => {
            print_diagnostics(&problems);
            say(&Msg::KeptLastGood.text(lang));
            false
        }
    }
}

/// Rebuilds the search index (a few tenths of a second on a large site) while no save is
/// waiting, so that it never delays a rebuilt page. Pages are not reloaded for it.
fn catch_up_search(session: &mut Session, disk: &mut OnDisk, shared: &Shared) {
    let (pages, removed) = session.refresh_search();
    if !pages.is_empty() || !removed.is_empty() {
        let written = ToWrite {
            pages,
            copied: Vec::new(),
            removed,
        };
        disk.update(&written, &session.snapshot, session.site.lang());
        shared.replace(session.snapshot.clone());
    }
}

fn cannot_watch(lang: Lang) -> Error {
    Error::Said(Msg::CannotWatch.text(lang))
}

/// `--bind`: an IP address, or `localhost`.
fn parse_address(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("localhost") {
        return Some(IpAddr::from([127, 0, 0, 1]));
    }
    text.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// Tells where the site can be read, and the URL to open. Bound to anything but
/// loopback, it says first that the whole network can read the notes.
fn announce(address: SocketAddr, watching: bool, lang: Lang) -> String {
    let ip = address.ip();
    let port = address.port();
    // The address a browser on this machine reaches: bound to ::1, that is [::1], not
    // 127.0.0.1; bound to every address of one family, its loopback.
    let local = match ip {
        IpAddr::V6(v6) if v6.is_loopback() || v6.is_unspecified() => {
            SocketAddr::new(IpAddr::from(std::net::Ipv6Addr::LOCALHOST), port)
        }
        _ if ip.is_unspecified() || ip.is_loopback() => {
            SocketAddr::new(IpAddr::from([127, 0, 0, 1]), port)
        }
        _ => address,
    };
    let url = format!("http://{local}/");
    if !ip.is_loopback() {
        let others = if ip.is_unspecified() {
            format!("http://<{}>:{port}/", Msg::ThisMachinesAddress.text(lang))
        } else {
            format!("http://{address}/")
        };
        say(&Msg::WholeNetwork {
            address: &address.to_string(),
            others: &others,
        }
        .text(lang));
    }
    say(&Msg::Serving {
        url: &url,
        watching,
        loopback: ip.is_loopback(),
    }
    .text(lang));
    url
}

/// Binds the address; a busy default port moves on to the next free one, a busy port the
/// user asked for is an error with a suggestion.
fn bind(
    address: IpAddr,
    port: Option<u16>,
    lang: Lang,
) -> std::result::Result<TcpListener, String> {
    let wanted = port.unwrap_or(DEFAULT_PORT);
    let tries = if port.is_some() { 1 } else { 20 };
    for offset in 0..tries {
        let port = wanted.saturating_add(offset);
        match TcpListener::bind(SocketAddr::new(address, port)) {
            Ok(listener) => {
                if offset > 0 {
                    say(&Msg::PortMoved { wanted, port }.text(lang));
                }
                return Ok(listener);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(err) => {
                return Err(Msg::CannotBind {
                    address: &SocketAddr::new(address, port).to_string(),
                    reason: &io_reason(&err, lang),
                }
                .text(lang))
            }
        }
    }
    Err(Msg::PortInUse {
        port: wanted,
        next: wanted.saturating_add(1),
    }
    .text(lang))
}

fn start_workers(
    server: &Arc<tiny_http::Server>,
    shared: &Arc<Shared>,
    loopback: bool,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..WORKERS)
        .map(|_| {
            let (server, shared) = (Arc::clone(server), Arc::clone(shared));
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    http::handle(request, &shared, loopback);
                }
            })
        })
        .collect()
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "windows") {
        ("cmd", vec!["/C", "start", url])
    } else if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else {
        ("xdg-open", vec![url])
    };
    let _ = std::process::Command::new(command.0)
        .args(command.1)
        .spawn();
}
