//! Helpers shared by the integration tests: run the real binary on a copy of a fixture
//! site and read what it wrote.
#![allow(dead_code)]

pub mod browser;
pub mod http;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Says that a test is skipped for want of `tool` (Chromium, python3) on this machine;
/// under `CI=true`, where `.ci/run` installs every tool, the test fails instead.
pub fn without(tool: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{tool} is needed under CI=true: .ci/run installs it"
    );
    eprintln!("note: {tool} is not installed here; the test is skipped");
}

/// The repository root: the example site.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A temporary copy of fixture `name`, to build and change freely.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture(name), dir.path());
    dir
}

/// A temporary copy of the repository's example site (book.toml and content/).
pub fn copy_example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(repo_root().join("book.toml"), dir.path().join("book.toml")).unwrap();
    copy_tree(&repo_root().join("content"), &dir.path().join("content"));
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture entry");
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A home folder of the tests' own: every spawned studybook gets it as HOME, so that no
/// regression in a writing or deleting path can ever reach a real home folder.
pub fn temp_home() -> &'static Path {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("temp home"))
        .path()
}

/// The studybook binary, with HOME in a temp dir and no colour. Set its current folder
/// to a temp dir too.
pub fn studybook() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_studybook"));
    command.env("HOME", temp_home()).env("NO_COLOR", "1");
    command
}

/// Builds the repository's example site into `out`/site, running in `out`; returns the
/// site folder.
pub fn build_example_into(out: &Path) -> PathBuf {
    let site = out.join("site");
    let root = repo_root();
    let args = [
        "--root",
        root.to_str().unwrap(),
        "build",
        "--out",
        site.to_str().unwrap(),
    ];
    let output = run(out, &args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    site
}

/// Runs `studybook ARGS` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    assert!(
        dir.starts_with(std::env::temp_dir()),
        "tests run studybook only inside a temp dir, not in {}",
        dir.display()
    );
    studybook()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run studybook")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Exit code, asserting the process did not panic.
pub fn code(output: &Output) -> i32 {
    let err = stderr(output);
    assert!(!err.contains("panicked"), "studybook panicked:\n{err}");
    output.status.code().expect("exit code")
}

/// Every file under `dir` with its bytes, for before/after comparisons. A built site's
/// mark (`.studybook-build`) is left out: it records file times, which differ between
/// two builds of the same site; tests/safety.rs checks what it lists.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name() != ".studybook-build")
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("read {}: {err}", path.display()))
}

/// Replaces the first `from` in the file `rel` under `root` with `to`; the file must
/// hold `from`. Only inside a temp dir.
pub fn edit_file(root: &Path, rel: &str, from: &str, to: &str) {
    assert!(
        root.starts_with(std::env::temp_dir()),
        "only inside a temp dir"
    );
    let path = root.join(rel);
    let text = read(&path);
    assert!(text.contains(from), "{rel} holds {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Every `href="..."` and `src="..."` value in an HTML page, entities decoded.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].replace("&amp;", "&").replace("&#x2f;", "/"));
            rest = &rest[end..];
        }
    }
    out
}

/// Resolves a relative link from `page` (a file under `site`) to a file path, or None
/// for links that leave the site by design (http, mailto) or stay on the page (#x).
pub fn resolve(site: &Path, page: &Path, link: &str) -> Option<PathBuf> {
    if link.is_empty()
        || link.starts_with('#')
        || link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("tel:")
    {
        return None;
    }
    let path = link.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .expect("links are UTF-8");
    let mut target = page.parent().unwrap().to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                assert!(
                    target != site,
                    "link {link} in {} leaves the site",
                    page.display()
                );
                target.pop();
            }
            other => target.push(other),
        }
    }
    Some(target)
}

pub fn html_pages(site: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// The note entries of `search/d/<n>.js` under `site` ([title, page, author, branch,
/// date, text] each), read from the script that registers them.
pub fn search_notes(site: &Path, n: usize) -> Vec<Vec<String>> {
    let file = read(&site.join(format!("search/d/{n}.js")));
    let data = file
        .strip_prefix(&format!("studybookSearch.add(\"d/{n}\","))
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a registration: {file}"));
    serde_json::from_str(data).unwrap()
}

/// The entry with `id` in `json`'s "members" list (coverage and meetings JSON).
pub fn member<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no member {id}"))
}
