//! serve's rebuild after one saved note, on a generated 10,000-note site: in process
//! (the session's incremental rebuild alone) and end to end (from the write on disk to
//! the new page being served over HTTP by `studybook serve --watch`).
//!
//! `cargo bench --bench incremental` (add `-- NOTES` for another size).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use studybook::config::Site;
use studybook::serve::session::{Change, Session};

mod common;

const RUNS: usize = 7;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let (dir, notes) = common::generated_site();
    let root = dir.path();
    let note = std::fs::read_dir(root.join("content/m00001"))
        .expect("member folder")
        .flatten()
        .next()
        .expect("a note")
        .path();
    println!("| work ({notes} notes)                          | median |");
    println!("|-----------------------------------------------|--------|");
    in_process(root, &note);
    end_to_end(root, &note);
}

fn in_process(root: &Path, note: &Path) {
    let site = Site::open(Some(root), root).expect("open site");
    let (mut session, _) = Session::open(site, studybook::pipeline::today()).expect("session");
    for (label, from, to) in [
        ("body edit", "本次集中学习了", "本次认真学习了"),
        ("title edit", "title: 学习", "title: 认真学习"),
    ] {
        let samples = (0..RUNS)
            .map(|i| {
                let text = std::fs::read_to_string(note).expect("read note");
                let (a, b) = if i % 2 == 0 { (from, to) } else { (to, from) };
                std::fs::write(note, text.replacen(a, b, 1)).expect("write note");
                let started = Instant::now();
                session
                    .apply(&[Change::Note(note.to_path_buf())])
                    .expect("rebuild");
                started.elapsed()
            })
            .collect();
        println!(
            "| incremental rebuild in process, {label:<13} | {:>4} ms |",
            median(samples).as_millis()
        );
    }
}

fn end_to_end(root: &Path, note: &Path) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let mut child = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(["serve", "--watch", "--port", &port.to_string()])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let rel = note
        .strip_prefix(root.join("content"))
        .expect("rel")
        .with_extension("html");
    let page = format!("/notes/{}", rel.to_string_lossy());
    while fetch(port, &page).is_none() {
        std::thread::sleep(Duration::from_millis(100));
    }
    let samples = (0..RUNS)
        .map(|i| {
            let marker = format!("保存第{i}次");
            let text = std::fs::read_to_string(note).expect("read note");
            let text = match text.find("保存第") {
                Some(at) => format!("{}{marker}", &text[..at]),
                None => format!("{text}\n{marker}"),
            };
            // A person saves every few seconds: the search index catches up in between.
            std::thread::sleep(Duration::from_millis(1500));
            let started = Instant::now();
            std::fs::write(note, text).expect("write note");
            while !fetch(port, &page).is_some_and(|body| body.contains(&marker)) {
                std::thread::sleep(Duration::from_millis(2));
            }
            started.elapsed()
        })
        .collect();
    println!(
        "| saved edit -> new page served (HTTP, watch)   | {:>4} ms |",
        median(samples).as_millis()
    );
    let _ = child.kill();
    let _ = child.wait();
}

fn fetch(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut body = String::new();
    stream.read_to_string(&mut body).ok()?;
    body.starts_with("HTTP/1.1 200").then_some(body)
}
