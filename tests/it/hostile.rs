//! Messy and hostile input: every file a real folder of notes can hold gets a clear
//! answer, nothing panics, nothing leaks, nothing under content/ changes.
//!
//! Files that cannot be committed as they are (other encodings, binary, 50 MB, symbolic
//! links) are made by the tests in a temp copy of tests/fixtures/basic.

use crate::common;
use crate::common::browser::Browser;
use crate::common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Example notes whose text is in the basic fixture already, or copies another: bodies
/// taken from them would be duplicates.
const IN_FIXTURE: &[&str] = &[
    "zhangwei/2022-03-18-ideology.md",
    "liuyang/2022-08-05-fangxun.md",
    "wangqiang/2022-05-12.md",
    "wuxia/2022-06-21.md",
    "sunli/2022-09-27.md",
];

/// A real note by zhangsan with `title`, the body of the `n`-th real example note of the
/// repository (different `n`, different text), opening with a sentence naming `marker`.
fn real_note(title: &str, marker: &str, n: usize) -> String {
    let content = repo_root().join("content");
    let bodies: Vec<String> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !IN_FIXTURE.iter().any(|f| e.path().ends_with(f)))
        .map(|e| read(e.path()))
        // Real notes only: not the deliberately bad ones, not the one with an image.
        .filter(|text| {
            text.len() > 1500 && !text.contains("draft: true") && !text.contains("](../")
        })
        .filter_map(|text| text.split_once("\n---\n").map(|(_, body)| body.to_string()))
        .collect();
    let body = &bodies[n % bodies.len()];
    format!("---\ntitle: {title}\nauthor: zhangsan\ndate: 2022-03-16\nstudy: 2022-03-ideology\ntags: [意识形态, 理论学习]\n---\n\n{marker}负责人写的笔记。\n\n{body}")
}

/// Runs `check --format json` within `limit` (a safety net against a parser that
/// expands a bomb, not a speed test) and returns rule ids and severities per path.
fn verdicts(root: &Path, limit: Duration) -> BTreeMap<String, Vec<(String, String)>> {
    let started = Instant::now();
    let output = run(root, &["check", "--format", "json"]);
    assert!(
        started.elapsed() < limit,
        "check took {:?}",
        started.elapsed()
    );
    assert!(code(&output) <= 1, "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut map: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        map.entry(d["path"].as_str().unwrap().to_string())
            .or_default()
            .push((
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            ));
    }
    map
}

fn has(
    verdicts: &BTreeMap<String, Vec<(String, String)>>,
    path: &str,
    rule: &str,
    severity: &str,
) -> bool {
    verdicts
        .get(path)
        .is_some_and(|v| v.iter().any(|(r, s)| r == rule && s == severity))
}

