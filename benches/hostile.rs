//! One small file of a hostile shape, and what a build costs with it (issue 23): wall time
//! and peak memory of the real binary, `check` and `build`, on the basic fixture with
//! that one file added.
//!
//! `cargo bench --bench hostile`, or `cargo bench --bench hostile -- absent` for the
//! shapes whose name holds a word. Each figure is the median of three runs. Before the
//! fixes: 20,000 repeated headings took 48 s, 40,000 absences 90 s (30,000 on one line
//! ran out of memory), 80,000 nested `<div>`s 24 s, 20,000 tags made 20,000 pages, and a
//! 512 MB video a 535 MB peak on every build; 5,000 misspelt absences against 5,000
//! members took 25.6 s and 1.8 GB to check (the closest name looked for each), and a
//! theme's loop of 10^8 turns held a build of the basic fixture for 129 s; 110,000
//! unknown front-matter keys took 36 s, and 70,000 unknown speakers 7.7 s (red team);
//! a 918 KB record with 17,000 absent members named as speakers took 5.3 s to check
//! (each speaker against every absence, each one's line looked for from the heading).

use common::{median, Sample};
use std::path::Path;

mod common;

const RUNS: usize = 3;

fn front(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\nauthor: zhangsan\ndate: 2022-05-05\n{extra}---\n\n")
}

/// A real note's body from the fixture, so that a note carrying the shape is accepted.
fn body(root: &Path) -> String {
    let note =
        std::fs::read_to_string(root.join("content/zhangsan/2022-03-16.md")).expect("fixture note");
    note.splitn(3, "---\n")
        .nth(2)
        .unwrap_or_default()
        .replace("意识形态", "思想政治")
}

fn record(absences: usize) -> String {
    let absent: Vec<String> = (0..absences)
        .map(|i| format!("{{member: a{i}, reason: 病}}"))
        .collect();
    format!(
        "---\nmeeting: 支部委员会\ntitle: 五月支委会\nbranch: 第一党支部\ndate: 2022-05-06\nplace: 会议室\nhost: zhangsan\nrecorder: lisi\nabsent: [{}]\n---\n\n## 议题\n\n研究工作。\n",
        absent.join(", ")
    )
}

/// Each shape: its name, the file's path under content/, and how to write it.
type Shape = (&'static str, &'static str, Box<dyn Fn(&Path) -> Vec<u8>>);

