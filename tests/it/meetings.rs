//! Meeting records as a branch secretary meets them: the real binary on a copy of the
//! `meetings` fixture (two branches, a committee, two groups), records added to it for
//! each rule and each counting edge case, and what `check`, `meetings`, `report`, `new`
//! and `build` say and write.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// Paragraphs of the example site's records, each used once, so that no two records a
/// test writes are copies of each other.
fn paragraphs() -> Vec<String> {
    let mut out = Vec::new();
    for branch in ["第二党支部", "第三党支部"] {
        let dir = repo_root().join("content/meetings").join(branch);
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let text = read(&file);
            out.extend(
                text.lines()
                    .map(|l| l.trim_start_matches(['-', ' ', '1', '2', '3', '.']))
                    .filter(|l| l.chars().count() > 90 && !l.contains('：'))
                    .map(str::to_string),
            );
        }
    }
    out
}

struct Writer {
    paragraphs: Vec<String>,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            paragraphs: paragraphs(),
        }
    }

    fn paragraph(&mut self) -> String {
        self.paragraphs.pop().expect("enough example paragraphs")
    }

    /// A committee-style body: agenda, one item per speaker, decisions.
    fn body(&mut self, speakers: &[&str]) -> String {
        let mut out = format!("\n## 议题\n\n{}\n\n## 讨论发言\n\n", self.paragraph());
        for name in speakers {
            out += &format!("- {name}：{}\n", self.paragraph());
        }
        out + &format!("\n## 决议\n\n{}\n", self.paragraph())
    }

    /// A 主题党日 body.
    fn day_body(&mut self, speakers: &[&str]) -> String {
        let mut out = format!("\n## 活动内容\n\n{}\n\n## 讨论发言\n\n", self.paragraph());
        for name in speakers {
            out += &format!("- {name}：{}\n", self.paragraph());
        }
        out
    }
}

fn write(site: &Path, rel: &str, front: &str, body: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("---\n{}\n---\n{body}", front.trim())).unwrap();
}

fn json(output: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(output))
        .unwrap_or_else(|err| panic!("not JSON ({err}):\n{}\n{}", stdout(output), stderr(output)))
}

