//! Wall time and peak memory of the real binary on generated sites.
//!
//! `cargo bench --bench pipeline` runs 1,000 and 10,000 notes; add `-- --full` for
//! 100,000. Each figure is the median of several runs of a fresh process; the corpus
//! is generated once per size, outside the timings. STUDYBOOK_BENCH_DIR puts the corpus
//! and the site elsewhere than the system's temp folder (e.g. /dev/shm, a RAM disk).
//!
//! Rows: a fresh build (no previous output), a rebuild with nothing changed and one
//! after one note changed (the previous output present, as a user runs it), check,
//! coverage and meetings; then how many files each kind of build wrote, linked (made,
//! and found the same bytes) and reused (taken unmade: the same recipe).
//! scripts/hugo-side-by-side runs Hugo on the same notes.

use common::{median, Sample};
use std::path::Path;
use std::process::Command;
use studybook::corpus::{write_site, Spec};

mod common;

/// Runs per figure; the largest site gets fewer.
fn runs(notes: usize) -> usize {
    if notes >= 100_000 {
        3
    } else {
        5
    }
}

/// The build's own count of files written, linked and reused (`STUDYBOOK_TIMINGS`).
fn files(root: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .arg("build")
        .env("STUDYBOOK_TIMINGS", "1")
        .current_dir(root)
        .output()
        .expect("run studybook");
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr
        .lines()
        .find_map(|l| {
            l.split_once("; files ")
                .map(|(_, files)| format!("files {files}"))
        })
        .unwrap_or_default()
}

/// Appends a sentence to one note: what a member does between two builds.
fn touch_one_note(root: &Path, n: usize) {
    let dir = root.join("content/m00000");
    let mut notes: Vec<_> = std::fs::read_dir(&dir)
        .expect("a member folder")
        .map(|e| e.expect("entry").path())
        .collect();
    notes.sort();
    let note = &notes[0];
    let mut text = std::fs::read_to_string(note).expect("read note");
    text.push_str(&format!(
        "\n补充第{n}点体会：学习要联系实际，落实到工作中。\n"
    ));
    std::fs::write(note, text).expect("write note");
}

fn row(work: &str, notes: usize, sample: &Sample) {
    println!(
        "| {work:<28} | {notes:>7} | {:>9.3} s | {:>7.1} MB |",
        sample.wall.as_secs_f64(),
        sample.peak_rss_kib as f64 / 1024.0
    );
}

fn main() {
    let full = std::env::args().any(|a| a == "--full");
    let mut sizes = vec![1_000, 10_000];
    if full {
        sizes.push(100_000);
    }
    println!("| work                         |   notes |  wall (median) | peak RSS |");
    println!("|------------------------------|---------|----------------|----------|");
    for notes in sizes {
        let dir = match std::env::var_os("STUDYBOOK_BENCH_DIR") {
            Some(base) => tempfile::tempdir_in(base),
            None => tempfile::tempdir(),
        }
        .expect("temp dir");
        let runs = runs(notes);
        let root = dir.path();
        write_site(root, &Spec::with_notes(notes)).expect("generate corpus");
        let site = root.join("site");
        let fresh = || {
            let _ = std::fs::remove_dir_all(&site);
        };
        row(
            "build (fresh build-dir)",
            notes,
            &median(root, runs, &["build"], fresh),
        );
        let fresh_files = {
            fresh();
            files(root)
        };
        row(
            "rebuild, nothing changed",
            notes,
            &median(root, runs, &["build"], || {}),
        );
        let unchanged_files = files(root);
        let edits = std::cell::Cell::new(0);
        row(
            "rebuild, one note changed",
            notes,
            &median(root, runs, &["build"], || {
                edits.set(edits.get() + 1);
                touch_one_note(root, edits.get());
            }),
        );
        touch_one_note(root, 0);
        let one_files = files(root);
        row("check", notes, &median(root, runs, &["check"], || {}));
        row(
            "coverage --format json",
            notes,
            &median(root, runs, &["coverage", "--format", "json"], || {}),
        );
        row(
            "meetings --format json",
            notes,
            &median(root, runs, &["meetings", "--format", "json"], || {}),
        );
        println!("{notes} notes: fresh build {fresh_files}; nothing changed {unchanged_files}; one note changed {one_files}");
    }
}
