//! Images and links to files beside a note that the site will not have: a missing
//! image, or a file the load withheld. Judged over every note at once, against what the
//! load publishes, so serve and build say the same after any save.

use crate::diag::{Diagnostic, LineIndex, Rule};
use crate::i18n::{Lang, Msg};
use crate::load::{Loaded, Note};
use crate::names::resolve_target;
use std::borrow::Cow;
use std::collections::HashSet;

/// A warning for each image a reader of `loaded`'s notes will not see, and for each
/// link that leads nowhere on the site: to a withheld file, a file that is not there, or
/// a note held back or `rejected` (rel paths).
pub fn unpublished(loaded: &Loaded, rejected: &HashSet<&str>, lang: Lang) -> Vec<Diagnostic> {
    let targeted = loaded
        .notes
        .iter()
        .any(|n| !n.body.local_targets.is_empty());
    if !targeted {
        return Vec::new();
    }
    let published: HashSet<Cow<'_, str>> = loaded
        .assets
        .iter()
        .map(|a| Cow::Borrowed(a.rel.as_str()))
        .chain(loaded.notes.iter().map(|n| page_of(&n.rel)))
        .collect();
    let held: HashSet<Cow<'_, str>> = loaded
        .notes
        .iter()
        .filter(|n| n.is_held() || n.is_document())
        .map(|n| page_of(&n.rel))
        .collect();
    let rejected: HashSet<Cow<'_, str>> = rejected.iter().map(|rel| page_of(rel)).collect();
    // A folder's name (`img/`), the site's own page: no file of the content folder.
    let is_file_name =
        |rel: &str| std::path::Path::new(rel).extension().is_some() && !rel.ends_with(".html");
    let mut out = Vec::new();
    for note in &loaded.notes {
        // A note held back has no page: the files only it links to are withheld with it.
        if note.body.local_targets.is_empty() || note.is_held() {
            continue;
        }
        let lines = LineIndex::new(&note.source);
        let mut said = Vec::new();
        for target in &note.body.local_targets {
            let named: String;
            // A site-absolute image is judged where the page is written (the `image`
            // rule reads the theme's static folder too); it counts here only for what
            // a draft keeps back. A site-absolute link is read from the content folder,
            // and may lead to a file of the theme.
            let rooted = target.path.starts_with(['/', '\\']);
            if rooted && target.image {
                continue;
            }
            // A path that leaves the content folder leads to the site's own pages.
            let Some(rel) = resolve_target(&note.rel, &target.path) else {
                continue;
            };
            let page = page_of(&rel);
            let in_drafts = crate::load::classify::withheld_by_name(std::path::Path::new(&rel));
            let withheld = in_drafts || loaded.withheld.contains(&rel);
            let (message, help) = match (withheld, target.image) {
                (true, true) => (Msg::ImageWithheld(&target.path), withheld_help(in_drafts)),
                (true, false) => (Msg::LinkWithheld(&target.path), withheld_help(in_drafts)),
                (false, true) if !published.contains(&page) => {
                    (Msg::ImageNotFound(&target.path), Msg::ImageNotFoundHelp)
                }
                (false, false) if held.contains(&page) => {
                    (Msg::LinkToHeldNote(&target.path), Msg::LinkToHeldNoteHelp)
                }
                (false, false) if rejected.contains(&page) => (
                    Msg::LinkToRejectedNote(&target.path),
                    Msg::LinkToRejectedNoteHelp,
                ),
                (false, false)
                    if !published.contains(&page)
                        && is_file_name(&rel)
                        && !(rooted && target.found) =>
                {
                    let help = if rooted {
                        Msg::LinkNotFoundRootedHelp
                    } else {
                        Msg::LinkNotFoundHelp
                    };
                    (Msg::LinkNotFound(&target.path), help)
                }
                // `./另一篇` for 另一篇.md: the page is 另一篇.html, so the link finds
                // nothing.
                (false, false)
                    if !is_file_name(&rel)
                        && !target.path.ends_with(['/', '\\'])
                        && published.contains(format!("{rel}.md").as_str()) =>
                {
                    named = format!("{}.md", target.path);
                    (
                        Msg::LinkNotFound(&target.path),
                        Msg::LinkWithoutExtensionHelp(&named),
                    )
                }
                _ => continue,
            };
            said.push(warning(note, &lines, target.line, message, help, lang));
        }
        // As many as a file's own diagnostics, the rest counted.
        out.extend(crate::diag::capped(said, lang));
    }
    out
}

/// A file's rel as links are matched to it: a note by its page, whatever its Markdown
/// extension and its case (`另一篇.MD` and `另一篇.markdown` lead to one page), any
/// other file as it is.
fn page_of(rel: &str) -> Cow<'_, str> {
    crate::names::markdown_stem(rel)
        .map_or(Cow::Borrowed(rel), |stem| Cow::Owned(format!("{stem}.md")))
}

/// What to do about a link to a withheld file: move it out of its drafts folder, or
/// mend it.
fn withheld_help(in_drafts: bool) -> Msg<'static> {
    if in_drafts {
        Msg::LinkInDraftsHelp
    } else {
        Msg::LinkWithheldHelp
    }
}

fn warning(
    note: &Note,
    lines: &LineIndex<'_>,
    line: usize,
    said: Msg<'_>,
    help: Msg<'_>,
    lang: Lang,
) -> Diagnostic {
    Diagnostic::warning(Rule::Image, &note.shown, said.text(lang))
        .at_in(lines, note.body_line + line - 1, 1)
        .with_help(help.text(lang))
}
