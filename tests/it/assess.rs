//! Branch assessment as the 机关党委 runs it: the real binary on a copy of the example
//! site with a scheme written beside its records, and each figure checked against what
//! `meetings`, `coverage` and `check` say of the same files.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

const GRADES: &str = "grades:\n  - {name: 好, min: 90}\n  - {name: 较好, min: 80}\n  - {name: 一般, min: 60}\n  - {name: 差, min: 0}\n";

/// A scheme for 2022 with `items` under one category of 100 points.
fn scheme(items: &str, extra: &str) -> String {
    format!(
        "version: 1\nname: 测试细则\nyear: 2022\n{GRADES}categories:\n  - {{id: org, name: 组织生活, max: 100}}\nitems:\n{items}{extra}"
    )
}

/// The example's assessment files and reviews, written for its own scheme.
const DOCUMENTS: &str = "content/考核/2022";

/// Puts a scheme of the test's own in place of the example's, and takes away the
/// example's assessment files, which score the example's own items.
fn write_scheme(root: &Path, text: &str) {
    std::fs::write(root.join("content/assessment.yaml"), text).unwrap();
    let _ = std::fs::remove_dir_all(root.join(DOCUMENTS));
}

fn assess_json(root: &Path, args: &[&str]) -> Value {
    assess_json_exiting(root, args, 0)
}

/// `assess --format json`, which must exit with `expected` (1: a file was rejected).
fn assess_json_exiting(root: &Path, args: &[&str], expected: i32) -> Value {
    let mut all = vec!["assess", "--format", "json"];
    all.extend(args);
    let output = run(root, &all);
    assert_eq!(code(&output), expected, "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn branch<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["branches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == name)
        .unwrap_or_else(|| panic!("{name} missing"))
}

