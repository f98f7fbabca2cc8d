//! The members' and admins' day: init, new, report, completions, --help, each run on a
//! temp folder and checked by what it wrote; and the README's member guide end to end.

use crate::common::*;
use calamine::{DataType, Reader, Xlsx};
use std::path::Path;

fn init(parent: &Path, name: &str) -> std::path::PathBuf {
    let output = run(parent, &["init", name]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    parent.join(name)
}

#[test]
fn init_scaffolds_a_site_that_builds_and_passes_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path(), "学习笔记");
    for file in [
        "book.toml",
        "README.md",
        "content/members.yaml",
        "content/plan.yaml",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let toml = read(&site.join("book.toml"));
    for key in [
        "title",
        "description",
        "language",
        "content-dir",
        "build-dir",
        "theme",
        "base-url",
        "allow-html",
        "min-chars",
        "max-similarity",
        "members",
        "plan",
        "publish",
        "scheme",
        "show-rank",
    ] {
        let line = toml
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key} missing"));
        assert!(line.contains('#'), "{key} has no comment");
    }
    // Required sections are an organisation's choice: offered, commented out, explained.
    assert!(
        toml.lines()
            .any(|l| l.starts_with("# required-sections = [")),
        "{toml}"
    );
    assert!(toml.contains("section-aliases"), "{toml}");
    let check = run(&site, &["check"]);
    assert_eq!(
        code(&check),
        0,
        "the example note passes: {}",
        stderr(&check)
    );
    assert!(stderr(&check).contains("检查了 1 篇笔记：1 篇通过"));
    assert_eq!(code(&run(&site, &["build"])), 0);
    assert!(site.join("site/index.html").is_file());
}

