//! `studybook check` over a fixture site with one note per rule: exact rule ids, exit
//! codes, text and JSON.

use crate::common::*;
use std::collections::BTreeMap;

/// What each note of tests/fixtures/rules must get (every one of them), plus the two
/// generated below.
const EXPECTED: &[(&str, &[&str])] = &[
    ("content/lisi/duplicate.md", &["duplicate"]),
    ("content/lisi/future-date.md", &["future-date"]),
    ("content/lisi/title-only.md", &["title-only"]),
    ("content/lisi/too-short.md", &["too-short"]),
    ("content/zhangsan/bad-date.md", &["bad-date"]),
    ("content/zhangsan/binary.md", &["encoding"]),
    ("content/zhangsan/front-matter.md", &["front-matter"]),
    ("content/zhangsan/gbk.md", &["encoding"]),
    // Passes, and is told of duplicate.md, which copies it and was refused as later.
    ("content/zhangsan/good.md", &["duplicate"]),
    ("content/zhangsan/missing-field.md", &["missing-field"]),
    ("content/zhangsan/missing-section.md", &["missing-section"]),
    ("content/zhangsan/raw-html.md", &["raw-html"]),
    ("content/zhangsan/unknown-member.md", &["unknown-member"]),
    ("content/zhangsan/unknown-study.md", &["unknown-study"]),
];

/// Notes that pass: good.md, and those with warnings only.
const ACCEPTED: usize = 4;

fn rules_site() -> tempfile::TempDir {
    let root = copy_fixture("rules");
    let content = root.path().join("content/zhangsan");
    std::fs::write(
        content.join("binary.md"),
        b"\x00\x01\x02\x03PK\x03\x04\x00\x00binary",
    )
    .unwrap();
    // A real note saved by a Windows editor in GB18030: read, with a warning.
    let good = read(&content.join("good.md"))
        .replace("合格的笔记", "国标编码的笔记")
        .replace("作为办公室负责人", "作为规划计划科负责人");
    let reflection = read(&repo_root().join("content/wuxia/2022-04-08-ideology.md"));
    let first_half = good.split("## 心得体会").next().unwrap();
    let second_half = reflection.split("## 心得体会").nth(1).unwrap();
    let good = format!("{first_half}## 心得体会\n\n{second_half}");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&good);
    std::fs::write(content.join("gbk.md"), bytes).unwrap();
    root
}

fn rules_by_path(json: &serde_json::Value) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        map.entry(d["path"].as_str().unwrap().to_string())
            .or_default()
            .push(d["rule"].as_str().unwrap().to_string());
    }
    map
}

