//! The folders whose files stay internal: those with an assessment file or a review
//! record (or one saved under another name), and those with a Markdown file that could
//! not be read.

use super::head::head_of;
use super::roster::Roster;
use super::{Asset, Note};
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use crate::names::resolve_target;
use rayon::prelude::*;
use std::path::Path;

/// Keeps `note` unpublished, with a warning, when it is a note in one of `private`.
pub fn hold_beside_documents(
    note: &mut Note,
    private: &std::collections::HashSet<String>,
    lang: Lang,
) {
    if note.is_document() || !beside_document(&note.rel, private) {
        return;
    }
    if let Some(front) = note.front.as_mut() {
        front.draft = true;
    }
    let message = Msg::NoteBesideAssessment.text(lang);
    note.diagnostics.push(
        Diagnostic::warning(Rule::RawHtml, &note.shown, message)
            .with_help(Msg::NoteBesideAssessmentHelp.text(lang)),
    );
}

/// The folders (content-relative, with `/`) that hold an assessment file or a review
/// record: nothing else in them, or below them, is published.
/// A member's own folder (content/<id>/) never is: a secretary who keeps a review there
/// does not hide the notes and pictures of their own study. A folder below it is, as
/// any other (content/<id>/考核/, the secretary's working folder).
pub fn document_folders(notes: &[Note], roster: &Roster) -> std::collections::HashSet<String> {
    folders_of(notes, roster, Note::is_document)
}

/// The folders of the notes that `pick` picks, a member's own folder left out.
/// The folders of `rels` (content-relative files), a member's own folder left out:
/// what a file there makes private.
fn folders_outside_members<'a>(
    rels: &'a std::collections::BTreeSet<String>,
    roster: &'a Roster,
) -> impl Iterator<Item = String> + 'a {
    rels.iter()
        .filter(|rel| !in_member_folder(rel, roster))
        .map(|rel| folder_of(rel).to_string())
}

/// The folder of a content-relative path (`""` for the content folder itself).
fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(folder, _)| folder)
}

fn folders_of(
    notes: &[Note],
    roster: &Roster,
    pick: impl Fn(&Note) -> bool,
) -> std::collections::HashSet<String> {
    notes
        .iter()
        .filter(|n| pick(n) && !in_member_folder(&n.rel, roster))
        .map(|n| folder_of(&n.rel).to_string())
        .collect()
}

/// Whether `folder` (content-relative) is a member's own folder, content/<id>/ itself.
fn is_member_folder(folder: &str, roster: &Roster) -> bool {
    !folder.contains('/') && roster.folder_of(&format!("{folder}/x")).is_some()
}

/// Whether the file at `rel` lies in a member's own folder itself (not below it): what
/// it is never makes the files beside it private.
pub fn in_member_folder(rel: &str, roster: &Roster) -> bool {
    is_member_folder(folder_of(rel), roster)
}

/// The folders whose other files are not published: those with an assessment file or a
/// review record, and those with a Markdown file that could not be read (it may be one:
/// a score file locked by the admin, a scan beside it left readable).
#[derive(Debug, Default)]
pub struct Private {
    pub documents: std::collections::HashSet<String>,
    /// The assessment files and reviews saved under another name (`考核.json`), each
    /// withheld itself, in a member's own folder too.
    pub renamed: std::collections::HashSet<String>,
    pub unread: std::collections::HashSet<String>,
    /// The files (content-relative) that only notes held back link to: a draft's scan
    /// of an ID card goes nowhere until the note is published.
    pub drafts_only: DraftsOnly,
}

/// What is withheld with the notes held back: the files (content-relative, in lower
/// case) only they link to, the names of their exports (`zhangsan/草稿.`), and the file
/// names they link to, which Obsidian and Windows editors find anywhere in the vault
/// (`![[照片.png]]` of `附件/照片.png`, `D:\学习\content\zhangsan\封面.png`): a file of
/// such a name is withheld too unless a published note links to it. So is a file whose
/// name they mention anywhere, however written (`<meta>`'s `url=`, `data-src`, a
/// script's string, `![](图.png =100x)`): a route the link readers miss leaks nothing.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DraftsOnly {
    rels: std::collections::HashSet<String>,
    names: std::collections::HashSet<String>,
    /// The file names the held notes mention.
    mentioned: crate::markdown::Mentions,
    published: std::collections::HashSet<String>,
}