#[test]
fn init_never_overwrites_and_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("full")).unwrap();
    std::fs::write(dir.path().join("full/notes.txt"), "mine").unwrap();
    let output = run(dir.path(), &["init", "full"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("不是空目录"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(&dir.path().join("full/notes.txt")), "mine");
    assert_eq!(
        std::fs::read_dir(dir.path().join("full")).unwrap().count(),
        1
    );
    // A file where the folder would be is said to be one.
    std::fs::write(dir.path().join("笔记.txt"), "mine").unwrap();
    let output = run(dir.path(), &["init", "笔记.txt"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("不是文件夹"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(&dir.path().join("笔记.txt")), "mine");
}

#[test]
fn init_starts_in_a_fresh_repository_but_not_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git/objects")).unwrap();
    std::fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    init(dir.path(), "repo");
    assert!(repo.join("book.toml").is_file());
    assert_eq!(read(&repo.join(".git/HEAD")), "ref: refs/heads/main\n");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::os::unix::fs::symlink(&empty, dir.path().join("link")).unwrap();
    let output = run(dir.path(), &["init", "link"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("link 是一个符号链接"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
}

#[test]
fn init_theme_copies_the_theme_without_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["init", "--theme", "site"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = dir.path().join("site");
    assert!(site.join("themes/default/templates/note.html").is_file());
    std::fs::write(site.join("themes/default/static/style.css"), "/* mine */").unwrap();
    std::fs::remove_file(site.join("themes/default/templates/404.html")).unwrap();
    let again = run(&site, &["init", "--theme"]);
    assert_eq!(code(&again), 0);
    // It says what it did: the theme copied, not a site made.
    assert!(
        stderr(&again).contains("已把内置主题复制到") && !stderr(&again).contains("README"),
        "{}",
        stderr(&again)
    );
    let third = run(&site, &["init", "--theme"]);
    assert!(stderr(&third).contains("没有改动"), "{}", stderr(&third));
    assert_eq!(
        read(&site.join("themes/default/static/style.css")),
        "/* mine */",
        "never overwritten"
    );
    assert!(
        site.join("themes/default/templates/404.html").is_file(),
        "the missing file is copied again"
    );
    assert!(site.join("themes/default/labels.toml").is_file());
    assert_eq!(code(&run(&site, &["build"])), 0);
    // Into the theme book.toml names, where the build will look for it.
    let book = read(&site.join("book.toml"));
    assert!(book.contains("theme = \"default\""), "{book}");
    let named = book.replacen("theme = \"default\"", "theme = \"mine\"", 1);
    std::fs::write(site.join("book.toml"), named).unwrap();
    let mine = run(&site, &["init", "--theme"]);
    assert!(stderr(&mine).contains("themes/mine"), "{}", stderr(&mine));
    assert!(site.join("themes/mine/labels.toml").is_file());
    assert!(site.join("themes/mine/templates/note.html").is_file());
    assert_eq!(code(&run(&site, &["build"])), 0);
    // A theme that is no folder of themes/ is refused, as a build refuses it.
    let book = read(&site.join("book.toml"));
    std::fs::write(
        site.join("book.toml"),
        book.replacen("theme = \"mine\"", "theme = \"../x\"", 1),
    )
    .unwrap();
    let outside = run(&site, &["init", "--theme"]);
    assert_eq!(code(&outside), 2, "{}", stderr(&outside));
    assert!(!dir.path().join("x").exists());
}

#[test]
fn new_writes_a_skeleton_that_the_check_rejects_until_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path(), "s");
    let output = run(
        &site,
        &[
            "new",
            "--author",
            "张三",
            "--study",
            &plan_id(&site),
            "--title",
            "学习《关于调查研究的论述》心得",
            "--date",
            "2022/3/16",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let path = stdout(&output).trim().to_string();
    assert_eq!(
        path,
        "content/zhangsan/2022-03-16-学习-关于调查研究的论述-心得.md"
    );
    let note = read(&site.join(&path));
    assert!(
        note.contains("author: zhangsan\ndate: 2022-03-16\nstudy: "),
        "{note}"
    );
    assert!(
        note.contains("kind: 理论中心组学习"),
        "kind from the plan: {note}"
    );
    assert!(note.contains("## 学习内容") && note.contains("## 心得体会"));
    let check = run(&site, &["check", "--format", "json", &path]);
    assert_eq!(code(&check), 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    assert_eq!(json["diagnostics"][0]["rule"], "title-only", "{json}");
    // The same again picks the next free name and leaves the first as it was.
    let again = run(
        &site,
        &[
            "new",
            "--author",
            "zhangsan",
            "--study",
            &plan_id(&site),
            "--title",
            "学习《关于调查研究的论述》心得",
            "--date",
            "2022-03-16",
        ],
    );
    assert_eq!(
        stdout(&again).trim(),
        "content/zhangsan/2022-03-16-学习-关于调查研究的论述-心得-2.md"
    );
    assert_eq!(read(&site.join(&path)), note);
    // A title pasted with a line break in it is one line.
    let pasted = run(
        &site,
        &[
            "new",
            "--author",
            "zhangsan",
            "--title",
            "学习心得\r\n\t第二部分",
            "--date",
            "2022-03-17",
        ],
    );
    let path = stdout(&pasted).trim().to_string();
    let note = read(&site.join(&path));
    assert!(
        note.starts_with("---\ntitle: 学习心得 第二部分\n"),
        "{note}"
    );
    // A title YAML would read as something else (a number, a null) is quoted, and
    // published as typed.
    for title in ["3.10", "0x10", "1e3", "null", "+12"] {
        let output = run(
            &site,
            &[
                "new",
                "--author",
                "zhangsan",
                "--title",
                title,
                "--date",
                "2022-03-18",
            ],
        );
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let path = site.join(stdout(&output).trim());
        let json = run(
            &site,
            &["check", path.to_str().unwrap(), "--format", "json"],
        );
        let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let rules: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert!(!rules.contains(&"missing-field"), "{title}: {rules:?}");
        assert!(
            read(&path).contains(&format!("title: \"{title}\"")),
            "{}",
            read(&path)
        );
        std::fs::remove_file(path).unwrap();
    }
    // An empty title is refused, not written as a note the check rejects.
    let empty = run(&site, &["new", "--author", "zhangsan", "--title", " "]);
    assert_eq!(code(&empty), 2, "{}", stderr(&empty));
    // A date the check would refuse (a slip of the year) is not written at all.
    let before = snapshot(&site);
    let early = run(
        &site,
        &["new", "--author", "zhangsan", "--date", "1900-01-01"],
    );
    assert_eq!(code(&early), 2);
    assert!(stderr(&early).contains("太早了"), "{}", stderr(&early));
    assert_eq!(snapshot(&site), before);
}

fn plan_id(site: &Path) -> String {
    read(&site.join("content/plan.yaml"))
        .lines()
        .find_map(|l| l.strip_prefix("- id: "))
        .unwrap()
        .to_string()
}

#[test]
fn new_names_the_closest_author_or_item() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path(), "s");
    let before = std::fs::read_dir(site.join("content")).unwrap().count();
    let output = run(&site, &["new", "--author", "zhangsn"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("zhangsan"), "{}", stderr(&output));
    let output = run(
        &site,
        &[
            "new",
            "--author",
            "lisi",
            "--study",
            &plan_id(&site).replace("lilun", "lilu"),
        ],
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains(&plan_id(&site)),
        "{}",
        stderr(&output)
    );
    let output = run(&site, &["new", "--author", "lisi", "--date", "3月16日"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        std::fs::read_dir(site.join("content")).unwrap().count(),
        before,
        "nothing written"
    );
}

#[test]
fn report_in_markdown_csv_and_xlsx() {
    let root = copy_fixture("coverage");
    let md = run(root.path(), &["report"]);
    assert_eq!(code(&md), 0, "{}", stderr(&md));
    let md = stdout(&md);
    for expected in [
        "# 理论学习情况统计",
        "| 提交笔记（篇） | 7 |",
        "| 理论中心组学习 | 2 | 2 | 2 | 4 |",
        "| 主题党日 | 1 | 1 | 0 | 1 |",
        "## 各支部学习覆盖率\n\n| 支部 | ",
        "\n| 第一党支部 | 2 | 3 | 4 | 75.0% |",
        "| Tom | d | 第二党支部 |",
        "| 节水专题 | 理论中心组学习 | 2022-09-30 | 2 | 4 | 50.0% |",
    ] {
        assert!(md.contains(expected), "{expected} missing:\n{md}");
    }
    let csv = run(root.path(), &["report", "--format", "csv"]);
    assert!(csv.stdout.starts_with(b"\xEF\xBB\xBF"));
    assert!(
        stdout(&csv).contains("第二党支部,2,2,6,33.3%"),
        "{}",
        stdout(&csv)
    );
    // Blocks are parted by an empty line, not a cell holding nothing.
    assert!(stdout(&csv).contains("\n\n"), "{}", stdout(&csv));
    assert!(
        !stdout(&csv).lines().any(|l| l == "\"\""),
        "{}",
        stdout(&csv)
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("统计.xlsx");
    // The file's name says the format: .xlsx is XLSX without --format, .csv is CSV.
    let xlsx = run(root.path(), &["report", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&xlsx), 0, "{}", stderr(&xlsx));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    let as_csv = dir.path().join("统计.CSV");
    assert_eq!(
        code(&run(
            root.path(),
            &["report", "--out", as_csv.to_str().unwrap()]
        )),
        0
    );
    assert!(std::fs::read(&as_csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
    // A --format the name contradicts writes nothing.
    let wrong = dir.path().join("错.xlsx");
    let output = run(
        root.path(),
        &[
            "report",
            "--format",
            "csv",
            "--out",
            wrong.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("--format csv 与 --out"),
        "{}",
        stderr(&output)
    );
    assert!(!wrong.exists());
    // Spreadsheet formats it does not write are said so; .txt is Markdown's.
    for (args, name) in [
        (&[][..], "旧.xls"),
        (&["--format", "xlsx"][..], "表.txt"),
        (&[][..], "统计.pdf"),
        (&[][..], "统计.docx"),
        // Windows drops the dot and the space at the end: these are .pdf files.
        (&[][..], "统计.pdf."),
        (&[][..], "统计.pdf "),
    ] {
        let path = dir.path().join(name);
        let mut all = vec!["report", "--out", path.to_str().unwrap()];
        all.extend(args);
        let output = run(root.path(), &all);
        assert_eq!(code(&output), 2, "{name}: {}", stderr(&output));
        assert!(!path.exists(), "{name}");
    }
    assert!(stderr(&run(
        root.path(),
        &[
            "report",
            "--out",
            dir.path().join("旧.xls").to_str().unwrap()
        ]
    ))
    .contains("不写 .xls"));
    // A name whose dot starts no kind of file is written as the format says.
    let dated = dir.path().join("统计.2022");
    assert_eq!(
        code(&run(
            root.path(),
            &["report", "--out", dated.to_str().unwrap()]
        )),
        0
    );
    assert!(read(&dated).starts_with("# "));
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let names = book.sheet_names().to_vec();
    assert_eq!(
        names,
        [
            "年度数据",
            "学习活动",
            "各支部学习覆盖率",
            "未提交笔记的党员",
            "未能归属到党员的笔记",
            "覆盖率最低的学习项目"
        ]
    );
    let overview = book.worksheet_range("年度数据").unwrap();
    assert_eq!(
        overview.get_value((1, 0)).unwrap().to_string(),
        "提交笔记（篇）"
    );
    assert_eq!(overview.get_value((1, 1)).unwrap().get_float(), Some(7.0));
    let branches = book.worksheet_range("各支部学习覆盖率").unwrap();
    assert_eq!(
        branches.get_value((0, 0)).unwrap().to_string(),
        "支部",
        "no 名次 column: coverage is not an assessment"
    );
    assert_eq!(
        branches.get_value((1, 0)).unwrap().to_string(),
        "第一党支部"
    );
    assert_eq!(branches.get_value((1, 4)).unwrap().get_float(), Some(0.75));
    assert_eq!(
        branches
            .get_value((2, 4))
            .unwrap()
            .get_float()
            .map(|f| (f * 10_000.0).round() / 10_000.0),
        Some(0.3333)
    );
    let silent = book.worksheet_range("未提交笔记的党员").unwrap();
    assert_eq!(silent.get_value((1, 0)).unwrap().to_string(), "Tom");
}

/// In English the report is titled in English, period and all (it once read "Study
/// coverage", a replace on a translated title finding nothing to replace).
#[test]
fn an_english_report_is_titled_in_english() {
    let root = copy_fixture("coverage");
    let toml = read(&root.path().join("book.toml"));
    std::fs::write(
        root.path().join("book.toml"),
        toml.replacen("[book]", "[book]\nlanguage = \"en\"", 1),
    )
    .unwrap();
    let md = stdout(&run(root.path(), &["report", "--since", "2022-01-01"]));
    assert!(
        md.starts_with("# Theory study report (2022-01-01 to the end)"),
        "{md}"
    );
}

#[test]
fn report_period_selects_items() {
    let output = run(
        copy_fixture("coverage").path(),
        &["report", "--until", "2022-06-30"],
    );
    let md = stdout(&output);
    assert!(
        md.contains("（全部计划项目）") || md.contains("2022-06-30"),
        "{md}"
    );
    assert!(
        !md.contains("节水专题"),
        "an item due after --until is left out:\n{md}"
    );
}

#[test]
fn completions_and_help_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "powershell"] {
        let output = run(dir.path(), &["completions", shell]);
        assert_eq!(code(&output), 0);
        assert!(
            stdout(&output).contains("studybook") && stdout(&output).contains("coverage"),
            "{shell}"
        );
    }
    for command in [
        "init",
        "new",
        "check",
        "build",
        "coverage",
        "serve",
        "report",
        "completions",
    ] {
        let output = run(dir.path(), &[command, "--help"]);
        assert_eq!(code(&output), 0, "{command}");
        let help = stdout(&output);
        assert!(
            help.contains("示例") && help.contains(&format!("studybook {command}")),
            "{command} --help has no example:\n{help}"
        );
    }
}

#[test]
fn no_progress_bar_when_not_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    studybook::corpus::write_site(dir.path(), &studybook::corpus::Spec::with_notes(400)).unwrap();
    let output = run(dir.path(), &["build"]);
    let err = stderr(&output);
    assert!(
        !err.contains('[') || !err.contains("=>"),
        "a bar was drawn:\n{err}"
    );
    assert!(!err.contains('\r'));
}

/// The README's guide for members, step by step: init, new, write, check, build.
#[test]
fn the_member_guide_of_the_readme_works_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let site = init(dir.path(), "我们的笔记");
    let guide = read(&site.join("README.md"));
    assert!(
        guide.contains("studybook new --author")
            && guide.contains("studybook check")
            && guide.contains("studybook build")
    );
    let new = run(
        &site,
        &[
            "new",
            "--author",
            "lisi",
            "--study",
            &plan_id(&site),
            "--date",
            "2026-03-20",
        ],
    );
    assert_eq!(code(&new), 0, "{}", stderr(&new));
    let path = site.join(stdout(&new).trim());
    let skeleton = read(&path);
    let written = skeleton
        .replace("（在此填写学习内容）", "三月二十日参加了理论中心组专题学习，重点学习了关于调查研究的重要论述，会上逐段领学原文，各科室负责人结合分管工作谈了认识。我认真做了摘抄，对照科室上半年的工作逐条找差距，列出了三个需要深入基层摸清情况的问题，准备带着问题到一线去。")
        .replace("（在此填写心得体会）", "这次学习使我认识到，调查研究不能走过场，必须沉下身子到群众中去。下一步，我每月至少下基层两次，把群众反映集中的问题列成清单，明确责任人和完成时限，办结一件销号一件，做到件件有回音、事事有着落，让学习成果变成为群众办实事的具体行动。");
    std::fs::write(&path, written).unwrap();
    let check = run(&site, &["check", path.to_str().unwrap()]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    let build = run(&site, &["build"]);
    assert_eq!(code(&build), 0, "{}", stderr(&build));
    let page = site
        .join("site/notes")
        .join(path.strip_prefix(site.join("content")).unwrap())
        .with_extension("html");
    assert!(read(&page).contains("三月二十日参加了理论中心组专题学习"));
    let coverage = run(&site, &["coverage", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&coverage)).unwrap();
    let lisi = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "lisi")
        .unwrap();
    assert_eq!(lisi["covered"], 1);
}

/// A name with a line break or a `|` in it stays in its cell of the Markdown report:
/// no row is broken, no heading made.
#[test]
fn a_name_that_breaks_lines_stays_in_its_cell() {
    let dir = copy_fixture("basic");
    let site = dir.path();
    let roster = site.join("content/members.yaml");
    let text = read(&roster).replace("name: 王五", "name: \"王|五\\n## 注入标题\"");
    std::fs::write(&roster, text).unwrap();
    let output = run(site, &["report", "--out", "统计.md"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report = read(&site.join("统计.md"));
    assert!(
        !report.lines().any(|line| line.starts_with("## 注入标题")),
        "{report}"
    );
    assert!(report.contains("王\\|五 ## 注入标题"), "{report}");
}

/// A negative year or a date with a leading `-` is a value the command judges, not a
/// flag nobody knows.
#[test]
fn a_value_with_a_leading_minus_is_judged_as_a_value() {
    let dir = copy_fixture("basic");
    let site = dir.path();
    let date = run(
        site,
        &["new", "--author", "zhangsan", "--date", "-2022-01-01"],
    );
    assert_eq!(code(&date), 2);
    assert!(
        stderr(&date).contains("无法识别的日期"),
        "{}",
        stderr(&date)
    );
    let year = run(
        site,
        &["new", "--review", "--branch", "第一党支部", "--year", "-1"],
    );
    assert_eq!(code(&year), 2);
    assert!(!stderr(&year).contains("不认识的参数"), "{}", stderr(&year));
}

/// Data written to a stdout that cannot take it (a full disk, here /dev/full; a pipe
/// whose reader is gone) is told in Chinese with exit 2 by every command that writes
/// data, never a panic with English and a backtrace (round 28: `check --format json`
/// and `completions` panicked, exit 101).
#[cfg(target_os = "linux")]
#[test]
fn data_that_cannot_be_written_to_stdout_is_told_not_a_panic() {
    let root = copy_fixture("basic");
    let r = root.path();
    for args in [
        &["check", "--format", "json"][..],
        &["completions", "bash"],
        &["coverage", "--format", "json"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = studybook()
            .args(args)
            .current_dir(r)
            .stdout(full)
            .output()
            .unwrap();
        let said = stderr(&output);
        assert_eq!(code(&output), 2, "{args:?}: {said}");
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        assert!(said.contains("磁盘空间不足"), "{args:?}: {said}");
    }
}