#[test]
fn every_encoding_gets_its_answer() {
    let root = copy_fixture("basic");
    let r = root.path();
    let next = std::cell::Cell::new(0);
    let text = |marker: &str| {
        next.set(next.get() + 1);
        real_note(&format!("{marker}编码的笔记"), marker, next.get())
    };
    write(
        r,
        "content/zhangsan/gb18030.md",
        encoding_rs::GB18030.encode(&text("国标")).0,
    );
    write(
        r,
        "content/zhangsan/gbk.md",
        encoding_rs::GBK.encode(&text("国标扩展")).0,
    );
    let utf16 = |t: String, le: bool| -> Vec<u8> {
        let units = t.encode_utf16();
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in units {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    };
    write(r, "content/zhangsan/utf16le.md", utf16(text("小端"), true));
    write(r, "content/zhangsan/utf16be.md", utf16(text("大端"), false));
    write(
        r,
        "content/zhangsan/bom.md",
        [b"\xEF\xBB\xBF".as_slice(), text("带签名").as_bytes()].concat(),
    );
    write(
        r,
        "content/zhangsan/mixed.md",
        text("混合换行").replacen('\n', "\r\n", 6),
    );
    let cut = text("截断").into_bytes();
    write(r, "content/zhangsan/cut.md", &cut[..cut.len() - 2]);
    write(
        r,
        "content/zhangsan/binary.md",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    );
    write(r, "content/zhangsan/empty.md", b"");
    write(
        r,
        "content/zhangsan/huge.md",
        "学习体会。".repeat(3_500_000),
    );
    let before = snapshot(&r.join("content"));
    let v = verdicts(r, Duration::from_secs(60));
    for (file, rule, severity) in [
        ("gb18030", "encoding", "warning"),
        ("gbk", "encoding", "warning"),
        ("utf16le", "encoding", "warning"),
        ("utf16be", "encoding", "warning"),
        ("cut", "encoding", "warning"),
        ("binary", "encoding", "error"),
        ("empty", "front-matter", "error"),
        ("huge", "too-large", "error"),
    ] {
        assert!(
            has(&v, &format!("content/zhangsan/{file}.md"), rule, severity),
            "{file}: {:?}",
            v.get(&format!("content/zhangsan/{file}.md"))
        );
    }
    for clean in ["bom", "mixed"] {
        assert!(
            !v.contains_key(&format!("content/zhangsan/{clean}.md")),
            "{clean}: {:?}",
            v.get(&format!("content/zhangsan/{clean}.md"))
        );
    }
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    for (file, words) in [
        ("gb18030", "国标负责人"),
        ("gbk", "国标扩展负责人"),
        ("utf16be", "大端负责人"),
        ("bom", "带签名负责人"),
        ("mixed", "混合换行负责人"),
    ] {
        let page = read(&r.join(format!("site/notes/zhangsan/{file}.html")));
        assert!(page.contains(words), "{file} lost its text");
    }
    assert_eq!(snapshot(&r.join("content")), before, "content changed");
}

#[test]
fn front_matter_slips_and_bombs_are_answered_quickly() {
    let root = copy_fixture("basic");
    let r = root.path();
    let note = real_note("前言错误测试", "前言", 0);
    let cases = [
        (
            "colon",
            note.replace("author: zhangsan", "author：zhangsan"),
            "front-matter",
        ),
        (
            "wide-space",
            note.replace("author: zhangsan", "author:\u{3000}zhangsan"),
            "front-matter",
        ),
        (
            "tab",
            note.replace("tags: [意识形态, 理论学习]", "tags:\n\t- 意识形态"),
            "front-matter",
        ),
        (
            "no-space",
            note.replace("date: 2022-03-16", "date:2022-03-16"),
            "front-matter",
        ),
        (
            "unclosed",
            note.replacen("\n---\n", "\n", 1),
            "front-matter",
        ),
        (
            "month-only-date",
            note.replace("date: 2022-03-16", "date: 2022年3月"),
            "bad-date",
        ),
        (
            "year-0",
            note.replace("date: 2022-03-16", "date: 0000-01-01"),
            "bad-date",
        ),
        (
            "year-99999",
            note.replace("date: 2022-03-16", "date: 99999-01-01"),
            "bad-date",
        ),
        (
            "tags-not-text",
            note.replace("tags: [意识形态, 理论学习]", "tags: [{a: 1}, [2]]"),
            "front-matter",
        ),
        (
            "deep",
            note.replace(
                "tags: [意识形态, 理论学习]",
                &format!("tags: {}", "[".repeat(200_000)),
            ),
            "front-matter",
        ),
        (
            "bomb",
            note.replace("tags: [意识形态, 理论学习]", &billion_laughs()),
            "front-matter",
        ),
    ];
    for (name, text, _) in &cases {
        write(r, &format!("content/zhangsan/{name}.md"), text);
    }
    write(
        r,
        "content/zhangsan/long-title.md",
        note.replace(
            "title: 前言错误测试",
            &format!("title: {}", "长".repeat(300_000)),
        ),
    );
    let v = verdicts(r, Duration::from_secs(20));
    for (name, _, rule) in &cases {
        assert!(
            has(&v, &format!("content/zhangsan/{name}.md"), rule, "error"),
            "{name}: {:?}",
            v.get(&format!("content/zhangsan/{name}.md"))
        );
    }
    // A long title is a title: accepted, and the page carries it.
    assert!(
        !v.contains_key("content/zhangsan/long-title.md"),
        "{:?}",
        v.get("content/zhangsan/long-title.md")
    );
    assert_eq!(code(&run(r, &["build"])), 0);
    assert!(read(&r.join("site/notes/zhangsan/long-title.html")).contains(&"长".repeat(1000)));
}

/// Nine levels of ten aliases each: a billion items if expanded.
fn billion_laughs() -> String {
    let mut yaml = String::from("a0: &a0 [\"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\"]\n");
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    yaml + "tags: *a9"
}

#[test]
fn odd_file_names_and_links_work() {
    let root = copy_fixture("basic");
    let r = root.path();
    let names = [
        "有 空格.md",
        "井#号.md",
        "问?号.md",
        "百分%号.md",
        "中文名.md",
        "表情😀.md",
        "Case.md",
        "case.md",
    ];
    for (i, name) in names.iter().enumerate() {
        write(
            r,
            &format!("content/zhangsan/{name}"),
            real_note(&format!("文件名测试{i}"), &format!("第{i}种文件名的"), i),
        );
    }
    let deep = format!(
        "content/{}/note.md",
        ["很长的文件夹名称很长的文件夹名称很长的文件夹名称"; 12].join("/")
    );
    write(r, &deep, real_note("很深的路径", "深路径的", 10));
    std::os::unix::fs::symlink(".", r.join("content/zhangsan/loop")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", r.join("content/zhangsan/outside.md")).unwrap();
    std::os::unix::fs::symlink("/etc", r.join("content/zhangsan/etc")).unwrap();
    let v = verdicts(r, Duration::from_secs(30));
    assert!(
        has(&v, "content/zhangsan/outside.md", "unreadable", "warning"),
        "{v:?}"
    );
    assert!(
        has(&v, "content/zhangsan/case.md", "unreadable", "warning"),
        "case twins are named: {v:?}"
    );
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = r.join("site");
    for name in names {
        // Characters Windows forbids in file names become `_`.
        let page = name.replace(".md", ".html").replace('?', "_");
        assert!(site.join("notes/zhangsan").join(&page).is_file(), "{page}");
    }
    assert!(site
        .join(deep.replace("content/", "notes/").replace(".md", ".html"))
        .is_file());
    for file in walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let text = String::from_utf8_lossy(&std::fs::read(file.path()).unwrap()).into_owned();
        assert!(
            !text.contains("root:x:0:0"),
            "{} leaks a file from outside the site",
            file.path().display()
        );
    }
    for page in html_pages(&site) {
        for link in links(&read(&page)) {
            if let Some(target) = resolve(&site, &page, &link) {
                assert!(target.is_file(), "{}: broken link {link}", page.display());
            }
        }
    }
}

#[test]
fn an_unreadable_file_or_folder_is_named_and_the_rest_still_builds() {
    let root = copy_fixture("basic");
    let r = root.path();
    write(
        r,
        "content/zhangsan/locked.md",
        real_note("读不了的笔记", "锁住的", 1),
    );
    write(
        r,
        "content/wangwu/inside.md",
        real_note("读不了的文件夹里的笔记", "文件夹里的", 2),
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode(&r.join("content/zhangsan/locked.md"), 0o000);
    mode(&r.join("content/wangwu"), 0o000);
    // Root reads anything: run as nobody where we are root, so that the modes bite.
    let as_nobody = unsafe { libc::geteuid() } == 0;
    if as_nobody {
        for entry in walkdir::WalkDir::new(r).into_iter().flatten() {
            let p = entry.path();
            if !p.ends_with("locked.md")
                && !p.ends_with("wangwu")
                && !p.starts_with(r.join("content/wangwu"))
            {
                mode(
                    p,
                    if entry.file_type().is_dir() {
                        0o777
                    } else {
                        0o666
                    },
                );
            }
        }
        let mut parent = r.to_path_buf();
        while parent.pop() && parent != Path::new("/") {
            let current = std::fs::metadata(&parent).unwrap().permissions().mode();
            mode(&parent, current | 0o001);
        }
    }
    let output = if as_nobody {
        std::process::Command::new("setpriv")
            .args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                env!("CARGO_BIN_EXE_studybook"),
                "build",
            ])
            .current_dir(r)
            .env("HOME", common::temp_home())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    } else {
        run(r, &["build"])
    };
    mode(&r.join("content/wangwu"), 0o755);
    mode(&r.join("content/zhangsan/locked.md"), 0o644);
    let err = stderr(&output);
    assert_eq!(code(&output), 0, "{err}");
    assert!(
        err.contains("content/zhangsan/locked.md") && err.contains("无法读取"),
        "{err}"
    );
    assert!(err.contains("content/wangwu"), "{err}");
    assert!(
        r.join("site/notes/zhangsan/2022-03-16.html").is_file(),
        "the rest still builds"
    );
}

