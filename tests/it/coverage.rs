//! `studybook coverage` and the coverage pages on a fixture whose numbers can be checked
//! by hand (tests/fixtures/coverage):
//!
//! | member | branch | notes | i1 (all, due 03-31) | i2 (branch 2, due 05-31) | i3 (all, due 09-30) |
//! |---|---|---|---|---|---|
//! | a 李明 | 1 | i1 03-20, i2 05-05, i3 10-10 | covered | not applicable | late |
//! | b 欧阳娜娜 | 1 | i1 03-25 title-only, i3 09-01 | missing | not applicable | covered |
//! | c 陈某 (author by name) | 2 | i1 03-01, i2 05-01 | covered | covered | missing |
//! | d Tom | 2 | none | missing | missing | missing |

use crate::common::*;
use serde_json::{json, Value};

fn coverage_json(args: &[&str]) -> Value {
    let root = copy_fixture("coverage");
    let mut all = vec!["coverage", "--format", "json"];
    all.extend_from_slice(args);
    let output = run(root.path(), &all);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn every_number_of_the_whole_plan() {
    let json = coverage_json(&[]);
    assert_eq!(json["since"], Value::Null);
    assert_eq!(json["until"], Value::Null);
    let plan: Vec<&str> = json["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(plan, ["i1", "i2", "i3"]);
    assert_eq!(
        json["members"],
        json!([
            {"id": "a", "name": "李明", "branch": "第一党支部", "notes": 3, "accepted": 3, "rejected": 0, "applicable": 2, "covered": 2, "coverage": 1.0, "missing": [], "late": ["i3"]},
            {"id": "b", "name": "欧阳娜娜", "branch": "第一党支部", "notes": 2, "accepted": 1, "rejected": 1, "applicable": 2, "covered": 1, "coverage": 0.5, "missing": ["i1"], "late": []},
            {"id": "c", "name": "陈某", "branch": "第二党支部", "notes": 2, "accepted": 2, "rejected": 0, "applicable": 3, "covered": 2, "coverage": 0.6667, "missing": ["i3"], "late": []},
            {"id": "d", "name": "Tom", "branch": "第二党支部", "notes": 0, "accepted": 0, "rejected": 0, "applicable": 3, "covered": 0, "coverage": 0.0, "missing": ["i1", "i2", "i3"], "late": []},
        ])
    );
    assert_eq!(
        json["branches"],
        json!([
            {"name": "第一党支部", "members": 2, "applicable": 4, "covered": 3, "coverage": 0.75},
            {"name": "第二党支部", "members": 2, "applicable": 6, "covered": 2, "coverage": 0.3333},
        ])
    );
    let figures = &json["figures"];
    assert_eq!(
        (
            figures["notes"].as_u64(),
            figures["accepted"].as_u64(),
            figures["rejected"].as_u64()
        ),
        (Some(7), Some(6), Some(1))
    );
    assert_eq!(figures["members_studied"], 3);
    assert_eq!(figures["person_times"], 5);
    assert_eq!(
        figures["sessions"],
        json!([
            {"kind": "理论中心组学习", "planned": 2, "held": 2, "held_for_all": 2, "person_times": 4},
            {"kind": "主题党日", "planned": 1, "held": 1, "held_for_all": 0, "person_times": 1},
        ])
    );
}

#[test]
fn until_selects_items_and_notes() {
    let json = coverage_json(&["--until", "2022-06-30"]);
    assert_eq!(json["until"], "2022-06-30");
    assert_eq!(json["plan"].as_array().unwrap().len(), 2);
    let a = member(&json, "a");
    assert_eq!(
        (
            a["notes"].as_u64(),
            a["applicable"].as_u64(),
            a["covered"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    let b = member(&json, "b");
    assert_eq!(
        (
            b["notes"].as_u64(),
            b["accepted"].as_u64(),
            b["covered"].as_u64()
        ),
        (Some(1), Some(0), Some(0))
    );
    // As of 1 October, a's note of 10 October does not yet cover i3.
    let json = coverage_json(&["--until", "2022-10-01"]);
    assert_eq!(member(&json, "a")["missing"], json!(["i3"]));
}

#[test]
fn since_selects_items_by_due_date_and_notes_by_date() {
    let json = coverage_json(&["--since", "2022/4/1"]);
    assert_eq!(json["since"], "2022-04-01");
    let plan: Vec<&str> = json["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(plan, ["i2", "i3"]);
    let c = member(&json, "c");
    assert_eq!(
        (
            c["notes"].as_u64(),
            c["covered"].as_u64(),
            c["applicable"].as_u64()
        ),
        (Some(1), Some(1), Some(2))
    );
    assert_eq!(member(&json, "a")["late"], json!(["i3"]));
}

#[test]
fn branch_limits_members_items_and_totals() {
    let json = coverage_json(&["--branch", "第一党支部"]);
    let ids: Vec<&str> = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(json["branches"].as_array().unwrap().len(), 1);
    let plan: Vec<&str> = json["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(plan, ["i1", "i3"], "the other branch's item is left out");
    assert_eq!(json["figures"]["person_times"], 3);
}

#[test]
fn bad_flags_exit_2_with_a_message() {
    let root = copy_fixture("coverage");
    let output = run(root.path(), &["coverage", "--since", "2022年4月"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--since"), "{}", stderr(&output));
    let output = run(root.path(), &["coverage", "--branch", "第一支部"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("第一党支部"),
        "suggests the closest: {}",
        stderr(&output)
    );
}

#[test]
fn table_columns_line_up_by_display_width() {
    let output = run(
        copy_fixture("coverage").path(),
        &["coverage", "--format", "table"],
    );
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            ["李明", "欧阳娜娜", "陈某", "Tom"]
                .iter()
                .any(|n| l.contains(n))
        })
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    // Where the id column starts, in terminal columns: the same on every row.
    let starts: Vec<usize> = rows
        .iter()
        .map(|row| {
            let id = [" a ", " b ", " c ", " d "]
                .iter()
                .find_map(|id| row.find(id))
                .unwrap()
                + 1;
            unicode_width::UnicodeWidthStr::width(&row[..id])
        })
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] == w[1]),
        "id column starts at {starts:?}:\n{text}"
    );
    // Rows below 100% stand out; the full row does not.
    assert!(rows[0].starts_with("   李明"), "{}", rows[0]);
    assert!(rows[1..].iter().all(|r| r.starts_with('!')), "{text}");
    assert!(text.contains("欧阳娜娜") && text.contains("i1, i2, i3"));
}

#[test]
fn csv_opens_in_excel_one_row_per_member() {
    let output = run(
        copy_fixture("coverage").path(),
        &["coverage", "--format", "csv"],
    );
    assert_eq!(code(&output), 0);
    assert!(output.stdout.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(output.stdout[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(headers[..3], ["编号", "姓名", "支部"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4);
    let c: Vec<&str> = rows[2].iter().take(8).collect();
    assert_eq!(c, ["c", "陈某", "第二党支部", "2", "2", "3", "2", "66.67%"]);
    assert_eq!(&rows[3][8], "i1 i2 i3");
}

/// The class of every cell of the row of `name` in the coverage matrix.
fn matrix_row(html: &str, name: &str) -> Vec<String> {
    let row_start = html
        .find(&format!(">{name}</a></th>"))
        .unwrap_or_else(|| panic!("no row for {name}"));
    let row = &html[row_start..html[row_start..].find("</tr>").unwrap() + row_start];
    row.split("<td class=\"cell ")
        .skip(1)
        .map(|cell| cell.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn coverage_page_shows_the_matrix_cells() {
    let root = copy_fixture("coverage");
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    let html = read(&root.path().join("site/coverage.html"));
    assert_eq!(matrix_row(&html, "李明"), ["covered", "na", "late"]);
    assert_eq!(matrix_row(&html, "欧阳娜娜"), ["missing", "na", "covered"]);
    assert_eq!(matrix_row(&html, "陈某"), ["covered", "covered", "missing"]);
    assert_eq!(matrix_row(&html, "Tom"), ["missing", "missing", "missing"]);
    // Readable without colour: each state has its own symbol.
    assert!(
        html.contains("cell late\" title=\"节水专题：逾期完成\">△</td>"),
        "{html}"
    );
    // Sorted by coverage, the member with nothing comes first.
    let by_rate = read(&root.path().join("site/coverage-by-rate.html"));
    assert!(by_rate.find(">Tom</a></th>").unwrap() < by_rate.find(">李明</a></th>").unwrap());
    // The plan item page names who is missing and who was late.
    let item = read(&root.path().join("site/plan/i3.html"));
    let missing = &item[item.find("未学习").unwrap()..];
    assert!(missing.contains("陈某") && missing.contains("Tom"));
    assert!(item.contains("status-late"));
}

#[test]
fn unpublished_coverage_stays_off_the_site() {
    let root = copy_fixture("coverage");
    let toml = read(&root.path().join("book.toml")) + "\n[coverage]\npublish = false\n";
    std::fs::write(root.path().join("book.toml"), toml).unwrap();
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    let site = root.path().join("site");
    assert!(!site.join("coverage.html").exists());
    for page in [
        "index.html",
        "members/d.html",
        "plan/i3.html",
        "branches/第二党支部.html",
    ] {
        let html = read(&site.join(page));
        assert!(
            !html.contains("覆盖率") && !html.contains("未学习"),
            "{page} shows coverage"
        );
    }
}

/// The annual report never names a member as having handed in nothing when their folder
/// holds notes: notes that could not be dated, or whose author is misspelt, are theirs.
/// Notes no member can be found for are listed by file instead.
#[test]
fn no_member_is_blamed_for_notes_that_could_not_be_attributed() {
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::create_dir_all(r.join("content/wangwu")).unwrap();
    std::fs::write(
        r.join("content/wangwu/学习心得.md"),
        "---\ntitle: 学习心得\nauthor: 王吴\ndate: 去年秋天\n---\n\n正文写了一些。\n",
    )
    .unwrap();
    std::fs::create_dir_all(r.join("content/共享文件夹")).unwrap();
    std::fs::write(
        r.join("content/共享文件夹/无名.md"),
        "---\ntitle: 无名心得\nauthor: 某人\ndate: 2022-05-01\n---\n\n正文写了一些。\n",
    )
    .unwrap();
    let report = run(r, &["report"]);
    assert_eq!(code(&report), 0, "{}", stderr(&report));
    let md = stdout(&report);
    let silent = md
        .split("未提交笔记的党员")
        .nth(1)
        .and_then(|rest| rest.split("\n#").next())
        .unwrap_or("");
    assert!(!silent.contains("王五"), "王五 handed a note in: {silent}");
    let unattributed = md.split("未能归属到党员的笔记").nth(1).unwrap_or("");
    assert!(unattributed.contains("content/共享文件夹/无名.md"), "{md}");
    assert!(!unattributed.contains("wangwu"), "{md}");
    let json = run(r, &["coverage", "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let wangwu = json["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "wangwu")
        .unwrap();
    assert_eq!(wangwu["accepted"], 0);
}
