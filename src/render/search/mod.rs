//! The model -> a search index of every published note, written as small files under
//! `search/` that the theme's search script loads a few at a time.
//!
//! A search loads only what its words need: the manifest, the term files its terms hash
//! to, the positions of those terms when a word of three or more characters must be
//! checked as a phrase, and the files of the few notes it shows. The number of files
//! stays at a few hundred however large the site: their size grows instead.
//!
//! ```text
//! search/index.js      manifest: how many notes and buckets, where each file starts
//! search/t/<n>.js      term file: {term: postings} for every term of a run of buckets
//! search/p/<n>.js      position file: {term: positions} for a run of buckets
//! search/d/<n>.js      notes n*32..: [title, page, author, branch, date, opening text]
//! search/filters.js    names the filters offer: members, branches, plan items
//! search/f/<n>.js      facets of notes n*1024..: member, year, plan items
//! ```
//!
//! A term is in bucket ⌊hash × buckets / 2³²⌋ (its FNV-1a hash, [`encode::hash`]), and
//! in the last term file and position file whose first bucket is at most that.
//!
//! The results page loads the last two only after showing its first results.
//!
//! Notes are numbered in the model's order (newest first), and the published meeting
//! records after them, also newest first: a record is found like a note, under its
//! branch and kind. A term's weight in a note is its body occurrences, at most 3, times
//! 8, plus 1 if in the title, 2 in a tag, 4 in the plan items, author, branch or date.
//! Its postings ([`encode::postings`]) and positions ([`encode::positions`]) list the
//! notes holding it in order.

mod buckets;
mod encode;
mod files;
pub mod tokens;

use super::recipe::Recipe;
use super::Page;
use crate::model::Model;
use buckets::{Found, Shelves};
use rayon::prelude::*;
use std::hash::Hash;
use tokens::Tokenizer;

pub use crate::plaintext::plain_text;

/// Substantive characters per bucket, on average: buckets of a few kilobytes, which the
/// files pack.
const CHARS_PER_BUCKET: usize = 2560;
const MIN_BUCKETS: usize = 64;
/// Finer buckets pack no better.
const MAX_BUCKETS: usize = 4096;
/// About how many term files, and how many position files, a large site has: past this
/// their size grows instead of their number.
const FILES_PER_KIND: usize = 300;
/// Small sites still get files of a few kilobytes, so a search loads a fraction of the
/// index.
const MIN_TERM_BYTES: usize = 4 << 10;
const MIN_PLACE_BYTES: usize = 8 << 10;

/// What the index knows of one note or meeting record.
pub(super) struct Doc<'a> {
    pub title: &'a str,
    /// Relative to the content folder: where its page is.
    pub rel: &'a str,
    /// The author, or for a record its kind.
    pub author: &'a str,
    pub branch: &'a str,
    pub date: chrono::NaiveDate,
    pub tags: &'a [String],
    pub study: &'a [crate::ids::ItemId],
    /// The member the filters file it under: a roster index, or for a record one past
    /// the roster per branch (see [`files::filters`]).
    pub member: usize,
    pub note: &'a crate::load::Note,
    /// What a record's page shows beside the body: group, place, chair, recorder,
    /// lecturer.
    pub extra: Vec<&'a str>,
}

/// Every published note, then every published record, in the order they are numbered.
pub(super) fn docs<'a>(model: &'a Model<'a>) -> Vec<Doc<'a>> {
    let roster = &model.loaded.roster;
    let notes = model.order.iter().map(|entry| {
        let member = roster.member(entry.member);
        Doc {
            title: &entry.title,
            rel: &model.loaded.note(entry.note).rel,
            author: &member.name,
            branch: &member.branch,
            date: entry.date,
            tags: &entry.tags,
            study: &entry.study,
            member: entry.member.index(),
            note: model.loaded.note(entry.note),
            extra: Vec::new(),
        }
    });
    let records = model.meetings.iter().map(|meeting| Doc {
        title: &meeting.title,
        rel: &model.loaded.note(meeting.note).rel,
        author: &model.loaded.kind(meeting.kind).name,
        branch: roster.branch_name(meeting.branch),
        date: meeting.date,
        tags: &[],
        study: &meeting.study,
        member: roster.members.len() + meeting.branch.index(),
        note: model.loaded.note(meeting.note),
        extra: [
            meeting.group.as_deref(),
            Some(meeting.place.as_str()),
            Some(roster.member(meeting.host).name.as_str()),
            Some(roster.member(meeting.recorder).name.as_str()),
            meeting.lecturer.as_ref().map(|p| p.name(roster)),
        ]
        .into_iter()
        .flatten()
        .collect(),
    });
    notes.chain(records).collect()
}

