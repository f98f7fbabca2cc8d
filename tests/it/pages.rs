//! Pages for the browsers and printers members have (issue 27): the old Chromium
//! engines of domestic browsers, dual-engine browsers that may open a page in their IE
//! engine, fonts without the rarer marks, and inspections that read the site on paper.

use crate::common::browser::Browser;
use crate::common::*;
use std::time::Duration;

/// The example site, built once per test into a temp folder.
fn example() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = build_example_into(out.path());
    (out, site)
}

/// Every page asks a dual-engine browser for its Chromium engine, and names an icon the
/// theme ships (favicon.ico was a 404 on every page).
#[test]
fn every_page_asks_for_the_modern_engine_and_has_an_icon() {
    let (_out, site) = example();
    let pages = html_pages(&site);
    assert!(pages.len() > 50, "{}", pages.len());
    for page in &pages {
        let html = read(page);
        let head = html.split("</head>").next().unwrap();
        for wanted in [
            r#"<meta name="renderer" content="webkit">"#,
            r#"<meta http-equiv="X-UA-Compatible" content="IE=edge">"#,
            r#"<link rel="icon" href=""#,
        ] {
            assert!(head.contains(wanted), "{}: {wanted}", page.display());
        }
        // The header's box is a combobox, which an input of type search may not be.
        for input in html.split("<input").skip(1) {
            let tag = &input[..input.find('>').unwrap()];
            assert!(
                !(tag.contains(r#"type="search""#) && tag.contains("role=")),
                "{}: <input{tag}>",
                page.display()
            );
        }
    }
    let icon = std::fs::read(site.join("static/favicon.ico")).unwrap();
    assert_eq!(&icon[..4], &[0, 0, 1, 0], "an ICO file");
    assert_eq!(&icon[22..26], b"\x89PNG", "holding a PNG");
}

/// The stylesheet holds on the Chromium 69–83 engines of 360, 奇安信, UOS and Kylin
/// browsers, as doiuse reads it against caniuse: flexbox `gap`, which they ignore, is
/// never used. Three partial supports doiuse names are ones the theme does not lean on,
/// each checked by what the rule says.
#[test]
fn the_stylesheet_holds_on_old_engines() {
    let Some(doiuse) = node_tool(".bin/doiuse", "doiuse") else {
        return;
    };
    // doiuse's tokenizer takes the apostrophe of a comment's "serve's" for a string and
    // stops reading there (saying "unfinished business"): it reads the rules alone.
    let css = read(&repo_root().join("themes/default/static/style.css"));
    let mut rules = String::new();
    for (n, piece) in css.split("/*").enumerate() {
        let code = if n == 0 {
            Some(piece)
        } else {
            piece.split_once("*/").map(|(_, c)| c)
        };
        rules.push_str(code.unwrap_or(""));
    }
    let dir = tempfile::tempdir().unwrap();
    let stylesheet = dir.path().join("style.css");
    std::fs::write(&stylesheet, &rules).unwrap();
    let checked = std::process::Command::new(doiuse)
        .args(["--json", "--browsers", "chrome >= 69"])
        .arg(&stylesheet)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&checked.stdout);
    let complained = String::from_utf8_lossy(&checked.stderr);
    assert!(
        !complained.contains("unfinished"),
        "doiuse did not read it all: {complained}"
    );
    let (mut findings, mut wrong) = (0, Vec::new());
    for line in said.lines().filter(|l| l.starts_with('{')) {
        let found: serde_json::Value = serde_json::from_str(line).unwrap();
        let usage = &found["usage"];
        let (prop, value) = (
            usage["prop"].as_str(),
            usage["value"].as_str().unwrap_or(""),
        );
        let rule = usage["inputs"][0]["css"].as_str().unwrap_or("");
        let selector = rule.split('{').next().unwrap_or("").trim();
        let harmless = match found["feature"].as_str().unwrap_or("") {
            // doiuse reads grid's minmax() as the newer min(); nothing else is there.
            "css-math-functions" => {
                let rest = value.replace("minmax(", "");
                value.contains("minmax(")
                    && !["min(", "max(", "clamp("].iter().any(|f| rest.contains(f))
            }
            // The partial support is `overflow: clip` and two-value `overflow`.
            "css-overflow" => {
                prop.is_some_and(|p| p.starts_with("overflow"))
                    && !value.contains("clip")
                    && !value.trim().contains(' ')
            }
            // Sticky cells work from Chromium 56; only sticky thead and tr came late.
            "css-sticky" => selector.ends_with(" th"),
            // Chromium reads the CSS 2.1 page-break-* (every break-* rule gives one too),
            // but not `avoid` before or after: a heading then may end a sheet, no more.
            // (doiuse also names break-* under multiple columns, which the theme has none of.)
            "css-page-break" | "multicolumn" => {
                prop.is_some_and(|p| p.starts_with("page-break"))
                    || prop.is_some_and(|p| p.starts_with("break-")) && rule.contains("page-break-")
            }
            _ => false,
        };
        if !harmless {
            wrong.push(found["message"].to_string());
        }
        findings += 1;
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(checked.status.success() || findings > 0, "{said}");
}

/// The marks of the matrices and calendars are ones every domestic font has (in GBK:
/// SimSun, Microsoft YaHei, the Kylin and UOS fonts), not ✓ and ✗, which may show as
/// boxes.
#[test]
fn the_marks_are_in_every_chinese_font() {
    let (_out, site) = example();
    for page in ["coverage.html", "branches/第一党支部.html", "meetings.html"] {
        let html = read(&site.join(page));
        for mark in html
            .chars()
            .filter(|c| matches!(*c as u32, 0x2000..=0x2BFF))
        {
            let (_, _, unmappable) = encoding_rs::GBK.encode(&mark.to_string());
            assert!(
                !unmappable,
                "{page}: {mark} (U+{:04X}) is in no GBK font",
                mark as u32
            );
        }
        if page != "meetings.html" {
            assert!(html.contains('√') && html.contains('×'), "{page}");
        }
    }
}

/// The search page says in Chinese what to do when its script cannot run (a browser in
/// its IE engine shows a blank page otherwise); once the script runs, the words go.
#[test]
fn the_search_page_says_what_to_do_without_its_script() {
    let (_out, site) = example();
    let html = read(&site.join("search.html"));
    let status = html.split("id=\"search-status\"").nth(1).unwrap();
    let status = &status[..status.find("</p>").unwrap()];
    assert!(status.contains("极速模式"), "{status}");
    let Some(mut browser) =
        Browser::launch(&format!("file://{}", site.join("search.html").display()))
    else {
        return;
    };
    assert!(browser.wait_for(
        "document.readyState === 'complete' && document.getElementById('search-status').textContent === ''",
        Duration::from_secs(10)
    ));
}

/// The example site with a plan of 24 items, as a year of monthly study has: a matrix
/// too wide for paper as it is laid out on a screen.
fn example_with_a_long_plan() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    copy_tree(&repo_root().join("content"), &r.join("content"));
    std::fs::copy(repo_root().join("book.toml"), r.join("book.toml")).unwrap();
    // A plan of 24 items, as a year of monthly study has.
    let mut plan = read(&r.join("content/plan.yaml"));
    for month in 1..=18 {
        plan.push_str(&format!(
            "- id: extra-{month:02}\n  title: 第{month}次补充学习\n  kind: 专题学习\n  start: 2022-01-01\n  due: 2022-12-31\n"
        ));
    }
    std::fs::write(r.join("content/plan.yaml"), plan).unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = r.join("site");
    let items = read(&site.join("coverage.html"))
        .matches("class=\"item\"")
        .count();
    assert!(items >= 24, "{items} plan items in the matrix");
    (root, site)
}

/// On paper (A4, 180 mm between the margins: 680 CSS pixels), a branch's records are
/// open, names are black, and the coverage matrix of a long plan fits the page.
#[test]
fn ledgers_print_whole() {
    let (_root, site) = example_with_a_long_plan();
    let Some(mut browser) = Browser::launch("about:blank") else {
        return;
    };
    let url = |page: &str| format!("file://{}", site.join(page).display());
    assert!(browser.navigate(&url("coverage.html"), Duration::from_secs(10)));
    browser.emulate("print", 680);
    let fits = browser.eval(
        "(function () { var t = document.querySelector('table.matrix'); \
         return [t.getBoundingClientRect().right, document.documentElement.clientWidth]; })()",
    );
    let right = fits[0].as_f64().unwrap();
    let width = fits[1].as_f64().unwrap();
    assert!(
        right <= width + 0.5,
        "the matrix ends at {right}px of {width}px"
    );
    assert!(browser.navigate(&url("branches/第一党支部.html"), Duration::from_secs(10)));
    browser.emulate("print", 680);
    // What Chromium fires when it prints (emulated media fires no change event).
    browser.eval("window.dispatchEvent(new Event('beforeprint'))");
    assert_eq!(
        browser.eval("document.querySelector('details.records').open"),
        true
    );
    let colour =
        browser.eval("getComputedStyle(document.querySelector('table.coverage td a')).color");
    assert_eq!(colour, "rgb(0, 0, 0)");
    browser.eval("window.dispatchEvent(new Event('afterprint'))");
    assert_eq!(
        browser.eval("document.querySelector('details.records').open"),
        false
    );
}

/// A tool .ci/run installs into .ci/node (npm), or None after saying the test is
/// skipped for want of it.
fn node_tool(rel: &str, name: &str) -> Option<std::path::PathBuf> {
    let path = repo_root().join(".ci/node/node_modules").join(rel);
    if path.exists() {
        return Some(path);
    }
    without(name);
    None
}

/// The Nu Html Checker finds no error on the example site or on a generated one: the
/// pages are HTML that every browser reads alike, and that screen readers read as meant.
#[test]
fn the_pages_are_valid_html() {
    let Some(jar) = node_tool(
        "vnu-jar/build/dist/vnu.jar",
        "the Nu Html Checker (vnu.jar)",
    ) else {
        return;
    };
    if std::process::Command::new("java")
        .arg("-version")
        .output()
        .is_err()
    {
        return without("java");
    }
    let (_out, example) = example();
    let generated = tempfile::tempdir().unwrap();
    studybook::corpus::write_site(generated.path(), &studybook::corpus::Spec::with_notes(200))
        .unwrap();
    let output = run(generated.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    for site in [example, generated.path().join("site")] {
        let checked = std::process::Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--skip-non-html"])
            .arg(&site)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&checked.stderr);
        assert!(
            checked.status.success() && said.trim().is_empty(),
            "{}:\n{said}",
            site.display()
        );
    }
}

/// The theme's scripts parse on the engines of the browsers members have: ES2018
/// (Chromium 64), checked with es-check.
#[test]
fn the_scripts_run_on_old_engines() {
    let Some(es_check) = node_tool(".bin/es-check", "es-check") else {
        return;
    };
    let (_out, site) = example();
    let mut scripts: Vec<std::path::PathBuf> = walkdir::WalkDir::new(site.join("static"))
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    scripts.push(site.join("search/index.js"));
    assert!(scripts.len() >= 4, "{scripts:?}");
    let checked = std::process::Command::new(es_check)
        .arg("es2018")
        .args(&scripts)
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}

/// A meeting record's previous and next are its own branch's records of its kind, as a
/// branch's 支委会记录 is read, never another branch's (the example keeps each branch's
/// records in a folder of its name, each named by its date and kind).
#[test]
fn a_records_neighbours_are_its_own_branchs() {
    let (_out, site) = example();
    let records = site.join("notes/meetings");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&records).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let branch = entry
            .path()
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let html = read(entry.path());
        let Some(nav) = html.split("<nav class=\"prev-next\">").nth(1) else {
            continue;
        };
        let nav = &nav[..nav.find("</nav>").unwrap()];
        for link in links(nav) {
            let target = resolve(&site, entry.path(), &link).expect("a neighbour's page");
            assert!(target.is_file(), "{}", target.display());
            let folder = target
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            assert_eq!(folder, branch, "{} -> {link}", entry.path().display());
            // Named `2022-05-09-支部委员会.html`: the kind after the date.
            let kind = |p: &std::path::Path| {
                let stem = p.file_stem().unwrap().to_string_lossy().to_string();
                stem.splitn(4, '-').nth(3).unwrap_or("").to_string()
            };
            assert_eq!(
                kind(&target),
                kind(entry.path()),
                "{} -> {link}",
                entry.path().display()
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} neighbours checked");
}

/// A result's snippet keeps a heading apart from the text after it (`学习内容 · …`),
/// not run into it as one sentence.
#[test]
fn snippets_keep_headings_apart() {
    let (_out, site) = example();
    let Some(mut browser) = Browser::launch(&format!(
        "file://{}?q=%E5%AD%A6%E4%B9%A0%E5%86%85%E5%AE%B9",
        site.join("search.html").display()
    )) else {
        return;
    };
    assert!(browser.wait_for(
        "document.querySelectorAll('#search-results .search-snippet').length > 0",
        Duration::from_secs(10)
    ));
    let snippets = browser.eval(
        "Array.prototype.map.call(document.querySelectorAll('#search-results .search-snippet'), function (p) { return p.textContent; })",
    );
    let snippets: Vec<String> = snippets
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert!(
        snippets.iter().any(|s| s.contains("学习内容 · ")),
        "{snippets:?}"
    );
    assert!(
        !snippets
            .iter()
            .any(|s| s.contains("学习内容 ") && !s.contains("学习内容 · ")),
        "{snippets:?}"
    );
}

/// Only a member with no notes at all is marked red (with ！, which prints), and a page
/// that marks anyone says what the mark means; one at 60% is not marked.
#[test]
fn red_marks_only_who_has_no_notes_and_says_so() {
    let (_out, site) = example();
    let mut marked = 0;
    for page in html_pages(&site) {
        let html = read(&page);
        let red = html.contains("class=\"status-none\"");
        let legend = html.contains("还没有交过任何学习笔记");
        assert_eq!(red, legend, "{}", page.display());
        marked += usize::from(red);
    }
    assert!(marked > 0, "the example has a member with no notes");
    let css = read(&site.join("static/style.css"));
    assert!(
        !css.contains("status-partial td:first-child a"),
        "a member at 60% is not red"
    );
}

/// The page at `page` of `site` printed to PDF by headless Chromium, as text
/// (pdftotext, keeping the layout), and its page size; None where either tool is
/// missing (a failure under CI=true).
fn printed(site: &std::path::Path, page: &str) -> Option<(String, String)> {
    let Some(chromium) = crate::common::browser::chromium() else {
        without("chromium");
        return None;
    };
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        without("pdftotext (poppler-utils)");
        return None;
    }
    let pdf = tempfile::tempdir().unwrap();
    let out = pdf.path().join("page.pdf");
    let profile = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(chromium)
        .args(crate::common::browser::FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", site.join(page).display()))
        .output()
        .unwrap();
    assert!(out.is_file(), "{}", String::from_utf8_lossy(&status.stderr));
    let text = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&out)
        .output()
        .unwrap();
    Some((
        String::from_utf8_lossy(&text.stdout).into_owned(),
        String::from_utf8_lossy(&info.stdout).into_owned(),
    ))
}

