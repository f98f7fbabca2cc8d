//! The Linux download as an admin gets it: scripts/dist packages the binary under test,
//! the archive is unpacked into an empty folder, and the program runs there with no Rust
//! (indeed nothing at all) on PATH: it builds and checks the example site it ships with.

use crate::common::*;
use std::process::Command;

fn python() -> Option<&'static str> {
    let found = Command::new("python3").arg("--version").output().is_ok();
    if !found {
        without("python3");
    }
    found.then_some("python3")
}

#[test]
fn the_linux_archive_runs_from_an_empty_folder_without_rust() {
    let Some(python) = python() else { return };
    let out = tempfile::tempdir().unwrap();
    let pack = || {
        Command::new(python)
            .arg(repo_root().join("scripts/dist"))
            .args(["--binary", env!("CARGO_BIN_EXE_studybook")])
            .args(["--target", "x86_64-unknown-linux-gnu", "--out"])
            .arg(out.path())
            .output()
            .expect("run scripts/dist")
    };
    let packaged = pack();
    assert!(
        packaged.status.success(),
        "{}",
        String::from_utf8_lossy(&packaged.stderr)
    );
    let archive = String::from_utf8_lossy(&packaged.stdout).trim().to_string();
    assert!(
        archive.ends_with("-x86_64-unknown-linux-gnu.tar.gz"),
        "{archive}"
    );
    // Packed again into the same folder: the archive there is not replaced.
    let packed = std::fs::read(&archive).unwrap();
    let again = pack();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(std::fs::read(&archive).unwrap() == packed, "unchanged");

    let unpacked = tempfile::tempdir().unwrap();
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .current_dir(unpacked.path())
        .status()
        .expect("tar");
    assert!(status.success());
    let folder = std::fs::read_dir(unpacked.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    for shipped in [
        "studybook",
        "使用说明.txt",
        "示例站点/book.toml",
        "示例站点/content/members.yaml",
    ] {
        assert!(
            folder.join(shipped).is_file(),
            "no {shipped} in the archive"
        );
    }
    let guide = read(&folder.join("使用说明.txt"));
    assert!(
        guide.contains("./studybook build") && guide.contains("会议记录"),
        "{guide}"
    );

    let example = folder.join("示例站点");
    let empty_path = tempfile::tempdir().unwrap();
    let run_shipped = |args: &[&str]| {
        Command::new(folder.join("studybook"))
            .args(args)
            .current_dir(&example)
            .env_clear()
            .env("PATH", empty_path.path())
            .env("HOME", temp_home())
            .output()
            .expect("run the shipped studybook")
    };
    let built = run_shipped(&["build"]);
    assert_eq!(code(&built), 0, "{}", stderr(&built));
    assert!(example.join("site/index.html").is_file());
    assert!(example.join("site/meetings.html").is_file());
    let checked = run_shipped(&["check"]);
    assert_eq!(code(&checked), 1, "the example has deliberately bad notes");
    assert!(
        stderr(&checked).contains("份会议记录"),
        "{}",
        stderr(&checked)
    );
}
