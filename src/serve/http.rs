//! HTTP: the site from memory, the reload script, and the long-poll that tells a page a
//! rebuild finished.
//!
//! A request path is decoded once and refused (404) when it could name anything outside
//! the site: `..` segments, encoded slashes or backslashes, NUL. Pages come from the
//! in-memory snapshot; files published as they are (images, videos) are streamed from the
//! content folder, only from the very file the build looked at.
//!
//! Only GET and HEAD are answered (405 otherwise), and no request body is ever read.
//! Bound to loopback, a request whose Host is not a loopback name gets 403; bound wider,
//! one whose Host is a DNS name other than localhost does: a page elsewhere that rebinds
//! its own name to this machine cannot read the notes. The limits on
//! the request line and headers (414, 431) and on unread bodies are in the patched
//! tiny_http (vendor/tiny_http/PATCHES.md).

use super::session::Snapshot;
use percent_encoding::percent_decode_str;
use std::io::Cursor;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// Where a page asks whether a rebuild finished: `?since=<version>`.
pub const WAIT_PATH: &str = "/__studybook/wait";
/// How long a long-poll is held before it is answered with "nothing new".
const WAIT_TIMEOUT: Duration = Duration::from_secs(25);
/// Long-polls held at once, each on a thread of its own; more get 503 and the page
/// polls again a second later. A few tabs need a few; a flood must not exhaust threads.
const MAX_WAITERS: usize = 64;

/// What the server threads share with the rebuild loop.
#[derive(Default)]
pub struct Shared {
    pub snapshot: RwLock<Arc<Snapshot>>,
    /// Rebuilds finished so far; waiters are woken when it changes.
    version: Mutex<u64>,
    changed: Condvar,
    /// Long-polls being held now.
    waiters: std::sync::atomic::AtomicUsize,
}

impl Shared {
    pub fn new(snapshot: Snapshot) -> Shared {
        Shared {
            snapshot: RwLock::new(Arc::new(snapshot)),
            ..Shared::default()
        }
    }

    /// Publishes a new snapshot and wakes every page waiting for it.
    pub fn publish(&self, snapshot: Snapshot) {
        self.replace(snapshot);
        if let Ok(mut version) = self.version.lock() {
            *version += 1;
        }
        self.changed.notify_all();
    }

    /// Publishes a new snapshot without reloading the pages (the search index catching
    /// up changes no page a browser shows).
    pub fn replace(&self, snapshot: Snapshot) {
        if let Ok(mut current) = self.snapshot.write() {
            *current = Arc::new(snapshot);
        }
    }

    pub fn version(&self) -> u64 {
        self.version.lock().map_or(0, |v| *v)
    }

    /// Blocks until the version differs from `seen`, or the timeout passes.
    fn wait(&self, seen: u64) -> u64 {
        let Ok(guard) = self.version.lock() else {
            return seen;
        };
        match self
            .changed
            .wait_timeout_while(guard, WAIT_TIMEOUT, |v| *v == seen)
        {
            Ok((version, _)) => *version,
            Err(_) => seen,
        }
    }

    fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_default()
    }
}

/// Answers one request. Long-polls are answered on a thread of their own so that they
/// never hold up the workers. `loopback`: the server is bound to a loopback address.
pub fn handle(request: Request, shared: &Arc<Shared>, loopback: bool) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(
            Response::from_string("405 Method Not Allowed")
                .with_status_code(StatusCode(405))
                .with_header(header("Allow", "GET, HEAD"))
                .with_header(header("Connection", "close")),
        );
        return;
    }
    if !host_allowed(&request, loopback) {
        let _ = request
            .respond(Response::from_string("403 Forbidden").with_status_code(StatusCode(403)));
        return;
    }
    let url = request.url().to_string();
    match url.strip_prefix(WAIT_PATH) {
        Some(query) => hold_until_rebuilt(request, shared, query),
        None => serve_site(request, shared, &url),
    }
}

