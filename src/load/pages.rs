//! The page each file lands on, and the notes that would share one.

use super::{Loaded, Note};
use crate::diag::{Diagnostic, Rule};
use crate::i18n::{Lang, Msg};
use rayon::prelude::*;

/// The page stems of `notes`, for [`screen_asset`](super::screen_asset).
pub(super) fn note_page_stems(notes: &[Note]) -> std::collections::HashSet<String> {
    // Lower-cased: on a Windows share, macOS or IIS, `note.html` is `Note.html`'s page.
    notes
        .iter()
        .map(|n| page_stem(&n.rel).to_lowercase())
        .collect()
}

impl Loaded {
    /// The page stems of the loaded notes, for [`screen_asset`](super::screen_asset).
    pub fn note_page_stems(&self) -> std::collections::HashSet<String> {
        note_page_stems(&self.notes)
    }
}

/// Whether the asset at `rel` could meet a note's page, so that the pages' stems are
/// needed to screen it: an HTML file, or a file in a folder named as one.
pub fn meets_pages(rel: &str) -> bool {
    let published = crate::names::plain_path(rel);
    super::is_html_name(&published) || published.to_lowercase().contains(".html/")
}

/// Whether a file's folder is named as the page of a note is (`zhangsan/a.html/图.png`
/// beside `zhangsan/a.md`, in any case): on the site the page is a file there, so the
/// folder cannot be. `pages` are the notes' page stems, lower-cased.
pub(super) fn under_a_page(rel: &str, pages: &std::collections::HashSet<String>) -> bool {
    rel.match_indices('/')
        .map(|(at, _)| &rel[..at])
        .any(|folder| {
            let lower = folder.to_lowercase();
            lower.ends_with(".html") && pages.contains(&page_stem(&lower))
        })
}

/// What two notes that would share a page have in common: their page name, lower-cased.
/// Most paths need no mapping, and are only lower-cased.
fn twin_key(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    let plain = stem.split('/').all(|part| {
        part.len() <= crate::names::MAX_NAME_BYTES
            && !part.is_empty()
            && !part.starts_with('.')
            && !part.ends_with(['.', ' '])
            && !part
                .chars()
                .any(|c| c.is_control() || "<>:\"/\\|?*".contains(c))
            && !crate::names::is_device_name(part)
    });
    if plain {
        stem.to_lowercase()
    } else {
        page_stem(rel).to_lowercase()
    }
}

/// A file's path without its extension, written as its page's name would be: what a
/// note `a/b.md` and an asset `a/b.html` share when they would land on one page.
pub(super) fn page_stem(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    stem.split('/')
        .map(crate::names::file_name)
        .collect::<Vec<_>>()
        .join("/")
}

/// Notes whose paths differ only in case get a warning: copied to a Windows or macOS
/// shared drive, one page would overwrite the other.
pub(super) fn warn_case_twins(notes: &mut [Note], lang: Lang) {
    // A note in a folder named as another note's page has no page of its own.
    let stems = note_page_stems(notes);
    for note in notes.iter_mut().filter(|n| under_a_page(&n.rel, &stems)) {
        let diag = Diagnostic::error(Rule::Unreadable, &note.shown, Msg::UnderAPage.text(lang));
        note.diagnostics
            .push(diag.with_help(Msg::UnderAPageHelp.text(lang)));
    }
    // Each page name lower-cased beside its place in the walk, sorted: twins are
    // neighbours, the first of them the one walked first.
    let mut lowered: Vec<(String, usize)> = notes
        .par_iter()
        .enumerate()
        .map(|(i, note)| (twin_key(&note.rel), i))
        .collect();
    lowered.par_sort_unstable();
    for twins in lowered
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // Each later note against every earlier one of its run: the same page on every
        // disk (`a.md` and `a.markdown`, names that differ only in characters a file
        // name cannot hold, or two names read alike from another encoding) is an error,
        // and the note is not published; a twin in case alone is a warning.
        let pages: Vec<(String, String)> = twins
            .iter()
            .map(|&(_, i)| (notes[i].shown.clone(), page_stem(&notes[i].rel)))
            .collect();
        for (k, &(_, i)) in twins.iter().enumerate().skip(1) {
            let same = pages[..k].iter().find(|(_, page)| *page == pages[k].1);
            let diag = match same {
                Some((other, _)) => Diagnostic::error(
                    Rule::Unreadable,
                    &notes[i].shown,
                    Msg::SamePageNote(other).text(lang),
                ),
                None => Diagnostic::warning(
                    Rule::Unreadable,
                    &notes[i].shown,
                    Msg::CaseTwin(&pages[0].0).text(lang),
                ),
            };
            notes[i]
                .diagnostics
                .push(diag.with_help(Msg::CaseTwinHelp.text(lang)));
        }
    }
}
