//! No panic on any input: property tests over front matter parsing and the whole note
//! pipeline (decode, parse, render Markdown, check, build every page), fed with text
//! built from the pieces that break parsers: YAML punctuation, full-width marks, quotes,
//! anchors, HTML, Markdown syntax, stray bytes. (`cargo fuzz` needs a nightly toolchain,
//! which this project's machines do not have; proptest runs on stable, within `cargo test`.)

use proptest::prelude::*;
use studybook::check::{self, Settings};
use studybook::config::{Config, Site};
use studybook::i18n::Lang;
use studybook::load::plan::{Plan, PlanItem};
use studybook::load::roster::{Member, Roster};
use studybook::load::{front_matter, note_from_bytes, Loaded, Reading};
use studybook::model::Model;
use studybook::render::{self, theme::Theme};

const PIECES: &[&str] = &[
    "---",
    "\n",
    "\r\n",
    ":",
    "：",
    " ",
    "\u{3000}",
    "\t",
    "title",
    "author",
    "date",
    "study",
    "tags",
    "draft",
    "zhangsan",
    "张三",
    "2022-03-16",
    "2022.3.5",
    "2022年3月16日",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!str",
    "\"",
    "'",
    "#",
    "- ",
    "|",
    ">",
    "?",
    "%",
    "@",
    "`",
    "<script>",
    "</script>",
    "<img src=x onerror=1>",
    "](javascript:x)",
    "![",
    "](",
    ")",
    "**",
    "## ",
    "> ",
    "| a | b |\n|---|---|\n",
    "[^1]",
    "~~",
    "- [ ] ",
    "学习内容",
    "心得体会",
    "节水优先",
    "\u{0}",
    "\u{feff}",
    "😀",
    "…",
    "（在此填写）",
    "x",
    "true",
    "null",
    "~",
    "0x1F",
    "1e309",
    "\\",
    "\u{202e}",
];

fn note_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|pieces| pieces.concat())
}

fn site() -> Site {
    Site {
        root: "/nonexistent".into(),
        config: Config::default(),
        content_dir: "/nonexistent/content".into(),
        build_dir: "/nonexistent/site".into(),
    }
}

fn loaded(notes: Vec<studybook::load::Note>) -> Loaded {
    let date = chrono::NaiveDate::from_ymd_opt(2022, 3, 31).unwrap();
    Loaded {
        roster: Roster::from_members(vec![Member {
            id: "zhangsan".into(),
            name: "张三".into(),
            branch: "第一党支部".into(),
            role: None,
            group: None,
        }]),
        kinds: studybook::kinds::defaults(),
        plan: Plan::from_items(vec![PlanItem {
            id: "a".into(),
            title: "学习".into(),
            kind: "党课".into(),
            start: None,
            due: date,
            branches: vec![],
        }]),
        notes,
        assets: vec![],
        withheld: Default::default(),
        skipped: Default::default(),
        renamed_documents: Default::default(),
        drafts_only: Default::default(),
        problems: vec![],
        html: true,
    }
}

/// Everything a note goes through, end to end, in memory.
fn pipeline(texts: Vec<Vec<u8>>) {
    let site = site();
    let notes = texts
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| {
            note_from_bytes(
                bytes,
                format!("content/n{i}.md"),
                format!("n{i}.md"),
                Reading {
                    image_roots: None,
                    lang: Lang::Zh,
                    allow_html: false,
                    html: true,
                    today: chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
                },
            )
        })
        .collect();
    let loaded = loaded(notes);
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let checked = check::check(
        &loaded,
        &Settings {
            config: &site.config.check,
            lang: Lang::Zh,
            today,
        },
    );
    let model = Model::new(&loaded, &checked, true);
    let theme = Theme::load(&site).expect("built-in theme");
    let ids = render::all_pages(&model);
    render::render(&site, &theme, &model, &ids).expect("render");
}

proptest! {
    // 256 cases each by default; PROPTEST_CASES=20000 for a long run (.ci/run does one).
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn front_matter_never_panics(text in note_text()) {
        let _ = front_matter::parse(&text, Lang::Zh);
        let _ = front_matter::parse(&format!("---\n{text}\n---\n正文"), Lang::En);
    }

    #[test]
    fn the_whole_pipeline_never_panics(texts in prop::collection::vec(note_text(), 1..4)) {
        let notes = texts.into_iter().map(|t| format!("---\ntitle: 标题\nauthor: zhangsan\ndate: 2022-03-16\nstudy: a\n{t}").into_bytes()).collect();
        pipeline(notes);
    }

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        pipeline(vec![bytes]);
    }
}