impl Private {
    /// The private folders of `notes` and of the Markdown files passed over unread.
    pub fn of(
        notes: &[Note],
        skipped: &std::collections::BTreeSet<String>,
        renamed: &std::collections::BTreeSet<String>,
        roster: &Roster,
    ) -> Private {
        let mut unread = folders_of(notes, roster, |n| n.unread);
        unread.extend(folders_outside_members(skipped, roster));
        let mut documents = document_folders(notes, roster);
        documents.extend(folders_outside_members(renamed, roster));
        Private {
            documents,
            renamed: renamed.iter().cloned().collect(),
            unread,
            // Known once the notes are held as they will be: the load sets it then.
            drafts_only: Default::default(),
        }
    }
}

/// The files (content-relative, in lower case) that only notes held back (as held at
/// this point) or assessment files and reviews link to, and the names of their exports
/// (`zhangsan/草稿.`): what is withheld with them.
pub fn drafts_only(notes: &[Note]) -> DraftsOnly {
    let targets = |held: bool| {
        notes
            .iter()
            .filter(move |note| (note.is_held() || note.is_document()) == held)
            .flat_map(|note| {
                let named = note.named_files.iter().map(String::as_str);
                let paths = note.body.local_targets.iter().map(|t| t.path.as_str());
                paths.chain(named).map(|path| (&note.rel, path))
            })
    };
    let linked = |held: bool| targets(held).filter_map(|(rel, path)| resolve_target(rel, path));
    let names = targets(true)
        .filter_map(|(_, path)| path.rsplit(['/', '\\']).next())
        .filter(|name| !name.is_empty())
        .map(str::to_lowercase)
        .collect();
    // In lower case: a link that works on a Windows share (`Upper.PDF`) counts.
    let published: std::collections::HashSet<String> =
        linked(false).map(|rel| rel.to_lowercase()).collect();
    // A held note's own exports beside it (`草稿.pdf`, `草稿.docx` by Typora or WPS):
    // its name and a dot, which every file of that name and any extension begins with.
    let exports = notes
        .iter()
        .filter(|note| note.is_held() || note.is_document())
        .filter_map(|note| Some(format!("{}.", note.rel.rsplit_once('.')?.0.to_lowercase())));
    let rels = linked(true)
        .map(|rel| rel.to_lowercase())
        .filter(|rel| !published.contains(rel))
        .chain(exports)
        .collect();
    // In order, so that two loads of the same notes give equal sets (serve compares
    // them after each save).
    let mut mentioned = crate::markdown::Mentions::default();
    for note in notes.iter().filter(|n| n.is_held() || n.is_document()) {
        mentioned.extend(note.mentioned());
    }
    DraftsOnly {
        rels,
        names,
        mentioned,
        published,
    }
}

/// The name a copy's name was made from: `草稿 (1)`, `草稿(2)`, `草稿（3）` and
/// `草稿 - 副本` are `草稿`; any other name is itself (`学习2` stays `学习2`).
fn copy_of(stem: &str) -> &str {
    if let Some(plain) = stem
        .strip_suffix(" - 副本")
        .or_else(|| stem.strip_suffix(" 副本"))
    {
        return plain;
    }
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = stem.strip_suffix(close) {
            if let Some((plain, n)) = inner.rsplit_once(open) {
                if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
                    return plain.trim_end();
                }
            }
        }
    }
    stem
}

