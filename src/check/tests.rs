//! Each rule on notes written in memory: the forms a title-only note takes, and notes
//! that must pass.

use super::*;
use crate::config::CheckConfig;
use crate::load::plan::{Plan, PlanItem};
use crate::load::roster::{Member, Roster};
use crate::load::{note_from_bytes, Loaded, Reading};

/// About 110 substantive characters of real reflection each.
const P: &str = "这次学习让我认识到，意识形态阵地就在我们身边：局门户网站、政务微信公众号、各科室的工作群，还有汛期对外发布的水情信息，哪一个环节出了问题，都可能造成不良影响。我要把守土有责落实到办公室的每一项具体工作中。";
const Q: &str = "下一步，我打算从三个方面抓落实：一是完善信息发布三审三校制度，凡是对外发布的水情和政策解读必须经三级审核；二是建立汛期涉水舆情日报机制，安排专人每天收集整理；三是把意识形态工作纳入科室年度考核。";

/// The defaults, with a minimum that P and Q together pass.
fn config() -> CheckConfig {
    CheckConfig {
        min_chars: 150,
        ..CheckConfig::default()
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn loaded(notes: &[(&str, String)]) -> Loaded {
    let member = |id: &str, name: &str| Member {
        id: id.into(),
        name: name.into(),
        branch: "第一党支部".into(),
        role: None,
        group: None,
    };
    Loaded {
        roster: Roster::from_members(vec![member("zhangsan", "张三"), member("lisi", "李四")]),
        kinds: crate::kinds::defaults(),
        plan: Plan::from_items(vec![
            PlanItem {
                id: "2022-03-ideology".into(),
                title: "意识形态".into(),
                kind: "理论中心组学习".into(),
                start: None,
                due: date(2022, 3, 31),
                branches: vec![],
            },
            PlanItem {
                id: "2022-04-water".into(),
                title: "节水".into(),
                kind: "理论中心组学习".into(),
                start: None,
                due: date(2022, 4, 30),
                branches: vec![],
            },
        ]),
        notes: notes
            .iter()
            .map(|(path, text)| {
                note_from_bytes(
                    text.as_bytes().to_vec(),
                    path.to_string(),
                    path.to_string(),
                    Reading {
                        image_roots: None,
                        lang: Lang::Zh,
                        allow_html: false,
                        html: true,
                        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
                    },
                )
            })
            .collect(),
        assets: vec![],
        withheld: Default::default(),
        skipped: Default::default(),
        renamed_documents: Default::default(),
        drafts_only: Default::default(),
        problems: vec![],
        html: true,
    }
}

fn run(notes: &[(&str, String)], config: &CheckConfig) -> Checked {
    let rules = Settings {
        config,
        lang: Lang::Zh,
        today: date(2024, 1, 1),
    };
    check(&loaded(notes), &rules)
}

fn note(front: &str, body: &str) -> String {
    format!("---\ntitle: 学习意识形态工作论述心得\n{front}\n---\n\n{body}\n")
}

const FRONT: &str = "author: zhangsan\ndate: 2022-03-16\nstudy: 2022-03-ideology";

/// Rule ids reported for one note with the default front matter.
fn rules_for(body: &str) -> Vec<&'static str> {
    rules_with(FRONT, body, &config())
}

fn rules_with(front: &str, body: &str, config: &CheckConfig) -> Vec<&'static str> {
    let checked = run(&[("a.md", note(front, body))], config);
    checked.diagnostics.iter().map(|d| d.rule.id()).collect()
}

#[test]
fn every_title_only_form_is_rejected() {
    let forms = [
        ("empty body", String::new()),
        ("only headings", "## 学习内容\n\n## 心得体会\n\n### 一、\n".to_string()),
        ("title repeated", "学习意识形态工作论述心得\n\n# 学习意识形态工作论述心得\n\n**学习意识形态工作论述心得**。".to_string()),
        ("only a link", "[《关于意识形态工作的重要论述》全文](https://example.gov.cn/a.html)".to_string()),
        ("only an image", "![学习现场照片，共二十人参加](photo.jpg)".to_string()),
        ("empty list items and rules", "- \n- \n-\n\n---\n\n***\n\n1. \n".to_string()),
        ("placeholders left", "## 学习内容\n\n（在此填写学习内容）\n\n## 心得体会\n\n请在此写出心得体会。\n\n……\n".to_string()),
        ("links images and headings", "## 学习内容\n\n[原文](a.html)\n\n![图](b.png)\n\n> [链接](c.html)\n".to_string()),
    ];
    for (form, body) in forms {
        // The images are nowhere (no files here): each is also said to be missing.
        let mut rules = rules_for(&body);
        rules.retain(|&rule| rule != "image");
        assert_eq!(rules, ["title-only"], "{form}");
    }
}

