//! `studybook serve`: the site from memory over HTTP, rebuilt as files change, with pages
//! that reload themselves when a rebuild finishes.
//!
//! Three parts, each reusing the pipeline's stages: [`session`] keeps the loaded site and
//! rebuilds only what a change touches, [`watch`] turns file events into changes, and
//! [`http`] answers requests from the latest snapshot.

mod affected;
pub mod http;
pub mod session;
pub mod watch;

use crate::cmd::{build_dir_refused, print_diagnostics, say, CONFIG_ERROR, OK};
use crate::config::Site;
use crate::diag::Diagnostic;
use crate::i18n::{io_reason, Msg};
use crate::pipeline;
use crate::render::Page;
use crate::write::{
    check_ownership, is_unsafe_build_dir, update_in_place, write_site, CopiedFile, Refusal,
};
use http::Shared;
use session::{Change, Session};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct ServeArgs {
    pub watch: bool,
    /// The address as the user wrote it: an IP address or `localhost`.
    pub bind: String,
    /// None: 3000, or the next free port after it.
    pub port: Option<u16>,
    pub open: bool,
}

const DEFAULT_PORT: u16 = 3000;
const WORKERS: usize = 8;

pub fn execute(site: Site, args: &ServeArgs) -> anyhow::Result<u8> {
    let lang = site.lang();
    if is_unsafe_build_dir(&site.root, &site.content_dir, &site.build_dir) {
        let shown = site.build_dir.display().to_string();
        print_diagnostics([&Diagnostic::error(
            crate::diag::Rule::Config,
            "book.toml",
            Msg::UnsafeBuildDir(&shown).text(lang),
        )
        .with_help(Msg::UnsafeBuildDirHelp.text(lang))]);
        return Ok(CONFIG_ERROR);
    }
    let shown = site.display_path(&site.build_dir);
    if let Err(refusal) = check_ownership(&site.build_dir) {
        print_diagnostics([&build_dir_refused(&shown, &refusal, lang)]);
        return Ok(CONFIG_ERROR);
    }
    let (mut session, diagnostics) = match Session::open(site, pipeline::today()) {
        Ok(opened) => opened,
        Err(problems) => {
            print_diagnostics(&problems);
            return Ok(CONFIG_ERROR);
        }
    };
    print_diagnostics(&diagnostics);
    if let Err(refusal) = write_everything(&session) {
        print_diagnostics([&build_dir_refused(&shown, &refusal, lang)]);
        return Ok(CONFIG_ERROR);
    }
    let Some(address) = parse_address(&args.bind) else {
        say(&Msg::BadBind(&args.bind).text(lang));
        return Ok(CONFIG_ERROR);
    };
    let listener = match bind(address, args.port, lang) {
        Ok(listener) => listener,
        Err(message) => {
            say(&message);
            return Ok(CONFIG_ERROR);
        }
    };
    let address = listener.local_addr()?;
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|_| anyhow::anyhow!(Msg::CannotServe.text(lang)))?,
    );
    let shared = Arc::new(Shared::new(session.snapshot.clone()));
    let loopback = address.ip().is_loopback();
    let workers = start_workers(&server, &shared, loopback);
    let stop = Arc::new(AtomicBool::new(false));
    {
        let (stop, server) = (Arc::clone(&stop), Arc::clone(&server));
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        });
    }
    let (batches, changes) = channel();
    // Watching starts before the address is announced, so that no save made after the
    // announcement is missed.
    let mut watcher = if args.watch {
        Some(watch::watch(&session.site, batches.clone())?)
    } else {
        None
    };
    let url = announce(address, args.watch, lang);
    if args.open {
        open_browser(&url);
    }
    // Whether the search index lags behind the pages: it is rebuilt once saves pause.
    let mut search_lags = false;
    while !stop.load(Ordering::SeqCst) {
        match changes.recv_timeout(Duration::from_millis(200)) {
            Ok(batch) => {
                let watched = watch::watched_dirs(&session.site);
                let full = rebuild(&mut session, &shared, &batch);
                search_lags = !full;
                if full && watcher.is_some() && watch::watched_dirs(&session.site) != watched {
                    // A theme folder came or went: watch afresh, and rebuild once more for
                    // what was written into it before the new watch began.
                    watcher = Some(watch::watch(&session.site, batches.clone())?);
                    let _ = batches.send(vec![Change::Everything]);
                }
            }
            Err(RecvTimeoutError::Timeout) if search_lags => {
                search_lags = false;
                catch_up_search(&mut session, &shared);
            }
            Err(RecvTimeoutError::Timeout) => {}
            // The watcher is gone (or was never started): keep serving what there is.
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(Duration::from_millis(200)),
        }
    }
    for _ in 0..workers.len() {
        server.unblock();
    }
    for worker in workers {
        let _ = worker.join();
    }
    say(&Msg::Stopped.text(lang));
    Ok(OK)
}

/// The first full build, written atomically like `build` does.
fn write_everything(session: &Session) -> Result<(), Refusal> {
    let pages: Vec<Page> = session
        .snapshot
        .pages
        .iter()
        .map(|(path, bytes)| Page {
            path: path.clone(),
            bytes: bytes.to_vec(),
        })
        .collect();
    let no_files: [CopiedFile; 0] = [];
    write_site(&session.site.build_dir, &pages, &no_files)
}

/// Applies one batch of changes, writes what changed, and tells the pages. Returns
/// whether everything was rebuilt.
fn rebuild(session: &mut Session, shared: &Shared, batch: &[Change]) -> bool {
    let started = Instant::now();
    let lang = session.site.lang();
    match session.apply(batch) {
        Ok((rebuilt, changed, removed)) => {
            write_changes(&session.site, &changed, &removed);
            shared.publish(session.snapshot.clone());
            let notes: Vec<String> = batch
                .iter()
                .filter_map(|c| match c {
                    Change::Note(p) => Some(session.site.display_path(p)),
                    _ => None,
                })
                .collect();
            print_diagnostics(session.diagnostics_for(&notes));
            say(&Msg::Rebuilt {
                pages: rebuilt.written + rebuilt.removed,
                rendered: rebuilt.rendered,
                full: rebuilt.full,
                millis: started.elapsed().as_millis(),
            }
            .text(lang));
            rebuilt.full
        }
        Err(problems) => {
            print_diagnostics(&problems);
            say(&Msg::KeptLastGood.text(lang));
            false
        }
    }
}

/// Rebuilds the search index (a few tenths of a second on a large site) while no save is
/// waiting, so that it never delays a rebuilt page. Pages are not reloaded for it.
fn catch_up_search(session: &mut Session, shared: &Shared) {
    let (changed, removed) = session.refresh_search();
    if !changed.is_empty() || !removed.is_empty() {
        write_changes(&session.site, &changed, &removed);
        shared.replace(session.snapshot.clone());
    }
}

/// Brings the copy on disk up to date; a failure is told, and serving goes on.
fn write_changes(site: &Site, changed: &[Page], removed: &[String]) {
    if let Err(err) = update_in_place(&site.build_dir, changed, removed) {
        let reason = io_reason(&err, site.lang());
        say(&Msg::CannotPrepare {
            dir: &site.display_path(&site.build_dir),
            reason: &reason,
        }
        .text(site.lang()));
    }
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
fn announce(address: SocketAddr, watching: bool, lang: crate::i18n::Lang) -> String {
    let ip = address.ip();
    let port = address.port();
    let local = if ip.is_unspecified() || ip.is_loopback() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), port)
    } else {
        address
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
    lang: crate::i18n::Lang,
) -> Result<TcpListener, String> {
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
