//! Headless Chromium and a small HTTP server: what the search tests need to use the built
//! site the way a reader does, over file:// and under a sub-path of a server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The Chromium on PATH, if there is one; tests without it say so and pass.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let names = ["chromium", "chromium-browser", "google-chrome"];
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// The DOM of `url` once its scripts have settled, from a fresh profile.
pub fn dump_dom(chromium: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile folder");
    let mut child = Command::new(chromium)
        .args(crate::common::browser::FLAGS)
        .arg("--virtual-time-budget=10000")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().expect("chromium's stdout");
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        let _ = stdout.read_to_string(&mut dom);
        dom
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("wait for chromium").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {url}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    reader.join().expect("chromium's output")
}

/// A request the server answered.
#[derive(Debug, Clone)]
pub struct Served {
    pub path: String,
    pub status: u16,
    pub bytes: usize,
}

/// Serves a folder at `http://127.0.0.1:<free port>/<prefix>/`, counting what it sends.
pub struct Server {
    pub base: String,
    log: Arc<Mutex<Vec<Served>>>,
}

impl Server {
    pub fn start(dir: &Path, prefix: &str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local address").port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (dir, prefix_owned) = (dir.to_path_buf(), format!("/{prefix}/"));
        let shared = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (dir, prefix, log) = (dir.clone(), prefix_owned.clone(), Arc::clone(&shared));
                std::thread::spawn(move || answer(stream, &dir, &prefix, &log));
            }
        });
        Server {
            base: format!("http://127.0.0.1:{port}/{prefix}/"),
            log,
        }
    }

    /// Every request answered since the last call.
    pub fn take(&self) -> Vec<Served> {
        std::mem::take(&mut *self.log.lock().expect("server log"))
    }
}

fn answer(mut stream: TcpStream, dir: &Path, prefix: &str, log: &Mutex<Vec<Served>>) {
    let mut reader = BufReader::new(&mut stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let file = decoded
        .strip_prefix(prefix)
        .filter(|rel| !rel.split('/').any(|part| part == ".."))
        .map(|rel| dir.join(rel));
    let (status, body, kind) = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((file, body)) => (200, body, content_type(&file)),
        None => (404, b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Not Found" },
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    log.lock().expect("server log").push(Served {
        path: decoded.into_owned(),
        status,
        bytes: body.len(),
    });
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}