#[test]
fn rejected_notes_are_not_accepted() {
    let checked = run(&[("a.md", note(FRONT, "## 学习内容\n"))], &config());
    assert!(checked.entries.is_empty());
    assert_eq!(checked.rejected, [crate::ids::NoteId(0)]);
}

#[test]
fn too_short_counts_substantive_characters_only() {
    // Han characters count one each; punctuation and spaces not at all.
    let short = "学习了意识形态工作的重要论述，认识到阵地就在身边：网站、公众号、工作群都要管好。我要把守土有责落到实处，完善三审三校制度。";
    let n = short.chars().filter(|c| c.is_alphanumeric()).count();
    assert_eq!(n, 54);
    let config = CheckConfig {
        min_chars: n,
        ..config()
    };
    assert!(
        rules_with(FRONT, short, &config).is_empty(),
        "a short but real note just at min-chars passes"
    );
    let one_less = short.replacen("学习了", "学了", 1);
    assert_eq!(rules_with(FRONT, &one_less, &config), ["too-short"]);
}

#[test]
fn link_text_counts_for_length_but_not_against_title_only() {
    let config = CheckConfig {
        min_chars: 20,
        ..config()
    };
    let body = "我认真研读了[《关于意识形态工作责任制的实施方案》全文](a.html)并写下体会";
    assert!(rules_with(FRONT, body, &config).is_empty());
}

#[test]
fn real_notes_pass() {
    let quote_then_reflect = format!("## 学习内容\n\n> 意识形态工作是为国家立心、为民族立魂的工作。\n\n## 心得体会\n\n{P}\n\n{Q}");
    let english = "## What I studied\n\nThe committee read the guidelines on ideological work and the duties of each office. \
        We discussed how our website, our public account and our flood bulletins are all part of it.\n\n## Reflections\n\n\
        I will review every bulletin before it is published and report rumours the same day.";
    let lists_and_tables = format!(
        "## 学习内容\n\n- {P}\n- 学习了三项制度\n\n| 制度 | 要求 |\n|---|---|\n| 三审三校 | 科室、办公室、分管领导三级审核 |\n\n## 心得体会\n\n1. {Q}\n"
    );
    for (name, body) in [
        ("quote then reflect", quote_then_reflect),
        ("english", english.to_string()),
        ("lists and tables", lists_and_tables),
    ] {
        assert!(
            rules_for(&body).is_empty(),
            "{name}: {:?}",
            rules_for(&body)
        );
    }
}

#[test]
fn required_sections_must_exist_and_hold_text() {
    let config = CheckConfig {
        required_sections: vec!["学习内容".into(), "心得体会".into()],
        ..config()
    };
    let missing = format!("## 学习内容\n\n{P}{Q}");
    assert_eq!(rules_with(FRONT, &missing, &config), ["missing-section"]);
    let empty = format!("## 学习内容\n\n{P}{Q}\n\n## 心得体会\n\n");
    let checked = run(&[("a.md", note(FRONT, &empty))], &config);
    assert_eq!(checked.diagnostics[0].rule, Rule::MissingSection);
    assert_eq!(
        checked.diagnostics[0].line, 12,
        "points at the empty section's heading"
    );
    let numbered_with_subsections =
        format!("## 一、学习内容\n\n{P}\n\n## 二、心得体会：\n\n### 体会一\n\n{Q}");
    assert!(rules_with(FRONT, &numbered_with_subsections, &config).is_empty());
}