/// Whether `rel` is withheld with the notes held back: only they link to it, or it is
/// one of their exports (`草稿.pdf` beside `草稿.md`), per [`drafts_only`].
pub fn is_drafts_only(rel: &str, drafts_only: &DraftsOnly) -> bool {
    if drafts_only.rels.is_empty()
        && drafts_only.names.is_empty()
        && drafts_only.mentioned.is_empty()
    {
        return false;
    }
    let lower = rel.to_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let mentioned = || drafts_only.mentioned.names(name);
    let named = drafts_only.names.contains(name) || mentioned();
    if named && !drafts_only.published.contains(&lower) {
        return true;
    }
    let drafts_only = &drafts_only.rels;
    let export = |stem: &str| {
        // A copy's name (`草稿 (1).pdf`, `草稿 - 副本.pdf`) and an export's (`草稿（导出）.pdf`)
        // are the draft's export too.
        [stem, copy_of(stem), export_of(stem)]
            .iter()
            .any(|stem| !stem.is_empty() && drafts_only.contains(&format!("{stem}.")))
    };
    // Typora's pictures of a note, in a folder named for it (`草稿.assets/图.png`).
    let in_assets = lower
        .match_indices(".assets/")
        .any(|(at, _)| drafts_only.contains(&lower[..=at]));
    // The name before any of its dots: `草稿.tar.gz` and `草稿.pdf.7z` are exports too.
    let file_name_at = lower.len() - name.len();
    drafts_only.contains(&lower)
        || in_assets
        || name
            .match_indices('.')
            .any(|(at, _)| export(&lower[..file_name_at + at]))
}

/// The name an export's name was made from: `草稿（导出）`, `草稿-导出`, `草稿导出`,
/// `草稿_打印版` and `草稿 export` are `草稿`; any other name is itself.
fn export_of(stem: &str) -> &str {
    const EXPORTS: [&str; 5] = ["导出", "打印版", "打印", "export", "print"];
    for export in EXPORTS {
        for (open, close) in [("（", "）"), ("(", ")"), ("【", "】"), ("[", "]")] {
            if let Some(plain) = stem.strip_suffix(&format!("{open}{export}{close}")) {
                return plain.trim_end();
            }
        }
        if let Some(plain) = stem.strip_suffix(export) {
            return plain.trim_end_matches(['-', '_', ' ', '　', '—']);
        }
    }
    stem
}

/// The assets (content-relative, with `/`) that are an assessment file or a review
/// saved under another name (`考核.txt`, `测评.yaml`, `述职测评.doc` saved by
/// Notepad): read by their first bytes, whatever their names say.
pub fn renamed_documents(assets: &[Asset]) -> std::collections::BTreeSet<String> {
    assets
        .par_iter()
        .filter(|asset| is_renamed_document(&asset.path, &asset.rel))
        .map(|asset| asset.rel.clone())
        .collect()
}

/// Whether the file at `path` (`rel` in the content folder) is an assessment file or a
/// review saved under another name: withheld itself wherever it is, and its folder made
/// private unless it is a member's own (see [`Private::of`]).
pub fn is_renamed_document(path: &Path, rel: &str) -> bool {
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, ext)| ext)
        .to_ascii_lowercase();
    // Read whatever the name says: a review saved by Notepad as `述职测评.doc` is text
    // all the same (a real document's first bytes are no front matter).
    let head = head_of(path);
    // A YAML, JSON or text file is front matter whole, with or without its `---`.
    head.document || (matches!(ext.as_str(), "yaml" | "yml" | "json" | "txt") && head.yaml_document)
}

/// Whether the file at `rel` is in (or below) one of `folders`.
pub fn beside_document(rel: &str, folders: &std::collections::HashSet<String>) -> bool {
    let mut folder = rel;
    while let Some((up, _)) = folder.rsplit_once('/') {
        if folders.contains(up) {
            return true;
        }
        folder = up;
    }
    folders.contains("")
}

#[cfg(test)]
mod copy_tests {
    use super::copy_of;

    #[test]
    fn a_copys_name_is_its_originals() {
        assert_eq!(copy_of("草稿 (1)"), "草稿");
        assert_eq!(copy_of("草稿(2)"), "草稿");
        assert_eq!(copy_of("草稿（3）"), "草稿");
        assert_eq!(copy_of("草稿 - 副本"), "草稿");
        assert_eq!(copy_of("学习2"), "学习2");
        assert_eq!(copy_of("(1)"), "");
    }
}