/// On paper, a wide coverage page keeps every member and its last column, and a
/// branch page prints its folded meeting records in full: the PDF's text says so.
#[test]
fn printed_pages_hold_every_column_and_record() {
    let (_out, site) = example_with_a_long_plan();
    let Some((coverage, info)) = printed(&site, "coverage.html") else {
        return;
    };
    assert!(info.contains("(A4)"), "{info}");
    let html = read(&site.join("coverage.html"));
    let members = html.matches("<th scope=\"row\">").count();
    let rates = coverage.lines().filter(|l| l.contains('%')).count();
    assert!(
        rates >= members,
        "{members} members, {rates} rows with a rate:\n{coverage}"
    );
    for name in ["张伟", "黄磊", "覆盖率"] {
        assert!(coverage.contains(name), "{name}:\n{coverage}");
    }
    let (branch, _) = printed(&site, "branches/第二党支部.html").unwrap();
    assert!(branch.contains("第二党支部2022年11月支委会"), "{branch}");
    assert!(branch.contains("第二党支部2022年第四季度党课"), "{branch}");
}

/// The two ledgers an inspection asks for, linked from the member and branch pages as
/// 打印台账: a member's 学习笔记本 holds every published note of theirs in full, one
/// after another on pages of their own, oldest first; a branch's 三会一课记录本 holds
/// every published record, by kind. Printed, every one of them is on paper.
#[test]
fn ledgers_hold_every_note_and_record_in_full() {
    let (_out, site) = example();
    let member = read(&site.join("members/zhangwei.html"));
    assert!(member.contains("打印台账"), "{member}");
    assert!(links(&member)
        .iter()
        .any(|l| l.ends_with("ledgers/members/zhangwei.html")));
    let branch = read(&site.join("branches/第一党支部.html"));
    assert!(branch.contains("三会一课记录本"));
    let ledger = read(&site.join("ledgers/members/zhangwei.html"));
    // The notes' pages are named by their dates: in name order, oldest first.
    let notes: Vec<String> = walkdir::WalkDir::new(site.join("notes/zhangwei"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let page = read(e.path());
            let title = page
                .split("<h1>")
                .nth(1)
                .unwrap()
                .split("</h1>")
                .next()
                .unwrap()
                .to_string();
            title
        })
        .collect();
    assert!(notes.len() >= 2, "{notes:?}");
    let mut at = Vec::new();
    for title in &notes {
        let found = ledger.find(&format!("<h2>{title}</h2>"));
        assert!(found.is_some(), "{title} is in the ledger");
        at.push(found.unwrap());
    }
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {notes:?}"
    );
    let records = read(&site.join("ledgers/branches/第一党支部.html"));
    let published = files_below(&site.join("notes/meetings/第一党支部"));
    assert_eq!(records.matches("class=\"ledger-entry\"").count(), published);
    let Some((printed, _)) = printed(&site, "ledgers/members/zhangwei.html") else {
        return;
    };
    for title in &notes {
        let words: String = title.chars().take(8).collect();
        assert!(printed.contains(&words), "{title}:\n{printed}");
    }
    assert!(
        printed.contains("张伟 · 第一党支部 · 学习笔记本"),
        "{printed}"
    );
}

