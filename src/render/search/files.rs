//! The index's files beside the terms: what a result shows of each note, the manifest,
//! and what the results page's filters need.

use super::encode;
use super::Doc;
use crate::model::Model;
use crate::render::links::note_page;
use crate::render::Page;
use chrono::Datelike;
use serde::Serialize;

/// Notes per facet file.
pub const BLOCK: usize = 1024;
/// Notes per note file: a result loads the file of its note, so this many notes' entries.
pub const GROUP: usize = 32;
/// Characters of each note's text kept for result snippets: the opening, which the
/// snippet shows with any match in it marked.
pub const SNIPPET_CHARS: usize = 50;

/// What a result shows of document `doc` with plain `text`: title, page, author, branch,
/// date and the opening of the text, as a JSON array. The page is its path under notes/,
/// raw and without `.html`: the search script makes the link (a third of the bytes of a
/// Chinese name percent-encoded).
pub fn note(doc: &Doc<'_>, text: &str) -> Vec<u8> {
    let opening = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text, |(at, _)| &text[..at]);
    let date = doc.date.format("%Y-%m-%d").to_string();
    let page = note_page(doc.rel);
    let page = page
        .strip_prefix("notes/")
        .and_then(|p| p.strip_suffix(".html"))
        .unwrap_or(&page);
    let entry = (doc.title, page, doc.author, doc.branch, date, opening);
    encode::json(&entry).into_bytes()
}

/// The note files: each note's entry, `GROUP` to a file.
pub fn notes(entries: impl Iterator<Item = Vec<u8>>) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut data = Vec::new();
    let finish = |data: &mut Vec<u8>, pages: &mut Vec<Page>| {
        data.push(b']');
        pages.push(encode::page(&format!("d/{}", pages.len()), data));
        data.clear();
    };
    for (i, entry) in entries.enumerate() {
        data.push(if i % GROUP == 0 { b'[' } else { b',' });
        data.extend_from_slice(&entry);
        if i % GROUP == GROUP - 1 {
            finish(&mut data, &mut pages);
        }
    }
    if !data.is_empty() {
        finish(&mut data, &mut pages);
    }
    pages
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    notes: usize,
    buckets: usize,
    /// The first bucket of each term file, and of each position file.
    t: &'a [usize],
    p: &'a [usize],
    block: usize,
    group: usize,
}

pub fn manifest(notes: usize, buckets: usize, packed: &super::buckets::Packed) -> Page {
    let manifest = Manifest {
        version: 2,
        notes,
        buckets,
        t: &packed.terms,
        p: &packed.places,
        block: BLOCK,
        group: GROUP,
    };
    encode::page("index", encode::json(&manifest).as_bytes())
}

/// Per block of notes, what the filters need: member, year, plan items.
pub fn facets(docs: &[Doc<'_>]) -> Vec<Page> {
    let first_year = first_year(docs);
    docs.chunks(BLOCK)
        .enumerate()
        .map(|(block, docs)| {
            let mut data = Vec::new();
            for doc in docs {
                encode::number(&mut data, doc.member as u32);
                encode::number(&mut data, (doc.date.year() - first_year) as u32);
                encode::number(&mut data, doc.study.len() as u32);
                for &item in doc.study {
                    encode::number(&mut data, item.index() as u32);
                }
            }
            encode::page(
                &format!("f/{block}"),
                encode::json(&String::from_utf8_lossy(&data)).as_bytes(),
            )
        })
        .collect()
}

fn first_year(docs: &[Doc<'_>]) -> i32 {
    docs.iter().map(|d| d.date.year()).min().unwrap_or(0)
}

#[derive(Serialize)]
struct Filters<'a> {
    first_year: i32,
    /// Name and branch (by position in `branches`) of each member.
    members: Vec<(&'a str, usize)>,
    branches: &'a [String],
    /// Id and title of each plan item.
    plan: Vec<(&'a str, &'a str)>,
}

/// The names the filters offer. After the members come the branches' meeting records,
/// one entry per branch, so a record is filtered by its branch like a member's note.
pub fn filters(model: &Model<'_>, docs: &[Doc<'_>]) -> Page {
    let roster = &model.loaded.roster;
    let records: Vec<String> = roster
        .branches
        .iter()
        .map(|b| {
            format!(
                "{b} · {}",
                crate::render::labels::built_in(model.checked.lang)["meetings"]
            )
        })
        .collect();
    let filters = Filters {
        first_year: first_year(docs),
        members: roster
            .members
            .iter()
            .map(|m| {
                let branch = roster.branch(&m.branch);
                (m.name.as_str(), branch.map_or(0, |b| b.index()))
            })
            .chain(
                records
                    .iter()
                    .enumerate()
                    .map(|(b, name)| (name.as_str(), b)),
            )
            .collect(),
        branches: &roster.branches,
        plan: model
            .loaded
            .plan
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.title.as_str()))
            .collect(),
    };
    encode::page("filters", encode::json(&filters).as_bytes())
}
