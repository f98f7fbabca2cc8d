//! The model -> a search index of every published note, written as small files under
//! `search/` that the theme's search script loads a few at a time.
//!
//! A search loads only what its words need: the manifest, the term shards its terms hash
//! to, the positions of those terms when a word of three or more characters must be
//! checked as a phrase, and the few notes it shows. Nothing grows with the site but the
//! number of files.
//!
//! ```text
//! search/index.js      manifest: how many notes and shards, how files are grouped
//! search/t/<hex>.js    term shard: {term: postings} for every term hashing to it
//! search/p/<hex>.js    positions of the same terms, in the same order
//! search/d/<k>/<n>.js  note k*1000+n: title, link, author, branch, date, opening text
//! search/filters.js    names the filters offer: members, branches, plan items
//! search/f/<n>.js      facets of notes n*1024..: member, year, plan items
//! ```
//!
//! The results page loads the last two only after showing its first results.
//!
//! Notes are numbered in the model's order (newest first), and the published meeting
//! records after them, also newest first: a record is found like a note, under its
//! branch and kind. A term's postings are, per
//! note holding it: the gap from the previous note's number, then its weight (body
//! occurrences, at most 3, times 8, plus 1 if in the title, 2 in a tag, 4 in the plan
//! items, author, branch or date). Its
//! positions are, per note in the same order: how many, the first, then the gaps. All
//! numbers are written by [`encode::number`].

mod encode;
mod files;
mod plain;
mod shards;
pub mod tokens;

use super::Page;
use crate::model::Model;
use rayon::prelude::*;
use shards::{Found, Shelves};
use tokens::Tokenizer;

pub use plain::plain_text;

/// Substantive characters per term shard, on average: shards of a few kilobytes.
const CHARS_PER_SHARD: usize = 2560;
/// Even a small site's search loads a fraction of its index.
const MIN_SHARDS: usize = 64;
/// Past this a site has more files than it saves bytes.
const MAX_SHARDS: usize = 4096;

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
        author: &model.loaded.kinds[meeting.kind].name,
        branch: &roster.branches[meeting.branch],
        date: meeting.date,
        tags: &[],
        study: &meeting.study,
        member: roster.members.len() + meeting.branch,
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

/// Every file of the search index.
pub fn index(model: &Model<'_>) -> Vec<Page> {
    let docs = docs(model);
    let shards = shard_count(&docs);
    let per_thread = docs
        .len()
        .div_ceil(2 * rayon::current_num_threads())
        .max(64);
    let filed: Vec<(Shelves, Vec<Page>)> = docs
        .par_chunks(per_thread)
        .enumerate()
        .map(|(i, chunk)| file_notes(model, chunk, i * per_thread, shards))
        .collect();
    let (shelves, notes): (Vec<Shelves>, Vec<Vec<Page>>) = filed.into_iter().unzip();
    let mut pages: Vec<Page> = notes.into_iter().flatten().collect();
    pages.extend(shards::files(&shelves, shards));
    pages.extend(files::facets(&docs));
    pages.push(files::filters(model, &docs));
    pages.push(files::manifest(docs.len(), shards));
    pages
}

/// Enough shards that each holds a few kilobytes: a power of two, so a term's shard is
/// the low bits of its hash.
fn shard_count(docs: &[Doc<'_>]) -> usize {
    let chars: usize = docs.iter().map(|d| d.note.body.substance.total()).sum();
    (chars / CHARS_PER_SHARD)
        .next_power_of_two()
        .clamp(MIN_SHARDS, MAX_SHARDS)
}

/// The documents `chunk`, numbered from `first`: their terms filed by shard, and their
/// files.
fn file_notes(
    model: &Model<'_>,
    chunk: &[Doc<'_>],
    first: usize,
    shards: usize,
) -> (Shelves, Vec<Page>) {
    let mut shelves = Shelves::new(shards);
    let mut pages = Vec::with_capacity(chunk.len());
    let mut found = Found::default();
    for (i, doc) in chunk.iter().enumerate() {
        let id = first + i;
        let text = plain_text(&doc.note.body.html);
        note_terms(model, doc, &text, &mut found);
        shelves.file(id as u32, &mut found);
        pages.push(files::note(doc, id, &text));
    }
    (shelves, pages)
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
    let mut tokenizer = Tokenizer::new(|term, pos| terms.push(shards::pack(term, pos, words)));
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
