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
//! Notes are numbered in the model's order (newest first). A term's postings are, per
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
use crate::check::Entry;
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

/// Every file of the search index.
pub fn index(model: &Model<'_>) -> Vec<Page> {
    let shards = shard_count(model);
    let per_thread = model
        .order
        .len()
        .div_ceil(2 * rayon::current_num_threads())
        .max(64);
    let filed: Vec<(Shelves, Vec<Page>)> = model
        .order
        .par_chunks(per_thread)
        .enumerate()
        .map(|(i, entries)| file_notes(model, i * per_thread, entries.len(), shards))
        .collect();
    let (shelves, notes): (Vec<Shelves>, Vec<Vec<Page>>) = filed.into_iter().unzip();
    let mut pages: Vec<Page> = notes.into_iter().flatten().collect();
    pages.extend(shards::files(&shelves, shards));
    pages.extend(files::facets(model));
    pages.push(files::filters(model));
    pages.push(files::manifest(model, shards));
    pages
}

/// Enough shards that each holds a few kilobytes: a power of two, so a term's shard is
/// the low bits of its hash.
fn shard_count(model: &Model<'_>) -> usize {
    let chars: usize = model
        .order
        .iter()
        .map(|e| model.loaded.note(e.note).body.substance.total())
        .sum();
    (chars / CHARS_PER_SHARD)
        .next_power_of_two()
        .clamp(MIN_SHARDS, MAX_SHARDS)
}

/// Notes `first..first + count`: their terms filed by shard, and their note files.
fn file_notes(
    model: &Model<'_>,
    first: usize,
    count: usize,
    shards: usize,
) -> (Shelves, Vec<Page>) {
    let mut shelves = Shelves::new(shards);
    let mut pages = Vec::with_capacity(count);
    let mut found = Found::default();
    for id in first..first + count {
        let entry = model.order[id];
        let text = plain_text(&model.loaded.note(entry.note).body.html);
        note_terms(model, entry, &text, &mut found);
        shelves.file(id as u32, &mut found);
        pages.push(files::note(model, id, &text));
    }
    (shelves, pages)
}

/// The note's fields, title first and body last, cut into terms at positions.
fn note_terms(model: &Model<'_>, entry: &Entry, body: &str, found: &mut Found) {
    let member = &model.loaded.roster.member(entry.member);
    let plan = &model.loaded.plan.items;
    let date = entry.date.format("%Y-%m-%d").to_string();
    let tags: Vec<&str> = entry.tags.iter().map(String::as_str).collect();
    let mut other: Vec<&str> = entry
        .study
        .iter()
        .map(|&i| plan[i.index()].title.as_str())
        .collect();
    other.extend([member.name.as_str(), member.branch.as_str(), date.as_str()]);
    found.clear();
    let (terms, words) = (&mut found.terms, &mut found.words);
    let mut tokenizer = Tokenizer::new(|term, pos| terms.push(shards::pack(term, pos, words)));
    let mut starts = [0; 3];
    for (i, field) in [vec![entry.title.as_str()], tags, other]
        .into_iter()
        .enumerate()
    {
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