/// Answers a long-poll (`query` is what follows [`WAIT_PATH`]) on a thread of its own once
/// a rebuild finishes or the wait times out; 503 when too many are held already.
fn hold_until_rebuilt(request: Request, shared: &Arc<Shared>, query: &str) {
    let seen = query
        .trim_start_matches(['?'])
        .strip_prefix("since=")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    use std::sync::atomic::Ordering;
    if shared.waiters.fetch_add(1, Ordering::SeqCst) >= MAX_WAITERS {
        shared.waiters.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(Response::from_string("busy").with_status_code(503));
        return;
    }
    let waiting = Arc::clone(shared);
    let held = std::thread::Builder::new().spawn(move || {
        let version = waiting.wait(seen);
        let _ = request.respond(
            Response::from_string(version.to_string())
                .with_header(header("Cache-Control", "no-store")),
        );
        waiting.waiters.fetch_sub(1, Ordering::SeqCst);
    });
    // No thread to be had: the request was dropped with the closure and got a 500.
    if held.is_err() {
        shared.waiters.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers a request for a path of the site: a page (or a rejected note's error page)
/// from memory, a file published as it is from the disk, else 404.
fn serve_site(request: Request, shared: &Arc<Shared>, url: &str) {
    let snapshot = shared.current();
    let Some(path) = resolve(url) else {
        let _ = request.respond(not_found(&snapshot, shared.version()));
        return;
    };
    if let Some(bytes) = snapshot
        .pages
        .get(&path)
        .or_else(|| snapshot.errors.get(&path))
    {
        let _ = request.respond(ok(&path, bytes, shared.version()));
        return;
    }
    // A file published as it is: sent from the disk a piece at a time, and only from the
    // file that was looked at (one put at its path since waits for the watch).
    if let Some(file) = snapshot.copied.get(&path).and_then(|copied| copied.open()) {
        let _ = request.respond(published_file(&path, file));
        return;
    }
    let _ = request.respond(not_found(&snapshot, shared.version()));
}

/// The response that sends a file published as it is, found at `path` in the site.
fn published_file(path: &str, file: std::fs::File) -> Response<std::fs::File> {
    // With its length, not in chunks: a player can show how long a video is.
    // A member's file is never a page that runs script, whatever it holds now (an
    // SVG edited since it was looked at, markup under an image's name): the browser
    // is told not to guess its type, and to run no script in it.
    let kind = content_type(path);
    let response = Response::from_file(file)
        .with_chunked_threshold(usize::MAX)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    if is_inert(kind) {
        return response;
    }
    response.with_header(header(
        "Content-Security-Policy",
        "script-src 'none'; object-src 'none'; sandbox",
    ))
}

/// Whether a file of type `kind` cannot run script: a picture, a PDF, a video. The
/// script policy goes only on what could (an SVG, text, a type not known): a browser's
/// own viewer for a PDF would be stopped by it.
fn is_inert(kind: &str) -> bool {
    kind == "application/pdf"
        || ["image/", "video/", "audio/"]
            .iter()
            .any(|t| kind.starts_with(t) && kind != "image/svg+xml")
}

/// Whether the request's Host may be answered. Bound to loopback: only names of this
/// machine (`localhost`, 127.x.x.x, `[::1]`). Bound wider: also any IP address, but never
/// another DNS name, which is what a DNS-rebinding page sends. A request without Host
/// (HTTP/1.0, not a browser) is let through; one with two Host headers is not, since a
/// proxy and this server might each read a different one.
fn host_allowed(request: &Request, loopback: bool) -> bool {
    let mut hosts = request.headers().iter().filter(|h| h.field.equiv("Host"));
    let Some(host) = hosts
        .next()
        .map(|h| h.value.as_str().trim().to_ascii_lowercase())
    else {
        return true;
    };
    if hosts.next().is_some() {
        return false;
    }
    if loopback {
        is_loopback_name(&host)
    } else {
        is_loopback_name(&host) || host_ip(&host).is_some()
    }
}

/// The name part of a Host header's value, without the port; "" when what follows the
/// name is anything but `:` and digits (`127.0.0.1:80@evil.example`).
fn host_name(host: &str) -> &str {
    let (name, port) = match host.strip_prefix('[') {
        Some(inside) => {
            let Some((name, after)) = inside.split_once(']') else {
                return "";
            };
            match after.strip_prefix(':') {
                Some(port) => (name, port),
                None if after.is_empty() => (name, ""),
                None => return "",
            }
        }
        None => host.split_once(':').unwrap_or((host, "")),
    };
    if port.bytes().all(|b| b.is_ascii_digit()) {
        name
    } else {
        ""
    }
}

fn host_ip(host: &str) -> Option<std::net::IpAddr> {
    host_name(host).parse().ok()
}

/// `host` (a Host header's value) names a loopback address.
pub fn is_loopback_name(host: &str) -> bool {
    let name = host_name(host);
    name == "localhost"
        || name.ends_with(".localhost")
        || host_ip(host).is_some_and(|ip| ip.is_loopback())
}

/// The site path a request URL names, or None when it tries to leave the site.
pub fn resolve(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    if !path.starts_with('/')
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
    {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            other => segments.push(other),
        }
    }
    let mut resolved = segments.join("/");
    if resolved.is_empty() || decoded.ends_with('/') {
        resolved = if resolved.is_empty() {
            "index.html".into()
        } else {
            format!("{resolved}/index.html")
        };
    }
    Some(resolved)
}

fn ok(path: &str, bytes: &[u8], version: u64) -> Response<Cursor<Vec<u8>>> {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        inject(bytes, version, None)
    } else {
        bytes.to_vec()
    };
    Response::from_data(body)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// 404.html, with a `<base>` so that its relative links work from any depth.
fn not_found(snapshot: &Snapshot, version: u64) -> Response<Cursor<Vec<u8>>> {
    let body = snapshot
        .pages
        .get("404.html")
        .map_or_else(|| b"404".to_vec(), |page| inject(page, version, Some("/")));
    Response::from_data(body)
        .with_status_code(StatusCode(404))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
}

/// The page with the reload script before `</body>` (and a `<base>` when given). Only
/// what serve sends gets it: the files on disk never do.
pub fn inject(html: &[u8], version: u64, base: Option<&str>) -> Vec<u8> {
    let script = format!(
        "<script>(function(){{var v={version};function poll(){{fetch('{WAIT_PATH}?since='+v,{{cache:'no-store'}}).then(function(r){{if(!r.ok){{throw r.status}}return r.text()}}).then(function(t){{if(t!==String(v)){{location.reload()}}else{{poll()}}}}).catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"
    );
    let text = String::from_utf8_lossy(html);
    let mut out = match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]),
        None => format!("{text}{script}"),
    };
    if let (Some(base), Some(at)) = (base, out.find("<head>")) {
        out.insert_str(at + "<head>".len(), &format!("<base href=\"{base}\">"));
    }
    out.into_bytes()
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Studybook"[..], &b"1"[..]).expect("static header")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_kept_inside_the_site() {
        assert_eq!(resolve("/").as_deref(), Some("index.html"));
        assert_eq!(
            resolve("/branches/%E7%AC%AC%E4%B8%80.html?x=1").as_deref(),
            Some("branches/第一.html")
        );
        assert_eq!(resolve("/notes//a.html").as_deref(), Some("notes/a.html"));
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/a%2f..%2f..%2fetc",
            "/a%5c..%5cb",
            "/..\\..\\x",
            "/a%00.html",
            "a.html",
            "/%2E%2E/x",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_loopback_names_are_loopback() {
        for good in [
            "localhost",
            "localhost:3000",
            "127.0.0.1:3000",
            "127.8.9.1",
            "[::1]:3000",
            "a.localhost",
        ] {
            assert!(is_loopback_name(good), "{good}");
        }
        for bad in [
            "evil.example",
            "evil.example:3000",
            "192.168.1.2:3000",
            "localhost.evil.example",
            "[::2]:80",
            "",
            "127.0.0.1:80@evil.example",
            "localhost:3000:4000",
            "[::1]evil",
            "[::1",
            "127.0.0.1:80 evil",
        ] {
            assert!(!is_loopback_name(bad), "{bad}");
        }
    }

    #[test]
    fn script_goes_before_the_end_of_body() {
        let html = inject(
            b"<html><head></head><body><p>x</p></body></html>",
            7,
            Some("/"),
        );
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("<head><base href=\"/\">"));
        assert!(text.contains("var v=7;"));
        assert!(text.ends_with("</script></body></html>"));
    }
}