/// What the search index is made from, on top of `base` (the program and the theme):
/// every field of every document it indexes, and the names its filters offer.
pub fn recipe(model: &Model<'_>, base: Recipe) -> Recipe {
    let docs = docs(model);
    let loaded = model.loaded;
    base.then(|mix| {
        "search".hash(mix);
        model.checked.lang.code().hash(mix);
        for member in &loaded.roster.members {
            (&member.name, &member.branch).hash(mix);
        }
        loaded.roster.branches.hash(mix);
        for item in &loaded.plan.items {
            (&item.id, &item.title).hash(mix);
        }
        // Each document's own recipe first, in parallel: the bodies are most of it.
        let each: Vec<u128> = docs.par_iter().map(|doc| doc_recipe(doc).0).collect();
        each.hash(mix);
    })
}

/// Every field of a document, so that a field added to `Doc` must be added here.
fn doc_recipe(doc: &Doc<'_>) -> Recipe {
    let Doc {
        title,
        rel,
        author,
        branch,
        date,
        tags,
        study,
        member,
        note,
        extra,
    } = doc;
    Recipe(0).then(|mix| {
        (title, rel, author, branch, date, tags, member, extra).hash(mix);
        study.len().hash(mix);
        study.iter().for_each(|item| item.index().hash(mix));
        (&note.body.html, note.body.substance.total()).hash(mix);
    })
}

/// Every file of the search index.
pub fn index(model: &Model<'_>) -> Vec<Page> {
    let docs = docs(model);
    let buckets = bucket_count(&docs);
    // Two runs per thread, so the threads end together; a record holds its
    // note's place in a run in 17 bits.
    let per_thread = docs
        .len()
        .div_ceil(2 * rayon::current_num_threads())
        .clamp(64, buckets::MAX_RUN);
    let filed: Vec<(Shelves, Vec<Vec<u8>>)> = docs
        .par_chunks(per_thread)
        .enumerate()
        .map(|(i, chunk)| file_notes(model, chunk, i * per_thread, buckets))
        .collect();
    let (shelves, notes): (Vec<Shelves>, Vec<Vec<Vec<u8>>>) = filed.into_iter().unzip();
    let mut pages = files::notes(notes.into_iter().flatten());
    let packed = buckets::files(shelves, buckets, |terms, places| {
        (
            (terms / FILES_PER_KIND).max(MIN_TERM_BYTES),
            (places / FILES_PER_KIND).max(MIN_PLACE_BYTES),
        )
    });
    pages.push(files::manifest(docs.len(), buckets, &packed));
    pages.extend(packed.pages);
    pages.extend(files::facets(&docs));
    pages.push(files::filters(model, &docs));
    pages
}

/// Enough buckets that each holds a few kilobytes: a power of two, 64 to 4,096.
fn bucket_count(docs: &[Doc<'_>]) -> usize {
    let chars: usize = docs.iter().map(|d| d.note.body.substance.total()).sum();
    (chars / CHARS_PER_BUCKET)
        .next_power_of_two()
        .clamp(MIN_BUCKETS, MAX_BUCKETS)
}

/// The documents `chunk`, numbered from `first`: their terms filed by bucket, and what
/// a result shows of each, as entries of their note files.
fn file_notes(
    model: &Model<'_>,
    chunk: &[Doc<'_>],
    first: usize,
    buckets: usize,
) -> (Shelves, Vec<Vec<u8>>) {
    let mut shelves = Shelves::new(buckets, first as u32);
    let mut shown = Vec::with_capacity(chunk.len());
    let mut found = Found::default();
    for (i, doc) in chunk.iter().enumerate() {
        let id = first + i;
        let text = plain_text(&doc.note.body.html);
        note_terms(model, doc, &text, &mut found);
        shelves.file(id as u32, &mut found);
        shown.push(files::note(doc, &text));
    }
    (shelves, shown)
}

/// The document's fields, title first and body last, cut into terms at positions.
fn note_terms(model: &Model<'_>, doc: &Doc<'_>, body: &str, found: &mut Found) {
    let plan = &model.loaded.plan.items;
    let date = doc.date.format("%Y-%m-%d").to_string();
    let tags: Vec<&str> = doc.tags.iter().map(String::as_str).collect();
    let mut other: Vec<&str> = doc
        .study
        .iter()
        .map(|&i| plan[i.index()].title.as_str())
        .collect();
    other.extend([doc.author, doc.branch, date.as_str()]);
    other.extend(doc.extra.iter().copied());
    found.clear();
    let (terms, words) = (&mut found.terms, &mut found.words);
    // Positions past what a record holds (only a pathological note reaches them) are
    // not indexed.
    let mut tokenizer = Tokenizer::new(|term, pos| {
        if pos < buckets::MAX_POSITION {
            terms.push(buckets::pack(term, pos, words));
        }
    });
    let mut starts = [0; 3];
    for (i, field) in [vec![doc.title], tags, other].into_iter().enumerate() {
        for text in field {
            tokenizer.feed(text);
            tokenizer.split();
        }
        starts[i] = tokenizer.position();
    }
    tokenizer.feed(body);
    tokenizer.finish();
    found.starts = starts;
}

#[cfg(test)]
mod tests;
