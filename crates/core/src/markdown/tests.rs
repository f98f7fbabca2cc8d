use super::substance::*;
use super::*;

#[test]
fn template_code_is_taken_out_and_an_unclosed_opening_left() {
    assert_eq!(
        without_template_code("a{{< x >}}b{% y %}c{ d }"),
        "abc{ d }"
    );
    assert_eq!(without_template_code("前{{ 未完"), "前{{ 未完");
    assert_eq!(without_template_code("{%a%}{{b}}{{c"), "{{c");
    let many = "{{< a >}}".repeat(1000) + "字";
    assert_eq!(without_template_code(&many), "字");
}

#[test]
fn list_items_under_a_heading_keep_their_openings() {
    let body = "## 讨论发言\n\n- **张三**：要把学习成果落实到防汛工作中，不能只停留在口头上。\n- 李四: 同意。\n  - 嵌套的不算\n\n1. 王五：补充一点\n\n## 决议\n\n- 一致通过\n";
    let sections = render(body, "", false).substance.sections;
    assert_eq!(sections[0].leads.len(), 3, "{:?}", sections[0].leads);
    assert!(sections[0].leads[0].starts_with("张三："));
    assert_eq!(sections[0].leads[1], "李四: 同意。");
    assert_eq!(sections[0].leads[2], "王五：补充一点");
    assert_eq!(sections[1].leads, ["一致通过"]);
    let long = format!("## 发言\n\n- {}\n", "很".repeat(200));
    let lead = &render(&long, "", false).substance.sections[0].leads[0];
    assert!(lead.len() <= LEAD_BYTES);
}

#[test]
fn extensions_render() {
    let body = "## 学习 内容\n\n| 项目 | 次数 |\n|---|---|\n| 巡河 | 3 |\n\n~~旧~~ 新[^1]\n\n[^1]: 注释\n\n- [x] 已学\n- [ ] 未学\n";
    let html = render(body, "", false).html;
    assert!(html.contains("<h2 id=\"学习-内容\">"), "{html}");
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<del>旧</del>"), "{html}");
    assert!(html.contains("footnote-definition"), "{html}");
    assert!(html.contains("type=\"checkbox\""), "{html}");
}

#[test]
fn repeated_headings_get_distinct_anchors() {
    let html = render("## 体会\n\n甲\n\n## 体会\n\n乙\n", "", false).html;
    assert!(
        html.contains("id=\"体会\"") && html.contains("id=\"体会-1\""),
        "{html}"
    );
    // A heading that is itself `体会-1` takes that id first; the repeats go round it.
    let html = render("## 体会-1\n\n## 体会\n\n## 体会\n\n## 体会\n", "", false).html;
    for id in ["体会-1", "体会", "体会-2", "体会-3"] {
        assert_eq!(
            html.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id}: {html}"
        );
    }
}

#[test]
fn raw_html_is_sanitised_unless_allowed() {
    let body = "正文<script>alert(1)</script>\n\n<div onclick=\"x()\" class=\"box\">框</div>\n";
    let cleaned = render(body, "", false);
    assert_eq!(cleaned.raw_html_line, Some(1));
    assert!(
        !cleaned.html.contains("<script") && !cleaned.html.contains("onclick"),
        "{}",
        cleaned.html
    );
    assert!(cleaned.html.contains("框"));
    let allowed = render(body, "", true);
    assert!(allowed.html.contains("<script>alert(1)</script>"));
}

#[test]
fn unsafe_and_md_links_are_rewritten() {
    let html = render(
        "[a](javascript:alert(1)) [b]( JaVaScRiPt:x) [c](other.md#part) [d](https://x.cn/a.md)",
        "",
        false,
    )
    .html;
    assert!(!html.to_lowercase().contains("javascript"), "{html}");
    assert!(html.contains("href=\"other.html#part\""), "{html}");
    assert!(html.contains("href=\"https://x.cn/a.md\""), "{html}");
}

