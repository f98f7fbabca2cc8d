//! Search on built sites: the index files, the search page, and a real browser finding
//! Chinese words over file:// and under a sub-path of a server. Browser tests pass with
//! a note when Chromium is not installed (CI installs it).

#[path = "search/browser.rs"]
mod browser;
mod common;

use browser::{chromium, dump_dom, Server};
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Builds the repository's example site; returns the temp folder and the site in it.
fn build_example() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let output = run(&repo_root(), &["build", "--out", site.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    (out, site)
}

/// Builds the basic fixture with a note holding Latin words and numbers.
fn build_mixed() -> (tempfile::TempDir, PathBuf) {
    let root = copy_fixture("basic");
    let note = "---\ntitle: 用数据说话的学习体会\nauthor: lisi\ndate: 2022-08-01\n---\n\n\
        本季度全市 GDP 增长较快，水利投资拉动明显。我用 Python 整理了近五年的用水数据，做成 ＰＰＴ 在支部交流，\
        大家认为用数据说话比空谈更有说服力。第3季度要继续做好防汛和节水工作，把学习成果转化为工作成效，\
        争取在2035年远景目标的框架下谋划好本单位的水利发展思路，推动各项工作落地见效，好好干。";
    std::fs::write(root.path().join("content/lisi/2022-08-01-data.md"), note).unwrap();
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = root.path().join("site");
    (root, site)
}

/// Chromium, or nothing after saying the test is skipped.
fn browser() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        eprintln!("note: chromium is not on PATH; browser test skipped");
    }
    found
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn encoded(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The text a reader sees of an HTML fragment: blocks and adjacent links (tags) apart.
fn text_of(html: &str) -> String {
    let html = html.replace("</a><a", "</a>\n<a");
    let mut out = String::new();
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(name), '>') => {
                let name = name.trim_start_matches('/').split(' ').next().unwrap_or("");
                if ["p", "li", "dt", "dd", "div", "td", "th", "h1", "h2", "h3"].contains(&name) {
                    out.push('\n');
                }
                tag = None;
            }
            (Some(name), c) => name.push(c),
            (None, c) => out.push(c),
        }
    }
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Links (from the site root, as the results page writes them) to every note page whose
/// article holds `phrase`: the right answer, found without the index.
fn holding(site: &Path, phrase: &str) -> BTreeSet<String> {
    html_pages(&site.join("notes"))
        .into_iter()
        .filter(|page| {
            let html = read(page);
            let article = html
                .split("<article class=\"note\">")
                .nth(1)
                .and_then(|rest| rest.split("</article>").next())
                .unwrap_or("");
            text_of(article).to_lowercase().contains(phrase)
        })
        .map(|page| {
            let rel = page
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            studybook::render::links::encode(&rel)
        })
        .collect()
}

