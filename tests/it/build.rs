//! `studybook build` on real sites: what it writes, what it refuses, what it never touches.

use crate::common::*;
use std::path::Path;

/// Builds the repository's example site into a temp folder and returns it.
fn build_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    build_example_into(out.path());
    out
}

#[test]
fn example_site_has_every_page() {
    let out = build_example();
    let site = out.path().join("site");
    for page in [
        "index.html",
        "404.html",
        "notes.html",
        "members.html",
        "plan.html",
        "tags.html",
        "static/style.css",
    ] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
    let roster = read(&repo_root().join("content/members.yaml"));
    for id in roster.lines().filter_map(|l| l.strip_prefix("- id: ")) {
        assert!(
            site.join(format!("members/{id}.html")).is_file(),
            "member page {id}"
        );
    }
    for branch in ["第一党支部", "第二党支部", "第三党支部"] {
        assert!(
            site.join(format!("branches/{branch}.html")).is_file(),
            "branch page {branch}"
        );
    }
    let plan = read(&repo_root().join("content/plan.yaml"));
    for id in plan.lines().filter_map(|l| l.strip_prefix("- id: ")) {
        assert!(
            site.join(format!("plan/{id}.html")).is_file(),
            "plan page {id}"
        );
    }
    assert!(site.join("tags/防汛.html").is_file());
    // The image a note references is copied beside the note pages.
    assert!(site.join("notes/images/xunhe-2022.svg").is_file());
}

#[test]
fn every_accepted_note_has_a_page_with_its_title_and_author() {
    let root = copy_fixture("basic");
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = root.path().join("site");
    let cases = [
        (
            "notes/zhangsan/2022-03-16.html",
            "学习意识形态工作重要论述心得",
            "张三",
        ),
        (
            "notes/lisi/2022-06-02-防汛学习体会.html",
            "防汛工作专题学习体会",
            "李四",
        ),
        ("notes/lisi/2022-03-20.html", "意识形态专题自学笔记", "李四"),
    ];
    for (page, title, author) in cases {
        let html = read(&site.join(page));
        assert!(
            html.contains(&format!("<h1>{title}</h1>")),
            "{page} lacks its title"
        );
        assert!(html.contains(author), "{page} lacks its author");
    }
    // Title-only notes and drafts are checked but not published.
    assert!(!site.join("notes/lisi/2022-04-01-title-only.html").exists());
    assert!(!site.join("notes/zhangsan/2022-07-01-draft.html").exists());
    let index = read(&site.join("index.html"));
    assert!(
        !index.contains("关于治水工作的重要论述"),
        "a rejected note is listed on the home page"
    );
    let err = stderr(&output);
    assert!(err.contains("error[title-only]"), "{err}");
    assert!(
        err.contains("content/lisi/2022-04-01-title-only.md:"),
        "{err}"
    );
}

#[test]
fn strict_build_exits_1_when_a_note_is_rejected() {
    let root = copy_fixture("basic");
    let output = run(root.path(), &["build", "--strict"]);
    assert_eq!(code(&output), 1);
    assert!(
        root.path().join("site/index.html").is_file(),
        "the site is still written"
    );
}