#[test]
fn outside_images_become_links() {
    let html = render(
        "![图](https://x.cn/a.png) ![本地](../images/a.svg)",
        "",
        false,
    )
    .html;
    assert!(!html.contains("src=\"https://"), "{html}");
    assert!(
        html.contains("<a href=\"https://x.cn/a.png\">图</a>"),
        "{html}"
    );
    assert!(html.contains("<img src=\"../images/a.svg\""), "{html}");
}

#[test]
fn heading_attributes_carry_no_script() {
    let html = render(
        "## 学习内容 {#x .ok onmouseover=alert(document.domain) style=position:fixed;top:0}\n\n正文\n",
        "",
        false,
    )
    .html;
    assert!(
        !html.contains("onmouseover") && !html.contains("style"),
        "{html}"
    );
    assert!(!html.contains("alert"), "{html}");
    assert!(html.contains("<h2 id=\"x\" class=\"ok\""), "{html}");
}

#[test]
fn bold_that_does_not_take_beside_chinese_punctuation_is_found() {
    // Beside Chinese punctuation bold takes (CJK-friendly emphasis) ...
    for taken in [
        "**《中国共产党章程》**是根本大法。\n",
        "学习了**（一）**部分\n",
    ] {
        let taken = render(taken, "", false);
        assert_eq!(taken.emphasis_line, None);
        assert!(taken.html.contains("<strong>"), "{}", taken.html);
    }
    // ... but not between ASCII quotes and a Latin letter, nor left unclosed.
    let shown = render("正文\n\n学习**\"两个维护\"**abc要求\n", "", false);
    assert_eq!(shown.emphasis_line, Some(3));
    assert!(shown.html.contains("**"), "{}", shown.html);
    let open = render("重点**没有结束\n", "", false);
    assert_eq!(open.emphasis_line, Some(1));
    let code = render("```\na**b\n```\n\n`c**d`\n", "", false);
    assert_eq!(code.emphasis_line, None, "code is code");
}

#[test]
fn substance_counts_what_a_reader_sees() {
    let s = render(
        "## 学习内容\n\n学习了文件 abc 123。\n\n[链接文字](x.html)\n\n![图片说明](a.png)\n",
        "标题",
        false,
    )
    .substance;
    assert_eq!(s.plain, 5 + 3 + 3);
    // A line that is only a link is a title, not the member's words.
    assert_eq!(s.link_text, 0);
    assert_eq!(s.not_own, 4);
    assert_eq!(s.sections.len(), 1);
    // The section holds what a reader sees under it, titles and quotes included.
    assert_eq!(s.under(0), 15);
    let around = render(
        "我认真研读了[《实施方案》全文](a.html)并写下体会",
        "",
        false,
    )
    .substance;
    assert_eq!((around.plain, around.link_text), (11, 6));
}

#[test]
fn placeholders_are_not_substance() {
    for body in [
        "（在此填写学习内容）",
        "请在此写出心得体会。",
        "TODO",
        "……",
        "xxx",
        "写清学了什么：文件、讲话、原文摘录……",
    ] {
        assert_eq!(render(body, "", false).substance.plain, 0, "{body}");
        assert!(
            key(body).is_empty() || is_placeholder(body, &key(body)),
            "{body}"
        );
    }
    let real = "我在此填写的是自己对节水优先方针的理解：水资源是刚性约束，必须量水而行、以水定城，把节水贯穿经济社会发展全过程。";
    assert!(render(real, "", false).substance.plain > 40);
}

