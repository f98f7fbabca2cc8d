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

/// Whether `rel` is in a folder of drafts: one whose name, without a leading `_` and a
/// copy's marks, begins with a word of [`DRAFT_FOLDERS`] (`_drafts`, `Drafts (1)`,
/// `草稿 - 副本`, `私密文件`, `draft-2022`), with the dots or spaces at its end that
/// Windows drops (`_drafts.` is `_drafts` there).
pub fn in_drafts(rel: &Path) -> bool {
    rel.parent().is_some_and(|folders| {
        folders.components().any(|c| {
            let name: String = c
                .as_os_str()
                .to_string_lossy()
                .chars()
                .map(crate::names::half_width)
                .flat_map(char::to_lowercase)
                .collect();
            let name = name.trim_start_matches('_');
            DRAFT_FOLDERS.iter().any(|d| name.starts_with(d))
        })
    })
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
    ];
    name.is_empty()
        || name == "4913"
        || name.starts_with('.')
        || name.starts_with("~$")
        // Emacs's autosave of a file being edited: `#笔记.md#`.
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || ENDINGS.iter().any(|e| name.ends_with(e))
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
