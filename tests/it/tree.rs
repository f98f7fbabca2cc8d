//! The source tree's graph (docs/DESIGN.md, "The source tree"): each top-level module
//! imports only modules of earlier stages, and no two files of one folder import each
//! other, however roundabout. Read from the source, so a new `use` that bends the graph
//! fails here with the file that made it.

use crate::common::repo_root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages in order: a module may use only those before it.
const STAGES: &[&str] = &[
    // Leaves: names, dates, ids, reading plain files, what an io::Error carries.
    "ids",
    "date",
    "names",
    "plaintext",
    "progress",
    "plain",
    "io_error",
    // Messages, then diagnostics, the meeting kinds and Markdown.
    "i18n",
    "diag",
    "kinds",
    "markdown",
    // Reading the site, judging it.
    "config",
    "load",
    "check",
    // Figures from the verdicts.
    "coverage",
    "meeting",
    "assess",
    // The site: what is published, its pages, writing them.
    "model",
    "render",
    "write",
    // The stages run in order; the commands.
    "pipeline",
    "serve",
    "cmd",
    // Beside the pipeline: the generated corpus of the benches.
    "corpus",
];

/// A file's code without comments and without its unit tests (which may use anything).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") || trimmed.starts_with("#[cfg(all(test") {
            break;
        }
        out.push_str(line.split("//").next().unwrap_or(""));
        out.push('\n');
    }
    out
}

/// The names `prefix` is followed by in `code` (`crate::load::x` gives `load`), the
/// names of a `prefix{a, b}` group included.
fn named_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices(prefix) {
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            out.extend(group.split(',').map(|p| word(p.trim())));
        } else {
            out.insert(word(rest));
        }
    }
    out.retain(|w| !w.is_empty());
    out
}

/// `path` from the repository's root, as a reader finds it.
fn shown(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect()
}

/// The source folders: the first stage's crate, then the rest.
fn sources() -> [std::path::PathBuf; 2] {
    [repo_root().join("crates/core/src"), repo_root().join("src")]
}

#[test]
fn every_module_uses_only_earlier_stages() {
    let stage = |name: &str| STAGES.iter().position(|s| *s == name);
    let mut wrong = Vec::new();
    for src in sources() {
        for path in rust_files(&src) {
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let top = rel.split('/').next().unwrap().trim_end_matches(".rs");
            if matches!(top, "lib" | "main") {
                continue;
            }
            let own =
                stage(top).unwrap_or_else(|| panic!("{}: {top} is in no stage", shown(&path)));
            for used in named_after(&code(&path), "crate::") {
                match stage(&used) {
                    Some(theirs) if theirs > own => {
                        wrong.push(format!("{} uses {used}", shown(&path)))
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "uses of later stages:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_files_of_one_folder_use_each_other_in_a_circle() {
    for src in sources() {
        no_circle_in(&src);
    }
}

fn no_circle_in(src: &Path) {
    // Folder -> file -> the sibling files it uses (a folder's mod.rs aside: it holds what
    // its files share and declares them).
    let mut graphs: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for path in rust_files(src) {
        let folder = path.parent().unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "mod" || folder == src {
            continue;
        }
        let rel_folder = folder
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let siblings: BTreeSet<String> = std::fs::read_dir(folder)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "rs"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .filter(|s| s != "mod" && *s != name)
            .collect();
        let code = code(&path);
        let mut used = named_after(&code, "super::");
        used.extend(named_after(
            &code,
            &format!("crate::{}::", rel_folder.replace('/', "::")),
        ));
        used.retain(|u| siblings.contains(u));
        graphs.entry(rel_folder).or_default().insert(name, used);
    }
    for (folder, graph) in &graphs {
        // A circle is a file reached again from itself.
        for start in graph.keys() {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<&String> = graph[start].iter().collect();
            while let Some(file) = todo.pop() {
                assert!(
                    file != start,
                    "{}/{folder}: {start}.rs is used by a file it uses",
                    shown(src)
                );
                if seen.insert(file) {
                    todo.extend(graph.get(file).into_iter().flatten());
                }
            }
        }
    }
}
