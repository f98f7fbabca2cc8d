//! The ledgers an inspection reads on paper (台账): a branch's 三会一课记录本, every
//! published record in full by kind and date; and the pieces both ledgers share, a note's
//! body read from the ledger's place in the site. (A member's 学习笔记本 is made beside
//! the other member pages, from the same cards.)

use super::links;
use crate::ids::BranchId;
use crate::model::Model;
use minijinja::{context, Value};

/// Branch `b`'s 三会一课记录本: its published records grouped by kind, in the order
/// book.toml lists the kinds, each kind's records oldest first.
pub(super) fn branch(model: &Model<'_>, b: BranchId) -> Value {
    let name = model.loaded.roster.branch_name(b);
    let root = links::root_of(&links::branch_ledger(name));
    let records = &model.meetings_by_branch[b.index()];
    let kinds: Vec<Value> = model
        .loaded
        .kinds
        .iter()
        .enumerate()
        .filter_map(|(k, kind)| {
            let mut of_kind: Vec<usize> = records
                .iter()
                .copied()
                .filter(|&pos| model.meetings[pos].kind.index() == k)
                .collect();
            if of_kind.is_empty() {
                return None;
            }
            of_kind.sort_by_key(|&pos| model.meetings[pos].date);
            let records: Vec<Value> = of_kind
                .into_iter()
                .map(|pos| {
                    let note = model.loaded.note(model.meetings[pos].note);
                    let scope = format!("r{pos}-");
                    let body = rebased(&note.body.html, &root, &note.rel, &scope);
                    context! {
                        record => super::meetings::record(model, pos),
                        body => Value::from_safe_string(body),
                    }
                })
                .collect();
            Some(context! { name => kind.name, records })
        })
        .collect();
    context! { branch => name, kinds }
}

/// A note's body HTML, written for its own page (`notes/<its folder>/…`), with each
/// relative link and picture read from a ledger page whose way to the site's root is
/// `root` (`../../`): `img/1.png` becomes `../../notes/zhangsan/img/1.png`. Its ids,
/// and the links to them, are given `scope` before them, so that many notes' headings
/// on one page stay apart.
pub(super) fn rebased(html: &str, root: &str, note_rel: &str, scope: &str) -> String {
    let page = links::note_page(note_rel);
    let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
    let prefix = format!("{root}{}/", links::encode(folder));
    let mut out = String::with_capacity(html.len() + 64);
    const ATTRS: [&str; 3] = [" src=\"", " href=\"", " id=\""];
    let find = |from: usize, attr: &str| html[from..].find(attr).map(|i| from + i);
    // Where each attribute comes next, searched again only once passed: a page of
    // thousands of footnote links is read once, not once per link.
    let mut next = ATTRS.map(|attr| find(0, attr));
    let mut copied = 0;
    while let Some((k, at)) = (0..ATTRS.len())
        .filter_map(|k| Some((k, next[k]?)))
        .min_by_key(|&(_, at)| at)
    {
        let attr = ATTRS[k];
        let mut from = at + attr.len();
        out.push_str(&html[copied..from]);
        let value = html[from..].split('"').next().unwrap_or("");
        let scheme = value
            .split_once(':')
            .is_some_and(|(before, _)| !before.is_empty() && !before.contains(['/', '?', '#']));
        if attr == " id=\"" {
            // Headings of many notes on one page: each note's ids its own.
            out.push_str(scope);
        } else if value.starts_with('#') {
            out.push('#');
            out.push_str(scope);
            from += 1;
        } else if !value.is_empty() && !value.starts_with(['/', '\\']) && !scheme {
            out.push_str(&prefix);
        }
        copied = from;
        for (slot, attr) in next.iter_mut().zip(ATTRS) {
            if slot.is_some_and(|p| p < from) {
                *slot = find(from, attr);
            }
        }
    }
    out.push_str(&html[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::rebased;

    #[test]
    fn links_are_read_from_the_ledger() {
        let html = r##"<p><img src="img/1.png" alt=""> <a href="../lisi/a.html">李四</a> <a href="https://www.gov.cn/">网</a> <a href="#h">节</a> <a href="mailto:a@b">信</a></p>"##;
        let out = rebased(html, "../../", "zhangsan/2022-03-16.md", "n1-");
        assert!(
            out.contains(r#"src="../../notes/zhangsan/img/1.png""#),
            "{out}"
        );
        assert!(
            out.contains(r#"href="../../notes/zhangsan/../lisi/a.html""#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://www.gov.cn/""#), "{out}");
        assert!(out.contains(r##"href="#n1-h""##), "{out}");
        let heading = rebased(
            r#"<h2 id="学习内容">学习内容</h2>"#,
            "../../",
            "a.md",
            "n1-",
        );
        assert_eq!(heading, r#"<h2 id="n1-学习内容">学习内容</h2>"#);
        assert!(out.contains(r#"href="mailto:a@b""#), "{out}");
    }
}
