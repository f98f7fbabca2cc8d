//! Search on built sites: the index files, the search page, and a real browser finding
//! Chinese words over file:// and under a sub-path of a server. Browser tests pass with
//! a note when Chromium is not installed (CI installs it).

pub(crate) mod browser;
mod figures;
mod pages;

use crate::common::*;
use browser::{chromium, dump_dom, Server};
use pages::{holding, shown, status, typing_page};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Builds the repository's example site; returns the temp folder and the site in it.
fn build_example() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = build_example_into(out.path());
    (out, site)
}

/// Builds the basic fixture with a note holding Latin words and numbers.
/// The note build_mixed adds: a Chinese name with characters a link must escape.
const MIXED: &str = "lisi/2022-08-01-用数据(说话)！.md";

fn build_mixed() -> (tempfile::TempDir, PathBuf) {
    let root = copy_fixture("basic");
    let note = "---\ntitle: 用数据说话的学习体会\nauthor: lisi\ndate: 2022-08-01\n---\n\n\
        本季度全市 GDP 增长较快，水利投资拉动明显。我用 Python 整理了近五年的用水数据，做成 ＰＰＴ 在支部交流，\
        大家认为用数据说话比空谈更有说服力。第3季度要继续做好防汛和节水工作，把学习成果转化为工作成效，\
        争取在2035年远景目标的框架下谋划好本单位的水利发展思路，推动各项工作落地见效，好好干。";
    std::fs::write(root.path().join(format!("content/{MIXED}")), note).unwrap();
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = root.path().join("site");
    (root, site)
}

