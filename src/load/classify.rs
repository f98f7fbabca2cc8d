//! One answer to "what is this file?" for everything under the content folder: a note,
//! an asset published beside the notes, a data file (roster, plan), or a file studybook
//! never reads. `load` walks the folder with it and `serve`'s watcher sorts file events
//! with it, so the two can never disagree.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A Markdown file: a note (or, once read, a meeting record).
    Note,
    /// Any other file: an image, a PDF, copied beside the note pages.
    Asset,
    /// The roster, the plan, configuration: read as data, never published.
    Data,
    /// Hidden, an editor's or the system's litter, or a README: never read.
    Ignored,
}

/// What the file at `rel` (below the content folder) is. Every part of the path counts:
/// a note inside a hidden folder is ignored.
pub fn classify(rel: &Path) -> FileKind {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(name) = parts.next_back() else {
        return FileKind::Ignored;
    };
    if is_ignored_name(&name) || parts.any(|folder| is_ignored_name(&folder)) {
        return FileKind::Ignored;
    }
    let ext_of = |name: &str| {
        Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    // `记录.md.` or `记录.md ` is `记录.md` on Windows: an asset by its name here, which
    // the load withholds and names (its raw text, front matter and all, would be
    // published otherwise).
    let ext = ext_of(&name);
    match ext.as_str() {
        _ if name.eq_ignore_ascii_case("readme.md") => FileKind::Ignored,
        _ if crate::names::markdown_stem(&name).is_some() => FileKind::Note,
        "yaml" | "yml" | "csv" | "toml" => FileKind::Data,
        // A draft's attachments are as unpublished as the draft (its notes are checked).
        _ if in_drafts(rel) => FileKind::Ignored,
        _ => FileKind::Asset,
    }
}

/// The words a folder of drafts is named by (in any case, full-width or not): Jekyll's
/// `_drafts`, and what people call a folder of what they keep to themselves.
const DRAFT_FOLDERS: &[&str] = &["draft", "private", "草稿", "私密", "未发布", "不公开"];

/// Whether `rel` is in a folder of drafts: one whose name, without a leading `_`,
/// brackets and a copy's marks, begins or ends with a word of [`DRAFT_FOLDERS`]
/// (`_drafts`, `Drafts (1)`, `草稿 - 副本`, `私密文件`, `draft-2022`, `我的草稿`,
/// `【草稿】`, `my-drafts`), or is one of [`KEPT_FOLDERS`] (`涉密`, `回收站`), with the
/// dots or spaces at its end that Windows drops (`_drafts.` is `_drafts` there).
pub fn in_drafts(rel: &Path) -> bool {
    rel.parent().is_some_and(|folders| {
        folders.components().any(|c| {
            let name = plain_name(&c.as_os_str().to_string_lossy());
            DRAFT_FOLDERS.iter().any(|d| {
                name.starts_with(d) || name.ends_with(d) || name.ends_with(&format!("{d}s"))
            }) || KEPT_FOLDERS.contains(&name.as_str())
                || super::by_name::is_classified(&c.as_os_str().to_string_lossy())
        })
    })
}

/// Names that keep a folder (or a note) to its writer when they are its whole name, as
/// words of a topic they would not (`保密工作学习` is a subject; `保密` is a mark).
const KEPT_FOLDERS: &[&str] = &[
    "涉密",
    "保密",
    "秘密",
    "机密",
    "绝密",
    "内部",
    "内部资料",
    "内部文件",
    "涉密材料",
    "涉密文件",
    "仅自己可见",
    "自己可见",
    "不发布",
    "不要发布",
    "勿发布",
    "未公开",
    "待发布",
    "待定",
    "unpublished",
    "unlisted",
    "hidden",
    "回收站",
    "已删除",
    "删除",
    "废稿",
    "trash",
    "recycle",
    "deleted",
    "私密笔记",
    "wip",
    "作废",
    "已作废",
    "私人",
    "待审",
    "未完成",
    "初稿",
    "confidential",
    "secret",
    "secrets",
    "internal",
    "notpublished",
    "donotpublish",
    "dontpublish",
    // Windows' recycle bin on a shared drive (`$RECYCLE.BIN`, its dot dropped), and
    // as Windows and Linux desktops name it.
    "$recyclebin",
    "recyclebin",
    // Windows XP's, and macOS Finder's and desktops' Chinese names for the trash.
    "recycler",
    "废纸篓",
    "垃圾箱",
    "垃圾桶",
    "暂不发布",
    "隐私",
    "个人隐私",
    "待审核",
    "审核中",
    "未审核",
    "仅自己可见的",
    "仅本人可见",
    "topsecret",
    "restricted",
];

/// A file or folder name as its marks are compared: half-width, lower case, without
/// the brackets, copy marks and joining characters around its words (`【草稿】`,
/// `my-drafts`, `_drafts`, `草稿 - 副本`).
fn plain_name(name: &str) -> String {
    let name: String = crate::names::as_read(name)
        .flat_map(char::to_lowercase)
        .filter(|c| !is_bracket_or_joint(*c))
        .collect();
    // A copy's marks: `草稿 - 副本`, `Drafts (1)`.
    let name = name.trim_end_matches(|c: char| c.is_ascii_digit());
    name.strip_suffix("副本")
        .or_else(|| name.strip_suffix("复制"))
        .or_else(|| name.strip_suffix("copy"))
        .unwrap_or(name)
        .to_string()
}

/// Whether a note's file name keeps it to its writer: its whole name is a mark
/// (`草稿.md`, `draft.md`, `私密笔记.md`); it holds one in brackets (`【草稿】学习心得.md`,
/// `学习心得（草稿）.md`, `(初稿)`); its first or last word is one (`草稿-七一党课.md`,
/// `学习心得-草稿.md`, `x.draft.md`, `WIP 学习.md`); or it ends in 草稿 (`学习草稿.md`).
pub fn named_as_draft(rel: &Path) -> bool {
    let Some(stem) = rel.file_stem().map(|s| s.to_string_lossy()) else {
        return false;
    };
    // As a reader sees it: `草\u{200B}稿` is 草稿.
    let stem: String = crate::names::as_read(&stem).collect();
    let is_mark = |word: &str| {
        let word = plain_name(word);
        !word.is_empty()
            && (DRAFT_FOLDERS
                .iter()
                .any(|d| word == *d || word == format!("{d}s"))
                || KEPT_FOLDERS.contains(&word.as_str()))
    };
    let in_brackets = |opens: &[char], closes: &[char], mark: &dyn Fn(&str) -> bool| {
        stem.split(opens)
            .skip(1)
            .any(|after| mark(after.split(closes).next().unwrap_or("")))
    };
    // In 《》 only a draft's mark (`《草稿》`): a level there is a work's title
    // (`《秘密》读后感`).
    let draft_mark = |word: &str| {
        let word = plain_name(word);
        DRAFT_FOLDERS
            .iter()
            .any(|d| word == *d || word == format!("{d}s"))
    };
    let bracketed = in_brackets(
        &['【', '[', '(', '（', '〔', '「', '『'],
        &['】', ']', ')', '）', '〕', '」', '』'],
        &is_mark,
    ) || in_brackets(&['《'], &['》'], &draft_mark);
    let words: Vec<&str> = stem
        .split(['-', '_', ' ', '　', '：', ':', '—', '.', '·'])
        .filter(|w| !w.is_empty())
        .collect();
    let first_or_last =
        words.first().is_some_and(|w| is_mark(w)) || words.last().is_some_and(|w| is_mark(w));
    is_mark(&stem)
        || bracketed
        || first_or_last
        || plain_name(&stem).ends_with("草稿")
        || super::by_name::is_classified(&stem)
}

/// Whether `c` only wraps or joins the words of a name: brackets of every kind, `_`,
/// `-`, spaces and dots.
fn is_bracket_or_joint(c: char) -> bool {
    matches!(
        c,
        '【' | '】'
            | '['
            | ']'
            | '('
            | ')'
            | '（'
            | '）'
            | '〔'
            | '〕'
            | '《'
            | '》'
            | '「'
            | '」'
            | '『'
            | '』'
            | '〝'
            | '〞'
            | '〟'
            | '_'
            | '-'
            | ' '
            | '　'
            | '.'
    )
}

/// Whether the walk leaves `rel` unpublished for its name alone: in a folder of drafts,
/// or under a name that is never read (a hidden folder, an editor's backup). A link to
/// such a file is to one the site will not have, though it may well be on disk.
pub fn withheld_by_name(rel: &Path) -> bool {
    in_drafts(rel)
        || rel
            .components()
            .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// A file or folder name that is never read: hidden ones (`.git`, studybook's own
/// `.studybook-…` temp folders), editors' backups, swap and lock files (vim's `4913`,
/// `~$` Office locks, JetBrains' safe-write files), and Windows' Thumbs.db and
/// desktop.ini.
pub fn is_ignored_name(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "~",
        ".swp",
        ".swx",
        ".tmp",
        ".bak",
        ".part",
        ".crswap",
        "___jb_tmp___",
        "___jb_old___",
        // Word's backup and AutoRecover copies, Excel's backup, nano's rescue, Kate's
        // swap, a browser's download in progress.
        ".wbk",
        ".asd",
        ".xlk",
        ".save",
        ".kate-swp",
        ".crdownload",
    ];
    let lower = name.to_lowercase();
    name.is_empty()
        // Windows' note of where a download came from (its internal address and
        // tokens), as a copy to Linux or a zip keeps it: `照片.jpg:Zone.Identifier`.
        || lower.ends_with(":zone.identifier")
        // Sync tools' copies of a file two machines changed: Syncthing's
        // `x.sync-conflict-20220316-123456-ABCDEFG.docx`, Dropbox's `x (张三's
        // conflicted copy 2022-03-16).docx`, Nextcloud's `x (conflicted copy …)`.
        || lower.contains(".sync-conflict-")
        || lower.contains("conflicted copy")
        || name == "4913"
        || name.starts_with('.')
        || name.starts_with("~$")
        // Emacs's autosave of a file being edited: `#笔记.md#`.
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || ENDINGS.iter().any(|e| lower.ends_with(e))
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_file_is_told_apart() {
        for (path, kind) in [
            ("zhangsan/2022-03-16.md", FileKind::Note),
            ("zhangsan/笔记.MARKDOWN", FileKind::Note),
            ("images/chart.svg", FileKind::Asset),
            ("members.yaml", FileKind::Data),
            ("plan.yml", FileKind::Data),
            ("README.md", FileKind::Ignored),
            ("zhangsan/readme.md", FileKind::Ignored),
            (".git/x.md", FileKind::Ignored),
            ("zhangsan/.hidden/x.md", FileKind::Ignored),
            ("zhangsan/.2022-03-16.md.swp", FileKind::Ignored),
            ("zhangsan/4913", FileKind::Ignored),
            // Round 26: Windows' download notes, Office's backups, sync conflicts.
            ("zhangsan/会议照片.jpg:Zone.Identifier", FileKind::Ignored),
            ("zhangsan/谈话记录.wbk", FileKind::Ignored),
            ("zhangsan/谈话记录.asd", FileKind::Ignored),
            ("zhangsan/考勤表.XLK", FileKind::Ignored),
            ("zhangsan/摘抄.txt.save", FileKind::Ignored),
            (
                "zhangsan/谈话.sync-conflict-20220316-123456-ABCDEFG.docx",
                FileKind::Ignored,
            ),
            (
                "zhangsan/谈话 (张三's conflicted copy 2022-03-16).docx",
                FileKind::Ignored,
            ),
            ("zhangsan/会议照片.jpg", FileKind::Asset),
            ("zhangsan/~$笔记.docx", FileKind::Ignored),
            ("zhangsan/a.md~", FileKind::Ignored),
            ("zhangsan/a.md___jb_tmp___", FileKind::Ignored),
            ("images/Thumbs.db", FileKind::Ignored),
            ("desktop.ini", FileKind::Ignored),
            (".site.studybook-tmp-12/index.html", FileKind::Ignored),
        ] {
            assert_eq!(classify(Path::new(path)), kind, "{path}");
        }
    }
}

#[cfg(test)]
mod draft_name_tests {
    use super::{in_drafts, named_as_draft};
    use std::path::Path;

    #[test]
    fn folders_and_names_that_keep_a_note_back() {
        for rel in [
            "zhangsan/我的草稿/a.md",
            "zhangsan/【草稿】/a.md",
            "zhangsan/my-drafts/a.md",
            "zhangsan/涉密/a.md",
            "zhangsan/回收站/a.md",
            "zhangsan/草稿 - 副本/a.md",
            "zhangsan/Drafts (1)/a.md",
        ] {
            assert!(in_drafts(Path::new(rel)), "{rel}");
        }
        for rel in [
            "zhangsan/草稿.md",
            "zhangsan/【草稿】心得.md",
            "zhangsan/draft.md",
            "zhangsan/草稿-七一.md",
        ] {
            assert!(named_as_draft(Path::new(rel)), "{rel}");
        }
    }

    #[test]
    fn folders_and_names_of_a_subject_keep_nothing_back() {
        for rel in [
            "zhangsan/保密工作学习/a.md",
            "zhangsan/内部控制/a.md",
            "zhangsan/2022/a.md",
            "zhangsan/aircraft/a.md",
        ] {
            assert!(!in_drafts(Path::new(rel)), "{rel}");
        }
        for rel in [
            "zhangsan/2022-07-01.md",
            "zhangsan/保密法学习.md",
            "zhangsan/起草文件的体会.md",
        ] {
            assert!(!named_as_draft(Path::new(rel)), "{rel}");
        }
    }
}
