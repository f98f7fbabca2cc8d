//! The index's files beside the shards: one per note for showing it in a result, the
//! manifest, and what the results page's filters need.

use super::encode;
use super::Doc;
use crate::model::Model;
use crate::render::links::{encode as href, note_page};
use crate::render::Page;
use chrono::Datelike;
use serde::Serialize;

/// Notes per facet file.
pub const BLOCK: usize = 1024;
/// Notes per folder of note files.
pub const FOLDER: usize = 1000;
/// Characters of each note's text kept for result snippets.
pub const SNIPPET_CHARS: usize = 1200;

/// What a result shows of a note.
#[derive(Serialize)]
struct NoteFile<'a> {
    /// Title.
    t: &'a str,
    /// Link, relative to the site root.
    u: String,
    /// Author and branch.
    a: &'a str,
    b: &'a str,
    d: String,
    /// The opening of the text, for the snippet.
    x: &'a str,
}

/// The file of document `id`, with its plain `text`.
pub fn note(doc: &Doc<'_>, id: usize, text: &str) -> Page {
    let opening = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text, |(at, _)| &text[..at]);
    let file = NoteFile {
        t: doc.title,
        u: href(&note_page(doc.rel)),
        a: doc.author,
        b: doc.branch,
        d: doc.date.format("%Y-%m-%d").to_string(),
        x: opening,
    };
    let name = format!("d/{}/{}", id / FOLDER, id % FOLDER);
    Page {
        path: format!("search/{name}.js"),
        bytes: encode::script(&name, encode::json(&file).as_bytes()),
    }
}

#[derive(Serialize)]
struct Manifest {
    version: u32,
    notes: usize,
    shards: usize,
    block: usize,
    folder: usize,
}

pub fn manifest(notes: usize, shards: usize) -> Page {
    let manifest = Manifest {
        version: 1,
        notes,
        shards,
        block: BLOCK,
        folder: FOLDER,
    };
    Page {
        path: "search/index.js".to_string(),
        bytes: encode::script("index", encode::json(&manifest).as_bytes()),
    }
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
            let name = format!("f/{block}");
            Page {
                path: format!("search/{name}.js"),
                bytes: encode::script(
                    &name,
                    encode::json(&String::from_utf8_lossy(&data)).as_bytes(),
                ),
            }
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
                crate::i18n::ui_labels(model.checked.lang)["meetings"]
            )
        })
        .collect();
    let filters = Filters {
        first_year: first_year(docs),
        members: roster
            .members
            .iter()
            .map(|m| {
                let branch = roster.branches.iter().position(|b| *b == m.branch);
                (m.name.as_str(), branch.unwrap_or(0))
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
    Page {
        path: "search/filters.js".to_string(),
        bytes: encode::script("filters", encode::json(&filters).as_bytes()),
    }
}