#[test]
fn the_fast_answers_are_unicode_s() {
    let unicode = |c: char| c.is_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&c);
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(substantive(c), unicode(c), "{c:?} U+{:04X}", c as u32);
        assert_eq!(
            key(&format!("a{c}Z")),
            format!(
                "a{}z",
                c.to_string()
                    .chars()
                    .filter(|&c| unicode(c))
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            ),
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn placeholder_marks_are_found_in_any_ascii_case() {
    for mark in PLACEHOLDER_MARKS {
        assert!(
            holds_mark(&format!("（{}）", mark.to_uppercase())),
            "{mark}"
        );
    }
    assert!(holds_mark("（请在此写）"));
    assert!(holds_mark("ToDo"));
    assert!(holds_mark("x LOREM IPSUM"));
    // Past first characters that start no mark.
    assert!(holds_mark("在学习中，此后在此填写"));
    assert!(holds_mark("total: tBd"));
    assert!(!holds_mark("在这里学习"));
    assert!(!holds_mark("t"));
    assert!(!holds_mark(""));
}

#[test]
fn headings_and_raw_html_are_placed_on_their_lines() {
    let body = "## 一\n\n正文\n<b>粗</b>\n\n## 二\n\n\n### 三\n";
    let rendered = render(body, "", false);
    let lines: Vec<usize> = rendered.substance.sections.iter().map(|s| s.line).collect();
    assert_eq!(lines, [1, 6, 9]);
    assert_eq!(rendered.raw_html_line, Some(4));
    // Asked out of order, the count starts again.
    let mut counter = Lines::default();
    assert_eq!(counter.of(body, body.find("###").unwrap()), 9);
    assert_eq!(counter.of(body, 0), 1);
    assert_eq!(counter.of(body, body.find("正文").unwrap()), 3);
}

#[test]
fn characters_are_counted_only_where_bytes_cannot_tell() {
    for (text, more_than_40) in [
        ("节".repeat(40), false),
        ("节".repeat(41), true),
        ("a".repeat(41), true),
        ("a".repeat(40), false),
        ("😀".repeat(40), false),
        ("😀".repeat(41), true),
        (String::new(), false),
    ] {
        assert_eq!(more_chars_than(&text, 40), more_than_40, "{text}");
    }
}

#[test]
fn the_title_repeated_is_not_substance() {
    let s = render(
        "学习二十大报告心得\n\n## 学习二十大报告心得\n\n学习二十大报告心得。",
        "学习二十大报告心得",
        false,
    )
    .substance;
    assert_eq!(s.plain, 0);
}

#[test]
fn sanitised_pictures_never_load_from_outside_the_site() {
    let body = "<img src=\"http://tracker.example/p.png\">\n\n<img src=\"//tracker.example/p2.png\">\n\n\
        <img src=\"\\\\fileserver\\share\\p3.png\">\n\n<img src=\"本地.png\" alt=\"留下\">\n\n\
        <img srcset=\"a.png 1x, https://x.example/b.png 2x\">\n\n<a href=\"https://www.gov.cn/\">链接</a>\n";
    let html = render(body, "", false).html;
    for gone in ["tracker.example", "fileserver", "x.example"] {
        assert!(!html.contains(gone), "{gone}: {html}");
    }
    assert!(html.contains("src=\"本地.png\""), "{html}");
    assert!(html.contains("href=\"https://www.gov.cn/\""), "{html}");
}

#[test]
fn percent_signs_in_code_open_no_comment() {
    let body = "用 `%%` 表示百分号，后面的话都要在。\n\n    printf(\"%%d\");\n\n%% 这才是注释 %% 可见的尾巴\n";
    let shown = without_obsidian_comments(body);
    assert!(shown.contains("后面的话都要在"), "{shown}");
    assert!(shown.contains("printf(\"%%d\")"), "{shown}");
    assert!(!shown.contains("这才是注释"), "{shown}");
    assert!(shown.contains("可见的尾巴"), "{shown}");
    // A list's nested line is no code: its comment is a comment.
    let nested = "- 一\n\n    %% 嵌套里的注释 %%\n";
    assert!(!without_obsidian_comments(nested).contains("嵌套里的注释"));
    // An unclosed backtick is text.
    let unclosed = "一个 ` 符号 %% 注释 %% 尾";
    assert!(!without_obsidian_comments(unclosed).contains("注释"));
    // Lines that only look like fences open no code (round 19): an indented one, one
    // with a backtick in its info string, one left open in a list that has ended.
    for body in [
        "正文\n\n    ```\n\n%% 藏一 %%\n",
        "```js `\n%% 藏二 %%\n",
        "1. 一\n\n   ```\n   代码\n\n结束列表\n\n%% 藏三 %%\n",
        "\\`%% 藏四 %%\\`\n",
        "<span title=\"`\">%% 藏五 %%</span>`\n",
    ] {
        let shown = without_obsidian_comments(body);
        assert!(!shown.contains("藏"), "{body:?}: {shown}");
    }
    // A code span over a line break keeps all its text.
    let span = "`grep %% a\nb %%` 之后\n";
    assert_eq!(without_obsidian_comments(span), span);
    // Inside a comment, a fence hides nothing.
    let fenced = "%%\n```\n藏六\n```\n%%\n";
    assert!(!without_obsidian_comments(fenced).contains("藏"));
}

#[test]
fn links_lead_to_the_names_files_are_published_under() {
    let body = "![图](img/CON.png) [附件](aux/n.md) ![x](q\"x|y*.png) [长](长长.md#节) [普通](图/一.png)\n";
    let html = render(body, "", false).html;
    assert!(html.contains("src=\"img/_CON.png\""), "{html}");
    assert!(html.contains("href=\"_aux/n.html\""), "{html}");
    assert!(html.contains("q_x_y_.png"), "{html}");
    assert!(
        html.contains("href=\"%E9%95%BF%E9%95%BF.html#%E8%8A%82\""),
        "{html}"
    );
    assert!(html.contains("href=\"%E5%9B%BE/%E4%B8%80.png\""), "{html}");
    let long = "长".repeat(80);
    let linked = render(&format!("[x]({long}.md)\n"), "", false).html;
    let page = crate::names::file_name(&long);
    assert!(page.contains('~'), "{page}");
    let suffix = page.rsplit('~').next().unwrap();
    assert!(linked.contains(&format!("~{suffix}.html")), "{linked}");
}

#[test]
fn obsidian_links_are_shown_and_weighed_as_markdown_ones() {
    let body = "![[扫描 第1页.png|300]]\n\n![[记录.pdf]] 见 [[另一篇]] 和 [[另一篇#体会|那篇的体会]]。\n\n`[[代码]]`\n";
    let rendered = render(body, "", false);
    let html = &rendered.html;
    // Addresses are percent-encoded, as every link of a page is.
    assert!(
        html.contains("<img src=\"%E6%89%AB%E6%8F%8F%20%E7%AC%AC1%E9%A1%B5.png\""),
        "{html}"
    );
    assert!(
        html.contains("%E8%AE%B0%E5%BD%95.pdf\">记录.pdf</a>"),
        "{html}"
    );
    assert!(
        html.contains("%E5%8F%A6%E4%B8%80%E7%AF%87.html\">另一篇</a>"),
        "{html}"
    );
    assert!(
        html.contains(".html#%E4%BD%93%E4%BC%9A\">那篇的体会</a>"),
        "{html}"
    );
    assert!(html.contains("<code>[[代码]]</code>"), "{html}");
    assert!(!html.contains("![["), "{html}");
    // In a table the bar is written `\|` (round 21).
    let table = render(
        "| 图 | 说明 |\n|---|---|\n| ![[照片.png\\|100]] | [[记录.pdf\\|记录]] |\n",
        "",
        false,
    );
    assert!(
        table.html.contains("<img src=\"%E7%85%A7%E7%89%87.png\""),
        "{}",
        table.html
    );
    assert!(
        table.html.contains("%E8%AE%B0%E5%BD%95.pdf\">记录</a>"),
        "{}",
        table.html
    );
    assert!(table
        .local_targets
        .iter()
        .any(|t| t.path == "照片.png" && t.image));
    // A reference definition names its file, used or not (round 24).
    let defined = render(
        "见[记录][用的]。\n\n[用的]: 记录.pdf\n[备用]: img/谈话记录.pdf\n",
        "",
        false,
    );
    let paths: Vec<&str> = defined
        .local_targets
        .iter()
        .map(|t| t.path.as_str())
        .collect();
    assert_eq!(paths, ["记录.pdf", "img/谈话记录.pdf"]);
    // A citation as papers write it stays text.
    let cited = render("这一论断见原文[[1]]，又见[[2-3]]。\n", "", false);
    assert!(
        cited.html.contains("原文[[1]]，又见[[2-3]]"),
        "{}",
        cited.html
    );
    assert!(cited.local_targets.is_empty());
    // A picture is no text the check counts.
    assert!(
        !rendered.substance.text.contains("扫描"),
        "{}",
        rendered.substance.text
    );
    assert!(rendered
        .local_targets
        .iter()
        .any(|t| t.path == "扫描 第1页.png" && t.image));
}

#[test]
fn a_word_or_clause_written_again_and_again_counts_once() {
    let own = |body: &str| render(body, "", false).substance.plain;
    assert!(
        own(&"学习".repeat(150)) <= 4,
        "{}",
        own(&"学习".repeat(150))
    );
    assert!(own(&"1".repeat(300)) <= 4);
    let clause = "认真学习党的二十大精神";
    let padded = vec![clause; 30].join("，");
    assert!(
        own(&padded) < 2 * clause.chars().count(),
        "{}",
        own(&padded)
    );
    // Whatever mark ends each copy (round 21).
    for sep in [
        "、", "……", "．", ". ", "：", " ", "\u{3000}", "\n", "——", "」「", "/", "～", "→",
    ] {
        let padded = vec![clause; 16].join(sep);
        assert!(
            own(&padded) < 2 * clause.chars().count(),
            "{sep}: {}",
            own(&padded)
        );
    }
    // A 、 parts a clause only between pieces of some length: a clause of short parts
    // written again is caught whole.
    let again = "要着力加强责任意识，做到守土有责、守土负责、守土尽责。机关党员要加强制度保障，做到守土有责、守土负责、守土尽责。";
    assert_eq!(own(again), 8 + 14 + 12);
    // A counter before or after each copy makes no new text (round 22).
    let counted = (1..=12)
        .map(|i| format!("{i}、{clause}。"))
        .collect::<String>();
    assert!(
        own(&counted) < 2 * clause.chars().count(),
        "{}",
        own(&counted)
    );
    let counted = (1..=12)
        .map(|i| format!("第{i}次学习：{clause}。\n\n"))
        .collect::<String>();
    assert!(
        own(&counted) < 3 * clause.chars().count(),
        "{}",
        own(&counted)
    );
    let counted = (1..=12)
        .map(|i| format!("{clause}（{i}）。"))
        .collect::<String>();
    assert!(
        own(&counted) < 2 * clause.chars().count(),
        "{}",
        own(&counted)
    );
    let numbered = "| 序号 | 内容 |\n|---|---|\n".to_string()
        + &(1..=6)
            .map(|i| format!("| {i} | 理论中心组集中学习 |\n"))
            .collect::<String>();
    assert_eq!(own(&numbered), 4 + 1 + 9);
    // Other numbers are words: figures year by year are no padding (round 23).
    let figures = "2019年全区农村集中供水工程达标率为76.5%。2020年全区农村集中供水工程达标率为81.2%。2021年全区农村集中供水工程达标率为86.9%。";
    assert_eq!(
        own(figures),
        figures.chars().filter(|c| !"。%.".contains(*c)).count()
    );
    assert_eq!(own("今年完成投资120000元。去年完成投资350000元。"), 26);
    // A whole table row written again counts once.
    let rows =
        "| 日期 | 形式 |\n|---|---|\n".to_string() + &"| 3月 | 理论中心组集中学习 |\n".repeat(6);
    assert_eq!(own(&rows), 4 + 2 + 9);
    // Numbers are no padding, nor is a table column that repeats its value (round 20).
    assert_eq!(own("投入资金1000000元，联系电话13800000000"), 27);
    let ledger = "| 日期 | 形式 |\n|---|---|\n| 3月 | 理论中心组集中学习 |\n| 4月 | 理论中心组集中学习 |\n| 5月 | 理论中心组集中学习 |\n";
    assert_eq!(own(ledger), 4 + 3 * (2 + 9));
    // Writing that repeats no clause keeps every character.
    let written = "上午参加支部集中学习，重点研读了报告第三部分，结合科室工作谈了体会，下一步要把学到的落实到防汛准备中。";
    assert_eq!(
        own(written),
        written.chars().filter(|c| !"，。".contains(*c)).count()
    );
}
