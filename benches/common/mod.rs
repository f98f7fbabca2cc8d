//! What the benches share: a generated site, and the real binary run and measured.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A generated site of NOTES notes (the first number among the arguments, 10,000 by
/// default) in a temp folder, removed when the returned folder is dropped.
pub fn generated_site() -> (tempfile::TempDir, usize) {
    let notes = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    studybook::corpus::write_site(dir.path(), &studybook::corpus::Spec::with_notes(notes))
        .expect("generate corpus");
    (dir, notes)
}

pub struct Sample {
    pub wall: Duration,
    pub peak_rss_kib: i64,
}

/// Runs the binary once and reads its wall time and peak RSS (from wait4's rusage).
// The child is reaped by wait4 below, which std does not know about.
#[allow(clippy::zombie_processes)]
pub fn run_once(root: &Path, args: &[&str]) -> Sample {
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(args)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn studybook");
    let mut status = 0;
    // SAFETY: rusage is plain data, and the pid is our own unwaited child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    let wall = started.elapsed();
    let code = libc::WEXITSTATUS(status);
    // 2 is a refusal with a message (a hostile theme is one): measured like the rest.
    // A crash (101) or a signal is not.
    assert!(code <= 2, "studybook {args:?} exited {code}");
    Sample {
        wall,
        peak_rss_kib: usage.ru_maxrss,
    }
}

pub fn median(root: &Path, runs: usize, args: &[&str], before_each: impl Fn()) -> Sample {
    let mut samples: Vec<Sample> = (0..runs)
        .map(|_| {
            before_each();
            run_once(root, args)
        })
        .collect();
    samples.sort_by_key(|s| s.wall);
    let peak = samples.iter().map(|s| s.peak_rss_kib).max().unwrap_or(0);
    Sample {
        wall: samples[runs / 2].wall,
        peak_rss_kib: peak,
    }
}
