//! Images and links to files beside a note that the site will not have: a missing
//! image, or a file the load withheld. Judged over every note at once, against what the
//! load publishes, so serve and build say the same after any save.

use crate::diag::{Diagnostic, LineIndex, Rule};
use crate::i18n::{Lang, Msg};
use crate::load::{Loaded, Note};
use crate::markdown::LocalTarget;
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
    let site = Site::of(loaded, rejected);
    let mut out = Vec::new();
    for note in &loaded.notes {
        // A note held back has no page: the files only it links to are withheld with it.
        if note.body.local_targets.is_empty() || note.is_held() {
            continue;
        }
        let lines = LineIndex::new(&note.source);
        let said = note
            .body
            .local_targets
            .iter()
            .filter_map(|target| {
                let found = site.judge(&note.rel, target)?;
                let named = format!("{}.md", target.path);
                let (message, help) = found.said(&target.path, &named);
                Some(warning(note, &lines, target.line, message, help, lang))
            })
            .collect();
        // As many as a file's own diagnostics, the rest counted.
        out.extend(crate::diag::capped(said, lang));
    }
    out
}

/// What the site holds, as links are matched to it: the files and pages published, the
/// pages of notes held back and of notes `rejected`, the files withheld.
struct Site<'a> {
    published: HashSet<Cow<'a, str>>,
    held: HashSet<Cow<'a, str>>,
    rejected: HashSet<Cow<'a, str>>,
    withheld: &'a std::collections::BTreeSet<String>,
}

/// What a link or an image of a note leads to, when a reader would not see it.
enum Unseen {
    /// A withheld file, whether in a drafts folder (or named as one).
    Withheld {
        image: bool,
        in_drafts: bool,
    },
    ImageNotFound,
    HeldNote,
    RejectedNote,
    /// A file that is not there, the link site-absolute or not.
    NotFound {
        rooted: bool,
    },
    /// `./另一篇` for `另一篇.md`.
    WithoutExtension,
}

impl<'a> Site<'a> {
    fn of(loaded: &'a Loaded, rejected: &HashSet<&'a str>) -> Site<'a> {
        let published = loaded
            .assets
            .iter()
            .map(|a| Cow::Borrowed(a.rel.as_str()))
            .chain(loaded.notes.iter().map(|n| page_of(&n.rel)))
            .collect();
        let held = loaded
            .notes
            .iter()
            .filter(|n| n.is_held() || n.is_document())
            .map(|n| page_of(&n.rel))
            .collect();
        Site {
            published,
            held,
            rejected: rejected.iter().map(|rel| page_of(rel)).collect(),
            withheld: &loaded.withheld,
        }
    }

    /// What the target of the note at `rel` leads to, when a reader would not see it.
    fn judge(&self, rel: &str, target: &LocalTarget) -> Option<Unseen> {
        // A site-absolute image is judged where the page is written (the `image` rule
        // reads the theme's static folder too); it counts here only for what a draft
        // keeps back. A site-absolute link is read from the content folder, and may
        // lead to a file of the theme.
        let rooted = target.path.starts_with(['/', '\\']);
        if rooted && target.image {
            return None;
        }
        // A path that leaves the content folder leads to the site's own pages.
        let rel = resolve_target(rel, &target.path)?;
        let page = page_of(&rel);
        let in_drafts = crate::load::classify::withheld_by_name(std::path::Path::new(&rel));
        if in_drafts || self.withheld.contains(&rel) {
            let image = target.image;
            return Some(Unseen::Withheld { image, in_drafts });
        }
        let published = self.published.contains(&page);
        if target.image {
            return (!published).then_some(Unseen::ImageNotFound);
        }
        // A note's page linked as the site has it (`另一篇.html`): the note behind it.
        if let Some(stem) = rel.strip_suffix(".html") {
            let note = format!("{stem}.md");
            return if self.held.contains(note.as_str()) {
                Some(Unseen::HeldNote)
            } else if self.rejected.contains(note.as_str()) {
                Some(Unseen::RejectedNote)
            } else if published
                || self.published.contains(note.as_str())
                || (rooted && target.found)
            {
                None
            } else {
                Some(Unseen::NotFound { rooted })
            };
        }
        // A folder's name (`img/`), the site's own page: no file of the content folder.
        let file_name = std::path::Path::new(&rel).extension().is_some() && !rel.ends_with(".html");
        if self.held.contains(&page) {
            Some(Unseen::HeldNote)
        } else if self.rejected.contains(&page) {
            Some(Unseen::RejectedNote)
        } else if !published && file_name && !(rooted && target.found) {
            Some(Unseen::NotFound { rooted })
        } else if !file_name
            && !target.path.ends_with(['/', '\\'])
            && self.published.contains(format!("{rel}.md").as_str())
        {
            // The page is 另一篇.html, so the link finds nothing.
            Some(Unseen::WithoutExtension)
        } else {
            None
        }
    }
}

impl Unseen {
    /// The warning and its help for a target written `path` (`named`: it with `.md`).
    fn said<'m>(&self, path: &'m str, named: &'m str) -> (Msg<'m>, Msg<'m>) {
        match *self {
            Unseen::Withheld {
                image: true,
                in_drafts,
            } => (Msg::ImageWithheld(path), withheld_help(in_drafts)),
            Unseen::Withheld {
                image: false,
                in_drafts,
            } => (Msg::LinkWithheld(path), withheld_help(in_drafts)),
            Unseen::ImageNotFound => (Msg::ImageNotFound(path), Msg::ImageNotFoundHelp),
            Unseen::HeldNote => (Msg::LinkToHeldNote(path), Msg::LinkToHeldNoteHelp),
            Unseen::RejectedNote => (Msg::LinkToRejectedNote(path), Msg::LinkToRejectedNoteHelp),
            Unseen::NotFound { rooted: true } => {
                (Msg::LinkNotFound(path), Msg::LinkNotFoundRootedHelp)
            }
            Unseen::NotFound { rooted: false } => (Msg::LinkNotFound(path), Msg::LinkNotFoundHelp),
            Unseen::WithoutExtension => (
                Msg::LinkNotFound(path),
                Msg::LinkWithoutExtensionHelp(named),
            ),
        }
    }
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