#[test]
fn no_injected_markup_runs_on_any_page() {
    let root = copy_fixture("basic");
    let r = root.path();
    let payload = "window.__pwned=(window.__pwned||0)+1";
    let body = format!(
        "\n\n<script>{payload}</script>\n\n<img src=x onerror=\"{payload}\">\n\n[点我](javascript:{payload})\n\n<iframe src=\"javascript:parent.__pwned=1\"></iframe>\n\n<style>body{{display:none}}</style>\n\n<svg><script>{payload}</script></svg>\n\n<svg onload=\"{payload}\"></svg>\n\n<a href=\"javascript:{payload}\">链接</a>\n"
    );
    let note = real_note("<script>window.__pwned=1</script>标题", "注入测试的", 3).replace(
        "tags: [意识形态, 理论学习]",
        "tags: [\"<img src=x onerror=window.__pwned=1>\", \"<script>window.__pwned=1</script>\"]",
    ) + &body;
    write(r, "content/zhangsan/2022-03-16.md", note);
    let roster = read(&r.join("content/members.yaml"))
        .replace(
            "name: 张三",
            "name: \"<script>window.__pwned=1</script>张三\"",
        )
        .replace(
            "branch: 第一党支部",
            "branch: \"<img src=x onerror=window.__pwned=1>第一党支部\"",
        );
    write(r, "content/members.yaml", roster);
    let plan = read(&r.join("content/plan.yaml")).replace(
        "title: 意识形态工作专题学习",
        "title: \"<svg onload=window.__pwned=1>意识形态\"",
    );
    write(r, "content/plan.yaml", plan);
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = r.join("site");
    let pages = html_pages(&site);
    for page in &pages {
        let html = read(page);
        for live in [
            "<script>window",
            "<img src=x",
            "<iframe",
            "<style>body",
            // The theme draws its charts as SVG: the injected one is the danger.
            "<svg onload",
            "href=\"javascript:",
        ] {
            assert!(
                !html.contains(live),
                "{}: {live} reached the page",
                page.display()
            );
        }
    }
    let Some(mut browser) = Browser::launch("about:blank") else {
        return;
    };
    for page in pages {
        let url = format!("file://{}", page.display());
        assert!(
            browser.navigate(&url, Duration::from_secs(10)),
            "{} did not load",
            page.display()
        );
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(
            browser.eval("window.__pwned === undefined"),
            Value::Bool(true),
            "script ran on {}",
            page.display()
        );
    }
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    studybook::corpus::write_site(r, &studybook::corpus::Spec::with_notes(1500)).unwrap();
    let note = walkdir::WalkDir::new(r.join("content/m00001"))
        .into_iter()
        .flatten()
        .find(|e| e.file_type().is_file())
        .unwrap()
        .into_path();
    let original = read(&note);
    let changed = original.replace("title: 学习", "title: 改过的学习");
    let expected = |text: &str| {
        std::fs::write(&note, text).unwrap();
        let out = tempfile::tempdir().unwrap();
        assert!(
            run(
                r,
                &["build", "--out", out.path().join("site").to_str().unwrap()]
            )
            .status
            .code()
                <= Some(1)
        );
        snapshot(&out.path().join("site"))
    };
    let (a, b) = (expected(&original), expected(&changed));
    assert_ne!(a, b);
    std::fs::write(&note, &original).unwrap();
    assert!(run(r, &["build"]).status.code() <= Some(1));
    let site = r.join("site");
    let mut states = [(&original, &a), (&changed, &b)];
    for round in 0..8u64 {
        let (text, after) = states[1];
        let (_, before) = states[0];
        std::fs::write(&note, text).unwrap();
        let mut child = common::studybook()
            .arg("build")
            .current_dir(r)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(40 + round * 37 % 300));
        // SAFETY: SIGKILL to our own child.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGKILL) };
        let _ = child.wait();
        let now = snapshot(&site);
        assert!(
            now == *before || now == *after,
            "round {round}: the build-dir is neither the old site nor the new one"
        );
        // The next build completes and leaves nothing behind.
        assert!(run(r, &["build"]).status.code() <= Some(1));
        assert_eq!(&snapshot(&site), after, "round {round}");
        let leftovers: Vec<_> = std::fs::read_dir(r)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("studybook-"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
        states.swap(0, 1);
    }
}

