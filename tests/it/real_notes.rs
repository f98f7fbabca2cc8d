//! Notes written the way members really write them (issue 24): blog front matter from
//! Hexo, Hugo and Jekyll, Word-style headings with full-width indents, CRLF, a BOM and
//! GBK, Chinese keys; and the hollow notes the self-inspection report complains about.
//! The fixture (tests/fixtures/real) is our own text, in the shapes of public notes.

use crate::common::*;
use std::collections::BTreeMap;

/// Each fixture note, the rules it gets (errors and warnings), and whether it is
/// published.
const VERDICTS: &[(&str, &[&str], bool)] = &[
    // Hexo: a date-time, a title holding ": ", no author (zhangsan's folder), numbered
    // headings with full-width indents, CRLF.
    ("zhangsan/2022-03-18-学习两个维护.md", &[], true),
    // Hugo: `authors: [id]`, a date with a zone, `draft: "false"`, bold headings, a
    // shortcode (not text, warned about).
    ("zhangsan/2022-04-02.md", &["raw-html"], true),
    // Jekyll: the date only in the file name, no author, label lines.
    ("lisi/_posts/2022-05-06-党史学习.md", &[], true),
    // 标题/作者/日期, a dotted date, `1. 学习内容` as headings, a BOM.
    ("lisi/2022-05-20.md", &[], true),
    // Pasted from a web editor: the text and the <h2> headings are inside HTML.
    ("lisi/2022-09-01-粘贴.md", &["raw-html"], true),
    // Saved in GBK with （一） headings.
    ("wangwu/2022-06-01.md", &["encoding"], true),
    // Two members quote the same 原文, each with their own reflection: no copy.
    ("zhangsan/2022-08-01-原文.md", &[], true),
    ("zhaoliu/2022-08-02-原文.md", &[], true),
    // The seed's "只记载学习标题": a list of titles and a hollow sentence.
    ("wangwu/2022-06-15-书单.md", &["too-short"], false),
    // One sentence written twelve times.
    ("zhaoliu/2022-07-01.md", &["too-short"], false),
    // A reading list of links with their sources.
    ("zhaoliu/2022-07-08-链接.md", &["title-only"], false),
    // What their authors keep to themselves: checked, never published.
    ("wangwu/2022-10-01-私密.md", &["too-short"], false),
    ("wangwu/_drafts/想法.md", &["too-short"], false),
    ("zhaoliu/2022-11-01.md", &["too-short"], false),
    // An empty file, and an empty block above the real fields.
    ("zhangsan/空文件.md", &["front-matter"], false),
    ("lisi/2022-12-01.md", &["front-matter"], false),
];

#[test]
fn real_notes_pass_and_hollow_ones_do_not() {
    let root = copy_fixture("real");
    let r = root.path();
    let output = run(r, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut rules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let path = d["path"].as_str().unwrap().trim_start_matches("content/");
        rules
            .entry(path.to_string())
            .or_default()
            .push(d["rule"].as_str().unwrap().to_string());
    }
    for (note, expected, _) in VERDICTS {
        let got = rules.remove(*note).unwrap_or_default();
        assert_eq!(got, *expected, "{note}: {json:#}");
    }
    assert!(rules.is_empty(), "unexpected: {rules:?}");
    assert_eq!(json["notes"], VERDICTS.len());
    let build = run(r, &["build"]);
    assert!(code(&build) <= 1, "{}", stderr(&build));
    for (note, _, published) in VERDICTS {
        let page = r.join("site/notes").join(note.replace(".md", ".html"));
        assert_eq!(page.is_file(), *published, "{note}");
    }
}

#[test]
fn what_the_check_says_of_real_notes_is_in_chinese_and_to_the_point() {
    let root = copy_fixture("real");
    let r = root.path();
    let said = stderr(&run(r, &["check"]));
    assert!(said.contains("文件是空的"), "{said}");
    assert!(said.contains("开头的两行 --- 之间是空的"), "{said}");
    assert!(said.contains("没有自己写的内容"), "{said}");
    assert!(said.contains("模板代码"), "{said}");
    // No member is blamed: every note here is someone's, by author or folder.
    let report = stdout(&run(r, &["report"]));
    let unattributed = report.split("未能归属到党员的笔记").nth(1).unwrap_or("");
    assert!(!unattributed.contains("content/"), "{report}");
    // The dates as written: the Hexo note's date-time, the Jekyll file name's date.
    let json = run(r, &["coverage", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let notes = |id: &str| {
        json["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()["accepted"]
            .clone()
    };
    assert_eq!(notes("zhangsan"), 3);
    assert_eq!(notes("lisi"), 3);
}
