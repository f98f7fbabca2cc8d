//! The figures for the report: index size, the bytes of a first search and its time in
//! headless Chromium, for the example site and a generated 10,000-note site.

use super::*;

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
    println!("| query | found | notes holding it | ms (http) | ms (file://) | page+theme | manifest+terms+positions | 10 notes shown | first search | + filters | box on a note page |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
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
        // The right answer, by reading every note page: the figures check exactness too.
        let expected = holding(site, query).len();
        assert_eq!(page.found, expected, "{query}");
        println!(
            "| {query} | {} | {expected} | {} | {file_ms} | {} | {} | {} | **{}** | {} | {} |",
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
    let checkup = pipeline::checkup(&site, pipeline::today(), &()).expect("loaded");
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
