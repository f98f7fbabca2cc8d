//! What a user reads, pinned whole: the check's text and JSON on the rules fixture, and
//! the article of a rendered note. A change to any of them shows here as a diff
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test it snapshots::`
//! and read the diff before committing it).

use crate::common::*;

#[test]
fn the_checks_text_output() {
    let root = copy_fixture("rules");
    let output = run(root.path(), &["check"]);
    assert_eq!(code(&output), 1);
    insta::assert_snapshot!("check_text", stderr(&output));
}

#[test]
fn the_checks_json_output() {
    let root = copy_fixture("rules");
    let output = run(root.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    insta::assert_snapshot!("check_json", serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn a_notes_article_as_rendered() {
    let root = copy_fixture("basic");
    let output = run(root.path(), &["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let page = read(&root.path().join("site/notes/zhangsan/2022-03-16.html"));
    let start = page.find("<article").expect("an article");
    let end = page.find("</article>").expect("its end") + "</article>".len();
    insta::assert_snapshot!("note_article", &page[start..end]);
}