#[test]
fn json_reports_exactly_one_rule_per_fixture_note() {
    let root = rules_site();
    let output = run(root.path(), &["check", "--format", "json"]);
    assert_eq!(code(&output), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let expected: BTreeMap<String, Vec<String>> = EXPECTED
        .iter()
        .map(|(p, r)| (p.to_string(), r.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(rules_by_path(&json), expected);
    assert_eq!(json["notes"], EXPECTED.len());
    assert_eq!(json["accepted"], ACCEPTED);
    assert_eq!(json["rejected"], EXPECTED.len() - ACCEPTED);
    for d in json["diagnostics"].as_array().unwrap() {
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["column", "help", "line", "message", "path", "rule", "severity"]
        );
        let severity = d["severity"].as_str().unwrap();
        assert!(severity == "error" || severity == "warning");
        assert!(!d["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn text_output_is_rustc_style_with_a_summary() {
    let root = rules_site();
    let output = run(root.path(), &["check"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    for (path, rules) in EXPECTED {
        for rule in *rules {
            let severity = if ["future-date", "raw-html"].contains(rule) || path.ends_with("gbk.md")
            {
                "warning"
            } else {
                "error"
            };
            assert!(
                err.contains(&format!("{severity}[{rule}]")),
                "{severity}[{rule}] missing:\n{err}"
            );
        }
        assert!(
            err.contains(&format!("--> {path}")),
            "{path} missing:\n{err}"
        );
    }
    assert!(err.contains(" = help: "), "{err}");
    assert!(
        !err.contains("\x1b["),
        "no colour when stderr is not a terminal"
    );
    assert!(
        err.trim_end()
            .ends_with(&format!("检查了 14 篇笔记：{ACCEPTED} 篇通过，10 篇被拒绝")),
        "{err}"
    );
    // Many diagnostics end with what to fix first: files per rule, most first, and the
    // members with the most rejected notes.
    let by_rule = err
        .lines()
        .find(|l| l.starts_with("按问题统计："))
        .expect(&err);
    assert!(by_rule.contains("front-matter 1 个文件"), "{by_rule}");
    let most = err
        .lines()
        .find(|l| l.starts_with("被拒绝笔记较多的党员"))
        .expect(&err);
    assert!(most.contains("张三") && most.contains("李四"), "{most}");
    let zhang = most.find("张三").unwrap();
    assert!(zhang < most.find("李四").unwrap(), "most first: {most}");
}

#[test]
fn duplicate_names_the_earlier_note() {
    let root = rules_site();
    let output = run(root.path(), &["check", "content/lisi/duplicate.md"]);
    let err = stderr(&output);
    assert!(
        err.contains("content/zhangsan/good.md") && err.contains("张三"),
        "{err}"
    );
}

/// A copy dated back before its original cannot pass unseen: the original is refused
/// as the later one, and the copy is told that only its date made it pass.
#[test]
fn a_copy_dated_back_is_named_beside_the_original_it_displaces() {
    let root = copy_fixture("basic");
    let r = root.path();
    let original = read(&r.join("content/lisi/2022-03-20.md"));
    let copy = original
        .replace("author: lisi", "author: zhangsan")
        .replace("date: 2022年3月20日", "date: 2022-03-01");
    std::fs::write(r.join("content/zhangsan/2022-03-01.md"), copy).unwrap();
    let output = run(r, &["check"]);
    let said = stderr(&output);
    let near = |words: &str, path: &str| {
        said.lines()
            .skip_while(|l| !l.contains(words))
            .take(2)
            .any(|l| l.contains(path))
    };
    assert!(
        near(
            "日期较早的笔记 content/zhangsan/2022-03-01.md",
            "content/lisi/2022-03-20.md"
        ),
        "{said}"
    );
    assert!(
        near(
            "与日期较晚的 content/lisi/2022-03-20.md",
            "content/zhangsan/2022-03-01.md"
        ),
        "{said}"
    );
}

/// A draft is not handed in: a copy kept in another member's _drafts/, dated back, or
/// the writer's own draft of the note handed in, refuses nothing.
#[test]
fn a_draft_is_never_the_original_a_note_is_refused_against() {
    let root = copy_fixture("basic");
    let r = root.path();
    let note = read(&r.join("content/zhangsan/2022-03-16.md"));
    std::fs::create_dir_all(r.join("content/lisi/_drafts")).unwrap();
    let copy = note
        .replace("author: zhangsan", "author: lisi")
        .replace("date: 2022-03-16", "date: 2022-03-01");
    std::fs::write(r.join("content/lisi/_drafts/x.md"), copy).unwrap();
    std::fs::create_dir_all(r.join("content/zhangsan/_drafts")).unwrap();
    let own = note.replace("date: 2022-03-16", "date: 2022-03-10");
    std::fs::write(r.join("content/zhangsan/_drafts/2022-03-10.md"), own).unwrap();
    let output = run(r, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let duplicates: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "duplicate")
        .collect();
    assert!(duplicates.is_empty(), "{duplicates:?}");
}

#[test]
fn paths_select_what_is_reported_but_the_whole_site_is_loaded() {
    let root = rules_site();
    let good = run(
        root.path(),
        &["check", "--format", "json", "content/zhangsan/good.md"],
    );
    assert_eq!(code(&good), 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&good)).unwrap();
    assert_eq!(
        (json["notes"].as_u64(), json["rejected"].as_u64()),
        (Some(1), Some(0))
    );
    // The duplicate is found only because the note it copies is loaded too.
    let dup = run(
        root.path(),
        &["check", "--format", "json", "content/lisi/duplicate.md"],
    );
    assert_eq!(code(&dup), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&dup)).unwrap();
    assert_eq!(rules_by_path(&json).len(), 1);
    // A folder selects the notes in it; a path given from inside a subfolder works too.
    let folder = run(
        &root.path().join("content"),
        &["check", "--format", "json", "lisi"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&folder)).unwrap();
    assert_eq!(json["notes"], 4);
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let root = rules_site();
    let note = "content/lisi/future-date.md";
    assert_eq!(code(&run(root.path(), &["check", note])), 0);
    assert_eq!(
        code(&run(root.path(), &["check", "--deny-warnings", note])),
        1
    );
}

#[test]
fn build_publishes_only_accepted_notes() {
    let root = rules_site();
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0);
    let notes = root.path().join("site/notes");
    let published: Vec<String> = walkdir::WalkDir::new(&notes)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&notes)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(
        published,
        [
            "lisi/future-date.html",
            "zhangsan/gbk.html",
            "zhangsan/good.html",
            "zhangsan/raw-html.html"
        ]
    );
    assert_eq!(code(&run(root.path(), &["build", "--strict"])), 1);
}

#[test]
fn configuration_errors_exit_2_in_json_too() {
    let root = rules_site();
    std::fs::write(
        root.path().join("content/plan.yaml"),
        "- id: x\n  due: 2022-02-30\n",
    )
    .unwrap();
    let output = run(root.path(), &["check", "--format", "json"]);
    assert_eq!(code(&output), 2);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["diagnostics"][0]["rule"], "config");
    assert_eq!(json["diagnostics"][0]["path"], "content/plan.yaml");
    assert_eq!(json["diagnostics"][0]["line"], 2);
}

#[test]
fn a_check_that_builds_nothing_finds_what_a_build_finds() {
    // Every rule's fixture, and a generated site of notes and meeting records.
    for root in [rules_site(), {
        let dir = tempfile::tempdir().unwrap();
        studybook::corpus::write_site(dir.path(), &studybook::corpus::Spec::with_notes(300))
            .unwrap();
        dir
    }] {
        let site = studybook::config::Site::open(Some(root.path()), root.path()).unwrap();
        let today = studybook::pipeline::today();
        let built = studybook::pipeline::checkup(&site, today, &()).unwrap();
        let alone = studybook::pipeline::check_only(&site, today, &()).unwrap();
        assert_eq!(alone.checked.diagnostics, built.checked.diagnostics);
        assert!(!alone.checked.diagnostics.is_empty());
        assert_eq!(alone.checked.rejected, built.checked.rejected);
        assert_eq!(alone.checked.written, built.checked.written);
        let ids = |c: &studybook::pipeline::Checkup| -> Vec<_> {
            c.checked
                .entries
                .iter()
                .map(|e| (e.note, e.member, e.date))
                .collect()
        };
        assert_eq!(ids(&alone), ids(&built));
        for (a, b) in alone.loaded.notes.iter().zip(&built.loaded.notes) {
            assert_eq!(a.body.substance, b.body.substance, "{}", a.shown);
            assert_eq!(a.body.raw_html_line, b.body.raw_html_line, "{}", a.shown);
            // The work left out is left out.
            assert!(a.body.html.is_empty(), "{}", a.shown);
        }
        assert!(built.loaded.notes.iter().any(|n| !n.body.html.is_empty()));
    }
}

#[test]
#[should_panic(expected = "no HTML")]
fn a_site_loaded_by_the_check_alone_is_never_built() {
    let root = rules_site();
    let site = studybook::config::Site::open(Some(root.path()), root.path()).unwrap();
    let alone = studybook::pipeline::check_only(&site, studybook::pipeline::today(), &()).unwrap();
    let pages = studybook::write::InMemory::default();
    let _ = studybook::pipeline::build_into(&site, &alone, &pages, &());
}

/// Every missing image of a note is named, up to the per-file cap, which then says how
/// many more there are: none is dropped without a word.
#[test]
fn every_missing_image_is_named_or_counted() {
    let root = copy_fixture("basic");
    let r = root.path();
    let note = r.join("content/zhangsan/2022-03-16.md");
    let images: String = (0..24)
        .map(|i| format!("![图{i}](/img/没有{i}.png)\n\n"))
        .collect();
    std::fs::write(
        &note,
        read(&note).replace("## 心得体会", &format!("{images}## 心得体会")),
    )
    .unwrap();
    let output = run(
        r,
        &[
            "check",
            "content/zhangsan/2022-03-16.md",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let images = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "image")
        .count();
    assert_eq!(images, 24, "{json}");
}

/// A PATH that holds nothing to check is no pass: a gate that checked nothing must not
/// say all is well.
#[test]
fn a_path_with_nothing_to_check_is_an_error() {
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::create_dir_all(r.join("content/images")).unwrap();
    std::fs::write(r.join("content/images/a.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let output = run(r, &["check", "content/images"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("什么也没有检查"),
        "{}",
        stderr(&output)
    );
}

/// A link that leads nowhere on the site is told at its line: to a draft, to a rejected
/// note, to a note or a file that is not there. A link to a note with a query, or in raw
/// HTML, leads to its page (round 19).
#[test]
fn links_that_lead_nowhere_are_told_and_the_rest_lead_to_pages() {
    let root = copy_fixture("basic");
    let r = root.path();
    let note = r.join("content/zhangsan/2022-03-16.md");
    let links = "\n\n见[草稿](2022-07-01-draft.md)、[退回的](../lisi/2022-04-01-title-only.md)、[没有的](../wangwu/2022-05-01.md)、[附件](会议纪要.pdf)、[带参数](../lisi/2022-03-20.md?from=zhangsan)和<a href=\"../lisi/2022-03-20.md\">李四的笔记</a>，[大写的](../lisi/2022-03-20.MD)、[反斜杠的](..\\lisi\\2022-03-20.md)、[从根起的](/lisi/材料.pdf)、[从根起没有的](/lisi/没有.pdf)、[从根起的草稿](/zhangsan/2022-07-01-draft.md)、[主题里的](/logo.png)、[没写扩展名的](../lisi/2022-03-20)、[文件夹](../lisi/)，[页面](../lisi/2022-03-20.html)、[草稿的页面](2022-07-01-draft.html)、[没有的页面](没有.html)。\n";
    std::fs::create_dir_all(r.join("themes/mine/static")).unwrap();
    std::fs::write(r.join("themes/mine/static/logo.png"), b"png").unwrap();
    let toml = read(&r.join("book.toml")) + "\n[build]\ntheme = \"mine\"\n";
    std::fs::write(r.join("book.toml"), toml).unwrap();
    std::fs::write(r.join("content/lisi/材料.pdf"), b"%PDF-1.4 study").unwrap();
    std::fs::write(&note, read(&note) + links).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    for told in [
        "链接的笔记 2022-07-01-draft.md 不发布",
        "链接的笔记 ../lisi/2022-04-01-title-only.md 没有通过检查",
        "链接的 ../wangwu/2022-05-01.md 找不到",
        "链接的 会议纪要.pdf 找不到",
        // Site-absolute: read from the content folder.
        "链接的 /lisi/没有.pdf 找不到",
        "以 / 开头的路径从内容文件夹（content）算起",
        "链接的笔记 /zhangsan/2022-07-01-draft.md 不发布",
        "链接的 ../lisi/2022-03-20 找不到",
        "写成 ../lisi/2022-03-20.md",
        // A note's page linked as the site names it (round 28).
        "链接的笔记 2022-07-01-draft.html 不发布",
        "链接的 没有.html 找不到",
    ] {
        assert!(said.contains(told), "{told}\n{said}");
    }
    assert!(!said.contains("2022-03-20.md 找不到"), "{said}");
    assert!(!said.contains("2022-03-20.html 找不到"), "{said}");
    assert!(
        !said.contains("logo.png") && !said.contains("../lisi/ 找不到"),
        "{said}"
    );
    let page = read(&r.join("site/notes/zhangsan/2022-03-16.html"));
    assert!(
        page.contains("href=\"../lisi/2022-03-20.html?from=zhangsan\""),
        "{page}"
    );
    assert!(page.contains("href=\"../lisi/2022-03-20.html\""), "{page}");
    assert!(!page.contains("2022-03-20.md"), "{page}");
    assert!(
        !page.contains("2022-03-20.MD") && !page.contains("_lisi_"),
        "{page}"
    );
    assert!(!said.contains("2022-03-20.MD 找不到"), "{said}");
    // A site-absolute link, read from the content folder, as the page reaches it.
    assert!(
        page.contains("href=\"../lisi/%E6%9D%90%E6%96%99.pdf\""),
        "{page}"
    );
}