#[test]
fn sections_are_found_as_word_and_wps_users_write_them() {
    let config = CheckConfig {
        required_sections: vec!["学习内容".into(), "心得体会".into()],
        ..config()
    };
    let indent = "\u{3000}\u{3000}";
    for body in [
        format!("一、学习内容\n\n{indent}{P}\n\n二、心得体会\n\n{indent}{Q}\n"),
        format!("（一）学习内容\n\n{P}\n\n（二）学习体会\n\n{Q}\n"),
        format!("**一、学习内容**\n\n{P}\n\n**二、个人感悟**\n\n{Q}\n"),
        format!("1. 学习内容\n\n{P}\n\n2. 心得体会\n\n{Q}\n"),
        format!("学习内容：{P}\n\n心得体会：{Q}\n"),
        format!("## 学习内容\n\n{P}\n\n## 学习体会\n\n{Q}\n"),
        format!("一、学习内容\r\n\r\n{P}\r\n\r\n二、心得体会\r\n\r\n{Q}\r\n"),
    ] {
        assert!(rules_with(FRONT, &body, &config).is_empty(), "{body}");
    }
    // Written as a heading, with nothing under it before the next one: empty.
    let empty = format!("一、学习内容\n\n二、心得体会\n\n{P}{Q}\n");
    assert_eq!(rules_with(FRONT, &empty, &config), ["missing-section"]);
    // Nowhere: missing; a line that looks like it is pointed at in the help.
    let hidden = format!("一、本次学习内容回顾\n\n{P}\n\n二、心得体会\n\n{Q}\n");
    let checked = run(&[("a.md", note(FRONT, &hidden))], &config);
    assert_eq!(checked.diagnostics.len(), 1);
    let help = checked.diagnostics[0].help.clone().unwrap_or_default();
    assert!(help.contains("像是这一部分的小标题"), "{help}");
    // A book's own aliases replace the defaults for that section.
    let mut own = config.clone();
    own.section_aliases
        .insert("心得体会".into(), vec!["研讨收获".into()]);
    let with_own = format!("学习内容：{P}\n\n研讨收获：{Q}\n");
    assert!(rules_with(FRONT, &with_own, &own).is_empty());
    let default_alias = format!("学习内容：{P}\n\n学习体会：{Q}\n");
    assert_eq!(rules_with(FRONT, &default_alias, &own), ["missing-section"]);
}

#[test]
fn front_matter_fields_are_checked() {
    let body = format!("{P}{Q}");
    assert_eq!(
        rules_with(
            "author: zhangsan\nstudy: 2022-03-ideology",
            &body,
            &config()
        ),
        ["missing-field"]
    );
    assert_eq!(
        rules_with("author: zhangsan\ndate: 2022-13-01", &body, &config()),
        ["bad-date"]
    );
    assert_eq!(
        rules_with("author: wangwu\ndate: 2022-03-16", &body, &config()),
        ["unknown-member"]
    );
    assert_eq!(
        rules_with(
            "author: 张三\ndate: 2022-03-16\nstudy: [2022-03-ideology, 2022-04]",
            &body,
            &config()
        ),
        ["unknown-study"]
    );
    assert_eq!(
        rules_with("author: 张三\ndate: 2099-01-01", &body, &config()),
        ["future-date"]
    );
}

#[test]
fn a_study_item_named_twice_counts_once() {
    let body = format!("{P}{Q}");
    let front = "author: zhangsan\ndate: 2022-03-16\n\
                 study: [2022-03-ideology, 2022-04-water, 2022-03-ideology]";
    let checked = run(&[("a.md", note(front, &body))], &config());
    assert_eq!(checked.entries[0].study, [ItemId(0), ItemId(1)]);
}

#[test]
fn warnings_do_not_reject() {
    let body = format!("{P}{Q}\n\n<b>重点</b>");
    let checked = run(
        &[("a.md", note("author: lisi\ndate: 2099-03-16", &body))],
        &config(),
    );
    let rules: Vec<&str> = checked.diagnostics.iter().map(|d| d.rule.id()).collect();
    assert_eq!(rules, ["future-date", "raw-html"]);
    assert_eq!(checked.entries.len(), 1);
}

#[test]
fn a_copied_note_is_rejected_and_names_the_original() {
    let original = note(
        "author: zhangsan\ndate: 2022-03-16",
        &format!("## 学习内容\n\n{P}\n\n## 心得体会\n\n{Q}"),
    );
    let copy = note(
        "author: lisi\ndate: 2022-03-20",
        &format!(
            "## 学习内容\n\n{}\n\n## 心得体会\n\n{Q}",
            P.replace("这次学习", "通过学习")
        ),
    );
    let checked = run(
        &[
            ("content/lisi/copy.md", copy),
            ("content/zhangsan/original.md", original),
        ],
        &config(),
    );
    assert_eq!(checked.rejected, [crate::ids::NoteId(0)]);
    let diag = &checked.diagnostics[0];
    assert_eq!(diag.rule, Rule::Duplicate);
    assert_eq!(diag.path, "content/lisi/copy.md");
    assert!(
        diag.message.contains("content/zhangsan/original.md") && diag.message.contains("张三"),
        "{}",
        diag.message
    );
}