/// The results page's status: (notes found, milliseconds).
fn status(dom: &str) -> (usize, u64) {
    let tag = dom
        .split("<p id=\"search-status\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or("");
    assert!(
        tag.contains("data-state=\"done\""),
        "the search did not finish: {tag}"
    );
    let attr = |name: &str| {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (attr("data-count") as usize, attr("data-ms"))
}

/// The links of the results shown in `list` (an element id).
fn shown(dom: &str, list: &str) -> Vec<String> {
    let Some(list) = dom.split(&format!("id=\"{list}\"")).nth(1) else {
        return vec![];
    };
    let list = list
        .split("</ol>")
        .next()
        .unwrap_or(list)
        .split("</ul>")
        .next()
        .unwrap_or(list);
    list.split("class=\"search-title\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
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
        "d/0/0.js",
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
    let notes: Vec<String> = walkdir::WalkDir::new(search.join("d"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| read(e.path()))
        .collect();
    assert_eq!(notes.len(), 3);
    let all = notes.join("\n");
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
        let text = read(entry.path());
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
    assert!(
        page.contains("data-count=\"{n} notes found ({ms} ms)\""),
        "{page}"
    );
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
    let data = "notes/lisi/2022-08-01-data.html".to_string();
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

/// A copy of `note` (a note page) that types `query` into the header box, then presses
/// the down arrow: what a reader does on any page.
fn typing_page(note: &Path, query: &str) -> PathBuf {
    let typing = format!(
        "<script>window.addEventListener('load', function () {{\n\
           var input = document.querySelector('form.site-search input[name=q]');\n\
           input.focus(); input.value = '{query}'; input.dispatchEvent(new Event('input'));\n\
           setTimeout(function () {{ input.dispatchEvent(new KeyboardEvent('keydown', {{ key: 'ArrowDown', bubbles: true }})); }}, 3000);\n\
         }});</script></body>"
    );
    let page = note.with_file_name("typing.html");
    std::fs::write(&page, read(note).replace("</body>", &typing)).unwrap();
    page
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

/// Bytes served for one fresh load of `url`, by kind of file, and the results status.
struct Load {
    page_and_theme: usize,
    index: usize,
    notes: usize,
    filters: usize,
    found: usize,
    ms: u64,
}

fn measure(chromium: &Path, server: &Server, url: &str) -> Load {
    server.take();
    let dom = dump_dom(chromium, url);
    let (found, ms) = if dom.contains("id=\"search-status\"") {
        status(&dom)
    } else {
        (0, 0)
    };
    let mut load = Load {
        page_and_theme: 0,
        index: 0,
        notes: 0,
        filters: 0,
        found,
        ms,
    };
    for served in server.take() {
        let prefix = server.base.splitn(4, '/').nth(3).unwrap_or("");
        let rel = served
            .path
            .trim_start_matches('/')
            .trim_start_matches(prefix);
        let kind = match rel.split('/').collect::<Vec<_>>().as_slice() {
            ["search", "d", ..] => &mut load.notes,
            ["search", "f", ..] | ["search", "filters.js"] => &mut load.filters,
            ["search", ..] => &mut load.index,
            _ => &mut load.page_and_theme,
        };
        *kind += served.bytes;
    }
    load
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// Prints the index size and, per query, what a first search downloads and how long it
/// takes in headless Chromium, on the results page and in the box on a note page.
fn report(name: &str, site: &Path, queries: &[&str]) {
    let Some(chromium) = browser() else {
        return;
    };
    let (mut bytes, mut files) = (0, 0);
    for entry in walkdir::WalkDir::new(site.join("search"))
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            bytes += entry.metadata().map_or(0, |m| m.len() as usize);
            files += 1;
        }
    }
    println!("\n### {name}: index {} in {files} files\n", kb(bytes));
    println!("| query | found | ms (http) | ms (file://) | page+theme | manifest+terms+positions | 10 notes shown | first search | + filters | box on a note page |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let server = Server::start(site, "sub/path");
    let note = html_pages(&site.join("notes"))
        .into_iter()
        .next()
        .expect("a note page");
    for query in queries {
        let url = format!("{}search.html?q={}", server.base, encoded(query));
        let page = measure(&chromium, &server, &url);
        let typing = typing_page(&note, query);
        let rel = typing
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let box_url = format!("{}{}", server.base, studybook::render::links::encode(&rel));
        let in_box = measure(&chromium, &server, &box_url);
        let first = page.page_and_theme + page.index + page.notes;
        let file = format!("{}/search.html?q={}", file_url(site), encoded(query));
        let (_, file_ms) = status(&dump_dom(&chromium, &file));
        println!(
            "| {query} | {} | {} | {file_ms} | {} | {} | {} | **{}** | {} | {} |",
            page.found,
            page.ms,
            kb(page.page_and_theme),
            kb(page.index),
            kb(page.notes),
            kb(first),
            kb(first + page.filters),
            kb(in_box.index + in_box.notes),
        );
    }
}

/// Figures for the report: `cargo test --release --test search -- --ignored --nocapture`.
/// `STUDYBOOK_FIGURES_NOTES` sets the generated site's size (default 10,000).
#[test]
#[ignore]
fn figures() {
    let (_out, site) = build_example();
    report(
        "example site",
        &site,
        &["治水", "节水优先", "防汛", "习近平", "意识形态"],
    );
    let notes = std::env::var("STUDYBOOK_FIGURES_NOTES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    studybook::corpus::write_site(dir.path(), &studybook::corpus::Spec::with_notes(notes)).unwrap();
    // Before the build, whose writing to disk would still be going on.
    index_timing(dir.path());
    let output = run(dir.path(), &["build"]);
    assert!(code(&output) <= 1, "{}", stderr(&output));
    println!(
        "build of {notes} notes: {}",
        stderr(&output).lines().last().unwrap_or("")
    );
    let queries = [
        "节水",
        "防汛",
        "学习",
        "水文站",
        "河湖长制",
        "责任意识",
        "基层党建",
        "依法行政",
    ];
    report(
        &format!("{notes} generated notes"),
        &dir.path().join("site"),
        &queries,
    );
}

/// How long building the index takes inside the build, median of five.
fn index_timing(root: &Path) {
    use studybook::{config::Site, model::Model, pipeline, render::search};
    let site = Site::open(Some(root), root).expect("the generated site");
    let checkup = pipeline::checkup(&site, pipeline::today()).expect("loaded");
    let model = Model::new(&checkup.loaded, &checkup.checked, true);
    let mut times: Vec<std::time::Duration> = (0..5)
        .map(|_| {
            let started = std::time::Instant::now();
            let pages = search::index(&model);
            assert!(!pages.is_empty());
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "\nindex of {} notes built in {:?} (median of 5; fastest {:?})",
        model.order.len(),
        times[2],
        times[0]
    );
}
