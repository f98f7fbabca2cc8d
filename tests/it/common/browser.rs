//! Headless Chromium driven over the DevTools protocol, for tests that need a real
//! browser: run script in a page, read the DOM, watch it reload.
//!
//! Where Chromium is not installed, `Browser::launch` says so and returns None: the test
//! skips. CI installs it (.ci/run).

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{stream::MaybeTlsStream, Message, WebSocket};

/// How the tests start Chromium: headless, as root, and without reaching for a network
/// this machine does not have.
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
];

pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

pub fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

impl Browser {
    /// Starts headless Chromium on `url`, or None (with a note) where there is none.
    pub fn launch(url: &str) -> Option<Browser> {
        let Some(binary) = chromium() else {
            super::without("chromium");
            return None;
        };
        let profile = tempfile::tempdir().expect("profile dir");
        let mut child = Command::new(binary)
            .args(FLAGS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().expect("stderr");
        let port = devtools_port(stderr).expect("DevTools port");
        let page = page_socket_url(port).expect("page target");
        let (socket, _) = tungstenite::connect(page.as_str()).expect("connect to the page");
        Some(Browser {
            child,
            socket,
            next_id: 1,
            _profile: profile,
        })
    }

    /// Evaluates `expression` in the page and returns its value (JSON).
    pub fn eval(&mut self, expression: &str) -> serde_json::Value {
        let params = serde_json::json!({"expression": expression, "returnByValue": true, "awaitPromise": true});
        self.call("Runtime.evaluate", params)["result"]["value"].clone()
    }

    /// Opens `url` in the page and waits until it has loaded.
    pub fn navigate(&mut self, url: &str, limit: Duration) -> bool {
        self.call("Page.navigate", serde_json::json!({"url": url}));
        let wanted = serde_json::to_string(url).unwrap_or_default();
        self.wait_for(&format!("decodeURI(location.href) === decodeURI({wanted}) && document.readyState === 'complete'"), limit)
    }

    /// Shows the page as `media` ("print" or "screen") on a viewport `width` CSS pixels
    /// wide, as paper of that width would lay it out.
    pub fn emulate(&mut self, media: &str, width: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": false}),
        );
        self.call(
            "Emulation.setEmulatedMedia",
            serde_json::json!({"media": media}),
        );
    }

    /// Sends one DevTools command and returns its result.
    fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        let id = self.next_id;
        self.next_id += 1;
        let request = serde_json::json!({"id": id, "method": method, "params": params});
        self.socket
            .send(Message::text(request.to_string()))
            .expect("send to chromium");
        loop {
            let message = self.socket.read().expect("read from chromium");
            let Ok(text) = message.to_text() else {
                continue;
            };
            let Ok(reply) = serde_json::from_str::<serde_json::Value>(text) else {
                continue;
            };
            if reply["id"] == id {
                return reply["result"].clone();
            }
        }
    }

    /// Polls `expression` until it returns true, or `limit` passes.
    pub fn wait_for(&mut self, expression: &str, limit: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.eval(expression) == serde_json::Value::Bool(true) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn devtools_port(stderr: std::process::ChildStderr) -> Option<u16> {
    let reader = BufReader::new(stderr);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            if let Some(rest) = line.split("ws://127.0.0.1:").nth(1) {
                let port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
                let _ = tx.send(port);
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(30)).ok().flatten()
}

fn page_socket_url(port: u16) -> Option<String> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Ok(reply) = super::http::get(port, "/json/list") {
            let targets: serde_json::Value =
                serde_json::from_slice(&reply.body).unwrap_or_default();
            let page = targets
                .as_array()
                .into_iter()
                .flatten()
                .find(|t| t["type"] == "page");
            if let Some(url) = page.and_then(|p| p["webSocketDebuggerUrl"].as_str()) {
                return Some(url.to_string());
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}