/// The home page and each branch's first page chart notes and meetings per month, drawn
/// at build time with no script, beside the numbers it shows; the numbers add up to
/// what the site holds for that year.
#[test]
fn monthly_charts_show_what_the_numbers_say() {
    let (_out, site) = example();
    let home = read(&site.join("index.html"));
    let chart = home
        .split("<figure class=\"chart\">")
        .nth(1)
        .expect("a chart");
    let svg = &chart[..chart.find("</svg>").unwrap()];
    assert!(svg.contains("<svg") && !svg.contains("<script"), "{svg}");
    let row = |html: &str, label: &str| -> usize {
        let row = html
            .split(&format!("<th scope=\"row\">{label}</th>"))
            .nth(1)
            .unwrap();
        let row = &row[..row.find("</tr>").unwrap()];
        row.split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap().parse::<usize>().unwrap())
            .sum()
    };
    let notes = walkdir::WalkDir::new(site.join("notes"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| !e.path().to_string_lossy().contains("/meetings/"))
        .count();
    let records = files_below(&site.join("notes/meetings"));
    // The example's notes and records are all of 2022.
    assert_eq!(row(&home, "笔记"), notes);
    assert_eq!(row(&home, "会议记录"), records);
    let branch = read(&site.join("branches/第一党支部.html"));
    assert!(branch.contains("<figure class=\"chart\">"));
    let branch_records = files_below(&site.join("notes/meetings/第一党支部"));
    assert_eq!(row(&branch, "会议记录"), branch_records);
}

