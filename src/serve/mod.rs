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

use crate::cmd::{print_diagnostics, say, CONFIG_ERROR, OK};
use crate::config::Site;
use crate::diag::Diagnostic;
use crate::i18n::Msg;
use crate::pipeline;
use crate::render::Page;
use crate::write::{is_unsafe_build_dir, update_in_place, write_site, CopiedFile};
use http::Shared;
use session::{Change, Session};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct ServeArgs {
    pub watch: bool,
    pub bind: IpAddr,
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
    let (mut session, diagnostics) = match Session::open(site, pipeline::today()) {
        Ok(opened) => opened,
        Err(problems) => {
            print_diagnostics(&problems);
            return Ok(CONFIG_ERROR);
        }
    };
    print_diagnostics(&diagnostics);
    write_everything(&session)?;
    let listener = match bind(args, lang) {
        Ok(listener) => listener,
        Err(message) => {
            say(&message);
            return Ok(CONFIG_ERROR);
        }
    };
    let address = listener.local_addr()?;
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None).map_err(|e| anyhow::anyhow!("{e}"))?,
    );
    let shared = Arc::new(Shared::new(session.snapshot.clone()));
    let url = format!("http://{address}/");
    say(&Msg::Serving {
        url: &url,
        watching: args.watch,
    }
    .text(lang));
    if args.open {
        open_browser(&url);
    }
    let workers = start_workers(&server, &shared);
    let stop = Arc::new(AtomicBool::new(false));
    {
        let (stop, server) = (Arc::clone(&stop), Arc::clone(&server));
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        });
    }
    let (batches, changes) = channel();
    let mut watcher = if args.watch {
        Some(watch::watch(&session.site, batches.clone())?)
    } else {
        None
    };
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
fn write_everything(session: &Session) -> anyhow::Result<()> {
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
    write_site(&session.site.build_dir, &pages, &no_files).map_err(|e| {
        anyhow::anyhow!(
            "failed to write the site into `{}`: {e}",
            session.site.build_dir.display()
        )
    })
}

/// Applies one batch of changes, writes what changed, and tells the pages. Returns
/// whether everything was rebuilt.
fn rebuild(session: &mut Session, shared: &Shared, batch: &[Change]) -> bool {
    let started = Instant::now();
    let lang = session.site.lang();
    match session.apply(batch) {
        Ok((rebuilt, changed, removed)) => {
            if let Err(err) = update_in_place(&session.site.build_dir, &changed, &removed) {
                say(&format!("{}: {err}", session.site.build_dir.display()));
            }
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
        if let Err(err) = update_in_place(&session.site.build_dir, &changed, &removed) {
            say(&format!("{}: {err}", session.site.build_dir.display()));
        }
        shared.replace(session.snapshot.clone());
    }
}

/// Binds the address; a busy default port moves on to the next free one, a busy port the
/// user asked for is an error with a suggestion.
fn bind(args: &ServeArgs, lang: crate::i18n::Lang) -> Result<TcpListener, String> {
    let wanted = args.port.unwrap_or(DEFAULT_PORT);
    let tries = if args.port.is_some() { 1 } else { 20 };
    for offset in 0..tries {
        let port = wanted.saturating_add(offset);
        match TcpListener::bind(SocketAddr::new(args.bind, port)) {
            Ok(listener) => {
                if offset > 0 {
                    say(&Msg::PortMoved { wanted, port }.text(lang));
                }
                return Ok(listener);
            }
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(err) => {
                return Err(Msg::CannotBind {
                    address: &format!("{}:{port}", args.bind),
                    reason: &err.to_string(),
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
) -> Vec<std::thread::JoinHandle<()>> {
    (0..WORKERS)
        .map(|_| {
            let (server, shared) = (Arc::clone(server), Arc::clone(shared));
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    http::handle(request, &shared);
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
