//! Bad input gets a clear message naming the file and line, never a panic.

use crate::common::*;
use std::path::Path;

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// `check --format json` on the site, parsed.
fn check_json(root: &Path) -> (i32, serde_json::Value) {
    let output = run(root, &["check", "--format", "json"]);
    let code = code(&output);
    let json = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|err| panic!("{err}: {}", stdout(&output)));
    (code, json)
}

fn diagnostics_for<'a>(json: &'a serde_json::Value, path: &str) -> Vec<&'a serde_json::Value> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .collect()
}

#[test]
fn invalid_book_toml_names_file_and_line() {
    let root = copy_fixture("basic");
    write(root.path(), "book.toml", "[book]\ntitle = \"x\n");
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(err.contains("--> book.toml:2:"), "{err}");
}

#[test]
fn unknown_key_in_book_toml_is_named_with_its_line() {
    let root = copy_fixture("basic");
    write(
        root.path(),
        "book.toml",
        "[book]\ntitle = \"x\"\n\n[check]\nmin-char = 100\n",
    );
    let output = run(root.path(), &["check"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(err.contains("min-char"), "{err}");
    assert!(err.contains("--> book.toml:5:"), "{err}");
}

#[test]
fn wrong_type_in_book_toml_is_an_error() {
    let root = copy_fixture("basic");
    write(root.path(), "book.toml", "[build]\nallow-html = \"yes\"\n");
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("--> book.toml:2:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_empty_section_name_is_refused_where_it_is_written() {
    let root = copy_fixture("basic");
    for (toml, at) in [
        (
            "[check]\nrequired-sections = [\"学习内容\", \" \"]\n",
            "book.toml:2:",
        ),
        (
            "[check.section-aliases]\n心得体会 = [\"感悟\", \"\"]\n",
            "book.toml:2:",
        ),
        ("[check.section-aliases]\n\"\" = [\"感悟\"]\n", "book.toml:"),
        (
            "[meetings.kinds.主题党日]\nsections = [\"\"]\n",
            "book.toml:2:",
        ),
    ] {
        write(root.path(), "book.toml", toml);
        let output = run(root.path(), &["check"]);
        assert_eq!(code(&output), 2, "{toml}");
        let said = stderr(&output);
        assert!(
            said.contains("小标题不能是空的") && said.contains(at),
            "{toml}: {said}"
        );
    }
}

#[test]
fn invalid_yaml_front_matter_points_at_the_note_line() {
    let root = copy_fixture("basic");
    write(
        root.path(),
        "content/zhangsan/broken.md",
        "---\ntitle: 学习\nauthor: [zhangsan\ndate: 2022-03-16\n---\n正文\n",
    );
    let (code, json) = check_json(root.path());
    assert_eq!(code, 1);
    let diags = diagnostics_for(&json, "content/zhangsan/broken.md");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["rule"], "front-matter");
    assert!(
        diags[0]["line"].as_u64().unwrap() >= 3,
        "line counted in the note file: {}",
        diags[0]
    );
}

#[test]
fn full_width_colon_gets_a_hint_at_its_column() {
    let root = copy_fixture("basic");
    write(
        root.path(),
        "content/zhangsan/colon.md",
        "---\ntitle: 学习\nauthor：zhangsan\ndate: 2022-03-16\n---\n正文\n",
    );
    let output = run(root.path(), &["check", "content/zhangsan/colon.md"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert!(err.contains("--> content/zhangsan/colon.md:3:7"), "{err}");
    assert!(err.contains("全角冒号"), "{err}");
}

#[test]
fn a_binary_file_named_md_is_an_encoding_error() {
    let root = copy_fixture("basic");
    write(
        root.path(),
        "content/zhangsan/photo.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    );
    let (exit, json) = check_json(root.path());
    assert_eq!(exit, 1);
    let diags = diagnostics_for(&json, "content/zhangsan/photo.md");
    assert_eq!(diags[0]["rule"], "encoding");
    assert_eq!(diags[0]["severity"], "error");
    // The rest of the site still builds.
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(root
        .path()
        .join("site/notes/zhangsan/2022-03-16.html")
        .is_file());
}

#[test]
fn an_empty_file_has_no_front_matter() {
    let root = copy_fixture("basic");
    write(root.path(), "content/zhangsan/empty.md", "");
    let (code, json) = check_json(root.path());
    assert_eq!(code, 1);
    let diags = diagnostics_for(&json, "content/zhangsan/empty.md");
    assert_eq!(diags[0]["rule"], "front-matter");
    assert_eq!(diags[0]["line"], 1);
}

#[test]
fn gb18030_and_utf16_notes_are_read_with_a_warning() {
    let root = copy_fixture("basic");
    let text = read(&root.path().join("content/zhangsan/2022-03-16.md"));
    std::fs::remove_file(root.path().join("content/zhangsan/2022-03-16.md")).unwrap();
    let crlf = text.replace('\n', "\r\n");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&crlf);
    write(root.path(), "content/zhangsan/gbk.md", gbk);
    let other = read(&root.path().join("content/lisi/2022-03-20.md"));
    std::fs::remove_file(root.path().join("content/lisi/2022-03-20.md")).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(other.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    write(root.path(), "content/lisi/utf16.md", utf16);
    let (_, json) = check_json(root.path());
    for path in ["content/zhangsan/gbk.md", "content/lisi/utf16.md"] {
        let diags = diagnostics_for(&json, path);
        assert_eq!(diags.len(), 1, "{path}: {diags:?}");
        assert_eq!(diags[0]["rule"], "encoding");
        assert_eq!(diags[0]["severity"], "warning");
    }
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0);
    let page = read(&root.path().join("site/notes/zhangsan/gbk.html"));
    assert!(
        page.contains("学习意识形态工作重要论述心得"),
        "GB18030 text survives conversion"
    );
}

#[test]
fn broken_roster_stops_with_file_and_line() {
    let root = copy_fixture("basic");
    write(root.path(), "content/members.yaml", "- id: zhangsan\n  name: 张三\n  branch: 第一党支部\n- id: zhangsan\n  name: 张四\n  branch: 第一党支部\n");
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(err.contains("--> content/members.yaml:4:"), "{err}");
    assert!(
        !root.path().join("site").exists(),
        "nothing is built on a configuration error"
    );
}

#[test]
fn plan_with_an_unknown_branch_is_refused() {
    let root = copy_fixture("basic");
    let plan = read(&root.path().join("content/plan.yaml"))
        .replace("branches: [第二党支部]", "branches: [第九党支部]");
    write(root.path(), "content/plan.yaml", plan);
    let output = run(root.path(), &["check"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("第九党支部"));
}

#[test]
fn unknown_author_and_study_suggest_the_closest() {
    let root = copy_fixture("basic");
    let note = read(&root.path().join("content/zhangsan/2022-03-16.md"))
        .replace("author: zhangsan", "author: zhangshan")
        .replace("study: 2022-03-ideology", "study: 2022-03-ideolgy");
    write(root.path(), "content/zhangsan/2022-03-16.md", note);
    let (_, json) = check_json(root.path());
    let diags = diagnostics_for(&json, "content/zhangsan/2022-03-16.md");
    let rules: Vec<&str> = diags.iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["unknown-member", "unknown-study"]);
    assert!(diags[0]["help"].as_str().unwrap().contains("zhangsan"));
    assert!(diags[1]["help"]
        .as_str()
        .unwrap()
        .contains("2022-03-ideology"));
    assert_eq!(diags[0]["line"], 3);
}

#[test]
fn bad_dates_are_named_with_a_suggestion() {
    let root = copy_fixture("basic");
    let note = read(&root.path().join("content/zhangsan/2022-03-16.md"))
        .replace("date: 2022-03-16", "date: ２０２２－０３－０５");
    write(root.path(), "content/zhangsan/2022-03-16.md", note);
    let (_, json) = check_json(root.path());
    let diags = diagnostics_for(&json, "content/zhangsan/2022-03-16.md");
    assert_eq!(diags[0]["rule"], "bad-date");
    assert!(diags[0]["help"].as_str().unwrap().contains("2022-03-05"));
    // The office's own forms are dates, not slips: 2022.3.5, and a date with a time.
    for date in [
        "2022.3.5",
        "2022-03-05 14:11:12",
        "2022-03-05T09:30:00+08:00",
    ] {
        let note = read(&root.path().join("content/zhangsan/2022-03-16.md"))
            .replace("date: ２０２２－０３－０５", &format!("date: {date}"))
            .replace("date: 2022.3.5", &format!("date: {date}"))
            .replace("date: 2022-03-05 14:11:12", &format!("date: {date}"));
        write(root.path(), "content/zhangsan/2022-03-16.md", note);
        let (_, json) = check_json(root.path());
        let diags = diagnostics_for(&json, "content/zhangsan/2022-03-16.md");
        assert!(
            diags.iter().all(|d| d["rule"] != "bad-date"),
            "{date}: {diags:?}"
        );
    }
}

#[test]
fn raw_html_is_sanitised_and_warned_about() {
    let root = copy_fixture("basic");
    let note = read(&root.path().join("content/zhangsan/2022-03-16.md"))
        + "\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[点我](javascript:alert(3))\n";
    write(root.path(), "content/zhangsan/2022-03-16.md", note);
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0);
    assert!(stderr(&output).contains("warning[raw-html]"));
    let page = read(&root.path().join("site/notes/zhangsan/2022-03-16.html"));
    assert!(!page.contains("<script>alert"), "script survived");
    assert!(!page.contains("onerror"), "event handler survived");
    assert!(!page.contains("javascript:"), "javascript: link survived");
}

#[test]
fn missing_roster_is_a_configuration_error() {
    let root = copy_fixture("basic");
    std::fs::remove_file(root.path().join("content/members.yaml")).unwrap();
    let output = run(root.path(), &["check"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("members.yaml"));
}

/// A plan saved as plan.yml beside the plan.yaml book.toml names is read; a plan that is
/// missing while notes name its items stops the build with a configuration error that
/// says so, instead of rejecting every such note (round 19).
#[test]
fn a_missing_plan_is_said_and_a_plan_yml_is_read() {
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::rename(r.join("content/plan.yaml"), r.join("content/plan.yml")).unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("unknown-study"),
        "{}",
        stderr(&output)
    );
    assert!(r.join("site/notes/zhangsan/2022-03-16.html").is_file());
    std::fs::remove_file(r.join("content/plan.yml")).unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(
        said.contains("error[config]: 找不到学习计划 content/plan.yaml"),
        "{said}"
    );
    assert!(!said.contains("unknown-study"), "{said}");
    assert!(
        r.join("site/notes/zhangsan/2022-03-16.html").is_file(),
        "the last good site stays"
    );
}

/// Lines ended by a carriage return alone, as old Mac editors and some Word exports
/// write them, are lines: the front matter is read and the note passes as its LF copy.
#[test]
fn a_note_whose_lines_end_in_a_carriage_return_alone_is_read() {
    let root = copy_fixture("basic");
    let note = root.path().join("content/zhangsan/2022-03-16.md");
    std::fs::write(&note, read(&note).replace('\n', "\r")).unwrap();
    let (_, json) = check_json(root.path());
    let diags = diagnostics_for(&json, "content/zhangsan/2022-03-16.md");
    assert!(diags.is_empty(), "{diags:?}");
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let page = read(&root.path().join("site/notes/zhangsan/2022-03-16.html"));
    assert!(page.contains("学习意识形态工作重要论述心得"), "{page}");
}

/// On Linux a `\` is a character of a file name: `a\b.md` is named as it is, and gets a
/// page of its own beside the note at `a/b.md`.
#[cfg(unix)]
#[test]
fn a_backslash_in_a_file_name_is_part_of_the_name() {
    let root = copy_fixture("basic");
    let r = root.path();
    let text = read(&r.join("content/zhangsan/2022-03-16.md"));
    write(
        r,
        "content/zhangsan/a\\b.md",
        text.replace("## 学习内容", "## 学习内容\n\n甲"),
    );
    write(
        r,
        "content/zhangsan/a/b.md",
        text.replace("## 学习内容", "## 学习内容\n\n乙"),
    );
    let output = run(r, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let paths: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert!(paths.contains(&"content/zhangsan/a\\b.md"), "{paths:?}");
    assert!(
        !stdout(&output).contains("同一个页面"),
        "{}",
        stdout(&output)
    );
}

/// A note so deep in folders that its page's path in the site being built would pass
/// what the system takes (4,096 bytes) is passed over with a warning naming it, and the
/// rest of the site is built (round 26: `check` passed it, and `build` stopped with no
/// site at all).
#[test]
fn a_note_too_deep_for_the_system_is_passed_over_and_the_site_built() {
    let root = copy_fixture("basic");
    let r = root.path();
    let note = read(&r.join("content/zhangsan/2022-03-16.md"));
    // Sixteen folders of 63 characters (189 bytes) each: over 3,000 bytes below content/.
    let folder = "深".repeat(63);
    let deep = std::iter::repeat_n(folder.as_str(), 16)
        .collect::<Vec<_>>()
        .join("/");
    let rel = format!("zhangsan/{deep}/笔记.md");
    let path = r.join("content").join(&rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        note.replace("意识形态工作重要论述心得", "深处的笔记"),
    )
    .unwrap();
    for command in ["check", "build"] {
        let output = run(r, &[command]);
        let said = stderr(&output);
        assert_ne!(code(&output), 2, "{command}: {said}");
        assert!(
            said.contains("路径太长（超过 3000 字节），没有读取"),
            "{said}"
        );
    }
    assert!(r.join("site/notes/zhangsan/2022-03-16.html").is_file());
    assert!(r.join("site/index.html").is_file());
}

/// `content-dir = "."` makes the whole site folder the content: build refuses, naming
/// content-dir as the cause and how to lay the folder out (round 26: the help said to
/// set build-dir to "site", which it already was).
#[test]
fn content_dir_as_the_whole_site_folder_is_named_as_the_cause() {
    let root = copy_fixture("basic");
    let r = root.path();
    let toml = r.join("book.toml");
    std::fs::write(
        &toml,
        format!(
            "{}\n[build]\ncontent-dir = \".\"\nbuild-dir = \"site\"\n",
            read(&toml)
        ),
    )
    .unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(
        said.contains("content-dir = \".\"，内容目录就是整个站点文件夹"),
        "{said}"
    );
    assert!(said.contains("content-dir 改为 \"content\""), "{said}");
    assert!(!r.join("site").exists());
}

/// A front-matter key longer than YAML reads is said to be too long, at its line, not
/// to lack its colon (round 26's known item).
#[test]
fn a_key_too_long_for_yaml_is_said_as_such() {
    let root = copy_fixture("basic");
    let r = root.path();
    let key = "很".repeat(1100);
    write(
        r,
        "content/zhangsan/长键.md",
        format!("---\ntitle: 长键\nauthor: zhangsan\ndate: 2022-03-16\n{key}: 值\n---\n\n正文。\n"),
    );
    let said = stderr(&run(r, &["check"]));
    assert!(said.contains("冒号前的字段名超过 1024 个字符"), "{said}");
    assert!(said.contains("content/zhangsan/长键.md:5:1"), "{said}");
    assert!(!said.contains("少了冒号"), "{said}");
}
