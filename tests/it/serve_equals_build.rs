//! serve is the build kept in memory: after any sequence of edits, every page serve holds
//! is byte for byte what a fresh build of the same files writes. So is every file of a
//! build on disk made over the previous one, which takes what did not change from it.
//!
//! Edits are made to real files in a temp dir; the watcher's own rule turns the touched
//! paths into changes, and the session applies them as `serve --watch` does. The fresh
//! build runs the pipeline into memory (the same stages `build` writes to disk with; a
//! test in tests/build.rs checks the two sinks agree).

use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use studybook::config::Site;
use studybook::serve::session::Session;
use studybook::write::InMemory;

#[derive(Debug, Clone)]
enum Edit {
    /// Append a sentence to a note.
    Write(usize),
    /// The same, saved the way vim and many editors do: a temp file renamed over it.
    SaveByRename(usize),
    Delete(usize),
    Rename(usize),
    /// Cut a note down to its headings: it becomes title-only.
    TitleOnly(usize),
    /// A colleague copies a note into their own folder, or the copy is deleted.
    Copy(usize, usize),
    Uncopy,
    Redate(usize, u8),
    Retag(usize, u8),
    AddAsset(u8),
    RemoveAsset(u8),
    /// Files load never reads: a README, an editor's temp file, an Office lock file.
    Litter(u8),
    Roster(usize),
    Plan(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = || 0usize..64;
    prop_oneof![
        3 => i().prop_map(Edit::Write),
        2 => i().prop_map(Edit::SaveByRename),
        1 => i().prop_map(Edit::Delete),
        1 => i().prop_map(Edit::Rename),
        2 => i().prop_map(Edit::TitleOnly),
        2 => (i(), i()).prop_map(|(a, b)| Edit::Copy(a, b)),
        1 => Just(Edit::Uncopy),
        2 => (i(), any::<u8>()).prop_map(|(a, d)| Edit::Redate(a, d)),
        2 => (i(), 0u8..4).prop_map(|(a, t)| Edit::Retag(a, t)),
        1 => (0u8..3).prop_map(Edit::AddAsset),
        1 => (0u8..3).prop_map(Edit::RemoveAsset),
        1 => (0u8..3).prop_map(Edit::Litter),
        1 => i().prop_map(Edit::Roster),
        1 => i().prop_map(Edit::Plan),
    ]
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    copies: Vec<PathBuf>,
    made: usize,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let mut spec = studybook::corpus::Spec::with_notes(60);
        spec.members = 6;
        // Meeting records are edited like notes: their pages, calendars and counts too.
        spec.meetings = 12;
        studybook::corpus::write_site(&root, &spec).unwrap();
        std::fs::create_dir_all(root.join("content/images")).unwrap();
        std::fs::write(root.join("content/images/0.png"), [0u8, 1, 2]).unwrap();
        Fixture {
            _dir: dir,
            root,
            copies: Vec::new(),
            made: 0,
        }
    }

    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    fn notes(&self) -> Vec<PathBuf> {
        let mut notes: Vec<PathBuf> = walkdir::WalkDir::new(self.content())
            .into_iter()
            .flatten()
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("README.md"))
            .collect();
        notes.sort();
        notes
    }

    fn member_ids(&self) -> Vec<String> {
        std::fs::read_to_string(self.content().join("members.yaml"))
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("- id: "))
            .map(str::to_string)
            .collect()
    }

    fn pick(&self, i: usize) -> Option<PathBuf> {
        let notes = self.notes();
        (!notes.is_empty()).then(|| notes[i % notes.len()].clone())
    }

    /// Makes the edit on disk and returns every path it touched.
    fn apply(&mut self, edit: &Edit) -> Vec<PathBuf> {
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();
        let write = |p: &Path, text: &str| std::fs::write(p, text).unwrap();
        self.made += 1;
        let n = self.made;
        match edit {
            Edit::Write(i) => self.pick(*i).map_or_else(Vec::new, |p| {
                write(
                    &p,
                    &(read(&p) + &format!("\n补充第{n}点体会：学习要联系实际，落实到工作中。\n")),
                );
                vec![p]
            }),
            Edit::SaveByRename(i) => self.pick(*i).map_or_else(Vec::new, |p| {
                let temp = p.with_file_name(format!(".{n}.swp"));
                write(&temp, &(read(&p) + "\n另存时补充：坚持问题导向。\n"));
                std::fs::rename(&temp, &p).unwrap();
                vec![temp, p]
            }),
            Edit::Delete(i) => self.pick(*i).map_or_else(Vec::new, |p| {
                std::fs::remove_file(&p).unwrap();
                vec![p]
            }),
            Edit::Rename(i) => self.pick(*i).map_or_else(Vec::new, |p| {
                let to = p.with_file_name(format!("renamed-{n}.md"));
                std::fs::rename(&p, &to).unwrap();
                vec![p, to]
            }),
            Edit::TitleOnly(i) => self.pick(*i).map_or_else(Vec::new, |p| {
                let text = read(&p);
                let end = text.find("\n---\n").map_or(text.len(), |e| e + 5);
                write(
                    &p,
                    &format!("{}\n## 学习内容\n\n## 心得体会\n", &text[..end]),
                );
                vec![p]
            }),
            Edit::Copy(i, j) => self.pick(*i).map_or_else(Vec::new, |p| {
                let ids = self.member_ids();
                let other = &ids[j % ids.len()];
                let text = read(&p);
                let copied: String = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("author:") {
                            format!("author: {other}")
                        } else {
                            l.to_string()
                        }
                    })
                    .map(|l| l.replace("date: 2022-", "date: 2023-"))
                    .collect::<Vec<_>>()
                    .join("\n");
                let to = self.content().join(other).join(format!("copy-{n}.md"));
                write(&to, &copied);
                self.copies.push(to.clone());
                vec![to]
            }),
            Edit::Uncopy => match self.copies.pop() {
                Some(p) if p.exists() => {
                    std::fs::remove_file(&p).unwrap();
                    vec![p]
                }
                _ => Vec::new(),
            },
            Edit::Redate(i, day) => self.pick(*i).map_or_else(Vec::new, |p| {
                let date = format!("date: 2022-{:02}-{:02}", 1 + day % 12, 1 + day % 28);
                let text: Vec<String> = read(&p)
                    .lines()
                    .map(|l| {
                        if l.starts_with("date:") {
                            date.clone()
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                write(&p, &(text.join("\n") + "\n"));
                vec![p]
            }),
            Edit::Retag(i, t) => self.pick(*i).map_or_else(Vec::new, |p| {
                let tags = [
                    "tags: [AI, 党建]",
                    "tags: [ai]",
                    "tags: [党建/党史]",
                    "tags: [党建_党史, AI]",
                ];
                let text: Vec<String> = read(&p)
                    .lines()
                    .map(|l| {
                        if l.starts_with("tags:") {
                            tags[*t as usize % 4].to_string()
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                write(&p, &(text.join("\n") + "\n"));
                vec![p]
            }),
            Edit::AddAsset(k) => {
                let p = self.content().join(format!("images/{k}.png"));
                write(&p, &format!("png {n}"));
                vec![p]
            }
            Edit::RemoveAsset(k) => {
                let p = self.content().join(format!("images/{k}.png"));
                if p.exists() {
                    std::fs::remove_file(&p).unwrap();
                }
                vec![p]
            }
            Edit::Litter(k) => {
                let p = match k {
                    0 => self.content().join("README.md"),
                    1 => self.content().join("images/4913"),
                    _ => self.content().join("images/~$笔记.docx"),
                };
                write(&p, &format!("# 说明 {n}\n"));
                vec![p]
            }
            Edit::Roster(i) => {
                let p = self.content().join("members.yaml");
                let mut lines: Vec<String> = read(&p).lines().map(str::to_string).collect();
                let names: Vec<usize> = (0..lines.len())
                    .filter(|&l| lines[l].starts_with("  name:"))
                    .collect();
                let at = names[i % names.len()];
                lines[at] += &format!("{n}");
                write(&p, &(lines.join("\n") + "\n"));
                vec![p]
            }
            Edit::Plan(i) => {
                let p = self.content().join("plan.yaml");
                let mut lines: Vec<String> = read(&p).lines().map(str::to_string).collect();
                let titles: Vec<usize> = (0..lines.len())
                    .filter(|&l| lines[l].trim_start().starts_with("title:"))
                    .collect();
                let at = titles[i % titles.len()];
                lines[at] += &format!("（修订{n}）");
                write(&p, &(lines.join("\n") + "\n"));
                vec![p]
            }
        }
    }

    fn site(&self) -> Site {
        Site::open(Some(&self.root), &self.root).unwrap()
    }

    /// What a fresh build of the files as they are now writes, by path.
    fn fresh_build(&self) -> Pages {
        let site = self.site();
        let checkup =
            studybook::pipeline::checkup(&site, studybook::pipeline::today(), &()).unwrap();
        let sink = InMemory::default();
        studybook::pipeline::build_into(&site, &checkup, &sink, &()).unwrap();
        sink.into_files()
    }
}

impl Fixture {
    /// Builds the site on disk over its previous build, as `build` does (taking what it
    /// can from that build), and reads back what the build-dir holds.
    fn rebuild_on_disk(&self) -> Pages {
        let site = self.site();
        let checkup =
            studybook::pipeline::checkup(&site, studybook::pipeline::today(), &()).unwrap();
        let staging = studybook::write::Staging::new(&site.build_dir, "build").unwrap();
        studybook::pipeline::build_into(&site, &checkup, &staging, &()).unwrap();
        staging.commit().unwrap();
        walkdir::WalkDir::new(&site.build_dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.file_name() != ".studybook-build")
            .map(|e| {
                let path = studybook::load::relative(e.path(), &site.build_dir);
                (path, Arc::from(std::fs::read(e.path()).unwrap()))
            })
            .collect()
    }
}

/// A whole site by path: what serve holds, or what a build writes.
type Pages = HashMap<String, Arc<[u8]>>;

/// The paths where the two differ, for a readable failure.
fn differences(served: &Pages, built: &Pages) -> Vec<String> {
    let paths: BTreeSet<&String> = served.keys().chain(built.keys()).collect();
    paths
        .into_iter()
        .filter(|p| served.get(*p) != built.get(*p))
        .map(|p| match (served.contains_key(p), built.contains_key(p)) {
            (true, false) => format!("{p}: only served"),
            (false, true) => format!("{p}: only built"),
            _ => format!("{p}: bytes differ"),
        })
        .collect()
}

/// Applies `edits` one by one under a session and compares it with a fresh build after
/// each; `after_step` looks at what serve holds then.
fn run(edits: &[Edit], after_step: &mut dyn FnMut(usize, &Pages)) -> Result<(), TestCaseError> {
    let mut fixture = Fixture::new();
    let (mut session, _) = Session::open(fixture.site(), studybook::pipeline::today())
        .map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
    for (step, edit) in edits.iter().enumerate() {
        let touched: BTreeSet<PathBuf> = fixture.apply(edit).into_iter().collect();
        let changes = studybook::serve::watch::classify(&session.site, &touched);
        if !changes.is_empty() {
            session
                .apply(&changes)
                .map_err(|d| TestCaseError::fail(format!("step {step} {edit:?}: {d:?}")))?;
        }
        session.refresh_search();
        let fresh = fixture.fresh_build();
        let diff = differences(&session.snapshot.everything(), &fresh);
        prop_assert!(
            diff.is_empty(),
            "after step {} of {:?}: {} pages differ: {:?}",
            step,
            edits,
            diff.len(),
            &diff[..diff.len().min(10)]
        );
        let diff = differences(&fixture.rebuild_on_disk(), &fresh);
        prop_assert!(
            diff.is_empty(),
            "after step {} of {:?}: {} files of the rebuild on disk differ: {:?}",
            step,
            edits,
            diff.len(),
            &diff[..diff.len().min(10)]
        );
        after_step(step, &session.snapshot.everything());
    }
    Ok(())
}

/// 12 sequences by default (each step is a full build to compare with); PROPTEST_CASES
/// asks for more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn serve_holds_what_a_fresh_build_writes(edits in prop::collection::vec(edit(), 1..8)) {
        run(&edits, &mut |_, _| {})?;
    }
}

#[test]
fn a_copy_is_accepted_once_its_original_is_cut_to_headings() {
    // The case that first showed serve and build apart. Note 3 is m00000's fourth, an
    // accepted note; its copy goes to m00001's folder, after it, so note 3 stays note 3.
    let copy_page = "notes/m00001/copy-1.html";
    let mut seen = Vec::new();
    run(
        &[Edit::Copy(3, 1), Edit::TitleOnly(3), Edit::Write(3)],
        &mut |step, pages| seen.push((step, pages.contains_key(copy_page))),
    )
    .unwrap();
    // Rejected as a duplicate while the original stands; published once it is cut down.
    assert_eq!(seen, [(0, false), (1, true), (2, true)]);
}