#[test]
fn one_members_notes_on_related_items_are_not_duplicates() {
    let first = note("author: zhangsan\ndate: 2022-03-16", &format!("{P}{Q}"));
    let second = note("author: zhangsan\ndate: 2022-04-16", &format!("{P}我还要把这些要求同防汛值班结合起来，做到汛期信息发布零差错，每次发布前对照水文站实测数据逐项核对，发现疑问当即向分管领导报告，绝不让一条未经核实的信息流出。"));
    let checked = run(&[("a.md", first), ("b.md", second)], &config());
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}

/// A passage of 原文 long enough to be a copy if it counted (about 150 characters).
const YUANWEN: &str = "> 意识形态工作是党的一项极端重要的工作，是为国家立心、为民族立魂的工作。宣传思想工作就是要巩固马克思主义在意识形态领域的指导地位，巩固全党全国人民团结奋斗的共同思想基础。要坚持正确政治方向，牢牢掌握意识形态工作领导权、管理权、话语权，守土有责、守土负责、守土尽责，把各级党委的主体责任落实到每一个具体环节之中。";

#[test]
fn own_words_are_what_counts() {
    let config = config();
    // Two members quoting the same 原文, each with a reflection of their own: no copy.
    let zhang = format!("{YUANWEN}\n\n{P}");
    let li = format!("{YUANWEN}\n\n{Q}");
    let checked = run(
        &[
            ("zhangsan/a.md", note(FRONT, &zhang)),
            ("lisi/b.md", note("author: lisi\ndate: 2022-03-17", &li)),
        ],
        &CheckConfig {
            min_chars: 100,
            ..config.clone()
        },
    );
    let rules: Vec<&str> = checked.diagnostics.iter().map(|d| d.rule.id()).collect();
    assert!(!rules.contains(&"duplicate"), "{rules:?}");
    // The quote alone is not a note, however long.
    assert_eq!(rules_for(YUANWEN), ["title-only"]);
    // A list of titles and a hollow sentence: the seed's "只记载学习标题".
    let titles = "## 学习内容\n\n1. 《中国共产党章程》\n2. 《关于新形势下党内政治生活的若干准则》\n3. 《中国共产党纪律处分条例》第六章\n4. 学习《习近平谈治国理政》第四卷\n5. [《论党的自我革命》](https://example.cn/a.html)\n\n## 心得体会\n\n通过学习，深受教育，收获很大。\n";
    assert_eq!(rules_for(titles), ["too-short"]);
    // One sentence written twelve times is one sentence.
    let padded = "通过学习，我深刻认识到理论武装的重要意义。".repeat(12);
    assert_eq!(rules_for(&padded), ["too-short"]);
    // A reading list of links with their sources is titles.
    let list: String = (0..40)
        .map(|i| {
            format!("- [反腐报告直击第{i}篇](https://example.cn/{i}.html) - 某周刊 - 2014年25期\n")
        })
        .collect();
    assert_eq!(rules_for(&list), ["title-only"]);
    // Text pasted from a web editor counts as the reader sees it.
    let pasted = format!("<div class=\"article\"><p>{P}</p>\n<p>{Q}</p></div>\n");
    let checked = run(&[("a.md", note(FRONT, &pasted))], &config);
    let rules: Vec<&str> = checked.diagnostics.iter().map(|d| d.rule.id()).collect();
    assert_eq!(rules, ["raw-html"], "only the sanitising warning");
    // Blog template code is not text, and is warned about.
    let shortcodes =
        format!("{{{{< figure src=\"a.png\" title=\"照片\" >}}}}\n\n{P}{Q}\n\n{{% raw %}}");
    let checked = run(&[("a.md", note(FRONT, &shortcodes))], &config);
    let warned: Vec<&str> = checked.diagnostics.iter().map(|d| d.rule.id()).collect();
    assert_eq!(warned, ["raw-html"], "{:?}", checked.diagnostics);
    assert!(checked.diagnostics[0].message.contains("模板代码"));
}