#[test]
fn content_never_changes_whatever_the_command() {
    let root = copy_fixture("basic");
    let r = root.path();
    let before = snapshot(&r.join("content"));
    for args in [
        &["build"][..],
        &["check"],
        &["check", "--format", "json"],
        &["coverage", "--format", "csv"],
        &["build", "--strict"],
    ] {
        let _ = run(r, args);
        assert_eq!(
            snapshot(&r.join("content")),
            before,
            "{args:?} changed content/"
        );
    }
    let port = common::http::free_port();
    let mut serve = common::studybook()
        .args(["serve", "--watch", "--port", &port.to_string()])
        .current_dir(r)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while common::http::get(port, "/").is_err() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    for path in [
        "/",
        "/notes/zhangsan/2022-03-16.html",
        "/coverage.html",
        "/nothing",
    ] {
        let _ = common::http::get(port, path);
    }
    let _ = serve.kill();
    let _ = serve.wait();
    assert_eq!(
        snapshot(&r.join("content")),
        before,
        "serve changed content/"
    );
}

/// One small file of a hostile shape gets a bounded answer: at most 30 diagnostics and a
/// count of the rest, at most 30 tags, deep HTML shown as text. How fast each shape is
/// handled is measured by `cargo bench --bench hostile`, not here.
#[test]
fn hostile_shapes_get_bounded_answers() {
    let root = copy_fixture("basic");
    let r = root.path();
    let front = |title: &str, extra: &str| {
        format!("---\ntitle: {title}\nauthor: zhangsan\ndate: 2022-05-05\n{extra}---\n\n")
    };
    let body = real_note("x", "标签很多", 1);
    let body = body.split("---\n").nth(2).unwrap().to_string();
    let tags: Vec<String> = (0..500).map(|i| format!("标签{i}")).collect();
    write(
        r,
        "content/zhangsan/tags.md",
        front("标签很多", &format!("tags: [{}]\n", tags.join(", "))) + &body,
    );
    write(
        r,
        "content/zhangsan/headings.md",
        front("重复的小标题", "") + &"## 体会\n\n".repeat(5000),
    );
    write(
        r,
        "content/zhangsan/divs.md",
        front("嵌套", "") + &"<div>".repeat(5000) + "深处的字" + &"</div>".repeat(5000),
    );
    let absent: Vec<String> = (0..5000)
        .map(|i| format!("{{member: 外人{i}, reason: 病}}"))
        .collect();
    write(
        r,
        "content/meetings/第一党支部/2022-05-06-支部委员会.md",
        format!(
            "---\nmeeting: 支部委员会\ntitle: 五月支委会\nbranch: 第一党支部\ndate: 2022-05-06\nplace: 会议室\nhost: zhangsan\nrecorder: lisi\nabsent: [{}]\n---\n\n## 议题\n\n研究工作。\n",
            absent.join(", ")
        ),
    );
    write(
        r,
        "content/zhangsan/images.md",
        front("图片很多", "") + &body + &"![](漏传.png)\n".repeat(5000),
    );
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert!(code(&output) <= 1, "{said}");
    let about_images = said.matches("--> content/zhangsan/images.md").count();
    assert!(about_images <= 31, "{about_images} diagnostics");
    let record = "content/meetings/第一党支部/2022-05-06-支部委员会.md";
    let about_record = said.matches(&format!("--> {record}")).count();
    assert!(about_record <= 31, "{about_record} diagnostics");
    assert!(said.contains("这个文件还有"), "{said}");
    assert!(said.len() < 200_000, "{} bytes said", said.len());
    assert!(said.contains("有 500 个标签，只用前 30 个"), "{said}");
    let tag_pages = std::fs::read_dir(r.join("site/tags")).unwrap().count();
    assert!(tag_pages <= 40, "{tag_pages} tag pages");
    let json = run(r, &["check", "--format", "json", record]);
    let value: Value = serde_json::from_slice(&json.stdout).unwrap();
    let listed = value["diagnostics"].as_array().map_or(0, Vec::len);
    assert!(listed <= 31, "{listed} in JSON");
    // The deep HTML is shown as text, not sanitised (nor run).
    let check = run(r, &["check", "content/zhangsan/divs.md"]);
    assert!(stderr(&check).contains("raw-html"), "{}", stderr(&check));
    // A theme whose loop would run 10^8 turns is stopped, and said so in Chinese.
    write(
        r,
        "themes/default/templates/404.html",
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    );
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("运行的步骤太多（循环太大或没有尽头）"),
        "{}",
        stderr(&output)
    );
}