/// (rule, line, severity) of each diagnostic on `path`.
fn diagnostics_of(report: &Value, path: &str) -> Vec<(String, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Runs `args` in `site`, asserting exit 2 and that stderr says `says`.
fn refused(site: &Path, args: &[&str], says: &str) {
    let output = run(site, args);
    assert_eq!(code(&output), 2, "{args:?}");
    assert!(
        stderr(&output).contains(says),
        "{args:?}: {}",
        stderr(&output)
    );
}

const COMMITTEE: &str =
    "meeting: 支部委员会\ntitle: 支委会\nbranch: 一支部\ndate: 2022-05-10\nplace: 三楼\nhost: zhangsan\nrecorder: lisi";

#[test]
fn each_rule_names_the_file_and_line_of_its_slip() {
    let dir = copy_fixture("meetings");
    let site = dir.path();
    let mut w = Writer::new();
    let m = "content/meetings/cases";
    // (file, front matter, body, the rules expected with their lines)
    type Case = (&'static str, String, String, Vec<(&'static str, u64)>);
    let cases: Vec<Case> = vec![
        (
            "no-place.md",
            COMMITTEE.replace("place: 三楼\n", ""),
            w.body(&["张三", "李四"]),
            vec![("meeting-field", 1)],
        ),
        (
            "kind.md",
            COMMITTEE.replace("支部委员会", "支委会"),
            w.body(&["张三"]),
            vec![("meeting-field", 2)],
        ),
        (
            "lecture.md",
            COMMITTEE.replace("支部委员会", "党课"),
            format!("\n## 授课内容\n\n{}{}\n", w.paragraph(), w.paragraph()),
            vec![("meeting-field", 1)],
        ),
        (
            "group.md",
            COMMITTEE.replace("支部委员会", "党小组会") + "\ngroup: 第三党小组",
            format!(
                "\n## 学习内容\n\n{}\n\n## 讨论发言\n\n- 张三：{}\n",
                w.paragraph(),
                w.paragraph()
            ),
            vec![("meeting-field", 9)],
        ),
        (
            "branch.md",
            COMMITTEE.replace("branch: 一支部", "branch: 一党支部"),
            w.body(&["张三"]),
            vec![("unknown-branch", 4)],
        ),
        (
            "host.md",
            COMMITTEE.replace("host: zhangsan", "host: zhangshan"),
            w.body(&["李四", "王五"]),
            vec![("unknown-member", 7)],
        ),
        (
            "attendance.md",
            COMMITTEE.to_string()
                + "\nabsent:\n  - member: sunba\n    reason: 出差\n  - member: wangwu\n  - 王五（病假）\n  - member: zhaoliu\n    reason: 休假",
            w.body(&["张三", "李四"]),
            // sunba is of 二支部; wangwu has no reason, then is listed again; zhaoliu
            // is not on the committee.
            vec![
                ("attendance", 10),
                ("attendance", 12),
                ("attendance", 13),
                ("attendance", 14),
            ],
        ),
        (
            "spoke.md",
            COMMITTEE.to_string() + "\nabsent:\n  - member: wangwu\n    reason: 出差",
            w.body(&["张三", "王五"]),
            vec![("attendance", 21)],
        ),
        (
            "quorum.md",
            COMMITTEE.to_string()
                + "\nabsent:\n  - member: lisi\n    reason: 出差\n  - member: wangwu\n    reason: 培训",
            w.body(&["张三"]),
            vec![("quorum", 9)],
        ),
        (
            "speakers.md",
            COMMITTEE.replace("支部委员会", "主题党日"),
            w.day_body(&["张三", "李四", "张三"]),
            vec![("few-speakers", 15)],
        ),
        (
            "title-only.md",
            COMMITTEE.to_string(),
            "\n## 议题\n\n## 讨论发言\n\n## 决议\n".to_string(),
            vec![("title-only", 3)],
        ),
        (
            "section.md",
            COMMITTEE.to_string(),
            format!(
                "\n## 议题\n\n{}\n\n## 讨论发言\n\n- 张三：{}\n",
                w.paragraph(),
                w.paragraph()
            ),
            vec![("missing-section", 11)],
        ),
        (
            "date.md",
            COMMITTEE.replace("2022-05-10", "2022-02-30"),
            w.body(&["张三"]),
            vec![("bad-date", 5)],
        ),
    ];
    for (file, front, body, _) in &cases {
        write(site, &format!("{m}/{file}"), front, body);
    }
    let output = run(site, &["check", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    for (file, _, _, expected) in &cases {
        let path = format!("{m}/{file}");
        let found = diagnostics_of(&report, &path);
        let rules: Vec<(&str, u64)> = found.iter().map(|(r, l, _)| (r.as_str(), *l)).collect();
        assert_eq!(rules, *expected, "{path}: {found:?}");
    }
    // Four fixture records and the one with only a warning are accepted.
    assert_eq!(report["meetings"]["accepted"], 5, "{}", report["meetings"]);
    assert_eq!(report["meetings"]["rejected"], cases.len() - 1);
    assert_eq!(report["notes"], 0, "records are not counted as notes");
    let speakers = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "few-speakers")
        .unwrap();
    assert_eq!(speakers["severity"], "warning");
    // The text form says what to do, in Chinese.
    let text = stderr(&run(site, &["check"]));
    for hint in [
        "你是不是要写 `支部委员会`",
        "你是不是要写 `一支部`",
        "王五 缺席，但没有写原因",
        "孙八 不是这次会议的应到人员",
        "应到 3 人、实到 1 人",
        "主题党日只有 2 人发言",
        "会议记录只有标题",
    ] {
        assert!(text.contains(hint), "no {hint:?} in:\n{text}");
    }
}

#[test]
fn a_record_copied_from_another_branch_is_a_duplicate() {
    let dir = copy_fixture("meetings");
    let site = dir.path();
    let original = read(&site.join("content/meetings/一支部/2022-01-10-支部委员会.md"));
    let copy = original
        .replace("branch: 一支部", "branch: 二支部")
        .replace("2022-01-10", "2022-01-12")
        .replace("host: zhangsan", "host: qianqi")
        .replace("recorder: lisi", "recorder: sunba");
    let path = site.join("content/meetings/二支部/2022-01-12-支部委员会.md");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, copy).unwrap();
    let report = json(&run(site, &["check", "--format", "json"]));
    let found = diagnostics_of(&report, "content/meetings/二支部/2022-01-12-支部委员会.md");
    assert!(
        found.iter().any(|(rule, _, _)| rule == "duplicate"),
        "{found:?}"
    );
    let message = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "duplicate" && d["severity"] == "error")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("一支部日期较早的会议记录"), "{message}");
}

