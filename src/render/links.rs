//! Where each page lives in the site, and relative links between pages.
//!
//! Paths are kept raw (Chinese as is, as written on disk) and percent-encoded only when
//! they become an href, so a link works from any sub-path and over file://. Every link
//! names a file, never a folder.

pub use crate::names::encode;

/// The note page for a note at `rel` (relative to the content folder): its folders
/// mirrored under notes/, so relative links between notes and to images keep working.
pub fn note_page(rel: &str) -> String {
    let stem = crate::names::markdown_stem(rel).unwrap_or(rel);
    format!(
        "notes/{}.html",
        stem.split('/').map(file_name).collect::<Vec<_>>().join("/")
    )
}

/// A static file from the content folder, beside the note pages that link to it, under
/// the name it has (a name on disk fits already; notes link to it by that name).
pub fn asset_file(rel: &str) -> String {
    format!("notes/{}", crate::names::plain_path(rel))
}

/// Page `page` (1-based) of a paginated listing whose first page is `folder/name.html`.
/// A name that itself ends like a later page (`zhangsan.2`, a member's id or a tag) is
/// given a `_` more, so that it never lands on another listing's second page.
pub fn listing(folder: &str, name: &str, page: usize) -> String {
    let mut name = file_name(name);
    let unescaped = name.trim_end_matches('_');
    if unescaped
        .rsplit_once('.')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        name.push('_');
    }
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    if page <= 1 {
        format!("{prefix}{name}.html")
    } else {
        format!("{prefix}{name}.{page}.html")
    }
}

pub fn member_page(id: &str, page: usize) -> String {
    listing("members", id, page)
}

pub fn branch_page(name: &str, page: usize) -> String {
    listing("branches", name, page)
}

/// A member's 学习笔记本, to print.
pub fn member_ledger(id: &str) -> String {
    listing("ledgers/members", id, 1)
}

/// A branch's 三会一课记录本, to print.
pub fn branch_ledger(name: &str) -> String {
    listing("ledgers/branches", name, 1)
}

pub fn plan_page(id: &str) -> String {
    listing("plan", id, 1)
}

pub fn tag_page(tag: &str, page: usize) -> String {
    listing("tags", &crate::names::page_key(tag), page)
}

pub use crate::names::file_name;

/// How to get from the folder of page `from` to the site root: `""`, `"../"`, ...
pub fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_raw_on_disk_and_encoded_in_links() {
        let page = branch_page("第一党支部", 1);
        assert_eq!(page, "branches/第一党支部.html");
        assert_eq!(
            encode(&page),
            "branches/%E7%AC%AC%E4%B8%80%E5%85%9A%E6%94%AF%E9%83%A8.html"
        );
        assert_eq!(encode("notes/a b#?%.html"), "notes/a%20b%23%3F%25.html");
    }

    #[test]
    fn pages_and_roots() {
        assert_eq!(
            note_page("zhangsan/2022-03-16.md"),
            "notes/zhangsan/2022-03-16.html"
        );
        assert_eq!(root_of("notes/zhangsan/2022-03-16.html"), "../../");
        assert_eq!(root_of("index.html"), "");
        assert_eq!(tag_page("治水", 3), "tags/治水.3.html");
        assert_eq!(file_name("a/b:c."), "a_b_c");
        assert_eq!(file_name(".."), "_");
    }
}

#[cfg(test)]
mod listing_tests {
    use super::*;

    #[test]
    fn a_name_like_a_later_page_never_is_one() {
        assert_eq!(member_page("zhangsan", 2), "members/zhangsan.2.html");
        assert_eq!(member_page("zhangsan.2", 1), "members/zhangsan.2_.html");
        assert_eq!(member_page("zhangsan.2_", 1), "members/zhangsan.2__.html");
        assert_eq!(member_page("v1.0x", 1), "members/v1.0x.html");
        assert_eq!(tag_page("治水.2", 1), "tags/治水.2_.html");
        assert_ne!(tag_page("治水", 2), tag_page("治水.2", 1));
    }
}