#[test]
fn every_link_of_the_example_site_points_at_a_file_in_it() {
    let out = build_example();
    let site = out.path().join("site");
    let mut checked = 0;
    for page in html_pages(&site) {
        let html = read(&page);
        for link in links(&html) {
            if let Some(target) = resolve(&site, &page, &link) {
                assert!(target.is_file(), "{}: broken link {link}", page.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn no_page_loads_anything_from_outside_the_site() {
    let out = build_example();
    let site = out.path().join("site");
    for file in walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let path = file.path();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for needle in [
            "src=\"http",
            "src=\"//",
            "url(http",
            "url(//",
            "@import",
            "<link rel=\"stylesheet\" href=\"http",
        ] {
            assert!(
                !text.contains(needle),
                "{} loads from outside: {needle}",
                path.display()
            );
        }
    }
    // A note links to an outside document: allowed as a link, never as a loaded asset.
    let note = read(&site.join("notes/zhangwei/2022-03-18-ideology.html"));
    assert!(note.contains("href=\"https://example.gov.cn/"));
}

#[test]
fn chinese_names_round_trip_between_disk_and_links() {
    let root = copy_fixture("basic");
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    let site = root.path().join("site");
    let note = site.join("notes/lisi/2022-06-02-防汛学习体会.html");
    assert!(note.is_file());
    let member = read(&site.join("members/lisi.html"));
    let encoded = "2022-06-02-%E9%98%B2%E6%B1%9B%E5%AD%A6%E4%B9%A0%E4%BD%93%E4%BC%9A.html";
    assert!(member.contains(encoded), "link is percent-encoded");
    let branch_link = links(&member)
        .into_iter()
        .find(|l| l.contains("branches/"))
        .unwrap();
    let target = resolve(&site, &site.join("members/lisi.html"), &branch_link).unwrap();
    assert_eq!(target, site.join("branches/第二党支部.html"));
    assert!(target.is_file());
}

#[test]
fn a_rebuild_replaces_the_site_whole() {
    let root = copy_fixture("basic");
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    let site = root.path().join("site");
    std::fs::remove_file(root.path().join("content/lisi/2022-03-20.md")).unwrap();
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    assert!(!site.join("notes/lisi/2022-03-20.html").exists());
    assert!(site.join("notes/zhangsan/2022-03-16.html").is_file());
    let siblings: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        !siblings
            .iter()
            .any(|n| n.to_string_lossy().contains("studybook-")),
        "temp folders left: {siblings:?}"
    );
}

#[test]
fn a_build_that_fails_midway_leaves_the_previous_site_intact() {
    let root = copy_fixture("basic");
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    let site = root.path().join("site");
    let before = snapshot(&site);
    let templates = root.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("note.html"),
        "{% extends \"base.html\" %}{% block content %}{{ note.title }\n{% endblock %}",
    )
    .unwrap();
    std::fs::write(
        root.path().join("content/zhangsan/2022-03-16.md"),
        read(&root.path().join("content/zhangsan/2022-03-16.md")).replace("心得", "体会"),
    )
    .unwrap();
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("themes/default/templates/note.html"),
        "{}",
        stderr(&output)
    );
    assert_eq!(snapshot(&site), before, "the previous site changed");
}

fn set_build_dir(root: &Path, dir: &str) {
    let toml = read(&root.join("book.toml"));
    std::fs::write(
        root.join("book.toml"),
        format!("{toml}\n[build]\nbuild-dir = \"{dir}\"\n"),
    )
    .unwrap();
}

#[test]
fn build_dir_at_the_root_or_in_the_content_is_refused() {
    for dir in [".", "content", "content/site", ".."] {
        let root = copy_fixture("basic");
        set_build_dir(root.path(), dir);
        let before = snapshot(root.path());
        let output = run(root.path(), &["build"]);
        assert_eq!(code(&output), 2, "build-dir = {dir}: {}", stderr(&output));
        assert!(stderr(&output).contains("build-dir"), "{}", stderr(&output));
        assert_eq!(
            snapshot(root.path()),
            before,
            "build-dir = {dir} changed the site"
        );
    }
}

#[test]
fn nothing_under_content_changes_during_a_build() {
    let root = copy_fixture("basic");
    let before = snapshot(&root.path().join("content"));
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    assert_eq!(code(&run(root.path(), &["check"])), 1);
    assert_eq!(snapshot(&root.path().join("content")), before);
}

#[test]
fn root_is_found_from_a_subfolder_and_by_flag() {
    let root = copy_fixture("basic");
    let output = run(&root.path().join("content/zhangsan"), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(root.path().join("site/index.html").is_file());
    let elsewhere = tempfile::tempdir().unwrap();
    let output = run(elsewhere.path(), &["check"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("book.toml"));
    let output = run(
        elsewhere.path(),
        &["--root", root.path().to_str().unwrap(), "check"],
    );
    assert_eq!(code(&output), 1, "{}", stderr(&output));
}

#[test]
fn english_sites_speak_english() {
    let root = copy_fixture("basic");
    let toml = read(&root.path().join("book.toml")).replace("[book]", "[book]\nlanguage = \"en\"");
    std::fs::write(root.path().join("book.toml"), toml).unwrap();
    let output = run(root.path(), &["build"]);
    let err = stderr(&output);
    assert!(err.contains("the note has a title but no content"), "{err}");
    assert!(
        err.contains("checked 5 notes: 4 accepted, 1 rejected"),
        "{err}"
    );
    let index = read(&root.path().join("site/index.html"));
    assert!(index.contains("<html lang=\"en\">"));
    assert!(index.contains("Recent notes"));
}

#[test]
fn a_site_theme_overrides_built_in_files_one_by_one() {
    let root = copy_fixture("basic");
    let theme = root.path().join("themes/default");
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(theme.join("static/style.css"), "body { color: #123456; }").unwrap();
    std::fs::write(theme.join("static/logo.txt"), "logo").unwrap();
    std::fs::write(
        theme.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<p>自定义 404</p>{% endblock %}",
    )
    .unwrap();
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let site = root.path().join("site");
    assert_eq!(
        read(&site.join("static/style.css")),
        "body { color: #123456; }"
    );
    assert!(site.join("static/logo.txt").is_file());
    assert!(read(&site.join("404.html")).contains("自定义 404"));
    // Templates the site does not override come from the built-in theme.
    assert!(read(&site.join("index.html")).contains("site-header"));
}

/// A theme's labels.toml says the pages' words its own way, key by key, and the next
/// build renders every page with them; a key that is no label is refused, named.
#[test]
fn a_themes_labels_say_the_pages_words_its_own_way() {
    let root = copy_fixture("basic");
    let r = root.path();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let members = r.join("site/members.html");
    assert!(read(&members).contains("党员"));
    let theme = r.join("themes/default");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("labels.toml"),
        "[zh]\nnotes = \"学习笔记\"\n\n[en]\nnotes = \"Notes\"\n",
    )
    .unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let index = read(&r.join("site/index.html"));
    assert!(
        index.contains(">学习笔记<") && !index.contains(">全部笔记<"),
        "{index}"
    );
    // The words it leaves out keep the built-in ones.
    assert!(index.contains(">学习计划<"), "{index}");
    std::fs::write(theme.join("labels.toml"), "[zh]\nnotess = \"学习笔记\"\n").unwrap();
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 2, "{said}");
    assert!(
        said.contains("notess") && said.contains("`notes`"),
        "{said}"
    );
    assert!(said.contains("labels.toml"), "{said}");
    // A table named by the book's own code is its language's.
    std::fs::write(theme.join("labels.toml"), "[zh-CN]\nnotes = \"学习笔记\"\n").unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(read(&r.join("site/index.html")).contains(">学习笔记<"));
    // What cannot be a label is said at its line: a table of no language, a number, a
    // label longer than any word, a file that is not UTF-8 or not a file.
    let long = "长".repeat(600);
    for (labels, says) in [
        ("[fr]\nnotes = \"Notes\"\n", "[fr] 不是一种语言"),
        ("[zh]\n\n\nnotes = 5\n", "labels.toml:4:"),
        (
            &format!("[zh]\nnotes = \"{long}\"\n") as &str,
            "超过 500 个字",
        ),
    ] {
        std::fs::write(theme.join("labels.toml"), labels).unwrap();
        let output = run(r, &["build"]);
        assert_eq!(code(&output), 2, "{labels}");
        assert!(stderr(&output).contains(says), "{}", stderr(&output));
    }
    // 党员作者 in GBK.
    let gbk = b"[zh]\nauthor = \"\xb5\xb3\xd4\xb1\xd7\xf7\xd5\xdf\"\n";
    std::fs::write(theme.join("labels.toml"), gbk).unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("不是 UTF-8 编码"),
        "{}",
        stderr(&output)
    );
    std::fs::remove_file(theme.join("labels.toml")).unwrap();
    std::fs::create_dir(theme.join("labels.toml")).unwrap();
    let output = run(r, &["build"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("不是普通文件"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn allow_html_keeps_raw_html() {
    let root = copy_fixture("basic");
    let toml = read(&root.path().join("book.toml")) + "\n[build]\nallow-html = true\n";
    std::fs::write(root.path().join("book.toml"), toml).unwrap();
    let note = root.path().join("content/zhangsan/2022-03-16.md");
    std::fs::write(
        &note,
        read(&note) + "\n<div class=\"box\" style=\"color:red\">框</div>\n",
    )
    .unwrap();
    let output = run(root.path(), &["build"]);
    assert!(
        !stderr(&output).contains("raw-html"),
        "no warning when allowed"
    );
    let page = read(&root.path().join("site/notes/zhangsan/2022-03-16.html"));
    assert!(page.contains("<div class=\"box\" style=\"color:red\">框</div>"));
}

#[test]
fn the_disk_and_memory_sinks_get_the_same_site() {
    let root = copy_fixture("basic");
    assert_eq!(code(&run(root.path(), &["build"])), 0);
    let on_disk = snapshot(&root.path().join("site"));
    let site = studybook::config::Site::open(Some(root.path()), root.path()).unwrap();
    let checkup = studybook::pipeline::checkup(&site, studybook::pipeline::today(), &()).unwrap();
    let sink = studybook::write::InMemory::default();
    studybook::pipeline::build_into(&site, &checkup, &sink, &()).unwrap();
    let in_memory: std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> = sink
        .into_files()
        .into_iter()
        .map(|(path, bytes)| (path.into(), bytes.to_vec()))
        .collect();
    let mut on_disk = on_disk;
    on_disk.remove(Path::new(".studybook-build"));
    assert_eq!(on_disk, in_memory);
}

#[test]
fn a_rebuild_that_links_unchanged_files_writes_what_a_fresh_build_writes() {
    let root = copy_fixture("basic");
    let r = root.path();
    assert_eq!(code(&run(r, &["build"])), 0);
    let note = r.join("content/zhangsan/2022-03-16.md");
    std::fs::write(&note, read(&note) + "\n补充：学习要联系实际。\n").unwrap();
    let rebuilt = build_saying_timings(r);
    assert_eq!(code(&rebuilt), 0);
    let said = stderr(&rebuilt);
    let taken = file_count(&said, "linked") + file_count(&said, "reused");
    assert!(taken > 0 && file_count(&said, "written") > 0, "{said}");
    assert_eq!(code(&run(r, &["build", "--out", "fresh"])), 0);
    assert_eq!(snapshot(&r.join("site")), snapshot(&r.join("fresh")));
    // The two marks list the same files with the same hashes and recipes; only the
    // times differ.
    let listed = |site: &str| -> Vec<String> {
        read(&r.join(site).join(".studybook-build"))
            .lines()
            .skip(1)
            .map(|l| {
                let cols: Vec<&str> = l.splitn(6, '\t').collect();
                format!("{} {} {} {}", cols[0], cols[1], cols[4], cols[5])
            })
            .collect()
    };
    assert_eq!(listed("site"), listed("fresh"));
}

/// `studybook build` in `r`, with the line of timings and file counts on stderr.
fn build_saying_timings(r: &Path) -> std::process::Output {
    assert!(
        r.starts_with(std::env::temp_dir()),
        "only inside a temp dir"
    );
    studybook()
        .arg("build")
        .env("STUDYBOOK_TIMINGS", "1")
        .current_dir(r)
        .output()
        .unwrap()
}

/// A count from the line `STUDYBOOK_TIMINGS` prints: files "written", "linked" or
/// "reused".
fn file_count(said: &str, what: &str) -> usize {
    said.split(&format!("{what} "))
        .nth(1)
        .and_then(|rest| rest.split([',', ' ', '\n']).next()?.parse().ok())
        .unwrap_or_else(|| panic!("no count of files {what} in {said}"))
}

/// Builds `r` again, then afresh into `fresh`, and says where the two differ.
fn rebuild_and_compare(r: &Path, after: &str) -> String {
    let rebuilt = build_saying_timings(r);
    assert_eq!(code(&rebuilt), 0, "{after}: {}", stderr(&rebuilt));
    // Fresh: with no earlier build there to take files from.
    let _ = std::fs::remove_dir_all(r.join("fresh"));
    assert_eq!(code(&run(r, &["build", "--out", "fresh"])), 0);
    let mut rebuilt_site = snapshot(&r.join("site"));
    let mut fresh = snapshot(&r.join("fresh"));
    rebuilt_site.remove(Path::new(".studybook-build"));
    fresh.remove(Path::new(".studybook-build"));
    let differing: std::collections::BTreeSet<_> = rebuilt_site
        .keys()
        .chain(fresh.keys())
        .filter(|p| rebuilt_site.get(*p) != fresh.get(*p))
        .collect();
    assert!(differing.is_empty(), "{after}: {differing:?} differ");
    stderr(&rebuilt)
}

#[test]
fn a_rebuild_takes_a_file_unmade_only_when_nothing_it_is_made_from_changed() {
    let root = copy_fixture("basic");
    let r = root.path();
    let edit = |rel: &str, from: &str, to: &str| edit_file(r, rel, from, to);
    assert_eq!(code(&run(r, &["build"])), 0);
    let said = rebuild_and_compare(r, "nothing changed");
    assert_eq!(file_count(&said, "written"), 0, "{said}");
    assert!(file_count(&said, "reused") > 10, "{said}");
    // Each change below reaches pages that are not its own note's: the rebuild must
    // make them again, and still take the rest as they are.
    let changes: [(&str, &dyn Fn()); 8] = [
        ("a note's body", &|| {
            let note = r.join("content/zhangsan/2022-03-16.md");
            std::fs::write(&note, read(&note) + "\n补充：学习要联系实际。\n").unwrap();
        }),
        ("a plan item's title", &|| {
            edit("content/plan.yaml", "title: ", "title: 修订·")
        }),
        ("a member's name", &|| {
            edit("content/members.yaml", "name: ", "name: 新")
        }),
        ("the site's title", &|| {
            edit("book.toml", "测试支部学习笔记", "第一支部学习笔记")
        }),
        ("a template", &|| {
            let templates = r.join("themes/default/templates");
            std::fs::create_dir_all(&templates).unwrap();
            let base = studybook::render::theme::BUILT_IN
                .iter()
                .find(|(path, _)| *path == "templates/base.html")
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                .unwrap();
            std::fs::write(
                templates.join("base.html"),
                base.replace("</body>", "<!-- 页脚 --></body>"),
            )
            .unwrap();
        }),
        ("the language", &|| {
            let path = r.join("book.toml");
            std::fs::write(
                &path,
                read(&path).replace("[book]\n", "[book]\nlanguage = \"en\"\n"),
            )
            .unwrap();
        }),
        ("a page deleted by hand from the built site", &|| {
            std::fs::remove_file(r.join("site/index.html")).unwrap();
        }),
        ("an image put beside the notes", &|| {
            std::fs::write(r.join("content/lisi/照片.png"), [0x89, b'P', b'N', b'G']).unwrap();
        }),
    ];
    for (what, change) in changes {
        change();
        let said = rebuild_and_compare(r, what);
        assert!(file_count(&said, "written") > 0, "{what}: {said}");
        let taken = file_count(&said, "linked") + file_count(&said, "reused");
        assert!(taken > 0, "{what}: {said}");
    }
    assert!(read(&r.join("site/index.html")).contains("<!-- 页脚 -->"));
    let said = rebuild_and_compare(r, "nothing changed since");
    assert_eq!(file_count(&said, "written"), 0, "{said}");
}

/// Hugo and Jekyll write images from the site's root (`/img/a.png`): found in content/
/// or the theme's static folder, they show; not found, the check says so. A remote image
/// is a link (the intranet cannot reach it), and the check says that too.
#[test]
fn site_absolute_and_remote_images_are_found_or_named() {
    let root = copy_fixture("basic");
    let r = root.path();
    std::fs::create_dir_all(r.join("content/img")).unwrap();
    std::fs::write(r.join("content/img/会场.png"), [0x89, b'P', b'N', b'G']).unwrap();
    std::fs::create_dir_all(r.join("themes/default/static/logo")).unwrap();
    std::fs::write(
        r.join("themes/default/static/logo/党徽.png"),
        [0x89, b'P', b'N', b'G'],
    )
    .unwrap();
    edit_file(
        r,
        "content/zhangsan/2022-03-16.md",
        "## 心得体会",
        "![会场](/img/会场.png)\n\n![党徽](/logo/党徽.png)\n\n![没有](/img/没有.png)\n\n![远程](https://example.cn/a.png)\n\n## 心得体会",
    );
    let output = run(r, &["build"]);
    let said = stderr(&output);
    assert_eq!(code(&output), 0, "{said}");
    assert!(
        said.contains("warning[image]") && said.contains("/img/没有.png"),
        "{said}"
    );
    assert!(said.contains("内网打不开"), "{said}");
    assert!(
        !said.contains("会场.png") && !said.contains("党徽.png"),
        "{said}"
    );
    let site = r.join("site");
    let page = site.join("notes/zhangsan/2022-03-16.html");
    let html = read(&page);
    for name in ["会场", "党徽"] {
        let src = links(&html)
            .into_iter()
            .find(|l| {
                percent_encoding::percent_decode_str(l)
                    .decode_utf8_lossy()
                    .contains(name)
            })
            .unwrap_or_else(|| panic!("{name} not linked: {html}"));
        let target = resolve(&site, &page, &src).unwrap();
        assert!(target.is_file(), "{src} -> {}", target.display());
    }
    assert!(
        html.contains("<a href=\"https://example.cn/a.png\">远程</a>"),
        "{html}"
    );
}

/// Every page a build writes is reached by links from index.html: the later pages of a
/// long listing (notes.2.html, a member's or a tag's second page) through the pager.
#[test]
fn every_page_is_reachable_from_the_index_through_the_pagers() {
    let dir = tempfile::tempdir().unwrap();
    studybook::corpus::write_site(dir.path(), &studybook::corpus::Spec::with_notes(400)).unwrap();
    let output = run(dir.path(), &["build"]);
    assert!(code(&output) <= 1, "{}", stderr(&output));
    let site = dir.path().join("site");
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec![site.join("index.html")];
    while let Some(page) = queue.pop() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let html = read(&page);
        // The search box's form leads to search.html.
        let actions = html
            .split("action=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_string));
        for link in links(&html).into_iter().chain(actions) {
            if let Some(target) = resolve(&site, &page, &link) {
                if target.extension().is_some_and(|x| x == "html") && target.is_file() {
                    queue.push(target);
                }
            }
        }
    }
    assert!(
        site.join("notes.2.html").is_file(),
        "400 notes fit one page?"
    );
    let unreached: Vec<std::path::PathBuf> = html_pages(&site)
        .into_iter()
        .filter(|p| !seen.contains(p) && p.file_name().is_some_and(|n| n != "404.html"))
        .collect();
    assert!(
        unreached.is_empty(),
        "{} pages no link reaches, such as {:?}",
        unreached.len(),
        &unreached[..unreached.len().min(5)]
    );
}

/// A rebuild that changes a few files of the example site updates it in place: the
/// folder and the files it did not change stay as they were (the same inodes), and the
/// site is byte for byte what a fresh build writes.
#[cfg(unix)]
#[test]
fn a_rebuild_that_changes_a_few_files_updates_the_site_in_place() {
    use std::os::unix::fs::MetadataExt;
    let root = copy_example();
    let r = root.path();
    assert_eq!(code(&run(r, &["build"])), 0);
    let inode = |path: &str| std::fs::metadata(r.join(path)).unwrap().ino();
    let (folder, untouched) = (inode("site"), inode("site/coverage.html"));
    let note = r.join("content/chenjie/2022-06-15.md");
    std::fs::write(
        &note,
        read(&note) + "\n补充：学习要联系实际，落实到防汛准备中。\n",
    )
    .unwrap();
    let rebuilt = build_saying_timings(r);
    assert_eq!(code(&rebuilt), 0, "{}", stderr(&rebuilt));
    assert_eq!(inode("site"), folder, "not swapped");
    assert_eq!(inode("site/coverage.html"), untouched);
    let mark = read(&r.join("site/.studybook-build"));
    assert!(!mark.lines().any(|l| l.starts_with("was\t")), "{mark}");
    rebuild_and_compare(r, "a note changed");
    let page = read(&r.join("site/notes/chenjie/2022-06-15.html"));
    assert!(page.contains("落实到防汛准备中"), "{page}");
}