fn item<'a>(branch: &'a Value, id: &str) -> &'a Value {
    branch["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(branch["extras"].as_array().unwrap())
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

fn f(value: &Value) -> f64 {
    value.as_f64().unwrap()
}

#[test]
fn meeting_items_score_what_meetings_counts_and_name_the_rejected_record() {
    let root = copy_example();
    let r = root.path();
    let items = "  - {id: committee, category: org, name: 支部委员会每月召开, points: 12, auto: {metric: meetings.missing, kind: 支部委员会, each: -1}}\n  - {id: congress, category: org, name: 支部党员大会, points: 8, auto: {metric: meetings.held-ratio, kind: 支部党员大会}}\n  - {id: lesson, category: org, name: 上党课, points: 4, auto: {metric: meetings.missing, kind: 党课, each: -4}}\n";
    write_scheme(r, &scheme(items, ""));
    let assessed = assess_json(r, &[]);
    let meetings = run(
        r,
        &[
            "meetings",
            "--format",
            "json",
            "--since",
            "2022-01-01",
            "--until",
            "2022-12-31",
        ],
    );
    let meetings: Value = serde_json::from_slice(&meetings.stdout).unwrap();
    let check = run(r, &["check", "--format", "json"]);
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut rejected_named = 0;
    for counted in meetings["branches"].as_array().unwrap() {
        let name = counted["name"].as_str().unwrap();
        let row = |kind: &str| {
            let rows: Vec<&Value> = counted["kinds"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|k| k["kind"] == kind)
                .collect();
            let sum = |key: &str| rows.iter().map(|k| k[key].as_u64().unwrap()).sum::<u64>();
            (sum("periods") as f64, sum("held") as f64)
        };
        let scored = branch(&assessed, name);
        let (committee_due, committee_held) = row("支部委员会");
        let committee = item(scored, "committee");
        let expected = (12.0 - (committee_due - committee_held)).max(0.0);
        assert_eq!(f(&committee["score"]), expected, "{name}");
        let (due, held) = row("支部党员大会");
        let expected = if due == 0.0 { 8.0 } else { 8.0 * held / due };
        assert!(
            (f(&item(scored, "congress")["score"]) - expected).abs() < 0.01,
            "{name}"
        );
        // Clamped at 0 however many periods are missing; full points when none is due.
        let (due, held) = row("党课");
        let lesson = item(scored, "lesson");
        let expected = if due == 0.0 {
            4.0
        } else {
            (4.0 - 4.0 * (due - held)).max(0.0)
        };
        assert_eq!(f(&lesson["score"]), expected, "{name}");
        if due == 0.0 {
            assert_eq!(lesson["trace"][0]["why"], "nothing-due");
        }
        // Every missing period that holds a rejected record names it and its rule, as
        // the check rejected it.
        for trace in committee["trace"].as_array().unwrap() {
            if trace["why"] == "missing" && trace.get("path").is_some() {
                rejected_named += 1;
                let said = check["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["path"] == trace["path"] && d["rule"] == trace["rule"]);
                assert!(said, "{trace}");
            }
        }
        let missing = committee["trace"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["why"] == "missing")
            .count() as f64;
        assert_eq!(missing, committee_due - committee_held);
    }
    assert!(
        rejected_named > 0,
        "the example site has rejected committee records"
    );
}

#[test]
fn the_computation_runs_in_order_and_a_band_minimum_is_reached() {
    let root = copy_example();
    let r = root.path();
    let items = "  - {id: attend, category: org, name: 出勤, points: 10, auto: {metric: attendance.rate, bands: [{min: 0.9, points: 10}, {min: 0.5, points: 3}]}}\n  - {id: plan, category: org, name: 年初有计划, points: 20, manual: true}\n";
    let extra = "blend: {work: 0.8, review: 0.2}\ndeductions: {cap: 1, items: [{id: copied, name: 抄袭笔记, max: 3, auto: {metric: notes.duplicate, each: 2}}]}\n";
    write_scheme(r, &scheme(items, extra));
    let output = run(r, &["assess", "--format", "json"]);
    assert_eq!(code(&output), 0);
    assert!(
        stderr(&output).contains("warning[unscored]") && stderr(&output).contains("plan"),
        "{}",
        stderr(&output)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let meetings = run(
        r,
        &[
            "meetings",
            "--format",
            "json",
            "--since",
            "2022-01-01",
            "--until",
            "2022-12-31",
        ],
    );
    let meetings: Value = serde_json::from_slice(&meetings.stdout).unwrap();
    let mut copies_seen = false;
    for b in json["branches"].as_array().unwrap() {
        let name = b["name"].as_str().unwrap();
        // Attendance over the branch's members, as meetings counts it.
        let (mut expected, mut attended) = (0, 0);
        for m in meetings["members"].as_array().unwrap() {
            if m["branch"] == name {
                expected += m["expected"].as_u64().unwrap();
                attended += m["attended"].as_u64().unwrap();
            }
        }
        let rate = attended as f64 / expected as f64;
        let band = if rate >= 0.9 {
            10.0
        } else if rate >= 0.5 {
            3.0
        } else {
            0.0
        };
        assert_eq!(f(&item(b, "attend")["score"]), band, "{name}");
        assert_eq!(f(&item(b, "plan")["score"]), 0.0);
        // Deductions are capped; the score never goes below 0; the final is blended.
        let copied = item(b, "copied");
        let copies = copied["trace"].as_array().unwrap().len() as f64;
        copies_seen |= copies > 0.0;
        assert_eq!(f(&copied["score"]), (2.0 * copies).min(3.0));
        assert_eq!(f(&b["deductions"]), f(&copied["score"]).min(1.0));
        let score = (f(&b["work"]) - f(&b["deductions"])).max(0.0);
        assert!((f(&b["score"]) - score).abs() < 0.005);
        let blended = (f(&b["score"]) * 0.8 * 100.0).round() / 100.0;
        assert!((f(&b["final"]) - blended).abs() < 0.011, "{b}");
    }
    assert!(copies_seen, "the example site has a copied note");
    // A band's exact minimum is reached: set 较好's min to a branch's final.
    let first = branch(&json, "第一党支部");
    let final_score = f(&first["final"]);
    let grades = format!(
        "grades:\n  - {{name: 好, min: {}}}\n  - {{name: 较好, min: {final_score}}}\n  - {{name: 差, min: 0}}\n",
        final_score + 0.01
    );
    write_scheme(r, &scheme(items, extra).replace(GRADES, &grades));
    let again = assess_json(r, &[]);
    assert_eq!(branch(&again, "第一党支部")["grade"], "较好");
    // The same files give the same bytes.
    let a = run(r, &["assess", "--format", "json"]).stdout;
    let b = run(r, &["assess", "--format", "json"]).stdout;
    assert_eq!(a, b);
    assert!(
        !String::from_utf8(a).unwrap().contains("\"rank\""),
        "no rank by default"
    );
}

#[test]
fn a_bad_scheme_is_refused_at_its_line_with_what_is_allowed() {
    let root = copy_example();
    let r = root.path();
    let ok = "  - {id: a, category: org, name: 出勤, points: 10, auto: {metric: attendance.rate, bands: [{min: 0.9, points: 10}]}}\n";
    let cases: &[(String, &str, &str)] = &[
        (
            scheme("  - {id: n, category: org, name: 笔记篇数, points: 10, auto: {metric: notes.count}}\n", ""),
            "没有 notes.count 这个指标；可用的有：meetings.missing",
            "assessment.yaml:12:",
        ),
        (
            scheme("  - {id: s, category: org, name: 个人, points: 5, manual: true, scope: member}\n", ""),
            "不给党员个人打分或排名",
            "assessment.yaml:12:",
        ),
        (
            scheme("  - {id: k, category: org, name: 会, points: 5, auto: {metric: meetings.missing, kind: 支委会}}\n", ""),
            "会议类型 支委会 不在 book.toml 的 [meetings.kinds] 里；可用的有：支部党员大会",
            "assessment.yaml:12:",
        ),
        (
            scheme("  - {id: c, name: 无类, points: 5, manual: true}\n", ""),
            "c 没有写 category",
            "assessment.yaml:12:",
        ),
        (
            scheme(ok, "").replace("version: 1", "version: 2"),
            "version: 2 不是这个 studybook 认识的格式",
            "assessment.yaml:1:",
        ),
        (
            scheme(ok, "").replace("year: 2022", "year: 2022\ncolour: red"),
            "colour",
            "assessment.yaml:",
        ),
        (
            scheme(ok, "veto: [{id: v, name: 处分, max-grade: 优秀}]\n"),
            "max-grade: 优秀 不是 grades 里的等次",
            "assessment.yaml:13:",
        ),
    ];
    for (text, said, at) in cases {
        write_scheme(r, text);
        let output = run(r, &["assess"]);
        assert_eq!(code(&output), 2, "{text}");
        let err = stderr(&output);
        assert!(
            err.contains("error[scheme]") && err.contains(said) && err.contains(at),
            "{text}\n{err}"
        );
    }
    // Notes deciding a grade is allowed, with a warning.
    write_scheme(
        r,
        &scheme(
            "  - {id: n, category: org, name: 自学, points: 30, auto: {metric: notes.coverage}}\n",
            "",
        ),
    );
    let output = run(r, &["assess", "--format", "json"]);
    assert_eq!(code(&output), 0);
    assert!(
        stderr(&output).contains("warning[scheme]"),
        "{}",
        stderr(&output)
    );
    // No scheme: said, with where to write one.
    std::fs::remove_file(r.join("content/assessment.yaml")).unwrap();
    let output = run(r, &["assess"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("没有考核细则 content/assessment.yaml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_scheme_is_never_published_and_csv_opens_safely() {
    let root = copy_example();
    let r = root.path();
    let items =
        "  - {id: '=cmd', category: org, name: '=HYPERLINK(\"x\")', points: 10, manual: true}\n";
    write_scheme(r, &scheme(items, ""));
    // A scheme's name with what a terminal obeys: the table shows it, never obeys it.
    let text = read(&r.join("content/assessment.yaml"))
        .replace("name: 测试细则", "name: \"测试\\e[2J细则\"");
    std::fs::write(r.join("content/assessment.yaml"), text).unwrap();
    let table = run(r, &["assess", "--format", "table"]);
    assert_eq!(code(&table), 0, "{}", stderr(&table));
    assert!(
        stdout(&table).starts_with("测试␛[2J细则"),
        "{}",
        stdout(&table)
    );
    let output = run(r, &["assess", "--format", "csv", "--branch", "第二党支部"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(output.stdout.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(
        csv.contains("'=HYPERLINK") && !csv.contains(",=HYPERLINK"),
        "{csv}"
    );
    assert!(
        !csv.contains("第一党支部"),
        "--branch keeps one branch: {csv}"
    );
    assert_eq!(code(&run(r, &["build"])), 0);
    let published: Vec<_> = snapshot(&r.join("site"))
        .into_keys()
        .filter(|p| p.to_string_lossy().contains("assessment"))
        .collect();
    assert!(published.is_empty(), "{published:?}");
    // --year other than the scheme's is said.
    let output = run(r, &["assess", "--year", "2023"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("考核细则是 2022 年度的，不能按 2023 年度考核"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_workbook_holds_the_summary_and_each_branchs_items_as_the_json_does() {
    use calamine::{DataType, Reader, Xlsx};
    let root = copy_example();
    let r = root.path();
    // The example site's own scheme; one of its reviews is deliberately incomplete.
    let json = assess_json_exiting(r, &[], 1);
    let out = r.join("考核.xlsx");
    // The file's name says the format: .md is the table a person reads.
    let table = r.join("考核.md");
    run(r, &["assess", "--out", table.to_str().unwrap()]);
    assert!(
        read(&table).starts_with("2022年度党支部工作考核细则"),
        "{}",
        read(&table)
    );
    let output = run(r, &["assess", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let names = book.sheet_names().to_vec();
    assert_eq!(names[0], "支部考核汇总");
    // The reviews that hold, each with its score as the JSON has it.
    let reviews = book.worksheet_range("书记述职述廉测评").unwrap();
    let listed = json["reviews"].as_array().unwrap();
    assert_eq!(reviews.height(), listed.len() + 1);
    for (row, review) in listed.iter().enumerate() {
        let cell = reviews.get_value((row as u32 + 1, 2)).unwrap().to_string();
        assert_eq!(cell.parse::<f64>().ok(), review["score"].as_f64());
    }
    let summary = book.worksheet_range("支部考核汇总").unwrap();
    for (row, b) in json["branches"].as_array().unwrap().iter().enumerate() {
        let row = row as u32 + 1;
        assert_eq!(
            summary.get_value((row, 0)).unwrap().to_string(),
            b["name"].as_str().unwrap()
        );
        assert_eq!(
            summary.get_value((row, 5)).unwrap().get_float(),
            b["final"].as_f64()
        );
        let sheet = format!("{}评分表", b["name"].as_str().unwrap());
        assert!(names.contains(&sheet), "{names:?}");
        let items = book.worksheet_range(&sheet).unwrap();
        let listed = b["items"].as_array().unwrap().len() + b["extras"].as_array().unwrap().len();
        assert_eq!(items.height(), listed + 1, "{sheet}");
    }
    // Without --out on a terminal it would be binary on the screen; with --out it never
    // overwrites.
    let again = run(
        r,
        &["assess", "--format", "xlsx", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code(&again), 2);
}

#[test]
fn init_explains_the_scheme_and_its_example_scores_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&run(dir.path(), &["init", "s"])), 0);
    let site = dir.path().join("s");
    let output = run(&site, &["assess"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("还没有写（只有注释）"),
        "{}",
        stderr(&output)
    );
    // Uncommented as the file says: every line after the explanation loses its "# ".
    let path = site.join("content/assessment.yaml");
    let text = read(&path);
    let (explained, example) = text.split_once("#\n").unwrap();
    assert!(explained.contains("meetings.missing") && explained.contains("不给党员个人打分"));
    let example: String = example
        .lines()
        .map(|l| l.strip_prefix("# ").unwrap_or(l).to_string() + "\n")
        .collect();
    std::fs::write(&path, example).unwrap();
    let output = run(&site, &["assess", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["branches"].as_array().unwrap().len(), 2);
}

/// The score a review's ballots give, worked out here from the contract's weights (好 1,
/// 较好 0.8, 一般 0.6, 差 0; 党委委员 0.6, 党员 0.4), not by studybook.
fn ballot_score(groups: &[(&str, [f64; 5])]) -> f64 {
    let (mut weighed, mut weights) = (0.0, 0.0);
    for (group, [good, fairly, fair, poor, abstained]) in groups {
        let chose = good + fairly + fair + poor;
        let score = 100.0 * (good + 0.8 * fairly + 0.6 * fair) / chose;
        let _ = (poor, abstained);
        let weight = if *group == "党委委员" { 0.6 } else { 0.4 };
        weighed += weight * score;
        weights += weight;
    }
    ((weighed / weights) * 100.0 + 0.5).floor() / 100.0
}

/// The example's year as the 党委 closes it: the assessors' scores for the manual
/// items, a bonus and a deduction traced to their lines, each secretary's review scored
/// from its ballots and blended in, and the review whose 问题 says only "同意。"
/// rejected, so that its branch counts no review. None of it is published.
#[test]
fn assessment_files_and_reviews_score_the_year_and_a_hollow_review_counts_nothing() {
    let root = copy_example();
    let r = root.path();
    let json = assess_json_exiting(r, &[], 1);
    let first = branch(&json, "第一党支部");
    let plan = item(first, "plan");
    assert_eq!(f(&plan["score"]), 16.0);
    assert_eq!(plan["source"], "manual");
    assert_eq!(
        plan["trace"][0]["path"],
        "content/考核/2022/第一党支部考核.md"
    );
    assert_eq!(plan["trace"][0]["line"], 7);
    assert_eq!(f(&item(first, "honours")["score"]), 2.0);
    assert_eq!(
        f(&item(branch(&json, "第二党支部"), "discipline")["score"]),
        2.0
    );
    // The review: from the ballots as the file writes them.
    let review = ballot_score(&[
        ("党员", [2.0, 1.0, 0.0, 0.0, 0.0]),
        ("党委委员", [4.0, 1.0, 0.0, 0.0, 0.0]),
    ]);
    assert_eq!(f(&first["review"]), review);
    let expected_final = ((f(&first["score"]) * 0.8 + review * 0.2) * 100.0 + 0.5).floor() / 100.0;
    assert_eq!(f(&first["final"]), expected_final);
    assert_eq!(item(first, "review")["trace"][0]["why"], "reviewed");
    let reviews = json["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 2, "{reviews:?}");
    assert_eq!(reviews[0]["member"], "zhangwei");
    assert_eq!(f(&reviews[0]["groups"][0]["score"]), 93.33);
    // The third branch's review is rejected: no review, no points for holding one.
    let third = branch(&json, "第三党支部");
    assert_eq!(f(&third["review"]), 0.0);
    assert_eq!(f(&item(third, "review")["score"]), 0.0);
    let said = stderr(&run(r, &["assess", "--format", "json"]));
    assert!(
        said.contains("error[evaluation]")
            && said.contains("content/考核/2022/第三党支部书记述职述廉.md:24:1"),
        "{said}"
    );
    // The CSV closes with the reviews, as the JSON has them.
    let csv = stdout(&run(r, &["assess", "--format", "csv"]));
    assert!(csv.contains("\n第一党支部,张伟,94.93,好,"), "{csv}");
    assert!(!csv.lines().any(|l| l == "\"\""), "{csv}");
    // The check counts the six files apart from notes and records.
    let check = run(r, &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["documents"]["records"], 6);
    assert_eq!(report["documents"]["rejected"], 1);
    let text = stderr(&run(r, &["check"]));
    assert!(
        text.contains("检查了 6 份考核文件和述职测评记录：5 份通过，1 份被拒绝"),
        "{text}"
    );
    // Nothing of it reaches the site: not a page, not a search entry, not a word, not
    // the score sheet or the scanned ballots kept beside the files.
    std::fs::write(r.join(DOCUMENTS).join("评分表.xlsx"), "PK").unwrap();
    // The assessors' own note among their files: checked, never published.
    std::fs::write(
        r.join(DOCUMENTS).join("考核组讨论.md"),
        "---\ntitle: 考核组内部讨论\nauthor: zhangwei\ndate: 2023-01-09\n---\n\n考核组讨论了各支部的年度工作，对照考核细则逐项核对会议记录，意见一致后形成考核意见。\n",
    )
    .unwrap();
    std::fs::write(r.join(DOCUMENTS).join("测评票扫描.pdf"), "%PDF").unwrap();
    // Nor through a link named as a plain attachment elsewhere.
    #[cfg(unix)]
    {
        std::fs::create_dir_all(r.join("content/附件")).unwrap();
        std::os::unix::fs::symlink(
            "../考核/2022/测评票扫描.pdf",
            r.join("content/附件/扫描.pdf"),
        )
        .unwrap();
    }
    let built = run(r, &["build"]);
    assert_eq!(code(&built), 0);
    assert!(!r.join("site/notes/附件/扫描.pdf").exists());
    assert!(stderr(&built).contains("当作草稿"), "{}", stderr(&built));
    assert!(
        stderr(&built).contains("评分表.xlsx") && stderr(&built).contains("公示前是内部的"),
        "{}",
        stderr(&built)
    );
    let leaked = walkdir::WalkDir::new(r.join("site"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            String::from_utf8_lossy(&bytes).contains("年终总结列了全年工作")
                || e.path().to_string_lossy().contains("考核")
        })
        .map(|e| e.path().display().to_string())
        .collect::<Vec<_>>();
    assert!(leaked.is_empty(), "{leaked:?}");
}

const ASSESSMENT: &str = "---\nassessment: 2022\nbranch: 第一党支部\nassessors: [机关党委 周明]\ndate: 2023-01-10\nscores:\n  plan: {self: 20, committee: 16, reason: 总结未对照计划}\nbonus:\n  honours: {committee: 2, reason: 获评先进基层党组织}\ndeductions: {}\nveto: {}\n---\n\n## 考核意见\n\n支部全年按计划开展组织生活，书记带头讲党课，学习计划中的集体学习全部完成，会议记录要素齐全；年终总结没有对照年初计划逐项说明完成情况，需要改进。\n";

const REVIEW: &str = "---\nreview: 述职述廉\nyear: 2022\nbranch: 第一党支部\nmember: zhangwei\ndate: 2023-01-12\nplace: 会议室\nhost: 机关党委 周明\nballots:\n  党员: {expected: 3, issued: 3, returned: 3, 好: 2, 较好: 1, 一般: 0, 差: 0, 弃权: 0}\n  党委委员: {expected: 5, issued: 5, returned: 5, 好: 4, 较好: 1, 一般: 0, 差: 0, 弃权: 0}\n---\n\n## 述职内容\n\n主持召开支部党员大会和支委会，讲党课一次。\n\n## 评价意见\n\n### 成绩\n\n履行第一责任人职责到位，组织生活按期开展，带头讲党课。\n\n### 问题\n\n对支委会记录的规范要求抓得不够紧，总结没有对照计划。\n";

/// Each rule of the assessment's own files, at the line it is about: what the check can
/// tell from the file alone, and what only the scheme can.
#[test]
fn each_rule_of_assessment_files_and_reviews_is_said_at_its_line() {
    let root = copy_example();
    let r = root.path();
    std::fs::remove_dir_all(r.join(DOCUMENTS)).unwrap();
    let dir = r.join("content/考核");
    std::fs::create_dir_all(&dir).unwrap();
    // (file, text, rule, line)
    let cases: Vec<(&str, String, &str, usize)> = vec![
        ("a1", ASSESSMENT.replace("branch: 第一党支部\n", ""), "score-field", 1),
        ("a2", ASSESSMENT.replace("committee: 16,", "committee: 十六,"), "score-field", 7),
        ("a3", ASSESSMENT.replace("committee: 16,", "committee: -1,"), "score-field", 7),
        ("a4", ASSESSMENT.replace(", reason: 获评先进基层党组织", ""), "score-reason", 9),
        ("a5", ASSESSMENT.replace("## 考核意见", "## 其他"), "opinion", 14),
        ("a6", ASSESSMENT.replace("支部全年按计划开展组织生活，书记带头讲党课，学习计划中的集体学习全部完成，会议记录要素齐全；年终总结没有对照年初计划逐项说明完成情况，需要改进。", "同意。"), "opinion", 14),
        ("a7", ASSESSMENT.replace("plan: {", "plann: {"), "score-field", 7),
        ("a8", ASSESSMENT.replace("committee: 16,", "committee: 25,"), "score-field", 7),
        ("a9", ASSESSMENT.replace(", reason: 总结未对照计划", ""), "score-reason", 7),
        // Front matter that does not read is still the assessors' file, named as such.
        ("a10", ASSESSMENT.replace("date: 2023-01-10\n", "date: 2023-01-10\ndate: 2023-01-11\n"), "front-matter", 6),
        ("r1", REVIEW.replace("member: zhangwei", "member: lijing"), "review-field", 5),
        ("r2", REVIEW.replace("好: 2, 较好: 1", "好: 2, 较好: 2"), "ballots", 10),
        ("r3", REVIEW.replace("expected: 3, issued: 3", "expected: 3, issued: 4"), "ballots", 10),
        ("r4", REVIEW.replace("expected: 5, issued: 5, returned: 5, 好: 4, 较好: 1", "expected: 5, issued: 5, returned: 2, 好: 1, 较好: 1"), "review-quorum", 11),
        ("r5", REVIEW.replace("  党员: {expected: 3, issued: 3, returned: 3, 好: 2, 较好: 1, 一般: 0, 差: 0, 弃权: 0}", "  党员: [张伟, 李静, 王强]"), "ballots", 10),
        ("r6", REVIEW.replace("### 问题\n\n对支委会记录的规范要求抓得不够紧，总结没有对照计划。\n", "### 问题\n\n同意。\n"), "evaluation", 24),
        ("r7", REVIEW.replace("## 评价意见", "## 其他"), "evaluation", 14),
        ("r8", REVIEW.replace("  党员:", "  群众:"), "ballots", 10),
        ("r9", REVIEW.replace("host: 机关党委 周明\n", "host: 机关党委 周明\nresult: 优秀\n"), "result", 9),
        ("r11", REVIEW.replace("host: 机关党委 周明\n", "host: 机关党委 周明\nresult: [好]\n"), "result", 9),
        ("r12", REVIEW.replace("好: 2, 较好: 1, 一般: 0, 差: 0, 弃权: 0", "好: 0, 较好: 0, 一般: 0, 差: 0, 弃权: 3"), "ballots", 10),
        ("r13", REVIEW.replace("  党员: {expected: 3, issued: 3, returned: 3, 好: 2, 较好: 1, 一般: 0, 差: 0, 弃权: 0}", "  党员: {}"), "ballots", 10),
        // Counts no group has, which no sum may overflow on.
        ("r10", REVIEW.replace("好: 2, 较好: 1", "好: 18446744073709551615, 较好: 18446744073709551615"), "ballots", 10),
    ];
    for (name, text, _, _) in &cases {
        // One file at a time: a second file for the branch is a rule of its own.
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            std::fs::remove_file(entry.path()).unwrap();
        }
        std::fs::write(dir.join(format!("{name}.md")), text).unwrap();
        let (_, _, rule, line) = cases.iter().find(|c| c.0 == *name).unwrap();
        let output = run(r, &["assess", "--format", "json"]);
        let said = stderr(&output);
        assert_eq!(code(&output), 1, "{name}: {said}");
        assert!(said.contains(&format!("error[{rule}]")), "{name}: {said}");
        let at = format!("content/考核/{name}.md:{line}:");
        assert!(said.contains(&at), "{name}: {at} in {said}");
    }
    // A review dated by the day it was held (the year after) is said not to count.
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        std::fs::remove_file(entry.path()).unwrap();
    }
    std::fs::write(dir.join("r.md"), REVIEW.replace("year: 2022", "year: 2023")).unwrap();
    let said = stderr(&run(r, &["assess", "--format", "json"]));
    assert!(
        said.contains("warning[score-field]")
            && said.contains("写的是 2023 年度")
            && said.contains("r.md:3:"),
        "{said}"
    );
    // A key written with a full-width colon, or indented: still the assessors' file.
    let forms = [
        (
            "fw.md",
            ASSESSMENT.replace("assessment: 2022", "assessment：2022"),
        ),
        (
            "in.md",
            ASSESSMENT.replace("assessment: 2022", "  assessment: 2022\nbranch: [x"),
        ),
        (
            "uc.md",
            ASSESSMENT.replace("assessment: 2022", "Assessment: 2022"),
        ),
        ("eb.md", format!("---\n---\n{}", &ASSESSMENT[4..])),
        (
            "tm.md",
            "+++\nassessment = 2022\nbranch = \"第一党支部\"\n+++\n\n## 考核意见\n".to_string(),
        ),
    ];
    for (name, text) in forms {
        std::fs::write(dir.join(name), text).unwrap();
        let check = run(r, &["check", "--format", "json"]);
        let report: Value = serde_json::from_slice(&check.stdout).unwrap();
        assert_eq!(report["documents"]["rejected"], 1, "{name}: {report}");
        std::fs::remove_file(dir.join(name)).unwrap();
    }
    // A quoted key and YAML that does not read: still the assessors' file.
    std::fs::write(
        dir.join("q.md"),
        ASSESSMENT
            .replace("assessment: 2022", "\"assessment\": 2022")
            .replace("assessors: [机关党委 周明]", "assessors: [机关党委 周明"),
    )
    .unwrap();
    let check = run(r, &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["documents"]["rejected"], 1, "{report}");
    std::fs::remove_file(dir.join("q.md")).unwrap();
    // A veto lowers the grade to its max-grade, never raises it.
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        std::fs::remove_file(entry.path()).unwrap();
    }
    std::fs::write(
        dir.join("a.md"),
        ASSESSMENT.replace("veto: {}", "veto:\n  case: 一名支委受警告处分"),
    )
    .unwrap();
    std::fs::write(dir.join("r.md"), REVIEW).unwrap();
    let json = assess_json(r, &[]);
    let first = branch(&json, "第一党支部");
    assert_eq!(first["veto"][0], "case");
    assert_eq!(first["grade"], "一般", "{first}");
    // Two files for one branch and year: neither counts, each names the other, however
    // their names sort.
    std::fs::copy(dir.join("a.md"), dir.join("a - 副本.md")).unwrap();
    let output = run(r, &["assess", "--format", "json"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 1, "{said}");
    assert!(
        said.contains("content/考核/a - 副本.md") && said.contains("content/考核/a.md"),
        "{said}"
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(branch(&json, "第一党支部")["veto"]
        .as_array()
        .unwrap()
        .is_empty());
    std::fs::remove_file(dir.join("a - 副本.md")).unwrap();
    // A copy of another branch's review is no review of its own.
    let copied = REVIEW
        .replace("branch: 第一党支部", "branch: 第三党支部")
        .replace("member: zhangwei", "member: zhoujun");
    std::fs::write(dir.join("r3.md"), copied).unwrap();
    let output = run(r, &["assess", "--format", "json"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 1, "{said}");
    assert!(
        said.contains("error[evaluation]") && said.contains("r3.md"),
        "{said}"
    );
}

/// `new --assessment` and `new --review` write what the scheme and the roster already
/// know; the check rejects both until the assessors and the 党委 have written theirs,
/// and then `assess` counts them.
#[test]
fn new_writes_an_assessment_and_a_review_that_count_once_written() {
    let root = copy_example();
    let r = root.path();
    std::fs::remove_dir_all(r.join(DOCUMENTS)).unwrap();
    let made = |args: &[&str]| {
        let output = run(r, args);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        r.join(stdout(&output).trim())
    };
    let assessment = made(&[
        "new",
        "--assessment",
        "--branch",
        "第一党支部",
        "--date",
        "2023-01-10",
    ]);
    let review = made(&[
        "new",
        "--review",
        "--branch",
        "第一党支部",
        "--date",
        "2023-01-12",
    ]);
    assert!(assessment.ends_with("content/考核/2022/第一党支部考核.md"));
    // One per branch and year: a second is not written.
    let again = run(r, &["new", "--assessment", "--branch", "第一党支部"]);
    assert_eq!(code(&again), 2, "{}", stderr(&again));
    assert!(stderr(&again).contains("已经有了"), "{}", stderr(&again));
    let bad_year = run(
        r,
        &["new", "--review", "--branch", "第一党支部", "--year", "0"],
    );
    assert_eq!(code(&bad_year), 2);
    assert!(!r.join("content/考核/0").exists());
    let skeleton = read(&assessment);
    // Every item the assessors score, with its points; what they may add or take.
    assert!(
        skeleton.contains("  plan:") && skeleton.contains("（20 分）"),
        "{skeleton}"
    );
    assert!(
        skeleton.contains("# honours:") && skeleton.contains("# case:"),
        "{skeleton}"
    );
    let written = read(&review);
    assert!(written.contains("member: zhangwei"), "{written}");
    assert!(written.contains("  党委委员: {expected: 0"), "{written}");
    let output = run(r, &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["documents"]["rejected"], 2, "{report}");
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"].as_str().unwrap().contains("考核"))
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    for rule in ["opinion", "review-field", "review-quorum", "evaluation"] {
        assert!(rules.contains(&rule), "{rule}: {rules:?}");
    }
    // Written as the assessors and the 党委 would.
    let filled = skeleton
        .replace("    committee:\n    reason:\n", "    committee: 18\n    reason: 总结没有对照年初计划逐项说明\n")
        .replace("  # honours: {committee: , reason: }", "  honours: {committee: 1, reason: 获评先进基层党组织}")
        + "支部全年按计划开展组织生活，书记带头讲党课，集体学习全部完成；年终总结没有对照年初计划逐项说明完成情况，下一年要改进。\n";
    std::fs::write(&assessment, filled).unwrap();
    let filled = written
        .replace("place:\n", "place: 会议室\n")
        .replace("host:  ", "host: 机关党委 周明  ")
        .replace(
            "{expected: 4, issued: 0, returned: 0, 好: 0, 较好: 0",
            "{expected: 4, issued: 4, returned: 4, 好: 3, 较好: 1",
        )
        .replace(
            "{expected: 0, issued: 0, returned: 0, 好: 0, 较好: 0",
            "{expected: 5, issued: 5, returned: 5, 好: 5, 较好: 0",
        )
        .replace(
            "### 成绩\n\n",
            "### 成绩\n\n履行第一责任人职责到位，组织生活按期开展，带头讲党课。\n\n",
        )
        .replace(
            "### 问题\n\n",
            "### 问题\n\n对支委会记录的规范要求抓得不够紧，总结没有对照计划。\n\n",
        );
    std::fs::write(&review, filled).unwrap();
    let json = assess_json(r, &["--branch", "第一党支部"]);
    let first = branch(&json, "第一党支部");
    assert_eq!(f(&item(first, "plan")["score"]), 18.0);
    assert_eq!(f(&item(first, "honours")["score"]), 1.0);
    let expected = ballot_score(&[
        ("党员", [3.0, 1.0, 0.0, 0.0, 0.0]),
        ("党委委员", [5.0, 0.0, 0.0, 0.0, 0.0]),
    ]);
    assert_eq!(f(&first["review"]), expected);
}

/// The annual report carries the assessment's summary and the reviews, with the figures
/// `assess` gives; a broken scheme leaves them out and says so, and the report still
/// comes.
#[test]
fn the_report_carries_the_assessment_and_the_reviews() {
    let root = copy_example();
    let r = root.path();
    let json = assess_json_exiting(r, &[], 1);
    let output = run(r, &["report"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let md = stdout(&output);
    assert!(md.contains("## 支部考核汇总"), "{md}");
    for b in json["branches"].as_array().unwrap() {
        let row = format!(
            "| {} | {} |",
            b["name"].as_str().unwrap(),
            b["work"].as_f64().unwrap()
        );
        assert!(md.contains(&row), "{row} in {md}");
        assert!(
            md.contains(&format!(
                " | {} | {} |",
                b["final"].as_f64().unwrap(),
                b["grade"].as_str().unwrap()
            )),
            "{md}"
        );
    }
    assert!(
        md.contains("## 书记述职述廉测评") && md.contains("| 第一党支部 | 张伟 | 94.93 | 好 |"),
        "{md}"
    );
    std::fs::write(r.join("content/assessment.yaml"), "version: 9\n").unwrap();
    let output = run(r, &["report"]);
    assert_eq!(code(&output), 0);
    assert!(!stdout(&output).contains("支部考核汇总"));
    assert!(
        stderr(&output).contains("统计报告里没有支部考核结果"),
        "{}",
        stderr(&output)
    );
}

/// Next year's review of a branch answers last year's 整改要求: a warning when it says
/// nothing of them, none once it does.
#[test]
fn a_review_that_ignores_last_years_fixes_is_warned() {
    let root = copy_example();
    let r = root.path();
    let dir = r.join(DOCUMENTS);
    let this_year = dir.join("第一党支部书记述职述廉.md");
    let last_year = read(&this_year)
        .replace("year: 2022", "year: 2021")
        .replace("date: 2023-01-12", "date: 2022-01-12");
    std::fs::create_dir_all(r.join("content/考核/2021")).unwrap();
    std::fs::write(
        r.join("content/考核/2021/第一党支部书记述职述廉.md"),
        last_year,
    )
    .unwrap();
    let said = stderr(&run(r, &["assess", "--format", "json"]));
    assert!(
        said.contains("warning[evaluation]")
            && said.contains("content/考核/2021/第一党支部书记述职述廉.md"),
        "{said}"
    );
    let answered = read(&this_year).replace(
        "## 评价意见",
        "## 上年整改落实情况\n\n支委会记录已写明每位委员的发言要点，年终总结附了计划完成情况对照表。\n\n## 评价意见",
    );
    std::fs::write(&this_year, answered).unwrap();
    let said = stderr(&run(r, &["assess", "--format", "json"]));
    assert!(!said.contains("warning[evaluation]"), "{said}");
}

/// With `[assessment] publish = true` the site shows the year's table and each branch's
/// 评分表, every record a point names linked to its page, the assessors' opinion and the
/// secretary's review; without it (the default) not one of these pages is made.
#[test]
fn published_the_site_shows_every_point_linked_to_its_record() {
    let root = copy_example();
    let r = root.path();
    assert_eq!(code(&run(r, &["build"])), 0);
    assert!(!r.join("site/assessment.html").exists());
    assert!(!read(&r.join("site/index.html")).contains("assessment.html"));
    let toml = read(&r.join("book.toml"));
    let toml = if toml.contains("[assessment]") {
        toml.replace("[assessment]", "[assessment]\npublish = true")
    } else {
        toml + "\n[assessment]\npublish = true\n"
    };
    std::fs::write(r.join("book.toml"), toml).unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = r.join("site");
    let json = assess_json_exiting(r, &[], 1);
    let table = read(&site.join("assessment.html"));
    assert!(read(&site.join("index.html")).contains("assessment.html"));
    for b in json["branches"].as_array().unwrap() {
        let name = b["name"].as_str().unwrap();
        assert!(table.contains(&format!(">{name}</a>")), "{table}");
        let page = site.join(format!("assessment/{name}.html"));
        let html = read(&page);
        assert!(
            html.contains(&format!("<dd>{}</dd>", b["final"].as_f64().unwrap())),
            "{html}"
        );
        // Every link leads to a page of the site; the records held are among them.
        let to_records: Vec<String> = links(&html)
            .into_iter()
            .filter(|l| l.contains("notes/meetings/"))
            .collect();
        assert!(!to_records.is_empty(), "{name}");
        for link in links(&html) {
            if let Some(target) = resolve(&site, &page, &link) {
                assert!(target.is_file(), "{link} in {name}");
            }
        }
    }
    let first = read(&site.join("assessment/第一党支部.html"));
    assert!(first.contains("书记带头讲党课"), "the opinion: {first}");
    assert!(
        first.contains("履行第一责任人职责到位"),
        "the review: {first}"
    );
    assert!(table.contains("张伟"), "{table}");
    // The hollow review holds no place on the site: its branch shows no review.
    let third = read(&site.join("assessment/第三党支部.html"));
    assert!(!third.contains("述职述廉测评记录"), "{third}");
    // A scheme with errors: the page says there is no result, and the build goes on.
    std::fs::write(r.join("content/assessment.yaml"), "version: 9\n").unwrap();
    assert_eq!(code(&run(r, &["build"])), 0);
    assert!(read(&site.join("assessment.html")).contains("暂无考核结果"));
    assert!(!site.join("assessment/第一党支部.html").exists());
}

/// Review weights for grades the ballots do not have (a misspelt 好) are refused: the
/// real grade would weigh 0.
#[test]
fn review_weights_name_exactly_the_ballots_grades() {
    let root = copy_example();
    let r = root.path();
    let toml = read(&r.join("book.toml"))
        + "\n[assessment.review]\nweights = {\"优\" = 1, \"良\" = 0.8, \"中\" = 0.6, \"差\" = 0}\n";
    std::fs::write(r.join("book.toml"), toml).unwrap();
    let output = run(r, &["assess"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("好、较好、一般、差"),
        "{}",
        stderr(&output)
    );
}

/// A grade no score could reach (`min: .nan`) is refused with the scheme's errors.
#[test]
fn a_grade_no_score_can_reach_is_refused() {
    let root = copy_example();
    let r = root.path();
    let text = scheme(
        "  - {id: plan, category: org, name: 年初有计划, points: 20, manual: true}\n",
        "",
    )
    .replace("{name: 好, min: 90}", "{name: 好, min: .nan}");
    write_scheme(r, &text);
    let output = run(r, &["assess"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("error[scheme]") && stderr(&output).contains("好"),
        "{}",
        stderr(&output)
    );
}

/// A secretary who keeps a review in their own folder hides nothing of their own study:
/// a member's folder is never made private by an assessment file in it.
#[test]
fn a_review_in_a_members_folder_hides_none_of_their_notes() {
    let root = copy_example();
    let r = root.path();
    let notes_before: Vec<String> = std::fs::read_dir(r.join("content/zhangwei"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    assert!(!notes_before.is_empty());
    std::fs::rename(
        r.join(DOCUMENTS).join("第一党支部书记述职述廉.md"),
        r.join("content/zhangwei/述职述廉.md"),
    )
    .unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert!(!said.contains("当作草稿"), "{said}");
    for note in &notes_before {
        let page = r
            .join("site/notes/zhangwei")
            .join(note.replace(".md", ".html"));
        let held = read(&r.join("content/zhangwei").join(note)).contains("draft: true");
        assert!(
            held || page.is_file() || said.contains(note.as_str()),
            "{note}: {said}"
        );
    }
    assert!(!r.join("site/notes/zhangwei/述职述廉.html").exists());
}

/// The papers beside an assessment file stay internal wherever it is kept: in a folder
/// below a member's own (a secretary's working folder), and where the file cannot be
/// read (too large here; locked by the admin alike), since it may be one.
#[test]
fn the_papers_beside_an_assessment_stay_private_wherever_it_lies() {
    let root = copy_example();
    let r = root.path();
    let working = r.join("content/zhangwei/考核");
    std::fs::create_dir_all(&working).unwrap();
    std::fs::copy(
        r.join(DOCUMENTS).join("第三党支部考核.md"),
        working.join("第三党支部考核.md"),
    )
    .unwrap();
    std::fs::write(working.join("第三支部评分.xlsx"), "PK score sheet").unwrap();
    let locked = r.join("content/考核/2023");
    std::fs::create_dir_all(&locked).unwrap();
    let big = read(&r.join(DOCUMENTS).join("第一党支部考核.md")) + &"补充说明。".repeat(80_000);
    std::fs::write(locked.join("第一党支部考核.md"), big).unwrap();
    std::fs::write(
        locked.join("选票扫描.png"),
        [0x89, b'P', b'N', b'G', 13, 10, 26, 10],
    )
    .unwrap();
    // An assessment file the build cannot read at all: a link to a share not mounted,
    // a FIFO; and one whose key is misspelt.
    let scan = [0x89, b'P', b'N', b'G', 13, 10, 26, 10];
    let original = read(&r.join(DOCUMENTS).join("第二党支部考核.md"));
    for (folder, how) in [
        ("评分/链接", "link"),
        ("评分/管道", "fifo"),
        ("评分/拼错", "slip"),
    ] {
        let dir = r.join("content").join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("评分表.xlsx"), "PK score sheet").unwrap();
        std::fs::write(dir.join("票.png"), scan).unwrap();
        let file = dir.join("第二党支部考核.md");
        match how {
            #[cfg(unix)]
            "link" => std::os::unix::fs::symlink("/nonexistent/share/考核.md", &file).unwrap(),
            #[cfg(unix)]
            "fifo" => {
                let made = std::process::Command::new("mkfifo")
                    .arg(&file)
                    .status()
                    .unwrap();
                assert!(made.success());
            }
            _ => std::fs::write(&file, original.replacen("assessment:", "assesment:", 1)).unwrap(),
        }
    }
    let output = run(r, &["build"]);
    let said = stderr(&output);
    for never in ["notes/zhangwei/考核", "notes/考核/2023", "notes/评分"] {
        assert!(!r.join("site").join(never).exists(), "{never}: {said}");
    }
    assert!(
        said.contains("assesment 看起来是支部考核文件的键（应写 assessment）"),
        "{said}"
    );
    assert!(said.contains("同一个文件夹里有读不了的 .md 文件"), "{said}");
    assert!(said.contains("第三支部评分.xlsx"), "{said}");
    // The member's own notes, beside the working folder, are published still.
    assert!(r.join("site/notes/zhangwei").is_dir(), "{said}");
}

/// With the assessment published, a build says what is wrong with the scheme, at its
/// line, as `assess` does, not only on the page that shows no table.
#[test]
fn a_published_assessment_with_a_broken_scheme_is_said_by_the_build() {
    let root = copy_example();
    let r = root.path();
    let toml = read(&r.join("book.toml"));
    std::fs::write(
        r.join("book.toml"),
        format!("{toml}\n[assessment]\npublish = true\n"),
    )
    .unwrap();
    std::fs::write(r.join("content/assessment.yaml"), "version: 1\nname: [\n").unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert!(
        said.contains("error[scheme]") && said.contains("content/assessment.yaml"),
        "{said}"
    );
}