/// How many files lie below `dir` (a branch's records, all published records).
fn files_below(dir: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

/// The first page in `folder` of `site`, by name, as a path below the site.
fn first_page_in(site: &std::path::Path, folder: &str) -> String {
    let mut names: Vec<String> = std::fs::read_dir(site.join(folder))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".html"))
        .collect();
    names.sort();
    format!("{folder}/{}", names.first().expect("a page"))
}

/// Lighthouse 12 finds nothing to mend in accessibility or best practices on every kind
/// of page a reader opens, and the search page does not shift as its results fill in.
/// The site is served over HTTP, as an intranet serves it; two audits run at a time.
#[test]
fn lighthouse_finds_nothing_to_mend() {
    let Some(lighthouse) = node_tool(".bin/lighthouse", "Lighthouse") else {
        return;
    };
    let Some(chromium) = crate::common::browser::chromium() else {
        return without("chromium");
    };
    let (_out, site) = example();
    let server = crate::search::browser::Server::start(&site, "lh");
    let pages = [
        "index.html".to_string(),
        first_page_in(&site, "notes/zhangwei"),
        first_page_in(&site, "members"),
        first_page_in(&site, "branches"),
        "coverage.html".to_string(),
        "meetings.html".to_string(),
        first_page_in(&site, "notes/meetings/第一党支部"),
        "search.html?q=学习".to_string(),
        first_page_in(&site, "ledgers/members"),
        first_page_in(&site, "plan"),
    ];
    let reports = tempfile::tempdir().unwrap();
    let audit = |(n, page): (usize, &String)| {
        let report = reports.path().join(format!("{n}.json"));
        let ran = std::process::Command::new(&lighthouse)
            .arg(format!("{}{page}", server.base))
            .args([
                "--only-categories=accessibility,best-practices",
                "--only-audits=cumulative-layout-shift",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                "--output=json",
                "--quiet",
            ])
            .arg(format!("--output-path={}", report.display()))
            .env("CHROME_PATH", chromium)
            .env("HOME", temp_home())
            .output()
            .unwrap();
        assert!(
            ran.status.success(),
            "{page}: {}",
            String::from_utf8_lossy(&ran.stderr)
        );
        let report: serde_json::Value = serde_json::from_str(&read(&report)).unwrap();
        let mut wrong = Vec::new();
        for (category, scored) in report["categories"].as_object().unwrap() {
            if scored["score"] != 1 {
                wrong.push(format!("{category} {}", scored["score"]));
            }
        }
        for (id, audit) in report["audits"].as_object().unwrap() {
            let scored =
                ["binary", "numeric"].contains(&audit["scoreDisplayMode"].as_str().unwrap_or(""));
            if scored && audit["score"].as_f64().is_some_and(|s| s < 1.0) {
                wrong.push(format!("{id}: {}", audit["title"]));
            }
        }
        let shift = report["audits"]["cumulative-layout-shift"]["numericValue"]
            .as_f64()
            .unwrap();
        if shift > 0.0 {
            wrong.push(format!("layout shift {shift}"));
        }
        assert!(wrong.is_empty(), "{page}: {wrong:#?}");
    };
    std::thread::scope(|scope| {
        let (even, odd): (Vec<_>, Vec<_>) = pages.iter().enumerate().partition(|(n, _)| n % 2 == 0);
        let evens = scope.spawn(|| even.into_iter().for_each(audit));
        odd.into_iter().for_each(audit);
        evens.join().unwrap();
    });
}