fn shapes() -> Vec<Shape> {
    vec![
        (
            "20,000 repeated headings",
            "zhangsan/headings.md",
            Box::new(|_| (front("标题", "") + &"## 体会\n\n".repeat(20_000)).into_bytes()),
        ),
        (
            "450,000 empty headings",
            "zhangsan/empty-headings.md",
            Box::new(|_| (front("标题", "") + &"#\n".repeat(450_000)).into_bytes()),
        ),
        (
            "30,000 absences on one line",
            "meetings/第一党支部/2022-05-06.md",
            Box::new(|_| record(30_000).into_bytes()),
        ),
        (
            "5,000 misspelt absences, 5,000 members",
            "meetings/第一党支部/2022-05-07.md",
            Box::new(|root| {
                // Every absence is a name close to a member's but not one: each would
                // look for the closest of 5,000 ids and names.
                let mut roster = std::fs::read_to_string(root.join("content/members.yaml"))
                    .expect("fixture roster");
                for i in 0..5_000 {
                    roster += &format!("- id: m{i:05}\n  name: 党员{i:05}\n  branch: 第一党支部\n");
                }
                std::fs::write(root.join("content/members.yaml"), roster).expect("roster");
                let absent: Vec<String> = (0..5_000)
                    .map(|i| format!("{{member: 党员{i:05}x, reason: 病}}"))
                    .collect();
                record(0)
                    .replace("absent: []", &format!("absent: [{}]", absent.join(", ")))
                    .into_bytes()
            }),
        ),
        (
            "17,000 absent speakers, 17,000 members",
            "meetings/第一党支部/2022-05-09.md",
            Box::new(|root| {
                // Every member expected, absent with a reason, and named as a speaker:
                // each speaker was checked against every absence, and each one's line
                // looked for from the heading down.
                let mut roster = std::fs::read_to_string(root.join("content/members.yaml"))
                    .expect("fixture roster");
                for i in 0..17_000 {
                    roster += &format!("- id: m{i:05}\n  name: 党员{i:05}\n  branch: 第一党支部\n");
                }
                std::fs::write(root.join("content/members.yaml"), roster).expect("roster");
                let absent: Vec<String> = (0..17_000)
                    .map(|i| format!("{{member: m{i:05}, reason: 病}}"))
                    .collect();
                let speakers: String = (0..17_000)
                    .map(|i| format!("- 党员{i:05}：发言\n"))
                    .collect();
                record(0)
                    .replace("absent: []", &format!("absent: [{}]", absent.join(", ")))
                    .replace("## 议题", &format!("## 讨论发言\n\n{speakers}\n## 议题"))
                    .into_bytes()
            }),
        ),
        (
            "a theme loop of 10^8 turns",
            "zhangsan/theme-loop.md",
            Box::new(|root| {
                let templates = root.join("themes/default/templates");
                std::fs::create_dir_all(&templates).expect("theme folder");
                std::fs::write(
                    templates.join("404.html"),
                    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
                )
                .expect("template");
                (front("主题", "") + &body(root)).into_bytes()
            }),
        ),
        (
            "100,000 unknown front-matter keys",
            "zhangsan/keys.md",
            Box::new(|root| {
                let keys: String = (0..100_000).map(|i| format!("k{i}: v\n")).collect();
                (front("字段", &keys) + &body(root)).into_bytes()
            }),
        ),
        (
            "30,000 speakers not on the roster",
            "meetings/第一党支部/2022-05-08.md",
            Box::new(|_| {
                let speakers: String = (0..30_000).map(|i| format!("- 外人{i}：发言\n")).collect();
                record(0)
                    .replace("## 议题", &format!("## 讨论发言\n\n{speakers}\n## 议题"))
                    .into_bytes()
            }),
        ),
        (
            "80,000 nested <div>s",
            "zhangsan/divs.md",
            Box::new(|_| {
                (front("嵌套", "") + &"<div>".repeat(80_000) + "字" + &"</div>".repeat(80_000))
                    .into_bytes()
            }),
        ),
        (
            "140,000 missing images, a line each",
            "zhangsan/images.md",
            Box::new(|root| {
                (front("图片", "") + &body(root) + &"![](b)\n".repeat(140_000)).into_bytes()
            }),
        ),
        (
            "100,000 shortcodes in one paragraph",
            "zhangsan/shortcodes.md",
            Box::new(|root| {
                (front("模板", "") + &body(root) + &"{{< a >}}".repeat(100_000)).into_bytes()
            }),
        ),
        (
            "40,000 template tags, a line each",
            "zhangsan/template-lines.md",
            Box::new(|root| {
                (front("模板", "") + &body(root) + &"{% a %}\n".repeat(40_000)).into_bytes()
            }),
        ),
        (
            "20,000 tags",
            "zhangsan/tags.md",
            Box::new(|root| {
                let tags: Vec<String> = (0..20_000).map(|i| format!("标签{i}")).collect();
                (front("标签", &format!("tags: [{}]\n", tags.join(", "))) + &body(root))
                    .into_bytes()
            }),
        ),
        (
            // Each Obsidian link was once looked up among every code span.
            "100,000 code spans and links",
            "zhangsan/wikilinks.md",
            Box::new(|root| {
                (front("链接", "") + &body(root) + &"`c` [[a]] ".repeat(100_000)).into_bytes()
            }),
        ),
        (
            // Round 21: each unclosed `[[` was once read to the end of the body.
            "300,000 unclosed [[",
            "zhangsan/unclosed.md",
            Box::new(|root| {
                (front("链接", "") + &body(root) + &"[[a".repeat(300_000) + "]]\n").into_bytes()
            }),
        ),
        (
            // Session 12: what a draft mentions is read for file names, each with its
            // ends; a draft of nothing else, with a thousand pictures beside it.
            "a draft naming 25,000 files",
            "zhangsan/mentions.md",
            Box::new(|root| {
                let z = root.join("content/zhangsan");
                for i in 0..1_000 {
                    std::fs::write(z.join(format!("图{i}.png")), [0x89, b'P', b'N', b'G'])
                        .expect("picture");
                }
                let named: String = (0..25_000)
                    .map(|i| format!("见附件扫描件{i}.png，"))
                    .collect();
                (front("草稿", "draft: true\n") + &body(root) + &named + "\n").into_bytes()
            }),
        ),
        (
            // Round 19: each footnote link was searched for from the top of the ledger.
            "30,000 footnotes",
            "zhangsan/footnotes.md",
            Box::new(|root| {
                let notes: String = (0..30_000).map(|i| format!("[^{i}]: 注\n\n")).collect();
                (front("脚注", "") + &body(root) + &notes).into_bytes()
            }),
        ),
    ]
}

fn row(shape: &str, work: &str, sample: &Sample) {
    println!(
        "| {shape:<30} | {work:<22} | {:>8.3} s | {:>7.1} MB |",
        sample.wall.as_secs_f64(),
        sample.peak_rss_kib as f64 / 1024.0
    );
}

fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("fixture entry");
        let to = dir
            .path()
            .join(entry.path().strip_prefix(&from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("folder");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    dir
}

fn main() {
    println!(
        "| shape                          | work                   |     wall   |    peak    |"
    );
    println!("|---|---|---|---|");
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|w| name.contains(w.as_str()));
    for (name, rel, write) in shapes().into_iter().filter(|(name, _, _)| wanted(name)) {
        let site = fixture_copy();
        let root = site.path();
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
        std::fs::write(&path, write(root)).expect("write shape");
        row(name, "check", &median(root, RUNS, &["check"], || {}));
        row(name, "build", &median(root, RUNS, &["build"], || {}));
    }
    // A large video beside the notes: copied once, then taken as it is.
    if !wanted("a 512 MB video") {
        return;
    }
    let site = fixture_copy();
    let root = site.path();
    let video = std::fs::File::create(root.join("content/zhangsan/video.mp4")).expect("video");
    video.set_len(512 << 20).expect("sparse 512 MB");
    let clean = || {
        let _ = std::fs::remove_dir_all(root.join("site"));
    };
    row(
        "a 512 MB video",
        "fresh build",
        &median(root, RUNS, &["build"], clean),
    );
    row(
        "a 512 MB video",
        "rebuild, unchanged",
        &median(root, RUNS, &["build"], || {}),
    );
}