/// Chromium, or nothing after saying the test is skipped.
fn browser() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        without("chromium");
    }
    found
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn encoded(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Asserts the results page at `base` finds exactly the notes holding `phrase`.
fn assert_finds(chromium: &Path, base: &str, site: &Path, phrase: &str) {
    let expected = holding(site, &phrase.to_lowercase());
    assert!(
        !expected.is_empty(),
        "no note holds {phrase}: a useless test"
    );
    let dom = dump_dom(
        chromium,
        &format!("{base}search.html?q={}", encoded(phrase)),
    );
    let (count, _) = status(&dom);
    assert_eq!(
        count,
        expected.len(),
        "{phrase}: {count} found, {expected:?} expected"
    );
    let results: BTreeSet<String> = shown(&dom, "search-results").into_iter().collect();
    assert_eq!(
        results.len(),
        expected.len().min(10),
        "{phrase}: {results:?}"
    );
    assert!(
        results.is_subset(&expected),
        "{phrase}: {results:?} not in {expected:?}"
    );
}

#[test]
fn the_search_page_and_index_are_built() {
    let (_out, site) = build_example();
    let page = read(&site.join("search.html"));
    assert!(page.contains("id=\"search-query\""), "{page}");
    assert!(page.contains("<select name=\"member\">"));
    for file in [
        "index.js",
        "filters.js",
        "f/0.js",
        "d/0.js",
        "t/0.js",
        "p/0.js",
        "static/search.js",
    ] {
        let path = if file.starts_with("static") {
            site.join(file)
        } else {
            site.join("search").join(file)
        };
        assert!(path.is_file(), "{file} missing");
    }
    // The box is on every page, and leads to the results page from any depth.
    let note = site.join("notes/wangqiang/2022-09-20-jieshui.html");
    let html = read(&note);
    assert!(html.contains("action=\"../../search.html\""), "{html}");
    assert!(html.contains("data-root=\"../../\""));
}

#[test]
fn only_published_notes_are_indexed() {
    let root = copy_fixture("basic");
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    let search = root.path().join("site/search");
    let manifest = read(&search.join("index.js"));
    assert!(manifest.contains("\"notes\":3"), "{manifest}");
    // One file of notes, each an entry [title, page, author, branch, date, text].
    let notes = search_notes(&root.path().join("site"), 0);
    assert_eq!(notes.len(), 3);
    assert!(!search.join("d/1.js").exists());
    let all = notes.concat().join("\n");
    assert!(
        !all.contains("关于治水工作的重要论述"),
        "a rejected note is indexed"
    );
    assert!(!all.contains("草稿"), "a draft is indexed");
}

#[test]
fn nothing_in_the_theme_comes_from_outside_the_site() {
    for entry in walkdir::WalkDir::new(repo_root().join("themes"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        // The icon is a picture, read as bytes.
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        for needle in [
            "http:",
            "https:",
            "src=\"//",
            "href=\"//",
            "url(//",
            "import(",
        ] {
            assert!(
                !text.contains(needle),
                "{} holds {needle}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn english_sites_label_search_in_english() {
    let root = copy_fixture("basic");
    let toml = read(&root.path().join("book.toml")).replace("[book]", "[book]\nlanguage = \"en\"");
    std::fs::write(root.path().join("book.toml"), toml).unwrap();
    run(root.path(), &["build"]);
    let page = read(&root.path().join("site/search.html"));
    assert!(page.contains("data-count=\"{n} results\""), "{page}");
    assert!(page.contains("<legend>Filter</legend>"));
    let index = read(&root.path().join("site/index.html"));
    assert!(index.contains("placeholder=\"Search notes"), "{index}");
}

#[test]
fn a_chinese_query_finds_the_right_notes_over_file_urls() {
    let Some(chromium) = browser() else {
        return;
    };
    let (_out, site) = build_example();
    let base = format!("{}/", file_url(&site));
    for phrase in ["治水", "节水优先", "焦裕禄", "习近平"] {
        assert_finds(&chromium, &base, &site, phrase);
    }
}

#[test]
fn a_chinese_query_finds_the_right_notes_under_a_sub_path() {
    let Some(chromium) = browser() else {
        return;
    };
    let (_out, site) = build_example();
    let server = Server::start(&site, "units/party/notes");
    for phrase in ["防汛", "二十大", "意识形态"] {
        assert_finds(&chromium, &server.base, &site, phrase);
    }
    for served in server.take() {
        let wanted =
            served.path.starts_with("/units/party/notes/") || served.path == "/favicon.ico";
        assert!(wanted, "a request outside the site: {served:?}");
        assert!(
            served.status == 200 || served.path == "/favicon.ico",
            "{served:?}"
        );
    }
}

#[test]
fn latin_words_and_numbers_are_found_in_the_browser() {
    let Some(chromium) = browser() else {
        return;
    };
    let (_root, site) = build_mixed();
    let base = format!("{}/", file_url(&site));
    // The script makes the link as the build does: the page is there.
    let page = studybook::render::links::note_page(MIXED);
    assert!(site.join(&page).is_file(), "{page}");
    let data = studybook::render::links::encode(&page);
    for query in [
        "gdp",
        "GDP",
        "ｇｄｐ",
        "python",
        "PPT",
        "2035年",
        "第3季度",
        "GDP增长",
    ] {
        let dom = dump_dom(
            &chromium,
            &format!("{base}search.html?q={}", encoded(query)),
        );
        assert_eq!(status(&dom).0, 1, "{query}");
        assert_eq!(shown(&dom, "search-results"), vec![data.clone()], "{query}");
    }
    // 好好好 repeats one pair: 好好 alone is not enough.
    for query in ["gd", "pyth", "2035年度", "好好好"] {
        let dom = dump_dom(
            &chromium,
            &format!("{base}search.html?q={}", encoded(query)),
        );
        assert_eq!(status(&dom).0, 0, "{query} is not in any note");
    }
}

#[test]
fn filters_narrow_the_results_and_stay_in_the_link() {
    let Some(chromium) = browser() else {
        return;
    };
    let (_out, site) = build_example();
    let url = format!(
        "{}/search.html?q={}&member={}",
        file_url(&site),
        encoded("治水"),
        encoded("王强")
    );
    let dom = dump_dom(&chromium, &url);
    let found = shown(&dom, "search-results");
    assert_eq!(status(&dom).0, found.len());
    assert!(!found.is_empty() && found.len() < holding(&site, "治水").len());
    assert!(
        found
            .iter()
            .all(|link| link.starts_with("notes/wangqiang/")),
        "{found:?}"
    );
    assert!(
        dom.contains("<option value=\"王强\">王强 (2)</option>"),
        "{dom}"
    );
}

#[test]
fn typing_in_the_box_lists_notes_and_arrow_keys_choose_one() {
    let Some(chromium) = browser() else {
        return;
    };
    let (_out, site) = build_example();
    let page = typing_page(
        &site.join("notes/wangqiang/2022-09-20-jieshui.html"),
        "节水",
    );
    let server = Server::start(&site, "sub");
    let expected: BTreeSet<String> = holding(&site, "节水")
        .into_iter()
        .map(|link| format!("../../{link}"))
        .collect();
    for url in [
        file_url(&page),
        format!("{}notes/wangqiang/typing.html", server.base),
    ] {
        let dom = dump_dom(&chromium, &url);
        let listed: BTreeSet<String> = shown(&dom, "site-search-list").into_iter().collect();
        assert_eq!(listed.len(), expected.len().min(6), "{url}: {listed:?}");
        assert!(
            listed.is_subset(&expected),
            "{url}: {listed:?} not in {expected:?}"
        );
        assert!(dom.contains("aria-expanded=\"true\""), "{url}");
        assert!(
            dom.contains("id=\"site-search-0\" role=\"option\" aria-selected=\"true\""),
            "{url}: the down arrow chose nothing"
        );
        assert!(
            dom.contains("href=\"../../search.html?q=%E8%8A%82%E6%B0%B4\""),
            "{url}"
        );
    }
}