fn kind<'a>(report: &'a Value, branch: &str, kind: &str) -> &'a Value {
    report["branches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == branch)
        .unwrap_or_else(|| panic!("no branch {branch}"))["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == kind)
        .unwrap_or_else(|| panic!("no kind {kind} in {branch}"))
}

#[test]
fn meetings_json_counts_periods_and_attendance_as_the_design_says() {
    let dir = copy_fixture("meetings");
    let site = dir.path();
    let mut w = Writer::new();
    // A rejected record (no place) in March counts for nothing.
    write(
        site,
        "content/meetings/一支部/2022-03-01-支部委员会.md",
        &COMMITTEE
            .replace("2022-05-10", "2022-03-01")
            .replace("place: 三楼\n", ""),
        &w.body(&["张三", "李四"]),
    );
    let output = run(
        site,
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
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stderr(&output).contains("1 份会议记录未通过检查"));
    let report = json(&output);
    assert_eq!(report["since"], "2022-01-01");
    assert_eq!(report["until"], "2022-12-31");
    // Records dated 2022-03-31 and 2022-04-01 fall in Q1 and Q2: a period boundary.
    let congress = kind(&report, "一支部", "支部党员大会");
    assert_eq!(congress["every"], "quarter");
    assert_eq!(congress["periods"], 4);
    assert_eq!(congress["held"], 2);
    assert_eq!(
        congress["missing"],
        serde_json::json!(["2022-Q3", "2022-Q4"])
    );
    assert_eq!(
        congress["records"],
        serde_json::json!([
            "content/meetings/一支部/2022-03-31-支部党员大会.md",
            "content/meetings/一支部/2022-04-01-支部党员大会.md"
        ])
    );
    // The committee met in January only: the rejected March record does not count.
    let committee = kind(&report, "一支部", "支部委员会");
    assert_eq!(
        (committee["periods"].as_u64(), committee["held"].as_u64()),
        (Some(12), Some(1))
    );
    assert!(committee["missing"]
        .as_array()
        .unwrap()
        .contains(&Value::from("2022-03")));
    // A kind with no record at all is missing in every period.
    let lecture = kind(&report, "一支部", "党课");
    assert_eq!(
        (
            lecture["held"].as_u64(),
            lecture["missing"].as_array().unwrap().len()
        ),
        (Some(0), 4)
    );
    // 二支部 has no committee roles... it has a 书记, so 支部委员会 applies; it has no
    // groups, so 党小组会 does not.
    let second: Vec<&str> = report["branches"][1]["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert!(!second.contains(&"党小组会"), "{second:?}");
    assert!(second.contains(&"支部委员会"), "{second:?}");
    // Attendance: 赵六 is expected at the two congresses and the 主题党日, not at the
    // committee, and missed the first congress.
    let zhaoliu = member(&report, "zhaoliu");
    assert_eq!(zhaoliu["expected"], 3);
    assert_eq!(zhaoliu["attended"], 2);
    assert_eq!(zhaoliu["rate"], 0.6667);
    assert_eq!(
        zhaoliu["absent"],
        serde_json::json!([{
            "path": "content/meetings/一支部/2022-03-31-支部党员大会.md",
            "date": "2022-03-31",
            "reason": "病假"
        }])
    );
    let zhangsan = member(&report, "zhangsan");
    assert_eq!(
        (zhangsan["expected"].as_u64(), zhangsan["rate"].as_f64()),
        (Some(4), Some(1.0))
    );
    assert_eq!(
        member(&report, "sunba")["rate"],
        Value::Null,
        "nothing expected"
    );
    // --branch keeps one branch's rows and members.
    let one = json(&run(
        site,
        &["meetings", "--format", "json", "--branch", "二支部"],
    ));
    assert_eq!(one["branches"].as_array().unwrap().len(), 1);
    assert!(one["members"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["branch"] == "二支部"));
    let wrong = run(site, &["meetings", "--branch", "三支部"]);
    assert_eq!(code(&wrong), 2);
}

#[test]
fn without_dates_the_years_of_the_records_are_counted_up_to_today() {
    let dir = copy_fixture("meetings");
    let report = json(&run(dir.path(), &["meetings", "--format", "json"]));
    assert_eq!(
        (report["since"].as_str(), report["until"].as_str()),
        (Some("2022-01-01"), Some("2022-12-31"))
    );
    // A range ending inside a quarter still counts the whole quarter.
    let report = json(&run(
        dir.path(),
        &[
            "meetings",
            "--format",
            "json",
            "--since",
            "2022-02-01",
            "--until",
            "2022-05-15",
        ],
    ));
    let congress = kind(&report, "一支部", "支部党员大会");
    assert_eq!(
        (congress["periods"].as_u64(), congress["held"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn a_member_who_moved_is_judged_by_the_roster_of_today() {
    // Out of scope, and said so in docs/DESIGN.md: the roster has one branch per member.
    // 赵六 moved to 二支部; the old record listing him absent no longer adds up.
    let dir = copy_fixture("meetings");
    let roster = dir.path().join("content/members.yaml");
    let text = read(&roster).replace(
        "name: 赵六\n  branch: 一支部\n  group: 第二党小组",
        "name: 赵六\n  branch: 二支部",
    );
    std::fs::write(&roster, text).unwrap();
    let report = json(&run(dir.path(), &["check", "--format", "json"]));
    let found = diagnostics_of(
        &report,
        "content/meetings/一支部/2022-03-31-支部党员大会.md",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "attendance");
}

#[test]
fn table_and_csv_are_for_people_and_excel() {
    let dir = copy_fixture("meetings");
    let table = stdout(&run(dir.path(), &["meetings", "--format", "table"]));
    assert!(
        table.contains("会议召开情况（2022-01-01 至 2022-12-31）"),
        "{table}"
    );
    let row = table
        .lines()
        .find(|l| l.starts_with("一支部") && l.contains("支部党员大会"))
        .unwrap();
    assert!(
        row.contains("2/4") && row.contains("2022-Q3 2022-Q4"),
        "{row}"
    );
    // Columns line up by display width: the rows of the member table start their
    // second column at the same screen column.
    let members: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("张三") || l.starts_with("赵六") || l.starts_with("姓名"))
        .collect();
    let col = |l: &str| {
        let first = l.split("  ").next().unwrap();
        unicode_width(first)
    };
    assert!(
        members.windows(2).all(|w| col(w[0]) == col(w[1])),
        "{members:?}"
    );
    let csv = run(dir.path(), &["meetings", "--format", "csv"]).stdout;
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("一支部,支部党员大会,每季度,4,2,2,2022-Q3 2022-Q4"),
        "{csv}"
    );
    assert!(csv.contains("zhaoliu,赵六,一支部,3,2,66.67%"), "{csv}");
}

fn unicode_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[test]
fn report_fills_in_the_meeting_figures() {
    let dir = copy_fixture("meetings");
    let output = run(dir.path(), &["report"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let md = stdout(&output);
    for heading in [
        "## 会议召开情况（2022-01-01 – 2022-12-31）",
        "## 各支部会议召开情况",
        "## 未按期召开的会议",
        "## 各支部党员参会率",
        "## 党员参会情况",
    ] {
        assert!(md.contains(heading), "no {heading} in:\n{md}");
    }
    assert!(md.contains("| 支部党员大会 | 2 | 8 | 2 | 25.0% |"), "{md}");
    assert!(
        md.contains("| 一支部 | 支部党员大会 | 2022-Q3 2022-Q4 |"),
        "{md}"
    );
    assert!(
        md.contains("| 赵六 | zhaoliu | 一支部 | 3 | 2 | 66.7% |"),
        "{md}"
    );
    let xlsx = dir.path().join("统计.xlsx");
    let output = run(
        dir.path(),
        &[
            "report",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    use calamine::Reader;
    let book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let names = book.sheet_names();
    assert!(names.iter().any(|n| n == "党员参会情况"), "{names:?}");
}

#[test]
fn new_writes_a_record_the_check_rejects_until_it_is_written() {
    let dir = copy_fixture("meetings");
    let site = dir.path();
    let output = run(
        site,
        &[
            "new",
            "--meeting",
            "支部委员会",
            "--branch",
            "一支部",
            "--date",
            "2022-09-26",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let rel = stdout(&output).trim().to_string();
    assert_eq!(rel, "content/meetings/一支部/2022-09-26-支部委员会.md");
    let text = read(&site.join(&rel));
    for line in [
        "meeting: 支部委员会",
        "title: 一支部2022年9月支部委员会",
        "host: zhangsan",
        "recorder: lisi",
        "# 应到 3 人：张三(zhangsan)、李四(lisi)、王五(wangwu)",
        "## 议题",
        "## 讨论发言",
        "## 决议",
    ] {
        assert!(text.contains(line), "no {line:?} in:\n{text}");
    }
    let report = json(&run(site, &["check", "--format", "json", &rel]));
    let rules: Vec<String> = diagnostics_of(&report, &rel)
        .into_iter()
        .map(|(r, _, _)| r)
        .collect();
    assert_eq!(rules, ["title-only", "meeting-field"], "{report}");
    // Written out, it is accepted.
    let mut w = Writer::new();
    let body = w.body(&["张三", "李四", "王五"]);
    let filled = text.replace("place:    #", "place: 三楼会议室 #");
    let filled = filled[..filled.find("\n---\n").unwrap() + 5].to_string() + &body;
    std::fs::write(site.join(&rel), filled).unwrap();
    let output = run(site, &["check", &rel]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    // Never overwritten: a second one gets -2.
    let again = run(
        site,
        &[
            "new",
            "--meeting",
            "支部委员会",
            "--branch",
            "一支部",
            "--date",
            "2022-09-26",
        ],
    );
    assert_eq!(
        stdout(&again).trim(),
        "content/meetings/一支部/2022-09-26-支部委员会-2.md"
    );
    // A group meeting names its group; several groups need --group.
    refused(
        site,
        &["new", "--meeting", "党小组会", "--branch", "一支部"],
        "第一党小组、第二党小组",
    );
    let group = run(
        site,
        &[
            "new",
            "--meeting",
            "党小组会",
            "--branch",
            "一支部",
            "--group",
            "第二党小组",
        ],
    );
    assert_eq!(code(&group), 0, "{}", stderr(&group));
    let text = read(&site.join(stdout(&group).trim()));
    assert!(
        text.contains("group: 第二党小组")
            && text.contains("应到 2 人：王五(wangwu)、赵六(zhaoliu)"),
        "{text}"
    );
    // A title with nothing in it is refused, as for a note; one pasted over two lines
    // is written on one.
    let before = snapshot(site);
    refused(
        site,
        &[
            "new",
            "--meeting",
            "支部委员会",
            "--branch",
            "一支部",
            "--title",
            " \t ",
        ],
        "title",
    );
    assert_eq!(snapshot(site), before);
    let pasted = run(
        site,
        &[
            "new",
            "--meeting",
            "支部委员会",
            "--branch",
            "一支部",
            "--title",
            "九月\n支委会",
        ],
    );
    assert_eq!(code(&pasted), 0, "{}", stderr(&pasted));
    let text = read(&site.join(stdout(&pasted).trim()));
    assert!(text.contains("title: 九月 支委会\n"), "{text}");
    // A branch whose folder the walk would pass over, or keep as drafts, gets no record
    // that would never be counted.
    let roster = site.join("content/members.yaml");
    let members = read(&roster);
    for odd in ["_drafts", "~$temp"] {
        std::fs::write(
            &roster,
            members.replace("branch: 二支部", &format!("branch: \"{odd}\"")),
        )
        .unwrap();
        let before = snapshot(site);
        refused(
            site,
            &["new", "--meeting", "支部委员会", "--branch", odd],
            "不会被统计",
        );
        assert_eq!(snapshot(site), before, "{odd}");
    }
    std::fs::write(&roster, members).unwrap();
    // Unknown kinds and branches are refused with the closest name.
    refused(
        site,
        &["new", "--meeting", "支委会", "--branch", "一支部"],
        "支部委员会",
    );
    refused(
        site,
        &["new", "--meeting", "党课", "--branch", "一党支部"],
        "一支部",
    );
}

#[test]
fn the_site_shows_records_calendars_and_attendance() {
    let dir = copy_fixture("meetings");
    let site = dir.path();
    let mut w = Writer::new();
    write(
        site,
        "content/meetings/一支部/2022-06-01-支部委员会.md",
        &COMMITTEE
            .replace("2022-05-10", "2022-06-01")
            .replace("place: 三楼\n", ""),
        &w.body(&["张三"]),
    );
    let output = run(site, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let out = site.join("site");
    let record = read(&out.join("notes/meetings/一支部/2022-03-31-支部党员大会.html"));
    for part in [
        "<h1>一支部2022年第一季度支部党员大会</h1>",
        "应到 4 · 实到 3 · 缺席 1",
        ">赵六</a>（病假）",
        "学习意识形态工作重要论述",
    ] {
        assert!(record.contains(part), "no {part:?} in the record page");
    }
    let day = read(&out.join("notes/meetings/一支部/2022-01-21-主题党日.html"));
    assert!(day.contains("机关党委 李明"), "guests are shown");
    assert!(
        !out.join("notes/meetings/一支部/2022-06-01-支部委员会.html")
            .exists(),
        "a rejected record is never published"
    );
    let branch = read(&out.join("branches/一支部.html"));
    assert!(branch.contains("会议日历"));
    let held = "class=\"cell held\" title=\"2022-Q1\"><a href=\"../notes/meetings/%E4%B8%80%E6%94%AF%E9%83%A8/2022-03-31-%E6%94%AF%E9%83%A8%E5%85%9A%E5%91%98%E5%A4%A7%E4%BC%9A.html\"";
    assert!(branch.contains(held), "the held quarter links its record");
    assert!(branch.contains("colspan=\"3\" class=\"cell missing\" title=\"2022-Q3\""));
    assert!(
        branch.contains("colspan=\"1\" class=\"cell missing\" title=\"2022-06\""),
        "June's record was rejected"
    );
    let zhaoliu = read(&out.join("members/zhaoliu.html"));
    assert!(
        zhaoliu.contains("应到 3 · 实到 2 · 出席率 67%"),
        "attendance on the member page"
    );
    assert!(zhaoliu.contains("原因：病假"));
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("<strong>支部党员大会</strong> 2 · 已开/应开期数 2 / 8"),
        "counts per kind on the home page"
    );
    let meetings = read(&out.join("meetings.html"));
    assert!(meetings.contains("2022-01-21-%E4%B8%BB%E9%A2%98%E5%85%9A%E6%97%A5.html"));
    // Every link of the new pages resolves.
    for page in [
        "notes/meetings/一支部/2022-03-31-支部党员大会.html",
        "branches/一支部.html",
        "members/zhaoliu.html",
        "meetings.html",
    ] {
        let path = out.join(page);
        for link in links(&read(&path))
            .into_iter()
            .filter(|l| !l.starts_with('#'))
        {
            assert!(
                resolve(&out, &path, &link).is_some(),
                "{page}: broken link {link}"
            );
        }
    }
}

#[test]
fn records_are_in_the_search_index() {
    let dir = copy_fixture("meetings");
    let output = run(dir.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let search = dir.path().join("site/search");
    let manifest = read(&search.join("index.js"));
    assert!(manifest.contains("\"notes\":4"), "{manifest}");
    let filters = read(&search.join("filters.js"));
    assert!(filters.contains("一支部 · 会议记录"), "{filters}");
    // The first entry of the first note file: [title, page, kind, branch, date, text].
    let entries = search_notes(&dir.path().join("site"), 0);
    assert_eq!(entries[0][3], "一支部", "{entries:?}");
    assert!(entries[0][1].starts_with("meetings/"), "{entries:?}");
}

#[test]
fn english_sites_get_english_messages() {
    let dir = copy_fixture("meetings");
    let toml = dir.path().join("book.toml");
    std::fs::write(
        &toml,
        read(&toml).replace("[book]\n", "[book]\nlanguage = \"en\"\n"),
    )
    .unwrap();
    let mut w = Writer::new();
    write(
        dir.path(),
        "content/meetings/一支部/2022-05-10.md",
        &(COMMITTEE.to_string() + "\nabsent:\n  - member: lisi\n  - member: wangwu\n    reason: x"),
        &w.body(&["张三"]),
    );
    let text = stderr(&run(dir.path(), &["check"]));
    assert!(
        text.contains("李四 is absent with no reason given"),
        "{text}"
    );
    assert!(text.contains("not more than half"), "{text}");
    assert!(text.contains("checked 5 meeting records"), "{text}");
}

#[test]
fn group_meetings_are_counted_per_group_and_ranges_are_as_of_their_end() {
    let dir = copy_fixture("meetings");
    let site = dir.path();
    let report = json(&run(site, &["meetings", "--format", "json"]));
    let groups: Vec<(&str, u64)> = report["branches"][0]["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["kind"] == "党小组会")
        .map(|k| (k["group"].as_str().unwrap(), k["held"].as_u64().unwrap()))
        .collect();
    assert_eq!(groups, [("第一党小组", 0), ("第二党小组", 0)]);
    // As of --until: the congress of 31 March has not happened by the 15th, and the
    // quarter is not over, so it is neither held nor missing.
    let early = json(&run(
        site,
        &[
            "meetings",
            "--format",
            "json",
            "--since",
            "2022-01-01",
            "--until",
            "2022-03-15",
        ],
    ));
    let congress = kind(&early, "一支部", "支部党员大会");
    assert_eq!(
        (congress["periods"].as_u64(), congress["held"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        member(&early, "zhaoliu")["expected"],
        1,
        "only the January 主题党日"
    );
    // --since alone runs to today; a --since after it is refused.
    let open = json(&run(
        site,
        &["meetings", "--format", "json", "--since", "2022-06-01"],
    ));
    assert_eq!(
        open["until"].as_str().unwrap(),
        chrono::Local::now().date_naive().to_string()
    );
    let reversed = run(site, &["meetings", "--since", "2999-01-01"]);
    assert_eq!(code(&reversed), 2, "{}", stderr(&reversed));
    // A two-digit year is a slip, not the year 22.
    let path = site.join("content/meetings/一支部/2022-01-21-主题党日.md");
    std::fs::write(
        &path,
        read(&path).replace("date: 2022-01-21", "date: 22年1月21日"),
    )
    .unwrap();
    let text = stderr(&run(site, &["check"]));
    assert!(
        text.contains("error[bad-date]") && text.contains("2022-01-21"),
        "{text}"
    );
    let report = json(&run(site, &["meetings", "--format", "json"]));
    assert_eq!(
        report["since"], "2022-01-01",
        "the range is not stretched to the year 22"
    );
}

#[test]
fn new_refuses_a_meeting_the_roster_cannot_staff() {
    let dir = copy_fixture("meetings");
    let site = dir.path();
    let roster = site.join("content/members.yaml");
    std::fs::write(
        &roster,
        read(&roster).replace("  branch: 二支部\n  role: 书记\n", "  branch: 二支部\n"),
    )
    .unwrap();
    refused(
        site,
        &["new", "--meeting", "支部委员会", "--branch", "二支部"],
        "名册里二支部没有支委",
    );
    refused(
        site,
        &["new", "--meeting", "党小组会", "--branch", "二支部"],
        "名册里二支部没有党小组",
    );
    let titled = run(
        site,
        &[
            "new",
            "--meeting",
            "主题党日",
            "--branch",
            "二支部",
            "--title",
            "参观水利工程",
            "--date",
            "2022-05-20",
        ],
    );
    assert_eq!(code(&titled), 0, "{}", stderr(&titled));
    assert!(read(&site.join(stdout(&titled).trim())).contains("title: 参观水利工程"));
}

/// A record whose year is a slip (1922 for 2022) is warned at its date and left out of
/// the counts, which reach back ten years from the latest record unless asked.
#[test]
fn a_record_a_century_early_is_warned_and_not_counted_back_to() {
    let root = copy_fixture("meetings");
    let r = root.path();
    let record = r.join("content/meetings/一支部/2022-01-10-支部委员会.md");
    let text = read(&record).replacen("date: 2022-01-10", "date: 1922-01-10", 1);
    std::fs::write(&record, text).unwrap();
    let report = json(&run(r, &["meetings", "--format", "json"]));
    assert_eq!(report["since"], "2022-01-01");
    let said = stderr(&run(r, &["check"]));
    assert!(said.contains("比最近的会议记录早 100 年"), "{said}");
    assert!(said.contains("2022-01-10-支部委员会.md:"), "{said}");
    let asked = json(&run(
        r,
        &["meetings", "--format", "json", "--since", "1922-01-01"],
    ));
    assert_eq!(asked["since"], "1922-01-01");
}

/// An `--until` before any record could be (1921) is said to be too early, at `--until`:
/// no `--since` was given to blame.
#[test]
fn an_until_before_any_record_names_the_until() {
    let root = copy_fixture("meetings");
    let output = run(root.path(), &["meetings", "--until", "1900-01-01"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(said.contains("--until") && said.contains("太早"), "{said}");
    assert!(!said.contains("--since"), "{said}");
}

/// A word after a member's name on one line that names nobody on the roster is the
/// member's reason (`王五 下乡`); a slip of a member's name is still told as one
/// (round 24).
#[test]
fn a_reason_written_after_a_name_and_a_space_is_the_reason() {
    let root = copy_fixture("meetings");
    let record = root
        .path()
        .join("content/meetings/一支部/2022-01-10-支部委员会.md");
    let text = read(&record).replace("recorder: lisi\n", "recorder: lisi\nabsent: 王五 下乡\n");
    std::fs::write(&record, &text).unwrap();
    let output = run(root.path(), &["meetings", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let wangwu = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "王五")
        .unwrap();
    let reasons: Vec<&str> = wangwu["absent"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["reason"].as_str())
        .collect();
    assert!(reasons.contains(&"下乡"), "{wangwu}");
    // A slip of 李四's name after 王五 is no reason: it is told, with the closest.
    std::fs::write(&record, text.replace("王五 下乡", "王五 李肆")).unwrap();
    let said = stderr(&run(root.path(), &["check"]));
    assert!(said.contains("李肆"), "{said}");
}

/// A head count the record states (应到, 实到, as secretaries write them) is held
/// against what the roster and the absences make: a record that says 实到 2 while its
/// absences leave 3 is told at that line, not counted as 3 without a word.
#[test]
fn a_head_count_the_record_states_is_held_against_the_absences() {
    let root = copy_fixture("meetings");
    let rel = "content/meetings/一支部/2022-01-10-支部委员会.md";
    let record = root.path().join(rel);
    let original = read(&record);
    let with = |fields: &str| {
        let text = original.replace("recorder: lisi\n", &format!("recorder: lisi\n{fields}\n"));
        std::fs::write(&record, text).unwrap();
        let report = json(&run(root.path(), &["check", "--format", "json", rel]));
        diagnostics_of(&report, rel)
    };
    // The committee is three (张三, 李四, 王五); 王五 away leaves two.
    let agrees = with("应到: 3\n实到: 2人\nabsent: 王五 下乡");
    assert!(agrees.is_empty(), "{agrees:?}");
    assert!(with("实到人数: 二人\nabsent: 王五 下乡").is_empty());
    assert!(with("实到: 全体").is_empty());
    // A count with guests in it is not held against the roster.
    assert!(with("实到: 4人（含列席2人）\nabsent: 王五 下乡").is_empty());
    let differs = with("应到人数: 4\n实到: 3\nabsent: 王五 下乡");
    let attendance = |line: u64| ("attendance".to_string(), line, "error".to_string());
    assert_eq!(differs, [attendance(9), attendance(10)], "{differs:?}");
    let said = stderr(&run(root.path(), &["check", rel]));
    assert!(
        said.contains("记录中写的应到人数为 4 人，按名册算应到 3 人"),
        "{said}"
    );
    assert!(
        said.contains(
            "记录中写的实到人数为 3 人，按名册和缺席名单算实到 2 人（应到 3 人，缺席 1 人）"
        ),
        "{said}"
    );
    assert_eq!(with("实到: 全体\nabsent: 王五 下乡"), [attendance(9)]);
    // Words it cannot be read from: a warning, the record still counted.
    let warned = ("attendance".to_string(), 9, "warning".to_string());
    assert_eq!(with("实到: 若干"), std::slice::from_ref(&warned));
    assert_eq!(with("实到: 应到3人实到3人"), std::slice::from_ref(&warned));
    // Fractions are no head count, and one name listed twice is one (round 27).
    assert_eq!(with("实到: 2.5"), std::slice::from_ref(&warned));
    let twice = with("present: [张三, 张三, 李四]\nabsent: 王五 下乡");
    assert!(twice.is_empty(), "{twice:?}");
    // Two counts that differ are told; two lists of absences are both read.
    assert_eq!(with("应到: 3\n应到人数: 2"), [warned]);
    // Both absences read: one of three left, no quorum, and 实到: 1 agrees.
    let both = with("请假人员: [王五（出差）]\n缺席人员: [李四（病假）]\n实到: 1");
    assert!(both.iter().any(|(rule, _, _)| rule == "quorum"), "{both:?}");
    assert!(!both.contains(&attendance(11)), "{both:?}");
}

/// A study note with a field a record's head count is also called (`参会人数: 约200人`,
/// `present: true`) is no record: its value is never read as a count, and never an
/// error (the review of round 26: such a note was refused).
#[test]
fn a_notes_field_named_as_a_head_count_is_no_error() {
    let root = copy_fixture("basic");
    let r = root.path();
    let rel = "content/zhangsan/2022-03-16.md".to_string();
    let member_note = r.join(&rel);
    let before = diagnostics_of(&json(&run(r, &["check", "--format", "json", &rel])), &rel);
    let text = read(&member_note);
    let marked = text.replacen("---\n", "---\n参会人数: 约200人\npresent: true\n", 1);
    std::fs::write(&member_note, marked).unwrap();
    let after = diagnostics_of(&json(&run(r, &["check", "--format", "json", &rel])), &rel);
    assert_eq!(after, before);
}