/// A roster and a plan larger than a page can show (1,100 members by 200 items, 220,000
/// cells) make a site, not a configuration error: the matrix is left out and
/// the coverage page says where each member's figures are.
#[test]
fn a_vast_roster_and_plan_leave_the_matrix_out_and_say_so() {
    let root = copy_fixture("basic");
    let r = root.path();
    let mut members = String::new();
    for i in 0..1100 {
        members += &format!(
            "- id: m{i}\n  name: 党员{i}\n  branch: 第{}党支部\n",
            i % 50
        );
    }
    members += "- id: zhangsan\n  name: 张三\n  branch: 第一党支部\n";
    members += "- id: lisi\n  name: 李四\n  branch: 第二党支部\n";
    let mut plan = read(&r.join("content/plan.yaml"));
    for i in 0..200 {
        plan += &format!(
            "- id: item-{i}\n  title: 专题{i}\n  kind: 理论中心组学习\n  due: 2022-12-31\n"
        );
    }
    write(r, "content/members.yaml", members);
    write(r, "content/plan.yaml", plan);
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    let page = read(&r.join("site/coverage.html"));
    assert!(
        page.contains("逐人逐项的表格太大"),
        "{}",
        &page[..page.len().min(2000)]
    );
    assert!(page.len() < 4 << 20, "{} bytes", page.len());
}
